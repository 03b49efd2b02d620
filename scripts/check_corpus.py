#!/usr/bin/env python3
"""Check the bundled sample corpus: split each text by the corpus's sentence rule and
verify that NAME.gold covers every sentence of both sides exactly once, in order.

Sentence rule used when writing corpus/ (see corpus/README.md):
  * every line break ends a sentence; blank lines only separate paragraphs;
  * a line recognised as web boilerplate is one sentence, whatever it contains;
  * inside a line, a sentence ends at . ? ! (plus any closing quotes or brackets) that is
    followed by whitespace and then a capital letter, optionally after an opening quote;
  * not after an abbreviation (Dr., Prof., St., Mr., No., Jl., Tbk., Hj., ...) nor after
    initials (U.S., B.J., H., S.H., M.Si.).

usage: scripts/check_corpus.py [CORPUS_DIR] [--show NAME ...] [--presegmented OUT_DIR]
"""
import re
import sys
from pathlib import Path

ABBREVIATIONS = {
    "dr.", "prof.", "st.", "mr.", "mrs.", "ms.", "no.", "jl.", "tbk.", "hj.", "h.",
    "dll.", "dsb.", "e.g.", "i.e.", "a.m.", "p.m.", "s.h.", "m.si.",
}
BOILERPLATE = re.compile(
    r"^(Baca juga:|Leave a Reply$|Your email address will not be published|Bagikan artikel ini$"
    r"|Ikuti kami di |Editor: |Copyright ©|Share this article$|Follow us on )"
)
OPENERS = "\"'“‘("
CLOSERS = "\"'”’)"
BOUNDARY = re.compile(r"[.?!]+[" + re.escape(CLOSERS) + r"]*(?=\s+[" + re.escape(OPENERS) + r"]?(\w))")
INITIALS = re.compile(r"^(?:[A-Z][a-z]{0,2}\.)+$")  # U.S., B.J., H., S.H., M.Si.


def is_abbreviation(line, end):
    """Is the period ending just before `end` part of an abbreviation?"""
    start = line.rfind(" ", 0, end) + 1
    token = line[start:end].lstrip(OPENERS)
    return token.lower() in ABBREVIATIONS or bool(INITIALS.match(token))


def split(text):
    """Return the list of (sentence, is_boilerplate)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if BOILERPLATE.match(line):
            out.append((line, True))
            continue
        start = 0
        for m in BOUNDARY.finditer(line):
            if not m.group(1).isupper():
                continue
            if m.group().startswith(".") and len(m.group().rstrip(CLOSERS)) == 1 \
                    and is_abbreviation(line, m.start() + 1):
                continue
            out.append((line[start:m.end()].strip(), False))
            start = m.end()
        out.append((line[start:].strip(), False))
    return out


BEAD = re.compile(r"^\[([0-9, ]*)\]:\[([0-9, ]*)\]$")


def parse_gold(path):
    beads = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        m = BEAD.match(line.split("\t")[0].strip())
        if not m:
            raise SystemExit(f"{path}:{n}: not a bead: {line!r}")
        side = lambda s: [int(x) for x in s.replace(" ", "").split(",") if x]
        beads.append((side(m.group(1)), side(m.group(2))))
    return beads


def check_side(name, side, beads, n):
    seen = [i for b in beads for i in b]
    errors = []
    if seen != list(range(n)):
        errors.append(f"{name}: gold {side} indices are not 0..{n - 1} in order: {seen}")
    for b in beads:
        if b and b != list(range(b[0], b[0] + len(b))):
            errors.append(f"{name}: {side} side not contiguous: {b}")
    return errors


def bead_type(src, tgt, sb, tb):
    if src and not tgt and all(sb[i] for i in src):
        return "boilerplate"
    if tgt and not src and all(tb[i] for i in tgt):
        return "boilerplate"
    return f"{len(src)}-{len(tgt)}"


def warnings(name, sents):
    """Things worth a look by eye: unknown abbreviation-like tokens, unterminated lines."""
    out = []
    for i, (s, bp) in enumerate(sents):
        if bp:
            continue
        if i > 0 and not re.search(r"[.?!][" + re.escape(CLOSERS) + r"]*$", s):
            out.append(f"{name}[{i}] does not end in . ? ! : {s[-40:]!r}")
        for tok in re.findall(r"\S+\.(?=\s)", s):
            t = tok.lstrip(OPENERS)
            if not t.endswith("...") and t.lower() not in ABBREVIATIONS and not INITIALS.match(t):
                out.append(f"{name}[{i}] period inside a sentence after {tok!r}")
    return out


def main(argv):
    args = list(argv)
    show, preseg = set(), None
    if "--show" in args:
        k = args.index("--show")
        show = set(args[k + 1:])
        args = args[:k]
    if "--presegmented" in args:
        k = args.index("--presegmented")
        preseg = Path(args[k + 1])
        del args[k:k + 2]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "corpus"
    names = sorted(p.name[:-len(".en.txt")] for p in root.glob("*.en.txt"))
    failed = False
    print(f"{'pair':24} {'en':>3} {'id':>3}  1-1 1-2 2-1 1-0 0-1  bp(en/id)")
    for name in names:
        en = split((root / f"{name}.en.txt").read_text(encoding="utf-8"))
        idn = split((root / f"{name}.id.txt").read_text(encoding="utf-8"))
        beads = parse_gold(root / f"{name}.gold")
        errs = check_side(name, "en", [b[0] for b in beads], len(en))
        errs += check_side(name, "id", [b[1] for b in beads], len(idn))
        sb, tb = [b for _, b in en], [b for _, b in idn]
        for s, t in beads:
            bad = [i for i in s if i < len(sb) and sb[i]] if t else []
            bad += [i for i in t if i < len(tb) and tb[i]] if s else []
            if bad:
                errs.append(f"{name}: boilerplate aligned with text in bead {s}:{t}")
        counts = {}
        bp = [0, 0]
        for s, t in beads:
            ty = bead_type(s, t, sb, tb) if max(s + t, default=-1) < max(len(sb), len(tb)) else "?"
            if ty == "boilerplate":
                bp[0 if s else 1] += 1
            counts[ty] = counts.get(ty, 0) + 1
        extra = {k: v for k, v in counts.items()
                 if k not in ("1-1", "1-2", "2-1", "1-0", "0-1", "boilerplate")}
        print(f"{name:24} {len(en):3} {len(idn):3}  "
              + " ".join(f"{counts.get(k, 0):3}" for k in ("1-1", "1-2", "2-1", "1-0", "0-1"))
              + f"  {bp[0]}/{bp[1]}" + (f"  other: {extra}" if extra else ""))
        for e in errs + warnings(name + ".en", en) + warnings(name + ".id", idn):
            print("   ", e)
        failed |= bool(errs)
        if name in show or "all" in show:
            for s, t in beads:
                print(f"  [{','.join(map(str, s))}]:[{','.join(map(str, t))}]")
                for i in s:
                    print(f"      en {i:2} {en[i][0]}")
                for i in t:
                    print(f"      id {i:2} {idn[i][0]}")
        if preseg:
            preseg.mkdir(parents=True, exist_ok=True)
            for lang, sents in (("en", en), ("id", idn)):
                (preseg / f"{name}.{lang}.txt").write_text(
                    "".join(s + "\n" for s, _ in sents), encoding="utf-8")
            (preseg / f"{name}.gold").write_text(
                (root / f"{name}.gold").read_text(encoding="utf-8"), encoding="utf-8")
    print("FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

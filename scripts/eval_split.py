#!/usr/bin/env python3
"""Boundary precision, recall and F1 of `selaras split` on the dev sets' raw files.

For every document NNN of a set, the raw text `NNN.L.raw` is sent to
`selaras split --jsonl --lang L`, and the sentences that come back are compared with the gold
units of `NNN.L.txt` (one unit per line). A boundary is located by the number of non-space
characters before it; the end of a text is not a boundary. Counts are pooled over the documents
of a set. Gold units sometimes hold two sentences, and talk transcripts hold fragments, so recall
is the number to watch on these sets; precision is checked on the project's own test cases.

Usage: scripts/eval_split.py [--bin target/release/selaras] [--data /work/shared/data]
                             [--sets iden-dev,iden-dev/hard,panl-dev,panl-dev/hard] [--show N]

Reads the data only at run time; nothing derived from it belongs in the repository.
"""

import argparse
import json
import os
import subprocess
import sys
import unicodedata

REMOVABLE = {"\u200b", "\u2060", "\u00ad", "\ufeff"}


def nonspace_len(text):
    return sum(1 for c in text if not c.isspace() and c not in REMOVABLE)


def boundaries(units):
    """Positions (non-space characters before) of the boundaries between units."""
    out, at = set(), 0
    for unit in units[:-1]:
        at += nonspace_len(unit)
        out.add(at)
    return out


def load_set(root, lang):
    docs = []
    for name in sorted(os.listdir(root)):
        if not name.endswith("." + lang + ".raw"):
            continue
        stem = name[: -len(".raw")]
        with open(os.path.join(root, name), encoding="utf-8") as f:
            raw = f.read()
        with open(os.path.join(root, stem + ".txt"), encoding="utf-8") as f:
            gold = [line.strip() for line in f if line.strip()]
        docs.append((stem, unicodedata.normalize("NFC", raw), [unicodedata.normalize("NFC", g) for g in gold]))
    return docs


def sources(root):
    """Document number to its source (news, encyclopedia, talk…) from the set's docs.tsv."""
    for path in (os.path.join(root, "docs.tsv"), os.path.join(root, "..", "docs.tsv")):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                rows = [line.rstrip("\n").split("\t") for line in f]
            if rows and "source" in rows[0]:
                col = rows[0].index("source")
                return {r[0]: r[col] for r in rows[1:] if len(r) > col}
    return {}


def split(binary, lang, docs):
    payload = "".join(json.dumps({"id": stem, "text": raw}) + "\n" for stem, raw, _ in docs)
    run = subprocess.run(
        [binary, "split", "--jsonl", "--lang", lang],
        input=payload.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    out = {}
    for line in run.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        out[record["id"]] = record["sentences"]
    return out


def prf(tp, predicted, gold):
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "selaras"))
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--sets", default="iden-dev,iden-dev/hard,panl-dev,panl-dev/hard")
    ap.add_argument("--langs", default="en,id")
    ap.add_argument("--show", type=int, default=0, help="print up to N missed and N extra boundaries")
    args = ap.parse_args()
    binary = os.environ.get("SELARAS_BIN", args.bin)
    totals = {}
    for set_name in args.sets.split(","):
        root = os.path.join(args.data, set_name)
        if not os.path.isdir(root):
            print(f"{set_name}: not found under {args.data}", file=sys.stderr)
            continue
        for lang in args.langs.split(","):
            docs = load_set(root, lang)
            if not docs:
                continue
            predicted = split(binary, lang, docs)
            source_of = sources(root)
            by_source = {}
            tp = n_pred = n_gold = 0
            shown_miss = shown_extra = 0
            for stem, raw, gold in docs:
                sentences = predicted.get(stem, [])
                pb, gb = boundaries(sentences), boundaries(gold)
                tp += len(pb & gb)
                n_pred += len(pb)
                n_gold += len(gb)
                src = by_source.setdefault(source_of.get(stem.split(".")[0], "?"), [0, 0, 0])
                src[0] += len(pb & gb)
                src[1] += len(pb)
                src[2] += len(gb)
                if args.show:
                    for kind, missing, source, other in (("MISS", gb - pb, gold, "gold"), ("EXTRA", pb - gb, sentences, "pred")):
                        at = 0
                        for unit, nxt in zip(source, source[1:]):
                            at += nonspace_len(unit)
                            if at in missing:
                                if kind == "MISS" and shown_miss < args.show:
                                    shown_miss += 1
                                elif kind == "EXTRA" and shown_extra < args.show:
                                    shown_extra += 1
                                else:
                                    continue
                                print(f"  {kind} {set_name}/{stem}: ...{unit[-60:]} || {nxt[:50]}...")
            p, r, f = prf(tp, n_pred, n_gold)
            print(f"{set_name:16} {lang}  P={p:.4f} R={r:.4f} F1={f:.4f}  (tp={tp} pred={n_pred} gold={n_gold})")
            if len(by_source) > 1:
                for name, (stp, sp, sg) in sorted(by_source.items()):
                    p, r, f = prf(stp, sp, sg)
                    print(f"  {name:14} {lang}  P={p:.4f} R={r:.4f} F1={f:.4f}  (tp={stp} pred={sp} gold={sg})")
            t = totals.setdefault(lang, [0, 0, 0])
            t[0] += tp
            t[1] += n_pred
            t[2] += n_gold
    for lang, (tp, n_pred, n_gold) in sorted(totals.items()):
        p, r, f = prf(tp, n_pred, n_gold)
        print(f"{'all':16} {lang}  P={p:.4f} R={r:.4f} F1={f:.4f}  (tp={tp} pred={n_pred} gold={n_gold})")


if __name__ == "__main__":
    main()

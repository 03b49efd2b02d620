#!/usr/bin/env python3
"""Builds large benchmark inputs for selaras from a folder of document pairs (by default the
bundled corpus/), so that speed and memory can be measured at scale.

  make_bench_corpus.py corpus OUT_DIR --megabytes 100        # many article pairs (raw text)
  make_bench_corpus.py PRESEG_DIR OUT_DIR --book 20000       # one presegmented book pair

Articles: each copy of a pair gets its own NAME and its numbers changed, so that no two documents
are identical; copies are spread over folders of 1,000 documents. Book: presegmented documents with
gold beads (such as the output of `check_corpus.py corpus --presegmented DIR`) become chapters of
one long pair, repeated with numbers changed, with the gold beads shifted to match.
"""
import argparse
import os
import re
import sys


def pairs(folder, src, tgt):
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(f".{src}.txt"):
                stem = name[: -len(f".{src}.txt")]
                other = os.path.join(root, f"{stem}.{tgt}.txt")
                if os.path.exists(other):
                    with open(os.path.join(root, name), encoding="utf-8") as a, open(other, encoding="utf-8") as b:
                        yield stem, a.read(), b.read()


def renumber(text, k):
    return re.sub(r"\d+", lambda m: str(int(m.group()) + k), text)


def articles(args, docs):
    os.makedirs(args.out, exist_ok=True)
    target = args.megabytes * 1_000_000
    written, n = 0, 0
    while written < target:
        for stem, en, idn in docs:
            folder = os.path.join(args.out, f"part{n // 1000:03d}")
            os.makedirs(folder, exist_ok=True)
            for lang, text in ((args.src, en), (args.tgt, idn)):
                data = renumber(text, n).encode("utf-8")
                with open(os.path.join(folder, f"{stem}-{n:06d}.{lang}.txt"), "wb") as f:
                    f.write(data)
                written += len(data)
            n += 1
            if written >= target:
                break
    print(f"{n} document pairs, {written / 1e6:.1f} MB in {args.out}")


def read_gold(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("\t")[0].strip()
            if not line:
                continue
            left, right = line.split("]:[")
            parse = lambda part: [int(x) for x in part.strip("[]").split(",") if x.strip()]
            beads.append((parse(left), parse(right)))
    return beads


def book(args):
    """A book from presegmented documents with gold beads (NAME.<src>.txt, NAME.<tgt>.txt,
    NAME.gold): documents are chapters, repeated with numbers changed until the source side has
    the asked number of sentences. Writes book.<src>.txt, book.<tgt>.txt and book.gold, and the
    same chapters as separate pairs under chapters/ to compare with aligning them one by one."""
    chapters = []
    for stem, en, idn in pairs(args.source, args.src, args.tgt):
        gold = os.path.join(args.source, f"{stem}.gold")
        if os.path.exists(gold):
            a = [l for l in en.splitlines() if l.strip()]
            b = [l for l in idn.splitlines() if l.strip()]
            chapters.append((a, b, read_gold(gold)))
    if not chapters:
        sys.exit(f"no presegmented pairs with .gold files in {args.source}")
    os.makedirs(os.path.join(args.out, "chapters"), exist_ok=True)
    src_lines, tgt_lines, gold = [], [], []
    k = 0
    while len([l for l in src_lines if l]) < args.book:
        for a, b, beads in chapters:
            base_s = len([l for l in src_lines if l])
            base_t = len([l for l in tgt_lines if l])
            ra = [renumber(x, k) for x in a]
            rb = [renumber(x, k) for x in b]
            with open(os.path.join(args.out, "chapters", f"c{k:03d}-{len(gold):06d}.{args.src}.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(ra) + "\n")
            with open(os.path.join(args.out, "chapters", f"c{k:03d}-{len(gold):06d}.{args.tgt}.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(rb) + "\n")
            with open(os.path.join(args.out, "chapters", f"c{k:03d}-{len(gold):06d}.gold"), "w", encoding="utf-8") as f:
                for s_, t_ in beads:
                    f.write(f"[{','.join(map(str, s_))}]:[{','.join(map(str, t_))}]\n")
            src_lines += ra + [""]
            tgt_lines += rb + [""]
            gold += [([i + base_s for i in s_], [j + base_t for j in t_]) for s_, t_ in beads]
        k += 1
    for lang, lines in ((args.src, src_lines), (args.tgt, tgt_lines)):
        with open(os.path.join(args.out, f"book.{lang}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "book.gold"), "w", encoding="utf-8") as f:
        for s_, t_ in gold:
            f.write(f"[{','.join(map(str, s_))}]:[{','.join(map(str, t_))}]\n")
    n_src = len([l for l in src_lines if l])
    n_tgt = len([l for l in tgt_lines if l])
    print(f"book pair of {n_src} x {n_tgt} sentences, {len(gold)} gold beads, in {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--book", type=int)
    parser.add_argument("--src", default="en")
    parser.add_argument("--tgt", default="id")
    args = parser.parse_args()
    if args.book:
        book(args)
        return
    docs = list(pairs(args.source, args.src, args.tgt))
    if not docs:
        sys.exit(f"no document pairs in {args.source}")
    articles(args, docs)


if __name__ == "__main__":
    main()

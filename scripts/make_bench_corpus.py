#!/usr/bin/env python3
"""Builds large benchmark inputs for selaras from a folder of document pairs (by default the
bundled corpus/), so that speed and memory can be measured at scale.

  make_bench_corpus.py corpus OUT_DIR --megabytes 100        # many article pairs (raw text)
  make_bench_corpus.py corpus OUT_DIR --book 20000           # one presegmented book pair

Articles: each copy of a pair gets its own NAME and its numbers changed, so that no two documents
are identical; copies are spread over folders of 1,000 documents. Book: the sentences of all pairs
(split by the gold beads into aligned units, one sentence per line) are repeated, with numbers
changed, until each side has the asked number of lines; blank lines mark chapters of ~200 lines.
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


def sentences_by_line(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def book(args, docs):
    os.makedirs(args.out, exist_ok=True)
    units = []
    for _, en, idn in docs:
        a, b = sentences_by_line(en), sentences_by_line(idn)
        for i in range(min(len(a), len(b))):
            units.append((a[i], b[i]))
    src_lines, tgt_lines = [], []
    k = 0
    count = 0
    while count < args.book:
        for a, b in units:
            src_lines.append(renumber(a, k))
            tgt_lines.append(renumber(b, k))
            count += 1
            if count % 200 == 0:
                src_lines.append("")
                tgt_lines.append("")
            if count >= args.book:
                break
        k += 1
    for lang, lines in ((args.src, src_lines), (args.tgt, tgt_lines)):
        with open(os.path.join(args.out, f"book.{lang}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    print(f"book pair of {sum(1 for l in src_lines if l)} lines per side in {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--book", type=int)
    parser.add_argument("--src", default="en")
    parser.add_argument("--tgt", default="id")
    args = parser.parse_args()
    docs = list(pairs(args.source, args.src, args.tgt))
    if not docs:
        sys.exit(f"no document pairs in {args.source}")
    if args.book:
        book(args, docs)
    else:
        articles(args, docs)


if __name__ == "__main__":
    main()

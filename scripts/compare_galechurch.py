#!/usr/bin/env python3
"""Accuracy and speed of selaras beside Gale-Church (the `galechurch` package from PyPI), on the
same presegmented dev sets, scored by the same `selaras eval` (strict F1).

  pip install galechurch
  python3 scripts/compare_galechurch.py [--bin target/release/selaras] [--data ../shared/data]
         [--textberg ../shared/eval/textberg] [--book DIR_WITH_book.en.txt]

Each document is aligned by galechurch as one block (its default parameters), by selaras with its
defaults (`run --presegmented --format beads`). Times are wall-clock for the whole set, measured
in the same run; the book (from scripts/bench.sh) is timed the same way.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import galechurch


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def docs(folder, src, tgt, gold_ext):
    for name in sorted(os.listdir(folder)):
        if name.endswith(gold_ext):
            stem = name[: -len(gold_ext)]
            yield stem, os.path.join(folder, f"{stem}.{src}.txt"), os.path.join(folder, f"{stem}.{tgt}.txt")


def write_beads(path, beads):
    with open(path, "w", encoding="utf-8") as f:
        for b in beads:
            s = ",".join(str(i) for i in range(b.source_start, b.source_end))
            t = ",".join(str(i) for i in range(b.target_start, b.target_end))
            f.write(f"[{s}]:[{t}]\n")


def strict_f1(bin_, gold, pred):
    out = subprocess.run([bin_, "eval", "--json", "--gold", gold, "--pred", pred], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["strict"]["f1"]


def compare(name, folder, src, tgt, gold_ext, bin_, work):
    data = os.path.join(work, name, "data")
    os.makedirs(data)
    for stem, s, t in docs(folder, src, tgt, gold_ext):
        shutil.copy(s, os.path.join(data, f"{stem}.{src}.txt"))
        shutil.copy(t, os.path.join(data, f"{stem}.{tgt}.txt"))
        shutil.copy(os.path.join(folder, f"{stem}{gold_ext}"), os.path.join(data, f"{stem}.gold"))
    gc = os.path.join(work, name, "gc")
    os.makedirs(gc)
    start = time.perf_counter()
    for stem, s, t in docs(data, src, tgt, ".gold"):
        write_beads(os.path.join(gc, f"{stem}.beads"), galechurch.align(lines(s), lines(t)).beads)
    gc_time = time.perf_counter() - start
    out = os.path.join(work, name, "sel")
    start = time.perf_counter()
    subprocess.run([bin_, "run", data, "--presegmented", "--format", "beads", "-o", out, "-q",
                    "--src-lang", src, "--tgt-lang", tgt], check=True)
    sel_time = time.perf_counter() - start
    print(f"{name:<16} galechurch F1 {strict_f1(bin_, data, gc):.3f} ({gc_time:6.2f} s)   "
          f"selaras F1 {strict_f1(bin_, data, os.path.join(out, 'beads')):.3f} ({sel_time:6.2f} s)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.join(here, "..", "..", "shared")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "selaras"))
    parser.add_argument("--data", default=os.path.join(shared, "data"))
    parser.add_argument("--textberg", default=os.path.join(shared, "eval", "textberg"))
    parser.add_argument("--book")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="selaras-gc-")
    try:
        compare("iden-dev/hard", os.path.join(args.data, "iden-dev", "hard"), "en", "id", ".gold", args.bin, work)
        compare("panl-dev/hard", os.path.join(args.data, "panl-dev", "hard"), "en", "id", ".gold", args.bin, work)
        tb = os.path.join(work, "tb-src")
        os.makedirs(tb)
        for f in os.listdir(args.textberg):
            if f.startswith("test"):
                stem, ext = f.split(".")
                shutil.copy(os.path.join(args.textberg, f), os.path.join(tb, f"{stem}.{ext}.txt" if ext != "defr" else f"{stem}.defr"))
        compare("textberg", tb, "de", "fr", ".defr", args.bin, work)
        if args.book:
            s, t = os.path.join(args.book, "book.en.txt"), os.path.join(args.book, "book.id.txt")
            start = time.perf_counter()
            galechurch.align(lines(s), lines(t), max_block_size=10**9)
            gc_time = time.perf_counter() - start
            start = time.perf_counter()
            subprocess.run([args.bin, "align", s, t, "--presegmented", "-o", os.path.join(work, "book.beads")], check=True)
            print(f"book 20k x 20k   galechurch {gc_time:.2f} s   selaras {time.perf_counter() - start:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

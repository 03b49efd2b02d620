#!/usr/bin/env python3
"""Strict F1 of one long document against the same documents aligned one by one.

Builds a "book" from the Text+Berg test documents (German-French, presegmented) repeated
--times times (default 20: about 20,000 x 20,000 sentences), with the gold beads shifted to the
book's sentence numbers; aligns it with `selaras align --presegmented --keep-suspect`, aligns
the documents one by one with `selaras run --presegmented`, and prints both strict F1 scores
as `selaras eval` gives them, and the book's time. Reads ../shared at run time only and writes
into a temporary folder.

Usage: scripts/eval_book.py [--bin target/release/selaras] [--data ../shared/eval/textberg]
                            [--times 20] [-- EXTRA ALIGN ARGS]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEAD = re.compile(r"^\[([0-9,\s]*)\]:\[([0-9,\s]*)\]\s*$")


def numbers(field):
    return [int(x) for x in field.replace(" ", "").split(",") if x]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1] if os.path.getsize(path) else []


def strict_f1(selaras, gold, pred):
    out = subprocess.run([selaras, "eval", "--gold", gold, "--pred", pred, "--json"],
                         check=True, capture_output=True, text=True).stdout
    d = json.loads(out)
    return d.get("scores", d)["strict"]["f1"]


def main():
    default_bin = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
                               "release", "selaras")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=default_bin)
    parser.add_argument("--data", default=os.environ.get(
        "SELARAS_TEXTBERG", os.path.join(ROOT, "..", "shared", "eval", "textberg")))
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()

    docs = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(args.data, "test*.de")))
    if not docs:
        sys.exit(f"no test*.de documents in {args.data}")
    with tempfile.TemporaryDirectory() as tmp:
        each = os.path.join(tmp, "each")
        os.makedirs(each)
        de_book, fr_book, gold_book = [], [], []
        for name in docs:
            de = read_lines(os.path.join(args.data, name + ".de"))
            fr = read_lines(os.path.join(args.data, name + ".fr"))
            gold = read_lines(os.path.join(args.data, name + ".defr"))
            for ext, lines in ((".de.txt", de), (".fr.txt", fr), (".defr", gold)):
                with open(os.path.join(each, name + ext), "w", encoding="utf-8") as f:
                    f.write("".join(line + "\n" for line in lines))
        for _ in range(args.times):
            for name in docs:
                de = read_lines(os.path.join(args.data, name + ".de"))
                fr = read_lines(os.path.join(args.data, name + ".fr"))
                for line in read_lines(os.path.join(args.data, name + ".defr")):
                    m = BEAD.match(line)
                    if not m:
                        sys.exit(f"{name}.defr: not a bead: {line!r}")
                    s = [len(de_book) + i for i in numbers(m.group(1))]
                    t = [len(fr_book) + j for j in numbers(m.group(2))]
                    gold_book.append(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]")
                de_book.extend(de)
                fr_book.extend(fr)
        for path, lines in (("book.de", de_book), ("book.fr", fr_book), ("book.gold", gold_book)):
            with open(os.path.join(tmp, path), "w", encoding="utf-8") as f:
                f.write("".join(line + "\n" for line in lines))

        langs = ["--src-lang", "de", "--tgt-lang", "fr"]
        subprocess.run([args.bin, "run", each, "--presegmented", "--format", "beads", "-q",
                        "-o", os.path.join(tmp, "each-out")] + langs + args.extra, check=True)
        per_doc = strict_f1(args.bin, each, os.path.join(tmp, "each-out", "beads"))

        start = time.monotonic()
        subprocess.run([args.bin, "align", "--presegmented", "--keep-suspect", "--format", "beads",
                        os.path.join(tmp, "book.de"), os.path.join(tmp, "book.fr"),
                        "-o", os.path.join(tmp, "book.beads")] + langs + args.extra,
                       check=True, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        book = strict_f1(args.bin, os.path.join(tmp, "book.gold"), os.path.join(tmp, "book.beads"))
    print(f"documents one by one ({len(docs)}): strict F1 {per_doc:.4f}")
    print(f"book ({args.times} x, {len(de_book)} x {len(fr_book)} sentences): strict F1 {book:.4f} "
          f"({book - per_doc:+.4f}), aligned in {seconds:.2f} s")


if __name__ == "__main__":
    main()

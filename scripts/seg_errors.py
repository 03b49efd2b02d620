#!/usr/bin/env python3
"""List selaras's false positive and false negative sentence boundaries on the seg-dev sets.

Reads `../shared/data/seg-dev/ud_dev_{en,id}.jsonl` at run time (nothing derived is written) and
prints, per treebank, each wrong boundary with some context: `FP` where selaras splits and the
gold does not, `FN` where the gold splits and selaras does not. `|` marks the boundary.

Usage: scripts/seg_errors.py [--bin BIN] [--data DIR] [--lang en|id] [--source NAME] [--width N]
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_seg_dev import boundaries, selaras_split  # noqa: E402


def context(text, count, width):
    """The text around the point after `count` non-space characters."""
    seen = 0
    for i, c in enumerate(text):
        if seen == count:
            break
        if not c.isspace():
            seen += 1
    else:
        i = len(text)
    left = text[max(0, i - width):i].replace("\n", "¶")
    right = text[i:i + width].replace("\n", "¶")
    return f"{left}|{right}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "selaras"))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "seg-dev"))
    parser.add_argument("--lang", choices=["en", "id"], action="append")
    parser.add_argument("--source")
    parser.add_argument("--width", type=int, default=40)
    args = parser.parse_args()
    for lang in args.lang or ["en", "id"]:
        with open(os.path.join(args.data, f"ud_dev_{lang}.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        predicted = selaras_split(args.bin, lang, records)
        for sentences, record in zip(predicted, records):
            if args.source and args.source not in record["source"]:
                continue
            gold = boundaries(record["expected"])
            pred = boundaries([s for s in sentences if s.strip()])
            for kind, wrong in (("FP", pred - gold), ("FN", gold - pred)):
                for count in sorted(wrong):
                    print(f"{record['source']}\t{kind}\t{context(record['text'], count, args.width)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Boundary precision, recall and F1 of selaras and its peers on the UD segmentation dev sets.

Reads `../shared/data/seg-dev/ud_dev_{en,id}.jsonl` (records `{"id", "source", "text",
"expected": [...]}`) at run time and scores, per treebank (`source`):

- selaras: `selaras split --jsonl --lang L` over all the records of a language at once;
- sentencex and pySBD when they are installed (`pip install sentencex pysbd`), on the same texts.

A boundary is an internal sentence boundary of a record, located by the number of non-space
characters before it (the end of the text is not a boundary); counts are pooled over the
records of a treebank. Exact match (the same sentences, whitespace-normalised) is given beside it.

Usage: scripts/eval_seg_dev.py [--bin target/release/selaras] [--data ../shared/data/seg-dev]

Nothing derived from the data is written or belongs in the repository.
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def boundaries(sentences):
    """The internal boundaries of a sentence list, as counts of non-space characters."""
    out, count = set(), 0
    for sentence in sentences[:-1]:
        count += sum(1 for c in sentence if not c.isspace())
        out.add(count)
    return out


def normalised(sentences):
    return [" ".join(s.split()) for s in sentences if s.strip()]


def selaras_split(binary, lang, records):
    lines = "".join(json.dumps({"id": k, "text": r["text"]}) + "\n" for k, r in enumerate(records))
    done = subprocess.run(
        [binary, "split", "--jsonl", "--lang", lang],
        input=lines.encode(),
        capture_output=True,
        check=True,
    )
    by_id = {}
    for line in done.stdout.decode().splitlines():
        value = json.loads(line)
        by_id[value["id"]] = value["sentences"]
    return [by_id[k] for k in range(len(records))]


def peers(lang):
    """The peer splitters that are installed, as name -> function(text) -> sentences."""
    found = {}
    try:
        import sentencex

        found["sentencex"] = lambda text: list(sentencex.segment(lang, text))
    except ImportError:
        print("sentencex is not installed: pip install sentencex", file=sys.stderr)
    try:
        import pysbd

        # pySBD has no Indonesian rules; its English ones are what peers use for Indonesian.
        segmenter = pysbd.Segmenter(language="en", clean=False)
        found["pySBD"] = segmenter.segment
    except ImportError:
        print("pysbd is not installed: pip install pysbd", file=sys.stderr)
    return found


def score(predicted, records):
    """Per source: [tp, predicted, gold, exact, records]."""
    counts = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for sentences, record in zip(predicted, records):
        c = counts[record["source"]]
        gold = boundaries(record["expected"])
        pred = boundaries([s for s in sentences if s.strip()])
        c[0] += len(gold & pred)
        c[1] += len(pred)
        c[2] += len(gold)
        c[3] += normalised(sentences) == normalised(record["expected"])
        c[4] += 1
    return counts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "selaras"))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "seg-dev"))
    args = parser.parse_args()
    print(f"{'set':22} {'splitter':10} {'P':>6} {'R':>6} {'F1':>6} {'exact':>6}")
    for lang in ["en", "id"]:
        path = os.path.join(args.data, f"ud_dev_{lang}.jsonl")
        with open(path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        results = {"selaras": score(selaras_split(args.bin, lang, records), records)}
        for name, split in peers(lang).items():
            results[name] = score([split(r["text"]) for r in records], records)
        for source in sorted({r["source"] for r in records}):
            for name, counts in results.items():
                tp, pred, gold, exact, n = counts[source]
                p = tp / pred if pred else 0.0
                r = tp / gold if gold else 0.0
                f1 = 2 * p * r / (p + r) if p + r else 0.0
                print(f"{source:22} {name:10} {p:6.3f} {r:6.3f} {f1:6.3f} {exact / n:6.1%}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Speed of `selaras split` beside sentencex on the same text (issue 15, point 5).

Builds, at run time, about MEGABYTES (default 8) of treebank-like text per language from the
segmentation dev sets (`../shared/data/seg-dev/ud_dev_{en,id}.jsonl`): the records' texts, in
order, repeated until the size is reached, one paragraph per record, paragraphs separated by a
blank line. The text goes to a temporary file that is removed afterwards; nothing derived from
the data is written into the repository.

Then, alternating within one run, times RUNS (default 5) rounds of

- selaras: `selaras split --lang L FILE > /dev/null` (wall time of the process: reading,
  normalising, splitting and writing the sentences);
- sentencex: `list(sentencex.segment(L, paragraph))` over the same paragraphs, in this process.

and prints the median wall time and MB/s of both and their ratio. Run it with a Python that has
sentencex (`/tmp/segvenv/bin/python scripts/bench_split.py --bin target/release/selaras`).

Usage: scripts/bench_split.py [--bin target/release/selaras] [--data ../shared/data/seg-dev]
                              [--langs en,id] [--megabytes 8] [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def build_text(path, megabytes):
    """The dev set's texts repeated to about `megabytes` MB, as a list of paragraphs."""
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            for paragraph in json.loads(line)["text"].split("\n\n"):
                if paragraph.strip():
                    texts.append(paragraph.strip())
    target = megabytes * 1_000_000
    paragraphs, size = [], 0
    while size < target:
        for paragraph in texts:
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
            if size >= target:
                break
    return paragraphs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "selaras"))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "seg-dev"))
    parser.add_argument("--langs", default="en,id")
    parser.add_argument("--megabytes", type=float, default=8)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        import sentencex
    except ImportError:
        sys.exit("sentencex is not installed: pip install sentencex (or use /tmp/segvenv/bin/python)")

    print(f"{'lang':4} {'MB':>5} {'selaras s':>9} {'MB/s':>7} {'sentencex s':>11} {'MB/s':>7} {'ratio':>6}  (median of {args.runs})")
    for lang in args.langs.split(","):
        paragraphs = build_text(os.path.join(args.data, f"ud_dev_{lang}.jsonl"), args.megabytes)
        text = "\n\n".join(paragraphs) + "\n"
        mb = len(text.encode("utf-8")) / 1_000_000
        with tempfile.NamedTemporaryFile("w", suffix=f".{lang}.txt", encoding="utf-8", delete=False) as f:
            f.write(text)
            path = f.name
        try:
            list(sentencex.segment(lang, paragraphs[0]))  # load the language's rules once
            ours, theirs = [], []
            # The sentences go to /dev/null: what is timed is the splitting, not a pipe.
            sink = open(os.devnull, "wb")
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([args.bin, "split", "--lang", lang, path], stdout=sink, check=True)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                for paragraph in paragraphs:
                    list(sentencex.segment(lang, paragraph))
                theirs.append(time.perf_counter() - start)
        finally:
            os.unlink(path)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{lang:4} {mb:5.1f} {a:9.3f} {mb / a:7.1f} {b:11.3f} {mb / b:7.1f} {b / a:5.2f}x")


if __name__ == "__main__":
    main()

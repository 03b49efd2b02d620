#!/usr/bin/env python3
"""The Spark recipe, tested: scripts/spark_align.py on Spark local mode writes the rows of one
`selaras run --input-jsonl IN -o - --format jsonl` with the same options, as a multiset of JSON
objects and, read in part order, line for line, over at least 3 partitions; with --dedup too
(deduplicated across partitions).

    python scripts/test_spark.py [--selaras target/release/selaras] [--master local[2]]

Needs PySpark (pip install pyspark) and Java 17. The corpus is the repository's own sample
corpus (corpus/), each document repeated under other names (so that --dedup has work across
partitions), with a document without a "doc" field, a blank line and a line that is not JSON.
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def corpus(path):
    docs = []
    for en in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.en.txt"))):
        name = os.path.basename(en)[: -len(".en.txt")]
        with open(en, encoding="utf-8") as f:
            en_text = f.read()
        with open(os.path.join(ROOT, "corpus", name + ".id.txt"), encoding="utf-8") as f:
            id_text = f.read()
        docs.append((name, en_text, id_text))
    lines = []
    for copy in range(3):
        for name, en_text, id_text in docs:
            lines.append(json.dumps({"doc": f"copy{copy}/{name}", "en": en_text, "id": id_text}, ensure_ascii=False))
    name, en_text, id_text = docs[0]
    lines.insert(5, json.dumps({"en": "The rain fell all day. Roads flooded.", "id": "Hujan turun seharian. Jalan banjir."}))
    lines.insert(9, "")
    lines.insert(12, "{not json")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def rows_of(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def key(row):
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def check(selaras, master, workdir, input_path, options):
    single = subprocess.run(
        [selaras, "run", "--input-jsonl", input_path, "-o", "-", "--format", "jsonl"] + options,
        capture_output=True,
    )
    if single.returncode not in (0, 3):
        sys.exit(f"selaras run failed: {single.stderr.decode()}")
    expected = rows_of(single.stdout.decode("utf-8"))
    out = os.path.join(workdir, "out-" + "-".join(o.strip("-") for o in options if o.startswith("--")) or "plain")
    started = time.time()
    spark = subprocess.run(
        [sys.executable, os.path.join(HERE, "spark_align.py"), "--input", input_path, "--output", out,
         "--master", master, "--selaras", selaras, "--partitions", "4"] + options,
        capture_output=True,
    )
    took = time.time() - started
    stderr = spark.stderr.decode("utf-8", "replace")
    if spark.returncode != 0:
        sys.exit(f"spark_align.py failed:\n{stderr[-4000:]}")
    names = sorted(os.listdir(out))
    if not names or not all(n.startswith("part-") and n.endswith(".jsonl") for n in names):
        sys.exit(f"{out} holds files other than part-*.jsonl: {names}")
    parts = []
    for name in names:
        with open(os.path.join(out, name), encoding="utf-8") as f:
            parts.append(rows_of(f.read()))
    nonempty = sum(1 for p in parts if p)
    got = [row for part in parts for row in part]
    summary = [line for line in stderr.splitlines() if line.startswith("spark_align.py:")]
    partitions = int(summary[-1].split()[1]) if summary else 0
    same_multiset = collections.Counter(map(key, got)) == collections.Counter(map(key, expected))
    same_order = [key(r) for r in got] == [key(r) for r in expected]
    print(
        f"options {' '.join(options) or '(none)'}: {len(expected)} rows from selaras run, {len(got)} from "
        f"Spark ({partitions} partitions, {nonempty} non-empty part files) in {took:.1f} s; same multiset: "
        f"{same_multiset}; same order: {same_order}"
    )
    if partitions < 3 or nonempty < 3:
        sys.exit("fewer than 3 partitions were aligned")
    if not same_multiset or not same_order:
        sys.exit("the Spark rows differ from those of a single selaras run")
    return took


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selaras", default=os.path.join(ROOT, "target", "release", "selaras"))
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    selaras = os.path.abspath(args.selaras)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="selaras-spark-test-") as workdir:
        input_path = os.path.join(workdir, "in.jsonl")
        n = corpus(input_path)
        print(f"input: {n} lines ({input_path})")
        check(selaras, args.master, workdir, input_path, [])
        check(selaras, args.master, workdir, input_path, ["--min-score", "0.9", "--drop-no-letters", "--max-length-ratio", "1.3"])
        check(selaras, args.master, workdir, input_path, ["--dedup"])
        check(selaras, args.master, workdir, input_path, ["--clean", "--keep-unaligned"])
    print(f"spark test passed in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()

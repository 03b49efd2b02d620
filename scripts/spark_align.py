#!/usr/bin/env python3
"""Align a JSON-lines corpus on Apache Spark with selaras.

    spark_align.py --input IN.jsonl --output DIR [--master M] [--selaras BIN]
                   [--partitions N] [selaras run options...]

IN is the `selaras run --input-jsonl` format: one document pair per line,
{"doc": ..., "<src>": "...", "<tgt>": "..."}. DIR receives only JSON-lines part files,
DIR/part-00000.jsonl, DIR/part-00001.jsonl, ..., whose rows are, as a multiset of JSON objects
(and, read in part order, line for line), those of

    selaras run --input-jsonl IN -o - --format jsonl [the same options]

How:
1. The corpus model is fitted once, on the driver, on exactly the documents that
   `selaras run --input-jsonl IN` fits on (its first 2,000 documents or 32 MB, in input order):
   `selaras fit --input-jsonl IN -o MODEL [options]`. The driver reads IN from a local path.
2. The model file is shipped to every executor (SparkContext.addFile).
3. The lines are numbered in input order (zipWithIndex), so that a document without a "doc"
   field is named `line N` as a single run names it; document names must be unique (a single
   run fails a repeat; the script refuses the input before aligning).
4. Each partition is aligned by `selaras run --input-jsonl PART -o - --format jsonl --model
   MODEL [options]` on the executor, PART being the partition's lines in a temporary file
   (mapPartitions running the binary, rather than rdd.pipe, so that an empty partition is
   skipped, exit status 3 -- some documents failed, which give no rows in a single run either
   -- is not an error, and a partition whose every document fails gives no rows).
5. With --dedup (or --clean), whose "first occurrence in the run" spans partitions, each
   partition is aligned without deduplication but with every other filter, and each row
   carries its place in the run and the key selaras deduplicates on (`selaras dedup-keys`, the
   same normalisation and hash as `run --dedup`); the rows are then reduced by key on the
   cluster, keeping the first in the run, before they are written. The result is the rows of a
   single `selaras run --dedup`.

Options are given to `selaras fit` and `selaras run` alike (fit accepts run's filters and
ignores them). --format, -o, --input-jsonl and --model are the script's to set.
The selaras binary must exist at the same path on every executor (--selaras, default
target/release/selaras); `--master` defaults to local[2]. IN and DIR are paths of the driver's
file system, which on a cluster must be shared with the executors (NFS, a mounted bucket): IN is
read by the driver to fit and by Spark to align, and the part files are moved into DIR by the
driver once written.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

RESERVED = ("--format", "-o", "--output", "--input-jsonl", "--model", "--pairs")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Any other option is passed to selaras fit and selaras run.",
    )
    parser.add_argument("--input", required=True, help="the JSON-lines corpus (run --input-jsonl format)")
    parser.add_argument("--output", required=True, help="the folder of JSONL part files to write")
    parser.add_argument("--master", default="local[2]", help="the Spark master (default: local[2])")
    parser.add_argument(
        "--selaras", default="target/release/selaras", help="the selaras binary (default: target/release/selaras)"
    )
    parser.add_argument(
        "--partitions", type=int, default=0, help="the least number of partitions (default: Spark's default)"
    )
    args, selaras_options = parser.parse_known_args(argv)
    for option in selaras_options:
        if option.split("=", 1)[0] in RESERVED:
            parser.error(f"{option}: the script sets --format, -o, --input-jsonl and --model itself")
    return args, selaras_options


def dedup_split(options):
    """The options without --dedup (and --clean as its other two filters), and whether
    deduplication was asked for."""
    out, dedup = [], False
    for option in options:
        if option == "--dedup":
            dedup = True
        elif option == "--clean":
            dedup = True
            out += ["--drop-identical", "--drop-no-letters"]
        else:
            out.append(option)
    return out, dedup


def src_tgt(options):
    """The --src-lang and --tgt-lang values among the options (selaras's defaults otherwise)."""
    langs = {"--src-lang": "en", "--tgt-lang": "id"}
    for k, option in enumerate(options):
        name, _, value = option.partition("=")
        if name in langs:
            langs[name] = value or (options[k + 1] if k + 1 < len(options) else "")
    return langs["--src-lang"], langs["--tgt-lang"]


def named(indexed):
    """A line with its 0-based index: the line, with "doc": "line N" added where a single run
    would name the document so (no "doc", or null), and the document's name (None for a blank
    line or one that is not a JSON object: those give no rows)."""
    line, index = indexed
    if not line.strip():
        return line, None
    try:
        value = json.loads(line)
    except ValueError:
        return line, None
    if not isinstance(value, dict):
        return line, None
    doc = value.get("doc")
    if doc is None:
        value["doc"] = f"line {index + 1}"
        return json.dumps(value, ensure_ascii=False), value["doc"]
    # A name that is not a string is its JSON text, compact, as selaras writes it.
    return line, doc if isinstance(doc, str) else json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def align_partition(selaras, model_name, options, keyed):
    """A function for mapPartitions: aligns a partition's lines with selaras run and yields the
    JSONL rows (with `keyed`, as (key, (place, row)) for deduplication)."""

    def run(partition):
        from pyspark import SparkFiles

        model = SparkFiles.get(model_name)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "part.jsonl")
            first, count = None, 0
            with open(path, "w", encoding="utf-8") as f:
                for line, index in partition:
                    first = index if first is None else first
                    count += 1
                    f.write(line)
                    f.write("\n")
            if count == 0:
                return
            command = [selaras, "run", "--input-jsonl", path, "-o", "-", "--format", "jsonl", "--model", model]
            done = subprocess.run(command + options, capture_output=True)
            stderr = done.stderr.decode("utf-8", "replace")
            # 3: some documents failed (they give no rows, as in a single run); 1 with "every
            # document of": all of this partition's did.
            if done.returncode not in (0, 3) and not (done.returncode == 1 and "every document of" in stderr):
                raise RuntimeError(f"selaras failed on the partition from line {first + 1}: {stderr}")
            rows = done.stdout.decode("utf-8").splitlines()
            if not keyed:
                yield from rows
                return
            keys_path = os.path.join(tmp, "rows.jsonl")
            with open(keys_path, "w", encoding="utf-8") as f:
                f.write("\n".join(rows) + ("\n" if rows else ""))
            src, tgt = src_tgt(options)
            keys = subprocess.run(
                [selaras, "dedup-keys", "--src-lang", src, "--tgt-lang", tgt, keys_path],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8").splitlines()
            if len(keys) != len(rows):
                raise RuntimeError("selaras dedup-keys gave a key count unlike the row count")
            # The row's place in the run: its document's line, then its place in the document.
            for k, (key, row) in enumerate(zip(keys, rows)):
                yield key, ((first, k), row)

    return run


def main(argv):
    args, options = parse_args(argv)
    selaras = os.path.abspath(args.selaras)
    if not os.access(selaras, os.X_OK):
        sys.exit(f"spark_align.py: {args.selaras}: no selaras binary there (build it: cargo build --release)")
    if not os.path.isfile(args.input):
        sys.exit(f"spark_align.py: {args.input}: no such file")
    staging = args.output.rstrip("/") + ".spark-staging"
    for path in (args.output, staging):
        if os.path.exists(path):
            sys.exit(f"spark_align.py: {path}: already exists; give a new output folder (or remove it)")
    run_options, dedup = dedup_split(options)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master(args.master).appName("selaras-align").getOrCreate()
    sc = spark.sparkContext
    work = tempfile.mkdtemp(prefix="selaras-spark-")
    try:
        # 1. The model, fitted on the driver on the documents a single run fits on.
        model = os.path.join(work, "selaras-model.json")
        # Exit status 3: some documents failed (said on stderr) and the model was fitted on the
        # others; the run fails them again, each in its partition.
        fitted = subprocess.run([selaras, "fit", "-q", "--input-jsonl", args.input, "-o", model] + options)
        if fitted.returncode not in (0, 3):
            raise subprocess.CalledProcessError(fitted.returncode, fitted.args)
        # 2. Shipped to every executor.
        sc.addFile(model)
        # 3. Lines numbered in input order; repeated document names refused.
        minimum = args.partitions or sc.defaultParallelism
        lines = sc.textFile(os.path.abspath(args.input), minPartitions=minimum).zipWithIndex()
        named_lines = lines.map(lambda x: (named(x), x[1])).map(lambda x: (x[0][0], x[1], x[0][1]))
        named_lines.cache()
        repeats = (
            named_lines.filter(lambda x: x[2] is not None)
            .map(lambda x: (x[2], 1))
            .reduceByKey(lambda a, b: a + b)
            .filter(lambda x: x[1] > 1)
            .keys()
            .take(5)
        )
        if repeats:
            sys.exit(
                "spark_align.py: document names used more than once: "
                + ", ".join(repeats)
                + " (a single run fails the repeats; give each line its own \"doc\")"
            )
        pairs = named_lines.map(lambda x: (x[0], x[1]))
        partitions = pairs.getNumPartitions()
        # 4. Each partition aligned with the shipped model.
        aligned = pairs.mapPartitions(
            align_partition(selaras, os.path.basename(model), run_options, keyed=dedup),
            preservesPartitioning=True,
        )
        if dedup:
            # 5. The first row of each key in the run, across partitions, back in run order.
            aligned = (
                aligned.reduceByKey(lambda a, b: a if a[0] <= b[0] else b, numPartitions=partitions)
                .values()
                .sortBy(lambda placed: placed[0], numPartitions=partitions)
                .values()
            )
        aligned.saveAsTextFile(staging)
        # Only the part files, named .jsonl, reach the output folder.
        os.makedirs(args.output)
        written = 0
        for name in sorted(os.listdir(staging)):
            if name.startswith("part-"):
                os.replace(os.path.join(staging, name), os.path.join(args.output, name + ".jsonl"))
                written += 1
        shutil.rmtree(staging)
        print(
            f"spark_align.py: {partitions} partitions aligned into {written} part files in {args.output}"
            + (" (deduplicated across partitions)" if dedup else ""),
            file=sys.stderr,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])

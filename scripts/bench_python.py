#!/usr/bin/env python3
"""Throughput of selaras.align_corpus beside `selaras run --input-jsonl FILE -o -`, measured in
one run on the same JSON lines, the two alternating, median of several runs each.

  python scripts/bench_python.py [--copies 40] [--runs 5] [--selaras target/release/selaras]

The input is built from the bundled corpus/ (each pair copied with its numbers changed, so that
no two documents are the same) unless --input gives a JSONL file. The Python side reads the file
with json.loads and counts the rows of align_corpus; the command writes its rows to /dev/null.
Both align every document with every core (threads=0, -j default). Wall time gives the
throughput; CPU time (user and system, the command's or this process's with its Rust threads) is
printed beside it, steadier on a shared machine. Needs the package installed
(`pip install ./python`) and the command built (`cargo build --release`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import selaras

REPO = Path(__file__).resolve().parents[1]


def make_input(path: Path, copies: int) -> None:
    pairs = []
    for en in sorted((REPO / "corpus").glob("*.en.txt")):
        name = en.name[: -len(".en.txt")]
        idn = en.with_name(f"{name}.id.txt")
        pairs.append((name, en.read_text(encoding="utf-8"), idn.read_text(encoding="utf-8")))
    renumber = lambda text, k: re.sub(r"\d+", lambda m: str(int(m.group()) + k), text)  # noqa: E731
    with path.open("w", encoding="utf-8") as f:
        for k in range(copies):
            for name, en, idn in pairs:
                record = {"doc": f"{k:04d}/{name}", "en": renumber(en, k), "id": renumber(idn, k)}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_cli(selaras_bin: str, path: Path) -> tuple[float, float, int]:
    start, cpu_start = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [selaras_bin, "run", "--input-jsonl", str(path), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):
        sys.exit(f"selaras run failed with status {done.returncode}")
    return elapsed, cpu(resource.RUSAGE_CHILDREN) - cpu_start, done.stdout.count(b"\n")


def time_python(path: Path) -> tuple[float, float, int]:
    """Wall time, CPU time of this process (the run's Rust threads included), rows."""
    start, cpu_start = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    with path.open(encoding="utf-8") as f, selaras.align_corpus(json.loads(line) for line in f) as rows:
        count = sum(1 for _ in rows)
    return time.perf_counter() - start, cpu(resource.RUSAGE_SELF) - cpu_start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, help="a JSONL file (default: built from corpus/)")
    parser.add_argument("--copies", type=int, default=40, help="copies of corpus/ (default 40)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument(
        "--selaras",
        default=os.path.join(os.environ.get("CARGO_TARGET_DIR", REPO / "target"), "release", "selaras"),
        help="the command (default: target/release/selaras)",
    )
    args = parser.parse_args()
    import warnings

    warnings.simplefilter("ignore", selaras.SelarasWarning)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.input or Path(tmp) / "bench.jsonl"
        if args.input is None:
            make_input(path, args.copies)
        size = path.stat().st_size
        with path.open(encoding="utf-8") as f:
            docs = sum(1 for line in f if line.strip())
        times: dict[str, list[float]] = {"selaras run --input-jsonl": [], "selaras.align_corpus": []}
        cpu_times: dict[str, list[float]] = {label: [] for label in times}
        rows: dict[str, int] = {}
        for _ in range(args.runs):
            for label, measure in (
                ("selaras run --input-jsonl", lambda: time_cli(args.selaras, path)),
                ("selaras.align_corpus", lambda: time_python(path)),
            ):
                elapsed, cpu_time, count = measure()
                times[label].append(elapsed)
                cpu_times[label].append(cpu_time)
                rows[label] = count
        if len(set(rows.values())) != 1:
            sys.exit(f"the two wrote different numbers of rows: {rows}")
        print(f"input: {docs} documents, {size / 1e6:.2f} MB, {next(iter(rows.values()))} rows out; "
              f"{os.cpu_count()} cores; median of {args.runs} alternating runs")
        medians = {label: statistics.median(t) for label, t in times.items()}
        for label, median in medians.items():
            print(f"{label:28} {median:7.3f} s  {docs / median:8.1f} docs/s  {size / 1e6 / median:6.2f} MB/s"
                  f"  CPU {statistics.median(cpu_times[label]):6.3f} s"
                  f"  (runs: {', '.join(f'{t:.3f}' for t in times[label])})")
        ratio = medians["selaras.align_corpus"] / medians["selaras run --input-jsonl"]
        print(f"align_corpus takes {ratio:.2f}x the time of selaras run")


if __name__ == "__main__":
    main()

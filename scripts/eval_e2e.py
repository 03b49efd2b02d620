#!/usr/bin/env python3
"""End-to-end accuracy of `selaras run` on raw text, as FORMATS.md ("Evaluation") measures it.

  eval_e2e.py DATA_DIR [--bin target/release/selaras] [--src en --tgt id] [-- EXTRA RUN ARGS]

DATA_DIR holds, per document NNN: raw text `NNN.<src>.raw` and `NNN.<tgt>.raw`, the gold units `NNN.<src>.txt` /
`NNN.<tgt>.txt` (one unit per line) and the gold beads `NNN.gold`. The raw files are copied into a
temporary folder as `NNN.<lang>.txt`, `selaras run` aligns them, and each CSV pair is checked: it
is right when everything it touches on both sides belongs to one gold bead (a finer split than
the gold's is not punished; pairing across beads or merging two beads is). Text is located by its
non-space characters, so the gold units and selaras's sentences need not agree.

Prints precision (right pairs / pairs), recall (gold two-sided beads all of whose units are
touched only by right pairs, over all gold two-sided beads) and F1, pooled over documents.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile


def nonspace(text):
    return "".join(text.split())


def unit_offsets(units):
    """Start offset (in non-space characters) of each unit, and the total."""
    starts, at = [], 0
    for unit in units:
        starts.append(at)
        at += len(nonspace(unit))
    return starts, at


def units_touched(stream, starts, text, cursor):
    """Locates `text` in the non-space stream at or after `cursor`; returns (unit set, new cursor)."""
    needle = nonspace(text)
    if not needle:
        return set(), cursor
    pos = stream.find(needle, cursor)
    if pos < 0:
        pos = stream.find(needle)
    if pos < 0:
        return None, cursor
    end = pos + len(needle)
    touched = set()
    for i, start in enumerate(starts):
        unit_end = starts[i + 1] if i + 1 < len(starts) else len(stream)
        if start < end and unit_end > pos:
            touched.add(i)
    return touched, end


def read_gold(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("\t")[0].strip()
            if not line:
                continue
            left, right = line.split("]:[")
            parse = lambda part: frozenset(int(x) for x in part.strip("[]").split(",") if x.strip())
            beads.append((parse(left), parse(right)))
    return beads


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data")
    parser.add_argument("--bin", default="target/release/selaras")
    parser.add_argument("--src", default="en")
    parser.add_argument("--tgt", default="id")
    parser.add_argument("--show", action="store_true", help="print the wrong pairs")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()

    names = sorted(f[: -len(".gold")] for f in os.listdir(args.data) if f.endswith(".gold"))
    work = tempfile.mkdtemp(prefix="selaras-e2e-")
    try:
        if not any(f.endswith(".raw") for f in os.listdir(args.data)):
            sys.exit(f"{args.data}: no NNN.<lang>.raw files (raw text beside the gold units)")
        os.makedirs(os.path.join(work, "in"))
        for name in names:
            for lang in (args.src, args.tgt):
                shutil.copy(os.path.join(args.data, f"{name}.{lang}.raw"),
                            os.path.join(work, "in", f"{name}.{lang}.txt"))
        out = os.path.join(work, "out")
        subprocess.run([args.bin, "run", os.path.join(work, "in"), "-o", out, "-q", "--format", "csv",
                        "--src-lang", args.src, "--tgt-lang", args.tgt] + args.extra, check=False)
        rows = {}
        with open(os.path.join(out, "corpus.csv"), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                rows.setdefault(row["doc"], []).append(row)
        right = pairs = found = gold_pairs = lost = 0
        for name in names:
            gold = read_gold(os.path.join(args.data, f"{name}.gold"))
            sides = []
            for lang in (args.src, args.tgt):
                with open(os.path.join(args.data, f"{name}.{lang}.txt"), encoding="utf-8") as f:
                    sides.append([l for l in f.read().split("\n") if l.strip()])
            (s_starts, _), (t_starts, _) = unit_offsets(sides[0]), unit_offsets(sides[1])
            s_stream, t_stream = nonspace("".join(sides[0])), nonspace("".join(sides[1]))
            bead_of_src = {i: b for b, (s, _) in enumerate(gold) for i in s}
            bead_of_tgt = {j: b for b, (_, t) in enumerate(gold) for j in t}
            good_units = set()
            bad_units = set()
            s_cursor = t_cursor = 0
            for row in rows.get(name, []):
                pairs += 1
                s_units, s_cursor = units_touched(s_stream, s_starts, row[args.src], s_cursor)
                t_units, t_cursor = units_touched(t_stream, t_starts, row[args.tgt], t_cursor)
                if s_units is None or t_units is None:
                    lost += 1
                    continue
                beads = {bead_of_src.get(i) for i in s_units} | {bead_of_tgt.get(j) for j in t_units}
                ok = len(beads) == 1 and None not in beads
                if ok:
                    right += 1
                    good_units |= {("s", i) for i in s_units} | {("t", j) for j in t_units}
                else:
                    bad_units |= {("s", i) for i in s_units} | {("t", j) for j in t_units}
                    if args.show:
                        print(f"{name} WRONG {row['bead']} {row['score']}\n  {row[args.src][:120]}\n  {row[args.tgt][:120]}")
            for s, t in gold:
                if s and t:
                    gold_pairs += 1
                    units = {("s", i) for i in s} | {("t", j) for j in t}
                    if units <= good_units and not (units & bad_units):
                        found += 1
        p = right / pairs if pairs else 0.0
        r = found / gold_pairs if gold_pairs else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{args.data}: {len(names)} documents, {pairs} pairs ({lost} not located), "
              f"precision {p:.4f}, recall {r:.4f}, F1 {f1:.4f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

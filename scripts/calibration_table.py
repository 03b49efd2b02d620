#!/usr/bin/env python3
"""Calibration of selaras's bead scores: for each score bucket, how many beads and which share of
them equal a gold bead (strict).

  calibration_table.py [--bin target/release/selaras] DIR[=SRC:TGT] ...

Each DIR holds presegmented NAME.<src>.txt / NAME.<tgt>.txt and gold NAME.gold (or .defr);
SRC:TGT defaults to en:id. Runs `selaras run DIR --presegmented --format beads` with default
settings and pools all DIRs. Boilerplate beads are left out (there are none in presegmented input).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def beads(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if not parts[0].strip():
                continue
            left, right = parts[0].split("]:[")
            key = (tuple(int(x) for x in left.strip("[]").split(",") if x.strip()),
                   tuple(int(x) for x in right.strip("[]").split(",") if x.strip()))
            out.append((key, float(parts[1]) if len(parts) > 1 and parts[1] else None))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="target/release/selaras")
    parser.add_argument("sets", nargs="+")
    args = parser.parse_args()
    buckets = [[0, 0] for _ in range(10)]
    with tempfile.TemporaryDirectory() as work:
        for n, spec in enumerate(args.sets):
            folder, _, langs = spec.partition("=")
            src, tgt = (langs or "en:id").split(":")
            out = os.path.join(work, str(n))
            subprocess.run([args.bin, "run", folder, "--presegmented", "--format", "beads", "-o", out, "-q",
                            "--src-lang", src, "--tgt-lang", tgt], check=True)
            for root, _, files in os.walk(os.path.join(out, "beads")):
                for name in files:
                    rel = os.path.relpath(os.path.join(root, name), os.path.join(out, "beads"))[: -len(".beads")]
                    gold_path = next((os.path.join(folder, rel + ext) for ext in (".gold", ".defr")
                                      if os.path.exists(os.path.join(folder, rel + ext))), None)
                    if gold_path is None:
                        continue
                    gold = {key for key, _ in beads(gold_path)}
                    for key, score in beads(os.path.join(root, name)):
                        b = min(int(score * 10), 9)
                        buckets[b][0] += 1
                        buckets[b][1] += key in gold
    print("score      beads  share correct")
    for i, (count, right) in enumerate(buckets):
        share = f"{right / count:.3f}" if count else "-"
        print(f"{i / 10:.1f}-{(i + 1) / 10:.1f}  {count:7d}  {share}")
    high = [sum(x) for x in zip(*buckets[9:])]
    print(f">= 0.9: {high[0]} beads, {high[1] / max(high[0], 1):.3f} correct")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Confusion counts of bead types on the development sets: what the aligner predicts against the gold.

For every set it aligns the documents (presegmented, default settings, as scripts/eval_align.sh
does) and prints, per bead type, how many beads were predicted and how many of them are right,
how many gold beads there are and how many were found, and for each wrong null bead (1-0, 0-1)
the type of the gold bead its sentence is in (a wrong 0-1 whose sentence the gold has in a 1-2 is
a merge the aligner missed). The last line is the objective the bead costs are fitted on: the
mean strict F1 over the development sets (each set weighing the same).

    scripts/bead_confusion.py [BIN] [--sets iden-hard,panl-hard,iden,panl,tb-dev,mac-dev] [--quiet]
    scripts/bead_confusion.py BIN --sets textberg      # the test set: to measure, never to fit on

Reads /work/shared at run time only (SELARAS_DATA, SELARAS_TEXTBERG override); writes into a
temporary folder; commits nothing.
"""
import collections
import glob
import os
import shutil
import subprocess
import sys
import tempfile

DATA = os.environ.get("SELARAS_DATA", "/work/shared/data")
TB = os.environ.get("SELARAS_TEXTBERG", "/work/shared/eval/textberg")
DEV_SETS = ["iden-hard", "panl-hard", "iden", "panl", "tb-dev", "mac-dev"]


def norm(text):
    parse = lambda s: tuple(int(x) for x in s.strip().strip("[]").replace(" ", "").split(",") if x)
    src, tgt = text.strip().split(":")
    return parse(src), parse(tgt)


def kind(bead):
    return f"{len(bead[0])}-{len(bead[1])}"


def read_beads(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            out.append(norm(line.split("\t")[0]))
    return out


def prepare(name, tmp):
    """The folder of one set, laid out as `selaras run` reads it, and its language flags."""
    if name in ("iden-hard", "panl-hard"):
        return f"{DATA}/{name[:4]}-dev/hard", []
    if name in ("iden", "panl"):
        d = os.path.join(tmp, name)
        os.makedirs(d, exist_ok=True)
        for f in glob.glob(f"{DATA}/{name}-dev/*.txt") + glob.glob(f"{DATA}/{name}-dev/*.gold"):
            shutil.copy(f, d)
        return d, []
    if name == "mac-dev":
        return f"{DATA}/mac-dev", ["--src-lang", "zh", "--tgt-lang", "en"]
    docs = ["dev"] if name == "tb-dev" else sorted(
        os.path.basename(p)[:-3] for p in glob.glob(f"{TB}/test*.de"))
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    for n in docs:
        shutil.copy(f"{TB}/{n}.de", f"{d}/{n}.de.txt")
        shutil.copy(f"{TB}/{n}.fr", f"{d}/{n}.fr.txt")
        shutil.copy(f"{TB}/{n}.defr", f"{d}/{n}.defr")
    return d, ["--src-lang", "de", "--tgt-lang", "fr"]


def gold_files(d):
    out = {}
    for p in glob.glob(f"{d}/**/*.gold", recursive=True) + glob.glob(f"{d}/**/*.defr", recursive=True):
        rel = os.path.relpath(p, d)
        out[rel.rsplit(".", 1)[0]] = p
    return out


def evaluate(binary, name, tmp, quiet):
    d, flags = prepare(name, tmp)
    out = os.path.join(tmp, "out-" + name)
    extra = os.environ.get("SELARAS_FLAGS", "").split()
    subprocess.run([binary, "run", d, "--presegmented", "--format", "beads", "-o", out, "-q"] + flags + extra,
                   check=True, stderr=subprocess.DEVNULL)
    pred_n = pred_ok = gold_pairs = gold_found = 0
    by_pred = collections.Counter()
    by_pred_ok = collections.Counter()
    by_gold = collections.Counter()
    by_gold_found = collections.Counter()
    wrong_null = collections.Counter()
    for doc, gpath in sorted(gold_files(d).items()):
        gold = read_beads(gpath)
        path = os.path.join(out, "beads", doc + ".beads")
        pred = read_beads(path) if os.path.exists(path) else []
        gset, pset = set(gold), set(pred)
        gold_of_src = {s: g for g in gold for s in g[0]}
        gold_of_tgt = {t: g for g in gold for t in g[1]}
        for b in pred:
            by_pred[kind(b)] += 1
            by_pred_ok[kind(b)] += b in gset
            if b not in gset and (not b[0] or not b[1]):
                g = gold_of_src.get(b[0][0]) if b[0] else gold_of_tgt.get(b[1][0])
                wrong_null[(kind(b), kind(g) if g else "?")] += 1
        for g in gold:
            by_gold[kind(g)] += 1
            by_gold_found[kind(g)] += g in pset
        pred_n += len(pred)
        pred_ok += len(pset & gset)
        pairs = [g for g in gold if g[0] and g[1]]
        gold_pairs += len(pairs)
        gold_found += sum(g in pset for g in pairs)
    p = pred_ok / max(pred_n, 1)
    r = gold_found / max(gold_pairs, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    if not quiet:
        print(f"== {name}: strict P {p:.4f} R {r:.4f} F1 {f1:.4f}")
        kinds = sorted(set(by_pred) | set(by_gold), key=lambda k: -(by_pred[k] + by_gold[k]))
        print("  type   predicted  right   gold  found")
        for k in kinds:
            print(f"  {k:5} {by_pred[k]:9} {by_pred_ok[k]:6} {by_gold[k]:6} {by_gold_found[k]:6}")
        if wrong_null:
            print("  wrong null beads, by the gold bead their sentence is in: " + ", ".join(
                f"{a} in gold {b}: {c}" for (a, b), c in sorted(wrong_null.items(), key=lambda x: -x[1])))
    return f1


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    sets = DEV_SETS
    if "--sets" in args:
        k = args.index("--sets")
        sets = args[k + 1].split(",")
        del args[k:k + 2]
    binary = args[0] if args else os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"),
                                               "release/selaras")
    with tempfile.TemporaryDirectory() as tmp:
        scores = {s: evaluate(binary, s, tmp, quiet) for s in sets}
    print(" ".join(f"{s} {v:.4f}" for s, v in scores.items()) +
          f"  mean {sum(scores.values()) / len(scores):.4f}")


if __name__ == "__main__":
    main()

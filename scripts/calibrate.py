#!/usr/bin/env python3
"""Fits the coefficients of the calibrated bead score (src/align/score.rs) on dev sets.

The aligner's feature dump lists every bead with the values its score is computed from; this
script labels each bead by the gold (1 when it equals a gold bead), fits one logistic regression
for pair beads and one for skip beads (1-0, 0-1), and prints the coefficients to paste into
score.rs, and the calibration table of the scores they give.

    D=/work/shared/data; T=$(mktemp -d)
    mkdir $T/tb; for x in de fr; do cp /work/shared/eval/textberg/dev.$x $T/tb/dev.$x.txt; done
    cp /work/shared/eval/textberg/dev.defr $T/tb/
    cargo run --release --example dump_features -- $T/features.tsv \
      $D/iden-dev/hard $D/panl-dev/hard $D/iden-dev $D/panl-dev $T/tb=de:fr
    scripts/calibrate.py $T/features.tsv            # fit, print coefficients and table
    scripts/calibrate.py $T/features.tsv --check    # table of the scores as they are now

Needs numpy. Gold files: NAME.gold or NAME.defr beside the texts.
"""
import math
import os
import sys

import numpy as np

PAIR_NAMES = ["intercept", "margin", "|delta|", "dice", "shared", "one_one", "ln_chars"]
SKIP_NAMES = ["intercept", "margin", "ln_chars"]


def norm(bead):
    src, tgt = bead.strip().split(":")
    parse = lambda s: tuple(int(x) for x in s.strip("[]").replace(" ", "").split(",") if x)
    return parse(src), parse(tgt)


def gold_of(d, name, cache={}):
    key = (d, name)
    if key not in cache:
        beads = set()
        for ext in ("gold", "defr"):
            p = os.path.join(d, f"{name}.{ext}")
            if os.path.exists(p):
                for line in open(p, encoding="utf-8"):
                    if line.strip():
                        beads.add(norm(line.split("\t")[0]))
        cache[key] = beads
    return cache[key]


def load(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        d, name, bead, pair = f[0], f[1], f[2], f[3] == "1"
        x = [float(v) for v in f[4:]]
        y = 1.0 if norm(bead) in gold_of(d, name) else 0.0
        rows.append((d, pair, x, y))
    return rows


def fit(X, y, weight, l2=1e-2, iters=50):
    """Weighted logistic regression by Newton's method with a small ridge penalty."""
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (weight * (p - y)) + l2 * w
        H = X.T @ (X * (weight * p * (1 - p))[:, None]) + l2 * np.eye(X.shape[1])
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def table(scores, labels, title):
    print(f"\n{title}")
    print("bucket     count  share correct")
    for k in range(10):
        lo, hi = k / 10, (k + 1) / 10
        sel = [(s >= lo and (s < hi or (k == 9 and s <= 1.0))) for s in scores]
        n = sum(sel)
        c = sum(l for l, s in zip(labels, sel) if s)
        share = f"{c / n:.3f}" if n else "-"
        print(f"{lo:.1f}-{hi:.1f}  {n:7d}  {share}")
    hi = [l for s, l in zip(scores, labels) if s >= 0.9]
    if hi:
        print(f"scored >= 0.9: {len(hi)} beads, {sum(hi) / len(hi):.3f} correct")


def current(x, pair):
    """The score as score.rs computes it now (coefficients read from the source)."""
    src = open(os.path.join(os.path.dirname(__file__), "..", "src/align/score.rs")).read()
    def coef(name):
        start = src.index(f"const {name}: [f32;")
        body = src[src.index("= [", start) + 3 : src.index("];", start)]
        return [float(v) for v in body.replace("\n", " ").split(",") if v.strip()]
    c = coef("PAIR") if pair else coef("SKIP")
    z = sum(a * b for a, b in zip(c, x))
    return 1 / (1 + math.exp(-z))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    rows = load(sys.argv[1])
    if "--check" in sys.argv:
        scores = [current(x, pair) for _, pair, x, _ in rows]
    else:
        scores = [0.0] * len(rows)
        for pair, names, const in ((True, PAIR_NAMES, "PAIR"), (False, SKIP_NAMES, "SKIP")):
            idx = [i for i, r in enumerate(rows) if r[1] == pair]
            if not idx:
                continue
            X = np.array([rows[i][2] for i in idx])
            y = np.array([rows[i][3] for i in idx])
            # Every dev set weighs the same, so that the easy clean sets do not drown the hard ones.
            size = {}
            for i in idx:
                size[rows[i][0]] = size.get(rows[i][0], 0) + 1
            weight = np.array([len(idx) / (len(size) * size[rows[i][0]]) for i in idx])
            w = fit(X, y, weight)
            p = 1 / (1 + np.exp(-X @ w))
            for i, s in zip(idx, p):
                scores[i] = float(s)
            print(f"// {const}: {', '.join(names)} ({len(idx)} beads, {y.mean():.3f} correct)")
            print(f"const {const}: [f32; {len(w)}] = [{', '.join(f'{v:.3f}' for v in w)}];")
    labels = [r[3] for r in rows]
    table(scores, labels, "all dev sets")
    for d in sorted({r[0] for r in rows}):
        sel = [i for i, r in enumerate(rows) if r[0] == d]
        s = [scores[i] for i in sel]
        l = [labels[i] for i in sel]
        hi = [x for a, x in zip(s, l) if a >= 0.9]
        print(f"{d}: {len(sel)} beads, {sum(l) / len(l):.3f} correct; "
              f">= 0.9: {len(hi)} beads, {(sum(hi) / len(hi) if hi else float('nan')):.3f} correct")


if __name__ == "__main__":
    main()

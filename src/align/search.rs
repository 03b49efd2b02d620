//! The search: dynamic programming over beads in a band around the diagonal.
//!
//! Cells `(i, j)` mean "the first `i` source and `j` target sentences are aligned". Only cells
//! within `width` of the diagonal are computed, so time and memory grow linearly with the length of
//! the document; when the best path runs along the edge of the band, the band is doubled and the
//! search repeated.

use super::anchors::Anchors;
use super::length::length_cost;
use super::{AlignConfig, Bead, Model, Side};

/// Cost of a bead that pairs nothing with a sentence (1-0 or 0-1).
const SKIP_COST: f64 = 4.6;
/// Weight of the share of anchors that a bead's two sides have in common.
const ANCHOR_WEIGHT: f64 = 3.0;
/// The half-width of the first band tried.
const MIN_WIDTH: usize = 24;

/// Prior cost (negative log probability) of a bead shape, or `None` if the shape is not allowed.
fn prior(a: usize, b: usize) -> Option<f64> {
    match (a, b) {
        (1, 1) => Some(0.12),
        (1, 0) | (0, 1) => Some(SKIP_COST),
        (2, 1) | (1, 2) => Some(2.4),
        (2, 2) => Some(4.5),
        (3, 1) | (1, 3) => Some(5.3),
        _ => None,
    }
}

struct Prepared {
    src_len: Vec<f64>,
    tgt_len: Vec<f64>,
    src_anchors: Vec<Anchors>,
    tgt_anchors: Vec<Anchors>,
}

pub(super) fn align(
    model: &Model,
    config: &AlignConfig,
    src: &Side<'_>,
    tgt: &Side<'_>,
) -> Vec<Bead> {
    let (n, m) = (src.len(), tgt.len());
    if n == 0 || m == 0 {
        let mut beads: Vec<Bead> = (0..n).map(|i| skip_bead(i..i + 1, 0..0)).collect();
        beads.extend((0..m).map(|j| skip_bead(n..n, j..j + 1)));
        return beads;
    }
    let prepared = Prepared {
        src_len: src.texts.iter().map(|s| s.chars().count() as f64).collect(),
        tgt_len: tgt.texts.iter().map(|s| s.chars().count() as f64).collect(),
        src_anchors: src.texts.iter().map(|s| Anchors::of(s)).collect(),
        tgt_anchors: tgt.texts.iter().map(|s| Anchors::of(s)).collect(),
    };
    let shapes: Vec<(usize, usize, f64)> = (0..=config.max_bead.max(1))
        .flat_map(|a| (0..=config.max_bead.max(1)).map(move |b| (a, b)))
        .filter_map(|(a, b)| prior(a, b).map(|p| (a, b, p)))
        .collect();
    let mut width = MIN_WIDTH.max(n.abs_diff(m) + 8);
    loop {
        let full = width >= n.max(m);
        let (path, touched_edge) = banded(model, &prepared, &shapes, n, m, width);
        if full || !touched_edge {
            return path;
        }
        width *= 2;
    }
}

fn skip_bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> Bead {
    Bead {
        src,
        tgt,
        score: 0.0,
        boilerplate: false,
    }
}

/// One banded dynamic programme; returns the beads and whether the best path touched the band's
/// edge somewhere other than the document's own borders.
fn banded(
    model: &Model,
    p: &Prepared,
    shapes: &[(usize, usize, f64)],
    n: usize,
    m: usize,
    width: usize,
) -> (Vec<Bead>, bool) {
    let center = |i: usize| ((i as f64) * (m as f64) / (n as f64)).round() as usize;
    let lo = |i: usize| center(i).saturating_sub(width);
    let hi = |i: usize| (center(i) + width).min(m);
    // Row i holds cells lo(i)..=hi(i).
    let mut cost: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
    let mut back: Vec<Vec<u8>> = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let (l, h) = (lo(i), hi(i));
        let mut row_cost = vec![f64::INFINITY; h - l + 1];
        let mut row_back = vec![u8::MAX; h - l + 1];
        for j in l..=h {
            if i == 0 && j == 0 {
                row_cost[0] = 0.0;
                continue;
            }
            for (s, &(a, b, prior)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                let prev = if pi == i {
                    if pj < l {
                        continue;
                    }
                    row_cost[pj - l]
                } else {
                    let (pl, ph) = (lo(pi), hi(pi));
                    if pj < pl || pj > ph {
                        continue;
                    }
                    cost[pi][pj - pl]
                };
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + prior + bead_cost(model, p, pi..i, pj..j);
                if c < row_cost[j - l] {
                    row_cost[j - l] = c;
                    row_back[j - l] = s as u8;
                }
            }
        }
        cost.push(row_cost);
        back.push(row_back);
    }
    // Trace back from (n, m).
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touched = false;
    while i > 0 || j > 0 {
        let l = lo(i);
        if (j == l && l > 0) || (j == hi(i) && j < m) {
            touched = true;
        }
        let s = back[i][j - l] as usize;
        let (a, b, prior) = shapes[s];
        let (pi, pj) = (i - a, j - b);
        let c = prior + bead_cost(model, p, pi..i, pj..j);
        beads.push(Bead {
            src: pi..i,
            tgt: pj..j,
            score: confidence(a, b, c),
            boilerplate: false,
        });
        i = pi;
        j = pj;
    }
    beads.reverse();
    (beads, touched)
}

/// The cost of a bead beyond its prior: length and anchors for pairs, nothing for skips.
fn bead_cost(
    model: &Model,
    p: &Prepared,
    src: std::ops::Range<usize>,
    tgt: std::ops::Range<usize>,
) -> f64 {
    if src.is_empty() || tgt.is_empty() {
        return 0.0;
    }
    let sl: f64 = p.src_len[src.clone()].iter().sum();
    let tl: f64 = p.tgt_len[tgt.clone()].iter().sum();
    let mut cost = length_cost(sl, tl, model.ratio, model.variance);
    let (mut shared, mut total) = (0usize, 0usize);
    for i in src.clone() {
        total += p.src_anchors[i].tokens.len();
        for j in tgt.clone() {
            shared += p.src_anchors[i].shared(&p.tgt_anchors[j]);
        }
    }
    for j in tgt {
        total += p.tgt_anchors[j].tokens.len();
    }
    if total > 0 {
        let share = (2 * shared) as f64 / total as f64;
        cost -= ANCHOR_WEIGHT * share.min(1.0);
    }
    cost
}

/// A confidence in [0, 1] from a bead's cost: low cost, high confidence.
fn confidence(a: usize, b: usize, cost: f64) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    1.0 / (1.0 + (cost - 2.0).exp())
}

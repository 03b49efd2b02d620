//! The search: dynamic programming over beads in a band around the diagonal.
//!
//! Cell `(i, j)` means "the first `i` source and `j` target sentences are aligned". Only cells
//! within `width` of the diagonal are kept, in one flat buffer with row offsets (`f32` costs, `u8`
//! back-pointers), so time and memory grow linearly with the document. When the best path runs
//! along the edge of the band somewhere, the band is doubled and the search repeated, up to the
//! full matrix.
//!
//! The anchor and lexical weight shared by each (source, target) sentence pair that a bead in
//! the band can hold is computed a few source rows at a time, into a small ring that each pass
//! fills as it moves through the rows (`PairRows`); a bead's shared weight is then a sum of at
//! most `max_bead²` of those values, its lengths and anchor masses differences of prefix sums.
//! So the band costs nine bytes a cell (forward cost, back-pointer, backward cost) and no more.
//!
//! Beads with a side beyond three sentences (1-4, 4-1, …) are tried only where the best path into
//! the neighbouring cell ends in the same bead one sentence smaller (2-3 and 3-2 where it ends in
//! a 2-2), so that they cost a look at a back-pointer in most cells rather than a bead cost; the
//! backward pass leaves them out.
//!
//! With scores asked for, a backward pass gives the cheapest completion from every cell, so that
//! each bead of the best path can be compared with its best alternatives (the margin that the
//! calibrated score is made from).

use std::ops::Range;

use super::evidence::{gallop, Parts, Scorer};
use super::length::length_z;
use super::score::BeadFeatures;

/// The half-width of the first band tried.
const MIN_WIDTH: usize = 20;
/// The most cells a band may grow to by doubling (a 20,000-sentence book needs well under a
/// tenth of this); past it, the band is only re-centred on the best path.
const MAX_BAND_CELLS: usize = 24_000_000;
/// The fewest cells of a band whose forward and backward passes run on two threads (a
/// news article's band is far smaller, and is aligned beside other documents anyway).
const PARALLEL_CELLS: usize = 50_000;
/// The largest bead side tried in every cell. Larger beads (1-4, 4-1, …) are tried only where
/// the best path into the neighbouring cell ends in the same bead one sentence smaller (a 1-3
/// followed by a 0-1 is what a missed 1-4 looks like), and the backward pass leaves them out:
/// they cost a look at one back-pointer in most cells instead of a bead cost.
const DIRECT_SIDE: usize = 3;
/// How many times a band at the cell budget is re-centred before its best path is taken.
const MAX_RECENTRES: usize = 64;

/// One bead of the best path and what its score is made of.
pub struct Found {
    /// Source sentences.
    pub src: Range<usize>,
    /// Target sentences.
    pub tgt: Range<usize>,
    /// Features for the calibrated score (zero unless scores were asked for).
    pub features: BeadFeatures,
}

/// A band of cells: row `i` holds the cells `lo[i]..=hi[i]`, stored from `off[i]`.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    /// The cells within `width` of the diagonal.
    fn new(n: usize, m: usize, width: usize) -> Band {
        let centers: Vec<(usize, usize)> = (0..=n)
            .map(|i| {
                let c = ((i as f64) * (m as f64) / (n.max(1) as f64)).round() as usize;
                (c.min(m), c.min(m))
            })
            .collect();
        Band::from_centers(&centers, m, width)
    }

    /// The cells within `width` of a path (cells from `(0, 0)` to `(n, m)`, in order).
    fn around(path: &[(usize, usize)], n: usize, m: usize, width: usize) -> Band {
        if path.first() != Some(&(0, 0)) || path.last() != Some(&(n, m)) {
            return Band::new(n, m, width);
        }
        let mut centers: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        for &(i, j) in path {
            let c = centers[i].get_or_insert((j, j));
            c.0 = c.0.min(j);
            c.1 = c.1.max(j);
        }
        // Rows inside a bead (not visited) take the last column of the row before.
        let mut last = 0;
        let filled: Vec<(usize, usize)> = centers
            .into_iter()
            .map(|c| match c {
                Some(c) => {
                    last = c.1;
                    c
                }
                None => (last, last),
            })
            .collect();
        Band::from_centers(&filled, m, width)
    }

    /// Row `i` spans `centers[i].0 - width ..= centers[i].1 + width`, clipped to `0..=m`.
    fn from_centers(centers: &[(usize, usize)], m: usize, width: usize) -> Band {
        let mut lo = Vec::with_capacity(centers.len());
        let mut hi = Vec::with_capacity(centers.len());
        let mut off = Vec::with_capacity(centers.len() + 1);
        off.push(0);
        for (i, &(a, b)) in centers.iter().enumerate() {
            let l = a.saturating_sub(width).min(m);
            let h = (b + width).min(m).max(l);
            lo.push(l);
            hi.push(h);
            off.push(off[i] + h - l + 1);
        }
        Band { lo, hi, off }
    }

    fn cells(&self) -> usize {
        self.off.last().copied().unwrap_or(0)
    }

    #[inline]
    fn idx(&self, i: usize, j: usize) -> Option<usize> {
        if i >= self.lo.len() || j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.off[i] + j - self.lo[i])
        }
    }
}

/// The shared anchor and lexical weight of the sentence pairs that a bead inside the band can
/// hold, for a few source sentences (rows) at a time: the passes over the band move through the
/// source sentences in order, so each computes the rows it is about to need into a small ring
/// and reads them from there. The band's cells then cost nothing here, however long the
/// document.
struct PairRows<'s> {
    scorer: &'s Scorer,
    band: &'s Band,
    max_bead: usize,
    /// Row `s` is held in `ring[s & mask]`.
    ring: Vec<PairRow>,
    /// The ring's length (a power of two) less one.
    mask: usize,
    /// Per id, where in its hits the last row's window began: rows are filled in order, so the
    /// next row's window is found from there in a few steps.
    cursors: Vec<u32>,
}

/// One source sentence's shared weights with the target sentences `lo..=hi`.
#[derive(Default)]
struct PairRow {
    /// The source sentence, or `usize::MAX` for a place in the ring not yet filled.
    s: usize,
    lo: usize,
    hi: usize,
    /// The shared anchor weight, one value per target sentence.
    values: Vec<f32>,
    /// The shared lexical weight, laid out like `values`.
    lex: Vec<f32>,
}

impl<'s> PairRows<'s> {
    fn new(scorer: &'s Scorer, band: &'s Band, max_bead: usize) -> PairRows<'s> {
        // A pass needs at most the rows of a bead before and a bead after its place, and an
        // `ensure` never evicts a row of its own range.
        let len = (4 * (max_bead + 1)).next_power_of_two();
        let ring = (0..len)
            .map(|_| PairRow {
                s: usize::MAX,
                ..PairRow::default()
            })
            .collect();
        PairRows {
            scorer,
            band,
            max_bead,
            ring,
            mask: len - 1,
            cursors: vec![0; scorer.ids()],
        }
    }

    /// Makes the rows of source sentences `rows` (clipped to the document) readable.
    fn ensure(&mut self, rows: Range<usize>) {
        let n = self.scorer.n();
        for s in rows.start..rows.end.min(n) {
            let k = s & self.mask;
            if self.ring[k].s != s {
                self.fill(s, k);
            }
        }
    }

    /// Computes row `s` into the ring's place `k`: each source item visits only the target
    /// sentences in the row's window that hold it (through the inverted index of the target).
    fn fill(&mut self, s: usize, k: usize) {
        let (n, m) = (self.scorer.n(), self.scorer.m());
        let band = self.band;
        let l = band.lo[s + 1].saturating_sub(self.max_bead);
        let h = band.hi[(s + self.max_bead).min(n)].min(m.saturating_sub(1));
        let h = h.max(l);
        let row = &mut self.ring[k];
        row.s = s;
        row.lo = l;
        row.hi = h;
        row.values.clear();
        row.values.resize(h - l + 1, 0.0);
        row.lex.clear();
        row.lex.resize(h - l + 1, 0.0);
        for (it, post) in self.scorer.src_items_with_hits(s) {
            let cursor = &mut self.cursors[it.slot()];
            let first = gallop(post, *cursor as usize, l as u32);
            *cursor = first as u32;
            let cells = if it.is_lexical() {
                &mut row.lex
            } else {
                &mut row.values
            };
            for &(t, w) in post[first..].iter().take_while(|&&(t, _)| t as usize <= h) {
                cells[t as usize - l] += it.weight.min(w);
            }
        }
    }

    #[cfg(test)]
    fn get(&self, s: usize, t: usize) -> f32 {
        self.get_both(s, t).0
    }

    /// The shared anchor and lexical weight of one sentence pair (its row made readable by
    /// [`PairRows::ensure`]).
    #[inline]
    fn get_both(&self, s: usize, t: usize) -> (f32, f32) {
        let row = &self.ring[s & self.mask];
        debug_assert_eq!(row.s, s, "row {s} read before it was computed");
        if t >= row.lo && t <= row.hi {
            let k = t - row.lo;
            (row.values[k], row.lex[k])
        } else {
            (0.0, 0.0)
        }
    }

    /// The shared anchor and lexical weight of a bead.
    fn bead(&self, src: Range<usize>, tgt: Range<usize>) -> (f32, f32) {
        let (mut shared, mut lex) = (0.0, 0.0);
        for s in src {
            for t in tgt.clone() {
                let (a, b) = self.get_both(s, t);
                shared += a;
                lex += b;
            }
        }
        (shared, lex)
    }
}

/// Allowed bead shapes `(a, b, prior)` for a largest side of `max_bead`.
fn shapes(scorer: &Scorer, max_bead: usize) -> Vec<(usize, usize, f32)> {
    let mb = max_bead.clamp(1, 8);
    let mut out = Vec::new();
    for a in 0..=mb {
        for b in 0..=mb {
            // Beyond 2-2, only beads with one sentence on one side (1-3, 3-1, …), and 2-3, 3-2.
            if (a > 2 && b > 1 || b > 2 && a > 1) && a + b != 5 {
                continue;
            }
            if let Some(p) = scorer.prior(a, b) {
                out.push((a, b, p));
            }
        }
    }
    out
}

/// For each shape that is only grown (a side beyond [`DIRECT_SIDE`], or 2-3 and 3-2), the cell
/// offset `(di, dj)` of the neighbour it grows from and the index of the shape it grows from
/// there: 1-4 from a 1-3 in the cell one target sentence before, 4-1 from a 3-1 one source
/// sentence before, 2-3 and 3-2 from a 2-2. `None` for the shapes tried everywhere.
fn grown_from(shapes: &[(usize, usize, f32)]) -> Vec<Option<(usize, usize, u8)>> {
    let index = |a: usize, b: usize| shapes.iter().position(|s| (s.0, s.1) == (a, b));
    shapes
        .iter()
        .map(|&(a, b, _)| {
            let (di, dj) = if a > b { (1, 0) } else { (0, 1) };
            let from = if a.min(b) == 2 && a.max(b) == 3 {
                (2, 2)
            } else if a.max(b) > DIRECT_SIDE {
                // Only 1-k and k-1 beads go beyond the direct side (see `shapes`).
                (a - di, b - dj)
            } else {
                return None;
            };
            // A shape without the one it grows from is never grown into: no back-pointer is
            // `u8::MAX - 1` (there are at most 81 shapes; unreached cells hold `u8::MAX`).
            let from = index(from.0, from.1).map_or(u8::MAX - 1, |x| x as u8);
            Some((di, dj, from))
        })
        .collect()
}

/// Aligns the two sides that `scorer` describes. Every sentence is in exactly one bead, in order.
pub fn align(scorer: &Scorer, max_bead: usize, with_scores: bool) -> Vec<Found> {
    let (n, m) = (scorer.n(), scorer.m());
    if n == 0 || m == 0 {
        // With one side empty, no sentence can have a partner: the skips are certain.
        let sure = f32::INFINITY;
        let mut out: Vec<Found> = (0..n)
            .map(|i| {
                found(
                    i..i + 1,
                    0..0,
                    BeadFeatures::skip(scorer, i..i + 1, 0..0, sure),
                )
            })
            .collect();
        out.extend((0..m).map(|j| {
            found(
                n..n,
                j..j + 1,
                BeadFeatures::skip(scorer, n..n, j..j + 1, sure),
            )
        }));
        if !with_scores {
            for f in &mut out {
                f.features = BeadFeatures::default();
            }
        }
        return out;
    }
    let shapes = shapes(scorer, max_bead);
    let max_side = shapes.iter().map(|s| s.0.max(s.1)).max().unwrap_or(1);
    // Wide enough that consecutive rows overlap however unequal the sides are.
    let mut width = MIN_WIDTH
        .max(m.div_ceil(n) + max_side)
        .max(n.div_ceil(m) + max_side);
    let mut band = Band::new(n, m, width);
    let mut recentred = 0;
    let (path, fwd, bwd) = loop {
        let full = width >= n.max(m);
        // The backward costs (for the scores) are computed alongside the forward pass, on
        // another thread when the band is large enough to be worth handing over.
        let backward_costs = || {
            if with_scores {
                backward(scorer, &shapes, &band, max_side)
            } else {
                Vec::new()
            }
        };
        let ((path, touched, fwd), bwd) = if band.cells() >= PARALLEL_CELLS {
            rayon::join(|| forward(scorer, &shapes, &band, max_side), backward_costs)
        } else {
            (forward(scorer, &shapes, &band, max_side), backward_costs())
        };
        // The best path ran into the band's edge: search again in a band twice as wide,
        // centred on that path (it follows where the alignment drifted off the diagonal). A
        // band past the cell budget would make time and memory quadratic (two sides of very
        // unequal length whose path runs far from the diagonal): there, keep the width and
        // only re-centre on the path, a bounded number of times.
        let next = if full || !touched {
            None
        } else {
            let wider = Band::around(&path, n, m, width * 2);
            if wider.cells() <= MAX_BAND_CELLS {
                width *= 2;
                Some(wider)
            } else if recentred < MAX_RECENTRES {
                recentred += 1;
                Some(Band::around(&path, n, m, width))
            } else {
                None
            }
        };
        match next {
            Some(next) => band = next,
            None => break (path, fwd, bwd),
        }
    };
    finish(
        scorer,
        &shapes,
        &band,
        max_side,
        path,
        fwd,
        bwd,
        with_scores,
    )
}

fn found(src: Range<usize>, tgt: Range<usize>, features: BeadFeatures) -> Found {
    Found { src, tgt, features }
}

/// The anchor and lexical weight shared by a bead's two sides (nothing for a one-sided bead).
#[inline]
fn shared_of(pairs: &PairRows, si: usize, i: usize, sj: usize, j: usize) -> (f32, f32) {
    if si < i && sj < j {
        pairs.bead(si..i, sj..j)
    } else {
        (0.0, 0.0)
    }
}

/// The cost of a bead, or infinity when it is clearly `limit` or more.
#[inline]
#[allow(clippy::too_many_arguments)]
fn bead_cost_below(
    scorer: &Scorer,
    pairs: &PairRows,
    si: usize,
    i: usize,
    sj: usize,
    j: usize,
    prior: f32,
    limit: f32,
) -> f32 {
    let (shared, lex) = shared_of(pairs, si, i, sj, j);
    scorer.cost_below(si, i, sj, j, prior, shared, lex, limit)
}

#[inline]
fn bead_cost(
    scorer: &Scorer,
    pairs: &PairRows,
    si: usize,
    i: usize,
    sj: usize,
    j: usize,
    prior: f32,
) -> Parts {
    let (shared, lex) = shared_of(pairs, si, i, sj, j);
    scorer.cost(si, i, sj, j, prior, shared, lex)
}

/// Forward costs; returns the best path (as cells, from the start) and whether it touched the
/// band's edge away from the document's borders.
fn forward(
    scorer: &Scorer,
    shapes: &[(usize, usize, f32)],
    band: &Band,
    max_side: usize,
) -> (Vec<(usize, usize)>, bool, Vec<f32>) {
    let (n, m) = (scorer.n(), scorer.m());
    let bonus = scorer.max_bonus();
    let grown = grown_from(shapes);
    let mut cost = vec![f32::INFINITY; band.cells()];
    let mut back = vec![u8::MAX; band.cells()];
    let mut rows = PairRows::new(scorer, band, max_side);
    for i in 0..=n {
        // The beads that end in row `i` hold source sentences `i - max_side..i`.
        rows.ensure(i.saturating_sub(max_side)..i);
        let pairs = &rows;
        for j in band.lo[i]..=band.hi[i] {
            let here = band.off[i] + j - band.lo[i];
            if i == 0 && j == 0 {
                cost[here] = 0.0;
                continue;
            }
            let (mut best, mut best_s) = (f32::INFINITY, u8::MAX);
            // How the best paths into the two neighbouring cells end (`u8::MAX` outside the
            // band), looked up once for all the grown shapes.
            let neighbour = |di: usize, dj: usize| {
                if di > i || dj > j {
                    u8::MAX
                } else {
                    band.idx(i - di, j - dj).map_or(u8::MAX, |x| back[x])
                }
            };
            let (from_above, from_left) = (neighbour(1, 0), neighbour(0, 1));
            for (s, &(a, b, prior)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                if let Some((di, _, from)) = grown[s] {
                    // A grown bead (see `grown_from`) is only tried where the best path into the
                    // neighbouring cell ends in the bead it grows from.
                    let ends = if di == 1 { from_above } else { from_left };
                    if ends != from {
                        continue;
                    }
                }
                let Some(prev) = band.idx(i - a, j - b) else {
                    continue;
                };
                let pc = cost[prev];
                if !pc.is_finite() || pc + prior - bonus >= best {
                    continue;
                }
                let c = pc + bead_cost_below(scorer, pairs, i - a, i, j - b, j, prior, best - pc);
                if c < best {
                    best = c;
                    best_s = s as u8;
                }
            }
            cost[here] = best;
            back[here] = best_s;
        }
    }
    let mut path = vec![(n, m)];
    let mut touched = false;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if (j == band.lo[i] && j > 0) || (j == band.hi[i] && j < m) {
            touched = true;
        }
        let Some(idx) = band.idx(i, j) else { break };
        let Some(&(a, b, _)) = shapes.get(back[idx] as usize) else {
            break;
        };
        i -= a;
        j -= b;
        path.push((i, j));
    }
    if i > 0 || j > 0 {
        // Unreachable in a connected band; fall back to skipping what is left.
        touched = true;
    }
    path.reverse();
    (path, touched, cost)
}

/// Turns the path into beads, with score features if asked for.
#[allow(clippy::too_many_arguments)]
fn finish(
    scorer: &Scorer,
    shapes: &[(usize, usize, f32)],
    band: &Band,
    max_side: usize,
    path: Vec<(usize, usize)>,
    fwd: Vec<f32>,
    bwd: Vec<f32>,
    with_scores: bool,
) -> Vec<Found> {
    let mut out = Vec::with_capacity(path.len());
    // The path starts at (0, 0) unless the band was broken; cover anything before its start.
    let (si, sj) = path.first().copied().unwrap_or((0, 0));
    for i in 0..si {
        out.push(found(i..i + 1, 0..0, BeadFeatures::default()));
    }
    for j in 0..sj {
        out.push(found(si..si, j..j + 1, BeadFeatures::default()));
    }
    let mut rows = PairRows::new(scorer, band, max_side);
    for w in path.windows(2) {
        let ((pi, pj), (i, j)) = (w[0], w[1]);
        let features = if with_scores {
            // The bead and its alternatives: the beads from its start and those into its end.
            rows.ensure(i.saturating_sub(max_side)..pi + max_side);
            let pairs = &rows;
            let prior = scorer.prior(i - pi, j - pj).unwrap_or(0.0);
            let parts = bead_cost(scorer, pairs, pi, i, pj, j, prior);
            let margin = margin(
                scorer,
                shapes,
                band,
                pairs,
                &fwd,
                &bwd,
                (pi, pj),
                (i, j),
                parts.cost,
            );
            if pi == i || pj == j {
                BeadFeatures::skip(scorer, pi..i, pj..j, margin)
            } else {
                let z = length_z(
                    scorer.src_chars(pi, i),
                    scorer.tgt_chars(pj, j),
                    scorer.ratio(),
                    scorer.variance(),
                );
                let mut f = BeadFeatures::pair(pi..i, pj..j, margin, z, &parts);
                f.chars = scorer.src_chars(pi, i) + scorer.tgt_chars(pj, j);
                f
            }
        } else {
            BeadFeatures::default()
        };
        out.push(found(pi..i, pj..j, features));
    }
    out
}

/// Backward costs: the cheapest way from every cell of the band to the end.
fn backward(
    scorer: &Scorer,
    shapes: &[(usize, usize, f32)],
    band: &Band,
    max_side: usize,
) -> Vec<f32> {
    let (n, m) = (scorer.n(), scorer.m());
    let bonus = scorer.max_bonus();
    let grown = grown_from(shapes);
    let mut cost = vec![f32::INFINITY; band.cells()];
    let mut rows = PairRows::new(scorer, band, max_side);
    for i in (0..=n).rev() {
        // The beads that start in row `i` hold source sentences `i..i + max_side`.
        rows.ensure(i..i + max_side);
        let pairs = &rows;
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.off[i] + j - band.lo[i];
            if i == n && j == m {
                cost[here] = 0.0;
                continue;
            }
            let mut best = f32::INFINITY;
            for (&(a, b, prior), grown) in shapes.iter().zip(&grown) {
                // The grown beads are left out (see `margin`).
                if i + a > n || j + b > m || grown.is_some() {
                    continue;
                }
                let Some(next) = band.idx(i + a, j + b) else {
                    continue;
                };
                let nc = cost[next];
                if !nc.is_finite() || nc + prior - bonus >= best {
                    continue;
                }
                let c = nc + bead_cost_below(scorer, pairs, i, i + a, j, j + b, prior, best - nc);
                best = best.min(c);
            }
            cost[here] = best;
        }
    }
    cost
}

/// How much more the best path costs that replaces the bead `p → c` by another bead starting at
/// `p` or ending at `c`. Both are measured with the same completions (forward cost to `p`,
/// backward cost from `c` or from the alternative's end): the backward pass leaves out the beads
/// that only grow (see [`DIRECT_SIDE`]), so its costs can exceed what the forward path paid, and
/// comparing with the forward total would count that excess into every margin before them.
/// `own_cost` is the cost of the bead `p → c` itself.
#[allow(clippy::too_many_arguments)]
fn margin(
    scorer: &Scorer,
    shapes: &[(usize, usize, f32)],
    band: &Band,
    pairs: &PairRows,
    fwd: &[f32],
    bwd: &[f32],
    p: (usize, usize),
    c: (usize, usize),
    own_cost: f32,
) -> f32 {
    let (n, m) = (scorer.n(), scorer.m());
    let shape = (c.0 - p.0, c.1 - p.1);
    let mut best = f32::INFINITY;
    let (fp, bc) = match (band.idx(p.0, p.1), band.idx(c.0, c.1)) {
        (Some(x), Some(y)) => (fwd[x], bwd[y]),
        _ => return 0.0,
    };
    for &(a, b, prior) in shapes {
        if (a, b) == shape {
            continue;
        }
        // Another bead from p.
        if p.0 + a <= n && p.1 + b <= m {
            if let Some(e) = band.idx(p.0 + a, p.1 + b) {
                let alt =
                    fp + bead_cost(scorer, pairs, p.0, p.0 + a, p.1, p.1 + b, prior).cost + bwd[e];
                best = best.min(alt);
            }
        }
        // Another bead into c.
        if a <= c.0 && b <= c.1 {
            if let Some(s) = band.idx(c.0 - a, c.1 - b) {
                let alt =
                    fwd[s] + bead_cost(scorer, pairs, c.0 - a, c.0, c.1 - b, c.1, prior).cost + bc;
                best = best.min(alt);
            }
        }
    }
    let own = fp + own_cost + bc;
    if best.is_finite() {
        (best - own).max(0.0)
    } else {
        20.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::evidence::plain_scorer;
    use super::*;

    #[test]
    fn band_cells_cover_the_corners() {
        let band = Band::new(10, 3, 2);
        assert!(band.idx(0, 0).is_some());
        assert!(band.idx(10, 3).is_some());
        assert!(band.idx(10, 0).is_none());
    }

    #[test]
    fn the_pair_cache_agrees_with_direct_computation() {
        let src = [
            "Jakarta 2024 IMF",
            "Bandung technology 12",
            "nothing",
            "IMF Jakarta",
        ];
        let tgt = [
            "IMF di Jakarta 2024",
            "teknologi Bandung 12",
            "IMF",
            "Jakarta",
        ];
        let scorer = plain_scorer(&src, &tgt);
        let band = Band::new(4, 4, 4);
        let mut cache = PairRows::new(&scorer, &band, 3);
        for s in 0..4 {
            cache.ensure(s..s + 1);
            for t in 0..4 {
                assert!(
                    (cache.get(s, t) - scorer.pair_shared(s, t)).abs() < 1e-6,
                    "{s} {t}"
                );
            }
        }
    }

    #[test]
    fn follows_a_path_far_from_the_diagonal() {
        // 200 source sentences; the target lacks 60 of them in the middle, which takes the
        // path further from the diagonal than the first band reaches.
        let src: Vec<String> = (0..200)
            .map(|k| format!("Report {} on the budget of {} villages.", 2000 + k, 300 + k))
            .collect();
        let kept: Vec<usize> = (0..50).chain(110..200).collect();
        let tgt: Vec<String> = kept
            .iter()
            .map(|k| format!("Laporan {} tentang anggaran {} desa.", 2000 + k, 300 + k))
            .collect();
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let scorer = plain_scorer(&s, &t);
        let beads = align(&scorer, 3, false);
        for (j, &k) in kept.iter().enumerate() {
            assert!(
                beads
                    .iter()
                    .any(|b| b.src == (k..k + 1) && b.tgt == (j..j + 1)),
                "{k} {j}"
            );
        }
        assert_eq!(beads.iter().filter(|b| b.tgt.is_empty()).count(), 60);
    }

    #[test]
    fn larger_beads_grow_from_the_bead_one_smaller() {
        let shapes: Vec<(usize, usize, f32)> = [(0, 1), (1, 3), (1, 4), (1, 5), (3, 1), (4, 1)]
            .iter()
            .map(|&(a, b)| (a, b, 0.0))
            .collect();
        let grown = grown_from(&shapes);
        assert_eq!(grown[0], None);
        assert_eq!(grown[1], None);
        assert_eq!(grown[2], Some((0, 1, 1)));
        assert_eq!(grown[3], Some((0, 1, 2)));
        assert_eq!(grown[5], Some((1, 0, 4)));
    }

    #[test]
    fn two_to_three_beads_grow_from_a_two_to_two() {
        let shapes: Vec<(usize, usize, f32)> = [(1, 1), (2, 2), (2, 3), (3, 2), (1, 3)]
            .iter()
            .map(|&(a, b)| (a, b, 0.0))
            .collect();
        let grown = grown_from(&shapes);
        assert_eq!(grown[2], Some((0, 1, 1)));
        assert_eq!(grown[3], Some((1, 0, 1)));
        assert_eq!(grown[4], None);
    }

    #[test]
    fn finds_a_one_to_four_bead() {
        // One source sentence translated as four: only a bead with four target sentences holds
        // all its numbers; with 3 as the largest side, one of them is a 0-1 or a 1-1 of its own.
        let src = [
            "The report of 2019 covers Jakarta.",
            "In 1998 the city had 4,512 schools, 7,300 clinics, 19 ports and 2,851 markets.",
            "The IMF visited Bandung in 2021.",
        ];
        let tgt = [
            "Laporan tahun 2019 mencakup Jakarta.",
            "Pada 1998 kota itu memiliki 4.512 sekolah.",
            "Ada 7.300 klinik.",
            "Ada 19 pelabuhan.",
            "Dan 2.851 pasar.",
            "IMF mengunjungi Bandung pada 2021.",
        ];
        let scorer = plain_scorer(&src, &tgt);
        let shape = |max_bead| -> Vec<(Range<usize>, Range<usize>)> {
            align(&scorer, max_bead, true)
                .iter()
                .map(|b| (b.src.clone(), b.tgt.clone()))
                .collect()
        };
        assert_eq!(shape(6), [(0..1, 0..1), (1..2, 1..5), (2..3, 5..6)]);
        assert_ne!(shape(3), shape(6));
        // The backward pass never grows beads, so a margin is measured against the same
        // completion as its alternatives: the first bead's margin does not take in how much the
        // 1-4 bead after it saves.
        let first = |max_bead| align(&scorer, max_bead, true)[0].features.margin;
        assert_eq!(first(6), first(3));
    }

    #[test]
    fn finds_a_deletion() {
        let src = [
            "The meeting in Jakarta on 12 March drew 3,000 people.",
            "Completely unrelated furniture line that is quite long indeed here.",
            "Prices rose 5.2 percent in June, the IMF said.",
        ];
        let tgt = [
            "Pertemuan di Jakarta pada 12 Maret dihadiri 3.000 orang.",
            "Harga naik 5,2 persen pada Juni, kata IMF.",
        ];
        let scorer = plain_scorer(&src, &tgt);
        let beads = align(&scorer, 3, true);
        let shape: Vec<(Range<usize>, Range<usize>)> = beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(shape, [(0..1, 0..1), (1..2, 1..1), (2..3, 1..2)]);
    }
}

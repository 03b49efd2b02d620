//! Long documents aligned window by window, so that the features and the search's band never
//! cover more than one window's sentences: the memory of a book's alignment is that of a window,
//! beside the book's sentences themselves.
//!
//! A document whose longer side has more than [`WINDOW_FROM`] sentences is aligned in windows of
//! [`WINDOW`] source sentences and the target sentences in the same proportion (the share of
//! what is left of each side). Each window is aligned whole, from where the beads kept so far
//! end to the window's far corner; of its beads, those that end in the first three quarters of
//! the window on both sides are kept, and the next window starts where they end. The last
//! quarter is aligned again by the next window: there the search had to reach a corner that the
//! translation does not necessarily pass through. A window's features (id frequencies included)
//! are counted within the window, as a long document's are counted per stretch of sentences
//! anyway.
//!
//! A window whose kept pairs share little more than sentences paired at random is aligned again
//! twice as long, and so on up to the rest of the document (see [`doubtful`]): a long omission,
//! where a window would pair sentences that are no translation of each other, is then found as
//! the whole document's search finds it, at the cost of the longer window's memory there.
//!
//! Shorter documents (nearly every article and chapter) are aligned in one piece, as before.

use std::ops::Range;

use super::agreement::Agreement;
use super::search::Found;

/// Source sentences per window.
pub(super) const WINDOW: usize = 8_192;

/// The longer side's sentences from which a document is aligned window by window.
pub(super) const WINDOW_FROM: usize = 4 * WINDOW;

/// The sentences of the window that starts at source sentence `s0` and target sentence `t0`, of
/// a document of `n` source and `m` target sentences: `size` source sentences (all that is left,
/// when that is at most a quarter more) and the target sentences in the proportion of what is
/// left of both sides.
pub(super) fn next_window(
    s0: usize,
    t0: usize,
    n: usize,
    m: usize,
    size: usize,
) -> (Range<usize>, Range<usize>) {
    let left = n - s0;
    if left <= size + size / 4 {
        return (s0..n, t0..m);
    }
    let share = (m - t0) as f64 * size as f64 / left as f64;
    let t1 = (t0 + share.round() as usize).min(m);
    (s0..s0 + size, t0..t1)
}

/// How many of a window's beads (in window-local indices, in order) are kept: those before the
/// first that ends past three quarters of the window on either side, and at least one. Of the
/// last window, all.
pub(super) fn kept(found: &[Found], src_len: usize, tgt_len: usize, last: bool) -> usize {
    if last {
        return found.len();
    }
    let (src_end, tgt_end) = (src_len * 3 / 4, tgt_len * 3 / 4);
    found
        .iter()
        .position(|f| f.src.end > src_end || f.tgt.end > tgt_end)
        .unwrap_or(found.len())
        .max(1)
        .min(found.len())
}

/// The [`Agreement::ratio`] of a window's kept beads below which the window is aligned again,
/// twice as long.
const DOUBTFUL_RATIO: f64 = 2.0;

/// Whether the kept beads of a window are doubtful: the sentences they pair share little more
/// evidence than the same sentences paired at random (their [`Agreement::ratio`] is below
/// [`DOUBTFUL_RATIO`]; translations share 3.5 times as much or more). That is what a window
/// looks like that ends inside a long omission: it must pair what it holds. The whole
/// document's search would have left those sentences out; a longer window reaches past the
/// omission to the sentences that pair again. A window of no pair is not doubtful.
pub(super) fn doubtful(agreement: &Agreement) -> bool {
    agreement.pairs > 0 && agreement.ratio() < DOUBTFUL_RATIO
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::score::BeadFeatures;

    fn found(src: Range<usize>, tgt: Range<usize>) -> Found {
        Found {
            src,
            tgt,
            features: BeadFeatures::default(),
        }
    }

    #[test]
    fn windows_take_the_target_in_proportion_and_the_last_takes_the_rest() {
        let (n, m) = (100_000, 50_000);
        let (s, t) = next_window(0, 0, n, m, WINDOW);
        assert_eq!(s, 0..WINDOW);
        assert_eq!(t, 0..WINDOW / 2);
        // What is left decides the proportion: here a target side with more left over.
        let (s, t) = next_window(50_000, 20_000, n, m, WINDOW);
        assert_eq!(s.len(), WINDOW);
        assert_eq!(t.start, 20_000);
        assert_eq!(
            t.len(),
            (30_000.0 * WINDOW as f64 / 50_000.0).round() as usize
        );
        // Close to the end, one window takes all that is left.
        let (s, t) = next_window(n - WINDOW - 10, m - 7, n, m, WINDOW);
        assert_eq!((s.end, t.end), (n, m));
    }

    #[test]
    fn a_window_keeps_the_beads_of_its_first_three_quarters_and_never_none() {
        let beads: Vec<Found> = (0..100).map(|k| found(k..k + 1, k..k + 1)).collect();
        assert_eq!(kept(&beads, 100, 100, false), 75);
        // The target side's three quarters come first here.
        assert_eq!(kept(&beads, 100, 40, false), 30);
        assert_eq!(kept(&beads, 100, 100, true), 100);
        // A first bead past the mark is kept all the same: every window moves on.
        let big = [found(0..90, 0..90), found(90..100, 90..100)];
        assert_eq!(kept(&big, 100, 100, false), 1);
    }
}

//! Whether two sides translate each other at all: the evidence shared along the alignment
//! against the evidence the same sentences share when paired at random.
//!
//! The search always finds a best path, and a bead's calibrated score says how much better it is
//! than its neighbours, not whether the document is a translation: two unrelated articles of
//! similar length still get confident-looking beads. What tells them apart is how much anchor and
//! lexical weight the paired sentences share. [`agreement`] measures it along the path (each
//! source sentence of a pair bead against each target sentence of the same bead) and along
//! shifted pairings of the same sentences (the target index moved by a third, a half and two
//! thirds of the document), which estimate what unrelated sentences of these two texts share.
//!
//! A text that repeats itself (an article pasted twice, a notice printed under every section, a
//! report whose sections differ only in their figures) would make a shifted pairing land on a
//! copy of the right partner, and a real translation look like unrelated text. So a shifted pair
//! whose target sentence reads as the pair's own target sentence, digits aside, is left out of
//! the estimate: it is the partner again, not an unrelated sentence.

use super::evidence::{PairLookup, Scorer};
use super::search::Found;
use crate::hash::StableHasher;

/// The evidence a document's sentences share along its alignment and at random.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Agreement {
    /// Shared anchor and lexical weight along the path, as a Dice share of the sentences' weight
    /// (0 to 1).
    pub path: f64,
    /// The same share over shifted pairings of the same sentences.
    pub shuffled: f64,
    /// The sentence pairs the path share was measured on.
    pub pairs: usize,
}

impl Agreement {
    /// The agreement of a document from that of its parts (the windows a long document is
    /// aligned in), each weighing as many as the sentence pairs it was measured on.
    pub(super) fn merged(parts: &[Agreement]) -> Agreement {
        let pairs: usize = parts.iter().map(|a| a.pairs).sum();
        if pairs == 0 {
            return Agreement::default();
        }
        let mean = |f: fn(&Agreement) -> f64| {
            parts.iter().map(|a| f(a) * a.pairs as f64).sum::<f64>() / pairs as f64
        };
        Agreement {
            path: mean(|a| a.path),
            shuffled: mean(|a| a.shuffled),
            pairs,
        }
    }

    /// How many times more the aligned sentences share than shuffled ones (the `1e-3` keeps it
    /// finite when nothing is shared at random).
    pub fn ratio(&self) -> f64 {
        (self.path + 1e-3) / (self.shuffled + 1e-3)
    }
}

/// The shared weight and the total weight of source sentence `i` and target sentence `j`.
fn shared_and_mass(scorer: &Scorer, lookup: &mut PairLookup, i: usize, j: usize) -> (f64, f64) {
    let (anchors, lexical) = lookup.shared_both(i, j);
    let mass =
        scorer.src_mass(i, i + 1) + scorer.tgt_mass(j, j + 1) + scorer.lex_mass(i, i + 1, j, j + 1);
    (f64::from(2.0 * (anchors + lexical)), f64::from(mass))
}

/// A sentence's text with its digits left out, as a hash: equal for copies of one sentence whose
/// figures differ.
fn without_digits(text: &str) -> u64 {
    let mut hasher = StableHasher::new();
    for c in text.chars().filter(|c| !c.is_numeric()) {
        let mut buf = [0u8; 4];
        hasher.write(c.encode_utf8(&mut buf).as_bytes());
    }
    hasher.finish()
}

/// The [`Agreement`] of the beads `found` over the sentences `scorer` holds, whose target
/// sentences read `tgt_texts`.
pub(super) fn agreement(scorer: &Scorer, found: &[Found], tgt_texts: &[&str]) -> Agreement {
    let m = scorer.m();
    let pairs: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| !f.src.is_empty() && !f.tgt.is_empty())
        .flat_map(|f| {
            let tgt = f.tgt.clone();
            f.src
                .clone()
                .flat_map(move |i| tgt.clone().map(move |j| (i, j)))
        })
        .collect();
    let share = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
        let (mut shared, mut mass) = (0.0, 0.0);
        let mut lookup = PairLookup::new(scorer);
        for (i, j) in pairs {
            let (s, w) = shared_and_mass(scorer, &mut lookup, i, j);
            shared += s;
            mass += w;
        }
        if mass > 0.0 {
            (shared / mass).min(1.0)
        } else {
            0.0
        }
    };
    let path = share(&mut pairs.iter().copied());
    let mut shifts: Vec<usize> = [m / 3, m / 2, 2 * m / 3]
        .into_iter()
        .filter(|&k| k > 0 && k < m)
        .collect();
    shifts.dedup();
    // Each shift's pairs, without those that meet a copy of their own partner; a shift left
    // with no pair says nothing.
    let copies: Vec<u64> = tgt_texts.iter().map(|t| without_digits(t)).collect();
    let shares: Vec<f64> = shifts
        .iter()
        .filter_map(|&k| {
            let mut shifted = pairs
                .iter()
                .map(|&(i, j)| (i, j, (j + k) % m))
                .filter(|&(_, j, moved)| copies.get(j) != copies.get(moved))
                .map(|(i, _, moved)| (i, moved))
                .peekable();
            shifted.peek().is_some().then(|| share(&mut shifted))
        })
        .collect();
    let shuffled = if shares.is_empty() {
        0.0
    } else {
        shares.iter().sum::<f64>() / shares.len() as f64
    };
    Agreement {
        path,
        shuffled,
        pairs: pairs.len(),
    }
}

//! The calibrated score of a bead: a confidence in `[0, 1]` that the bead is right.
//!
//! The score is a logistic function of a few features of the bead that mean the same in every
//! document: its **margin** (how much more the best path costs that puts another bead in its
//! place, from the forward and backward costs of the search), the Gale & Church **length
//! deviation** `|δ|`, the **Dice share** and the amount of anchor weight its two sides share, and
//! its shape. Pairs (1-1, 2-1, …) and skips (1-0, 0-1: the confidence that the sentence really has
//! no partner) have coefficients of their own.
//!
//! The coefficients were fitted once by logistic regression on the dev sets together
//! (`iden-dev/hard`, `panl-dev/hard`, `iden-dev`, `panl-dev`, and the Text+Berg dev document),
//! labels being "the bead equals a gold bead", with `scripts/calibrate.py` over the feature dump
//! of the ignored test `align::score::tests::dump_features` (see the script for the commands).

use std::ops::Range;

use super::evidence::{Parts, Scorer};

/// Features of one bead that its score is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BeadFeatures {
    /// Whether both sides hold sentences.
    pub pair: bool,
    /// Whether the bead is 1-1.
    pub one_one: bool,
    /// Cost margin to the best alternative (see the module docs), capped.
    pub margin: f32,
    /// `|δ|` of the length model (pairs only).
    pub length_z: f32,
    /// Dice share of anchor weight (pairs only).
    pub dice: f32,
    /// Shared anchor weight (pairs only).
    pub shared: f32,
    /// Characters of the bead (both sides).
    pub chars: f32,
}

/// The largest margin that counts.
const MARGIN_CAP: f32 = 12.0;

/// Coefficients for pairs: intercept, margin, |δ|, Dice, shared (capped at 3), 1-1, ln(chars).
const PAIR: [f32; 7] = [-1.983, 0.369, -0.766, -2.859, 0.403, 1.686, 0.560];
/// Coefficients for skips: intercept, margin, ln(chars).
const SKIP: [f32; 3] = [1.011, 0.647, -0.483];

impl BeadFeatures {
    /// Features of a pair bead.
    pub fn pair(src: Range<usize>, tgt: Range<usize>, margin: f32, z: f32, parts: &Parts) -> Self {
        BeadFeatures {
            pair: true,
            one_one: src.len() == 1 && tgt.len() == 1,
            margin: margin.clamp(0.0, MARGIN_CAP),
            length_z: z.abs().min(10.0),
            dice: parts.dice,
            shared: parts.shared,
            chars: 0.0,
        }
    }

    /// Features of a skip bead (1-0 or 0-1).
    pub fn skip(scorer: &Scorer, src: Range<usize>, tgt: Range<usize>, margin: f32) -> Self {
        let chars = if src.is_empty() {
            scorer.tgt_chars(tgt.start, tgt.end)
        } else {
            scorer.src_chars(src.start, src.end)
        };
        BeadFeatures {
            margin: margin.clamp(0.0, MARGIN_CAP),
            chars,
            ..BeadFeatures::default()
        }
    }

    /// The values the logistic function weighs, in the order of the coefficients.
    pub fn values(&self) -> Vec<f32> {
        if self.pair {
            vec![
                1.0,
                self.margin,
                self.length_z,
                self.dice,
                self.shared.min(3.0),
                f32::from(u8::from(self.one_one)),
                (1.0 + self.chars).ln(),
            ]
        } else {
            vec![1.0, self.margin, (1.0 + self.chars).ln()]
        }
    }

    /// The calibrated confidence in `[0, 1]`.
    pub fn score(&self) -> f64 {
        let coef: &[f32] = if self.pair { &PAIR } else { &SKIP };
        let x: f32 = self.values().iter().zip(coef).map(|(v, c)| v * c).sum();
        let s = 1.0 / (1.0 + f64::from(-x).exp());
        if s.is_finite() {
            s.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_in_range_and_grow_with_margin() {
        let mut f = BeadFeatures {
            pair: true,
            one_one: true,
            ..Default::default()
        };
        let low = f.score();
        f.margin = 8.0;
        let high = f.score();
        assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high));
        assert!(high > low);
    }
}

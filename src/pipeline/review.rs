//! Replaying a review: the decisions file that the review page exports (every document's
//! sentences as corrected, its beads as merged, split and moved, and each bead's decision) read
//! back into aligned documents and written in any output format.
//!
//! A confirmed bead is written with the score 1.000 (a person checked it); a rejected pair
//! becomes its two sides left unaligned, scored 0, so that it leaves the bitext as an omission
//! does; a bead not yet decided keeps the score the aligner gave it (0 for a bead reshaped on
//! the page: it has none), unless its document is one the checks kept out of the bitext, whose
//! undecided beads count as rejected. In a document whose sides are swapped every pair counts
//! as rejected, a confirmed one too: written as it is, its languages would be reversed.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::align::Bead;
use crate::export::{
    commit_all, creation_date, open_writer, AlignedDoc, Destination, Filter, Format, Languages,
    TmxHeader, WriterOptions,
};

/// The decisions file, as the review page writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Decisions {
    /// The version of the file's shape (1).
    pub selaras_review: u32,
    /// The run's languages and TMX locales.
    pub languages: DecisionLanguages,
    /// Every document of the page, in order.
    pub documents: Vec<ReviewedDoc>,
}

/// The languages of a reviewed run.
#[derive(Debug, Clone, Deserialize)]
pub struct DecisionLanguages {
    /// Source language code.
    pub src: String,
    /// Target language code.
    pub tgt: String,
    /// Source `xml:lang`.
    pub src_locale: String,
    /// Target `xml:lang`.
    pub tgt_locale: String,
}

/// One reviewed document.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewedDoc {
    /// The document's NAME.
    pub name: String,
    /// What the checks found wrong with the document.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Whether the checks kept the document out of the bitext: only its confirmed beads count.
    #[serde(default)]
    pub excluded: bool,
    /// Source sentences, with the reviewer's corrections.
    pub src: Vec<String>,
    /// Target sentences, with the reviewer's corrections.
    pub tgt: Vec<String>,
    /// The beads, in order, covering every sentence of both sides.
    pub beads: Vec<ReviewedBead>,
}

/// One bead of a reviewed document.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewedBead {
    /// Source sentences `[start, end)`.
    pub src: [usize; 2],
    /// Target sentences `[start, end)`.
    pub tgt: [usize; 2],
    /// The aligner's score (0 for a bead the reviewer reshaped, which has none).
    pub score: f64,
    /// Whether the bead is web boilerplate.
    #[serde(default)]
    pub boilerplate: bool,
    /// What the reviewer decided.
    pub decision: Decision,
    /// Whether the reviewer reshaped the bead or edited its text.
    #[serde(default)]
    pub edited: bool,
}

/// A reviewer's decision on a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Not looked at.
    Pending,
    /// The two sides translate each other.
    Confirmed,
    /// They do not.
    Rejected,
}

/// Why a review could not be replayed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    /// The decisions file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not a decisions file (with the line and column of the JSON error).
    #[error("{}: not a review decisions file: {source}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// A document's beads do not cover its sentences in order.
    #[error("document `{doc}`, bead {} (counting from 1): {message}", .bead + 1)]
    Beads {
        /// The document's NAME.
        doc: String,
        /// The bead's index (from 0; the message counts from 1, as it counts documents).
        bead: usize,
        /// What is wrong.
        message: String,
    },
    /// The file holds what no review can: an unknown version, languages that
    /// `--src-lang`/`--tgt-lang` would refuse, a document NAME that cannot name outputs or that
    /// two documents share.
    #[error("{0}")]
    Invalid(String),
    /// What is wrong with a decisions file ([`ReviewError::Invalid`] or
    /// [`ReviewError::Beads`]), with the file.
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The output folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// The version of the decisions file this build reads and the review page writes.
pub const DECISIONS_VERSION: u32 = 1;

/// Reads a decisions file and checks it whole (see [`Decisions::check`]): what is wrong is
/// given with the file.
pub fn read_decisions(path: &Path) -> Result<Decisions, ReviewError> {
    let text = crate::normalize::read_utf8(path).map_err(|source| ReviewError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let decisions: Decisions =
        serde_json::from_str(&text).map_err(|source| ReviewError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
    let in_file = |e: ReviewError| ReviewError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    decisions.check().map_err(in_file)?;
    for doc in &decisions.documents {
        doc.to_aligned().map_err(in_file)?;
    }
    Ok(decisions)
}

impl Decisions {
    /// The languages the outputs are written in, once the file is known to be one a review
    /// page wrote: its version is [`DECISIONS_VERSION`], its language codes and locales are
    /// read as `--src-lang` and `--src-locale` read them (two different languages, under their
    /// canonical codes), every document has a NAME of its own that can name outputs, and no
    /// sentence is empty (a TMX segment never is).
    /// These values name files and keys in the outputs, and a decisions file passes from one
    /// person to another: none is taken on trust.
    pub fn check(&self) -> Result<Languages, ReviewError> {
        let invalid = |message: String| ReviewError::Invalid(message);
        if self.selaras_review != DECISIONS_VERSION {
            return Err(invalid(format!(
                "version {} of the decisions file is not one this selaras reads (version \
                 {DECISIONS_VERSION})",
                self.selaras_review
            )));
        }
        let l = &self.languages;
        let lang = |field: &str, code: &str| {
            crate::lang::Lang::parse(code).map_err(|e| invalid(format!("languages.{field}: {e}")))
        };
        let (src, tgt) = (lang("src", &l.src)?, lang("tgt", &l.tgt)?);
        if src == tgt {
            return Err(invalid(format!(
                "languages.src and languages.tgt are both `{}`: a review has a language on each \
                 side",
                src.code()
            )));
        }
        let languages = Languages::new(src, tgt)
            .with_locales(Some(&l.src_locale), Some(&l.tgt_locale))
            .map_err(|e| invalid(format!("languages: a locale: {e}")))?;
        let mut first = std::collections::HashMap::new();
        for (k, doc) in self.documents.iter().enumerate() {
            if let Some(problem) = super::discover::name_problem(&doc.name) {
                return Err(invalid(format!(
                    "document {} (`{}`): {problem}",
                    k + 1,
                    doc.name.escape_debug()
                )));
            }
            for (side, sentences) in [("src", &doc.src), ("tgt", &doc.tgt)] {
                if let Some(i) = sentences.iter().position(|s| s.trim().is_empty()) {
                    return Err(invalid(format!(
                        "document {} (`{}`): {side}[{i}] is empty: every sentence of a review \
                         has text (the page refuses to empty one; to leave a sentence out, \
                         reject its bead)",
                        k + 1,
                        doc.name.escape_debug()
                    )));
                }
            }
            if let Some(earlier) = first.insert(doc.name.as_str(), k + 1) {
                return Err(invalid(format!(
                    "documents {earlier} and {} are both named `{}`: their outputs would be \
                     written over each other",
                    k + 1,
                    doc.name.escape_debug()
                )));
            }
        }
        Ok(languages)
    }
}

impl ReviewedDoc {
    /// The document as the writers take it, with the decisions applied (see the module docs).
    /// Fails if the beads do not cover every sentence of both sides, in order, once.
    pub fn to_aligned(&self) -> Result<AlignedDoc, ReviewError> {
        let fail = |bead: usize, message: String| ReviewError::Beads {
            doc: self.name.clone(),
            bead,
            message,
        };
        let swapped = self.flags.iter().any(|f| super::check::is_swapped_flag(f));
        let (mut s, mut t) = (0, 0);
        let mut beads = Vec::with_capacity(self.beads.len());
        for (k, b) in self.beads.iter().enumerate() {
            let ([s0, s1], [t0, t1]) = (b.src, b.tgt);
            if s0 != s || t0 != t {
                return Err(fail(
                    k,
                    format!("starts at [{s0}]:[{t0}], where [{s}]:[{t}] was expected"),
                ));
            }
            if s1 < s0 || t1 < t0 || s1 > self.src.len() || t1 > self.tgt.len() {
                return Err(fail(
                    k,
                    format!("[{s0}, {s1}):[{t0}, {t1}) is not a range of the sentences"),
                ));
            }
            if s1 == s0 && t1 == t0 {
                return Err(fail(k, "holds no sentence".to_string()));
            }
            if !(0.0..=1.0).contains(&b.score) {
                return Err(fail(k, format!("score {} is not between 0 and 1", b.score)));
            }
            let bead = |src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score| Bead {
                src,
                tgt,
                score,
                boilerplate: b.boilerplate,
            };
            let decision = match b.decision {
                _ if swapped => Decision::Rejected,
                Decision::Pending if self.excluded => Decision::Rejected,
                decision => decision,
            };
            match decision {
                Decision::Confirmed => beads.push(bead(s0..s1, t0..t1, 1.0)),
                Decision::Rejected if s1 > s0 && t1 > t0 => {
                    beads.push(bead(s0..s1, t0..t0, 0.0));
                    beads.push(bead(s1..s1, t0..t1, 0.0));
                }
                Decision::Rejected => beads.push(bead(s0..s1, t0..t1, 0.0)),
                Decision::Pending => beads.push(bead(s0..s1, t0..t1, b.score)),
            }
            (s, t) = (s1, t1);
        }
        if s != self.src.len() || t != self.tgt.len() {
            return Err(fail(
                self.beads.len(),
                format!(
                    "the beads end at [{s}]:[{t}], before the last sentences [{}]:[{}]",
                    self.src.len(),
                    self.tgt.len()
                ),
            ));
        }
        Ok(AlignedDoc {
            name: self.name.clone(),
            src: self.src.clone(),
            tgt: self.tgt.clone(),
            // A rejected 2-1, or two unaligned sentences merged on the page, leave their
            // sentences unaligned one by one, as the aligner does.
            beads: beads
                .into_iter()
                .flat_map(crate::align::one_sentence_null_beads)
                .collect(),
        })
    }
}

/// Writes a review's documents into the folder `out` (created if missing) in every format of
/// `formats`, under the file names of a run, and returns the files written. Every output is
/// complete before any is renamed into place.
pub fn apply_review(
    decisions: &Decisions,
    out: &Path,
    formats: &[Format],
    filter: Filter,
    creation_epoch: u64,
) -> Result<Vec<PathBuf>, ReviewError> {
    let languages = decisions.check()?;
    let docs = decisions
        .documents
        .iter()
        .map(ReviewedDoc::to_aligned)
        .collect::<Result<Vec<_>, _>>()?;
    let write_error = |source| ReviewError::Write {
        path: out.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(write_error)?;
    let header = TmxHeader {
        creation_date: creation_date(creation_epoch),
    };
    let options = WriterOptions {
        languages: &languages,
        filter,
        header: &header,
        qa_columns: false,
        explainer: None,
    };
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let mut closed = Vec::new();
    let mut paths = Vec::new();
    for format in formats {
        let mut writer =
            open_writer(format, Destination::Folder(out), &options).map_err(write_error)?;
        for (doc, reviewed) in docs.iter().zip(&decisions.documents) {
            writer
                .write_checked(doc, &reviewed.flags)
                .map_err(write_error)?;
        }
        paths.extend(crate::export::output_paths(format, out, &languages));
        closed.extend(writer.close().map_err(write_error)?);
    }
    commit_all(closed).map_err(write_error)?;
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decisions(beads: &str) -> Decisions {
        serde_json::from_str(&format!(
            r#"{{"selaras_review": 1,
                "languages": {{"src": "en", "tgt": "id", "src_locale": "en-US", "tgt_locale": "id"}},
                "documents": [{{"name": "a", "flags": [], "src": ["One.", "Two.", "Three."],
                  "tgt": ["Satu.", "Dua dan tiga."], "beads": {beads}}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn decisions_become_scores_and_rejections_become_omissions() {
        let d = decisions(
            r#"[{"src": [0, 1], "tgt": [0, 1], "score": 0.6, "decision": "confirmed"},
                {"src": [1, 3], "tgt": [1, 2], "score": 0.7, "decision": "rejected", "edited": true}]"#,
        );
        let doc = d.documents[0].to_aligned().unwrap();
        let shape: Vec<_> = doc
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone(), b.score))
            .collect();
        assert_eq!(
            shape,
            [
                (0..1, 0..1, 1.0),
                (1..2, 1..1, 0.0),
                (2..3, 1..1, 0.0),
                (3..3, 1..2, 0.0)
            ]
        );
    }

    #[test]
    fn only_the_confirmed_beads_of_an_excluded_document_count() {
        let mut d = decisions(
            r#"[{"src": [0, 1], "tgt": [0, 1], "score": 0.6, "decision": "confirmed"},
                {"src": [1, 3], "tgt": [1, 2], "score": 0.7, "decision": "pending"}]"#,
        );
        d.documents[0].excluded = true;
        let doc = d.documents[0].to_aligned().unwrap();
        let pairs: Vec<_> = doc.beads.iter().filter(|b| b.is_pair()).collect();
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].score, 1.0);
    }

    #[test]
    fn regression_a_decisions_file_cannot_name_outputs_outside_the_folder_or_twice() {
        let good =
            decisions(r#"[{"src": [0, 3], "tgt": [0, 2], "score": 0.6, "decision": "pending"}]"#);
        let languages = good.check().unwrap();
        assert_eq!(
            (languages.src.as_str(), languages.tgt.as_str()),
            ("en", "id")
        );
        assert_eq!(languages.src_locale, "en-US");
        let refused = |edit: &dyn Fn(&mut Decisions), expected: &str| {
            let mut d = good.clone();
            edit(&mut d);
            let message = d.check().unwrap_err().to_string();
            assert!(message.contains(expected), "{message}");
        };
        refused(&|d| d.selaras_review = 2, "version 2");
        refused(
            &|d| d.languages.src = "x/../../PWNED".into(),
            "languages.src",
        );
        refused(&|d| d.languages.tgt = "english".into(), "languages.tgt");
        refused(&|d| d.languages.tgt = "eng".into(), "both `en`");
        refused(&|d| d.languages.tgt_locale = "id\"><x".into(), "locale");
        refused(
            &|d| d.documents[0].name = "../up".into(),
            "parent (`..`) folder",
        );
        refused(
            &|d| d.documents.push(d.documents[0].clone()),
            "documents 1 and 2 are both named `a`",
        );
    }

    #[test]
    fn regression_the_confirmed_pairs_of_a_swapped_document_are_not_exported() {
        let mut d = decisions(
            r#"[{"src": [0, 1], "tgt": [0, 1], "score": 0.99, "decision": "confirmed"},
                {"src": [1, 3], "tgt": [1, 2], "score": 0.99, "decision": "pending"}]"#,
        );
        d.documents[0].flags = vec![
            "swapped sides: the en side looks like Indonesian and the id side like English; \
             swap the files or the languages"
                .to_string(),
        ];
        let doc = d.documents[0].to_aligned().unwrap();
        assert!(
            doc.beads.iter().all(|b| !b.is_pair() && b.score == 0.0),
            "{:?}",
            doc.beads
        );
    }

    #[test]
    fn beads_that_skip_or_overlap_sentences_are_refused() {
        for beads in [
            r#"[{"src": [0, 1], "tgt": [0, 1], "score": 0.6, "decision": "pending"}]"#,
            r#"[{"src": [0, 2], "tgt": [0, 1], "score": 0.6, "decision": "pending"},
                {"src": [1, 3], "tgt": [1, 2], "score": 0.6, "decision": "pending"}]"#,
            r#"[{"src": [0, 4], "tgt": [0, 2], "score": 0.6, "decision": "pending"}]"#,
        ] {
            assert!(
                matches!(
                    decisions(beads).documents[0].to_aligned(),
                    Err(ReviewError::Beads { .. })
                ),
                "{beads}"
            );
        }
    }

    #[test]
    fn a_review_is_written_in_every_format() {
        let d = decisions(
            r#"[{"src": [0, 1], "tgt": [0, 1], "score": 0.6, "decision": "confirmed"},
                {"src": [1, 3], "tgt": [1, 2], "score": 0.7, "decision": "pending"}]"#,
        );
        let out = tempfile::tempdir().unwrap();
        let paths = apply_review(&d, out.path(), &Format::ALL, Filter::default(), 0).unwrap();
        for path in &paths {
            assert!(path.exists(), "{}", path.display());
        }
        let tmx = std::fs::read_to_string(out.path().join("corpus.tmx")).unwrap();
        assert!(tmx.contains("<prop type=\"x-score\">1.000</prop>"));
        assert!(tmx.contains("xml:lang=\"en-US\"><seg>Two. Three.</seg>"));
    }
}

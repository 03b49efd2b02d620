//! `report.json`: the options of a run, one entry per document (sentence counts, beads by type,
//! mean score, boilerplate left out, warnings, or the error of a failed document), unpaired files,
//! and totals. Entries are streamed to the file as documents complete, so the report never holds
//! the corpus in memory.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::check::{Problem, Side};
use crate::export::{AlignedDoc, AtomicFile, ClosedFile, Filter};

/// What became of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DocStatus {
    /// Aligned and written.
    Ok,
    /// Aligned, but the pair looks wrong (a side in another language, swapped sides, sides
    /// that do not translate each other): its `warnings` say why, and it is kept out of the
    /// bitext unless `--keep-suspect`.
    Suspect,
    /// Not aligned: the entry's `error` says why.
    Failed,
}

/// The per-document entry of the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[non_exhaustive]
pub struct DocReport {
    /// NAME.
    pub name: String,
    /// Aligned, or failed.
    pub status: DocStatus,
    /// Source sentences (boilerplate included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_sentences: Option<usize>,
    /// Target sentences (boilerplate included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tgt_sentences: Option<usize>,
    /// Beads by type (`1-1`, `2-1`, `0-1`, …), boilerplate beads not counted.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub beads: BTreeMap<String, usize>,
    /// Beads written to the bitext formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs_written: Option<usize>,
    /// Mean score of the two-sided beads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_score: Option<f64>,
    /// Boilerplate sentences kept out of the bitext, per side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<SidesCount>,
    /// Things a reader should check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The sentences left without a partner (boilerplate not counted), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unaligned: Vec<Unaligned>,
    /// The pairs with QA flags (numbers, dates, names… one side has and the other lacks), in
    /// order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flagged: Vec<FlaggedPair>,
    /// Why the document failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Pairs the corpus filters dropped from the bitext, by filter (present only when a corpus
    /// filter is on; see [`crate::export::corpus_filter`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered: Option<BTreeMap<&'static str, usize>>,
}

/// A sentence left without a partner: what a reviewer looks for when a translation drops or
/// adds a sentence.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unaligned {
    /// `src` or `tgt`.
    pub side: &'static str,
    /// The sentence's index on its side, from 0 (as in the beads format).
    pub index: usize,
    /// Its first words (at most [`UNALIGNED_WORDS`]), `…` when cut.
    pub start: String,
}

/// A pair with QA flags, for the reviewer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct FlaggedPair {
    /// The bead, as in the beads format (`[3]:[4]`).
    pub bead: String,
    /// Its flags, as in the other formats (`number:1.500:no-tgt`).
    pub flags: Vec<String>,
}

/// How many words of an unaligned sentence the report quotes.
pub const UNALIGNED_WORDS: usize = 8;

/// The first [`UNALIGNED_WORDS`] words of a sentence.
fn first_words(sentence: &str) -> String {
    let mut words = sentence.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(UNALIGNED_WORDS).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

/// How a warning of unreadable characters begins (see [`is_unreadable_warning`]).
const UNREADABLE: &str = "unreadable characters";

/// The warning for a side whose sentences hold U+FFFD, the character a decoder puts where the
/// bytes could not be read (a page that declares UTF-8 and holds a byte of another encoding, say):
/// a translation memory would keep it as text. It says how many there are and where the first
/// one is.
fn unreadable_warning(side: &str, sentences: &[String]) -> Option<String> {
    let first = sentences.iter().position(|s| s.contains('\u{FFFD}'))?;
    let sentence = &sentences[first];
    let count: usize = sentences[first..]
        .iter()
        .map(|s| s.matches('\u{FFFD}').count())
        .sum();
    Some(format!(
        "{UNREADABLE}: the {side} side holds {count} U+FFFD (\u{FFFD}), the mark of bytes its \
         encoding could not read; the first is in sentence [{first}], “{}”",
        first_words(sentence)
    ))
}

/// Whether a document's warning is one of unreadable characters: said on stderr as well as in
/// the report, since the text itself is damaged.
pub(crate) fn is_unreadable_warning(warning: &str) -> bool {
    warning.starts_with(UNREADABLE)
}

/// A count per side.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct SidesCount {
    /// Source side.
    pub src: usize,
    /// Target side.
    pub tgt: usize,
}

impl DocReport {
    /// The entry of an aligned document.
    pub fn aligned(doc: &AlignedDoc, filter: &Filter) -> DocReport {
        let mut beads = BTreeMap::new();
        let mut boilerplate = SidesCount::default();
        let (mut score_sum, mut pairs) = (0.0, 0usize);
        let mut unaligned = 0usize;
        let mut unaligned_list = Vec::new();
        for bead in &doc.beads {
            if bead.boilerplate {
                boilerplate.src += bead.src.len();
                boilerplate.tgt += bead.tgt.len();
                continue;
            }
            *beads.entry(bead.kind()).or_insert(0) += 1;
            if bead.is_pair() {
                score_sum += bead.score;
                pairs += 1;
            } else {
                unaligned += bead.src.len() + bead.tgt.len();
                for (side, range, sentences) in
                    [("src", &bead.src, &doc.src), ("tgt", &bead.tgt, &doc.tgt)]
                {
                    unaligned_list.extend(range.clone().map(|index| Unaligned {
                        side,
                        index,
                        start: first_words(&sentences[index]),
                    }));
                }
            }
        }
        let written = doc.beads.iter().filter(|b| filter.keeps(b)).count();
        let mut warnings = Vec::new();
        let (ns, nt) = (
            doc.src.len() - boilerplate.src,
            doc.tgt.len() - boilerplate.tgt,
        );
        if ns == 0 && nt == 0 {
            warnings.push(
                "empty document: neither side has a sentence to align (the files are empty, \
                 blank or all boilerplate); nothing was aligned"
                    .to_string(),
            );
        } else if ns == 0 || nt == 0 {
            let problem = if ns == 0 {
                Problem::EmptySide {
                    side: Side::Source,
                    other: nt,
                }
            } else {
                Problem::EmptySide {
                    side: Side::Target,
                    other: ns,
                }
            };
            warnings.push(problem.to_string());
        } else {
            let (small, large) = (ns.min(nt) as f64, ns.max(nt) as f64);
            if large >= 4.0 && small / large < 0.5 {
                warnings.push(format!(
                    "very unequal lengths: {ns} source and {nt} target sentences"
                ));
            }
            let total = (ns + nt) as f64;
            if total >= 6.0 && unaligned as f64 / total > 0.3 {
                warnings.push(format!(
                    "many unaligned sentences: {unaligned} of {} left without a partner",
                    ns + nt
                ));
            }
        }
        for (side, sentences) in [("source", &doc.src), ("target", &doc.tgt)] {
            warnings.extend(unreadable_warning(side, sentences));
        }
        DocReport {
            name: doc.name.clone(),
            status: DocStatus::Ok,
            src_sentences: Some(doc.src.len()),
            tgt_sentences: Some(doc.tgt.len()),
            beads,
            pairs_written: Some(written),
            mean_score: (pairs > 0).then(|| (score_sum / pairs as f64 * 1000.0).round() / 1000.0),
            boilerplate: Some(boilerplate),
            warnings,
            unaligned: unaligned_list,
            flagged: Vec::new(),
            error: None,
            filtered: None,
        }
    }

    /// The entry of an aligned and checked document: suspect when `problems` is not empty (they
    /// come first among its warnings), with no pair written unless `written`.
    pub fn checked(
        doc: &AlignedDoc,
        filter: &Filter,
        problems: &[Problem],
        written: bool,
        qa: &crate::align::qa::Qa,
    ) -> DocReport {
        let mut entry = DocReport::aligned(doc, filter);
        entry.flagged = doc
            .beads
            .iter()
            .filter(|b| b.is_pair() && !b.boilerplate)
            .filter_map(|bead| {
                let flags = doc.flags(bead, qa);
                (!flags.is_empty()).then(|| FlaggedPair {
                    bead: crate::export::bead_label(bead),
                    flags: flags.iter().map(|f| f.to_string()).collect(),
                })
            })
            .collect();
        if !problems.is_empty() {
            entry.status = DocStatus::Suspect;
            let mut warnings: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            entry.warnings.retain(|w| !warnings.contains(w));
            warnings.append(&mut entry.warnings);
            entry.warnings = warnings;
        }
        if !written {
            entry.pairs_written = Some(0);
        }
        entry
    }

    /// Counts what the corpus filters dropped of the document (`dropped`, one entry per bead,
    /// from [`crate::export::corpus_filter::CorpusFilter::judge_doc`]): every count of the
    /// filters that are on, zeros included, and the pairs written less the pairs dropped.
    pub fn count_filtered(
        &mut self,
        filters: &crate::export::corpus_filter::CorpusFilters,
        dropped: &[Option<crate::export::corpus_filter::Dropped>],
    ) {
        let mut counts: BTreeMap<&'static str, usize> = filters
            .counted()
            .into_iter()
            .map(|name| (name, 0))
            .collect();
        let mut total = 0;
        for why in dropped.iter().flatten() {
            *counts.entry(why.name()).or_insert(0) += 1;
            total += 1;
        }
        if let Some(written) = &mut self.pairs_written {
            *written = written.saturating_sub(total);
        }
        self.filtered = Some(counts);
    }

    /// The entry of a failed document.
    pub fn failed(name: &str, error: &str) -> DocReport {
        DocReport {
            name: name.to_string(),
            status: DocStatus::Failed,
            src_sentences: None,
            tgt_sentences: None,
            beads: BTreeMap::new(),
            pairs_written: None,
            mean_score: None,
            boilerplate: None,
            warnings: Vec::new(),
            unaligned: Vec::new(),
            flagged: Vec::new(),
            error: Some(error.to_string()),
            filtered: None,
        }
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[non_exhaustive]
pub struct Totals {
    /// Document pairs found.
    pub documents: usize,
    /// Documents aligned.
    pub aligned: usize,
    /// Documents aligned but suspect (kept out of the bitext unless `--keep-suspect`).
    pub suspect: usize,
    /// Documents that failed.
    pub failed: usize,
    /// Files without a partner.
    pub unpaired: usize,
    /// Source sentences.
    pub src_sentences: usize,
    /// Target sentences.
    pub tgt_sentences: usize,
    /// Beads by type, boilerplate not counted.
    pub beads: BTreeMap<String, usize>,
    /// Beads written to the bitext formats.
    pub pairs_written: usize,
    /// Sentences left without a partner (boilerplate not counted).
    pub unaligned_sentences: usize,
    /// Pairs with QA flags.
    pub flagged_pairs: usize,
    /// Boilerplate sentences kept out, per side.
    pub boilerplate: SidesCount,
    /// Mean score of all two-sided beads.
    pub mean_score: Option<f64>,
    /// Pairs the corpus filters dropped from the bitext, by filter (present only when a corpus
    /// filter is on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered: Option<BTreeMap<String, usize>>,
    #[serde(skip)]
    score_sum: f64,
    #[serde(skip)]
    scored: usize,
}

impl Totals {
    pub(crate) fn add(&mut self, entry: &DocReport) {
        match entry.status {
            DocStatus::Ok => self.aligned += 1,
            DocStatus::Suspect => self.suspect += 1,
            DocStatus::Failed => {
                self.failed += 1;
                return;
            }
        }
        self.src_sentences += entry.src_sentences.unwrap_or(0);
        self.tgt_sentences += entry.tgt_sentences.unwrap_or(0);
        let mut pairs = 0;
        for (kind, n) in &entry.beads {
            *self.beads.entry(kind.clone()).or_insert(0) += n;
            if !kind.starts_with("0-") && !kind.ends_with("-0") {
                pairs += n;
            }
        }
        self.pairs_written += entry.pairs_written.unwrap_or(0);
        self.unaligned_sentences += entry.unaligned.len();
        self.flagged_pairs += entry.flagged.len();
        if let Some(counts) = &entry.filtered {
            let totals = self.filtered.get_or_insert_with(BTreeMap::new);
            for (name, n) in counts {
                *totals.entry((*name).to_string()).or_insert(0) += n;
            }
        }
        if let Some(b) = entry.boilerplate {
            self.boilerplate.src += b.src;
            self.boilerplate.tgt += b.tgt;
        }
        if let Some(mean) = entry.mean_score {
            self.score_sum += mean * pairs as f64;
            self.scored += pairs;
        }
        self.mean_score = (self.scored > 0)
            .then(|| (self.score_sum / self.scored as f64 * 1000.0).round() / 1000.0);
    }
}

/// Streams `report.json`: the options first, then each document's entry as it completes, then
/// the unpaired files and totals.
pub struct ReportWriter {
    file: AtomicFile,
    first: bool,
    totals: Totals,
}

impl ReportWriter {
    /// Starts the report at `path` with the run's options.
    pub fn create(path: &Path, options: &impl Serialize) -> io::Result<ReportWriter> {
        let mut file = AtomicFile::create(path)?;
        write!(
            file,
            "{{\n  \"tool\": \"selaras\",\n  \"version\": \"{}\",\n  \"options\": ",
            env!("CARGO_PKG_VERSION")
        )?;
        serde_json::to_writer(&mut file, options)?;
        write!(file, ",\n  \"documents\": [")?;
        Ok(ReportWriter {
            file,
            first: true,
            totals: Totals::default(),
        })
    }

    /// Adds a document's entry.
    pub fn add(&mut self, entry: &DocReport) -> io::Result<()> {
        self.totals.add(entry);
        self.totals.documents += 1;
        write!(self.file, "{}\n    ", if self.first { "" } else { "," })?;
        self.first = false;
        serde_json::to_writer(&mut self.file, entry)?;
        Ok(())
    }

    /// Writes the unpaired files, warnings and totals; returns the totals and the complete
    /// report, to be renamed into place with the run's other outputs.
    pub fn close(
        mut self,
        unpaired: &[String],
        warnings: &[String],
    ) -> io::Result<(Totals, ClosedFile)> {
        self.totals.unpaired = unpaired.len();
        write!(self.file, "\n  ],\n  \"unpaired\": ")?;
        serde_json::to_writer(&mut self.file, unpaired)?;
        write!(self.file, ",\n  \"warnings\": ")?;
        serde_json::to_writer(&mut self.file, warnings)?;
        write!(self.file, ",\n  \"totals\": ")?;
        serde_json::to_writer_pretty(&mut self.file, &self.totals)?;
        writeln!(self.file, "\n}}")?;
        Ok((self.totals, self.file.close()?))
    }
}

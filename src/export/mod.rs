//! Aligned documents to bytes: one writer per format behind one trait, and atomic file output.
//!
//! A [`Writer`] takes the aligned documents of a run one at a time, in order, and writes them as it
//! goes, so memory never holds more than one document. The bitext writers (TMX, CSV, TSV, JSONL,
//! Moses) write only the beads that a [`Filter`] lets through; the beads writer and the review page
//! write every bead.
//! Files are written through [`AtomicFile`]: to a temporary file in the same folder, renamed into
//! place only when complete.

mod atomic;
mod beads;
pub mod corpus_filter;
mod delimited;
mod journal;
mod jsonl;
mod moses;
mod open;
mod review;
mod tmx;

use std::fmt;
use std::io;
use std::str::FromStr;

pub use atomic::{
    commit_all, commit_phase, is_special_file, remove_live_temporaries, remove_stale_temporaries,
    AtomicFile, ClosedFile, OutputLock, StagingDir, LOCK_FILE, TEMP_SUFFIX,
};
pub use beads::{beads_text, beads_text_flagged, BeadsTextWriter, BeadsWriter};
pub use delimited::{tsv_escape, CsvWriter, TsvWriter};
pub use journal::{commit_set, complete_interrupted_commit, JOURNAL};
pub use jsonl::JsonlWriter;
pub use moses::MosesWriter;
pub use open::{open_writer, output_paths, Destination, WriterOptions};
pub use review::{ReviewWriter, REVIEW_FILE};
pub use tmx::{creation_date, TmxHeader, TmxWriter};

use crate::align::qa::{Flag, Qa};
use crate::align::Bead;
use crate::lang::{Lang, LangError};

/// One aligned document: its name, its sentences (as written to the bitext: whitespace collapsed)
/// and its beads.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedDoc {
    /// The document's NAME (its path relative to the corpus folder, without language and extension).
    pub name: String,
    /// Source sentences.
    pub src: Vec<String>,
    /// Target sentences.
    pub tgt: Vec<String>,
    /// Beads covering every sentence of both sides, in order.
    pub beads: Vec<Bead>,
}

impl AlignedDoc {
    /// The text of a bead's source side: its sentences joined by one space.
    pub fn src_text(&self, bead: &Bead) -> String {
        self.src[bead.src.clone()].join(" ")
    }

    /// The text of a bead's target side: its sentences joined by one space.
    pub fn tgt_text(&self, bead: &Bead) -> String {
        self.tgt[bead.tgt.clone()].join(" ")
    }

    /// The QA flags of a bead (see [`crate::align::qa`]): what one side has that the other lacks.
    pub fn flags(&self, bead: &Bead, qa: &Qa) -> Vec<Flag> {
        if bead.boilerplate {
            return Vec::new();
        }
        qa.flags(&self.src[bead.src.clone()], &self.tgt[bead.tgt.clone()])
    }

    /// The pairs of the document, in order, as the bitext formats write them by default: every
    /// bead with a sentence on both sides that is not boilerplate, with its text and score.
    pub fn bitext(&self) -> impl Iterator<Item = BeadText<'_>> + '_ {
        self.beads
            .iter()
            .filter(|bead| Filter::default().keeps(bead))
            .map(|bead| BeadText {
                src: self.src_text(bead),
                tgt: self.tgt_text(bead),
                score: bead.score,
                bead,
            })
    }
}

/// A bead with the text of both sides (see [`AlignedDoc::bitext`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BeadText<'a> {
    /// The source side: its sentences joined by one space.
    pub src: String,
    /// The target side.
    pub tgt: String,
    /// The calibrated confidence, 0 to 1, three decimals.
    pub score: f64,
    /// The bead: which sentences of each side it holds.
    pub bead: &'a Bead,
}

/// Joins `sentences` with one space into `out`, which is cleared first: a bead's text in a buffer
/// that a writer keeps from bead to bead.
pub fn join_into(out: &mut String, sentences: &[String]) {
    out.clear();
    for (k, sentence) in sentences.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(sentence);
    }
}

/// The two languages of a run, as codes (`en`) and, for TMX, as locales (`en-US`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// Source language code: the CSV/TSV/JSONL column and the Moses file extension.
    pub src: String,
    /// Target language code.
    pub tgt: String,
    /// Source `xml:lang` for TMX.
    pub src_locale: String,
    /// Target `xml:lang` for TMX.
    pub tgt_locale: String,
}

impl Languages {
    /// The QA rules of the pair (see [`crate::align::qa`]).
    pub fn qa(&self) -> Qa {
        Qa::new(Lang::lenient(&self.src), Lang::lenient(&self.tgt))
    }

    /// The languages of a run, each written under its canonical code, in TMX as well.
    pub fn new(src: Lang, tgt: Lang) -> Languages {
        Languages {
            src: src.code().to_string(),
            tgt: tgt.code().to_string(),
            src_locale: src.code().to_string(),
            tgt_locale: tgt.code().to_string(),
        }
    }

    /// The same languages with other TMX locales (such as `en-US`), read by
    /// [`crate::lang::locale`] into the BCP 47 form TMX readers expect.
    pub fn with_locales(
        mut self,
        src_locale: Option<&str>,
        tgt_locale: Option<&str>,
    ) -> Result<Languages, LangError> {
        if let Some(locale) = src_locale {
            self.src_locale = crate::lang::locale(locale)?;
        }
        if let Some(locale) = tgt_locale {
            self.tgt_locale = crate::lang::locale(locale)?;
        }
        Ok(self)
    }
}

/// Which beads reach the bitext formats.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Filter {
    /// Leave out beads scored below this.
    pub min_score: Option<f64>,
    /// Keep beads with an empty side (1-0, 0-1). Boilerplate is never kept.
    pub keep_unaligned: bool,
    /// Keep the documents that look wrong (a side in another language, swapped sides, sides
    /// that do not translate each other) in the bitext.
    pub keep_suspect: bool,
}

impl Filter {
    /// The same filter, leaving out the beads scored below `min_score` (`None`: none).
    pub fn with_min_score(mut self, min_score: Option<f64>) -> Filter {
        self.min_score = min_score;
        self
    }

    /// The same filter, keeping (or not) the beads with one side empty.
    pub fn with_keep_unaligned(mut self, keep_unaligned: bool) -> Filter {
        self.keep_unaligned = keep_unaligned;
        self
    }

    /// The same filter, keeping (or not) the documents that look wrong.
    pub fn with_keep_suspect(mut self, keep_suspect: bool) -> Filter {
        self.keep_suspect = keep_suspect;
        self
    }

    /// Whether a bead goes into the bitext.
    pub fn keeps(&self, bead: &Bead) -> bool {
        if bead.boilerplate {
            return false;
        }
        if !bead.is_pair() && !self.keep_unaligned {
            return false;
        }
        match self.min_score {
            Some(min) => bead.score >= min,
            None => true,
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// TMX 1.4b translation memory.
    Tmx,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// Tab-separated values with `\t`, `\n`, `\\` escapes.
    Tsv,
    /// JSON lines in the Hugging Face `translation` shape.
    Jsonl,
    /// Two line-parallel plain-text files.
    Moses,
    /// One `.beads` file per document, every bead with its score.
    Beads,
    /// One self-contained HTML page to review and correct the alignment in a browser.
    Review,
}

impl Format {
    /// Every format, in the order the README lists them.
    pub const ALL: [Format; 7] = [
        Format::Tmx,
        Format::Csv,
        Format::Tsv,
        Format::Jsonl,
        Format::Moses,
        Format::Beads,
        Format::Review,
    ];

    /// The format's name, as given to `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Moses => "moses",
            Format::Beads => "beads",
            Format::Review => "review",
        }
    }

    /// The format a file name's extension implies, if any (`.html` and `.htm`: the review page).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "html" || ext == "htm" {
            return Some(Format::Review);
        }
        Format::from_str(&ext).ok()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for an unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of: tmx, csv, tsv, jsonl, moses, beads, review)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// A sink for aligned documents. Documents arrive in output order; `close` completes the output
/// (closing tags, flushing) and hands back its files, complete but not yet renamed into place,
/// so that a run can rename all its outputs together once every one of them is complete.
pub trait Writer: Send {
    /// Writes one document.
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()>;
    /// Writes one document with what the checks found wrong with it, one sentence per finding
    /// (empty: nothing). Only the review page shows the findings; the other formats write the
    /// document as [`Writer::write_doc`] does.
    fn write_checked(&mut self, doc: &AlignedDoc, flags: &[String]) -> io::Result<()> {
        let _ = flags;
        self.write_doc(doc)
    }
    /// Takes a document that the checks keep out of the bitext (`flags`: what they found). Only
    /// the review page writes it, so that a reviewer can still confirm its pairs; the other
    /// formats leave it out.
    fn write_excluded(&mut self, doc: &AlignedDoc, flags: &[String]) -> io::Result<()> {
        let _ = (doc, flags);
        Ok(())
    }
    /// Completes the output and returns its files, closed, for [`commit_all`]. Until they are
    /// committed, no final file exists under its final name.
    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>>;
    /// Completes the output and renames its files into place.
    fn finish(self: Box<Self>) -> io::Result<()> {
        commit_all(self.close()?)
    }
}

/// What a writer does with its sink when the output is complete: an [`AtomicFile`] becomes the
/// [`ClosedFile`] to rename into place ([`close_file`]); another sink (stdout, memory) is
/// flushed and gives nothing.
pub type Close<W> = fn(W) -> io::Result<Option<ClosedFile>>;

/// The [`Close`] of an [`AtomicFile`].
pub fn close_file(file: AtomicFile) -> io::Result<Option<ClosedFile>> {
    file.close().map(Some)
}

/// A bead as written in text: `[0]:[0]`, `[1,2]:[3]`, `[]:[4]`.
///
/// ```
/// use selaras::{align::Bead, export::bead_label};
/// let bead = Bead { src: 1..3, tgt: 3..3, score: 0.5, boilerplate: false };
/// assert_eq!(bead_label(&bead), "[1,2]:[]");
/// ```
pub fn bead_label(bead: &Bead) -> String {
    let mut out = Vec::with_capacity(16);
    write_bead_label(&mut out, bead).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("a bead label is ASCII")
}

/// Writes [`bead_label`] to `w` without building it first.
pub fn write_bead_label<W: io::Write + ?Sized>(w: &mut W, bead: &Bead) -> io::Result<()> {
    let list = |w: &mut W, r: std::ops::Range<usize>| -> io::Result<()> {
        w.write_all(b"[")?;
        for (k, i) in r.enumerate() {
            if k > 0 {
                w.write_all(b",")?;
            }
            write!(w, "{i}")?;
        }
        w.write_all(b"]")
    };
    list(w, bead.src.clone())?;
    w.write_all(b":")?;
    list(w, bead.tgt.clone())
}

/// A score as written in every format: three decimals.
pub fn score_text(score: f64) -> String {
    let mut out = Vec::with_capacity(5);
    write_score(&mut out, score).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("a score is ASCII")
}

/// Writes [`score_text`] to `w` without building it first.
pub fn write_score<W: io::Write + ?Sized>(w: &mut W, score: f64) -> io::Result<()> {
    write!(w, "{score:.3}")
}

/// Removes the characters that XML 1.0 forbids (most C0 controls, unpaired surrogates cannot occur
/// in Rust strings, U+FFFE, U+FFFF), keeping tab, line feed and carriage return.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::lang::Lang;

    /// A small document with hostile text: markup characters, quotes, emoji, NFD accents, a
    /// vertical tab, a tab and a backslash.
    pub fn hostile_doc() -> AlignedDoc {
        AlignedDoc {
            name: "news/<odd> & \"name\"".to_string(),
            src: vec![
                "Tom & Jerry <b>said</b> \"hi\" 'there' 🙂.".to_string(),
                "Cafe\u{301} costs \\ 5\tdollars\u{0B}.".to_string(),
                "Dropped sentence.".to_string(),
            ],
            tgt: vec![
                "Tom & Jerry <b>berkata</b> “hai” 🙂.".to_string(),
                "Kafe\u{301} seharga \\ 5\tdolar\u{FFFF}.".to_string(),
                "Baca juga: lain".to_string(),
            ],
            beads: vec![
                Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.97,
                    boilerplate: false,
                },
                Bead {
                    src: 1..2,
                    tgt: 1..2,
                    score: 0.5,
                    boilerplate: false,
                },
                Bead {
                    src: 2..3,
                    tgt: 2..2,
                    score: 0.0,
                    boilerplate: false,
                },
                Bead {
                    src: 3..3,
                    tgt: 2..3,
                    score: 0.0,
                    boilerplate: true,
                },
            ],
        }
    }

    pub fn languages() -> Languages {
        Languages::new(Lang::EN, Lang::ID)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn locales_are_bcp47() {
        let languages = Languages::new(Lang::EN, Lang::ID)
            .with_locales(Some("en-us"), Some("in_ID"))
            .unwrap();
        assert_eq!(
            (languages.src.as_str(), languages.tgt.as_str()),
            ("en", "id")
        );
        assert_eq!(languages.src_locale, "en-US");
        assert_eq!(languages.tgt_locale, "id-ID");
        assert!(Languages::new(Lang::EN, Lang::ID)
            .with_locales(Some("en US"), None)
            .is_err());
    }

    #[test]
    fn filter_drops_boilerplate_unaligned_and_low_scores() {
        let doc = test_support::hostile_doc();
        let all = Filter::default()
            .with_min_score(None)
            .with_keep_unaligned(true);
        let kept: Vec<bool> = doc.beads.iter().map(|b| all.keeps(b)).collect();
        assert_eq!(kept, [true, true, true, false]);
        let strict = Filter::default()
            .with_min_score(Some(0.9))
            .with_keep_unaligned(false);
        let kept: Vec<bool> = doc.beads.iter().map(|b| strict.keeps(b)).collect();
        assert_eq!(kept, [true, false, false, false]);
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("xlsx".parse::<Format>().is_err());
        assert_eq!(
            Format::from_extension("a/b.TMX".as_ref()),
            Some(Format::Tmx)
        );
        assert_eq!(
            Format::from_extension("review.html".as_ref()),
            Some(Format::Review)
        );
    }

    #[test]
    fn xml_safe_removes_forbidden_characters() {
        assert_eq!(xml_safe("a\u{0B}b\u{FFFF}c\u{1}\td"), "abc\td");
        assert!(matches!(xml_safe("ok 🙂"), std::borrow::Cow::Borrowed(_)));
    }
}

//! The review page: one self-contained HTML file in which a translator checks and corrects the
//! alignment before it becomes a translation memory.
//!
//! The page (`review/page.html`, HTML, CSS and JavaScript inline, nothing fetched) is written in
//! three parts: its head with the run's languages, one JSON block per document as the document
//! arrives (its sentences, its beads, what the checks found), and its tail, the script that
//! reads the blocks and draws them. Memory holds one document at a time, as in every writer.
//!
//! A JSON block is `<script type="application/json" class="selaras-doc">`; every `<` in it is
//! written `\u003c`, so no text can close the block (`</script>`) or open a comment.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::align::explain::{Explainer, Reason, ReasonKind};
use crate::lang::Lang;

use super::tmx::{write_content, write_escaped};
use super::{close_file, AlignedDoc, AtomicFile, Close, ClosedFile, Languages, TmxHeader, Writer};

/// The review page's file name in a run's output folder.
pub const REVIEW_FILE: &str = "review.html";

/// The page, with the places of the run's data marked.
const PAGE: &str = include_str!("review/page.html");
/// Where the run's languages and date go.
const META_MARK: &str = "<!--selaras:meta-->";
/// Where the documents go.
const DOCS_MARK: &str = "<!--selaras:docs-->";

/// What the page needs to know of the run: languages for the TMX it exports, the TMX date, and
/// the version of selaras that wrote it.
#[derive(Serialize)]
struct Meta<'a> {
    tool: &'static str,
    version: &'static str,
    src: &'a str,
    tgt: &'a str,
    src_locale: &'a str,
    tgt_locale: &'a str,
    created: &'a str,
}

/// One document as the page reads it. A bead is `[src start, src end, tgt start, tgt end,
/// score, boilerplate (0 or 1), QA flags, reasons]` (the flags as the other formats write them,
/// an empty list for most pairs; the reasons of a pair as `[kind, source token]` when the target
/// token is the same, else `[kind, source token, target token]`, the kind one letter of
/// [`reason_letter`]): arrays rather than objects keep the page small.
#[derive(Serialize)]
struct DocBlock<'a> {
    name: &'a str,
    flags: &'a [String],
    /// Kept out of the bitext by the checks: only the pairs a reviewer confirms are exported.
    excluded: bool,
    /// The sides are swapped (see [`crate::pipeline::is_swapped_flag`]): no pair is exported,
    /// confirmed or not.
    swapped: bool,
    src: &'a [String],
    tgt: &'a [String],
    beads: Vec<BeadRow>,
}

/// A bead as the page reads it (see [`DocBlock`]).
type BeadRow = (
    usize,
    usize,
    usize,
    usize,
    f64,
    u8,
    Vec<String>,
    Vec<Vec<String>>,
);

/// The letter of a reason's kind on the page.
fn reason_letter(kind: ReasonKind) -> &'static str {
    match kind {
        ReasonKind::Number => "n",
        ReasonKind::Link => "l",
        ReasonKind::Name => "a",
        ReasonKind::Dictionary => "d",
        ReasonKind::Learned => "w",
        ReasonKind::Cognate => "c",
    }
}

/// A pair's reasons as the page reads them (see [`DocBlock`]).
fn reason_rows(reasons: Vec<Reason>) -> Vec<Vec<String>> {
    reasons
        .into_iter()
        .map(|r| {
            let mut row = vec![reason_letter(r.kind).to_string(), r.src];
            if row[1] != r.tgt {
                row.push(r.tgt);
            }
            row
        })
        .collect()
}

/// Writes the review page.
pub struct ReviewWriter<W: Write + Send = AtomicFile> {
    sink: W,
    commit: Close<W>,
    /// The JSON of the current document, kept from document to document.
    buffer: Vec<u8>,
    /// The QA rules of the pair, for each bead's flags.
    qa: crate::align::qa::Qa,
    /// What finds each pair's reasons.
    explainer: Explainer,
    /// How many pairs are still to be written as static rows (see [`STATIC_PAIRS`]).
    static_left: usize,
}

/// How many pairs, from the first document on, are also written as plain HTML rows, so that the
/// first screens' text is in the page before (and without) its script; the script replaces them
/// with its own rows when it draws.
const STATIC_PAIRS: usize = 60;

impl ReviewWriter<AtomicFile> {
    /// Starts a review page at `path`.
    pub fn create(path: &Path, languages: &Languages, header: &TmxHeader) -> io::Result<Self> {
        ReviewWriter::new(AtomicFile::create(path)?, languages, header, close_file)
    }
}

impl<W: Write + Send> ReviewWriter<W> {
    /// A review page over any byte sink; writes the page's head at once.
    pub fn new(
        mut sink: W,
        languages: &Languages,
        header: &TmxHeader,
        commit: Close<W>,
    ) -> io::Result<Self> {
        let (head, _) = split_page();
        let (before, after) = head
            .split_once(META_MARK)
            .expect("the page marks its meta block");
        let meta = Meta {
            tool: "selaras",
            version: env!("CARGO_PKG_VERSION"),
            src: &languages.src,
            tgt: &languages.tgt,
            src_locale: &languages.src_locale,
            tgt_locale: &languages.tgt_locale,
            created: &header.creation_date,
        };
        let mut buffer = Vec::new();
        serde_json::to_writer(&mut buffer, &meta)?;
        sink.write_all(before.as_bytes())?;
        sink.write_all(b"<script type=\"application/json\" id=\"selaras-meta\">")?;
        write_script_safe(&mut sink, &buffer)?;
        sink.write_all(b"</script>")?;
        sink.write_all(after.as_bytes())?;
        Ok(ReviewWriter {
            qa: languages.qa(),
            explainer: Explainer::for_pair(
                Lang::lenient(&languages.src),
                Lang::lenient(&languages.tgt),
            ),
            sink,
            commit,
            buffer,
            static_left: STATIC_PAIRS,
        })
    }

    /// The same writer, finding each pair's reasons with `explainer` (a run's fitted model:
    /// its learned lexicon and dictionary) instead of the language pair's bundled dictionary.
    pub fn with_explainer(mut self, explainer: Explainer) -> Self {
        self.explainer = explainer;
        self
    }
}

/// The page before and after its documents.
fn split_page() -> (&'static str, &'static str) {
    PAGE.split_once(DOCS_MARK)
        .expect("the page marks where its documents go")
}

/// Writes JSON into a script block: `<` as `\u003c` (a `<` occurs only inside JSON strings, where
/// the escape means the same character).
fn write_script_safe<W: Write + ?Sized>(w: &mut W, json: &[u8]) -> io::Result<()> {
    let mut start = 0;
    for (i, &b) in json.iter().enumerate() {
        if b == b'<' {
            w.write_all(&json[start..i])?;
            w.write_all(b"\\u003c")?;
            start = i + 1;
        }
    }
    w.write_all(&json[start..])
}

impl<W: Write + Send> Writer for ReviewWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        self.write_block(doc, &[], false)
    }

    fn write_checked(&mut self, doc: &AlignedDoc, flags: &[String]) -> io::Result<()> {
        self.write_block(doc, flags, false)
    }

    fn write_excluded(&mut self, doc: &AlignedDoc, flags: &[String]) -> io::Result<()> {
        self.write_block(doc, flags, true)
    }

    fn close(mut self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        let (_, tail) = split_page();
        self.sink.write_all(tail.as_bytes())?;
        self.sink.flush()?;
        Ok((self.commit)(self.sink)?.into_iter().collect())
    }
}

impl<W: Write + Send> ReviewWriter<W> {
    /// Writes the document's first pairs as plain HTML rows while [`STATIC_PAIRS`] lasts, escaped as
    /// the TMX's element content is (HTML reads it the same way).
    fn write_static_rows(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        if self.static_left == 0 {
            return Ok(());
        }
        self.sink.write_all(b"<div class=\"selaras-static\"><h2>")?;
        write_escaped(&mut self.sink, &doc.name)?;
        self.sink.write_all(b"</h2>\n")?;
        for b in doc
            .beads
            .iter()
            .filter(|b| b.is_pair())
            .take(self.static_left)
        {
            self.static_left -= 1;
            self.sink.write_all(b"<p><span>")?;
            write_content(&mut self.sink, &doc.src[b.src.clone()])?;
            self.sink.write_all(b"</span><span>")?;
            write_content(&mut self.sink, &doc.tgt[b.tgt.clone()])?;
            self.sink.write_all(b"</span></p>\n")?;
        }
        self.sink.write_all(b"</div>\n")
    }

    /// Writes one document's static rows, then its JSON block.
    fn write_block(
        &mut self,
        doc: &AlignedDoc,
        flags: &[String],
        excluded: bool,
    ) -> io::Result<()> {
        self.write_static_rows(doc)?;
        let block = DocBlock {
            name: &doc.name,
            flags,
            excluded,
            swapped: flags.iter().any(|f| crate::pipeline::is_swapped_flag(f)),
            src: &doc.src,
            tgt: &doc.tgt,
            beads: doc
                .beads
                .iter()
                .map(|b| {
                    let score = (b.score * 1000.0).round() / 1000.0;
                    let (flags, reasons) = if b.is_pair() && !b.boilerplate {
                        let src: Vec<&str> =
                            doc.src[b.src.clone()].iter().map(|s| s.as_str()).collect();
                        let tgt: Vec<&str> =
                            doc.tgt[b.tgt.clone()].iter().map(|s| s.as_str()).collect();
                        (
                            doc.flags(b, &self.qa)
                                .iter()
                                .map(|f| f.to_string())
                                .collect(),
                            reason_rows(self.explainer.explain(&src, &tgt)),
                        )
                    } else {
                        (Vec::new(), Vec::new())
                    };
                    (
                        b.src.start,
                        b.src.end,
                        b.tgt.start,
                        b.tgt.end,
                        score,
                        u8::from(b.boilerplate),
                        flags,
                        reasons,
                    )
                })
                .collect(),
        };
        self.buffer.clear();
        serde_json::to_writer(&mut self.buffer, &block)?;
        self.sink
            .write_all(b"<script type=\"application/json\" class=\"selaras-doc\">")?;
        write_script_safe(&mut self.sink, &self.buffer)?;
        self.sink.write_all(b"</script>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};
    use crate::export::{creation_date, AlignedDoc};

    fn render(docs: &[(AlignedDoc, Vec<String>)]) -> String {
        let header = TmxHeader {
            creation_date: creation_date(0),
        };
        let mut w =
            Box::new(ReviewWriter::new(Vec::new(), &languages(), &header, |_| Ok(None)).unwrap());
        for (doc, flags) in docs {
            w.write_checked(doc, flags).unwrap();
        }
        let (_, tail) = split_page();
        w.sink.write_all(tail.as_bytes()).unwrap();
        String::from_utf8(w.sink).unwrap()
    }

    #[test]
    fn a_document_kept_out_of_the_bitext_is_still_shown() {
        let header = TmxHeader {
            creation_date: creation_date(0),
        };
        let mut w = ReviewWriter::new(Vec::new(), &languages(), &header, |_| Ok(None)).unwrap();
        w.write_excluded(&hostile_doc(), &["not a translation".to_string()])
            .unwrap();
        let read = blocks(&String::from_utf8(w.sink).unwrap());
        assert_eq!(read[0]["excluded"], true);
        assert_eq!(read[0]["flags"][0], "not a translation");
    }

    /// The JSON blocks of a page, read back.
    fn blocks(page: &str) -> Vec<serde_json::Value> {
        let open = "<script type=\"application/json\" class=\"selaras-doc\">";
        page.split(open)
            .skip(1)
            .map(|rest| serde_json::from_str(rest.split_once("</script>").unwrap().0).unwrap())
            .collect()
    }

    #[test]
    fn the_page_refers_to_nothing_outside_itself() {
        let page = render(&[(hostile_doc(), Vec::new())]);
        for needle in ["http:", "https:", "//", "@import"] {
            assert!(!PAGE.contains(needle), "the page holds {needle}");
        }
        let lower = page.to_ascii_lowercase();
        for attr in ["src=", "href=", "url("] {
            // A CSS `url(` stands alone; the script's `createObjectURL(` is no reference.
            let standalone = lower
                .match_indices(attr)
                .any(|(i, _)| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric());
            assert!(!standalone, "the page holds {attr}");
        }
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.trim_end().ends_with("</html>"));
    }

    #[test]
    fn text_cannot_close_its_block() {
        let mut doc = hostile_doc();
        doc.src[0] = "a </script><script>alert(1)</script> <!-- b".to_string();
        let page = render(&[(doc.clone(), vec!["sides swapped <x>".to_string()])]);
        assert_eq!(page.matches("</script>").count(), 3);
        let read = blocks(&page);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0]["src"][0], doc.src[0].as_str());
        assert_eq!(read[0]["flags"][0], "sides swapped <x>");
        assert_eq!(read[0]["name"], doc.name.as_str());
    }

    #[test]
    fn the_first_pairs_are_plain_text_in_the_page_before_its_script_runs() {
        let mut doc = hostile_doc();
        doc.src[0] = "Fish & <chips>".to_string();
        let page = render(&[(doc.clone(), Vec::new())]);
        let before_blocks = &page[..page.find("class=\"selaras-doc\"").unwrap()];
        assert!(before_blocks.contains("<div class=\"selaras-static\">"));
        assert!(before_blocks.contains("Fish &amp; &lt;chips&gt;"));
        let pairs = doc.beads.iter().filter(|b| b.is_pair()).count();
        assert_eq!(before_blocks.matches("<p><span>").count(), pairs);
        // Only the first screens: a long run writes STATIC_PAIRS rows in all.
        let many: Vec<_> = (0..STATIC_PAIRS)
            .map(|_| (doc.clone(), Vec::new()))
            .collect();
        assert_eq!(render(&many).matches("<p><span>").count(), STATIC_PAIRS);
    }

    #[test]
    fn a_pair_carries_its_qa_flags() {
        let mut doc = hostile_doc();
        doc.src[0] = "Prices rose 5 percent on Monday.".to_string();
        doc.tgt[0] = "Harga naik 9 persen pada Senin.".to_string();
        let read = blocks(&render(&[(doc, Vec::new())]));
        let flags = &read[0]["beads"][0][6];
        assert_eq!(
            flags,
            &serde_json::json!(["number:5:no-tgt", "number:9:no-src"])
        );
    }

    #[test]
    fn every_bead_is_written_with_its_score_and_kind() {
        let doc = hostile_doc();
        let page = render(&[(doc.clone(), Vec::new()), (doc.clone(), Vec::new())]);
        let read = blocks(&page);
        assert_eq!(read.len(), 2);
        assert_eq!(read[0]["excluded"], false);
        let beads = read[0]["beads"].as_array().unwrap();
        assert_eq!(beads.len(), doc.beads.len());
        assert_eq!(
            beads[0].as_array().unwrap()[..7],
            serde_json::json!([0, 1, 0, 1, 0.97, 0, []])
                .as_array()
                .unwrap()[..]
        );
        assert_eq!(beads[3], serde_json::json!([3, 3, 2, 3, 0.0, 1, [], []]));
        assert_eq!(read[0]["tgt"][1], doc.tgt[1].as_str());
        let meta = page.split_once("id=\"selaras-meta\">").unwrap().1;
        let meta: serde_json::Value =
            serde_json::from_str(meta.split_once("</script>").unwrap().0).unwrap();
        assert_eq!(meta["src_locale"], "en");
        assert_eq!(meta["created"], "19700101T000000Z");
    }
}

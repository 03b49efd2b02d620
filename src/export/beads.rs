//! The `.beads` format: one file per document, every bead with its score, its mark and its QA
//! flags.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::align::qa::{flags_text, Qa};

use super::{bead_label, score_text, AlignedDoc, Close, ClosedFile, Languages, StagingDir, Writer};

/// The `.beads` text of a document: one line per bead, `[0]:[0]\t0.970`, boilerplate beads
/// marked `\tboilerplate`.
pub fn beads_text(doc: &AlignedDoc) -> String {
    beads_lines(doc, None)
}

/// The `.beads` text of a document with each pair's QA flags (see [`crate::align::qa`]) as a
/// fourth field after the mark field, their texts separated by spaces:
/// `[0]:[0]\t0.970\t\tnumber:1.500:no-tgt`. A bead without flags is written as by
/// [`beads_text`]; a reader of the first three fields reads both alike.
pub fn beads_text_flagged(doc: &AlignedDoc, qa: &Qa) -> String {
    beads_lines(doc, Some(qa))
}

fn beads_lines(doc: &AlignedDoc, qa: Option<&Qa>) -> String {
    let mut out = String::with_capacity(doc.beads.len() * 16);
    for bead in &doc.beads {
        out.push_str(&bead_label(bead));
        out.push('\t');
        out.push_str(&score_text(bead.score));
        let flags = qa.map(|qa| doc.flags(bead, qa)).unwrap_or_default();
        if bead.boilerplate || !flags.is_empty() {
            out.push('\t');
        }
        if bead.boilerplate {
            out.push_str("boilerplate");
        }
        if !flags.is_empty() {
            out.push('\t');
            out.push_str(&flags_text(&flags));
        }
        out.push('\n');
    }
    out
}

/// Writes `DIR/NAME.beads` for each document (NAME may hold folders).
///
/// Each file is written complete into a staging folder beside `DIR` as its document arrives, and
/// all of them are renamed into place together, with the other outputs (`close`, then
/// `commit_all`): a run that stops early leaves every `.beads` file of an earlier run as it was,
/// and memory does not grow with the number of documents. A run that completes leaves the
/// `.beads` files of its own documents only: one left by an earlier run for a document that has
/// since failed or left the corpus is removed, as it is from the other formats.
#[derive(Debug)]
pub struct BeadsWriter {
    dir: PathBuf,
    qa: Qa,
    staging: Option<StagingDir>,
}

impl BeadsWriter {
    /// A writer into `dir`, flagging pairs with the QA rules of `languages`.
    pub fn new(dir: PathBuf, languages: &Languages) -> BeadsWriter {
        BeadsWriter {
            dir,
            qa: languages.qa(),
            staging: None,
        }
    }
}

impl Writer for BeadsWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let staging = match &mut self.staging {
            Some(staging) => staging,
            None => self
                .staging
                .insert(StagingDir::create(&self.dir)?.replacing(".beads")),
        };
        let text = beads_text_flagged(doc, &self.qa);
        staging.write_file(&format!("{}.beads", doc.name), text.as_bytes())
    }

    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        // A run in which no document was aligned still replaces the earlier `.beads` files.
        let staging = match self.staging {
            Some(staging) => staging,
            None => StagingDir::create(&self.dir)?.replacing(".beads"),
        };
        Ok(vec![staging.close()])
    }
}

/// Writes the `.beads` text of every document, one after the other, to one sink: a file or
/// stdout (`selaras align --format beads`).
pub struct BeadsTextWriter<W: Write + Send> {
    sink: W,
    qa: Qa,
    commit: Close<W>,
}

impl<W: Write + Send> BeadsTextWriter<W> {
    /// A writer over any byte sink; `commit` is called on the sink by `close`.
    pub fn new(sink: W, languages: &Languages, commit: Close<W>) -> Self {
        BeadsTextWriter {
            sink,
            qa: languages.qa(),
            commit,
        }
    }
}

impl<W: Write + Send> Writer for BeadsTextWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        self.sink
            .write_all(beads_text_flagged(doc, &self.qa).as_bytes())
    }

    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        let this = *self;
        Ok((this.commit)(this.sink)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};

    #[test]
    fn flags_come_after_the_mark_field_and_parse_beads_reads_past_them() {
        let mut doc = hostile_doc();
        doc.src[0] = "Lavrov paid 1.500 dollars to Blinken.".to_string();
        doc.tgt[0] = "Lavrov membayar 1,600 dolar.".to_string();
        doc.beads[3].boilerplate = false;
        let text = beads_text_flagged(&doc, &languages().qa());
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "[0]:[0]\t0.970\t\tnumber:1.500:no-tgt name:Blinken:no-tgt number:1,600:no-src"
        );
        let parsed = crate::eval::parse_beads(&text).unwrap();
        assert_eq!(parsed[0], ((vec![0], vec![0]), None));
        assert_eq!(parsed.len(), 4);
    }

    #[test]
    fn every_bead_is_listed_with_marks() {
        let text = beads_text(&hostile_doc());
        assert_eq!(
            text,
            "[0]:[0]\t0.970\n[1]:[1]\t0.500\n[2]:[]\t0.000\n[]:[2]\t0.000\tboilerplate\n"
        );
    }

    #[test]
    fn writes_nested_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = hostile_doc();
        doc.name = "news/2024/a".to_string();
        let mut w = Box::new(BeadsWriter::new(dir.path().join("beads"), &languages()));
        w.write_doc(&doc).unwrap();
        let path = dir.path().join("beads/news/2024/a.beads");
        assert!(!path.exists(), "renamed into place only by finish");
        w.finish().unwrap();
        let back = std::fs::read_to_string(&path).unwrap();
        assert_eq!(crate::eval::parse_beads(&back).unwrap().len(), 4);
    }
}

#[cfg(test)]
mod stopped_early {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};

    #[test]
    fn a_writer_dropped_before_finish_leaves_old_files_and_no_temporaries() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("beads");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.beads"), "old").unwrap();
        let mut doc = hostile_doc();
        doc.name = "a".to_string();
        let mut w = Box::new(BeadsWriter::new(dir.clone(), &languages()));
        w.write_doc(&doc).unwrap();
        doc.name = "b".to_string();
        w.write_doc(&doc).unwrap();
        drop(w);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.beads"]);
        assert_eq!(std::fs::read_to_string(dir.join("a.beads")).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "no staging folder"
        );
    }
}

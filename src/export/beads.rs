//! The `.beads` format: one file per document, every bead with its score and mark.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{bead_label, score_text, AlignedDoc, Close, ClosedFile, StagingDir, Writer};

/// The `.beads` text of a document: one line per bead, `[0]:[0]\t0.970`, boilerplate beads
/// marked `\tboilerplate`.
pub fn beads_text(doc: &AlignedDoc) -> String {
    let mut out = String::with_capacity(doc.beads.len() * 16);
    for bead in &doc.beads {
        out.push_str(&bead_label(bead));
        out.push('\t');
        out.push_str(&score_text(bead.score));
        if bead.boilerplate {
            out.push_str("\tboilerplate");
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
    staging: Option<StagingDir>,
}

impl BeadsWriter {
    /// A writer into `dir`.
    pub fn new(dir: PathBuf) -> BeadsWriter {
        BeadsWriter { dir, staging: None }
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
        staging.write_file(&format!("{}.beads", doc.name), beads_text(doc).as_bytes())
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
    commit: Close<W>,
}

impl<W: Write + Send> BeadsTextWriter<W> {
    /// A writer over any byte sink; `commit` is called on the sink by `close`.
    pub fn new(sink: W, commit: Close<W>) -> Self {
        BeadsTextWriter { sink, commit }
    }
}

impl<W: Write + Send> Writer for BeadsTextWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        self.sink.write_all(beads_text(doc).as_bytes())
    }

    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        let this = *self;
        Ok((this.commit)(this.sink)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::hostile_doc;

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
        let mut w = Box::new(BeadsWriter::new(dir.path().join("beads")));
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
    use crate::export::test_support::hostile_doc;

    #[test]
    fn a_writer_dropped_before_finish_leaves_old_files_and_no_temporaries() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("beads");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.beads"), "old").unwrap();
        let mut doc = hostile_doc();
        doc.name = "a".to_string();
        let mut w = Box::new(BeadsWriter::new(dir.clone()));
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

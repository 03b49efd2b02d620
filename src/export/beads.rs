//! The `.beads` format: one file per document, every bead with its score and mark.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{bead_label, score_text, AlignedDoc, AtomicFile, Writer};

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

/// Writes `DIR/NAME.beads` for each document (NAME may hold folders), each file atomically.
#[derive(Debug)]
pub struct BeadsWriter {
    dir: PathBuf,
}

impl BeadsWriter {
    /// A writer into `dir`.
    pub fn new(dir: PathBuf) -> BeadsWriter {
        BeadsWriter { dir }
    }
}

impl Writer for BeadsWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let path = self.dir.join(format!("{}.beads", doc.name));
        let mut file = AtomicFile::create(&path)?;
        file.write_all(beads_text(doc).as_bytes())?;
        file.commit()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        Ok(())
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
        let mut w = Box::new(BeadsWriter::new(dir.path().to_path_buf()));
        w.write_doc(&doc).unwrap();
        w.finish().unwrap();
        let back = std::fs::read_to_string(dir.path().join("news/2024/a.beads")).unwrap();
        assert_eq!(crate::eval::parse_beads(&back).unwrap().len(), 4);
    }
}

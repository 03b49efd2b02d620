//! Moses line-parallel files: `PREFIX.<src>` and `PREFIX.<tgt>`, line k of one the translation of
//! line k of the other. A sentence never holds a line break (text is normalised and collapsed),
//! so the files stay parallel.

use std::io::{self, Write};
use std::path::Path;

use super::{AlignedDoc, AtomicFile, ClosedFile, Filter, Languages, Writer};

/// Writes the two sides of each kept bead to two line-parallel files.
pub struct MosesWriter {
    src: AtomicFile,
    tgt: AtomicFile,
    filter: Filter,
}

impl MosesWriter {
    /// Starts `PREFIX.<src>` and `PREFIX.<tgt>`.
    pub fn create(prefix: &Path, languages: &Languages, filter: Filter) -> io::Result<Self> {
        let with_ext = |lang: &str| {
            let mut name = prefix.as_os_str().to_owned();
            name.push(".");
            name.push(lang);
            std::path::PathBuf::from(name)
        };
        Ok(MosesWriter {
            src: AtomicFile::create(&with_ext(&languages.src))?,
            tgt: AtomicFile::create(&with_ext(&languages.tgt))?,
            filter,
        })
    }
}

/// The text on one line: every character that a reader may take for a line end (`\n`, `\r`,
/// vertical tab, form feed, the information separators U+001C–U+001E, U+0085, U+2028, U+2029:
/// Python's `str.splitlines` splits on all of them) becomes a space.
fn one_line(text: &str) -> String {
    text.replace(
        [
            '\n', '\r', '\u{0B}', '\u{0C}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{85}', '\u{2028}',
            '\u{2029}',
        ],
        " ",
    )
}

impl Writer for MosesWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            writeln!(self.src, "{}", one_line(&doc.src_text(bead)))?;
            writeln!(self.tgt, "{}", one_line(&doc.tgt_text(bead)))?;
        }
        Ok(())
    }

    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        Ok(vec![self.src.close()?, self.tgt.close()?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};

    #[test]
    fn files_are_line_parallel() {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("corpus");
        let filter = Filter::default()
            .with_min_score(None)
            .with_keep_unaligned(true);
        let mut w = Box::new(MosesWriter::create(&prefix, &languages(), filter).unwrap());
        let mut doc = hostile_doc();
        doc.src[0].push_str("\nsecond line");
        w.write_doc(&doc).unwrap();
        w.finish().unwrap();
        let en = std::fs::read_to_string(dir.path().join("corpus.en")).unwrap();
        let id = std::fs::read_to_string(dir.path().join("corpus.id")).unwrap();
        assert_eq!(en.lines().count(), 3);
        assert_eq!(id.lines().count(), 3);
        assert_eq!(id.lines().nth(2), Some(""));
    }
}

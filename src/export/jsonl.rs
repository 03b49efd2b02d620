//! JSON lines, one object per bead, in the shape Hugging Face `datasets` expects for translation
//! pairs: `{"doc": …, "bead": …, "score": …, "translation": {"en": …, "id": …}, "flags": […]}`.
//! `flags` is always present, an empty array when the pair has no QA flag (see
//! [`crate::align::qa`]), so that every line has the same fields.

use std::io::{self, Write};
use std::path::Path;

use crate::align::qa::Qa;

use super::{
    bead_label, close_file, score_text, AlignedDoc, AtomicFile, Close, ClosedFile, Filter,
    Languages, Writer,
};

/// Writes one JSON object per kept bead.
pub struct JsonlWriter<W: Write + Send = AtomicFile> {
    sink: W,
    src_key: String,
    tgt_key: String,
    filter: Filter,
    qa: Qa,
    commit: Close<W>,
}

impl JsonlWriter<AtomicFile> {
    /// Starts a JSONL file at `path`.
    pub fn create(path: &Path, languages: &Languages, filter: Filter) -> io::Result<Self> {
        Ok(JsonlWriter::new(
            AtomicFile::create(path)?,
            languages,
            filter,
            close_file,
        ))
    }
}

impl<W: Write + Send> JsonlWriter<W> {
    /// A JSONL writer over any byte sink; `commit` is called on the sink by `close`.
    pub fn new(sink: W, languages: &Languages, filter: Filter, commit: Close<W>) -> Self {
        JsonlWriter {
            sink,
            src_key: json_string(&languages.src),
            tgt_key: json_string(&languages.tgt),
            filter,
            qa: languages.qa(),
            commit,
        }
    }
}

fn json_string(text: &str) -> String {
    // Serialising a string cannot fail.
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

impl<W: Write + Send> Writer for JsonlWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let name = json_string(&doc.name);
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            let flags: Vec<String> = doc
                .flags(bead, &self.qa)
                .iter()
                .map(|f| json_string(&f.to_string()))
                .collect();
            // Written by hand so that the source side comes first in `translation`.
            writeln!(
                self.sink,
                "{{\"doc\":{},\"bead\":\"{}\",\"score\":{},\"translation\":{{{}:{},{}:{}}},\
                 \"flags\":[{}]}}",
                name,
                bead_label(bead),
                score_text(bead.score),
                self.src_key,
                json_string(&doc.src_text(bead)),
                self.tgt_key,
                json_string(&doc.tgt_text(bead)),
                flags.join(","),
            )?;
        }
        Ok(())
    }

    fn close(mut self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        self.sink.flush()?;
        Ok((self.commit)(self.sink)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};

    #[test]
    fn lines_read_back_as_json_with_the_same_text() {
        let doc = hostile_doc();
        let filter = Filter::default()
            .with_min_score(None)
            .with_keep_unaligned(false);
        let mut w = JsonlWriter::new(Vec::new(), &languages(), filter, |_| Ok(None));
        w.write_doc(&doc).unwrap();
        let text = String::from_utf8(w.sink.clone()).unwrap();
        let rows: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["doc"], doc.name.as_str());
        assert_eq!(rows[0]["bead"], "[0]:[0]");
        assert_eq!(rows[0]["score"], 0.97);
        assert_eq!(rows[1]["translation"]["en"], doc.src[1].as_str());
        assert_eq!(rows[1]["translation"]["id"], doc.tgt[1].as_str());
        assert!(
            text.lines().next().unwrap().find("\"en\"")
                < text.lines().next().unwrap().find("\"id\"")
        );
    }
}

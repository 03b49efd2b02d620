//! CSV (RFC 4180, via the `csv` crate) and TSV (tab, newline and backslash escaped): one row per
//! bead, columns `doc,bead,score,<src>,<tgt>`.

use std::io::{self, Write};
use std::path::Path;

use super::{
    bead_label, close_file, join_into, score_text, write_bead_label, write_score, AlignedDoc,
    AtomicFile, Close, ClosedFile, Filter, Languages, Writer,
};

/// Writes `doc,bead,score,<src>,<tgt>` rows as CSV.
pub struct CsvWriter<W: Write + Send = AtomicFile> {
    inner: csv::Writer<W>,
    filter: Filter,
    commit: Close<W>,
    scratch: Scratch,
}

/// Buffers a row's fields are built in, kept from row to row.
#[derive(Default)]
struct Scratch {
    label: Vec<u8>,
    score: Vec<u8>,
    src: String,
    tgt: String,
}

impl CsvWriter<AtomicFile> {
    /// Starts a CSV file at `path`.
    pub fn create(path: &Path, languages: &Languages, filter: Filter) -> io::Result<Self> {
        CsvWriter::new(AtomicFile::create(path)?, languages, filter, close_file)
    }
}

impl<W: Write + Send> CsvWriter<W> {
    /// A CSV writer over any byte sink; `commit` is called on the sink by `close`.
    pub fn new(
        sink: W,
        languages: &Languages,
        filter: Filter,
        commit: Close<W>,
    ) -> io::Result<Self> {
        let mut inner = csv::WriterBuilder::new().from_writer(sink);
        inner.write_record(["doc", "bead", "score", &languages.src, &languages.tgt])?;
        Ok(CsvWriter {
            inner,
            filter,
            commit,
            scratch: Scratch::default(),
        })
    }
}

impl<W: Write + Send> Writer for CsvWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let Scratch {
            label,
            score,
            src,
            tgt,
        } = &mut self.scratch;
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            label.clear();
            write_bead_label(label, bead)?;
            score.clear();
            write_score(score, bead.score)?;
            join_into(src, &doc.src[bead.src.clone()]);
            join_into(tgt, &doc.tgt[bead.tgt.clone()]);
            self.inner.write_record([
                doc.name.as_bytes(),
                label,
                score,
                src.as_bytes(),
                tgt.as_bytes(),
            ])?;
        }
        Ok(())
    }

    fn close(self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        let sink = self.inner.into_inner().map_err(|e| e.into_error())?;
        Ok((self.commit)(sink)?.into_iter().collect())
    }
}

/// Escapes a TSV field: tab, newline, carriage return and backslash as `\t`, `\n`, `\r`, `\\`.
///
/// ```
/// assert_eq!(selaras::export::tsv_escape("a\tb\\c\nd"), "a\\tb\\\\c\\nd");
/// ```
pub fn tsv_escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\t', '\n', '\r', '\\']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes `doc\tbead\tscore\t<src>\t<tgt>` rows as TSV.
pub struct TsvWriter<W: Write + Send = AtomicFile> {
    sink: W,
    filter: Filter,
    commit: Close<W>,
}

impl TsvWriter<AtomicFile> {
    /// Starts a TSV file at `path`.
    pub fn create(path: &Path, languages: &Languages, filter: Filter) -> io::Result<Self> {
        TsvWriter::new(AtomicFile::create(path)?, languages, filter, close_file)
    }
}

impl<W: Write + Send> TsvWriter<W> {
    /// A TSV writer over any byte sink; `commit` is called on the sink by `close`.
    pub fn new(
        mut sink: W,
        languages: &Languages,
        filter: Filter,
        commit: Close<W>,
    ) -> io::Result<Self> {
        writeln!(
            sink,
            "doc\tbead\tscore\t{}\t{}",
            tsv_escape(&languages.src),
            tsv_escape(&languages.tgt)
        )?;
        Ok(TsvWriter {
            sink,
            filter,
            commit,
        })
    }
}

impl<W: Write + Send> Writer for TsvWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let name = tsv_escape(&doc.name);
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            writeln!(
                self.sink,
                "{}\t{}\t{}\t{}\t{}",
                name,
                bead_label(bead),
                score_text(bead.score),
                tsv_escape(&doc.src_text(bead)),
                tsv_escape(&doc.tgt_text(bead)),
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

    fn keep_all() -> Filter {
        Filter::default()
            .with_min_score(None)
            .with_keep_unaligned(true)
    }

    fn vec_commit(_: Vec<u8>) -> io::Result<Option<ClosedFile>> {
        Ok(None)
    }

    #[test]
    fn csv_round_trips_hostile_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.csv");
        let doc = hostile_doc();
        let mut w = Box::new(CsvWriter::create(&path, &languages(), keep_all()).unwrap());
        w.write_doc(&doc).unwrap();
        w.finish().unwrap();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(
            reader.headers().unwrap(),
            vec!["doc", "bead", "score", "en", "id"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][0], doc.name);
        assert_eq!(&rows[0][3], doc.src[0]);
        assert_eq!(&rows[1][4], doc.tgt[1]);
        assert_eq!(&rows[2][1], "[2]:[]");
        assert_eq!(&rows[2][4], "");
    }

    #[test]
    fn tsv_escapes_and_reads_back() {
        let doc = hostile_doc();
        let mut w = TsvWriter::new(Vec::new(), &languages(), keep_all(), vec_commit).unwrap();
        w.write_doc(&doc).unwrap();
        let text = String::from_utf8(w.sink.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "doc\tbead\tscore\ten\tid");
        let fields: Vec<&str> = lines[2].split('\t').collect();
        assert_eq!(fields.len(), 5);
        assert_eq!(unescape(fields[3]), doc.src[1]);
    }

    fn unescape(field: &str) -> String {
        let mut out = String::new();
        let mut chars = field.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('t') => out.push('\t'),
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}

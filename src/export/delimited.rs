//! CSV (RFC 4180, via the `csv` crate) and TSV (tab, newline and backslash escaped): one row per
//! bead, columns `doc,bead,score,<src>,<tgt>`, and a last column `flags` (the pair's QA flags)
//! only when asked (`--qa-columns`), so that the default columns stay as FORMATS.md fixes them.

use std::io::{self, Write};
use std::path::Path;

use crate::align::qa::{flags_text, Qa};

use super::{
    bead_label, close_file, join_into, score_text, write_bead_label, write_score, AlignedDoc,
    AtomicFile, Close, ClosedFile, Filter, Languages, Writer,
};

/// Writes `doc,bead,score,<src>,<tgt>` rows as CSV (and a `flags` column when asked).
pub struct CsvWriter<W: Write + Send = AtomicFile> {
    inner: csv::Writer<W>,
    columns: [String; 2],
    /// The QA rules, when the rows get a `flags` column.
    qa: Option<Qa>,
    /// Whether the header row is written: it is, before the first row or at the close.
    started: bool,
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
        let inner = csv::WriterBuilder::new().from_writer(sink);
        Ok(CsvWriter {
            inner,
            columns: [languages.src.clone(), languages.tgt.clone()],
            qa: None,
            started: false,
            filter,
            commit,
            scratch: Scratch::default(),
        })
    }

    /// The same writer with (or without) a last column, `flags`: each pair's QA flags (see
    /// [`crate::align::qa`]) separated by spaces, empty when it has none.
    pub fn with_qa_columns(mut self, languages: &Languages, on: bool) -> Self {
        self.qa = on.then(|| languages.qa());
        self
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            let [src, tgt] = &self.columns;
            let mut header = vec!["doc", "bead", "score", src, tgt];
            if self.qa.is_some() {
                header.push("flags");
            }
            self.inner.write_record(header)?;
        }
        Ok(())
    }
}

impl<W: Write + Send> Writer for CsvWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        self.start()?;
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
            let fields = [
                doc.name.as_bytes(),
                label,
                score,
                src.as_bytes(),
                tgt.as_bytes(),
            ];
            match &self.qa {
                Some(qa) => {
                    let flags = flags_text(&doc.flags(bead, qa));
                    let mut row = fields.to_vec();
                    row.push(flags.as_bytes());
                    self.inner.write_record(row)?;
                }
                None => self.inner.write_record(fields)?,
            }
        }
        Ok(())
    }

    fn close(mut self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        self.start()?;
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

/// Writes `doc\tbead\tscore\t<src>\t<tgt>` rows as TSV (and a `flags` column when asked).
pub struct TsvWriter<W: Write + Send = AtomicFile> {
    sink: W,
    columns: [String; 2],
    /// The QA rules, when the rows get a `flags` column.
    qa: Option<Qa>,
    /// Whether the header line is written: it is, before the first row or at the close.
    started: bool,
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
        sink: W,
        languages: &Languages,
        filter: Filter,
        commit: Close<W>,
    ) -> io::Result<Self> {
        Ok(TsvWriter {
            sink,
            columns: [languages.src.clone(), languages.tgt.clone()],
            qa: None,
            started: false,
            filter,
            commit,
        })
    }

    /// The same writer with (or without) a last column, `flags`, as
    /// [`CsvWriter::with_qa_columns`].
    pub fn with_qa_columns(mut self, languages: &Languages, on: bool) -> Self {
        self.qa = on.then(|| languages.qa());
        self
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            let [src, tgt] = &self.columns;
            write!(
                self.sink,
                "doc\tbead\tscore\t{}\t{}",
                tsv_escape(src),
                tsv_escape(tgt)
            )?;
            if self.qa.is_some() {
                self.sink.write_all(b"\tflags")?;
            }
            self.sink.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write + Send> Writer for TsvWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        self.start()?;
        let name = tsv_escape(&doc.name);
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            write!(
                self.sink,
                "{}\t{}\t{}\t{}\t{}",
                name,
                bead_label(bead),
                score_text(bead.score),
                tsv_escape(&doc.src_text(bead)),
                tsv_escape(&doc.tgt_text(bead)),
            )?;
            if let Some(qa) = &self.qa {
                let flags = flags_text(&doc.flags(bead, qa));
                write!(self.sink, "\t{}", tsv_escape(&flags))?;
            }
            self.sink.write_all(b"\n")?;
        }
        Ok(())
    }

    fn close(mut self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        self.start()?;
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

    fn flagged_doc() -> AlignedDoc {
        let mut doc = hostile_doc();
        doc.src[0] = "It cost 1.500 dollars.".to_string();
        doc.tgt[0] = "Harganya 1,600 dolar.".to_string();
        doc
    }

    #[test]
    fn qa_columns_add_a_last_flags_column_only_when_asked() {
        let doc = flagged_doc();
        let langs = languages();
        let csv_text = |on: bool| {
            let mut w = CsvWriter::new(Vec::new(), &langs, keep_all(), vec_commit)
                .unwrap()
                .with_qa_columns(&langs, on);
            w.write_doc(&doc).unwrap();
            String::from_utf8(w.inner.into_inner().unwrap()).unwrap()
        };
        let with = csv_text(true);
        let mut reader = csv::Reader::from_reader(with.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            vec!["doc", "bead", "score", "en", "id", "flags"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][5], "number:1.500:no-tgt number:1,600:no-src");
        assert_eq!(&rows[1][5], "");
        assert!(csv_text(false).starts_with("doc,bead,score,en,id\n"));

        let mut w = TsvWriter::new(Vec::new(), &langs, keep_all(), vec_commit)
            .unwrap()
            .with_qa_columns(&langs, true);
        w.write_doc(&doc).unwrap();
        let text = String::from_utf8(w.sink).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "doc\tbead\tscore\ten\tid\tflags");
        assert!(lines[1].ends_with("\tnumber:1.500:no-tgt number:1,600:no-src"));
        assert!(lines[2].ends_with('\t'));
    }

    #[test]
    fn a_writer_with_no_rows_still_writes_its_header() {
        let mut w =
            Box::new(TsvWriter::new(Vec::new(), &languages(), keep_all(), vec_commit).unwrap());
        w.start().unwrap();
        assert_eq!(w.sink, b"doc\tbead\tscore\ten\tid\n");
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

//! From a format to its writer: the one place that knows which writer writes a format, under
//! which file names, to a run's folder, one file or stdout.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::align::explain::Explainer;

use super::{
    close_file, commit_phase, AtomicFile, BeadsTextWriter, BeadsWriter, ClosedFile, CsvWriter,
    Filter, Format, JsonlWriter, Languages, MosesWriter, ReviewWriter, TmxHeader, TmxWriter,
    TsvWriter, Writer, REVIEW_FILE,
};

/// Where a writer writes.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Destination<'a> {
    /// A run's output folder, under the format's file names ([`output_paths`]).
    Folder(&'a Path),
    /// One file; for Moses, a prefix (`PREFIX.<src>` and `PREFIX.<tgt>`).
    File(&'a Path),
    /// Standard output (every format but Moses, which needs two files).
    Stdout,
}

/// What every writer needs to know besides its destination.
#[derive(Debug, Clone)]
pub struct WriterOptions<'a> {
    /// The languages, for column names, file extensions and `xml:lang`.
    pub languages: &'a Languages,
    /// Which beads reach the bitext.
    pub filter: Filter,
    /// The TMX header's fields.
    pub header: &'a TmxHeader,
    /// Whether CSV and TSV get a last column, `flags` (`--qa-columns`).
    pub qa_columns: bool,
    /// What finds the reasons of each pair on the review page: a run's fitted model (`None`:
    /// the language pair's bundled dictionary and the anchors).
    pub explainer: Option<&'a Explainer>,
}

/// The files a format writes into a run's output folder.
pub fn output_paths(format: Format, folder: &Path, languages: &Languages) -> Vec<PathBuf> {
    match format {
        Format::Moses => vec![
            folder.join(format!("corpus.{}", languages.src)),
            folder.join(format!("corpus.{}", languages.tgt)),
        ],
        Format::Beads => vec![folder.join("beads")],
        Format::Review => vec![folder.join(REVIEW_FILE)],
        other => vec![folder.join(format!("corpus.{}", other.name()))],
    }
}

/// Standard output that only ever receives whole lines: bytes are buffered and handed out up
/// to the last line end, while holding the [`commit_phase`], so that a program stopped by a
/// signal (which waits for that phase) never leaves half a record in a pipe.
struct WholeLines {
    out: io::Stdout,
    buf: Vec<u8>,
}

impl WholeLines {
    const CAPACITY: usize = 1 << 16;

    fn write_lines(&mut self, all: bool) -> io::Result<()> {
        let end = if all {
            self.buf.len()
        } else {
            match self.buf.iter().rposition(|&b| b == b'\n') {
                Some(last) => last + 1,
                None => return Ok(()),
            }
        };
        let _phase = commit_phase();
        let mut out = self.out.lock();
        out.write_all(&self.buf[..end])?;
        out.flush()?;
        self.buf.drain(..end);
        Ok(())
    }
}

impl Write for WholeLines {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= Self::CAPACITY {
            self.write_lines(false)?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_lines(true)
    }
}

fn flush_stdout(mut sink: WholeLines) -> io::Result<Option<ClosedFile>> {
    sink.flush()?;
    Ok(None)
}

/// Opens the writer of `format` at `destination`. Files are written through [`AtomicFile`] and
/// appear under their names only when the writer is closed and committed.
///
/// Moses to stdout is refused with [`io::ErrorKind::InvalidInput`]: it writes two files.
pub fn open_writer(
    format: Format,
    destination: Destination<'_>,
    options: &WriterOptions<'_>,
) -> io::Result<Box<dyn Writer>> {
    let WriterOptions {
        languages,
        filter,
        header,
        qa_columns,
        explainer,
    } = *options;
    let review = |writer| with_reasons(writer, explainer);
    let file = match destination {
        Destination::Folder(folder) => {
            return match format {
                Format::Moses => Ok(Box::new(MosesWriter::create(
                    &folder.join("corpus"),
                    languages,
                    filter,
                )?)),
                Format::Beads => Ok(Box::new(BeadsWriter::new(folder.join("beads"), languages))),
                Format::Review => open_writer(
                    format,
                    Destination::File(&folder.join(REVIEW_FILE)),
                    options,
                ),
                _ => {
                    let path = folder.join(format!("corpus.{}", format.name()));
                    open_writer(format, Destination::File(&path), options)
                }
            };
        }
        Destination::File(path) => path,
        Destination::Stdout => {
            let sink = WholeLines {
                out: io::stdout(),
                buf: Vec::with_capacity(WholeLines::CAPACITY),
            };
            let stdout = flush_stdout;
            return Ok(match format {
                Format::Tmx => Box::new(TmxWriter::new(sink, languages, header, filter, stdout)?),
                Format::Csv => Box::new(
                    CsvWriter::new(sink, languages, filter, stdout)?
                        .with_qa_columns(languages, qa_columns),
                ),
                Format::Tsv => Box::new(
                    TsvWriter::new(sink, languages, filter, stdout)?
                        .with_qa_columns(languages, qa_columns),
                ),
                Format::Jsonl => Box::new(JsonlWriter::new(sink, languages, filter, stdout)),
                Format::Beads => Box::new(BeadsTextWriter::new(sink, languages, stdout)),
                Format::Review => Box::new(with_reasons(
                    ReviewWriter::new(sink, languages, header, stdout)?,
                    explainer,
                )),
                Format::Moses => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "the moses format writes two files: give a prefix, not stdout",
                    ))
                }
            });
        }
    };
    Ok(match format {
        Format::Tmx => Box::new(TmxWriter::create(file, languages, header, filter)?),
        Format::Csv => Box::new(
            CsvWriter::create(file, languages, filter)?.with_qa_columns(languages, qa_columns),
        ),
        Format::Tsv => Box::new(
            TsvWriter::create(file, languages, filter)?.with_qa_columns(languages, qa_columns),
        ),
        Format::Jsonl => Box::new(JsonlWriter::create(file, languages, filter)?),
        Format::Moses => Box::new(MosesWriter::create(file, languages, filter)?),
        Format::Beads => Box::new(BeadsTextWriter::new(
            AtomicFile::create(file)?,
            languages,
            close_file,
        )),
        Format::Review => Box::new(review(ReviewWriter::create(file, languages, header)?)),
    })
}

/// The review page's writer, with the explainer of a run's model when there is one.
fn with_reasons<W: Write + Send>(
    writer: ReviewWriter<W>,
    explainer: Option<&Explainer>,
) -> ReviewWriter<W> {
    match explainer {
        Some(explainer) => writer.with_explainer(explainer.clone()),
        None => writer,
    }
}

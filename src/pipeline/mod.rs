//! Files in, files out: finds document pairs, runs the stages on them in parallel in bounded
//! memory, and writes every output format in a deterministic order.
//!
//! A run makes two streaming passes over the corpus. The first splits the documents (all of them,
//! or an even sample of [`FIT_DOCUMENTS`] in a larger corpus) and fits the corpus-level [`Model`]
//! (what the documents share: the length ratio, its variance, the learned lexicon). The
//! second splits and aligns the documents again in parallel (rayon workers take the next
//! document as they become free) while the calling thread writes them in NAME order; a worker
//! takes a document only when fewer than a few per thread are waiting, so memory is bounded by
//! that window, never by the corpus. A document that fails is reported and skipped; the others are written in
//! full.

mod discover;
mod document;
mod ordered;
mod report;
mod stream;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

pub use discover::{discover, Discovery, DocPair};
pub use document::{align_split, observe, read_text, split_pair, DocError, DocOptions, SplitSide};
use ordered::for_each_ordered;
pub use report::{DocReport, ReportWriter, SidesCount, Totals};
pub use stream::{
    parse_stream_line, run_stream, StreamConfig, StreamDoc, StreamSummary, FIT_BYTES, FIT_DOCUMENTS,
};

use crate::align::{AlignConfig, Model, ModelFitter};
use crate::export::{
    commit_phase, remove_stale_temporaries, AlignedDoc, BeadsWriter, CsvWriter, Filter, Format,
    JsonlWriter, Languages, MosesWriter, OutputLock, TmxHeader, TmxWriter, TsvWriter, Writer,
};

/// Everything a run needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The corpus folder.
    pub input: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// How documents are read and split.
    pub doc: DocOptions,
    /// Output formats (`report.json` is always written).
    pub formats: Vec<Format>,
    /// Which beads reach the bitext formats.
    pub filter: Filter,
    /// Language codes and TMX locales.
    pub languages: Languages,
    /// Search settings.
    pub align: AlignConfig,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// The TMX creation date, in seconds since the epoch.
    pub creation_epoch: u64,
}

/// What the run reports as it goes; the command line draws a progress bar from it.
pub trait Progress: Sync {
    /// A pass over `total` documents begins (`fitting` or `aligning`); `None` when the number
    /// is not known in advance (a stream).
    fn begin(&self, _pass: &str, _total: Option<usize>) {}
    /// One more document of the current pass is done.
    fn advance(&self) {}
    /// A document failed.
    fn failed(&self, _name: &str, _error: &str) {}
    /// Something worth a warning (an unpaired file, an empty document).
    fn warning(&self, _message: &str) {}
    /// Whether the run should stop (the user pressed Ctrl-C). Checked between documents: the
    /// run then returns [`RunError::Interrupted`] and leaves every output as it was.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A [`Progress`] that reports nothing.
pub struct Silent;
impl Progress for Silent {}

/// A run-level error: nothing could be done.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The corpus folder could not be read.
    #[error("cannot read the corpus folder {path}: {source}")]
    Input {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// No document pairs were found.
    #[error(
        "no document pairs in {path}: expected files NAME.{src}.txt with partners NAME.{tgt}.txt"
    )]
    NoDocuments {
        /// The folder.
        path: PathBuf,
        /// Source language code.
        src: String,
        /// Target language code.
        tgt: String,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// Another run is writing to the same output folder.
    #[error(
        "{path} is being written by another selaras run; wait for it to finish or give another \
         output folder (-o)"
    )]
    Busy {
        /// The output folder.
        path: PathBuf,
    },
    /// The run was stopped through [`Progress::cancelled`]; no output was changed.
    #[error("interrupted; no output was changed")]
    Interrupted,
}

/// The outcome of a run that got as far as writing its outputs.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// Totals, as in `report.json`.
    pub totals: Totals,
    /// Failed documents and their errors.
    pub failed: Vec<(String, String)>,
    /// The files written.
    pub outputs: Vec<PathBuf>,
}

/// The options recorded in `report.json`: what changes the output, nothing that does not (not
/// `-j`), so that reports are byte-identical across thread counts.
#[derive(Serialize)]
struct ReportOptions<'a> {
    input: String,
    src_lang: &'a str,
    tgt_lang: &'a str,
    formats: Vec<&'static str>,
    presegmented: bool,
    min_score: Option<f64>,
    keep_unaligned: bool,
    keep_boilerplate: bool,
    max_bead: usize,
}

/// How many documents may be in memory at once (being aligned, or aligned and waiting for the
/// ones before them to be written) per worker thread.
const WINDOW_PER_THREAD: usize = 8;

/// Runs the whole pipeline over a corpus folder.
pub fn run(config: &RunConfig, progress: &dyn Progress) -> Result<RunSummary, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let found = discover(
        &config.input,
        &config.doc.src_lang,
        &config.doc.tgt_lang,
        Some(&config.output),
    )
    .map_err(|source| RunError::Input {
        path: config.input.clone(),
        source,
    })?;
    let unpaired: Vec<String> = found
        .unpaired
        .iter()
        .map(|p| format!("{}: no partner file; skipped", p.display()))
        .collect();
    for warning in unpaired.iter().chain(&found.warnings) {
        progress.warning(warning);
    }
    if found.is_empty() {
        return Err(RunError::NoDocuments {
            path: config.input.clone(),
            src: config.doc.src_lang.clone(),
            tgt: config.doc.tgt_lang.clone(),
        });
    }
    let output_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Output { path, source }
    };
    let _claim = prepare_output(&config.output)?;

    let model = pool.install(|| fit_model(config, &found, progress));
    if progress.cancelled() {
        return Err(RunError::Interrupted);
    }

    let (mut writers, outputs) = open_writers(config).map_err(output_error(&config.output))?;
    let report_path = config.output.join("report.json");
    let options = ReportOptions {
        input: config.input.display().to_string(),
        src_lang: &config.doc.src_lang,
        tgt_lang: &config.doc.tgt_lang,
        formats: config.formats.iter().map(|f| f.name()).collect(),
        presegmented: config.doc.presegmented,
        min_score: config.filter.min_score,
        keep_unaligned: config.filter.keep_unaligned,
        keep_boilerplate: config.doc.keep_boilerplate,
        max_bead: config.align.max_bead,
    };
    let mut report =
        ReportWriter::create(&report_path, &options).map_err(output_error(&report_path))?;
    progress.begin("aligning", Some(found.count));
    // The workers align the documents as they become free while this thread writes them, in
    // NAME order; at most `window` documents are in memory at once.
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let mut failed = Vec::new();
    for_each_ordered(
        &pool,
        found.pairs(),
        window,
        |pair: DocPair| {
            if progress.cancelled() {
                return (pair, None);
            }
            let result = align_pair(&pair, config, &model);
            progress.advance();
            (pair, Some(result))
        },
        |(pair, result)| {
            let Some(result) = result else {
                return Err(RunError::Interrupted);
            };
            let entry = match result {
                Ok(doc) => {
                    for writer in writers.iter_mut() {
                        writer
                            .write_doc(&doc)
                            .map_err(output_error(&config.output))?;
                    }
                    let entry = DocReport::aligned(&doc, &config.filter);
                    if entry.src_sentences == Some(0) || entry.tgt_sentences == Some(0) {
                        for warning in &entry.warnings {
                            progress.warning(&format!("{}: {warning}", pair.name));
                        }
                    }
                    entry
                }
                Err(err) => {
                    let message = err.to_string();
                    progress.failed(&pair.name, &message);
                    failed.push((pair.name.clone(), message.clone()));
                    DocReport::failed(&pair.name, &message)
                }
            };
            report.add(&entry).map_err(output_error(&report_path))
        },
    )?;
    // Complete every output in its temporary file first, then rename them all into place, the
    // report last: a failure before the renames (a full disk) leaves every earlier output as it
    // was, and a new report.json means that every output is new.
    let mut complete = Vec::new();
    for writer in writers {
        complete.extend(writer.close().map_err(output_error(&config.output))?);
    }
    let (totals, report_file) = report
        .close(&unpaired, &found.warnings)
        .map_err(output_error(&report_path))?;
    complete.push(report_file);
    if progress.cancelled() {
        return Err(RunError::Interrupted);
    }
    let phase = commit_phase();
    for file in complete {
        let path = file.path().to_path_buf();
        file.commit().map_err(output_error(&path))?;
    }
    drop(phase);
    let mut outputs = outputs;
    outputs.push(report_path);
    Ok(RunSummary {
        totals,
        failed,
        outputs,
    })
}

/// Makes an output folder ready for a run: creates it, claims it for as long as the returned
/// lock lives (another run into it is refused with [`RunError::Busy`]), and removes what a killed
/// run left there.
pub fn prepare_output(dir: &Path) -> Result<OutputLock, RunError> {
    let output_error = |source| RunError::Output {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(output_error)?;
    let claim = OutputLock::acquire(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::WouldBlock => RunError::Busy {
            path: dir.to_path_buf(),
        },
        _ => output_error(e),
    })?;
    remove_stale_temporaries(dir).map_err(output_error)?;
    Ok(claim)
}

/// The first pass: splits every document and fits the corpus model on them, in parallel.
/// Feeds documents to model fitters in parallel (one per worker, merged at the end). The fitted
/// model does not depend on the order in which documents are observed or merged, so the result
/// is the same whatever `-j` is.
pub(crate) fn fit_part<T: Sync>(
    items: &[T],
    base: &Model,
    progress: &dyn Progress,
    split: impl Fn(&T) -> Option<(SplitSide, SplitSide)> + Sync,
) -> ModelFitter {
    items
        .par_iter()
        .fold(
            || ModelFitter::new(base.clone()),
            |mut fitter, item| {
                if let Some((src, tgt)) = split(item) {
                    observe(&mut fitter, &src, &tgt);
                }
                progress.advance();
                fitter
            },
        )
        .reduce(
            || ModelFitter::new(base.clone()),
            |mut a, b| {
                a.merge(b);
                a
            },
        )
}

fn fit_model(config: &RunConfig, found: &Discovery, progress: &dyn Progress) -> Model {
    let base = Model::for_run(&config.doc.src_lang, &config.doc.tgt_lang, &config.align);
    // A large corpus is fitted on an even sample of its documents: the length ratio, its
    // variance and the learned lexicon settle long before tens of thousands of documents.
    // Document number `i * count / FIT_DOCUMENTS` for every `i`, taken on the way through a
    // walk over the corpus.
    let count = found.count;
    let sample: Vec<DocPair> = if count <= FIT_DOCUMENTS {
        found.pairs().collect()
    } else {
        let mut picks = (0..FIT_DOCUMENTS)
            .map(|i| i * count / FIT_DOCUMENTS)
            .peekable();
        found
            .pairs()
            .enumerate()
            .filter(|(k, _)| {
                let picked = picks.peek() == Some(k);
                if picked {
                    picks.next();
                }
                picked
            })
            .map(|(_, pair)| pair)
            .collect()
    };
    progress.begin("fitting", Some(sample.len()));
    // Each document is split and observed as soon as it is read, so memory holds the fitters'
    // state, never the documents.
    fit_part(&sample, &base, progress, |pair| {
        if progress.cancelled() {
            return None;
        }
        // A document that cannot be read (or makes a stage panic) fails in the second pass,
        // with its error.
        catch_unwind(AssertUnwindSafe(|| {
            split_pair(&pair.src, &pair.tgt, &config.doc)
        }))
        .ok()?
        .ok()
    })
    .finish()
}

/// Reads, splits and aligns one document pair. A panic in a stage is caught and becomes the
/// document's error, so that one bad document never stops a batch.
fn align_pair(pair: &DocPair, config: &RunConfig, model: &Model) -> Result<AlignedDoc, DocError> {
    catch_unwind(AssertUnwindSafe(|| {
        split_pair(&pair.src, &pair.tgt, &config.doc)
            .map(|(s, t)| align_split(pair.name.clone(), s, t, model, &config.align))
    }))
    .unwrap_or_else(|panic| Err(DocError::from_panic(&pair.src, panic)))
}

/// The writers of a run, one per format, and the paths they will write.
pub type Writers = (Vec<Box<dyn Writer>>, Vec<PathBuf>);

/// Opens one writer per format in the run's output folder; returns them and the paths they will
/// write.
pub fn open_writers(config: &RunConfig) -> std::io::Result<Writers> {
    let mut writers: Vec<Box<dyn Writer>> = Vec::new();
    let mut paths = Vec::new();
    let out = &config.output;
    let langs = &config.languages;
    let filter = config.filter;
    let mut formats = config.formats.clone();
    formats.sort();
    formats.dedup();
    for format in formats {
        match format {
            Format::Tmx => {
                let path = out.join("corpus.tmx");
                let header = TmxHeader {
                    creation_date: crate::export::creation_date(config.creation_epoch),
                };
                writers.push(Box::new(TmxWriter::create(&path, langs, &header, filter)?));
                paths.push(path);
            }
            Format::Csv => {
                let path = out.join("corpus.csv");
                writers.push(Box::new(CsvWriter::create(&path, langs, filter)?));
                paths.push(path);
            }
            Format::Tsv => {
                let path = out.join("corpus.tsv");
                writers.push(Box::new(TsvWriter::create(&path, langs, filter)?));
                paths.push(path);
            }
            Format::Jsonl => {
                let path = out.join("corpus.jsonl");
                writers.push(Box::new(JsonlWriter::create(&path, langs, filter)?));
                paths.push(path);
            }
            Format::Moses => {
                let prefix = out.join("corpus");
                writers.push(Box::new(MosesWriter::create(&prefix, langs, filter)?));
                paths.push(out.join(format!("corpus.{}", langs.src)));
                paths.push(out.join(format!("corpus.{}", langs.tgt)));
            }
            Format::Beads => {
                let dir = out.join("beads");
                writers.push(Box::new(BeadsWriter::new(dir.clone())));
                paths.push(dir);
            }
        }
    }
    Ok((writers, paths))
}

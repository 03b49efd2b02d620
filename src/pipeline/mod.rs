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
//!
//! [`fit`] makes the first pass alone and returns the model ([`CorpusModel`], saved as a file by
//! `selaras fit`); a run given one ([`RunConfig::with_model`]) skips its own first pass. The
//! corpus filters ([`CorpusFilters`]) judge the aligned pairs on the writing thread, in output
//! order, before they reach the bitext formats.

mod check;
mod discover;
mod document;
mod ordered;
mod report;
mod review;
mod single;
mod stream;

use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

pub use check::{check, is_swapped_flag, Problem, Side as DocSide};
pub use discover::{discover, from_manifest, Discovery, DocPair};
use document::align_split_with_agreement;
pub use document::{
    align_split, extract_file, observe, read_document, read_text, split_pair, DocError, DocOptions,
    SplitSide, MAX_DOCUMENT_BYTES,
};
use ordered::for_each_ordered;
use report::ReportWriter;
pub use report::{
    DocReport, DocStatus, FlaggedPair, SidesCount, Totals, Unaligned, UNALIGNED_WORDS,
};
pub use review::{
    apply_review, read_decisions, Decision, DecisionLanguages, Decisions, ReviewError,
    ReviewedBead, ReviewedDoc, DECISIONS_VERSION,
};
pub use single::{
    align_files, align_files_with, align_texts, align_texts_checked, align_texts_checked_with,
    align_texts_with, load_dictionary, read_input, split_text, write_checked_document,
    write_document, write_split, DictionaryError, Input,
};
use stream::{parse_stream_line, StreamDoc};
pub use stream::{FIT_BYTES, FIT_DOCUMENTS};

// What the command line (and a library user) configures a run with, from the stages below.
pub use crate::align::explain::Explainer;
pub use crate::align::AlignConfig;
pub use crate::export::corpus_filter::{CorpusFilters, Dropped};
pub use crate::export::{
    creation_date, remove_live_temporaries, Destination, Filter, Format, Languages, TmxHeader,
    WriterOptions,
};
pub use crate::extract::InputFormat;
pub use crate::lang::{locale, Lang, LangError};
pub use crate::normalize::Encoding;

pub use crate::align::model_file::{CorpusModel, FitOptions, ModelFileError};
use crate::align::{Model, ModelFitter};
use crate::export::corpus_filter::{without_dropped, CorpusFilter};
use crate::export::{
    commit_phase, commit_set, complete_interrupted_commit, open_writer, output_paths,
    remove_stale_temporaries, AlignedDoc, ClosedFile, JsonlWriter, OutputLock, Writer,
};

/// Where a run's documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A corpus folder: pairs `NAME.<src>.<ext>` and `NAME.<tgt>.<ext>`, found recursively, or
    /// `<src>/NAME.<ext>` and `<tgt>/NAME.<ext>`.
    Folder(PathBuf),
    /// A manifest: a TSV file of `source<TAB>target[<TAB>name]` lines, paths relative to it.
    Manifest(PathBuf),
    /// A file of JSON lines, `{"doc": …, "<src>": "…", "<tgt>": "…"}`, one document per line.
    JsonlFile(PathBuf),
    /// JSON lines as above, on standard input.
    JsonlStdin,
}

impl Source {
    /// How the source is named in messages and in `report.json`.
    pub fn display(&self) -> String {
        match self {
            Source::Folder(path) | Source::Manifest(path) | Source::JsonlFile(path) => {
                path.display().to_string()
            }
            Source::JsonlStdin => "-".to_string(),
        }
    }

    fn is_stream(&self) -> bool {
        !matches!(self, Source::Folder(_) | Source::Manifest(_))
    }
}

/// Where a run's outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// An output folder: one file per format and `report.json`, each renamed into place when the
    /// run completes.
    Folder(PathBuf),
    /// The bitext as JSON lines on standard output, written as documents complete; no report.
    Stdout,
}

/// Everything a run needs to know.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RunConfig {
    /// Where the documents come from.
    pub source: Source,
    /// Where the outputs go.
    pub output: Output,
    /// How documents are read and split.
    pub doc: DocOptions,
    /// Output formats (`report.json` is always written to an output folder).
    pub formats: Vec<Format>,
    /// Which beads reach the bitext formats.
    pub filter: Filter,
    /// The corpus filters (deduplication, identical sides, …) applied to the pairs that
    /// `filter` lets through, in output order; all off by default.
    pub filters: CorpusFilters,
    /// Whether CSV and TSV get a last column, `flags` (`--qa-columns`).
    pub qa_columns: bool,
    /// Language codes and TMX locales.
    pub languages: Languages,
    /// Search settings.
    pub align: AlignConfig,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// The TMX creation date, in seconds since the epoch.
    pub creation_epoch: u64,
    /// A corpus model fitted beforehand ([`fit`], `selaras fit`) to align with instead of
    /// fitting one on the documents; `None`: fit one.
    pub model: Option<std::sync::Arc<Model>>,
}

impl RunConfig {
    /// A run from `source` into `output` with the default settings: English to Indonesian, TMX
    /// and CSV, every core, today's date in the TMX header.
    pub fn new(source: Source, output: Output) -> RunConfig {
        let doc = DocOptions::default();
        let languages = Languages::new(doc.src_lang, doc.tgt_lang);
        RunConfig {
            source,
            output,
            doc,
            formats: vec![Format::Tmx, Format::Csv],
            filter: Filter::default(),
            filters: CorpusFilters::default(),
            qa_columns: false,
            languages,
            align: AlignConfig::default(),
            threads: 0,
            creation_epoch: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            model: None,
        }
    }

    /// The same run, aligned with `model` (fitted beforehand, see [`fit`]) instead of a model
    /// fitted on its documents. A model fitted by [`fit`] on the same source with the same
    /// options gives the same outputs, byte for byte, as a run that fits its own.
    pub fn with_model(mut self, model: Model) -> RunConfig {
        self.model = Some(std::sync::Arc::new(model));
        self
    }
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
#[non_exhaustive]
pub enum RunError {
    /// The corpus folder or the stream could not be read.
    #[error("cannot read {path}: {source}")]
    Input {
        /// The folder or file (`-`: stdin).
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// No document pairs were found.
    #[error(
        "no document pairs in {path}: expected files NAME.{src}.<ext> with partners \
         NAME.{tgt}.<ext> (ext: txt, html, htm, docx or odt), folders {src}/ and {tgt}/, or a \
         manifest given with --pairs"
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
    /// The stream held no document (blank lines are skipped); no output was changed.
    #[error("no documents in {path}: the stream is empty; no output was changed")]
    Empty {
        /// The stream (`-`: stdin).
        path: PathBuf,
    },
    /// The run was stopped through [`Progress::cancelled`]; no output was changed.
    #[error("interrupted; no output was changed")]
    Interrupted,
    /// Every document of a fit failed (each said as it failed): there is nothing to fit on.
    #[error(
        "every one of the {documents} documents of {path} failed (see above): there is nothing to \
         fit on, and no model was written"
    )]
    NothingToFit {
        /// The corpus.
        path: PathBuf,
        /// How many documents it gave.
        documents: usize,
    },
}

/// The outcome of a run that got as far as writing its outputs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RunSummary {
    /// Totals, as in `report.json`.
    pub totals: Totals,
    /// Failed documents and their errors.
    pub failed: Vec<(String, String)>,
    /// Suspect documents (a side in another language, swapped sides, not a translation, an
    /// empty side) and what the checks found, in input order.
    pub suspect: Vec<(String, Vec<String>)>,
    /// The files written.
    pub outputs: Vec<PathBuf>,
}

/// The options recorded in a folder run's `report.json`: what changes the output, nothing that
/// does not (not `-j`), so that reports are byte-identical across thread counts.
#[derive(Serialize)]
struct ReportOptions<'a> {
    input: String,
    src_lang: &'a str,
    tgt_lang: &'a str,
    formats: Vec<&'static str>,
    presegmented: bool,
    min_score: Option<f64>,
    keep_unaligned: bool,
    keep_suspect: bool,
    keep_boilerplate: bool,
    max_bead: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    filters: Option<CorpusFilters>,
}

/// The options recorded in a stream run's `report.json` (keys in sorted order).
fn stream_report_options(config: &RunConfig) -> serde_json::Value {
    let mut options = serde_json::json!({
        "input_jsonl": config.source.display(),
        "src_lang": config.doc.src_lang,
        "tgt_lang": config.doc.tgt_lang,
        "formats": config.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
        "min_score": config.filter.min_score,
        "keep_unaligned": config.filter.keep_unaligned,
        "keep_suspect": config.filter.keep_suspect,
        "keep_boilerplate": config.doc.keep_boilerplate,
        "presegmented": config.doc.presegmented,
        "max_bead": config.align.max_bead,
        "fit_documents": FIT_DOCUMENTS,
    });
    if config.filters.any() {
        options["filters"] = serde_json::json!(config.filters);
    }
    options
}

/// Where a run in which no document could be aligned leaves its report, beside the earlier
/// outputs it leaves untouched.
pub const FAILED_REPORT: &str = "report.failed.json";

/// How many documents may be in memory at once (being aligned, or aligned and waiting for the
/// ones before them to be written) per worker thread.
const WINDOW_PER_THREAD: usize = 8;

/// A document on its way to a worker.
enum Job {
    /// A pair of files.
    Pair(DocPair),
    /// A stream line parsed already (held for fitting).
    Parsed(StreamDoc),
    /// A stream line as read, with its 1-based number.
    Line(usize, String),
}

/// A document as a worker leaves it: its name and the aligned document with what looks wrong
/// about it, or its error.
type Done = (
    String,
    Option<usize>,
    Result<(AlignedDoc, Vec<Problem>), DocError>,
);

/// The documents of a run, found and ready to go: the documents to fit the model on, and then
/// every document in output order.
struct Documents<'a> {
    /// The documents to fit the model on.
    fit: Vec<Job>,
    /// Whether the documents to fit on are also the first to align (a stream, read once), or a
    /// sample of the documents that `rest` walks again (a folder).
    replay_fit: bool,
    /// The documents to align after those.
    rest: Box<dyn Iterator<Item = Result<Job, RunError>> + Send + 'a>,
    count: Option<usize>,
    unpaired: Vec<String>,
    warnings: Vec<String>,
}

/// Runs the whole pipeline: finds the documents of `config.source`, fits the corpus model,
/// aligns every document in parallel in bounded memory and writes every output format, in input
/// order. A document that fails (unreadable, not text, or a panic in a stage) is reported and
/// skipped; the others are written in full. Folder outputs are renamed into place together, the
/// report last, only when the run completes.
pub fn run(config: &RunConfig, progress: &dyn Progress) -> Result<RunSummary, RunError> {
    run_from(config, None, progress)
}

/// Runs a stream as [`run`] runs `selaras run --input-jsonl - -o -`, with the caller's reader
/// in place of stdin and the caller's writer in place of stdout: the documents are JSON lines
/// read from `input` (the `--input-jsonl` format), the corpus model is fitted on the first of
/// them ([`FIT_DOCUMENTS`] or [`FIT_BYTES`]), and the bitext goes to `sink` as the same JSON
/// lines, in input order, as documents complete. `config.source` and `config.output` are not
/// used (the stream is named `-` in messages); every other setting is.
///
/// For a program that makes its documents as it goes and takes the bitext the same way (the
/// Python package feeds `input` from a Python iterable and reads `sink` line by line). `sink`
/// receives the bytes of each line in several writes; a line is complete at its `\n`.
///
/// ```
/// use selaras::pipeline::{run_jsonl, Output, RunConfig, Silent, Source};
///
/// let input = concat!(
///     r#"{"doc": "a", "en": "Rain fell. Roads flooded.", "id": "Hujan turun. Jalan banjir."}"#,
///     "\n",
/// );
/// let config = RunConfig::new(Source::JsonlStdin, Output::Stdout);
/// let mut bitext = Vec::new();
/// let summary = run_jsonl(&config, Box::new(input.as_bytes()), Box::new(&mut bitext), &Silent)
///     .unwrap();
/// assert_eq!(summary.totals.documents, 1);
/// let first: serde_json::Value =
///     serde_json::from_str(std::str::from_utf8(&bitext).unwrap().lines().next().unwrap())
///         .unwrap();
/// assert_eq!(first["translation"]["en"], "Rain fell.");
/// ```
pub fn run_jsonl<'a>(
    config: &RunConfig,
    input: Box<dyn BufRead + Send + 'a>,
    sink: Box<dyn Write + Send + 'a>,
    progress: &dyn Progress,
) -> Result<RunSummary, RunError> {
    let mut config = config.clone();
    config.source = Source::JsonlStdin;
    config.output = Output::Stdout;
    run_from(&config, Some((input, sink)), progress)
}

/// The reader and the writer that a caller of [`run_jsonl`] gives in place of stdin and stdout.
type CallerStreams<'a> = (Box<dyn BufRead + Send + 'a>, Box<dyn Write + Send + 'a>);

/// [`run`], reading a stream from `streams` and writing its bitext there when given.
fn run_from(
    config: &RunConfig,
    streams: Option<CallerStreams<'_>>,
    progress: &dyn Progress,
) -> Result<RunSummary, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let (input, sink) = match streams {
        Some((input, sink)) => (Some(input), Some(sink)),
        None => (None, None),
    };
    let found;
    let reader: Option<Box<dyn BufRead + Send + '_>> = match input {
        Some(input) => Some(gunzipped(input)),
        None => open_stream(config)?,
    };
    let mut documents = match reader {
        Some(reader) => stream::documents(reader, config)?,
        None => {
            found = find_pairs(config, progress)?;
            folder_documents(&found)
        }
    };
    // A language without tables of its own is said once, at the head of the run's warnings.
    let mut lang_warnings: Vec<String> = [config.doc.src_lang, config.doc.tgt_lang]
        .iter()
        .filter_map(Lang::warning)
        .collect();
    lang_warnings.dedup();
    documents.warnings.splice(0..0, lang_warnings);
    if let Output::Folder(dir) = &config.output {
        documents.warnings.extend(earlier_outputs(dir, config));
    }
    for warning in documents.unpaired.iter().chain(&documents.warnings) {
        progress.warning(warning);
    }
    let _claim = match &config.output {
        Output::Folder(dir) => Some(prepare_output(dir, progress)?),
        Output::Stdout => None,
    };

    let model = match &config.model {
        Some(model) => Model::clone(model),
        // A document that fails here fails again when it is aligned, and is said then.
        None => pool.install(|| fit_model(config, &documents.fit, progress, &|_, _| ())),
    };
    if progress.cancelled() {
        return Err(RunError::Interrupted);
    }
    let Documents {
        fit,
        replay_fit,
        rest,
        count,
        unpaired,
        warnings,
    } = documents;
    let replayed = if replay_fit { fit } else { Vec::new() };
    let all = replayed.into_iter().map(Ok).chain(rest);
    let mut outputs = Outputs::open(config, &model, sink)?;
    progress.begin("aligning", count);
    // The workers align the documents as they become free while this thread writes them, in
    // input order; at most `window` documents are in memory at once.
    let window = pool.current_num_threads() * WINDOW_PER_THREAD;
    let mut failed = Vec::new();
    let mut suspect = Vec::new();
    // The QA rules, for the report's list of flagged pairs (used on this thread only).
    let qa = crate::align::qa::Qa::new(config.doc.src_lang, config.doc.tgt_lang);
    // The names of a stream's documents so far, with their lines (a folder's are unique).
    let mut seen: crate::hash::FxHashMap<String, usize> = Default::default();
    // The corpus filters, which judge the pairs in output order (on this thread only).
    let mut corpus_filter = config
        .filters
        .any()
        .then(|| CorpusFilter::new(config.filters, config.doc.src_lang, config.doc.tgt_lang));
    for_each_ordered(
        &pool,
        all,
        window,
        |job: Result<Job, RunError>| -> Result<Option<Done>, RunError> {
            let job = job?;
            if progress.cancelled() {
                return Ok(None);
            }
            let done = align_job(job, config, &model);
            progress.advance();
            Ok(Some(done))
        },
        |done| {
            let Some((name, line, mut result)) = done? else {
                return Err(RunError::Interrupted);
            };
            // A stream may repeat a name, which would mix two documents in the outputs: the
            // repeat fails, the first is kept whole.
            if let Some(line) = line {
                if let Some(first) = seen.get(&name) {
                    result = Err(DocError::Record {
                        line,
                        message: format!(
                            "the document name `{}` was already used on line {first}: give \
                             each document its own \"doc\"",
                            name.escape_debug()
                        ),
                    });
                } else if result.is_ok() {
                    seen.insert(name.clone(), line);
                }
            }
            let entry = match result {
                Ok((doc, problems)) => {
                    let written = problems.is_empty() || config.filter.keep_suspect;
                    let flags: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                    if !flags.is_empty() {
                        suspect.push((name.clone(), flags.clone()));
                    }
                    let dropped = match &mut corpus_filter {
                        Some(filter) if written => filter.judge_doc(&doc, &config.filter),
                        _ => Vec::new(),
                    };
                    outputs.write(&doc, &flags, written, &dropped)?;
                    let mut entry =
                        DocReport::checked(&doc, &config.filter, &problems, written, &qa);
                    if config.filters.any() {
                        entry.count_filtered(&config.filters, &dropped);
                    }
                    for problem in &problems {
                        let kept = if written {
                            "kept"
                        } else {
                            "kept out of the bitext"
                        };
                        progress.warning(&format!("{name}: {problem} ({kept})"));
                    }
                    let empty = entry.src_sentences == Some(0) || entry.tgt_sentences == Some(0);
                    for warning in entry.warnings.iter().filter(|w| !flags.contains(w)) {
                        if empty || report::is_unreadable_warning(warning) {
                            progress.warning(&format!("{name}: {warning}"));
                        }
                    }
                    entry
                }
                Err(err) => {
                    let message = err.to_string();
                    progress.failed(&name, &message);
                    failed.push((name.clone(), message.clone()));
                    DocReport::failed(&name, &message)
                }
            };
            outputs.add(&entry)
        },
    )?;
    if progress.cancelled() {
        return Err(RunError::Interrupted);
    }
    let source = PathBuf::from(config.source.display());
    let (totals, outputs) = outputs.commit(&source, &unpaired, &warnings, progress)?;
    Ok(RunSummary {
        totals,
        failed,
        suspect,
        outputs,
    })
}

/// The reader of a stream source (`None` for a folder or a manifest).
fn open_stream(config: &RunConfig) -> Result<Option<Box<dyn BufRead + Send>>, RunError> {
    Ok(match &config.source {
        Source::Folder(_) | Source::Manifest(_) => None,
        Source::JsonlFile(path) => {
            let file = std::fs::File::open(path).map_err(|source| RunError::Input {
                path: path.clone(),
                source,
            })?;
            Some(gunzipped(std::io::BufReader::with_capacity(1 << 20, file)))
        }
        Source::JsonlStdin => Some(gunzipped(std::io::BufReader::with_capacity(
            1 << 20,
            std::io::stdin(),
        ))),
    })
}

/// What an earlier run left in the output folder in the formats this run does not write, said
/// as warnings: those files stay as they were and will not match the new outputs (a researcher
/// who reran with fewer formats would otherwise train on the old ones).
fn earlier_outputs(dir: &Path, config: &RunConfig) -> Vec<String> {
    Format::ALL
        .into_iter()
        .filter(|format| !config.formats.contains(format))
        .flat_map(|format| {
            output_paths(format, dir, &config.languages)
                .into_iter()
                .filter(|path| path.exists())
                .map(move |path| {
                    format!(
                        "{} is left from an earlier run: this run does not write {}, so it will \
                         not match the new outputs; remove it, or add {} to --format",
                        path.display(),
                        format.name(),
                        format.name()
                    )
                })
        })
        .collect()
}

/// The document pairs of a folder or manifest source; none is an error.
fn find_pairs(config: &RunConfig, progress: &dyn Progress) -> Result<Discovery, RunError> {
    let (Source::Folder(dir) | Source::Manifest(dir)) = &config.source else {
        unreachable!("a stream has no pairs to find");
    };
    let skip = match &config.output {
        Output::Folder(out) => Some(out.as_path()),
        Output::Stdout => None,
    };
    let found = match &config.source {
        Source::Manifest(manifest) => discover::from_manifest(manifest),
        _ => discover(
            dir,
            config.doc.src_lang.code(),
            config.doc.tgt_lang.code(),
            skip,
        ),
    }
    .map_err(|source| RunError::Input {
        path: dir.clone(),
        source,
    })?;
    if found.is_empty() {
        for warning in &found.warnings {
            progress.warning(warning);
        }
        return Err(RunError::NoDocuments {
            path: dir.clone(),
            src: config.doc.src_lang.to_string(),
            tgt: config.doc.tgt_lang.to_string(),
        });
    }
    Ok(found)
}

/// What [`fit`] gives: the model, and the documents that failed (each also said on the
/// progress), with their errors, in input order.
#[derive(Debug)]
pub struct Fitted {
    /// The corpus model, fitted on the documents that did not fail.
    pub model: CorpusModel,
    /// The documents that could not be read or split, and why.
    pub failed: Vec<(String, String)>,
}

/// Fits the corpus model of `config.source` on exactly the documents that [`run`] fits on (a
/// folder: all of them, or an even sample of [`FIT_DOCUMENTS`]; a stream: its first
/// [`FIT_DOCUMENTS`] documents or [`FIT_BYTES`] bytes, in input order, the rest left unread),
/// with the same options, and returns it to be saved ([`CorpusModel::save`]) or given to
/// [`RunConfig::with_model`], with the documents that failed; when every one failed, the error
/// is [`RunError::NothingToFit`]. `config.output` is not written (a folder inside the corpus is
/// still skipped when looking for pairs, as [`run`] skips it).
pub fn fit(config: &RunConfig, progress: &dyn Progress) -> Result<Fitted, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let found;
    let documents = match open_stream(config)? {
        Some(reader) => stream::documents(reader, config)?,
        None => {
            found = find_pairs(config, progress)?;
            folder_documents(&found)
        }
    };
    if documents.fit.is_empty() {
        return Err(RunError::Empty {
            path: PathBuf::from(config.source.display()),
        });
    }
    // A document that cannot be read fails here, as `run` would fail it: said on `progress`
    // and not counted among the documents fitted on.
    let failed = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let on_failure = |job: &Job, error: String| {
        // Keyed by the document's place in the input: each is said once, in input order.
        let at = documents.fit.iter().position(|j| std::ptr::eq(j, job));
        let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
        failed
            .entry(at)
            .or_insert_with(|| (job_name(job, config), error));
    };
    let model = pool.install(|| fit_model(config, &documents.fit, progress, &on_failure));
    if progress.cancelled() {
        return Err(RunError::Interrupted);
    }
    let failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    let failed: Vec<(String, String)> = failed.into_values().collect();
    for (name, error) in &failed {
        progress.failed(name, error);
    }
    if failed.len() == documents.fit.len() {
        return Err(RunError::NothingToFit {
            path: PathBuf::from(config.source.display()),
            documents: failed.len(),
        });
    }
    Ok(Fitted {
        model: CorpusModel {
            src_lang: config.doc.src_lang,
            tgt_lang: config.doc.tgt_lang,
            model,
            documents: documents.fit.len() - failed.len(),
            options: crate::align::model_file::FitOptions::of(&config.doc),
        },
        failed,
    })
}

/// A stream as text: decompressed on the way when it starts with gzip's magic bytes (a
/// `.jsonl.gz` file, or `zcat` left out of a pipe), as it is otherwise.
fn gunzipped<'a, R: BufRead + Send + 'a>(mut input: R) -> Box<dyn BufRead + Send + 'a> {
    let gzip = matches!(input.fill_buf(), Ok(head) if head.starts_with(&[0x1f, 0x8b]));
    if gzip {
        Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(input),
        ))
    } else {
        Box::new(input)
    }
}

/// The documents of a corpus folder: an even sample of them to fit on, then all of them.
fn folder_documents(found: &Discovery) -> Documents<'_> {
    // A large corpus is fitted on an even sample of its documents: the length ratio, its
    // variance and the learned lexicon settle long before tens of thousands of documents.
    // Document number `i * count / FIT_DOCUMENTS` for every `i`, taken on the way through a
    // walk over the corpus.
    let count = found.count;
    let fit: Vec<Job> = if count <= FIT_DOCUMENTS {
        found.pairs().map(Job::Pair).collect()
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
            .map(|(_, pair)| Job::Pair(pair))
            .collect()
    };
    Documents {
        fit,
        replay_fit: false,
        rest: Box::new(found.pairs().map(|pair| Ok(Job::Pair(pair)))),
        count: Some(count),
        unpaired: found
            .unpaired
            .iter()
            .map(|p| format!("{}: no partner file; skipped", p.display()))
            .collect(),
        warnings: found.warnings.clone(),
    }
}

/// Where aligned documents and their report entries go: the writers of every format and the
/// report, in an output folder, or JSON lines on stdout with the totals counted in memory.
struct Outputs<'a> {
    writers: Vec<Box<dyn Writer + 'a>>,
    /// Whether each writer is of a bitext format (the corpus filters apply to it).
    bitext: Vec<bool>,
    paths: Vec<PathBuf>,
    report: Option<(ReportWriter, PathBuf)>,
    totals: Totals,
    folder: Option<PathBuf>,
}

impl<'a> Outputs<'a> {
    /// Opens the outputs of `config`, the review page's with the fitted `model` (for the
    /// reasons it gives of each pair); a stream's bitext goes to `sink` in place of stdout when
    /// given.
    fn open(
        config: &RunConfig,
        model: &Model,
        sink: Option<Box<dyn Write + Send + 'a>>,
    ) -> Result<Outputs<'a>, RunError> {
        let header = TmxHeader {
            creation_date: crate::export::creation_date(config.creation_epoch),
        };
        let explainer = crate::align::explain::Explainer::new(model);
        let options = WriterOptions {
            languages: &config.languages,
            filter: config.filter,
            header: &header,
            qa_columns: config.qa_columns,
            explainer: Some(&explainer),
        };
        let dir = match &config.output {
            Output::Stdout => {
                let writer: Box<dyn Writer + 'a> = match sink {
                    Some(sink) => Box::new(JsonlWriter::new(
                        sink,
                        &config.languages,
                        config.filter,
                        flush_sink,
                    )),
                    None => open_writer(Format::Jsonl, Destination::Stdout, &options)
                        .map_err(output_error(Path::new("-")))?,
                };
                return Ok(Outputs {
                    writers: vec![writer],
                    bitext: vec![true],
                    paths: Vec::new(),
                    report: None,
                    totals: Totals::default(),
                    folder: None,
                });
            }
            Output::Folder(dir) => dir,
        };
        let mut formats = config.formats.clone();
        formats.sort();
        formats.dedup();
        let mut writers = Vec::new();
        let mut bitext = Vec::new();
        let mut paths = Vec::new();
        for format in formats {
            bitext.push(!matches!(format, Format::Beads | Format::Review));
            writers.push(
                open_writer(format, Destination::Folder(dir), &options)
                    .map_err(output_error(dir))?,
            );
            paths.extend(output_paths(format, dir, &config.languages));
        }
        let report_path = dir.join("report.json");
        let report = if config.source.is_stream() {
            ReportWriter::create(&report_path, &stream_report_options(config))
        } else {
            ReportWriter::create(
                &report_path,
                &ReportOptions {
                    input: config.source.display(),
                    src_lang: config.doc.src_lang.code(),
                    tgt_lang: config.doc.tgt_lang.code(),
                    formats: config.formats.iter().map(|f| f.name()).collect(),
                    presegmented: config.doc.presegmented,
                    min_score: config.filter.min_score,
                    keep_unaligned: config.filter.keep_unaligned,
                    keep_suspect: config.filter.keep_suspect,
                    keep_boilerplate: config.doc.keep_boilerplate,
                    max_bead: config.align.max_bead,
                    filters: config.filters.any().then_some(config.filters),
                },
            )
        }
        .map_err(output_error(&report_path))?;
        Ok(Outputs {
            writers,
            bitext,
            paths,
            report: Some((report, report_path)),
            totals: Totals::default(),
            folder: Some(dir.clone()),
        })
    }

    fn error_path(&self) -> &Path {
        self.folder.as_deref().unwrap_or(Path::new("-"))
    }

    /// Writes a document to every output; one the checks keep out of the bitext (`written`
    /// false) reaches only the review page. The beads the corpus filters dropped (`dropped`, one
    /// entry per bead, or empty) are left out of the bitext formats only.
    fn write(
        &mut self,
        doc: &AlignedDoc,
        flags: &[String],
        written: bool,
        dropped: &[Option<Dropped>],
    ) -> Result<(), RunError> {
        let filtered = without_dropped(doc, dropped);
        for (writer, &bitext) in self.writers.iter_mut().zip(&self.bitext) {
            let doc = match &filtered {
                Some(filtered) if bitext => filtered,
                _ => doc,
            };
            let result = if written {
                writer.write_checked(doc, flags)
            } else {
                writer.write_excluded(doc, flags)
            };
            if let Err(source) = result {
                return Err(RunError::Output {
                    path: self.folder.clone().unwrap_or_else(|| PathBuf::from("-")),
                    source,
                });
            }
        }
        Ok(())
    }

    fn add(&mut self, entry: &DocReport) -> Result<(), RunError> {
        match &mut self.report {
            Some((report, path)) => report.add(entry).map_err(output_error(path)),
            None => {
                self.totals.add(entry);
                self.totals.documents += 1;
                Ok(())
            }
        }
    }

    /// Completes every output in its temporary file first, then renames them all into place,
    /// the report last: a failure before the renames (a full disk) leaves every earlier output
    /// as it was, and a new `report.json` means that every output is new.
    fn commit(
        self,
        source: &Path,
        unpaired: &[String],
        warnings: &[String],
        progress: &dyn Progress,
    ) -> Result<(Totals, Vec<PathBuf>), RunError> {
        let error_path = self.error_path().to_path_buf();
        let mut complete = Vec::new();
        for writer in self.writers {
            complete.extend(writer.close().map_err(output_error(&error_path))?);
        }
        let mut paths = self.paths;
        let totals = match self.report {
            Some((report, path)) => {
                let (totals, file) = report
                    .close(unpaired, warnings)
                    .map_err(output_error(&path))?;
                if totals.aligned + totals.suspect == 0 {
                    // Nothing could be aligned: every earlier output stays as it was (the new
                    // ones are dropped unrenamed), and the report of the failures is kept
                    // beside them as report.failed.json; no document at all is an error.
                    if totals.documents == 0 {
                        return Err(RunError::Empty {
                            path: source.to_path_buf(),
                        });
                    }
                    drop(complete);
                    let failed = path.with_file_name(FAILED_REPORT);
                    file.renamed(failed.clone())
                        .commit()
                        .map_err(output_error(&failed))?;
                    return Ok((totals, vec![failed]));
                }
                complete.push(file);
                paths.push(path);
                totals
            }
            None => {
                let mut totals = self.totals;
                totals.unpaired = unpaired.len();
                if totals.documents == 0 {
                    return Err(RunError::Empty {
                        path: source.to_path_buf(),
                    });
                }
                totals
            }
        };
        if progress.cancelled() {
            return Err(RunError::Interrupted);
        }
        match &self.folder {
            Some(folder) => commit_set(folder, complete)
                .map_err(|(path, source)| RunError::Output { path, source })?,
            None => {
                let _phase = commit_phase();
                for file in complete {
                    let path = file.path().to_path_buf();
                    file.commit().map_err(output_error(&path))?;
                }
            }
        }
        Ok((totals, paths))
    }
}

/// The [`crate::export::Close`] of a caller's sink: flushed, no file to rename.
fn flush_sink(mut sink: Box<dyn Write + Send + '_>) -> std::io::Result<Option<ClosedFile>> {
    sink.flush()?;
    Ok(None)
}

fn output_error(path: &Path) -> impl FnOnce(std::io::Error) -> RunError {
    let path = path.to_path_buf();
    move |source| RunError::Output { path, source }
}

/// Reads, splits and aligns one document. A panic in a stage is caught and becomes the
/// document's error, so that one bad document never stops a batch.
fn align_job(job: Job, config: &RunConfig, model: &Model) -> Done {
    let job = match job {
        Job::Line(number, line) => Job::Parsed(parse_stream_line(
            &line,
            number,
            config.doc.src_lang.code(),
            config.doc.tgt_lang.code(),
        )),
        job => job,
    };
    // What names the document in the report, and in an error: its source file, or its name.
    let (name, label, line) = match &job {
        Job::Pair(pair) => (pair.name.clone(), pair.src.display().to_string(), None),
        Job::Parsed(doc) => (doc.name.clone(), doc.name.clone(), Some(doc.line)),
        Job::Line(..) => unreachable!("parsed above"),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        #[cfg(test)]
        if name == tests::PANICKING_DOCUMENT {
            panic!("a stage failed on purpose");
        }
        let (src, tgt) = split_job(&job, config)?;
        Ok(align_checked(name.clone(), src, tgt, model, config))
    }))
    .unwrap_or_else(|panic| Err(DocError::from_panic(&label, panic)));
    (name, line, result)
}

/// Aligns a split document and checks it: languages, and whether the sides translate each
/// other (the scores of a pair that does not are lowered).
fn align_checked(
    name: String,
    src: SplitSide,
    tgt: SplitSide,
    model: &Model,
    config: &RunConfig,
) -> (AlignedDoc, Vec<Problem>) {
    let (mut doc, agreement) = align_split_with_agreement(name, src, tgt, model, &config.align);
    let (src_lang, tgt_lang) = (config.doc.src_lang, config.doc.tgt_lang);
    let problems = check::check_and_score(&mut doc, src_lang, tgt_lang, &agreement);
    (doc, problems)
}

/// Reads (or parses) and splits one document.
fn split_job(job: &Job, config: &RunConfig) -> Result<(SplitSide, SplitSide), DocError> {
    match job {
        Job::Pair(pair) => match &pair.problem {
            Some(message) => Err(DocError::Pairing {
                message: message.clone(),
            }),
            None => split_pair(&pair.src, &pair.tgt, &config.doc),
        },
        Job::Parsed(doc) => stream::split_doc(doc, &config.doc),
        Job::Line(number, line) => {
            let doc = parse_stream_line(
                line,
                *number,
                config.doc.src_lang.code(),
                config.doc.tgt_lang.code(),
            );
            stream::split_doc(&doc, &config.doc)
        }
    }
}

/// The name a job's document goes by in messages: its NAME, or `line N` for a stream line
/// without a `doc`.
fn job_name(job: &Job, config: &RunConfig) -> String {
    match job {
        Job::Pair(pair) => pair.name.clone(),
        Job::Parsed(doc) => doc.name.clone(),
        Job::Line(number, line) => {
            parse_stream_line(
                line,
                *number,
                config.doc.src_lang.code(),
                config.doc.tgt_lang.code(),
            )
            .name
        }
    }
}

/// Makes an output folder ready for a run: creates it, claims it for as long as the returned
/// lock lives (another run into it is refused with [`RunError::Busy`]), completes the set of
/// outputs that a run killed while renaming them left half changed (said on `progress`), and
/// removes the temporaries of a killed run.
fn prepare_output(dir: &Path, progress: &dyn Progress) -> Result<OutputLock, RunError> {
    let output_error = |source| RunError::Output {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(output_error(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "a file, not a folder: give -o a folder (or a path that does not exist yet)",
        )));
    }
    std::fs::create_dir_all(dir).map_err(output_error)?;
    let claim = OutputLock::acquire(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::WouldBlock => RunError::Busy {
            path: dir.to_path_buf(),
        },
        _ => output_error(e),
    })?;
    if let Some(renames) = complete_interrupted_commit(dir).map_err(output_error)? {
        progress.warning(&format!(
            "{}: an earlier run was stopped while renaming its outputs into place; its {renames} \
             outputs were completed first, so the folder held that run's whole set",
            dir.display()
        ));
    }
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

fn fit_model(
    config: &RunConfig,
    fit: &[Job],
    progress: &dyn Progress,
    on_failure: &(dyn Fn(&Job, String) + Sync),
) -> Model {
    let base = Model::for_run(config.doc.src_lang, config.doc.tgt_lang, &config.align);
    progress.begin("fitting", Some(fit.len()));
    // Each document is split and observed as soon as it is read, so memory holds the fitters'
    // state, never the documents (a stream's held documents aside).
    let split = |job: &Job| {
        if progress.cancelled() {
            return None;
        }
        // A document that cannot be read (or makes a stage panic) is left out, and said to
        // `on_failure`; a run fails it again when it is aligned, with its error.
        match catch_unwind(AssertUnwindSafe(|| split_job(job, config))) {
            Ok(Ok(sides)) => Some(sides),
            Ok(Err(e)) => {
                on_failure(job, e.to_string());
                None
            }
            Err(panic) => {
                let name = job_name(job, config);
                on_failure(job, DocError::from_panic(&name, panic).to_string());
                None
            }
        }
    };
    let mut model = fit_part(fit, &base, progress, split).finish();
    if let Some(next) = model.next_round(&base) {
        model = fit_part(fit, &next, progress, split).finish();
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of this name makes a stage panic (in test builds only).
    pub(super) const PANICKING_DOCUMENT: &str = "panics";

    const EN: &str = "Rain fell all day. The roads flooded.";
    const ID: &str = "Hujan turun sepanjang hari. Jalan-jalan banjir.";

    /// Runs `source` into a fresh folder; returns each document's name and status, in order.
    fn statuses(source: Source, out: &Path) -> (RunSummary, Vec<(String, String)>) {
        let mut config = RunConfig::new(source, Output::Folder(out.to_path_buf()));
        config.threads = 2;
        let summary = run(&config, &Silent).unwrap();
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
                .unwrap();
        let entries = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["name"].as_str().unwrap().to_string(),
                    d["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (summary, entries)
    }

    fn expect_one_caught_panic(summary: &RunSummary, entries: &[(String, String)]) {
        let expected = ["a", PANICKING_DOCUMENT, "z"].map(|name| {
            let status = if name == PANICKING_DOCUMENT {
                "failed"
            } else {
                "ok"
            };
            (name.to_string(), status.to_string())
        });
        assert_eq!(entries, expected);
        assert_eq!((summary.totals.aligned, summary.totals.failed), (2, 1));
        let (name, error) = &summary.failed[0];
        assert_eq!(name, PANICKING_DOCUMENT);
        assert!(
            error.contains("internal error") && error.contains("on purpose"),
            "{error}"
        );
    }

    #[test]
    fn a_folder_run_survives_a_panicking_document() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for name in ["a", PANICKING_DOCUMENT, "z"] {
            std::fs::write(corpus.join(format!("{name}.en.txt")), EN).unwrap();
            std::fs::write(corpus.join(format!("{name}.id.txt")), ID).unwrap();
        }
        let (summary, entries) = statuses(Source::Folder(corpus), &dir.path().join("out"));
        expect_one_caught_panic(&summary, &entries);
    }

    #[test]
    fn a_stream_run_survives_a_panicking_document() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let lines: Vec<String> = ["a", PANICKING_DOCUMENT, "z"]
            .iter()
            .map(|name| serde_json::json!({"doc": name, "en": EN, "id": ID}).to_string())
            .collect();
        std::fs::write(&input, lines.join("\n")).unwrap();
        let (summary, entries) = statuses(Source::JsonlFile(input), &dir.path().join("out"));
        expect_one_caught_panic(&summary, &entries);
    }

    #[test]
    fn a_model_fitted_beforehand_gives_the_same_run() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let lines: Vec<String> = (0..30)
            .map(|i| {
                let en = format!("{EN} Day {i} was wet. The school in block {i} closed.");
                let id = format!("{ID} Hari {i} basah. Sekolah di blok {i} tutup.");
                serde_json::json!({"doc": format!("d{i}"), "en": en, "id": id}).to_string()
            })
            .collect();
        std::fs::write(&input, lines.join("\n")).unwrap();
        let config = |out: &str| {
            let mut config = RunConfig::new(
                Source::JsonlFile(input.clone()),
                Output::Folder(dir.path().join(out)),
            );
            config.formats = vec![Format::Jsonl, Format::Tsv];
            config.creation_epoch = 0;
            config
        };
        let fitted = fit(&config("unused"), &Silent).unwrap().model;
        assert_eq!(fitted.documents, 30);
        assert_eq!((fitted.src_lang, fitted.tgt_lang), (Lang::EN, Lang::ID));
        assert!(!dir.path().join("unused").exists(), "fit writes no output");
        run(&config("fitted"), &Silent).unwrap();
        run(&config("saved").with_model(fitted.model), &Silent).unwrap();
        for file in ["corpus.jsonl", "corpus.tsv", "report.json"] {
            let read = |out: &str| std::fs::read(dir.path().join(out).join(file)).unwrap();
            assert_eq!(read("fitted"), read("saved"), "{file}");
        }
        // A stream of blank lines has nothing to fit on.
        std::fs::write(&input, "\n\n").unwrap();
        assert!(matches!(
            fit(&config("unused"), &Silent),
            Err(RunError::Empty { .. })
        ));
        // Lines that are not documents fail, are not counted, and are given back.
        let mut some_bad = lines.clone();
        some_bad[3] = "garbage".to_string();
        some_bad[7] = r#"{"doc": "half", "en": "Only one side."}"#.to_string();
        std::fs::write(&input, some_bad.join("\n")).unwrap();
        let partly = fit(&config("unused"), &Silent).unwrap();
        assert_eq!(partly.model.documents, 28);
        let names: Vec<&str> = partly
            .failed
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, ["line 4", "half"]);
        std::fs::write(&input, "garbage\n{\"doc\": \"a\"}\n[1]\n").unwrap();
        assert!(matches!(
            fit(&config("unused"), &Silent),
            Err(RunError::NothingToFit { documents: 3, .. })
        ));
    }

    /// JSON lines of `count` documents, one of them (the third) not a document.
    fn stream_lines(count: usize) -> String {
        let mut lines: Vec<String> = (0..count)
            .map(|i| {
                serde_json::json!({
                    "doc": format!("d{i}"),
                    "en": format!("{EN} It rained on day {i}."),
                    "id": format!("{ID} Hujan turun pada hari {i}."),
                })
                .to_string()
            })
            .collect();
        lines[2] = "not json".to_string();
        lines.join("\n") + "\n"
    }

    /// A writer that counts the writes it takes, to show that lines arrive in pieces.
    struct Pieces<'a>(&'a mut Vec<u8>, usize);

    impl Write for Pieces<'_> {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.1 += 1;
            self.0.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn run_jsonl_writes_what_a_stream_run_writes_to_its_jsonl_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, stream_lines(30)).unwrap();
        let out = dir.path().join("out");
        let mut config = RunConfig::new(Source::JsonlFile(input), Output::Folder(out.clone()));
        config.formats = vec![Format::Jsonl];
        config.filter = config.filter.with_keep_unaligned(true);
        config.threads = 2;
        let by_file = run(&config, &Silent).unwrap();
        let expected = std::fs::read(out.join("corpus.jsonl")).unwrap();

        let lines = stream_lines(30);
        let mut bitext = Vec::new();
        let mut sink = Pieces(&mut bitext, 0);
        let by_caller = run_jsonl(
            &config,
            Box::new(lines.as_bytes()),
            Box::new(&mut sink),
            &Silent,
        )
        .unwrap();
        assert!(sink.1 > 1);
        assert_eq!(
            String::from_utf8(bitext).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!(by_caller.totals, by_file.totals);
        assert_eq!(by_caller.failed, by_file.failed);
        assert_eq!(by_caller.failed[0].0, "line 3");
        assert!(by_caller.outputs.is_empty(), "no file is written");
        assert!(
            !dir.path().join("-").exists() && std::fs::read_dir(&out).unwrap().count() == 2,
            "nothing is written beside the folder run's outputs"
        );
    }

    #[test]
    fn run_jsonl_says_an_empty_stream_is_empty() {
        let config = RunConfig::new(Source::JsonlStdin, Output::Stdout);
        let mut bitext = Vec::new();
        let result = run_jsonl(
            &config,
            Box::new("\n\n".as_bytes()),
            Box::new(&mut bitext),
            &Silent,
        );
        assert!(matches!(result, Err(RunError::Empty { .. })), "{result:?}");
        assert!(bitext.is_empty());
    }

    /// Cancels once `after` documents have been aligned.
    struct CancelAfter {
        after: usize,
        done: std::sync::atomic::AtomicUsize,
    }

    impl Progress for CancelAfter {
        fn advance(&self) {
            self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        fn cancelled(&self) -> bool {
            self.done.load(std::sync::atomic::Ordering::SeqCst) >= self.after
        }
    }

    #[test]
    fn a_cancelled_stream_run_changes_no_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let lines: Vec<String> = (0..40)
            .map(|i| serde_json::json!({"doc": format!("d{i}"), "en": EN, "id": ID}).to_string())
            .collect();
        std::fs::write(&input, lines.join("\n")).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("corpus.tmx"), "earlier").unwrap();
        let config = RunConfig::new(Source::JsonlFile(input), Output::Folder(out.clone()));
        let progress = CancelAfter {
            after: 45,
            done: Default::default(),
        };
        // The fitting pass counts 40, so the run stops five documents into aligning.
        assert!(matches!(
            run(&config, &progress),
            Err(RunError::Interrupted)
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("corpus.tmx")).unwrap(),
            "earlier"
        );
        assert!(!out.join("report.json").exists());
    }
}

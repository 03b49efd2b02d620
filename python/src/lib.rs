//! `selaras._selaras`, the native half of the Python package: the library's one-call functions
//! (`split`, `align`) and a corpus run (`CorpusRun`) that aligns a Python iterable of documents
//! on a background thread, exactly as `selaras run --input-jsonl - -o -` does.
//!
//! The package's Python half (`selaras/__init__.py`) is what users call: it turns documents
//! into the JSON lines of `--input-jsonl`, parses the bitext lines back into dicts and turns
//! messages into Python warnings. Everything that decides an output is the library's; this
//! module maps keywords to the library's options (`settings`, the one place that does), hands
//! the data across and raises the library's errors as Python exceptions with its messages.
//!
//! A corpus run and the Python thread that reads it meet in `Shared`: the thread that calls
//! `next_batch` pulls documents from the Python iterable (the GIL held only while it pulls) into
//! a bounded input queue, and takes the bitext lines that the run leaves in a bounded output
//! queue; it waits with the GIL released. The run waits only for input when the input queue
//! is empty (the reader then always has room to fill it) and only for room when the output
//! queue is full (the reader then always has lines to take), so neither waits on the other for
//! ever, and memory holds the two queues and the run's own bounded window.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyString};

use selaras::align::Model;
use selaras::export::score_text;
use selaras::pipeline::{
    align_texts_checked_with, load_dictionary, run_jsonl, split_text, AlignConfig, CorpusFilters,
    CorpusModel, DocOptions, DocReport, Filter, FitOptions, Lang, Languages, Output, Progress,
    RunConfig, RunError, RunSummary, Source,
};

/// mimalloc, as in the command: the aligner's many small, short-lived allocations cost the system
/// allocator about a tenth of the CPU (Python's own objects keep Python's allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    selaras,
    SelarasError,
    PyValueError,
    "An error of selaras, with the message the `selaras` command prints."
);

/// What a call's languages and keywords set.
#[derive(Clone)]
struct Settings {
    doc: DocOptions,
    filter: Filter,
    align: AlignConfig,
    /// Worker threads of a corpus run; 0: one per core.
    threads: usize,
    /// The corpus filters of a corpus run (`--dedup`, `--clean`, …).
    filters: CorpusFilters,
    /// A corpus model saved by `selaras fit`, in place of fitting (`--model`).
    model: Option<Model>,
    /// What the command would warn of about these settings: a model fitted on documents read
    /// otherwise.
    warnings: Vec<String>,
}

impl Settings {
    /// The run that `selaras run --input-jsonl - -o -` would make with these settings.
    fn run_config(&self) -> RunConfig {
        let mut config = RunConfig::new(Source::JsonlStdin, Output::Stdout);
        config.doc = self.doc.clone();
        config.filter = self.filter;
        config.languages = Languages::new(self.doc.src_lang, self.doc.tgt_lang);
        config.align = self.align.clone();
        config.threads = self.threads;
        config.filters = self.filters;
        match &self.model {
            Some(model) => config.with_model(model.clone()),
            None => config,
        }
    }
}

/// Reads a language code as the command line does, with its message: `english` gives "did you
/// mean `en`?".
fn parse_lang(keyword: &str, code: &str) -> PyResult<Lang> {
    code.parse::<Lang>()
        .map_err(|e| SelarasError::new_err(format!("invalid value '{code}' for '{keyword}': {e}")))
}

/// The Python error for a keyword given a value of the wrong type.
fn wrong_type(function: &str, keyword: &str, expected: &str, value: &Bound<'_, PyAny>) -> PyErr {
    let given = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string());
    PyTypeError::new_err(format!(
        "{function}(): '{keyword}' must be {expected}, not {given}"
    ))
}

fn flag(function: &str, keyword: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value
        .extract::<bool>()
        .map_err(|_| wrong_type(function, keyword, "True or False", value))
}

fn whole(function: &str, keyword: &str, value: &Bound<'_, PyAny>) -> PyResult<i64> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(wrong_type(function, keyword, "a whole number", value));
    }
    value.extract::<i64>().map_err(|_| {
        // A whole number (anything with `__index__`) too large for 64 bits is a bad value, not
        // a bad type.
        if value.call_method0("__index__").is_ok() {
            SelarasError::new_err(format!(
                "invalid value '{value}' for '{keyword}': the number is far too large"
            ))
        } else {
            wrong_type(function, keyword, "a whole number", value)
        }
    })
}

/// Reads the languages and keywords of a call (`function` names it in errors) into settings,
/// with the command line's defaults and messages. This is the one place that maps a keyword to
/// an option of the library: a new option is one more arm. `corpus` admits the keywords of a
/// corpus run only (`threads`).
fn settings(
    function: &str,
    src_lang: &str,
    tgt_lang: &str,
    options: Option<&Bound<'_, PyDict>>,
    corpus: bool,
) -> PyResult<Settings> {
    let src = parse_lang("src_lang", src_lang)?;
    let tgt = parse_lang("tgt_lang", tgt_lang)?;
    if src == tgt {
        return Err(SelarasError::new_err(format!(
            "src_lang and tgt_lang are both `{src}`: give the language of each side"
        )));
    }
    let mut settings = Settings {
        doc: DocOptions::new(src, tgt),
        filter: Filter::default(),
        align: AlignConfig::default(),
        threads: 0,
        filters: CorpusFilters::default(),
        model: None,
        warnings: Vec::new(),
    };
    let mut dictionary: Option<PathBuf> = None;
    let mut model: Option<PathBuf> = None;
    let mut clean = false;
    let Some(options) = options else {
        return Ok(settings);
    };
    for (key, value) in options.iter() {
        let key: String = key.extract()?;
        let keyword = key.as_str();
        match keyword {
            // Input is one sentence per line, used as given (a blank line: a paragraph).
            "presegmented" => {
                let on = flag(function, keyword, &value)?;
                settings.doc = settings.doc.with_presegmented(on);
            }
            // Web boilerplate treated as ordinary text (`--keep-boilerplate`).
            "keep_boilerplate" => {
                let on = flag(function, keyword, &value)?;
                settings.doc = settings.doc.with_keep_boilerplate(on);
            }
            // Pairs scored below it left out (`--min-score`); None: none.
            "min_score" => {
                let min = if value.is_none() {
                    None
                } else {
                    let score = value
                        .extract::<f64>()
                        .map_err(|_| wrong_type(function, keyword, "a number or None", &value))?;
                    if !(0.0..=1.0).contains(&score) {
                        return Err(SelarasError::new_err(format!(
                            "invalid value '{score}' for '{keyword}': {score} is not between 0 \
                             and 1"
                        )));
                    }
                    Some(score)
                };
                settings.filter = settings.filter.with_min_score(min);
            }
            // Sentences without a partner kept, one side empty (`--keep-unaligned`).
            "keep_unaligned" => {
                let on = flag(function, keyword, &value)?;
                settings.filter = settings.filter.with_keep_unaligned(on);
            }
            // Documents that look wrong kept (`--keep-suspect`).
            "keep_suspect" => {
                let on = flag(function, keyword, &value)?;
                settings.filter = settings.filter.with_keep_suspect(on);
            }
            // The most sentences on one side of a bead (`--max-bead`, 1 to 8).
            "max_bead" => {
                let n = whole(function, keyword, &value)?;
                if !(1..=8).contains(&n) {
                    return Err(SelarasError::new_err(format!(
                        "invalid value '{n}' for '{keyword}': {n} is not in 1..=8"
                    )));
                }
                settings.align = settings.align.with_max_bead(n as usize);
            }
            // The most bytes of one document, both sides (`--max-document-bytes`).
            "max_document_bytes" => {
                let n = whole(function, keyword, &value)?;
                let n = usize::try_from(n).map_err(|_| {
                    SelarasError::new_err(format!(
                        "invalid value '{n}' for '{keyword}': give a number of bytes"
                    ))
                })?;
                settings.doc = settings.doc.with_max_document_bytes(n);
            }
            // A bilingual dictionary file as evidence (`--dictionary`).
            "dictionary" => {
                dictionary = Some(value.extract::<PathBuf>().map_err(|_| {
                    wrong_type(function, keyword, "a path (str or os.PathLike)", &value)
                })?);
            }
            // Worker threads of a corpus run (`-j`); 0: one per core.
            "threads" if corpus => {
                let n = whole(function, keyword, &value)?;
                settings.threads =
                    usize::try_from(n)
                        .ok()
                        .filter(|&n| n <= 1024)
                        .ok_or_else(|| {
                            SelarasError::new_err(format!(
                                "invalid value '{n}' for '{keyword}': {n} is not in 0..=1024"
                            ))
                        })?;
            }
            // The corpus filters (`--dedup`, `--drop-identical`, `--drop-no-letters`,
            // `--drop-wrong-language`, `--clean`: the first three).
            "dedup" if corpus => settings.filters.dedup = flag(function, keyword, &value)?,
            "drop_identical" if corpus => {
                settings.filters.drop_identical = flag(function, keyword, &value)?
            }
            "drop_no_letters" if corpus => {
                settings.filters.drop_no_letters = flag(function, keyword, &value)?
            }
            "drop_wrong_language" if corpus => {
                settings.filters.drop_wrong_language = flag(function, keyword, &value)?
            }
            "clean" if corpus => clean = flag(function, keyword, &value)?,
            // Pairs whose longer side has more than this many times the characters of the
            // shorter dropped (`--max-length-ratio`); None: no bound.
            "max_length_ratio" if corpus => {
                settings.filters.max_length_ratio = if value.is_none() {
                    None
                } else {
                    let ratio = value
                        .extract::<f64>()
                        .map_err(|_| wrong_type(function, keyword, "a number or None", &value))?;
                    if !(ratio.is_finite() && ratio >= 1.0) {
                        return Err(SelarasError::new_err(format!(
                            "invalid value '{ratio}' for '{keyword}': {ratio} is not a ratio of at \
                             least 1"
                        )));
                    }
                    Some(ratio)
                };
            }
            // A corpus model saved by `selaras fit` (`--model`).
            "model" => {
                model = Some(value.extract::<PathBuf>().map_err(|_| {
                    wrong_type(function, keyword, "a path (str or os.PathLike)", &value)
                })?);
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{function}() got an unexpected keyword argument '{keyword}'"
                )))
            }
        }
    }
    // As `--clean` does: its filters on, whatever the keywords of each say.
    if clean {
        let preset = CorpusFilters::clean();
        settings.filters.dedup |= preset.dedup;
        settings.filters.drop_identical |= preset.drop_identical;
        settings.filters.drop_no_letters |= preset.drop_no_letters;
    }
    if let Some(path) = model {
        if dictionary.is_some() {
            return Err(SelarasError::new_err(
                "model carries the dictionary it was fitted with: give the dictionary to \
                 `selaras fit`, not with model",
            ));
        }
        let loaded = CorpusModel::load(&path).map_err(|e| SelarasError::new_err(e.to_string()))?;
        settings.warnings = loaded
            .options
            .warnings(&path, &FitOptions::of(&settings.doc));
        settings.model = Some(
            loaded
                .for_pair(src, tgt, &path)
                .map_err(|e| SelarasError::new_err(e.to_string()))?,
        );
    }
    if let Some(path) = dictionary {
        let dictionary =
            load_dictionary(&path, src, tgt).map_err(|e| SelarasError::new_err(e.to_string()))?;
        settings.align = settings.align.with_dictionary(Some(dictionary));
    }
    Ok(settings)
}

/// What a language without tables of its own is warned of, once per language.
fn lang_warnings(langs: &[Lang]) -> Vec<String> {
    let mut warnings: Vec<String> = langs.iter().filter_map(Lang::warning).collect();
    warnings.dedup();
    warnings
}

/// Splits a text into sentences as `selaras split --lang LANG` does; returns the sentences and
/// the warnings the command would print.
#[pyfunction]
#[pyo3(signature = (text, lang, strip_boilerplate = false))]
fn split(
    py: Python<'_>,
    text: &str,
    lang: &str,
    strip_boilerplate: bool,
) -> PyResult<(Vec<String>, Vec<String>)> {
    let lang = parse_lang("lang", lang)?;
    let sentences = py.detach(|| split_text(text, lang, strip_boilerplate));
    Ok((sentences, lang_warnings(&[lang])))
}

/// Aligns two texts as `selaras align` aligns two files; returns the beads it would write, as
/// dicts, and the warnings it would print.
#[pyfunction]
#[pyo3(signature = (src, tgt, src_lang, tgt_lang, options = None))]
fn align<'py>(
    py: Python<'py>,
    src: &str,
    tgt: &str,
    src_lang: &str,
    tgt_lang: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
    let settings = settings("align", src_lang, tgt_lang, options, false)?;
    // Each text is held to the limit of one document, as `selaras align` holds each file.
    let max = settings.doc.max_document_bytes;
    for (side, text) in [("src", src), ("tgt", tgt)] {
        if text.len() > max {
            return Err(SelarasError::new_err(format!(
                "{side}: {} bytes, larger than the limit of {max} bytes for one document; raise \
                 it with max_document_bytes, or split the document",
                text.len()
            )));
        }
    }
    let (doc, problems) = py.detach(|| {
        align_texts_checked_with(
            "text",
            src,
            tgt,
            &settings.doc,
            &settings.align,
            settings.model.as_ref(),
        )
    });
    let mut warnings = lang_warnings(&[settings.doc.src_lang, settings.doc.tgt_lang]);
    warnings.extend(settings.warnings.iter().cloned());
    let keep = settings.filter.keep_suspect;
    for problem in &problems {
        let kept = if keep {
            "kept"
        } else {
            "kept out of the output; keep_suspect=True returns it anyway"
        };
        warnings.push(format!("{problem} ({kept})"));
    }
    // A report warning already given as a problem is not given twice.
    let flags: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    warnings.extend(
        DocReport::aligned(&doc, &settings.filter)
            .warnings
            .into_iter()
            .filter(|w| !flags.contains(w)),
    );
    let beads = PyList::empty(py);
    if !problems.is_empty() && !keep {
        return Ok((beads, warnings));
    }
    let qa = Languages::new(settings.doc.src_lang, settings.doc.tgt_lang).qa();
    for bead in doc.beads.iter().filter(|b| settings.filter.keeps(b)) {
        let row = PyDict::new(py);
        row.set_item("src", bead.src.clone().collect::<Vec<usize>>())?;
        row.set_item("tgt", bead.tgt.clone().collect::<Vec<usize>>())?;
        row.set_item("src_text", doc.src_text(bead))?;
        row.set_item("tgt_text", doc.tgt_text(bead))?;
        // The score as every format writes it, three decimals.
        let score: f64 = score_text(bead.score).parse().unwrap_or(bead.score);
        row.set_item("score", score)?;
        let flags: Vec<String> = doc
            .flags(bead, &qa)
            .iter()
            .map(ToString::to_string)
            .collect();
        row.set_item("flags", flags)?;
        beads.append(row)?;
    }
    Ok((beads, warnings))
}

/// Input waiting for the run at most, in bytes (one batch may go past it).
const INPUT_BYTES: usize = 8 << 20;
/// Bitext waiting for the reader at most, in bytes (one document's lines may go past it).
const OUTPUT_BYTES: usize = 8 << 20;
/// How long the reader waits for the run before it looks for a signal (Ctrl-C) to handle.
const SIGNAL_CHECK: std::time::Duration = std::time::Duration::from_millis(100);
/// Items pulled from the Python iterable at most at once (the GIL is held meanwhile).
const BATCH_ITEMS: usize = 256;
/// Bytes pulled from the Python iterable at most at once.
const BATCH_BYTES: usize = 1 << 20;

/// The queues between a corpus run and its reader.
#[derive(Default)]
struct Queues {
    /// Chunks of JSON lines, each line ending in `\n`, waiting for the run.
    input: VecDeque<Vec<u8>>,
    input_bytes: usize,
    /// The Python iterable is exhausted (or failed): no more input.
    input_closed: bool,
    /// Bitext lines (without their `\n`), waiting for the reader.
    output: VecDeque<String>,
    output_bytes: usize,
    /// Warnings and document failures, as the command prints them (without `selaras: `).
    messages: Vec<(String, String)>,
    /// How the run ended, once it has: its summary (none for an empty or a stopped run), or
    /// its error.
    result: Option<Result<Option<RunSummary>, String>>,
}

impl Queues {
    /// Whether the run can take more input now.
    fn room(&self) -> bool {
        !self.input_closed && self.input_bytes < INPUT_BYTES
    }

    /// Whether the reader has something to take.
    fn ready(&self) -> bool {
        !self.output.is_empty() || !self.messages.is_empty()
    }
}

/// What a corpus run and its reader share.
#[derive(Default)]
struct Shared {
    queues: Mutex<Queues>,
    /// Signalled whenever either side changes the queues.
    changed: Condvar,
    /// The reader stopped: the run ends at the next document.
    cancelled: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, queues: MutexGuard<'a, Queues>) -> MutexGuard<'a, Queues> {
        self.changed
            .wait(queues)
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        let _queues = self.lock();
        self.changed.notify_all();
    }
}

/// The run's input: the chunks of the input queue, one after the other.
struct Feed {
    shared: Arc<Shared>,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for Feed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Feed {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at == self.chunk.len() {
            let mut queues = self.shared.lock();
            loop {
                // A cancelled run reads an end of input; it stops as cancelled.
                if self.shared.cancelled() {
                    return Ok(&[]);
                }
                if let Some(chunk) = queues.input.pop_front() {
                    queues.input_bytes -= chunk.len();
                    self.shared.changed.notify_all();
                    self.chunk = chunk;
                    self.at = 0;
                    break;
                }
                if queues.input_closed {
                    return Ok(&[]);
                }
                queues = self.shared.wait(queues);
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at = (self.at + amount).min(self.chunk.len());
    }
}

/// The run's output: bytes cut into lines, each put on the output queue when complete.
struct Sink {
    shared: Arc<Shared>,
    partial: Vec<u8>,
}

impl Sink {
    /// Puts the complete lines of `partial` on the queue (all of it with `all`), then waits
    /// while the queue is full.
    fn hand_over(&mut self, all: bool) -> io::Result<()> {
        let end = match self.partial.iter().rposition(|&b| b == b'\n') {
            _ if all => self.partial.len(),
            Some(last) => last + 1,
            None => return Ok(()),
        };
        let text = String::from_utf8(self.partial.drain(..end).collect())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut queues = self.shared.lock();
        for line in text.split_terminator('\n') {
            queues.output_bytes += line.len();
            queues.output.push_back(line.to_string());
        }
        self.shared.changed.notify_all();
        while queues.output_bytes > OUTPUT_BYTES {
            if self.shared.cancelled() {
                return Err(io::Error::other("the reader stopped"));
            }
            queues = self.shared.wait(queues);
        }
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(data);
        if data.contains(&b'\n') {
            self.hand_over(false)?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_over(true)
    }
}

/// The run's progress: its messages go to the reader, and it stops when the reader does.
struct Messages(Arc<Shared>);

impl Messages {
    fn push(&self, kind: &str, message: String) {
        let mut queues = self.0.lock();
        queues.messages.push((kind.to_string(), message));
        self.0.changed.notify_all();
    }
}

impl Progress for Messages {
    fn failed(&self, name: &str, error: &str) {
        self.push("failed", format!("document {name} failed: {error}"));
    }

    fn warning(&self, message: &str) {
        self.push("warning", message.to_string());
    }

    fn cancelled(&self) -> bool {
        self.0.cancelled()
    }
}

/// What `next_batch` hands over: bitext lines, and messages as `(kind, text)`.
type Batch = (Vec<String>, Vec<(String, String)>);

/// A corpus aligned on a background thread, as `selaras run --input-jsonl - -o -` aligns one:
/// the documents are JSON lines taken from a Python iterable, the bitext comes back as JSON
/// lines, in input order.
#[pyclass(module = "selaras._selaras")]
struct CorpusRun {
    settings: Settings,
    shared: Arc<Shared>,
    /// The iterable of input lines, until it is exhausted.
    lines: Option<Py<PyIterator>>,
    thread: Option<JoinHandle<()>>,
    /// The run's outcome has been handed over (or the reader stopped): nothing more comes.
    over: bool,
    summary: Option<RunSummary>,
}

#[pymethods]
impl CorpusRun {
    /// Reads the settings of a run (errors as `align_corpus` raises them); `start` starts it.
    #[new]
    #[pyo3(signature = (src_lang, tgt_lang, options = None))]
    fn new(src_lang: &str, tgt_lang: &str, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(CorpusRun {
            settings: settings("align_corpus", src_lang, tgt_lang, options, true)?,
            shared: Arc::default(),
            lines: None,
            thread: None,
            over: false,
            summary: None,
        })
    }

    /// The keys of the two texts in an input line: the languages' codes.
    #[getter]
    fn keys(&self) -> (String, String) {
        (
            self.settings.doc.src_lang.code().to_string(),
            self.settings.doc.tgt_lang.code().to_string(),
        )
    }

    /// Starts the run over `lines`, an iterable of JSON lines without their `\n`.
    fn start(&mut self, lines: &Bound<'_, PyAny>) -> PyResult<()> {
        if self.thread.is_some() {
            return Err(PyValueError::new_err("the run was started already"));
        }
        self.lines = Some(PyIterator::from_object(lines)?.unbind());
        for warning in &self.settings.warnings {
            Messages(Arc::clone(&self.shared)).warning(warning);
        }
        let config = self.settings.run_config();
        let shared = Arc::clone(&self.shared);
        let thread = std::thread::Builder::new()
            .name("selaras-run".to_string())
            .spawn(move || {
                let feed = Feed {
                    shared: Arc::clone(&shared),
                    chunk: Vec::new(),
                    at: 0,
                };
                let sink = Sink {
                    shared: Arc::clone(&shared),
                    partial: Vec::new(),
                };
                let progress = Messages(Arc::clone(&shared));
                let result = catch_unwind(AssertUnwindSafe(|| {
                    run_jsonl(&config, Box::new(feed), Box::new(sink), &progress)
                }));
                let result = match result {
                    Ok(Ok(summary)) => Ok(Some(summary)),
                    // An empty corpus gives no rows; a stopped run, none more.
                    Ok(Err(RunError::Empty { .. } | RunError::Interrupted)) => Ok(None),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("internal error: the run stopped unexpectedly".to_string()),
                };
                let mut queues = shared.lock();
                queues.result = Some(result);
                shared.changed.notify_all();
            })
            .map_err(|e| SelarasError::new_err(format!("cannot start the run: {e}")))?;
        self.thread = Some(thread);
        Ok(())
    }

    /// The next bitext lines and messages (`(kind, text)`), or None once the run is over:
    /// feeds the run from the iterable when it has room, and waits with the GIL released.
    /// Raises what the iterable raises, and the run's error.
    fn next_batch(&mut self, py: Python<'_>) -> PyResult<Option<Batch>> {
        if self.over || self.thread.is_none() {
            return Ok(None);
        }
        let mut fed = false;
        loop {
            let (room, ready) = {
                let queues = self.shared.lock();
                (queues.room(), queues.ready())
            };
            // Feed before handing over, so that the workers never wait while the caller
            // works; once per call when there is something to hand over.
            if room && (!ready || !fed) {
                self.feed(py)?;
                fed = true;
                continue;
            }
            let mut queues = self.shared.lock();
            if queues.ready() {
                let lines: Vec<String> = queues.output.drain(..).collect();
                queues.output_bytes = 0;
                let messages = std::mem::take(&mut queues.messages);
                self.shared.changed.notify_all();
                return Ok(Some((lines, messages)));
            }
            if let Some(result) = queues.result.take() {
                drop(queues);
                self.over = true;
                self.join(py);
                return match result {
                    Ok(summary) => {
                        let every_failed = summary.as_ref().is_some_and(|s| {
                            s.totals.failed > 0 && s.totals.aligned + s.totals.suspect == 0
                        });
                        self.summary = summary;
                        if every_failed {
                            Err(SelarasError::new_err("every document failed"))
                        } else {
                            Ok(None)
                        }
                    }
                    Err(message) => Err(SelarasError::new_err(message)),
                };
            }
            drop(queues);
            let shared = Arc::clone(&self.shared);
            py.detach(move || {
                let queues = shared.lock();
                if !queues.ready() && queues.result.is_none() && !queues.room() {
                    let _ = shared.changed.wait_timeout(queues, SIGNAL_CHECK);
                }
            });
            // Ctrl-C (KeyboardInterrupt) stops the run while its rows are awaited, at once:
            // its thread ends on its own once the documents in hand are done.
            if let Err(e) = py.check_signals() {
                self.over = true;
                self.lines = None;
                self.shared.cancel();
                return Err(e);
            }
        }
    }

    /// The totals of a run that is over, as a JSON object (`report.json`'s `totals`), or None.
    #[getter]
    fn totals(&self) -> Option<String> {
        self.summary
            .as_ref()
            .and_then(|s| serde_json::to_string(&s.totals).ok())
    }

    /// The documents that failed, with their errors, once the run is over.
    #[getter]
    fn failed(&self) -> Vec<(String, String)> {
        self.summary
            .as_ref()
            .map(|s| s.failed.clone())
            .unwrap_or_default()
    }

    /// The documents found suspect, with what the checks found, once the run is over.
    #[getter]
    fn suspect(&self) -> Vec<(String, Vec<String>)> {
        self.summary
            .as_ref()
            .map(|s| s.suspect.clone())
            .unwrap_or_default()
    }

    /// Stops the run (if it is still going) and waits for its thread to end.
    fn close(&mut self, py: Python<'_>) {
        self.over = true;
        self.lines = None;
        self.shared.cancel();
        self.join(py);
    }
}

impl CorpusRun {
    /// Pulls a batch of lines from the iterable into the input queue; closes the input when
    /// the iterable is exhausted, and stops the run when it raises.
    fn feed(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(lines) = &self.lines else {
            let mut queues = self.shared.lock();
            queues.input_closed = true;
            self.shared.changed.notify_all();
            return Ok(());
        };
        let mut lines = lines.bind(py).clone();
        let mut chunk = Vec::new();
        let mut exhausted = false;
        let mut items = 0;
        while items < BATCH_ITEMS && chunk.len() < BATCH_BYTES {
            match lines.next() {
                None => {
                    exhausted = true;
                    break;
                }
                Some(Err(e)) => {
                    self.close(py);
                    return Err(e);
                }
                Some(Ok(item)) => {
                    // A line that is not a str, or not UTF-8 (a lone surrogate), stops the run.
                    let text = match item.cast::<PyString>() {
                        Ok(text) => match text.to_str() {
                            Ok(text) => text.to_owned(),
                            Err(e) => {
                                self.close(py);
                                return Err(e);
                            }
                        },
                        Err(_) => {
                            self.close(py);
                            return Err(PyTypeError::new_err("an input line must be a str"));
                        }
                    };
                    chunk.extend_from_slice(text.as_bytes());
                    chunk.push(b'\n');
                    items += 1;
                }
            }
        }
        if exhausted {
            self.lines = None;
        }
        let mut queues = self.shared.lock();
        if !chunk.is_empty() {
            queues.input_bytes += chunk.len();
            queues.input.push_back(chunk);
        }
        queues.input_closed |= exhausted;
        self.shared.changed.notify_all();
        Ok(())
    }

    /// Waits, with the GIL released, for the run's thread to end.
    fn join(&mut self, py: Python<'_>) {
        if let Some(thread) = self.thread.take() {
            py.detach(move || {
                let _ = thread.join();
            });
        }
    }
}

impl Drop for CorpusRun {
    fn drop(&mut self) {
        // A run dropped unread stops at its next document; its thread ends on its own.
        self.shared.cancel();
    }
}

/// The native half of the `selaras` package: see `selaras/__init__.py`.
#[pymodule]
fn _selaras(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SelarasError", m.py().get_type::<SelarasError>())?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_class::<CorpusRun>()?;
    m.add("FIT_DOCUMENTS", selaras::pipeline::FIT_DOCUMENTS)?;
    m.add("FIT_BYTES", selaras::pipeline::FIT_BYTES)?;
    Ok(())
}

//! Command-line flags and their translation into library calls.

mod align;
mod dedup_keys;
mod eval;
mod extract;
mod fit;
pub mod interrupt;
mod progress;
mod review;
mod run;
mod split;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use selaras::align::Model;
use selaras::pipeline::{
    load_dictionary, AlignConfig, CorpusFilters, CorpusModel, DictionaryError, DocOptions,
    Encoding, Filter, FitOptions, Format, InputFormat, Lang, Languages,
};

/// Sentence alignment of document pairs into bitext: TMX for translators, CSV, TSV, JSONL and
/// Moses files for machine-translation research.
///
/// selaras reads a text and its translation, splits both into sentences, pairs the sentences
/// (1-1, 1-2, 2-1, 2-2, 1-0, 0-1…) with a confidence score for each pair, and writes the result.
/// Run `selaras run` with no arguments to align the bundled sample corpus into out/.
#[derive(Debug, Parser)]
#[command(
    name = "selaras",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// Whether the command is `selaras split`.
    pub fn is_split(&self) -> bool {
        matches!(self.command, Command::Split(_))
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Align every document pair in a folder and write the corpus in the chosen formats.
    ///
    /// Pairs are files NAME.<src-lang>.<ext> with a partner NAME.<tgt-lang>.<ext> in the same
    /// folder (ext: txt, html, htm, docx, odt), searched recursively; or <src-lang>/NAME.<ext>
    /// with <tgt-lang>/NAME.<ext>; or the lines of a manifest given with --pairs. Writes
    /// OUT/corpus.tmx, OUT/corpus.csv (by default), the other formats asked for, and always
    /// OUT/report.json. Exit status: 0 all aligned, 1 nothing could be done, 2 usage error, 3 some
    /// documents failed (each named on stderr and in the report), 130 interrupted (Ctrl-C,
    /// SIGTERM: earlier outputs are left as they were).
    Run(run::RunArgs),
    /// Fit the corpus model on the documents `run` would fit on, and save it for `run --model`.
    ///
    /// The model (length ratio, its variance, the dictionary, the lexicon learned from the
    /// corpus) is fitted on exactly the documents that `selaras run` with the same input and
    /// options fits on: all of a folder's documents, or an even sample of 2,000 of a larger
    /// folder; of --input-jsonl, the first 2,000 documents or 32 MB of text, in input order (the
    /// rest is not read). `selaras run --model MODEL` on the same input with the same options then
    /// writes the same outputs, byte for byte, as `selaras run` alone; on a part of the input (a
    /// Spark partition) it aligns with the model of the whole. MODEL is a JSON file (format
    /// `selaras-model`, version 1; see the README).
    Fit(fit::FitArgs),
    /// Align one document pair and write one format to a file or, as TSV, to stdout.
    Align(align::AlignArgs),
    /// Split a text into sentences, one per line on stdout.
    Split(split::SplitArgs),
    /// Show the text read from a file (a web page's article, a Word or OpenDocument file's
    /// paragraphs): paragraphs separated by blank lines, or one JSON line with --jsonl.
    Extract(extract::ExtractArgs),
    /// Score predicted beads against gold beads: strict and lax precision, recall and F1.
    Eval(eval::EvalArgs),
    /// Print the key `run --dedup` deduplicates on, for each row of a JSONL bitext.
    ///
    /// Reads rows as `run --format jsonl` writes them and prints one line per row: 16 hex
    /// digits, the same for two rows exactly when they are duplicates, exact or normalised. For
    /// deduplicating outside one run (the partitions of a Spark job: scripts/spark_align.py).
    DedupKeys(dedup_keys::DedupKeysArgs),
    /// Replay a review: write the decisions file exported from the review page (a run with
    /// --format review) in every output format asked for.
    ApplyReview(review::ApplyReviewArgs),
}

/// Options shared by `run` and `align`: languages, reading, alignment and filtering.
#[derive(Debug, Clone, Args)]
struct AlignOptions {
    /// Language translated FROM: an ISO 639-1 code (en), or 639-3 (eng), optionally with a
    /// region (en-GB).
    #[arg(long, default_value = "en", value_name = "L", value_parser = parse_lang)]
    src_lang: Lang,
    /// Language translated INTO, as --src-lang.
    #[arg(long, default_value = "id", value_name = "L", value_parser = parse_lang)]
    tgt_lang: Lang,
    /// Source locale for TMX xml:lang, such as en-US (default: the source language code).
    #[arg(long, value_name = "X")]
    src_locale: Option<String>,
    /// Target locale for TMX xml:lang, such as id-ID (default: the target language code).
    #[arg(long, value_name = "X")]
    tgt_locale: Option<String>,
    /// Input is one sentence per line, used exactly as given (a blank line marks a paragraph).
    #[arg(long)]
    presegmented: bool,
    /// Leave out of the bitext the pairs scored below S (0 to 1). Beads files list every bead.
    #[arg(long, value_name = "S", value_parser = parse_score, allow_negative_numbers = true)]
    min_score: Option<f64>,
    /// Keep sentences without a partner (1-0 and 0-1 beads) in the bitext, one side empty.
    #[arg(long)]
    keep_unaligned: bool,
    /// Keep in the bitext the documents that look wrong: a side in another language, swapped
    /// sides, or sides that do not translate each other (each is named on stderr and in the
    /// report either way).
    #[arg(long)]
    keep_suspect: bool,
    /// Add a last column, `flags`, to CSV and TSV: each pair's QA flags (numbers, dates, times,
    /// URLs and names one side has and the other lacks). TMX, JSONL and beads always carry them.
    #[arg(long)]
    qa_columns: bool,
    /// Treat web boilerplate (comment forms, share prompts, "Baca juga:" links) as ordinary text.
    #[arg(long)]
    keep_boilerplate: bool,
    /// The largest number of sentences on one side of a bead (2: up to 2-2; 3: adds 1-3, 3-1;
    /// 4 to 8: 1-4, 4-1 and larger, tried only where the bead one sentence smaller is the best).
    #[arg(long, default_value_t = 6, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=8))]
    max_bead: u8,
    /// Encoding of the input files: utf-8 (default; UTF-16/32 are recognised by their
    /// byte-order mark), latin1 (read as windows-1252), windows-1250 to windows-1258,
    /// iso-8859-2 to iso-8859-16 and the other labels of the WHATWG Encoding Standard. A web
    /// page's own charset is used when this is utf-8.
    #[arg(long, value_name = "E", default_value = "utf-8", value_parser = parse_encoding)]
    encoding: Encoding,
    /// The most bytes of one input file, or of one --input-jsonl line (both sides); a larger
    /// document fails with a message that names it.
    #[arg(long, value_name = "BYTES", default_value_t = selaras::pipeline::MAX_DOCUMENT_BYTES)]
    max_document_bytes: usize,
    /// Read every input file in this format whatever its extension: txt, html, docx or odt
    /// (default: by extension; .html/.htm, .docx, .odt, anything else plain text).
    #[arg(long, value_name = "F", value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
    /// A bilingual dictionary to use as evidence: UTF-8 TSV, one entry per line,
    /// `source<TAB>target1|target2|...` (source language first), `#` for comments. For en/id it
    /// is added to the bundled lexicon.
    #[arg(long, value_name = "FILE")]
    dictionary: Option<std::path::PathBuf>,
}

/// `run`'s corpus filters: what a researcher cleans a bitext of before training. Each is off
/// unless given; each counts the pairs it drops in report.json (`filtered`). They apply to the
/// bitext formats (tmx, csv, tsv, jsonl, moses), never to beads files or the review page.
#[derive(Debug, Clone, Args)]
pub(crate) struct CorpusFilterOptions {
    /// Drop duplicate pairs, keeping the first in the run (documents in order): exact repeats,
    /// and pairs that are the same once normalised (NFC, lowercase, each run of digits as one
    /// digit, punctuation, symbols and spaces as one space).
    #[arg(long, help_heading = "Corpus filters")]
    dedup: bool,
    /// Drop pairs whose two sides are the same once normalised (untranslated text, a name
    /// alone).
    #[arg(long, help_heading = "Corpus filters")]
    drop_identical: bool,
    /// Drop pairs with a side that holds no letter (numbers, punctuation alone).
    #[arg(long, help_heading = "Corpus filters")]
    drop_no_letters: bool,
    /// Drop pairs whose longer side has more than R times the characters of the shorter
    /// (R at least 1; pairs with an empty side are not judged).
    #[arg(long, value_name = "R", value_parser = parse_ratio, help_heading = "Corpus filters")]
    max_length_ratio: Option<f64>,
    /// Drop pairs with a side of 60 characters or more that the language identifier is sure
    /// (confidence 0.9) is in another language than its own; shorter sides are not judged.
    #[arg(long, help_heading = "Corpus filters")]
    drop_wrong_language: bool,
    /// The usual cleaning: --dedup --drop-identical --drop-no-letters.
    #[arg(long, help_heading = "Corpus filters")]
    clean: bool,
}

impl CorpusFilterOptions {
    /// The corpus filters asked for.
    fn corpus_filters(&self) -> anyhow::Result<CorpusFilters> {
        let base = if self.clean {
            CorpusFilters::clean()
        } else {
            CorpusFilters::default()
        };
        Ok(base
            .with_dedup(base.dedup || self.dedup)
            .with_drop_identical(base.drop_identical || self.drop_identical)
            .with_drop_no_letters(base.drop_no_letters || self.drop_no_letters)
            .with_max_length_ratio(self.max_length_ratio)
            .with_drop_wrong_language(self.drop_wrong_language))
    }
}

fn parse_ratio(text: &str) -> Result<f64, String> {
    let ratio: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if ratio.is_finite() && ratio >= 1.0 {
        Ok(ratio)
    } else {
        Err(format!("{ratio} is not a ratio of at least 1"))
    }
}

impl AlignOptions {
    /// Checks what clap cannot: the locales, and that the two languages differ.
    fn validate(&self) -> anyhow::Result<()> {
        for (flag, value) in [
            ("--src-locale", self.src_locale.as_ref()),
            ("--tgt-locale", self.tgt_locale.as_ref()),
        ] {
            if let Some(value) = value {
                if let Err(e) = selaras::pipeline::locale(value) {
                    return Err(Exit::usage(format!("{flag}: {e}")));
                }
            }
        }
        if self.src_lang == self.tgt_lang {
            return Err(Exit::usage(format!(
                "--src-lang and --tgt-lang are both `{}`: give the language of each side",
                self.src_lang
            )));
        }
        Ok(())
    }

    fn doc_options(&self) -> DocOptions {
        DocOptions::new(self.src_lang, self.tgt_lang)
            .with_presegmented(self.presegmented)
            .with_keep_boilerplate(self.keep_boilerplate)
            .with_encoding(self.encoding)
            .with_max_document_bytes(self.max_document_bytes)
            .with_input_format(self.input_format)
    }

    fn filter(&self) -> Filter {
        Filter::default()
            .with_min_score(self.min_score)
            .with_keep_unaligned(self.keep_unaligned)
            .with_keep_suspect(self.keep_suspect)
    }

    /// The languages, with the locales that [`AlignOptions::validate`] has checked.
    fn languages(&self) -> anyhow::Result<Languages> {
        Languages::new(self.src_lang, self.tgt_lang)
            .with_locales(self.src_locale.as_deref(), self.tgt_locale.as_deref())
            .map_err(|e| Exit::usage(e.to_string()))
    }

    /// The search settings, with the user dictionary read and parsed: an unreadable file fails
    /// the run (status 1), a malformed one is a usage error (status 2) naming file and line.
    fn align_config(&self) -> anyhow::Result<AlignConfig> {
        let config = AlignConfig::default().with_max_bead(usize::from(self.max_bead));
        let Some(path) = &self.dictionary else {
            return Ok(config);
        };
        let dictionary =
            load_dictionary(path, self.src_lang, self.tgt_lang).map_err(|e| match e {
                DictionaryError::Parse { .. } => Exit::usage(e.to_string()),
                _ => anyhow::Error::new(e),
            })?;
        Ok(config.with_dictionary(Some(dictionary)))
    }
}

/// Reads a saved model for a run of `options`' language pair; a model given with --dictionary
/// is a usage error (the model carries the dictionary it was fitted with).
fn load_model(path: &std::path::Path, options: &AlignOptions) -> anyhow::Result<Model> {
    if options.dictionary.is_some() {
        return Err(Exit::usage(
            "--model carries the dictionary it was fitted with: give --dictionary to `selaras fit`, not with --model",
        ));
    }
    let model = CorpusModel::load(path)?;
    for warning in model
        .options
        .warnings(path, &FitOptions::of(&options.doc_options()))
    {
        eprintln!("selaras: warning: {warning}");
    }
    Ok(model.for_pair(options.src_lang, options.tgt_lang, path)?)
}

fn parse_score(text: &str) -> Result<f64, String> {
    let score: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&score) {
        Ok(score)
    } else {
        Err(format!("{score} is not between 0 and 1"))
    }
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse::<Lang>().map_err(|e| e.to_string())
}

fn parse_encoding(text: &str) -> Result<Encoding, String> {
    text.parse::<Encoding>().map_err(|e| e.to_string())
}

fn parse_input_format(text: &str) -> Result<InputFormat, String> {
    text.parse::<InputFormat>()
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse::<Format>().map_err(|e| e.to_string())
}

/// An error that carries its own exit status.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Exit {
    status: u8,
    message: String,
}

impl Exit {
    fn usage(message: impl Into<String>) -> anyhow::Error {
        Exit {
            status: 2,
            message: message.into(),
        }
        .into()
    }

    fn interrupted(message: impl Into<String>) -> anyhow::Error {
        Exit {
            status: interrupt::STATUS,
            message: message.into(),
        }
        .into()
    }
}

/// What a successful command ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything done.
    Success,
    /// Done, but some documents failed.
    Partial,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Success => ExitCode::SUCCESS,
            Status::Partial => ExitCode::from(3),
        }
    }
}

/// An error and its causes on one line, `: ` between them; a cause whose words the message
/// already holds (a document error that quotes what went wrong) is not said twice.
pub fn describe(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Runs a parsed command line.
pub fn dispatch(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Fit(args) => fit::fit(args),
        Command::Align(args) => align::align(args),
        Command::Split(args) => split::split(args),
        Command::Extract(args) => extract::extract(args),
        Command::Eval(args) => eval::eval(args),
        Command::DedupKeys(args) => dedup_keys::dedup_keys(args),
        Command::ApplyReview(args) => review::apply_review(args),
    }
}

/// The exit status for an error: 2 for usage errors, 1 otherwise.
pub fn exit_status_of(err: &anyhow::Error) -> ExitCode {
    match err.downcast_ref::<Exit>() {
        Some(exit) => ExitCode::from(exit.status),
        None => ExitCode::from(1),
    }
}

/// Standard output for a command's results; an error if it was closed when selaras started.
pub fn stdout() -> anyhow::Result<std::io::StdoutLock<'static>> {
    ensure_stdout_open()?;
    Ok(std::io::stdout().lock())
}

/// The context of an error in writing to standard output (`> /dev/full`), so that the message
/// says what could not be written.
pub const WRITING_STDOUT: &str = "cannot write to standard output";

/// An error if standard output was closed when selaras started (`>&-`): what a command wrote
/// there would be lost without a word.
pub fn ensure_stdout_open() -> anyhow::Result<()> {
    if stdout_was_closed() {
        anyhow::bail!(
            "standard output is closed (`>&-`), so the output would be lost: redirect it to a \
             file, or give -o FILE"
        );
    }
    Ok(())
}

/// Whether standard output was closed when the program started. The Rust runtime puts
/// `/dev/null` on a closed standard descriptor before `main`, so writes to it would succeed and
/// vanish; what it was before is looked at earlier still (see [`closed_at_start`]).
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    closed_at_start::STDOUT.load(std::sync::atomic::Ordering::Relaxed)
}

/// A look at the standard output taken before the Rust runtime starts: a function in the
/// executable's `.init_array`, which the system's loader runs before `main` (and so before the
/// runtime reopens closed descriptors). A closed descriptor has no entry in `/proc/self/fd`;
/// `/dev/null` given by the caller, whether opened for writing only (`>/dev/null`) or for
/// reading and writing (`1<>/dev/null`, Python's `subprocess.DEVNULL`), has one.
#[cfg(target_os = "linux")]
mod closed_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Whether file descriptor 1 was closed when the program started.
    pub static STDOUT: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // Without /proc nothing can be told: the output is taken to be open.
        let proc_fds = std::fs::symlink_metadata("/proc/self/fd").is_ok();
        let fd1 = std::fs::symlink_metadata("/proc/self/fd/1");
        if proc_fds && fd1.is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            STDOUT.store(true, Ordering::Relaxed);
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;
}

/// Elsewhere a closed standard output cannot be told from `/dev/null`.
#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Whether an error is a closed stdout (`selaras split | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The last second that a TMX date (`YYYYMMDDThhmmssZ`, four-digit year) can hold.
const LAST_TMX_SECOND: u64 = 253_402_300_799;

/// The TMX creation date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn creation_epoch() -> anyhow::Result<u64> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|&seconds| seconds <= LAST_TMX_SECOND)
            .ok_or_else(|| {
                Exit::usage(format!(
                    "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to \
                     {LAST_TMX_SECOND} (9999-12-31), not `{value}`"
                ))
            }),
        Err(_) => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)),
    }
}

fn display(path: &std::path::Path) -> String {
    path.display().to_string()
}

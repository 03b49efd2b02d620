//! One document at a time, for `selaras align` and `selaras split` and for library users: two
//! texts or two files to an aligned document, a text to sentences, an aligned document to one
//! format.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::check::{check_and_score, Problem};
use super::document::{align_split_with_agreement, split_files};
use super::{
    align_split, observe, read_document, DocError, DocOptions, SplitSide, MAX_DOCUMENT_BYTES,
};
use crate::align::lexicon::bundled::LexiconError;
use crate::align::lexicon::Dictionary;
use crate::align::{AlignConfig, Model, ModelFitter};
use crate::export::{open_writer, AlignedDoc, Destination, Format, WriterOptions};
use crate::extract::InputFormat;
use crate::lang::Lang;
use crate::normalize::{self, Encoding};
use crate::segment::Segmenter;

/// Aligns two texts, a document and its translation, fitting the length model and the learned
/// lexicon on the pair itself (as `selaras align` does).
///
/// ```
/// use selaras::pipeline::{align_texts, DocOptions};
///
/// let en = "The minister spoke on Monday. She said prices would fall.";
/// let id = "Menteri berbicara pada Senin. Dia mengatakan harga akan turun.";
/// let doc = align_texts("news", en, id, &DocOptions::default());
/// let pairs: Vec<_> = doc.bitext().collect();
/// assert_eq!(pairs.len(), 2);
/// assert_eq!(pairs[0].src, "The minister spoke on Monday.");
/// assert_eq!(pairs[0].tgt, "Menteri berbicara pada Senin.");
/// assert!(pairs[0].score > 0.5);
/// ```
pub fn align_texts(name: &str, src: &str, tgt: &str, options: &DocOptions) -> AlignedDoc {
    align_texts_with(name, src, tgt, options, &AlignConfig::default())
}

/// [`align_texts`] with search settings of one's own.
pub fn align_texts_with(
    name: &str,
    src: &str,
    tgt: &str,
    options: &DocOptions,
    config: &AlignConfig,
) -> AlignedDoc {
    let src = SplitSide::from_text(src, options.src_lang, options);
    let tgt = SplitSide::from_text(tgt, options.tgt_lang, options);
    align_split_alone(name.to_string(), src, tgt, options, config)
}

/// Aligns two texts as [`align_texts_with`] does and checks them as [`align_files`] checks two
/// files: what looks wrong about the pair comes with it (a pair that is not a translation has
/// its scores lowered). What `selaras align` does with two files' texts, for a caller that has
/// the texts in memory (the Python package's `align`).
///
/// ```
/// use selaras::pipeline::{align_texts_checked, AlignConfig, DocOptions};
///
/// let en = "The minister spoke on Monday. She said prices would fall.";
/// let id = "Menteri berbicara pada Senin. Dia mengatakan harga akan turun.";
/// let (doc, problems) =
///     align_texts_checked("news", en, id, &DocOptions::default(), &AlignConfig::default());
/// assert_eq!(doc.bitext().count(), 2);
/// assert!(problems.is_empty());
/// ```
pub fn align_texts_checked(
    name: &str,
    src: &str,
    tgt: &str,
    options: &DocOptions,
    config: &AlignConfig,
) -> (AlignedDoc, Vec<Problem>) {
    align_texts_checked_with(name, src, tgt, options, config, None)
}

/// [`align_texts_checked`] with a corpus model (one saved by `selaras fit`, say) in place of a
/// model fitted on the pair alone, when one is given.
pub fn align_texts_checked_with(
    name: &str,
    src: &str,
    tgt: &str,
    options: &DocOptions,
    config: &AlignConfig,
    model: Option<&Model>,
) -> (AlignedDoc, Vec<Problem>) {
    let src = SplitSide::from_text(src, options.src_lang, options);
    let tgt = SplitSide::from_text(tgt, options.tgt_lang, options);
    let (doc, problems, _) = align_checked_with(name.to_string(), src, tgt, options, config, model);
    (doc, problems)
}

/// Aligns a split document with `model`, or with a model fitted on it alone, and checks it;
/// gives the model it aligned with.
fn align_checked_with(
    name: String,
    src: SplitSide,
    tgt: SplitSide,
    options: &DocOptions,
    config: &AlignConfig,
    model: Option<&Model>,
) -> (AlignedDoc, Vec<Problem>, Model) {
    let model = match model {
        Some(model) => model.clone(),
        None => fit_alone(&src, &tgt, options, config),
    };
    let (mut doc, agreement) = align_split_with_agreement(name, src, tgt, &model, config);
    let problems = check_and_score(&mut doc, options.src_lang, options.tgt_lang, &agreement);
    (doc, problems, model)
}

/// Reads and aligns one pair of files, named after the source file (`NAME.<src>.<ext>` gives
/// `NAME`), and checks it as a run does: what looks wrong about the pair comes with it (a pair
/// that is not a translation has its scores lowered).
pub fn align_files(
    src: &Path,
    tgt: &Path,
    options: &DocOptions,
    config: &AlignConfig,
) -> Result<(AlignedDoc, Vec<Problem>), DocError> {
    align_files_with(src, tgt, options, config, None).map(|(doc, problems, _)| (doc, problems))
}

/// [`align_files`] with a corpus model fitted beforehand ([`super::fit`], `selaras fit`) in
/// place of one fitted on the pair alone (`None`: fitted on the pair, as [`align_files`]); with
/// the model the pair was aligned with (what explains its pairs on a review page, see
/// [`crate::align::explain`]).
pub fn align_files_with(
    src: &Path,
    tgt: &Path,
    options: &DocOptions,
    config: &AlignConfig,
    model: Option<&Model>,
) -> Result<(AlignedDoc, Vec<Problem>, Model), DocError> {
    let (src_side, tgt_side) = split_files(src, tgt, options, false)?;
    let name = document_name(src, options.src_lang.code());
    Ok(align_checked_with(
        name, src_side, tgt_side, options, config, model,
    ))
}

/// A model fitted on one document alone.
fn fit_alone(
    src: &SplitSide,
    tgt: &SplitSide,
    options: &DocOptions,
    config: &AlignConfig,
) -> Model {
    let base = Model::for_run(options.src_lang, options.tgt_lang, config);
    let mut fitter = ModelFitter::new(base.clone());
    observe(&mut fitter, src, tgt);
    let model = fitter.finish();
    match model.next_round(&base) {
        Some(next) => {
            let mut fitter = ModelFitter::new(next);
            observe(&mut fitter, src, tgt);
            fitter.finish()
        }
        None => model,
    }
}

/// Aligns a split document with a model fitted on it alone.
fn align_split_alone(
    name: String,
    src: SplitSide,
    tgt: SplitSide,
    options: &DocOptions,
    config: &AlignConfig,
) -> AlignedDoc {
    let model = fit_alone(&src, &tgt, options, config);
    align_split(name, src, tgt, &model, config)
}

/// The name of a document read from one file: `NAME.<lang>.<ext>` gives `NAME`, any other file
/// its stem.
fn document_name(path: &Path, lang: &str) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.strip_suffix(&format!(".{lang}")) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => stem,
    }
}

/// Writes one aligned document in one format to a file (for Moses, a prefix) or stdout; a file
/// appears under its name only once complete.
pub fn write_document(
    doc: &AlignedDoc,
    format: Format,
    destination: Destination<'_>,
    options: &WriterOptions<'_>,
) -> std::io::Result<()> {
    let mut writer = open_writer(format, destination, options)?;
    writer.write_doc(doc)?;
    writer.finish()
}

/// Writes one aligned document as [`write_document`] does, with what the checks found wrong with
/// it (`flags`); `kept_out` says that the checks keep it out of the bitext, which leaves it only
/// on the review page (every other format writes nothing of it).
pub fn write_checked_document(
    doc: &AlignedDoc,
    flags: &[String],
    kept_out: bool,
    format: Format,
    destination: Destination<'_>,
    options: &WriterOptions<'_>,
) -> std::io::Result<()> {
    let mut writer = open_writer(format, destination, options)?;
    if kept_out {
        writer.write_excluded(doc, flags)?;
    } else {
        writer.write_checked(doc, flags)?;
    }
    writer.finish()
}

/// Where a text to split comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// How the input is named in messages.
    pub fn display(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }
}

/// Reads a text from a file or stdin in its format (`format`, else by the file's extension;
/// stdin is plain text unless told), as the text to split; errors name the file and the place.
pub fn read_input(
    input: &Input,
    format: Option<InputFormat>,
    encoding: Encoding,
) -> Result<String, DocError> {
    match input {
        Input::File(path) => read_document(path, format, encoding, MAX_DOCUMENT_BYTES, false),
        Input::Stdin => {
            let path = PathBuf::from("<stdin>");
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| DocError::Read {
                    path: path.clone(),
                    source,
                })?;
            let format = format.unwrap_or(InputFormat::Txt);
            crate::extract::extract_text(bytes, format, encoding, MAX_DOCUMENT_BYTES).map_err(
                |source| DocError::Extract {
                    path,
                    format,
                    source,
                },
            )
        }
    }
}

/// Splits a text into sentences by one language's rules, whitespace collapsed; with
/// `strip_boilerplate`, the lines recognised as web boilerplate are left out.
///
/// ```
/// use selaras::pipeline::{split_text, Lang};
///
/// let sentences = split_text("Dr. Siti tiba. Dia tersenyum.", Lang::ID, false);
/// assert_eq!(sentences, ["Dr. Siti tiba.", "Dia tersenyum."]);
/// ```
pub fn split_text(text: &str, lang: Lang, strip_boilerplate: bool) -> Vec<String> {
    let clean = normalize::normalize(text);
    Segmenter::for_lang(lang)
        .split(&clean)
        .iter()
        .filter(|s| !(strip_boilerplate && s.boilerplate))
        .map(|s| normalize::collapse_whitespace(s.text(&clean)))
        .collect()
}

/// [`split_text`] written out, one sentence a line, for a text the caller owns: nothing is
/// copied or collected on the way (the text is normalised in place of a copy when it is clean
/// already, and each sentence is written with its whitespace collapsed as it is found).
///
/// ```
/// use selaras::pipeline::{write_split, Lang};
///
/// let mut out = Vec::new();
/// write_split("Dr. Siti tiba. Dia\n  tersenyum.".to_string(), Lang::ID, false, &mut out).unwrap();
/// assert_eq!(out, b"Dr. Siti tiba.\nDia tersenyum.\n");
/// ```
pub fn write_split(
    text: String,
    lang: Lang,
    strip_boilerplate: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let clean = normalize::normalize_owned(text);
    let b = clean.as_bytes();
    // Normalised text has no whitespace but spaces and line ends, and a sentence neither
    // starts nor ends with whitespace: with no two spaces in a row anywhere, a sentence with no
    // line end in it is collapsed already and is written as it is.
    let single_spaced = memchr::memmem::find(b, b"  ").is_none();
    // The next line end at or after the start of the last sentence looked at.
    let mut line_end = None;
    let parts = Segmenter::for_lang(lang).split_parts(&clean);
    for sentence in parts.into_iter().flatten() {
        if strip_boilerplate && sentence.boilerplate {
            continue;
        }
        let span = sentence.span;
        let next_line_end = match line_end {
            Some(at) if at >= span.start => at,
            _ => memchr::memchr(b'\n', &b[span.start..]).map_or(b.len(), |at| span.start + at),
        };
        line_end = Some(next_line_end);
        if single_spaced && next_line_end >= span.end {
            out.write_all(&b[span])?;
        } else {
            normalize::write_collapsed(out, &clean[span])?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Why a user dictionary could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DictionaryError {
    /// The file could not be read.
    #[error("cannot read the dictionary {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A line of the file is not a dictionary entry.
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Which line and why.
        #[source]
        source: LexiconError,
    },
}

/// Reads a user dictionary (UTF-8 TSV, `source<TAB>target1|target2|...`) for a language pair;
/// for English–Indonesian its entries join the bundled lexicon.
pub fn load_dictionary(
    path: &Path,
    src_lang: Lang,
    tgt_lang: Lang,
) -> Result<Dictionary, DictionaryError> {
    let text = crate::normalize::read_utf8(path).map_err(|source| DictionaryError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Dictionary::with_user(src_lang, tgt_lang, &text).map_err(|source| DictionaryError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Writing sentences as they are where they are collapsed already gives the lines of
        /// `split_text`.
        #[test]
        fn write_split_writes_the_sentences_of_split_text(
            text in "([A-Za-z]{1,6}|[ .!?]|\n|\n\n|  |\t|\r\n|\u{A0}|\u{2009}|Dr\\.|Leave a Reply)*",
            strip in proptest::prelude::any::<bool>(),
        ) {
            let mut out = Vec::new();
            write_split(text.clone(), Lang::EN, strip, &mut out).unwrap();
            let expected: String = split_text(&text, Lang::EN, strip)
                .iter()
                .map(|s| format!("{s}\n"))
                .collect();
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    const EN: &str = include_str!("../../corpus/jakarta-floods.en.txt");
    const ID: &str = include_str!("../../corpus/jakarta-floods.id.txt");

    #[test]
    fn texts_are_aligned_and_checked_as_their_files_are() {
        let dir = tempfile::tempdir().unwrap();
        let (src, tgt) = (
            dir.path().join("news.en.txt"),
            dir.path().join("news.id.txt"),
        );
        let options = DocOptions::default();
        let config = AlignConfig::default();
        // As given, and swapped (each side in the other's language: a problem).
        for (en, id) in [(EN, ID), (ID, EN)] {
            std::fs::write(&src, en).unwrap();
            std::fs::write(&tgt, id).unwrap();
            let from_files = align_files(&src, &tgt, &options, &config).unwrap();
            let from_texts = align_texts_checked("news", en, id, &options, &config);
            assert_eq!(from_texts, from_files);
        }
        let (_, problems) = align_texts_checked("news", ID, EN, &options, &config);
        assert!(!problems.is_empty(), "swapped sides are found out");
        let (doc, problems) = align_texts_checked("news", EN, ID, &options, &config);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc, align_texts("news", EN, ID, &options));
    }

    #[test]
    fn regression_a_text_repeated_three_times_was_called_not_a_translation() {
        // Shifted by a third of the document, every sentence met a copy of its own partner, so
        // "unrelated" sentences shared as much as the aligned ones. Copies whose figures differ
        // (a report's sections) are copies too.
        let figures = |text: &str, k: u32| -> String {
            text.chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_digit((d + k) % 10, 10).unwrap(),
                    None => c,
                })
                .collect()
        };
        let options = DocOptions::default();
        for changed in [0, 1] {
            let en: String = (0..3).map(|k| figures(EN, k * changed)).collect();
            let id: String = (0..3).map(|k| figures(ID, k * changed)).collect();
            let (doc, problems) =
                align_texts_checked("thrice", &en, &id, &options, &AlignConfig::default());
            assert!(
                problems.is_empty(),
                "figures changed {changed}: {problems:?}"
            );
            assert!(doc.beads.iter().any(|b| b.is_pair()));
        }
        let en = EN.repeat(3);
        // Repetition does not hide a pair that is not a translation.
        let other = include_str!("../../corpus/coral-bleaching.id.txt").repeat(3);
        let (_, problems) =
            align_texts_checked("mixed", &en, &other, &options, &AlignConfig::default());
        assert!(
            problems.iter().any(|p| p.kind() == "not_a_translation"),
            "{problems:?}"
        );
    }
}

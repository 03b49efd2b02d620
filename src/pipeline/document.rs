//! One document through the stages: read and decode a file, normalise, segment, align.

use std::path::{Path, PathBuf};

use crate::align::{splice_excluded, Agreement, AlignConfig, Aligner, Bead, Model, Side};
use crate::export::AlignedDoc;
use crate::extract::{self, ExtractError, InputFormat};
use crate::lang::Lang;
use crate::normalize::{self, DecodeError, Encoding};
use crate::segment::{self, Segmenter};

/// Why one document could not be aligned. It names the file and, where it applies, the place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}; {}", read_hint(.source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file's bytes are not text in the expected encoding.
    #[error("{path}: {source}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Where and why decoding failed.
        #[source]
        source: DecodeError,
    },
    /// The input is not a regular file (a FIFO, a device): a run reads each file twice.
    #[error(
        "{path}: not a regular file (a FIFO or a device); give a file, or stream the pair with \
         --input-jsonl"
    )]
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// The input is larger than the limit.
    #[error(
        "{path}: larger than the limit of {max} bytes for one document; raise it with \
         --max-document-bytes, or split the document"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        max: usize,
    },
    /// The file's content is not what its format says (a `.docx` that is not a zip, a web page
    /// without text).
    #[error("{path}: cannot read it as {format}: {source}")]
    Extract {
        /// The file.
        path: PathBuf,
        /// The format it was read in.
        format: InputFormat,
        /// What was wrong.
        #[source]
        source: ExtractError,
    },
    /// The pair itself is wrong: a file named twice for one side, a manifest line that names
    /// no file.
    #[error("{message}")]
    Pairing {
        /// What is wrong, naming the files or the manifest line.
        message: String,
    },
    /// A line of a JSON-lines stream is not a document pair.
    #[error("line {line}: {message}")]
    Record {
        /// The line's number, from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A stage panicked on this document: a bug in selaras, caught so that the rest of the
    /// batch goes on.
    #[error(
        "{document}: internal error while aligning this document ({message}); this is a bug in \
         selaras: please report it with the document pair"
    )]
    Internal {
        /// The source file of the pair, or the stream document's name.
        document: String,
        /// The panic's message.
        message: String,
    },
}

/// What to do about a file that cannot be read.
fn read_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "check the path (a link may point nowhere)",
        std::io::ErrorKind::PermissionDenied => "check the file's permissions",
        std::io::ErrorKind::IsADirectory => "give a text file, not a folder",
        _ => "check that the file is a readable text file",
    }
}

impl DocError {
    /// A caught panic as a document error.
    pub fn from_panic(document: &str, panic: Box<dyn std::any::Any + Send>) -> DocError {
        let message = if let Some(s) = panic.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = panic.downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic".to_string()
        };
        DocError::Internal {
            document: document.to_string(),
            message,
        }
    }
}

/// How documents are read and split.
///
/// ```
/// use selaras::{DocOptions, Lang};
///
/// let options = DocOptions::new(Lang::ID, "ms".parse().unwrap()).with_presegmented(true);
/// assert_eq!(options.tgt_lang.code(), "ms");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DocOptions {
    /// Source language.
    pub src_lang: Lang,
    /// Target language.
    pub tgt_lang: Lang,
    /// One sentence per line, used as given.
    pub presegmented: bool,
    /// Treat web boilerplate as ordinary sentences.
    pub keep_boilerplate: bool,
    /// The encoding of input files.
    pub encoding: Encoding,
    /// The most bytes of one input file, or of one stream line (both sides).
    pub max_document_bytes: usize,
    /// The format every input file is read in, whatever its extension (`None`: by extension).
    pub input_format: Option<InputFormat>,
}

/// The default of [`DocOptions::max_document_bytes`]: 256 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

impl DocOptions {
    /// Raw text in two languages, boilerplate kept out, the encoding told from the bytes.
    pub fn new(src_lang: Lang, tgt_lang: Lang) -> DocOptions {
        DocOptions {
            src_lang,
            tgt_lang,
            ..DocOptions::default()
        }
    }

    /// The same options for text given one sentence per line (or not).
    pub fn with_presegmented(mut self, presegmented: bool) -> DocOptions {
        self.presegmented = presegmented;
        self
    }

    /// The same options with web boilerplate treated as ordinary sentences (or not).
    pub fn with_keep_boilerplate(mut self, keep_boilerplate: bool) -> DocOptions {
        self.keep_boilerplate = keep_boilerplate;
        self
    }

    /// The same options with another limit on one document's size in bytes.
    pub fn with_max_document_bytes(mut self, max: usize) -> DocOptions {
        self.max_document_bytes = max;
        self
    }

    /// The same options with every file read in one format (`None`: by extension).
    pub fn with_input_format(mut self, format: Option<InputFormat>) -> DocOptions {
        self.input_format = format;
        self
    }

    /// The same options with another input encoding.
    pub fn with_encoding(mut self, encoding: Encoding) -> DocOptions {
        self.encoding = encoding;
        self
    }
}

impl Default for DocOptions {
    fn default() -> Self {
        DocOptions {
            src_lang: Lang::EN,
            tgt_lang: Lang::ID,
            presegmented: false,
            keep_boilerplate: false,
            encoding: Encoding::Auto,
            max_document_bytes: MAX_DOCUMENT_BYTES,
            input_format: None,
        }
    }
}

/// One side of a document, split into sentences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitSide {
    /// Sentences, whitespace collapsed.
    pub sentences: Vec<String>,
    /// Paragraph number of each sentence.
    pub paragraphs: Vec<usize>,
    /// Whether each sentence is boilerplate to be kept out of the alignment.
    pub excluded: Vec<bool>,
}

impl SplitSide {
    /// Splits one side's text (already decoded) by the options.
    pub fn from_text(text: &str, lang: Lang, options: &DocOptions) -> SplitSide {
        SplitSide::from_clean(&normalize::normalize(text), lang, options)
    }

    /// [`SplitSide::from_text`] of a text the caller gives away: clean text (the common case)
    /// is split where it is, and a text that normalising changes is dropped as soon as its
    /// normalised copy is made, so that a long document is held once, not twice.
    pub(crate) fn from_owned(text: String, lang: Lang, options: &DocOptions) -> SplitSide {
        SplitSide::from_clean(&normalize::normalize_owned(text), lang, options)
    }

    fn from_clean(clean: &str, lang: Lang, options: &DocOptions) -> SplitSide {
        let sentences = if options.presegmented {
            segment::presegmented(clean)
        } else {
            Segmenter::for_alignment(lang).split(clean)
        };
        let filter = !options.presegmented && !options.keep_boilerplate;
        SplitSide {
            sentences: sentences
                .iter()
                .map(|s| normalize::collapse_whitespace(s.text(clean)))
                .collect(),
            paragraphs: sentences.iter().map(|s| s.paragraph).collect(),
            excluded: sentences.iter().map(|s| filter && s.boilerplate).collect(),
        }
    }

    /// The indices of the sentences that take part in alignment.
    fn kept(&self) -> Vec<usize> {
        (0..self.sentences.len())
            .filter(|&i| !self.excluded[i])
            .collect()
    }
}

/// Reads and decodes a text file of at most `max` bytes. Only a regular file is read when
/// `regular_only` (a folder run reads each file twice; a FIFO or a device would block or never
/// end); the read stops one byte past `max` whatever the file claims.
pub fn read_text(
    path: &Path,
    encoding: Encoding,
    max: usize,
    regular_only: bool,
) -> Result<String, DocError> {
    let decode_error = |source| DocError::Decode {
        path: path.to_path_buf(),
        source,
    };
    let bytes = read_bytes(path, max, regular_only, |head| {
        normalize::check_head(head, encoding).map_err(decode_error)
    })?;
    normalize::decode_owned(bytes, encoding).map_err(decode_error)
}

/// The bytes of a file of at most `max` bytes (see [`read_text`]). `check_head` sees the first
/// [`HEAD_BYTES`] bytes (or the whole file, if shorter) before the rest is read, so that a binary
/// file is refused on its first bytes rather than after it has been read whole. Memory that
/// cannot be had is an error of the document, not the end of the program.
fn read_bytes(
    path: &Path,
    max: usize,
    regular_only: bool,
    check_head: impl Fn(&[u8]) -> Result<(), DocError>,
) -> Result<Vec<u8>, DocError> {
    use std::io::Read;
    let read_error = |source| DocError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if meta.is_dir() {
        return Err(read_error(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    if regular_only && !meta.is_file() {
        return Err(DocError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = || DocError::TooLarge {
        path: path.to_path_buf(),
        max,
    };
    if meta.is_file() && meta.len() > max as u64 {
        return Err(too_large());
    }
    let mut file = std::fs::File::open(path)
        .map_err(read_error)?
        .take(max as u64 + 1);
    let mut bytes = Vec::new();
    let expected = if meta.is_file() {
        meta.len() as usize
    } else {
        HEAD_BYTES
    };
    reserve(&mut bytes, expected.min(max + 1)).map_err(read_error)?;
    let mut checked = false;
    let mut probe = [0u8; 512];
    loop {
        let read = if bytes.len() < bytes.capacity() && checked {
            // The rest straight into the memory reserved for it, without zeroing it first.
            let room = (bytes.capacity() - bytes.len()) as u64;
            (&mut file)
                .take(room)
                .read_to_end(&mut bytes)
                .map_err(read_error)?
        } else if bytes.len() < bytes.capacity() {
            let start = bytes.len();
            let end = bytes.capacity().min(HEAD_BYTES);
            bytes.resize(end, 0);
            let read = read_some(&mut file, &mut bytes[start..]).map_err(read_error)?;
            bytes.truncate(start + read);
            read
        } else {
            // Full: a short read tells whether there is more before memory is taken for it.
            let read = read_some(&mut file, &mut probe).map_err(read_error)?;
            if read > 0 {
                let more = bytes.len().max(HEAD_BYTES);
                reserve(&mut bytes, more).map_err(read_error)?;
                bytes.extend_from_slice(&probe[..read]);
            }
            read
        };
        if !checked && (read == 0 || bytes.len() >= HEAD_BYTES) {
            check_head(&bytes)?;
            checked = true;
        }
        if read == 0 {
            break;
        }
    }
    if bytes.len() > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// One read, retried when a signal interrupts it.
fn read_some(file: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// How many bytes of a file are looked at before the rest of it is read.
const HEAD_BYTES: usize = 64 << 10;

/// Makes room for `more` bytes in `bytes`, or says that there is not enough memory.
fn reserve(bytes: &mut Vec<u8>, more: usize) -> std::io::Result<()> {
    bytes.try_reserve_exact(more).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::OutOfMemory,
            format!(
                "not enough memory to hold {} bytes of it",
                bytes.len() + more
            ),
        )
    })
}

/// Reads a file in its format (`format`, else by its extension) and gives the text to split:
/// plain text as it is, any other format's paragraphs separated by blank lines.
pub fn read_document(
    path: &Path,
    format: Option<InputFormat>,
    encoding: Encoding,
    max: usize,
    regular_only: bool,
) -> Result<String, DocError> {
    let format = format.unwrap_or_else(|| InputFormat::of_path(path));
    if format == InputFormat::Txt {
        return read_text(path, encoding, max, regular_only);
    }
    let bytes = read_bytes(path, max, regular_only, |_| Ok(()))?;
    extract::extract_text(bytes, format, encoding, max).map_err(|source| DocError::Extract {
        path: path.to_path_buf(),
        format,
        source,
    })
}

/// A file's paragraphs as the pipeline reads them, with the format they were read in
/// (`format`, else by the file's extension).
pub fn extract_file(
    path: &Path,
    format: Option<InputFormat>,
    encoding: Encoding,
) -> Result<(InputFormat, Vec<String>), DocError> {
    let format = format.unwrap_or_else(|| InputFormat::of_path(path));
    let bytes = read_bytes(path, MAX_DOCUMENT_BYTES, false, |_| Ok(()))?;
    let paragraphs =
        extract::extract(&bytes, format, encoding, MAX_DOCUMENT_BYTES).map_err(|source| {
            match source {
                ExtractError::Decode(source) => DocError::Decode {
                    path: path.to_path_buf(),
                    source,
                },
                source => DocError::Extract {
                    path: path.to_path_buf(),
                    format,
                    source,
                },
            }
        })?;
    Ok((format, paragraphs))
}

/// Reads and splits both sides of a document pair (regular files only: see [`read_text`]).
pub fn split_pair(
    src_path: &Path,
    tgt_path: &Path,
    options: &DocOptions,
) -> Result<(SplitSide, SplitSide), DocError> {
    split_files(src_path, tgt_path, options, true)
}

/// [`split_pair`], reading FIFOs and devices too when not `regular_only` (each is read once).
pub(crate) fn split_files(
    src_path: &Path,
    tgt_path: &Path,
    options: &DocOptions,
    regular_only: bool,
) -> Result<(SplitSide, SplitSide), DocError> {
    let max = options.max_document_bytes;
    let format = options.input_format;
    // One side at a time, each text dropped once split: a long document's memory is then its
    // sentences, not its sentences beside both raw texts.
    let src = read_document(src_path, format, options.encoding, max, regular_only)?;
    let src = SplitSide::from_owned(src, options.src_lang, options);
    let tgt = read_document(tgt_path, format, options.encoding, max, regular_only)?;
    Ok((src, SplitSide::from_owned(tgt, options.tgt_lang, options)))
}

/// Feeds one split document to a model fitter (boilerplate left out).
pub fn observe(fitter: &mut crate::align::ModelFitter, src: &SplitSide, tgt: &SplitSide) {
    let s = texts_of(src, &src.kept());
    let t = texts_of(tgt, &tgt.kept());
    fitter.observe(&s, &t);
}

fn texts_of<'a>(side: &'a SplitSide, kept: &[usize]) -> Vec<&'a str> {
    kept.iter().map(|&i| side.sentences[i].as_str()).collect()
}

/// Aligns a split document: the kept sentences by the aligner, boilerplate in beads of its own.
/// Scores are rounded to the three decimals that every format writes, so that `--min-score`
/// agrees with what a reader sees.
pub fn align_split(
    name: String,
    src: SplitSide,
    tgt: SplitSide,
    model: &Model,
    config: &AlignConfig,
) -> AlignedDoc {
    align_split_with_agreement(name, src, tgt, model, config).0
}

/// [`align_split`], with the [`Agreement`] of the two sides along the alignment.
pub(crate) fn align_split_with_agreement(
    name: String,
    src: SplitSide,
    tgt: SplitSide,
    model: &Model,
    config: &AlignConfig,
) -> (AlignedDoc, Agreement) {
    let (src_kept, tgt_kept) = (src.kept(), tgt.kept());
    let src_texts = texts_of(&src, &src_kept);
    let tgt_texts = texts_of(&tgt, &tgt_kept);
    let src_par: Vec<usize> = src_kept.iter().map(|&i| src.paragraphs[i]).collect();
    let tgt_par: Vec<usize> = tgt_kept.iter().map(|&i| tgt.paragraphs[i]).collect();
    let (beads, agreement) = Aligner::new(model, config.clone()).align_with_agreement(
        &Side::with_paragraphs(&src_texts, &src_par),
        &Side::with_paragraphs(&tgt_texts, &tgt_par),
    );
    let beads = splice_excluded(
        beads,
        &src_kept,
        src.sentences.len(),
        &tgt_kept,
        tgt.sentences.len(),
    )
    .into_iter()
    .map(|b| Bead {
        score: rounded_score(b.score),
        ..b
    })
    .collect();
    let doc = AlignedDoc {
        name,
        src: src.sentences,
        tgt: tgt.sentences,
        beads,
    };
    (doc, agreement)
}

/// A score as every format writes it: in [0, 1], three decimals; a score that is not a number
/// (which the aligner should never give) becomes 0.
fn rounded_score(score: f64) -> f64 {
    if score.is_nan() {
        return 0.0;
    }
    (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_clamped_rounded_and_never_nan() {
        assert_eq!(rounded_score(f64::NAN), 0.0);
        assert_eq!(rounded_score(f64::INFINITY), 1.0);
        assert_eq!(rounded_score(-0.5), 0.0);
        assert_eq!(rounded_score(0.12345), 0.123);
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn boilerplate_is_excluded_only_for_raw_input_without_keep() {
        let text = "Harga naik.\nLeave a Reply";
        let raw = SplitSide::from_text(text, Lang::ID, &DocOptions::default());
        assert_eq!(raw.excluded, [false, true]);
        let keep = DocOptions {
            keep_boilerplate: true,
            ..DocOptions::default()
        };
        assert_eq!(
            SplitSide::from_text(text, Lang::ID, &keep).excluded,
            [false, false]
        );
        let preseg = DocOptions {
            presegmented: true,
            ..DocOptions::default()
        };
        let side = SplitSide::from_text(text, Lang::ID, &preseg);
        assert_eq!(side.excluded, [false, false]);
        assert_eq!(side.sentences, ["Harga naik.", "Leave a Reply"]);
    }

    #[test]
    fn aligned_document_covers_every_sentence() {
        let options = DocOptions::default();
        let src = SplitSide::from_text("Prices rose. Rice is dear.", Lang::EN, &options);
        let tgt = SplitSide::from_text(
            "Harga naik. Beras mahal.\n\nBaca juga: Banjir",
            Lang::ID,
            &options,
        );
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let doc = align_split("a".into(), src, tgt, &model, &AlignConfig::default());
        let last = doc.beads.last().unwrap();
        assert!(last.boilerplate);
        assert_eq!(last.tgt, 2..3);
        assert_eq!(doc.beads.iter().map(|b| b.tgt.len()).sum::<usize>(), 3);
        assert_eq!(doc.beads.iter().map(|b| b.src.len()).sum::<usize>(), 2);
    }
}

//! Documents to paragraphs: the step before normalisation for input that is not plain text.
//!
//! One place owns the input formats. [`InputFormat`] names them (`txt`, `html`, `docx`, `odt`)
//! and tells one from a file's extension; [`extract`] turns a file's bytes into the paragraphs
//! a reader sees, in reading order, and [`paragraphs_text`] lays them out as the text the
//! segmenter splits (paragraphs separated by blank lines), so that the same article read as
//! plain text, as a web page or as a Word file gives the same sentences.
//!
//! - [`html`]: a web page reduced to its article: the headline once, the headings and
//!   paragraphs of the main text, without menus, sidebars, related links, share bars, comment
//!   sections, cookie notices and footers. The charset comes from the byte-order mark, the
//!   `<meta charset>` or the HTTP-equiv tag.
//! - [`docx`]: a Word file's paragraphs, headings, list items, table cells and footnotes;
//!   tracked changes taken as accepted, hidden text left out.
//! - [`odt`]: the same for an OpenDocument text file.
//!
//! ```
//! use selaras::extract::{extract, InputFormat};
//! use selaras::normalize::Encoding;
//! use selaras::pipeline::MAX_DOCUMENT_BYTES;
//!
//! let page = b"<html><head><title>Rain - Daily Post</title></head><body>\
//!     <nav><a href=/>Home</a></nav><article><h1>Rain returns</h1>\
//!     <p>The rain came back on Monday.</p></article></body></html>";
//! let paragraphs = extract(page, InputFormat::Html, Encoding::Auto, MAX_DOCUMENT_BYTES).unwrap();
//! assert_eq!(paragraphs, ["Rain returns", "The rain came back on Monday."]);
//! ```

pub mod docx;
pub mod html;
pub mod odt;
mod xml;

use std::path::Path;

use crate::normalize::{self, DecodeError, Encoding};

/// The formats selaras reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text: paragraphs separated by blank lines.
    Txt,
    /// A web page (`.html`, `.htm`).
    Html,
    /// A Word file (`.docx`).
    Docx,
    /// An OpenDocument text file (`.odt`).
    Odt,
}

impl InputFormat {
    /// Every format, plain text first.
    pub const ALL: [InputFormat; 4] = [
        InputFormat::Txt,
        InputFormat::Html,
        InputFormat::Docx,
        InputFormat::Odt,
    ];

    /// The extensions of files read in this format, without the dot.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputFormat::Txt => &["txt"],
            InputFormat::Html => &["html", "htm"],
            InputFormat::Docx => &["docx"],
            InputFormat::Odt => &["odt"],
        }
    }

    /// The indefinite article of the format's name, as a message reads it aloud (`an odt
    /// file`, `a docx file`).
    pub fn article(self) -> &'static str {
        match self {
            InputFormat::Odt => "an",
            InputFormat::Txt | InputFormat::Html | InputFormat::Docx => "a",
        }
    }

    /// The format of an extension (without the dot, any case), if it is one selaras reads.
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        let ext = ext.to_ascii_lowercase();
        InputFormat::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// The format a file is read in: by its extension, plain text for any other.
    pub fn of_path(path: &Path) -> InputFormat {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .unwrap_or(InputFormat::Txt)
    }

    /// The format's name, as `--input-format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Txt => "txt",
            InputFormat::Html => "html",
            InputFormat::Docx => "docx",
            InputFormat::Odt => "odt",
        }
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(InputFormat::Txt),
            "html" | "htm" => Ok(InputFormat::Html),
            "docx" => Ok(InputFormat::Docx),
            "odt" => Ok(InputFormat::Odt),
            _ => Err(format!(
                "unknown input format `{name}`: give txt, html, docx or odt"
            )),
        }
    }
}

/// Why a file's content could not be read in its format.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The bytes are not text in the expected encoding.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A web page with no text in its body.
    #[error("no text found in the page's body: this is not an article (or not HTML)")]
    NoText,
    /// A Word or OpenDocument file that is not a zip archive, or whose archive is damaged.
    #[error("not {} {format} file: {message}", format.article())]
    Archive {
        /// The format expected.
        format: InputFormat,
        /// What was wrong.
        message: String,
    },
    /// A part of the archive unpacks to more than the limit of one document.
    #[error(
        "{part} unpacks to more than the limit of {max} bytes for one document; raise it with \
         --max-document-bytes, or split the document"
    )]
    TooLarge {
        /// The archive's part.
        part: String,
        /// The limit.
        max: usize,
    },
    /// A part of the archive is not well-formed XML.
    #[error("{part}: broken XML at byte {byte}: {message}")]
    Xml {
        /// The archive's part (`word/document.xml`, `content.xml`).
        part: String,
        /// Where in the part.
        byte: u64,
        /// What the parser said.
        message: String,
    },
}

/// A file's paragraphs, in reading order, in the given format. Plain text is decoded by
/// `encoding` and split at blank lines; a web page takes its own charset first and falls back
/// to `encoding`; Word and OpenDocument files are UTF-8 XML inside a zip archive, whose parts
/// may unpack to `max_unpacked` bytes each at most (the limit of one document: a small
/// archive can unpack to gigabytes).
pub fn extract(
    bytes: &[u8],
    format: InputFormat,
    encoding: Encoding,
    max_unpacked: usize,
) -> Result<Vec<String>, ExtractError> {
    match format {
        InputFormat::Txt => Ok(text_paragraphs(&normalize::decode(bytes, encoding)?)),
        InputFormat::Html => html::extract(bytes, encoding),
        InputFormat::Docx => docx::extract(bytes, max_unpacked),
        InputFormat::Odt => odt::extract(bytes, max_unpacked),
    }
}

/// The text the pipeline splits for a file in the given format: plain text as it is, any
/// other format's paragraphs separated by blank lines.
pub fn extract_text(
    bytes: Vec<u8>,
    format: InputFormat,
    encoding: Encoding,
    max_unpacked: usize,
) -> Result<String, ExtractError> {
    match format {
        InputFormat::Txt => Ok(normalize::decode_owned(bytes, encoding)?),
        _ => Ok(paragraphs_text(&extract(
            &bytes,
            format,
            encoding,
            max_unpacked,
        )?)),
    }
}

/// Paragraphs as one text, separated by blank lines (a paragraph's own line breaks kept).
pub fn paragraphs_text(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}

/// Plain text's paragraphs: runs of non-blank lines, each trimmed at its ends.
fn text_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Collects paragraphs while a document is walked: text is added to the open paragraph, a
/// block boundary closes it, and whitespace is collapsed as a browser would.
#[derive(Debug, Default)]
pub(crate) struct Paragraphs {
    done: Vec<String>,
    current: String,
}

impl Paragraphs {
    /// Adds running text, its whitespace collapsed to single spaces.
    pub(crate) fn text(&mut self, text: &str) {
        for (i, word) in text.split(is_collapsible).enumerate() {
            if i > 0 && !self.current.ends_with([' ', '\n']) && !self.current.is_empty() {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
    }

    /// Adds text exactly as given (a tab, a kept space).
    pub(crate) fn raw(&mut self, text: &str) {
        self.current.push_str(text);
    }

    /// A line break inside the paragraph.
    pub(crate) fn line_break(&mut self) {
        let trimmed = self.current.trim_end_matches(' ').len();
        self.current.truncate(trimmed);
        if !self.current.is_empty() {
            self.current.push('\n');
        }
    }

    /// Closes the open paragraph, if it holds any text.
    pub(crate) fn close(&mut self) {
        if let Some(paragraph) = self.take() {
            self.done.push(paragraph);
        }
    }

    /// The open paragraph's text, cleaned, leaving it empty.
    pub(crate) fn take(&mut self) -> Option<String> {
        let text = std::mem::take(&mut self.current);
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.trim_matches(is_collapsible))
            .filter(|l| !l.is_empty())
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Adds a finished paragraph.
    pub(crate) fn push(&mut self, paragraph: String) {
        self.done.push(paragraph);
    }

    /// The paragraphs, the open one closed.
    pub(crate) fn finish(mut self) -> Vec<String> {
        self.close();
        self.done
    }
}

/// HTML's whitespace (and XML's): collapsed when text is laid out.
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions_and_names() {
        assert_eq!(
            InputFormat::of_path(Path::new("a/b.en.HTM")),
            InputFormat::Html
        );
        assert_eq!(InputFormat::of_path(Path::new("b.docx")), InputFormat::Docx);
        assert_eq!(InputFormat::of_path(Path::new("b.md")), InputFormat::Txt);
        assert_eq!("ODT".parse::<InputFormat>().unwrap(), InputFormat::Odt);
        assert!("pdf".parse::<InputFormat>().is_err());
    }

    #[test]
    fn plain_text_paragraphs_are_blank_line_separated() {
        let text = "One\ntwo\n\n \nThree\n";
        assert_eq!(
            extract(text.as_bytes(), InputFormat::Txt, Encoding::Auto, 1 << 20).unwrap(),
            ["One\ntwo", "Three"]
        );
    }

    #[test]
    fn collected_text_is_collapsed_and_trimmed() {
        let mut p = Paragraphs::default();
        p.text("  Hello \n  world ");
        p.line_break();
        p.text(" again");
        p.close();
        p.close();
        p.text("\n\t");
        assert_eq!(p.finish(), ["Hello world\nagain"]);
    }
}

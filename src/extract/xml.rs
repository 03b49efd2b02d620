//! What the Word and OpenDocument readers share: the zip archive, its XML parts, and the
//! collection of paragraphs with notes placed after the paragraph that cites them.

use std::io::{Cursor, Read};

use quick_xml::events::BytesStart;

use super::{ExtractError, InputFormat, Paragraphs};

/// A document's zip archive.
pub(crate) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: InputFormat,
    /// The most bytes a part may unpack to: a few kilobytes of zip can hold gigabytes.
    max_part: usize,
}

impl<'a> Archive<'a> {
    /// Opens the archive, or says that the file is not one; no part of it will be unpacked
    /// beyond `max_part` bytes.
    pub(crate) fn open(
        bytes: &'a [u8],
        format: InputFormat,
        max_part: usize,
    ) -> Result<Archive<'a>, ExtractError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::Archive {
            format,
            message: format!("the file is not a zip archive ({e})"),
        })?;
        Ok(Archive {
            zip,
            format,
            max_part,
        })
    }

    /// A part's text, or `None` when the archive has no such part.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<String>, ExtractError> {
        let format = self.format;
        let mut entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(ExtractError::Archive {
                    format,
                    message: format!("{name}: cannot read this part ({e})"),
                })
            }
        };
        let max = self.max_part;
        let too_large = || ExtractError::TooLarge {
            part: name.to_string(),
            max,
        };
        // The size the archive declares is refused before anything is unpacked; as it may
        // lie, what is unpacked is bounded too, one byte past the limit to tell a part of
        // exactly `max` bytes from a larger one.
        let declared = usize::try_from(entry.size()).unwrap_or(usize::MAX);
        if declared > max {
            return Err(too_large());
        }
        let mut bytes = Vec::with_capacity(declared);
        (&mut entry)
            .take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ExtractError::Archive {
                format,
                message: format!("{name}: the archive entry is damaged ({e})"),
            })?;
        if bytes.len() > max {
            return Err(too_large());
        }
        let text = String::from_utf8(bytes).map_err(|e| ExtractError::Archive {
            format,
            message: format!("{name}: not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        })?;
        Ok(Some(text))
    }

    /// A part that must be there.
    pub(crate) fn required(&mut self, name: &str) -> Result<String, ExtractError> {
        let format = self.format;
        self.part(name)?.ok_or_else(|| ExtractError::Archive {
            format,
            message: format!("the archive has no {name}"),
        })
    }
}

/// An XML error in a part, located.
pub(crate) fn xml_error(part: &str, byte: u64, error: impl std::fmt::Display) -> ExtractError {
    ExtractError::Xml {
        part: part.to_string(),
        byte,
        message: error.to_string(),
    }
}

/// The value of an attribute, by its local name.
pub(crate) fn attr(element: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Paragraphs of a document in reading order. A paragraph opened inside another (a footnote's
/// body, a text box) is held back and placed after the paragraph it sits in.
#[derive(Default)]
pub(crate) struct Collector {
    out: Vec<String>,
    open: Vec<Paragraphs>,
    held: Vec<String>,
}

impl Collector {
    pub(crate) fn start(&mut self) {
        self.open.push(Paragraphs::default());
    }

    pub(crate) fn end(&mut self) {
        let Some(mut paragraph) = self.open.pop() else {
            return;
        };
        let text = paragraph.take();
        if self.open.is_empty() {
            self.out.extend(text);
            self.out.append(&mut self.held);
        } else {
            self.held.extend(text);
        }
    }

    /// Drops the open paragraph (a hidden one).
    pub(crate) fn drop_open(&mut self) {
        if let Some(p) = self.open.last_mut() {
            p.take();
        }
    }

    pub(crate) fn current(&mut self) -> Option<&mut Paragraphs> {
        self.open.last_mut()
    }

    /// Notes to place after the open paragraph (or now, outside any).
    pub(crate) fn hold(&mut self, notes: &[String]) {
        if self.open.is_empty() {
            self.out.extend_from_slice(notes);
        } else {
            self.held.extend_from_slice(notes);
        }
    }

    pub(crate) fn finish(mut self) -> Vec<String> {
        while !self.open.is_empty() {
            self.end();
        }
        self.out.append(&mut self.held);
        self.out
    }
}

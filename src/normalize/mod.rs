//! Bytes to clean text: the first stage of the pipeline.
//!
//! [`decode`] turns a file's bytes into a `String`, or into a [`DecodeError`] that says where the
//! input went wrong (line and byte offset) and what to do about it. [`normalize`] then makes the text
//! that every later stage sees: Unicode NFC, a single line end (`\n`), every Unicode space as an
//! ASCII space, and the invisible format characters that web pages scatter through text (U+200B,
//! U+2060, U+00AD, U+FEFF) removed. Nothing else is altered: quotes, dashes, digits and the joiners
//! U+200C and U+200D stay as written, so sentences keep their byte spans in the normalised text.
//!
//! [`boilerplate`] holds the per-language tables of web furniture (comment forms, share prompts,
//! "Baca juga:" links, copyright lines) that the segmenter marks so that it never reaches the bitext.

pub mod boilerplate;

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::swar::{bytes_below, bytes_equal, first_flagged, word_at, HI, LO};

/// Why a file's bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not valid UTF-8.
    #[error(
        "invalid UTF-8 at line {line} (byte {byte} of the file): the file is not UTF-8 text; \
         convert it first (for example `iconv -f WINDOWS-1252 -t UTF-8 FILE`) or name its encoding with --encoding"
    )]
    InvalidUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 0-based byte offset of the first invalid byte in the file (not in its line).
        byte: usize,
    },
    /// The bytes hold a NUL byte: a binary file, not text.
    #[error(
        "binary data (a NUL byte) at line {line} (byte {byte} of the file): this is not a text \
         file; give selaras plain text (UTF-8, or UTF-16/UTF-32 with a byte-order mark); a Word \
         or OpenDocument file is read as one by its extension (.docx, .odt) or with \
         --input-format docx (or odt)"
    )]
    Binary {
        /// 1-based line of the NUL byte.
        line: usize,
        /// 0-based byte offset of the NUL byte.
        byte: usize,
    },
    /// A UTF-16 or UTF-32 file whose code units do not form valid text.
    #[error(
        "invalid {encoding} at line {line} (byte {byte} of the file): the file starts with a \
         {encoding} byte-order mark but its text is damaged there (an unpaired surrogate, a code point out \
         of range or a truncated last character); repair it or convert it to UTF-8 first \
         (for example `iconv -f {encoding} -t UTF-8 FILE`)"
    )]
    InvalidWide {
        /// The encoding named by the byte-order mark.
        encoding: WideEncoding,
        /// 1-based line of the bad code unit.
        line: usize,
        /// 0-based byte offset of the bad code unit.
        byte: usize,
    },
    /// The encoding asked for is not one that selaras can decode.
    #[error(
        "unknown encoding `{0}`: selaras reads utf-8, utf-16 and utf-32 (with a byte-order mark) \
         and the legacy encodings of the WHATWG Encoding Standard by their labels (latin1, \
         windows-1250 to windows-1258, iso-8859-2 to iso-8859-16, koi8-r, shift_jis, gbk, …)"
    )]
    UnknownEncoding(String),
}

/// The wide Unicode encodings that [`decode`] recognises by their byte-order marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WideEncoding {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl fmt::Display for WideEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WideEncoding::Utf16Le => "UTF-16LE",
            WideEncoding::Utf16Be => "UTF-16BE",
            WideEncoding::Utf32Le => "UTF-32LE",
            WideEncoding::Utf32Be => "UTF-32BE",
        })
    }
}

/// The encoding of input files: UTF-8 (the default, with UTF-16/UTF-32 recognised by their
/// byte-order marks) or a legacy encoding named by the user, decoded as the WHATWG Encoding
/// Standard says (as browsers do): `latin1` and `iso-8859-1` are windows-1252, so the curly quotes,
/// dashes and euro sign of a Windows file survive.
///
/// ```
/// use selaras::normalize::{decode, Encoding};
/// let latin1: Encoding = "latin1".parse().unwrap();
/// assert_eq!(decode(b"\x93caf\xE9\x94 \x80", latin1).unwrap(), "\u{201C}café\u{201D} €");
/// let central: Encoding = "windows-1250".parse().unwrap();
/// assert_eq!(decode(b"\x8Akoda", central).unwrap(), "Škoda");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, or UTF-16/UTF-32 when the file starts with their byte-order mark.
    #[default]
    Auto,
    /// A legacy encoding (windows-1250…1258, iso-8859-*, koi8-r, shift_jis, gbk and the others
    /// of the Encoding Standard), by its standard label.
    Named(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// Windows-1252, which is also what `latin1` and `iso-8859-1` mean.
    pub const WINDOWS_1252: Encoding = Encoding::Named(encoding_rs::WINDOWS_1252);

    /// The encoding a label names (`utf-8`, `latin1`, `windows-1250`, `iso-8859-2`, …), as the
    /// Encoding Standard reads labels; `None` for a label it does not know.
    pub fn from_label(label: &str) -> Option<Encoding> {
        let lower = label.trim().to_ascii_lowercase().replace('_', "-");
        match lower.as_str() {
            "auto" | "utf-8" | "utf8" | "utf-16" | "utf16" | "utf-32" | "utf32" => {
                return Some(Encoding::Auto)
            }
            "latin-1" | "iso8859-1" | "win1252" => return Some(Encoding::WINDOWS_1252),
            _ => {}
        }
        match encoding_rs::Encoding::for_label(lower.as_bytes())? {
            e if e == encoding_rs::UTF_8 => Some(Encoding::Auto),
            e if e == encoding_rs::REPLACEMENT => None,
            e => Some(Encoding::Named(e)),
        }
    }

    /// The encoding's standard name (`UTF-8` for [`Encoding::Auto`]).
    pub fn name(&self) -> &'static str {
        match self {
            Encoding::Auto => "UTF-8",
            Encoding::Named(e) => e.name(),
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = DecodeError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Encoding::from_label(name).ok_or_else(|| DecodeError::UnknownEncoding(name.to_string()))
    }
}

/// Decodes a file's bytes as text.
///
/// With [`Encoding::Auto`], a UTF-8 byte-order mark is dropped, a UTF-16 or UTF-32 byte-order mark
/// selects that encoding, and anything else must be UTF-8. A byte-order mark wins over a named
/// legacy encoding too (no text in one starts with those bytes): a corpus read with
/// `latin1` may hold files saved as UTF-16. A NUL byte in 8-bit input means a binary file.
/// Errors carry the line and byte offset of the first bad byte.
///
/// ```
/// use selaras::normalize::{decode, DecodeError, Encoding};
/// assert_eq!(decode(b"\xEF\xBB\xBFhalo", Encoding::Auto).unwrap(), "halo");
/// assert_eq!(
///     decode(b"ok\nbad \xFF", Encoding::Auto),
///     Err(DecodeError::InvalidUtf8 { line: 2, byte: 7 })
/// );
/// ```
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Named(legacy) if !starts_with_byte_order_mark(bytes) => named(bytes, legacy),
        _ => {
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                return decode_utf8(rest, 3);
            }
            // UTF-32LE's mark starts with UTF-16LE's, so test the longer marks first.
            let wide = if bytes.starts_with(b"\xFF\xFE\x00\x00") {
                Some(WideEncoding::Utf32Le)
            } else if bytes.starts_with(b"\x00\x00\xFE\xFF") {
                Some(WideEncoding::Utf32Be)
            } else if bytes.starts_with(b"\xFF\xFE") {
                Some(WideEncoding::Utf16Le)
            } else if bytes.starts_with(b"\xFE\xFF") {
                Some(WideEncoding::Utf16Be)
            } else {
                None
            };
            match wide {
                Some(enc) => decode_wide(bytes, enc),
                None => decode_utf8(bytes, 0),
            }
        }
    }
}

/// Checks the first bytes of a file as [`decode`] would check the whole, so that a binary file
/// (or text in another encoding) is refused before the rest of it is read: the error is the one
/// `decode` gives for the whole file when its first bad byte is among `head`. A character cut
/// at the end of `head` is not an error.
///
/// ```
/// use selaras::normalize::{check_head, DecodeError, Encoding};
/// assert_eq!(check_head(b"halo \xE2\x80", Encoding::Auto), Ok(()));
/// assert_eq!(
///     check_head(b"PK\x03\x04\0\0", Encoding::Auto),
///     Err(DecodeError::Binary { line: 1, byte: 4 })
/// );
/// ```
pub fn check_head(head: &[u8], encoding: Encoding) -> Result<(), DecodeError> {
    match encoding {
        Encoding::Named(legacy) if !starts_with_byte_order_mark(head) => {
            if legacy == encoding_rs::UTF_16LE || legacy == encoding_rs::UTF_16BE {
                return Ok(());
            }
            match memchr_nul(head) {
                Some(nul) => Err(DecodeError::Binary {
                    line: line_of(head, nul),
                    byte: nul,
                }),
                None => Ok(()),
            }
        }
        _ => {
            let (base, rest) = match head.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (3, rest),
                None if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") => {
                    return Ok(())
                }
                None if head.starts_with(b"\x00\x00\xFE\xFF") => return Ok(()),
                None => (0, head),
            };
            let valid = match std::str::from_utf8(rest) {
                Ok(_) => rest.len(),
                // A character cut by the end of the head is fine; the rest shows whether it is.
                Err(err) if err.error_len().is_none() => err.valid_up_to(),
                Err(err) => {
                    let at = err.valid_up_to();
                    return Err(match memchr_nul(&rest[..at]) {
                        Some(nul) => DecodeError::Binary {
                            line: line_of(rest, nul),
                            byte: base + nul,
                        },
                        None => DecodeError::InvalidUtf8 {
                            line: line_of(rest, at),
                            byte: base + at,
                        },
                    });
                }
            };
            match memchr_nul(&rest[..valid]) {
                Some(nul) => Err(DecodeError::Binary {
                    line: line_of(rest, nul),
                    byte: base + nul,
                }),
                None => Ok(()),
            }
        }
    }
}

/// Reads a file that must be UTF-8 text (a manifest, a dictionary, a decisions, gold or model
/// file): as [`std::fs::read_to_string`], but a file that is not UTF-8 gives an
/// [`std::io::ErrorKind::InvalidData`] error that says where (line and byte), and a UTF-8
/// byte-order mark is dropped.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("gold.txt");
/// std::fs::write(&path, b"[0]:[0]\n[1]:[\xFF]\n").unwrap();
/// let err = selaras::normalize::read_utf8(&path).unwrap_err();
/// assert_eq!(err.to_string(), "not UTF-8 text: invalid UTF-8 at line 2 (byte 13 of the file)");
/// ```
pub fn read_utf8(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text: invalid UTF-8 at line {} (byte {at} of the file)",
                line_of(bytes, at)
            ),
        )
    })
}

/// [`decode`] for bytes the caller owns: UTF-8 without a byte order mark (the common case)
/// becomes the `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>, encoding: Encoding) -> Result<String, DecodeError> {
    let plain_utf8 = encoding == Encoding::Auto
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && !bytes.starts_with(b"\x00\x00\xFE\xFF");
    if !plain_utf8 {
        return decode(&bytes, encoding);
    }
    match String::from_utf8(bytes) {
        Ok(text) if memchr_nul(text.as_bytes()).is_none() => Ok(text),
        Ok(text) => decode(text.as_bytes(), encoding),
        Err(err) => decode(err.as_bytes(), encoding),
    }
}

fn decode_utf8(bytes: &[u8], base: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = memchr_nul(bytes) {
                return Err(DecodeError::Binary {
                    line: line_of(bytes, nul),
                    byte: base + nul,
                });
            }
            Ok(text.to_string())
        }
        Err(err) => {
            let at = err.valid_up_to();
            if let Some(nul) = memchr_nul(&bytes[..at]) {
                return Err(DecodeError::Binary {
                    line: line_of(bytes, nul),
                    byte: base + nul,
                });
            }
            Err(DecodeError::InvalidUtf8 {
                line: line_of(bytes, at),
                byte: base + at,
            })
        }
    }
}

/// Whether the bytes open with the byte-order mark of UTF-8, UTF-16 or UTF-32.
fn starts_with_byte_order_mark(bytes: &[u8]) -> bool {
    [
        &b"\xEF\xBB\xBF"[..],
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\x00\x00\xFE\xFF",
    ]
    .iter()
    .any(|mark| bytes.starts_with(mark))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

fn named(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, DecodeError> {
    if let Some(nul) = memchr_nul(bytes) {
        // UTF-16 text is full of NUL bytes; every other encoding's is not text.
        if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
            return Err(DecodeError::Binary {
                line: line_of(bytes, nul),
                byte: nul,
            });
        }
    }
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

fn decode_wide(bytes: &[u8], encoding: WideEncoding) -> Result<String, DecodeError> {
    let (unit, big) = match encoding {
        WideEncoding::Utf16Le => (2, false),
        WideEncoding::Utf16Be => (2, true),
        WideEncoding::Utf32Le => (4, false),
        WideEncoding::Utf32Be => (4, true),
    };
    let body = bytes.get(unit..).unwrap_or_default();
    let value = |c: &[u8]| {
        let mut v: u32 = 0;
        for i in 0..unit {
            let b = if big { c[i] } else { c[unit - 1 - i] };
            v = (v << 8) | u32::from(b);
        }
        v
    };
    let mut out = String::with_capacity(body.len() / unit);
    let mut lines = 1usize;
    // Byte offset (in the file) of the code unit being read.
    let mut offset = unit;
    let mut units = body.chunks_exact(unit).map(value).peekable();
    while let Some(u) = units.next() {
        let decoded = if unit == 4 {
            char::from_u32(u).map(|c| (c, 4))
        } else if (0xD800..0xDC00).contains(&u) {
            // A high surrogate: needs a low one after it.
            match units.peek() {
                Some(&low) if (0xDC00..0xE000).contains(&low) => {
                    units.next();
                    char::from_u32(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 4))
                }
                _ => None,
            }
        } else {
            char::from_u32(u).map(|c| (c, 2))
        };
        let Some((c, width)) = decoded else {
            return Err(DecodeError::InvalidWide {
                encoding,
                line: lines,
                byte: offset,
            });
        };
        if c == '\0' {
            return Err(DecodeError::Binary {
                line: lines,
                byte: offset,
            });
        }
        if c == '\n' {
            lines += 1;
        }
        out.push(c);
        offset += width;
    }
    if body.len() % unit != 0 {
        return Err(DecodeError::InvalidWide {
            encoding,
            line: lines,
            byte: offset,
        });
    }
    Ok(out)
}

/// Whether `c` is a format character that [`normalize`] removes: zero-width space (U+200B), word
/// joiner (U+2060), soft hyphen (U+00AD) and the byte-order mark / zero-width no-break space (U+FEFF).
pub fn is_removable(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{00AD}' | '\u{FEFF}')
}

/// Whether `c` is a space other than a line break: ASCII space and tab, no-break spaces, the
/// typographic spaces of U+2000–U+200A, and the like. [`normalize`] turns each into `' '`.
pub fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{000B}' | '\u{000C}' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Makes the clean text that segmentation and alignment work on.
///
/// Unicode NFC; CRLF, CR, U+0085, U+2028 and U+2029 become `\n`; every inline Unicode space
/// becomes `' '`; [removable](is_removable) format characters are dropped; other control
/// characters (except `\n`) become `' '`. Nothing else changes.
///
/// ```
/// use selaras::normalize::normalize;
/// assert_eq!(normalize("Cafe\u{301}\u{A0}baru\r\nlagi\u{200B}."), "Café baru\nlagi.");
/// ```
pub fn normalize(text: &str) -> String {
    normalized(text).unwrap_or_else(|| text.to_string())
}

/// [`normalize`] for a text the caller owns: text that is clean already (the common case) is
/// given back as it is, without a copy.
///
/// ```
/// use selaras::normalize::{normalize, normalize_owned};
/// let raw = "Cafe\u{301}\u{A0}baru\r\nlagi.".to_string();
/// assert_eq!(normalize_owned(raw.clone()), normalize(&raw));
/// ```
pub fn normalize_owned(text: String) -> String {
    normalized(&text).unwrap_or(text)
}

/// The high bit of every byte of the word that is not printable ASCII (0x20 to 0x7E), exactly:
/// the bytes that [`normalize`] must look at.
#[inline]
fn not_printable(x: u64) -> u64 {
    // Each byte's low seven bits plus 0x60 reach the high bit when they are at least 0x20, plus
    // 1 when they are 0x7F; neither sum carries out of its byte.
    let low = x & !HI;
    (x | !(low + 0x60 * LO) | (low + LO)) & HI
}

/// The work of [`normalize`]: `None` when the text is clean already.
fn normalized(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Whether a character kept might leave the text out of NFC: one that Unicode's quick check
    // does not pass on its own, or that combines with the one before (see `nfc_safe`).
    let mut unsafe_for_nfc = false;
    // Unchanged text is copied a run at a time; only the characters that change are looked at,
    // and printable ASCII is skipped eight bytes at a time.
    let mut copied = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // Plain words skipped in a tight loop, then straight to the first byte to look at (a
        // line end, often).
        while let Some(x) = word_at(bytes, i) {
            let flagged = not_printable(x);
            if flagged != 0 {
                i += first_flagged(flagged);
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if (0x20..0x7F).contains(&b) || b == b'\n' {
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let mut len = c.len_utf8();
        let replacement = match c {
            '\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    len += 1;
                }
                Some(Some('\n'))
            }
            '\u{0085}' | '\u{2028}' | '\u{2029}' => Some(Some('\n')),
            c if is_removable(c) => Some(None),
            ' ' => None,
            c if is_inline_space(c) || c.is_control() => Some(Some(' ')),
            _ => None,
        };
        if replacement.is_none() && !c.is_ascii() && !nfc_safe(c) {
            unsafe_for_nfc = true;
        }
        if let Some(replacement) = replacement {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..i]);
            if let Some(r) = replacement {
                out.push(r);
            }
            copied = i + len;
        }
        i += len;
    }
    if let Some(out) = &mut out {
        out.push_str(&text[copied..]);
    }
    if !unsafe_for_nfc {
        return out;
    }
    let clean = out.as_deref().unwrap_or(text);
    if is_nfc_quick_yes(clean) {
        return out;
    }
    Some(clean.nfc().collect())
}

/// Whether a character is NFC wherever it stands: the quick check passes it (`Yes`), and it is
/// a starter (canonical combining class 0), so that no order of marks is at stake. A text whose
/// characters all are (ASCII always is) is in NFC: a character that composes with the one
/// before it is `Maybe` in the quick check.
fn nfc_safe(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && unicode_normalization::is_nfc_quick(std::iter::once(c))
            == unicode_normalization::IsNormalized::Yes
}

/// Whether Unicode's quick check finds the text in NFC (`Yes`, not `Maybe` or `No`). The check
/// starts afresh at every ASCII character, so each run of non-ASCII characters is checked on
/// its own and the ASCII between them is skipped eight bytes at a time.
fn is_nfc_quick_yes(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        if word_at(b, i).is_some_and(|x| x & HI == 0) {
            i += 8;
            continue;
        }
        if b[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i] >= 0x80 {
            i += 1;
        }
        // A run of bytes with the high bit is whole characters in valid UTF-8.
        let run = &text[start..i];
        if unicode_normalization::is_nfc_quick(run.chars())
            != unicode_normalization::IsNormalized::Yes
        {
            return false;
        }
    }
    true
}

/// Collapses every run of whitespace to one space and trims both ends: the form in which a
/// sentence is written to the bitext formats.
///
/// ```
/// assert_eq!(selaras::normalize::collapse_whitespace("  a \n b  "), "a b");
/// ```
pub fn collapse_whitespace(text: &str) -> String {
    if is_collapsed(text) {
        // Already single-spaced (a sentence of normalised text nearly always is).
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Writes `text` as [`collapse_whitespace`] returns it, without building the string.
///
/// ```
/// let mut out = Vec::new();
/// selaras::normalize::write_collapsed(&mut out, "  a \n b  ").unwrap();
/// assert_eq!(out, b"a b");
/// ```
pub fn write_collapsed(out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    if is_collapsed(text) {
        return out.write_all(text.as_bytes());
    }
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            out.write_all(b" ")?;
        }
        out.write_all(word.as_bytes())?;
    }
    Ok(())
}

/// Whether [`collapse_whitespace`] leaves the text as it is: no whitespace at either end, and
/// none but single spaces inside. Printable ASCII is read eight bytes at a time (a word's spaces
/// found by bit tricks, two in a row refused); other bytes one at a time, where only the lead
/// bytes of the few non-ASCII spaces (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000) make
/// it decode a character.
fn is_collapsed(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0usize;
    while i < b.len() {
        // The last word of the text overlaps the one before rather than leave a short tail.
        let at = if i + 8 <= b.len() {
            i
        } else {
            b.len().saturating_sub(8)
        };
        if let Some(x) = word_at(b, at) {
            match (x & HI) | bytes_below(x, 0x20) {
                0 => {
                    let spaces = bytes_equal(x, b' ');
                    // A space whose byte before is a space: the flag of byte k-1 moved onto
                    // byte k, the byte before the word onto byte 0.
                    let before = at > 0 && b[at - 1] == b' ';
                    if spaces & ((spaces << 8) | (u64::from(before) << 7)) != 0 {
                        return false;
                    }
                    i = at + 8;
                    continue;
                }
                flagged => {
                    // The printable bytes before the first flagged one are checked as above
                    // before they are passed over.
                    let k = first_flagged(flagged);
                    let below = if k == 0 { 0 } else { u64::MAX >> (64 - 8 * k) };
                    let spaces = bytes_equal(x, b' ') & below;
                    let before = at > 0 && b[at - 1] == b' ';
                    if spaces & ((spaces << 8) | (u64::from(before) << 7)) != 0 {
                        return false;
                    }
                    i = i.max(at + k);
                }
            }
        }
        match b[i] {
            b' ' if i > 0 && b[i - 1] == b' ' => return false,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3
                if text
                    .get(i..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_whitespace) =>
            {
                return false
            }
            _ => {}
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_line_and_byte_of_bad_utf8() {
        let err = decode(b"satu\ndua\n\xC3(", Encoding::Auto).unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { line: 3, byte: 9 });
        assert!(err.to_string().contains("line 3 (byte 9 of the file)"));
    }

    #[test]
    fn collapse_whitespace_takes_the_short_way_only_when_it_may() {
        let slow = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for t in [
            "a b",
            "",
            " ",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "é b",
            "é\u{85}b",
            "é\u{3000}b",
            "a\u{a0}b",
            "x\x0by",
            "0  \u{AE}\u{B13}",
            "ab  cd\u{E9}",
        ] {
            assert_eq!(collapse_whitespace(t), slow(t), "{t:?}");
        }
    }

    /// A double space among the printable bytes of a word that also holds a non-ASCII
    /// character was passed over, and the text written with both spaces.
    #[test]
    fn regression_double_space_in_a_word_with_a_non_ascii_character() {
        assert_eq!(collapse_whitespace("0  \u{AE}\u{B13}"), "0 \u{AE}\u{B13}");
        assert_eq!(
            collapse_whitespace("kata  caf\u{E9} ya"),
            "kata caf\u{E9} ya"
        );
        let mut written = Vec::new();
        write_collapsed(&mut written, "0  \u{AE}\u{B13}").unwrap();
        assert_eq!(written, "0 \u{AE}\u{B13}".as_bytes());
    }

    #[test]
    fn decode_owned_agrees_with_decode() {
        let inputs: [&[u8]; 7] = [
            b"satu\ndua",
            b"\xEF\xBB\xBFbom",
            b"satu\ndua\n\xC3(",
            b"ab\ncd\0",
            b"\xFF\xFEa\x00b\x00",
            b"caf\xE9",
            b"",
        ];
        for bytes in inputs {
            for encoding in [Encoding::Auto, Encoding::WINDOWS_1252] {
                assert_eq!(
                    decode_owned(bytes.to_vec(), encoding),
                    decode(bytes, encoding),
                    "{bytes:?}"
                );
            }
        }
    }

    #[test]
    fn decode_rejects_nul_as_binary() {
        let err = decode(b"ab\ncd\0", Encoding::Auto).unwrap_err();
        assert_eq!(err, DecodeError::Binary { line: 2, byte: 5 });
    }

    #[test]
    fn decode_reads_utf16_and_utf32_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "héllo".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, Encoding::Auto).unwrap(), "héllo");
        let mut be = vec![0xFE, 0xFF];
        for u in "dunia 🌏".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be, Encoding::Auto).unwrap(), "dunia 🌏");
        let mut w32 = vec![0xFF, 0xFE, 0, 0];
        for c in "ok".chars() {
            w32.extend_from_slice(&(c as u32).to_le_bytes());
        }
        assert_eq!(decode(&w32, Encoding::Auto).unwrap(), "ok");
    }

    #[test]
    fn regression_a_byte_order_mark_wins_over_a_named_legacy_encoding() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Café naik.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let latin1 = Encoding::WINDOWS_1252;
        assert_eq!(check_head(&le, latin1), Ok(()));
        assert_eq!(decode(&le, latin1).unwrap(), "Café naik.");
        assert_eq!(decode_owned(le, latin1).unwrap(), "Café naik.");
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9", latin1).unwrap(), "Café");
        // Without a mark the named encoding reads the bytes, and a NUL is still binary data.
        assert_eq!(decode(b"Caf\xE9", latin1).unwrap(), "Café");
        assert!(matches!(
            check_head(b"ab\0c", latin1),
            Err(DecodeError::Binary { byte: 2, .. })
        ));
    }

    #[test]
    fn decode_reports_broken_utf16() {
        let bytes = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert!(matches!(
            decode(&bytes, Encoding::Auto),
            Err(DecodeError::InvalidWide {
                encoding: WideEncoding::Utf16Le,
                ..
            })
        ));
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn wide_errors_are_located_in_the_file_not_the_decoded_text() {
        // "é\n🌏\0": the NUL is the fifth code unit, at byte 2 + 4 * 2 = 10, on line 2.
        assert_eq!(
            decode(&utf16le("é\n🌏\0"), Encoding::Auto),
            Err(DecodeError::Binary { line: 2, byte: 10 })
        );
        let mut w32 = vec![0, 0, 0xFE, 0xFF];
        for c in "a\nb\0".chars() {
            w32.extend_from_slice(&(c as u32).to_be_bytes());
        }
        assert_eq!(
            decode(&w32, Encoding::Auto),
            Err(DecodeError::Binary { line: 2, byte: 16 })
        );
        let mut odd = utf16le("ab\ncd");
        odd.push(b'e');
        assert_eq!(
            decode(&odd, Encoding::Auto),
            Err(DecodeError::InvalidWide {
                encoding: WideEncoding::Utf16Le,
                line: 2,
                byte: 12
            })
        );
        let lone_low = [0xFE, 0xFF, 0, b'a', 0xDC, 0x00];
        assert_eq!(
            decode(&lone_low, Encoding::Auto),
            Err(DecodeError::InvalidWide {
                encoding: WideEncoding::Utf16Be,
                line: 1,
                byte: 4
            })
        );
        assert_eq!(decode(&[0xFF, 0xFE], Encoding::Auto), Ok(String::new()));
    }

    #[test]
    fn legacy_encodings() {
        assert_eq!(decode(b"caf\xE9", Encoding::WINDOWS_1252).unwrap(), "café");
        assert_eq!(
            decode(b"\x93ya\x94", Encoding::WINDOWS_1252).unwrap(),
            "“ya”"
        );
        assert_eq!(
            "cp1252".parse::<Encoding>().unwrap(),
            Encoding::WINDOWS_1252
        );
        assert_eq!(
            "latin1".parse::<Encoding>().unwrap(),
            Encoding::WINDOWS_1252
        );
        assert_eq!(
            "ISO-8859-2".parse::<Encoding>().unwrap().name(),
            "ISO-8859-2"
        );
        assert_eq!(
            "windows-1258".parse::<Encoding>().unwrap().name(),
            "windows-1258"
        );
        assert!("klingon".parse::<Encoding>().is_err());
    }

    #[test]
    fn normalize_keeps_quotes_dashes_and_joiners() {
        let text = "“Ya” – ‘tidak’ — 1.500\u{200C}\u{200D}";
        assert_eq!(normalize(text), text);
    }

    #[test]
    fn normalize_spaces_and_line_ends() {
        assert_eq!(
            normalize("a\u{2009}b\u{3000}c\rd\u{2028}e\u{0B}f"),
            "a b c\nd\ne f"
        );
        assert_eq!(normalize("so\u{AD}ft\u{FEFF}"), "soft");
    }

    /// The plain, one character at a time form of [`normalize`], to check the fast one against.
    fn reference_normalize(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                }
                '\n' | '\u{0085}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                c if is_removable(c) => {}
                c if is_inline_space(c) || c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out.nfc().collect()
    }

    proptest::proptest! {
        #[test]
        fn normalize_matches_the_reference(
            text in "[a-zA-Z .\r\n\t\u{A0}\u{200B}\u{FEFF}\u{AD}\u{2060}\u{301}\u{85}\u{2028}é“”–\u{7F}\u{1}]{0,80}"
        ) {
            proptest::prop_assert_eq!(normalize(&text), reference_normalize(&text));
        }

        #[test]
        fn not_printable_flags_exactly_the_bytes_outside_0x20_to_0x7e(bytes in proptest::prelude::any::<[u8; 8]>()) {
            let flagged = not_printable(u64::from_le_bytes(bytes));
            for (k, &b) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(flagged >> (8 * k + 7) & 1 == 1, !(0x20..0x7F).contains(&b));
            }
        }

        #[test]
        fn normalize_owned_matches_normalize(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(normalize_owned(text.clone()), normalize(&text));
        }

        /// The short way (text already collapsed, written as it is) agrees with the long one.
        #[test]
        fn collapse_whitespace_matches_the_reference(
            text in "[a b\t\n\r\u{A0}\u{85}\u{1680}\u{2000}\u{2009}\u{202F}\u{3000}é–“]{0,30}"
        ) {
            let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), reference.clone());
            let mut written = Vec::new();
            write_collapsed(&mut written, &text).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), reference);
        }

        #[test]
        fn collapse_whitespace_matches_the_reference_on_any_text(text in proptest::prelude::any::<String>()) {
            let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), reference);
        }

        #[test]
        fn normalize_matches_the_reference_on_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(normalize(&text), reference_normalize(&text));
        }

        /// The check of a file's first bytes refuses exactly what decoding the whole would
        /// refuse at a place among them, with the same error.
        #[test]
        fn the_head_check_agrees_with_decoding_the_whole(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::prelude::any::<u8>(),
                    8 => 0x20u8..0x7f,
                    1 => proptest::prelude::Just(b'\n'),
                ],
                0..40,
            ),
            cut in 0usize..40,
            latin1 in proptest::prelude::any::<bool>(),
        ) {
            let encoding = if latin1 { Encoding::from_label("latin1").unwrap() } else { Encoding::Auto };
            let head = &bytes[..cut.min(bytes.len())];
            let whole = decode(&bytes, encoding);
            match check_head(head, encoding) {
                Err(error) => proptest::prop_assert_eq!(whole, Err(error)),
                Ok(()) => {
                    if let Err(DecodeError::Binary { byte, .. } | DecodeError::InvalidUtf8 { byte, .. }) = whole {
                        // A character cut by the head's end is judged with the rest.
                        proptest::prop_assert!(byte + 4 > head.len(), "{byte} in a head of {}", head.len());
                    }
                }
            }
        }
    }

    #[test]
    fn normalize_composes_nfc() {
        assert_eq!(normalize("e\u{301}"), "é");
    }
}

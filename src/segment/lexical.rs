//! Byte-level character classes for the splitter: terminators, closing and opening marks,
//! spaces, and the word after a candidate boundary read into a stack buffer.

use super::rules::MAX_KEY;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Term {
    Period,
    Bang,
    Ellipsis,
    FullWidth,
}

/// The terminator at byte `i`, with its length in bytes.
#[inline]
pub(super) fn terminator_at(b: &[u8], i: usize) -> Option<(Term, usize)> {
    match b.get(i)? {
        b'.' => Some((Term::Period, 1)),
        b'!' | b'?' => Some((Term::Bang, 1)),
        0xE2 => match (b.get(i + 1)?, b.get(i + 2)?) {
            (0x80, 0xA6) => Some((Term::Ellipsis, 3)),
            (0x80, 0xBC) | (0x81, 0x87) | (0x81, 0x88) | (0x81, 0x89) => Some((Term::Bang, 3)),
            _ => None,
        },
        0xE3 => match (b.get(i + 1)?, b.get(i + 2)?) {
            (0x80, 0x82) => Some((Term::FullWidth, 3)),
            _ => None,
        },
        0xEF => match (b.get(i + 1)?, b.get(i + 2)?) {
            (0xBC, 0x81) | (0xBC, 0x9F) => Some((Term::FullWidth, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// A closing quote or bracket at byte `i`: its length, and whether it is a quote. The East Asian
/// ones are here too (`」`, `』`, `）`, `】`, `》`…), so that `「はい。」` keeps its bracket.
#[inline]
pub(super) fn closer_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    match *b.get(i)? {
        b'"' | b'\'' => Some((1, true)),
        b')' | b']' | b'}' => Some((1, false)),
        0xE2 => match (*b.get(i + 1)?, *b.get(i + 2)?) {
            (0x80, 0x9D) | (0x80, 0x99) | (0x80, 0xBA) => Some((3, true)),
            _ => None,
        },
        0xC2 => (*b.get(i + 1)? == 0xBB).then_some((2, true)),
        0xE3 => match (*b.get(i + 1)?, *b.get(i + 2)?) {
            (0x80, 0x8D) | (0x80, 0x8F) => Some((3, true)),
            (0x80, 0x89) | (0x80, 0x8B) | (0x80, 0x91) | (0x80, 0x95) => Some((3, false)),
            _ => None,
        },
        0xEF => (*b.get(i + 1)? == 0xBC && *b.get(i + 2)? == 0x89).then_some((3, false)),
        _ => None,
    }
}

/// A quote mark at byte `i` that opens a quotation in English but closes one in other
/// languages: `“` and `‘` (German `„Ja.“`), `«` and `‹` (`»Ja.«`). Its length.
#[inline]
pub(super) fn reversed_closer_at(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        0xE2 => matches!((*b.get(i + 1)?, *b.get(i + 2)?), (0x80, 0x9C | 0x98 | 0xB9)).then_some(3),
        0xC2 => (*b.get(i + 1)? == 0xAB).then_some(2),
        _ => None,
    }
}

/// An opening quote or bracket at byte `i`: its length. A backtick opens a quotation in text
/// typed the TeX way (`` ``Ya,'' katanya``, `` `ya' ``).
#[inline]
pub(super) fn opener_at(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' | b'\'' | b'`' | b'(' | b'[' | b'{' => Some(1),
        0xE2 => match (*b.get(i + 1)?, *b.get(i + 2)?) {
            (0x80, 0x9C) | (0x80, 0x98) | (0x80, 0x9E) | (0x80, 0xB9) => Some(3),
            _ => None,
        },
        0xC2 => matches!(*b.get(i + 1)?, 0xAB | 0xBF | 0xA1).then_some(2),
        _ => None,
    }
}

/// Whether the byte ends an opening mark (the last byte of `(`, `“`, `‘`, `«`, …), read backwards.
#[inline]
pub(super) fn ends_opener(b: &[u8], end: usize) -> bool {
    match end.checked_sub(1).and_then(|i| b.get(i)) {
        Some(b'"' | b'\'' | b'`' | b'(' | b'[' | b'{') => true,
        Some(0x9C | 0x98 | 0x9E) => end >= 3 && b[end - 3] == 0xE2 && b[end - 2] == 0x80,
        Some(0xAB) => end >= 2 && b[end - 2] == 0xC2,
        _ => false,
    }
}

/// The length of the whitespace character at byte `i` of `line`, or 0.
#[inline]
pub(super) fn space_at(line: &str, i: usize) -> usize {
    match line.as_bytes().get(i) {
        Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') => 1,
        Some(&c) if c >= 0x80 => line
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

#[inline]
pub(super) fn skip_spaces(line: &str, mut i: usize) -> usize {
    loop {
        let n = space_at(line, i);
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// The word that follows a candidate boundary, lower-cased into a stack buffer.
pub(super) struct NextWord {
    /// The first character after the spaces, before any opening quote or bracket.
    pub(super) first: char,
    /// The first character after opening quotes and brackets.
    pub(super) letter: char,
    buf: [u8; MAX_KEY],
    /// Length of the word in `buf`; 0 when the word is longer than the buffer.
    pub(super) len: usize,
    /// Every letter of the word is a capital, and it has at least two.
    pub(super) caps: bool,
}

impl NextWord {
    pub(super) fn read(line: &str, at: usize) -> Option<NextWord> {
        let b = line.as_bytes();
        let first = line.get(at..)?.chars().next()?;
        let mut i = at;
        while let Some(n) = opener_at(b, i) {
            i += n;
        }
        let rest = line.get(i..)?;
        let letter = rest.chars().next().unwrap_or(' ');
        let mut buf = [0u8; MAX_KEY];
        let mut len = 0usize;
        let mut upper = 0usize;
        let mut lower = false;
        let bytes = rest.as_bytes();
        let mut k = 0usize;
        while let Some(&byte) = bytes.get(k) {
            if byte.is_ascii() {
                // An ASCII character: the tests below, without decoding it.
                if !(byte.is_ascii_alphanumeric() || byte == b'\'') {
                    break;
                }
                upper += usize::from(byte.is_ascii_uppercase());
                lower |= byte.is_ascii_lowercase();
                if len + 1 > MAX_KEY {
                    len = usize::MAX;
                    break;
                }
                buf[len] = byte.to_ascii_lowercase();
                len += 1;
                k += 1;
                continue;
            }
            let Some(c) = rest.get(k..).and_then(|tail| tail.chars().next()) else {
                break;
            };
            k += c.len_utf8();
            if !(c.is_alphanumeric() || c == '’') {
                break;
            }
            upper += usize::from(c.is_uppercase());
            lower |= c.is_lowercase();
            let c = if c == '’' { '\'' } else { c };
            if len + c.len_utf8() > MAX_KEY {
                len = usize::MAX;
                break;
            }
            c.encode_utf8(&mut buf[len..]);
            buf[len..len + c.len_utf8()].make_ascii_lowercase();
            len += c.len_utf8();
        }
        Some(NextWord {
            first,
            letter,
            buf,
            len: if len == usize::MAX { 0 } else { len },
            caps: upper >= 2 && !lower,
        })
    }

    pub(super) fn word(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(super) fn upper(&self) -> bool {
        self.letter.is_alphabetic() && !self.letter.is_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word after `at` read one character at a time, as [`NextWord::read`] reads what is not
    /// ASCII: its lower-cased bytes (empty when too long), capitals and lower-case letters.
    fn reference(line: &str, at: usize) -> Option<(Vec<u8>, usize, bool)> {
        let b = line.as_bytes();
        line.get(at..)?.chars().next()?;
        let mut i = at;
        while let Some(n) = opener_at(b, i) {
            i += n;
        }
        let mut word = String::new();
        let (mut upper, mut lower) = (0, false);
        for c in line.get(i..)?.chars() {
            if !(c.is_alphanumeric() || c == '\'' || c == '’') {
                break;
            }
            upper += usize::from(c.is_uppercase());
            lower |= c.is_lowercase();
            let c = if c == '’' { '\'' } else { c };
            let mut bytes = [0u8; 4];
            word.push_str(c.encode_utf8(&mut bytes));
            if word.len() > MAX_KEY {
                return Some((Vec::new(), upper, lower));
            }
        }
        let mut word = word.into_bytes();
        word.make_ascii_lowercase();
        Some((word, upper, lower))
    }

    proptest::proptest! {
        #[test]
        fn the_next_word_is_read_as_one_character_at_a_time(
            line in "[ \"(“‘]{0,2}([A-Za-z0-9']|É|é|ß|’|ǅ|\u{301}|-|\\.){0,30}"
        ) {
            let next = NextWord::read(&line, 0);
            let expected = reference(&line, 0);
            proptest::prop_assert_eq!(next.is_some(), expected.is_some());
            if let (Some(next), Some((word, upper, lower))) = (next, expected) {
                proptest::prop_assert_eq!(next.word(), &word[..]);
                proptest::prop_assert_eq!(next.caps, upper >= 2 && !lower);
            }
        }
    }
}

//! Which line breaks inside a paragraph end a sentence.
//!
//! Text wrapped at a width (copied from a PDF, an e-mail, `fold -s -w 70`) breaks its lines
//! wherever the next word did not fit, so those breaks say nothing about sentences: the lines
//! are joined back and the line splitter reads them as one. Every other single line break is a
//! boundary, as the text's author put it there: a headline, byline or dateline on its own line,
//! the lines of a poem or an address, a list item on its own line.
//!
//! A document is taken as wrapped at width `W` when at least two lines that are followed by
//! another line of their paragraph are *full*: the next line's first word would not have fitted
//! after them within `W` less an eighth (text from a PDF is not filled to the last column), `W`
//! being the longest such line, 40 to 120 characters. A break is then a wrap when the line before
//! it is full and its paragraph has no line much longer than `W`, unless the next line is
//! boilerplate or opens a list item: a bullet always does; a dash or a number only after a line
//! that ends a clause (or, for a dash, after a line opened by the same dash), as `(Reuters)` /
//! `- Oil prices` goes on. A short line is never joined to the next for its width: that is how a
//! headline, a dateline or a byline ends without punctuation.
//!
//! In any text, wrapped or not, two lines are also joined where a hyphen ends the first before a
//! lower-case word (`infor-` / `mation` is one word broken in two), and where the second opens in
//! lower case and ends the sentence that the first left open (`This is a sentence` / `cut off in
//! the middle because pdf.`).
//!
//! Lengths are counted in characters; a line longer than [`MAX_WIDTH`] is a paragraph written
//! on one line, never a wrapped one.

use super::marks::{leading_item, Bullet};

/// The narrowest width that counts as wrapping: shorter lines are verse, addresses or lists.
const MIN_WIDTH: usize = 40;
/// The widest: a longer line is a paragraph on one line.
const MAX_WIDTH: usize = 120;
/// How many full lines make a document wrapped.
const MIN_FULL: usize = 2;

/// One non-blank line of the text: its byte range without the `\n`, and its paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) paragraph: usize,
}

impl Line {
    /// The line's length in characters once trimmed, counted only when it is asked for (only
    /// lines that may be wrapped are): a line longer than a wrapped one can be counts its bytes.
    fn chars(&self, text: &str) -> usize {
        let body = body(text, self);
        if body.len() > 4 * MAX_WIDTH {
            body.len()
        } else {
            body.chars().count()
        }
    }
}

/// The non-blank lines of a text, in order, with their paragraphs (paragraphs are separated by
/// blank lines).
pub(super) struct Lines<'t> {
    text: &'t str,
    at: usize,
    /// Where the lines end: the text's length, or the end of a piece of it.
    limit: usize,
    paragraph: usize,
    blank_run: bool,
    seen: bool,
}

impl<'t> Lines<'t> {
    pub(super) fn new(text: &'t str) -> Lines<'t> {
        Lines::within(text, 0..text.len())
    }

    /// The lines of one piece of the text, which starts at the start of a line and ends at the
    /// end of the text or after a line end; their paragraphs are counted from 0 at its start.
    pub(super) fn within(text: &'t str, piece: std::ops::Range<usize>) -> Lines<'t> {
        Lines {
            text,
            at: piece.start,
            limit: piece.end,
            paragraph: 0,
            blank_run: false,
            seen: false,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        while self.at <= self.limit {
            let start = self.at;
            // An empty line (the second `\n` of a paragraph break) needs no search.
            if start < self.limit && self.text.as_bytes()[start] == b'\n' {
                self.at = start + 1;
                self.blank_run = true;
                continue;
            }
            let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..self.limit])
                .map_or(self.limit, |n| start + n);
            self.at = end + 1;
            if self.text[start..end].trim().is_empty() {
                self.blank_run = true;
                continue;
            }
            if self.blank_run && self.seen {
                self.paragraph += 1;
            }
            self.blank_run = false;
            self.seen = true;
            return Some(Line {
                start,
                end,
                paragraph: self.paragraph,
            });
        }
        None
    }
}

/// The width a document is wrapped at, if it is wrapped: see the module's docs. Two passes over
/// the lines, allocating nothing; the second stops at the second full line. A text in which no
/// line is followed by another of its paragraph (paragraphs on one line each, the common case)
/// is told by one look at its line ends first.
pub(super) fn width(text: &str) -> Option<usize> {
    if !has_consecutive_lines(text) {
        return None;
    }
    width_of_lines(text)
}

/// [`width`] without the first look at the line ends.
fn width_of_lines(text: &str) -> Option<usize> {
    let candidates = || {
        let mut lines = Lines::new(text).peekable();
        std::iter::from_fn(move || loop {
            let line = lines.next()?;
            match lines.peek() {
                Some(next) if next.paragraph == line.paragraph => {
                    let chars = line.chars(text);
                    if (MIN_WIDTH..=MAX_WIDTH).contains(&chars) {
                        return Some((chars, body(text, next)));
                    }
                }
                _ => {}
            }
        })
    };
    let w = candidates().map(|(chars, _)| chars).max()?;
    let full = candidates()
        .filter(|(chars, next)| is_full(*chars, first_word(next), w))
        .take(MIN_FULL)
        .count();
    (full >= MIN_FULL).then_some(w)
}

/// Whether two non-blank lines follow each other somewhere in the text. A line end next to
/// another (an empty line) is passed over without reading the lines around it.
fn has_consecutive_lines(text: &str) -> bool {
    let b = text.as_bytes();
    let blank = |line: std::ops::Range<usize>| text[line].trim().is_empty();
    memchr::memchr_iter(b'\n', b).any(|at| {
        if at == 0 || b[at - 1] == b'\n' || b.get(at + 1).is_none_or(|&c| c == b'\n') {
            return false;
        }
        let before_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
        let after_end = memchr::memchr(b'\n', &b[at + 1..]).map_or(b.len(), |p| at + 1 + p);
        !blank(before_start..at) && !blank(at + 1..after_end)
    })
}

/// Whether the paragraph of the lines has no line too long to be wrapped at `width`.
pub(super) fn paragraph_fits(text: &str, lines: &[Line], width: usize) -> bool {
    lines.iter().all(|l| l.chars(text) <= width + slack(width))
}

/// Whether the break between lines `a` and `b` of one paragraph is not a sentence boundary.
/// `width` is the document's wrap width, when it is wrapped and `a`'s paragraph fits it.
pub(super) fn joins(text: &str, a: &Line, b: &Line, width: Option<usize>) -> bool {
    let (left, right) = (body(text, a), body(text, b));
    if broken_word(left, right) || finishes(left, right) {
        return true;
    }
    let Some(width) = width else {
        return false;
    };
    if !is_full(a.chars(text), first_word(right), width) {
        return false;
    }
    match leading_item(right) {
        None => true,
        // A dash or a number after a full line is as likely to go on the sentence
        // (`… (Reuters)` / `- Oil prices`) as to open an item: it does so only after an end,
        // or after an item opened by the same dash.
        Some(Bullet::Dash) => !ends_clause(left) && !same_dash(left, right),
        Some(Bullet::Number) => !ends_clause(left),
        Some(Bullet::Mark) => false,
    }
}

/// Whether two lines open with the same dash and a space (`- one` / `- two`).
fn same_dash(left: &str, right: &str) -> bool {
    let dash = right.chars().next();
    dash.is_some_and(|d| left.starts_with(d) && leading_item(left) == Some(Bullet::Dash))
}

fn body<'t>(text: &'t str, line: &Line) -> &'t str {
    text[line.start..line.end].trim()
}

/// The slack a wrapped line may leave, for text not wrapped by a monospace greedy filler (PDF).
fn slack(width: usize) -> usize {
    width / 8
}

/// Whether a line of `chars` characters left no room for `next` within `width`.
fn is_full(chars: usize, next: &str, width: usize) -> bool {
    chars + 1 + next.chars().count() + slack(width) > width
}

fn first_word(line: &str) -> &str {
    line.split(char::is_whitespace).next().unwrap_or("")
}

/// `infor-` / `mation`: a word broken at a hyphen, the next line going on in lower case.
fn broken_word(left: &str, right: &str) -> bool {
    let mut back = left.chars().rev();
    back.next() == Some('-')
        && back.next().is_some_and(char::is_alphabetic)
        && right.chars().next().is_some_and(char::is_lowercase)
}

/// `This is a sentence` / `cut off in the middle because pdf.`: a line that opens in lower case
/// and ends with final punctuation finishes the sentence of a line that has none. Lines that
/// do not end so (`features` / `contact manager`) are a list, whatever their case.
fn finishes(left: &str, right: &str) -> bool {
    right.chars().next().is_some_and(char::is_lowercase)
        && ends_sentence(right)
        && !ends_clause(left)
}

/// Whether a line ends with final punctuation, before any closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    trim_closers(line).ends_with(['.', '!', '?', '…'])
}

fn trim_closers(line: &str) -> &str {
    line.trim_end_matches(['"', '\'', ')', ']', '”', '’', '»'])
}

/// Whether a line ends a sentence or a clause: final punctuation, a colon or a semicolon,
/// before any closing quotes or brackets.
fn ends_clause(line: &str) -> bool {
    trim_closers(line).ends_with(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first look at the line ends never changes the width found.
        #[test]
        fn the_first_look_keeps_the_width(
            text in "([a-z]{1,12}| |\n|\n\n|\n \n|\t|\u{A0}|\u{3000}|ab cd ef gh ij kl mn op qr st uv wx yz ab cd ef){0,40}"
        ) {
            let mut lines = Lines::new(&text).peekable();
            let mut consecutive = false;
            while let Some(line) = lines.next() {
                consecutive |= lines.peek().is_some_and(|next| next.paragraph == line.paragraph);
            }
            proptest::prop_assert_eq!(has_consecutive_lines(&text), consecutive);
            proptest::prop_assert_eq!(width(&text), width_of_lines(&text));
        }
    }
}

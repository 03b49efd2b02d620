//! The line splitter: the hot path of segmentation.
//!
//! A line is scanned byte by byte for terminators (`.`, `!`, `?`, `…` and the full-width `。！？`).
//! At each one the whole run of terminators and closing quotes or brackets is taken; a boundary
//! needs whitespace after the run (full-width terminators excepted) and then something that can
//! open a sentence. Whether a single period ends a sentence is decided by the word before it and
//! the word after it, looked up in the language's tables ([`LangRules`]) after lower-casing into a
//! small stack buffer: nothing is allocated per line or per candidate.
//!
//! Every step moves forward, and the look-around at a candidate is bounded (the word before a
//! period is read back at most a few bytes, the look-ahead at most a few words), so
//! the time is linear in the length of the line whatever it holds.

use std::ops::Range;

use super::rules::{AbbrevKind, LangRules, MAX_KEY};

/// How many words after `"...!"` may hold the verb of saying that makes them an attribution.
const ATTRIBUTION_WORDS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Period,
    Bang,
    Ellipsis,
    FullWidth,
}

/// The terminator at byte `i`, with its length in bytes.
#[inline]
fn terminator_at(b: &[u8], i: usize) -> Option<(Term, usize)> {
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

/// A closing quote or bracket at byte `i`: its length, and whether it is a quote.
#[inline]
fn closer_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    match *b.get(i)? {
        b'"' | b'\'' => Some((1, true)),
        b')' | b']' | b'}' => Some((1, false)),
        0xE2 => match (*b.get(i + 1)?, *b.get(i + 2)?) {
            (0x80, 0x9D) | (0x80, 0x99) | (0x80, 0xBA) => Some((3, true)),
            _ => None,
        },
        0xC2 => (*b.get(i + 1)? == 0xBB).then_some((2, true)),
        _ => None,
    }
}

/// An opening quote or bracket at byte `i`: its length.
#[inline]
fn opener_at(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' | b'\'' | b'(' | b'[' | b'{' => Some(1),
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
fn ends_opener(b: &[u8], end: usize) -> bool {
    match end.checked_sub(1).and_then(|i| b.get(i)) {
        Some(b'"' | b'\'' | b'(' | b'[' | b'{') => true,
        Some(0x9C | 0x98 | 0x9E) => end >= 3 && b[end - 3] == 0xE2 && b[end - 2] == 0x80,
        Some(0xAB) => end >= 2 && b[end - 2] == 0xC2,
        _ => false,
    }
}

/// The length of the whitespace character at byte `i` of `line`, or 0.
#[inline]
fn space_at(line: &str, i: usize) -> usize {
    match line.as_bytes().get(i) {
        Some(b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c') => 1,
        Some(&c) if c >= 0x80 => line
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

#[inline]
fn skip_spaces(line: &str, mut i: usize) -> usize {
    loop {
        let n = space_at(line, i);
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// What a run of terminators and closers holds.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    periods: usize,
    bang: bool,
    ellipsis: bool,
    full_width: bool,
    quote: bool,
}

/// The word that follows a candidate boundary, lower-cased into a stack buffer.
struct NextWord {
    /// The first character after the spaces, before any opening quote or bracket.
    first: char,
    /// The first character after opening quotes and brackets.
    letter: char,
    buf: [u8; MAX_KEY],
    /// Length of the word in `buf`; 0 when the word is longer than the buffer.
    len: usize,
    /// Every letter of the word is a capital, and it has at least two.
    caps: bool,
}

impl NextWord {
    fn read(line: &str, at: usize) -> Option<NextWord> {
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
        for c in rest.chars() {
            if !(c.is_alphanumeric() || c == '\'' || c == '’') {
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

    fn word(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn upper(&self) -> bool {
        self.letter.is_alphabetic() && !self.letter.is_lowercase()
    }
}

/// Splits one line (no `\n` inside) into sentence ranges, trimmed of surrounding whitespace,
/// passed to `emit` in order.
pub fn split_line(rules: &LangRules, line: &str, emit: &mut impl FnMut(Range<usize>)) {
    let b = line.as_bytes();
    let n = b.len();
    let content_start = skip_bullet(line, skip_spaces(line, 0));
    let mut expect = leading_marker(b, content_start).map(Marker::next);
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        if !matches!(b[i], b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF) {
            i += 1;
            continue;
        }
        let Some((term, _)) = terminator_at(b, i) else {
            i += 1;
            continue;
        };
        let run_start = i;
        let mut run = Run::default();
        let mut j = i;
        let mut last = term;
        loop {
            if let Some((t, len)) = terminator_at(b, j) {
                match t {
                    Term::Period => run.periods += 1,
                    Term::Bang => run.bang = true,
                    Term::Ellipsis => run.ellipsis = true,
                    Term::FullWidth => run.full_width = true,
                }
                last = t;
                j += len;
            } else if let Some((len, quote)) = closer_at(b, j) {
                run.quote |= quote;
                j += len;
            } else if let Some(len) = footnote_at(b, j) {
                j += len;
            } else {
                break;
            }
        }
        if j >= n {
            break;
        }
        let mut end = j;
        let mut k = skip_spaces(line, j);
        let glued = k == j && last == Term::Period && j == i + 1 && glued_boundary(b, i);
        if k == j && last != Term::FullWidth && !glued {
            i = j;
            continue;
        }
        if k >= n {
            break;
        }
        // A straight quote standing alone after the run closes the sentence before it.
        if matches!(b[k], b'"' | b'\'') && k > j && (k + 1 >= n || space_at(line, k + 1) > 0) {
            end = k + 1;
            k = skip_spaces(line, k + 1);
            if k >= n {
                break;
            }
        }
        // `… hours. (Bremer, 1998) The use …`: an author-year citation closes the sentence.
        if let Some(len) = author_year_at(b, k) {
            if k + len >= n {
                break;
            }
            if space_at(line, k + len) > 0 {
                end = k + len;
                k = skip_spaces(line, k + len);
                if k >= n {
                    break;
                }
            }
        }
        // In a line that opens with `1.` or `a.`, the next number or letter opens the next item.
        if let Some(marker) = expect.filter(|_| last == Term::Period && k > j) {
            if let Some(item) = marker.item_start(line, run_start, start) {
                emit_trimmed(line, start, item, emit);
                start = item;
                expect = Some(marker.next());
                i = k;
                continue;
            }
        }
        let context = Candidate {
            line,
            content_start,
            sentence_start: start,
            run_start,
            run,
            next_at: k,
        };
        if context.is_boundary(rules) {
            emit_trimmed(line, start, end, emit);
            start = k;
        }
        i = k.max(i + 1);
    }
    emit_trimmed(line, start, n, emit);
}

/// One place where a sentence may end.
struct Candidate<'a> {
    line: &'a str,
    content_start: usize,
    /// Where the current sentence starts: a word is never read back past it.
    sentence_start: usize,
    run_start: usize,
    run: Run,
    next_at: usize,
}

impl Candidate<'_> {
    fn is_boundary(&self, rules: &LangRules) -> bool {
        let Some(next) = NextWord::read(self.line, self.next_at) else {
            return false;
        };
        if next.first.is_lowercase()
            || next.letter.is_lowercase()
            || (next.first.is_ascii_punctuation()
                && opener_at(self.line.as_bytes(), self.next_at).is_none())
        {
            return false;
        }
        if self.run.full_width {
            return true;
        }
        if self.citation_follows() {
            return false;
        }
        if self.run.bang {
            return !(self.run.quote && self.attribution_follows(rules));
        }
        if self.run.ellipsis || self.run.periods > 1 {
            return next.upper();
        }
        self.period_ends(rules, &next)
    }

    /// Whether a short attribution with a verb of saying follows: `"Awas!" Budi berteriak.`,
    /// `"Why?" She asked.` A pronoun opens an attribution only when the verb comes right after
    /// it, and another sentence starter never does (`"Why?" And you say…`).
    fn attribution_follows(&self, rules: &LangRules) -> bool {
        let line = self.line;
        let mut i = self.next_at;
        let mut pronoun = false;
        for n in 0..ATTRIBUTION_WORDS {
            i = skip_spaces(line, i);
            let mut buf = [0u8; MAX_KEY];
            let mut len = 0usize;
            let Some(rest) = line.get(i..) else {
                return false;
            };
            for c in rest.chars() {
                if !c.is_alphabetic() {
                    break;
                }
                if len + c.len_utf8() > MAX_KEY {
                    return false;
                }
                c.encode_utf8(&mut buf[len..]);
                buf[len..len + c.len_utf8()].make_ascii_lowercase();
                len += c.len_utf8();
            }
            let word = &buf[..len];
            if len == 0 || (pronoun && n > 1) {
                return false;
            }
            if rules.is_speech(word) {
                return true;
            }
            if n == 0 {
                pronoun = rules.is_pronoun(word);
                if !pronoun && rules.is_starter(word) {
                    return false;
                }
            }
            i += len;
            if space_at(line, i) == 0 {
                return false;
            }
        }
        false
    }

    /// Whether a single period ends the sentence, by the word before it and the word after it.
    fn period_ends(&self, rules: &LangRules, next: &NextWord) -> bool {
        let b = self.line.as_bytes();
        let end = self.run_start;
        let mut start = end;
        while start > self.sentence_start
            && b[start - 1] != b' '
            && b[start - 1] != b'\t'
            && !ends_opener(b, start)
        {
            // A long word (a URL, a file name) is not an abbreviation from the tables.
            if end - start >= MAX_KEY {
                return true;
            }
            start -= 1;
        }
        let mut word = &b[start..end];
        if word.is_empty() {
            return self.spaced_ellipsis_ends(next);
        }
        let mut buf = [0u8; MAX_KEY];
        buf[..word.len()].copy_from_slice(word);
        let lower = &mut buf[..word.len()];
        lower.make_ascii_lowercase();
        let mut lower = &*lower;
        if start == self.content_start && is_list_marker(lower) {
            return false;
        }
        // `non-U.S.`, `pro-Dr.`: the part after the last hyphen is what the tables know.
        if rules.abbrev(lower).is_none() {
            if let Some(h) = word
                .iter()
                .rposition(|&c| c == b'-')
                .filter(|&h| h + 1 < word.len())
            {
                word = &word[h + 1..];
                lower = &lower[h + 1..];
            }
        }
        let starter = || next.len > 0 && rules.is_starter(next.word());
        match rules.abbrev(lower) {
            Some(AbbrevKind::Nonfinal) => false,
            Some(AbbrevKind::Numeric) if next.letter.is_numeric() => false,
            // `p. 45` is a page, `P. Singh` an initial.
            Some(AbbrevKind::Numeric) => {
                !is_dotted(word) || starter() || opener_at(b, self.next_at).is_some()
            }
            Some(AbbrevKind::Final) => {
                next.upper()
                    && !(next.len > 0 && rules.is_continuer(next.word()))
                    && !self.opens_with_short_adverbial(rules, start)
            }
            Some(AbbrevKind::Company) => next.upper() && (!next.caps || starter()),
            Some(AbbrevKind::Ambiguous) => starter(),
            // An initial is followed by a name, not by a quotation.
            None if is_dotted(word) => starter() || opener_at(b, self.next_at).is_some(),
            None => true,
        }
    }
}

impl Candidate<'_> {
    /// Whether the sentence so far is a short phrase opened by a preposition (`At 5 a.m.`,
    /// `Pada pukul 07.00 WIB`): a phrase like that introduces a sentence, it is not one.
    fn opens_with_short_adverbial(&self, rules: &LangRules, word_start: usize) -> bool {
        const MAX_WORDS: usize = 3;
        let Some(before) = self.line.get(self.sentence_start..word_start) else {
            return false;
        };
        let before = before.trim_start();
        if before.len() > 32 {
            return false;
        }
        let mut words = before.split_ascii_whitespace();
        let Some(first) = words.next() else {
            return false;
        };
        let mut buf = [0u8; MAX_KEY];
        if first.len() > MAX_KEY || words.count() + 2 > MAX_WORDS {
            return false;
        }
        let key = &mut buf[..first.len()];
        key.copy_from_slice(first.as_bytes());
        key.make_ascii_lowercase();
        rules.is_preposition(key)
    }

    /// Whether a short bracket that is itself followed by the final punctuation comes next: a
    /// citation that belongs to the sentence before it, `"…stairways." (Smith 55).`
    fn citation_follows(&self) -> bool {
        const REACH: usize = 48;
        let b = self.line.as_bytes();
        if b.get(self.next_at) != Some(&b'(') {
            return false;
        }
        let inside = &b[self.next_at + 1..(self.next_at + 1 + REACH).min(b.len())];
        match inside
            .iter()
            .position(|&c| matches!(c, b')' | b'(' | b'.' | b'!' | b'?'))
        {
            Some(close) if inside[close] == b')' => {
                matches!(inside.get(close + 1), Some(b'.' | b'!' | b'?'))
            }
            _ => false,
        }
    }

    /// A period standing alone after a space: the last dot of a spaced ellipsis (`. . .`), or a
    /// stray period (`kepada WSJ. .`). Three spaced dots mark words left out inside a sentence;
    /// four mark an omission and the end of the sentence.
    fn spaced_ellipsis_ends(&self, next: &NextWord) -> bool {
        let b = self.line.as_bytes();
        let mut dots = 1usize;
        let mut i = self.run_start;
        while dots < 8 && i >= 2 && b[i - 1] == b' ' && b[i - 2] == b'.' {
            dots += 1;
            i -= 2;
        }
        match dots {
            3 => false,
            1 | 2 => true,
            _ => next.upper(),
        }
    }
}

/// An author-year citation in brackets at byte `at`, `(Bremer, 1998)`: its length in bytes.
fn author_year_at(b: &[u8], at: usize) -> Option<usize> {
    const REACH: usize = 48;
    if b.get(at) != Some(&b'(') {
        return None;
    }
    let inside = &b[at + 1..(at + 1 + REACH).min(b.len())];
    let close = inside
        .iter()
        .position(|&c| matches!(c, b')' | b'(' | b'.' | b'!' | b'?'))?;
    (inside[close] == b')' && is_author_year(&inside[..close])).then_some(close + 2)
}

/// Whether a bracket's content reads as a citation: a name, a comma and a year (`Bremer, 1998`).
fn is_author_year(inside: &[u8]) -> bool {
    let Some(comma) = inside.iter().rposition(|&c| c == b',') else {
        return false;
    };
    let year = inside[comma + 1..].trim_ascii();
    inside.first().is_some_and(u8::is_ascii_uppercase)
        && year.len() == 4
        && year.iter().all(u8::is_ascii_digit)
}

/// A footnote mark after the final punctuation, `[12]`: its length in bytes.
fn footnote_at(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let digits = b
        .get(i + 1..)?
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (digits > 0 && digits < 4 && b.get(i + 1 + digits) == Some(&b']')).then_some(digits + 2)
}

/// Whether a period with no space after it still ends a sentence: `world.Today`, `1,000.That`,
/// but not `KOMPAS.com`, `Jane.Doe@example.com` or a path. The token around the period is
/// looked at only a few bytes either way.
fn glued_boundary(b: &[u8], period: usize) -> bool {
    const REACH: usize = 48;
    let after = period + 1;
    let before_ok = period >= 2
        && (b[period - 1].is_ascii_lowercase() || b[period - 1].is_ascii_digit())
        && b[period - 2].is_ascii_alphanumeric();
    let after_ok = b.get(after).is_some_and(u8::is_ascii_uppercase)
        && b.get(after + 1).is_some_and(u8::is_ascii_lowercase);
    if !before_ok || !after_ok {
        return false;
    }
    let lo = period.saturating_sub(REACH);
    let hi = (after + REACH).min(b.len());
    let web = |c: &u8| matches!(c, b'@' | b'/' | b'\\' | b'_' | b'=');
    let mut left = b[lo..period].iter().rev().take_while(|&&c| c != b' ');
    let mut right = b[after..hi].iter().take_while(|&&c| c != b' ');
    !left.any(|c| web(c) || *c == b'.') && !right.any(web)
}

/// A list item's number or letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Number(u32),
    Letter(u8),
}

impl Marker {
    fn parse(word: &[u8]) -> Option<Marker> {
        match word {
            [c] if c.is_ascii_alphabetic() => Some(Marker::Letter(c.to_ascii_lowercase())),
            _ if !word.is_empty() && word.len() <= 3 && word.iter().all(u8::is_ascii_digit) => word
                .iter()
                .try_fold(0u32, |n, d| {
                    n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
                })
                .map(Marker::Number),
            _ => None,
        }
    }

    fn next(self) -> Marker {
        match self {
            Marker::Number(n) => Marker::Number(n.saturating_add(1)),
            Marker::Letter(c) => Marker::Letter(c.saturating_add(1)),
        }
    }

    /// Where the item numbered `self` starts, when the period at `period` ends its marker
    /// (`… 2. The second item`, `• 10. …`): at the marker, or at the bullet before it.
    fn item_start(self, line: &str, period: usize, sentence_start: usize) -> Option<usize> {
        let b = line.as_bytes();
        let mut start = period;
        while start > sentence_start && start + 4 > period && b[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        if start <= sentence_start
            || b[start - 1] != b' '
            || Marker::parse(&b[start..period]) != Some(self)
        {
            return None;
        }
        let before = line.get(..start - 1)?.trim_end();
        Some(match before.chars().next_back() {
            Some(c) if is_bullet(c) => before.len() - c.len_utf8(),
            _ => start,
        })
    }
}

/// The marker that opens a line (`1.`, `2.)`, `a.`), if any.
fn leading_marker(b: &[u8], at: usize) -> Option<Marker> {
    let len = b
        .get(at..)?
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if b.get(at + len) != Some(&b'.') {
        return None;
    }
    Marker::parse(&b[at..at + len])
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '‣' | '⁃' | '·' | '*' | '-' | '–')
}

/// The position after a bullet and its spaces at `at`, or `at` when there is none.
fn skip_bullet(line: &str, at: usize) -> usize {
    match line.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) if is_bullet(c) && space_at(line, at + c.len_utf8()) > 0 => {
            skip_spaces(line, at + c.len_utf8())
        }
        _ => at,
    }
}

/// Line-initial list numbering: `1.`, `12.`, `a.`, `iv.`.
fn is_list_marker(lower: &[u8]) -> bool {
    let digits = !lower.is_empty() && lower.len() <= 3 && lower.iter().all(u8::is_ascii_digit);
    let letter = lower.len() == 1 && lower[0].is_ascii_alphabetic();
    let roman = matches!(
        lower,
        b"ii" | b"iii" | b"iv" | b"vi" | b"vii" | b"viii" | b"ix" | b"xi" | b"xii"
    );
    digits || letter || roman
}

/// Initials and dotted abbreviations: a capital letter (`B`), or single letters joined by periods
/// (`B.J`, `U.S`, `a.m`).
fn is_dotted(word: &[u8]) -> bool {
    let letters = word
        .split(|&c| c == b'.')
        .all(|part| part.len() == 1 && part[0].is_ascii_alphabetic());
    letters && (word.len() > 1 || word[0].is_ascii_uppercase())
}

fn emit_trimmed(line: &str, start: usize, end: usize, emit: &mut impl FnMut(Range<usize>)) {
    let Some(piece) = line.get(start..end) else {
        return;
    };
    let body = piece.trim_start();
    let lead = piece.len() - body.len();
    let body = body.trim_end();
    if !body.is_empty() {
        emit(start + lead..start + lead + body.len());
    }
}

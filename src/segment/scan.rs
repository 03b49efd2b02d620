//! The line splitter: the hot path of segmentation.
//!
//! A line is scanned for terminators (`.`, `!`, `?`, `…` and the full-width `。！？`), eight bytes
//! at a time (see [`crate::swar`]): only the bytes that may start a candidate are looked at.
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

use super::enclosed::{bracket_goes_on, bracket_holds};
use super::lexical::{
    closer_at, ends_opener, opener_at, reversed_closer_at, skip_spaces, space_at, terminator_at,
    NextWord, Term,
};
use super::marks::{
    author_year_at, bullet_at, emoticon_at, footnote_at, glued_boundary, is_dotted, is_item_bullet,
    is_list_marker, leading_marker, roman_value, skip_bullet, spaced_ellipsis_at,
};
use super::quoted::{attribution_at, opening_quote_at, quotation_holds, quotation_opens};
use super::rules::{AbbrevKind, LangRules, LowerKey, MAX_KEY};
use super::stamp::{cut_before, stamp_at_colon};
use crate::swar::{bytes_equal, bytes_in_range, first_flagged, word_at, HI};

/// The bytes that may start a candidate: a terminator, an emoticon's eyes (`:`, `;`), a closing
/// bracket (after a list marker), or the lead byte of a bullet or of a terminator that is not
/// ASCII (`…`, `。`, `！`).
static CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    let bytes = [b'.', b'!', b'?', b':', b';', b')', 0xE2, 0xE3, 0xEF];
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// What a run of terminators and closers holds.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    periods: usize,
    bang: bool,
    ellipsis: bool,
    full_width: bool,
    quote: bool,
}

/// Splits one line (or lines joined by [`super::wrap`], read as one) into sentence ranges, trimmed of surrounding whitespace,
/// passed to `emit` in order. With `whole_quotations`, a quotation of several sentences is one
/// sentence where the language's text has it so (see [`super::quoted`]).
#[inline]
pub fn split_line(
    rules: &LangRules,
    line: &str,
    whole_quotations: bool,
    emit: &mut impl FnMut(Range<usize>),
) {
    split_line_with(rules, line, whole_quotations, emit, Scan::Wordwise);
}

/// How the splitter finds the next byte that may start a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Eight bytes at a time (see [`crate::swar`]), then byte by byte for the last few.
    Wordwise,
    /// One byte at a time against [`CANDIDATE`]: the plain form, which the tests hold the
    /// word-wise one to.
    #[cfg_attr(not(test), allow(dead_code))]
    Bytewise,
}

/// The first byte at `i` or after it that may start a candidate, if any; `)` counts only when
/// `paren` (in a line numbered `1)`, where it closes the next marker), `"` only when `quote`
/// (the language reads quoted speech, see [`super::quoted`]).
#[inline]
fn next_candidate(b: &[u8], mut i: usize, paren: bool, quote: bool, scan: Scan) -> Option<usize> {
    let wanted =
        |c: u8| (CANDIDATE[usize::from(c)] && (paren || c != b')')) || (quote && c == b'"');
    if scan == Scan::Wordwise {
        while let Some(x) = word_at(b, i) {
            // Most words hold letters and spaces only: nothing from `!` to `?` (0x21 to 0x3F,
            // where `.`, `!`, `?`, `:`, `;` and `)` are) and nothing above ASCII.
            if x & HI == 0 && bytes_in_range(x, 0x21, 0x3F) == 0 {
                i += 8;
                continue;
            }
            let mut found = bytes_equal(x, b'.')
                | bytes_equal(x, b'!')
                | bytes_equal(x, b'?')
                | bytes_equal(x, b':')
                | bytes_equal(x, b';');
            if paren {
                found |= bytes_equal(x, b')');
            }
            if quote {
                found |= bytes_equal(x, b'"');
            }
            if x & HI != 0 {
                found |= bytes_equal(x, 0xE2) | bytes_equal(x, 0xE3) | bytes_equal(x, 0xEF);
            }
            if found != 0 {
                return Some(i + first_flagged(found));
            }
            i += 8;
        }
    }
    b.get(i..)?.iter().position(|&c| wanted(c)).map(|at| i + at)
}

/// [`split_line`] with the candidate scan chosen.
#[inline]
fn split_line_with(
    rules: &LangRules,
    line: &str,
    whole_quotations: bool,
    emit: &mut impl FnMut(Range<usize>),
    scan: Scan,
) {
    let b = line.as_bytes();
    let n = b.len();
    let lead = skip_spaces(line, 0);
    let content_start = skip_bullet(line, lead);
    let leading = leading_marker(b, content_start);
    let mut expect = leading.map(|(marker, _)| marker.next());
    // `1) one 2) two`: the next marker is found at its bracket, there being no period.
    let paren = leading.is_some_and(|(_, paren)| paren);
    // `• one • two`: a line that opens with a bullet is a list of the items that bullet opens.
    // A bullet opens items in a line it opens (`• one • two`, `– one – two`), and inside a line
    // where it stands more than once (`Agenda: • one • two`); a dash only in the first case.
    let bullet = bullet_at(line, lead).filter(|c| c.len_utf8() == 3 && content_start > lead);
    let mut inline = None;
    let mut looked = false;
    let quoted_speech = rules.quoted_speech();
    let whole_quotations = whole_quotations && quoted_speech;
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        // Straight to the next byte that may start a candidate: most bytes are not one.
        match next_candidate(b, i, paren, quoted_speech, scan) {
            Some(at) => i = at,
            None => break,
        }
        // `Calon selebriti "Penerimaan pajak naik," kata Menkeu.`: reported speech after a
        // headline opens a sentence. (A straight quote is a candidate only with `quoted_speech`.)
        if b[i] == b'"' {
            if quotation_opens(rules, line, start, i) {
                emit_trimmed(line, start, i, emit);
                start = i;
            }
            i += 1;
            continue;
        }
        if b[i] == b')' {
            if let Some(marker) = expect.filter(|_| paren && space_at(line, i + 1) > 0) {
                if let Some(item) = marker.item_start(line, i, start) {
                    emit_trimmed(line, start, item, emit);
                    start = item;
                    expect = Some(marker.next());
                }
            }
            i += 1;
            continue;
        }
        if let Some(mark) = (b[i] == 0xE2 && i > start)
            .then(|| bullet_at(line, i))
            .flatten()
        {
            let after = i + mark.len_utf8();
            let opens = |at: usize| {
                space_at(line, at - 1) > 0
                    && (space_at(line, at + mark.len_utf8()) > 0
                        || b.get(at + mark.len_utf8()).is_some_and(u8::is_ascii_digit))
            };
            // Inside a line, a bullet opens items when there are at least two of it: one alone
            // is a separator (`By Ana • 3 June`). The rest of the line is looked through once.
            if opens(i) && bullet.is_none() && inline.is_none() && !looked && is_item_bullet(mark) {
                looked = true;
                let again = line[after..]
                    .match_indices(mark)
                    .any(|(at, _)| opens(after + at));
                inline = again.then_some(mark);
            }
            if opens(i) && (Some(mark) == bullet || Some(mark) == inline) {
                emit_trimmed(line, start, i, emit);
                start = i;
                i = after;
                continue;
            }
        }
        if b[i] == b':' {
            // `Rina Sari 04/26/2001 07:17 AM Could you…`: an e-mail header's time stamp is a
            // sentence of its own (see `stamp`).
            if let Some((from, to)) = stamp_at_colon(b, i).filter(|&(from, _)| from >= start) {
                if from > start && cut_before(b, from) {
                    emit_trimmed(line, start, from, emit);
                    start = from;
                }
                let k = skip_spaces(line, to);
                if k > to && k < n {
                    emit_trimmed(line, start, to, emit);
                    start = k;
                }
                i = to.max(i + 1);
                continue;
            }
        }
        if matches!(b[i], b':' | b';') {
            // `… opened today :) The bread…`: an emoticon ends a sentence where a capital follows.
            if let Some(len) = emoticon_at(b, i).filter(|_| i > start) {
                let k = skip_spaces(line, i + len);
                if k > i + len
                    && k < n
                    && NextWord::read(line, k).is_some_and(|w| w.upper())
                    && !bracket_holds(b, start, k)
                {
                    emit_trimmed(line, start, i + len, emit);
                    start = k;
                    i = k;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if quoted_speech && b[i] == 0xE2 && opening_quote_at(b, i).is_some() {
            if quotation_opens(rules, line, start, i) {
                emit_trimmed(line, start, i, emit);
                start = i;
            }
            i += 3;
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
            } else if let Some(len) = reversed_closer_at(b, j)
                .filter(|&len| j > run_start && (j + len >= n || space_at(line, j + len) > 0))
            {
                // `bereit.“ Dann`, `Ja.« Ende`: glued to the run and followed by a space, the
                // mark closes the quotation it would open in English.
                run.quote = true;
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
        // `compounds. . . . The practice`: a period at the end of a word, then a spaced
        // ellipsis and a capital. The period ends the sentence; the ellipsis opens the next.
        if last == Term::Period && run.periods == 1 && j == run_start + 1 && k > j {
            let word_before = run_start > start && space_at(line, run_start - 1) == 0;
            if let Some(after) = spaced_ellipsis_at(b, k).filter(|_| word_before) {
                let next = skip_spaces(line, after);
                if next > after && NextWord::read(line, next).is_some_and(|w| w.upper()) {
                    emit_trimmed(line, start, end, emit);
                    start = k;
                    i = after;
                    continue;
                }
            }
        }
        // An emoticon after the run belongs to the sentence it ends: `…the concert. :-) See you…`.
        if let Some(len) = emoticon_at(b, k).filter(|_| k > j) {
            end = k + len;
            k = skip_spaces(line, k + len);
            if k >= n {
                break;
            }
        }
        // A straight quote, or a closing guillemet as French spaces it (`prêts. » Puis`),
        // standing alone after the run closes the sentence before it.
        let alone = match b[k] {
            b'"' | b'\'' => Some(1),
            _ => closer_at(b, k)
                .filter(|&(len, quote)| quote && len == 2)
                .map(|(len, _)| len),
        };
        if let Some(len) =
            alone.filter(|&len| k > j && (k + len >= n || space_at(line, k + len) > 0))
        {
            end = k + len;
            k = skip_spaces(line, k + len);
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
        if context.is_boundary(rules)
            && !bracket_holds(b, start, k)
            && !bracket_goes_on(b, start, j, k)
            && (!whole_quotations || run.quote || !quotation_holds(b, start, run_start, k))
        {
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
        // The common case, a lower-case word after the period, needs no closer look unless the
        // language's text opens sentences in lower case (web text: `i am. see you`).
        if self
            .line
            .as_bytes()
            .get(self.next_at)
            .is_some_and(u8::is_ascii_lowercase)
        {
            return rules.lowercase().any() && self.lowercase_start(rules);
        }
        let Some(next) = NextWord::read(self.line, self.next_at) else {
            return false;
        };
        if next.first.is_lowercase() {
            return rules.lowercase().any() && self.lowercase_start(rules);
        }
        if next.letter.is_lowercase()
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
            return !(self.run.quote && attribution_at(rules, self.line, self.next_at));
        }
        if self.run.ellipsis || self.run.periods > 1 {
            return next.upper();
        }
        self.period_ends(rules, &next)
    }

    /// Whether a sentence ends before a word in lower case (the next byte is a letter): after
    /// `?` or `!` it does, unless a quotation closes there (`"Why?" he asked`); after one period
    /// it does when the word before is a plain word of at least two letters that no table names
    /// (`etc. and`, `U.S. in`, `approx. ten` go on), or a number (see `number_before`). Which of
    /// these the language allows is its setting ([`LangRules::lowercase`]). An ellipsis
    /// (`well... maybe`) goes on.
    fn lowercase_start(&self, rules: &LangRules) -> bool {
        let run = &self.run;
        if run.full_width || run.quote || run.ellipsis || run.periods > 1 {
            return false;
        }
        if !self
            .line
            .get(self.next_at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphabetic)
        {
            return false;
        }
        let b = self.line.as_bytes();
        let end = self.run_start;
        let mut start = end;
        while start > self.sentence_start && b[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        let lowercase = rules.lowercase();
        if run.bang {
            return lowercase.after_question
                && run.periods == 0
                && !self.echo_or_name(rules, start);
        }
        if lowercase.after_number && self.number_before() {
            return true;
        }
        if !lowercase.after_word {
            return false;
        }
        if end - start >= MAX_KEY {
            return true;
        }
        // The word must be letters only from a space: `U.S.`, `e.g.`, `3.`, `(a.` go on.
        if end - start < 2 || (start > self.sentence_start && !b[start - 1].is_ascii_whitespace()) {
            return false;
        }
        let mut buf = [0u8; MAX_KEY];
        let lower = &mut buf[..end - start];
        lower.copy_from_slice(&b[start..end]);
        lower.make_ascii_lowercase();
        rules.abbrev(lower).is_none()
    }

    /// Whether the period of the candidate ends a number of two digits or more that stands after
    /// a space in the sentence (`pada 1990. lalu`): not a list marker (`2.`), a time (`08.00.`) or
    /// a number that opens the sentence.
    fn number_before(&self) -> bool {
        let b = self.line.as_bytes();
        let end = self.run_start;
        let digits = b[self.sentence_start..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let start = end - digits;
        digits >= 2 && start > self.sentence_start && b[start - 1].is_ascii_whitespace()
    }

    /// Before a lower-case word after `?` or `!`, whether the sentence goes on: the word after
    /// repeats the word before (`Really? really.`), perhaps without a question particle that the
    /// tables name (`Benarkah? benar.`), or `!` closes a capitalised name (`Yahoo! in`).
    fn echo_or_name(&self, rules: &LangRules, word_start: usize) -> bool {
        let b = self.line.as_bytes();
        let before = &b[word_start..self.run_start];
        let bang = b[self.run_start] == b'!';
        if bang && before.first().is_some_and(u8::is_ascii_uppercase) {
            return true;
        }
        let after = &b[self.next_at..];
        let len = after
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        // The answer may drop the question's particle: `Benarkah? benar.`
        let after = &after[..len];
        let echo = |part: &[u8]| !part.is_empty() && part.eq_ignore_ascii_case(after);
        echo(before)
            || (len > 0
                && before.len() > len
                && before.len() - len <= MAX_KEY
                && echo(&before[..len])
                && LowerKey::new(&before[len..]).is_some_and(|rest| rules.is_particle(&rest)))
    }

    /// Whether a single period ends the sentence, by the word before it and the word after it.
    fn period_ends(&self, rules: &LangRules, next: &NextWord) -> bool {
        let b = self.line.as_bytes();
        let end = self.run_start;
        let mut start = end;
        while start > self.sentence_start
            && !b[start - 1].is_ascii_whitespace()
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
        // Shorter than MAX_KEY: longer words returned above.
        let Some(key) = LowerKey::new(word) else {
            return true;
        };
        let mut lower = &*key;
        // `1.`, `⁃9.` opening the line, `2.` opening a sentence: list numbering.
        let bullet = bullet_at(self.line, start).map_or(0, char::len_utf8);
        let opens = start + bullet == self.content_start
            || start == self.sentence_start
            || skip_bullet(self.line, self.sentence_start) == start;
        if opens && lower.get(bullet..).is_some_and(is_list_marker) {
            return false;
        }
        // `There are two steps: 1. Open it. 2. Close it.`: a list's first marker after a colon.
        let after_colon = start > self.sentence_start
            && b[start - 1].is_ascii_whitespace()
            && b[self.sentence_start..start].trim_ascii_end().last() == Some(&b':');
        if after_colon && matches!(lower, b"1" | b"a" | b"i") {
            return false;
        }
        // `non-U.S.`, `pro-Dr.`: the part after the last hyphen is what the tables know. After
        // a number it is a suffix (`1960-an`, `90-an`), not an abbreviation.
        let mut kind = rules.abbrev(lower);
        if kind.is_none() {
            if let Some(h) = word
                .iter()
                .rposition(|&c| c == b'-')
                .filter(|&h| h + 1 < word.len() && !(h > 0 && word[h - 1].is_ascii_digit()))
            {
                word = &word[h + 1..];
                lower = &lower[h + 1..];
                kind = rules.abbrev(lower);
            }
        }
        let starter = || next.len > 0 && rules.is_starter(next.word());
        match kind {
            Some(AbbrevKind::Nonfinal) => false,
            Some(AbbrevKind::Numeric) if next.letter.is_numeric() => false,
            // `No. XI`, `Nr. IV`: a Roman numeral in capitals is a number too.
            Some(AbbrevKind::Numeric) if next.caps && roman_value(next.word()).is_some() => false,
            // `p. 45` is a page, `P. Singh` an initial.
            Some(AbbrevKind::Numeric) => {
                !is_dotted(word) || starter() || opener_at(b, self.next_at).is_some()
            }
            Some(AbbrevKind::Final) => {
                next.upper()
                    && !(next.len > 0 && rules.is_continuer(next.word()))
                    && !self.opens_with_short_adverbial(rules, start)
            }
            // `Tbk. BBNI`, `Tbk. (BCA)`: a ticker or an acronym follows the company's name;
            // `Co. Ltd.`: so does another company form.
            Some(AbbrevKind::Company) => {
                next.upper()
                    && (!next.caps || starter())
                    && opener_at(b, self.next_at).is_none()
                    && !(next.len > 0 && rules.abbrev(next.word()) == Some(AbbrevKind::Company))
            }
            Some(AbbrevKind::Ambiguous) => starter(),
            // An initial is followed by a name, not by a quotation.
            None if is_dotted(word) => {
                starter()
                    || opener_at(b, self.next_at).is_some()
                    || (word.len() == 1 && after_number(b, start))
            }
            // `am 3. Oktober`, `der 2. Weltkrieg`: a number after a determiner is an ordinal, and
            // its period ends a sentence only before a word that opens one. A year, or a number
            // after any other word (`Er ist 12. Danach …`), ends one as any word does.
            None if word.len() <= 3
                && word.iter().all(u8::is_ascii_digit)
                && self.after_determiner(rules, start) =>
            {
                starter() || opener_at(b, self.next_at).is_some()
            }
            None => true,
        }
    }
}

impl Candidate<'_> {
    /// Whether the word before the one at `word_start` is one of the language's determiners
    /// (see [`LangRules::is_determiner`]).
    fn after_determiner(&self, rules: &LangRules, word_start: usize) -> bool {
        let b = self.line.as_bytes();
        let Some(end) = word_start
            .checked_sub(1)
            .filter(|&e| e >= self.sentence_start && b[e] == b' ')
        else {
            return false;
        };
        let start = b[self.sentence_start..end]
            .iter()
            .rposition(|&c| c == b' ')
            .map_or(self.sentence_start, |p| self.sentence_start + p + 1);
        let word = &b[start..end];
        !word.is_empty() && LowerKey::new(word).is_some_and(|key| rules.is_determiner(&key))
    }

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
        if words.count() + 2 > MAX_WORDS {
            return false;
        }
        LowerKey::new(first.as_bytes()).is_some_and(|key| rules.is_preposition(&key))
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
        while dots < 8 && i >= 2 && b[i - 1].is_ascii_whitespace() && b[i - 2] == b'.' {
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

/// Whether the word before `start` is a number: `tahun 1500 M.` is an era, not an initial.
fn after_number(b: &[u8], start: usize) -> bool {
    let Some(end) = start.checked_sub(1).filter(|&e| b[e].is_ascii_whitespace()) else {
        return false;
    };
    end > 0 && b[end - 1].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn ranges(rules: &LangRules, line: &str, scan: Scan) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        split_line_with(rules, line, true, &mut |r| out.push(r), scan);
        out
    }

    fn all_rules() -> [&'static LangRules; 3] {
        [
            Lang::EN.segmentation_rules(),
            Lang::ID.segmentation_rules(),
            Lang::lenient("de").segmentation_rules(),
        ]
    }

    #[test]
    fn the_scans_agree_on_lists_and_marks() {
        for line in [
            "1) one. 2) two) 3) three",
            "a) satu! b) dua? c) tiga… d) empat。 e) lima！",
            "• one • two. • three",
            "Dr. Siti (lahir 1970) tiba. “Ya!” katanya.",
        ] {
            for rules in all_rules() {
                assert_eq!(
                    ranges(rules, line, Scan::Wordwise),
                    ranges(rules, line, Scan::Bytewise),
                    "{line}"
                );
            }
        }
    }

    proptest::proptest! {
        /// The word-wise search for candidates gives the same sentences as the plain scan.
        #[test]
        fn the_wordwise_scan_gives_the_bytewise_sentences(
            line in "(1\\) |a\\) |1\\. |• |– )?([a-zA-Z0-9]{1,6}|[ .!?)(\"'1a]|Dr\\.|dll\\.|U\\.S\\.|…|。|！|•|–|“|”|é){0,60}"
        ) {
            for rules in all_rules() {
                proptest::prop_assert_eq!(
                    ranges(rules, &line, Scan::Wordwise),
                    ranges(rules, &line, Scan::Bytewise)
                );
            }
        }

        #[test]
        fn the_wordwise_scan_gives_the_bytewise_sentences_on_any_text(
            line in proptest::prelude::any::<String>()
        ) {
            for rules in all_rules() {
                proptest::prop_assert_eq!(
                    ranges(rules, &line, Scan::Wordwise),
                    ranges(rules, &line, Scan::Bytewise)
                );
            }
        }
    }
}

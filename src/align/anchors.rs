//! Anchor evidence: what survives translation unchanged or nearly so, extracted once per sentence.
//!
//! Every sentence becomes a sorted set of [`Item`]s: a `u32` id and a weight in `(0, 1]`. Two
//! sentences (or two spans) are related by the weight of the ids they share. The kinds:
//!
//! - **numbers**, normalised across conventions: `1.500` = `1,500` = `1500`; `5,2` = `5.2`;
//!   `10.30` = `10:30` (a time); ordinals and units stripped (`19th`, `5%`, `Rp5.000`). Single
//!   digits weigh less than longer numbers: a shared `1` must not pull `Book 1` onto `Libro 1`.
//! - **dates** in any written form: `19/6/2024`, `2024-06-19`, `19.6.2024`, `(19/6)`, `19 Juni
//!   2024`, `June 19, 2024` all give their parts (day and year as numbers, the month as a month
//!   anchor). Month names and number words of many languages come from data tables
//!   (`tables/months.txt`, `tables/numbers.txt`). Full-width digits are digits, and Chinese
//!   (and Japanese) numerals from ten up are numbers: `二十三` = `23`, `一九七〇` = `1970`.
//! - **identical tokens**, case-folded: names (capitalised words not at the start of a sentence),
//!   acronyms, mixed-case and alphanumeric codes (`Shahed-136`, `COVID-19`), URLs, e-mail
//!   addresses, hashtags and mentions.
//! - **cognates**: words of five letters or more, reduced to a rough phonetic spelling (diacritics
//!   dropped, `c`/`ch`/`q` → `k`, `ph` → `f`, `y` → `i`, `-tion` → `-si`, double letters single…)
//!   and cut to their first five letters, so `technology`/`teknologi`/`Technologie` and
//!   `sanctions`/`sanksi` share an id. A cheap stand-in for an orthographic similarity.
//!
//! Punctuation and structure (questions, exclamations, quotes, parentheses, colons, list items)
//! are kept apart as a bit set per sentence ([`Flags`]).
//!
//! Everything here is language-agnostic; the only per-language knowledge is in the tables.

use std::cell::RefCell;
use std::sync::OnceLock;

use super::memo::WordMemo;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One piece of evidence in a sentence: an id shared across languages, and its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// A hash of the normalised anchor, tagged with its kind.
    pub id: u32,
    /// How much a match on this id counts, in `(0, 1]`.
    pub weight: f32,
}

/// Weight of a number of one digit (`1`, `7`): common and easily shared by chance.
const W_DIGIT: f32 = 0.35;
/// Weight of a number of two digits.
const W_TWO_DIGITS: f32 = 0.7;
/// Weight of a longer number, a time, a URL, an acronym, a code.
const W_STRONG: f32 = 1.0;
/// Weight of a name (capitalised word) and of a month.
const W_NAME: f32 = 0.8;
/// Weight of a number word (`two`, `dua`).
const W_NUMBER_WORD: f32 = 0.5;
/// Weight of a cognate (a rough five-letter spelling prefix).
const W_COGNATE: f32 = 0.45;
/// Shortest word (in letters, after reduction) taken as a cognate.
const COGNATE_MIN: usize = 5;
/// Number of letters a cognate id keeps.
const COGNATE_PREFIX: usize = 5;

const KIND_NUMBER: u32 = 1;
const KIND_TIME: u32 = 2;
const KIND_MONTH: u32 = 3;
const KIND_TOKEN: u32 = 4;
const KIND_COGNATE: u32 = 5;

/// Punctuation and structure of a sentence, one bit each.
pub type Flags = u8;
/// The sentence is a question.
pub const FLAG_QUESTION: Flags = 1;
/// The sentence is an exclamation.
pub const FLAG_EXCLAMATION: Flags = 2;
/// The sentence holds a quotation mark.
pub const FLAG_QUOTE: Flags = 4;
/// The sentence holds a parenthesis.
pub const FLAG_PAREN: Flags = 8;
/// The sentence holds a colon outside numbers.
pub const FLAG_COLON: Flags = 16;
/// The sentence starts like a list item (`-`, `•`, `*`, `1.`, `a)`).
pub const FLAG_LIST: Flags = 32;
/// The sentence does not end with a full stop, question or exclamation mark (a title, a caption,
/// a line of web furniture).
pub const FLAG_UNTERMINATED: Flags = 64;
/// The sentence ends with a colon: it introduces what follows (not a mark to compare).
pub const FLAG_COLON_END: Flags = 128;

/// The stable hash of a text, tagged with a kind in the top bits.
fn hash(kind: u32, text: &str) -> u32 {
    hash_bytes(kind, text.as_bytes())
}

fn hash_bytes(kind: u32, bytes: &[u8]) -> u32 {
    let mut h = crate::hash::StableHasher::new();
    h.write(bytes);
    (h.finish_u32() & 0x0fff_ffff) | (kind << 28)
}

/// [`hash`] of a number written in decimal, without formatting it into a `String`.
fn hash_value(kind: u32, value: u32) -> u32 {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut v = value;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    hash_bytes(kind, &buf[i..])
}

pub(crate) type WordMap<V> = crate::hash::FxHashMap<String, V>;

struct Tables {
    months: WordMap<(u32, bool)>,
    numbers: WordMap<u32>,
    /// The longest key of either table, in bytes: longer words are not looked up.
    longest: usize,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut months = WordMap::default();
        for (value, forms) in table_lines(include_str!("tables/months.txt")) {
            for form in forms {
                let capital_only = form.ends_with('*');
                months.insert(
                    form.trim_end_matches('*').to_string(),
                    (value, capital_only),
                );
            }
        }
        let mut numbers = WordMap::default();
        for (value, forms) in table_lines(include_str!("tables/numbers.txt")) {
            for form in forms {
                numbers.insert(form.to_string(), value);
            }
        }
        let longest = months
            .keys()
            .chain(numbers.keys())
            .map(String::len)
            .max()
            .unwrap_or(0);
        Tables {
            months,
            numbers,
            longest,
        }
    })
}

/// The value of a number word of the aligner's table (`tables/numbers.txt`), given in lower case.
pub fn number_word_value(lower: &str) -> Option<u32> {
    tables().numbers.get(lower).copied()
}

/// The number words that only QA reads (`tables/qa_numbers.txt`: ordinals, teens, tens), with
/// their values.
pub fn qa_number_words() -> &'static WordMap<u32> {
    static WORDS: OnceLock<WordMap<u32>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = WordMap::default();
        for (value, forms) in table_lines(include_str!("tables/qa_numbers.txt")) {
            for form in forms {
                words.insert(form.to_string(), value);
            }
        }
        words
    })
}

/// The lines of a table: a number, then words. Comments (`#`) and malformed lines are skipped.
fn table_lines(text: &str) -> impl Iterator<Item = (u32, Vec<&str>)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let value = words.next()?.parse::<u32>().ok()?;
            Some((value, words.collect()))
        })
}

/// Writes the lower case of `text` into `out` (cleared first); ASCII without a detour.
fn lower_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

fn push_id(id: u32, weight: f32, items: &mut Vec<Item>) {
    items.push(Item { id, weight });
}

/// Buffers that [`extract_into`] reuses from word to word.
#[derive(Default)]
struct Scratch {
    lower: String,
    plain: Vec<char>,
    reduced: String,
}

/// The anchors of one word (a part of a token between non-alphanumeric characters), as far as
/// they depend on the word alone; memoised per thread in [`PARTS`].
#[derive(Debug, Clone, Copy)]
struct WordAnchors {
    /// A month or number word: its item, and nothing else is taken from the word.
    table: Option<Item>,
    /// An acronym or mixed-case name (IMF, iPhone): a strong token.
    acronym: bool,
    /// Capitalised and three letters or more: a name, unless it opens the sentence.
    name: bool,
    /// The id of the word as a token.
    token: u32,
    /// The id of its cognate key, if it is long enough to have one.
    cognate: Option<u32>,
}

thread_local! {
    static PARTS: RefCell<WordMemo<WordAnchors>> = RefCell::new(WordMemo::default());
}

impl WordAnchors {
    fn of(part: &str, tables: &Tables, scratch: &mut Scratch) -> WordAnchors {
        lower_into(part, &mut scratch.lower);
        let lower = scratch.lower.as_str();
        let capital = part.chars().next().is_some_and(char::is_uppercase);
        let mut table = None;
        if lower.len() <= tables.longest {
            if let Some(&(month, capital_only)) = tables.months.get(lower) {
                if capital || !capital_only {
                    table = Some(Item {
                        id: hash_value(KIND_MONTH, month),
                        weight: W_NAME,
                    });
                }
            }
            if table.is_none() {
                if let Some(&value) = tables.numbers.get(lower) {
                    table = Some(Item {
                        id: hash_value(KIND_NUMBER, value),
                        weight: W_NUMBER_WORD,
                    });
                }
            }
        }
        let (letters, upper_count) = if part.is_ascii() {
            let upper = part.bytes().filter(u8::is_ascii_uppercase).count();
            (part.len(), upper)
        } else {
            let upper = part.chars().filter(|c| c.is_uppercase()).count();
            (part.chars().count(), upper)
        };
        cognate_key_into(lower, &mut scratch.plain, &mut scratch.reduced);
        let reduced = scratch.reduced.as_str();
        let cognate = (reduced.chars().count() >= COGNATE_MIN).then(|| {
            let end = reduced
                .char_indices()
                .nth(COGNATE_PREFIX)
                .map_or(reduced.len(), |(end, _)| end);
            hash(KIND_COGNATE, &reduced[..end])
        });
        WordAnchors {
            table,
            acronym: letters >= 2 && upper_count >= 2,
            name: capital && letters >= 3,
            token: hash(KIND_TOKEN, lower),
            cognate,
        }
    }

    /// Whether its first item is a name item, which a sentence's first word goes without.
    fn is_name(&self) -> bool {
        self.table.is_none() && !self.acronym && self.name
    }

    /// Adds its items as a word that does not open the sentence.
    fn push_into(&self, items: &mut Vec<Item>) {
        if let Some(item) = self.table {
            items.push(item);
            return;
        }
        if self.acronym {
            push_id(self.token, W_STRONG, items);
        } else if self.name {
            push_id(self.token, W_NAME, items);
        }
        if let Some(id) = self.cognate {
            push_id(id, W_COGNATE, items);
        }
    }
}

/// The anchor items of a sentence (sorted by id, one per id, the largest weight kept) and its
/// punctuation flags.
#[cfg(test)]
pub fn extract(text: &str) -> (Vec<Item>, Flags) {
    let mut items: Vec<Item> = Vec::new();
    let flags = extract_into(text, &mut items);
    items.sort_by(|a, b| a.id.cmp(&b.id).then(b.weight.total_cmp(&a.weight)));
    items.dedup_by_key(|i| i.id);
    (items, flags)
}

/// Adds the anchor items of a sentence to `out` (in no order; an id may come more than once)
/// and returns its punctuation flags.
pub fn extract_into(text: &str, out: &mut Vec<Item>) -> Flags {
    // Full-width digits (CJK text) read as the ASCII ones, so that `２０２４` meets `2024`.
    if !text.is_ascii() && text.contains(|c| ('\u{ff10}'..='\u{ff19}').contains(&c)) {
        let ascii: String = text
            .chars()
            .map(|c| match c {
                '\u{ff10}'..='\u{ff19}' => char::from(b'0' + (c as u32 - 0xff10) as u8),
                _ => c,
            })
            .collect();
        return extract_into(&ascii, out);
    }
    let mut first_word = true;
    TOKENS.with(|memo| {
        let mut memo = memo.borrow_mut();
        for raw in text.split_whitespace() {
            memo.with(0, raw, TokenAnchors::of, |token| {
                if !token.counts {
                    return;
                }
                match token.first_name {
                    Some(skip) if first_word => out.extend(
                        token
                            .items
                            .iter()
                            .enumerate()
                            .filter(|&(k, _)| k != skip as usize)
                            .map(|(_, item)| *item),
                    ),
                    _ => out.extend_from_slice(&token.items),
                }
                first_word = false;
            });
        }
    });
    flags(text)
}

/// The anchors of one whitespace-delimited token, memoised per thread in [`TOKENS`].
struct TokenAnchors {
    /// Its items where it does not open the sentence.
    items: Box<[Item]>,
    /// The item left out where it opens the sentence: a capitalised word there is no sign of a
    /// name.
    first_name: Option<u32>,
    /// Whether it is a word at all: a token of punctuation alone leaves the next word first.
    counts: bool,
}

thread_local! {
    static TOKENS: RefCell<WordMemo<TokenAnchors>> = RefCell::new(WordMemo::default());
}

impl TokenAnchors {
    fn of(raw: &str) -> TokenAnchors {
        thread_local! {
            static SCRATCH: RefCell<(Scratch, Vec<Item>)> = RefCell::default();
        }
        SCRATCH.with(|buffers| {
            let (scratch, items) = &mut *buffers.borrow_mut();
            items.clear();
            let (first_name, counts) = Self::items_into(raw, scratch, items);
            TokenAnchors {
                items: items.as_slice().into(),
                first_name,
                counts,
            }
        })
    }

    /// Adds the token's items to `items`; returns the place of the name item left out when the
    /// token opens the sentence, and whether the token is a word at all.
    fn items_into(raw: &str, scratch: &mut Scratch, items: &mut Vec<Item>) -> (Option<u32>, bool) {
        let mut first_name = None;
        // URLs, e-mail addresses, hashtags and mentions, as written.
        if is_link(raw) || (raw.len() > 3 && (raw.starts_with('#') || raw.starts_with('@'))) {
            lower_into(raw, &mut scratch.lower);
            let t = scratch
                .lower
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
            push_id(hash(KIND_TOKEN, t), W_STRONG, items);
            return (None, true);
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            return (None, false);
        }
        if !word.is_ascii() {
            han_numbers(word, &mut |value| {
                push_id(
                    hash_value(KIND_NUMBER, value),
                    han_number_weight(value),
                    items,
                )
            });
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            numbers_in(word, &mut |kind, key, weight| {
                push_id(hash(kind, key), weight, items)
            });
            if word.chars().any(char::is_alphabetic) && word.chars().count() >= 3 {
                // A code such as Shahed-136, COVID-19, G20.
                lower_into(word, &mut scratch.lower);
                push_id(hash(KIND_TOKEN, &scratch.lower), W_STRONG, items);
            }
            return (None, true);
        }
        let tables = tables();
        let mut first_part = true;
        for part in word.split(|c: char| !c.is_alphanumeric()) {
            if part.is_empty() {
                continue;
            }
            let at = items.len();
            PARTS.with(|memo| {
                memo.borrow_mut().with(
                    0,
                    part,
                    |part| WordAnchors::of(part, tables, scratch),
                    |a| {
                        a.push_into(items);
                        if first_part && a.is_name() {
                            first_name = u32::try_from(at).ok();
                        }
                    },
                )
            });
            first_part = false;
        }
        (first_name, true)
    }
}

/// Whether a token is a URL or an e-mail address (or a mention with a dot).
fn is_link(raw: &str) -> bool {
    raw.contains("://")
        || raw.starts_with("www.")
        || raw.starts_with("WWW.")
        || (raw.contains('@') && raw.contains('.'))
}

/// What a [`TypedAnchor`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A number written in digits (`1.500`, `5,2`, `19th`), or a part of a date or a range.
    Number,
    /// A time of day (`10:30`, `10.30`).
    Time,
    /// A month, as a name (`June`, `Juni`) or as the month of a date written in digits.
    Month,
    /// A number written as a word (`two`, `dua`).
    NumberWord,
    /// A URL or an e-mail address.
    Url,
    /// A capitalised word of three letters or more (a name, unless it opens the sentence).
    Name,
    /// An acronym or a mixed-case word (`IMF`, `iPhone`).
    Acronym,
}

/// One anchor of a sentence with its kind and its normalised value, as the aligner sees it: what
/// [`extract_into`] hashes, before hashing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedAnchor {
    /// Its kind.
    pub kind: AnchorKind,
    /// Its normalised value: `1500` for `1.500` and `1,500`, `5.2` for `5,2`, `10:30` for
    /// `10.30`, `6` for `June`, the lower case of a name or a URL.
    pub key: String,
    /// The whitespace-delimited token it comes from, as written.
    pub token: String,
    /// The token's place in the sentence (0 for the first token).
    pub position: usize,
    /// Whether it is the sentence's first word (a capitalised word there is no sign of a name).
    pub first_word: bool,
}

/// The anchors of one sentence with their kinds and values, in order. Cognates are left out: they
/// are spelling keys, not values.
pub fn typed_anchors(sentence: &str) -> Vec<TypedAnchor> {
    let tables = tables();
    let mut out = Vec::new();
    let mut first_word = true;
    let mut scratch = Scratch::default();
    for (position, raw) in sentence.split_whitespace().enumerate() {
        let mut push = |kind: AnchorKind, key: String, first: bool| {
            out.push(TypedAnchor {
                kind,
                key,
                token: raw.to_string(),
                position,
                first_word: first,
            })
        };
        if is_link(raw) && !raw.starts_with(['@', '#']) {
            let lower = raw.to_lowercase();
            let key = lower.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
            push(AnchorKind::Url, key.to_string(), first_word);
            first_word = false;
            continue;
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        if !word.is_ascii() {
            han_numbers(word, &mut |value| {
                push(AnchorKind::NumberWord, value.to_string(), first_word)
            });
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            numbers_in(word, &mut |kind, key, _| {
                let kind = match kind {
                    KIND_TIME => AnchorKind::Time,
                    KIND_MONTH => AnchorKind::Month,
                    _ => AnchorKind::Number,
                };
                push(kind, key.to_string(), first_word);
            });
            first_word = false;
            continue;
        }
        for (k, part) in word
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .enumerate()
        {
            let a = PARTS.with(|memo| {
                memo.borrow_mut().with(
                    0,
                    part,
                    |part| WordAnchors::of(part, tables, &mut scratch),
                    |a| *a,
                )
            });
            let first = first_word && k == 0;
            let lower = || part.to_lowercase();
            match a.table {
                Some(item) if item.id >> 28 == KIND_MONTH => {
                    push(AnchorKind::Month, month_of(&lower()), first)
                }
                Some(_) => push(AnchorKind::NumberWord, number_word_of(&lower()), first),
                None if a.acronym => push(AnchorKind::Acronym, lower(), first),
                None if a.name => push(AnchorKind::Name, lower(), first),
                None => {}
            }
        }
        first_word = false;
    }
    out
}

/// The month number of a month name in the table, as text.
fn month_of(lower: &str) -> String {
    tables()
        .months
        .get(lower)
        .map_or_else(String::new, |(m, _)| m.to_string())
}

/// The value of a number word in the table, as text.
fn number_word_of(lower: &str) -> String {
    tables()
        .numbers
        .get(lower)
        .map_or_else(String::new, u32::to_string)
}

/// The rough phonetic spelling that cognate ids are cut from (see [`cognate_key_into`]), whole.
pub fn phonetic(word: &str) -> String {
    let (mut plain, mut out) = (Vec::new(), String::new());
    cognate_key_into(&word.to_lowercase(), &mut plain, &mut out);
    out
}

/// The value of a Chinese (or Japanese) numeral digit, `两` included.
fn han_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a Chinese (or Japanese) numeral unit: ten, hundred, thousand, ten thousand, a
/// hundred million.
fn han_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// The numbers written in Chinese (or Japanese) numerals inside a word, each given to `push`:
/// `二十三` 23, `三百零五` 305, `两千` 2000, `一九七〇` 1970 (a year read digit by digit).
///
/// Only what is a number with little doubt is read, since these characters are also parts of
/// everyday words:
///
/// * numbers below ten are left out: `一` is as often *a* as *one*, and single digits make up
///   set phrases (`三心二意`, `一五一十`); on `mac-dev` (Chinese–English) reading them too lowered
///   strict F1 from 0.7354 to 0.7336;
/// * a run cannot open with a unit other than `十` (`万一` *in case*, `千万` *by all means*);
/// * `两` counts only where it opens a run (`二十两` is *twenty taels*);
/// * two digits in a row are a rough count (`七八` *seven or eight*, `十七八`): the number ends
///   before the second, and two digits alone are not read;
/// * `十分` is *very* (a run of `十` alone before `分`).
fn han_numbers(word: &str, push: &mut impl FnMut(u32)) {
    let is_numeral = |c: char| han_digit(c).is_some() || han_unit(c).is_some();
    if !word.chars().any(is_numeral) {
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let measure = c == '两' && i > 0 && is_numeral(chars[i - 1]);
        if !(han_digit(c).is_some() || c == '十') || measure {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() && is_numeral(chars[i]) && chars[i] != '两' {
            i += 1;
        }
        let run = &chars[start..i];
        if run == ['十'] && chars.get(i) == Some(&'分') {
            continue;
        }
        if let Some(value) = han_value(run).filter(|&v| v >= 10 && v <= u64::from(u32::MAX)) {
            push(value as u32);
        }
    }
}

/// The value of one run of numeral characters (see [`han_numbers`]), or `None` when it is not
/// read as a number.
fn han_value(run: &[char]) -> Option<u64> {
    if run.iter().all(|&c| han_digit(c).is_some()) {
        // Digit by digit (a year: `一九七〇`), from three digits; two are a rough count.
        return match run.len() {
            1 => han_digit(run[0]),
            2 => None,
            _ => run
                .iter()
                .try_fold(0u64, |v, &c| v.checked_mul(10)?.checked_add(han_digit(c)?)),
        };
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for &c in run {
        if let Some(d) = han_digit(c) {
            if d == 0 {
                digit = None;
                continue;
            }
            if digit.is_some() {
                // A rough count (`十七八`): the number ends before the second digit.
                break;
            }
            digit = Some(d);
        } else if let Some(unit) = han_unit(c) {
            if unit >= 10_000 {
                let part = section + digit.unwrap_or(0);
                total = total.checked_add(part.max(1).checked_mul(unit)?)?;
                section = 0;
            } else {
                section += digit.unwrap_or(1) * unit;
            }
            digit = None;
        }
    }
    total.checked_add(section + digit.unwrap_or(0))
}

/// The weight of a number read from numerals: that of the same number written in digits.
fn han_number_weight(value: u32) -> f32 {
    match value {
        0..=9 => W_DIGIT,
        10..=99 => W_TWO_DIGITS,
        _ => W_STRONG,
    }
}

/// A separator inside a run of digits: `1.500`, `19/6`, `5,2`, `10:30`, `2024-06-19`.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | '/' | ',' | ':' | '-')
}

/// The numbers, times and dates inside a token that holds digits.
fn numbers_in(word: &str, push: &mut impl FnMut(u32, &str, f32)) {
    // Maximal runs of digits joined by single separators.
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (is_separator(chars[i])
                    && i + 1 < chars.len()
                    && chars[i + 1].is_ascii_digit()
                    && i > start))
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        number_run(&run, push);
    }
}

fn number_weight(digits: &str) -> f32 {
    match digits.trim_start_matches('0').len() {
        0 | 1 => W_DIGIT,
        2 => W_TWO_DIGITS,
        _ => W_STRONG,
    }
}

fn push_number(n: &str, push: &mut impl FnMut(u32, &str, f32)) {
    let trimmed = n.trim_start_matches('0');
    let n = if trimmed.is_empty() || trimmed.starts_with('.') {
        n
    } else {
        trimmed
    };
    push(
        KIND_NUMBER,
        n,
        number_weight(n.split('.').next().unwrap_or(n)),
    );
}

/// One run of digits and separators: a date, a time or a number.
fn number_run(run: &str, push: &mut impl FnMut(u32, &str, f32)) {
    let parts: Vec<&str> = run.split(is_separator).collect();
    let seps: Vec<char> = run.chars().filter(|&c| is_separator(c)).collect();
    let value = |s: &str| s.parse::<u32>().ok();
    let all_short = parts.iter().all(|p| p.len() <= 4);
    // A date with three parts: 19/6/2024, 19.6.2024, 2024-06-19 (not 1.500.000).
    if parts.len() == 3 && all_short && seps.iter().all(|&c| c == seps[0]) && seps[0] != ',' {
        let grouping = seps[0] == '.' && parts[1].len() == 3 && parts[2].len() == 3;
        if !grouping {
            let (day, month, year) = if parts[0].len() == 4 {
                (parts[2], parts[1], parts[0])
            } else {
                (parts[0], parts[1], parts[2])
            };
            push_number(day, push);
            push_number(year, push);
            for m in [month, day] {
                if let Some(v) = value(m).filter(|v| (1..=12).contains(v)) {
                    push(KIND_MONTH, &v.to_string(), W_NAME);
                }
            }
            return;
        }
    }
    // A day and month: 19/6, or a time: 10:30, 10.30.
    if parts.len() == 2 && seps[0] == '/' && parts.iter().all(|p| p.len() <= 2) {
        push_number(parts[0], push);
        if let Some(v) = value(parts[1]).filter(|v| (1..=12).contains(v)) {
            push(KIND_MONTH, &v.to_string(), W_NAME);
        }
        push_number(parts[1], push);
        return;
    }
    if parts.len() == 2
        && (seps[0] == ':' || seps[0] == '.')
        && parts[1].len() == 2
        && value(parts[0]).is_some_and(|h| h <= 24)
        && value(parts[1]).is_some_and(|m| m < 60)
    {
        let h = parts[0].trim_start_matches('0');
        push(KIND_TIME, &format!("{h}:{}", parts[1]), W_STRONG);
        if seps[0] == ':' {
            return;
        }
    }
    if seps.iter().any(|&c| c == ':' || c == '/' || c == '-') {
        for p in parts {
            push_number(p, push);
        }
        return;
    }
    push_number(&normalize_number(run), push);
}

/// Writes a number without its grouping separators, with `.` as the decimal mark: `1.500` and
/// `1,500` both become `1500`; `5,2` and `5.2` both become `5.2`.
pub fn normalize_number(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if (c == '.' || c == ',') && i > 0 && chars[i - 1].is_ascii_digit() {
            let digits_after = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits_after == 3 {
                // A group separator: skip it.
            } else if digits_after > 0 {
                out.push('.');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A rough phonetic spelling of a lower-case word, so that cognates across languages meet:
/// diacritics dropped, `tion`/`sion` → `si`, `ph` → `f`, `th` → `t`, `ch`/`ck`/`c`/`q` → `k`,
/// `x` → `ks`, `y` → `i`, `z` → `s`, `w` → `v`, `ß` → `ss`, doubled letters single.
/// Written into `out` (cleared first), with `plain` as a scratch buffer.
fn cognate_key_into(lower: &str, plain: &mut Vec<char>, out: &mut String) {
    plain.clear();
    out.clear();
    for c in lower.chars() {
        if c.is_ascii() {
            plain.push(c);
        } else if c == 'ß' {
            plain.extend(['s', 's']);
        } else {
            let mut buf = [0u8; 4];
            let one: &str = c.encode_utf8(&mut buf);
            plain.extend(one.nfd().filter(|c| !is_combining_mark(*c)));
        }
    }
    let plain = &plain[..];
    let mut last = None;
    let mut emit = |e: char, out: &mut String| {
        if last != Some(e) {
            out.push(e);
            last = Some(e);
        }
    };
    let mut i = 0;
    while i < plain.len() {
        let c = plain[i];
        let next = plain.get(i + 1).copied();
        let four = plain.get(i..i + 4);
        if four == Some(&['t', 'i', 'o', 'n'][..]) || four == Some(&['s', 'i', 'o', 'n'][..]) {
            emit('s', out);
            emit('i', out);
            i += 4;
            continue;
        }
        let skip = match (c, next) {
            ('p', Some('h')) => {
                emit('f', out);
                2
            }
            ('t', Some('h')) => {
                emit('t', out);
                2
            }
            ('c', Some('h')) | ('c', Some('k')) | ('q', Some('u')) => {
                emit('k', out);
                2
            }
            ('c', _) | ('q', _) => {
                emit('k', out);
                1
            }
            ('x', _) => {
                emit('k', out);
                emit('s', out);
                1
            }
            ('y', _) => {
                emit('i', out);
                1
            }
            ('z', _) => {
                emit('s', out);
                1
            }
            ('w', _) => {
                emit('v', out);
                1
            }
            _ => {
                emit(c, out);
                1
            }
        };
        i += skip;
    }
}

fn flags(text: &str) -> Flags {
    let t = text.trim();
    let mut f = 0;
    let end = t.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '）', '」', '』']);
    if end.ends_with('?') || end.ends_with('？') {
        f |= FLAG_QUESTION;
    }
    if end.ends_with('!') || end.ends_with('！') {
        f |= FLAG_EXCLAMATION;
    }
    if !end.ends_with(['.', '!', '?', '。', '！', '？', '…', ';']) {
        f |= FLAG_UNTERMINATED;
    }
    if end.ends_with([':', '：']) {
        f |= FLAG_COLON_END;
    }
    // One pass over the bytes: the marks looked for are ASCII, and a colon's next character
    // is a digit or `/` only when its first byte is.
    let bytes = t.as_bytes();
    let (mut quote, mut paren, mut colon) = (false, false, t.ends_with(':'));
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quote = true,
            b'(' => paren = true,
            b':' => {
                if let Some(&next) = bytes.get(i + 1) {
                    colon |= !next.is_ascii_digit() && next != b'/';
                }
            }
            _ => {}
        }
    }
    if !t.is_ascii() {
        // The full-width forms of CJK text: quotes, corner brackets, parentheses, colons.
        quote = quote || t.contains(['“', '”', '«', '»', '„', '「', '」', '『', '』']);
        paren = paren || t.contains('（');
        colon = colon || t.contains('：');
    }
    if quote {
        f |= FLAG_QUOTE;
    }
    if paren {
        f |= FLAG_PAREN;
    }
    if colon {
        f |= FLAG_COLON;
    }
    let mut words = t.split_whitespace();
    if let Some(first) = words.next() {
        let bullet = ["-", "•", "*", "–", "—", "·"].contains(&first);
        let numbered = first.len() <= 4
            && (first.ends_with('.') || first.ends_with(')'))
            && first[..first.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
        if bullet || numbered {
            f |= FLAG_LIST;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(a: &str, b: &str) -> f32 {
        let (a, _) = extract(a);
        let (b, _) = extract(b);
        a.iter()
            .filter_map(|x| {
                b.iter()
                    .find(|y| y.id == x.id)
                    .map(|y| x.weight.min(y.weight))
            })
            .sum()
    }

    fn count(a: &str, b: &str) -> usize {
        let (a, _) = extract(a);
        let (b, _) = extract(b);
        a.iter().filter(|x| b.iter().any(|y| y.id == x.id)).count()
    }

    #[test]
    fn numbers_match_across_conventions() {
        assert_eq!(normalize_number("1.500"), "1500");
        assert_eq!(normalize_number("1,500"), "1500");
        assert_eq!(normalize_number("5,2"), "5.2");
        assert_eq!(normalize_number("1.500.000"), "1500000");
        // The number, and the cognates dollars/dolar.
        assert_eq!(count("It cost 1,500 dollars", "Harganya 1.500 dolar"), 2);
        assert_eq!(count("rose 5.2 percent", "naik 5,2 persen"), 1);
        assert_eq!(count("at 10:30", "pukul 10.30"), 1);
    }

    #[test]
    fn dates_match_in_any_written_form() {
        let en = "It happened on June 19, 2024 in Hanoi.";
        // 19, June, 2024, and Hanoi as a name and as a cognate.
        assert_eq!(count(en, "Itu terjadi pada 19 Juni 2024 di Hanoi."), 5);
        assert_eq!(count(en, "Itu terjadi pada 19/6/2024 di Hanoi."), 5);
        assert!(count("on Monday (19/6)", "pada Senin (19 Juni)") >= 2);
        assert_eq!(count("Le 19.6.2024", "Am 2024-06-19"), 3);
    }

    #[test]
    fn names_codes_and_cognates_are_shared() {
        assert!(
            count(
                "Russia fired Shahed-136 drones.",
                "Rusia menembakkan drone Shahed-136."
            ) >= 2
        );
        assert_eq!(count("new technology", "teknologi baru"), 1);
        assert_eq!(count("the sanctions", "sanksi itu"), 1);
        // Putin (a cognate at the start of the sentence); Xi is too short to be a name.
        assert_eq!(count("Putin met Xi", "Putin bertemu Xi"), 1);
        assert!(count("see https://example.org/a", "lihat https://example.org/a") >= 1);
    }

    #[test]
    fn a_single_digit_weighs_little() {
        assert!(shared("Book 1", "Libro 1") < 0.5);
        assert!(shared("In 2024 the IMF", "Pada 2024 IMF") >= 1.8);
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert_eq!(count("Prices may rise", "Harga naik Mei"), 0);
        assert_eq!(count("In May prices rose", "Pada Mei harga naik"), 1);
    }

    #[test]
    fn flags_see_questions_quotes_and_lists() {
        let (_, f) = extract("Why did it happen?");
        assert_eq!(f & FLAG_QUESTION, FLAG_QUESTION);
        let (_, f) = extract("- \"First\" item: (a)");
        assert_eq!(
            f,
            FLAG_LIST | FLAG_QUOTE | FLAG_COLON | FLAG_PAREN | FLAG_UNTERMINATED
        );
        let (_, f) = extract("At 10:30 it rained.");
        assert_eq!(f, 0);
        // The full-width marks of CJK text.
        let (_, f) = extract("他说：“走吧！”");
        assert_eq!(f, FLAG_EXCLAMATION | FLAG_QUOTE | FLAG_COLON);
        let (_, f) = extract("「为什么（真的）？」");
        assert_eq!(f, FLAG_QUESTION | FLAG_QUOTE | FLAG_PAREN);
    }

    #[test]
    fn full_width_digits_are_numbers() {
        assert!(shared("他在２０２４年来了。", "He came in 2024.") > 0.9);
    }

    fn han(word: &str) -> Vec<u32> {
        let mut out = Vec::new();
        han_numbers(word, &mut |v| out.push(v));
        out
    }

    #[test]
    fn chinese_numerals_are_read_as_numbers() {
        assert_eq!(han("二十三岁"), [23]);
        assert_eq!(han("十五队"), [15]);
        assert_eq!(han("三个人"), Vec::<u32>::new());
        assert_eq!(han("三百零五人"), [305]);
        assert_eq!(han("两千元"), [2000]);
        assert_eq!(han("一九七〇年"), [1970]);
        assert_eq!(han("十万八千里"), [108_000]);
        assert_eq!(han("一万"), [10_000]);
        assert_eq!(han("三亿"), [300_000_000]);
        assert_eq!(han("四十二和六十"), [42, 60]);
    }

    #[test]
    fn chinese_words_made_of_numerals_are_not_numbers() {
        // `a`, `together`, `in case`, `by all means`, `very`, `seven or eight`.
        for word in ["一个人", "一起", "万一", "千万", "十分高兴", "七八个"] {
            assert!(han(word).is_empty(), "{word}: {:?}", han(word));
        }
        // `twenty taels`: 两 is a unit after a number.
        assert_eq!(han("二十两"), [20]);
        // `seventeen or eighteen`: the rough count ends at its first digit.
        assert_eq!(han("十七八岁"), [17]);
    }

    #[test]
    fn chinese_numerals_meet_digits_and_number_words() {
        assert!(shared("他一九七〇年来了。", "He came in 1970.") > 0.9);
        assert!(shared("第十五队", "the 15th team") > 0.5);
        assert!(shared("二十个人", "twenty people") > 0.4);
        let typed = typed_anchors("二十三岁那年");
        assert_eq!(typed.len(), 1);
        assert_eq!(typed[0].kind, AnchorKind::NumberWord);
        assert_eq!(typed[0].key, "23");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            " ",
            "1",
            "::",
            "1/",
            "-5",
            "a1b2",
            "99999999999999999999/1/1",
            "ß",
            "1.2.3.4",
        ] {
            let _ = extract(t);
        }
    }
}

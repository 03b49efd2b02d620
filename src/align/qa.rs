//! Translation QA flags: what a reviewer should look at in a pair.
//!
//! A pair is flagged where an anchor the aligner relies on (see `anchors`) appears on one side
//! and is missing from the other, or disagrees with it: numbers (`1.500` against `1,600`), dates
//! (`19/6/2024` against "June 20"), times, month names, URLs and e-mail addresses, and names
//! ("Lavrov" missing). Each [`Flag`] names its kind, the value as written on the side that has it,
//! and the side it is missing from: `number:1.500:no-tgt`, `name:Lavrov:no-src`.
//!
//! The rules lean towards silence, since a false flag costs a reviewer time:
//!
//! - Numbers are compared by value across conventions (`1.500` = `1,500` = `1500`, `5,2` =
//!   `5.2` = `5.20`); a number followed by a scale word also counts at its full value
//!   (`1,5 juta` = `1.5 million` = `1,500,000`); a number written as a word on the other side
//!   (`two`, `dua`, `thirty`, `tiga puluh`, `twenty-five`, and ordinals: `3rd` = `ketiga`,
//!   `ke-18` = `eighteenth`) matches, and number words are never flagged themselves. A time
//!   matches the
//!   same time in either notation and either clock (`10:30`, `10.30`; `7:30 p.m.`, `9 p.m.`,
//!   `19.30`, `21.00`).
//! - A month name is flagged only next to a number (`June 19`, `19 Juni`, `June 2024`): alone,
//!   it is too often a word (`march`, `Mars`).
//! - A date written in digits is flagged once, as written, when its day, year or month is missing
//!   from the other side (in digits or as a month name); a day-month order that could go either
//!   way (`5/6`) matches both ways.
//! - A name is a capitalised word of three letters or more that does not open its sentence, does
//!   not follow a full stop or colon and does not start a quotation, in a sentence that is not
//!   written in title case. It is flagged only if no word of the other side spells it the same or
//!   nearly so (the aligner's phonetic spelling, a shared five-letter start, or an edit distance
//!   of a third of the longer spelling), and, where the pair has a bundled dictionary (English and
//!   Indonesian), only if it is not a dictionary word ("Ministry", "Monday" are translated, not
//!   kept). It is not flagged either when a capitalised word next to it is on the other side (a
//!   translated part of a longer name: `Northern California`, `Kalifornia Utara`), nor when the
//!   other side has a capitalised word of its own that this side lacks (a name translated rather
//!   than dropped: `Maldives`, `Maladewa`). Acronyms are not flagged: they are translated too
//!   often (`UN`/`PBB`, `US`/`AS`).
//! - A pair with an empty side (a 1-0 or 0-1 bead) gets no flags: there is nothing to compare.

use std::cell::{OnceCell, RefCell};
use std::fmt;

use crate::hash::{FxHashMap, FxHashSet};
use crate::lang::Lang;

use super::anchors::{
    number_word_value, phonetic, qa_number_words, typed_anchors, AnchorKind, TypedAnchor,
};
use super::lexicon::Dictionary;
use super::Which;

/// What a [`Flag`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FlagKind {
    /// A number written in digits.
    Number,
    /// A date written in digits (`19/6/2024`, `2024-06-19`, `19/6`).
    Date,
    /// A time of day.
    Time,
    /// A month name.
    Month,
    /// A URL or an e-mail address.
    Url,
    /// A name.
    Name,
}

impl FlagKind {
    /// Its name in a flag's text.
    pub fn name(self) -> &'static str {
        match self {
            FlagKind::Number => "number",
            FlagKind::Date => "date",
            FlagKind::Time => "time",
            FlagKind::Month => "month",
            FlagKind::Url => "url",
            FlagKind::Name => "name",
        }
    }
}

/// Something on one side of a pair that the other side does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// What it is.
    pub kind: FlagKind,
    /// As written on the side that has it (one word: no whitespace).
    pub value: String,
    /// The side it is missing from.
    pub missing_from: Which,
}

impl fmt::Display for Flag {
    /// `KIND:VALUE:no-src` or `KIND:VALUE:no-tgt`. The kind has no colon and neither has the
    /// side, so a reader splits at the first and the last colon (a value such as `10:30` or a URL
    /// may hold colons).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self.missing_from {
            Which::Source => "no-src",
            Which::Target => "no-tgt",
        };
        write!(f, "{}:{}:{side}", self.kind.name(), self.value)
    }
}

/// Whether a side holds a digit, or something that may be a URL or an address.
fn has_digits_or_links<S: AsRef<str>>(side: &[S]) -> bool {
    side.iter().map(AsRef::as_ref).any(|t| {
        t.bytes().any(|b| b.is_ascii_digit() || b == b'@')
            || t.contains("://")
            || t.contains("www.")
            || t.contains("WWW.")
    })
}

/// Whether every capitalised word of three letters or more on side `a`, but the first word of
/// each sentence, is written as such in side `b`: then no name of `a` can be missing from `b`.
fn capitals_kept<S: AsRef<str>>(a: &[S], b: &[S]) -> bool {
    a.iter().all(|sentence| {
        let mut first = true;
        sentence.as_ref().split_whitespace().all(|token| {
            let mut parts = token
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty());
            if first {
                // The sentence's first word is no name; a token of punctuation alone is no word.
                match parts.next() {
                    Some(_) => first = false,
                    None => return true,
                }
            }
            parts
                .filter(|w| {
                    w.chars().next().is_some_and(char::is_uppercase) && w.chars().nth(2).is_some()
                })
                .all(|w| b.iter().any(|t| t.as_ref().contains(w)))
        })
    })
}

/// Writes flags as one field: their texts separated by one space (empty if there are none).
pub fn flags_text(flags: &[Flag]) -> String {
    let texts: Vec<String> = flags.iter().map(Flag::to_string).collect();
    texts.join(" ")
}

/// Words after a number that multiply it, with their factor.
const SCALES: [(&str, f64); 14] = [
    ("thousand", 1e3),
    ("ribu", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("juta", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("miliar", 1e9),
    ("milyar", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("triliun", 1e12),
    ("m", 1e6),
    ("k", 1e3),
];

/// The QA rules of a language pair.
#[derive(Debug, Clone)]
pub struct Qa {
    dictionary: Option<Dictionary>,
    /// Words already looked up in the dictionary, by side.
    looked_up: RefCell<FxHashMap<(bool, String), bool>>,
}

impl Qa {
    /// The rules for a pair: with the bundled dictionary where there is one.
    pub fn new(src: Lang, tgt: Lang) -> Qa {
        Qa {
            dictionary: Dictionary::for_pair(src, tgt),
            looked_up: RefCell::default(),
        }
    }

    /// The flags of a pair, given the sentences of each side: source-side anchors missing from
    /// the target first, then the other way, each in text order, without repeats.
    pub fn flags<S: AsRef<str>>(&self, src: &[S], tgt: &[S]) -> Vec<Flag> {
        let has_text = |side: &[S]| side.iter().any(|s| !s.as_ref().trim().is_empty());
        if !has_text(src) || !has_text(tgt) {
            return Vec::new();
        }
        // Most pairs have nothing to flag, and it shows without reading them: no digits or links
        // on either side, and every capitalised word of each side (but the first of a sentence)
        // written in the other as well.
        if !has_digits_or_links(src)
            && !has_digits_or_links(tgt)
            && capitals_kept(src, tgt)
            && capitals_kept(tgt, src)
        {
            return Vec::new();
        }
        let src = Side::read(src);
        let tgt = Side::read(tgt);
        let mut out = Vec::new();
        self.missing(&src, &tgt, Which::Source, Which::Target, &mut out);
        self.missing(&tgt, &src, Which::Target, Which::Source, &mut out);
        out
    }

    /// Adds to `out` what `from` (on side `which`) has and `other` lacks.
    fn missing(
        &self,
        from: &Side,
        other: &Side,
        which: Which,
        lacking: Which,
        out: &mut Vec<Flag>,
    ) {
        let mut seen = FxHashSet::default();
        let mut push = |kind: FlagKind, value: &str, out: &mut Vec<Flag>| {
            if seen.insert((kind, value.to_string())) {
                out.push(Flag {
                    kind,
                    value: value.to_string(),
                    missing_from: lacking,
                });
            }
        };
        for (k, sentence) in from.sentences.iter().enumerate() {
            for token in &sentence.tokens {
                if let Some(kind) = token.unmatched(other) {
                    push(kind, &token.written, out);
                }
            }
            for name in &sentence.names {
                // Cheapest first: kept as written, a dictionary word, then spelt alike.
                let flagged = !other.texts.iter().any(|t| t.contains(name.written.as_str()))
                    && !self.is_dictionary_word(&name.written, which)
                    && !other.has_name(&name.written)
                    // A word of a longer name whose other words are on the other side is a
                    // translated part of it (`Northern California`, `Kalifornia Utara`).
                    && !neighbours(from.texts[k], name).any(|n| other.has_name(n))
                    // Each side with a capitalised word the other lacks: a name translated
                    // (`Maldives`, `Maladewa`) more likely than one dropped.
                    && !other.capitals_unmatched_in(from);
                if flagged {
                    push(FlagKind::Name, &name.written, out);
                }
            }
        }
    }

    fn is_dictionary_word(&self, word: &str, which: Which) -> bool {
        let Some(dictionary) = &self.dictionary else {
            return false;
        };
        let key = (which == Which::Source, word.to_string());
        if let Some(&known) = self.looked_up.borrow().get(&key) {
            return known;
        }
        let known = !dictionary.sentence_keys(word, which).is_empty();
        let mut looked_up = self.looked_up.borrow_mut();
        if looked_up.len() >= 1 << 16 {
            looked_up.clear();
        }
        looked_up.insert(key, known);
        known
    }
}

/// What one side of a pair holds.
struct Side<'a> {
    texts: Vec<&'a str>,
    sentences: Vec<Sentence>,
    /// Every comparable value: `n:1500`, `t:10:30`, `m:6`, `u:example.org/a`.
    values: FxHashSet<String>,
    /// The values of its number words (`dua puluh`: `n:20`), worked out only if a number needs
    /// them.
    word_values: OnceCell<FxHashSet<String>>,
    /// The phonetic spellings of its words, worked out only if a name needs them.
    sounds: OnceCell<Vec<Vec<char>>>,
}

struct Sentence {
    /// The tokens holding numbers, times, dates, months or URLs.
    tokens: Vec<Token>,
    /// The name candidates.
    names: Vec<Name>,
}

/// A word that may be a name.
struct Name {
    written: String,
    /// The place of its token in the sentence.
    position: usize,
}

/// The capitalised words next to a name in its sentence: in the tokens before and after it, and
/// in its own.
fn neighbours<'s>(sentence: &'s str, name: &'s Name) -> impl Iterator<Item = &'s str> + 's {
    sentence
        .split_whitespace()
        .skip(name.position.saturating_sub(1))
        .take(if name.position == 0 { 2 } else { 3 })
        .flat_map(capitalised)
        .filter(move |w| *w != name.written)
}

/// The capitalised words of three letters or more in a token, not all in capitals.
fn capitalised(token: &str) -> impl Iterator<Item = &str> + '_ {
    token.split(|c: char| !c.is_alphanumeric()).filter(|w| {
        w.chars().count() >= 3
            && w.chars().all(char::is_alphabetic)
            && w.chars().next().is_some_and(char::is_uppercase)
            && !w.chars().all(char::is_uppercase)
    })
}

/// A token's anchors, as compared: one flag at most per token.
struct Token {
    written: String,
    kind: FlagKind,
    /// Values that must all be on the other side (a date's day and year, a range's ends).
    all: Vec<String>,
    /// Values of which one is enough (a date's month, read either way; a time's two notations).
    any: Vec<String>,
}

impl Token {
    /// The kind of flag the token deserves on a side with `other`'s values, if any.
    fn unmatched(&self, other: &Side) -> Option<FlagKind> {
        let all = self.all.iter().all(|v| other.has_value(v));
        let any = self.any.is_empty() || self.any.iter().any(|v| other.has_value(v));
        let ok = match self.kind {
            // A time is matched by either notation of it.
            FlagKind::Time => self.all.iter().chain(&self.any).any(|v| other.has_value(v)),
            _ => all && any,
        };
        (!ok).then_some(self.kind)
    }
}

/// A number key in one canonical form: `2.50`, `2.5` and `2,5` all give `n:2.5`.
fn number_value(key: &str) -> Option<f64> {
    key.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn number_key(value: f64) -> String {
    format!("n:{value}")
}

/// A time's comparable value: hours modulo 12, since `7:30 p.m.` is `19.30`.
fn time_key(hour: u32, minutes: &str) -> String {
    format!("t:{}:{minutes}", hour % 12)
}

/// Whether a word is `a.m.`, `pm` and the like.
fn is_am_pm(word: &str) -> bool {
    let word: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    word == "am" || word == "pm"
}

/// The scale a word after a number gives it (`juta`: a million).
fn scale_of(word: &str) -> Option<f64> {
    let word = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    SCALES.iter().find(|(w, _)| *w == word).map(|&(_, f)| f)
}

/// Whether a sentence is written in title case: most of its words of three letters or more after
/// the first capitalised, and at least three such words.
fn title_case(sentence: &str) -> bool {
    let (mut words, mut capitalised) = (0, 0);
    for w in sentence.split_whitespace().skip(1) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().nth(2).is_some() && w.chars().all(char::is_alphabetic) {
            words += 1;
            capitalised += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
    }
    words >= 3 && capitalised * 5 > words * 3
}

impl<'a> Side<'a> {
    fn read<S: AsRef<str>>(sentences: &'a [S]) -> Side<'a> {
        let mut side = Side {
            texts: sentences.iter().map(AsRef::as_ref).collect(),
            sentences: Vec::new(),
            values: FxHashSet::default(),
            word_values: OnceCell::new(),
            sounds: OnceCell::new(),
        };
        for k in 0..side.texts.len() {
            let parsed = side.read_sentence(side.texts[k]);
            side.sentences.push(parsed);
        }
        side
    }

    /// Whether the side has a value, in digits or in words.
    fn has_value(&self, value: &str) -> bool {
        self.values.contains(value)
            || self
                .word_values
                .get_or_init(|| {
                    let mut values = FxHashSet::default();
                    for text in &self.texts {
                        let words: Vec<String> = text
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .map(str::to_lowercase)
                            .collect();
                        number_word_values(&words, &mut values);
                    }
                    values
                })
                .contains(value)
    }

    /// The words of the side.
    fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.texts
            .iter()
            .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
    }

    fn read_sentence(&mut self, sentence: &str) -> Sentence {
        let raw: Vec<&str> = sentence.split_whitespace().collect();
        let anchors = typed_anchors(sentence);
        let titled = title_case(sentence);
        let mut out = Sentence {
            tokens: Vec::new(),
            names: Vec::new(),
        };
        let mut k = 0;
        while k < anchors.len() {
            let position = anchors[k].position;
            let end = anchors[k..]
                .iter()
                .position(|a| a.position != position)
                .map_or(anchors.len(), |n| k + n);
            let group = &anchors[k..end];
            let next = raw.get(position + 1).copied();
            let previous = position.checked_sub(1).and_then(|p| raw.get(p).copied());
            self.read_token(group, next, previous, titled, &mut out);
            k = end;
        }
        out
    }

    /// Reads the anchors of one token into values, and into a token to check or names.
    fn read_token(
        &mut self,
        group: &[TypedAnchor],
        next: Option<&str>,
        previous: Option<&str>,
        titled: bool,
        out: &mut Sentence,
    ) {
        let written = group[0]
            .token
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
            .to_string();
        let scale = group
            .iter()
            .any(|a| matches!(a.kind, AnchorKind::Number | AnchorKind::NumberWord))
            .then(|| next.and_then(scale_of))
            .flatten();
        let has = |kind| group.iter().any(|a| a.kind == kind);
        let numeric = has(AnchorKind::Number) || has(AnchorKind::Time);
        let mut token = Token {
            written: written.clone(),
            kind: if has(AnchorKind::Time) {
                FlagKind::Time
            } else if numeric && has(AnchorKind::Month) {
                FlagKind::Date
            } else {
                FlagKind::Number
            },
            all: Vec::new(),
            any: Vec::new(),
        };
        let months: Vec<&str> = group
            .iter()
            .filter(|a| a.kind == AnchorKind::Month)
            .map(|a| a.key.as_str())
            .collect();
        for anchor in group {
            match anchor.kind {
                AnchorKind::Number => {
                    let Some(value) = number_value(&anchor.key) else {
                        continue;
                    };
                    let key = number_key(value);
                    self.values.insert(key.clone());
                    if let Some(factor) = scale {
                        // `1,5 juta`: either reading is enough.
                        let scaled = number_key(value * factor);
                        self.values.insert(scaled.clone());
                        token.any.extend([key, scaled]);
                        continue;
                    }
                    // A number that may be the month of a date (`19/6`) need not match as one.
                    if token.kind == FlagKind::Date && months.contains(&anchor.key.as_str()) {
                        token.any.push(key);
                    } else {
                        token.all.push(key);
                    }
                    // `10.30` may be a time.
                    if let Some((h, m)) = anchor.key.split_once('.') {
                        if let Some(h) = h.parse::<u32>().ok().filter(|&h| h <= 24) {
                            if m.len() == 2 {
                                self.values.insert(time_key(h, m));
                            }
                        }
                    }
                    // `9 p.m.`: a time.
                    let hour = Some(value)
                        .filter(|v| v.fract() == 0.0 && (1.0..=12.0).contains(v))
                        .filter(|_| next.is_some_and(is_am_pm));
                    if let Some(hour) = hour {
                        let time = time_key(hour as u32, "00");
                        self.values.insert(time.clone());
                        token.kind = FlagKind::Time;
                        token.any.push(time);
                    }
                }
                AnchorKind::Time => {
                    let Some((h, m)) = anchor.key.split_once(':') else {
                        continue;
                    };
                    if let Some(v) = number_value(&format!("{h}.{m}")) {
                        self.values.insert(number_key(v));
                    }
                    let key = time_key(h.parse().unwrap_or(0), m);
                    self.values.insert(key.clone());
                    token.any.push(key);
                }
                AnchorKind::Month => {
                    let key = format!("m:{}", anchor.key);
                    self.values.insert(key.clone());
                    let beside_number = [previous, next]
                        .into_iter()
                        .flatten()
                        .any(|t| t.bytes().any(|b| b.is_ascii_digit()));
                    if numeric {
                        token.any.push(key);
                    } else if beside_number {
                        out.tokens.push(Token {
                            written: anchor
                                .token
                                .trim_matches(|c: char| !c.is_alphanumeric())
                                .to_string(),
                            kind: FlagKind::Month,
                            all: vec![key],
                            any: Vec::new(),
                        });
                    }
                }
                AnchorKind::NumberWord => {
                    if let Some(value) = number_value(&anchor.key) {
                        self.values.insert(number_key(value));
                        if let Some(factor) = scale {
                            self.values.insert(number_key(value * factor));
                        }
                    }
                }
                AnchorKind::Url => {
                    let key = format!("u:{}", url_key(&anchor.key));
                    self.values.insert(key.clone());
                    out.tokens.push(Token {
                        written: anchor
                            .token
                            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
                            .to_string(),
                        kind: FlagKind::Url,
                        all: vec![key],
                        any: Vec::new(),
                    });
                }
                AnchorKind::Name => {
                    let opens = anchor.token.starts_with(|c: char| !c.is_alphanumeric());
                    let after_stop = previous.is_some_and(|p| p.ends_with(['.', ':', '!', '?']));
                    if !anchor.first_word && !opens && !after_stop && !titled {
                        let part = anchor
                            .token
                            .split(|c: char| !c.is_alphanumeric())
                            .find(|p| p.to_lowercase() == anchor.key)
                            .unwrap_or(&anchor.key);
                        out.names.push(Name {
                            written: part.to_string(),
                            position: anchor.position,
                        });
                    }
                }
                AnchorKind::Acronym => {}
            }
        }
        if numeric {
            out.tokens.push(token);
        }
    }

    /// Whether this side has a capitalised word (not opening its sentence) that `other` has no
    /// spelling of.
    fn capitals_unmatched_in(&self, other: &Side) -> bool {
        self.texts
            .iter()
            .flat_map(|t| t.split_whitespace().skip(1))
            .flat_map(capitalised)
            .any(|w| !other.has_name(w))
    }

    /// Whether a word of this side spells `name` the same or nearly so.
    fn has_name(&self, name: &str) -> bool {
        // Most names are kept as written: a plain search finds them without building anything.
        if self.texts.iter().any(|t| t.contains(name)) {
            return true;
        }
        let lower = name.to_lowercase();
        if self.words().any(|w| {
            if w.is_ascii() {
                w.eq_ignore_ascii_case(&lower)
            } else {
                w.to_lowercase() == lower
            }
        }) {
            return true;
        }
        let sound: Vec<char> = phonetic(name).chars().collect();
        let sounds = self.sounds.get_or_init(|| {
            self.words()
                .map(|w| phonetic(w).chars().collect())
                .collect()
        });
        sounds.iter().any(|other| {
            if *other == sound {
                return true;
            }
            let shared = sound.iter().zip(other).take_while(|(a, b)| a == b).count();
            if shared >= 5 || (shared >= 4 && shared == sound.len().min(other.len())) {
                return true;
            }
            sound.first() == other.first()
                && edit_distance(&sound, other) <= (sound.len().max(other.len()) + 1) / 3
        })
    }
}

/// Adds the values of the number words among `words` (lower case, in order), alone and as
/// the numbers they make together: `tiga puluh` 30, `delapan belas` 18, `dua ratus` 200,
/// `twenty-five` 25, and the ordinals, teens and tens of `tables/qa_numbers.txt`.
fn number_word_values(words: &[String], values: &mut FxHashSet<String>) {
    let value = |w: &str| {
        number_word_value(w)
            .or_else(|| qa_number_words().get(w).copied())
            .map(f64::from)
    };
    for (k, word) in words.iter().enumerate() {
        let Some(v) = value(word) else {
            continue;
        };
        values.insert(number_key(v));
        let next = words.get(k + 1).map(String::as_str);
        let combined = match next {
            Some("puluh") => {
                let units = words
                    .get(k + 2)
                    .and_then(|w| value(w))
                    .filter(|u| *u < 10.0);
                Some(v * 10.0 + units.unwrap_or(0.0))
            }
            Some("belas") => Some(v + 10.0),
            Some("ratus" | "hundred") => Some(v * 100.0),
            Some(w) if (20.0..100.0).contains(&v) && v % 10.0 == 0.0 => {
                value(w).filter(|u| (1.0..10.0).contains(u)).map(|u| v + u)
            }
            _ => None,
        };
        if let Some(c) = combined {
            values.insert(number_key(c));
        }
    }
}

/// A URL or address without its scheme, `www.` and final slash, for comparing.
fn url_key(url: &str) -> &str {
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    url.strip_prefix("www.")
        .unwrap_or(url)
        .trim_end_matches('/')
}

/// Levenshtein distance between two spellings.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(src: &str, tgt: &str) -> Vec<String> {
        Qa::new(Lang::EN, Lang::ID)
            .flags(&[src], &[tgt])
            .iter()
            .map(Flag::to_string)
            .collect()
    }

    fn none(src: &str, tgt: &str) {
        assert_eq!(flags(src, tgt), Vec::<String>::new(), "{src} / {tgt}");
    }

    #[test]
    fn numbers_agree_across_conventions() {
        none("It cost 1,500 dollars.", "Harganya 1.500 dolar.");
        none("Prices rose 5.2 percent.", "Harga naik 5,2 persen.");
        none("It was 2.50 euros.", "Harganya 2,5 euro.");
        none("It cost 1,234.56 dollars.", "Harganya 1.234,56 dolar.");
        none("He paid 1.5 million.", "Dia membayar 1.500.000.");
        none("He paid 1.5 million.", "Dia membayar 1,5 juta.");
        none("Two ships sank.", "Dua kapal tenggelam.");
        none("The 2 ships sank.", "Dua kapal tenggelam.");
        none("Rates rose 5%.", "Suku bunga naik 5 persen.");
    }

    #[test]
    fn numbers_that_disagree_or_are_missing_are_flagged() {
        assert_eq!(
            flags("It cost 1.500 dollars.", "Harganya 1,600 dolar."),
            ["number:1.500:no-tgt", "number:1,600:no-src"]
        );
        assert_eq!(
            flags("In 2023, 45 people died.", "Pada 2023 orang meninggal."),
            ["number:45:no-tgt"]
        );
        none("The 3rd regiment left.", "Resimen ketiga pergi.");
        none("In the 20th century.", "Pada abad keduapuluh.");
        none(
            "They finish on the eighteenth.",
            "Mereka selesai di lubang ke-18.",
        );
        none("Up to thirty people came.", "Sekitar 30 orang datang.");
        none(
            "About 25 people came.",
            "Sekitar dua puluh lima orang datang.",
        );
        none("About 18 holes.", "Sekitar delapan belas lubang.");
        none("About twenty-five people came.", "Sekitar 25 orang datang.");
        none("About 200 men.", "Sekitar dua ratus orang.");
        // A number word is never flagged, only used to match.
        none("Three ships sank.", "Kapal tenggelam.");
    }

    #[test]
    fn times_match_in_either_notation() {
        none("It starts at 10:30.", "Acara dimulai pukul 10.30 WIB.");
        assert_eq!(
            flags("It starts at 10:30.", "Acara dimulai pukul 11.30 WIB."),
            ["time:10:30:no-tgt", "time:11.30:no-src"]
        );
    }

    #[test]
    fn dates_are_compared_by_day_month_and_year() {
        none(
            "It happened on 19/6/2024.",
            "Itu terjadi pada 19 Juni 2024.",
        );
        none("It happened on June 19, 2024.", "Itu terjadi 2024-06-19.");
        none("It happened on 5/6/2024.", "Itu terjadi pada 5 Juni 2024.");
        none("On Monday (19/6) it rained.", "Pada Senin (19 Juni) hujan.");
        assert_eq!(
            flags("It happened on 19/6/2024.", "Itu terjadi pada June 20."),
            ["date:19/6/2024:no-tgt", "number:20:no-src"]
        );
        assert_eq!(
            flags(
                "It happened in June 2024.",
                "Itu terjadi pada bulan Juli 2024."
            ),
            ["month:June:no-tgt", "month:Juli:no-src"]
        );
        none(
            "Army ant colonies march and nest.",
            "Koloni semut berbaris.",
        );
        none("It is martian material.", "Itu materi Mars.");
        assert_eq!(
            flags("It was in June.", "Itu terjadi pada bulan Juli."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn urls_are_compared_without_scheme() {
        none("See https://example.org/a/.", "Lihat www.example.org/a");
        assert_eq!(
            flags("See https://example.org/a.", "Lihat situsnya."),
            ["url:https://example.org/a:no-tgt"]
        );
    }

    #[test]
    fn a_missing_name_is_flagged_and_a_respelt_one_is_not() {
        assert_eq!(
            flags(
                "The talks were led by Lavrov in Moscow.",
                "Perundingan dipimpin oleh menteri di Moskow."
            ),
            ["name:Lavrov:no-tgt"]
        );
        for (en, id) in [
            ("He met Zelenskyy in Kyiv.", "Dia bertemu Zelensky di Kiev."),
            ("It was said by Mohammed.", "Hal itu dikatakan Muhammad."),
            (
                "Troops left Russia's border.",
                "Pasukan meninggalkan perbatasan Rusia.",
            ),
            ("He visited Ukraine.", "Dia mengunjungi Ukraina."),
            (
                "They live in Northern California.",
                "Mereka tinggal di Kalifornia Utara.",
            ),
            ("A ban by the European Union.", "Larangan Uni Eropa."),
            ("It collapsed in Mecca.", "Itu ambruk di Makkah."),
            (
                "He spoke the language of the Maldives.",
                "Dia berbicara bahasa Maladewa.",
            ),
        ] {
            assert!(flags(en, id).is_empty(), "{en} / {id}: {:?}", flags(en, id));
        }
    }

    #[test]
    fn capitalised_words_that_are_no_names_are_not_flagged() {
        for (en, id) in [
            // Sentence starts, words after a colon, quotations, title case.
            ("Yesterday it rained.", "Kemarin hujan."),
            ("He said: Nothing happened.", "Dia berkata: tidak ada."),
            (
                "He said \"Never\" twice.",
                "Dia berkata \"tidak\" dua kali.",
            ),
            (
                "Floods Hit The Capital Again",
                "Banjir melanda ibu kota lagi",
            ),
            // Dictionary words, translated: institutions, days.
            (
                "The Ministry of Foreign Affairs spoke on Monday.",
                "Kementerian Luar Negeri berbicara pada Senin.",
            ),
            // Acronyms.
            ("The UN and the US met.", "PBB dan AS bertemu."),
        ] {
            assert!(flags(en, id).is_empty(), "{en} / {id}: {:?}", flags(en, id));
        }
    }

    #[test]
    fn an_unaligned_sentence_has_no_flags() {
        let qa = Qa::new(Lang::EN, Lang::ID);
        assert!(qa.flags(&["It cost 1,500 dollars."], &[""; 0]).is_empty());
        assert!(qa.flags(&["It cost 1,500 dollars."], &[" "]).is_empty());
    }

    #[test]
    fn every_sentence_of_a_bead_counts() {
        let qa = Qa::new(Lang::EN, Lang::ID);
        let flags = qa.flags(
            &["Lavrov spoke.", "He met Blinken."],
            &["Lavrov dan Blinken bertemu."],
        );
        assert!(flags.is_empty(), "{flags:?}");
        // Lavrov opens its sentence on the source side, so only the target side can flag it.
        let flags = qa.flags(&["Lavrov spoke."], &["Menteri bertemu Lavrov."]);
        assert!(flags.is_empty(), "{flags:?}");
        let flags = qa.flags(&["He spoke."], &["Menteri bertemu Lavrov."]);
        assert_eq!(flags_text(&flags), "name:Lavrov:no-src");
    }

    #[test]
    fn the_quick_check_lets_through_only_pairs_with_nothing_to_flag() {
        assert!(capitals_kept(
            &["Harga naik di Jakarta."],
            &["Prices rose in Jakarta."]
        ));
        assert!(capitals_kept(&["- Harga naik."], &["Prices rose."]));
        assert!(!capitals_kept(
            &["Harga naik di Bandung."],
            &["Prices rose in Jakarta."]
        ));
        assert!(!capitals_kept(&["Pro-Rusia naik."], &["Pro-Russian rose."]));
        assert!(!has_digits_or_links(&["Harga naik di Jakarta."]));
        assert!(has_digits_or_links(&["Lihat www.example.org"]));
        assert!(has_digits_or_links(&["Pada 2024."]));
    }

    #[test]
    fn edit_distance_counts_changes() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kiv", "kiev"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("muhamad", "mohamed"), 2);
    }
}

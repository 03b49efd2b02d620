//! Quoted speech as one sentence, for languages whose text treats it so (`setting
//! quoted-speech`, Indonesian).
//!
//! Indonesian news reports speech as a quotation followed by its attribution, and the whole is
//! one sentence however many sentences the speaker said:
//!
//! ```text
//! "Harga naik. Kami sudah siap," kata Budi.
//! ```
//!
//! Two rules follow from that. Inside a quotation that opens a sentence, a terminator does not
//! end the sentence when the quotation closes later in the paragraph ([`quotation_holds`]). And
//! a quotation that opens after a word with no punctuation between, and that reads as reported
//! speech (five words or more, closed by `,"` and a verb of saying, or by `."`), starts a new
//! sentence: the words before it were a headline or a sentence left without its period
//! ([`quotation_opens`]). A paragraph is split on its own, so the look-ahead never passes into
//! the next one.
//!
//! Whatever the language, a short attribution after a quotation closed by `!` or `?` keeps the
//! sentence going (`"Awas!" Budi berteriak.`): [`attribution_at`] tells one, for the splitter
//! and for the rules above.
//!
//! Quotes are straight (`"`) or curly (`“ ”`). A straight quote is read as closing when it
//! follows punctuation and as opening when it follows a space and precedes a letter. Both look
//! ahead a bounded distance, so the cost at a candidate is bounded too.

use super::lexical::{skip_spaces, space_at};
use super::rules::{LangRules, LowerKey, MAX_KEY};

/// How far past a candidate the end of the quotation is looked for, in bytes.
const QUOTE_REACH: usize = 400;

/// The fewest spaces inside a quotation read as reported speech (five words), not a title.
const SPEECH_SPACES: usize = 4;

/// How many words after a quotation may hold the verb of saying that makes them an attribution.
const ATTRIBUTION_WORDS: usize = 4;

/// A quote mark: one that can only open (`“`), only close (`”`), or either (`"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Straight,
}

impl Mark {
    /// Its length in bytes.
    fn len(self) -> usize {
        match self {
            Mark::Straight => 1,
            Mark::Open | Mark::Close => 3,
        }
    }
}

/// The quote mark at byte `i`, if there is one.
#[inline]
fn mark_at(b: &[u8], i: usize) -> Option<Mark> {
    match *b.get(i)? {
        b'"' => Some(Mark::Straight),
        0xE2 if b.get(i + 1) == Some(&0x80) => match *b.get(i + 2)? {
            0x9C => Some(Mark::Open),
            0x9D => Some(Mark::Close),
            _ => None,
        },
        _ => None,
    }
}

/// The length of the opening quote at `i` (`"` or `“`), if there is one.
#[inline]
pub(super) fn opening_quote_at(b: &[u8], i: usize) -> Option<usize> {
    mark_at(b, i)
        .filter(|&mark| mark != Mark::Close)
        .map(Mark::len)
}

/// The next quote mark in `b[from..to]`: its position and kind.
fn next_mark(b: &[u8], from: usize, to: usize) -> Option<(usize, Mark)> {
    let mut i = from;
    while i < to {
        i += memchr::memchr2(b'"', 0xE2, &b[i..to])?;
        if let Some(mark) = mark_at(b, i) {
            return Some((i, mark));
        }
        i += 1;
    }
    None
}

/// Whether the quote at `at` closes a quotation: `”`, or `"` right after a sentence's or a
/// clause's final punctuation (`,"` `."` `!"` `?"` `…"`). Which punctuation it followed is
/// returned.
fn closes_after(b: &[u8], at: usize, mark: Mark) -> Option<u8> {
    if mark == Mark::Open {
        return None;
    }
    let before = *b.get(at.checked_sub(1)?)?;
    match before {
        b',' | b'.' | b'!' | b'?' => Some(before),
        // `…` ends in 0xA6.
        0xA6 if at >= 3 && b[at - 3..at] == [0xE2, 0x80, 0xA6] => Some(b'.'),
        _ if mark == Mark::Close => Some(before),
        _ => None,
    }
}

/// Whether a terminator inside a quotation does not end the sentence: the sentence (from
/// `start`) opens with a quote that is still open at the terminator (whose run of punctuation
/// starts at `run_start` and holds no quote), and the quotation closes, after punctuation,
/// before the paragraph ends and within reach of `next`, the start of the next word.
pub(super) fn quotation_holds(b: &[u8], start: usize, run_start: usize, next: usize) -> bool {
    if opening_quote_at(b, start).is_none() || next_mark(b, start + 1, run_start).is_some() {
        return false;
    }
    let to = (next + QUOTE_REACH).min(b.len());
    let Some((at, mark)) = next_mark(b, next, to) else {
        return false;
    };
    closes_after(b, at, mark).is_some()
}

/// Whether the quote at `q`, inside the sentence that opened at `start`, opens a new sentence:
/// it follows a word with only spaces between (no comma or colon introduces it), a capital
/// follows it, it is not already inside a quotation, the word before is not a verb of saying
/// (unless the sentence has reported its speech already: `"…," kata Budi "Next…`), and the
/// quotation reads as reported speech: it holds five words or more and closes with `."` (or
/// `!"`, `?"`), or with `,"` and a verb of saying within a few words.
pub(super) fn quotation_opens(rules: &LangRules, line: &str, start: usize, q: usize) -> bool {
    let b = line.as_bytes();
    let Some(len) = opening_quote_at(b, q) else {
        return false;
    };
    if q < start + 2 || b[q - 1] != b' ' || !b.get(q + len).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let mut word_end = q - 1;
    while word_end > start && b[word_end - 1].is_ascii_whitespace() {
        word_end -= 1;
    }
    if word_end <= start || !b[word_end - 1].is_ascii_alphanumeric() {
        return false;
    }
    // Inside a quotation already (an odd number of straight quotes before, or an open `“`), this
    // quote closes it.
    let mut quotes = 0usize;
    let mut open = false;
    let mut closed = false;
    let mut i = start;
    while let Some((at, mark)) = next_mark(b, i, q) {
        match mark {
            Mark::Straight => quotes += 1,
            Mark::Open => open = true,
            Mark::Close => (open, closed) = (false, true),
        }
        i = at + 1;
    }
    if quotes % 2 == 1 || open {
        return false;
    }
    let spoke = quotes > 0 || closed;
    if !spoke && word_before_is_speech(rules, b, start, word_end) {
        return false;
    }
    let from = q + len;
    let to = (from + QUOTE_REACH).min(b.len());
    let Some((at, mark)) = next_mark(b, from, to) else {
        return false;
    };
    if b[from..at]
        .iter()
        .filter(|c| c.is_ascii_whitespace())
        .count()
        < SPEECH_SPACES
    {
        return false;
    }
    match closes_after(b, at, mark) {
        Some(b'.' | b'!' | b'?') => true,
        Some(b',') => attribution_at(rules, line, at + mark.len()),
        _ => false,
    }
}

/// Whether the word that ends at `end` (and starts after `start`) is a verb of saying.
fn word_before_is_speech(rules: &LangRules, b: &[u8], start: usize, end: usize) -> bool {
    let mut from = end;
    while from > start && b[from - 1].is_ascii_alphabetic() {
        from -= 1;
    }
    from < end && LowerKey::new(&b[from..end]).is_some_and(|word| rules.is_speech(&word))
}

/// Whether a short attribution with a verb of saying starts at `at`, after a quotation: `"Awas!" Budi berteriak.`,
/// `"Why?" She asked.` A pronoun opens an attribution only when the verb comes right after
/// it, and another sentence starter never does (`"Why?" And you say…`).
pub(super) fn attribution_at(rules: &LangRules, line: &str, at: usize) -> bool {
    let mut i = at;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn id() -> &'static LangRules {
        Lang::ID.segmentation_rules()
    }

    /// The quotation's terminator at the first `.` followed by a space: does the sentence go on?
    fn holds(text: &str) -> bool {
        let b = text.as_bytes();
        let run = text.find(". ").unwrap();
        let next = skip_spaces(text, run + 1);
        quotation_holds(b, 0, run, next)
    }

    #[test]
    fn a_quotation_holds_its_sentences_until_it_closes() {
        assert!(holds("\"Harga naik. Kami sudah siap,\" kata Budi."));
        assert!(holds("“Harga naik. Kami sudah siap,” kata Budi."));
        assert!(holds("\"Harga naik. Kami sudah siap.\" Lalu ia pergi."));
        // Closed before the terminator, never closed, or closed in another paragraph.
        assert!(!holds("\"Naik\" katanya. Kami siap."));
        assert!(!holds("\"Harga naik. Kami sudah siap"));
        // The next quote opens a title: the first quotation never closed.
        assert!(!holds("\"Harga naik. Film \"Laskar Pelangi\" tayang."));
    }

    fn opens(text: &str) -> bool {
        let q = text.rfind(" \"").or_else(|| text.rfind(" “")).unwrap() + 1;
        quotation_opens(id(), text, 0, q)
    }

    #[test]
    fn reported_speech_after_a_headline_opens_a_sentence() {
        assert!(opens(
            "Calon selebriti \"Penerimaan pajak tahun ini akan naik,\" kata Menkeu."
        ));
        assert!(opens(
            "Harga naik lagi “Kami belum tahu apa yang akan terjadi.”"
        ));
        // After the speech of the sentence before and its attribution.
        assert!(opens(
            "\"Pajak naik,\" katanya menjelaskan \"Faktor risiko itu mencakup banyak hal,\" katanya."
        ));
    }

    #[test]
    fn a_quotation_inside_a_sentence_stays() {
        // Introduced by a verb of saying, a comma or a colon.
        assert!(!opens(
            "Ia mengatakan \"Saya tidak akan membuat film itu sekarang,\" katanya."
        ));
        assert!(!opens(
            "Ia berkata, \"Saya tidak akan membuat film itu sekarang,\" katanya."
        ));
        // A title, short or not closed by punctuation.
        assert!(!opens(
            "Moto mereka adalah \"Satu Dunia, Satu Impian\" sejak lama."
        ));
        assert!(!opens("Film berjudul \"Laskar Pelangi.\" tayang."));
        // Closed by a comma with no verb of saying after it.
        assert!(!opens(
            "Alasannya seperti \"Aku tersesat di jalan bernama kehidupan,\" ataupun lainnya."
        ));
        // Lower case inside the quote.
        assert!(!opens(
            "Ia menyebutnya \"sangat bagus sekali untuk semua orang.\""
        ));
    }
}

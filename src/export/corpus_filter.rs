//! Corpus filters: the cleaning a researcher applies to bitext before training, done by the run
//! itself and counted in `report.json`.
//!
//! Each filter is off unless asked for ([`CorpusFilters`]); with none on, nothing changes. A run
//! judges each pair that would reach the bitext formats (TMX, CSV, TSV, JSONL, Moses: the pairs
//! that [`Filter`] keeps), in output order, on the thread that writes them, so the result is the
//! same whatever the number of worker threads. A pair dropped by a filter is left out of every
//! bitext format; the beads files (the aligner's own record of every bead) and the review page
//! (where a reviewer sees every bead) still hold it. A pair is counted under the first filter,
//! in this order, that drops it:
//!
//! 1. `no_letters` ([`CorpusFilters::drop_no_letters`]): a side that holds text but no letter
//!    (`12.`, `* * *`, `2019-2020`).
//! 2. `identical` ([`CorpusFilters::drop_identical`]): both sides hold text and are the same
//!    once [normalised](normalise) (an untranslated sentence, a name alone).
//! 3. `length_ratio` ([`CorpusFilters::max_length_ratio`]): the longer side has more than `R`
//!    times the characters of the shorter (Unicode characters as written, spaces included;
//!    pairs with an empty side are not judged).
//! 4. `wrong_language` ([`CorpusFilters::drop_wrong_language`]): a side in a language other
//!    than its declared one, by the language identifier, reliably and with confidence at least
//!    [`WRONG_LANGUAGE_MIN_CONFIDENCE`]: in the *other* language of the pair (an untranslated
//!    copy) from [`WRONG_LANGUAGE_MIN_CHARS`] characters on, choosing between the pair's two
//!    languages alone ([`crate::lang::identify_among`]); in any third language only from
//!    [`crate::lang::MIN_IDENTIFY_CHARS`] (200) characters on ([`crate::lang::identify_likely`]):
//!    identifying one short sentence among seventy languages is not to be trusted (Indonesian
//!    sentences come out as Javanese or Tagalog). Malay and Indonesian count as one; a side
//!    plainly in its language by its common words is never dropped; shorter sides are never
//!    judged. On the clean dev sets (6,384 gold sides, English–Indonesian) this drops 1 real
//!    pair, and finds 99.6 % of the sides of 60 characters or more put in the wrong language.
//! 5. `duplicate` and `near_duplicate` ([`CorpusFilters::dedup`]): a pair seen before in the
//!    run, the first occurrence kept: `duplicate` when both sides are byte for byte the same as
//!    an earlier pair's, `near_duplicate` when they are the same only once normalised. The run
//!    keeps a 64-bit hash (FNV-1a, the stable hash of `src/hash.rs`) of each kept pair, exact and
//!    normalised (about 40 bytes per distinct pair in memory), never the pairs; two different
//!    pairs with the same hash would drop the second (the chance that it happens at all is about
//!    one in 37 million for a million distinct pairs, one in 3,700 for a hundred million).
//!
//! # Normalisation
//!
//! [`normalise`] puts text in Unicode NFC, lowercases every letter (Unicode lowercase mapping),
//! writes each run of digits (any script) as one `0`, and turns each run of everything else
//! (whitespace, punctuation, symbols, controls) into one space, trimmed at both ends. So
//! `"Harga: Rp 5.000!"` and `"harga rp 12 000"` both normalise to `"harga rp 0 0"`: pairs that
//! differ only in case, punctuation, spacing or the values of their numbers are near
//! duplicates (`12000`, one group of digits, is `0`, not `0 0`).

use unicode_normalization::UnicodeNormalization;

use super::{AlignedDoc, Filter};
use crate::hash::{FxHashSet, StableHasher};
use crate::lang::Lang;

/// The shortest side (in characters) that the wrong-language filter judges.
pub const WRONG_LANGUAGE_MIN_CHARS: usize = 60;
/// The least confidence of the identifier for the wrong-language filter to drop a pair.
pub const WRONG_LANGUAGE_MIN_CONFIDENCE: f64 = 0.9;

/// Which corpus filters a run applies (all off by default).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
#[non_exhaustive]
pub struct CorpusFilters {
    /// Drop exact and normalised duplicate pairs, keeping the first (`--dedup`).
    pub dedup: bool,
    /// Drop pairs whose two sides are the same once normalised (`--drop-identical`).
    pub drop_identical: bool,
    /// Drop pairs with a side that holds no letter (`--drop-no-letters`).
    pub drop_no_letters: bool,
    /// Drop pairs whose longer side has more than this many times the characters of the
    /// shorter (`--max-length-ratio`).
    pub max_length_ratio: Option<f64>,
    /// Drop pairs with a side identified as another language (`--drop-wrong-language`).
    pub drop_wrong_language: bool,
}

impl CorpusFilters {
    /// The `--clean` preset: duplicates, identical sides and sides without letters dropped
    /// (the filters that never drop a real translation of a sentence with words).
    pub fn clean() -> CorpusFilters {
        CorpusFilters {
            dedup: true,
            drop_identical: true,
            drop_no_letters: true,
            ..CorpusFilters::default()
        }
    }

    /// Whether any filter is on.
    pub fn any(&self) -> bool {
        *self != CorpusFilters::default()
    }

    /// The same filters with deduplication on or off.
    pub fn with_dedup(mut self, on: bool) -> CorpusFilters {
        self.dedup = on;
        self
    }

    /// The same filters with the identical-sides filter on or off.
    pub fn with_drop_identical(mut self, on: bool) -> CorpusFilters {
        self.drop_identical = on;
        self
    }

    /// The same filters with the no-letters filter on or off.
    pub fn with_drop_no_letters(mut self, on: bool) -> CorpusFilters {
        self.drop_no_letters = on;
        self
    }

    /// The same filters with a length-ratio bound (`None`: none).
    pub fn with_max_length_ratio(mut self, ratio: Option<f64>) -> CorpusFilters {
        self.max_length_ratio = ratio;
        self
    }

    /// The same filters with the wrong-language filter on or off.
    pub fn with_drop_wrong_language(mut self, on: bool) -> CorpusFilters {
        self.drop_wrong_language = on;
        self
    }

    /// The report's names of the counts of the filters that are on, in the order they apply.
    pub fn counted(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let on = [
            (self.drop_no_letters, Dropped::NoLetters),
            (self.drop_identical, Dropped::Identical),
            (self.max_length_ratio.is_some(), Dropped::LengthRatio),
            (self.drop_wrong_language, Dropped::WrongLanguage),
            (self.dedup, Dropped::Duplicate),
            (self.dedup, Dropped::NearDuplicate),
        ];
        for (enabled, why) in on {
            if enabled {
                out.push(why.name());
            }
        }
        out
    }
}

/// Why a corpus filter dropped a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Dropped {
    /// A side holds text but no letter.
    NoLetters,
    /// Both sides are the same once normalised.
    Identical,
    /// The sides' lengths are too far apart.
    LengthRatio,
    /// A side is in another language.
    WrongLanguage,
    /// The same pair, byte for byte, came earlier in the run.
    Duplicate,
    /// The same pair, once normalised, came earlier in the run.
    NearDuplicate,
}

impl Dropped {
    /// The name of its count in `report.json`.
    pub fn name(self) -> &'static str {
        match self {
            Dropped::NoLetters => "no_letters",
            Dropped::Identical => "identical",
            Dropped::LengthRatio => "length_ratio",
            Dropped::WrongLanguage => "wrong_language",
            Dropped::Duplicate => "duplicate",
            Dropped::NearDuplicate => "near_duplicate",
        }
    }
}

/// Text normalised for comparison (see the module docs): NFC, lowercase, each run of digits one
/// `0`, each run of other non-letters one space, trimmed.
///
/// ```
/// use selaras::export::corpus_filter::normalise;
/// assert_eq!(normalise("  The PRICE: 12,500 Rp!! "), "the price 0 0 rp");
/// assert_eq!(normalise("Cafe\u{301}"), normalise("CAFÉ"));
/// ```
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // What the last character written was: 0 nothing yet or a space, 1 a letter, 2 a digit.
    let mut last = 0u8;
    let mut pending_space = false;
    for c in text.nfc() {
        let kind = if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            1
        } else if c.is_numeric() {
            2
        } else {
            if !out.is_empty() {
                pending_space = true;
            }
            last = 0;
            continue;
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if kind == 2 {
            if last != 2 {
                out.push('0');
            }
        } else {
            out.extend(c.to_lowercase());
        }
        last = kind;
    }
    out
}

/// The stable hash of a pair of texts (a byte that UTF-8 never holds between them).
fn pair_hash(src: &str, tgt: &str) -> u64 {
    let mut hash = StableHasher::new();
    hash.write(src.as_bytes());
    hash.write_u8(0xFF);
    hash.write(tgt.as_bytes());
    hash.finish()
}

/// The key that `--dedup` deduplicates a pair on: the stable 64-bit hash of its two sides
/// [normalised](normalise). Two pairs are duplicates, exact or near, exactly when their keys
/// are equal (but for hash collisions); `selaras dedup-keys` prints it, for deduplication
/// outside a run (across the partitions of a Spark job).
pub fn dedup_key(src: &str, tgt: &str) -> u64 {
    pair_hash(&normalise(src), &normalise(tgt))
}

/// Whether a non-empty text holds no letter.
fn has_no_letter(text: &str) -> bool {
    !text.trim().is_empty() && !text.chars().any(char::is_alphabetic)
}

/// Whether `text`, a side declared to be in `lang` of a pair with `other`, is confidently in
/// another language (see the module docs): the other language of the pair from
/// [`WRONG_LANGUAGE_MIN_CHARS`] characters, any other language from
/// [`crate::lang::MIN_IDENTIFY_CHARS`]; never when the side is plainly in `lang` by its common
/// words.
pub fn in_other_language(text: &str, lang: Lang, other: Lang) -> bool {
    let chars = text.chars().count();
    if !lang.is_identifiable() || chars < WRONG_LANGUAGE_MIN_CHARS {
        return false;
    }
    let confident = |found: Option<crate::lang::Identified>| {
        found.is_some_and(|found| {
            found.confidence >= WRONG_LANGUAGE_MIN_CONFIDENCE
                && !lang.matches_identified(found.lang)
        })
    };
    let wrong = confident(crate::lang::identify_among(
        text,
        &[lang, other],
        WRONG_LANGUAGE_MIN_CHARS,
    )) || (chars >= crate::lang::MIN_IDENTIFY_CHARS
        && confident(crate::lang::identify_likely(text, &[lang, other])));
    wrong && !lang.plainly_written_in(text)
}

/// The state of the corpus filters over a run: judges pairs in output order and remembers the
/// pairs kept (for deduplication).
#[derive(Debug)]
pub struct CorpusFilter {
    filters: CorpusFilters,
    src_lang: Lang,
    tgt_lang: Lang,
    exact: FxHashSet<u64>,
    normalised: FxHashSet<u64>,
}

impl CorpusFilter {
    /// The filters of a run of `src_lang` into `tgt_lang`, with nothing seen yet.
    pub fn new(filters: CorpusFilters, src_lang: Lang, tgt_lang: Lang) -> CorpusFilter {
        CorpusFilter {
            filters,
            src_lang,
            tgt_lang,
            exact: FxHashSet::default(),
            normalised: FxHashSet::default(),
        }
    }

    /// The filters applied.
    pub fn filters(&self) -> &CorpusFilters {
        &self.filters
    }

    /// Judges the next pair of the run: why it is dropped, or `None` to keep it (which, with
    /// `--dedup`, makes its later repeats duplicates).
    pub fn judge(&mut self, src: &str, tgt: &str) -> Option<Dropped> {
        let f = self.filters;
        if f.drop_no_letters && (has_no_letter(src) || has_no_letter(tgt)) {
            return Some(Dropped::NoLetters);
        }
        let normal = (f.drop_identical || f.dedup).then(|| (normalise(src), normalise(tgt)));
        if f.drop_identical {
            if let Some((s, t)) = &normal {
                if s == t && !src.trim().is_empty() && !tgt.trim().is_empty() {
                    return Some(Dropped::Identical);
                }
            }
        }
        if let Some(max) = f.max_length_ratio {
            let (a, b) = (src.chars().count(), tgt.chars().count());
            if a > 0 && b > 0 && a.max(b) as f64 > max * a.min(b) as f64 {
                return Some(Dropped::LengthRatio);
            }
        }
        if f.drop_wrong_language
            && (in_other_language(src, self.src_lang, self.tgt_lang)
                || in_other_language(tgt, self.tgt_lang, self.src_lang))
        {
            return Some(Dropped::WrongLanguage);
        }
        if let (true, Some((s, t))) = (f.dedup, &normal) {
            if !self.exact.insert(pair_hash(src, tgt)) {
                return Some(Dropped::Duplicate);
            }
            // The normalised hash is `dedup_key`, computed from the texts normalised above.
            if !self.normalised.insert(pair_hash(s, t)) {
                return Some(Dropped::NearDuplicate);
            }
        }
        None
    }

    /// Judges the pairs of a document that `filter` lets into the bitext, in order: one entry
    /// per bead of `doc` (`None` for the beads kept, and for the beads `filter` leaves out
    /// anyway).
    pub fn judge_doc(&mut self, doc: &AlignedDoc, filter: &Filter) -> Vec<Option<Dropped>> {
        doc.beads
            .iter()
            .map(|bead| {
                if !filter.keeps(bead) {
                    return None;
                }
                self.judge(&doc.src_text(bead), &doc.tgt_text(bead))
            })
            .collect()
    }
}

/// `doc` without the beads that `dropped` (from [`CorpusFilter::judge_doc`]) marks, for the
/// bitext writers; `None` when nothing is dropped.
pub fn without_dropped(doc: &AlignedDoc, dropped: &[Option<Dropped>]) -> Option<AlignedDoc> {
    if dropped.iter().all(Option::is_none) {
        return None;
    }
    let beads = doc
        .beads
        .iter()
        .zip(dropped)
        .filter(|(_, d)| d.is_none())
        .map(|(b, _)| b.clone())
        .collect();
    Some(AlignedDoc {
        name: doc.name.clone(),
        src: doc.src.clone(),
        tgt: doc.tgt.clone(),
        beads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    fn filter(filters: CorpusFilters) -> CorpusFilter {
        CorpusFilter::new(filters, Lang::EN, Lang::ID)
    }

    #[test]
    fn normalisation_is_as_documented() {
        assert_eq!(normalise("  The PRICE: 12,500 Rp!! "), "the price 0 0 rp");
        assert_eq!(normalise("Harga: Rp 5.000!"), "harga rp 0 0");
        assert_eq!(normalise("Cafe\u{301}"), "café");
        assert_eq!(normalise("ÉTÉ"), "été");
        assert_eq!(normalise("a\t\n b"), "a b");
        assert_eq!(normalise("٣ apples"), "0 apples");
        assert_eq!(normalise("..."), "");
        assert_eq!(normalise("x1y"), "x0y");
    }

    #[test]
    fn dedup_keeps_the_first_and_tells_exact_from_normalised() {
        let mut f = filter(CorpusFilters::default().with_dedup(true));
        assert_eq!(f.judge("Hello, world.", "Halo, dunia."), None);
        assert_eq!(
            f.judge("Hello, world.", "Halo, dunia."),
            Some(Dropped::Duplicate)
        );
        assert_eq!(
            f.judge("hello world!", "HALO DUNIA"),
            Some(Dropped::NearDuplicate)
        );
        // The same source with another translation is another pair.
        assert_eq!(f.judge("Hello, world.", "Selamat pagi, dunia."), None);
        // Sides swapped are another pair too.
        assert_eq!(f.judge("Halo, dunia.", "Hello, world."), None);
    }

    #[test]
    fn identical_no_letters_and_ratio() {
        let mut f = filter(
            CorpusFilters::default()
                .with_drop_identical(true)
                .with_drop_no_letters(true)
                .with_max_length_ratio(Some(2.0)),
        );
        assert_eq!(f.judge("12.", "12."), Some(Dropped::NoLetters));
        assert_eq!(f.judge("Table 3", "Tabel 3"), None);
        assert_eq!(
            f.judge("Joko Widodo", "joko widodo."),
            Some(Dropped::Identical)
        );
        assert_eq!(
            f.judge("Yes.", "Ya, tentu saja, itu benar sekali."),
            Some(Dropped::LengthRatio)
        );
        assert_eq!(f.judge("Rain fell.", "Hujan turun."), None);
        // A 1-0 pair is not judged by letters of its empty side, nor by the ratio, nor as
        // identical.
        assert_eq!(f.judge("A sentence alone.", ""), None);
        let mut identical = filter(CorpusFilters::default().with_drop_identical(true));
        assert_eq!(identical.judge("* * *", ""), None);
        assert_eq!(identical.judge("* * *", "***"), Some(Dropped::Identical));
        // Off: nothing is dropped.
        let mut off = filter(CorpusFilters::default());
        assert_eq!(off.judge("12.", "12."), None);
        assert!(!CorpusFilters::default().any());
        assert!(CorpusFilters::clean().any());
    }

    #[test]
    fn wrong_language_needs_long_confident_text() {
        let mut f = filter(CorpusFilters::default().with_drop_wrong_language(true));
        let en = "The government will raise fuel prices from next week, the finance minister \
                  told reporters in Jakarta on Monday.";
        let id = "Pemerintah akan menaikkan harga bahan bakar mulai pekan depan, kata menteri \
                  keuangan kepada wartawan di Jakarta pada Senin.";
        let de = "Die Regierung wird die Treibstoffpreise ab nächster Woche erhöhen, sagte der \
                  Finanzminister am Montag vor Journalisten in Jakarta.";
        assert_eq!(f.judge(en, id), None);
        assert_eq!(f.judge(en, de), Some(Dropped::WrongLanguage));
        // An untranslated copy: the target side is English.
        assert_eq!(f.judge(en, en), Some(Dropped::WrongLanguage));
        // Too short to judge.
        assert_eq!(f.judge("Guten Tag.", "Selamat siang."), None);
    }

    #[test]
    fn a_document_is_judged_bead_by_bead_and_dropped_beads_leave_the_bitext_only() {
        let doc = AlignedDoc {
            name: "d".into(),
            src: vec!["One.".into(), "One.".into(), "2.".into()],
            tgt: vec!["Satu.".into(), "Satu.".into(), "2.".into()],
            beads: (0..3)
                .map(|i| Bead {
                    src: i..i + 1,
                    tgt: i..i + 1,
                    score: 0.9,
                    boilerplate: false,
                })
                .collect(),
        };
        let mut f = filter(CorpusFilters::clean());
        let dropped = f.judge_doc(&doc, &Filter::default());
        assert_eq!(
            dropped,
            [None, Some(Dropped::Duplicate), Some(Dropped::NoLetters)]
        );
        let kept = without_dropped(&doc, &dropped).unwrap();
        assert_eq!(kept.beads.len(), 1);
        assert_eq!(kept.src, doc.src);
        assert!(without_dropped(&doc, &[None, None, None]).is_none());
    }

    #[test]
    fn dedup_keys_are_equal_exactly_for_near_duplicates() {
        let key = dedup_key("Hello, world.", "Halo, dunia.");
        assert_eq!(key, dedup_key("HELLO  world!", "halo dunia"));
        assert_ne!(key, dedup_key("Halo, dunia.", "Hello, world."));
        assert_ne!(key, dedup_key("Hello, world.", "Halo dunia lagi."));
    }
}

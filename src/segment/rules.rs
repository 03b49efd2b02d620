//! The per-language rule tables, loaded from data files at compile time.
//!
//! A table (`rules/en.txt`, `rules/id.txt`, `rules/de.txt`, `rules/generic.txt`) holds one rule a line, `KIND WORD`,
//! words matched case-insensitively and without their final period:
//!
//! ```text
//! nonfinal  dr       # never ends a sentence: titles, e.g., i.e., s.d.
//! numeric   no       # does not end a sentence before a number (No. 5); otherwise a plain word
//! final     dll      # ends a sentence when a capitalised word follows
//! company   tbk      # like `final`, but not before a word in capitals (a ticker: Tbk. BBNI)
//! ambiguous u.s      # ends a sentence only when a sentence starter follows (U.S. The …)
//! starter   the      # a word that typically opens a sentence
//! continuer monday   # a word that does not open one after a `final` abbreviation (9 a.m. Monday)
//! speech    said     # a verb of saying: `"Go!" Budi shouted.` is one sentence
//! preposition at     # `At 5 a.m.` opens a sentence: a final abbreviation does not end it there
//! pronoun   she      # opens an attribution only with the verb right after it (`"Go!" She said.`)
//! particle  kah      # a question particle: `Benarkah? benar.` answers with the word, one sentence
//! setting   lowercase-starts  # sentences may open in lower case (web text: `see you. bye`)
//! setting   lowercase-after-question  # only after `?` and `!` (`Sudah? belum.`)
//! setting   lowercase-after-number    # and after a number's period (`pada 1990. lalu`)
//! setting   quoted-speech  # a quotation and its attribution are one sentence (`"A. B," kata C.`)
//! determiner am     # a number of 1-3 digits after it is an ordinal when it has a period
//!                    # (`am 3. Oktober`): the period ends a sentence only before a starter
//! ```
//!
//! The generic table applies to every language; a language's own table adds to it (a later rule
//! for the same word wins). Initials and dotted abbreviations that no table names (`B.J.`,
//! `U.N.`) are treated as `ambiguous`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::lang::Tables;

/// The longest word (in bytes) that the tables are consulted for; longer words are plain words.
pub const MAX_KEY: usize = 24;

/// A word lower-cased (ASCII letters) on the stack, the form the tables' lookups take.
pub(super) struct LowerKey {
    buf: [u8; MAX_KEY],
    len: usize,
}

impl LowerKey {
    /// The key of `word`, or `None` when it is longer than any key of the tables.
    #[inline]
    pub(super) fn new(word: &[u8]) -> Option<LowerKey> {
        if word.len() > MAX_KEY {
            return None;
        }
        let mut buf = [0u8; MAX_KEY];
        buf[..word.len()].copy_from_slice(word);
        buf[..word.len()].make_ascii_lowercase();
        Some(LowerKey {
            buf,
            len: word.len(),
        })
    }
}

impl std::ops::Deref for LowerKey {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// How an abbreviation's final period behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never ends a sentence.
    Nonfinal,
    /// Does not end a sentence before a number; otherwise a plain word.
    Numeric,
    /// Ends a sentence when a capitalised word follows.
    Final,
    /// Ends a sentence when a capitalised word follows that is not written in capitals.
    Company,
    /// Ends a sentence only when the next word is a sentence starter.
    Ambiguous,
}

/// The tables' keys are a few bytes of table words, looked up at every candidate period.
type ShortKeys = crate::hash::FxBuildHasher;

/// One language's segmentation rules.
#[derive(Debug, Default)]
pub struct LangRules {
    abbrevs: HashMap<Box<[u8]>, AbbrevKind, ShortKeys>,
    starters: HashSet<Box<[u8]>, ShortKeys>,
    continuers: HashSet<Box<[u8]>, ShortKeys>,
    speech: HashSet<Box<[u8]>, ShortKeys>,
    pronouns: HashSet<Box<[u8]>, ShortKeys>,
    prepositions: HashSet<Box<[u8]>, ShortKeys>,
    particles: HashSet<Box<[u8]>, ShortKeys>,
    lowercase: LowercaseStarts,
    quoted_speech: bool,
    determiners: HashSet<Box<[u8]>, ShortKeys>,
}

/// Where a sentence may open with a lower-case word (see [`LangRules::lowercase`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct LowercaseStarts {
    /// After `?` and `!`.
    pub after_question: bool,
    /// After a period that ends a plain word.
    pub after_word: bool,
    /// After a period that ends a number.
    pub after_number: bool,
}

impl LowercaseStarts {
    /// Whether a lower-case word may open a sentence anywhere.
    pub fn any(self) -> bool {
        self.after_question || self.after_word || self.after_number
    }
}

const GENERIC: &str = include_str!("rules/generic.txt");
const EN: &str = include_str!("rules/en.txt");
const ID: &str = include_str!("rules/id.txt");
const DE: &str = include_str!("rules/de.txt");

impl LangRules {
    /// The rules of a set of tables (see [`crate::lang::Lang::segmentation_rules`]).
    pub(crate) fn for_tables(tables: Tables) -> &'static LangRules {
        static EN_RULES: OnceLock<LangRules> = OnceLock::new();
        static ID_RULES: OnceLock<LangRules> = OnceLock::new();
        static DE_RULES: OnceLock<LangRules> = OnceLock::new();
        static GENERIC_RULES: OnceLock<LangRules> = OnceLock::new();
        let (cell, own) = match tables {
            Tables::English => (&EN_RULES, EN),
            Tables::Indonesian => (&ID_RULES, ID),
            Tables::German => (&DE_RULES, DE),
            Tables::Generic => (&GENERIC_RULES, ""),
        };
        cell.get_or_init(|| {
            let mut rules = LangRules::default();
            rules.load(GENERIC);
            rules.load(own);
            rules
        })
    }

    fn load(&mut self, table: &str) {
        for line in table.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((kind, word)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let word = word.trim().trim_end_matches('.').to_lowercase();
            if word.is_empty() || word.len() > MAX_KEY {
                continue;
            }
            let key: Box<[u8]> = word.into_bytes().into_boxed_slice();
            let kind = match kind {
                "nonfinal" => AbbrevKind::Nonfinal,
                "numeric" => AbbrevKind::Numeric,
                "final" => AbbrevKind::Final,
                "company" => AbbrevKind::Company,
                "ambiguous" => AbbrevKind::Ambiguous,
                "starter" => {
                    self.starters.insert(key);
                    continue;
                }
                "speech" => {
                    self.speech.insert(key);
                    continue;
                }
                "continuer" => {
                    self.continuers.insert(key);
                    continue;
                }
                "pronoun" => {
                    self.pronouns.insert(key);
                    continue;
                }
                "preposition" => {
                    self.prepositions.insert(key);
                    continue;
                }
                "particle" => {
                    self.particles.insert(key);
                    continue;
                }
                "setting" if key.as_ref() == b"lowercase-starts" => {
                    self.lowercase.after_question = true;
                    self.lowercase.after_word = true;
                    continue;
                }
                "setting" if key.as_ref() == b"lowercase-after-question" => {
                    self.lowercase.after_question = true;
                    continue;
                }
                "setting" if key.as_ref() == b"lowercase-after-number" => {
                    self.lowercase.after_number = true;
                    continue;
                }
                "setting" if key.as_ref() == b"quoted-speech" => {
                    self.quoted_speech = true;
                    continue;
                }
                "determiner" => {
                    self.determiners.insert(key);
                    continue;
                }
                // The tables are compiled in and covered by tests; an unknown kind is skipped.
                _ => continue,
            };
            self.abbrevs.insert(key, kind);
        }
    }

    /// The kind of a lower-cased abbreviation (without its final period), if the tables know it.
    pub fn abbrev(&self, lower: &[u8]) -> Option<AbbrevKind> {
        self.abbrevs.get(lower).copied()
    }

    /// Whether a lower-cased word typically opens a sentence.
    pub fn is_starter(&self, lower: &[u8]) -> bool {
        self.starters.contains(lower)
    }

    /// Whether a lower-cased word does not open a sentence after a `final` abbreviation.
    pub fn is_continuer(&self, lower: &[u8]) -> bool {
        self.continuers.contains(lower)
    }

    /// Whether a lower-cased word is a personal pronoun.
    pub fn is_pronoun(&self, lower: &[u8]) -> bool {
        self.pronouns.contains(lower)
    }

    /// Whether a lower-cased word is a preposition that opens a time or place phrase.
    pub fn is_preposition(&self, lower: &[u8]) -> bool {
        self.prepositions.contains(lower)
    }

    /// Where sentences of this language's text may open in lower case: `setting
    /// lowercase-starts` (web text: after `?`, `!` and a period after a plain word),
    /// `lowercase-after-question` (after `?` and `!` only), `lowercase-after-number` (after a
    /// number's period, where no abbreviation can be).
    pub fn lowercase(&self) -> LowercaseStarts {
        self.lowercase
    }

    /// Whether the language's text keeps a quotation and its attribution one sentence, however
    /// many sentences the quotation holds (`setting quoted-speech`; see `segment::quoted`).
    pub fn quoted_speech(&self) -> bool {
        self.quoted_speech
    }

    /// Whether a lower-cased word makes the number of one to three digits after it an ordinal
    /// when the number has a period, as German writes ordinals (`am 3. Oktober`, `im 19.
    /// Jahrhundert`, `der 2. Weltkrieg`).
    pub fn is_determiner(&self, lower: &[u8]) -> bool {
        self.determiners.contains(lower)
    }

    /// Whether a lower-cased suffix is a question particle (`kah` of `benarkah`).
    pub fn is_particle(&self, lower: &[u8]) -> bool {
        self.particles.contains(lower)
    }

    /// Whether a lower-cased word is a verb of saying.
    pub fn is_speech(&self, lower: &[u8]) -> bool {
        self.speech.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn tables_load_every_kind() {
        let id = Lang::ID.segmentation_rules();
        assert_eq!(id.abbrev(b"dll"), Some(AbbrevKind::Final));
        assert_eq!(id.abbrev(b"tbk"), Some(AbbrevKind::Company));
        assert_eq!(id.abbrev(b"dr"), Some(AbbrevKind::Nonfinal));
        assert_eq!(id.abbrev(b"no"), Some(AbbrevKind::Numeric));
        assert!(id.is_starter(b"dia"));
        assert!(id.is_speech(b"kata"));
        assert!(id.is_particle(b"kah"));
        let en = "en-US".parse::<Lang>().unwrap().segmentation_rules();
        assert_eq!(en.abbrev(b"u.s"), Some(AbbrevKind::Ambiguous));
        assert!(en.is_starter(b"the"));
        assert!(en.is_speech(b"said"));
        assert_eq!(
            "de".parse::<Lang>()
                .unwrap()
                .segmentation_rules()
                .abbrev(b"dll"),
            None
        );
    }

    #[test]
    fn every_table_line_is_a_known_kind() {
        const KINDS: [&str; 12] = [
            "particle",
            "setting",
            "preposition",
            "nonfinal",
            "numeric",
            "final",
            "company",
            "ambiguous",
            "starter",
            "continuer",
            "speech",
            "pronoun",
        ];
        for table in [GENERIC, EN, ID] {
            for line in table.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                let kind = line.split_whitespace().next().unwrap_or("");
                assert!(KINDS.contains(&kind), "unknown rule: {line}");
                assert_eq!(
                    line.split_whitespace().count(),
                    2,
                    "one word a rule: {line}"
                );
            }
        }
    }
}

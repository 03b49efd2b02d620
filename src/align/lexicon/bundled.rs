//! The bundled Indonesian–English lexicon and user dictionaries.
//!
//! A [`Lexicon`] turns words of either language into *concept ids*: small
//! integers that stand for an English stem (see [`en_stem`]). Every line
//! `indonesian<TAB>english1|english2|...` links the Indonesian lemma to the
//! concepts of its translations; an English word maps to the concept of its
//! own stem. Two sentences that share concept ids therefore share
//! (probable) translation pairs, and an aligner can score a candidate pair
//! by counting shared ids of two small sorted sets (see [`count_shared`]).
//!
//! Multiword English translations contribute one concept per content word,
//! skipping articles, common prepositions and particles (`take care of` →
//! `take`, `care`; `carry out` → `carry`). Multiword Indonesian lemmas
//! (`amerika serikat`) are matched greedily by [`Lexicon::id_sentence_keys`].

use std::collections::HashMap;
use std::sync::OnceLock;

use super::morph::{en_stem, id_candidates};

/// The text of the bundled lexicon (`id-en.tsv`).
pub const BUNDLED_TSV: &str = include_str!("id-en.tsv");

/// Function words skipped inside multiword English translations.
const PHRASE_SKIP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "to",
    "be",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "up",
    "out",
    "off",
    "down",
    "into",
    "and",
    "or",
    "as",
    "one's",
    "oneself",
    "someone",
    "something",
    "sb",
    "sth",
];

/// An error in a lexicon or user dictionary file; every variant names the
/// 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexiconError {
    /// The line has text but no TAB between the two columns.
    #[error("line {line}: expected `indonesian<TAB>english[|english...]` but found no TAB")]
    MissingTab {
        /// 1-based line number.
        line: usize,
    },
    /// The line has more than two TAB-separated columns.
    #[error("line {line}: expected two TAB-separated columns, found {columns}")]
    TooManyColumns {
        /// 1-based line number.
        line: usize,
        /// Number of columns found.
        columns: usize,
    },
    /// The first (Indonesian) column is empty.
    #[error("line {line}: the Indonesian column is empty")]
    EmptyLemma {
        /// 1-based line number.
        line: usize,
    },
    /// The second column holds no translation.
    #[error("line {line}: the English column holds no translation")]
    NoTranslation {
        /// 1-based line number.
        line: usize,
    },
}

impl LexiconError {
    /// The 1-based line number the error was found on.
    pub fn line(&self) -> usize {
        match self {
            LexiconError::MissingTab { line }
            | LexiconError::TooManyColumns { line, .. }
            | LexiconError::EmptyLemma { line }
            | LexiconError::NoTranslation { line } => *line,
        }
    }
}

/// One Indonesian lemma: its translations as written and their concepts.
#[derive(Debug, Clone, Default)]
struct Entry {
    translations: Vec<String>,
    concepts: Vec<u32>,
}

/// A bilingual lexicon mapping Indonesian lemmas and English words to
/// shared concept ids.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Concept id → English key (an [`en_stem`] output).
    concepts: Vec<String>,
    /// English key → concept id.
    en: HashMap<String, u32>,
    /// Indonesian lemma (lowercase, single spaces) → entry.
    id: HashMap<String, Entry>,
    /// Longest Indonesian lemma, in words.
    max_lemma_words: usize,
}

/// The bundled Indonesian–English lexicon, parsed once on first use.
pub fn bundled_id_en() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| match Lexicon::from_tsv(BUNDLED_TSV) {
        Ok(lexicon) => lexicon,
        // The file is part of the crate and checked by the tests below.
        Err(err) => panic!("bundled id-en.tsv is malformed: {err}"),
    })
}

/// Number of ids present in both sorted, deduplicated slices.
pub fn count_shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Lowercase and collapse runs of whitespace to single spaces.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

type ParsedLine = (String, Vec<String>);

/// Parse the TSV text into (lemma, translations) pairs, in file order.
fn parse(text: &str) -> Result<Vec<ParsedLine>, LexiconError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = raw.trim_end_matches(['\r', '\n']).split('\t').collect();
        match columns.len() {
            1 => return Err(LexiconError::MissingTab { line }),
            2 => {}
            n => return Err(LexiconError::TooManyColumns { line, columns: n }),
        }
        let lemma = normalise(columns[0]);
        if lemma.is_empty() {
            return Err(LexiconError::EmptyLemma { line });
        }
        let translations: Vec<String> = columns[1]
            .split('|')
            .map(normalise)
            .filter(|t| !t.is_empty())
            .collect();
        if translations.is_empty() {
            return Err(LexiconError::NoTranslation { line });
        }
        out.push((lemma, translations));
    }
    Ok(out)
}

impl Lexicon {
    /// Parse a lexicon from TSV text.
    ///
    /// Each non-empty line not starting with `#` is
    /// `indonesian<TAB>english1|english2|...`; a plain `source<TAB>target`
    /// pair per line is the special case of one translation, and repeated
    /// lemmas are merged. The first column is the side looked up with
    /// Indonesian morphology ([`Lexicon::id_word_keys`]), the second the
    /// side looked up through [`en_stem`] ([`Lexicon::en_word_keys`]).
    /// Text is lowercased and whitespace collapsed. Errors name the 1-based
    /// line number.
    pub fn from_tsv(text: &str) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        lexicon.extend_from_tsv(text)?;
        Ok(lexicon)
    }

    /// Add the entries of another TSV text (same format as
    /// [`Lexicon::from_tsv`]), e.g. a user dictionary on top of the bundled
    /// one. On error the lexicon is left unchanged.
    pub fn extend_from_tsv(&mut self, text: &str) -> Result<(), LexiconError> {
        for (lemma, translations) in parse(text)? {
            self.insert(lemma, translations);
        }
        Ok(())
    }

    fn intern(&mut self, key: String) -> u32 {
        if let Some(&id) = self.en.get(&key) {
            return id;
        }
        let id = u32::try_from(self.concepts.len()).unwrap_or(u32::MAX);
        self.concepts.push(key.clone());
        self.en.insert(key, id);
        id
    }

    /// Concept ids of one English translation: the stem of a single word,
    /// or the stems of the content words of a phrase.
    fn translation_concepts(&mut self, translation: &str) -> Vec<u32> {
        let words: Vec<&str> = translation.split_whitespace().collect();
        let content: Vec<&str> = if words.len() > 1 {
            let kept: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !PHRASE_SKIP.contains(w))
                .collect();
            if kept.is_empty() {
                words
            } else {
                kept
            }
        } else {
            words
        };
        content
            .into_iter()
            .map(|w| self.intern(en_stem(w)))
            .collect()
    }

    fn insert(&mut self, lemma: String, translations: Vec<String>) {
        let mut concepts = Vec::new();
        for t in &translations {
            concepts.extend(self.translation_concepts(t));
        }
        self.max_lemma_words = self.max_lemma_words.max(lemma.split(' ').count());
        let entry = self.id.entry(lemma).or_default();
        for t in translations {
            if !entry.translations.contains(&t) {
                entry.translations.push(t);
            }
        }
        for c in concepts {
            if !entry.concepts.contains(&c) {
                entry.concepts.push(c);
            }
        }
    }

    /// Number of distinct Indonesian lemmas.
    pub fn lemma_count(&self) -> usize {
        self.id.len()
    }

    /// Number of distinct concepts (English keys).
    pub fn concept_count(&self) -> usize {
        self.concepts.len()
    }

    /// The English key (an [`en_stem`] output) a concept id stands for.
    pub fn concept(&self, id: u32) -> Option<&str> {
        self.concepts.get(id as usize).map(String::as_str)
    }

    /// The English translations of an Indonesian lemma, as written in the
    /// lexicon (exact lemma, no morphology).
    pub fn translations(&self, id_lemma: &str) -> Option<&[String]> {
        self.id
            .get(normalise(id_lemma).as_str())
            .map(|e| e.translations.as_slice())
    }

    /// Concept ids of an exact Indonesian lemma (no morphology); empty if
    /// the lemma is unknown.
    pub fn id_lemma_keys(&self, id_lemma: &str) -> &[u32] {
        self.id
            .get(normalise(id_lemma).as_str())
            .map_or(&[], |e| e.concepts.as_slice())
    }

    /// The lemma an Indonesian word form is found under: the first of its
    /// [`id_candidates`] present in the lexicon.
    pub fn id_root(&self, word: &str) -> Option<&str> {
        self.id_entry(word).map(|(lemma, _)| lemma)
    }

    fn id_entry(&self, word: &str) -> Option<(&str, &Entry)> {
        let lower = word.trim().to_lowercase();
        if let Some((k, e)) = self.id.get_key_value(lower.as_str()) {
            return Some((k.as_str(), e));
        }
        id_candidates(&lower)
            .iter()
            .find_map(|c| self.id.get_key_value(c.as_str()))
            .map(|(k, e)| (k.as_str(), e))
    }

    /// Concept ids of an Indonesian word form: those of the first of its
    /// [`id_candidates`] found in the lexicon (`menandatangani` →
    /// `tandatangan` → *sign*, *signature*). Empty if none is found.
    pub fn id_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        self.id_entry(word)
            .map_or(&[][..], |(_, e)| e.concepts.as_slice())
            .iter()
            .copied()
    }

    /// Concept id(s) of an English word form: the concept of its
    /// [`en_stem`] key (`signed` → `sign`). A hyphenated word not found as
    /// a whole is looked up part by part. Empty if unknown.
    pub fn en_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        let mut ids = Vec::new();
        if let Some(&id) = self.en.get(en_stem(word).as_str()) {
            ids.push(id);
        } else if word.contains('-') {
            for part in word.split('-').filter(|p| !p.is_empty()) {
                if let Some(&id) = self.en.get(en_stem(part).as_str()) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        ids.into_iter()
    }

    /// The sorted, deduplicated concept ids of a tokenised Indonesian
    /// sentence. Multiword lemmas (`amerika serikat`) are matched greedily,
    /// longest first; other tokens go through [`Lexicon::id_word_keys`].
    pub fn id_sentence_keys(&self, words: &[&str]) -> Vec<u32> {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut ids = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            let mut matched = 0;
            let longest = self.max_lemma_words.min(lower.len() - i);
            for n in (2..=longest).rev() {
                let phrase = lower[i..i + n].join(" ");
                if let Some(e) = self.id.get(phrase.as_str()) {
                    ids.extend_from_slice(&e.concepts);
                    matched = n;
                    break;
                }
            }
            if matched == 0 {
                ids.extend(self.id_word_keys(&lower[i]));
                matched = 1;
            }
            i += matched;
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The sorted, deduplicated concept ids of a tokenised English sentence.
    pub fn en_sentence_keys(&self, words: &[&str]) -> Vec<u32> {
        let mut ids: Vec<u32> = words.iter().flat_map(|w| self.en_word_keys(w)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static Lexicon {
        bundled_id_en()
    }

    fn en_ids(word: &str) -> Vec<u32> {
        lex().en_word_keys(word).collect()
    }

    fn id_ids(word: &str) -> Vec<u32> {
        lex().id_word_keys(word).collect()
    }

    fn shares(id_word: &str, en_word: &str) -> bool {
        let en = en_ids(en_word);
        !en.is_empty() && id_ids(id_word).iter().any(|i| en.contains(i))
    }

    #[test]
    fn bundled_lexicon_loads_with_enough_lemmas() {
        let n = lex().lemma_count();
        assert!(n >= 5_500, "only {n} lemmas");
        assert!(lex().concept_count() > 1_000);
    }

    #[test]
    fn bundled_file_is_sorted_lowercase_and_unique() {
        let mut previous: Option<&str> = None;
        for (i, line) in BUNDLED_TSV.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (lemma, english) = line.split_once('\t').unwrap_or(("", ""));
            assert!(!lemma.is_empty(), "line {}: {line:?}", i + 1);
            assert_eq!(lemma, lemma.to_lowercase(), "line {}", i + 1);
            assert_eq!(english, english.to_lowercase(), "line {}", i + 1);
            assert!(!english.contains('\t'), "line {}", i + 1);
            if let Some(prev) = previous {
                assert!(prev < lemma, "line {}: {prev:?} !< {lemma:?}", i + 1);
            }
            previous = Some(lemma);
        }
        assert!(BUNDLED_TSV.starts_with('#'), "header comment expected");
    }

    #[test]
    fn inflected_forms_meet() {
        let pairs = [
            ("menandatangani", "signed"),
            ("ditandatangani", "sign"),
            ("negara-negara", "countries"),
            ("negara", "country"),
            ("perusahaan", "company"),
            ("perusahaan-perusahaan", "companies"),
            ("pemerintah", "government"),
            ("kebijakan", "policies"),
            ("pendidikan", "education"),
            ("pertanian", "agriculture"),
            ("menulis", "writing"),
            ("dibangun", "built"),
            ("pembangunan", "development"),
            ("banjir", "floods"),
            ("rumahnya", "house"),
            ("januari", "january"),
            ("senin", "monday"),
            ("tiongkok", "china"),
            ("jepang", "japan"),
            ("belanda", "netherlands"),
            ("juta", "million"),
            ("triliun", "trillion"),
            ("tidak", "not"),
            ("dan", "and"),
        ];
        let failures: Vec<String> = pairs
            .iter()
            .filter(|(id, en)| !shares(id, en))
            .map(|(id, en)| format!("{id} ({:?}) / {en} ({:?})", lex().id_root(id), en_stem(en)))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn roots_are_found_through_morphology() {
        assert_eq!(lex().id_root("menandatangani"), Some("tandatangan"));
        assert_eq!(lex().id_root("negara-negara"), Some("negara"));
        assert_eq!(lex().id_root("Perusahaan"), Some("perusahaan"));
        assert_eq!(lex().id_root("xqzw"), None);
        assert!(id_ids("xqzw").is_empty());
        assert!(en_ids("xqzw").is_empty());
    }

    #[test]
    fn multiword_lemmas_match_in_sentences() {
        let id = lex().id_sentence_keys(&["Presiden", "Amerika", "Serikat", "tiba"]);
        let en = lex().en_sentence_keys(&["The", "United", "States", "president", "arrived"]);
        assert!(count_shared(&id, &en) >= 3, "{id:?} / {en:?}");
        assert!(id.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn user_dictionary_pairs_and_merging() {
        let text = "# my words\n\nkucing\tcat\nkucing\tfeline\nbuah naga\tdragon fruit|pitaya\n";
        let lex = Lexicon::from_tsv(text).expect("valid dictionary");
        assert_eq!(lex.lemma_count(), 2);
        assert_eq!(
            lex.translations("kucing"),
            Some(&["cat".to_string(), "feline".to_string()][..])
        );
        let cats: Vec<u32> = lex.en_word_keys("cats").collect();
        assert_eq!(cats.len(), 1);
        assert!(lex.id_word_keys("kucingnya").any(|c| c == cats[0]));
        // content words of a phrase are indexed, not the phrase
        assert!(lex.en_word_keys("dragon").next().is_some());
        assert!(lex.en_word_keys("fruits").next().is_some());
        assert_eq!(lex.id_lemma_keys("Buah  Naga").len(), 3);
        // the/of/to inside phrases are skipped
        let lex = Lexicon::from_tsv("rawat\ttake care of\n").expect("valid");
        assert!(lex.en_word_keys("of").next().is_none());
        assert!(lex.en_word_keys("caring").next().is_some());
    }

    #[test]
    fn user_dictionary_errors_name_the_line() {
        let err = Lexicon::from_tsv("# c\nkucing\tcat\nanjing dog\n").unwrap_err();
        assert_eq!(err, LexiconError::MissingTab { line: 3 });
        assert_eq!(err.line(), 3);
        assert!(err.to_string().starts_with("line 3:"), "{err}");

        let err = Lexicon::from_tsv("a\tb\tc").unwrap_err();
        assert_eq!(
            err,
            LexiconError::TooManyColumns {
                line: 1,
                columns: 3
            }
        );
        let err = Lexicon::from_tsv("\n\n \tdog\n").unwrap_err();
        assert_eq!(err, LexiconError::EmptyLemma { line: 3 });
        let err = Lexicon::from_tsv("anjing\t | \n").unwrap_err();
        assert_eq!(err, LexiconError::NoTranslation { line: 1 });
    }

    #[test]
    fn extending_is_atomic() {
        let mut lex = Lexicon::from_tsv("kucing\tcat\n").expect("valid");
        assert!(lex.extend_from_tsv("anjing\tdog\nburung bird\n").is_err());
        assert_eq!(lex.lemma_count(), 1);
        lex.extend_from_tsv("\u{feff}anjing\tdog\r\n")
            .expect("valid");
        assert_eq!(lex.lemma_count(), 2);
        assert!(lex.concept(0).is_some());
        assert!(lex.concept(99).is_none());
    }

    #[test]
    fn count_shared_counts_common_ids() {
        assert_eq!(count_shared(&[1, 3, 5, 7], &[2, 3, 7, 9]), 2);
        assert_eq!(count_shared(&[], &[1]), 0);
    }
}

//! The bundled Indonesian–English lexicon and user dictionaries.
//!
//! A [`Lexicon`] turns words of either language into *concept ids*: small
//! integers that stand for an English stem (see [`en_stem`](super::morph::en_stem)). Every line
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
//!
//! The two columns need not be Indonesian and English: a lexicon built with
//! [`Lexicon::from_tsv_with`] looks each column up with the [`Morphology`] of
//! its language ([`crate::lang::Lang::morphology`]), lowercase identity for languages
//! without rules here, so a user dictionary serves any language pair. The
//! method names keep the bundled lexicon's orientation: `id_*` is the first
//! column, `en_*` the second ([`Column`] names them neutrally).

use crate::hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::sync::OnceLock;

use crate::align::memo::{fresh_owner, WordMemo};

use super::morph::Morphology;

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
    #[error("line {line}: expected `source<TAB>target[|target...]` but found no TAB")]
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
    #[error("line {line}: the first (source) column is empty")]
    EmptyLemma {
        /// 1-based line number.
        line: usize,
    },
    /// The second column holds no translation.
    #[error("line {line}: the second (target) column holds no translation")]
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

/// A column of the lexicon's TSV: the first (Indonesian in the bundled lexicon) or the second
/// (English), whose words are the concepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The first column: lemmas, each mapped to the concepts of its translations.
    First,
    /// The second column: translations, each word a concept.
    Second,
}

/// One Indonesian lemma: its translations as written and their concepts.
#[derive(Debug, Clone, Default, PartialEq)]
struct Entry {
    translations: Vec<String>,
    concepts: Vec<u32>,
}

/// A bilingual lexicon mapping Indonesian lemmas and English words to
/// shared concept ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    /// Morphology of the first column (Indonesian in the bundled lexicon).
    first: Morphology,
    /// Morphology of the second column (English in the bundled lexicon).
    second: Morphology,
    /// Concept id → English key (an [`en_stem`](super::morph::en_stem) output).
    concepts: Vec<String>,
    /// English key → concept id.
    en: FxHashMap<String, u32>,
    /// Indonesian lemma (lowercase, single spaces) → entry.
    id: FxHashMap<String, Entry>,
    /// Longest Indonesian lemma, in words.
    max_lemma_words: usize,
    /// First words of the multiword lemmas (only these start a phrase lookup).
    phrase_starts: FxHashSet<String>,
    /// The first two words of the multiword lemmas.
    phrase_openings: FxHashSet<String>,
    /// Who this lexicon is to the per-thread word memos; new on every change and every clone.
    owner: Owner,
}

/// A lexicon's identity for the word memos ([`crate::align::memo`]). A clone gets a new one (it
/// may be changed apart from the original), and two lexicons compare equal whatever theirs are.
#[derive(Debug)]
struct Owner(u64);

impl Owner {
    fn new() -> Owner {
        Owner(fresh_owner())
    }
}

impl Clone for Owner {
    fn clone(&self) -> Owner {
        Owner::new()
    }
}

impl PartialEq for Owner {
    fn eq(&self, _: &Owner) -> bool {
        true
    }
}

/// What a word form of the first column (as it stands in a sentence) is to the lexicon.
#[derive(Debug, Default)]
struct FirstWord {
    /// The concepts of the word alone ([`Lexicon::id_word_keys`]).
    concepts: Box<[u32]>,
    /// Whether a multiword lemma may start with it.
    phrase_start: bool,
}

thread_local! {
    /// A phrase being matched, and where each of its words ends.
    static PHRASE: RefCell<(String, Vec<usize>)> = const { RefCell::new((String::new(), Vec::new())) };
    static FIRST_WORDS: RefCell<WordMemo<FirstWord>> = RefCell::new(WordMemo::default());
    static SECOND_WORDS: RefCell<WordMemo<Box<[u32]>>> = RefCell::new(WordMemo::default());
}

impl Default for Lexicon {
    /// An empty Indonesian–English lexicon.
    fn default() -> Self {
        Lexicon::with_morphology(Morphology::Indonesian, Morphology::English)
    }
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
    /// side looked up through [`en_stem`](super::morph::en_stem) ([`Lexicon::en_word_keys`]).
    /// Text is lowercased and whitespace collapsed. Errors name the 1-based
    /// line number.
    pub fn from_tsv(text: &str) -> Result<Lexicon, LexiconError> {
        Lexicon::from_tsv_with(text, Morphology::Indonesian, Morphology::English)
    }

    /// An empty lexicon whose first and second columns are looked up with the given
    /// morphologies.
    pub fn with_morphology(first: Morphology, second: Morphology) -> Lexicon {
        Lexicon {
            first,
            second,
            concepts: Vec::new(),
            en: FxHashMap::default(),
            id: FxHashMap::default(),
            max_lemma_words: 0,
            phrase_starts: FxHashSet::default(),
            phrase_openings: FxHashSet::default(),
            owner: Owner::new(),
        }
    }

    /// Parse a lexicon for any language pair from TSV text in the format of
    /// [`Lexicon::from_tsv`]: `first<TAB>second1|second2|...`, each column
    /// looked up with its own morphology (e.g. `"de".parse::<Lang>().unwrap().morphology()`).
    pub fn from_tsv_with(
        text: &str,
        first: Morphology,
        second: Morphology,
    ) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::with_morphology(first, second);
        lexicon.extend_from_tsv(text)?;
        Ok(lexicon)
    }

    /// The morphology a column is looked up with.
    pub fn morphology(&self, column: Column) -> Morphology {
        match column {
            Column::First => self.first,
            Column::Second => self.second,
        }
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

    /// Add the entries of a TSV text whose columns are the other way round
    /// (`english<TAB>indonesian1|indonesian2` for the bundled lexicon): each
    /// translation becomes a lemma of the first column with the line's first
    /// column as its translation. Same errors as [`Lexicon::extend_from_tsv`];
    /// on error the lexicon is left unchanged.
    pub fn extend_from_tsv_swapped(&mut self, text: &str) -> Result<(), LexiconError> {
        for (word, translations) in parse(text)? {
            for lemma in translations {
                self.insert(lemma, vec![word.clone()]);
            }
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
    /// or the stems of the content words of a phrase (for English, words
    /// not in the skip list; for other languages, words of four characters
    /// or more).
    fn translation_concepts(&mut self, translation: &str) -> Vec<u32> {
        let words: Vec<&str> = translation.split_whitespace().collect();
        let english = self.second == Morphology::English;
        let content: Vec<&str> = if words.len() > 1 {
            let kept: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| {
                    if english {
                        !PHRASE_SKIP.contains(w)
                    } else {
                        w.chars().count() >= 4
                    }
                })
                .collect();
            if kept.is_empty() {
                words
            } else {
                kept
            }
        } else {
            words
        };
        let second = self.second;
        content
            .into_iter()
            .map(|w| self.intern(second.key(w)))
            .collect()
    }

    /// The key a first-column phrase is stored under: each word's
    /// [`Morphology::key`] (lowercase for Indonesian, the stem for English).
    fn lemma_key(&self, lemma: &str) -> String {
        lemma
            .split(' ')
            .map(|w| self.first.key(w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn insert(&mut self, lemma: String, translations: Vec<String>) {
        self.owner = Owner::new();
        let lemma = self.lemma_key(&lemma);
        let mut concepts = Vec::new();
        for t in &translations {
            concepts.extend(self.translation_concepts(t));
        }
        self.max_lemma_words = self.max_lemma_words.max(lemma.split(' ').count());
        if let Some((first, _)) = lemma.split_once(' ') {
            self.phrase_starts.insert(first.to_string());
            let opening: Vec<&str> = lemma.split(' ').take(2).collect();
            self.phrase_openings.insert(opening.join(" "));
        }
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

    /// The English key (an [`en_stem`](super::morph::en_stem) output) a concept id stands for.
    pub fn concept(&self, id: u32) -> Option<&str> {
        self.concepts.get(id as usize).map(String::as_str)
    }

    /// The English translations of an Indonesian lemma, as written in the
    /// lexicon (exact lemma, no morphology).
    pub fn translations(&self, id_lemma: &str) -> Option<&[String]> {
        self.id
            .get(self.lemma_key(&normalise(id_lemma)).as_str())
            .map(|e| e.translations.as_slice())
    }

    /// Concept ids of an exact Indonesian lemma (no morphology); empty if
    /// the lemma is unknown.
    pub fn id_lemma_keys(&self, id_lemma: &str) -> &[u32] {
        self.id
            .get(self.lemma_key(&normalise(id_lemma)).as_str())
            .map_or(&[], |e| e.concepts.as_slice())
    }

    /// The lemma an Indonesian word form is found under: the first of its
    /// [`Morphology::candidates`] present in the lexicon.
    pub fn id_root(&self, word: &str) -> Option<&str> {
        self.id_entry(word).map(|(lemma, _)| lemma)
    }

    fn id_entry(&self, word: &str) -> Option<(&str, &Entry)> {
        let lower = word.trim().to_lowercase();
        if let Some((k, e)) = self.id.get_key_value(lower.as_str()) {
            return Some((k.as_str(), e));
        }
        self.first
            .candidates(&lower)
            .iter()
            .find_map(|c| self.id.get_key_value(c.as_str()))
            .map(|(k, e)| (k.as_str(), e))
    }

    /// Concept ids of an Indonesian word form: those of the first of its
    /// [`Morphology::candidates`] found in the lexicon (`menandatangani` →
    /// `tandatangan` → *sign*, *signature*). Empty if none is found.
    pub fn id_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        self.id_entry(word)
            .map_or(&[][..], |(_, e)| e.concepts.as_slice())
            .iter()
            .copied()
    }

    fn concept_of(&self, word: &str) -> Option<u32> {
        self.second
            .candidates(word)
            .iter()
            .find_map(|c| self.en.get(c.as_str()).copied())
    }

    /// Concept id(s) of an English word form: the concept of its
    /// [`en_stem`](super::morph::en_stem) key (`signed` → `sign`). A
    /// hyphenated word not found as a whole is looked up part by part.
    /// Empty if unknown.
    pub fn en_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        let mut ids = Vec::new();
        if let Some(id) = self.concept_of(word) {
            ids.push(id);
        } else if word.contains('-') {
            for part in word.split('-').filter(|p| !p.is_empty()) {
                if let Some(id) = self.concept_of(part) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        ids.into_iter()
    }

    /// The key a word of the first column is matched with inside a phrase.
    fn phrase_key(&self, word: &str) -> String {
        let mut key = String::new();
        self.push_phrase_key(word, &mut key);
        key
    }

    /// [`Lexicon::phrase_key`] added to `out`.
    fn push_phrase_key(&self, word: &str, out: &mut String) {
        if self.first == Morphology::English && self.max_lemma_words > 1 {
            out.push_str(&self.first.key(&word.to_lowercase()));
        } else if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.push_str(&word.to_lowercase());
        }
    }

    /// What a word form of the first column is to the lexicon (memoised per thread).
    fn first_word<R>(&self, word: &str, then: impl FnOnce(&FirstWord) -> R) -> R {
        FIRST_WORDS.with(|memo| {
            memo.borrow_mut().with(
                self.owner.0,
                word,
                |word| FirstWord {
                    concepts: self.id_word_keys(&word.to_lowercase()).collect(),
                    phrase_start: self.max_lemma_words > 1
                        && self.phrase_starts.contains(self.phrase_key(word).as_str()),
                },
                then,
            )
        })
    }

    /// The sorted, deduplicated concept ids of a tokenised Indonesian
    /// sentence. Multiword lemmas (`amerika serikat`) are matched greedily,
    /// longest first; other tokens go through [`Lexicon::id_word_keys`].
    pub fn id_sentence_keys(&self, words: &[&str]) -> Vec<u32> {
        let mut ids = Vec::new();
        self.id_keys_into(words, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// [`Lexicon::id_sentence_keys`] added to `ids`, unsorted.
    fn id_keys_into(&self, words: &[&str], ids: &mut Vec<u32>) {
        let mut i = 0;
        while i < words.len() {
            i += self.first_word(words[i], |w| {
                if w.phrase_start {
                    if let Some(n) = self.phrase_at(&words[i..], ids) {
                        return n;
                    }
                }
                ids.extend_from_slice(&w.concepts);
                1
            });
        }
    }

    /// The longest multiword lemma that `words` begin with: its concepts are added to `ids` and
    /// its length in words returned.
    fn phrase_at(&self, words: &[&str], ids: &mut Vec<u32>) -> Option<usize> {
        let longest = self.max_lemma_words.min(words.len());
        if longest < 2 {
            return None;
        }
        PHRASE.with(|phrase| {
            // The keys of the first `longest` words joined by spaces, and where each one ends.
            let (phrase, ends) = &mut *phrase.borrow_mut();
            phrase.clear();
            ends.clear();
            for (k, w) in words[..longest].iter().enumerate() {
                if k > 0 {
                    phrase.push(' ');
                }
                self.push_phrase_key(w, phrase);
                ends.push(phrase.len());
                // Most words that may open a phrase do not, here: stop at the second word.
                if k == 1 && !self.phrase_openings.contains(phrase.as_str()) {
                    return None;
                }
            }
            (2..=longest).rev().find_map(|n| {
                let entry = self.id.get(&phrase[..ends[n - 1]])?;
                ids.extend_from_slice(&entry.concepts);
                Some(n)
            })
        })
    }

    /// The sorted, deduplicated concept ids of a tokenised English sentence.
    pub fn en_sentence_keys(&self, words: &[&str]) -> Vec<u32> {
        let mut ids: Vec<u32> = Vec::new();
        self.en_keys_into(words, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// [`Lexicon::en_sentence_keys`] added to `ids`, unsorted.
    fn en_keys_into(&self, words: &[&str], ids: &mut Vec<u32>) {
        SECOND_WORDS.with(|memo| {
            let mut memo = memo.borrow_mut();
            for word in words {
                memo.with(
                    self.owner.0,
                    word,
                    |w| self.en_word_keys(w).collect(),
                    |keys| ids.extend_from_slice(keys),
                );
            }
        });
    }

    /// The concept ids of a tokenised sentence in the language of `column`
    /// added to `ids` (unsorted, with repeats): what [`Lexicon::sentence_keys`]
    /// returns sorted and deduplicated.
    pub fn sentence_keys_into(&self, column: Column, words: &[&str], ids: &mut Vec<u32>) {
        match column {
            Column::First => self.id_keys_into(words, ids),
            Column::Second => self.en_keys_into(words, ids),
        }
    }

    /// The sorted, deduplicated concept ids of a tokenised sentence in the
    /// language of `column`: [`Lexicon::id_sentence_keys`] for the first,
    /// [`Lexicon::en_sentence_keys`] for the second.
    pub fn sentence_keys(&self, column: Column, words: &[&str]) -> Vec<u32> {
        match column {
            Column::First => self.id_sentence_keys(words),
            Column::Second => self.en_sentence_keys(words),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::morph::en_stem;
    use super::*;
    use crate::lang::Lang;

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
    fn dictionaries_for_other_language_pairs_use_identity() {
        let de = "de".parse::<Lang>().unwrap().morphology();
        let fr = "fr".parse::<Lang>().unwrap().morphology();
        let text = "Gipfel\tsommet|cime\nKartoffel\tpomme de terre\nrote Kreuz\tcroix-rouge\n";
        let lex = Lexicon::from_tsv_with(text, de, fr).expect("valid");
        assert_eq!(lex.morphology(Column::First), Morphology::Identity);
        let de_keys = lex.sentence_keys(
            Column::First,
            &["Der", "GIPFEL", "und", "das", "Rote", "Kreuz"],
        );
        let fr_keys =
            lex.sentence_keys(Column::Second, &["le", "sommet", "et", "la", "Croix-Rouge"]);
        assert_eq!(count_shared(&de_keys, &fr_keys), 2);
        // no Indonesian affix stripping, no English stemming
        assert!(lex.id_word_keys("Gipfeln").next().is_none());
        assert!(lex.en_word_keys("sommets").next().is_none());
        // short words of a phrase are no concepts
        assert!(lex.en_word_keys("de").next().is_none());
        assert!(lex.en_word_keys("terre").next().is_some());
    }

    #[test]
    fn english_first_column_is_stemmed() {
        let en = Lang::EN.morphology();
        let id = Lang::ID.morphology();
        let lex = Lexicon::from_tsv_with("countries\tnegara\nunited nations\tpbb\n", en, id)
            .expect("valid");
        let en_keys = lex.sentence_keys(Column::First, &["The", "United", "Nation", "country"]);
        let id_keys = lex.sentence_keys(Column::Second, &["negara-negara", "PBB"]);
        assert_eq!(count_shared(&en_keys, &id_keys), 2);
    }

    #[test]
    fn swapped_dictionaries_merge_into_the_bundled_one() {
        let mut lex = lex().clone();
        let before = lex.lemma_count();
        lex.extend_from_tsv_swapped("selaras\tzqwerty|xqwerty\n")
            .expect("valid");
        assert_eq!(lex.lemma_count(), before + 2);
        let en: Vec<u32> = lex.en_word_keys("selaras").collect();
        assert_eq!(en.len(), 1);
        assert!(lex.id_word_keys("zqwertynya").any(|c| c == en[0]));
        assert!(lex.extend_from_tsv_swapped("a b\n").is_err());
        assert_eq!(lex.lemma_count(), before + 2);
    }

    #[test]
    fn count_shared_counts_common_ids() {
        assert_eq!(count_shared(&[1, 3, 5, 7], &[2, 3, 7, 9]), 2);
        assert_eq!(count_shared(&[], &[1]), 0);
    }
}

//! Bilingual lexical resource used to score sentence pairs.
//!
//! `selaras` aligns an English (source) document with its Indonesian
//! (target) translation. Besides sentence length, it rewards candidate
//! sentence pairs whose words are translations of each other. This module
//! provides what that needs:
//!
//! * `id-en.tsv`, a hand-written Indonesian–English lexicon made for
//!   selaras (not copied or derived from an existing dictionary): one
//!   Indonesian lemma per line, `indonesian<TAB>english1|english2|...`,
//!   most frequent sense first, `#` comment lines, sorted by lemma. It
//!   covers function words, numbers, months, days, country names that
//!   differ between the languages, and frequent content words of news,
//!   politics, economy, law, science, health, technology, sport, weather
//!   and disasters, military affairs, geography and daily life.
//! * [`morph`], pure functions that reduce running-text word forms to
//!   lookup keys: [`morph::id_candidates`] undoes Indonesian affixation and
//!   reduplication (`menandatangani` → `tandatangan`, `negara-negara` →
//!   `negara`), [`morph::en_stem`] maps English words to a consistent key
//!   (`countries` → `country`, `signed` → `sign`).
//! * [`bundled`], the loaded [`bundled::Lexicon`]: every English
//!   translation stem is interned as a `u32` *concept id*; an Indonesian
//!   lemma maps to the concepts of its translations and an English word to
//!   the concept of its stem. A sentence then becomes a small sorted set of
//!   concept ids ([`bundled::Lexicon::id_sentence_keys`],
//!   [`bundled::Lexicon::en_sentence_keys`]) and the lexical similarity of
//!   two sentences is the number of ids they share
//!   ([`bundled::count_shared`]).
//!
//! * [`learned`], a [`learned::LearnedLexicon`] of word links estimated
//!   from the confident sentence pairs of the input itself, for any
//!   language pair (no bundled resource needed): the same sorted-id
//!   interface, one id per link.
//!
//! User dictionaries (`--dictionary FILE`) use the same TSV format, or one
//! `indonesian<TAB>english` pair per line, and are parsed with
//! [`bundled::Lexicon::from_tsv`] or merged into a copy of the bundled
//! lexicon with [`bundled::Lexicon::extend_from_tsv`].

pub mod bundled;
pub mod learned;
pub mod morph;

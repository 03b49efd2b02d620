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

use std::borrow::Cow;

use bundled::{bundled_id_en, Column, Lexicon, LexiconError};
use learned::{tokens, LearnedLexicon};
use morph::Morphology;

use super::evidence::{Evidence, Which};

/// A dictionary oriented for one run: which of its columns holds the source language and which
/// the target. For English–Indonesian (either direction) it is the bundled lexicon, with the
/// user's entries added; for any other pair, the user's dictionary alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    lexicon: Cow<'static, Lexicon>,
    src: Column,
    tgt: Column,
}

/// Whether a language code (or locale) is English, Indonesian or neither.
fn is_lang(code: &str, morph: Morphology) -> bool {
    Morphology::for_lang(code) == morph && !code.to_ascii_lowercase().starts_with("ms")
}

impl Dictionary {
    /// The bundled dictionary of a language pair, if there is one: English and Indonesian in
    /// either direction.
    pub fn for_pair(src_lang: &str, tgt_lang: &str) -> Option<Dictionary> {
        let (src, tgt) = bundled_columns(src_lang, tgt_lang)?;
        Some(Dictionary {
            lexicon: Cow::Borrowed(bundled_id_en()),
            src,
            tgt,
        })
    }

    /// The dictionary of a language pair with a user dictionary added: TSV text, one entry per
    /// line, `source<TAB>target1|target2|...` (source language first). For English–Indonesian
    /// the entries join the bundled lexicon; otherwise they are the whole dictionary, each column
    /// looked up with its language's [`Morphology`].
    pub fn with_user(
        src_lang: &str,
        tgt_lang: &str,
        text: &str,
    ) -> Result<Dictionary, LexiconError> {
        match bundled_columns(src_lang, tgt_lang) {
            Some((src, tgt)) => {
                let mut lexicon = bundled_id_en().clone();
                if src == Column::First {
                    lexicon.extend_from_tsv(text)?;
                } else {
                    lexicon.extend_from_tsv_swapped(text)?;
                }
                Ok(Dictionary {
                    lexicon: Cow::Owned(lexicon),
                    src,
                    tgt,
                })
            }
            None => Ok(Dictionary {
                lexicon: Cow::Owned(Lexicon::from_tsv_with(
                    text,
                    Morphology::for_lang(src_lang),
                    Morphology::for_lang(tgt_lang),
                )?),
                src: Column::First,
                tgt: Column::Second,
            }),
        }
    }

    /// The lexicon behind the dictionary.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The sorted concept ids of one sentence of the source or the target side.
    pub fn sentence_keys(&self, text: &str, which: Which) -> Vec<u32> {
        let words: Vec<&str> = tokens(text).collect();
        let column = match which {
            Which::Source => self.src,
            Which::Target => self.tgt,
        };
        self.lexicon.sentence_keys(column, &words)
    }
}

/// The columns of the bundled lexicon (Indonesian first) that the source and target are in.
fn bundled_columns(src_lang: &str, tgt_lang: &str) -> Option<(Column, Column)> {
    let (en, id) = (Morphology::English, Morphology::Indonesian);
    if is_lang(src_lang, en) && is_lang(tgt_lang, id) {
        Some((Column::Second, Column::First))
    } else if is_lang(src_lang, id) && is_lang(tgt_lang, en) {
        Some((Column::First, Column::Second))
    } else {
        None
    }
}

/// The sorted link ids of one sentence of the source or the target side.
pub fn learned_keys(lexicon: &LearnedLexicon, text: &str, which: Which) -> Vec<u32> {
    let words: Vec<&str> = tokens(text).collect();
    match which {
        Which::Source => lexicon.src_keys(&words),
        Which::Target => lexicon.tgt_keys(&words),
    }
}

/// A lexicon as evidence for the aligner, with its weight in the bead cost.
#[derive(Debug, Clone, Copy)]
pub enum Lexical<'a> {
    /// A bundled or user dictionary.
    Dictionary(&'a Dictionary, f32),
    /// A lexicon learned from the corpus.
    Learned(&'a LearnedLexicon, f32),
}

impl Evidence for Lexical<'_> {
    fn ids(&self, text: &str, which: Which) -> Vec<u32> {
        match self {
            Lexical::Dictionary(d, _) => d.sentence_keys(text, which),
            Lexical::Learned(l, _) => learned_keys(l, text, which),
        }
    }

    fn weight(&self) -> f32 {
        match self {
            Lexical::Dictionary(_, w) | Lexical::Learned(_, w) => *w,
        }
    }
}

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
//! # How lexical evidence enters the bead cost
//!
//! [`Dictionary`] and the learned lexicon plug into the aligner through [`Lexical`], an
//! [`Evidence`]: every sentence's concept (or link) ids are computed once per document, each id
//! weighted by `Params::dictionary` or `Params::learned` and lowered for ids frequent in the
//! document (`1 / (1 + ln df)`, the same rarity weighting anchors get). The lexical ids live in a
//! channel of their own, apart from anchors: a bead's *lexical similarity* is the Dice share
//! `2·shared / (mass(source side) + mass(target side))` of that weight, which normalises by the
//! size of both sides, and the cost falls by `Params::lexical` times it. A pair whose lexical
//! similarity reaches `Params::lexical_enough` is not charged the no-evidence penalty that a pair
//! without a shared anchor otherwise pays.
//!
//! # How the weights were fitted
//!
//! Once, on all development sets together, never per document or per set: a grid over
//! `lexical` ∈ {0, 1, 2, 3, 5, 6, 8, 10, 12}, `lexical_enough` ∈ {off, 0.01, 0.2, 0.4}, the
//! learned weight relative to the dictionary ∈ {0, 0.5, 1, 2}, and the learner's settings
//! (prefix ∈ {whole word, 4, 5, 6}, `min_score` ∈ {0.2, 0.3, 0.4, 0.5}, `max_df` ∈
//! {0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5}, `max_links` ∈ {1, 2, 3, 5}, the learner's bead score
//! threshold ∈ {0.5, 0.8, 0.9}), explored one or two at a time around the best point, maximising
//! the mean strict F1 over `iden-dev/hard`, `panl-dev/hard` and the Text+Berg test documents
//! (`scripts/eval_align.sh`, presegmented, default settings); the clean `iden-dev` and
//! `panl-dev` sets were watched so as not to get worse. The surface is flat near the chosen
//! point (`lexical` 8–10, `lexical_enough` 0.4, prefix 5–6, `max_df` 0.25–0.3, one link per
//! word: mean F1 within 0.002), so the values are not tuned to a single document.
//!
//! User dictionaries (`--dictionary FILE`) use the same TSV format, with the
//! *source* language in the first column (`source<TAB>target1|target2`), and
//! are loaded by [`Dictionary::with_user`]: for English–Indonesian they are
//! merged into a copy of the bundled lexicon (columns swapped when English is
//! the source, [`bundled::Lexicon::extend_from_tsv_swapped`]); for any other
//! pair they are parsed with [`bundled::Lexicon::from_tsv_with`] and looked up
//! in lowercase ([`morph::Morphology::Identity`]).

pub mod bundled;
pub mod learned;
pub mod morph;

use std::borrow::Cow;

use crate::lang::{Bundled, Lang};

use bundled::{bundled_id_en, Column, Lexicon, LexiconError};
use learned::{tokens, LearnedLexicon};

use super::evidence::{Evidence, Which};

/// A dictionary oriented for one run: which of its columns holds the source language and which
/// the target. For English–Indonesian (either direction) it is the bundled lexicon, with the
/// user's entries added; for any other pair, the user's dictionary alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    lexicon: Cow<'static, Lexicon>,
    src: Column,
    tgt: Column,
    /// The user's TSV text that was added, if any (kept so that a saved model can carry it).
    user: Option<std::sync::Arc<str>>,
}

impl Dictionary {
    /// The bundled dictionary of a language pair, if there is one: English and Indonesian in
    /// either direction.
    pub fn for_pair(src_lang: Lang, tgt_lang: Lang) -> Option<Dictionary> {
        let (src, tgt) = bundled_columns(src_lang, tgt_lang)?;
        Some(Dictionary {
            lexicon: Cow::Borrowed(bundled_id_en()),
            src,
            tgt,
            user: None,
        })
    }

    /// The dictionary of a language pair with a user dictionary added: TSV text, one entry per
    /// line, `source<TAB>target1|target2|...` (source language first). For English–Indonesian
    /// the entries join the bundled lexicon; otherwise they are the whole dictionary, each column
    /// looked up with its language's [`morph::Morphology`].
    pub fn with_user(
        src_lang: Lang,
        tgt_lang: Lang,
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
                    user: Some(text.into()),
                })
            }
            None => Ok(Dictionary {
                lexicon: Cow::Owned(Lexicon::from_tsv_with(
                    text,
                    src_lang.morphology(),
                    tgt_lang.morphology(),
                )?),
                src: Column::First,
                tgt: Column::Second,
                user: Some(text.into()),
            }),
        }
    }

    /// The concept ids of a tokenised sentence added to `ids`, unsorted, with repeats.
    pub fn keys_into(&self, words: &[&str], which: Which, ids: &mut Vec<u32>) {
        let column = match which {
            Which::Source => self.src,
            Which::Target => self.tgt,
        };
        self.lexicon.sentence_keys_into(column, words, ids);
    }

    /// The user's dictionary text (TSV) added to the pair's bundled one, or making up the whole
    /// dictionary of another pair; `None` for the bundled dictionary alone.
    pub fn user_text(&self) -> Option<&str> {
        self.user.as_deref()
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
fn bundled_columns(src_lang: Lang, tgt_lang: Lang) -> Option<(Column, Column)> {
    match (src_lang.bundled()?, tgt_lang.bundled()?) {
        (Bundled::English, Bundled::Indonesian) => Some((Column::Second, Column::First)),
        (Bundled::Indonesian, Bundled::English) => Some((Column::First, Column::Second)),
        _ => None,
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

    fn ids_into(&self, _text: &str, words: &[&str], which: Which, out: &mut Vec<u32>) {
        match self {
            Lexical::Dictionary(d, _) => d.keys_into(words, which, out),
            Lexical::Learned(l, _) => l.keys_into(words, which == Which::Source, out),
        }
    }

    fn weight(&self) -> f32 {
        match self {
            Lexical::Dictionary(_, w) | Lexical::Learned(_, w) => *w,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::learned::{LearnerConfig, LexiconLearner};
    use super::*;
    use crate::align::evidence::{Params, Scorer};
    use crate::align::{AlignConfig, Aligner, Model, ModelFitter, Side};
    use crate::lang::Lang;
    use std::sync::Arc;

    #[test]
    fn bundled_dictionary_only_for_english_and_indonesian() {
        assert!(Dictionary::for_pair(Lang::EN, Lang::ID).is_some());
        assert!(Dictionary::for_pair(
            "id-ID".parse::<Lang>().unwrap(),
            "en_GB".parse::<Lang>().unwrap()
        )
        .is_some());
        assert!(
            Dictionary::for_pair("de".parse::<Lang>().unwrap(), "fr".parse::<Lang>().unwrap())
                .is_none()
        );
        assert!(Dictionary::for_pair(Lang::EN, Lang::MS).is_none());
        assert!(Model::for_pair(Lang::EN, Lang::ID).dictionary.is_some());
        assert!(
            Model::for_pair("de".parse::<Lang>().unwrap(), "fr".parse::<Lang>().unwrap())
                .dictionary
                .is_none()
        );
    }

    #[test]
    fn user_dictionaries_are_source_first_in_either_direction() {
        let en_id =
            Dictionary::with_user(Lang::EN, Lang::ID, "zqxcat\tzqxkucing\n").expect("valid");
        let id_en =
            Dictionary::with_user(Lang::ID, Lang::EN, "zqxkucing\tzqxcat\n").expect("valid");
        for (d, src, tgt) in [
            (&en_id, "The zqxcats sleep.", "zqxkucingnya tidur."),
            (&id_en, "zqxkucingnya tidur.", "The zqxcats sleep."),
        ] {
            let s = d.sentence_keys(src, Which::Source);
            let t = d.sentence_keys(tgt, Which::Target);
            assert_eq!(bundled::count_shared(&s, &t), 2, "{src} / {tgt}");
        }
        let de_fr = Dictionary::with_user(
            "de".parse::<Lang>().unwrap(),
            "fr".parse::<Lang>().unwrap(),
            "Gipfel\tsommet\n",
        )
        .expect("valid");
        let s = de_fr.sentence_keys("Der Gipfel.", Which::Source);
        let t = de_fr.sentence_keys("Le sommet.", Which::Target);
        assert_eq!(bundled::count_shared(&s, &t), 1);
        assert_eq!(
            Dictionary::with_user(
                "de".parse::<Lang>().unwrap(),
                "fr".parse::<Lang>().unwrap(),
                "x\n"
            )
            .unwrap_err()
            .line(),
            1
        );
    }

    /// The cost of pairing source sentence 0 with target sentence `t`.
    fn pair_cost(scorer: &Scorer, t: usize) -> f32 {
        let (shared, lex) = scorer.pair_shared_both(0, t);
        scorer.cost(0, 1, t, t + 1, 0.0, shared, lex).cost
    }

    #[test]
    fn the_lexical_score_prefers_the_translation_of_the_same_length() {
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let params = Params::default();
        let src = ["The farmers sold their rice at the market."];
        // Two candidates of the same length; only the first translates the source.
        let tgt = [
            "Para petani menjual beras mereka di pasar.",
            "Guru itu membaca buku tebal di sekolahnya.",
        ];
        assert_eq!(tgt[0].chars().count(), tgt[1].chars().count());
        let lexical = model.lexical_evidence(&params);
        let evidence: Vec<&dyn Evidence> = lexical.iter().map(|e| e as &dyn Evidence).collect();
        let with = Scorer::new(
            &model,
            params,
            &Side::plain(&src),
            &Side::plain(&tgt),
            &evidence,
        );
        assert!(with.pair_shared_both(0, 0).1 > 2.0 * with.pair_shared_both(0, 1).1);
        assert!(pair_cost(&with, 0) + 1.0 < pair_cost(&with, 1));
        // Without the lexicon, the two are the same to the aligner.
        let without = Scorer::new(&model, params, &Side::plain(&src), &Side::plain(&tgt), &[]);
        assert!((pair_cost(&without, 0) - pair_cost(&without, 1)).abs() < 1e-3);
    }

    /// Made-up languages without shared letters (no cognates, no anchors): word `i` of the source
    /// language and its translation, both four letters long.
    fn word(i: usize, source: bool) -> String {
        let (cons, vows) = if source {
            (b"bdgkm", b"aiu")
        } else {
            (b"prstv", b"eoy")
        };
        let syl = |k: usize| format!("{}{}", cons[k % 5] as char, vows[(k / 5) % 3] as char);
        format!("{}{}", syl(i % 15), syl(i / 15 + 1))
    }

    /// A sentence of five words, picked by a simple generator from 45 words, on each side.
    fn sentence_pair(seed: usize) -> (String, String) {
        let picks: Vec<usize> = (0..5)
            .map(|k| (seed * 7 + k * 13 + seed / 3) % 45)
            .collect();
        let side = |source: bool| {
            let words: Vec<String> = picks.iter().map(|&i| word(i, source)).collect();
            let mut s = words.join(" ");
            s.push('.');
            s
        };
        (side(true), side(false))
    }

    fn count_right(beads: &[crate::align::Bead], gold: &[(usize, usize, usize, usize)]) -> usize {
        beads
            .iter()
            .filter(|b| gold.contains(&(b.src.start, b.src.end, b.tgt.start, b.tgt.end)))
            .count()
    }

    #[test]
    fn a_learned_lexicon_fixes_an_alignment_that_length_cannot() {
        // Learn from a synthetic parallel corpus.
        let mut learner = LexiconLearner::new(LearnerConfig::default());
        for k in 0..400 {
            let (s, t) = sentence_pair(k);
            learner.observe_text(&s, &t);
        }
        let learned = learner.finish();
        assert!(learned.is_linked(&word(3, true), &word(3, false)));
        assert!(!learned.is_linked(&word(3, true), &word(4, false)));

        // A document whose sentences all have the same length, with source sentence 3 left out
        // of the translation: length alone cannot tell which one is missing.
        let pairs: Vec<(String, String)> = (1000..1007).map(sentence_pair).collect();
        let src: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
        let tgt: Vec<&str> = pairs
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != 3)
            .map(|(_, p)| p.1.as_str())
            .collect();
        let gold: Vec<(usize, usize, usize, usize)> = (0..7)
            .map(|k| match k {
                0..=2 => (k, k + 1, k, k + 1),
                3 => (3, 4, 3, 3),
                _ => (k, k + 1, k - 1, k),
            })
            .collect();
        let plain = Model::for_pair("xx".parse::<Lang>().unwrap(), "yy".parse::<Lang>().unwrap());
        let mut with = plain.clone();
        with.learned = Some(Arc::new(learned));
        let (s, t) = (Side::plain(&src), Side::plain(&tgt));
        let before = Aligner::new(&plain, AlignConfig::default()).align(&s, &t);
        let after = Aligner::new(&with, AlignConfig::default()).align(&s, &t);
        assert_eq!(count_right(&after, &gold), gold.len(), "{after:?}");
        assert!(count_right(&before, &gold) < gold.len(), "{before:?}");
    }

    #[test]
    fn the_fitter_learns_a_lexicon_the_same_way_in_parallel() {
        use rayon::prelude::*;
        let docs: Vec<(Vec<String>, Vec<String>)> = (0..40)
            .map(|d| {
                let pairs: Vec<(String, String)> =
                    (0..12).map(|k| sentence_pair(d * 12 + k)).collect();
                pairs.into_iter().unzip()
            })
            .collect();
        let base = Model::for_pair("xx".parse::<Lang>().unwrap(), "yy".parse::<Lang>().unwrap());
        let fit = |docs: &[(Vec<String>, Vec<String>)]| {
            docs.par_iter()
                .fold(
                    || ModelFitter::new(base.clone()),
                    |mut f, (s, t)| {
                        let s: Vec<&str> = s.iter().map(String::as_str).collect();
                        let t: Vec<&str> = t.iter().map(String::as_str).collect();
                        f.observe(&s, &t);
                        f
                    },
                )
                .reduce(
                    || ModelFitter::new(base.clone()),
                    |mut a, b| {
                        a.merge(b);
                        a
                    },
                )
                .finish()
        };
        let model = fit(&docs);
        let learned = model.learned.clone().expect("a lexicon is learned");
        assert!(learned.is_linked(&word(7, true), &word(7, false)));
        let mut reversed = docs.clone();
        reversed.reverse();
        assert_eq!(fit(&reversed).learned, model.learned);
    }
}

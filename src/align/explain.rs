//! Why a pair was chosen, in words a reviewer can check: what the two sides share that the
//! aligner counts as evidence. The anchors they share (numbers, dates and times, names and
//! acronyms, links), the word pairs that the lexicons link (the dictionary of the language pair
//! or the user's, and the lexicon learned from the corpus), and the cognates (words spelled
//! alike once reduced to a rough phonetic spelling).
//!
//! The reasons are found again from the sentences with the same rules the aligner's evidence
//! uses (the anchors of the bead cost, the model's lexicons), so they are what the bead's score rests on
//! besides the length ratio, which every pair has. A pair with no reason at all was chosen on
//! length alone: the weakest kind of evidence, worth a look.

use std::sync::Arc;

use super::anchors::{phonetic, typed_anchors, AnchorKind};
use super::evidence::Which;
use super::lexicon::learned::{tokens, units_into, LearnedLexicon, Units};
use super::lexicon::Dictionary;
use super::Model;
use crate::lang::Lang;

/// The most reasons given for one pair (the strongest kinds first).
pub const MAX_REASONS: usize = 8;
/// The most reasons of one kind given for one pair.
pub const MAX_PER_KIND: usize = 3;
/// Word pairs of words this short on both sides, or with a word shorter on one (function words:
/// `in` and `yang`), are not given as reasons.
const SHORT_WORD: usize = 3;
/// Letters a cognate key keeps, and the fewest it needs (as the anchors' cognates).
const COGNATE_LETTERS: usize = 5;

/// What kind of evidence a [`Reason`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReasonKind {
    /// The same number (`1.500` and `1,500`), time or month on both sides.
    Number,
    /// The same link or e-mail address.
    Link,
    /// The same name or acronym.
    Name,
    /// Two words that the dictionary gives as translations.
    Dictionary,
    /// Two words that the lexicon learned from the corpus links.
    Learned,
    /// Two words spelled alike (`technology`, `teknologi`).
    Cognate,
}

impl ReasonKind {
    /// The kind's name, as the review page shows it.
    pub fn name(self) -> &'static str {
        match self {
            ReasonKind::Number => "number",
            ReasonKind::Link => "link",
            ReasonKind::Name => "name",
            ReasonKind::Dictionary => "dictionary",
            ReasonKind::Learned => "learned",
            ReasonKind::Cognate => "cognate",
        }
    }
}

/// One piece of evidence that a pair shares: a token of the source and one of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// What kind of evidence it is.
    pub kind: ReasonKind,
    /// The source's token (a word, or a number as written).
    pub src: String,
    /// The target's token.
    pub tgt: String,
}

/// Finds the [`Reason`]s of pairs with the lexicons of one model.
#[derive(Debug, Clone)]
pub struct Explainer {
    dictionary: Option<Arc<Dictionary>>,
    learned: Option<Arc<LearnedLexicon>>,
    /// What the learned lexicon's units are on each side (words; characters for Chinese…).
    units: (Units, Units),
}

impl Explainer {
    /// The explainer of a run's fitted model (its dictionary and learned lexicon).
    pub fn new(model: &Model) -> Explainer {
        Explainer {
            dictionary: model.dictionary.clone(),
            learned: model.learned.clone(),
            units: (model.src_units, model.tgt_units),
        }
    }

    /// The explainer of a language pair before any corpus: its bundled dictionary, if any.
    pub fn for_pair(src: Lang, tgt: Lang) -> Explainer {
        Explainer::new(&Model::for_pair(src, tgt))
    }

    /// The reasons shared by a pair's source sentences `src` and target sentences `tgt`: at most
    /// [`MAX_REASONS`], and [`MAX_PER_KIND`] of a kind; numbers first, then links, names,
    /// dictionary and learned word pairs (longer words first), and cognates; each token pair
    /// once.
    ///
    /// ```
    /// use selaras::align::explain::{Explainer, ReasonKind};
    /// use selaras::lang::Lang;
    ///
    /// let explainer = Explainer::for_pair(Lang::EN, Lang::ID);
    /// let reasons = explainer.explain(
    ///     &["The minister visited Bandung with 1,500 officials."],
    ///     &["Menteri mengunjungi Bandung bersama 1.500 pejabat."],
    /// );
    /// let kinds: Vec<ReasonKind> = reasons.iter().map(|r| r.kind).collect();
    /// assert_eq!(kinds[..2], [ReasonKind::Number, ReasonKind::Name]);
    /// assert_eq!((reasons[0].src.as_str(), reasons[0].tgt.as_str()), ("1,500", "1.500"));
    /// assert!(reasons.iter().any(|r| r.kind == ReasonKind::Dictionary && r.tgt == "Menteri"));
    /// ```
    pub fn explain<'a>(&self, src: &[&'a str], tgt: &[&'a str]) -> Vec<Reason> {
        let mut out = Vec::new();
        shared_anchors(src, tgt, &mut out);
        let src_words: Vec<&str> = src.iter().flat_map(|s| tokens(s)).collect();
        let tgt_words: Vec<&str> = tgt.iter().flat_map(|s| tokens(s)).collect();
        if let Some(dictionary) = &self.dictionary {
            let ids = |words: &[&str], which| {
                word_ids(words, |w, ids| dictionary.keys_into(&[w], which, ids))
            };
            linked(
                ReasonKind::Dictionary,
                true,
                &src_words,
                &ids(&src_words, Which::Source),
                &tgt_words,
                &ids(&tgt_words, Which::Target),
                &mut out,
            );
        }
        if let Some(learned) = &self.learned {
            // The learned lexicon links units: words, or the characters and character pairs of
            // a script written without spaces.
            let units = |side: &[&'a str], of: Units| -> Vec<&'a str> {
                let mut out = Vec::new();
                for s in side {
                    units_into(s, of, &mut out);
                }
                out
            };
            let (src_units, tgt_units) = (units(src, self.units.0), units(tgt, self.units.1));
            let src_ids = word_ids(&src_units, |w, ids| ids.extend(learned.src_word_keys(w)));
            let tgt_ids = word_ids(&tgt_units, |w, ids| ids.extend(learned.tgt_word_keys(w)));
            linked(
                ReasonKind::Learned,
                self.units == (Units::Words, Units::Words),
                &src_units,
                &src_ids,
                &tgt_units,
                &tgt_ids,
                &mut out,
            );
        }
        cognates(&src_words, &tgt_words, &mut out);
        // Each token pair once, under its strongest kind; a word already explained by a
        // stronger kind is not given again as a cognate.
        let mut seen: Vec<(String, String)> = Vec::new();
        out.retain(|r| {
            let key = (r.src.to_lowercase(), r.tgt.to_lowercase());
            let repeat = seen.contains(&key)
                || (r.kind == ReasonKind::Cognate
                    && seen.iter().any(|(s, t)| *s == key.0 || *t == key.1));
            if !repeat {
                seen.push(key);
            }
            !repeat
        });
        // The strongest kinds first; of word pairs, the longer words first (content words say
        // more to a reader than function words), and a few of each kind.
        out.sort_by(|a, b| {
            let lexical = matches!(a.kind, ReasonKind::Dictionary | ReasonKind::Learned);
            a.kind.cmp(&b.kind).then_with(|| {
                if lexical {
                    b.src.chars().count().cmp(&a.src.chars().count())
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        let mut per_kind = (None, 0);
        out.retain(|r| {
            if per_kind.0 != Some(r.kind) {
                per_kind = (Some(r.kind), 0);
            }
            per_kind.1 += 1;
            per_kind.1 <= MAX_PER_KIND
        });
        out.truncate(MAX_REASONS);
        out
    }
}

/// The anchors both sides hold: the same kind (numbers, times and months together, as do names
/// and acronyms) and the same normalised value. A capitalised word that opens a sentence is no
/// name to the aligner, nor here.
fn shared_anchors(src: &[&str], tgt: &[&str], out: &mut Vec<Reason>) {
    let class = |kind: AnchorKind| match kind {
        AnchorKind::Number | AnchorKind::Time | AnchorKind::Month | AnchorKind::NumberWord => {
            ReasonKind::Number
        }
        AnchorKind::Url => ReasonKind::Link,
        AnchorKind::Name | AnchorKind::Acronym => ReasonKind::Name,
    };
    let anchors = |side: &[&str]| -> Vec<(ReasonKind, String, String)> {
        side.iter()
            .flat_map(|s| typed_anchors(s))
            .filter(|a| !(a.key.is_empty() || a.kind == AnchorKind::Name && a.first_word))
            .map(|a| {
                let token = a
                    .token
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                (class(a.kind), a.key, token)
            })
            .collect()
    };
    let tgt_anchors = anchors(tgt);
    for (kind, key, token) in anchors(src) {
        if let Some((_, _, other)) = tgt_anchors.iter().find(|(k, v, _)| *k == kind && *v == key) {
            out.push(Reason {
                kind,
                src: token,
                tgt: other.clone(),
            });
        }
    }
}

/// The ids of each word, by `ids_of`.
fn word_ids(words: &[&str], mut ids_of: impl FnMut(&str, &mut Vec<u32>)) -> Vec<Vec<u32>> {
    words
        .iter()
        .map(|w| {
            let mut ids = Vec::new();
            ids_of(w, &mut ids);
            ids
        })
        .collect()
}

/// The word pairs that share an id: each source word with the first target word it is linked to.
/// With `words_only` (both sides cut into words), pairs of function words are left out; a unit
/// of a script without spaces (one or two Chinese characters) is short and still tells.
fn linked(
    kind: ReasonKind,
    words_only: bool,
    src_words: &[&str],
    src_ids: &[Vec<u32>],
    tgt_words: &[&str],
    tgt_ids: &[Vec<u32>],
    out: &mut Vec<Reason>,
) {
    for (word, ids) in src_words.iter().zip(src_ids) {
        if ids.is_empty() {
            continue;
        }
        let partner = tgt_words
            .iter()
            .zip(tgt_ids)
            .find(|(_, t)| t.iter().any(|id| ids.contains(id)));
        if let Some((other, _)) = partner {
            let (a, b) = (word.chars().count(), other.chars().count());
            if words_only && (a.min(b) < SHORT_WORD || a.max(b) <= SHORT_WORD) {
                continue;
            }
            out.push(Reason {
                kind,
                src: word.to_string(),
                tgt: other.to_string(),
            });
        }
    }
}

/// The word pairs whose rough phonetic spellings share their first letters (as the anchors'
/// cognate ids do), numbers and identical short words aside.
fn cognates(src_words: &[&str], tgt_words: &[&str], out: &mut Vec<Reason>) {
    let key = |w: &str| -> Option<String> {
        if w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let p = phonetic(w);
        (p.chars().count() >= COGNATE_LETTERS).then(|| p.chars().take(COGNATE_LETTERS).collect())
    };
    let tgt_keys: Vec<Option<String>> = tgt_words.iter().map(|w| key(w)).collect();
    for word in src_words {
        let Some(k) = key(word) else { continue };
        if let Some(j) = tgt_keys
            .iter()
            .position(|t| t.as_deref() == Some(k.as_str()))
        {
            out.push(Reason {
                kind: ReasonKind::Cognate,
                src: word.to_string(),
                tgt: tgt_words[j].to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap()
    }

    fn shown(reasons: &[Reason]) -> Vec<String> {
        reasons
            .iter()
            .map(|r| format!("{}:{}={}", r.kind.name(), r.src, r.tgt))
            .collect()
    }

    #[test]
    fn shared_anchors_dictionary_words_and_cognates_are_found() {
        let explainer = Explainer::for_pair(Lang::EN, Lang::ID);
        let reasons = explainer.explain(
            &["On 19 June 2024 the government in Jakarta approved the technology budget."],
            &["Pada 19 Juni 2024 pemerintah di Jakarta menyetujui anggaran teknologi."],
        );
        let shown = shown(&reasons);
        for want in [
            "number:19=19",
            "number:June=Juni",
            "number:2024=2024",
            "name:Jakarta=Jakarta",
            "dictionary:government=pemerintah",
        ] {
            assert!(shown.contains(&want.to_string()), "{want} in {shown:?}");
        }
        assert!(
            shown.iter().any(|s| s.ends_with("technology=teknologi")),
            "{shown:?}"
        );
        // Function words are left out: they say nothing to a reader.
        assert!(
            !shown
                .iter()
                .any(|s| s.contains(":in=") || s.contains(":On=")),
            "{shown:?}"
        );
        // Numbers come first, and nothing is said twice.
        assert_eq!(reasons[0].kind, ReasonKind::Number);
        let mut unique = shown.clone();
        unique.dedup();
        assert_eq!(unique.len(), shown.len());
    }

    /// Of a script without spaces, the learned lexicon links characters and character pairs; the
    /// reasons are those units (a Chinese clause used to be one "word" here, linked to nothing).
    #[test]
    fn learned_reasons_of_chinese_are_characters() {
        let zh = lang("zh");
        let mut fitter = crate::align::ModelFitter::new(Model::for_pair(zh, Lang::EN));
        let subjects = [
            ("学校", "school"),
            ("医院", "hospital"),
            ("市场", "market"),
            ("车站", "station"),
        ];
        let mut src = Vec::new();
        let mut tgt = Vec::new();
        for k in 0..120 {
            let (a, b) = subjects[k % 4];
            let (c, d) = subjects[(k / 4) % 4];
            src.push(format!("第{k}天{a}和{c}关门了"));
            tgt.push(format!("On day {k} the {b} and the {d} closed"));
        }
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
        let model = fitter.finish();
        assert!(model.learned.as_ref().is_some_and(|l| !l.is_empty()));
        let reasons = Explainer::new(&model).explain(&["医院关门了"], &["The hospital closed"]);
        let learned: Vec<&Reason> = reasons
            .iter()
            .filter(|r| r.kind == ReasonKind::Learned)
            .collect();
        assert!(!learned.is_empty(), "{reasons:?}");
        assert!(
            learned.iter().all(|r| r.src.chars().count() <= 2),
            "{learned:?}"
        );
    }

    #[test]
    fn a_pair_that_shares_nothing_has_no_reason() {
        let explainer = Explainer::for_pair(lang("de"), lang("fr"));
        assert!(explainer
            .explain(&["Es regnet heute."], &["Le chat dort."])
            .is_empty());
    }

    #[test]
    fn a_capitalised_first_word_is_no_name() {
        let explainer = Explainer::for_pair(lang("de"), lang("fr"));
        let reasons = explainer.explain(&["Dort kommt Anna."], &["Dort vient Anna."]);
        assert_eq!(shown(&reasons), ["name:Anna=Anna"]);
    }

    #[test]
    fn at_most_the_limit_of_reasons_is_given() {
        let numbers: Vec<String> = (10..40).map(|n| n.to_string()).collect();
        let text = numbers.join(" ");
        let reasons = Explainer::for_pair(Lang::EN, lang("fr")).explain(&[&text], &[&text]);
        assert_eq!(reasons.len(), MAX_PER_KIND);
        let words = "Alpha Bravo Charlie Delta Echo Foxtrot Golf 10 20 30 40 www.a.id www.b.id \
                     www.c.id www.d.id";
        let reasons = Explainer::for_pair(Lang::EN, lang("fr")).explain(&[words], &[words]);
        assert_eq!(reasons.len(), MAX_REASONS);
    }
}

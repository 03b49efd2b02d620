//! Whether a document pair is what it claims to be: each side written in its declared language,
//! and the two sides translations of each other. A pair that fails either check is *suspect*:
//! it is named in the report and on stderr, kept out of the bitext unless asked for, and a pair
//! that is not a translation has its bead scores lowered so that they stay calibrated.

use std::fmt;

use crate::align::Agreement;
use crate::export::AlignedDoc;
use crate::lang::{identify_likely, Lang};

/// The fewest sentences of a side whose language is judged.
const MIN_SENTENCES: usize = 3;
/// How much of a side the language identifier reads.
const IDENTIFY_CHARS: usize = 1500;
/// Below this ratio of shared evidence along the alignment to shared evidence at random, the
/// sides are not translations of each other. On the development sets (id–en and de–fr,
/// presegmented), every real pair's ratio is 4.7 or more and every mismatched pair's (one
/// document's source with another's target) 2.7 or less.
const AGREEMENT_RATIO: f64 = 3.5;
/// The least shared evidence (path and random together) from which agreement is judged: a pair
/// of languages with no lexicon, no cognates and few numbers (Chinese–English) shares almost
/// nothing even when aligned right, and is not judged.
const MIN_EVIDENCE: f64 = 0.01;
/// The fewest sentence pairs from which agreement is judged.
const MIN_PAIRS: usize = 3;
/// Above this share of sentences without a partner, the sides are not translations of each
/// other, whatever the few pairs share: on the development sets, real pairs leave at most 36 %
/// unaligned (whole paragraphs dropped), mismatched pairs whose few pairs happen to share
/// something leave three quarters.
const MAX_UNALIGNED_SHARE: f64 = 0.6;
/// The fewest sentences (both sides) from which the unaligned share is judged.
const MIN_SENTENCES_FOR_SHARE: usize = 8;
/// The most a bead of a pair that is not a translation scores.
const MISMATCH_SCORE_CAP: f64 = 0.2;

/// Which side of a document pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source side.
    Source,
    /// The target side.
    Target,
}

/// Why a document pair is suspect.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// One side is not written in its declared language.
    WrongLanguage {
        /// The side.
        side: Side,
        /// The language it was declared in.
        declared: Lang,
        /// The language it looks like.
        found: Lang,
    },
    /// Each side is written in the other's language: the files were swapped.
    Swapped {
        /// The source side's declared language.
        src: Lang,
        /// The target side's declared language.
        tgt: Lang,
    },
    /// The sides share too little more than unrelated texts do, or most sentences find no
    /// partner: not a translation of each other.
    NotATranslation {
        /// The evidence along the alignment and at random.
        agreement: Agreement,
        /// Sentences without a partner, and all sentences (boilerplate left out).
        unaligned: (usize, usize),
    },
    /// One side has no sentence (the file is empty, blank or all boilerplate): the other side's
    /// sentences are all left without a partner.
    EmptySide {
        /// The empty side.
        side: Side,
        /// How many sentences the other side has (boilerplate left out).
        other: usize,
    },
}

fn name(lang: Lang) -> String {
    match lang.name() {
        Some(name) => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        None => lang.code().to_string(),
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::WrongLanguage { declared, found, .. } => write!(
                f,
                "wrong language: the {declared} side looks like {} ({found}), not {}",
                name(*found),
                name(*declared)
            ),
            Problem::Swapped { src, tgt } => write!(
                f,
                "{SWAPPED}: the {src} side looks like {} and the {tgt} side like {}; \
                 swap the files or the languages",
                name(*tgt),
                name(*src)
            ),
            Problem::NotATranslation {
                agreement,
                unaligned: (without, all),
            } if !shares_too_little(agreement) => write!(
                f,
                "not a translation: {without} of {all} sentences found no partner; the files may \
                 be paired by mistake"
            ),
            Problem::NotATranslation { agreement, .. } => write!(
                f,
                "not a translation: the paired sentences share too little to be translations \
                 ({:.1} times what unrelated sentences of the two texts share, where translations \
                 share {AGREEMENT_RATIO} times as much or more); the files may be paired by mistake",
                agreement.ratio()
            ),
            Problem::EmptySide { side, other } => {
                let (empty, full, kind) = match side {
                    Side::Source => ("source", "target", "0-1"),
                    Side::Target => ("target", "source", "1-0"),
                };
                write!(
                    f,
                    "the {empty} side is empty: no sentence to align with; the {other} {full} \
                     sentence(s) are left unaligned ({kind} beads)"
                )
            }
        }
    }
}

/// Whether the aligned sentences were judged on what they share, and share too little: the
/// agreement alone says the sides do not translate each other.
fn shares_too_little(agreement: &Agreement) -> bool {
    agreement.pairs >= MIN_PAIRS
        && agreement.path + agreement.shuffled >= MIN_EVIDENCE
        && agreement.ratio() < AGREEMENT_RATIO
}

/// How the flag of a document whose sides are swapped begins (see [`is_swapped_flag`]).
const SWAPPED: &str = "swapped sides";

/// Whether a document's flag (a [`Problem`] as written) says that its sides are swapped: its
/// pairs, even those a reviewer confirms, would be written with the languages reversed.
pub fn is_swapped_flag(flag: &str) -> bool {
    flag.starts_with(SWAPPED)
}

impl Problem {
    /// A short name of the kind of problem, for the report (`wrong_language`, `swapped`,
    /// `not_a_translation`, `empty_side`).
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::WrongLanguage { .. } => "wrong_language",
            Problem::Swapped { .. } => "swapped",
            Problem::NotATranslation { .. } => "not_a_translation",
            Problem::EmptySide { .. } => "empty_side",
        }
    }
}

/// The language a side is written in, when there is enough of it to tell; `likely[0]` is the
/// side's declared language.
fn side_language(
    sentences: &[String],
    kept: impl Iterator<Item = bool>,
    likely: &[Lang],
) -> Option<Lang> {
    let mut text = String::new();
    let mut count = 0;
    for (sentence, keep) in sentences.iter().zip(kept) {
        if !keep {
            continue;
        }
        count += 1;
        if text.len() < IDENTIFY_CHARS {
            text.push_str(sentence);
            text.push(' ');
        }
    }
    if count < MIN_SENTENCES {
        return None;
    }
    // Most sides are plainly in their language; only the others are identified.
    if likely[0].plainly_written_in(&text) {
        return Some(likely[0]);
    }
    identify_likely(&text, likely).map(|found| found.lang)
}

/// Which sentences of each side are not boilerplate.
fn kept(doc: &AlignedDoc) -> (Vec<bool>, Vec<bool>) {
    let mut src = vec![true; doc.src.len()];
    let mut tgt = vec![true; doc.tgt.len()];
    for bead in doc.beads.iter().filter(|b| b.boilerplate) {
        for i in bead.src.clone() {
            src[i] = false;
        }
        for j in bead.tgt.clone() {
            tgt[j] = false;
        }
    }
    (src, tgt)
}

/// Checks an aligned document pair against its declared languages and its agreement.
pub fn check(doc: &AlignedDoc, src: Lang, tgt: Lang, agreement: &Agreement) -> Vec<Problem> {
    let mut problems = Vec::new();
    let (src_kept, tgt_kept) = kept(doc);
    // A side with nothing to align is the problem, whatever else would be said of the pair.
    let count = |kept: &[bool]| kept.iter().filter(|&&k| k).count();
    match (count(&src_kept), count(&tgt_kept)) {
        (0, 0) => {}
        (0, other) => problems.push(Problem::EmptySide {
            side: Side::Source,
            other,
        }),
        (other, 0) => problems.push(Problem::EmptySide {
            side: Side::Target,
            other,
        }),
        _ => {}
    }
    if !problems.is_empty() {
        return problems;
    }
    let found_src = src
        .is_identifiable()
        .then(|| side_language(&doc.src, src_kept.into_iter(), &[src, tgt]))
        .flatten();
    let found_tgt = tgt
        .is_identifiable()
        .then(|| side_language(&doc.tgt, tgt_kept.into_iter(), &[tgt, src]))
        .flatten();
    let wrong = |declared: Lang, found: Option<Lang>| {
        found.filter(|&found| !declared.matches_identified(found))
    };
    match (wrong(src, found_src), wrong(tgt, found_tgt)) {
        (Some(s), Some(t)) if tgt.matches_identified(s) && src.matches_identified(t) => {
            problems.push(Problem::Swapped { src, tgt });
        }
        (s, t) => {
            for (side, declared, found) in [(Side::Source, src, s), (Side::Target, tgt, t)] {
                if let Some(found) = found {
                    problems.push(Problem::WrongLanguage {
                        side,
                        declared,
                        found,
                    });
                }
            }
        }
    }
    let unaligned = unaligned(doc);
    let mostly_unaligned = unaligned.1 >= MIN_SENTENCES_FOR_SHARE
        && unaligned.0 as f64 > MAX_UNALIGNED_SHARE * unaligned.1 as f64;
    // Sides in the wrong languages are compared with the wrong tables; their agreement says
    // nothing more.
    if problems.is_empty() && (shares_too_little(agreement) || mostly_unaligned) {
        problems.push(Problem::NotATranslation {
            agreement: *agreement,
            unaligned,
        });
    }
    problems
}

/// Sentences in beads with one side empty, and all sentences, boilerplate left out.
fn unaligned(doc: &AlignedDoc) -> (usize, usize) {
    let (mut without, mut all) = (0, 0);
    for bead in doc.beads.iter().filter(|b| !b.boilerplate) {
        let n = bead.src.len() + bead.tgt.len();
        all += n;
        if !bead.is_pair() {
            without += n;
        }
    }
    (without, all)
}

/// Checks an aligned document ([`check`]) and lowers its bead scores when its sides are not
/// translations of each other ([`lower_scores`]); returns what looks wrong.
pub(crate) fn check_and_score(
    doc: &mut AlignedDoc,
    src: Lang,
    tgt: Lang,
    agreement: &Agreement,
) -> Vec<Problem> {
    let problems = check(doc, src, tgt, agreement);
    if problems
        .iter()
        .any(|p| matches!(p, Problem::NotATranslation { .. }))
    {
        lower_scores(doc, agreement);
    }
    problems
}

/// Lowers the bead scores of a pair that is not a translation, so that none of them says "sure":
/// each is scaled so that it stays below [`MISMATCH_SCORE_CAP`], and lower the less the sides
/// agree.
fn lower_scores(doc: &mut AlignedDoc, agreement: &Agreement) {
    let factor = MISMATCH_SCORE_CAP * (agreement.ratio() / AGREEMENT_RATIO).clamp(0.0, 1.0);
    for bead in &mut doc.beads {
        bead.score = (bead.score * factor * 1000.0).round() / 1000.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    const EN: [&str; 4] = [
        "The government will raise fuel prices from next week, the finance minister said.",
        "The increase is needed to keep the state budget healthy, she told reporters.",
        "Cash aid will go to poor families in every province, the ministry added.",
        "Opposition parties said they would protest outside parliament on Friday.",
    ];
    const ID: [&str; 4] = [
        "Pemerintah akan menaikkan harga bahan bakar mulai pekan depan, kata menteri keuangan.",
        "Kenaikan itu diperlukan untuk menjaga anggaran negara tetap sehat, katanya.",
        "Bantuan tunai akan diberikan kepada keluarga miskin di setiap provinsi.",
        "Partai oposisi mengatakan mereka akan berunjuk rasa di depan gedung parlemen.",
    ];

    fn doc(src: &[&str], tgt: &[&str]) -> AlignedDoc {
        AlignedDoc {
            name: "d".to_string(),
            src: src.iter().map(|s| s.to_string()).collect(),
            tgt: tgt.iter().map(|s| s.to_string()).collect(),
            beads: (0..src.len().min(tgt.len()))
                .map(|k| Bead {
                    src: k..k + 1,
                    tgt: k..k + 1,
                    score: 0.95,
                    boilerplate: false,
                })
                .collect(),
        }
    }

    fn agreement(path: f64, shuffled: f64) -> Agreement {
        Agreement {
            path,
            shuffled,
            pairs: 10,
        }
    }

    #[test]
    fn a_translation_in_the_declared_languages_passes() {
        let problems = check(&doc(&EN, &ID), Lang::EN, Lang::ID, &agreement(0.3, 0.03));
        assert_eq!(problems, []);
    }

    #[test]
    fn a_side_in_another_language_is_named() {
        let problems = check(&doc(&EN, &EN), Lang::EN, Lang::ID, &agreement(0.3, 0.03));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "wrong language: the id side looks like English (en), not Indonesian"
        );
    }

    #[test]
    fn swapped_sides_are_recognised_as_such() {
        let problems = check(&doc(&ID, &EN), Lang::EN, Lang::ID, &agreement(0.3, 0.03));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind(), "swapped");
        assert!(problems[0]
            .to_string()
            .contains("the en side looks like Indonesian"));
    }

    #[test]
    fn a_short_side_is_not_judged_on_language() {
        let problems = check(
            &doc(&EN[..2], &EN[..2]),
            Lang::EN,
            Lang::ID,
            &agreement(0.3, 0.03),
        );
        assert_eq!(problems, []);
    }

    #[test]
    fn unrelated_sides_are_not_a_translation_unless_there_is_too_little_evidence() {
        let d = doc(&EN, &ID);
        let problems = check(&d, Lang::EN, Lang::ID, &agreement(0.05, 0.04));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind(), "not_a_translation");
        // Nothing shared either way (a language pair without lexicon or anchors): not judged.
        assert_eq!(check(&d, Lang::EN, Lang::ID, &agreement(0.002, 0.0)), []);
    }

    #[test]
    fn regression_an_empty_side_was_called_not_a_translation() {
        // All source sentences in 1-0 beads and nothing shared: the empty side is the problem,
        // and it used to be reported as sentences sharing "1.0 times as much" as unrelated ones.
        let mut d = doc(&EN, &[]);
        d.beads = (0..EN.len())
            .map(|k| Bead {
                src: k..k + 1,
                tgt: 0..0,
                score: 0.5,
                boilerplate: false,
            })
            .collect();
        let problems = check(&d, Lang::EN, Lang::ID, &Agreement::default());
        assert_eq!(
            problems,
            [Problem::EmptySide {
                side: Side::Target,
                other: 4
            }]
        );
        assert_eq!(
            problems[0].to_string(),
            "the target side is empty: no sentence to align with; the 4 source sentence(s) are \
             left unaligned (1-0 beads)"
        );
    }

    #[test]
    fn a_pair_flagged_for_its_unaligned_share_says_so() {
        // Few pairs, too few to judge what they share: the unaligned share is the reason given.
        let problem = Problem::NotATranslation {
            agreement: Agreement {
                pairs: 2,
                ..agreement(0.0, 0.0)
            },
            unaligned: (9, 12),
        };
        assert!(
            problem
                .to_string()
                .contains("9 of 12 sentences found no partner"),
            "{problem}"
        );
        let problem = Problem::NotATranslation {
            agreement: agreement(0.05, 0.04),
            unaligned: (9, 12),
        };
        assert!(
            problem
                .to_string()
                .contains("(1.2 times what unrelated sentences"),
            "{problem}"
        );
    }

    #[test]
    fn scores_of_a_mismatched_pair_say_unsure() {
        let mut d = doc(&EN, &ID);
        lower_scores(&mut d, &agreement(0.05, 0.04));
        assert!(d.beads.iter().all(|b| b.score < MISMATCH_SCORE_CAP));
    }
}

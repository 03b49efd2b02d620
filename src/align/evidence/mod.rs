//! The cost of a bead: bead prior, length model, anchor evidence, punctuation, paragraphs — and
//! the plug-in point for further evidence such as a lexicon.
//!
//! A [`Scorer`] computes every per-sentence feature once (lengths as prefix sums, anchor items,
//! punctuation flags, paragraph starts), so that the search can price any bead in a handful of
//! operations. Lexical evidence plugs in through the [`Evidence`] trait: each sentence gets a set
//! of `u32` concept ids, weighted like anchors (the evidence's weight, lowered for ids frequent in
//! the document) but kept in a channel of their own: a bead is rewarded by `Params::lexical`
//! times the Dice share of lexical weight its two sides have in common (see `lexicon`'s module
//! docs for how the weights were fitted). The model's lexicons (bundled, user, learned) are added
//! by the [`super::Aligner`] itself.

mod cost;
mod features;

#[cfg(test)]
pub(crate) use cost::plain_scorer;
pub use cost::{gallop, PairLookup, Scorer};
pub(crate) use features::non_space;

/// Which side of a document a sentence is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The source side (the language translated from).
    Source,
    /// The target side (the language translated into).
    Target,
}

/// Further evidence that two sentences translate each other, as sets of shared ids.
///
/// An implementation maps each sentence to ids that both languages share (for a bilingual
/// lexicon: concept ids, so that `technology` and `teknologi` get the same id). The aligner
/// rewards a bead for the share of ids its two sides have in common (the lexical channel), each id
/// weighted by [`Evidence::weight`]. The lexicon module plugs in this way (`lexicon::Lexical`); any
/// other evidence can be added as
/// ```ignore
/// struct Lexical;
/// impl Evidence for Lexical {
///     fn ids(&self, text: &str, which: Which) -> Vec<u32> {
///         match which { Which::Source => sentence_concepts(text, "en"),
///                       Which::Target => sentence_concepts(text, "id") }
///     }
///     fn weight(&self) -> f32 { 1.0 }
/// }
/// let beads = Aligner::new(&model, config).with_evidence(&Lexical).align(&src, &tgt);
/// ```
pub trait Evidence: Sync {
    /// The ids of one sentence (any order; duplicates are ignored).
    fn ids(&self, text: &str, which: Which) -> Vec<u32>;
    /// The ids of one sentence added to `out` (any order, duplicates allowed), given its words as
    /// [`tokens`](super::lexicon::learned::tokens) splits them; the aligner calls this one. By
    /// default it calls [`Evidence::ids`].
    fn ids_into(&self, text: &str, words: &[&str], which: Which, out: &mut Vec<u32>) {
        let _ = words;
        out.extend(self.ids(text, which));
    }
    /// The weight of one id within the lexical channel (1.0: as much as a dictionary concept).
    fn weight(&self) -> f32 {
        1.0
    }
}

/// The weights of the cost, fitted on all dev sets together (see the module docs of `align`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Cost of a 1-0 or 0-1 bead.
    pub skip: f32,
    /// Extra cost of a 1-0 or 0-1 bead whose sentence the lexicons know nothing of, falling to
    /// none as the sentence's lexical weight reaches `skip_known`: that its words match nothing
    /// on the other side is evidence that it has no partner only when the lexicons could have
    /// matched them. A sentence without final punctuation (a heading, a caption, a line of
    /// furniture) costs the plain `skip`.
    pub skip_unknown: f32,
    /// The lexical weight (the sum of its lexical ids' weights) from which a sentence is known
    /// well enough to be left without partner at the plain `skip` cost.
    pub skip_known: f32,
    /// Prior cost of a 1-1 bead.
    pub one_one: f32,
    /// Prior cost of a 2-1 or 1-2 bead.
    pub two_one: f32,
    /// Prior cost of a 2-2 bead.
    pub two_two: f32,
    /// Prior cost of a 3-1 or 1-3 bead.
    pub three_one: f32,
    /// Prior cost of any larger bead (when `max_bead` > 3), before one for each of its sentences.
    pub larger: f32,
    /// Weight of the length cost.
    pub length: f32,
    /// Weight of the Dice share of anchor items shared by the two sides.
    pub dice: f32,
    /// Weight of the amount of shared anchor items, capped at `shared_cap`.
    pub shared: f32,
    /// The amount of shared anchor weight beyond which more does not count.
    pub shared_cap: f32,
    /// Penalty of a pair whose two sides share nothing, at full length.
    pub no_evidence: f32,
    /// Source characters at which the no-evidence penalty is at full strength.
    pub no_evidence_len: f32,
    /// Cost of a question or exclamation on one side only.
    pub punct_mismatch: f32,
    /// Cost of other punctuation (quotes, parentheses, colon, list) on one side only.
    pub structure_mismatch: f32,
    /// Bonus of a bead that starts a paragraph on both sides.
    pub paragraph: f32,
    /// Cost of each paragraph start inside a bead (not at its start), on either side: a bead
    /// rarely joins the end of one paragraph to the start of the next (a chapter's last line of
    /// furniture to the next chapter's title).
    pub paragraph_cross: f32,
    /// Cost of an unterminated sentence (title, caption, furniture) on one side only.
    pub unterminated_mismatch: f32,
    /// Weight of the lexical similarity (Dice share of lexical evidence: dictionary concepts
    /// and learned links, each weighted by rarity in the document).
    pub lexical: f32,
    /// Weight of a concept of the bilingual dictionary within the lexical evidence.
    pub dictionary: f32,
    /// Weight of a link of the learned lexicon within the lexical evidence.
    pub learned: f32,
    /// Lexical Dice share from which a pair counts as having evidence even without a shared
    /// anchor (the no-evidence penalty is waived).
    pub lexical_enough: f32,
    /// Prior cost of a 2-3 or 3-2 bead (tried only where the best path into the neighbouring
    /// cell ends in a 2-2, as the larger beads are; infinite: never).
    pub two_three: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params::base()
    }
}

impl Params {
    fn base() -> Self {
        Params {
            skip: 3.8,
            skip_unknown: 1.0,
            skip_known: 4.0,
            one_one: 0.0,
            two_one: 3.2,
            two_two: 5.5,
            three_one: 7.0,
            larger: 3.0,
            length: 0.5,
            dice: 10.0,
            shared: 4.5,
            shared_cap: 1.0,
            no_evidence: 1.0,
            no_evidence_len: 60.0,
            punct_mismatch: 1.0,
            structure_mismatch: 0.0,
            paragraph: 1.0,
            paragraph_cross: 5.0,
            unterminated_mismatch: 2.0,
            lexical: 10.0,
            dictionary: 1.0,
            learned: 1.0,
            lexical_enough: 0.3,
            two_three: 9.0,
        }
    }
}

/// What the cost of one bead is made of; the score uses these too.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Parts {
    /// The whole cost.
    pub cost: f32,
    /// The length cost alone (0 for skips).
    pub length: f32,
    /// Dice share of anchor weight (0 for skips).
    pub dice: f32,
    /// Shared anchor weight (0 for skips).
    pub shared: f32,
    /// Dice share of lexical weight (0 for skips).
    pub lexical: f32,
}

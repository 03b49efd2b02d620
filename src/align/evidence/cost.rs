//! The cost of a bead over the features of its sentences: the prior of its shape, the length
//! model, shared anchors and lexical ids, punctuation and paragraph starts.

use super::super::anchors::{
    Flags, FLAG_COLON_END, FLAG_EXCLAMATION, FLAG_QUESTION, FLAG_UNTERMINATED,
};
use super::super::length::length_cost;
use super::super::{Model, Side};
use super::features::{document_features, start_counts, Postings, SrcItem};
use super::{Evidence, Params, Parts};

/// Per-sentence features of both sides, and the bead cost over them.
pub struct Scorer {
    n: usize,
    m: usize,
    ratio: f32,
    variance: f32,
    params: Params,
    src_len: Vec<f32>,
    tgt_len: Vec<f32>,
    src_mass: Vec<f32>,
    tgt_mass: Vec<f32>,
    src_lex_mass: Vec<f32>,
    tgt_lex_mass: Vec<f32>,
    src_items: Vec<SrcItem>,
    src_off: Vec<usize>,
    tgt_postings: Postings,
    src_flags: Vec<Flags>,
    tgt_flags: Vec<Flags>,
    src_par: Vec<bool>,
    tgt_par: Vec<bool>,
    /// Paragraph starts among the first `i` sentences, for every `i` (`n + 1` and `m + 1` values).
    src_par_count: Vec<u32>,
    tgt_par_count: Vec<u32>,
    paragraphs: bool,
    /// What leaving each sentence without partner costs beyond the prior (see
    /// [`Params::skip_unknown`]), per side.
    src_skip: Vec<f32>,
    tgt_skip: Vec<f32>,
}

impl Scorer {
    /// Computes the features of both sides.
    pub fn new(
        model: &Model,
        params: Params,
        src: &Side<'_>,
        tgt: &Side<'_>,
        evidence: &[&dyn Evidence],
    ) -> Scorer {
        let f = document_features(src, tgt, (model.src_units, model.tgt_units), evidence);
        let (s, t) = (f.src, f.tgt);
        let src_skip = skip_extra(&params, &f.src_lex_mass, &s.flags);
        let tgt_skip = skip_extra(&params, &f.tgt_lex_mass, &t.flags);
        Scorer {
            src_skip,
            tgt_skip,
            n: src.len(),
            m: tgt.len(),
            ratio: (model.ratio as f32).clamp(0.05, 20.0),
            variance: (model.variance as f32).clamp(0.1, 1000.0),
            params,
            src_len: s.len,
            tgt_len: t.len,
            src_mass: f.src_mass,
            tgt_mass: f.tgt_mass,
            src_lex_mass: f.src_lex_mass,
            tgt_lex_mass: f.tgt_lex_mass,
            src_items: f.src_items,
            src_off: s.off,
            tgt_postings: f.tgt_postings,
            src_flags: s.flags,
            tgt_flags: t.flags,
            src_par_count: start_counts(&s.par),
            tgt_par_count: start_counts(&t.par),
            src_par: s.par,
            tgt_par: t.par,
            paragraphs: s.has_paragraphs && t.has_paragraphs,
        }
    }

    /// The largest amount by which evidence can lower a bead's cost below its prior.
    pub fn max_bonus(&self) -> f32 {
        let p = &self.params;
        p.dice.max(0.0) + p.shared.max(0.0) + p.lexical.max(0.0) + p.paragraph.max(0.0) + 1e-3
    }

    /// Expected target characters per source character.
    pub fn ratio(&self) -> f32 {
        self.ratio
    }

    /// Variance of the length model per character.
    pub fn variance(&self) -> f32 {
        self.variance
    }

    /// How many distinct ids (anchors and lexical) the document has: the range of
    /// [`SrcItem::slot`].
    pub fn ids(&self) -> usize {
        self.tgt_postings.slots()
    }

    /// Number of source sentences.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of target sentences.
    pub fn m(&self) -> usize {
        self.m
    }

    /// Characters (without spaces) of source sentences `a..b`.
    pub fn src_chars(&self, a: usize, b: usize) -> f32 {
        self.src_len[b] - self.src_len[a]
    }

    /// Characters (without spaces) of target sentences `a..b`.
    pub fn tgt_chars(&self, a: usize, b: usize) -> f32 {
        self.tgt_len[b] - self.tgt_len[a]
    }

    /// Anchor weight of source sentences `a..b`.
    pub fn src_mass(&self, a: usize, b: usize) -> f32 {
        self.src_mass[b] - self.src_mass[a]
    }

    /// Anchor weight of target sentences `a..b`.
    pub fn tgt_mass(&self, a: usize, b: usize) -> f32 {
        self.tgt_mass[b] - self.tgt_mass[a]
    }

    /// The items of source sentence `i`, each with the target sentences that hold its id (in
    /// order, with the id's weight there): the inverted index of the target side.
    pub fn src_items_with_hits(&self, i: usize) -> impl Iterator<Item = (&SrcItem, &[(u32, f32)])> {
        let postings = &self.tgt_postings;
        self.src_items[self.src_off[i]..self.src_off[i + 1]]
            .iter()
            .map(move |item| (item, postings.of(item)))
    }

    /// Lexical weight of source sentences `a..b` and target sentences `c..d` together.
    pub fn lex_mass(&self, a: usize, b: usize, c: usize, d: usize) -> f32 {
        self.src_lex_mass[b] - self.src_lex_mass[a] + self.tgt_lex_mass[d] - self.tgt_lex_mass[c]
    }

    /// The Dice share of lexical weight of a bead whose sides share `lex` of it.
    #[inline]
    fn lex_dice(&self, si: usize, i: usize, sj: usize, j: usize, lex: f32) -> f32 {
        let mass = self.lex_mass(si, i, sj, j);
        if mass > 0.0 && lex > 0.0 {
            (2.0 * lex / mass).min(1.0)
        } else {
            0.0
        }
    }

    /// The anchor and the lexical weight shared by source sentence `i` and target sentence `j`:
    /// each of `i`'s items looks for `j` among the target sentences that hold its id. Many
    /// pairs in a row are looked up faster by a [`PairLookup`].
    pub fn pair_shared_both(&self, i: usize, j: usize) -> (f32, f32) {
        self.shared_with(i, j, |_, hits, j| hits.partition_point(|&(t, _)| t < j))
    }

    /// [`Scorer::pair_shared_both`], with `seek(item, hits, j)` finding the first of an item's
    /// hits at target sentence `j` or later.
    #[inline]
    fn shared_with(
        &self,
        i: usize,
        j: usize,
        mut seek: impl FnMut(&SrcItem, &[(u32, f32)], u32) -> usize,
    ) -> (f32, f32) {
        let (mut shared, mut lex) = (0.0f32, 0.0f32);
        let j = j as u32;
        for (item, hits) in self.src_items_with_hits(i) {
            let at = seek(item, hits, j);
            if let Some(&(t, w)) = hits.get(at) {
                if t == j {
                    let w = item.weight.min(w);
                    if item.is_lexical() {
                        lex += w;
                    } else {
                        shared += w;
                    }
                }
            }
        }
        (shared, lex)
    }

    /// The anchor weight shared by source sentence `i` and target sentence `j`.
    pub fn pair_shared(&self, i: usize, j: usize) -> f32 {
        self.pair_shared_both(i, j).0
    }

    /// Prior cost of a bead shape, or `None` when the shape is not allowed.
    pub fn prior(&self, a: usize, b: usize) -> Option<f32> {
        let p = &self.params;
        match (a.min(b), a.max(b)) {
            (0, 0) => None,
            (0, 1) => Some(p.skip),
            (0, _) => None,
            (1, 1) => Some(p.one_one),
            (1, 2) => Some(p.two_one),
            (2, 2) => Some(p.two_two),
            (1, 3) => Some(p.three_one),
            (2, 3) => p.two_three.is_finite().then_some(p.two_three),
            _ => Some(p.larger + (a + b) as f32),
        }
    }

    /// The cost of a 1-0 or 0-1 bead (one side of `si..i`, `sj..j` is empty, the other holds
    /// one sentence): its prior and the sentence's share of [`Params::skip_unknown`].
    #[inline]
    fn skip_cost(&self, si: usize, i: usize, sj: usize, j: usize, prior: f32) -> f32 {
        let extra = match (i - si, j - sj) {
            (1, 0) => self.src_skip[si],
            (0, 1) => self.tgt_skip[sj],
            _ => 0.0,
        };
        prior + extra
    }

    /// The cost of a bead as [`Scorer::cost`] gives it, or infinity as soon as it is clear that
    /// the cost is `limit` or more (the search's fast path: the length cost is computed last).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn cost_below(
        &self,
        si: usize,
        i: usize,
        sj: usize,
        j: usize,
        prior: f32,
        shared: f32,
        lex: f32,
        limit: f32,
    ) -> f32 {
        if si == i || sj == j {
            return self.skip_cost(si, i, sj, j, prior);
        }
        let p = &self.params;
        let mass = self.src_mass(si, i) + self.tgt_mass(sj, j);
        let dice = if mass > 0.0 {
            (2.0 * shared / mass).min(1.0)
        } else {
            0.0
        };
        let mut cost = prior
            - p.dice * dice
            - p.shared * shared.min(p.shared_cap) / p.shared_cap
            - p.lexical * self.lex_dice(si, i, sj, j, lex);
        if self.paragraphs && self.src_par[si] && self.tgt_par[sj] {
            cost -= p.paragraph;
        }
        if cost >= limit {
            return f32::INFINITY;
        }
        self.cost(si, i, sj, j, prior, shared, lex).cost
    }

    /// The cost of the bead made of source sentences `si..i` and target sentences `sj..j`, given
    /// the anchor and the lexical weight its two sides share (the sums of
    /// [`Scorer::pair_shared_both`] over its pairs).
    #[allow(clippy::too_many_arguments)]
    pub fn cost(
        &self,
        si: usize,
        i: usize,
        sj: usize,
        j: usize,
        prior: f32,
        shared: f32,
        lex: f32,
    ) -> Parts {
        let p = &self.params;
        if si == i || sj == j {
            return Parts {
                cost: self.skip_cost(si, i, sj, j, prior),
                ..Parts::default()
            };
        }
        let sl = self.src_chars(si, i);
        let tl = self.tgt_chars(sj, j);
        let length = length_cost(sl, tl, self.ratio, self.variance);
        let mass = self.src_mass(si, i) + self.tgt_mass(sj, j);
        let dice = if mass > 0.0 {
            (2.0 * shared / mass).min(1.0)
        } else {
            0.0
        };
        let lexical = self.lex_dice(si, i, sj, j, lex);
        let mut cost = prior + p.length * length
            - p.dice * dice
            - p.shared * shared.min(p.shared_cap) / p.shared_cap
            - p.lexical * lexical;
        if shared <= 0.0 && lexical < p.lexical_enough {
            let len = sl.min(tl / self.ratio);
            cost += p.no_evidence * (len / p.no_evidence_len).min(1.0);
        }
        let diff = bead_flags(&self.src_flags[si..i]) ^ bead_flags(&self.tgt_flags[sj..j]);
        let strong = diff & (FLAG_QUESTION | FLAG_EXCLAMATION);
        let unterminated = diff & FLAG_UNTERMINATED;
        cost += p.punct_mismatch * strong.count_ones() as f32
            + p.unterminated_mismatch * unterminated.count_ones() as f32
            + p.structure_mismatch * (diff & !strong & !unterminated).count_ones() as f32;
        if self.paragraphs {
            if self.src_par[si] && self.tgt_par[sj] {
                cost -= p.paragraph;
            }
            // Paragraph starts inside the bead, after its first sentence.
            let inside = (self.src_par_count[i] - self.src_par_count[si + 1])
                + (self.tgt_par_count[j] - self.tgt_par_count[sj + 1]);
            cost += p.paragraph_cross * inside as f32;
        }
        Parts {
            cost,
            length,
            dice,
            shared,
            lexical,
        }
    }
}

/// Looks up the weight shared by many sentence pairs, one after the other, as
/// [`Scorer::pair_shared_both`] gives it: each id remembers where in its list of target sentences
/// the last look-up ended and searches onwards from there (in steps that double), so that pairs
/// taken along an alignment, whose target sentences mostly move forward, cost a few steps per
/// item however many target sentences hold a common id.
pub struct PairLookup<'s> {
    scorer: &'s Scorer,
    /// Per id (by slot), the place in its hits where its last look-up ended.
    cursors: Vec<u32>,
}

impl<'s> PairLookup<'s> {
    /// A look-up over the sentences of `scorer`.
    pub fn new(scorer: &'s Scorer) -> PairLookup<'s> {
        PairLookup {
            scorer,
            cursors: vec![0; scorer.ids()],
        }
    }

    /// The anchor and the lexical weight shared by source sentence `i` and target sentence `j`.
    pub fn shared_both(&mut self, i: usize, j: usize) -> (f32, f32) {
        let cursors = &mut self.cursors;
        self.scorer.shared_with(i, j, |item, hits, j| {
            let cursor = &mut cursors[item.slot()];
            let at = gallop(hits, *cursor as usize, j);
            *cursor = at as u32;
            at
        })
    }
}

/// The first of `hits` (sorted by target sentence) at target sentence `j` or later, searched
/// from `from` outwards in steps that double, then by halving: a few steps when the answer is
/// near `from`, as it is for look-ups that move through the sentences in order.
pub fn gallop(hits: &[(u32, f32)], from: usize, j: u32) -> usize {
    let from = from.min(hits.len());
    let (lo, hi) = if from < hits.len() && hits[from].0 < j {
        // Onwards: the answer is past `from`.
        let (mut lo, mut step) = (from + 1, 1);
        loop {
            let probe = lo + step - 1;
            if probe >= hits.len() {
                break (lo, hits.len());
            }
            if hits[probe].0 >= j {
                break (lo, probe);
            }
            lo = probe + 1;
            step *= 2;
        }
    } else {
        // Backwards: the answer is `from` or before it.
        let (mut hi, mut step) = (from, 1);
        loop {
            if hi < step {
                break (0, hi);
            }
            let probe = hi - step;
            if hits[probe].0 < j {
                break (probe + 1, hi);
            }
            hi = probe;
            step *= 2;
        }
    };
    lo + hits[lo..hi].partition_point(|&(t, _)| t < j)
}

/// Per sentence, what leaving it without partner costs beyond the prior: up to
/// `skip_unknown` as the lexicons know less of it (its lexical weight, from the prefix sums
/// `lex_mass`, against `skip_known`), nothing for a sentence without final punctuation (a
/// heading, a caption, a line of furniture). In Chinese–English literary text most sentences
/// carry little lexical weight, and one that matches nothing is far more often merged into a
/// neighbour in the gold than left out.
fn skip_extra(params: &Params, lex_mass: &[f32], flags: &[Flags]) -> Vec<f32> {
    flags
        .iter()
        .zip(lex_mass.windows(2))
        .map(|(&f, mass)| {
            if params.skip_unknown <= 0.0 || bead_flags(&[f]) & FLAG_UNTERMINATED != 0 {
                return 0.0;
            }
            let known = ((mass[1] - mass[0]) / params.skip_known).min(1.0);
            params.skip_unknown * (1.0 - known)
        })
        .collect()
}

/// The flags of a bead's side: those of its sentences together, except that a sentence that
/// ends with a colon and is followed by another in the bead does not make the side unterminated
/// (`Literatur :` and the reference it introduces are one sentence cut in two, the way the
/// translation often has them). Without this, a merge of such a fragment with its continuation
/// paid the unterminated mismatch while leaving the fragment out as a 1-0 or 0-1 bead paid
/// nothing, and the fragment was left out.
#[inline]
fn bead_flags(flags: &[Flags]) -> Flags {
    let Some((&last, inner)) = flags.split_last() else {
        return 0;
    };
    let mut out = last;
    for &f in inner {
        out |= if f & FLAG_COLON_END != 0 {
            f & !FLAG_UNTERMINATED
        } else {
            f
        };
    }
    out & !FLAG_COLON_END
}

/// A scorer of two sides without paragraphs, with the en-id model, default parameters and no
/// further evidence: what the tests of the search and of the cost start from.
#[cfg(test)]
pub(crate) fn plain_scorer(src: &[&str], tgt: &[&str]) -> Scorer {
    use super::super::{Model, Side};
    let model = Model::for_pair(crate::lang::Lang::EN, crate::lang::Lang::ID);
    Scorer::new(
        &model,
        super::Params::default(),
        &Side::plain(src),
        &Side::plain(tgt),
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;
    use crate::lang::Lang;

    /// Every pair's shared weight, merged from the two sentences' own items by id: what the
    /// inverted index must give back.
    fn shared_by_merging(src: &[&str], tgt: &[&str]) -> Vec<Vec<(f32, f32)>> {
        use super::super::super::anchors::extract_into;
        let items = |text: &str| {
            let mut items = Vec::new();
            extract_into(text, &mut items);
            super::super::features::sort_dedup_tail(&mut items, 0);
            items
        };
        let (a, b): (Vec<_>, Vec<_>) = (
            src.iter().map(|t| items(t)).collect(),
            tgt.iter().map(|t| items(t)).collect(),
        );
        a.iter()
            .map(|x| {
                b.iter()
                    .map(|y| {
                        let shared = x.iter().filter(|i| y.iter().any(|j| j.id == i.id)).count();
                        (shared as f32, 0.0)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_index_finds_every_shared_anchor_and_the_lookup_agrees() {
        let src = [
            "Putin visited Hanoi on 19 June 2024.",
            "IMF and Jakarta, 2024.",
            "Nothing here.",
            "Hanoi, Jakarta and 19 others.",
        ];
        let tgt = [
            "IMF di Jakarta 2024.",
            "Putin mengunjungi Hanoi pada 19 Juni 2024.",
            "Hanoi.",
            "Tidak ada.",
        ];
        let s = plain_scorer(&src, &tgt);
        let merged = shared_by_merging(&src, &tgt);
        // Pairs in an order that moves forward and back, as the agreement's shifted pairs do.
        let order = [
            (0, 1),
            (1, 0),
            (3, 2),
            (0, 3),
            (2, 2),
            (3, 0),
            (1, 1),
            (0, 0),
        ];
        let mut lookup = PairLookup::new(&s);
        for (i, row) in merged.iter().enumerate() {
            for (j, &(anchors, _)) in row.iter().enumerate() {
                let (shared, lex) = s.pair_shared_both(i, j);
                assert_eq!(shared > 0.0, anchors > 0.0, "pair {i} {j}");
                assert_eq!(lex, 0.0);
            }
        }
        for &(i, j) in order.iter().chain(order.iter().rev()) {
            assert_eq!(
                lookup.shared_both(i, j),
                s.pair_shared_both(i, j),
                "{i} {j}"
            );
        }
        assert!(s.pair_shared(1, 1) > 0.0 && s.pair_shared(0, 1) > s.pair_shared(0, 0));
    }

    proptest::proptest! {
        #[test]
        fn gallop_finds_what_a_binary_search_finds(
            mut targets in proptest::collection::vec(0u32..60, 0..40),
            from in 0usize..45,
            j in 0u32..65,
        ) {
            targets.sort_unstable();
            let hits: Vec<(u32, f32)> = targets.iter().map(|&t| (t, 1.0)).collect();
            let want = hits.partition_point(|&(t, _)| t < j);
            proptest::prop_assert_eq!(gallop(&hits, from, j), want);
        }
    }

    #[test]
    fn shared_anchors_lower_the_cost() {
        let src = ["Putin visited Hanoi on 19 June 2024.", "It rained."];
        let tgt = ["Putin mengunjungi Hanoi pada 19 Juni 2024.", "Hujan turun."];
        let s = plain_scorer(&src, &tgt);
        let good = s.cost(0, 1, 0, 1, 0.0, s.pair_shared(0, 0), 0.0);
        let bad = s.cost(0, 1, 1, 2, 0.0, s.pair_shared(0, 1), 0.0);
        assert!(good.cost + 3.0 < bad.cost, "{good:?} {bad:?}");
    }

    #[test]
    fn a_sentence_the_lexicons_know_nothing_of_costs_more_to_leave_out() {
        let src = [
            "The government raised the price of rice and fuel again this week.",
            "Xyzzy plugh frobnicates the quux.",
            "Xyzzy plugh",
        ];
        let tgt = ["Pemerintah menaikkan lagi harga beras dan bahan bakar minggu ini."];
        /// A lexicon of three word pairs: ids for its words, none for any other.
        struct Known;
        impl Evidence for Known {
            fn ids(&self, text: &str, _: Which) -> Vec<u32> {
                const PAIRS: [&str; 6] = [
                    "government",
                    "pemerintah",
                    "price",
                    "harga",
                    "rice",
                    "beras",
                ];
                text.split(|c: char| !c.is_alphabetic())
                    .filter_map(|w| PAIRS.iter().position(|k| k.eq_ignore_ascii_case(w)))
                    .map(|at| at as u32 / 2)
                    .collect()
            }
        }
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let p = Params::default();
        let (src_side, tgt_side) = (Side::plain(&src), Side::plain(&tgt));
        let s = Scorer::new(&model, p, &src_side, &tgt_side, &[&Known]);
        let skip = |i: usize| s.cost(i, i + 1, 1, 1, p.skip, 0.0, 0.0).cost;
        assert!(skip(0) < skip(1), "{} {}", skip(0), skip(1));
        assert_eq!(skip(1), p.skip + p.skip_unknown);
        // A line without final punctuation (a heading, a caption) is left out at the plain cost.
        assert_eq!(skip(2), p.skip);
        assert_eq!(
            s.cost_below(1, 2, 1, 1, p.skip, 0.0, 0.0, f32::INFINITY),
            skip(1)
        );
    }

    #[test]
    fn paragraph_starts_on_both_sides_are_a_bonus_not_a_wall() {
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let src = ["One.", "Two.", "Three."];
        let tgt = ["Satu.", "Dua.", "Tiga."];
        let (sp, tp) = ([0, 1, 1], [0, 1, 1]);
        let with = Scorer::new(
            &model,
            Params::default(),
            &Side::with_paragraphs(&src, &sp),
            &Side::with_paragraphs(&tgt, &tp),
            &[],
        );
        let without = Scorer::new(
            &model,
            Params::default(),
            &Side::plain(&src),
            &Side::plain(&tgt),
            &[],
        );
        let start = with.cost(1, 2, 1, 2, 0.0, 0.0, 0.0).cost;
        assert!(start < without.cost(1, 2, 1, 2, 0.0, 0.0, 0.0).cost);
        // A bead that starts inside a paragraph costs what it costs without paragraphs.
        assert_eq!(
            with.cost(2, 3, 2, 3, 0.0, 0.0, 0.0),
            without.cost(2, 3, 2, 3, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn evidence_plugs_in() {
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let src = ["aa bbb"];
        let tgt = ["xx yyy"];
        let plain = Scorer::new(
            &model,
            Params::default(),
            &Side::plain(&src),
            &Side::plain(&tgt),
            &[],
        );
        let lex = Scorer::new(
            &model,
            Params::default(),
            &Side::plain(&src),
            &Side::plain(&tgt),
            &[&Same],
        );
        assert_eq!(plain.pair_shared(0, 0), 0.0);
        assert!(lex.pair_shared_both(0, 0).1 > 1.0);
    }

    struct Same;
    impl Evidence for Same {
        fn ids(&self, text: &str, _: Which) -> Vec<u32> {
            text.split_whitespace().map(|w| w.len() as u32).collect()
        }
        fn weight(&self) -> f32 {
            2.0
        }
    }
}

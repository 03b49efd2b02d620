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

use std::cell::RefCell;

use super::anchors::{self, Flags, Item, FLAG_EXCLAMATION, FLAG_QUESTION, FLAG_UNTERMINATED};
use super::length::length_cost;
use super::{Model, Side};

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
    /// Prior cost of a 1-1 bead.
    pub one_one: f32,
    /// Prior cost of a 2-1 or 1-2 bead.
    pub two_one: f32,
    /// Prior cost of a 2-2 bead.
    pub two_two: f32,
    /// Prior cost of a 3-1 or 1-3 bead.
    pub three_one: f32,
    /// Prior cost of any larger bead (when `max_bead` > 3).
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
            one_one: 0.0,
            two_one: 3.2,
            two_two: 6.0,
            three_one: 7.0,
            larger: 9.0,
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
            lexical: 8.0,
            dictionary: 1.0,
            learned: 1.0,
            lexical_enough: 0.4,
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
    src_items: Vec<Item>,
    src_off: Vec<usize>,
    tgt_items: Vec<Item>,
    tgt_off: Vec<usize>,
    tgt_postings: Postings,
    src_flags: Vec<Flags>,
    tgt_flags: Vec<Flags>,
    src_par: Vec<bool>,
    tgt_par: Vec<bool>,
    /// Paragraph starts among the first `i` sentences, for every `i` (`n + 1` and `m + 1` values).
    src_par_count: Vec<u32>,
    tgt_par_count: Vec<u32>,
    paragraphs: bool,
}

/// How many of `starts` are set among the first `i`, for every `i`.
fn start_counts(starts: &[bool]) -> Vec<u32> {
    let mut counts = Vec::with_capacity(starts.len() + 1);
    let mut total = 0u32;
    counts.push(0);
    for &s in starts {
        total += u32::from(s);
        counts.push(total);
    }
    counts
}

/// Per-side features before the two sides are combined.
struct SideFeatures {
    len: Vec<f32>,
    /// The items of every sentence, one after the other, each sentence's sorted by id.
    items: Vec<Item>,
    /// Where each sentence's items begin in `items` (`len + 1` values).
    off: Vec<usize>,
    flags: Vec<Flags>,
    par: Vec<bool>,
    has_paragraphs: bool,
}

/// Characters of `text` that are not white space (`char::is_whitespace`), counted on the bytes:
/// a character is a byte that does not continue one, and the white space outside ASCII (no-break
/// and typographic spaces, line and paragraph separators) is recognised by its encoding.
pub(crate) fn non_space(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b < 0x80 {
            count += usize::from(!matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'));
            continue;
        }
        if b & 0xc0 == 0x80 {
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let space = match b {
            // U+0085, U+00A0
            0xc2 => matches!(next(0), 0x85 | 0xa0),
            // U+1680
            0xe1 => next(0) == 0x9a && next(1) == 0x80,
            // U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F
            0xe2 => match next(0) {
                0x80 => matches!(next(1), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
                0x81 => next(1) == 0x9f,
                _ => false,
            },
            // U+3000
            0xe3 => next(0) == 0x80 && next(1) == 0x80,
            _ => false,
        };
        count += usize::from(!space);
    }
    count
}

/// The first kind (top four bits of an item id) of lexical evidence; anchors use the kinds below.
pub const LEXICAL_KIND: u32 = 6;

/// Whether an item comes from lexical evidence rather than an anchor.
#[inline]
pub fn is_lexical(item: &Item) -> bool {
    item.id >> 28 >= LEXICAL_KIND
}

fn side_features(side: &Side<'_>, which: Which, evidence: &[&dyn Evidence]) -> SideFeatures {
    let mut len = Vec::with_capacity(side.len() + 1);
    len.push(0.0f32);
    let mut items = Vec::with_capacity(side.len() * 16);
    let mut off = Vec::with_capacity(side.len() + 1);
    off.push(0);
    let mut flags = Vec::with_capacity(side.len());
    let mut total = 0.0f32;
    let mut words: Vec<&str> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    for text in side.texts {
        total += non_space(text) as f32;
        len.push(total);
        let start = items.len();
        flags.push(anchors::extract_into(text, &mut items));
        words.clear();
        if !evidence.is_empty() {
            words.extend(super::lexicon::learned::tokens(text));
        }
        for (k, ev) in evidence.iter().enumerate() {
            let kind = LEXICAL_KIND + (k as u32).min(9);
            let w = ev.weight().clamp(0.0, 4.0);
            if w > 0.0 {
                ids.clear();
                ev.ids_into(text, &words, which, &mut ids);
                items.extend(ids.iter().map(|&id| Item {
                    id: (id & 0x0fff_ffff) | (kind << 28),
                    weight: w,
                }));
            }
        }
        sort_dedup_tail(&mut items, start);
        off.push(items.len());
    }
    let (par, has_paragraphs) = match side.paragraphs {
        Some(p) if p.len() == side.len() => {
            let starts: Vec<bool> = (0..p.len()).map(|i| i == 0 || p[i] != p[i - 1]).collect();
            let many = starts.iter().filter(|&&s| s).count() > 1;
            (starts, many)
        }
        _ => (vec![false; side.len()], false),
    };
    SideFeatures {
        len,
        items,
        off,
        flags,
        par,
        has_paragraphs,
    }
}

/// An inverted index of the target side, read through the source items: for every source item,
/// the target sentences that hold its id (in order) and the id's weight in each.
struct Postings {
    hits: Vec<(u32, f32)>,
    /// For each source item (all sentences' items, in order), its range in `hits`.
    src_ranges: Vec<(u32, u32)>,
}

/// Sorts `items[start..]` by id and keeps one item per id, the one of largest weight.
///
/// The items are sorted as plain integers: an item's key is its id, then its weight's bits
/// mapped so that their order as integers is `f32::total_cmp`'s, inverted (the largest weight
/// first); the mapping is undone afterwards. Sorting integers is much faster than sorting with
/// a comparison function, and this runs for every sentence.
fn sort_dedup_tail(items: &mut Vec<Item>, start: usize) {
    thread_local! {
        static KEYS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    }
    KEYS.with(|keys| {
        let keys = &mut *keys.borrow_mut();
        keys.clear();
        keys.extend(items[start..].iter().map(|item| {
            let bits = item.weight.to_bits();
            let ordered = bits ^ ((((bits as i32) >> 31) as u32) >> 1) ^ 0x8000_0000;
            u64::from(item.id) << 32 | u64::from(!ordered)
        }));
        keys.sort_unstable();
        keys.dedup_by_key(|key| *key >> 32);
        items.truncate(start);
        items.extend(keys.iter().map(|&key| {
            let ordered = !(key as u32);
            let bits = if ordered & 0x8000_0000 != 0 {
                ordered ^ 0x8000_0000
            } else {
                !ordered
            };
            Item {
                id: (key >> 32) as u32,
                weight: f32::from_bits(bits),
            }
        }));
    });
}

/// A map keyed by ids.
type IdMap<V> = crate::hash::FxHashMap<u32, V>;

/// What a document says of one id: in how many sentences of each side it is (items are unique
/// within a sentence), the divisor of its weight, and where its target sentences go in the
/// inverted index. A document's ids are numbered in the order they are first met (their *slot*),
/// so that an id is hashed once per item, when its slot is looked up.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdStats {
    src: u32,
    tgt: u32,
    /// `1 + ln(document frequency)`: an id in every sentence tells nothing about which
    /// sentences belong together.
    divisor: f32,
    /// Where its next target sentence goes in [`Postings::hits`]: first the start of its
    /// range, at the end the range's end.
    next: u32,
}

/// The [`IdStats`] of every id of a document, by slot, and the slot of every item of each side;
/// one pass over each side.
fn id_stats(src: &[Item], tgt: &[Item]) -> (Vec<IdStats>, Vec<u32>, Vec<u32>) {
    // Far fewer ids than items: most ids come back, within a side and across the two.
    let expected = (src.len() + tgt.len()) / 4;
    let mut slot_of: IdMap<u32> = IdMap::with_capacity_and_hasher(expected, Default::default());
    let mut stats: Vec<IdStats> = Vec::with_capacity(expected);
    let mut slots = |items: &[Item], count: fn(&mut IdStats)| -> Vec<u32> {
        items
            .iter()
            .map(|it| {
                let slot = *slot_of.entry(it.id).or_insert_with(|| {
                    stats.push(IdStats::default());
                    (stats.len() - 1) as u32
                });
                count(&mut stats[slot as usize]);
                slot
            })
            .collect()
    };
    let src_slots = slots(src, |s| s.src += 1);
    let tgt_slots = slots(tgt, |s| s.tgt += 1);
    let mut next = 0u32;
    for s in &mut stats {
        let df = s.src.max(s.tgt).max(1);
        s.divisor = 1.0 + (df as f32).ln();
        s.next = next;
        next += s.tgt;
    }
    (stats, src_slots, tgt_slots)
}

/// Lowers each item's weight by its id's [`IdStats::divisor`] (`slots` gives each item's id's
/// place in `stats`); returns the prefix sums of anchor weight and of lexical weight over the
/// sentences. With `hits`, the items are the target side's and each goes into its place in the
/// inverted index.
fn flatten(
    items: &mut [Item],
    off: &[usize],
    stats: &mut [IdStats],
    slots: &[u32],
    mut hits: Option<&mut [(u32, f32)]>,
) -> (Vec<f32>, Vec<f32>) {
    let mut mass = Vec::with_capacity(off.len());
    let mut lex_mass = Vec::with_capacity(off.len());
    mass.push(0.0f32);
    lex_mass.push(0.0f32);
    let (mut total, mut lex_total) = (0.0f32, 0.0f32);
    for (sentence, w) in off.windows(2).enumerate() {
        for (it, &slot) in items[w[0]..w[1]].iter_mut().zip(&slots[w[0]..w[1]]) {
            let s = &mut stats[slot as usize];
            it.weight /= s.divisor;
            if let Some(hits) = hits.as_deref_mut() {
                hits[s.next as usize] = (sentence as u32, it.weight);
                s.next += 1;
            }
            if is_lexical(it) {
                lex_total += it.weight;
            } else {
                total += it.weight;
            }
        }
        mass.push(total);
        lex_mass.push(lex_total);
    }
    (mass, lex_mass)
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
        let mut s = side_features(src, Which::Source, evidence);
        let mut t = side_features(tgt, Which::Target, evidence);
        let (mut stats, src_slots, tgt_slots) = id_stats(&s.items, &t.items);
        let (src_mass, src_lex_mass) = flatten(&mut s.items, &s.off, &mut stats, &src_slots, None);
        let mut hits = vec![(0u32, 0.0f32); t.items.len()];
        let (tgt_mass, tgt_lex_mass) = flatten(
            &mut t.items,
            &t.off,
            &mut stats,
            &tgt_slots,
            Some(&mut hits),
        );
        // After the target side is indexed, `next` is the end of each id's range.
        let src_ranges = src_slots
            .iter()
            .map(|&slot| {
                let s = &stats[slot as usize];
                (s.next - s.tgt, s.next)
            })
            .collect();
        let tgt_postings = Postings { hits, src_ranges };
        Scorer {
            n: src.len(),
            m: tgt.len(),
            ratio: (model.ratio as f32).clamp(0.05, 20.0),
            variance: (model.variance as f32).clamp(0.1, 1000.0),
            params,
            src_len: s.len,
            tgt_len: t.len,
            src_mass,
            tgt_mass,
            src_lex_mass,
            tgt_lex_mass,
            src_items: s.items,
            src_off: s.off,
            tgt_items: t.items,
            tgt_off: t.off,
            tgt_postings,
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
    pub fn src_items_with_hits(&self, i: usize) -> impl Iterator<Item = (&Item, &[(u32, f32)])> {
        let range = self.src_off[i]..self.src_off[i + 1];
        let postings = &self.tgt_postings;
        self.src_items[range.clone()]
            .iter()
            .zip(&postings.src_ranges[range])
            .map(move |(item, &(a, b))| (item, &postings.hits[a as usize..b as usize]))
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

    /// The anchor and the lexical weight shared by source sentence `i` and target sentence `j`.
    pub fn pair_shared_both(&self, i: usize, j: usize) -> (f32, f32) {
        let (a, b) = (
            &self.src_items[self.src_off[i]..self.src_off[i + 1]],
            &self.tgt_items[self.tgt_off[j]..self.tgt_off[j + 1]],
        );
        let (mut x, mut y, mut shared, mut lex) = (0, 0, 0.0f32, 0.0f32);
        while x < a.len() && y < b.len() {
            match a[x].id.cmp(&b[y].id) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let w = a[x].weight.min(b[y].weight);
                    if is_lexical(&a[x]) {
                        lex += w;
                    } else {
                        shared += w;
                    }
                    x += 1;
                    y += 1;
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
            _ => Some(p.larger + (a + b) as f32),
        }
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
            return prior;
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
                cost: prior,
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
        let fs = self.src_flags[si..i].iter().fold(0, |a, f| a | f);
        let ft = self.tgt_flags[sj..j].iter().fold(0, |a, f| a | f);
        let diff = fs ^ ft;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn non_space_counts_characters_as_is_whitespace_sees_them() {
        let every_space: String = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(every_space.chars().count(), 25);
        assert_eq!(non_space(&every_space), 0);
        assert_eq!(
            non_space("Jakarta (19/6/2024) \u{2013} “Bukan”\u{a0}kata\u{202f}é"),
            31
        );
    }

    proptest::proptest! {
        #[test]
        fn non_space_matches_chars_filter(text in "\\PC{0,40}|[ \u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}-\u{2030}\u{205f}\u{3000}\u{3001}a-é]{0,20}") {
            let want = text.chars().filter(|c| !c.is_whitespace()).count();
            proptest::prop_assert_eq!(non_space(&text), want);
        }

        #[test]
        fn sort_dedup_keeps_each_id_once_with_its_largest_weight(
            head in proptest::collection::vec((0u32..6, -4.0f32..4.0), 0..4),
            tail in proptest::collection::vec((0u32..6, proptest::num::f32::ANY), 0..24),
        ) {
            // Weights are never NaN (lexicon weights are clamped, anchor weights constants).
            let item = |&(id, weight): &(u32, f32)| Item { id, weight };
            let tail: Vec<Item> = tail.iter().map(item).filter(|i| !i.weight.is_nan()).collect();
            let head: Vec<Item> = head.iter().map(item).collect();
            let mut want = tail.clone();
            want.sort_by(|a, b| a.id.cmp(&b.id).then(b.weight.total_cmp(&a.weight)));
            want.dedup_by_key(|i| i.id);
            let mut items = [head.clone(), tail].concat();
            let start = head.len();
            sort_dedup_tail(&mut items, start);
            let bits = |v: &[Item]| v.iter().map(|i| (i.id, i.weight.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(&items[..start]), bits(&head));
            proptest::prop_assert_eq!(bits(&items[start..]), bits(&want));
        }
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

    #[test]
    fn shared_anchors_lower_the_cost() {
        let model = Model::for_pair(Lang::EN, Lang::ID);
        let src = ["Putin visited Hanoi on 19 June 2024.", "It rained."];
        let tgt = ["Putin mengunjungi Hanoi pada 19 Juni 2024.", "Hujan turun."];
        let s = Scorer::new(
            &model,
            Params::default(),
            &Side::plain(&src),
            &Side::plain(&tgt),
            &[],
        );
        let good = s.cost(0, 1, 0, 1, 0.0, s.pair_shared(0, 0), 0.0);
        let bad = s.cost(0, 1, 1, 2, 0.0, s.pair_shared(0, 1), 0.0);
        assert!(good.cost + 3.0 < bad.cost, "{good:?} {bad:?}");
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
}

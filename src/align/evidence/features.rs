//! The features a sentence has, computed once per document: its length without white space,
//! its anchor items and lexical ids (one item per id, weighed down by how many sentences of the
//! document hold the id), its punctuation flags, whether it opens a paragraph; and the inverted
//! index of the target side that finds, for a source item, the target sentences sharing its id.

use std::cell::RefCell;

use super::super::anchors::{self, Flags, Item};
use super::super::lexicon::learned::{units_into, Units};
use super::super::Side;
use super::{Evidence, Which};

/// How many of `starts` are set among the first `i`, for every `i`.
pub(super) fn start_counts(starts: &[bool]) -> Vec<u32> {
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
pub(super) struct SideFeatures {
    pub(super) len: Vec<f32>,
    /// The items of every sentence, one after the other, each sentence's sorted by id.
    pub(super) items: Vec<Item>,
    /// Where each sentence's items begin in `items` (`len + 1` values).
    pub(super) off: Vec<usize>,
    pub(super) flags: Vec<Flags>,
    pub(super) par: Vec<bool>,
    pub(super) has_paragraphs: bool,
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

pub(super) fn side_features(
    side: &Side<'_>,
    which: Which,
    units: Units,
    evidence: &[&dyn Evidence],
) -> SideFeatures {
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
            units_into(text, units, &mut words);
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
pub(super) struct Postings {
    pub(super) hits: Vec<(u32, f32)>,
    /// For each source item (all sentences' items, in order), its range in `hits`.
    pub(super) src_ranges: Vec<(u32, u32)>,
}

/// Sorts `items[start..]` by id and keeps one item per id, the one of largest weight.
///
/// The items are sorted as plain integers: an item's key is its id, then its weight's bits
/// mapped so that their order as integers is `f32::total_cmp`'s, inverted (the largest weight
/// first); the mapping is undone afterwards. Sorting integers is much faster than sorting with
/// a comparison function, and this runs for every sentence.
pub(super) fn sort_dedup_tail(items: &mut Vec<Item>, start: usize) {
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

/// The stretch of sentences over which an id's rarity is judged: in a longer document (a book)
/// an id's count is scaled to what a stretch of this length holds on average. The search only
/// ever weighs a sentence against its neighbourhood, and a name that recurs in every chapter of
/// a book is as telling within a chapter as it is in that chapter aligned alone; counted over
/// the whole book it would weigh next to nothing.
pub(super) const RARITY_SPAN: f32 = 1000.0;

/// A map keyed by ids.
pub(super) type IdMap<V> = crate::hash::FxHashMap<u32, V>;

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
pub(super) fn id_stats(
    src: &[Item],
    tgt: &[Item],
    sentences: usize,
) -> (Vec<IdStats>, Vec<u32>, Vec<u32>) {
    // A document longer than `RARITY_SPAN` sentences counts an id's frequency per stretch of
    // that many sentences (its count scaled down), see [`RARITY_SPAN`].
    let scale = (RARITY_SPAN / sentences.max(1) as f32).min(1.0);
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
        let df = (s.src.max(s.tgt) as f32 * scale).max(1.0);
        s.divisor = 1.0 + df.ln();
        s.next = next;
        next += s.tgt;
    }
    (stats, src_slots, tgt_slots)
}

/// Lowers each item's weight by its id's [`IdStats::divisor`] (`slots` gives each item's id's
/// place in `stats`); returns the prefix sums of anchor weight and of lexical weight over the
/// sentences. With `hits`, the items are the target side's and each goes into its place in the
/// inverted index.
pub(super) fn flatten(
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

/// What the cost needs of both sides of a document, computed once: each side's features, the
/// prefix sums of anchor and lexical weight (ids weighed down by their document frequency), and
/// the inverted index of the target side.
pub(super) struct DocFeatures {
    pub(super) src: SideFeatures,
    pub(super) tgt: SideFeatures,
    pub(super) src_mass: Vec<f32>,
    pub(super) src_lex_mass: Vec<f32>,
    pub(super) tgt_mass: Vec<f32>,
    pub(super) tgt_lex_mass: Vec<f32>,
    pub(super) tgt_postings: Postings,
}

/// Computes the [`DocFeatures`] of a pair of sides.
pub(super) fn document_features(
    src: &Side<'_>,
    tgt: &Side<'_>,
    units: (Units, Units),
    evidence: &[&dyn Evidence],
) -> DocFeatures {
    let mut s = side_features(src, Which::Source, units.0, evidence);
    let mut t = side_features(tgt, Which::Target, units.1, evidence);
    let sentences = src.len().max(tgt.len());
    let (mut stats, src_slots, tgt_slots) = id_stats(&s.items, &t.items, sentences);
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
    DocFeatures {
        src: s,
        tgt: t,
        src_mass,
        src_lex_mass,
        tgt_mass,
        tgt_lex_mass,
        tgt_postings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn rarity_is_judged_per_stretch_of_a_long_document() {
        // An id in 10 sentences of each side.
        let items = vec![Item { id: 7, weight: 1.0 }; 10];
        let divisor = |sentences: usize| id_stats(&items, &items, sentences).0[0].divisor;
        // A document up to the span counts the id's frequency as it is.
        assert!((divisor(300) - (1.0 + 10f32.ln())).abs() < 1e-6);
        assert_eq!(divisor(300), divisor(RARITY_SPAN as usize));
        // In a book ten times as long, once per chapter is once per stretch: full weight.
        assert!((divisor(10 * RARITY_SPAN as usize) - 1.0).abs() < 1e-6);
        assert!(divisor(3000) < divisor(300));
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
}

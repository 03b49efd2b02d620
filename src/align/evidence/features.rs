//! The features a sentence has, computed once per document: its length without white space,
//! its anchor items and lexical ids (one item per id, weighed down by how many sentences of the
//! document hold the id), its punctuation flags, whether it opens a paragraph; and the inverted
//! index of the target side that finds, for a source item, the target sentences sharing its id.
//!
//! The index is all that is kept of the target side's items, and only of those whose id the
//! source side holds too (the index is only ever read through a source item): a long document
//! holds each such target item once (as a hit) and each source item once (as a [`SrcItem`]: its
//! id's place in the index and its weight), eight bytes each.

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

/// The top bit of a [`SrcItem`]'s key: the item is lexical evidence.
const LEXICAL_BIT: u32 = 1 << 31;

/// A source sentence's item once the document is indexed: the place of its id among the
/// document's ids (its slot, which names its range of [`Postings::hits`]), whether it is lexical
/// evidence, and its weight (lowered by the id's document frequency).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SrcItem {
    /// The slot, with [`LEXICAL_BIT`] set for lexical evidence.
    key: u32,
    /// How much a match on this id counts.
    pub weight: f32,
}

impl SrcItem {
    /// Whether the item comes from lexical evidence rather than an anchor.
    #[inline]
    pub fn is_lexical(&self) -> bool {
        self.key & LEXICAL_BIT != 0
    }

    /// The place of the item's id among the document's ids (`0..Scorer::ids()`).
    #[inline]
    pub fn slot(&self) -> usize {
        (self.key & !LEXICAL_BIT) as usize
    }
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
    let mut room = ItemRoom::new(side.texts);
    for text in side.texts {
        room.make(&mut items, text.len());
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

/// Room for a side's items, grown by what the text read so far says the rest will need.
///
/// A long document's items are most of its memory. Grown by doubling, their vector would at
/// its last growth hold up to twice what it needs and, while it moves, three times; instead,
/// when the room runs short, the items per byte of the sentences read so far are extrapolated
/// to the side's remaining bytes (with a sixteenth more), so the vector grows to about its final
/// size once or twice.
struct ItemRoom {
    /// Bytes of the side's sentences not yet read.
    left: usize,
    /// Bytes read so far.
    read: usize,
}

impl ItemRoom {
    /// Items of short documents fit in the first allocation; below this, doubling is cheap.
    const SLACK: usize = 4096;

    fn new(texts: &[&str]) -> ItemRoom {
        ItemRoom {
            left: texts.iter().map(|t| t.len()).sum(),
            read: 0,
        }
    }

    /// Makes room in `items` before a sentence of `bytes` bytes is read.
    fn make(&mut self, items: &mut Vec<Item>, bytes: usize) {
        if items.capacity() - items.len() < Self::SLACK {
            let per_byte = items.len() as f64 / self.read.max(1) as f64;
            let more = (per_byte * self.left as f64 * 17.0 / 16.0) as usize;
            items.reserve_exact(more.max(2 * Self::SLACK));
        }
        self.read += bytes;
        self.left = self.left.saturating_sub(bytes);
    }
}

/// An inverted index of the target side: for every id of the document (by slot), the target
/// sentences that hold it (in order) and its weight in each; empty for an id the source side
/// does not hold.
pub(super) struct Postings {
    pub(super) hits: Vec<(u32, f32)>,
    /// Where each slot's hits begin (one more value than there are slots: the last is the end).
    pub(super) starts: Vec<u32>,
}

impl Postings {
    /// How many ids the document has.
    pub(super) fn slots(&self) -> usize {
        self.starts.len() - 1
    }

    /// The target sentences that hold a source item's id, with the id's weight in each.
    #[inline]
    pub(super) fn of(&self, item: &SrcItem) -> &[(u32, f32)] {
        let slot = item.slot();
        &self.hits[self.starts[slot] as usize..self.starts[slot + 1] as usize]
    }
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

/// The [`IdStats`] of every id of a document, by slot; one pass over each side, in which every
/// item's id is replaced by its key (its slot, with [`LEXICAL_BIT`] for lexical evidence): what
/// is left to know of an id once the document's ids are counted.
pub(super) fn id_stats(src: &mut [Item], tgt: &mut [Item], sentences: usize) -> Vec<IdStats> {
    // A document longer than `RARITY_SPAN` sentences counts an id's frequency per stretch of
    // that many sentences (its count scaled down), see [`RARITY_SPAN`].
    let scale = (RARITY_SPAN / sentences.max(1) as f32).min(1.0);
    // Far fewer ids than items: most ids come back, within a side and across the two, and a
    // long document repeats its ids more than a short one. The tables start at a size that
    // serves an article and grow with the document's vocabulary, not with its items.
    let expected = ((src.len() + tgt.len()) / 16).min(1 << 16);
    let mut slot_of: IdMap<u32> = IdMap::with_capacity_and_hasher(expected, Default::default());
    let mut stats: Vec<IdStats> = Vec::with_capacity(expected);
    let mut keys = |items: &mut [Item], count: fn(&mut IdStats)| {
        for it in items {
            let slot = *slot_of.entry(it.id).or_insert_with(|| {
                stats.push(IdStats::default());
                (stats.len() - 1) as u32
            });
            count(&mut stats[slot as usize]);
            it.id = slot | if is_lexical(it) { LEXICAL_BIT } else { 0 };
        }
    };
    keys(src, |s| s.src += 1);
    keys(tgt, |s| s.tgt += 1);
    let mut next = 0u32;
    for s in &mut stats {
        let df = (s.src.max(s.tgt) as f32 * scale).max(1.0);
        s.divisor = 1.0 + df.ln();
        s.next = next;
        next += s.hits();
    }
    stats
}

impl IdStats {
    /// How many hits the id has in the inverted index: one per target sentence that holds it
    /// when a source sentence holds it too. The index is only ever read through a source item,
    /// so an id of the target side alone needs no entries.
    #[inline]
    fn hits(&self) -> u32 {
        if self.src > 0 {
            self.tgt
        } else {
            0
        }
    }
}

/// The number of entries of the inverted index of a document whose ids are `stats`.
pub(super) fn hit_count(stats: &[IdStats]) -> usize {
    stats.iter().map(|s| s.hits() as usize).sum()
}

/// Lowers each item's weight by its id's [`IdStats::divisor`] (the items' ids are keys, see
/// [`id_stats`]); returns the prefix sums of anchor weight and of lexical weight over the
/// sentences. With `hits`, the items are the target side's and each whose id the source side
/// holds too goes into its place in the inverted index.
pub(super) fn flatten(
    items: &mut [Item],
    off: &[usize],
    stats: &mut [IdStats],
    mut hits: Option<&mut [(u32, f32)]>,
) -> (Vec<f32>, Vec<f32>) {
    let mut mass = Vec::with_capacity(off.len());
    let mut lex_mass = Vec::with_capacity(off.len());
    mass.push(0.0f32);
    lex_mass.push(0.0f32);
    let (mut total, mut lex_total) = (0.0f32, 0.0f32);
    for (sentence, w) in off.windows(2).enumerate() {
        for it in &mut items[w[0]..w[1]] {
            let s = &mut stats[(it.id & !LEXICAL_BIT) as usize];
            it.weight /= s.divisor;
            if let Some(hits) = hits.as_deref_mut() {
                if s.src > 0 {
                    hits[s.next as usize] = (sentence as u32, it.weight);
                    s.next += 1;
                }
            }
            if it.id & LEXICAL_BIT != 0 {
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

/// Keeps of the source side's items (keyed by slot, see [`id_stats`]) those whose id a target
/// sentence holds, and moves each sentence's start in `off` to match: an item no target
/// sentence shares finds nothing in the index. Its weight is in the source side's sums already
/// ([`flatten`]).
fn keep_found_items(items: &mut Vec<Item>, off: &mut [usize], stats: &[IdStats]) {
    let mut kept = 0;
    let mut start = 0;
    for end in off.iter_mut().skip(1) {
        for x in start..*end {
            let it = items[x];
            if stats[(it.id & !LEXICAL_BIT) as usize].tgt > 0 {
                items[kept] = it;
                kept += 1;
            }
        }
        start = *end;
        *end = kept;
    }
    items.truncate(kept);
    items.shrink_to_fit();
}

/// What the cost needs of both sides of a document, computed once: each side's features (the
/// target side's items only as its inverted index), the source items, the prefix sums of anchor
/// and lexical weight (ids weighed down by their document frequency), and the inverted index of
/// the target side.
pub(super) struct DocFeatures {
    pub(super) src: SideFeatures,
    pub(super) tgt: SideFeatures,
    pub(super) src_items: Vec<SrcItem>,
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
    let mut stats = id_stats(&mut s.items, &mut t.items, sentences);
    let (src_mass, src_lex_mass) = flatten(&mut s.items, &s.off, &mut stats, None);
    // Before the index is made: a long document's source items and its target items and index
    // are most of its memory at this point.
    keep_found_items(&mut s.items, &mut s.off, &stats);
    let mut hits = vec![(0u32, 0.0f32); hit_count(&stats)];
    let (tgt_mass, tgt_lex_mass) = flatten(&mut t.items, &t.off, &mut stats, Some(&mut hits));
    // The target items live on as their hits.
    t.items = Vec::new();
    // After the target side is indexed, `next` is the end of each id's range.
    let mut starts = Vec::with_capacity(stats.len() + 1);
    starts.push(0);
    starts.extend(stats.iter().map(|s| s.next));
    // The same allocation, its items now keyed by slot.
    let src_items: Vec<SrcItem> = std::mem::take(&mut s.items)
        .into_iter()
        .map(|it| SrcItem {
            key: it.id,
            weight: it.weight,
        })
        .collect();
    DocFeatures {
        src: s,
        tgt: t,
        src_items,
        src_mass,
        src_lex_mass,
        tgt_mass,
        tgt_lex_mass,
        tgt_postings: Postings { hits, starts },
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
    fn a_long_sides_items_grow_to_about_their_size_not_twice_it() {
        let texts: Vec<String> = (0..40_000)
            .map(|k| {
                format!(
                    "Report {k} of {} names Jakarta, Bandung, Surabaya, Medan, Makassar, IMF, \
                     ASEAN, WHO, Putin, Hanoi, Biden, Tokyo, Seoul, Paris and Lima: {} villages, \
                     {} provinces, {}.5 percent on 12 June.",
                    1990 + k % 30,
                    k % 700,
                    k % 38,
                    k % 9
                )
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let f = side_features(&Side::plain(&texts), Which::Source, Units::Words, &[]);
        let (len, cap) = (f.items.len(), f.items.capacity());
        // Far past the first allocation (16 items a sentence), yet grown by extrapolation:
        // doubling would leave it anywhere up to twice the length.
        assert!(len > 16 * texts.len(), "{len}");
        assert!(
            cap <= len + len / 8 + 2 * ItemRoom::SLACK,
            "{cap} for {len}"
        );
    }

    #[test]
    fn the_index_holds_only_the_target_items_a_source_item_can_find() {
        let src = ["Putin met the IMF in Hanoi in 2024.", "Nothing to find."];
        let tgt = [
            "Putin bertemu IMF di Hanoi pada 2024.",
            "Jokowi di Bandung, 1998.",
            "Hanoi.",
        ];
        let side = |t: &[&str], which| side_features(&Side::plain(t), which, Units::Words, &[]);
        let (mut s, mut t) = (side(&src, Which::Source), side(&tgt, Which::Target));
        let target_items = t.items.len();
        let mut stats = id_stats(&mut s.items, &mut t.items, 3);
        let shared: usize = stats
            .iter()
            .filter(|st| st.src > 0)
            .map(|st| st.tgt as usize)
            .sum();
        assert_eq!(hit_count(&stats), shared);
        // The second target sentence shares nothing with the source side.
        assert!(shared < target_items, "{shared} of {target_items}");
        let mut hits = vec![(u32::MAX, 0.0); shared];
        flatten(&mut t.items, &t.off, &mut stats, Some(&mut hits));
        assert!(hits
            .iter()
            .all(|&(sentence, _)| sentence != 1 && sentence < 3));
        assert!(hits.iter().any(|&(sentence, _)| sentence == 2));

        // The source side keeps the items a target sentence shares; the second sentence none.
        let source_items = s.items.len();
        keep_found_items(&mut s.items, &mut s.off, &stats);
        assert!(s.items.len() < source_items);
        assert_eq!(s.off.len(), 3);
        assert_eq!(s.off[1], s.off[2], "{:?}", s.off);
        assert_eq!(s.off[2], s.items.len());
        assert!(s
            .items
            .iter()
            .all(|it| stats[(it.id & !LEXICAL_BIT) as usize].tgt > 0));
    }

    #[test]
    fn rarity_is_judged_per_stretch_of_a_long_document() {
        // An id in 10 sentences of each side.
        let items = vec![Item { id: 7, weight: 1.0 }; 10];
        let divisor = |sentences: usize| {
            let (mut src, mut tgt) = (items.clone(), items.clone());
            id_stats(&mut src, &mut tgt, sentences)[0].divisor
        };
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

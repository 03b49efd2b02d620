//! A per-thread memo of what a word form maps to.
//!
//! Most of the time spent on a sentence's evidence goes into word-level work that gives the same
//! answer every time the same word comes back: stripping Indonesian affixes and stemming English
//! for the dictionary, the phonetic spelling behind a cognate key, the month and number tables.
//! Words repeat (a few tens of thousands of forms make up nearly every token of a news corpus),
//! so each worker thread keeps the answers for the forms it has met. A memo is bounded, so memory
//! stays flat however large the corpus: it holds two generations of at most [`MAX_WORDS`] forms
//! each; when the young one is full it becomes the old one (the previous old one is dropped), and
//! a form found in the old generation moves back to the young one. A form is kept only from its
//! second sighting on (a bit per hash remembers the first), so that a form met once — most of a
//! text's vocabulary, or every word of random input — costs no allocation. Frequent forms so stay
//! while rare ones pass through. Results never depend on what a memo holds: it only saves
//! recomputing them.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::hash::FxBuildHasher;
use hashbrown::HashTable;

/// The most word forms in each of a memo's two generations.
pub const MAX_WORDS: usize = 1 << 14;

/// Bits of the filter of forms sighted once (a power of two, eight per form of a generation).
const SIGHTED_BITS: usize = MAX_WORDS * 8;

/// A new identity for something whose answers a memo keeps (a lexicon): a memo is emptied when
/// it is asked on behalf of another owner, so answers of one lexicon never leak into another.
pub fn fresh_owner() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The longest form kept inline (most words): no allocation, compared a machine word at a time.
const INLINE: usize = 24;

/// A word form as a memo keeps it.
#[derive(Debug)]
enum Form {
    /// Up to [`INLINE`] bytes, zero-padded, and the length.
    Inline([u8; INLINE], u8),
    Heap(Box<[u8]>),
}

/// A word form as it is looked up: hashed once, and padded when it is short.
struct Probe<'a> {
    bytes: &'a [u8],
    padded: Option<[u8; INLINE]>,
    hash: u64,
}

impl<'a> Probe<'a> {
    fn new(word: &'a str) -> Probe<'a> {
        let bytes = word.as_bytes();
        let padded = (bytes.len() <= INLINE).then(|| {
            let mut buf = [0u8; INLINE];
            buf[..bytes.len()].copy_from_slice(bytes);
            buf
        });
        Probe {
            bytes,
            padded,
            hash: FxBuildHasher.hash_one(bytes),
        }
    }

    fn matches(&self, form: &Form) -> bool {
        match (form, &self.padded) {
            (Form::Inline(buf, len), Some(padded)) => {
                usize::from(*len) == self.bytes.len() && words_equal(buf, padded)
            }
            (Form::Heap(bytes), None) => **bytes == *self.bytes,
            _ => false,
        }
    }

    fn form(&self) -> Form {
        match self.padded {
            Some(buf) => Form::Inline(buf, self.bytes.len() as u8),
            None => Form::Heap(self.bytes.into()),
        }
    }
}

impl Form {
    fn bytes(&self) -> &[u8] {
        match self {
            Form::Inline(buf, len) => &buf[..usize::from(*len)],
            Form::Heap(bytes) => bytes,
        }
    }
}

/// Two padded forms compared eight bytes at a time, without a call to `memcmp`.
#[inline]
fn words_equal(a: &[u8; INLINE], b: &[u8; INLINE]) -> bool {
    a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| {
        u64::from_ne_bytes(x.try_into().unwrap_or_default())
            == u64::from_ne_bytes(y.try_into().unwrap_or_default())
    })
}

fn rehash<V>(entry: &(Form, V)) -> u64 {
    FxBuildHasher.hash_one(entry.0.bytes())
}

/// Word form → value, for one owner at a time.
#[derive(Debug)]
pub struct WordMemo<V> {
    owner: u64,
    young: HashTable<(Form, V)>,
    old: HashTable<(Form, V)>,
    /// Forms sighted in this generation, by a bit of their hash.
    sighted: Vec<u64>,
}

impl<V> Default for WordMemo<V> {
    fn default() -> Self {
        WordMemo {
            owner: 0,
            young: HashTable::new(),
            old: HashTable::new(),
            sighted: vec![0; SIGHTED_BITS / 64],
        }
    }
}

impl<V> WordMemo<V> {
    /// Passes the value of `word` to `then`, computing it with `compute` the first time.
    pub fn with<R>(
        &mut self,
        owner: u64,
        word: &str,
        compute: impl FnOnce(&str) -> V,
        then: impl FnOnce(&V) -> R,
    ) -> R {
        if self.owner != owner {
            self.young.clear();
            self.old.clear();
            self.sighted.fill(0);
            self.owner = owner;
        }
        let probe = Probe::new(word);
        if let Some((_, value)) = self.young.find(probe.hash, |(f, _)| probe.matches(f)) {
            return then(value);
        }
        let entry = match self.old.find_entry(probe.hash, |(f, _)| probe.matches(f)) {
            Ok(found) => found.remove().0,
            Err(_) => {
                let value = compute(word);
                if !self.sighted_before(probe.hash) {
                    return then(&value);
                }
                (probe.form(), value)
            }
        };
        let result = then(&entry.1);
        if self.young.len() >= MAX_WORDS {
            // The young generation becomes the old one; the old one's table is reused.
            std::mem::swap(&mut self.young, &mut self.old);
            self.young.clear();
            self.sighted.fill(0);
        }
        self.young.insert_unique(probe.hash, entry, rehash);
        result
    }

    /// Whether a form of this hash was sighted before in this generation; notes that it now is.
    fn sighted_before(&mut self, hash: u64) -> bool {
        let bit = (hash >> 20) as usize & (SIGHTED_BITS - 1);
        let (slot, mask) = (bit / 64, 1u64 << (bit % 64));
        let before = self.sighted[slot] & mask != 0;
        self.sighted[slot] |= mask;
        before
    }

    /// How many forms the memo holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_word_and_owner() {
        let mut memo = WordMemo::default();
        let mut calls = 0;
        for word in ["a", "b", "a", "a", "a"] {
            memo.with(
                1,
                word,
                |w| {
                    calls += 1;
                    w.len()
                },
                |_| (),
            );
        }
        // "a" is computed at its first sighting and its second (when it is kept), then no more.
        assert_eq!(calls, 3);
        assert_eq!(memo.len(), 1, "\"b\", sighted once, is not kept");
        // Another owner never sees the first one's answers.
        let seen = memo.with(2, "a", |_| 99, |v| *v);
        assert_eq!(seen, 99);
        assert_eq!(memo.len(), 0);
    }

    #[test]
    fn frequent_forms_survive_a_generation() {
        let mut memo = WordMemo::default();
        let mut computed = 0;
        let mut the = 0;
        for i in 0..3 * MAX_WORDS {
            // "the" comes back every hundred forms; the others come twice, then never again,
            // and fill generation after generation.
            if i % 100 == 0 {
                memo.with(1, "the", |_| the += 1, |_| ());
            }
            let word = i.to_string();
            for _ in 0..2 {
                memo.with(1, &word, |_| computed += 1, |_| ());
            }
        }
        // Each at least once; twice unless the filter took its first sighting for a second.
        assert!((3 * MAX_WORDS..=2 * 3 * MAX_WORDS).contains(&computed));
        assert_eq!(
            the, 2,
            "\"the\" is computed at its first two sightings only"
        );
    }

    #[test]
    fn short_and_long_forms_are_told_apart() {
        let mut memo = WordMemo::default();
        let long = "x".repeat(INLINE + 5);
        let words = [
            "a",
            "a\0",
            "",
            "abcdefgh",
            "abcdefghi",
            &long[..INLINE],
            &long[..INLINE + 1],
            &long,
        ];
        for _ in 0..3 {
            for w in words {
                assert_eq!(memo.with(1, w, str::len, |v| *v), w.len(), "{w:?}");
            }
        }
        assert_eq!(memo.len(), words.len());
    }

    #[test]
    fn stays_bounded() {
        let mut memo = WordMemo::default();
        for i in 0..3 * MAX_WORDS {
            let word = i.to_string();
            for _ in 0..2 {
                let v = memo.with(1, &word, |w| w.to_string(), Clone::clone);
                assert_eq!(v, word);
            }
        }
        assert!(memo.len() <= 2 * MAX_WORDS);
        assert!(fresh_owner() != fresh_owner());
    }
}

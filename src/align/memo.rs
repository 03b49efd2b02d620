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

use std::sync::atomic::{AtomicU64, Ordering};

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

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

/// Word form → value, for one owner at a time.
#[derive(Debug)]
pub struct WordMemo<V> {
    owner: u64,
    young: FxHashMap<Box<str>, V>,
    old: FxHashMap<Box<str>, V>,
    /// Forms sighted in this generation, by a bit of their hash.
    sighted: Vec<u64>,
}

impl<V> Default for WordMemo<V> {
    fn default() -> Self {
        WordMemo {
            owner: 0,
            young: FxHashMap::default(),
            old: FxHashMap::default(),
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
        if let Some(value) = self.young.get(word) {
            return then(value);
        }
        let (key, value) = match self.old.remove_entry(word) {
            Some(entry) => entry,
            None => {
                let value = compute(word);
                if !self.sighted_before(word) {
                    return then(&value);
                }
                (word.into(), value)
            }
        };
        let result = then(&value);
        if self.young.len() >= MAX_WORDS {
            // The young generation becomes the old one; the old one's table is reused.
            std::mem::swap(&mut self.young, &mut self.old);
            self.young.clear();
            self.sighted.fill(0);
        }
        self.young.insert(key, value);
        result
    }

    /// Whether `word` was sighted before in this generation; notes that it now is.
    fn sighted_before(&mut self, word: &str) -> bool {
        let bit = (FxBuildHasher.hash_one(word) >> 20) as usize & (SIGHTED_BITS - 1);
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

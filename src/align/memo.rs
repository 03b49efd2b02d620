//! A per-thread memo of what a word form maps to.
//!
//! Most of the time spent on a sentence's evidence goes into word-level work that gives the same
//! answer every time the same word comes back: stripping Indonesian affixes and stemming English
//! for the dictionary, the phonetic spelling behind a cognate key, the month and number tables.
//! Words repeat (a few tens of thousands of forms make up nearly every token of a news corpus),
//! so each worker thread keeps the answers for the forms it has met. A memo is bounded: when it
//! holds [`MAX_WORDS`] forms it starts again empty, so memory stays flat however large the
//! corpus. Results never depend on what a memo holds: it only saves recomputing them.

use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

/// The most word forms a memo holds before it is emptied.
pub const MAX_WORDS: usize = 1 << 13;

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
    map: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMemo<V> {
    fn default() -> Self {
        WordMemo {
            owner: 0,
            map: FxHashMap::default(),
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
            self.map.clear();
            self.owner = owner;
        }
        if let Some(value) = self.map.get(word) {
            return then(value);
        }
        if self.map.len() >= MAX_WORDS {
            self.map.clear();
        }
        let value = compute(word);
        let result = then(&value);
        self.map.insert(word.into(), value);
        result
    }

    /// How many forms the memo holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_word_and_owner() {
        let mut memo = WordMemo::default();
        let mut calls = 0;
        for word in ["a", "b", "a", "a"] {
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
        assert_eq!(calls, 2);
        // Another owner never sees the first one's answers.
        let seen = memo.with(2, "a", |_| 99, |v| *v);
        assert_eq!(seen, 99);
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn stays_bounded() {
        let mut memo = WordMemo::default();
        for i in 0..MAX_WORDS + 10 {
            let word = i.to_string();
            let v = memo.with(1, &word, |w| w.to_string(), Clone::clone);
            assert_eq!(v, word);
        }
        assert!(memo.len() <= MAX_WORDS);
        assert!(fresh_owner() != fresh_owner());
    }
}

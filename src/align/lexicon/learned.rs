//! A bilingual lexicon learned from the input itself, for any language pair.
//!
//! Where no hand-written lexicon exists (German–French, say), the documents being aligned still
//! teach which words translate each other: in the sentence pairs the aligner is already sure of,
//! `Gipfel` keeps turning up opposite `sommet`. A [`LexiconLearner`] collects such confident 1-1
//! pairs; [`LexiconLearner::finish`] turns them into a [`LearnedLexicon`] of word *links*, and the
//! aligner's second pass counts the links a candidate bead's two sides share, the same way it
//! counts the concepts of the bundled lexicon (both give sorted `u32` sets for
//! [`count_shared`](super::bundled::count_shared)).
//!
//! # How links are estimated
//!
//! Words are lowercased [`tokens`] (runs of Unicode letters and digits, with inner hyphens),
//! optionally cut to their first [`LearnerConfig::prefix`] characters (a language-agnostic
//! stand-in for stemming). Tokens without a letter (numbers: the anchors see those) and
//! one-character tokens are ignored. In scripts written without spaces the units are characters
//! instead, as the language table says ([`Units`]): every Han character or kana and every pair of
//! adjacent ones for Chinese and Japanese (a single one counts there), letter bigrams and
//! trigrams for Thai, Lao, Khmer and Burmese. Each word is kept as its 64-bit FNV-1a hash, a fixed
//! function, so the result never depends on a process's random hash seed.
//!
//! For `N` observed sentence pairs, with `f(s)` the number of pairs whose source side holds `s`,
//! `f(t)` likewise for the target, and `c(s, t)` the number holding both, the association of `s`
//! and `t` is their **Dice coefficient** `2·c(s,t) / (f(s) + f(t))`. A link is kept when
//!
//! * `c(s, t) ≥ min_count` (default 2: one co-occurrence proves nothing),
//! * Dice ≥ `min_score` (default 0.3),
//! * `t` is among the `max_links` best partners of `s` *and* `s` among the best of `t`
//!   (ranked by Dice, ties by count then hash): this mutual check removes most indirect
//!   associations (a word and the frequent neighbours of its translation).
//!
//! Words in more than `max_df` of the pairs (function words: `der`, `la`) are left out before
//! counting; they would link to everything and say nothing about which sentences belong
//! together. Dice needs one counting pass, no iteration and no table of probabilities, and on
//! words (cut to prefixes) the thresholds above answer "are these two words linked?" well on a
//! few thousand pairs. For text cut into characters ([`Units::Characters`], [`Units::Syllables`])
//! the learner scores pairs with **IBM Model 1** instead ([`Association::Ibm1`], chosen by
//! [`LearnerConfig::for_units`]): a few rounds of EM in both directions over the co-occurring
//! pairs, each pair scored by the geometric mean of `p(t | s)` and `p(s | t)`, then the same
//! thresholds and mutual best rule.
//!
//! # Cost
//!
//! [`LexiconLearner::observe`] is linear in the length of the pair. The learner keeps at most
//! `max_beads` pairs (default 20,000): the ones with the *smallest hash* of their content (a
//! bottom-k sample), so the sample, and with it the lexicon, is the same whatever order the
//! pairs arrive in and however [`LexiconLearner::merge`] combines partial learners (rayon's
//! `fold`/`reduce`). Between compactions a learner holds at most twice that, a few megabytes.
//! [`LexiconLearner::finish`] counts co-occurrences by sorting packed pair keys in blocks, so its
//! time and memory depend on the bounded sample, not on the corpus.
//!
//! # Concept ids
//!
//! Every kept link `(s, t)` gets its own id (its rank in the sorted link list). A source word maps
//! to the ids of its links, a target word to the ids of its links, so a source id equals a target
//! id exactly when the two words are linked, and the number of shared ids of two sentences is the
//! number of links between them.

use crate::hash::{FxHashMap, StableHasher};

/// The word tokens of a text, in order, as slices of it (not lowercased).
///
/// A token is a maximal run of Unicode letters, marks and digits; a hyphen between two such
/// characters stays inside the token (`Nord-Süd`, `negara-negara`), anything else separates
/// (apostrophes too: `l'été` gives `l` and `été`).
pub fn tokens(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        // The first word character from `pos`.
        let start = loop {
            let (c, len) = char_at(text, pos)?;
            if is_word_char(c) {
                break pos;
            }
            pos += len;
        };
        let mut end = start;
        let mut prev_word = false;
        while let Some((c, len)) = char_at(text, end) {
            if is_word_char(c) {
                prev_word = true;
                end += len;
                continue;
            }
            let joins = (c == '-' || c == '\u{2010}')
                && prev_word
                && char_at(text, end + len).is_some_and(|(n, _)| is_word_char(n));
            if !joins {
                break;
            }
            prev_word = false;
            end += len;
        }
        pos = end;
        Some(&text[start..end])
    })
}

/// How a language's text is cut into the units the lexicons count, chosen by the language
/// table ([`crate::lang::Lang::units`]), never guessed per sentence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Units {
    /// Space-separated words ([`tokens`]).
    #[default]
    Words,
    /// Scripts written without spaces between words whose characters carry meaning (Chinese,
    /// Japanese): every Han or kana character is a unit, and so is every pair of adjacent ones
    /// (a two-character word is the commonest kind). Runs of other letters (Latin names, codes)
    /// inside the text stay words.
    Characters,
    /// Alphabetic scripts written without spaces (Thai, Lao, Khmer, Burmese): every run of two
    /// and of three adjacent letters of the script is a unit, a stand-in for its syllables.
    Syllables,
}

/// Whether `c` is written without spaces and meaningful alone: a Han ideograph or a kana.
#[inline]
pub fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether `c` belongs to an alphabetic script written without spaces (Thai, Lao, Burmese,
/// Khmer), letters and marks.
#[inline]
fn is_unspaced_alphabetic(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// The units of a text as [`Units`] asks, added to `out` in order, as slices of the text.
///
/// With [`Units::Words`] these are the [`tokens`]. Otherwise each token is cut where it passes
/// between the script written without spaces and any other; a run of the former gives its
/// characters (and adjacent pairs) or its letter bigrams and trigrams, any other run stays one
/// word.
pub fn units_into<'a>(text: &'a str, units: Units, out: &mut Vec<&'a str>) {
    let unspaced: fn(char) -> bool = match units {
        Units::Words => {
            out.extend(tokens(text));
            return;
        }
        Units::Characters => is_ideographic,
        Units::Syllables => is_unspaced_alphabetic,
    };
    for token in tokens(text) {
        if token.is_ascii() {
            out.push(token);
            continue;
        }
        // (byte offset, whether unspaced) of each character, and the run boundaries.
        let mut run_start = 0;
        let mut run_kind: Option<bool> = None;
        for (at, c) in token
            .char_indices()
            .chain(std::iter::once((token.len(), ' ')))
        {
            let kind = (at < token.len()).then(|| unspaced(c));
            if kind != run_kind {
                if let Some(k) = run_kind {
                    let run = &token[run_start..at];
                    if k {
                        push_grams(run, units, out);
                    } else {
                        out.push(run);
                    }
                }
                run_start = at;
                run_kind = kind;
            }
        }
    }
}

/// The character n-grams of a run of one unspaced script: 1- and 2-grams for
/// [`Units::Characters`], 2- and 3-grams (or the whole run when shorter) for
/// [`Units::Syllables`].
fn push_grams<'a>(run: &'a str, units: Units, out: &mut Vec<&'a str>) {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let chars = bounds.len() - 1;
    let sizes: &[usize] = match units {
        Units::Characters => &[1, 2],
        _ => &[2, 3],
    };
    if chars < sizes[0] {
        out.push(run);
        return;
    }
    for k in 0..chars {
        for &n in sizes {
            if k + n <= chars {
                out.push(&run[bounds[k]..bounds[k + n]]);
            }
        }
    }
}

/// The character at byte `i` of `text` (a character boundary) and its length in bytes; ASCII
/// without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let &b = text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (Devanagari and Thai vowel signs, tone marks, decomposed accents) belong to
/// their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F
        // Thai, Lao, Burmese and Khmer vowel signs and tone marks.
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD
        | 0x102B..=0x103E | 0x17B4..=0x17D3)
}

/// The key of a word: the stable hash of its lowercased form cut to `prefix` characters (0: the
/// whole word). `None` for words the lexicon ignores: no letter, or a single character other
/// than a Han character or a kana.
pub fn word_key(word: &str, prefix: usize) -> Option<u64> {
    let limit = if prefix == 0 { usize::MAX } else { prefix };
    let mut hash = StableHasher::new();
    if word.is_ascii() {
        // The same key, byte by byte.
        let bytes = &word.as_bytes()[..word.len().min(limit)];
        let mut letter = false;
        for &b in bytes {
            letter |= b.is_ascii_alphabetic();
            hash.write_u8(b.to_ascii_lowercase());
        }
        return (letter && bytes.len() >= 2).then_some(hash.finish());
    }
    let (mut chars, mut letter) = (0usize, false);
    // A Han character or a kana is a word of its own (see [`Units::Characters`]).
    let single_ideograph = word.chars().next().is_some_and(is_ideographic);
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        if chars == limit {
            break;
        }
        letter |= c.is_alphabetic();
        hash.write(c.encode_utf8(&mut buf).as_bytes());
        chars += 1;
    }
    (letter && (chars >= 2 || single_ideograph)).then_some(hash.finish())
}

/// Sorted, deduplicated keys of a token list.
fn sentence_keys(words: &[&str], prefix: usize) -> Vec<u64> {
    let mut keys: Vec<u64> = words.iter().filter_map(|w| word_key(w, prefix)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Settings of a [`LexiconLearner`]; the defaults are the ones the aligner uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnerConfig {
    /// The most sentence pairs kept (a bottom-k sample by content hash).
    pub max_beads: usize,
    /// Fewest co-occurrences of a linked pair (and occurrences of a linked word).
    pub min_count: u32,
    /// Lowest score of a linked pair (its Dice coefficient, or its IBM Model 1 score).
    pub min_score: f32,
    /// The most links per word.
    pub max_links: usize,
    /// Words in more than this share of the pairs are left out (function words).
    pub max_df: f32,
    /// Words are cut to this many characters before counting (0: whole words).
    pub prefix: usize,
    /// The most distinct words counted per side of a pair (longer sentences keep their rarest).
    pub max_words: usize,
    /// How a pair of words is scored before the thresholds and the mutual best rule.
    pub association: Association,
}

/// How the learner scores the association of a source and a target word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Association {
    /// The Dice coefficient of their co-occurrence counts.
    Dice,
    /// IBM Model 1 in both directions, `iterations` rounds of EM each, over the co-occurring
    /// pairs; a pair scores the geometric mean of its two translation probabilities.
    Ibm1 {
        /// EM iterations.
        iterations: u32,
    },
}

impl LearnerConfig {
    /// The settings for text cut into `units` on either side: the defaults for words; for
    /// characters (or letter n-grams) IBM Model 1, 5 iterations, links scoring at least 0.2.
    ///
    /// Dice counts each character and character pair of a Chinese sentence as evidence of its
    /// own, so the mutual best partner of an English word is as often a neighbouring character
    /// or a pair holding the right one as the right one itself; EM lets the units of a pair
    /// compete to explain each word, which gives it to the unit that explains it best. Measured
    /// (strict F1, `scripts/eval_align.sh`): on `mac-dev` (Chinese–English) Dice 0.652, IBM
    /// Model 1 with (iterations, lowest score) (3, 0.2) 0.561, (3, 0.35) 0.477, (5, 0.1) 0.648,
    /// (5, 0.2) 0.693, (5, 0.35) 0.555, (8, 0.15) 0.660, (12, 0.1) 0.632; for words (German–French,
    /// English–Indonesian) IBM Model 1 (5, 0.2) lowered Text+Berg (0.881 → 0.875) and
    /// `iden-dev/hard` (0.9817 → 0.9811), so words keep Dice.
    pub fn for_units(src: Units, tgt: Units) -> LearnerConfig {
        if src == Units::Words && tgt == Units::Words {
            LearnerConfig::default()
        } else {
            LearnerConfig {
                association: Association::Ibm1 { iterations: 5 },
                min_score: 0.2,
                ..LearnerConfig::default()
            }
        }
    }
}

impl Default for LearnerConfig {
    fn default() -> Self {
        LearnerConfig {
            max_beads: 20_000,
            min_count: 2,
            min_score: 0.3,
            max_links: 1,
            max_df: 0.3,
            prefix: 5,
            max_words: 64,
            association: Association::Dice,
        }
    }
}

/// One observed sentence pair: its content hash and the sorted keys of both sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Observed {
    hash: u64,
    src: Box<[u64]>,
    tgt: Box<[u64]>,
}

/// Collects confident sentence pairs and learns a [`LearnedLexicon`] from them.
///
/// Deterministic: the lexicon depends only on the set of pairs observed, not on their order nor
/// on how partial learners were merged.
#[derive(Debug, Clone)]
pub struct LexiconLearner {
    config: LearnerConfig,
    beads: Vec<Observed>,
    /// Pairs offered to [`LexiconLearner::observe`] (kept or not), summed over merges.
    seen: u64,
}

impl Default for LexiconLearner {
    fn default() -> Self {
        LexiconLearner::new(LearnerConfig::default())
    }
}

impl LexiconLearner {
    /// An empty learner.
    pub fn new(config: LearnerConfig) -> LexiconLearner {
        LexiconLearner {
            config,
            beads: Vec::new(),
            seen: 0,
        }
    }

    /// The learner's settings.
    pub fn config(&self) -> &LearnerConfig {
        &self.config
    }

    /// Pairs offered so far (including those the sample left out).
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// Pairs currently held (at most twice `max_beads`; `max_beads` after [`LexiconLearner::finish`]
    /// compacts).
    pub fn held(&self) -> usize {
        self.beads.len()
    }

    /// Takes one sentence pair, given as word tokens of each side (any case), into account.
    /// A side without a usable word makes the pair useless, and it is skipped.
    pub fn observe(&mut self, src: &[&str], tgt: &[&str]) {
        self.seen += 1;
        if self.config.max_beads == 0 {
            return;
        }
        let src = sentence_keys(src, self.config.prefix);
        let tgt = sentence_keys(tgt, self.config.prefix);
        if src.is_empty() || tgt.is_empty() {
            return;
        }
        let mut hash = StableHasher::new();
        for k in src.iter().chain(&[0]).chain(tgt.iter()) {
            hash.write(&k.to_le_bytes());
        }
        self.beads.push(Observed {
            hash: hash.finish(),
            src: src.into_boxed_slice(),
            tgt: tgt.into_boxed_slice(),
        });
        if self.beads.len() >= 2 * self.config.max_beads {
            self.compact();
        }
    }

    /// Takes one sentence pair, given as texts, into account (tokenised with [`tokens`]).
    pub fn observe_text(&mut self, src: &str, tgt: &str) {
        let s: Vec<&str> = tokens(src).collect();
        let t: Vec<&str> = tokens(tgt).collect();
        self.observe(&s, &t);
    }

    /// Adds another learner's pairs to this one (for rayon's `reduce`). Both must share one
    /// configuration; this one's is kept.
    pub fn merge(&mut self, mut other: LexiconLearner) {
        self.seen += other.seen;
        if self.beads.len() < other.beads.len() {
            std::mem::swap(&mut self.beads, &mut other.beads);
        }
        self.beads.append(&mut other.beads);
        if self.beads.len() >= 2 * self.config.max_beads {
            self.compact();
        }
    }

    /// Keeps the `max_beads` distinct pairs of smallest hash.
    fn compact(&mut self) {
        self.beads.sort_unstable();
        self.beads.dedup();
        self.beads.truncate(self.config.max_beads);
    }

    /// Estimates the links (see the module docs) and returns the lexicon.
    pub fn finish(mut self) -> LearnedLexicon {
        self.compact();
        let cfg = self.config;
        let beads = self.beads;
        let n = beads.len();
        // Occurrences of each word per side, as sorted (key, count) lists.
        let src_freq = frequencies(beads.iter().map(|b| &b.src[..]));
        let tgt_freq = frequencies(beads.iter().map(|b| &b.tgt[..]));
        let max_df = ((cfg.max_df.max(0.0) as f64 * n as f64).ceil() as u32).max(MIN_DF_CAP);
        let keep = |&(_, c): &(u64, u32)| c >= cfg.min_count.max(1) && c <= max_df;
        let src_vocab: Vec<(u64, u32)> = src_freq.into_iter().filter(keep).collect();
        let tgt_vocab: Vec<(u64, u32)> = tgt_freq.into_iter().filter(keep).collect();
        let pair_counts = co_occurrences(&beads, &src_vocab, &tgt_vocab, cfg.max_words);
        let scores: Vec<f32> = match cfg.association {
            Association::Dice => pair_counts
                .iter()
                .map(|&(key, count)| {
                    let fs = src_vocab[(key >> 32) as usize].1;
                    let ft = tgt_vocab[key as u32 as usize].1;
                    (2.0 * count as f64 / (fs as f64 + ft as f64)) as f32
                })
                .collect(),
            Association::Ibm1 { iterations } => ibm1(
                &beads,
                &src_vocab,
                &tgt_vocab,
                &pair_counts,
                cfg.max_words,
                iterations,
            ),
        };
        drop(beads);
        let links = select_links(&pair_counts, &scores, &src_vocab, &tgt_vocab, &cfg);
        LearnedLexicon::from_links(cfg.prefix, links, n)
    }
}

/// Below this many pairs, `max_df` does not bite: in a small sample a content word easily holds a
/// tenth of the pairs.
const MIN_DF_CAP: u32 = 20;

/// Sorted (key, number of lists holding it) over lists of sorted, distinct keys.
fn frequencies<'a>(lists: impl Iterator<Item = &'a [u64]>) -> Vec<(u64, u32)> {
    let mut all: Vec<u64> = lists.flat_map(|l| l.iter().copied()).collect();
    all.sort_unstable();
    run_lengths(&all)
}

fn run_lengths(sorted: &[u64]) -> Vec<(u64, u32)> {
    let mut out: Vec<(u64, u32)> = Vec::new();
    for &k in sorted {
        match out.last_mut() {
            Some((last, c)) if *last == k => *c += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// Index of `key` in a sorted vocabulary.
fn index_of(vocab: &[(u64, u32)], key: u64) -> Option<u32> {
    vocab
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .and_then(|i| u32::try_from(i).ok())
}

/// Packed pair keys counted per block before they are merged into the running counts.
const BLOCK: usize = 1 << 21;

/// Co-occurrence counts of (source index, target index), packed as `s << 32 | t`, sorted, with
/// counts of at least 2 (a single co-occurrence is never a link) unless `min_count` asks less.
fn co_occurrences(
    beads: &[Observed],
    src_vocab: &[(u64, u32)],
    tgt_vocab: &[(u64, u32)],
    max_words: usize,
) -> Vec<(u64, u32)> {
    let mut counts: Vec<(u64, u32)> = Vec::new();
    let mut block: Vec<u64> = Vec::new();
    for b in beads {
        let s = side_ids(&b.src, src_vocab, max_words);
        let t = side_ids(&b.tgt, tgt_vocab, max_words);
        for &i in &s {
            block.extend(t.iter().map(|&j| u64::from(i) << 32 | u64::from(j)));
        }
        if block.len() >= BLOCK {
            counts = merge_counts(counts, &mut block);
        }
    }
    merge_counts(counts, &mut block)
}

/// The vocabulary indices of one side of a pair (its words in the vocabulary), at most
/// `max_words` of them: a long sentence keeps its rarest words (they are the informative ones).
fn side_ids(keys: &[u64], vocab: &[(u64, u32)], max_words: usize) -> Vec<u32> {
    let mut ids: Vec<u32> = keys.iter().filter_map(|&k| index_of(vocab, k)).collect();
    if ids.len() > max_words.max(1) {
        ids.sort_by_key(|&i| (vocab[i as usize].1, i));
        ids.truncate(max_words.max(1));
        ids.sort_unstable();
    }
    ids
}

/// IBM Model 1 over the sample, in both directions at once: `p(t | s)` (each target word of a
/// pair is explained by the source words of the pair) and `p(s | t)`, both started uniform and
/// re-estimated by `iterations` rounds of EM. Only co-occurring pairs have a probability, so the
/// tables are laid out like `pair_counts` (sorted by source, then target index) and a round is
/// one pass over the sample, linear in its pairs of words. Returns, for every entry of
/// `pair_counts`, the geometric mean of the two probabilities.
///
/// Deterministic: the pairs are visited in the sample's order (sorted by content hash) and
/// every sum is taken in that order, whatever the number of threads.
fn ibm1(
    beads: &[Observed],
    src_vocab: &[(u64, u32)],
    tgt_vocab: &[(u64, u32)],
    pair_counts: &[(u64, u32)],
    max_words: usize,
    iterations: u32,
) -> Vec<f32> {
    let n_pairs = pair_counts.len();
    // Where each source index's entries begin in `pair_counts`.
    let mut starts = vec![0u32; src_vocab.len() + 1];
    for &(key, _) in pair_counts {
        starts[(key >> 32) as usize + 1] += 1;
    }
    for s in 0..src_vocab.len() {
        starts[s + 1] += starts[s];
    }
    let entry = |s: u32, t: u32| -> usize {
        let (a, b) = (starts[s as usize] as usize, starts[s as usize + 1] as usize);
        let within = pair_counts[a..b].partition_point(|&(key, _)| (key as u32) < t);
        a + within
    };
    // Uniform start: every co-occurring pair equally likely in both directions.
    let mut fwd = vec![1.0f32; n_pairs];
    let mut bwd = vec![1.0f32; n_pairs];
    let mut idx: Vec<usize> = Vec::new();
    let mut zs: Vec<f32> = Vec::new();
    for _ in 0..iterations {
        let mut cf = vec![0.0f32; n_pairs];
        let mut cb = vec![0.0f32; n_pairs];
        for b in beads {
            let s = side_ids(&b.src, src_vocab, max_words);
            let t = side_ids(&b.tgt, tgt_vocab, max_words);
            if s.is_empty() || t.is_empty() {
                continue;
            }
            // The entry of every (source, target) word pair of the sentence pair, row by row.
            idx.clear();
            for &i in &s {
                idx.extend(t.iter().map(|&j| entry(i, j)));
            }
            let w = t.len();
            // p(t | s): each target word spreads one count over the source words.
            zs.clear();
            zs.resize(w, 0.0);
            for row in idx.chunks(w) {
                for (z, &k) in zs.iter_mut().zip(row) {
                    *z += fwd[k];
                }
            }
            for row in idx.chunks(w) {
                for (z, &k) in zs.iter().zip(row) {
                    cf[k] += fwd[k] / z;
                }
            }
            // p(s | t): each source word spreads one count over the target words.
            for row in idx.chunks(w) {
                let z: f32 = row.iter().map(|&k| bwd[k]).sum();
                for &k in row {
                    cb[k] += bwd[k] / z;
                }
            }
        }
        // p(t | s) normalised over each source word's entries (contiguous), p(s | t) over each
        // target word's.
        for s in 0..src_vocab.len() {
            let range = starts[s] as usize..starts[s + 1] as usize;
            let total: f32 = cf[range.clone()].iter().sum();
            for k in range {
                fwd[k] = if total > 0.0 { cf[k] / total } else { 0.0 };
            }
        }
        let mut totals = vec![0.0f32; tgt_vocab.len()];
        for (k, &(key, _)) in pair_counts.iter().enumerate() {
            totals[key as u32 as usize] += cb[k];
        }
        for (k, &(key, _)) in pair_counts.iter().enumerate() {
            let total = totals[key as u32 as usize];
            bwd[k] = if total > 0.0 { cb[k] / total } else { 0.0 };
        }
    }
    fwd.iter().zip(&bwd).map(|(a, b)| (a * b).sqrt()).collect()
}

/// Sorts and counts `block` (emptying it) and merges the result into `counts`.
fn merge_counts(counts: Vec<(u64, u32)>, block: &mut Vec<u64>) -> Vec<(u64, u32)> {
    block.sort_unstable();
    let fresh = run_lengths(block);
    block.clear();
    let mut out = Vec::with_capacity(counts.len() + fresh.len());
    let (mut i, mut j) = (0, 0);
    while i < counts.len() && j < fresh.len() {
        let (x, y) = (counts[i], fresh[j]);
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => {
                out.push(x);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&counts[i..]);
    out.extend_from_slice(&fresh[j..]);
    out
}

/// A candidate link: indices into the vocabularies, Dice, count.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    s: u32,
    t: u32,
    dice: f32,
    count: u32,
}

/// Ranks a word's candidates, best first; ties by count, then by index (deterministic).
fn better(a: &Candidate, b: &Candidate, by_src: bool) -> std::cmp::Ordering {
    let other = |c: &Candidate| if by_src { c.t } else { c.s };
    b.dice
        .total_cmp(&a.dice)
        .then(b.count.cmp(&a.count))
        .then(other(a).cmp(&other(b)))
}

/// Applies the thresholds and the mutual best-`max_links` rule; returns (source key, target key,
/// Dice) sorted by keys.
fn select_links(
    pair_counts: &[(u64, u32)],
    scores: &[f32],
    src_vocab: &[(u64, u32)],
    tgt_vocab: &[(u64, u32)],
    cfg: &LearnerConfig,
) -> Vec<(u64, u64, f32)> {
    let mut cands: Vec<Candidate> = pair_counts
        .iter()
        .zip(scores)
        .filter(|&(&(_, c), _)| c >= cfg.min_count.max(1))
        .map(|(&(key, count), &dice)| {
            let (s, t) = ((key >> 32) as u32, key as u32);
            Candidate { s, t, dice, count }
        })
        .filter(|c| c.dice >= cfg.min_score)
        .collect();
    let k = cfg.max_links.max(1);
    // Best `k` per source word (candidates arrive sorted by source index).
    let mut src_ok = vec![false; cands.len()];
    let mut start = 0;
    while start < cands.len() {
        let s = cands[start].s;
        let end = start + cands[start..].iter().take_while(|c| c.s == s).count();
        let mut order: Vec<usize> = (start..end).collect();
        order.sort_by(|&x, &y| better(&cands[x], &cands[y], true));
        for &x in order.iter().take(k) {
            src_ok[x] = true;
        }
        start = end;
    }
    let mut kept: Vec<Candidate> = cands
        .drain(..)
        .zip(src_ok)
        .filter_map(|(c, ok)| ok.then_some(c))
        .collect();
    // Best `k` per target word among those.
    kept.sort_by(|a, b| a.t.cmp(&b.t).then(better(a, b, false)));
    let mut links = Vec::new();
    let mut start = 0;
    while start < kept.len() {
        let t = kept[start].t;
        let end = start + kept[start..].iter().take_while(|c| c.t == t).count();
        for c in &kept[start..end.min(start + k)] {
            links.push((src_vocab[c.s as usize].0, tgt_vocab[c.t as usize].0, c.dice));
        }
        start = end;
    }
    links.sort_by_key(|a| (a.0, a.1));
    links
}

/// Word links learned from sentence pairs; see the module docs.
///
/// Lookups take word tokens of either side (any case, as [`tokens`] gives them) and return
/// sorted, deduplicated link ids: a source id equals a target id exactly when the two words are
/// linked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnedLexicon {
    prefix: usize,
    /// Dice of each link, by id.
    scores: Vec<f32>,
    /// The links of each source word key.
    src: Links,
    /// The links of each target word key.
    tgt: Links,
    /// Sentence pairs learned from.
    pairs: usize,
}

/// One side's links: a word key's link ids, found by hashing the key. A key is looked up for
/// every word of every sentence aligned; a binary search over all the links cost a cache miss
/// at most of its steps (7 % of a run's CPU on the dev-set corpus).
#[derive(Debug, Clone, Default, PartialEq)]
struct Links {
    /// Key → the range of its ids in `ids`.
    ranges: FxHashMap<u64, (u32, u32)>,
    /// Link ids grouped by key, ascending within a key.
    ids: Vec<u32>,
}

impl Links {
    fn new(mut pairs: Vec<(u64, u32)>) -> Links {
        pairs.sort_unstable();
        let mut ranges = FxHashMap::default();
        let mut ids = Vec::with_capacity(pairs.len());
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let start = ids.len() as u32;
            ids.extend(group.iter().map(|&(_, id)| id));
            ranges.insert(group[0].0, (start, ids.len() as u32));
        }
        Links { ranges, ids }
    }

    /// The link ids of a word key, ascending.
    #[inline]
    fn get(&self, key: u64) -> &[u32] {
        self.ranges
            .get(&key)
            .map_or(&[], |&(start, end)| &self.ids[start as usize..end as usize])
    }
}

impl LearnedLexicon {
    fn from_links(prefix: usize, links: Vec<(u64, u64, f32)>, pairs: usize) -> LearnedLexicon {
        let mut src = Vec::with_capacity(links.len());
        let mut tgt = Vec::with_capacity(links.len());
        let mut scores = Vec::with_capacity(links.len());
        for (id, (s, t, dice)) in links.into_iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            src.push((s, id));
            tgt.push((t, id));
            scores.push(dice);
        }
        LearnedLexicon {
            prefix,
            scores,
            src: Links::new(src),
            tgt: Links::new(tgt),
            pairs,
        }
    }

    /// The lexicon's parts, for saving it ([`crate::align::model_file`]): the prefix length,
    /// every link as (source word key, target word key, Dice) in id order, and the number of
    /// sentence pairs learned from. [`LearnedLexicon::from_parts`] rebuilds the same lexicon.
    pub fn to_parts(&self) -> (usize, Vec<(u64, u64, f32)>, usize) {
        let mut links: Vec<(u64, u64, f32)> =
            self.scores.iter().map(|&dice| (0, 0, dice)).collect();
        for (side, links_of) in [(0, &self.src), (1, &self.tgt)] {
            for (&key, &(start, end)) in &links_of.ranges {
                for &id in &links_of.ids[start as usize..end as usize] {
                    let link = &mut links[id as usize];
                    if side == 0 {
                        link.0 = key;
                    } else {
                        link.1 = key;
                    }
                }
            }
        }
        (self.prefix, links, self.pairs)
    }

    /// The lexicon of [`LearnedLexicon::to_parts`].
    pub fn from_parts(prefix: usize, links: Vec<(u64, u64, f32)>, pairs: usize) -> LearnedLexicon {
        LearnedLexicon::from_links(prefix, links, pairs)
    }

    /// Number of links.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Whether the lexicon has no link (too little data, or nothing consistent in it).
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Number of sentence pairs the lexicon was learned from.
    pub fn pairs(&self) -> usize {
        self.pairs
    }

    /// Approximate heap size in bytes.
    pub fn heap_bytes(&self) -> usize {
        let links = |l: &Links| l.ids.len() * 4 + l.ranges.capacity() * 24;
        self.scores.len() * 4 + links(&self.src) + links(&self.tgt)
    }

    /// The Dice coefficient of a link id.
    pub fn score(&self, id: u32) -> Option<f32> {
        self.scores.get(id as usize).copied()
    }

    fn word_links<'a>(links: &'a Links, word: &str, prefix: usize) -> &'a [u32] {
        word_key(word, prefix).map_or(&[], |key| links.get(key))
    }

    /// Link ids of one source word.
    pub fn src_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        Self::word_links(&self.src, word, self.prefix)
            .iter()
            .copied()
    }

    /// Link ids of one target word.
    pub fn tgt_word_keys(&self, word: &str) -> impl Iterator<Item = u32> + '_ {
        Self::word_links(&self.tgt, word, self.prefix)
            .iter()
            .copied()
    }

    /// Whether a source word and a target word are linked.
    pub fn is_linked(&self, src_word: &str, tgt_word: &str) -> bool {
        let t: Vec<u32> = self.tgt_word_keys(tgt_word).collect();
        self.src_word_keys(src_word).any(|id| t.contains(&id))
    }

    /// Link ids of a tokenised sentence of the source side (`source`) or the target side, added
    /// to `ids` unsorted, with repeats.
    pub fn keys_into(&self, words: &[&str], source: bool, ids: &mut Vec<u32>) {
        let list = if source { &self.src } else { &self.tgt };
        for w in words {
            ids.extend_from_slice(Self::word_links(list, w, self.prefix));
        }
    }

    /// Sorted, deduplicated link ids of a tokenised source sentence.
    pub fn src_keys(&self, words: &[&str]) -> Vec<u32> {
        self.sorted_keys(words, true)
    }

    /// Sorted, deduplicated link ids of a tokenised target sentence.
    pub fn tgt_keys(&self, words: &[&str]) -> Vec<u32> {
        self.sorted_keys(words, false)
    }

    /// [`LearnedLexicon::keys_into`], sorted and deduplicated.
    fn sorted_keys(&self, words: &[&str], source: bool) -> Vec<u32> {
        let mut ids = Vec::new();
        self.keys_into(words, source, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::super::bundled::count_shared;
    use super::*;

    /// (source word, target word) pairs of a made-up language pair.
    const WORDS: &[(&str, &str)] = &[
        ("house", "rumah"),
        ("water", "air"),
        ("mountain", "gunung"),
        ("river", "sungai"),
        ("city", "kota"),
        ("school", "sekolah"),
        ("market", "pasar"),
        ("child", "anak"),
        ("teacher", "guru"),
        ("road", "jalan"),
        ("forest", "hutan"),
        ("island", "pulau"),
        ("village", "desa"),
        ("bridge", "jembatan"),
        ("ship", "kapal"),
        ("doctor", "dokter"),
    ];

    /// The vocabulary: the named pairs and made-up ones, so that no content word is in more
    /// than a tenth of the pairs.
    fn vocabulary() -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = WORDS
            .iter()
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect();
        v.extend((0..44).map(|i| (format!("src{i}"), format!("tgt{i}"))));
        v
    }

    /// A deterministic pseudo-random parallel corpus: every pair holds four content words (their
    /// translations in another order on the target side) and function words on both sides.
    fn corpus(n: usize, seed: u64) -> Vec<(String, String)> {
        let words = vocabulary();
        let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut next = |m: usize| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((x >> 33) % m as u64) as usize
        };
        (0..n)
            .map(|_| {
                let picks: Vec<usize> = (0..4).map(|_| next(words.len())).collect();
                let src: Vec<&str> = picks.iter().map(|&i| words[i].0.as_str()).collect();
                let tgt: Vec<&str> = picks.iter().rev().map(|&i| words[i].1.as_str()).collect();
                (
                    format!(
                        "The {} and the {}, near {} of {}.",
                        src[0], src[1], src[2], src[3]
                    ),
                    format!("{} dan {} di {} yang {}.", tgt[0], tgt[1], tgt[2], tgt[3]),
                )
            })
            .collect()
    }

    fn learn(pairs: &[(String, String)], config: LearnerConfig) -> LearnedLexicon {
        let mut learner = LexiconLearner::new(config);
        for (s, t) in pairs {
            learner.observe_text(s, t);
        }
        learner.finish()
    }

    #[test]
    fn tokens_split_on_unicode_word_characters() {
        let got: Vec<&str> = tokens("Zürich's Straße, l'été—2024 Nord-Süd -x- a--b 5,2%").collect();
        assert_eq!(
            got,
            [
                "Zürich",
                "s",
                "Straße",
                "l",
                "été",
                "2024",
                "Nord-Süd",
                "x",
                "a",
                "b",
                "5",
                "2"
            ]
        );
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens(" ... ").count(), 0);
        assert_eq!(tokens("नमस्ते दुनिया").collect::<Vec<_>>(), ["नमस्ते", "दुनिया"]);
    }

    #[test]
    fn tokens_split_at_non_word_characters_and_keep_inner_hyphens() {
        fn all(t: &str) -> Vec<&str> {
            tokens(t).collect()
        }
        assert_eq!(
            all("Nord-Süd, negara-negara!"),
            ["Nord-Süd", "negara-negara"]
        );
        assert_eq!(
            all("l'été -x- a--b a- -b"),
            ["l", "été", "x", "a", "b", "a", "b"]
        );
        assert_eq!(
            all("e\u{301}te\u{301} 5,2% G20"),
            ["e\u{301}te\u{301}", "5", "2", "G20"]
        );
        assert_eq!(all("a\u{2010}b — «Ω»"), ["a\u{2010}b", "Ω"]);
        assert_eq!(all("  "), Vec::<&str>::new());
        assert_eq!(all(""), Vec::<&str>::new());
    }

    fn units(text: &str, u: Units) -> Vec<&str> {
        let mut out = Vec::new();
        units_into(text, u, &mut out);
        out
    }

    #[test]
    fn cjk_text_is_cut_into_characters_and_their_pairs() {
        assert_eq!(
            units("我们去北京，IBM公司。", Units::Characters),
            [
                "我", "我们", "们", "们去", "去", "去北", "北", "北京", "京", "IBM", "公", "公司",
                "司"
            ]
        );
        // Kana count as characters too; a Latin word inside stays whole.
        assert_eq!(
            units("すしとBeer", Units::Characters),
            ["す", "すし", "し", "しと", "と", "Beer"]
        );
        // Words mode is the tokens, whatever the script.
        assert_eq!(units("我们去 ok", Units::Words), ["我们去", "ok"]);
        assert_eq!(
            units("Plain words here", Units::Characters),
            ["Plain", "words", "here"]
        );
        assert!(units("", Units::Characters).is_empty());
        // A single Han character is a unit of the lexicon; a single Latin letter is not.
        assert!(word_key("山", 5).is_some());
        assert_ne!(word_key("山", 5), word_key("水", 5));
        assert_eq!(word_key("x", 5), None);
    }

    #[test]
    fn thai_text_is_cut_into_letter_bigrams_and_trigrams() {
        // สวัสดี: ส ว ั ส ด ี (the vowel signs stay inside the token).
        let got = units("สวัสดี ok", Units::Syllables);
        assert_eq!(got[0], "สว");
        assert_eq!(got[1], "สวั");
        assert_eq!(got.last(), Some(&"ok"));
        assert_eq!(got.len(), 5 + 4 + 1);
        assert_eq!(units("ก", Units::Syllables), ["ก"]);
    }

    #[test]
    fn ascii_words_get_the_key_of_the_general_path() {
        // "Ä" takes the general path; its ASCII tail must hash as the fast path does.
        let general = |w: &str| {
            let mut hash = StableHasher::new();
            for c in w.chars().flat_map(char::to_lowercase) {
                hash.write(c.encode_utf8(&mut [0u8; 4]).as_bytes());
            }
            hash.finish()
        };
        for w in ["Gipfel", "COVID19", "x-ray", "ab"] {
            assert_eq!(word_key(w, 0), Some(general(w)), "{w}");
        }
        assert_eq!(word_key("Gipfeln", 5), Some(general("Gipfe")));
        assert_eq!(word_key("Äpfel", 0), Some(general("Äpfel")));
    }

    #[test]
    fn word_keys_are_lowercase_and_skip_numbers() {
        assert_eq!(word_key("Gipfel", 0), word_key("GIPFEL", 0));
        assert_ne!(word_key("Gipfel", 0), word_key("Gipfeln", 0));
        assert_eq!(word_key("Gipfel", 5), word_key("Gipfeln", 5));
        assert_eq!(word_key("2024", 0), None);
        assert_eq!(word_key("a", 0), None);
        assert!(word_key("G7", 0).is_some());
    }

    #[test]
    fn learns_translations_from_co_occurrence() {
        let lex = learn(&corpus(400, 1), LearnerConfig::default());
        for (s, t) in WORDS {
            assert!(lex.is_linked(s, t), "{s} / {t} not linked");
            assert!(lex.is_linked(&s.to_uppercase(), t));
        }
        assert!(!lex.is_linked("house", "air"));
        assert!(!lex.is_linked("water", "rumah"));
        // function words are in every pair and left out
        assert!(!lex.is_linked("the", "yang"));
        assert_eq!(lex.src_word_keys("the").count(), 0);
        assert_eq!(
            lex.len(),
            vocabulary().len(),
            "only the true links are kept"
        );
        assert_eq!(lex.pairs(), 400);
        assert!(lex.score(0).is_some_and(|d| d > 0.9));
    }

    #[test]
    fn sentence_keys_count_links_between_sentences() {
        let lex = learn(&corpus(400, 2), LearnerConfig::default());
        let src = lex.src_keys(&["The", "house", "by", "the", "river", "and", "its", "bridge"]);
        let right = lex.tgt_keys(&[
            "rumah",
            "di",
            "tepi",
            "sungai",
            "dan",
            "jembatannya",
            "jembatan",
        ]);
        let wrong = lex.tgt_keys(&["guru", "di", "pasar", "kota"]);
        assert!(src.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(count_shared(&src, &right), 3);
        assert_eq!(count_shared(&src, &wrong), 0);
    }

    #[test]
    fn too_little_evidence_links_nothing() {
        let mut learner = LexiconLearner::default();
        learner.observe(&["house"], &["rumah"]);
        learner.observe(&["123"], &["rumah"]);
        learner.observe(&[], &["rumah"]);
        assert_eq!(learner.held(), 1);
        assert_eq!(learner.seen(), 3);
        let lex = learner.finish();
        assert!(lex.is_empty());
        assert!(lex.src_keys(&["house"]).is_empty());
        assert!(LexiconLearner::default().finish().is_empty());
    }

    #[test]
    fn the_same_lexicon_whatever_the_merge_order() {
        let pairs = corpus(600, 3);
        for max_beads in [20_000, 150] {
            let config = LearnerConfig {
                max_beads,
                ..LearnerConfig::default()
            };
            let whole = learn(&pairs, config);
            assert!(!whole.is_empty());
            // Reversed, and in chunks merged in different orders.
            let mut reversed = pairs.clone();
            reversed.reverse();
            assert_eq!(learn(&reversed, config), whole);
            for chunk in [7, 50, 599] {
                let parts: Vec<LexiconLearner> = pairs
                    .chunks(chunk)
                    .map(|c| {
                        let mut l = LexiconLearner::new(config);
                        for (s, t) in c {
                            l.observe_text(s, t);
                        }
                        l
                    })
                    .collect();
                let mut forward = LexiconLearner::new(config);
                for p in parts.iter().cloned() {
                    forward.merge(p);
                }
                let mut backward = LexiconLearner::new(config);
                for p in parts.into_iter().rev() {
                    backward.merge(p);
                }
                assert_eq!(forward.seen(), 600);
                assert_eq!(
                    forward.finish(),
                    whole,
                    "chunks of {chunk}, max {max_beads}"
                );
                assert_eq!(backward.finish(), whole);
            }
        }
    }

    fn ibm_config() -> LearnerConfig {
        LearnerConfig::for_units(Units::Characters, Units::Words)
    }

    #[test]
    fn ibm1_em_converges_on_a_tiny_corpus() {
        // Three source units always together with their translations; "b" is in every pair
        // with "a" or "c", so co-occurrence alone ties it to both, and EM must explain it away.
        let pairs = [
            (vec!["aa", "bb"], vec!["xx", "yy"]),
            (vec!["bb", "cc"], vec!["yy", "zz"]),
            (vec!["aa", "cc"], vec!["xx", "zz"]),
            (vec!["aa", "bb", "cc"], vec!["xx", "yy", "zz"]),
        ];
        let observed: Vec<Observed> = pairs
            .iter()
            .enumerate()
            .map(|(k, (s, t))| Observed {
                hash: k as u64,
                src: sentence_keys(s, 0).into_boxed_slice(),
                tgt: sentence_keys(t, 0).into_boxed_slice(),
            })
            .collect();
        let vocab = |side: &dyn Fn(&Observed) -> &[u64]| frequencies(observed.iter().map(side));
        let (sv, tv) = (vocab(&|b| &b.src), vocab(&|b| &b.tgt));
        let counts = co_occurrences(&observed, &sv, &tv, 64);
        let score = |iterations: u32, s: &str, t: &str| {
            let scores = ibm1(&observed, &sv, &tv, &counts, 64, iterations);
            let (s, t) = (word_key(s, 0).unwrap(), word_key(t, 0).unwrap());
            let (i, j) = (index_of(&sv, s).unwrap(), index_of(&tv, t).unwrap());
            let key = u64::from(i) << 32 | u64::from(j);
            scores[counts.iter().position(|&(k, _)| k == key).unwrap()]
        };
        // Uniform after one round; the right pairs gain with each round, the wrong ones lose.
        let mut last = (0.0, 1.0);
        for iterations in 1..=8 {
            let (right, wrong) = (score(iterations, "bb", "yy"), score(iterations, "bb", "xx"));
            assert!(
                right >= last.0 - 1e-6 && wrong <= last.1 + 1e-6,
                "{iterations}"
            );
            last = (right, wrong);
        }
        assert!(last.0 > 0.9 && last.1 < 0.05, "{last:?}");
        for (s, t) in [("aa", "xx"), ("cc", "zz")] {
            assert!(score(8, s, t) > 0.9);
        }
    }

    #[test]
    fn ibm1_learns_translations_and_keeps_the_dice_guarantees() {
        let lex = learn(&corpus(400, 1), ibm_config());
        for (s, t) in WORDS {
            assert!(lex.is_linked(s, t), "{s} / {t} not linked");
        }
        assert!(!lex.is_linked("house", "air"));
        assert!(!lex.is_linked("the", "yang"));
    }

    #[test]
    fn ibm1_gives_the_same_lexicon_on_any_number_of_threads() {
        use rayon::prelude::*;
        let pairs = corpus(700, 6);
        let config = LearnerConfig {
            max_beads: 300,
            ..ibm_config()
        };
        let sequential = learn(&pairs, config);
        assert!(!sequential.is_empty());
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let parallel = pool.install(|| {
                pairs
                    .par_iter()
                    .fold(
                        || LexiconLearner::new(config),
                        |mut l, (s, t)| {
                            l.observe_text(s, t);
                            l
                        },
                    )
                    .reduce(
                        || LexiconLearner::new(config),
                        |mut a, b| {
                            a.merge(b);
                            a
                        },
                    )
                    .finish()
            });
            assert_eq!(parallel, sequential, "{threads} threads");
        }
    }

    #[test]
    fn rayon_fold_and_reduce_give_the_sequential_result() {
        use rayon::prelude::*;
        let pairs = corpus(500, 4);
        let sequential = learn(&pairs, LearnerConfig::default());
        let parallel = pairs
            .par_iter()
            .fold(LexiconLearner::default, |mut l, (s, t)| {
                l.observe_text(s, t);
                l
            })
            .reduce(LexiconLearner::default, |mut a, b| {
                a.merge(b);
                a
            })
            .finish();
        assert_eq!(parallel, sequential);
    }

    #[test]
    fn memory_stays_bounded() {
        let config = LearnerConfig {
            max_beads: 100,
            ..LearnerConfig::default()
        };
        let mut learner = LexiconLearner::new(config);
        for (s, t) in corpus(5_000, 5) {
            learner.observe_text(&s, &t);
            assert!(learner.held() < 200);
        }
        let lex = learner.finish();
        assert_eq!(lex.pairs(), 100);
        // a sample of 100 pairs is still enough for most of the words
        let found = vocabulary()
            .iter()
            .filter(|(s, t)| lex.is_linked(s, t))
            .count();
        assert!(found >= 30, "{found} of {}", vocabulary().len());
    }

    #[test]
    fn prefixes_join_inflected_forms() {
        let pairs: Vec<(String, String)> = (0..60)
            .map(|k| {
                let (de, fr) = match k % 6 {
                    0 => ("Gipfel", "sommet"),
                    3 => ("Gipfeln", "sommets"),
                    _ => ("Tal", "vallée"),
                };
                (format!("{de} wort{k}"), format!("{fr} mot{k}"))
            })
            .collect();
        let whole = learn(
            &pairs,
            LearnerConfig {
                prefix: 0,
                ..LearnerConfig::default()
            },
        );
        let cut = learn(
            &pairs,
            LearnerConfig {
                prefix: 6,
                ..LearnerConfig::default()
            },
        );
        assert!(whole.is_linked("Gipfel", "sommet"));
        assert!(!whole.is_linked("Gipfel", "sommets"));
        assert!(cut.is_linked("Gipfel", "sommets"));
        assert!(cut.is_linked("Gipfeln", "sommet"));
    }
}

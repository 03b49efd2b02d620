//! Web boilerplate: the lines of a scraped page that are page furniture, not content.
//!
//! Comment forms ("Leave a Reply"), share and follow prompts, "Baca juga:" links, photo credits,
//! tag lists and copyright lines end up in scraped articles, and aligning them would put junk into
//! a translation memory. The rules are data, one table per language (`en.txt`, `id.txt`) plus one
//! for every language (`common.txt`), each line a rule:
//!
//! ```text
//! exact     leave a reply            # the whole line, case-folded, trailing punctuation ignored
//! prefix    baca juga:               # the line starts with this
//! contains  are marked *             # the line contains this (and is short)
//! ```
//!
//! A false removal is worse than a kept caption, so `contains` and `prefix` rules only match lines
//! of at most [`MAX_PREFIX_LINE`] characters, and `exact` rules must match the whole line.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::lang::Tables;

/// The longest line (in characters) that a `prefix` or `contains` rule may remove.
pub const MAX_PREFIX_LINE: usize = 200;

/// The longest line (in bytes) lower-cased on the stack for the `contains` rules.
const SHORT_LINE: usize = 256;

/// The longest `exact` pattern (in bytes) that is looked up by hash; longer ones are compared.
const MAX_EXACT_KEY: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    Exact,
    Prefix,
    Contains,
}

#[derive(Debug, Clone)]
struct Rule {
    kind: RuleKind,
    pattern: String,
}

/// The boilerplate rules for one language (its own table plus the common one), indexed so that
/// a line costs a hash lookup and a few comparisons, not one pass per rule.
#[derive(Debug, Clone, Default)]
pub struct BoilerplateRules {
    /// `exact` patterns, lower-cased and without the trailing punctuation that is ignored.
    exact: HashSet<Box<[u8]>, crate::hash::FxBuildHasher>,
    /// The length of the longest `exact` pattern: longer lines need no lookup.
    max_exact: usize,
    /// `prefix` patterns, by their first byte.
    prefixes: Vec<Vec<Box<[u8]>>>,
    /// `exact` patterns of two words or more, by their first byte: furniture that may be pasted
    /// at the start of a sentence.
    furniture: Vec<Vec<Box<[u8]>>>,
    /// The first three bytes of the `furniture` patterns (see `head_of`): a sentence that opens
    /// otherwise is not looked at further.
    furniture_heads: Vec<u64>,
    /// The first three bytes of the `exact` patterns of three bytes or more (see `head_of`).
    exact_heads: Vec<u64>,
    /// `contains` patterns (lower case), all found in one pass over a lower-cased line.
    contains: Option<Contains>,
}

fn parse_table(table: &str, rules: &mut Vec<Rule>) {
    for line in table.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, pattern) = match line.split_once(char::is_whitespace) {
            Some((k, p)) => (k, p.trim()),
            None => continue,
        };
        let kind = match kind {
            "exact" => RuleKind::Exact,
            "prefix" => RuleKind::Prefix,
            "contains" => RuleKind::Contains,
            // The tables are compiled in and covered by tests; an unknown kind is skipped.
            _ => continue,
        };
        rules.push(Rule {
            kind,
            pattern: pattern.to_lowercase(),
        });
    }
}

/// A line or pattern without the trailing punctuation that `exact` rules ignore.
fn bare(text: &str) -> &str {
    text.trim().trim_end_matches(['.', '!', ':', ' ', '*'])
}

const COMMON: &str = include_str!("common.txt");
const EN: &str = include_str!("en.txt");
const ID: &str = include_str!("id.txt");

impl BoilerplateRules {
    /// The rules of a set of tables (see [`crate::lang::Lang::boilerplate_rules`]); languages
    /// without a table of their own get the common table only.
    pub(crate) fn for_tables(tables: Tables) -> &'static BoilerplateRules {
        static EN_RULES: OnceLock<BoilerplateRules> = OnceLock::new();
        static ID_RULES: OnceLock<BoilerplateRules> = OnceLock::new();
        static OTHER_RULES: OnceLock<BoilerplateRules> = OnceLock::new();
        let (cell, own) = match tables {
            Tables::English => (&EN_RULES, EN),
            Tables::Indonesian => (&ID_RULES, ID),
            Tables::German | Tables::Generic => (&OTHER_RULES, ""),
        };
        cell.get_or_init(|| {
            let mut rules = Vec::new();
            parse_table(COMMON, &mut rules);
            parse_table(own, &mut rules);
            BoilerplateRules::index(rules)
        })
    }

    fn index(rules: Vec<Rule>) -> BoilerplateRules {
        let mut out = BoilerplateRules {
            prefixes: vec![Vec::new(); 256],
            furniture: vec![Vec::new(); 256],
            furniture_heads: vec![0; 1 << 10],
            exact_heads: vec![0; 1 << 10],
            ..BoilerplateRules::default()
        };
        let mut contains = Vec::new();
        for rule in rules {
            let key: Box<[u8]> = match rule.kind {
                RuleKind::Exact => bare(&rule.pattern).as_bytes().into(),
                _ => rule.pattern.as_bytes().into(),
            };
            let Some(&first) = key.first() else {
                continue;
            };
            match rule.kind {
                RuleKind::Exact => {
                    if key.contains(&b' ') {
                        out.furniture[usize::from(first)].push(key.clone());
                        if let Some(head) = head_of(&key) {
                            out.furniture_heads[head / 64] |= 1 << (head % 64);
                        }
                    }
                    if let Some(head) = head_of(&key) {
                        out.exact_heads[head / 64] |= 1 << (head % 64);
                    }
                    out.max_exact = out.max_exact.max(key.len());
                    out.exact.insert(key);
                }
                RuleKind::Prefix => out.prefixes[usize::from(first)].push(key),
                RuleKind::Contains => contains.push(key),
            }
        }
        if !contains.is_empty() {
            // The patterns are compiled in and few: building cannot fail on them.
            out.contains = Contains::new(&contains);
        }
        for list in &mut out.furniture {
            // Longest first, so that `share this article` wins over `share this`.
            list.sort_by_key(|k| std::cmp::Reverse(k.len()));
        }
        out
    }

    /// Whether a whole line (one line of text, without its line end) is boilerplate.
    ///
    /// Patterns are matched ASCII-case-insensitively, without allocating.
    ///
    /// ```
    /// use selaras::Lang;
    /// let id = Lang::ID.boilerplate_rules();
    /// assert!(id.is_boilerplate("Baca juga: Harga beras naik lagi"));
    /// assert!(!id.is_boilerplate("Harga beras naik lagi pada Senin."));
    /// ```
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let line = line.trim();
        // No rule can match a line longer than this: skip the work on ordinary paragraphs.
        if line.is_empty() || line.len() > 4 * MAX_PREFIX_LINE {
            return false;
        }
        if self.is_exact_furniture(line) {
            return true;
        }
        if line.len() > MAX_PREFIX_LINE && line.chars().count() > MAX_PREFIX_LINE {
            return false;
        }
        let bytes = line.as_bytes();
        let first = usize::from(bytes[0].to_ascii_lowercase());
        self.prefixes[first]
            .iter()
            .any(|p| starts_with_ignore_case(bytes, p))
            || self.contains.as_ref().is_some_and(|c| {
                // A short line (most are) is lower-cased on the stack; at most
                // `4 * MAX_PREFIX_LINE` bytes reach here, longer lines were turned away above.
                let mut buf = [0u8; SHORT_LINE];
                let mut long = Vec::new();
                let lower = if bytes.len() <= SHORT_LINE {
                    &mut buf[..bytes.len()]
                } else {
                    long.extend_from_slice(bytes);
                    &mut long[..]
                };
                lower.copy_from_slice(bytes);
                lower.make_ascii_lowercase();
                c.is_match(lower)
            })
    }

    /// Whether a whole sentence is one `exact` piece of furniture (`Print this page`): how a
    /// sentence inside a paragraph is recognised, where `prefix` and `contains` rules are too
    /// loose to trust.
    pub fn is_exact_furniture(&self, sentence: &str) -> bool {
        let max = self.max_exact.min(MAX_EXACT_KEY);
        // A sentence that opens with no space and has a letter or digit past the longest
        // pattern keeps it when bared (only the ends are trimmed): too long, without trimming.
        let b = sentence.as_bytes();
        if b.len() > max
            && b[0].is_ascii_graphic()
            && b[max..].iter().any(u8::is_ascii_alphanumeric)
        {
            return false;
        }
        // A sentence that opens with three letters or digits keeps them when bared: it is a
        // pattern only if a pattern opens with them.
        if let Some(head) = head_of(b).filter(|_| b[..3].iter().all(u8::is_ascii_alphanumeric)) {
            if self.exact_heads[head / 64] & (1 << (head % 64)) == 0 {
                return false;
            }
        }
        let bare = bare(sentence).as_bytes();
        if bare.is_empty() || bare.len() > self.max_exact.min(MAX_EXACT_KEY) {
            return false;
        }
        let mut buf = [0u8; MAX_EXACT_KEY];
        let key = &mut buf[..bare.len()];
        key.copy_from_slice(bare);
        key.make_ascii_lowercase();
        self.exact.contains(&*key)
    }

    /// The length in bytes of a piece of page furniture that opens `sentence` and is followed by
    /// the start of another sentence (a capital, a digit or an opening mark): furniture pasted
    /// into a paragraph without punctuation, `Most read The company said…`. Only `exact` rules of
    /// two words or more are used here, so that a real sentence is never cut.
    ///
    /// ```
    /// use selaras::Lang;
    /// let en = Lang::EN.boilerplate_rules();
    /// assert_eq!(en.leading_furniture("Share this article The bank said so."), Some(18));
    /// assert_eq!(en.leading_furniture("Share this article with friends."), None);
    /// ```
    pub fn leading_furniture(&self, sentence: &str) -> Option<usize> {
        let bytes = sentence.as_bytes();
        // Every pattern has a space between two words, so three bytes at least.
        let head = head_of(bytes)?;
        if self.furniture_heads[head / 64] & (1 << (head % 64)) == 0 {
            return None;
        }
        let first = usize::from(bytes[0].to_ascii_lowercase());
        self.furniture[first].iter().find_map(|p| {
            if !starts_with_ignore_case(bytes, p) {
                return None;
            }
            let rest = sentence.get(p.len()..)?;
            let body = rest.trim_start();
            let opens = body.chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '‘' | '\'')
            });
            (body.len() < rest.len() && opens).then_some(p.len())
        })
    }
}

/// The search for `contains` patterns (lower case) in a lower-cased line: the vectorised
/// searcher for a few patterns (Teddy) where the processor has it, an automaton elsewhere.
#[derive(Debug, Clone)]
enum Contains {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Contains {
    fn new(patterns: &[Box<[u8]>]) -> Option<Contains> {
        if let Some(searcher) = aho_corasick::packed::Searcher::new(patterns) {
            return Some(Contains::Packed(searcher));
        }
        // The patterns are compiled in and few: building cannot fail on them.
        aho_corasick::AhoCorasick::new(patterns)
            .ok()
            .map(Contains::Automaton)
    }

    fn is_match(&self, lower: &[u8]) -> bool {
        match self {
            Contains::Packed(searcher) => searcher.find(lower).is_some(),
            Contains::Automaton(automaton) => automaton.is_match(lower),
        }
    }
}

/// The first three bytes of a text, ASCII lower-cased, hashed to 16 bits: a bit of a 65,536-bit
/// set, for the quick test that a text does not open like any of a set of patterns.
fn head_of(text: &[u8]) -> Option<usize> {
    match text {
        [a, b, c, ..] => {
            let [a, b, c] = [a, b, c].map(|x| usize::from(x.to_ascii_lowercase()));
            Some((a << 10 ^ b << 5 ^ c) & 0xFFFF)
        }
        _ => None,
    }
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    // The last byte first: most texts differ from a pattern there already, for less than the
    // whole comparison.
    let Some(last) = prefix.len().checked_sub(1) else {
        return true;
    };
    text.len() > last
        && text[last].eq_ignore_ascii_case(&prefix[last])
        && text[..last].eq_ignore_ascii_case(&prefix[..last])
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;

    /// The quick tests on a sentence's first bytes never turn away a pattern of the tables,
    /// whatever its case, nor a furniture pattern that opens a sentence.
    #[test]
    fn every_exact_pattern_is_found_past_the_quick_tests() {
        for (lang, own) in [("en", super::EN), ("id", super::ID), ("de", "")] {
            let rules = Lang::lenient(lang).boilerplate_rules();
            let mut table = Vec::new();
            super::parse_table(super::COMMON, &mut table);
            super::parse_table(own, &mut table);
            for rule in table.iter().filter(|r| r.kind == super::RuleKind::Exact) {
                let pattern = super::bare(&rule.pattern);
                if pattern.len() > super::MAX_EXACT_KEY {
                    continue;
                }
                for text in [
                    pattern.to_string(),
                    pattern.to_uppercase(),
                    format!("{pattern}."),
                ] {
                    assert!(rules.is_exact_furniture(&text), "{lang}: {text}");
                }
                if pattern.contains(' ') {
                    let pasted = format!("{} The bank said so.", pattern.to_uppercase());
                    assert_eq!(
                        rules.leading_furniture(&pasted),
                        Some(pattern.len()),
                        "{lang}: {pasted}"
                    );
                }
            }
        }
    }

    #[test]
    fn comment_form_lines_are_boilerplate_in_every_language() {
        for lang in ["en", "id", "de"] {
            let rules = Lang::lenient(lang).boilerplate_rules();
            assert!(rules.is_boilerplate("Leave a Reply"), "{lang}");
            assert!(rules.is_boilerplate(
                "Your email address will not be published. Required fields are marked *"
            ));
        }
    }

    #[test]
    fn indonesian_furniture() {
        let id = Lang::ID.boilerplate_rules();
        for line in [
            "Baca juga: Harga cabai melonjak",
            "BACA JUGA: Banjir di Bekasi",
            "Ikuti kami di Google News",
            "Bagikan artikel ini",
            "Editor: Budi Santoso",
            "Copyright © 2024 Harian Kita",
        ] {
            assert!(id.is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn content_is_not_boilerplate() {
        let id = Lang::ID.boilerplate_rules();
        let en = Lang::EN.boilerplate_rules();
        for line in [
            "Presiden membaca juga laporan itu sebelum rapat.",
            "Warga diminta mengikuti arahan petugas.",
            "Dia mengatakan hak cipta lagu itu milik keluarganya.",
        ] {
            assert!(!id.is_boilerplate(line), "{line}");
        }
        for line in [
            "Please leave a reply to the ministry by Friday, the letter said.",
            "Readers can share this article's findings with their doctors.",
        ] {
            assert!(!en.is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn english_furniture() {
        let en = Lang::EN.boilerplate_rules();
        for line in [
            "Read more: Floods close the ring road",
            "READ MORE: Why the rupiah fell",
            "Share this article",
            "Most read",
            "Listen to this article",
            "Print this page",
            "Watch the video above",
            "Sign up for our daily newsletter",
            "Follow us on social media",
            "Comments are closed",
            "Continue reading on the next page",
            "Page 2 of 3",
            "Photo: Staff photographer",
            "(Image: Agency archive)",
            "Tags: economy, trade",
            "Copyright © All rights reserved",
            "This story has been updated",
        ] {
            assert!(en.is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn more_indonesian_furniture() {
        let id = Lang::ID.boilerplate_rules();
        for line in [
            "Tonton video di atas",
            "Cetak halaman ini",
            "Dengarkan artikel ini",
            "Halaman 2 dari 3",
            "(Gambar: Arsip redaksi)",
            "Hak cipta dilindungi undang-undang",
            "Komentar dinonaktifkan",
            "Simak berita selengkapnya di halaman berikut",
            "Klik di sini untuk berlangganan",
            "Artikel ini telah diperbarui",
        ] {
            assert!(id.is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn content_that_opens_like_furniture_is_kept() {
        let en = Lang::EN.boilerplate_rules();
        let id = Lang::ID.boilerplate_rules();
        for line in [
            "Most read books are novels.",
            "Related articles in the press suggest a delay.",
            "Comments from the minister were brief.",
            "The advertisement was banned.",
            "Subscribers pay less, the company said.",
        ] {
            assert!(!en.is_boilerplate(line), "{line}");
            assert_eq!(en.leading_furniture(line), None, "{line}");
        }
        for line in [
            "Iklan rokok dilarang di jalan protokol.",
            "Artikel terkait korupsi itu dihapus.",
            "Foto bersama dilakukan usai acara.",
            "Komentar menteri itu memicu protes.",
            "Terpopuler di kalangan remaja adalah sepatu itu.",
        ] {
            assert!(!id.is_boilerplate(line), "{line}");
            assert_eq!(id.leading_furniture(line), None, "{line}");
        }
    }

    #[test]
    fn furniture_pasted_before_a_sentence() {
        let en = Lang::EN.boilerplate_rules();
        let id = Lang::ID.boilerplate_rules();
        assert_eq!(
            en.leading_furniture("Most read The bank cut rates."),
            Some(9)
        );
        assert_eq!(
            en.leading_furniture("Share this article Share this story"),
            Some("Share this article".len())
        );
        assert_eq!(
            id.leading_furniture("Tonton video di atas Harga naik."),
            Some(20)
        );
        assert_eq!(
            id.leading_furniture("Iklan Harga naik."),
            None,
            "one word is too risky"
        );
        assert!(en.is_exact_furniture("Print this page"));
        assert!(!en.is_exact_furniture("Print this page now, he said."));
    }

    #[test]
    fn long_lines_are_never_prefix_matches() {
        let id = Lang::ID.boilerplate_rules();
        let long = format!("Baca juga: {}", "kata ".repeat(60));
        assert!(!id.is_boilerplate(&long));
    }
}

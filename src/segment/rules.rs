//! The per-language rule tables and the line splitter that applies them.
//!
//! A table (`rules/en.txt`, `rules/id.txt`, `rules/generic.txt`) lists abbreviations, one rule a
//! line: `nonfinal dr` (an abbreviation that never ends a sentence: a title, `No.`, `Jl.`) or
//! `final dll` (one that ends a sentence when a capitalised word follows, as `dll.` does). Words are
//! matched case-insensitively, without their final period.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::normalize::boilerplate::base_lang;

/// One language's segmentation rules.
#[derive(Debug, Default)]
pub struct LangRules {
    nonfinal: HashSet<String>,
    may_end: HashSet<String>,
}

const GENERIC: &str = include_str!("rules/generic.txt");
const EN: &str = include_str!("rules/en.txt");
const ID: &str = include_str!("rules/id.txt");

impl LangRules {
    /// The rules for a language code; unknown languages get the generic table.
    pub fn for_lang(lang: &str) -> &'static LangRules {
        static EN_RULES: OnceLock<LangRules> = OnceLock::new();
        static ID_RULES: OnceLock<LangRules> = OnceLock::new();
        static GENERIC_RULES: OnceLock<LangRules> = OnceLock::new();
        let (cell, own) = match base_lang(lang) {
            "en" => (&EN_RULES, EN),
            "id" | "ms" => (&ID_RULES, ID),
            _ => (&GENERIC_RULES, ""),
        };
        cell.get_or_init(|| {
            let mut rules = LangRules::default();
            rules.load(GENERIC);
            rules.load(own);
            rules
        })
    }

    fn load(&mut self, table: &str) {
        for line in table.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((kind, word)) = line.split_once(char::is_whitespace) {
                let word = word.trim().trim_end_matches('.').to_lowercase();
                match kind {
                    "nonfinal" => {
                        self.nonfinal.insert(word);
                    }
                    "final" => {
                        self.may_end.insert(word);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Splits one line (no `\n` inside) into sentence ranges, trimmed of surrounding spaces.
    pub fn split_line(&self, line: &str) -> Vec<Range<usize>> {
        let bytes = line.as_bytes();
        let mut out = Vec::new();
        let mut start = 0usize;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0usize;
        while i < chars.len() {
            let (at, c) = chars[i];
            if !is_terminator(c) {
                i += 1;
                continue;
            }
            // Take the whole run of terminators and closing marks.
            let mut j = i + 1;
            while j < chars.len() && (is_terminator(chars[j].1) || is_closing(chars[j].1)) {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |&(b, _)| b);
            // A boundary needs whitespace after it, then something that can open a sentence.
            if j >= chars.len() || !chars[j].1.is_whitespace() {
                i = j.max(i + 1);
                continue;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let Some(&(_, next)) = chars.get(k) else {
                break;
            };
            let opens = next.is_uppercase()
                || next.is_numeric()
                || is_opening(next)
                || !next.is_alphabetic() && !next.is_ascii_punctuation();
            if !opens || (c == '.' && self.period_is_not_final(line, at, next)) {
                i = j;
                continue;
            }
            push_trimmed(&mut out, line, start, end);
            start = chars[k].0;
            i = k;
        }
        push_trimmed(&mut out, line, start, bytes.len());
        out
    }

    /// Whether the period at byte `at` belongs to an abbreviation or initial rather than ending
    /// the sentence, given the character that opens the next word.
    fn period_is_not_final(&self, line: &str, at: usize, next: char) -> bool {
        let before = &line[..at];
        let word_start = before
            .rfind(|c: char| c.is_whitespace() || is_opening(c))
            .map_or(0, |p| {
                p + before[p..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[word_start..];
        if word.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        if self.nonfinal.contains(&lower) {
            return true;
        }
        if self.may_end.contains(&lower) {
            return !next.is_uppercase();
        }
        // Initials (B.J.), multi-period abbreviations (U.S., a.m.): single letters between periods.
        let letters_between_periods = lower
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
        if letters_between_periods {
            // A lone capital letter is an initial; a dotted acronym before a capital usually ends
            // a sentence only when it is a known abbreviation that may end one.
            return true;
        }
        false
    }
}

fn push_trimmed(out: &mut Vec<Range<usize>>, line: &str, start: usize, end: usize) {
    let piece = &line[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

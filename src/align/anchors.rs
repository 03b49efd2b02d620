//! Anchor evidence: tokens that survive translation unchanged or nearly so — numbers (across the
//! `1.500` / `1,500` conventions), names, acronyms, codes — shared by a source and a target span.

/// The anchor tokens of one sentence: numbers in a convention-free form and case-folded words that
/// look like names, acronyms or codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Sorted, deduplicated tokens.
    pub tokens: Vec<String>,
}

impl Anchors {
    /// Extracts the anchors of a sentence.
    pub fn of(text: &str) -> Anchors {
        let mut tokens = Vec::new();
        for raw in text.split(|c: char| c.is_whitespace() || "()[]{}\"“”‘’«»!?;:—–".contains(c))
        {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if word.is_empty() {
                continue;
            }
            if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                tokens.push(normalize_number(word));
            } else if word.chars().count() >= 3
                && word.chars().next().is_some_and(char::is_uppercase)
            {
                tokens.push(word.to_lowercase());
            }
        }
        tokens.sort_unstable();
        tokens.dedup();
        Anchors { tokens }
    }

    /// The number of tokens shared with another sentence's anchors.
    pub fn shared(&self, other: &Anchors) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.tokens.len() && j < other.tokens.len() {
            match self.tokens[i].cmp(&other.tokens[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
}

/// Writes a number without its grouping separators, with `.` as the decimal mark: `1.500` and
/// `1,500` both become `1500`; `5,2` and `5.2` both become `5.2`.
pub fn normalize_number(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '.' || c == ',') && i > 0 && chars[i - 1].is_ascii_digit() {
            let digits_after = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits_after == 3 {
                // A group separator: skip it.
            } else if digits_after > 0 {
                out.push('.');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_across_conventions() {
        assert_eq!(normalize_number("1.500"), "1500");
        assert_eq!(normalize_number("1,500"), "1500");
        assert_eq!(normalize_number("5,2"), "5.2");
        assert_eq!(normalize_number("1.500.000"), "1500000");
    }

    #[test]
    fn shared_anchors_count_names_and_numbers() {
        let en = Anchors::of("Putin visited Vietnam with 1,500 troops.");
        let id = Anchors::of("Putin mengunjungi Vietnam dengan 1.500 tentara.");
        assert_eq!(en.shared(&id), 3);
    }
}

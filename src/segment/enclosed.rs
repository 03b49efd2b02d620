//! Candidate boundaries inside brackets: a period inside brackets that close a few words later
//! does not end a sentence (`Bandara itu (Intl. Airport) ramai.`), and neither does a sentence in
//! brackets inside another that goes on after them in lower case.

/// How far back from a candidate boundary an open bracket is looked for.
const BRACKET_BACK: usize = 200;

/// How far past a candidate boundary the closing bracket is looked for.
const BRACKET_REACH: usize = 40;

/// Whether a candidate boundary lies inside round brackets that the sentence (from `start`)
/// opened and that close within a few words after `next`, where the next sentence would start:
/// `(Intl. Airport)`, `(Z. zerumbet (Sm.) Roscoe)`. The look back and the look ahead are
/// bounded, so the cost at a candidate is too.
pub(super) fn bracket_holds(b: &[u8], start: usize, next: usize) -> bool {
    let from = start.max(next.saturating_sub(BRACKET_BACK));
    if open_bracket_before(b, from, next).is_none() {
        return false;
    }
    let end = (next + BRACKET_REACH).min(b.len());
    b[next..end]
        .iter()
        .find(|&&c| matches!(c, b'(' | b')'))
        .is_some_and(|&c| c == b')')
}

/// Whether a candidate boundary closes a bracket that the sentence (from `start`) opened after
/// its first word, and the sentence goes on in lower case after it: `She sings (She trained in
/// Vienna for years.) at the opera.` The run of final punctuation and closers ends at `run_end`;
/// the next word starts at `next`.
#[inline]
pub(super) fn bracket_goes_on(b: &[u8], start: usize, run_end: usize, next: usize) -> bool {
    if run_end <= start + 1
        || b[run_end - 1] != b')'
        || !b.get(next).is_some_and(u8::is_ascii_lowercase)
    {
        return false;
    }
    let from = start.max(run_end.saturating_sub(BRACKET_BACK));
    open_bracket_before(b, from, run_end - 1).is_some_and(|open| open > start)
}

/// The `(` before `at` (and at `from` or after) that no `)` between it and `at` closes: the
/// bracket `at` is inside. Most sentences hold no bracket, and one vectorised search back finds
/// that out.
fn open_bracket_before(b: &[u8], from: usize, mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        at = from + memchr::memrchr2(b'(', b')', &b[from..at])?;
        match (b[at], depth) {
            (b')', _) => depth += 1,
            (_, 0) => return Some(at),
            _ => depth -= 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_in_brackets_inside_another_goes_on_in_lower_case() {
        let goes_on = |line: &str| {
            let run_end = line.find(".)").unwrap() + 2;
            bracket_goes_on(line.as_bytes(), 0, run_end, run_end + 1)
        };
        assert!(goes_on(
            "She sings (She trained in Vienna for years.) at the opera."
        ));
        // The next sentence starts with a capital.
        assert!(!goes_on(
            "She sings (She trained in Vienna for years.) The opera is full."
        ));
        // The bracket opens the sentence: it is a sentence of its own.
        assert!(!goes_on(
            "(She trained in Vienna for years.) then she left."
        ));
    }

    /// Whether the candidate at the first `. ` of `line` is held by brackets.
    fn bracketed(line: &str) -> bool {
        let at = line.find(". ").unwrap();
        bracket_holds(line.as_bytes(), 0, at + 2)
    }

    #[test]
    fn brackets_that_close_a_few_words_on_hold() {
        assert!(bracketed("Bandara itu (Int. Airport) ramai."));
        let line = "Tanaman itu (Z. zerumbet (Sm.) Roscoe) tumbuh liar.";
        let next = line.find(".) ").unwrap() + 3;
        assert!(bracket_holds(line.as_bytes(), 0, next));
    }

    #[test]
    fn brackets_closed_before_or_far_away_hold_nothing() {
        assert!(!bracketed(
            "Ia main drum (dan bass). Band itu bubar (2001)."
        ));
        assert!(!bracketed(
            "Ia datang (lalu pergi. Ini terjadi pada waktu yang sangat lama sekali)."
        ));
        assert!(!bracketed("Ia datang (lalu pergi. Ini (baru) terjadi)."));
    }
}

//! Marks around sentence ends that are not words: list numbering, bullets, footnote marks,
//! author-year citations, initials, and periods with no space after them.

use super::lexical::{skip_spaces, space_at};

/// A citation in brackets at byte `at`, `(Bremer, 1998)` or `(Larsen 212)`: its length in bytes.
pub(super) fn author_year_at(b: &[u8], at: usize) -> Option<usize> {
    const REACH: usize = 48;
    if b.get(at) != Some(&b'(') {
        return None;
    }
    let inside = &b[at + 1..(at + 1 + REACH).min(b.len())];
    let close = inside
        .iter()
        .position(|&c| matches!(c, b')' | b'(' | b'.' | b'!' | b'?'))?;
    let cited = &inside[..close];
    (inside[close] == b')' && (is_author_year(cited) || is_author_page(cited))).then_some(close + 2)
}

/// Whether a bracket's content reads as a citation by author and page: a capitalised name, a
/// space and a number of one to four digits (`Larsen 212`, `van Dijk 7`).
fn is_author_page(inside: &[u8]) -> bool {
    let Some(space) = inside.iter().rposition(|&c| c == b' ') else {
        return false;
    };
    let (name, page) = (inside[..space].trim_ascii(), &inside[space + 1..]);
    let letters = name.iter().filter(|c| c.is_ascii_alphabetic()).count();
    name.iter().any(u8::is_ascii_uppercase)
        && letters >= 2
        && name
            .iter()
            .all(|&c| c.is_ascii_alphabetic() || matches!(c, b' ' | b'&' | b'-' | b'\''))
        && (1..=4).contains(&page.len())
        && page.iter().all(u8::is_ascii_digit)
}

/// Whether a bracket's content reads as a citation: a name, a comma and a year (`Bremer, 1998`).
fn is_author_year(inside: &[u8]) -> bool {
    let Some(comma) = inside.iter().rposition(|&c| c == b',') else {
        return false;
    };
    let year = inside[comma + 1..].trim_ascii();
    inside.first().is_some_and(u8::is_ascii_uppercase)
        && year.len() == 4
        && year.iter().all(u8::is_ascii_digit)
}

/// An emoticon at byte `at` (`:)`, `:-(`, `;)`, `:D`, `:P`, `:'(`, `:/`, `:)))`), standing as a
/// word of its own or glued to the word before it, and followed by a space or the end: its
/// length in bytes. Not a time (`10:30`) nor a path (`http://`).
pub(super) fn emoticon_at(b: &[u8], at: usize) -> Option<usize> {
    let eyes = *b.get(at)?;
    if !matches!(eyes, b':' | b';') || (at > 0 && b[at - 1].is_ascii_digit()) {
        return None;
    }
    let mut i = at + 1;
    if matches!(b.get(i), Some(b'-' | b'\'' | b'^')) {
        i += 1;
    }
    let mouth = *b.get(i)?;
    if !matches!(
        mouth,
        b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|' | b'O' | b'o' | b'3'
    ) {
        return None;
    }
    i += 1;
    // `:)))`, `:(((`: the mouth repeated.
    if matches!(mouth, b')' | b'(') {
        while b.get(i) == Some(&mouth) {
            i += 1;
        }
    }
    b.get(i)
        .is_none_or(u8::is_ascii_whitespace)
        .then_some(i - at)
}

/// A footnote mark after the final punctuation, `[12]`: its length in bytes.
pub(super) fn footnote_at(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let digits = b
        .get(i + 1..)?
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (digits > 0 && digits < 4 && b.get(i + 1 + digits) == Some(&b']')).then_some(digits + 2)
}

/// Whether a period with no space after it still ends a sentence: `world.Today`, `1,000.That`,
/// but not `KOMPAS.com`, `Jane.Doe@example.com` or a path. The token around the period is
/// looked at only a few bytes either way.
pub(super) fn glued_boundary(b: &[u8], period: usize) -> bool {
    const REACH: usize = 48;
    let after = period + 1;
    let before_ok = period >= 2
        && (b[period - 1].is_ascii_lowercase() || b[period - 1].is_ascii_digit())
        && b[period - 2].is_ascii_alphanumeric();
    let after_ok = b.get(after).is_some_and(u8::is_ascii_uppercase)
        && b.get(after + 1).is_some_and(u8::is_ascii_lowercase);
    if !before_ok || !after_ok {
        return false;
    }
    let lo = period.saturating_sub(REACH);
    let hi = (after + REACH).min(b.len());
    // `Suara.Com`, `Detik.Net`: a capitalised domain ending, not a new sentence.
    let letters = b[after..hi]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let tld = &b[after..after + letters];
    const ENDINGS: [&[u8]; 10] = [
        b"com", b"net", b"org", b"id", b"co", b"go", b"ac", b"info", b"news", b"tv",
    ];
    if ENDINGS.iter().any(|e| tld.eq_ignore_ascii_case(e)) {
        return false;
    }
    let web = |c: &u8| matches!(c, b'@' | b'/' | b'\\' | b'_' | b'=');
    let mut left = b[lo..period]
        .iter()
        .rev()
        .take_while(|c| !c.is_ascii_whitespace());
    let mut right = b[after..hi].iter().take_while(|c| !c.is_ascii_whitespace());
    !left.any(|c| web(c) || *c == b'.') && !right.any(web)
}

/// A list item's number or letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Number(u32),
    Letter(u8),
    /// A Roman numeral, `i` to `xxxix` (or in capitals): `i. … ii. … iii. …`.
    Roman(u32),
}

/// The value of a Roman numeral from 1 to 39 written in one case (`iv`, `XII`), if `word` is one.
pub(super) fn roman_value(word: &[u8]) -> Option<u32> {
    let lower = word.iter().all(u8::is_ascii_lowercase);
    if word.is_empty() || !(lower || word.iter().all(u8::is_ascii_uppercase)) {
        return None;
    }
    let tens = word
        .iter()
        .take(3)
        .take_while(|c| c.eq_ignore_ascii_case(&b'x'))
        .count();
    const UNITS: [&[u8]; 10] = [
        b"", b"i", b"ii", b"iii", b"iv", b"v", b"vi", b"vii", b"viii", b"ix",
    ];
    let rest = &word[tens..];
    let unit = UNITS.iter().position(|u| u.eq_ignore_ascii_case(rest))?;
    Some(10 * tens as u32 + unit as u32).filter(|&n| n > 0)
}

impl Marker {
    pub(super) fn parse(word: &[u8]) -> Option<Marker> {
        match word {
            // `i.` opening a list counts in Roman numerals; `h. … i.` is matched by `is`.
            [b'i' | b'I'] => Some(Marker::Roman(1)),
            [c] if c.is_ascii_alphabetic() => Some(Marker::Letter(c.to_ascii_lowercase())),
            _ if word.len() > 1 && roman_value(word).is_some() => {
                roman_value(word).map(Marker::Roman)
            }
            _ if !word.is_empty() && word.len() <= 3 && word.iter().all(u8::is_ascii_digit) => word
                .iter()
                .try_fold(0u32, |n, d| {
                    n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
                })
                .map(Marker::Number),
            _ => None,
        }
    }

    pub(super) fn next(self) -> Marker {
        match self {
            Marker::Number(n) => Marker::Number(n.saturating_add(1)),
            Marker::Letter(c) => Marker::Letter(c.saturating_add(1)),
            Marker::Roman(n) => Marker::Roman(n.saturating_add(1)),
        }
    }

    /// Whether `word` is this marker: `i` is the letter after `h` as well as Roman one.
    fn is(self, word: &[u8]) -> bool {
        match (self, word) {
            (Marker::Letter(c), [w]) => w.to_ascii_lowercase() == c,
            (Marker::Roman(n), _) => roman_value(word) == Some(n),
            _ => Marker::parse(word) == Some(self),
        }
    }

    /// Where the item numbered `self` starts, when the period (or bracket) at `period` ends its
    /// marker (`… 2. The second item`, `… 2) The second item`, `• 10. …`): at the marker, or at
    /// the bullet before it.
    pub(super) fn item_start(
        self,
        line: &str,
        period: usize,
        sentence_start: usize,
    ) -> Option<usize> {
        let b = line.as_bytes();
        let mut start = period;
        while start > sentence_start && start + 4 > period && b[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        if start <= sentence_start || !self.is(&b[start..period]) {
            return None;
        }
        // `⁃10.`: a bullet glued to the number opens the item.
        let head = line.get(..start)?;
        let (head, glued) = match head.chars().next_back() {
            Some(c) if !c.is_ascii() && is_bullet(c) => (&head[..head.len() - c.len_utf8()], true),
            _ => (head, false),
        };
        if !head.ends_with(char::is_whitespace) {
            return None;
        }
        if glued {
            return Some(head.len());
        }
        let before = head.trim_end();
        Some(match before.chars().next_back() {
            Some(c) if is_bullet(c) => before.len() - c.len_utf8(),
            _ => start,
        })
    }
}

/// The marker that opens a line (`1.`, `2.)`, `a.`, `3)`, `b)`), if any, and whether it is closed
/// by a bracket alone (`3)`): the next item's marker then has no period to be found at.
pub(super) fn leading_marker(b: &[u8], at: usize) -> Option<(Marker, bool)> {
    let len = b
        .get(at..)?
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let paren = match b.get(at + len) {
        Some(b'.') => false,
        Some(b')') => true,
        _ => return None,
    };
    Marker::parse(&b[at..at + len]).map(|m| (m, paren))
}

/// The bullet character at byte `at`, if any.
pub(super) fn bullet_at(line: &str, at: usize) -> Option<char> {
    line.get(at..)?.chars().next().filter(|&c| is_bullet(c))
}

/// A bullet that is never punctuation: it opens an item wherever it stands between spaces.
pub(super) fn is_item_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '‣' | '⁃')
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '‣' | '⁃' | '·' | '*' | '-' | '–')
}

/// The position after a bullet and its spaces at `at`, or `at` when there is none. A bullet
/// that is not ASCII may be glued to the number after it (`⁃9. The first item`).
pub(super) fn skip_bullet(line: &str, at: usize) -> usize {
    match bullet_at(line, at) {
        Some(c) if space_at(line, at + c.len_utf8()) > 0 => skip_spaces(line, at + c.len_utf8()),
        Some(c)
            if !c.is_ascii()
                && line
                    .as_bytes()
                    .get(at + c.len_utf8())
                    .is_some_and(u8::is_ascii_digit) =>
        {
            at + c.len_utf8()
        }
        _ => at,
    }
}

/// Line-initial list numbering: `1.`, `12.`, `a.`, `iv.`.
pub(super) fn is_list_marker(lower: &[u8]) -> bool {
    let digits = !lower.is_empty() && lower.len() <= 3 && lower.iter().all(u8::is_ascii_digit);
    let letter = lower.len() == 1 && lower[0].is_ascii_alphabetic();
    let roman = matches!(
        lower,
        b"ii" | b"iii" | b"iv" | b"vi" | b"vii" | b"viii" | b"ix" | b"xi" | b"xii"
    );
    digits || letter || roman
}

/// Initials and dotted abbreviations: a capital letter (`B`), or single letters joined by periods
/// (`B.J`, `U.S`, `a.m`).
pub(super) fn is_dotted(word: &[u8]) -> bool {
    let letters = word
        .split(|&c| c == b'.')
        .all(|part| part.len() == 1 && part[0].is_ascii_alphabetic());
    letters && (word.len() > 1 || word[0].is_ascii_uppercase())
}

/// What opens a list item on a line of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bullet {
    /// A mark that is only ever a bullet: `•`, `◦`, `▪`, `‣`, `⁃`, `·`, `*`.
    Mark,
    /// A hyphen or dash, which may also be punctuation going on from the line before.
    Dash,
    /// Numbering: `1.`, `2)`, `3.)`, `a)`, `(b)`, `iv.`.
    Number,
}

/// The list item mark that opens `line` (trimmed), followed by a space, if any.
pub(super) fn leading_item(line: &str) -> Option<Bullet> {
    let c = line.chars().next()?;
    if is_bullet(c) {
        let spaced = space_at(line, c.len_utf8()) > 0;
        return spaced.then_some(if matches!(c, '-' | '–') {
            Bullet::Dash
        } else {
            Bullet::Mark
        });
    }
    let b = line.as_bytes();
    let open = usize::from(b[0] == b'(');
    let len = b[open..]
        .iter()
        .take(5)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let word = b[open..open + len].to_ascii_lowercase();
    if !is_list_marker(&word) {
        return None;
    }
    let close = match &b[open + len..] {
        [b'.', b')', ..] => 2,
        [b'.' | b')', ..] => 1,
        _ => return None,
    };
    let after = open + len + close;
    (space_at(line, after) > 0 && (open == 0 || b[after - 1] == b')')).then_some(Bullet::Number)
}

/// A spaced ellipsis of exactly three dots at byte `at`, `. . .`: the byte after its last dot.
pub(super) fn spaced_ellipsis_at(b: &[u8], at: usize) -> Option<usize> {
    let end = at + 5;
    let more = match b.get(end) {
        Some(b'.') => true,
        Some(b' ') => b.get(end + 1) == Some(&b'.'),
        _ => false,
    };
    (b.get(at..end)? == b". . ." && !more).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoticons_are_found_and_times_and_paths_are_not() {
        for (text, len) in [
            (":)", 2),
            (":-( x", 3),
            (";) x", 2),
            (":D", 2),
            (":'(", 3),
            (":)))", 4),
        ] {
            assert_eq!(emoticon_at(text.as_bytes(), 0), Some(len), "{text}");
        }
        assert_eq!(emoticon_at(b"cousins:) They", 7), Some(2));
        for (text, at) in [
            ("10:30", 2),
            ("http://x", 4),
            (":Dave", 0),
            ("a : b", 2),
            ("x :)x", 2),
        ] {
            assert_eq!(emoticon_at(text.as_bytes(), at), None, "{text}");
        }
    }
}

//! E-mail header time stamps inside a line: `Rina Sari 04/26/2001 07:17 AM Could you send…`.
//!
//! Forwarded and quoted e-mail (web text, mailing lists) puts the sender, a date and time, and
//! the message on one line once the header's line breaks are gone. The stamp is a sentence of its
//! own: the text after it starts another, and so does the stamp itself after a name or an
//! address. After a lower-case word (`on 09/03/2002 11:05:12`, `sent 08/16/2000 …`) or a colon
//! (`Date: 08/16/2000 …`) it stays with the words that introduce it.

/// The time stamp whose time's colon is at `colon` (`MM/DD/YYYY HH:MM[:SS][ AM|PM]`, standing
/// as words of their own), as a byte range.
pub(super) fn stamp_at_colon(b: &[u8], colon: usize) -> Option<(usize, usize)> {
    // Back over the hour and the space to the date, then to the date's first digit.
    let hour = b[..colon]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2).contains(&hour) || colon < hour + 2 || b[colon - hour - 1] != b' ' {
        return None;
    }
    let date_end = colon - hour - 1;
    let start = b[..date_end]
        .iter()
        .rposition(|&c| !(c.is_ascii_digit() || c == b'/'))
        .map_or(0, |at| at + 1);
    stamp_from(b, start)
        .filter(|&end| end > colon)
        .map(|end| (start, end))
}

/// The end of the stamp (`MM/DD/YYYY HH:MM[:SS][ AM|PM]`) whose date starts at `start`, standing
/// as words of their own.
fn stamp_from(b: &[u8], start: usize) -> Option<usize> {
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if start > 0 && !b[start - 1].is_ascii_whitespace() {
        return None;
    }
    let month = digits(start);
    let mut i = start + month;
    if !(1..=2).contains(&month) || b.get(i) != Some(&b'/') {
        return None;
    }
    let day = digits(i + 1);
    i += 1 + day;
    if !(1..=2).contains(&day) || b.get(i) != Some(&b'/') {
        return None;
    }
    let year = digits(i + 1);
    i += 1 + year;
    if !(year == 2 || year == 4) || b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let hour = digits(i);
    i += hour;
    if !(1..=2).contains(&hour) || b.get(i) != Some(&b':') || digits(i + 1) != 2 {
        return None;
    }
    i += 3;
    if b.get(i) == Some(&b':') && digits(i + 1) == 2 {
        i += 3;
    }
    let ampm = |at: usize| {
        b.get(at..at + 2)
            .is_some_and(|w| matches!(w, b"AM" | b"PM" | b"am" | b"pm"))
    };
    if b.get(i) == Some(&b' ') && ampm(i + 1) {
        i += 3;
    } else if ampm(i) {
        i += 2;
    }
    b.get(i).is_none_or(u8::is_ascii_whitespace).then_some(i)
}

/// Whether a stamp starting at `start` opens a sentence of its own: the word before it is not
/// a lower-case word (a name, an address, a quoted name) and does not end with a colon.
pub(super) fn cut_before(b: &[u8], start: usize) -> bool {
    let end = b[..start].trim_ascii_end().len();
    if end == 0 {
        return false;
    }
    let word_start = b[..end]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |at| at + 1);
    let word = &b[word_start..end];
    !(word.ends_with(b":") || word.iter().all(u8::is_ascii_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line cut where its stamps cut it, as the scan does.
    fn pieces(line: &str) -> Vec<&str> {
        let b = line.as_bytes();
        let mut cuts = Vec::new();
        for colon in memchr::memchr_iter(b':', b) {
            if let Some((start, end)) = stamp_at_colon(b, colon) {
                if cut_before(b, start) {
                    cuts.push(start);
                }
                if b[end..].iter().any(|c| !c.is_ascii_whitespace()) {
                    cuts.push(end);
                }
            }
        }
        let mut out = Vec::new();
        let mut from = 0;
        for cut in cuts.into_iter().chain([line.len()]) {
            out.push(line[from..cut].trim());
            from = cut;
        }
        out
    }

    #[test]
    fn a_stamp_after_a_name_is_a_sentence_of_its_own() {
        assert_eq!(
            pieces("Rina Sari 04/26/2001 07:17 AM Will you send the draft?"),
            [
                "Rina Sari",
                "04/26/2001 07:17 AM",
                "Will you send the draft?"
            ]
        );
        assert_eq!(
            pieces("\"Budi\" <budi@example.org> 02/13/2001 08:02 PM thanks for this"),
            [
                "\"Budi\" <budi@example.org>",
                "02/13/2001 08:02 PM",
                "thanks for this"
            ]
        );
    }

    #[test]
    fn a_stamp_after_a_lower_case_word_or_a_colon_stays_with_it() {
        assert_eq!(
            pieces("Forwarded by Rina on 04/25/01 12:42:55 We moved offices."),
            [
                "Forwarded by Rina on 04/25/01 12:42:55",
                "We moved offices."
            ]
        );
        assert_eq!(
            pieces("Sent: 08/16/2000 03:14 PM"),
            ["Sent: 08/16/2000 03:14 PM"]
        );
    }

    #[test]
    fn dates_without_a_time_and_fractions_are_not_stamps() {
        for line in [
            "The deal closed on 04/26/2001 and shares rose.",
            "Mix 1/2 cup of flour with 3/4 cup of milk.",
            "See http://example.org/a/b 10:30 AM",
            "Harga naik pada 19/6/2024 pukul 10.30 WIB.",
        ] {
            assert_eq!(pieces(line), [line.trim()], "{line}");
        }
    }
}

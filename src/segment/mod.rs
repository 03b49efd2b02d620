//! Clean text to sentences.
//!
//! A [`Segmenter`] splits normalised text (see [`crate::normalize`]) into [`Sentence`]s by rules kept
//! as data, one table per language under `rules/` (`en.txt`, `id.txt`, and `generic.txt` for every
//! language). Blank lines start a new paragraph. A single line break is a boundary where the text
//! says so: a headline, byline or dateline on its own line is a sentence of its own, and so are
//! the lines of a list, a poem or an address; lines wrapped at a width (PDF, e-mail, `fold`) are
//! joined back and read as one, their line ends kept inside the sentence's span. Inside a line a
//! sentence ends at `.`, `!`, `?` or `…` (with any closing quotes, brackets and footnote marks)
//! unless the rules say the period belongs to an abbreviation, an initial, a number, a list marker
//! or a quotation followed by its attribution. Where a language writes quoted speech and its
//! attribution as one sentence (Indonesian), so does [`Segmenter::for_lang`]; the aligner's
//! [`Segmenter::for_alignment`] cuts the quotation at each of its sentences.
//!
//! A text longer than a piece (1 MiB) is cut at paragraph breaks into pieces of about that size,
//! split at once on rayon's threads, with the sentences of the whole (nothing that decides a
//! boundary crosses a paragraph break but the wrap width, which is found first).
//!
//! The rooms: [`rules`](LangRules) loads the tables; `wrap` decides which line breaks are wraps;
//! `scan` is the line splitter (the hot path, byte-level, no allocation per line); `lexical`
//! holds the character classes it reads; `marks` the non-word marks around sentence ends (list
//! numbering, bullets, citations, glued sentences); `enclosed` the brackets a sentence does not
//! end inside; `quoted` the quotations it does not end inside, and those that open one.
//!
//! Every sentence keeps its byte span in the text it came from, so the text can always be rebuilt
//! from the sentences and the gaps between them. Lines that the language's boilerplate table
//! recognises are marked, never dropped, and kept whole; furniture pasted into a paragraph
//! (`Most read The bank said…`) is cut off as a sentence of its own and marked. The pipeline
//! decides what to do with marked sentences.

mod enclosed;
mod lexical;
mod marks;
mod quoted;
mod rules;
mod scan;
mod stamp;
mod wrap;

use std::ops::Range;

use rayon::prelude::*;

use crate::lang::Lang;
use crate::normalize::boilerplate::BoilerplateRules;
pub use rules::{AbbrevKind, LangRules};

/// The size of the pieces that a long text is split in at once (see `Segmenter::split_in_pieces`).
const PIECE_BYTES: usize = 1 << 20;

/// Where a text is cut into pieces of at least `size` bytes: after the line end of a blank line
/// (a paragraph break), each piece starting at a line's start. One piece when the text is short
/// or has no paragraph break to cut at.
fn pieces(text: &str, size: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    while start.saturating_add(size) < b.len() {
        // The `\n\n` of the next blank line at or after `size` bytes in: the piece ends after it.
        let Some(at) = memchr::memmem::find(&b[start + size..], b"\n\n") else {
            break;
        };
        let end = start + size + at + 2;
        out.push(start..end);
        start = end;
    }
    out.push(start..b.len());
    out
}

/// One sentence: where it is in the text, which paragraph it belongs to, and whether its line is
/// web boilerplate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range of the sentence in the text it was split from; never empty, never starts or
    /// ends with whitespace.
    pub span: Range<usize>,
    /// 0-based paragraph number: paragraphs are separated by blank lines.
    pub paragraph: usize,
    /// The sentence is (part of) a line that the boilerplate table recognises.
    pub boilerplate: bool,
}

impl Sentence {
    /// The sentence's text, sliced from the text it was split from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }
}

/// Splits text into sentences by one language's rules.
#[derive(Debug, Clone, Copy)]
pub struct Segmenter {
    rules: &'static LangRules,
    boilerplate: &'static BoilerplateRules,
    whole_quotations: bool,
}

impl Segmenter {
    /// The segmenter of a language: its sentence rules and boilerplate table. Languages without
    /// tables of their own get the generic rules.
    pub fn for_lang(lang: Lang) -> Segmenter {
        Segmenter {
            rules: lang.segmentation_rules(),
            boilerplate: lang.boilerplate_rules(),
            whole_quotations: true,
        }
    }

    /// The segmenter that cuts text into the units the aligner pairs: [`Segmenter::for_lang`]'s
    /// sentences, but a quotation of several sentences is cut at each of them even where the
    /// language writes quoted speech and its attribution as one sentence (Indonesian: `"Harga
    /// naik. Kami siap," kata Budi.`), so that each sentence said pairs with its translation.
    ///
    /// ```
    /// use selaras::{segment::Segmenter, Lang};
    /// let text = "\"Harga naik. Kami siap,\" kata Budi.";
    /// let units = |segmenter: Segmenter| segmenter.split(text).len();
    /// assert_eq!(units(Segmenter::for_lang(Lang::ID)), 1);
    /// assert_eq!(units(Segmenter::for_alignment(Lang::ID)), 2);
    /// ```
    pub fn for_alignment(lang: Lang) -> Segmenter {
        Segmenter {
            whole_quotations: false,
            ..Segmenter::for_lang(lang)
        }
    }

    /// Splits normalised text into sentences, in order.
    ///
    /// ```
    /// use selaras::{segment::Segmenter, Lang};
    /// let text = "Harga Beras Naik\n\nJAKARTA – Dr. Siti berbicara. Harga naik 1.500 rupiah.";
    /// let sentences: Vec<&str> = Segmenter::for_lang(Lang::ID)
    ///     .split(text)
    ///     .iter()
    ///     .map(|s| s.text(text))
    ///     .collect();
    /// assert_eq!(
    ///     sentences,
    ///     ["Harga Beras Naik", "JAKARTA – Dr. Siti berbicara.", "Harga naik 1.500 rupiah."]
    /// );
    /// ```
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut parts = self.split_parts(text);
        match parts.len() {
            0 | 1 => parts.pop().unwrap_or_default(),
            _ => parts.concat(),
        }
    }

    /// [`Segmenter::split`]'s sentences as the lists of the pieces the text was split in (see
    /// `split_in_pieces`), in order: for a caller that goes through them once, without putting
    /// them together first.
    pub(crate) fn split_parts(&self, text: &str) -> Vec<Vec<Sentence>> {
        self.split_in_pieces(text, PIECE_BYTES)
    }

    /// The sentences of a text longer than `piece` bytes cut into pieces of about that size at
    /// paragraph breaks, the pieces split at once on rayon's threads; one list a piece, in order,
    /// paragraphs numbered through the whole text. Nothing that decides a boundary crosses a
    /// paragraph break but the wrap width, which is the document's and found first; so the
    /// sentences are those of splitting the text whole.
    fn split_in_pieces(&self, text: &str, piece: usize) -> Vec<Vec<Sentence>> {
        let width = wrap::width(text);
        let pieces = pieces(text, piece);
        if pieces.len() == 1 {
            let mut out = Vec::new();
            self.split_piece(text, 0..text.len(), width, &mut out);
            return vec![out];
        }
        let parts: Vec<(Vec<Sentence>, usize)> = pieces
            .into_par_iter()
            .map(|range| {
                let mut out = Vec::new();
                let paragraphs = self.split_piece(text, range, width, &mut out);
                (out, paragraphs)
            })
            .collect();
        let mut first_paragraph = 0;
        parts
            .into_iter()
            .map(|(mut part, paragraphs)| {
                for sentence in &mut part {
                    sentence.paragraph += first_paragraph;
                }
                first_paragraph += paragraphs;
                part
            })
            .collect()
    }

    /// Splits one piece of the text (see [`wrap::Lines::within`]) into `out`, paragraphs counted
    /// from 0 at its start; returns how many paragraphs it holds.
    fn split_piece(
        &self,
        text: &str,
        piece: Range<usize>,
        width: Option<usize>,
        out: &mut Vec<Sentence>,
    ) -> usize {
        // Room for a sentence every 64 bytes made once, not grown step by step.
        out.reserve(piece.len() / 64);
        let mut lines = wrap::Lines::within(text, piece).peekable();
        let mut paragraphs = 0;
        let Some(width) = width else {
            // Not wrapped: whether two lines join depends on those two lines alone.
            let mut from = None;
            while let Some(a) = lines.next() {
                paragraphs = a.paragraph + 1;
                let start = *from.get_or_insert(a.start);
                let next = lines.peek().filter(|b| b.paragraph == a.paragraph);
                if next.is_some_and(|b| self.joins(text, &a, b, None)) {
                    continue;
                }
                from = None;
                self.split_unit(text, start..a.end, a.paragraph, out);
            }
            return paragraphs;
        };
        // One paragraph's lines at a time, as a paragraph that does not fit the width is not
        // wrapped: memory stays that of the longest paragraph.
        let mut paragraph = Vec::new();
        while let Some(line) = lines.next() {
            paragraphs = line.paragraph + 1;
            paragraph.push(line);
            if lines
                .peek()
                .is_some_and(|next| next.paragraph == line.paragraph)
            {
                continue;
            }
            self.split_paragraph(text, &paragraph, width, out);
            paragraph.clear();
        }
        paragraphs
    }

    /// Splits the lines of one paragraph, joining those the text wraps (see `wrap`).
    fn split_paragraph(
        &self,
        text: &str,
        paragraph: &[wrap::Line],
        width: usize,
        out: &mut Vec<Sentence>,
    ) {
        let width = Some(width).filter(|&w| wrap::paragraph_fits(text, paragraph, w));
        let mut first = 0usize;
        for (i, a) in paragraph.iter().enumerate() {
            if paragraph
                .get(i + 1)
                .is_some_and(|b| self.joins(text, a, b, width))
            {
                continue;
            }
            let from = paragraph[first].start;
            first = i + 1;
            self.split_unit(text, from..a.end, a.paragraph, out);
        }
    }

    /// Whether the break between two lines of a paragraph goes on inside a sentence; a line of
    /// boilerplate starts a unit of its own (and takes the lines wrapped after it).
    fn joins(&self, text: &str, a: &wrap::Line, b: &wrap::Line, width: Option<usize>) -> bool {
        wrap::joins(text, a, b, width) && !self.boilerplate.is_boilerplate(&text[b.start..b.end])
    }

    /// Splits one run of lines that the text does not break between (often a single line).
    fn split_unit(
        &self,
        text: &str,
        range: Range<usize>,
        paragraph: usize,
        out: &mut Vec<Sentence>,
    ) {
        let start = range.start;
        let line = &text[range];
        let first = out.len();
        let mut push = |range: Range<usize>| {
            self.push_sentence(out, text, start + range.start..start + range.end, paragraph)
        };
        scan::split_line(self.rules, line, self.whole_quotations, &mut push);
        // A line of several sentences may hold furniture pasted between them.
        let rules = self.boilerplate;
        let several = out.len() > first + 1;
        if several {
            for sentence in &mut out[first..] {
                if !sentence.boilerplate {
                    sentence.boilerplate = rules.is_exact_furniture(&text[sentence.span.clone()]);
                }
            }
        }
        // A boilerplate line is one unit of page furniture: it stays whole. A line whose
        // first sentence is content is not furniture, whatever is pasted after it; and a
        // line of several known pieces of furniture in a row keeps them apart. Lines joined
        // into one are read as the one line they were before they were wrapped.
        let chain = several && out[first..].iter().all(|s| s.boilerplate);
        if !chain
            && rules.is_boilerplate(line)
            && (!several || rules.is_boilerplate(&text[out[first].span.clone()]))
        {
            out.truncate(first);
            let lead = line.len() - line.trim_start().len();
            out.push(Sentence {
                span: start + lead..start + lead + line.trim().len(),
                paragraph,
                boilerplate: true,
            });
        }
    }

    /// Pushes one sentence, first cutting off any furniture that opens it without punctuation
    /// (`Most read The bank said…`).
    #[inline]
    fn push_sentence(
        &self,
        out: &mut Vec<Sentence>,
        text: &str,
        mut span: Range<usize>,
        paragraph: usize,
    ) {
        while let Some(len) = text
            .get(span.clone())
            .and_then(|s| self.boilerplate.leading_furniture(s))
        {
            out.push(Sentence {
                span: span.start..span.start + len,
                paragraph,
                boilerplate: true,
            });
            let rest = &text[span.start + len..span.end];
            span.start = span.end - rest.trim_start().len();
        }
        out.push(Sentence {
            span,
            paragraph,
            boilerplate: false,
        });
    }

    /// Whether one line is web boilerplate by this language's table.
    pub fn is_boilerplate_line(&self, line: &str) -> bool {
        self.boilerplate.is_boilerplate(line)
    }
}

/// Reads presegmented text: one sentence per line, used exactly as given. Blank lines mark
/// paragraph breaks and are not sentences; nothing is marked as boilerplate.
///
/// ```
/// let text = "Satu.\nDua\n\nTiga.\n";
/// let sentences = selaras::segment::presegmented(text);
/// assert_eq!(sentences.len(), 3);
/// assert_eq!(sentences[2].paragraph, 1);
/// assert_eq!(sentences[1].text(text), "Dua");
/// ```
pub fn presegmented(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut blank_run = false;
    let mut line_start = 0usize;
    for line in text.split('\n') {
        let start = line_start;
        line_start += line.len() + 1;
        let trimmed_start = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank_run = true;
            continue;
        }
        if blank_run && !out.is_empty() {
            paragraph += 1;
        }
        blank_run = false;
        let from = start + trimmed_start;
        out.push(Sentence {
            span: from..from + trimmed.len(),
            paragraph,
            boilerplate: false,
        });
    }
    out
}

#[cfg(test)]
mod tests;

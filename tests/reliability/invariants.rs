//! Invariants that hold for every input, shared by the property tests (`tests/reliability.rs`)
//! and the fuzz targets (`fuzz/`): each check panics with a message when an invariant breaks.
//!
//! - [`check_text`]: decode → normalise → split (en, id, generic, presegmented).
//! - [`check_alignment`]: a split document through the aligner and the boilerplate splice.
//! - [`check_writers`]: every writer's output parses back to the same text.
//!
//! [`Input`] turns raw fuzz bytes into the documents these checks take, so that a fuzzer and a
//! property test drive the same code.

#![allow(dead_code)]

use selaras::lang::Lang;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use selaras::align::{AlignConfig, Bead, Model};
use selaras::export::{
    beads_text, beads_text_flagged, creation_date, xml_safe, AlignedDoc, CsvWriter, Filter,
    JsonlWriter, Languages, TmxHeader, TmxWriter, TsvWriter, Writer,
};
use selaras::normalize::{decode, is_removable, normalize, Encoding};
use selaras::pipeline::{align_split, SplitSide};
use selaras::segment::{presegmented, Segmenter, Sentence};

// ---------------------------------------------------------------------------------------------
// Text: decode, normalise, split.

/// Decodes `bytes` (as UTF-8/UTF-16/UTF-32 by BOM, and as Windows-1252), then checks
/// normalisation and every segmenter on the result.
pub fn check_text(bytes: &[u8]) {
    if let Ok(text) = decode(bytes, Encoding::Auto) {
        check_decoded(&text);
    }
    match decode(bytes, Encoding::WINDOWS_1252) {
        Ok(text) => check_decoded(&text),
        Err(_) => assert!(bytes.contains(&0), "8-bit decoding fails only on NUL"),
    }
}

/// Checks normalisation and splitting of decoded text.
pub fn check_decoded(text: &str) {
    let clean = normalize(text);
    for c in clean.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "normalised text holds control {c:?}"
        );
        assert!(!is_removable(c), "normalised text holds {c:?}");
    }
    assert_eq!(normalize(&clean), clean, "normalize is not idempotent");
    for lang in ["en", "id", "xx"] {
        let sentences = Segmenter::for_lang(Lang::lenient(lang)).split(&clean);
        check_spans(&clean, &sentences, lang, true);
    }
    let lines = presegmented(&clean);
    check_spans(&clean, &lines, "presegmented", false);
    let expected = clean.split('\n').filter(|l| !l.trim().is_empty()).count();
    assert_eq!(
        lines.len(),
        expected,
        "presegmented: one sentence per non-blank line"
    );
}

/// Spans in order, within bounds, on character boundaries, never empty nor padded, never across
/// a blank line (nor across any line end unless `wrapped` lines may be joined); what lies between
/// them is whitespace; paragraphs never go back.
pub fn check_spans(text: &str, sentences: &[Sentence], what: &str, wrapped: bool) {
    let mut at = 0usize;
    let mut paragraph = 0usize;
    for s in sentences {
        let span = s.span.clone();
        assert!(span.start >= at, "{what}: span {span:?} starts before {at}");
        assert!(span.start < span.end, "{what}: empty span {span:?}");
        assert!(span.end <= text.len(), "{what}: span {span:?} past the end");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{what}: span {span:?} splits a character"
        );
        let gap = &text[at..span.start];
        assert!(
            gap.chars().all(char::is_whitespace),
            "{what}: non-space text {gap:?} is in no sentence"
        );
        let sentence = &text[span.clone()];
        assert_eq!(sentence.trim(), sentence, "{what}: sentence padded");
        if wrapped {
            assert!(
                sentence.split('\n').all(|line| !line.trim().is_empty()),
                "{what}: sentence crosses a blank line"
            );
        } else {
            assert!(!sentence.contains('\n'), "{what}: sentence crosses a line");
        }
        assert!(s.paragraph >= paragraph, "{what}: paragraph goes back");
        paragraph = s.paragraph;
        at = span.end;
    }
    assert!(
        text[at..].chars().all(char::is_whitespace),
        "{what}: text after the last sentence"
    );
}

// ---------------------------------------------------------------------------------------------
// Alignment.

/// Beads cover every sentence of both sides exactly once, in order; none is empty or larger than
/// `max_bead` on a side; scores are in [0, 1].
pub fn check_beads(beads: &[Bead], n: usize, m: usize, max_bead: Option<usize>) {
    let (mut i, mut j) = (0usize, 0usize);
    for bead in beads {
        assert_eq!(bead.src.start, i, "source not covered in order: {beads:?}");
        assert_eq!(bead.tgt.start, j, "target not covered in order: {beads:?}");
        assert!(bead.src.end >= bead.src.start && bead.tgt.end >= bead.tgt.start);
        assert!(!(bead.src.is_empty() && bead.tgt.is_empty()), "empty bead");
        if let Some(max) = max_bead {
            assert!(
                bead.src.len() <= max.max(1) && bead.tgt.len() <= max.max(1),
                "bead {bead:?} larger than {max}"
            );
        }
        assert!(
            (0.0..=1.0).contains(&bead.score),
            "score {} out of [0, 1]",
            bead.score
        );
        i = bead.src.end;
        j = bead.tgt.end;
    }
    assert_eq!((i, j), (n, m), "beads do not reach the end: {beads:?}");
}

/// Aligns a split document (boilerplate marks included) and checks the beads; boilerplate
/// sentences must be exactly the marked one-sided beads.
pub fn check_alignment(src: SplitSide, tgt: SplitSide, max_bead: usize) -> AlignedDoc {
    check_alignment_strictly(src, tgt, max_bead, true)
}

/// [`check_alignment`], tolerating the known splice bug or not.
pub fn check_alignment_strictly(
    src: SplitSide,
    tgt: SplitSide,
    max_bead: usize,
    strict: bool,
) -> AlignedDoc {
    let (n, m) = (src.sentences.len(), tgt.sentences.len());
    let (src_excluded, tgt_excluded) = (src.excluded.clone(), tgt.excluded.clone());
    let model = Model::for_pair(Lang::EN, Lang::ID);
    let config = AlignConfig::default().with_max_bead(max_bead);
    let doc = align_split("doc".to_string(), src, tgt, &model, &config);
    check_beads(&doc.beads, n, m, None);
    for bead in &doc.beads {
        let excluded =
            bead.src.clone().any(|i| src_excluded[i]) || bead.tgt.clone().any(|j| tgt_excluded[j]);
        if !strict && excluded && bead.src.len() + bead.tgt.len() > 1 {
            continue;
        }
        assert!(
            bead.src.len() <= max_bead.max(1) && bead.tgt.len() <= max_bead.max(1),
            "bead {bead:?} larger than {max_bead}"
        );
        assert_eq!(
            bead.boilerplate, excluded,
            "boilerplate mark wrong on {bead:?}"
        );
        if bead.boilerplate {
            assert_eq!(
                bead.src.len() + bead.tgt.len(),
                1,
                "boilerplate bead not single"
            );
        }
    }
    doc
}

// ---------------------------------------------------------------------------------------------
// Writers.

/// An in-memory sink that the test keeps a handle to after the writer has consumed it.
#[derive(Clone, Default)]
pub struct SharedBuf(pub Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl SharedBuf {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).expect("writer output is UTF-8")
    }
}

fn no_commit(_: SharedBuf) -> io::Result<Option<selaras::export::ClosedFile>> {
    Ok(None)
}

fn run_writer(mut writer: Box<dyn Writer>, doc: &AlignedDoc) {
    writer.write_doc(doc).expect("write_doc");
    writer.finish().expect("finish");
}

/// What a bitext row should hold: doc, bead label, score, source text, target text.
pub fn expected_rows(doc: &AlignedDoc, filter: &Filter) -> Vec<[String; 5]> {
    doc.beads
        .iter()
        .filter(|b| filter.keeps(b))
        .map(|b| {
            [
                doc.name.clone(),
                selaras::export::bead_label(b),
                selaras::export::score_text(b.score),
                doc.src_text(b),
                doc.tgt_text(b),
            ]
        })
        .collect()
}

pub fn languages() -> Languages {
    Languages::new(Lang::EN, Lang::ID)
}

/// The filter that lets every non-boilerplate bead through.
pub fn keep_all() -> Filter {
    Filter::default().with_keep_unaligned(true)
}

pub fn write_csv(doc: &AlignedDoc, filter: Filter) -> String {
    let buf = SharedBuf::default();
    let w = CsvWriter::new(buf.clone(), &languages(), filter, no_commit).unwrap();
    run_writer(Box::new(w), doc);
    buf.text()
}

pub fn write_tsv(doc: &AlignedDoc, filter: Filter) -> String {
    let buf = SharedBuf::default();
    let w = TsvWriter::new(buf.clone(), &languages(), filter, no_commit).unwrap();
    run_writer(Box::new(w), doc);
    buf.text()
}

pub fn write_jsonl(doc: &AlignedDoc, filter: Filter) -> String {
    let buf = SharedBuf::default();
    let w = JsonlWriter::new(buf.clone(), &languages(), filter, no_commit);
    run_writer(Box::new(w), doc);
    buf.text()
}

pub fn write_tmx(doc: &AlignedDoc, filter: Filter) -> String {
    let buf = SharedBuf::default();
    let header = TmxHeader {
        creation_date: creation_date(0),
    };
    let w = TmxWriter::new(buf.clone(), &languages(), &header, filter, no_commit).unwrap();
    run_writer(Box::new(w), doc);
    buf.text()
}

pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().expect("CSV header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["doc", "bead", "score", "en", "id"]
    );
    reader
        .records()
        .map(|r| r.expect("CSV row").iter().map(str::to_string).collect())
        .collect()
}

pub fn tsv_unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("TSV: unknown escape \\{other:?} in {field:?}"),
        }
    }
    out
}

pub fn read_tsv(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with('\n'), "TSV ends with a line end");
    let mut lines = text[..text.len() - 1].split('\n');
    assert_eq!(lines.next(), Some("doc\tbead\tscore\ten\tid"));
    lines
        .map(|line| {
            let fields: Vec<String> = line.split('\t').map(tsv_unescape).collect();
            assert_eq!(fields.len(), 5, "TSV row {line:?}");
            fields
        })
        .collect()
}

pub fn read_jsonl(text: &str) -> Vec<Vec<String>> {
    text.split_terminator('\n')
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let s = |v: &serde_json::Value| v.as_str().expect("a JSON string").to_string();
            let score = v["score"].as_f64().expect("score is a number");
            vec![
                s(&v["doc"]),
                s(&v["bead"]),
                format!("{score:.3}"),
                s(&v["translation"]["en"]),
                s(&v["translation"]["id"]),
            ]
        })
        .collect()
}

/// Reads a TMX document back: one row per `<tu>` (x-doc, x-bead, x-score, source seg, target
/// seg), checking well-formedness, the header and the absence of characters XML forbids.
pub fn read_tmx(text: &str) -> Vec<Vec<String>> {
    use quick_xml::events::Event;
    for c in text.chars() {
        let allowed = matches!(c, '\t' | '\n')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        assert!(
            allowed,
            "TMX holds {c:?}, which XML 1.0 forbids or a parser rewrites"
        );
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut tuids = std::collections::HashSet::new();
    let (mut side, mut segs) = (3, 0);
    loop {
        match reader.read_event().expect("well-formed TMX") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                match name.as_slice() {
                    b"tu" => {
                        row = vec![String::new(); 5];
                        segs = 0;
                        let tuid = e.try_get_attribute("tuid").unwrap().expect("tuid");
                        assert!(tuids.insert(tuid.value.to_vec()), "tuid repeated");
                    }
                    b"prop" | b"seg" => current = Some(String::new()),
                    _ => {}
                }
                if name.as_slice() == b"tuv" {
                    let lang = e.try_get_attribute("xml:lang").unwrap().expect("xml:lang");
                    side = if lang.value.as_ref() == b"en" { 3 } else { 4 };
                }
                if name.as_slice() == b"prop" {
                    let kind = e.try_get_attribute("type").unwrap().expect("prop type");
                    stack.push(kind.value.to_vec());
                } else {
                    stack.push(name);
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"header" => {
                for attr in [
                    "creationtool",
                    "creationtoolversion",
                    "segtype",
                    "o-tmf",
                    "adminlang",
                    "srclang",
                    "datatype",
                    "creationdate",
                ] {
                    assert!(
                        e.try_get_attribute(attr).unwrap().is_some(),
                        "header {attr}"
                    );
                }
            }
            Event::Text(t) => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&t.unescape().expect("TMX text unescapes"));
                }
            }
            Event::CData(_) => panic!("TMX holds CDATA"),
            Event::End(e) => {
                let kind = stack.pop().expect("balanced");
                match e.name().as_ref() {
                    b"prop" => {
                        let value = current.take().unwrap_or_default();
                        match kind.as_slice() {
                            b"x-doc" => row[0] = value,
                            b"x-bead" => row[1] = value,
                            b"x-score" => row[2] = value,
                            b"x-qa" => assert!(
                                value.split(':').count() >= 3
                                    && !value.contains(char::is_whitespace),
                                "a QA flag is KIND:VALUE:SIDE, one word: {value:?}"
                            ),
                            other => panic!("unknown prop {other:?}"),
                        }
                    }
                    b"seg" => {
                        let text = current.take().unwrap_or_default();
                        assert!(!text.trim().is_empty(), "a seg is never empty");
                        row[side] = text;
                        segs += 1;
                    }
                    b"tu" => {
                        assert!((1..=2).contains(&segs), "a tu has one or two segs");
                        rows.push(std::mem::take(&mut row));
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "TMX elements left open");
    rows
}

/// Every writer's output parses back, row for row, to the text of the beads it lets through
/// (TMX: less the characters XML forbids); the beads text parses back to the beads.
pub fn check_writers(doc: &AlignedDoc, filter: Filter) {
    let expected: Vec<Vec<String>> = expected_rows(doc, &filter)
        .into_iter()
        .map(|r| r.to_vec())
        .collect();
    assert_eq!(
        read_csv(&write_csv(doc, filter)),
        expected,
        "CSV round trip"
    );
    assert_eq!(
        read_tsv(&write_tsv(doc, filter)),
        expected,
        "TSV round trip"
    );
    assert_eq!(
        read_jsonl(&write_jsonl(doc, filter)),
        expected,
        "JSONL round trip"
    );
    // A side with no visible text has no `<tuv>` (read back as empty); a bead with none on
    // either side has no `<tu>`.
    let visible = |f: &str| -> String {
        let safe = xml_safe(f).into_owned();
        if safe.trim().is_empty() {
            String::new()
        } else {
            safe
        }
    };
    let xml_expected: Vec<Vec<String>> = expected
        .iter()
        .map(|r| {
            let mut row: Vec<String> = r.iter().map(|f| xml_safe(f).into_owned()).collect();
            row[3] = visible(&r[3]);
            row[4] = visible(&r[4]);
            row
        })
        .filter(|r| !r[3].is_empty() || !r[4].is_empty())
        .collect();
    assert_eq!(
        read_tmx(&write_tmx(doc, filter)),
        xml_expected,
        "TMX round trip"
    );
    for text in [beads_text(doc), beads_text_flagged(doc, &languages().qa())] {
        let beads = selaras::eval::parse_beads(&text).expect("beads parse back");
        assert_eq!(beads.len(), doc.beads.len());
        for ((parsed, mark), bead) in beads.iter().zip(&doc.beads) {
            assert_eq!(parsed.0, bead.src.clone().collect::<Vec<_>>());
            assert_eq!(parsed.1, bead.tgt.clone().collect::<Vec<_>>());
            assert_eq!(mark.is_some(), bead.boilerplate);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw bytes to structured inputs.

/// Characters that writers and segmenters find hard, picked by the bytes 0x80–0xBF.
const HARD: [&str; 32] = [
    "]]>",
    "\"",
    "'",
    "\\",
    "\t",
    "\r",
    "\r\n",
    "\u{0B}",
    "\u{0C}",
    "\u{1F}",
    "\u{7F}",
    "\u{85}",
    "\u{A0}",
    "\u{AD}",
    "\u{200B}",
    "\u{200D}",
    "\u{2028}",
    "\u{2029}",
    "\u{FEFF}",
    "\u{FFFE}",
    "\u{FFFF}",
    "é",
    "e\u{301}",
    "🙂",
    "👩‍👩‍👧",
    "…",
    "。",
    "“",
    "”",
    "&amp;",
    "<b>",
    "Dr.",
];

/// Reads structured inputs from raw fuzz bytes; past the end every read gives zeros.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// A string of up to `max` pieces: ASCII (controls included), hard characters, or any code
    /// point.
    pub fn string(&mut self, max: usize) -> String {
        let len = usize::from(self.byte()) % (max + 1);
        let mut out = String::new();
        for _ in 0..len {
            let b = self.byte();
            match b {
                0x00..=0x7F => out.push(char::from(b)),
                0x80..=0xBF => out.push_str(HARD[usize::from(b) % HARD.len()]),
                _ => {
                    let v = (u32::from(b & 0x1F) << 16)
                        | (u32::from(self.byte()) << 8)
                        | u32::from(self.byte());
                    out.push(char::from_u32(v % 0x11_0000).unwrap_or('\u{FFFD}'));
                }
            }
        }
        out
    }

    /// A split side: up to `max` sentences (as the pipeline writes them: trimmed, one line, or
    /// raw when `raw`), non-decreasing paragraphs and some boilerplate marks.
    pub fn side(&mut self, max: usize, raw: bool) -> SplitSide {
        let n = usize::from(self.byte()) % (max + 1);
        let mut side = SplitSide::default();
        let mut paragraph = 0;
        for _ in 0..n {
            let flags = self.byte();
            let text = self.string(24);
            let text = if raw {
                text
            } else {
                selaras::normalize::collapse_whitespace(&normalize(&text))
            };
            paragraph += usize::from(flags & 1);
            side.sentences.push(text);
            side.paragraphs.push(paragraph);
            side.excluded.push(flags & 0x06 == 0x06);
        }
        side
    }

    /// A document with valid beads over arbitrary sentences.
    pub fn doc(&mut self) -> AlignedDoc {
        let name = self.string(12);
        let src: Vec<String> = (0..usize::from(self.byte() % 8))
            .map(|_| self.string(16))
            .collect();
        let tgt: Vec<String> = (0..usize::from(self.byte() % 8))
            .map(|_| self.string(16))
            .collect();
        let choices: Vec<u8> = (0..src.len() + tgt.len())
            .flat_map(|_| [self.byte(), self.byte()])
            .collect();
        let beads = beads_over(src.len(), tgt.len(), &choices);
        AlignedDoc {
            name,
            src,
            tgt,
            beads,
        }
    }
}

/// Valid beads over `n` source and `m` target sentences, shaped by `choices` (two bytes a bead:
/// shape and boilerplate mark, then score; past the end of `choices`, 1-1 beads).
pub fn beads_over(n: usize, m: usize, choices: &[u8]) -> Vec<Bead> {
    const SHAPES: [(usize, usize); 8] = [
        (1, 1),
        (1, 0),
        (0, 1),
        (2, 1),
        (1, 2),
        (2, 2),
        (3, 1),
        (1, 3),
    ];
    let mut choices = choices.chunks(2);
    let (mut i, mut j) = (0, 0);
    let mut beads = Vec::new();
    while i < n || j < m {
        let (b, s) = match choices.next() {
            Some([b, s]) => (*b, *s),
            Some([b]) => (*b, 0),
            _ => (0, 0),
        };
        let (a, c) = SHAPES[usize::from(b) % SHAPES.len()];
        let (mut a, mut c) = (a.min(n - i), c.min(m - j));
        if a == 0 && c == 0 {
            if i < n {
                a = 1;
            } else {
                c = 1;
            }
        }
        let pair = a > 0 && c > 0;
        beads.push(Bead {
            src: i..i + a,
            tgt: j..j + c,
            score: if pair { f64::from(s) / 255.0 } else { 0.0 },
            boilerplate: !pair && a + c == 1 && b & 0x80 != 0,
        });
        i += a;
        j += c;
    }
    beads
}

/// The fuzz target for the aligner: two sides from the bytes, aligned and checked.
pub fn fuzz_alignment(data: &[u8]) {
    fuzz_alignment_strictly(data, true);
}

/// [`fuzz_alignment`], tolerating the known splice bug or not.
pub fn fuzz_alignment_strictly(data: &[u8], strict: bool) {
    let mut input = Input::new(data);
    let max_bead = usize::from(input.byte() % 5);
    let raw = input.byte() & 1 == 1;
    let src = input.side(40, raw);
    let tgt = input.side(40, raw);
    check_alignment_strictly(src, tgt, max_bead.max(1), strict);
}

/// The fuzz target for the writers: a document from the bytes, through every writer and back.
pub fn fuzz_writers(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.byte();
    let filter = Filter::default()
        .with_min_score((flags & 1 == 1).then(|| f64::from(input.byte()) / 255.0))
        .with_keep_unaligned(flags & 2 == 2);
    let doc = input.doc();
    check_writers(&doc, filter);
}

//! TMX 1.4b: the translation-memory format that CAT tools (OmegaT, Trados, memoQ) and
//! translate-toolkit read. One `<tu>` per kept bead, source side first, with the document, the
//! score and the bead as `<prop>`s so that a translator can sort and check by confidence, and one
//! `<prop type="x-qa">` per QA flag (see [`crate::align::qa`]). A side
//! with no text (a 1-0 or 0-1 bead kept by `--keep-unaligned`) has no `<tuv>`: the unit holds
//! the other side alone, as the DTD allows, and no `<seg>` is ever empty.

use std::io::{self, Write};
use std::path::Path;

use quick_xml::escape::escape;

use crate::align::qa::Qa;

use super::{
    close_file, write_bead_label, write_score, xml_safe, AlignedDoc, AtomicFile, Close, ClosedFile,
    Filter, Languages, Writer,
};

/// What goes into the TMX `<header>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxHeader {
    /// `creationdate`, as `YYYYMMDDThhmmssZ`.
    pub creation_date: String,
}

/// Formats seconds since the Unix epoch as a TMX date (`YYYYMMDDThhmmssZ`, UTC).
///
/// ```
/// assert_eq!(selaras::export::creation_date(1_718_755_200), "20240619T000000Z");
/// ```
pub fn creation_date(epoch_seconds: u64) -> String {
    let days = (epoch_seconds / 86_400) as i64;
    let secs = epoch_seconds % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Writes a TMX 1.4b document.
pub struct TmxWriter<W: Write + Send = AtomicFile> {
    sink: W,
    /// The two `xml:lang` values, escaped once.
    src_lang: String,
    tgt_lang: String,
    filter: Filter,
    qa: Qa,
    next_tuid: u64,
    commit: Close<W>,
}

impl TmxWriter<AtomicFile> {
    /// Starts a TMX file at `path`.
    pub fn create(
        path: &Path,
        languages: &Languages,
        header: &TmxHeader,
        filter: Filter,
    ) -> io::Result<Self> {
        TmxWriter::new(
            AtomicFile::create(path)?,
            languages,
            header,
            filter,
            close_file,
        )
    }
}

/// Escapes element content (see [`write_escaped`]).
fn text(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    write_escaped(&mut out, s).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8 whole")
}

/// The bytes [`write_escaped`] looks at: markup characters, C0 controls, and the first byte of
/// U+FFFE and U+FFFF.
const NOTABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[0xef] = true;
    table
};

/// Whether sentences written as element content hold any visible text: not only whitespace and
/// characters XML forbids.
fn has_text(sentences: &[String]) -> bool {
    sentences
        .iter()
        .any(|s| xml_safe(s).chars().any(|c| !c.is_whitespace()))
}

/// Writes sentences joined by one space as element content, without building the joined or the
/// escaped string (the writer runs once per bead).
pub(super) fn write_content<W: Write + ?Sized>(w: &mut W, sentences: &[String]) -> io::Result<()> {
    for (k, sentence) in sentences.iter().enumerate() {
        if k > 0 {
            w.write_all(b" ")?;
        }
        write_escaped(w, sentence)?;
    }
    Ok(())
}

/// Writes element content escaped: `&`, `<` and `>` (quotes stay as written, as translators
/// expect to read them), the characters XML 1.0 forbids removed; a carriage return becomes
/// `&#13;`, since an XML parser turns a literal one into a line feed.
pub(super) fn write_escaped<W: Write + ?Sized>(w: &mut W, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // Most bytes need nothing: skip them with one table lookup each.
        if !NOTABLE[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (len, replacement): (usize, &[u8]) = match bytes[i] {
            b'&' => (1, b"&amp;"),
            b'<' => (1, b"&lt;"),
            b'>' => (1, b"&gt;"),
            b'\r' => (1, b"&#13;"),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            // The C0 controls that XML 1.0 forbids, and U+FFFE and U+FFFF.
            0..=0x1f => (1, b""),
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                (3, b"")
            }
            _ => {
                i += 1;
                continue;
            }
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(replacement)?;
        i += len;
        start = i;
    }
    w.write_all(&bytes[start..])
}

/// Escapes an attribute value: markup characters and both quotes. (The attributes written here
/// are language codes, dates and numbers, which hold no tab or line end.)
fn attr(s: &str) -> String {
    escape(xml_safe(s).as_ref()).into_owned()
}

impl<W: Write + Send> TmxWriter<W> {
    /// A TMX writer over any byte sink; writes the prologue and header at once.
    pub fn new(
        mut sink: W,
        languages: &Languages,
        header: &TmxHeader,
        filter: Filter,
        commit: Close<W>,
    ) -> io::Result<Self> {
        writeln!(sink, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(sink, "<tmx version=\"1.4\">")?;
        writeln!(
            sink,
            "  <header creationtool=\"selaras\" creationtoolversion=\"{}\" datatype=\"plaintext\" \
             segtype=\"sentence\" adminlang=\"en\" srclang=\"{}\" o-tmf=\"selaras\" \
             creationdate=\"{}\"/>",
            env!("CARGO_PKG_VERSION"),
            attr(&languages.src_locale),
            attr(&header.creation_date),
        )?;
        writeln!(sink, "  <body>")?;
        Ok(TmxWriter {
            sink,
            src_lang: attr(&languages.src_locale),
            tgt_lang: attr(&languages.tgt_locale),
            filter,
            qa: languages.qa(),
            next_tuid: 1,
            commit,
        })
    }
}

impl<W: Write + Send> Writer for TmxWriter<W> {
    fn write_doc(&mut self, doc: &AlignedDoc) -> io::Result<()> {
        let name = text(&doc.name);
        let (src_lang, tgt_lang) = (&self.src_lang, &self.tgt_lang);
        let w = &mut self.sink;
        for bead in doc.beads.iter().filter(|b| self.filter.keeps(b)) {
            let (src, tgt) = (&doc.src[bead.src.clone()], &doc.tgt[bead.tgt.clone()]);
            // A side with no text gets no `<tuv>`: an empty `<seg>` would be taken by a CAT tool
            // as the translation "nothing". A unit with no text on either side is no unit.
            if !has_text(src) && !has_text(tgt) {
                continue;
            }
            write!(
                w,
                "    <tu tuid=\"{}\">\n      <prop type=\"x-doc\">{name}</prop>\n      \
                 <prop type=\"x-score\">",
                self.next_tuid
            )?;
            write_score(w, bead.score)?;
            w.write_all(b"</prop>\n      <prop type=\"x-bead\">")?;
            write_bead_label(w, bead)?;
            w.write_all(b"</prop>\n")?;
            for flag in doc.flags(bead, &self.qa) {
                writeln!(
                    w,
                    "      <prop type=\"x-qa\">{}</prop>",
                    text(&flag.to_string())
                )?;
            }
            for (lang, sentences) in [(src_lang, src), (tgt_lang, tgt)] {
                if has_text(sentences) {
                    write!(w, "      <tuv xml:lang=\"{lang}\"><seg>")?;
                    write_content(w, sentences)?;
                    w.write_all(b"</seg></tuv>\n")?;
                }
            }
            w.write_all(b"    </tu>\n")?;
            self.next_tuid += 1;
        }
        Ok(())
    }

    fn close(mut self: Box<Self>) -> io::Result<Vec<ClosedFile>> {
        writeln!(self.sink, "  </body>")?;
        writeln!(self.sink, "</tmx>")?;
        self.sink.flush()?;
        Ok((self.commit)(self.sink)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{hostile_doc, languages};
    use quick_xml::events::Event;

    /// What element content must be: `quick_xml`'s escaping of the text with the characters XML
    /// forbids removed, carriage returns as `&#13;`.
    fn reference(s: &str) -> String {
        quick_xml::escape::partial_escape(xml_safe(s).as_ref()).replace('\r', "&#13;")
    }

    fn content(sentences: &[String]) -> String {
        let mut out = Vec::new();
        write_content(&mut out, sentences).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn content_is_escaped_as_text_escapes_the_joined_sentences() {
        let sentences = [
            "a & b < c > d \"e\" 'f'".to_string(),
            "line\r\nfeed\ttab\u{0B}vt\u{1}\u{FFFE}\u{FFFF}\u{FFFD} \u{EFBF} 🙂".to_string(),
            String::new(),
            "&amp;".to_string(),
        ];
        assert_eq!(content(&sentences), reference(&sentences.join(" ")));
        assert_eq!(
            content(&sentences[..1]),
            "a &amp; b &lt; c &gt; d \"e\" 'f'"
        );
        assert_eq!(content(&[]), "");
    }

    proptest::proptest! {
        #[test]
        fn content_matches_text_for_any_sentences(sentences in proptest::collection::vec(".{0,12}", 0..4)) {
            proptest::prop_assert_eq!(content(&sentences), reference(&sentences.join(" ")));
        }
    }

    fn render(filter: Filter) -> String {
        let header = TmxHeader {
            creation_date: creation_date(0),
        };
        let mut w =
            TmxWriter::new(Vec::new(), &languages(), &header, filter, |_| Ok(None)).unwrap();
        w.write_doc(&hostile_doc()).unwrap();
        writeln!(w.sink, "  </body>\n</tmx>").unwrap();
        String::from_utf8(w.sink).unwrap()
    }

    #[test]
    fn dates_are_utc_basic_format() {
        assert_eq!(creation_date(0), "19700101T000000Z");
        assert_eq!(creation_date(951_782_400), "20000229T000000Z");
        assert_eq!(creation_date(1_718_791_199), "20240619T095959Z");
    }

    #[test]
    fn hostile_text_reads_back_unchanged_apart_from_forbidden_characters() {
        let xml = render(
            Filter::default()
                .with_min_score(None)
                .with_keep_unaligned(false),
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut segs = Vec::new();
        let mut langs = Vec::new();
        let mut props = Vec::new();
        let mut in_seg = false;
        let mut current = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"seg" => {
                    in_seg = true;
                    current.clear();
                }
                Event::Start(e) if e.name().as_ref() == b"tuv" => {
                    let lang = e.try_get_attribute("xml:lang").unwrap().unwrap();
                    langs.push(String::from_utf8(lang.value.to_vec()).unwrap());
                }
                Event::Start(e) if e.name().as_ref() == b"prop" => {
                    let kind = e.try_get_attribute("type").unwrap().unwrap();
                    props.push(String::from_utf8(kind.value.to_vec()).unwrap());
                }
                Event::Text(t) if in_seg => current.push_str(&t.unescape().unwrap()),
                Event::End(e) if e.name().as_ref() == b"seg" => {
                    in_seg = false;
                    segs.push(current.clone());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let doc = hostile_doc();
        assert_eq!(segs.len(), 4);
        assert_eq!(segs[0], doc.src[0]);
        assert_eq!(segs[1], doc.tgt[0]);
        assert_eq!(segs[2], doc.src[1].replace('\u{0B}', ""));
        assert_eq!(segs[3], doc.tgt[1].replace('\u{FFFF}', ""));
        assert_eq!(langs, ["en", "id", "en", "id"]);
        assert_eq!(&props[..3], ["x-doc", "x-score", "x-bead"]);
        assert!(xml.contains("tuid=\"2\""));
        assert!(!xml.contains("tuid=\"3\""));
    }

    #[test]
    fn an_unaligned_sentence_is_a_unit_with_one_tuv_and_no_empty_seg() {
        let xml = render(Filter::default().with_keep_unaligned(true));
        assert!(!xml.contains("<seg></seg>"), "{xml}");
        let third = xml.split("<tu tuid=\"3\">").nth(1).unwrap();
        let third = third.split("</tu>").next().unwrap();
        assert_eq!(third.matches("<tuv").count(), 1, "{third}");
        assert!(third.contains("<tuv xml:lang=\"en\"><seg>Dropped sentence.</seg></tuv>"));
        // A side of whitespace and forbidden characters only is no text either.
        assert!(!has_text(&[" \u{0B} ".to_string(), String::new()]));
        assert!(has_text(&["".to_string(), "a".to_string()]));
    }

    #[test]
    fn header_has_every_required_attribute() {
        let xml = render(Filter::default());
        for attr in [
            "creationtool=\"selaras\"",
            "creationtoolversion=",
            "segtype=\"sentence\"",
            "o-tmf=",
            "adminlang=",
            "srclang=\"en\"",
            "datatype=",
            "creationdate=\"19700101T000000Z\"",
        ] {
            assert!(xml.contains(attr), "{attr}");
        }
    }
}

//! Word files (`.docx`) to paragraphs.
//!
//! `word/document.xml` is read in document order: every `w:p` (body paragraph, heading, list
//! item, table cell's paragraph) is a paragraph, `w:tab` a space, `w:br` and `w:cr` a line
//! break. Tracked changes are taken as accepted: insertions (`w:ins`) are read, deletions
//! (`w:del`, `w:moveFrom`) are not. Hidden text (a run with `w:vanish`) is left out, as are field
//! codes and the fallback copies of text boxes. A footnote or endnote is placed after the
//! paragraph that cites it.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{attr, xml_error, Archive, Collector};
use super::{ExtractError, InputFormat};

/// Elements whose text a reader does not see.
const SKIPPED: &[&[u8]] = &[
    b"del",
    b"delText",
    b"moveFrom",
    b"instrText",
    b"delInstrText",
    b"Fallback",
];

/// Notes by id.
type Notes = HashMap<String, Vec<String>>;

/// A Word file's paragraphs, in reading order; no part may unpack beyond `max_part` bytes.
pub fn extract(bytes: &[u8], max_part: usize) -> Result<Vec<String>, ExtractError> {
    let mut archive = Archive::open(bytes, InputFormat::Docx, max_part)?;
    let body = archive.required("word/document.xml")?;
    let mut notes = Notes::new();
    for (part, tag) in [
        ("word/footnotes.xml", &b"footnote"[..]),
        ("word/endnotes.xml", &b"endnote"[..]),
    ] {
        if let Some(xml) = archive.part(part)? {
            read(&xml, part, &Notes::new(), Some((tag, &mut notes)))?;
        }
    }
    read(&body, "word/document.xml", &notes, None)
}

/// Reads one part. With `collect`, each note (element `tag`) is gathered by its id into the map
/// instead of the paragraphs returned.
fn read(
    xml: &str,
    part: &str,
    notes: &Notes,
    mut collect: Option<(&[u8], &mut Notes)>,
) -> Result<Vec<String>, ExtractError> {
    let mut reader = Reader::from_str(xml);
    let mut paragraphs = Collector::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    // The depth at which a skipped element began.
    let mut skip_from: Option<usize> = None;
    let mut hidden_run = false;
    let mut note_id: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(part, reader.error_position(), e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_vec();
                if skip_from.is_none() && SKIPPED.contains(&local.as_slice()) && !empty {
                    skip_from = Some(stack.len());
                }
                if skip_from.is_none() {
                    match local.as_slice() {
                        b"p" => paragraphs.start(),
                        b"r" => hidden_run = false,
                        b"vanish" | b"specVanish"
                            if stack.ends_with(&[b"r".to_vec(), b"rPr".to_vec()]) =>
                        {
                            hidden_run =
                                !matches!(attr(e, b"val").as_deref(), Some("false" | "0" | "off"));
                        }
                        b"tab" | b"ptab" if !stack.ends_with(&[b"tabs".to_vec()]) => {
                            if let Some(p) = paragraphs.current() {
                                p.text(" ");
                            }
                        }
                        b"br" | b"cr" => {
                            if let Some(p) = paragraphs.current() {
                                if attr(e, b"type").as_deref() == Some("page") {
                                    p.text(" ");
                                } else {
                                    p.line_break();
                                }
                            }
                        }
                        b"noBreakHyphen" => {
                            if let Some(p) = paragraphs.current() {
                                p.raw("-");
                            }
                        }
                        b"footnoteReference" | b"endnoteReference" => {
                            if let Some(note) = attr(e, b"id").and_then(|id| notes.get(&id)) {
                                paragraphs.hold(note);
                            }
                        }
                        tag if collect.as_ref().is_some_and(|(t, _)| *t == tag) => {
                            let separator = attr(e, b"type").is_some_and(|t| t != "normal");
                            note_id = if separator { None } else { attr(e, b"id") };
                            paragraphs = Collector::default();
                        }
                        _ => {}
                    }
                }
                if empty {
                    if local.as_slice() == b"p" && skip_from.is_none() {
                        paragraphs.end();
                    }
                } else {
                    stack.push(local);
                }
            }
            Event::End(ref e) => {
                stack.pop();
                let local = e.local_name();
                if skip_from == Some(stack.len()) {
                    skip_from = None;
                    continue;
                }
                if skip_from.is_some() {
                    continue;
                }
                match local.as_ref() {
                    b"p" => paragraphs.end(),
                    b"r" => hidden_run = false,
                    tag => {
                        if let Some((t, map)) = collect.as_mut() {
                            if *t == tag {
                                let done = std::mem::take(&mut paragraphs).finish();
                                if let Some(id) = note_id.take() {
                                    map.insert(id, done);
                                }
                            }
                        }
                    }
                }
            }
            Event::Text(ref t)
                if skip_from.is_none()
                    && !hidden_run
                    && stack.last().is_some_and(|l| l == b"t") =>
            {
                let text = t
                    .unescape()
                    .map_err(|e| xml_error(part, reader.buffer_position(), e))?;
                if let Some(p) = paragraphs.current() {
                    p.text(&text);
                }
            }
            Event::CData(ref t)
                if skip_from.is_none()
                    && !hidden_run
                    && stack.last().is_some_and(|l| l == b"t") =>
            {
                if let Some(p) = paragraphs.current() {
                    p.text(&String::from_utf8_lossy(t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(paragraphs.finish())
}

/// Test and example helpers: a minimal Word file made from a `w:body`'s inner XML.
#[doc(hidden)]
pub fn build(body: &str, footnotes: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let options = zip::write::SimpleFileOptions::default();
        let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let mut files = vec![
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "word/document.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>{body}</w:body></w:document>"#),
            ),
        ];
        if let Some(notes) = footnotes {
            files.push((
                "word/footnotes.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {ns}>{notes}</w:footnotes>"#),
            ));
        }
        for (name, text) in files {
            zip.start_file(name, options)
                .expect("a zip entry in memory");
            zip.write_all(text.as_bytes())
                .expect("a zip entry in memory");
        }
        zip.finish().expect("a zip in memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_headings_lists_and_tables_in_reading_order() {
        let body = format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Judul</w:t></w:r></w:p>\
             {}<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>Item one</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>Tab</w:t></w:r><w:r><w:tab/><w:t>bed</w:t><w:br/><w:t>line &amp; more</w:t></w:r></w:p>",
            para("First paragraph."),
            para("Cell A"),
            para("Cell B")
        );
        assert_eq!(
            extract(&build(&body, None), 1 << 20).unwrap(),
            [
                "Judul",
                "First paragraph.",
                "Item one",
                "Cell A",
                "Cell B",
                "Tab bed\nline & more"
            ]
        );
    }

    #[test]
    fn tracked_changes_are_accepted_and_hidden_text_left_out() {
        let body = "<w:p><w:r><w:t xml:space=\"preserve\">Harga </w:t></w:r>\
            <w:del w:id=\"1\"><w:r><w:delText>turun</w:delText></w:r></w:del>\
            <w:ins w:id=\"2\"><w:r><w:t>naik</w:t></w:r></w:ins>\
            <w:r><w:rPr><w:vanish/></w:rPr><w:t> RAHASIA</w:t></w:r>\
            <w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t>.</w:t></w:r>\
            <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>";
        assert_eq!(
            extract(&build(body, None), 1 << 20).unwrap(),
            ["Harga naik."]
        );
    }

    #[test]
    fn footnotes_follow_the_paragraph_that_cites_them() {
        let body = format!(
            "<w:p><w:r><w:t>Text</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r><w:r><w:t> goes on.</w:t></w:r></w:p>{}",
            para("Next.")
        );
        let notes = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
            <w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> A note.</w:t></w:r></w:p></w:footnote>";
        assert_eq!(
            extract(&build(&body, Some(notes)), 1 << 20).unwrap(),
            ["Text goes on.", "A note.", "Next."]
        );
    }

    #[test]
    fn regression_a_small_archive_that_unpacks_past_the_limit_is_refused() {
        // 200,000 bytes of one repeated paragraph compress to a few hundred.
        let body = "<w:p><w:r><w:t>Harga naik.</w:t></w:r></w:p>".repeat(4_500);
        let bytes = build(&body, None);
        assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
        let err = extract(&bytes, 100_000).unwrap_err();
        assert!(
            matches!(&err, ExtractError::TooLarge { part, max: 100_000 } if part == "word/document.xml"),
            "{err}"
        );
        assert_eq!(extract(&bytes, 1 << 20).unwrap().len(), 4_500);
    }

    #[test]
    fn a_file_that_is_not_a_zip_or_not_a_word_file_is_an_error() {
        let err = extract(b"plain text, not a zip", 1 << 20).unwrap_err();
        assert!(err.to_string().contains("not a docx file"), "{err}");
        let odt = super::super::odt::build("<text:p>x</text:p>");
        let err = extract(&odt, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("word/document.xml"), "{err}");
    }
}

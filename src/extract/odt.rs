//! OpenDocument text files (`.odt`) to paragraphs.
//!
//! `content.xml` is read in document order: every `text:p` and `text:h` (so headings, list
//! items and table cells too) is a paragraph; `text:s` and `text:tab` are a space,
//! `text:line-break` a line break. A note's body (`text:note-body`) is placed after the
//! paragraph that cites it, without its citation mark. Tracked changes are taken as accepted:
//! the deleted text kept in `text:tracked-changes` is not read. Hidden text (`text:hidden-text`,
//! a paragraph with a true `text:hidden-paragraph`, a span whose style has `text:display="none"`)
//! and comments (`office:annotation`) are left out.

use std::collections::HashSet;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{attr, xml_error, Archive, Collector};
use super::{ExtractError, InputFormat};

/// Elements whose text a reader does not see.
const SKIPPED: &[&[u8]] = &[
    b"tracked-changes",
    b"annotation",
    b"note-citation",
    b"hidden-text",
    b"sequence-decls",
    b"variable-decls",
    b"user-field-decls",
];

const PART: &str = "content.xml";

/// An OpenDocument text file's paragraphs, in reading order; no part may unpack beyond
/// `max_part` bytes.
pub fn extract(bytes: &[u8], max_part: usize) -> Result<Vec<String>, ExtractError> {
    let mut archive = Archive::open(bytes, InputFormat::Odt, max_part)?;
    let xml = archive.required(PART)?;
    let mut reader = Reader::from_str(&xml);
    let mut paragraphs = Collector::default();
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut in_paragraph_text = 0usize;
    // The paragraph (by nesting) that a true `text:hidden-paragraph` hides.
    let mut hidden_at: Option<usize> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(PART, reader.error_position(), e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                let local = local.as_ref();
                if skip_from.is_none() && !empty {
                    let hidden_span = local == b"span"
                        && attr(e, b"style-name").is_some_and(|s| hidden_styles.contains(&s));
                    if SKIPPED.contains(&local) || hidden_span {
                        skip_from = Some(depth);
                    }
                }
                if skip_from.is_none() {
                    match local {
                        b"style" => style = attr(e, b"name"),
                        b"text-properties" if attr(e, b"display").as_deref() == Some("none") => {
                            hidden_styles.extend(style.clone());
                        }
                        b"p" | b"h" => {
                            paragraphs.start();
                            in_paragraph_text += 1;
                            if empty {
                                paragraphs.end();
                                in_paragraph_text -= 1;
                            }
                        }
                        b"s" | b"tab" => {
                            if let Some(p) = paragraphs.current() {
                                p.text(" ");
                            }
                        }
                        b"line-break" => {
                            if let Some(p) = paragraphs.current() {
                                p.line_break();
                            }
                        }
                        b"hidden-paragraph" if attr(e, b"is-hidden").as_deref() == Some("true") => {
                            hidden_at = Some(in_paragraph_text);
                        }
                        _ => {}
                    }
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth -= 1;
                if skip_from == Some(depth) {
                    skip_from = None;
                    continue;
                }
                if skip_from.is_some() {
                    continue;
                }
                match e.local_name().as_ref() {
                    b"p" | b"h" => {
                        if hidden_at == Some(in_paragraph_text) {
                            paragraphs.drop_open();
                            hidden_at = None;
                        }
                        paragraphs.end();
                        in_paragraph_text = in_paragraph_text.saturating_sub(1);
                    }
                    b"style" => style = None,
                    _ => {}
                }
            }
            Event::Text(ref t)
                if skip_from.is_none() && in_paragraph_text > 0 && hidden_at.is_none() =>
            {
                let text = t
                    .unescape()
                    .map_err(|e| xml_error(PART, reader.buffer_position(), e))?;
                if let Some(p) = paragraphs.current() {
                    p.text(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(paragraphs.finish())
}

/// Test and example helpers: a minimal OpenDocument text file made from an `office:text`'s
/// inner XML.
#[doc(hidden)]
pub fn build(text: &str) -> Vec<u8> {
    build_with_styles(text, "")
}

/// [`build`] with automatic styles.
#[doc(hidden)]
pub fn build_with_styles(text: &str, styles: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored)
            .expect("a zip entry in memory");
        zip.write_all(b"application/vnd.oasis.opendocument.text")
            .expect("a zip entry in memory");
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text>{text}</office:text></office:body></office:document-content>"#
        );
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .expect("a zip entry in memory");
        zip.write_all(content.as_bytes())
            .expect("a zip entry in memory");
        zip.finish().expect("a zip in memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_and_notes_in_reading_order() {
        let text = "<text:h text:outline-level=\"1\">Judul berita</text:h>\
            <text:p>Satu<text:s text:c=\"3\"/>dua<text:tab/>tiga<text:line-break/>empat\
            <text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>\
            <text:note-body><text:p>Catatan kaki.</text:p></text:note-body></text:note>.</text:p>\
            <text:list><text:list-item><text:p>Butir pertama</text:p></text:list-item></text:list>\
            <table:table><table:table-row><table:table-cell><text:p>Sel A</text:p></table:table-cell>\
            <table:table-cell><text:p>Sel B</text:p></table:table-cell></table:table-row></table:table>";
        assert_eq!(
            extract(&build(text), 1 << 20).unwrap(),
            [
                "Judul berita",
                "Satu dua tiga\nempat.",
                "Catatan kaki.",
                "Butir pertama",
                "Sel A",
                "Sel B"
            ]
        );
    }

    #[test]
    fn deletions_comments_and_hidden_text_are_left_out() {
        let styles = "<style:style style:name=\"T9\" style:family=\"text\">\
            <style:text-properties text:display=\"none\"/></style:style>";
        let text = "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>\
            <text:p>dihapus</text:p></text:deletion></text:changed-region></text:tracked-changes>\
            <text:p>Harga <text:change text:change-id=\"c1\"/>naik<text:span text:style-name=\"T9\"> diam</text:span>\
            <office:annotation><dc:creator>A</dc:creator><text:p>komentar</text:p></office:annotation>\
            <text:hidden-text text:is-hidden=\"true\" text:string-value=\"x\"> rahasia</text:hidden-text>.</text:p>\
            <text:p><text:hidden-paragraph text:is-hidden=\"true\"/>Tersembunyi.</text:p>";
        assert_eq!(
            extract(&build_with_styles(text, styles), 1 << 20).unwrap(),
            ["Harga naik."]
        );
    }

    #[test]
    fn a_broken_archive_is_an_error() {
        let mut bytes = build("<text:p>Satu dua tiga empat lima enam.</text:p>");
        let at = bytes.len() / 2;
        bytes.truncate(at);
        let err = extract(&bytes, 1 << 20).unwrap_err();
        assert!(err.to_string().starts_with("not an odt file"), "{err}");
        let docx = super::super::docx::build("<w:p/>", None);
        let err = extract(&docx, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("content.xml"), "{err}");
    }
}

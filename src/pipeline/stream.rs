//! Streaming input: document pairs as JSON lines, `{"doc": …, "<src>": "…", "<tgt>": "…"}`, read
//! from a file or stdin and written in input order, in bounded memory, so that selaras can be one
//! stage of a larger pipeline (shell pipes, Hadoop streaming, Spark's `pipe`).
//!
//! A stream cannot be read twice, so what the corpus shares is fitted on its first documents: up
//! to [`FIT_DOCUMENTS`] documents or [`FIT_BYTES`] bytes of text, whichever comes first. Those
//! documents are held while the model is fitted, then aligned and written first; after them,
//! documents are read as workers become free, aligned, and written in input order, with the same
//! bounded window of documents in memory as a folder run. [`super::run`] runs a stream as it runs
//! a folder; this module reads the lines.

use std::io::BufRead;

use super::{DocError, DocOptions, Documents, Job, RunConfig, RunError, SplitSide};

/// The most documents the model is fitted on before a stream is aligned.
pub const FIT_DOCUMENTS: usize = 2_000;
/// The most bytes of text held for fitting before a stream is aligned.
pub const FIT_BYTES: usize = 32 << 20;

/// One line of the stream: a document pair, or why it is not one.
#[derive(Debug)]
pub struct StreamDoc {
    /// The document's name: its `doc` field, or `line N` without one.
    pub name: String,
    /// Both texts, or the error that names the line.
    pub texts: Result<(String, String), DocError>,
}

/// Parses one JSON line of the stream (1-based `number` for messages).
pub fn parse_stream_line(line: &str, number: usize, src: &str, tgt: &str) -> StreamDoc {
    let fallback = format!("line {number}");
    let error = |message: String| DocError::Record {
        line: number,
        message,
    };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => {
            return StreamDoc {
                name: fallback,
                texts: Err(error(format!("not a JSON object: {e}"))),
            }
        }
    };
    let name = match value.get("doc") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => fallback,
        Some(other) => other.to_string(),
    };
    let field = |lang: &str| -> Result<String, DocError> {
        value
            .get(lang)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| error(format!("no string field \"{lang}\"")))
    };
    StreamDoc {
        name,
        texts: field(src).and_then(|s| field(tgt).map(|t| (s, t))),
    }
}

/// Splits both sides of a stream document.
pub(super) fn split_doc(
    doc: &StreamDoc,
    options: &DocOptions,
) -> Result<(SplitSide, SplitSide), DocError> {
    let (src, tgt) = match &doc.texts {
        Ok(texts) => texts,
        Err(DocError::Record { line, message }) => {
            return Err(DocError::Record {
                line: *line,
                message: message.clone(),
            })
        }
        Err(other) => unreachable!("a stream line fails only as a record: {other}"),
    };
    Ok((
        SplitSide::from_text(src, options.src_lang, options),
        SplitSide::from_text(tgt, options.tgt_lang, options),
    ))
}

/// The documents of a stream: the first ones, held and parsed, to fit on and to align first;
/// then the rest of the lines, read as workers become free and parsed by the worker that aligns
/// each.
pub(super) fn documents(
    input: Box<dyn BufRead + Send>,
    config: &RunConfig,
) -> Result<Documents<'static>, RunError> {
    let source = std::path::PathBuf::from(config.source.display());
    let read_error = move |source_error| RunError::Input {
        path: source.clone(),
        source: source_error,
    };
    // Lines are only read under the ordered queue's lock (with many workers); blank lines are
    // skipped and do not count as documents, but keep their numbers.
    let mut lines = input
        .lines()
        .enumerate()
        .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(move |(n, line)| line.map(|l| (n + 1, l)).map_err(&read_error));
    let (src, tgt) = (config.doc.src_lang.code(), config.doc.tgt_lang.code());
    let mut held = Vec::new();
    let mut held_bytes = 0usize;
    while held.len() < FIT_DOCUMENTS && held_bytes < FIT_BYTES {
        match lines.next() {
            Some(line) => {
                let (number, line) = line?;
                let doc = parse_stream_line(&line, number, src, tgt);
                held_bytes += doc.texts.as_ref().map_or(0, |(s, t)| s.len() + t.len());
                held.push(Job::Parsed(doc));
            }
            None => break,
        }
    }
    Ok(Documents {
        fit: held,
        replay_fit: true,
        rest: Box::new(lines.map(|line| line.map(|(number, line)| Job::Line(number, line)))),
        count: None,
        unpaired: Vec::new(),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_their_documents_and_errors() {
        let ok = parse_stream_line(r#"{"doc": "a", "en": "Hi.", "id": "Hai."}"#, 1, "en", "id");
        assert_eq!(ok.name, "a");
        assert_eq!(ok.texts.unwrap(), ("Hi.".to_string(), "Hai.".to_string()));
        let numbered = parse_stream_line(r#"{"doc": 7, "en": "Hi.", "id": "Hai."}"#, 2, "en", "id");
        assert_eq!(numbered.name, "7");
        let missing = parse_stream_line(r#"{"en": "Hi."}"#, 3, "en", "id");
        assert_eq!(missing.name, "line 3");
        assert_eq!(
            missing.texts.unwrap_err().to_string(),
            "line 3: no string field \"id\""
        );
        let broken = parse_stream_line("{oops", 4, "en", "id");
        assert!(broken
            .texts
            .unwrap_err()
            .to_string()
            .starts_with("line 4: not a JSON object"));
    }

    #[test]
    fn documents_come_out_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut input = String::new();
        for i in 0..25 {
            input.push_str(&format!(
                "{{\"doc\": \"d{i:02}\", \"en\": \"Rain fell on day {i}. Roads flooded.\", \"id\": \"Hujan turun pada hari {i}. Jalan banjir.\"}}\n"
            ));
        }
        input.push_str("\nnot json\n");
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, input).unwrap();
        let out = dir.path().join("out");
        let mut config = RunConfig::new(
            crate::pipeline::Source::JsonlFile(path),
            crate::pipeline::Output::Folder(out.clone()),
        );
        config.threads = 2;
        config.formats = vec![crate::export::Format::Jsonl];
        let summary = crate::pipeline::run(&config, &crate::pipeline::Silent).unwrap();
        assert_eq!(summary.totals.documents, 26);
        assert_eq!(summary.failed.len(), 1);
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
                .unwrap();
        let names: Vec<&str> = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], "d00");
        assert_eq!(names[24], "d24");
        assert_eq!(names[25], "line 27", "a blank line keeps its number");
    }
}

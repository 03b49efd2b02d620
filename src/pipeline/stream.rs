//! Streaming input: document pairs as JSON lines, `{"doc": …, "<src>": "…", "<tgt>": "…"}`, read
//! from a file or stdin and written in input order, in bounded memory, so that selaras can be one
//! stage of a larger pipeline (shell pipes, Hadoop streaming, Spark's `pipe`).
//!
//! A stream cannot be read twice, so what the corpus shares is fitted on its first documents: up
//! to [`FIT_DOCUMENTS`] documents or [`FIT_BYTES`] bytes of text, whichever comes first. Those
//! documents are held while the model is fitted, then aligned and written first; after them,
//! documents are read as workers become free, aligned, and written in input order, with at most
//! [`StreamConfig::window`] documents in memory.

use std::io::BufRead;

use super::{align_split, DocReport, Progress, SplitSide};
use crate::align::{AlignConfig, Model};
use crate::export::{AlignedDoc, Filter, Writer};
use crate::pipeline::DocOptions;

/// The most documents the model is fitted on before a stream is aligned.
pub const FIT_DOCUMENTS: usize = 2_000;
/// The most bytes of text held for fitting before a stream is aligned.
pub const FIT_BYTES: usize = 32 << 20;

/// One line of the stream: a document pair, or why it is not one.
#[derive(Debug, Clone)]
pub struct StreamDoc {
    /// The document's name: its `doc` field, or `line N` without one.
    pub name: String,
    /// Both texts, or the error that names the line.
    pub texts: Result<(String, String), String>,
}

/// Parses one JSON line of the stream (1-based `line` for messages).
pub fn parse_stream_line(line: &str, number: usize, src: &str, tgt: &str) -> StreamDoc {
    let fallback = format!("line {number}");
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => {
            return StreamDoc {
                name: fallback,
                texts: Err(format!("line {number}: not a JSON object: {e}")),
            }
        }
    };
    let name = match value.get("doc") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => fallback,
        Some(other) => other.to_string(),
    };
    let field = |lang: &str| -> Result<String, String> {
        value
            .get(lang)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("line {number}: no string field \"{lang}\""))
    };
    StreamDoc {
        name,
        texts: field(src).and_then(|s| field(tgt).map(|t| (s, t))),
    }
}

/// What a streaming run needs.
#[derive(Debug, Clone)]
pub struct StreamConfig {
    /// How texts are split.
    pub doc: DocOptions,
    /// Search settings.
    pub align: AlignConfig,
    /// Which beads reach the bitext (for the report's counts).
    pub filter: Filter,
    /// The most documents read but not yet written (being aligned, or waiting for the ones
    /// before them): what bounds memory.
    pub window: usize,
}

/// Counts of a streaming run.
#[derive(Debug, Clone, Default)]
pub struct StreamSummary {
    /// Documents read.
    pub documents: usize,
    /// Failed documents and their errors.
    pub failed: Vec<(String, String)>,
}

fn split_doc(doc: &StreamDoc, options: &DocOptions) -> Result<(SplitSide, SplitSide), String> {
    let (src, tgt) = doc.texts.as_ref().map_err(Clone::clone)?;
    Ok((
        SplitSide::from_text(src, &options.src_lang, options),
        SplitSide::from_text(tgt, &options.tgt_lang, options),
    ))
}

/// A document on its way to a worker: parsed already (held for fitting), or a line as read, with
/// its 1-based number.
enum Pending {
    Parsed(StreamDoc),
    Read((usize, String)),
}

/// Aligns the documents of a JSON-lines stream and hands each result, in input order, to the
/// writers and to `report` (which receives every document's report entry).
pub fn run_stream(
    input: impl BufRead + Send,
    config: &StreamConfig,
    pool: &rayon::ThreadPool,
    writers: &mut [Box<dyn Writer>],
    report: &mut dyn FnMut(&DocReport) -> std::io::Result<()>,
    progress: &dyn Progress,
) -> std::io::Result<StreamSummary> {
    let (src_lang, tgt_lang) = (&config.doc.src_lang, &config.doc.tgt_lang);
    let parse =
        |(number, line): (usize, String)| parse_stream_line(&line, number, src_lang, tgt_lang);
    // Lines are only read here (under the ordered queue's lock, with many workers); each is
    // parsed by the worker that aligns it.
    let mut lines = input
        .lines()
        .enumerate()
        .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|(n, line)| line.map(|l| (n + 1, l)));

    // Hold the first documents and fit the model on them.
    let mut held = Vec::new();
    let mut held_bytes = 0usize;
    while held.len() < FIT_DOCUMENTS && held_bytes < FIT_BYTES {
        match lines.next() {
            Some(line) => {
                let doc = parse(line?);
                held_bytes += doc.texts.as_ref().map_or(0, |(s, t)| s.len() + t.len());
                held.push(doc);
            }
            None => break,
        }
    }
    let base = Model::for_run(&config.doc.src_lang, &config.doc.tgt_lang, &config.align);
    progress.begin("fitting", Some(held.len()));
    let fitter = pool.install(|| {
        super::fit_part(&held, &base, progress, |doc| {
            split_doc(doc, &config.doc).ok()
        })
    });
    let model = fitter.finish();

    let mut summary = StreamSummary::default();
    progress.begin("aligning", None);
    // The held documents first, then the rest of the stream, aligned as workers become free
    // and written in input order.
    let docs = held
        .into_iter()
        .map(|doc| Ok(Pending::Parsed(doc)))
        .chain(lines.map(|line| line.map(Pending::Read)));
    super::for_each_ordered(
        pool,
        docs,
        config.window,
        |pending: std::io::Result<Pending>| {
            let doc = match pending? {
                Pending::Parsed(doc) => doc,
                Pending::Read(line) => parse(line),
            };
            let result = split_doc(&doc, &config.doc)
                .map(|(s, t)| align_split(doc.name.clone(), s, t, &model, &config.align));
            progress.advance();
            Ok((doc, result))
        },
        |done: std::io::Result<(StreamDoc, Result<AlignedDoc, String>)>| {
            let (doc, result) = done?;
            summary.documents += 1;
            let entry = match result {
                Ok(aligned) => {
                    for writer in writers.iter_mut() {
                        writer.write_doc(&aligned)?;
                    }
                    DocReport::aligned(&aligned, &config.filter)
                }
                Err(error) => {
                    progress.failed(&doc.name, &error);
                    summary.failed.push((doc.name.clone(), error.clone()));
                    DocReport::failed(&doc.name, &error)
                }
            };
            report(&entry)
        },
    )?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_their_documents_and_errors() {
        let ok = parse_stream_line(r#"{"doc": "a", "en": "Hi.", "id": "Hai."}"#, 1, "en", "id");
        assert_eq!(ok.name, "a");
        assert_eq!(ok.texts, Ok(("Hi.".to_string(), "Hai.".to_string())));
        let numbered = parse_stream_line(r#"{"doc": 7, "en": "Hi.", "id": "Hai."}"#, 2, "en", "id");
        assert_eq!(numbered.name, "7");
        let missing = parse_stream_line(r#"{"en": "Hi."}"#, 3, "en", "id");
        assert_eq!(missing.name, "line 3");
        assert_eq!(
            missing.texts,
            Err("line 3: no string field \"id\"".to_string())
        );
        let broken = parse_stream_line("{oops", 4, "en", "id");
        assert!(broken
            .texts
            .unwrap_err()
            .starts_with("line 4: not a JSON object"));
    }

    #[test]
    fn documents_come_out_in_input_order() {
        let mut input = String::new();
        for i in 0..25 {
            input.push_str(&format!(
                "{{\"doc\": \"d{i:02}\", \"en\": \"Rain fell on day {i}. Roads flooded.\", \"id\": \"Hujan turun pada hari {i}. Jalan banjir.\"}}\n"
            ));
        }
        input.push_str("not json\n");
        let config = StreamConfig {
            doc: DocOptions::default(),
            align: AlignConfig::default(),
            filter: Filter::default(),
            window: 4,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut names = Vec::new();
        let mut record = |entry: &DocReport| {
            names.push(entry.name.clone());
            Ok(())
        };
        let summary = run_stream(
            std::io::Cursor::new(input),
            &config,
            &pool,
            &mut [],
            &mut record,
            &super::super::Silent,
        )
        .unwrap();
        assert_eq!(summary.documents, 26);
        assert_eq!(summary.failed.len(), 1);
        assert_eq!(names[0], "d00");
        assert_eq!(names[24], "d24");
        assert_eq!(names[25], "line 26");
    }
}

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
    /// The line it was read from, from 1.
    pub line: usize,
    /// Both texts, or the error that names the line.
    pub texts: Result<(String, String), DocError>,
}

/// Parses one JSON line of the stream (1-based `number` for messages). A byte-order mark
/// before the line's object (a file saved with one, or files joined with `cat`) is passed over.
pub fn parse_stream_line(line: &str, number: usize, src: &str, tgt: &str) -> StreamDoc {
    let fallback = format!("line {number}");
    let error = |message: String| DocError::Record {
        line: number,
        message,
    };
    let not_an_object = |why: String| StreamDoc {
        name: fallback.clone(),
        line: number,
        texts: Err(error(format!("not a JSON object: {why}"))),
    };
    let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(value @ serde_json::Value::Object(_)) => value,
        Ok(other) => {
            let kind = match other {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return not_an_object(format!(
                "the line holds {kind}; give {{\"doc\": …, \"{src}\": …, \"{tgt}\": …}}"
            ));
        }
        Err(e) if e.to_string().contains("hex escape") => {
            // `\ud800` alone: UTF-16 surrogates that do not pair up are no text.
            return not_an_object(format!(
                "{e} (a \\uXXXX escape that is half of a UTF-16 surrogate pair: the text is \
                 damaged there)"
            ));
        }
        Err(e) => return not_an_object(e.to_string()),
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
    let texts = match check_name(&name) {
        Some(problem) => Err(error(problem)),
        None => field(src).and_then(|s| field(tgt).map(|t| (s, t))),
    };
    StreamDoc {
        name,
        line: number,
        texts,
    }
}

/// Why a document name from a stream cannot name outputs (the `.beads` file is `NAME.beads`
/// below the output folder), if it cannot (see [`super::discover::name_problem`]).
fn check_name(name: &str) -> Option<String> {
    let problem = super::discover::name_problem(name)?;
    Some(format!(
        "{problem} (`{}`): give each line a \"doc\" that is a relative path such as news/a1",
        name.escape_debug()
    ))
}

/// The most bytes of one stream line: both texts of a document, with the JSON around them.
pub const MAX_LINE_BYTES: usize = 512 << 20;

/// A line of the stream as read: its text, or why it is not text.
enum ReadLine {
    Text(String),
    Bad(String),
}

/// The lines of a stream, numbered from 1, each read in bounded memory and decoded on its own:
/// a line that is not UTF-8 or is longer than `max` bytes is a located problem for that line
/// only. Blank lines are skipped (they keep their numbers). A NUL byte, which no JSON text holds,
/// means binary data: its line is a located problem and the stream is read no further (binary
/// data need have no line ends, and `/dev/zero` has no end at all). So does an error in reading
/// (a `.gz` file cut short): the lines before it are documents as any others.
struct Lines<R> {
    input: R,
    number: usize,
    max: usize,
    /// Nothing more is read: binary data, or the input could not be read.
    stopped: bool,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = (usize, ReadLine);

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        loop {
            let mut bytes = Vec::new();
            let mut too_long = 0usize;
            let mut ended = false;
            loop {
                let buf = match self.input.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.stopped = true;
                        self.number += 1;
                        let at = bytes.len() + too_long;
                        return Some((
                            self.number,
                            ReadLine::Bad(format!(
                                "the stream cannot be read past byte {at} of this line ({e}): \
                                 a damaged or cut-short file (a .gz file not copied whole?); \
                                 the lines before it were read, none after"
                            )),
                        ));
                    }
                };
                if buf.is_empty() {
                    break;
                }
                let (take, found) = match buf.iter().position(|&b| b == b'\n') {
                    Some(at) => (at + 1, true),
                    None => (buf.len(), false),
                };
                if let Some(nul) = buf[..take].iter().position(|&b| b == 0) {
                    self.stopped = true;
                    self.number += 1;
                    let at = bytes.len() + too_long + nul;
                    return Some((
                        self.number,
                        ReadLine::Bad(format!(
                            "binary data (a NUL byte) at byte {at} of the line: this is not a \
                             JSON-lines stream from here on, so it is read no further"
                        )),
                    ));
                }
                if too_long > 0 || bytes.len() + take > self.max + 1 {
                    too_long += take;
                } else {
                    bytes.extend_from_slice(&buf[..take]);
                }
                self.input.consume(take);
                if found {
                    ended = true;
                    break;
                }
            }
            if bytes.is_empty() && too_long == 0 && !ended {
                return None;
            }
            self.number += 1;
            if too_long > 0 {
                let length = bytes.len() + too_long;
                return Some((
                    self.number,
                    ReadLine::Bad(format!(
                        "the line is {length} bytes long, more than the limit of {} bytes \
                         (--max-document-bytes)",
                        self.max
                    )),
                ));
            }
            while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                bytes.pop();
            }
            match String::from_utf8(bytes) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => return Some((self.number, ReadLine::Text(text))),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    return Some((
                        self.number,
                        ReadLine::Bad(format!(
                            "not UTF-8 text: invalid byte 0x{:02x} at byte {at} of the line",
                            e.as_bytes()[at]
                        )),
                    ));
                }
            }
        }
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
pub(super) fn documents<'a>(
    input: Box<dyn BufRead + Send + 'a>,
    config: &RunConfig,
) -> Result<Documents<'a>, RunError> {
    // Lines are only read under the ordered queue's lock (with many workers), in bounded
    // memory; blank lines are skipped and do not count as documents, but keep their numbers.
    let max = config.doc.max_document_bytes.min(MAX_LINE_BYTES);
    let to_job = |(number, line): (usize, ReadLine)| match line {
        ReadLine::Text(text) => Job::Line(number, text),
        ReadLine::Bad(message) => Job::Parsed(StreamDoc {
            name: format!("line {number}"),
            line: number,
            texts: Err(DocError::Record {
                line: number,
                message,
            }),
        }),
    };
    let mut lines = Lines {
        input,
        number: 0,
        max,
        stopped: false,
    }
    .map(move |line| Ok(to_job(line)));
    let (src, tgt) = (config.doc.src_lang.code(), config.doc.tgt_lang.code());
    let mut held = Vec::new();
    let mut held_bytes = 0usize;
    while held.len() < FIT_DOCUMENTS && held_bytes < FIT_BYTES {
        match lines.next() {
            Some(job) => {
                let job = match job? {
                    Job::Line(number, line) => {
                        Job::Parsed(parse_stream_line(&line, number, src, tgt))
                    }
                    other => other,
                };
                if let Job::Parsed(doc) = &job {
                    held_bytes += doc.texts.as_ref().map_or(0, |(s, t)| s.len() + t.len());
                }
                held.push(job);
            }
            None => break,
        }
    }
    Ok(Documents {
        fit: held,
        replay_fit: true,
        rest: Box::new(lines),
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
    fn regression_a_stream_that_breaks_keeps_the_lines_before_and_fails_where_it_broke() {
        /// Gives its bytes, then an error (as a .gz file cut short does).
        struct Breaks(std::io::Cursor<Vec<u8>>);
        impl std::io::Read for Breaks {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(std::io::Error::other("incomplete deflate stream")),
                    n => Ok(n),
                }
            }
        }
        let text = b"{\"doc\": \"a\"}\n{\"doc\": \"b\"}\n{\"doc\": \"c".to_vec();
        let lines: Vec<(usize, ReadLine)> = Lines {
            input: std::io::BufReader::new(Breaks(std::io::Cursor::new(text))),
            number: 0,
            max: 1 << 20,
            stopped: false,
        }
        .collect();
        assert_eq!(lines.len(), 3);
        assert!(matches!(&lines[1], (2, ReadLine::Text(t)) if t == r#"{"doc": "b"}"#));
        match &lines[2] {
            (3, ReadLine::Bad(message)) => assert!(
                message.starts_with("the stream cannot be read past byte 10 of this line (incomplete deflate stream)"),
                "{message}"
            ),
            _ => panic!("the third line is where the stream broke"),
        }
    }

    #[test]
    fn regression_a_byte_order_mark_or_a_line_that_is_not_an_object_is_said_to_be_so() {
        let bom = parse_stream_line(
            "\u{FEFF}{\"doc\": \"a\", \"en\": \"Hi.\", \"id\": \"Hai.\"}",
            1,
            "en",
            "id",
        );
        assert_eq!(bom.texts.unwrap(), ("Hi.".to_string(), "Hai.".to_string()));
        for (line, kind) in [
            ("[1, 2]", "an array"),
            ("\"str\"", "a string"),
            ("42", "a number"),
            ("null", "null"),
        ] {
            let err = parse_stream_line(line, 2, "en", "id")
                .texts
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("not a JSON object: the line holds {kind}")),
                "{err}"
            );
        }
        let lone = parse_stream_line(
            r#"{"doc": "a", "en": "x \ud800 y", "id": "Hai."}"#,
            3,
            "en",
            "id",
        );
        let err = lone.texts.unwrap_err().to_string();
        assert!(err.contains("half of a UTF-16 surrogate pair"), "{err}");
        let long = format!(
            r#"{{"doc": "{}", "en": "Hi.", "id": "Hai."}}"#,
            "n".repeat(300)
        );
        let err = parse_stream_line(&long, 4, "en", "id")
            .texts
            .unwrap_err()
            .to_string();
        assert!(err.contains("too long to name a file"), "{err}");
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

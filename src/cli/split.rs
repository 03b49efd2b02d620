//! `selaras split`: sentence segmentation on its own.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use selaras::pipeline::{read_input, split_text, write_split, Encoding, Input, InputFormat, Lang};

use super::{parse_encoding, parse_input_format, parse_lang, Status};

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The text to split (`-` or nothing: stdin).
    #[arg(value_name = "FILE|-")]
    input: Option<PathBuf>,
    /// The language's rules to split by: an ISO 639-1 code (en, id; languages without rules of
    /// their own get the generic ones).
    #[arg(long, value_name = "L", value_parser = parse_lang)]
    lang: Lang,
    /// Read JSON lines {"id": ..., "text": ...} and write {"id": ..., "sentences": [...]}.
    #[arg(long)]
    jsonl: bool,
    /// Leave out the lines recognised as web boilerplate.
    #[arg(long)]
    strip_boilerplate: bool,
    /// Encoding of the input: utf-8 (default), latin1 (read as windows-1252), windows-1250 to
    /// windows-1258, iso-8859-2 to iso-8859-16, …
    #[arg(long, value_name = "E", default_value = "utf-8", value_parser = parse_encoding)]
    encoding: Encoding,
    /// Read the input in this format whatever its extension: txt, html, docx or odt (default:
    /// by extension; stdin is plain text).
    #[arg(long, value_name = "F", value_parser = parse_input_format)]
    input_format: Option<InputFormat>,
}

pub fn split(args: SplitArgs) -> anyhow::Result<Status> {
    let input = match &args.input {
        Some(path) if path.as_os_str() != "-" => Input::File(path.clone()),
        _ => Input::Stdin,
    };
    if let Some(warning) = args.lang.warning() {
        eprintln!("selaras: warning: {warning}");
    }
    let name = input.display();
    let text = read_input(&input, args.input_format, args.encoding)?;
    let strip = args.strip_boilerplate;
    let mut out = BufWriter::new(super::stdout()?);
    if !args.jsonl {
        write_split(text, args.lang, strip, &mut out)
            .and_then(|()| out.flush())
            .context(super::WRITING_STDOUT)?;
        return Ok(Status::Success);
    }
    // A line that is not a record fails alone: its output line says why (so that output line k
    // still answers input record k), stderr says so too, and the exit status is 3.
    let mut failed = 0usize;
    for (n, line) in io::Cursor::new(text.as_bytes()).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str::<serde_json::Value>(&line);
        let id = value
            .as_ref()
            .ok()
            .and_then(|v| v.get("id").cloned())
            .unwrap_or(serde_json::Value::Null);
        let record = match &value {
            Ok(value) => match value.get("text").and_then(serde_json::Value::as_str) {
                Some(text) => Ok(split_text(text, args.lang, strip)),
                None if value.is_object() => Err("no string field \"text\"".to_string()),
                None => Err("not a JSON object".to_string()),
            },
            Err(e) => Err(format!("not a JSON object: {e}")),
        };
        let record = match record {
            Ok(sentences) => serde_json::json!({ "id": id, "sentences": sentences }),
            Err(error) => {
                failed += 1;
                eprintln!("selaras: error: {name}: line {}: {error}", n + 1);
                serde_json::json!({ "id": id, "error": format!("line {}: {error}", n + 1) })
            }
        };
        serde_json::to_writer(&mut out, &record)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .context(super::WRITING_STDOUT)?;
    }
    out.flush().context(super::WRITING_STDOUT)?;
    if failed > 0 {
        eprintln!("selaras: {failed} line(s) of {name} failed; their output lines hold \"error\"");
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}

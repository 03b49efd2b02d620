//! Table-driven segmentation cases, one data file per language under `tests/segment_cases/`.
//!
//! The format (documented at the top of each file): a case is its input lines, a line `=>`, and
//! the expected sentences one per line, ended by a blank line; `~ ` before an expected sentence
//! means it must be marked as boilerplate; `#` lines between cases are comments. Each input is
//! normalised and split as the pipeline does, and sentences are compared after collapsing
//! whitespace.

use selaras::lang::Lang;
use selaras::normalize::{collapse_whitespace, normalize};
use selaras::segment::Segmenter;

struct Case {
    line: usize,
    input: String,
    expected: Vec<(String, bool)>,
}

fn parse(table: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut lines = table.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut input = vec![line];
        let mut arrow = false;
        for (_, line) in lines.by_ref() {
            if line == "=>" {
                arrow = true;
                break;
            }
            input.push(line);
        }
        assert!(arrow, "case at line {} has no `=>`", n + 1);
        let mut expected = Vec::new();
        while let Some((_, line)) = lines.next_if(|(_, l)| !l.trim().is_empty()) {
            let (text, boilerplate) = match line.strip_prefix("~ ") {
                Some(rest) => (rest, true),
                None => (line, false),
            };
            expected.push((collapse_whitespace(text), boilerplate));
        }
        cases.push(Case {
            line: n + 1,
            input: input.join("\n"),
            expected,
        });
    }
    cases
}

fn run(lang: &str, table: &str, minimum: usize) {
    let cases = parse(table);
    assert!(
        cases.len() >= minimum,
        "{lang}: {} cases, want at least {minimum}",
        cases.len()
    );
    let segmenter = Segmenter::for_lang(lang.parse::<Lang>().unwrap());
    let mut failures = Vec::new();
    for case in &cases {
        let text = normalize(&case.input);
        let got: Vec<(String, bool)> = segmenter
            .split(&text)
            .iter()
            .map(|s| (collapse_whitespace(s.text(&text)), s.boilerplate))
            .collect();
        if got != case.expected {
            failures.push(format!(
                "{lang} case at line {}:\n  input:    {:?}\n  expected: {:?}\n  got:      {:?}",
                case.line, case.input, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {lang} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn english_cases() {
    run("en", include_str!("segment_cases/en.txt"), 150);
}

#[test]
fn indonesian_cases() {
    run("id", include_str!("segment_cases/id.txt"), 150);
}

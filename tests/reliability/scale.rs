//! Absurd sizes in linear time. These run on inputs large enough that quadratic behaviour would
//! take minutes even where linear work takes a second in a debug build, without timing anything;
//! `scripts/scale.sh` times the full sizes (a 30 MB line, a million one-word lines) in release.

use selaras::align::{AlignConfig, Model};
use selaras::lang::Lang;
use selaras::pipeline::{align_split, DocOptions, SplitSide};

use crate::invariants::check_beads;

fn align_texts(src: &str, tgt: &str, options: &DocOptions) -> selaras::export::AlignedDoc {
    let s = SplitSide::from_text(src, Lang::EN, options);
    let t = SplitSide::from_text(tgt, Lang::ID, options);
    let (n, m) = (s.sentences.len(), t.sentences.len());
    let doc = align_split(
        "big".into(),
        s,
        t,
        &Model::for_pair(Lang::EN, Lang::ID),
        &AlignConfig::default(),
    );
    check_beads(&doc.beads, n, m, Some(3));
    doc
}

#[test]
fn a_long_line_without_punctuation() {
    // 4 MB in one line, no sentence end.
    let line = "kata ".repeat(800_000);
    let doc = align_texts(&line, &line, &DocOptions::default());
    assert_eq!((doc.src.len(), doc.tgt.len()), (1, 1));
    assert_eq!(doc.beads.len(), 1);
}

#[test]
fn a_long_word_without_spaces() {
    // 2 MB with no whitespace and many periods: no boundary can be found.
    let word = "a.b".repeat(700_000);
    let doc = align_texts(&word, &word, &DocOptions::default());
    assert_eq!(doc.src.len(), 1);
}

#[test]
fn many_one_word_lines() {
    let lines: String = (0..30_000).map(|i| format!("w{i}\n")).collect();
    let doc = align_texts(&lines, &lines, &DocOptions::default());
    assert_eq!(doc.src.len(), 30_000);
    assert!(doc
        .beads
        .iter()
        .all(|b| b.src.len() == 1 && b.tgt.len() == 1));
    let preseg = DocOptions::default().with_presegmented(true);
    let doc = align_texts(&lines, &lines, &preseg);
    assert_eq!(doc.beads.len(), 30_000);
}

#[test]
fn many_sentences_on_one_line() {
    let line = "Satu. ".repeat(30_000);
    let doc = align_texts(&line, &line, &DocOptions::default());
    assert_eq!(doc.src.len(), 30_000);
}

#[test]
fn many_blank_lines_and_spaces() {
    let text = format!("{}A.{}", "\n \t\n".repeat(500_000), " ".repeat(1_000_000));
    let doc = align_texts(&text, &text, &DocOptions::default());
    assert_eq!(doc.src, ["A."]);
}

#[test]
#[ignore = "slow in a debug build (~20 s and 450 MB in release): run with --ignored --release"]
fn sides_of_very_unequal_length() {
    // 20,000 identical one-word sentences against 10,000: the true path runs far from the
    // diagonal, so the band would double until nearly full (80 s, 1.4 GB before the cell
    // budget); now it stops growing at `MAX_BAND_CELLS` and re-centres on the path instead.
    let src: String = (0..20_000).map(|i| format!("w{i}\n")).collect();
    let tgt: String = (0..10_000).map(|i| format!("w{i}\n")).collect();
    let doc = align_texts(&src, &tgt, &DocOptions::default());
    assert_eq!(doc.src.len(), 20_000);
}

//! Golden files: each format's exact bytes for one document of hostile text. A change to a
//! writer that changes its output shows up here as a diff; regenerate on purpose with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use selaras::align::Bead;
use selaras::export::{
    beads_text, beads_text_flagged, AlignedDoc, CsvWriter, Filter, JsonlWriter, Languages,
    MosesWriter, TmxHeader, TmxWriter, TsvWriter, Writer,
};
use selaras::lang::Lang;

fn doc() -> AlignedDoc {
    let bead =
        |src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score, boilerplate| Bead {
            src,
            tgt,
            score,
            boilerplate,
        };
    AlignedDoc {
        name: "berita/\"odd\" & <name>".to_string(),
        src: vec![
            "Flood & Fire: \"<Jakarta>\" 'today' 🌊".to_string(),
            "Prices rose 5.2%.".to_string(),
            "They said so.".to_string(),
            "Cafe\u{301}\ttab\\slash\u{0B}vt".to_string(),
            "Dropped line.".to_string(),
        ],
        tgt: vec![
            "Banjir & Api: “<Jakarta>” ‘hari ini’ 🌊".to_string(),
            "Harga naik 5,2 persen, kata mereka.".to_string(),
            "Kafe\u{301}\ttab\\garis\u{FFFF}".to_string(),
            "Baca juga: Cuaca".to_string(),
        ],
        beads: vec![
            bead(0..1, 0..1, 0.973, false),
            bead(1..3, 1..2, 0.612, false),
            bead(3..4, 2..3, 0.25, false),
            bead(4..5, 3..3, 0.08, false),
            bead(5..5, 3..4, 0.0, true),
        ],
    }
}

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn check(name: &str, actual: &str) {
    let path = golden().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn write_all(writer: Box<dyn Writer>) {
    let mut writer = writer;
    writer.write_doc(&doc()).unwrap();
    writer.finish().unwrap();
}

#[test]
fn every_format_matches_its_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let langs = Languages::new(Lang::EN, Lang::ID)
        .with_locales(None, Some("id-ID"))
        .unwrap();
    let filter = Filter::default().with_keep_unaligned(true);
    let header = TmxHeader {
        creation_date: "20240619T000000Z".to_string(),
    };
    let p = |f: &str| dir.path().join(f);
    write_all(Box::new(
        TmxWriter::create(&p("c.tmx"), &langs, &header, filter).unwrap(),
    ));
    write_all(Box::new(
        CsvWriter::create(&p("c.csv"), &langs, filter).unwrap(),
    ));
    write_all(Box::new(
        TsvWriter::create(&p("c.tsv"), &langs, filter).unwrap(),
    ));
    write_all(Box::new(
        JsonlWriter::create(&p("c.jsonl"), &langs, filter).unwrap(),
    ));
    write_all(Box::new(
        MosesWriter::create(&p("c"), &langs, filter).unwrap(),
    ));
    for (file, golden_name) in [
        ("c.tmx", "hostile.tmx"),
        ("c.csv", "hostile.csv"),
        ("c.tsv", "hostile.tsv"),
        ("c.jsonl", "hostile.jsonl"),
        ("c.en", "hostile.en"),
        ("c.id", "hostile.id"),
    ] {
        check(golden_name, &fs::read_to_string(p(file)).unwrap());
    }
    check("hostile.beads", &beads_text(&doc()));
}

#[test]
fn filtered_output_leaves_out_unaligned_and_low_scores() {
    let dir = tempfile::tempdir().unwrap();
    let langs = Languages::new(Lang::EN, Lang::ID);
    let filter = Filter::default().with_min_score(Some(0.5));
    let path = dir.path().join("f.csv");
    write_all(Box::new(CsvWriter::create(&path, &langs, filter).unwrap()));
    check("filtered.csv", &fs::read_to_string(path).unwrap());
}

/// A document whose pairs disagree: a number, a date, a time, a URL and a name.
fn flagged_doc() -> AlignedDoc {
    let bead = |src: usize, tgt: usize, score| Bead {
        src: src..src + 1,
        tgt: tgt..tgt + 1,
        score,
        boilerplate: false,
    };
    AlignedDoc {
        name: "qa".to_string(),
        src: vec![
            "The fund paid 1.500 dollars on 19/6/2024.".to_string(),
            "The talks with Lavrov start at 10:30, see https://example.org/talks.".to_string(),
            "Prices rose 5,2 percent.".to_string(),
        ],
        tgt: vec![
            "Dana itu membayar 1,600 dolar pada June 20.".to_string(),
            "Perundingan dimulai pukul 11.30.".to_string(),
            "Harga naik 5.2 persen.".to_string(),
        ],
        beads: vec![bead(0, 0, 0.91), bead(1, 1, 0.88), bead(2, 2, 0.99)],
    }
}

#[test]
fn qa_flags_in_every_format_match_their_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let langs = Languages::new(Lang::EN, Lang::ID);
    let filter = Filter::default();
    let header = TmxHeader {
        creation_date: "20240619T000000Z".to_string(),
    };
    let p = |f: &str| dir.path().join(f);
    let doc = flagged_doc();
    let write = |mut writer: Box<dyn Writer>| {
        writer.write_doc(&doc).unwrap();
        writer.finish().unwrap();
    };
    write(Box::new(
        TmxWriter::create(&p("q.tmx"), &langs, &header, filter).unwrap(),
    ));
    write(Box::new(
        CsvWriter::create(&p("q.csv"), &langs, filter)
            .unwrap()
            .with_qa_columns(&langs, true),
    ));
    write(Box::new(
        TsvWriter::create(&p("q.tsv"), &langs, filter)
            .unwrap()
            .with_qa_columns(&langs, true),
    ));
    write(Box::new(
        JsonlWriter::create(&p("q.jsonl"), &langs, filter).unwrap(),
    ));
    for (file, golden_name) in [
        ("q.tmx", "flagged.tmx"),
        ("q.csv", "flagged.csv"),
        ("q.tsv", "flagged.tsv"),
        ("q.jsonl", "flagged.jsonl"),
    ] {
        check(golden_name, &fs::read_to_string(p(file)).unwrap());
    }
    let beads = beads_text_flagged(&doc, &langs.qa());
    check("flagged.beads", &beads);
    // `selaras eval` reads the beads past the flags.
    let parsed = selaras::eval::parse_beads(&beads).unwrap();
    assert_eq!(parsed.len(), 3);
    assert!(parsed.iter().all(|(_, mark)| mark.is_none()));
}

//! Batches go on: a document that fails is reported and skipped, the others are written in full;
//! exit status 3, or 1 when every document failed.

use predicates::str::contains;

use crate::common::{corpus, report, selaras, write};
use crate::invariants::{read_csv, read_jsonl, read_tsv};

#[test]
fn a_failing_document_is_reported_and_the_others_are_written_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 4, 12);
    write(&input, "doc001.id.txt", b"Baris.\n\xC3\x28 rusak\n");
    write(&input, "doc002.en.txt", b"bin\x00ary");
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--format", "tmx,csv,tsv,jsonl,moses,beads"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("document doc001 failed"))
        .stderr(contains(
            "doc001.id.txt: invalid UTF-8 at line 2 (byte 7 of the file)",
        ))
        .stderr(contains("document doc002 failed"))
        .stderr(contains("doc002.en.txt: binary data"))
        .stderr(contains("2 document(s) failed: doc001, doc002"));

    let report = report(&out);
    let docs = report["documents"].as_array().unwrap();
    let status: Vec<&str> = docs.iter().map(|d| d["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["ok", "failed", "failed", "ok"]);
    assert!(docs[1]["error"]
        .as_str()
        .unwrap()
        .contains("line 2 (byte 7 of the file)"));
    assert_eq!(report["totals"]["failed"], 2);
    assert_eq!(report["totals"]["aligned"], 2);

    // Every other document is complete in every format.
    let written = report["totals"]["pairs_written"].as_u64().unwrap() as usize;
    assert_eq!(
        written, 24,
        "12 one-to-one pairs in each of the two good documents"
    );
    let csv = read_csv(&std::fs::read_to_string(out.join("corpus.csv")).unwrap());
    let tsv = read_tsv(&std::fs::read_to_string(out.join("corpus.tsv")).unwrap());
    let jsonl = read_jsonl(&std::fs::read_to_string(out.join("corpus.jsonl")).unwrap());
    assert_eq!(csv.len(), written);
    assert_eq!(tsv, csv);
    assert_eq!(jsonl, csv);
    let docs_in_csv: std::collections::BTreeSet<&str> =
        csv.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(
        docs_in_csv.into_iter().collect::<Vec<_>>(),
        ["doc000", "doc003"]
    );
    let en = std::fs::read_to_string(out.join("corpus.en")).unwrap();
    assert_eq!(en.lines().count(), written);
    let tmx = std::fs::read_to_string(out.join("corpus.tmx")).unwrap();
    assert_eq!(crate::invariants::read_tmx(&tmx).len(), written);
    let beads = crate::common::files(&out.join("beads"));
    assert_eq!(beads, ["doc000.beads", "doc003.beads"]);
}

#[test]
fn every_document_failing_exits_1_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "a.en.txt", b"\xFF");
    write(&input, "a.id.txt", "ok");
    write(&input, "b.en.txt", "ok");
    write(&input, "b.id.txt", b"\x00");
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("every document failed"));
    assert!(!out.join("report.json").exists(), "no output replaced");
    let report = crate::common::report_named(&out, "report.failed.json");
    assert_eq!(report["totals"]["failed"], 2);
    assert_eq!(report["totals"]["aligned"], 0);
}

#[test]
fn a_failed_run_of_align_leaves_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "a.en.txt", b"\xFF");
    let tgt = write(dir.path(), "a.id.txt", "ok");
    let out = write(dir.path(), "old.csv", "old output");
    selaras()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old output");
    assert_eq!(crate::common::temporaries(dir.path()), Vec::<String>::new());
}

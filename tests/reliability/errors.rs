//! Every input error names the file and the place and says what to do; exit statuses 0, 1, 2.

use predicates::prelude::*;
use predicates::str::contains;

use crate::common::{corpus, english, indonesian, report, selaras, write};

fn utf16(text: &str, big: bool) -> Vec<u8> {
    let mut out = if big {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn utf32(text: &str, big: bool) -> Vec<u8> {
    let mut out = if big {
        vec![0, 0, 0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE, 0, 0]
    };
    for c in text.chars() {
        let u = c as u32;
        out.extend_from_slice(&if big {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn invalid_utf8_names_file_line_and_byte_and_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(
        dir.path(),
        "a.en.txt",
        b"Fine first line.\nCaf\xE9 au lait.\n",
    );
    let tgt = write(dir.path(), "a.id.txt", "Baris pertama.\nKopi susu.\n");
    selaras()
        .arg("align")
        .args([&src, &tgt])
        .assert()
        .code(1)
        .stderr(contains("a.en.txt"))
        .stderr(contains("invalid UTF-8 at line 2 (byte 20 of the file)"))
        .stderr(contains("--encoding"))
        .stderr(contains("iconv"));
    // The documented way out works end to end.
    selaras()
        .args(["align", "--encoding", "windows-1252"])
        .args([&src, &tgt])
        .assert()
        .success()
        .stdout(contains("Café au lait."));
    selaras()
        .args(["split", "--lang", "en"])
        .arg(&src)
        .assert()
        .code(1)
        .stderr(contains("line 2 (byte 20 of the file)"));
    selaras()
        .args(["split", "--lang", "en", "--encoding", "latin1"])
        .arg(&src)
        .assert()
        .success()
        .stdout("Fine first line.\nCafé au lait.\n");
}

#[test]
fn invalid_utf8_in_a_run_is_reported_per_document_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "a.en.txt", b"ok\n\xFF\n");
    write(&input, "a.id.txt", "ok\n");
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("document a failed"))
        .stderr(contains("line 2 (byte 3 of the file)"));
    let report = crate::common::report_named(&out, "report.failed.json");
    let error = report["documents"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("a.en.txt") && error.contains("line 2 (byte 3 of the file)"),
        "{error}"
    );
    assert!(error.contains("--encoding"), "{error}");
}

#[test]
fn utf16_and_utf32_with_a_byte_order_mark_are_read_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let en = "The minister spoke on Monday. Prices rose 5 percent.\n";
    let id = "Menteri berbicara pada Senin. Harga naik 5 persen.\n";
    for (label, src, tgt) in [
        ("utf16le", utf16(en, false), utf16(id, false)),
        ("utf16be", utf16(en, true), utf16(id, true)),
        ("utf32le", utf32(en, false), utf32(id, false)),
        ("utf32be", utf32(en, true), utf32(id, true)),
    ] {
        let s = write(dir.path(), &format!("{label}.en.txt"), &src);
        let t = write(dir.path(), &format!("{label}.id.txt"), &tgt);
        selaras()
            .args(["split", "--lang", "en"])
            .arg(&s)
            .assert()
            .success()
            .stdout("The minister spoke on Monday.\nPrices rose 5 percent.\n");
        let output = selaras()
            .args(["align", "--format", "csv"])
            .arg(&s)
            .arg(&t)
            .output()
            .unwrap();
        assert!(output.status.success(), "{label}");
        let csv = String::from_utf8(output.stdout).unwrap();
        assert!(
            csv.contains("Prices rose 5 percent.,Harga naik 5 persen."),
            "{label}: {csv}"
        );
    }
    // A damaged UTF-16 file is located too.
    let mut broken = utf16("ab\ncd", false);
    broken.extend_from_slice(&[0x00, 0xD8, b'x', 0]);
    let b = write(dir.path(), "broken.en.txt", &broken);
    selaras()
        .args(["split", "--lang", "en"])
        .arg(&b)
        .assert()
        .code(1)
        .stderr(contains("broken.en.txt"))
        .stderr(contains("invalid UTF-16LE at line 2 (byte 12 of the file)"));
}

#[test]
fn binary_files_are_refused_with_the_place_of_the_nul() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "img.en.txt", b"GIF89a\n\x01\x00\x02");
    let tgt = write(dir.path(), "img.id.txt", "teks\n");
    selaras()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .assert()
        .code(1)
        .stderr(contains("img.en.txt"))
        .stderr(contains(
            "binary data (a NUL byte) at line 2 (byte 8 of the file)",
        ))
        .stderr(contains("not a text file"));
}

#[test]
fn missing_and_unreadable_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let tgt = write(dir.path(), "a.id.txt", "teks\n");
    selaras()
        .arg("align")
        .arg(dir.path().join("nope.en.txt"))
        .arg(&tgt)
        .assert()
        .code(1)
        .stderr(contains("nope.en.txt: cannot read the file"))
        .stderr(contains("check the path"));
    selaras()
        .args(["split", "--lang", "en"])
        .arg(dir.path().join("nope.txt"))
        .assert()
        .code(1)
        .stderr(contains("nope.txt"));
    selaras()
        .arg("run")
        .arg(dir.path().join("no-such-folder"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(contains("no-such-folder: does not exist"));
    // A folder is not a file.
    selaras()
        .arg("align")
        .arg(dir.path())
        .arg(&tgt)
        .assert()
        .code(1)
        .stderr(contains("cannot read the file"))
        .stderr(contains("not a folder"));
    // A file given to run: the message says how one pair is aligned.
    selaras()
        .arg("run")
        .arg(&tgt)
        .assert()
        .code(1)
        .stderr(contains("not a folder"))
        .stderr(contains(
            "to align one pair of files, `selaras align SRC TGT`",
        ));
}

#[cfg(unix)]
#[test]
fn a_dangling_link_fails_its_document_alone() {
    // Works as root too, where permissions do not stop reading.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 3, 5);
    std::fs::remove_file(input.join("doc001.id.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone"), input.join("doc001.id.txt")).unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("doc001.id.txt: cannot read the file"));
    assert_eq!(report(&out)["totals"]["aligned"], 2);
}

#[cfg(unix)]
#[test]
fn an_unreadable_document_fails_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 2, 5);
    let locked = input.join("doc001.id.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reading; nothing to test here.
        return;
    }
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("doc001.id.txt: cannot read the file"));
}

#[test]
fn a_file_without_partner_is_a_warning_and_does_not_change_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 1, 5);
    write(&input, "lonely.en.txt", english(3, 4));
    write(&input, "sub/orphan.id.txt", indonesian(3, 4));
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("lonely.en.txt: no partner file; skipped"))
        .stderr(contains("orphan.id.txt: no partner file; skipped"));
    let report = report(&out);
    assert_eq!(report["unpaired"].as_array().unwrap().len(), 2);
    assert_eq!(report["totals"]["unpaired"], 2);
    assert_eq!(report["totals"]["aligned"], 1);
}

#[test]
fn empty_and_blank_documents_align_to_nothing_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "empty.en.txt", "");
    write(&input, "empty.id.txt", "");
    write(&input, "blank.en.txt", " \n\t\n\u{A0}\u{200B}\r\n\n");
    write(&input, "blank.id.txt", "\n\n   \n");
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--format", "csv,beads"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("empty: empty document"))
        .stderr(contains("blank: empty document"));
    let report = report(&out);
    for doc in report["documents"].as_array().unwrap() {
        assert_eq!(doc["status"], "ok");
        assert_eq!(doc["src_sentences"], 0);
        let warning = doc["warnings"][0].as_str().unwrap();
        assert!(warning.starts_with("empty document"), "{warning}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("beads/empty.beads")).unwrap(),
        ""
    );
    assert_eq!(
        std::fs::read_to_string(out.join("corpus.csv")).unwrap(),
        "doc,bead,score,en,id\n"
    );
}

#[test]
fn one_empty_side_is_flagged_and_gives_one_sided_beads_when_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(
        &input,
        "half.en.txt",
        "One sentence. Two sentences. Three.\n",
    );
    write(&input, "half.id.txt", "\n \n");
    let out = dir.path().join("out");
    // The document is suspect, kept out of the bitext unless asked for.
    selaras()
        .args(["run", "-q", "--format", "csv,beads", "--keep-unaligned"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains(
            "half: the target side is empty: no sentence to align with; the 3 source \
             sentence(s) are left unaligned (1-0 beads) (kept out of the bitext)",
        ));
    assert_eq!(report(&out)["documents"][0]["status"], "suspect");
    assert!(!out.join("beads/half.beads").exists());
    selaras()
        .args(["run", "-q", "--format", "csv,beads", "--keep-unaligned"])
        .arg("--keep-suspect")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let beads = std::fs::read_to_string(out.join("beads/half.beads")).unwrap();
    let shapes: Vec<&str> = beads
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(shapes, ["[0]:[]", "[1]:[]", "[2]:[]"]);
    let report = report(&out);
    assert_eq!(report["documents"][0]["beads"]["1-0"], 3);
    let csv = std::fs::read_to_string(out.join("corpus.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        4,
        "--keep-unaligned writes 1-0 beads: {csv}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 1, 3);
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let mut cmd = selaras();
        cmd.arg("run").arg(&input).arg("-o").arg(&out).args(args);
        cmd
    };
    run(&["--no-such-flag"]).assert().code(2);
    run(&["--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(contains("unknown format"));
    run(&["--min-score", "2"]).assert().code(2);
    run(&["--encoding", "klingon"])
        .assert()
        .code(2)
        .stderr(contains("unknown encoding"));
    run(&["-j", "5000"]).assert().code(2);
    run(&["--src-lang", "id"])
        .assert()
        .code(2)
        .stderr(contains("both `id`"));
    run(&["--tgt-lang", "../../etc"])
        .assert()
        .code(2)
        .stderr(contains("not a language code"));
    run(&["--src-locale", "en\"US"]).assert().code(2);
    run(&[])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .assert()
        .code(2)
        .stderr(contains("SOURCE_DATE_EPOCH"));
    run(&[])
        .env("SOURCE_DATE_EPOCH", "18446744073709551615")
        .assert()
        .code(2)
        .stderr(contains("9999-12-31"));
    selaras().assert().code(2);
    selaras().args(["split"]).assert().code(2);
    let src = input.join("doc000.en.txt");
    let tgt = input.join("doc000.id.txt");
    selaras()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .args(["--format", "moses"])
        .assert()
        .code(2)
        .stderr(contains("-o PREFIX"));
    selaras()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .arg("-o")
        .arg(dir.path().join("out.xyz"))
        .assert()
        .code(2)
        .stderr(contains("--format"));
    assert!(!out.exists(), "a usage error writes nothing");
}

#[test]
fn nothing_to_do_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input, "readme.txt", "no pairs here");
    selaras()
        .arg("run")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(contains("no document pairs"));
    // An output folder that cannot be made.
    corpus(&input, 1, 3);
    let file = write(dir.path(), "a-file", "x");
    selaras()
        .arg("run")
        .arg(&input)
        .arg("-o")
        .arg(file.join("out"))
        .assert()
        .code(1)
        .stderr(contains("cannot write"));
    // An output file in a folder that cannot be made.
    selaras()
        .arg("align")
        .arg(input.join("doc000.en.txt"))
        .arg(input.join("doc000.id.txt"))
        .arg("-o")
        .arg(file.join("x.csv"))
        .assert()
        .code(1)
        .stderr(contains("a-file"));
}

#[test]
fn success_exits_0_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 2, 6);
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--format", "beads"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    for format in ["tmx", "csv", "tsv", "jsonl", "beads"] {
        selaras()
            .arg("align")
            .arg(input.join("doc000.en.txt"))
            .arg(input.join("doc000.id.txt"))
            .args(["--format", format])
            .assert()
            .success();
    }
    selaras()
        .args(["split", "--lang", "id", "--jsonl"])
        .write_stdin("{\"id\": 1, \"text\": \"Satu. Dua.\"}\n")
        .assert()
        .success()
        .stdout("{\"id\":1,\"sentences\":[\"Satu.\",\"Dua.\"]}\n");
    selaras()
        .arg("eval")
        .arg("--gold")
        .arg(out.join("beads"))
        .arg("--pred")
        .arg(out.join("beads"))
        .assert()
        .success()
        .stdout(contains("strict"));
}

#[test]
fn bad_json_lines_and_bad_beads_name_their_line() {
    selaras()
        .args(["split", "--lang", "id", "--jsonl"])
        .write_stdin("{\"id\": 1, \"text\": \"Satu.\"}\nnot json\n")
        .assert()
        .code(3)
        .stderr(contains("line 2"));
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "g.gold", "[0]:[0]\n[1:[1]\n");
    selaras()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg("--pred")
        .arg(&gold)
        .assert()
        .code(1)
        .stderr(contains("g.gold: line 2"));
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 1, 200);
    let beads = write(dir.path(), "g.beads", "[0]:[0]\n".repeat(2000));
    let src = input.join("doc000.en.txt");
    let tgt = input.join("doc000.id.txt");
    let mut commands: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "eval".into(),
            "--gold".into(),
            beads.clone().into(),
            "--pred".into(),
            beads.into(),
        ],
        vec![
            "split".into(),
            "--lang".into(),
            "en".into(),
            src.clone().into(),
        ],
        vec!["align".into(), src.into(), tgt.into()],
    ];
    for args in commands.drain(..) {
        let mut child = std::process::Command::new(crate::common::selaras_path())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// Runs `run --input-jsonl` over `input` (bytes) into a fresh folder; returns the exit status,
/// stderr and the report.
fn run_stream_bytes(input: &[u8], formats: &str) -> (Option<i32>, String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, input).unwrap();
    let out = dir.path().join("out");
    let output = selaras()
        .args(["run", "-q", "--format", formats, "--input-jsonl"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let report = serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        report,
    )
}

fn stream_line(doc: &str) -> String {
    serde_json::json!({"doc": doc, "en": "Rain fell all day. The roads flooded.", "id": "Hujan turun sepanjang hari. Jalan-jalan banjir."}).to_string()
}

/// One invalid UTF-8 byte in a stream used to end the run with exit 1, no line number and no
/// output; now that line fails, located, and the rest goes on.
#[test]
fn an_invalid_utf8_byte_in_a_stream_fails_its_line_only() {
    let mut input = format!("{}\n", stream_line("a")).into_bytes();
    input.extend_from_slice(b"{\"doc\": \"b\", \"en\": \"caf\xe9\", \"id\": \"x\"}\n");
    input.extend_from_slice(format!("{}\n", stream_line("c")).as_bytes());
    let (status, stderr, report) = run_stream_bytes(&input, "jsonl");
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains("line 2: not UTF-8 text: invalid byte 0xe9"),
        "{stderr}"
    );
    assert_eq!(report["totals"]["aligned"], 2);
    assert_eq!(report["totals"]["failed"], 1);
}

/// A repeated document name in a stream used to overwrite the first document's `.beads` file
/// while the CSV mixed both; now the repeat fails, located, and the first is kept whole.
#[test]
fn a_repeated_name_in_a_stream_fails_the_repeat() {
    let input = format!(
        "{}\n{}\n{}\n",
        stream_line("a"),
        stream_line("b"),
        stream_line("a")
    );
    let (status, stderr, report) = run_stream_bytes(input.as_bytes(), "beads,csv");
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains("line 3: the document name `a` was already used on line 1"),
        "{stderr}"
    );
    let statuses: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ok", "ok", "failed"]);
}

/// Names `""`, `.`, `..` and absolute paths used to make hidden files or abort the run when
/// `beads` was among the formats; each is now a located error for its line, in every format.
#[test]
fn stream_names_that_cannot_name_a_file_fail_their_line_in_every_format() {
    for formats in ["csv", "beads"] {
        let input = ["", ".", "../x", "/etc/x", "a/../b", "ok"]
            .iter()
            .map(|name| stream_line(name))
            .collect::<Vec<_>>()
            .join("\n");
        let (status, stderr, report) = run_stream_bytes(input.as_bytes(), formats);
        assert_eq!(status, Some(3), "{formats}: {stderr}");
        assert_eq!(report["totals"]["failed"], 5, "{formats}: {stderr}");
        assert_eq!(report["totals"]["aligned"], 1, "{formats}");
        for line in 1..=5 {
            assert!(
                stderr.contains(&format!("line {line}: the document name")),
                "{stderr}"
            );
        }
    }
}

/// A document over --max-document-bytes fails with a message that names it and the limit
/// (a file used to be read whole, whatever its size).
#[test]
fn a_document_over_the_size_limit_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::corpus(dir.path(), 2, 6);
    std::fs::write(dir.path().join("big.en.txt"), "word ".repeat(1000)).unwrap();
    std::fs::write(dir.path().join("big.id.txt"), "kata ".repeat(1000)).unwrap();
    let output = selaras()
        .args(["run", "-q", "--max-document-bytes", "4000"])
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("big.en.txt: larger than the limit of 4000 bytes"),
        "{stderr}"
    );
    let line = stream_line("a").replace("Rain", &"Rain ".repeat(100));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, format!("{line}\n{}\n", stream_line("b"))).unwrap();
    let output = selaras()
        .args(["run", "-q", "--max-document-bytes", "200", "--input-jsonl"])
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("line 1: the line is"), "{stderr}");
}

/// A FIFO among a folder's files used to block the run forever (it is read twice); it is now
/// refused with a message that says why.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_corpus_folder_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::corpus(dir.path(), 2, 6);
    std::fs::write(dir.path().join("pipe.en.txt"), "Hello there.").unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.id.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let output = selaras()
        .args(["run", "-q"])
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pipe.id.txt: not a regular file"),
        "{stderr}"
    );
}

/// A run in which every document failed used to replace the earlier good outputs with empty
/// ones; now they are left as they were and the failures go to report.failed.json.
#[test]
fn a_run_in_which_every_document_fails_leaves_earlier_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    crate::common::corpus(&input, 2, 6);
    let out = dir.path().join("out");
    let first = selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(first.status.success());
    let before: Vec<(String, Vec<u8>)> = ["corpus.tmx", "corpus.csv", "report.json"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read(out.join(n)).unwrap()))
        .collect();
    for name in ["doc000", "doc001"] {
        std::fs::write(input.join(format!("{name}.id.txt")), b"bad \xff text").unwrap();
    }
    let output = selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("report.failed.json"), "{stderr}");
    for (name, bytes) in before {
        assert_eq!(
            std::fs::read(out.join(&name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    let failed = crate::common::report_named(&out, "report.failed.json");
    assert_eq!(failed["totals"]["failed"], 2, "{failed}");
}

/// An empty stream used to exit 0 with empty outputs while an empty folder exits 1; both are
/// exit 1 now, with the earlier outputs untouched.
#[test]
fn an_empty_stream_is_exit_1_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, "\n\n").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("corpus.tmx"), "earlier").unwrap();
    let output = selaras()
        .args(["run", "-q", "--input-jsonl"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the stream is empty"));
    assert_eq!(
        std::fs::read_to_string(out.join("corpus.tmx")).unwrap(),
        "earlier"
    );
    assert!(!out.join("report.json").exists());
}

/// `run /missing` used to say "not a folder"; `--min-score -1` got the parser's "unexpected
/// argument".
#[test]
fn messages_say_what_is_wrong_with_the_argument() {
    selaras()
        .args(["run", "/no/such/folder"])
        .assert()
        .code(1)
        .stderr(contains("/no/such/folder: does not exist"));
    selaras()
        .args(["run", "--min-score", "-1"])
        .assert()
        .code(2)
        .stderr(contains("-1 is not between 0 and 1"));
}

/// `--input-jsonl x.jsonl.gz` used to fail with "stream did not contain valid UTF-8"; a gzip
/// stream (told by its magic bytes) is read as the stream it holds.
#[test]
fn a_gzip_stream_is_read_as_its_content() {
    use std::io::Write;
    let input = format!("{}\n{}\n", stream_line("a"), stream_line("b"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(input.as_bytes()).unwrap();
    let (status, stderr, report) = run_stream_bytes(&gz.finish().unwrap(), "csv");
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(report["totals"]["aligned"], 2);
}

/// An empty side in `align` used to give no warning.
#[test]
fn align_warns_of_an_empty_side() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(
        dir.path(),
        "a.en.txt",
        "Rain fell all day. The roads flooded.",
    );
    let tgt = write(dir.path(), "a.id.txt", "\n\n");
    selaras()
        .arg("align")
        .arg(&src)
        .arg(&tgt)
        .assert()
        .success()
        .stderr(contains("warning: a: the target side is empty"));
}

/// A standard output closed before selaras started (`>&-`) used to take the results without a
/// word (exit 0, output lost); `/dev/null`, however it is opened, is still a place to write to.
#[cfg(target_os = "linux")]
#[test]
fn a_stdout_closed_from_the_start_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 2, 6);
    let stream = write(
        dir.path(),
        "s.jsonl",
        r#"{"doc": "a", "en": "One sentence here.", "id": "Satu kalimat di sini."}"#,
    );
    let bin = crate::common::selaras_path();
    let src = input.join("doc000.en.txt");
    let tgt = input.join("doc000.id.txt");
    let commands = [
        format!("'{}' split --lang en '{}'", bin.display(), src.display()),
        format!(
            "'{}' align '{}' '{}'",
            bin.display(),
            src.display(),
            tgt.display()
        ),
        format!(
            "'{}' align '{}' '{}' -o -",
            bin.display(),
            src.display(),
            tgt.display()
        ),
        format!(
            "'{}' run --input-jsonl '{}' -o -",
            bin.display(),
            stream.display()
        ),
    ];
    for command in &commands {
        let closed = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{command} >&-"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&closed.stderr);
        assert_eq!(closed.status.code(), Some(1), "{command}: {stderr}");
        assert!(stderr.contains("standard output is closed"), "{stderr}");
        // /dev/null opened for writing (`>/dev/null`) or for reading and writing (`1<>`, what
        // Python's subprocess.DEVNULL gives, which a first version took for a closed output).
        for null in [">/dev/null", "1<>/dev/null"] {
            let done = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{command} {null}"))
                .output()
                .unwrap();
            assert_eq!(done.status.code(), Some(0), "{command} {null}: {done:?}");
        }
    }
}

/// `--input-jsonl /dev/zero` used to read forever (an over-long line is skipped to its end, and
/// NUL bytes have none); a NUL byte is binary data: its line fails, located, and the stream is
/// read no further, the documents before it aligned.
#[cfg(target_os = "linux")]
#[test]
fn a_stream_of_binary_data_is_read_no_further() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--input-jsonl", "/dev/zero", "-o"])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(contains("line 1: binary data (a NUL byte) at byte 0"));
    let mut stream = br#"{"doc": "a", "en": "Rain fell in Bogor. Roads flooded.", "id": "Hujan turun di Bogor. Jalan banjir."}"#.to_vec();
    stream.extend_from_slice(b"\n{\"doc\": \"b\", \"en\": \"x\0\0\0");
    stream.extend(std::iter::repeat_n(0u8, 1 << 20));
    let path = write(dir.path(), "s.jsonl", stream);
    selaras()
        .args(["run", "-q", "--input-jsonl"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(contains("line 2: binary data (a NUL byte) at byte 21"));
    assert_eq!(report(&out)["totals"]["aligned"], 1);
}

/// A web page that declares UTF-8 and holds a byte of another encoding is read as browsers read
/// it (U+FFFD in that place), and the damage used to go into the bitext without a word.
#[test]
fn regression_a_stray_byte_in_a_utf8_page_became_u_fffd_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let page = |lang: &str| {
        let text = std::fs::read_to_string(format!(
            "{}/corpus/jakarta-floods.{lang}.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let body: String = text
            .split("\n\n")
            .map(|p| format!("<p>{p}</p>\n"))
            .collect();
        format!("<html><head><meta charset=\"utf-8\"></head><body><article>{body}</article></body></html>")
    };
    write(&input, "floods.en.html", page("en"));
    // `Jakarta` with its `J` replaced by a windows-1252 byte, in the second paragraph.
    let id = page("id");
    let at = id.match_indices("Jakarta").nth(1).unwrap().0;
    let mut bytes = id.into_bytes();
    bytes[at] = 0xC7;
    write(&input, "floods.id.html", bytes);
    let out = dir.path().join("out");
    let output = selaras()
        .args(["run", "-q", "--format", "tsv"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "floods: unreadable characters: the target side holds 1 U+FFFD (\u{FFFD}), the mark \
             of bytes its encoding could not read; the first is in sentence ["
        ),
        "{stderr}"
    );
    let doc = &report(&out)["documents"][0];
    assert_eq!(
        doc["status"], "ok",
        "a few bad bytes do not make the pair suspect"
    );
    assert!(doc["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("unreadable characters"));
}

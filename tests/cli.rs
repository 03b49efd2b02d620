//! The command line as a user meets it: every command, every format, every exit status.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const EN: &str = "Rice Prices Climb in Java\n\n\
JAKARTA (NNA) - The price of rice rose 5.2 percent on Monday, traders said. \
A sack of 50 kg now costs Rp 1,500,000 in Bandung.\n\n\
\"We cannot wait any longer,\" said Dr. Sari Dewi of the farmers' union.\n\n\
The ministry will release 1,500 tons of reserve stock next week.\n";

const ID: &str = "Harga Beras Naik di Jawa\n\n\
JAKARTA - Harga beras naik 5,2 persen pada Senin (3/6/2024), kata para pedagang. \
Satu karung 50 kg kini seharga Rp 1.500.000 di Bandung.\n\n\
“Kami tidak bisa menunggu lebih lama,” kata Dr. Sari Dewi dari serikat petani.\n\n\
Kementerian akan melepas 1.500 ton stok cadangan pekan depan.\n\n\
Baca juga: Harga cabai turun di Surabaya\n";

fn selaras() -> Command {
    let mut cmd = Command::cargo_bin("selaras").expect("the selaras binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1718755200");
    cmd
}

/// A corpus folder with two pairs (one nested) and one file without a partner.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("news/2024")).unwrap();
    fs::write(root.join("rice.en.txt"), EN).unwrap();
    fs::write(root.join("rice.id.txt"), ID).unwrap();
    fs::write(root.join("news/2024/rice.en.txt"), EN).unwrap();
    fs::write(root.join("news/2024/rice.id.txt"), ID).unwrap();
    dir
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `selaras run -q ARGS INPUT -o OUT`, asserted on by the caller.
/// What a command that must succeed writes to stdout, as text.
fn stdout_of(command: &mut Command) -> String {
    let out = command.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

fn run_quiet(args: &[&str], input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    selaras()
        .args(["run", "-q"])
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(out)
        .assert()
}

fn out_dir(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("out")
}

#[test]
fn regression_an_output_folder_that_is_a_file_is_named_as_such() {
    let dir = corpus();
    let file = dir.path().join("out.txt");
    fs::write(&file, "mine").unwrap();
    run_quiet(&[], dir.path(), &file)
        .code(1)
        .stderr(predicate::str::contains("out.txt: a file, not a folder"));
    assert_eq!(read(&file), "mine");
}

#[cfg(target_os = "linux")]
#[test]
fn regression_a_full_standard_output_is_named_in_the_error() {
    let dir = corpus();
    let (en, id) = (
        dir.path().join("rice.en.txt"),
        dir.path().join("rice.id.txt"),
    );
    let commands: [Vec<&std::ffi::OsStr>; 3] = [
        vec![
            "split".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
            en.as_os_str(),
        ],
        vec!["extract".as_ref(), en.as_os_str()],
        vec!["align".as_ref(), en.as_os_str(), id.as_os_str()],
    ];
    for args in commands {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("selaras"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn regression_a_rerun_with_fewer_formats_names_the_outputs_it_leaves_from_the_earlier_run() {
    let dir = corpus();
    let out = out_dir(&dir);
    run_quiet(&["--format", "tmx,jsonl,beads"], dir.path(), &out).success();
    let rerun = selaras()
        .args(["run", "--format", "tmx"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(rerun.get_output().stderr.clone()).unwrap();
    for left in [
        "corpus.jsonl is left from an earlier run",
        "beads is left from an earlier run",
    ] {
        assert!(stderr.contains(left), "{stderr}");
    }
    assert!(!stderr.contains("corpus.tmx is left"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("add jsonl to --format"), "{warnings}");
}

#[test]
fn run_writes_tmx_csv_and_report_by_default() {
    let dir = corpus();
    let out = out_dir(&dir);
    run_quiet(&[], dir.path(), &out).success();
    let tmx = read(&out.join("corpus.tmx"));
    assert!(tmx.contains("<tmx version=\"1.4\">"));
    assert!(tmx.contains("creationdate=\"20240619T000000Z\""));
    assert!(tmx.contains("<prop type=\"x-doc\">news/2024/rice</prop>"));
    assert!(tmx.contains("<tuv xml:lang=\"en\"><seg>Rice Prices Climb in Java</seg></tuv>"));
    assert!(
        !tmx.contains("Baca juga"),
        "boilerplate never reaches the bitext"
    );
    let csv = read(&out.join("corpus.csv"));
    assert!(csv.starts_with("doc,bead,score,en,id\n"));
    // Documents come out in sorted NAME order: news/2024/rice before rice.
    let first = csv.find("news/2024/rice").unwrap();
    let second = csv.find("\nrice,").unwrap();
    assert!(first < second);
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["documents"], 2);
    assert_eq!(report["totals"]["failed"], 0);
    assert_eq!(report["documents"][0]["name"], "news/2024/rice");
    assert_eq!(report["documents"][0]["boilerplate"]["tgt"], 1);
    assert!(!out.join("corpus.tsv").exists());
}

#[test]
fn run_writes_every_format() {
    let dir = corpus();
    let out = out_dir(&dir);
    selaras()
        .args(["run", "-q", "--format", "tmx,csv,tsv,jsonl,moses,beads"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    for file in [
        "corpus.tmx",
        "corpus.csv",
        "corpus.tsv",
        "corpus.jsonl",
        "corpus.en",
        "corpus.id",
        "report.json",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let en = read(&out.join("corpus.en"));
    let id = read(&out.join("corpus.id"));
    assert_eq!(en.lines().count(), id.lines().count());
    let beads = read(&out.join("beads/news/2024/rice.beads"));
    let parsed = selaras::eval::parse_beads(&beads).unwrap();
    assert!(parsed
        .iter()
        .any(|(_, mark)| mark.as_deref() == Some("boilerplate")));
    for line in read(&out.join("corpus.jsonl")).lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(row["translation"]["en"].is_string() && row["translation"]["id"].is_string());
    }
    let tsv = read(&out.join("corpus.tsv"));
    assert!(tsv.lines().all(|l| l.split('\t').count() == 5));
    outputs_have_the_permissions_of_any_new_file(&out);
}

/// Outputs are staged in temporary files, which are private by default; once in place they must
/// be as readable as any file or folder the user creates there (mode less umask).
#[cfg(unix)]
fn outputs_have_the_permissions_of_any_new_file(out: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let plain_file = out.join("plain-file");
    fs::write(&plain_file, "x").unwrap();
    let plain_dir = out.join("plain-dir");
    fs::create_dir(&plain_dir).unwrap();
    for file in [
        "corpus.tmx",
        "corpus.csv",
        "corpus.en",
        "report.json",
        "beads/rice.beads",
    ] {
        assert_eq!(mode(&out.join(file)), mode(&plain_file), "{file}");
    }
    assert_eq!(mode(&out.join("beads")), mode(&plain_dir));
}

#[cfg(not(unix))]
fn outputs_have_the_permissions_of_any_new_file(_: &Path) {}

#[test]
fn output_is_identical_across_thread_counts() {
    let dir = corpus();
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out-{jobs}"));
        selaras()
            .args(["run", "-q", "-j", jobs, "--format", "tmx,csv,jsonl,beads"])
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        outputs.push(out);
    }
    for file in [
        "corpus.tmx",
        "corpus.csv",
        "corpus.jsonl",
        "report.json",
        "beads/rice.beads",
    ] {
        assert_eq!(
            read(&outputs[0].join(file)),
            read(&outputs[1].join(file)),
            "{file}"
        );
    }
}

#[test]
fn unaligned_and_low_scored_beads_are_filtered() {
    let dir = corpus();
    let keep = dir.path().join("keep");
    selaras()
        .args(["run", "-q", "--keep-unaligned", "--format", "csv"])
        .arg(dir.path())
        .arg("-o")
        .arg(&keep)
        .assert()
        .success();
    let strict = dir.path().join("strict");
    selaras()
        .args(["run", "-q", "--min-score", "0.999", "--format", "csv"])
        .arg(dir.path())
        .arg("-o")
        .arg(&strict)
        .assert()
        .success();
    let rows = |p: &Path| read(&p.join("corpus.csv")).lines().count();
    let plain = {
        let out = dir.path().join("plain");
        selaras()
            .args(["run", "-q", "--format", "csv"])
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        rows(&out)
    };
    assert!(rows(&keep) >= plain);
    assert!(rows(&strict) <= plain);
    let mut reader = csv::Reader::from_path(strict.join("corpus.csv")).unwrap();
    for row in reader.records() {
        let score: f64 = row.unwrap()[2].parse().unwrap();
        assert!(score >= 0.999);
    }
}

#[test]
fn an_unpaired_file_is_a_warning_not_a_failure() {
    let dir = corpus();
    fs::write(dir.path().join("lonely.en.txt"), "Alone.").unwrap();
    let out = out_dir(&dir);
    run_quiet(&[], dir.path(), &out).success().stderr(
        predicate::str::contains("lonely.en.txt").and(predicate::str::contains("no partner")),
    );
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["unpaired"], 1);
}

#[test]
fn a_second_run_into_a_busy_output_folder_is_refused_and_changes_nothing() {
    let dir = corpus();
    let out = out_dir(&dir);
    run_quiet(&[], dir.path(), &out).success();
    let before = read(&out.join("corpus.csv"));
    let lock = out.join(selaras::export::LOCK_FILE);
    assert!(!lock.exists(), "a finished run leaves no lock file");
    // Another run holds the folder (as a run does while it writes there).
    let held = fs::File::create(&lock).unwrap();
    held.try_lock().unwrap();
    fs::write(dir.path().join("extra.en.txt"), "More rain fell.").unwrap();
    fs::write(dir.path().join("extra.id.txt"), "Hujan turun lagi.").unwrap();
    let jsonl = dir.path().join("pairs.jsonl");
    fs::write(
        &jsonl,
        "{\"doc\": \"a\", \"en\": \"Hi.\", \"id\": \"Hai.\"}\n",
    )
    .unwrap();
    for (args, input) in [
        (vec![], dir.path()),
        (vec!["--input-jsonl"], jsonl.as_path()),
    ] {
        run_quiet(&args, input, &out)
            .code(1)
            .stderr(predicate::str::contains("another selaras run"));
    }
    assert_eq!(read(&out.join("corpus.csv")), before);
    drop(held);
    run_quiet(&[], dir.path(), &out).success();
    assert!(read(&out.join("corpus.csv")).contains("extra"));
}

#[test]
fn a_bad_document_fails_alone_with_exit_3() {
    let dir = corpus();
    fs::write(dir.path().join("broken.en.txt"), "Fine.").unwrap();
    fs::write(
        dir.path().join("broken.id.txt"),
        b"Baik.\nrusak \xFF\xFE di sini",
    )
    .unwrap();
    let out = out_dir(&dir);
    run_quiet(&[], dir.path(), &out).code(3).stderr(
        predicate::str::contains("broken.id.txt")
            .and(predicate::str::contains("line 2 (byte 12 of the file)")),
    );
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["failed"], 1);
    assert_eq!(report["totals"]["aligned"], 2);
    let failed = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "broken")
        .unwrap();
    assert_eq!(failed["status"], "failed");
    assert!(read(&out.join("corpus.csv")).contains("rice"));
}

#[test]
fn beads_of_a_document_that_has_since_failed_are_not_left_behind() {
    let dir = corpus();
    let out = out_dir(&dir);
    let formats = ["--format", "beads,csv"];
    run_quiet(&formats, dir.path(), &out).success();
    assert!(out.join("beads/rice.beads").is_file());
    fs::write(out.join("beads/notes.txt"), "mine").unwrap();
    fs::write(dir.path().join("rice.id.txt"), b"rusak \xFF").unwrap();
    run_quiet(&formats, dir.path(), &out).code(3);
    assert!(!out.join("beads/rice.beads").exists(), "as in corpus.csv");
    assert!(!read(&out.join("corpus.csv")).contains("\nrice,"));
    assert!(out.join("beads/news/2024/rice.beads").is_file());
    assert_eq!(
        read(&out.join("beads/notes.txt")),
        "mine",
        "other files are left alone"
    );
}

#[test]
fn nothing_to_do_is_exit_1_and_usage_errors_are_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    selaras()
        .args(["run", "-q"])
        .arg(empty.path())
        .arg("-o")
        .arg(empty.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no document pairs"));
    selaras()
        .args(["run", "/no/such/folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/folder"));
    selaras().args(["run", "--format", "xlsx"]).assert().code(2);
    selaras()
        .args(["run", "--min-score", "1.5"])
        .assert()
        .code(2);
    selaras().args(["frobnicate"]).assert().code(2);
    selaras().args(["split"]).assert().code(2);
}

#[test]
fn align_writes_tsv_to_stdout_and_any_format_to_a_file() {
    let dir = corpus();
    let (en, id) = (
        dir.path().join("rice.en.txt"),
        dir.path().join("rice.id.txt"),
    );
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "doc\tbead\tscore\ten\tid\nrice\t[0]:[0]\t",
        ));
    let tmx = dir.path().join("one.tmx");
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success();
    assert!(read(&tmx).contains("<tu tuid=\"1\">"));
    let prefix = dir.path().join("pair");
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .args(["--format", "moses", "-o"])
        .arg(&prefix)
        .assert()
        .success();
    assert!(dir.path().join("pair.en").is_file() && dir.path().join("pair.id").is_file());
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .args(["--format", "moses"])
        .assert()
        .code(2);
    selaras()
        .arg("align")
        .arg(&en)
        .arg(dir.path().join("missing.id.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.id.txt"));
}

#[test]
fn split_writes_one_sentence_per_line() {
    selaras()
        .args(["split", "--lang", "id", "-"])
        .write_stdin(ID)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Kementerian akan melepas 1.500 ton stok cadangan pekan depan.\nBaca juga:",
        ));
    selaras()
        .args(["split", "--lang", "id", "--strip-boilerplate"])
        .write_stdin(ID)
        .assert()
        .success()
        .stdout(predicate::str::contains("Baca juga").not());
}

#[test]
fn split_jsonl_keeps_ids_and_order() {
    let input =
        "{\"id\": 7, \"text\": \"Satu. Dua.\"}\n{\"id\": \"b\", \"text\": \"Tiga\", \"x\": 1}\n";
    let output = selaras()
        .args(["split", "--lang", "id", "--jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"id": 7, "sentences": ["Satu.", "Dua."]})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"id": "b", "sentences": ["Tiga"]})
    );
    // A bad line fails alone: it used to stop the stream (exit 1) with every later line lost.
    selaras()
        .args(["split", "--lang", "id", "--jsonl"])
        .write_stdin(
            "{\"id\": 1, \"text\": \"Satu.\"}\nnot json\n{\"id\": 3}\n{\"id\": 4, \"text\": \"Empat.\"}\n",
        )
        .assert()
        .code(3)
        .stderr(predicate::str::contains("<stdin>: line 2: not a JSON object"))
        .stderr(predicate::str::contains("2 line(s) of <stdin> failed"))
        .stdout(
            "{\"id\":1,\"sentences\":[\"Satu.\"]}\n\
             {\"error\":\"line 2: not a JSON object: expected ident at line 1 column 2\",\"id\":null}\n\
             {\"error\":\"line 3: no string field \\\"text\\\"\",\"id\":3}\n\
             {\"id\":4,\"sentences\":[\"Empat.\"]}\n",
        );
}

#[test]
fn eval_scores_files_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    let pred = dir.path().join("pred/beads");
    fs::create_dir_all(gold.join("sub")).unwrap();
    fs::create_dir_all(pred.join("sub")).unwrap();
    fs::write(gold.join("a.gold"), "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n").unwrap();
    fs::write(
        pred.join("a.beads"),
        "[0]:[0]\t0.9\n[1]:[1]\t0.5\n[2]:[]\t0.1\n[3]:[]\t0.2\n",
    )
    .unwrap();
    fs::write(gold.join("sub/b.gold"), "[0]:[0]\n").unwrap();
    fs::write(pred.join("sub/b.beads"), "[0]:[0]\t0.9\n").unwrap();
    let output = selaras()
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&pred)
        .output()
        .unwrap();
    assert!(output.status.success());
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scores["documents"], 2);
    // Precision: [0]:[0], [3]:[] and b's [0]:[0] of 5 predicted; recall: 2 of 3 gold pairs.
    assert_eq!(scores["strict"]["precision"], 0.6);
    assert_eq!(scores["strict"]["recall"], 0.6667);
    selaras()
        .args(["eval", "--gold"])
        .arg(gold.join("a.gold"))
        .arg("--pred")
        .arg(pred.join("a.beads"))
        .assert()
        .success()
        .stdout(predicate::str::contains("strict").and(predicate::str::contains("lax")));
    fs::write(dir.path().join("bad.beads"), "[0]:[0]\n[zero]:[1]\n").unwrap();
    selaras()
        .args(["eval", "--gold"])
        .arg(gold.join("a.gold"))
        .arg("--pred")
        .arg(dir.path().join("bad.beads"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.beads: line 2"));
}

#[test]
fn regression_eval_of_a_run_folder_scored_every_document_0_and_exit_0() {
    // `--pred OUT` where the beads are in OUT/beads: eight warnings, F1 0, exit 0.
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    let out = dir.path().join("out");
    fs::create_dir_all(&gold).unwrap();
    fs::create_dir_all(out.join("beads")).unwrap();
    fs::write(gold.join("a.gold"), "[0]:[0]\n").unwrap();
    fs::write(out.join("beads/a.beads"), "[0]:[0]\t0.9\n").unwrap();
    selaras()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "no predicted beads (NAME.beads files) in {} for the documents of {} (did you mean {}?)",
            out.display(),
            gold.display(),
            out.join("beads").display()
        )));
    // A path that does not exist is named as such, not as a file/folder mismatch.
    selaras()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(out.join("beads/missing.beads"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot read").and(predicate::str::contains("missing.beads")),
        );
}

#[test]
fn help_describes_every_command() {
    let help = selaras().arg("--help").output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    for command in ["run", "align", "split", "eval"] {
        assert!(text.contains(command), "{command}");
    }
    let run_help =
        String::from_utf8(selaras().args(["run", "--help"]).output().unwrap().stdout).unwrap();
    for flag in [
        "--format",
        "--presegmented",
        "--min-score",
        "--keep-unaligned",
        "--keep-boilerplate",
        "--src-locale",
        "--jobs",
        "--quiet",
    ] {
        assert!(run_help.contains(flag), "{flag}");
    }
}

#[test]
fn tmx_locales_are_written_as_given() {
    let dir = corpus();
    let out = out_dir(&dir);
    selaras()
        .args([
            "run",
            "-q",
            "--format",
            "tmx",
            "--src-locale",
            "en-US",
            "--tgt-locale",
            "id_ID",
        ])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let tmx = read(&out.join("corpus.tmx"));
    assert!(tmx.contains("xml:lang=\"en-US\"") && tmx.contains("xml:lang=\"id-ID\""));
    assert!(tmx.contains("srclang=\"en-US\""));
}

#[test]
fn input_jsonl_streams_in_input_order() {
    let line = |doc: &str| serde_json::json!({"doc": doc, "en": EN, "id": ID}).to_string();
    let input = format!(
        "{}\n{}\n{{\"doc\": \"bad\", \"en\": \"x\"}}\n",
        line("z"),
        line("a")
    );
    let output = selaras()
        .args(["run", "--input-jsonl", "-", "-o", "-"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let docs: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(docs.first().map(String::as_str), Some("z"));
    assert_eq!(docs.last().map(String::as_str), Some("a"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("line 3: no string field \"id\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 document(s) of - failed (each said above, with its line)"),
        "{stderr}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.jsonl");
    fs::write(&file, format!("{}\n", line("only"))).unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--format", "csv,tmx", "--input-jsonl"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(read(&out.join("corpus.csv")).contains("\nonly,"));
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["documents"], 1);
    selaras()
        .args(["run", "--input-jsonl", "-", "-o", "-", "--format", "tmx"])
        .write_stdin(input)
        .assert()
        .code(2);
    selaras().args(["run", "-o", "-"]).assert().code(2);
}

#[test]
fn a_user_dictionary_is_read_and_checked() {
    let dir = corpus();
    let (en, id) = (
        dir.path().join("rice.en.txt"),
        dir.path().join("rice.id.txt"),
    );
    let good = dir.path().join("dict.tsv");
    fs::write(&good, "# English first: --src-lang en\nrice\tberas|padi\n").unwrap();
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .arg("--dictionary")
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("rice\t[0]:[0]\t"));
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--format", "beads"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .arg("--dictionary")
        .arg(&good)
        .assert()
        .success();
    assert!(out.join("beads/rice.beads").is_file());
    let bad = dir.path().join("bad.tsv");
    fs::write(&bad, "rice\tberas\nno tab here\n").unwrap();
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .arg("--dictionary")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv: line 2:"));
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .arg("--dictionary")
        .arg(dir.path().join("missing.tsv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.tsv"));
}

#[test]
fn the_bundled_corpus_aligns_close_to_its_gold() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = tempfile::tempdir().unwrap();
    selaras()
        .args(["run", "-q", "--format", "beads"])
        .arg(&corpus)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let output = selaras()
        .args(["eval", "--json", "--gold"])
        .arg(&corpus)
        .arg("--pred")
        .arg(out.path().join("beads"))
        .output()
        .unwrap();
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scores["documents"], 8);
    let f1 = scores["strict"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.93, "strict F1 on corpus/ fell to {f1}");
}

#[test]
fn language_codes_are_canonicalised_once_for_files_columns_and_tmx() {
    let dir = corpus();
    let out = out_dir(&dir);
    // `eng` and `ind` read NAME.en.txt and NAME.id.txt and write `en` and `id` everywhere.
    run_quiet(
        &[
            "--src-lang",
            "eng",
            "--tgt-lang",
            "ind",
            "--format",
            "tmx,csv",
        ],
        dir.path(),
        &out,
    )
    .success();
    assert!(read(&out.join("corpus.csv")).starts_with("doc,bead,score,en,id\n"));
    let tmx = read(&out.join("corpus.tmx"));
    assert!(tmx.contains("srclang=\"en\"") && tmx.contains("xml:lang=\"id\""));
    let report = read(&out.join("report.json"));
    assert!(report.contains("\"src_lang\":\"en\"") && report.contains("\"tgt_lang\":\"id\""));
}

#[test]
fn a_language_name_is_a_usage_error_that_suggests_the_code() {
    let dir = corpus();
    selaras()
        .args(["run", "--src-lang", "english"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `en`?"));
    selaras()
        .args(["split", "--lang", "Bahasa Indonesia"])
        .write_stdin("Hai.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `id`?"));
}

#[test]
fn an_unknown_well_formed_code_gets_generic_tables_and_a_run_level_warning() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.en.txt"), EN).unwrap();
    fs::write(dir.path().join("a.xx-YY.txt"), ID).unwrap();
    let out = out_dir(&dir);
    selaras()
        .args(["run", "--tgt-lang", "xx_yy"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: `xx-YY` is not a language code selaras knows",
        ));
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .as_str()
        .unwrap()
        .contains("generic sentence rules"));
    let doc = &report["documents"][0];
    assert!(doc.get("warnings").is_none(), "a run-level message: {doc}");
    assert!(read(&out.join("corpus.csv")).starts_with("doc,bead,score,en,xx-YY\n"));
}

/// A second article, unrelated to EN/ID, for pairs made by mistake.
const EN2: &str = "Volcano Closes Bali Airport\n\n\
DENPASAR - Ash from Mount Agung forced the airport to close on Tuesday morning. \
More than 200 flights were cancelled and 30,000 passengers waited in the terminal.\n\n\
Officials said the runway would reopen when the wind turned to the east.\n\n\
Hotels near the beach offered rooms at half price to stranded tourists.\n";

const ID2: &str = "Gunung Berapi Tutup Bandara Bali\n\n\
DENPASAR - Abu dari Gunung Agung memaksa bandara ditutup pada Selasa pagi. \
Lebih dari 200 penerbangan dibatalkan dan 30.000 penumpang menunggu di terminal.\n\n\
Para pejabat mengatakan landasan akan dibuka lagi ketika angin berbalik ke timur.\n\n\
Hotel-hotel di dekat pantai menawarkan kamar setengah harga kepada wisatawan yang terlantar.\n";

/// Runs a folder holding one good pair and one pair of `src` and `tgt` named `bad`; returns
/// the report and stderr.
fn run_with_bad_pair(
    src: &str,
    tgt: &str,
    extra: &[&str],
) -> (serde_json::Value, String, PathBuf, tempfile::TempDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    fs::write(dir.join("good.en.txt"), EN).unwrap();
    fs::write(dir.join("good.id.txt"), ID).unwrap();
    fs::write(dir.join("other.en.txt"), EN2).unwrap();
    fs::write(dir.join("other.id.txt"), ID2).unwrap();
    fs::write(dir.join("bad.en.txt"), src).unwrap();
    fs::write(dir.join("bad.id.txt"), tgt).unwrap();
    let out = dir.join("out");
    let output = selaras()
        .args(["run", "--format", "tmx,csv,jsonl,review"])
        .args(extra)
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "a suspect pair is not a failure"
    );
    let report = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    (report, String::from_utf8(output.stderr).unwrap(), out, temp)
}

fn entry<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap()
}

fn assert_suspect_and_kept_out(report: &serde_json::Value, stderr: &str, out: &Path, why: &str) {
    let bad = entry(report, "bad");
    assert_eq!(bad["status"], "suspect", "{bad}");
    let warning = bad["warnings"][0].as_str().unwrap();
    assert!(warning.contains(why), "{warning}");
    assert_eq!(bad["pairs_written"], 0);
    assert_eq!(report["totals"]["suspect"], 1);
    assert_eq!(report["totals"]["failed"], 0);
    for good in ["good", "other"] {
        assert_eq!(entry(report, good)["status"], "ok", "{good}");
    }
    assert!(stderr.contains("bad: ") && stderr.contains(why), "{stderr}");
    assert!(stderr.contains("1 document(s) look wrong"), "{stderr}");
    // The summary line counts as the report does (it once said "aligned 3 of 3").
    assert!(
        stderr.contains("3 documents: 2 aligned, 1 suspect; "),
        "{stderr}"
    );
    let csv = read(&out.join("corpus.csv"));
    assert!(
        !csv.lines().any(|l| l.starts_with("bad,")),
        "kept out of the bitext"
    );
    assert!(!read(&out.join("corpus.jsonl")).contains("\"doc\":\"bad\""));
    // The review page still shows it, flagged and marked as kept out of the bitext.
    let page = read(&out.join("review.html"));
    let block = page
        .split("class=\"selaras-doc\">")
        .find(|b| b.starts_with("{\"name\":\"bad\""))
        .expect("the suspect document is on the review page");
    assert!(
        block.contains("\"excluded\":true") && block.contains(why),
        "{block}"
    );
}

#[test]
fn a_side_in_the_wrong_language_is_flagged_and_kept_out() {
    let (report, stderr, out, _dir) = run_with_bad_pair(EN, EN, &[]);
    assert_suspect_and_kept_out(&report, &stderr, &out, "the id side looks like English");
}

#[test]
fn swapped_sides_are_flagged_as_swapped() {
    let (report, stderr, out, _dir) = run_with_bad_pair(ID, EN, &[]);
    assert_suspect_and_kept_out(&report, &stderr, &out, "swapped sides");
}

#[test]
fn a_pair_that_is_not_a_translation_is_flagged_and_its_scores_say_so() {
    let (report, stderr, out, _dir) = run_with_bad_pair(EN, ID2, &[]);
    assert_suspect_and_kept_out(&report, &stderr, &out, "not a translation");
    // With --keep-suspect the pair is written, and none of its beads says "sure".
    let (report, _, out, _dir) = run_with_bad_pair(EN, ID2, &["--keep-suspect"]);
    assert_eq!(entry(&report, "bad")["status"], "suspect");
    let csv = read(&out.join("corpus.csv"));
    let scores: Vec<f64> = csv
        .lines()
        .filter(|l| l.starts_with("bad,"))
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(!scores.is_empty());
    assert!(scores.iter().all(|&s| s < 0.5), "{scores:?}");
}

#[test]
fn align_flags_a_wrong_target_language() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.en.txt"), EN).unwrap();
    fs::write(dir.path().join("a.id.txt"), ID).unwrap();
    selaras()
        .args(["align", "--tgt-lang", "fr"])
        .arg(dir.path().join("a.en.txt"))
        .arg(dir.path().join("a.id.txt"))
        .assert()
        .success()
        .stdout("doc\tbead\tscore\ten\tfr\n")
        .stderr(predicate::str::contains(
            "the fr side looks like Indonesian (id), not French",
        ));
    // The review page shows the document all the same, flagged and kept out of the bitext.
    let page = dir.path().join("a.html");
    selaras()
        .args(["align", "--tgt-lang", "fr"])
        .arg(dir.path().join("a.en.txt"))
        .arg(dir.path().join("a.id.txt"))
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    let page = read(&page);
    assert!(page.contains("\"excluded\":true") && page.contains("not French"));
    assert!(page.contains("Harga beras naik"));
}

/// `fold -s -w width` of text written one paragraph a line: each line broken after the last
/// space that keeps its words within `width` characters.
fn fold(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut len = 0usize;
        for word in line.split_inclusive(' ') {
            if len > 0 && len + word.trim_end().chars().count() > width {
                out.push('\n');
                len = 0;
            }
            out.push_str(word);
            len += word.chars().count();
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_bundled_corpus_hard_wrapped_at_70_columns_aligns_as_it_does_unwrapped() {
    // As text pasted from a PDF or an e-mail: every paragraph wrapped at 70 columns.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let folded = tempfile::tempdir().unwrap();
    for name in ["jakarta-floods", "keroncong-festival"] {
        for lang in ["en", "id"] {
            let file = format!("{name}.{lang}.txt");
            let text = read(&corpus.join(&file));
            assert!(fold(&text, 70).lines().count() > text.lines().count() + 10);
            fs::write(folded.path().join(&file), fold(&text, 70)).unwrap();
            // The sentences are those of the unwrapped text.
            let split = |input: &str| {
                selaras()
                    .args(["split", "--lang", lang])
                    .write_stdin(input)
                    .output()
                    .unwrap()
                    .stdout
            };
            assert_eq!(split(&fold(&text, 70)), split(&text), "{file}");
        }
        let align = |dir: &Path| {
            selaras()
                .arg("align")
                .arg(dir.join(format!("{name}.en.txt")))
                .arg(dir.join(format!("{name}.id.txt")))
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(align(folded.path()), align(&corpus), "{name}");
    }
}

#[test]
fn sentences_left_unaligned_are_listed_in_the_report_and_counted_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let dropped = ID.replace(
        "Kementerian akan melepas 1.500 ton stok cadangan pekan depan.\n\n",
        "",
    );
    fs::write(dir.path().join("rice.en.txt"), EN).unwrap();
    fs::write(dir.path().join("rice.id.txt"), dropped).unwrap();
    let out = out_dir(&dir);
    let output = selaras()
        .arg("run")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("1 document: 1 aligned; ")
            && stderr.contains("; 1 sentence left unaligned"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let unaligned = &report["documents"][0]["unaligned"];
    assert_eq!(unaligned.as_array().unwrap().len(), 1, "{unaligned}");
    assert_eq!(unaligned[0]["side"], "src");
    assert!(unaligned[0]["start"]
        .as_str()
        .unwrap()
        .starts_with("The ministry will release 1,500 tons"));
    assert_eq!(report["totals"]["unaligned_sentences"], 1);
}

/// Issue 13, points 3 and 5: every pair carries its QA flags in TMX, JSONL and beads, and CSV/TSV
/// only with `--qa-columns`; with `--keep-unaligned`, a sentence without partner is a TMX unit
/// with one `<tuv>`, never an empty `<seg>`.
#[test]
fn qa_flags_reach_every_format_and_no_tmx_seg_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("talks.en.txt"),
        "Foreign ministers met in Geneva on Monday.\n\
         The fund will pay 1.500 dollars to each family, Lavrov said.\n\
         Prices rose 5.2 percent in June 2024.\n\
         This sentence has no translation at all, it was dropped by the translator.\n\
         The talks resume on Friday at 10:30.\n",
    )
    .unwrap();
    fs::write(
        input.join("talks.id.txt"),
        "Para menteri luar negeri bertemu di Jenewa pada Senin.\n\
         Dana itu akan membayar 1,600 dolar kepada setiap keluarga, kata menteri itu.\n\
         Harga naik 5,2 persen pada Juni 2024.\n\
         Perundingan dilanjutkan pada Jumat pukul 10.30.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    selaras()
        .args(["run", "-q", "--presegmented", "--keep-unaligned"])
        .args(["--format", "tmx,csv,tsv,jsonl,beads"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let rows: Vec<serde_json::Value> = read(&out.join("corpus.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        rows.iter().all(|r| r["flags"].is_array()),
        "flags always present"
    );
    let flagged: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| !r["flags"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(flagged.len(), 1, "{rows:?}");
    assert_eq!(
        flagged[0]["flags"],
        serde_json::json!([
            "number:1.500:no-tgt",
            "name:Lavrov:no-tgt",
            "number:1,600:no-src"
        ])
    );
    let tmx = read(&out.join("corpus.tmx"));
    assert!(tmx.contains("<prop type=\"x-qa\">name:Lavrov:no-tgt</prop>"));
    assert!(!tmx.contains("<seg></seg>"));
    let dropped = tmx
        .split("<tu ")
        .find(|tu| tu.contains("no translation at all"))
        .unwrap();
    assert_eq!(dropped.matches("<tuv").count(), 1);
    // CSV and TSV keep their columns by default.
    assert!(read(&out.join("corpus.csv")).starts_with("doc,bead,score,en,id\n"));
    assert!(read(&out.join("corpus.tsv"))
        .lines()
        .all(|l| l.split('\t').count() == 5));
    // The beads carry the flags after the mark field, and `selaras eval` still reads them.
    let beads = read(&out.join("beads/talks.beads"));
    assert!(beads.contains("\t\tnumber:1.500:no-tgt name:Lavrov:no-tgt number:1,600:no-src\n"));
    fs::write(
        dir.path().join("talks.gold"),
        "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[]\n[4]:[3]\n",
    )
    .unwrap();
    let output = selaras()
        .args(["eval", "--json", "--gold"])
        .arg(dir.path().join("talks.gold"))
        .arg("--pred")
        .arg(out.join("beads/talks.beads"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scores["strict"]["f1"], 1.0, "{scores}");

    // --qa-columns: a last `flags` column, on run and on align.
    let qa = dir.path().join("qa");
    selaras()
        .args([
            "run",
            "-q",
            "--presegmented",
            "--qa-columns",
            "--format",
            "csv,tsv",
        ])
        .arg(&input)
        .arg("-o")
        .arg(&qa)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(qa.join("corpus.csv")).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["doc", "bead", "score", "en", "id", "flags"]
    );
    let flags: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .collect();
    assert_eq!(flags.iter().filter(|f| !f.is_empty()).count(), 1);
    assert!(read(&qa.join("corpus.tsv")).starts_with("doc\tbead\tscore\ten\tid\tflags\n"));
    selaras()
        .args(["align", "--presegmented", "--qa-columns"])
        .arg(input.join("talks.en.txt"))
        .arg(input.join("talks.id.txt"))
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("doc\tbead\tscore\ten\tid\tflags\n").and(
                predicate::str::contains("\tnumber:1.500:no-tgt name:Lavrov:no-tgt"),
            ),
        );
}

/// A number written in Chinese numerals is the number: QA does not flag the English side's
/// digits as missing from the Chinese.
#[test]
fn qa_does_not_flag_a_number_written_in_chinese_numerals() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("kisah.zh.txt");
    let en = dir.path().join("kisah.en.txt");
    std::fs::write(
        &zh,
        "他一九七〇年离开了家乡。\n那年他二十三岁。\n他买了三本书。\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "He left his home town in 1970.\nHe was 23 that year.\nHe bought 3 books.\n",
    )
    .unwrap();
    let out = stdout_of(
        selaras()
            .args([
                "align",
                "--presegmented",
                "--qa-columns",
                "--src-lang",
                "zh",
            ])
            // Three sentences are too few for the not-a-translation check to trust.
            .args(["--tgt-lang", "en", "--keep-suspect"])
            .arg(&zh)
            .arg(&en),
    );
    let flags: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|line| line.rsplit('\t').next().unwrap())
        .collect();
    // A single digit written as a numeral is not read (it is as often part of a word), so the
    // last pair keeps its flag.
    assert_eq!(flags, ["", "", "number:3:no-src"], "{out}");
}

#[test]
fn review_page_is_one_self_contained_file_and_its_decisions_replay() {
    let dir = corpus();
    let out = out_dir(&dir);
    run_quiet(&["--format", "review,tmx"], dir.path(), &out).success();
    let page = read(&out.join("review.html"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("class=\"selaras-doc\"").count(), 2);
    for needle in ["http:", "https:", "//", "src=", "href=", "url("] {
        assert!(!page.contains(needle), "the page holds {needle}");
    }
    assert!(page.contains("Harga beras naik"));

    let single = dir.path().join("one.html");
    selaras()
        .arg("align")
        .arg(dir.path().join("rice.en.txt"))
        .arg(dir.path().join("rice.id.txt"))
        .arg("-o")
        .arg(&single)
        .assert()
        .success();
    assert_eq!(read(&single).matches("class=\"selaras-doc\"").count(), 1);

    // A decisions file as the page writes it: the first pair confirmed, the second rejected.
    let decisions = dir.path().join("decisions.json");
    fs::write(
        &decisions,
        r#"{"selaras_review": 1, "tool": "selaras", "version": "0",
            "languages": {"src": "en", "tgt": "id", "src_locale": "en", "tgt_locale": "id"},
            "documents": [{"name": "rice", "flags": [],
              "src": ["Rice is up.", "Farmers are glad."], "tgt": ["Beras naik.", "Petani senang."],
              "beads": [
                {"src": [0, 1], "tgt": [0, 1], "score": 0.4, "boilerplate": false, "decision": "confirmed", "edited": false},
                {"src": [1, 2], "tgt": [1, 2], "score": 0.9, "boilerplate": false, "decision": "rejected", "edited": false}],
              "text_edits": []}]}"#,
    )
    .unwrap();
    let replayed = dir.path().join("replayed");
    selaras()
        .arg("apply-review")
        .arg(&decisions)
        .arg("-o")
        .arg(&replayed)
        .args(["--format", "tmx,tsv,beads"])
        .assert()
        .success();
    let tsv = read(&replayed.join("corpus.tsv"));
    assert_eq!(tsv.lines().count(), 2, "{tsv}");
    assert!(tsv.contains("rice\t[0]:[0]\t1.000\tRice is up.\tBeras naik."));
    assert!(read(&replayed.join("corpus.tmx")).contains("<seg>Beras naik.</seg>"));
    assert!(replayed.join("beads").is_dir());
    // Language codes name output files: one that climbs out of the folder is refused, and the
    // error names the file.
    let original = read(&decisions);
    fs::write(
        &decisions,
        original.replace(r#""src": "en", "tgt""#, r#""src": "x/../../PWNED", "tgt""#),
    )
    .unwrap();
    let escaped = dir.path().join("elsewhere");
    selaras()
        .arg("apply-review")
        .arg(&decisions)
        .arg("-o")
        .arg(escaped.join("a/b"))
        .args(["--format", "moses"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("decisions.json: languages.src"));
    assert!(!escaped.exists(), "nothing is written");
    // An emptied sentence (a hand-edited file: the page refuses it) was written as a confirmed
    // pair with an empty side in TSV and Moses, and left out of the TMX.
    fs::write(
        &decisions,
        original.replace(r#""src": ["Rice is up.""#, r#""src": ["  ""#),
    )
    .unwrap();
    selaras()
        .arg("apply-review")
        .arg(&decisions)
        .arg("-o")
        .arg(&escaped)
        .args(["--format", "tmx,tsv,moses"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "decisions.json: document 1 (`rice`): src[0] is empty",
        ));
    assert!(!escaped.exists(), "nothing is written");
    fs::write(&decisions, "{\"selaras_review\": 1}").unwrap();
    selaras()
        .arg("apply-review")
        .arg(&decisions)
        .arg("-o")
        .arg(&replayed)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a review decisions file"));
}

/// The texts of the bundled corpus: (NAME, English, Indonesian).
fn corpus_texts() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<String> = fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".en.txt").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let en = read(&root.join(format!("{n}.en.txt")));
            let id = read(&root.join(format!("{n}.id.txt")));
            (n, en, id)
        })
        .collect()
}

/// A text's paragraphs (blank-line separated), each a list of its lines.
fn paragraphs_of(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A news page holding the text: the first paragraph as the headline, the rest in an article
/// among menus, scripts, a share bar, related links, comments, a cookie notice and a footer.
fn as_html(text: &str) -> String {
    let paragraphs = paragraphs_of(text);
    let lines = |p: &Vec<String>| {
        p.iter()
            .map(|l| escape(l))
            .collect::<Vec<_>>()
            .join("<br>\n")
    };
    let body: String = paragraphs[1..]
        .iter()
        .map(|p| format!("<p>{}</p>\n", lines(p)))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{} | Kabar</title>\
         <script>var tracking = {{\"id\": 42}};</script><style>p {{ margin: 0 }}</style></head>\
         <body><header class=\"site-header\"><a href=\"/\">Kabar</a><nav><ul><li><a href=\"/a\">Home</a>\
         </li><li><a href=\"/b\">World</a></li></ul></nav></header>\
         <div class=\"cookie-banner\">This site uses cookies to give you a better experience.</div>\
         <main><article><h1>{}</h1><div class=\"byline\">By A. Writer</div>\
         <div class=\"article-body\">{body}</div>\
         <div class=\"share-bar\"><a href=\"#\">Share</a> <a href=\"#\">Tweet</a></div></article>\
         <section class=\"related\"><h2>Related</h2><ul><li><a href=\"/r\">Another story entirely \
         here</a></li></ul></section><div id=\"comments\"><p>A reader wrote a long comment about \
         this story.</p></div></main><footer><p>Copyright 2024 Kabar.</p></footer></body></html>",
        escape(&paragraphs[0].join(" ")),
        lines(&paragraphs[0])
    )
}

/// A Word file holding the text: a heading, then one paragraph per paragraph, lines broken
/// with `w:br`, with a deleted word and a hidden run that a reader does not see.
fn as_docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for (i, p) in paragraphs_of(text).iter().enumerate() {
        let style = if i == 0 {
            "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
        } else {
            ""
        };
        let runs: Vec<String> = p
            .iter()
            .map(|l| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(l)))
            .collect();
        body.push_str(&format!(
            "<w:p>{style}{}<w:del w:id=\"9\"><w:r><w:delText> dihapus</w:delText></w:r></w:del>\
             <w:r><w:rPr><w:vanish/></w:rPr><w:t> tersembunyi</w:t></w:r></w:p>",
            runs.join("<w:r><w:br/></w:r>")
        ));
    }
    selaras::extract::docx::build(&body, None)
}

#[test]
fn html_and_docx_pairs_align_as_their_plain_text_does() {
    let dir = tempfile::tempdir().unwrap();
    let (txt, docs) = (dir.path().join("txt"), dir.path().join("docs"));
    fs::create_dir_all(&txt).unwrap();
    fs::create_dir_all(&docs).unwrap();
    for (i, (name, en, id)) in corpus_texts().iter().enumerate() {
        fs::write(txt.join(format!("{name}.en.txt")), en).unwrap();
        fs::write(txt.join(format!("{name}.id.txt")), id).unwrap();
        // Sides in either format, and both.
        if i % 2 == 0 {
            fs::write(docs.join(format!("{name}.en.html")), as_html(en)).unwrap();
            fs::write(docs.join(format!("{name}.id.docx")), as_docx(id)).unwrap();
        } else {
            fs::write(docs.join(format!("{name}.en.docx")), as_docx(en)).unwrap();
            fs::write(docs.join(format!("{name}.id.htm")), as_html(id)).unwrap();
        }
    }
    let (out_txt, out_docs) = (dir.path().join("out-txt"), dir.path().join("out-docs"));
    run_quiet(&["--format", "tsv"], &txt, &out_txt).success();
    run_quiet(&["--format", "tsv"], &docs, &out_docs).success();
    let plain = read(&out_txt.join("corpus.tsv"));
    assert!(plain.lines().count() > 50, "{plain}");
    assert_eq!(read(&out_docs.join("corpus.tsv")), plain);
}

#[test]
fn extract_prints_the_paragraphs_or_one_json_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(&page, as_html(EN)).unwrap();
    let expected = paragraphs_of(EN)
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>();
    selaras()
        .arg("extract")
        .arg(&page)
        .assert()
        .success()
        .stdout(format!("{}\n", expected.join("\n\n")));
    let out = selaras()
        .args(["extract", "--jsonl"])
        .arg(&page)
        .assert()
        .success();
    let line: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON line");
    assert_eq!(line["format"], "html");
    assert_eq!(line["file"], page.display().to_string());
    assert_eq!(line["paragraphs"], serde_json::json!(expected));
    // --input-format overrides the extension.
    let named = dir.path().join("page.data");
    fs::write(&named, as_docx(ID)).unwrap();
    selaras()
        .args(["extract", "--input-format", "docx"])
        .arg(&named)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Harga Beras Naik di Jawa\n\nJAKARTA - Harga",
        ))
        .stdout(predicate::str::contains("dihapus").not());
}

#[test]
fn a_broken_document_fails_alone_and_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("good.en.txt"), EN).unwrap();
    fs::write(root.join("good.id.html"), as_html(ID)).unwrap();
    fs::write(root.join("bad.en.docx"), "this is not a zip archive").unwrap();
    fs::write(root.join("bad.id.txt"), ID).unwrap();
    fs::write(
        root.join("empty.en.html"),
        "<html><body><script>x()</script></body></html>",
    )
    .unwrap();
    fs::write(root.join("empty.id.txt"), ID).unwrap();
    fs::write(root.join("twice.en.txt"), EN).unwrap();
    fs::write(root.join("twice.en.html"), as_html(EN)).unwrap();
    fs::write(root.join("twice.id.txt"), ID).unwrap();
    let out = dir.path().join("out");
    run_quiet(&[], &root, &out)
        .code(3)
        .stderr(predicate::str::contains(
            "bad.en.docx: cannot read it as docx: not a docx file",
        ))
        .stderr(predicate::str::contains(
            "empty.en.html: cannot read it as html: no text",
        ))
        .stderr(
            predicate::str::contains("twice.en.html and")
                .and(predicate::str::contains("twice.en.txt")),
        );
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["failed"], 3, "{report}");
    assert_eq!(report["totals"]["aligned"], 1, "{report}");
}

#[test]
fn language_folders_and_a_manifest_pair_any_naming() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(root.join("en/news")).unwrap();
    fs::create_dir_all(root.join("id/news")).unwrap();
    fs::write(root.join("en/news/rice.txt"), EN).unwrap();
    fs::write(root.join("id/news/rice.html"), as_html(ID)).unwrap();
    fs::write(root.join("en/lonely.txt"), EN).unwrap();
    let out = dir.path().join("out");
    run_quiet(&["--format", "tsv"], &root, &out).success();
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["documents"][0]["name"], "news/rice", "{report}");
    let layout = read(&out.join("corpus.tsv"));
    assert!(layout.contains("Harga beras naik 5,2 persen"), "{layout}");

    let files = dir.path().join("files");
    fs::create_dir_all(files.join("b")).unwrap();
    fs::write(files.join("source one.txt"), EN).unwrap();
    fs::write(files.join("b/terjemahan.docx"), as_docx(ID)).unwrap();
    let manifest = files.join("pairs.tsv");
    fs::write(
        &manifest,
        "# source, target, name\n\nsource one.txt\tb/terjemahan.docx\tnews/rice\n\
         source one.txt\tb/missing.txt\n",
    )
    .unwrap();
    let out = dir.path().join("out2");
    selaras()
        .args(["run", "-q", "--format", "tsv", "--pairs"])
        .arg(&manifest)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("pairs.tsv line 4: no such file"))
        .stderr(predicate::str::contains("missing.txt"));
    assert_eq!(read(&out.join("corpus.tsv")), layout);
}

#[test]
fn latin1_is_read_as_windows_1252_and_a_page_declares_its_own_charset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("legacy.txt");
    fs::write(&file, b"\x93Caf\xE9\x94 \x96 \x80 5\n").unwrap();
    selaras()
        .args(["extract", "--encoding", "latin1"])
        .arg(&file)
        .assert()
        .success()
        .stdout("\u{201C}Café\u{201D} – € 5\n");
    let page = dir.path().join("page.htm");
    fs::write(
        &page,
        b"<html><head><meta charset=\"iso-8859-2\"></head><body><p>\xA9koda \xE8esk\xE1</p></body></html>",
    )
    .unwrap();
    selaras()
        .arg("extract")
        .arg(&page)
        .assert()
        .success()
        .stdout("Škoda česká\n");
    selaras()
        .args(["extract", "--encoding", "klingon"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("windows-1250"));
}

#[test]
fn regression_a_document_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.docx");
    fs::write(&file, "not a zip").unwrap();
    let out = selaras().arg("extract").arg(&file).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("not a zip archive").count(), 1, "{stderr}");
}

#[test]
fn pairs_with_qa_flags_are_listed_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("rice.en.txt"), EN).unwrap();
    fs::write(
        dir.path().join("rice.id.txt"),
        ID.replace("5,2 persen", "5,9 persen"),
    )
    .unwrap();
    let out = out_dir(&dir);
    let output = selaras()
        .arg("run")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("with QA flags"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let flagged = report["documents"][0]["flagged"]
        .as_array()
        .unwrap()
        .clone();
    let all: Vec<String> = flagged
        .iter()
        .flat_map(|p| p["flags"].as_array().unwrap().clone())
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert!(all.iter().any(|f| f.starts_with("number:5.2")), "{all:?}");
    assert_eq!(report["totals"]["flagged_pairs"], flagged.len());
}

#[test]
fn regression_alignment_cuts_an_indonesian_quotation_at_each_sentence() {
    // `split` keeps an Indonesian quotation and its attribution one sentence, as the language
    // writes it; alignment must still pair each sentence said with its translation.
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("pasar.en.txt");
    let id = dir.path().join("pasar.id.txt");
    std::fs::write(
        &en,
        "Rice prices rose again in Bandung this week.\n\n\"Stocks are safe until March. We \
         will open a cheap market on Monday,\" the head of the trade office said.\n",
    )
    .unwrap();
    std::fs::write(
        &id,
        "Harga beras kembali naik di Bandung pekan ini.\n\n\"Stok aman sampai Maret. Kami akan \
         membuka pasar murah pada hari Senin,\" kata kepala dinas perdagangan.\n",
    )
    .unwrap();
    let split = stdout_of(selaras().args(["split", "--lang", "id"]).arg(&id));
    assert_eq!(split.lines().count(), 2);
    let beads = stdout_of(
        selaras()
            .args(["align", "--format", "beads", "--keep-suspect"])
            .arg(&en)
            .arg(&id),
    );
    let pairs: Vec<&str> = beads
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(pairs, ["[0]:[0]", "[1]:[1]", "[2]:[2]"], "{beads}");
}

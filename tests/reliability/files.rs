//! Nothing is lost: outputs appear only complete; a run stopped by SIGINT or SIGTERM exits 130,
//! removes its temporary files and leaves earlier outputs untouched; a run killed outright
//! (SIGKILL) leaves temporary files that the next run removes.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{corpus, files, selaras, selaras_path, temporaries, write};

const ALL_FORMATS: &str = "tmx,csv,tsv,jsonl,moses,beads";

/// Earlier outputs, to be left untouched by an interrupted run.
fn old_outputs(out: &Path) -> Vec<(String, String)> {
    let old = [
        ("corpus.tmx", "old tmx"),
        ("corpus.csv", "old csv"),
        ("corpus.en", "old en"),
        ("report.json", "old report"),
        ("beads/doc000.beads", "old beads"),
    ];
    for (name, text) in old {
        write(out, name, text);
    }
    old.iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// Starts a run on `input` writing to `out`, in the background.
fn start_run(input: &Path, out: &Path) -> Child {
    Command::new(selaras_path())
        .args(["run", "-q", "-j", "1", "--format", ALL_FORMATS])
        .arg(input)
        .arg("-o")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start selaras")
}

/// Waits until the run has opened its outputs (a temporary file exists in `out`).
fn wait_for_temporaries(child: &mut Child, out: &Path) {
    let start = Instant::now();
    while temporaries(out).is_empty() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before writing: make the corpus larger");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary file after 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
}

fn wait(child: Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_untouched(out: &Path, old: &[(String, String)]) {
    for (name, text) in old {
        assert_eq!(
            &std::fs::read_to_string(out.join(name)).unwrap(),
            text,
            "{name} was changed"
        );
    }
    let mut expected: Vec<String> = old.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(files(out), expected, "no new file, no temporary file");
}

/// A corpus whose run takes a few seconds in a debug build.
fn large_corpus(dir: &Path) {
    corpus(dir, 64, 200);
}

#[cfg(unix)]
fn interrupted_run_leaves_everything_as_it_was(signal_name: &str, times: usize) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    large_corpus(&input);
    let out = dir.path().join("out");
    let old = old_outputs(&out);
    let mut child = start_run(&input, &out);
    wait_for_temporaries(&mut child, &out);
    for _ in 0..times {
        signal(&child, signal_name);
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, stderr) = wait(child);
    assert_eq!(code, Some(130), "{stderr}");
    if times == 1 {
        // The pipeline stopped by itself between documents.
        assert!(
            stderr.contains("stopping after the documents in progress"),
            "{stderr}"
        );
        assert!(
            stderr.contains("interrupted; no output was changed"),
            "{stderr}"
        );
    } else {
        assert!(stderr.contains("interrupted"), "{stderr}");
    }
    assert_untouched(&out, &old);
}

#[cfg(unix)]
#[test]
fn sigint_stops_the_run_and_leaves_earlier_outputs_untouched() {
    interrupted_run_leaves_everything_as_it_was("INT", 1);
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_run_and_leaves_earlier_outputs_untouched() {
    interrupted_run_leaves_everything_as_it_was("TERM", 1);
}

#[cfg(unix)]
#[test]
fn a_second_signal_stops_at_once_and_still_removes_temporaries() {
    interrupted_run_leaves_everything_as_it_was("INT", 2);
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_long_document_removes_the_half_written_files() {
    // One document long enough that the pipeline cannot stop between documents within the grace
    // period: the handler removes the temporaries itself, mid-write.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 1, 3);
    write(&input, "long.en.txt", crate::common::english(1, 100_000));
    write(&input, "long.id.txt", crate::common::indonesian(1, 100_000));
    let out = dir.path().join("out");
    let old = old_outputs(&out);
    let mut child = start_run(&input, &out);
    wait_for_temporaries(&mut child, &out);
    let start = Instant::now();
    signal(&child, "INT");
    let (code, stderr) = wait(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the deadline holds"
    );
    // Usually the handler removes the half-written files itself after the grace period; on a
    // very busy machine the document may still finish first and the run stop between documents.
    // Either way: exit 130, earlier outputs untouched, no temporary file left.
    assert!(
        stderr.contains("unfinished temporary file(s) removed")
            || stderr.contains("stopping after the documents in progress"),
        "the run reported how it stopped: {stderr}"
    );
    assert_untouched(&out, &old);
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_old_outputs_and_the_next_run_removes_its_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    large_corpus(&input);
    let out = dir.path().join("out");
    let old = old_outputs(&out);
    let mut child = start_run(&input, &out);
    wait_for_temporaries(&mut child, &out);
    signal(&child, "KILL");
    let (code, _) = wait(child);
    assert_eq!(code, None, "killed by a signal");
    for (name, text) in &old {
        assert_eq!(&std::fs::read_to_string(out.join(name)).unwrap(), text);
    }
    assert!(!temporaries(&out).is_empty(), "SIGKILL cannot clean up");
    // The next run (on a small corpus) removes them and writes complete outputs.
    let small = dir.path().join("small");
    corpus(&small, 1, 4);
    selaras()
        .args(["run", "-q", "--format", ALL_FORMATS])
        .arg(&small)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(temporaries(&out), Vec::<String>::new());
    assert_ne!(
        std::fs::read_to_string(out.join("corpus.csv")).unwrap(),
        "old csv"
    );
}

#[test]
fn outputs_appear_only_when_complete() {
    // After a successful run: every output present, no temporary file left.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 3, 5);
    let out = dir.path().join("out");
    write(&out, ".corpus.csv.AbCdEf.selaras-tmp", "stale");
    write(&out, "beads/.doc000.beads.x.selaras-tmp", "stale");
    selaras()
        .args(["run", "-q", "--format", ALL_FORMATS])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files(&out),
        [
            "beads/doc000.beads",
            "beads/doc001.beads",
            "beads/doc002.beads",
            "corpus.csv",
            "corpus.en",
            "corpus.id",
            "corpus.jsonl",
            "corpus.tmx",
            "corpus.tsv",
            "report.json"
        ]
    );
}

/// A progress that asks the run to stop once `after` documents (of both passes) are done.
struct CancelAfter {
    done: std::sync::atomic::AtomicUsize,
    after: usize,
}

impl selaras::pipeline::Progress for CancelAfter {
    fn advance(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    fn cancelled(&self) -> bool {
        self.done.load(std::sync::atomic::Ordering::SeqCst) >= self.after
    }
}

#[test]
fn a_cancelled_run_returns_interrupted_and_changes_nothing() {
    use selaras::pipeline::{run, Format, Output, RunConfig, RunError, Source};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 30, 4);
    let out = dir.path().join("out");
    let old = old_outputs(&out);
    let mut config = RunConfig::new(Source::Folder(input.clone()), Output::Folder(out.clone()));
    config.formats = Format::ALL.to_vec();
    config.threads = 2;
    config.creation_epoch = 0;
    // During the fitting pass, during the aligning pass, and after the last document.
    for after in [1, 31, 45, 60] {
        let progress = CancelAfter {
            done: Default::default(),
            after,
        };
        let result = run(&config, &progress);
        assert!(
            matches!(result, Err(RunError::Interrupted)),
            "after {after}"
        );
        assert_untouched(&out, &old);
    }
}

/// `-o FIFO` used to exit 0 with nothing read and the FIFO replaced by a regular file.
#[cfg(unix)]
#[test]
fn align_onto_a_fifo_writes_into_the_fifo_and_keeps_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 1, 6);
    let fifo = dir.path().join("out.tsv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let output = selaras()
        .arg("align")
        .arg(dir.path().join("doc000.en.txt"))
        .arg(dir.path().join("doc000.id.txt"))
        .arg("-o")
        .arg(&fifo)
        .arg("--format")
        .arg("tsv")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let read = reader.join().unwrap();
    assert!(read.starts_with("doc\tbead\tscore\ten\tid\n"), "{read}");
    assert!(read.lines().count() > 3);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

/// `-o /dev/full` used to replace the device entry (as root) or exit 0; a write error on a
/// special file is an error, exit 1.
#[cfg(target_os = "linux")]
#[test]
fn align_onto_a_full_device_is_an_error_and_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 1, 6);
    let output = selaras()
        .arg("align")
        .arg(dir.path().join("doc000.en.txt"))
        .arg(dir.path().join("doc000.id.txt"))
        .args(["-o", "/dev/full", "--format", "tsv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/dev/full"), "{stderr}");
    let kind = std::fs::metadata("/dev/full").unwrap().file_type();
    assert!(kind.is_char_device());
}

/// `-o -` means standard output for `align` too (it used to make a file named `-`).
#[test]
fn align_with_dash_writes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 1, 6);
    let output = selaras()
        .current_dir(dir.path())
        .args([
            "align",
            "doc000.en.txt",
            "doc000.id.txt",
            "-o",
            "-",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("{\"doc\":\"doc000\""), "{stdout}");
    assert!(!dir.path().join("-").exists());
}

/// Folder walks used to be cubic in depth (a `realpath` per folder: 21 s at depth 800); a
/// folder is now identified by one `stat`. Depth 300 in a debug build: far under a minute
/// either way now, minutes before.
#[cfg(unix)]
#[test]
fn a_deep_folder_chain_is_walked_and_its_pairs_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut path = dir.path().join("in");
    write(&path, "a.en.txt", "Rain fell. Roads flooded.");
    write(&path, "a.id.txt", "Hujan turun. Jalan banjir.");
    for _ in 0..300 {
        path.push("d");
    }
    write(&path, "z.en.txt", "Rain fell. Roads flooded.");
    write(&path, "z.id.txt", "Hujan turun. Jalan banjir.");
    let out = dir.path().join("out");
    let output = selaras()
        .args(["run", "-q", "--format", "csv"])
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report = crate::common::report(&out);
    assert_eq!(report["totals"]["documents"], 2);
    let last = report["documents"][1]["name"].as_str().unwrap();
    assert_eq!(last.matches("d/").count(), 300);
}

/// A stream interrupted while writing to stdout (`-o -`) used to end its output in the middle of
/// a JSON line; what has been written is now always whole lines, however the run is stopped.
#[cfg(unix)]
#[test]
fn a_stream_to_stdout_stopped_by_signals_ends_with_a_whole_line() {
    use std::io::{BufRead, BufReader, Read};
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for doc in 0..4000 {
        let line = serde_json::json!({
            "doc": format!("d{doc}"),
            "en": crate::common::english(doc, 12),
            "id": crate::common::indonesian(doc, 12),
        });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let path = write(dir.path(), "in.jsonl", input);
    for signals in [&["INT", "INT"][..], &["TERM"][..]] {
        let mut child = Command::new(selaras_path())
            .args(["run", "-q", "-j", "1", "-o", "-", "--input-jsonl"])
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // Wait for the first records, then stop the run while it writes.
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        for name in signals {
            signal(&child, name);
        }
        let mut rest = Vec::new();
        stdout.read_to_end(&mut rest).unwrap();
        child.wait().unwrap();
        let all = first + &String::from_utf8(rest).unwrap();
        assert!(all.ends_with('\n'), "{signals:?}: ends inside a line");
        for line in all.lines() {
            let _: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{signals:?}: a broken line ({e}): {line}"));
        }
    }
}

#[test]
fn a_run_killed_during_its_final_renames_is_completed_by_the_next_run() {
    // What SIGKILL after the first of four renames leaves: the earlier set, the new corpus.tmx
    // already in place, the other new outputs still in their temporaries, and the journal.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    old_outputs(&out);
    write(&out, "corpus.tmx", "new tmx");
    write(&out, ".corpus.csv.k1.selaras-tmp", "new csv");
    write(&out, ".beads.k2.selaras-tmp/doc000.beads", "new beads");
    write(&out, ".report.json.k3.selaras-tmp", "new report");
    write(
        &out,
        ".selaras-commit.json",
        r#"{"selaras_commit":1,"renames":[
            {"from":".corpus.tmx.k0.selaras-tmp","to":"corpus.tmx"},
            {"from":".corpus.csv.k1.selaras-tmp","to":"corpus.csv"},
            {"from":".beads.k2.selaras-tmp","to":"beads","folder":true},
            {"from":".report.json.k3.selaras-tmp","to":"report.json"}]}"#,
    );
    // The next run into the folder fails on its only document, so it changes no output: what
    // is left is the set the killed run was committing, whole.
    let input = dir.path().join("in");
    write(&input, "a.en.txt", b"\0\0binary");
    write(&input, "a.id.txt", "Satu kalimat.");
    let output = selaras()
        .args(["run", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stopped while renaming its outputs"),
        "{stderr}"
    );
    for (name, text) in [
        ("corpus.tmx", "new tmx"),
        ("corpus.csv", "new csv"),
        ("beads/doc000.beads", "new beads"),
        ("report.json", "new report"),
        ("corpus.en", "old en"),
    ] {
        assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), text);
    }
    assert!(!out.join(".selaras-commit.json").exists());
    assert_eq!(temporaries(&out), Vec::<String>::new());
}

/// A device of endless NUL bytes used to be read up to the 256 MiB limit before anything was
/// said; it is refused on its first bytes, as binary data at byte 0.
#[cfg(target_os = "linux")]
#[test]
fn a_binary_input_is_refused_on_its_first_bytes() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 1, 6);
    let output = selaras()
        .args(["align", "/dev/zero"])
        .arg(dir.path().join("doc000.id.txt"))
        .arg("-o")
        .arg(dir.path().join("out.tsv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("binary data") && stderr.contains("byte 0"),
        "{stderr}"
    );
    assert!(!dir.path().join("out.tsv").exists());
}

/// The commit journal named each temporary (an absolute path) relative to the output folder
/// as given; with a relative `-o out`, as the README's quick start runs, every run failed with
/// "is not a file inside out".
#[test]
fn a_run_into_a_relative_folder_commits_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    corpus(&dir.path().join("in"), 2, 6);
    selaras()
        .current_dir(dir.path())
        .args(["run", "-q", "in", "-o", "out", "--format", ALL_FORMATS])
        .assert()
        .success();
    let out = dir.path().join("out");
    assert!(out.join("corpus.tmx").is_file() && out.join("report.json").is_file());
    assert!(out.join("beads/doc000.beads").is_file());
    assert!(!out.join(".selaras-commit.json").exists());
    assert_eq!(temporaries(&out), Vec::<String>::new());
}

//! A saved corpus model (`selaras fit`, `run --model`) and the corpus filters (`--dedup`,
//! `--drop-identical`, `--drop-no-letters`, `--max-length-ratio`, `--drop-wrong-language`,
//! `--clean`), as a researcher meets them on the command line.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn selaras() -> Command {
    let mut cmd = Command::cargo_bin("selaras").expect("the selaras binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1718755200");
    cmd
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file below `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// The repository's sample corpus.
fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The sample corpus as JSON lines, one document per line.
fn sample_jsonl(path: &Path) {
    let mut names: Vec<String> = fs::read_dir(sample())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".en.txt").map(str::to_string)
        })
        .collect();
    names.sort();
    let lines: Vec<String> = names
        .iter()
        .map(|name| {
            serde_json::json!({
                "doc": name,
                "en": read(&sample().join(format!("{name}.en.txt"))),
                "id": read(&sample().join(format!("{name}.id.txt"))),
            })
            .to_string()
        })
        .collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

const ALL: &str = "tmx,csv,tsv,jsonl,moses,beads,review";

#[test]
fn a_saved_model_gives_the_same_outputs_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    selaras()
        .args(["fit", "-q", "-o"])
        .arg(&model)
        .arg(sample())
        .assert()
        .success();
    let text = read(&model);
    assert!(text.starts_with("{\"format\":\"selaras-model\",\"version\":1,"));
    assert!(text.contains("\"src_lang\":\"en\",\"tgt_lang\":\"id\""));
    assert!(text.contains("\"options\":{\"presegmented\":false,"));
    for (name, extra) in [("fitted", None), ("saved", Some(&model))] {
        let mut cmd = selaras();
        cmd.args(["run", "-q", "--format", ALL, "-o"])
            .arg(dir.path().join(name))
            .arg(sample());
        if let Some(model) = extra {
            cmd.arg("--model").arg(model);
        }
        cmd.assert().success();
    }
    let (fitted, saved) = (
        tree(&dir.path().join("fitted")),
        tree(&dir.path().join("saved")),
    );
    assert!(fitted.len() > 10);
    assert_eq!(fitted, saved);
}

#[test]
fn a_stream_model_is_fitted_on_the_documents_run_fits_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    sample_jsonl(&input);
    let model = dir.path().join("model.json");
    selaras()
        .args(["fit", "-q", "--input-jsonl"])
        .arg(&input)
        .arg("-o")
        .arg(&model)
        .assert()
        .success();
    let plain = selaras()
        .args(["run", "--input-jsonl"])
        .arg(&input)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(plain.status.success());
    // Read from stdin, in two halves (as two Spark partitions would), with the saved model.
    let text = read(&input);
    let lines: Vec<&str> = text.lines().collect();
    let mut joined = Vec::new();
    for part in [&lines[..3], &lines[3..]] {
        let out = selaras()
            .args(["run", "--input-jsonl", "-", "-o", "-", "--model"])
            .arg(&model)
            .write_stdin(part.join("\n"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        joined.extend(out.stdout);
    }
    assert!(!plain.stdout.is_empty());
    assert_eq!(
        String::from_utf8(joined).unwrap(),
        String::from_utf8(plain.stdout).unwrap()
    );
}

#[test]
fn a_model_of_another_pair_or_version_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    selaras()
        .args(["fit", "-q", "-o"])
        .arg(&model)
        .arg(sample())
        .assert()
        .success();
    let shown = model.display().to_string();
    selaras()
        .args([
            "run",
            "-q",
            "--src-lang",
            "id",
            "--tgt-lang",
            "en",
            "--model",
        ])
        .arg(&model)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(sample())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{shown}: the model was fitted for en → id, not id → en"
        )));
    let v9 = dir.path().join("v9.json");
    fs::write(&v9, read(&model).replace("\"version\":1", "\"version\":9")).unwrap();
    selaras()
        .args(["run", "-q", "--model"])
        .arg(&v9)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(sample())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("version 9").and(predicate::str::contains("v9.json")));
    let broken = dir.path().join("broken.json");
    fs::write(
        &broken,
        "{\n\"format\": \"selaras-model\",\n\"version\": 1,\n\"ratio\": }",
    )
    .unwrap();
    selaras()
        .args(["run", "-q", "--model"])
        .arg(&broken)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(sample())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.json:4:"));
    let dictionary = dir.path().join("dict.tsv");
    fs::write(&dictionary, "rain\thujan\n").unwrap();
    selaras()
        .args(["run", "-q", "--model"])
        .arg(&model)
        .arg("--dictionary")
        .arg(&dictionary)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(sample())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "give --dictionary to `selaras fit`",
        ));
    assert!(!dir.path().join("out/report.json").exists());
}

#[test]
fn a_model_fitted_on_documents_read_otherwise_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    selaras()
        .args(["fit", "-q", "-o"])
        .arg(&model)
        .arg(sample())
        .assert()
        .success();
    selaras()
        .args(["run", "-q", "--presegmented", "--model"])
        .arg(&model)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(sample())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the model was fitted without --presegmented, and this run is with --presegmented",
        ));
}

#[test]
fn align_takes_a_saved_model_too() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    selaras()
        .args(["fit", "-q", "-o"])
        .arg(&model)
        .arg(sample())
        .assert()
        .success();
    let (en, id) = (
        sample().join("coral-bleaching.en.txt"),
        sample().join("coral-bleaching.id.txt"),
    );
    selaras()
        .arg("align")
        .arg(&en)
        .arg(&id)
        .arg("--model")
        .arg(&model)
        .assert()
        .success()
        .stdout(predicate::str::contains("\t"));
}

/// A stream whose pairs each meet one filter, one sentence per line (presegmented); the second
/// document is too repetitive to pass for a translation, so it is kept with --keep-suspect.
const NOISY: &[(&str, &str, &str)] = &[
    (
        "a",
        "The rain fell all day.\nRoads in the north were flooded.\n2024\nJoko Widodo\n",
        "Hujan turun sepanjang hari.\nJalan-jalan di utara kebanjiran.\n2024\nJoko Widodo\n",
    ),
    (
        "b",
        "The rain fell all day.\nTHE RAIN FELL ALL DAY!\nYes.\n",
        "Hujan turun sepanjang hari.\nhujan turun sepanjang hari\nYa, tentu saja, itu benar sekali, kata mereka.\n",
    ),
];

fn noisy_input(dir: &Path) -> PathBuf {
    let path = dir.join("noisy.jsonl");
    let lines: Vec<String> = NOISY
        .iter()
        .map(|(doc, en, id)| serde_json::json!({"doc": doc, "en": en, "id": id}).to_string())
        .collect();
    fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn jsonl_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                v["translation"]["en"].as_str().unwrap().to_string(),
                v["translation"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_filter_drops_its_pairs_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = noisy_input(dir.path());
    let out = dir.path().join("out");
    selaras()
        .args([
            "run",
            "-q",
            "--presegmented",
            "--keep-suspect",
            "--format",
            "jsonl,tsv,beads",
            "--input-jsonl",
        ])
        .arg(&input)
        .args(["--clean", "--max-length-ratio", "2.5", "-o"])
        .arg(&out)
        .assert()
        .success();
    let pairs = jsonl_pairs(&read(&out.join("corpus.jsonl")));
    let expected = [
        ("The rain fell all day.", "Hujan turun sepanjang hari."),
        (
            "Roads in the north were flooded.",
            "Jalan-jalan di utara kebanjiran.",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, expected);
    assert_eq!(
        read(&out.join("corpus.tsv")).lines().count(),
        3,
        "a header and two pairs"
    );
    // The beads files keep every bead.
    assert_eq!(read(&out.join("beads/b.beads")).lines().count(), 3);
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let totals = &report["totals"];
    assert_eq!(totals["pairs_written"], 2);
    assert_eq!(
        totals["filtered"],
        serde_json::json!({"no_letters": 1, "identical": 1, "length_ratio": 1,
                           "duplicate": 1, "near_duplicate": 1})
    );
    assert_eq!(report["documents"][1]["filtered"]["duplicate"], 1);
    assert_eq!(report["options"]["filters"]["dedup"], true);
    assert_eq!(report["options"]["filters"]["drop_wrong_language"], false);
}

#[test]
fn without_filters_nothing_changes_and_the_report_has_no_filter_counts() {
    let dir = tempfile::tempdir().unwrap();
    let input = noisy_input(dir.path());
    let out = dir.path().join("out");
    selaras()
        .args([
            "run",
            "-q",
            "--presegmented",
            "--keep-suspect",
            "--format",
            "jsonl",
            "--input-jsonl",
        ])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(jsonl_pairs(&read(&out.join("corpus.jsonl"))).len(), 7);
    let report = read(&out.join("report.json"));
    assert!(!report.contains("filtered") && !report.contains("\"filters\""));
}

#[test]
fn filters_apply_on_stdout_too_and_bad_ratios_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = noisy_input(dir.path());
    let out = selaras()
        .args([
            "run",
            "--presegmented",
            "--keep-suspect",
            "--dedup",
            "--input-jsonl",
        ])
        .arg(&input)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        jsonl_pairs(&String::from_utf8(out.stdout).unwrap()).len(),
        5
    );
    selaras()
        .args(["run", "--max-length-ratio", "0.5", "--input-jsonl"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a ratio of at least 1"));
}

#[test]
fn a_side_left_untranslated_is_dropped_as_wrong_language() {
    let dir = tempfile::tempdir().unwrap();
    let en = "The government said on Monday that fuel prices would rise from next week.\n\
              Officials in Jakarta told reporters that aid would go to poor families first.\n\
              The plan was approved by parliament after a long debate last month.\n";
    let id =
        "Pemerintah mengatakan pada Senin bahwa harga bahan bakar akan naik mulai pekan depan.\n\
              Officials in Jakarta told reporters that aid would go to poor families first.\n\
              Rencana itu disetujui oleh parlemen setelah perdebatan panjang bulan lalu.\n";
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        serde_json::json!({"doc": "d", "en": en, "id": id}).to_string(),
    )
    .unwrap();
    let out = dir.path().join("out");
    selaras()
        .args([
            "run",
            "-q",
            "--presegmented",
            "--drop-wrong-language",
            "--format",
            "jsonl",
        ])
        .arg("--input-jsonl")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let pairs = jsonl_pairs(&read(&out.join("corpus.jsonl")));
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert!(pairs.iter().all(|(_, id)| !id.starts_with("Officials")));
    let report: serde_json::Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(report["totals"]["filtered"]["wrong_language"], 1);
}

#[test]
fn dedup_keys_match_exactly_where_run_dedups() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.jsonl");
    let row = |en: &str, id: &str| {
        serde_json::json!({"doc": "d", "bead": "[0]:[0]", "score": 1.0,
                           "translation": {"en": en, "id": id}, "flags": []})
        .to_string()
    };
    let lines = [
        row("The rain fell.", "Hujan turun."),
        row("THE RAIN FELL!", "hujan turun"),
        row("The rain fell.", "Hujan turun lagi."),
    ];
    fs::write(&rows, lines.join("\n") + "\n").unwrap();
    let out = selaras().arg("dedup-keys").arg(&rows).output().unwrap();
    assert!(out.status.success());
    let keys: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k.len() == 16));
    assert_eq!(keys[0], keys[1]);
    assert_ne!(keys[0], keys[2]);
    fs::write(&rows, "{\"translation\": {\"en\": \"x\"}}\n").unwrap();
    selaras()
        .arg("dedup-keys")
        .arg(&rows)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rows.jsonl:1: no string translation.id",
        ));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]

        /// Deduplication keeps the first occurrence in document order, whatever the number of
        /// worker threads: the outputs of -j 1 and -j 3 are the same, byte for byte.
        #[test]
        fn dedup_does_not_depend_on_threads(picks in proptest::collection::vec(
            proptest::collection::vec(0usize..6, 1..6), 4..12)) {
            const EN: [&str; 6] = ["Rain fell.", "Roads flooded.", "Schools closed.",
                "The river rose.", "Help came late.", "Rain fell!"];
            const ID: [&str; 6] = ["Hujan turun.", "Jalan banjir.", "Sekolah tutup.",
                "Sungai naik.", "Bantuan datang terlambat.", "hujan turun"];
            let dir = tempfile::tempdir().unwrap();
            let lines: Vec<String> = picks.iter().enumerate().map(|(k, doc)| {
                let en: Vec<&str> = doc.iter().map(|&i| EN[i]).collect();
                let id: Vec<&str> = doc.iter().map(|&i| ID[i]).collect();
                serde_json::json!({"doc": format!("d{k}"), "en": en.join("\n"),
                                   "id": id.join("\n")}).to_string()
            }).collect();
            let input = dir.path().join("in.jsonl");
            fs::write(&input, lines.join("\n")).unwrap();
            let mut outs = Vec::new();
            for jobs in ["1", "3"] {
                let out = dir.path().join(format!("out{jobs}"));
                selaras()
                    .args(["run", "-q", "--presegmented", "--keep-suspect",
                        "--dedup", "--format", "jsonl", "-j", jobs])
                    .arg("--input-jsonl").arg(&input).arg("-o").arg(&out)
                    .assert().success();
                outs.push(tree(&out));
            }
            prop_assert_eq!(&outs[0], &outs[1]);
            let pairs = jsonl_pairs(&String::from_utf8(outs[0].iter()
                .find(|(p, _)| p.ends_with("corpus.jsonl")).unwrap().1.clone()).unwrap());
            let mut keys: Vec<(String, String)> = pairs.iter()
                .map(|(a, b)| (a.to_lowercase().replace('!', "."), b.to_lowercase().replace('.', "")))
                .collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), n, "no pair twice");
        }
    }
}

//! Helpers shared by the reliability tests: the binary, generated corpora, file listings.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `selaras` binary, with a fixed `SOURCE_DATE_EPOCH` and no progress bar.
pub fn selaras() -> Command {
    let mut cmd = Command::cargo_bin("selaras").expect("the selaras binary");
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// The path of the `selaras` binary, for tests that drive the process themselves.
pub fn selaras_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("selaras")
}

/// Writes `name` below `dir`, creating folders.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

const EN: [&str; 8] = [
    "The minister visited Jakarta on Monday with {n} officials.",
    "Rice prices rose by {n} percent in June, the agency said.",
    "Heavy rain flooded {n} houses in Bekasi.",
    "The festival drew {n} visitors to Solo this year.",
    "Officials said the new budget would reach {n} villages.",
    "Coral reefs near Komodo lost {n} hectares to bleaching.",
    "The startup raised {n} million dollars from investors in Bandung.",
    "Palm oil exports fell to {n} tonnes last month.",
];

const ID: [&str; 8] = [
    "Menteri mengunjungi Jakarta pada Senin bersama {n} pejabat.",
    "Harga beras naik {n} persen pada Juni, kata badan itu.",
    "Hujan lebat membanjiri {n} rumah di Bekasi.",
    "Festival itu menarik {n} pengunjung ke Solo tahun ini.",
    "Para pejabat mengatakan anggaran baru akan menjangkau {n} desa.",
    "Terumbu karang dekat Komodo kehilangan {n} hektare akibat pemutihan.",
    "Perusahaan rintisan itu mengumpulkan {n} juta dolar dari investor di Bandung.",
    "Ekspor minyak sawit turun menjadi {n} ton bulan lalu.",
];

/// `k` English sentences of document `doc`, one paragraph every five sentences.
pub fn english(doc: usize, k: usize) -> String {
    text(&EN, doc, k)
}

/// The Indonesian translation of [`english`].
pub fn indonesian(doc: usize, k: usize) -> String {
    text(&ID, doc, k)
}

fn text(table: &[&str; 8], doc: usize, k: usize) -> String {
    let mut out = String::new();
    for i in 0..k {
        let n = (doc * 7919 + i * 104_729) % 10_000 + 2;
        out.push_str(&table[(doc + i) % table.len()].replace("{n}", &n.to_string()));
        out.push(if i % 5 == 4 { '\n' } else { ' ' });
        if i % 5 == 4 {
            out.push('\n');
        }
    }
    out
}

/// Writes `docs` parallel documents of `k` sentences each as `docNNN.en.txt` / `docNNN.id.txt`.
pub fn corpus(dir: &Path, docs: usize, k: usize) {
    for d in 0..docs {
        write(dir, &format!("doc{d:03}.en.txt"), english(d, k));
        write(dir, &format!("doc{d:03}.id.txt"), indonesian(d, k));
    }
}

/// Every file below `dir`, relative, sorted (hidden ones included).
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The temporary files below `dir` (in a staging folder or on their own).
pub fn temporaries(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| {
            f.split('/')
                .any(|part| part.ends_with(selaras::export::TEMP_SUFFIX))
        })
        .collect()
}

/// `OUT/report.json`, parsed.
pub fn report(out: &Path) -> serde_json::Value {
    report_named(out, "report.json")
}

/// A report in `OUT`, parsed: `report.json`, or `report.failed.json` of a run in which no
/// document could be aligned.
pub fn report_named(out: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(name)).expect(name);
    serde_json::from_str(&text).expect("the report is JSON")
}

/// The text of a command's stderr.
pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

//! With SOURCE_DATE_EPOCH set, the same input gives byte-identical outputs, in every format and
//! report.json, across runs and across thread counts.

use crate::common::{corpus, files, selaras, write};

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 11, 9);
    // Some variety: boilerplate, an unpaired file, a failed document, an empty one, nesting,
    // unequal sides.
    write(&input, "news/2024/a.en.txt", "Prices rose. Rice is dear.\n");
    write(
        &input,
        "news/2024/a.id.txt",
        "Harga naik. Beras mahal.\n\nBaca juga: Banjir\nLeave a Reply\n",
    );
    write(&input, "bad.en.txt", b"\xFF");
    write(&input, "bad.id.txt", "ok");
    write(&input, "empty.en.txt", "");
    write(&input, "empty.id.txt", "");
    write(&input, "lonely.en.txt", "Alone.");
    write(&input, "short.en.txt", crate::common::english(5, 12));
    write(&input, "short.id.txt", crate::common::indonesian(5, 4));
    let mut outputs = Vec::new();
    for (n, jobs) in ["1", "2", "4", "2"].into_iter().enumerate() {
        let out = dir.path().join(format!("out{n}"));
        selaras()
            .args([
                "run",
                "-q",
                "--format",
                "tmx,csv,tsv,jsonl,moses,beads",
                "-j",
                jobs,
            ])
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .assert()
            .code(3);
        let listing = files(&out);
        let contents: Vec<Vec<u8>> = listing
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect();
        outputs.push((listing, contents));
    }
    let (first_files, first) = &outputs[0];
    assert!(first_files.contains(&"corpus.tmx".to_string()));
    assert!(first_files.contains(&"beads/news/2024/a.beads".to_string()));
    assert!(first_files.contains(&"report.json".to_string()));
    let tmx = String::from_utf8(
        first[first_files.iter().position(|f| f == "corpus.tmx").unwrap()].clone(),
    )
    .unwrap();
    assert!(tmx.contains("creationdate=\"20231114T221320Z\""));
    for (files, contents) in &outputs[1..] {
        assert_eq!(files, first_files);
        for ((name, a), b) in files.iter().zip(contents).zip(first) {
            assert!(a == b, "{name} differs between runs");
        }
    }
}

//! Inputs that the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) found, kept as regression tests, and
//! the hand-picked hostile inputs the fuzzers start from.

use crate::invariants::{check_text, fuzz_alignment, fuzz_writers};

#[test]
fn hostile_texts_keep_the_segmentation_invariants() {
    let cases: [&[u8]; 12] = [
        b"",
        b"\n\n\n",
        b"...",
        b". . . . .",
        b"a.a.a.a.a.a. b. C. D.",
        b"\"\" '' ()[] \xE2\x80\x9C\xE2\x80\x9D",
        b"Dr. Mr. Jl. No. 5. Rp. 1.500.000,00. dll. Dia datang.",
        b"\xEF\xBB\xBF\xEF\xBB\xBF double BOM",
        b"\xFF\xFE\x00\xD8",
        b"\xFE\xFF\x00",
        b"\r\r\n\x0b\x0c\x1c\xc2\x85\xe2\x80\xa8 x",
        "e\u{301}\u{200B}.\u{2029}\u{FEFF}A?! \u{3002}\u{3002}".as_bytes(),
    ];
    for case in cases {
        check_text(case);
    }
}

#[test]
fn hostile_alignment_inputs_keep_the_bead_invariants() {
    for case in [
        &b""[..],
        &[4, 1, 0, 0],
        &[
            3, 0, 40, 6, 10, 65, 66, 67, 6, 3, 0x80, 0x81, 0x82, 0, 1, 1, 65,
        ],
        &[1, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ] {
        fuzz_alignment(case);
    }
}

#[test]
fn hostile_documents_round_trip_through_every_writer() {
    for case in [
        &b""[..],
        &[
            3, 200, 4, 0x80, 0x85, 0x90, 0x95, 2, 3, 5, 0x81, 0x82, 0x83, 0x84, 0x85,
        ],
        &[0, 0, 1, 1, 1, b'\r'],
    ] {
        fuzz_writers(case);
    }
}

/// Found by `properties::alignment_keeps_its_invariants` (and the `align` fuzz target): a bead
/// over kept target sentences 0 and 2 is mapped back to target 0..3, taking in the boilerplate
/// sentence 1, unmarked, so that its text reaches the bitext. Fixed in `align::splice_excluded`,
/// which now cuts a bead at the excluded sentences.
#[test]
fn splice_swallows_boilerplate_between_kept_sentences() {
    use selaras::align::{splice_excluded, Bead};
    let beads = vec![Bead {
        src: 0..1,
        tgt: 0..2,
        score: 0.5,
        boilerplate: false,
    }];
    let out = splice_excluded(beads, &[0], 1, &[0, 2], 3);
    let boilerplate: Vec<bool> = out.iter().map(|b| b.boilerplate).collect();
    assert!(
        out.iter().all(|b| !b.tgt.contains(&1) || b.boilerplate),
        "target sentence 1 (boilerplate) is in an unmarked bead: {out:?} {boilerplate:?}"
    );
}

/// The same bug as the `align` fuzz target found it (in 375 runs):
/// `fuzz/artifacts/align/crash-b6d354235019fcd77087b486b39c748b516e113f`, a bead
/// `[0]:[0,1,2,3]` over a boilerplate target sentence, unmarked.
#[test]
fn fuzz_align_crash_b6d35423() {
    crate::invariants::fuzz_alignment_strictly(&[59, 79, 1, 0, 0, 250, 36, 175, 175, 59], true);
}

/// The tolerant check still passes on that input (so the other invariants hold there).
#[test]
fn fuzz_align_crash_b6d35423_other_invariants() {
    crate::invariants::fuzz_alignment_strictly(&[59, 79, 1, 0, 0, 250, 36, 175, 175, 59], false);
}

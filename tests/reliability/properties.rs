//! Property tests: every writer reads back to the same text whatever the text; segmentation and
//! alignment keep their invariants on arbitrary input. The same checks drive the fuzz targets.

use proptest::prelude::*;
use selaras::export::{AlignedDoc, Filter, MosesWriter, Writer};

use crate::invariants::{self, beads_over, check_decoded, check_text, check_writers};

/// Pieces that writers get wrong: markup, quotes, escapes, every kind of line end, controls,
/// characters XML forbids, combining marks, emoji.
const HARD: &[&str] = &[
    "]]>",
    "<",
    ">",
    "&",
    "&amp;",
    "\"",
    "'",
    ",",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\\",
    "\\t",
    "\\n",
    "\u{0}",
    "\u{1}",
    "\u{B}",
    "\u{C}",
    "\u{1F}",
    "\u{7F}",
    "\u{85}",
    "\u{A0}",
    "\u{AD}",
    "\u{200B}",
    "\u{2028}",
    "\u{2029}",
    "\u{D7FF}",
    "\u{E000}",
    "\u{FEFF}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{10FFFF}",
    "e\u{301}",
    "🙂",
    "👩‍👩‍👧",
    "\u{1F1EE}\u{1F1E9}",
    "…",
    " ",
    "",
];

fn hard_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>().prop_map(String::from),
            2 => (0u8..0x80).prop_map(|b| char::from(b).to_string()),
            3 => prop::sample::select(HARD).prop_map(str::to_string),
        ],
        0..12,
    )
    .prop_map(|pieces| pieces.concat())
}

fn doc() -> impl Strategy<Value = AlignedDoc> {
    (
        hard_string(),
        prop::collection::vec(hard_string(), 0..6),
        prop::collection::vec(hard_string(), 0..6),
        prop::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(name, src, tgt, choices)| {
            let beads = beads_over(src.len(), tgt.len(), &choices);
            AlignedDoc {
                name,
                src,
                tgt,
                beads,
            }
        })
}

fn filter() -> impl Strategy<Value = Filter> {
    (prop::option::of(0.0f64..=1.0), any::<bool>()).prop_map(|(min_score, keep_unaligned)| {
        Filter::default()
            .with_min_score(min_score)
            .with_keep_unaligned(keep_unaligned)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn csv_tsv_jsonl_tmx_and_beads_read_back_to_the_same_text(doc in doc(), filter in filter()) {
        check_writers(&doc, filter);
    }

    #[test]
    fn moses_files_stay_line_parallel(doc in doc()) {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("corpus");
        let filter = invariants::keep_all();
        let mut w: Box<dyn Writer> =
            Box::new(MosesWriter::create(&prefix, &invariants::languages(), filter).unwrap());
        w.write_doc(&doc).unwrap();
        w.finish().unwrap();
        let rows = invariants::expected_rows(&doc, &filter);
        for (side, column) in [("en", 3), ("id", 4)] {
            let text = std::fs::read_to_string(dir.path().join(format!("corpus.{side}"))).unwrap();
            // Read as Python's str.splitlines would: every line-end character splits.
            let lines: Vec<&str> = text
                .strip_suffix('\n')
                .map(|t| t.split(['\n', '\r', '\u{B}', '\u{C}', '\u{1C}', '\u{1D}', '\u{1E}',
                    '\u{85}', '\u{2028}', '\u{2029}']).collect())
                .unwrap_or_default();
            prop_assert_eq!(lines.len(), rows.len());
            for (line, row) in lines.iter().zip(&rows) {
                let expected: String = row[column]
                    .chars()
                    .map(|c| if "\n\r\u{B}\u{C}\u{1C}\u{1D}\u{1E}\u{85}\u{2028}\u{2029}"
                        .contains(c) { ' ' } else { c })
                    .collect();
                prop_assert_eq!(*line, expected.as_str());
            }
        }
    }

    #[test]
    fn segmentation_keeps_its_invariants_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..400)
    ) {
        check_text(&bytes);
    }

    #[test]
    fn segmentation_keeps_its_invariants_on_hostile_text(
        pieces in prop::collection::vec(
            prop_oneof![hard_string(), Just(". ".to_string()), Just("Dr. ".to_string()),
                Just("A. ".to_string()), Just("\n\n".to_string()), Just("1.500. ".to_string())],
            0..30)
    ) {
        check_decoded(&pieces.concat());
    }

    #[test]
    fn alignment_keeps_its_invariants(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        invariants::fuzz_alignment(&bytes);
    }
}

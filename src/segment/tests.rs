//! Unit and property tests of segmentation: a worked example of a scraped article, linear time
//! on pathological input, and the property that sentences and gaps rebuild the normalised text.

use super::*;
use crate::lang::Lang;

fn texts(lang: &str, text: &str) -> Vec<String> {
    Segmenter::for_lang(Lang::lenient(lang))
        .split(text)
        .iter()
        .map(|s| s.text(text).to_string())
        .collect()
}

#[test]
fn paragraphs_are_counted_from_blank_lines() {
    let text = "\n\nA b.\n\n\nC d. E f.\nG h.";
    let s = Segmenter::for_lang(Lang::EN).split(text);
    let paragraphs: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
    assert_eq!(paragraphs, [0, 1, 1, 1]);
}

#[test]
fn boilerplate_lines_are_marked_not_dropped() {
    let text = "Harga naik.\n\nLeave a Reply\nBaca juga: Banjir lagi";
    let s = Segmenter::for_lang(Lang::ID).split(text);
    let marks: Vec<bool> = s.iter().map(|s| s.boilerplate).collect();
    assert_eq!(marks, [false, true, true]);
}

#[test]
fn abbreviations_initials_and_numbers_do_not_split() {
    assert_eq!(
        texts(
            "en",
            "Dr. Smith met B.J. Habibie at 10.30 a.m. on Monday. It rained."
        ),
        [
            "Dr. Smith met B.J. Habibie at 10.30 a.m. on Monday.",
            "It rained."
        ]
    );
    assert_eq!(
        texts(
            "id",
            "Harga Rp 1.500.000 naik 5,2 persen. Kantornya di Jl. Sudirman No. 5."
        ),
        [
            "Harga Rp 1.500.000 naik 5,2 persen.",
            "Kantornya di Jl. Sudirman No. 5."
        ]
    );
}

#[test]
fn closing_quotes_stay_with_their_sentence() {
    assert_eq!(
        texts("id", "“Kami siap.” Dia tersenyum. \"Ya!\" katanya."),
        ["“Kami siap.”", "Dia tersenyum.", "\"Ya!\" katanya."]
    );
}

#[test]
fn quotation_marks_of_other_languages_close_their_sentence() {
    // French spaces its closing guillemet; German closes with the marks English opens with.
    assert_eq!(
        texts("fr", "Il a dit : « Nous sommes prêts. » Puis il est parti."),
        ["Il a dit : « Nous sommes prêts. »", "Puis il est parti."]
    );
    assert_eq!(
        texts(
            "de",
            "Er sagte: „Wir sind bereit.“ Dann ging er. Sie sagte: »Ja.« Ende."
        ),
        [
            "Er sagte: „Wir sind bereit.“",
            "Dann ging er.",
            "Sie sagte: »Ja.«",
            "Ende."
        ]
    );
    // An East Asian bracket stays with the sentence it closes.
    assert_eq!(
        texts("ja", "「はい。」と言った。次の日。"),
        ["「はい。」", "と言った。", "次の日。"]
    );
    // A mark that opens a quotation is not taken for a closing one.
    assert_eq!(
        texts("de", "Er ging. „Ja“, sagte sie. Er sagte »Nein.«"),
        ["Er ging.", "„Ja“, sagte sie.", "Er sagte »Nein.«"]
    );
}

#[test]
fn abbreviations_before_a_year_or_a_figure_number_do_not_split() {
    assert_eq!(
        texts(
            "id",
            "Menurut UU No. 11 Th. 2020 itu sah. Ia lahir thn. 1990. Lihat gbr. 3 dan tab. 2."
        ),
        [
            "Menurut UU No. 11 Th. 2020 itu sah.",
            "Ia lahir thn. 1990.",
            "Lihat gbr. 3 dan tab. 2."
        ]
    );
    assert_eq!(
        texts("en", "It was built c. 1900 by Acme Inc. Then sold."),
        ["It was built c. 1900 by Acme Inc.", "Then sold."]
    );
}

#[test]
fn german_ordinals_and_abbreviations_do_not_split() {
    assert_eq!(
        texts(
            "de",
            "Am 3. Oktober war Feiertag. Das ist z. B. gut, d. h. sehr gut. Er ist 12. Danach \
             ging er. Im 19. Jahrhundert wuchs die Stadt. Siehe Kap. 4. Frankfurt a. M. ist \
             groß. Es geschah am 3. Danach nichts."
        ),
        [
            "Am 3. Oktober war Feiertag.",
            "Das ist z. B. gut, d. h. sehr gut.",
            "Er ist 12.",
            "Danach ging er.",
            "Im 19. Jahrhundert wuchs die Stadt.",
            "Siehe Kap. 4.",
            "Frankfurt a. M. ist groß.",
            "Es geschah am 3.",
            "Danach nichts."
        ]
    );
    // The German rules are German's: in English a number after `the` ends a sentence.
    assert_eq!(
        texts("en", "They won 3. Oktober came."),
        ["They won 3.", "Oktober came."]
    );
}

#[test]
fn spans_rebuild_the_text() {
    let text = "  Satu. Dua!  \n\nTiga?";
    let s = Segmenter::for_lang(Lang::ID).split(text);
    let mut rebuilt = String::new();
    let mut at = 0;
    for sentence in &s {
        rebuilt.push_str(&text[at..sentence.span.start]);
        rebuilt.push_str(sentence.text(text));
        at = sentence.span.end;
    }
    rebuilt.push_str(&text[at..]);
    assert_eq!(rebuilt, text);
}

/// A short news text of our own with the features of real scraped Indonesian articles: a title
/// without punctuation, a `WASHINGTON –` dateline, curly quotes, a date as `(20/6/2024)`, the
/// translation artefacts `katanya. dikatakan.` and `kepada FT. .`, an ellipsis inside a
/// quotation, and the comment form of the site at the end.
#[test]
fn worked_example_scraped_indonesian_article() {
    let raw = "AS Kaget dengan Cepatnya Blok Dagang Baru\r\n\r\n\
        WASHINGTON – Perjanjian dagang antara Brasil, India dan “pesaing” Amerika Serikat (AS) \
        lainnya mengejutkan Washington, menurut laporan harian Financial Times (FT).\r\n\r\n\
        FT mengutip pejabat yang tidak mau disebut namanya.\r\n\r\n\
        Menteri Perdagangan India menandatangani nota kesepahaman dengan Brasil pada Kamis \
        (20/6/2024), sebelum terbang ke Jepang.\r\n\r\n\
        “Kecepatan kesepakatan ini kadang mengejutkan para diplomat kami. India dan Brasil \
        telah menyingkirkan perbedaan lama demi menghadapi aturan dagang yang mereka anggap \
        dibuat oleh AS, katanya. dikatakan.\r\n\r\n\
        AS menduga Brasil mengirimkan “bijih besi, baja … suku cadang untuk mesin pertanian.” \
        Seorang diplomat mengatakan kepada FT. .\r\n\r\n\
        “Pasar bebas bukan milik satu kawasan,” kata seorang pejabat India kepada surat kabar \
        itu.\r\n\r\n\
        Leave a Reply\r\n\r\n\
        Your email address will not be published. Required fields are marked *";
    let text = crate::normalize::normalize(raw);
    let sentences = Segmenter::for_lang(Lang::ID).split(&text);
    let got: Vec<(&str, usize, bool)> = sentences
        .iter()
        .map(|s| (s.text(&text), s.paragraph, s.boilerplate))
        .collect();
    let expected = [
        ("AS Kaget dengan Cepatnya Blok Dagang Baru", 0, false),
        (
            "WASHINGTON – Perjanjian dagang antara Brasil, India dan “pesaing” Amerika Serikat \
             (AS) lainnya mengejutkan Washington, menurut laporan harian Financial Times (FT).",
            1,
            false,
        ),
        (
            "FT mengutip pejabat yang tidak mau disebut namanya.",
            2,
            false,
        ),
        (
            "Menteri Perdagangan India menandatangani nota kesepahaman dengan Brasil pada Kamis \
             (20/6/2024), sebelum terbang ke Jepang.",
            3,
            false,
        ),
        (
            "“Kecepatan kesepakatan ini kadang mengejutkan para diplomat kami.",
            4,
            false,
        ),
        (
            "India dan Brasil telah menyingkirkan perbedaan lama demi menghadapi aturan dagang \
             yang mereka anggap dibuat oleh AS, katanya. dikatakan.",
            4,
            false,
        ),
        (
            "AS menduga Brasil mengirimkan “bijih besi, baja … suku cadang untuk mesin \
             pertanian.”",
            5,
            false,
        ),
        ("Seorang diplomat mengatakan kepada FT. .", 5, false),
        (
            "“Pasar bebas bukan milik satu kawasan,” kata seorang pejabat India kepada surat \
             kabar itu.",
            6,
            false,
        ),
        ("Leave a Reply", 7, true),
        (
            "Your email address will not be published. Required fields are marked *",
            8,
            true,
        ),
    ];
    assert_eq!(got, expected);
}

#[test]
fn furniture_pasted_into_a_paragraph_is_cut_off_and_marked() {
    let text = "Ekspor naik. Tonton video di atas Cetak halaman ini Impor turun.";
    let s = Segmenter::for_lang(Lang::ID).split(text);
    let got: Vec<(&str, bool)> = s.iter().map(|s| (s.text(text), s.boilerplate)).collect();
    assert_eq!(
        got,
        [
            ("Ekspor naik.", false),
            ("Tonton video di atas", true),
            ("Cetak halaman ini", true),
            ("Impor turun.", false),
        ]
    );
}

#[test]
fn pathological_lines_end() {
    // Sizes at which quadratic behaviour would take minutes; `scripts/scale.sh` times them in a
    // release build (no unit test measures time: the machines are shared). A 30 MB line with no punctuation, and a million one-word lines.
    let long_line = "kata ".repeat(6_000_000);
    assert_eq!(Segmenter::for_lang(Lang::ID).split(&long_line).len(), 1);
    let many_lines = "kata\n".repeat(1_000_000);
    assert_eq!(
        Segmenter::for_lang(Lang::EN).split(&many_lines).len(),
        1_000_000
    );
    let glued = "a.B".repeat(1_000_000);
    assert!(!Segmenter::for_lang(Lang::EN).split(&glued).is_empty());
    let periods = ". ".repeat(500_000) + &"U.S. ".repeat(200_000) + &"a.".repeat(500_000);
    assert!(!Segmenter::for_lang(Lang::EN).split(&periods).is_empty());
    let quotes = "\"Ya!\" ".repeat(300_000);
    assert!(!Segmenter::for_lang(Lang::ID).split(&quotes).is_empty());
    // Bullets that never open an item, one that does at the end, and a million wrapped lines.
    let bullets = "a•".repeat(1_000_000) + " • b • c";
    assert_eq!(Segmenter::for_lang(Lang::EN).split(&bullets).len(), 3);
    let wrapped = "the river rose through the night and the town slept on\n".repeat(1_000_000);
    assert_eq!(Segmenter::for_lang(Lang::EN).split(&wrapped).len(), 1);
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;
    use crate::normalize::{is_removable, normalize};

    /// Pieces that exercise the rules: words, abbreviations, numbers, quotes, furniture and all
    /// kinds of space and line ends.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[A-Za-z]{1,8}".prop_map(String::from),
            3 => Just(" ".to_string()),
            1 => prop::sample::select(vec![
                ".", "!", "?", "?!", "...", "…", "\"", "“", "”", "‘", "’", "'", "(", ")", ",",
                "\n", "\n\n", "\r\n", "\r", "\u{A0}", "\u{2009}", "\u{200B}", "\u{FEFF}",
                "\u{AD}", "\u{2060}", "\u{200C}", "\u{200D}", "\t", "U.S.", "Dr.", "dll.",
                "Tbk.", "a.m.", "B.J.", "1.500.000", "5,2", "19/6/2024", "ke-6", "KOMPAS.com",
                "e\u{301}", "Leave a Reply", "Most read", "Baca juga:", "1. ", "–", "。", "？",
                "https://a.b/c?d=e.", " . ", "\u{3000}", "\u{85}", "\u{2028}",
            ])
            .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(piece(), 0..60).prop_map(|p| p.concat()),
            any::<String>(),
        ]
    }

    fn check(lang: &str, raw: &str) -> Result<(), TestCaseError> {
        let text = normalize(raw);
        // Normalisation: one line end, no removable format characters, NFC, and every other
        // non-space character kept in order.
        prop_assert!(!text.contains('\r'));
        prop_assert!(!text.chars().any(is_removable));
        prop_assert!(unicode_normalization::is_nfc(&text));
        let kept = |s: &str| -> String {
            let cleaned: String = s.chars().filter(|&c| !is_removable(c)).collect();
            unicode_normalization::UnicodeNormalization::nfc(cleaned.as_str())
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect()
        };
        let normalized_kept: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(kept(raw), normalized_kept);

        let sentences = Segmenter::for_lang(Lang::lenient(lang)).split(&text);
        let mut at = 0usize;
        let mut rebuilt = String::new();
        let mut paragraph = 0usize;
        for s in &sentences {
            let span = s.span.clone();
            prop_assert!(span.start >= at, "ordered, non-overlapping: {:?}", span);
            prop_assert!(span.start < span.end, "non-empty");
            prop_assert!(text.get(span.clone()).is_some(), "on char boundaries");
            let gap = &text[at..span.start];
            prop_assert!(
                gap.trim().is_empty(),
                "only space between sentences: {:?}",
                gap
            );
            let body = s.text(&text);
            prop_assert_eq!(body, body.trim(), "trimmed");
            prop_assert!(s.paragraph >= paragraph, "paragraphs never go back");
            paragraph = s.paragraph;
            rebuilt.push_str(gap);
            rebuilt.push_str(body);
            at = span.end;
        }
        prop_assert!(text[at..].trim().is_empty());
        rebuilt.push_str(&text[at..]);
        prop_assert_eq!(rebuilt, text);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn raw_text_never_panics_and_spans_stay_valid(raw in text()) {
            for lang in ["id", "en"] {
                let mut at = 0;
                for s in Segmenter::for_lang(Lang::lenient(lang)).split(&raw) {
                    prop_assert!(at <= s.span.start && s.span.start < s.span.end);
                    prop_assert!(raw.get(s.span.clone()).is_some());
                    at = s.span.end;
                }
            }
        }

        /// A text split in pieces at paragraph breaks gives the sentences (and paragraph
        /// numbers) of the text split whole.
        #[test]
        fn splitting_in_pieces_gives_the_sentences_of_the_whole(raw in text(), piece in 1usize..40) {
            let text = normalize(&raw);
            for lang in ["id", "en"] {
                let segmenter = Segmenter::for_lang(Lang::lenient(lang));
                prop_assert_eq!(
                    segmenter.split_in_pieces(&text, piece).concat(),
                    segmenter.split_in_pieces(&text, usize::MAX).concat()
                );
            }
        }

        #[test]
        fn sentences_and_gaps_rebuild_the_normalized_text(raw in text()) {
            check("id", &raw)?;
            check("en", &raw)?;
            check("de", &raw)?;
        }
    }
}

/// `fold -s -w width`: each line broken after the last space that keeps it within `width`
/// characters (the space stays at the end of the line), or at `width` when it has no space.
fn fold(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let mut rest = body;
        while rest.chars().count() > width {
            let cut = rest
                .char_indices()
                .nth(width)
                .map_or(rest.len(), |(i, _)| i);
            let at = rest[..cut].rfind(' ').map_or(cut, |space| space + 1);
            out.push_str(&rest[..at]);
            out.push('\n');
            rest = &rest[at..];
        }
        out.push_str(rest);
        out.push_str(end);
    }
    out
}

fn collapsed(lang: &str, text: &str) -> Vec<String> {
    Segmenter::for_lang(Lang::lenient(lang))
        .split(text)
        .iter()
        .map(|s| crate::normalize::collapse_whitespace(s.text(text)))
        .collect()
}

#[test]
fn pieces_end_after_a_blank_line() {
    let text = "a\n\nb\nc\n\n\nd";
    assert_eq!(pieces(text, 1), [0..3, 3..8, 8..10]);
    assert_eq!(pieces(text, 100), vec![0..text.len()]);
}

/// The corpus, whole and folded (a wrapped text, whose width is the document's), split in pieces
/// of a few hundred bytes gives the sentences of the text split whole.
#[test]
fn the_corpus_split_in_pieces_keeps_its_sentences() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for lang in ["en", "id"] {
        let mut all = String::new();
        for entry in std::fs::read_dir(&corpus).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(&format!(".{lang}.txt")) {
                all.push_str(&std::fs::read_to_string(&path).unwrap());
                all.push_str("\n\n");
            }
        }
        let segmenter = Segmenter::for_lang(Lang::lenient(lang));
        for text in [crate::normalize::normalize(&all), fold(&all, 70)] {
            let whole = segmenter.split(&text);
            assert!(whole.len() > 100);
            for piece in [300, 2000] {
                assert!(pieces(&text, piece).len() > 1);
                assert_eq!(
                    segmenter.split_in_pieces(&text, piece).concat(),
                    whole,
                    "{lang} {piece}"
                );
            }
        }
    }
}

#[test]
fn the_corpus_folded_at_60_to_80_columns_keeps_its_sentences() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files = 0usize;
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(lang) = [".en.txt", ".id.txt"]
            .iter()
            .find(|end| name.ends_with(*end))
            .map(|end| &end[1..3])
        else {
            continue;
        };
        let text = crate::normalize::normalize(&std::fs::read_to_string(&path).unwrap());
        let whole = collapsed(lang, &text);
        for width in 60..=80 {
            let folded = fold(&text, width);
            assert!(folded.lines().count() > text.lines().count(), "{name}");
            assert_eq!(collapsed(lang, &folded), whole, "{name} folded at {width}");
        }
        files += 1;
    }
    assert!(files >= 16, "{files} corpus files");
}

/// A paragraph of prose wrapped at about 60 columns, for the rules below to be tried inside.
const WRAPPED: &str = "Floodwaters up to 1.5 meters deep swept through dozens of\n\
    neighborhoods in East Jakarta on Wednesday after the heaviest\n\
    overnight rain the capital has seen this year, officials said.\n";

#[test]
fn wrapped_lines_are_joined_and_keep_their_line_ends() {
    let text = format!("{WRAPPED}The river burst its banks shortly before dawn, and Dr.\nRina Aryanti of the agency warned of more rain to come.\n");
    let sentences = texts("en", &text);
    assert_eq!(sentences.len(), 2, "{sentences:?}");
    assert!(sentences[0].contains("of\nneighborhoods"));
    assert!(sentences[1].contains("Dr.\nRina"));
}

#[test]
fn a_hyphen_at_a_line_end_does_not_end_a_sentence() {
    // Wrapped or not, the hyphen stays in the sentence's text.
    assert_eq!(
        texts("en", "The new infor-\nmation desk opened today."),
        ["The new infor-\nmation desk opened today."]
    );
    let text = format!("{WRAPPED}Volunteers handed out food, blankets and clean water in the\nmosques, schools and sports halls of the city's eastern dis-\ntricts until midnight.\n");
    assert_eq!(texts("en", &text).len(), 2);
    assert!(texts("en", &text)[1].contains("dis-\ntricts"));
}

#[test]
fn a_headline_line_followed_by_a_capitalised_line_stands_alone() {
    let text = format!("Floods Hit East Jakarta\nBy Sarah Lin\nJAKARTA\n{WRAPPED}");
    assert_eq!(
        texts("en", &text)[..3],
        ["Floods Hit East Jakarta", "By Sarah Lin", "JAKARTA"]
    );
    assert_eq!(texts("en", &text).len(), 4);
}

#[test]
fn list_items_on_their_own_lines_stay_apart_in_wrapped_text() {
    let items = "The agency asked residents to take three steps before night:\n\
        1. move vehicles, documents and medicine to the upper floors\n\
        2. switch off the electricity at the meter before leaving\n\
        • follow the announcements of the neighborhood chief\n\
        - keep the children away from the water and the drains\n";
    let text = format!("{WRAPPED}{items}");
    let got = texts("en", &text);
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(got[1].ends_with("night:"));
    assert!(got[5].starts_with("- keep"));
}

#[test]
fn dashed_items_that_fill_the_width_stay_apart() {
    let items = "- keep the children away from the water and the drains in the\n\
        - move the livestock to the higher ground behind the village hall\n";
    assert_eq!(texts("en", &format!("{WRAPPED}{items}")).len(), 3);
}

#[test]
fn a_dash_after_a_full_line_goes_on_with_its_sentence() {
    let text = format!("{WRAPPED}The price of rice rose again in the markets of JAKARTA (NNA)\n- traders said supplies from Central Java had not yet arrived.\n");
    assert_eq!(texts("en", &text).len(), 2);
}

#[test]
fn short_lines_of_a_poem_or_an_address_are_not_wrapped_prose() {
    let poem = "The rain falls all night on the river\n\
        and the river runs on down to the sea\n\
        The sea keeps every one of the names\n\
        that the river gave away to me\n";
    assert_eq!(texts("en", poem).len(), 4);
    // Beside wrapped prose too: the lines end well before the width of the prose.
    assert_eq!(texts("en", &format!("{WRAPPED}\n{poem}")).len(), 5);
    let address = format!("{WRAPPED}Badan Penanggulangan Bencana Daerah\nJl. Medan Merdeka Selatan No. 8-9\nJakarta Pusat 10110\n");
    let got = texts("id", &address);
    assert_eq!(
        got[1..],
        [
            "Badan Penanggulangan Bencana Daerah",
            "Jl. Medan Merdeka Selatan No. 8-9",
            "Jakarta Pusat 10110"
        ]
    );
}

#[test]
fn lowercase_sentence_starts_in_english_web_text() {
    // After `?`, `!` and a plain word's period, a lower-case word opens a sentence in English.
    assert_eq!(
        texts("en", "is the shop open today? i need milk. call me later!"),
        ["is the shop open today?", "i need milk.", "call me later!"]
    );
    assert_eq!(
        texts("en", "the bus was late! so we walked."),
        ["the bus was late!", "so we walked."]
    );
    // Abbreviations, dotted words, ellipses and quotations go on.
    for one in [
        "The rate rose 4 pct. in May and fell 2 hrs. later.",
        "Bring pens, paper, etc. and a ruler.",
        "Prices in the U.S. are high.",
        "Well... maybe not.",
        "\"Are you sure?\" he asked.",
        "He works at Quizly! in the sales team.",
        "Sure? sure.",
    ] {
        assert_eq!(texts("en", one), [one], "{one}");
    }
}

#[test]
fn regression_lowercase_starts_stay_joined_in_indonesian() {
    // Indonesian keeps its own rule: a lower-case word after a period goes on.
    let one = "Rapat selesai pukul tiga. kemudian semua pulang.";
    assert_eq!(texts("id", one), [one]);
}

#[test]
fn indonesian_titles_places_and_company_forms_do_not_split() {
    for one in [
        "Penarinya antara lain Tb. Rahmat dan Rev. Yohanes dari gereja itu.",
        "Rumahnya di Dsn. Sukamaju, Dk. Krajan, dekat pasar.",
        "Ia meraih gelar Ph. D. di Leiden pada 1950.",
        "Pabriknya milik Sinar Printing Co. Ltd. di Jiangsu.",
    ] {
        assert_eq!(texts("id", one), [one], "{one}");
    }
    assert_eq!(
        texts("id", "Saham dijual ke Maju Jaya Co. Harga naik."),
        ["Saham dijual ke Maju Jaya Co.", "Harga naik."]
    );
}

#[test]
fn a_backtick_opens_a_quotation() {
    assert_eq!(
        texts(
            "id",
            "Ia diam. ``Siapa di sana?'' tanyanya. ` Pulang ' katanya."
        ),
        [
            "Ia diam.",
            "``Siapa di sana?'' tanyanya.",
            "` Pulang ' katanya."
        ]
    );
}

#[test]
fn a_suffix_after_a_number_is_not_an_abbreviation() {
    // `-an` after a decade is not `a.n.` (atas nama).
    assert_eq!(
        texts("id", "Lagu itu populer pada 1980-an. Kini jarang diputar."),
        ["Lagu itu populer pada 1980-an.", "Kini jarang diputar."]
    );
}

#[test]
fn indonesian_units_and_hospitals() {
    // `kg` is the kilogram (the kampung is `Kp.`); `RS.` (rumah sakit) goes on before a name.
    assert_eq!(
        texts("id", "Beratnya 40 kg. Pemiliknya senang."),
        ["Beratnya 40 kg.", "Pemiliknya senang."]
    );
    let one = "Ia dirawat di RS. Harapan Kita sejak Senin.";
    assert_eq!(texts("id", one), [one]);
    assert_eq!(
        texts("id", "Ia dibawa ke RS. Dia lalu dirawat."),
        ["Ia dibawa ke RS.", "Dia lalu dirawat."]
    );
}

#[test]
fn a_period_inside_brackets_that_close_soon_goes_on() {
    for (lang, one) in [
        ("id", "Bandara itu (Intl. Airport) ramai sekali."),
        ("en", "The plant (Z. zerumbet (Sm.) Roscoe) grows wild."),
        ("en", "The office (Dept. Finance) moved."),
    ] {
        assert_eq!(texts(lang, one), [one], "{one}");
    }
    assert_eq!(
        texts("en", "He played drums (and bass). The band split."),
        ["He played drums (and bass).", "The band split."]
    );
}

#[test]
fn indonesian_sentences_open_in_lower_case_after_a_question_or_a_number() {
    assert_eq!(
        texts("id", "Apakah ia akan datang? kita tunggu saja."),
        ["Apakah ia akan datang?", "kita tunggu saja."]
    );
    assert_eq!(
        texts(
            "id",
            "Gedung itu dibangun pada 1925. sekarang menjadi museum."
        ),
        ["Gedung itu dibangun pada 1925.", "sekarang menjadi museum."]
    );
    // After a word's period, a list marker, a time or a quotation's `?` the sentence goes on.
    for one in [
        "Rapat selesai pukul tiga. kemudian semua pulang.",
        "Langkahnya: 1. buka pintu.",
        "Acara dimulai pukul 08.00. lalu semua makan.",
        "“Mau ke mana?” tanya ibu.",
        "Benarkah? benar.",
        "Sudahkah? sudah.",
    ] {
        assert_eq!(texts("id", one), [one], "{one}");
    }
}

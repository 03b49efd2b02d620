//! Language codes: the one place that reads them and knows what each language gets.
//!
//! A code is read once, at the start of a run, into a [`Lang`]: ISO 639-1 codes (`en`), the
//! ISO 639-2/639-3 and legacy aliases of the same languages (`eng`, `ind`, `in`, `msa`, `iw`),
//! any case, with an optional script and region (`pt-BR`, `zh_hant_tw`). Everything after that
//! uses the canonical form — file discovery (`NAME.en.txt`), stream keys, CSV and JSONL column
//! names, TMX `xml:lang` — and asks the [`Lang`] for the tables of each stage: the sentence rules,
//! the boilerplate table, the morphology of the lexicon, and whether the bundled lexicon covers it.
//!
//! A well-formed code that is not in the table (`xx`, `qaa`) gets the generic tables and a
//! [`Lang::warning`]; text that is not a code at all (`english`) is a [`LangError`] that
//! suggests the code when the name is one the table knows.

use std::fmt;
use std::str::FromStr;

use crate::align::lexicon::learned::Units;
use crate::align::lexicon::morph::Morphology;
use crate::normalize::boilerplate::BoilerplateRules;
use crate::segment::LangRules;

/// Which set of stage tables a language gets (sentence rules, boilerplate, morphology).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tables {
    /// English rules.
    English,
    /// Indonesian rules; Malay shares them (the abbreviations, affixes and web phrases agree).
    Indonesian,
    /// German sentence rules (abbreviations, ordinal numbers); the generic boilerplate table
    /// and lexicon keys.
    German,
    /// The rules every language shares, and nothing else.
    Generic,
}

/// Which column of the bundled Indonesian–English lexicon a language reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Bundled {
    /// The English column.
    English,
    /// The Indonesian column (not Malay: the vocabularies differ too often).
    Indonesian,
}

/// One language of the table.
#[derive(Debug)]
struct Entry {
    /// The canonical code: ISO 639-1 where there is one, else ISO 639-3.
    code: &'static str,
    /// Other codes for the same language: ISO 639-2/T, 639-2/B, 639-3, legacy 639-1.
    aliases: &'static [&'static str],
    /// English name, then other names users type (lowercase), for suggestions.
    names: &'static [&'static str],
    tables: Tables,
    bundled: Option<Bundled>,
    /// The language's most frequent words (lowercase), for [`Lang::plainly_written_in`].
    common_words: &'static [&'static str],
    /// The units its text is cut into for the lexicons (words, or characters where the script
    /// has no spaces between words).
    units: Units,
}

const fn plain(
    code: &'static str,
    aliases: &'static [&'static str],
    names: &'static [&'static str],
) -> Entry {
    Entry {
        code,
        aliases,
        names,
        tables: Tables::Generic,
        bundled: None,
        common_words: &[],
        units: Units::Words,
    }
}

/// An entry whose script is written without spaces between words.
const fn unspaced(entry: Entry, units: Units) -> Entry {
    Entry { units, ..entry }
}

const fn with_words(entry: Entry, common_words: &'static [&'static str]) -> Entry {
    Entry {
        common_words,
        ..entry
    }
}

/// The languages selaras knows by code. English, Indonesian and Malay have tables of their own,
/// German its sentence rules; the others are known so that their aliases and names are read the
/// same way everywhere.
static TABLE: &[Entry] = &[
    Entry {
        code: "en",
        aliases: &["eng"],
        names: &["english", "inggris", "bahasa inggris"],
        tables: Tables::English,
        bundled: Some(Bundled::English),
        units: Units::Words,
        common_words: &[
            "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was", "on", "with",
            "he", "she", "as", "at", "by", "said", "be", "this", "from", "are", "have", "has",
        ],
    },
    Entry {
        code: "id",
        aliases: &["ind", "in"],
        names: &["indonesian", "indonesia", "bahasa indonesia", "bahasa"],
        tables: Tables::Indonesian,
        bundled: Some(Bundled::Indonesian),
        units: Units::Words,
        common_words: &[
            "yang", "dan", "di", "itu", "ini", "dengan", "untuk", "dari", "pada", "akan", "tidak",
            "dalam", "ke", "kata", "adalah", "ia", "juga", "oleh", "telah", "sebagai", "atau",
        ],
    },
    Entry {
        code: "ms",
        aliases: &["msa", "may", "zsm"],
        names: &["malay", "melayu", "bahasa melayu", "malaysian"],
        tables: Tables::Indonesian,
        bundled: None,
        units: Units::Words,
        common_words: &[
            "yang", "dan", "di", "itu", "ini", "dengan", "untuk", "dari", "pada", "akan", "tidak",
            "dalam", "ke", "kata", "adalah", "ia", "juga", "oleh", "telah", "sebagai", "atau",
        ],
    },
    plain("af", &["afr"], &["afrikaans"]),
    plain("am", &["amh"], &["amharic"]),
    plain("ak", &["aka"], &["akan"]),
    plain("ar", &["ara", "arb"], &["arabic"]),
    plain("az", &["aze"], &["azerbaijani"]),
    plain("be", &["bel"], &["belarusian"]),
    plain("bg", &["bul"], &["bulgarian"]),
    plain("bn", &["ben"], &["bengali", "bangla"]),
    plain("bs", &["bos"], &["bosnian"]),
    plain("ca", &["cat"], &["catalan"]),
    plain("cs", &["ces", "cze"], &["czech"]),
    plain("cy", &["cym", "wel"], &["welsh"]),
    plain("da", &["dan"], &["danish"]),
    with_words(
        Entry {
            tables: Tables::German,
            ..plain("de", &["deu", "ger"], &["german", "deutsch"])
        },
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit",
            "sich", "des", "auf", "für", "im", "dem", "es", "auch",
        ],
    ),
    plain("el", &["ell", "gre"], &["greek"]),
    plain("eo", &["epo"], &["esperanto"]),
    plain("es", &["spa"], &["spanish", "español", "espanol"]),
    plain("et", &["est"], &["estonian"]),
    plain("eu", &["eus", "baq"], &["basque"]),
    plain("fa", &["fas", "per", "pes"], &["persian", "farsi"]),
    plain("fi", &["fin"], &["finnish"]),
    with_words(
        plain("fr", &["fra", "fre"], &["french", "français", "francais"]),
        &[
            "le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que", "qui", "dans",
            "pour", "pas", "sur", "au", "il", "elle", "en",
        ],
    ),
    plain("ga", &["gle"], &["irish"]),
    plain("gl", &["glg"], &["galician"]),
    plain("gu", &["guj"], &["gujarati"]),
    plain("ha", &["hau"], &["hausa"]),
    plain("he", &["heb", "iw"], &["hebrew"]),
    plain("hi", &["hin"], &["hindi"]),
    plain("hr", &["hrv"], &["croatian"]),
    plain("hu", &["hun"], &["hungarian"]),
    plain("hy", &["hye", "arm"], &["armenian"]),
    plain("ig", &["ibo"], &["igbo"]),
    plain("is", &["isl", "ice"], &["icelandic"]),
    plain("it", &["ita"], &["italian", "italiano"]),
    unspaced(plain("ja", &["jpn"], &["japanese"]), Units::Characters),
    plain("jv", &["jav", "jw"], &["javanese", "jawa"]),
    plain("ka", &["kat", "geo"], &["georgian"]),
    plain("kk", &["kaz"], &["kazakh"]),
    unspaced(plain("km", &["khm"], &["khmer"]), Units::Syllables),
    plain("kn", &["kan"], &["kannada"]),
    plain("ko", &["kor"], &["korean"]),
    plain("ku", &["kur"], &["kurdish"]),
    plain("ky", &["kir"], &["kyrgyz"]),
    plain("la", &["lat"], &["latin"]),
    unspaced(plain("lo", &["lao"], &["lao"]), Units::Syllables),
    plain("lt", &["lit"], &["lithuanian"]),
    plain("lv", &["lav"], &["latvian"]),
    plain("mg", &["mlg"], &["malagasy"]),
    plain("mk", &["mkd", "mac"], &["macedonian"]),
    plain("ml", &["mal"], &["malayalam"]),
    plain("mn", &["mon"], &["mongolian"]),
    plain("mr", &["mar"], &["marathi"]),
    plain("mt", &["mlt"], &["maltese"]),
    unspaced(plain("my", &["mya", "bur"], &["burmese"]), Units::Syllables),
    plain("nb", &["nob"], &["norwegian bokmål", "bokmål", "bokmal"]),
    plain("ne", &["nep"], &["nepali"]),
    plain("nl", &["nld", "dut"], &["dutch", "nederlands"]),
    plain("nn", &["nno"], &["norwegian nynorsk", "nynorsk"]),
    plain("no", &["nor"], &["norwegian"]),
    plain("or", &["ori", "ory"], &["odia", "oriya"]),
    plain("pa", &["pan"], &["punjabi"]),
    plain("pl", &["pol"], &["polish"]),
    plain("ps", &["pus"], &["pashto"]),
    plain("pt", &["por"], &["portuguese", "português", "portugues"]),
    plain("ro", &["ron", "rum", "mo"], &["romanian"]),
    plain("ru", &["rus"], &["russian"]),
    plain("si", &["sin"], &["sinhala"]),
    plain("sk", &["slk", "slo"], &["slovak"]),
    plain("sl", &["slv"], &["slovenian", "slovene"]),
    plain("sn", &["sna"], &["shona"]),
    plain("so", &["som"], &["somali"]),
    plain("sq", &["sqi", "alb"], &["albanian"]),
    plain("sr", &["srp"], &["serbian"]),
    plain("su", &["sun"], &["sundanese", "sunda"]),
    plain("sv", &["swe"], &["swedish"]),
    plain("sw", &["swa", "swh"], &["swahili"]),
    plain("ta", &["tam"], &["tamil"]),
    plain("te", &["tel"], &["telugu"]),
    plain("tg", &["tgk"], &["tajik"]),
    unspaced(plain("th", &["tha"], &["thai"]), Units::Syllables),
    plain("tk", &["tuk"], &["turkmen"]),
    plain("tl", &["tgl"], &["tagalog"]),
    plain("tr", &["tur"], &["turkish"]),
    plain("uk", &["ukr"], &["ukrainian"]),
    plain("ur", &["urd"], &["urdu"]),
    plain("uz", &["uzb"], &["uzbek"]),
    plain("vi", &["vie"], &["vietnamese"]),
    plain("xh", &["xho"], &["xhosa"]),
    plain("yi", &["yid", "ji"], &["yiddish"]),
    plain("yo", &["yor"], &["yoruba"]),
    unspaced(
        plain("zh", &["zho", "chi", "cmn"], &["chinese", "mandarin"]),
        Units::Characters,
    ),
    plain("zu", &["zul"], &["zulu"]),
    plain("ace", &[], &["acehnese", "aceh"]),
    plain("ban", &[], &["balinese", "bali"]),
    plain("bug", &[], &["buginese", "bugis"]),
    plain("fil", &[], &["filipino"]),
    plain("min", &[], &["minangkabau", "minang"]),
];

/// The longest canonical tag: language (3), script (4), region (3), two hyphens.
const MAX_TAG: usize = 12;

/// A language, read from a code and put in canonical form: lowercase language, title-case
/// script, uppercase region, joined by `-` (`pt-BR`, `zh-Hant-TW`).
///
/// ```
/// use selaras::lang::Lang;
///
/// let lang: Lang = "ind".parse().unwrap();
/// assert_eq!(lang.code(), "id");
/// assert_eq!("EN_gb".parse::<Lang>().unwrap().code(), "en-GB");
/// let err = "english".parse::<Lang>().unwrap_err();
/// assert_eq!(err.suggestion(), Some("en"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang {
    tag: [u8; MAX_TAG],
    len: u8,
    /// The language's entry in [`TABLE`], if it has one.
    entry: Option<u8>,
}

/// Why a text is not a language code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct LangError {
    given: String,
    suggestion: Option<&'static str>,
}

impl LangError {
    /// The text that was given.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The code the text most likely means (`english` → `en`), if the table knows its name.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }

    fn message(&self) -> String {
        match self.suggestion {
            Some(code) => format!(
                "`{}` is not a language code: did you mean `{code}`?",
                self.given
            ),
            None => format!(
                "`{}` is not a language code: give an ISO 639-1 code such as en or id (two or \
                 three letters), optionally with a region such as pt-BR",
                self.given
            ),
        }
    }
}

impl Lang {
    /// English.
    pub const EN: Lang = Lang::from_table(0);
    /// Indonesian.
    pub const ID: Lang = Lang::from_table(1);
    /// Malay.
    pub const MS: Lang = Lang::from_table(2);

    const fn from_table(index: usize) -> Lang {
        let code = TABLE[index].code.as_bytes();
        let mut tag = [0u8; MAX_TAG];
        let mut i = 0;
        while i < code.len() {
            tag[i] = code[i];
            i += 1;
        }
        Lang {
            tag,
            len: code.len() as u8,
            entry: Some(index as u8),
        }
    }

    /// Reads a language code (see the module documentation for what is accepted).
    pub fn parse(text: &str) -> Result<Lang, LangError> {
        let error = || LangError {
            given: text.to_string(),
            suggestion: suggest(text),
        };
        let mut parts = text.trim().split(['-', '_']);
        let base = parts.next().unwrap_or_default();
        if !(2..=3).contains(&base.len()) || !base.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(error());
        }
        let base = base.to_ascii_lowercase();
        let entry = TABLE
            .iter()
            .position(|e| e.code == base || e.aliases.contains(&base.as_str()));
        let mut tag = String::with_capacity(MAX_TAG);
        tag.push_str(entry.map_or(base.as_str(), |i| TABLE[i].code));
        let (mut script, mut region) = (false, false);
        for part in parts {
            let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
            let digits = part.bytes().all(|b| b.is_ascii_digit());
            tag.push('-');
            if part.len() == 4 && letters && !script && !region {
                script = true;
                tag.push_str(&part[..1].to_ascii_uppercase());
                tag.push_str(&part[1..].to_ascii_lowercase());
            } else if ((part.len() == 2 && letters) || (part.len() == 3 && digits)) && !region {
                region = true;
                tag.push_str(&part.to_ascii_uppercase());
            } else {
                return Err(error());
            }
        }
        let mut bytes = [0u8; MAX_TAG];
        bytes[..tag.len()].copy_from_slice(tag.as_bytes());
        Ok(Lang {
            tag: bytes,
            len: tag.len() as u8,
            entry: entry.map(|i| i as u8),
        })
    }

    /// Reads a code, falling back to a language without tables of its own for text that is not
    /// one; for callers that have checked their codes already or hold codes from data.
    pub fn lenient(text: &str) -> Lang {
        Lang::parse(text).unwrap_or(Lang {
            tag: *b"und\0\0\0\0\0\0\0\0\0",
            len: 3,
            entry: None,
        })
    }

    /// The canonical tag: the file-name code, the column name and the TMX `xml:lang`.
    pub fn code(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.tag[..usize::from(self.len)]).unwrap_or("und")
    }

    /// The language without script or region (`pt-BR` → `pt`).
    pub fn base(&self) -> &str {
        let code = self.code();
        code.split('-').next().unwrap_or(code)
    }

    /// The language's English name, if the table knows it.
    pub fn name(&self) -> Option<&'static str> {
        self.entry().map(|e| e.names[0])
    }

    /// Whether the table knows the code.
    pub fn is_known(&self) -> bool {
        self.entry.is_some()
    }

    /// What a run should tell the user about this language: that the code is not one selaras
    /// knows and gets only the generic tables.
    pub fn warning(&self) -> Option<String> {
        (!self.is_known()).then(|| {
            format!(
                "`{}` is not a language code selaras knows: its text gets the generic sentence \
                 rules and boilerplate table and no bundled lexicon",
                self.code()
            )
        })
    }

    fn entry(&self) -> Option<&'static Entry> {
        self.entry.map(|i| &TABLE[usize::from(i)])
    }

    pub(crate) fn tables(&self) -> Tables {
        self.entry().map_or(Tables::Generic, |e| e.tables)
    }

    pub(crate) fn bundled(&self) -> Option<Bundled> {
        self.entry().and_then(|e| e.bundled)
    }

    /// The sentence-segmentation rules of the language.
    pub fn segmentation_rules(&self) -> &'static LangRules {
        LangRules::for_tables(self.tables())
    }

    /// The web-boilerplate table of the language.
    pub fn boilerplate_rules(&self) -> &'static BoilerplateRules {
        BoilerplateRules::for_tables(self.tables())
    }

    /// The units the lexicons cut the language's text into: words, or characters (Chinese,
    /// Japanese) and letter n-grams (Thai, Lao, Khmer, Burmese) where words are not separated by
    /// spaces. Unknown languages get words.
    pub fn units(&self) -> Units {
        self.entry().map_or(Units::Words, |e| e.units)
    }

    /// How the lexicons key the language's words.
    pub fn morphology(&self) -> Morphology {
        match self.tables() {
            Tables::English => Morphology::English,
            Tables::Indonesian => Morphology::Indonesian,
            Tables::German | Tables::Generic => Morphology::Identity,
        }
    }
}

/// The code a name most likely means: a name or other name of a language in the table, any
/// case (`English`, `bahasa indonesia`).
fn suggest(text: &str) -> Option<&'static str> {
    let wanted = text.trim().to_lowercase().replace(['_', '-'], " ");
    TABLE
        .iter()
        .find(|e| e.names.contains(&wanted.as_str()))
        .map(|e| e.code)
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = LangError;

    fn from_str(s: &str) -> Result<Lang, LangError> {
        Lang::parse(s)
    }
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::EN
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// What [`identify`] found a text to be written in.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Identified {
    /// The language.
    pub lang: Lang,
    /// How sure the identifier is, 0 to 1.
    pub confidence: f64,
}

/// The least text [`identify`] judges: shorter texts are told apart too unreliably.
pub const MIN_IDENTIFY_CHARS: usize = 200;

/// Identifies the language of a text, with the `whatlang` crate's trigram models (about 70
/// languages, Indonesian among them; Malay is not one of them, so Malay text is identified as
/// Indonesian). `None` when the text is shorter than [`MIN_IDENTIFY_CHARS`] characters or the
/// identifier is not reliably sure.
///
/// ```
/// use selaras::lang::{identify, Lang};
///
/// let id = "Pemerintah akan menaikkan harga bahan bakar minyak mulai pekan depan, kata menteri \
///           keuangan kepada wartawan di Jakarta pada Senin. Kenaikan itu diperlukan untuk \
///           menjaga anggaran negara tetap sehat, katanya, sambil menambahkan bahwa bantuan \
///           tunai akan diberikan kepada keluarga miskin.";
/// assert_eq!(identify(id).unwrap().lang, Lang::ID);
/// ```
pub fn identify(text: &str) -> Option<Identified> {
    identify_with(&whatlang::Detector::new(), text, MIN_IDENTIFY_CHARS)
}

/// The languages a wrong side is most often written in, besides the two declared ones: the
/// identifier weighs only these (and the `likely` ones), which makes it several times faster
/// than weighing all of its languages.
const COMMON: &[&str] = &[
    "eng", "ind", "spa", "fra", "deu", "por", "ita", "nld", "rus", "cmn", "jpn", "kor", "ara",
    "tur", "vie", "tha", "hin", "tgl", "jav", "pol",
];

/// [`identify`] among the `likely` languages and the ones wrong sides are most often in.
pub fn identify_likely(text: &str, likely: &[Lang]) -> Option<Identified> {
    let mut allow: Vec<whatlang::Lang> = COMMON
        .iter()
        .filter_map(|code| whatlang::Lang::from_code(*code))
        .collect();
    for lang in likely {
        if let Some(entry) = lang.entry() {
            allow.extend(
                std::iter::once(&entry.code)
                    .chain(entry.aliases)
                    .filter_map(|code| whatlang::Lang::from_code(*code)),
            );
        }
    }
    allow.sort_by_key(|l| l.code());
    allow.dedup();
    identify_with(
        &whatlang::Detector::with_allowlist(allow),
        text,
        MIN_IDENTIFY_CHARS,
    )
}

/// Which of `langs` alone a text of at least `min_chars` characters is written in, when the
/// identifier is reliably sure (`None` otherwise, or when fewer than two of `langs` are known to
/// it). Choosing between a few known languages is much more reliable than identifying a text
/// among all of them, which makes it usable for one sentence (the corpus filter
/// `--drop-wrong-language` asks it whether a side is in the other language of the pair).
pub fn identify_among(text: &str, langs: &[Lang], min_chars: usize) -> Option<Identified> {
    let mut allow: Vec<whatlang::Lang> = langs
        .iter()
        .filter_map(Lang::entry)
        .filter_map(|entry| {
            std::iter::once(&entry.code)
                .chain(entry.aliases)
                .find_map(|code| whatlang::Lang::from_code(*code))
        })
        .collect();
    allow.sort_by_key(|l| l.code());
    allow.dedup();
    if allow.len() < 2 {
        return None;
    }
    identify_with(&whatlang::Detector::with_allowlist(allow), text, min_chars)
}

fn identify_with(
    detector: &whatlang::Detector,
    text: &str,
    min_chars: usize,
) -> Option<Identified> {
    if text.chars().count() < min_chars {
        return None;
    }
    let info = detector.detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    let lang = Lang::parse(info.lang().code()).ok()?;
    Some(Identified {
        lang,
        confidence: info.confidence(),
    })
}

impl Lang {
    /// Whether [`identify`] can recognise text in this language (so that a text it identifies
    /// as another language is evidence that the code is wrong).
    pub fn is_identifiable(&self) -> bool {
        self.entry().is_some_and(|e| {
            std::iter::once(&e.code)
                .chain(e.aliases)
                .any(|code| whatlang::Lang::from_code(*code).is_some())
        })
    }

    /// Whether `text` is plainly written in this language: at least an eighth of its first few
    /// hundred words are among the language's most frequent ones. A cheap first test, so that
    /// the identifier runs only on sides that fail it; false for languages without a word list.
    pub fn plainly_written_in(&self, text: &str) -> bool {
        let Some(words) = self
            .entry()
            .map(|e| e.common_words)
            .filter(|w| !w.is_empty())
        else {
            return false;
        };
        let (mut total, mut common) = (0usize, 0usize);
        let mut word = String::new();
        for token in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|t| !t.is_empty())
            .take(400)
        {
            word.clear();
            word.extend(token.chars().flat_map(char::to_lowercase));
            total += 1;
            common += usize::from(words.contains(&word.as_str()));
        }
        total >= 20 && common * 8 >= total
    }

    /// Whether text identified as `other` is consistent with this language: the same language
    /// (any region), or Malay and Indonesian, which the identifier does not tell apart.
    pub fn matches_identified(&self, other: Lang) -> bool {
        self.base() == other.base()
            || (self.tables() == Tables::Indonesian && other.tables() == Tables::Indonesian)
    }
}

/// Reads a locale for TMX `xml:lang` (`en-US`, `id_ID`, `in`): the language as [`Lang::parse`]
/// reads it, then any further subtags of letters and digits as given; at most 35 characters.
pub fn locale(text: &str) -> Result<String, LangError> {
    let error = || LangError {
        given: text.to_string(),
        suggestion: suggest(text),
    };
    let text = text.trim();
    if text.is_empty()
        || text.len() > 35
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(error());
    }
    let mut parts = text.split(['-', '_']);
    let lang = Lang::parse(parts.next().unwrap_or_default())?;
    let mut out = lang.code().to_string();
    for part in parts {
        if part.is_empty() {
            return Err(error());
        }
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(part);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn morph(m: Morphology) -> &'static str {
        match m {
            Morphology::English => "english",
            Morphology::Indonesian => "indonesian",
            Morphology::Identity => "identity",
        }
    }

    /// Codes in, canonical code and tables out: every stage's table comes from here.
    #[test]
    fn codes_in_tables_out() {
        // given, canonical, tables, morphology, bundled lexicon column, known
        type Row = (
            &'static str,
            &'static str,
            Tables,
            &'static str,
            Option<Bundled>,
            bool,
        );
        let table: &[Row] = &[
            (
                "en",
                "en",
                Tables::English,
                "english",
                Some(Bundled::English),
                true,
            ),
            (
                "eng",
                "en",
                Tables::English,
                "english",
                Some(Bundled::English),
                true,
            ),
            (
                "EN_gb",
                "en-GB",
                Tables::English,
                "english",
                Some(Bundled::English),
                true,
            ),
            (
                "id",
                "id",
                Tables::Indonesian,
                "indonesian",
                Some(Bundled::Indonesian),
                true,
            ),
            (
                "ind",
                "id",
                Tables::Indonesian,
                "indonesian",
                Some(Bundled::Indonesian),
                true,
            ),
            (
                "in",
                "id",
                Tables::Indonesian,
                "indonesian",
                Some(Bundled::Indonesian),
                true,
            ),
            (
                "id-ID",
                "id-ID",
                Tables::Indonesian,
                "indonesian",
                Some(Bundled::Indonesian),
                true,
            ),
            ("ms", "ms", Tables::Indonesian, "indonesian", None, true),
            ("msa", "ms", Tables::Indonesian, "indonesian", None, true),
            ("zsm", "ms", Tables::Indonesian, "indonesian", None, true),
            ("deu", "de", Tables::German, "identity", None, true),
            ("ger", "de", Tables::German, "identity", None, true),
            ("fre", "fr", Tables::Generic, "identity", None, true),
            (
                "zh_hant_tw",
                "zh-Hant-TW",
                Tables::Generic,
                "identity",
                None,
                true,
            ),
            ("cmn", "zh", Tables::Generic, "identity", None, true),
            ("pt-br", "pt-BR", Tables::Generic, "identity", None, true),
            ("es-419", "es-419", Tables::Generic, "identity", None, true),
            ("min", "min", Tables::Generic, "identity", None, true),
            ("xx", "xx", Tables::Generic, "identity", None, false),
            ("QAA", "qaa", Tables::Generic, "identity", None, false),
        ];
        for &(given, code, tables, morphology, bundled, known) in table {
            let lang = Lang::parse(given).unwrap_or_else(|e| panic!("{given}: {e}"));
            assert_eq!(lang.code(), code, "{given}");
            assert_eq!(lang.tables(), tables, "{given}");
            assert_eq!(morph(lang.morphology()), morphology, "{given}");
            assert_eq!(lang.bundled(), bundled, "{given}");
            assert_eq!(lang.is_known(), known, "{given}");
            assert_eq!(lang.warning().is_some(), !known, "{given}");
            assert!(std::ptr::eq(
                lang.segmentation_rules(),
                LangRules::for_tables(tables)
            ));
            assert!(std::ptr::eq(
                lang.boilerplate_rules(),
                BoilerplateRules::for_tables(tables)
            ));
        }
    }

    #[test]
    fn text_that_is_not_a_code_is_refused_with_a_suggestion() {
        for (given, suggestion) in [
            ("english", Some("en")),
            ("Bahasa Indonesia", Some("id")),
            ("German", Some("de")),
            ("e", None),
            ("en-", None),
            ("en-USA-x", None),
            ("e1", None),
            ("", None),
            ("en-US-GB", None),
        ] {
            let err = Lang::parse(given).expect_err(given);
            assert_eq!(err.suggestion(), suggestion, "{given}");
            assert!(err.to_string().contains("is not a language code"), "{err}");
        }
        assert!(Lang::parse("english")
            .unwrap_err()
            .to_string()
            .contains("did you mean `en`?"));
    }

    #[test]
    fn scripts_without_spaces_get_character_units() {
        let units = |code: &str| code.parse::<Lang>().unwrap().units();
        assert_eq!(units("zh"), Units::Characters);
        assert_eq!(units("zh-Hant-TW"), Units::Characters);
        assert_eq!(units("jpn"), Units::Characters);
        assert_eq!(units("th"), Units::Syllables);
        assert_eq!(units("ko"), Units::Words);
        assert_eq!(units("en"), Units::Words);
        assert_eq!(units("xx"), Units::Words);
    }

    #[test]
    fn constants_and_defaults_are_canonical() {
        assert_eq!(Lang::EN, Lang::parse("en").unwrap());
        assert_eq!(Lang::ID, Lang::parse("ind").unwrap());
        assert_eq!(Lang::MS, Lang::parse("may").unwrap());
        assert_eq!(Lang::lenient("not a code").code(), "und");
        assert_eq!(format!("{}", Lang::parse("id_id").unwrap()), "id-ID");
    }

    #[test]
    fn identification_tells_the_project_languages_apart() {
        let en = "The government will raise fuel prices from next week, the finance minister told \
                  reporters in Jakarta on Monday. The increase is needed to keep the state budget \
                  healthy, she said, adding that cash aid would go to poor families.";
        let id = "Pemerintah akan menaikkan harga bahan bakar minyak mulai pekan depan, kata \
                  menteri keuangan kepada wartawan di Jakarta pada Senin. Kenaikan itu diperlukan \
                  untuk menjaga anggaran negara tetap sehat, katanya, sambil menambahkan bahwa \
                  bantuan tunai akan diberikan kepada keluarga miskin.";
        assert_eq!(identify(en).unwrap().lang, Lang::EN);
        assert_eq!(identify(id).unwrap().lang, Lang::ID);
        assert_eq!(identify("Harga naik."), None, "too short to judge");
        assert!(Lang::EN.is_identifiable() && Lang::ID.is_identifiable());
        assert!(
            "zh".parse::<Lang>().unwrap().is_identifiable(),
            "through cmn"
        );
        assert!(!"xx".parse::<Lang>().unwrap().is_identifiable());
        assert!(Lang::EN.plainly_written_in(en) && !Lang::ID.plainly_written_in(en));
        assert!(Lang::ID.plainly_written_in(id) && !Lang::EN.plainly_written_in(id));
        assert!(
            !Lang::EN.plainly_written_in("the and of"),
            "too few words to judge"
        );
        assert!(Lang::MS.matches_identified(Lang::ID));
        assert!(!Lang::EN.matches_identified(Lang::ID));
        assert!("en-GB"
            .parse::<Lang>()
            .unwrap()
            .matches_identified(Lang::EN));
    }

    #[test]
    fn locales_are_written_in_bcp47_form() {
        assert_eq!(locale("id_ID").unwrap(), "id-ID");
        assert_eq!(locale("in").unwrap(), "id");
        assert_eq!(locale("EN-us").unwrap(), "en-US");
        assert_eq!(locale("eng").unwrap(), "en");
        assert_eq!(locale("zh-Hant-TW").unwrap(), "zh-Hant-TW");
        assert!(locale("en US").is_err());
        assert!(locale("<en>").is_err());
        assert!(locale("en--US").is_err());
    }
}

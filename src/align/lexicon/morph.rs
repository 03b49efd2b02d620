//! Morphology for dictionary lookup.
//!
//! Two small, dependency-free helpers turn running-text word forms into the
//! keys under which the bilingual lexicon stores them:
//!
//! * [`id_candidates`] undoes Indonesian affixation (particles, possessive
//!   clitics, the suffixes `-kan`, `-an`, `-i`, the prefixes `me-`, `di-`,
//!   `ber-`, `ter-`, `pe-`, `per-`, `ke-`, `se-` with nasal assimilation, the
//!   usual confixes, and reduplication) and returns a short, ranked list of
//!   possible root forms. Nothing here knows which roots exist; the caller
//!   looks the candidates up in order and keeps the first hit.
//! * [`en_stem`] maps an English word to a crude but *consistent* key. The
//!   same function is applied to the English side of the lexicon, so a word
//!   in text and its dictionary entry meet under the same key even when the
//!   key is not a real word (`making` and `make` both become `mak`).

/// Upper bound on the number of candidates returned by [`id_candidates`].
pub const MAX_CANDIDATES: usize = 16;

/// Shortest root (in characters) that affix stripping may leave behind.
const MIN_ROOT: usize = 3;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn starts_with_vowel(s: &str) -> bool {
    first_char(s).is_some_and(is_vowel)
}

/// Strip `suffix` from `w` if what remains is long enough to be a root.
fn cut_suffix<'a>(w: &'a str, suffix: &str) -> Option<&'a str> {
    w.strip_suffix(suffix)
        .filter(|rest| char_len(rest) >= MIN_ROOT)
}

/// Particles (`-lah`, `-kah`, `-tah`, `-pun`) and possessive clitics
/// (`-nya`, `-ku`, `-mu`), each with the number of affixes removed.
fn inflectional(w: &str) -> Vec<(String, u8)> {
    let mut out = vec![(w.to_string(), 0)];
    let mut bases = vec![(w, 0u8)];
    if let Some(rest) = ["lah", "kah", "tah", "pun"]
        .iter()
        .find_map(|p| cut_suffix(w, p))
    {
        out.push((rest.to_string(), 1));
        bases.push((rest, 1));
    }
    for (base, cost) in bases {
        if let Some(rest) = ["nya", "ku", "mu"].iter().find_map(|p| cut_suffix(base, p)) {
            out.push((rest.to_string(), cost + 1));
        }
    }
    out
}

/// Derivational suffixes `-kan`, `-an`, `-i`. Words that look verbal
/// (`me-`, `di-`) try `-kan` before `-an`; everything else tries `-an`
/// first, because a root ending in `k` plus `-an` (`gerakan`, `kerusakan`)
/// is then more common than `-kan`.
fn suffix_options(w: &str) -> Vec<(String, u8)> {
    let mut out = vec![(w.to_string(), 0)];
    let kan = cut_suffix(w, "kan");
    let an = cut_suffix(w, "an");
    let verbal = w.starts_with("me") || w.starts_with("di");
    let ordered = if verbal { [kan, an] } else { [an, kan] };
    for rest in ordered.into_iter().flatten() {
        out.push((rest.to_string(), 1));
    }
    if let Some(rest) = cut_suffix(w, "i") {
        out.push((rest.to_string(), 1));
    }
    out
}

/// Push `root` if it is long enough.
fn push_root(out: &mut Vec<String>, root: String) {
    if char_len(&root) >= MIN_ROOT {
        out.push(root);
    }
}

/// Roots behind a nasal prefix `base` (`meng`, `peng`, ...) followed by a
/// vowel-initial remainder: the restored consonant first, or the bare
/// remainder first, depending on the vowel.
fn push_restored(out: &mut Vec<String>, rest: &str, consonant: &str, restored_first: bool) {
    let restored = format!("{consonant}{rest}");
    if restored_first {
        push_root(out, restored);
        push_root(out, rest.to_string());
    } else {
        push_root(out, rest.to_string());
        push_root(out, restored);
    }
}

/// The nasal prefixes shared by `me-` and `pe-`: `head` is `"me"` or `"pe"`.
fn nasal_prefix(w: &str, head: &str, out: &mut Vec<String>) {
    let Some(after) = w.strip_prefix(head) else {
        return;
    };
    if let Some(rest) = after.strip_prefix("ng") {
        // meng-/peng-: g, h, k(h) stay; a vowel hides a k.
        if let Some(c) = first_char(rest) {
            if is_vowel(c) {
                push_restored(out, rest, "k", c == 'e');
            } else if matches!(c, 'g' | 'h' | 'k') {
                push_root(out, rest.to_string());
            }
        }
        // menge-/penge- before monosyllabic roots: mengecat -> cat.
        if let Some(short) = rest.strip_prefix('e') {
            if char_len(short) <= 4 {
                push_root(out, short.to_string());
            }
        }
    } else if let Some(rest) = after.strip_prefix("ny") {
        // meny-/peny-: a vowel hides an s; roots in ny- keep it.
        if starts_with_vowel(rest) {
            push_restored(out, rest, "s", true);
            push_root(out, format!("ny{rest}"));
        }
    } else if let Some(rest) = after.strip_prefix('m') {
        // mem-/pem-: b, f, p, v stay; a vowel hides a p (or is an m-root).
        match first_char(rest) {
            Some(c) if is_vowel(c) => {
                push_root(out, format!("p{rest}"));
                push_root(out, format!("m{rest}"));
            }
            Some('b' | 'f' | 'p' | 'v') => push_root(out, rest.to_string()),
            _ => {}
        }
    } else if let Some(rest) = after.strip_prefix('n') {
        // men-/pen-: c, d, j, z, sy, t stay; a vowel hides a t (or an n-root).
        match first_char(rest) {
            Some(c) if is_vowel(c) => {
                push_root(out, format!("t{rest}"));
                push_root(out, format!("n{rest}"));
            }
            Some('c' | 'd' | 'j' | 'z' | 's' | 't') => push_root(out, rest.to_string()),
            _ => {}
        }
    } else if let Some(c) = first_char(after) {
        // me-/pe- before l, r, w, y (and, for pe-, most other consonants:
        // petani, pedagang, pekerja).
        let plain = matches!(c, 'l' | 'r' | 'w' | 'y');
        let pe_consonant = head == "pe" && !is_vowel(c);
        if plain || pe_consonant {
            push_root(out, after.to_string());
        }
    }
}

/// `ber-`/`ter-` style prefixes: `head` is `"be"` or `"te"`. Before a vowel
/// the `r` may belong to the root (`berenang` -> `renang`, `terasa` ->
/// `rasa`), so both readings are offered, root-with-r first.
fn r_prefix(w: &str, head: &str, out: &mut Vec<String>) {
    let Some(after) = w.strip_prefix(head) else {
        return;
    };
    if let Some(rest) = after.strip_prefix('r') {
        if starts_with_vowel(rest) {
            push_root(out, after.to_string());
        }
        push_root(out, rest.to_string());
    } else if head == "be" {
        // belajar -> ajar; bekerja -> kerja; beternak -> ternak.
        if let Some(rest) = after.strip_prefix('l') {
            if starts_with_vowel(rest) {
                push_root(out, rest.to_string());
            }
        }
        if first_char(after).is_some_and(|c| !is_vowel(c)) {
            push_root(out, after.to_string());
        }
    }
}

/// Roots left after removing one prefix. `inner` restricts the choice to
/// prefixes that can sit inside another one (`memper-`, `diper-`, `keber-`,
/// `kepe-`, `keter-`, `berke-`).
fn prefix_options(w: &str, inner: bool) -> Vec<String> {
    let mut out = Vec::new();
    if !inner {
        nasal_prefix(w, "me", &mut out);
        if let Some(rest) = w.strip_prefix("di") {
            push_root(&mut out, rest.to_string());
        }
        if let Some(rest) = w.strip_prefix("se") {
            push_root(&mut out, rest.to_string());
        }
    }
    r_prefix(w, "be", &mut out);
    r_prefix(w, "te", &mut out);
    if let Some(rest) = w.strip_prefix("per") {
        push_root(&mut out, rest.to_string());
    }
    nasal_prefix(w, "pe", &mut out);
    // pel- only in pelajar/pelajaran.
    if let Some(rest) = w.strip_prefix("pel") {
        if starts_with_vowel(rest) {
            push_root(&mut out, rest.to_string());
        }
    }
    if let Some(rest) = w.strip_prefix("ke") {
        push_root(&mut out, rest.to_string());
    }
    out
}

/// Candidates for a word without hyphens, each with a cost (roughly the
/// number of affixes removed; a nested prefix counts double).
fn simple_candidates(w: &str, base_cost: u8, out: &mut Vec<(u8, String)>) {
    for (infl, c1) in inflectional(w) {
        for (stem, c2) in suffix_options(&infl) {
            let cost = base_cost + c1 + c2;
            for root in prefix_options(&stem, false) {
                // A second prefix layer is rarer than a suffix, so it
                // costs more: `memberikan` is `beri`, not `ber-ikan`.
                for inner in prefix_options(&root, true) {
                    out.push((cost + 3, inner));
                }
                out.push((cost + 1, root));
            }
            out.push((cost, stem));
        }
    }
}

/// Candidate root forms of an Indonesian word form, most likely first.
///
/// The word itself always comes first (lowercased). Then follow forms with
/// particles and clitics (`-lah`, `-kah`, `-pun`, `-nya`, `-ku`, `-mu`),
/// suffixes (`-kan`, `-an`, `-i`), prefixes (`me-`, `di-`, `ber-`, `ter-`,
/// `pe-`, `per-`, `ke-`, `se-`, with nasal assimilation undone, so
/// `menulis` yields `tulis` and `pengiriman` yields `kirim`) and
/// reduplication (`negara-negara` yields `negara`) removed, ordered by the
/// number of affixes stripped. At most [`MAX_CANDIDATES`] are returned and
/// the work per word is bounded.
pub fn id_candidates(word: &str) -> Vec<String> {
    let word = word.trim().to_lowercase();
    let mut scored: Vec<(u8, String)> = Vec::new();
    if word.is_empty() {
        return Vec::new();
    }
    if let Some((left, right)) = word.split_once('-') {
        scored.push((0, word.clone()));
        // Full reduplication (negara-negara, anak-anaknya), affixed
        // reduplication (bermain-main) and rhyming pairs (sayur-mayur) all
        // keep the left half; the right half is a weaker reading unless it
        // repeats the left.
        let right = right.split('-').next().unwrap_or(right);
        let echoes = !right.is_empty()
            && (left == right || left.ends_with(right) || right.starts_with(left));
        if !left.is_empty() {
            simple_candidates(left, 0, &mut scored);
        }
        if !right.is_empty() {
            simple_candidates(right, if echoes { 0 } else { 1 }, &mut scored);
        }
    } else {
        simple_candidates(&word, 0, &mut scored);
    }
    // Stable sort keeps generation order among equal costs.
    scored.sort_by_key(|(cost, _)| *cost);
    let mut out: Vec<String> = Vec::with_capacity(MAX_CANDIDATES);
    for (_, cand) in scored {
        if out.len() == MAX_CANDIDATES {
            break;
        }
        if !out.contains(&cand) {
            out.push(cand);
        }
    }
    out
}

/// Words ending in `-s` that are not plurals (or whose plural reading would
/// collide with another word).
const EN_KEEP_S: &[&str] = &["news", "series", "species", "always", "perhaps", "whereas"];

/// Words ending in `-ly` that are not adverbs in `-ly`.
const EN_KEEP_LY: &[&str] = &[
    "ally", "anomaly", "apply", "assembly", "belly", "bully", "comply", "daily", "early", "family",
    "fly", "holy", "italy", "jelly", "july", "monopoly", "only", "rally", "rely", "reply",
    "supply", "ugly", "multiply", "imply", "weekly", "monthly", "yearly", "elderly", "friendly",
    "likely", "lonely", "lovely", "silly",
];

fn ends_with_double_consonant(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n >= 2
        && b[n - 1] == b[n - 2]
        && b[n - 1].is_ascii_alphabetic()
        && !is_vowel(b[n - 1] as char)
        && !matches!(b[n - 1], b'l' | b's' | b'z')
}

fn has_vowel(s: &str) -> bool {
    s.chars().any(|c| is_vowel(c) || c == 'y')
}

/// Base forms of frequent irregular English verbs and nouns, so that
/// `said`, `built`, `children` meet `say`, `build`, `child`.
fn irregular(w: &str) -> Option<&'static str> {
    let base = match w {
        "am" | "are" | "is" | "was" | "were" | "been" | "being" => "be",
        "has" | "had" | "having" => "have",
        "does" | "did" | "done" => "do",
        "goes" | "went" | "gone" => "go",
        "says" | "said" => "say",
        "made" => "make",
        "took" | "taken" => "take",
        "came" => "come",
        "became" => "become",
        "gave" | "given" => "give",
        "got" | "gotten" => "get",
        "knew" | "known" => "know",
        "saw" | "seen" => "see",
        "found" => "find",
        "thought" => "think",
        "told" => "tell",
        "held" => "hold",
        "brought" => "bring",
        "bought" => "buy",
        "caught" => "catch",
        "taught" => "teach",
        "sought" => "seek",
        "fought" => "fight",
        "paid" => "pay",
        "laid" => "lay",
        "sold" => "sell",
        "sent" => "send",
        "spent" => "spend",
        "lent" => "lend",
        "bent" => "bend",
        "built" => "build",
        "began" | "begun" => "begin",
        "won" => "win",
        "lost" => "lose",
        "met" => "meet",
        "led" => "lead",
        "fed" => "feed",
        "fled" => "flee",
        "kept" => "keep",
        "slept" => "sleep",
        "swept" => "sweep",
        "felt" => "feel",
        "dealt" => "deal",
        "meant" => "mean",
        "heard" => "hear",
        "stood" => "stand",
        "understood" => "understand",
        "sat" => "sit",
        "ran" => "run",
        "grew" | "grown" => "grow",
        "drew" | "drawn" => "draw",
        "threw" | "thrown" => "throw",
        "flew" | "flown" => "fly",
        "wrote" | "written" => "write",
        "spoke" | "spoken" => "speak",
        "broke" | "broken" => "break",
        "chose" | "chosen" => "choose",
        "drove" | "driven" => "drive",
        "rode" | "ridden" => "ride",
        "rose" | "risen" => "rise",
        "arose" | "arisen" => "arise",
        "ate" | "eaten" => "eat",
        "fell" | "fallen" => "fall",
        "forgot" | "forgotten" => "forget",
        "froze" | "frozen" => "freeze",
        "stole" | "stolen" => "steal",
        "woke" | "woken" => "wake",
        "wore" | "worn" => "wear",
        "tore" | "torn" => "tear",
        "hid" | "hidden" => "hide",
        "shook" | "shaken" => "shake",
        "struck" | "stricken" => "strike",
        "stuck" => "stick",
        "hung" => "hang",
        "dug" => "dig",
        "swam" | "swum" => "swim",
        "sang" | "sung" => "sing",
        "rang" | "rung" => "ring",
        "drank" | "drunk" => "drink",
        "sank" | "sunk" => "sink",
        "shot" => "shoot",
        "lit" => "light",
        "withdrew" | "withdrawn" => "withdraw",
        "overcame" => "overcome",
        "undertook" | "undertaken" => "undertake",
        "forbade" | "forbidden" => "forbid",
        "forgave" | "forgiven" => "forgive",
        "children" => "child",
        "men" => "man",
        "women" => "woman",
        "feet" => "foot",
        "teeth" => "tooth",
        "mice" => "mouse",
        "lives" => "life",
        "wives" => "wife",
        "knives" => "knife",
        "halves" => "half",
        "wolves" => "wolf",
        "shelves" => "shelf",
        "thieves" => "thief",
        "criteria" => "criterion",
        "phenomena" => "phenomenon",
        "crises" => "crisis",
        "analyses" => "analysis",
        _ => return None,
    };
    Some(base)
}

/// Light English stemming to a lookup key.
///
/// The key is a *normal form*, not necessarily a word: it is only meant to
/// be equal for a word in running text and its dictionary form, because the
/// lexicon applies the same function to its English side. Steps, in order:
///
/// 1. lowercase; drop a possessive `'s` / `’s` or a trailing apostrophe;
/// 2. frequent irregular forms are replaced by their base form (`said` →
///    `say`, `children` → `child`, `was` → `be`); words of three characters
///    or fewer are then returned as they are;
/// 3. plural / third person `-s`: `-sses` → `-ss`, `-ies` → `-y`,
///    `-es` after s, x, z, ch, sh, o → removed, other `-s` removed (not
///    after `s`, `u`, `i`);
/// 4. `-ied` → `-y`, `-eed` → `-ee`, `-ed` and `-ing` removed when a vowel
///    is left;
/// 5. `-ily` → `-y`, `-ably`/`-ibly` → `-able`/`-ible`, other `-ly` removed
///    (a short exception list keeps `family`, `only`, `supply`, ...);
/// 6. if the result still has at least four characters: a final silent `e`
///    is dropped and a final doubled consonant other than l, s, z is
///    undoubled.
///
/// So `stopped`, `stopping`, `stops` → `stop`; `make`, `making`, `makes` →
/// `mak`; `countries` → `country`; `signed` → `sign`.
pub fn en_stem(word: &str) -> String {
    let mut w = word.trim().to_lowercase().replace('’', "'");
    for poss in ["'s", "'"] {
        if let Some(rest) = w.strip_suffix(poss) {
            w = rest.to_string();
            break;
        }
    }
    if let Some(base) = irregular(&w) {
        w = base.to_string();
    }
    if char_len(&w) <= 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return w;
    }
    // 3. -s
    if !EN_KEEP_S.contains(&w.as_str()) {
        w = plural(&w);
    }
    // 4. -ed / -ing
    w = past_or_progressive(&w);
    // 5. -ly
    if !EN_KEEP_LY.contains(&w.as_str()) {
        w = adverb(&w);
    }
    // 6. final normalisation
    if char_len(&w) >= 4 {
        if let Some(rest) = w.strip_suffix('e') {
            w = rest.to_string();
        }
        if ends_with_double_consonant(&w) {
            w.pop();
        }
    }
    w
}

fn plural(w: &str) -> String {
    if let Some(rest) = w.strip_suffix("sses") {
        return format!("{rest}ss");
    }
    if let Some(rest) = w.strip_suffix("ies") {
        return if char_len(w) > 4 {
            format!("{rest}y")
        } else {
            format!("{rest}ie")
        };
    }
    if let Some(rest) = w.strip_suffix("es") {
        if ["s", "x", "z", "ch", "sh", "o"]
            .iter()
            .any(|e| rest.ends_with(e))
            && char_len(rest) >= 2
        {
            return rest.to_string();
        }
    }
    if let Some(rest) = w.strip_suffix('s') {
        if !(rest.ends_with('s') || rest.ends_with('u') || rest.ends_with('i')) {
            return rest.to_string();
        }
    }
    w.to_string()
}

fn past_or_progressive(w: &str) -> String {
    if let Some(rest) = w.strip_suffix("ied") {
        if char_len(rest) >= 2 {
            return format!("{rest}y");
        }
    }
    if let Some(rest) = w.strip_suffix("eed") {
        if char_len(rest) >= 2 {
            return format!("{rest}ee");
        }
        return w.to_string();
    }
    for suffix in ["ed", "ing"] {
        if let Some(rest) = w.strip_suffix(suffix) {
            if char_len(rest) >= 3 && has_vowel(rest) {
                return rest.to_string();
            }
        }
    }
    w.to_string()
}

fn adverb(w: &str) -> String {
    if char_len(w) < 5 {
        return w.to_string();
    }
    if let Some(rest) = w.strip_suffix("ily") {
        return format!("{rest}y");
    }
    if let Some(rest) = w.strip_suffix("ably") {
        return format!("{rest}able");
    }
    if let Some(rest) = w.strip_suffix("ibly") {
        return format!("{rest}ible");
    }
    if let Some(rest) = w.strip_suffix("ly") {
        if char_len(rest) >= 3 {
            return rest.to_string();
        }
    }
    w.to_string()
}

/// How the words of one language are reduced to lexicon keys: the Indonesian affix stripper, the
/// English stemmer, or lowercase identity for every other language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Morphology {
    /// [`id_candidates`]: the word, then its possible roots.
    Indonesian,
    /// [`en_stem`]: one consistent key per word.
    English,
    /// The lowercased word, nothing else (any language without rules here).
    Identity,
}

impl Morphology {
    /// The key a dictionary stores a word under: the English stem, or the lowercased word.
    pub fn key(self, word: &str) -> String {
        match self {
            Morphology::English => en_stem(word),
            Morphology::Indonesian | Morphology::Identity => word.trim().to_lowercase(),
        }
    }

    /// The keys to look a running-text word up under, most likely first: for Indonesian the
    /// word and then its [`id_candidates`]; otherwise the single [`Morphology::key`].
    pub fn candidates(self, word: &str) -> Vec<String> {
        match self {
            Morphology::Indonesian => id_candidates(word),
            Morphology::English | Morphology::Identity => {
                let key = self.key(word);
                if key.is_empty() {
                    Vec::new()
                } else {
                    vec![key]
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (word form, root that must be among the candidates)
    const ID_CASES: &[(&str, &str)] = &[
        // the word itself
        ("rumah", "rumah"),
        ("pemerintah", "pemerintah"),
        // particles and clitics
        ("bukunya", "buku"),
        ("rumahku", "rumah"),
        ("ibumu", "ibu"),
        ("pergilah", "pergi"),
        ("apakah", "apa"),
        ("dialah", "dia"),
        ("merekapun", "mereka"),
        ("akhirnya", "akhir"),
        ("biasanya", "biasa"),
        ("sebelumnya", "sebelum"),
        // suffixes
        ("makanan", "makan"),
        ("minuman", "minum"),
        ("tulisan", "tulis"),
        ("ribuan", "ribu"),
        ("lakukan", "laku"),
        ("gerakan", "gerak"),
        // meN-
        ("membaca", "baca"),
        ("memukul", "pukul"),
        ("memakai", "pakai"),
        ("memakan", "makan"),
        ("menulis", "tulis"),
        ("menilai", "nilai"),
        ("mendapat", "dapat"),
        ("mencari", "cari"),
        ("menjual", "jual"),
        ("mengirim", "kirim"),
        ("mengambil", "ambil"),
        ("menggunakan", "guna"),
        ("menghadapi", "hadap"),
        ("mengenal", "kenal"),
        ("mengecat", "cat"),
        ("menyusun", "susun"),
        ("menyebut", "sebut"),
        ("menyanyi", "nyanyi"),
        ("melihat", "lihat"),
        ("merasa", "rasa"),
        ("mewakili", "wakil"),
        ("meyakini", "yakin"),
        ("menandatangani", "tandatangan"),
        ("memiliki", "milik"),
        ("mempunyai", "punya"),
        ("memberikan", "beri"),
        ("mengatakan", "kata"),
        ("menyatakan", "nyata"),
        ("mengurangi", "kurang"),
        ("memperbaiki", "baik"),
        ("memperkenalkan", "kenal"),
        // di-, ter-, ber-, se-
        ("dibuat", "buat"),
        ("diharapkan", "harap"),
        ("diperbaiki", "baik"),
        ("terjadi", "jadi"),
        ("terasa", "rasa"),
        ("terakhir", "akhir"),
        ("bermain", "main"),
        ("berenang", "renang"),
        ("berada", "ada"),
        ("bekerja", "kerja"),
        ("belajar", "ajar"),
        ("berdasarkan", "dasar"),
        ("sebuah", "buah"),
        // pe-, per-, ke- and confixes
        ("petani", "tani"),
        ("pedagang", "dagang"),
        ("pemain", "main"),
        ("pemimpin", "pimpin"),
        ("pelajar", "ajar"),
        ("penulisan", "tulis"),
        ("pengiriman", "kirim"),
        ("pengalaman", "alam"),
        ("pengeluaran", "keluar"),
        ("penggunaan", "guna"),
        ("pembangunan", "bangun"),
        ("pemilihan", "pilih"),
        ("penilaian", "nilai"),
        ("penyusunan", "susun"),
        ("perdagangan", "dagang"),
        ("perusahaan", "usaha"),
        ("perumahan", "rumah"),
        ("pertandingan", "tanding"),
        ("keamanan", "aman"),
        ("kesehatan", "sehat"),
        ("kedua", "dua"),
        ("keberhasilan", "hasil"),
        ("kepemimpinan", "pimpin"),
        ("berkelanjutan", "lanjut"),
        ("pemberdayaan", "daya"),
        ("keterlibatan", "libat"),
        ("pengembangannya", "kembang"),
        ("selanjutnya", "lanjut"),
        // reduplication
        ("negara-negara", "negara"),
        ("anak-anaknya", "anak"),
        ("bermain-main", "main"),
        ("bermain-main", "bermain"),
        ("sayur-mayur", "sayur"),
        ("kupu-kupu", "kupu-kupu"),
        ("rumah-rumah", "rumah"),
    ];

    #[test]
    fn indonesian_roots_are_among_candidates() {
        let mut failures = Vec::new();
        for (word, root) in ID_CASES {
            let cands = id_candidates(word);
            if !cands.iter().any(|c| c == root) {
                failures.push(format!("{word} -> {root} not in {cands:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(ID_CASES.len() >= 60);
    }

    #[test]
    fn indonesian_word_itself_comes_first() {
        for (word, _) in ID_CASES {
            let cands = id_candidates(word);
            assert_eq!(cands.first().map(String::as_str), Some(*word));
        }
        assert_eq!(id_candidates("Rumah")[0], "rumah");
        assert!(id_candidates("").is_empty());
    }

    #[test]
    fn indonesian_candidates_are_bounded_and_unique() {
        for word in [
            "mempertanggungjawabkannya",
            "ketidakberdayaannyalah",
            "pengembangan-pengembangannya",
            "memperkenalkannyapun",
            "a-b-c-d-e-f",
        ] {
            let cands = id_candidates(word);
            assert!(cands.len() <= MAX_CANDIDATES, "{word}: {}", cands.len());
            let mut sorted = cands.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), cands.len(), "{word}: duplicates");
        }
    }

    #[test]
    fn indonesian_ranking_prefers_fewer_affixes() {
        let c = id_candidates("makanannya");
        let pos = |s: &str| c.iter().position(|x| x == s);
        assert!(pos("makanan") < pos("makan"));
        let c = id_candidates("menulis");
        assert!(c.iter().position(|x| x == "tulis") < c.iter().position(|x| x == "nulis"));
        // the right half of a non-echoing pair ranks below the left half
        let c = id_candidates("sayur-mayur");
        assert!(c.iter().position(|x| x == "sayur") < c.iter().position(|x| x == "mayur"));
    }

    /// (text form, dictionary form): both must stem to the same key.
    const EN_PAIRS: &[(&str, &str)] = &[
        ("countries", "country"),
        ("signed", "sign"),
        ("signing", "sign"),
        ("signs", "sign"),
        ("stopped", "stop"),
        ("stopping", "stop"),
        ("making", "make"),
        ("makes", "make"),
        ("houses", "house"),
        ("boxes", "box"),
        ("taxes", "tax"),
        ("churches", "church"),
        ("wishes", "wish"),
        ("heroes", "hero"),
        ("studies", "study"),
        ("studied", "study"),
        ("studying", "study"),
        ("agreed", "agree"),
        ("created", "create"),
        ("creating", "create"),
        ("united", "unite"),
        ("running", "run"),
        ("quickly", "quick"),
        ("happily", "happy"),
        ("probably", "probable"),
        ("government's", "government"),
        ("ministers'", "minister"),
        ("president’s", "president"),
        ("buildings", "building"),
        ("companies", "company"),
        ("policies", "policy"),
        ("elections", "election"),
        ("Floods", "flood"),
        ("families", "family"),
        ("supplies", "supply"),
        ("presses", "press"),
        ("said", "say"),
        ("built", "build"),
        ("children", "child"),
        ("was", "be"),
        ("made", "make"),
        ("went", "go"),
    ];

    #[test]
    fn english_forms_meet_their_dictionary_form() {
        let mut failures = Vec::new();
        for (text, dict) in EN_PAIRS {
            let (a, b) = (en_stem(text), en_stem(dict));
            if a != b {
                failures.push(format!("{text} -> {a} but {dict} -> {b}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// (word, exact key)
    const EN_KEYS: &[(&str, &str)] = &[
        ("countries", "country"),
        ("signed", "sign"),
        ("stopped", "stop"),
        ("make", "mak"),
        ("news", "news"),
        ("status", "status"),
        ("crisis", "crisis"),
        ("virus", "virus"),
        ("bus", "bus"),
        ("is", "be"),
        ("the", "the"),
        ("family", "family"),
        ("only", "only"),
        ("staff", "staf"),
        ("ball", "ball"),
        ("thing", "thing"),
        ("king", "king"),
        ("2024", "2024"),
        ("covid-19", "covid-19"),
        ("boss", "boss"),
    ];

    #[test]
    fn english_keys() {
        for (word, key) in EN_KEYS {
            assert_eq!(en_stem(word), *key, "{word}");
        }
        assert!(EN_PAIRS.len() + EN_KEYS.len() >= 30);
    }

    #[test]
    fn english_stem_is_stable_on_words_already_stemmed_from_plurals() {
        for word in ["country", "sign", "stop", "flood", "company", "policy"] {
            assert_eq!(en_stem(&format!("{word}s")), en_stem(word), "{word}");
        }
    }

    #[test]
    fn candidates_by_morphology() {
        assert_eq!(Morphology::English.candidates("Countries"), ["country"]);
        assert_eq!(Morphology::Identity.candidates(" Gipfeln "), ["gipfeln"]);
        assert!(Morphology::Identity.candidates("  ").is_empty());
        let id = Morphology::Indonesian.candidates("Menulis");
        assert_eq!(id.first().map(String::as_str), Some("menulis"));
        assert!(id.iter().any(|c| c == "tulis"));
    }
}

//! Web pages to the article's paragraphs.
//!
//! The page is parsed by html5ever (through `scraper`), the HTML5 parser of the Servo engine, so
//! that broken markup, entities and implied tags are read as a browser reads them. The main text
//! is then found in three steps:
//!
//! 1. **Furniture out.** Scripts, styles, forms, `<nav>`, `<aside>`, `<footer>`, `<figure>`,
//!    hidden elements, elements whose role is navigation, banner, complementary or contentinfo,
//!    and elements whose class or id names web furniture (menu, sidebar, related, share, comment,
//!    cookie, newsletter, advert, byline, …; see [`FURNITURE`]) are left out with all they hold.
//! 2. **The article's container.** What remains is weighed by its running text (text outside
//!    links, in runs of at least [`MIN_RUN`] characters), and the walk goes down from `<body>`
//!    while one child holds at least [`CONTAINER_SHARE`] of the body's weight: the deepest such
//!    element holds the article. The walk stops above a paragraph (`<p>`, a heading, a list
//!    item…): one long paragraph holds most of an article's text, not the article.
//! 3. **Paragraphs.** The container's blocks (paragraphs, headings, list items, table cells,
//!    quotations) become paragraphs, `<br>` a line break inside one; a block that is mostly link
//!    text (a related list, a "Read also" link) is left out. The headline comes first, once: the
//!    page's `<h1>`, else its `<title>` without the site's name.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use super::{ExtractError, Paragraphs};
use crate::normalize::Encoding;

/// Words in a class or id that mark web furniture. A class or id is split into words at every
/// character that is not a letter or digit (`site-nav__item` gives `site`, `nav`, `item`).
pub const FURNITURE: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "related",
    "recommended",
    "recommendation",
    "recommendations",
    "popular",
    "trending",
    "terpopuler",
    "terkait",
    "share",
    "sharing",
    "sharebar",
    "social",
    "sosmed",
    "footer",
    "comment",
    "comments",
    "komentar",
    "disqus",
    "respond",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "iklan",
    "sponsor",
    "sponsored",
    "newsletter",
    "subscribe",
    "subscription",
];

/// Words in a class or id that mark furniture unless the element holds at least half of the
/// page's running text (blog themes wrap the post itself in a "widget").
pub const MINOR_FURNITURE: &[&str] = &[
    "widget",
    "widgets",
    "banner",
    "promo",
    "signup",
    "login",
    "paywall",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "date",
    "meta",
    "tags",
    "tag",
    "pagination",
    "pager",
    "modal",
    "popup",
    "overlay",
    "toolbar",
    "masthead",
    "search",
    "caption",
    "credit",
    "hidden",
    "sr",
    "skip",
    "print",
    "rss",
    "baca",
    "readmore",
    "more",
    "also",
];

/// Words in a class or id that mark a layout wrapper, which may hold the article whatever else
/// its name says (`content-sidebar-wrap`).
const WRAPPERS: &[&str] = &[
    "wrap",
    "wrapper",
    "container",
    "layout",
    "row",
    "col",
    "grid",
];

/// Elements left out with everything they hold.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "svg", "canvas", "math", "nav",
    "aside", "footer", "form", "button", "select", "input", "textarea", "label", "menu", "dialog",
    "figure", "object", "embed", "video", "audio", "map", "picture", "img",
];

/// ARIA roles of furniture.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "complementary",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
];

/// Blocks that hold a paragraph's text, not other paragraphs: the walk to the article's
/// container never goes down into one, however much of the text it holds, or the article's
/// other paragraphs would be lost (a long opening paragraph beside a few short ones).
const TEXT_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "caption",
    "address",
    "summary",
];

/// The other elements that make a paragraph of their own (their text, or their blocks').
const OTHER_BLOCKS: &[&str] = &[
    "div", "section", "article", "main", "header", "ul", "ol", "dl", "table", "tr", "td", "th",
    "details", "hr", "center",
];

/// Whether an element makes a paragraph of its own.
fn is_block(name: &str) -> bool {
    TEXT_BLOCKS.contains(&name) || OTHER_BLOCKS.contains(&name)
}

/// The least length of a run of text that counts towards an element's weight.
pub const MIN_RUN: usize = 20;

/// The share of the body's weight that a child must hold for the walk to go down into it.
pub const CONTAINER_SHARE: f64 = 0.7;

/// How deep the walks go into nested elements; below that an element counts as its text alone
/// (a page of 50,000 nested `<div>`s must not overflow the stack).
const MAX_DEPTH: usize = 256;

/// The running text of every text node below an element, without walking it recursively.
fn flat_runs(element: ElementRef<'_>) -> usize {
    element
        .text()
        .map(|t| t.trim().chars().count())
        .filter(|&n| n >= MIN_RUN)
        .sum()
}

/// The largest share of link text a block may have and still be article text.
const MAX_LINK_SHARE: f64 = 0.5;

/// Blocks that are only one of these labels (any case, without the punctuation around them)
/// are left out: the labels of ad slots and share bars that carry no class to tell them by.
const LABELS: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "ads",
    "iklan",
    "sponsored",
    "share",
    "bagikan",
    "share this",
    "share this article",
    "scroll to continue with content",
    "scroll to continue",
    "gulir untuk melanjutkan",
    "loading",
    "memuat",
];

/// Site-name separators in a `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];

/// A web page's article, as paragraphs. The charset is the byte-order mark's, else `encoding`
/// when one is named, else the page's `<meta charset>` or HTTP-equiv `Content-Type`, else UTF-8
/// (windows-1252 when the bytes are not UTF-8, as browsers do, unless nearly all of them are:
/// then the stray bytes become U+FFFD).
pub fn extract(bytes: &[u8], encoding: Encoding) -> Result<Vec<String>, ExtractError> {
    let text = decode(bytes, encoding);
    let paragraphs = article(&Html::parse_document(&text));
    if paragraphs.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(paragraphs)
}

/// A page's bytes as text, by the charset rules of [`extract`].
pub fn decode(bytes: &[u8], encoding: Encoding) -> String {
    if let Some((bom, len)) = encoding_rs::Encoding::for_bom(bytes) {
        return bom
            .decode_without_bom_handling(&bytes[len..])
            .0
            .into_owned();
    }
    let chosen = match encoding {
        Encoding::Named(named) => Some(named),
        Encoding::Auto => declared_charset(bytes),
    };
    match chosen {
        Some(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            // A UTF-8 page with a stray byte or two stays UTF-8 (the stray bytes become U+FFFD):
            // read as windows-1252, its every curly quote and accent would be mojibake.
            Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// Whether bytes that are not UTF-8 are still far more UTF-8 than anything else: more
/// characters beyond ASCII that decode as UTF-8 than bytes that do not. Text in windows-1252
/// almost never holds a valid UTF-8 sequence beyond ASCII (`é` is one byte there, not two).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    wide > invalid
}

/// The charset a page declares in its first 4 KiB: `<meta charset=X>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=X">`. A declared UTF-16 means
/// UTF-8, as the HTML standard says (the bytes were read as ASCII to find it).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(found) = find(&lower[at..], b"<meta") {
        let start = at + found;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(e) = encoding_rs::Encoding::for_label(&rest[..len]) {
                    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                        return Some(encoding_rs::UTF_8);
                    }
                    return Some(e);
                }
            }
        }
        at = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

/// The article's paragraphs: the headline, then the container's blocks.
fn article(page: &Html) -> Vec<String> {
    let root = page.root_element();
    let body = root
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .unwrap_or(root);
    let judge = Judge::new(body);
    let container = container(&judge, body);
    let mut blocks = Blocks::new(&judge);
    blocks.walk(container, false);
    let mut paragraphs = blocks.finish();
    let headline = headline(&judge, page, body, container);
    if let Some(headline) = headline {
        if let Some(i) = paragraphs.iter().position(|p| *p == headline) {
            if i > 0 {
                paragraphs.remove(i);
                paragraphs.insert(0, headline);
            }
        } else {
            paragraphs.insert(0, headline);
        }
    }
    paragraphs
}

/// What tells furniture: the elements that hold at least half of the page's running text,
/// which [`MINOR_FURNITURE`] words do not rule out.
struct Judge {
    majority: HashSet<NodeId>,
}

impl Judge {
    fn new(body: ElementRef<'_>) -> Judge {
        let mut weights = Vec::new();
        let whole = raw_weight(body, &mut weights, 0);
        Judge {
            majority: weights
                .into_iter()
                .filter(|(_, w)| *w > 0 && 2 * w >= whole)
                .map(|(id, _)| id)
                .collect(),
        }
    }
}

/// [`weigh_all`] with only the sure furniture left out, every element's weight noted.
fn raw_weight(element: ElementRef<'_>, weights: &mut Vec<(NodeId, usize)>, depth: usize) -> usize {
    weigh(
        element,
        depth,
        &|child| furniture(child, false),
        &mut |id, total| weights.push((id, total)),
    )
}

/// The running text an element holds outside what `skip` calls furniture and outside links,
/// counting runs of at least [`MIN_RUN`] characters, with `note` told the weight of every element
/// below it that is not furniture, down to [`MAX_DEPTH`] (below it, [`flat_runs`]).
fn weigh(
    element: ElementRef<'_>,
    depth: usize,
    skip: &dyn Fn(ElementRef<'_>) -> bool,
    note: &mut dyn FnMut(NodeId, usize),
) -> usize {
    if depth > MAX_DEPTH {
        return flat_runs(element);
    }
    let mut total = 0;
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                let run = text.trim().chars().count();
                if run >= MIN_RUN {
                    total += run;
                }
            }
            Node::Element(e) if e.name() == "a" => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    if !skip(child) {
                        total += weigh(child, depth + 1, skip, note);
                    }
                }
            }
            _ => {}
        }
    }
    note(element.id(), total);
    total
}

/// Whether an element is furniture, left out with all it holds.
fn is_furniture(judge: &Judge, element: ElementRef<'_>) -> bool {
    furniture(element, !judge.majority.contains(&element.id()))
}

/// Whether an element is furniture; `minor`: whether [`MINOR_FURNITURE`] words count.
fn furniture(element: ElementRef<'_>, minor: bool) -> bool {
    let e = element.value();
    let name = e.name();
    if DROPPED.contains(&name) {
        return true;
    }
    if name == "header" && !holds_h1(element) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = e.attr("role") {
        if DROPPED_ROLES.contains(&role.to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    if matches!(name, "article" | "main" | "body" | "h1") {
        return false;
    }
    let mut names = String::new();
    for attr in ["class", "id"] {
        if let Some(v) = e.attr(attr) {
            names.push(' ');
            names.push_str(v);
        }
    }
    let names = names.to_ascii_lowercase();
    let words: Vec<&str> = names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let marked = |w: &&str| FURNITURE.contains(w) || (minor && MINOR_FURNITURE.contains(w));
    words.iter().any(marked) && !words.iter().any(|w| WRAPPERS.contains(w))
}

fn holds_h1(element: ElementRef<'_>) -> bool {
    element
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "h1")
}

/// The deepest element that holds most of the body's running text (no deeper than
/// [`MAX_DEPTH`]).
fn container<'a>(judge: &Judge, body: ElementRef<'a>) -> ElementRef<'a> {
    let mut weights = std::collections::HashMap::new();
    let whole = weigh_all(judge, body, 0, &mut weights) as f64;
    let mut at = body;
    for _ in 0..MAX_DEPTH {
        let best = at
            .children()
            .filter_map(ElementRef::wrap)
            .filter_map(|c| weights.get(&c.id()).map(|&w| (w, c)))
            .max_by_key(|(w, _)| *w);
        match best {
            Some((w, child))
                if w > 0
                    && w as f64 >= CONTAINER_SHARE * whole
                    && !TEXT_BLOCKS.contains(&child.value().name()) =>
            {
                at = child
            }
            _ => break,
        }
    }
    at
}

/// The running text an element holds outside furniture and links, noting the weight of every element below it that is not
/// furniture, down to [`MAX_DEPTH`].
fn weigh_all(
    judge: &Judge,
    element: ElementRef<'_>,
    depth: usize,
    weights: &mut std::collections::HashMap<NodeId, usize>,
) -> usize {
    weigh(
        element,
        depth,
        &|child| is_furniture(judge, child),
        &mut |id, total| {
            weights.insert(id, total);
        },
    )
}

/// The headline: the first `<h1>` inside the container, else the first on the page that is
/// neither furniture nor all link (a logo), else a heading whose class calls it the post's or
/// article's title (as blog themes mark it), else the `<title>` without the site's name.
fn headline(
    judge: &Judge,
    page: &Html,
    body: ElementRef<'_>,
    container: ElementRef<'_>,
) -> Option<String> {
    let first = |root: ElementRef<'_>, wanted: &dyn Fn(ElementRef<'_>) -> bool| {
        root.descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| wanted(*e) && !inside_furniture(judge, *e, body))
            .find_map(|e| {
                let mut blocks = Blocks::new(judge);
                blocks.walk(e, false);
                blocks.finish().into_iter().next()
            })
    };
    let h1 = |e: ElementRef<'_>| e.value().name() == "h1";
    let post_title = |e: ElementRef<'_>| {
        let el = e.value();
        matches!(el.name(), "h1" | "h2" | "h3" | "h4")
            && el.attr("class").is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                [
                    "post-title",
                    "entry-title",
                    "article-title",
                    "headline",
                    "story-title",
                ]
                .iter()
                .any(|t| c.contains(t))
            })
    };
    if let Some(h) = first(container, &h1).or_else(|| first(body, &h1)) {
        return Some(h);
    }
    if let Some(h) = first(body, &post_title) {
        return Some(h);
    }
    let title = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")?;
    let mut p = Paragraphs::default();
    p.text(&title.text().collect::<String>());
    let title = p.take()?;
    title_without_site(&title)
}

fn inside_furniture(judge: &Judge, element: ElementRef<'_>, body: ElementRef<'_>) -> bool {
    let mut at = Some(element);
    while let Some(e) = at {
        if e.id() == body.id() {
            return false;
        }
        if is_furniture(judge, e) {
            return true;
        }
        at = e.parent().and_then(ElementRef::wrap);
    }
    false
}

/// A `<title>` without the site's name: of the parts between separators (`|`, ` - `, ` — `, …),
/// the longest.
pub fn title_without_site(title: &str) -> Option<String> {
    let mut parts = vec![title.to_string()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .max_by_key(|p| p.chars().count())
}

/// The blocks of the container, as paragraphs, with the share of link text of each.
struct Blocks<'j> {
    judge: &'j Judge,
    paragraphs: Paragraphs,
    /// Characters of the open block, and how many of them are link text.
    chars: usize,
    link_chars: usize,
}

impl<'j> Blocks<'j> {
    fn new(judge: &'j Judge) -> Blocks<'j> {
        Blocks {
            judge,
            paragraphs: Paragraphs::default(),
            chars: 0,
            link_chars: 0,
        }
    }

    fn walk(&mut self, element: ElementRef<'_>, in_link: bool) {
        self.walk_at(element, in_link, 0);
    }

    fn walk_at(&mut self, element: ElementRef<'_>, in_link: bool, depth: usize) {
        if depth > MAX_DEPTH {
            for text in element.text() {
                self.paragraphs.text(text);
            }
            return;
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    let n = text.chars().filter(|c| !c.is_whitespace()).count();
                    self.chars += n;
                    if in_link {
                        self.link_chars += n;
                    }
                    self.paragraphs.text(text);
                }
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if is_furniture(self.judge, child) {
                        continue;
                    }
                    let name = e.name();
                    if name == "br" {
                        self.paragraphs.line_break();
                    } else if is_block(name) {
                        self.close();
                        self.walk_at(child, in_link, depth + 1);
                        self.close();
                    } else {
                        self.walk_at(child, in_link || name == "a", depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// Closes the open block: kept unless it is mostly link text.
    fn close(&mut self) {
        let links = self.link_chars as f64 > MAX_LINK_SHARE * self.chars as f64;
        if let Some(text) = self.paragraphs.take() {
            let label = text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if !links && !LABELS.contains(&label.as_str()) {
                self.paragraphs.push(text);
            }
        }
        self.chars = 0;
        self.link_chars = 0;
    }

    fn finish(mut self) -> Vec<String> {
        self.close();
        self.paragraphs.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(page: &str) -> Vec<String> {
        extract(page.as_bytes(), Encoding::Auto).unwrap()
    }

    #[test]
    fn the_article_is_kept_and_the_furniture_left_out() {
        let page = r##"<!DOCTYPE html><html><head><title>Floods ease | The Daily</title>
            <script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
            <body><header class="site-header"><a href="/">The Daily</a>
            <ul class="menu"><li><a href="/a">World</a></li><li><a href="/b">Sport</a></li></ul>
            </header>
            <div class="cookie-notice">We use cookies to improve your experience on this site.</div>
            <div class="content-sidebar-wrap"><main><article>
            <h1>Floods ease in the north</h1><p class="byline">By A. Writer, 3 May</p>
            <p>Water levels fell on Monday after a week of rain, officials said in a statement.</p>
            <!-- an ad slot was here -->
            <div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
            <h2>Roads reopen</h2><p>Most roads reopened by the evening, and schools will open
            on Wednesday.<br>Trains run as usual.</p>
            <p>Baca juga: <a href="/x">Banjir melanda kota lain pada pekan lalu</a></p>
            <ul><li><a href="/r1">Another story that is related here</a></li></ul>
            </article></main><aside><p>Popular: a long sidebar paragraph that should not be
            read as the article at all.</p></aside></div>
            <section id="comments"><p>I think this is a very long comment about the floods.</p>
            </section><footer><p>Copyright 2024 The Daily, all rights reserved.</p></footer>
            </body></html>"##;
        assert_eq!(
            read(page),
            [
                "Floods ease in the north",
                "Water levels fell on Monday after a week of rain, officials said in a statement.",
                "Roads reopen",
                "Most roads reopened by the evening, and schools will open on Wednesday.\nTrains run as usual.",
            ]
        );
    }

    #[test]
    fn entities_are_decoded_and_the_title_gives_the_headline_without_h1() {
        let page = "<html><head><title>Harga beras naik &ndash; Kabar Kita</title></head>\
            <body><p>Harga beras naik lagi, kata pedagang di pasar &lsquo;Induk&rsquo; kemarin.</p></body></html>";
        assert_eq!(
            read(page),
            [
                "Harga beras naik",
                "Harga beras naik lagi, kata pedagang di pasar \u{2018}Induk\u{2019} kemarin."
            ]
        );
        assert_eq!(
            title_without_site("The Daily | Floods ease in the north"),
            Some("Floods ease in the north".to_string())
        );
    }

    #[test]
    fn the_charset_comes_from_the_bom_the_meta_tag_or_http_equiv() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>".to_vec();
        page.extend_from_slice(
            b"\x93Caf\xE9\x94 costs \x80 5 \x96 a fair price for it.</p></body></html>",
        );
        assert_eq!(
            extract(&page, Encoding::Auto).unwrap(),
            ["\u{201C}Café\u{201D} costs € 5 – a fair price for it."]
        );
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">";
        assert_eq!(declared_charset(equiv).unwrap().name(), "ISO-8859-2");
        let mut bom = b"\xEF\xBB\xBF<meta charset=windows-1252><p>".to_vec();
        bom.extend_from_slice("Sudah jadi “UTF-8” di sini.</p>".as_bytes());
        assert_eq!(
            extract(&bom, Encoding::Auto).unwrap(),
            ["Sudah jadi “UTF-8” di sini."]
        );
    }

    #[test]
    fn regression_short_paragraphs_beside_a_long_one_were_dropped() {
        // The long paragraph held 70 % of the running text, so the walk to the container went
        // down into it and the article's other paragraphs were lost without a word.
        let long = "Heavy rain flooded parts of East Jakarta on Sunday night, forcing residents \
                    out of their homes. "
            .repeat(5);
        let page = format!(
            "<html><body><main><article><h1>Flood update</h1><p>{long}</p>\
             <p>No one was hurt.</p><p>Schools will reopen Monday.</p></article></main>\
             <footer>Contact us</footer></body></html>"
        );
        let paragraphs = extract(page.as_bytes(), Encoding::Auto).unwrap();
        assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
        assert_eq!(paragraphs[0], "Flood update");
        assert_eq!(paragraphs[3], "Schools will reopen Monday.");
    }

    #[test]
    fn regression_an_undeclared_utf8_page_with_a_stray_byte_stays_utf8() {
        let mut page = "<html><body><p>Harga “beras” naik di Café Merdeka "
            .as_bytes()
            .to_vec();
        page.extend_from_slice(b"\xE9 hari ini.</p></body></html>");
        assert_eq!(
            extract(&page, Encoding::Auto).unwrap(),
            ["Harga “beras” naik di Café Merdeka \u{FFFD} hari ini."]
        );
        // A windows-1252 page without a declaration is still read as windows-1252.
        let cp1252 = b"<html><body><p>\x93Caf\xE9\x94 naik lagi hari ini.</p></body></html>";
        assert_eq!(
            extract(cp1252, Encoding::Auto).unwrap(),
            ["\u{201C}Café\u{201D} naik lagi hari ini."]
        );
    }

    #[test]
    fn a_deeply_nested_page_does_not_overflow_the_stack() {
        let n = 3_000;
        for (open, close) in [("<div>", "</div>"), ("<b>", "</b>")] {
            let page = format!(
                "<html><body>{}<p>Deep text that is long enough to count.</p>{}</body></html>",
                open.repeat(n),
                close.repeat(n)
            );
            let got = std::thread::spawn(move || read(&page)).join().unwrap();
            assert_eq!(got, ["Deep text that is long enough to count."]);
        }
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(matches!(
            extract(
                b"<html><head><title></title></head><body><script>x()</script></body></html>",
                Encoding::Auto
            ),
            Err(ExtractError::NoText)
        ));
    }
}

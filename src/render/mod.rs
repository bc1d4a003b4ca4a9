//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and
//! heading ids; fenced code highlighted at build time; a table of contents, a word count
//! and a plain-text excerpt.
//!
//! Raw HTML in Markdown is shown as text unless the site allows it. Root-relative links
//! (`/cases/x/`) get the site's base path so they work under a sub-path. This module does
//! not know about templates or the site model.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, OffsetIter, Options, Parser, Tag, TagEnd,
};

use crate::validate::slug::slugify;

mod escape;
mod highlight;
mod links;
pub(crate) mod packed;
mod prescan;
mod syntax_css;
mod text;

pub use escape::escape_html;
pub use highlight::{Highlighter, syntax_css};
pub use links::{is_allowed_url, is_script_url, url_scheme};
pub use packed::BodyHtml;
pub use text::{count_words, is_cjk, shorten};

use highlight::code_block;
use links::prefix_link;
use text::TextStats;

/// How to render: settings that come from the site, not from the document.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Prefix for root-relative links (`/` or `/sub/`).
    pub base_path: &'a str,
    /// Keep raw HTML instead of escaping it.
    pub allow_html: bool,
    /// The shared highlighter.
    pub highlighter: &'a Highlighter,
}

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 to 4.
    pub level: u8,
    /// The heading's `id`, unique in the document.
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML of the body (shared: the dev server's cache hands it to every rebuild, packed).
    pub html: BodyHtml,
    /// Headings of level 2 to 4, in order.
    pub toc: Vec<TocEntry>,
    /// Words (a Chinese character counts as one word).
    pub words: usize,
    /// Plain text of the first paragraph, shortened.
    pub excerpt: String,
    /// Every heading id, for anchor checks.
    pub anchors: Vec<String>,
    /// Links and images as written in the Markdown, for link checks.
    pub links: Vec<LinkRef>,
    /// The first table or code block over the limits ([`MAX_TABLE_CELLS`],
    /// [`MAX_CODE_BLOCK_BYTES`]). Its content is left out of `html`; the document must not
    /// be published.
    pub too_large: Option<TooLarge>,
}

/// The most cells a table may have. A table cell costs the parser and the HTML writer
/// about a hundred times its size in memory, so a table of millions of cells would take
/// gigabytes; real tables of results have dozens of rows.
pub const MAX_TABLE_CELLS: usize = 50_000;

/// The most bytes a code block may hold. Highlighting runs at about a megabyte per second
/// and its HTML is several times the code; a listing longer than this belongs in a file.
pub const MAX_CODE_BLOCK_BYTES: usize = 256 * 1024;

/// A table or code block over its limit, found while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// Byte offset of the block's start in the Markdown text.
    pub offset: usize,
    /// True for a table, false for a code block.
    pub table: bool,
    /// Where the block starts.
    pub at: Position,
}

/// Where something starts in a document's Markdown: its line (0 for the text's first
/// line) and column (from 1, in characters). Found while rendering, so that diagnostics
/// about a document need not keep its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Lines before it.
    pub line: usize,
    /// Its column, from 1, in characters.
    pub column: usize,
}

impl TooLarge {
    /// The error for this block in file `path` (without its position).
    pub fn diagnostic(&self, path: &str) -> crate::Diagnostic {
        if self.table {
            crate::Diagnostic::error(
                crate::diagnostic::Code::TableTooLarge,
                path,
                format!("this table has more than {MAX_TABLE_CELLS} cells, the limit"),
            )
            .with_hint(
                "split the table, or put the data in a CSV file under static/ and link to it",
            )
        } else {
            crate::Diagnostic::error(
                crate::diagnostic::Code::CodeBlockTooLarge,
                path,
                format!(
                    "this code block holds more than {MAX_CODE_BLOCK_BYTES} bytes ({} KiB), the limit",
                    MAX_CODE_BLOCK_BYTES / 1024
                ),
            )
            .with_hint("shorten the listing, or put the file under static/ and link to it")
        }
    }
}

/// A link or image destination found in a document, as written (before the base path is
/// added), with the byte offset of the link in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written.
    pub dest: String,
    /// Byte offset of the link's start in the Markdown text.
    pub offset: usize,
    /// True for images.
    pub image: bool,
    /// For images: the alt text is empty.
    pub missing_alt: bool,
    /// Where the link starts.
    pub at: Position,
    /// How many characters of its line the link spans (`[text](dest)`; the first word for
    /// other forms), for the end column of a diagnostic.
    pub width: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a Markdown document.
///
/// One pass over the parser's events, without keeping them: each event is recorded (links,
/// word count, excerpt), given its heading id, rewritten and written out as HTML. Only the
/// events of one heading are held at a time (its id depends on its whole text), so memory
/// is the parser's block tree plus the HTML, not a list of every event twice over.
///
/// Tables over [`MAX_TABLE_CELLS`] are found by a pre-scan of the source first (see
/// [`prescan`]): the parser reads a copy in which their rows past the limit are blank, so
/// such a table never costs the parser's memory.
pub fn render(markdown: &str, opts: RenderOptions<'_>) -> Rendered {
    let cut = prescan::cut_large_tables(markdown, MAX_TABLE_CELLS);
    let source = cut.as_ref().map_or(markdown, |(_, text)| text.as_str());
    let mut stream = Stream {
        parser: Parser::new_ext(source, options()).into_offset_iter(),
        opts,
        out: Rendered::default(),
        open_image: None,
        stats: TextStats::default(),
        ids: IdSet::default(),
        code: None,
        queue: VecDeque::new(),
        block: None,
        links: Vec::new(),
        images: Vec::new(),
    };
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    if opts.allow_html {
        html = sanitize(&html);
    }
    let mut out = stream.out;
    if let Some((offset, _)) = cut {
        // The first block over a limit: this table, or a block before it that the parser
        // found (a code block, or a table the pre-scan does not look at).
        if out.too_large.as_ref().is_none_or(|b| b.offset > offset) {
            out.too_large = Some(TooLarge { offset, table: true, at: Position::default() });
        }
    }
    locate(markdown, &mut out);
    out.words = stream.stats.words;
    out.excerpt = stream.stats.excerpt();
    out.html = html.into();
    out
}

/// Fills in where each link and the block over a limit of `out` are in `markdown`.
fn locate(markdown: &str, out: &mut Rendered) {
    let mut cursor = Cursor::default();
    for link in &mut out.links {
        link.at = cursor.position(markdown, link.offset);
        link.width = link_width(&markdown[floor_char_boundary(markdown, link.offset)..]);
    }
    if let Some(block) = &mut out.too_large {
        block.at = Cursor::default().position(markdown, block.offset);
    }
}

/// Positions of increasing byte offsets in one text, counted from the last one.
#[derive(Default)]
struct Cursor {
    offset: usize,
    line: usize,
    line_start: usize,
}

impl Cursor {
    fn position(&mut self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        if offset < self.offset {
            *self = Cursor::default();
        }
        let skipped = &text[self.offset..offset];
        if let Some(last) = memchr::memrchr(b'\n', skipped.as_bytes()) {
            self.line += memchr::memchr_iter(b'\n', skipped.as_bytes()).count();
            self.line_start = self.offset + last + 1;
        }
        self.offset = offset;
        Position { line: self.line, column: text[self.line_start..offset].chars().count() + 1 }
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How many characters of its line a link starting `text` spans: `[text](dest)` or
/// `![alt](src)` to the first `)`, else (an autolink, a reference) its first word.
fn link_width(text: &str) -> usize {
    let line = text.lines().next().unwrap_or("");
    match line.find(')') {
        Some(end) if line.starts_with('[') || line.starts_with("![") => {
            line[..=end].chars().count()
        }
        _ => line.split_whitespace().next().map_or(1, |w| w.chars().count().max(1)),
    }
}

/// The excerpt [`render`] gives `markdown`, without rendering it: the parser's events are
/// read only until the first paragraph ends, so code is not highlighted and no HTML is
/// written. The build needs every case's excerpt (its card) before it renders the first
/// case page, and renders each body once, streamed, after that.
pub fn excerpt(markdown: &str) -> String {
    let cut = prescan::cut_large_tables(markdown, MAX_TABLE_CELLS);
    let source = cut.as_ref().map_or(markdown, |(_, text)| text.as_str());
    let mut stats = TextStats::default();
    for event in Parser::new_ext(source, options()) {
        stats.observe(&event);
        if stats.first_paragraph_done() {
            break;
        }
    }
    stats.excerpt()
}

impl Rendered {
    /// What is kept of a case's rendered Markdown once its page is written and its body
    /// indexed: everything but the HTML, which is most of its size (the build streams each
    /// case through those stages and keeps only this).
    pub fn without_html(mut self) -> Rendered {
        self.html = BodyHtml::default();
        self
    }

    /// The same with its HTML packed (see [`BodyHtml`]), for the dev server's cache.
    pub(crate) fn packed(mut self) -> Rendered {
        self.html = self.html.packed();
        self
    }
}

/// The events of a document on their way from the parser to the HTML writer (see
/// [`render`]), and what is learnt from them on the way.
struct Stream<'a, 'o> {
    parser: OffsetIter<'a>,
    opts: RenderOptions<'o>,
    /// Links, table of contents and anchors found so far.
    out: Rendered,
    /// Index in `out.links` of the image whose alt text is being read.
    open_image: Option<usize>,
    stats: TextStats,
    ids: IdSet,
    /// The code block being read: its language and text.
    code: Option<(String, String)>,
    /// Rewritten events of the last heading, still to be handed out.
    queue: VecDeque<Event<'a>>,
    /// The table or code block being read, measured against its limit.
    block: Option<Block>,
    /// For each open link and image: whether its start was kept (its end is kept likewise).
    links: Vec<bool>,
    images: Vec<bool>,
}

/// Size so far of the table (cells) or code block (bytes) being read.
struct Block {
    offset: usize,
    table: bool,
    size: usize,
    /// Over the limit: the rest of the block is dropped.
    over: bool,
}

impl<'a> Iterator for Stream<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some(e);
            }
            let event = self.pull()?;
            if self.block.as_ref().is_some_and(|b| b.over) {
                // The rest of a block over its limit is read (links after it are still
                // found) but not kept: the document is not published.
                self.code = None;
                continue;
            }
            if matches!(event, Event::Start(Tag::Heading { .. })) {
                let mut heading = vec![event];
                while let Some(e) = self.pull() {
                    let end = matches!(e, Event::End(TagEnd::Heading(_)));
                    heading.push(e);
                    if end {
                        break;
                    }
                }
                self.name_heading(&mut heading);
                for e in heading {
                    if let Some(e) = self.rewrite(e) {
                        self.queue.push_back(e);
                    }
                }
            } else if let Some(e) = self.rewrite(event) {
                return Some(e);
            }
        }
    }
}

impl<'a> Stream<'a, '_> {
    /// The next event from the parser, after recording its links and counting its words.
    fn pull(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.parser.next()?;
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) => self.out.links.push(LinkRef {
                dest: dest_url.to_string(),
                offset: range.start,
                image: false,
                missing_alt: false,
                at: Position::default(),
                width: 0,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.open_image = Some(self.out.links.len());
                self.out.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    image: true,
                    missing_alt: true,
                    at: Position::default(),
                    width: 0,
                });
            }
            Event::Text(t) | Event::Code(t)
                if self.open_image.is_some() && !t.trim().is_empty() =>
            {
                if let Some(i) = self.open_image {
                    self.out.links[i].missing_alt = false;
                }
            }
            Event::End(TagEnd::Image) => self.open_image = None,
            _ => {}
        }
        self.stats.observe(&event);
        self.measure(&event, range.start);
        Some(event)
    }

    /// Keeps the size of the current table or code block; records the first block over
    /// its limit in `out.too_large`.
    fn measure(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Table(_) | Tag::CodeBlock(_)) => {
                let table = matches!(event, Event::Start(Tag::Table(_)));
                self.block = Some(Block { offset, table, size: 0, over: false });
                return;
            }
            Event::End(TagEnd::Table | TagEnd::CodeBlock) => {
                self.block = None;
                return;
            }
            _ => {}
        }
        let Some(block) = &mut self.block else { return };
        match event {
            Event::Start(Tag::TableCell) if block.table => block.size += 1,
            Event::Text(t) if !block.table => block.size += t.len(),
            _ => return,
        }
        let limit = if block.table { MAX_TABLE_CELLS } else { MAX_CODE_BLOCK_BYTES };
        if block.size > limit && !block.over {
            block.over = true;
            let (offset, table, at) = (block.offset, block.table, Position::default());
            self.out.too_large.get_or_insert(TooLarge { offset, table, at });
        }
    }

    /// Gives the heading `events` (its start, content and end) a unique id, its explicit
    /// `{#id}` or a slug of its text, and records headings of level 2 to 4 in the table of
    /// contents.
    fn name_heading(&mut self, events: &mut [Event<'_>]) {
        let mut text = String::new();
        for e in &events[1..] {
            if let Event::Text(t) | Event::Code(t) = e {
                text.push_str(t);
            }
        }
        let Event::Start(Tag::Heading { level, id, .. }) = &mut events[0] else {
            unreachable!("name_heading is called on events starting with a heading")
        };
        let base = id.as_deref().map_or_else(|| slugify(&text), str::to_string);
        let unique = self.ids.unique(&base);
        *id = Some(CowStr::from(unique.clone()));
        let depth = heading_depth(*level);
        if (2..=4).contains(&depth) {
            self.out.toc.push(TocEntry {
                level: depth,
                id: unique.clone(),
                title: text.trim().to_string(),
            });
        }
        self.out.anchors.push(unique);
    }

    /// Escapes raw HTML, prefixes root-relative links and highlights code blocks: the event
    /// to write for `event`, if any (a code block is written whole at its end).
    fn rewrite(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let opts = self.opts;
        if let Some((lang, text)) = &mut self.code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(lang, text, opts.highlighter);
                    self.code = None;
                    return Some(Event::Html(html.into()));
                }
                _ => {}
            }
            return None;
        }
        Some(match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
                return None;
            }
            Event::TaskListMarker(done) => Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
                }
                .into(),
            ),
            Event::Html(h) | Event::InlineHtml(h) if !opts.allow_html => Event::Text(h),
            // `{#id .class key=value}` after a heading: without allow_html only the id and
            // classes survive; arbitrary attributes (`onclick=`, `style=`) never reach the page.
            Event::Start(Tag::Heading { level, id, classes, attrs: _ }) if !opts.allow_html => {
                Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
            }
            // A link or image whose scheme is not allowed loses its start and end: its text
            // (or alt text) stays on the page.
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let keep = is_allowed_url(&dest_url, false);
                self.links.push(keep);
                if !keep {
                    return None;
                }
                let dest_url = prefix_link(dest_url, opts.base_path);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let keep = is_allowed_url(&dest_url, true);
                self.images.push(keep);
                if !keep {
                    return None;
                }
                let dest_url = prefix_link(dest_url, opts.base_path);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::End(TagEnd::Link) if !self.links.pop().unwrap_or(true) => return None,
            Event::End(TagEnd::Image) if !self.images.pop().unwrap_or(true) => return None,
            other => other,
        })
    }
}

/// Cleans HTML when raw HTML is allowed: scripts, styles, event handlers, URLs with a
/// scheme other than http, https, mailto and tel, and anything else outside a safe list
/// are removed (ammonia), while what casebook
/// itself produces (heading ids, highlighting classes, task-list checkboxes, footnotes)
/// survives.
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "id"])
        .add_tags(["input", "figure", "figcaption", "details", "summary", "mark", "kbd", "abbr"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("pre", ["data-lang", "tabindex"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("td" | "th", "style") => {
                let ok = matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                );
                ok.then(|| value.into())
            }
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            ("pre", "tabindex") => (value == "0").then(|| value.into()),
            _ => Some(value.into()),
        })
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"));
    b.clean(html).to_string()
}

/// The ids given so far, and for each base id the next suffix to try.
#[derive(Default)]
struct IdSet {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl IdSet {
    /// `base` if unused, else the first of `base-1`, `base-2`, … that is. Ids are only ever
    /// added, so the suffixes tried for `base` before stay taken: the search resumes where
    /// the last one for `base` stopped, which keeps n equal headings linear (it was
    /// quadratic: 20,000 equal headings took 30 s).
    fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn heading_depth(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        let h = Highlighter::default();
        render(text, RenderOptions { base_path: "/sub/", allow_html: false, highlighter: &h })
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = md("## Why take part?\n\ntext\n\n## Why take part?\n\n### Details {#custom}\n");
        assert!(r.html.text().contains("<h2 id=\"why-take-part\">"), "{}", r.html.text());
        assert!(r.html.text().contains("<h2 id=\"why-take-part-1\">"));
        assert!(r.html.text().contains("<h3 id=\"custom\">"));
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["why-take-part", "why-take-part-1", "custom"]);
    }

    #[test]
    fn twenty_thousand_equal_headings_get_unique_ids() {
        let text = "## Same\n\ntext\n\n".repeat(20_000);
        let r = md(&text);
        assert_eq!(r.anchors.len(), 20_000);
        assert_eq!(r.anchors[0], "same");
        for (n, id) in r.anchors.iter().enumerate().skip(1) {
            assert_eq!(*id, format!("same-{n}"));
        }
        assert!(r.html.text().contains("<h2 id=\"same-19999\">Same</h2>"));
    }

    #[test]
    fn suffixes_skip_ids_already_taken() {
        // `x-1` is taken by an explicit id, then `x-2` by a heading of that text.
        let r = md("# X\n# Y {#x-1}\n# X 2\n# X\n# X\n# X-1\n");
        assert_eq!(r.anchors, ["x", "x-1", "x-2", "x-3", "x-4", "x-1-1"]);
    }

    #[test]
    fn blocks_over_the_limits_are_reported_and_left_out() {
        let table = |rows: usize| format!("| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(rows));
        let at_limit = md(&table(MAX_TABLE_CELLS / 2 - 1));
        assert_eq!(at_limit.too_large, None);
        let over = md(&format!("Intro.\n\n{}\n[after](/x/)\n", table(MAX_TABLE_CELLS / 2)));
        let at = Position { line: 2, column: 1 };
        assert_eq!(over.too_large, Some(TooLarge { offset: 8, table: true, at }));
        // The rows past the limit are not written; links after the table are still found.
        assert_eq!(over.html.text().matches("<td>").count(), MAX_TABLE_CELLS - 2);
        assert_eq!(over.links.len(), 1);
        // A table the pre-scan does not look at (in a block quote) meets the parser's count.
        let quoted = table(MAX_TABLE_CELLS / 2).replace('\n', "\n> ");
        let over = md(&format!("Intro.\n\n> {quoted}\n[after](/x/)\n"));
        let at = Position { line: 2, column: 3 };
        assert_eq!(over.too_large, Some(TooLarge { offset: 10, table: true, at }));
        assert_eq!(over.html.text().matches("<td>").count(), MAX_TABLE_CELLS - 2);
        assert_eq!(over.links.len(), 1);

        let code = |bytes: usize| format!("```\n{}```\n\n## After\n", "x\n".repeat(bytes / 2));
        assert_eq!(md(&code(MAX_CODE_BLOCK_BYTES)).too_large, None);
        let over = md(&code(MAX_CODE_BLOCK_BYTES + 2));
        let at = Position { line: 0, column: 1 };
        assert_eq!(over.too_large, Some(TooLarge { offset: 0, table: false, at }));
        assert!(over.html.text().len() < 1000, "{}", over.html.text().len());
        assert_eq!(over.anchors, ["after"]);
    }

    #[test]
    fn extensions_are_enabled() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ [^1]\n\n- [x] done\n\n[^1]: note\n");
        assert!(r.html.text().contains("<table>"));
        assert!(r.html.text().contains("<del>old</del>"));
        assert!(r.html.text().contains("type=\"checkbox\""));
        assert!(r.html.text().contains("footnote-definition"));
    }

    #[test]
    fn raw_html_is_escaped_and_links_prefixed() {
        let r = md("<script>alert(1)</script>\n\nSee [x](/cases/x/) and [y](https://e.org/).\n");
        assert!(!r.html.text().contains("<script>"));
        assert!(r.html.text().contains("&lt;script&gt;"));
        assert!(r.html.text().contains("href=\"/sub/cases/x/\""));
        assert!(r.html.text().contains("href=\"https://e.org/\""));
    }

    #[test]
    fn allowed_html_is_sanitised() {
        let h = Highlighter::default();
        let opts = RenderOptions { base_path: "/", allow_html: true, highlighter: &h };
        let r = render(
            "<div class=\"note\">ok</div>\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a> <img src=x onerror=alert(1)>\n\n- [x] done\n",
            opts,
        );
        assert!(r.html.text().contains("<div class=\"note\">ok</div>"), "{}", r.html.text());
        for bad in ["<script", "javascript:", "onclick", "onerror"] {
            assert!(!r.html.text().contains(bad), "{bad} in {}", r.html.text());
        }
        assert!(r.html.text().contains("type=\"checkbox\""));
    }

    #[test]
    fn heading_attributes_cannot_carry_handlers() {
        let r = md("# Contact {#contact .note onclick=alert(1) style=x}\n");
        assert!(r.html.text().contains("<h1 id=\"contact\" class=\"note\">"), "{}", r.html.text());
        assert!(
            !r.html.text().contains("onclick") && !r.html.text().contains("style"),
            "{}",
            r.html.text()
        );
    }

    #[test]
    fn script_urls_are_never_linked() {
        let r = md(
            "[a](javascript:alert(1)) [b](<JaVa\tScRiPt:x>) [c](data:text/html,x) ![d](data:image/png;base64,AA)\n",
        );
        assert!(!r.html.text().to_lowercase().contains("script:"), "{}", r.html.text());
        assert!(!r.html.text().contains("href"), "{}", r.html.text());
        assert!(!r.html.text().contains("data:text"), "{}", r.html.text());
        assert!(r.html.text().contains("data:image/png"), "{}", r.html.text());
        // The links are gone, their text stays.
        assert_eq!(
            &*r.html.text(),
            "<p>a b c <img src=\"data:image/png;base64,AA\" alt=\"d\" /></p>\n"
        );
    }

    #[test]
    fn only_allowed_schemes_are_linked() {
        let r = md(concat!(
            "[h](http://e.org/) [s](HTTPS://e.org/) [m](mailto:a@e.org) [t](tel:+861234) ",
            "[r](../x/) [f](#top) [q](?q=1) [p](//e.org/x) [c](/a:b/)\n\n",
            "[file](file:///etc/passwd) [ftp](ftp://e.org/) [x](x-app:open) [v](vbscript:x) ",
            "[**bold** text ![img](/i.png)](chrome://settings) <ssh://e.org/>\n\n",
            "![a](/a.png) ![b](https://e.org/b.png) ![c](data:image/webp;base64,AA) ",
            "![ftp img](ftp://e.org/i.png) ![svg](data:image/svg+xml,<svg/>) ![mail](mailto:a@e.org)\n",
        ));
        let html = r.html.text();
        let hrefs: Vec<&str> =
            html.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
        assert_eq!(
            hrefs,
            [
                "http://e.org/",
                "HTTPS://e.org/",
                "mailto:a@e.org",
                "tel:+861234",
                "../x/",
                "#top",
                "?q=1",
                "//e.org/x",
                "/sub/a:b/"
            ]
        );
        let srcs: Vec<&str> =
            html.split("src=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
        assert_eq!(
            srcs,
            ["/sub/i.png", "/sub/a.png", "https://e.org/b.png", "data:image/webp;base64,AA"]
        );
        for text in
            ["file ftp x v <strong>bold</strong> text <img", "ssh://e.org/", "ftp img", "svg mail"]
        {
            assert!(r.html.text().contains(text), "{text} not in {}", r.html.text());
        }
    }

    #[test]
    fn records_links_and_images_without_alt() {
        let r = md("See [a](/cases/a/#x) and ![](/img.png) ![alt](/b.png).\n");
        let got: Vec<(&str, bool, bool)> =
            r.links.iter().map(|l| (l.dest.as_str(), l.image, l.missing_alt)).collect();
        assert_eq!(
            got,
            [("/cases/a/#x", false, false), ("/img.png", true, true), ("/b.png", true, false)]
        );
        assert_eq!(r.links[0].offset, 4);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = md("```rust\nfn main() {}\n```\n\n```nosuchlang\n<b>\n```\n");
        assert!(r.html.text().contains("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\">"));
        assert!(r.html.text().contains("class=\"hl-"), "{}", r.html.text());
        assert!(r.html.text().contains("&lt;b&gt;"));
        assert!(syntax_css().contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn finds_where_links_are_and_how_wide() {
        let r =
            md("Intro.\n\nSee [the case](/x/) and\n安全 ![alt](a.png)\n<https://e.org/> done\n");
        let at: Vec<(usize, usize, usize)> =
            r.links.iter().map(|l| (l.at.line, l.at.column, l.width)).collect();
        assert_eq!(at, [(2, 5, 15), (3, 4, 13), (4, 1, 16)]);
        assert_eq!(link_width("[text](dest) more"), 12);
    }

    #[test]
    fn the_excerpt_alone_is_the_rendered_excerpt() {
        for text in [
            "First paragraph here.\n\nSecond.",
            "# Title\n\n> quoted\n\n- list\n\nReal *first* `para`\ngraph.\n\n```rust\nfn x() {}\n```",
            "```\ncode only\n```\n",
            "| a |\n|---|\n| 1 |\n\nAfter [a link][r] the table.\n\n[r]: /x/\n",
            "",
        ] {
            assert_eq!(excerpt(text), md(text).excerpt, "{text:?}");
        }
    }

    #[test]
    fn counts_words_and_excerpts() {
        assert_eq!(count_words("Hello, world! 安全交付"), 6);
        assert_eq!(count_words("a\u{b}b"), 1);
        assert_eq!(count_words("a\u{b}b é"), 3);
        assert_eq!(count_words("Straße’s ü-ber\u{a0}x 第2期"), 6);
        assert_eq!(
            count_words("Hello, world-wide  web2.0!"),
            count_words("Hello, world-wide  web2.0! é") - 1
        );
        let r = md("## Title\n\nFirst paragraph here.\n\nSecond.\n");
        assert_eq!(r.excerpt, "First paragraph here.");
        assert_eq!(shorten("one two three four", 9), "one two…");
    }
}

//! The checks of the `case_file` fuzz target, shared with the regression test
//! `tests/it/fuzz_regressions.rs` (which includes this file with `#[path]`), so that a
//! regression input is judged by exactly the same invariants with a stable toolchain.
//!
//! Depends only on casebook and on crates casebook itself depends on (codespan-reporting,
//! serde_json), never on libfuzzer-sys.
//!
//! One case-study file through the stages a build runs on it, in memory.
//!
//! The input bytes are the file. Valid UTF-8 is used as it is; anything else goes through
//! `String::from_utf8_lossy` (the loader itself rejects invalid UTF-8 with a diagnostic, so
//! the lossy text stands for "a file full of U+FFFD", which must work like any other).
//!
//! Stages, with a fixed registry and a fixed "today":
//!
//! 1. `frontmatter::parse` (split, YAML, validation, name resolution);
//! 2. `markdown::render` of the body (of the case when it is valid, otherwise of whatever
//!    follows the front matter, so the renderer is fuzzed even when the YAML is broken),
//!    with `allow_html` taken from the parity of the input's bytes;
//! 3. `links::check` of the valid case against its own rendered page;
//! 4. the three reports (`to_json`, `to_github`, `write_human`) of every diagnostic, with
//!    the text as the source, which exercises the line/column to byte-range code.
//!
//! Every `assert!` below is an invariant the build relies on or documents; a failing one is
//! a bug, exactly like a panic inside the library.

use std::collections::{BTreeMap, HashSet};
use std::sync::{LazyLock, Mutex};

use casebook::content::config::Config;
use casebook::content::frontmatter;
use casebook::diagnostic::report;
use casebook::model::registry::Registry;
use casebook::model::{Date, Lang, Level, Site};
use casebook::render::{self, Highlighter, RenderOptions, Rendered};
use casebook::validate::{links, slug};
use casebook::{Diagnostic, diagnostic};
use codespan_reporting::term::termcolor::NoColor;

/// The path every diagnostic must carry; its stem is the default slug.
const PATH: &str = "content/cases/2021-12-24-fuzz-case.md";

/// Later than most seed dates, earlier than a few (to reach the `future-date` warning).
const TODAY: Date = Date { year: 2026, month: 1, day: 1 };

/// The site's base path, as in a site published under a sub-path.
const BASE_PATH: &str = "/sub/";

/// Two institutions with every kind of name, covering the banks of five bundled cases.
const BANKS: &str = "\
- id: zhengzhou-bank
  name: Bank of Zhengzhou
  name_zh: 郑州银行
  short: Zhengzhou Bank
  aliases: [BOZ, \"Bank of Zhengzhou Co., Ltd.\"]
  type: city-commercial
  region: Henan
- id: abc
  name: Agricultural Bank of China
  name_zh: 中国农业银行
  short: ABC
  aliases: [Agricultural Bank, China Agricultural Bank]
  type: state-owned
";

/// One part with two modules (the modules of seven bundled cases, or their part).
const MODULES: &str = "\
- id: devsecops
  name: Security and risk management
  name_zh: 安全及风险管理
  short: DevSecOps
  aliases: [security & risk management]
  modules:
    - id: security-delivery
      name: Security delivery
      name_zh: 安全交付
    - id: security-operation
      name: Security operation
      name_zh: 安全运营
";

/// The site the case is checked in: the registry above, a default configuration under
/// `/sub/`, and (during one run) the one case. Locked for the whole run of an input.
static SITE: LazyLock<Mutex<Site>> = LazyLock::new(|| {
    let (registry, diags) = Registry::parse(Some(BANKS), Some(MODULES));
    assert!(diags.is_empty(), "the fuzz registry is invalid: {diags:?}");
    let config = Config { base_path: BASE_PATH.into(), ..Config::default() };
    Mutex::new(Site {
        config,
        registry,
        cases: Vec::new(),
        results: Vec::new(),
        reported: Vec::new(),
        drafts: Vec::new(),
        invalid: Vec::new(),
    })
});

/// One highlighter for every run: its syntax set is loaded on first use, like in a build.
static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::default);

/// Runs one input through every stage and checks every invariant; panics on a violation.
pub(super) fn run(data: &[u8]) {
    // One bit of the input chooses the mode: parity of all bytes, so any one-byte
    // mutation can flip it and the seeds fall on both sides.
    let allow_html = data.iter().fold(0u8, |a, b| a ^ b) & 1 == 1;
    match std::str::from_utf8(data) {
        Ok(text) => run_text(text, allow_html),
        Err(_) => run_text(&String::from_utf8_lossy(data), allow_html),
    }
}

fn run_text(text: &str, allow_html: bool) {
    let mut site = SITE.lock().unwrap_or_else(|e| e.into_inner());
    site.config.allow_html = allow_html;
    let (case, mut diags) = frontmatter::parse(PATH, text, &site.registry, Lang::En, TODAY);
    check_diagnostics(text, &diags);
    let opts = RenderOptions { base_path: BASE_PATH, allow_html, highlighter: &HIGHLIGHTER };
    match case {
        Some(case) => {
            assert!(
                !diags.iter().any(Diagnostic::is_error),
                "a case came back together with errors: {diags:?}"
            );
            check_case(text, &case, &site.registry);
            let rendered = render::render(&case.body, opts);
            check_rendered(&case.body, &rendered, allow_html);
            // Link checking, as in a build of a site that holds this one case: its own page
            // exists, nothing else does.
            let page = format!("cases/{}/index.html", case.slug);
            let ids = std::collections::HashMap::from([(
                page.clone(),
                links::scan_ids(rendered.html.text().as_bytes()),
            )]);
            site.cases = vec![case];
            let rendered = [rendered];
            let paths = std::collections::HashSet::from([page.as_str()]);
            let docs: Vec<links::Doc<'_>> = links::Doc::published(&site, &rendered).collect();
            let mut link_diags = links::check(&site, &docs, &paths, &ids);
            drop(docs);
            site.cases.clear();
            check_diagnostics(text, &link_diags);
            diags.append(&mut link_diags);
        }
        None => {
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "the case was left out without an error: {diags:?}"
            );
            if let Ok(split) = frontmatter::split(text, PATH) {
                let rendered = render::render(split.body, opts);
                check_rendered(split.body, &rendered, allow_html);
            }
        }
    }
    drop(site);
    check_reports(text, diags);
}

/// A valid case is what the rest of the build assumes it is.
fn check_case(text: &str, case: &casebook::model::CaseStudy, registry: &Registry) {
    assert_eq!(case.source, PATH);
    assert!(slug::check(&case.slug).is_ok(), "unsafe slug {:?}", case.slug);
    assert!(!case.title.is_empty() && !case.project.is_empty(), "empty title or project");
    assert!(!case.domains.is_empty(), "no domains");
    assert!(case.bank < registry.banks.len() && case.module < registry.units.len());
    assert_eq!(
        Level::parse(&case.level.to_string()),
        Some(case.level),
        "level does not round-trip"
    );
    assert_eq!(Date::parse(&case.date.to_string()), Ok(case.date), "date does not round-trip");
    // The body is the end of the file and starts on `body_line`.
    assert!(text.ends_with(&*case.body), "the body is not the end of the file");
    let before = &text[..text.len() - case.body.len()];
    assert_eq!(
        before.matches('\n').count() + 1,
        case.body_line,
        "body_line does not point at the first line of the body"
    );
}

/// Diagnostics are located inside the file and say something.
fn check_diagnostics(text: &str, diags: &[Diagnostic]) {
    let lines = text.lines().count();
    for d in diags {
        assert_eq!(d.path, PATH, "{d:?}");
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        if let Some(line) = d.line {
            assert!(
                (1..=lines + 1).contains(&line),
                "line {line} is outside a text of {lines} lines: {d:?}"
            );
        }
        if let Some(column) = d.column {
            assert!(column >= 1, "columns are 1-based: {d:?}");
        }
        if let (Some(column), Some(end)) = (d.column, d.end_column) {
            assert!(end > column, "end column not after the column: {d:?}");
        }
    }
}

/// The three report formats accept every diagnostic, with the file as the source.
fn check_reports(text: &str, mut diags: Vec<Diagnostic>) {
    diagnostic::sort(&mut diags);
    let json = report::to_json(&diags);
    let v: serde_json::Value = serde_json::from_str(&json).expect("the JSON report is not JSON");
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(diags.len()));
    let github = report::to_github(&diags);
    assert_eq!(
        github.matches('\n').count(),
        diags.len() + 1,
        "a workflow command spans several lines:\n{github}"
    );
    let mut sources = BTreeMap::new();
    sources.insert(PATH.to_string(), text.to_string());
    let mut out = NoColor::new(Vec::new());
    report::write_human(&mut out, &diags, &sources).expect("the human report failed");
    let human = String::from_utf8(out.into_inner()).expect("the human report is not UTF-8");
    if !diags.is_empty() {
        assert!(human.contains(&diagnostic::summary(&diags)), "no summary:\n{human}");
    }
}

/// Elements the renderer produces when raw HTML is escaped (pulldown-cmark's output,
/// code blocks and syntect's spans).
const MARKDOWN_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that must never survive, whatever `allow_html` says.
const DANGEROUS_TAGS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "svg", "math",
];

fn check_rendered(body: &str, r: &Rendered, allow_html: bool) {
    let html = r.html.text();
    if !allow_html {
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "raw HTML was not escaped:\n{html}"
        );
    }
    for tag in tags(&html) {
        if allow_html {
            assert!(
                !DANGEROUS_TAGS.contains(&tag.name.as_str()),
                "<{}> survived:\n{}",
                tag.name,
                html
            );
        } else {
            assert!(
                MARKDOWN_TAGS.contains(&tag.name.as_str()),
                "element <{}> without allow_html:\n{}",
                tag.name,
                html
            );
        }
        for (name, value) in &tag.attrs {
            assert!(!name.starts_with("on"), "event handler `{name}` in <{}>:\n{}", tag.name, html);
            if matches!(name.as_str(), "href" | "src") {
                assert!(!runs_script(value), "script URL `{value}` in <{}>:\n{}", tag.name, html);
            }
        }
    }
    let mut ids = HashSet::new();
    for a in &r.anchors {
        assert!(ids.insert(a.as_str()), "heading id `{a}` used twice");
    }
    for t in &r.toc {
        assert!((2..=4).contains(&t.level) && ids.contains(t.id.as_str()), "bad toc entry {t:?}");
    }
    for l in &r.links {
        assert!(
            l.offset <= body.len() && body.is_char_boundary(l.offset),
            "link offset {} is not a position in the body",
            l.offset
        );
    }
    assert!(r.excerpt.chars().count() <= 241, "excerpt too long");
}

/// One start or end tag of serialised HTML: lowercase name and attributes (raw values).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The tags of HTML as casebook serialises it (text `<` always escaped, attribute values
/// quoted). Tolerant: never panics on odd input.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'/' | b'!' | b'-')) {
            i += 1;
        }
        let name = html[start..i].trim_start_matches('/').to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = html[s..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && matches!(b[i], b'"' | b'\'') {
                    let q = b[i];
                    i += 1;
                    let s = i;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                    i = (i + 1).min(b.len());
                } else {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        if !name.is_empty() {
            out.push(Tag { name, attrs });
        }
    }
    out
}

/// Whether a browser would run code when following this attribute value: character
/// references decoded, tabs and newlines removed and leading controls and spaces stripped
/// (as the URL parser does), scheme compared case-insensitively.
fn runs_script(value: &str) -> bool {
    let decoded = decode_entities(value);
    let url: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    url.starts_with("javascript:")
        || url.starts_with("vbscript:")
        || (url.starts_with("data:") && !url.starts_with("data:image/"))
        || url.starts_with("data:image/svg")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

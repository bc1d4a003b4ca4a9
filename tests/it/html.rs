//! A small, hand-written HTML scanner for assertions: start tags with their (unescaped)
//! attributes, visible text, and slicing between markers. It understands exactly what the
//! theme and pulldown-cmark emit (quoted or bare attribute values, comments, doctype); it is
//! not a general HTML parser.

/// A start tag: its lowercase name and attributes in source order, values unescaped.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name`, if present.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order.
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (tag, end) = parse_tag(html, i + 1);
        i = end;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            i = html[i..].find(&close).map_or(html.len(), |e| i + e);
        }
        out.push(tag);
    }
    out
}

/// Parses a start tag whose name starts at `i`; returns it and the index after its `>`.
fn parse_tag(html: &str, mut i: usize) -> (Tag, usize) {
    let b = html.as_bytes();
    let name_end = i + html[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap();
    let mut tag = Tag { name: html[i..name_end].to_ascii_lowercase(), attrs: Vec::new() };
    i = name_end;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (tag, (i + 1).min(b.len()));
        }
        let n_end = i + html[i..]
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(html.len() - i);
        let name = html[i..n_end].to_ascii_lowercase();
        i = n_end;
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if b[i] == b'"' || b[i] == b'\'' {
                let q = b[i] as char;
                let end = i + 1 + html[i + 1..].find(q).expect("unclosed attribute value");
                value = unescape(&html[i + 1..end]);
                i = end + 1;
            } else {
                let end = i + html[i..].find(|c: char| c.is_whitespace() || c == '>').unwrap();
                value = unescape(&html[i..end]);
                i = end;
            }
        }
        tag.attrs.push((name, value));
    }
}

/// Resolves character references: the named ones the generator emits and every numeric one.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&p| p <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
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

/// Every `href` and `src` value of `html`, unescaped.
pub(crate) fn links(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .flat_map(|t| t.attrs.into_iter())
        .filter(|(k, _)| k == "href" || k == "src")
        .map(|(_, v)| v)
        .collect()
}

/// Every `id` value of `html`, unescaped, in order (duplicates kept).
pub(crate) fn ids(html: &str) -> Vec<String> {
    tags(html).into_iter().filter_map(|t| t.attr("id").map(str::to_string)).collect()
}

/// The `href` of the first `<a>` or `<link>` with `rel="<rel>"`.
pub(crate) fn rel_href(html: &str, rel: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "a" || t.name == "link")
        .find(|t| t.attr("rel") == Some(rel))
        .and_then(|t| t.attr("href").map(str::to_string))
}

/// Elements that separate words when rendered; other tags (`a`, `span`, …) do not.
const BLOCKS: &[&str] = &[
    "article", "aside", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
    "ul",
];

/// Visible text: tags removed (block elements become spaces), references resolved,
/// whitespace collapsed.
pub(crate) fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        if rest[lt..].starts_with("<!--") {
            rest = rest[lt..].find("-->").map_or("", |e| &rest[lt + e + 3..]);
            continue;
        }
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let name: String = rest[lt + 1..lt + gt]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if BLOCKS.contains(&name.to_ascii_lowercase().as_str()) {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    unescape(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the first `start` (inclusive) to the next `end` (inclusive).
#[track_caller]
pub(crate) fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let s = html.find(start).unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let e = html[s..].find(end).unwrap_or_else(|| panic!("`{end}` not found after `{start}`"));
    &html[s..s + e + end.len()]
}

/// The `href`s of every `<a>` inside `html`, in order.
pub(crate) fn anchors(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

#[test]
fn scanner_reads_attributes_and_text() {
    let html = "<!-- <a href=\"/no/\"> --><p class=x><a href=\"&#x2F;a&amp;b&#x2F;\" rel='next'>A &lt;b&gt;</a><input disabled type=\"checkbox\"/></p>";
    assert_eq!(links(html), ["/a&b/"]);
    assert_eq!(rel_href(html, "next").as_deref(), Some("/a&b/"));
    assert_eq!(text(html), "A <b>");
    assert_eq!(text("<li>Li<span>, boss</span></li><li>Han</li>"), "Li, boss Han");
    let t = tags(html);
    assert_eq!(t[0].attr("class"), Some("x"));
    assert_eq!(t[2].attr("disabled"), Some(""));
    assert_eq!(unescape("&#39;&#x41;&unknown;&"), "'A&unknown;&");
}

//! The searchable text of a case study: its fields, and the plain text of its rendered
//! body (tags stripped, entities decoded).

use std::borrow::Cow;

use crate::model::results::{ResultRecord, Source};
use crate::model::{CaseStudy, Site};

/// A field of a case study, in the order of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Name, for the docs and `meta.json`.
    pub name: &'static str,
    /// BM25F weight of a match in this field.
    pub weight: f64,
    /// BM25 length normalisation (0: none, 1: full).
    pub b: f64,
}

/// The indexed fields. Title and summary weigh more; short fields are normalised less.
pub const FIELDS: [FieldSpec; 8] = [
    FieldSpec { name: "title", weight: 3.0, b: 0.5 },
    FieldSpec { name: "summary", weight: 2.0, b: 0.5 },
    FieldSpec { name: "institution", weight: 1.5, b: 0.3 },
    FieldSpec { name: "project", weight: 1.5, b: 0.3 },
    FieldSpec { name: "module", weight: 1.5, b: 0.3 },
    FieldSpec { name: "domains", weight: 1.5, b: 0.3 },
    FieldSpec { name: "interviewees", weight: 1.5, b: 0.3 },
    FieldSpec { name: "body", weight: 1.0, b: 0.75 },
];

/// Number of fields.
pub const FIELD_COUNT: usize = FIELDS.len();

/// Index of the body in [`FIELDS`].
pub const BODY: usize = 7;

/// The text of one field: plain text, or HTML (the rendered body) whose tags are skipped
/// and whose character references are decoded by the tokeniser.
#[derive(Debug, Clone)]
pub struct FieldText<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// True when `text` is HTML.
    pub html: bool,
}

impl<'a> FieldText<'a> {
    /// Plain text.
    pub fn plain(text: impl Into<Cow<'a, str>>) -> FieldText<'a> {
        FieldText { text: text.into(), html: false }
    }
}

/// The text of every field of `case`, in the order of [`FIELDS`]. Institution and module
/// fields carry every name the registry knows (English, Chinese, short, aliases), so a
/// reader finds a case by any of them; tags count as domains, the event as part of the
/// project. The body is `body_html`, the case's rendered Markdown.
pub fn fields<'a>(
    site: &'a Site,
    case: &'a CaseStudy,
    body_html: &'a str,
) -> [FieldText<'a>; FIELD_COUNT] {
    let reg = &site.registry;
    let institution = institution_names(site, case.bank);
    let module = unit_names(site, case.module);
    let mut domains = String::new();
    for d in &case.domains {
        domains.push_str(d);
        domains.push(' ');
        if let Some(zh) = reg.domains.iter().find(|v| &v.name == d).and_then(|v| v.name_zh.as_ref())
        {
            domains.push_str(zh);
            domains.push(' ');
        }
    }
    for t in &case.tags {
        domains.push_str(t);
        domains.push(' ');
    }
    let mut people = String::new();
    // The project and people as its other-language versions name them too, as for
    // institutions and modules: a reader of the Chinese pages may type `Polaris`, one
    // of the English pages `北极星`.
    let mut seen: Vec<&str> = Vec::new();
    let versions = std::iter::once(case).chain(&case.translations);
    for p in versions.flat_map(|c| &c.interviewees) {
        if seen.contains(&p.name.as_str()) {
            continue;
        }
        seen.push(&p.name);
        people.push_str(&p.name);
        people.push(' ');
        if let Some(role) = &p.role {
            people.push_str(role);
            people.push(' ');
        }
    }
    let mut project = match &case.event {
        Some(event) => Cow::Owned(format!("{} {event}", case.project)),
        None => Cow::Borrowed(case.project.as_str()),
    };
    for t in case.translations.iter().filter(|t| t.project != case.project) {
        project.to_mut().push(' ');
        project.to_mut().push_str(&t.project);
    }
    [
        FieldText::plain(case.title.as_str()),
        FieldText::plain(case.summary.as_deref().unwrap_or("")),
        FieldText::plain(institution),
        FieldText::plain(project),
        FieldText::plain(module),
        FieldText::plain(domains),
        FieldText::plain(people),
        FieldText { text: Cow::Borrowed(body_html), html: true },
    ]
}

/// Every name of institution `bank` (English, Chinese, short, aliases), space-separated.
fn institution_names(site: &Site, bank: usize) -> String {
    let bank = &site.registry.banks[bank];
    let mut out = bank.name.clone();
    for extra in bank.name_zh.iter().chain(&bank.short).chain(&bank.aliases) {
        out.push(' ');
        out.push_str(extra);
    }
    out
}

/// Every name of unit `unit` and of its part, if it is a module.
fn unit_names(site: &Site, unit: usize) -> String {
    let reg = &site.registry;
    let u = &reg.units[unit];
    let mut out = String::new();
    let mut units = vec![u];
    if u.part != unit {
        units.push(&reg.units[u.part]);
    }
    for u in units {
        for name in std::iter::once(&u.name).chain(&u.name_zh).chain(&u.short).chain(&u.aliases) {
            out.push_str(name);
            out.push(' ');
        }
    }
    out
}

/// The title of a result record's own document: institution short name, module or part,
/// and the count when it stands for several results (`ICBC · Continuous delivery ×6`).
pub fn result_title(site: &Site, r: &ResultRecord) -> String {
    let bank = &site.registry.banks[r.bank];
    let name = bank.short.as_deref().unwrap_or(&bank.name);
    let unit = &site.registry.units[r.module].name;
    if r.count > 1 {
        format!("{name} · {unit} ×{}", r.count)
    } else {
        format!("{name} · {unit}")
    }
}

/// The title of the article a record comes from: its `source:` article, or the article of
/// the case study it names (that case study's title when it names none). `case_by_slug`
/// finds a published case study by slug.
pub fn result_source_title<'a>(
    site: &'a Site,
    r: &'a ResultRecord,
    case_by_slug: impl Fn(&str) -> Option<usize>,
) -> Option<&'a str> {
    match r.source.as_ref()? {
        Source::Article(a) => Some(&a.title),
        Source::Case(slug) => case_by_slug(slug).map(|i| {
            let c = &site.cases[i];
            c.article.as_ref().map_or(c.title.as_str(), |a| a.title.as_str())
        }),
    }
}

/// The text of a record's document, for excerpts: its note, then the title of the article
/// it comes from ([`result_source_title`]).
pub fn result_text(r: &ResultRecord, source_title: Option<&str>) -> String {
    let mut out = r.note.as_deref().unwrap_or("").trim().to_string();
    if let Some(title) = source_title {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str("Source: ");
        out.push_str(title);
    }
    out
}

/// The fields of a record without a case study of its own, in the order of [`FIELDS`]:
/// institution, project and module or part names, and its note and source article title
/// as the body. Its title ([`result_title`]) is made of the institution and module names
/// and is not indexed again as a title, so that a query naming an institution or module
/// ranks the case studies, whose titles an author wrote, before the bare records. It has
/// no summary, domains or interviewees.
/// `text` is its [`result_text`].
pub fn result_fields<'a>(
    site: &'a Site,
    r: &'a ResultRecord,
    text: &'a str,
) -> [FieldText<'a>; FIELD_COUNT] {
    [
        FieldText::plain(""),
        FieldText::plain(""),
        FieldText::plain(institution_names(site, r.bank)),
        FieldText::plain(r.project.as_deref().unwrap_or("")),
        FieldText::plain(unit_names(site, r.module)),
        FieldText::plain(""),
        FieldText::plain(""),
        FieldText::plain(text),
    ]
}

/// The start of a plain text, about `max` characters, cut at a word boundary.
pub fn sample_plain(text: &str, max: usize) -> String {
    sample_text(None, text, max)
}

/// The text of HTML: tags removed (a space in their place, so that words in adjacent
/// blocks stay apart), the contents of `<script>` and `<style>` dropped, and character
/// references decoded. Made for casebook's own output, which is well formed.
pub fn html_to_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut i, mut start) = (0, 0);
    while let Some(off) = memchr::memchr2(b'<', b'&', &b[i..]) {
        i += off;
        out.push_str(&html[start..i]);
        if b[i] == b'<' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            i += tag_len(&b[i..]);
        } else {
            match decode_entity(&html[i..]) {
                Some((c, used)) => {
                    out.push(c);
                    i += used;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            }
        }
        start = i;
    }
    out.push_str(&html[start..]);
    out
}

/// The length of the tag at the start of `rest` (which starts with `<`), including the
/// contents of a `<script>` or `<style>` element up to its end tag.
pub(crate) fn tag_len(rest: &[u8]) -> usize {
    let close: Option<&[u8]> = if !matches!(rest.get(1), Some(b's' | b'S')) {
        None
    } else if starts_with_ci(rest, b"<script") {
        Some(b"</script>")
    } else if starts_with_ci(rest, b"<style") {
        Some(b"</style>")
    } else {
        None
    };
    match close {
        Some(close) => rest
            .windows(close.len())
            .position(|w| w.eq_ignore_ascii_case(close))
            .map_or(rest.len(), |p| p + close.len()),
        None => memchr::memchr(b'>', rest).map_or(rest.len(), |p| p + 1),
    }
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Decodes the character reference at the start of `s` (which starts with `&`): the
/// character and the bytes used, or `None` for anything else.
pub(crate) fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// The start of the plain text of a case, for result excerpts: its summary (if any)
/// followed by the body (rendered HTML), about `max` characters, cut at a word boundary.
pub fn sample(summary: Option<&str>, body_html: &str, max: usize) -> String {
    // Only the start of the body is needed: convert a prefix, longer if it is mostly tags.
    let mut len = (max * 8).max(1024);
    let body = loop {
        let mut end = len.min(body_html.len());
        while !body_html.is_char_boundary(end) {
            end -= 1;
        }
        let text = html_to_text(&body_html[..end]);
        if end == body_html.len() || text.chars().count() > max * 2 {
            break text;
        }
        len *= 4;
    };
    sample_text(summary, &body, max)
}

fn sample_text(summary: Option<&str>, body: &str, max: usize) -> String {
    let mut out = String::new();
    if let Some(s) = summary.filter(|s| !s.trim().is_empty()) {
        out.push_str(s.trim());
        out.push(' ');
    }
    let mut len = out.chars().count();
    for w in body.split_whitespace() {
        let n = w.chars().count();
        if len + n > max && len > 0 {
            break;
        }
        out.push_str(w);
        out.push(' ');
        len += n + 1;
        if len >= max {
            break;
        }
    }
    let mut out = out.trim_end().to_string();
    if out.chars().count() > max + 40 {
        // One very long "word" (CJK text has no spaces): cut by characters.
        out = out.chars().take(max).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        let t = html_to_text(
            "<h2 id=\"a\">Why?</h2><p>A &amp; B &lt;script&gt; &#39;x&#39; &#x4e2d; &bogus; &</p><script>var x=1;</script><p>end</p>",
        );
        assert_eq!(t, " Why? A & B <script> 'x' 中 &bogus; & end ");
    }

    #[test]
    fn samples_are_cut_at_words() {
        assert_eq!(sample(Some("Short."), "<p>one two</p><p>three four</p>", 16), "Short. one two");
        assert_eq!(sample(None, "安全交付安全交付", 4), "安全交付安全交付");
        assert_eq!(sample(None, &"安".repeat(100), 10).chars().count(), 10);
        let long = format!("{}<p>words at the end</p>", "<b></b>".repeat(2000));
        assert_eq!(sample(None, &long, 100), "words at the end");
    }
}

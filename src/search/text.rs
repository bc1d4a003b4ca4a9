//! The searchable text of a case study: its fields, and the plain text of its rendered
//! body (tags stripped, entities decoded).

use std::borrow::Cow;

use crate::markdown::Rendered;
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

/// The text of every field of `case`, in the order of [`FIELDS`]. Institution and module
/// fields carry every name the registry knows (English, Chinese, short, aliases), so a
/// reader finds a case by any of them; tags count as domains, the event as body text.
pub fn fields<'a>(site: &'a Site, case: &'a CaseStudy, rendered: &Rendered) -> [Cow<'a, str>; 8] {
    let reg = &site.registry;
    let bank = &reg.banks[case.bank];
    let mut institution = bank.name.clone();
    for extra in bank.name_zh.iter().chain(&bank.short).chain(&bank.aliases) {
        institution.push(' ');
        institution.push_str(extra);
    }
    let unit = &reg.units[case.module];
    let mut module = String::new();
    let mut units = vec![unit];
    if unit.part != case.module {
        units.push(&reg.units[unit.part]);
    }
    for u in units {
        for name in std::iter::once(&u.name).chain(&u.name_zh).chain(&u.short).chain(&u.aliases) {
            module.push_str(name);
            module.push(' ');
        }
    }
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
    for p in &case.interviewees {
        people.push_str(&p.name);
        people.push(' ');
        if let Some(role) = &p.role {
            people.push_str(role);
            people.push(' ');
        }
    }
    let mut body = html_to_text(&rendered.html);
    if let Some(event) = &case.event {
        body.push(' ');
        body.push_str(event);
    }
    [
        Cow::Borrowed(case.title.as_str()),
        Cow::Borrowed(case.summary.as_deref().unwrap_or("")),
        Cow::Owned(institution),
        Cow::Borrowed(case.project.as_str()),
        Cow::Owned(module),
        Cow::Owned(domains),
        Cow::Owned(people),
        Cow::Owned(body),
    ]
}

/// The text of HTML: tags removed (a space in their place, so that words in adjacent
/// blocks stay apart), the contents of `<script>` and `<style>` dropped, and character
/// references decoded. Made for casebook's own output, which is well formed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let lower = rest.get(..7).unwrap_or(rest).to_ascii_lowercase();
            let skip_to = if lower.starts_with("<script") {
                Some("</script>")
            } else if lower.starts_with("<style") {
                Some("</style>")
            } else {
                None
            };
            let end = match skip_to {
                Some(close) => find_ascii_ci(rest, close).map_or(rest.len(), |i| i + close.len()),
                None => rest.find('>').map_or(rest.len(), |i| i + 1),
            };
            if !out.ends_with(' ') {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let (text, used) = decode_entity(rest);
            out.push_str(&text);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// Decodes the character reference at the start of `s` (which starts with `&`); returns
/// the text and the bytes used. Unknown references are kept as they are.
fn decode_entity(s: &str) -> (Cow<'static, str>, usize) {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';');
    let Some(end) = end else { return (Cow::Borrowed("&"), 1) };
    let name = &s[1..end];
    let named = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    };
    let c = named.or_else(|| {
        let num = name.strip_prefix('#')?;
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)
    });
    match c {
        Some(c) => (Cow::Owned(c.to_string()), end + 1),
        None => (Cow::Borrowed("&"), 1),
    }
}

/// The start of the plain text of a case, for result excerpts: its summary (or the first
/// paragraph) followed by the body, about `max` characters, cut at a word boundary.
pub fn sample(summary: Option<&str>, body: &str, max: usize) -> String {
    let mut out = String::new();
    if let Some(s) = summary.filter(|s| !s.trim().is_empty()) {
        out.push_str(s.trim());
        out.push(' ');
    }
    let mut words = body.split_whitespace();
    let mut len = out.chars().count();
    for w in words.by_ref() {
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
        assert_eq!(sample(Some("Short."), "one two three four", 16), "Short. one two");
        assert_eq!(sample(None, "安全交付安全交付", 4), "安全交付安全交付");
        assert_eq!(sample(None, &"安".repeat(100), 10).chars().count(), 10);
    }
}

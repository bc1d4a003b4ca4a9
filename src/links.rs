//! Link checking: every link and image in a case study's Markdown that points inside the
//! site must lead to a page or file the build produces, and every `#anchor` to an element
//! id on that page.
//!
//! External links (`https:`, `mailto:` …) are not fetched: builds make no network requests.
//! Checking is linear in the number of links: targets are looked up in a hash set, and a
//! target page is scanned for ids only when a link carries a fragment (once per page).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{self, Diagnostic};
use crate::markdown::{LinkRef, Rendered};
use crate::model::Site;

/// Where a link leads: the output paths that could be its target (a page is found at
/// `x` or `x/index.html`) and its `#fragment`. `None` for external, script and empty links.
struct Target<'l> {
    candidates: Vec<String>,
    fragment: Option<&'l str>,
    path: &'l str,
}

fn target<'l>(site: &Site, case: usize, dest: &'l str) -> Option<Target<'l>> {
    if dest.is_empty() || is_external(dest) || crate::markdown::is_script_url(dest) {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let own = format!("cases/{}/index.html", site.cases[case].slug);
    let candidates = if path.is_empty() {
        vec![own]
    } else {
        let joined = if path.starts_with('/') { path.to_string() } else { join(&own, path) };
        let rel = decode(joined.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![format!("{rel}/index.html"), rel]
        }
    };
    Some(Target { candidates, fragment, path })
}

/// The output files whose element ids the link check needs: every file a link with a
/// `#fragment` may lead to. The build keeps the ids of just these pages
/// ([`scan_ids`]) and writes the rest out without looking at them again.
pub fn fragment_targets(site: &Site, rendered: &[Rendered]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.links {
            if let Some(t) = target(site, i, link.dest.trim())
                && t.fragment.is_some()
            {
                out.extend(t.candidates);
            }
        }
    }
    out
}

/// Checks the links of every case against the output: `paths` is every file the build
/// writes (relative to the output root), `ids` the element ids of the pages named by
/// [`fragment_targets`].
pub fn check(
    site: &Site,
    rendered: &[Rendered],
    paths: &HashSet<&str>,
    ids: &HashMap<String, HashSet<String>>,
) -> Vec<Diagnostic> {
    let checker = Checker { site, paths, ids };
    let mut diags = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.links {
            if let Some(d) = checker.check_one(i, link) {
                diags.push(d);
            }
            if link.missing_alt {
                diags.push(
                    checker
                        .locate(i, link, Diagnostic::warning("image-without-alt", &site.cases[i].source, "image has no alt text"))
                        .with_hint("describe what the image shows: `![Pipeline with security gates](path.png)`"),
                );
            }
        }
    }
    diags
}

struct Checker<'a> {
    site: &'a Site,
    paths: &'a HashSet<&'a str>,
    ids: &'a HashMap<String, HashSet<String>>,
}

impl<'a> Checker<'a> {
    /// Adds the link's line and column (in the source file) to `d`.
    fn locate(&self, case: usize, link: &LinkRef, d: Diagnostic) -> Diagnostic {
        let c = &self.site.cases[case];
        let before = &c.body[..link.offset.min(c.body.len())];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let mut d = d.at(c.body_line + line, column);
        d.end_column = Some(column + link_len(&c.body[link.offset.min(c.body.len())..]));
        d
    }

    fn check_one(&self, case: usize, link: &LinkRef) -> Option<Diagnostic> {
        let dest = link.dest.trim();
        if !crate::markdown::is_allowed_url(dest, link.image) {
            return Some(self.refused(case, link, dest));
        }
        let t = target(self.site, case, dest)?;
        let source = &self.site.cases[case].source;
        let what = if link.image { "image" } else { "link" };
        let Some(found) = t.candidates.iter().find(|c| self.paths.contains(c.as_str())) else {
            if self.is_invalid_case(t.path) {
                return None;
            }
            let d = Diagnostic::error(
                "broken-link",
                source,
                format!("broken {what} `{dest}`: no such page or file"),
            );
            return Some(self.locate(case, link, d.with_hint(self.hint_for(t.path))));
        };
        let fragment = t.fragment?;
        if self.has_id(found, fragment) {
            return None;
        }
        let d = Diagnostic::error(
            "broken-anchor",
            source,
            format!(
                "broken {what} `{dest}`: the page has no heading or element with id `{fragment}`"
            ),
        );
        let known = self.ids.get(found.as_str()).into_iter().flatten();
        let hint = diagnostic::did_you_mean(&diagnostic::suggest(fragment, known.map(String::as_str)))
            .unwrap_or_else(|| "link to an existing heading; heading ids are the heading text in lowercase with hyphens".into());
        Some(self.locate(case, link, d.with_hint(hint)))
    }

    /// The warning for a link or image whose scheme is not allowed: the page shows its
    /// text (or alt text) without the link.
    fn refused(&self, case: usize, link: &LinkRef, dest: &str) -> Diagnostic {
        let what = if link.image { "image" } else { "link" };
        let message = if crate::markdown::is_script_url(dest) {
            format!("{what} `{dest}` would run code in the reader's browser; it was removed")
        } else {
            let scheme = crate::markdown::url_scheme(dest).unwrap_or_default();
            format!(
                "{what} `{dest}` uses the scheme `{scheme}:`, which pages do not link to; it was removed"
            )
        };
        let (kept, hint) = if link.image {
            (
                "its alt text is shown instead",
                "use an image file of the site or an https:// address",
            )
        } else {
            (
                "its text is kept",
                "link to a page or to an https://, mailto: or tel: address instead",
            )
        };
        let d = Diagnostic::warning(
            "unsafe-link",
            &self.site.cases[case].source,
            format!("{message} ({kept})"),
        );
        self.locate(case, link, d.with_hint(hint))
    }

    /// True when `path` is the page of a case file that failed validation.
    fn is_invalid_case(&self, path: &str) -> bool {
        let slug =
            path.trim_start_matches('/').strip_prefix("cases/").map(|s| s.trim_end_matches('/'));
        slug.is_some_and(|slug| self.site.invalid.iter().any(|i| i == slug))
    }

    fn hint_for(&self, path: &str) -> String {
        let slug =
            path.trim_start_matches('/').strip_prefix("cases/").map(|s| s.trim_end_matches('/'));
        if let Some(slug) = slug {
            if self.site.drafts.iter().any(|d| d == slug) {
                return format!(
                    "`{slug}` is a draft: it is published only with --drafts; remove the link or publish the draft"
                );
            }
            let slugs = self.site.cases.iter().map(|c| c.slug.as_str());
            if let Some(h) = diagnostic::did_you_mean(&diagnostic::suggest(slug, slugs)) {
                return h;
            }
        }
        "link to a page the site has, such as `/cases/<slug>/`, `/institutions/<id>/` or `/modules/<id>/` (root-relative, with a trailing slash)".into()
    }

    fn has_id(&self, target: &str, id: &str) -> bool {
        self.ids.get(target).is_some_and(|ids| ids.contains(id))
    }
}

/// True for links with a scheme (`https:`, `mailto:`) or protocol-relative links.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty() && !dest[..colon].contains(['/', '#', '?'])
        }
        None => false,
    }
}

/// Resolves a relative link against the page at `from` (an output path).
fn join(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let trailing = rel.ends_with('/');
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Decodes `%XX` escapes (links to pages with Chinese slugs are often percent-encoded).
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            out.push(hi << 4 | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

fn hex(b: Option<&u8>) -> Option<u8> {
    char::from(*b?).to_digit(16).map(|d| d as u8)
}

/// Every `id="…"` in an HTML page.
pub fn scan_ids(html: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(html);
    let mut ids = HashSet::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}

/// Length in characters of the Markdown link starting at the beginning of `text`
/// (`[text](dest)` or `![alt](dest)`), or 1 when it cannot tell.
fn link_len(text: &str) -> usize {
    let line = text.lines().next().unwrap_or("");
    match line.find(')') {
        Some(end) if line.starts_with('[') || line.starts_with("![") => {
            line[..=end].chars().count()
        }
        _ => line.split_whitespace().next().map_or(1, |w| w.chars().count().max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_external_links() {
        for ext in ["https://e.org", "mailto:a@b.c", "//cdn.example/x", "tel:123"] {
            assert!(is_external(ext), "{ext}");
        }
        for int in ["/cases/x/", "../y/", "#a", "x.html", "/a:b/"] {
            assert!(!is_external(int), "{int}");
        }
    }

    #[test]
    fn joins_relative_links() {
        assert_eq!(join("cases/a/index.html", "../b/"), "/cases/b/");
        assert_eq!(join("cases/a/index.html", "../../modules/x/"), "/modules/x/");
        assert_eq!(join("cases/a/index.html", "img.png"), "/cases/a/img.png");
    }

    #[test]
    fn decodes_percent_escapes_and_scans_ids() {
        assert_eq!(decode("/domains/%E5%AE%89%E5%85%A8/"), "/domains/安全/");
        assert_eq!(decode("/a%安%4"), "/a%安%4");
        let ids = scan_ids(br#"<h2 id="a">x</h2><div class="c" id="b-2"></div>"#);
        assert!(ids.contains("a") && ids.contains("b-2"));
        assert_eq!(link_len("[text](dest) more"), 12);
    }
}

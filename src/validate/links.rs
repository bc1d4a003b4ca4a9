//! Link checking: every link and image in a case study's Markdown that points inside the
//! site must lead to a page or file the build produces, and every `#anchor` to an element
//! id on that page.
//!
//! External links (`https:`, `mailto:` …) are not fetched: builds make no network requests.
//! Checking is linear in the number of links: targets are looked up in a hash set, and a
//! target page is scanned for ids only when a link carries a fragment (once per page).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::Site;
use crate::render::{LinkRef, Rendered};

/// A Markdown body whose links are checked: a published case study's, or that of a case
/// file that failed validation. Such a file is not published, but `check` still reports
/// the broken links of its body, so that one run shows every problem of the file.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The file, relative to the site root.
    pub source: &'a str,
    /// The slug its page has (or would have): relative links resolve against it.
    pub slug: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The rendered body.
    pub rendered: &'a Rendered,
    /// False for a file that failed validation: its own page does not exist.
    pub published: bool,
    /// The folder of the document's language below the site root (`zh/`; empty for the
    /// default language).
    pub prefix: &'a str,
}

impl<'a> Doc<'a> {
    /// The documents of the published case studies, in `site.cases` order.
    pub fn published(site: &'a Site, rendered: &'a [Rendered]) -> impl Iterator<Item = Doc<'a>> {
        site.cases.iter().zip(rendered).map(|(c, r)| Doc {
            source: &c.source,
            slug: &c.slug,
            body_line: c.body_line,
            rendered: r,
            published: true,
            prefix: "",
        })
    }

    /// Like [`Doc::published`], for the case studies written in the language of a site
    /// derived with [`Site::for_language`] (whose pages are under `prefix`); the others are
    /// checked with their own language.
    pub fn published_in(
        site: &'a Site,
        rendered: &'a [Rendered],
        prefix: &'a str,
    ) -> impl Iterator<Item = Doc<'a>> {
        Doc::published(site, rendered)
            .zip(&site.cases)
            .filter(move |(_, c)| c.lang == site.config.pages_lang)
            .map(move |(d, _)| Doc { prefix, ..d })
    }

    /// The output path of the document's own page.
    fn own_page(&self) -> String {
        format!("{}cases/{}/index.html", self.prefix, self.slug)
    }

    /// The file line and column (in characters) of `at` in the body.
    pub fn position(&self, at: crate::render::Position) -> (usize, usize) {
        (self.body_line + at.line, at.column)
    }
}

/// Where a link leads: the output paths that could be its target (a page is found at
/// `x` or `x/index.html`) and its `#fragment`. `None` for external, script and empty links.
struct Target<'l> {
    candidates: Vec<String>,
    fragment: Option<&'l str>,
    path: &'l str,
}

fn target<'l>(doc: &Doc<'_>, dest: &'l str) -> Option<Target<'l>> {
    if dest.is_empty() || is_external(dest) || crate::render::is_script_url(dest) {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let own = doc.own_page();
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
/// ([`scan_ids`]) and writes the rest out without looking at them again. When an
/// unpublished document links to a fragment of its own page, the first case page is
/// wanted too: its ids, less those of its body, are the ids every case page has.
pub fn fragment_targets(docs: &[Doc<'_>]) -> HashSet<String> {
    let mut out = HashSet::new();
    for doc in docs {
        for link in &doc.rendered.links {
            if let Some(t) = target(doc, link.dest.trim())
                && t.fragment.is_some()
            {
                if !doc.published && t.candidates.contains(&doc.own_page()) {
                    out.extend(docs.iter().find(|d| d.published).map(Doc::own_page));
                }
                out.extend(t.candidates);
            }
        }
    }
    out
}

/// Checks the links of every document against the output: `paths` is every file the build
/// writes (relative to the output root), `ids` the element ids of the pages named by
/// [`fragment_targets`].
pub fn check(
    site: &Site,
    docs: &[Doc<'_>],
    paths: &HashSet<&str>,
    ids: &HashMap<String, HashSet<String>>,
) -> Vec<Diagnostic> {
    let template_ids = docs.iter().find(|d| d.published).and_then(|d| {
        let page = ids.get(&d.own_page())?;
        let body = scan_ids(d.rendered.html.text().as_bytes());
        Some(page.difference(&body).cloned().collect::<HashSet<String>>())
    });
    let checker = Checker { site, paths, ids, template_ids };
    let mut diags = Vec::new();
    for doc in docs {
        let own_ids = (!doc.published).then(|| scan_ids(doc.rendered.html.text().as_bytes()));
        for link in &doc.rendered.links {
            if let Some(d) = checker.check_one(doc, own_ids.as_ref(), link) {
                diags.push(d);
            }
            if link.missing_alt {
                diags.push(
                    locate(doc, link, Diagnostic::warning(Code::ImageWithoutAlt, doc.source, "image has no alt text"))
                        .with_hint("describe what the image shows: `![Pipeline with security gates](path.png)`"),
                );
            }
        }
    }
    diags
}

/// The warning for a link or image whose scheme is not allowed: the page shows its
/// text (or alt text) without the link.
fn refused(doc: &Doc<'_>, link: &LinkRef, dest: &str) -> Diagnostic {
    let what = if link.image { "image" } else { "link" };
    let message = if crate::render::is_script_url(dest) {
        format!("{what} `{dest}` would run code in the reader's browser; it was removed")
    } else {
        let scheme = crate::render::url_scheme(dest).unwrap_or_default();
        format!(
            "{what} `{dest}` uses the scheme `{scheme}:`, which pages do not link to; it was removed"
        )
    };
    let (kept, hint) = if link.image {
        ("its alt text is shown instead", "use an image file of the site or an https:// address")
    } else {
        ("its text is kept", "link to a page or to an https://, mailto: or tel: address instead")
    };
    let d = Diagnostic::warning(Code::UnsafeLink, doc.source, format!("{message} ({kept})"));
    locate(doc, link, d.with_hint(hint))
}

/// Adds the link's line and column (in the source file) to `d`.
fn locate(doc: &Doc<'_>, link: &LinkRef, d: Diagnostic) -> Diagnostic {
    let (line, column) = doc.position(link.at);
    let mut d = d.at(line, column);
    d.end_column = Some(column + link.width);
    d
}

struct Checker<'a> {
    site: &'a Site,
    paths: &'a HashSet<&'a str>,
    ids: &'a HashMap<String, HashSet<String>>,
    /// Ids that every case page has outside its body (`None`: no case page was built).
    template_ids: Option<HashSet<String>>,
}

impl<'a> Checker<'a> {
    /// `own_ids`: for an unpublished document, the ids of its rendered body.
    fn check_one(
        &self,
        doc: &Doc<'_>,
        own_ids: Option<&HashSet<String>>,
        link: &LinkRef,
    ) -> Option<Diagnostic> {
        let dest = link.dest.trim();
        if !crate::render::is_allowed_url(dest, link.image) {
            return Some(refused(doc, link, dest));
        }
        let t = target(doc, dest)?;
        let source = doc.source;
        let what = if link.image { "image" } else { "link" };
        let own = doc.own_page();
        let Some(found) = t.candidates.iter().find(|c| self.paths.contains(c.as_str())) else {
            if let Some(own_ids) = own_ids.filter(|_| t.candidates.contains(&own)) {
                // A link within the unpublished page itself: its body and the case
                // template tell which ids the page would have.
                let fragment = t.fragment?;
                let template = self.template_ids.as_ref()?;
                if own_ids.contains(fragment) || template.contains(fragment) {
                    return None;
                }
                return Some(self.broken_anchor(doc, link, dest, fragment, own_ids));
            }
            if self.is_invalid_case(t.path) {
                return None;
            }
            let d = Diagnostic::error(
                Code::BrokenLink,
                source,
                format!("broken {what} `{dest}`: no such page or file"),
            );
            return Some(locate(doc, link, d.with_hint(self.hint_for(t.path))));
        };
        let fragment = t.fragment?;
        if self.has_id(found, fragment) {
            return None;
        }
        let known = self.ids.get(found.as_str());
        let empty = HashSet::new();
        Some(self.broken_anchor(doc, link, dest, fragment, known.unwrap_or(&empty)))
    }

    fn broken_anchor(
        &self,
        doc: &Doc<'_>,
        link: &LinkRef,
        dest: &str,
        fragment: &str,
        known: &HashSet<String>,
    ) -> Diagnostic {
        let what = if link.image { "image" } else { "link" };
        let d = Diagnostic::error(
            Code::BrokenAnchor,
            doc.source,
            format!(
                "broken {what} `{dest}`: the page has no heading or element with id `{fragment}`"
            ),
        );
        let hint = diagnostic::did_you_mean(&diagnostic::suggest(fragment, known.iter().map(String::as_str)))
            .unwrap_or_else(|| "link to an existing heading; heading ids are the heading text in lowercase with hyphens".into());
        locate(doc, link, d.with_hint(hint))
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

/// Decodes `%XX` escapes (links to pages with Chinese slugs are often percent-encoded);
/// a malformed escape stays as it is, and a path whose escapes are not UTF-8 stays whole.
fn decode(path: &str) -> String {
    match percent_encoding::percent_decode_str(path).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => path.to_string(),
    }
}

/// Every `id="…"` in an HTML page.
pub fn scan_ids(html: &[u8]) -> HashSet<String> {
    // On the bytes (a build scans every case page): an id holds no `"`, so a match never
    // starts inside the previous id.
    let mut ids = HashSet::new();
    for at in memchr::memmem::find_iter(html, b" id=\"") {
        let rest = &html[at + 5..];
        if let Some(end) = memchr::memchr(b'"', rest) {
            ids.insert(String::from_utf8_lossy(&rest[..end]).into_owned());
        }
    }
    ids
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
        assert_eq!(decode("/a%zz%2F"), "/a%zz/");
        assert_eq!(decode("/bad%FF"), "/bad%FF");
        let ids = scan_ids(br#"<h2 id="a">x</h2><div class="c" id="b-2"></div>"#);
        assert!(ids.contains("a") && ids.contains("b-2"));
        let ids = scan_ids("<p id=\"安全\"></p><p data-x=\"y\" id=\"z\"><p id=\"open".as_bytes());
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["z", "安全"]);
    }
}

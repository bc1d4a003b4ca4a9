//! Relative-URL mode: a site built with `base_url: /` works wherever it is put,
//! at the root of a server, under any sub-path, or copied to another folder.
//!
//! Pages are rendered with root-relative links (`/cases/x/`) like every other build; this
//! stage then rewrites, in each HTML page, every link-carrying attribute whose value starts
//! with `/` into a path relative to the page (`../../cases/x/`). Attributes written by Tera
//! (which escapes `/` as `&#x2F;`) and by the Markdown renderer are both handled.
//! `404.html` keeps root-relative links: servers show it at arbitrary paths, where relative
//! links would break.

use crate::output::OutputFile;

/// Attributes whose values are URLs (or base paths read by the theme's scripts).
const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "action", "poster", "data-base", "data-index"];

/// Rewrites the root-relative links of every HTML page in `files` (except `404.html`).
pub(crate) fn rewrite_all(files: &mut [OutputFile]) {
    use rayon::prelude::*;
    files.par_iter_mut().for_each(rewrite_file);
}

/// Rewrites the root-relative links of `file` if it is an HTML page other than `404.html`.
/// Idempotent: a rewritten link no longer starts with `/`.
pub(crate) fn rewrite_file(file: &mut OutputFile) {
    if file.path.ends_with(".html")
        && file.path != "404.html"
        && let Some(html) = rewrite(&file.bytes, &prefix_for(&file.path))
    {
        file.bytes = html.into();
    }
}

/// `../` once per directory level of `path` (`cases/x/index.html` → `../../`), or `./`.
fn prefix_for(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 { "./".to_string() } else { "../".repeat(depth) }
}

/// The page with root-relative URL attributes made relative; `None` when nothing changed.
fn rewrite(html: &[u8], prefix: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut last = 0;
    let mut changed = false;
    // Only values that start with `/` or Tera's escaped `&#x2F;` can change: look for those
    // two (rare) openings rather than for every `="` of the page.
    let plain = memchr::memmem::find_iter(html, b"=\"/");
    let escaped = memchr::memmem::find_iter(html, b"=\"&#x2F;");
    for eq in merge_sorted(plain, escaped) {
        let value = eq + 2;
        let rest = &html[value..];
        let slash_len = if rest.starts_with(b"/") && !rest.starts_with(b"//") {
            1
        } else if rest.starts_with(b"&#x2F;")
            && !rest[6..].starts_with(b"&#x2F;")
            && !rest[6..].starts_with(b"/")
        {
            6
        } else {
            continue;
        };
        if value < last || !is_url_attribute(&html[..eq]) {
            continue;
        }
        out.extend_from_slice(&html[last..value]);
        out.extend_from_slice(prefix.as_bytes());
        last = value + slash_len;
        changed = true;
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&html[last..]);
    Some(out)
}

/// The items of two ascending iterators, in ascending order.
fn merge_sorted(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// True when the bytes before `="` end with one of [`URL_ATTRIBUTES`] preceded by
/// whitespace.
fn is_url_attribute(before: &[u8]) -> bool {
    URL_ATTRIBUTES.iter().any(|name| {
        before.ends_with(name.as_bytes())
            && before.len() > name.len()
            && before[before.len() - name.len() - 1].is_ascii_whitespace()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: html.as_bytes().to_vec().into() }
    }

    #[test]
    fn makes_root_relative_links_relative_to_the_page() {
        let mut files = vec![
            page(
                "cases/x/index.html",
                r##"<a href="/cases/y/">y</a><img src="&#x2F;assets&#x2F;a.png"><a href="//cdn.example/x">c</a><a href="https://e.org/">e</a><a data-x="/no" href="#top">t</a><form action="/search/"></form><div data-base="/"></div>"##,
            ),
            page("index.html", r#"<link href="/assets/a.css">"#),
            page("404.html", r#"<a href="/">home</a>"#),
            page("stats/stats.json", r#"{"href":"/x"}"#),
        ];
        rewrite_all(&mut files);
        let text = |i: usize| String::from_utf8(files[i].bytes.to_vec()).unwrap();
        assert_eq!(
            text(0),
            r##"<a href="../../cases/y/">y</a><img src="../../assets&#x2F;a.png"><a href="//cdn.example/x">c</a><a href="https://e.org/">e</a><a data-x="/no" href="#top">t</a><form action="../../search/"></form><div data-base="../../"></div>"##
        );
        assert_eq!(text(1), r#"<link href="./assets/a.css">"#);
        assert_eq!(text(2), r#"<a href="/">home</a>"#);
        assert_eq!(text(3), r#"{"href":"/x"}"#);
    }
}

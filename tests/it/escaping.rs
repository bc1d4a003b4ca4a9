//! Hostile text in `site.yaml`, the registry, the front matter and the body never reaches
//! the output as markup.

use crate::html::{self, section, text};
use crate::support::SiteTest;

/// Markup the `escaping` fixture plants; none of it may appear in any output file.
const PLANTED: &[&str] = &["<script>alert", "<img src=x", "<b onclick"];

/// Every output file a browser renders as markup (HTML, SVG, XML) that contains one of
/// `needles`, with the needle. Data downloads (CSV, JSON) hold text as it is: they are
/// served as data, never as markup.
fn occurrences(t: &SiteTest, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let markup = [".html", ".svg", ".xml"];
    for (path, bytes) in t.snapshot() {
        if !markup.iter().any(|ext| path.ends_with(ext)) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for needle in needles {
            if let Some(at) = text.find(needle) {
                let end = (at + 40).min(text.len());
                let end =
                    (end..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
                found.push(format!("{path}: {}", &text[at..end]));
            }
        }
    }
    found
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let t = SiteTest::from_fixture("escaping").build();
    let found = occurrences(&t, PLANTED);
    assert!(found.is_empty(), "unescaped markup in the output:\n{}", found.join("\n"));
    // The text is still there, shown as text.
    let main = t.main_html("cases/hostile/index.html");
    assert_eq!(text(section(&main, "<h1>", "</h1>")), "<script>alert(1)</script> Hostile title");
    assert_eq!(
        text(section(&main, "<p class=\"lead\">", "</p>")),
        "<script>alert(4)</script> & more"
    );
    let body = text(section(&main, "<div class=\"prose\">", "</div>"));
    for planted in [
        "<script>alert(9)</script>",
        "<b onclick=\"alert(10)\">bold</b>",
        "<img src=x onerror=alert(12)>",
    ] {
        assert!(body.contains(planted), "`{planted}` should be shown as text:\n{body}");
    }
    // Free-text terms get safe slugs.
    t.assert_file("domains/script-alert-3-script/index.html")
        .assert_file("tags/script-alert-6-script/index.html");
    assert!(html::text(&t.read("index.html")).contains("Escaping <script>alert(0)</script>"));
}

#[test]
fn allowed_html_is_sanitised() {
    let t = SiteTest::from_fixture("escaping");
    t.write("site.yaml", t.read_source("site.yaml") + "allow_html: true\n");
    let t = t.build();
    let found = occurrences(&t, PLANTED);
    assert!(found.is_empty(), "unsanitised markup in the output:\n{}", found.join("\n"));
    // Harmless markup survives, without its event handler; script URLs are dropped.
    let body = t.main_html("cases/hostile/index.html");
    let body = section(&body, "<div class=\"prose\">", "</div>");
    assert!(body.contains("<b>bold</b>"), "{body}");
    assert!(!body.contains("javascript:") && !body.contains("data:text/html"), "{body}");
}

#[test]
fn script_urls_are_not_linked() {
    let t = SiteTest::from_fixture("escaping").build();
    let bad: Vec<String> = t
        .html_files()
        .iter()
        .flat_map(|page| {
            html::links(&t.read(page))
                .into_iter()
                .filter(|l| l.trim_start().to_ascii_lowercase().starts_with("javascript:"))
                .map(move |l| format!("{page}: {l}"))
        })
        .collect();
    assert!(bad.is_empty(), "script URLs in the output:\n{}", bad.join("\n"));
}

//! The theme's header and footer partials: rendered once per section, they still mark the
//! current navigation entry on every page, and a site can override them.

use crate::html::tags;
use crate::support::SiteTest;

/// The `href`s of the links marked `aria-current="page"` inside the page's site header.
fn current_in_header(t: &SiteTest, path: &str) -> Vec<String> {
    let html = t.read(path);
    let start = html.find("<header class=\"site-header\"").expect("a site header");
    let end = start + html[start..].find("</header>").expect("the header ends");
    tags(&html[start..end])
        .into_iter()
        .filter(|tag| tag.name == "a" && tag.attr("aria-current") == Some("page"))
        .map(|tag| tag.attr("href").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_header_marks_the_section_of_every_page() {
    let t = SiteTest::from_fixture("kitchen_sink").base_url("/sub/").build();
    let case = t
        .files()
        .into_iter()
        .find(|f| f.starts_with("cases/") && f.ends_with("/index.html") && !f.contains("/page/"))
        .filter(|f| f != "cases/index.html")
        .expect("a case page");
    let institution = t
        .files()
        .into_iter()
        .find(|f| {
            f.starts_with("institutions/")
                && f.ends_with("/index.html")
                && f != "institutions/index.html"
        })
        .expect("an institution page");
    assert_eq!(current_in_header(&t, "index.html"), ["/sub/"], "home: the brand");
    assert_eq!(current_in_header(&t, &case), ["/sub/cases/"], "{case}");
    assert_eq!(current_in_header(&t, "cases/index.html"), ["/sub/cases/"]);
    assert_eq!(current_in_header(&t, &institution), ["/sub/institutions/"], "{institution}");
    assert_eq!(current_in_header(&t, "institutions/index.html"), ["/sub/institutions/"]);
    assert_eq!(current_in_header(&t, "matrix/index.html"), ["/sub/matrix/"]);
    assert_eq!(current_in_header(&t, "stats/index.html"), ["/sub/stats/"]);
    assert!(current_in_header(&t, "404.html").is_empty());
    // The footer is there too, on every page.
    for page in t.html_files() {
        let html = t.read(&page);
        assert_eq!(html.matches("<footer class=\"site-footer\">").count(), 1, "{page}");
    }
}

#[test]
fn a_site_can_override_the_header_and_footer_partials() {
    let t = SiteTest::from_fixture("kitchen_sink");
    t.write(
        "themes/default/templates/partials/header.html",
        "<header class=\"site-header\"><p id=\"mine\">{{ site.title }} in {{ current_path }}</p></header>",
    );
    t.write("themes/default/templates/partials/footer.html", "<footer>my footer</footer>");
    let t = t.build();
    let case = t
        .files()
        .into_iter()
        .find(|f| f.starts_with("cases/") && f.ends_with("/index.html") && f != "cases/index.html")
        .expect("a case page");
    for (page, section) in
        [("index.html", "/"), (case.as_str(), "/cases/"), ("stats/index.html", "/stats/")]
    {
        let html = t.read(page);
        assert!(html.contains(&format!(" in {section}</p>")), "{page}: {html}");
        assert!(html.contains("<footer>my footer</footer>"), "{page}");
    }
}

#[test]
fn an_error_in_the_header_partial_names_the_partial() {
    let t = SiteTest::from_fixture("kitchen_sink");
    t.write("themes/default/templates/partials/header.html", "<header>{{ page.title }}</header>");
    let errors = t.build_err();
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|d| d.path.ends_with("templates/partials/header.html")),
        "{errors:?}"
    );
    assert!(errors[0].message.contains("page.title"), "{}", errors[0].message);
}

#[test]
fn templates_read_the_string_catalogue_and_a_site_overrides_single_keys() {
    let t = SiteTest::from_fixture("kitchen_sink");
    t.write(
        "themes/default/templates/404.html",
        "[{{ t(key=\"language.name\") }}|{{ t(key=\"mine\", who=\"<ABC>\") }}]",
    );
    t.write(
        "themes/default/i18n/en.yaml",
        "language:\n  name: Anglais\nmine: \"{who} passed\"\nlanguage.nmae: Typo\n",
    );
    let t = t.build();
    // The override replaced one key; the argument is filled in and escaped like any value.
    assert_eq!(t.read("404.html"), "[Anglais|&lt;ABC&gt; passed]");
    // A key of the site's own (`mine`, for its own template) passes; a key spelt almost
    // like a built-in one is a warning naming the file, the line and the built-in key.
    let warnings: Vec<_> =
        t.report().warnings.iter().filter(|d| d.code.as_str() == "unknown-string").collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].path, "themes/default/i18n/en.yaml");
    assert_eq!(warnings[0].line, Some(4));
    assert!(warnings[0].message.contains("`language.nmae`"), "{}", warnings[0].message);
    assert_eq!(warnings[0].hint.as_deref(), Some("did you mean `language.name`?"));
}

#[test]
fn a_missing_string_or_a_catalogue_value_that_is_not_text_fails_with_its_place() {
    let t = SiteTest::from_fixture("kitchen_sink");
    t.write("themes/default/templates/404.html", "{{ t(key=\"no.such.key\") }}");
    let errs = t.build_err();
    let e = errs.iter().find(|d| d.code.as_str() == "template-render").expect("a render error");
    assert!(e.message.contains("no string `no.such.key`"), "{}", e.message);

    let t = SiteTest::from_fixture("kitchen_sink");
    t.write("themes/default/i18n/en.yaml", "language:\n  name: [1, 2]\n");
    let errs = t.build_err();
    let e = errs.iter().find(|d| d.code.as_str() == "invalid-strings").expect("a catalogue error");
    assert_eq!((e.path.as_str(), e.line), ("themes/default/i18n/en.yaml", Some(1)));
}

//! Paginated listings: the kitchen sink has 13 published cases and `per_page: 3`.

use crate::html::{self, rel_href};
use crate::kitchen::{CASES, PER_PAGE};
use crate::support::{SiteTest, listed_cases};

/// The output file of page `n` of a listing whose first page is `dir/`.
fn page_file(dir: &str, n: usize) -> String {
    if n == 1 { format!("{dir}index.html") } else { format!("{dir}page/{n}/index.html") }
}

/// The URL of page `n` of a listing whose first page is `/dir/`.
fn page_url(dir: &str, n: usize) -> String {
    if n == 1 { format!("/{dir}") } else { format!("/{dir}page/{n}/") }
}

/// The case-study cards of a page: the "Case studies" section of a term page (its results
/// table, on the first page, links every case of the term), or the whole listing.
fn cards(main: &str) -> &str {
    main.find("aria-labelledby=\"cases-title\"").map_or(main, |i| &main[i..])
}

/// Checks a paginated listing at `dir/` against the slugs it must show, in order.
#[track_caller]
fn assert_paginated(t: &SiteTest, dir: &str, expected: &[&str]) {
    let pages = expected.len().div_ceil(PER_PAGE);
    for (i, chunk) in expected.chunks(PER_PAGE).enumerate() {
        let n = i + 1;
        let file = page_file(dir, n);
        let main = t.main_html(&file);
        assert_eq!(listed_cases(cards(&main), "/"), chunk, "cases on `{file}`");
        let prev = (n > 1).then(|| page_url(dir, n - 1));
        let next = (n < pages).then(|| page_url(dir, n + 1));
        assert_eq!(rel_href(&main, "prev"), prev, "rel=prev of `{file}`");
        assert_eq!(rel_href(&main, "next"), next, "rel=next of `{file}`");
        if pages > 1 {
            let first = i * PER_PAGE + 1;
            let status =
                format!("Showing {first}–{} of {}", first + chunk.len() - 1, expected.len());
            assert!(html::text(&main).contains(&status), "`{file}` should say `{status}`:\n{main}");
        }
    }
    t.assert_no_file(&format!("{dir}page/1/index.html"));
    t.assert_no_file(&page_file(dir, pages + 1));
}

#[test]
fn all_cases_are_listed_newest_first_three_per_page() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_paginated(&t, "cases/", &CASES);
    let text = html::text(&t.main_html("cases/page/5/index.html"));
    assert!(text.contains("13 published case studies, newest first."), "{text}");
}

#[test]
fn term_pages_are_paginated_too() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_paginated(
        &t,
        "years/2024/",
        &["zeta-secops", "beta-secops", "zeta-build", "epsilon-secdel"],
    );
    // A part lists the results recorded against it and against each of its modules.
    assert_paginated(
        &t,
        "modules/devsecops/",
        &[
            "zeta-secops",
            "beta-secops",
            "epsilon-secdel",
            "alpha-part",
            "alpha-secdev-l2",
            "gamma-secops",
            "beta-secdel",
            "alpha-secdev-l3",
            "delta-secdev",
        ],
    );
    assert_paginated(&t, "levels/2-plus/", &["alpha-part", "gamma-secops"]);
    assert_paginated(
        &t,
        "institutions/alpha-bank/",
        &["alpha-part", "alpha-secdev-l2", "alpha-secdev-l3"],
    );
}

#[test]
fn a_single_page_has_no_pagination() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("levels/2-plus/index.html");
    assert_eq!(rel_href(&main, "prev"), None);
    assert_eq!(rel_href(&main, "next"), None);
    assert!(!main.contains("class=\"pagination\""), "{main}");
}

#[test]
fn a_term_without_cases_has_one_empty_page() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("institutions/eta-insurance/index.html");
    assert!(listed_cases(&main, "/").is_empty(), "{main}");
    assert!(main.contains("No published case studies yet."), "{main}");
    t.assert_no_file("institutions/eta-insurance/page/2/index.html");
}

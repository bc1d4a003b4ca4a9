//! Term index pages and term pages: exact counts, grouping and cross-links.

use crate::html::{anchors, section, tags, text};
use crate::support::{SiteTest, listed_cases};

/// A group of a term index: (group link, group count, [(term link, term count)]).
type Group = (Option<String>, usize, Vec<(String, usize)>);

/// The case studies a count pill states. The pill says both numbers ("3 results, 3 case
/// studies"); the kitchen sink has no `results.yaml`, so every result is a case study.
fn count(html: &str) -> usize {
    let span = section(html, "<span class=\"count\"", "</span>");
    let pill = &tags(span)[0];
    let number = |name: &str| -> usize { pill.attr(name).unwrap().parse().unwrap() };
    let (results, cases) = (number("data-results"), number("data-cases"));
    assert_eq!(results, cases, "{span}");
    let said = format!(
        "{results} result{}, {cases} case {}",
        if results == 1 { "" } else { "s" },
        if cases == 1 { "study" } else { "studies" }
    );
    assert_eq!(text(span), said);
    cases
}

/// The groups of a term index page.
fn groups(main: &str) -> Vec<Group> {
    main.split("<section class=\"term-group\">")
        .skip(1)
        .map(|g| {
            let g = &g[..g.find("</section>").unwrap()];
            let (link, total) = match g.find("<h2>") {
                Some(_) => {
                    let h2 = section(g, "<h2>", "</h2>");
                    (anchors(h2).into_iter().next(), count(h2))
                }
                None => (None, 0),
            };
            let terms =
                g.split("<li").skip(1).map(|li| (anchors(li)[0].clone(), count(li))).collect();
            (link, total, terms)
        })
        .collect()
}

fn group(link: &str, total: usize, terms: &[(&str, usize)]) -> Group {
    (Some(link.to_string()), total, terms.iter().map(|(l, n)| (l.to_string(), *n)).collect())
}

#[test]
fn institutions_are_grouped_by_type_with_counts() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_eq!(
        groups(&t.main_html("institutions/index.html")),
        [
            group("/types/state-owned/", 3, &[("/institutions/alpha-bank/", 3)]),
            group("/types/joint-stock/", 3, &[("/institutions/beta-bank/", 3)]),
            group("/types/city-commercial/", 2, &[("/institutions/gamma-bank/", 2)]),
            group("/types/rural-commercial/", 2, &[("/institutions/delta-rural/", 2)]),
            group("/types/private/", 1, &[("/institutions/epsilon-net/", 1)]),
            group("/types/securities/", 2, &[("/institutions/zeta-securities/", 2)]),
            group("/types/insurance/", 0, &[("/institutions/eta-insurance/", 0)]),
        ]
    );
}

#[test]
fn modules_are_grouped_by_part_with_counts() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_eq!(
        groups(&t.main_html("modules/index.html")),
        [
            group(
                "/modules/pipeline/",
                3,
                &[("/modules/build-management/", 2), ("/modules/test-management/", 1)]
            ),
            group(
                "/modules/devsecops/",
                9,
                &[
                    ("/modules/security-development/", 3),
                    ("/modules/security-delivery/", 2),
                    ("/modules/security-operation/", 3),
                ],
            ),
            group("/modules/operations/", 1, &[]),
            group("/modules/design/", 0, &[]),
        ]
    );
}

#[test]
fn parts_modules_and_types_link_to_each_other() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let related = |page: &str| {
        let main = t.main_html(page);
        let r = section(&main, "<div class=\"related\">", "</div>").to_string();
        (text(section(&r, "<h2", "</h2>")), anchors(&r))
    };
    assert_eq!(
        related("modules/devsecops/index.html"),
        (
            "Modules of this part".to_string(),
            vec![
                "/modules/security-development/".to_string(),
                "/modules/security-delivery/".into(),
                "/modules/security-operation/".into()
            ]
        )
    );
    assert_eq!(
        related("modules/test-management/index.html"),
        ("Part of".to_string(), vec!["/modules/pipeline/".to_string()])
    );
    assert_eq!(
        related("types/securities/index.html"),
        (
            "Institutions of this type".to_string(),
            vec!["/institutions/zeta-securities/".to_string()]
        )
    );
    let alpha = text(section(
        &t.main_html("institutions/alpha-bank/index.html"),
        "<dl class=\"facts\">",
        "</dl>",
    ));
    assert_eq!(
        alpha,
        "Results 3 Case studies 3 Type State-owned banks Region North First result 10 March 2021 Latest result 20 January 2023"
    );
}

#[test]
fn free_text_terms_merge_spellings_under_one_slug() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    // "Security toolchain" (alpha-secdev-l2) and "security toolchain" (beta-secops).
    let main = t.main_html("domains/security-toolchain/index.html");
    assert_eq!(text(section(&main, "<h1>", "</h1>")), "Security toolchain");
    assert_eq!(listed_cases(&main, "/"), ["beta-secops", "alpha-secdev-l2"]);
    let chip =
        section(&t.main_html("cases/beta-secops/index.html"), "<ul class=\"chips\">", "</ul>")
            .to_string();
    assert_eq!(anchors(&chip), ["/domains/security-monitoring/", "/domains/security-toolchain/"]);
    assert_eq!(text(&chip), "Security monitoring security toolchain");
    // A Chinese domain keeps its characters in the URL.
    let zh = t.main_html("domains/自动化测试/index.html");
    assert_eq!(listed_cases(&zh, "/"), ["gamma-zh"]);
}

#[test]
fn cards_without_a_summary_show_the_first_paragraph() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("cases/page/4/index.html");
    let cards: Vec<String> = main
        .split("<p class=\"card-summary\">")
        .skip(1)
        .map(|c| text(&c[..c.find("</p>").unwrap()]))
        .collect();
    assert_eq!(
        cards,
        [
            "Gamma City Bank monitors its systems around the clock.",
            "Beta Bank entered its payments gateway for the security delivery module.",
            "Alpha Bank put its core ledger forward for the security development module.",
        ]
    );
}

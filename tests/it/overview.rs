//! The pages that give an overview (issue #18): the home page at a glance (levels on
//! record, the compact matrix, the newest results) and the levels page (`/levels/`), with
//! their exact numbers, in both languages.

use crate::html::{anchors, section, tags, text};
use crate::support::SiteTest;

/// `(level, results, link)` of each row of the levels page's scale.
fn level_rows(main: &str) -> Vec<(String, u32, Option<String>)> {
    let scale = section(main, "<ol class=\"level-scale\">", "</ol>");
    scale
        .split("<li class=\"level-row")
        .skip(1)
        .map(|li| {
            let step = text(section(li, "<span class=\"level-step\"", "</span>"));
            let results = tags(li)
                .iter()
                .find_map(|t| t.attr("data-results").map(|n| n.parse().unwrap()))
                .unwrap_or(0);
            let link = anchors(li).first().cloned();
            (step, results, link)
        })
        .collect()
}

#[test]
fn the_levels_page_explains_the_five_levels_and_counts_the_results_at_each() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("levels/index.html");
    let link = |s: &str| Some(format!("/levels/{s}/"));
    assert_eq!(
        level_rows(&main),
        [
            ("1".to_string(), 3, link("1")),
            ("2".into(), 3, link("2")),
            ("2+".into(), 2, link("2-plus")),
            ("3".into(), 3, link("3")),
            ("4".into(), 1, link("4")),
            ("5".into(), 1, link("5")),
        ]
    );
    let about = text(section(&main, "<section class=\"levels-about\"", "</section>"));
    assert!(about.contains("from 1 (Initial) to 5 (Outstanding)"), "{about}");
    assert!(about.contains("The results on record are at 6 different levels."), "{about}");
    let names: Vec<String> =
        main.split("<h3>").skip(1).map(|h| text(&h[..h.find("</h3>").unwrap()])).collect();
    assert_eq!(names[0], "Level 1 · Initial 初始级");
    assert_eq!(names[2], "Level 2+ · Foundation 基础级");
    assert_eq!(names[5], "Level 5 · Outstanding 卓越级");
}

#[test]
fn the_levels_page_in_chinese_lists_levels_without_results_and_the_unleveled_results() {
    let t = SiteTest::bundled().build();
    let main = t.main_html("zh/levels/index.html");
    let rows = level_rows(&main);
    let steps: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(steps, ["1", "2", "3", "4", "5"]);
    // The bundled site links relatively (`../../zh/levels/2/`).
    assert_eq!((rows[1].0.as_str(), rows[1].1), ("2", 9));
    assert!(rows[1].2.as_ref().is_some_and(|l| l.ends_with("/zh/levels/2/")), "{rows:?}");
    assert!(rows.iter().filter(|r| r.0 != "2").all(|r| r.1 == 0 && r.2.is_none()), "{rows:?}");
    assert!(text(&main).contains("一级 · 初始级 Initial"), "{main}");
    let about = section(&main, "<section class=\"levels-about\"", "</section>");
    assert!(text(about).contains("另有 14 项评估结果未说明级别。"), "{about}");
    assert!(anchors(about).iter().any(|a| a.ends_with("/zh/results/?level=none")), "{about}");
}

#[test]
fn the_home_page_shows_levels_matrix_and_newest_results_at_a_glance() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("index.html");
    let bars = section(&main, "<ul class=\"level-bars\">", "</ul>");
    let counts: Vec<(String, u32)> = bars
        .split("<li>")
        .skip(1)
        .map(|li| {
            let n = tags(li).iter().find_map(|t| t.attr("data-results").map(str::to_string));
            (anchors(li)[0].clone(), n.unwrap().parse().unwrap())
        })
        .collect();
    let expected = [("1", 3), ("2", 3), ("2-plus", 2), ("3", 3), ("4", 1), ("5", 1)]
        .map(|(s, n)| (format!("/levels/{s}/"), n));
    assert_eq!(counts, expected);

    let preview = section(&main, "<table class=\"matrix matrix-preview\">", "</table>");
    let body = section(preview, "<tbody>", "</tbody>");
    assert_eq!(body.matches("<tr>").count(), 6, "one row per institution with a result");
    let cell_total: u32 = body
        .split("<span aria-hidden=\"true\">×</span>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].parse::<u32>().unwrap())
        .sum();
    assert_eq!(cell_total, 13, "the cells add up to every result");

    let latest = section(&main, "aria-labelledby=\"latest-results-title\"", "</section>");
    let rows = section(latest, "<tbody>", "</tbody>");
    assert_eq!(rows.matches("<tr").count(), 8, "the eight newest results");
    assert!(main.contains("<svg"), "the participation chart");
}

#[test]
fn the_chinese_home_page_has_the_same_overview_in_chinese() {
    let t = SiteTest::bundled().build();
    let main = t.main_html("zh/index.html");
    let bars = text(section(&main, "<ul class=\"level-bars\">", "</ul>")).replace(' ', "");
    assert_eq!(bars, "二级·基础级9项评估结果未披露14项评估结果");
    let preview = section(&main, "<table class=\"matrix matrix-preview\">", "</table>");
    assert!(text(preview).starts_with("机构 持续交付 技术运营 安全及风险管理"), "{preview}");
    assert!(anchors(preview).iter().any(|a| a.ends_with("/zh/institutions/abc/")), "{preview}");
}

//! Participation statistics: exact numbers for a fixture computed by hand, the bundled
//! site's numbers against the facts of the source articles, the downloads, and the
//! `/stats/` page in a real browser.
//!
//! The `stats` fixture, by hand:
//! - C Bank (joint-stock): m1 level 1 on 2019-12-01 (results.yaml only, its first result)
//! - A Bank (city commercial): case m1 level 2 on 2020-06-01; case m2 level 2+ on 2021-03-01
//! - B Bank (state-owned): m2 level 2 on 2020-06-01 (results.yaml: its first result comes
//!   before its case); case m1 level 3 on 2021-03-01; part p2 ×3 (count), no level, on
//!   2021-03-01 (the same day as two cases)

use serde_json::Value;

use crate::support::{SiteTest, require_browser, run_cli};

/// The rows of table `id` of a stats document.
fn table<'a>(doc: &'a Value, id: &str) -> &'a Vec<Value> {
    doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no table {id}"))["rows"]
        .as_array()
        .unwrap()
}

/// `(column values…)` of each row, as strings, for compact comparisons.
fn rows(doc: &Value, id: &str, columns: &[&str]) -> Vec<Vec<String>> {
    table(doc, id)
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| match &r[*c] {
                    Value::String(s) => s.clone(),
                    Value::Null => panic!("no column {c} in {id}: {r}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn v(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
}

fn fixture_stats() -> Value {
    let t = SiteTest::from_fixture("stats");
    let out = run_cli(&t.root(), &["stats", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("stats --format json is JSON")
}

#[test]
fn per_year_and_per_date_numbers_are_exact() {
    let doc = fixture_stats();
    assert_eq!(doc["summary"]["results"], 8);
    assert_eq!(doc["summary"]["case_studies"], 3);
    assert_eq!(doc["summary"]["results_without_case_study"], 5);
    assert_eq!(doc["summary"]["institutions"], 3);
    assert_eq!(doc["years"], serde_json::json!([2019, 2020, 2021]));
    let cols = ["results", "institutions", "first_time_institutions", "cumulative_institutions"];
    assert_eq!(
        rows(&doc, "results-by-year", &["year", cols[0], cols[1], cols[2], cols[3]]),
        v(&[
            &["2019", "1", "1", "1", "1"],
            &["2020", "2", "2", "2", "3"],
            &["2021", "5", "2", "0", "3"]
        ])
    );
    assert_eq!(
        rows(
            &doc,
            "results-by-date",
            &["date", "announced", "known_by", cols[1], cols[2], cols[3]]
        ),
        v(&[
            &["2019-12-01", "1", "0", "1", "1", "1"],
            &["2020-06-01", "2", "0", "2", "2", "3"],
            &["2021-03-01", "5", "0", "2", "0", "3"]
        ])
    );
}

#[test]
fn breakdowns_by_part_type_and_level_are_exact() {
    let doc = fixture_stats();
    assert_eq!(
        rows(&doc, "results-by-part", &["year", "part_one", "part_two", "total"]),
        v(&[&["2019", "1", "0", "1"], &["2020", "2", "0", "2"], &["2021", "2", "3", "5"]])
    );
    assert_eq!(
        rows(
            &doc,
            "results-by-type",
            &["year", "state_owned_banks", "joint_stock_banks", "city_commercial_banks"]
        ),
        v(&[&["2019", "0", "1", "0"], &["2020", "1", "0", "1"], &["2021", "4", "0", "1"]])
    );
    // The plus grade sorts between 2 and 3; results without a level come last.
    assert_eq!(
        rows(
            &doc,
            "results-by-level",
            &["year", "level_1", "level_2", "level_2_plus", "level_3", "level_not_reported"]
        )[2],
        ["2021", "0", "0", "1", "1", "3"]
    );
    let columns: Vec<&str> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "results-by-level")
        .unwrap()["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        ["Year", "Level 1", "Level 2", "Level 2+", "Level 3", "Level not reported", "Total"]
    );
    let module_cols = ["module", "level_1", "level_3", "level_not_reported", "total"];
    assert_eq!(
        rows(&doc, "levels-by-module", &module_cols),
        v(&[
            &["Module one", "1", "1", "0", "3"],
            &["Module two", "0", "0", "0", "2"],
            &["Part two", "0", "0", "3", "3"]
        ])
    );
}

#[test]
fn institutions_domains_and_reported_totals_are_exact() {
    let doc = fixture_stats();
    assert_eq!(
        rows(
            &doc,
            "institutions",
            &["institution", "results", "case_studies", "first_result", "latest_result"]
        ),
        v(&[
            &["A Bank", "2", "2", "2020-06-01", "2021-03-01"],
            &["B Bank", "5", "1", "2020-06-01", "2021-03-01"],
            &["C Bank", "1", "0", "2019-12-01", "2019-12-01"]
        ])
    );
    assert_eq!(
        rows(&doc, "domains", &["domain", "case_studies"]),
        v(&[&["Security testing", "3"], &["Threat modeling", "2"], &["Monitoring", "1"]])
    );
    assert_eq!(
        rows(&doc, "reported-totals", &["institution", "scope", "as_of", "total"]),
        v(&[
            &["B Bank", "All standards", "2020-06-01", "4"],
            &["B Bank", "All standards", "2021-03-01", "9"]
        ])
    );
}

#[test]
fn downloads_match_the_terminal_and_the_page() {
    let t = SiteTest::from_fixture("stats").build();
    let file: Value = serde_json::from_str(&t.read("stats/stats.json")).unwrap();
    assert_eq!(file, fixture_stats(), "stats.json equals `casebook stats --format json`");
    let csv = t.read("stats/results-by-year.csv");
    assert_eq!(
        csv,
        "Year,Results,Announced,Known by,Institutions,First-time institutions,Cumulative institutions\r\n2019,1,1,0,1,1,1\r\n2020,2,2,0,2,2,3\r\n2021,5,5,0,2,0,3\r\n"
    );
    let cli = run_cli(&t.root(), &["stats", "--format", "csv", "--table", "results-by-year"]);
    assert_eq!(cli.stdout, csv);
    let page = t.main_html("stats/index.html");
    for id in [
        "results-by-year",
        "results-by-part",
        "results-by-type",
        "results-by-level",
        "levels-by-module",
        "reported-totals",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "section {id}");
        t.assert_file(&format!("stats/{id}.csv"));
    }
    // One chart per charted table, each drawn at the three widths.
    assert_eq!(page.matches("<svg").count(), 3 * 7, "one chart per charted table");
    assert_eq!(page.matches("role=\"img\"").count(), 3 * 7);
    // The institution and module pages carry a small timeline.
    assert!(t.main_html("institutions/b-bank/index.html").contains("Results per year: B Bank"));
    assert!(t.main_html("modules/p1/index.html").contains("<svg"));
    let unknown = run_cli(&t.root(), &["stats", "--table", "nope"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("results-by-year"), "{}", unknown.stderr);
}

#[test]
fn bundled_numbers_match_the_source_articles() {
    let t = SiteTest::bundled();
    let out = run_cli(&t.root(), &["stats", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    // Nine case studies; the articles report 14 further results: Zhengzhou's three earlier
    // ones, ICBC's six continuous-delivery projects, PSBC's three system-and-tools and two
    // continuous-testing results.
    assert_eq!(doc["summary"]["case_studies"], 9);
    assert_eq!(doc["summary"]["results"], 23);
    assert_eq!(doc["summary"]["institutions"], 5);
    // Results were announced on four days: 2021-12-24 (Zhongyuan, Zhengzhou: the first
    // batch of DevSecOps results), 2022-12-26 (ICBC), 2023-12-15 (PSBC), 2024-04-25 (ABC's
    // five projects). What the articles only mention as already achieved is "known by"
    // that day, never announced on it: Zhengzhou "had passed" three assessments before
    // (seed 001), "ICBC now has six" continuous-delivery projects (seed 002), PSBC's
    // 17 assessments include three system-and-tools and two continuous-testing items
    // (seed 003). Regression test for issue #14 (`issues show 14`).
    let dates = rows(
        &doc,
        "results-by-date",
        &[
            "date",
            "announced",
            "known_by",
            "institutions",
            "first_time_institutions",
            "cumulative_institutions",
        ],
    );
    assert_eq!(
        dates,
        v(&[
            &["2021-12-24", "2", "3", "2", "2", "2"],
            &["2022-12-26", "1", "6", "1", "1", "3"],
            &["2023-12-15", "1", "5", "1", "1", "4"],
            &["2024-04-25", "5", "0", "1", "1", "5"]
        ])
    );
    let inst = rows(&doc, "institutions", &["institution", "results", "case_studies"]);
    assert!(
        inst.contains(&v(&[&["Agricultural Bank of China", "5", "5"]])[0]),
        "ABC: five projects"
    );
    assert!(
        inst.contains(&v(&[&["Industrial and Commercial Bank of China", "7", "1"]])[0]),
        "ICBC: six CD + one DevSecOps"
    );
    assert!(
        inst.contains(&v(&[&["Postal Savings Bank of China", "6", "1"]])[0]),
        "PSBC: 1 DevSecOps, 3 S&T, 2 CT"
    );
    let reported = rows(&doc, "reported-totals", &["institution", "scope", "as_of", "total"]);
    assert!(
        reported.contains(&v(&[&["ABC", "All standards", "2024-04-25", "33"]])[0]),
        "{reported:?}"
    );
    assert!(
        reported.contains(&v(&[&["PSBC", "All standards", "2023-12-15", "17"]])[0]),
        "{reported:?}"
    );
    assert!(
        reported.contains(&v(&[&["ICBC", "Continuous delivery", "2022-12-26", "6"]])[0]),
        "{reported:?}"
    );
    // Every DevSecOps result is Level 2.
    let levels = rows(&doc, "levels-by-module", &["module", "level_2", "total"]);
    for m in [
        "Security development",
        "Security delivery",
        "Security operation",
        "Security and risk management",
    ] {
        let row = levels.iter().find(|r| r[0] == m).unwrap_or_else(|| panic!("{m}"));
        assert_eq!(row[1], row[2], "{m}: all results at Level 2");
    }
}

#[test]
fn the_stats_page_renders_its_charts_in_a_browser() {
    let Some(browser) = require_browser() else { return };
    let t = SiteTest::bundled().build();
    let server = crate::support::StaticServer::start(t.out());
    let dom = crate::support::dump_dom(&browser, &server.url("/stats/"));
    assert!(dom.matches("<svg").count() >= 6, "charts are in the DOM");
    assert!(dom.contains("Participating institutions over time"));
    let shot = t.dir().join("stats.png");
    let status = std::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", t.dir().join("chrome-profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(server.url("/stats/"))
        .output()
        .expect("run the browser");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 50_000,
        "a real, non-blank screenshot ({} bytes)",
        png.len()
    );
}

/// A site's string catalogue changes the texts of the statistics page and its charts, and
/// leaves the downloads alone: their ids, headers, keys and titles are machine-facing.
#[test]
fn a_site_catalogue_overrides_chart_and_table_texts_but_not_the_downloads() {
    let plain = SiteTest::from_fixture("stats").build();
    let t = SiteTest::from_fixture("stats");
    t.write(
        "themes/default/i18n/en.yaml",
        "stats:\n  results_by_year:\n    title: Jahresübersicht\n  column:\n    year: Jahr\n  \
         level: \"Stufe {level}\"\n  cell:\n    whole_part: (ganzer Teil)\nchart:\n  by_part:\n    title: Ergebnisse je Teil\n    \
         y_label: Ergebnisse\n  hover: \"{category}: {value} ({series})\"\n",
    );
    let t = t.build();
    assert!(t.report().warnings.is_empty(), "every overridden key exists");
    let page = t.main_html("stats/index.html");
    let before = plain.main_html("stats/index.html");
    let title = r#"<title id="chart-by-part-w960-title">"#;
    assert!(before.contains(&format!("{title}Results per year by part</title>")));
    assert!(page.contains(&format!("{title}Ergebnisse je Teil</title>")), "chart title");
    assert!(page.contains(">Ergebnisse</text>") && !before.contains(">Ergebnisse</text>"));
    assert!(page.contains(r#"<h2 id="results-by-year-title">Jahresübersicht</h2>"#));
    assert!(page.contains(r#"<th scope="col" class="text">Jahr</th>"#), "column label");
    assert!(
        page.contains(">Stufe 2</text>")
            && page.contains(r#"<th scope="col" class="num">Stufe 2</th>"#)
    );
    assert!(page.contains("<title>2020: 2 (Part one)</title>"), "hover titles");
    assert!(before.contains("<title>Part one — 2020: 2</title>"));
    assert!(!before.contains("Stufe") && before.contains(">Level 2</text>"));
    assert!(
        before.contains(r#"<td class="text">(whole part)</td>"#)
            && page.contains(r#"<td class="text">(ganzer Teil)</td>"#)
    );
    let downloads =
        ["stats.json", "results-by-year.csv", "results-by-level.csv", "levels-by-module.csv"];
    for file in downloads.map(|f| format!("stats/{f}")) {
        assert_eq!(t.read(&file), plain.read(&file), "{file} is machine-facing");
    }
}

/// No catalogue key is missing: a missing key would show as the key itself.
#[test]
fn the_stats_page_shows_no_raw_catalogue_keys() {
    let t = SiteTest::from_fixture("stats").build();
    let page = t.main_html("stats/index.html").replace("stats.json", "");
    for prefix in ["stats.", "chart."] {
        assert!(!page.contains(prefix), "raw key {prefix}… in the page");
    }
    let term = t.main_html("institutions/b-bank/index.html");
    assert!(!term.contains("chart.") && term.contains("Results per year: B Bank"));
}

//! Which files a build writes, drafts, determinism, atomic replacement of the output, and
//! the bundled site.

use std::fs;

use crate::kitchen::{CASES, DRAFT};
use crate::support::{SiteTest, listed_cases, run_cli_with_env, snapshot};

/// Every HTML page of the kitchen sink, sorted. Term pages exist for every registry entry
/// (even without cases, such as Eta Insurance and the Application design part); terms with
/// more than three cases are paginated.
const KITCHEN_PAGES: &[&str] = &[
    "404.html",
    "cases/alpha-part/index.html",
    "cases/alpha-secdev-l2/index.html",
    "cases/alpha-secdev-l3/index.html",
    "cases/beta-build/index.html",
    "cases/beta-secdel/index.html",
    "cases/beta-secops/index.html",
    "cases/delta-ops/index.html",
    "cases/delta-secdev/index.html",
    "cases/epsilon-secdel/index.html",
    "cases/gamma-secops/index.html",
    "cases/gamma-zh/index.html",
    "cases/index.html",
    "cases/page/2/index.html",
    "cases/page/3/index.html",
    "cases/page/4/index.html",
    "cases/page/5/index.html",
    "cases/zeta-build/index.html",
    "cases/zeta-secops/index.html",
    "domains/build-automation/index.html",
    "domains/code-scanning/index.html",
    "domains/index.html",
    "domains/operations-monitoring/index.html",
    "domains/security-gates/index.html",
    "domains/security-governance/index.html",
    "domains/security-monitoring/index.html",
    "domains/security-toolchain/index.html",
    "domains/threat-modeling/index.html",
    "domains/自动化测试/index.html",
    "index.html",
    "institutions/alpha-bank/index.html",
    "institutions/beta-bank/index.html",
    "institutions/delta-rural/index.html",
    "institutions/epsilon-net/index.html",
    "institutions/eta-insurance/index.html",
    "institutions/gamma-bank/index.html",
    "institutions/index.html",
    "institutions/zeta-securities/index.html",
    "levels/1/index.html",
    "levels/2-plus/index.html",
    "levels/2/index.html",
    "levels/3/index.html",
    "levels/4/index.html",
    "levels/5/index.html",
    "levels/index.html",
    "matrix/index.html",
    "modules/build-management/index.html",
    "modules/design/index.html",
    "modules/devsecops/index.html",
    "modules/devsecops/page/2/index.html",
    "modules/devsecops/page/3/index.html",
    "modules/index.html",
    "modules/operations/index.html",
    "modules/pipeline/index.html",
    "modules/security-delivery/index.html",
    "modules/security-development/index.html",
    "modules/security-operation/index.html",
    "modules/test-management/index.html",
    "results/index.html",
    "search/index.html",
    "stats/index.html",
    "tags/first-batch/index.html",
    "tags/index.html",
    "tags/markdown/index.html",
    "tags/mobile/index.html",
    "tags/中文/index.html",
    "types/city-commercial/index.html",
    "types/index.html",
    "types/insurance/index.html",
    "types/joint-stock/index.html",
    "types/private/index.html",
    "types/rural-commercial/index.html",
    "types/securities/index.html",
    "types/state-owned/index.html",
    "years/2021/index.html",
    "years/2022/index.html",
    "years/2023/index.html",
    "years/2024/index.html",
    "years/2024/page/2/index.html",
    "years/index.html",
];

#[test]
fn kitchen_sink_writes_every_expected_page_and_no_other() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    assert_eq!(t.html_files(), KITCHEN_PAGES, "the set of HTML pages changed");
    for slug in CASES {
        t.assert_file(&format!("cases/{slug}/index.html"));
    }
    t.assert_file("assets/casebook.css").assert_file("assets/syntax.css");
    // The site's own static files are copied as they are.
    assert_eq!(
        std::fs::read(t.out().join("images/pipeline.svg")).unwrap(),
        std::fs::read(t.root().join("static/images/pipeline.svg")).unwrap()
    );
    assert!(t.read("assets/syntax.css").contains(".hl-"), "syntax.css has no hl- classes");
    let report = t.report();
    assert_eq!(report.cases, CASES.len());
    assert_eq!(report.pages, KITCHEN_PAGES.len());
    assert_eq!(report.files, t.files().len());
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    t.assert_no_file(&format!("cases/{DRAFT}/index.html"))
        .assert_no_file("tags/draft-only/index.html")
        .assert_no_file("domains/draft-domain/index.html");
    for page in t.html_files() {
        assert!(!t.read(&page).contains(DRAFT), "`{page}` mentions the draft");
    }

    let t = SiteTest::from_fixture("kitchen_sink").drafts().build();
    t.assert_file(&format!("cases/{DRAFT}/index.html"))
        .assert_file("tags/draft-only/index.html")
        .assert_file("domains/draft-domain/index.html");
    assert_eq!(t.report().cases, CASES.len() + 1);
    // The draft is the newest case, so it heads the listing.
    let listed = listed_cases(&t.main_html("cases/index.html"), "/");
    assert_eq!(listed, [DRAFT, CASES[0], CASES[1]]);
}

#[test]
fn two_builds_are_byte_identical() {
    let a = SiteTest::from_fixture("kitchen_sink").build();
    let b = SiteTest::from_fixture("kitchen_sink").build();
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(bytes == &sb[path], "`{path}` differs between two builds of the same site");
    }
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let t = SiteTest::from_fixture("kitchen_sink");
    for (threads, out) in [("1", "one"), ("8", "eight")] {
        let run = run_cli_with_env(
            t.dir(),
            &["build", "--root", "site", "-o", out],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert_eq!(run.code, 0, "{run:?}");
    }
    let (one, eight) = (snapshot(&t.dir().join("one")), snapshot(&t.dir().join("eight")));
    assert_eq!(one.keys().collect::<Vec<_>>(), eight.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &eight[path], "`{path}` differs between 1 and 8 threads");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let before = t.snapshot();
    let case = "content/cases/zeta-build.md";
    t.write(case, t.read_source(case).replace("level: 1\n", "level: 9\n"));
    let diags = t.build_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        (diags[0].code.as_str(), diags[0].path.as_str(), diags[0].line),
        ("invalid-level", case, Some(6))
    );
    let after = t.snapshot();
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    assert!(after == before, "a failed build changed the previous output");
    assert_only_site_and_output(&t);
}

#[test]
fn a_rebuild_removes_stale_pages() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    t.assert_file("cases/zeta-build/index.html").assert_file("cases/page/5/index.html");
    t.remove("content/cases/zeta-build.md");
    let report = t.try_build().unwrap();
    assert_eq!(report.cases, CASES.len() - 1);
    // The case page, and the fifth listing page that 12 cases no longer need, are gone.
    t.assert_no_file("cases/zeta-build/index.html").assert_no_file("cases/page/5/index.html");
    t.assert_file("cases/page/4/index.html");
    for page in t.html_files() {
        assert!(!t.read(&page).contains("zeta-build"), "`{page}` still links the deleted case");
    }
    assert_only_site_and_output(&t);
}

/// Beside the output there is nothing but the site: no `.public.casebook-*` staging or
/// backup directories are left behind.
#[track_caller]
fn assert_only_site_and_output(t: &SiteTest) {
    let mut names: Vec<String> = fs::read_dir(t.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["public", "site"], "leftovers beside the output directory");
}

#[test]
fn bundled_site_builds_without_warnings() {
    let t = SiteTest::bundled().build();
    let report = t.report();
    assert!(report.warnings.is_empty(), "warnings: {:#?}", report.warnings);
    assert_eq!(report.cases, 9);
    let case_pages: Vec<String> = t
        .html_files()
        .into_iter()
        .filter(|f| {
            f.starts_with("cases/") && !f.starts_with("cases/page/") && f != "cases/index.html"
        })
        .collect();
    assert_eq!(case_pages.len(), 9, "{case_pages:#?}");
    assert_eq!(report.pages, t.html_files().len());
    t.assert_file("index.html").assert_file("matrix/index.html").assert_file("404.html");
}

/// `casebook build` streams each case from its Markdown to its page and search record and
/// keeps no case's HTML (src/pipeline/stream.rs); `generate` holds every page and body.
/// Both must give the same files and the same warnings: sites with two languages, links
/// into other cases' headings, footnotes, code, tables and drafts.
#[test]
fn a_streamed_build_writes_what_generate_keeps() {
    for t in [
        SiteTest::bundled(),
        SiteTest::from_fixture("kitchen_sink"),
        SiteTest::from_fixture("bilingual"),
        SiteTest::from_fixture("code_highlighting"),
        SiteTest::from_fixture("search"),
    ] {
        let t = t.build();
        let mut written = t.snapshot();
        written.remove(".casebook-output");
        let generated = casebook::generate(t.options()).unwrap();
        let kept: std::collections::BTreeMap<String, Vec<u8>> =
            generated.files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect();
        assert_eq!(
            written.keys().collect::<Vec<_>>(),
            kept.keys().collect::<Vec<_>>(),
            "{}: the same files",
            t.root().display()
        );
        for (path, bytes) in &written {
            assert!(bytes == &kept[path], "{path} of {} differs", t.root().display());
        }
        let report = t.report();
        assert_eq!(report.files, kept.len() + 1, "the report counts every file and the marker");
        let describe = |d: &[casebook::Diagnostic]| crate::support::describe_diagnostics(d);
        assert_eq!(describe(&report.warnings), describe(&generated.warnings));
    }
}

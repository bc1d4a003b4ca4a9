//! Invalid sites: each fixture under `tests/fixtures/invalid/` must fail with exactly one
//! precise diagnostic (path, line, column, message and hint), and write nothing.

use crate::support::{SiteTest, describe_diagnostics};

/// Builds `invalid/<case>` and returns its diagnostics in report form; checks that the
/// output directory was not created.
fn diagnostics(case: &str) -> String {
    let t = SiteTest::from_fixture(&format!("invalid/{case}"));
    let diags = t.build_err();
    assert!(!t.out().exists(), "a failed build created the output directory");
    describe_diagnostics(&diags)
}

/// What an invalid fixture must report: its one diagnostic.
pub(crate) struct Expected {
    /// Fixture under `tests/fixtures/invalid/`.
    pub case: &'static str,
    /// Diagnostic code.
    pub code: &'static str,
    /// `path:line:column` of the culprit (the column of the value, or of the key when the
    /// key itself is wrong).
    pub location: &'static str,
    /// The message.
    pub message: &'static str,
    /// The hint.
    pub hint: &'static str,
}

impl Expected {
    /// The diagnostic in its one-line form (`Diagnostic`'s `Display`).
    pub(crate) fn line(&self) -> String {
        format!(
            "error[{}]: {}: {}\n  = help: {}",
            self.code, self.location, self.message, self.hint
        )
    }
}

/// Every invalid fixture and its diagnostic.
pub(crate) const INVALID: &[Expected] = &[
    Expected {
        case: "unknown_key",
        code: "unknown-field",
        location: "content/cases/typo.md:9:1",
        message: "unknown field `sumary`",
        hint: "did you mean `summary`?",
    },
    Expected {
        case: "unknown_institution",
        code: "unknown-institution",
        location: "content/cases/misspelt.md:3:7",
        message: "unknown institution `Alpha Bnak`",
        hint: "did you mean `Alpha Bank`?",
    },
    Expected {
        case: "bad_date",
        code: "invalid-date",
        location: "content/cases/leap.md:7:7",
        message: "`2023-02-29` is not a real day: February 2023 has 28 days",
        hint: "write the date as YYYY-MM-DD, e.g. `2021-12-24`",
    },
    Expected {
        case: "bad_level",
        code: "invalid-level",
        location: "content/cases/six.md:6:8",
        message: "`6` is not a maturity level",
        hint: "levels are 1 to 5, optionally with a plus grade such as `\"2+\"` (quote it)",
    },
    Expected {
        case: "unclosed_front_matter",
        code: "unclosed-front-matter",
        location: "content/cases/open.md:1:1",
        message: "the front matter is never closed",
        hint: "add a line `---` after the last front-matter key",
    },
    Expected {
        case: "duplicate_slug",
        code: "duplicate-slug",
        location: "content/cases/2022/result.md:1:1",
        message: "slug `result` is already used by `content/cases/2021/result.md`: both would be written to /cases/result/",
        hint: "give one of them a different `slug:` in its front matter, or rename the file",
    },
    Expected {
        case: "slug_dotdot",
        code: "invalid-slug",
        location: "content/cases/escape.md:9:7",
        message: "slug `../outside` contains `..`",
        hint: "use letters, digits and hyphens, e.g. `zhengzhou-bank-e-banking`",
    },
    Expected {
        case: "broken_link",
        code: "broken-link",
        location: "content/cases/linker.md:12:5",
        message: "broken link `/cases/alpah-result/`: no such page or file",
        hint: "did you mean `alpha-result`?",
    },
];

#[track_caller]
fn assert_reports(case: &str) {
    let expected = INVALID.iter().find(|e| e.case == case).unwrap();
    assert_eq!(diagnostics(case), expected.line());
}

#[test]
fn unknown_key_suggests_the_nearest_key() {
    assert_reports("unknown_key");
}

#[test]
fn unknown_institution_suggests_the_nearest_registry_name() {
    assert_reports("unknown_institution");
}

#[test]
fn impossible_date_is_rejected() {
    assert_reports("bad_date");
}

#[test]
fn level_out_of_range_is_rejected() {
    assert_reports("bad_level");
}

#[test]
fn unclosed_front_matter_is_rejected() {
    assert_reports("unclosed_front_matter");
}

#[test]
fn duplicate_slug_is_rejected() {
    assert_reports("duplicate_slug");
}

#[test]
fn slug_with_dot_dot_is_rejected() {
    assert_reports("slug_dotdot");
}

#[test]
fn broken_markdown_link_is_rejected() {
    assert_reports("broken_link");
}

#[test]
fn a_link_to_a_draft_breaks_only_without_drafts() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let case = "content/cases/zeta-build.md";
    t.write(case, t.read_source(case) + "\nSee the [draft](/cases/gamma-draft/).\n");
    assert_eq!(
        describe_diagnostics(&t.build_err()),
        "error[broken-link]: content/cases/zeta-build.md:17:9: broken link `/cases/gamma-draft/`: no such page or file\n  \
         = help: `gamma-draft` is a draft: it is published only with --drafts; remove the link or publish the draft"
    );
    let t = t.drafts().build();
    t.assert_file("cases/gamma-draft/index.html");
}

#[test]
fn every_invalid_fixture_is_covered() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(crate::support::fixtures_dir().join("invalid"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    on_disk.sort();
    let mut covered: Vec<&str> = INVALID.iter().map(|e| e.case).collect();
    covered.sort();
    assert_eq!(on_disk, covered);
}

#[test]
fn a_draft_with_errors_fails_the_build_even_without_drafts() {
    // Drafts are validated like everything else, so a draft cannot hide a broken file.
    let t = SiteTest::from_fixture("kitchen_sink");
    let draft = "content/cases/gamma-draft.md";
    t.write(draft, t.read_source(draft).replace("level: 4\n", "level: \"4++\"\n"));
    assert_eq!(
        describe_diagnostics(&t.build_err()),
        "error[invalid-level]: content/cases/gamma-draft.md:6:8: `4++` is not a maturity level\n  = help: levels are 1 to 5, optionally with a plus grade such as `\"2+\"` (quote it)"
    );
}

#[test]
fn every_problem_of_a_site_is_reported_in_one_run() {
    let t = SiteTest::from_fixture("kitchen_sink");
    for (file, from, to) in [
        ("content/cases/zeta-build.md", "date: 2024-04-04", "date: 2023-02-29"),
        ("content/cases/alpha-part.md", "bank: 阿尔法银行", "bank: Alpha Bnak"),
    ] {
        t.write(file, t.read_source(file).replace(from, to));
    }
    let got: Vec<String> = t
        .build_err()
        .iter()
        .map(|d| format!("{}:{}:{}: {}", d.path, d.line.unwrap(), d.column.unwrap(), d.code))
        .collect();
    assert_eq!(
        got,
        [
            "content/cases/alpha-part.md:3:7: unknown-institution",
            "content/cases/zeta-build.md:7:7: invalid-date",
        ]
    );
}

#[test]
fn duplicate_explicit_slug_points_at_the_slug_key() {
    let t = SiteTest::from_fixture("invalid/duplicate_slug");
    let second = "content/cases/2022/result.md";
    let text = t.read_source(second).replace("---\ntitle:", "---\nslug: result\ntitle:");
    t.remove(second);
    t.write("content/cases/2022/other.md", text);
    let diags = t.build_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        (d.code.as_str(), d.path.as_str(), d.line, d.column),
        ("duplicate-slug", "content/cases/2022/other.md", Some(2), Some(1))
    );
}

#[test]
fn future_date_warning_points_at_the_value() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let case = "content/cases/zeta-build.md";
    t.write(case, t.read_source(case).replace("2024-04-04", "2999-04-04"));
    let warnings = t.try_build().unwrap().warnings;
    assert_eq!(
        describe_diagnostics(&warnings),
        "warning[future-date]: content/cases/zeta-build.md:7:7: date 2999-04-04 is in the future\n  = help: `date` is the day the result was announced; check the year"
    );
}

/// Without a vocabulary (`domains.yaml`), a capability domain spelled once close to a
/// spelling other cases use more often is a warning at its value; distinct but unrelated
/// spellings are not, however many there are (the check compares each spelling with the
/// most used ones only).
#[test]
fn a_rare_domain_spelling_near_a_common_one_is_a_warning() {
    let t = SiteTest::from_fixture("minimal");
    let good = t.read_source("content/cases/good.md");
    for i in 0..3 {
        let text = good
            .replace("title: A good result", &format!("title: Result {i}"))
            .replace("Security monitoring", "Security monitoring, Threat modeling");
        t.write(&format!("content/cases/common-{i}.md"), text);
    }
    t.write(
        "content/cases/typo.md",
        good.replace("title: A good result", "title: Typo")
            .replace("[Security monitoring]", "[Security monitoring, Threat modelling]"),
    );
    let unrelated: Vec<String> =
        (0..600).map(|i| format!("Area {i:03} {}", "x".repeat(i % 7))).collect();
    t.write(
        "content/cases/many.md",
        good.replace("title: A good result", "title: Many")
            .replace("[Security monitoring]", &format!("[{}]", unrelated.join(", "))),
    );
    let report = t.try_build().expect("warnings do not fail a build");
    let spelling: Vec<String> = report
        .warnings
        .iter()
        .filter(|d| d.code == casebook::Code::DomainSpelling)
        .map(|d| {
            format!("{}:{}:{}: {}", d.path, d.line.unwrap_or(0), d.column.unwrap_or(0), d.message)
        })
        .collect();
    assert_eq!(
        spelling,
        [
            "content/cases/typo.md:8:32: capability domain `Threat modelling` looks like a misspelling"
        ]
    );
}

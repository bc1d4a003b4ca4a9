//! Sites in more than one language: languages in site.yaml, case studies and their
//! translations (`name.md` and `name.zh.md`), and what must agree between them.

use crate::support::SiteTest;

fn summary(t: &SiteTest) -> serde_json::Value {
    let stats: serde_json::Value = serde_json::from_str(&t.read("stats/stats.json")).unwrap();
    stats["summary"].clone()
}

#[test]
fn a_case_and_its_translation_are_one_result() {
    let t = SiteTest::from_fixture("bilingual").build();
    // paired.md + paired.zh.md, english-only.md, chinese-only.zh.md: three results.
    let s = summary(&t);
    assert_eq!((s["results"].as_u64(), s["case_studies"].as_u64()), (Some(3), Some(3)), "{s}");
    // The Chinese-only case keeps an ASCII slug from its file name, without the suffix.
    t.assert_file("cases/chinese-only/index.html");
    t.assert_no_file("cases/chinese-only-zh/index.html");
}

#[test]
fn versions_that_disagree_on_the_result_are_an_error_at_both_files() {
    let t = SiteTest::from_fixture("bilingual");
    let zh = t.read_source("content/cases/paired.zh.md").replace("level: 3", "level: 2");
    t.write("content/cases/paired.zh.md", zh);
    let errs = t.build_err();
    let mismatches: Vec<_> =
        errs.iter().filter(|d| d.code.as_str() == "translation-mismatch").collect();
    let mut paths: Vec<&str> = mismatches.iter().map(|d| d.path.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["content/cases/paired.md", "content/cases/paired.zh.md"], "{errs:?}");
    for d in &mismatches {
        assert!(d.message.contains("`level`"), "{}", d.message);
        assert!(!d.message.contains("`date`"), "only what differs: {}", d.message);
    }
}

#[test]
fn two_files_in_one_language_and_a_lang_key_that_contradicts_the_name_are_errors() {
    let t = SiteTest::from_fixture("bilingual");
    let en = t.read_source("content/cases/paired.md");
    t.write("content/cases/paired.en.md", &en);
    let errs = t.build_err();
    let dup =
        errs.iter().find(|d| d.code.as_str() == "duplicate-translation").expect("a duplicate");
    assert_eq!(dup.path, "content/cases/paired.md");
    assert!(dup.message.contains("content/cases/paired.en.md"), "{}", dup.message);

    let t = SiteTest::from_fixture("bilingual");
    let zh = t.read_source("content/cases/paired.zh.md").replace("level: 3", "level: 3\nlang: en");
    t.write("content/cases/paired.zh.md", zh);
    let errs = t.build_err();
    let e = errs.iter().find(|d| d.code.as_str() == "invalid-language").expect("a language error");
    assert_eq!((e.path.as_str(), e.line), ("content/cases/paired.zh.md", Some(7)));
    assert!(e.message.contains("disagrees with the file name"), "{}", e.message);
}

#[test]
fn a_single_language_site_publishes_a_suffixed_file_as_its_own_case() {
    let t = SiteTest::from_fixture("bilingual");
    t.write("site.yaml", "title: English only\nlanguages: [en]\n");
    // One language: each version is still a case study of the single-language site, but
    // the pair is one result all the same.
    let t = t.build();
    assert_eq!(summary(&t)["results"].as_u64(), Some(3));
}

#[test]
fn new_translate_starts_the_other_version_and_new_lang_writes_a_chinese_skeleton() {
    let t = SiteTest::from_fixture("bilingual");
    let out =
        t.run_cli(&["new", "--root", "site", "--translate", "site/content/cases/english-only.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("english-only.zh.md"), "{}", out.stdout);
    let zh = t.read_source("content/cases/english-only.zh.md");
    assert!(zh.contains("bank: Omega Rural Bank\n") && zh.contains("level: 2\n"), "{zh}");
    assert!(zh.contains("draft: true"), "{zh}");
    // Valid as it stands: a draft translation does not hold the published case back.
    let check = t.run_cli(&["check", "--root", "site"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // A second time: never over the existing file.
    let again =
        t.run_cli(&["new", "--root", "site", "--translate", "content/cases/english-only.md"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    // A file that is not there.
    let missing = t.run_cli(&["new", "--root", "site", "--translate", "content/cases/nope.md"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(missing.stderr.contains("no-such-file"), "{}", missing.stderr);

    let out = t.run_cli(&[
        "new",
        "--root",
        "site",
        "--lang",
        "zh",
        "--bank",
        "阿尔法银行",
        "--project",
        "网上银行",
        "--module",
        "安全运营",
        "--level",
        "3",
        "--date",
        "2025-03-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = "content/cases/2025-03-01-alpha-bank-security-operation.zh.md";
    let text = t.read_source(path);
    assert!(text.contains("title: \"阿尔法银行网上银行通过安全运营三级评估\""), "{text}");
    assert!(text.contains("## 访谈"), "{text}");
    let bad = t.run_cli(&[
        "new",
        "--root",
        "site",
        "--lang",
        "fr",
        "--translate",
        "content/cases/paired.md",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

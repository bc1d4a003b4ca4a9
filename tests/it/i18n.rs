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
    let mismatches: Vec<_> = errs.iter().filter(|d| d.code == "translation-mismatch").collect();
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
    let dup = errs.iter().find(|d| d.code == "duplicate-translation").expect("a duplicate");
    assert_eq!(dup.path, "content/cases/paired.md");
    assert!(dup.message.contains("content/cases/paired.en.md"), "{}", dup.message);

    let t = SiteTest::from_fixture("bilingual");
    let zh = t.read_source("content/cases/paired.zh.md").replace("level: 3", "level: 3\nlang: en");
    t.write("content/cases/paired.zh.md", zh);
    let errs = t.build_err();
    let e = errs.iter().find(|d| d.code == "invalid-language").expect("a language error");
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

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
    t.assert_file("zh/cases/chinese-only/index.html");
    t.assert_no_file("zh/cases/chinese-only-zh/index.html");
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

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` of a page.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    crate::html::tags(html)
        .into_iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some("alternate"))
        .filter_map(|t| Some((t.attr("hreflang")?.to_string(), t.attr("href")?.to_string())))
        .collect()
}

#[test]
fn every_page_exists_in_both_languages_and_hreflang_pairs_resolve_both_ways() {
    let t = SiteTest::from_fixture("bilingual").base_url("https://example.org/cases/").build();
    let pages = t.html_files();
    let (zh, en): (Vec<&String>, Vec<&String>) = pages.iter().partition(|p| p.starts_with("zh/"));
    // Every page but the case pages exists in both languages at the same path.
    let strip = |p: &&String| p.trim_start_matches("zh/").to_string();
    let not_case = |p: &String| !p.starts_with("cases/") || p == "cases/index.html";
    let en_set: Vec<String> = en.iter().map(|p| p.to_string()).filter(not_case).collect();
    let zh_set: Vec<String> = zh.iter().map(strip).filter(not_case).collect();
    assert_eq!(en_set, zh_set);
    for kind in [
        "index.html",
        "cases/index.html",
        "matrix/index.html",
        "results/index.html",
        "stats/index.html",
        "search/index.html",
        "404.html",
        "levels/index.html",
    ] {
        t.assert_file(kind);
        t.assert_file(&format!("zh/{kind}"));
    }
    // Case pages exist in the languages they are written in.
    t.assert_file("cases/paired/index.html").assert_file("zh/cases/paired/index.html");
    t.assert_file("cases/english-only/index.html")
        .assert_no_file("zh/cases/english-only/index.html");
    t.assert_file("zh/cases/chinese-only/index.html")
        .assert_no_file("cases/chinese-only/index.html");
    // One feed per language, in its language.
    assert!(t.read("atom.xml").contains("<title>Assessment cases</title>"));
    let zh_feed = t.read("zh/atom.xml");
    assert!(
        zh_feed.contains("<title>评估案例</title>") && zh_feed.contains("xml:lang=\"zh-CN\""),
        "{zh_feed}"
    );
    // hreflang: every alternate a page names names the page back.
    let url_to_path = |url: &str| {
        let p = url.strip_prefix("https://example.org/cases/").expect("absolute, under the base");
        if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { p.to_string() }
    };
    let mut pairs = 0;
    for page in pages.iter().filter(|p| !p.ends_with("404.html")) {
        let links = hreflangs(&t.read(page));
        let own = links.iter().find(|(_, href)| url_to_path(href) == **page);
        assert!(own.is_some() || links.is_empty(), "{page} names itself: {links:?}");
        for (lang, href) in links.iter().filter(|(l, _)| l != "x-default") {
            let other = url_to_path(href);
            let back = hreflangs(&t.read(&other));
            assert!(
                back.iter().any(|(_, h)| url_to_path(h) == **page),
                "{other} ({lang}) does not name {page} back"
            );
            pairs += 1;
        }
    }
    assert!(pairs > 50, "{pairs}");
    // The English-only case: no Chinese alternate, but the switch leads to the Chinese listing.
    let html = t.read("cases/english-only/index.html");
    assert!(hreflangs(&html).iter().all(|(l, _)| l != "zh-CN"), "{:?}", hreflangs(&html));
    assert!(html.contains("href=\"/cases/zh/cases/\" hreflang=\"zh-CN\""), "the switch");
    // Listed on Chinese pages, marked, linking to its English page.
    let zh_list = t.read("zh/cases/index.html");
    assert!(zh_list.contains("href=\"/cases/cases/english-only/\" hreflang=\"en\""), "{zh_list}");
    assert!(zh_list.contains("class=\"lang-mark\""));
    // The sitemap carries the alternates.
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.org/cases/zh/cases/paired/\"/>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/cases/zh/cases/chinese-only/</loc></url>"));
    // og:locale and lang follow the page's language.
    let zh_home = t.read("zh/index.html");
    assert!(zh_home.contains("<html lang=\"zh-CN\">") && zh_home.contains("content=\"zh_CN\""));
    // Assets come from the site root, not from /zh/.
    assert!(zh_home.contains("href=\"/cases/assets/casebook.css\""));
}

#[test]
fn chinese_pages_show_chinese_names_and_dates() {
    let t = SiteTest::from_fixture("bilingual").build();
    let html = t.read("zh/cases/paired/index.html");
    assert!(html.contains("阿尔法银行") && html.contains("2024年4月25日"), "{html}");
    assert!(!html.contains("25 April 2024"));
    let en = t.read("cases/paired/index.html");
    assert!(en.contains("25 April 2024") && en.contains("Alpha Bank"));
    let levels = t.read("zh/levels/index.html");
    assert!(levels.contains("三级 · 全面级"), "{levels}");
}

#[test]
fn a_key_missing_from_a_language_is_a_warning_listing_it() {
    let t = SiteTest::from_fixture("bilingual");
    t.write("themes/default/i18n/en.yaml", "site_note: Our own note\n");
    t.write("themes/default/templates/404.html", "{{ t(key=\"site_note\") }}");
    let t = t.build();
    let w: Vec<_> =
        t.report().warnings.iter().filter(|d| d.code.as_str() == "missing-strings").collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].path, "themes/default/i18n/zh.yaml");
    assert!(w[0].message.contains("`site_note`"), "{}", w[0].message);
    // The Chinese page falls back to the default language's text.
    assert_eq!(t.read("zh/404.html"), "Our own note");
}

/// The text a reader of a page meets: text nodes, and the `title`, `aria-label` and
/// `placeholder` attributes, except inside `<script>`/`<style>` and inside elements that
/// say they are English (`lang="en"`, a link with `hreflang="en"`, a `.lang-mark`): an
/// English-only case study's title, summary and language mark are content, not interface.
fn reader_text(html: &str) -> Vec<String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr",
    ];
    let mut out = Vec::new();
    // Open elements: (name, whether its content is left out).
    let mut open: Vec<(String, bool)> = Vec::new();
    let skipping = |open: &[(String, bool)]| open.iter().any(|(_, s)| *s);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = rest[..lt].trim();
        if !text.is_empty() && !skipping(&open) {
            out.push(text.to_string());
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                open.truncate(i);
            }
            continue;
        }
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let attr = |key: &str| {
            let start = tag.find(&format!(" {key}=\""))? + key.len() + 3;
            tag[start..].find('"').map(|end| &tag[start..start + end])
        };
        let english = attr("lang").is_some_and(|l| l == "en" || l.starts_with("en-"))
            || attr("hreflang") == Some("en")
            || attr("class").is_some_and(|c| c.split(' ').any(|c| c == "lang-mark"));
        let skip = english || name == "script" || name == "style";
        if !skip && !skipping(&open) {
            for key in ["title", "aria-label", "placeholder"] {
                if let Some(v) = attr(key) {
                    out.push(v.to_string());
                }
            }
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            open.push((name, skip));
        }
    }
    if !rest.trim().is_empty() && !skipping(&open) {
        out.push(rest.trim().to_string());
    }
    out
}

/// `word` in `text` as a whole word (not inside a longer run of letters).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

fn html_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn chinese_pages_have_no_english_interface_text() {
    let t = SiteTest::from_fixture("bilingual").build();
    let zh = t.out().join("zh");
    let mut pages = Vec::new();
    html_files(&zh, &mut pages);
    assert!(pages.len() > 20, "every page kind in Chinese: {}", pages.len());
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const NAV: [&str; 6] = ["Case studies", "Matrix", "Results", "Statistics", "Search", "Home"];
    let mut found = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let rel = page.strip_prefix(&zh).unwrap().display().to_string();
        for text in reader_text(&html) {
            for word in MONTHS.iter().chain(&NAV) {
                if has_word(&text, word) {
                    found.push(format!("{rel}: {word:?} in {text:?}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "English interface text on Chinese pages:\n{}", found.join("\n"));

    // The extractor sees what it must: the Chinese navigation, and English where it is
    // content (the English-only case's title is left out, its own page is English).
    let home = reader_text(&t.read("zh/index.html")).join("\n");
    assert!(home.contains("结果矩阵") && home.contains("统计"), "{home}");
    // The English home page without its `lang="en"` (which leaves all of it out): the
    // labels the Chinese pages had before they were translated are found.
    let en_home = reader_text(&t.read("index.html").replacen("<html lang=\"en\">", "<html>", 1));
    let en_home = en_home.join("\n");
    assert!(has_word(&en_home, "Matrix") && has_word(&en_home, "Statistics"), "{en_home}");

    // Dates in Chinese form.
    let case = t.read("zh/cases/paired/index.html");
    let date = case.split("<time datetime=\"").nth(1).and_then(|s| s.split('>').nth(1));
    let date = date.and_then(|s| s.split('<').next()).unwrap_or_default();
    assert!(date.contains('年') && date.contains('月') && date.ends_with('日'), "{date:?}");
}

#[test]
fn the_chinese_statistics_page_is_in_chinese() {
    let t = SiteTest::from_fixture("bilingual").build();
    let html = t.read("zh/stats/index.html");
    // Headings (page, sections) and the column headers of every table.
    let mut labels = Vec::new();
    for (open, close) in [("<h1", "</h1>"), ("<h2", "</h2>"), ("<th scope=\"col\"", "</th>")] {
        for piece in html.split(open).skip(1) {
            let inner = &piece[piece.find('>').unwrap() + 1..piece.find(close).unwrap()];
            labels.push(reader_text(inner).join(" "));
        }
    }
    assert!(labels.len() > 15, "{labels:?}");
    for label in &labels {
        // Letters may remain in names such as YD/T 3763 or DevOps, never as English words.
        let english_word = label
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() > 1 && w.chars().skip(1).all(|c| c.is_ascii_lowercase()));
        assert!(!english_word, "an English word in a heading: {label:?}\n{labels:?}");
        assert!(label.chars().any(is_cjk), "not Chinese: {label:?}");
    }
    // The charts' legends name institution types in Chinese too.
    assert!(html.contains(">农村商业银行</text>"), "chart legend");
}

#[test]
fn chinese_pages_name_capability_domains_in_chinese_under_the_same_urls() {
    let t = SiteTest::bundled().build();
    let case = t.main_html("zh/cases/2024-04-25-abc-cloud-note/index.html");
    assert!(case.contains("domains/supply-chain-security/\">供应链安全</a>"), "{case}");
    assert!(!case.contains(">Supply chain security<"), "{case}");
    let index = t.main_html("zh/domains/index.html");
    assert!(index.contains("domains/supply-chain-security/\">供应链安全<"), "{index}");
    let term = t.read("zh/domains/supply-chain-security/index.html");
    assert!(term.contains("<h1>供应链安全"), "{term}");
    // Its description too, from the registry's description_zh.
    let threat = t.main_html("zh/domains/threat-modeling/index.html");
    assert!(threat.contains("在系统构建之前分析其可能遭受的攻击方式"), "{threat}");
    // The English pages keep the English names.
    let en = t.main_html("cases/2024-04-25-abc-cloud-note/index.html");
    assert!(en.contains("domains/supply-chain-security/\">Supply chain security</a>"), "{en}");
}

#[test]
fn chinese_pages_show_the_chinese_project_name_and_note_of_a_result_without_a_case() {
    let t = SiteTest::bundled().build();
    let zh = t.main_html("zh/institutions/zhengzhou-bank/index.html");
    assert!(zh.contains("单体架构系统") && zh.contains("微服务系统"), "{zh}");
    assert!(zh.contains("公告日期和级别文中未提"), "{zh}");
    assert!(!zh.contains("Monolithic-architecture systems"), "{zh}");
    assert!(!zh.contains("announcement date and level not given"), "{zh}");
    let en = t.main_html("institutions/zhengzhou-bank/index.html");
    assert!(en.contains("Monolithic-architecture systems"), "{en}");
    assert!(en.contains("announcement date and level not given"), "{en}");
    assert!(!en.contains("单体架构系统"), "{en}");
}

#[test]
fn registry_descriptions_are_read_in_the_pages_language() {
    let t = SiteTest::from_fixture("bilingual");
    let banks = t.read_source("content/_data/banks.yaml").replace(
        "  name_zh: 阿尔法银行\n",
        "  name_zh: 阿尔法银行\n  description: A bank of the first letter.\n  description_zh: 以首字母命名的银行。\n",
    );
    t.write("content/_data/banks.yaml", banks);
    let t = t.build();
    let zh = t.main_html("zh/institutions/alpha-bank/index.html");
    assert!(
        zh.contains("以首字母命名的银行。") && !zh.contains("A bank of the first letter."),
        "{zh}"
    );
    let en = t.main_html("institutions/alpha-bank/index.html");
    assert!(
        en.contains("A bank of the first letter.") && !en.contains("以首字母命名的银行"),
        "{en}"
    );
}

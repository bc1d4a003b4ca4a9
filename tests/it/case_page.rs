//! What a case study page shows: the metadata card, the table of contents, the rendered
//! Markdown, other results of the institution and the older/newer links. Also the home
//! page's numbers.

use std::fs;

use crate::html::{self, anchors, rel_href, section, text};
use crate::support::{SiteTest, listed_cases};

/// The `<dt>`/`<dd>` pairs of the metadata card: (label, dd HTML).
fn meta_list(main: &str) -> Vec<(String, String)> {
    let list = section(main, "<dl class=\"meta-list\">", "</dl>");
    list.split("<dt>")
        .skip(1)
        .map(|item| {
            let (dt, rest) = item.split_once("</dt>").unwrap();
            let dd = section(rest, "<dd>", "</dd>");
            (dt.to_string(), dd.to_string())
        })
        .collect()
}

/// The metadata card as (label, visible text, link targets).
fn meta(main: &str) -> Vec<(String, String, Vec<String>)> {
    meta_list(main).into_iter().map(|(dt, dd)| (dt, text(&dd), anchors(&dd))).collect()
}

fn row(label: &str, value: &str, links: &[&str]) -> (String, String, Vec<String>) {
    (label.into(), value.into(), links.iter().map(|s| s.to_string()).collect())
}

#[test]
fn metadata_card_shows_every_fact_with_links() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("cases/alpha-secdev-l2/index.html");
    assert_eq!(
        meta(&main),
        [
            row("Institution", "Alpha Bank 阿尔法银行", &["/institutions/alpha-bank/"]),
            row("Type", "State-owned banks", &["/types/state-owned/"]),
            row("Project", "Mobile app", &[]),
            row("Module", "Security development 安全开发", &["/modules/security-development/"]),
            row("Announced", "15 June 2022", &[]),
            row("Event", "Spring Security Forum 2022", &[]),
            row("Assessor", "CAICT", &[]),
            row("Interviewed", "Li Lei, Head of mobile Han Meimei", &[]),
        ]
    );
    assert!(main.contains("<time datetime=\"2022-06-15\">15 June 2022</time>"), "{main}");
    let level = section(&main, "<div class=\"meta-level\">", "</div>");
    assert_eq!(
        level,
        "<div class=\"meta-level\"><a class=\"level level-2\" href=\"/levels/2/\" \
         title=\"Level 2: Foundation (基础级)\"><span class=\"level-num\">L2</span>\
         <span class=\"level-name\">Foundation</span></a><span class=\"zh\" lang=\"zh-CN\">基础级</span></div>"
    );
    let card = section(&main, "<section class=\"meta-card\"", "</section>");
    let chips: Vec<(String, String)> = card
        .split("<a class=\"chip")
        .skip(1)
        .map(|c| {
            let a = format!("<a class=\"chip{}", &c[..c.find("</a>").unwrap()]);
            (html::tags(&a)[0].attr("href").unwrap().to_string(), text(&a))
        })
        .collect();
    assert_eq!(
        chips,
        [
            ("/domains/code-scanning/".to_string(), "Code scanning".to_string()),
            ("/domains/security-toolchain/".into(), "Security toolchain".into()),
            ("/tags/mobile/".into(), "mobile".into()),
        ]
    );
    // The header names the module and its part.
    let eyebrow = section(&main, "<p class=\"eyebrow\">", "</p>");
    assert_eq!(anchors(eyebrow), ["/modules/security-development/", "/modules/devsecops/"]);
    assert_eq!(
        text(section(&main, "<h1>", "</h1>")),
        "Alpha Bank mobile app passes Level 2 in security development"
    );
    assert_eq!(
        text(section(&main, "<p class=\"lead\">", "</p>")),
        "The mobile app team reached Level 2 a year after the core ledger reached Level 3."
    );
}

#[test]
fn a_result_against_a_whole_part_and_a_plus_grade() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("cases/alpha-part/index.html");
    let module = meta(&main).into_iter().find(|(l, _, _)| l == "Module").unwrap();
    assert_eq!(
        module,
        row("Module", "Security and risk management 安全及风险管理", &["/modules/devsecops/"])
    );
    // No "· part" after the module: the module is the part.
    assert_eq!(anchors(section(&main, "<p class=\"eyebrow\">", "</p>")), ["/modules/devsecops/"]);
    assert!(
        main.contains(
            "<a class=\"level level-2 level-plus\" href=\"/levels/2-plus/\" \
             title=\"Level 2+: Foundation (基础级)\"><span class=\"level-num\">L2+</span>"
        ),
        "{main}"
    );
    let level_page = text(&t.main_html("levels/2-plus/index.html"));
    assert!(level_page.contains("Level 2+ · Foundation 基础级"), "{level_page}");
}

#[test]
fn table_of_contents_links_to_the_headings() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("cases/alpha-secdev-l2/index.html");
    let toc = section(&main, "<nav class=\"toc\"", "</nav>");
    assert_eq!(anchors(toc), ["#why-take-part", "#what-changed", "#tooling", "#people"]);
    assert_eq!(text(toc), "On this page Why take part What changed Tooling People");
    for (id, level) in [("why-take-part", 2), ("what-changed", 2), ("tooling", 3), ("people", 3)] {
        assert!(
            main.contains(&format!("<h{level} id=\"{id}\">")),
            "no <h{level} id={id}> in:\n{main}"
        );
        assert!(toc.contains(&format!("<li class=\"toc-{level}\"><a href=\"#{id}\">")), "{toc}");
    }
    // A Chinese case gets Chinese anchors, and its language on the page.
    let zh = t.read("cases/gamma-zh/index.html");
    assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), "{zh}");
    let main = t.main_html("cases/gamma-zh/index.html");
    assert_eq!(anchors(section(&main, "<nav class=\"toc\"", "</nav>")), ["#评估结果", "#下一步"]);
    assert!(main.contains("<h2 id=\"评估结果\">评估结果</h2>"), "{main}");
    assert!(main.contains("<article class=\"case\" lang=\"zh-CN\">"), "{main}");
}

#[test]
fn other_results_of_the_institution_are_listed() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let others = |slug: &str| {
        let main = t.main_html(&format!("cases/{slug}/index.html"));
        main.find("<section class=\"section others\"").map(|_| {
            let s = section(&main, "<section class=\"section others\"", "</section>");
            (text(section(s, "<h2", "</h2>")), listed_cases(s, "/"))
        })
    };
    let expect = |title: &str, slugs: &[&str]| {
        Some((title.to_string(), slugs.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
    };
    assert_eq!(
        others("alpha-secdev-l2"),
        expect("Other results of Alpha Bank", &["alpha-part", "alpha-secdev-l3"])
    );
    assert_eq!(
        others("alpha-part"),
        expect("Other results of Alpha Bank", &["alpha-secdev-l2", "alpha-secdev-l3"])
    );
    assert_eq!(
        others("beta-secops"),
        expect("Other results of Beta Bank", &["beta-build", "beta-secdel"])
    );
    assert_eq!(others("epsilon-secdel"), None, "Epsilon has no other results");
}

#[test]
fn older_and_newer_links_follow_the_listing_order() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let links = |slug: &str| {
        let main = t.main_html(&format!("cases/{slug}/index.html"));
        let nav = section(&main, "<nav class=\"prev-next\"", "</nav>").to_string();
        (rel_href(&nav, "prev"), rel_href(&nav, "next"))
    };
    let url = |s: &str| Some(format!("/cases/{s}/"));
    assert_eq!(links("alpha-secdev-l2"), (url("gamma-secops"), url("beta-build")));
    assert_eq!(
        links("zeta-secops"),
        (url("beta-secops"), None),
        "the newest case has no newer one"
    );
    assert_eq!(
        links("delta-secdev"),
        (None, url("alpha-secdev-l3")),
        "the oldest case has no older one"
    );
}

/// The `code_highlighting` fixture is what CI runs axe on to check the highlighting colours
/// on a real page: each of its code blocks must be highlighted (a language the highlighter
/// does not know would leave plain text and check nothing), no line may make a block scroll
/// sideways, and the broken snippets must come out as invalid code.
#[test]
fn every_code_block_of_the_highlighting_fixture_is_highlighted() {
    let t = SiteTest::from_fixture("code_highlighting").build();
    let main = t.main_html("cases/alpha-code/index.html");
    let blocks: Vec<&str> = main.split("<pre class=\"code\" data-lang=\"").skip(1).collect();
    assert!(blocks.len() >= 45, "only {} code blocks", blocks.len());
    for block in &blocks {
        let lang = &block[..block.find('"').unwrap_or(0)];
        let start = format!("{lang}\" tabindex=\"0\"><code><span class=\"hl-");
        assert!(block.starts_with(&start), "{lang}");
    }
    assert!(main.contains("class=\"hl-invalid hl-illegal"), "no invalid code");
    let source = t.read_source("content/cases/alpha-code.md");
    let mut in_code = false;
    let long: Vec<&str> = source
        .lines()
        .filter(|l| {
            in_code ^= l.starts_with("```");
            in_code && l.chars().count() > 72
        })
        .collect();
    assert!(long.is_empty(), "lines that would make a code block scroll: {long:#?}");
}

/// The dev server's rebuilds reuse parsed code lines (issue 19: syntect's parse of a line in
/// a parser state is kept per thread): after an edit that changes one block, repeats
/// another and adds a plain-text one, every file is what a fresh build of the edited site
/// writes, and the edit shows.
#[test]
fn a_cached_rebuild_highlights_code_like_a_fresh_build() {
    let t = SiteTest::from_fixture("code_highlighting");
    let options = casebook::BuildOptions::new(t.root());
    let files = |g: casebook::Generated| -> Vec<(String, Vec<u8>)> {
        g.files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect()
    };
    let mut cache = casebook::BuildCache::default();
    let first = files(casebook::generate_with(&options, Some(&mut cache)).unwrap());
    let path = t.root().join("content/cases/alpha-code.md");
    let source = fs::read_to_string(&path).unwrap();
    let edited = source.replacen("# Deploy after the scan passes.", "# Deploy when green.", 1)
        + "\n```bash\n# Deploy when green.\n```\n\n```txt\nscan <ok> & done\n```\n";
    fs::write(&path, edited).unwrap();
    let rebuilt = files(casebook::generate_with(&options, Some(&mut cache)).unwrap());
    let fresh = files(casebook::generate(&options).unwrap());
    assert_ne!(rebuilt, first, "the edit shows");
    assert_eq!(rebuilt.len(), fresh.len());
    for ((path, got), (_, want)) in rebuilt.iter().zip(&fresh) {
        assert!(got == want, "{path} differs from a fresh build");
    }
    let page = &rebuilt.iter().find(|(p, _)| p == "cases/alpha-code/index.html").unwrap().1;
    let page = String::from_utf8_lossy(page);
    assert!(page.contains("<span class=\"hl-text hl-plain\">scan &lt;ok&gt; &amp; done\n</span>"));
    assert_eq!(page.matches("Deploy when green.").count(), 2, "{page}");
}

#[test]
fn markdown_extensions_are_rendered() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("cases/beta-secops/index.html");
    for needle in [
        // Highlighted code blocks.
        "<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\"><code><span class=\"hl-",
        "<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code><span class=\"hl-",
        // A table.
        "<th>Control</th>",
        "<td>partial</td>",
        // An explicit heading id.
        "<h2 id=\"results-table\">Results table</h2>",
        // A task list.
        "<input type=\"checkbox\" disabled checked aria-label=\"done\"> Threat model reviewed",
        "<input type=\"checkbox\" disabled aria-label=\"not done\"> Red-team exercise",
        // Footnotes.
        "<sup class=\"footnote-reference\"><a href=\"#std\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"std\">",
    ] {
        assert!(main.contains(needle), "`{needle}` not found in:\n{main}");
    }
    assert!(html::text(&main).contains("println!(\"secure\");"), "{main}");
}

#[test]
fn crlf_and_bom_files_build_like_any_other() {
    let t = SiteTest::from_fixture("kitchen_sink");
    let raw = fs::read(t.root().join("content/cases/delta-ops.md")).unwrap();
    assert!(
        raw.starts_with(b"\xef\xbb\xbf---\r\n"),
        "the fixture lost its BOM or CRLF (check .gitattributes)"
    );
    assert!(
        !raw.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "the fixture has LF-only lines"
    );
    let t = t.build();
    let main = t.main_html("cases/delta-ops/index.html");
    assert_eq!(text(section(&main, "<h1>", "</h1>")), "Delta Rural Bank operations reach Level 2");
    let module = meta(&main).into_iter().find(|(l, _, _)| l == "Module").unwrap();
    assert_eq!(module, row("Module", "Technical operations 技术运营", &["/modules/operations/"]));
    assert_eq!(anchors(section(&main, "<nav class=\"toc\"", "</nav>")), ["#operations", "#next"]);
    assert!(
        main.contains("<p>This file is saved with a byte-order mark and CRLF line endings.</p>"),
        "{main}"
    );
    let page = t.read("cases/delta-ops/index.html");
    assert!(!page.contains('\u{feff}') && !page.contains('\r'), "BOM or CR leaked into the page");
}

/// (link, count) of each entry of every `count-list` of the home page, list by list.
fn home_counts(main: &str) -> Vec<Vec<(String, usize)>> {
    main.split("<ul class=\"count-list\">")
        .skip(1)
        .map(|list| {
            let list = &list[..list.find("</ul>").unwrap()];
            list.split("<li>")
                .skip(1)
                .map(|li| {
                    // "3 results, 3 case studies": the kitchen sink has no results.yaml,
                    // so the two numbers are equal.
                    let count = text(section(li, "<span class=\"count\"", "</span>"));
                    let n: usize = count.split(' ').next().unwrap().parse().unwrap();
                    let said = if n == 1 {
                        "1 result, 1 case study".to_string()
                    } else {
                        format!("{n} results, {n} case studies")
                    };
                    assert_eq!(count, said);
                    (anchors(li)[0].clone(), n)
                })
                .collect()
        })
        .collect()
}

#[test]
fn home_page_shows_exact_numbers_and_the_latest_cases() {
    let t = SiteTest::from_fixture("kitchen_sink").build();
    let main = t.main_html("index.html");
    assert_eq!(
        text(section(&main, "<dl class=\"stats-strip\">", "</dl>")),
        "Results 13 Case studies 13 Institutions 6 Modules assessed 7 Years 2021–2024"
    );
    let latest = section(
        &main,
        "<section class=\"section\" aria-labelledby=\"latest-title\">",
        "</section>",
    );
    assert_eq!(listed_cases(latest, "/"), crate::kitchen::CASES[..3]);
    let owned =
        |v: &[(&str, usize)]| v.iter().map(|(u, n)| (u.to_string(), *n)).collect::<Vec<_>>();
    assert_eq!(
        home_counts(&main),
        [
            owned(&[
                ("/modules/pipeline/", 3),
                ("/modules/devsecops/", 9),
                ("/modules/operations/", 1)
            ]),
            owned(&[
                ("/levels/1/", 3),
                ("/levels/2/", 3),
                ("/levels/2-plus/", 2),
                ("/levels/3/", 3),
                ("/levels/4/", 1),
                ("/levels/5/", 1),
            ]),
            owned(&[
                ("/years/2024/", 4),
                ("/years/2023/", 3),
                ("/years/2022/", 3),
                ("/years/2021/", 3)
            ]),
            owned(&[
                ("/types/state-owned/", 3),
                ("/types/joint-stock/", 3),
                ("/types/city-commercial/", 2),
                ("/types/rural-commercial/", 2),
                ("/types/private/", 1),
                ("/types/securities/", 2),
            ]),
        ]
    );
}

//! Full-text search: the index files of a built site read back as JSON, queries run over
//! them with the reference engine ([`crate::search_oracle`]), the browser tokeniser run in
//! Node against the Rust one (`node`), and the search page driven in headless Chromium
//! (`browser`).
//!
//! The fixture `tests/fixtures/search/` has English and Chinese cases across three
//! institutions of three types, both parts, four levels, four years and five domains, plus
//! `hostile.md`, whose title, project and summary carry script payloads.

use std::collections::BTreeMap;
use std::path::Path;

use crate::search_oracle::{Query, Searcher, Sort, gunzip, read_doc_list};
use crate::support::{SiteTest, list_files};

mod browser;
mod node;

/// Reads the index of a built site.
fn searcher(out: &Path) -> Searcher {
    searcher_at(&out.join("search"))
}

/// Reads the index in `dir` (a site's `search/`, or `zh/search/`).
fn searcher_at(dir: &Path) -> Searcher {
    let files: Vec<(String, Vec<u8>)> = list_files(dir)
        .into_iter()
        .filter(|f| f.ends_with(".json.gz"))
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (format!("search/{f}"), bytes)
        })
        .collect();
    Searcher::from_files(files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))).unwrap()
}

fn json(out: &Path, path: &str) -> serde_json::Value {
    let bytes = std::fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(&bytes[..2], [0x1f, 0x8b], "{path} is gzip-compressed");
    serde_json::from_slice(&gunzip(&bytes).unwrap()).unwrap()
}

fn fixture() -> SiteTest {
    SiteTest::from_fixture("search").build()
}

#[test]
fn index_files_are_compressed_json_with_meta_shards_and_chunks() {
    let t = fixture();
    let out = t.out();
    let meta = json(&out, "search/meta.json.gz");
    assert_eq!(meta["version"], 4);
    assert_eq!(meta["results"], "", "the fixture has no results without a case study");
    assert_eq!(meta["docs"], 6);
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let shards = meta["shards"].as_array().unwrap();
    assert_eq!(shards[0], "", "the first shard starts at the empty string");
    let keys: Vec<&str> =
        meta["facets"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["institution", "module", "level", "year", "type", "domain"]);

    // Every shard and chunk the meta file implies exists, and nothing else.
    let files: Vec<String> = t.files().into_iter().filter(|f| f.starts_with("search/")).collect();
    let mut expected = vec!["search/index.html".to_string(), "search/meta.json.gz".to_string()];
    expected.extend((0..shards.len()).map(|i| format!("search/t/{i}.json.gz")));
    // And the precomputed facet counts of each shard's stems.
    expected.extend((0..shards.len()).map(|i| format!("search/c/{i}.json.gz")));
    expected.extend((0..6usize.div_ceil(chunk)).map(|i| format!("search/d/{i}.json.gz")));
    // The per-document facet data is out of `meta`, one file per facet that needs one.
    let data: Vec<(&str, &str)> = meta["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["data"].as_str().unwrap()))
        .collect();
    assert_eq!(
        data,
        [
            ("institution", "column"),
            ("module", "column"),
            ("level", "column"),
            ("year", "ranges"),
            ("type", "derived"),
            ("domain", "lists")
        ]
    );
    for (key, kind) in data {
        if kind == "column" || kind == "lists" {
            expected.push(format!("search/f/{key}.json.gz"));
        }
    }
    // And the text of each case, for its excerpt.
    expected.extend((0..6).map(|i| format!("search/x/{i}.json.gz")));
    expected.sort();
    assert_eq!(files, expected);
    assert!(
        json(&out, "search/x/0.json.gz").as_str().unwrap().contains("every container image"),
        "the excerpt text of the first case"
    );
    assert!(meta["facets"][0].get("docs").is_none(), "no per-document data in meta");
    // Years: documents are in date order, so each year is one run of documents.
    let years = &meta["facets"][3]["values"];
    assert_eq!(
        (&years[0]["id"], &years[0]["from"], &years[0]["to"]),
        (&"2024".into(), &0.into(), &1.into())
    );
    // Names a reader may type, for the query parser.
    let aliases = &meta["facets"][0]["values"][0]["aliases"];
    assert!(aliases.as_array().is_some_and(|a| !a.is_empty()), "{aliases}");

    // Documents are the cases in listing order (newest first), as [slug, title, project,
    // date, text, institution, module, level] (the last three: value indices).
    let d0 = json(&out, "search/d/0.json.gz");
    let slugs: Vec<&str> = d0.as_array().unwrap().iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(
        slugs,
        [
            "alpha-container-scanning",
            "beta-threat-modeling",
            "hostile",
            "gamma-zh",
            "alpha-release",
            "beta-operation"
        ]
    );
    assert_eq!(d0[0][3], "2024-04-25");
    // No text in the record: the excerpt comes from the document's text file (`x/`).
    assert_eq!(d0[0].as_array().unwrap().len(), 7, "{}", d0[0]);
    // Titles are stored as written; the page escapes them.
    assert!(d0[2][1].as_str().unwrap().contains("<script>"));

    // A shard maps surfaces to stems with postings.
    let searcher = searcher(&out);
    assert_eq!(searcher.stem_of("scanning"), Some("scan"));
    assert_eq!(searcher.stem_of("scanned"), Some("scan"));
    assert_eq!(searcher.stem_of("交付"), Some("交付"));
    assert_eq!(searcher.stem_of("nonexistentword"), None);
    // Stems are keys too, so that a form the corpus lacks finds its stem through it.
    assert_eq!(searcher.stem_of("scan"), Some("scan"));
    let r = searcher.search(&Query::new("scans "));
    assert_eq!(r.slugs(), searcher.search(&Query::new("scanning ")).slugs());
    assert!(!r.hits.is_empty());
}

#[test]
fn the_index_is_deterministic() {
    let a = fixture();
    let b = fixture();
    let pick = |t: &SiteTest| -> BTreeMap<String, Vec<u8>> {
        t.snapshot().into_iter().filter(|(k, _)| k.starts_with("search/")).collect()
    };
    assert_eq!(pick(&a), pick(&b));
}

#[test]
fn ranking_puts_title_and_summary_matches_first() {
    let t = fixture();
    let s = searcher(&t.out());
    // "container" is in the title, summary and body of one case, in the body of two more.
    let r = s.search(&Query::new("container "));
    assert_eq!(r.slugs()[0], "alpha-container-scanning");
    assert_eq!(r.slugs().len(), 3, "{:?}", r.slugs());
    // Every word must match.
    let r = s.search(&Query::new("container workshops "));
    assert_eq!(r.slugs(), ["beta-threat-modeling"]);
    // Stemming: an inflection finds the other forms of its stem.
    let r = s.search(&Query::new("scanned "));
    assert_eq!(r.slugs(), ["alpha-container-scanning"]);
    // Institution names in any language, and module names.
    assert_eq!(s.search(&Query::new("贝塔银行")).slugs().len(), 2);
    let r = s.search(&Query::new("security delivery "));
    assert_eq!(r.slugs()[0], "alpha-container-scanning", "{:?}", r.hits);
    // Scores are decreasing, ties newest first.
    let scores: Vec<u64> = r.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn chinese_and_mixed_queries_match_bigrams() {
    let t = fixture();
    let s = searcher(&t.out());
    // In the title and summary of the Chinese case, and in the module field of the English
    // one in the same module (its module's Chinese name is indexed too).
    let r = s.search(&Query::new("安全交付"));
    assert_eq!(r.slugs(), ["gamma-zh", "alpha-container-scanning"]);
    // Body text only.
    assert_eq!(s.search(&Query::new("制品安全扫描")).slugs(), ["gamma-zh"]);
    // One character: the bigrams it starts.
    assert!(s.search(&Query::new("制")).slugs().contains(&"gamma-zh"));
    // Mixed English and Chinese.
    assert_eq!(s.search(&Query::new("Gamma 交易系统")).slugs(), ["gamma-zh"]);
}

#[test]
fn the_last_word_matches_its_completions() {
    let t = fixture();
    let s = searcher(&t.out());
    assert_eq!(s.search(&Query::new("contai")).slugs().len(), 3);
    // Finished words (a space after them) do not.
    assert!(s.search(&Query::new("contai ")).hits.is_empty());
    // Only the last word.
    assert!(s.search(&Query::new("contai scanning")).hits.is_empty());
    // A completion counts half as much as the word itself.
    let exact = s.search(&Query::new("scanning "));
    let partial = s.search(&Query::new("scannin"));
    assert_eq!(exact.slugs(), ["alpha-container-scanning"]);
    assert_eq!(partial.slugs(), ["alpha-container-scanning"]);
    assert_eq!(exact.hits[0].score / 2, partial.hits[0].score);
}

#[test]
fn facet_counts_follow_the_query_and_the_other_facets() {
    let t = fixture();
    let s = searcher(&t.out());
    // Browse: no words, every case.
    let all = s.search(&Query::new(""));
    assert_eq!(all.hits.len(), 6);
    assert_eq!(all.count("institution", "alpha-bank"), 2);
    assert_eq!(all.count("institution", "beta-bank"), 2);
    assert_eq!(all.count("type", "securities"), 2);
    assert_eq!(all.count("module", "devsecops"), 5, "a part counts its modules' cases");
    assert_eq!(all.count("module", "security-operation"), 2);
    assert_eq!(all.count("module", "continuous-delivery"), 1);
    assert_eq!(all.count("level", "2"), 2);
    assert_eq!(all.count("level", "2-plus"), 1);
    assert_eq!(all.count("year", "2023"), 2);
    assert_eq!(all.count("domain", "security-monitoring"), 2);
    assert_eq!(all.count("domain", "security-testing"), 2);

    // OR within a facet, AND across facets; a facet's own selection does not change its
    // counts.
    let q = Query::new("").filter("institution", "beta-bank");
    let r = s.search(&q);
    assert_eq!(r.slugs(), ["beta-threat-modeling", "beta-operation"]);
    assert_eq!(r.count("institution", "alpha-bank"), 2);
    assert_eq!(r.count("level", "2"), 1);
    assert_eq!(r.count("level", "3"), 0);
    let r = s.search(&q.clone().filter("institution", "alpha-bank"));
    assert_eq!(r.hits.len(), 4);
    let r = s.search(&q.clone().filter("level", "2-plus"));
    assert_eq!(r.slugs(), ["beta-operation"]);
    assert_eq!(r.count("institution", "beta-bank"), 1);
    assert_eq!(r.count("institution", "alpha-bank"), 0);
    // Types and parts filter through institutions and modules.
    let r = s.search(&Query::new("").filter("type", "state-owned").filter("module", "devsecops"));
    assert_eq!(r.slugs(), ["alpha-container-scanning"]);
    // Counts under a query.
    let r = s.search(&Query::new("container "));
    assert_eq!(r.count("institution", "beta-bank"), 2);
    assert_eq!(r.count("year", "2024"), 1);
    assert_eq!(r.count("year", "2022"), 0);
    // Date order.
    let mut q = Query::new("container ");
    q.sort = Sort::Oldest;
    assert_eq!(s.search(&q).slugs()[0], "beta-operation");
    q.sort = Sort::Newest;
    assert_eq!(s.search(&q).slugs()[0], "alpha-container-scanning");
}

#[test]
fn every_word_is_found_in_the_shard_the_lookup_names() {
    // A small shard size is not configurable, so use the bundled site and check that every
    // surface form of every shard is found through `shard_for`.
    let t = SiteTest::bundled().build();
    let out = t.out();
    let s = searcher(&out);
    let meta = json(&out, "search/meta.json.gz");
    let shards = meta["shards"].as_array().unwrap().len();
    let mut words = 0;
    for i in 0..shards {
        let shard = json(&out, &format!("search/t/{i}.json.gz"));
        for w in shard["w"].as_array().unwrap() {
            let w = w.as_str().unwrap();
            assert_eq!(s.shard_for(w), i, "{w}");
            assert!(s.stem_of(w).is_some(), "{w}");
            words += 1;
        }
    }
    assert!(words > 500, "{words} words");
    // A word that sorts before everything, or after, still names a shard.
    assert_eq!(s.shard_for(""), 0);
    assert_eq!(s.shard_for("\u{10ffff}"), shards - 1);
}

fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for f in list_files(src) {
        let to = dst.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(&f), to).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// Cost of the index on a generated corpus (not run by default):
//
//     cargo run --release --example gen_corpus -- --n 10000 --out /dev/shm/cb-10k
//     CASEBOOK_BENCH_SITE=/dev/shm/cb-10k cargo test --release --test it search::index_cost -- --ignored --nocapture

#[test]
#[ignore = "benchmark: set CASEBOOK_BENCH_SITE to a generated corpus"]
fn index_cost() {
    let Some(root) = std::env::var_os("CASEBOOK_BENCH_SITE") else {
        eprintln!("set CASEBOOK_BENCH_SITE");
        return;
    };
    let root = std::path::PathBuf::from(root);
    let (site, rendered) = load_site(&root);
    let before_rss = rss_kib("VmRSS");
    // Reset the peak so that it measures the index build only (Linux; root or own process).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let start = std::time::Instant::now();
    let cpu0 = cpu_seconds();
    let ix = casebook::search::build_index(&site, &rendered);
    let wall = start.elapsed();
    let cpu = cpu_seconds() - cpu0;
    let peak = rss_kib("VmHWM");
    let bytes: usize = ix.files.iter().map(|f| f.bytes.len()).sum();
    let raw: usize = ix.files.iter().map(|f| gunzip(&f.bytes).unwrap().len()).sum();
    let size_of =
        |path: &str| ix.files.iter().find(|f| f.path == path).map_or(0, |f| f.bytes.len());
    let s = Searcher::from_files(ix.files.iter().map(|f| (f.path.as_str(), &f.bytes[..]))).unwrap();
    let assets = crate::support::repo_root().join("themes/default/static/assets");
    let script = std::fs::metadata(assets.join("search.js")).unwrap().len() as usize
        + std::fs::metadata(assets.join("search.css")).unwrap().len() as usize;
    // Chunks: the detail chunks and excerpt texts of the first ten results. Facet files
    // (`search/f/`), fetched for the counts of an open filter panel, are not included:
    // `examples/search_bench -- SITE --cost` prints them.
    println!("query                          | meta  | shards | chunks | js+css | total (KiB)");
    for q in [
        "security delivery",
        "container scanning",
        "threat modeling",
        "release pipeline",
        "vulnerability management",
        "安全 交付",
    ] {
        let r = s.search(&Query::new(q));
        let shards: usize =
            r.shards.iter().map(|i| size_of(&format!("search/t/{i}.json.gz"))).sum();
        let chunks: std::collections::BTreeSet<usize> =
            r.hits.iter().take(10).map(|h| h.doc as usize / casebook::search::CHUNK_DOCS).collect();
        let chunk_bytes: usize = chunks
            .iter()
            .map(|c| size_of(&format!("search/d/{c}.json.gz")))
            .chain(r.hits.iter().take(10).map(|h| size_of(&format!("search/x/{}.json.gz", h.doc))))
            .sum();
        let meta = size_of("search/meta.json.gz");
        let kib = |b: usize| b as f64 / 1024.0;
        println!(
            "{q:30} | {:5.1} | {:6.1} | {:6.1} | {:6.1} | {:6.1}   ({} hits, {} shards, {} chunks)",
            kib(meta),
            kib(shards),
            kib(chunk_bytes),
            kib(script),
            kib(meta + shards + chunk_bytes + script),
            r.hits.len(),
            r.shards.len(),
            chunks.len()
        );
    }
    println!(
        "docs {} | words {} | stems {} | wall {:.3} s | cpu {:.3} s | extra peak {} MiB | files {} (shards {}, chunks {}) | index {:.1} MiB gzip, {:.1} MiB raw",
        ix.docs,
        ix.words,
        ix.stems,
        wall.as_secs_f64(),
        cpu,
        peak.saturating_sub(before_rss) / 1024,
        ix.files.len(),
        ix.shards,
        ix.chunks,
        bytes as f64 / 1048576.0,
        raw as f64 / 1048576.0
    );
}

fn rss_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn cpu_seconds() -> f64 {
    // utime + stime of this process, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Loads and renders a site with the library's own stages, without writing anything.
fn load_site(root: &Path) -> (casebook::model::Site, Vec<casebook::render::Rendered>) {
    let mut options = casebook::BuildOptions::new(root);
    options.today = Some(crate::support::TODAY);
    let loaded = casebook::load_rendered(&options)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", root.display()));
    (loaded.site, loaded.rendered)
}

#[test]
fn a_site_without_cases_has_an_empty_index() {
    let t = SiteTest::from_fixture("minimal");
    t.remove("content/cases/good.md");
    let t = t.build();
    let meta = json(&t.out(), "search/meta.json.gz");
    assert_eq!(meta["docs"], 0);
    let s = searcher(&t.out());
    assert!(s.search(&Query::new("anything")).hits.is_empty());
    assert!(s.search(&Query::new("")).hits.is_empty());
    t.assert_file("search/index.html");
}

/// The search fixture with two results that have no case study: one with a project and a
/// level only a result has (5), announced; one for a whole part, four results known by a
/// day, without a level, whose source is a case study.
fn fixture_with_results() -> SiteTest {
    let t = SiteTest::from_fixture("search");
    t.write(
        "content/_data/results.yaml",
        "- bank: Beta Bank\n  module: continuous delivery\n  project: Kestrel payments\n  \
         level: \"5\"\n  announced: 2023-03-01\n  note: The quarterly report names the pipeline.\n\
         - bank: Gamma Securities\n  module: DevSecOps\n  count: 4\n  known_by: 2022-12-26\n  \
         source: gamma-zh\n  note: Four projects passed before the article.\n",
    );
    t.build()
}

#[test]
fn results_without_a_case_study_are_search_documents_counted_by_the_facets() {
    let t = fixture_with_results();
    let out = t.out();
    let meta = json(&out, "search/meta.json.gz");
    assert_eq!(meta["docs"], 8, "six case studies and two results, none twice");
    let searcher = searcher(&out);
    let all = searcher.search(&Query::new(""));
    let kestrel = "result:beta-bank/continuous-delivery/announced/2023-03-01/kestrel-payments";
    let gamma = "result:gamma-securities/devsecops/known_by/2022-12-26/-";
    let slugs = all.slugs();
    assert_eq!(slugs.len(), 8);
    assert!(slugs.contains(&kestrel) && slugs.contains(&gamma), "{slugs:?}");
    // `meta.results` lists exactly the result documents.
    let listed: Vec<u32> = read_doc_list(meta["results"].as_str().unwrap());
    let mut want: Vec<u32> =
        all.hits.iter().filter(|h| h.slug.starts_with("result:")).map(|h| h.doc).collect();
    want.sort_unstable();
    assert_eq!(listed, want);

    // Documents stay in date order (newest first): each record among the cases of its time.
    let mut dates = Vec::new();
    for chunk in 0..8usize.div_ceil(meta["chunk"].as_u64().unwrap() as usize) {
        for r in json(&out, &format!("search/d/{chunk}.json.gz")).as_array().unwrap() {
            dates.push(r[3].as_str().unwrap().to_string());
            if r[0] == kestrel {
                assert_eq!(r[1], "Beta Bank · Continuous delivery");
                assert_eq!(r[2], "Kestrel payments");
                assert_eq!(
                    r[7],
                    serde_json::json!({"url": "results/?institution=beta-bank&module=continuous-delivery", "known_by": false, "count": 1})
                );
            } else if r[0] == gamma {
                assert_eq!(r[1], "Gamma Securities · Security and risk management ×4");
                assert_eq!(r[2], "");
                assert_eq!(
                    r[7],
                    serde_json::json!({"url": "results/?institution=gamma-securities&module=devsecops", "known_by": true, "count": 4})
                );
                // Its text is the note and the article it comes from (the case study).
                let doc = listed
                    .iter()
                    .find(|&&d| all.hits.iter().any(|h| h.doc == d && h.slug == gamma));
                let text = json(&out, &format!("search/x/{}.json.gz", doc.unwrap()));
                assert!(
                    text.as_str()
                        .unwrap()
                        .starts_with("Four projects passed before the article. Source: 伽马证券"),
                    "{text}"
                );
            } else {
                assert!(r.get(8).is_none(), "a case study's record has eight fields: {r}");
            }
        }
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    // Found by project, note, institution and module names, Chinese included.
    assert_eq!(searcher.search(&Query::new("kestrel")).slugs(), [kestrel]);
    assert_eq!(searcher.search(&Query::new("quarterly pipeline")).slugs(), [kestrel]);
    assert_eq!(searcher.search(&Query::new("four projects")).slugs(), [gamma]);
    assert!(searcher.search(&Query::new("贝塔银行")).slugs().contains(&kestrel));

    // Every facet counts documents: per institution, the documents it has, and the counts
    // of a single-valued facet under that institution's filter sum to them.
    let expected = [("alpha-bank", 2), ("beta-bank", 3), ("gamma-securities", 3)];
    for (id, n) in expected {
        assert_eq!(all.count("institution", id), n, "{id}");
        let r = searcher.search(&Query::new("").filter("institution", id));
        assert_eq!(r.hits.len(), n, "{id}");
        let years: usize = r.counts["year"].iter().map(|(_, c)| c).sum();
        assert_eq!(years, n, "{id}: years");
    }
    let total: usize = all.counts["institution"].iter().map(|(_, c)| c).sum();
    assert_eq!(total, 8);
    // A level only a result has is a value; a result without a level has none.
    assert_eq!(all.count("level", "5"), 1);
    let levels: usize = all.counts["level"].iter().map(|(_, c)| c).sum();
    assert_eq!(levels, 7, "the result without a level is on no level");
    assert_eq!(searcher.search(&Query::new("").filter("level", "5")).slugs(), [kestrel]);
    // A whole-part result is under its part; the year is the known-by day's.
    assert!(
        searcher.search(&Query::new("").filter("module", "devsecops")).slugs().contains(&gamma)
    );
    assert!(searcher.search(&Query::new("").filter("year", "2022")).slugs().contains(&gamma));
}

/// Issue 16: the Chinese search page searches Chinese text first and still finds the cases
/// that exist only in English; at equal relevance a case in the page's language comes
/// first (the score of a case in another language counts 4/5). The bilingual fixture has
/// a Chinese-only and an English-only case at the same institution; two more cases, one
/// only in English (the newer, so first by date at equal score) and one only in Chinese,
/// name the same project, the one word both match, in the same field.
#[test]
fn the_chinese_search_page_ranks_chinese_cases_first_and_finds_english_ones() {
    let t = SiteTest::from_fixture("bilingual");
    let en = t.read_source("content/cases/english-only.md");
    t.write(
        "content/cases/kestrel-en.md",
        en.replace("project: Core system", "project: Kestrel").replace("2023-06-01", "2023-09-01"),
    );
    let zh = t.read_source("content/cases/chinese-only.zh.md");
    t.write(
        "content/cases/kestrel-cn.zh.md",
        zh.replace("project: 网上银行", "project: Kestrel").replace("2025-01-15", "2023-08-01"),
    );
    let t = t.build();
    for (lang, first) in [("zh/", "kestrel-cn"), ("", "kestrel-en")] {
        let dir = t.out().join(lang).join("search");
        let meta = json(&dir, "meta.json.gz");
        let s = searcher_at(&dir);
        let all = s.search(&Query::new(""));
        let doc_of = |slug: &str| all.hits.iter().find(|h| h.slug == slug).unwrap().doc;
        // Only the cases without a version in the page's language are "other".
        let mut other = if lang.is_empty() {
            vec![doc_of("chinese-only"), doc_of("kestrel-cn")]
        } else {
            vec![doc_of("english-only"), doc_of("kestrel-en")]
        };
        other.sort_unstable();
        assert_eq!(read_doc_list(meta["other"].as_str().unwrap()), other, "{lang}");
        let r = s.search(&Query::new("kestrel"));
        assert_eq!(r.hits.len(), 2, "{lang}: {:?}", r.hits);
        assert_eq!(r.hits[0].score, r.hits[1].score, "{lang}: the same match");
        assert_eq!(r.hits[0].slug, first, "{lang}: the page's language first");
        // The Chinese name of the institution finds the English-only case on /zh/ too.
        let r = s.search(&Query::new("欧米伽农商银行"));
        assert!(r.slugs().contains(&"english-only"), "{lang}: {:?}", r.slugs());
    }
}

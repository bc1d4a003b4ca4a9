//! The browser side of search run in Node against the Rust side: the tokeniser over a table
//! of inputs, the stemmer over every word of the sites, and the relevance judgments of
//! `tests/relevance/` through `search.js`. Each test skips when Node is missing (fails under
//! `CI=true`).

use std::path::Path;
use std::process::Command;

use casebook::search::tokenize;

use crate::search_oracle::Query;
use crate::support::{SiteTest, list_files};

/// Inputs that exercise normalisation, case folding, scripts and run boundaries.
const TOKENIZER_TABLE: &[&str] = &[
    "ICBC's DevSecOps result (YD/T 3763-2021): Level 2+!",
    "Security delivery — 安全交付; security-delivery",
    "ＤｅｖＯｐｓ ﬁnance ① x² Ⅻ ㎏ ㈱",
    "Straße STRASSE İstanbul ΣΊΣΥΦΟΣ ǅ",
    "Café naïve coöperate e\u{301}",
    "研发运营一体化(DevOps)能力成熟度模型",
    "银行ICBC银行 2022年12月26日",
    "的，安全。交",
    "兀 \u{2F800} \u{20000}\u{20001} 𠀀a",
    "emoji 🙂 and ⚙️ gear, tab\tnew\nline",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Привет мир · مرحبا · नमस्ते · ひらがな カタカナ ﾊﾝｶｸ 한국어",
    "",
    "   ",
];

/// Runs `search.js`'s `tokenize` in Node over `inputs`; `None` when Node is missing.
fn node_tokens(inputs: &[String]) -> Option<Vec<Vec<String>>> {
    let script = crate::support::repo_root().join("themes/default/static/assets/search.js");
    let code = "const s = require(process.argv[1]); let data = ''; \
        process.stdin.on('data', c => data += c); \
        process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(data).map(s.tokenize))));";
    let mut child = match Command::new("node")
        .args(["-e", code])
        .arg(&script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "node is needed for the tokeniser agreement test under CI=true");
            eprintln!("note: skipping the tokeniser agreement test: node not found");
            return None;
        }
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(serde_json::to_string(inputs).unwrap().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn the_browser_tokenizer_agrees_with_the_index() {
    let mut inputs: Vec<String> = TOKENIZER_TABLE.iter().map(|s| s.to_string()).collect();
    // And the text of every case study of the bundled site and the fixtures.
    for dir in [
        "content/cases",
        "tests/fixtures/search/content/cases",
        "tests/fixtures/kitchen_sink/content/cases",
    ] {
        let dir = crate::support::repo_root().join(dir);
        for f in list_files(&dir) {
            inputs.push(std::fs::read_to_string(dir.join(f)).unwrap());
        }
    }
    // The index's one-pass tokeniser reads rendered HTML; it must give what the reference
    // gives for the text of that HTML.
    let h = casebook::render::Highlighter::default();
    let opts =
        casebook::render::RenderOptions { base_path: "/", allow_html: false, highlighter: &h };
    for input in &inputs {
        let html = casebook::render::render(input, opts).html.text().into_owned();
        let mut fast = Vec::new();
        tokenize::for_each_surface(&html, true, |t| fast.push(t.to_string()));
        let reference = tokenize::tokens(&casebook::search::text::html_to_text(&html));
        assert_eq!(fast, reference, "{html}");
    }
    let Some(js) = node_tokens(&inputs) else { return };
    assert_eq!(js.len(), inputs.len());
    for (input, js) in inputs.iter().zip(js) {
        let rust = tokenize::tokens(input);
        assert_eq!(rust, js, "tokens differ for {input:?}");
    }
}

/// Runs `node` with `args`, `input` on stdin; its stdout, or `None` when Node is missing
/// (an error under `CI=true`).
fn node(args: &[&std::ffi::OsStr], input: &str, what: &str) -> Option<String> {
    let mut child = match Command::new("node")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "node is needed for {what} under CI=true");
            eprintln!("note: skipping {what}: node not found");
            return None;
        }
    };
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap())
}

fn search_js() -> std::path::PathBuf {
    crate::support::repo_root().join("themes/default/static/assets/search.js")
}

/// Words for the stemmer comparison: every word of the bundled site, the fixtures and the
/// corpus generator, and of each its forms with common suffixes, so that every step of the
/// algorithm sees many inputs.
fn stemmer_words() -> Vec<String> {
    let root = crate::support::repo_root();
    let mut text = String::new();
    for dir in
        ["content", "tests/fixtures/search", "tests/fixtures/kitchen_sink", "examples/gen_corpus"]
    {
        for f in list_files(&root.join(dir)) {
            text.push_str(&std::fs::read_to_string(root.join(dir).join(f)).unwrap_or_default());
        }
    }
    // Words the Porter 2 description singles out: exceptions, special prefixes, -y, -li.
    text.push_str(
        " skis skies dying lying tying idly gently ugly early only singly sky news howe atlas \
         cosmos bias andes inning innings outing outings canning cannings herring herrings \
         earring earrings proceed proceeded exceed exceeding succeed succeeded generate \
         generously communism communication arsenic arsenal cry cries by say says yay yoyo \
         toy toys boy's agreed feed bled hopping hoped fizzed filing luxuriating fluffily \
         fluffy hopeful goodness electricity triplicate formalize formative sensibility \
         callousness decisiveness vietnamization operator predication analogously allowance \
         inference airliner gyroscopic adjustable defensible irritant replacement adjustment \
         dependent adoption homologous effective bowdlerize controll roll rolling ",
    );
    let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for w in tokenize::tokens(&text) {
        if w.chars().next().is_some_and(casebook::render::is_cjk) {
            continue;
        }
        for suffix in [
            "", "s", "es", "ed", "ing", "ly", "ness", "ful", "ation", "ational", "ive", "ize",
            "ement", "er", "y", "ies", "ied",
        ] {
            words.insert(format!("{w}{suffix}"));
        }
    }
    words.into_iter().collect()
}

#[test]
fn the_browser_stemmer_agrees_with_rust_stemmers() {
    let words = stemmer_words();
    assert!(words.len() > 20_000, "{} words", words.len());
    let code = "const s = require(process.argv[1]); let d = ''; process.stdin.on('data', c => d += c); \
        process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(d).map(s.stem))));";
    let script = search_js();
    let args = [std::ffi::OsStr::new("-e"), code.as_ref(), script.as_os_str()];
    let input = serde_json::to_string(&words).unwrap();
    let Some(out) = node(&args, &input, "the stemmer agreement test") else { return };
    let js: Vec<String> = serde_json::from_str(&out).unwrap();
    let stemmer = tokenize::Stemmer::default();
    let differ: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, j)| stemmer.stem_surface(w) != j.as_str())
        .map(|(w, j)| format!("{w}: rust {} js {j}", stemmer.stem_surface(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words differ: {:?}",
        differ.len(),
        words.len(),
        &differ[..differ.len().min(30)]
    );
}

/// Runs `tests/relevance/queries.yaml` through `search.js` over the built bundled site
/// (`tests/relevance/run.js`) and returns its report.
pub(super) fn relevance_report(out: &Path) -> Option<serde_json::Value> {
    let root = crate::support::repo_root();
    let yaml = std::fs::read_to_string(root.join("tests/relevance/queries.yaml")).unwrap();
    let queries: serde_json::Value = serde_norway::from_str(&yaml).unwrap();
    let run = root.join("tests/relevance/run.js");
    let script = search_js();
    let args = [run.as_os_str(), script.as_os_str(), out.as_os_str()];
    let report = node(&args, &queries.to_string(), "the relevance test")?;
    Some(serde_json::from_str(&report).unwrap())
}

#[test]
fn relevance_judgments_hold_through_the_browser_engine() {
    let t = SiteTest::bundled().build();
    let Some(r) = relevance_report(&t.out()) else { return };
    let total = r["total"].as_u64().unwrap();
    let held = r["held"].as_u64().unwrap();
    assert!(total >= 40, "{total} judged queries");
    let failed: Vec<String> = r["judgments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["holds"] == false)
        .map(|j| format!("{} ({}): {}", j["q"], j["kind"], j["why"]))
        .collect();
    println!(
        "relevance: {held}/{total} judgments hold; MRR {:.3}, recall@5 {:.3}",
        r["mrr"].as_f64().unwrap(),
        r["recall5"].as_f64().unwrap()
    );
    for f in &failed {
        println!("  does not hold: {f}");
    }
    assert!(held * 10 >= total * 9, "{held}/{total} judgments hold (90 % needed): {failed:#?}");
}

/// Runs `queries` (text, filters) through `search.js` in Node over the index under
/// `search_dir` (`tests/relevance/compare.js`): per query, the documents in order, the
/// counts of the filter panel, the number of chips and the files read.
pub(super) fn browser_engine(
    search_dir: &Path,
    queries: &[(String, Vec<(&str, &str)>)],
) -> Option<Vec<serde_json::Value>> {
    let run = crate::support::repo_root().join("tests/relevance/compare.js");
    let script = search_js();
    let input: Vec<serde_json::Value> = queries
        .iter()
        .map(|(q, filters)| {
            let mut f = serde_json::Map::new();
            for (k, v) in filters {
                f.entry(k.to_string())
                    .or_insert_with(|| serde_json::json!([]))
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!(v));
            }
            serde_json::json!({"q": q, "filters": f})
        })
        .collect();
    let args = [run.as_os_str(), script.as_os_str(), search_dir.as_os_str()];
    let out = node(&args, &serde_json::to_string(&input).unwrap(), "the engine comparison")?;
    Some(serde_json::from_str(&out).unwrap())
}

/// The browser engine gives the reference engine's results and counts, whether the counts
/// come from the precomputed files (no words, or one word of one stem, no filter) or from
/// the facet files; on the English and the Chinese pages, where a case only in English
/// ranks after a Chinese one at equal relevance.
#[test]
fn the_browser_engine_agrees_with_the_reference_engine() {
    let bundled = SiteTest::bundled().build();
    let fixture = SiteTest::from_fixture("search").build();
    let yaml =
        std::fs::read_to_string(crate::support::repo_root().join("tests/relevance/queries.yaml"))
            .unwrap();
    let judged: Vec<serde_json::Value> = serde_norway::from_str(&yaml).unwrap();
    let mut queries: Vec<(String, Vec<(&str, &str)>)> = vec![
        (String::new(), vec![]),
        ("security".into(), vec![]),
        ("security ".into(), vec![]),
        ("安全".into(), vec![]),
        ("delivery".into(), vec![("institution", "abc")]),
        ("security".into(), vec![("level", "2"), ("domain", "security-testing")]),
        (String::new(), vec![("module", "devsecops")]),
        ("container".into(), vec![]),
        ("container".into(), vec![("institution", "beta-bank")]),
        ("alpha".into(), vec![]),
    ];
    queries
        .extend(judged.iter().map(|j| (j["q"].as_str().unwrap_or_default().to_string(), vec![])));
    let mut precomputed = 0;
    for (out, lang) in [(bundled.out(), ""), (bundled.out(), "zh/"), (fixture.out(), "")] {
        let dir = out.join(lang).join("search");
        let reference = super::searcher_at(&dir);
        let Some(js) = browser_engine(&dir, &queries) else { return };
        for ((q, filters), got) in queries.iter().zip(&js) {
            if got["chips"].as_u64() != Some(0) {
                continue; // the reference engine does not read names as filters
            }
            let mut query = Query::new(q);
            for (k, v) in filters {
                query = query.filter(k, v);
            }
            let want = reference.search(&query);
            let docs: Vec<u64> = want.hits.iter().map(|h| u64::from(h.doc)).collect();
            assert_eq!(got["docs"], serde_json::json!(docs), "{lang}{q:?} {filters:?}");
            for (facet, values) in &want.counts {
                let counts: Vec<usize> = values.iter().map(|v| v.1).collect();
                assert_eq!(
                    got["counts"][facet],
                    serde_json::json!(counts),
                    "{lang}{q:?} {filters:?}: {facet}"
                );
            }
            let read = got["read"].to_string();
            if !read.contains("f/") {
                precomputed += 1;
            }
        }
    }
    assert!(precomputed > 20, "{precomputed} queries were counted without the facet files");
}

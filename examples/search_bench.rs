//! Times the search index build alone: loads and renders a site once, then calls
//! `search::build_index` ITERS times and prints each time, the median and a hash of the
//! files (so that a faster build can be checked to give the same bytes).
//!
//!     cargo run --release --example search_bench -- SITE_DIR [ITERS]
//!
//! With `--cost`, builds the index once and prints what a browser with an empty cache
//! downloads for the first query of a few one- and two-word searches: `meta`, the term
//! shards of the words (and of their stems) and the postings files of their common stems,
//! the detail chunks and texts of the first ten results, and what the counts of the filter
//! panel read (a shard's precomputed counts, or every facet file), each one-word total
//! against its target, plus the search page's own compressed HTML, CSS and script:
//!
//!     cargo run --release --example search_bench -- SITE_DIR --cost
//!
//! With `--relevance`, runs the judged queries of `tests/relevance/queries.yaml` through
//! `assets/search.js` in Node over the index of the site (the bundled site: `.`) and prints
//! each judgment that does not hold, the share that holds, MRR and recall@5:
//!
//!     cargo run --release --example search_bench -- . --relevance
//!
//! For instruction counts of the index build only (all threads), read the second dump,
//! `callgrind.out.<pid>.2`:
//!
//!     valgrind --tool=callgrind --compress-strings=no \
//!         --dump-before='casebook::search::build_index' \
//!         --dump-after='casebook::search::build_index' \
//!         target/release/examples/search_bench SITE_DIR 1
//!
//! (Without `--compress-strings=no` the second dump names functions by ids defined in the
//! first, which `callgrind_annotate` cannot resolve; even so it may attribute everything to
//! the threads' entry points, so sum the `fn=` costs yourself if it does.)
use std::hash::Hasher;
use std::path::Path;
use std::time::Instant;

// The tests' reference engine runs the queries of `--cost`: the library does not ship it.
#[allow(dead_code, reason = "the benchmark uses only part of the test oracle")]
#[path = "../tests/it/search_oracle.rs"]
mod search_oracle;

// The allocator of the casebook binary, so the figures match `casebook build`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: search_bench SITE_DIR [ITERS]"));
    let next = args.next();
    if next.as_deref() == Some("--relevance") {
        return relevance(&root);
    }
    let (site, rendered) = load_site(&root);
    if next.as_deref() == Some("--cost") {
        return cost(&casebook::search::build_index(&site, &rendered), site.cases.len());
    }
    let iters: usize = next.map_or(5, |n| n.parse().expect("ITERS is a number"));
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let mut digest = None;
    for _ in 0..iters {
        let (start, cpu0) = (Instant::now(), cpu_ms());
        let ix = casebook::search::build_index(&site, &rendered);
        let t = start.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms() - cpu0;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for f in &ix.files {
            h.write(f.path.as_bytes());
            h.write(&f.bytes);
        }
        let d = h.finish();
        assert!(digest.is_none_or(|p| p == d), "two builds gave different files");
        digest = Some(d);
        let gzip: usize = ix.files.iter().map(|f| f.bytes.len()).sum();
        println!(
            "build_index: {t:.1} ms, {cpu:.0} ms CPU ({} files, {:.1} MiB)",
            ix.files.len(),
            gzip as f64 / 1_048_576.0
        );
        times.push(t);
        cpus.push(cpu);
    }
    times.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    if let (Some(m), Some(c), Some(d)) = (times.get(iters / 2), cpus.get(iters / 2), digest) {
        println!("median {m:.1} ms, {c:.0} ms CPU over {iters}, files digest {d:016x}");
    }
}

/// Prints what the first query of each of a few searches downloads (see the module docs),
/// and each figure against its target (issue 17): a first one-word query with the filter
/// panel's counts at most 150 kB at 50,000 case studies and 80 kB at 10,000 (interpolated
/// in between, 80 kB below), the search page's own files at most 60 kB.
fn cost(ix: &casebook::search::SearchIndex, cases: usize) {
    use search_oracle::{CountedBy, Query, Searcher};
    let size_of =
        |path: &str| ix.files.iter().find(|f| f.path == path).map_or(0, |f| f.bytes.len());
    let kb = |b: usize| b as f64 / 1000.0;
    let s = Searcher::from_files(ix.files.iter().map(|f| (f.path.as_str(), &f.bytes[..]))).unwrap();
    let facets: usize =
        ix.files.iter().filter(|f| f.path.starts_with("search/f/")).map(|f| f.bytes.len()).sum();
    for f in ix.files.iter().filter(|f| f.path.starts_with("search/f/")) {
        println!("{}: {:.1} kB", f.path, kb(f.bytes.len()));
    }
    let target = {
        let n = cases as f64;
        if n <= 10_000.0 { 80.0 } else { 80.0 + (n.min(50_000.0) - 10_000.0) * 70.0 / 40_000.0 }
    };
    println!(
        "{cases} case studies, {} documents (with the results without one); sizes in kB (1,000 bytes), as transferred (the files are gzip)",
        ix.docs
    );
    println!("(shards: term shards and the postings files of common stems; chunks: the detail");
    println!("chunks and excerpt texts of the first ten results; counts: what the filter panel");
    println!("reads, a shard's precomputed counts or every facet file ({:.1} kB))", kb(facets));
    println!(
        "query                     |  meta | shards | chunks | = results | counts from      | = with counts | target"
    );
    let mut over = 0;
    for q in [
        "security",
        "delivery",
        "pipeline",
        "Zhengzhou",
        "安全",
        "security delivery",
        "threat modeling",
    ] {
        let r = s.search(&Query::new(q));
        let shards: usize = r
            .shards
            .iter()
            .map(|i| size_of(&format!("search/t/{i}.json.gz")))
            .chain(r.postings.iter().map(|i| size_of(&format!("search/p/{i}.json.gz"))))
            .sum();
        let chunks: std::collections::BTreeSet<usize> =
            r.hits.iter().take(10).map(|h| h.doc as usize / casebook::search::CHUNK_DOCS).collect();
        let chunks: usize = chunks
            .iter()
            .map(|c| size_of(&format!("search/d/{c}.json.gz")))
            .chain(r.hits.iter().take(10).map(|h| size_of(&format!("search/x/{}.json.gz", h.doc))))
            .sum();
        let meta = size_of("search/meta.json.gz");
        let results = meta + shards + chunks;
        let (from, counts) = match r.counted_by {
            CountedBy::Meta => ("meta".to_string(), 0),
            CountedBy::Shard(i) => (format!("c/{i}"), size_of(&format!("search/c/{i}.json.gz"))),
            CountedBy::FacetFiles => ("facet files".to_string(), facets),
        };
        let one_word = !q.contains(' ');
        let total = kb(results + counts);
        let verdict = match (one_word, total <= target) {
            (false, _) => "-".to_string(),
            (true, true) => format!("<= {target:.0} ok"),
            (true, false) => {
                over += 1;
                format!("<= {target:.0} OVER")
            }
        };
        println!(
            "{q:25} | {:5.1} | {:6.1} | {:6.1} | {:9.1} | {from:16} | {:13.1} | {verdict}   ({} hits)",
            kb(meta),
            kb(shards),
            kb(chunks),
            kb(results),
            total,
            r.hits.len()
        );
    }
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let page: usize =
        ["static/assets/search.js", "static/assets/search.css", "templates/search.html"]
            .iter()
            .map(|f| casebook::search::encode::gzip(&std::fs::read(assets.join(f)).unwrap()).len())
            .sum();
    let page_ok = if kb(page) <= 60.0 { "ok" } else { "OVER" };
    println!(
        "search page: search.js + search.css + search.html template, gzip: {:.1} kB (target <= 60: {page_ok})",
        kb(page)
    );
    println!(
        "one-word queries over target: {over} (target at {cases} case studies: {target:.0} kB)"
    );
}

/// Builds the site into a temporary directory (every language's index: judgments with
/// `lang: zh` search `/zh/search/`) and judges the relevance queries there with
/// `tests/relevance/run.js` (see the module docs).
fn relevance(root: &Path) {
    use std::io::Write;
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary directory");
    let mut options = casebook::BuildOptions::new(root);
    options.today = Some(casebook::model::Date { year: 2025, month: 1, day: 1 });
    let site = out.path().join("site");
    options.output = Some(site.clone());
    casebook::build(&options).unwrap_or_else(|e| panic!("cannot build {}: {e}", root.display()));
    let yaml = std::fs::read_to_string(repo.join("tests/relevance/queries.yaml")).unwrap();
    let queries: serde_json::Value = serde_norway::from_str(&yaml).expect("queries.yaml parses");
    let mut child = std::process::Command::new("node")
        .arg(repo.join("tests/relevance/run.js"))
        .arg(repo.join("themes/default/static/assets/search.js"))
        .arg(&site)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    child.stdin.take().unwrap().write_all(queries.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "run.js failed");
    let r: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut kinds: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    for j in r["judgments"].as_array().unwrap() {
        let e = kinds.entry(j["kind"].as_str().unwrap_or("").to_string()).or_default();
        e.1 += 1;
        if j["holds"] == true {
            e.0 += 1;
        } else {
            println!("does not hold: {} ({}): {}", j["q"], j["kind"], j["why"]);
        }
    }
    for (kind, (held, total)) in &kinds {
        println!("{kind:12} {held:3}/{total}");
    }
    println!(
        "{}/{} judgments hold; MRR {:.3}; recall@5 {:.3}",
        r["held"],
        r["total"],
        r["mrr"].as_f64().unwrap(),
        r["recall5"].as_f64().unwrap()
    );
}

/// CPU time of the process so far (user and system, all threads), from `/proc/self/stat`
/// in clock ticks of 10 ms; 0 where that file does not exist.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

/// Loads and renders a site with the library's own stages, without writing anything.
fn load_site(root: &Path) -> (casebook::model::Site, Vec<casebook::render::Rendered>) {
    let mut options = casebook::BuildOptions::new(root);
    options.today = Some(casebook::model::Date { year: 2025, month: 1, day: 1 });
    let loaded = casebook::load_rendered(&options)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", root.display()));
    (loaded.site, loaded.rendered)
}

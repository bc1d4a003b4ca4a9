//! Full-text search: a sharded index built from the rendered case studies and the result
//! records that have no case study of their own, and the facet data the search page
//! (`/search/`, `assets/search.js`) needs to filter and count.
//!
//! This module owns the index files under `search/` in the output. It does not own the
//! search page's HTML (the theme's `search.html`) nor its script, which reads these files.
//! Nothing here runs a server: the site stays static and works offline.
//!
//! # Design
//!
//! **One tokeniser, one stemmer, on both sides.** [`tokenize`] normalises (NFKC, lowercase)
//! and splits text into words and CJK bigrams; `search.js` reproduces those steps exactly,
//! and carries its own Snowball English (Porter 2) stemmer; tests run both in Node against
//! this code (the stemmer word for word against `rust-stemmers` on some 40,000 words).
//! The term dictionary maps every *surface form* of the corpus to its stem and holds every
//! stem as a key too; the browser looks up a query word as typed and its stem, so any
//! inflection finds its word, even one the corpus never uses (`deliveries` → `deliveri`,
//! the stem of `delivery`). The alternative, a precomputed map from forms to stems, can
//! only hold forms seen in the corpus and grows with it (3.3 kB compressed for the 583
//! forms of the nine bundled cases); the stemmer is 1.7 kB of compressed script, once. Chinese is split into overlapping bigrams the same way
//! on both sides; a query of one character matches the bigrams it starts.
//!
//! **Domain vocabulary in `meta`.** Facet values carry the names a reader may type
//! (registry aliases, short names, ids; `search.js` adds the level spellings), so the
//! query parser of `search.js` turns `农行`, `L2`, `安全交付` or `2024` into facet filters
//! before the text search, and suggests the closest word or name for a word that matches
//! nothing. None of that needs more than `meta` and the shards the query loads anyway.
//!
//! **Ranking in Rust.** Every (stem, document) pair carries a BM25F impact computed here:
//! per-field term frequencies, length-normalised and weighted (title 3, summary 2,
//! institution, project, module, domains and interviewees 1.5, body 1), saturated with
//! k1 = 1.2 and quantised to 1–63. The browser adds `idf × impact` over the query's
//! stems, in integers, so its order equals that of the reference engine the integration
//! tests run (`tests/it/search_oracle.rs`).
//! Every query word must match (AND); the last word also matches its completions at half
//! weight, so results appear while a word is being typed.
//!
//! **Sharded terms.** Surface forms are sorted (in UTF-16 order, as JavaScript compares
//! strings) and cut into shards of about [`SHARD_TARGET`] bytes; `meta` lists the first
//! word of each shard, so a query downloads only the shards of its words. A shard holds
//! its words and the postings of their stems, so one request answers a word. Completions
//! of a prefix are contiguous, in the same shard or the next.
//!
//! **Common stems once.** Postings longer than [`HEAVY_POSTINGS`] are a file of their own
//! (`p/`) that the shards refer to: `security` and its stem `secur` sit in two shards, and
//! a query for `security` reads both (the word and its stem), so a common stem's
//! postings, most of what it downloads, used to come twice.
//!
//! **Chunked documents.** What a result shows (slug, title, project, date, and its
//! institution, module and level) is stored [`CHUNK_DOCS`] documents to a file. The text
//! (up to [`TEXT_CHARS`]) is one small file per document, read for the results on screen,
//! so that the excerpt can be centred on the best passage: ten results read ten files of
//! about 2 kB, where chunks of texts would bring sixteen texts per result.
//!
//! **Facet data out of `meta`.** What each document has (institution, module and level
//! columns, domain lists; years are runs of documents and need nothing) is one file per
//! facet under `f/` ([`facets`]), fetched only when a filter or a count needs it: at 50,000
//! cases these files are about 250 kB. The counts of the filter panel for no words or one
//! word that matches one stem, without a filter, are precomputed ([`counts`]: `meta.all`
//! and `c/<shard>`), so the commonest first query needs no facet file at all.
//!
//! **Language.** On a page in one language, a case study only in another language (an
//! English case on the Chinese pages, listed so that no result disappears) ranks after
//! one in the page's language: its score counts 4/5 (`meta.other` lists those documents).
//!
//! **Compressed.** Every file is gzip-compressed JSON (`.json.gz`, decompressed in the
//! browser with `DecompressionStream`; a server that already sent it decoded is handled).
//! File names carry no hash; `meta` holds a build hash that the script appends to shard
//! and chunk URLs, so caches never mix two builds.
//!
//! # Files (under `search/`)
//!
//! | file | content |
//! |---|---|
//! | `meta.json.gz` | `{version, build, docs, results, other, all, chunk, shards: [first word…], fields, facets: […]}` |
//! | `t/<n>.json.gz` | `{w: [surface or stem…], t: [stem index per key], p: [[stem, idf×1000, postings]…]}` (`[stem, idf×1000, "", k]` when the postings are `p/<k>`) |
//! | `p/<k>.json.gz` | the postings of one common stem (a string) |
//! | `c/<n>.json.gz` | the facet counts of each stem of shard `n` ([`counts`]), for the filter panel |
//! | `d/<n>.json.gz` | `[[slug, title, project, date, institution, module, level, result?]…]` for documents `n×chunk …` |
//! | `f/<key>.json.gz` | a facet's column (a string of fixed-width values) or document lists (strings) |
//! | `x/<doc>.json.gz` | the text of one document (a string), for its excerpt |
//!
//! Postings are a string of (document gap, impact) pairs in [`encode`]'s varint alphabet.
//!
//! **Documents** ([`documents`]) are the published cases in listing order (newest first)
//! and, merged in by date, every record of [`Site::results`] that has no case study of its
//! own (from `results.yaml`): a case study's own record is that case study's document, so
//! nothing is indexed twice, and the facets count exactly the documents. Document order is
//! date order and needs no data of its own. A record's document is titled from its
//! institution, module and count (`ICBC · Continuous delivery ×6`); its text is its
//! project, names, note and source article; its level may be none (a level column value
//! one past the last). `meta.results` lists these documents ([`encode::doc_list`]) so that
//! the page tells the two kinds apart without reading their details, and each one's detail
//! record has a ninth element, `{url, known_by, count}`, for its card; the URL is the
//! `/results/` view of its institution and module.
//!
//! Everything is built in parallel with rayon where it pays (tokenising, stemming,
//! encoding, compressing) and is deterministic: the same site gives the same bytes.

pub mod counts;
pub mod encode;
pub mod facets;
pub mod index;
pub mod text;
pub mod tokenize;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;
use crate::output::OutputFile;
use crate::render::Rendered;
use index::{FxHasher, FxMap, Index};

/// Aimed-at size of a term shard before compression, in bytes. A shard may be larger when
/// one stem's postings alone exceed it.
pub const SHARD_TARGET: usize = 16 * 1024;

/// Documents per document chunk file.
pub const CHUNK_DOCS: usize = 16;

/// Postings longer than this (in characters) are a file of their own (`p/<n>.json.gz`),
/// which the shards of the stem's surface forms refer to: a common stem's postings are
/// downloaded once, not with every shard that holds one of its forms.
pub const HEAVY_POSTINGS: usize = SHARD_TARGET / 2;

/// Characters of text kept per document in its own excerpt file (`x/<doc>.json.gz`), from
/// which the page centres the excerpt on the best passage once a result is shown.
pub const TEXT_CHARS: usize = 6000;

/// Version of the file formats, in `meta`.
pub const FORMAT_VERSION: u32 = 4;

/// Directory of the index in the output.
pub const DIR: &str = "search";

/// Builds the search index files (under `search/`) for the published cases.
pub fn build(site: &Site, rendered: &[Rendered]) -> Vec<OutputFile> {
    build_index(site, rendered).files
}

/// The index files with a few figures about them.
#[derive(Debug)]
pub struct SearchIndex {
    /// The files, `search/meta.json.gz` first.
    pub files: Vec<OutputFile>,
    /// Documents indexed.
    pub docs: usize,
    /// Distinct surface forms.
    pub words: usize,
    /// Distinct stems.
    pub stems: usize,
    /// Term shards.
    pub shards: usize,
    /// Document chunks.
    pub chunks: usize,
}

/// One search document: a published case study, or a result record that has no case study
/// of its own (a record of a case study is represented by that case study).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    /// Index into `Site::cases` (and the rendered cases).
    Case(usize),
    /// Index into [`Site::results`].
    Result(usize),
}

/// The search documents in document order: the first `cases` published cases (listing
/// order, newest first) merged with the records without a case study (newest first), a
/// record after the cases of its day, so that document order stays date order.
pub fn documents(site: &Site, cases: usize) -> Vec<Doc> {
    let records: Vec<usize> = site
        .results()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.case().is_none())
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::with_capacity(cases + records.len());
    let (mut c, mut r) = (0, 0);
    while c < cases || r < records.len() {
        let take_case = r == records.len()
            || (c < cases && site.cases[c].date >= site.results()[records[r]].date());
        if take_case {
            out.push(Doc::Case(c));
            c += 1;
        } else {
            out.push(Doc::Result(records[r]));
            r += 1;
        }
    }
    out
}

/// [`build`], with figures.
pub fn build_index(site: &Site, rendered: &[Rendered]) -> SearchIndex {
    let cases = site.cases.len().min(rendered.len());
    finish(tokenize(site, cases, |i, index| index(&rendered[i])))
}

/// The search documents of a site, tokenised by [`tokenize`]; [`finish`] makes the index.
pub struct Tokenized<'a, T> {
    site: &'a Site,
    docs: Vec<Doc>,
    /// The text of each record's document (its note and source); empty for cases.
    texts: Vec<String>,
    tokens: index::Tokens<DocOut<'a, T>>,
}

/// What [`tokenize`] keeps of a document besides its terms.
struct DocOut<'a, T> {
    record: Record<'a>,
    /// A case's excerpt source, gzipped JSON (`x/` files); `None` for records.
    sample: Option<Vec<u8>>,
    /// What the caller's `case` returned for a case (until [`Tokenized::take_cases`]).
    extra: Option<T>,
}

thread_local! {
    /// The compressor of the `x/` files, one per thread of the tokeniser.
    static SAMPLE_GZIP: std::cell::RefCell<encode::Gzip> = std::cell::RefCell::new(encode::Gzip::new());
}

/// Tokenises the search documents: the first `cases` published cases and the records
/// without a case study. `case(i, index)` hands the rendered Markdown of case `i` to
/// `index` (a case it does not hand over is indexed without its body) and returns what
/// the caller keeps of the case; the text of the body is dropped once indexed.
pub fn tokenize<'a, T: Send>(
    site: &'a Site,
    cases: usize,
    case: impl Fn(usize, &mut dyn FnMut(&Rendered)) -> T + Sync,
) -> Tokenized<'a, T> {
    let docs = documents(site, cases);
    let records = site.results();
    let ids = result_ids(site, &docs);
    // The text of each record's document (its note and source), computed once.
    let slugs: FxMap<&str, usize> =
        site.cases.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect();
    let texts: Vec<String> = docs
        .iter()
        .map(|&d| match d {
            Doc::Case(_) => String::new(),
            Doc::Result(r) => {
                let r = &records[r];
                let source = text::result_source_title(site, r, |s| slugs.get(s).copied());
                text::result_text(r, source)
            }
        })
        .collect();
    let tokens = index::tokenize(docs.len(), |d, index| match docs[d] {
        Doc::Case(i) => {
            let c = &site.cases[i];
            let mut sample = None;
            let extra = case(i, &mut |rendered: &Rendered| {
                // Inflated once when the dev server keeps it packed.
                let html = rendered.html.text();
                index(&text::fields(site, c, &html));
                let text = text::sample(c.summary.as_deref(), &html, TEXT_CHARS);
                let json = serde_json::to_string(&text).expect("strings serialise");
                sample = Some(SAMPLE_GZIP.with(|gz| gz.borrow_mut().compress(json.as_bytes())));
            });
            let record = Record {
                slug: Cow::Borrowed(&c.slug),
                title: Cow::Borrowed(&c.title),
                project: &c.project,
                date: c.date.to_string(),
                card: [0; 3],
                result: None,
            };
            DocOut { record, sample, extra: Some(extra) }
        }
        Doc::Result(r) => {
            let rec = &records[r];
            index(&text::result_fields(site, rec, &texts[d]));
            let bank = &site.registry.banks[rec.bank].id;
            let unit = &site.registry.units[rec.module].id;
            let record = Record {
                slug: Cow::Owned(ids[d].clone()),
                title: Cow::Owned(text::result_title(site, rec)),
                project: rec.project.as_deref().unwrap_or(""),
                date: rec.date().to_string(),
                card: [0; 3],
                result: Some(ResultCard {
                    url: format!("results/?institution={bank}&module={unit}"),
                    known_by: !rec.dating.is_announced(),
                    count: rec.count,
                }),
            };
            DocOut { record, sample: None, extra: None }
        }
    });
    Tokenized { site, docs, texts, tokens }
}

impl<T> Tokenized<'_, T> {
    /// Takes what [`tokenize`]'s `case` returned for each case, in case order.
    pub fn take_cases(&mut self) -> Vec<T> {
        self.tokens.extras_mut().iter_mut().filter_map(|d| d.extra.take()).collect()
    }
}

/// The index of `tokenized`.
pub fn finish<T>(tokenized: Tokenized<'_, T>) -> SearchIndex {
    let Tokenized { site, docs, texts, tokens } = tokenized;
    let n = docs.len();
    let records = site.results();
    let (index, outs) = index::finish(tokens);
    let mut records_out = Vec::with_capacity(n);
    let mut samples = Vec::with_capacity(n);
    for out in outs {
        records_out.push(out.record);
        samples.push(out.sample);
    }
    let keys: Vec<facets::DocKeys> = docs
        .iter()
        .map(|&d| match d {
            Doc::Case(i) => {
                let c = &site.cases[i];
                facets::DocKeys {
                    bank: c.bank,
                    unit: c.module,
                    level: Some(c.level),
                    date: c.date,
                    case: Some(i),
                }
            }
            Doc::Result(r) => {
                let r = &records[r];
                facets::DocKeys {
                    bank: r.bank,
                    unit: r.module,
                    level: r.level,
                    date: r.date(),
                    case: None,
                }
            }
        })
        .collect();
    let taxonomies = crate::model::taxonomy::build(site);
    let facets = facets::build(site, &taxonomies, &keys);
    let mut records = records_out;
    for (k, key) in ["institution", "module", "level"].into_iter().enumerate() {
        if let Some(f) = facets.iter().find(|f| f.key == key) {
            for (r, v) in records.iter_mut().zip(facets::doc_values(f, n)) {
                r.card[k] = v;
            }
        }
    }
    // The text of each document for excerpts, one file each: a page of ten results reads
    // ten of them (about 1.5 kB each), where chunks would bring 16 texts per result.
    // (A case's was made from its body while it was tokenised.)
    let text_json: Vec<(String, Vec<u8>)> = samples
        .into_par_iter()
        .enumerate()
        .map_init(encode::Gzip::new, |gz, (d, sample)| {
            let bytes = sample.unwrap_or_else(|| {
                let text = text::sample_plain(&texts[d], TEXT_CHARS);
                let json = serde_json::to_string(&text).expect("strings serialise");
                gz.compress(json.as_bytes())
            });
            (format!("{DIR}/x/{d}.json.gz"), bytes)
        })
        .collect();
    let facet_json: Vec<(String, Vec<u8>)> = facets
        .iter()
        .filter_map(|f| {
            let json = f.file_json()?;
            Some((format!("{DIR}/f/{}.json.gz", f.key), encode::gzip(json.as_bytes())))
        })
        .collect();

    let values = counts::DocValues::new(&facets, n);
    let stem_counts = counts::per_stem(&values, &index.stems);
    let all_counts = values.encode(0..n as u32, &mut counts::Scratch::default());
    drop(values);
    let (shards, heavy) = shards(&index);
    let shard_json: Vec<(String, Vec<u8>)> = shards
        .par_iter()
        .enumerate()
        .map_init(encode::Gzip::new, |gz, (i, s)| {
            let counts: Vec<&str> = s.stems.iter().map(|&st| &*stem_counts[st as usize]).collect();
            let counts = serde_json::to_string(&counts).expect("strings serialise");
            [
                (format!("{DIR}/t/{i}.json.gz"), gz.compress(&s.json)),
                (format!("{DIR}/c/{i}.json.gz"), gz.compress(counts.as_bytes())),
            ]
        })
        .flatten()
        .chain(heavy.par_iter().enumerate().map_init(encode::Gzip::new, |gz, (i, postings)| {
            (format!("{DIR}/p/{i}.json.gz"), gz.compress(format!("\"{postings}\"").as_bytes()))
        }))
        .collect();
    let chunk_json: Vec<(String, Vec<u8>)> = records
        .par_chunks(CHUNK_DOCS)
        .enumerate()
        .map_init(encode::Gzip::new, |gz, (i, recs)| {
            let json = serde_json::to_string(recs).expect("records serialise");
            (format!("{DIR}/d/{i}.json.gz"), gz.compress(json.as_bytes()))
        })
        .collect();

    let mut hasher = FxHasher::default();
    for (path, bytes) in shard_json.iter().chain(&chunk_json).chain(&facet_json).chain(&text_json) {
        std::hash::Hasher::write(&mut hasher, path.as_bytes());
        std::hash::Hasher::write(&mut hasher, bytes);
    }
    let facets_json = serde_json::to_string(&facets).expect("facets serialise");
    std::hash::Hasher::write(&mut hasher, facets_json.as_bytes());
    let meta = Meta {
        version: FORMAT_VERSION,
        build: format!("{:016x}", std::hash::Hasher::finish(&hasher)),
        docs: n,
        results: encode::doc_list(
            docs.iter()
                .enumerate()
                .filter(|(_, d)| matches!(d, Doc::Result(_)))
                .map(|(i, _)| i as u32),
        ),
        other: encode::doc_list(docs.iter().enumerate().filter_map(|(i, d)| match d {
            Doc::Case(c) if site.cases[*c].lang != site.config.pages_lang => Some(i as u32),
            _ => None,
        })),
        all: all_counts,
        chunk: CHUNK_DOCS,
        shards: shards.iter().map(|s| s.first.as_str()).collect(),
        fields: text::FIELDS.iter().map(|f| (f.name, f.weight)).collect(),
        facets: &facets,
    };
    let meta_json = serde_json::to_string(&meta).expect("meta serialises");

    let mut files = Vec::with_capacity(1 + shard_json.len() + chunk_json.len());
    files.push(OutputFile {
        path: format!("{DIR}/meta.json.gz"),
        bytes: encode::gzip(meta_json.as_bytes()).into(),
    });
    let (shard_count, chunk_count) = (shards.len(), chunk_json.len());
    files.extend(
        shard_json
            .into_iter()
            .chain(chunk_json)
            .chain(facet_json)
            .chain(text_json)
            .map(|(path, bytes)| OutputFile { path, bytes: bytes.into() }),
    );
    SearchIndex {
        files,
        docs: n,
        words: index.surfaces.len(),
        stems: index.stems.len(),
        shards: shard_count,
        chunks: chunk_count,
    }
}

/// `meta.json`.
#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    build: String,
    docs: usize,
    /// The documents that are result records without a case study ([`encode::doc_list`]).
    results: String,
    /// The case studies not in the pages' language (an English case without a Chinese
    /// version on the Chinese pages), ranked after those in it at equal relevance.
    other: String,
    /// The facet counts over all documents ([`counts`]).
    all: String,
    chunk: usize,
    shards: Vec<&'a str>,
    fields: Vec<(&'static str, f64)>,
    facets: &'a [facets::Facet],
}

/// What a result shows of one document, serialised as an array
/// `[slug, title, project, date, institution, module, level]` (the last three are
/// value indices of those facets, so that a result card needs no facet file; a level of
/// one past the last value means none), and for a result record an eighth element,
/// [`ResultCard`]. The excerpt comes from the document's text file (`x/`), which a
/// shown result needs anyway: a sample here would be downloaded twice.
struct Record<'a> {
    slug: Cow<'a, str>,
    title: Cow<'a, str>,
    project: &'a str,
    date: String,
    card: [u32; 3],
    result: Option<ResultCard>,
}

/// What the card of a result record without a case study needs besides the common fields:
/// `{"url": "results/?institution=…&module=…", "known_by": true, "count": 6}` (the URL
/// relative to the site root).
#[derive(Serialize)]
struct ResultCard {
    url: String,
    known_by: bool,
    count: u32,
}

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let [i, m, l] = self.card;
        let (slug, title) = (&*self.slug, &*self.title);
        match &self.result {
            None => (slug, title, self.project, &self.date, i, m, l).serialize(s),
            Some(r) => (slug, title, self.project, &self.date, i, m, l, r).serialize(s),
        }
    }
}

/// The id of each record document: the record's feed entry id without `urn:casebook:`
/// (`result:icbc/continuous-delivery/known_by/2022-12-26/-`), stable across edits of
/// `results.yaml`; empty for case studies.
fn result_ids(site: &Site, docs: &[Doc]) -> Vec<String> {
    let ids = crate::site::publish::record_ids(site);
    docs.iter()
        .map(|d| match *d {
            Doc::Case(_) => String::new(),
            Doc::Result(r) => ids[r].strip_prefix("urn:casebook:").unwrap_or(&ids[r]).to_string(),
        })
        .collect()
}

/// One term shard, serialised.
struct Shard {
    /// Its first surface form (the empty string for the first shard).
    first: String,
    json: Vec<u8>,
    /// The stems of its `p` entries, in order.
    stems: Vec<u32>,
}

/// Compares strings as JavaScript does: by UTF-16 code units.
pub fn cmp_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() { a.cmp(b) } else { a.encode_utf16().cmp(b.encode_utf16()) }
}

/// Sorts the surface forms and cuts them into shards of about [`SHARD_TARGET`] bytes; also
/// returns the postings longer than [`HEAVY_POSTINGS`], which the shards refer to by their
/// number in this list (in stem order).
fn shards(index: &Index) -> (Vec<Shard>, Vec<String>) {
    let postings: Vec<String> = index
        .stems
        .par_iter()
        .map(|s| {
            let mut out = String::with_capacity(s.docs.len() * 2);
            let mut prev = -1;
            for (&d, &q) in s.docs.iter().zip(&s.impacts) {
                encode::push_posting(&mut out, &mut prev, d, q);
            }
            out
        })
        .collect();
    let mut heavy_id = vec![u32::MAX; postings.len()];
    let mut heavy = Vec::new();
    for (s, p) in postings.iter().enumerate() {
        if p.len() > HEAVY_POSTINGS {
            heavy_id[s] = heavy.len() as u32;
            heavy.push(p.as_str());
        }
    }
    let posting_len =
        |s: u32| if heavy_id[s as usize] == u32::MAX { postings[s as usize].len() } else { 4 };
    let keys = dictionary_keys(index);
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.par_sort_unstable_by(|&a, &b| cmp_utf16(keys[a].0, keys[b].0));

    // Cut: group consecutive surfaces until the estimated JSON size reaches the target.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut seen: FxMap<u32, ()> = FxMap::default();
    let mut size = 0;
    for &i in &order {
        let (word, stem) = (&keys[i].0, keys[i].1);
        let mut cost = word.len() + 8;
        if !seen.contains_key(&stem) {
            cost += posting_len(stem) + index.stems[stem as usize].text.len() + 16;
        }
        if !current.is_empty() && size + cost > SHARD_TARGET && size > SHARD_TARGET / 4 {
            groups.push(std::mem::take(&mut current));
            seen.clear();
            size = word.len() + 8 + posting_len(stem) + 16;
        } else {
            size += cost;
        }
        seen.insert(stem, ());
        current.push(i);
    }
    if !current.is_empty() || groups.is_empty() {
        groups.push(current);
    }

    let shards = groups
        .par_iter()
        .enumerate()
        .map(|(g, members)| {
            let mut local: FxMap<u32, u32> = FxMap::default();
            let mut stems: Vec<u32> = Vec::new();
            let mut words: Vec<&str> = Vec::with_capacity(members.len());
            let mut refs: Vec<u32> = Vec::with_capacity(members.len());
            for &i in members {
                let (word, stem) = (&keys[i].0, keys[i].1);
                let k = *local.entry(stem).or_insert_with(|| {
                    stems.push(stem);
                    (stems.len() - 1) as u32
                });
                words.push(word);
                refs.push(k);
            }
            let p: Vec<(&str, u32, Postings)> = stems
                .iter()
                .map(|&s| {
                    let st = &index.stems[s as usize];
                    let p = match heavy_id[s as usize] {
                        u32::MAX => Postings::Here(postings[s as usize].as_str()),
                        id => Postings::File(id),
                    };
                    (&*st.text, st.idf, p)
                })
                .collect();
            let json = shard_json(&words, &refs, &p);
            let first = if g == 0 {
                String::new()
            } else {
                members.first().map_or_else(String::new, |&i| keys[i].0.to_string())
            };
            Shard { first, json, stems }
        })
        .collect();
    let heavy = heavy.into_iter().map(str::to_string).collect();
    (shards, heavy)
}

/// Where a stem's postings are: in the shard, or in `p/<n>.json.gz`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Postings<'a> {
    Here(&'a str),
    File(u32),
}

/// The keys of the term dictionary: every surface form, and every stem that is not itself
/// a surface form, each with its stem. The browser stems a query word with the same
/// algorithm and looks up both the word and its stem, so an inflection the corpus never
/// uses (`deliveries`) still finds its stem (`deliveri`, from `delivery`).
fn dictionary_keys(index: &Index) -> Vec<(&str, u32)> {
    let mut keys: Vec<(&str, u32)> = index.surfaces.iter().map(|(w, s)| (&**w, *s)).collect();
    let surfaces: std::collections::HashSet<&str, std::hash::BuildHasherDefault<FxHasher>> =
        keys.iter().map(|k| k.0).collect();
    keys.extend(
        index
            .stems
            .iter()
            .enumerate()
            .filter(|(_, s)| !surfaces.contains(&*s.text))
            .map(|(i, s)| (&*s.text, i as u32)),
    );
    keys
}

/// The JSON of a term shard, `{"w":[…],"t":[…],"p":[[stem,idf,postings]…]}`, as
/// `serde_json` writes it: written by hand because postings, most of a shard, are digits
/// of [`encode::ALPHABET`] and need no escaping; words and stems go through `serde_json`.
/// A stem whose postings are a file of their own is `[stem,idf,"",n]` (`p/<n>.json.gz`).
fn shard_json(words: &[&str], refs: &[u32], p: &[(&str, u32, Postings)]) -> Vec<u8> {
    let len = |p: &Postings| if let Postings::Here(s) = p { s.len() } else { 12 };
    let size: usize = words.iter().map(|w| w.len() + 8).sum::<usize>()
        + p.iter().map(|(s, _, post)| s.len() + len(post) + 16).sum::<usize>();
    let mut out = Vec::with_capacity(size + 32);
    let string = |out: &mut Vec<u8>, s: &str| {
        serde_json::to_writer(out, s).expect("writing to a Vec cannot fail");
    };
    out.extend_from_slice(b"{\"w\":[");
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        string(&mut out, w);
    }
    out.extend_from_slice(b"],\"t\":[");
    for (k, &r) in refs.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_decimal(&mut out, r);
    }
    out.extend_from_slice(b"],\"p\":[");
    for (k, &(stem, idf, postings)) in p.iter().enumerate() {
        out.extend_from_slice(if k > 0 { b",[" } else { b"[" });
        string(&mut out, stem);
        out.push(b',');
        push_decimal(&mut out, idf);
        out.extend_from_slice(b",\"");
        match postings {
            Postings::Here(postings) => {
                debug_assert!(postings.bytes().all(|c| encode::digit_value(c).is_some()));
                out.extend_from_slice(postings.as_bytes());
                out.extend_from_slice(b"\"]");
            }
            Postings::File(n) => {
                out.extend_from_slice(b"\",");
                push_decimal(&mut out, n);
                out.push(b']');
            }
        }
    }
    out.extend_from_slice(b"]}");
    out
}

/// Appends `v` in decimal.
fn push_decimal(out: &mut Vec<u8>, mut v: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_stems_postings_are_one_file_that_its_shards_refer_to() {
        // `common` in every document (about two characters a posting), `rare` in one, and
        // forms of `common` that sort elsewhere, so that several shards hold the stem.
        let n = HEAVY_POSTINGS;
        let (index, _) = index::build(n, |d| {
            let mut f: index::Fields = std::array::from_fn(|_| text::FieldText::plain(""));
            let body = if d == 7 { "common commonly rare" } else { "common commons" };
            f[text::BODY] = text::FieldText::plain(body);
            f[0] = text::FieldText::plain(format!("zz{d} uncommon"));
            (f, ())
        });
        let (shards, heavy) = shards(&index);
        assert_eq!(heavy.len(), 2, "common and uncommon");
        let common = index.stems.iter().position(|s| &*s.text == "common").unwrap();
        let mut prev = -1;
        let mut want = String::new();
        for (&d, &q) in index.stems[common].docs.iter().zip(&index.stems[common].impacts) {
            encode::push_posting(&mut want, &mut prev, d, q);
        }
        let id = heavy.iter().position(|p| *p == want).expect("the postings of `common`");
        // Every shard that holds a form of it refers to the file, and none holds them.
        let mut referring = 0;
        for s in &shards {
            let json: serde_json::Value = serde_json::from_slice(&s.json).unwrap();
            for e in json["p"].as_array().unwrap() {
                if e[0] == "common" {
                    assert_eq!(e[2], "");
                    assert_eq!(e[3], id);
                    referring += 1;
                }
                assert!(e[2].as_str().unwrap().len() <= HEAVY_POSTINGS, "{}", e[0]);
            }
        }
        assert!(referring >= 1);
        assert!(shards.iter().map(|s| s.stems.len()).sum::<usize>() >= index.stems.len());
    }

    #[test]
    fn shard_json_is_what_serde_json_writes() {
        #[derive(Serialize)]
        struct ShardJson<'a> {
            w: Vec<&'a str>,
            t: Vec<u32>,
            p: Vec<(&'a str, u32, &'a str)>,
        }
        let words = ["a", "quo\"te", "back\\slash", "tab\tnew\nline\u{1}", "安全", ""];
        let refs = [0, 1, 9, 10, 4_294_967_295, 1234];
        let p = [("a", 0, "AB"), ("quo\"t", 1000, ""), ("安全", 4_294_967_295, "-_09az")];
        for n in [0, 1, words.len()] {
            let (w, t, p) = (&words[..n], &refs[..n], &p[..n.min(p.len())]);
            let want =
                serde_json::to_string(&ShardJson { w: w.to_vec(), t: t.to_vec(), p: p.to_vec() })
                    .unwrap();
            let here: Vec<(&str, u32, Postings)> =
                p.iter().map(|&(s, i, post)| (s, i, Postings::Here(post))).collect();
            assert_eq!(String::from_utf8(shard_json(w, t, &here)).unwrap(), want);
        }
        let file = shard_json(&["a"], &[0], &[("a", 7, Postings::File(12))]);
        assert_eq!(String::from_utf8(file).unwrap(), r#"{"w":["a"],"t":[0],"p":[["a",7,"",12]]}"#);
    }
}

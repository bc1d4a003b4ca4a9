//! The reference engine of the search index: queries over the index files, the way
//! `assets/search.js` runs them, that the tests hold the index (and, through the browser
//! tests, the script) to. It reads the same files the browser downloads, so it also checks
//! their format, with readers of the encodings of `casebook::search::encode` that only the
//! tests need.
//!
//! It lives in the tests, not the library: nothing in a build queries the index. The
//! benchmark `examples/search_bench.rs` includes this file with `#[path]` for its query
//! cost and relevance reports.
//!
//! A query is tokenised like the index; every word must match (AND). A word matches the
//! stem its surface form maps to in the term dictionary and its own stem (Snowball
//! English, which the dictionary also holds as a key); the last word, when the query
//! does not end with a space, also matches the stems of its completions at half weight
//! (from words of 2 characters on; a lone CJK character always matches the bigrams it
//! starts). Filters are OR within a facet and AND across facets; the count of a value is
//! the number of results the query would have with that value selected instead of the
//! facet's other selections (so counts never drop to zero by selecting a sibling).
//! At equal relevance a case study in the pages' language comes first: the score of one
//! in another language (`meta.other`) counts 4/5 in the order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use casebook::render::is_cjk;
use casebook::search::encode::{digit_value, read_fixed};
use casebook::search::{cmp_utf16, tokenize};
use serde::Deserialize;

/// Reads a varint of `casebook::search::encode::push_varint` at `*pos`, advancing it;
/// `None` at the end or on a bad digit.
pub(crate) fn read_varint(s: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let d = digit_value(*s.get(*pos)?)?;
        *pos += 1;
        v |= (d & 31).checked_shl(shift)?;
        if d < 32 {
            return Some(v);
        }
        shift += 5;
    }
}

/// Decodes a list of `casebook::search::encode::doc_list`.
pub(crate) fn read_doc_list(s: &str) -> Vec<u32> {
    let b = s.as_bytes();
    let (mut pos, mut prev, mut out) = (0, -1i64, Vec::new());
    while let Some(gap) = read_varint(b, &mut pos) {
        prev += i64::from(gap) + 1;
        out.push(prev as u32);
    }
    out
}

/// Decodes postings of `casebook::search::encode::push_posting` into (document, impact) pairs.
pub(crate) fn read_postings(s: &str) -> Vec<(u32, u8)> {
    let b = s.as_bytes();
    let (mut pos, mut prev, mut out) = (0, -1i64, Vec::new());
    while let Some(gap) = read_varint(b, &mut pos) {
        prev += i64::from(gap) + 1;
        let Some(q) = b.get(pos).and_then(|&c| digit_value(c)) else { break };
        pos += 1;
        out.push((prev as u32, q as u8));
    }
    out
}

/// Undoes `casebook::search::encode::gzip`; bytes without the gzip magic are returned as they are (a server that
/// sends the files with `Content-Encoding: gzip` has already decompressed them).
pub(crate) fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)?;
    Ok(out)
}

/// The score one stem contributes to a document: an integer, the same in the browser.
/// Completions of the last, unfinished query word count half.
pub(crate) fn score(idf: u32, impact: u8, completion: bool) -> u64 {
    let s = u64::from(idf) * u64::from(impact);
    if completion { s / 2 } else { s }
}

/// Shards a completion may span: the word's own and the next.
pub(crate) const PREFIX_SHARDS: usize = 2;

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sort {
    /// Highest score first, then newest (newest first when there are no words).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// A search: words, filters (facet key → selected value ids) and order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    /// What the reader typed.
    pub text: String,
    /// Selected values per facet key.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Result order.
    pub sort: Sort,
}

impl Query {
    /// A query for `text` with no filters.
    pub(crate) fn new(text: &str) -> Query {
        Query { text: text.to_string(), ..Query::default() }
    }

    /// Adds a filter value.
    pub(crate) fn filter(mut self, facet: &str, value: &str) -> Query {
        self.filters.entry(facet.to_string()).or_default().push(value.to_string());
        self
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Document number (see `casebook::search::documents`).
    pub doc: u32,
    /// Score (0 without words).
    pub score: u64,
    /// Slug of the case, or `result:…` for a result record without a case study.
    pub slug: String,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Results {
    /// Every matching document, in order.
    pub hits: Vec<Hit>,
    /// Per facet key, (value id, count) for every value, in display order.
    pub counts: BTreeMap<String, Vec<(String, usize)>>,
    /// Shards the query read (what the browser downloads).
    pub shards: BTreeSet<usize>,
    /// Postings files (`p/<n>`) the query read.
    pub postings: BTreeSet<usize>,
    /// What the browser reads for the counts of the filter panel.
    pub counted_by: CountedBy,
}

/// Where the browser takes the counts of the filter panel from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum CountedBy {
    /// `meta.all`: no words, no filter.
    #[default]
    Meta,
    /// `c/<shard>`: one word that matched one stem, no filter.
    Shard(usize),
    /// The facet files (`f/`).
    FacetFiles,
}

impl Results {
    /// Slugs of the hits, in order.
    pub(crate) fn slugs(&self) -> Vec<&str> {
        self.hits.iter().map(|h| h.slug.as_str()).collect()
    }

    /// The count of one facet value (0 when absent).
    pub(crate) fn count(&self, facet: &str, id: &str) -> usize {
        self.counts.get(facet).and_then(|v| v.iter().find(|(i, _)| i == id)).map_or(0, |v| v.1)
    }
}

#[derive(Debug, Deserialize)]
struct Meta {
    docs: usize,
    #[serde(default)]
    other: String,
    chunk: usize,
    shards: Vec<String>,
    facets: Vec<FacetData>,
}

#[derive(Debug, Deserialize)]
struct FacetData {
    key: String,
    values: Vec<ValueData>,
    data: String,
    width: Option<usize>,
}

#[derive(Debug, Deserialize)]
struct ValueData {
    id: String,
    #[serde(rename = "type")]
    kind: Option<u32>,
    part: Option<u32>,
    from: Option<u32>,
    to: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct ShardData {
    w: Vec<String>,
    t: Vec<u32>,
    /// `[stem, idf, postings]`, or `[stem, idf, "", n]` when the postings are `p/<n>`.
    p: Vec<serde_json::Value>,
}

/// A shard with its postings resolved: (stem, idf, postings, postings file).
#[derive(Debug)]
struct Shard {
    w: Vec<String>,
    t: Vec<u32>,
    p: Vec<(String, u32, String, Option<usize>)>,
}

/// A loaded index.
#[derive(Debug)]
pub(crate) struct Searcher {
    meta: Meta,
    shards: Vec<Shard>,
    slugs: Vec<String>,
    /// The documents of `meta.other`.
    other: BTreeSet<u32>,
    /// Per facet key, each document's value indices.
    doc_values: HashMap<String, Vec<Vec<u32>>>,
    stemmer: tokenize::Stemmer,
}

/// Why index files could not be read.
#[derive(Debug, thiserror::Error)]
#[error("search index file `{path}`: {message}")]
pub(crate) struct ReadError {
    path: String,
    message: String,
}

impl Searcher {
    /// Loads the index from output files (`search/…` paths with their bytes).
    pub(crate) fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Searcher, ReadError> {
        let mut meta = None;
        let mut shards = BTreeMap::new();
        let mut chunks = BTreeMap::new();
        let mut postings: HashMap<usize, String> = HashMap::new();
        let mut facet_files: HashMap<String, serde_json::Value> = HashMap::new();
        for (path, bytes) in files {
            let Some(rel) = path.strip_prefix("search/") else { continue };
            let err = |message: String| ReadError { path: path.to_string(), message };
            let json = gunzip(bytes).map_err(|e| err(e.to_string()))?;
            let number = |prefix: &str| {
                rel.strip_prefix(prefix)?.strip_suffix(".json.gz")?.parse::<usize>().ok()
            };
            if rel == "meta.json.gz" {
                meta = Some(serde_json::from_slice::<Meta>(&json).map_err(|e| err(e.to_string()))?);
            } else if let Some(n) = number("t/") {
                let shard: ShardData =
                    serde_json::from_slice(&json).map_err(|e| err(e.to_string()))?;
                shards.insert(n, shard);
            } else if let Some(n) = number("p/") {
                let p: String = serde_json::from_slice(&json).map_err(|e| err(e.to_string()))?;
                postings.insert(n, p);
            } else if let Some(n) = number("d/") {
                let recs: Vec<Vec<serde_json::Value>> =
                    serde_json::from_slice(&json).map_err(|e| err(e.to_string()))?;
                chunks.insert(n, recs);
            } else if let Some(key) =
                rel.strip_prefix("f/").and_then(|r| r.strip_suffix(".json.gz"))
            {
                let value = serde_json::from_slice(&json).map_err(|e| err(e.to_string()))?;
                facet_files.insert(key.to_string(), value);
            }
        }
        let meta = meta.ok_or_else(|| ReadError {
            path: "search/meta.json.gz".into(),
            message: "missing".into(),
        })?;
        if shards.len() != meta.shards.len() || shards.keys().copied().ne(0..meta.shards.len()) {
            return Err(ReadError {
                path: "search/t/".into(),
                message: format!("expected {} shards, found {}", meta.shards.len(), shards.len()),
            });
        }
        let slugs: Vec<String> = chunks
            .into_values()
            .flatten()
            .map(|r| r.first().and_then(|s| s.as_str()).unwrap_or_default().to_string())
            .collect();
        if slugs.len() != meta.docs || meta.chunk == 0 {
            return Err(ReadError {
                path: "search/d/".into(),
                message: format!("expected {} documents, found {}", meta.docs, slugs.len()),
            });
        }
        let mut doc_values = HashMap::new();
        for f in &meta.facets {
            let mut per_doc = vec![Vec::new(); meta.docs];
            let file = facet_files.get(&f.key);
            let missing = || ReadError {
                path: format!("search/f/{}.json.gz", f.key),
                message: "missing or not of the kind `meta` names".into(),
            };
            match f.data.as_str() {
                "column" => {
                    let (Some(width), Some(docs)) = (f.width, file.and_then(|v| v.as_str())) else {
                        return Err(missing());
                    };
                    // A value past the last is "none" (a result without a level).
                    for (d, v) in read_fixed(docs, width).into_iter().enumerate().take(meta.docs) {
                        if (v as usize) < f.values.len() {
                            per_doc[d].push(v);
                        }
                    }
                }
                "lists" => {
                    let lists = file.and_then(|v| v.as_array()).ok_or_else(missing)?;
                    for (v, list) in lists.iter().enumerate() {
                        for d in read_doc_list(list.as_str().unwrap_or("")) {
                            if let Some(l) = per_doc.get_mut(d as usize) {
                                l.push(v as u32);
                            }
                        }
                    }
                }
                "ranges" => {
                    for (v, value) in f.values.iter().enumerate() {
                        let (from, to) = (value.from.unwrap_or(0), value.to.unwrap_or(0));
                        for d in from..to.min(meta.docs as u32) {
                            per_doc[d as usize].push(v as u32);
                        }
                    }
                }
                _ => {}
            }
            doc_values.insert(f.key.clone(), per_doc);
        }
        // Derived facets: the type of the institution, the part of the module.
        if let Some(inst) = meta.facets.iter().find(|f| f.key == "institution") {
            let per_doc: Vec<Vec<u32>> = doc_values["institution"]
                .iter()
                .map(|vs| vs.iter().filter_map(|&v| inst.values[v as usize].kind).collect())
                .collect();
            doc_values.insert("type".into(), per_doc);
        }
        if let Some(module) = meta.facets.iter().find(|f| f.key == "module") {
            let per_doc: Vec<Vec<u32>> = doc_values["module"]
                .iter()
                .map(|vs| {
                    let mut out = vs.clone();
                    for &v in vs {
                        if let Some(p) = module.values[v as usize].part.filter(|&p| p != v) {
                            out.push(p);
                        }
                    }
                    out
                })
                .collect();
            doc_values.insert("module".into(), per_doc);
        }
        let shards = shards
            .into_iter()
            .map(|(i, s)| resolve(i, s, &postings))
            .collect::<Result<Vec<Shard>, ReadError>>()?;
        Ok(Searcher {
            other: read_doc_list(&meta.other).into_iter().collect(),
            meta,
            shards,
            slugs,
            doc_values,
            stemmer: tokenize::Stemmer::default(),
        })
    }

    /// The shard that holds `word` (a normalised surface form).
    pub(crate) fn shard_for(&self, word: &str) -> usize {
        let firsts = &self.meta.shards;
        firsts
            .partition_point(|f| cmp_utf16(f, word) != std::cmp::Ordering::Greater)
            .saturating_sub(1)
    }

    /// The stem a surface form maps to, if the corpus has that form.
    pub(crate) fn stem_of(&self, word: &str) -> Option<&str> {
        let shard = &self.shards[self.shard_for(word)];
        let i = shard.w.binary_search_by(|w| cmp_utf16(w, word)).ok()?;
        Some(shard.p[shard.t[i] as usize].0.as_str())
    }

    /// Whether a query word matches any stem: itself, its stem, or (as a prefix) a
    /// completion.
    fn found(&self, word: &str, prefix: bool) -> bool {
        let stem = self.stemmer.stem_surface(word);
        [word, &*stem].iter().any(|k| self.stem_of(k).is_some())
            || prefix && {
                let first = self.shard_for(word);
                (first..(first + PREFIX_SHARDS).min(self.shards.len())).any(|si| {
                    (si == first || self.meta.shards[si].starts_with(word))
                        && self.shards[si].w.iter().any(|w| w.starts_with(word))
                })
            }
    }

    /// Drops the pairs of Chinese characters that span two words of a query written
    /// without a space (`安全度量`: `全度`) and occur nowhere, when each of their
    /// characters is in a pair of the query that is found.
    fn drop_bridges(&self, words: Vec<(String, bool)>) -> Vec<(String, bool)> {
        let pair = |w: &str| w.chars().count() == 2 && w.chars().all(is_cjk);
        let found: Vec<bool> = words.iter().map(|(w, p)| self.found(w, *p)).collect();
        let keep: Vec<bool> = words
            .iter()
            .enumerate()
            .map(|(k, (w, _))| {
                found[k]
                    || !pair(w)
                    || !w.chars().all(|c| {
                        words
                            .iter()
                            .enumerate()
                            .any(|(j, (o, _))| j != k && found[j] && pair(o) && o.contains(c))
                    })
            })
            .collect();
        words.into_iter().zip(keep).filter(|(_, k)| *k).map(|(w, _)| w).collect()
    }

    /// The order of two hits by relevance: score (4/5 for a document not in the pages'
    /// language), then document.
    fn by_relevance(&self, a: &(u32, u64), b: &(u32, u64)) -> std::cmp::Ordering {
        let key = |h: &(u32, u64)| h.1 * if self.other.contains(&h.0) { 4 } else { 5 };
        key(b).cmp(&key(a)).then(a.0.cmp(&b.0))
    }

    /// Runs a query.
    pub(crate) fn search(&self, q: &Query) -> Results {
        let mut out = Results::default();
        let words = self.drop_bridges(query_words(&q.text));
        let n = self.meta.docs;
        // Per word: doc → best score.
        let mut matched: Option<Vec<u64>> = None;
        let mut counts_ok = vec![0usize; n];
        // The (shard, entry) of each stem matched, for the first word.
        let mut first_stems: Vec<(usize, usize)> = Vec::new();
        for (k, (word, prefix)) in words.iter().enumerate() {
            let mut best: HashMap<u32, u64> = HashMap::new();
            let first = self.shard_for(word);
            let mut stems: Vec<Matched> = Vec::new();
            // The word as typed and its stem: the stem finds inflections the corpus lacks.
            let stem = self.stemmer.stem_surface(word);
            for key in [word.as_str(), &*stem] {
                let si = self.shard_for(key);
                out.shards.insert(si);
                let shard = &self.shards[si];
                if let Ok(i) = shard.w.binary_search_by(|w| cmp_utf16(w, key)) {
                    Matched::add(&mut stems, shard, si, shard.t[i] as usize, false);
                }
            }
            if *prefix {
                for si in first..(first + PREFIX_SHARDS).min(self.shards.len()) {
                    if si > first && !self.meta.shards[si].starts_with(word.as_str()) {
                        break;
                    }
                    out.shards.insert(si);
                    let shard = &self.shards[si];
                    let start = shard.w.partition_point(|w| cmp_utf16(w, word).is_lt());
                    for j in start..shard.w.len() {
                        if !shard.w[j].starts_with(word.as_str()) {
                            break;
                        }
                        Matched::add(&mut stems, shard, si, shard.t[j] as usize, true);
                    }
                }
            }
            if k == 0 {
                first_stems = stems.iter().map(|e| (e.shard, e.entry)).collect();
            }
            out.postings.extend(stems.iter().filter_map(|e| e.file));
            for Matched { idf, postings, completion, .. } in stems {
                for (d, q) in read_postings(postings) {
                    let s = score(idf, q, completion);
                    let e = best.entry(d).or_insert(0);
                    *e = (*e).max(s);
                }
            }
            let scores = matched.get_or_insert_with(|| vec![0; n]);
            for (&d, &s) in &best {
                if let Some(c) = counts_ok.get_mut(d as usize)
                    && *c == k
                {
                    *c += 1;
                    scores[d as usize] += s;
                }
            }
        }
        let candidates: Vec<(u32, u64)> = match &matched {
            None => (0..n as u32).map(|d| (d, 0)).collect(),
            Some(scores) => (0..n)
                .filter(|&d| counts_ok[d] == words.len())
                .map(|d| (d as u32, scores[d]))
                .collect(),
        };

        let selected: BTreeMap<&str, BTreeSet<u32>> = self
            .meta
            .facets
            .iter()
            .filter_map(|f| {
                let ids = q.filters.get(&f.key)?;
                let set: BTreeSet<u32> = f
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| ids.contains(&v.id))
                    .map(|(i, _)| i as u32)
                    .collect();
                Some((f.key.as_str(), set))
            })
            .filter(|(_, set)| !set.is_empty())
            .collect();
        let passes = |d: u32, except: Option<&str>| {
            selected.iter().all(|(key, set)| {
                Some(*key) == except
                    || self.doc_values[*key][d as usize].iter().any(|v| set.contains(v))
            })
        };
        for f in &self.meta.facets {
            let mut counts = vec![0usize; f.values.len()];
            for &(d, _) in &candidates {
                if passes(d, Some(&f.key)) {
                    for &v in &self.doc_values[&f.key][d as usize] {
                        counts[v as usize] += 1;
                    }
                }
            }
            out.counts.insert(
                f.key.clone(),
                f.values.iter().zip(counts).map(|(v, c)| (v.id.clone(), c)).collect(),
            );
        }
        let mut hits: Vec<(u32, u64)> =
            candidates.into_iter().filter(|&(d, _)| passes(d, None)).collect();
        match q.sort {
            Sort::Relevance => hits.sort_by(|a, b| self.by_relevance(a, b)),
            Sort::Newest => hits.sort_by_key(|h| h.0),
            Sort::Oldest => hits.sort_by_key(|h| std::cmp::Reverse(h.0)),
        }
        out.counted_by = match (words.len(), &first_stems[..]) {
            _ if !selected.is_empty() => CountedBy::FacetFiles,
            (0, _) => CountedBy::Meta,
            (1, [(shard, _)]) => CountedBy::Shard(*shard),
            _ => CountedBy::FacetFiles,
        };
        out.hits = hits
            .into_iter()
            .map(|(doc, score)| Hit { doc, score, slug: self.slugs[doc as usize].clone() })
            .collect();
        out
    }
}

/// A stem a query word matched, with where it was found.
struct Matched<'a> {
    stem: &'a str,
    idf: u32,
    postings: &'a str,
    /// Matched as a completion of the last word (half weight).
    completion: bool,
    shard: usize,
    /// Its entry in the shard's `p`.
    entry: usize,
    /// Its postings file, when it has one.
    file: Option<usize>,
}

impl<'a> Matched<'a> {
    /// Adds entry `entry` of shard `si` to `stems` unless its stem is there already.
    fn add(
        stems: &mut Vec<Matched<'a>>,
        shard: &'a Shard,
        si: usize,
        entry: usize,
        completion: bool,
    ) {
        let (stem, idf, postings, file) = &shard.p[entry];
        if !stems.iter().any(|e| e.stem == stem) {
            let (idf, file) = (*idf, *file);
            stems.push(Matched { stem, idf, postings, completion, shard: si, entry, file });
        }
    }
}

/// A shard read from its JSON, with the postings of its common stems from their files.
fn resolve(i: usize, s: ShardData, files: &HashMap<usize, String>) -> Result<Shard, ReadError> {
    let bad = |message: String| ReadError { path: format!("search/t/{i}.json.gz"), message };
    let p = s
        .p
        .iter()
        .map(|e| {
            let stem = e[0].as_str().ok_or_else(|| bad(format!("bad entry {e}")))?;
            let idf = e[1].as_u64().ok_or_else(|| bad(format!("bad entry {e}")))? as u32;
            let here = e[2].as_str().ok_or_else(|| bad(format!("bad entry {e}")))?;
            match e.get(3).and_then(|n| n.as_u64()) {
                None => Ok((stem.to_string(), idf, here.to_string(), None)),
                Some(n) => {
                    let n = n as usize;
                    let p = files.get(&n).ok_or_else(|| bad(format!("no postings file p/{n}")))?;
                    Ok((stem.to_string(), idf, p.clone(), Some(n)))
                }
            }
        })
        .collect::<Result<_, ReadError>>()?;
    Ok(Shard { w: s.w, t: s.t, p })
}

/// The words of a query, each with whether it also matches its completions: distinct
/// surface forms in order; the last word is a prefix unless the query ends with a space.
pub(crate) fn query_words(text: &str) -> Vec<(String, bool)> {
    let mut words: Vec<String> = Vec::new();
    for t in tokenize::tokens(text) {
        if !words.contains(&t) {
            words.push(t);
        }
    }
    let open_end = !text.ends_with(char::is_whitespace);
    let last = words.len().saturating_sub(1);
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let mut chars = w.chars();
            let first = chars.next();
            let single_cjk = first.is_some_and(is_cjk) && chars.next().is_none();
            let prefix = single_cjk || (i == last && open_end && w.chars().count() >= 2);
            (w, prefix)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use casebook::search::encode::{doc_list, gzip, push_posting, push_varint};

    use super::*;

    #[test]
    fn varints_and_doc_lists_round_trip() {
        let mut s = String::new();
        for v in [0, 1, 31, 32, 1023, 1024, 1 << 20, u32::MAX] {
            push_varint(&mut s, v);
        }
        let mut pos = 0;
        let got: Vec<u32> = std::iter::from_fn(|| read_varint(s.as_bytes(), &mut pos)).collect();
        assert_eq!(got, [0, 1, 31, 32, 1023, 1024, 1 << 20, u32::MAX]);
        assert_eq!(read_doc_list(&doc_list([3, 4, 100, 5000])), [3, 4, 100, 5000]);
    }

    #[test]
    fn postings_and_gzip_round_trip() {
        let mut s = String::new();
        let mut prev = -1;
        for (d, q) in [(0, 63), (1, 1), (700, 20)] {
            push_posting(&mut s, &mut prev, d, q);
        }
        assert_eq!(read_postings(&s), [(0, 63), (1, 1), (700, 20)]);
        assert_eq!(gunzip(&gzip(b"{}")).unwrap(), b"{}");
        assert_eq!(gunzip(b"{}").unwrap(), b"{}");
    }

    #[test]
    fn completions_score_half() {
        assert_eq!(score(1000, 10, false), 10_000);
        assert_eq!(score(1000, 10, true), 5000);
    }
}

//! Precomputed facet counts: for every stem, how many of its documents have each facet
//! value, and the same over all documents. They let the filter panel show exact counts for
//! the commonest queries (one word that matches one stem, or no words; no filter) without
//! the per-document facet files (`f/`), which at 50,000 cases are about 250 kB and were
//! most of what a first query downloaded.
//!
//! The counts of the stems of term shard `i` are `c/<i>.json.gz`, an array of strings in
//! the order of the shard's `p` entries; the counts over all documents are `meta.all`.
//! Anything else (several words, completions that add stems, a filter) is counted by the
//! browser over the facet files, as before. Counts mean what the reference engine
//! (`tests/it/search_oracle.rs`) computes without filters: a document counts once for each
//! value it has (a module also for its part, an institution's type, every domain; a record
//! without a level for no level).
//!
//! **Encoding** (one string per stem, in [`super::encode`]'s varint alphabet): for each
//! facet in `meta` order, the number of values with a count, then for each such value
//! (increasing) the gap from the previous value minus one and the count minus one.

use rayon::prelude::*;

use super::encode::{self, push_varint};
use super::facets::Facet;

/// Each document's values of each facet, in the order of the facets (as compressed sparse
/// rows: the values of document `d` of facet `f` are `vals[f][start[f][d]..start[f][d + 1]]`).
pub struct DocValues {
    start: Vec<Vec<u32>>,
    vals: Vec<Vec<u32>>,
    /// Values per facet.
    sizes: Vec<usize>,
}

impl DocValues {
    /// The values of every document of `docs` documents, read from the facets' data: a
    /// module also has its part, an institution its type (the `derived` facet).
    pub fn new(facets: &[Facet], docs: usize) -> DocValues {
        let single = |f: &Facet| super::facets::doc_values(f, docs);
        let institution = facets.iter().find(|f| f.key == "institution").map(single);
        let (mut start, mut vals, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
        for f in facets {
            let none = f.values.len() as u32;
            let per_doc: Vec<Vec<u32>> = match (f.data, f.key) {
                ("lists", _) => {
                    let mut per = vec![Vec::new(); docs];
                    for (v, value) in f.values.iter().enumerate() {
                        let list = value.docs.as_deref().unwrap_or("");
                        for d in encode::read_doc_list(list) {
                            if let Some(p) = per.get_mut(d as usize) {
                                p.push(v as u32);
                            }
                        }
                    }
                    per
                }
                ("derived", "type") => {
                    let inst = facets.iter().find(|f| f.key == "institution");
                    let of = |d: usize| {
                        let i = institution.as_ref()?[d];
                        inst?.values.get(i as usize)?.kind
                    };
                    (0..docs).map(|d| of(d).into_iter().collect()).collect()
                }
                ("derived", _) => vec![Vec::new(); docs],
                _ => single(f)
                    .into_iter()
                    .map(|v| {
                        if v >= none {
                            return Vec::new();
                        }
                        let part = f.values[v as usize].part.filter(|&p| p != v);
                        std::iter::once(v).chain(part).collect()
                    })
                    .collect(),
            };
            let mut s = Vec::with_capacity(docs + 1);
            let mut flat = Vec::with_capacity(docs);
            s.push(0);
            for d in per_doc {
                flat.extend(d);
                s.push(flat.len() as u32);
            }
            start.push(s);
            vals.push(flat);
            sizes.push(f.values.len());
        }
        DocValues { start, vals, sizes }
    }

    /// The encoded counts of the documents `docs` (see the module docs).
    pub fn encode(&self, docs: impl Iterator<Item = u32> + Clone, scratch: &mut Scratch) -> String {
        let mut out = String::new();
        for f in 0..self.sizes.len() {
            scratch.counts.clear();
            scratch.counts.resize(self.sizes[f], 0);
            scratch.touched.clear();
            let (start, vals) = (&self.start[f], &self.vals[f]);
            for d in docs.clone() {
                let d = d as usize;
                let (a, b) = (start[d] as usize, start[d + 1] as usize);
                for &v in &vals[a..b] {
                    let c = &mut scratch.counts[v as usize];
                    if *c == 0 {
                        scratch.touched.push(v);
                    }
                    *c += 1;
                }
            }
            scratch.touched.sort_unstable();
            push_varint(&mut out, scratch.touched.len() as u32);
            let mut prev: i64 = -1;
            for &v in &scratch.touched {
                push_varint(&mut out, (i64::from(v) - prev - 1) as u32);
                push_varint(&mut out, scratch.counts[v as usize] - 1);
                prev = i64::from(v);
            }
        }
        out
    }
}

/// Reusable buffers of [`DocValues::encode`].
#[derive(Default)]
pub struct Scratch {
    counts: Vec<u32>,
    touched: Vec<u32>,
}

/// The encoded counts of each stem (by stem index) with the documents of each.
pub fn per_stem(values: &DocValues, stems: &[super::index::Stem]) -> Vec<String> {
    stems
        .par_iter()
        .map_init(Scratch::default, |scratch, s| values.encode(s.docs.iter().copied(), scratch))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::facets::FacetValue;

    fn value(part: Option<u32>, kind: Option<u32>) -> FacetValue {
        FacetValue { part, kind, ..FacetValue::default() }
    }

    #[test]
    fn counts_every_value_a_document_has() {
        let facets = vec![
            Facet {
                key: "institution",
                label: String::new(),
                section: "",
                values: vec![value(None, Some(1)), value(None, Some(0))],
                data: "column",
                width: Some(1),
                docs: Some(encode::fixed([0, 1, 1], 1)),
            },
            Facet {
                key: "module",
                label: String::new(),
                section: "",
                // Value 0 is a part, 1 a module of it; document 2 has no module value.
                values: vec![value(Some(0), None), value(Some(0), None)],
                data: "column",
                width: Some(1),
                docs: Some(encode::fixed([1, 0, 2], 1)),
            },
            Facet {
                key: "type",
                label: String::new(),
                section: "",
                values: vec![value(None, None), value(None, None)],
                data: "derived",
                width: None,
                docs: None,
            },
            Facet {
                key: "domain",
                label: String::new(),
                section: "",
                values: vec![
                    FacetValue { docs: Some(encode::doc_list([0, 2])), ..value(None, None) },
                    FacetValue { docs: Some(encode::doc_list([2])), ..value(None, None) },
                ],
                data: "lists",
                width: None,
                docs: None,
            },
        ];
        let v = DocValues::new(&facets, 3);
        let mut s = Scratch::default();
        let mut want = String::new();
        // institution: value 0 ×1, value 1 ×2
        for n in [2, 0, 0, 0, 1] {
            push_varint(&mut want, n);
        }
        // module: part 0 ×2 (its own document and its module's), module 1 ×1
        for n in [2, 0, 1, 0, 0] {
            push_varint(&mut want, n);
        }
        // type: 0 ×2 (institution 1), 1 ×1
        for n in [2, 0, 1, 0, 0] {
            push_varint(&mut want, n);
        }
        // domain: 0 ×2, 1 ×1
        for n in [2, 0, 1, 0, 0] {
            push_varint(&mut want, n);
        }
        assert_eq!(v.encode([0u32, 1, 2].into_iter(), &mut s), want);
        let mut none = String::new();
        for _ in 0..4 {
            push_varint(&mut none, 0);
        }
        assert_eq!(v.encode([].into_iter(), &mut s), none);
    }
}

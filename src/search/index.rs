//! The inverted index: every surface form of the corpus, its stem, and for every stem the
//! documents that contain it with a precomputed BM25F impact.
//!
//! Built in three passes, the first and the last in parallel:
//!
//! 1. tokenise the fields of each batch of documents into batch-local vocabularies and
//!    per-document (surface, field, term frequency) entries;
//! 2. merge the vocabularies and stem every distinct surface form once;
//! 3. per document, sum the length-normalised, weighted frequencies of each stem over its
//!    fields (BM25F), saturate them and quantise the result to 1–63; then invert into
//!    postings lists in document order.
//!
//! A document's score for a query is `Σ idf(stem) × impact(stem, doc)` over the query's
//! stems, so ranking needs only integers at query time (in `search.js`, and in the reference
//! engine of the tests).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::text::{FIELD_COUNT, FIELDS, FieldText};
use super::tokenize::{self, Stemmer};

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;

/// The largest quantised impact (impacts fit in one character of the encoding).
pub const MAX_IMPACT: u8 = 63;

/// A fast, deterministic hasher for short strings (FxHash's mixing step). The index keys
/// are words of the site's own content, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("chunk of 8")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The index of a corpus.
#[derive(Debug, Default)]
pub struct Index {
    /// Number of documents.
    pub docs: u32,
    /// Every surface form with the index of its stem in `stems`, in no particular order.
    pub surfaces: Vec<(Box<str>, u32)>,
    /// Stems, with their postings.
    pub stems: Vec<Stem>,
    /// Average length (in tokens) of each field.
    pub avg_len: [f64; FIELD_COUNT],
}

/// One stem and its postings.
#[derive(Debug, Default)]
pub struct Stem {
    /// The stem.
    pub text: Box<str>,
    /// Inverse document frequency × 1000, at least 1.
    pub idf: u32,
    /// Documents containing the stem, increasing.
    pub docs: Vec<u32>,
    /// Quantised impact (1 to [`MAX_IMPACT`]) per document of `docs`.
    pub impacts: Vec<u8>,
}

/// What one document contributes: (surface id in its batch's vocabulary, field, term
/// frequency), and the length of each field.
struct DocTerms {
    entries: Vec<(u32, u8, u16)>,
    lens: [u32; FIELD_COUNT],
}

struct Batch {
    vocab: Vec<Box<str>>,
    docs: Vec<DocTerms>,
}

/// The text of a document's fields, in the order of [`FIELDS`].
pub type Fields<'a> = [FieldText<'a>; FIELD_COUNT];

/// Builds the index of `n` documents. `doc(i)` gives the fields of document `i` and a
/// by-product computed from them (the excerpt source), which is returned in document
/// order: fields are made batch by batch and dropped once tokenised, so the text of the
/// whole corpus is never held at once.
pub fn build<'a, T: Send>(
    n: usize,
    doc: impl Fn(usize) -> (Fields<'a>, T) + Sync,
) -> (Index, Vec<T>) {
    finish(tokenize(n, |i, index| {
        let (fields, extra) = doc(i);
        index(&fields);
        extra
    }))
}

/// Documents tokenised by [`tokenize`], to be indexed by [`finish`].
pub struct Tokens<T> {
    n: usize,
    batches: Vec<Batch>,
    extras: Vec<T>,
}

/// Tokenises `n` documents, batch by batch in parallel: `doc(i, index)` hands the fields
/// of document `i` to `index` (once; a document it does not hand over is empty) and
/// returns a by-product, kept in document order. The fields are the caller's to make and
/// drop: they may borrow what lives only during the call (the build renders a case's
/// Markdown, indexes it and drops its HTML here).
pub fn tokenize<T: Send>(
    n: usize,
    doc: impl Fn(usize, &mut dyn FnMut(&Fields<'_>)) -> T + Sync,
) -> Tokens<T> {
    // Batches of at most 128 documents, smaller towards the end, handed out in order to
    // whichever thread is free: the build renders each case inside its batch, and the
    // last batches to finish are the small ones, so neither core waits long for the other
    // (with equal batches taken in halves, the last 128-document batch could leave one
    // idle for a tenth of a second at 10,000 heavy cases). Each batch's vocabulary is
    // merged once at the end, in batch order, so the numbering does not depend on the cut.
    let ranges = batch_ranges(n, rayon::current_num_threads());
    let mut done: Vec<(usize, Batch, Vec<T>)> = ranges
        .into_iter()
        .enumerate()
        .par_bridge()
        .map(|(k, r)| {
            let (batch, extras) = tokenize_batch(r, &doc);
            (k, batch, extras)
        })
        .collect();
    done.sort_unstable_by_key(|d| d.0);
    let (batches, extras): (Vec<Batch>, Vec<Vec<T>>) =
        done.into_iter().map(|(_, b, e)| (b, e)).unzip();
    let extras: Vec<T> = extras.into_iter().flatten().collect();
    Tokens { n, batches, extras }
}

impl<T> Tokens<T> {
    /// The by-products so far, in document order.
    pub fn extras_mut(&mut self) -> &mut [T] {
        &mut self.extras
    }
}

/// The index of the documents of `tokens`, and their by-products in document order.
pub fn finish<T>(tokens: Tokens<T>) -> (Index, Vec<T>) {
    let Tokens { n, batches, extras } = tokens;
    // Merge the vocabularies; stem each distinct surface once.
    let mut global: FxMap<Box<str>, u32> = FxMap::default();
    let mut surfaces: Vec<Box<str>> = Vec::new();
    let remaps: Vec<Vec<u32>> = batches
        .iter()
        .map(|b| {
            b.vocab
                .iter()
                .map(|w| match global.get(&**w) {
                    Some(&id) => id,
                    // A word is copied only the first time: this loop runs on one core.
                    None => {
                        let id = surfaces.len() as u32;
                        global.insert(w.clone(), id);
                        surfaces.push(w.clone());
                        id
                    }
                })
                .collect()
        })
        .collect();
    drop(global);
    let stemmer = Stemmer::default();
    let stemmed: Vec<String> =
        surfaces.par_iter().map(|s| stemmer.stem_surface(s).into_owned()).collect();
    let mut stem_ids: FxMap<&str, u32> = FxMap::default();
    let mut stem_texts: Vec<Box<str>> = Vec::new();
    let surface_stem: Vec<u32> = stemmed
        .iter()
        .map(|s| {
            *stem_ids.entry(s.as_str()).or_insert_with(|| {
                stem_texts.push(s.as_str().into());
                (stem_texts.len() - 1) as u32
            })
        })
        .collect();
    drop(stem_ids);

    let mut avg_len = [0f64; FIELD_COUNT];
    for d in batches.iter().flat_map(|b| &b.docs) {
        for (f, len) in d.lens.iter().enumerate() {
            avg_len[f] += f64::from(*len);
        }
    }
    for a in &mut avg_len {
        *a = if n == 0 { 1.0 } else { (*a / n as f64).max(1.0) };
    }

    // Per document: stem-level impacts.
    let stem_count = stem_texts.len();
    // Each batch's terms are dropped as soon as they are impacts, and each document's
    // impacts as soon as they are postings: the three forms are never all held at once.
    let per_batch: Vec<Vec<Vec<(u32, u8)>>> = batches
        .into_par_iter()
        .zip(remaps.par_iter())
        .map_init(
            || Accumulator::new(stem_count),
            |acc, (b, remap)| {
                b.docs
                    .into_iter()
                    .map(|d| doc_impacts(&d, remap, &surface_stem, &avg_len, acc))
                    .collect()
            },
        )
        .collect();
    let per_doc: Vec<Vec<(u32, u8)>> = per_batch.into_iter().flatten().collect();

    // Invert.
    let mut counts = vec![0u32; stem_texts.len()];
    for d in &per_doc {
        for &(s, _) in d {
            counts[s as usize] += 1;
        }
    }
    let mut stems: Vec<Stem> = stem_texts
        .into_iter()
        .zip(&counts)
        .map(|(text, &df)| Stem {
            text,
            idf: idf(n as u32, df),
            docs: Vec::with_capacity(df as usize),
            impacts: Vec::with_capacity(df as usize),
        })
        .collect();
    for (doc, d) in per_doc.into_iter().enumerate() {
        for (s, q) in d {
            let st = &mut stems[s as usize];
            st.docs.push(doc as u32);
            st.impacts.push(q);
        }
    }
    let surfaces = surfaces.into_iter().zip(surface_stem).collect();
    (Index { docs: n as u32, surfaces, stems, avg_len }, extras)
}

/// Guided batch sizes: each a quarter of what is left per thread, at least 16 documents and
/// at most 128.
fn batch_ranges(n: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < n {
        let size = ((n - start) / (threads.max(1) * 4)).clamp(16, 128);
        let end = (start + size).min(n);
        ranges.push(start..end);
        start = end;
    }
    ranges
}

fn tokenize_batch<T>(
    docs: std::ops::Range<usize>,
    doc: &impl Fn(usize, &mut dyn FnMut(&Fields<'_>)) -> T,
) -> (Batch, Vec<T>) {
    let mut vocab = Vocab::default();
    let mut out = Vec::with_capacity(docs.len());
    let mut extras = Vec::with_capacity(docs.len());
    // Term frequencies per field of the current document, indexed by vocabulary id, and
    // the ids it touched (so that resetting costs what the document used).
    let mut tf: Vec<[u16; FIELD_COUNT]> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    for i in docs {
        let mut terms = None;
        let extra = doc(i, &mut |fields| {
            if terms.is_none() {
                terms = Some(doc_terms(fields, &mut vocab, &mut tf, &mut touched));
            }
        });
        extras.push(extra);
        out.push(terms.unwrap_or(DocTerms { entries: Vec::new(), lens: [0; FIELD_COUNT] }));
    }
    (Batch { vocab: vocab.into_words(), docs: out }, extras)
}

/// The terms of one document's `fields`, numbered in `vocab`; `tf` and `touched` are
/// scratch space, left empty.
fn doc_terms(
    fields: &Fields<'_>,
    vocab: &mut Vocab,
    tf: &mut Vec<[u16; FIELD_COUNT]>,
    touched: &mut Vec<u32>,
) -> DocTerms {
    let mut lens = [0u32; FIELD_COUNT];
    for (f, field) in fields.iter().enumerate() {
        tokenize::for_each_surface(&field.text, field.html, |word| {
            lens[f] += 1;
            let id = vocab.id(word);
            if id as usize == tf.len() {
                tf.push([0; FIELD_COUNT]);
            }
            let slot = &mut tf[id as usize];
            if *slot == [0; FIELD_COUNT] {
                touched.push(id);
            }
            slot[f] = slot[f].saturating_add(1);
        });
    }
    let mut entries: Vec<(u32, u8, u16)> = Vec::with_capacity(touched.len() + touched.len() / 4);
    for &id in touched.iter() {
        let slot = &mut tf[id as usize];
        for (f, n) in slot.iter().enumerate() {
            if *n > 0 {
                entries.push((id, f as u8, *n));
            }
        }
        *slot = [0; FIELD_COUNT];
    }
    touched.clear();
    DocTerms { entries, lens }
}

/// A batch's vocabulary: words numbered in order of first appearance. An open-addressing
/// table of (hash, id) over one string arena: the tokeniser looks up every token here, so
/// it avoids `HashMap`'s per-key allocations and out-of-line key comparisons.
struct Vocab {
    /// (high half of the hash, id): 8 bytes a slot keeps the table in cache. Never empty,
    /// and at least twice as long as the vocabulary.
    slots: Vec<(u32, u32)>,
    arena: String,
    /// Word `id` is `arena[bounds[id]..bounds[id + 1]]`.
    bounds: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;

impl Default for Vocab {
    fn default() -> Vocab {
        Vocab { slots: vec![(0, EMPTY); 1024], arena: String::new(), bounds: vec![0] }
    }
}

impl Vocab {
    fn word(&self, id: u32) -> &[u8] {
        let id = id as usize;
        &self.arena.as_bytes()[self.bounds[id] as usize..self.bounds[id + 1] as usize]
    }

    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    /// The id of `word`, added if new. Inlined into the tokeniser's callback, which
    /// calls it for every token.
    #[inline(always)]
    fn id(&mut self, word: &str) -> u32 {
        let w = word.as_bytes();
        let h = hash(w);
        let tag = (h >> 32) as u32;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (st, id) = self.slots[i];
            if id == EMPTY {
                return self.insert(i, tag, word);
            }
            if st == tag && same(self.word(id), w) {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline(never)]
    fn insert(&mut self, slot: usize, tag: u32, word: &str) -> u32 {
        let id = self.len() as u32;
        self.arena.push_str(word);
        self.bounds.push(self.arena.len() as u32);
        self.slots[slot] = (tag, id);
        if self.slots.len() < self.len() * 2 {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mut slots = vec![(0u32, EMPTY); size];
        for id in 0..self.len() as u32 {
            let h = hash(self.word(id));
            let mut i = h as usize & (size - 1);
            while slots[i].1 != EMPTY {
                i = (i + 1) & (size - 1);
            }
            slots[i] = ((h >> 32) as u32, id);
        }
        self.slots = slots;
    }

    fn into_words(self) -> Vec<Box<str>> {
        self.bounds.windows(2).map(|b| self.arena[b[0] as usize..b[1] as usize].into()).collect()
    }
}

/// The slot hash of a word: words of up to 8 bytes (most) are read as one integer.
fn hash(word: &[u8]) -> u64 {
    let v = if word.len() <= 8 {
        (small_key(word) ^ word.len() as u64).wrapping_mul(SEED)
    } else {
        let mut h = FxHasher::default();
        h.write(word);
        h.finish()
    };
    // Mix the high bits down: slots are chosen by the low bits.
    v ^ (v >> 29) ^ (v >> 47)
}

/// The bytes of a word of at most 8 bytes as one integer, read in at most two loads.
/// Two words of the same length are equal exactly when their keys are: from 4 bytes on,
/// the first and the last four bytes overlap and cover the word; below, the first, middle
/// and last bytes are all of it.
fn small_key(w: &[u8]) -> u64 {
    let n = w.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        let hi = u32::from_le_bytes([w[n - 4], w[n - 3], w[n - 2], w[n - 1]]);
        u64::from(lo) | u64::from(hi) << 32
    } else if n > 0 {
        u64::from(w[0]) | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]) << 16
    } else {
        0
    }
}

/// Word equality without a call to `memcmp` for short words (most).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && if a.len() <= 8 { small_key(a) == small_key(b) } else { a == b }
}

/// Per-stem, per-field term frequencies of one document, reset after each.
struct Accumulator {
    tf: Vec<[u32; FIELD_COUNT]>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn new(stems: usize) -> Accumulator {
        Accumulator { tf: vec![[0; FIELD_COUNT]; stems], touched: Vec::new() }
    }
}

/// The stems of one document with their quantised BM25F impacts. Frequencies are summed
/// over the surface forms of each stem as integers, then weighted in field order, so the
/// result does not depend on how surfaces were numbered.
fn doc_impacts(
    d: &DocTerms,
    remap: &[u32],
    surface_stem: &[u32],
    avg_len: &[f64; FIELD_COUNT],
    acc: &mut Accumulator,
) -> Vec<(u32, u8)> {
    let mut norm = [0f64; FIELD_COUNT];
    for (f, n) in norm.iter_mut().enumerate() {
        let b = FIELDS[f].b;
        *n = FIELDS[f].weight / ((1.0 - b) + b * f64::from(d.lens[f]) / avg_len[f]);
    }
    for &(id, f, tf) in &d.entries {
        let stem = surface_stem[remap[id as usize] as usize];
        let slot = &mut acc.tf[stem as usize];
        if *slot == [0; FIELD_COUNT] {
            acc.touched.push(stem);
        }
        slot[usize::from(f)] += u32::from(tf);
    }
    let mut out = Vec::with_capacity(acc.touched.len());
    for &stem in &acc.touched {
        let slot = &mut acc.tf[stem as usize];
        let pseudo_tf: f64 = (0..FIELD_COUNT).map(|f| f64::from(slot[f]) * norm[f]).sum();
        out.push((stem, quantize(pseudo_tf)));
        *slot = [0; FIELD_COUNT];
    }
    acc.touched.clear();
    out
}

/// BM25 saturation of a pseudo term frequency, quantised to 1..=63.
pub fn quantize(pseudo_tf: f64) -> u8 {
    let saturated = pseudo_tf / (K1 + pseudo_tf);
    round_half_up(saturated * f64::from(MAX_IMPACT)).clamp(1, MAX_IMPACT)
}

/// `x.round() as u8` for `x` from 0 to 255 (and 0 for NaN), without the call to `round`
/// that the target's baseline instruction set needs: the fraction `x - trunc(x)` is exact.
fn round_half_up(x: f64) -> u8 {
    let t = x as u8;
    if x - f64::from(t) >= 0.5 { t.saturating_add(1) } else { t }
}

/// BM25 inverse document frequency × 1000, rounded, at least 1.
pub fn idf(docs: u32, df: u32) -> u32 {
    let (n, df) = (f64::from(docs), f64::from(df));
    let v = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    ((v * 1000.0).round() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> [String; FIELD_COUNT] {
        let mut f: [String; FIELD_COUNT] = Default::default();
        f[0] = title.into();
        f[super::super::text::BODY] = body.into();
        f
    }

    fn index(docs: &[[String; FIELD_COUNT]]) -> Index {
        build(docs.len(), |i| (docs[i].clone().map(FieldText::plain), ())).0
    }

    fn stem<'a>(ix: &'a Index, text: &str) -> &'a Stem {
        ix.stems.iter().find(|s| &*s.text == text).unwrap()
    }

    #[test]
    fn batches_cover_every_document_once_and_shrink_towards_the_end() {
        assert!(batch_ranges(0, 2).is_empty());
        assert_eq!(batch_ranges(5, 2), vec![std::ops::Range { start: 0, end: 5 }]);
        for (n, threads) in [(10_000, 2), (1_000, 8), (129, 1), (100_003, 4)] {
            let ranges = batch_ranges(n, threads);
            let mut next = 0;
            for r in &ranges {
                assert_eq!(r.start, next);
                assert!(!r.is_empty() && r.len() <= 128);
                next = r.end;
            }
            assert_eq!(next, n);
            let sizes: Vec<usize> = ranges.iter().map(|r| r.len()).collect();
            assert!(sizes.windows(2).all(|w| w[0] >= w[1] || w[1] == *sizes.last().unwrap()));
            assert!(*sizes.last().unwrap() <= 16, "{n}: {sizes:?}");
        }
        assert_eq!(batch_ranges(10_000, 2)[0].len(), 128);
    }

    #[test]
    fn index_does_not_depend_on_how_the_documents_are_batched() {
        // The vocabulary is numbered in document order whatever the batches: many small
        // documents (several batches) give what one batch per document would.
        let docs: Vec<[String; FIELD_COUNT]> =
            (0..300).map(|i| doc(&format!("t{}", i % 7), &format!("w{} w{}", i, i % 13))).collect();
        let ix = index(&docs);
        let mut expected = Vec::new();
        for d in &docs {
            for f in d {
                for w in f.split_whitespace() {
                    let w = w.to_lowercase();
                    if !expected.contains(&w) {
                        expected.push(w);
                    }
                }
            }
        }
        let surfaces: Vec<&str> = ix.surfaces.iter().map(|(w, _)| &**w).collect();
        assert_eq!(surfaces, expected);
    }

    #[test]
    fn inverts_and_stems() {
        let ix = index(&[
            doc("Security delivery", "We deliver securely."),
            doc("Other", "Deliveries of security tools. 安全交付"),
            doc("Nothing", "x"),
        ]);
        assert_eq!(ix.docs, 3);
        assert_eq!(stem(&ix, "secur").docs, [0, 1]);
        assert_eq!(stem(&ix, "deliveri").docs, [0, 1]);
        assert_eq!(stem(&ix, "安全").docs, [1]);
        // A title match weighs more than a body match.
        let s = stem(&ix, "secur");
        assert!(s.impacts[0] > s.impacts[1], "{:?}", s.impacts);
        // Surfaces map to their stems.
        let surface = |w: &str| ix.surfaces.iter().find(|(s, _)| &**s == w).unwrap().1;
        assert_eq!(surface("securely"), surface("security"));
        assert!(ix.avg_len[0] >= 1.0);
    }

    #[test]
    fn vocab_numbers_words_in_order_and_tells_them_apart() {
        // Every word of up to 5 letters over a small alphabet (1 to 10 bytes), and longer
        // ones: equal keys of [`small_key`] must mean equal words.
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> =
                words.iter().flat_map(|w| ['a', 'b', 'é'].map(|c| format!("{w}{c}"))).collect();
            words.extend(longer);
        }
        words.retain(|w| !w.is_empty());
        words.extend((0..50).map(|i| format!("{}{i}", "x".repeat(i % 30))));
        words.sort();
        words.dedup();
        let mut v = Vocab::default();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(v.id(w), i as u32, "{w:?}");
        }
        for (i, w) in words.iter().enumerate().rev() {
            assert_eq!(v.id(w), i as u32, "{w:?}");
        }
        assert_eq!(v.into_words().iter().map(|w| w.to_string()).collect::<Vec<_>>(), words);
    }

    #[test]
    fn idf_falls_with_document_frequency() {
        assert!(idf(100, 1) > idf(100, 10));
        assert!(idf(100, 10) > idf(100, 100));
        assert_eq!(idf(100, 100), 5);
        assert_eq!(quantize(0.0), 1);
        for x in [0.0, 0.49999999999999994, 0.5, 1.5, 2.5, 62.49999999999999, 62.5, 63.0, 1e-300] {
            assert_eq!(round_half_up(x), x.round() as u8, "{x}");
        }
        for i in 0..=64_000 {
            let x = f64::from(i) / 1000.0;
            assert_eq!(round_half_up(x), x.round() as u8, "{x}");
        }
        assert_eq!(round_half_up(f64::NAN), f64::NAN.round() as u8);
        assert_eq!(quantize(1e9), MAX_IMPACT);
    }

    #[test]
    fn same_input_same_index_whatever_the_batching() {
        let docs: Vec<[String; FIELD_COUNT]> = (0..100)
            .map(|i| doc(&format!("t{i}"), &format!("w{} w{} common", i % 7, i % 3)))
            .collect();
        let a = index(&docs);
        let b = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| index(&docs));
        let flat = |ix: &Index| {
            let mut v: Vec<(String, Vec<u32>, Vec<u8>, u32)> = ix
                .stems
                .iter()
                .map(|s| (s.text.to_string(), s.docs.clone(), s.impacts.clone(), s.idf))
                .collect();
            v.sort();
            v
        };
        assert_eq!(flat(&a), flat(&b));
    }
}

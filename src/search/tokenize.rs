//! The tokeniser shared by the index (this file) and the browser
//! (`themes/default/static/assets/search.js`, function `tokenize`).
//!
//! Both sides run the same three steps, in this order:
//!
//! 1. **Normalise**: Unicode NFKC (`String.prototype.normalize("NFKC")` in the browser),
//!    then lowercase (full Unicode lowercase mapping, `toLowerCase()` in the browser). NFKC
//!    folds full-width letters (`ＤｅｖＯｐｓ`), ligatures (`ﬁ`) and compatibility
//!    ideographs onto their plain forms.
//! 2. **Split** into runs of characters. A Han character (the ranges of [`is_cjk`]) belongs
//!    to a CJK run; any other alphabetic or numeric character (`char::is_alphanumeric`,
//!    `[\p{Alphabetic}\p{N}]` in the browser) belongs to a word run; everything else
//!    separates runs. Code points are counted, not UTF-16 units.
//! 3. **Emit** one [`Token::Word`] per word run of at most [`MAX_WORD`] characters (longer
//!    runs, such as hashes, are dropped), and for a CJK run its overlapping bigrams
//!    (`安全交付` → `安全`, `全交`, `交付`), or the character itself for a run of one.
//!
//! The browser stops there: it looks the *surface forms* up in the term dictionary, which
//! maps every surface form seen in the corpus to its stem (see [`super`]). Only the index
//! stems, with the Snowball English stemmer ([`Stemmer`]); CJK tokens are not stemmed.
//! So the two sides agree as long as steps 1–3 agree, which `tests/it/search/node.rs` checks by
//! running `search.js` in Node over a table of inputs and the text of every case study.
//!
//! [`tokens`] is the reference implementation of the three steps. The index calls
//! [`for_each_surface`], which gives the same tokens but reads the rendered HTML directly
//! and, for text the normaliser would leave alone (ASCII, typographic punctuation, Han
//! ideographs: nearly every body), lowercases and splits in one pass without copies; the
//! unit tests hold it to the reference.

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::render::is_cjk;

/// Longest word kept, in characters. Longer runs are identifiers, hashes or base64 blobs,
/// never what a reader types.
pub const MAX_WORD: usize = 40;

/// One token of normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token<'a> {
    /// A run of letters and digits (stemmed by the index).
    Word(&'a str),
    /// A CJK bigram, or a single CJK character that stands alone.
    Cjk(&'a str),
}

impl<'a> Token<'a> {
    /// The surface form: what the browser looks up.
    pub fn text(self) -> &'a str {
        match self {
            Token::Word(s) | Token::Cjk(s) => s,
        }
    }
}

/// Step 1: NFKC, then lowercase. Borrows when the text is already normalised lowercase
/// ASCII-free of capitals (the common case for body text is one allocation).
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        // ASCII is always NFKC; lowercase only when needed.
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(text.to_ascii_lowercase());
        }
        return Cow::Borrowed(text);
    }
    if let Some(lower) = lowercase_if_stable(text) {
        return Cow::Owned(lower);
    }
    let nfkc = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
    Cow::Owned(lowercase(&nfkc))
}

/// Characters that NFKC leaves alone whatever surrounds them and that have no case: the
/// typographic punctuation of English prose, CJK punctuation and unified ideographs. Text
/// made of ASCII and these needs no normaliser (checked against it in the tests).
fn is_stable(c: char) -> bool {
    matches!(
        c as u32,
        0x2010 | 0x2013 | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2022 | 0xB7
            | 0xA7 | 0xA9 | 0xAE | 0xB0 | 0xD7
            | 0x3001 | 0x3002 | 0x300A..=0x3011
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2A6DF
    )
}

/// Appends the run of ASCII characters of `text` from byte `i`, lowercased, to `out`;
/// returns where the run ends.
fn push_ascii_lowercase(text: &str, mut i: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    let at = out.len();
    out.push_str(&text[start..i]);
    out.as_mut_str()[at..].make_ascii_lowercase();
    i
}

/// Lowercases text of ASCII and [`is_stable`] characters in one pass; `None` when the
/// text has any other character (then the normaliser must run).
fn lowercase_if_stable(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        i = push_ascii_lowercase(text, i, &mut out);
        if let Some(c) = text[i..].chars().next() {
            if !is_stable(c) {
                return None;
            }
            out.push(c);
            i += c.len_utf8();
        }
    }
    Some(out)
}

/// `str::to_lowercase`, faster on text that is mostly ASCII (the standard library falls
/// back to one character at a time after the first non-ASCII character).
fn lowercase(text: &str) -> String {
    if text.contains('Σ') {
        // Only capital sigma lowercases by context (word-final ς); leave it to std.
        return text.to_lowercase();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        i = push_ascii_lowercase(text, i, &mut out);
        if let Some(c) = text[i..].chars().next() {
            out.extend(c.to_lowercase());
            i += c.len_utf8();
        }
    }
    out
}

/// Steps 2 and 3 over text that is already [`normalize`]d: calls `emit` for every token in
/// order.
pub fn for_each_token<'a>(normalized: &'a str, mut emit: impl FnMut(Token<'a>)) {
    let bytes = normalized.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                i = word_run(normalized, i, &mut emit);
            } else {
                i += 1;
            }
            continue;
        }
        let c = normalized[i..].chars().next().expect("i is a char boundary");
        if is_cjk(c) {
            i = cjk_run(normalized, i, &mut emit);
        } else if c.is_alphanumeric() {
            i = word_run(normalized, i, &mut emit);
        } else {
            i += c.len_utf8();
        }
    }
}

/// Emits the word run starting at byte `start`; returns the byte just past it.
fn word_run<'a>(text: &'a str, start: usize, emit: &mut impl FnMut(Token<'a>)) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut chars = 0;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            end += 1;
        } else {
            let c = text[end..].chars().next().expect("end is a char boundary");
            if is_cjk(c) || !c.is_alphanumeric() {
                break;
            }
            end += c.len_utf8();
        }
        chars += 1;
    }
    if chars <= MAX_WORD {
        emit(Token::Word(&text[start..end]));
    }
    end
}

/// Emits the bigrams (or the single character) of the CJK run starting at byte `start`;
/// returns the byte just past it.
fn cjk_run<'a>(text: &'a str, start: usize, emit: &mut impl FnMut(Token<'a>)) -> usize {
    let mut prev: Option<usize> = None;
    let mut end = start;
    for (off, c) in text[start..].char_indices() {
        if !is_cjk(c) {
            break;
        }
        let at = start + off;
        if let Some(p) = prev {
            emit(Token::Cjk(&text[p..at + c.len_utf8()]));
        }
        prev = Some(at);
        end = at + c.len_utf8();
    }
    let first_len = text[start..].chars().next().map_or(0, char::len_utf8);
    if end == start + first_len {
        emit(Token::Cjk(&text[start..end]));
    }
    end
}

/// How the fast path of [`for_each_surface`] treats a non-ASCII character: `Some(true)`
/// for a character that is a token character after normalisation and unchanged by it (a
/// stable Han ideograph), `Some(false)` for one that only ever separates tokens (stable
/// punctuation, and characters whose NFKC form is punctuation or spaces: `…` → `...`,
/// full-width `，` → `,`, no-break and ideographic spaces), `None` when the normaliser must
/// run. The tests check each class against the reference path.
fn fast_class(c: char) -> Option<bool> {
    if is_stable(c) {
        return Some(is_cjk(c));
    }
    match c as u32 {
        0xA0
        | 0x2002..=0x200A
        | 0x2011
        | 0x2026
        | 0x3000
        | 0xFF01
        | 0xFF08
        | 0xFF09
        | 0xFF0C
        | 0xFF1A
        | 0xFF1B
        | 0xFF1F => Some(false),
        _ => None,
    }
}

/// True when `input` (HTML when `html`) has a character the fast path cannot take.
fn needs_normalizer(input: &str, html: bool) -> bool {
    let b = input.as_bytes();
    let mut i = 0;
    loop {
        i = skip_plain_ascii(b, i, html);
        if i >= b.len() {
            return false;
        }
        if b[i] == b'&' {
            match super::text::decode_entity(&input[i..]) {
                Some((c, used)) => {
                    if !c.is_ascii() && fast_class(c).is_none() {
                        return true;
                    }
                    i += used;
                }
                None => i += 1,
            }
            continue;
        }
        let c = input[i..].chars().next().expect("i is a char boundary");
        if fast_class(c).is_none() {
            return true;
        }
        i += c.len_utf8();
    }
}

/// The first index from `i` whose byte is not ASCII, or is `&` when `html` (the length
/// of `b` if none is): ASCII is skipped eight bytes at a time.
fn skip_plain_ascii(b: &[u8], mut i: usize, html: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("a chunk of 8 bytes"));
        // A zero byte in `amp` is a `&` in `w` (the usual has-a-zero-byte test).
        let amp = w ^ (ONES * u64::from(b'&'));
        let amps = if html { amp.wrapping_sub(ONES) & !amp & HIGH } else { 0 };
        if (w & HIGH) | amps != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 && !(html && b[i] == b'&') {
        i += 1;
    }
    i
}

/// Calls `emit` with every surface form of a field: plain text, or HTML when `html` (tags
/// skipped, character references decoded, as [`super::text::html_to_text`] does). The same
/// tokens as `for_each_token(&normalize(text))`, but text made of ASCII and characters of
/// `fast_class` (nearly every English body) is lowercased and split in one pass, without
/// copies.
pub fn for_each_surface(input: &str, html: bool, mut emit: impl FnMut(&str)) {
    if needs_normalizer(input, html) {
        let text =
            if html { Cow::Owned(super::text::html_to_text(input)) } else { Cow::Borrowed(input) };
        for_each_token(&normalize(&text), |t| emit(t.text()));
        return;
    }
    let b = input.as_bytes();
    let mut run = Runs { word: String::new(), chars: 0, prev: None, cjk: 0, pair: String::new() };
    // The word being read is `input[word_start..i]` as long as it needs no change
    // (lowercase ASCII, no character references); else it is copied into `run.word`.
    let mut word_start = usize::MAX;
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        if is_plain_word_byte(byte) {
            // A run of lowercase letters and digits, read in one go.
            let start = i;
            i = plain_run_end(b, i + 1);
            if run.chars == 0 {
                run.end_cjk(&mut emit);
                word_start = start;
            }
            if word_start == usize::MAX {
                run.word.push_str(&input[start..i]);
            }
            run.chars += i - start;
            continue;
        }
        let at = i;
        let c = if byte < 0x80 {
            if html && byte == b'<' {
                end_word(input, &mut run, &mut word_start, at, &mut emit);
                run.end_cjk(&mut emit);
                i += super::text::tag_len(&b[i..]);
                continue;
            }
            if html && byte == b'&' {
                match super::text::decode_entity(&input[i..]) {
                    Some((c, used)) => {
                        i += used;
                        c
                    }
                    None => {
                        i += 1;
                        '&'
                    }
                }
            } else {
                i += 1;
                byte as char
            }
        } else {
            let c = input[i..].chars().next().expect("i is a char boundary");
            i += c.len_utf8();
            c
        };
        if c.is_ascii_alphanumeric() {
            // An upper-case letter or a reference: the word must be copied.
            if run.chars == 0 {
                run.end_cjk(&mut emit);
                run.word.clear();
            } else if word_start != usize::MAX {
                run.word.clear();
                run.word.push_str(&input[word_start..at]);
            }
            word_start = usize::MAX;
            run.word.push(c.to_ascii_lowercase());
            run.chars += 1;
        } else if !c.is_ascii() && is_cjk(c) {
            end_word(input, &mut run, &mut word_start, at, &mut emit);
            run.push_cjk(c, &mut emit);
        } else {
            end_word(input, &mut run, &mut word_start, at, &mut emit);
            run.end_cjk(&mut emit);
        }
    }
    end_word(input, &mut run, &mut word_start, b.len(), &mut emit);
    run.end_cjk(&mut emit);
}

/// Lowercase ASCII letters and digits: the bytes the fast path of [`for_each_surface`]
/// keeps as they are (a table, as this is the test of nearly every byte of a body).
fn is_plain_word_byte(b: u8) -> bool {
    const PLAIN: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = b.is_ascii_lowercase() || b.is_ascii_digit();
            i += 1;
        }
        t
    };
    PLAIN[usize::from(b)]
}

/// The end of the run of [`is_plain_word_byte`] bytes from `i`: eight bytes at a time
/// while eight are left, as most words end within the first eight.
fn plain_run_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("a chunk of 8 bytes"));
        // Per byte, on its low 7 bits (so that no sum carries into the next byte): the
        // high bit of `low + (0x80 - c)` is set when `low >= c`.
        let low = w & !HIGH;
        let at_least = |c: u8| (low + ONES * u64::from(0x80 - c)) & HIGH;
        let letter = at_least(b'a') & !at_least(b'z' + 1);
        let digit = at_least(b'0') & !at_least(b'9' + 1);
        let other = !((letter | digit) & !w) & HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && is_plain_word_byte(b[i]) {
        i += 1;
    }
    i
}

/// Emits the word that ends at byte `end`, from the input when it was not copied.
fn end_word(
    input: &str,
    run: &mut Runs,
    word_start: &mut usize,
    end: usize,
    emit: &mut impl FnMut(&str),
) {
    if run.chars > 0 && run.chars <= MAX_WORD {
        if *word_start != usize::MAX {
            emit(&input[*word_start..end]);
        } else {
            emit(&run.word);
        }
    }
    run.word.clear();
    run.chars = 0;
    *word_start = usize::MAX;
}

/// The state of the fast path: the copied word, its length, and the CJK run being read.
struct Runs {
    word: String,
    chars: usize,
    prev: Option<char>,
    cjk: usize,
    pair: String,
}

impl Runs {
    fn push_cjk(&mut self, c: char, emit: &mut impl FnMut(&str)) {
        if let Some(p) = self.prev {
            self.pair.clear();
            self.pair.push(p);
            self.pair.push(c);
            emit(&self.pair);
        }
        self.prev = Some(c);
        self.cjk += 1;
    }

    /// Ends the CJK run, if any: called at every separator, so the check is inlined.
    #[inline]
    fn end_cjk(&mut self, emit: &mut impl FnMut(&str)) {
        if self.cjk != 0 {
            self.flush_cjk(emit);
        }
    }

    fn flush_cjk(&mut self, emit: &mut impl FnMut(&str)) {
        if self.cjk == 1
            && let Some(p) = self.prev
        {
            self.pair.clear();
            self.pair.push(p);
            emit(&self.pair);
        }
        self.prev = None;
        self.cjk = 0;
    }
}

/// Normalises and splits `text`: the surface forms in order, as owned strings (for tests
/// and for the browser agreement check; the index uses [`for_each_surface`]).
pub fn tokens(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let mut out = Vec::new();
    for_each_token(&norm, |t| out.push(t.text().to_string()));
    out
}

/// The Snowball English stemmer (Porter 2), applied to word tokens only.
pub struct Stemmer(rust_stemmers::Stemmer);

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(English)")
    }
}

impl Default for Stemmer {
    fn default() -> Stemmer {
        Stemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
    }
}

impl Stemmer {
    /// The stem of a token: Snowball English for words, the token itself for CJK.
    pub fn stem<'a>(&self, token: Token<'a>) -> Cow<'a, str> {
        match token {
            Token::Word(w) => self.0.stem(w),
            Token::Cjk(s) => Cow::Borrowed(s),
        }
    }

    /// The stem of a surface form, telling words from CJK tokens by their first character.
    pub fn stem_surface<'a>(&self, surface: &'a str) -> Cow<'a, str> {
        match surface.chars().next() {
            Some(c) if is_cjk(c) => Cow::Borrowed(surface),
            _ => self.0.stem(surface),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn english_is_folded_and_split() {
        assert_eq!(
            toks("ICBC's DevSecOps result (YD/T 3763-2021): Level 2+!"),
            ["icbc", "s", "devsecops", "result", "yd", "t", "3763", "2021", "level", "2"]
        );
        assert_eq!(toks("Café naïve"), ["café", "naïve"]);
        // NFKC: full-width letters, ligatures, circled and superscript digits.
        assert_eq!(toks("ＤｅｖＯｐｓ ﬁnance ① x²"), ["devops", "finance", "1", "x2"]);
        assert_eq!(toks("STRASSE Straße"), ["strasse", "straße"]);
    }

    #[test]
    fn chinese_is_split_into_bigrams() {
        assert_eq!(toks("安全交付"), ["安全", "全交", "交付"]);
        assert_eq!(toks("安"), ["安"]);
        assert_eq!(toks("的，安全。"), ["的", "安全"]);
        assert!(toks("，。！").is_empty());
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        assert_eq!(
            toks("DevOps能力成熟度模型 Level3级"),
            ["devops", "能力", "力成", "成熟", "熟度", "度模", "模型", "level3", "级"]
        );
        assert_eq!(toks("银行ICBC银行"), ["银行", "icbc", "银行"]);
    }

    #[test]
    fn stable_characters_are_left_alone_by_nfkc_and_lowercase() {
        let nfkc = ComposingNormalizerBorrowed::new_nfkc();
        let mut checked = 0;
        for c in (0..=0x2FFFFu32).filter_map(char::from_u32).filter(|&c| is_stable(c)) {
            let s = c.to_string();
            assert_eq!(nfkc.normalize(&s), s.as_str(), "U+{:04X}", c as u32);
            assert_eq!(s.to_lowercase(), s, "U+{:04X}", c as u32);
            // Not the second half of a canonical composition either.
            assert_eq!(nfkc.normalize(&format!("a{c}")), format!("a{c}"), "U+{:04X}", c as u32);
            checked += 1;
        }
        assert!(checked > 60_000);
        let text = "ICBC’s “DevSecOps” — 安全交付。《标准》 A·B";
        assert_eq!(normalize(text), lowercase(&nfkc.normalize(text)));
        assert!(lowercase_if_stable("x…").is_none());
    }

    /// The reference path: what the browser does to the text of the page.
    fn reference(input: &str, html: bool) -> Vec<String> {
        let text = if html { super::super::text::html_to_text(input) } else { input.to_string() };
        tokens(&text)
    }

    fn fast(input: &str, html: bool) -> Vec<String> {
        let mut out = Vec::new();
        for_each_surface(input, html, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn the_fast_path_gives_the_reference_tokens() {
        let inputs = [
            "ICBC’s “DevSecOps” result — Level 2… and 安全交付。《标准》 A·B",
            "<p>Hello <b>World</b>&amp;friends &#39;quoted&#39; &#x4e2d;&#25991; 安全<i>交付</i></p>",
            "<script>var SECRET=1;</script><p>x&nbsp;y</p><STYLE>p{}</STYLE>z",
            "a\u{a0}b\u{2003}c\u{3000}d，e（f）g：h！i？j\u{2011}k",
            "安 全，交付 单",
            "Ünïcödé needs the normaliser ＡＢＣ ﬁ",
            "&bogus; & &#xZZ; < no tag",
            "<p>AT&amp;T &#65;BC a&#66;c abc&#68; MiXeD lower UPPER 42x x42 &#x5b89;&#x5168;</p>",
            "word<b>split</b>by tags and<br>breaks",
            &"a".repeat(45),
        ];
        for input in inputs {
            for html in [false, true] {
                assert_eq!(fast(input, html), reference(input, html), "{input:?} html={html}");
            }
        }
        // Every separator-class character separates, next to anything.
        for cp in [
            0xA0u32, 0x2002, 0x200A, 0x2011, 0x2026, 0x3000, 0xFF01, 0xFF08, 0xFF09, 0xFF0C,
            0xFF1A, 0xFF1B, 0xFF1F, 0x2014, 0x3002,
        ] {
            let c = char::from_u32(cp).unwrap();
            for text in
                [format!("ab{c}cd"), format!("安{c}全"), format!("{c}{c}x"), format!("x{c}")]
            {
                assert_eq!(fast(&text, false), reference(&text, false), "U+{cp:04X} in {text:?}");
                assert!(!needs_normalizer(&text, false), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn skips_plain_ascii_at_any_offset() {
        let text = "plain text & more, then ünïcode and plain again".repeat(3);
        let b = text.as_bytes();
        for html in [false, true] {
            for start in 0..b.len() {
                let want = (start..b.len())
                    .find(|&i| b[i] >= 0x80 || (html && b[i] == b'&'))
                    .unwrap_or(b.len());
                assert_eq!(skip_plain_ascii(b, start, html), want, "{start} {html}");
            }
        }
    }

    #[test]
    fn finds_the_end_of_plain_runs_at_any_offset() {
        let mut bytes: Vec<u8> = (0..=255u8).collect();
        bytes.extend(b"abcdefghijklmnopqrstuvwxyz0123456789 word12 z9a0-`{/:@[ ");
        bytes.extend((0..=255u8).rev());
        bytes.extend(b"tail");
        for start in 0..bytes.len() {
            let want = (start..bytes.len())
                .find(|&i| !(bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit()))
                .unwrap_or(bytes.len());
            assert_eq!(plain_run_end(&bytes, start), want, "from {start}");
        }
    }

    #[test]
    fn lowercase_matches_std() {
        for t in ["ÀÉÎ ASCII İstanbul ǅ ΣΊΣΥΦΟΣ Ὀδυσσεύς", "MIXED Ünïcödé and ASCII ＡＢＣ"]
        {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn long_runs_are_dropped() {
        let long = "a".repeat(MAX_WORD + 1);
        let ok = "b".repeat(MAX_WORD);
        assert_eq!(toks(&format!("x {long} {ok} y")), ["x", ok.as_str(), "y"]);
    }

    #[test]
    fn stems_words_not_cjk() {
        let s = Stemmer::default();
        assert_eq!(s.stem(Token::Word("deliveries")), "deliveri");
        assert_eq!(s.stem(Token::Word("security")), "secur");
        assert_eq!(s.stem(Token::Word("securing")), "secur");
        assert_eq!(s.stem(Token::Cjk("安全")), "安全");
        assert_eq!(s.stem_surface("交付"), "交付");
        assert_eq!(s.stem_surface("testing"), "test");
    }
}

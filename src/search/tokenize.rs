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
//! So the two sides agree as long as steps 1–3 agree, which `tests/it/search.rs` checks by
//! running `search.js` in Node over a table of inputs and the text of every case study.

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;

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

/// True for the Han characters that are split into bigrams: CJK Unified Ideographs and
/// their extensions A to F, and compatibility ideographs (the same ranges as the word
/// count of [`crate::markdown::count_words`]).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
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
    let nfkc = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
    Cow::Owned(nfkc.to_lowercase())
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

/// Normalises and splits `text`: the surface forms in order, as owned strings (for tests
/// and for the browser agreement check; the index uses [`for_each_token`]).
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

//! Plain-text measures of a document: the word count (CJK characters count one each), the
//! first-paragraph excerpt, `is_cjk` and `shorten`. It does not render HTML.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Counts words and keeps the first paragraph's text for the excerpt.
#[derive(Default)]
pub(super) struct TextStats {
    pub(super) words: usize,
    first_paragraph: String,
    depth: usize,
    in_first: bool,
    done_first: bool,
    in_heading: bool,
}

impl TextStats {
    pub(super) fn observe(&mut self, e: &Event<'_>) {
        match e {
            Event::Start(Tag::Heading { .. }) => self.in_heading = true,
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Start(Tag::Paragraph)
                if !self.done_first && !self.in_heading && self.depth == 0 =>
            {
                self.in_first = true;
            }
            Event::End(TagEnd::Paragraph) if self.in_first => {
                self.in_first = false;
                self.done_first = true;
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_)) => self.depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Table) => {
                self.depth = self.depth.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) => {
                self.words += count_words(t);
                if self.in_first {
                    self.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.in_first => self.first_paragraph.push(' '),
            _ => {}
        }
    }

    /// True once the first paragraph (the excerpt's source) has ended.
    pub(super) fn first_paragraph_done(&self) -> bool {
        self.done_first
    }

    pub(super) fn excerpt(&self) -> String {
        shorten(self.first_paragraph.trim(), 240)
    }
}

/// Counts whitespace-separated words; each CJK character counts as a word of its own.
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        // Most text is ASCII: classify bytes through a table, without branches.
        let mut words = 0;
        let mut in_word = false;
        for &b in text.as_bytes() {
            let class = ASCII_TEXT_CLASSES[usize::from(b)];
            words += usize::from(class == WORD && !in_word);
            in_word = class == WORD || (in_word && class != SPACE);
        }
        return words;
    }
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            let class = OTHER_TEXT_CLASSES[usize::from(b)];
            words += usize::from(class == WORD && !in_word);
            in_word = class == WORD || (in_word && class != SPACE);
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        if is_cjk(c) {
            words += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
        i += c.len_utf8();
    }
    words
}

/// Byte classes for [`count_words`]: a letter or digit, a separator, or neither.
const WORD: u8 = 1;
const SPACE: u8 = 2;

/// Classes of ASCII bytes in all-ASCII text (separators as in `u8::is_ascii_whitespace`),
/// and in text with other characters too (as in `char::is_whitespace`, which adds U+000B).
/// The difference is old and kept, so that word counts stay what they were.
const ASCII_TEXT_CLASSES: [u8; 256] = byte_classes(false);
const OTHER_TEXT_CLASSES: [u8; 256] = byte_classes(true);

const fn byte_classes(vertical_tab_separates: bool) -> [u8; 256] {
    let mut classes = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            classes[b] = WORD;
        } else if byte.is_ascii_whitespace() || (byte == 0x0b && vertical_tab_separates) {
            classes[b] = SPACE;
        }
        b += 1;
    }
    classes
}

/// True for the Han characters that count as one word each here and that the search
/// tokenizer splits into bigrams: CJK Unified Ideographs and their extensions A to F, and
/// compatibility ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Shortens text to at most `max` characters at a word boundary, adding an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    // Where character `max` starts, if the text has more than `max` characters.
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut = &text[..end];
    let at = cut.rfind(char::is_whitespace).filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word counting as first written, character by character.
    fn count_words_reference(text: &str) -> usize {
        let mut words = 0;
        let mut in_word = false;
        for c in text.chars() {
            let space = if text.is_ascii() { c.is_ascii_whitespace() } else { c.is_whitespace() };
            if is_cjk(c) {
                words += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if space {
                in_word = false;
            }
        }
        words
    }

    #[test]
    fn word_count_matches_the_reference() {
        for text in [
            "",
            "one",
            "  two words  ",
            "it's a-b c_d e.f 3.14 (x)",
            "tab\tnl\ncr\rff\u{c}vt\u{b}end",
            "vt\u{b}with é",
            "smart ‘quotes’ and “more” — dashes…",
            "Straße ü-ber\u{a0}x\u{3000}y 第2期安全 交付",
            "𠀀𠀁 emoji 🙂 word",
        ] {
            assert_eq!(count_words(text), count_words_reference(text), "{text:?}");
        }
    }
}

//! Text without font metrics: estimated widths (from DejaVu Sans' advance widths, so
//! estimates err wide; CJK counts as 1 em), labels wrapped into lines (never cut), XML
//! escaping, compact coordinates and element ids.
//!
//! It owns measuring and escaping text; it writes no elements (see `svg`).

use std::fmt::{self, Display};

/// Advance widths of ASCII `' '..='~'` in em, measured in DejaVu Sans (the common Linux
/// fallback and wider than Segoe UI, San Francisco or Roboto, so estimates err wide).
#[allow(clippy::approx_constant, reason = "measured glyph widths; 0.318 is not 1/π")]
pub(super) const ASCII_EM: [f64; 95] = [
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
    0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.709, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752,
    0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.595, 0.732,
    0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55,
    0.635, 0.615, 0.344, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635,
    0.635, 0.395, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636,
    0.838,
];

/// Estimated advance width of `c`, in em.
pub(super) fn char_em(c: char) -> f64 {
    match c {
        ' '..='~' => ASCII_EM[c as usize - 0x20],
        c if is_wide(c) || c == '…' || c == '—' => 1.0,
        _ => 0.65,
    }
}

/// East Asian wide and full-width characters (CJK, Hangul, full-width forms).
pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated width of `text` at font size `size`.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// A label as drawn: its lines (one, or several when it was wrapped to a width), never
/// cut short, with the estimated width of its widest line.
#[derive(Debug, Clone)]
pub(super) struct Fitted {
    pub(super) lines: Vec<String>,
    pub(super) width: f64,
}

impl Fitted {
    /// `text` wrapped into lines at most `max_width` wide (see [`wrap`]).
    pub(super) fn wrap(text: &str, size: f64, max_width: f64) -> Fitted {
        let lines = wrap(text, size, max_width);
        let width = lines.iter().map(|l| text_width(l, size)).fold(0.0, f64::max);
        Fitted { lines, width }
    }

    /// How many lines the label takes (at least 1).
    pub(super) fn rows(&self) -> usize {
        self.lines.len().max(1)
    }

    /// The whole text on one line.
    pub(super) fn joined(&self) -> String {
        self.lines.join(" ")
    }
}

/// `text` as drawn in full on one line, with its estimated width.
pub(super) fn plain(text: &str, size: f64) -> Fitted {
    Fitted { lines: vec![text.to_string()], width: text_width(text, size) }
}

/// Breaks `text` into lines at most `max_width` wide at font size `size`: between words,
/// and between any two CJK characters (which take no spaces). Nothing is ever dropped: a
/// single word wider than the line is broken between characters, without a hyphen. An
/// empty text is one empty line.
pub(super) fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let max = max_width.max(size);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for (piece, spaced) in pieces(text) {
        let space = spaced && !line.is_empty();
        let gap = if space { char_em(' ') * size } else { 0.0 };
        let w = text_width(&piece, size);
        if !line.is_empty() && used + gap + w > max {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        } else if space {
            line.push(' ');
            used += gap;
        }
        for c in piece.chars() {
            let cw = char_em(c) * size;
            if !line.is_empty() && used + cw > max {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += cw;
        }
    }
    lines.push(line);
    lines
}

/// The units [`wrap`] keeps together, each with whether a space came before it: words,
/// and single wide (CJK) characters with any closing punctuation that follows them.
fn pieces(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let (mut word, mut spaced) = (String::new(), false);
    let flush = |out: &mut Vec<(String, bool)>, word: &mut String, spaced: &mut bool| {
        if !word.is_empty() {
            out.push((std::mem::take(word), *spaced));
            *spaced = false;
        }
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut out, &mut word, &mut spaced);
            spaced = true;
        } else if is_closing(c) && word.is_empty() && !spaced && !out.is_empty() {
            // CJK closing punctuation never starts a line.
            if let Some(last) = out.last_mut() {
                last.0.push(c);
            }
        } else if is_wide(c) {
            flush(&mut out, &mut word, &mut spaced);
            word.push(c);
            if !is_opening(c) {
                flush(&mut out, &mut word, &mut spaced);
            }
        } else {
            word.push(c);
        }
    }
    flush(&mut out, &mut word, &mut spaced);
    out
}

/// Punctuation that must not start a line (、。，）」 and the like).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
    )
}

/// Punctuation that must not end a line (（「 and the like).
fn is_opening(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘')
}

/// Escapes text for element content and attribute values (with the one HTML escaper,
/// [`crate::render::escape_html`]), after turning line breaks and tabs into spaces and
/// dropping characters XML 1.0 does not allow.
pub(super) struct Esc<'a>(pub(super) &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text: String = self
            .0
            .chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => None,
                c => Some(c),
            })
            .collect();
        f.write_str(&crate::render::escape_html(&text))
    }
}

/// A coordinate with at most one decimal (`12`, `12.5`, never `-0` or `NaN`).
pub(super) struct N(pub(super) f64);

impl Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = (self.0 * 10.0).round() / 10.0;
        if !r.is_finite() || r == 0.0 {
            f.write_str("0")
        } else if r.fract() == 0.0 {
            write!(f, "{r:.0}")
        } else {
            write!(f, "{r:.1}")
        }
    }
}

/// Ids are `[a-z0-9-]`; anything else becomes `-`, and an empty id becomes `chart`.
pub(super) fn sanitize_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
        .collect();
    if id.is_empty() { "chart".into() } else { id }
}

pub(super) fn fallback(text: &str, default: &str) -> String {
    if text.trim().is_empty() { default.to_string() } else { text.to_string() }
}

//! Text without font metrics: estimated widths (from DejaVu Sans' advance widths, so
//! estimates err wide; CJK counts as 1 em), labels fitted with an ellipsis, XML escaping,
//! compact coordinates and element ids.
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

/// A label as drawn: possibly cut short, with its estimated width.
#[derive(Debug, Clone)]
pub(super) struct Fitted {
    pub(super) text: String,
    pub(super) full: String,
    pub(super) width: f64,
}

impl Fitted {
    /// `text`, cut with an ellipsis to at most `max_chars` characters and `max_width`.
    pub(super) fn new(text: &str, size: f64, max_width: f64, max_chars: usize) -> Fitted {
        let width = text_width(text, size);
        if width <= max_width && text.chars().count() <= max_chars {
            return Fitted { text: text.to_string(), full: text.to_string(), width };
        }
        let budget = max_width - text_width("…", size);
        let (mut cut, mut used) = (String::new(), 0.0);
        for c in text.chars().take(max_chars.saturating_sub(1)) {
            let w = char_em(c) * size;
            if used + w > budget {
                break;
            }
            cut.push(c);
            used += w;
        }
        let cut = format!("{}…", cut.trim_end());
        let width = text_width(&cut, size);
        Fitted { text: cut, full: text.to_string(), width }
    }

    pub(super) fn is_cut(&self) -> bool {
        self.text != self.full
    }
}

/// `text` as drawn in full, with its estimated width.
pub(super) fn plain(text: &str, size: f64) -> Fitted {
    Fitted { text: text.to_string(), full: text.to_string(), width: text_width(text, size) }
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

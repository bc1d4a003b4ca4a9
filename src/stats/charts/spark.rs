//! Sparkbars: the tiny results-per-year charts of term pages. Bars only, no legend and no
//! value axis, the first and last category below, an intrinsic size, and a description
//! that lists every value for screen readers.

use super::data::clean;
use super::scale::format_value;
use super::svg::{Head, TextAt, hline, hover_text, rect, text};
use super::text::{Fitted, N, fallback, sanitize_id};
use super::{PAD, SPARK_FONT};
use crate::site::strings::Strings;

/// A tiny chart for term pages (e.g. an institution's results per year): bars, no legend,
/// no value axis, the first and last category below, still accessible.
///
/// Unlike [`render_svg`](super::render_svg) it has an intrinsic `width`/`height` (a sparkline stretched to a
/// page's width would be meaningless); the theme lets it shrink on narrow screens. Every
/// category gets a bar (a faint stub for 0) with a hover title "title — category: value".
pub(crate) fn render_sparkbars(
    id: &str,
    title: &str,
    categories: &[String],
    values: &[f64],
    strings: &Strings,
) -> String {
    let values: Vec<f64> = (0..categories.len()).map(|i| clean(values.get(i).copied())).collect();
    let desc = spark_description(strings, categories, &values);
    let layout = SparkLayout::new(categories);
    let head =
        Head { id: sanitize_id(id), title: fallback(title, strings.text("chart.untitled")), desc };
    let mut out = String::with_capacity(512 + 128 * categories.len());
    let size = format!(r#"width="{}" height="{}""#, N(layout.width), N(SparkLayout::HEIGHT));
    head.open(&mut out, "sparkbars", layout.width, SparkLayout::HEIGHT, &size);
    let max = values.iter().copied().fold(0.0, f64::max);
    for (i, (cat, &v)) in categories.iter().zip(&values).enumerate() {
        let h = if max > 0.0 { v / max * SparkLayout::BARS } else { 0.0 };
        let (h, class) = if h > 0.0 { (h.max(1.0), "s s0 bar") } else { (1.5, "s s0 bar zero") };
        let x = layout.left + i as f64 * SparkLayout::STEP;
        let hover = hover_text(strings, &head.title, cat, v);
        rect(&mut out, class, x, PAD + SparkLayout::BARS - h, SparkLayout::BAR, h, Some(&hover));
    }
    let base = PAD + SparkLayout::BARS + 0.5;
    hline(&mut out, "axis", layout.left, layout.left + layout.inner, base);
    layout.draw_labels(&mut out, categories);
    out.push_str("</svg>");
    out
}

/// Geometry of a sparkbar chart.
pub(super) struct SparkLayout {
    pub(super) left: f64,
    pub(super) inner: f64,
    pub(super) width: f64,
}

impl SparkLayout {
    pub(super) const BAR: f64 = 10.0;
    pub(super) const STEP: f64 = 14.0;
    pub(super) const BARS: f64 = 30.0;
    pub(super) const LABEL_MAX: f64 = 72.0;
    pub(super) const HEIGHT: f64 = PAD + Self::BARS + 4.0 + SPARK_FONT + 2.0 + PAD;

    pub(super) fn new(categories: &[String]) -> SparkLayout {
        let n = categories.len();
        let inner = (n as f64 * Self::STEP - (Self::STEP - Self::BAR)).max(0.0);
        let label = |c: Option<&String>| {
            c.map_or(0.0, |c| Fitted::new(c, SPARK_FONT, Self::LABEL_MAX, 16).width)
        };
        let labels = match n {
            0 => 0.0,
            1 => label(categories.first()),
            _ => label(categories.first()) + label(categories.last()) + 8.0,
        };
        let content = inner.max(labels).max(24.0);
        let width = content + 2.0 * PAD;
        SparkLayout { left: PAD + (content - inner) / 2.0, inner, width }
    }

    pub(super) fn draw_labels(&self, out: &mut String, categories: &[String]) {
        let y = PAD + Self::BARS + 4.0 + SPARK_FONT - 1.0;
        let size = format!(r#" font-size="{}""#, N(SPARK_FONT));
        let fit = |c: &String| Fitted::new(c, SPARK_FONT, Self::LABEL_MAX, 16);
        match categories {
            [] => {}
            [only] => {
                let at = TextAt {
                    x: self.width / 2.0,
                    y,
                    class: "tick",
                    anchor: "middle",
                    extra: &size,
                };
                text(out, at, &fit(only));
            }
            [first, .., last] => {
                text(
                    out,
                    TextAt { x: PAD, y, class: "tick", anchor: "start", extra: &size },
                    &fit(first),
                );
                let at =
                    TextAt { x: self.width - PAD, y, class: "tick", anchor: "end", extra: &size };
                text(out, at, &fit(last));
            }
        }
    }
}

/// "2019: 1, 2020: 3." — every value, for screen readers.
pub(super) fn spark_description(
    strings: &Strings,
    categories: &[String],
    values: &[f64],
) -> String {
    if categories.is_empty() {
        return strings.text("chart.no_data_description").to_string();
    }
    let parts: Vec<String> =
        categories.iter().zip(values).map(|(c, v)| format!("{c}: {}", format_value(*v))).collect();
    format!("{}.", parts.join(", "))
}

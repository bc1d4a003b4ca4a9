//! Year bars: the small results-per-year charts of institution and module pages. One bar
//! per year with its value above and its year below, no legend and no value axis, an
//! intrinsic size in CSS pixels (the theme scrolls it rather than shrinking it on a narrow
//! screen, so its text never reads smaller than its 12 px), and a description that lists
//! every value for screen readers.

use super::PAD;
use super::data::clean;
use super::scale::format_value;
use super::svg::{Head, TextAt, hline, hover_text, rect, text};
use super::text::{N, fallback, plain, sanitize_id, text_width};
use crate::site::strings::Strings;

/// Font size of the year and value labels (CSS pixels: the chart is drawn at its size).
pub(super) const YEAR_FONT: f64 = 12.0;

/// A small bar chart for term pages (e.g. an institution's results per year): one bar per
/// category with its value written above it (0 too, over a faint stub) and its label
/// below, still accessible: a hover title "title — category: value" on every bar and a
/// description listing every value.
///
/// Unlike [`render_svg`](super::render_svg) it has an intrinsic `width`/`height`: a few
/// years stretched to a page's width would be mostly empty.
pub(crate) fn render_year_bars(
    id: &str,
    title: &str,
    categories: &[String],
    values: &[f64],
    strings: &Strings,
) -> String {
    let values: Vec<f64> = (0..categories.len()).map(|i| clean(values.get(i).copied())).collect();
    let desc = year_bars_description(strings, categories, &values);
    let layout = YearBars::new(categories, &values);
    let title = fallback(title, strings.text("chart.untitled"));
    let head = Head { id: sanitize_id(id), title, desc, variant: String::new() };
    let mut out = String::with_capacity(512 + 256 * categories.len());
    let size = format!(r#"width="{}" height="{}""#, N(layout.width), N(YearBars::HEIGHT));
    head.open(&mut out, "year-bars", layout.width, YearBars::HEIGHT, &size);
    let max = values.iter().copied().fold(0.0, f64::max);
    let value_size = format!(r#" font-size="{}""#, N(YEAR_FONT));
    out.push_str(r#"<g class="bars">"#);
    for (i, (cat, &v)) in categories.iter().zip(&values).enumerate() {
        let h = if max > 0.0 { v / max * YearBars::BARS } else { 0.0 };
        let (h, class) = if h > 0.0 { (h.max(1.0), "s s0 bar") } else { (1.5, "s s0 bar zero") };
        let centre = layout.centre(i);
        let top = YearBars::BASE - h;
        let hover = hover_text(strings, &head.title, cat, v);
        let x = centre - YearBars::BAR / 2.0;
        rect(&mut out, class, x, top, YearBars::BAR, h, Some(&hover));
        let at = TextAt {
            x: centre,
            y: top - 4.0,
            class: "value",
            anchor: "middle",
            extra: &value_size,
        };
        text(&mut out, at, &plain(&format_value(v), YEAR_FONT));
    }
    out.push_str("</g>");
    hline(&mut out, "axis", PAD, layout.width - PAD, YearBars::BASE + 0.5);
    out.push_str(r#"<g class="categories">"#);
    for (i, cat) in categories.iter().enumerate() {
        let y = YearBars::BASE + 4.0 + YEAR_FONT;
        let at =
            TextAt { x: layout.centre(i), y, class: "tick", anchor: "middle", extra: &value_size };
        text(&mut out, at, &plain(cat, YEAR_FONT));
    }
    out.push_str("</g></svg>");
    out
}

/// Geometry of a year-bars chart: one band per category, wide enough for its label and
/// its value.
pub(super) struct YearBars {
    pub(super) step: f64,
    pub(super) width: f64,
}

impl YearBars {
    pub(super) const BAR: f64 = 22.0;
    /// Narrowest band; a wider label or value widens every band.
    pub(super) const STEP: f64 = 38.0;
    /// Height of the tallest bar.
    pub(super) const BARS: f64 = 56.0;
    /// The bars' baseline: room above the tallest bar for its value.
    pub(super) const BASE: f64 = PAD + YEAR_FONT + 6.0 + Self::BARS;
    pub(super) const HEIGHT: f64 = Self::BASE + 4.0 + YEAR_FONT + 4.0 + PAD;

    pub(super) fn new(categories: &[String], values: &[f64]) -> YearBars {
        let widest = categories
            .iter()
            .map(|c| text_width(c, YEAR_FONT))
            .chain(values.iter().map(|v| text_width(&format_value(*v), YEAR_FONT)))
            .fold(0.0, f64::max);
        let step = Self::STEP.max(widest + 8.0);
        let width = (categories.len() as f64 * step).max(step) + 2.0 * PAD;
        YearBars { step, width }
    }

    /// The middle of category `i`'s band.
    pub(super) fn centre(&self, i: usize) -> f64 {
        PAD + self.step * (i as f64 + 0.5)
    }
}

/// "2019: 1, 2020: 3." — every value, for screen readers.
pub(super) fn year_bars_description(
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

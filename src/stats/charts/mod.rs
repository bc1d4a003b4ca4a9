//! Inline SVG charts for the statistics pages, drawn at build time.
//!
//! This module owns the drawing and nothing else: numbers in, one self-contained `<svg>`
//! element out, ready to embed in an HTML5 page. It does not compute statistics (the
//! statistics stage does), choose colours or fonts (the theme's `assets/charts.css` does,
//! through classes) or write files. There is no JavaScript and no dependency beyond `std`.
//! The few words a chart writes itself ("No data", "Others (N)", hover titles, a missing
//! title or description) come from the theme's string catalogue (`chart.*`), passed in as
//! a [`Strings`]; every other text arrives in the [`Chart`].
//!
//! What every chart gets:
//!
//! - Responsive sizing: each chart is drawn once per width of [`WIDTHS`] (a phone, a
//!   tablet or narrow window, a desktop card), each a `viewBox` that many units wide with
//!   `width="100%"` and the class `chart-w<width>`. The theme shows the one drawn for the
//!   width its container has, so that a chart fills its card and its text reads near its
//!   nominal size everywhere (never below 11 px on a 390 px phone) instead of one drawing
//!   shrunk or blown up.
//! - Accessibility: `role="img"`, `aria-labelledby` pointing at a `<title>` and a `<desc>`
//!   that are the first children, real `<text>` for every label, and a `<title>` on every
//!   bar and point ("series — category: value") that browsers show on hover.
//! - Colours by class only: series `N` is drawn with `class="s sN …"` (`N` modulo 10);
//!   axes, grid lines and texts use `axis`, `grid`, `tick`, `label`, `legend`, `value`.
//!
//! How data is read, so that no input can make it panic or emit invalid SVG:
//!
//! - Each series has one value per category; missing values are 0, extra values are
//!   ignored. NaN, infinities and negative numbers are drawn as 0: the charts show counts,
//!   so the value axis always starts at 0. One exception: in [`ChartKind::Lines`] a NaN
//!   means "no value here" (say, before an institution's first report) and leaves a gap
//!   in the line, with no marker, instead of a misleading drop to 0.
//! - The value axis has 4–6 "nice" ticks (steps of 1, 2 or 5 × 10^k), integer ticks when
//!   every value is an integer, and thousands separators (`1,234`).
//! - No label is ever cut short: legend entries, axis labels and the row labels of
//!   horizontal charts wrap onto more lines (between words, or between any two CJK
//!   characters) and the chart grows to hold them. Crowded category labels below vertical
//!   charts are thinned to every k-th one (the last is always shown) or rotated.
//! - [`ChartKind::Lines`] with more than [`MAX_LINES`] series draws the [`MAX_LINES`]
//!   series with the largest last value (in their original order) and sums the rest into
//!   one grey, dashed series "Others (N)" (class `so`), so colours never repeat.
//! - Text widths are estimated without font metrics, from DejaVu Sans' advance widths
//!   (wider than the usual UI fonts, so estimates err wide); CJK characters count as 1 em.
//!
//! Output is deterministic and linear in categories × series; coordinates carry at most
//! one decimal.
//!
//! Why hand-written SVG rather than a charting crate (what we measured on the bundled
//! site): it adds no dependency (about 1,400 lines of `std`-only Rust with their docs);
//! its bytes are deterministic, so two builds of a site are byte-identical and diffs of
//! `public/` stay meaningful; it needs no JavaScript, so the charts show with scripts off
//! and in print; and it is small: each drawing on `/stats/` is 0.3–6 KB of inline markup,
//! styled by the theme through classes, with real `<text>` that the string catalogue
//! fills and screen readers read. The three drawings per chart cost the bundled `/stats/`
//! page 46 → 103 KB, 7.2 → 10.7 KB gzipped; in exchange no drawing is ever scaled far
//! from the size it was laid out for.
//!
//! The parts: `data` cleans the numbers, `scale` lays out the value axis, the time
//! axis and category labels, `text` estimates text widths and fits labels, `svg` writes
//! elements, `legend` places legend entries, `plot` lays out vertical charts, `bars`,
//! `lines` and `horizontal` draw the marks, and `spark` draws the small per-year bar
//! charts of term pages.

mod bars;
mod data;
mod horizontal;
mod legend;
mod lines;
mod plot;
mod scale;
mod spark;
mod svg;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use scale::TimeAxis;
pub(crate) use spark::render_year_bars;

use crate::site::strings::Strings;
use data::Data;
use horizontal::draw_horizontal;
use plot::draw_vertical;
use svg::{Head, TextAt, hline, text};
use text::plain;

/// The widths each chart is drawn at (`viewBox` units; the height depends on the content):
/// for containers under 560 px (phones), up to 880 px, and wider. The theme's
/// `charts.css` picks one by the container's width with the same breakpoints.
pub(crate) const WIDTHS: [f64; 3] = [330.0, 620.0, 960.0];

/// Most series a [`ChartKind::Lines`] chart draws before folding the rest into "Others".
pub(crate) const MAX_LINES: usize = 10;

/// Font size of tick labels, axis labels and legend entries (user units; `charts.css`
/// sets the same sizes).
const FONT: f64 = 13.0;
/// Font size of value labels (user units).
const SMALL_FONT: f64 = 12.0;
/// Blank space around the drawing.
const PAD: f64 = 4.0;
/// Space kept right of the plot area.
const RIGHT: f64 = 12.0;
/// Height of the plot area of vertical charts.
const PLOT_HEIGHT: f64 = 220.0;
/// Height of one row of a horizontal bar chart.
const ROW: f64 = 22.0;
/// Thickness of one horizontal bar.
const ROW_BAR: f64 = 14.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 20.0;
/// Widest legend entry before it wraps onto another line (user units), when a legend
/// has more than three entries; up to three only wrap at a row's width.
const LEGEND_MAX: f64 = 260.0;
/// Line height of wrapped labels, in em.
const LINE: f64 = 1.2;
/// Labels up to this wide (a year, a month) are thinned rather than rotated.
const SHORT_LABEL: f64 = 4.5 * FONT;
/// `sin 45°`, for rotated labels.
const DIAGONAL: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// What kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartKind {
    /// One vertical bar per category, series stacked bottom to top, total above the bar.
    #[default]
    StackedBars,
    /// One group of vertical bars per category, one bar per series.
    GroupedBars,
    /// One line per series with a marker at each data point.
    Lines,
    /// One horizontal bar per category (a row, label on the left), series stacked left to
    /// right; the height grows with the number of categories.
    HorizontalStackedBars,
}

impl ChartKind {
    /// The CSS class suffix: the root element has `class="chart chart-<this>"`.
    pub fn css_class(self) -> &'static str {
        match self {
            ChartKind::StackedBars => "stacked-bars",
            ChartKind::GroupedBars => "grouped-bars",
            ChartKind::Lines => "lines",
            ChartKind::HorizontalStackedBars => "horizontal-stacked-bars",
        }
    }

    /// Catalogue key of the kind's name ("Stacked bar chart"), used in the description
    /// of a chart that has none.
    pub fn noun_key(self) -> &'static str {
        match self {
            ChartKind::StackedBars => "chart.kind.stacked_bars",
            ChartKind::GroupedBars => "chart.kind.grouped_bars",
            ChartKind::Lines => "chart.kind.lines",
            ChartKind::HorizontalStackedBars => "chart.kind.horizontal_stacked_bars",
        }
    }
}

/// One data series (a legend entry).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Series {
    /// Legend text, also used in the hover titles.
    pub name: String,
    /// One value per category, in category order.
    pub values: Vec<f64>,
}

/// A chart: categories along the category axis (years, dates, module names…), one value
/// per category per series.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Chart {
    /// Unique on the page, used for element ids (ASCII `[a-z0-9-]`; anything else is
    /// replaced by `-`).
    pub id: String,
    /// What kind of chart.
    pub kind: ChartKind,
    /// The accessible name (the page shows it as a heading; it is not drawn).
    pub title: String,
    /// One or two sentences summarising what the chart shows (accessible description).
    pub description: String,
    /// Label of the category axis, whichever way it runs: below the years of a vertical
    /// chart, above the row labels (e.g. "Module") of [`ChartKind::HorizontalStackedBars`].
    pub x_label: String,
    /// Label of the value axis: above the tick labels of a vertical chart, above the bars
    /// (e.g. "Results") of [`ChartKind::HorizontalStackedBars`].
    pub y_label: String,
    /// The categories, in display order.
    pub categories: Vec<String>,
    /// The series, in legend order.
    pub series: Vec<Series>,
    /// For [`ChartKind::Lines`] over dates: a true time axis (see [`TimeAxis`]). `None`
    /// spaces the categories evenly.
    pub time: Option<TimeAxis>,
}

/// Renders `chart` as inline `<svg>` elements (no XML declaration), one per width of
/// [`WIDTHS`], each with the class `chart-w<width>` and ids suffixed `-w<width>`.
pub(crate) fn render_svg(chart: &Chart, strings: &Strings) -> String {
    let mut out = String::new();
    for width in WIDTHS {
        let variant = Chart { id: format!("{}-w{width}", chart.id), ..chart.clone() };
        out.push_str(&render_svg_at(&variant, strings, width));
    }
    out
}

/// Renders `chart` as one inline `<svg>` element `width` user units wide.
pub(crate) fn render_svg_at(chart: &Chart, strings: &Strings, width: f64) -> String {
    let data = Data::prepare(chart, strings, width);
    let mut out = String::with_capacity(4096 + 160 * data.cells());
    let mut head = Head::for_chart(chart, strings);
    head.variant = format!(" chart-w{width}");
    if data.is_empty() {
        draw_empty(&mut out, &head, chart, strings, width);
        return out;
    }
    match chart.kind {
        ChartKind::HorizontalStackedBars => draw_horizontal(&mut out, &head, chart, &data),
        kind => draw_vertical(&mut out, &head, chart, &data, kind),
    }
    out
}

/// A chart without categories or series: a baseline and "No data".
fn draw_empty(out: &mut String, head: &Head, chart: &Chart, strings: &Strings, width: f64) {
    let height = PAD + PLOT_HEIGHT / 2.0 + 2.0 * FONT + PAD;
    head.open(out, chart.kind.css_class(), width, height, r#"width="100%""#);
    let y = PAD + PLOT_HEIGHT / 2.0;
    hline(out, "axis", PAD + 40.0, width - RIGHT, y + 0.5);
    let at = TextAt { x: width / 2.0, y: y - 12.0, class: "label", anchor: "middle", extra: "" };
    text(out, at, &plain(strings.text("chart.no_data"), FONT));
    out.push_str("</svg>");
}

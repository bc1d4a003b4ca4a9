//! Inline SVG charts for the statistics pages, drawn at build time.
//!
//! This module owns the drawing and nothing else: numbers in, one self-contained `<svg>`
//! element out, ready to embed in an HTML5 page. It does not compute statistics (the
//! statistics stage does), choose colours or fonts (the theme's `assets/charts.css` does,
//! through classes) or write files. There is no JavaScript and no dependency beyond `std`.
//!
//! What every chart gets:
//!
//! - Responsive sizing: a `viewBox` [`WIDTH`] units wide, `width="100%"`, no pixel size.
//!   The theme caps the rendered width so that text stays near its nominal size.
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
//! - Crowded category labels are thinned to every k-th one (the last is always shown),
//!   long ones are rotated and cut with an ellipsis; the full text stays in a `<title>`.
//! - [`ChartKind::Lines`] with more than [`MAX_LINES`] series draws the [`MAX_LINES`]
//!   series with the largest last value (in their original order) and sums the rest into
//!   one grey, dashed series "Others (N)" (class `so`), so colours never repeat.
//! - Text widths are estimated without font metrics, from DejaVu Sans' advance widths
//!   (wider than the usual UI fonts, so estimates err wide); CJK characters count as 1 em.
//!
//! Output is deterministic and linear in categories × series; coordinates carry at most
//! one decimal.

use std::fmt::{self, Display, Write};

use crate::render::escape_html;

/// Width of every chart's `viewBox`, in user units; the height depends on the content.
pub const WIDTH: f64 = 520.0;

/// Most series a [`ChartKind::Lines`] chart draws before folding the rest into "Others".
pub const MAX_LINES: usize = 10;

/// Font size of tick labels, axis labels and legend entries (user units; `charts.css`
/// sets the same sizes).
const FONT: f64 = 13.0;
/// Font size of value labels (user units).
const SMALL_FONT: f64 = 12.0;
/// Font size of sparkbar labels (user units, which are CSS pixels there).
const SPARK_FONT: f64 = 11.0;
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
/// Longest legend entry before it is cut when there are more than three (user units);
/// up to three entries are only cut to a row's width.
const LEGEND_MAX: f64 = 200.0;
/// Longest category label of a horizontal bar chart, in characters.
const ROW_LABEL_CHARS: usize = 28;
/// Longest rotated category label (user units).
const ROTATED_MAX: f64 = 120.0;
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

    fn noun(self) -> &'static str {
        match self {
            ChartKind::StackedBars => "Stacked bar chart",
            ChartKind::GroupedBars => "Grouped bar chart",
            ChartKind::Lines => "Line chart",
            ChartKind::HorizontalStackedBars => "Horizontal stacked bar chart",
        }
    }
}

/// One data series (a legend entry).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Legend text, also used in the hover titles.
    pub name: String,
    /// One value per category, in category order.
    pub values: Vec<f64>,
}

/// A chart: categories along the category axis (years, dates, module names…), one value
/// per category per series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
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

/// A time axis for a line chart: each category is placed by its date, so a year is wider
/// than a month, and the axis is labelled by spans (years) instead of by category.
///
/// Points of a series are joined only to that series' own points: a NaN is "no report
/// here", skipped rather than breaking the line, and a series ends at its last point
/// (nothing is carried forward past it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeAxis {
    /// Where each category lies, in days (any origin), parallel to the categories.
    pub at: Vec<f64>,
    /// Consecutive labelled spans covering every point, e.g. one per year:
    /// `(label, first day, day after the last)`, in order.
    pub spans: Vec<(String, f64, f64)>,
}

impl TimeAxis {
    /// The days the axis covers: the first span's start to the last span's end.
    fn domain(&self) -> Option<(f64, f64)> {
        let (first, last) = (self.spans.first()?, self.spans.last()?);
        (last.2 > first.1 && self.at.iter().all(|d| d.is_finite() && *d >= first.1 && *d <= last.2))
            .then_some((first.1, last.2))
    }
}

/// Renders `chart` as an inline `<svg>` element (no XML declaration).
pub fn render_svg(chart: &Chart) -> String {
    let data = Data::prepare(chart);
    let mut out = String::with_capacity(4096 + 160 * data.cells());
    let head = Head::for_chart(chart);
    if data.is_empty() {
        draw_empty(&mut out, &head, chart);
        return out;
    }
    match chart.kind {
        ChartKind::HorizontalStackedBars => draw_horizontal(&mut out, &head, chart, &data),
        kind => draw_vertical(&mut out, &head, chart, &data, kind),
    }
    out
}

/// A tiny chart for term pages (e.g. an institution's results per year): bars, no legend,
/// no value axis, the first and last category below, still accessible.
///
/// Unlike [`render_svg`] it has an intrinsic `width`/`height` (a sparkline stretched to a
/// page's width would be meaningless); the theme lets it shrink on narrow screens. Every
/// category gets a bar (a faint stub for 0) with a hover title "title — category: value".
pub fn render_sparkbars(id: &str, title: &str, categories: &[String], values: &[f64]) -> String {
    let values: Vec<f64> = (0..categories.len()).map(|i| clean(values.get(i).copied())).collect();
    let desc = spark_description(categories, &values);
    let layout = SparkLayout::new(categories);
    let head = Head { id: sanitize_id(id), title: fallback(title, "Chart"), desc };
    let mut out = String::with_capacity(512 + 128 * categories.len());
    let size = format!(r#"width="{}" height="{}""#, N(layout.width), N(SparkLayout::HEIGHT));
    head.open(&mut out, "sparkbars", layout.width, SparkLayout::HEIGHT, &size);
    let max = values.iter().copied().fold(0.0, f64::max);
    for (i, (cat, &v)) in categories.iter().zip(&values).enumerate() {
        let h = if max > 0.0 { v / max * SparkLayout::BARS } else { 0.0 };
        let (h, class) = if h > 0.0 { (h.max(1.0), "s s0 bar") } else { (1.5, "s s0 bar zero") };
        let x = layout.left + i as f64 * SparkLayout::STEP;
        let hover = format!("{} — {}: {}", head.title, cat, format_value(v));
        rect(&mut out, class, x, PAD + SparkLayout::BARS - h, SparkLayout::BAR, h, Some(&hover));
    }
    let base = PAD + SparkLayout::BARS + 0.5;
    hline(&mut out, "axis", layout.left, layout.left + layout.inner, base);
    layout.draw_labels(&mut out, categories);
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------------------
// Data preparation

/// The chart's data, cleaned: one value per category per series (see [`Row`]).
struct Data {
    categories: Vec<String>,
    series: Vec<Row>,
}

/// One cleaned series with its colour class. Values are finite and non-negative, except
/// for NaN gaps in line charts.
struct Row {
    name: String,
    class: String,
    values: Vec<f64>,
}

impl Data {
    fn prepare(chart: &Chart) -> Data {
        let n = chart.categories.len();
        let gaps = chart.kind == ChartKind::Lines;
        let mut series: Vec<Row> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| Row {
                name: s.name.clone(),
                class: format!("s s{}", i % 10),
                values: (0..n).map(|j| read(s.values.get(j).copied(), gaps)).collect(),
            })
            .collect();
        if chart.kind == ChartKind::Lines && series.len() > MAX_LINES {
            series = fold_lines(series, n);
        }
        Data { categories: chart.categories.clone(), series }
    }

    fn is_empty(&self) -> bool {
        self.categories.is_empty() || self.series.is_empty()
    }

    fn cells(&self) -> usize {
        self.categories.len() * self.series.len()
    }

    /// Sum over the series per category.
    fn totals(&self) -> Vec<f64> {
        let mut totals = vec![0.0; self.categories.len()];
        for s in &self.series {
            for (t, v) in totals.iter_mut().zip(&s.values) {
                *t += v;
            }
        }
        totals
    }

    /// The largest value the axis must reach: the largest total when stacked.
    fn max(&self, stacked: bool) -> f64 {
        if stacked {
            return self.totals().into_iter().fold(0.0, f64::max);
        }
        self.series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max)
    }

    fn all_integers(&self) -> bool {
        self.series.iter().flat_map(|s| &s.values).filter(|v| !v.is_nan()).all(|v| is_integer(*v))
    }
}

/// Keeps the [`MAX_LINES`] series with the largest last value, in their original order
/// and coloured `s0`…`s9` in that order, and sums the others into one "Others (N)" series.
fn fold_lines(series: Vec<Row>, n: usize) -> Vec<Row> {
    let last = |r: &Row| clean(r.values.last().copied());
    let mut rank: Vec<usize> = (0..series.len()).collect();
    // Stable: ties keep the earlier series.
    rank.sort_by(|&a, &b| last(&series[b]).total_cmp(&last(&series[a])));
    let mut keep = vec![false; series.len()];
    for &i in rank.iter().take(MAX_LINES) {
        keep[i] = true;
    }
    let folded = series.len() - MAX_LINES;
    let mut others = vec![0.0; n];
    let mut kept = Vec::with_capacity(MAX_LINES + 1);
    for (row, keep) in series.into_iter().zip(keep) {
        if keep {
            // Colours follow the drawn position, so that no two drawn series share one.
            kept.push(Row { class: format!("s s{}", kept.len()), ..row });
        } else {
            others.iter_mut().zip(&row.values).for_each(|(o, v)| *o += clean(Some(*v)));
        }
    }
    kept.push(Row { name: format!("Others ({folded})"), class: "s so".into(), values: others });
    kept
}

/// A value as read from a series: [`clean`], but NaN stays NaN (a gap) when `gaps`.
fn read(v: Option<f64>, gaps: bool) -> f64 {
    match v {
        Some(v) if gaps && v.is_nan() => f64::NAN,
        v => clean(v),
    }
}

/// A value as drawn: missing, NaN, infinite and negative values are 0.
fn clean(v: Option<f64>) -> f64 {
    match v {
        Some(v) if v.is_finite() && v > 0.0 => v,
        _ => 0.0,
    }
}

fn is_integer(v: f64) -> bool {
    (v - v.round()).abs() < 1e-9
}

// ---------------------------------------------------------------------------------------
// Value axis

/// A value axis from 0 to `step × intervals`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    step: f64,
    intervals: usize,
    decimals: usize,
}

impl Scale {
    /// The smallest axis with a 1, 2 or 5 × 10^k step and at most 5 intervals that reaches
    /// `max`; steps are at least 1 when `integers`. An empty range gets the axis 0–1.
    fn nice(max: f64, integers: bool) -> Scale {
        let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
        let magnitude = 10f64.powf((max / 5.0).log10().floor());
        let mut step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| (max / s - 1e-9).ceil() <= 5.0)
            .unwrap_or(10.0 * magnitude);
        if integers && step < 1.0 {
            step = 1.0;
        }
        let intervals = ((max / step - 1e-9).ceil() as usize).max(1);
        let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
        Scale { step, intervals, decimals }
    }

    fn top(self) -> f64 {
        self.step * self.intervals as f64
    }

    fn ticks(self) -> impl Iterator<Item = f64> {
        (0..=self.intervals).map(move |i| i as f64 * self.step)
    }

    fn labels(self) -> Vec<String> {
        self.ticks()
            .map(|v| if v == 0.0 { "0".into() } else { format_number(v, self.decimals) })
            .collect()
    }
}

/// Formats `v` with `decimals` decimals and thousands separators: `1,234.5`.
fn format_number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if v < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Formats a data value for people: integers as such, others with up to 2 decimals.
fn format_value(v: f64) -> String {
    if is_integer(v) {
        return format_number(v, 0);
    }
    let text = format_number(v, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

// ---------------------------------------------------------------------------------------
// Text

/// Advance widths of ASCII `' '..='~'` in em, measured in DejaVu Sans (the common Linux
/// fallback and wider than Segoe UI, San Francisco or Roboto, so estimates err wide).
#[allow(clippy::approx_constant, reason = "measured glyph widths; 0.318 is not 1/π")]
const ASCII_EM: [f64; 95] = [
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
fn char_em(c: char) -> f64 {
    match c {
        ' '..='~' => ASCII_EM[c as usize - 0x20],
        c if is_wide(c) || c == '…' || c == '—' => 1.0,
        _ => 0.65,
    }
}

/// East Asian wide and full-width characters (CJK, Hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated width of `text` at font size `size`.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// A label as drawn: possibly cut short, with its estimated width.
#[derive(Debug, Clone)]
struct Fitted {
    text: String,
    full: String,
    width: f64,
}

impl Fitted {
    /// `text`, cut with an ellipsis to at most `max_chars` characters and `max_width`.
    fn new(text: &str, size: f64, max_width: f64, max_chars: usize) -> Fitted {
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

    fn is_cut(&self) -> bool {
        self.text != self.full
    }
}

/// Escapes text for element content and attribute values (with [`escape_html`]), after
/// turning line breaks and tabs into spaces and dropping characters XML 1.0 does not allow.
struct Esc<'a>(&'a str);

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
        f.write_str(&escape_html(&text))
    }
}

/// A coordinate with at most one decimal (`12`, `12.5`, never `-0` or `NaN`).
struct N(f64);

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
fn sanitize_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
        .collect();
    if id.is_empty() { "chart".into() } else { id }
}

fn fallback(text: &str, default: &str) -> String {
    if text.trim().is_empty() { default.to_string() } else { text.to_string() }
}

// ---------------------------------------------------------------------------------------
// SVG primitives (writing to a `String` cannot fail, hence `let _ =`)

/// The root element's id, accessible name and description.
struct Head {
    id: String,
    title: String,
    desc: String,
}

impl Head {
    fn for_chart(chart: &Chart) -> Head {
        let desc = if chart.description.trim().is_empty() {
            format!(
                "{} of {} series over {} categories.",
                chart.kind.noun(),
                chart.series.len(),
                chart.categories.len()
            )
        } else {
            chart.description.clone()
        };
        Head { id: sanitize_id(&chart.id), title: fallback(&chart.title, "Chart"), desc }
    }

    /// Opens `<svg>` and writes `<title>` and `<desc>` as its first children.
    fn open(&self, out: &mut String, kind: &str, width: f64, height: f64, size: &str) {
        let id = &self.id;
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {} {}" {size} preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-size="{}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            N(width),
            N(height),
            N(FONT),
            Esc(&self.title),
            Esc(&self.desc),
        );
    }
}

/// Where a text is anchored and how it is drawn.
#[derive(Clone, Copy)]
struct TextAt<'a> {
    x: f64,
    y: f64,
    class: &'a str,
    anchor: &'a str,
    /// Extra attributes, written verbatim (trusted, built here).
    extra: &'a str,
}

/// Writes a `<text>`; a cut label carries its full text in a `<title>`.
fn text(out: &mut String, at: TextAt<'_>, label: &Fitted) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" class="{}" text-anchor="{}"{}>{}"#,
        N(at.x),
        N(at.y),
        at.class,
        at.anchor,
        at.extra,
        Esc(&label.text)
    );
    if label.is_cut() {
        let _ = write!(out, "<title>{}</title>", Esc(&label.full));
    }
    out.push_str("</text>");
}

fn plain(text: &str, size: f64) -> Fitted {
    Fitted { text: text.to_string(), full: text.to_string(), width: text_width(text, size) }
}

fn rect(out: &mut String, class: &str, x: f64, y: f64, w: f64, h: f64, hover: Option<&str>) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}""#,
        N(x),
        N(y),
        N(w.max(0.0)),
        N(h.max(0.0))
    );
    match hover {
        Some(t) => {
            let _ = write!(out, "><title>{}</title></rect>", Esc(t));
        }
        None => out.push_str("/>"),
    }
}

fn hline(out: &mut String, class: &str, x1: f64, x2: f64, y: f64) {
    let _ = write!(out, r#"<path class="{class}" d="M{} {}H{}"/>"#, N(x1), N(y), N(x2));
}

fn vline(out: &mut String, class: &str, x: f64, y1: f64, y2: f64) {
    let _ = write!(out, r#"<path class="{class}" d="M{} {}V{}"/>"#, N(x), N(y1), N(y2));
}

fn hover_text(series: &str, category: &str, value: f64) -> String {
    format!("{series} — {category}: {}", format_value(value))
}

// ---------------------------------------------------------------------------------------
// Legend

/// Legend entries placed in rows (only for two or more series).
struct Legend {
    entries: Vec<(f64, usize, Fitted, String)>,
    height: f64,
}

impl Legend {
    const SWATCH: f64 = 12.0;
    const LINE_SWATCH: f64 = 20.0;

    fn layout(series: &[Row], width: f64, lines: bool) -> Legend {
        if series.len() < 2 {
            return Legend { entries: Vec::new(), height: 0.0 };
        }
        let swatch = if lines { Self::LINE_SWATCH } else { Self::SWATCH };
        let (mut x, mut row) = (0.0, 0);
        let mut entries = Vec::with_capacity(series.len());
        let max = if series.len() <= 3 { width - swatch - 6.0 } else { LEGEND_MAX };
        for s in series {
            let label = Fitted::new(&s.name, FONT, max, 80);
            let w = swatch + 6.0 + label.width;
            if x > 0.0 && x + w > width {
                x = 0.0;
                row += 1;
            }
            entries.push((x, row, label, s.class.clone()));
            x += w + 18.0;
        }
        Legend { entries, height: (row + 1) as f64 * LEGEND_ROW + 8.0 }
    }

    fn draw(&self, out: &mut String, left: f64, top: f64, lines: bool) {
        if self.entries.is_empty() {
            return;
        }
        out.push_str(r#"<g class="legend-items">"#);
        for (x, row, label, class) in &self.entries {
            let (x, mid) = (left + x, top + *row as f64 * LEGEND_ROW + LEGEND_ROW / 2.0);
            let swatch = if lines {
                let _ = write!(
                    out,
                    r#"<path class="{class} line key" d="M{} {}h{}"/><circle class="{class} pt key" cx="{}" cy="{}" r="3"/>"#,
                    N(x),
                    N(mid),
                    N(Self::LINE_SWATCH),
                    N(x + Self::LINE_SWATCH / 2.0),
                    N(mid)
                );
                Self::LINE_SWATCH
            } else {
                let s = Self::SWATCH;
                rect(out, &format!("{class} key"), x, mid - s / 2.0, s, s, None);
                s
            };
            let at = TextAt {
                x: x + swatch + 6.0,
                y: mid,
                class: "legend",
                anchor: "start",
                extra: r#" dy=".35em""#,
            };
            text(out, at, label);
        }
        out.push_str("</g>");
    }
}

// ---------------------------------------------------------------------------------------
// Category axis of vertical charts

/// Which category labels are shown and how.
struct CategoryAxis {
    labels: Vec<Fitted>,
    every: usize,
    rotated: bool,
    height: f64,
}

impl CategoryAxis {
    /// Fits the labels into bands `band` wide: all of them side by side if they fit, else
    /// short ones thinned, else long ones rotated by 45°, cut and thinned.
    fn layout(categories: &[String], band: f64) -> CategoryAxis {
        let widest = categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max);
        let band = band.max(1.0);
        if widest + 5.0 <= band || widest <= SHORT_LABEL {
            let labels: Vec<Fitted> = categories.iter().map(|c| plain(c, FONT)).collect();
            let every =
                if widest + 5.0 <= band { 1 } else { ((widest + 10.0) / band).ceil() as usize };
            return CategoryAxis { labels, every, rotated: false, height: FONT + 10.0 };
        }
        let labels: Vec<Fitted> =
            categories.iter().map(|c| Fitted::new(c, FONT, ROTATED_MAX, 24)).collect();
        let longest = labels.iter().map(|l| l.width).fold(0.0, f64::max);
        let every = (32.0 / band).ceil().max(1.0) as usize;
        let height = (longest + FONT) * DIAGONAL + 14.0;
        CategoryAxis { labels, every, rotated: true, height }
    }

    /// Thinned labels anchor on the last category, the most recent one in time series.
    fn shows(&self, i: usize) -> bool {
        (self.labels.len() - 1 - i).is_multiple_of(self.every)
    }

    /// Room the labels need left of the plot area when it starts at 0 with bands `band`.
    fn overhang_left(&self, band: f64) -> f64 {
        let reach = |(i, l): (usize, &Fitted)| {
            let centre = band * (i as f64 + 0.5);
            let w = if self.rotated { (l.width + FONT) * DIAGONAL } else { l.width / 2.0 };
            w - centre + 2.0
        };
        self.labels
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .map(reach)
            .fold(0.0, f64::max)
    }

    /// Room the last label needs right of the plot area.
    fn overhang_right(&self, band: f64) -> f64 {
        match self.labels.last() {
            Some(l) if !self.rotated => (l.width / 2.0 - band / 2.0 + 2.0).max(0.0),
            _ => 0.0,
        }
    }

    fn draw(&self, out: &mut String, left: f64, band: f64, top: f64) {
        out.push_str(r#"<g class="categories">"#);
        for (i, label) in self.labels.iter().enumerate().filter(|(i, _)| self.shows(*i)) {
            let x = left + band * (i as f64 + 0.5);
            if self.rotated {
                let (x, y) = (x + 4.0, top + 12.0);
                let rotate = format!(r#" transform="rotate(-45 {} {})""#, N(x), N(y));
                text(out, TextAt { x, y, class: "tick", anchor: "end", extra: &rotate }, label);
            } else {
                let at =
                    TextAt { x, y: top + FONT + 4.0, class: "tick", anchor: "middle", extra: "" };
                text(out, at, label);
            }
        }
        out.push_str("</g>");
    }
}

// ---------------------------------------------------------------------------------------
// Vertical charts: stacked bars, grouped bars, lines

/// The plot area of a vertical chart and the value axis.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    band: f64,
    scale: Scale,
}

impl Plot {
    /// Places the plot area below `top`: wide enough on the left for the tick labels and
    /// the first category labels, on the right for the last one. The category labels are
    /// laid out for a first guess of the band width, room is made for them, then they are
    /// laid out again for the final band width.
    fn layout(scale: Scale, categories: &[String], top: f64) -> (Plot, CategoryAxis) {
        let ticks = scale.labels().iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
        let n = categories.len().max(1) as f64;
        let left0 = PAD + ticks + 10.0;
        let band0 = (WIDTH - left0 - RIGHT) / n;
        let first = CategoryAxis::layout(categories, band0);
        let left = left0.max(PAD + first.overhang_left(band0));
        let right = RIGHT.max(first.overhang_right(band0));
        let width = WIDTH - left - right;
        let band = width / n;
        let plot = Plot { left, top, width, height: PLOT_HEIGHT, band, scale };
        (plot, CategoryAxis::layout(categories, band))
    }

    fn y(&self, v: f64) -> f64 {
        self.top + self.height - v / self.scale.top() * self.height
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    fn x(&self, i: usize) -> f64 {
        self.left + self.band * i as f64
    }

    /// Horizontal grid lines, tick labels left of the plot, and the value-axis label with
    /// its baseline at `label_y`.
    fn draw_value_axis(&self, out: &mut String, labels: &[String], y_label: &str, label_y: f64) {
        out.push_str(r#"<g class="value-axis">"#);
        for (v, label) in self.scale.ticks().zip(labels) {
            if v > 0.0 {
                hline(out, "grid", self.left, self.left + self.width, self.y(v));
            }
            let (x, y) = (self.left - 8.0, self.y(v));
            let at = TextAt { x, y, class: "tick", anchor: "end", extra: r#" dy=".32em""# };
            text(out, at, &plain(label, FONT));
        }
        out.push_str("</g>");
        if !y_label.trim().is_empty() {
            let label = Fitted::new(y_label, FONT, WIDTH - 2.0 * PAD, 80);
            let at = TextAt { x: PAD, y: label_y, class: "label", anchor: "start", extra: "" };
            text(out, at, &label);
        }
    }
}

/// Lays out and draws a stacked-bar, grouped-bar or line chart.
fn draw_vertical(out: &mut String, head: &Head, chart: &Chart, data: &Data, kind: ChartKind) {
    let lines = kind == ChartKind::Lines;
    let legend = Legend::layout(&data.series, WIDTH - 2.0 * PAD, lines);
    let totals = bar_labels(data, kind);
    let y_label_y = PAD + legend.height + FONT + 2.0;
    let has_y_label = !chart.y_label.trim().is_empty();
    let top = if has_y_label { y_label_y + 14.0 } else { PAD + legend.height + 10.0 };
    let top = top + if totals.is_some() { 8.0 } else { 0.0 };
    let scale = Scale::nice(data.max(kind == ChartKind::StackedBars), data.all_integers());
    // A time axis is labelled by its spans (years), which are nearly equal in length, so
    // they lay out as bands; points are placed by their dates.
    let time = chart
        .time
        .as_ref()
        .filter(|t| kind == ChartKind::Lines && t.at.len() == data.categories.len())
        .and_then(|t| Some((t, t.domain()?)));
    let span_labels: Vec<String>;
    let axis_labels = match time {
        Some((t, _)) => {
            span_labels = t.spans.iter().map(|s| s.0.clone()).collect();
            &span_labels
        }
        None => &data.categories,
    };
    let (plot, axis) = Plot::layout(scale, axis_labels, top);
    let has_x_label = !chart.x_label.trim().is_empty();
    let x_label_y = plot.bottom() + axis.height + FONT + 8.0;
    let height = if has_x_label { x_label_y + 4.0 } else { plot.bottom() + axis.height } + PAD;

    head.open(out, kind.css_class(), WIDTH, height, r#"width="100%""#);
    legend.draw(out, PAD, PAD, lines);
    plot.draw_value_axis(out, &scale.labels(), &chart.y_label, y_label_y);
    match kind {
        ChartKind::GroupedBars => draw_grouped(out, &plot, data),
        ChartKind::Lines if time.is_some() => {
            let (t, (d0, d1)) = time.expect("checked: a time axis with a domain");
            let x = |i: usize| plot.left + (t.at[i] - d0) / (d1 - d0) * plot.width;
            draw_lines(out, &plot, data, &x, true)
        }
        ChartKind::Lines => draw_lines(out, &plot, data, &|i| plot.x(i) + plot.band / 2.0, false),
        _ => draw_stacked(out, &plot, data),
    }
    if let Some(totals) = totals {
        draw_bar_labels(out, &plot, data, &totals);
    }
    hline(out, "axis", plot.left, plot.left + plot.width, plot.bottom() + 0.5);
    if let Some((t, (d0, d1))) = time {
        // Span boundaries as small ticks below the axis, at their true positions.
        for (_, start, _) in t.spans.iter().skip(1) {
            let x = plot.left + (start - d0) / (d1 - d0) * plot.width;
            vline(out, "axis", x, plot.bottom(), plot.bottom() + 5.0);
        }
    }
    axis.draw(out, plot.left, plot.band, plot.bottom());
    if has_x_label {
        let label = Fitted::new(&chart.x_label, FONT, WIDTH - 2.0 * PAD, 80);
        let x = plot.left + plot.width / 2.0;
        text(out, TextAt { x, y: x_label_y, class: "label", anchor: "middle", extra: "" }, &label);
    }
    out.push_str("</svg>");
}

/// Width of one bar (or one group) in a band.
fn bar_width(band: f64, series: usize) -> f64 {
    let cap = if series > 1 { 24.0 * series as f64 } else { 56.0 };
    (band * 0.72).min(cap)
}

fn draw_stacked(out: &mut String, plot: &Plot, data: &Data) {
    let bw = bar_width(plot.band, 1);
    let mut base = vec![0.0; data.categories.len()];
    out.push_str(r#"<g class="bars">"#);
    for s in &data.series {
        let class = format!("{} bar", s.class);
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v > 0.0 {
                let (y0, y1) = (plot.y(base[i]), plot.y(base[i] + v));
                let x = plot.x(i) + (plot.band - bw) / 2.0;
                rect(out, &class, x, y1, bw, y0 - y1, Some(&hover_text(&s.name, cat, v)));
                base[i] += v;
            }
        }
    }
    out.push_str("</g>");
}

fn draw_grouped(out: &mut String, plot: &Plot, data: &Data) {
    let ns = data.series.len();
    let gw = bar_width(plot.band, ns);
    let bw = gw / ns as f64;
    out.push_str(r#"<g class="bars">"#);
    for (k, s) in data.series.iter().enumerate() {
        let class = format!("{} bar", s.class);
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v > 0.0 {
                let x = plot.x(i) + (plot.band - gw) / 2.0 + bw * k as f64;
                let y = plot.y(v);
                rect(out, &class, x, y, bw, plot.bottom() - y, Some(&hover_text(&s.name, cat, v)));
            }
        }
    }
    out.push_str("</g>");
}

/// Draws each series as a line through its points; `x` places category `i`. With `join`,
/// a NaN is skipped (the line joins the series' own points); without, it breaks the line.
fn draw_lines(out: &mut String, plot: &Plot, data: &Data, x: &dyn Fn(usize) -> f64, join: bool) {
    let r = if plot.band >= 14.0 { 3.5 } else { 2.5 };
    let point = |i: usize, v: f64| (x(i), plot.y(v));
    out.push_str(r#"<g class="lines">"#);
    for s in &data.series {
        if s.values.iter().filter(|v| !v.is_nan()).count() > 1 {
            let _ = write!(out, r#"<path class="{} line" d=""#, s.class);
            let mut pen_down = false;
            for (i, &v) in s.values.iter().enumerate() {
                if v.is_nan() {
                    pen_down &= join;
                    continue;
                }
                let (x, y) = point(i, v);
                let _ = write!(out, "{}{} {}", if pen_down { 'L' } else { 'M' }, N(x), N(y));
                pen_down = true;
            }
            out.push_str(r#""/>"#);
        }
        for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
            if v.is_nan() {
                continue;
            }
            let (x, y) = point(i, v);
            let _ = write!(
                out,
                r#"<circle class="{} pt" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
                s.class,
                N(x),
                N(y),
                N(r),
                Esc(&hover_text(&s.name, cat, v))
            );
        }
    }
    out.push_str("</g>");
}

/// The numbers written above the bars (totals when stacked), if every one fits its band.
fn bar_labels(data: &Data, kind: ChartKind) -> Option<Vec<String>> {
    let single = kind == ChartKind::GroupedBars && data.series.len() == 1;
    if kind != ChartKind::StackedBars && !single {
        return None;
    }
    let n = data.categories.len() as f64;
    let band = (WIDTH - 60.0) / n;
    let labels: Vec<String> = data.totals().into_iter().map(format_value).collect();
    let fits = labels.iter().all(|l| text_width(l, SMALL_FONT) + 4.0 <= band.min(60.0));
    fits.then_some(labels)
}

fn draw_bar_labels(out: &mut String, plot: &Plot, data: &Data, labels: &[String]) {
    let totals = data.totals();
    let size = format!(r#" font-size="{}""#, N(SMALL_FONT));
    out.push_str(r#"<g class="values">"#);
    for (i, (label, &t)) in labels.iter().zip(&totals).enumerate() {
        if t > 0.0 {
            let x = plot.x(i) + plot.band / 2.0;
            let at =
                TextAt { x, y: plot.y(t) - 5.0, class: "value", anchor: "middle", extra: &size };
            text(out, at, &plain(label, SMALL_FONT));
        }
    }
    out.push_str("</g>");
}

// ---------------------------------------------------------------------------------------
// Horizontal stacked bars

/// Lays out and draws a horizontal stacked-bar chart: one row per category.
fn draw_horizontal(out: &mut String, head: &Head, chart: &Chart, data: &Data) {
    let rows = Rows::layout(chart, data);
    head.open(
        out,
        ChartKind::HorizontalStackedBars.css_class(),
        WIDTH,
        rows.height,
        r#"width="100%""#,
    );
    rows.legend.draw(out, PAD, PAD, false);
    rows.draw_header(out, &chart.x_label, &chart.y_label);
    rows.draw_value_axis(out);
    rows.draw_labels(out);
    rows.draw_bars(out, data);
    rows.draw_totals(out, &data.totals());
    vline(out, "axis", rows.left - 0.5, rows.top, rows.bottom());
    out.push_str("</svg>");
}

/// The geometry of a horizontal stacked-bar chart.
struct Rows {
    legend: Legend,
    scale: Scale,
    tick_labels: Vec<String>,
    labels: Vec<Fitted>,
    /// Baseline of the header (axis labels), if there is one.
    header: Option<f64>,
    /// Left edge and width of the bars' area.
    left: f64,
    width: f64,
    /// Top of the first row.
    top: f64,
    height: f64,
}

impl Rows {
    fn layout(chart: &Chart, data: &Data) -> Rows {
        let scale = Scale::nice(data.max(true), data.all_integers());
        let tick_labels = scale.labels();
        let labels: Vec<Fitted> = data
            .categories
            .iter()
            .map(|c| Fitted::new(c, FONT, WIDTH * 0.4, ROW_LABEL_CHARS))
            .collect();
        let label_width = labels.iter().map(|l| l.width).fold(0.0, f64::max);
        let totals = data.totals().into_iter().map(|t| text_width(&format_value(t), SMALL_FONT));
        let last_tick = tick_labels.last().map_or(0.0, |l| text_width(l, FONT) / 2.0);
        let right = RIGHT.max(totals.fold(0.0, f64::max) + 10.0).max(last_tick + PAD);
        let legend = Legend::layout(&data.series, WIDTH - 2.0 * PAD, false);
        let has_header = !chart.x_label.trim().is_empty() || !chart.y_label.trim().is_empty();
        let header = has_header.then_some(PAD + legend.height + FONT + 4.0);
        let top = header.map_or(PAD + legend.height, |h| h + 6.0) + FONT + 10.0;
        let left = PAD + label_width + 10.0;
        let n = data.categories.len();
        let below = if n > 15 { FONT + 12.0 } else { 4.0 };
        let height = top + n as f64 * ROW + below + PAD;
        let width = WIDTH - left - right;
        Rows { legend, scale, tick_labels, labels, header, left, width, top, height }
    }

    fn x(&self, v: f64) -> f64 {
        self.left + v / self.scale.top() * self.width
    }

    fn bottom(&self) -> f64 {
        self.top + self.labels.len() as f64 * ROW
    }

    fn row_middle(&self, i: usize) -> f64 {
        self.top + (i as f64 + 0.5) * ROW
    }

    /// The category-axis label over the labels, the value-axis label over the bars.
    fn draw_header(&self, out: &mut String, x_label: &str, y_label: &str) {
        let Some(y) = self.header else { return };
        let column = (self.left - PAD - 10.0).max(60.0);
        let cat = Fitted::new(x_label, FONT, column, 40);
        text(out, TextAt { x: PAD, y, class: "label", anchor: "start", extra: "" }, &cat);
        // Keep the centred value label clear of a category label wider than its column.
        let overlap = (PAD + cat.width + 12.0 - self.left).max(0.0);
        let value = Fitted::new(y_label, FONT, (self.width - 2.0 * overlap).max(FONT), 60);
        let x = self.left + self.width / 2.0;
        text(out, TextAt { x, y, class: "label", anchor: "middle", extra: "" }, &value);
    }

    /// Vertical grid lines and tick labels above the rows, repeated below long charts.
    fn draw_value_axis(&self, out: &mut String) {
        let repeat = self.labels.len() > 15;
        out.push_str(r#"<g class="value-axis">"#);
        for (v, label) in self.scale.ticks().zip(&self.tick_labels) {
            if v > 0.0 {
                vline(out, "grid", self.x(v), self.top, self.bottom());
            }
            let label = plain(label, FONT);
            let (x, y) = (self.x(v), self.top - 8.0);
            let at = TextAt { x, y, class: "tick", anchor: "middle", extra: "" };
            text(out, at, &label);
            if repeat {
                text(out, TextAt { y: self.bottom() + FONT + 4.0, ..at }, &label);
            }
        }
        out.push_str("</g>");
    }

    /// Category labels, right-aligned left of the rows.
    fn draw_labels(&self, out: &mut String) {
        out.push_str(r#"<g class="categories">"#);
        for (i, label) in self.labels.iter().enumerate() {
            let (x, y) = (self.left - 8.0, self.row_middle(i));
            text(
                out,
                TextAt { x, y, class: "tick", anchor: "end", extra: r#" dy=".35em""# },
                label,
            );
        }
        out.push_str("</g>");
    }

    /// The stacked segments of each row, left to right in series order.
    fn draw_bars(&self, out: &mut String, data: &Data) {
        out.push_str(r#"<g class="bars">"#);
        let mut base = vec![0.0; data.categories.len()];
        for s in &data.series {
            let class = format!("{} bar", s.class);
            for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
                if v > 0.0 {
                    let y = self.row_middle(i) - ROW_BAR / 2.0;
                    let (x0, x1) = (self.x(base[i]), self.x(base[i] + v));
                    let hover = hover_text(&s.name, cat, v);
                    rect(out, &class, x0, y, x1 - x0, ROW_BAR, Some(&hover));
                    base[i] += v;
                }
            }
        }
        out.push_str("</g>");
    }

    /// Each row's total right of its bar.
    fn draw_totals(&self, out: &mut String, totals: &[f64]) {
        let size = format!(r#" font-size="{}" dy=".35em""#, N(SMALL_FONT));
        out.push_str(r#"<g class="values">"#);
        for (i, &t) in totals.iter().enumerate() {
            let (x, y) = (self.x(t) + 5.0, self.row_middle(i));
            let at = TextAt { x, y, class: "value", anchor: "start", extra: &size };
            text(out, at, &plain(&format_value(t), SMALL_FONT));
        }
        out.push_str("</g>");
    }
}

// ---------------------------------------------------------------------------------------
// No data

/// A chart without categories or series: a baseline and "No data".
fn draw_empty(out: &mut String, head: &Head, chart: &Chart) {
    let height = PAD + PLOT_HEIGHT / 2.0 + 2.0 * FONT + PAD;
    head.open(out, chart.kind.css_class(), WIDTH, height, r#"width="100%""#);
    let y = PAD + PLOT_HEIGHT / 2.0;
    hline(out, "axis", PAD + 40.0, WIDTH - RIGHT, y + 0.5);
    let at = TextAt { x: WIDTH / 2.0, y: y - 12.0, class: "label", anchor: "middle", extra: "" };
    text(out, at, &plain("No data", FONT));
    out.push_str("</svg>");
}

// ---------------------------------------------------------------------------------------
// Sparkbars

/// Geometry of a sparkbar chart.
struct SparkLayout {
    left: f64,
    inner: f64,
    width: f64,
}

impl SparkLayout {
    const BAR: f64 = 10.0;
    const STEP: f64 = 14.0;
    const BARS: f64 = 30.0;
    const LABEL_MAX: f64 = 72.0;
    const HEIGHT: f64 = PAD + Self::BARS + 4.0 + SPARK_FONT + 2.0 + PAD;

    fn new(categories: &[String]) -> SparkLayout {
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

    fn draw_labels(&self, out: &mut String, categories: &[String]) {
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
fn spark_description(categories: &[String], values: &[f64]) -> String {
    if categories.is_empty() {
        return "No data.".into();
    }
    let parts: Vec<String> =
        categories.iter().zip(values).map(|(c, v)| format!("{c}: {}", format_value(*v))).collect();
    format!("{}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `svg` is well-formed XML as far as these charts go: balanced tags,
    /// quoted attributes, no stray `<` or `&`, one root element.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        let mut roots = 0;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            let end = rest[start..].find('>').map(|e| start + e).expect("unclosed tag");
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "`<` inside tag: {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else {
                let name = tag.split([' ', '/']).next().unwrap_or("");
                assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()));
                if stack.is_empty() {
                    roots += 1;
                }
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        assert_eq!(roots, 1, "one root element");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "non-finite number in {svg}");
    }

    fn check_text(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
                "bad entity {entity}"
            );
        }
        assert!(!text.contains('>'), "stray > in {text}");
    }

    fn chart(kind: ChartKind, categories: &[&str], series: &[(&str, &[f64])]) -> Chart {
        Chart {
            id: "test".into(),
            kind,
            title: "Cases per year".into(),
            description: "How many cases were announced each year.".into(),
            x_label: "Year".into(),
            y_label: "Case studies".into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            series: series
                .iter()
                .map(|(n, v)| Series { name: n.to_string(), values: v.to_vec() })
                .collect(),
            time: None,
        }
    }

    fn years(n: usize) -> Vec<String> {
        (0..n).map(|i| (2000 + i).to_string()).collect()
    }

    fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    /// The texts of the tick labels of the category axis.
    fn category_labels(svg: &str) -> Vec<String> {
        let group = svg.split(r#"<g class="categories">"#).nth(1).unwrap_or("");
        let group = group.split("</g>").next().unwrap_or("");
        group
            .split("<text")
            .skip(1)
            .map(|t| t[t.find('>').unwrap_or(0) + 1..].to_string())
            .collect()
    }

    const ALL: [ChartKind; 4] = [
        ChartKind::StackedBars,
        ChartKind::GroupedBars,
        ChartKind::Lines,
        ChartKind::HorizontalStackedBars,
    ];

    #[test]
    fn renders_accessible_well_formed_svg_for_every_kind() {
        for kind in ALL {
            let c = chart(
                kind,
                &["2021", "2022", "2023"],
                &[("A", &[1.0, 2.0, 3.0]), ("B", &[2.0, 0.0, 1.0])],
            );
            let svg = render_svg(&c);
            assert_well_formed(&svg);
            assert!(
                svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-"#)
            );
            assert!(svg.contains(&format!("chart-{}", kind.css_class())));
            assert!(svg.contains(r#"role="img" aria-labelledby="test-title test-desc""#));
            let first = svg.find('>').unwrap() + 1;
            assert!(svg[first..].starts_with(
                r#"<title id="test-title">Cases per year</title><desc id="test-desc">How many"#
            ));
            assert!(
                svg.contains(r#"width="100%""#)
                    && svg.contains(r#"preserveAspectRatio="xMinYMin meet""#)
            );
            assert!(!svg.contains("fill=\"#") && !svg.contains("<?xml"));
        }
    }

    #[test]
    fn draws_one_rect_per_non_zero_stacked_segment() {
        let c = chart(
            ChartKind::StackedBars,
            &["2021", "2022", "2023"],
            &[("L3", &[1.0, 0.0, 2.0]), ("L4", &[0.0, 0.0, 5.0]), ("L5", &[3.0, 1.0, 0.0])],
        );
        let svg = render_svg(&c);
        assert_eq!(count(&svg, " bar\""), 5);
        assert_eq!(count(&svg, r#"<rect class="s s1 bar""#), 1);
        assert!(svg.contains("<title>L4 — 2023: 5</title>"));
        // Totals above the bars.
        assert!(svg.contains(r#"class="value" text-anchor="middle" font-size="12">7</text>"#));
        let h = render_svg(&Chart { kind: ChartKind::HorizontalStackedBars, ..c });
        assert_eq!(count(&h, " bar\""), 5);
    }

    #[test]
    fn draws_a_legend_entry_per_series_only_with_two_or_more() {
        let two = chart(ChartKind::GroupedBars, &["a"], &[("Alpha", &[1.0]), ("Beta", &[2.0])]);
        let svg = render_svg(&two);
        assert_eq!(count(&svg, r#"class="legend""#), 2);
        assert!(svg.contains(">Alpha</text>") && svg.contains(">Beta</text>"));
        let one = chart(ChartKind::GroupedBars, &["a"], &[("Alpha", &[1.0])]);
        assert_eq!(count(&render_svg(&one), r#"class="legend""#), 0);
        let long = "Institutions with at least one result that year";
        let two = chart(ChartKind::Lines, &["a", "b"], &[(long, &[1.0, 2.0]), ("B", &[2.0, 1.0])]);
        assert!(render_svg(&two).contains(&format!(">{long}</text>")), "room for two");
        let five: Vec<(&str, &[f64])> = vec![(long, &[1.0]); 5];
        let svg = render_svg(&chart(ChartKind::StackedBars, &["a"], &five));
        assert_eq!(count(&svg, &format!("…<title>{long}</title></text>")), 5);
        let lines = chart(ChartKind::Lines, &["a", "b"], &[("A", &[1.0, 2.0]), ("B", &[2.0, 1.0])]);
        assert_eq!(count(&render_svg(&lines), " line key"), 2);
    }

    #[test]
    fn picks_nice_ticks() {
        let s = Scale::nice(7.0, true);
        assert_eq!(s.labels(), ["0", "2", "4", "6", "8"]);
        assert_eq!(Scale::nice(10.0, true).labels(), ["0", "2", "4", "6", "8", "10"]);
        assert_eq!(Scale::nice(1.0, true).labels(), ["0", "1"]);
        assert_eq!(Scale::nice(0.7, false).labels(), ["0", "0.2", "0.4", "0.6", "0.8"]);
        assert_eq!(Scale::nice(0.0, true).labels(), ["0", "1"]);
        assert_eq!(
            Scale::nice(4321.0, true).labels(),
            ["0", "1,000", "2,000", "3,000", "4,000", "5,000"]
        );
        for max in [3.0, 7.0, 11.0, 19.0, 51.0, 99.0, 101.0, 640.0, 12_345.0, 0.033] {
            let s = Scale::nice(max, false);
            assert!(s.top() >= max && (3..=5).contains(&s.intervals), "{max}: {s:?}");
        }
        let svg = render_svg(&chart(ChartKind::GroupedBars, &["a", "b"], &[("A", &[7.0, 3.0])]));
        for t in ["0", "2", "4", "6", "8"] {
            assert!(svg.contains(&format!(r#"dy=".32em">{t}</text>"#)), "tick {t}");
        }
    }

    #[test]
    fn formats_numbers_with_thousands_separators() {
        assert_eq!(format_number(1234.0, 0), "1,234");
        assert_eq!(format_number(1_234_567.5, 1), "1,234,567.5");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(-0.0, 0), "0");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(1.0 / 3.0), "0.33");
        assert_eq!(format_value(12_000.0), "12,000");
        assert_eq!(N(12.34).to_string(), "12.3");
        assert_eq!(N(-0.01).to_string(), "0");
        assert_eq!(N(5.0).to_string(), "5");
        assert_eq!(N(f64::NAN).to_string(), "0");
    }

    #[test]
    fn thins_crowded_category_labels() {
        let dates: Vec<String> =
            (0..60).map(|i| format!("2023-{:02}-{:02}", i / 28 + 1, i % 28 + 1)).collect();
        let values: Vec<f64> = (0..60).map(|i| (i % 7) as f64).collect();
        let c = Chart {
            categories: dates,
            series: vec![Series { name: "Cases".into(), values }],
            ..chart(ChartKind::StackedBars, &[], &[])
        };
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        let shown = category_labels(&svg);
        assert!(shown.len() < 30 && shown.len() >= 10, "{} labels", shown.len());
        assert!(shown.last().unwrap().starts_with("2023-03-04"), "the last is always shown");
        assert!(svg.contains("rotate(-45"));
        assert_eq!(count(&svg, "<title>Cases — "), 60 - 9, "every non-zero bar has a title");
        // Ten years fit side by side; more are thinned, never rotated.
        let c12 = Chart { categories: years(10), ..chart(ChartKind::Lines, &[], &[("A", &[1.0])]) };
        assert_eq!(category_labels(&render_svg(&c12)).len(), 10);
        for (n, most) in [(20, 10), (40, 14)] {
            let svg = render_svg(&Chart { categories: years(n), ..c12.clone() });
            let labels = category_labels(&svg);
            assert!(labels.len() <= most && labels.len() >= most / 2, "{n}: {}", labels.len());
            assert!(!svg.contains("rotate("));
        }
    }

    #[test]
    fn escapes_text() {
        let c = chart(
            ChartKind::StackedBars,
            &["<script>alert('x')</script>", "a & b"],
            &[("\"q\"", &[1.0, 2.0])],
        );
        let c = Chart { title: "<b>".into(), description: "1 < 2".into(), ..c };
        for kind in ALL {
            let svg = render_svg(&Chart { kind, ..c.clone() });
            assert_well_formed(&svg);
            assert!(!svg.contains("<script") && !svg.contains("<b>"));
            assert!(svg.contains("&lt;script&gt;") || svg.contains("&lt;script…"));
            assert!(svg.contains("a &amp; b") && svg.contains("&quot;q&quot;"));
        }
        let svg = render_sparkbars("x\"y", "<t>", &["<c>".to_string()], &[1.0]);
        assert_well_formed(&svg);
        assert!(svg.contains(r#"id="x-y-title""#) && svg.contains("&lt;c&gt;"));
    }

    #[test]
    fn folds_many_lines_into_others() {
        let names: Vec<String> = (0..12).map(|i| format!("Bank {i}")).collect();
        let series: Vec<Series> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Series { name: n.clone(), values: vec![1.0, (i * 7 % 12) as f64] })
            .collect();
        let c = Chart { series, ..chart(ChartKind::Lines, &["2022", "2023"], &[]) };
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert_eq!(count(&svg, r#" line" d="M"#), 11);
        assert_eq!(count(&svg, r#"class="legend""#), 11);
        assert!(svg.contains(">Others (2)</text>"));
        assert!(svg.contains(r#"<path class="s so line""#));
        for n in 0..10 {
            assert_eq!(count(&svg, &format!(r#"<path class="s s{n} line""#)), 1, "s{n} once");
        }
        // Last values are i*7 % 12: Bank 0 (0) and Bank 7 (1) are the smallest.
        assert!(!svg.contains(">Bank 0<") && !svg.contains(">Bank 7<"));
        assert!(svg.contains("<title>Others (2) — 2023: 1</title>"));
        assert!(svg.contains("<title>Others (2) — 2022: 2</title>"));
        // Only lines fold.
        let bars = render_svg(&Chart { kind: ChartKind::GroupedBars, ..c });
        assert!(!bars.contains("Others") && bars.contains(r#"class="s s1 bar""#));
    }

    #[test]
    fn survives_edge_cases() {
        let nan = f64::NAN;
        let cases = [
            chart(ChartKind::StackedBars, &[], &[]),
            chart(ChartKind::StackedBars, &["a"], &[]),
            chart(ChartKind::StackedBars, &[], &[("A", &[1.0])]),
            chart(ChartKind::StackedBars, &["a", "b"], &[("A", &[0.0, 0.0]), ("B", &[0.0, 0.0])]),
            chart(ChartKind::StackedBars, &["only"], &[("A", &[3.0])]),
            chart(ChartKind::StackedBars, &["a", "b", "c"], &[("A", &[nan, -2.0, f64::INFINITY])]),
            chart(
                ChartKind::StackedBars,
                &["a", "b", "c"],
                &[("A", &[1.0]), ("B", &[1.0, 2.0, 3.0, 4.0])],
            ),
            chart(ChartKind::StackedBars, &[""], &[("", &[1e300])]),
            chart(ChartKind::StackedBars, &["a"], &[("A", &[f64::MIN_POSITIVE])]),
        ];
        for c in cases {
            for kind in ALL {
                let c = Chart { kind, id: String::new(), title: String::new(), ..c.clone() };
                let svg = render_svg(&c);
                assert_well_formed(&svg);
                assert!(svg.contains(r#"aria-labelledby="chart-title chart-desc""#));
            }
        }
        let empty = render_svg(&chart(ChartKind::Lines, &[], &[]));
        assert!(empty.contains(">No data</text>"));
        let mixed = render_svg(&chart(
            ChartKind::StackedBars,
            &["a", "b", "c"],
            &[("A", &[nan, -2.0, 4.0])],
        ));
        assert_eq!(count(&mixed, " bar\""), 1);
        assert!(mixed.contains("<title>A — c: 4</title>"));
        let short = render_svg(&chart(ChartKind::Lines, &["a", "b", "c"], &[("A", &[1.0])]));
        assert_eq!(count(&short, r#" pt""#), 3);
        assert!(short.contains("<title>A — c: 0</title>"));
        let nan = f64::NAN;
        let gaps = chart(ChartKind::Lines, &["a", "b", "c", "d"], &[("A", &[nan, 2.0, nan, 3.0])]);
        let gaps = render_svg(&gaps);
        assert_eq!(count(&gaps, " pt\""), 2, "no marker for a gap");
        let d = gaps.split(r#"line" d=""#).nth(1).unwrap().split('"').next().unwrap();
        assert_eq!((d.matches('M').count(), d.matches('L').count()), (2, 0), "{d}");
        let bars = chart(ChartKind::GroupedBars, &["a", "b"], &[("A", &[nan, 2.5])]);
        assert!(render_svg(&bars).contains("<title>A — b: 2.5</title>"));
        let single = render_svg(&chart(ChartKind::Lines, &["a"], &[("A", &[2.0])]));
        assert!(!single.contains(" line\"") && single.contains(" pt\""));
    }

    #[test]
    fn output_is_deterministic_and_compact() {
        let c = chart(
            ChartKind::Lines,
            &["2021", "2022", "2023"],
            &[("A", &[1.0, 2.0, 3.0]), ("B", &[2.0, 1.0, 1.0 / 3.0])],
        );
        let svg = render_svg(&c);
        assert_eq!(svg, render_svg(&c));
        for number in svg.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            if let Some((_, frac)) = number.split_once('.') {
                assert!(frac.len() <= 2, "{number}");
            }
        }
        assert!(!svg.contains(".33333"));
    }

    #[test]
    fn grows_horizontal_bars_with_rows_and_truncates_labels() {
        let long = "Continuous delivery: build and release management with a very long name";
        let c = chart(
            ChartKind::HorizontalStackedBars,
            &[long, "测试管理"],
            &[("Level 3", &[2.0, 1.0]), ("Level 4", &[1.0, 0.0])],
        );
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        assert!(svg.contains(&format!("<title>{long}</title>")));
        let cut = svg.split("…<title>").next().unwrap();
        let cut = &cut[cut.rfind('>').unwrap() + 1..];
        assert!(cut.chars().count() <= ROW_LABEL_CHARS, "{cut}");
        assert!(svg.contains(">测试管理</text>"));
        let height = |svg: &str| -> f64 {
            let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
            vb.split(['"', ' ']).nth(1).unwrap().parse().unwrap()
        };
        let many: Vec<String> = (0..40).map(|i| format!("Module {i}")).collect();
        let tall = render_svg(&Chart { categories: many, ..c.clone() });
        assert_well_formed(&tall);
        assert!(height(&tall) - height(&svg) >= 38.0 * ROW);
    }

    #[test]
    fn renders_sparkbars() {
        let cats = years(5);
        let svg = render_sparkbars("bank-a", "Results per year", &cats, &[1.0, 0.0, 3.0, f64::NAN]);
        assert_well_formed(&svg);
        assert!(svg.contains(r#"aria-labelledby="bank-a-title bank-a-desc""#));
        assert!(svg.contains(
            "<desc id=\"bank-a-desc\">2000: 1, 2001: 0, 2002: 3, 2003: 0, 2004: 0.</desc>"
        ));
        assert_eq!(count(&svg, "<rect "), 5);
        assert_eq!(count(&svg, " zero\""), 3);
        assert!(svg.contains("<title>Results per year — 2002: 3</title>"));
        assert!(svg.contains(">2000</text>") && svg.contains(">2004</text>"));
        for cats in [vec![], vec!["only".to_string()]] {
            assert_well_formed(&render_sparkbars("", "", &cats, &[]));
        }
    }

    #[test]
    fn estimates_wide_text_wider() {
        assert!(text_width("测试", FONT) > text_width("ab", FONT));
        let f = Fitted::new("abcdefghij", FONT, 1000.0, 5);
        assert_eq!(f.text, "abcd…");
        assert!(f.is_cut());
        assert_eq!(Fitted::new("", FONT, 0.0, 0).text, "");
    }

    #[test]
    fn a_time_axis_spaces_points_by_date_and_joins_each_series() {
        let day = |y: f64, d: f64| (y - 2021.0) * 365.0 + d;
        let c = Chart {
            time: Some(TimeAxis {
                at: vec![day(2021.0, 0.0), day(2021.0, 31.0), day(2023.0, 0.0)],
                spans: (2021..=2023)
                    .map(|y| (y.to_string(), day(f64::from(y), 0.0), day(f64::from(y) + 1.0, 0.0)))
                    .collect(),
            }),
            ..chart(
                ChartKind::Lines,
                &["2021-01-01", "2021-02-01", "2023-01-01"],
                &[("A", &[1.0, f64::NAN, 3.0]), ("B", &[f64::NAN, 2.0, f64::NAN])],
            )
        };
        let svg = render_svg(&c);
        assert_well_formed(&svg);
        let cx: Vec<f64> = svg
            .split("<circle ")
            .skip(1)
            .filter(|c| c.contains(" pt\""))
            .map(|c| {
                let v = &c[c.find("cx=\"").unwrap() + 4..];
                v[..v.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        // A's points (1 January 2021, 1 January 2023), then B's (1 February 2021).
        assert_eq!(cx.len(), 3);
        let (a0, a1, b) = (cx[0], cx[1], cx[2]);
        let ratio = (b - a0) / (a1 - a0);
        assert!((ratio - 31.0 / 730.0).abs() < 0.005, "a month is a month wide: {ratio}");
        // A is one line through its own two points, across B's date; B is one point.
        assert_eq!(count(&svg, "line\" d=\"M"), 1, "{svg}");
        assert!(svg.contains(&format!("M{} ", N(a0))) && svg.contains(&format!("L{} ", N(a1))));
        // The axis is labelled by year, with a boundary tick between years.
        assert_eq!(category_labels(&svg), ["2021</text>", "2022</text>", "2023</text>"]);
    }
}

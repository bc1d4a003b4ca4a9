//! Horizontal stacked-bar charts: one row per category with its label on the left, the
//! value axis above (repeated below long charts), and each row's total after its bar. The
//! height grows with the number of rows.

use super::data::Data;
use super::legend::Legend;
use super::scale::{Scale, format_value};
use super::svg::{Head, TextAt, rect, text, vline};
use super::text::{Fitted, N, plain, text_width};
use super::{Chart, ChartKind, FONT, PAD, RIGHT, ROW, ROW_BAR, ROW_LABEL_CHARS, SMALL_FONT, WIDTH};

/// Lays out and draws a horizontal stacked-bar chart: one row per category.
pub(super) fn draw_horizontal(out: &mut String, head: &Head, chart: &Chart, data: &Data<'_>) {
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
pub(super) struct Rows {
    pub(super) legend: Legend,
    pub(super) scale: Scale,
    pub(super) tick_labels: Vec<String>,
    pub(super) labels: Vec<Fitted>,
    /// Baseline of the header (axis labels), if there is one.
    pub(super) header: Option<f64>,
    /// Left edge and width of the bars' area.
    pub(super) left: f64,
    pub(super) width: f64,
    /// Top of the first row.
    pub(super) top: f64,
    pub(super) height: f64,
}

impl Rows {
    pub(super) fn layout(chart: &Chart, data: &Data<'_>) -> Rows {
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

    pub(super) fn x(&self, v: f64) -> f64 {
        self.left + v / self.scale.top() * self.width
    }

    pub(super) fn bottom(&self) -> f64 {
        self.top + self.labels.len() as f64 * ROW
    }

    pub(super) fn row_middle(&self, i: usize) -> f64 {
        self.top + (i as f64 + 0.5) * ROW
    }

    /// The category-axis label over the labels, the value-axis label over the bars.
    pub(super) fn draw_header(&self, out: &mut String, x_label: &str, y_label: &str) {
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
    pub(super) fn draw_value_axis(&self, out: &mut String) {
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
    pub(super) fn draw_labels(&self, out: &mut String) {
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
    pub(super) fn draw_bars(&self, out: &mut String, data: &Data<'_>) {
        out.push_str(r#"<g class="bars">"#);
        let mut base = vec![0.0; data.categories.len()];
        for s in &data.series {
            let class = format!("{} bar", s.class);
            for (i, (&v, cat)) in s.values.iter().zip(&data.categories).enumerate() {
                if v > 0.0 {
                    let y = self.row_middle(i) - ROW_BAR / 2.0;
                    let (x0, x1) = (self.x(base[i]), self.x(base[i] + v));
                    let hover = data.hover(&s.name, cat, v);
                    rect(out, &class, x0, y, x1 - x0, ROW_BAR, Some(&hover));
                    base[i] += v;
                }
            }
        }
        out.push_str("</g>");
    }

    /// Each row's total right of its bar.
    pub(super) fn draw_totals(&self, out: &mut String, totals: &[f64]) {
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

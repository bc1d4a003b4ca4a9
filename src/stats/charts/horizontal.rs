//! Horizontal stacked-bar charts: one row per category with its label on the left, the
//! value axis above (repeated below long charts), and each row's total after its bar. The
//! height grows with the number of rows, and a row grows when its label wraps onto more
//! lines (labels take at most 40 % of the width, 45 % on a phone-sized drawing).

use super::data::Data;
use super::legend::Legend;
use super::scale::{Scale, format_value};
use super::svg::{Head, TextAt, lines_height, rect, text, vline};
use super::text::{Fitted, N, plain, text_width};
use super::{Chart, ChartKind, FONT, PAD, RIGHT, ROW, ROW_BAR, SMALL_FONT};

/// Lays out and draws a horizontal stacked-bar chart: one row per category.
pub(super) fn draw_horizontal(out: &mut String, head: &Head, chart: &Chart, data: &Data<'_>) {
    let rows = Rows::layout(chart, data);
    head.open(
        out,
        ChartKind::HorizontalStackedBars.css_class(),
        data.width,
        rows.height,
        r#"width="100%""#,
    );
    rows.legend.draw(out, PAD, PAD, false);
    rows.draw_header(out);
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
    /// The top of each row, and below the last one the rows' bottom.
    pub(super) edges: Vec<f64>,
    /// The header (axis labels, wrapped) and its first baseline, if there is one.
    pub(super) header: Option<(f64, Fitted, Fitted)>,
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
        let share = if data.width < 400.0 { 0.45 } else { 0.4 };
        let labels: Vec<Fitted> =
            data.categories.iter().map(|c| Fitted::wrap(c, FONT, data.width * share)).collect();
        let label_width = labels.iter().map(|l| l.width).fold(0.0, f64::max);
        let totals = data.totals().into_iter().map(|t| text_width(&format_value(t), SMALL_FONT));
        let last_tick = tick_labels.last().map_or(0.0, |l| text_width(l, FONT) / 2.0);
        let right = RIGHT.max(totals.fold(0.0, f64::max) + 10.0).max(last_tick + PAD);
        let legend = Legend::layout(&data.series, data.width - 2.0 * PAD, false);
        let left = PAD + label_width + 10.0;
        let width = data.width - left - right;
        let has_header = !chart.x_label.trim().is_empty() || !chart.y_label.trim().is_empty();
        let header = has_header.then(|| {
            let y = PAD + legend.height + FONT + 4.0;
            Self::header(chart, y, left, width)
        });
        let header_rows = header.as_ref().map_or(0.0, |(y, cat, value)| {
            y + lines_height(cat.rows().max(value.rows()), FONT) + 6.0
        });
        let top = if has_header { header_rows } else { PAD + legend.height } + FONT + 10.0;
        let mut edges = vec![top];
        for l in &labels {
            let last = edges[edges.len() - 1];
            edges.push(last + ROW + lines_height(l.rows(), FONT));
        }
        let n = data.categories.len();
        let below = if n > 15 { FONT + 12.0 } else { 4.0 };
        let height = edges[edges.len() - 1] + below + PAD;
        Rows { legend, scale, tick_labels, labels, edges, header, left, width, top, height }
    }

    /// The header's two labels: the category-axis label wrapped to the label column, the
    /// value-axis label to the bars' area (kept clear of a category label wider than its
    /// column).
    fn header(chart: &Chart, y: f64, left: f64, width: f64) -> (f64, Fitted, Fitted) {
        let column = (left - PAD - 10.0).max(60.0);
        let cat = Fitted::wrap(&chart.x_label, FONT, column);
        let overlap = (PAD + cat.width + 12.0 - left).max(0.0);
        let value = Fitted::wrap(&chart.y_label, FONT, (width - 2.0 * overlap).max(FONT));
        (y, cat, value)
    }

    pub(super) fn x(&self, v: f64) -> f64 {
        self.left + v / self.scale.top() * self.width
    }

    pub(super) fn bottom(&self) -> f64 {
        self.edges[self.edges.len() - 1]
    }

    pub(super) fn row_middle(&self, i: usize) -> f64 {
        (self.edges[i] + self.edges[i + 1]) / 2.0
    }

    /// The category-axis label over the labels, the value-axis label over the bars.
    pub(super) fn draw_header(&self, out: &mut String) {
        let Some((y, cat, value)) = &self.header else { return };
        text(out, TextAt { x: PAD, y: *y, class: "label", anchor: "start", extra: "" }, cat);
        let x = self.left + self.width / 2.0;
        text(out, TextAt { x, y: *y, class: "label", anchor: "middle", extra: "" }, value);
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

    /// Category labels, right-aligned left of the rows and centred on them.
    pub(super) fn draw_labels(&self, out: &mut String) {
        out.push_str(r#"<g class="categories">"#);
        for (i, label) in self.labels.iter().enumerate() {
            let y = self.row_middle(i) - lines_height(label.rows(), FONT) / 2.0;
            let x = self.left - 8.0;
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

//! Vertical charts (stacked bars, grouped bars, lines): the plot area, the value axis on
//! the left, and the layout that puts legend, axis labels, marks and category labels
//! together. The marks themselves are drawn by `bars` and `lines`.

use super::bars::{bar_labels, draw_bar_labels, draw_grouped, draw_stacked};
use super::data::Data;
use super::legend::Legend;
use super::lines::draw_lines;
use super::scale::{CategoryAxis, Scale};
use super::svg::{Head, TextAt, hline, lines_height, text, vline};
use super::text::{Fitted, plain, text_width};
use super::{Chart, ChartKind, FONT, PAD, PLOT_HEIGHT, RIGHT};

/// The plot area of a vertical chart and the value axis.
pub(super) struct Plot {
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) band: f64,
    pub(super) scale: Scale,
}

impl Plot {
    /// Places the plot area below `top`: wide enough on the left for the tick labels and
    /// the first category labels, on the right for the last one. The category labels are
    /// laid out for a first guess of the band width, room is made for them, then they are
    /// laid out again for the final band width.
    pub(super) fn layout(
        scale: Scale,
        categories: &[String],
        top: f64,
        chart_width: f64,
    ) -> (Plot, CategoryAxis) {
        let ticks = scale.labels().iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
        let n = categories.len().max(1) as f64;
        let left0 = PAD + ticks + 10.0;
        let band0 = (chart_width - left0 - RIGHT) / n;
        let first = CategoryAxis::layout(categories, band0);
        let left = left0.max(PAD + first.overhang_left(band0));
        let right = RIGHT.max(first.overhang_right(band0));
        let width = chart_width - left - right;
        let band = width / n;
        let plot = Plot { left, top, width, height: PLOT_HEIGHT, band, scale };
        (plot, CategoryAxis::layout(categories, band))
    }

    pub(super) fn y(&self, v: f64) -> f64 {
        self.top + self.height - v / self.scale.top() * self.height
    }

    pub(super) fn bottom(&self) -> f64 {
        self.top + self.height
    }

    pub(super) fn x(&self, i: usize) -> f64 {
        self.left + self.band * i as f64
    }

    /// Horizontal grid lines, tick labels left of the plot, and the value-axis label
    /// (already wrapped) with its first baseline at `label_y`.
    pub(super) fn draw_value_axis(
        &self,
        out: &mut String,
        labels: &[String],
        y_label: &Fitted,
        label_y: f64,
    ) {
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
        if !y_label.joined().trim().is_empty() {
            let at = TextAt { x: PAD, y: label_y, class: "label", anchor: "start", extra: "" };
            text(out, at, y_label);
        }
    }
}

/// Lays out and draws a stacked-bar, grouped-bar or line chart.
pub(super) fn draw_vertical(
    out: &mut String,
    head: &Head,
    chart: &Chart,
    data: &Data<'_>,
    kind: ChartKind,
) {
    let lines = kind == ChartKind::Lines;
    let full = data.width - 2.0 * PAD;
    let legend = Legend::layout(&data.series, full, lines);
    let totals = bar_labels(data, kind);
    let y_label_y = PAD + legend.height + FONT + 2.0;
    let y_label = Fitted::wrap(&chart.y_label, FONT, full);
    let has_y_label = !chart.y_label.trim().is_empty();
    let top = if has_y_label {
        y_label_y + lines_height(y_label.rows(), FONT) + 14.0
    } else {
        PAD + legend.height + 10.0
    };
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
    let (plot, axis) = Plot::layout(scale, axis_labels, top, data.width);
    let has_x_label = !chart.x_label.trim().is_empty();
    let x_label = Fitted::wrap(&chart.x_label, FONT, full);
    let x_label_y = plot.bottom() + axis.height + FONT + 8.0;
    let height = if has_x_label {
        x_label_y + lines_height(x_label.rows(), FONT) + 4.0
    } else {
        plot.bottom() + axis.height
    } + PAD;

    head.open(out, kind.css_class(), data.width, height, r#"width="100%""#);
    legend.draw(out, PAD, PAD, lines);
    plot.draw_value_axis(out, &scale.labels(), &y_label, y_label_y);
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
        // Centred under the plot when it fits there, else across the whole chart.
        let x = if x_label.width <= plot.width {
            plot.left + plot.width / 2.0
        } else {
            PAD + full / 2.0
        };
        let at = TextAt { x, y: x_label_y, class: "label", anchor: "middle", extra: "" };
        text(out, at, &x_label);
    }
    out.push_str("</svg>");
}

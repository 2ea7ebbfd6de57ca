//! The charts of the analysis screen, where a person would rather look than read:
//! sales by day (bars, or a sparkline when the days outnumber the columns), the on-time
//! rate by week (a line), and receivables by age (bars). In ASCII mode the bars are
//! drawn with ASCII characters and the line with dots.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Chart, Dataset, GraphType, Paragraph, Sparkline,
};
use ratatui::Frame;

use crate::domain::figures::{days_per_bar, Rate};
use crate::domain::ledger::AgingBucket;
use crate::domain::money::Money;
use crate::domain::text::display_width;
use crate::i18n::Lang;
use crate::ops::figures::Sales;
use crate::ui::theme::Theme;

/// The bar characters: blocks, or ASCII for terminals that draw blocks two cells wide.
fn bar_set(theme: Theme) -> symbols::bar::Set<'static> {
    if theme.ascii_borders {
        symbols::bar::Set {
            full: "#",
            seven_eighths: "#",
            three_quarters: "#",
            five_eighths: "=",
            half: "=",
            three_eighths: "-",
            one_quarter: "_",
            one_eighth: "_",
            empty: " ",
        }
    } else {
        symbols::bar::NINE_LEVELS
    }
}

/// An amount in a few characters, for a bar: `12.3万` / `123.4k`.
pub fn short_money(minor: i64, lang: Lang) -> String {
    let yuan = minor / 100;
    let tenths = |unit: i64| {
        let t = (minor * 10 / (unit * 100)).abs();
        let sign = if minor < 0 { "-" } else { "" };
        format!("{sign}{}.{}", t / 10, t % 10)
    };
    match lang {
        Lang::Zh if yuan.abs() >= 100_000_000 => format!("{}亿", tenths(100_000_000)),
        Lang::Zh if yuan.abs() >= 10_000 => format!("{}万", tenths(10_000)),
        Lang::En if yuan.abs() >= 1_000_000 => format!("{}M", tenths(1_000_000)),
        Lang::En if yuan.abs() >= 1_000 => format!("{}k", tenths(1_000)),
        _ => yuan.to_string(),
    }
}

fn value(minor: i64) -> u64 {
    u64::try_from(minor.max(0)).unwrap_or(0)
}

/// Order amounts per day of a period: a bar a day when the days fit, else a sparkline
/// of as many days per column as it takes; the first and last date and the best day
/// under it.
pub fn daily(f: &mut Frame, area: Rect, sales: &Sales, lang: Lang, theme: Theme) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let [chart, axis] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let amounts: Vec<i64> = sales.days.iter().map(|d| d.orders.amount.minor()).collect();
    let width = usize::from(chart.width);
    let per = if amounts.len() * 2 <= width {
        1
    } else {
        days_per_bar(amounts.len(), width)
    };
    let buckets: Vec<i64> = amounts.chunks(per).map(|c| c.iter().sum()).collect();
    if per == 1 {
        let bars: Vec<Bar> = buckets
            .iter()
            .map(|m| Bar::new(value(*m)).text_value(String::new()))
            .collect();
        f.render_widget(
            BarChart::default()
                .data(BarGroup::new(bars))
                .bar_width(1)
                .bar_gap(1)
                .bar_set(bar_set(theme))
                .bar_style(theme.title()),
            chart,
        );
    } else {
        let data: Vec<u64> = buckets.iter().map(|m| value(*m)).collect();
        f.render_widget(
            Sparkline::default()
                .data(&data)
                .bar_set(bar_set(theme))
                .style(theme.title()),
            chart,
        );
    }
    let best = sales
        .days
        .iter()
        .max_by_key(|d| (d.orders.amount, std::cmp::Reverse(d.date)))
        .filter(|d| d.orders.amount.is_positive());
    let mid = match best {
        Some(d) => crate::bi!(
            lang,
            "最高 {} ¥{}",
            "best {} ¥{}",
            d.date.format("%m-%d"),
            d.orders.amount
        ),
        None => String::new(),
    };
    let per_text = if per > 1 {
        crate::bi!(lang, " · 每柱 {} 天", " · {} days a bar", per)
    } else {
        String::new()
    };
    let left = format!("{}{per_text}", sales.period.from.format("%m-%d"));
    let right = sales.period.to.format("%m-%d").to_string();
    let room = usize::from(axis.width);
    let gap =
        room.saturating_sub(display_width(&left) + display_width(&mid) + display_width(&right));
    let text = if gap >= 2 {
        format!(
            "{left}{}{mid}{}{right}",
            " ".repeat(gap / 2),
            " ".repeat(gap - gap / 2)
        )
    } else {
        format!("{left} {right}")
    };
    f.render_widget(Paragraph::new(Span::styled(text, theme.dim())), axis);
}

/// The share on time per week as a line from 0 to 100%, this period's and (dim) the
/// compared period's, week by week; weeks without a delivery asked for by a date are
/// left out.
pub fn on_time(
    f: &mut Frame,
    area: Rect,
    now: &[(chrono::NaiveDate, Rate)],
    before: Option<&[(chrono::NaiveDate, Rate)]>,
    lang: Lang,
    theme: Theme,
) {
    let points = |weeks: &[(chrono::NaiveDate, Rate)]| -> Vec<(f64, f64)> {
        weeks
            .iter()
            .enumerate()
            .filter_map(|(i, (_, r))| r.per_mille().map(|pm| (i as f64, pm as f64 / 10.0)))
            .collect()
    };
    let now_points = points(now);
    let before_points = before.map(points).unwrap_or_default();
    let marker = if theme.ascii_borders {
        symbols::Marker::Dot
    } else {
        symbols::Marker::Braille
    };
    let mut sets = Vec::new();
    if !before_points.is_empty() {
        sets.push(
            Dataset::default()
                .name(lang.pick("对比期", "compared"))
                .marker(marker)
                .graph_type(GraphType::Line)
                .style(theme.dim())
                .data(&before_points),
        );
    }
    sets.push(
        Dataset::default()
            .name(lang.pick("本期", "period"))
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(theme.title())
            .data(&now_points),
    );
    let weeks = now.len().max(before.map_or(0, <[_]>::len)).max(2);
    let first = now
        .first()
        .map(|(d, _)| d.format("%m-%d").to_string())
        .unwrap_or_default();
    let last = now
        .last()
        .map(|(d, _)| d.format("%m-%d").to_string())
        .unwrap_or_default();
    let chart = Chart::new(sets)
        .x_axis(
            Axis::default()
                .bounds([0.0, (weeks - 1) as f64])
                .labels([Line::from(first), Line::from(last)])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0%", "50%", "100%"].map(Line::from))
                .style(theme.dim()),
        )
        .legend_position(None);
    f.render_widget(chart, area);
}

fn bucket_short(b: AgingBucket, lang: Lang) -> &'static str {
    match b {
        AgingBucket::NotDue => lang.pick("未到期", "not due"),
        AgingBucket::Days1To30 => "1-30",
        AgingBucket::Days31To60 => "31-60",
        AgingBucket::Days61To90 => "61-90",
        AgingBucket::Days91To180 => "91-180",
        AgingBucket::Over180 => ">180",
    }
}

/// Open receivables per aging bucket: one bar each, overdue ones in warning colours.
pub fn aging(f: &mut Frame, area: Rect, aging: &[(AgingBucket, Money)], lang: Lang, theme: Theme) {
    if area.height < 3 || aging.is_empty() {
        return;
    }
    let n = aging.len() as u16;
    let width = (area.width.saturating_sub(n - 1) / n).clamp(3, 14);
    let bars: Vec<Bar> = aging
        .iter()
        .map(|(b, m)| {
            let style: Style = match b {
                AgingBucket::NotDue => theme.ok(),
                AgingBucket::Days1To30 | AgingBucket::Days31To60 => theme.warning(),
                _ => theme.error(),
            };
            Bar::new(value(m.minor()))
                .label(Line::from(bucket_short(*b, lang)))
                .text_value(short_money(m.minor(), lang))
                .style(style)
                .value_style(theme.selected())
        })
        .collect();
    f.render_widget(
        BarChart::default()
            .data(BarGroup::new(bars))
            .bar_width(width)
            .bar_gap(1)
            .bar_set(bar_set(theme)),
        area,
    );
}

// Amounts in fen are written yuan_fen (123_456_00 is ¥123,456.00).
#[allow(clippy::inconsistent_digit_grouping)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_amounts_in_both_languages() {
        assert_eq!(short_money(123_456_00, Lang::Zh), "12.3万");
        assert_eq!(short_money(123_456_00, Lang::En), "123.4k");
        assert_eq!(short_money(250_000_000_00, Lang::Zh), "2.5亿");
        assert_eq!(short_money(999_00, Lang::En), "999");
        assert_eq!(short_money(-15_000_00, Lang::En), "-15.0k");
    }
}

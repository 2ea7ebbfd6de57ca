//! Drawing the analysis screen: the period line, the section tabs, and each section's
//! tables and charts. A figure not read yet shows as `…`.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Tabs};
use ratatui::Frame;

use super::cells::{change_style, header, right, waiting, PENDING};
use super::{charts, tables, FiguresView, Section};
use crate::domain::figures::{change_text, duration_text, points_text, Rate};
use crate::domain::ledger::AgingBucket;
use crate::domain::money::Money;
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::figures::{Day, Stage, Summary, Times, Totals};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};

pub fn draw(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let [head, tabs, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_head(v, f, head, lang, theme);
    let titles: Vec<Line> = Section::ALL
        .iter()
        .map(|s| Line::from(s.label(lang)))
        .collect();
    f.render_widget(
        Tabs::new(titles)
            .select(v.section.index())
            .highlight_style(theme.selected())
            .divider("|"),
        tabs,
    );
    match v.section {
        Section::Summary => summary(v, f, body, lang, theme),
        Section::Daily => daily(v, f, body, lang, theme),
        Section::Ranking => tables::ranking(v, f, body, lang, theme),
        Section::Times => tables::times(v, f, body, lang, theme),
        Section::OnTime => on_time(v, f, body, lang, theme),
        Section::Aging => aging(v, f, body, lang, theme),
        Section::Staff => tables::staff(v, f, body, lang, theme),
    }
}

/// The period and what it is compared with, and whether the figures are still being
/// read; the preset's name goes first when it fits.
fn draw_head(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let compared = match v.compared() {
        Some(c) => format!("{} {}", v.comparison.label(lang), c.label()),
        None => v.comparison.label(lang).to_string(),
    };
    let status = if v.computing {
        lang.pick(" 计算中…", " computing…")
    } else if v.error.is_some() {
        lang.pick(" 读取失败", " not read")
    } else {
        ""
    };
    let room = usize::from(area.width).saturating_sub(display_width(status));
    let long = format!("{} {} · {compared}", v.preset.label(lang), v.period.label());
    let short = format!("{} · {compared}", v.period.label());
    let text = if display_width(&long) <= room {
        long
    } else {
        short
    };
    let style = if v.error.is_some() {
        theme.error()
    } else {
        theme.warning()
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(truncate_to_width(&text, room), theme.title()),
            Span::styled(status, style),
        ])),
        area,
    );
}

/// One figure of the summary: its name, this period's value, the compared one's, and
/// the change with whether a rise is good news.
struct Figure {
    label: String,
    now: Option<String>,
    before: Option<String>,
    change: Option<(String, bool)>,
}

fn figure<T: Copy>(
    label: &str,
    now: Option<T>,
    before: Option<T>,
    shown: impl Fn(T) -> String,
    change: impl Fn(T, T) -> String,
    better_up: bool,
) -> Figure {
    Figure {
        label: label.to_string(),
        now: now.map(&shown),
        before: before.map(&shown),
        change: now.zip(before).map(|(a, b)| (change(a, b), better_up)),
    }
}

/// The figures of the summary, this period beside the compared one.
fn summary_figures(v: &FiguresView, lang: Lang) -> Vec<Figure> {
    let now = v.now.summary.as_ref();
    let before = v.before.summary.as_ref();
    let total = |s: Option<&Summary>, g: fn(&Day) -> Totals| s.map(|s| g(&s.sales.total));
    let mut out = vec![figure(
        lang.pick("订单数", "Orders"),
        total(now, |d| d.orders).map(|t| t.count),
        total(before, |d| d.orders).map(|t| t.count),
        |n| n.to_string(),
        change_text,
        true,
    )];
    type Pick = fn(&Day) -> Totals;
    let money: [(&str, &str, Pick, bool); 4] = [
        ("订单金额", "Order amount", |d| d.orders, true),
        ("开票金额", "Invoiced", |d| d.invoiced, true),
        ("收款金额", "Collected", |d| d.collected, true),
        // More returned is worse.
        ("退货金额", "Returns", |d| d.returns, false),
    ];
    for (zh, en, g, better_up) in money {
        out.push(figure(
            lang.pick(zh, en),
            total(now, g).map(|t| t.amount),
            total(before, g).map(|t| t.amount),
            |m| m.to_string(),
            |a, b| change_text(a.minor(), b.minor()),
            better_up,
        ));
    }
    let ships = |s: Option<&Summary>| s.map(|s| s.sales.total.shipments);
    out.push(figure(
        lang.pick("发货单数", "Shipments"),
        ships(now),
        ships(before),
        |n| n.to_string(),
        change_text,
        true,
    ));
    type RateOf = fn(&Summary) -> Rate;
    let rates: [(&str, &str, RateOf, bool); 2] = [
        ("准时交付率", "On-time delivery", |s| s.on_time.rate, true),
        (
            "审批驳回率",
            "Approval rejections",
            |s| s.decisions.rejection_rate(),
            false,
        ),
    ];
    for (zh, en, get, better_up) in rates {
        out.push(figure(
            lang.pick(zh, en),
            now.map(get),
            before.map(get),
            |r| r.text(),
            |a, b| points_text(a, b, lang),
            better_up,
        ));
    }
    let median = |t: Option<&Times>| t.and_then(|t| t.of(Stage::SubmitToSign).median);
    let mut whole_way = figure(
        lang.pick("提交→签收中位数", "Submit → sign, median"),
        median(v.now.times.as_ref()),
        median(v.before.times.as_ref()),
        |s| duration_text(Some(s), lang),
        change_text,
        false,
    );
    // Not read yet, or read and nothing signed for: "…" or "—".
    if v.now.times.is_some() && whole_way.now.is_none() {
        whole_way.now = Some(duration_text(None, lang));
    }
    if v.before.times.is_some() && whole_way.before.is_none() {
        whole_way.before = Some(duration_text(None, lang));
    }
    out.push(whole_way);
    let overdue = v.now.aging.as_ref().map(|a| {
        a.iter()
            .filter(|(b, _)| *b != AgingBucket::NotDue)
            .map(|(_, m)| m.minor())
            .sum::<i64>()
    });
    out.push(Figure {
        label: lang.pick("逾期应收（今日）", "Overdue today").to_string(),
        now: overdue.map(|m| Money::from_minor(m).to_string()),
        before: Some(String::new()),
        change: None,
    });
    out
}

/// The rows of the summary: figure, this period, the compared one, the change.
fn summary_rows(v: &FiguresView, lang: Lang, theme: Theme) -> Vec<Row<'static>> {
    let compare = v.compared().is_some();
    summary_figures(v, lang)
        .into_iter()
        .map(|x| {
            let mut cells = vec![
                Cell::from(x.label),
                right(x.now.unwrap_or_else(|| PENDING.into())),
            ];
            if compare {
                cells.push(right(x.before.unwrap_or_else(|| PENDING.into())));
                let (c, better) = x.change.unwrap_or_else(|| (String::new(), true));
                let style = change_style(&c, theme, better);
                cells.push(Cell::from(Line::from(c).right_aligned()).style(style));
            }
            Row::new(cells)
        })
        .collect()
}

fn summary(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let block = framed(Section::Summary.label(lang), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = summary_rows(v, lang, theme);
    let table_h = (rows.len() as u16 + 1).min(inner.height);
    let [table, chart] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Fill(1)]).areas(inner);
    let wide = inner.width >= 100;
    let (label_w, money_w) = if wide { (26u16, 20u16) } else { (22, 16) };
    let mut widths = vec![label_w, money_w];
    let mut cols = vec![("指标", "Figure", false), ("本期", "Period", true)];
    if v.compared().is_some() {
        widths.extend([money_w, 16]);
        cols.extend([("对比期", "Compared", true), ("变化", "Change", true)]);
    }
    f.render_widget(
        Table::new(rows, widths.into_iter().map(Constraint::Length))
            .header(header(&cols, lang, theme))
            .column_spacing(1),
        table,
    );
    if chart.height >= 3 {
        if let Some(s) = &v.now.summary {
            let [label, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(chart);
            f.render_widget(
                Paragraph::new(Span::styled(
                    lang.pick("每日订单金额", "Order amount per day"),
                    theme.dim(),
                )),
                label,
            );
            charts::daily(f, rest, &s.sales, lang, theme);
        }
    }
}

fn daily(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let Some(s) = &v.now.summary else {
        return waiting(f, area, Section::Daily, lang, theme);
    };
    let before = v
        .before
        .summary
        .as_ref()
        .map(|b| b.sales.total.orders.amount);
    let title = match before {
        Some(b) => crate::bi!(
            lang,
            "按日销售 · 合计 ¥{} · 对比期 ¥{}（{}）",
            "Sales by day · ¥{} in all · compared ¥{} ({})",
            s.sales.total.orders.amount,
            b,
            change_text(s.sales.total.orders.amount.minor(), b.minor())
        ),
        None => crate::bi!(
            lang,
            "按日销售 · 合计 ¥{}",
            "Sales by day · ¥{} in all",
            s.sales.total.orders.amount
        ),
    };
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let chart_h = (inner.height / 2).clamp(3, 14);
    let [chart, table] =
        Layout::vertical([Constraint::Length(chart_h), Constraint::Fill(1)]).areas(inner);
    charts::daily(f, chart, &s.sales, lang, theme);
    let cols = [
        ("日期", "Date", false),
        ("订单", "Orders", true),
        ("订单金额", "Ordered", true),
        ("发货", "Shipped", true),
        ("开票金额", "Invoiced", true),
        ("收款金额", "Collected", true),
    ];
    let height = usize::from(table.height.saturating_sub(1));
    let start = scroll_start(v.selected, height);
    let rows = s
        .sales
        .days
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, d)| {
            let row = Row::new(vec![
                Cell::from(d.date.to_string()),
                right(d.orders.count.to_string()),
                right(d.orders.amount.to_string()),
                right(d.shipments.to_string()),
                right(d.invoiced.amount.to_string()),
                right(d.collected.amount.to_string()),
            ]);
            if i == v.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, [10u16, 6, 14, 7, 14, 14].map(Constraint::Length))
            .header(header(&cols, lang, theme))
            .column_spacing(1),
        table,
    );
}

fn on_time(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let Some(s) = &v.now.summary else {
        return waiting(f, area, Section::OnTime, lang, theme);
    };
    let o = &s.on_time;
    let before = v.before.summary.as_ref().map(|b| &b.on_time);
    let title = match before {
        Some(b) => crate::bi!(
            lang,
            "准时交付率 {}（{}/{}）· 对比期 {}",
            "On time {} ({}/{}) · compared {}",
            o.rate.text(),
            o.rate.part,
            o.rate.whole,
            b.rate.text()
        ),
        None => crate::bi!(
            lang,
            "准时交付率 {}（{}/{}）",
            "On time {} ({}/{})",
            o.rate.text(),
            o.rate.part,
            o.rate.whole
        ),
    };
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [chart, note] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    charts::on_time(
        f,
        chart,
        &o.weeks,
        before.map(|b| b.weeks.as_slice()),
        lang,
        theme,
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            lang.pick(
                "按周：签收不晚于订单要求日期的发货单所占比例（灰线为对比期）",
                "Per week: share signed for by the date asked (grey: compared)",
            ),
            theme.dim(),
        )),
        note,
    );
}

fn aging(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let Some(a) = &v.now.aging else {
        return waiting(f, area, Section::Aging, lang, theme);
    };
    let total: i64 = a.iter().map(|(_, m)| m.minor()).sum();
    let overdue: i64 = a
        .iter()
        .filter(|(b, _)| *b != AgingBucket::NotDue)
        .map(|(_, m)| m.minor())
        .sum();
    let title = crate::bi!(
        lang,
        "应收账龄（今日）· 未收 ¥{} · 逾期 ¥{}",
        "Receivables by age (today) · open ¥{} · overdue ¥{}",
        Money::from_minor(total),
        Money::from_minor(overdue)
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let table_h = (a.len() as u16 + 1).min(inner.height / 2);
    let [chart, table] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(table_h)]).areas(inner);
    charts::aging(f, chart, a, lang, theme);
    let rows = a.iter().map(|(b, m)| {
        Row::new(vec![
            Cell::from(b.label(lang)),
            right(m.to_string()),
            right(Rate::new(m.minor(), total).text()),
        ])
    });
    f.render_widget(
        Table::new(rows, [16u16, 16, 8].map(Constraint::Length))
            .header(header(
                &[
                    ("账龄", "Age", false),
                    ("未收金额", "Open", true),
                    ("占比", "Share", true),
                ],
                lang,
                theme,
            ))
            .column_spacing(1),
        table,
    );
}

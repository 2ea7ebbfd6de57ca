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
use crate::ops::figures::{Day, Stage, Summary, Totals};
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

fn summary_rows(v: &FiguresView, lang: Lang, theme: Theme) -> Vec<Row<'static>> {
    let now = v.now.summary.as_ref();
    let before = v.before.summary.as_ref();
    let compare = v.compared().is_some();
    let mut rows = Vec::new();
    let mut push =
        |label: &str, a: Option<String>, b: Option<String>, change: Option<(String, bool)>| {
            let mut cells = vec![
                Cell::from(label.to_string()),
                right(a.unwrap_or_else(|| PENDING.into())),
            ];
            if compare {
                cells.push(right(b.unwrap_or_else(|| PENDING.into())));
                let (c, better) = change.unwrap_or_else(|| (String::new(), true));
                let style = change_style(&c, theme, better);
                cells.push(Cell::from(Line::from(c).right_aligned()).style(style));
            }
            rows.push(Row::new(cells));
        };
    let total = |s: Option<&Summary>, g: fn(&Day) -> Totals| s.map(|s| g(&s.sales.total));
    let orders = |d: &Day| d.orders;
    let (a, b) = (total(now, orders), total(before, orders));
    push(
        lang.pick("订单数", "Orders"),
        a.map(|t| t.count.to_string()),
        b.map(|t| t.count.to_string()),
        a.zip(b).map(|(a, b)| (change_text(a.count, b.count), true)),
    );
    type Pick = fn(&Day) -> Totals;
    let money_rows: [(&str, &str, Pick, bool); 4] = [
        ("订单金额", "Order amount", |d| d.orders, true),
        ("开票金额", "Invoiced", |d| d.invoiced, true),
        ("收款金额", "Collected", |d| d.collected, true),
        // More returned is worse.
        ("退货金额", "Returns", |d| d.returns, false),
    ];
    for (zh, en, g, better_up) in money_rows {
        let (a, b) = (total(now, g), total(before, g));
        push(
            lang.pick(zh, en),
            a.map(|t| t.amount.to_string()),
            b.map(|t| t.amount.to_string()),
            a.zip(b)
                .map(|(a, b)| (change_text(a.amount.minor(), b.amount.minor()), better_up)),
        );
    }
    let ships = |s: Option<&Summary>| s.map(|s| s.sales.total.shipments);
    push(
        lang.pick("发货单数", "Shipments"),
        ships(now).map(|n| n.to_string()),
        ships(before).map(|n| n.to_string()),
        match (ships(now), ships(before)) {
            (Some(a), Some(b)) => Some((change_text(a, b), true)),
            _ => None,
        },
    );
    let rate_row = |get: fn(&Summary) -> Rate,
                    label: &str,
                    better_up: bool,
                    push: &mut dyn FnMut(
        &str,
        Option<String>,
        Option<String>,
        Option<(String, bool)>,
    )| {
        let (a, b) = (now.map(get), before.map(get));
        let change = match (a, b) {
            (Some(a), Some(b)) => Some((points_text(a, b, lang), better_up)),
            _ => None,
        };
        push(label, a.map(|r| r.text()), b.map(|r| r.text()), change);
    };
    rate_row(
        |s| s.on_time.rate,
        lang.pick("准时交付率", "On-time delivery"),
        true,
        &mut push,
    );
    rate_row(
        |s| s.decisions.rejection_rate(),
        lang.pick("审批驳回率", "Approval rejections"),
        false,
        &mut push,
    );
    let median =
        |t: Option<&crate::ops::figures::Times>| t.map(|t| t.of(Stage::SubmitToSign).median);
    let (a, b) = (
        median(v.now.times.as_ref()),
        median(v.before.times.as_ref()),
    );
    push(
        lang.pick("提交→签收中位数", "Submit → sign, median"),
        a.map(|s| duration_text(s, lang)),
        b.map(|s| duration_text(s, lang)),
        match (a, b) {
            (Some(Some(a)), Some(Some(b))) => Some((change_text(a, b), false)),
            _ => None,
        },
    );
    let overdue = v.now.aging.as_ref().map(|a| {
        a.iter()
            .filter(|(b, _)| *b != AgingBucket::NotDue)
            .map(|(_, m)| m.minor())
            .sum::<i64>()
    });
    push(
        lang.pick("逾期应收（今日）", "Overdue today"),
        overdue.map(|m| Money::from_minor(m).to_string()),
        Some(String::new()),
        None,
    );
    rows
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

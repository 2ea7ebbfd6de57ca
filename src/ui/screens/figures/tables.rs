//! The analysis screen's long tables: the ranking of customers, products, channels or
//! salespeople, the processing times with the queue's decisions, staff performance.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::cells::{change_style, header, right, waiting, PENDING};
use super::{FiguresView, Section};
use crate::domain::figures::{change_text, duration_text, Rate};
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::figures::{Dimension, Stage};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};
use crate::ui::widgets::empty_hint;

pub(super) fn ranking(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let d = v.dimension;
    let Some(r) = v.now.ranking(d) else {
        return waiting(f, area, Section::Ranking, lang, theme);
    };
    let others: Vec<&str> = Dimension::ALL
        .iter()
        .filter(|x| **x != d)
        .map(|x| x.label(lang))
        .collect();
    let title = crate::bi!(
        lang,
        "{} · {} 项 · 合计 ¥{} · F8 换{}",
        "{} · {} · ¥{} in all · F8 {}",
        d.label(lang),
        r.rows.len(),
        r.total.amount,
        others.first().copied().unwrap_or_default()
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let before = v.before.ranking(d);
    let compare = v.compared().is_some();
    let wide = inner.width >= 110;
    let count_label = if d == Dimension::Product {
        ("订单行", "Lines", true)
    } else {
        ("订单数", "Orders", true)
    };
    let mut cols = vec![
        ("#", "#", true),
        ("编号", "Code", false),
        ("名称", "Name", false),
        count_label,
        ("金额", "Amount", true),
        ("占比", "Share", true),
    ];
    let mut fixed: Vec<u16> = vec![4, 10, 0, 6, 14, 6];
    if compare && wide {
        cols.push(("对比期金额", "Compared", true));
        fixed.push(14);
    }
    if compare {
        cols.push(("变化", "Change", true));
        fixed.push(8);
    }
    let used: u16 = fixed.iter().sum::<u16>() + fixed.len() as u16 - 1;
    fixed[2] = inner.width.saturating_sub(used).max(6);
    let height = usize::from(inner.height.saturating_sub(1));
    let start = scroll_start(v.selected, height);
    let rows = r
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, x)| {
            let mut cells = vec![
                right((i + 1).to_string()),
                Cell::from(truncate_to_width(&x.code, 10)),
                Cell::from(truncate_to_width(
                    &x.shown_name(d, lang),
                    usize::from(fixed[2]),
                )),
                right(x.count.to_string()),
                right(x.amount.to_string()),
                right(Rate::new(x.amount.minor(), r.total.amount.minor()).text()),
            ];
            if compare {
                let was = before.map(|b| b.amount_of(x));
                if wide {
                    cells.push(right(
                        was.map_or_else(|| PENDING.to_string(), |m| m.to_string()),
                    ));
                }
                let c = was.map_or_else(
                    || PENDING.to_string(),
                    |m| change_text(x.amount.minor(), m.minor()),
                );
                let style = change_style(&c, theme, true);
                cells.push(Cell::from(Line::from(c).right_aligned()).style(style));
            }
            let row = Row::new(cells);
            if i == v.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, fixed.iter().copied().map(Constraint::Length))
            .header(header(&cols, lang, theme))
            .column_spacing(1),
        inner,
    );
    if r.rows.is_empty() {
        empty_hint(
            f,
            inner,
            lang.pick("  本期没有订单。", "  No orders in this period."),
            theme,
        );
    }
}

pub(super) fn times(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let Some(t) = &v.now.times else {
        return waiting(f, area, Section::Times, lang, theme);
    };
    let title = crate::bi!(
        lang,
        "处理时效 · 本期 {} 张订单",
        "Processing times · {} orders taken",
        t.orders
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let compare = v.compared().is_some();
    let mut cols = vec![
        ("环节", "Stage", false),
        ("单数", "Orders", true),
        ("中位数", "Median", true),
        ("90分位", "90th pct", true),
    ];
    let mut widths: Vec<u16> = vec![22, 6, 10, 10];
    if compare {
        cols.extend([
            ("对比中位数", "Cmp median", true),
            ("对比90分位", "Cmp 90th", true),
        ]);
        widths.extend([11, 11]);
    }
    let rows: Vec<Row> = Stage::ALL
        .into_iter()
        .map(|stage| {
            let s = t.of(stage);
            let mut cells = vec![
                Cell::from(stage.label(lang)),
                right(s.n.to_string()),
                right(duration_text(s.median, lang)),
                right(duration_text(s.p90, lang)),
            ];
            if compare {
                let b = v.before.times.as_ref().map(|b| b.of(stage));
                let shown = |x: Option<Option<i64>>| match x {
                    Some(s) => duration_text(s, lang),
                    None => PENDING.to_string(),
                };
                cells.push(right(shown(b.map(|b| b.median))));
                cells.push(right(shown(b.map(|b| b.p90))));
            }
            Row::new(cells)
        })
        .collect();
    let [table, notes] =
        Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(inner);
    f.render_widget(
        Table::new(rows, widths.into_iter().map(Constraint::Length))
            .header(header(&cols, lang, theme))
            .column_spacing(1),
        table,
    );
    let mut lines = Vec::new();
    if let Some(s) = &v.now.summary {
        let d = s.decisions;
        lines.push(Line::from(crate::bi!(
            lang,
            "审批驳回率 {}：审批队列决定 {} 张，驳回 {} 张",
            "Approval rejections {}: {} decided in the queue, {} rejected",
            d.rejection_rate().text(),
            d.approved + d.rejected,
            d.rejected
        )));
    }
    lines.push(Line::from(Span::styled(
        lang.pick(
            "按本期接单计：每张订单从一个环节到下一个环节所用的时间；中位数即一半订单快于此。",
            "Orders taken in the period: the time from one step to the next; half the orders were faster than the median.",
        ),
        theme.dim(),
    )));
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        notes,
    );
}

pub(super) fn staff(v: &FiguresView, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let Some(rows) = &v.now.staff else {
        return waiting(f, area, Section::Staff, lang, theme);
    };
    let block = framed(
        &crate::bi!(
            lang,
            "员工绩效 · {}",
            "Staff performance · {}",
            v.period.label()
        ),
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let wide = inner.width >= 120;
    // At 80 columns the count of payments gives way to their amount.
    let mut cols = vec![
        ("姓名", "Name", false),
        ("接单", "Orders", true),
        ("接单金额", "Ordered", true),
        ("拣货行", "Picked", true),
        ("行/时", "Lines/h", true),
        ("短拣", "Short", true),
        ("差错", "Errors", true),
        ("发货", "Ships", true),
    ];
    let mut widths: Vec<u16> = vec![8, 6, 13, 6, 7, 5, 6, 5];
    if wide {
        cols.push(("收款笔数", "Payments", true));
        widths.push(8);
        widths[0] = 12;
    }
    cols.push(("收款金额", "Collected", true));
    widths.push(13);
    if wide {
        cols.extend([("结案客诉", "Tickets", true), ("按时", "On time", true)]);
        widths.extend([8, 7]);
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let start = scroll_start(v.selected, height);
    let body = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let mut cells = vec![
                Cell::from(truncate_to_width(&r.name, usize::from(widths[0]))),
                right(r.orders.count.to_string()),
                right(r.orders.amount.to_string()),
                right(r.lines_picked.to_string()),
                right(r.lines_per_hour_text()),
                right(r.short_picks.to_string()),
                right(r.pick_errors.to_string()),
                right(r.shipments.to_string()),
            ];
            if wide {
                cells.push(right(r.collections.count.to_string()));
            }
            cells.push(right(r.collections.amount.to_string()));
            if wide {
                cells.push(right(r.tickets_closed.to_string()));
                cells.push(right(r.tickets_on_time.to_string()));
            }
            let row = Row::new(cells);
            if i == v.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(body, widths.iter().copied().map(Constraint::Length))
            .header(header(&cols, lang, theme))
            .column_spacing(1),
        inner,
    );
    if rows.is_empty() {
        empty_hint(
            f,
            inner,
            lang.pick("  本期没有记录。", "  Nothing recorded in this period."),
            theme,
        );
    }
}

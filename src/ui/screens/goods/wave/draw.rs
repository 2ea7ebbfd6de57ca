//! Drawing wave planning: the orders with their marks, the picker and the list made
//! last, and the filter line.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{uncovered_text, WaveView};
use crate::domain::order::Urgency;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ui::screens::goods::{qty, urgency_of};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};
use crate::ui::widgets::empty_hint;

fn urgency_style(rank: i64, theme: Theme) -> Style {
    match urgency_of(rank) {
        Urgency::Critical => theme.error(),
        Urgency::Urgent => theme.warning(),
        Urgency::Normal => Style::default(),
    }
}

pub(super) fn draw(f: &mut Frame, area: Rect, v: &WaveView, lang: Lang, theme: Theme) {
    let [list, info, made, scan] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let shown = v.shown();
    // Filtered: how many of all show.
    let count = if v.filter.trim().is_empty() {
        v.rows.len().to_string()
    } else {
        format!("{}/{}", shown.len(), v.rows.len())
    };
    let mut title = crate::bi!(
        lang,
        "波次 · 待拣货订单 {} · 排序：{}",
        "Wave planning · {} orders to pick · by {}",
        count,
        v.sort.label(lang)
    );
    if let Some((_, name)) = &v.carrier {
        title.push_str(&crate::bi!(
            lang,
            " · 承运商：{}",
            " · carrier: {}",
            crate::domain::text::shown(name)
        ));
    }
    let block = framed(&title, theme);
    let inner = block.inner(list);
    let urgency = match lang {
        Lang::Zh => 4u16,
        Lang::En => 8,
    };
    let (mark, number, carrier, date, amount) = (1u16, 15u16, 8u16, 10u16, 9u16);
    let rest = inner
        .width
        .saturating_sub(mark + number + urgency + carrier + date + amount + 7);
    let customer = (rest / 2).clamp(6.min(rest), 30);
    let widths = [
        mark,
        number,
        customer,
        urgency,
        carrier,
        date,
        amount,
        rest - customer,
    ];
    let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(fit(lang.pick("订单号", "Order no."), 1)),
        Cell::from(fit(lang.pick("客户", "Customer"), 2)),
        Cell::from(fit(lang.pick("紧急", "Urg."), 3)),
        Cell::from(fit(lang.pick("承运商", "Carrier"), 4)),
        Cell::from(fit(lang.pick("要求交货", "Requested"), 5)),
        Cell::from(Line::from(fit(lang.pick("待拣数量", "To pick"), 6)).right_aligned()),
        Cell::from(fit(lang.pick("特殊要求", "Special requirements"), 7)),
    ])
    .style(theme.title());
    let height = usize::from(inner.height.saturating_sub(1));
    let start = scroll_start(v.selected, height);
    let rows = shown
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let marked = v.marked.contains(&r.order_id);
            let urgency = urgency_of(r.urgency_rank);
            let row = Row::new(vec![
                Cell::from(if marked { "*" } else { "" }).style(theme.ok()),
                Cell::from(fit(&r.number, 1)),
                Cell::from(fit(&r.customer_name, 2)),
                Cell::from(fit(
                    &if urgency == Urgency::Normal {
                        String::new()
                    } else {
                        urgency.label(lang).to_string()
                    },
                    3,
                ))
                .style(urgency_style(r.urgency_rank, theme)),
                Cell::from(fit(
                    &r.carrier
                        .as_ref()
                        .map(|(_, n)| crate::domain::text::shown(n))
                        .unwrap_or_default(),
                    4,
                )),
                Cell::from(fit(
                    r.requested_date
                        .as_deref()
                        .unwrap_or(lang.pick("未指定", "any")),
                    5,
                )),
                Cell::from(Line::from(fit(&qty(r.to_pick), 6)).right_aligned()),
                Cell::from(fit(&crate::domain::text::shown(&r.special), 7)),
            ]);
            if i == v.selected {
                row.style(theme.selected())
            } else if marked {
                row.style(theme.ok())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, widths.map(Constraint::Length))
            .header(header)
            .column_spacing(1)
            .block(block),
        list,
    );
    if shown.is_empty() && inner.height > 1 {
        let text = if v.rows.is_empty() {
            lang.pick(
                "  没有待拣货的已批准订单。",
                "  No approved order waits to be picked.",
            )
        } else {
            lang.pick("  没有订单符合筛选。", "  No order matches the filter.")
        };
        empty_hint(f, inner, text, theme);
    }
    let picker = v
        .picker
        .as_ref()
        .map(|(_, n)| n.as_str())
        .unwrap_or(lang.pick("未指定", "none"));
    let line = crate::bi!(
        lang,
        "已标记 {} 单 · 拣货员：{} · 空格标记，F5 生成拣货单",
        "{} marked · picker: {} · Space marks, F5 makes the list",
        v.marked.len(),
        picker
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            truncate_to_width(&line, usize::from(info.width)),
            theme.dim(),
        )),
        info,
    );
    if let Some(m) = &v.made {
        let mut text = crate::bi!(
            lang,
            "刚生成：{}（{} 项任务）",
            "Just made: {} ({} tasks)",
            m.number,
            m.tasks
        );
        if !m.uncovered.is_empty() {
            text.push_str(&crate::bi!(
                lang,
                " · 未覆盖：{}",
                " · not covered: {}",
                uncovered_text(m, lang)
            ));
        }
        let style = if m.uncovered.is_empty() {
            theme.ok()
        } else {
            theme.warning()
        };
        f.render_widget(
            Paragraph::new(Span::styled(
                truncate_to_width(&text, usize::from(made.width)),
                style,
            )),
            made,
        );
    }
    let prompt = lang.pick(
        "筛选/扫描订单号标记：",
        "Filter, or scan an order to mark it: ",
    );
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(v.filter.clone()),
        ])),
        scan,
    );
}

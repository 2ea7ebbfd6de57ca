//! One order: header, lines with their fulfilment quantities, totals and the timeline.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;
use crate::ui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, d: &OrderDetail, scroll: u16, lang: Lang, theme: Theme) {
    let sep = lang.pick("：", ": ");
    let [head, lines, foot] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(5),
    ])
    .areas(area);
    let number = d
        .number
        .clone()
        .unwrap_or_else(|| lang.pick("草稿", "Draft").to_string());
    let head_lines = vec![
        Line::from(vec![
            Span::styled(number, theme.title()),
            Span::raw(format!("  {}  {}", d.stage.label(lang), d.order_date)),
        ]),
        Line::from(format!(
            "{}{sep}{}{}{}{}  {}{sep}{}",
            lang.pick("客户", "Customer"),
            d.customer_name,
            lang.pick("（", " ("),
            d.customer_code,
            lang.pick("）", ")"),
            lang.pick("付款", "Terms"),
            d.terms.label(lang)
        )),
        Line::from(format!(
            "{}{sep}{}  {}{sep}{}  {}{sep}{}",
            lang.pick("渠道", "Channel"),
            d.channel.label(lang),
            lang.pick("紧急", "Urgency"),
            d.urgency.label(lang),
            lang.pick("制单", "By"),
            d.created_by
        )),
        Line::from(Span::styled(
            d.stage_reason.clone().unwrap_or_default(),
            theme.warning(),
        )),
    ];
    f.render_widget(Paragraph::new(head_lines), head);

    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("数量", "Qty"),
        lang.pick("预留", "Resv."),
        lang.pick("缺货", "Short"),
        lang.pick("发货", "Shipped"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let rows = d.lines.iter().skip(scroll as usize).map(|l| {
        let short = Cell::from(l.backordered.to_string());
        Row::new(vec![
            Cell::from(l.line_no.to_string()),
            Cell::from(format!("{} {} {}", l.sku, l.name, l.spec)),
            Cell::from(format!("{} {}", l.qty, l.unit)),
            Cell::from(l.reserved.to_string()),
            if l.backordered.is_zero() {
                short
            } else {
                short.style(theme.warning())
            },
            Cell::from(l.shipped.to_string()),
            Cell::from(Line::from(l.amounts.gross.to_string()).right_aligned()),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(7),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border()),
    );
    f.render_widget(table, lines);

    let mut foot_lines = vec![Line::from(format!(
        "{} {}   {} {}   {} {}",
        lang.pick("不含税", "Net"),
        d.totals.net,
        lang.pick("税额", "Tax"),
        d.totals.tax,
        lang.pick("价税合计", "Total"),
        d.totals.gross
    ))];
    for t in d.timeline.iter().rev().take(4) {
        foot_lines.push(Line::from(Span::styled(
            format!(
                "{}  {}  {}  {}",
                chrono::DateTime::parse_from_rfc3339(&t.at)
                    .map(|x| x
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string())
                    .unwrap_or_else(|_| t.at.clone()),
                t.actor,
                t.to.label(lang),
                match t.note.as_deref() {
                    Some("auto") => lang.pick("自动审核", "approved automatically").to_string(),
                    other => other.unwrap_or_default().to_string(),
                }
            ),
            theme.dim(),
        )));
    }
    f.render_widget(Paragraph::new(foot_lines), foot);
}

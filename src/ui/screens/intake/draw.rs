//! Drawing the intake form: the customer and header fields, the lines with their
//! amounts and stock, the totals, and the line editor and pick list over the lines.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{Focus, IntakeForm};
use crate::i18n::Lang;
use crate::ui::theme::Theme;

pub fn draw(f: &mut Frame, area: Rect, s: &IntakeForm, lang: Lang, theme: Theme) {
    let sep = lang.pick("：", ": ");
    let [head, lines, foot] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let mark = |focus: Focus| if s.focus == focus { "▶ " } else { "  " };
    // The header fields, two to a row: the focused one marked and highlighted.
    let head_field = |i: usize| -> Vec<Span<'static>> {
        let Some(fd) = s.head.fields.get(i) else {
            return Vec::new();
        };
        let focused = s.focus == Focus::Head && s.head.focus == i;
        let mut value = fd.shown(lang);
        if focused {
            value.push('▏');
        }
        vec![
            Span::raw(format!(
                "{}{}{sep}",
                if focused { "▶ " } else { "  " },
                lang.pick(fd.name.zh, fd.name.en)
            )),
            Span::styled(
                value,
                if focused {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                },
            ),
        ]
    };
    let half = head.width / 2;
    let pair = |a: usize, b: usize| -> Line<'static> {
        let mut left = head_field(a);
        let used: usize = left
            .iter()
            .map(|sp| crate::domain::text::display_width(&sp.content))
            .sum();
        let pad = usize::from(half).saturating_sub(used).max(1);
        left.push(Span::raw(" ".repeat(pad)));
        left.extend(head_field(b));
        Line::from(left)
    };
    // While the field has focus it shows what is typed; afterwards, who was chosen.
    let customer = match &s.customer {
        Some((code, name, terms)) if s.focus != Focus::Customer => {
            crate::bi!(lang, "{}（{}） {}", "{} ({}) {}", name, code, terms)
        }
        _ => s.customer_input.clone(),
    };
    let title = match &s.number {
        Some(n) => n.clone(),
        None if s.saved.is_some() => lang.pick("草稿（已保存）", "Draft (saved)").to_string(),
        None => lang.pick("新订单", "New order").to_string(),
    };
    let customer_text = format!(
        "{}{}{sep}{}",
        mark(Focus::Customer),
        lang.pick("客户", "Customer"),
        customer
    );
    let mut customer_line = vec![Span::raw(customer_text.clone())];
    if s.focus != Focus::Customer {
        let room = usize::from(head.width)
            .saturating_sub(crate::domain::text::display_width(&customer_text));
        customer_line.extend(s.release_span(lang, theme, room));
    }
    let customer_line = Line::from(customer_line);
    let head_lines = vec![
        Line::from(vec![
            Span::styled(title, theme.title()),
            Span::styled(
                if s.dirty {
                    lang.pick("  未保存", "  unsaved")
                } else {
                    ""
                },
                theme.warning(),
            ),
        ]),
        customer_line,
        s.credit_line(lang, theme, usize::from(head.width)),
        pair(0, 1),
        pair(2, 3),
        pair(4, 5),
        Line::from(format!(
            "{}{}{sep}{}",
            mark(Focus::Scan),
            lang.pick("扫码/货号", "Scan/SKU"),
            s.scan
        )),
    ];
    f.render_widget(Paragraph::new(head_lines), head);

    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("数量", "Qty"),
        lang.pick("可用", "Avail."),
        lang.pick("单价", "Price"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let rows = s.lines.iter().enumerate().map(|(i, l)| {
        let amount = s
            .amounts(l)
            .map(|a| a.gross.to_string())
            .unwrap_or_default();
        let short = l.qty.to_db() > l.available.to_db();
        let avail = Cell::from(l.available.to_string());
        let row = Row::new(vec![
            Cell::from((i + 1).to_string()),
            Cell::from(format!("{} {}", l.sku, l.name)),
            Cell::from(format!("{} {}", l.qty, l.unit)),
            if short {
                avail.style(theme.warning())
            } else {
                avail
            },
            if l.below_floor() {
                Cell::from(format!("{}↓", l.price)).style(theme.warning())
            } else if l.discount.is_zero() {
                Cell::from(l.price.to_string())
            } else {
                Cell::from(format!(
                    "{} -{}%",
                    l.price,
                    l.discount.as_percent().normalize()
                ))
            },
            Cell::from(Line::from(amount).right_aligned()),
        ]);
        // A scan selects the line it changed.
        crate::ui::widgets::mark::row(row, i == s.selected, theme)
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(crate::ui::view::frame(theme));
    // The table scrolls to keep the selected line in view.
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, lines, &mut state);

    let t = s.totals();
    let short = s
        .lines
        .iter()
        .filter(|l| l.qty.to_db() > l.available.to_db())
        .count();
    let mut foot_lines = vec![Line::from(format!(
        "{} {}   {} {}   {} {}   {} {}",
        lang.pick("件数", "Units"),
        s.units(),
        lang.pick("不含税", "Net"),
        t.net,
        lang.pick("税额", "Tax"),
        t.tax,
        lang.pick("价税合计", "Total"),
        t.gross
    ))];
    let below = s.lines.iter().filter(|l| l.below_floor()).count();
    if below > 0 {
        foot_lines.push(Line::from(Span::styled(
            crate::bi!(
                lang,
                "{} 行低于底价（↓），提交后需审批",
                "{} below the floor price (↓) and will need approval",
                match lang {
                    Lang::Zh => below.to_string(),
                    Lang::En => crate::i18n::count_en(below, "line is", "lines are"),
                }
            ),
            theme.warning(),
        )));
    } else if short > 0 {
        let mut text = crate::bi!(
            lang,
            "{} 行超过可用库存，审核后将登记缺货",
            "{} available stock and will be backordered",
            match lang {
                Lang::Zh => short.to_string(),
                Lang::En => crate::i18n::count_en(short, "line exceeds", "lines exceed"),
            }
        );
        // When the goods come, as a purchase request expects them: the selected line's
        // if it is short, else the first short line's.
        let short_line = s
            .lines
            .get(s.selected)
            .filter(|l| l.qty.to_db() > l.available.to_db())
            .or_else(|| s.lines.iter().find(|l| l.qty.to_db() > l.available.to_db()));
        if let Some((sku, d)) = short_line.and_then(|l| l.expected.map(|d| (&l.sku, d))) {
            text.push_str(&crate::bi!(
                lang,
                "；{} 预计 {} 到货",
                "; {} expected {}",
                sku,
                d.format("%m-%d")
            ));
        }
        foot_lines.push(Line::from(Span::styled(text, theme.warning())));
    }
    f.render_widget(Paragraph::new(foot_lines), foot);
    if let Some(edit) = &s.line_edit {
        let w = lines.width.min(64);
        let r = Rect::new(
            lines.x + (lines.width - w) / 2,
            lines.y + 1,
            w,
            7.min(lines.height),
        );
        crate::ui::widgets::frame::clear_popup(f, r);
        edit.draw(
            f,
            r,
            lang.pick(
                "修改行（Enter 下一栏，F5 确定，Esc 取消）",
                "Edit line (Enter next, F5 apply, Esc cancel)",
            ),
            lang,
            theme,
        );
    }
}

/// Where the pick list of `rows` rows (borders included) goes: over the lines, below
/// their header.
pub(super) fn pick_area(body: Rect, rows: u16) -> Rect {
    let [_, lines, _] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(body);
    Rect::new(
        lines.x + 2,
        lines.y + 1,
        lines.width.saturating_sub(4),
        rows.min(lines.height),
    )
}

//! Drawing the shipping screen: the scan line, the picked (or packed) lines with the
//! quantity to ship, the special requirements, and the shipment's fields.

use super::*;
use crate::ui::widgets::empty_hint;

/// `label：value` with the focus marked, padded to `width` columns.
fn field(
    label: &str,
    value: &str,
    (focused, typed): (bool, bool),
    width: usize,
    lang: Lang,
) -> String {
    let sep = lang.pick("：", ": ");
    let mark = if focused { "▶" } else { " " };
    // The carrier shows no text cursor: it is chosen from a list, not typed.
    let cursor = if focused && typed { "▏" } else { "" };
    let text = format!("{mark}{label}{sep}{value}{cursor}");
    let t = truncate_to_width(&text, width);
    let pad = width.saturating_sub(display_width(&t));
    format!("{t}{}", " ".repeat(pad))
}

fn styled(text: String, focused: bool, theme: Theme) -> Span<'static> {
    if focused {
        Span::styled(text, theme.selected())
    } else {
        Span::raw(text)
    }
}

pub fn draw(f: &mut Frame, area: Rect, s: &ShippingView, lang: Lang, theme: Theme) {
    let special = s
        .order
        .as_ref()
        .map(|o| o.detail.special.trim().to_string())
        .unwrap_or_default();
    let [scan, table, spec, fields, last] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(u16::from(!special.is_empty())),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    let prompt = lang.pick(
        "扫码/输入订单号或拣货单号：",
        "Scan an order or pick list number: ",
    );
    let focused = s.focus == Slot::Scan;
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            styled(
                format!("{}{}", s.scan, if focused { "▏" } else { "" }),
                focused,
                theme,
            ),
        ])),
        scan,
    );

    let title = match &s.order {
        None => lang.pick("发货", "Shipping").to_string(),
        Some(o) => {
            let d = &o.detail;
            let state = match o.fulfilment {
                Some(fl) => fl.label(lang).to_string(),
                None => d.stage.label(lang),
            };
            format!(
                "{} {} · {} · {}",
                lang.pick("发货", "Ship"),
                d.number.clone().unwrap_or_default(),
                d.customer_name,
                state
            )
        }
    };
    let block = framed(&title, theme);
    let inner = block.inner(table);
    let packing = s.order.as_ref().is_some_and(|o| o.packing);
    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        if packing {
            lang.pick("已装箱", "Packed")
        } else {
            lang.pick("已拣", "Picked")
        },
        lang.pick("本次发货", "Ship now"),
    ])
    .style(theme.title());
    let rows: Vec<Row> = s
        .order
        .iter()
        .flat_map(|o| o.lines.iter().enumerate())
        .map(|(i, l)| {
            let focused = s.focus == Slot::Line(i);
            let qty = format!("{}{}", l.qty, if focused { "▏" } else { "" });
            let row = Row::new(vec![
                Cell::from(l.line_no.to_string()),
                Cell::from(l.product.clone()),
                Cell::from(Line::from(format!("{} {}", l.picked, l.unit)).right_aligned()),
                Cell::from(Line::from(qty).right_aligned()),
            ]);
            if focused {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    f.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(10),
            ],
        )
        .header(header)
        .block(block),
        table,
    );
    if empty && inner.height > 1 {
        let text = match &s.order {
            None => lang.pick(
                "  扫描订单号或拣货单号，显示已拣待发的货。",
                "  Scan an order or pick list number to see what is picked to ship.",
            ),
            Some(_) => lang.pick(
                "  这张订单没有已拣待发的货。",
                "  Nothing of this order is picked to ship.",
            ),
        };
        empty_hint(f, inner, text, theme);
    }
    if !special.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(
                crate::bi!(lang, "特殊要求：{}", "Special: {}", special),
                theme.warning(),
            )),
            spec,
        );
    }

    let w = usize::from(fields.width);
    let half = w / 2;
    let carrier = s
        .carrier_row()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| lang.pick("（F7 选择）", "(F7 to choose)").to_string());
    let third = w / 3;
    let line1 = Line::from(vec![
        styled(
            field(
                lang.pick("承运商", "Carrier"),
                &carrier,
                (s.focus == Slot::Carrier, false),
                half,
                lang,
            ),
            s.focus == Slot::Carrier,
            theme,
        ),
        styled(
            field(
                lang.pick("运单号", "Tracking"),
                &s.tracking,
                (s.focus == Slot::Tracking, true),
                w - half,
                lang,
            ),
            s.focus == Slot::Tracking,
            theme,
        ),
    ]);
    let line2 = Line::from(vec![
        styled(
            field(
                lang.pick("箱数", "Cartons"),
                if s.cartons.is_empty() && s.focus != Slot::Cartons {
                    "1"
                } else {
                    &s.cartons
                },
                (s.focus == Slot::Cartons, true),
                third,
                lang,
            ),
            s.focus == Slot::Cartons,
            theme,
        ),
        styled(
            field(
                lang.pick("重量kg", "Weight kg"),
                &s.weight,
                (s.focus == Slot::Weight, true),
                third,
                lang,
            ),
            s.focus == Slot::Weight,
            theme,
        ),
        styled(
            field(
                lang.pick("运费", "Cost"),
                &s.cost,
                (s.focus == Slot::Cost, true),
                w - 2 * third,
                lang,
            ),
            s.focus == Slot::Cost,
            theme,
        ),
    ]);
    f.render_widget(Paragraph::new(vec![line1, line2]), fields);
    let last_text = match &s.last {
        Some(n) => crate::bi!(
            lang,
            "上一张发货单：{}（F9 打印出库单）",
            "Last shipment: {} (F9 prints its delivery note)",
            n
        ),
        None => String::new(),
    };
    f.render_widget(Paragraph::new(Span::styled(last_text, theme.dim())), last);
}

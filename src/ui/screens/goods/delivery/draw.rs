//! Drawing the delivery screen: the scan line, the shipment's head, its lines with
//! what was received, the date and signer.

use super::*;
use crate::ui::widgets::empty_hint;

fn field(label: &str, value: &str, focused: bool, width: usize, lang: Lang) -> String {
    let sep = lang.pick("：", ": ");
    let mark = if focused { "▶" } else { " " };
    let cursor = if focused { "▏" } else { "" };
    let t = truncate_to_width(&format!("{mark}{label}{sep}{value}{cursor}"), width);
    let pad = width.saturating_sub(display_width(&t));
    format!("{t}{}", " ".repeat(pad))
}

pub fn draw(f: &mut Frame, area: Rect, s: &DeliveryView, lang: Lang, theme: Theme) {
    let [scan, head, table, fields, last] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let focused = s.focus == Slot::Scan;
    let scan_text = format!("{}{}", s.scan, if focused { "▏" } else { "" });
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                lang.pick(
                    "扫码/输入发货单号或运单号：",
                    "Scan a shipment or tracking number: ",
                ),
                theme.dim(),
            ),
            if focused {
                Span::styled(scan_text, theme.selected())
            } else {
                Span::raw(scan_text)
            },
        ])),
        scan,
    );
    let mut head_lines = Vec::new();
    if let Some(v) = &s.shipment {
        let h = &v.head;
        let status_style = if h.status == ShipmentStatus::InTransit {
            theme.title()
        } else {
            theme.warning()
        };
        head_lines.push(Line::from(vec![
            Span::styled(format!("{} ", h.number), theme.title()),
            Span::styled(h.status.label(lang).to_string(), status_style),
            Span::raw(format!(
                "  {} {}  {}",
                lang.pick("订单", "Order"),
                h.order_number.clone().unwrap_or_default(),
                h.customer_name
            )),
        ]));
        head_lines.push(Line::from(format!(
            "{} {}  {}{}  {}{}",
            h.carrier_name,
            h.tracking_no.clone().unwrap_or_default(),
            lang.pick("发货 ", "shipped "),
            h.ship_date,
            match &h.delivered_on {
                Some(d) => crate::bi!(lang, "签收 {} ", "signed {} ", d),
                None => String::new(),
            },
            h.signer.clone().unwrap_or_default(),
        )));
    }
    f.render_widget(Paragraph::new(head_lines), head);

    let block = framed(lang.pick("签收", "Delivery"), theme);
    let inner = block.inner(table);
    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("发货", "Shipped"),
        lang.pick("实收", "Received"),
    ])
    .style(theme.title());
    let rows: Vec<Row> = s
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let focused = s.focus == Slot::Line(i);
            let row = Row::new(vec![
                Cell::from(l.line_no.to_string()),
                Cell::from(l.product.clone()),
                Cell::from(Line::from(format!("{} {}", qty(l.shipped), l.unit)).right_aligned()),
                Cell::from(
                    Line::from(format!("{}{}", l.received, if focused { "▏" } else { "" }))
                        .right_aligned(),
                ),
            ]);
            if focused {
                row.style(theme.selected())
            } else if Qty::parse(&l.received).map(|q| q.to_db()) != Ok(l.shipped) {
                row.style(theme.warning())
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
        empty_hint(
            f,
            inner,
            lang.pick(
                "  扫描发货单号或快递运单号，记录签收或异常。",
                "  Scan a shipment or tracking number to record its delivery.",
            ),
            theme,
        );
    }
    let w = usize::from(fields.width);
    let half = w / 2;
    let date_value = if s.date.is_empty() && s.focus != Slot::Date {
        lang.pick("今天", "today").to_string()
    } else {
        s.date.clone()
    };
    let styled = |text: String, focused: bool| {
        if focused {
            Span::styled(text, theme.selected())
        } else {
            Span::raw(text)
        }
    };
    if s.shipment.is_some() {
        f.render_widget(
            Paragraph::new(Line::from(vec![
                styled(
                    field(
                        lang.pick("签收日期", "Date"),
                        &date_value,
                        s.focus == Slot::Date,
                        half,
                        lang,
                    ),
                    s.focus == Slot::Date,
                ),
                styled(
                    field(
                        lang.pick("签收人", "Signed by"),
                        &s.signer,
                        s.focus == Slot::Signer,
                        w - half,
                        lang,
                    ),
                    s.focus == Slot::Signer,
                ),
            ])),
            fields,
        );
    }
    let hint = match (&s.shipment, &s.done) {
        (Some(_), _) if s.focus == Slot::Date => lang
            .pick(
                "日期：空为今天；可输入 今天、昨天、12-24 或 2026-12-24",
                "Date: empty is today; type today, yesterday, 12-24 or 2026-12-24",
            )
            .to_string(),
        (None, Some(d)) => crate::bi!(
            lang,
            "上一张：{} {}",
            "Last: {} {}",
            d.number,
            d.status.label(lang)
        ),
        _ => String::new(),
    };
    f.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), last);
}

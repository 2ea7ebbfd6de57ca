//! Drawing the packing bench: the scan line, the lines to pack with what is counted,
//! the cartons so far and the weight of the one on the bench.

use super::*;
use crate::ui::widgets::empty_hint;

pub fn draw(f: &mut Frame, area: Rect, s: &PackingView, lang: Lang, theme: Theme) {
    let [scan, table, cartons, weight] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let focused = s.focus == Slot::Scan;
    let typed = format!("{}{}", s.scan, if focused { "▏" } else { "" });
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                if s.order.is_none() {
                    lang.pick("扫码/输入订单号：", "Scan an order number: ")
                } else {
                    lang.pick("扫描商品装入本箱：", "Scan items into this carton: ")
                },
                theme.dim(),
            ),
            if focused {
                Span::styled(typed, theme.selected())
            } else {
                Span::raw(typed)
            },
        ])),
        scan,
    );
    let title = match &s.order {
        Some((number, customer)) => crate::bi!(
            lang,
            "复核装箱 {} · {} · 第 {} 箱",
            "Packing {} · {} · carton {}",
            number,
            customer,
            s.cartons.len()
        ),
        None => lang.pick("复核装箱", "Packing").to_string(),
    };
    let block = framed(&title, theme);
    let inner = block.inner(table);
    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("待装", "To pack"),
        lang.pick("已点", "Counted"),
        lang.pick("本箱", "This box"),
    ])
    .style(theme.title());
    let this = s.cartons.last();
    let rows: Vec<Row> = s
        .lines
        .iter()
        .map(|l| {
            let counted = s.counted(l.line_no);
            let row = Row::new(vec![
                Cell::from(l.line_no.to_string()),
                Cell::from(l.product.clone()),
                Cell::from(Line::from(format!("{} {}", qty(l.to_pack), l.unit)).right_aligned()),
                Cell::from(Line::from(qty(counted)).right_aligned()),
                Cell::from(
                    Line::from(qty(this.map(|c| c.count(l.line_no)).unwrap_or(0))).right_aligned(),
                ),
            ]);
            if counted == l.to_pack {
                row.style(theme.dim())
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
                Constraint::Length(11),
                Constraint::Length(8),
                Constraint::Length(8),
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
                "  扫描订单号，逐件扫描已拣的货装箱。",
                "  Scan an order number, then every picked item into its carton.",
            ),
            theme,
        );
    }
    let boxes: Vec<String> = s
        .cartons
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let n: i64 = c.counts.iter().map(|(_, q)| q).sum();
            let w = if c.weight.trim().is_empty() {
                String::new()
            } else {
                format!(" {}kg", c.weight.trim())
            };
            crate::bi!(lang, "#{} {}件{}", "#{} {} pcs{}", i + 1, qty(n), w)
        })
        .collect();
    f.render_widget(
        Paragraph::new(Span::styled(boxes.join("  ·  "), theme.dim())),
        cartons,
    );
    if s.order.is_some() {
        let focused = s.focus == Slot::Weight;
        let value = this.map(|c| c.weight.clone()).unwrap_or_default();
        let text = crate::bi!(
            lang,
            "{}本箱重量(kg)：{}{}",
            "{}This carton's weight (kg): {}{}",
            if focused { "▶" } else { " " },
            value,
            if focused { "▏" } else { "" }
        );
        f.render_widget(
            Paragraph::new(if focused {
                Span::styled(text, theme.selected())
            } else {
                Span::raw(text)
            }),
            weight,
        );
    }
}

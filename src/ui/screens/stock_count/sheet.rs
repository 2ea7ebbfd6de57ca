//! Drawing the count sheet: the bin in hand, the counted lines with the books and the
//! differences once shown, what the books have that was not counted, and the input
//! line saying what the next scan is for.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{CountView, Input};
use crate::domain::money::Qty;
use crate::i18n::Lang;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};

pub(super) fn draw(f: &mut Frame, area: Rect, v: &CountView, lang: Lang, theme: Theme) {
    let [head, table_area, input] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let sep = lang.pick("：", ": ");
    let mut head_spans = vec![
        Span::raw(format!("{}{sep}", lang.pick("当前库位", "Bin"))),
        Span::styled(
            v.bin
                .clone()
                .unwrap_or_else(|| lang.pick("（请扫描）", "(scan one)").to_string()),
            theme.title(),
        ),
    ];
    if !v.done_bins.is_empty() {
        head_spans.push(Span::styled(
            format!(
                "   {}{sep}{}",
                lang.pick("已盘库位", "Done"),
                v.done_bins.join(" ")
            ),
            theme.dim(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(head_spans)), head);

    let units: Qty = v
        .lines
        .iter()
        .fold(Qty::ZERO, |a, l| a.checked_add(l.counted).unwrap_or(a));
    let title = crate::bi!(
        lang,
        "盘点 · {} 行 · 共 {}",
        "Count · lines {} · units {}",
        v.lines.len(),
        units
    );
    let block = framed(&title, theme);
    let visible = usize::from(block.inner(table_area).height.saturating_sub(1)).max(1);
    let header = Row::new(vec![
        Cell::from(lang.pick("库位", "Bin")),
        Cell::from(lang.pick("货号", "SKU")),
        Cell::from(lang.pick("名称", "Name")),
        Cell::from(lang.pick("批号", "Lot")),
        Cell::from(Line::from(lang.pick("实盘", "Counted")).right_aligned()),
        Cell::from(Line::from(lang.pick("账面", "Book")).right_aligned()),
        Cell::from(Line::from(lang.pick("差异", "Diff.")).right_aligned()),
    ])
    .style(theme.title());
    let right = |s: String| Cell::from(Line::from(s).right_aligned());
    let mut rows: Vec<Row> = Vec::new();
    for (i, l) in v.lines.iter().enumerate() {
        let (book, diff) = match v.diff_of(l) {
            Some(d) => {
                let signed = if d.difference.is_positive() {
                    format!("+{}", d.difference)
                } else {
                    d.difference.to_string()
                };
                let mut diff = right(signed);
                if !d.difference.is_zero() {
                    diff = diff.style(theme.warning());
                }
                (right(d.book.to_string()), diff)
            }
            None => (right(String::new()), right(String::new())),
        };
        let row = Row::new(vec![
            Cell::from(l.bin.clone()),
            Cell::from(l.sku.clone()),
            Cell::from(l.name.clone()),
            Cell::from(l.lot.clone()),
            right(l.counted.to_string()),
            book,
            diff,
        ]);
        // A scan selects the line it counted.
        rows.push(crate::ui::widgets::mark::row(row, i == v.selected, theme));
    }
    if let Some(p) = &v.preview {
        for b in &p.uncounted {
            rows.push(
                Row::new(vec![
                    Cell::from(b.bin.clone()),
                    Cell::from(b.sku.clone()),
                    Cell::from(b.name.clone()),
                    Cell::from(b.lot.clone()),
                    right(lang.pick("未盘", "not counted").to_string()),
                    right(b.on_hand.to_string()),
                    right(String::new()),
                ])
                .style(theme.dim()),
            );
        }
    }
    let first = scroll_start(v.selected, visible);
    let wide = area.width >= 120;
    let table = Table::new(
        rows.into_iter().skip(first),
        [
            Constraint::Length(if wide { 10 } else { 8 }),
            Constraint::Length(if wide { 14 } else { 9 }),
            Constraint::Fill(1),
            Constraint::Length(if wide { 12 } else { 8 }),
            Constraint::Length(11),
            Constraint::Length(if wide { 10 } else { 7 }),
            Constraint::Length(if wide { 10 } else { 7 }),
        ],
    )
    .header(header)
    .block(block);
    f.render_widget(table, table_area);

    let prompt = match v.input {
        Input::Bin => lang.pick("扫描库位：", "Scan a bin: ").to_string(),
        Input::Product => lang
            .pick(
                "扫描商品（或下一个库位）：",
                "Scan a product (or the next bin): ",
            )
            .to_string(),
        Input::Lot => {
            let sku = v.pending.as_ref().map(|p| p.0.sku.as_str()).unwrap_or("");
            match &v.lot_hint {
                Some(h) => crate::bi!(
                    lang,
                    "{} 的批号（直接回车为 {}）：",
                    "Lot of {} (Enter alone: {}): ",
                    sku,
                    h
                ),
                None => crate::bi!(lang, "{} 的批号：", "Lot of {}: ", sku),
            }
        }
        Input::Qty => lang
            .pick(
                "选中行的实盘数量：",
                "Counted quantity of the selected line: ",
            )
            .to_string(),
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::styled(format!("{}▏", v.text), theme.selected()),
        ])),
        input,
    );
}

//! The product's stock beside a stock form: its totals, where it lies by bin and lot
//! (expiry marked, and the bins the last posting changed), and what the form has
//! posted, newest first.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::stock_detail::{expiry_mark, totals_spans};
use crate::domain::text::{to_half_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::stock::StockDetail;
use crate::ui::theme::Theme;
use crate::ui::view::framed;
use crate::ui::widgets::mark;

/// The product's stock by bin and lot, the bins and lots the last posting `changed`
/// marked, and what this screen has posted.
pub(super) fn draw(
    f: &mut Frame,
    area: Rect,
    product: Option<&StockDetail>,
    done: &[String],
    changed: &[(String, String)],
    lang: Lang,
    theme: Theme,
) {
    let block = match product {
        Some(d) => framed(
            &crate::bi!(
                lang,
                "库存：{} {}",
                "Stock: {} {}",
                d.product.sku,
                d.product.name
            ),
            theme,
        ),
        None => framed(lang.pick("库存", "Stock"), theme),
    };
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    match product {
        Some(d) => {
            lines.push(Line::from(totals_spans(d, lang, theme)));
            for l in &d.levels {
                let mut spans = vec![Span::raw(format!(
                    "{:<10} {:<12} {:>9}",
                    l.bin_code,
                    if l.lot_no.is_empty() { "-" } else { &l.lot_no },
                    l.on_hand.to_string()
                ))];
                if let Some(e) = &l.expiry {
                    let style = expiry_mark(Some(*e), d.today, lang, theme)
                        .map(|m| m.1)
                        .unwrap_or_default();
                    spans.push(Span::styled(
                        format!("  {}{e}", lang.pick("有效期 ", "exp. ")),
                        style,
                    ));
                }
                let hit = changed
                    .iter()
                    .any(|(bin, lot)| same_code(bin, &l.bin_code) && *lot == l.lot_no);
                lines.push(mark::line(Line::from(spans), hit, theme));
            }
            if d.levels.is_empty() {
                lines.push(Line::from(Span::styled(
                    lang.pick("没有库存。", "No stock."),
                    theme.dim(),
                )));
            }
        }
        None => lines.push(Line::from(Span::styled(
            lang.pick(
                "扫描商品后，这里显示它在各库位的库存。",
                "Scan a product to see its stock by bin here.",
            ),
            theme.dim(),
        ))),
    }
    // What was posted goes at the bottom; the stock lines give way to it.
    let room = usize::from(inner.height);
    let posted: Vec<Line> = done
        .iter()
        .take(room.saturating_sub(2).min(5))
        .map(|t| Line::from(Span::styled(truncate_to_width(t, width), theme.ok())))
        .collect();
    if !posted.is_empty() {
        let keep = room.saturating_sub(posted.len() + 1);
        lines.truncate(keep);
        while lines.len() < keep {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            lang.pick("本屏已过账：", "Posted here:"),
            theme.dim(),
        )));
        lines.extend(posted);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Whether a typed or scanned code (full-width digits allowed) names this code.
pub(super) fn same_code(a: &str, b: &str) -> bool {
    let a = to_half_width(a.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b.trim())
}

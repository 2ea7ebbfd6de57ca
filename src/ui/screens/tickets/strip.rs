//! An order's after-sales strip, under its detail: when the goods of its backordered
//! lines are expected (the counter's answer to "when does it come?"), and its tickets —
//! how many, how many open and overdue, and the newest.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::i18n::Lang;
use crate::ops;
use crate::ui::theme::Theme;

/// What the order's after-sales strip shows.
#[derive(Debug, Clone, Default)]
pub struct AfterSales {
    pub tickets: Vec<ops::tickets::TicketSummary>,
    pub expected: Vec<(i64, chrono::NaiveDate, String)>,
}

/// Tickets read for the strip: enough to count the open and overdue ones.
const TICKETS: i64 = 20;

impl AfterSales {
    pub fn read(db: &crate::ops::Db, order_id: i64) -> AfterSales {
        // The strip is a courtesy: an error leaves it empty, the order is still shown.
        let tickets = ops::tickets::tickets_page(
            db,
            None,
            ops::tickets::Scope::Order(order_id),
            ops::tickets::TicketFilter::All,
            None,
            TICKETS,
        )
        .unwrap_or_default();
        let expected = ops::shortage::expected_for_order(db, order_id).unwrap_or_default();
        AfterSales { tickets, expected }
    }

    /// The rows the strip takes: one for the expected dates, one for the tickets.
    pub fn rows(&self) -> u16 {
        u16::from(!self.tickets.is_empty()) + u16::from(!self.expected.is_empty())
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let mut lines = Vec::new();
        if !self.expected.is_empty() {
            let each: Vec<String> = self
                .expected
                .iter()
                .map(|(line, d, number)| {
                    crate::bi!(
                        lang,
                        "第 {} 行 {}（{}）",
                        "line {} {} ({})",
                        line,
                        d.format("%m-%d"),
                        number
                    )
                })
                .collect();
            lines.push(Line::from(Span::styled(
                format!(
                    "{}{}",
                    lang.pick("缺货预计到货：", "Short goods expected: "),
                    each.join(lang.pick("，", ", "))
                ),
                theme.warning(),
            )));
        }
        if let Some(newest) = self.tickets.first() {
            let capped = self.tickets.len() as i64 >= TICKETS;
            let mut line = super::brief::line(newest, lang, theme);
            line.spans.insert(
                0,
                Span::styled(
                    format!("{} · ", super::brief::heading(&self.tickets, capped, lang)),
                    theme.title(),
                ),
            );
            lines.push(line);
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

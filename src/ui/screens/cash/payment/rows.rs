//! Allocation by hand on the payment screen: one row per open invoice of the customer,
//! each with an amount field of its own. The focus runs from the allocation field down
//! the rows (Enter, Tab, ↓) and on to the note; → fills a row with what is open on its
//! invoice (or what is left of the payment, if less), Del clears it. A refused amount
//! puts the focus on its row.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{FieldId, FieldProblem, PaymentEntry, Refusal};
use crate::domain::money::Money;
use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::{self, cash};
use crate::ui::keymap::Command;
use crate::ui::screens::cash::yuan;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, type_into, Typed};
use crate::ui::widgets::empty_hint;

/// Characters an amount field takes.
const AMOUNT_MAX: usize = 20;

impl PaymentEntry {
    /// Takes the receivables of the customer read: the amounts typed stay with their
    /// invoices when the same customer is read again, and start empty for another.
    pub(super) fn set_customer(&mut self, r: cash::CustomerReceivables) {
        let same = self.customer.as_ref().is_some_and(|c| c.code == r.code);
        let typed: Vec<(String, String)> = if same {
            self.open()
                .iter()
                .zip(&self.hand)
                .map(|(inv, a)| (inv.number.clone(), a.clone()))
                .collect()
        } else {
            Vec::new()
        };
        self.hand = r
            .open_invoices
            .iter()
            .map(|inv| {
                typed
                    .iter()
                    .find(|(n, _)| *n == inv.number)
                    .map(|(_, a)| a.clone())
                    .unwrap_or_default()
            })
            .collect();
        self.customer = Some(Box::new(r));
        if let Some(i) = self.row {
            if i >= self.hand.len() {
                self.row = None;
                self.form.focus_on("note");
            }
        }
    }

    fn open(&self) -> &[crate::store::cash::InvoiceRow] {
        self.customer
            .as_ref()
            .map(|c| c.open_invoices.as_slice())
            .unwrap_or(&[])
    }

    pub(super) fn by_hand(&self) -> bool {
        self.form.get("allocation") == "hand"
    }

    /// Whether a move from the form goes into the rows: forward from the allocation
    /// field, back from the note, when allocating by hand with invoices to allocate to.
    pub(super) fn enter_rows(&mut self, forward: bool) -> bool {
        if !self.by_hand() || self.hand.is_empty() {
            return false;
        }
        let from = if forward { "allocation" } else { "note" };
        if self.form.focus_key() != from {
            return false;
        }
        // The row before the first (or after the last): the move lands on the edge.
        self.row = Some(if forward { usize::MAX } else { self.hand.len() });
        true
    }

    pub(super) fn next_row(&mut self) {
        let next = match self.row {
            Some(usize::MAX) => 0,
            Some(i) => i + 1,
            None => return,
        };
        if next < self.hand.len() {
            self.focus_row(next);
        } else {
            self.row = None;
            self.form.focus_on("note");
        }
    }

    pub(super) fn prev_row(&mut self) {
        match self.row {
            Some(i) if i > 0 && i <= self.hand.len() => self.focus_row(i - 1),
            Some(_) => {
                self.row = None;
                self.form.focus_on("allocation");
            }
            None => {}
        }
    }

    /// Puts the focus on a row's amount; no form field shows the focus meanwhile.
    pub fn focus_row(&mut self, i: usize) {
        if i < self.hand.len() {
            self.row = Some(i);
            self.form.focus = self.form.fields.len();
        }
    }

    pub(super) fn type_in_row(&mut self, i: usize, key: &KeyEvent) -> Typed {
        let Some(a) = self.hand.get_mut(i) else {
            return Typed::Ignored;
        };
        let typed = type_into(a, key, AMOUNT_MAX, false);
        if typed == Typed::Changed {
            self.form.dirty = true;
        }
        typed
    }

    /// A form command on a row: → fills it, Del clears it.
    pub(super) fn row_command(&mut self, cmd: Command) {
        let Some(i) = self.row else { return };
        match cmd {
            Command::ClearField => {
                if let Some(a) = self.hand.get_mut(i) {
                    a.clear();
                }
            }
            Command::ChoiceNext => {
                let open = self.open().get(i).map_or(0, |inv| inv.open_minor);
                // What the payment leaves after the other rows, when less than is open.
                let fill = match cash::parse_amount(self.form.get("amount")) {
                    Ok(paid) => {
                        let others: i64 = self
                            .hand
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .filter_map(|(_, a)| cash::parse_amount(a).ok())
                            .map(|m| m.minor())
                            .sum();
                        open.min((paid.minor() - others).max(0))
                    }
                    Err(_) => open,
                };
                if let Some(a) = self.hand.get_mut(i) {
                    *a = Money::from_minor(fill).plain();
                    self.form.dirty = true;
                }
            }
            _ => {}
        }
    }

    /// The rows with an amount, as the payment's allocation: invoice number and amount.
    /// An amount that is no amount, or one above what is open on its invoice, is refused
    /// with the row it is on.
    pub(super) fn hand_parts(&self) -> Result<Vec<(String, String)>, (usize, ops::Error)> {
        let mut out = Vec::new();
        for (i, (inv, typed)) in self.open().iter().zip(&self.hand).enumerate() {
            let typed = typed.trim();
            if typed.is_empty() {
                continue;
            }
            let amount = cash::parse_amount(typed).map_err(|e| {
                (
                    i,
                    ops::Error::field(FieldId::Amount, FieldProblem::Number(e)),
                )
            })?;
            if amount.minor() > inv.open_minor {
                return Err((
                    i,
                    ops::Error::field_refused(
                        FieldId::Amount,
                        Refusal::AboveOpenBalance {
                            invoice: inv.number.clone(),
                            open: Money::from_minor(inv.open_minor),
                        },
                    ),
                ));
            }
            out.push((inv.number.clone(), typed.to_string()));
        }
        Ok(out)
    }

    /// Puts the focus where a refusal of the payment points: the row of the invoice an
    /// amount was above, the amount for allocations above the payment or none at all,
    /// else the form field the error names.
    pub(super) fn focus_refused(&mut self, e: &ops::Error) {
        match e.refusal() {
            Some(Refusal::AboveOpenBalance { invoice, .. }) => {
                if let Some(i) = self.open().iter().position(|inv| inv.number == *invoice) {
                    self.focus_row(i);
                    return;
                }
            }
            Some(Refusal::NothingAllocatedByHand) if !self.hand.is_empty() => {
                self.focus_row(0);
                return;
            }
            _ => {}
        }
        self.row = None;
        self.form.focus_error(e);
    }

    /// What the rows allocate, in fen (amounts that are no amount count nothing).
    fn allocated(&self) -> i64 {
        self.hand
            .iter()
            .filter_map(|a| cash::parse_amount(a).ok())
            .map(|m| m.minor())
            .sum()
    }

    /// The customer's open invoices under the form, with the amount of each row when
    /// allocating by hand.
    pub(super) fn draw_invoices(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let Some(c) = &self.customer else {
            let mut lines = vec![Line::from(Span::styled(
                lang.pick(
                    "输入客户后，这里列出其未付发票。",
                    "The customer's open invoices show here.",
                ),
                theme.dim(),
            ))];
            lines.extend(self.done.iter().map(|d| Line::from(d.clone())));
            f.render_widget(
                Paragraph::new(lines).block(framed(lang.pick("未付发票", "Open invoices"), theme)),
                area,
            );
            return;
        };
        let hand = self.by_hand();
        let mut title = crate::bi!(
            lang,
            "{} {} · 应收 ¥{} · 预收 ¥{}",
            "{} {} · owes ¥{} · prepaid ¥{}",
            c.code,
            shown(&c.name),
            c.position.open_ar,
            c.position.prepaid
        );
        if hand {
            title.push_str(&crate::bi!(
                lang,
                " · 本次核销 ¥{}",
                " · applying ¥{}",
                Money::from_minor(self.allocated())
            ));
        }
        let block = framed(&title, theme);
        let inner = block.inner(area);
        // The invoice date gives way to the amounts at 80 columns.
        let date_w: u16 = if inner.width >= 90 { 10 } else { 0 };
        let apply_w: u16 = if hand { 12 } else { 0 };
        let widths = [3u16, 15, date_w, 10, 12, 12, apply_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from("#"),
            Cell::from(fit(lang.pick("发票号", "Invoice"), 1)),
            Cell::from(fit(lang.pick("开票日", "Date"), 2)),
            Cell::from(fit(lang.pick("到期日", "Due"), 3)),
            Cell::from(Line::from(lang.pick("金额", "Amount")).right_aligned()),
            Cell::from(Line::from(lang.pick("未付", "Open")).right_aligned()),
            Cell::from(fit(lang.pick("本次核销", "Apply"), 6)),
        ])
        .style(theme.title());
        let visible = usize::from(inner.height.saturating_sub(2)).max(1);
        let start = scroll_start(self.row.unwrap_or(0), visible);
        let rows = c
            .open_invoices
            .iter()
            .zip(&self.hand)
            .enumerate()
            .skip(start)
            .take(visible)
            .map(|(i, (inv, typed))| {
                let focused = self.row == Some(i);
                let apply = if focused {
                    Cell::from(format!("{typed}▏")).style(theme.selected())
                } else {
                    Cell::from(typed.clone())
                };
                Row::new(vec![
                    Cell::from((i + 1).to_string()),
                    Cell::from(fit(&inv.number, 1)),
                    Cell::from(fit(&inv.invoice_date, 2)),
                    Cell::from(fit(&inv.due_date, 3)),
                    Cell::from(Line::from(yuan(inv.gross_minor)).right_aligned()),
                    Cell::from(Line::from(yuan(inv.open_minor)).right_aligned()),
                    apply,
                ])
            });
        f.render_widget(
            Table::new(rows, widths.map(Constraint::Length))
                .header(header)
                .column_spacing(1)
                .block(block),
            area,
        );
        if c.open_invoices.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick(
                    "  没有未付发票：收款将作为预收款。",
                    "  No open invoices: the payment is kept as prepayment.",
                ),
                theme,
            );
        } else if inner.height > 2 {
            // The last row of the frame: how to allocate by hand, or that it is offered.
            let hint = match (hand, self.row.is_some()) {
                (true, true) => lang.pick(
                    "输入本行核销金额；→ 填入未付金额，Del 清空，Enter 下一张",
                    "Type this invoice's amount; → fills what is open, Del clears, Enter next",
                ),
                (true, false) => lang.pick(
                    "在“核销方式”按 Enter 进入各发票的核销金额",
                    "Enter on \"Apply\" goes to each invoice's amount",
                ),
                (false, _) => lang.pick(
                    "核销方式选“手工指定”可逐张输入金额",
                    "Choose \"By hand\" under Apply to type an amount per invoice",
                ),
            };
            f.render_widget(
                Paragraph::new(Span::styled(hint, theme.dim())).style(Style::default()),
                Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
            );
        }
    }
}

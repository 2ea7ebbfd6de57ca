//! The after-sales screens of complaints and feedback (客诉): the ticket list with its
//! filters ([`list`]), one ticket with its log, where it is worked on and closed with
//! the customer's satisfaction ([`detail`]), and the form of a new ticket from a
//! customer or an order ([`new`]); plus the tickets shown in a customer's and an
//! order's detail ([`brief`], [`strip`]).

pub mod brief;
pub mod detail;
pub mod list;
pub mod new;
pub mod strip;

use ratatui::style::Style;

use crate::domain::ticket::{Overdue, TicketStatus};
use crate::i18n::Lang;
use crate::ops::tickets::TicketSummary;
use crate::ui::theme::Theme;

/// The state of a ticket as a list shows it, with its broken promise where it has one:
/// the words and their style.
pub(crate) fn state_text(t: &TicketSummary, lang: Lang, theme: Theme) -> (String, Style) {
    match t.overdue {
        Some(Overdue::Response) => (
            format!("{}!", lang.pick("未响应", "No reply")),
            theme.error(),
        ),
        Some(Overdue::Resolution) => (format!("{}!", lang.pick("超时", "Late")), theme.error()),
        None => {
            let style = match t.row.status {
                TicketStatus::Open => theme.warning(),
                TicketStatus::Closed => theme.dim(),
                _ => Style::default(),
            };
            (t.row.status.label(lang).to_string(), style)
        }
    }
}

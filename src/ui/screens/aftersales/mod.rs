//! The after-sales screens (售后): the return list, one return with its credit, exchange
//! and closing, and the scanner-first receiving of returned goods.

pub mod receiving;
pub mod return_detail;
pub mod returns;

use ratatui::style::Style;

use crate::domain::money::{Money, Qty};
use crate::domain::returns::ReturnStatus;
use crate::ui::theme::Theme;

/// A quantity in thousandths as people read it.
pub(crate) fn qty(thousandths: i64) -> String {
    Qty::from_db(thousandths).to_string()
}

/// An amount in fen as people read it.
pub(crate) fn yuan(minor: i64) -> String {
    Money::from_minor(minor).to_string()
}

/// How a return's state stands out: waiting work in the warning colour, done dimmed.
pub(crate) fn status_style(status: ReturnStatus, theme: Theme) -> Style {
    match status {
        ReturnStatus::Open | ReturnStatus::PartlyReceived | ReturnStatus::Received => {
            theme.warning()
        }
        ReturnStatus::Credited => Style::default(),
        ReturnStatus::Closed | ReturnStatus::Cancelled => theme.dim(),
    }
}

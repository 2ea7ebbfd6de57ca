//! The money flow's screens (账流 · 钱流): payment entry with its allocation, the
//! invoice list and one invoice, the trial balance and an account's ledger.

pub mod invoices;
pub mod ledger;
pub mod payment;

use crate::domain::money::Money;

/// An amount in fen as people read it (thousands separated, two decimals).
pub(crate) fn yuan(minor: i64) -> String {
    Money::from_minor(minor).to_string()
}

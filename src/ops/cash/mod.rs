//! The cash flow's use cases (钱流): invoices and credit notes ([`invoices`]), payments,
//! allocation, prepayments, deposits and refunds ([`payments`]), receivables, aging,
//! statements, follow-ups, credit hold and write-offs ([`receivables`]). Every write
//! posts its journal entry ([`super::ledger`]) and keeps the customer's receivables row
//! in the same transaction.

use rusqlite::Connection;

use super::{Error, Result, Thing};
use crate::domain::money::{Money, NumberError};
use crate::store;

pub mod counter;
pub mod import;
pub mod invoices;
pub mod payments;
pub mod receivables;

pub use counter::*;
pub use import::*;
pub use invoices::*;
pub use payments::*;
pub use receivables::*;

fn not_found(what: Thing, key: &str) -> Error {
    Error::NotFound {
        what,
        key: key.to_string(),
    }
}

/// A customer by code, refused when unknown.
fn customer_by_code(c: &Connection, code: &str) -> Result<store::customers::CustomerRow> {
    let code = code.trim();
    store::customers::by_code(c, code)?.ok_or_else(|| not_found(Thing::Customer, code))
}

/// An amount typed by a user: yuan with up to two decimals; `¥`, full-width `￥`,
/// thousands separators and spaces are accepted.
pub fn parse_amount(input: &str) -> std::result::Result<Money, NumberError> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|ch| !matches!(ch, '¥' | '￥' | ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    Money::parse(&cleaned)
}

/// Payment before shipping (款到发货): refuses to ship an order on those terms until its
/// deposits and the payments on its invoices cover its total. Called by the shipping op.
pub(crate) fn check_paid_before_shipping(
    c: &Connection,
    order: &store::orders::OrderRow,
) -> Result<()> {
    let terms = crate::domain::terms::PaymentTerms::parse_code(&order.terms);
    if !matches!(terms, Ok(t) if t.requires_prepayment()) {
        return Ok(());
    }
    let unapplied: i64 = store::cash::deposits_of_order(c, order.id)?
        .iter()
        .map(|p| p.unapplied_minor)
        .sum();
    let settled: i64 = store::cash::invoices_of_order(c, order.id)?
        .iter()
        .filter(|i| i.kind == "invoice")
        .map(|i| i.paid_minor + i.credited_minor)
        .sum();
    let missing = order.gross.minor() - unapplied - settled;
    if missing > 0 {
        return Err(super::Refusal::NotPaidBeforeShipping {
            number: order.number.clone().unwrap_or_default(),
            missing: Money::from_minor(missing),
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_yuan_sign_and_separators() {
        assert_eq!(parse_amount("¥1,234.50").map(|m| m.minor()), Ok(123_450));
        assert_eq!(
            parse_amount(" ￥12，000 ").map(|m| m.minor()),
            Ok(1_200_000)
        );
        assert!(parse_amount("abc").is_err());
    }
}

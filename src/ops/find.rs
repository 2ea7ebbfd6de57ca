//! The global scan box: a scanned or typed text names an order (by its number, or the
//! number of one of its shipments), a return (by its RMA- number), a product (by
//! barcode, GS1 data or SKU) or a customer (by code, name, phone or pinyin initials).
//! The first kind that matches wins, in that order.

use super::read::Customer;
use super::{Error, Result};
use crate::store::Db;

/// What a scan named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Order(i64),
    Product(i64),
    Customer(i64),
    /// Several customers match a name or initials: the list shows them.
    Customers(Vec<Customer>),
    /// A return (退货单), by its number.
    Return(String),
}

/// Resolves a scan. Nothing matching is an error that quotes the text.
pub fn resolve(db: &Db, text: &str) -> Result<Found> {
    let t = text.trim();
    if t.is_empty() {
        return Err(nothing(t));
    }
    let half = crate::domain::text::to_half_width(t).to_uppercase();
    if half.starts_with("SO-") {
        return super::orders::order_by_number(db, t).map(|o| Found::Order(o.id));
    }
    // A shipment number (SH-, on a delivery note) opens the order it shipped.
    if half.starts_with("SH-") {
        return super::shipping::shipment(db, &half).map(|s| Found::Order(s.head.order_id));
    }
    if half.starts_with("RMA-") {
        return super::returns::return_view(db, &half).map(|r| Found::Return(r.head.number));
    }
    if let Some(p) = super::master::product_by_code(db, t)? {
        return Ok(Found::Product(p.id));
    }
    let mut customers = super::master::find_customers(db, t, 21)?;
    if let Some(exact) = customers
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(&half) || c.phone.as_deref() == Some(t))
    {
        return Ok(Found::Customer(exact.id));
    }
    match customers.len() {
        0 => Err(nothing(t)),
        1 => Ok(Found::Customer(customers.remove(0).id)),
        _ => Ok(Found::Customers(customers)),
    }
}

fn nothing(t: &str) -> Error {
    Error::Refused(super::Refusal::NothingMatches {
        text: t.to_string(),
    })
}

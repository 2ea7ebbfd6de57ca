//! Follow-up of shortages (缺货跟进): the shortage list — backordered quantities grouped
//! by product, with the orders waiting and their urgency and requested dates, against
//! the product's stock warehouse by warehouse (stock not reserved is a transfer or a
//! fill waiting to happen) and the requests already made — and the purchase and
//! production requests (请购单) made from it ([`requests`]). Goods arrive by the usual
//! stock receipt, which fills the backorders and counts against the request it names.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{audit, now_stamp, require, Actor, Result};
use crate::domain::access::Permission;
use crate::domain::money::Qty;
use crate::domain::order::Urgency;
use crate::store::{self, Db};

pub mod requests;

pub use crate::store::shortages::{Cursor as ShortageCursor, WarehouseStock};
pub use requests::*;

/// One short product of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortage {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// What the orders wait for in all (缺货数量).
    pub backordered: Qty,
    /// Order lines and orders waiting.
    pub lines: i64,
    pub orders: i64,
    /// The most urgent of the waiting orders.
    pub urgency: Urgency,
    /// The earliest date a waiting order asked for.
    pub earliest_requested: Option<NaiveDate>,
    pub on_hand: Qty,
    pub reserved: Qty,
    /// On hand not reserved (可用): stock that could serve the waiting orders once moved
    /// to where it is picked, or given to them.
    pub available: Qty,
    /// On hand by warehouse.
    pub warehouses: Vec<WarehouseStock>,
    /// What pending purchase and production requests still bring.
    pub requested: Qty,
    /// The earliest date goods are expected, with that request's number.
    pub expected: Option<(NaiveDate, String)>,
    /// The cursor of this row, for the next page.
    pub cursor: ShortageCursor,
}

impl Shortage {
    /// What no pending request covers yet (还需请购).
    pub fn uncovered(&self) -> Qty {
        Qty::from_db(crate::domain::purchase::suggested_qty(
            self.backordered.to_db(),
            self.requested.to_db(),
        ))
    }
}

fn urgency_of(rank: i64) -> Urgency {
    match rank {
        2 => Urgency::Critical,
        1 => Urgency::Urgent,
        _ => Urgency::Normal,
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A page of the shortage list: the most urgent first, then the earliest requested
/// date; after `after` (`None`: the first page).
pub fn shortage_page(db: &Db, after: Option<&ShortageCursor>, limit: i64) -> Result<Vec<Shortage>> {
    let first = ShortageCursor::default();
    db.read_snapshot(|c| {
        let rows = store::shortages::page(c, after.unwrap_or(&first), limit)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let pending = store::purchases::pending_of_product(c, r.product_id)?;
            let requested: i64 = pending
                .iter()
                .map(|p| (p.qty - p.qty_received).max(0))
                .sum();
            let expected = pending
                .iter()
                .find_map(|p| date(&p.expected_date).map(|d| (d, p.number.clone())));
            out.push(Shortage {
                warehouses: store::shortages::stock_by_warehouse(c, r.product_id)?,
                cursor: ShortageCursor {
                    rank: r.urgency_rank,
                    requested: r.earliest_requested.clone(),
                    sku: r.sku.clone(),
                },
                product_id: r.product_id,
                sku: r.sku,
                name: r.name,
                unit: r.unit,
                backordered: Qty::from_db(r.backordered),
                lines: r.lines,
                orders: r.orders,
                urgency: urgency_of(r.urgency_rank),
                earliest_requested: date(&r.earliest_requested),
                on_hand: Qty::from_db(r.on_hand),
                reserved: Qty::from_db(r.reserved),
                available: Qty::from_db((r.on_hand - r.reserved).max(0)),
                requested: Qty::from_db(requested),
                expected,
            });
        }
        Ok(out)
    })
}

/// Gives the stock of a product that nothing reserves to the orders waiting for it
/// (补留), most urgent first, then the earliest approved, as a receipt does. Returns
/// what was given. Stock becomes free without a receipt when an order is cancelled, a
/// count finds more, or goods come back; the waiting orders need not wait for the
/// next receipt.
pub fn fill_from_stock(db: &Db, actor: &Actor, product_id: i64) -> Result<Qty> {
    db.write(|tx| {
        require(tx, actor, Permission::RequestPurchases)?;
        let before = store::stock::product_stock(tx, product_id)?;
        let at = now_stamp();
        super::reservation::fill_backorders(tx, product_id, &at)?;
        let after = store::stock::product_stock(tx, product_id)?;
        let given = before.backordered - after.backordered;
        if given > 0 {
            audit(
                tx,
                Some(actor),
                &at,
                "product",
                Some(product_id),
                "fill_backorders",
                Some(&serde_json::json!({ "backordered": before.backordered, "reserved": before.reserved })),
                Some(&serde_json::json!({ "backordered": after.backordered, "reserved": after.reserved })),
            )?;
        }
        Ok(Qty::from_db(given))
    })
}

/// One order line waiting for a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingLine {
    pub order_id: i64,
    pub order_no: String,
    pub customer_name: String,
    pub line_no: i64,
    pub backordered: Qty,
    pub urgency: Urgency,
    pub requested_date: Option<NaiveDate>,
}

/// The order lines waiting for a product, in the order arriving stock fills them.
pub fn waiting_for(db: &Db, product_id: i64, limit: i64) -> Result<Vec<WaitingLine>> {
    let rows = db.read(|c| store::shortages::waiting_for(c, product_id, limit))?;
    Ok(rows
        .into_iter()
        .map(|r| WaitingLine {
            order_id: r.order_id,
            order_no: r.order_no,
            customer_name: r.customer_name,
            line_no: r.line_no,
            backordered: Qty::from_db(r.backordered),
            urgency: urgency_of(r.urgency_rank),
            requested_date: r.requested_date.as_deref().and_then(date),
        })
        .collect())
}

/// The earliest date goods of a product are expected, in the caller's transaction.
pub(crate) fn expected_in(c: &Connection, product_id: i64) -> Result<Option<NaiveDate>> {
    Ok(store::purchases::next_expected(c, product_id)?.and_then(|(d, _)| date(&d)))
}

/// The backordered lines of an order with the date their goods are expected: (line
/// number, date, request number). What the counter tells a customer asking.
pub fn expected_for_order(db: &Db, order_id: i64) -> Result<Vec<(i64, NaiveDate, String)>> {
    let rows = db.read(|c| store::shortages::expected_for_order(c, order_id))?;
    Ok(rows
        .into_iter()
        .filter_map(|(line, d, number)| date(&d).map(|d| (line, d, number)))
        .collect())
}

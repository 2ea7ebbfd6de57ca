//! Order queries. (Intake, submission and approval come with the order screens; these
//! are the reads the lists and the scan box need.)

use super::{Error, Result, Thing};
use crate::domain::order::OrderStage;
use crate::store::orders::{OrderCursor, OrderListRow, OrderRow};
use crate::store::{self, Db};

/// The order with this number (SO-2026-000123), as typed or scanned.
pub fn order_by_number(db: &Db, number: &str) -> Result<OrderRow> {
    let n = crate::domain::text::to_half_width(number.trim()).to_uppercase();
    db.read(|c| store::orders::by_number(c, &n))?
        .ok_or(Error::NotFound {
            what: Thing::Order,
            key: n,
        })
}

/// One page of the order list, newest first, optionally of one stage; pass the last
/// row's cursor to get the next page (keyset paging, never OFFSET).
pub fn orders_page(
    db: &Db,
    stage: Option<OrderStage>,
    after: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderListRow>> {
    Ok(db.read(|c| store::orders::page(c, stage.map(|s| s.as_str()), after, limit))?)
}

/// Where the page after `rows` starts.
pub fn next_cursor(rows: &[OrderListRow]) -> Option<OrderCursor> {
    rows.last().map(|r| OrderCursor {
        order_date: r.order_date.clone(),
        id: r.id,
    })
}

//! Returns (退货单, RMA-), their lines and receipts, and the returned quantities of the
//! order lines. The goods side (bins, costs, shipments waiting) is in `returns_goods`,
//! the money side in `returns_cash`.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::returns::{ReturnReason, ReturnStatus};

/// A return about to be written.
pub struct NewReturn<'a> {
    pub number: &'a str,
    pub order_id: i64,
    pub customer_id: i64,
    pub shipment_id: i64,
    pub warehouse_id: i64,
    pub reason: ReturnReason,
    pub note: &'a str,
    pub undelivered: bool,
    pub by: i64,
    pub at: &'a str,
}

pub fn insert_return(c: &Connection, r: &NewReturn<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO returns (number, order_id, customer_id, shipment_id, warehouse_id, reason, note, \
         undelivered, created_by, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        r.number,
        r.order_id,
        r.customer_id,
        r.shipment_id,
        r.warehouse_id,
        r.reason,
        r.note,
        r.undelivered,
        r.by,
        r.at
    ])?;
    Ok(c.last_insert_rowid())
}

/// A return line about to be written.
pub struct NewReturnLine {
    pub return_id: i64,
    pub line_no: i64,
    pub shipment_line_id: i64,
    pub order_line_id: i64,
    pub product_id: i64,
    pub lot_id: i64,
    pub qty: i64,
    pub unit_cost: i64,
}

pub fn insert_line(c: &Connection, l: &NewReturnLine) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO return_lines (return_id, line_no, shipment_line_id, order_line_id, product_id, \
         lot_id, qty, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        l.return_id,
        l.line_no,
        l.shipment_line_id,
        l.order_line_id,
        l.product_id,
        l.lot_id,
        l.qty,
        l.unit_cost
    ])?;
    Ok(c.last_insert_rowid())
}

/// A return's head as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_no: Option<String>,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub shipment_id: i64,
    pub shipment_no: String,
    pub warehouse_id: i64,
    pub reason: ReturnReason,
    pub note: String,
    pub undelivered: bool,
    pub status: ReturnStatus,
    pub exchange_order_id: Option<i64>,
    pub exchange_order_no: Option<String>,
    pub credit_note_id: Option<i64>,
    pub credit_note_no: Option<String>,
    pub credit_minor: i64,
    pub refund_minor: i64,
    pub prepaid_minor: i64,
    pub settlement: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
    /// Σ quantity of the lines, thousandths.
    pub qty: i64,
    /// Σ received in any condition or written off as lost.
    pub accounted: i64,
}

const RETURN_SQL: &str = "SELECT r.id, r.number, r.order_id, o.number, r.customer_id, cu.code, cu.name, \
        r.shipment_id, s.number, r.warehouse_id, r.reason, r.note, r.undelivered, r.status, \
        r.exchange_order_id, xo.number, r.credit_note_id, cn.number, r.credit_minor, r.refund_minor, \
        r.prepaid_minor, r.settlement, r.cancel_reason, u.display_name, r.created_at, r.updated_at, \
        r.version, \
        (SELECT COALESCE(SUM(l.qty), 0) FROM return_lines l WHERE l.return_id = r.id), \
        (SELECT COALESCE(SUM(l.qty_sellable + l.qty_quarantine + l.qty_scrapped + l.qty_lost), 0) \
           FROM return_lines l WHERE l.return_id = r.id) \
     FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers cu ON cu.id = r.customer_id \
     JOIN shipments s ON s.id = r.shipment_id JOIN users u ON u.id = r.created_by \
     LEFT JOIN orders xo ON xo.id = r.exchange_order_id \
     LEFT JOIN invoices cn ON cn.id = r.credit_note_id";

fn return_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReturnRow> {
    Ok(ReturnRow {
        id: r.get(0)?,
        number: r.get(1)?,
        order_id: r.get(2)?,
        order_no: r.get(3)?,
        customer_id: r.get(4)?,
        customer_code: r.get(5)?,
        customer_name: r.get(6)?,
        shipment_id: r.get(7)?,
        shipment_no: r.get(8)?,
        warehouse_id: r.get(9)?,
        reason: r.get(10)?,
        note: r.get(11)?,
        undelivered: r.get(12)?,
        status: r.get(13)?,
        exchange_order_id: r.get(14)?,
        exchange_order_no: r.get(15)?,
        credit_note_id: r.get(16)?,
        credit_note_no: r.get(17)?,
        credit_minor: r.get(18)?,
        refund_minor: r.get(19)?,
        prepaid_minor: r.get(20)?,
        settlement: r.get(21)?,
        cancel_reason: r.get(22)?,
        created_by: r.get(23)?,
        created_at: r.get(24)?,
        updated_at: r.get(25)?,
        version: r.get(26)?,
        qty: r.get(27)?,
        accounted: r.get(28)?,
    })
}

pub fn by_number(c: &Connection, number: &str) -> Result<Option<ReturnRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{RETURN_SQL} WHERE r.number = ?1"))?
            .query_row([number], return_row),
    )?)
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<ReturnRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{RETURN_SQL} WHERE r.id = ?1"))?
            .query_row([id], return_row),
    )?)
}

/// A page of returns, newest first, before `before_id` (`i64::MAX` first): all of them,
/// or those in one state (by the `returns_status` index).
pub fn page(
    c: &Connection,
    status: Option<ReturnStatus>,
    before_id: i64,
    limit: i64,
) -> Result<Vec<ReturnRow>> {
    match status {
        Some(s) => all(
            c,
            &format!("{RETURN_SQL} WHERE r.status = ?1 AND r.id < ?2 ORDER BY r.id DESC LIMIT ?3"),
            params![s, before_id, limit],
            return_row,
        ),
        None => all(
            c,
            &format!("{RETURN_SQL} WHERE r.id < ?1 ORDER BY r.id DESC LIMIT ?2"),
            params![before_id, limit],
            return_row,
        ),
    }
}

/// The returns of an order, oldest first.
pub fn of_order(c: &Connection, order_id: i64) -> Result<Vec<ReturnRow>> {
    all(
        c,
        &format!("{RETURN_SQL} WHERE r.order_id = ?1 ORDER BY r.id"),
        [order_id],
        return_row,
    )
}

/// The return an exchange order replaces goods of, if it is one.
pub fn of_exchange_order(c: &Connection, order_id: i64) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached("SELECT number FROM returns WHERE exchange_order_id = ?1")?
            .query_row([order_id], |r| r.get(0)),
    )?)
}

/// One line of a return, with its product, lot and order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLineRow {
    pub id: i64,
    pub line_no: i64,
    pub shipment_line_id: i64,
    pub order_line_id: i64,
    pub order_line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub lot_id: i64,
    pub lot_no: String,
    pub qty: i64,
    pub unit_cost: i64,
    pub qty_sellable: i64,
    pub qty_quarantine: i64,
    pub qty_scrapped: i64,
    pub qty_lost: i64,
    pub qty_credited: i64,
    pub qty_uninvoiced: i64,
}

impl ReturnLineRow {
    /// Received in any condition or written off as lost.
    pub fn accounted(&self) -> i64 {
        self.qty_sellable + self.qty_quarantine + self.qty_scrapped + self.qty_lost
    }

    /// Still to receive.
    pub fn left(&self) -> i64 {
        self.qty - self.accounted()
    }
}

pub fn lines_of(c: &Connection, return_id: i64) -> Result<Vec<ReturnLineRow>> {
    all(
        c,
        "SELECT l.id, l.line_no, l.shipment_line_id, l.order_line_id, ol.line_no, l.product_id, p.sku, \
                p.name, p.unit, l.lot_id, t.lot_no, l.qty, l.unit_cost, l.qty_sellable, l.qty_quarantine, \
                l.qty_scrapped, l.qty_lost, l.qty_credited, l.qty_uninvoiced \
         FROM return_lines l JOIN order_lines ol ON ol.id = l.order_line_id \
         JOIN products p ON p.id = l.product_id JOIN lots t ON t.id = l.lot_id \
         WHERE l.return_id = ?1 ORDER BY l.line_no",
        [return_id],
        |r| {
            Ok(ReturnLineRow {
                id: r.get(0)?,
                line_no: r.get(1)?,
                shipment_line_id: r.get(2)?,
                order_line_id: r.get(3)?,
                order_line_no: r.get(4)?,
                product_id: r.get(5)?,
                sku: r.get(6)?,
                name: r.get(7)?,
                unit: r.get(8)?,
                lot_id: r.get(9)?,
                lot_no: r.get(10)?,
                qty: r.get(11)?,
                unit_cost: r.get(12)?,
                qty_sellable: r.get(13)?,
                qty_quarantine: r.get(14)?,
                qty_scrapped: r.get(15)?,
                qty_lost: r.get(16)?,
                qty_credited: r.get(17)?,
                qty_uninvoiced: r.get(18)?,
            })
        },
    )
}

/// What returns not cancelled take of a shipment line: those of goods signed for, or
/// (`undelivered`) of goods never signed for.
pub fn returned_of_shipment_line(
    c: &Connection,
    shipment_line_id: i64,
    undelivered: bool,
) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(l.qty), 0) FROM return_lines l JOIN returns r ON r.id = l.return_id \
         WHERE l.shipment_line_id = ?1 AND r.undelivered = ?2 AND r.status <> 'cancelled'",
    )?
    .query_row(params![shipment_line_id, undelivered], |r| r.get(0))?)
}

/// Adds to (or, negative, takes from) an order line's returned quantity.
pub fn add_line_returned(c: &Connection, order_line_id: i64, delta: i64) -> Result<()> {
    c.prepare_cached("UPDATE order_lines SET qty_returned = qty_returned + ?2 WHERE id = ?1")?
        .execute(params![order_line_id, delta])?;
    Ok(())
}

/// Moves a return at `version` to `status`; false when someone changed it first.
pub fn set_status(
    c: &Connection,
    id: i64,
    version: i64,
    status: ReturnStatus,
    at: &str,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE returns SET status = ?3, updated_at = ?4, version = version + 1 \
         WHERE id = ?1 AND version = ?2",
    )?
    .execute(params![id, version, status, at])?
        == 1)
}

/// Cancels an open return at `version` with the reason; false when it changed first.
pub fn cancel(c: &Connection, id: i64, version: i64, reason: &str, at: &str) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE returns SET status = 'cancelled', cancel_reason = ?3, updated_at = ?4, \
         version = version + 1 WHERE id = ?1 AND version = ?2 AND status = 'open'",
    )?
    .execute(params![id, version, reason, at])?
        == 1)
}

/// Adds `n` received in `condition` (or `lost`) to a return line; false when that would
/// pass the line's quantity.
pub fn add_received(c: &Connection, line_id: i64, condition: &str, n: i64) -> Result<bool> {
    let column = match condition {
        "sellable" => "qty_sellable",
        "quarantine" => "qty_quarantine",
        "scrap" => "qty_scrapped",
        _ => "qty_lost",
    };
    Ok(c.prepare_cached(&format!(
        "UPDATE return_lines SET {column} = {column} + ?2 WHERE id = ?1 \
         AND qty_sellable + qty_quarantine + qty_scrapped + qty_lost + ?2 <= qty"
    ))?
    .execute(params![line_id, n])?
        == 1)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_receipt(
    c: &Connection,
    line_id: i64,
    condition: &str,
    qty: i64,
    bin_id: Option<i64>,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO return_receipts (return_line_id, condition, qty, bin_id, received_by, received_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![line_id, condition, qty, bin_id, by, at])?;
    Ok(c.last_insert_rowid())
}

/// One receipt of a return as shown: when, who, what, in which condition, where to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRow {
    pub line_no: i64,
    pub sku: String,
    pub condition: String,
    pub qty: i64,
    pub bin_code: Option<String>,
    pub by: String,
    pub at: String,
}

/// The receipts of a return, oldest first.
pub fn receipts_of(c: &Connection, return_id: i64) -> Result<Vec<ReceiptRow>> {
    all(
        c,
        "SELECT l.line_no, p.sku, x.condition, x.qty, b.code, u.display_name, x.received_at \
         FROM return_receipts x JOIN return_lines l ON l.id = x.return_line_id \
         JOIN products p ON p.id = l.product_id JOIN users u ON u.id = x.received_by \
         LEFT JOIN bins b ON b.id = x.bin_id WHERE l.return_id = ?1 ORDER BY x.id",
        [return_id],
        |r| {
            Ok(ReceiptRow {
                line_no: r.get(0)?,
                sku: r.get(1)?,
                condition: r.get(2)?,
                qty: r.get(3)?,
                bin_code: r.get(4)?,
                by: r.get(5)?,
                at: r.get(6)?,
            })
        },
    )
}

/// Records the exchange order (换货) of a return.
pub fn set_exchange(c: &Connection, id: i64, order_id: i64, at: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE returns SET exchange_order_id = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![id, order_id, at])?;
    Ok(())
}

//! Returns (退货单, RMA-), their lines and receipts, the return and quarantine bins of a
//! warehouse, and what a return changes on the order lines and shipment costs.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::returns::{ReturnReason, ReturnStatus};

/// The return bin (退货区) and quarantine bin (待检区) of a warehouse, made the first
/// time the warehouse receives a return: (return bin, quarantine bin).
pub fn return_bins(c: &Connection, warehouse_id: i64) -> Result<(i64, i64)> {
    let found: Option<(i64, i64)> = optional(
        c.prepare_cached(
            "SELECT return_bin_id, quarantine_bin_id FROM return_bins WHERE warehouse_id = ?1",
        )?
        .query_row([warehouse_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?;
    if let Some(f) = found {
        return Ok(f);
    }
    let code: String = c
        .prepare_cached("SELECT code FROM warehouses WHERE id = ?1")?
        .query_row([warehouse_id], |r| r.get(0))?;
    let ret = insert_held_bin(c, warehouse_id, &format!("RET-{code}"), "退货区")?;
    let qua = insert_held_bin(c, warehouse_id, &format!("QUA-{code}"), "待检区")?;
    c.prepare_cached(
        "INSERT INTO return_bins (warehouse_id, return_bin_id, quarantine_bin_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![warehouse_id, ret, qua])?;
    Ok((ret, qua))
}

/// A bin of kind `returns` with this code, or the code and a number when it is taken.
fn insert_held_bin(c: &Connection, warehouse_id: i64, code: &str, name: &str) -> Result<i64> {
    let mut bin_code = code.to_string();
    let mut taken = c.prepare_cached("SELECT 1 FROM bins WHERE code = ?1")?;
    let mut n = 1;
    while taken.exists([&bin_code])? {
        n += 1;
        bin_code = format!("{code}-{n}");
    }
    c.prepare_cached(
        "INSERT INTO bins (warehouse_id, code, name, kind) VALUES (?1, ?2, ?3, 'returns')",
    )?
    .execute(params![warehouse_id, bin_code, name])?;
    Ok(c.last_insert_rowid())
}

/// The warehouse a bin belongs to.
pub fn warehouse_of_bin(c: &Connection, bin_id: i64) -> Result<i64> {
    Ok(
        c.prepare_cached("SELECT warehouse_id FROM bins WHERE id = ?1")?
            .query_row([bin_id], |r| r.get(0))?,
    )
}

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

/// The cost a shipment line's goods left stock at, as recorded for the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShipmentLineCost {
    pub unit_cost: i64,
    /// The value went to 发出商品 (revenue at sign-off) rather than to cost of goods sold.
    pub in_transit: bool,
    pub value: i64,
    /// Of it, what went on to cost of goods sold when the customer signed.
    pub signed: i64,
    /// Of it, what returns settled (back to stock, or written off).
    pub returned: i64,
}

pub fn shipment_line_cost(
    c: &Connection,
    shipment_line_id: i64,
) -> Result<Option<ShipmentLineCost>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT unit_cost, in_transit, value_minor, signed_minor, returned_minor \
             FROM shipment_costs WHERE shipment_line_id = ?1",
        )?
        .query_row([shipment_line_id], |r| {
            Ok(ShipmentLineCost {
                unit_cost: r.get(0)?,
                in_transit: r.get(1)?,
                value: r.get(2)?,
                signed: r.get(3)?,
                returned: r.get(4)?,
            })
        }),
    )?)
}

/// Records that `value` of a shipment line's cost in 发出商品 was settled by a return.
pub fn add_returned_cost(c: &Connection, shipment_line_id: i64, value: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE shipment_costs SET returned_minor = returned_minor + ?2 WHERE shipment_line_id = ?1",
    )?
    .execute(params![shipment_line_id, value])?;
    Ok(())
}

/// The unit cost of the ship move that took a shipment line's goods out of stock.
pub fn ship_move_cost(c: &Connection, shipment_line_id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT m.unit_cost FROM shipment_lines sl JOIN stock_moves m ON m.kind = 'ship' \
               AND m.doc_type = 'SH' AND m.doc_id = sl.shipment_id AND m.product_id = sl.product_id \
               AND m.bin_id = sl.bin_id AND m.lot_id = sl.lot_id \
             WHERE sl.id = ?1 ORDER BY m.id LIMIT 1",
        )?
        .query_row([shipment_line_id], |r| r.get(0)),
    )?)
}

/// Per order line of an order: what returns of goods never signed for have settled
/// (received back or written off as lost).
pub fn settled_undelivered(c: &Connection, order_id: i64) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT l.order_line_id, SUM(l.qty_sellable + l.qty_quarantine + l.qty_scrapped + l.qty_lost) \
         FROM return_lines l JOIN returns r ON r.id = l.return_id \
         WHERE r.order_id = ?1 AND r.undelivered = 1 AND r.status <> 'cancelled' \
         GROUP BY l.order_line_id",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
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

/// Where goods returned for sale go unless a bin is scanned: the product's default bin,
/// else the bin the goods were picked from, else the warehouse's first storage bin, of
/// the warehouse's active storage bins. (id, code).
pub fn default_sellable_bin(
    c: &Connection,
    warehouse_id: i64,
    product_id: i64,
    order_line_id: i64,
    lot_id: i64,
) -> Result<Option<(i64, String)>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT b.id, b.code FROM bins b WHERE b.warehouse_id = ?1 AND b.kind = 'storage' \
               AND b.active = 1 \
             ORDER BY b.id = (SELECT default_bin_id FROM products WHERE id = ?2) DESC, \
                      EXISTS (SELECT 1 FROM pick_tasks t WHERE t.order_line_id = ?3 AND t.lot_id = ?4 \
                              AND t.kind = 'pick' AND t.bin_id = b.id) DESC, \
                      b.code LIMIT 1",
        )?
        .query_row(params![warehouse_id, product_id, order_line_id, lot_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        }),
    )?)
}

/// A shipment line a return could be opened from (the demo's after-sales history picks
/// them): shipment number, the customer's code, the order line and what it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    pub shipment: String,
    pub customer_code: String,
    pub line_no: i64,
    pub qty: i64,
    /// The customer has paid (some of) the order's invoice.
    pub paid: bool,
}

/// Shipments in `status` with no return yet, newest first, with their first line; with
/// `active`, only those of active customers (neither blocked nor still prospects).
pub fn candidates(
    c: &Connection,
    status: &str,
    active: bool,
    limit: i64,
) -> Result<Vec<CandidateRow>> {
    all(
        c,
        "SELECT s.number, cu.code, ol.line_no, sl.qty, EXISTS (SELECT 1 FROM invoices i \
           WHERE i.order_id = o.id AND i.kind = 'invoice' AND i.paid_minor > 0) FROM shipments s \
         JOIN orders o ON o.id = s.order_id JOIN customers cu ON cu.id = o.customer_id \
         JOIN shipment_lines sl ON sl.id = (SELECT MIN(x.id) FROM shipment_lines x \
                                           WHERE x.shipment_id = s.id) \
         JOIN order_lines ol ON ol.id = sl.order_line_id \
         WHERE s.status = ?1 AND (?2 = 0 OR cu.status = 'active') \
           AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.shipment_id = s.id) \
         ORDER BY s.id DESC LIMIT ?3",
        params![status, active, limit],
        |r| {
            Ok(CandidateRow {
                shipment: r.get(0)?,
                customer_code: r.get(1)?,
                line_no: r.get(2)?,
                qty: r.get(3)?,
                paid: r.get(4)?,
            })
        },
    )
}

/// Shipments that went wrong (refused, damaged, lost, partly received) with goods no
/// return has settled yet, newest first, before `before_id`.
pub fn waiting_shipments(c: &Connection, before_id: i64, limit: i64) -> Result<Vec<i64>> {
    all(
        c,
        "SELECT s.id FROM shipments s \
         WHERE s.status IN ('partly_received', 'refused', 'damaged', 'lost') AND s.id < ?1 \
           AND EXISTS (SELECT 1 FROM shipment_lines sl WHERE sl.shipment_id = s.id \
             AND sl.qty_exception > (SELECT COALESCE(SUM(l.qty_sellable + l.qty_quarantine \
                 + l.qty_scrapped + l.qty_lost), 0) FROM return_lines l \
               JOIN returns r ON r.id = l.return_id \
               WHERE l.shipment_line_id = sl.id AND r.undelivered = 1)) \
         ORDER BY s.id DESC LIMIT ?2",
        params![before_id, limit],
        |r| r.get(0),
    )
}

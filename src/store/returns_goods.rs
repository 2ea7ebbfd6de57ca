//! The goods side of returns: the return and quarantine bins of a warehouse, where
//! sellable returns go, the cost returned goods left stock at and what of it waited in
//! 发出商品, and the shipments whose goods still wait for after-sales.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

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

//! The shortage list (缺货跟进): backordered quantities grouped by product, the orders
//! waiting for each, and where the product's stock lies, warehouse by warehouse.

use rusqlite::{params, Connection};

use super::{all, Result};

/// One short product: what the orders wait for, how urgently, against its stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortageRow {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// Backordered in all, thousandths.
    pub backordered: i64,
    /// Order lines and orders waiting.
    pub lines: i64,
    pub orders: i64,
    /// The most urgent waiting order: 2 critical, 1 urgent, 0 normal.
    pub urgency_rank: i64,
    /// The earliest requested date of the waiting orders (`9999-12-31` when none asked
    /// for a date).
    pub earliest_requested: String,
    pub on_hand: i64,
    pub reserved: i64,
}

/// Where a page of the list starts: after this (rank, requested date, SKU); the first
/// page starts after `(3, "", "")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub rank: i64,
    pub requested: String,
    pub sku: String,
}

impl Default for Cursor {
    fn default() -> Cursor {
        Cursor {
            rank: 3,
            requested: String::new(),
            sku: String::new(),
        }
    }
}

/// A page of short products, the most urgent first, then the earliest requested date,
/// then by SKU. The sums read only backordered lines (a partial index).
pub fn page(c: &Connection, after: &Cursor, limit: i64) -> Result<Vec<ShortageRow>> {
    all(
        c,
        "SELECT g.product_id, p.sku, p.name, p.unit, g.qty, g.lines, g.orders, g.rank, g.requested, \
                COALESCE(ps.on_hand, 0), COALESCE(ps.reserved, 0) \
         FROM (SELECT l.product_id, SUM(l.qty_backordered) AS qty, count(*) AS lines, \
                      count(DISTINCT l.order_id) AS orders, \
                      MAX(CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) AS rank, \
                      MIN(COALESCE(o.requested_date, '9999-12-31')) AS requested \
               FROM order_lines l JOIN orders o ON o.id = l.order_id \
               WHERE l.qty_backordered > 0 GROUP BY l.product_id) g \
         JOIN products p ON p.id = g.product_id \
         LEFT JOIN product_stock ps ON ps.product_id = g.product_id \
         WHERE g.rank < ?1 OR (g.rank = ?1 AND (g.requested > ?2 OR (g.requested = ?2 AND p.sku > ?3))) \
         ORDER BY g.rank DESC, g.requested, p.sku LIMIT ?4",
        params![after.rank, after.requested, after.sku, limit],
        |r| {
            Ok(ShortageRow {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                backordered: r.get(4)?,
                lines: r.get(5)?,
                orders: r.get(6)?,
                urgency_rank: r.get(7)?,
                earliest_requested: r.get(8)?,
                on_hand: r.get(9)?,
                reserved: r.get(10)?,
            })
        },
    )
}

/// One order line waiting for a product, in the order arriving stock fills them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    pub order_id: i64,
    pub order_no: String,
    pub customer_name: String,
    pub line_no: i64,
    pub backordered: i64,
    pub urgency_rank: i64,
    pub requested_date: Option<String>,
    pub stage: String,
}

/// The order lines waiting for a product: most urgent first, then the earliest
/// approved, as [`super::reservation::backorders_of`] fills them.
pub fn waiting_for(c: &Connection, product_id: i64, limit: i64) -> Result<Vec<WaitingRow>> {
    all(
        c,
        "SELECT o.id, COALESCE(o.number, ''), cu.name, l.line_no, l.qty_backordered, \
                CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END, \
                o.requested_date, o.stage \
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN customers cu ON cu.id = o.customer_id \
         WHERE l.product_id = ?1 AND l.qty_backordered > 0 \
         ORDER BY (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
                  o.approved_at, o.id, l.line_no LIMIT ?2",
        params![product_id, limit],
        |r| {
            Ok(WaitingRow {
                order_id: r.get(0)?,
                order_no: r.get(1)?,
                customer_name: r.get(2)?,
                line_no: r.get(3)?,
                backordered: r.get(4)?,
                urgency_rank: r.get(5)?,
                requested_date: r.get(6)?,
                stage: r.get(7)?,
            })
        },
    )
}

/// A product's stock in one warehouse: on hand in its storage bins, and elsewhere (the
/// counter's shelves are storage too; staging and returns bins are not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseStock {
    pub code: String,
    pub name: String,
    pub storage: i64,
    pub other: i64,
}

pub fn stock_by_warehouse(c: &Connection, product_id: i64) -> Result<Vec<WarehouseStock>> {
    all(
        c,
        "SELECT w.code, w.name, \
                SUM(CASE b.kind WHEN 'storage' THEN l.on_hand ELSE 0 END), \
                SUM(CASE b.kind WHEN 'storage' THEN 0 ELSE l.on_hand END) \
         FROM stock_levels l JOIN bins b ON b.id = l.bin_id JOIN warehouses w ON w.id = b.warehouse_id \
         WHERE l.product_id = ?1 AND l.on_hand > 0 GROUP BY w.id ORDER BY w.code",
        [product_id],
        |r| {
            Ok(WarehouseStock {
                code: r.get(0)?,
                name: r.get(1)?,
                storage: r.get(2)?,
                other: r.get(3)?,
            })
        },
    )
}

/// The backordered lines of an order with the earliest date their goods are expected,
/// and that request's number: (line number, expected date, request number).
pub fn expected_for_order(c: &Connection, order_id: i64) -> Result<Vec<(i64, String, String)>> {
    all(
        c,
        "SELECT l.line_no, r.expected_date, r.number FROM order_lines l \
         JOIN purchase_requests r ON r.id = (SELECT r2.id FROM purchase_requests r2 \
              WHERE r2.product_id = l.product_id AND r2.status IN ('open', 'ordered') \
              ORDER BY r2.expected_date, r2.id LIMIT 1) \
         WHERE l.order_id = ?1 AND l.qty_backordered > 0 ORDER BY l.line_no",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_reads_only_backordered_lines() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::create(
            &dir.path().join("plan.db"),
            crate::config::JournalSetting::Auto,
        )
        .unwrap();
        let c = db.conn();
        let mut st = c
            .prepare(
                "EXPLAIN QUERY PLAN SELECT l.product_id, SUM(l.qty_backordered) FROM order_lines l \
                 WHERE l.qty_backordered > 0 GROUP BY l.product_id",
            )
            .unwrap();
        let p: Vec<String> = st
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(p.join("\n").contains("order_lines_backordered"), "{p:?}");
    }
}

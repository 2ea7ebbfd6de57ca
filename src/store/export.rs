//! The queries only exports need: the lines of a page of orders at once, so that an
//! export of order lines reads one statement per page of the order list instead of one
//! per order.

use rusqlite::Connection;

use super::orders::LineRow;
use super::{all, Result};

/// The lines of these orders with their products, by order id and line number.
pub fn lines_of_orders(c: &Connection, order_ids: &[i64]) -> Result<Vec<(i64, LineRow)>> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; order_ids.len()].join(",");
    let sql = format!(
        "SELECT l.order_id, l.id, l.line_no, l.product_id, p.sku, p.name, p.spec, p.unit, l.qty, \
         l.unit_price, l.discount_bp, l.tax_bp, l.net_minor, l.tax_minor, l.gross_minor, \
         l.qty_cancelled, l.qty_reserved, l.qty_backordered, l.qty_picked, l.qty_shipped, \
         l.qty_delivered, l.qty_invoiced, l.qty_returned, l.qty_return_uninvoiced \
         FROM order_lines l JOIN products p ON p.id = l.product_id \
         WHERE l.order_id IN ({marks}) ORDER BY l.order_id, l.line_no"
    );
    all(c, &sql, rusqlite::params_from_iter(order_ids), |r| {
        Ok((
            r.get(0)?,
            LineRow {
                id: r.get(1)?,
                line_no: r.get(2)?,
                product_id: r.get(3)?,
                sku: r.get(4)?,
                name: r.get(5)?,
                spec: r.get(6)?,
                unit: r.get(7)?,
                qty: r.get(8)?,
                unit_price: r.get(9)?,
                discount_bp: r.get(10)?,
                tax_bp: r.get(11)?,
                net_minor: r.get(12)?,
                tax_minor: r.get(13)?,
                gross_minor: r.get(14)?,
                qty_cancelled: r.get(15)?,
                qty_reserved: r.get(16)?,
                qty_backordered: r.get(17)?,
                qty_picked: r.get(18)?,
                qty_shipped: r.get(19)?,
                qty_delivered: r.get(20)?,
                qty_invoiced: r.get(21)?,
                qty_returned: r.get(22)?,
                qty_return_uninvoiced: r.get(23)?,
            },
        ))
    })
}

//! Cartons packed at the packing bench (复核打包) and the company's packing setting.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// Whether the company packs every shipment at the bench before it ships.
pub fn packing_required(c: &Connection) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT packing_required FROM company WHERE id = 1")?
            .query_row([], |r| r.get(0))?,
    )
}

pub fn set_packing_required(c: &Connection, on: bool) -> Result<()> {
    c.prepare_cached(
        "UPDATE company SET packing_required = ?1, version = version + 1 WHERE id = 1",
    )?
    .execute([on])?;
    Ok(())
}

/// The next carton number of an order.
pub fn next_carton_no(c: &Connection, order_id: i64) -> Result<i64> {
    Ok(
        c.prepare_cached(
            "SELECT COALESCE(MAX(carton_no), 0) + 1 FROM cartons WHERE order_id = ?1",
        )?
        .query_row([order_id], |r| r.get(0))?,
    )
}

pub fn insert_carton(
    c: &Connection,
    order_id: i64,
    carton_no: i64,
    weight_g: i64,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO cartons (order_id, carton_no, weight_g, packed_by, packed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![order_id, carton_no, weight_g, by, at])?;
    Ok(c.last_insert_rowid())
}

pub fn insert_content(c: &Connection, carton_id: i64, line_id: i64, qty: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO carton_contents (carton_id, order_line_id, qty) VALUES (?1, ?2, ?3) \
         ON CONFLICT (carton_id, order_line_id) DO UPDATE SET qty = qty + excluded.qty",
    )?
    .execute(params![carton_id, line_id, qty])?;
    Ok(())
}

/// Packed and not yet shipped, per order line of an order: (line id, qty).
pub fn packed_unshipped(c: &Connection, order_id: i64) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT cc.order_line_id, SUM(cc.qty) FROM cartons k JOIN carton_contents cc ON cc.carton_id = k.id \
         WHERE k.order_id = ?1 AND k.shipment_id IS NULL GROUP BY cc.order_line_id",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The cartons of an order not yet shipped: (id, carton number, weight in grams).
pub fn open_cartons(c: &Connection, order_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    all(
        c,
        "SELECT id, carton_no, weight_g FROM cartons WHERE order_id = ?1 AND shipment_id IS NULL ORDER BY carton_no",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Ships the order's open cartons with a shipment.
pub fn ship_cartons(c: &Connection, order_id: i64, shipment_id: i64) -> Result<usize> {
    Ok(c.prepare_cached(
        "UPDATE cartons SET shipment_id = ?2 WHERE order_id = ?1 AND shipment_id IS NULL",
    )?
    .execute(params![order_id, shipment_id])?)
}

/// A carton as its packing slip lists it: (id, weight in grams, when packed).
pub fn carton(c: &Connection, order_id: i64, carton_no: i64) -> Result<Option<(i64, i64, String)>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT id, weight_g, packed_at FROM cartons WHERE order_id = ?1 AND carton_no = ?2",
        )?
        .query_row(params![order_id, carton_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        }),
    )?)
}

/// How many cartons an order has had packed, shipped or not.
pub fn carton_count(c: &Connection, order_id: i64) -> Result<i64> {
    Ok(
        c.prepare_cached("SELECT count(*) FROM cartons WHERE order_id = ?1")?
            .query_row([order_id], |r| r.get(0))?,
    )
}

/// One line of a carton: order line number, SKU, product name, unit, the lots picked
/// for the line (comma-separated), thousandths in the carton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartonLine {
    pub line_no: i64,
    pub sku: String,
    pub product_name: String,
    pub unit: String,
    pub lots: String,
    pub qty: i64,
}

/// What a carton holds, by order line number.
pub fn carton_lines(c: &Connection, carton_id: i64) -> Result<Vec<CartonLine>> {
    all(
        c,
        "SELECT l.line_no, p.sku, p.name, p.unit, \
                COALESCE((SELECT group_concat(DISTINCT lt.lot_no) FROM pick_tasks k \
                          JOIN lots lt ON lt.id = k.lot_id \
                          WHERE k.order_line_id = l.id AND k.kind = 'pick' AND k.qty_picked > 0), ''), \
                cc.qty \
         FROM carton_contents cc JOIN order_lines l ON l.id = cc.order_line_id \
         JOIN products p ON p.id = l.product_id \
         WHERE cc.carton_id = ?1 ORDER BY l.line_no",
        [carton_id],
        |r| {
            Ok(CartonLine {
                line_no: r.get(0)?,
                sku: r.get(1)?,
                product_name: r.get(2)?,
                unit: r.get(3)?,
                lots: r.get(4)?,
                qty: r.get(5)?,
            })
        },
    )
}

//! Carriers, shipments (发货单) and their lines, delivery (签收) and what waits after a
//! delivery went wrong.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::goods::ShipmentStatus;

/// A carrier the admin keeps (承运商).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
}

fn carrier_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CarrierRow> {
    Ok(CarrierRow {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        active: r.get(3)?,
    })
}

pub fn carriers(c: &Connection) -> Result<Vec<CarrierRow>> {
    all(
        c,
        "SELECT id, code, name, active FROM carriers ORDER BY id",
        [],
        carrier_row,
    )
}

/// The carrier with this code or name (case-insensitive code).
pub fn carrier(c: &Connection, code_or_name: &str) -> Result<Option<CarrierRow>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT id, code, name, active FROM carriers \
             WHERE upper(code) = upper(?1) OR name = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([code_or_name], carrier_row),
    )?)
}

pub fn insert_carrier(c: &Connection, code: &str, name: &str) -> Result<i64> {
    c.prepare_cached("INSERT INTO carriers (code, name) VALUES (?1, ?2)")?
        .execute(params![code, name])?;
    Ok(c.last_insert_rowid())
}

/// Staged goods of one order line: per staging bin and lot, what was picked less what
/// was put back and what shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedRow {
    pub bin_id: i64,
    pub lot_id: i64,
    pub lot_no: String,
    pub qty: i64,
}

pub fn staged_of_line(c: &Connection, line_id: i64) -> Result<Vec<StagedRow>> {
    all(
        c,
        "SELECT x.bin_id, x.lot_id, t.lot_no, SUM(x.q) FROM ( \
           SELECT staging_bin_id AS bin_id, lot_id, qty_picked AS q FROM pick_tasks \
             WHERE order_line_id = ?1 AND kind = 'pick' \
           UNION ALL SELECT staging_bin_id, lot_id, -qty_picked FROM pick_tasks \
             WHERE order_line_id = ?1 AND kind = 'unpick' \
           UNION ALL SELECT bin_id, lot_id, -qty FROM shipment_lines WHERE order_line_id = ?1) x \
         JOIN lots t ON t.id = x.lot_id \
         GROUP BY x.bin_id, x.lot_id HAVING SUM(x.q) > 0 ORDER BY t.received_on, x.lot_id, x.bin_id",
        [line_id],
        |r| {
            Ok(StagedRow {
                bin_id: r.get(0)?,
                lot_id: r.get(1)?,
                lot_no: r.get(2)?,
                qty: r.get(3)?,
            })
        },
    )
}

/// A shipment about to be written.
pub struct NewShipment<'a> {
    pub number: &'a str,
    pub order_id: i64,
    pub carrier_id: i64,
    pub tracking_no: Option<&'a str>,
    pub cartons: i64,
    pub weight_g: i64,
    pub cost_minor: i64,
    pub ship_date: &'a str,
    pub shipped_by: i64,
    pub at: &'a str,
}

pub fn insert_shipment(c: &Connection, s: &NewShipment<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO shipments (number, order_id, carrier_id, tracking_no, cartons, weight_g, \
         cost_minor, ship_date, shipped_by, shipped_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        s.number,
        s.order_id,
        s.carrier_id,
        s.tracking_no,
        s.cartons,
        s.weight_g,
        s.cost_minor,
        s.ship_date,
        s.shipped_by,
        s.at
    ])?;
    Ok(c.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_line(
    c: &Connection,
    shipment_id: i64,
    order_line_id: i64,
    product_id: i64,
    bin_id: i64,
    lot_id: i64,
    qty: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO shipment_lines (shipment_id, order_line_id, product_id, bin_id, lot_id, qty) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        shipment_id,
        order_line_id,
        product_id,
        bin_id,
        lot_id,
        qty
    ])?;
    Ok(())
}

/// Ships `n` of a line: its reservation and staged part go down, shipped goes up.
pub fn ship_line_qty(c: &Connection, line_id: i64, n: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE order_lines SET qty_picked = qty_picked - ?2, qty_reserved = qty_reserved - ?2, \
         qty_shipped = qty_shipped + ?2 WHERE id = ?1",
    )?
    .execute(params![line_id, n])?;
    Ok(())
}

/// The shipment that already carries this tracking number with this carrier.
pub fn by_tracking(c: &Connection, carrier_id: i64, tracking: &str) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT number FROM shipments WHERE carrier_id = ?1 AND tracking_no = ?2",
        )?
        .query_row(params![carrier_id, tracking], |r| r.get(0)),
    )?)
}

/// A shipment's head, as shown and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: Option<String>,
    pub customer_name: String,
    pub customer_address: Option<String>,
    pub customer_phone: Option<String>,
    pub status: ShipmentStatus,
    pub carrier_code: String,
    pub carrier_name: String,
    pub tracking_no: Option<String>,
    pub cartons: i64,
    pub weight_g: i64,
    pub cost_minor: i64,
    pub ship_date: String,
    pub shipped_by: String,
    pub shipped_at: String,
    pub signer: Option<String>,
    pub delivered_on: Option<String>,
    pub exception_note: Option<String>,
    pub version: i64,
}

const SHIPMENT_SQL: &str = "SELECT s.id, s.number, s.order_id, o.number, cu.name, cu.address, cu.phone, \
        s.status, ca.code, ca.name, s.tracking_no, s.cartons, s.weight_g, s.cost_minor, s.ship_date, \
        u.display_name, s.shipped_at, s.signer, s.delivered_on, s.exception_note, s.version \
     FROM shipments s JOIN orders o ON o.id = s.order_id JOIN customers cu ON cu.id = o.customer_id \
     JOIN carriers ca ON ca.id = s.carrier_id JOIN users u ON u.id = s.shipped_by";

fn shipment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ShipmentRow> {
    let status: String = r.get(7)?;
    Ok(ShipmentRow {
        id: r.get(0)?,
        number: r.get(1)?,
        order_id: r.get(2)?,
        order_number: r.get(3)?,
        customer_name: r.get(4)?,
        customer_address: r.get(5)?,
        customer_phone: r.get(6)?,
        status: ShipmentStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                7,
                rusqlite::types::Type::Text,
                format!("shipment status {status:?}").into(),
            )
        })?,
        carrier_code: r.get(8)?,
        carrier_name: r.get(9)?,
        tracking_no: r.get(10)?,
        cartons: r.get(11)?,
        weight_g: r.get(12)?,
        cost_minor: r.get(13)?,
        ship_date: r.get(14)?,
        shipped_by: r.get(15)?,
        shipped_at: r.get(16)?,
        signer: r.get(17)?,
        delivered_on: r.get(18)?,
        exception_note: r.get(19)?,
        version: r.get(20)?,
    })
}

/// The shipment with this number, or else the one with this tracking number (any
/// carrier; the oldest when carriers share a number).
pub fn find(c: &Connection, number_or_tracking: &str) -> Result<Option<ShipmentRow>> {
    let by_number = optional(
        c.prepare_cached(&format!("{SHIPMENT_SQL} WHERE s.number = ?1"))?
            .query_row([number_or_tracking], shipment_row),
    )?;
    if by_number.is_some() {
        return Ok(by_number);
    }
    Ok(optional(
        c.prepare_cached(&format!(
            "{SHIPMENT_SQL} WHERE s.tracking_no = ?1 ORDER BY s.id LIMIT 1"
        ))?
        .query_row([number_or_tracking], shipment_row),
    )?)
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<ShipmentRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{SHIPMENT_SQL} WHERE s.id = ?1"))?
            .query_row([id], shipment_row),
    )?)
}

/// The shipments of an order, oldest first.
pub fn of_order(c: &Connection, order_id: i64) -> Result<Vec<ShipmentRow>> {
    all(
        c,
        &format!("{SHIPMENT_SQL} WHERE s.order_id = ?1 ORDER BY s.id"),
        [order_id],
        shipment_row,
    )
}

/// Shipments in one state, newest first, before `before_id` (keyset paging).
pub fn with_status(
    c: &Connection,
    statuses: &[ShipmentStatus],
    before_id: i64,
    limit: i64,
) -> Result<Vec<ShipmentRow>> {
    let list = statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    all(
        c,
        &format!(
            "{SHIPMENT_SQL} WHERE s.status IN ({list}) AND s.id < ?1 ORDER BY s.id DESC LIMIT ?2"
        ),
        params![before_id, limit],
        shipment_row,
    )
}

/// One line of a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentLineRow {
    pub id: i64,
    pub order_line_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub bin_id: i64,
    pub lot_id: i64,
    pub lot_no: String,
    pub qty: i64,
    pub qty_delivered: i64,
    pub qty_exception: i64,
}

pub fn lines_of(c: &Connection, shipment_id: i64) -> Result<Vec<ShipmentLineRow>> {
    all(
        c,
        "SELECT s.id, s.order_line_id, l.line_no, s.product_id, p.sku, p.name, p.spec, p.unit, \
                s.bin_id, s.lot_id, t.lot_no, s.qty, s.qty_delivered, s.qty_exception \
         FROM shipment_lines s JOIN order_lines l ON l.id = s.order_line_id \
         JOIN products p ON p.id = s.product_id JOIN lots t ON t.id = s.lot_id \
         WHERE s.shipment_id = ?1 ORDER BY l.line_no, t.lot_no, s.id",
        [shipment_id],
        |r| {
            Ok(ShipmentLineRow {
                id: r.get(0)?,
                order_line_id: r.get(1)?,
                line_no: r.get(2)?,
                product_id: r.get(3)?,
                sku: r.get(4)?,
                name: r.get(5)?,
                spec: r.get(6)?,
                unit: r.get(7)?,
                bin_id: r.get(8)?,
                lot_id: r.get(9)?,
                lot_no: r.get(10)?,
                qty: r.get(11)?,
                qty_delivered: r.get(12)?,
                qty_exception: r.get(13)?,
            })
        },
    )
}

/// Settles a shipment that is still in transit at `version`: its new state, signer,
/// date and note. Returns false when another user settled or changed it first.
#[allow(clippy::too_many_arguments)]
pub fn settle(
    c: &Connection,
    id: i64,
    version: i64,
    status: ShipmentStatus,
    signer: Option<&str>,
    delivered_on: Option<&str>,
    note: Option<&str>,
    by: i64,
    at: &str,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE shipments SET status = ?3, signer = ?4, delivered_on = ?5, exception_note = ?6, \
         settled_by = ?7, settled_at = ?8, version = version + 1 \
         WHERE id = ?1 AND version = ?2 AND status = 'in_transit'",
    )?
    .execute(params![
        id,
        version,
        status.as_str(),
        signer,
        delivered_on,
        note,
        by,
        at
    ])? == 1)
}

/// Records what of one shipment line was received and what went wrong.
pub fn settle_line(c: &Connection, id: i64, delivered: i64, exception: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE shipment_lines SET qty_delivered = ?2, qty_exception = ?3 WHERE id = ?1",
    )?
    .execute(params![id, delivered, exception])?;
    Ok(())
}

pub fn add_line_delivered(c: &Connection, line_id: i64, n: i64) -> Result<()> {
    c.prepare_cached("UPDATE order_lines SET qty_delivered = qty_delivered + ?2 WHERE id = ?1")?
        .execute(params![line_id, n])?;
    Ok(())
}

/// Shipped and not signed for, per order line (发出商品 when revenue is recognised at
/// sign-off): what the ledger posts from 1405 to 1406.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTransitLineRow {
    pub order_id: i64,
    pub order_number: Option<String>,
    pub order_line_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub qty: i64,
    pub avg_cost: i64,
}

/// Lines with goods shipped and not delivered, after `after_line_id` (keyset paging).
pub fn in_transit_lines(
    c: &Connection,
    after_line_id: i64,
    limit: i64,
) -> Result<Vec<InTransitLineRow>> {
    all(
        c,
        "SELECT l.order_id, o.number, l.id, l.line_no, l.product_id, p.sku, \
                l.qty_shipped - l.qty_delivered, p.avg_cost \
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id \
         WHERE l.qty_shipped > l.qty_delivered AND l.id > ?1 ORDER BY l.id LIMIT ?2",
        params![after_line_id, limit],
        |r| {
            Ok(InTransitLineRow {
                order_id: r.get(0)?,
                order_number: r.get(1)?,
                order_line_id: r.get(2)?,
                line_no: r.get(3)?,
                product_id: r.get(4)?,
                sku: r.get(5)?,
                qty: r.get(6)?,
                avg_cost: r.get(7)?,
            })
        },
    )
}

/// An approved order with picked goods waiting to ship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyRow {
    pub order_id: i64,
    pub number: String,
    pub customer_name: String,
    pub urgency_rank: i64,
    pub requested_date: Option<String>,
    /// Thousandths picked and not shipped.
    pub picked: i64,
}

/// The query of [`ready_to_ship`] (bound: the limit); the goods bench runs it bare.
pub const READY_TO_SHIP_SQL: &str = "SELECT * FROM ( \
           SELECT o.id, o.number, cu.name, \
                  (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), \
                  o.requested_date, \
                  (SELECT SUM(l.qty_picked) FROM order_lines l \
                   WHERE l.order_id = o.id AND l.qty_picked > 0) AS n \
           FROM orders o JOIN customers cu ON cu.id = o.customer_id \
           WHERE o.stage = 'approved' \
           ORDER BY (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
                    COALESCE(o.requested_date, '9999-12-31'), o.id) \
         WHERE n > 0 LIMIT ?1";

/// Approved orders with picked goods, most urgent first, then the earliest requested
/// date; at most `limit`. Walks the approved orders in the page's order (`orders_queue`)
/// and stops after `limit` hits, rather than summing every picked line first.
pub fn ready_to_ship(c: &Connection, limit: i64) -> Result<Vec<ReadyRow>> {
    all(c, READY_TO_SHIP_SQL, [limit], |r| {
        Ok(ReadyRow {
            order_id: r.get(0)?,
            number: r.get(1)?,
            customer_name: r.get(2)?,
            urgency_rank: r.get(3)?,
            requested_date: r.get(4)?,
            picked: r.get(5)?,
        })
    })
}

pub fn set_carrier_active(c: &Connection, id: i64, active: bool) -> Result<()> {
    c.prepare_cached("UPDATE carriers SET active = ?2 WHERE id = ?1")?
        .execute(params![id, active])?;
    Ok(())
}

/// An approved order not yet fully delivered whose requested date has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub order_id: i64,
    pub number: String,
    pub customer_name: String,
    pub requested_date: String,
    /// The fulfilment status code (see `domain::goods::Fulfilment::code`).
    pub fulfilment: String,
}

/// The query of [`overdue`] (bound: today, the limit).
fn overdue_sql() -> String {
    format!(
        "SELECT o.id, o.number, cu.name, o.requested_date, {} \
         FROM orders o INDEXED BY orders_late JOIN customers cu ON cu.id = o.customer_id \
         WHERE o.stage = 'approved' AND o.requested_date < ?1 \
         ORDER BY o.requested_date, o.id LIMIT ?2",
        super::orders::FULFILMENT_SQL
    )
}

/// Approved orders whose requested date is before `today` and that are not yet
/// delivered in full, the most overdue first; at most `limit`. Walks the approved
/// orders by requested date (`orders_late`) and stops at the limit, so that only the
/// orders shown have their fulfilment worked out.
pub fn overdue(c: &Connection, today: &str, limit: i64) -> Result<Vec<OverdueRow>> {
    all(c, &overdue_sql(), params![today, limit], |r| {
        Ok(OverdueRow {
            order_id: r.get(0)?,
            number: r.get(1)?,
            customer_name: r.get(2)?,
            requested_date: r.get(3)?,
            fulfilment: r.get(4)?,
        })
    })
}

#[cfg(test)]
mod page_plan_tests {
    use super::*;
    use crate::config::JournalSetting;
    use crate::store::{Db, StoreError};

    /// The page walks `orders_queue` in order and stops at the limit: every step is an
    /// index search, with no scan of the candidate lines materialised or sorted first.
    #[test]
    fn the_page_walks_the_queue_index_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("q.db"), JournalSetting::Auto).unwrap();
        let plan: Vec<String> = db
            .read(|c| {
                let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {READY_TO_SHIP_SQL}"))?;
                let rows = st.query_map([50_i64], |r| r.get::<_, String>(3))?;
                Ok::<_, StoreError>(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap();
        let text = plan.join("\n");
        assert!(text.contains("orders_queue"), "{text}");
        for sign in ["TEMP B-TREE", "MATERIALIZE", "SCAN "] {
            assert!(!text.contains(sign), "{sign} in the plan:\n{text}");
        }
    }

    /// The late orders are a walk of `orders_late` in the page's order: no sort of every
    /// approved order (each with its fulfilment summed) before the limit.
    #[test]
    fn the_late_orders_walk_their_index_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("q.db"), JournalSetting::Auto).unwrap();
        let plan: Vec<String> = db
            .read(|c| {
                let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {}", overdue_sql()))?;
                let rows =
                    st.query_map(params!["2026-12-01", 50_i64], |r| r.get::<_, String>(3))?;
                Ok::<_, StoreError>(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap();
        let text = plan.join("\n");
        assert!(text.contains("orders_late"), "{text}");
        for sign in ["TEMP B-TREE", "MATERIALIZE"] {
            assert!(!text.contains(sign), "{sign} in the plan:\n{text}");
        }
    }
}

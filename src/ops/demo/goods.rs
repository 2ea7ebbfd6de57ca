//! The goods flow behind the demo's closed orders: each one was picked (a done pick
//! list), shipped (a delivered shipment with its ship moves) and signed for. The goods
//! came in by a receipt just for them, so that today's stock is what the master data
//! made. Written in the orders' batch transaction, without drawing random numbers, so
//! that the rest of the demo stays as it was.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::domain::goods::TaskKind;
use crate::domain::money::Qty;
use crate::ops::Result;
use crate::store;

/// The carriers' codes the demo's history uses in turn.
const CARRIERS: [&str; 4] = ["SF", "ZTO", "DBL", "OWN"];

/// Bin, quantity, kind and document (type, id, number) of one move of the history.
type HistoryMove<'a> = (
    i64,
    i64,
    &'a str,
    Option<&'a str>,
    Option<i64>,
    Option<&'a str>,
);

/// The pick list and shipment of one closed order, made at its first line.
pub(super) struct ClosedOrder {
    order_id: i64,
    date: NaiveDate,
    at: String,
    actor_id: i64,
    docs: Option<(i64, String, i64, String)>,
    seq: i64,
}

impl ClosedOrder {
    pub(super) fn new(order_id: i64, date: NaiveDate, at: &str, actor_id: i64) -> ClosedOrder {
        ClosedOrder {
            order_id,
            date,
            at: at.to_string(),
            actor_id,
            docs: None,
            seq: 0,
        }
    }

    fn docs(&mut self, c: &Connection) -> Result<(i64, String, i64, String)> {
        if let Some(d) = &self.docs {
            return Ok(d.clone());
        }
        let year = self.date.year();
        let pl = store::counters::format_number("PL", year, store::counters::next(c, "PL", year)?);
        let list_id =
            store::picking::insert_list(c, &pl, Some(self.actor_id), self.actor_id, &self.at)?;
        c.prepare_cached("UPDATE pick_lists SET status = 'done', finished_at = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![list_id, self.at])?;
        let sh = store::counters::format_number("SH", year, store::counters::next(c, "SH", year)?);
        let code = CARRIERS[(self.order_id % 4) as usize];
        let carrier = store::shipping::carrier(c, code)?
            .map(|r| r.id)
            .unwrap_or(1);
        let tracking =
            (code != "OWN").then(|| format!("{code}{:010}", 7_300_000_000 + self.order_id));
        let date = self.date.to_string();
        let shipment_id = store::shipping::insert_shipment(
            c,
            &store::shipping::NewShipment {
                number: &sh,
                order_id: self.order_id,
                carrier_id: carrier,
                tracking_no: tracking.as_deref(),
                cartons: 1,
                weight_g: 0,
                cost_minor: 0,
                ship_date: &date,
                shipped_by: self.actor_id,
                at: &self.at,
            },
        )?;
        c.prepare_cached(
            "UPDATE shipments SET status = 'delivered', signer = '收货人', delivered_on = ?2, \
             settled_by = ?3, settled_at = ?4 WHERE id = ?1",
        )?
        .execute(rusqlite::params![shipment_id, date, self.actor_id, self.at])?;
        let d = (list_id, pl, shipment_id, sh);
        self.docs = Some(d.clone());
        Ok(d)
    }

    /// Writes the history of one closed line of `qty` of a product: received, picked
    /// into staging, shipped and delivered.
    pub(super) fn line(
        &mut self,
        c: &Connection,
        line_id: i64,
        product_id: i64,
        qty: i64,
    ) -> Result<()> {
        let (list_id, pl, shipment_id, sh) = self.docs(c)?;
        let (bin_id, lot_id) = source(c, product_id, &self.date)?;
        let warehouse: i64 = c
            .prepare_cached("SELECT warehouse_id FROM bins WHERE id = ?1")?
            .query_row([bin_id], |r| r.get(0))?;
        let staging = store::picking::staging_bin(c, warehouse)?;
        let cost = store::products::by_id(c, product_id)?
            .map(|p| p.avg_cost)
            .unwrap_or(0);
        self.seq += 1;
        let task = store::picking::insert_task(
            c,
            &store::picking::NewTask {
                pick_list_id: list_id,
                seq: self.seq,
                kind: TaskKind::Pick,
                order_line_id: line_id,
                product_id,
                bin_id,
                staging_bin_id: staging,
                lot_id,
                qty,
                expires_early: false,
            },
        )?;
        c.prepare_cached(
            "UPDATE pick_tasks SET qty_picked = qty, status = 'done', claimed_by = ?2, claimed_at = ?3, \
             done_at = ?3 WHERE id = ?1",
        )?
        .execute(rusqlite::params![task, self.actor_id, self.at])?;
        let moves: [HistoryMove<'_>; 4] = [
            (bin_id, qty, "receipt", None, None, None),
            (
                bin_id,
                -qty,
                "transfer",
                Some("PL"),
                Some(list_id),
                Some(pl.as_str()),
            ),
            (
                staging,
                qty,
                "transfer",
                Some("PL"),
                Some(list_id),
                Some(pl.as_str()),
            ),
            (
                staging,
                -qty,
                "ship",
                Some("SH"),
                Some(shipment_id),
                Some(sh.as_str()),
            ),
        ];
        for (bin, q, kind, doc_type, doc_id, doc_no) in moves {
            store::stock::insert_move(
                c,
                &store::stock::MoveRow {
                    product_id,
                    bin_id: bin,
                    lot_id,
                    qty: q,
                    unit_cost: cost,
                    kind,
                    reason: None,
                    doc_type,
                    doc_id,
                    doc_no,
                    actor_id: self.actor_id,
                    at: &self.at,
                },
            )?;
            store::stock::apply_move_to_levels(c, product_id, bin, lot_id, q)?;
        }
        store::shipping::insert_line(c, shipment_id, line_id, product_id, staging, lot_id, qty)?;
        c.prepare_cached(
            "UPDATE shipment_lines SET qty_delivered = qty \
             WHERE shipment_id = ?1 AND order_line_id = ?2",
        )?
        .execute(rusqlite::params![shipment_id, line_id])?;
        Ok(())
    }
}

/// Where a closed line's goods lay: the storage bin and lot holding most of the
/// product, else its first lot in the first storage bin.
fn source(c: &Connection, product_id: i64, date: &NaiveDate) -> Result<(i64, i64)> {
    let found: Option<(i64, i64)> = store::optional_row(
        c,
        "SELECT l.bin_id, l.lot_id FROM stock_levels l JOIN bins b ON b.id = l.bin_id \
         WHERE l.product_id = ?1 AND b.kind = 'storage' ORDER BY l.on_hand DESC, l.lot_id LIMIT 1",
        product_id,
    )?;
    if let Some(f) = found {
        return Ok(f);
    }
    let bin: i64 = c
        .prepare_cached("SELECT id FROM bins WHERE kind = 'storage' ORDER BY id LIMIT 1")?
        .query_row([], |r| r.get(0))?;
    let lot = match store::stock::lot(c, product_id, "")? {
        Some(l) => l.id,
        None => store::stock::insert_lot(c, product_id, "", &date.to_string(), None)?,
    };
    Ok((bin, lot))
}

/// The warehouse's work in progress on the newest approved orders, made through the
/// same operations the screens use: a shipment signed for (its picker scanned a wrong
/// bin first), one in transit, one the customer refused, a short pick, and a pick list
/// half done.
pub(super) fn work_in_progress(db: &crate::store::Db, warehouse: &crate::ops::Actor) -> Result<()> {
    use crate::ops::{picking, shipping};
    let orders = picking::orders_to_pick(db, 5)?;
    let mut numbers = orders.iter().map(|o| o.number.clone());
    let pick_all = |number: &str| -> Result<()> {
        let made = picking::create_pick_list(
            db,
            warehouse,
            &[number.to_string()],
            Some(warehouse.username()),
        )?;
        let view = picking::open_pick_list(db, warehouse, &made.number, None)?;
        for t in view.tasks {
            picking::confirm_bin(db, warehouse, t.id, &t.bin_code)?;
            picking::pick_qty(db, warehouse, t.id, &Qty::from_db(t.qty).to_string())?;
        }
        Ok(())
    };
    let ship = |number: &str, carrier: &str, tracking: &str| -> Result<String> {
        let s = shipping::ship(
            db,
            warehouse,
            &shipping::ShipInput {
                order: number.to_string(),
                carrier: carrier.into(),
                tracking: tracking.into(),
                cartons: "1".into(),
                weight_kg: "8.5".into(),
                cost: "15".into(),
                lines: vec![],
            },
        )?;
        Ok(s.number)
    };
    if let Some(n) = numbers.next() {
        // A bin scanned in error first: refused, and counted as a picking error.
        let made = picking::create_pick_list(
            db,
            warehouse,
            std::slice::from_ref(&n),
            Some(warehouse.username()),
        )?;
        let view = picking::open_pick_list(db, warehouse, &made.number, None)?;
        if let Some(t) = view.tasks.first() {
            let wrong = if t.bin_code == "C-04-01" {
                "C-03-01"
            } else {
                "C-04-01"
            };
            let _ = picking::pick_scan(db, warehouse, t.id, wrong);
        }
        for t in view.tasks {
            picking::confirm_bin(db, warehouse, t.id, &t.bin_code)?;
            picking::pick_qty(db, warehouse, t.id, &Qty::from_db(t.qty).to_string())?;
        }
        let sh = ship(&n, "SF", "SF1000000001")?;
        shipping::deliver(db, warehouse, &sh, "刘经理", "")?;
    }
    if let Some(n) = numbers.next() {
        pick_all(&n)?;
        ship(&n, "ZTO", "ZT7300000002")?;
    }
    if let Some(n) = numbers.next() {
        pick_all(&n)?;
        let sh = ship(&n, "DBL", "DB5500000003")?;
        shipping::record_exception(
            db,
            warehouse,
            &sh,
            shipping::ExceptionKind::Refused,
            "客户拒收：外箱破损",
        )?;
    }
    if let Some(n) = numbers.next() {
        // The first bin of this order was found short.
        let made = picking::create_pick_list(db, warehouse, &[n], Some(warehouse.username()))?;
        let view = picking::open_pick_list(db, warehouse, &made.number, None)?;
        if let Some(t) = view.tasks.first() {
            picking::confirm_bin(db, warehouse, t.id, &t.bin_code)?;
            let found = Qty::from_db(t.qty / 2_000 * 1_000).to_string();
            picking::short_pick(db, warehouse, t.id, &found, "货架上数量不足")?;
        }
        picking::leave_pick_list(db, warehouse)?;
    }
    if let Some(n) = numbers.next() {
        // In progress: the first task picked, the rest waiting.
        let made = picking::create_pick_list(db, warehouse, &[n], Some(warehouse.username()))?;
        let view = picking::open_pick_list(db, warehouse, &made.number, None)?;
        if let Some(t) = view.tasks.first() {
            picking::confirm_bin(db, warehouse, t.id, &t.bin_code)?;
            picking::pick_qty(db, warehouse, t.id, &Qty::from_db(t.qty).to_string())?;
        }
    }
    Ok(())
}

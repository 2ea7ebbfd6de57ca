//! The goods flow behind the demo's closed orders: each one was picked (a done pick
//! list), shipped (a delivered shipment with its ship moves) and signed for. The goods
//! came in by a receipt just for them, so that today's stock is what the master data
//! made. Written set-based after the orders, without drawing random numbers, so that
//! the rest of the demo stays as it was.

use crate::domain::money::Qty;
use crate::ops::Result;
use crate::store::{self, Db};

/// Orders per transaction of the history.
const BATCH: i64 = 100_000;

/// Writes the pick list, shipment and stock moves of every closed order, in batches of
/// order ids. Returns the number of orders and lines.
pub(super) fn closed_order_history(
    db: &Db,
    actor_id: i64,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<(i64, i64)> {
    let (first, last) = db.read(store::history::order_id_range)?;
    let carriers = db.read(store::history::history_carriers)?;
    let (mut orders, mut lines) = (0, 0);
    let mut from = first;
    while from <= last {
        let to = (from + BATCH - 1).min(last);
        let done = db.write(|tx| {
            Ok::<_, crate::ops::Error>(store::history::goods_of_shipped_orders(
                tx, from, to, actor_id, &carriers,
            )?)
        })?;
        orders += done.orders;
        lines += done.lines;
        from = to + 1;
        progress(super::Progress::Shipped(orders as usize));
    }
    Ok((orders, lines))
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

/// Default carriers (默认承运商) for some of the customers whose orders wait to be
/// picked, so that wave planning shows carriers to sort and filter by: 顺丰, 中通 and
/// 德邦 in turn, every fourth customer left without one.
pub(super) fn default_carriers(db: &Db, admin: &crate::ops::Actor) -> Result<()> {
    use crate::ops::{master, picking, shipping};
    let carriers: Vec<i64> = shipping::carriers(db)?
        .into_iter()
        .filter(|c| c.active && ["SF", "ZTO", "DBL"].contains(&c.code.as_str()))
        .map(|c| c.id)
        .collect();
    if carriers.is_empty() {
        return Ok(());
    }
    let mut customers: Vec<i64> = Vec::new();
    for o in picking::orders_to_pick(db, 200)? {
        if !customers.contains(&o.customer_id) {
            customers.push(o.customer_id);
        }
    }
    for (i, id) in customers.into_iter().enumerate() {
        if i % 4 == 3 {
            continue;
        }
        let carrier = carriers[(i - i / 4) % carriers.len()];
        master::set_default_carrier(db, admin, id, Some(carrier))?;
    }
    Ok(())
}

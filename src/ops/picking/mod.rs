//! Picking (拣货): pick lists (拣货单, PL-) made from approved orders, and the scans that
//! move picked goods from their bin into the warehouse's staging bin (发货暂存区).
//!
//! How a picking screen uses this module:
//! 1. [`open_pick_list`] with the scanned list number (and the order being picked, if
//!    the screen was opened for one). A picker has one list open at a time.
//! 2. [`next_task`] on the returned [`PickListView`] gives the task to show large:
//!    bin, product, lot, quantity, what is left.
//! 3. Every scan goes to [`pick_scan`]: the task's bin code claims the task (a second
//!    picker is refused with the holder's name); then each item scan adds one, a GS1
//!    label adds its count and must carry the task's lot; [`pick_qty`] takes a typed
//!    quantity. A refused scan changes nothing. The task finishes by itself when its
//!    quantity is reached; the list when its last task finishes.
//! 4. [`short_pick`] when less is found: the missing part of the reservation is
//!    backordered with who and why, and the result proposes a stock count of the bin.
//!
//! Every function that writes is one transaction, checks the pick-and-ship permission
//! and writes an audit row.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::numbers::next_doc;
use super::{audit, company_today, now_stamp, require, Actor, Error, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::goods::{
    choose_lots, LotPolicy, LotStock, PickListStatus, TaskKind, TaskStatus,
};
use crate::domain::money::Qty;
use crate::domain::order::OrderStage;
use crate::domain::text::clean_code;
/// Rows of pick lists and tasks as the screens read them.
pub use crate::store::picking::{ListProgressRow, TaskRow, ToPickRow};
use crate::store::picking::{ListRow, NewTask};
use crate::store::{self, Db};

mod scan;

pub use scan::{
    confirm_bin, confirm_item, pick_burst, pick_qty, pick_scan, short_pick, BurstDone,
    CountProposal, PickProgress, ShortPicked,
};

/// One unit, in thousandths: what a scan of a plain barcode adds.
const ONE: i64 = 1_000;

/// A pick list made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickListCreated {
    pub id: i64,
    pub number: String,
    pub tasks: usize,
    /// Reserved quantities no usable stock could cover (only expired lots, or stock in
    /// bins that are not storage bins): they stay reserved, off the list.
    pub uncovered: Vec<Uncovered>,
}

/// Part of a line's reservation that no task covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    pub order: String,
    pub line_no: i64,
    pub sku: String,
    pub qty: Qty,
}

/// An order on a pick list, with its special requirements (特殊要求) to show and print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOrder {
    pub id: i64,
    pub number: String,
    pub customer: String,
    pub requested_date: Option<String>,
    pub special: String,
}

/// A pick list with its tasks in walking order and its orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickListView {
    pub list: ListRow,
    pub tasks: Vec<TaskRow>,
    pub orders: Vec<PickOrder>,
}

impl PickListView {
    /// Tasks finished (done, short or cancelled) and all tasks: how far the list is.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .tasks
            .iter()
            .filter(|t| t.status != TaskStatus::Open)
            .count();
        (done, self.tasks.len())
    }
}

/// The task a picker works on next: the open task they hold, else the first open task
/// nobody holds, in walking order. `None` when nothing is left for them.
pub fn next_task<'a>(view: &'a PickListView, actor: &Actor) -> Option<&'a TaskRow> {
    let open = || view.tasks.iter().filter(|t| t.status == TaskStatus::Open);
    open()
        .find(|t| t.claimed_by == Some(actor.id()))
        .or_else(|| open().find(|t| t.claimed_by.is_none()))
}
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub(super) fn not_found(what: Thing, key: &str) -> Error {
    Error::NotFound {
        what,
        key: key.to_string(),
    }
}

/// Makes a pick list of the reserved and not yet picked stock of one order or a wave
/// of orders (by number), optionally assigned to a picker (user name). Lines already on
/// an open pick list are left out. Tasks are per line, bin and lot, lots chosen FIFO
/// (FEFO for products that track expiry) from storage bins, never an expired lot, and
/// sorted in walking order of bin codes. Refused when an order is not approved, or
/// nothing is left to pick.
pub fn create_pick_list(
    db: &Db,
    actor: &Actor,
    orders: &[String],
    picker: Option<&str>,
) -> Result<PickListCreated> {
    db.write(|tx| {
        require(tx, actor, Permission::PickAndShip)?;
        let picker_id = match picker.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(name) => {
                let u = store::users::by_username(tx, name)?
                    .ok_or_else(|| not_found(Thing::User, name))?;
                if !u.active
                    || !store::users::has_permission(tx, u.id, Permission::PickAndShip.code())?
                {
                    return Err(Refusal::NotAPicker {
                        name: u.display_name,
                    }
                    .into());
                }
                Some(u.id)
            }
        };
        let today = company_today(tx)?;
        let mut specs = Vec::new();
        let mut uncovered = Vec::new();
        // What this list takes from a bin and lot, so that two lines of one product do
        // not both count the same free stock.
        let mut taken: HashMap<(i64, i64), i64> = HashMap::new();
        let mut seen = Vec::new();
        for number in orders {
            let number = clean_code(number, 32).unwrap_or_else(|_| number.trim().to_string());
            let order = store::orders::by_number(tx, &number)?
                .ok_or_else(|| not_found(Thing::Order, &number))?;
            if seen.contains(&order.id) {
                continue;
            }
            seen.push(order.id);
            if order.stage != OrderStage::Approved {
                return Err(Refusal::OrderNotPickable {
                    number,
                    stage: order.stage,
                }
                .into());
            }
            let requested = order.requested_date.as_deref().and_then(parse_date);
            for line in store::orders::lines_of(tx, order.id)? {
                let on_list = store::picking::open_task_qty_of_line(tx, line.id)?;
                let want = line.qty_reserved - line.qty_picked;
                if on_list > 0 || want <= 0 {
                    continue;
                }
                let product = store::products::by_id(tx, line.product_id)?
                    .ok_or_else(|| not_found(Thing::Product, &line.sku))?;
                let stock: Vec<(LotStock, i64)> = store::picking::pickable(tx, product.id)?
                    .into_iter()
                    .map(|r| {
                        let used = taken.get(&(r.bin_id, r.lot_id)).copied().unwrap_or(0);
                        let s = LotStock {
                            bin_id: r.bin_id,
                            bin_code: r.bin_code,
                            lot_id: r.lot_id,
                            received_on: parse_date(&r.received_on).unwrap_or(NaiveDate::MIN),
                            expiry: r.expiry.as_deref().and_then(parse_date),
                            free: r.on_hand - r.wanted - used,
                        };
                        (s, r.warehouse_id)
                    })
                    .collect();
                let lots: Vec<LotStock> = stock.iter().map(|(s, _)| s.clone()).collect();
                let policy = LotPolicy::for_product(product.tracks_expiry);
                let takes = choose_lots(&lots, want, policy, today, requested);
                let got: i64 = takes.iter().map(|t| t.qty).sum();
                if got < want {
                    uncovered.push(Uncovered {
                        order: number.clone(),
                        line_no: line.line_no,
                        sku: line.sku.clone(),
                        qty: Qty::from_db(want - got),
                    });
                }
                for t in takes {
                    *taken.entry((t.bin_id, t.lot_id)).or_insert(0) += t.qty;
                    let warehouse = stock
                        .iter()
                        .find(|(s, _)| s.bin_id == t.bin_id)
                        .map(|(_, w)| *w)
                        .unwrap_or(0);
                    specs.push((
                        t,
                        warehouse,
                        line.id,
                        product.id,
                        product.sku.clone(),
                        line.line_no,
                        number.clone(),
                    ));
                }
            }
        }
        if specs.is_empty() {
            return Err(Refusal::NothingToPick.into());
        }
        // Walking order: by bin code, then product, then order and line.
        specs.sort_by(|a, b| {
            (&a.0.bin_code, &a.4, &a.6, a.5).cmp(&(&b.0.bin_code, &b.4, &b.6, b.5))
        });
        let at = now_stamp();
        let number = next_doc(tx, "PL")?;
        let served = specs
            .iter()
            .map(|s| s.6.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len() as i64;
        let list_id = store::picking::insert_list(tx, &number, picker_id, actor.id(), &at, served)?;
        let mut staging: HashMap<i64, i64> = HashMap::new();
        for (i, (t, warehouse, line_id, product_id, ..)) in specs.iter().enumerate() {
            let staging_bin_id = match staging.get(warehouse) {
                Some(b) => *b,
                None => {
                    let b = store::picking::staging_bin(tx, *warehouse)?;
                    staging.insert(*warehouse, b);
                    b
                }
            };
            store::picking::insert_task(
                tx,
                &NewTask {
                    pick_list_id: list_id,
                    seq: i as i64 + 1,
                    kind: TaskKind::Pick,
                    order_line_id: *line_id,
                    product_id: *product_id,
                    bin_id: t.bin_id,
                    staging_bin_id,
                    lot_id: t.lot_id,
                    qty: t.qty,
                    expires_early: t.expires_early,
                },
            )?;
        }
        let after = serde_json::json!({
            "number": number, "orders": orders, "tasks": specs.len(), "picker": picker,
        });
        audit(
            tx,
            Some(actor),
            &at,
            "pick_list",
            Some(list_id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(PickListCreated {
            id: list_id,
            number: number.clone(),
            tasks: specs.len(),
            uncovered: uncovered.clone(),
        })
    })
}

fn view_in(c: &Connection, list: ListRow) -> Result<PickListView> {
    let tasks = store::picking::tasks_of(c, list.id)?;
    let mut orders: Vec<PickOrder> = Vec::new();
    for t in &tasks {
        if orders.iter().any(|o| o.id == t.order_id) {
            continue;
        }
        if let Some(o) = store::orders::by_id(c, t.order_id)? {
            let customer = store::customers::by_id(c, o.customer_id)?
                .map(|cu| cu.name)
                .unwrap_or_default();
            orders.push(PickOrder {
                id: o.id,
                number: o.number.unwrap_or_default(),
                customer,
                requested_date: o.requested_date,
                special: o.special,
            });
        }
    }
    Ok(PickListView {
        list,
        tasks,
        orders,
    })
}

fn list_by_scan(c: &Connection, scan: &str) -> Result<ListRow> {
    let number = clean_code(scan, 32).unwrap_or_else(|_| scan.trim().to_string());
    store::picking::list_by_number(c, &number)?.ok_or_else(|| not_found(Thing::PickList, &number))
}

/// A pick list by number, with its tasks and orders (for showing and printing).
pub fn pick_list(db: &Db, number: &str) -> Result<PickListView> {
    db.read(|c| {
        let list = list_by_scan(c, number)?;
        view_in(c, list)
    })
}

/// The pick list a picker has open, if any (a picking screen reopens it).
pub fn current_pick_list(db: &Db, actor: &Actor) -> Result<Option<PickListView>> {
    db.read(|c| match store::picking::session_of(c, actor.id())? {
        None => Ok(None),
        Some((id, _)) => match store::picking::list_by_id(c, id)? {
            Some(list) => Ok(Some(view_in(c, list)?)),
            None => Ok(None),
        },
    })
}

/// Open and in-progress pick lists with how far they are, oldest first, after
/// `after_id` (0 for the first page).
pub fn open_pick_lists(db: &Db, after_id: i64, limit: i64) -> Result<Vec<ListProgressRow>> {
    Ok(db.read(|c| store::picking::open_lists(c, after_id, limit))?)
}

/// Approved orders with reserved stock no pick list covers yet, most urgent first,
/// then the earliest requested date (the wave planning list).
pub fn orders_to_pick(db: &Db, limit: i64) -> Result<Vec<ToPickRow>> {
    Ok(db.read(|c| store::picking::orders_to_pick(c, limit))?)
}

/// [`orders_to_pick`] of the customers whose default carrier is `carrier` (`Some(0)`:
/// customers without one; `None`: all orders), paged in the same order.
pub fn orders_to_pick_by(db: &Db, limit: i64, carrier: Option<i64>) -> Result<Vec<ToPickRow>> {
    Ok(db.read(|c| store::picking::orders_to_pick_by(c, limit, carrier))?)
}

/// Opens a pick list for picking by its scanned number. Refused when the list is done
/// or cancelled, when `for_order` (the order a screen picks) is not on it, and when the
/// picker has another list open. Opening the list one has open again is fine.
pub fn open_pick_list(
    db: &Db,
    actor: &Actor,
    scan: &str,
    for_order: Option<&str>,
) -> Result<PickListView> {
    db.write(|tx| {
        require(tx, actor, Permission::PickAndShip)?;
        let list = list_by_scan(tx, scan)?;
        if !list.status.is_open() {
            return Err(Refusal::PickListClosed {
                number: list.number.clone(),
                status: list.status,
            }
            .into());
        }
        if let Some(order) = for_order {
            let view = view_in(tx, list.clone())?;
            if !view.orders.iter().any(|o| o.number == order.trim()) {
                return Err(Refusal::PickListOfAnotherOrder {
                    number: list.number.clone(),
                    order: order.trim().to_string(),
                }
                .into());
            }
        }
        if let Some((other, number)) = store::picking::session_of(tx, actor.id())? {
            if other != list.id {
                let still_open =
                    store::picking::list_by_id(tx, other)?.is_some_and(|l| l.status.is_open());
                if still_open {
                    return Err(Refusal::PickerHasOpenList { number }.into());
                }
            }
        }
        let at = now_stamp();
        store::picking::set_session(tx, actor.id(), list.id, &at)?;
        if list.status == PickListStatus::Open {
            store::picking::set_list_status(tx, list.id, PickListStatus::InProgress, &at)?;
            let after = serde_json::json!({ "status": "in_progress" });
            audit(
                tx,
                Some(actor),
                &at,
                "pick_list",
                Some(list.id),
                "start",
                None,
                Some(&after),
            )?;
        }
        let list = store::picking::list_by_id(tx, list.id)?
            .ok_or_else(|| not_found(Thing::PickList, &list.number))?;
        view_in(tx, list)
    })
}

/// Leaves the pick list the picker has open; the tasks they claimed and did not start
/// go back to the others.
pub fn leave_pick_list(db: &Db, actor: &Actor) -> Result<()> {
    db.write(|tx| {
        if let Some((list, _)) = store::picking::session_of(tx, actor.id())? {
            store::picking::release_claims(tx, list, actor.id())?;
            store::picking::clear_session(tx, actor.id())?;
        }
        Ok(())
    })
}

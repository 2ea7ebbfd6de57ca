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

use super::stock::next_doc;
use super::{audit, company_today, now_stamp, require, Actor, Error, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::field::FieldId;
use crate::domain::goods::{
    choose_lots, LotPolicy, LotStock, PickListStatus, TaskKind, TaskStatus,
};
use crate::domain::money::Qty;
use crate::domain::order::OrderStage;
use crate::domain::text::{clean_code, clean_text};
use crate::store::picking::{ListProgressRow, ListRow, NewTask, TaskRow, ToPickRow};
use crate::store::{self, Db};

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

/// What a pick scan or typed quantity did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickProgress {
    /// The task as it is now.
    pub task: TaskRow,
    /// Thousandths added by this scan (zero when the scan confirmed the bin).
    pub added: i64,
    /// The task reached its quantity with this scan.
    pub task_done: bool,
    /// The list has no open task left.
    pub list_done: bool,
}

/// A stock count a short pick proposes: the bin's stock is not changed silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountProposal {
    pub bin_code: String,
    pub sku: String,
    pub lot_no: String,
}

/// What a short pick did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortPicked {
    pub task: TaskRow,
    /// Released from the reservation and backordered on the line.
    pub backordered: Qty,
    pub count: CountProposal,
    pub list_done: bool,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn not_found(what: Thing, key: &str) -> Error {
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
        let list_id = store::picking::insert_list(tx, &number, picker_id, actor.id(), &at)?;
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

/// The task of an action, checked: the picker may pick, has its list open, the task
/// is open and its order still approved, and nobody else holds it. With `claimed`, the
/// picker must hold it (has confirmed its bin).
fn task_for_action(
    c: &Connection,
    actor: &Actor,
    task_id: i64,
    claimed: bool,
) -> Result<(TaskRow, ListRow)> {
    require(c, actor, Permission::PickAndShip)?;
    let task = store::picking::task(c, task_id)?
        .ok_or_else(|| not_found(Thing::PickList, &format!("#{task_id}")))?;
    // A picker whose order was cancelled or held meanwhile is told so, before being
    // told that its task, or its whole list, was cancelled with it.
    let order = store::orders::by_id(c, task.order_id)?
        .ok_or_else(|| not_found(Thing::Order, &format!("#{}", task.order_id)))?;
    // Unpick tasks put back the goods of cancelled orders.
    let unpick = task.kind == TaskKind::Unpick;
    if order.stage != OrderStage::Approved && !unpick {
        return Err(Refusal::OrderNotPickable {
            number: order.number.unwrap_or_default(),
            stage: order.stage,
        }
        .into());
    }
    let list = store::picking::list_by_id(c, task.pick_list_id)?
        .ok_or_else(|| not_found(Thing::PickList, &format!("#{}", task.pick_list_id)))?;
    if !list.status.is_open() {
        return Err(Refusal::PickListClosed {
            number: list.number,
            status: list.status,
        }
        .into());
    }
    match store::picking::session_of(c, actor.id())? {
        Some((id, _)) if id == list.id => {}
        _ => return Err(Refusal::NoPickListOpen.into()),
    }
    if task.status != TaskStatus::Open {
        return Err(Refusal::TaskFinished.into());
    }
    match task.claimed_by {
        Some(holder) if holder != actor.id() => {
            return Err(Refusal::TaskHeldBy {
                name: task.claimed_by_name.clone().unwrap_or_default(),
            }
            .into())
        }
        None if claimed => {
            return Err(Refusal::BinNotConfirmed {
                bin: task.bin_code.clone(),
            }
            .into())
        }
        _ => {}
    }
    let today = company_today(c)?;
    if let Some(expiry) = task
        .expiry
        .as_deref()
        .and_then(parse_date)
        .filter(|_| !unpick)
    {
        if expiry < today {
            return Err(Refusal::ExpiredLot {
                lot: task.lot_no.clone(),
                expiry,
            }
            .into());
        }
    }
    Ok((task, list))
}

/// Moves `n` picked goods of a task from its bin into the staging bin (a transfer pair,
/// doc type PL) and adds them to the task and the line; an unpick task moves them from
/// the staging bin back into its bin. Closes the list when its last task is finished. Returns whether the task and the list are finished.
fn stage_goods(
    c: &Connection,
    actor: &Actor,
    task: &TaskRow,
    list: &ListRow,
    n: i64,
    at: &str,
) -> Result<(bool, bool)> {
    let unpick = task.kind == TaskKind::Unpick;
    if !unpick {
        let line = store::orders::lines_of(c, task.order_id)?
            .into_iter()
            .find(|l| l.id == task.order_line_id)
            .ok_or(Refusal::TaskFinished)?;
        if line.qty_reserved - line.qty_picked < n {
            return Err(Refusal::TaskFinished.into());
        }
    }
    let (from, to) = if unpick {
        (task.staging_bin_id, task.bin_id)
    } else {
        (task.bin_id, task.staging_bin_id)
    };
    let held = store::stock::level(c, task.product_id, from, task.lot_id)?;
    if held < n {
        return Err(Error::field_refused(
            FieldId::Qty,
            Refusal::BinHoldsLessToMove {
                bin: task.bin_code.clone(),
                held: Qty::from_db(held),
                moving: Qty::from_db(n),
            },
        ));
    }
    let cost = store::products::by_id(c, task.product_id)?
        .map(|p| p.avg_cost)
        .unwrap_or(0);
    // Into staging first: the product's on hand never dips below what is reserved,
    // not even between the two moves (a CHECK of the product's totals).
    for (bin, qty) in [(to, n), (from, -n)] {
        store::stock::insert_move(
            c,
            &store::stock::MoveRow {
                product_id: task.product_id,
                bin_id: bin,
                lot_id: task.lot_id,
                qty,
                unit_cost: cost,
                kind: "transfer",
                reason: None,
                doc_type: Some("PL"),
                doc_id: Some(list.id),
                doc_no: Some(&list.number),
                actor_id: actor.id(),
                at,
            },
        )?;
        store::stock::apply_move_to_levels(c, task.product_id, bin, task.lot_id, qty)?;
    }
    store::picking::add_picked(c, task.id, n, at)?;
    if !unpick {
        store::picking::add_line_picked(c, task.order_line_id, n)?;
    }
    finish(c, task, list, at, task.qty_picked + n == task.qty)
}

fn finish(
    c: &Connection,
    task: &TaskRow,
    list: &ListRow,
    at: &str,
    task_done: bool,
) -> Result<(bool, bool)> {
    let _ = task;
    let list_done = store::picking::all_tasks_finished(c, list.id)?;
    if list_done {
        store::picking::set_list_status(c, list.id, PickListStatus::Done, at)?;
    }
    Ok((task_done, list_done))
}

fn progress(c: &Connection, task_id: i64, added: i64, done: (bool, bool)) -> Result<PickProgress> {
    let task = store::picking::task(c, task_id)?
        .ok_or_else(|| not_found(Thing::PickList, &format!("#{task_id}")))?;
    Ok(PickProgress {
        task,
        added,
        task_done: done.0,
        list_done: done.1,
    })
}

/// Adds `n` to a task after the checks every pick shares: not more than it asks.
fn pick_n(
    tx: &Connection,
    actor: &Actor,
    task: &TaskRow,
    list: &ListRow,
    n: i64,
    how: &str,
) -> Result<PickProgress> {
    if task.qty_picked + n > task.qty {
        return Err(Error::field_refused(
            FieldId::Qty,
            Refusal::OverPick {
                asked: Qty::from_db(task.qty),
                picked: Qty::from_db(task.qty_picked),
                adding: Qty::from_db(n),
            },
        ));
    }
    let at = now_stamp();
    let done = stage_goods(tx, actor, task, list, n, &at)?;
    let after = serde_json::json!({
        "task": task.id, "seq": task.seq, "sku": task.sku, "bin": task.bin_code, "lot": task.lot_no,
        "qty": n, "picked": task.qty_picked + n, "by": how,
    });
    audit(
        tx,
        Some(actor),
        &at,
        "pick_list",
        Some(list.id),
        "pick",
        None,
        Some(&after),
    )?;
    progress(tx, task.id, n, done)
}

/// Confirms the task's bin by its scanned code and claims the task for the picker. A
/// wrong bin is refused and changes nothing; so is a task another picker holds.
pub fn confirm_bin(db: &Db, actor: &Actor, task_id: i64, scan: &str) -> Result<TaskRow> {
    db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, false)?;
        let code = clean_code(scan, 32).unwrap_or_else(|_| scan.trim().to_string());
        if code != task.bin_code {
            return Err(Error::field_refused(
                FieldId::Bin,
                Refusal::WrongBin {
                    expected: task.bin_code.clone(),
                    scanned: code,
                },
            ));
        }
        let at = now_stamp();
        if task.claimed_by != Some(actor.id()) {
            if !store::picking::claim(tx, task.id, actor.id(), &at)? {
                // Taken between the read and the write of this transaction cannot
                // happen (one writer); a finished task can.
                return Err(Refusal::TaskFinished.into());
            }
            let after = serde_json::json!({ "task": task.id, "bin": task.bin_code });
            audit(
                tx,
                Some(actor),
                &at,
                "pick_list",
                Some(list.id),
                "claim",
                None,
                Some(&after),
            )?;
        }
        store::picking::task(tx, task.id)?.ok_or_else(|| not_found(Thing::PickList, &list.number))
    })
}

/// Confirms one item scan for a claimed task: a barcode or SKU of the task's product
/// adds one; GS1 data adds its count and must carry the task's lot (and no expired
/// date). A wrong product, a wrong lot, or more than the task asks is refused and
/// changes nothing.
pub fn confirm_item(db: &Db, actor: &Actor, task_id: i64, scan: &str) -> Result<PickProgress> {
    db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, true)?;
        let gs1 = match barcode::classify_scan(scan) {
            Scan::Gs1(d) => Some(d),
            _ => None,
        };
        let shown = crate::domain::text::shown(scan.trim());
        let product = super::master::product_by_code_in(tx, scan)?;
        match &product {
            Some(p) if p.id == task.product_id => {}
            Some(p) => {
                return Err(Error::field_refused(
                    FieldId::Product,
                    Refusal::WrongProduct {
                        expected: task.sku.clone(),
                        scanned: p.sku.clone(),
                    },
                ))
            }
            None => {
                return Err(Error::field_refused(
                    FieldId::Product,
                    Refusal::WrongProduct {
                        expected: task.sku.clone(),
                        scanned: shown,
                    },
                ))
            }
        }
        let mut n = ONE;
        if let Some(g) = &gs1 {
            if let Some(lot) = &g.lot {
                if !task.lot_no.is_empty() && *lot != task.lot_no {
                    return Err(Error::field_refused(
                        FieldId::Lot,
                        Refusal::WrongLot {
                            expected: task.lot_no.clone(),
                            scanned: lot.clone(),
                        },
                    ));
                }
            }
            if let Some(expiry) = g.expiry {
                if expiry < company_today(tx)? {
                    return Err(Error::field_refused(
                        FieldId::Lot,
                        Refusal::ExpiredLot {
                            lot: g.lot.clone().unwrap_or_else(|| task.lot_no.clone()),
                            expiry,
                        },
                    ));
                }
            }
            match g.count {
                Some(0) => return Err(Error::field_refused(FieldId::Qty, Refusal::LabelQtyZero)),
                Some(c) => {
                    n = i64::try_from(c)
                        .ok()
                        .and_then(Qty::checked_from_int)
                        .map(|q| q.to_db())
                        .ok_or_else(|| Error::field_refused(FieldId::Qty, Refusal::QtyTooLarge))?
                }
                None => {}
            }
        }
        pick_n(tx, actor, &task, &list, n, "scan")
    })
}

/// Adds a typed quantity to a claimed task (a label that cannot be read).
pub fn pick_qty(db: &Db, actor: &Actor, task_id: i64, qty: &str) -> Result<PickProgress> {
    let n = Qty::parse_positive(qty)
        .map_err(|e| Error::field(FieldId::Qty, super::FieldProblem::Number(e)))?
        .to_db();
    db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, true)?;
        pick_n(tx, actor, &task, &list, n, "typed")
    })
}

/// One scan on the picking screen, whatever it is: a bin code confirms the bin (and
/// claims the task; another bin is a wrong bin); anything else is an item of the task,
/// refused until its bin is confirmed.
pub fn pick_scan(db: &Db, actor: &Actor, task_id: i64, scan: &str) -> Result<PickProgress> {
    let (task, is_bin) = db.read(|c| {
        let task = store::picking::task(c, task_id)?
            .ok_or_else(|| not_found(Thing::PickList, &format!("#{task_id}")))?;
        let code = clean_code(scan, 32).unwrap_or_default();
        let is_bin = !code.is_empty() && store::master::bin_by_code(c, &code)?.is_some();
        Ok::<_, Error>((task, is_bin))
    })?;
    let _ = task;
    if is_bin {
        let task = confirm_bin(db, actor, task_id, scan)?;
        return Ok(PickProgress {
            task,
            added: 0,
            task_done: false,
            list_done: false,
        });
    }
    confirm_item(db, actor, task_id, scan)
}

/// What a burst of scans did: the progress of each code taken, in order, and the
/// refusal that stopped it, if one did (the codes after it were not taken).
#[derive(Debug)]
pub struct BurstDone {
    pub taken: Vec<PickProgress>,
    pub stopped: Option<Error>,
    /// The codes not taken because of the refusal.
    pub left: Vec<String>,
}

/// A scanner burst that arrived with no pause, such as a bin code and item codes each
/// ended by CR, LF or Tab: split at those ends and taken one by one as [`pick_scan`]
/// takes them, each in its own transaction. The first refused code stops the burst.
pub fn pick_burst(db: &Db, actor: &Actor, task_id: i64, burst: &str) -> BurstDone {
    let codes: Vec<&str> = burst
        .split(['\r', '\n', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let mut done = BurstDone {
        taken: Vec::new(),
        stopped: None,
        left: Vec::new(),
    };
    for (i, code) in codes.iter().enumerate() {
        match pick_scan(db, actor, task_id, code) {
            Ok(p) => done.taken.push(p),
            Err(e) => {
                done.stopped = Some(e);
                done.left = codes[i..].iter().map(|c| c.to_string()).collect();
                break;
            }
        }
    }
    done
}

/// Records a short pick (短拣) of a claimed task: `found` is all that was found for it
/// (at least what is picked already, less than it asks), with a reason. What was found
/// and not yet picked is picked; the missing reservation is released and backordered on
/// the line, with a timeline row saying who and why. The bin's stock is not changed:
/// the result proposes a stock count of that bin.
pub fn short_pick(
    db: &Db,
    actor: &Actor,
    task_id: i64,
    found: &str,
    reason: &str,
) -> Result<ShortPicked> {
    let reason = clean_text(reason, 200)
        .map_err(|e| Error::field(FieldId::Reason, super::FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ShortReasonRequired,
        ));
    }
    let found = Qty::parse(found)
        .map_err(|e| Error::field(FieldId::Qty, super::FieldProblem::Number(e)))?
        .to_db();
    db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, true)?;
        if found < task.qty_picked || found >= task.qty {
            return Err(Error::field_refused(
                FieldId::Qty,
                Refusal::ShortFoundOutside {
                    asked: Qty::from_db(task.qty),
                    picked: Qty::from_db(task.qty_picked),
                    found: Qty::from_db(found),
                },
            ));
        }
        let at = now_stamp();
        if found > task.qty_picked {
            stage_goods(tx, actor, &task, &list, found - task.qty_picked, &at)?;
        }
        let missing = task.qty - found;
        let backordered =
            store::reservation::backorder_from_reserved(tx, task.order_line_id, missing, &at)?;
        store::picking::set_short(tx, task.id, &reason, actor.id(), &at)?;
        let note = format!(
            "{} {} {} -{}: {}",
            list.number,
            task.sku,
            task.bin_code,
            Qty::from_db(missing),
            reason
        );
        store::orders::insert_timeline(
            tx,
            task.order_id,
            &at,
            actor.id(),
            Some(OrderStage::Approved.as_str()),
            OrderStage::Approved.as_str(),
            Some(&note),
        )?;
        let after = serde_json::json!({
            "task": task.id, "sku": task.sku, "bin": task.bin_code, "lot": task.lot_no,
            "asked": task.qty, "found": found, "backordered": backordered, "reason": reason,
        });
        audit(
            tx,
            Some(actor),
            &at,
            "pick_list",
            Some(list.id),
            "short",
            None,
            Some(&after),
        )?;
        let (_, list_done) = finish(tx, &task, &list, &at, false)?;
        let task = store::picking::task(tx, task.id)?
            .ok_or_else(|| not_found(Thing::PickList, &list.number))?;
        Ok(ShortPicked {
            count: CountProposal {
                bin_code: task.bin_code.clone(),
                sku: task.sku.clone(),
                lot_no: task.lot_no.clone(),
            },
            task,
            backordered: Qty::from_db(backordered),
            list_done,
        })
    })
}

//! The picker's scans on a task: the bin that claims it, the items that fill it, a
//! typed quantity, a burst of codes, and the short pick.

use rusqlite::Connection;

use super::{not_found, parse_date, ONE};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::field::FieldId;
use crate::domain::goods::{PickListStatus, TaskKind, TaskStatus};
use crate::domain::money::Qty;
use crate::domain::order::OrderStage;
use crate::domain::text::{clean_code, clean_text};
use crate::ops::{audit, company_today, now_stamp, require, Actor, Error, Refusal, Result, Thing};
use crate::store::picking::{ListRow, TaskRow};
use crate::store::{self, Db};

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
        let room = store::picking::line_left_to_pick(c, task.order_line_id)?
            .ok_or(Refusal::TaskFinished)?;
        if room < n {
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
    let cost = store::products::avg_cost(c, task.product_id)?.unwrap_or(0);
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
/// wrong bin is refused and changes nothing but the count of picking errors; a task
/// another picker holds is refused too.
pub fn confirm_bin(db: &Db, actor: &Actor, task_id: i64, scan: &str) -> Result<TaskRow> {
    let done = db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, false)?;
        let code = clean_code(scan, 32).unwrap_or_else(|_| scan.trim().to_string());
        if code != task.bin_code {
            return Err(Refusal::WrongBin {
                expected: task.bin_code.clone(),
                scanned: code,
            }
            .into());
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
    });
    count_wrong_scan(db, actor, task_id, &done);
    done
}

/// A scan of the wrong bin, product or lot is refused and changes nothing of the task,
/// the stock or the audit log; it is counted as a picking error (拣货差错) of the picker,
/// in a transaction of its own after the refused one. The count is a figure, not a
/// record anyone relies on: when the database is too busy to take it, the refusal still
/// stands and the error goes uncounted.
fn count_wrong_scan<T>(db: &Db, actor: &Actor, task_id: i64, result: &Result<T>) {
    let Some(refusal) = result.as_ref().err().and_then(Error::refusal) else {
        return;
    };
    let (kind, expected, scanned) = match refusal {
        Refusal::WrongBin { expected, scanned } => ("wrong_bin", expected, scanned),
        Refusal::WrongProduct { expected, scanned } => ("wrong_product", expected, scanned),
        Refusal::WrongLot { expected, scanned } => ("wrong_lot", expected, scanned),
        _ => return,
    };
    let _ = db.write(|tx| {
        let Some(task) = store::picking::task(tx, task_id)? else {
            return Ok(());
        };
        store::pick_errors::insert_pick_error(
            tx,
            &store::pick_errors::NewPickError {
                pick_list_id: task.pick_list_id,
                task_id,
                user_id: actor.id(),
                kind,
                expected,
                scanned,
                at: &now_stamp(),
            },
        )?;
        Ok::<_, Error>(())
    });
}

/// Confirms one item scan for a claimed task: a barcode or SKU of the task's product
/// adds one; GS1 data adds its count and must carry the task's lot (and no expired
/// date). A wrong product, a wrong lot, or more than the task asks is refused and
/// changes nothing (a wrong product or lot is counted as a picking error).
pub fn confirm_item(db: &Db, actor: &Actor, task_id: i64, scan: &str) -> Result<PickProgress> {
    let done = db.write(|tx| {
        let (task, list) = task_for_action(tx, actor, task_id, true)?;
        let gs1 = match barcode::classify_scan(scan) {
            Scan::Gs1(d) => Some(d),
            _ => None,
        };
        let shown = crate::domain::text::shown(scan.trim());
        let product = crate::ops::master::product_by_code_in(tx, scan)?;
        match &product {
            Some(p) if p.id == task.product_id => {}
            Some(p) => {
                return Err(Refusal::WrongProduct {
                    expected: task.sku.clone(),
                    scanned: p.sku.clone(),
                }
                .into())
            }
            None => {
                return Err(Refusal::WrongProduct {
                    expected: task.sku.clone(),
                    scanned: shown,
                }
                .into())
            }
        }
        let mut n = ONE;
        if let Some(g) = &gs1 {
            if let Some(lot) = &g.lot {
                if !task.lot_no.is_empty() && *lot != task.lot_no {
                    return Err(Refusal::WrongLot {
                        expected: task.lot_no.clone(),
                        scanned: lot.clone(),
                    }
                    .into());
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
    });
    count_wrong_scan(db, actor, task_id, &done);
    done
}

/// Adds a typed quantity to a claimed task (a label that cannot be read).
pub fn pick_qty(db: &Db, actor: &Actor, task_id: i64, qty: &str) -> Result<PickProgress> {
    let n = Qty::parse_positive(qty)
        .map_err(|e| Error::field(FieldId::Qty, crate::ops::FieldProblem::Number(e)))?
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
        .map_err(|e| Error::field(FieldId::Reason, crate::ops::FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ShortReasonRequired,
        ));
    }
    let found = Qty::parse(found)
        .map_err(|e| Error::field(FieldId::Qty, crate::ops::FieldProblem::Number(e)))?
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

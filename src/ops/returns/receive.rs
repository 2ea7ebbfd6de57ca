//! Receiving returned goods (退货收货) by scanning, into the warehouse's return bin and on
//! in the condition chosen: back to a sellable bin, into quarantine, or scrapped; and
//! writing off goods the carrier lost.
//!
//! The goods come back at the cost they left stock at: a return move into the return
//! bin (1405 / 6401, or 1406 for refused goods whose cost still waited there), then a
//! transfer to a storage bin or the quarantine bin, or a write-off from the return bin
//! (1901 / 1405, as a stock adjustment posts). Lost goods never come back: their cost
//! is written off to 1901.

use rusqlite::Connection;

use super::{conflict_unless, find_in, not_found, ReturnLineRow, ReturnRow};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::field::FieldId;
use crate::domain::ledger::{self, move_value};
use crate::domain::money::{moving_average_cost, Qty, UnitPrice};
use crate::domain::returns::{Condition, ReturnStatus};
use crate::domain::text::{clean_text, shown};
use crate::ops::ledger::{post, post_stock_move, Source};
use crate::ops::{
    audit, company_today, lifecycle, now_stamp, require, Actor, Error, FieldProblem, Refusal,
    Result, Thing,
};
use crate::store::{self, Db};

/// One receipt as scanned or typed.
#[derive(Debug, Clone)]
pub struct ReceiveInput {
    /// An item's barcode or SKU, or a GS1 label (its lot and count are read).
    pub scan: String,
    /// Empty: one, or the label's count.
    pub qty: String,
    pub condition: Condition,
    /// Where sellable goods go; empty: the product's default bin, else the bin they
    /// were picked from, else the warehouse's first storage bin.
    pub bin: String,
}

impl ReceiveInput {
    /// One scan in a condition, to the default bin.
    pub fn scan(scan: &str, condition: Condition) -> ReceiveInput {
        ReceiveInput {
            scan: scan.to_string(),
            qty: String::new(),
            condition,
            bin: String::new(),
        }
    }
}

/// What a receipt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub number: String,
    pub sku: String,
    pub name: String,
    /// Thousandths received by this scan.
    pub added: i64,
    /// The condition received in; none when written off as lost.
    pub condition: Option<Condition>,
    /// Where the goods went (none when scrapped or lost).
    pub bin: Option<String>,
    /// The return's state after it.
    pub status: ReturnStatus,
    /// Still to come on the whole return, thousandths.
    pub left: i64,
    /// The order was closed with it (goods never signed for, all settled).
    pub order_closed: bool,
}

/// The bin sellable goods go to: the one typed or scanned (a storage bin of the
/// return's warehouse), else the default.
fn sellable_bin(
    c: &Connection,
    ret: &ReturnRow,
    line: &ReturnLineRow,
    typed: &str,
) -> Result<(i64, String)> {
    if typed.trim().is_empty() {
        return store::returns_goods::default_sellable_bin(
            c,
            ret.warehouse_id,
            line.product_id,
            line.order_line_id,
            line.lot_id,
        )?
        .ok_or_else(|| Error::field_refused(FieldId::Bin, Refusal::BinRequired));
    }
    let bin = crate::ops::stock::resolve_bin(c, typed)?;
    if store::picking::bin_kind(c, bin.id)? != "storage" {
        return Err(Error::field_refused(
            FieldId::Bin,
            Refusal::NotASellableBin { code: bin.code },
        ));
    }
    if bin.warehouse_id != ret.warehouse_id {
        return Err(Error::field_refused(
            FieldId::Bin,
            Refusal::BinOfOtherWarehouse { code: bin.code },
        ));
    }
    Ok((bin.id, bin.code))
}

/// The part of `value` of a returned line's cost that still waited in 发出商品, taken
/// off what waits there (goods never signed for, revenue at sign-off).
fn from_transit(c: &Connection, ret: &ReturnRow, line: &ReturnLineRow, value: i64) -> Result<i64> {
    if !ret.undelivered {
        return Ok(0);
    }
    match store::returns_goods::shipment_line_cost(c, line.shipment_line_id)? {
        Some(k) if k.in_transit => {
            let t = value.min(k.value - k.signed - k.returned).max(0);
            if t > 0 {
                store::returns_goods::add_returned_cost(c, line.shipment_line_id, t)?;
            }
            Ok(t)
        }
        _ => Ok(0),
    }
}

/// One stock move of a return's goods, at the line's cost, under the return's number.
#[allow(clippy::too_many_arguments)]
fn goods_move(
    c: &Connection,
    actor: &Actor,
    ret: &ReturnRow,
    line: &ReturnLineRow,
    bin_id: i64,
    qty: i64,
    kind: &str,
    reason: Option<&str>,
    at: &str,
) -> Result<i64> {
    let id = store::stock::insert_move(
        c,
        &store::stock::MoveRow {
            product_id: line.product_id,
            bin_id,
            lot_id: line.lot_id,
            qty,
            unit_cost: line.unit_cost,
            kind,
            reason,
            doc_type: Some("RMA"),
            doc_id: Some(ret.id),
            doc_no: Some(&ret.number),
            actor_id: actor.id(),
            at,
        },
    )?;
    store::stock::apply_move_to_levels(c, line.product_id, bin_id, line.lot_id, qty)?;
    Ok(id)
}

/// Receives `n` of one return line in a condition: into the return bin, then on.
#[allow(clippy::too_many_arguments)]
fn receive_part(
    c: &Connection,
    actor: &Actor,
    ret: &ReturnRow,
    line: &ReturnLineRow,
    n: i64,
    condition: Condition,
    dest: Option<i64>,
    return_bin: i64,
    at: &str,
) -> Result<()> {
    let move_id = goods_move(c, actor, ret, line, return_bin, n, "return", None, at)?;
    let value = move_value(n, line.unit_cost);
    let transit = from_transit(c, ret, line, value)?;
    post(
        c,
        actor,
        company_today(c)?,
        &Source {
            kind: "MOVE",
            id: move_id,
            number: &ret.number,
            event: "return",
            summary: format!("退货入库 {}", ret.number),
        },
        ledger::returned_to_stock(value, transit),
    )?;
    match (condition, dest) {
        (Condition::Sellable | Condition::Quarantine, Some(to)) => {
            // In first, out second, as every transfer.
            goods_move(c, actor, ret, line, to, n, "transfer", None, at)?;
            goods_move(c, actor, ret, line, return_bin, -n, "transfer", None, at)?;
        }
        _ => {
            let reason = format!("报废 scrap {}", ret.number);
            let id = goods_move(
                c,
                actor,
                ret,
                line,
                return_bin,
                -n,
                "adjust",
                Some(&reason),
                at,
            )?;
            post_stock_move(c, actor, id, "adjust", &ret.number, -n, line.unit_cost)?;
        }
    }
    if !store::returns::add_received(c, line.id, condition.code(), n)? {
        return Err(Error::field_refused(
            FieldId::Qty,
            Refusal::ReceiveMoreThanReturned {
                sku: line.sku.clone(),
                left: Qty::from_db(line.left()),
                adding: Qty::from_db(n),
            },
        ));
    }
    store::returns::insert_receipt(c, line.id, condition.code(), n, dest, actor.id(), at)?;
    Ok(())
}

/// The return's new state after a receipt, and whether it closed the order.
fn after_receipt(
    c: &Connection,
    actor: &Actor,
    ret: &ReturnRow,
    added: i64,
    at: &str,
) -> Result<(ReturnStatus, bool)> {
    let status = ReturnStatus::after_receipt(ret.qty, ret.accounted + added);
    let done = store::returns::set_status(c, ret.id, ret.version, status, at)?;
    conflict_unless(c, done, ret.id, at)?;
    let closed = status == ReturnStatus::Received
        && ret.undelivered
        && lifecycle::close_if_done(c, actor, ret.order_id, at)?;
    Ok((status, closed))
}

/// Receives returned goods by one scan (退货收货): the return's number first, then each
/// item's barcode or SKU adds one, a GS1 label its count (and its lot must be one the
/// customer got), a typed quantity that many; in the condition chosen. Needs the
/// receive permission. Refused, changing nothing: a return received in full, credited,
/// closed or cancelled; an item that is not on the return; more than is still to come.
pub fn receive(db: &Db, actor: &Actor, number: &str, input: &ReceiveInput) -> Result<Received> {
    let typed = if input.qty.trim().is_empty() {
        None
    } else {
        Some(
            Qty::parse_positive(&input.qty)
                .map_err(|e| Error::field(FieldId::Qty, FieldProblem::Number(e)))?,
        )
    };
    db.write(|tx| {
        require(tx, actor, Permission::ReceiveStock)?;
        let ret = find_in(tx, number)?;
        if !ret.status.receives() {
            return Err(Refusal::ReturnClosed {
                number: ret.number,
                status: ret.status,
            }
            .into());
        }
        let lines = store::returns::lines_of(tx, ret.id)?;
        let gs1 = match barcode::classify_scan(&input.scan) {
            Scan::Gs1(d) => Some(d),
            _ => None,
        };
        let product = crate::ops::master::product_by_code_in(tx, &input.scan)?;
        let Some(product) = product else {
            return Err(Refusal::WrongReturnItem {
                number: ret.number.clone(),
                scanned: shown(input.scan.trim()),
            }
            .into());
        };
        let mut candidates: Vec<&ReturnLineRow> = lines
            .iter()
            .filter(|l| l.product_id == product.id)
            .collect();
        if candidates.is_empty() {
            return Err(Refusal::WrongReturnItem {
                number: ret.number.clone(),
                scanned: product.sku.clone(),
            }
            .into());
        }
        if let Some(lot) = gs1.as_ref().and_then(|g| g.lot.clone()) {
            if product.tracks_lots {
                let expected: Vec<String> = candidates.iter().map(|l| l.lot_no.clone()).collect();
                candidates.retain(|l| l.lot_no == lot);
                if candidates.is_empty() {
                    return Err(Refusal::ReturnLotDiffers {
                        sku: product.sku.clone(),
                        expected: expected.join(", "),
                        scanned: shown(&lot),
                    }
                    .into());
                }
            }
        }
        let n = match (typed, gs1.as_ref().and_then(|g| g.count)) {
            (Some(q), _) => q,
            (None, Some(0)) => {
                return Err(Error::field_refused(FieldId::Qty, Refusal::LabelQtyZero))
            }
            (None, Some(k)) => i64::try_from(k)
                .ok()
                .and_then(Qty::checked_from_int)
                .ok_or_else(|| Error::field_refused(FieldId::Qty, Refusal::QtyTooLarge))?,
            (None, None) => Qty::from_int(1),
        };
        crate::ops::master::whole_units_of(&product, n)
            .map_err(|r| Error::field_refused(FieldId::Qty, r))?;
        let left: i64 = candidates.iter().map(|l| l.left()).sum();
        if n.to_db() > left {
            return Err(Error::field_refused(
                FieldId::Qty,
                Refusal::ReceiveMoreThanReturned {
                    sku: product.sku.clone(),
                    left: Qty::from_db(left),
                    adding: n,
                },
            ));
        }
        let (return_bin, quarantine_bin) = store::returns_goods::return_bins(tx, ret.warehouse_id)?;
        let first = candidates
            .iter()
            .find(|l| l.left() > 0)
            .copied()
            .ok_or_else(|| not_found(Thing::Return, &ret.number))?;
        let dest = match input.condition {
            Condition::Sellable => Some(sellable_bin(tx, &ret, first, &input.bin)?),
            Condition::Quarantine => Some((
                quarantine_bin,
                store::master::bin_by_id(tx, quarantine_bin)?
                    .map(|b| b.code)
                    .unwrap_or_default(),
            )),
            Condition::Scrap => None,
        };
        let before = store::stock::product_stock(tx, product.id)?;
        let at = now_stamp();
        let mut todo = n.to_db();
        for l in candidates {
            if todo == 0 {
                break;
            }
            let k = l.left().min(todo);
            if k <= 0 {
                continue;
            }
            todo -= k;
            receive_part(
                tx,
                actor,
                &ret,
                l,
                k,
                input.condition,
                dest.as_ref().map(|d| d.0),
                return_bin,
                &at,
            )?;
        }
        // Goods kept in stock (for sale or in quarantine) come back into the moving
        // average at the cost they left at; scrapped goods leave again at once.
        if input.condition != Condition::Scrap {
            let old = UnitPrice::from_db(product.avg_cost);
            let avg = moving_average_cost(
                Qty::from_db(before.on_hand),
                old,
                n,
                UnitPrice::from_db(first.unit_cost),
            );
            if avg != old {
                store::products::set_avg_cost(tx, product.id, avg.to_db())?;
            }
        }
        if input.condition == Condition::Sellable {
            crate::ops::reservation::fill_backorders(tx, product.id, &at)?;
        }
        let (status, order_closed) = after_receipt(tx, actor, &ret, n.to_db(), &at)?;
        let after = serde_json::json!({
            "number": ret.number, "sku": product.sku, "qty": n.to_db(),
            "condition": input.condition.code(), "bin": dest.as_ref().map(|d| d.1.clone()),
            "status": status.as_str(),
        });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(ret.id),
            "receive",
            None,
            Some(&after),
        )?;
        Ok(Received {
            number: ret.number.clone(),
            sku: product.sku.clone(),
            name: product.name.clone(),
            added: n.to_db(),
            condition: Some(input.condition),
            bin: dest.map(|d| d.1),
            status,
            left: ret.qty - ret.accounted - n.to_db(),
            order_closed,
        })
    })
}

/// Writes off what is still to come of a return of goods the carrier lost (运输丢失
/// 核销), with a note: their cost goes to 1901 待处理财产损溢; no goods move. Needs the
/// adjust permission. Refused: goods the customer signed for, a return that takes no
/// more goods.
pub fn write_off_lost(db: &Db, actor: &Actor, number: &str, note: &str) -> Result<Received> {
    let note = clean_text(note, 200)
        .map_err(|e| Error::field(FieldId::ExceptionNote, FieldProblem::Text(e)))?;
    if note.is_empty() {
        return Err(Error::field_refused(
            FieldId::ExceptionNote,
            Refusal::ExceptionNoteRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::AdjustStock)?;
        let ret = find_in(tx, number)?;
        if !ret.status.receives() {
            return Err(Refusal::ReturnClosed {
                number: ret.number,
                status: ret.status,
            }
            .into());
        }
        if !ret.undelivered {
            return Err(Refusal::LostNeedsUndelivered { number: ret.number }.into());
        }
        let at = now_stamp();
        let (mut value, mut transit, mut lost) = (0i64, 0i64, 0i64);
        let mut first: Option<(String, String)> = None;
        for l in store::returns::lines_of(tx, ret.id)? {
            let k = l.left();
            if k <= 0 {
                continue;
            }
            first.get_or_insert((l.sku.clone(), l.name.clone()));
            let v = move_value(k, l.unit_cost);
            transit += from_transit(tx, &ret, &l, v)?;
            value += v;
            lost += k;
            if !store::returns::add_received(tx, l.id, "lost", k)? {
                return Err(not_found(Thing::Return, &ret.number));
            }
            store::returns::insert_receipt(tx, l.id, "lost", k, None, actor.id(), &at)?;
        }
        post(
            tx,
            actor,
            company_today(tx)?,
            &Source {
                kind: "RMA",
                id: ret.id,
                number: &ret.number,
                event: "lost",
                summary: format!("运输丢失核销 {}", ret.number),
            },
            ledger::lost_written_off(value, transit),
        )?;
        let (status, order_closed) = after_receipt(tx, actor, &ret, lost, &at)?;
        let after = serde_json::json!({ "lost": lost, "value": value, "note": note });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(ret.id),
            "lost",
            None,
            Some(&after),
        )?;
        let (sku, name) = first.unwrap_or_default();
        Ok(Received {
            number: ret.number.clone(),
            sku,
            name,
            added: lost,
            condition: None,
            bin: None,
            status,
            left: ret.qty - ret.accounted - lost,
            order_closed,
        })
    })
}

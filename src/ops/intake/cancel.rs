//! Cancelling an order (取消订单) or what is still open of one of its lines, with a
//! reason: the stock it holds goes back and on to the orders waiting for it.

use rusqlite::Connection;

use super::draft::line_field;
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::{
    line_amounts, Discount, LineAmounts, PriceMode, Qty, TaxRate, UnitPrice,
};
use crate::domain::order::OrderStage;
use crate::domain::text::clean_text;
use crate::ops::lifecycle::{check_transition, move_stage, open, record, Move};
use crate::ops::{
    audit, now_stamp, require, reservation, Actor, Error, FieldProblem, Refusal, Result,
};
use crate::store::{self, Db};

const QTY: FieldId = FieldId::Qty;
const PRICE: FieldId = FieldId::UnitPrice;
const DISCOUNT: FieldId = FieldId::Discount;
const REASON: FieldId = FieldId::Reason;

/// A reason as typed: cleaned, and refused with `refusal` when empty.
fn required_reason(reason: &str, refusal: Refusal) -> Result<String> {
    let reason =
        clean_text(reason, 200).map_err(|e| Error::field(REASON, FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(REASON, refusal));
    }
    Ok(reason)
}

/// Who may cancel an order or a line: whoever approves orders; otherwise whoever takes
/// orders, and for an order that holds stock only its author (the release hands that
/// stock to other customers' orders).
fn may_cancel(tx: &Connection, actor: &Actor, stage: OrderStage, author: i64) -> Result<()> {
    if store::users::has_permission(tx, actor.id(), Permission::ApproveOrders.code())? {
        return Ok(());
    }
    require(tx, actor, Permission::CreateOrders)?;
    if matches!(stage, OrderStage::Approved | OrderStage::OnHold) && author != actor.id() {
        require(tx, actor, Permission::ApproveOrders)?;
    }
    Ok(())
}

/// Cancels an order with a reason. Goods it picked go back to their bins by an unpick
/// list. An order that shipped anything cannot be cancelled whole: what is still open
/// is cancelled line by line (`cancel_line`), and shipped goods come back through
/// returns.
pub fn cancel_order(db: &Db, actor: &Actor, id: i64, version: i64, reason: &str) -> Result<()> {
    let reason = required_reason(reason, Refusal::CancelReasonRequired)?;
    db.write(|tx| {
        let row = open(tx, id, version)?;
        let from = row.stage;
        check_transition(from, OrderStage::Cancelled)?;
        may_cancel(tx, actor, from, row.created_by)?;
        let lines = store::orders::lines_of(tx, id)?;
        if lines.iter().any(|l| l.qty_shipped > 0) {
            return Err(Error::Refused(Refusal::PickedOrShipped));
        }
        let now = now_stamp();
        // Picked goods go back to their bins by an unpick list; never lost.
        let unpick = reservation::unpick_order(tx, actor.id(), id, &now)?;
        // Cancelling gives the order's reserved stock back, drops its backorders, and
        // hands what it freed to other orders waiting for the same products.
        reservation::release_order(tx, id, &now)?;
        store::approval::decide(tx, id, "cancelled", actor.id(), &now)?;
        reservation::fill_backorders_of_order(tx, id, &now)?;
        let to = Move::to(OrderStage::Cancelled).note(Some(&reason));
        move_stage(tx, actor, &row, version, to, &now)?;
        let before = serde_json::json!({ "stage": from.as_str() });
        let after = serde_json::json!({
            "stage": OrderStage::Cancelled.as_str(), "reason": reason, "unpick_list": unpick,
        });
        record(tx, actor, &now, id, "cancel", Some(&before), &after)?;
        Ok(())
    })
}

/// Cancels what of line `line_no` is not shipped yet with a reason; what of it was
/// picked goes back to its bins by an unpick list. The line's open reservations are
/// released, its backorder dropped, and the freed stock goes to other orders waiting
/// for the product. The line keeps its ordered
/// and cancelled quantities; its amounts, and the order's totals, are recomputed for the
/// quantity still to deliver (ordered − cancelled), so the total is what the customer is
/// charged. When every line is cancelled, the order is cancelled.
///
/// Who may: as for [`cancel_order`], the order permission, and for an order holding
/// stock its author or someone who also approves orders.
pub fn cancel_line(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    line_no: i64,
    reason: &str,
) -> Result<()> {
    let reason = required_reason(reason, Refusal::LineCancelReasonRequired)?;
    db.write(|tx| {
        let row = open(tx, id, version)?;
        let stage = row.stage;
        match stage {
            OrderStage::Submitted | OrderStage::Approved | OrderStage::OnHold => {}
            OrderStage::Draft | OrderStage::Rejected => {
                return Err(Error::Refused(Refusal::EditInsteadOfCancelLine))
            }
            OrderStage::Cancelled | OrderStage::Closed => {
                return Err(Error::Refused(Refusal::LinesFinal { stage }))
            }
        }
        may_cancel(tx, actor, stage, row.created_by)?;
        let lines = store::orders::lines_of(tx, id)?;
        let line = lines
            .iter()
            .find(|l| l.line_no == line_no)
            .ok_or_else(|| Error::Refused(Refusal::NoSuchLine { line_no }))?;
        let open = cancellable(line)?;
        let now = now_stamp();
        // Picked goods of the line go back to their bins by an unpick list.
        let unpick = reservation::unpick_line(tx, actor.id(), id, line.id, &now)?;
        let (released, dropped) = reservation::release_line(tx, line.id, 0, &now)?;
        let amounts = remaining_amounts(&row, line, line.qty - line.qty_cancelled - open)?;
        // What the line leaves uninvoiced shrinks with it: so does the customer's exposure.
        let tracked = crate::ops::credit::track(tx, id)?;
        store::orders::cancel_line_qty(
            tx,
            line.id,
            open,
            amounts.net.minor(),
            amounts.tax.minor(),
            amounts.gross.minor(),
        )?;
        if !store::orders::resum_order(tx, id, version, &now)? {
            return Err(crate::ops::conflict(tx, "order", id, &row.updated_at)?);
        }
        tracked.settle(tx)?;
        reservation::fill_backorders(tx, line.product_id, &now)?;
        let before = serde_json::json!({
            "line_no": line_no, "qty_cancelled": line.qty_cancelled,
            "qty_reserved": line.qty_reserved, "qty_backordered": line.qty_backordered,
            "gross_minor": line.gross_minor, "order_gross_minor": row.gross.minor(),
        });
        let after = serde_json::json!({
            "line_no": line_no, "qty_cancelled": line.qty_cancelled + open,
            "released": released, "backorder_dropped": dropped,
            "gross_minor": amounts.gross.minor(), "reason": reason, "unpick_list": unpick,
        });
        audit(
            tx,
            Some(actor),
            &now,
            "order",
            Some(id),
            "cancel_line",
            Some(&before),
            Some(&after),
        )?;
        // Nothing left to deliver on any line: the order itself is cancelled.
        if store::orders::lines_of(tx, id)?
            .iter()
            .all(|l| l.qty_cancelled >= l.qty)
        {
            cancel_emptied_order(tx, actor, &row, version + 1, &reason, &now)?;
        }
        Ok(())
    })
}

/// What of a line can be cancelled: neither cancelled yet, shipped nor invoiced (those
/// are returned, not cancelled). Picked goods can be: they go back by an unpick list.
fn cancellable(line: &store::orders::LineRow) -> Result<i64> {
    let n = line.line_no;
    if line.qty_cancelled >= line.qty {
        return Err(Error::Refused(Refusal::LineAlreadyCancelled { line: n }));
    }
    if line.qty_invoiced > line.qty_shipped + line.qty_picked {
        return Err(Error::Refused(Refusal::LineInvoicedAhead { line: n }));
    }
    let open = line.qty - line.qty_cancelled - line.qty_shipped;
    if open <= 0 {
        return Err(Error::Refused(Refusal::LineAllPickedOrShipped { line: n }));
    }
    Ok(open)
}

/// The amounts of a line for `left` of its quantity, at its own price, discount and
/// tax rate, in the order's price mode (rounded as every line is).
fn remaining_amounts(
    row: &store::orders::OrderRow,
    line: &store::orders::LineRow,
    left: i64,
) -> Result<LineAmounts> {
    if left == 0 {
        return Ok(LineAmounts::default());
    }
    let n = usize::try_from(line.line_no).unwrap_or(0);
    let mode = PriceMode::parse(&row.price_mode).unwrap_or(PriceMode::TaxInclusive);
    let rate =
        TaxRate::from_bp(line.tax_bp).map_err(|e| line_field(n, PRICE, FieldProblem::Number(e)))?;
    let discount = Discount::from_bp(line.discount_bp)
        .map_err(|e| line_field(n, DISCOUNT, FieldProblem::Number(e)))?;
    line_amounts(
        Qty::from_db(left),
        UnitPrice::from_db(line.unit_price),
        discount,
        rate,
        mode,
    )
    .map_err(|e| line_field(n, QTY, FieldProblem::Amount(e)))
}

/// Cancels an order whose every line is cancelled, in the caller's transaction: its
/// pending reasons are closed, the stage changes with the reason, and the timeline and
/// the audit log say so.
fn cancel_emptied_order(
    tx: &Connection,
    actor: &Actor,
    row: &store::orders::OrderRow,
    version: i64,
    reason: &str,
    now: &str,
) -> Result<()> {
    check_transition(row.stage, OrderStage::Cancelled)?;
    reservation::release_order(tx, row.id, now)?;
    store::approval::decide(tx, row.id, "cancelled", actor.id(), now)?;
    let to = Move::to(OrderStage::Cancelled).note(Some(reason));
    let from = move_stage(tx, actor, row, version, to, now)?;
    let before = serde_json::json!({ "stage": from.as_str() });
    let after = serde_json::json!({
        "stage": OrderStage::Cancelled.as_str(), "reason": reason, "all_lines_cancelled": true
    });
    record(tx, actor, now, row.id, "cancel", Some(&before), &after)
}

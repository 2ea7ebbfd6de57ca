//! Returns and exchanges (售后: 退货 / 换货, RMA-).
//!
//! A return is opened from a shipment line that was delivered, or that went wrong on
//! the way (refused, damaged, lost: goods never signed for), with a reason and the
//! quantity: never more than was delivered (or shipped and never signed for) less what
//! was returned before, and never for another customer ([`open_return`]). Its goods are
//! received by scanning into the warehouse's return bin, each quantity in a condition:
//! back to sellable stock, into quarantine, or scrapped ([`receive`]); goods the carrier
//! lost are written off instead ([`write_off_lost`]). Then the money ([`credit_return`]):
//! a credit note (CN-) against the invoice, paid back or kept as prepayment, or — for
//! goods not yet invoiced — less to invoice. An exchange ([`exchange`]) is a return with
//! a new order for the replacement, which goes through the usual approval rules.
//!
//! States: open → partly received → received → credited → closed; cancelled while
//! nothing is received ([`cancel_return`], [`close_return`]).

use rusqlite::Connection;

use super::{audit, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::goods::ShipmentStatus;
use crate::domain::money::Qty;
use crate::domain::returns::{ReturnReason, ReturnStatus};
use crate::domain::text::{clean_code, clean_text, to_half_width};
use crate::store::{self, Db};

pub use crate::store::returns::{ReceiptRow, ReturnLineRow, ReturnRow};

mod credit;
mod exchange;
mod receive;

pub use credit::{credit_return, CreditInput, Credited};
pub use exchange::{exchange, Exchanged};
pub use receive::{receive, write_off_lost, ReceiveInput, Received};

/// A return as typed: the shipment, who brings the goods back, why, and per order line
/// how much.
#[derive(Debug, Clone)]
pub struct ReturnInput {
    /// The shipment number (SH-…) or its tracking number.
    pub shipment: String,
    /// The customer's code; empty: the shipment's customer.
    pub customer: String,
    pub reason: ReturnReason,
    pub note: String,
    pub lines: Vec<ReturnLineInput>,
}

/// The quantity of one order line coming back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnLineInput {
    pub line_no: i64,
    pub qty: String,
}

/// A return just opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub id: i64,
    pub number: String,
    /// Of goods never signed for (refused, damaged in transit, lost).
    pub undelivered: bool,
}

/// A return with its lines and receipts, as the screens and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnView {
    pub head: ReturnRow,
    pub lines: Vec<ReturnLineRow>,
    pub receipts: Vec<ReceiptRow>,
    /// The company's UTC offset, for the times shown.
    pub utc_offset: i64,
}

/// What of one order line on one shipment can still be returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returnable {
    pub shipment: String,
    pub status: ShipmentStatus,
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// Signed for and not returned yet, thousandths.
    pub delivered: i64,
    /// Never signed for and not settled yet, thousandths.
    pub undelivered: i64,
}

pub(super) fn not_found(what: Thing, key: &str) -> Error {
    Error::NotFound {
        what,
        key: key.to_string(),
    }
}

/// A return by its number as typed or scanned.
pub(super) fn find_in(c: &Connection, number: &str) -> Result<ReturnRow> {
    let key = clean_code(number, 40)
        .unwrap_or_else(|_| number.trim().to_string())
        .to_uppercase();
    store::returns::by_number(c, &key)?.ok_or_else(|| not_found(Thing::Return, &key))
}

/// Refuses a return changed since it was read (its version moved on).
pub(super) fn conflict_unless(c: &Connection, changed: bool, id: i64, at: &str) -> Result<()> {
    if changed {
        Ok(())
    } else {
        Err(super::conflict(c, "return", id, at)?)
    }
}

/// Whether goods of a shipment in this state, returned for `reason`, were never signed
/// for; refused when the reason needs goods never signed for and the customer signed.
fn undelivered_for(status: ShipmentStatus, number: &str, reason: ReturnReason) -> Result<bool> {
    match status {
        ShipmentStatus::InTransit => Err(Refusal::ShipmentNotSettled {
            number: number.to_string(),
        }
        .into()),
        ShipmentStatus::Refused | ShipmentStatus::Damaged | ShipmentStatus::Lost => Ok(true),
        ShipmentStatus::PartlyReceived => Ok(reason.needs_undelivered()),
        ShipmentStatus::Delivered if reason.needs_undelivered() => Err(Error::field_refused(
            FieldId::ReturnReason,
            Refusal::ReasonNeedsUndelivered { reason },
        )),
        ShipmentStatus::Delivered => Ok(false),
    }
}

/// The cost a shipment line's goods left stock at: as recorded for the ledger, else the
/// ship move's, else the product's average cost now.
fn cost_of(c: &Connection, l: &store::shipping::ShipmentLineRow) -> Result<i64> {
    if let Some(k) = store::returns_goods::shipment_line_cost(c, l.id)? {
        return Ok(k.unit_cost);
    }
    if let Some(cost) = store::returns_goods::ship_move_cost(c, l.id)? {
        return Ok(cost);
    }
    Ok(store::products::avg_cost(c, l.product_id)?.unwrap_or(0))
}

/// Opens a return (退货单, RMA-) of goods of one shipment: per order line the quantity,
/// spread over the lots the customer got. Needs the order permission. Refused, changing
/// nothing: a shipment still in transit, more than was delivered (or shipped and never
/// signed for) less returned before, another customer's goods, "refused" or "lost" for
/// goods signed for, a fraction of a product sold in whole units.
pub fn open_return(db: &Db, actor: &Actor, input: &ReturnInput) -> Result<Opened> {
    let note = clean_text(&input.note, 200)
        .map_err(|e| Error::field(FieldId::Note, FieldProblem::Text(e)))?;
    let mut wanted: Vec<(i64, Qty)> = Vec::new();
    for l in &input.lines {
        if l.qty.trim().is_empty() {
            continue;
        }
        let q = Qty::parse_positive(&l.qty)
            .map_err(|e| Error::field(FieldId::Qty, FieldProblem::Number(e)))?;
        match wanted.iter_mut().find(|(n, _)| *n == l.line_no) {
            Some((_, total)) => {
                *total = total
                    .checked_add(q)
                    .ok_or_else(|| Error::field_refused(FieldId::Qty, Refusal::QtyTooLarge))?
            }
            None => wanted.push((l.line_no, q)),
        }
    }
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let scan = clean_code(&input.shipment, 40)
            .unwrap_or_else(|_| input.shipment.trim().to_string());
        let key = to_half_width(&scan).to_uppercase();
        let head = match store::shipping::find(tx, &key)? {
            Some(h) => h,
            None => store::shipping::find(tx, &scan)?
                .ok_or_else(|| not_found(Thing::Shipment, &scan))?,
        };
        let order = store::orders::by_id(tx, head.order_id)?
            .ok_or_else(|| not_found(Thing::Order, &format!("#{}", head.order_id)))?;
        let code = to_half_width(input.customer.trim()).to_uppercase();
        if !code.is_empty() {
            let customer = store::customers::by_code(tx, &code)?
                .ok_or_else(|| not_found(Thing::Customer, &code))?;
            if customer.id != order.customer_id {
                return Err(Refusal::OtherCustomersGoods {
                    shipment: head.number.clone(),
                    customer: customer.code,
                }
                .into());
            }
        }
        let undelivered = undelivered_for(head.status, &head.number, input.reason)?;
        if wanted.is_empty() {
            return Err(Error::field_refused(FieldId::Qty, Refusal::NothingToReturn));
        }
        let shipped = store::shipping::lines_of(tx, head.id)?;
        // Per order line, its shipment lines (lots) with what each can still take.
        let mut plan: Vec<(store::shipping::ShipmentLineRow, i64)> = Vec::new();
        for (line_no, q) in &wanted {
            let lots: Vec<&store::shipping::ShipmentLineRow> =
                shipped.iter().filter(|l| l.line_no == *line_no).collect();
            if lots.is_empty() {
                return Err(Refusal::NoSuchLine { line_no: *line_no }.into());
            }
            let (mut base, mut before) = (0, 0);
            let mut rooms = Vec::new();
            for l in &lots {
                let b = if undelivered { l.qty_exception } else { l.qty_delivered };
                let r = store::returns::returned_of_shipment_line(tx, l.id, undelivered)?;
                base += b;
                before += r;
                rooms.push(((*l).clone(), (b - r).max(0)));
            }
            if q.to_db() > base - before {
                return Err(Error::field_refused(
                    FieldId::Qty,
                    Refusal::ReturnMoreThanDelivered {
                        line: *line_no,
                        delivered: Qty::from_db(base),
                        returned: Qty::from_db(before),
                        asked: *q,
                        undelivered,
                    },
                ));
            }
            if let Some(p) = store::products::by_id(tx, lots[0].product_id)? {
                super::master::whole_units_of(&p, *q)
                    .map_err(|r| Error::field_refused(FieldId::Qty, r))?;
            }
            let mut left = q.to_db();
            for (l, room) in rooms {
                if left == 0 {
                    break;
                }
                let take = room.min(left);
                if take > 0 {
                    left -= take;
                    plan.push((l, take));
                }
            }
        }
        let warehouse = match plan.first() {
            Some((l, _)) => store::returns_goods::warehouse_of_bin(tx, l.bin_id)?,
            None => return Err(Error::field_refused(FieldId::Qty, Refusal::NothingToReturn)),
        };
        let at = now_stamp();
        let number = super::numbers::next_doc(tx, "RMA")?;
        let id = store::returns::insert_return(
            tx,
            &store::returns::NewReturn {
                number: &number,
                order_id: order.id,
                customer_id: order.customer_id,
                shipment_id: head.id,
                warehouse_id: warehouse,
                reason: input.reason,
                note: &note,
                undelivered,
                by: actor.id(),
                at: &at,
            },
        )?;
        for (i, (l, q)) in plan.iter().enumerate() {
            store::returns::insert_line(
                tx,
                &store::returns::NewReturnLine {
                    return_id: id,
                    line_no: i as i64 + 1,
                    shipment_line_id: l.id,
                    order_line_id: l.order_line_id,
                    product_id: l.product_id,
                    lot_id: l.lot_id,
                    qty: *q,
                    unit_cost: cost_of(tx, l)?,
                },
            )?;
            store::returns::add_line_returned(tx, l.order_line_id, *q)?;
        }
        let what: Vec<String> = wanted
            .iter()
            .map(|(n, q)| format!("#{n} ×{q}"))
            .collect();
        let stage = order.stage.as_str();
        store::orders::insert_timeline(
            tx,
            order.id,
            &at,
            actor.id(),
            Some(stage),
            stage,
            Some(&format!("{number} {}", what.join(" "))),
        )?;
        let after = serde_json::json!({
            "number": number, "shipment": head.number, "order": order.number,
            "reason": input.reason.code(), "undelivered": undelivered, "note": note,
            "lines": plan.iter().map(|(l, q)| serde_json::json!({"line_no": l.line_no, "lot_id": l.lot_id, "qty": q})).collect::<Vec<_>>(),
        });
        audit(tx, Some(actor), &at, "return", Some(id), "open", None, Some(&after))?;
        Ok(Opened {
            id,
            number,
            undelivered,
        })
    })
}

/// Cancels a return on which nothing was received, with a reason: its quantities may be
/// returned again. Needs the order permission.
pub fn cancel_return(db: &Db, actor: &Actor, number: &str, reason: &str) -> Result<()> {
    let reason = clean_text(reason, 200)
        .map_err(|e| Error::field(FieldId::Reason, FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReturnCancelReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let r = find_in(tx, number)?;
        if r.status != ReturnStatus::Open {
            return Err(Refusal::ReturnNotCancellable {
                number: r.number,
                status: r.status,
            }
            .into());
        }
        let at = now_stamp();
        let done = store::returns::cancel(tx, r.id, r.version, &reason, &at)?;
        conflict_unless(tx, done, r.id, &at)?;
        for l in store::returns::lines_of(tx, r.id)? {
            store::returns::add_line_returned(tx, l.order_line_id, -l.qty)?;
        }
        let after = serde_json::json!({ "status": "cancelled", "reason": reason });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(r.id),
            "cancel",
            None,
            Some(&after),
        )
    })
}

/// Closes a credited return (归档): nothing more happens to it. Needs the invoicing or
/// the order permission.
pub fn close_return(db: &Db, actor: &Actor, number: &str) -> Result<()> {
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)
            .or_else(|_| require(tx, actor, Permission::CreateOrders))?;
        let r = find_in(tx, number)?;
        if r.status != ReturnStatus::Credited {
            return Err(Refusal::ReturnNotClosable {
                number: r.number,
                status: r.status,
            }
            .into());
        }
        let at = now_stamp();
        let done = store::returns::set_status(tx, r.id, r.version, ReturnStatus::Closed, &at)?;
        conflict_unless(tx, done, r.id, &at)?;
        let after = serde_json::json!({ "status": "closed" });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(r.id),
            "close",
            None,
            Some(&after),
        )
    })
}

/// A return by its number (RMA-…), with its lines and receipts.
pub fn return_view(db: &Db, number: &str) -> Result<ReturnView> {
    db.read(|c| {
        let head = find_in(c, number)?;
        Ok(ReturnView {
            lines: store::returns::lines_of(c, head.id)?,
            receipts: store::returns::receipts_of(c, head.id)?,
            utc_offset: super::clock::company_offset(c)?,
            head,
        })
    })
}

/// A page of the return list, newest first: all returns or those in one state, before
/// `before_id` (`i64::MAX` for the first page).
pub fn returns_page(
    db: &Db,
    status: Option<ReturnStatus>,
    before_id: i64,
    limit: i64,
) -> Result<Vec<ReturnRow>> {
    Ok(db.read(|c| store::returns::page(c, status, before_id, limit))?)
}

/// The company's UTC offset (minutes), for the times the return list shows.
pub fn utc_offset(db: &Db) -> Result<i64> {
    Ok(db.read(super::clock::company_offset)?)
}

/// The returns of an order, oldest first (the order detail shows them).
pub fn returns_of_order(db: &Db, order_id: i64) -> Result<Vec<ReturnRow>> {
    Ok(db.read(|c| store::returns::of_order(c, order_id))?)
}

/// The return whose exchange this order is, if it is one.
pub fn exchange_of(db: &Db, order_id: i64) -> Result<Option<String>> {
    Ok(db.read(|c| store::returns::of_exchange_order(c, order_id))?)
}

/// What of an order's settled shipments can still be returned, per shipment and order
/// line (shipments on their way are not there yet): the goods signed for and those
/// never signed for, each less what returns took before.
pub fn returnable(db: &Db, order_id: i64) -> Result<Vec<Returnable>> {
    db.read(|c| {
        let mut out: Vec<Returnable> = Vec::new();
        for s in store::shipping::of_order(c, order_id)? {
            if s.status == ShipmentStatus::InTransit {
                continue;
            }
            for l in store::shipping::lines_of(c, s.id)? {
                let d =
                    l.qty_delivered - store::returns::returned_of_shipment_line(c, l.id, false)?;
                let u = l.qty_exception - store::returns::returned_of_shipment_line(c, l.id, true)?;
                match out
                    .iter_mut()
                    .find(|r| r.shipment == s.number && r.line_no == l.line_no)
                {
                    Some(r) => {
                        r.delivered += d.max(0);
                        r.undelivered += u.max(0);
                    }
                    None => out.push(Returnable {
                        shipment: s.number.clone(),
                        status: s.status,
                        line_no: l.line_no,
                        sku: l.sku.clone(),
                        name: l.name.clone(),
                        unit: l.unit.clone(),
                        delivered: d.max(0),
                        undelivered: u.max(0),
                    }),
                }
            }
        }
        Ok::<_, Error>(out)
    })
}

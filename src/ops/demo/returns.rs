//! The demo's after-sales work (售后): returns in every state a user meets — open, partly
//! received, received into quarantine, credited with the money kept as prepayment,
//! paid back and closed, scrapped, an exchange with its replacement order, a cancelled
//! one — and the shipment the customer refused, settled. Made through the operations
//! the screens use, on the newest delivered shipments, without drawing random numbers.
//!
//! The returns of delivered goods happen on the demo's business day, shortly before
//! its moment, like the rest of the office's history: their credit notes are dated that
//! day, and the credit rules they run (a credit note refreshes the customer's credit
//! hold, an exchange order goes through approval) read what was due then. The refused
//! shipment is the warehouse's work in progress, made on the real clock: it is settled
//! after it, on the same clock.

use chrono::{Duration, NaiveDate};

use crate::domain::money::Qty;
use crate::domain::returns::{Condition, ReturnReason, Settlement};
use crate::ops::returns::{self, CreditInput, ReceiveInput, ReturnInput, ReturnLineInput};
use crate::ops::{clock, Actor, Result};
use crate::store::{self, Db};

/// The people of the after-sales work.
pub(super) struct Staff<'a> {
    pub sales: &'a Actor,
    pub warehouse: &'a Actor,
    pub finance: &'a Actor,
}

fn open(
    db: &Db,
    who: &Actor,
    c: &store::returns_goods::CandidateRow,
    reason: ReturnReason,
    qty: i64,
    note: &str,
) -> Result<String> {
    Ok(returns::open_return(
        db,
        who,
        &ReturnInput {
            shipment: c.shipment.clone(),
            customer: c.customer_code.clone(),
            reason,
            note: note.into(),
            lines: vec![ReturnLineInput {
                line_no: c.line_no,
                qty: Qty::from_db(qty).to_string(),
            }],
        },
    )?
    .number)
}

/// Receives `qty` of the return's first product, typed, in a condition.
fn receive(db: &Db, who: &Actor, rma: &str, qty: i64, condition: Condition) -> Result<()> {
    let v = returns::return_view(db, rma)?;
    if let Some(l) = v.lines.first() {
        returns::receive(
            db,
            who,
            rma,
            &ReceiveInput {
                scan: l.sku.clone(),
                qty: Qty::from_db(qty).to_string(),
                condition,
                bin: String::new(),
            },
        )?;
    }
    Ok(())
}

pub(super) fn after_sales(db: &Db, staff: &Staff<'_>, as_of: NaiveDate) -> Result<()> {
    let moment = super::orders::as_of_moment(as_of, clock::now()) - Duration::minutes(30);
    clock::fixed(moment, || delivered_goods(db, staff))?;
    refused_shipment(db, staff)
}

/// The returns of delivered goods, in every state; see the module's words.
fn delivered_goods(db: &Db, staff: &Staff<'_>) -> Result<()> {
    let one = 1_000;
    let delivered = db.read(|c| store::returns_goods::candidates(c, "delivered", true, 60))?;
    // Lines that carried at least two: the partly received one takes two. The one paid
    // back is of an invoice the customer paid.
    let (paid, unpaid): (Vec<_>, Vec<_>) = delivered
        .into_iter()
        .filter(|c| c.qty >= 2 * one)
        .partition(|c| c.paid);
    let mut paid = paid.into_iter();
    let mut pool = unpaid.into_iter();
    let mut next = || pool.next();
    let Staff {
        sales,
        warehouse,
        finance,
    } = *staff;

    // Open: the customer rang about it; nothing has come back yet.
    if let Some(c) = next() {
        open(
            db,
            sales,
            &c,
            ReturnReason::Quality,
            one,
            "客户电话反映螺纹不良，待寄回",
        )?;
    }
    // Partly received: one of two is back, for sale.
    if let Some(c) = next() {
        let rma = open(
            db,
            sales,
            &c,
            ReturnReason::ChangedMind,
            2 * one,
            "七天无理由退货",
        )?;
        receive(db, warehouse, &rma, one, Condition::Sellable)?;
    }
    // Received into quarantine, waiting for inspection and the credit.
    if let Some(c) = next() {
        let rma = open(db, sales, &c, ReturnReason::Damaged, one, "外包装破损")?;
        receive(db, warehouse, &rma, one, Condition::Quarantine)?;
    }
    // Credited: the money stays with the customer as prepayment.
    if let Some(c) = next() {
        let rma = open(db, sales, &c, ReturnReason::Quality, one, "表面划伤")?;
        receive(db, warehouse, &rma, one, Condition::Sellable)?;
        returns::credit_return(
            db,
            finance,
            &rma,
            &CreditInput::full(Settlement::Prepayment),
        )?;
    }
    // Paid back and closed.
    if let Some(c) = paid.next().or_else(&mut next) {
        let rma = open(db, sales, &c, ReturnReason::ChangedMind, one, "客户多订了")?;
        receive(db, warehouse, &rma, one, Condition::Sellable)?;
        returns::credit_return(db, finance, &rma, &CreditInput::full(Settlement::Refund))?;
        returns::close_return(db, finance, &rma)?;
    }
    // Scrapped: broken beyond sale, the loss posted.
    if let Some(c) = next() {
        let rma = open(db, sales, &c, ReturnReason::Damaged, one, "运输途中压坏")?;
        receive(db, warehouse, &rma, one, Condition::Scrap)?;
        returns::credit_return(
            db,
            finance,
            &rma,
            &CreditInput::full(Settlement::Prepayment),
        )?;
    }
    // An exchange: the wrong item came back and its replacement is on order.
    if let Some(c) = next() {
        let rma = open(
            db,
            sales,
            &c,
            ReturnReason::WrongItem,
            one,
            "发错规格，换货",
        )?;
        let x = returns::exchange(db, sales, &rma)?;
        // Should the rules send it to the queue, finance lets the replacement go.
        if let crate::ops::intake::Outcome::Waiting(_) = x.outcome {
            let version = crate::ops::orders::order_detail(db, x.order_id)?.version;
            crate::ops::approval::approve_order(db, finance, x.order_id, version)?;
        }
        receive(db, warehouse, &rma, one, Condition::Sellable)?;
    }
    // Cancelled: the customer kept the goods after all.
    if let Some(c) = next() {
        let rma = open(db, sales, &c, ReturnReason::Other, one, "客户询问退货")?;
        returns::cancel_return(db, sales, &rma, "客户决定不退了")?;
    }
    Ok(())
}

/// The shipment the customer refused comes back for sale and its order closes; it was
/// never invoiced, so the return takes it off what will be.
fn refused_shipment(db: &Db, staff: &Staff<'_>) -> Result<()> {
    let Staff {
        sales,
        warehouse,
        finance,
    } = *staff;
    let refused = db.read(|c| store::returns_goods::candidates(c, "refused", false, 1))?;
    if let Some(c) = refused.first() {
        let view = crate::ops::shipping::shipment(db, &c.shipment)?;
        let mut lines: Vec<ReturnLineInput> = Vec::new();
        for l in &view.lines {
            match lines.iter_mut().find(|x| x.line_no == l.line_no) {
                Some(x) => {
                    let q = Qty::parse(&x.qty).unwrap_or_default().to_db() + l.qty;
                    x.qty = Qty::from_db(q).to_string();
                }
                None => lines.push(ReturnLineInput {
                    line_no: l.line_no,
                    qty: Qty::from_db(l.qty).to_string(),
                }),
            }
        }
        let rma = returns::open_return(
            db,
            sales,
            &ReturnInput {
                shipment: c.shipment.clone(),
                customer: c.customer_code.clone(),
                reason: ReturnReason::Refused,
                note: "客户拒收，货物退回".into(),
                lines,
            },
        )?
        .number;
        for l in &returns::return_view(db, &rma)?.lines {
            returns::receive(
                db,
                warehouse,
                &rma,
                &ReceiveInput {
                    scan: l.sku.clone(),
                    qty: Qty::from_db(l.qty).to_string(),
                    condition: Condition::Sellable,
                    bin: String::new(),
                },
            )?;
        }
        returns::credit_return(
            db,
            finance,
            &rma,
            &CreditInput::full(Settlement::Prepayment),
        )?;
    }
    Ok(())
}

//! The counter sale (门市现款销售): a walk-in customer buys, pays and leaves. One
//! operation, one transaction: the order is written and approved, picked from the
//! counter's bin (a pick list done at once), shipped, signed for, invoiced and paid.

use rusqlite::Connection;

use super::super::intake::{self, LineInput, OrderInput, Outcome};
use super::super::ledger as post;
use super::super::{
    audit, company_today, lifecycle, now_stamp, require, Actor, Error, Refusal, Result, Thing,
};
use super::{invoices, not_found, payments, Allocation, PaymentInput, PaymentMethod};
use crate::domain::access::Permission;
use crate::domain::goods::{PickListStatus, ShipmentStatus, TaskKind};
use crate::domain::money::{Money, Qty};
use crate::domain::order::Channel;
use crate::store::{self, Db};

/// A counter sale as the clerk entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterSaleInput {
    /// Customer code; empty: the company's walk-in customer (散客).
    pub customer: String,
    pub lines: Vec<LineInput>,
    /// The counter's bin the goods are taken from (e.g. S-01).
    pub bin: String,
    pub method: PaymentMethod,
    /// Cash handed over (cash only; empty: exactly the total).
    pub tendered: String,
    /// The scanned WeChat Pay / Alipay payment code, or the card slip's reference.
    pub reference: String,
}

/// What a counter sale made, for the receipt (小票).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterSold {
    pub order: String,
    pub shipment: String,
    pub invoice: String,
    pub receipt: String,
    pub total: Money,
    /// Change given (找零), cash only.
    pub change: Money,
}

/// Sets the company's walk-in customer (散客) by code, or clears it with an empty code:
/// administrators. Refused: a code no customer has.
pub fn set_walk_in_customer(db: &Db, actor: &Actor, code: &str) -> Result<()> {
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        set_walk_in_in(tx, actor, code)
    })
}

/// [`set_walk_in_customer`] in the caller's transaction (the settings screen saves it
/// with the other settings); audited when it changes.
pub(crate) fn set_walk_in_in(c: &Connection, actor: &Actor, code: &str) -> Result<()> {
    let code = crate::domain::text::clean_code(code, 32).map_err(|e| {
        Error::field(
            crate::domain::field::FieldId::WalkInCustomer,
            super::super::FieldProblem::Text(e),
        )
    })?;
    let id = match code.as_str() {
        "" => None,
        code => Some(
            store::customers::by_code(c, code)?
                .ok_or_else(|| {
                    Error::field_refused(
                        crate::domain::field::FieldId::WalkInCustomer,
                        Refusal::NoSuchWalkInCustomer {
                            code: code.to_string(),
                        },
                    )
                })?
                .id,
        ),
    };
    let before = store::company::walk_in_customer_id(c)?;
    if before == id {
        return Ok(());
    }
    let code_of = |id: Option<i64>| -> Result<Option<String>> {
        Ok(match id {
            Some(id) => store::customers::by_id(c, id)?.map(|cu| cu.code),
            None => None,
        })
    };
    store::company::set_walk_in_customer(c, id)?;
    let at = now_stamp();
    let before = serde_json::json!({ "walk_in_customer": code_of(before)? });
    let after = serde_json::json!({ "walk_in_customer": code_of(id)? });
    audit(
        c,
        Some(actor),
        &at,
        "company",
        Some(1),
        "walk_in_customer",
        Some(&before),
        Some(&after),
    )?;
    Ok(())
}

/// The code of the company's walk-in customer, if one is set.
pub(crate) fn walk_in_customer_in(c: &Connection) -> Result<Option<String>> {
    Ok(match store::company::walk_in_customer_id(c)? {
        Some(id) => store::customers::by_id(c, id)?.map(|cu| cu.code),
        None => None,
    })
}

/// The code of the company's walk-in customer (散客), if one is set.
pub fn walk_in_customer(db: &Db) -> Result<Option<String>> {
    db.read(walk_in_customer_in)
}

fn walk_in_code(c: &Connection) -> Result<String> {
    Ok(walk_in_customer_in(c)?.ok_or(Refusal::WalkInMissing)?)
}

/// Sells at the counter in one transaction: the order (channel walk-in) is submitted and
/// must be approved at once; its lines are picked from the counter's bin into staging
/// (a pick list done at once, oldest lot first), shipped, signed for, invoiced, and the
/// payment is taken for the invoice's total. Needs the order-taking permission.
/// Refused, changing nothing: a rule that sends the order to the queue (naming it), not
/// enough in the counter's bin, cash handed over below the total, a payment code used
/// before, no walk-in customer set up.
pub fn counter_sale(db: &Db, actor: &Actor, input: &CounterSaleInput) -> Result<CounterSold> {
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let code = match input.customer.trim() {
            "" => walk_in_code(tx)?,
            c => c.to_string(),
        };
        let bin = store::master::bin_by_code(tx, input.bin.trim())?
            .filter(|b| b.active)
            .ok_or_else(|| not_found(Thing::Bin, input.bin.trim()))?;
        let order_input = OrderInput {
            customer: code.clone(),
            channel: Channel::WalkIn,
            terms: "cod".into(),
            lines: input.lines.clone(),
            ..OrderInput::default()
        };
        let saved = intake::create_draft_in(tx, actor, &order_input)?;
        let submitted = intake::submit_order_in(tx, actor, saved.id, saved.version)?;
        if let Outcome::Waiting(reasons) = &submitted.outcome {
            if let Some(r) = reasons.first() {
                return Err(Refusal::CounterNeedsApproval { reason: *r }.into());
            }
        }
        let order = store::orders::by_id(tx, saved.id)?
            .ok_or_else(|| not_found(Thing::Order, &submitted.number))?;
        let at = now_stamp();
        let today = company_today(tx)?;
        post::ensure_open(tx, today)?;
        // Pick into staging from the counter's bin.
        let staging = store::picking::staging_bin(tx, bin.warehouse_id)?;
        let pl_no = super::super::numbers::next_doc(tx, "PL")?;
        let list = store::picking::insert_list(tx, &pl_no, Some(actor.id()), actor.id(), &at, 1)?;
        let lines = store::orders::lines_of(tx, order.id)?;
        let mut seq = 0;
        for l in &lines {
            let want = l.qty - l.qty_cancelled;
            if l.qty_reserved < want {
                return Err(Refusal::CounterShort {
                    line: l.line_no,
                    available: Qty::from_db(l.qty_reserved),
                }
                .into());
            }
            let lots: Vec<_> = store::picking::pickable(tx, l.product_id)?
                .into_iter()
                .filter(|p| p.bin_id == bin.id && p.on_hand > p.wanted)
                .collect();
            let here: i64 = lots.iter().map(|p| p.on_hand - p.wanted).sum();
            if here < want {
                return Err(Refusal::CounterShort {
                    line: l.line_no,
                    available: Qty::from_db(here),
                }
                .into());
            }
            let cost = store::products::by_id(tx, l.product_id)?
                .map(|p| p.avg_cost)
                .unwrap_or(0);
            let mut left = want;
            for p in lots {
                if left == 0 {
                    break;
                }
                let n = (p.on_hand - p.wanted).min(left);
                left -= n;
                seq += 1;
                let task = store::picking::insert_task(
                    tx,
                    &store::picking::NewTask {
                        pick_list_id: list,
                        seq,
                        kind: TaskKind::Pick,
                        order_line_id: l.id,
                        product_id: l.product_id,
                        bin_id: bin.id,
                        staging_bin_id: staging,
                        lot_id: p.lot_id,
                        qty: n,
                        expires_early: false,
                    },
                )?;
                store::picking::add_picked(tx, task, n, &at)?;
                for (b, q) in [(staging, n), (bin.id, -n)] {
                    store::stock::insert_move(
                        tx,
                        &store::stock::MoveRow {
                            product_id: l.product_id,
                            bin_id: b,
                            lot_id: p.lot_id,
                            qty: q,
                            unit_cost: cost,
                            kind: "transfer",
                            reason: None,
                            doc_type: Some("PL"),
                            doc_id: Some(list),
                            doc_no: Some(&pl_no),
                            actor_id: actor.id(),
                            at: &at,
                        },
                    )?;
                    store::stock::apply_move_to_levels(tx, l.product_id, b, p.lot_id, q)?;
                }
                store::picking::add_line_picked(tx, l.id, n)?;
            }
        }
        store::picking::set_list_status(tx, list, PickListStatus::Done, &at)?;
        // Ship from staging and sign at the counter.
        let carrier =
            store::shipping::carrier(tx, "OWN")?.ok_or_else(|| not_found(Thing::Carrier, "OWN"))?;
        let sh_no = super::super::numbers::next_doc(tx, "SH")?;
        let sh = store::shipping::insert_shipment(
            tx,
            &store::shipping::NewShipment {
                number: &sh_no,
                order_id: order.id,
                carrier_id: carrier.id,
                tracking_no: None,
                cartons: 0,
                weight_g: 0,
                cost_minor: 0,
                ship_date: &today.to_string(),
                shipped_by: actor.id(),
                at: &at,
            },
        )?;
        for l in store::orders::lines_of(tx, order.id)? {
            let q = l.qty_picked;
            if q == 0 {
                continue;
            }
            let cost = store::products::by_id(tx, l.product_id)?
                .map(|p| p.avg_cost)
                .unwrap_or(0);
            store::reservation::take_from_line(tx, l.id, q, "consumed", &at)?;
            let mut left = q;
            for s in store::shipping::staged_of_line(tx, l.id)? {
                if left == 0 {
                    break;
                }
                let n = s.qty.min(left);
                left -= n;
                store::shipping::insert_line(tx, sh, l.id, l.product_id, s.bin_id, s.lot_id, n)?;
                store::stock::insert_move(
                    tx,
                    &store::stock::MoveRow {
                        product_id: l.product_id,
                        bin_id: s.bin_id,
                        lot_id: s.lot_id,
                        qty: -n,
                        unit_cost: cost,
                        kind: "ship",
                        reason: None,
                        doc_type: Some("SH"),
                        doc_id: Some(sh),
                        doc_no: Some(&sh_no),
                        actor_id: actor.id(),
                        at: &at,
                    },
                )?;
                store::stock::apply_move_to_levels(tx, l.product_id, s.bin_id, s.lot_id, -n)?;
            }
            store::shipping::ship_line_qty(tx, l.id, q)?;
        }
        post::post_shipment(tx, actor, sh, &sh_no)?;
        let signer = store::customers::by_code(tx, &code)?
            .map(|c| c.name)
            .unwrap_or_default();
        let signed = store::shipping::settle(
            tx,
            sh,
            1,
            ShipmentStatus::Delivered,
            Some(&signer),
            Some(&today.to_string()),
            None,
            actor.id(),
            &at,
        )?;
        if !signed {
            return Err(Error::Store(store::StoreError::Corrupt(format!(
                "shipment {sh_no}"
            ))));
        }
        for l in store::shipping::lines_of(tx, sh)? {
            store::shipping::settle_line(tx, l.id, l.qty, 0)?;
            store::shipping::add_line_delivered(tx, l.order_line_id, l.qty)?;
        }
        post::post_signoff(tx, actor, sh, &sh_no)?;
        // Invoice and take the money.
        let order = store::orders::by_id(tx, saved.id)?
            .ok_or_else(|| not_found(Thing::Order, &submitted.number))?;
        let issued = invoices::invoice_order_in(tx, actor, &order)?;
        let inv = issued.into_iter().next().ok_or(Refusal::NothingToInvoice {
            number: submitted.number.clone(),
        })?;
        let total = inv.gross;
        let given = match (input.method, input.tendered.trim()) {
            (PaymentMethod::Cash, t) if !t.is_empty() => {
                let given = super::parse_amount(t).map_err(|e| {
                    Error::field(
                        crate::domain::field::FieldId::Amount,
                        super::super::FieldProblem::Number(e),
                    )
                })?;
                if given < total {
                    return Err(Error::field_refused(
                        crate::domain::field::FieldId::Amount,
                        Refusal::TenderedBelowTotal { total, given },
                    ));
                }
                Some(given)
            }
            (PaymentMethod::Cash, _) => Some(total),
            _ => None,
        };
        let change = Money::from_minor(given.map_or(0, |g| g.minor() - total.minor()));
        let mut pay = PaymentInput::new(&code, input.method, &total.plain());
        pay.tendered = given;
        pay.reference = input.reference.clone();
        pay.allocation = Allocation::ByHand(vec![(inv.number.clone(), total.plain())]);
        let receipt = payments::record_payment_in(tx, actor, &pay)?;
        lifecycle::close_if_done(tx, actor, order.id, &at)?;
        let after = serde_json::json!({
            "order": submitted.number, "shipment": sh_no, "invoice": inv.number,
            "receipt": receipt.number, "total": total.minor(), "change": change.minor(),
        });
        audit(
            tx,
            Some(actor),
            &at,
            "order",
            Some(order.id),
            "counter_sale",
            None,
            Some(&after),
        )?;
        Ok(CounterSold {
            order: submitted.number.clone(),
            shipment: sh_no,
            invoice: inv.number,
            receipt: receipt.number,
            total,
            change,
        })
    })
}

/// What a receipt (小票) shows: the invoice of a counter sale, the payment on it, and
/// the change given from the cash handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptView {
    pub invoice: invoices::InvoiceView,
    pub payment: Option<payments::PaymentView>,
    /// Cash handed over (实收): the payment's amount when nothing more was given.
    pub tendered: Money,
    /// Change given (找零): what was handed over less the payment.
    pub change: Money,
}

/// The receipt of a sale by its invoice number, to print or reprint: the change is
/// the one given at the sale, from the cash handed over as it was kept.
pub fn receipt(db: &Db, invoice_no: &str) -> Result<ReceiptView> {
    let invoice = invoices::invoice(db, invoice_no)?;
    let payment = match invoice.allocations.first() {
        Some(a) => Some(payments::payment(db, &a.payment_no)?),
        None => None,
    };
    let (amount, tendered) = payment.as_ref().map_or((0, 0), |p| {
        (
            p.head.amount_minor,
            p.head.tendered_minor.unwrap_or(p.head.amount_minor),
        )
    });
    Ok(ReceiptView {
        invoice,
        payment,
        tendered: Money::from_minor(tendered),
        change: Money::from_minor((tendered - amount).max(0)),
    })
}

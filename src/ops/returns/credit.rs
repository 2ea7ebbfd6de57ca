//! The money of a return (退货冲账): a credit note (红字发票, CN-) against the invoice for
//! the goods that were invoiced — revenue and output VAT reversed, receivables reduced,
//! and what the customer had already paid for them given back to their payments, to be
//! paid back (退款) or kept as prepayment (转预收款) — and, for goods not yet invoiced,
//! less to invoice.

use rusqlite::Connection;

use super::{conflict_unless, find_in, not_found, ReturnLineRow};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ledger;
use crate::domain::money::{line_amounts, Discount, Money, PriceMode, Qty, TaxRate, UnitPrice};
use crate::domain::returns::{scale_credit, split_credit, ReturnStatus, Settlement};
use crate::ops::ledger::{ensure_open, post, Source};
use crate::ops::{
    audit, company_today, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing,
};
use crate::store::{self, Db};

/// How a return is credited.
#[derive(Debug, Clone)]
pub struct CreditInput {
    pub settlement: Settlement,
    /// The amount to credit (gross, yuan), less than the goods' value for a restocking
    /// charge (折旧费); empty: the goods' value as invoiced.
    pub amount: String,
}

impl CreditInput {
    pub fn full(settlement: Settlement) -> CreditInput {
        CreditInput {
            settlement,
            amount: String::new(),
        }
    }
}

/// What crediting a return did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credited {
    pub number: String,
    /// The credit note, when the goods were invoiced.
    pub credit_note: Option<String>,
    /// What the credit note credits (gross).
    pub credit: Money,
    /// Of it, what reduced the open balance of the invoice.
    pub to_receivable: Money,
    /// Of it, what the customer had paid for the goods.
    pub repaid: Money,
    /// The refunds (退款, RF-) that paid it back, and how much.
    pub refunds: Vec<String>,
    pub refunded: Money,
    /// What stays as the customer's prepayment (预收款).
    pub prepaid: Money,
    /// Returned before it was invoiced: taken off what will be invoiced, thousandths.
    pub uninvoiced: i64,
}

/// One return line at the credit: what the invoice credits (quantity and amounts, and
/// the price it was billed at) and what is taken off invoicing.
struct Part<'a> {
    line: &'a ReturnLineRow,
    credited: i64,
    uninvoiced: i64,
    net: i64,
    tax: i64,
    price: i64,
    discount_bp: i64,
    tax_bp: i64,
}

fn err_rate(_: crate::domain::money::NumberError) -> Error {
    Error::Store(store::StoreError::Corrupt("stored rate".into()))
}

/// Spreads a credit note's `net` and `tax` over its lines in proportion to what each
/// is worth in full; the last line takes what is left, so that the lines add up.
fn spread(parts: &mut [Part<'_>], net: i64, tax: i64) {
    let full: i64 = parts.iter().map(|p| p.net + p.tax).sum();
    let billed: Vec<usize> = (0..parts.len())
        .filter(|i| parts[*i].credited > 0)
        .collect();
    let (mut n_left, mut t_left) = (net, tax);
    for (k, &i) in billed.iter().enumerate() {
        let p = &mut parts[i];
        if k + 1 == billed.len() || full <= 0 {
            (p.net, p.tax) = (n_left.max(0), t_left.max(0));
            n_left = 0;
            t_left = 0;
            continue;
        }
        let share = i128::from(net + tax) * i128::from(p.net + p.tax) / i128::from(full);
        let (n, t) = scale_credit(p.net, p.tax, i64::try_from(share).unwrap_or(0));
        let (n, t) = (n.min(n_left), t.min(t_left));
        (p.net, p.tax) = (n, t);
        n_left -= n;
        t_left -= t;
    }
}

/// Splits each line between the invoice and what was never invoiced, with the amounts
/// the invoice billed for the part it credits.
fn parts_of<'a>(
    c: &Connection,
    lines: &'a [ReturnLineRow],
    order_lines: &[store::orders::LineRow],
    inv: Option<&store::cash::InvoiceRow>,
) -> Result<Vec<Part<'a>>> {
    let mode = inv
        .and_then(|i| PriceMode::parse(&i.price_mode))
        .unwrap_or(PriceMode::TaxInclusive);
    // What this return's earlier lines took of each order line: (qty, net, tax, uninvoiced).
    let mut used: Vec<(i64, [i64; 4])> = Vec::new();
    let mut parts = Vec::new();
    for l in lines {
        let ol = order_lines
            .iter()
            .find(|o| o.id == l.order_line_id)
            .ok_or_else(|| not_found(Thing::Order, &format!("#{}", l.order_line_id)))?;
        let u = used
            .iter()
            .find(|(id, _)| *id == ol.id)
            .map_or([0; 4], |x| x.1);
        let (part, before) = match inv {
            Some(i) => (
                store::returns_cash::invoiced_part(c, i.id, ol.id)?,
                store::returns_cash::credited_by_returns(c, i.id, ol.id)?,
            ),
            None => Default::default(),
        };
        let on_invoice = part.qty - before.0 - u[0];
        let to_invoice =
            ol.qty - ol.qty_cancelled - ol.qty_invoiced - ol.qty_return_uninvoiced - u[3];
        let Some(split) = split_credit(l.qty, on_invoice, to_invoice) else {
            // More came back than the invoice holds and is still to invoice on the line:
            // its goods were invoiced on another invoice. Say what the goods are worth.
            let worth = line_amounts(
                Qty::from_db(l.qty),
                UnitPrice::from_db(ol.unit_price),
                Discount::from_bp(ol.discount_bp).map_err(err_rate)?,
                TaxRate::from_bp(ol.tax_bp).map_err(err_rate)?,
                mode,
            )?;
            return Err(Refusal::CreditAboveInvoice {
                invoice: inv.map(|i| i.number.clone()).unwrap_or_default(),
                left: Money::from_minor(inv.map_or(0, |i| {
                    i.gross_minor - i.credited_minor - i.written_off_minor
                })),
                asked: worth.gross,
            }
            .into());
        };
        let (net, tax) = if split.credited == 0 {
            (0, 0)
        } else if split.credited == on_invoice {
            // The last of the line on the invoice takes what is left of its amounts.
            (part.net - before.1 - u[1], part.tax - before.2 - u[2])
        } else {
            let a = line_amounts(
                Qty::from_db(split.credited),
                UnitPrice::from_db(part.unit_price),
                Discount::from_bp(part.discount_bp).map_err(err_rate)?,
                TaxRate::from_bp(part.tax_bp).map_err(err_rate)?,
                mode,
            )?;
            (a.net.minor(), a.tax.minor())
        };
        let took = [split.credited, net, tax, split.uninvoiced];
        match used.iter_mut().find(|(id, _)| *id == ol.id) {
            Some((_, x)) => {
                for (a, b) in x.iter_mut().zip(took) {
                    *a += b;
                }
            }
            None => used.push((ol.id, took)),
        }
        parts.push(Part {
            line: l,
            credited: split.credited,
            uninvoiced: split.uninvoiced,
            net,
            tax,
            price: part.unit_price,
            discount_bp: part.discount_bp,
            tax_bp: part.tax_bp,
        });
    }
    Ok(parts)
}

/// The invoice a return credits: the shipment's own invoice; else — invoicing per
/// order, or goods already invoiced without their shipment (history invoiced per order)
/// — the order's newest invoice; else none: the goods are not invoiced yet.
fn target_of(
    c: &Connection,
    ret: &super::ReturnRow,
    lines: &[ReturnLineRow],
    order_lines: &[store::orders::LineRow],
) -> Result<Option<i64>> {
    if let Some(own) = store::returns_cash::shipment_invoice(c, ret.shipment_id)? {
        return Ok(Some(own));
    }
    let by_order = store::master::company(c)?.is_some_and(|co| co.invoice_basis == "order");
    // What is still to invoice on each order line covers the goods: nothing to credit.
    let mut wanted: Vec<(i64, i64)> = Vec::new();
    for l in lines {
        match wanted.iter_mut().find(|(id, _)| *id == l.order_line_id) {
            Some((_, q)) => *q += l.qty,
            None => wanted.push((l.order_line_id, l.qty)),
        }
    }
    let covered = wanted.iter().all(|(id, q)| {
        order_lines.iter().any(|ol| {
            ol.id == *id
                && ol.qty - ol.qty_cancelled - ol.qty_invoiced - ol.qty_return_uninvoiced >= *q
        })
    });
    if covered && !by_order {
        return Ok(None);
    }
    Ok(store::returns_cash::newest_invoice(c, ret.order_id)?)
}

/// Credits a received return (退货冲账). For the goods that were invoiced, a credit note
/// (CN-) against the invoice — of the shipment, or the order's newest when the company
/// invoices per order — for their
/// value as invoiced (or the amount typed, less for a restocking charge): revenue and
/// VAT reversed; the invoice's open balance reduced, and what the customer had already
/// paid of it given back to their payments, then paid back (`Refund`, RF-) or kept as
/// their prepayment. For goods returned before they were invoiced, the order line is
/// invoiced that much less. Needs the invoicing permission (and the payments permission
/// to pay back). Refused, changing nothing: a return not received in full, credited
/// already, a credit above what the invoice still holds (invoiced less credited), an
/// amount above the goods' value, a closed period.
pub fn credit_return(
    db: &Db,
    actor: &Actor,
    number: &str,
    input: &CreditInput,
) -> Result<Credited> {
    let typed = match input.amount.trim() {
        "" => None,
        s => {
            let m = crate::ops::cash::parse_amount(s)
                .map_err(|e| Error::field(FieldId::Amount, FieldProblem::Number(e)))?;
            if !m.is_positive() {
                return Err(Error::field_refused(
                    FieldId::Amount,
                    Refusal::AmountNotPositive,
                ));
            }
            Some(m.minor())
        }
    };
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)?;
        if input.settlement == Settlement::Refund {
            require(tx, actor, Permission::RecordPayments)?;
        }
        let ret = find_in(tx, number)?;
        match ret.status {
            ReturnStatus::Received => {}
            ReturnStatus::Open | ReturnStatus::PartlyReceived => {
                return Err(Refusal::ReturnNotReceived {
                    number: ret.number,
                    status: ret.status,
                }
                .into())
            }
            _ => {
                return Err(Refusal::ReturnClosed {
                    number: ret.number,
                    status: ret.status,
                }
                .into())
            }
        }
        let lines = store::returns::lines_of(tx, ret.id)?;
        let order_lines = store::orders::lines_of(tx, ret.order_id)?;
        let inv = match target_of(tx, &ret, &lines, &order_lines)? {
            Some(id) => store::cash::invoice_by_id(tx, id)?,
            None => None,
        };
        let mut parts = parts_of(tx, &lines, &order_lines, inv.as_ref())?;
        let full_net: i64 = parts.iter().map(|p| p.net).sum();
        let full_tax: i64 = parts.iter().map(|p| p.tax).sum();
        let full = full_net + full_tax;
        let (net, tax) = match typed {
            Some(a) if a > full => {
                return Err(Error::field_refused(
                    FieldId::Amount,
                    Refusal::CreditAboveReturnValue {
                        value: Money::from_minor(full),
                        asked: Money::from_minor(a),
                    },
                ))
            }
            Some(a) => scale_credit(full_net, full_tax, a),
            None => (full_net, full_tax),
        };
        if typed.is_some() {
            spread(&mut parts, net, tax);
        }
        let gross = net + tax;
        let at = now_stamp();
        let today = company_today(tx)?;
        let mut done = Credited {
            number: ret.number.clone(),
            credit_note: None,
            credit: Money::from_minor(gross),
            to_receivable: Money::ZERO,
            repaid: Money::ZERO,
            refunds: Vec::new(),
            refunded: Money::ZERO,
            prepaid: Money::ZERO,
            uninvoiced: parts.iter().map(|p| p.uninvoiced).sum(),
        };
        let mut cn_id = None;
        if let Some(inv) = inv.as_ref().filter(|_| gross > 0) {
            let left = inv.gross_minor - inv.credited_minor - inv.written_off_minor;
            if gross > left {
                return Err(Error::field_refused(
                    FieldId::Amount,
                    Refusal::CreditAboveInvoice {
                        invoice: inv.number.clone(),
                        left: Money::from_minor(left),
                        asked: Money::from_minor(gross),
                    },
                ));
            }
            ensure_open(tx, today)?;
            let cn_no = crate::ops::numbers::next_doc(tx, "CN")?;
            let reason = format!(
                "退货 {} {}",
                ret.number,
                ret.reason.label(crate::i18n::Lang::Zh)
            );
            let id = store::cash::insert_invoice(
                tx,
                &store::cash::NewInvoice {
                    number: &cn_no,
                    kind: "credit_note",
                    customer_id: inv.customer_id,
                    order_id: inv.order_id,
                    shipment_id: inv.shipment_id,
                    corrects_id: Some(inv.id),
                    invoice_date: &today.to_string(),
                    due_date: &today.to_string(),
                    price_mode: &inv.price_mode,
                    net,
                    tax,
                    reason: Some(&reason),
                    by: actor.id(),
                    at: &at,
                },
            )?;
            for p in parts.iter().filter(|p| p.credited > 0) {
                store::cash::insert_invoice_line(
                    tx,
                    id,
                    p.line.order_line_id,
                    p.credited,
                    p.price,
                    p.discount_bp,
                    p.tax_bp,
                    p.net,
                    p.tax,
                )?;
            }
            // The open balance takes the credit first; what the customer had paid beyond
            // it goes back to their payments, newest first.
            let to_ar = gross.min(inv.open_minor);
            let repaid = gross - to_ar;
            let mut back: Vec<(i64, i64)> = Vec::new();
            let mut rest = repaid;
            for (alloc, payment, left) in store::returns_cash::allocations_left(tx, inv.id)? {
                if rest == 0 {
                    break;
                }
                let r = left.min(rest);
                if r <= 0 {
                    continue;
                }
                store::returns_cash::insert_reversal(tx, alloc, id, r, actor.id(), &at)?;
                if !store::returns_cash::unallocate(tx, payment, r)? {
                    return Err(not_found(Thing::Payment, &format!("#{payment}")));
                }
                match back.iter_mut().find(|(p, _)| *p == payment) {
                    Some((_, a)) => *a += r,
                    None => back.push((payment, r)),
                }
                rest -= r;
            }
            if rest > 0 || !store::returns_cash::credit_invoice(tx, inv.id, gross, repaid)? {
                return Err(Error::field_refused(
                    FieldId::Amount,
                    Refusal::CreditAboveInvoice {
                        invoice: inv.number.clone(),
                        left: Money::from_minor(left),
                        asked: Money::from_minor(gross),
                    },
                ));
            }
            post(
                tx,
                actor,
                today,
                &Source {
                    kind: "CN",
                    id,
                    number: &cn_no,
                    event: "issue",
                    summary: format!("退货红字 {cn_no} {} 冲 {}", ret.number, inv.number),
                },
                ledger::return_credited(inv.customer_id, net, tax, to_ar, repaid),
            )?;
            store::cash::add_balance(tx, inv.customer_id, -to_ar, repaid)?;
            let after = serde_json::json!({
                "number": cn_no, "corrects": inv.number, "return": ret.number, "net": net,
                "tax": tax, "to_receivable": to_ar, "repaid": repaid,
            });
            audit(
                tx,
                Some(actor),
                &at,
                "invoice",
                Some(id),
                "credit_note",
                None,
                Some(&after),
            )?;
            if input.settlement == Settlement::Refund {
                for (payment, r) in back {
                    let p = match store::returns_cash::payment_number(tx, payment)? {
                        Some(n) => store::cash::payment_by_number(tx, &n)?,
                        None => None,
                    }
                    .ok_or_else(|| not_found(Thing::Payment, &format!("#{payment}")))?;
                    let why = format!("退货退款 {}", ret.number);
                    done.refunds.push(crate::ops::cash::payments::refund_in(
                        tx, actor, &p, r, &why,
                    )?);
                    done.refunded = Money::from_minor(done.refunded.minor() + r);
                }
            }
            crate::ops::credit::refresh_hold_in(tx, inv.customer_id)?;
            done.credit_note = Some(cn_no);
            done.to_receivable = Money::from_minor(to_ar);
            done.repaid = Money::from_minor(repaid);
            done.prepaid = Money::from_minor(repaid - done.refunded.minor());
            cn_id = Some(id);
        }
        // Goods taken off what is still to invoice leave the order less uninvoiced: the
        // customer's exposure (信用占用) goes down with it.
        let tracked = crate::ops::credit::track(tx, ret.order_id)?;
        for p in &parts {
            if p.uninvoiced > 0
                && !store::returns_cash::add_return_uninvoiced(
                    tx,
                    p.line.order_line_id,
                    p.uninvoiced,
                )?
            {
                return Err(Refusal::CreditAboveInvoice {
                    invoice: inv.as_ref().map(|i| i.number.clone()).unwrap_or_default(),
                    left: Money::ZERO,
                    asked: Money::ZERO,
                }
                .into());
            }
            store::returns_cash::set_line_credit(tx, p.line.id, p.credited, p.uninvoiced)?;
        }
        tracked.settle(tx)?;
        let changed = store::returns_cash::set_credited(
            tx,
            ret.id,
            ret.version,
            cn_id,
            if cn_id.is_some() { gross } else { 0 },
            done.refunded.minor(),
            done.prepaid.minor(),
            input.settlement.code(),
            &at,
        )?;
        conflict_unless(tx, changed, ret.id, &at)?;
        if cn_id.is_none() {
            done.credit = Money::ZERO;
        }
        let after = serde_json::json!({
            "status": "credited", "credit_note": done.credit_note, "credit": done.credit.minor(),
            "refunded": done.refunded.minor(), "prepaid": done.prepaid.minor(),
            "uninvoiced": done.uninvoiced, "settlement": input.settlement.code(),
        });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(ret.id),
            "credit",
            None,
            Some(&after),
        )?;
        Ok(done)
    })
}

//! Receivables (应收): the per-customer balance and exposure, aging by due date, the
//! overdue list with its follow-up log, statements (对账单), credit hold and write-offs,
//! and the order's four flows side by side.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::super::ledger::{self as post, Source};
use super::super::{
    audit, company_today, now_stamp, optional_date, require, Actor, Error, FieldProblem, Refusal,
    Result, Thing,
};
use super::{customer_by_code, not_found, parse_amount};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ledger::{self, AgingBucket};
use crate::domain::money::{Money, Qty};
use crate::domain::terms::PaymentTerms;
use crate::store::{self, Db};

pub use crate::store::cash::{FollowUpRow, StatementLine};

/// A customer's credit position, read in the caller's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditPosition {
    /// Open receivables (应收余额): the open balances of their invoices.
    pub open_ar: Money,
    /// Unapplied prepayments and deposits (预收款).
    pub prepaid: Money,
    /// Approved orders not yet invoiced.
    pub uninvoiced: Money,
    /// Exposure (信用占用) = open receivables + approved orders not yet invoiced.
    pub exposure: Money,
    pub credit_limit: Money,
    /// Open amount of invoices past their due date.
    pub overdue: Money,
    /// Days since the oldest open invoice fell due (0: nothing overdue).
    pub overdue_days: i64,
    pub on_hold: bool,
    pub hold_reason: Option<String>,
}

impl CreditPosition {
    /// What is left of the credit limit (never below zero).
    pub fn credit_left(&self) -> Money {
        Money::from_minor((self.credit_limit.minor() - self.exposure.minor()).max(0))
    }
}

/// The credit position of a customer; `except_order` is left out of the uninvoiced part
/// (the order being approved).
pub(crate) fn position_in(
    c: &Connection,
    customer_id: i64,
    except_order: i64,
) -> Result<CreditPosition> {
    let (ar, prepaid) = store::cash::balance(c, customer_id)?;
    let uninvoiced = store::approval::uninvoiced_exposure(c, customer_id, except_order)?;
    let today = company_today(c)?;
    let (overdue, oldest) = store::cash::overdue_of(c, customer_id, &today.to_string())?;
    let overdue_days = oldest
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| (today - d).num_days())
        .unwrap_or(0);
    let customer = store::customers::by_id(c, customer_id)?
        .ok_or_else(|| not_found(Thing::Customer, &format!("#{customer_id}")))?;
    let (on_hold, hold_reason) = store::cash::credit_hold(c, customer_id)?;
    Ok(CreditPosition {
        open_ar: Money::from_minor(ar),
        prepaid: Money::from_minor(prepaid),
        uninvoiced: Money::from_minor(uninvoiced),
        exposure: Money::from_minor(ar.saturating_add(uninvoiced)),
        credit_limit: Money::from_minor(customer.credit_limit_minor),
        overdue: Money::from_minor(overdue),
        overdue_days,
        on_hold,
        hold_reason,
    })
}

/// Days since the oldest open invoice of a customer fell due (0: nothing overdue).
pub(crate) fn overdue_days_in(c: &Connection, customer_id: i64) -> Result<i64> {
    let today = company_today(c)?;
    let (_, oldest) = store::cash::overdue_of(c, customer_id, &today.to_string())?;
    Ok(oldest
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| (today - d).num_days())
        .unwrap_or(0))
}

/// Puts a customer on credit hold (信用冻结) when over the limit (on credit terms) or
/// overdue beyond the grace days, in the caller's transaction. Never releases: finance
/// does that with a reason ([`release_credit_hold`]).
pub(crate) fn refresh_hold_in(c: &Connection, customer_id: i64) -> Result<()> {
    if store::cash::credit_hold(c, customer_id)?.0 {
        return Ok(());
    }
    let customer = store::customers::by_id(c, customer_id)?;
    let credit_terms = customer
        .as_ref()
        .and_then(|cu| PaymentTerms::parse_code(&cu.terms).ok())
        .map(|t| matches!(t, PaymentTerms::NetDays(_) | PaymentTerms::MonthEndPlus(_)))
        .unwrap_or(false);
    let grace = store::master::company(c)?
        .map(|co| co.grace_days)
        .unwrap_or(0);
    // Only a customer on credit has a limit to pass: the exposure (which sums the
    // customer's approved orders) is read for them alone.
    let over_limit = if credit_terms {
        let p = position_in(c, customer_id, 0)?;
        (p.exposure > p.credit_limit).then(|| {
            format!(
                "over_limit {} > {}",
                p.exposure.plain(),
                p.credit_limit.plain()
            )
        })
    } else {
        None
    };
    let reason = match over_limit {
        Some(r) => Some(r),
        None => {
            let days = overdue_days_in(c, customer_id)?;
            (days > grace).then(|| format!("overdue {days} days"))
        }
    };
    if let Some(r) = reason {
        store::cash::set_credit_hold(c, customer_id, true, Some(&r))?;
        let at = now_stamp();
        let after = serde_json::json!({ "credit_hold": true, "reason": r });
        audit(
            c,
            None,
            &at,
            "customer",
            Some(customer_id),
            "credit_hold",
            None,
            Some(&after),
        )?;
    }
    Ok(())
}

/// Releases a customer's credit hold (解除冻结): finance (the credit permission) with a
/// reason. Refused: no reason, a customer not on hold.
pub fn release_credit_hold(
    db: &Db,
    actor: &Actor,
    customer_code: &str,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::ApproveCredit)?;
        let cu = customer_by_code(tx, customer_code)?;
        let (held, why) = store::cash::credit_hold(tx, cu.id)?;
        if !held {
            return Err(Refusal::NotOnCreditHold { customer: cu.name }.into());
        }
        store::cash::set_credit_hold(tx, cu.id, false, None)?;
        let at = now_stamp();
        let before = serde_json::json!({ "credit_hold": true, "reason": why });
        let after = serde_json::json!({ "credit_hold": false, "release_reason": reason });
        audit(
            tx,
            Some(actor),
            &at,
            "customer",
            Some(cu.id),
            "credit_release",
            Some(&before),
            Some(&after),
        )?;
        Ok(())
    })
}

/// Puts every customer overdue beyond the grace days on credit hold (the daily sweep:
/// time alone makes invoices overdue). Returns how many were put on hold.
pub fn hold_overdue_customers(db: &Db, actor: &Actor) -> Result<usize> {
    db.write(|tx| {
        require(tx, actor, Permission::ApproveCredit)?;
        let today = company_today(tx)?;
        let mut n = 0;
        for row in store::cash::overdue_customers(tx, &today.to_string(), i64::MAX)? {
            let before = store::cash::credit_hold(tx, row.customer_id)?.0;
            refresh_hold_in(tx, row.customer_id)?;
            if !before && store::cash::credit_hold(tx, row.customer_id)?.0 {
                n += 1;
            }
        }
        Ok(n)
    })
}

/// Open amounts per aging bucket, by due date on `today`.
pub type Aging = Vec<(AgingBucket, Money)>;

fn bounds(today: NaiveDate) -> [String; 5] {
    // due ≥ today: not due; due in [today−30, today): 1–30 days; and so on.
    let back = |d: u64| {
        today
            .checked_sub_days(Days::new(d))
            .unwrap_or(NaiveDate::MIN)
            .to_string()
    };
    [today.to_string(), back(30), back(60), back(90), back(180)]
}

pub(crate) fn aging_in(c: &Connection, customer_id: Option<i64>) -> Result<Aging> {
    let today = company_today(c)?;
    let sums = store::cash::aging_sums(c, customer_id, &bounds(today))?;
    Ok(AgingBucket::ALL
        .into_iter()
        .zip(sums)
        .map(|(b, s)| (b, Money::from_minor(s)))
        .collect())
}

/// Aging of all open invoices (账龄) or of one customer's, by due date: not due, 1–30,
/// 31–60, 61–90, 91–180, over 180 days. Future-due invoices count as not due.
pub fn aging(db: &Db, customer_code: Option<&str>) -> Result<Aging> {
    db.read(|c| {
        let id = match customer_code {
            Some(code) => Some(customer_by_code(c, code)?.id),
            None => None,
        };
        aging_in(c, id)
    })
}

/// Everything the receivables screen shows of one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerReceivables {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub terms: String,
    pub position: CreditPosition,
    pub aging: Aging,
    /// Open invoices, oldest due first.
    pub open_invoices: Vec<store::cash::InvoiceRow>,
    /// Payments with something unapplied (prepayments, deposits).
    pub unapplied: Vec<store::cash::PaymentRow>,
    /// The latest follow-ups, newest first.
    pub follow_ups: Vec<FollowUpView>,
}

/// The receivables of one customer (by code): balance, limit and what is used, open
/// invoices, prepayments and deposits, aging, the follow-up log.
pub fn customer_receivables(db: &Db, customer_code: &str) -> Result<CustomerReceivables> {
    db.read(|c| {
        let cu = customer_by_code(c, customer_code)?;
        Ok(CustomerReceivables {
            customer_id: cu.id,
            code: cu.code.clone(),
            name: cu.name.clone(),
            terms: cu.terms.clone(),
            position: position_in(c, cu.id, 0)?,
            aging: aging_in(c, Some(cu.id))?,
            open_invoices: store::cash::open_invoices_of(c, cu.id)?,
            unapplied: store::cash::unapplied_of(c, cu.id, None)?,
            follow_ups: follow_ups_in(c, cu.id, 50)?,
        })
    })
}

/// The credit position of a customer by id: what order intake shows on the customer
/// line (balance, overdue amount, credit left, a hold and why).
pub fn credit_position(db: &Db, customer_id: i64) -> Result<CreditPosition> {
    db.read(|c| position_in(c, customer_id, 0))
}

/// A follow-up with whether its promise to pay was broken (the promised date passed
/// and less than the promised amount came in since the follow-up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpView {
    pub row: FollowUpRow,
    pub promise_broken: bool,
}

fn follow_ups_in(c: &Connection, customer_id: i64, limit: i64) -> Result<Vec<FollowUpView>> {
    let today = company_today(c)?.to_string();
    let mut out = Vec::new();
    for row in store::cash::follow_ups_of(c, customer_id, limit)? {
        let promise_broken = match (&row.promise_date, row.promise_minor) {
            (Some(d), Some(m)) if *d < today => {
                store::cash::paid_between(c, customer_id, &row.follow_date, d)? < m
            }
            _ => false,
        };
        out.push(FollowUpView {
            row,
            promise_broken,
        });
    }
    Ok(out)
}

/// A follow-up as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpInput {
    pub customer: String,
    /// Empty: today.
    pub date: String,
    pub contact: String,
    pub note: String,
    /// Promised amount and date (承诺付款); both empty: no promise.
    pub promise_amount: String,
    pub promise_date: String,
    pub next_action: String,
}

/// Records a follow-up of an overdue customer (催款记录). Refused: no contact, a promise
/// with an amount but no date or the other way round, a zero amount.
pub fn add_follow_up(db: &Db, actor: &Actor, input: &FollowUpInput) -> Result<i64> {
    let contact = input.contact.trim().to_string();
    if contact.is_empty() {
        return Err(Error::field_refused(
            FieldId::ContactName,
            Refusal::ReasonRequired,
        ));
    }
    let promise_amount = match input.promise_amount.trim() {
        "" => None,
        s => {
            let m = parse_amount(s)
                .map_err(|e| Error::field(FieldId::Amount, FieldProblem::Number(e)))?;
            if !m.is_positive() {
                return Err(Error::field_refused(
                    FieldId::Amount,
                    Refusal::AmountNotPositive,
                ));
            }
            Some(m)
        }
    };
    db.write(|tx| {
        require(tx, actor, Permission::RecordPayments)?;
        let cu = customer_by_code(tx, &input.customer)?;
        let today = company_today(tx)?;
        let date = optional_date(&input.date, FieldId::DateFrom, today)?.unwrap_or(today);
        let pdate = optional_date(&input.promise_date, FieldId::PromiseDate, today)?;
        let promise = match (promise_amount, pdate) {
            (None, None) => None,
            (Some(m), Some(d)) => Some((m.minor(), d.to_string())),
            _ => return Err(Error::field_refused(FieldId::PromiseDate, Refusal::ReasonRequired)),
        };
        let at = now_stamp();
        let id = store::cash::insert_follow_up(
            tx,
            cu.id,
            &date.to_string(),
            &contact,
            input.note.trim(),
            promise.as_ref().map(|(m, d)| (*m, d.as_str())),
            input.next_action.trim(),
            actor.id(),
            &at,
        )?;
        let after = serde_json::json!({ "contact": contact, "promise": promise, "next": input.next_action.trim() });
        audit(tx, Some(actor), &at, "follow_up", Some(id), "add", None, Some(&after))?;
        Ok(id)
    })
}

/// One customer on the overdue list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCustomer {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub overdue: Money,
    pub oldest_due: String,
    pub days_overdue: i64,
    /// The latest follow-up, if any.
    pub last_follow_up: Option<FollowUpView>,
}

/// The overdue list (逾期清单): customers with invoices past due, most overdue first,
/// with their latest follow-up (a broken promise shows).
pub fn overdue_list(db: &Db, limit: i64) -> Result<Vec<OverdueCustomer>> {
    db.read(|c| {
        let today = company_today(c)?;
        let mut out = Vec::new();
        for r in store::cash::overdue_customers(c, &today.to_string(), limit)? {
            let days = NaiveDate::parse_from_str(&r.oldest_due, "%Y-%m-%d")
                .map(|d| (today - d).num_days())
                .unwrap_or(0);
            out.push(OverdueCustomer {
                customer_id: r.customer_id,
                code: r.code,
                name: r.name,
                overdue: Money::from_minor(r.overdue_minor),
                oldest_due: r.oldest_due,
                days_overdue: days,
                last_follow_up: follow_ups_in(c, r.customer_id, 1)?.into_iter().next(),
            });
        }
        Ok(out)
    })
}

/// A statement of account (对账单) for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub customer_code: String,
    pub customer_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// What the customer owed at the start (net of prepayments).
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    pub closing: Money,
}

/// The statement of a customer from `from` to `to` (inclusive): opening balance,
/// invoices, credit notes, payments, refunds and write-offs, closing balance. Refused:
/// a period that ends before it starts.
pub fn statement(
    db: &Db,
    customer_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Statement> {
    if to < from {
        return Err(Error::field_refused(
            FieldId::DateTo,
            Refusal::PeriodReversed { from, to },
        ));
    }
    db.read(|c| {
        let cu = customer_by_code(c, customer_code)?;
        let (opening, lines) =
            store::cash::statement(c, cu.id, &from.to_string(), &to.to_string())?;
        let closing = opening + lines.iter().map(|l| l.amount_minor).sum::<i64>();
        Ok(Statement {
            customer_code: cu.code,
            customer_name: cu.name,
            from,
            to,
            opening: Money::from_minor(opening),
            lines,
            closing: Money::from_minor(closing),
        })
    })
}

/// Writes off bad debt on an invoice (坏账核销, WO-): finance with the write-off
/// permission and a reason; posts 6702 / 1122. Refused, changing nothing: no reason, a
/// zero amount, more than is open on the invoice, a closed period.
pub fn write_off(
    db: &Db,
    actor: &Actor,
    invoice_no: &str,
    amount: &str,
    reason: &str,
) -> Result<String> {
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    let amount =
        parse_amount(amount).map_err(|e| Error::field(FieldId::Amount, FieldProblem::Number(e)))?;
    if !amount.is_positive() {
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AmountNotPositive,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::WriteOff)?;
        let inv = store::cash::invoice_by_number(tx, invoice_no.trim())?
            .ok_or_else(|| not_found(Thing::Invoice, invoice_no.trim()))?;
        if inv.kind != "invoice" {
            return Err(Refusal::NotAnInvoice { number: inv.number }.into());
        }
        let today = company_today(tx)?;
        post::ensure_open(tx, today)?;
        if !store::cash::settle_invoice(tx, inv.id, 0, 0, amount.minor())? {
            return Err(Error::field_refused(
                FieldId::Amount,
                Refusal::WriteOffAboveOpen {
                    invoice: inv.number.clone(),
                    open: Money::from_minor(inv.open_minor),
                },
            ));
        }
        let number = super::super::numbers::next_doc(tx, "WO")?;
        let at = now_stamp();
        let id = store::cash::insert_write_off(tx, &number, inv.id, amount.minor(), &today.to_string(), &reason, actor.id(), &at)?;
        post::post(
            tx,
            actor,
            today,
            &Source {
                kind: "WO",
                id,
                number: &number,
                event: "write_off",
                summary: format!("坏账核销 {number} ({})", inv.number),
            },
            ledger::written_off(inv.customer_id, amount.minor()),
        )?;
        store::cash::add_balance(tx, inv.customer_id, -amount.minor(), 0)?;
        let after = serde_json::json!({ "number": number, "invoice": inv.number, "amount": amount.minor(), "reason": reason });
        audit(tx, Some(actor), &at, "invoice", Some(inv.id), "write_off", None, Some(&after))?;
        Ok(number)
    })
}

/// One order line's four flows: ordered (商流), shipped and signed (物流), invoiced (账流).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFlows {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub ordered: Qty,
    pub shipped: Qty,
    pub signed: Qty,
    pub invoiced: Qty,
}

/// An order's four flows side by side (DESIGN §1): per line ordered, shipped, signed,
/// invoiced; per order invoiced, paid (钱流) and open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFlows {
    pub lines: Vec<LineFlows>,
    pub gross: Money,
    /// Invoices less credit notes.
    pub invoiced: Money,
    /// Paid: allocations to the order's invoices.
    pub paid: Money,
    /// Open on the order's invoices.
    pub open: Money,
    /// Deposits taken on the order (订金), applied or not.
    pub deposits: Money,
}

/// The four flows of an order (by id).
pub fn order_flows(db: &Db, order_id: i64) -> Result<OrderFlows> {
    db.read(|c| {
        let order = store::orders::by_id(c, order_id)?
            .ok_or_else(|| not_found(Thing::Order, &format!("#{order_id}")))?;
        let lines = store::orders::lines_of(c, order_id)?
            .into_iter()
            .map(|l| LineFlows {
                line_no: l.line_no,
                sku: l.sku,
                name: l.name,
                ordered: Qty::from_db(l.qty - l.qty_cancelled),
                shipped: Qty::from_db(l.qty_shipped),
                signed: Qty::from_db(l.qty_delivered),
                invoiced: Qty::from_db(l.qty_invoiced),
            })
            .collect();
        let invs = store::cash::invoices_of_order(c, order_id)?;
        let mut invoiced = 0i64;
        let mut paid = 0i64;
        let mut open = 0i64;
        for i in &invs {
            if i.kind == "invoice" {
                invoiced += i.gross_minor;
                paid += i.paid_minor;
                open += i.open_minor;
            } else {
                invoiced -= i.gross_minor;
            }
        }
        Ok(OrderFlows {
            lines,
            gross: order.gross,
            invoiced: Money::from_minor(invoiced),
            paid: Money::from_minor(paid),
            open: Money::from_minor(open),
            deposits: Money::from_minor(store::cash::deposits_total(c, order_id)?),
        })
    })
}

//! The demo's cash flow: deposits for the orders on payment before shipping that the
//! warehouse ships, so that the goods flow can run as it does for real.

use crate::domain::terms::PaymentTerms;
use crate::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use crate::ops::{picking, Actor, Result};
use crate::store::{self, Db};

/// Takes the full amount as a deposit (订金, bank transfer) for each of the next `n`
/// orders waiting to be picked whose terms are payment before shipping (款到发货).
pub(super) fn deposits_for_prepaid_orders(db: &Db, finance: &Actor, n: i64) -> Result<()> {
    for o in picking::orders_to_pick(db, n)? {
        let row = db.read(|c| store::orders::by_number(c, &o.number))?;
        let Some(row) = row else { continue };
        let prepaid = PaymentTerms::parse_code(&row.terms)
            .map(|t| t.requires_prepayment())
            .unwrap_or(false);
        if !prepaid {
            continue;
        }
        let code = db
            .read(|c| store::customers::by_id(c, row.customer_id))?
            .map(|c| c.code)
            .unwrap_or_default();
        let mut input = PaymentInput::new(&code, PaymentMethod::Bank, &row.gross.plain());
        input.order = o.number.clone();
        input.reference = format!("DEP-{}", o.number);
        input.allocation = Allocation::None;
        cash::record_payment(db, finance, &input)?;
    }
    Ok(())
}

/// 10:00 in China on `date`: when the demo's office does that day's work.
fn office_hours(date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    date.and_hms_opt(2, 0, 0).unwrap_or_default().and_utc()
}

/// A payment the demo's history makes on a later day.
struct Due {
    when: chrono::NaiveDate,
    code: String,
    invoice: String,
    amount: crate::domain::money::Money,
    method: PaymentMethod,
    /// Which payment of the history this is, for a reference of its own.
    k: usize,
}

/// How many customers on credit pay late or not at all: the ones the demo holds.
const SLOW_PAYERS: usize = 3;

/// The office's side of the demo's history, day by day: an invoice for every closed
/// order on its date; cash customers paid at once by cash, WeChat Pay, Alipay or card;
/// customers on credit paying by bank transfer on the due date (those with orders in
/// the approval queue everything by today, so that their orders wait for the demo's
/// reasons, not for credit) — except three slow
/// payers, who leave one invoice in three unpaid and pay another in half, so that the
/// aging buckets fill and those three, only they, go on credit hold (one of them is
/// released again by finance, with a reason). Then a prepayment, a deposit, a
/// write-off, follow-ups with a kept and a broken promise, and a closed period.
/// Everything through the operations the screens use, the clock set to the day it
/// happened, in the order it happened: a payment falls before the next day's invoices,
/// so that nobody who pays on time is ever overdue.
pub(super) fn receivables_history(
    db: &Db,
    finance: &Actor,
    as_of: chrono::NaiveDate,
) -> Result<()> {
    use crate::ops::clock;
    let closed: Vec<(i64, String)> = db.read(|c| {
        crate::store::all(
            c,
            "SELECT id, order_date FROM orders WHERE stage = 'closed' ORDER BY order_date, id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    })?;
    let methods = [
        PaymentMethod::Cash,
        PaymentMethod::WeChat,
        PaymentMethod::Alipay,
        PaymentMethod::Card,
        PaymentMethod::Other,
    ];
    // Customers with orders in the approval queue owe nothing: their orders wait for the
    // reasons the demo gave them, not for credit.
    let waiting: Vec<String> = db.read(|c| {
        crate::store::all(
            c,
            "SELECT DISTINCT cu.code FROM orders o JOIN customers cu ON cu.id = o.customer_id \
             WHERE o.stage IN ('submitted', 'on_hold')",
            [],
            |r| r.get(0),
        )
    })?;
    // The slow payers: the last customers on credit (by code) with invoices to come and
    // nothing in the queue.
    let credit_customers: Vec<String> = db.read(|c| {
        crate::store::all(
            c,
            "SELECT DISTINCT cu.code FROM orders o JOIN customers cu ON cu.id = o.customer_id \
             WHERE o.stage = 'closed' AND (cu.terms LIKE 'net:%' OR cu.terms LIKE 'eom:%') \
             ORDER BY cu.code DESC",
            [],
            |r| r.get(0),
        )
    })?;
    let slow: Vec<String> = credit_customers
        .into_iter()
        .filter(|c| !waiting.contains(c))
        .take(SLOW_PAYERS)
        .collect();
    let mut pending: Vec<Due> = Vec::new();
    let pay = |due: &Due| -> Result<()> {
        let mut p = PaymentInput::new(&due.code, due.method, &due.amount.plain());
        p.reference = match due.method {
            PaymentMethod::Cash => String::new(),
            PaymentMethod::WeChat => format!("4200{:014}", 1_000_000 + due.k),
            PaymentMethod::Alipay => format!("2026{:016}", 5_000_000 + due.k),
            _ => format!("B{:010}", 300_000 + due.k),
        };
        p.allocation = Allocation::ByHand(vec![(due.invoice.clone(), due.amount.plain())]);
        clock::fixed(office_hours(due.when), || {
            cash::record_payment(db, finance, &p)
        })?;
        Ok(())
    };
    // Pays what falls due up to `day`, oldest first.
    let flush = |pending: &mut Vec<Due>, day: chrono::NaiveDate| -> Result<()> {
        pending.sort_by_key(|d| (d.when, d.k));
        let cut = pending.partition_point(|d| d.when <= day);
        for due in pending.drain(..cut) {
            pay(&due)?;
        }
        Ok(())
    };
    let mut oldest_open: Option<String> = None;
    let mut slow_count = vec![0usize; slow.len()];
    for (k, (id, date)) in closed.into_iter().enumerate() {
        let Ok(d) = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
            continue;
        };
        flush(&mut pending, d)?;
        let made = clock::fixed(office_hours(d), || {
            db.write(|tx| {
                let Some(row) = store::orders::by_id(tx, id)? else {
                    return Ok(None);
                };
                let terms =
                    PaymentTerms::parse_code(&row.terms).unwrap_or(PaymentTerms::CashOnDelivery);
                let code = store::customers::by_id(tx, row.customer_id)?
                    .map(|c| c.code)
                    .unwrap_or_default();
                Ok::<_, crate::ops::Error>(
                    cash::invoices::invoice_history_in(tx, finance, &row)?
                        .map(|i| (i, terms, code)),
                )
            })
        })?;
        let Some((inv, terms, code)) = made else {
            continue;
        };
        let credit = matches!(
            terms,
            PaymentTerms::NetDays(_) | PaymentTerms::MonthEndPlus(_)
        );
        let (when, amount, method) = if !credit {
            (d, inv.gross, methods[k % methods.len()])
        } else if waiting.contains(&code) {
            (inv.due_date.min(as_of), inv.gross, PaymentMethod::Bank)
        } else if let Some(i) = slow.iter().position(|s| *s == code) {
            slow_count[i] += 1;
            match slow_count[i] % 3 {
                1 => {
                    if inv.due_date < as_of && oldest_open.is_none() {
                        oldest_open = Some(inv.number.clone());
                    }
                    continue;
                }
                2 => {
                    let half = crate::domain::money::Money::from_minor(inv.gross.minor() / 2);
                    (inv.due_date, half, PaymentMethod::Bank)
                }
                _ => (inv.due_date, inv.gross, PaymentMethod::Bank),
            }
        } else {
            (inv.due_date, inv.gross, PaymentMethod::Bank)
        };
        // What falls due after the demo's today is not paid yet.
        if when > as_of || !amount.is_positive() {
            continue;
        }
        pending.push(Due {
            when,
            code,
            invoice: inv.number.clone(),
            amount,
            method,
            k,
        });
        flush(&mut pending, d)?;
    }
    flush(&mut pending, as_of)?;
    office_work(
        db,
        finance,
        as_of,
        oldest_open.as_deref(),
        slow.last().map(String::as_str),
    )
}

/// The office's work of the last days: a bad debt written off in full (the invoice
/// `oldest_open`), follow-ups of the two most overdue customers (one kept the promise,
/// one did not), a prepayment and a deposit of a customer on credit, credit holds of the
/// overdue customers (finance releasing `released`), and the books of three months ago
/// closed.
fn office_work(
    db: &Db,
    finance: &Actor,
    as_of: chrono::NaiveDate,
    oldest_open: Option<&str>,
    released: Option<&str>,
) -> Result<()> {
    use crate::ops::clock;
    let today = office_hours(as_of);
    clock::fixed(today, || -> Result<()> {
        // A bad debt written off in full.
        if let Some(n) = oldest_open {
            if let Ok(v) = cash::invoice(db, n) {
                let amount = crate::domain::money::Money::from_minor(v.head.open_minor);
                cash::write_off(db, finance, n, &amount.plain(), "客户已注销，无法收回")?;
            }
        }
        Ok(())
    })?;
    // Follow-ups of the two most overdue customers: one kept their promise, one did not.
    let overdue = clock::fixed(today, || cash::overdue_list(db, 2))?;
    for (i, o) in overdue.iter().enumerate() {
        let said = as_of - chrono::Duration::days(12);
        let promised = as_of - chrono::Duration::days(5);
        clock::fixed(office_hours(said), || {
            cash::add_follow_up(
                db,
                finance,
                &cash::FollowUpInput {
                    customer: o.code.clone(),
                    date: String::new(),
                    contact: if i == 0 {
                        "刘经理".into()
                    } else {
                        "王老板".into()
                    },
                    note: "电话催款，答应先付一部分".into(),
                    promise_amount: "500".into(),
                    promise_date: promised.to_string(),
                    next_action: "到期再电话确认".into(),
                },
            )
        })?;
        if i == 0 {
            let mut p = PaymentInput::new(&o.code, PaymentMethod::Bank, "500");
            p.reference = format!("B-PROMISE-{}", o.code);
            clock::fixed(office_hours(promised), || {
                cash::record_payment(db, finance, &p)
            })?;
        }
    }
    // A prepayment of a customer on credit, and a deposit on an approved order.
    let approved: Option<(String, String, String)> = db.read(|c| {
        crate::store::optional(c.query_row(
            "SELECT o.number, cu.code, cu.terms FROM orders o JOIN customers cu ON cu.id = o.customer_id \
             WHERE o.stage = 'approved' AND cu.terms LIKE 'net:%' ORDER BY o.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        ))
        .map_err(crate::store::StoreError::from)
    })?;
    if let Some((order, code, _)) = approved {
        clock::fixed(
            office_hours(as_of - chrono::Duration::days(2)),
            || -> Result<()> {
                let mut p = PaymentInput::new(&code, PaymentMethod::Bank, "3000");
                p.reference = format!("B-PRE-{code}");
                p.allocation = Allocation::None;
                cash::record_payment(db, finance, &p)?;
                let mut d = PaymentInput::new(&code, PaymentMethod::WeChat, "800");
                d.order = order.clone();
                d.reference = format!("WX-DEP-{order}");
                cash::record_payment(db, finance, &d)?;
                Ok(())
            },
        )?;
    }
    clock::fixed(today, || -> Result<()> {
        // The slow payers go on credit hold; finance lets the last of them buy on.
        cash::hold_overdue_customers(db, finance)?;
        if let Some(code) = released {
            let held = db.read(|c| -> Result<bool> {
                Ok(match store::customers::by_code(c, code)? {
                    Some(cu) => store::cash::credit_hold(c, cu.id)?.0,
                    None => false,
                })
            })?;
            if held {
                cash::release_credit_hold(db, finance, code, "老板担保，月底前结清")?;
            }
        }
        // The books of three months ago are closed.
        let closed = crate::domain::ledger::period_of(as_of - chrono::Duration::days(92));
        crate::ops::ledger::close_period(db, finance, &closed)?;
        Ok(())
    })?;
    Ok(())
}

/// The large set's receivables, written in bulk (set-based in the store): an invoice
/// for every order closed in the last 240 days and for every closed order of the
/// customer with thousands of invoices (the first active customer on credit, see the
/// orders), dated the day the order closed. Cash customers pay at once by cash, WeChat
/// Pay, Alipay, card or otherwise; customers on credit pay by bank transfer on the due
/// date, one invoice in seven by half, one in five not at all, so that every aging
/// bucket holds open and part-paid invoices. Then, through the operations, prepayments
/// of some customers on credit and the office's work of the last days (see
/// `office_work`). Returns how many invoices were issued.
pub(super) fn receivables_at_scale(
    db: &Db,
    finance: &Actor,
    as_of: chrono::NaiveDate,
    progress: &mut dyn FnMut(super::Progress),
) -> Result<usize> {
    use crate::domain::ledger::Account;
    use store::history_cash::{self as bulk, PlannedPayment};
    let since = (as_of - chrono::Duration::days(240)).to_string();
    let heavy = db.read(bulk::first_credit_customer)?;
    let closed = db.read(|c| bulk::closed_orders_to_invoice(c, &since, heavy))?;
    let methods = [
        PaymentMethod::Cash,
        PaymentMethod::WeChat,
        PaymentMethod::Alipay,
        PaymentMethod::Card,
        PaymentMethod::Other,
    ];
    let written = db.write(|tx| {
        bulk::begin_plan(tx)?;
        for (k, o) in closed.iter().enumerate() {
            let Ok(d) = chrono::NaiveDate::parse_from_str(&o.order_date, "%Y-%m-%d") else {
                continue;
            };
            let terms = PaymentTerms::parse_code(&o.terms).unwrap_or(PaymentTerms::CashOnDelivery);
            let due = terms.due_date(d);
            let credit = matches!(
                terms,
                PaymentTerms::NetDays(_) | PaymentTerms::MonthEndPlus(_)
            );
            let paid = if !credit {
                Some((d, o.gross, methods[k % methods.len()]))
            } else if due >= as_of || k % 5 == 0 {
                None
            } else if k % 7 == 3 {
                Some((due, o.gross / 2, PaymentMethod::Bank))
            } else {
                Some((due, o.gross, PaymentMethod::Bank))
            };
            let payment =
                paid.filter(|(_, amount, _)| *amount > 0)
                    .map(|(when, amount, method)| PlannedPayment {
                        date: when.to_string(),
                        amount,
                        method: method.code(),
                        account: method.default_account().code(),
                        reference: match method {
                            PaymentMethod::Cash => None,
                            PaymentMethod::WeChat => Some(format!("4200{:014}", 1_000_000 + k)),
                            PaymentMethod::Alipay => Some(format!("2026{:016}", 5_000_000 + k)),
                            _ => Some(format!("B{:010}", 300_000 + k)),
                        },
                    });
            bulk::plan_invoice(tx, o.id, &d.to_string(), &due.to_string(), payment.as_ref())?;
        }
        Ok::<_, crate::ops::Error>(bulk::write_plan(
            tx,
            finance.id(),
            &bulk::CashAccounts {
                receivable: Account::Receivable.code(),
                revenue: Account::Revenue.code(),
                output_vat: Account::OutputVat.code(),
            },
        )?)
    })?;
    let issued = written.invoices as usize;
    progress(super::Progress::Invoices(issued));
    prepayments_at_scale(db, finance, as_of)?;
    let oldest_open = db.read(|c| bulk::oldest_overdue_invoice(c, &as_of.to_string()))?;
    office_work(db, finance, as_of, oldest_open.as_deref(), None)?;
    Ok(issued)
}

/// Prepayments (预收款, by bank transfer, not allocated) of one customer on credit in
/// fifty, two days before the business date.
fn prepayments_at_scale(db: &Db, finance: &Actor, as_of: chrono::NaiveDate) -> Result<()> {
    use crate::ops::clock;
    let codes = db.read(|c| store::history_cash::credit_customers(c, 50))?;
    clock::fixed(
        office_hours(as_of - chrono::Duration::days(2)),
        || -> Result<()> {
            for (i, code) in codes.iter().enumerate() {
                let amount = 500 * (1 + i % 9);
                let mut p = PaymentInput::new(code, PaymentMethod::Bank, &amount.to_string());
                p.reference = format!("B-ADV-{code}");
                p.allocation = Allocation::None;
                cash::record_payment(db, finance, &p)?;
            }
            Ok(())
        },
    )
}

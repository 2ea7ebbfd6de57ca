//! Payments (收款单, RCV-): money received by cash, bank transfer, WeChat Pay, Alipay,
//! bank card or otherwise, into 1001 / 1002 / 1012; allocated to invoices oldest first
//! or by hand; what is left is the customer's prepayment (预收款, 2203), or the deposit
//! (订金) of an order when one is named. Refunds of prepayments.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::super::ledger::{self as post, Source};
use super::super::{
    audit, company_today, now_stamp, optional_date, require, Actor, Error, FieldProblem, Refusal,
    Result, Thing,
};
use super::{customer_by_code, not_found, parse_amount};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ledger::{self, Account};
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::store::{self, Db};

pub use crate::store::cash::PaymentRow;

/// How a customer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentMethod {
    /// 现金.
    Cash,
    /// 银行转账.
    Bank,
    /// 微信支付.
    WeChat,
    /// 支付宝.
    Alipay,
    /// 银行卡 (POS).
    Card,
    /// 其他.
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::Cash,
        PaymentMethod::Bank,
        PaymentMethod::WeChat,
        PaymentMethod::Alipay,
        PaymentMethod::Card,
        PaymentMethod::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Bank => "bank",
            PaymentMethod::WeChat => "wechat",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::Card => "card",
            PaymentMethod::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentMethod> {
        let t = code.trim().to_lowercase();
        PaymentMethod::ALL.into_iter().find(|m| {
            m.code() == t || m.label(Lang::Zh) == t || m.label(Lang::En).to_lowercase() == t
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PaymentMethod::Cash => lang.pick("现金", "Cash"),
            PaymentMethod::Bank => lang.pick("银行转账", "Bank transfer"),
            PaymentMethod::WeChat => lang.pick("微信支付", "WeChat Pay"),
            PaymentMethod::Alipay => lang.pick("支付宝", "Alipay"),
            PaymentMethod::Card => lang.pick("银行卡", "Bank card"),
            PaymentMethod::Other => lang.pick("其他", "Other"),
        }
    }

    /// The account the money goes to unless another is chosen: cash 1001; bank
    /// transfer and card 1002; WeChat Pay and Alipay 1012.
    pub fn default_account(self) -> Account {
        match self {
            PaymentMethod::Cash => Account::Cash,
            PaymentMethod::Bank | PaymentMethod::Card | PaymentMethod::Other => Account::Bank,
            PaymentMethod::WeChat | PaymentMethod::Alipay => Account::OtherFunds,
        }
    }
}

/// How a new payment is applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Allocation {
    /// To the customer's open invoices, oldest due first (the default).
    #[default]
    OldestFirst,
    /// To the invoices named, with the amounts typed (invoice number, amount).
    ByHand(Vec<(String, String)>),
    /// Kept whole as a prepayment (or the order's deposit).
    None,
}

/// A payment as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentInput {
    /// Customer code.
    pub customer: String,
    pub method: PaymentMethod,
    /// The bank's, WeChat's or Alipay's reference, or the scanned payment code; may be empty.
    pub reference: String,
    /// Empty: today.
    pub date: String,
    pub amount: String,
    /// 1001, 1002 or 1012; `None`: the method's default.
    pub account: Option<Account>,
    /// An order number: the payment is that order's deposit (订金), applied when the
    /// order is invoiced. Empty: none.
    pub order: String,
    pub allocation: Allocation,
    pub note: String,
    /// Cash handed over at the counter (实收), at least the amount: kept so that a
    /// reprinted receipt shows the change given. Cash only; `None` elsewhere.
    pub tendered: Option<Money>,
}

impl PaymentInput {
    /// A payment of `amount` by `method` from `customer`, today, oldest first.
    pub fn new(customer: &str, method: PaymentMethod, amount: &str) -> PaymentInput {
        PaymentInput {
            customer: customer.to_string(),
            method,
            reference: String::new(),
            date: String::new(),
            amount: amount.to_string(),
            account: None,
            order: String::new(),
            allocation: Allocation::OldestFirst,
            note: String::new(),
            tendered: None,
        }
    }
}

/// A payment just recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub number: String,
    /// Invoice number and amount, per invoice paid.
    pub allocated: Vec<(String, Money)>,
    /// What is left as prepayment or deposit. Non-zero on an overpayment: the screen
    /// says so (多付部分转为预收款).
    pub prepayment: Money,
}

fn amount_of(input: &str) -> Result<Money> {
    let m =
        parse_amount(input).map_err(|e| Error::field(FieldId::Amount, FieldProblem::Number(e)))?;
    if !m.is_positive() {
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AmountNotPositive,
        ));
    }
    Ok(m)
}

/// Records a payment (收款) and applies it: oldest invoices first, by hand, or not at all;
/// the rest is the customer's prepayment (or the named order's deposit). Posts cash /
/// 1122 (+ 2203) in one entry. Needs the payments permission. Refused, changing nothing:
/// a zero or negative amount, a date after today or in a closed period, the same
/// reference for the customer twice (naming the earlier receipt), an allocation above
/// an invoice's open balance or above the payment, an invoice of another customer.
pub fn record_payment(db: &Db, actor: &Actor, input: &PaymentInput) -> Result<Recorded> {
    db.write(|tx| {
        require(tx, actor, Permission::RecordPayments)?;
        record_payment_in(tx, actor, input)
    })
}

/// [`record_payment`] in the caller's transaction, which checked the permission (the
/// counter sale takes its payment in the same transaction as the sale).
pub(crate) fn record_payment_in(
    c: &Connection,
    actor: &Actor,
    input: &PaymentInput,
) -> Result<Recorded> {
    let amount = amount_of(&input.amount)?;
    let reference = crate::domain::text::clean_code(&input.reference, 64)
        .map_err(|e| Error::field(FieldId::PaymentRef, FieldProblem::Text(e)))?;
    let mut by_hand = Vec::new();
    if let Allocation::ByHand(list) = &input.allocation {
        for (inv, a) in list {
            by_hand.push((inv.trim().to_string(), amount_of(a)?));
        }
        if by_hand.is_empty() {
            return Err(Error::field_refused(
                FieldId::Amount,
                Refusal::NothingAllocatedByHand,
            ));
        }
        let allocated = by_hand.iter().map(|(_, a)| a.minor()).sum::<i64>();
        if allocated > amount.minor() {
            return Err(Error::field_refused(
                FieldId::Amount,
                Refusal::AllocatedAbovePayment {
                    allocated: Money::from_minor(allocated),
                    amount,
                },
            ));
        }
    }
    let account = input.account.unwrap_or(input.method.default_account());
    if !matches!(account, Account::Cash | Account::Bank | Account::OtherFunds) {
        return Err(Error::field_refused(
            FieldId::PaymentMethod,
            Refusal::NotAPaymentAccount {
                code: account.code().to_string(),
            },
        ));
    }
    if let Some(given) = input.tendered {
        if input.method != PaymentMethod::Cash || given < amount {
            return Err(Error::field_refused(
                FieldId::Amount,
                Refusal::TenderedBelowTotal {
                    total: amount,
                    given,
                },
            ));
        }
    }
    let tx = c;
    let customer = customer_by_code(tx, &input.customer)?;
    let today = company_today(tx)?;
    let date = optional_date(&input.date, FieldId::PaymentDate, today)?.unwrap_or(today);
    if date > today {
        return Err(Error::field_refused(
            FieldId::PaymentDate,
            Refusal::PaymentInFuture { date },
        ));
    }
    let period = ledger::period_of(date);
    if store::ledger::is_closed(tx, &period)? {
        return Err(Error::field_refused(
            FieldId::PaymentDate,
            Refusal::PeriodClosed { period },
        ));
    }
    if !reference.is_empty() {
        if let Some(p) = store::cash::payment_by_reference(tx, customer.id, &reference)? {
            return Err(Error::field_refused(
                FieldId::PaymentRef,
                Refusal::ReferenceUsed {
                    reference: reference.clone(),
                    receipt: p.number,
                },
            ));
        }
    }
    let order_id = match input.order.trim() {
        "" => None,
        n => {
            let o = store::orders::by_number(tx, n)?.ok_or_else(|| not_found(Thing::Order, n))?;
            if o.customer_id != customer.id {
                return Err(not_found(Thing::Order, n));
            }
            Some(o.id)
        }
    };
    let number = super::super::numbers::next_doc(tx, "RCV")?;
    let at = now_stamp();
    let id = store::cash::insert_payment(
        tx,
        &store::cash::NewPayment {
            number: &number,
            customer_id: customer.id,
            method: input.method.code(),
            reference: (!reference.is_empty()).then_some(reference.as_str()),
            pay_date: &date.to_string(),
            amount: amount.minor(),
            account: account.code(),
            order_id,
            note: (!input.note.trim().is_empty()).then_some(input.note.trim()),
            tendered: input.tendered.map(|m| m.minor()),
            by: actor.id(),
            at: &at,
        },
    )?;
    // The allocations first, so that one entry posts the receipt: cash to AR for
    // what paid invoices, to 2203 for the rest.
    let plan: Vec<(store::cash::InvoiceRow, i64)> = match &input.allocation {
        Allocation::None => Vec::new(),
        Allocation::OldestFirst if order_id.is_some() => Vec::new(),
        Allocation::OldestFirst => {
            let mut left = amount.minor();
            let mut v = Vec::new();
            for inv in store::cash::open_invoices_of(tx, customer.id)? {
                if left == 0 {
                    break;
                }
                let a = inv.open_minor.min(left);
                left -= a;
                v.push((inv, a));
            }
            v
        }
        Allocation::ByHand(_) => {
            let mut v = Vec::new();
            for (no, a) in &by_hand {
                let inv = invoice_of_customer(tx, no, customer.id, &number)?;
                v.push((inv, a.minor()));
            }
            v
        }
    };
    let mut allocated = Vec::new();
    let mut total = 0i64;
    for (inv, a) in &plan {
        allocate_in(tx, actor, id, &number, inv, *a, date, false)?;
        total += a;
        allocated.push((inv.number.clone(), Money::from_minor(*a)));
    }
    let unapplied = amount.minor() - total;
    post::post(
        tx,
        actor,
        date,
        &Source {
            kind: "RCV",
            id,
            number: &number,
            event: "receive",
            summary: format!("收款 {number} {}", customer.name),
        },
        ledger::received(customer.id, account, total, unapplied),
    )?;
    store::cash::add_balance(tx, customer.id, -total, unapplied)?;
    let after = serde_json::json!({
        "number": number, "customer": customer.code, "method": input.method.code(),
        "reference": reference, "date": date.to_string(), "amount": amount.minor(),
        "account": account.code(), "allocated": total,
    });
    audit(
        tx,
        Some(actor),
        &at,
        "payment",
        Some(id),
        "record",
        None,
        Some(&after),
    )?;
    super::super::credit::refresh_hold_in(tx, customer.id)?;
    Ok(Recorded {
        id,
        number,
        allocated,
        prepayment: Money::from_minor(unapplied),
    })
}

fn invoice_of_customer(
    c: &Connection,
    number: &str,
    customer_id: i64,
    receipt: &str,
) -> Result<store::cash::InvoiceRow> {
    let inv = store::cash::invoice_by_number(c, number)?
        .ok_or_else(|| not_found(Thing::Invoice, number))?;
    if inv.kind != "invoice" {
        return Err(Refusal::NotAnInvoice { number: inv.number }.into());
    }
    if inv.customer_id != customer_id {
        return Err(Refusal::OtherCustomer {
            receipt: receipt.to_string(),
            invoice: inv.number,
        }
        .into());
    }
    Ok(inv)
}

/// Applies `amount` of a payment to an invoice, in the caller's transaction. With
/// `from_prepayment`, the money had been booked to 2203: posts 2203 / 1122 and moves the
/// customer's balances; otherwise the caller posts the receipt and the balances.
#[allow(clippy::too_many_arguments)]
pub(crate) fn allocate_in(
    c: &Connection,
    actor: &Actor,
    payment_id: i64,
    payment_no: &str,
    inv: &store::cash::InvoiceRow,
    amount: i64,
    date: NaiveDate,
    from_prepayment: bool,
) -> Result<i64> {
    if amount <= 0 {
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AmountNotPositive,
        ));
    }
    if !store::cash::settle_invoice(c, inv.id, amount, 0, 0)? {
        let open = store::cash::invoice_by_id(c, inv.id)?
            .map(|i| i.open_minor)
            .unwrap_or(0);
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AboveOpenBalance {
                invoice: inv.number.clone(),
                open: Money::from_minor(open),
            },
        ));
    }
    if !store::cash::take_unapplied(c, payment_id, amount, false)? {
        let left = store::cash::payment_by_number(c, payment_no)?
            .map(|p| p.unapplied_minor)
            .unwrap_or(0);
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AboveUnapplied {
                receipt: payment_no.to_string(),
                unapplied: Money::from_minor(left),
            },
        ));
    }
    let at = now_stamp();
    let alloc = store::cash::insert_allocation(
        c,
        payment_id,
        inv.id,
        amount,
        &date.to_string(),
        actor.id(),
        &at,
    )?;
    if from_prepayment {
        post::post(
            c,
            actor,
            date,
            &Source {
                kind: "ALLOC",
                id: alloc,
                number: payment_no,
                event: "apply",
                summary: format!("预收冲应收 {payment_no} → {}", inv.number),
            },
            ledger::prepayment_applied(inv.customer_id, amount),
        )?;
        store::cash::add_balance(c, inv.customer_id, -amount, -amount)?;
    }
    Ok(alloc)
}

/// Applies unapplied payments to a new invoice, in the caller's transaction: the
/// order's deposits always; the customer's other prepayments when the company applies
/// them automatically. Returns what was applied.
pub(crate) fn apply_prepayments_in(
    c: &Connection,
    actor: &Actor,
    customer_id: i64,
    invoice_id: i64,
    order_id: Option<i64>,
) -> Result<i64> {
    let auto: bool = c
        .prepare_cached("SELECT auto_apply_prepayment FROM company WHERE id = 1")
        .map_err(store::StoreError::from)?
        .query_row([], |r| r.get(0))
        .map_err(store::StoreError::from)?;
    let today = company_today(c)?;
    let mut applied = 0;
    for p in store::cash::unapplied_of(c, customer_id, order_id)? {
        let deposit_here = order_id.is_some() && p.order_id == order_id;
        // Another order's deposit waits for that order.
        if !deposit_here && (p.order_id.is_some() || !auto) {
            continue;
        }
        let Some(inv) = store::cash::invoice_by_id(c, invoice_id)? else {
            break;
        };
        if inv.open_minor == 0 {
            break;
        }
        let a = inv.open_minor.min(p.unapplied_minor);
        allocate_in(c, actor, p.id, &p.number, &inv, a, today, true)?;
        applied += a;
    }
    Ok(applied)
}

/// Allocates what is left of a payment by hand (核销): to the invoices named, with the
/// amounts typed. Refused, changing nothing: an amount above an invoice's open balance
/// or above what is left of the payment, an invoice of another customer, a closed period.
pub fn allocate(
    db: &Db,
    actor: &Actor,
    payment_no: &str,
    parts: &[(String, String)],
) -> Result<Vec<i64>> {
    let mut typed = Vec::new();
    for (inv, a) in parts {
        typed.push((inv.trim().to_string(), amount_of(a)?));
    }
    db.write(|tx| {
        require(tx, actor, Permission::RecordPayments)?;
        let p = store::cash::payment_by_number(tx, payment_no.trim())?
            .ok_or_else(|| not_found(Thing::Payment, payment_no.trim()))?;
        let total: i64 = typed.iter().map(|t| t.1.minor()).sum();
        if total > p.unapplied_minor {
            return Err(Error::field_refused(
                FieldId::Amount,
                Refusal::AboveUnapplied {
                    receipt: p.number.clone(),
                    unapplied: Money::from_minor(p.unapplied_minor),
                },
            ));
        }
        let today = company_today(tx)?;
        let mut ids = Vec::new();
        for (no, a) in &typed {
            let inv = invoice_of_customer(tx, no, p.customer_id, &p.number)?;
            ids.push(allocate_in(tx, actor, p.id, &p.number, &inv, a.minor(), today, true)?);
        }
        let at = now_stamp();
        let after = serde_json::json!({ "payment": p.number, "parts": typed.iter().map(|(n, a)| serde_json::json!({"invoice": n, "amount": a.minor()})).collect::<Vec<_>>() });
        audit(tx, Some(actor), &at, "payment", Some(p.id), "allocate", None, Some(&after))?;
        super::super::credit::refresh_hold_in(tx, p.customer_id)?;
        Ok(ids)
    })
}

/// Allocates what is left of a payment to the customer's open invoices, oldest due
/// first. Returns the invoices paid and how much.
pub fn allocate_oldest_first(
    db: &Db,
    actor: &Actor,
    payment_no: &str,
) -> Result<Vec<(String, Money)>> {
    db.write(|tx| {
        require(tx, actor, Permission::RecordPayments)?;
        let p = store::cash::payment_by_number(tx, payment_no.trim())?
            .ok_or_else(|| not_found(Thing::Payment, payment_no.trim()))?;
        let today = company_today(tx)?;
        let mut left = p.unapplied_minor;
        let mut done = Vec::new();
        for inv in store::cash::open_invoices_of(tx, p.customer_id)? {
            if left == 0 {
                break;
            }
            let a = inv.open_minor.min(left);
            allocate_in(tx, actor, p.id, &p.number, &inv, a, today, true)?;
            left -= a;
            done.push((inv.number.clone(), Money::from_minor(a)));
        }
        let at = now_stamp();
        let after =
            serde_json::json!({ "payment": p.number, "allocated": p.unapplied_minor - left });
        audit(
            tx,
            Some(actor),
            &at,
            "payment",
            Some(p.id),
            "allocate",
            None,
            Some(&after),
        )?;
        super::super::credit::refresh_hold_in(tx, p.customer_id)?;
        Ok(done)
    })
}

/// Pays back part or all of a prepayment (退预收款, RF-) from the account it came into.
/// Refused: more than is unapplied on the payment, no reason, a closed period.
pub fn refund_prepayment(
    db: &Db,
    actor: &Actor,
    payment_no: &str,
    amount: &str,
    reason: &str,
) -> Result<String> {
    let amount = amount_of(amount)?;
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::RecordPayments)?;
        let p = store::cash::payment_by_number(tx, payment_no.trim())?
            .ok_or_else(|| not_found(Thing::Payment, payment_no.trim()))?;
        refund_in(tx, actor, &p, amount.minor(), &reason)
    })
}

/// Pays back `amount` of what is unapplied on a payment, in the caller's transaction,
/// which checked the permission (a return's credit pays back what the customer had paid
/// for the goods): the RF- document, 2203 / cash, the customer's prepaid balance.
pub(crate) fn refund_in(
    tx: &Connection,
    actor: &Actor,
    p: &PaymentRow,
    amount: i64,
    reason: &str,
) -> Result<String> {
    let today = company_today(tx)?;
    post::ensure_open(tx, today)?;
    if !store::cash::take_unapplied(tx, p.id, amount, true)? {
        return Err(Error::field_refused(
            FieldId::Amount,
            Refusal::AboveUnapplied {
                receipt: p.number.clone(),
                unapplied: Money::from_minor(p.unapplied_minor),
            },
        ));
    }
    let number = super::super::numbers::next_doc(tx, "RF")?;
    let at = now_stamp();
    let id = store::cash::insert_refund(
        tx,
        &number,
        p.id,
        amount,
        &today.to_string(),
        reason,
        actor.id(),
        &at,
    )?;
    let account = Account::from_code(&p.account).unwrap_or(Account::Bank);
    post::post(
        tx,
        actor,
        today,
        &Source {
            kind: "RF",
            id,
            number: &number,
            event: "refund",
            summary: format!("退预收款 {number} ({})", p.number),
        },
        ledger::refunded(p.customer_id, account, amount),
    )?;
    store::cash::add_balance(tx, p.customer_id, 0, -amount)?;
    let after = serde_json::json!({ "number": number, "payment": p.number, "amount": amount, "reason": reason });
    audit(
        tx,
        Some(actor),
        &at,
        "payment",
        Some(p.id),
        "refund",
        None,
        Some(&after),
    )?;
    Ok(number)
}

/// A payment with its allocations: what the payment screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentView {
    pub head: PaymentRow,
    pub allocations: Vec<store::cash::AllocationRow>,
}

/// A payment by its RCV- number.
pub fn payment(db: &Db, number: &str) -> Result<PaymentView> {
    db.read(|c| {
        let head = store::cash::payment_by_number(c, number.trim())?
            .ok_or_else(|| not_found(Thing::Payment, number.trim()))?;
        let allocations = store::cash::allocations_of_payment(c, head.id)?;
        Ok(PaymentView { head, allocations })
    })
}

/// A page of payments, newest first: pass the last row's `(pay_date, id)` to continue
/// (`("9999-12-31", i64::MAX)` for the first page).
pub fn payment_page(
    db: &Db,
    before_date: &str,
    before_id: i64,
    limit: i64,
) -> Result<Vec<PaymentRow>> {
    Ok(db.read(|c| store::cash::payment_page(c, before_date, before_id, limit))?)
}

/// A customer's payments with something left unapplied (prepayments and deposits).
pub fn unapplied_payments(db: &Db, customer_code: &str) -> Result<Vec<PaymentRow>> {
    db.read(|c| {
        let cu = customer_by_code(c, customer_code)?;
        Ok(store::cash::unapplied_of(c, cu.id, None)?)
    })
}

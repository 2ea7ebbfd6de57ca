//! Credit hold (信用冻结) that stops orders: a customer over the limit on credit terms or
//! overdue beyond the grace days goes on hold when an order is submitted (or by the
//! daily sweep); while held, every order of the customer waits for finance, whatever
//! its terms, and a manager cannot approve it; finance releases the hold with a reason,
//! audited, which covers what was owed and overdue that day and no more.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::{Duration, Utc};

use orderdesk::domain::access::Role;
use orderdesk::domain::approval::Reason;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::OrderStage;
use orderdesk::ops::cash::{self, PaymentMethod};
use orderdesk::ops::intake::Outcome;
use orderdesk::ops::{self, approval, clock, orders, Actor, Error, Refusal};

use crate::cash::{clean, refusal};
use crate::picking::pick_all;
use crate::world::*;
use orderdesk::ops::picking;
use orderdesk::ops::shipping::{self, ShipInput};

/// A clerk whose own limit covers every order here: their orders wait only for credit.
fn clerk(w: &World) -> Actor {
    w.user("clerk")
        .roles(&[Role::Sales])
        .limit(Money::from_minor(100_000_000))
        .create()
}

/// An order of `qty` at `price` written by `clerk`, approved by finance when it waits
/// (for credit), picked and shipped in full; its number.
fn shipped(w: &World, clerk: &Actor, customer: &str, qty: &str, price: &str) -> String {
    let s = w
        .order(clerk)
        .customer(customer)
        .line(PLAIN_SKU, qty)
        .price(price)
        .submit();
    if let Outcome::Waiting(_) = s.outcome {
        approval::approve_order(&w.db, &w.finance, s.id, version(w, s.id)).expect("finance");
    }
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: s.number.clone(),
            carrier: "SF".into(),
            tracking: String::new(),
            cartons: "1".into(),
            weight_kg: String::new(),
            cost: String::new(),
            lines: vec![],
        },
    )
    .expect("ship");
    s.number
}

fn held(w: &World, code: &str) -> bool {
    cash::credit_position(&w.db, customer(w, code))
        .unwrap()
        .on_hold
}

fn customer(w: &World, code: &str) -> i64 {
    orderdesk::store::customers::by_code(w.db.conn(), code)
        .unwrap()
        .unwrap()
        .id
}

fn reasons(o: &Outcome) -> Vec<Reason> {
    match o {
        Outcome::Waiting(r) => r.clone(),
        Outcome::Approved { .. } => Vec::new(),
    }
}

fn version(w: &World, id: i64) -> i64 {
    orders::order_detail(&w.db, id).unwrap().version
}

fn audit_count(w: &World, action: &str) -> i64 {
    w.db.conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'customer' AND action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn over_the_limit_the_customer_is_held_and_every_order_waits_for_finance() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let clerk = clerk(&w);
    let cu = w
        .customer("超额客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    // 900 invoiced; then the limit is lowered below what is owed.
    let so = shipped(&w, &clerk, &cu, "9", "100");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    assert!(!held(&w, &cu));
    w.db.conn()
        .execute(
            "UPDATE customers SET credit_limit_minor = 50000 WHERE code = ?1",
            [&cu],
        )
        .unwrap();
    // The next order finds the customer over the limit: held, and it waits.
    let s = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("1")
        .submit();
    assert_eq!(reasons(&s.outcome), [Reason::Credit, Reason::CreditHold]);
    assert!(held(&w, &cu));
    assert_eq!(audit_count(&w, "credit_hold"), 1);
    let pos = cash::credit_position(&w.db, customer(&w, &cu)).unwrap();
    assert_eq!(
        pos.hold_reason.as_deref(),
        Some("over_limit 900.00 > 500.00")
    );
    // A cash order of the held customer, within every limit, waits too.
    let cod = w
        .order(&clerk)
        .customer(&cu)
        .terms("cod")
        .line(PLAIN_SKU, "1")
        .price("1")
        .submit();
    assert_eq!(reasons(&cod.outcome), [Reason::CreditHold]);
    // A manager cannot approve it; finance can.
    let e = approval::approve_order(&w.db, &w.manager, cod.id, cod.version).refused();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    approval::approve_order(&w.db, &w.finance, cod.id, cod.version).unwrap();
    assert_eq!(
        orders::order_detail(&w.db, cod.id).unwrap().stage,
        OrderStage::Approved
    );
    clean(&w.db);
}

#[test]
fn an_order_waiting_for_something_else_cannot_slip_through_once_the_customer_is_held() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("逾期客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let so = shipped(&w, &clerk(&w), &cu, "2", "100");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    // Waiting for its amount only (the clerk's limit is 0).
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("10")
        .submit();
    assert_eq!(reasons(&s.outcome), [Reason::Amount]);
    // Forty days on the invoice is overdue: the sweep holds the customer, and the
    // manager who would have approved the amount is now refused.
    clock::fixed(Utc::now() + Duration::days(40), || {
        assert_eq!(cash::hold_overdue_customers(&w.db, &w.finance).unwrap(), 1);
        let e = approval::approve_order(&w.db, &w.manager, s.id, s.version).refused();
        assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
        let pending = approval::pending_reasons(&w.db, s.id).unwrap();
        assert_eq!(
            pending,
            [Reason::Amount],
            "a refused approval changes nothing"
        );
        // A user who holds both permissions approves it, with every reason recorded.
        let both = w
            .user("boss")
            .roles(&[Role::Manager, Role::Finance])
            .limit(Money::from_minor(100_000_000))
            .create();
        approval::approve_order(&w.db, &both, s.id, s.version).unwrap();
        assert_eq!(
            orders::order_detail(&w.db, s.id).unwrap().stage,
            OrderStage::Approved
        );
    });
    clean(&w.db);
}

#[test]
fn finance_releases_a_hold_with_a_reason_that_covers_that_day_only() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let clerk = clerk(&w);
    let cu = w
        .customer("担保客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let first = shipped(&w, &clerk, &cu, "2", "100");
    cash::invoice_order(&w.db, &w.finance, &first).unwrap();
    let later = Utc::now() + Duration::days(40);
    clock::fixed(later, || {
        let s = w
            .order(&clerk)
            .customer(&cu)
            .line(PLAIN_SKU, "1")
            .price("10")
            .submit();
        assert_eq!(reasons(&s.outcome), [Reason::Overdue, Reason::CreditHold]);
        // Refusals change nothing.
        let e = cash::release_credit_hold(&w.db, &w.finance, &cu, "  ").refused();
        assert_eq!(refusal(&e), Refusal::ReasonRequired);
        let e = cash::release_credit_hold(&w.db, &w.manager, &cu, "老客户").refused();
        assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
        assert!(held(&w, &cu));
        cash::release_credit_hold(&w.db, &w.finance, &cu, "老板担保，月底结清").unwrap();
        assert!(!held(&w, &cu));
        assert_eq!(audit_count(&w, "credit_release"), 1);
        let pos = cash::credit_position(&w.db, customer(&w, &cu)).unwrap();
        let release = pos.release.expect("the release shows");
        assert_eq!(release.reason, "老板担保，月底结清");
        assert_eq!(release.released_by, FINANCE_NAME);
        assert_eq!(release.hold_reason.as_deref(), Some("overdue 10 days"));
        // The next order is not held again for the same overdue invoice: it waits for
        // the overdue rule only, as any order of an overdue customer does.
        let s = w
            .order(&clerk)
            .customer(&cu)
            .line(PLAIN_SKU, "1")
            .price("10")
            .submit();
        assert_eq!(reasons(&s.outcome), [Reason::Overdue]);
        assert!(!held(&w, &cu));
        let e = cash::release_credit_hold(&w.db, &w.finance, &cu, "再次").refused();
        assert!(matches!(refusal(&e), Refusal::NotOnCreditHold { .. }));
    });
    // A later invoice that passes the grace days after the release holds again.
    let second = clock::fixed(later, || shipped(&w, &clerk, &cu, "1", "100"));
    clock::fixed(later, || {
        cash::invoice_order(&w.db, &w.finance, &second).unwrap()
    });
    clock::fixed(later + Duration::days(35), || {
        let s = w
            .order(&clerk)
            .customer(&cu)
            .line(PLAIN_SKU, "1")
            .price("10")
            .submit();
        assert!(reasons(&s.outcome).contains(&Reason::CreditHold));
        assert!(held(&w, &cu));
        let pos = cash::credit_position(&w.db, customer(&w, &cu)).unwrap();
        assert!(pos.release.is_none(), "a held customer shows the hold");
    });
    clean(&w.db);
}

#[test]
fn a_release_over_the_limit_holds_again_only_when_the_exposure_grows() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let clerk = clerk(&w);
    let cu = w
        .customer("大单客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    let so = shipped(&w, &clerk, &cu, "12", "100");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    // 1,200 owed against 1,000: held (when invoiced), released by finance.
    assert!(held(&w, &cu));
    let s = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("100")
        .submit();
    assert!(reasons(&s.outcome).contains(&Reason::CreditHold));
    cash::release_credit_hold(&w.db, &w.finance, &cu, "已电话确认下周付款").unwrap();
    // Paid in part: 1,100, less exposure than the release accepted, no hold; the order waits
    // for the credit rule only.
    let mut p = cash::PaymentInput::new(&cu, PaymentMethod::Bank, "100");
    p.reference = "B-PART".into();
    cash::record_payment(&w.db, &w.finance, &p).unwrap();
    let t = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("100")
        .submit();
    assert_eq!(reasons(&t.outcome), [Reason::Credit]);
    assert!(!held(&w, &cu));
    // Finance approves it and the one before: 1,300, more than the release accepted,
    // and the next order finds the customer held again.
    approval::approve_order(&w.db, &w.finance, t.id, version(&w, t.id)).unwrap();
    approval::approve_order(&w.db, &w.finance, s.id, version(&w, s.id)).unwrap();
    let u = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("1")
        .submit();
    assert_eq!(reasons(&u.outcome), [Reason::Credit, Reason::CreditHold]);
    assert!(held(&w, &cu));
    clean(&w.db);
}

#[test]
fn a_held_customer_cannot_buy_at_the_counter_and_a_released_hold_goes_back_to_the_queue() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let clerk = clerk(&w);
    let cu = w
        .customer("门市冻结")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let s = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "1")
        .price("5")
        .submit();
    assert!(matches!(s.outcome, Outcome::Approved { .. }));
    orderdesk::store::cash::set_credit_hold(w.db.conn(), customer(&w, &cu), true, Some("manual"))
        .unwrap();
    let before = count_rows(&w.db, "orders");
    let e = cash::counter_sale(
        &w.db,
        &clerk,
        &cash::CounterSaleInput {
            customer: cu.clone(),
            lines: vec![line(PLAIN_SKU, "1")],
            bin: BIN_A.into(),
            method: PaymentMethod::Cash,
            tendered: String::new(),
            reference: String::new(),
        },
    )
    .refused();
    assert_eq!(
        refusal(&e),
        Refusal::CounterNeedsApproval {
            reason: Reason::CreditHold
        }
    );
    assert_eq!(count_rows(&w.db, "orders"), before, "nothing was written");
    // An approved order put on hold by a manager and released: the customer's hold
    // sends it back to the queue for finance instead of back to approved.
    approval::hold_order(&w.db, &w.manager, s.id, version(&w, s.id), "核对").unwrap();
    let to = approval::release_hold(&w.db, &w.manager, s.id, version(&w, s.id)).unwrap();
    assert_eq!(to, OrderStage::Submitted);
    assert_eq!(
        approval::pending_reasons(&w.db, s.id).unwrap(),
        [Reason::CreditHold]
    );
    clean(&w.db);
}

#[test]
fn every_message_of_the_hold_reads_in_both_languages() {
    assert_bilingual(&ops::Error::Refused(Refusal::CounterNeedsApproval {
        reason: Reason::CreditHold,
    }));
    for lang in [orderdesk::i18n::Lang::Zh, orderdesk::i18n::Lang::En] {
        assert!(!Reason::CreditHold.label(lang).is_empty());
    }
    assert_ne!(
        Reason::CreditHold.label(orderdesk::i18n::Lang::Zh),
        Reason::CreditHold.label(orderdesk::i18n::Lang::En)
    );
}

#[test]
fn finance_sweeps_and_releases_on_the_command_line() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let clerk = clerk(&w);
    let cu = w
        .customer("命令行客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let so = shipped(&w, &clerk, &cu, "2", "100");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    // Forty days on, as the sweep would run from cron the day the invoice is overdue.
    w.db.conn()
        .execute(
            "UPDATE invoices SET due_date = ?1, invoice_date = ?1",
            [days_from_today(-40).to_string()],
        )
        .unwrap();
    let path = w.path.clone();
    let run = |user: &str, args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--lang", "en"])
            .args(args)
            .env("ORDERDESK_USER", user)
            .env("ORDERDESK_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let (ok, out) = run("sales", &["credit", "sweep"]);
    assert!(!ok, "sales may not hold customers: {out}");
    let (ok, out) = run("finance", &["credit", "sweep"]);
    assert!(
        ok && out.contains("1 customers put on credit hold"),
        "{out}"
    );
    let (ok, out) = run("finance", &["credit", "show", &cu]);
    assert!(ok && out.contains("on credit hold"), "{out}");
    assert!(out.contains("exposure 200.00"), "{out}");
    let (ok, out) = run(
        "finance",
        &["credit", "release", &cu, "--reason", "boss vouches"],
    );
    assert!(ok, "{out}");
    let (ok, out) = run("sales", &["credit", "show", &cu]);
    assert!(
        ok && out.contains("released by") && out.contains("boss vouches"),
        "{out}"
    );
    assert!(!held(&w, &cu));
    let (ok, out) = run("finance", &["credit", "release", &cu, "--reason", "again"]);
    assert!(!ok && out.contains("not on credit hold"), "{out}");
}

#[test]
fn the_demo_holds_only_its_slow_payers_and_shows_a_release_and_a_receipt_with_change() {
    let (_dir, path) = demo_copy();
    let db = orderdesk::store::Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let c = db.conn();
    let held: Vec<String> = c
        .prepare("SELECT code FROM customers WHERE credit_hold = 1 ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(held.len(), 2, "two slow payers held: {held:?}");
    assert!(!held.contains(&DEMO_CASH_CUSTOMER.to_string()));
    let released: Vec<String> = c
        .prepare("SELECT cu.code FROM credit_releases r JOIN customers cu ON cu.id = r.customer_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(released.len(), 1);
    let id = orderdesk::store::customers::by_code(c, &released[0])
        .unwrap()
        .unwrap()
        .id;
    let pos = cash::credit_position(&db, id).unwrap();
    assert!(!pos.on_hold && pos.release.is_some() && pos.overdue.is_positive());
    // Held customers' orders wait for finance; everyone else orders as before.
    let sales = demo_actor(&db, "sales");
    let s = order_by(&db, &sales)
        .customer(&held[0])
        .line("HW-000001", "1")
        .submit();
    assert!(reasons(&s.outcome).contains(&Reason::CreditHold));
    let s = order_by(&db, &sales)
        .customer(DEMO_CASH_CUSTOMER)
        .line("HW-000001", "1")
        .submit();
    assert!(!reasons(&s.outcome).contains(&Reason::CreditHold));
    // The counter sale's receipt reprints with the change given.
    let inv: String = c
        .query_row(
            "SELECT i.number FROM invoices i JOIN allocations a ON a.invoice_id = i.id \
             JOIN payments p ON p.id = a.payment_id WHERE p.tendered_minor IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let r = cash::receipt(&db, &inv).unwrap();
    assert!(r.change.is_positive());
    let text = orderdesk::print::cash::receipt_text(&r, "华信", orderdesk::i18n::Lang::Zh, 32);
    assert!(
        text.contains("找零") && text.contains(&r.change.to_string()),
        "{text}"
    );
    clean(&db);
}

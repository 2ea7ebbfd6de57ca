//! Invoices, payments, receivables and the ledger (账流 + 钱流) through `ops`: the whole
//! flow from shipment to payment with its journal entries, revenue at sign-off,
//! payment before shipping, the credit rule on receivables, every bad input refused
//! with nothing changed, and a tamper test for each invariant `check` proves.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::{Days, Duration, Utc};

use orderdesk::domain::approval::Reason;
use orderdesk::domain::ledger::AgingBucket;
use orderdesk::ops::approval::approve_order;
use orderdesk::ops::cash::{self, Allocation, PaymentInput, PaymentMethod, PriceCorrection};
use orderdesk::ops::intake::Outcome;
use orderdesk::ops::shipping::{self, ShipInput};
use orderdesk::ops::{self, clock, ledger, orders, picking, Refusal};
use orderdesk::store::Db;

use crate::picking::pick_all;
use crate::world::*;

pub fn refusal(e: &ops::Error) -> Refusal {
    e.refusal()
        .cloned()
        .unwrap_or_else(|| panic!("not a refusal: {e:?}"))
}

/// Approves a waiting order by whoever may (manager, then finance).
pub fn approve(w: &World, s: &ops::intake::Submitted) {
    if let Outcome::Waiting(_) = s.outcome {
        let v = orders::order_detail(&w.db, s.id).unwrap().version;
        if approve_order(&w.db, &w.manager, s.id, v).is_err() {
            let v = orders::order_detail(&w.db, s.id).unwrap().version;
            approve_order(&w.db, &w.finance, s.id, v).expect("finance approves");
        }
    }
}

/// An approved order of `qty` at `price` for `customer`, picked and shipped in full.
pub fn shipped_order(w: &World, customer: &str, qty: &str, price: &str) -> (String, String) {
    let s = w
        .order(&w.sales)
        .customer(customer)
        .line(PLAIN_SKU, qty)
        .price(price)
        .submit();
    approve(w, &s);
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    let sh = shipping::ship(
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
    (s.number, sh.number)
}

pub fn balance(db: &Db, account: &str) -> i64 {
    db.conn()
        .query_row(
            "SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM journal_lines WHERE account = ?1",
            [account],
            |r| r.get(0),
        )
        .unwrap()
}

pub fn order_id(db: &Db, number: &str) -> i64 {
    db.conn()
        .query_row("SELECT id FROM orders WHERE number = ?1", [number], |r| {
            r.get(0)
        })
        .unwrap()
}

pub fn clean(db: &Db) {
    let v = ops::check::run_check(db).unwrap();
    assert!(v.is_empty(), "check: {v:?}");
}

/// Rows a refused operation of the cash flow must leave alone.
fn counts(db: &Db) -> Vec<i64> {
    [
        "invoices",
        "invoice_lines",
        "payments",
        "allocations",
        "refunds",
        "write_offs",
        "journal_entries",
        "journal_lines",
        "audit_log",
        "closed_periods",
    ]
    .iter()
    .map(|t| count_rows(db, t))
    .chain([db
        .conn()
        .query_row(
            "SELECT COALESCE(SUM(open_minor), 0) + COALESCE((SELECT SUM(unapplied_minor) FROM payments), 0) \
             + COALESCE((SELECT SUM(qty_invoiced) FROM order_lines), 0) FROM invoices",
            [],
            |r| r.get(0),
        )
        .unwrap()])
    .collect()
}

fn pay(w: &World, customer: &str, amount: &str) -> cash::Recorded {
    cash::record_payment(
        &w.db,
        &w.finance,
        &PaymentInput::new(customer, PaymentMethod::Bank, amount),
    )
    .expect("payment")
}

#[test]
fn shipment_invoice_payment_and_prepayment_post_balanced_entries() {
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "4.00");
    let cu = w
        .customer("账流客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    assert_eq!(
        balance(&w.db, "1405"),
        200_00,
        "the receipt is in stock at its value"
    );
    let (so, sh) = shipped_order(&w, &cu, "10", "11.30");
    // Revenue at shipment: the goods go to cost of goods sold at the moving average.
    assert_eq!(balance(&w.db, "6401"), 40_00);
    assert_eq!(balance(&w.db, "1405"), 160_00);
    clean(&w.db);

    let issued = cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    assert_eq!(issued.len(), 1);
    let inv = &issued[0];
    assert_eq!(inv.gross.minor(), 113_00);
    assert_eq!(inv.due_date, company_today() + Days::new(30));
    let view = cash::invoice(&w.db, &inv.number).unwrap();
    assert_eq!((view.head.net_minor, view.head.tax_minor), (100_00, 13_00));
    assert!(view.head.shipment_id.is_some());
    assert_eq!(balance(&w.db, "1122"), 113_00);
    assert_eq!(balance(&w.db, "6001"), -100_00);
    assert_eq!(balance(&w.db, "2221"), -13_00);
    // Invoicing the same shipment again is refused, naming the invoice.
    let e = cash::invoice_shipment(&w.db, &w.finance, &sh).unwrap_err();
    assert_eq!(
        refusal(&e),
        Refusal::AlreadyInvoiced {
            number: sh.clone(),
            invoice: inv.number.clone()
        }
    );

    // A part payment, then an overpayment whose rest becomes a prepayment.
    let p1 = pay(&w, &cu, "50");
    assert_eq!(
        p1.allocated,
        vec![(
            inv.number.clone(),
            orderdesk::domain::money::Money::from_minor(50_00)
        )]
    );
    let p2 = pay(&w, &cu, "¥1,000.00");
    assert_eq!(
        p2.prepayment.minor(),
        1000_00 - 63_00,
        "the overpayment is a prepayment"
    );
    let r = cash::customer_receivables(&w.db, &cu).unwrap();
    assert_eq!(r.position.open_ar.minor(), 0);
    assert_eq!(r.position.prepaid.minor(), 937_00);
    assert_eq!(balance(&w.db, "2203"), -937_00);
    assert_eq!(balance(&w.db, "1002"), 1050_00);

    // The next invoice takes the prepayment by itself (the company's default).
    let (so2, _) = shipped_order(&w, &cu, "5", "11.30");
    let inv2 = cash::invoice_order(&w.db, &w.finance, &so2)
        .unwrap()
        .remove(0);
    assert_eq!(inv2.prepaid_applied.minor(), 56_50);
    assert_eq!(
        cash::invoice(&w.db, &inv2.number).unwrap().head.open_minor,
        0
    );
    let flows = cash::order_flows(&w.db, order_id(&w.db, &so2)).unwrap();
    assert_eq!(
        (
            flows.invoiced.minor(),
            flows.paid.minor(),
            flows.open.minor()
        ),
        (56_50, 56_50, 0)
    );
    assert_eq!(flows.lines[0].invoiced, flows.lines[0].shipped);

    // A refund of part of the prepayment.
    cash::refund_prepayment(&w.db, &w.finance, &p2.number, "100", "客户要求退回").unwrap();
    assert_eq!(
        cash::customer_receivables(&w.db, &cu)
            .unwrap()
            .position
            .prepaid
            .minor(),
        937_00 - 56_50 - 100_00
    );

    let tb = ledger::trial_balance(&w.db, company_today(), company_today()).unwrap();
    assert_eq!(
        tb.iter().map(|r| r.closing()).sum::<i64>(),
        0,
        "the trial balance sums to zero"
    );
    let csv = ledger::export_journal_csv(&w.db, company_today(), company_today()).unwrap();
    assert!(csv.starts_with("voucher_no,date,account,summary,debit,credit"));
    assert!(csv.contains(",1122,"), "{csv}");
    clean(&w.db);
}

#[test]
fn revenue_at_sign_off_keeps_cost_in_goods_shipped_until_signed() {
    let w = world();
    w.db.conn()
        .execute("UPDATE company SET revenue_at = 'signoff'", [])
        .unwrap();
    w.product(PLAIN_SKU).stock_at(BIN_A, "20", "3.00");
    let cu = w.customer("签收客户").create();
    let (_, sh) = shipped_order(&w, &cu, "4", "10");
    assert_eq!(balance(&w.db, "1406"), 12_00);
    assert_eq!(balance(&w.db, "6401"), 0);
    clean(&w.db);
    shipping::deliver(&w.db, &w.warehouse, &sh, "张三", "").unwrap();
    assert_eq!(balance(&w.db, "1406"), 0);
    assert_eq!(balance(&w.db, "6401"), 12_00);
    clean(&w.db);
}

#[test]
fn payment_before_shipping_ships_only_when_paid_and_the_deposit_pays_the_invoice() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "20");
    let cu = w.customer("款到发货客户").terms("prepay").create();
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "2")
        .price("50")
        .submit();
    approve(&w, &s);
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    let input = ShipInput {
        order: s.number.clone(),
        carrier: "SF".into(),
        tracking: String::new(),
        cartons: "1".into(),
        weight_kg: String::new(),
        cost: String::new(),
        lines: vec![],
    };
    let before = count_rows(&w.db, "shipments");
    let e = shipping::ship(&w.db, &w.warehouse, &input).unwrap_err();
    assert!(
        matches!(refusal(&e), Refusal::NotPaidBeforeShipping { missing, .. } if missing.minor() == 100_00)
    );
    assert_eq!(count_rows(&w.db, "shipments"), before);
    let mut dep = PaymentInput::new(&cu, PaymentMethod::WeChat, "100");
    dep.order = s.number.clone();
    dep.reference = "WX4200001234".into();
    let r = cash::record_payment(&w.db, &w.finance, &dep).unwrap();
    assert_eq!(
        r.prepayment.minor(),
        100_00,
        "a deposit waits for its order's invoice"
    );
    assert_eq!(balance(&w.db, "1012"), 100_00);
    shipping::ship(&w.db, &w.warehouse, &input).expect("paid: it ships");
    let inv = cash::invoice_order(&w.db, &w.finance, &s.number)
        .unwrap()
        .remove(0);
    assert_eq!(inv.prepaid_applied.minor(), 100_00);
    assert_eq!(inv.due_date, company_today());
    assert_eq!(balance(&w.db, "2203"), 0);
    clean(&w.db);
}

#[test]
fn per_order_basis_invoices_what_was_ordered_and_totals_match_the_order() {
    let w = world();
    w.db.conn()
        .execute("UPDATE company SET invoice_basis = 'order'", [])
        .unwrap();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("按单开票")
        .terms("eom:30")
        .credit_limit("100000")
        .create();
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "3")
        .price("3.33")
        .line(PLAIN_SKU, "7")
        .price("1.07")
        .submit();
    approve(&w, &s);
    let (issued, refused) = cash::invoice_all_ready(&w.db, &w.finance).unwrap();
    assert!(refused.is_empty(), "{refused:?}");
    let inv = issued
        .iter()
        .find(|i| {
            cash::invoice(&w.db, &i.number)
                .unwrap()
                .head
                .order_no
                .as_deref()
                == Some(s.number.as_str())
        })
        .unwrap();
    let detail = orders::order_detail(&w.db, s.id).unwrap();
    assert_eq!(
        inv.gross, detail.totals.gross,
        "the invoice adds up to the order to the fen"
    );
    // Month end plus 30 days.
    let today = company_today();
    let next_month = if chrono::Datelike::month(&today) == 12 {
        chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today) + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(
            chrono::Datelike::year(&today),
            chrono::Datelike::month(&today) + 1,
            1,
        )
    }
    .unwrap();
    assert_eq!(inv.due_date, next_month - Days::new(1) + Days::new(30));
    let e = cash::invoice_order(&w.db, &w.finance, &s.number).unwrap_err();
    assert!(matches!(refusal(&e), Refusal::NothingToInvoice { .. }));
    clean(&w.db);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("挑错客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let other = w.customer("别家").create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    let (so2, _) = shipped_order(&w, &other, "1", "10");
    let other_inv = cash::invoice_order(&w.db, &w.finance, &so2)
        .unwrap()
        .remove(0);
    let first = cash::record_payment(
        &w.db,
        &w.finance,
        &PaymentInput {
            reference: "BANK-001".into(),
            allocation: Allocation::None,
            ..PaymentInput::new(&cu, PaymentMethod::Bank, "20")
        },
    )
    .unwrap();
    let before = counts(&w.db);
    let tomorrow = (company_today() + Days::new(1)).to_string();
    let cases: Vec<(&str, ops::Result<()>)> = vec![
        (
            "zero",
            cash::record_payment(
                &w.db,
                &w.finance,
                &PaymentInput::new(&cu, PaymentMethod::Cash, "0"),
            )
            .map(|_| ()),
        ),
        (
            "negative",
            cash::record_payment(
                &w.db,
                &w.finance,
                &PaymentInput::new(&cu, PaymentMethod::Cash, "-5"),
            )
            .map(|_| ()),
        ),
        (
            "future",
            cash::record_payment(
                &w.db,
                &w.finance,
                &PaymentInput {
                    date: tomorrow.clone(),
                    ..PaymentInput::new(&cu, PaymentMethod::Cash, "5")
                },
            )
            .map(|_| ()),
        ),
        (
            "same reference",
            cash::record_payment(
                &w.db,
                &w.finance,
                &PaymentInput {
                    reference: "BANK-001".into(),
                    ..PaymentInput::new(&cu, PaymentMethod::Bank, "5")
                },
            )
            .map(|_| ()),
        ),
        (
            "above open",
            cash::record_payment(
                &w.db,
                &w.finance,
                &PaymentInput {
                    allocation: Allocation::ByHand(vec![(inv.number.clone(), "200".into())]),
                    ..PaymentInput::new(&cu, PaymentMethod::Bank, "500")
                },
            )
            .map(|_| ()),
        ),
        (
            "other customer's invoice",
            cash::allocate(
                &w.db,
                &w.finance,
                &first.number,
                &[(other_inv.number.clone(), "5".into())],
            )
            .map(|_| ()),
        ),
        (
            "above the payment",
            cash::allocate(
                &w.db,
                &w.finance,
                &first.number,
                &[(inv.number.clone(), "30".into())],
            )
            .map(|_| ()),
        ),
        (
            "write off above open",
            cash::write_off(&w.db, &w.finance, &inv.number, "100.01", "倒闭").map(|_| ()),
        ),
        (
            "write off without reason",
            cash::write_off(&w.db, &w.finance, &inv.number, "1", " ").map(|_| ()),
        ),
        (
            "invoice twice",
            cash::invoice_order(&w.db, &w.finance, &so).map(|_| ()),
        ),
        (
            "refund above unapplied",
            cash::refund_prepayment(&w.db, &w.finance, &first.number, "21", "退").map(|_| ()),
        ),
        (
            "credit note above open",
            cash::credit_note(
                &w.db,
                &w.finance,
                &inv.number,
                &[PriceCorrection {
                    line_no: 1,
                    new_price: "-1".into(),
                }],
                "改价",
            )
            .map(|_| ()),
        ),
        (
            "credit note not lower",
            cash::credit_note(
                &w.db,
                &w.finance,
                &inv.number,
                &[PriceCorrection {
                    line_no: 1,
                    new_price: "10".into(),
                }],
                "改价",
            )
            .map(|_| ()),
        ),
        (
            "write off by sales",
            cash::write_off(&w.db, &w.sales, &inv.number, "1", "x").map(|_| ()),
        ),
        (
            "statement reversed",
            cash::statement(&w.db, &cu, company_today(), company_today() - Days::new(1))
                .map(|_| ()),
        ),
    ];
    for (name, r) in &cases {
        assert!(r.is_err(), "{name} was accepted");
        assert_eq!(counts(&w.db), before, "{name} changed something");
    }
    let refusals: Vec<Option<Refusal>> = cases
        .iter()
        .map(|(_, r)| r.as_ref().err().and_then(|e| e.refusal().cloned()))
        .collect();
    assert_eq!(refusals[0], Some(Refusal::AmountNotPositive));
    assert!(matches!(refusals[2], Some(Refusal::PaymentInFuture { .. })));
    assert_eq!(
        refusals[3],
        Some(Refusal::ReferenceUsed {
            reference: "BANK-001".into(),
            receipt: first.number.clone()
        })
    );
    assert!(
        matches!(&refusals[4], Some(Refusal::AboveOpenBalance { open, .. }) if open.minor() == 100_00)
    );
    assert!(matches!(refusals[5], Some(Refusal::OtherCustomer { .. })));
    assert!(
        matches!(&refusals[6], Some(Refusal::AboveUnapplied { unapplied, .. }) if unapplied.minor() == 20_00)
    );
    assert!(
        matches!(&refusals[7], Some(Refusal::WriteOffAboveOpen { open, .. }) if open.minor() == 100_00)
    );
    assert_eq!(refusals[8], Some(Refusal::ReasonRequired));
    assert!(matches!(
        refusals[9],
        Some(Refusal::NothingToInvoice { .. })
    ));
    assert!(matches!(
        refusals[12],
        Some(Refusal::CorrectionNotLower { line: 1 })
    ));
    assert!(matches!(refusals[14], Some(Refusal::PeriodReversed { .. })));

    // A closed period: nothing posts into it, a payment dated in it is refused.
    let period = orderdesk::domain::ledger::period_of(company_today());
    ledger::close_period(&w.db, &w.finance, &period).unwrap();
    let before = counts(&w.db);
    let e = cash::record_payment(
        &w.db,
        &w.finance,
        &PaymentInput::new(&cu, PaymentMethod::Cash, "5"),
    )
    .unwrap_err();
    assert_eq!(
        refusal(&e),
        Refusal::PeriodClosed {
            period: period.clone()
        }
    );
    let e = cash::write_off(&w.db, &w.finance, &inv.number, "1", "核销").unwrap_err();
    assert_eq!(refusal(&e), Refusal::PeriodClosed { period });
    assert_eq!(counts(&w.db), before);
    clean(&w.db);
}

#[test]
fn write_off_credit_note_statement_and_aging() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("对账客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    let cn = cash::credit_note(
        &w.db,
        &w.finance,
        &inv.number,
        &[PriceCorrection {
            line_no: 1,
            new_price: "9".into(),
        }],
        "价格更正",
    )
    .unwrap();
    assert_eq!(cn.gross.minor(), 10_00);
    pay(&w, &cu, "60");
    let wo = cash::write_off(&w.db, &w.finance, &inv.number, "30", "客户倒闭").unwrap();
    assert!(wo.starts_with("WO-"));
    let view = cash::invoice(&w.db, &inv.number).unwrap();
    assert_eq!(
        (
            view.head.credited_minor,
            view.head.paid_minor,
            view.head.written_off_minor,
            view.head.open_minor
        ),
        (10_00, 60_00, 30_00, 0)
    );
    assert_eq!(balance(&w.db, "6702"), 30_00);
    let st = cash::statement(&w.db, &cu, company_today(), company_today()).unwrap();
    assert_eq!(st.opening.minor(), 0);
    assert_eq!(st.lines.len(), 4, "{:?}", st.lines);
    assert_eq!(
        st.closing.minor(),
        0,
        "invoices − credit notes − payments − write-offs"
    );

    // Aging: an open invoice, first not due, then in its bucket 45 days after it fell due.
    let (so2, _) = shipped_order(&w, &cu, "2", "10");
    let inv2 = cash::invoice_order(&w.db, &w.finance, &so2)
        .unwrap()
        .remove(0);
    let aging = cash::aging(&w.db, Some(&cu)).unwrap();
    assert_eq!(aging[0], (AgingBucket::NotDue, inv2.gross));
    let later = Utc::now() + Duration::days(75);
    clock::fixed(later, || {
        let aging = cash::aging(&w.db, None).unwrap();
        assert_eq!(
            aging.iter().find(|a| a.1.is_positive()).map(|a| a.0),
            Some(AgingBucket::Days31To60)
        );
        let list = cash::overdue_list(&w.db, 10).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].code, cu);
        assert!(
            list[0].days_overdue >= 44 && list[0].days_overdue <= 46,
            "{}",
            list[0].days_overdue
        );
    });
    clean(&w.db);
}

#[test]
fn follow_up_promise_broken_when_not_paid_by_the_date() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("催款客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    cash::add_follow_up(
        &w.db,
        &w.finance,
        &cash::FollowUpInput {
            customer: cu.clone(),
            contact: "王老板".into(),
            note: "答应月底付".into(),
            promise_amount: "100".into(),
            promise_date: (company_today() + Days::new(3)).to_string(),
            next_action: "再打电话".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let r = cash::customer_receivables(&w.db, &cu).unwrap();
    assert!(!r.follow_ups[0].promise_broken, "the date has not passed");
    clock::fixed(Utc::now() + Duration::days(5), || {
        let r = cash::customer_receivables(&w.db, &cu).unwrap();
        assert!(
            r.follow_ups[0].promise_broken,
            "nothing came by the promised date"
        );
    });
}

#[test]
fn the_credit_rule_counts_open_receivables_and_overdue_invoices_and_holds_release_with_a_reason() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("信用客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "9", "100");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    // 900 open + 200 new > 1000: the order waits for credit.
    let s = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "2")
        .price("100")
        .submit();
    assert!(
        matches!(&s.outcome, Outcome::Waiting(r) if r.contains(&Reason::Credit)),
        "{:?}",
        s.outcome
    );
    // Overdue beyond the grace days: the overdue rule fires.
    clock::fixed(Utc::now() + Duration::days(40), || {
        let s = w
            .order(&w.sales)
            .customer(&cu)
            .line(PLAIN_SKU, "1")
            .price("1")
            .submit();
        // The submission found the customer overdue beyond the grace days and held it:
        // the order waits for finance on both counts, and the daily sweep finds nobody
        // new to hold.
        assert!(
            matches!(&s.outcome, Outcome::Waiting(r)
                if r.contains(&Reason::Overdue) && r.contains(&Reason::CreditHold)),
            "{:?}",
            s.outcome
        );
        assert_eq!(cash::hold_overdue_customers(&w.db, &w.finance).unwrap(), 0);
        let pos = cash::customer_receivables(&w.db, &cu).unwrap().position;
        assert!(pos.on_hold);
        assert_eq!(pos.overdue.minor(), 900_00);
    });
    let e = cash::release_credit_hold(&w.db, &w.finance, &cu, "").unwrap_err();
    assert_eq!(refusal(&e), Refusal::ReasonRequired);
    let e = cash::release_credit_hold(&w.db, &w.sales, &cu, "老客户").unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    cash::release_credit_hold(&w.db, &w.finance, &cu, "老板担保").unwrap();
    assert!(
        !cash::customer_receivables(&w.db, &cu)
            .unwrap()
            .position
            .on_hold
    );
    let e = cash::release_credit_hold(&w.db, &w.finance, &cu, "再次").unwrap_err();
    assert!(matches!(refusal(&e), Refusal::NotOnCreditHold { .. }));
}

#[test]
fn check_catches_each_broken_invariant_of_the_ledger() {
    let w = world();
    w.db.conn()
        .execute("UPDATE company SET revenue_at = 'signoff'", [])
        .unwrap();
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w
        .customer("篡改客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    pay(&w, &cu, "150");
    clean(&w.db);
    let path = w.path.clone();
    let tamper = |sql: &str, expect: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("t.orderdesk");
        w.db.backup_to(&copy).unwrap();
        let db = Db::open(&copy, orderdesk::config::JournalSetting::Auto).unwrap();
        db.conn().execute_batch(sql).unwrap();
        let found: Vec<&str> = ops::check::run_check(&db)
            .unwrap()
            .iter()
            .map(|v| v.check)
            .collect();
        for e in expect {
            assert!(found.contains(e), "{sql}: {found:?} lacks {e}");
        }
    };
    let _ = path;
    tamper(
        "INSERT INTO journal_lines (entry_id, account, debit_minor) SELECT MIN(id), '1001', 1 FROM journal_entries",
        &["entries_balance", "trial_balance_zero"],
    );
    tamper(
        "UPDATE invoices SET open_minor = open_minor + 1, paid_minor = paid_minor - 1",
        &["receivable_matches_invoices", "customer_balance_matches"],
    );
    tamper(
        "UPDATE payments SET amount_minor = amount_minor + 1, unapplied_minor = unapplied_minor + 1",
        &["advances_match_prepayments", "customer_balance_matches"],
    );
    tamper(
        "UPDATE customer_balances SET open_ar_minor = open_ar_minor + 7",
        &["customer_balance_matches"],
    );
    tamper(
        "UPDATE shipment_costs SET signed_minor = signed_minor + 1",
        &["goods_shipped_match_transit"],
    );
    tamper(
        "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, actor_id, at) \
         SELECT product_id, bin_id, lot_id, 1000, 20000, 'adjust', actor_id, at FROM stock_moves LIMIT 1; \
         INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, actor_id, at) \
         SELECT product_id, bin_id, lot_id, -1000, 0, 'adjust', actor_id, at FROM stock_moves LIMIT 1",
        &["inventory_matches_stock"],
    );
    // The journal is append-only.
    assert!(w
        .db
        .conn()
        .execute("UPDATE journal_lines SET debit_minor = 0", [])
        .is_err());
    assert!(w
        .db
        .conn()
        .execute("DELETE FROM journal_entries", [])
        .is_err());
}

#[test]
fn a_fresh_demo_has_its_ledger_and_passes_check() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    clean(&db);
    assert!(balance(&db, "1405") > 0, "the demo's stock is in the books");
    assert!(count_rows(&db, "journal_entries") > 0);
}

/// One step of a customer's account in the property test below.
#[derive(Debug, Clone)]
enum Step {
    Invoice { qty: u8, price: u16 },
    Pay { yuan: u16, hold: bool },
    AllocateOldest { payment: usize },
    CreditNote { invoice: usize, cut: u8 },
    WriteOff { invoice: usize, yuan: u16 },
    Refund { payment: usize, yuan: u16 },
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (1u8..5, 1u16..60).prop_map(|(qty, price)| Step::Invoice { qty, price }),
        (1u16..400, any::<bool>()).prop_map(|(yuan, hold)| Step::Pay { yuan, hold }),
        (0usize..4).prop_map(|payment| Step::AllocateOldest { payment }),
        (0usize..4, 1u8..100).prop_map(|(invoice, cut)| Step::CreditNote { invoice, cut }),
        (0usize..4, 1u16..200).prop_map(|(invoice, yuan)| Step::WriteOff { invoice, yuan }),
        (0usize..4, 1u16..200).prop_map(|(payment, yuan)| Step::Refund { payment, yuan }),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// For any sequence of invoices, payments, allocations, prepayments, credit notes,
    /// write-offs and refunds (refused ones included), what the customer owes net of
    /// prepayments = invoices − credit notes − payments + refunds − write-offs, and the
    /// ledger balances and matches the documents.
    #[test]
    fn the_balance_is_the_sum_of_the_documents_and_the_ledger_balances(
        steps in proptest::collection::vec(step(), 1..10)
    ) {
        let w = world();
        w.product(PLAIN_SKU).stock(BIN_A, "100");
        let cu = w.customer("性质客户").terms("net:30").credit_limit("1000000").create();
        let mut invoices: Vec<String> = Vec::new();
        let mut payments: Vec<String> = Vec::new();
        let mut owed: i64 = 0;
        for s in &steps {
            match s {
                Step::Invoice { qty, price } => {
                    let (so, _) = shipped_order(&w, &cu, &qty.to_string(), &price.to_string());
                    for i in cash::invoice_order(&w.db, &w.finance, &so).unwrap() {
                        owed += i.gross.minor();
                        invoices.push(i.number);
                    }
                }
                Step::Pay { yuan, hold } => {
                    let mut p = PaymentInput::new(&cu, PaymentMethod::Cash, &yuan.to_string());
                    if *hold {
                        p.allocation = Allocation::None;
                    }
                    let r = cash::record_payment(&w.db, &w.finance, &p).unwrap();
                    owed -= i64::from(*yuan) * 100;
                    payments.push(r.number);
                }
                Step::AllocateOldest { payment } => {
                    if let Some(p) = payments.get(*payment) {
                        cash::allocate_oldest_first(&w.db, &w.finance, p).unwrap();
                    }
                }
                Step::CreditNote { invoice, cut } => {
                    if let Some(n) = invoices.get(*invoice) {
                        let price = cash::invoice(&w.db, n).unwrap().lines[0].unit_price;
                        let new = orderdesk::domain::money::UnitPrice::from_db(price * i64::from(100 - *cut) / 100);
                        let fix = [PriceCorrection { line_no: 1, new_price: new.to_string() }];
                        if let Ok(c) = cash::credit_note(&w.db, &w.finance, n, &fix, "更正") {
                            owed -= c.gross.minor();
                        }
                    }
                }
                Step::WriteOff { invoice, yuan } => {
                    if let Some(n) = invoices.get(*invoice) {
                        if cash::write_off(&w.db, &w.finance, n, &yuan.to_string(), "坏账").is_ok() {
                            owed -= i64::from(*yuan) * 100;
                        }
                    }
                }
                Step::Refund { payment, yuan } => {
                    if let Some(p) = payments.get(*payment) {
                        if cash::refund_prepayment(&w.db, &w.finance, p, &yuan.to_string(), "退").is_ok() {
                            owed += i64::from(*yuan) * 100;
                        }
                    }
                }
            }
        }
        let pos = cash::customer_receivables(&w.db, &cu).unwrap().position;
        proptest::prop_assert_eq!(pos.open_ar.minor() - pos.prepaid.minor(), owed);
        let st = cash::statement(&w.db, &cu, company_today(), company_today()).unwrap();
        proptest::prop_assert_eq!(st.closing.minor(), owed);
        let v = ops::check::run_check(&w.db).unwrap();
        proptest::prop_assert!(v.is_empty(), "{:?}", v);
    }
}

#[test]
fn a_gbk_statement_export_imports_once_and_names_unknown_payers() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("华信五金")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "150");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    let text = format!(
        "交易时间,对方户名,收入金额,支付方式,交易单号\n\
         2026-11-28 10:01:02,华信五金,\"￥1,200.00\",银行转账,B0001\n\
         2026-11-28 10:05:00,{cu},\"￥300\",微信,WX0002\n\
         2026-11-28 11:00:00,不认识的公司,50,支付宝,AL0003\n"
    );
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    assert!(std::str::from_utf8(&gbk).is_err(), "the file really is GBK");
    let rows = cash::parse_payments_csv(&gbk).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].payer, "华信五金");
    let before = count_rows(&w.db, "payments");
    // Dated today, whatever the file says about the date: a test must not depend on it.
    let rows: Vec<_> = rows
        .into_iter()
        .map(|mut r| {
            r.date = String::new();
            r
        })
        .collect();
    let r = cash::import_payments(&w.db, &w.finance, &rows, orderdesk::i18n::Lang::En).unwrap();
    assert_eq!(r.recorded.len(), 2, "{r:?}");
    assert_eq!(r.unknown, vec![(4, "不认识的公司".to_string())]);
    assert_eq!(count_rows(&w.db, "payments"), before + 2);
    assert_eq!(
        cash::invoice(&w.db, &inv.number).unwrap().head.open_minor,
        0
    );
    let again = cash::import_payments(&w.db, &w.finance, &rows, orderdesk::i18n::Lang::En).unwrap();
    assert!(again.recorded.is_empty());
    assert_eq!(again.already.len(), 2);
    assert_eq!(
        count_rows(&w.db, "payments"),
        before + 2,
        "a second import records nothing"
    );
    clean(&w.db);
}

#[test]
fn invoices_and_statements_print_within_the_width_in_both_languages() {
    use orderdesk::domain::text::display_width;
    use orderdesk::i18n::Lang;
    use orderdesk::print::cash::{invoice_html, invoice_text, statement_html, statement_text};
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("宏达<建材>五金有限公司")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "3", "1234.56");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    pay(&w, &cu, "1000");
    let v = cash::invoice(&w.db, &inv.number).unwrap();
    let st = cash::statement(&w.db, &cu, company_today(), company_today()).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for width in [80, 136] {
            for text in [
                invoice_text(&v, COMPANY, lang, width),
                statement_text(&st, COMPANY, lang, width),
            ] {
                for l in text.lines() {
                    assert!(display_width(l) <= width, "{l:?} at {width}");
                }
                assert!(text.contains(&inv.number));
            }
        }
        let t = invoice_text(&v, COMPANY, lang, 80);
        assert!(t.contains("3,703.68"), "the gross: {t}");
        let html = statement_html(&st, COMPANY, lang);
        assert!(html.contains("&lt;建材&gt;") && !html.contains("<建材>"));
        assert!(invoice_html(&v, COMPANY, lang).contains(&inv.number));
        let s = statement_text(&st, COMPANY, lang, 80);
        assert!(s.contains("2,703.68"), "the closing balance: {s}");
    }
}

#[test]
fn a_counter_sale_is_ordered_picked_shipped_signed_invoiced_and_paid_in_one_go() {
    use orderdesk::ops::cash::CounterSaleInput;
    let w = world();
    w.product(PLAIN_SKU).stock_at(BIN_A, "10", "2.00");
    let walk_in = w.customer("散客").create();
    // A counter clerk whose own limit covers the sale: it needs nobody's approval.
    let clerk = w
        .user("counter")
        .roles(&[orderdesk::domain::access::Role::Sales])
        .limit(orderdesk::domain::money::Money::from_minor(1000_00))
        .create();
    let mut one = line(PLAIN_SKU, "3");
    one.unit_price = "12.50".into();
    let sale = |tendered: &str, bin: &str| {
        cash::counter_sale(
            &w.db,
            &clerk,
            &CounterSaleInput {
                customer: String::new(),
                lines: vec![one.clone()],
                bin: bin.into(),
                method: PaymentMethod::Cash,
                tendered: tendered.into(),
                reference: String::new(),
            },
        )
    };
    let e = sale("100", BIN_A).unwrap_err();
    assert_eq!(refusal(&e), Refusal::WalkInMissing);
    cash::set_walk_in_customer(&w.db, &w.admin, &walk_in).unwrap();
    let before = counts(&w.db);
    let e = sale("10", BIN_A).unwrap_err();
    assert!(
        matches!(refusal(&e), Refusal::TenderedBelowTotal { .. }),
        "{e:?}"
    );
    let e = sale("100", BIN_B).unwrap_err();
    assert!(
        matches!(refusal(&e), Refusal::CounterShort { line: 1, .. }),
        "{e:?}"
    );
    assert_eq!(counts(&w.db), before, "a refused sale changes nothing");
    let sold = sale("50", BIN_A).unwrap();
    assert_eq!(sold.total.minor(), 37_50);
    assert_eq!(sold.change.minor(), 12_50);
    let inv = cash::invoice(&w.db, &sold.invoice).unwrap();
    assert_eq!(inv.head.open_minor, 0);
    let detail = orders::order_detail(&w.db, order_id(&w.db, &sold.order)).unwrap();
    assert_eq!(detail.stage, orderdesk::domain::order::OrderStage::Closed);
    assert_eq!(balance(&w.db, "1001"), 37_50);
    assert_eq!(balance(&w.db, "6401"), 6_00);
    let r = cash::receipt(&w.db, &sold.invoice).unwrap();
    for width in [32, 42] {
        for lang in [orderdesk::i18n::Lang::Zh, orderdesk::i18n::Lang::En] {
            let text = orderdesk::print::cash::receipt_text(&r, COMPANY, lang, width);
            for l in text.lines() {
                assert!(orderdesk::domain::text::display_width(l) <= width, "{l:?}");
            }
            assert!(text.contains("37.50") && text.contains("12.50"), "{text}");
        }
    }
    clean(&w.db);
}

#[test]
fn money_is_received_only_into_cash_bank_or_other_funds() {
    let w = world();
    let cu = w.customer("科目客户").create();
    let before = counts(&w.db);
    let mut p = PaymentInput::new(&cu, PaymentMethod::Bank, "10");
    p.account = Some(orderdesk::domain::ledger::Account::Revenue);
    let e = cash::record_payment(&w.db, &w.finance, &p).unwrap_err();
    assert_eq!(
        refusal(&e),
        Refusal::NotAPaymentAccount {
            code: "6001".into()
        }
    );
    assert_eq!(counts(&w.db), before);
    p.account = Some(orderdesk::domain::ledger::Account::OtherFunds);
    cash::record_payment(&w.db, &w.finance, &p).unwrap();
    assert_eq!(balance(&w.db, "1012"), 10_00);
    clean(&w.db);
}

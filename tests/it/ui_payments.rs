//! Payment entry (收款单) on the screen: the customer scanned, the amount with ¥ and
//! thousands separators, F5 records it oldest invoice first or by hand, an overpayment
//! is kept as prepayment and the screen says so; every refusal is shown and changes
//! nothing; sales neither see the screen nor may record a payment.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::Datelike;
use crossterm::event::KeyCode;

use crate::cash::{balance, shipped_order};
use crate::ui_picking::ui_as;
use crate::world::*;
use orderdesk::i18n::Lang;
use orderdesk::ops::cash;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::cash::payment::PaymentEntry;

/// A customer on net 30 with one shipped and invoiced order of ¥113.00 per order given.
fn customer_with_invoices(w: &World, n: usize) -> (String, Vec<String>) {
    w.product(PLAIN_SKU).stock_at(BIN_A, "100", "4.00");
    let cu = w
        .customer("收款客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let mut invoices = Vec::new();
    for _ in 0..n {
        let (so, _) = shipped_order(w, &cu, "10", "11.30");
        for i in cash::invoice_order(&w.db, &w.finance, &so).unwrap() {
            invoices.push(i.number);
        }
    }
    (cu, invoices)
}

fn open_of(w: &World, invoice: &str) -> i64 {
    cash::invoice(&w.db, invoice).unwrap().head.open_minor
}

/// The payment screen with the customer scanned and the method left at cash.
fn entry(w: &World, user: &str, customer: &str) -> orderdesk::ui::harness::Ui {
    let mut ui = ui_as(w, user, Lang::Zh, 80, 24);
    ui.go(Route::Payment);
    assert_eq!(ui.on(), "payment");
    ui.scan(customer);
    ui
}

/// Moves the focus to a field of the payment form (out of the by-hand rows).
fn focus(ui: &mut orderdesk::ui::harness::Ui, key: &str) {
    if let Some(v) = ui.view_mut::<PaymentEntry>() {
        v.row = None;
        v.form.focus_on(key);
    }
}

#[test]
fn an_overpayment_pays_the_oldest_invoice_and_the_rest_is_prepayment_on_screen() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 2);
    let mut ui = entry(&w, "finance", &cu);
    // The customer's open invoices show under the form.
    let screen = ui.screen();
    assert!(
        screen.contains(&inv[0]) && screen.contains(&inv[1]),
        "{screen}"
    );
    // Bank transfer: one step right of cash on the method field.
    ui.key(KeyCode::Right);
    assert_eq!(
        ui.view::<PaymentEntry>().unwrap().form.get("method"),
        "bank"
    );
    ui.key(KeyCode::Enter).scan("BANK-0001");
    focus(&mut ui, "amount");
    ui.text("¥1,226.00").key(KeyCode::F(5));
    let status = ui.status();
    assert!(status.contains("RCV-"), "{status}");
    assert!(
        status.contains("预收款") && status.contains("1,000.00"),
        "{status}"
    );
    assert_eq!(open_of(&w, &inv[0]), 0);
    assert_eq!(open_of(&w, &inv[1]), 0);
    assert_eq!(balance(&w.db, "1122"), 0);
    assert_eq!(
        balance(&w.db, "2203"),
        -1_000_00,
        "the rest is owed back as prepayment"
    );
    // The form is ready for the next payment of the same customer.
    let v = ui.view::<PaymentEntry>().unwrap();
    assert_eq!(v.form.get("amount"), "");
    assert_eq!(v.form.get("customer"), cu);
    assert!(v.customer.as_ref().unwrap().open_invoices.is_empty());
    assert_consistent(&w.db);
}

#[test]
fn oldest_first_pays_the_first_invoice_before_the_second() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 2);
    let mut ui = entry(&w, "finance", &cu);
    focus(&mut ui, "amount");
    ui.text("150").key(KeyCode::F(5));
    assert_eq!(open_of(&w, &inv[0]), 0, "{}", ui.status());
    assert_eq!(open_of(&w, &inv[1]), 76_00);
}

#[test]
fn by_hand_each_invoice_has_its_own_amount_field() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 3);
    let mut ui = entry(&w, "finance", &cu);
    focus(&mut ui, "amount");
    ui.text("150");
    focus(&mut ui, "allocation");
    ui.key(KeyCode::Right); // by hand
                            // Enter goes from the allocation field into the first invoice's amount.
    ui.key(KeyCode::Enter);
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, Some(0));
    let s = ui.screen();
    assert!(s.contains("本次核销"), "the amount column shows: {s}");
    // The second invoice 50, the third filled with → (what the payment leaves: 100).
    ui.key(KeyCode::Enter).text("50").key(KeyCode::Enter);
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, Some(2));
    ui.key(KeyCode::Right);
    assert_eq!(
        ui.view::<PaymentEntry>().unwrap().hand,
        ["", "50", "100.00"]
    );
    let s = ui.screen();
    let row = s.lines().find(|l| l.contains(&inv[1])).unwrap_or_default();
    assert!(row.contains("113.00 50 "), "the amount on its row: {row}");
    assert!(s.contains("本次核销 ¥150.00"), "{s}");
    // Past the last row: the note; and back up into the rows.
    ui.key(KeyCode::Enter);
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, None);
    assert_eq!(ui.view::<PaymentEntry>().unwrap().form.focus_key(), "note");
    ui.key(KeyCode::Up);
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, Some(2));
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains(&inv[1]), "{}", ui.status());
    assert_eq!(open_of(&w, &inv[0]), 113_00);
    assert_eq!(open_of(&w, &inv[1]), 63_00);
    assert_eq!(open_of(&w, &inv[2]), 13_00);
    // Recorded: the amounts are cleared for the next payment.
    let v = ui.view::<PaymentEntry>().unwrap();
    assert!(v.hand.iter().all(String::is_empty), "{:?}", v.hand);
    assert_consistent(&w.db);
}

/// Payments recorded so far.
fn payments(w: &World) -> i64 {
    count_rows(&w.db, "payments")
}

#[test]
fn each_bad_payment_is_refused_on_screen_and_changes_nothing() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 1);
    let mut ui = entry(&w, "finance", &cu);

    // Zero, and negative.
    for amount in ["0", "-5"] {
        focus(&mut ui, "amount");
        ui.ctrl('u').text(amount).key(KeyCode::F(5));
        assert!(
            ui.status().contains("金额必须大于零") || ui.status().contains("金额"),
            "{}",
            ui.status()
        );
        assert_eq!(
            ui.view::<PaymentEntry>().unwrap().form.focus_key(),
            "amount"
        );
        assert_eq!(payments(&w), 0);
    }

    // Dated tomorrow.
    focus(&mut ui, "amount");
    ui.ctrl('u').text("10");
    focus(&mut ui, "date");
    ui.text(&days_from_today(1).to_string()).key(KeyCode::F(5));
    assert!(ui.status().contains("晚于今天"), "{}", ui.status());
    assert_eq!(
        ui.status().matches("收款日期").count(),
        1,
        "{}",
        ui.status()
    );
    assert_eq!(ui.view::<PaymentEntry>().unwrap().form.focus_key(), "date");
    assert_eq!(payments(&w), 0);
    focus(&mut ui, "date");
    ui.ctrl('u');

    // By hand: nothing typed, above the invoice's open balance (on its row), above the
    // payment, and no amount at all.
    focus(&mut ui, "allocation");
    ui.key(KeyCode::Right).key(KeyCode::F(5));
    assert_eq!(payments(&w), 0, "{}", ui.status());
    assert!(ui.status().contains("手工核销"), "{}", ui.status());
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, Some(0));
    ui.text("200").key(KeyCode::F(5));
    assert_eq!(payments(&w), 0, "{}", ui.status());
    assert!(
        ui.status().contains(&inv[0]) && ui.status().contains("113.00"),
        "{}",
        ui.status()
    );
    assert_eq!(
        ui.view::<PaymentEntry>().unwrap().row,
        Some(0),
        "on its row"
    );
    ui.ctrl('u').text("20").key(KeyCode::F(5));
    assert_eq!(payments(&w), 0, "above the payment of 10: {}", ui.status());
    assert!(
        ui.status().contains("超过本次收款") && ui.status().contains("20.00"),
        "{}",
        ui.status()
    );
    assert_eq!(
        ui.view::<PaymentEntry>().unwrap().form.focus_key(),
        "amount"
    );
    ui.view_mut::<PaymentEntry>().unwrap().focus_row(0);
    ui.ctrl('u').text("1:5").key(KeyCode::F(5));
    assert!(ui.status().contains("1:5"), "{}", ui.status());
    assert_eq!(ui.view::<PaymentEntry>().unwrap().row, Some(0));
    assert_eq!(payments(&w), 0);
    ui.ctrl('u');
    focus(&mut ui, "allocation");
    ui.key(KeyCode::Left);

    // The same reference twice names the earlier receipt.
    focus(&mut ui, "reference");
    ui.text("WX-42");
    focus(&mut ui, "amount");
    ui.ctrl('u').text("10").key(KeyCode::F(5));
    assert_eq!(payments(&w), 1, "{}", ui.status());
    let first = cash::payment_page(&w.db, "9999-12-31", i64::MAX, 1)
        .unwrap()
        .first()
        .map(|p| p.number.clone())
        .unwrap();
    focus(&mut ui, "reference");
    ui.text("WX-42");
    focus(&mut ui, "amount");
    ui.text("10").key(KeyCode::F(5));
    assert_eq!(payments(&w), 1);
    assert!(ui.status().contains(&first), "{}", ui.status());
    assert_eq!(
        ui.status().matches("参考号").count(),
        1,
        "the field is named once: {}",
        ui.status()
    );
    assert_eq!(
        ui.view::<PaymentEntry>().unwrap().form.focus_key(),
        "reference"
    );
    assert_eq!(open_of(&w, &inv[0]), 103_00);
    assert_consistent(&w.db);
}

#[test]
fn a_payment_into_a_closed_period_is_refused() {
    let w = world();
    let (cu, _) = customer_with_invoices(&w, 1);
    let last_month = company_today().with_day(1).unwrap().pred_opt().unwrap();
    orderdesk::ops::ledger::close_period(
        &w.db,
        &w.finance,
        &last_month.format("%Y-%m").to_string(),
    )
    .unwrap();
    let mut ui = entry(&w, "finance", &cu);
    focus(&mut ui, "date");
    ui.text(&last_month.to_string());
    focus(&mut ui, "amount");
    ui.text("10").key(KeyCode::F(5));
    assert_eq!(payments(&w), 0, "{}", ui.status());
    assert!(
        ui.status()
            .contains(&last_month.format("%Y-%m").to_string()),
        "{}",
        ui.status()
    );
}

#[test]
fn an_unknown_customer_is_said_and_cleared() {
    let w = world();
    let ui = entry(&w, "finance", "NOBODY-9");
    assert!(ui.status().contains("NOBODY-9"), "{}", ui.status());
    assert_eq!(ui.view::<PaymentEntry>().unwrap().form.get("customer"), "");
}

#[test]
fn sales_do_not_see_payment_entry_and_may_not_record_one() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 1);
    let mut ui = ui_as(&w, "sales", Lang::En, 80, 24);
    ui.go(Route::Menu);
    let menu = ui.screen();
    assert!(!menu.contains("Payment entry"), "{menu}");
    assert!(!menu.contains("Ledger · cash"), "{menu}");
    // Opened anyway, the screen warns and ops refuses.
    ui.go(Route::Payment);
    assert!(ui.status().contains("may not"), "{}", ui.status());
    ui.scan(&cu);
    if let Some(v) = ui.view_mut::<PaymentEntry>() {
        v.form.focus_on("amount");
    }
    ui.text("113").key(KeyCode::F(5));
    assert_eq!(payments(&w), 0);
    assert_eq!(open_of(&w, &inv[0]), 113_00);
    // Finance sees the group and the entry.
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Menu);
    let menu = ui.screen();
    assert!(
        menu.contains("Payment entry") && menu.contains("Ledger · cash"),
        "{menu}"
    );
}

#[test]
fn ops_refuses_allocations_above_the_payment_or_none_at_all_and_changes_nothing() {
    let w = world();
    let (cu, inv) = customer_with_invoices(&w, 2);
    let by_hand_of = |amount: &str, parts: Vec<(String, String)>| {
        let mut p = cash::PaymentInput::new(&cu, cash::PaymentMethod::Bank, amount);
        p.allocation = cash::Allocation::ByHand(parts);
        cash::record_payment(&w.db, &w.finance, &p)
    };
    let by_hand = |parts| by_hand_of("100", parts);
    let e = by_hand(vec![
        (inv[0].clone(), "60".into()),
        (inv[1].clone(), "41".into()),
    ])
    .refused();
    assert_eq!(
        e.refusal(),
        Some(&orderdesk::ops::Refusal::AllocatedAbovePayment {
            allocated: orderdesk::domain::money::Money::from_minor(101_00),
            amount: orderdesk::domain::money::Money::from_minor(100_00),
        })
    );
    let e = by_hand(vec![]).refused();
    assert_eq!(
        e.refusal(),
        Some(&orderdesk::ops::Refusal::NothingAllocatedByHand)
    );
    let e = by_hand_of("200", vec![(inv[0].clone(), "114".into())]).refused();
    assert!(
        matches!(
            e.refusal(),
            Some(orderdesk::ops::Refusal::AboveOpenBalance { .. })
        ),
        "{e:?}"
    );
    assert_eq!(payments(&w), 0);
    assert_eq!(
        (open_of(&w, &inv[0]), open_of(&w, &inv[1])),
        (113_00, 113_00)
    );
    by_hand(vec![
        (inv[0].clone(), "60".into()),
        (inv[1].clone(), "40".into()),
    ])
    .unwrap();
    assert_eq!((open_of(&w, &inv[0]), open_of(&w, &inv[1])), (53_00, 73_00));
}

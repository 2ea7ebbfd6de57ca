//! The credit hold and its release on screen: the receivables head says who released a
//! hold, when and why; order intake's customer line says so too; at 80 columns long
//! follow-ups and prepayments wrap instead of being cut, and what does not fit is
//! marked and opens in full with Enter.

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use orderdesk::ui::route::Route;

use crate::cash::shipped_order;
use crate::ui_picking::ui_as;
use crate::world::*;

fn customer_id(w: &World, code: &str) -> i64 {
    orderdesk::store::customers::by_code(w.db.conn(), code)
        .unwrap()
        .unwrap()
        .id
}

/// A customer on credit owing ¥100.00, held and released by finance with `reason`.
fn released(w: &World, reason: &str) -> String {
    let cu = w
        .customer("解冻客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    let (so, _) = shipped_order(w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    orderdesk::store::cash::set_credit_hold(
        w.db.conn(),
        customer_id(w, &cu),
        true,
        Some("overdue 45 days"),
    )
    .unwrap();
    cash::release_credit_hold(&w.db, &w.finance, &cu, reason).unwrap();
    cu
}

#[test]
fn a_released_hold_shows_on_the_receivables_and_on_the_intake_line() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = released(&w, "老板担保月底结清");
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Receivables(customer_id(&w, &cu)));
    let s = ui.screen();
    assert!(s.contains("信用冻结已解除：老板担保月底结清"), "{s}");
    assert!(s.contains(FINANCE_NAME), "who released it: {s}");
    assert!(
        s.contains("冻结原因：冻结时逾期 45"),
        "what had held it: {s}"
    );
    assert!(!s.contains('…'), "nothing cut: {s}");

    let mut en = ui_as(&w, "sales", Lang::En, 80, 24);
    en.go(Route::NewOrder).scan(&cu);
    let s = en.screen();
    let line = s
        .lines()
        .find(|l| l.contains("owes 100.00"))
        .unwrap_or_else(|| panic!("no credit line: {s}"));
    assert!(line.contains("credit left 900.00"), "the figures: {line}");
    assert!(!line.contains("ON HOLD"), "{line}");
    // The release beside the customer's name, where there is room for it.
    let customer = s
        .lines()
        .find(|l| l.contains("Customer: 解冻客户"))
        .unwrap_or_else(|| panic!("no customer line: {s}"));
    assert!(
        customer.contains("hold released: 老板担保月底结清"),
        "{customer}"
    );
}

#[test]
fn long_follow_ups_and_prepayments_wrap_at_80_columns_and_open_in_full() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("长备注客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    // Three prepayments: more than one line holds at 80 columns.
    for (i, amount) in ["1000", "2000", "3000"].iter().enumerate() {
        let mut p = PaymentInput::new(&cu, PaymentMethod::Bank, amount);
        p.reference = format!("B-PRE-{i}");
        p.allocation = Allocation::None;
        cash::record_payment(&w.db, &w.finance, &p).unwrap();
    }
    let note = "客户说资金周转困难，下月十五号之前先付一半，剩下的等工程款到账后一次付清，请务必按时跟进确认";
    for (contact, next) in [
        ("刘经理", "月中再打电话确认付款进度"),
        ("王老板", "到期前三天上门拜访"),
    ] {
        cash::add_follow_up(
            &w.db,
            &w.finance,
            &cash::FollowUpInput {
                customer: cu.clone(),
                contact: contact.into(),
                note: note.into(),
                next_action: next.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Receivables(customer_id(&w, &cu)));
    let s = ui.screen();
    // The prepayments wrap: all three receipts are on the screen, none cut.
    for n in cash::unapplied_payments(&w.db, &cu).unwrap() {
        assert!(s.contains(&n.number), "{} missing: {s}", n.number);
    }
    assert!(!s.contains('…'), "nothing is cut with an ellipsis: {s}");
    // The newest follow-up wraps onto the next rows, its end included.
    assert!(s.contains("王老板"), "{s}");
    assert!(
        s.contains("到期前三天上门拜访"),
        "the end of a wrapped entry: {s}"
    );
    // Two long entries do not fit in three rows: the frame says so, Enter opens all.
    assert!(s.contains("Enter 查看全文"), "{s}");
    ui.key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("message"));
    let s = ui.screen();
    assert!(s.contains("刘经理"), "the older entry in full: {s}");
    assert!(s.contains("月中再打电话确认付款进度"), "{s}");
    assert!(s.contains("B-PRE-0") || s.contains("3,000.00"), "{s}");
    // Any key closes it.
    ui.key(KeyCode::Down);
    assert_eq!(ui.app.top_layer(), None);

    // Wide, everything fits: no mark.
    let mut wide = ui_as(&w, "finance", Lang::En, 160, 40);
    wide.go(Route::Receivables(customer_id(&w, &cu)));
    let s = wide.screen();
    assert!(!s.contains("Enter shows all"), "{s}");
    assert!(s.contains("Prepayments/deposits: RCV-"), "{s}");
}

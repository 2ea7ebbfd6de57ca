//! The counter sale on the intake screen: goods scanned for a walk-in, a key takes the
//! payment (cash with change, or a scanned payment code), and the sale is approved,
//! shipped, signed for, invoiced and paid at once; the receipt is written at 32 or 42
//! columns and can be reprinted from the invoice. A refused payment keeps the form and
//! changes nothing; users who may not take orders are not offered the key.

use crossterm::event::KeyCode;

use crate::ui_picking::ui_as;
use crate::world::*;
use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::text::display_width;
use orderdesk::i18n::Lang;
use orderdesk::ops::cash;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;

/// A company with a walk-in customer and the plain product in stock.
fn counter_world() -> World {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let walk_in = w.customer("散客").create();
    cash::set_walk_in_customer(&w.db, &w.admin, &walk_in).unwrap();
    // A counter clerk whose own limit covers a sale: it needs nobody's approval.
    w.user("counter")
        .roles(&[Role::Sales])
        .limit(Money::from_minor(100_000))
        .create();
    w
}

fn at_counter(w: &World) -> Ui {
    let mut ui = ui_as(w, "counter", Lang::Zh, 80, 24);
    ui.go(Route::NewOrder);
    // No customer: Enter on the empty customer field goes to the scan line.
    ui.key(KeyCode::Enter).scan(PLAIN_EAN).scan(PLAIN_EAN);
    ui
}

fn counts(w: &World) -> (i64, i64, i64) {
    (
        count_rows(&w.db, "orders"),
        count_rows(&w.db, "invoices"),
        count_rows(&w.db, "payments"),
    )
}

#[test]
fn cash_at_the_counter_sells_invoices_gives_change_and_writes_the_receipt() {
    let w = counter_world();
    let out = w.dir.path().join("out");
    let mut ui = at_counter(&w);
    ui.app.output.dir = Some(out.clone());
    let before = on_hand(&w.db, w.plain_id);
    ui.key(KeyCode::F(11));
    // Cash (the first method): the amount handed over, then the 32-column receipt.
    ui.key(KeyCode::Enter).text("1000");
    for _ in 0..3 {
        ui.key(KeyCode::Enter);
    }
    ui.key(KeyCode::Right).key(KeyCode::F(5));
    let status = ui.status();
    assert!(status.contains("找零"), "{status}");
    assert_eq!(counts(&w), (1, 1, 1), "{status}");
    assert_eq!(
        on_hand(&w.db, w.plain_id),
        before - 2_000,
        "two units left the counter"
    );
    let inv =
        cash::invoice_page(&w.db, cash::InvoiceFilter::All, "9999-12-31", i64::MAX, 1).unwrap();
    let inv = &inv[0];
    assert_eq!(inv.open_minor, 0, "paid in full");
    assert_eq!(inv.customer_name, "散客");
    let receipt = std::fs::read_to_string(out.join(format!("receipt-{}.txt", inv.number)))
        .unwrap_or_else(|e| panic!("{e}: {status}"));
    let order = inv.order_no.clone().unwrap_or_default();
    assert!(!order.is_empty() && receipt.contains(&order), "{receipt}");
    assert!(
        receipt.contains("找零"),
        "the change is on the receipt:\n{receipt}"
    );
    assert!(
        receipt.lines().all(|l| display_width(l) <= 32),
        "a 32-column receipt:\n{receipt}"
    );
    assert_consistent(&w.db);

    // Reprinted from the invoice, at 42 columns.
    std::fs::remove_file(out.join(format!("receipt-{}.txt", inv.number))).unwrap();
    ui.go(Route::Invoice(inv.number.clone()));
    ui.key(KeyCode::F(9));
    let again = std::fs::read_to_string(out.join(format!("receipt-{}.txt", inv.number)))
        .unwrap_or_else(|e| panic!("{e}: {}", ui.status()));
    assert!(again.contains(&order), "{again}");
    // The reprint shows the cash handed over and the change given, as the first did.
    let line_of = |text: &str, word: &str| {
        text.lines()
            .find(|l| l.contains(word))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_string())
    };
    assert_eq!(
        line_of(&again, "找零").as_deref(),
        Some("997.60"),
        "{again}"
    );
    assert_eq!(line_of(&receipt, "找零"), line_of(&again, "找零"));
    assert_eq!(
        line_of(&again, "现金").as_deref(),
        Some("1,000.00"),
        "{again}"
    );
    let view = cash::receipt(&w.db, &inv.number).unwrap();
    assert_eq!(view.tendered.minor(), 100_000);
    assert_eq!(view.change.minor(), 99_760);
}

#[test]
fn too_little_cash_or_a_used_payment_code_keeps_the_form_and_changes_nothing() {
    let w = counter_world();
    let mut ui = at_counter(&w);
    ui.key(KeyCode::F(11))
        .key(KeyCode::Enter)
        .text("0.01")
        .key(KeyCode::F(5));
    assert_eq!(counts(&w), (0, 0, 0), "{}", ui.status());
    assert!(!ui.status().is_empty());
    assert!(ui.screen().contains("0.01"), "the payment form stays open");
    // WeChat Pay with a scanned code sells; the same code again is refused.
    ui.key(KeyCode::Esc);
    ui.key(KeyCode::F(11))
        .key(KeyCode::Right)
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .text("134567890123456789")
        .key(KeyCode::F(5));
    assert_eq!(counts(&w), (1, 1, 1), "{}", ui.status());
    let mut ui = at_counter(&w);
    ui.key(KeyCode::F(11))
        .key(KeyCode::Right)
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .text("134567890123456789")
        .key(KeyCode::F(5));
    assert_eq!(counts(&w), (1, 1, 1), "{}", ui.status());
    assert!(
        ui.status().contains("RCV-"),
        "names the earlier receipt: {}",
        ui.status()
    );
}

#[test]
fn nothing_scanned_nothing_to_pay() {
    let w = counter_world();
    let mut ui = ui_as(&w, "sales", Lang::En, 80, 24);
    ui.go(Route::NewOrder);
    ui.key(KeyCode::F(11));
    assert!(
        ui.status().contains("Scan the goods first"),
        "{}",
        ui.status()
    );
    assert_eq!(counts(&w), (0, 0, 0));
}

#[test]
fn the_counter_key_is_offered_to_order_takers_only() {
    let w = counter_world();
    let mut ui = ui_as(&w, "sales", Lang::En, 160, 40);
    ui.go(Route::NewOrder);
    assert!(ui.screen().contains("Counter sale"));
    let mut ui = ui_as(&w, "warehouse", Lang::En, 160, 40);
    ui.go(Route::NewOrder);
    assert!(!ui.screen().contains("Counter sale"));
}

#[test]
fn the_demo_sells_to_a_walk_in_at_the_counter_without_a_customer_record() {
    let (_d, path) = demo_copy();
    let db = orderdesk::store::Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let sales = demo_actor(&db, "sales");
    let sold = cash::counter_sale(
        &db,
        &sales,
        &cash::CounterSaleInput {
            customer: String::new(),
            lines: vec![line("HW-000001", "2")],
            bin: "A-01-01".into(),
            method: cash::PaymentMethod::Cash,
            tendered: "10".into(),
            reference: String::new(),
        },
    )
    .unwrap_or_else(|e| panic!("{}", orderdesk::i18n::Localized::localized(&e, Lang::En)));
    let inv = cash::invoice(&db, &sold.invoice).unwrap();
    assert_eq!(inv.head.customer_name, "散客");
    assert_consistent(&db);
}

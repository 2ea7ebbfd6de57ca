//! The receivables screens driven by keys: a customer's receivables opened from the
//! customer list, a follow-up added, a credit hold released with a reason, a write-off
//! refused above what is open and done within it, a statement printed and a reversed
//! period refused; what sales may not do neither shown nor allowed; the overdue list,
//! most overdue first, opening a customer by Enter and by a scanned code.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, cash};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::cash::overdue::OverdueView;
use orderdesk::ui::screens::cash::receivables::ReceivablesView;
use orderdesk::ui::view::Output;

use crate::cash::shipped_order;
use crate::ui_picking::{is_error, ui_as};
use crate::world::*;

fn customer_id(w: &World, code: &str) -> i64 {
    w.db.conn()
        .query_row("SELECT id FROM customers WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap()
}

/// A customer on 30 days' credit with one invoice of ¥100.00 (10 at ¥10), its number.
fn invoiced_customer(w: &World, name: &str) -> (String, String) {
    let cu = w
        .customer(name)
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(w, &cu, "10", "10");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    (cu, inv.number)
}

/// Moves an invoice's date and due date `days` days into the past.
fn due_days_ago(w: &World, invoice: &str, days: i64) {
    w.db.conn()
        .execute(
            "UPDATE invoices SET due_date = ?1, invoice_date = ?1 WHERE number = ?2",
            rusqlite::params![days_from_today(-days).to_string(), invoice],
        )
        .unwrap();
}

fn receivables(ui: &Ui) -> &ReceivablesView {
    ui.view::<ReceivablesView>()
        .expect("on the receivables screen")
}

#[test]
fn the_customer_list_opens_the_receivables_with_balance_aging_and_open_invoices() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, inv) = invoiced_customer(&w, "应收客户");
    due_days_ago(&w, &inv, 40);
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    let id = customer_id(&w, &cu);
    ui.go(Route::CustomerMatches(vec![id]));
    assert_eq!(ui.on(), "customers");
    ui.key(KeyCode::F(6));
    assert_eq!(ui.on(), "receivables", "{}", ui.status());
    let s = ui.screen();
    assert!(s.contains(&inv), "{s}");
    assert!(s.contains("应收余额 100.00"), "{s}");
    assert!(s.contains("逾期 100.00（最久 40 天）"), "{s}");
    assert!(s.contains("31–60天 100.00"), "{s}");
    assert!(s.contains("未到期 0.00"), "{s}");
    // Days overdue in the invoice's row.
    let row = s.lines().find(|l| l.contains(&inv)).unwrap();
    assert!(row.contains(" 40 "), "{row}");

    // A code typed into the customer list and F6: straight to the receivables.
    let mut en = ui_as(&w, "finance", Lang::En, 80, 24);
    en.go(Route::Customers).text(&cu).key(KeyCode::F(6));
    assert_eq!(en.on(), "receivables", "{}", en.status());
    let s = en.screen();
    assert!(s.contains("Overdue 100.00 (oldest 40 d)"), "{s}");
    assert!(s.contains("31–60 days 100.00"), "{s}");
}

#[test]
fn a_follow_up_is_added_in_a_form_and_shown_with_its_promise() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, _) = invoiced_customer(&w, "跟进客户");
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Receivables(customer_id(&w, &cu)));
    ui.key(KeyCode::F(2));
    assert_eq!(ui.app.top_layer(), Some("follow-up"));
    // Date (today, as shown), contact, note, promised amount, promised date, next step.
    ui.key(KeyCode::Enter)
        .text("王老板")
        .key(KeyCode::Enter)
        .text("答应月底付")
        .key(KeyCode::Enter)
        .text("60")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .text("周五再打电话")
        .key(KeyCode::F(5));
    // A promised amount without a date is refused, and the form stays with its text.
    assert!(is_error(&ui), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("follow-up"));
    assert!(receivables(&ui).data.follow_ups.is_empty());
    ui.key(KeyCode::Up).text("+3").key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    let fu = &receivables(&ui).data.follow_ups;
    assert_eq!(fu.len(), 1);
    assert_eq!(fu[0].row.contact, "王老板");
    assert_eq!(fu[0].row.promise_minor, Some(60_00));
    assert_eq!(
        fu[0].row.promise_date.as_deref(),
        Some(days_from_today(3).to_string().as_str())
    );
    let s = ui.screen();
    assert!(s.contains("王老板"), "{s}");
    assert!(s.contains("承诺 60.00"), "{s}");
    assert!(s.contains("周五再打电话"), "{s}");
}

#[test]
fn finance_releases_a_credit_hold_with_a_reason() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, _) = invoiced_customer(&w, "冻结客户");
    let id = customer_id(&w, &cu);
    orderdesk::store::cash::set_credit_hold(w.db.conn(), id, true, Some("overdue 45 days"))
        .unwrap();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Receivables(id));
    let s = ui.screen();
    assert!(s.contains("信用冻结：冻结时逾期 45 天"), "{s}");
    ui.key(KeyCode::F(7));
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    // No reason: refused, the prompt stays.
    ui.key(KeyCode::Enter);
    assert!(is_error(&ui), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    ui.text("客户已承诺本周付清").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    assert!(!receivables(&ui).data.position.on_hold);
    assert!(!ui.screen().contains("信用冻结："));
    let reason: String =
        w.db.conn()
            .query_row(
                "SELECT after FROM audit_log WHERE action = 'credit_release' AND entity_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
    assert!(reason.contains("客户已承诺本周付清"), "{reason}");
    // Not on hold any more: F7 says so and opens nothing.
    ui.key(KeyCode::F(7));
    assert!(is_error(&ui));
    assert_eq!(ui.app.top_layer(), None);
}

#[test]
fn a_write_off_above_the_open_amount_is_refused_and_within_it_done() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, inv) = invoiced_customer(&w, "坏账客户");
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Receivables(customer_id(&w, &cu)));
    ui.key(KeyCode::F(8));
    assert_eq!(ui.app.top_layer(), Some("write-off"));
    // The amount is the open amount, ready to change; then the reason.
    ui.ctrl('u')
        .text("100.01")
        .key(KeyCode::Enter)
        .text("客户倒闭")
        .key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("100.00"), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("write-off"), "the form stays");
    assert_eq!(cash::invoice(&w.db, &inv).unwrap().head.open_minor, 100_00);

    ui.key(KeyCode::Up).ctrl('u').text("30").key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    assert!(ui.status().contains("WO-"), "{}", ui.status());
    assert!(
        ui.status().contains("的 30.00"),
        "the amount as money: {}",
        ui.status()
    );
    let head = cash::invoice(&w.db, &inv).unwrap().head;
    assert_eq!((head.written_off_minor, head.open_minor), (30_00, 70_00));
    assert_eq!(
        receivables(&ui).data.open_invoices[0].open_minor,
        70_00,
        "the screen shows what is left"
    );
}

#[test]
fn a_statement_is_printed_and_a_reversed_period_refused() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, inv) = invoiced_customer(&w, "对账单客户");
    let out = tempfile::tempdir().unwrap();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.app.output = Output {
        dir: Some(out.path().to_path_buf()),
        printer: None,
    };
    ui.go(Route::Receivables(customer_id(&w, &cu)));

    // A period that ends before it starts.
    ui.key(KeyCode::F(6));
    assert_eq!(ui.app.top_layer(), Some("statement"));
    ui.ctrl('u')
        .text(&days_from_today(0).to_string())
        .key(KeyCode::Enter)
        .ctrl('u')
        .text(&days_from_today(-1).to_string())
        .key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("早于"), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("statement"), "the form stays");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // From a week ago to today: written as text and HTML.
    ui.key(KeyCode::Up)
        .ctrl('u')
        .text(&days_from_today(-7).to_string())
        .key(KeyCode::Enter)
        .ctrl('u')
        .text(&days_from_today(0).to_string())
        .key(KeyCode::F(5));
    // The message names the file: too long for the status line, it opens in full.
    assert_ne!(ui.app.top_layer(), Some("statement"), "{}", ui.status());
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("期末 100.00"), "{}", ui.status());
    let stem = format!("ST-{cu}-{}-{}", days_from_today(-7), days_from_today(0));
    let text = std::fs::read_to_string(out.path().join(format!("{stem}.txt"))).unwrap();
    assert!(text.contains("对 账 单"), "{text}");
    assert!(text.contains(&inv), "{text}");
    assert!(text.contains("期末余额"), "{text}");
    assert!(out.path().join(format!("{stem}.html")).exists());
}

#[test]
fn sales_sees_the_receivables_without_the_keys_to_release_or_write_off_and_ops_refuses() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (cu, inv) = invoiced_customer(&w, "销售看的客户");
    let id = customer_id(&w, &cu);
    orderdesk::store::cash::set_credit_hold(w.db.conn(), id, true, Some("overdue 45 days"))
        .unwrap();
    let mut ui = ui_as(&w, "sales", Lang::En, 120, 30);
    ui.go(Route::Receivables(id));
    let s = ui.screen();
    let bar = s.lines().last().unwrap_or_default().to_string();
    assert!(bar.contains("Statement"), "{bar}");
    assert!(!bar.contains("Write off"), "{bar}");
    assert!(!bar.contains("Release hold"), "{bar}");
    assert!(!bar.contains("Follow-up"), "{bar}");
    let mut fin = ui_as(&w, "finance", Lang::En, 120, 30);
    fin.go(Route::Receivables(id));
    let s = fin.screen();
    let bar = s.lines().last().unwrap_or_default().to_string();
    assert!(
        bar.contains("Write off") && bar.contains("Release hold"),
        "{bar}"
    );

    // The keys typed anyway: refused at once, no form to fill in vain.
    for k in [KeyCode::F(7), KeyCode::F(8), KeyCode::F(2)] {
        ui.key(k);
        assert!(is_error(&ui), "{k:?}: {}", ui.status());
        assert_eq!(ui.app.top_layer(), None, "{k:?}");
    }
    assert!(receivables(&ui).data.position.on_hold);
    assert_eq!(cash::invoice(&w.db, &inv).unwrap().head.open_minor, 100_00);
    for e in [
        cash::release_credit_hold(&w.db, &w.sales, &cu, "please").unwrap_err(),
        cash::write_off(&w.db, &w.sales, &inv, "1", "x")
            .map(|_| ())
            .unwrap_err(),
    ] {
        assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
    }
}

#[test]
fn the_overdue_list_shows_the_most_overdue_first_and_opens_their_receivables() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let (a, inv_a) = invoiced_customer(&w, "逾期十天");
    let (b, inv_b) = invoiced_customer(&w, "逾期五十天");
    let (c, _) = invoiced_customer(&w, "未到期客户");
    due_days_ago(&w, &inv_a, 10);
    due_days_ago(&w, &inv_b, 50);
    cash::add_follow_up(
        &w.db,
        &w.finance,
        &cash::FollowUpInput {
            customer: b.clone(),
            date: days_from_today(-20).to_string(),
            contact: "李会计".into(),
            promise_amount: "100".into(),
            promise_date: days_from_today(-5).to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut ui = ui_as(&w, "finance", Lang::Zh, 80, 24);
    ui.go(Route::Overdue);
    assert_eq!(ui.on(), "overdue");
    let codes: Vec<String> = ui
        .view::<OverdueView>()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.code.clone())
        .collect();
    assert_eq!(
        codes,
        vec![b.clone(), a.clone()],
        "most overdue first; {c} not due"
    );
    let s = ui.screen();
    let row_b = s.lines().find(|l| l.contains(&b)).unwrap();
    assert!(row_b.contains("50"), "{row_b}");
    assert!(row_b.contains("李会计"), "{row_b}");
    assert!(
        row_b.contains("失信"),
        "a broken promise is marked: {row_b}"
    );
    let row_a = s.lines().find(|l| l.contains(&a)).unwrap();
    assert!(row_a.contains("未跟进"), "{row_a}");

    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "receivables");
    assert_eq!(receivables(&ui).data.code, b);
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "overdue");
    ui.scan(&a);
    assert_eq!(ui.on(), "receivables", "{}", ui.status());
    assert_eq!(receivables(&ui).data.code, a);

    // Another session pays B in full: the list drops B by itself.
    ui.key(KeyCode::Esc);
    let other = w.other_session();
    cash::record_payment(
        &other,
        &w.finance,
        &cash::PaymentInput::new(&b, cash::PaymentMethod::Bank, "100"),
    )
    .unwrap();
    ui.app.refresh_if_changed();
    let codes: Vec<String> = ui
        .view::<OverdueView>()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.code.clone())
        .collect();
    assert_eq!(codes, vec![a], "{}", ui.status());
}

#[test]
fn the_intake_customer_line_shows_what_is_owed_overdue_the_credit_left_and_a_hold() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("赊账客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0)
        .number;
    due_days_ago(&w, &inv, 45);
    orderdesk::store::cash::set_credit_hold(
        w.db.conn(),
        customer_id(&w, &cu),
        true,
        Some("overdue 45 days"),
    )
    .unwrap();
    let mut ui = ui_as(&w, "sales", Lang::Zh, 80, 24);
    ui.go(Route::NewOrder).scan(&cu);
    let s = ui.screen();
    let line = s
        .lines()
        .find(|l| l.contains("应收 100.00"))
        .unwrap_or_else(|| panic!("no credit line: {s}"));
    assert!(line.contains("信用冻结：逾期 · "), "{line}");
    assert!(line.contains("逾期 100.00（45 天）"), "{line}");
    assert!(line.contains("可用额度 900.00"), "{line}");

    // A customer who owes nothing: no hold, nothing overdue, the whole limit left.
    let clean = w
        .customer("新客户")
        .terms("net:30")
        .credit_limit("5000")
        .create();
    let mut en = ui_as(&w, "sales", Lang::En, 80, 24);
    en.go(Route::NewOrder).scan(&clean);
    let s = en.screen();
    let line = s
        .lines()
        .find(|l| l.contains("owes 0.00"))
        .unwrap_or_else(|| panic!("no credit line: {s}"));
    assert!(line.contains("nothing overdue"), "{line}");
    assert!(line.contains("credit left 5,000.00"), "{line}");
    assert!(!line.contains("HOLD"), "{line}");
}

#[test]
fn the_order_detail_shows_the_four_flows_side_by_side() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("四流客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    cash::record_payment(
        &w.db,
        &w.finance,
        &cash::PaymentInput::new(&cu, cash::PaymentMethod::Bank, "60"),
    )
    .unwrap();
    let id = crate::cash::order_id(&w.db, &so);
    let mut ui = ui_as(&w, "sales", Lang::Zh, 80, 24);
    ui.go(Route::Order(id));
    let s = ui.screen();
    assert!(
        s.contains("已开票 100.00   已收 60.00   未收 40.00"),
        "the money line is always there: {s}"
    );
    assert!(!s.contains("已签收"), "{s}");
    ui.key(KeyCode::F(9));
    let s = ui.screen();
    assert!(s.contains("已签收"), "{s}");
    let row = s
        .lines()
        .find(|l| l.contains(PLAIN_SKU))
        .unwrap_or_else(|| panic!("{s}"));
    let numbers: Vec<&str> = row
        .trim_matches(|c| c == '│' || c == ' ')
        .split_whitespace()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect();
    // Line 1: ordered 10, shipped 10, signed 0, invoiced 10.
    assert_eq!(numbers, vec!["1", "10", "10", "0", "10"], "{row}");
    ui.key(KeyCode::F(9));
    assert!(!ui.screen().contains("已签收"));
}

//! The after-sales screens driven by keys and scans: a return opened from the order's
//! line, its goods received by scanning the return then the items (a wrong item and one
//! too many refused in the error style, changing nothing), the credit with a refund or
//! a prepayment, the exchange, the return list paged and filtered by state, the order
//! detail showing its returns; in both languages, at 80×24 and wide.

use crossterm::event::KeyCode;
use orderdesk::domain::returns::{Condition, ReturnReason, ReturnStatus};
use orderdesk::i18n::Lang;
use orderdesk::ops::returns::{self, ReceiveInput, ReturnInput, ReturnLineInput};
use orderdesk::ops::{self, shipping};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::aftersales::receiving::ReceivingView;
use orderdesk::ui::screens::aftersales::returns::ReturnList;

use crate::cash::{clean, order_id, shipped_order};
use crate::world::*;

fn ui_as(w: &World, user: &str, lang: Lang, width: u16, height: u16) -> Ui {
    let mut ui = Ui::new(&w.path, lang, width, height).unwrap();
    ui.text(user)
        .key(KeyCode::Tab)
        .text(PASSWORD)
        .key(KeyCode::Enter);
    assert_ne!(ui.on(), "login", "{user} logged in: {}", ui.status());
    ui
}

fn is_error(ui: &Ui) -> bool {
    ui.app.status.as_ref().is_some_and(|(_, e)| *e)
}

/// Prints a screen when ORDERDESK_SHOW is set (to look at a layout while changing it).
fn show(ui: &mut Ui) -> String {
    let s = ui.screen();
    if std::env::var_os("ORDERDESK_SHOW").is_some() {
        println!("{s}\n{}", ui.status());
    }
    s
}

/// A delivered order of 10 bolts for a customer on 30 days: (customer, order, shipment).
fn delivered(w: &World) -> (String, String, String) {
    w.product(PLAIN_SKU).stock_at(BIN_A, "50", "2.00");
    let cu = w
        .customer("售后客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, sh) = shipped_order(w, &cu, "10", "11.30");
    shipping::deliver(&w.db, &w.warehouse, &sh, "刘经理", "").unwrap();
    (cu, so, sh)
}

fn open_by_ops(w: &World, sh: &str, qty: &str) -> String {
    returns::open_return(
        &w.db,
        &w.sales,
        &ReturnInput {
            shipment: sh.into(),
            customer: String::new(),
            reason: ReturnReason::Quality,
            note: "生锈".into(),
            lines: vec![ReturnLineInput {
                line_no: 1,
                qty: qty.into(),
            }],
        },
    )
    .unwrap()
    .number
}

#[test]
fn a_return_is_opened_from_the_order_line_and_shows_on_the_order() {
    let w = world();
    let (_cu, so, _sh) = delivered(&w);
    let mut ui = ui_as(&w, "sales", Lang::Zh, 80, 24);
    ui.go(Route::Order(order_id(&w.db, &so)));
    assert_eq!(ui.on(), "order-detail");
    assert!(
        show(&mut ui).contains("F2 退货"),
        "the key bar offers the return"
    );
    ui.key(KeyCode::F(2));
    assert_eq!(ui.app.top_layer(), Some("return"), "{}", ui.status());
    let s = show(&mut ui);
    assert!(
        s.contains("已签收，可退 10"),
        "the shipment and what it can give back: {s}"
    );
    // More than was delivered: refused, the form stays with what was typed.
    ui.key(KeyCode::Enter).text("11").key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("不能再退"), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("return"));
    assert_eq!(count_rows(&w.db, "returns"), 0);
    ui.key(KeyCode::Backspace).key(KeyCode::Backspace).text("3");
    ui.key(KeyCode::Enter)
        .key(KeyCode::Right)
        .key(KeyCode::Enter)
        .text("压坏了");
    ui.key(KeyCode::F(5));
    assert_eq!(ui.on(), "return", "{}", ui.status());
    assert!(!is_error(&ui), "{}", ui.status());
    let s = show(&mut ui);
    assert!(
        s.contains("待收货") && s.contains("破损") && s.contains("压坏了"),
        "{s}"
    );
    // Esc: the order shows its return beside its shipments.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "order-detail");
    let s = show(&mut ui);
    assert!(s.contains("RMA-") && s.contains("待收货"), "{s}");
    // The menu's scan box opens a return by its number, as it opens an order.
    let rma = returns::returns_page(&w.db, None, i64::MAX, 1).unwrap()[0]
        .number
        .clone();
    ui.key(KeyCode::F(4)).scan(&rma.to_lowercase());
    assert_eq!(ui.on(), "return", "{}", ui.status());
    clean(&w.db);
}

#[test]
fn goods_are_received_by_scanning_the_return_then_the_items() {
    let w = world();
    let (_cu, _so, sh) = delivered(&w);
    let rma = open_by_ops(&w, &sh, "3");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.go(Route::ReturnReceiving(None));
    assert_eq!(ui.on(), "return-receiving");
    show(&mut ui);
    ui.scan(&rma);
    let s = show(&mut ui);
    assert!(s.contains(&rma) && s.contains("待收 3"), "{s}");
    ui.scan(PLAIN_EAN);
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("还差 2"), "{}", ui.status());
    // A wrong item: refused in the error style, nothing received.
    let moves = count_rows(&w.db, "stock_moves");
    ui.scan(&lot_ean());
    assert!(
        is_error(&ui) && ui.status().contains("商品错误"),
        "{}",
        ui.status()
    );
    assert_eq!(count_rows(&w.db, "stock_moves"), moves);
    // Into quarantine, a typed quantity.
    ui.key(KeyCode::F(6));
    assert_eq!(
        ui.view::<ReceivingView>().unwrap().condition,
        Condition::Quarantine
    );
    ui.scan(PLAIN_SKU);
    ui.key(KeyCode::F(3)).text("1").key(KeyCode::Enter);
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("全部收齐"), "{}", ui.status());
    // One too many: refused.
    ui.scan(PLAIN_EAN);
    assert!(is_error(&ui), "{}", ui.status());
    let s = show(&mut ui);
    assert!(s.contains("已收货"), "{s}");
    assert_eq!(
        returns::return_view(&w.db, &rma).unwrap().head.status,
        ReturnStatus::Received
    );
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "QUA-WH1"), 2_000);
    clean(&w.db);
}

#[test]
fn the_detail_credits_exchanges_and_closes_a_return() {
    let w = world();
    let (_cu, _so, sh) = delivered(&w);
    let rma = open_by_ops(&w, &sh, "2");
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Return(rma.clone()));
    assert_eq!(ui.on(), "return");
    // Not received yet: crediting is refused at the key.
    ui.key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert_ne!(ui.app.top_layer(), Some("credit-return"));
    returns::receive(
        &w.db,
        &w.warehouse,
        &rma,
        &ReceiveInput {
            qty: "2".into(),
            ..ReceiveInput::scan(PLAIN_SKU, Condition::Sellable)
        },
    )
    .unwrap();
    // The warehouse's receipt in another session: the screen reads it again.
    assert!(ui.app.refresh_if_changed(), "data_version moved");
    ui.key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), Some("credit-return"), "{}", ui.status());
    show(&mut ui);
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let s = show(&mut ui);
    assert!(
        s.contains("Credited") && s.contains("not invoiced")
            || s.contains("invoiced that much less"),
        "{s}"
    );
    ui.key(KeyCode::F(9));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(show(&mut ui).contains("Closed"));
    clean(&w.db);

    // The sales user makes the exchange of another return.
    let other = open_by_ops(&w, &sh, "1");
    let mut ui = ui_as(&w, "sales", Lang::En, 80, 24);
    ui.go(Route::Return(other.clone()));
    ui.key(KeyCode::F(6));
    assert_eq!(ui.app.top_layer(), Some("picker"));
    ui.key(KeyCode::Enter);
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(
        ui.status().contains("Exchange order SO-"),
        "{}",
        ui.status()
    );
    let s = show(&mut ui);
    assert!(s.contains("exchange SO-"), "{s}");
    // The return list: newest first, filtered by state.
    ui.go(Route::Returns);
    let s = show(&mut ui);
    assert!(s.contains(&rma) && s.contains(&other), "{s}");
    ui.key(KeyCode::Right);
    let v = ui.view::<ReturnList>().unwrap();
    assert_eq!(v.filter, Some(ReturnStatus::Open));
    assert!(v.page.rows.iter().all(|r| r.status == ReturnStatus::Open));
    assert_eq!(v.page.rows.len(), 1);
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "return");
    clean(&w.db);
}

#[test]
fn the_after_sales_screens_fit_80_by_24_and_wide_in_both_languages() {
    let (_dir, path) = demo_copy();
    let db = orderdesk::store::Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let all = returns::returns_page(&db, None, i64::MAX, 50).unwrap();
    assert!(all.len() >= 8, "the demo has returns in every state");
    for s in ReturnStatus::ALL {
        assert!(
            all.iter().any(|r| r.status == s),
            "the demo has a return {s:?}"
        );
    }
    assert!(
        all.iter().any(|r| r.exchange_order_no.is_some()),
        "and an exchange"
    );
    assert!(
        all.iter().any(|r| r.undelivered),
        "and a refused shipment settled"
    );
    let partly = all
        .iter()
        .find(|r| r.status == ReturnStatus::PartlyReceived)
        .unwrap()
        .number
        .clone();
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (160, 40)] {
            let mut ui = Ui::new(&path, lang, w, h).unwrap();
            ui.login("finance");
            ui.go(Route::Returns);
            let s = show(&mut ui);
            assert!(s.contains(&partly), "{s}");
            ui.go(Route::Return(partly.clone()));
            let s = show(&mut ui);
            assert!(s.contains(&partly), "{s}");
            let mut ui = Ui::new(&path, lang, w, h).unwrap();
            ui.login("warehouse");
            ui.go(Route::ReturnReceiving(Some(partly.clone())));
            let s = show(&mut ui);
            assert!(s.contains(&partly), "{s}");
            assert!(!is_error(&ui), "{}", ui.status());
        }
    }
    let _ = ops::check::run_check(&db).map(|v| assert!(v.is_empty(), "{v:?}"));
}

#[test]
fn the_menu_keeps_every_entry_in_view_in_a_second_column() {
    let (_dir, path) = demo_copy();
    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("admin");
    ui.key(KeyCode::F(4));
    let s = show(&mut ui);
    let n = ui
        .view::<orderdesk::ui::screens::menu::Menu>()
        .map(|m| m.entries.len())
        .unwrap();
    for i in 1..=n {
        assert!(
            s.contains(&format!(" {i:>2}  ")),
            "entry {i} is in view: {s}"
        );
    }
    assert!(
        s.contains("售后") && s.contains("退货单") && s.contains("退货收货"),
        "{s}"
    );
}

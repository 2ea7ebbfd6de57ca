//! A walk-in customer at the counter: the intake's customer field opens a new-customer
//! form (F7) with a name and a phone, cash terms (现结) unless prepaid is chosen; the
//! customer is created and taken for the order, and a cash or prepaid sale to such a
//! customer is approved at once: the prospect rule waits only for credit.

use crossterm::event::KeyCode;

use crate::world::*;
use orderdesk::domain::approval::Reason;
use orderdesk::domain::customer::CustomerStatus;
use orderdesk::i18n::Lang;
use orderdesk::ops::approval::Outcome;
use orderdesk::ops::{self, intake, master};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::intake::IntakeForm;

fn counter(path: &std::path::Path, lang: Lang) -> Ui {
    let mut ui = Ui::new(path, lang, 80, 24).unwrap();
    ui.login("sales");
    ui.go(Route::NewOrder);
    ui
}

fn chosen_code(ui: &Ui) -> String {
    ui.view::<IntakeForm>()
        .and_then(|f| f.customer.as_ref().map(|c| c.0.clone()))
        .unwrap_or_default()
}

fn customer(db: &Db, code: &str) -> orderdesk::ops::read::Customer {
    let found = master::find_customers(db, code, 5).unwrap();
    found
        .into_iter()
        .find(|c| c.code == code)
        .expect("the new customer")
}

#[test]
fn a_walk_in_is_created_as_a_cash_customer_and_their_sale_is_approved_at_once() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let mut ui = counter(&path, Lang::Zh);
    // Nobody of that name: the message offers the new-customer form.
    ui.text("路过的王先生").key(KeyCode::Enter);
    assert!(ui.status().contains("按 F7 新建客户"), "{}", ui.status());
    ui.key(KeyCode::F(7));
    assert_eq!(ui.app.top_layer(), Some("new-customer"));
    let s = ui.screen();
    assert!(s.contains("路过的王先生") && s.contains("现结"), "{s}");
    ui.key(KeyCode::Enter)
        .text("13800138000")
        .key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    let code = chosen_code(&ui);
    assert!(ui.status().contains(&code), "{}", ui.status());
    let c = customer(&db, &code);
    assert_eq!(c.name, "路过的王先生");
    assert_eq!(c.phone.as_deref(), Some("13800138000"));
    assert_eq!(c.terms.code(), "cod");
    assert_eq!(c.status, CustomerStatus::Prospect);

    // The sale goes through without finance.
    ui.scan("HW-000001").key(KeyCode::F(9));
    let form = ui.view::<IntakeForm>().unwrap();
    assert!(form.submitted, "{}", ui.status());
    let n = form.number.clone().unwrap();
    let o = ops::orders::order_by_number(&db, &n).unwrap();
    assert_eq!(o.stage, orderdesk::domain::order::OrderStage::Approved);
}

#[test]
fn a_prepaid_walk_in_is_approved_and_one_on_credit_waits_for_finance() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let mut ui = counter(&path, Lang::En);
    ui.key(KeyCode::F(7))
        .text("Mrs Li")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .key(KeyCode::Right);
    assert!(
        ui.screen().contains("‹ Payment before shipping ›"),
        "{}",
        ui.screen()
    );
    // Enter on the last field gives the form.
    ui.key(KeyCode::Enter);
    let code = chosen_code(&ui);
    assert_eq!(
        customer(&db, &code).terms.code(),
        "prepay",
        "{}",
        ui.status()
    );

    let clerk = demo_actor(&db, "sales");
    let submit = |terms: &str| {
        let mut input = order_by(&db, &clerk)
            .customer(&code)
            .line("HW-000001", "1")
            .input();
        input.terms = terms.into();
        let d = intake::create_draft(&db, &clerk, &input).unwrap();
        intake::submit_order(&db, &clerk, d.id, d.version).unwrap()
    };
    assert!(matches!(submit("").outcome, Outcome::Approved { .. }));
    assert!(matches!(submit("cod").outcome, Outcome::Approved { .. }));
    // Sold on credit, the same prospect waits to be qualified.
    match submit("net:30").outcome {
        Outcome::Waiting(reasons) => assert!(reasons.contains(&Reason::Customer), "{reasons:?}"),
        other => panic!("a prospect on credit should wait: {other:?}"),
    }
}

#[test]
fn a_new_customer_without_a_name_is_refused_and_the_form_stays() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let before = customer_count(&db);
    let mut ui = counter(&path, Lang::En);
    ui.key(KeyCode::F(7))
        .key(KeyCode::Enter)
        .text("555-0101")
        .key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), Some("new-customer"), "{}", ui.status());
    assert!(ui.status().contains("Customer name"), "{}", ui.status());
    assert_eq!(customer_count(&db), before);
    assert!(ui.screen().contains("555-0101"), "what was typed stays");
    // Esc gives up: no customer, the order form as it was.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), None);
    assert_eq!(chosen_code(&ui), "");
    assert_eq!(customer_count(&db), before);
}

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

/// The walk-in customer (散客) of counter sales, as the company settings hold it.
fn walk_in(db: &Db) -> Option<String> {
    ops::cash::walk_in_customer(db).unwrap()
}

#[test]
fn the_administrator_sets_the_walk_in_customer_on_the_settings_screen() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let counter_customer = w.customer("门市散客").code("SK01").create();
    assert_eq!(walk_in(&w.db), None);
    let mut ui = Ui::new(&w.path, Lang::Zh, 80, 24).unwrap();
    ui.text("admin")
        .key(KeyCode::Tab)
        .text(ADMIN_PASSWORD)
        .key(KeyCode::Enter);
    ui.go(Route::Settings);
    assert_eq!(ui.on(), "settings", "{}", ui.status());
    while ui
        .view::<orderdesk::ui::screens::settings::SettingsView>()
        .unwrap()
        .form
        .focus_key()
        != "walk_in_customer"
    {
        ui.key(KeyCode::Tab);
    }
    // An unknown code is named, focused, and nothing is saved.
    ui.text("NOPE").key(KeyCode::F(5));
    assert!(ui.status().contains("散客客户"), "{}", ui.status());
    assert!(ui.status().contains("NOPE"), "{}", ui.status());
    assert_eq!(walk_in(&w.db), None);
    assert_eq!(
        ui.view::<orderdesk::ui::screens::settings::SettingsView>()
            .unwrap()
            .form
            .focus_key(),
        "walk_in_customer"
    );
    ui.ctrl('u').text("sk01").key(KeyCode::F(5));
    assert_eq!(
        walk_in(&w.db).as_deref(),
        Some(counter_customer.as_str()),
        "{}",
        ui.status()
    );
    let audited: i64 =
        w.db.conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'walk_in_customer'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(audited, 1);
    // The counter now sells without a customer, to that one.
    let clerk = w
        .user("counter")
        .roles(&[orderdesk::domain::access::Role::Sales])
        .limit(orderdesk::domain::money::Money::from_minor(100_000))
        .create();
    let sold = ops::cash::counter_sale(
        &w.db,
        &clerk,
        &ops::cash::CounterSaleInput {
            customer: String::new(),
            lines: vec![line(PLAIN_SKU, "1")],
            bin: BIN_A.into(),
            method: ops::cash::PaymentMethod::Cash,
            tendered: String::new(),
            reference: String::new(),
        },
    )
    .unwrap();
    let inv = ops::cash::invoice(&w.db, &sold.invoice).unwrap();
    assert_eq!(inv.head.customer_name, "门市散客");
    // Emptied and saved, the counter must name its customer again.
    ui.ctrl('u').key(KeyCode::F(5));
    assert_eq!(walk_in(&w.db), None, "{}", ui.status());
    let e = ops::setup::update_settings(
        &w.db,
        &w.sales,
        ops::setup::company_settings(&w.db).unwrap().version,
        &ops::setup::SettingsInput {
            walk_in_customer: "SK01".into(),
            ..ops::setup::SettingsInput::from_settings(
                &ops::setup::company_settings(&w.db).unwrap(),
            )
        },
    )
    .unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(walk_in(&w.db), None);
}

#[test]
fn the_walk_in_customer_is_shown_and_set_on_the_command_line() {
    let w = world();
    let code = w.customer("散客").code("WALK").create();
    let path = w.path.clone();
    drop(w.db);
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--lang", "en"])
            .args(args)
            .env("ORDERDESK_USER", "admin")
            .env("ORDERDESK_PASSWORD", ADMIN_PASSWORD)
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
    let (ok, out) = run(&["settings", "walk-in"]);
    assert!(ok && out.contains("no walk-in customer is set"), "{out}");
    let (ok, out) = run(&["settings", "walk-in", "NOPE"]);
    assert!(!ok && out.contains("NOPE"), "{out}");
    let (ok, out) = run(&["settings", "walk-in", &code]);
    assert!(ok && out.contains("walk-in customer: WALK"), "{out}");
    let (ok, out) = run(&["settings", "walk-in"]);
    assert!(ok && out.contains("walk-in customer: WALK"), "{out}");
    let (ok, out) = run(&["settings", "walk-in", "--clear"]);
    assert!(ok && out.contains("no walk-in customer is set"), "{out}");
    let (ok, out) = run(&["settings", "walk-in", "--help"]);
    assert!(ok && out.contains("counter sales"), "{out}");
}

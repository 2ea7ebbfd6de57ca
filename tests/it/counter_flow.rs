//! The counter's daily flow on the screens: one customer after another, Esc that goes
//! where the clerk came from.

use crossterm::event::KeyCode;
use orderdesk::domain::order::OrderStage;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, demo};
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::intake::IntakeForm;
use orderdesk::ui::screens::menu::Menu;

fn setup(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Ui) {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let ui = Ui::new(&path, lang, 80, 24).unwrap();
    (dir, path, ui)
}

fn first_barcode(path: &std::path::Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT b.barcode FROM product_barcodes b ORDER BY b.product_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Logs in the clerk and submits an order of one scanned unit for C00002.
fn submitted(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Ui) {
    let (d, path, mut ui) = setup(lang);
    ui.login("sales");
    ui.go(Route::NewOrder);
    ui.text("C00002").key(KeyCode::Enter);
    let code = first_barcode(&path);
    ui.scan(&code);
    ui.key(KeyCode::F(9));
    let form = ui.view::<IntakeForm>().expect("intake");
    assert!(form.submitted, "{}", ui.status());
    (d, path, ui)
}

#[test]
fn f2_after_a_submit_opens_the_next_order() {
    let (_d, _path, mut ui) = submitted(Lang::En);
    ui.key(KeyCode::F(2));
    let form = ui.view::<IntakeForm>().expect("a new intake form");
    assert!(!form.submitted && form.lines.is_empty() && form.number.is_none());
    // It took the submitted form's place: Esc goes to the list, not back to the old one.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");
}

#[test]
fn typing_after_a_submit_starts_the_next_customers_order() {
    let (_d, _path, mut ui) = submitted(Lang::Zh);
    ui.text("C00003").key(KeyCode::Enter);
    let form = ui.view::<IntakeForm>().expect("intake");
    assert!(!form.submitted && form.lines.is_empty(), "{}", ui.status());
    assert_eq!(
        form.customer.as_ref().map(|c| c.0.as_str()),
        Some("C00003"),
        "{}",
        ui.status()
    );
}

#[test]
fn f2_keeps_a_form_with_unsaved_work() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("sales");
    ui.go(Route::NewOrder);
    ui.text("C00002").key(KeyCode::Enter);
    ui.scan(&first_barcode(&path));
    ui.key(KeyCode::F(2));
    let form = ui.view::<IntakeForm>().expect("intake");
    assert_eq!(form.lines.len(), 1, "the scanned line is still there");
    assert!(ui.status().contains("Unsaved changes"), "{}", ui.status());
}

#[test]
fn esc_on_a_submitted_order_with_scan_text_leaves_without_asking() {
    let (_d, _path, mut ui) = submitted(Lang::En);
    if let Some(form) = ui.view_mut::<IntakeForm>() {
        form.scan = "69012".into();
    }
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders", "{}", ui.status());
    assert_eq!(ui.app.top_layer(), None);
}

#[test]
fn esc_from_editing_a_rejected_order_goes_back_to_the_order() {
    let (_d, path, mut ui) = setup(Lang::En);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let sales = ops::auth::login(&db, "sales", demo::DEMO_PASSWORD).unwrap();
    let manager = ops::auth::login(&db, "manager", demo::DEMO_PASSWORD).unwrap();
    let input = ops::intake::OrderInput {
        customer: "C00002".into(),
        lines: vec![ops::intake::LineInput {
            product: first_barcode(&path),
            qty: "2".into(),
            discount: "50".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let saved = ops::intake::create_draft(&db, &sales, &input).unwrap();
    let sub = ops::intake::submit_order(&db, &sales, saved.id, saved.version).unwrap();
    let d = ops::orders::order_detail(&db, sub.id).unwrap();
    ops::approval::reject_order(&db, &manager, d.id, d.version, "discount too high").unwrap();
    assert_eq!(
        ops::orders::order_detail(&db, sub.id).unwrap().stage,
        OrderStage::Rejected
    );

    ui.login("sales");
    ui.go(Route::Order(sub.id));
    ui.key(KeyCode::F(3));
    assert_eq!(ui.on(), "intake", "{}", ui.status());
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "order-detail", "{}", ui.status());
}

#[test]
fn a_menu_entrys_number_and_enter_open_it_and_scans_still_work() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("manager");
    ui.key(KeyCode::F(4));
    let entries = ui.view::<Menu>().expect("menu").entries.clone();
    assert!(entries.len() >= 3, "{entries:?}");
    // Typing the number selects the entry; Enter opens it.
    ui.text("3");
    assert_eq!(ui.view::<Menu>().expect("menu").selected, 2);
    ui.key(KeyCode::Enter);
    assert_ne!(ui.on(), "menu", "{}", ui.status());
    let third = ui.on();
    ui.key(KeyCode::F(4)).text("1").key(KeyCode::Enter);
    assert_eq!(ui.on(), "orders", "entry 1 is the order list");
    ui.key(KeyCode::F(4)).text("3").key(KeyCode::Enter);
    assert_eq!(ui.on(), third);
    // A barcode, which begins with digits too, still opens its product.
    ui.key(KeyCode::F(4)).scan(&first_barcode(&path));
    assert_ne!(ui.on(), "menu", "{}", ui.status());
    assert_ne!(ui.on(), third);
}

#[test]
fn a_customer_left_without_a_code_is_numbered_gaplessly() {
    let w = crate::world::world();
    let first = ops::master::create_customer(
        &w.db,
        &w.sales,
        &crate::world::customer_input("", "路过客户甲"),
    )
    .expect("numbered");
    // A code typed by hand that the numbering would reach next is skipped.
    let next = format!(
        "C{:05}",
        ops::master::customer(&w.db, first)
            .unwrap()
            .customer
            .code
            .trim_start_matches('C')
            .parse::<i64>()
            .unwrap()
            + 1
    );
    ops::master::create_customer(
        &w.db,
        &w.sales,
        &crate::world::customer_input(&next, "手填"),
    )
    .unwrap();
    // A refused create takes no number.
    let refused = ops::master::CustomerInput {
        terms: "net:30".into(),
        ..crate::world::customer_input("", "赊账的路人")
    };
    assert!(ops::master::create_customer(&w.db, &w.sales, &refused).is_err());
    let third = ops::master::create_customer(
        &w.db,
        &w.sales,
        &crate::world::customer_input("", "路过客户乙"),
    )
    .unwrap();
    let code = |id| ops::master::customer(&w.db, id).unwrap().customer.code;
    let a: i64 = code(first)[1..].parse().unwrap();
    let c: i64 = code(third)[1..].parse().unwrap();
    assert!(
        code(first).starts_with('C') && code(first).len() == 6,
        "{}",
        code(first)
    );
    assert_eq!(c, a + 2, "{} then {}", code(first), code(third));
    // An existing customer keeps needing its code.
    let d = ops::master::customer(&w.db, first).unwrap().customer;
    let e = ops::master::update_customer(
        &w.db,
        &w.sales,
        first,
        d.version,
        &crate::world::customer_input("", "路过客户甲"),
    );
    assert!(e.is_err());
}

#[test]
fn the_demo_login_names_its_users_and_password_and_a_real_company_does_not() {
    let (_d, _path, mut ui) = setup(Lang::En);
    let s = ui.screen();
    assert!(s.contains(demo::DEMO_PASSWORD), "{s}");
    for (user, name, _) in demo::DEMO_USERS {
        assert!(s.contains(user) && s.contains(name), "{user}: {s}");
    }
    // The list does not hide the form.
    ui.login("warehouse");
    assert_eq!(ui.on(), "warehouse", "{}", ui.status());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let db = Db::create(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    ops::setup::init_company(&db, "真实公司", "boss", "secret-9876").unwrap();
    drop(db);
    let mut ui = Ui::new(&path, Lang::En, 80, 24).unwrap();
    let s = ui.screen();
    assert!(s.contains("真实公司"), "{s}");
    assert!(
        !s.contains(demo::DEMO_PASSWORD) && !s.contains("Demo"),
        "{s}"
    );
}

#[test]
fn drafts_are_numbered_and_show_who_made_them() {
    let (_d, path, mut ui) = setup(Lang::Zh);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let sales2 = ops::auth::login(&db, "sales2", demo::DEMO_PASSWORD).unwrap();
    let input = ops::intake::OrderInput {
        customer: "C00002".into(),
        lines: vec![ops::intake::LineInput {
            product: first_barcode(&path),
            qty: "1".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let a = ops::intake::create_draft(&db, &sales2, &input).unwrap();
    let b = ops::intake::create_draft(&db, &sales2, &input).unwrap();
    let rows = ops::orders::orders_page(
        &db,
        &ops::orders::stage_filter(OrderStage::Draft),
        None,
        500,
    )
    .unwrap();
    let row = |id| rows.iter().find(|r| r.id == id).expect("listed").clone();
    let (ra, rb) = (row(a.id), row(b.id));
    let no = |r: &ops::orders::OrderListRow| -> i64 {
        let d = r.draft_no.clone().expect("a draft number");
        assert!(d.starts_with("DR-") && d.len() == 14, "{d}");
        d[8..].parse().unwrap()
    };
    assert_eq!(no(&rb), no(&ra) + 1, "gapless");
    assert_eq!(ra.author, "王强");
    // Every draft has one, those of the demo included, and no two are the same.
    let mut all: Vec<String> = rows.iter().filter_map(|r| r.draft_no.clone()).collect();
    assert_eq!(all.len(), rows.len());
    all.sort();
    all.dedup();
    assert_eq!(all.len(), rows.len());

    ui.login("sales");
    ui.go(Route::Orders);
    let s = ui.screen();
    let number = ra.draft_no.clone().unwrap();
    let shown = s.lines().find(|l| l.contains(&number));
    assert!(shown.is_some_and(|l| l.contains("王强")), "{s}");
    assert!(!s.contains("（草稿）"), "{s}");
}

#[test]
fn dates_are_taken_as_typed_and_shown_back() {
    use orderdesk::ui::screens::intake::Focus;
    let w = crate::world::world();
    let customer = w.customer("日期客户").create();
    // The op reads the requested date as people type it.
    for (typed, days) in [("明天", 1), ("+3", 3), ("tomorrow", 1), ("今天", 0)] {
        let saved = w
            .order(&w.sales)
            .customer(&customer)
            .line(crate::world::PLAIN_SKU, "1")
            .input();
        let saved = ops::intake::create_draft(
            &w.db,
            &w.sales,
            &ops::intake::OrderInput {
                requested_date: typed.into(),
                ..saved
            },
        )
        .unwrap();
        let d = ops::orders::order_detail(&w.db, saved.id).unwrap();
        assert_eq!(
            d.requested_date.map(|d| d.to_string()),
            Some(crate::world::days_from_today(days).to_string()),
            "{typed}"
        );
    }

    // The intake form shows the date it understood once the cursor leaves the field.
    let (_d, _path, mut ui) = setup(Lang::En);
    ui.login("sales");
    ui.go(Route::NewOrder);
    if let Some(form) = ui.view_mut::<IntakeForm>() {
        form.focus = Focus::Head;
        form.head.focus_on("requested");
    }
    ui.text("+3");
    assert_eq!(ui.view::<IntakeForm>().unwrap().head.get("requested"), "+3");
    ui.key(KeyCode::Tab);
    let shown = ui
        .view::<IntakeForm>()
        .unwrap()
        .head
        .get("requested")
        .to_string();
    assert_eq!(shown, crate::world::days_from_today(3).to_string());
    assert!(ui.screen().contains(&shown));
}

#[test]
fn the_terms_field_offers_its_choices_on_the_arrow_keys() {
    use orderdesk::ui::screens::intake::Focus;
    let (_d, _path, mut ui) = setup(Lang::Zh);
    ui.login("sales");
    ui.go(Route::NewOrder);
    if let Some(form) = ui.view_mut::<IntakeForm>() {
        form.focus = Focus::Head;
        form.head.focus_on("terms");
    }
    let terms = |ui: &Ui| {
        ui.view::<IntakeForm>()
            .unwrap()
            .head
            .get("terms")
            .to_string()
    };
    ui.key(KeyCode::Right);
    assert_eq!(terms(&ui), "现结");
    ui.key(KeyCode::Right);
    assert_eq!(terms(&ui), "款到发货");
    ui.key(KeyCode::Left).key(KeyCode::Left);
    assert_eq!(terms(&ui), "", "back to the customer's own terms");
    ui.key(KeyCode::Left);
    assert_eq!(terms(&ui), "月结60天", "round to the last choice");
    assert!(ui.screen().contains("月结60天"));
}

#[test]
fn the_customer_code_prefix_is_a_company_setting() {
    let w = crate::world::world();
    let s = ops::setup::company_settings(&w.db).unwrap();
    assert_eq!(s.customer_code_prefix, "C");
    let input = ops::setup::SettingsInput {
        customer_code_prefix: "hz".into(),
        ..ops::setup::SettingsInput::from_settings(&s)
    };
    ops::setup::update_settings(&w.db, &w.admin, s.version, &input).unwrap();
    assert_eq!(
        ops::setup::company_settings(&w.db)
            .unwrap()
            .customer_code_prefix,
        "HZ"
    );
    let id = ops::master::create_customer(
        &w.db,
        &w.sales,
        &crate::world::customer_input("", "杭州路人"),
    )
    .unwrap();
    assert_eq!(
        ops::master::customer(&w.db, id).unwrap().customer.code,
        "HZ00001"
    );
    let s = ops::setup::company_settings(&w.db).unwrap();
    let empty = ops::setup::SettingsInput {
        customer_code_prefix: " ".into(),
        ..ops::setup::SettingsInput::from_settings(&s)
    };
    let e = ops::setup::update_settings(&w.db, &w.admin, s.version, &empty).unwrap_err();
    assert_eq!(
        crate::world::field_of(&e),
        Some("Customer code prefix"),
        "{e:?}"
    );
}

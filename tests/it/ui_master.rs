//! The customer and product screens driven by key sequences on the demo data: search,
//! opening by scan, creating and editing with refused input, permissions, two sessions
//! on one record, and the renders at 80×24 and 160×48 in both languages. What was
//! saved is checked through `ops`, not only on the screen.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use orderdesk::config::JournalSetting;
use orderdesk::domain::money::UnitPrice;
use orderdesk::i18n::Lang;
use orderdesk::ops::master::{self, ContactInput, CustomerDetail, CustomerInput};
use orderdesk::ops::{self, demo, Actor};
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;
use ratatui::style::{Color, Modifier};

fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    (dir, path)
}

fn ui(path: &Path, lang: Lang, w: u16, h: u16, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, w, h).unwrap();
    ui.login(user);
    assert_eq!(ui.on(), crate::world::home_of(user), "{user} logged in");
    ui
}

/// Another session: its own connection and a logged-in user.
fn session(path: &Path, user: &str) -> (Db, Actor) {
    let db = Db::open(path, JournalSetting::Auto).unwrap();
    let actor = ops::auth::login(&db, user, demo::DEMO_PASSWORD).unwrap();
    (db, actor)
}

fn customer_by_code(db: &Db, code: &str) -> CustomerDetail {
    let rows = master::find_customers(db, code, 5).unwrap();
    let row = rows.iter().find(|r| r.code == code).expect(code);
    master::customer(db, row.id).unwrap()
}

fn input_of(d: &CustomerDetail) -> CustomerInput {
    let c = &d.customer;
    CustomerInput {
        code: c.code.clone(),
        name: c.name.clone(),
        phone: c.phone.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        terms: c.terms.code(),
        credit_limit: c.credit_limit.plain(),
        status: c.status,
        status_reason: c.status_reason.clone().unwrap_or_default(),
        contacts: d
            .contacts
            .iter()
            .map(|k| ContactInput {
                name: k.name.clone(),
                phone: k.phone.clone().unwrap_or_default(),
                email: k.email.clone().unwrap_or_default(),
                title: k.title.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// The screen as the user sees it. The test backend keeps the hidden half of a wide
/// character that a terminal erases when it is overwritten, so the frame is drawn whole.
fn screen(ui: &mut Ui) -> String {
    ui.term.clear().unwrap();
    ui.screen()
}

/// The line of the screen holding `needle`, and its row number.
fn line_with(screen: &str, needle: &str) -> Option<(usize, String)> {
    screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .map(|(i, l)| (i, l.to_string()))
}

/// The cell column where `word` (ASCII) starts on row `y` of the last draw.
fn column_of(ui: &Ui, y: u16, word: &str) -> Option<u16> {
    let buf = ui.term.backend().buffer();
    let w = buf.area.width;
    (0..w).find(|&x| {
        word.chars()
            .enumerate()
            .all(|(i, c)| x + (i as u16) < w && buf[(x + i as u16, y)].symbol() == c.to_string())
    })
}

/// The line of the focused field (marked ▶).
fn focused_line(screen: &str) -> String {
    line_with(screen, "▶").map(|(_, l)| l).unwrap_or_default()
}

#[test]
fn customers_are_found_by_pinyin_initials_and_an_exact_phone_opens_the_form() {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, Lang::Zh, 80, 24, "sales");
    let (db, _) = session(&path, "sales");
    ui.go(Route::Customers);
    assert_eq!(ui.on(), "customers");
    let s = screen(&mut ui);
    assert!(s.contains("全部客户") && s.contains("C00001"), "{s}");
    assert!(s.contains("F2 新客户"), "the key bar: {s}");

    // Pinyin initials of one customer: the search lists exactly what ops finds.
    let target = customer_by_code(&db, "C00007").customer;
    let initials: String = target.initials.chars().take(4).collect();
    let expected = master::find_customers(&db, &initials, 100).unwrap();
    assert!(expected.iter().any(|r| r.id == target.id));
    ui.text(&initials).key(KeyCode::Enter);
    assert_eq!(
        ui.on(),
        "customers",
        "initials match by name: a list, not a form"
    );
    let s = screen(&mut ui);
    assert!(s.contains(&format!("查找“{initials}”")), "{s}");
    for r in expected.iter().take(10) {
        assert!(s.contains(&r.code), "{} in {s}", r.code);
    }
    let shown = s.lines().filter(|l| l.contains("│C0")).count();
    assert_eq!(shown, expected.len().min(ui.app.page_len as usize), "{s}");
    assert!(!s.contains("C00001") || expected.iter().any(|r| r.code == "C00001"));

    // An exact phone opens that customer at once; Esc comes back to the results.
    let other = customer_by_code(&db, "C00002").customer;
    let phone = other.phone.clone().unwrap();
    ui.ctrl('u').text(&phone).key(KeyCode::Enter);
    assert_eq!(ui.on(), "customer-form");
    let s = screen(&mut ui);
    assert!(s.contains("客户 C00002") && s.contains(&phone), "{s}");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "customers");
    let s = screen(&mut ui);
    assert!(s.contains(&format!("查找“{phone}”")), "{s}");

    // Nothing found says so, in the user's language.
    ui.ctrl('u').text("zzzzqqq").key(KeyCode::Enter);
    assert!(
        ui.status().contains("找不到与“zzzzqqq”相符的客户"),
        "{}",
        ui.status()
    );
    // An empty search goes back to every customer; Enter on a row opens it.
    ui.ctrl('u').key(KeyCode::Enter);
    let s = screen(&mut ui);
    assert!(s.contains("全部客户") && s.contains("C00001"), "{s}");
    ui.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(ui.on(), "customer-form");
    assert!(screen(&mut ui).contains("客户 C00002"));
}

#[test]
fn the_customer_list_pages_by_code_and_marks_blocked_customers() {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, Lang::En, 80, 24, "sales");
    ui.go(Route::Customers);
    let s = screen(&mut ui);
    let page = ui.app.page_len as usize;
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("│C0")).collect();
    assert_eq!(rows.len(), page, "a page fills the height: {s}");
    // C00006 is blocked in the demo data: the status is in the warning colour, and
    // its reason shows only where there is room.
    let (y, line) = line_with(&s, "C00006").unwrap();
    assert!(
        line.contains("Blocked") && !line.contains("长期拖欠货款"),
        "{line}"
    );
    let x = column_of(&ui, y as u16, "Blocked").unwrap();
    assert_eq!(ui.style_at(x, y as u16).fg, Some(Color::Yellow));
    let (_, active) = line_with(&s, "C00001").unwrap();
    assert!(active.contains("Active"), "{active}");

    ui.key(KeyCode::PageDown);
    let s = screen(&mut ui);
    assert!(s.contains("page 2") && !s.contains("C00001"), "{s}");
    let first_of_page_2 = format!("C{:05}", page + 1);
    assert!(s.contains(&first_of_page_2), "{s}");
    ui.key(KeyCode::Up);
    let s = screen(&mut ui);
    assert!(
        s.contains("page 1") && s.contains("C00001"),
        "Up at the top goes back: {s}"
    );
    let (y, _) = line_with(&s, &format!("C{page:05}")).unwrap();
    assert!(
        ui.style_at(2, y as u16)
            .add_modifier
            .contains(Modifier::REVERSED),
        "the last row of the previous page is selected"
    );

    let mut wide = Ui::new(&path, Lang::Zh, 160, 48).unwrap();
    wide.login("sales");
    wide.go(Route::Customers);
    let s = screen(&mut wide);
    let (_, line) = line_with(&s, "C00006").unwrap();
    assert!(line.contains("已冻结：长期拖欠货款"), "{line}");
}

#[test]
fn a_scan_opens_products_and_customers_and_esc_returns() {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, Lang::En, 80, 24, "sales");
    let (db, _) = session(&path, "sales");
    let p = master::products_page(&db, "", 3).unwrap().remove(2);
    let detail = master::product(&db, p.id).unwrap();
    let ean = detail.barcodes[0].clone();

    // The menu (F4) opens the customer list in its place: Esc goes back to the orders.
    ui.key(KeyCode::F(4));
    assert_eq!(ui.on(), "menu");
    let s = screen(&mut ui);
    let (menu_row, _) = line_with(&s, "Customers").unwrap();
    let (first_row, _) = line_with(&s, "Orders").unwrap();
    for _ in first_row..menu_row {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "customers");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");

    ui.scan(&ean);
    assert_eq!(ui.on(), "product-form");
    let s = screen(&mut ui);
    assert!(s.contains(&p.sku) && s.contains(&ean), "{s}");
    assert!(
        s.contains("Read-only: you may not edit products"),
        "sales may look, not change: {s}"
    );
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");

    // GS1-128 data as a scanner sends it (symbology identifier, GTIN-14, expiry, then
    // a lot after the GS separator) names the same product.
    ui.text(&format!("]C1010{ean}17271231"))
        .ctrl(']')
        .scan("10L2601");
    assert_eq!(ui.on(), "product-form");
    assert!(screen(&mut ui).contains(&p.sku));
    ui.key(KeyCode::Esc);

    // A customer code, typed in lower case, opens the customer.
    ui.scan("c00003");
    assert_eq!(ui.on(), "customer-form");
    assert!(screen(&mut ui).contains("Customer C00003"));
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");

    // A city matches several customers: the list shows them, Enter opens one.
    let many = master::find_customers(&db, "杭州", 21).unwrap();
    assert!(many.len() > 1);
    ui.scan("杭州");
    assert_eq!(ui.on(), "customers");
    let s = screen(&mut ui);
    assert!(
        s.contains(&format!("{} customers match the scan", many.len())),
        "{s}"
    );
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "customer-form");
    assert!(screen(&mut ui).contains(&many[0].code));
    ui.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");

    // On the customer list, a product's barcode or an order number opens that record.
    ui.go(Route::Customers);
    ui.scan(&ean);
    assert_eq!(ui.on(), "product-form");
    ui.key(KeyCode::Esc);
    let number = crate::world::newest_numbers(&db, 1).remove(0);
    ui.ctrl('u').scan(&number);
    assert_eq!(ui.on(), "order-detail");
    ui.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");

    // On the product list, a scan opens the product; a name searches.
    ui.go(Route::Products);
    ui.scan(&ean);
    assert_eq!(ui.on(), "product-form");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "products");
    let word: String = p.name.chars().take(2).collect();
    let found = master::find_products(&db, &word, 0, 50).unwrap();
    ui.ctrl('u').scan(&word);
    assert_eq!(ui.on(), "products");
    let s = screen(&mut ui);
    assert!(s.contains(&found[0].sku), "{s}");
    assert!(s.lines().filter(|l| l.contains("│HW-")).count() >= found.len().min(3));
}

/// Creates a customer as finance, with each kind of bad input refused first.
fn create_with_bad_input(lang: Lang) {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, lang, 80, 24, "finance");
    let (db, _) = session(&path, "finance");
    let existing = customer_by_code(&db, "C00001").customer.version;
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en).to_string();
    ui.go(Route::Customers);
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "customer-form");
    assert!(screen(&mut ui).contains(&t("新客户", "New customer")));

    // Code first; then an empty name is refused with the focus on the name.
    ui.text("C00001").key(KeyCode::F(5));
    assert!(
        ui.status().contains(&t("客户名称", "Customer name")),
        "{}",
        ui.status()
    );
    let s = screen(&mut ui);
    assert!(
        focused_line(&s).contains(&t("客户名称", "Customer name")),
        "{s}"
    );

    ui.text("测试五金店")
        .key(KeyCode::Enter)
        .text("0571-1234567");
    // Letters in the credit limit: down to it (address, terms), clear, type.
    ui.key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Right)
        .key(KeyCode::Down);
    let s = screen(&mut ui);
    assert!(
        focused_line(&s).contains(&t("信用额度", "Credit limit")),
        "{s}"
    );
    ui.ctrl('u').text("5千元").key(KeyCode::F(5));
    assert!(
        ui.status().contains(&t("信用额度", "Credit limit")),
        "{}",
        ui.status()
    );
    assert!(focused_line(&screen(&mut ui)).contains(&t("信用额度", "Credit limit")));
    ui.ctrl('u').text("5000");

    // A second contact with a phone but no name: the message names the row.
    // Status, reason, the four fields of contact 1, then contact 2's name and phone.
    for _ in 0..8 {
        ui.key(KeyCode::Down);
    }
    ui.text("abc");
    ui.key(KeyCode::F(5));
    assert!(
        ui.status()
            .contains(&t("第 2 位联系人 · 联系人", "Contact 2: Contact name")),
        "{}",
        ui.status()
    );
    assert!(focused_line(&screen(&mut ui)).contains("▶ 2"));
    ui.text("王经理").key(KeyCode::Enter);
    ui.key(KeyCode::F(5));
    assert!(
        ui.status()
            .contains(&t("第 2 位联系人 · 电话", "Contact 2: Phone")),
        "{}",
        ui.status()
    );
    ui.ctrl('u').text("13900001111");

    // The duplicate code is refused last, with the focus back on the code.
    ui.key(KeyCode::F(5));
    assert!(
        ui.status().contains(&t("已存在", "already exists")),
        "{}",
        ui.status()
    );
    assert!(focused_line(&screen(&mut ui)).contains(&t("编码", "Code")));
    assert!(
        master::find_customers(&db, "测试五金店", 5)
            .unwrap()
            .is_empty(),
        "nothing was saved"
    );
    assert_eq!(
        customer_by_code(&db, "C00001").customer.version,
        existing,
        "the customer whose code was taken is untouched"
    );

    ui.ctrl('u').text("t-901").key(KeyCode::F(5));
    assert!(
        ui.status().contains(&t("已保存", "saved")),
        "{}",
        ui.status()
    );
    let saved = customer_by_code(&db, "T-901");
    assert_eq!(saved.customer.name, "测试五金店");
    assert_eq!(saved.customer.credit_limit.minor(), 500_000);
    assert_eq!(saved.customer.terms.code(), "prepay");
    assert_eq!(saved.contacts.len(), 1, "empty contact rows are not saved");
    assert_eq!(saved.contacts[0].name, "王经理");
    assert_eq!(saved.contacts[0].phone.as_deref(), Some("13900001111"));
    // The form now edits the saved customer: the code is fixed, and nothing is unsaved.
    let s = screen(&mut ui);
    assert!(s.contains(&t("客户 T-901", "Customer T-901")), "{s}");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "customers");
}

#[test]
fn a_new_customer_is_refused_with_clear_messages_then_saved_in_chinese() {
    create_with_bad_input(Lang::Zh);
}

#[test]
fn a_new_customer_is_refused_with_clear_messages_then_saved_in_english() {
    create_with_bad_input(Lang::En);
}

#[test]
fn sales_edits_a_customer_but_not_its_credit_and_esc_asks_before_discarding() {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, Lang::En, 80, 24, "sales");
    let (db, _) = session(&path, "sales");
    let before = customer_by_code(&db, "C00004");
    ui.scan("C00004");
    let s = screen(&mut ui);
    assert!(
        s.contains("Terms, credit limit and status need the credit permission"),
        "{s}"
    );
    // Down through every field: the credit fields are skipped.
    for _ in 0..4 {
        let s = screen(&mut ui);
        for f in ["Payment terms", "Credit limit", "Status"] {
            assert!(!focused_line(&s).contains(f), "{f} is read-only: {s}");
        }
        ui.key(KeyCode::Down);
    }
    assert!(
        focused_line(&screen(&mut ui)).contains("▶ 1"),
        "on to the contacts"
    );
    ui.key(KeyCode::Up).key(KeyCode::Up).text(" 2");
    assert!(screen(&mut ui).contains("(unsaved)"));

    // Esc asks; F10 asks too; a second Esc discards.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "customer-form");
    assert!(
        ui.status().contains("Esc again discards"),
        "{}",
        ui.status()
    );
    ui.key(KeyCode::F(10));
    assert!(!ui.app.quit, "quitting asks first");
    ui.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");
    assert_eq!(customer_by_code(&db, "C00004").customer, before.customer);

    // Saved this time: the address changes, the credit terms do not.
    ui.scan("C00004");
    ui.key(KeyCode::Down)
        .key(KeyCode::Down)
        .text(" 2")
        .key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    let after = customer_by_code(&db, "C00004").customer;
    assert_eq!(
        after.address.as_deref(),
        Some(format!("{} 2", before.customer.address.clone().unwrap()).as_str())
    );
    assert_eq!(after.version, before.customer.version + 1);
    assert_eq!(
        after.credit_limit.minor(),
        before.customer.credit_limit.minor()
    );
    assert_eq!(after.terms, before.customer.terms);
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders", "nothing unsaved after the save");

    // The warehouse may not edit customers: read-only, and F5 says so.
    let mut wh = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    wh.login("warehouse");
    wh.scan("C00004");
    assert_eq!(wh.on(), "customer-form");
    assert!(screen(&mut wh).contains("只读：您没有维护客户的权限"));
    // The cursor still reaches every row of a read-only form.
    for _ in 0..8 {
        wh.key(KeyCode::Down);
    }
    assert!(focused_line(&screen(&mut wh)).contains("▶ 1"));
    wh.text("xyz").key(KeyCode::F(5));
    assert!(wh.status().contains("只读"), "{}", wh.status());
    assert_eq!(customer_by_code(&db, "C00004").customer, after);
    wh.key(KeyCode::Esc);
    assert_eq!(wh.on(), "warehouse", "back on the warehouse home");
    wh.go(Route::Customers);
    wh.key(KeyCode::F(2));
    assert_eq!(
        wh.on(),
        "customers",
        "no new-customer form without the permission"
    );
    assert!(wh.status().contains("维护客户"), "{}", wh.status());
}

#[test]
fn a_price_is_changed_by_the_manager_and_refused_without_the_price_permission() {
    let (_dir, path) = demo_db();
    let (db, _) = session(&path, "manager");
    let p = master::products_page(&db, "", 1).unwrap().remove(0);
    let new_price = UnitPrice::from_db(p.list_price.to_db() + 10_000);

    let mut mgr = ui(&path, Lang::Zh, 80, 24, "manager");
    mgr.go(Route::Products);
    mgr.scan(&p.sku);
    assert_eq!(mgr.on(), "product-form");
    for _ in 0..4 {
        mgr.key(KeyCode::Down);
    }
    let s = screen(&mut mgr);
    assert!(focused_line(&s).contains("标准售价"), "{s}");
    assert!(s.contains("平均成本"), "the manager sees the cost: {s}");
    mgr.ctrl('u')
        .text(&new_price.to_string())
        .key(KeyCode::F(5));
    assert!(mgr.status().contains("已保存"), "{}", mgr.status());
    let saved = master::product(&db, p.id).unwrap().product;
    assert_eq!(saved.list_price.to_db(), new_price.to_db());
    assert_eq!(saved.version, p.version + 1);
    // A floor above the list price is refused on its field, and nothing changes.
    mgr.key(KeyCode::Down)
        .ctrl('u')
        .text("99999")
        .key(KeyCode::F(5));
    assert!(mgr.status().contains("最低售价"), "{}", mgr.status());
    assert!(focused_line(&screen(&mut mgr)).contains("最低售价"));
    assert_eq!(master::product(&db, p.id).unwrap().product, saved);

    // The warehouse edits products but not prices: the price fields are skipped,
    // the cost is not shown, and a name change saves without touching the price.
    let mut wh = ui(&path, Lang::En, 80, 24, "warehouse");
    wh.scan(&p.sku);
    let s = screen(&mut wh);
    assert!(
        s.contains("Prices and tax rate need the price permission") && !s.contains("avg cost"),
        "{s}"
    );
    for _ in 0..4 {
        wh.key(KeyCode::Down);
    }
    let s = screen(&mut wh);
    assert!(
        focused_line(&s).contains("Tracks lots"),
        "prices skipped: {s}"
    );
    wh.text("123");
    assert!(
        master::product(&db, p.id).unwrap().product.list_price == saved.list_price,
        "nothing typed reaches a price"
    );
    wh.key(KeyCode::Up)
        .key(KeyCode::Up)
        .key(KeyCode::Up)
        .key(KeyCode::Up)
        .text(" (old)")
        .key(KeyCode::F(5));
    assert!(wh.status().contains("saved"), "{}", wh.status());
    let after = master::product(&db, p.id).unwrap().product;
    assert!(after.name.ends_with(" (old)"), "{}", after.name);
    assert_eq!(after.list_price, saved.list_price);
    // And ops refuses a price change from the warehouse whatever the screen does.
    let (_, warehouse) = session(&path, "warehouse");
    let input = master::ProductInput {
        sku: after.sku.clone(),
        name: after.name.clone(),
        spec: after.spec.clone(),
        unit: after.unit.clone(),
        barcodes: master::product(&db, p.id).unwrap().barcodes,
        list_price: "1.00".into(),
        floor_price: "0".into(),
        tax_rate: "13".into(),
        tracks_lots: after.tracks_lots,
        tracks_expiry: after.tracks_expiry,
        default_bin: String::new(),
        inactive: false,
        divisible: Some(after.divisible),
    };
    let refused = master::update_product(&db, &warehouse, p.id, after.version, &input);
    assert!(matches!(refused, Err(ops::Error::PermissionDenied { .. })));
    assert_eq!(master::product(&db, p.id).unwrap().product, after);

    // Sales may only look.
    let mut sales = ui(&path, Lang::Zh, 80, 24, "sales");
    sales.scan(&p.sku);
    sales.text("9").key(KeyCode::F(5));
    assert!(sales.status().contains("只读"), "{}", sales.status());
    assert_eq!(master::product(&db, p.id).unwrap().product, after);
}

#[test]
fn a_new_product_checks_its_barcode_and_saves() {
    let (_dir, path) = demo_db();
    let (db, _) = session(&path, "manager");
    let mut ui = ui(&path, Lang::En, 80, 24, "manager");
    ui.go(Route::Products);
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "product-form");
    ui.text("ZZ-TEST-1")
        .key(KeyCode::Enter)
        .text("测试扳手")
        .key(KeyCode::Enter)
        .text("8寸")
        .key(KeyCode::Enter)
        .text("把")
        .key(KeyCode::Enter)
        // A wrong check digit (…816 is right).
        .text("6901234567817")
        .key(KeyCode::Enter)
        .text("25.5")
        .key(KeyCode::Enter)
        .text("20")
        .key(KeyCode::F(5));
    assert!(ui.status().contains("Barcode"), "{}", ui.status());
    assert!(focused_line(&screen(&mut ui)).contains("Barcodes"));
    assert!(master::product_by_code(&db, "ZZ-TEST-1").unwrap().is_none());
    ui.ctrl('u').text("6901234567816").key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    let p = master::product_by_code(&db, "6901234567816")
        .unwrap()
        .unwrap();
    assert_eq!(p.sku, "ZZ-TEST-1");
    assert_eq!(p.list_price.to_db(), 255_000);
    assert_eq!(p.floor_price.to_db(), 200_000);
    assert_eq!(
        p.tax_rate.to_bp(),
        1300,
        "the company's rate when left empty"
    );
}

#[test]
fn two_sessions_editing_one_customer_the_second_save_gets_the_conflict() {
    let (_dir, path) = demo_db();
    let (db, _) = session(&path, "sales");
    let before = customer_by_code(&db, "C00005");
    let mut a = ui(&path, Lang::Zh, 80, 24, "sales");
    let mut b = ui(&path, Lang::Zh, 80, 24, "sales2");
    a.scan("C00005");
    b.scan("C00005");
    assert_eq!((a.on(), b.on()), ("customer-form", "customer-form"));
    a.text("甲");
    b.text("乙");
    a.key(KeyCode::F(5));
    assert!(a.status().contains("已保存"), "{}", a.status());
    b.key(KeyCode::F(5));
    assert!(
        b.status().contains("修改了这条记录") && b.status().contains("张丽"),
        "{}",
        b.status()
    );
    // B's typing stays on the screen; A's change is what the database holds.
    let s = screen(&mut b);
    assert!(s.contains(&format!("{}乙", before.customer.name)), "{s}");
    assert!(s.contains("未保存"), "{s}");
    assert!(b.app.screen.name() == "customer-form");
    let now = customer_by_code(&db, "C00005").customer;
    assert_eq!(now.name, format!("{}甲", before.customer.name));
    assert_eq!(now.version, before.customer.version + 1);
    // B's unsaved form is not read again under its hands.
    b.app.refresh_if_changed();
    assert!(screen(&mut b).contains(&format!("{}乙", before.customer.name)));
}

#[test]
fn the_list_reloads_when_another_session_changes_a_customer_and_keeps_the_selection() {
    let (_dir, path) = demo_db();
    let mut ui = ui(&path, Lang::En, 80, 24, "sales");
    ui.go(Route::Customers);
    ui.key(KeyCode::Down).key(KeyCode::Down);
    let s = screen(&mut ui);
    let (y, line) = line_with(&s, "C00003").unwrap();
    assert!(
        ui.style_at(2, y as u16)
            .add_modifier
            .contains(Modifier::REVERSED),
        "{line}"
    );

    let (db, finance) = session(&path, "finance");
    let d = customer_by_code(&db, "C00003");
    let mut input = input_of(&d);
    input.name = "Renamed Trading Co".into();
    master::update_customer(&db, &finance, d.customer.id, d.customer.version, &input).unwrap();

    assert!(ui.app.refresh_if_changed());
    let s = screen(&mut ui);
    let (y2, line) = line_with(&s, "C00003").unwrap();
    assert!(line.contains("Renamed Trading Co"), "{s}");
    assert_eq!(y, y2);
    assert!(ui
        .style_at(2, y2 as u16)
        .add_modifier
        .contains(Modifier::REVERSED));

    // An open form that was not typed in is read again too.
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "customer-form");
    let d = customer_by_code(&db, "C00003");
    input.name = "Renamed Again".into();
    master::update_customer(&db, &finance, d.customer.id, d.customer.version, &input).unwrap();
    ui.app.refresh_if_changed();
    let s = screen(&mut ui);
    assert!(s.contains("Renamed Again"), "{s}");
    // And a save from here uses the version read again: no conflict.
    ui.text("!").key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    assert_eq!(
        customer_by_code(&db, "C00003").customer.name,
        "Renamed Again!"
    );
}

/// Every framed row of the body ends in its border: nothing ran over it.
fn assert_framed(ui: &Ui, what: &str) {
    let buf = ui.term.backend().buffer();
    let (w, h) = (buf.area.width, buf.area.height);
    let mut framed = 0;
    for y in 1..h - 2 {
        if buf[(0, y)].symbol() == "│" {
            framed += 1;
            assert_eq!(buf[(w - 1, y)].symbol(), "│", "{what}: row {y} at {w}×{h}");
        }
    }
    assert!(framed > 10, "{what}: framed rows at {w}×{h}");
}

#[test]
fn every_screen_renders_at_80x24_and_160x48_in_both_languages() {
    let (_dir, path) = demo_db();
    let (db, _) = session(&path, "manager");
    let c1 = customer_by_code(&db, "C00001").customer;
    let filter = ops::orders::OrderFilter {
        customer_id: Some(c1.id),
        ..Default::default()
    };
    let newest = ops::orders::orders_page(&db, &filter, None, 1).unwrap();
    let newest = newest[0].number.clone().unwrap();
    let first_bin = ops::stock::stock_of(&db, "HW-000001").unwrap().levels[0]
        .bin_code
        .clone();
    for lang in [Lang::Zh, Lang::En] {
        let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
        for (w, h) in [(80, 24), (160, 48)] {
            let mut ui = ui(&path, lang, w, h, "manager");
            ui.go(Route::Customers);
            let s = screen(&mut ui);
            assert_framed(&ui, "customer list");
            for word in [
                t("信用额度", "Credit limit"),
                t("付款条件", "Terms"),
                "C00001",
            ] {
                assert!(s.contains(word), "{word} at {w}×{h}: {s}");
            }
            let rows = s.lines().filter(|l| l.contains("│C0")).count();
            assert_eq!(rows as i64, ui.app.page_len, "{s}");

            ui.key(KeyCode::Enter);
            assert_eq!(ui.on(), "customer-form");
            let s = screen(&mut ui);
            assert_framed(&ui, "customer form");
            for word in [
                t("客户名称", "Customer name"),
                t("状态原因", "Status reason"),
                t("邮箱", "Email"),
                t("职务/备注", "Role/note"),
                t("最近订单", "Recent orders"),
                &newest,
            ] {
                assert!(s.contains(word), "{word} at {w}×{h}: {s}");
            }
            assert!(s.contains("F5"), "{s}");
            ui.key(KeyCode::Esc).key(KeyCode::F(2));
            assert!(screen(&mut ui).contains(t("新客户", "New customer")));
            assert_framed(&ui, "new customer");
            ui.key(KeyCode::Esc).key(KeyCode::Esc);

            ui.go(Route::Products);
            let s = screen(&mut ui);
            assert_framed(&ui, "product list");
            assert!(
                s.contains("HW-000001") && s.contains(t("标准价", "List")),
                "{s}"
            );
            if w >= 160 {
                assert!(s.contains(t("现有", "On hand")), "{s}");
            }
            ui.key(KeyCode::Enter);
            assert_eq!(ui.on(), "product-form");
            let s = screen(&mut ui);
            assert_framed(&ui, "product form");
            for word in [
                t("默认库位", "Default bin"),
                t("在用", "Active"),
                t("库存", "Stock"),
                &first_bin,
            ] {
                assert!(s.contains(word), "{word} at {w}×{h}: {s}");
            }
        }
    }
}

//! The stock screens driven by key sequences on the demo data: the overview and its
//! search, a product's detail, receipts by scanning, transfers, adjustments and a
//! count, checked afterwards through `ops`, and rendered in both languages.

use chrono::{Days, NaiveDate, Utc};
use crossterm::event::KeyCode;
use orderdesk::domain::money::{moving_average_cost, Qty, UnitPrice};
use orderdesk::i18n::Lang;
use orderdesk::ops;
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;
use ratatui::style::{Color, Modifier};

/// A product without lots, and one tracked by lot and expiry (玻璃胶), in the demo.
const PLAIN: &str = "HW-000001";
const TRACKED: &str = "HW-000013";

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    (dir, path)
}

fn start(path: &std::path::Path, lang: Lang, w: u16, h: u16, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, w, h).unwrap();
    ui.login(user);
    ui
}

/// The stock overview, as the menu opens it, with the catalogue's first product
/// (`PLAIN`) selected: the products the README's import examples name sort before it.
fn overview(ui: &mut Ui) {
    ui.go(Route::Stock);
    assert_eq!(ui.on(), "stock");
    let before = ops::master::products_page(&ui.app.db, "", 100)
        .unwrap()
        .iter()
        .position(|p| p.sku == PLAIN)
        .expect(PLAIN);
    for _ in 0..before {
        ui.key(KeyCode::Down);
    }
}

/// A menu entry by its position for the warehouse user: orders, customers, products,
/// stock, receipt, transfer, count.
fn menu(ui: &mut Ui, downs: usize) {
    ui.key(KeyCode::F(4));
    for _ in 0..downs {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
}

fn product(db: &Db, sku: &str) -> ops::master::ProductDetail {
    let p = ops::master::product_by_code(db, sku).unwrap().expect(sku);
    ops::master::product(db, p.id).unwrap()
}

fn barcode(db: &Db, sku: &str) -> String {
    product(db, sku).barcodes[0].clone()
}

/// On hand of a product in one bin and lot, from the stock view.
fn level(db: &Db, sku: &str, bin: &str, lot: &str) -> i64 {
    ops::stock::stock_of(db, sku)
        .unwrap()
        .levels
        .iter()
        .filter(|l| l.bin_code == bin && l.lot_no == lot)
        .map(|l| l.on_hand.to_db())
        .sum()
}

fn moves(db: &Db, sku: &str) -> Vec<ops::stock::Move> {
    let id = product(db, sku).product.id;
    ops::stock::movements(db, id, 0, 1000).unwrap()
}

fn company_today() -> NaiveDate {
    ops::business_date(Utc::now(), 480)
}

/// The screen as a freshly opened terminal shows it.
fn screen(ui: &mut Ui) -> String {
    let _ = ui.term.clear();
    ui.screen()
}

/// The row of the screen the form's focus marker is on.
fn focused(s: &str) -> String {
    s.lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

/// Whether the screen shown holds work that is not saved.
fn unsaved(ui: &Ui) -> bool {
    ui.app.screen.unsaved()
}

fn assert_consistent(db: &Db) {
    let v = ops::check::run_check(db).unwrap();
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn a_receipt_by_scanning_an_ean_and_then_a_gs1_label() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "warehouse");
    menu(&mut ui, 4);
    assert_eq!(ui.on(), "stock-receipt");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();

    // An EAN: the product's default bin comes with it, the focus goes to the quantity.
    let before = product(&db, PLAIN);
    let ean = barcode(&db, PLAIN);
    ui.scan(&ean);
    let s = screen(&mut ui);
    assert!(focused(&s).contains("数量"), "{s}");
    assert!(s.contains("A-01-01") && s.contains("永固六角螺栓"), "{s}");
    ui.scan("10").scan("5.00").key(KeyCode::F(5));
    let status = ui.status();
    let after = product(&db, PLAIN);
    let expected = moving_average_cost(
        Qty::from_db(before.stock.on_hand.to_db()),
        UnitPrice::from_db(before.product.avg_cost.to_db()),
        Qty::from_int(10),
        UnitPrice::from_db(50_000),
    );
    assert_eq!(
        after.stock.on_hand.to_db(),
        before.stock.on_hand.to_db() + 10_000
    );
    assert_eq!(after.product.avg_cost.to_db(), expected.to_db());
    assert_ne!(after.product.avg_cost, before.product.avg_cost);
    let m = &moves(&db, PLAIN)[0];
    assert_eq!(
        (m.kind.as_str(), m.qty.to_db(), m.actor.as_str()),
        ("receipt", 10_000, "warehouse")
    );
    let doc = m.doc_no.clone().unwrap();
    assert!(
        status.contains(&doc) && status.contains(&expected.to_string()),
        "the receipt number and the new average cost: {status}"
    );
    // Cleared for the next scan, the bin kept.
    let s = screen(&mut ui);
    assert!(
        focused(&s).contains("商品") && !focused(&s).contains(PLAIN),
        "{s}"
    );
    assert!(s.contains("A-01-01"), "{s}");

    // A GS1 label fills the lot, the expiry and the count; the scanner sends the GS
    // separator after the variable-length lot.
    let before = product(&db, TRACKED);
    let expiry = company_today().checked_add_days(Days::new(200)).unwrap();
    let gtin14 = format!("0{}", barcode(&db, TRACKED));
    ui.text(&format!(
        "]C101{gtin14}17{}10LOT-A",
        expiry.format("%y%m%d")
    ))
    .ctrl(']')
    .text("3712")
    .key(KeyCode::Enter);
    let s = screen(&mut ui);
    assert!(
        s.contains("LOT-A") && s.contains(&expiry.to_string()),
        "{s}"
    );
    assert!(
        focused(&s).contains("数量") && focused(&s).contains("12"),
        "{s}"
    );
    ui.key(KeyCode::Enter).text("13.50").key(KeyCode::F(5));
    assert!(ui.status().contains("GR-"), "{}", ui.status());
    let view = ops::stock::stock_of(&db, TRACKED).unwrap();
    let lot = view
        .levels
        .iter()
        .find(|l| l.lot_no == "LOT-A")
        .expect("the label's lot");
    assert_eq!(lot.on_hand.to_db(), 12_000);
    assert_eq!(lot.bin_code, "A-01-01", "the new product's default bin");
    assert_eq!(lot.expiry.map(|e| e.to_string()), Some(expiry.to_string()));
    assert_eq!(
        view.totals.on_hand.to_db(),
        before.stock.on_hand.to_db() + 12_000
    );
    assert_eq!(
        view.product.avg_cost,
        moving_average_cost(
            before.stock.on_hand,
            before.product.avg_cost,
            Qty::from_int(12),
            UnitPrice::from_db(135_000),
        )
    );
    assert_consistent(&db);
}

#[test]
fn receipt_errors_focus_their_field_and_change_nothing() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    overview(&mut ui);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    // F2 on the overview: a receipt of the selected product (the first, by SKU).
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "stock-receipt");
    let before = moves(&db, PLAIN).len();
    let on_hand = product(&db, PLAIN).stock.on_hand;

    // An unknown bin. The focus starts on the quantity; the lot and expiry of a
    // product without them are skipped.
    assert!(focused(&screen(&mut ui)).contains("Quantity"));
    ui.key(KeyCode::Up).key(KeyCode::Delete).text("Z-99");
    ui.key(KeyCode::Down).text("4");
    ui.key(KeyCode::Down).text("1.20").key(KeyCode::F(5));
    let s = screen(&mut ui);
    assert!(ui.status().contains("Z-99"), "{}", ui.status());
    assert!(focused(&s).contains("Bin"), "{s}");

    // Bad numbers: the quantity.
    ui.key(KeyCode::Delete).text("A-01-01");
    ui.key(KeyCode::Down)
        .key(KeyCode::Delete)
        .text("4x")
        .key(KeyCode::F(5));
    let s = screen(&mut ui);
    assert!(focused(&s).contains("Quantity"), "{s}");
    assert!(ui.status().contains("Quantity"), "{}", ui.status());

    // An expiry before the receipt date, on a product that tracks expiry.
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    menu(&mut ui, 4);
    ui.scan(TRACKED)
        .scan("L-OLD")
        .scan("2020-01-01")
        .scan("5")
        .scan("3.00");
    ui.key(KeyCode::F(5));
    let s = screen(&mut ui);
    assert!(focused(&s).contains("Expiry"), "{s}");
    assert!(
        ui.status().contains("before the receipt date"),
        "{}",
        ui.status()
    );

    assert_eq!(moves(&db, PLAIN).len(), before);
    assert_eq!(product(&db, PLAIN).stock.on_hand, on_hand);
    assert_eq!(level(&db, TRACKED, "A-01-01", "L-OLD"), 0);
    assert!(moves(&db, TRACKED).iter().all(|m| m.lot_no != "L-OLD"));
}

#[test]
fn a_transfer_from_the_detail_and_one_larger_than_the_bin_holds() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "warehouse");
    overview(&mut ui);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "stock-detail");
    let from = ops::stock::stock_of(&db, PLAIN).unwrap().levels[0].clone();
    ui.key(KeyCode::F(3));
    assert_eq!(ui.on(), "stock-transfer");
    let s = screen(&mut ui);
    assert!(
        focused(&s).contains("移入库位"),
        "from bin and product filled: {s}"
    );
    let to = if from.bin_code == "C-04-01" {
        "C-03-01"
    } else {
        "C-04-01"
    };
    let to_before = level(&db, PLAIN, to, "");
    ui.scan(to).scan("3").key(KeyCode::F(5));
    assert!(ui.status().contains("TR-"), "{}", ui.status());
    assert_eq!(
        level(&db, PLAIN, &from.bin_code, ""),
        from.on_hand.to_db() - 3_000
    );
    assert_eq!(level(&db, PLAIN, to, ""), to_before + 3_000);

    // More than the bin holds: refused, clearly, and nothing changes.
    let held = level(&db, PLAIN, &from.bin_code, "");
    let n = moves(&db, PLAIN).len();
    // The bins stay for the next product: its scan goes on to the quantity.
    ui.scan(PLAIN);
    let s = screen(&mut ui);
    assert!(focused(&s).contains("数量") && s.contains(to), "{s}");
    ui.text(&(held / 1000 + 1).to_string()).key(KeyCode::F(5));
    let status = ui.status();
    assert!(
        status.contains(&from.bin_code) && status.contains("只有"),
        "{status}"
    );
    assert!(focused(&screen(&mut ui)).contains("数量"));
    assert_eq!(level(&db, PLAIN, &from.bin_code, ""), held);
    assert_eq!(moves(&db, PLAIN).len(), n);
    assert_consistent(&db);
}

#[test]
fn an_adjustment_needs_a_reason() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    overview(&mut ui);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    ui.key(KeyCode::Enter).key(KeyCode::F(7));
    assert_eq!(ui.on(), "stock-adjust");
    let bin = ops::stock::stock_of(&db, PLAIN).unwrap().levels[0]
        .bin_code
        .clone();
    let held = level(&db, PLAIN, &bin, "");
    let n = moves(&db, PLAIN).len();
    let s = screen(&mut ui);
    assert!(focused(&s).contains("Quantity") && s.contains(&bin), "{s}");
    ui.scan("-2").key(KeyCode::F(5));
    assert!(ui.status().contains("needs a reason"), "{}", ui.status());
    assert!(focused(&screen(&mut ui)).contains("Reason"));
    assert_eq!(moves(&db, PLAIN).len(), n);
    assert_eq!(level(&db, PLAIN, &bin, ""), held);

    ui.text("damaged in the aisle").key(KeyCode::F(5));
    assert!(ui.status().contains("ADJ-"), "{}", ui.status());
    assert_eq!(level(&db, PLAIN, &bin, ""), held - 2_000);
    let m = &moves(&db, PLAIN)[0];
    assert_eq!(m.reason.as_deref(), Some("damaged in the aisle"));
    assert_consistent(&db);
}

#[test]
fn a_count_by_scanning_shows_the_differences_then_posts_them() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "warehouse");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    menu(&mut ui, 6);
    assert_eq!(ui.on(), "stock-count");
    let bin = ops::stock::stock_of(&db, PLAIN).unwrap().levels[0]
        .bin_code
        .clone();
    let book = level(&db, PLAIN, &bin, "");
    let ean = barcode(&db, PLAIN);

    ui.scan(&bin);
    for _ in 0..3 {
        ui.scan(&ean);
    }
    let s = screen(&mut ui);
    assert!(
        s.contains(PLAIN) && s.contains("共 3"),
        "three scans count three: {s}"
    );
    assert!(unsaved(&ui), "counted lines are unsaved work");

    // A code that is no product: a clear message, and nothing is counted.
    ui.scan("6900000000000");
    assert!(ui.status().contains("6900000000000"), "{}", ui.status());
    assert!(screen(&mut ui).contains("共 3"));

    // The counter types what the shelf really holds: two fewer than the books.
    let counted = book - 2_000;
    ui.key(KeyCode::F(3))
        .scan(&Qty::from_db(counted).to_string());
    ui.key(KeyCode::F(6));
    let s = screen(&mut ui);
    let row = s.lines().find(|l| l.contains(PLAIN)).unwrap_or_default();
    assert!(
        row.ends_with(&format!("{}      -2│", Qty::from_db(book))),
        "book and difference: {s}"
    );
    assert_eq!(
        level(&db, PLAIN, &bin, ""),
        book,
        "the preview changes nothing"
    );

    // A bin counted before cannot be counted again.
    ui.scan("S-04");
    ui.scan(&bin);
    assert!(ui.status().contains("已经盘点过"), "{}", ui.status());
    ui.key(KeyCode::F(6));

    ui.key(KeyCode::F(9));
    assert!(ui.status().contains("CNT-"), "{}", ui.status());
    assert_eq!(level(&db, PLAIN, &bin, ""), counted);
    let m = &moves(&db, PLAIN)[0];
    assert_eq!((m.kind.as_str(), m.qty.to_db()), ("count", -2_000));
    assert!(m.doc_no.as_deref().unwrap_or("").starts_with("CNT-"));
    assert!(!unsaved(&ui));
    assert_consistent(&db);
}

#[test]
fn f9_before_f6_shows_the_differences_first() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    menu(&mut ui, 6);
    let bin = ops::stock::stock_of(&db, PLAIN).unwrap().levels[0]
        .bin_code
        .clone();
    let book = level(&db, PLAIN, &bin, "");
    ui.scan(&bin).scan(PLAIN).key(KeyCode::F(9));
    assert!(ui.status().contains("F9 again"), "{}", ui.status());
    assert_eq!(level(&db, PLAIN, &bin, ""), book);
    let s = screen(&mut ui);
    assert!(
        s.contains("Book") && s.contains(&format!("{}", Qty::from_db(1_000 - book))),
        "{s}"
    );
    // Esc asks before the count is thrown away.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "stock-count");
    ui.key(KeyCode::Esc);
    assert_ne!(ui.on(), "stock-count");
    assert_eq!(level(&db, PLAIN, &bin, ""), book);
}

#[test]
fn the_overview_searches_by_pinyin_initials_and_opens_a_barcode() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "sales");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    overview(&mut ui);
    let s = screen(&mut ui);
    assert!(s.contains(PLAIN) && s.contains("可用"), "{s}");
    // 玻璃胶 by its initials.
    ui.scan("blj");
    let s = screen(&mut ui);
    assert!(s.contains("搜索“blj”") && s.contains(TRACKED), "{s}");
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("HW-0")).collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|l| l.contains("玻璃胶")),
        "{s}"
    );
    // Esc leaves the search before the screen.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "stock");
    assert!(screen(&mut ui).contains(PLAIN));
    // A scanned barcode opens the product's stock directly.
    ui.scan(&barcode(&db, TRACKED));
    assert_eq!(ui.on(), "stock-detail");
    let s = screen(&mut ui);
    assert!(s.contains(TRACKED) && s.contains("库位与批次"), "{s}");
    // Back on the overview, something nothing matches is said and changes nothing.
    ui.key(KeyCode::Esc);
    ui.scan("zzzzqqq");
    assert!(ui.status().contains("zzzzqqq"), "{}", ui.status());
    assert!(screen(&mut ui).contains(PLAIN));
}

#[test]
fn a_shortage_is_shown_in_the_warning_style() {
    let (_dir, path) = demo();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let admin = ops::auth::login(&db, "admin", ops::demo::DEMO_PASSWORD).unwrap();
    ops::master::create_product(
        &db,
        &admin,
        &ops::master::ProductInput {
            sku: "ZZ-EMPTY".into(),
            name: "测试空货架".into(),
            unit: "个".into(),
            list_price: "10".into(),
            floor_price: "8".into(),
            tax_rate: "13".into(),
            ..ops::master::ProductInput::default()
        },
    )
    .unwrap();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    overview(&mut ui);
    ui.scan("空货架");
    let s = screen(&mut ui);
    let y = s
        .lines()
        .position(|l| l.contains("ZZ-EMPTY"))
        .expect("the empty product is listed") as u16;
    let row = s.lines().nth(usize::from(y)).unwrap_or_default();
    // The available column ends where the backordered one begins, 10 columns before
    // the border.
    let x = 78 - 10;
    assert!(row.contains('0'), "{row}");
    assert_eq!(ui.style_at(x, y).fg, Some(Color::Yellow), "{row}");
    // The on-hand column of a row is not a warning.
    assert_ne!(ui.style_at(x - 20, y).fg, Some(Color::Yellow), "{row}");
}

#[test]
fn the_overview_follows_another_session_and_keeps_the_selection() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    overview(&mut ui);
    ui.key(KeyCode::Down).key(KeyCode::Down);
    let s = screen(&mut ui);
    let y = s.lines().position(|l| l.contains("HW-000003")).unwrap() as u16;
    assert!(ui.style_at(2, y).add_modifier.contains(Modifier::REVERSED));

    // Another clerk receives 1000 units of the selected product.
    let other = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let clerk = ops::auth::login(&other, "warehouse", ops::demo::DEMO_PASSWORD).unwrap();
    let before = product(&other, "HW-000003").stock.on_hand.to_db();
    ops::stock::receive_stock(
        &other,
        &clerk,
        &ops::stock::ReceiptInput {
            product: "HW-000003".into(),
            bin: "B-01-01".into(),
            qty: "1000".into(),
            unit_cost: "1.00".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // And a product whose SKU sorts first pushes the rows down by one.
    let admin = ops::auth::login(&other, "admin", ops::demo::DEMO_PASSWORD).unwrap();
    ops::master::create_product(
        &other,
        &admin,
        &ops::master::ProductInput {
            sku: "HW-000000A".into(),
            name: "新到样品".into(),
            unit: "个".into(),
            list_price: "10".into(),
            floor_price: "8".into(),
            tax_rate: "13".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(ui.app.refresh_if_changed());
    let s = screen(&mut ui);
    let row = s.lines().nth(usize::from(y) + 1).unwrap_or_default();
    let now = Qty::from_db(before + 1_000_000).to_string();
    assert!(row.contains("HW-000003") && row.contains(&now), "{s}");
    assert!(
        ui.style_at(2, y + 1)
            .add_modifier
            .contains(Modifier::REVERSED),
        "the selection stays on the product: {s}"
    );
    assert!(!ui.style_at(2, y).add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_movement_history_shows_who_and_the_source_document() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "warehouse");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    overview(&mut ui);
    ui.key(KeyCode::F(2))
        .scan("7")
        .scan("4.40")
        .key(KeyCode::F(5));
    let doc = moves(&db, PLAIN)[0].doc_no.clone().unwrap();
    ui.key(KeyCode::Esc);
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "stock-detail");
    let s = screen(&mut ui);
    let row = s
        .lines()
        .find(|l| l.contains(&doc))
        .unwrap_or_else(|| panic!("{doc} in the history: {s}"));
    assert!(
        row.contains("赵师傅") && row.contains("入库") && row.contains("+7"),
        "{row}"
    );
    // Newest first: the receipt is the first movement row.
    let first_move = s
        .lines()
        .skip_while(|l| !l.contains("经办"))
        .nth(1)
        .unwrap_or_default();
    assert!(first_move.contains(&doc), "{s}");
}

#[test]
fn a_sales_user_may_look_but_a_receipt_is_refused() {
    let (_dir, path) = demo();
    let mut ui = start(&path, Lang::Zh, 80, 24, "sales");
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    // The menu offers the stock overview but not the receipt.
    ui.key(KeyCode::F(4));
    let s = screen(&mut ui);
    assert!(
        s.contains("库存") && !s.contains("入库") && !s.contains("盘点"),
        "{s}"
    );
    ui.key(KeyCode::Esc);
    overview(&mut ui);
    let on_hand = product(&db, PLAIN).stock.on_hand;
    let n = moves(&db, PLAIN).len();
    ui.key(KeyCode::F(2));
    assert!(ui.status().contains("保存会被拒绝"), "{}", ui.status());
    ui.scan("5").scan("3.00").key(KeyCode::F(5));
    let status = ui.status();
    assert!(
        status.contains("权限不足") && status.contains("入库"),
        "{status}"
    );
    assert_eq!(product(&db, PLAIN).stock.on_hand, on_hand);
    assert_eq!(moves(&db, PLAIN).len(), n);
}

/// Every stock screen in both languages at 80×24 and 160×48: what matters is on the
/// screen and the key bar fits.
#[test]
fn every_stock_screen_renders_in_both_languages_and_sizes() {
    let (_dir, path) = demo();
    for (lang, w, h) in [
        (Lang::Zh, 80, 24),
        (Lang::En, 80, 24),
        (Lang::Zh, 160, 48),
        (Lang::En, 160, 48),
    ] {
        let mut ui = start(&path, lang, w, h, "warehouse");
        let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
        overview(&mut ui);
        let s = screen(&mut ui);
        assert!(
            s.contains(PLAIN) && s.contains(t("可用", "Available")),
            "{s}"
        );
        assert!(
            s.contains(t("F8 盘点", "F8 Count")),
            "the key bar fits: {s}"
        );
        let rows = s
            .lines()
            .filter(|l| {
                ["HW-0", "BOLT-M8", "GLUE-502"]
                    .iter()
                    .any(|sku| l.contains(sku))
            })
            .count();
        assert!(
            rows >= usize::from(h) - 9,
            "the list uses the height: {rows}\n{s}"
        );

        ui.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down);
        for _ in 0..9 {
            ui.key(KeyCode::Down);
        }
        ui.key(KeyCode::Enter);
        let s = screen(&mut ui);
        assert_eq!(ui.on(), "stock-detail");
        assert!(
            s.contains(TRACKED) && s.contains(t("出入库记录", "Movements")),
            "{s}"
        );
        // The newest moves: the demo's opening receipts, or the picks and shipments of
        // its closed orders.
        let first_move = s
            .lines()
            .find(|l| ["GR-", "PL-", "SH-"].iter().any(|d| l.contains(d)))
            .unwrap_or_default();
        assert_eq!(
            has_full_date(first_move),
            w >= 120,
            "the year only where there is room: {first_move}"
        );

        ui.key(KeyCode::F(2));
        let s = screen(&mut ui);
        assert!(
            s.contains(t("单位成本", "Unit cost")) && s.contains(TRACKED),
            "{s}"
        );
        ui.key(KeyCode::Esc).key(KeyCode::F(3));
        let s = screen(&mut ui);
        assert!(s.contains(t("移入库位", "To bin")), "{s}");
        ui.key(KeyCode::Esc).key(KeyCode::F(7));
        let s = screen(&mut ui);
        assert!(s.contains(t("原因", "Reason")), "{s}");
        ui.key(KeyCode::Esc).key(KeyCode::Esc).key(KeyCode::F(8));
        assert_eq!(ui.on(), "stock-count");
        ui.scan("S-01")
            .scan(TRACKED)
            .scan("L261201")
            .key(KeyCode::F(6));
        let s = screen(&mut ui);
        assert!(
            s.contains(t("账面", "Book")) && s.contains(t("未盘", "not counted")),
            "{s}"
        );
        assert!(s.contains(t("F9 过账", "F9 Post")), "{s}");
    }
}

#[test]
fn the_movement_history_pages_and_near_expiry_lots_are_marked() {
    let (_dir, path) = demo();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let clerk = ops::auth::login(&db, "warehouse", ops::demo::DEMO_PASSWORD).unwrap();
    let soon = company_today().checked_add_days(Days::new(10)).unwrap();
    ops::stock::receive_stock(
        &db,
        &clerk,
        &ops::stock::ReceiptInput {
            product: TRACKED.into(),
            bin: "C-01-01".into(),
            lot: "L-SOON".into(),
            expiry: soon.to_string(),
            qty: "30".into(),
            unit_cost: "12".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for i in 1..=15 {
        ops::stock::adjust_stock(
            &db,
            &clerk,
            &ops::stock::AdjustInput {
                product: TRACKED.into(),
                bin: "C-01-01".into(),
                lot: "L-SOON".into(),
                qty: "-1".into(),
                reason: format!("sample {i:02}"),
            },
        )
        .unwrap();
    }
    let mut ui = start(&path, Lang::Zh, 80, 24, "warehouse");
    overview(&mut ui);
    ui.scan(TRACKED);
    assert_eq!(ui.on(), "stock-detail");
    let s = screen(&mut ui);
    assert!(s.contains("sample 15") && !s.contains("sample 01"), "{s}");
    let y = s
        .lines()
        .position(|l| l.contains("L-SOON"))
        .expect("the lot") as u16;
    let lot_row = s.lines().nth(usize::from(y)).unwrap_or_default();
    assert!(lot_row.contains("临期 10 天"), "{lot_row}");
    let at = lot_row.find(&soon.to_string()).expect("the expiry");
    let x = lot_row[..at].chars().count() as u16; // one column each up to the date
    assert_eq!(ui.style_at(x, y).fg, Some(Color::Yellow), "{lot_row}");

    // PgDn shows older movements, down to the first receipts; PgUp comes back.
    ui.key(KeyCode::PageDown);
    let s = screen(&mut ui);
    assert!(s.contains("第 2 页") && !s.contains("sample 15"), "{s}");
    assert!(s.contains("sample 05") && s.contains("sample 01"), "{s}");
    // Older still: the picks and shipments of the demo's closed orders, then the
    // opening receipts on the last page.
    let mut pages = 2;
    let mut s = s;
    while !ui.status().contains("最早") && pages < 50 {
        ui.key(KeyCode::PageDown);
        s = screen(&mut ui);
        pages += 1;
    }
    assert!(ui.status().contains("最早"), "{}", ui.status());
    assert!(
        s.contains("期初入库"),
        "the opening receipts on the last page: {s}"
    );
    for _ in 0..pages {
        ui.key(KeyCode::PageUp);
    }
    let s = screen(&mut ui);
    assert!(s.contains("sample 15") && s.contains("最新在前"), "{s}");
}

#[test]
fn a_count_of_a_product_tracked_by_lot_asks_for_the_lot() {
    let (_dir, path) = demo();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    menu(&mut ui, 6);
    let book = level(&db, TRACKED, "S-01", "L261201");
    assert!(book > 0, "the demo keeps lot L261201 of {TRACKED} in S-01");
    let ean = barcode(&db, TRACKED);
    ui.scan("S-01").scan(&ean);
    assert!(screen(&mut ui).contains(&format!("Lot of {TRACKED}")));
    // The product's barcode again instead of the lot: refused, still waiting.
    ui.scan(&ean);
    assert!(ui.status().contains("not a lot"), "{}", ui.status());
    ui.scan("L261201");
    // The next scan of the product offers the same lot again: Enter takes it.
    ui.scan(&ean).key(KeyCode::Enter);
    let s = screen(&mut ui);
    let row = s.lines().find(|l| l.contains(TRACKED)).unwrap_or_default();
    assert!(
        row.contains("L261201") && row.contains(" 2 "),
        "two counted: {s}"
    );
    ui.key(KeyCode::F(3))
        .scan(&Qty::from_db(book + 4_000).to_string())
        .key(KeyCode::F(6))
        .key(KeyCode::F(9));
    assert!(ui.status().contains("CNT-"), "{}", ui.status());
    assert_eq!(level(&db, TRACKED, "S-01", "L261201"), book + 4_000);
    let m = &moves(&db, TRACKED)[0];
    assert_eq!(
        (m.kind.as_str(), m.qty.to_db(), m.lot_no.as_str()),
        ("count", 4_000, "L261201")
    );
    assert_consistent(&db);
}

#[test]
fn a_cr_lf_scanner_never_takes_the_offered_lot_unseen() {
    let (_d, path) = demo();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let ean = barcode(&db, TRACKED);
    let mut ui = start(&path, Lang::En, 80, 24, "warehouse");
    menu(&mut ui, 6);
    assert_eq!(ui.on(), "stock-count");
    // Every scan ends in CR (Enter) and LF (Ctrl+J).
    let scan = |ui: &mut Ui, code: &str| {
        ui.text(code).key(KeyCode::Enter).ctrl('j');
    };
    scan(&mut ui, "S-01");
    scan(&mut ui, &ean);
    scan(&mut ui, "L261201");
    // The second unit is of another lot: the prompt offers L261201 as a hint only.
    scan(&mut ui, &ean);
    let s = ui.screen();
    assert!(s.contains("Enter alone: L261201"), "{s}");
    scan(&mut ui, "L999");
    // An Enter alone takes the offered lot: now the last one counted, L999.
    scan(&mut ui, &ean);
    ui.key(KeyCode::Enter);
    let s = ui.screen();
    let counted = |lot: &str| -> String {
        let line = s.lines().find(|l| l.contains(lot)).unwrap_or_default();
        let after = line.split(lot).nth(1).unwrap_or_default();
        after
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(counted("L261201"), "1", "the LF took nothing: {s}");
    assert_eq!(counted("L999"), "2", "{s}");
}

/// Whether a line shows a date with its year (2026-12-02), which a document number
/// (SH-2026-000123) does not look like.
fn has_full_date(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
    })
}

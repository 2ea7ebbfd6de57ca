//! Scans on the stock forms: anything that reads as a scan of a product names the
//! product, wherever the cursor is, and a quantity never takes a barcode.

use chrono::{Days, Utc};
use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops;
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::stock_forms::StockForm;

/// A product without lots, and one tracked by lot and expiry, in the demo.
const PLAIN: &str = "HW-000001";
const TRACKED: &str = "HW-000013";

fn start(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Ui) {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let mut ui = Ui::new(&path, lang, 80, 24).unwrap();
    ui.login("warehouse");
    (dir, path, ui)
}

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

fn barcode(db: &Db, sku: &str) -> String {
    let p = ops::master::product_by_code(db, sku).unwrap().expect(sku);
    ops::master::product(db, p.id).unwrap().barcodes[0].clone()
}

fn product_id(db: &Db, sku: &str) -> i64 {
    ops::master::product_by_code(db, sku)
        .unwrap()
        .expect(sku)
        .id
}

fn form(ui: &Ui) -> &StockForm {
    ui.view::<StockForm>().expect("a stock form")
}

fn field(ui: &Ui, key: &str) -> String {
    form(ui).form.get(key).to_string()
}

#[test]
fn a_scan_into_the_quantity_of_a_prefilled_receipt_names_the_product() {
    let (_dir, path, mut ui) = start(Lang::En);
    let db = db(&path);
    ui.go(Route::Receipt(Some(product_id(&db, PLAIN))));
    assert_eq!(form(&ui).form.focus_key(), "qty");
    let ean = barcode(&db, TRACKED);
    ui.scan(&ean);
    assert_eq!(field(&ui, "product"), TRACKED, "{}", ui.status());
    assert_eq!(field(&ui, "qty"), "", "the barcode is no quantity");
    assert_eq!(
        form(&ui).product.as_ref().map(|d| d.product.sku.as_str()),
        Some(TRACKED)
    );
    // The same with LF or Tab at the end of the scan.
    ui.go(Route::Receipt(Some(product_id(&db, PLAIN))));
    ui.text(&ean).ctrl('j');
    assert_eq!(field(&ui, "product"), TRACKED);
    assert_eq!(field(&ui, "qty"), "");
    ui.go(Route::Receipt(Some(product_id(&db, PLAIN))));
    ui.text(&ean).key(KeyCode::Tab);
    assert_eq!(field(&ui, "product"), TRACKED);

    // A valid EAN-8 that names no product is refused, not taken as 12,345,670 units.
    ui.go(Route::Receipt(Some(product_id(&db, PLAIN))));
    ui.text("5").key(KeyCode::Enter);
    assert_eq!(form(&ui).form.focus_key(), "unit_cost");
    ui.key(KeyCode::Up).scan("12345670");
    assert_eq!(field(&ui, "qty"), "5", "{}", ui.status());
    assert_eq!(field(&ui, "product"), PLAIN);
    assert!(ui.status().contains("12345670"), "{}", ui.status());
    // A typed quantity still goes in.
    ui.key(KeyCode::Delete).scan("7");
    assert_eq!(field(&ui, "qty"), "7");
}

#[test]
fn a_scan_into_the_prefilled_product_field_replaces_it() {
    let (_dir, path, mut ui) = start(Lang::Zh);
    let db = db(&path);
    ui.go(Route::Receipt(Some(product_id(&db, PLAIN))));
    ui.key(KeyCode::Up).key(KeyCode::Up);
    assert_eq!(form(&ui).form.focus_key(), "product");
    ui.scan(&barcode(&db, TRACKED));
    assert_eq!(field(&ui, "product"), TRACKED, "{}", ui.status());
    assert!(!ui.status().contains(PLAIN), "{}", ui.status());
    // A known SKU scanned over it does the same.
    while form(&ui).form.focus_key() != "product" {
        ui.key(KeyCode::BackTab);
    }
    ui.scan(PLAIN);
    assert_eq!(field(&ui, "product"), PLAIN, "{}", ui.status());
}

#[test]
fn after_a_gs1_label_the_next_box_is_a_new_product_not_more_quantity() {
    let (_dir, path, mut ui) = start(Lang::En);
    let db = db(&path);
    ui.go(Route::Receipt(None));
    let expiry = ops::business_date(Utc::now(), 480)
        .checked_add_days(Days::new(200))
        .unwrap();
    let gtin14 = format!("0{}", barcode(&db, TRACKED));
    ui.text(&format!("01{gtin14}17{}10LOT-A", expiry.format("%y%m%d")))
        .ctrl(']')
        .text("3712")
        .key(KeyCode::Enter);
    assert_eq!(form(&ui).form.focus_key(), "qty");
    assert_eq!(field(&ui, "qty"), "12");
    // The next box: an EAN of another product.
    ui.scan(&barcode(&db, PLAIN));
    assert_eq!(field(&ui, "product"), PLAIN, "{}", ui.status());
    assert_eq!(
        field(&ui, "qty"),
        "",
        "the label's count is not the new product's"
    );
    assert_eq!(field(&ui, "lot"), "");
    // And another GS1 label straight after: it fills its own lot and count.
    ui.text(&format!("01{gtin14}17{}10LOT-B", expiry.format("%y%m%d")))
        .ctrl(']')
        .text("373")
        .key(KeyCode::Enter);
    assert_eq!(field(&ui, "product"), TRACKED, "{}", ui.status());
    assert_eq!(
        (field(&ui, "lot"), field(&ui, "qty")),
        ("LOT-B".into(), "3".into())
    );
}

#[test]
fn transfer_and_adjustment_quantities_take_no_barcode() {
    let (_dir, path, mut ui) = start(Lang::En);
    let db = db(&path);
    for route in [
        Route::Transfer(Some(product_id(&db, PLAIN)), None),
        Route::Adjust(Some(product_id(&db, PLAIN)), None),
    ] {
        ui.go(route);
        while form(&ui).form.focus_key() != "qty" {
            ui.key(KeyCode::Down);
        }
        ui.scan(&barcode(&db, TRACKED));
        assert_eq!(field(&ui, "product"), TRACKED, "{}", ui.status());
        assert_eq!(field(&ui, "qty"), "");
    }
}

#[test]
fn a_barcode_scanned_into_the_counts_quantity_counts_the_product() {
    let (_dir, path, mut ui) = start(Lang::Zh);
    let db = db(&path);
    ui.go(Route::Count);
    let bin = ops::stock::stock_of(&db, PLAIN).unwrap().levels[0]
        .bin_code
        .clone();
    let ean = barcode(&db, PLAIN);
    ui.scan(&bin).scan(&ean);
    ui.key(KeyCode::F(3));
    // An EAN-13 would pass as a quantity of trillions.
    ui.scan(&ean);
    let count = ui
        .view::<orderdesk::ui::screens::stock_count::CountView>()
        .expect("the count");
    assert_eq!(count.lines.len(), 1);
    assert_eq!(count.lines[0].counted.to_string(), "2", "{}", ui.status());
    assert_eq!(
        count.input,
        orderdesk::ui::screens::stock_count::Input::Product
    );
}

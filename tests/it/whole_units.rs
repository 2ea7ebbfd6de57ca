//! Whole-unit quantities: a product's unit says whether it may be divided (个, 台, 盒 may
//! not; 米, 千克 may), the product keeps that as a flag its form shows and edits, and a
//! fraction of a product sold whole is refused wherever a quantity comes in: order
//! intake (lines and the line editor), imported order files, receipts, adjustments,
//! transfers and counts.

use crossterm::event::KeyCode;

use crate::world::*;
use orderdesk::config::JournalSetting;
use orderdesk::domain::field::FieldId;
use orderdesk::domain::money::Qty;
use orderdesk::i18n::Lang;
use orderdesk::ops::count::{self, CountLine};
use orderdesk::ops::import::{import_orders, parse_csv, parse_json, ImportFailure};
use orderdesk::ops::intake::{self, OrderInput};
use orderdesk::ops::master::{self, ProductInput};
use orderdesk::ops::stock::{self, AdjustInput, ReceiptInput};
use orderdesk::ops::transfer::{self, TransferInput};
use orderdesk::ops::{Error, FieldProblem, Refusal};
use orderdesk::store::{Db, StoreError, MIGRATIONS};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::intake::IntakeForm;
use orderdesk::ui::screens::stock_count::CountView;

/// The refusal a field error carries, if it is the whole-units one.
fn whole_units(e: &Error) -> Option<(&str, &str, Qty)> {
    let problem = match e {
        Error::Field { problem, .. } => problem,
        Error::Refused(Refusal::LineField { problem, .. }) => problem.as_ref(),
        _ => return None,
    };
    match problem {
        FieldProblem::Refused(Refusal::WholeUnitsOnly { sku, unit, qty }) => {
            Some((sku.as_str(), unit.as_str(), *qty))
        }
        _ => None,
    }
}

fn new_product(w: &World, sku: &str, unit: &str, divisible: Option<bool>) -> i64 {
    master::create_product(
        &w.db,
        &w.admin,
        &ProductInput {
            unit: unit.into(),
            divisible,
            ..product_input(sku, sku)
        },
    )
    .expect(sku)
}

fn divisible(db: &Db, id: i64) -> bool {
    master::product(db, id).unwrap().product.divisible
}

#[test]
fn a_products_unit_says_whether_it_may_be_divided_and_the_flag_may_be_changed() {
    let w = world();
    let units = [
        ("个", false),
        ("台", false),
        ("把", false),
        ("套", false),
        ("盒", false),
        ("箱", false),
        ("米", true),
        ("千克", true),
        ("kg", true),
        ("M", true),
        ("升", true),
    ];
    for (i, (unit, expected)) in units.into_iter().enumerate() {
        let id = new_product(&w, &format!("U-{i}"), unit, None);
        assert_eq!(divisible(&w.db, id), expected, "{unit}");
    }
    // Chosen on the form, whatever the unit says.
    let id = new_product(&w, "CABLE-BOX", "盒", Some(true));
    assert!(divisible(&w.db, id));
    let p = master::product(&w.db, id).unwrap().product;
    let input = ProductInput {
        divisible: Some(false),
        ..product_input("CABLE-BOX", "CABLE-BOX")
    };
    master::update_product(&w.db, &w.admin, id, p.version, &input).unwrap();
    assert!(!divisible(&w.db, id));
}

#[test]
fn schema_5_derives_the_flag_of_existing_products_from_their_unit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let old = Db::create_with_migrations(&path, JournalSetting::Auto, &MIGRATIONS[..4]).unwrap();
    old.write(|tx| {
        tx.execute_batch(
            "INSERT INTO products (sku, name, initials, unit, list_price, floor_price, tax_bp, \
                                   created_at, updated_at) \
             VALUES ('P-1', '螺丝刀', 'lsd', '把', 0, 0, 0, '2026-01-01', '2026-01-01'), \
                    ('P-2', '电线', 'dx', '米', 0, 0, 0, '2026-01-01', '2026-01-01'), \
                    ('P-3', '水泥', 'sn', 'KG', 0, 0, 0, '2026-01-01', '2026-01-01'), \
                    ('P-4', '手套', 'st', '副', 0, 0, 0, '2026-01-01', '2026-01-01');",
        )?;
        Ok::<_, StoreError>(())
    })
    .unwrap();
    drop(old);
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let flag = |sku: &str| {
        master::product_by_code(&db, sku)
            .unwrap()
            .unwrap()
            .divisible
    };
    assert_eq!(
        [flag("P-1"), flag("P-2"), flag("P-3"), flag("P-4")],
        [false, true, true, false]
    );
}

#[test]
fn the_migration_and_the_domain_agree_on_the_units_of_measure() {
    let sql = MIGRATIONS[4];
    for unit in orderdesk::domain::unit::MEASURES {
        assert!(
            sql.contains(&format!("'{unit}'")),
            "{unit} missing in schema 5"
        );
    }
    let list = sql
        .split("WHERE lower(trim(unit)) IN (")
        .nth(1)
        .and_then(|rest| rest.split(");").next())
        .unwrap_or_default();
    let listed = list.matches('\'').count() / 2;
    assert_eq!(listed, orderdesk::domain::unit::MEASURES.len());
}

fn order(product: &str, qty: &str) -> OrderInput {
    OrderInput {
        customer: "C001".into(),
        lines: vec![line(PLAIN_SKU, "2"), line(product, qty)],
        ..OrderInput::default()
    }
}

#[test]
fn intake_refuses_a_fraction_of_a_product_sold_whole_and_names_its_unit() {
    let w = world();
    w.customer("杭州永顺五金店").code("C001").create();
    let e = intake::create_draft(&w.db, &w.sales, &order(PLAIN_SKU, "2.5")).unwrap_err();
    assert_eq!(
        whole_units(&e),
        Some((PLAIN_SKU, "个", Qty::from_db(2_500))),
        "{e:?}"
    );
    assert!(matches!(
        &e,
        Error::Refused(Refusal::LineField {
            line: 2,
            field: FieldId::Qty,
            ..
        })
    ));
    assert_bilingual(&e);
    let zh = orderdesk::i18n::Localized::localized(&e, Lang::Zh);
    assert!(zh.contains("第 2 行") && zh.contains("整个"), "{zh}");
    assert_eq!(count_rows(&w.db, "orders"), 0);

    // Glue sold by the kilogram may be divided; whole pieces are fine either way.
    let saved = intake::create_draft(&w.db, &w.sales, &order(LOT_SKU, "2.5")).unwrap();
    let e = intake::update_order(
        &w.db,
        &w.sales,
        saved.id,
        saved.version,
        &order(PLAIN_SKU, "0.001"),
    )
    .unwrap_err();
    assert!(whole_units(&e).is_some(), "an edit is checked too: {e:?}");
    intake::create_draft(&w.db, &w.sales, &order(PLAIN_SKU, "3.000")).unwrap();
}

#[test]
fn imported_order_files_refuse_fractions_of_whole_units() {
    let w = world();
    w.customer("华信建材商行").code("HX001").create();
    let csv = format!(
        "channel,channel_ref,customer,customer_ref,requested_date,urgency,terms,special,product,qty,unit_price,discount\n\
         web,W-1,HX001,,,normal,,,{LOT_SKU},1.5,,\n\
         web,W-2,HX001,,,normal,,,{PLAIN_SKU},1.5,,\n"
    );
    let parsed = parse_csv(csv.as_bytes()).expect("parses");
    let Err(ImportFailure::Refused { report, good }) =
        import_orders(&w.db, &w.sales, &parsed, false)
    else {
        panic!("the file should be refused");
    };
    assert_eq!((good, report.refused_lines()), (1, vec![3]));
    let said: Vec<String> = report
        .errors()
        .map(|e| orderdesk::i18n::Localized::localized(e, Lang::En))
        .collect();
    assert!(
        said.iter().any(|t| t.contains("whole units (个)")),
        "{said:?}"
    );
    assert_eq!(count_rows(&w.db, "orders"), 0);

    let json = format!(
        r#"[{{"channel": "web", "channel_ref": "J-1", "customer": "HX001",
              "lines": [{{"product": "{PLAIN_SKU}", "qty": 0.5}}]}}]"#
    );
    let parsed = parse_json(json.as_bytes()).expect("parses");
    let r = import_orders(&w.db, &w.sales, &parsed, true).expect("partial import");
    assert!(r.imported.is_empty());
    let said: Vec<String> = r
        .errors()
        .map(|e| orderdesk::i18n::Localized::localized(e, Lang::Zh))
        .collect();
    assert!(said.iter().any(|t| t.contains("按整个计")), "{said:?}");
}

fn receipt(product: &str, qty: &str) -> ReceiptInput {
    ReceiptInput {
        product: product.into(),
        bin: BIN_A.into(),
        qty: qty.into(),
        unit_cost: "1.00".into(),
        ..ReceiptInput::default()
    }
}

#[test]
fn stock_operations_refuse_fractions_of_whole_units() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let before = on_hand(&w.db, w.plain_id);

    let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "1.5")).unwrap_err();
    assert_eq!(whole_units(&e).map(|x| x.1), Some("个"), "{e:?}");
    assert_eq!(field_of(&e), Some("Quantity"));

    let adjust = AdjustInput {
        product: PLAIN_SKU.into(),
        bin: BIN_A.into(),
        qty: "-0.5".into(),
        reason: "破损".into(),
        ..AdjustInput::default()
    };
    let e = stock::adjust_stock(&w.db, &w.warehouse, &adjust).unwrap_err();
    assert_eq!(
        whole_units(&e).map(|x| x.2),
        Some(Qty::from_db(-500)),
        "{e:?}"
    );

    let move_half = TransferInput {
        product: PLAIN_SKU.into(),
        from_bin: BIN_A.into(),
        to_bin: BIN_B.into(),
        qty: "2.5".into(),
        ..TransferInput::default()
    };
    let e = transfer::transfer_stock(&w.db, &w.warehouse, &move_half).unwrap_err();
    assert!(whole_units(&e).is_some(), "{e:?}");

    let sheet = [CountLine {
        bin: BIN_A.into(),
        product: PLAIN_SKU.into(),
        lot: String::new(),
        counted: "9.5".into(),
    }];
    let e = count::preview_count(&w.db, &sheet, None).unwrap_err();
    assert!(whole_units(&e).is_some(), "{e:?}");
    let e = count::post_count(&w.db, &w.warehouse, &sheet, None).unwrap_err();
    assert!(whole_units(&e).is_some(), "{e:?}");
    assert_bilingual(&e);

    assert_eq!(on_hand(&w.db, w.plain_id), before, "nothing moved");
    // Whole units pass.
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "2")).unwrap();
    assert_eq!(on_hand(&w.db, w.plain_id), before + 2_000);
    assert_consistent(&w.db);
}

#[test]
fn a_divisible_product_is_received_and_moved_in_fractions() {
    let w = world();
    let id = new_product(&w, "WIRE-2.5", "米", None);
    stock::receive_stock(&w.db, &w.warehouse, &receipt("WIRE-2.5", "12.5")).unwrap();
    let half = TransferInput {
        product: "WIRE-2.5".into(),
        from_bin: BIN_A.into(),
        to_bin: BIN_B.into(),
        qty: "0.25".into(),
        ..TransferInput::default()
    };
    transfer::transfer_stock(&w.db, &w.warehouse, &half).unwrap();
    assert_eq!(on_hand(&w.db, id), 12_500);
    assert_eq!(bin_on_hand(&w.db, id, BIN_B), 250);
}

fn demo_ui(path: &std::path::Path, lang: Lang, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, 80, 24).unwrap();
    ui.login(user);
    ui
}

/// A product of the demo sold in pieces.
const PIECES: &str = "HW-000001";

#[test]
fn the_line_editor_refuses_a_fraction_and_keeps_the_line() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let p = master::product_by_code(&db, PIECES).unwrap().unwrap();
    assert!(!p.divisible, "{} is sold in {}", p.sku, p.unit);
    let mut ui = demo_ui(&path, Lang::En, "sales");
    ui.go(Route::NewOrder);
    ui.text(DEMO_CASH_CUSTOMER).key(KeyCode::Enter);
    ui.scan(PIECES);
    assert_eq!(
        ui.view::<IntakeForm>().unwrap().lines.len(),
        1,
        "{}",
        ui.status()
    );
    ui.key(KeyCode::F(6))
        .ctrl('u')
        .text("1.5")
        .key(KeyCode::F(5));
    assert!(
        ui.status()
            .contains(&format!("{PIECES} comes in whole units ({})", p.unit)),
        "{}",
        ui.status()
    );
    let form = ui.view::<IntakeForm>().unwrap();
    assert!(form.line_edit.is_some(), "the editor stays open");
    assert_eq!(form.lines[0].qty, Qty::from_int(1), "the line is unchanged");
    ui.ctrl('u').text("2").key(KeyCode::F(5));
    let form = ui.view::<IntakeForm>().unwrap();
    assert!(form.line_edit.is_none(), "{}", ui.status());
    assert_eq!(form.lines[0].qty, Qty::from_int(2));
}

#[test]
fn the_count_refuses_a_typed_fraction_of_a_product_sold_whole() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let p = master::product(
        &db,
        master::product_by_code(&db, PIECES).unwrap().unwrap().id,
    )
    .unwrap();
    let bin = stock::stock_detail(&db, p.product.id).unwrap().levels[0]
        .bin_code
        .clone();
    let mut ui = demo_ui(&path, Lang::Zh, "warehouse");
    ui.go(Route::Count);
    ui.scan(&bin).scan(PIECES);
    ui.key(KeyCode::F(3)).scan("3.5");
    assert!(ui.status().contains("按整"), "{}", ui.status());
    let v = ui.view::<CountView>().unwrap();
    assert_eq!(
        v.lines[0].counted,
        Qty::from_int(1),
        "the count is unchanged"
    );
    assert_eq!(v.text, "3.5", "the typed quantity stays to be corrected");
    ui.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .scan("4");
    assert_eq!(
        ui.view::<CountView>().unwrap().lines[0].counted,
        Qty::from_int(4)
    );
}

#[test]
fn the_product_form_shows_and_edits_the_flag() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let mut ui = demo_ui(&path, Lang::En, "manager");
    ui.scan(PIECES);
    assert_eq!(ui.on(), "product-form");
    // The last field: Shift+Tab from the first goes round to it.
    let s = ui.screen();
    assert!(s.contains("Divisible"), "{s}");
    for _ in 0..20 {
        let s = ui.screen();
        if s.lines().any(|l| l.contains("▶ Divisible")) {
            break;
        }
        ui.key(KeyCode::Tab);
    }
    assert!(ui
        .screen()
        .lines()
        .any(|l| l.contains("▶ Divisible") && l.contains("No")));
    ui.key(KeyCode::Right).key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    assert!(
        master::product_by_code(&db, PIECES)
            .unwrap()
            .unwrap()
            .divisible
    );
}

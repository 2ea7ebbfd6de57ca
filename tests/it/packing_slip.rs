//! The packing slip (装箱单) of a carton: rendered from what was packed, with the order,
//! customer, carton number and weight, and each line's product, lot and quantity; and
//! printed by F8 at the packing bench for the cartons packed last.

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, packing, picking};
use orderdesk::print::goods::packing_slip_text;
use orderdesk::ui::route::Route;

use crate::picking::{approved_order, number, pick_all};
use crate::ui_picking::{is_error, ui_as};
use crate::world::*;

/// An approved order of `qty` of `sku`, all picked.
fn picked_order(w: &World, sku: &str, qty: &str) -> ops::intake::Submitted {
    let so = approved_order(w, &[(sku, qty)]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    so
}

fn carton(weight: &str, qty: &str) -> packing::CartonInput {
    packing::CartonInput {
        weight_kg: weight.into(),
        lines: vec![ops::shipping::ShipLineInput {
            line_no: 1,
            qty: qty.into(),
        }],
    }
}

#[test]
fn the_packing_slip_lists_the_cartons_order_weight_and_contents_with_lots() {
    let w = world();
    packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    w.product(LOT_SKU).stock_lot(BIN_A, "L2611", 300, "50");
    let so = picked_order(&w, LOT_SKU, "5");
    let packed = packing::pack_order(
        &w.db,
        &w.warehouse,
        &number(&so),
        &[carton("2.5", "3"), carton("1.25", "2")],
    )
    .unwrap();
    assert_eq!(packed.cartons, vec![1, 2]);
    let slip = packing::packing_slip(&w.db, &number(&so), 2).unwrap();
    assert_eq!((slip.carton_no, slip.cartons, slip.weight_g), (2, 2, 1250));
    let lot = "L2611";

    let text = packing_slip_text(&slip, Lang::En, 80);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{text}");
    assert!(lines[0].contains("PACKING SLIP"), "{text}");
    let head = lines
        .iter()
        .find(|l| l.starts_with("Order: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        head.contains(&number(&so)) && head.ends_with("Carton: 2 / 2"),
        "{text}"
    );
    let customer = lines.iter().find(|l| l.starts_with("Customer: ")).unwrap();
    assert!(customer.ends_with("Weight: 1.25 kg"), "{text}");
    let item = lines
        .iter()
        .find(|l| l.contains(LOT_SKU))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(item.starts_with('1'), "{item}");
    assert!(item.contains(lot), "the lot picked: {item}");
    assert!(
        item.ends_with(" 2 千克"),
        "this carton's count, not the order's: {item}"
    );

    let zh = packing_slip_text(&slip, Lang::Zh, 80);
    assert!(
        zh.contains("装 箱 单") && zh.contains("箱号：2 / 2"),
        "{zh}"
    );

    let html = orderdesk::print::goods::packing_slip_html(&slip, Lang::En);
    assert!(
        html.contains(lot) && html.contains("Packing slip"),
        "{html}"
    );

    // A carton the order does not have.
    assert!(matches!(
        packing::packing_slip(&w.db, &number(&so), 3),
        Err(ops::Error::NotFound { .. })
    ));
}

#[test]
fn f8_at_the_packing_bench_prints_the_slips_of_the_cartons_packed_last() {
    let w = world();
    packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let so = picked_order(&w, PLAIN_SKU, "3");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.app.output.dir = Some(w.dir.path().join("docs"));
    ui.go(Route::Packing(None));
    // Nothing packed yet: said so, nothing written.
    ui.key(KeyCode::F(8));
    assert!(is_error(&ui), "{}", ui.status());
    ui.scan(&number(&so));
    ui.scan(PLAIN_EAN).scan(PLAIN_EAN);
    ui.key(KeyCode::Down).text("1.5").key(KeyCode::Enter);
    ui.key(KeyCode::F(2));
    ui.scan(PLAIN_EAN);
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    ui.key(KeyCode::F(8));
    assert!(!is_error(&ui), "{}", ui.status());
    let docs = w.dir.path().join("docs");
    let first = std::fs::read_to_string(docs.join(format!("{}-1.txt", number(&so)))).unwrap();
    assert!(
        first.contains("箱号：1 / 2") && first.contains("1.5 kg"),
        "{first}"
    );
    let second = std::fs::read_to_string(docs.join(format!("{}-2.txt", number(&so)))).unwrap();
    assert!(second.contains("箱号：2 / 2"), "{second}");
    assert!(docs.join(format!("{}-2.html", number(&so))).exists());
}

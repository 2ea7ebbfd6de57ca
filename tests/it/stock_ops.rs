//! Receiving and adjusting stock, as the warehouse does it with a scanner and a keyboard.

use chrono::Datelike;

use crate::world::*;
use orderdesk::domain::access::Permission;
use orderdesk::domain::barcode::GS;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::stock::{self, AdjustInput, ReceiptInput};
use orderdesk::ops::{master, Error, Refusal, Thing};
use orderdesk::store::Db;

fn receipt(product: &str, bin: &str, qty: &str, cost: &str) -> ReceiptInput {
    ReceiptInput {
        product: product.into(),
        bin: bin.into(),
        qty: qty.into(),
        unit_cost: cost.into(),
        ..ReceiptInput::default()
    }
}

fn lot_receipt(lot: &str, expiry: &str, qty: &str) -> ReceiptInput {
    ReceiptInput {
        lot: lot.into(),
        expiry: expiry.into(),
        ..receipt(LOT_SKU, BIN_A, qty, "3.00")
    }
}

fn adjust(product: &str, bin: &str, qty: &str, reason: &str) -> AdjustInput {
    AdjustInput {
        product: product.into(),
        bin: bin.into(),
        qty: qty.into(),
        reason: reason.into(),
        ..AdjustInput::default()
    }
}

fn year() -> i32 {
    company_today().year()
}

/// What a user checks to see that nothing happened: the ledger, the levels, the cost.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    moves: i64,
    lots: i64,
    levels: Vec<(i64, i64, i64, i64)>,
    costs: Vec<(i64, i64)>,
    counters: Vec<(String, i64)>,
}

fn snapshot(db: &Db) -> Snapshot {
    let c = db.conn();
    let levels = c
        .prepare("SELECT product_id, bin_id, lot_id, on_hand FROM stock_levels ORDER BY 1, 2, 3")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let costs = c
        .prepare("SELECT id, avg_cost FROM products ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let counters = c
        .prepare("SELECT doc_type, last_no FROM doc_counters ORDER BY 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    Snapshot {
        moves: count_rows(db, "stock_moves"),
        lots: count_rows(db, "lots"),
        levels,
        costs,
        counters,
    }
}

#[test]
fn receipts_give_on_hand_the_moving_average_cost_and_gapless_numbers() {
    let w = world();
    let first = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &receipt(PLAIN_EAN, BIN_A, "10", "5.00"),
    )
    .expect("first receipt");
    assert_eq!(first.doc_no, format!("GR-{}-000001", year()));
    assert_eq!(first.product_id, w.plain_id);
    assert_eq!(first.on_hand.to_db(), 10_000);
    assert_eq!(first.avg_cost.to_db(), 50_000);
    assert_consistent(&w.db);

    let second = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_B, "30", "7"))
        .expect("second receipt");
    assert_eq!(second.doc_no, format!("GR-{}-000002", year()));
    assert_eq!(second.on_hand.to_db(), 40_000);
    assert_eq!(second.avg_cost.to_db(), 65_000);
    assert_consistent(&w.db);

    let d = master::product(&w.db, w.plain_id).unwrap();
    assert_eq!(
        d.product.avg_cost.to_db(),
        65_000,
        "(10 × 5 + 30 × 7) / 40 = 6.50"
    );
    assert_eq!(d.stock.on_hand.to_db(), 40_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 10_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 30_000);
    // The other product is untouched.
    assert_eq!(on_hand(&w.db, w.lot_id), 0);

    let moves = stock::movements(&w.db, w.plain_id, 0, 10).unwrap();
    assert_eq!(moves.len(), 2);
    assert_eq!(moves[0].doc_no.as_deref(), Some(second.doc_no.as_str()));
    assert_eq!(moves[0].kind.as_str(), "receipt");
    assert_eq!(moves[0].qty.to_db(), 30_000);
    assert_eq!(moves[0].unit_cost.to_db(), 70_000);
    assert_eq!(moves[0].actor, "warehouse");

    let view = stock::stock_of(&w.db, PLAIN_SKU).unwrap();
    let bins: Vec<(&str, i64)> = view
        .levels
        .iter()
        .map(|l| (l.bin_code.as_str(), l.on_hand.to_db()))
        .collect();
    assert_eq!(bins, [(BIN_A, 10_000), (BIN_B, 30_000)]);
}

#[test]
fn a_lot_tracked_product_needs_a_lot_and_a_valid_expiry() {
    let w = world();
    let in_a_year = days_from_today(365).to_string();
    let before = snapshot(&w.db);

    let e = stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("", &in_a_year, "5")).refused();
    assert_eq!(field_of(&e), Some("Lot"), "{e:?}");
    assert!(e.localized(Lang::Zh).contains(LOT_SKU));

    let e = stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2401", "", "5")).refused();
    assert_eq!(field_of(&e), Some("Expiry date"), "{e:?}");

    let yesterday = days_from_today(-1).to_string();
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2401", &yesterday, "5")).refused();
    assert_eq!(field_of(&e), Some("Expiry date"), "{e:?}");
    assert!(e.localized(Lang::En).contains(&yesterday), "names the date");

    let e = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &lot_receipt("L2401", "31/12/2030", "5"),
    )
    .refused();
    assert_eq!(field_of(&e), Some("Expiry date"), "{e:?}");
    assert_eq!(snapshot(&w.db), before, "nothing changed");

    stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2401", &in_a_year, "5"))
        .expect("lot and expiry");
    assert_consistent(&w.db);
    let after_first = snapshot(&w.db);

    // The same lot again must carry the same expiry.
    let other_day = days_from_today(400).to_string();
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2401", &other_day, "5")).refused();
    assert_eq!(field_of(&e), Some("Expiry date"), "{e:?}");
    assert!(
        e.localized(Lang::En).contains(&in_a_year),
        "names the lot's expiry"
    );
    assert_eq!(snapshot(&w.db), after_first);

    stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2401", &in_a_year, "3"))
        .expect("same lot, same expiry");
    assert_consistent(&w.db);
    let today = company_today().to_string();
    stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L2402", &today, "1"))
        .expect("expiring today is still receivable");
    assert_consistent(&w.db);

    let view = stock::stock_of(&w.db, LOT_SKU).unwrap();
    let lots: Vec<(&str, Option<String>, i64)> = view
        .levels
        .iter()
        .map(|l| {
            (
                l.lot_no.as_str(),
                l.expiry.map(|e| e.to_string()),
                l.on_hand.to_db(),
            )
        })
        .collect();
    assert_eq!(
        lots,
        [
            ("L2401", Some(in_a_year), 8_000),
            ("L2402", Some(today), 1_000)
        ]
    );

    // A product without lots takes no lot.
    let e = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &ReceiptInput {
            lot: "L1".into(),
            ..receipt(PLAIN_SKU, BIN_A, "1", "1")
        },
    )
    .refused();
    assert_eq!(field_of(&e), Some("Lot"), "{e:?}");
    assert_eq!(on_hand(&w.db, w.plain_id), 0);
}

#[test]
fn a_receipt_to_an_unknown_bin_changes_nothing() {
    let w = world();
    let before = snapshot(&w.db);
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_EAN, "Z-99", "10", "5")).refused();
    assert!(
        matches!(&e, Error::NotFound { what: Thing::Bin, key } if key == "Z-99"),
        "{e:?}"
    );
    assert!(e.localized(Lang::Zh).contains("Z-99"));
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &receipt("NO-SUCH", BIN_A, "10", "5")).refused();
    assert!(
        matches!(
            e,
            Error::NotFound {
                what: Thing::Product,
                ..
            }
        ),
        "{e:?}"
    );

    assert_eq!(snapshot(&w.db), before);
    assert_eq!(on_hand(&w.db, w.plain_id), 0);
    assert_consistent(&w.db);

    // The refused receipts took no number.
    let done = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_EAN, "a-01", "10", "5"))
        .expect("known bin, typed in lower case");
    assert_eq!(done.doc_no, format!("GR-{}-000001", year()));
}

#[test]
fn a_gs1_scan_fills_lot_expiry_and_quantity() {
    let w = world();
    let expiry = days_from_today(200);
    let scan = format!(
        "]C101{}17{}10LOT-A{GS}3712\r",
        gtin14(&lot_ean()),
        gs1_date(expiry)
    );
    let done = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &ReceiptInput {
            product: scan,
            bin: BIN_B.into(),
            unit_cost: "2.50".into(),
            ..ReceiptInput::default()
        },
    )
    .expect("scanned receipt");
    assert_eq!(done.product_id, w.lot_id);
    assert_eq!(done.on_hand.to_db(), 12_000, "AI 37 gave the count");
    assert_consistent(&w.db);

    let view = stock::stock_of(&w.db, &lot_ean()).unwrap();
    assert_eq!(view.levels.len(), 1);
    let level = &view.levels[0];
    assert_eq!(level.bin_code, BIN_B);
    assert_eq!(level.lot_no, "LOT-A");
    assert_eq!(
        level.expiry.map(|e| e.to_string()),
        Some(expiry.to_string())
    );
    assert_eq!(level.on_hand.to_db(), 12_000);

    // What the clerk typed wins over the label.
    let scan = format!(
        "(01){}(17){}(10)LOT-A(37)12",
        gtin14(&lot_ean()),
        gs1_date(expiry)
    );
    stock::receive_stock(
        &w.db,
        &w.warehouse,
        &ReceiptInput {
            product: scan,
            bin: BIN_B.into(),
            qty: "2".into(),
            ..ReceiptInput::default()
        },
    )
    .expect("typed quantity");
    assert_eq!(on_hand(&w.db, w.lot_id), 14_000);
    assert_consistent(&w.db);
}

#[test]
fn a_gs1_label_of_a_product_without_lots_is_received_by_its_count() {
    let w = world();
    // Suppliers print the batch and best-before on every case label, also for goods
    // this shop does not track by lot.
    let scan = format!(
        "]C101{}17{}10B-77{GS}3724",
        gtin14(PLAIN_EAN),
        gs1_date(days_from_today(300))
    );
    let done = stock::receive_stock(&w.db, &w.warehouse, &receipt(&scan, BIN_A, "", "1.10"))
        .expect("case label of a product without lots");
    assert_eq!(done.product_id, w.plain_id);
    assert_eq!(done.on_hand.to_db(), 24_000);
    let view = stock::stock_of(&w.db, PLAIN_SKU).unwrap();
    assert_eq!(view.levels.len(), 1);
    assert_eq!(view.levels[0].lot_no, "", "no lot is invented");
    assert_eq!(view.levels[0].expiry, None);
    assert_consistent(&w.db);
}

#[test]
fn a_bin_label_scanned_in_full_width_mode_is_found() {
    let w = world();
    // A Chinese input method in full-width mode turns the scanned "A-02" into this.
    stock::receive_stock(
        &w.db,
        &w.warehouse,
        &receipt(PLAIN_EAN, "Ａ－０２\t", "4", "1"),
    )
    .expect("full-width bin code");
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 4_000);
    stock::adjust_stock(
        &w.db,
        &w.warehouse,
        &adjust(PLAIN_EAN, "ａ－０２", "-1", "破损"),
    )
    .expect("full-width bin code");
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 3_000);
    assert_consistent(&w.db);
}

#[test]
fn adjustments_need_a_reason_and_never_take_more_than_the_bin_holds() {
    let w = world();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "2", "5")).unwrap();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_B, "10", "5")).unwrap();
    let before = snapshot(&w.db);

    let e =
        stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "-1", "  ")).refused();
    assert_eq!(field_of(&e), Some("Reason"), "{e:?}");

    // The product has 12 in all, but bin A-01 holds only 2.
    let e =
        stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "-3", "盘亏")).refused();
    assert_eq!(field_of(&e), Some("Quantity"), "{e:?}");
    for lang in [Lang::Zh, Lang::En] {
        let text = e.localized(lang);
        assert!(text.contains(BIN_A), "names the bin: {text}");
        assert!(text.contains('2') && text.contains('3'), "{text}");
    }
    assert_eq!(snapshot(&w.db), before, "nothing changed");

    let plus = stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "+5", "盘盈"))
        .expect("+5");
    assert_eq!(plus.doc_no, format!("ADJ-{}-000001", year()));
    assert_eq!(plus.on_hand.to_db(), 17_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 7_000);
    assert_consistent(&w.db);

    let minus = stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "-5", "破损"))
        .expect("-5");
    assert_eq!(minus.doc_no, format!("ADJ-{}-000002", year()));
    assert_eq!(minus.on_hand.to_db(), 12_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 2_000);
    assert_consistent(&w.db);

    // Everything a bin holds may go, but not one more.
    stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "-2", "丢失"))
        .expect("empty the bin");
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 0);
    let e = stock::adjust_stock(
        &w.db,
        &w.warehouse,
        &adjust(PLAIN_SKU, BIN_A, "-0.001", "丢失"),
    )
    .refused();
    assert_eq!(field_of(&e), Some("Quantity"), "{e:?}");
    assert_consistent(&w.db);

    // Adjustments do not change the cost, and they are in the ledger with their reason.
    assert_eq!(
        master::product(&w.db, w.plain_id)
            .unwrap()
            .product
            .avg_cost
            .to_db(),
        50_000
    );
    let moves = stock::movements(&w.db, w.plain_id, 0, 10).unwrap();
    let reasons: Vec<&str> = moves.iter().filter_map(|m| m.reason.as_deref()).collect();
    assert_eq!(reasons, ["丢失", "破损", "盘盈"]);
}

#[test]
fn a_lot_is_adjusted_by_its_lot_number() {
    let w = world();
    let expiry = days_from_today(90).to_string();
    stock::receive_stock(&w.db, &w.warehouse, &lot_receipt("L9", &expiry, "6")).unwrap();
    let e =
        stock::adjust_stock(&w.db, &w.warehouse, &adjust(LOT_SKU, BIN_A, "-1", "过期")).refused();
    assert_eq!(field_of(&e), Some("Lot"), "{e:?}");
    let e = stock::adjust_stock(
        &w.db,
        &w.warehouse,
        &AdjustInput {
            lot: "L8".into(),
            ..adjust(LOT_SKU, BIN_A, "-1", "过期")
        },
    )
    .refused();
    assert!(
        matches!(
            e,
            Error::NotFound {
                what: Thing::Lot,
                ..
            }
        ),
        "{e:?}"
    );
    stock::adjust_stock(
        &w.db,
        &w.warehouse,
        &AdjustInput {
            lot: "L9".into(),
            ..adjust(LOT_SKU, BIN_A, "-1", "样品")
        },
    )
    .expect("by lot");
    assert_eq!(on_hand(&w.db, w.lot_id), 5_000);
    assert_consistent(&w.db);
}

#[test]
fn sales_cannot_receive_or_adjust_stock() {
    let w = world();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "5", "5")).unwrap();
    let before = snapshot(&w.db);

    let e = stock::receive_stock(&w.db, &w.sales, &receipt(PLAIN_SKU, BIN_A, "5", "5")).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::ReceiveStock
            }
        ),
        "{e:?}"
    );
    let e = stock::adjust_stock(&w.db, &w.sales, &adjust(PLAIN_SKU, BIN_A, "-5", "拿走")).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::AdjustStock
            }
        ),
        "{e:?}"
    );
    for actor in [&w.finance, &w.manager] {
        let e = stock::receive_stock(&w.db, actor, &receipt(PLAIN_SKU, BIN_A, "1", "1")).refused();
        assert!(
            matches!(e, Error::PermissionDenied { .. }),
            "{actor}: {e:?}"
        );
    }
    assert_eq!(snapshot(&w.db), before);
    assert_consistent(&w.db);
}

#[test]
fn nonsense_quantities_are_refused() {
    let w = world();
    let before = snapshot(&w.db);
    for bad in ["abc", "0", "-1", "1e9", "99999999999", "1.2345", "", "五"] {
        let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, bad, "5"))
            .refused();
        assert_eq!(field_of(&e), Some("Quantity"), "receipt of {bad:?}: {e:?}");
    }
    for bad in ["abc", "0", "-0", "1e9", "-99999999999", "+", "--1"] {
        let e = stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, bad, "盘点"))
            .refused();
        assert_eq!(
            field_of(&e),
            Some("Quantity"),
            "adjustment of {bad:?}: {e:?}"
        );
    }
    for bad in ["abc", "-1", "1.23456"] {
        let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "1", bad))
            .refused();
        assert_eq!(field_of(&e), Some("Unit cost"), "cost {bad:?}: {e:?}");
    }
    assert_eq!(snapshot(&w.db), before);

    // The largest quantity may be received once; the stock may not grow beyond it.
    stock::receive_stock(
        &w.db,
        &w.warehouse,
        &receipt(PLAIN_SKU, BIN_A, "1,000,000,000", "0.01"),
    )
    .expect("the largest quantity");
    let full = snapshot(&w.db);
    let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_B, "1", "0.01"))
        .refused();
    assert_eq!(field_of(&e), Some("Quantity"), "{e:?}");
    let e =
        stock::adjust_stock(&w.db, &w.warehouse, &adjust(PLAIN_SKU, BIN_A, "1", "盘盈")).refused();
    assert_eq!(field_of(&e), Some("Quantity"), "{e:?}");
    assert_eq!(snapshot(&w.db), full);
    assert_consistent(&w.db);
}

#[test]
fn the_stock_ledger_cannot_be_rewritten() {
    let w = world();
    let done =
        stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "10", "5")).unwrap();
    let c = w.db.conn();
    assert!(c.execute("UPDATE stock_moves SET qty = 1", []).is_err());
    assert!(c
        .execute("UPDATE stock_moves SET at = '2000-01-01T00:00:00.000Z'", [])
        .is_err());
    assert!(c.execute("DELETE FROM stock_moves", []).is_err());
    assert!(c
        .execute("UPDATE audit_log SET actor_id = NULL", [])
        .is_err());
    assert!(c.execute("DELETE FROM audit_log", []).is_err());

    let qty: i64 = c
        .query_row(
            "SELECT qty FROM stock_moves WHERE id = ?1",
            [done.move_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(qty, 10_000);
    assert_eq!(count_rows(&w.db, "stock_moves"), 1);
    assert_consistent(&w.db);

    // Tampering with a cached level is what `orderdesk check` exists to find.
    c.execute("UPDATE stock_levels SET on_hand = on_hand + 1000", [])
        .unwrap();
    let found = orderdesk::store::check::run(c).unwrap();
    assert!(
        found.iter().any(|v| v.check == "stock_levels_match_moves"),
        "{found:?}"
    );
}

#[test]
fn a_blank_cost_takes_the_average_and_is_refused_without_one() {
    let w = world();
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "5", "")).refused();
    assert_eq!(field_of(&e), Some("Unit cost"), "{e:?}");
    assert_eq!(on_hand(&w.db, w.plain_id), 0, "nothing received");
    stock::receive_stock(
        &w.db,
        &w.warehouse,
        &receipt(PLAIN_SKU, BIN_A, "10", "4.00"),
    )
    .unwrap();
    let done = stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "10", ""))
        .expect("at the current average");
    assert_eq!(
        done.avg_cost.to_db(),
        40_000,
        "the average is not dragged towards zero"
    );
    assert_consistent(&w.db);
}

#[test]
fn a_gs1_label_counting_zero_is_refused() {
    let w = world();
    let scan = format!("]C101{}370", gtin14(PLAIN_EAN));
    let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(&scan, BIN_A, "", "1.00")).refused();
    assert_eq!(field_of(&e), Some("Quantity"), "{e:?}");
    assert_eq!(count_rows(&w.db, "stock_moves"), 0);
}

#[test]
fn lot_tracking_cannot_change_while_there_is_stock() {
    let w = world();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "3", "2.00")).unwrap();
    let p = master::product(&w.db, w.plain_id).unwrap();
    let input = master::ProductInput {
        sku: p.product.sku.clone(),
        name: p.product.name.clone(),
        unit: p.product.unit.clone(),
        barcodes: p.barcodes.clone(),
        list_price: orderdesk::domain::money::UnitPrice::from_db(p.product.list_price.to_db())
            .to_string(),
        floor_price: orderdesk::domain::money::UnitPrice::from_db(p.product.floor_price.to_db())
            .to_string(),
        tracks_lots: true,
        ..Default::default()
    };
    let e =
        master::update_product(&w.db, &w.admin, w.plain_id, p.product.version, &input).refused();
    assert!(
        matches!(e, Error::Refused(Refusal::LotTrackingWithStock)),
        "{e:?}"
    );
    assert!(
        !master::product(&w.db, w.plain_id)
            .unwrap()
            .product
            .tracks_lots
    );
}

#[test]
fn check_notices_a_counter_below_an_issued_receipt_number() {
    let w = world();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "3", "2.00")).unwrap();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, BIN_A, "3", "2.00")).unwrap();
    assert_consistent(&w.db);
    w.db.conn()
        .execute(
            "UPDATE doc_counters SET last_no = 1 WHERE doc_type = 'GR'",
            [],
        )
        .unwrap();
    let v = orderdesk::store::check::run(w.db.conn()).unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].check, "counters_cover_stock_documents");
    assert!(v[0].detail.contains("-000002"), "{}", v[0].detail);
}

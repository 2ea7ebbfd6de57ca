//! Moving stock between bins and counting it (盘点).

use crate::world::*;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::count::{self, CountLine};
use orderdesk::ops::intake;
use orderdesk::ops::transfer::{self, TransferInput};
use orderdesk::ops::{Error, Refusal};

fn stocked() -> World {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    w
}

fn transfer(qty: &str) -> TransferInput {
    TransferInput {
        product: PLAIN_EAN.into(),
        from_bin: BIN_A.into(),
        to_bin: BIN_B.into(),
        qty: qty.into(),
        ..TransferInput::default()
    }
}

#[test]
fn a_transfer_moves_stock_and_leaves_the_totals() {
    let w = stocked();
    let done = transfer::transfer_stock(&w.db, &w.warehouse, &transfer("4")).unwrap();
    assert!(done.doc_no.starts_with("TR-"));
    assert_eq!(
        (done.from_on_hand.to_db(), done.to_on_hand.to_db()),
        (6_000, 4_000)
    );
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 6_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 4_000);
    assert_eq!(on_hand(&w.db, w.plain_id), 10_000);
    assert_consistent(&w.db);
}

#[test]
fn stock_reserved_to_its_last_unit_can_still_be_moved() {
    let w = stocked();
    let code = w.customer("老王五金").create();
    let sold = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "10")
        .submit();
    let approved = match sold.outcome {
        intake::Outcome::Approved { .. } => sold.outcome,
        _ => orderdesk::ops::approval::approve_order(&w.db, &w.manager, sold.id, sold.version)
            .unwrap(),
    };
    assert_eq!(approved, intake::Outcome::Approved { backordered: 0 });
    let done = transfer::transfer_stock(&w.db, &w.warehouse, &transfer("10")).unwrap();
    assert_eq!(done.to_on_hand.to_db(), 10_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 0);
    assert_eq!(on_hand(&w.db, w.plain_id), 10_000);
    assert_consistent(&w.db);
}

#[test]
fn a_transfer_larger_than_the_bin_holds_changes_nothing() {
    let w = stocked();
    let e = transfer::transfer_stock(&w.db, &w.warehouse, &transfer("11")).unwrap_err();
    assert!(
        e.localized(Lang::Zh).contains(BIN_A),
        "{}",
        e.localized(Lang::Zh)
    );
    assert!(e.localized(Lang::En).contains("holds only 10"));
    let e = transfer::transfer_stock(
        &w.db,
        &w.warehouse,
        &TransferInput {
            to_bin: BIN_A.into(),
            ..transfer("1")
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Refused(Refusal::SameBins)));
    let e = transfer::transfer_stock(&w.db, &w.sales, &transfer("1")).unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }));
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 10_000);
    assert_eq!(count_rows(&w.db, "stock_moves"), 1);
}

fn line(bin: &str, product: &str, counted: &str) -> CountLine {
    CountLine {
        bin: bin.into(),
        product: product.into(),
        lot: String::new(),
        counted: counted.into(),
    }
}

#[test]
fn a_count_shows_the_differences_then_posts_them() {
    let w = stocked();
    let sheet = [line(BIN_A, PLAIN_EAN, "8"), line(BIN_B, PLAIN_SKU, "3")];
    let preview = count::preview_count(&w.db, &sheet, None).unwrap();
    assert_eq!(preview.len(), 2);
    assert_eq!(
        (preview[0].book.to_db(), preview[0].difference.to_db()),
        (10_000, -2_000)
    );
    assert_eq!(
        (preview[1].book.to_db(), preview[1].difference.to_db()),
        (0, 3_000)
    );
    assert_eq!(
        on_hand(&w.db, w.plain_id),
        10_000,
        "a preview changes nothing"
    );
    let (doc, posted) = count::post_count(&w.db, &w.warehouse, &sheet, None).unwrap();
    assert!(doc.unwrap().starts_with("CNT-"));
    assert_eq!(posted, preview);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 8_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 3_000);
    assert_eq!(on_hand(&w.db, w.plain_id), 11_000);
    // Counting again what the books now say posts nothing.
    let (doc, again) =
        count::post_count(&w.db, &w.warehouse, &[line(BIN_A, PLAIN_SKU, "8")], None).unwrap();
    assert_eq!(doc, None);
    assert!(again[0].difference.is_zero());
    assert_consistent(&w.db);
}

#[test]
fn a_count_refuses_a_bin_counted_twice_and_another_products_scan() {
    let w = stocked();
    let twice = [line(BIN_A, PLAIN_SKU, "8"), line("a-01", PLAIN_EAN, "9")];
    let e = count::post_count(&w.db, &w.warehouse, &twice, None).unwrap_err();
    assert!(
        e.localized(Lang::Zh).contains("已经盘点过"),
        "{}",
        e.localized(Lang::Zh)
    );
    let other = [line(BIN_A, PLAIN_SKU, "8"), line(BIN_A, LOT_SKU, "1")];
    let e = count::post_count(&w.db, &w.warehouse, &other, Some(PLAIN_SKU)).unwrap_err();
    assert!(
        e.localized(Lang::En).contains("another product"),
        "{}",
        e.localized(Lang::En)
    );
    let e =
        count::post_count(&w.db, &w.warehouse, &[line(BIN_A, PLAIN_SKU, "-1")], None).unwrap_err();
    assert_eq!(field_of(&e), Some("Counted quantity"));
    assert_eq!(count_rows(&w.db, "stock_moves"), 1, "nothing was posted");
}

#[test]
fn a_count_may_find_stock_in_two_new_places() {
    let w = world();
    // Nothing received yet: the product has no lot at all.
    let sheet = [line(BIN_A, PLAIN_SKU, "2"), line(BIN_B, PLAIN_SKU, "3")];
    let (doc, _) = count::post_count(&w.db, &w.warehouse, &sheet, None).unwrap();
    assert!(doc.is_some());
    assert_eq!(on_hand(&w.db, w.plain_id), 5_000);
    assert_consistent(&w.db);
}

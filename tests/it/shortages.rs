//! Follow-up of shortages (缺货跟进) through `ops`: the shortage list against a plain
//! recount of the backordered lines, the orders waiting in the order arriving stock
//! fills them, purchase and production requests (请购单) with their states, the stock
//! receipt that counts against a request and fills the backorders, the expected date
//! the counter sees, bad input refused with nothing changed, and tamper tests of the
//! request invariants.

use orderdesk::domain::order::Urgency;
use orderdesk::domain::purchase::{RequestKind, RequestStatus};
use orderdesk::ops::shortage::{self, RequestFilter, RequestInput};
use orderdesk::ops::stock::{self, ReceiptInput};
use orderdesk::ops::{self, intake, Refusal};
use orderdesk::store::Db;

use crate::cash::{approve, refusal};
use crate::world::*;

/// An approved order of `qty` of `sku` for a new cash customer, at this urgency and
/// requested date (days from today).
fn approved(
    w: &World,
    sku: &str,
    qty: &str,
    urgency: Urgency,
    requested_in: Option<i64>,
) -> intake::Submitted {
    let code = w.customer("缺货客户").create();
    let mut input = w
        .order(&w.sales)
        .customer(&code)
        .line(sku, qty)
        .urgency(urgency)
        .input();
    if let Some(d) = requested_in {
        input.requested_date = days_from_today(d).to_string();
    }
    let d = intake::create_draft(&w.db, &w.sales, &input).unwrap();
    let s = intake::submit_order(&w.db, &w.sales, d.id, d.version).unwrap();
    approve(w, &s);
    s
}

/// The plain recount the list must agree with: per product, the backordered quantity,
/// the lines and the orders waiting, read straight from the order lines.
fn recount(db: &Db) -> Vec<(i64, i64, i64, i64)> {
    db.conn()
        .prepare(
            "SELECT product_id, SUM(qty_backordered), count(*), count(DISTINCT order_id) \
             FROM order_lines WHERE qty_backordered <> 0 GROUP BY product_id ORDER BY product_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn listed(db: &Db) -> Vec<(i64, i64, i64, i64)> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = shortage::shortage_page(db, after.as_ref(), 1).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.cursor.clone());
        all.extend(
            page.iter()
                .map(|s| (s.product_id, s.backordered.to_db(), s.lines, s.orders)),
        );
    }
    all.sort();
    all
}

fn request(sku: &str, qty: &str, expected_in: i64) -> RequestInput {
    RequestInput {
        product: sku.into(),
        kind: RequestKind::Purchase,
        supplier: "永康五金制品厂".into(),
        qty: qty.into(),
        expected: days_from_today(expected_in).to_string(),
        note: String::new(),
    }
}

fn receipt(sku: &str, qty: &str, request: &str) -> ReceiptInput {
    ReceiptInput {
        product: sku.into(),
        bin: BIN_B.into(),
        qty: qty.into(),
        unit_cost: "1.00".into(),
        request: request.into(),
        ..ReceiptInput::default()
    }
}

#[test]
fn the_shortage_list_agrees_with_a_plain_recount_most_urgent_first() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "5");
    approved(&w, PLAIN_SKU, "4", Urgency::Normal, None);
    let urgent = approved(&w, PLAIN_SKU, "8", Urgency::Urgent, Some(3));
    // Nothing of the lot product in stock: all of it waits, at the latest date.
    approved(&w, LOT_SKU, "2.5", Urgency::Normal, Some(9));
    let list = shortage::shortage_page(&w.db, None, 50).unwrap();
    assert_eq!(
        listed(&w.db),
        recount(&w.db),
        "the list is the recount, page by page"
    );
    assert_eq!(list.len(), 2);
    // The normal order came first and reserved 4 of the 5; the urgent one got the last
    // 1 and waits for 7.
    let bolts = &list[0];
    assert_eq!(bolts.sku, PLAIN_SKU, "the urgent order's product first");
    assert_eq!(bolts.urgency, Urgency::Urgent);
    assert_eq!(bolts.backordered.to_db(), 7_000);
    assert_eq!((bolts.lines, bolts.orders), (1, 1));
    assert_eq!(bolts.earliest_requested, Some(days_from_today(3)));
    assert_eq!(
        (bolts.on_hand.to_db(), bolts.reserved.to_db()),
        (5_000, 5_000)
    );
    assert!(bolts.available.is_zero());
    assert_eq!(bolts.warehouses.len(), 1);
    assert_eq!(bolts.warehouses[0].code, WAREHOUSE);
    assert_eq!(bolts.warehouses[0].storage, 5_000);
    assert_eq!(list[1].sku, LOT_SKU);
    assert_eq!(list[1].backordered.to_db(), 2_500);
    let waiting = shortage::waiting_for(&w.db, w.plain_id, 10).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].order_no, urgent.number);
    // The product's cached total agrees too (what `check` proves).
    assert_consistent(&w.db);
}

#[test]
fn a_purchase_request_is_received_by_the_stock_receipt_that_names_it() {
    let w = world();
    let s = approved(&w, PLAIN_SKU, "12", Urgency::Normal, None);
    let suggestion = shortage::suggest_request(&w.db, w.plain_id).unwrap();
    assert_eq!(suggestion.qty.to_db(), 12_000, "all of it is short");
    let made = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "20", 7)).unwrap();
    assert!(made.number.starts_with("PR-") && made.number.ends_with("-000001"));
    assert_eq!(made.expected, days_from_today(7));
    // The counter sees when the goods come: on the order's short line and on intake.
    let expected = shortage::expected_for_order(&w.db, s.id).unwrap();
    assert_eq!(expected, [(1, days_from_today(7), made.number.clone())]);
    let p = intake::line_product(&w.db, w.plain_id).unwrap();
    assert_eq!(p.expected, Some(days_from_today(7)));
    let list = shortage::shortage_page(&w.db, None, 10).unwrap();
    assert_eq!(list[0].requested.to_db(), 20_000);
    assert!(list[0].uncovered().is_zero());
    assert_eq!(
        list[0].expected.as_ref().map(|e| e.1.clone()),
        Some(made.number.clone())
    );
    // The next suggestion counts the request.
    assert!(shortage::suggest_request(&w.db, w.plain_id)
        .unwrap()
        .qty
        .is_zero());
    assert_eq!(
        shortage::suggest_request(&w.db, w.plain_id)
            .unwrap()
            .supplier,
        "永康五金制品厂"
    );

    shortage::mark_ordered(&w.db, &w.warehouse, &made.number).unwrap();
    // 8 arrive: the order gets 8 of its 12, the request has 12 to come.
    let done =
        stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "8", &made.number)).unwrap();
    assert_eq!(done.request.as_deref(), Some(made.number.as_str()));
    let (r, receipts) = shortage::request(&w.db, &made.number).unwrap();
    assert_eq!((r.status, r.qty_received), (RequestStatus::Ordered, 8_000));
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].doc_no, done.doc_no);
    assert_eq!(receipts[0].qty.to_db(), 8_000);
    let line = &ops::orders::order_detail(&w.db, s.id).unwrap().lines[0];
    assert_eq!(
        (line.reserved.to_db(), line.backordered.to_db()),
        (8_000, 4_000)
    );
    // The rest, and more than asked (a full case): received.
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "14", &made.number)).unwrap();
    let (r, receipts) = shortage::request(&w.db, &made.number).unwrap();
    assert_eq!(
        (r.status, r.qty_received),
        (RequestStatus::Received, 22_000)
    );
    assert!(r.closed_at.is_some());
    assert_eq!(receipts.len(), 2);
    assert!(
        shortage::shortage_page(&w.db, None, 10).unwrap().is_empty(),
        "nothing short"
    );
    assert!(shortage::expected_for_order(&w.db, s.id)
        .unwrap()
        .is_empty());
    assert_eq!(
        intake::line_product(&w.db, w.plain_id).unwrap().expected,
        None
    );
    // The lists by state.
    let pending = shortage::requests_page(&w.db, RequestFilter::Pending, None, 10).unwrap();
    assert!(pending.is_empty());
    let received = shortage::requests_page(
        &w.db,
        RequestFilter::Status(RequestStatus::Received),
        None,
        10,
    )
    .unwrap();
    assert_eq!(received.len(), 1);
    assert_consistent(&w.db);
}

#[test]
fn bad_requests_and_receipts_are_refused_and_change_nothing() {
    let w = world();
    approved(&w, PLAIN_SKU, "3", Urgency::Normal, None);
    let pr = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "3", 2)).unwrap();
    let snapshot = |db: &Db| {
        (
            count_rows(db, "purchase_requests"),
            count_rows(db, "purchase_receipts"),
            count_rows(db, "stock_moves"),
            count_rows(db, "audit_log"),
        )
    };
    let before = snapshot(&w.db);
    // Sales may not ask for purchases.
    let e = shortage::create_request(&w.db, &w.sales, &request(PLAIN_SKU, "3", 2)).refused();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    // No supplier, no quantity, a fraction of a whole-unit product, no date, a past date.
    let e = shortage::create_request(
        &w.db,
        &w.warehouse,
        &RequestInput {
            supplier: " ".into(),
            ..request(PLAIN_SKU, "3", 2)
        },
    )
    .refused();
    assert_eq!(field_of(&e), Some("Supplier/workshop"));
    let e = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "", 2)).refused();
    assert_eq!(refusal(&e), Refusal::QtyRequired);
    let e = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "1.5", 2)).refused();
    assert!(matches!(refusal(&e), Refusal::WholeUnitsOnly { .. }));
    let e = shortage::create_request(
        &w.db,
        &w.warehouse,
        &RequestInput {
            expected: String::new(),
            ..request(PLAIN_SKU, "3", 2)
        },
    )
    .refused();
    assert_eq!(refusal(&e), Refusal::ExpectedDateRequired);
    let e = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "3", -1)).refused();
    assert!(matches!(refusal(&e), Refusal::ExpectedDateInPast { .. }));
    assert_eq!(field_of(&e), Some("Expected date"));
    let e = shortage::create_request(&w.db, &w.warehouse, &request("NOPE", "3", 2)).refused();
    assert!(matches!(e, ops::Error::NotFound { .. }));
    // A receipt of another product against the request, or against an unknown one:
    // refused whole, the stock unchanged.
    let e = stock::receive_stock(&w.db, &w.warehouse, &receipt(LOT_SKU, "1", &pr.number));
    assert!(e.is_err());
    let e = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &ReceiptInput {
            lot: "L1".into(),
            expiry: days_from_today(300).to_string(),
            ..receipt(LOT_SKU, "1", &pr.number)
        },
    )
    .refused();
    assert!(matches!(refusal(&e), Refusal::RequestOfOtherProduct { .. }));
    assert_eq!(field_of(&e), Some("Purchase request"));
    let e = stock::receive_stock(
        &w.db,
        &w.warehouse,
        &receipt(PLAIN_SKU, "1", "PR-2026-999999"),
    )
    .refused();
    assert_eq!(field_of(&e), Some("Purchase request"));
    assert_eq!(
        refusal(&e),
        Refusal::UnknownRequest {
            number: "PR-2026-999999".into()
        }
    );
    // Cancelling needs a reason.
    let e = shortage::cancel_request(&w.db, &w.warehouse, &pr.number, "").refused();
    assert_eq!(refusal(&e), Refusal::ReasonRequired);
    assert_eq!(snapshot(&w.db), before, "nothing was changed");

    // Marked ordered once; then not again. Cancelled: no goods arrive against it.
    shortage::mark_ordered(&w.db, &w.warehouse, &pr.number).unwrap();
    let e = shortage::mark_ordered(&w.db, &w.warehouse, &pr.number).refused();
    assert!(matches!(refusal(&e), Refusal::RequestNotOpen { .. }));
    shortage::cancel_request(&w.db, &w.warehouse, &pr.number, "供应商停产").unwrap();
    let e =
        stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "1", &pr.number)).refused();
    assert!(matches!(
        refusal(&e),
        Refusal::RequestClosed {
            status: RequestStatus::Cancelled,
            ..
        }
    ));
    // A request that received goods is not cancelled.
    let pr2 = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "3", 2)).unwrap();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "1", &pr2.number)).unwrap();
    let e = shortage::cancel_request(&w.db, &w.warehouse, &pr2.number, "不要了").refused();
    assert_eq!(
        refusal(&e),
        Refusal::RequestHasReceipts {
            number: pr2.number.clone()
        }
    );
    assert_consistent(&w.db);
}

#[test]
fn a_production_request_goes_to_a_workshop() {
    let w = world();
    approved(&w, PLAIN_SKU, "3", Urgency::Normal, None);
    let made = shortage::create_request(
        &w.db,
        &w.manager,
        &RequestInput {
            kind: RequestKind::Production,
            supplier: "二车间".into(),
            ..request(PLAIN_SKU, "3", 0)
        },
    )
    .unwrap();
    let (r, _) = shortage::request(&w.db, &made.number).unwrap();
    assert_eq!(
        (r.kind, r.supplier.as_str()),
        (RequestKind::Production, "二车间")
    );
    assert_eq!(
        r.expected_date,
        company_today().to_string(),
        "today will do"
    );
}

/// Tampers with the database behind the program's back, past its CHECK constraints.
fn tamper(db: &Db, sql: &str) {
    db.conn()
        .execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON; {sql}; PRAGMA ignore_check_constraints = OFF;"
        ))
        .unwrap();
}

fn found(db: &Db, check: &str) -> bool {
    ops::check::run_check(db)
        .unwrap()
        .iter()
        .any(|v| v.check == check)
}

/// A world with one request that received 2 by one receipt.
fn received_world() -> (World, String) {
    let w = world();
    approved(&w, PLAIN_SKU, "5", Urgency::Normal, None);
    let pr = shortage::create_request(&w.db, &w.warehouse, &request(PLAIN_SKU, "5", 3)).unwrap();
    stock::receive_stock(&w.db, &w.warehouse, &receipt(PLAIN_SKU, "2", &pr.number)).unwrap();
    assert_consistent(&w.db);
    (w, pr.number)
}

#[test]
fn check_catches_each_broken_invariant_of_the_requests() {
    let (w, pr) = received_world();
    tamper(
        &w.db,
        &format!("UPDATE purchase_requests SET qty_received = 3000 WHERE number = '{pr}'"),
    );
    assert!(found(&w.db, "request_received_matches_receipts"));

    let (w, _) = received_world();
    tamper(&w.db, "UPDATE purchase_receipts SET qty = 3000");
    assert!(found(&w.db, "request_receipts_are_receipts_of_its_product"));

    let (w, _) = received_world();
    // Linked to a receipt of another product.
    w.product(LOT_SKU).stock_lot(BIN_A, "L9", 300, "2");
    let other =
        w.db.conn()
            .query_row("SELECT max(id) FROM stock_moves", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
    tamper(
        &w.db,
        &format!("UPDATE purchase_receipts SET move_id = {other}"),
    );
    assert!(found(&w.db, "request_receipts_are_receipts_of_its_product"));

    let (w, _) = received_world();
    tamper(
        &w.db,
        "UPDATE doc_counters SET last_no = 0 WHERE doc_type = 'PR'",
    );
    assert!(found(&w.db, "counters_cover_after_sales_documents"));
}

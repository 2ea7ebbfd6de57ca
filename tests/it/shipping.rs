//! Shipping (发货) and delivery (签收) through `ops`: from approval to signature, in one
//! or several shipments; every bad input refused with nothing changed; exceptions that
//! wait visibly; and `check`, which catches each broken invariant of the goods flow.

use orderdesk::domain::goods::{Fulfilment, ShipmentStatus};
use orderdesk::domain::order::OrderStage;
use orderdesk::ops::orders::OrderFilter;
use orderdesk::ops::shipping::{self, ExceptionKind, ShipInput, ShipLineInput};
use orderdesk::ops::stock::ReceiptInput;
use orderdesk::ops::{self, orders, picking, Refusal};
use orderdesk::store::{self, Db};

use crate::picking::{approved_order, number, pick_all};
use crate::world::*;

fn ship_input(order: &str, carrier: &str, tracking: &str) -> ShipInput {
    ShipInput {
        order: order.into(),
        carrier: carrier.into(),
        tracking: tracking.into(),
        cartons: "2".into(),
        weight_kg: "3.5".into(),
        cost: "12.00".into(),
        lines: vec![],
    }
}

fn refusal(e: &ops::Error) -> Refusal {
    e.refusal()
        .cloned()
        .unwrap_or_else(|| panic!("not a refusal: {e:?}"))
}

/// Rows a refused shipping or delivery must leave alone.
fn counts(db: &Db) -> [i64; 6] {
    let sums: (i64, i64, i64) = db
        .conn()
        .query_row(
            "SELECT SUM(qty_picked), SUM(qty_shipped), SUM(qty_delivered) FROM order_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    [
        count_rows(db, "stock_moves"),
        count_rows(db, "shipments"),
        count_rows(db, "audit_log"),
        sums.0,
        sums.1,
        sums.2,
    ]
}

fn picked_order(w: &World, qty: &str) -> orderdesk::ops::intake::Submitted {
    w.product(PLAIN_SKU).stock(BIN_A, "20");
    let so = approved_order(w, &[(PLAIN_SKU, qty)]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    so
}

fn filtered(db: &Db, f: Fulfilment) -> Vec<i64> {
    let filter = OrderFilter {
        fulfilment: Some(f),
        ..OrderFilter::default()
    };
    orders::orders_page(db, &filter, None, 50)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn an_order_goes_from_approval_to_signature_in_two_shipments() {
    let w = world();
    let so = picked_order(&w, "5");
    assert_eq!(filtered(&w.db, Fulfilment::ReadyToShip), [so.id]);
    let on_hand_before = on_hand(&w.db, w.plain_id);

    let first = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            lines: vec![ShipLineInput {
                line_no: 1,
                qty: "2".into(),
            }],
            ..ship_input(&number(&so), "SF", "SF1234567890")
        },
    )
    .expect("first shipment");
    assert!(first.number.starts_with("SH-"));
    assert_eq!(first.fulfilment, Fulfilment::PartlyShipped);
    assert_eq!(on_hand(&w.db, w.plain_id), on_hand_before - 2_000);
    let st = store::stock::product_stock(w.db.conn(), w.plain_id).unwrap();
    assert_eq!(
        st.reserved, 3_000,
        "the shipped part of the reservation is consumed"
    );
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 3_000);
    assert_eq!(filtered(&w.db, Fulfilment::PartlyShipped), [so.id]);

    let second = shipping::ship(
        &w.db,
        &w.warehouse,
        &ship_input(&number(&so), "顺丰速运", "SF999"),
    )
    .expect("the rest");
    assert_eq!(second.fulfilment, Fulfilment::Shipped);
    let in_transit = shipping::goods_in_transit(&w.db, 0, 10).unwrap();
    assert_eq!(in_transit.len(), 1);
    assert_eq!(in_transit[0].qty, 5_000, "发出商品 until signed for");
    let view = shipping::shipment(&w.db, "SF999").expect("found by tracking number");
    assert_eq!(view.head.number, second.number);
    assert_eq!(view.head.carrier_code, "SF");
    assert_eq!(
        (view.head.cartons, view.head.weight_g, view.head.cost_minor),
        (2, 3_500, 1_200)
    );
    assert_eq!(view.lines.len(), 1);
    assert_eq!(view.lines[0].qty, 3_000);

    let d = shipping::deliver(&w.db, &w.warehouse, &first.number, "王收货", "").unwrap();
    assert!(!d.order_closed, "three more on the way");
    let d = shipping::deliver(&w.db, &w.warehouse, "SF999", "王收货", "").unwrap();
    assert!(d.order_closed);
    let detail = orders::order_detail(&w.db, so.id).unwrap();
    assert_eq!(detail.stage, OrderStage::Closed);
    assert_eq!(
        shipping::fulfilment(&w.db, so.id).unwrap(),
        Some(Fulfilment::Delivered)
    );
    assert!(shipping::goods_in_transit(&w.db, 0, 10).unwrap().is_empty());
    let st = store::stock::product_stock(w.db.conn(), w.plain_id).unwrap();
    assert_eq!((st.on_hand, st.reserved), (15_000, 0));
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 0);
    assert_consistent(&w.db);
}

#[test]
fn bad_shipments_and_deliveries_are_refused_and_change_nothing() {
    let w = world();
    let so = picked_order(&w, "4");
    let before = counts(&w.db);

    let e = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            lines: vec![ShipLineInput {
                line_no: 1,
                qty: "5".into(),
            }],
            ..ship_input(&number(&so), "SF", "T1")
        },
    )
    .refused();
    assert!(matches!(
        refusal(&e),
        Refusal::ShipMoreThanPicked { line: 1, .. }
    ));
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "", "T1")).refused();
    assert_eq!(refusal(&e), Refusal::CarrierRequired);
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "NOPE", "T1")).refused();
    assert!(matches!(e, ops::Error::NotFound { .. }));
    let e = shipping::ship(&w.db, &w.sales, &ship_input(&number(&so), "SF", "T1")).refused();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    assert_eq!(counts(&w.db), before);

    // A held order does not ship.
    let version = orders::order_detail(&w.db, so.id).unwrap().version;
    ops::approval::hold_order(&w.db, &w.manager, so.id, version, "等待回款").unwrap();
    let before = counts(&w.db);
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "SF", "T1")).refused();
    assert!(matches!(
        refusal(&e),
        Refusal::OrderNotShippable {
            stage: OrderStage::OnHold,
            ..
        }
    ));
    assert_eq!(counts(&w.db), before);
    let version = orders::order_detail(&w.db, so.id).unwrap().version;
    ops::approval::release_hold(&w.db, &w.manager, so.id, version).unwrap();

    // A tracking number scanned twice.
    let first = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            lines: vec![ShipLineInput {
                line_no: 1,
                qty: "1".into(),
            }],
            ..ship_input(&number(&so), "SF", "T1")
        },
    )
    .unwrap();
    let before = counts(&w.db);
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "sf", "T1")).refused();
    assert_eq!(
        refusal(&e),
        Refusal::TrackingUsed {
            tracking: "T1".into(),
            shipment: first.number.clone()
        }
    );
    assert_eq!(counts(&w.db), before);

    // Delivering: a signer is needed, the date lies between shipping and today, and a
    // shipment is delivered once.
    let e = shipping::deliver(&w.db, &w.warehouse, &first.number, " ", "").refused();
    assert_eq!(refusal(&e), Refusal::SignerRequired);
    let e = shipping::deliver(&w.db, &w.warehouse, &first.number, "王", "+1").refused();
    assert!(matches!(refusal(&e), Refusal::DeliveryDateOutside { .. }));
    let e = shipping::deliver(&w.db, &w.warehouse, &first.number, "王", "-1").refused();
    assert!(matches!(refusal(&e), Refusal::DeliveryDateOutside { .. }));
    assert_eq!(counts(&w.db), before);
    shipping::deliver(&w.db, &w.warehouse, &first.number, "王", "").unwrap();
    let before = counts(&w.db);
    let e = shipping::deliver(&w.db, &w.warehouse, "T1", "王", "").refused();
    assert!(matches!(
        refusal(&e),
        Refusal::ShipmentSettled {
            status: ShipmentStatus::Delivered,
            ..
        }
    ));
    let e = shipping::record_exception(&w.db, &w.warehouse, "T1", ExceptionKind::Lost, "丢了")
        .refused();
    assert!(matches!(refusal(&e), Refusal::ShipmentSettled { .. }));
    assert_eq!(counts(&w.db), before);

    // A submitted, not yet approved order ships nothing.
    let code = w.customer("新客户").create();
    let queued = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "900")
        .submit();
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&queued.number, "SF", "T9")).refused();
    assert!(matches!(
        refusal(&e),
        Refusal::OrderNotShippable {
            stage: OrderStage::Submitted,
            ..
        }
    ));
    assert_consistent(&w.db);
}

#[test]
fn refused_and_partly_received_goods_wait_visibly() {
    let w = world();
    let so = picked_order(&w, "6");
    let a = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            lines: vec![ShipLineInput {
                line_no: 1,
                qty: "2".into(),
            }],
            ..ship_input(&number(&so), "ZTO", "Z1")
        },
    )
    .unwrap();
    let b = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "DBL", "D1")).unwrap();
    let e = shipping::record_exception(&w.db, &w.warehouse, "Z1", ExceptionKind::Refused, " ")
        .refused();
    assert_eq!(refusal(&e), Refusal::ExceptionNoteRequired);
    let r = shipping::record_exception(
        &w.db,
        &w.warehouse,
        "Z1",
        ExceptionKind::Refused,
        "客户拒收：包装破损",
    )
    .unwrap();
    assert_eq!(r.status, ShipmentStatus::Refused);
    let e = shipping::record_partial(
        &w.db,
        &w.warehouse,
        &b.number,
        &[ShipLineInput {
            line_no: 1,
            qty: "5".into(),
        }],
        "李",
        "",
        "少一箱",
    )
    .refused();
    assert!(matches!(
        refusal(&e),
        Refusal::ReceivedMoreThanShipped { line: 1, .. }
    ));
    let p = shipping::record_partial(
        &w.db,
        &w.warehouse,
        &b.number,
        &[ShipLineInput {
            line_no: 1,
            qty: "3".into(),
        }],
        "李",
        "",
        "少一个",
    )
    .unwrap();
    assert_eq!(p.status, ShipmentStatus::PartlyReceived);
    let waiting: Vec<String> = shipping::shipments_waiting(&w.db, i64::MAX, 10)
        .unwrap()
        .into_iter()
        .map(|s| s.number)
        .collect();
    assert_eq!(waiting, [b.number.clone(), a.number.clone()]);
    let line = &store::orders::lines_of(w.db.conn(), so.id).unwrap()[0];
    assert_eq!((line.qty_shipped, line.qty_delivered), (6_000, 3_000));
    assert_eq!(
        orders::order_detail(&w.db, so.id).unwrap().stage,
        OrderStage::Approved
    );
    assert_eq!(
        shipping::goods_in_transit(&w.db, 0, 10).unwrap()[0].qty,
        3_000
    );
    assert_consistent(&w.db);
}

#[test]
fn staging_bins_are_not_touched_by_hand() {
    let w = world();
    let e = ops::stock::receive_stock(
        &w.db,
        &w.warehouse,
        &ReceiptInput {
            product: PLAIN_SKU.into(),
            bin: "STG-WH1".into(),
            qty: "1".into(),
            unit_cost: "1".into(),
            ..ReceiptInput::default()
        },
    )
    .refused();
    assert_eq!(
        refusal(&e),
        Refusal::StagingBinByHand {
            code: "STG-WH1".into()
        }
    );
    assert_eq!(count_rows(&w.db, "stock_moves"), 0);
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

#[test]
fn check_catches_each_broken_invariant_of_the_goods_flow() {
    let cases: &[(&str, &str)] = &[
        ("picked_within_reserved", "UPDATE order_lines SET qty_reserved = qty_picked - 1000"),
        ("line_picked_matches_staging", "UPDATE order_lines SET qty_picked = qty_picked - 1000"),
        ("shipped_within_picked", "UPDATE pick_tasks SET qty_picked = 0"),
        ("line_shipped_matches_shipments", "UPDATE order_lines SET qty_shipped = qty_shipped + 1000"),
        ("delivered_within_shipped", "UPDATE order_lines SET qty_delivered = qty_shipped + 1000"),
        (
            "ship_moves_match_shipments",
            "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, doc_type, doc_id, actor_id, at) \
             SELECT product_id, bin_id, lot_id, -1000, 0, 'ship', 'SH', shipment_id, 1, 'x' FROM shipment_lines LIMIT 1",
        ),
        (
            "staging_matches_picks",
            "UPDATE stock_levels SET on_hand = on_hand + 1000 \
             WHERE bin_id IN (SELECT id FROM bins WHERE kind = 'staging')",
        ),
        (
            "no_lot_below_zero",
            "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, actor_id, at) \
             SELECT product_id, bin_id, lot_id, -999000, 0, 'adjust', 1, 'x' FROM stock_levels LIMIT 1",
        ),
        ("counters_cover_goods_documents", "UPDATE doc_counters SET last_no = 0 WHERE doc_type = 'SH'"),
        ("pick_list_counts_match_tasks", "UPDATE pick_lists SET tasks_finished = tasks_finished - 1"),
        ("pick_list_counts_match_tasks", "UPDATE pick_lists SET orders = orders + 1"),
    ];
    for (check, sql) in cases {
        let w = world();
        let so = picked_order(&w, "4");
        shipping::ship(
            &w.db,
            &w.warehouse,
            &ShipInput {
                lines: vec![ShipLineInput {
                    line_no: 1,
                    qty: "2".into(),
                }],
                ..ship_input(&number(&so), "SF", "C1")
            },
        )
        .unwrap();
        shipping::deliver(&w.db, &w.warehouse, "C1", "王", "").unwrap();
        assert!(!found(&w.db, check), "{check} before tampering");
        assert_consistent(&w.db);
        tamper(&w.db, sql);
        assert!(found(&w.db, check), "{check} after: {sql}");
    }
}

#[test]
fn a_product_reserved_to_the_last_unit_is_picked_and_shipped() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "3");
    let so = approved_order(&w, &[(PLAIN_SKU, "3")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    shipping::ship(
        &w.db,
        &w.warehouse,
        &ship_input(&number(&so), "SF", "LAST1"),
    )
    .unwrap();
    let st = store::stock::product_stock(w.db.conn(), w.plain_id).unwrap();
    assert_eq!((st.on_hand, st.reserved), (0, 0));
    assert_consistent(&w.db);
}

fn carton(weight: &str, qty: &str) -> orderdesk::ops::packing::CartonInput {
    orderdesk::ops::packing::CartonInput {
        weight_kg: weight.into(),
        lines: vec![ShipLineInput {
            line_no: 1,
            qty: qty.into(),
        }],
    }
}

#[test]
fn with_packing_required_a_shipment_takes_exactly_what_was_packed() {
    use orderdesk::ops::packing;
    let w = world();
    let e = packing::set_packing_required(&w.db, &w.sales, true).refused();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    assert!(packing::packing_required(&w.db).unwrap());
    let so = picked_order(&w, "5");

    let before = counts(&w.db);
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "SF", "P1")).refused();
    assert!(matches!(refusal(&e), Refusal::NotPacked { line: 1, .. }));
    let e = packing::pack_order(&w.db, &w.warehouse, &number(&so), &[carton("1", "4")]).refused();
    assert!(matches!(
        refusal(&e),
        Refusal::PackCountMismatch { line: 1, .. }
    ));
    let e = packing::pack_order(
        &w.db,
        &w.warehouse,
        &number(&so),
        &[carton("1", "3"), carton("1", "3")],
    )
    .refused();
    assert!(matches!(refusal(&e), Refusal::PackCountMismatch { .. }));
    assert_eq!(counts(&w.db), before);
    assert_eq!(count_rows(&w.db, "cartons"), 0);

    let packed = packing::pack_order(
        &w.db,
        &w.warehouse,
        &number(&so),
        &[carton("2.5", "3"), carton("1.25", "2")],
    )
    .unwrap();
    assert_eq!(packed.cartons, [1, 2]);
    let sh = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            weight_kg: String::new(),
            cartons: String::new(),
            ..ship_input(&number(&so), "SF", "P1")
        },
    )
    .unwrap();
    let v = shipping::shipment(&w.db, &sh.number).unwrap();
    assert_eq!(
        (v.head.cartons, v.head.weight_g),
        (2, 3_750),
        "the packed cartons and their weight"
    );
    assert_consistent(&w.db);
}

#[test]
fn the_admin_keeps_the_carriers() {
    let w = world();
    let codes: Vec<String> = shipping::carriers(&w.db)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, ["SF", "ZTO", "DBL", "OWN"]);
    let e = shipping::add_carrier(&w.db, &w.warehouse, "YTO", "圆通速递").refused();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
    shipping::add_carrier(&w.db, &w.admin, "yto", "圆通速递").unwrap();
    let e = shipping::add_carrier(&w.db, &w.admin, "YTO", "另一个").refused();
    assert!(matches!(e, ops::Error::Duplicate { .. }));
    shipping::set_carrier_active(&w.db, &w.admin, "DBL", false).unwrap();
    let so = picked_order(&w, "2");
    let e = shipping::ship(&w.db, &w.warehouse, &ship_input(&number(&so), "DBL", "X1")).refused();
    assert!(
        matches!(e, ops::Error::NotFound { .. }),
        "an inactive carrier is not offered"
    );
    shipping::ship(
        &w.db,
        &w.warehouse,
        &ship_input(&number(&so), "圆通速递", "X1"),
    )
    .unwrap();
    assert_consistent(&w.db);
}

#[test]
fn the_demo_warehouse_has_work_and_the_order_list_derives_fulfilment_as_the_domain_does() {
    use orderdesk::domain::goods::LineProgress;
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    // Every status the SQL gives is the one the domain derives from the lines.
    let ids: Vec<i64> = db
        .conn()
        .prepare("SELECT id FROM orders WHERE stage IN ('approved', 'closed')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        let lines: Vec<LineProgress> = store::orders::lines_of(db.conn(), id)
            .unwrap()
            .iter()
            .map(|l| LineProgress {
                qty: l.qty,
                cancelled: l.qty_cancelled,
                picked: l.qty_picked,
                shipped: l.qty_shipped,
                delivered: l.qty_delivered,
            })
            .collect();
        let f = Fulfilment::of_lines(&lines);
        assert_eq!(
            shipping::fulfilment(&db, id).unwrap(),
            Some(f),
            "order #{id}"
        );
        seen.insert(f);
    }
    for f in [
        Fulfilment::AwaitingPick,
        Fulfilment::Picking,
        Fulfilment::Shipped,
        Fulfilment::Delivered,
    ] {
        assert!(seen.contains(&f), "the demo shows {f:?}");
    }
    // Work in progress: a list being picked, by whom; a shipment on its way; one refused.
    let lists = picking::open_pick_lists(&db, 0, 20).unwrap();
    assert!(
        lists
            .iter()
            .any(|l| l.pickers.as_deref() == Some("赵师傅") && l.tasks_finished > 0),
        "{lists:?}"
    );
    assert!(!shipping::shipments_in_transit(&db, i64::MAX, 10)
        .unwrap()
        .is_empty());
    // The shipment the customer refused came back by a return (the demo's after-sales
    // work): nothing waits any more.
    assert!(shipping::shipments_waiting(&db, i64::MAX, 10)
        .unwrap()
        .is_empty());
    let refused = shipping::shipments_of_order(
        &db,
        orderdesk::ops::returns::returns_page(&db, None, i64::MAX, 50)
            .unwrap()
            .iter()
            .find(|r| r.undelivered)
            .expect("the refused shipment's return")
            .order_id,
    )
    .unwrap();
    assert_eq!(refused[0].status, ShipmentStatus::Refused);
    let today = company_today().to_string();
    for o in shipping::overdue_orders(&db, 50).unwrap() {
        assert!(o.requested_date < today, "{o:?}");
        assert_ne!(o.fulfilment, "delivered");
    }
    assert_consistent(&db);
}

//! Credit exposure kept per customer (信用占用): every operation that changes what an
//! order leaves uninvoiced or what is owed moves the customer's kept exposure in its own
//! transaction, so that it always equals the recount from the records; the approval
//! rules read it; `check` catches a kept amount that differs; the demo starts with the
//! kept amounts right.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use orderdesk::domain::access::Role;
use orderdesk::domain::approval::Reason;
use orderdesk::domain::money::Money;
use orderdesk::ops::cash::{self, PaymentInput, PaymentMethod, PriceCorrection};
use orderdesk::ops::intake::{self, Outcome};
use orderdesk::ops::shipping::{self, ShipInput, ShipLineInput};
use orderdesk::ops::{self, approval, orders, picking};
use orderdesk::store::{self, Db};

use crate::cash::{approve, clean, shipped_order};
use crate::picking::pick_all;
use crate::world::*;

/// What a customer's approved, held and closed orders leave uninvoiced, the slow way:
/// every line, its gross less ⌈gross × invoiced / open⌉, in 128-bit arithmetic.
fn uninvoiced_by_lines(c: &rusqlite::Connection, customer: i64) -> i64 {
    let mut st = c
        .prepare(
            "SELECT l.gross_minor, l.qty, l.qty_invoiced + l.qty_return_uninvoiced, \
                    l.qty_cancelled FROM orders o \
             JOIN order_lines l ON l.order_id = o.id \
             WHERE o.customer_id = ?1 AND o.stage IN ('approved', 'on_hold', 'closed')",
        )
        .unwrap();
    let rows: Vec<(i64, i64, i64, i64)> = st
        .query_map([customer], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut total: i128 = 0;
    for (gross, qty, invoiced, cancelled) in rows {
        let open = i128::from(qty - cancelled);
        let (gross, invoiced) = (i128::from(gross), i128::from(invoiced));
        if open <= 0 || invoiced >= open {
            continue;
        }
        total += gross - (gross * invoiced + open - 1).div_euclid(open);
    }
    i64::try_from(total).unwrap()
}

/// Open receivables the slow way: the open balances of the customer's invoices.
fn open_ar(c: &rusqlite::Connection, customer: i64) -> i64 {
    c.query_row(
        "SELECT COALESCE(SUM(open_minor), 0) FROM invoices WHERE customer_id = ?1 AND kind = 'invoice'",
        [customer],
        |r| r.get(0),
    )
    .unwrap()
}

fn customer_id(db: &Db, code: &str) -> i64 {
    store::customers::by_code(db.conn(), code)
        .unwrap()
        .unwrap()
        .id
}

/// The customer's kept exposure equals the recount, and `check` is clean.
#[track_caller]
fn kept_right(w: &World, code: &str) -> store::credit::ExposureRow {
    let id = customer_id(&w.db, code);
    let kept = store::credit::exposure(w.db.conn(), id).unwrap();
    let c = w.db.conn();
    assert_eq!(
        kept.uninvoiced_minor,
        uninvoiced_by_lines(c, id),
        "uninvoiced"
    );
    assert_eq!(kept.open_ar_minor, open_ar(c, id), "open AR");
    assert_eq!(
        kept.exposure_minor,
        kept.open_ar_minor + kept.uninvoiced_minor
    );
    let pos = cash::credit_position(&w.db, id).unwrap();
    assert_eq!(
        pos.exposure.minor(),
        kept.exposure_minor,
        "what the screens show"
    );
    clean(&w.db);
    kept
}

/// A sales clerk whose own limit covers every order here: their orders wait only for
/// credit.
fn clerk(w: &World) -> ops::Actor {
    w.user("clerk")
        .roles(&[Role::Sales])
        .limit(Money::from_minor(100_000_000))
        .create()
}

fn version(w: &World, id: i64) -> i64 {
    orders::order_detail(&w.db, id).unwrap().version
}

#[test]
fn every_operation_keeps_the_exposure_equal_to_its_recount() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "500");
    let cu = w
        .customer("敞口客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    assert_eq!(kept_right(&w, &cu).exposure_minor, 0);
    let clerk = clerk(&w);

    // Approved at once: its total counts.
    let a = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "10")
        .price("3")
        .line(LOT_SKU, "1")
        .price("7")
        .submit();
    assert!(
        matches!(a.outcome, Outcome::Approved { .. }),
        "{:?}",
        a.outcome
    );
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 37_00);

    // Waiting in the queue it does not count; approved by the manager it does.
    let b = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "90")
        .price("100")
        .submit();
    assert!(matches!(b.outcome, Outcome::Waiting(_)), "{:?}", b.outcome);
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 37_00);
    approve(&w, &b);
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 9037_00);

    // Held and released it keeps counting; a line cancelled counts no more.
    approval::hold_order(&w.db, &w.manager, b.id, version(&w, b.id), "等客户确认").unwrap();
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 9037_00);
    approval::release_hold(&w.db, &w.manager, b.id, version(&w, b.id)).unwrap();
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 9037_00);
    intake::cancel_line(&w.db, &w.manager, a.id, version(&w, a.id), 2, "缺货").unwrap();
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 9030_00);

    // Part of b shipped and invoiced: the invoiced share moves to open AR.
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&b.number), None)
            .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    let first = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: b.number.clone(),
            carrier: "SF".into(),
            tracking: String::new(),
            cartons: "1".into(),
            weight_kg: String::new(),
            cost: String::new(),
            lines: vec![ShipLineInput {
                line_no: 1,
                qty: "30".into(),
            }],
        },
    )
    .unwrap();
    let issued = cash::invoice_order(&w.db, &w.finance, &b.number).unwrap();
    assert_eq!(issued[0].gross.minor(), 3000_00);
    let k = kept_right(&w, &cu);
    assert_eq!((k.open_ar_minor, k.uninvoiced_minor), (3000_00, 6030_00));

    // Payments, credit notes and write-offs move open AR only.
    let mut p = PaymentInput::new(&cu, PaymentMethod::Bank, "1000");
    p.reference = "B-EXP-1".into();
    cash::record_payment(&w.db, &w.finance, &p).unwrap();
    assert_eq!(kept_right(&w, &cu).exposure_minor, 2000_00 + 6030_00);
    cash::credit_note(
        &w.db,
        &w.finance,
        &issued[0].number,
        &[PriceCorrection {
            line_no: 1,
            new_price: "90".into(),
        }],
        "价格让步",
    )
    .unwrap();
    assert_eq!(kept_right(&w, &cu).open_ar_minor, 1700_00);
    cash::write_off(&w.db, &w.finance, &issued[0].number, "700", "协商减免").unwrap();
    assert_eq!(kept_right(&w, &cu).open_ar_minor, 1000_00);

    // Cancelling an approved order takes its share out.
    intake::cancel_order(&w.db, &w.manager, a.id, version(&w, a.id), "客户取消").unwrap();
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 6000_00);

    // A rejected order never counted; the rest of b shipped and invoiced, it counts no
    // more, and once delivered and closed neither does it.
    let r = w
        .order(&w.sales)
        .customer(&cu)
        .line(PLAIN_SKU, "60")
        .price("100")
        .submit();
    approval::reject_order(&w.db, &w.manager, r.id, r.version, "价格不对").unwrap();
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 6000_00);
    let sh = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: b.number.clone(),
            carrier: "SF".into(),
            tracking: String::new(),
            cartons: "1".into(),
            weight_kg: String::new(),
            cost: String::new(),
            lines: vec![],
        },
    )
    .unwrap();
    shipping::deliver(&w.db, &w.warehouse, &first.number, "张三", "").unwrap();
    shipping::deliver(&w.db, &w.warehouse, &sh.number, "张三", "").unwrap();
    assert_eq!(
        orders::order_detail(&w.db, b.id).unwrap().stage,
        orderdesk::domain::order::OrderStage::Closed
    );
    assert_eq!(
        kept_right(&w, &cu).uninvoiced_minor,
        6000_00,
        "delivered but not invoiced: still owed to the business"
    );
    cash::invoice_order(&w.db, &w.finance, &b.number).unwrap();
    let k = kept_right(&w, &cu);
    assert_eq!((k.open_ar_minor, k.uninvoiced_minor), (7000_00, 0));
}

#[test]
fn a_part_invoiced_line_counts_by_its_share_and_the_last_part_closes_it_to_the_fen() {
    let w = world();
    w.product(LOT_SKU).stock_lot(BIN_A, "L1", 300, "10");
    let cu = w
        .customer("分批客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    // 3 kg at 3.33: a gross that three parts do not divide evenly.
    let s = w
        .order(&clerk(&w))
        .customer(&cu)
        .line(LOT_SKU, "3")
        .price("3.33")
        .submit();
    approve(&w, &s);
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    for _ in 0..3 {
        shipping::ship(
            &w.db,
            &w.warehouse,
            &ShipInput {
                order: s.number.clone(),
                carrier: "SF".into(),
                tracking: String::new(),
                cartons: "1".into(),
                weight_kg: String::new(),
                cost: String::new(),
                lines: vec![ShipLineInput {
                    line_no: 1,
                    qty: "1".into(),
                }],
            },
        )
        .unwrap();
        cash::invoice_order(&w.db, &w.finance, &s.number).unwrap();
        kept_right(&w, &cu);
    }
    let k = kept_right(&w, &cu);
    assert_eq!((k.open_ar_minor, k.uninvoiced_minor), (9_99, 0));
}

#[test]
fn the_credit_rule_reads_the_kept_exposure() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("额度客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    // 600 approved, not invoiced; 500 more passes the limit.
    let clerk = clerk(&w);
    let a = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "6")
        .price("100")
        .submit();
    assert!(matches!(a.outcome, Outcome::Approved { .. }));
    let b = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "5")
        .price("100")
        .submit();
    assert!(
        matches!(&b.outcome, Outcome::Waiting(r) if r == &[Reason::Credit]),
        "{:?}",
        b.outcome
    );
    // The kept amount is what the rule reads: tampered lower, the next order passes.
    let id = customer_id(&w.db, &cu);
    w.db.conn()
        .execute(
            "UPDATE customer_balances SET uninvoiced_minor = 0 WHERE customer_id = ?1",
            [id],
        )
        .unwrap();
    let c = w
        .order(&clerk)
        .customer(&cu)
        .line(PLAIN_SKU, "5")
        .price("100")
        .submit();
    assert!(
        matches!(c.outcome, Outcome::Approved { .. }),
        "{:?}",
        c.outcome
    );
    let found: Vec<&str> = ops::check::run_check(&w.db)
        .unwrap()
        .iter()
        .map(|v| v.check)
        .collect();
    assert_eq!(found, ["exposure_matches_orders"]);
}

#[test]
fn a_held_order_is_not_counted_twice_when_it_is_released() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("暂停客户")
        .terms("net:30")
        .credit_limit("1000")
        .create();
    // 800 of 1,000 used by this one order: held and released, it goes back to
    // approved, its own 800 not added to itself.
    let s = w
        .order(&clerk(&w))
        .customer(&cu)
        .line(PLAIN_SKU, "8")
        .price("100")
        .submit();
    assert!(matches!(s.outcome, Outcome::Approved { .. }));
    approval::hold_order(&w.db, &w.manager, s.id, version(&w, s.id), "核对地址").unwrap();
    let to = approval::release_hold(&w.db, &w.manager, s.id, version(&w, s.id)).unwrap();
    assert_eq!(to, orderdesk::domain::order::OrderStage::Approved);
    assert_eq!(kept_right(&w, &cu).uninvoiced_minor, 800_00);
}

#[test]
fn a_counter_sale_leaves_no_exposure() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let walk_in = w.customer("散客").create();
    cash::set_walk_in_customer(&w.db, &w.admin, &walk_in).unwrap();
    let sold = cash::counter_sale(
        &w.db,
        &clerk(&w),
        &cash::CounterSaleInput {
            customer: String::new(),
            lines: vec![line(PLAIN_SKU, "2")],
            bin: BIN_A.into(),
            method: PaymentMethod::Cash,
            tendered: "10".into(),
            reference: String::new(),
        },
    )
    .unwrap();
    assert!(sold.total.is_positive());
    let k = kept_right(&w, &walk_in);
    assert_eq!((k.open_ar_minor, k.uninvoiced_minor), (0, 0));
}

#[test]
fn check_catches_a_kept_exposure_that_differs_from_the_orders() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("篡改敞口")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    cash::invoice_order(&w.db, &w.finance, &so).unwrap();
    let s = w
        .order(&clerk(&w))
        .customer(&cu)
        .line(PLAIN_SKU, "3")
        .price("10")
        .submit();
    assert!(matches!(s.outcome, Outcome::Approved { .. }));
    clean(&w.db);
    let tamper = |sql: &str| {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("t.orderdesk");
        w.db.backup_to(&copy).unwrap();
        let db = Db::open(&copy, orderdesk::config::JournalSetting::Auto).unwrap();
        db.conn().execute_batch(sql).unwrap();
        ops::check::run_check(&db).unwrap()
    };
    // The kept amount changed by hand.
    let v = tamper("UPDATE customer_balances SET uninvoiced_minor = uninvoiced_minor + 5");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].check, "exposure_matches_orders");
    assert!(
        v[0].detail.contains("3005 but their lines say 3000"),
        "{v:?}"
    );
    // An order moved out of approved without the operation that takes it out.
    let v = tamper("UPDATE orders SET stage = 'cancelled' WHERE stage = 'approved'");
    assert!(
        v.iter().any(|x| x.check == "exposure_matches_orders"),
        "{v:?}"
    );
    // Approved orders nobody counted at all.
    let v = tamper("UPDATE customer_balances SET uninvoiced_minor = 0");
    assert!(
        v.iter().any(|x| x.check == "exposure_matches_orders"),
        "{v:?}"
    );
}

#[test]
fn the_demo_keeps_every_customers_exposure() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let c = db.conn();
    let customers: Vec<i64> = c
        .prepare("SELECT id FROM customers ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut with_orders = 0;
    for id in customers {
        let kept = store::credit::exposure(c, id).unwrap();
        let counted = uninvoiced_by_lines(c, id);
        assert_eq!(kept.uninvoiced_minor, counted, "customer {id}");
        assert_eq!(kept.open_ar_minor, open_ar(c, id), "customer {id}");
        with_orders += usize::from(counted > 0);
    }
    assert!(with_orders > 3, "the demo has approved orders not invoiced");
    clean(&db);
}

#[test]
fn a_file_of_schema_7_gets_its_customers_exposure_counted_when_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.orderdesk");
    let v7 = &store::MIGRATIONS[..7];
    let db =
        Db::create_with_migrations(&path, orderdesk::config::JournalSetting::Auto, v7).unwrap();
    let now = "2026-11-01T02:00:00Z";
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO users (id, username, display_name, password_hash, created_at) \
               VALUES (1, 'u', 'u', 'x', '{now}');
             INSERT INTO customers (id, code, name, initials, created_at, updated_at) VALUES
               (1, 'A', '甲', 'j', '{now}', '{now}'), (2, 'B', '乙', 'y', '{now}', '{now}');
             INSERT INTO products (id, sku, name, initials, unit, list_price, floor_price, tax_bp, \
               created_at, updated_at) VALUES (1, 'P', '品', 'p', '个', 0, 0, 1300, '{now}', '{now}');
             INSERT INTO orders (id, number, customer_id, channel, order_date, terms, stage, price_mode, \
               net_minor, tax_minor, gross_minor, created_by, created_at, updated_at) VALUES
               (1, 'SO-1', 1, 'phone', '2026-10-01', 'net:30', 'approved', 'inclusive', 885, 115, 1000, 1, '{now}', '{now}'),
               (2, 'SO-2', 1, 'phone', '2026-10-01', 'net:30', 'closed', 'inclusive', 885, 115, 1000, 1, '{now}', '{now}'),
               (3, 'SO-3', 2, 'phone', '2026-10-01', 'net:30', 'submitted', 'inclusive', 885, 115, 1000, 1, '{now}', '{now}'),
               (4, 'SO-4', 2, 'phone', '2026-10-01', 'net:30', 'on_hold', 'inclusive', 885, 115, 1000, 1, '{now}', '{now}');
             INSERT INTO order_lines (order_id, line_no, product_id, qty, unit_price, tax_bp, \
               net_minor, tax_minor, gross_minor, qty_invoiced) VALUES
               (1, 1, 1, 3000, 3333, 1300, 885, 115, 1000, 1000),
               (2, 1, 1, 3000, 3333, 1300, 885, 115, 1000, 3000),
               (3, 1, 1, 3000, 3333, 1300, 885, 115, 1000, 0),
               (4, 1, 1, 3000, 3333, 1300, 885, 115, 1000, 0);"
        ))
        .unwrap();
    drop(db);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    assert_eq!(db.schema_version().unwrap(), store::SCHEMA_VERSION);
    let c = db.conn();
    // A: SO-1 with a third invoiced (1000 − ⌈1000/3⌉ = 666); SO-2 invoiced in full.
    // B: SO-4 on hold counts; SO-3 waiting does not.
    assert_eq!(store::credit::exposure(c, 1).unwrap().uninvoiced_minor, 666);
    assert_eq!(
        store::credit::exposure(c, 2).unwrap().uninvoiced_minor,
        1000
    );
    assert_eq!(uninvoiced_by_lines(c, 1), 666);
    assert!(store::credit::exposure_mismatches(c).unwrap().is_empty());
}

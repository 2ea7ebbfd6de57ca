//! Approval benchmarks on the `large` demo database, each beside bare SQL in the same
//! run: the first page of the approval queue and of the stock overview, and the
//! approval transaction of a 10-line order with its reservations and audit row.
//!
//! `cargo bench --bench approval` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`.
//! It adds orders to that database (and approves them).

mod support;

use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::{approval, auth, demo, stock};
use orderdesk::store;
use rusqlite::params;
use support::{measure_pair, open_bench_db, read_all, row};

fn main() {
    let (path, db, bare) = open_bench_db();
    let sales = auth::login(&db, "sales", demo::DEMO_PASSWORD).expect("login sales");
    let manager = auth::login(&db, "manager", demo::DEMO_PASSWORD).expect("login manager");

    // Queue: submitted orders with pending reasons, most urgent first.
    let queue_sql = "SELECT o.id, o.version, o.number, c.name, o.gross_minor, \
        (CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) AS rank, \
        COALESCE(requested_date, '9999-12-31') AS req, u.display_name, o.submitted_at, \
        (SELECT group_concat(a.reason, ',') FROM approvals a WHERE a.order_id = o.id AND a.status = 'pending') \
        FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.created_by \
        WHERE o.stage = 'submitted' \
          AND EXISTS (SELECT 1 FROM approvals a WHERE a.order_id = o.id AND a.status = 'pending') \
        ORDER BY rank DESC, req, o.id LIMIT 50";
    let (ours, base) = measure_pair(
        500,
        |_| {
            let p = approval::queue_page(&db, None, 50).unwrap();
            assert_eq!(p.len(), 50);
        },
        |_| {
            let mut st = bare.prepare_cached(queue_sql).unwrap();
            let n = st.query_map([], read_all).unwrap().count();
            assert_eq!(n, 50);
        },
    );
    row(
        "first page (50) of the approval queue",
        &ours,
        &base,
        "target ≤ 2×",
    );

    // The queue screen's page: waiting and held orders together (two indexed pages
    // merged), against one bare query over both stages.
    let both_sql = queue_sql
        .replace(
            "WHERE o.stage = 'submitted' \
          AND EXISTS (SELECT 1 FROM approvals a WHERE a.order_id = o.id AND a.status = 'pending')",
            "WHERE (o.stage = 'on_hold' OR (o.stage = 'submitted' \
          AND EXISTS (SELECT 1 FROM approvals a WHERE a.order_id = o.id AND a.status = 'pending')))",
        );
    assert_ne!(both_sql, queue_sql, "the bare query covers held orders");
    let (ours, base) = measure_pair(
        500,
        |_| {
            let p = approval::queue_with_held(&db, None, 50).unwrap();
            assert_eq!(p.len(), 50);
        },
        |_| {
            let mut st = bare.prepare_cached(&both_sql).unwrap();
            let n = st.query_map([], read_all).unwrap().count();
            assert_eq!(n, 50);
        },
    );
    row(
        "first page (50) of the queue screen, waiting and held",
        &ours,
        &base,
        "target ≤ 2×",
    );

    let overview_sql = "SELECT p.id, p.sku, p.name, p.unit, COALESCE(s.on_hand, 0), \
        COALESCE(s.reserved, 0), COALESCE(s.backordered, 0) \
        FROM products p LEFT JOIN product_stock s ON s.product_id = p.id \
        WHERE p.sku > '' ORDER BY p.sku LIMIT 50";
    let (ours, base) = measure_pair(
        1000,
        |_| {
            assert_eq!(stock::overview_page(&db, "", 50).unwrap().len(), 50);
        },
        |_| {
            let mut st = bare.prepare_cached(overview_sql).unwrap();
            assert_eq!(st.query_map([], read_all).unwrap().count(), 50);
        },
    );
    row(
        "first page (50) of the stock overview",
        &ours,
        &base,
        "target ≤ 2×",
    );

    // 10-line orders of a cash customer, above the clerk's 5,000 limit and below the
    // manager's 50,000, so each waits for one reason and the manager can approve it.
    let customer: String = bare
        .query_row(
            "SELECT code FROM customers WHERE status = 'active' AND terms = 'cod' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let products: Vec<(String, i64)> = bare
        .prepare(
            "SELECT p.sku, p.list_price FROM products p JOIN product_stock s ON s.product_id = p.id \
             WHERE p.tracks_lots = 0 AND s.on_hand - s.reserved > 1000000 AND p.list_price BETWEEN 100000 AND 1000000 \
             ORDER BY p.id LIMIT 400",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(products.len() >= 10, "products for the orders");
    const N: usize = 150;
    let mut waiting = Vec::with_capacity(2 * N);
    for k in 0..2 * N {
        let lines = (0..10)
            .map(|j| {
                let (sku, price) = &products[(k * 10 + j) % products.len()];
                // About 700 yuan a line: 10 lines = about 7,000 yuan.
                let qty = (700 * 10_000 / price).max(1);
                LineInput {
                    product: sku.clone(),
                    qty: qty.to_string(),
                    ..LineInput::default()
                }
            })
            .collect();
        let input = OrderInput {
            customer: customer.clone(),
            channel: Channel::Phone,
            urgency: Urgency::Normal,
            lines,
            ..OrderInput::default()
        };
        let d = intake::create_draft(&db, &sales, &input).unwrap();
        let s = intake::submit_order(&db, &sales, d.id, d.version).unwrap();
        assert!(
            matches!(s.outcome, approval::Outcome::Waiting(_)),
            "{:?}",
            s.outcome
        );
        waiting.push((s.id, s.version));
    }
    let (ours_orders, bare_orders) = waiting.split_at(N);
    let actor = manager.id();
    // Each call takes the next order; measure_pair warms up with 20 calls of each side.
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    let (ours, base) = measure_pair(
        N - 20,
        |_| {
            let (id, v) = ours_orders[next_ours];
            next_ours += 1;
            approval::approve_order(&db, &manager, id, v).unwrap();
        },
        |_| {
            let (id, _) = bare_orders[next_bare];
            next_bare += 1;
            let now = orderdesk::ops::now_stamp();
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            bare.prepare_cached(
                "UPDATE approvals SET status = 'approved', decided_by = ?2, decided_at = ?3 \
                 WHERE order_id = ?1 AND status = 'pending'",
            )
            .unwrap()
            .execute(params![id, actor, now])
            .unwrap();
            bare.prepare_cached(
                "UPDATE orders SET stage = 'approved', version = version + 1, updated_at = ?2, approved_at = ?2 \
                 WHERE id = ?1",
            )
            .unwrap()
            .execute(params![id, now])
            .unwrap();
            bare.prepare_cached(
                "INSERT INTO order_timeline (order_id, at, actor_id, from_stage, to_stage) \
                 VALUES (?1, ?2, ?3, 'submitted', 'approved')",
            )
            .unwrap()
            .execute(params![id, now, actor])
            .unwrap();
            let lines: Vec<(i64, i64, i64)> = bare
                .prepare_cached("SELECT id, product_id, qty FROM order_lines WHERE order_id = ?1")
                .unwrap()
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for (line, product, qty) in lines {
                let available: i64 = bare
                    .prepare_cached(
                        "SELECT on_hand - reserved FROM product_stock WHERE product_id = ?1",
                    )
                    .unwrap()
                    .query_row([product], |r| r.get(0))
                    .unwrap();
                let got = qty.min(available);
                bare.prepare_cached(
                    "INSERT INTO reservations (order_line_id, product_id, qty, created_at) VALUES (?1, ?2, ?3, ?4)",
                )
                .unwrap()
                .execute(params![line, product, got, now])
                .unwrap();
                bare.prepare_cached(
                    "UPDATE product_stock SET reserved = reserved + ?2 WHERE product_id = ?1",
                )
                .unwrap()
                .execute(params![product, got])
                .unwrap();
                bare.prepare_cached(
                    "UPDATE order_lines SET qty_reserved = qty_reserved + ?2 WHERE id = ?1",
                )
                .unwrap()
                .execute(params![line, got])
                .unwrap();
            }
            bare.prepare_cached(
                "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, after) \
                 VALUES (?1, ?2, 'order', ?3, 'approve', '{}')",
            )
            .unwrap()
            .execute(params![now, actor, id])
            .unwrap();
            bare.execute_batch("COMMIT").unwrap();
        },
    );
    row(
        "approve a 10-line order (one transaction)",
        &ours,
        &base,
        "target ≤ 1.5×",
    );

    // The credit rule reads a credit customer's exposure kept in its receivables row,
    // however many open orders it has by now, against the bare recount over its open
    // orders that the rule read before the exposure was kept.
    let customer_id: i64 = bare
        .query_row(
            "SELECT id FROM customers WHERE code = ?1",
            [&customer],
            |r| r.get(0),
        )
        .unwrap();
    let open: i64 = bare
        .query_row(
            "SELECT count(*) FROM orders WHERE customer_id = ?1 AND stage IN ('approved', 'on_hold')",
            [customer_id],
            |r| r.get(0),
        )
        .unwrap();
    let (ours, base) = measure_pair(
        500,
        |_| {
            db.read(|c| store::credit::exposure(c, customer_id))
                .unwrap();
        },
        |_| {
            let _: i64 = bare
                .prepare_cached(
                    "SELECT COALESCE(SUM(gross_minor), 0) FROM orders \
                     WHERE customer_id = ?1 AND stage IN ('approved', 'on_hold')",
                )
                .unwrap()
                .query_row([customer_id], |r| r.get(0))
                .unwrap();
        },
    );
    row(
        &format!("kept exposure; bare: sum of {open} open orders"),
        &ours,
        &base,
        "(read inside approval)",
    );
    println!(
        "\nfile: {} ({})",
        path.display(),
        db.journal_mode().as_str()
    );
}

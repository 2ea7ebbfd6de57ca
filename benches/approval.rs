//! Approval benchmarks on the `large` demo database, each beside bare SQL in the same
//! run: the first page of the approval queue and of the stock overview, and the
//! approval transaction of a 10-line order with its reservations and audit row.
//!
//! `cargo bench --bench approval` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`.
//! It adds orders to that database (and approves them).
//!
//! The `exposure` rows build data sets of their own (a small and a medium one, in a
//! temporary folder) and need no large database: `cargo bench --bench approval --
//! exposure` runs only them. They compare the approval of a 10-line order on credit,
//! whose rules read the customer's kept exposure and whose approval moves it, with the
//! same approval of a cash customer's order, whose rules leave exposure out.

mod support;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::{approval, auth, cash, demo, master, setup, stock, users, Actor};
use orderdesk::store::{self, Db};
use rusqlite::params;
use support::{measure_pair, open_bench_db, read_all, row, selected};

fn main() {
    if selected("exposure") {
        // (name, open orders approved and not invoiced, orders invoiced and open)
        for (set, open, invoiced) in [("small", 200, 200), ("medium", 2_000, 2_000)] {
            bench_exposure(set, open, invoiced);
        }
    }
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !words.is_empty() && words.iter().all(|w| "exposure".contains(w.as_str())) {
        return;
    }
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
            // The customer's exposure gains the order, as the operation keeps it.
            bare.prepare_cached(
                "INSERT INTO customer_balances (customer_id, uninvoiced_minor) \
                 SELECT customer_id, gross_minor FROM orders WHERE id = ?1 \
                 ON CONFLICT (customer_id) DO UPDATE \
                 SET uninvoiced_minor = uninvoiced_minor + excluded.uninvoiced_minor",
            )
            .unwrap()
            .execute([id])
            .unwrap();
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

/// A user of the exposure bench's company, logged in.
fn bench_user(db: &Db, admin: &Actor, name: &str, role: Role, limit: i64) -> Actor {
    users::add_user(
        db,
        admin,
        &users::NewUserInput {
            username: name.into(),
            display_name: name.into(),
            password: "benchpass1".into(),
            roles: vec![role],
            os_user: None,
            approval_limit: Money::from_minor(limit),
        },
    )
    .expect("add user");
    auth::login(db, name, "benchpass1").expect("log in")
}

/// An order of `lines` lines of the bench's products (70.00 each) for `customer`,
/// written and submitted by `who`.
fn bench_order(db: &Db, who: &Actor, customer: &str, lines: usize, k: usize) -> intake::Submitted {
    let input = OrderInput {
        customer: customer.into(),
        channel: Channel::Phone,
        urgency: Urgency::Normal,
        lines: (0..lines)
            .map(|j| LineInput {
                product: format!("EXP-{:02}", (k + j) % 10),
                qty: "1".into(),
                ..LineInput::default()
            })
            .collect(),
        ..OrderInput::default()
    };
    let d = intake::create_draft(db, who, &input).expect("draft");
    intake::submit_order(db, who, d.id, d.version).expect("submit")
}

/// Approval with the kept exposure against approval without, on a data set of its own:
/// a customer on credit with `open` orders approved and not invoiced and `invoiced`
/// orders invoiced and not paid, and a cash customer. Both approve 10-line orders that
/// wait for their amount only (the manager's approval); the credit customer's rules read
/// its exposure (its limit is far above it) and the approval adds the order to it.
fn bench_exposure(set: &str, open: usize, invoiced: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("exposure.orderdesk");
    let t = std::time::Instant::now();
    let db = Db::create(&path, JournalSetting::Auto).expect("create");
    let admin = setup::init_company(&db, "基准五金", "admin", "adminpass1").expect("init");
    let clerk = bench_user(&db, &admin, "clerk", Role::Sales, 100_000_000_000);
    let sales = bench_user(&db, &admin, "sales", Role::Sales, 0);
    let manager = bench_user(&db, &admin, "manager", Role::Manager, 100_000_000_000);
    let finance = bench_user(&db, &admin, "finance", Role::Finance, 0);
    let warehouse = bench_user(&db, &admin, "warehouse", Role::Warehouse, 0);
    master::create_warehouse(&db, &admin, "WH1", "主仓库").expect("warehouse");
    master::create_bin(&db, &admin, "WH1", "A-01", "A区").expect("bin");
    for j in 0..10 {
        master::create_product(
            &db,
            &admin,
            &master::ProductInput {
                sku: format!("EXP-{j:02}"),
                name: format!("基准商品{j}"),
                unit: "个".into(),
                list_price: "70.00".into(),
                ..master::ProductInput::default()
            },
        )
        .expect("product");
        stock::receive_stock(
            &db,
            &warehouse,
            &stock::ReceiptInput {
                product: format!("EXP-{j:02}"),
                bin: "A-01".into(),
                qty: "1000000".into(),
                unit_cost: "40.00".into(),
                ..stock::ReceiptInput::default()
            },
        )
        .expect("stock");
    }
    for (code, name, terms) in [
        ("CREDIT", "赊账客户", "net:30"),
        ("CASH", "现金客户", "cod"),
    ] {
        master::create_customer(
            &db,
            &finance,
            &master::CustomerInput {
                code: code.into(),
                name: name.into(),
                terms: terms.into(),
                credit_limit: if terms == "cod" {
                    "0".into()
                } else {
                    "100000000".into()
                },
                status: master::CustomerStatus::Active,
                ..master::CustomerInput::default()
            },
        )
        .expect("customer");
    }
    db.conn()
        .execute("UPDATE company SET invoice_basis = 'order'", [])
        .expect("invoice per order");
    db.set_bulk_load(true).expect("bulk");
    for k in 0..open + invoiced {
        let s = bench_order(&db, &clerk, "CREDIT", 2, k);
        assert!(
            matches!(s.outcome, approval::Outcome::Approved { .. }),
            "{:?}",
            s.outcome
        );
        if k >= open {
            cash::invoice_order(&db, &finance, &s.number).expect("invoice");
        }
    }
    db.set_bulk_load(false).expect("bulk off");
    const N: usize = 100;
    // Each side approves N after a warm-up of 20, twice: with the commit's fsync and
    // without it (synchronous = OFF), where the work above SQLite shows.
    let runs = 2 * (N + 20);
    let waiting = |customer: &str| -> Vec<(i64, i64)> {
        (0..runs)
            .map(|k| {
                let s = bench_order(&db, &sales, customer, 10, k);
                assert!(
                    matches!(s.outcome, approval::Outcome::Waiting(_)),
                    "{:?}",
                    s.outcome
                );
                (s.id, s.version)
            })
            .collect()
    };
    let with = waiting("CREDIT");
    let without = waiting("CASH");
    let credit_id: i64 = db
        .conn()
        .query_row("SELECT id FROM customers WHERE code = 'CREDIT'", [], |r| {
            r.get(0)
        })
        .expect("customer id");
    let kept = store::credit::exposure(db.conn(), credit_id).expect("exposure");
    println!(
        "exposure, {set} set: built in {:.1} s; credit customer owes {}, approved not invoiced {}",
        t.elapsed().as_secs_f64(),
        Money::from_minor(kept.open_ar_minor),
        Money::from_minor(kept.uninvoiced_minor)
    );
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    for fsync in [true, false] {
        db.set_bulk_load(!fsync).expect("synchronous");
        let (ours, base) = measure_pair(
            N,
            |_| {
                let (id, v) = with[next_ours];
                next_ours += 1;
                approval::approve_order(&db, &manager, id, v).expect("approve on credit");
            },
            |_| {
                let (id, v) = without[next_bare];
                next_bare += 1;
                approval::approve_order(&db, &manager, id, v).expect("approve cash");
            },
        );
        row(
            &format!(
                "exposure {set}: approve on credit{}; bare: cash",
                if fsync { "" } else { ", no fsync" }
            ),
            &ours,
            &base,
            "target ≤ 1.25×",
        );
    }
    db.set_bulk_load(false).expect("synchronous");
    // What the rule reads now, against the recount from the order lines it read before.
    let bare = rusqlite::Connection::open(&path).expect("bare");
    let recount = "SELECT COALESCE(SUM(CASE WHEN l.qty_invoiced >= l.qty - l.qty_cancelled THEN 0 \
         ELSE l.gross_minor - (l.gross_minor * l.qty_invoiced + l.qty - l.qty_cancelled - 1) \
         / (l.qty - l.qty_cancelled) END), 0) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.customer_id = ?1 AND o.stage IN ('approved', 'on_hold', 'closed')";
    let (ours, base) = measure_pair(
        500,
        |_| {
            db.read(|c| store::credit::exposure(c, credit_id))
                .expect("read");
        },
        |_| {
            let _: i64 = bare
                .prepare_cached(recount)
                .expect("prepare")
                .query_row([credit_id], |r| r.get(0))
                .expect("recount");
        },
    );
    row(
        &format!("exposure {set}: kept row; bare: line recount"),
        &ours,
        &base,
        "the read inside the rules",
    );
    drop(bare);
    let violations = orderdesk::ops::check::run_check(&db).expect("check");
    assert!(violations.is_empty(), "{violations:?}");
}

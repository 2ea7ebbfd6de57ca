//! Foundation benchmarks on the `large` demo database: each measured operation of
//! orderdesk beside the same query, or the same rows written, with bare SQL in the same
//! run, so that the ratio is the figure. Prints medians and p99.
//!
//! `cargo bench --bench foundation` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`,
//! generating the large data set there first when it does not exist (a few minutes).

mod support;

use orderdesk::domain::order::OrderStage;
use orderdesk::ops::orders::{OrderFilter, OrderSort};
use orderdesk::ops::{self, demo, master, orders, stock};
use rusqlite::params;
use support::{measure_pair, open_bench_db, read_all, row, selected};

/// A query whose every bigram is common in the large demo data, though no name holds it.
const WORST: &str = "长城镀锌冲击电钻";

fn main() {
    let (path, db, bare) = open_bench_db();
    let warehouse = ops::auth::login(&db, "admin", demo::DEMO_PASSWORD).expect("login");

    let numbers: Vec<String> = bare
        .prepare("SELECT number FROM orders WHERE number IS NOT NULL AND id % 997 = 0 LIMIT 1000")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let barcodes: Vec<String> = bare
        .prepare("SELECT barcode FROM product_barcodes WHERE rowid % 97 = 0 LIMIT 1000")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    println!(
        "{:<44} {:>12} {:>12}   {:>17} {:>12}",
        "operation", "median", "p99", "bare median", "p99"
    );

    // Order by number.
    if selected("order by number") {
        let (ours, base) = measure_pair(
            2000,
            |i| {
                orders::order_by_number(&db, &numbers[i % numbers.len()]).unwrap();
            },
            |i| {
                bare.prepare_cached("SELECT * FROM orders WHERE number = ?1")
                    .unwrap()
                    .query_row([&numbers[i % numbers.len()]], read_all)
                    .unwrap();
            },
        );
        row("order by number", &ours, &base, "target ≤ 2×");
    }

    // Product by barcode.
    if selected("product by barcode") {
        let (ours, base) = measure_pair(
            2000,
            |i| {
                master::product_by_code(&db, &barcodes[i % barcodes.len()])
                    .unwrap()
                    .unwrap();
            },
            |i| {
                bare.prepare_cached(
                "SELECT p.* FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.barcode = ?1",
            )
            .unwrap()
            .query_row([&barcodes[i % barcodes.len()]], read_all)
            .unwrap();
            },
        );
        row("product by barcode", &ours, &base, "target ≤ 2×");
    }

    // Name search: through the gram index or the scan of searchable texts, against
    // LIKE '%…%' over the table.
    let product_queries = [
        "六角螺栓",
        "玻璃胶",
        "防锈漆",
        "冲击电钻",
        "lsd",
        "fxq",
        "不锈钢合页",
        "bxg",
    ];
    let customer_queries = ["永顺", "hzys", "恒达建材", "机电设备", "nbhd", "宏远"];
    if selected("product search (Chinese substring, pinyin)") {
        let (ours, base) = measure_pair(
            300,
            |i| {
                let r =
                    master::find_products(&db, product_queries[i % product_queries.len()], 0, 20)
                        .unwrap();
                assert!(!r.is_empty());
            },
            |i| {
                let q = format!("%{}%", product_queries[i % product_queries.len()]);
                let mut st = bare
            .prepare_cached("SELECT id FROM products WHERE name LIKE ?1 OR initials LIKE ?1 ORDER BY id LIMIT 20")
            .unwrap();
                let _n = st.query_map([&q], |r| r.get::<_, i64>(0)).unwrap().count();
            },
        );
        row(
            "product search (Chinese substring, pinyin)",
            &ours,
            &base,
            "target < 2 ms; bare = LIKE scan",
        );
    }
    if selected("customer search (Chinese substring, pinyin)") {
        let (ours, base) = measure_pair(
            300,
            |i| {
                let r =
                    master::find_customers(&db, customer_queries[i % customer_queries.len()], 20)
                        .unwrap();
                assert!(!r.is_empty());
            },
            |i| {
                let q = format!("%{}%", customer_queries[i % customer_queries.len()]);
                let mut st = bare
            .prepare_cached("SELECT id FROM customers WHERE name LIKE ?1 OR initials LIKE ?1 ORDER BY id LIMIT 20")
            .unwrap();
                let _n = st.query_map([&q], |r| r.get::<_, i64>(0)).unwrap().count();
            },
        );
        row(
            "customer search (Chinese substring, pinyin)",
            &ours,
            &base,
            "target < 2 ms; bare = LIKE scan",
        );
    }
    // A long name of common words held by few names (89 of 100,000): its rarest gram, known
    // from the gram counts, has few enough postings to drive the whole search.
    if selected("product search, long rare name") {
        let (ours, base) = measure_pair(
            300,
            |_| {
                master::find_products(&db, "金鼎加厚冲击电钻", 0, 20).unwrap();
            },
            |_| {
                let mut st = bare
                    .prepare_cached(
                        "SELECT id FROM products WHERE name LIKE ?1 ORDER BY id LIMIT 20",
                    )
                    .unwrap();
                let _n = st
                    .query_map(["%金鼎加厚冲击电钻%"], |r| r.get::<_, i64>(0))
                    .unwrap()
                    .count();
            },
        );
        row(
            "product search, long rare name",
            &ours,
            &base,
            "target < 2 ms; bare = LIKE scan",
        );
    }

    // The common case: a substring that many names hold, where LIKE stops at the limit.
    let common_queries = ["螺丝", "加厚", "lsd", "bxg"];
    if selected("product search, common substring (20 of many)") {
        let (ours, base) = measure_pair(
            300,
            |i| {
                let r = master::find_products(&db, common_queries[i % common_queries.len()], 0, 20)
                    .unwrap();
                assert_eq!(r.len(), 20);
            },
            |i| {
                let q = format!("%{}%", common_queries[i % common_queries.len()]);
                let mut st = bare
                .prepare_cached(
                    "SELECT id FROM products WHERE name LIKE ?1 OR initials LIKE ?1 ORDER BY id LIMIT 20",
                )
                .unwrap();
                let _n = st.query_map([&q], |r| r.get::<_, i64>(0)).unwrap().count();
            },
        );
        row(
            "product search, common substring (20 of many)",
            &ours,
            &base,
            "≤ LIKE scan + small constant",
        );
    }
    // The worst case: every gram of the query is common, but no name holds it, so both
    // sides read every product.
    if selected("product search, common words, no match") {
        let (ours, base) = measure_pair(
            300,
            |_| {
                let r = master::find_products(&db, WORST, 0, 20).unwrap();
                assert!(r.is_empty());
            },
            |_| {
                let mut st = bare
                .prepare_cached(
                    "SELECT id FROM products WHERE name LIKE ?1 OR initials LIKE ?1 ORDER BY id LIMIT 20",
                )
                .unwrap();
                let n = st
                    .query_map([format!("%{WORST}%")], |r| r.get::<_, i64>(0))
                    .unwrap()
                    .count();
                assert_eq!(n, 0);
            },
        );
        row(
            "product search, common words, no match",
            &ours,
            &base,
            "≤ LIKE scan + small constant",
        );
    }

    // The order list: first page of 50 orders of a stage, newest first, the next page,
    // and the approval-style view, most urgent first. The bare statements are the ones
    // orderdesk runs (same joins and columns, the stage bound as a parameter), with the
    // page size written into the SQL as a hand-written query would have it.
    const PAGE_COLS: &str = "SELECT o.id, o.number, o.order_date, c.name, o.stage, o.urgency, \
         o.gross_minor, (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), \
         o.draft_no, u.display_name FROM orders o JOIN customers c ON c.id = o.customer_id \
         JOIN users u ON u.id = o.created_by";
    let first_sql =
        format!("{PAGE_COLS} WHERE o.stage = ?1 ORDER BY o.order_date DESC, o.id DESC LIMIT 50");
    let next_sql = format!(
        "{PAGE_COLS} WHERE o.stage = ?1 AND (o.order_date, o.id) < (?2, ?3) \
         ORDER BY o.order_date DESC, o.id DESC LIMIT 50"
    );
    let urgent_sql = format!(
        "{PAGE_COLS} WHERE o.stage = ?1 ORDER BY \
         (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
         o.order_date DESC, o.id DESC LIMIT 50"
    );
    type PageRow = (
        i64,
        Option<String>,
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<String>,
        String,
    );
    let bare_page = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Vec<PageRow> {
        let mut st = bare.prepare_cached(sql).unwrap();
        st.query_map(params, |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let closed = orders::stage_filter(OrderStage::Closed);
    if selected("first page (50) of closed orders by date") {
        let (ours, base) = measure_pair(
            1000,
            |_| {
                let p = orders::orders_page(&db, &closed, None, 50).unwrap();
                assert_eq!(p.len(), 50);
            },
            |_| {
                assert_eq!(bare_page(&first_sql, params!["closed"]).len(), 50);
            },
        );
        row(
            "first page (50) of closed orders by date",
            &ours,
            &base,
            "target ≤ 2×",
        );
    }
    if selected("next page (keyset)") {
        let first = orders::orders_page(&db, &closed, None, 50).unwrap();
        let cursor = orders::next_cursor(&first).unwrap();
        let (ours, base) = measure_pair(
            1000,
            |_| {
                let p = orders::orders_page(&db, &closed, Some(&cursor), 50).unwrap();
                assert_eq!(p.len(), 50);
            },
            |_| {
                let p = bare_page(&next_sql, params!["closed", cursor.order_date, cursor.id]);
                assert_eq!(p.len(), 50);
            },
        );
        row("next page (keyset)", &ours, &base, "target ≤ 2×");
    }
    let urgent = OrderFilter {
        stage: Some(OrderStage::Approved),
        sort: OrderSort::Urgency,
        ..OrderFilter::default()
    };
    let mut urgent_base = None;
    if selected("first page (50) of approved orders by urgency") {
        let (ours, base) = measure_pair(
            1000,
            |_| {
                let p = orders::orders_page(&db, &urgent, None, 50).unwrap();
                assert_eq!(p.len(), 50);
            },
            |_| {
                assert_eq!(bare_page(&urgent_sql, params!["approved"]).len(), 50);
            },
        );
        row(
            "first page (50) of approved orders by urgency",
            &ours,
            &base,
            "target ≤ 2×",
        );
        urgent_base = Some(base);
    }
    if let Some(base) = urgent_base.filter(|_| selected("OFFSET")) {
        let (offset, _) = measure_pair(
            30,
            |_| {
                let mut st = bare
                    .prepare_cached(
                        "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id \
                         WHERE o.stage = 'closed' ORDER BY o.order_date DESC, o.id DESC \
                         LIMIT 50 OFFSET 10000",
                    )
                    .unwrap();
                let _n = st.query_map([], |r| r.get::<_, i64>(0)).unwrap().count();
            },
            |_| {},
        );
        row(
            "  (for reference: OFFSET 10000, bare)",
            &offset,
            &base,
            "why keyset",
        );
    }

    // One stock receipt, against the same rows written with bare SQL.
    let skus: Vec<(i64, String, i64)> = bare
        .prepare("SELECT p.id, p.sku, b.id FROM products p JOIN bins b ON b.id = p.default_bin_id WHERE p.tracks_lots = 0 AND p.id % 101 = 0 LIMIT 200")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let bins: Vec<(i64, String)> = bare
        .prepare("SELECT id, code FROM bins")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let bin_code = |id: i64| {
        bins.iter()
            .find(|b| b.0 == id)
            .map(|b| b.1.clone())
            .unwrap()
    };
    let actor = warehouse.id();
    if selected("stock receipt (one transaction)") {
        let (ours, base) = measure_pair(
            300,
            |i| {
                let (_, sku, bin) = &skus[i % skus.len()];
                stock::receive_stock(
                    &db,
                    &warehouse,
                    &stock::ReceiptInput {
                        product: sku.clone(),
                        bin: bin_code(*bin),
                        qty: "12".into(),
                        unit_cost: "3.50".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            },
            |i| {
                let (pid, _, bin) = skus[i % skus.len()];
                let lot: i64 = bare
                    .prepare_cached("SELECT id FROM lots WHERE product_id = ?1 AND lot_no = ''")
                    .unwrap()
                    .query_row([pid], |r| r.get(0))
                    .unwrap();
                bare.execute_batch("BEGIN IMMEDIATE").unwrap();
                let now = ops::now_stamp();
                let n: i64 = bare
            .prepare_cached(
                "INSERT INTO doc_counters (doc_type, year, last_no) VALUES ('GR', 2026, 1) \
                 ON CONFLICT (doc_type, year) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
            )
            .unwrap()
            .query_row([], |r| r.get(0))
            .unwrap();
                let doc = format!("GR-2026-{n:06}");
                bare.prepare_cached(
            "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, doc_type, doc_no, actor_id, at) \
             VALUES (?1, ?2, ?3, 12000, 35000, 'receipt', 'GR', ?4, ?5, ?6)",
        )
        .unwrap()
        .execute(params![pid, bin, lot, doc, actor, now])
        .unwrap();
                bare.prepare_cached("UPDATE stock_levels SET on_hand = on_hand + 12000 WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3")
            .unwrap()
            .execute(params![pid, bin, lot])
            .unwrap();
                bare.prepare_cached(
                    "UPDATE product_stock SET on_hand = on_hand + 12000 WHERE product_id = ?1",
                )
                .unwrap()
                .execute([pid])
                .unwrap();
                bare.prepare_cached("UPDATE products SET avg_cost = avg_cost WHERE id = ?1")
                    .unwrap()
                    .execute([pid])
                    .unwrap();
                bare.prepare_cached(
            "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, after) VALUES (?1, ?2, 'stock_move', ?3, 'receipt', '{}')",
        )
        .unwrap()
        .execute(params![now, actor, bare.last_insert_rowid()])
        .unwrap();
                bare.execute_batch("COMMIT").unwrap();
            },
        );
        row(
            "stock receipt (one transaction)",
            &ours,
            &base,
            "target ≤ 1.5×",
        );
    }
    println!(
        "\nfile: {} ({})",
        path.display(),
        db.journal_mode().as_str()
    );
}

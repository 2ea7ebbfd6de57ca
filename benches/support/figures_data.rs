//! A year of history at the large data set's density, for the figures benchmark when
//! the large demo database is not there: the small demo company (users, bins,
//! carriers) with 20,000 more customers and products and 1,000 orders a day for 400
//! days, written with set-based SQL in one transaction. Each order has 1–9 lines, a
//! pick list with a task per line, a shipment signed for 0–3 days later, every second
//! one an invoice and every fourth a payment; orders above ¥5,000 waited in the
//! approval queue; one pick in two hundred was scanned wrong first. The rows satisfy
//! the schema's constraints but not every invariant `check` proves (no stock moves,
//! journal or balances): they are for reading figures only.

use std::path::Path;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use orderdesk::config::JournalSetting;
use orderdesk::ops::demo;
use rusqlite::Connection;

/// Orders a day: the large set's 1,000 (`ORDERDESK_BENCH_ORDERS_PER_DAY` for a trial).
pub fn orders_per_day() -> i64 {
    std::env::var("ORDERDESK_BENCH_ORDERS_PER_DAY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}
pub const DAYS: i64 = 400;

fn id(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Builds the data set at `path` (which must not exist) with its last day `as_of`.
pub fn build(path: &Path, as_of: NaiveDate) {
    let t = Instant::now();
    let per_day = orders_per_day();
    println!(
        "building {} orders over {DAYS} days at {} …",
        per_day * DAYS,
        path.display()
    );
    demo::generate(
        path,
        JournalSetting::Auto,
        demo::Scale::Small,
        2026,
        as_of,
        &mut |_| {},
    )
    .expect("the small demo");
    let c = Connection::open(path).expect("open");
    c.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; \
         PRAGMA foreign_keys = OFF;",
    )
    .unwrap();
    let user = |name: &str| {
        id(
            &c,
            &format!("SELECT id FROM users WHERE username = '{name}'"),
        )
    };
    let (sales, sales2, manager, warehouse, finance) = (
        user("sales"),
        user("sales2"),
        user("manager"),
        user("warehouse"),
        user("finance"),
    );
    let bin = id(&c, "SELECT id FROM bins WHERE code = 'A-01-01'");
    let staging = id(
        &c,
        "SELECT id FROM bins WHERE kind = 'staging' ORDER BY id LIMIT 1",
    );
    let n = per_day * DAYS;
    let last = as_of.to_string();
    let first = (as_of - Duration::days(DAYS - 1)).to_string();
    let stamp = |at: &str, minutes: &str| {
        format!("strftime('%Y-%m-%dT%H:%M:%fZ', {at}, '+' || ({minutes}) || ' minutes')")
    };
    let script = format!(
        "BEGIN;
        CREATE TEMP TABLE k(i INTEGER PRIMARY KEY);
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n})
        INSERT INTO k SELECT i FROM s;
        INSERT INTO customers (id, code, name, initials, terms, credit_limit_minor, status, created_at, updated_at)
          SELECT 100000 + i, 'BC' || i, '客户' || i, 'kh', 'net:30', 100000000, 'active', '{first}', '{first}'
          FROM k WHERE i <= 20000;
        INSERT INTO products (id, sku, name, initials, unit, list_price, floor_price, tax_bp, created_at, updated_at)
          SELECT 100000 + i, 'BP' || i, '商品' || i, 'sp', '个', 100000, 50000, 1300, '{first}', '{first}'
          FROM k WHERE i <= 20000;
        INSERT INTO lots (id, product_id, lot_no, received_on) VALUES (900000, 100001, 'B', '{first}');
        -- Orders: 1,000 a day, oldest first; the last three days approved and not yet
        -- shipped, one in seventeen cancelled, the rest closed.
        INSERT INTO orders (id, number, customer_id, channel, order_date, requested_date, urgency, terms,
            stage, price_mode, created_by, created_at, updated_at, submitted_at, approved_at)
          SELECT 1000000 + i, 'BF-' || i, 100001 + (i * 7919) % 20000,
                 CASE i % 6 WHEN 0 THEN 'phone' WHEN 1 THEN 'web' WHEN 2 THEN 'walk_in'
                            WHEN 3 THEN 'chat' WHEN 4 THEN 'email' ELSE 'fax' END,
                 d, date(d, '+' || (1 + i % 5) || ' days'), 'normal', 'net:30',
                 CASE WHEN i % 17 = 0 THEN 'cancelled'
                      WHEN i > {n} - 3 * {per_day} THEN 'approved' ELSE 'closed' END,
                 'inclusive', CASE i % 2 WHEN 0 THEN {sales} ELSE {sales2} END, at, at, at, at
          FROM (SELECT i, d, {at} AS at
                FROM (SELECT i, date('{last}', '-' || (({n} - i) / {per_day}) || ' days') AS d FROM k));
        -- 1–9 lines an order: q units at p tenths of a yuan.
        CREATE TEMP TABLE nine(k INTEGER PRIMARY KEY);
        INSERT INTO nine SELECT i FROM k WHERE i <= 9;
        INSERT INTO order_lines (id, order_id, line_no, product_id, qty, unit_price, tax_bp,
            net_minor, tax_minor, gross_minor, qty_shipped, qty_delivered, qty_invoiced)
          SELECT oid * 10 + k, oid, k, 100001 + (oid * 31 + k * 17) % 20000, q * 1000, p * 1000,
                 1300, g - g * 13 / 113, g * 13 / 113, g, done, done, done
          FROM (SELECT oid, k, q, p, q * p * 10 AS g,
                       CASE stage WHEN 'closed' THEN q * 1000 ELSE 0 END AS done
                FROM (SELECT o.id AS oid, o.stage AS stage, nine.k AS k,
                             1 + (o.id + nine.k) % 40 AS q, 50 + (o.id * 13 + nine.k * 7) % 2000 AS p
                      FROM orders o JOIN nine ON nine.k <= 1 + (o.id * 7) % 9
                      WHERE o.id > 1000000));
        COMMIT;",
        at = "strftime('%Y-%m-%dT%H:%M:%fZ', d || 'T00:00:00.000Z', '+' || (i % 600) || ' minutes')",
    );
    c.execute_batch(&script).expect("orders and lines");
    let approved = stamp("submitted_at", "5 + id % 116");
    let claimed = stamp("o.approved_at", "30 + o.id % 170");
    let done = stamp("t.claimed", "l.line_no * 1.5");
    let shipped = stamp(
        "(SELECT max(k.done_at) FROM pick_tasks k WHERE k.pick_list_id = o.id)",
        "10 + o.id % 111",
    );
    let settled = stamp("delivered_on || 'T01:30:00.000Z'", "id % 420");
    let rest = format!(
        "BEGIN;
        UPDATE orders SET
          gross_minor = (SELECT sum(gross_minor) FROM order_lines l WHERE l.order_id = orders.id),
          tax_minor = (SELECT sum(tax_minor) FROM order_lines l WHERE l.order_id = orders.id),
          net_minor = (SELECT sum(net_minor) FROM order_lines l WHERE l.order_id = orders.id)
        WHERE id > 1000000;
        UPDATE orders SET approved_at = {approved} WHERE id > 1000000 AND gross_minor > 500000;
        INSERT INTO approvals (order_id, reason, status, created_at, decided_by, decided_at)
          SELECT id, 'amount', CASE WHEN stage = 'cancelled' THEN 'rejected' ELSE 'approved' END,
                 submitted_at, {manager}, approved_at
          FROM orders WHERE id > 1000000 AND gross_minor > 500000;
        -- A pick list a closed order, a task a line, done one after the other.
        INSERT INTO pick_lists (id, number, status, picker_id, created_by, created_at, finished_at)
          SELECT o.id, 'BPL-' || o.id, 'done', {warehouse}, {warehouse}, {claimed}, {claimed}
          FROM orders o WHERE o.id > 1000000 AND o.stage = 'closed';
        INSERT INTO pick_tasks (id, pick_list_id, seq, kind, order_line_id, product_id, bin_id,
            staging_bin_id, lot_id, qty, qty_picked, status, claimed_by, claimed_at, done_at)
          SELECT l.id, t.id, l.line_no, 'pick', l.id, l.product_id, {bin}, {staging}, 900000,
                 l.qty, l.qty, 'done', {warehouse}, t.claimed, {done}
          FROM (SELECT id, created_at AS claimed FROM pick_lists WHERE id > 1000000) t
          JOIN order_lines l ON l.order_id = t.id;
        UPDATE pick_lists SET finished_at = (SELECT max(done_at) FROM pick_tasks k WHERE k.pick_list_id = pick_lists.id)
          WHERE id > 1000000;
        INSERT INTO pick_errors (pick_list_id, task_id, user_id, kind, expected, scanned, at)
          SELECT pick_list_id, id, {warehouse}, 'wrong_bin', 'A-01-01', 'A-02-01', claimed_at
          FROM pick_tasks WHERE id > 10000000 AND id % 200 = 0;
        -- A shipment an order, signed for 0–3 days later.
        INSERT INTO shipments (id, number, order_id, status, carrier_id, ship_date, shipped_by,
            shipped_at, signer, delivered_on, settled_by)
          SELECT o.id, 'BSH-' || o.id, o.id, 'delivered', 1, o.order_date, {warehouse}, {shipped},
                 '收货人', date(o.order_date, '+' || (o.id % 4) || ' days'), {warehouse}
          FROM orders o WHERE o.id > 1000000 AND o.stage = 'closed';
        UPDATE shipments SET settled_at = max(shipped_at, {settled}) WHERE id > 1000000;
        -- Every second closed order invoiced, every fourth paid.
        INSERT INTO invoices (id, number, kind, customer_id, order_id, shipment_id, invoice_date,
            due_date, price_mode, net_minor, tax_minor, gross_minor, paid_minor, open_minor,
            created_by, created_at)
          SELECT o.id, 'BINV-' || o.id, 'invoice', o.customer_id, o.id, o.id, o.order_date,
                 date(o.order_date, '+30 days'), 'inclusive', o.net_minor, o.tax_minor, o.gross_minor,
                 CASE WHEN o.id % 4 = 0 THEN o.gross_minor ELSE 0 END,
                 CASE WHEN o.id % 4 = 0 THEN 0 ELSE o.gross_minor END, {finance}, o.created_at
          FROM orders o WHERE o.id > 1000000 AND o.stage = 'closed' AND o.id % 2 = 0 AND o.gross_minor > 0;
        INSERT INTO payments (id, number, customer_id, method, pay_date, amount_minor, account,
            allocated_minor, unapplied_minor, created_by, created_at)
          SELECT i.id, 'BRCV-' || i.id, i.customer_id, 'bank', date(i.invoice_date, '+20 days'),
                 i.gross_minor, '1002', i.gross_minor, 0, {finance}, i.created_at
          FROM invoices i WHERE i.id > 1000000 AND i.paid_minor > 0;
        COMMIT;
        DROP TABLE k; DROP TABLE nine;"
    );
    c.execute_batch(&rest)
        .expect("the goods and money of the history");
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    println!("built in {:.1} s", t.elapsed().as_secs_f64());
}

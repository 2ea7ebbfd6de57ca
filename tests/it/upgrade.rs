//! A company file from before the goods flow (schema 5): orders closed with shipped and
//! delivered quantities and no shipment, pick list or ship move behind them, stock
//! received without journal entries. Opened by this program it is migrated, and the
//! migration records the goods flow behind what was shipped and posts the history's
//! journal, so that `check` passes on it as it is.

// Amounts in fen are written yuan_fen (123_45 is ¥123.45).
#![allow(clippy::inconsistent_digit_grouping)]

use orderdesk::config::JournalSetting;
use orderdesk::ops;
use orderdesk::store::{Db, StoreError, MIGRATIONS, SCHEMA_VERSION};

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A schema-5 file as the program of that version left it: a company, its administrator,
/// one bin with stock received of one product (none ever of the other), a customer, two
/// orders closed with everything shipped, delivered and invoiced, and one approved order
/// with stock reserved.
fn legacy_file(path: &std::path::Path) {
    let old = Db::create_with_migrations(path, JournalSetting::Auto, &MIGRATIONS[..5]).unwrap();
    old.write(|tx| {
        tx.execute_batch(
            "INSERT INTO company (id, name, created_at) VALUES (1, '旧账五金行', '2025-01-01T00:00:00.000Z');
             INSERT INTO users (username, display_name, password_hash, created_at)
                 VALUES ('admin', '管理员', 'x', '2025-01-01T00:00:00.000Z');
             INSERT INTO user_roles (user_id, role) VALUES (1, 'admin');
             INSERT INTO warehouses (code, name) VALUES ('WH1', '主仓库');
             INSERT INTO bins (warehouse_id, code, name) VALUES (1, 'A-01', 'A区');
             INSERT INTO products (sku, name, initials, unit, list_price, floor_price, tax_bp,
                                   avg_cost, default_bin_id, created_at, updated_at)
                 VALUES ('BOLT', '螺栓', 'ls', '个', 200000, 100000, 1300, 12345, 1,
                         '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
                        ('GLUE', '胶水', 'js', '支', 500000, 300000, 1300, 33333, 1,
                         '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
             INSERT INTO lots (product_id, lot_no, received_on) VALUES (1, '', '2025-01-02');
             INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, doc_type,
                                      doc_no, actor_id, at)
                 VALUES (1, 1, 1, 100000, 12345, 'receipt', 'GR', 'GR-2025-000001', 1,
                         '2025-01-02T02:00:00.000Z');
             INSERT INTO stock_levels (product_id, bin_id, lot_id, on_hand) VALUES (1, 1, 1, 100000);
             INSERT INTO product_stock (product_id, on_hand, reserved) VALUES (1, 100000, 5000);
             INSERT INTO doc_counters (doc_type, year, last_no) VALUES ('GR', 2025, 1), ('SO', 2025, 3);
             INSERT INTO customers (code, name, initials, terms, status, created_at, updated_at)
                 VALUES ('C001', '老客户', 'lkh', 'net:30', 'active',
                         '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
             INSERT INTO orders (number, customer_id, channel, order_date, terms, stage, price_mode,
                                 net_minor, tax_minor, gross_minor, created_by, created_at,
                                 updated_at, submitted_at, approved_at)
                 VALUES ('SO-2025-000001', 1, 'phone', '2025-02-03', 'net:30', 'closed', 'inclusive',
                         7080, 920, 8000, 1, '2025-02-03T02:00:00.000Z', '2025-02-03T02:00:00.000Z',
                         '2025-02-03T02:00:00.000Z', '2025-02-03T02:00:00.000Z'),
                        ('SO-2025-000002', 1, 'phone', '2025-03-04', 'net:30', 'closed', 'inclusive',
                         8850, 1150, 10000, 1, '2025-03-04T02:00:00.000Z', '2025-03-04T02:00:00.000Z',
                         '2025-03-04T02:00:00.000Z', '2025-03-04T02:00:00.000Z'),
                        ('SO-2025-000003', 1, 'phone', '2025-03-05', 'net:30', 'approved', 'inclusive',
                         8850, 1150, 10000, 1, '2025-03-05T02:00:00.000Z', '2025-03-05T02:00:00.000Z',
                         '2025-03-05T02:00:00.000Z', '2025-03-05T02:00:00.000Z');
             INSERT INTO order_lines (order_id, line_no, product_id, qty, unit_price, tax_bp,
                                      net_minor, tax_minor, gross_minor, qty_shipped,
                                      qty_delivered, qty_invoiced, qty_reserved)
                 VALUES (1, 1, 1, 3000, 200000, 1300, 5310, 690, 6000, 3000, 3000, 3000, 0),
                        (1, 2, 1, 1000, 200000, 1300, 1770, 230, 2000, 1000, 1000, 1000, 0),
                        (2, 1, 2, 2000, 500000, 1300, 8850, 1150, 10000, 2000, 2000, 2000, 0),
                        (3, 1, 1, 5000, 200000, 1300, 8850, 1150, 10000, 0, 0, 0, 5000);
             INSERT INTO reservations (order_line_id, product_id, qty, created_at)
                 VALUES (4, 1, 5000, '2025-03-05T02:00:00.000Z');",
        )?;
        Ok::<_, StoreError>(())
    })
    .unwrap();
}

#[test]
fn a_file_from_before_the_goods_flow_passes_check_once_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    legacy_file(&path);
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(
        db.migration_backup().is_some(),
        "backed up before migrating"
    );
    let found = ops::check::run_check(&db).unwrap();
    assert!(found.is_empty(), "{found:#?}");

    // Each closed order was picked and shipped, delivered, its lines out of staging.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM shipments WHERE status = 'delivered'"
        ),
        2
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM pick_lists WHERE status = 'done'"),
        2
    );
    assert_eq!(
        count(&db, "SELECT -SUM(qty) FROM stock_moves WHERE kind = 'ship'"),
        6000
    );
    // Today's stock is what it was: the goods shipped came in by receipts of their own;
    // glue, never received, was placed in the first storage bin.
    assert_eq!(
        count(
            &db,
            "SELECT on_hand FROM product_stock WHERE product_id = 1"
        ),
        100000
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM stock_moves m JOIN bins b ON b.id = m.bin_id \
             WHERE m.product_id = 2 AND m.kind = 'receipt' AND b.code = 'A-01'"
        ),
        1
    );
    // The journal of the history: receipts into stock, shipments out of it, at cost.
    let balance = |account: &str| {
        count(
            &db,
            &format!("SELECT SUM(debit_minor - credit_minor) FROM journal_lines WHERE account = '{account}'"),
        )
    };
    // 100 bolts at 1.2345 on hand: ¥123.45.
    assert_eq!(balance("1405"), 123_45);
    // Cost of goods shipped, line by line: 3 and 1 bolts at 1.2345 (3.70, 1.23) and 2
    // tubes of glue at 3.3333 (6.67).
    assert_eq!(balance("6401"), 3_70 + 1_23 + 6_67);
    // The approved order still waits to be picked.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM order_lines WHERE qty_reserved > qty_picked"
        ),
        1
    );

    // Opened again, nothing is recorded twice.
    let shipments = count(&db, "SELECT count(*) FROM shipments");
    let entries = count(&db, "SELECT count(*) FROM journal_entries");
    drop(db);
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM shipments"), shipments);
    assert_eq!(count(&db, "SELECT count(*) FROM journal_entries"), entries);
}

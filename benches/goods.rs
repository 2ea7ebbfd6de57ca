//! Goods-flow benchmarks on the `large` demo database: a pick list for a wave of 100
//! orders; one pick confirmation and one shipment of a 10-line order, each beside the
//! same rows written in bare SQL in the same run; the warehouse home's first page beside
//! its queries run bare; and key to finished frame during 200-scan bursts on the picking
//! screen, in WAL and in DELETE mode.
//!
//! `cargo bench --bench goods` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`.
//! Words after `--` choose the rows (`wave`, `pick`, `ship`, `home`, `keys`); none runs
//! them all. It adds orders to that database, approves, picks and ships them.

mod support;

use std::time::{Duration, Instant};

use orderdesk::config::JournalSetting;
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::i18n::Lang;
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::shipping::{self, ShipInput};
use orderdesk::ops::{self, approval, auth, demo, picking, warehouse, Actor};
use orderdesk::store::picking::TaskRow;
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::goods::picking::PickingView;
use orderdesk::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rusqlite::{params, Connection};
use support::{measure_pair, open_bench_db, read_all, row, stats, Stats};

/// Rows chosen by the words after `--` (all when none).
fn chosen(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}

/// Who does what: the clerk who takes orders, the manager who approves those above the
/// clerk's limit, the warehouse user who picks and ships.
struct People {
    sales: Actor,
    manager: Actor,
    warehouse: Actor,
}

/// A product for the bench orders: SKU, barcode.
#[derive(Clone)]
struct Product {
    sku: String,
    barcode: String,
}

/// The cheapest products (so that the orders stay within the manager's limit) without
/// lots, with a barcode, plenty of free stock in one storage bin and
/// nowhere else, so that a line of a few units becomes exactly one pick task.
fn bench_products(bare: &Connection, n: usize, free_units: i64) -> Vec<Product> {
    bare.prepare(
        "SELECT p.sku, (SELECT min(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) \
         FROM products p JOIN product_stock s ON s.product_id = p.id \
         WHERE p.tracks_lots = 0 AND p.active = 1 AND s.on_hand - s.reserved > ?2 * 1000 \
           AND EXISTS (SELECT 1 FROM product_barcodes b WHERE b.product_id = p.id) \
           AND (SELECT COUNT(*) FROM stock_levels l JOIN bins k ON k.id = l.bin_id \
                WHERE l.product_id = p.id AND l.on_hand > 0) = 1 \
           AND (SELECT COUNT(*) FROM stock_levels l JOIN bins k ON k.id = l.bin_id \
                WHERE l.product_id = p.id AND l.on_hand - ?2 * 1000 > 0 AND k.kind = 'storage' \
                  AND k.active = 1) = 1 \
         ORDER BY p.list_price, p.id LIMIT ?1",
    )
    .unwrap()
    .query_map(params![n as i64, free_units], |r| {
        Ok(Product {
            sku: r.get(0)?,
            barcode: r.get(1)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Makes `n` approved orders of a cash customer, each with one line of `qty` units per
/// product of `lines` (turning through `products`), by the ordinary ops: draft, submit,
/// approve when the order waits. Returns the order numbers.
fn approved_orders(
    db: &Db,
    bare: &Connection,
    who: &People,
    products: &[Product],
    n: usize,
    lines: usize,
    qty: &str,
) -> Vec<String> {
    let customer: String = bare
        .query_row(
            "SELECT code FROM customers WHERE status = 'active' AND terms = 'cod' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut numbers = Vec::with_capacity(n);
    for k in 0..n {
        let lines = (0..lines)
            .map(|j| LineInput {
                product: products[(k * lines + j) % products.len()].sku.clone(),
                qty: qty.to_string(),
                ..LineInput::default()
            })
            .collect();
        let input = OrderInput {
            customer: customer.clone(),
            channel: Channel::Phone,
            urgency: Urgency::Normal,
            lines,
            ..OrderInput::default()
        };
        let d = intake::create_draft(db, &who.sales, &input).unwrap();
        let s = intake::submit_order(db, &who.sales, d.id, d.version).unwrap();
        if let approval::Outcome::Waiting(_) = s.outcome {
            approval::approve_order(db, &who.manager, s.id, s.version).unwrap();
        }
        numbers.push(s.number);
    }
    numbers
}

/// Picks every open task of a pick list by ops: bin, then its whole quantity typed.
fn pick_all(db: &Db, who: &Actor, list: &str) {
    let view = picking::open_pick_list(db, who, list, None).unwrap();
    for t in view
        .tasks
        .iter()
        .filter(|t| t.status == orderdesk::domain::goods::TaskStatus::Open)
    {
        picking::confirm_bin(db, who, t.id, &t.bin_code).unwrap();
        let left = orderdesk::domain::money::Qty::from_db(t.qty - t.qty_picked);
        picking::pick_qty(db, who, t.id, &left.to_string()).unwrap();
    }
    // A list finished closes the picker's session by itself; one left open is left.
    picking::leave_pick_list(db, who).unwrap();
}

fn main() {
    let (path, db, bare) = open_bench_db();
    let login = |u: &str| auth::login(&db, u, demo::DEMO_PASSWORD).expect("login");
    let who = People {
        sales: login("sales"),
        manager: login("manager"),
        warehouse: login("warehouse"),
    };
    // The bench opens its own pick lists: one the demo left open is left (not changed).
    picking::leave_pick_list(&db, &who.warehouse).unwrap();
    println!(
        "{:<44} {:>12} {:>12}        {:>12} {:>12}",
        "operation", "median", "p99", "bare median", "p99"
    );

    if chosen("home") {
        bench_home(&db, &bare);
    }
    if chosen("wave") {
        bench_wave(&db, &bare, &who);
    }
    if chosen("pick") || chosen("ship") {
        bench_pick_and_ship(&db, &bare, &who);
    }
    if chosen("keys") {
        bench_keys(&path, &db, &bare, &who);
    }
    // Back to the journal mode the other benches expect.
    drop(db);
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    println!(
        "\nfile: {} ({})",
        path.display(),
        db.journal_mode().as_str()
    );
}

/// The warehouse home's first page: its five groups of 50 in one snapshot, against the
/// same five queries (the store's SQL, copied) run bare in one read transaction and read
/// into owned values. The bare side does not decode rows into typed values, parse
/// fulfilment codes or take the late orders out of the other groups.
fn bench_home(db: &Db, bare: &Connection) {
    const LIST_COLS: &str = "p.id, p.number, p.status, p.picker_id, u.display_name, \
        c.display_name, p.created_at, p.finished_at, p.version";
    let overdue = format!(
        "SELECT o.id, o.number, cu.name, o.requested_date, {} \
         FROM orders o INDEXED BY orders_late JOIN customers cu ON cu.id = o.customer_id \
         WHERE o.stage = 'approved' AND o.requested_date < ?1 \
         ORDER BY o.requested_date, o.id LIMIT ?2",
        orderdesk::store::orders::FULFILMENT_SQL
    );
    let to_pick = orderdesk::store::picking::ORDERS_TO_PICK_SQL;
    let lists = format!(
        "SELECT {LIST_COLS}, \
           p.tasks, p.tasks_finished, p.orders, \
           (SELECT group_concat(su.display_name, '、') FROM pick_sessions s \
            JOIN users su ON su.id = s.user_id WHERE s.pick_list_id = p.id) \
         FROM pick_lists p LEFT JOIN users u ON u.id = p.picker_id JOIN users c ON c.id = p.created_by \
         WHERE p.status IN ('open', 'in_progress') AND p.id > ?1 ORDER BY p.id LIMIT ?2"
    );
    let to_ship = orderdesk::store::shipping::READY_TO_SHIP_SQL;
    let in_transit = "SELECT s.id, s.number, s.order_id, o.number, cu.name, cu.address, cu.phone, \
        s.status, ca.code, ca.name, s.tracking_no, s.cartons, s.weight_g, s.cost_minor, s.ship_date, \
        u.display_name, s.shipped_at, s.signer, s.delivered_on, s.exception_note, s.version \
     FROM shipments s JOIN orders o ON o.id = s.order_id JOIN customers cu ON cu.id = o.customer_id \
     JOIN carriers ca ON ca.id = s.carrier_id JOIN users u ON u.id = s.shipped_by \
     WHERE s.status IN ('in_transit') AND s.id < ?1 ORDER BY s.id DESC LIMIT ?2";
    let first = warehouse::warehouse_day(db, 50).unwrap();
    let shown = first.overdue.len()
        + first.to_pick.len()
        + first.picking.len()
        + first.to_ship.len()
        + first.in_transit.len();
    let (ours, base) = measure_pair(
        300,
        |_| {
            let d = warehouse::warehouse_day(db, 50).unwrap();
            assert_eq!(d.to_pick.len(), first.to_pick.len());
        },
        |_| {
            bare.execute_batch("BEGIN").unwrap();
            let offset: i64 = bare
                .prepare_cached("SELECT utc_offset_minutes FROM company WHERE id = 1")
                .unwrap()
                .query_row([], |r| r.get(0))
                .unwrap();
            let today = ops::business_date(ops::clock::now(), offset)
                .format("%Y-%m-%d")
                .to_string();
            let late = bare
                .prepare_cached(&overdue)
                .unwrap()
                .query_map(params![today, 50], read_all)
                .unwrap()
                .count() as i64;
            let mut n = 0;
            n += bare
                .prepare_cached(to_pick)
                .unwrap()
                .query_map(params![50 + late, Option::<i64>::None], read_all)
                .unwrap()
                .count();
            n += bare
                .prepare_cached(&lists)
                .unwrap()
                .query_map(params![0, 50], read_all)
                .unwrap()
                .count();
            n += bare
                .prepare_cached(to_ship)
                .unwrap()
                .query_map(params![50 + late, Option::<i64>::None], read_all)
                .unwrap()
                .count();
            n += bare
                .prepare_cached(in_transit)
                .unwrap()
                .query_map(params![i64::MAX, 50], read_all)
                .unwrap()
                .count();
            assert!(n > 0);
            bare.execute_batch("COMMIT").unwrap();
        },
    );
    row(
        &format!("warehouse home, first page ({shown} rows)"),
        &ours,
        &base,
        "target ≤ 2×",
    );
}

/// A pick list for a wave of 100 orders: the demo's approved orders still to pick, most
/// urgent first, as wave planning offers them (the bench makes more by ops when too few
/// are left). No bare side: the target is absolute.
fn bench_wave(db: &Db, bare: &Connection, who: &People) {
    const WAVES: usize = 10;
    const WAVE: usize = 100;
    let mut offered: Vec<String> = picking::orders_to_pick(db, (WAVES * WAVE) as i64)
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    let from_demo = offered.len();
    if offered.len() < WAVES * WAVE {
        let products = bench_products(bare, 400, 100);
        assert!(products.len() >= 10, "products for the bench orders");
        offered.extend(approved_orders(
            db,
            bare,
            who,
            &products,
            WAVES * WAVE - offered.len(),
            5,
            "2",
        ));
    }
    let mut times = Vec::with_capacity(WAVES);
    let mut tasks = 0;
    for wave in offered.chunks(WAVE).take(WAVES) {
        let t = Instant::now();
        let made = picking::create_pick_list(db, &who.warehouse, wave, None).unwrap();
        times.push(t.elapsed());
        tasks += made.tasks;
    }
    let s = stats(times.clone());
    let max = times.iter().max().copied().unwrap_or_default();
    println!(
        "{:<44} {} {}   (target < 50 ms; {WAVES} waves, max {}, {} tasks a wave, {from_demo} orders from the demo)",
        "pick list for a wave of 100 orders",
        support::us(s.median),
        support::us(s.p99),
        support::us(max),
        tasks / WAVES.max(1),
    );
}

/// One pick confirmation and one shipment of a 10-line order, each beside bare SQL.
fn bench_pick_and_ship(db: &Db, bare: &Connection, who: &People) {
    const N: usize = 120; // orders a side; 20 are the warm-up
    let products = bench_products(bare, 400, 100);
    assert!(products.len() >= 10, "products for the bench orders");
    let ours_orders = approved_orders(db, bare, who, &products, N, 10, "1");
    let bare_orders = approved_orders(db, bare, who, &products, N, 10, "1");
    let ours_list = picking::create_pick_list(db, &who.warehouse, &ours_orders, None).unwrap();
    let bare_list = picking::create_pick_list(db, &who.warehouse, &bare_orders, None).unwrap();
    assert_eq!(ours_list.tasks, N * 10, "one task a line");
    assert_eq!(bare_list.tasks, N * 10, "one task a line");

    if chosen("pick") {
        // Ours: the picker scans the product's barcode for a task of one unit whose bin
        // they confirmed (the claim is made beforehand, unmeasured): one transaction
        // that moves the unit from its bin into staging, finishes the task, adds it to
        // the line, writes the audit row and looks whether the list is done.
        let view = picking::open_pick_list(db, &who.warehouse, &ours_list.number, None).unwrap();
        let mut ours_tasks: Vec<TaskRow> = view.tasks.into_iter().step_by(7).take(N).collect();
        for t in &ours_tasks {
            picking::confirm_bin(db, &who.warehouse, t.id, &t.bin_code).unwrap();
        }
        let barcode_of = |sku: &str| {
            products
                .iter()
                .find(|p| p.sku == sku)
                .map(|p| p.barcode.clone())
                .unwrap()
        };
        let bare_tasks: Vec<TaskRow> = picking::pick_list(db, &bare_list.number)
            .unwrap()
            .tasks
            .into_iter()
            .step_by(7)
            .take(N)
            .collect();
        ours_tasks.truncate(bare_tasks.len());
        let actor = who.warehouse.id();
        let (mut next_ours, mut next_bare) = (0usize, 0usize);
        let (ours, base) = measure_pair(
            ours_tasks.len() - 20,
            |_| {
                let t = &ours_tasks[next_ours];
                next_ours += 1;
                let p =
                    picking::confirm_item(db, &who.warehouse, t.id, &barcode_of(&t.sku)).unwrap();
                assert!(p.task_done);
            },
            |_| {
                let t = &bare_tasks[next_bare];
                next_bare += 1;
                bare_pick(bare, actor, t, &bare_list.number);
            },
        );
        row(
            "pick confirmation (one scan, one transaction)",
            &ours,
            &base,
            "target ≤ 1.5×",
        );
    }

    // Everything else picked, unmeasured, so that both sides ship whole orders.
    pick_all(db, &who.warehouse, &ours_list.number);
    pick_all(db, &who.warehouse, &bare_list.number);

    if chosen("ship") {
        // Ours: everything picked of the order ships with a carrier and a tracking number
        // not used before.
        let nonce = ops::now_stamp().replace(|c: char| !c.is_ascii_digit(), "");
        let carrier: (i64, String) = bare
            .query_row(
                "SELECT id, code FROM carriers WHERE active = 1 ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let actor = who.warehouse.id();
        let (mut next_ours, mut next_bare) = (0usize, 0usize);
        let (ours, base) = measure_pair(
            N - 20,
            |i| {
                let order = &ours_orders[next_ours];
                next_ours += 1;
                let input = ShipInput {
                    order: order.clone(),
                    carrier: carrier.1.clone(),
                    tracking: format!("B{nonce}{i:04}O{next_ours}"),
                    ..ShipInput::default()
                };
                shipping::ship(db, &who.warehouse, &input).unwrap();
            },
            |i| {
                let order = &bare_orders[next_bare];
                next_bare += 1;
                bare_ship(
                    bare,
                    actor,
                    carrier.0,
                    order,
                    &format!("B{nonce}{i:04}B{next_bare}"),
                );
            },
        );
        row(
            "shipment of a 10-line order (one transaction)",
            &ours,
            &base,
            "target ≤ 1.5×",
        );
    }
}

/// The rows a pick confirmation writes, in plain SQL: the level read that guards the
/// move, the product's cost, two stock moves (into staging, out of the bin) with their
/// levels and product totals, the task and the line, the audit row, and the look at
/// whether the list has an open task left. It does not check the permission, the
/// picker's session, the order's stage, the claim, the lot's expiry or the line's
/// reservation, does not classify the scan or look the barcode up, builds no JSON (the
/// audit row carries a fixed text) and does not read the task back.
fn bare_pick(bare: &Connection, actor: i64, t: &TaskRow, list_number: &str) {
    let at = ops::now_stamp();
    bare.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held: i64 = bare
        .prepare_cached(
            "SELECT on_hand FROM stock_levels WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3",
        )
        .unwrap()
        .query_row(params![t.product_id, t.bin_id, t.lot_id], |r| r.get(0))
        .unwrap();
    assert!(held >= t.qty);
    let cost: i64 = bare
        .prepare_cached("SELECT avg_cost FROM products WHERE id = ?1")
        .unwrap()
        .query_row([t.product_id], |r| r.get(0))
        .unwrap();
    for (bin, qty) in [(t.staging_bin_id, t.qty), (t.bin_id, -t.qty)] {
        bare.prepare_cached(
            "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, \
             doc_type, doc_id, doc_no, actor_id, at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'transfer', 'PL', ?6, ?7, ?8, ?9)",
        )
        .unwrap()
        .execute(params![
            t.product_id,
            bin,
            t.lot_id,
            qty,
            cost,
            t.pick_list_id,
            list_number,
            actor,
            at
        ])
        .unwrap();
        let n = bare
            .prepare_cached(
                "UPDATE stock_levels SET on_hand = on_hand + ?4 \
                 WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3",
            )
            .unwrap()
            .execute(params![t.product_id, bin, t.lot_id, qty])
            .unwrap();
        if n == 0 {
            bare.prepare_cached(
                "INSERT INTO stock_levels (product_id, bin_id, lot_id, on_hand) VALUES (?1, ?2, ?3, ?4)",
            )
            .unwrap()
            .execute(params![t.product_id, bin, t.lot_id, qty])
            .unwrap();
        }
        bare.prepare_cached(
            "UPDATE product_stock SET on_hand = on_hand + ?2 WHERE product_id = ?1",
        )
        .unwrap()
        .execute(params![t.product_id, qty])
        .unwrap();
    }
    bare.prepare_cached(
        "UPDATE pick_tasks SET qty_picked = qty_picked + ?2, status = 'done', done_at = ?3 WHERE id = ?1",
    )
    .unwrap()
    .execute(params![t.id, t.qty, at])
    .unwrap();
    bare.prepare_cached("UPDATE order_lines SET qty_picked = qty_picked + ?2 WHERE id = ?1")
        .unwrap()
        .execute(params![t.order_line_id, t.qty])
        .unwrap();
    let open: bool = bare
        .prepare_cached("SELECT 1 FROM pick_tasks WHERE pick_list_id = ?1 AND status = 'open'")
        .unwrap()
        .exists([t.pick_list_id])
        .unwrap();
    assert!(open);
    bare.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, after) \
         VALUES (?1, ?2, 'pick_list', ?3, 'pick', '{}')",
    )
    .unwrap()
    .execute(params![at, actor, t.pick_list_id])
    .unwrap();
    bare.execute_batch("COMMIT").unwrap();
}

/// The rows a shipment writes, in plain SQL: the order found by number, the next SH
/// number, the shipment, and per picked line its staged lots, the product's cost, the
/// reservation consumed (rows closed, the product's reserved total), a shipment line,
/// its cost and a ship move per lot with its level and product total, the line's
/// quantities; then the journal entry of the goods leaving stock (a JV number, the entry,
/// cost of goods sold against inventory) and the audit row. It does not check the permission, the order's stage, the carrier (given by
/// id), the tracking number against the carrier's others or whether the company packs,
/// builds no JSON and does not read the fulfilment status back.
fn bare_ship(bare: &Connection, actor: i64, carrier: i64, number: &str, tracking: &str) {
    let at = ops::now_stamp();
    bare.execute_batch("BEGIN IMMEDIATE").unwrap();
    let order: i64 = bare
        .prepare_cached("SELECT id FROM orders WHERE number = ?1")
        .unwrap()
        .query_row([number], |r| r.get(0))
        .unwrap();
    let year: i64 = at[..4].parse().unwrap();
    let no: i64 = bare
        .prepare_cached(
            "INSERT INTO doc_counters (doc_type, year, last_no) VALUES ('SH', ?1, 1) \
             ON CONFLICT (doc_type, year) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
        )
        .unwrap()
        .query_row([year], |r| r.get(0))
        .unwrap();
    let sh_no = format!("SH-{year}-{no:06}");
    bare.prepare_cached(
        "INSERT INTO shipments (number, order_id, carrier_id, tracking_no, cartons, weight_g, \
         cost_minor, ship_date, shipped_by, shipped_at) VALUES (?1, ?2, ?3, ?4, 1, 0, 0, ?5, ?6, ?7)",
    )
    .unwrap()
    .execute(params![sh_no, order, carrier, tracking, &at[..10], actor, at])
    .unwrap();
    let shipment = bare.last_insert_rowid();
    let lines: Vec<(i64, i64, i64)> = bare
        .prepare_cached(
            "SELECT id, product_id, qty_picked FROM order_lines WHERE order_id = ?1 AND qty_picked > 0",
        )
        .unwrap()
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 10);
    let mut shipped_value = 0i64;
    for (line, product, q) in lines {
        let staged: Vec<(i64, i64, i64)> = bare
            .prepare_cached(
                "SELECT x.bin_id, x.lot_id, SUM(x.q) FROM ( \
                   SELECT staging_bin_id AS bin_id, lot_id, qty_picked AS q FROM pick_tasks \
                     WHERE order_line_id = ?1 AND kind = 'pick' \
                   UNION ALL SELECT staging_bin_id, lot_id, -qty_picked FROM pick_tasks \
                     WHERE order_line_id = ?1 AND kind = 'unpick' \
                   UNION ALL SELECT bin_id, lot_id, -qty FROM shipment_lines WHERE order_line_id = ?1) x \
                 JOIN lots t ON t.id = x.lot_id \
                 GROUP BY x.bin_id, x.lot_id HAVING SUM(x.q) > 0 ORDER BY t.received_on, x.lot_id, x.bin_id",
            )
            .unwrap()
            .query_map([line], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let cost: i64 = bare
            .prepare_cached("SELECT avg_cost FROM products WHERE id = ?1")
            .unwrap()
            .query_row([product], |r| r.get(0))
            .unwrap();
        let reservations: Vec<(i64, i64)> = bare
            .prepare_cached(
                "SELECT id, qty FROM reservations WHERE order_line_id = ?1 AND status = 'open' ORDER BY id",
            )
            .unwrap()
            .query_map([line], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut left = q;
        for (id, qty) in reservations {
            if left == 0 {
                break;
            }
            let take = qty.min(left);
            bare.prepare_cached(
                "UPDATE reservations SET status = 'consumed', closed_at = ?2 WHERE id = ?1",
            )
            .unwrap()
            .execute(params![id, at])
            .unwrap();
            if take < qty {
                bare.prepare_cached(
                    "INSERT INTO reservations (order_line_id, product_id, qty, created_at) \
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .unwrap()
                .execute(params![line, product, qty - take, at])
                .unwrap();
            }
            left -= take;
        }
        bare.prepare_cached(
            "UPDATE product_stock SET reserved = reserved - ?2 WHERE product_id = ?1",
        )
        .unwrap()
        .execute(params![product, q])
        .unwrap();
        let mut left = q;
        for (bin, lot, on_stage) in staged {
            if left == 0 {
                break;
            }
            let n = on_stage.min(left);
            left -= n;
            bare.prepare_cached(
                "INSERT INTO shipment_lines (shipment_id, order_line_id, product_id, bin_id, lot_id, qty) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .unwrap()
            .execute(params![shipment, line, product, bin, lot, n])
            .unwrap();
            let value = orderdesk::domain::ledger::move_value(n, cost);
            bare.prepare_cached(
                "INSERT INTO shipment_costs (shipment_line_id, unit_cost, value_minor, in_transit) \
                 VALUES (?1, ?2, ?3, 0)",
            )
            .unwrap()
            .execute(params![bare.last_insert_rowid(), cost, value])
            .unwrap();
            shipped_value += value;
            bare.prepare_cached(
                "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, \
                 doc_type, doc_id, doc_no, actor_id, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 'ship', 'SH', ?6, ?7, ?8, ?9)",
            )
            .unwrap()
            .execute(params![
                product, bin, lot, -n, cost, shipment, sh_no, actor, at
            ])
            .unwrap();
            bare.prepare_cached(
                "UPDATE stock_levels SET on_hand = on_hand - ?4 \
                 WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3",
            )
            .unwrap()
            .execute(params![product, bin, lot, n])
            .unwrap();
            bare.prepare_cached(
                "UPDATE product_stock SET on_hand = on_hand - ?2 WHERE product_id = ?1",
            )
            .unwrap()
            .execute(params![product, n])
            .unwrap();
        }
        assert_eq!(left, 0, "the picked goods lie in staging");
        bare.prepare_cached(
            "UPDATE order_lines SET qty_picked = qty_picked - ?2, qty_reserved = qty_reserved - ?2, \
             qty_shipped = qty_shipped + ?2 WHERE id = ?1",
        )
        .unwrap()
        .execute(params![line, q])
        .unwrap();
    }
    let jv: i64 = bare
        .prepare_cached(
            "INSERT INTO doc_counters (doc_type, year, last_no) VALUES ('JV', ?1, 1) \
             ON CONFLICT (doc_type, year) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
        )
        .unwrap()
        .query_row([year], |r| r.get(0))
        .unwrap();
    bare.prepare_cached(
        "INSERT INTO journal_entries (voucher_no, entry_date, period, source_type, source_id, \
         source_no, event, summary, actor_id, at) \
         VALUES (?1, ?2, substr(?2, 1, 7), 'SH', ?3, ?4, 'ship', ?5, ?6, ?7)",
    )
    .unwrap()
    .execute(params![
        format!("JV-{year}-{jv:06}"),
        &at[..10],
        shipment,
        sh_no,
        format!("发货 {sh_no}"),
        actor,
        at
    ])
    .unwrap();
    let entry = bare.last_insert_rowid();
    for (account, debit, credit) in [("6401", shipped_value, 0), ("1405", 0, shipped_value)] {
        bare.prepare_cached(
            "INSERT INTO journal_lines (entry_id, account, debit_minor, credit_minor) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .unwrap()
        .execute(params![entry, account, debit, credit])
        .unwrap();
    }
    bare.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, after) \
         VALUES (?1, ?2, 'shipment', ?3, 'ship', '{}')",
    )
    .unwrap()
    .execute(params![at, actor, shipment])
    .unwrap();
    bare.execute_batch("COMMIT").unwrap();
}

/// Key to finished frame on the picking screen (80×24, Chinese) during scanner bursts:
/// per mode, `BURSTS` pick lists of one task of 200 units; the bin is scanned, then 200
/// item barcodes with no pause. Each sample is one code: its characters and Enter
/// handled (the pick written) and the frame drawn, as the terminal loop would.
fn bench_keys(path: &std::path::Path, db: &Db, bare: &Connection, who: &People) {
    const BURSTS: usize = 5;
    const SCANS: usize = 200;
    let products = bench_products(bare, 2 * BURSTS, SCANS as i64 + 10);
    assert!(products.len() >= 2 * BURSTS, "products for the bursts");
    let mut products = products.into_iter();
    for (label, mode) in [
        ("wal", JournalSetting::Wal),
        ("delete", JournalSetting::Delete),
    ] {
        let mut lists = Vec::new();
        for _ in 0..BURSTS {
            let p = products.next().unwrap();
            let order = approved_orders(
                db,
                bare,
                who,
                std::slice::from_ref(&p),
                1,
                1,
                &SCANS.to_string(),
            );
            let made = picking::create_pick_list(db, &who.warehouse, &order, None).unwrap();
            assert_eq!(made.tasks, 1, "one task of {SCANS}");
            lists.push((made.number, p.barcode));
        }
        let mut app_db = Db::open(path, mode).unwrap();
        // As the terminal application runs it (ui::run).
        app_db.set_busy_deadline(Duration::from_millis(300));
        let mut app = orderdesk::ui::app::App::new(
            app_db,
            Lang::Zh,
            Theme {
                color: true,
                ascii_borders: false,
            },
        );
        app.set_size(80, 24);
        let mut ui = Ui {
            app,
            term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        };
        ui.login("warehouse");
        let mut times = Vec::with_capacity(BURSTS * SCANS);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for (list, barcode) in &lists {
            ui.go(Route::Picking(Some(list.clone())));
            let bin = ui
                .view::<PickingView>()
                .and_then(|v| v.task.as_ref())
                .map(|t| t.bin_code.clone())
                .unwrap_or_else(|| panic!("the list opens: {}", ui.status()));
            ui.scan(&bin);
            for _ in 0..SCANS {
                let t = Instant::now();
                ui.scan(barcode);
                term.draw(|f| ui.app.draw(f)).unwrap();
                times.push(t.elapsed());
            }
            let done = picking::pick_list(db, list).unwrap();
            assert_eq!(
                done.tasks[0].qty_picked,
                SCANS as i64 * 1000,
                "every scan counted: {}",
                ui.status()
            );
        }
        let Stats { median, p99 } = stats(times.clone());
        let max = times.iter().max().copied().unwrap_or_default();
        println!(
            "[{label}] picking screen, scan to frame in a {SCANS}-scan burst (80×24): median {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms  ({} scans; target p99 < 16 ms)",
            median.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            times.len(),
        );
    }
}

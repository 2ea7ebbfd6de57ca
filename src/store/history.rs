//! History written in bulk, set-based: the goods flow behind orders whose lines say they
//! were shipped before anyone picked or shipped through the program — the demo's
//! generated history, and the orders of a file from before the goods flow (schema 5 and
//! older), upgraded. Each such order gets a done pick list (拣货单) and a shipment
//! (发货单), delivered when everything shipped was signed for, with its stock moves: the
//! goods came in by a receipt just for them into the bin that holds most of the product,
//! moved into the warehouse's staging bin and left it on the shipment, so that today's
//! stock is what it was. The rows are the same, in the same order and with the same ids,
//! as writing them order by order would give.

use rusqlite::{params, Connection};

use super::Result;

/// The carriers of the history, in turn by order id (id % 4): their ids and codes.
pub type HistoryCarriers = [(i64, String); 4];

/// The codes of the carriers the history uses in turn (the carriers schema 6 brought).
pub const HISTORY_CARRIERS: [&str; 4] = ["SF", "ZTO", "DBL", "OWN"];

/// The history's carriers as this file has them (the first carrier where one is gone).
pub fn history_carriers(c: &Connection) -> Result<HistoryCarriers> {
    let mut out: HistoryCarriers = Default::default();
    for (slot, code) in out.iter_mut().zip(HISTORY_CARRIERS) {
        let id = super::shipping::carrier(c, code)?
            .map(|r| r.id)
            .unwrap_or(1);
        *slot = (id, code.to_string());
    }
    Ok(out)
}

/// Records the goods flow behind the shipped quantities of a file from before the goods
/// flow (schema 5 or older), as the first user of the file (its administrator): see
/// [`goods_of_shipped_orders`]. Nothing when there is nothing shipped without shipment.
pub fn upgrade_legacy_goods(c: &Connection) -> Result<GoodsHistory> {
    let actor: Option<i64> =
        super::optional(c.query_row("SELECT id FROM users ORDER BY id LIMIT 1", [], |r| r.get(0)))?;
    let Some(actor) = actor else {
        return Ok(GoodsHistory::default());
    };
    let (first, last) = order_id_range(c)?;
    goods_of_shipped_orders(c, first, last, actor, &history_carriers(c)?)
}

/// What one call wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoodsHistory {
    pub orders: i64,
    pub lines: i64,
}

/// The lowest and highest order id (`(0, -1)` without orders).
pub fn order_id_range(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.query_row(
        "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM orders",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Writes the goods flow of every order with id in `first..=last` that has shipped lines
/// and no shipment: per order a pick list done by `actor_id` and a shipment on the order
/// date (delivered, signed by 收货人, when everything shipped was delivered; else in
/// transit), per shipped line a done pick task, a shipment line, and four stock moves
/// (receipt, transfer out and into staging, ship) of the shipped quantity at the
/// product's moving average cost. The document counters (PL, SH) rise with the numbers
/// taken.
pub fn goods_of_shipped_orders(
    c: &Connection,
    first: i64,
    last: i64,
    actor_id: i64,
    carriers: &HistoryCarriers,
) -> Result<GoodsHistory> {
    drop_temp(c)?;
    c.execute_batch(
        "CREATE TEMP TABLE hist_orders (
             n INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, date TEXT NOT NULL,
             at TEXT NOT NULL, pl_no TEXT NOT NULL, sh_no TEXT NOT NULL,
             carrier_id INTEGER NOT NULL, tracking TEXT, lines INTEGER NOT NULL,
             delivered INTEGER NOT NULL);
         CREATE TEMP TABLE hist_source (
             product_id INTEGER PRIMARY KEY, bin_id INTEGER NOT NULL, lot_id INTEGER NOT NULL,
             staging_id INTEGER, unit_cost INTEGER NOT NULL);
         CREATE TEMP TABLE hist_lines (
             n INTEGER PRIMARY KEY, line_id INTEGER NOT NULL, seq INTEGER NOT NULL,
             order_n INTEGER NOT NULL, product_id INTEGER NOT NULL, qty INTEGER NOT NULL,
             delivered INTEGER NOT NULL);",
    )?;
    let result = write_goods(c, first, last, actor_id, carriers);
    drop_temp(c)?;
    result
}

fn write_goods(
    c: &Connection,
    first: i64,
    last: i64,
    actor_id: i64,
    carriers: &HistoryCarriers,
) -> Result<GoodsHistory> {
    // Numbers per year in order id order, after what the counters have issued; the
    // carrier in turn by order id, with its code and ten digits as tracking number (none
    // for the own truck).
    let orders = c.execute(
        "INSERT INTO temp.hist_orders (n, order_id, date, at, pl_no, sh_no, carrier_id, tracking, \
           lines, delivered) \
         SELECT n, id, order_date, created_at, \
           printf('PL-%s-%06d', y, k + COALESCE((SELECT last_no FROM doc_counters \
             WHERE doc_type = 'PL' AND year = CAST(y AS INTEGER)), 0)), \
           printf('SH-%s-%06d', y, k + COALESCE((SELECT last_no FROM doc_counters \
             WHERE doc_type = 'SH' AND year = CAST(y AS INTEGER)), 0)), \
           CASE id % 4 WHEN 0 THEN ?1 WHEN 1 THEN ?2 WHEN 2 THEN ?3 ELSE ?4 END, \
           CASE WHEN (CASE id % 4 WHEN 0 THEN ?5 WHEN 1 THEN ?6 WHEN 2 THEN ?7 ELSE ?8 END) = 'OWN' \
             THEN NULL ELSE (CASE id % 4 WHEN 0 THEN ?5 WHEN 1 THEN ?6 WHEN 2 THEN ?7 ELSE ?8 END) \
               || printf('%010d', 7300000000 + id) END, \
           (SELECT count(*) FROM order_lines l WHERE l.order_id = x.id AND l.qty_shipped > 0), \
           (SELECT SUM(l.qty_delivered) = SUM(l.qty_shipped) FROM order_lines l \
            WHERE l.order_id = x.id) \
         FROM (SELECT o.id, o.order_date, o.created_at, substr(o.order_date, 1, 4) AS y, \
                 row_number() OVER (ORDER BY o.id) AS n, \
                 row_number() OVER (PARTITION BY substr(o.order_date, 1, 4) ORDER BY o.id) AS k \
               FROM orders o WHERE o.id BETWEEN ?9 AND ?10 \
                 AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id \
                             AND l.qty_shipped > 0) \
                 AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)) x \
         ORDER BY n",
        params![
            carriers[0].0,
            carriers[1].0,
            carriers[2].0,
            carriers[3].0,
            carriers[0].1,
            carriers[1].1,
            carriers[2].1,
            carriers[3].1,
            first,
            last,
        ],
    )?;
    if orders == 0 {
        return Ok(GoodsHistory::default());
    }
    // Where each product's goods lay: the storage bin and lot holding most of it. The
    // history's own moves leave every level as it was, so this holds for every line.
    c.execute_batch(
        "INSERT INTO temp.hist_source (product_id, bin_id, lot_id, staging_id, unit_cost) \
         SELECT x.product_id, x.bin_id, x.lot_id, \
           (SELECT s.id FROM bins s WHERE s.warehouse_id = b.warehouse_id AND s.kind = 'staging'), \
           p.avg_cost \
         FROM (SELECT l.product_id, l.bin_id, l.lot_id, row_number() OVER \
                 (PARTITION BY l.product_id ORDER BY l.on_hand DESC, l.lot_id, l.bin_id) AS rn \
               FROM stock_levels l JOIN bins b ON b.id = l.bin_id WHERE b.kind = 'storage') x \
         JOIN bins b ON b.id = x.bin_id JOIN products p ON p.id = x.product_id \
         WHERE x.rn = 1;
         INSERT INTO temp.hist_lines (line_id, seq, order_n, product_id, qty, delivered) \
         SELECT l.id, l.line_no, h.n, l.product_id, l.qty_shipped, l.qty_delivered \
         FROM temp.hist_orders h JOIN order_lines l ON l.order_id = h.order_id \
         WHERE l.qty_shipped > 0 ORDER BY h.n, l.line_no;",
    )?;
    // A product with no stock anywhere: its lot without number in the first storage bin,
    // received on the date of its first closed order.
    c.execute_batch(
        "INSERT OR IGNORE INTO lots (product_id, lot_no, received_on) \
         SELECT x.product_id, '', MIN(h.date) FROM temp.hist_lines x \
         JOIN temp.hist_orders h ON h.n = x.order_n \
         WHERE x.product_id NOT IN (SELECT product_id FROM temp.hist_source) \
         GROUP BY x.product_id ORDER BY MIN(x.n);
         INSERT INTO temp.hist_source (product_id, bin_id, lot_id, staging_id, unit_cost) \
         SELECT p.id, b.id, t.id, \
           (SELECT s.id FROM bins s WHERE s.warehouse_id = b.warehouse_id AND s.kind = 'staging'), \
           p.avg_cost \
         FROM products p JOIN lots t ON t.product_id = p.id AND t.lot_no = '' \
         JOIN (SELECT id, warehouse_id FROM bins WHERE kind = 'storage' ORDER BY id LIMIT 1) b \
         WHERE p.id IN (SELECT product_id FROM temp.hist_lines) \
           AND p.id NOT IN (SELECT product_id FROM temp.hist_source);",
    )?;
    let unplaced: i64 = c.query_row(
        "SELECT count(*) FROM temp.hist_lines x LEFT JOIN temp.hist_source s \
         ON s.product_id = x.product_id WHERE s.staging_id IS NULL",
        [],
        |r| r.get(0),
    )?;
    if unplaced > 0 {
        return Err(super::StoreError::Corrupt(format!(
            "{unplaced} lines of closed orders have no storage bin or staging bin to come from"
        )));
    }
    let base = |table: &str| -> Result<i64> {
        Ok(c.query_row(
            &format!("SELECT COALESCE(MAX(id), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    };
    let (lists, shipments) = (base("pick_lists")?, base("shipments")?);
    let (tasks, moves, shipped) = (
        base("pick_tasks")?,
        base("stock_moves")?,
        base("shipment_lines")?,
    );
    c.execute(
        "INSERT INTO pick_lists (id, number, status, picker_id, created_by, created_at, \
           finished_at, tasks, tasks_finished, orders) \
         SELECT ?2 + n, pl_no, 'done', ?1, ?1, at, at, lines, lines, 1 \
         FROM temp.hist_orders ORDER BY n",
        params![actor_id, lists],
    )?;
    c.execute(
        "INSERT INTO shipments (id, number, order_id, status, carrier_id, tracking_no, cartons, \
           weight_g, cost_minor, ship_date, shipped_by, shipped_at, signer, delivered_on, \
           settled_by, settled_at) \
         SELECT ?2 + n, sh_no, order_id, CASE WHEN delivered THEN 'delivered' ELSE 'in_transit' END, \
           carrier_id, tracking, 1, 0, 0, date, ?1, at, \
           CASE WHEN delivered THEN '收货人' END, CASE WHEN delivered THEN date END, \
           CASE WHEN delivered THEN ?1 END, CASE WHEN delivered THEN at END \
         FROM temp.hist_orders ORDER BY n",
        params![actor_id, shipments],
    )?;
    c.execute(
        "INSERT INTO pick_tasks (id, pick_list_id, seq, kind, order_line_id, product_id, bin_id, \
           staging_bin_id, lot_id, qty, qty_picked, status, expires_early, claimed_by, \
           claimed_at, done_at) \
         SELECT ?3 + x.n, ?2 + x.order_n, x.seq, 'pick', x.line_id, x.product_id, s.bin_id, \
           s.staging_id, s.lot_id, x.qty, x.qty, 'done', 0, ?1, h.at, h.at \
         FROM temp.hist_lines x JOIN temp.hist_orders h ON h.n = x.order_n \
         JOIN temp.hist_source s ON s.product_id = x.product_id ORDER BY x.n",
        params![actor_id, lists, tasks],
    )?;
    // Per line: received into its bin, moved out of it and into staging (the pick list),
    // and out of staging (the shipment).
    c.execute(
        // Ids are given: the rows need no sort, and the lines' own order (then the four
        // steps of each) makes every insert an append.
        "INSERT INTO stock_moves (id, product_id, bin_id, lot_id, qty, unit_cost, kind, reason, \
           doc_type, doc_id, doc_no, actor_id, at) \
         SELECT ?4 + 4 * (x.n - 1) + k.k, x.product_id, \
           CASE WHEN k.k <= 2 THEN s.bin_id ELSE s.staging_id END, s.lot_id, \
           CASE WHEN k.k IN (1, 3) THEN x.qty ELSE -x.qty END, s.unit_cost, \
           CASE k.k WHEN 1 THEN 'receipt' WHEN 4 THEN 'ship' ELSE 'transfer' END, NULL, \
           CASE k.k WHEN 1 THEN NULL WHEN 4 THEN 'SH' ELSE 'PL' END, \
           CASE k.k WHEN 1 THEN NULL WHEN 4 THEN ?3 + x.order_n ELSE ?2 + x.order_n END, \
           CASE k.k WHEN 1 THEN NULL WHEN 4 THEN h.sh_no ELSE h.pl_no END, ?1, h.at \
         FROM temp.hist_lines x CROSS JOIN temp.hist_orders h ON h.n = x.order_n \
         CROSS JOIN temp.hist_source s ON s.product_id = x.product_id \
         CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k",
        params![actor_id, lists, shipments, moves],
    )?;
    c.execute(
        "INSERT INTO shipment_lines (id, shipment_id, order_line_id, product_id, bin_id, lot_id, \
           qty, qty_delivered) \
         SELECT ?2 + x.n, ?1 + x.order_n, x.line_id, x.product_id, s.staging_id, s.lot_id, \
           x.qty, x.delivered \
         FROM temp.hist_lines x JOIN temp.hist_source s ON s.product_id = x.product_id ORDER BY x.n",
        params![shipments, shipped],
    )?;
    // The levels the moves passed through stay, at what they held (nothing, for staging).
    c.execute_batch(
        "CREATE TEMP TABLE hist_products AS SELECT DISTINCT product_id FROM temp.hist_lines;
         INSERT OR IGNORE INTO stock_levels (product_id, bin_id, lot_id, on_hand) \
         SELECT s.product_id, CASE w.w WHEN 1 THEN s.bin_id ELSE s.staging_id END, s.lot_id, 0 \
         FROM temp.hist_products p JOIN temp.hist_source s ON s.product_id = p.product_id \
         CROSS JOIN (SELECT 1 AS w UNION ALL SELECT 2) w;
         INSERT OR IGNORE INTO product_stock (product_id) SELECT product_id FROM temp.hist_products;
         INSERT INTO doc_counters (doc_type, year, last_no) \
         SELECT 'PL', CAST(substr(pl_no, 4, 4) AS INTEGER), MAX(CAST(substr(pl_no, 9) AS INTEGER)) \
         FROM temp.hist_orders WHERE true GROUP BY substr(pl_no, 4, 4) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no);
         INSERT INTO doc_counters (doc_type, year, last_no) \
         SELECT 'SH', CAST(substr(sh_no, 4, 4) AS INTEGER), MAX(CAST(substr(sh_no, 9) AS INTEGER)) \
         FROM temp.hist_orders WHERE true GROUP BY substr(sh_no, 4, 4) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no);",
    )?;
    let lines: i64 = c.query_row("SELECT count(*) FROM temp.hist_lines", [], |r| r.get(0))?;
    Ok(GoodsHistory {
        orders: orders as i64,
        lines,
    })
}

fn drop_temp(c: &Connection) -> Result<()> {
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.hist_source;
         DROP TABLE IF EXISTS temp.hist_orders;
         DROP TABLE IF EXISTS temp.hist_lines;
         DROP TABLE IF EXISTS temp.hist_products;",
    )?;
    Ok(())
}

//! The journal of history written without one (a file upgraded from before the ledger,
//! or the demo's generated history), posted in bulk: one entry per business day and
//! kind of event — stock receipts, adjustments and counts (up and down apart), shipments
//! leaving stock, shipments signed for — each the sum of its events valued one by one
//! as the live postings value them, so that every balance `check` compares (1405, 1406)
//! comes out as if each event had been posted alone.
//!
//! What is posted is recorded so that posting again adds nothing: a shipment by its
//! costs (`shipment_costs`, as a live shipment), a stock move by the entries of its day:
//! their `source_id` is the last move they cover, and every move up to the highest such
//! id has been posted, in bulk or live (`MOVE` entries).

use rusqlite::{params, Connection};

use super::{Result, StoreError};
use crate::domain::ledger::Account;

/// Source type of an entry summing a day's stock moves of one kind.
pub const MOVES: &str = "MOVES";
/// Source type of an entry summing a day's shipments (shipped, or signed for).
pub const SHIPMENTS: &str = "SHIPMENTS";

/// The accounts of the entries, by the chart (DESIGN §6).
pub struct HistoryAccounts<'a> {
    /// 库存商品.
    pub inventory: &'a str,
    /// The other side of receipts (应付账款).
    pub payable: &'a str,
    /// The other side of adjustments and counts (待处理财产损溢).
    pub differences: &'a str,
    /// Where shipped goods go: cost of goods sold, or 发出商品 until signed for.
    pub shipped_to: &'a str,
    /// 主营业务成本, where signed goods go from 发出商品.
    pub cogs: &'a str,
    /// 发出商品.
    pub goods_shipped: &'a str,
}

/// Who posts, when, and how the entries are numbered.
pub struct HistoryPosting<'a> {
    pub actor_id: i64,
    pub at: &'a str,
    /// The year of the voucher numbers (the company's current year, as live postings).
    pub voucher_year: i32,
    pub accounts: HistoryAccounts<'a>,
}

/// Works out the entries of everything not yet posted, into a temporary plan, and
/// records the shipments' costs (at the cost their ship moves carried, else the product's
/// moving average), in transit when revenue waits for sign-off. Returns the first
/// closed period an entry would fall in: the caller then refuses and rolls back.
pub fn plan_history_postings(
    c: &Connection,
    utc_offset_minutes: i64,
    in_transit: bool,
) -> Result<Option<String>> {
    drop_plan(c)?;
    c.execute_batch(
        "CREATE TEMP TABLE hist_post (
             n INTEGER PRIMARY KEY, entry_date TEXT NOT NULL, rank INTEGER NOT NULL,
             first_id INTEGER NOT NULL, source_type TEXT NOT NULL, source_id INTEGER NOT NULL,
             event TEXT NOT NULL, value INTEGER NOT NULL, events INTEGER NOT NULL);
         CREATE TEMP TABLE hist_ship (
             id INTEGER PRIMARY KEY, ship_date TEXT NOT NULL, sign_date TEXT NOT NULL);
         CREATE TEMP TABLE hist_ship_cost (
             shipment_id INTEGER NOT NULL, product_id INTEGER NOT NULL, bin_id INTEGER NOT NULL,
             lot_id INTEGER NOT NULL, unit_cost INTEGER NOT NULL,
             PRIMARY KEY (shipment_id, product_id, bin_id, lot_id)) WITHOUT ROWID;",
    )?;
    let shift = format!("{utc_offset_minutes:+} minutes");
    // Receipts, adjustments and counts after the last one posted in bulk, without an
    // entry of their own, per business day, kind and direction.
    c.execute(
        "INSERT INTO temp.hist_post (entry_date, rank, first_id, source_type, source_id, event, \
           value, events) \
         SELECT d, CASE kind WHEN 'receipt' THEN 1 WHEN 'adjust' THEN 2 ELSE 3 END, MIN(id), \
           ?3, MAX(id), kind, SUM(v), COUNT(*) \
         FROM (SELECT m.id, m.kind, date(m.at, ?1) AS d, move_value(m.qty, m.unit_cost) AS v \
               FROM stock_moves m \
               WHERE m.id > (SELECT COALESCE(MAX(source_id), 0) FROM journal_entries \
                             WHERE source_type = ?3) \
                 AND m.kind IN ('receipt', 'adjust', 'count') \
                 AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.source_type = ?2 \
                                 AND e.source_id = m.id AND e.event = m.kind)) \
         GROUP BY d, kind, v >= 0 HAVING SUM(v) <> 0",
        params![shift, "MOVE", MOVES],
    )?;
    // Shipments never posted (no costs recorded), and the cost each line left at.
    c.execute_batch(
        "INSERT INTO temp.hist_ship (id, ship_date, sign_date) \
         SELECT s.id, s.ship_date, COALESCE(s.delivered_on, s.ship_date) FROM shipments s \
         WHERE NOT EXISTS (SELECT 1 FROM shipment_lines sl JOIN shipment_costs k \
                           ON k.shipment_line_id = sl.id WHERE sl.shipment_id = s.id);
         INSERT OR IGNORE INTO temp.hist_ship_cost \
           (shipment_id, product_id, bin_id, lot_id, unit_cost) \
         SELECT m.doc_id, m.product_id, m.bin_id, m.lot_id, m.unit_cost FROM stock_moves m \
         WHERE m.kind = 'ship' AND m.doc_type = 'SH' \
           AND m.doc_id IN (SELECT id FROM temp.hist_ship) ORDER BY m.id;",
    )?;
    c.execute(
        "INSERT INTO shipment_costs (shipment_line_id, unit_cost, value_minor, in_transit, \
           signed_minor) \
         SELECT id, cost, move_value(qty, cost), ?1, \
           CASE WHEN ?1 THEN max(0, move_value(qty_delivered, cost)) ELSE 0 END \
         FROM (SELECT sl.id, sl.qty, sl.qty_delivered, COALESCE(k.unit_cost, p.avg_cost) AS cost \
               FROM temp.hist_ship h JOIN shipment_lines sl ON sl.shipment_id = h.id \
               JOIN products p ON p.id = sl.product_id \
               LEFT JOIN temp.hist_ship_cost k ON k.shipment_id = sl.shipment_id \
                 AND k.product_id = sl.product_id AND k.bin_id = sl.bin_id \
                 AND k.lot_id = sl.lot_id) \
         ORDER BY id",
        [in_transit],
    )?;
    c.execute(
        "INSERT INTO temp.hist_post (entry_date, rank, first_id, source_type, source_id, event, \
           value, events) \
         SELECT h.ship_date, 4, MIN(h.id), ?1, MAX(h.id), 'ship', SUM(k.value_minor), \
           COUNT(DISTINCT h.id) \
         FROM temp.hist_ship h JOIN shipment_lines sl ON sl.shipment_id = h.id \
         JOIN shipment_costs k ON k.shipment_line_id = sl.id \
         GROUP BY h.ship_date HAVING SUM(k.value_minor) <> 0",
        [SHIPMENTS],
    )?;
    if in_transit {
        c.execute(
            "INSERT INTO temp.hist_post (entry_date, rank, first_id, source_type, source_id, \
               event, value, events) \
             SELECT h.sign_date, 5, MIN(h.id), ?1, MAX(h.id), 'sign', SUM(k.signed_minor), \
               COUNT(DISTINCT h.id) \
             FROM temp.hist_ship h JOIN shipment_lines sl ON sl.shipment_id = h.id \
             JOIN shipment_costs k ON k.shipment_line_id = sl.id \
             GROUP BY h.sign_date HAVING SUM(k.signed_minor) <> 0",
            [SHIPMENTS],
        )?;
    }
    Ok(super::optional(c.query_row(
        "SELECT substr(entry_date, 1, 7) FROM temp.hist_post \
         WHERE substr(entry_date, 1, 7) IN (SELECT period FROM closed_periods) \
         ORDER BY entry_date LIMIT 1",
        [],
        |r| r.get(0),
    ))?)
}

/// Writes the planned entries, in date order, numbered after the JV counter of the
/// year, and raises the counter. Returns how many entries were written.
pub fn write_history_postings(c: &Connection, p: &HistoryPosting<'_>) -> Result<usize> {
    let first_entry: i64 = c.query_row(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entries",
        [],
        |r| r.get(0),
    )?;
    let first_no: i64 = c.query_row(
        "SELECT COALESCE((SELECT last_no FROM doc_counters WHERE doc_type = 'JV' AND year = ?1), 0) + 1",
        [p.voucher_year],
        |r| r.get(0),
    )?;
    let a = &p.accounts;
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.hist_plan;
         CREATE TEMP TABLE hist_plan AS \
         SELECT row_number() OVER (ORDER BY entry_date, rank, first_id) AS k, * FROM temp.hist_post;",
    )?;
    let n = c.execute(
        "INSERT INTO journal_entries (id, voucher_no, entry_date, period, source_type, source_id, \
           source_no, event, summary, actor_id, at) \
         SELECT ?1 + k - 1, printf('JV-%d-%06d', ?2, ?3 + k - 1), entry_date, \
           substr(entry_date, 1, 7), source_type, source_id, '', event, \
           CASE event WHEN 'receipt' THEN '历史入库 ' || events || ' 笔' \
             WHEN 'adjust' THEN '历史库存调整 ' || events || ' 笔' \
             WHEN 'count' THEN '历史盘点 ' || events || ' 笔' \
             WHEN 'ship' THEN '历史发货 ' || events || ' 张' \
             ELSE '历史签收 ' || events || ' 张' END, ?4, ?5 \
         FROM temp.hist_plan ORDER BY k",
        params![first_entry, p.voucher_year, first_no, p.actor_id, p.at],
    )?;
    // Debit first, then credit: a day's receipts into stock against payables; stock that
    // went down (adjusted, counted short) the other way round; shipped goods to cost or
    // to 发出商品; signed goods from 发出商品 to cost.
    c.execute(
        "INSERT INTO journal_lines (entry_id, account, debit_minor, credit_minor) \
         SELECT entry_id, account, debit, credit FROM ( \
           SELECT ?1 + k - 1 AS entry_id, 1 AS side, \
             CASE WHEN event = 'ship' THEN ?4 WHEN event = 'sign' THEN ?5 \
                  WHEN value > 0 THEN ?2 WHEN event = 'receipt' THEN ?3 ELSE ?7 END AS account, \
             abs(value) AS debit, 0 AS credit FROM temp.hist_plan \
           UNION ALL \
           SELECT ?1 + k - 1, 2, \
             CASE WHEN event = 'sign' THEN ?6 WHEN event = 'ship' OR value < 0 THEN ?2 \
                  WHEN event = 'receipt' THEN ?3 ELSE ?7 END, 0, abs(value) FROM temp.hist_plan) \
         ORDER BY entry_id, side",
        params![
            first_entry,
            a.inventory,
            a.payable,
            a.shipped_to,
            a.cogs,
            a.goods_shipped,
            a.differences,
        ],
    )?;
    if n > 0 {
        c.execute(
            "INSERT INTO doc_counters (doc_type, year, last_no) VALUES ('JV', ?1, ?2) \
             ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
            params![p.voucher_year, first_no + n as i64 - 1],
        )?;
    }
    drop_plan(c)?;
    Ok(n)
}

fn drop_plan(c: &Connection) -> Result<()> {
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.hist_post;
         DROP TABLE IF EXISTS temp.hist_plan;
         DROP TABLE IF EXISTS temp.hist_ship;
         DROP TABLE IF EXISTS temp.hist_ship_cost;",
    )?;
    Ok(())
}

/// Posts the history of a file from before the ledger (schema 6 or older), upgraded:
/// what [`plan_history_postings`] and [`write_history_postings`] post, as the first user
/// of the file (its administrator), at the company's time zone and revenue setting, with
/// vouchers of the company's current year. A file just upgraded has no closed period.
pub fn post_legacy_history(c: &Connection) -> Result<usize> {
    let actor: Option<i64> =
        super::optional(c.query_row("SELECT id FROM users ORDER BY id LIMIT 1", [], |r| r.get(0)))?;
    let Some(actor_id) = actor else {
        return Ok(0);
    };
    let (offset, revenue): (i64, String) = super::optional(c.query_row(
        "SELECT utc_offset_minutes, revenue_at FROM company WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))?
    .unwrap_or((480, "shipment".into()));
    let sign_off = revenue == "signoff";
    if let Some(period) = plan_history_postings(c, offset, sign_off)? {
        drop_plan(c)?;
        return Err(StoreError::Corrupt(format!(
            "period {period} is closed before its history was posted"
        )));
    }
    let now = chrono::Utc::now();
    let year = chrono::Datelike::year(&(now + chrono::Duration::minutes(offset)).date_naive());
    let at = now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    write_history_postings(
        c,
        &HistoryPosting {
            actor_id,
            at: &at,
            voucher_year: year,
            accounts: HistoryAccounts {
                inventory: Account::Inventory.code(),
                payable: Account::Payable.code(),
                differences: Account::StockDifferences.code(),
                shipped_to: if sign_off {
                    Account::GoodsShipped.code()
                } else {
                    Account::Cogs.code()
                },
                cogs: Account::Cogs.code(),
                goods_shipped: Account::GoodsShipped.code(),
            },
        },
    )
}

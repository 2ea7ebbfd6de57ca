//! Pick lists (拣货单), their tasks, the pickers' open lists, and the staging bins
//! picked goods wait in until they ship.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::goods::{PickListStatus, TaskKind, TaskStatus};

/// The staging bin (发货暂存区) of a warehouse, made the first time it is needed (the
/// schema migration makes one for every warehouse that existed then).
pub fn staging_bin(c: &Connection, warehouse_id: i64) -> Result<i64> {
    let found: Option<i64> = optional(
        c.prepare_cached("SELECT id FROM bins WHERE warehouse_id = ?1 AND kind = 'staging'")?
            .query_row([warehouse_id], |r| r.get(0)),
    )?;
    if let Some(id) = found {
        return Ok(id);
    }
    let code: String = c
        .prepare_cached("SELECT code FROM warehouses WHERE id = ?1")?
        .query_row([warehouse_id], |r| r.get(0))?;
    let mut bin_code = format!("STG-{code}");
    let mut taken = c.prepare_cached("SELECT 1 FROM bins WHERE code = ?1")?;
    let mut n = 1;
    while taken.exists([&bin_code])? {
        n += 1;
        bin_code = format!("STG-{code}-{n}");
    }
    c.prepare_cached(
        "INSERT INTO bins (warehouse_id, code, name, kind) VALUES (?1, ?2, '发货暂存区', 'staging')",
    )?
    .execute(params![warehouse_id, bin_code])?;
    Ok(c.last_insert_rowid())
}

/// What a bin is for: `storage`, `staging` or `returns`.
pub fn bin_kind(c: &Connection, bin_id: i64) -> Result<String> {
    Ok(c.prepare_cached("SELECT kind FROM bins WHERE id = ?1")?
        .query_row([bin_id], |r| r.get(0))?)
}

/// A bin and lot of a product a pick may take from: on hand, and what open pick tasks
/// already want from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickableRow {
    pub bin_id: i64,
    pub bin_code: String,
    pub warehouse_id: i64,
    pub lot_id: i64,
    pub received_on: String,
    pub expiry: Option<String>,
    pub on_hand: i64,
    pub wanted: i64,
}

/// Every active storage bin and lot that holds a product.
pub fn pickable(c: &Connection, product_id: i64) -> Result<Vec<PickableRow>> {
    all(
        c,
        "SELECT l.bin_id, b.code, b.warehouse_id, l.lot_id, t.received_on, t.expiry, l.on_hand, \
                COALESCE((SELECT SUM(k.qty - k.qty_picked) FROM pick_tasks k \
                          WHERE k.status = 'open' AND k.kind = 'pick' AND k.product_id = l.product_id \
                            AND k.bin_id = l.bin_id AND k.lot_id = l.lot_id), 0) \
         FROM stock_levels l JOIN bins b ON b.id = l.bin_id JOIN lots t ON t.id = l.lot_id \
         WHERE l.product_id = ?1 AND l.on_hand > 0 AND b.kind = 'storage' AND b.active = 1 \
         ORDER BY t.received_on, t.id, b.code",
        [product_id],
        |r| {
            Ok(PickableRow {
                bin_id: r.get(0)?,
                bin_code: r.get(1)?,
                warehouse_id: r.get(2)?,
                lot_id: r.get(3)?,
                received_on: r.get(4)?,
                expiry: r.get(5)?,
                on_hand: r.get(6)?,
                wanted: r.get(7)?,
            })
        },
    )
}

/// What of a line's open reservation open pick tasks still have to pick.
pub fn open_task_qty_of_line(c: &Connection, line_id: i64) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(qty - qty_picked), 0) FROM pick_tasks \
         WHERE order_line_id = ?1 AND status = 'open' AND kind = 'pick'",
    )?
    .query_row([line_id], |r| r.get(0))?)
}

/// A new pick list serving `orders` orders; its tasks are counted as they are written.
pub fn insert_list(
    c: &Connection,
    number: &str,
    picker_id: Option<i64>,
    created_by: i64,
    at: &str,
    orders: i64,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO pick_lists (number, picker_id, created_by, created_at, orders) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![number, picker_id, created_by, at, orders])?;
    Ok(c.last_insert_rowid())
}

/// A task about to be written.
pub struct NewTask {
    pub pick_list_id: i64,
    pub seq: i64,
    pub kind: TaskKind,
    pub order_line_id: i64,
    pub product_id: i64,
    pub bin_id: i64,
    pub staging_bin_id: i64,
    pub lot_id: i64,
    pub qty: i64,
    pub expires_early: bool,
}

/// Writes an open task and counts it on its list.
pub fn insert_task(c: &Connection, t: &NewTask) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO pick_tasks (pick_list_id, seq, kind, order_line_id, product_id, bin_id, \
         staging_bin_id, lot_id, qty, expires_early) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        t.pick_list_id,
        t.seq,
        t.kind.as_str(),
        t.order_line_id,
        t.product_id,
        t.bin_id,
        t.staging_bin_id,
        t.lot_id,
        t.qty,
        t.expires_early
    ])?;
    let id = c.last_insert_rowid();
    c.prepare_cached("UPDATE pick_lists SET tasks = tasks + 1 WHERE id = ?1")?
        .execute([t.pick_list_id])?;
    Ok(id)
}

/// Counts tasks of a list as finished (no longer open).
fn count_finished(c: &Connection, list_id: i64, n: i64) -> Result<()> {
    c.prepare_cached("UPDATE pick_lists SET tasks_finished = tasks_finished + ?2 WHERE id = ?1")?
        .execute(params![list_id, n])?;
    Ok(())
}

/// A pick list's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub id: i64,
    pub number: String,
    pub status: PickListStatus,
    pub picker_id: Option<i64>,
    /// The assigned picker's display name.
    pub picker: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub version: i64,
}

const LIST_COLS: &str = "p.id, p.number, p.status, p.picker_id, u.display_name, c.display_name, \
                         p.created_at, p.finished_at, p.version";

fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListRow> {
    let status: String = r.get(2)?;
    Ok(ListRow {
        id: r.get(0)?,
        number: r.get(1)?,
        status: PickListStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("pick list status {status:?}").into(),
            )
        })?,
        picker_id: r.get(3)?,
        picker: r.get(4)?,
        created_by: r.get(5)?,
        created_at: r.get(6)?,
        finished_at: r.get(7)?,
        version: r.get(8)?,
    })
}

pub fn list_by_number(c: &Connection, number: &str) -> Result<Option<ListRow>> {
    let sql = format!(
        "SELECT {LIST_COLS} FROM pick_lists p LEFT JOIN users u ON u.id = p.picker_id \
         JOIN users c ON c.id = p.created_by WHERE p.number = ?1"
    );
    Ok(optional(
        c.prepare_cached(&sql)?.query_row([number], list_row),
    )?)
}

pub fn list_by_id(c: &Connection, id: i64) -> Result<Option<ListRow>> {
    let sql = format!(
        "SELECT {LIST_COLS} FROM pick_lists p LEFT JOIN users u ON u.id = p.picker_id \
         JOIN users c ON c.id = p.created_by WHERE p.id = ?1"
    );
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], list_row))?)
}

/// A pick list in the warehouse's work: open or in progress, with how far it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListProgressRow {
    pub list: ListRow,
    pub tasks: i64,
    pub tasks_finished: i64,
    pub orders: i64,
    /// Display names of the pickers who have the list open now, joined by 、.
    pub pickers: Option<String>,
}

/// Open and in-progress pick lists, oldest first, after `after_id` (keyset paging), with
/// how far each is by the counts the list keeps.
pub fn open_lists(c: &Connection, after_id: i64, limit: i64) -> Result<Vec<ListProgressRow>> {
    let sql = format!(
        "SELECT {LIST_COLS}, \
           p.tasks, p.tasks_finished, p.orders, \
           (SELECT group_concat(su.display_name, '、') FROM pick_sessions s \
            JOIN users su ON su.id = s.user_id WHERE s.pick_list_id = p.id) \
         FROM pick_lists p LEFT JOIN users u ON u.id = p.picker_id JOIN users c ON c.id = p.created_by \
         WHERE p.status IN ('open', 'in_progress') AND p.id > ?1 ORDER BY p.id LIMIT ?2"
    );
    all(c, &sql, params![after_id, limit], |r| {
        Ok(ListProgressRow {
            list: list_row(r)?,
            tasks: r.get(9)?,
            tasks_finished: r.get(10)?,
            orders: r.get(11)?,
            pickers: r.get(12)?,
        })
    })
}

/// A task with everything the picking screen and the printed list show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub pick_list_id: i64,
    pub seq: i64,
    pub kind: TaskKind,
    pub status: TaskStatus,
    pub order_id: i64,
    pub order_number: Option<String>,
    pub order_line_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub product_name: String,
    pub unit: String,
    pub bin_id: i64,
    pub bin_code: String,
    pub staging_bin_id: i64,
    pub lot_id: i64,
    pub lot_no: String,
    pub expiry: Option<String>,
    pub qty: i64,
    pub qty_picked: i64,
    pub expires_early: bool,
    pub claimed_by: Option<i64>,
    pub claimed_by_name: Option<String>,
    pub short_reason: Option<String>,
}

const TASK_SQL: &str = "SELECT k.id, k.pick_list_id, k.seq, k.kind, k.status, l.order_id, o.number, \
        k.order_line_id, l.line_no, k.product_id, p.sku, p.name, p.unit, k.bin_id, b.code, \
        k.staging_bin_id, k.lot_id, t.lot_no, t.expiry, k.qty, k.qty_picked, k.expires_early, \
        k.claimed_by, u.display_name, k.short_reason \
     FROM pick_tasks k JOIN order_lines l ON l.id = k.order_line_id JOIN orders o ON o.id = l.order_id \
     JOIN products p ON p.id = k.product_id JOIN bins b ON b.id = k.bin_id \
     JOIN lots t ON t.id = k.lot_id LEFT JOIN users u ON u.id = k.claimed_by";

fn bad(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        what.to_string().into(),
    )
}

fn task_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TaskRow> {
    let kind: String = r.get(3)?;
    let status: String = r.get(4)?;
    Ok(TaskRow {
        id: r.get(0)?,
        pick_list_id: r.get(1)?,
        seq: r.get(2)?,
        kind: TaskKind::parse(&kind).ok_or_else(|| bad(3, "task kind"))?,
        status: TaskStatus::parse(&status).ok_or_else(|| bad(4, "task status"))?,
        order_id: r.get(5)?,
        order_number: r.get(6)?,
        order_line_id: r.get(7)?,
        line_no: r.get(8)?,
        product_id: r.get(9)?,
        sku: r.get(10)?,
        product_name: r.get(11)?,
        unit: r.get(12)?,
        bin_id: r.get(13)?,
        bin_code: r.get(14)?,
        staging_bin_id: r.get(15)?,
        lot_id: r.get(16)?,
        lot_no: r.get(17)?,
        expiry: r.get(18)?,
        qty: r.get(19)?,
        qty_picked: r.get(20)?,
        expires_early: r.get(21)?,
        claimed_by: r.get(22)?,
        claimed_by_name: r.get(23)?,
        short_reason: r.get(24)?,
    })
}

/// The tasks of a list in walking order.
pub fn tasks_of(c: &Connection, list_id: i64) -> Result<Vec<TaskRow>> {
    all(
        c,
        &format!("{TASK_SQL} WHERE k.pick_list_id = ?1 ORDER BY k.seq"),
        [list_id],
        task_row,
    )
}

pub fn task(c: &Connection, id: i64) -> Result<Option<TaskRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{TASK_SQL} WHERE k.id = ?1"))?
            .query_row([id], task_row),
    )?)
}

/// Claims an open task for a picker unless another holds it. Returns whether the
/// picker holds it now.
pub fn claim(c: &Connection, task_id: i64, user_id: i64, at: &str) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE pick_tasks SET claimed_by = ?2, claimed_at = ?3 \
         WHERE id = ?1 AND status = 'open' AND (claimed_by IS NULL OR claimed_by = ?2)",
    )?
    .execute(params![task_id, user_id, at])?
        == 1)
}

/// Adds `n` picked to an open task, finishing it (and counting it on its list) when its
/// quantity is reached.
pub fn add_picked(c: &Connection, task_id: i64, n: i64, at: &str) -> Result<()> {
    let finished: Option<i64> = optional(
        c.prepare_cached(
            "UPDATE pick_tasks SET qty_picked = qty_picked + ?2, \
               status = CASE WHEN qty_picked + ?2 = qty THEN 'done' ELSE status END, \
               done_at = CASE WHEN qty_picked + ?2 = qty THEN ?3 ELSE done_at END \
             WHERE id = ?1 AND status = 'open' \
             RETURNING CASE WHEN status = 'done' THEN pick_list_id END",
        )?
        .query_row(params![task_id, n, at], |r| r.get(0)),
    )?
    .flatten();
    if let Some(list) = finished {
        count_finished(c, list, 1)?;
    }
    Ok(())
}

/// Closes an open task short: what was found stays picked, the rest is not.
pub fn set_short(c: &Connection, task_id: i64, reason: &str, by: i64, at: &str) -> Result<()> {
    let list: Option<i64> = optional(
        c.prepare_cached(
            "UPDATE pick_tasks SET status = 'short', short_reason = ?2, short_by = ?3, \
             short_at = ?4, done_at = ?4 WHERE id = ?1 AND status = 'open' RETURNING pick_list_id",
        )?
        .query_row(params![task_id, reason, by, at], |r| r.get(0)),
    )?;
    if let Some(list) = list {
        count_finished(c, list, 1)?;
    }
    Ok(())
}

/// Adds `n` to a line's picked (staged) quantity; negative for goods put back.
/// What an order line has reserved and not yet picked (thousandths), one row read.
pub fn line_left_to_pick(c: &Connection, line_id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT qty_reserved - qty_picked FROM order_lines WHERE id = ?1")?
            .query_row([line_id], |r| r.get(0)),
    )?)
}

pub fn add_line_picked(c: &Connection, line_id: i64, n: i64) -> Result<()> {
    c.prepare_cached("UPDATE order_lines SET qty_picked = qty_picked + ?2 WHERE id = ?1")?
        .execute(params![line_id, n])?;
    Ok(())
}

/// Cancels the open tasks of one order line (what they picked so far stays picked).
pub fn cancel_open_tasks_of_line(c: &Connection, line_id: i64, at: &str) -> Result<usize> {
    let lists: Vec<i64> = all(
        c,
        "UPDATE pick_tasks SET status = 'cancelled', done_at = ?2 \
         WHERE order_line_id = ?1 AND status = 'open' AND kind = 'pick' RETURNING pick_list_id",
        params![line_id, at],
        |r| r.get(0),
    )?;
    for list in &lists {
        count_finished(c, *list, 1)?;
    }
    Ok(lists.len())
}

/// Sets a list's status; `finished` stamps done and cancelled lists.
pub fn set_list_status(c: &Connection, id: i64, status: PickListStatus, at: &str) -> Result<()> {
    let finished = matches!(status, PickListStatus::Done | PickListStatus::Cancelled);
    c.prepare_cached(
        "UPDATE pick_lists SET status = ?2, version = version + 1, \
         finished_at = CASE WHEN ?3 THEN ?4 ELSE finished_at END WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), finished, at])?;
    if finished {
        c.prepare_cached("DELETE FROM pick_sessions WHERE pick_list_id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Whether a list has no open task left.
pub fn all_tasks_finished(c: &Connection, list_id: i64) -> Result<bool> {
    Ok(!c
        .prepare_cached("SELECT 1 FROM pick_tasks WHERE pick_list_id = ?1 AND status = 'open'")?
        .exists([list_id])?)
}

/// The open lists that have a task of this order line.
pub fn lists_of_line(c: &Connection, line_id: i64) -> Result<Vec<i64>> {
    all(
        c,
        "SELECT DISTINCT pick_list_id FROM pick_tasks WHERE order_line_id = ?1",
        [line_id],
        |r| r.get(0),
    )
}

/// The list a picker has open, with its number.
pub fn session_of(c: &Connection, user_id: i64) -> Result<Option<(i64, String)>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT s.pick_list_id, p.number FROM pick_sessions s JOIN pick_lists p ON p.id = s.pick_list_id \
             WHERE s.user_id = ?1",
        )?
        .query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?)
}

pub fn set_session(c: &Connection, user_id: i64, list_id: i64, at: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO pick_sessions (user_id, pick_list_id, opened_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET pick_list_id = excluded.pick_list_id, opened_at = excluded.opened_at",
    )?
    .execute(params![user_id, list_id, at])?;
    Ok(())
}

pub fn clear_session(c: &Connection, user_id: i64) -> Result<bool> {
    Ok(
        c.prepare_cached("DELETE FROM pick_sessions WHERE user_id = ?1")?
            .execute([user_id])?
            == 1,
    )
}

/// Releases the claims a picker holds on the open tasks of a list.
pub fn release_claims(c: &Connection, list_id: i64, user_id: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE pick_tasks SET claimed_by = NULL, claimed_at = NULL \
         WHERE pick_list_id = ?1 AND claimed_by = ?2 AND status = 'open' AND qty_picked = 0",
    )?
    .execute(params![list_id, user_id])?;
    Ok(())
}

/// An approved order with reserved stock that no pick list covers yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToPickRow {
    pub order_id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub urgency_rank: i64,
    pub requested_date: Option<String>,
    /// Thousandths reserved and neither picked nor on a pick list.
    pub to_pick: i64,
    pub special: String,
    /// The customer's default carrier (id, name), when one is set.
    pub carrier: Option<(i64, String)>,
}

/// The query of [`orders_to_pick`] (bound: the limit, and the carrier to keep: `NULL`
/// for all, `0` for orders whose customer has none); the goods bench runs it bare.
pub const ORDERS_TO_PICK_SQL: &str = "SELECT * FROM ( \
           SELECT o.id, o.number, cu.name, \
                  (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), \
                  o.requested_date, \
                  (SELECT SUM(l.qty_reserved - l.qty_picked \
                      - COALESCE((SELECT SUM(k.qty - k.qty_picked) FROM pick_tasks k \
                                  WHERE k.order_line_id = l.id AND k.status = 'open' AND k.kind = 'pick'), 0)) \
                   FROM order_lines l WHERE l.order_id = o.id AND l.qty_reserved > l.qty_picked) AS n, \
                  o.special, ca.id, ca.name, o.customer_id \
           FROM orders o JOIN customers cu ON cu.id = o.customer_id \
           LEFT JOIN carriers ca ON ca.id = cu.default_carrier_id \
           WHERE o.stage = 'approved' \
             AND (?2 IS NULL OR COALESCE(cu.default_carrier_id, 0) = ?2) \
           ORDER BY (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
                    COALESCE(o.requested_date, '9999-12-31'), o.id) \
         WHERE n > 0 LIMIT ?1";

/// Approved orders with something to pick, most urgent first, then the earliest
/// requested date; at most `limit`. The approved orders are walked in the order of the
/// page (`orders_queue`) and each order's lines summed as it comes, so the query stops
/// after `limit` hits instead of summing every reserved line before sorting.
pub fn orders_to_pick(c: &Connection, limit: i64) -> Result<Vec<ToPickRow>> {
    orders_to_pick_by(c, limit, None)
}

/// [`orders_to_pick`] of the customers whose default carrier is `carrier` only
/// (`Some(0)`: customers with none; `None`: every order).
pub fn orders_to_pick_by(
    c: &Connection,
    limit: i64,
    carrier: Option<i64>,
) -> Result<Vec<ToPickRow>> {
    all(c, ORDERS_TO_PICK_SQL, params![limit, carrier], |r| {
        let carrier_id: Option<i64> = r.get(7)?;
        let carrier_name: Option<String> = r.get(8)?;
        Ok(ToPickRow {
            order_id: r.get(0)?,
            number: r.get(1)?,
            customer_id: r.get(9)?,
            customer_name: r.get(2)?,
            urgency_rank: r.get(3)?,
            requested_date: r.get(4)?,
            to_pick: r.get(5)?,
            special: r.get(6)?,
            carrier: carrier_id.zip(carrier_name),
        })
    })
}

/// Goods an order has picked and not put back, per line, bin they came from, staging
/// bin and lot (for an order that shipped nothing), in walking order of the bins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedRow {
    pub order_line_id: i64,
    pub product_id: i64,
    pub bin_id: i64,
    pub staging_bin_id: i64,
    pub lot_id: i64,
    pub qty: i64,
}

/// [`picked_of_order`] for one line only (`line_id`), or every line (`None`).
pub fn picked_of_order(
    c: &Connection,
    order_id: i64,
    line_id: Option<i64>,
) -> Result<Vec<PickedRow>> {
    all(
        c,
        "SELECT k.order_line_id, k.product_id, k.bin_id, k.staging_bin_id, k.lot_id, \
                SUM(CASE k.kind WHEN 'pick' THEN k.qty_picked ELSE -k.qty END) AS q \
         FROM pick_tasks k JOIN order_lines l ON l.id = k.order_line_id JOIN bins b ON b.id = k.bin_id \
         WHERE l.order_id = ?1 AND (?2 IS NULL OR k.order_line_id = ?2) \
         GROUP BY k.order_line_id, k.product_id, k.bin_id, k.staging_bin_id, k.lot_id HAVING q > 0 \
         ORDER BY min(b.code), k.order_line_id, k.lot_id",
        rusqlite::params![order_id, line_id],
        |r| {
            Ok(PickedRow {
                order_line_id: r.get(0)?,
                product_id: r.get(1)?,
                bin_id: r.get(2)?,
                staging_bin_id: r.get(3)?,
                lot_id: r.get(4)?,
                qty: r.get(5)?,
            })
        },
    )
}

#[cfg(test)]
mod page_plan_tests {
    use super::*;
    use crate::config::JournalSetting;
    use crate::store::{Db, StoreError};

    /// The page walks `orders_queue` in order and stops at the limit: every step is an
    /// index search, with no scan of the candidate lines materialised or sorted first.
    #[test]
    fn the_page_walks_the_queue_index_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("q.db"), JournalSetting::Auto).unwrap();
        // All orders, and one carrier's (the filter of wave planning).
        for carrier in [None, Some(1_i64)] {
            let plan: Vec<String> = db
                .read(|c| {
                    let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {ORDERS_TO_PICK_SQL}"))?;
                    let rows = st.query_map(params![50_i64, carrier], |r| r.get::<_, String>(3))?;
                    Ok::<_, StoreError>(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                })
                .unwrap();
            let text = plan.join("\n");
            assert!(text.contains("orders_queue"), "{text}");
            for sign in ["TEMP B-TREE", "MATERIALIZE", "SCAN "] {
                assert!(!text.contains(sign), "{sign} in the plan:\n{text}");
            }
        }
    }
}

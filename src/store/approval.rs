//! Approval rows and the approval queue.

use rusqlite::{params, Connection};

use super::{all, Result};
use crate::domain::approval::Reason;
use crate::domain::money::Money;

pub fn insert_approval(
    c: &Connection,
    order_id: i64,
    reason: &str,
    detail: &str,
    at: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO approvals (order_id, reason, detail, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![order_id, reason, detail, at])?;
    Ok(())
}

/// The reasons an order waits for, oldest first.
pub fn pending(c: &Connection, order_id: i64) -> Result<Vec<Reason>> {
    all(
        c,
        "SELECT reason FROM approvals WHERE order_id = ?1 AND status = 'pending' ORDER BY id",
        [order_id],
        |r| r.get(0),
    )
}

/// Closes every pending reason of an order as approved or rejected.
pub fn decide(c: &Connection, order_id: i64, status: &str, by: i64, at: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE approvals SET status = ?2, decided_by = ?3, decided_at = ?4 \
         WHERE order_id = ?1 AND status = 'pending'",
    )?
    .execute(params![order_id, status, by, at])?;
    Ok(())
}

/// One order waiting in the approval queue, or held (暂停) from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub version: i64,
    pub number: Option<String>,
    pub customer_name: String,
    pub gross: Money,
    pub urgency_rank: i64,
    /// `9999-12-31` when no date was requested, so that the order sorts last.
    pub requested_date: String,
    pub submitted_by: String,
    pub submitted_at: Option<String>,
    /// The pending reasons, oldest first.
    pub reasons: Vec<Reason>,
    /// On hold rather than waiting.
    pub held: bool,
    /// Why it was held (the stage's note), for held orders.
    pub note: Option<String>,
}

/// What `requested_date` holds when no date was requested: it sorts after every date.
const NO_DATE: &str = "9999-12-31";

impl QueueRow {
    /// The requested date as stored, or `None` when none was requested.
    pub fn requested(&self) -> Option<&str> {
        Some(self.requested_date.as_str()).filter(|d| *d != NO_DATE)
    }
}

/// Where a page of the queue continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    pub urgency_rank: i64,
    pub requested_date: String,
    pub id: i64,
}

/// One page of the queue: submitted orders with pending reasons, most urgent first,
/// then the earliest requested date (keyset paging on orders_stage_urgency_date's
/// leading columns and the pending-approvals index).
pub fn queue_page(
    c: &Connection,
    after: Option<&QueueCursor>,
    limit: i64,
) -> Result<Vec<QueueRow>> {
    queue_rows(c, false, after, limit)
}

/// One page of the orders on hold, in the queue's order (same index, same cursor), so
/// that it merges with [`queue_page`].
pub fn held_page(c: &Connection, after: Option<&QueueCursor>, limit: i64) -> Result<Vec<QueueRow>> {
    queue_rows(c, true, after, limit)
}

fn queue_rows(
    c: &Connection,
    held: bool,
    after: Option<&QueueCursor>,
    limit: i64,
) -> Result<Vec<QueueRow>> {
    let (rank, date, id) = match after {
        Some(k) => (k.urgency_rank, k.requested_date.as_str(), k.id),
        None => (i64::MAX, "", 0),
    };
    // Two fixed statements, so each is prepared once and planned on the queue index.
    let sql = if held {
        "SELECT o.id, o.version, o.number, c.name, o.gross_minor, \
                (CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) AS rank, \
                COALESCE(requested_date, '9999-12-31') AS req, u.display_name, o.submitted_at, \
                (SELECT group_concat(a.reason, ',') FROM approvals a \
                  WHERE a.order_id = o.id AND a.status = 'pending') AS reasons, \
                1, o.stage_reason \
         FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.created_by \
         WHERE o.stage = 'on_hold' \
           AND (rank < ?1 OR (rank = ?1 AND (req > ?2 OR (req = ?2 AND o.id > ?3)))) \
         ORDER BY rank DESC, req, o.id LIMIT ?4"
    } else {
        "SELECT o.id, o.version, o.number, c.name, o.gross_minor, \
                (CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) AS rank, \
                COALESCE(requested_date, '9999-12-31') AS req, u.display_name, o.submitted_at, \
                (SELECT group_concat(a.reason, ',') FROM approvals a \
                  WHERE a.order_id = o.id AND a.status = 'pending') AS reasons, \
                0, o.stage_reason \
         FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.created_by \
         WHERE o.stage = 'submitted' \
           AND EXISTS (SELECT 1 FROM approvals a WHERE a.order_id = o.id AND a.status = 'pending') \
           AND (rank < ?1 OR (rank = ?1 AND (req > ?2 OR (req = ?2 AND o.id > ?3)))) \
         ORDER BY rank DESC, req, o.id LIMIT ?4"
    };
    all(c, sql, params![rank, date, id, limit], |r| {
        Ok(QueueRow {
            id: r.get(0)?,
            version: r.get(1)?,
            number: r.get(2)?,
            customer_name: r.get(3)?,
            gross: r.get(4)?,
            urgency_rank: r.get(5)?,
            requested_date: r.get(6)?,
            submitted_by: r.get(7)?,
            submitted_at: r.get(8)?,
            reasons: super::codec::reasons(r, 9)?,
            held: r.get::<_, i64>(10)? == 1,
            note: r.get(11)?,
        })
    })
}

//! The way of orders through the company in a period: decisions of the approval queue,
//! deliveries against the requested date, and the instants an order was submitted,
//! approved, picked, shipped and signed for.

use rusqlite::{params, Connection};

use crate::store::{all, Result};

/// Orders decided in the approval queue in `[from, until)` (instants): how many were
/// approved and how many rejected. An order waiting for several reasons is one
/// decision; an order rejected, changed and approved later counts in both.
pub const DECISIONS_SQL: &str = "SELECT \
       count(DISTINCT CASE WHEN status = 'approved' THEN order_id END), \
       count(DISTINCT CASE WHEN status = 'rejected' THEN order_id END) \
     FROM approvals INDEXED BY approvals_decided \
     WHERE decided_at >= ?1 AND decided_at < ?2 AND decided_at IS NOT NULL";

/// (approved, rejected) decisions of the queue in `[from, until)`.
pub fn decisions(c: &Connection, from: &str, until: &str) -> Result<(i64, i64)> {
    Ok(c.prepare_cached(DECISIONS_SQL)?
        .query_row(params![from, until], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Shipments signed for on one day: how many, how many of orders with a requested
/// date, and how many of those by that date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDay {
    pub date: String,
    pub shipments: i64,
    pub with_date: i64,
    pub on_time: i64,
}

/// Shipments signed for (in full or in part) per delivery date (bound: first and last
/// date), against their order's requested date.
pub const SIGNED_BY_DAY_SQL: &str = "SELECT s.delivered_on, count(*), \
       count(o.requested_date), coalesce(sum(s.delivered_on <= o.requested_date), 0) \
     FROM shipments s INDEXED BY shipments_signed JOIN orders o ON o.id = s.order_id \
     WHERE s.status IN ('delivered', 'partly_received') \
       AND s.delivered_on BETWEEN ?1 AND ?2 \
     GROUP BY s.delivered_on ORDER BY s.delivered_on";

pub fn signed_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<SignedDay>> {
    all(c, SIGNED_BY_DAY_SQL, params![from, to], |r| {
        Ok(SignedDay {
            date: r.get(0)?,
            shipments: r.get(1)?,
            with_date: r.get(2)?,
            on_time: r.get(3)?,
        })
    })
}

/// The instants of one order's way, as stored (RFC 3339 UTC), where it has come so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderTimes {
    pub order_id: i64,
    /// Last submitted (a hold released back to the queue counts as submitted again).
    pub submitted_at: Option<String>,
    pub approved_at: Option<String>,
    /// When its last pick was done (found in full or short).
    pub picked_at: Option<String>,
    /// When its first shipment left.
    pub shipped_at: Option<String>,
    /// The date its last signed-for shipment was signed (a business date), and when
    /// that was recorded.
    pub signed_on: Option<String>,
    pub signed_recorded_at: Option<String>,
}

/// The instants of every order taken in the period (bound: first and last order date):
/// its own columns, the last finished pick of its lines, its shipments.
pub const ORDER_TIMES_SQL: &str = "SELECT o.id, o.submitted_at, o.approved_at, \
       (SELECT max(k.done_at) FROM order_lines l \
          JOIN pick_tasks k INDEXED BY pick_tasks_line_done ON k.order_line_id = l.id \
        WHERE l.order_id = o.id AND k.kind = 'pick' AND k.status IN ('done', 'short')), \
       (SELECT min(s.shipped_at) FROM shipments s WHERE s.order_id = o.id), \
       (SELECT max(s.delivered_on) FROM shipments s \
        WHERE s.order_id = o.id AND s.status IN ('delivered', 'partly_received')), \
       (SELECT max(s.settled_at) FROM shipments s \
        WHERE s.order_id = o.id AND s.status IN ('delivered', 'partly_received')) \
     FROM orders o INDEXED BY orders_period \
     WHERE o.order_date BETWEEN ?1 AND ?2 AND o.stage NOT IN ('draft', 'cancelled')";

pub fn order_times(c: &Connection, from: &str, to: &str) -> Result<Vec<OrderTimes>> {
    all(c, ORDER_TIMES_SQL, params![from, to], |r| {
        Ok(OrderTimes {
            order_id: r.get(0)?,
            submitted_at: r.get(1)?,
            approved_at: r.get(2)?,
            picked_at: r.get(3)?,
            shipped_at: r.get(4)?,
            signed_on: r.get(5)?,
            signed_recorded_at: r.get(6)?,
        })
    })
}

//! What each person did in a period (绩效): picks and their time, short picks and
//! picking errors, shipments, collections. Orders taken per person are the sales by
//! salesperson ([`super::sales::by_salesperson`]).

use rusqlite::{params, Connection};

use crate::store::{all, Result};

/// One picker's finished tasks of one pick list in `[from, until)`: how many, how many
/// short, from the first claim to the last finish (instants as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickStint {
    pub user_id: i64,
    pub pick_list_id: i64,
    pub lines: i64,
    pub short: i64,
    pub first_claimed_at: Option<String>,
    pub last_done_at: Option<String>,
}

/// Finished picks per picker and pick list in `[from, until)` (bound: instants).
pub const PICK_STINTS_SQL: &str = "SELECT claimed_by, pick_list_id, count(*), \
       sum(status = 'short'), min(claimed_at), max(done_at) \
     FROM pick_tasks INDEXED BY pick_tasks_done \
     WHERE kind = 'pick' AND status IN ('done', 'short') \
       AND done_at >= ?1 AND done_at < ?2 AND claimed_by IS NOT NULL \
     GROUP BY claimed_by, pick_list_id";

pub fn pick_stints(c: &Connection, from: &str, until: &str) -> Result<Vec<PickStint>> {
    all(c, PICK_STINTS_SQL, params![from, until], |r| {
        Ok(PickStint {
            user_id: r.get(0)?,
            pick_list_id: r.get(1)?,
            lines: r.get(2)?,
            short: r.get(3)?,
            first_claimed_at: r.get(4)?,
            last_done_at: r.get(5)?,
        })
    })
}

/// Picking errors (wrong bin, product or lot scanned) per person in `[from, until)`.
pub const PICK_ERRORS_SQL: &str =
    "SELECT user_id, count(*) FROM pick_errors INDEXED BY pick_errors_at \
     WHERE at >= ?1 AND at < ?2 GROUP BY user_id";

pub fn pick_errors(c: &Connection, from: &str, until: &str) -> Result<Vec<(i64, i64)>> {
    all(c, PICK_ERRORS_SQL, params![from, until], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// Shipments per person who shipped them (bound: first and last shipping date).
pub const SHIPMENTS_BY_PERSON_SQL: &str = "SELECT shipped_by, count(*) \
     FROM shipments INDEXED BY shipments_period \
     WHERE ship_date BETWEEN ?1 AND ?2 GROUP BY shipped_by";

pub fn shipments(c: &Connection, from: &str, to: &str) -> Result<Vec<(i64, i64)>> {
    all(c, SHIPMENTS_BY_PERSON_SQL, params![from, to], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

/// Payments per person who recorded them (bound: first and last payment date): count
/// and amount.
pub const COLLECTIONS_SQL: &str = "SELECT created_by, count(*), sum(amount_minor) \
     FROM payments INDEXED BY payments_period \
     WHERE pay_date BETWEEN ?1 AND ?2 GROUP BY created_by";

pub fn collections(c: &Connection, from: &str, to: &str) -> Result<Vec<(i64, i64, i64)>> {
    all(c, COLLECTIONS_SQL, params![from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
}

/// Tickets (客诉) resolved per owner in `[from, until)` (bound: instants), and how many of
/// them by their promised resolution time: owner, resolved, on time.
pub const TICKETS_CLOSED_SQL: &str = "SELECT owner_id, count(*), \
     coalesce(sum(resolved_at <= resolve_by), 0) \
     FROM tickets INDEXED BY tickets_resolved \
     WHERE resolved_at IS NOT NULL AND resolved_at >= ?1 AND resolved_at < ?2 \
     GROUP BY owner_id";

pub fn tickets_closed(c: &Connection, from: &str, until: &str) -> Result<Vec<(i64, i64, i64)>> {
    all(c, TICKETS_CLOSED_SQL, params![from, until], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
}

/// A user's name as the staff table shows it: (user name, display name).
pub fn user_names(c: &Connection) -> Result<Vec<(i64, String, String)>> {
    all(
        c,
        "SELECT id, username, display_name FROM users ORDER BY id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

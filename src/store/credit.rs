//! Credit (信用): the exposure kept per customer — approved orders not yet invoiced,
//! beside open AR in the receivables row — the share of one order the operations move,
//! the recount `check` compares it with, and the releases of credit holds.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// What of an order line (alias `l`) is not invoiced yet, in fen: its gross less the
/// share invoiced, ⌈gross × settled / open⌉ with open = ordered − cancelled (a line's
/// gross covers that quantity) and settled = invoiced + returned before it was invoiced
/// (`qty_return_uninvoiced`, schema 11: goods that came back are never invoiced). The
/// share is taken as (gross / open) × settled + ⌈(gross mod open) × settled / open⌉,
/// the same number without a product that could pass 64 bits. The migration to schema 9
/// writes the same expression for files that have no returns yet.
macro_rules! line_uninvoiced {
    () => {
        "(CASE WHEN l.qty_invoiced + l.qty_return_uninvoiced <= 0 THEN l.gross_minor \
              WHEN l.qty_invoiced + l.qty_return_uninvoiced >= l.qty - l.qty_cancelled THEN 0 \
              ELSE l.gross_minor \
                   - (l.gross_minor / (l.qty - l.qty_cancelled)) \
                     * (l.qty_invoiced + l.qty_return_uninvoiced) \
                   - ((l.gross_minor % (l.qty - l.qty_cancelled)) \
                      * (l.qty_invoiced + l.qty_return_uninvoiced) \
                      + (l.qty - l.qty_cancelled) - 1) / (l.qty - l.qty_cancelled) END)"
    };
}

/// The stages in which an order counts toward its customer's exposure (see
/// `OrderStage::counts_toward_exposure`).
macro_rules! counted_stages {
    () => {
        "('approved', 'on_hold', 'closed')"
    };
}

/// An order's customer and what of it counts toward the customer's exposure now: the
/// uninvoiced part of its lines while it is approved, on hold or closed, else 0.
/// `None` when there is no such order.
pub fn order_uninvoiced(c: &Connection, order_id: i64) -> Result<Option<(i64, i64)>> {
    Ok(optional(
        c.prepare_cached(concat!(
            "SELECT o.customer_id, CASE WHEN o.stage IN ",
            counted_stages!(),
            " THEN (SELECT COALESCE(SUM(",
            line_uninvoiced!(),
            "), 0) FROM order_lines l WHERE l.order_id = o.id) ELSE 0 END \
             FROM orders o WHERE o.id = ?1"
        ))?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?)
}

/// Adds `delta` to what a customer's approved orders leave uninvoiced.
pub fn add_uninvoiced(c: &Connection, customer_id: i64, delta: i64) -> Result<()> {
    if delta == 0 {
        return Ok(());
    }
    // An update first: the row's CHECKs hold for the sums, not for a negative change.
    let n = c
        .prepare_cached(
            "UPDATE customer_balances SET uninvoiced_minor = uninvoiced_minor + ?2 \
             WHERE customer_id = ?1",
        )?
        .execute(params![customer_id, delta])?;
    if n == 0 {
        c.prepare_cached(
            "INSERT INTO customer_balances (customer_id, uninvoiced_minor) VALUES (?1, ?2)",
        )?
        .execute(params![customer_id, delta])?;
    }
    Ok(())
}

/// A customer's kept exposure: open AR, approved orders not yet invoiced, and their sum
/// (all 0 when the customer has no receivables row yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExposureRow {
    pub open_ar_minor: i64,
    pub uninvoiced_minor: i64,
    pub exposure_minor: i64,
}

pub fn exposure(c: &Connection, customer_id: i64) -> Result<ExposureRow> {
    Ok(optional(
        c.prepare_cached(
            "SELECT open_ar_minor, uninvoiced_minor, exposure_minor FROM customer_balances \
             WHERE customer_id = ?1",
        )?
        .query_row([customer_id], |r| {
            Ok(ExposureRow {
                open_ar_minor: r.get(0)?,
                uninvoiced_minor: r.get(1)?,
                exposure_minor: r.get(2)?,
            })
        }),
    )?
    .unwrap_or_default())
}

/// Per customer, what their approved orders leave uninvoiced, counted from the lines.
const RECOUNT: &str = concat!(
    "SELECT o.customer_id AS customer_id, SUM(",
    line_uninvoiced!(),
    ") AS u FROM orders o JOIN order_lines l ON l.order_id = o.id \
     WHERE o.stage IN ",
    counted_stages!(),
    " GROUP BY o.customer_id"
);

/// Customers whose kept uninvoiced amount (or exposure) differs from the recount of
/// their orders' lines: customer id, kept, counted, kept exposure, open AR + counted.
pub type ExposureMismatch = (i64, i64, i64, i64, i64);

pub fn exposure_mismatches(c: &Connection) -> Result<Vec<ExposureMismatch>> {
    let sql = format!(
        "WITH u AS ({RECOUNT}), \
              ids AS (SELECT customer_id FROM u UNION SELECT customer_id FROM customer_balances) \
         SELECT ids.customer_id, COALESCE(b.uninvoiced_minor, 0), COALESCE(u.u, 0), \
                COALESCE(b.exposure_minor, 0), COALESCE(b.open_ar_minor, 0) + COALESCE(u.u, 0) \
         FROM ids LEFT JOIN customer_balances b ON b.customer_id = ids.customer_id \
         LEFT JOIN u ON u.customer_id = ids.customer_id \
         WHERE COALESCE(b.uninvoiced_minor, 0) <> COALESCE(u.u, 0) \
            OR COALESCE(b.exposure_minor, 0) <> COALESCE(b.open_ar_minor, 0) + COALESCE(u.u, 0) \
         LIMIT 20"
    );
    all(c, &sql, [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
}

/// Sets every customer's uninvoiced amount from the recount: for data written in bulk
/// (the demo's history), never by an operation.
pub fn rebuild_uninvoiced(c: &Connection) -> Result<()> {
    c.execute_batch(&format!(
        "UPDATE customer_balances SET uninvoiced_minor = 0; \
         INSERT INTO customer_balances (customer_id, uninvoiced_minor) \
         SELECT customer_id, u FROM ({RECOUNT}) WHERE u > 0 \
         ON CONFLICT (customer_id) DO UPDATE SET uninvoiced_minor = excluded.uninvoiced_minor;"
    ))?;
    Ok(())
}

// --- credit holds

/// What the hold rule reads of a customer: terms, limit, whether held and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldFacts {
    pub terms: String,
    pub credit_limit_minor: i64,
    pub on_hold: bool,
    pub hold_reason: Option<String>,
}

pub fn hold_facts(c: &Connection, customer_id: i64) -> Result<Option<HoldFacts>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT terms, credit_limit_minor, credit_hold, credit_hold_reason FROM customers \
             WHERE id = ?1",
        )?
        .query_row([customer_id], |r| {
            Ok(HoldFacts {
                terms: r.get(0)?,
                credit_limit_minor: r.get(1)?,
                on_hold: r.get(2)?,
                hold_reason: r.get(3)?,
            })
        }),
    )?)
}

/// The earliest due date of a customer's open invoices due in `[from, before)`: the
/// oldest invoice overdue beyond the grace days that a release did not cover yet.
pub fn oldest_open_due_between(
    c: &Connection,
    customer_id: i64,
    from: &str,
    before: &str,
) -> Result<Option<String>> {
    Ok(c.prepare_cached(
        "SELECT MIN(due_date) FROM invoices INDEXED BY invoices_open_customer \
         WHERE customer_id = ?1 AND open_minor > 0 AND due_date >= ?2 AND due_date < ?3",
    )?
    .query_row(params![customer_id, from, before], |r| r.get(0))?)
}

/// A release of a credit hold as stored, with who gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRow {
    pub reason: String,
    pub hold_reason: Option<String>,
    pub exposure_minor: i64,
    pub release_date: String,
    pub released_by: String,
    /// The instant as stored (RFC 3339, UTC).
    pub released_at: String,
}

/// A new release of a customer's credit hold.
pub struct NewRelease<'a> {
    pub customer_id: i64,
    pub reason: &'a str,
    pub hold_reason: Option<&'a str>,
    pub exposure_minor: i64,
    pub release_date: &'a str,
    pub by: i64,
    pub at: &'a str,
}

pub fn insert_release(c: &Connection, r: &NewRelease<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO credit_releases (customer_id, reason, hold_reason, exposure_minor, \
         release_date, released_by, released_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        r.customer_id,
        r.reason,
        r.hold_reason,
        r.exposure_minor,
        r.release_date,
        r.by,
        r.at
    ])?;
    Ok(c.last_insert_rowid())
}

/// The newest release of a customer's credit hold, if any was ever given.
pub fn last_release(c: &Connection, customer_id: i64) -> Result<Option<ReleaseRow>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT r.reason, r.hold_reason, r.exposure_minor, r.release_date, u.display_name, \
             r.released_at FROM credit_releases r JOIN users u ON u.id = r.released_by \
             WHERE r.customer_id = ?1 ORDER BY r.id DESC LIMIT 1",
        )?
        .query_row([customer_id], |r| {
            Ok(ReleaseRow {
                reason: r.get(0)?,
                hold_reason: r.get(1)?,
                exposure_minor: r.get(2)?,
                release_date: r.get(3)?,
                released_by: r.get(4)?,
                released_at: r.get(5)?,
            })
        }),
    )?)
}

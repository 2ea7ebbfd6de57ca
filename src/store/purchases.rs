//! Purchase and production requests (请购单, PR-) for short products, and the receipts
//! that brought their goods.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::purchase::{RequestKind, RequestStatus};

/// A request about to be written.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub number: &'a str,
    pub kind: RequestKind,
    pub product_id: i64,
    pub supplier: &'a str,
    pub qty: i64,
    pub expected_date: &'a str,
    pub note: &'a str,
    pub created_by: i64,
    pub created_at: &'a str,
}

pub fn insert(c: &Connection, r: &NewRequest<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO purchase_requests (number, kind, product_id, supplier, qty, expected_date, \
         note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        r.number,
        r.kind,
        r.product_id,
        r.supplier,
        r.qty,
        r.expected_date,
        r.note,
        r.created_by,
        r.created_at
    ])?;
    Ok(c.last_insert_rowid())
}

/// A request as the screens and the command line read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub number: String,
    pub kind: RequestKind,
    pub product_id: i64,
    pub sku: String,
    pub product_name: String,
    pub unit: String,
    pub supplier: String,
    /// Thousandths.
    pub qty: i64,
    pub qty_received: i64,
    pub expected_date: String,
    pub status: RequestStatus,
    pub note: String,
    pub created_by_name: String,
    pub created_at: String,
    pub ordered_at: Option<String>,
    pub closed_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub version: i64,
}

const SELECT: &str =
    "SELECT r.id, r.number, r.kind, r.product_id, p.sku, p.name, p.unit, r.supplier, \
       r.qty, r.qty_received, r.expected_date, r.status, r.note, u.display_name, r.created_at, \
       r.ordered_at, r.closed_at, r.cancel_reason, r.version \
     FROM purchase_requests r JOIN products p ON p.id = r.product_id \
     JOIN users u ON u.id = r.created_by ";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: r.get(2)?,
        product_id: r.get(3)?,
        sku: r.get(4)?,
        product_name: r.get(5)?,
        unit: r.get(6)?,
        supplier: r.get(7)?,
        qty: r.get(8)?,
        qty_received: r.get(9)?,
        expected_date: r.get(10)?,
        status: r.get(11)?,
        note: r.get(12)?,
        created_by_name: r.get(13)?,
        created_at: r.get(14)?,
        ordered_at: r.get(15)?,
        closed_at: r.get(16)?,
        cancel_reason: r.get(17)?,
        version: r.get(18)?,
    })
}

pub fn by_number(c: &Connection, number: &str) -> Result<Option<RequestRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{SELECT}WHERE r.number = ?1"))?
            .query_row([number], request_row),
    )?)
}

/// Which requests a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    /// Goods still expected (open or ordered).
    #[default]
    Pending,
    All,
    Status(RequestStatus),
}

/// A page of requests, newest first, after the request `after_id` (`i64::MAX`: the
/// first page).
pub fn page(c: &Connection, filter: Filter, after_id: i64, limit: i64) -> Result<Vec<RequestRow>> {
    match filter {
        Filter::Pending => all(
            c,
            &format!(
                "{SELECT}WHERE r.id < ?1 AND r.status IN ('open', 'ordered') \
                 ORDER BY r.id DESC LIMIT ?2"
            ),
            params![after_id, limit],
            request_row,
        ),
        Filter::All => all(
            c,
            &format!("{SELECT}WHERE r.id < ?1 ORDER BY r.id DESC LIMIT ?2"),
            params![after_id, limit],
            request_row,
        ),
        // The state is one of a fixed set, written into the statement: each walks the
        // partial index of its group.
        Filter::Status(s) => {
            let group = if s.is_pending() {
                "('open', 'ordered')"
            } else {
                "('received', 'cancelled')"
            };
            all(
                c,
                &format!(
                    "{SELECT}WHERE r.id < ?1 AND r.status IN {group} AND r.status = '{}' \
                     ORDER BY r.id DESC LIMIT ?2",
                    s.as_str()
                ),
                params![after_id, limit],
                request_row,
            )
        }
    }
}

/// The pending requests of a product, the earliest expected first.
pub fn pending_of_product(c: &Connection, product_id: i64) -> Result<Vec<RequestRow>> {
    all(
        c,
        &format!(
            "{SELECT}WHERE r.product_id = ?1 AND r.status IN ('open', 'ordered') \
             ORDER BY r.expected_date, r.id"
        ),
        [product_id],
        request_row,
    )
}

/// The earliest date goods of a product are expected, with that request's number.
pub fn next_expected(c: &Connection, product_id: i64) -> Result<Option<(String, String)>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT expected_date, number FROM purchase_requests \
             WHERE product_id = ?1 AND status IN ('open', 'ordered') \
             ORDER BY expected_date, id LIMIT 1",
        )?
        .query_row([product_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?)
}

/// The supplier or workshop of the newest request of a product, for the next one.
pub fn last_supplier(c: &Connection, product_id: i64) -> Result<Option<(RequestKind, String)>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT kind, supplier FROM purchase_requests WHERE product_id = ?1 \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([product_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?)
}

/// Marks an open request ordered (已下单) when it is at `version`.
pub fn mark_ordered(c: &Connection, id: i64, version: i64, by: i64, at: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE purchase_requests SET status = 'ordered', ordered_by = ?3, ordered_at = ?4, \
             version = version + 1 WHERE id = ?1 AND version = ?2 AND status = 'open'",
        )?
        .execute(params![id, version, by, at])?;
    Ok(n == 1)
}

/// Cancels a request that received nothing.
pub fn cancel(c: &Connection, id: i64, version: i64, reason: &str, at: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE purchase_requests SET status = 'cancelled', cancel_reason = ?3, closed_at = ?4, \
             version = version + 1 WHERE id = ?1 AND version = ?2 AND qty_received = 0",
        )?
        .execute(params![id, version, reason, at])?;
    Ok(n == 1)
}

/// Links a receipt move to a request and sets what the request has received, and its
/// state.
pub fn record_receipt(
    c: &Connection,
    request_id: i64,
    move_id: i64,
    qty: i64,
    received: i64,
    status: RequestStatus,
    at: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO purchase_receipts (request_id, move_id, qty) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![request_id, move_id, qty])?;
    c.prepare_cached(
        "UPDATE purchase_requests SET qty_received = ?2, status = ?3, \
         ordered_at = COALESCE(ordered_at, ?4), \
         closed_at = CASE WHEN ?3 = 'received' THEN ?4 ELSE closed_at END, \
         version = version + 1 WHERE id = ?1",
    )?
    .execute(params![request_id, received, status, at])?;
    Ok(())
}

/// A receipt that brought goods for a request: its document number, date and quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRow {
    pub doc_no: String,
    pub at: String,
    pub qty: i64,
}

pub fn receipts_of(c: &Connection, request_id: i64) -> Result<Vec<ReceiptRow>> {
    all(
        c,
        "SELECT COALESCE(m.doc_no, ''), m.at, x.qty FROM purchase_receipts x \
         JOIN stock_moves m ON m.id = x.move_id WHERE x.request_id = ?1 ORDER BY x.id",
        [request_id],
        |r| {
            Ok(ReceiptRow {
                doc_no: r.get(0)?,
                at: r.get(1)?,
                qty: r.get(2)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of a statement with its parameters bound, as the program runs it.
    fn plan(c: &Connection, sql: &str) -> String {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = st
            .query_map(params![i64::MAX, 50, "received"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.join("\n")
    }

    #[test]
    fn the_lists_and_the_counters_expected_date_walk_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::create(
            &dir.path().join("plan.db"),
            crate::config::JournalSetting::Auto,
        )
        .unwrap();
        let c = db.conn();
        let p = plan(
            c,
            "SELECT expected_date FROM purchase_requests WHERE product_id = ?1 \
             AND status IN ('open', 'ordered') AND ?3 <> '' ORDER BY expected_date, id LIMIT ?2",
        );
        assert!(p.contains("purchase_requests_product_pending"), "{p}");
        let p = plan(
            c,
            "SELECT id FROM purchase_requests r WHERE r.id < ?1 AND r.status IN ('open', 'ordered') \
             AND ?3 <> '' ORDER BY r.id DESC LIMIT ?2",
        );
        assert!(p.contains("purchase_requests_pending"), "{p}");
        assert!(!p.contains("TEMP B-TREE"), "{p}");
        let p = plan(
            c,
            "SELECT id FROM purchase_requests r WHERE r.id < ?1 \
             AND r.status IN ('received', 'cancelled') AND r.status = 'received' AND ?3 <> '' \
             ORDER BY r.id DESC LIMIT ?2",
        );
        assert!(p.contains("purchase_requests_closed"), "{p}");
        assert!(!p.contains("TEMP B-TREE"), "{p}");
    }
}

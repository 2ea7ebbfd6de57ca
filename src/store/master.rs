//! Company settings, warehouses and bins.

use rusqlite::{params, Connection};

use super::{optional, Result};

/// The company settings row.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub name: String,
    pub currency: String,
    pub utc_offset_minutes: i64,
    pub price_mode: String,
    pub invoice_basis: String,
    pub revenue_at: String,
    pub default_tax_bp: i64,
    pub manager_limit_minor: i64,
    pub max_discount_bp: i64,
    pub grace_days: i64,
    pub lockout_failures: i64,
    pub lockout_minutes: i64,
}

pub fn company(c: &Connection) -> Result<Option<CompanyRow>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT name, currency, utc_offset_minutes, price_mode, invoice_basis, revenue_at, \
         default_tax_bp, manager_limit_minor, max_discount_bp, grace_days, lockout_failures, \
         lockout_minutes FROM company WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(CompanyRow {
                name: r.get(0)?,
                currency: r.get(1)?,
                utc_offset_minutes: r.get(2)?,
                price_mode: r.get(3)?,
                invoice_basis: r.get(4)?,
                revenue_at: r.get(5)?,
                default_tax_bp: r.get(6)?,
                manager_limit_minor: r.get(7)?,
                max_discount_bp: r.get(8)?,
                grace_days: r.get(9)?,
                lockout_failures: r.get(10)?,
                lockout_minutes: r.get(11)?,
            })
        }),
    )?)
}

pub fn insert_company(c: &Connection, name: &str, created_at: &str) -> Result<()> {
    c.execute(
        "INSERT INTO company (id, name, created_at) VALUES (1, ?1, ?2)",
        params![name, created_at],
    )?;
    Ok(())
}

pub fn insert_warehouse(c: &Connection, code: &str, name: &str) -> Result<i64> {
    c.prepare_cached("INSERT INTO warehouses (code, name) VALUES (?1, ?2)")?
        .execute(params![code, name])?;
    Ok(c.last_insert_rowid())
}

pub fn warehouse_by_code(c: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT id FROM warehouses WHERE code = ?1")?
            .query_row([code], |r| r.get(0)),
    )?)
}

/// A bin (库位) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinRow {
    pub id: i64,
    pub warehouse_id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
}

fn bin_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BinRow> {
    Ok(BinRow {
        id: r.get(0)?,
        warehouse_id: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        active: r.get::<_, i64>(4)? == 1,
    })
}

pub fn insert_bin(c: &Connection, warehouse_id: i64, code: &str, name: &str) -> Result<i64> {
    c.prepare_cached("INSERT INTO bins (warehouse_id, code, name) VALUES (?1, ?2, ?3)")?
        .execute(params![warehouse_id, code, name])?;
    Ok(c.last_insert_rowid())
}

pub fn bin_by_code(c: &Connection, code: &str) -> Result<Option<BinRow>> {
    Ok(optional(
        c.prepare_cached("SELECT id, warehouse_id, code, name, active FROM bins WHERE code = ?1")?
            .query_row([code], bin_row),
    )?)
}

pub fn bin_by_id(c: &Connection, id: i64) -> Result<Option<BinRow>> {
    Ok(optional(
        c.prepare_cached("SELECT id, warehouse_id, code, name, active FROM bins WHERE id = ?1")?
            .query_row([id], bin_row),
    )?)
}

/// The bins stock is put in and taken from by hand, by code: not the staging bins, where
/// picked goods wait to ship.
pub fn list_bins(c: &Connection) -> Result<Vec<BinRow>> {
    let mut st = c.prepare(
        "SELECT id, warehouse_id, code, name, active FROM bins WHERE kind <> 'staging' ORDER BY code",
    )?;
    let rows = st
        .query_map([], bin_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Row counts of the main tables, for `orderdesk info`.
pub fn table_counts(c: &Connection) -> Result<Vec<(&'static str, i64)>> {
    const TABLES: &[&str] = &[
        "users",
        "customers",
        "products",
        "bins",
        "lots",
        "stock_moves",
        "orders",
        "order_lines",
        "reservations",
        "audit_log",
    ];
    let mut out = Vec::with_capacity(TABLES.len());
    for t in TABLES {
        // MAX(rowid) would be faster but wrong after deletes; count(*) is exact.
        let n: i64 = c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        out.push((*t, n));
    }
    Ok(out)
}

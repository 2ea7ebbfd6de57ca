//! The company's own marks beside its settings: the prefix of automatic customer codes,
//! the bell on scan errors, and whether the database is the demo's.

use rusqlite::Connection;

use super::Result;

/// The prefix of automatic customer codes (客户编码前缀).
pub fn customer_code_prefix(c: &Connection) -> Result<String> {
    Ok(
        c.prepare_cached("SELECT customer_code_prefix FROM company WHERE id = 1")?
            .query_row([], |r| r.get(0))?,
    )
}

/// Sets the prefix of automatic customer codes; numbering goes on where it was.
pub fn set_customer_code_prefix(c: &Connection, prefix: &str) -> Result<()> {
    c.prepare_cached("UPDATE company SET customer_code_prefix = ?1 WHERE id = 1")?
        .execute([prefix])?;
    Ok(())
}

/// Whether the scan screens ring the terminal's bell on an error (报错响铃).
pub fn error_bell(c: &Connection) -> Result<bool> {
    Ok(super::optional(
        c.prepare_cached("SELECT error_bell FROM company WHERE id = 1")?
            .query_row([], |r| r.get::<_, i64>(0)),
    )?
    .is_some_and(|b| b == 1))
}

pub fn set_error_bell(c: &Connection, on: bool) -> Result<()> {
    c.prepare_cached("UPDATE company SET error_bell = ?1 WHERE id = 1")?
        .execute([i64::from(on)])?;
    Ok(())
}

/// The company's walk-in customer (散客) of counter sales: its id, if one is set.
pub fn walk_in_customer_id(c: &Connection) -> Result<Option<i64>> {
    Ok(super::optional(
        c.prepare_cached("SELECT walk_in_customer_id FROM company WHERE id = 1")?
            .query_row([], |r| r.get::<_, Option<i64>>(0)),
    )?
    .flatten())
}

pub fn set_walk_in_customer(c: &Connection, customer_id: Option<i64>) -> Result<()> {
    c.prepare_cached("UPDATE company SET walk_in_customer_id = ?1 WHERE id = 1")?
        .execute([customer_id])?;
    Ok(())
}

/// Whether `demo` built this database (its login screen names the demo users).
pub fn is_demo(c: &Connection) -> Result<bool> {
    Ok(super::optional(
        c.prepare_cached("SELECT is_demo FROM company WHERE id = 1")?
            .query_row([], |r| r.get::<_, i64>(0)),
    )?
    .is_some_and(|d| d == 1))
}

/// Marks the database as the demo's, with automatic customer codes going on after the
/// `customers` it numbered itself.
pub fn mark_demo(c: &Connection, customers: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE company SET is_demo = 1, \
         customer_code_last = max(customer_code_last, ?1) WHERE id = 1",
    )?
    .execute([customers])?;
    Ok(())
}

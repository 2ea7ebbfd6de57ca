//! SQLite storage: opening, pragmas, migrations, the transaction helpers, and every SQL
//! statement of the program (one file per area).

use rusqlite::Connection;

pub mod approval;
pub mod audit;
pub mod bulk;
pub mod carriers;
pub mod cash;
pub mod check;
pub mod check_after_sales;
pub mod check_cash;
pub mod check_returns;
pub mod codec;
pub mod company;
pub mod counters;
pub mod credit;
pub mod customers;
mod db;
pub mod demo_history;
mod error;
pub mod export;
pub mod figures;
pub mod fs_kind;
pub mod history;
pub mod history_cash;
pub mod history_posting;
pub mod ledger;
pub mod master;
pub mod orders;
pub mod packing;
pub mod pick_errors;
pub mod picking;
pub mod products;
pub mod purchases;
pub mod reservation;
pub mod returns;
pub mod returns_cash;
pub mod returns_goods;
pub mod search;
pub mod settings;
pub mod share;
pub mod shipping;
pub mod shortages;
pub mod stock;
pub mod tickets;
pub mod users;
pub mod warehouse;

pub use db::{
    file_schema_version, Db, JournalMode, APPLICATION_ID, DEFAULT_BUSY_DEADLINE, MIGRATIONS,
    SCHEMA_VERSION,
};
pub use error::{Result, Retryable, StoreError};
pub use fs_kind::FsKind;

/// Runs a cached query and collects every row through `map`.
pub(crate) fn all<T, P: rusqlite::Params>(
    c: &Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st
        .query_map(params, map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Reads an optional single row.
pub(crate) fn optional<T>(r: rusqlite::Result<T>) -> rusqlite::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e),
    }
}

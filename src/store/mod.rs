//! SQLite storage: opening, pragmas, migrations, the transaction helpers, and every SQL
//! statement of the program (one file per area).

use std::time::Duration;

use rusqlite::Connection;

pub mod approval;
pub mod audit;
pub mod check;
pub mod codec;
pub mod counters;
pub mod customers;
mod db;
mod error;
pub mod fs_kind;
pub mod master;
pub mod orders;
pub mod products;
pub mod reservation;
pub mod search;
pub mod settings;
pub mod stock;
pub mod users;

pub use db::{Db, JournalMode};
pub use error::{Result, Retryable, StoreError};
pub use fs_kind::FsKind;

/// Marks a file as orderdesk's (`PRAGMA application_id`): "ODsk".
pub const APPLICATION_ID: i32 = 0x4F44_736B;

/// Ordered migrations; the index + 1 is the schema version they produce.
/// The schema steps, oldest first; a file's `user_version` says how many it has run.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_invoiced_lines.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write keeps retrying on a busy database before giving up.
pub const DEFAULT_BUSY_DEADLINE: Duration = Duration::from_secs(10);

/// SQLite's own busy wait per attempt; short, because its waiting is unfair and our
/// retry loop with jitter spreads the writers.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 25;

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

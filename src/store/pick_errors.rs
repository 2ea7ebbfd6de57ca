//! Picking errors (拣货差错): scans of a wrong bin, product or lot at a pick task,
//! refused by the picking operations and counted here, append-only.

use rusqlite::{params, Connection};

use super::Result;

/// A picking error to count: a scan of the wrong bin, product or lot at a pick task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPickError<'a> {
    pub pick_list_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub kind: &'a str,
    pub expected: &'a str,
    pub scanned: &'a str,
    pub at: &'a str,
}

pub fn insert_pick_error(c: &Connection, e: &NewPickError<'_>) -> Result<i64> {
    let cut = |s: &str| s.chars().take(64).collect::<String>();
    c.prepare_cached(
        "INSERT INTO pick_errors (pick_list_id, task_id, user_id, kind, expected, scanned, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        e.pick_list_id,
        e.task_id,
        e.user_id,
        e.kind,
        cut(e.expected),
        cut(e.scanned),
        e.at
    ])?;
    Ok(c.last_insert_rowid())
}

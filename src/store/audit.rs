//! The audit log: append-only rows of who changed what, when, before and after.

use rusqlite::{params, Connection};

use super::{all, Result};

/// One audit row, written in the same transaction as the change it describes.
pub struct AuditRow<'a> {
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

pub fn record(c: &Connection, row: &AuditRow<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, before, after) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        row.at,
        row.actor_id,
        row.entity,
        row.entity_id,
        row.action,
        row.before,
        row.after
    ])?;
    Ok(())
}

/// An audit row as read back.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The newest rows for one entity, newest first.
pub fn for_entity(
    c: &Connection,
    entity: &str,
    entity_id: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>> {
    all(
        c,
        "SELECT id, at, actor_id, entity, entity_id, action, before, after FROM audit_log \
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT ?3",
        params![entity, entity_id, limit],
        |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_id: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                action: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
            })
        },
    )
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

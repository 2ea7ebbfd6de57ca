//! The company's settings (公司设置) as an editable record with its version, and the
//! approval limit of each user.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// The settings an administrator edits, as stored (fen, basis points, days, minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsRow {
    pub version: i64,
    pub manager_limit_minor: i64,
    pub max_discount_bp: i64,
    pub price_mode: String,
    pub default_tax_bp: i64,
    pub grace_days: i64,
    pub lockout_failures: i64,
    pub lockout_minutes: i64,
}

pub fn settings(c: &Connection) -> Result<Option<SettingsRow>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT version, manager_limit_minor, max_discount_bp, price_mode, default_tax_bp, \
             grace_days, lockout_failures, lockout_minutes FROM company WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(SettingsRow {
                version: r.get(0)?,
                manager_limit_minor: r.get(1)?,
                max_discount_bp: r.get(2)?,
                price_mode: r.get(3)?,
                default_tax_bp: r.get(4)?,
                grace_days: r.get(5)?,
                lockout_failures: r.get(6)?,
                lockout_minutes: r.get(7)?,
            })
        }),
    )?)
}

/// Writes the settings when the stored version is `s.version`, moving it to the next
/// one; false when another write got there first.
pub fn update_settings(c: &Connection, s: &SettingsRow) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE company SET manager_limit_minor = ?2, max_discount_bp = ?3, price_mode = ?4, \
             default_tax_bp = ?5, grace_days = ?6, lockout_failures = ?7, lockout_minutes = ?8, \
             version = version + 1 WHERE id = 1 AND version = ?1",
        )?
        .execute(params![
            s.version,
            s.manager_limit_minor,
            s.max_discount_bp,
            s.price_mode,
            s.default_tax_bp,
            s.grace_days,
            s.lockout_failures,
            s.lockout_minutes
        ])?;
    Ok(n == 1)
}

/// A user's approval limit (审批额度) with the user's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRow {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub approval_limit_minor: i64,
    pub version: i64,
}

/// The approval limits of the active users, by user name.
pub fn approval_limits(c: &Connection) -> Result<Vec<LimitRow>> {
    all(
        c,
        "SELECT id, username, display_name, approval_limit_minor, version FROM users \
         WHERE active = 1 ORDER BY username",
        [],
        |r| {
            Ok(LimitRow {
                user_id: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                approval_limit_minor: r.get(3)?,
                version: r.get(4)?,
            })
        },
    )
}

/// Sets a user's approval limit when the user's stored version is `version`; false when
/// another write got there first.
pub fn set_approval_limit(
    c: &Connection,
    user_id: i64,
    version: i64,
    limit_minor: i64,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE users SET approval_limit_minor = ?3, version = version + 1 \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![user_id, version, limit_minor])?;
    Ok(n == 1)
}

//! Users, roles and the permission matrix.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// A user as stored.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub os_user: Option<String>,
    pub approval_limit_minor: i64,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
}

const USER_COLS: &str = "id, username, display_name, password_hash, os_user, \
     approval_limit_minor, active, failed_logins, locked_until";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        os_user: r.get(4)?,
        approval_limit_minor: r.get(5)?,
        active: r.get::<_, i64>(6)? == 1,
        failed_logins: r.get(7)?,
        locked_until: r.get(8)?,
    })
}

pub fn by_username(c: &Connection, username: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE username = ?1");
    Ok(optional(
        c.prepare_cached(&sql)?.query_row([username], user_row),
    )?)
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE id = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], user_row))?)
}

pub fn by_os_user(c: &Connection, os_user: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE os_user = ?1");
    Ok(optional(
        c.prepare_cached(&sql)?.query_row([os_user], user_row),
    )?)
}

pub fn list(c: &Connection) -> Result<Vec<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users ORDER BY username");
    all(c, &sql, [], user_row)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

pub fn roles_of(c: &Connection, user_id: i64) -> Result<Vec<String>> {
    let mut st =
        c.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1 ORDER BY role")?;
    let rows = st
        .query_map([user_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The permissions the user's roles grant, from the matrix.
pub fn permissions_of(c: &Connection, user_id: i64) -> Result<Vec<String>> {
    all(
        c,
        "SELECT DISTINCT rp.permission FROM user_roles ur \
         JOIN role_permissions rp ON rp.role = ur.role \
         WHERE ur.user_id = ?1 ORDER BY rp.permission",
        [user_id],
        |r| r.get(0),
    )
}

/// Whether an active user holds the permission through any of its roles, as of now.
pub fn has_permission(c: &Connection, user_id: i64, permission: &str) -> Result<bool> {
    let mut st = c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM users u \
           JOIN user_roles ur ON ur.user_id = u.id \
           JOIN role_permissions rp ON rp.role = ur.role \
          WHERE u.id = ?1 AND u.active = 1 AND rp.permission = ?2)",
    )?;
    Ok(st.query_row(params![user_id, permission], |r| r.get::<_, i64>(0))? == 1)
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub os_user: Option<&'a str>,
    pub approval_limit_minor: i64,
    pub created_at: &'a str,
}

pub fn insert(c: &Connection, u: &NewUser<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO users (username, display_name, password_hash, os_user, \
         approval_limit_minor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        u.username,
        u.display_name,
        u.password_hash,
        u.os_user,
        u.approval_limit_minor,
        u.created_at
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn set_roles(c: &Connection, user_id: i64, roles: &[&str]) -> Result<()> {
    c.execute("DELETE FROM user_roles WHERE user_id = ?1", [user_id])?;
    let mut st = c.prepare_cached("INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)")?;
    for r in roles {
        st.execute(params![user_id, r])?;
    }
    Ok(())
}

/// Sets the failed-login count and the lock of a user.
pub fn set_login_state(
    c: &Connection,
    user_id: i64,
    failed_logins: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    c.prepare_cached("UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1")?
        .execute(params![user_id, failed_logins, locked_until])?;
    Ok(())
}

pub fn set_password_hash(c: &Connection, user_id: i64, hash: &str) -> Result<()> {
    c.execute(
        "UPDATE users SET password_hash = ?2, failed_logins = 0, locked_until = NULL, \
         version = version + 1 WHERE id = ?1",
        params![user_id, hash],
    )?;
    Ok(())
}

pub fn set_active(c: &Connection, user_id: i64, active: bool) -> Result<()> {
    c.execute(
        "UPDATE users SET active = ?2, version = version + 1 WHERE id = ?1",
        params![user_id, active as i64],
    )?;
    Ok(())
}

pub fn role_exists(c: &Connection, role: &str) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM roles WHERE code = ?1)",
        [role],
        |r| r.get::<_, i64>(0),
    )? == 1)
}

//! Customers and their contacts.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::customer::CustomerStatus;

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub initials: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub terms: String,
    pub credit_limit_minor: i64,
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    pub version: i64,
    pub updated_at: String,
}

/// A contact person of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
    pub is_primary: bool,
}

const COLS: &str = "id, code, name, initials, phone, address, terms, credit_limit_minor, \
                    status, status_reason, version, updated_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CustomerRow> {
    Ok(CustomerRow {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        initials: r.get(3)?,
        phone: r.get(4)?,
        address: r.get(5)?,
        terms: r.get(6)?,
        credit_limit_minor: r.get(7)?,
        status: r.get(8)?,
        status_reason: r.get(9)?,
        version: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<CustomerRow>> {
    let sql = format!("SELECT {COLS} FROM customers WHERE id = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], row))?)
}

pub fn by_code(c: &Connection, code: &str) -> Result<Option<CustomerRow>> {
    let sql = format!("SELECT {COLS} FROM customers WHERE code = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([code], row))?)
}

/// Customers whose phone or a contact's phone is exactly `phone`.
pub fn by_phone(c: &Connection, phone: &str, limit: i64) -> Result<Vec<CustomerRow>> {
    let sql = format!(
        "SELECT {COLS} FROM customers WHERE phone = ?1 \
         UNION SELECT {COLS} FROM customers WHERE id IN \
           (SELECT customer_id FROM customer_contacts WHERE phone = ?1) \
         ORDER BY id LIMIT ?2"
    );
    all(c, &sql, params![phone, limit], row)
}

/// One page of customers by code, after `after_code` (keyset paging).
pub fn page_by_code(c: &Connection, after_code: &str, limit: i64) -> Result<Vec<CustomerRow>> {
    let sql = format!("SELECT {COLS} FROM customers WHERE code > ?1 ORDER BY code LIMIT ?2");
    all(c, &sql, params![after_code, limit], row)
}

/// The fields written on create and edit.
pub struct CustomerFields<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub initials: &'a str,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub terms: &'a str,
    pub credit_limit_minor: i64,
    pub status: CustomerStatus,
    pub status_reason: Option<&'a str>,
}

pub fn insert(c: &Connection, f: &CustomerFields<'_>, now: &str) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO customers (code, name, initials, phone, address, terms, \
         credit_limit_minor, status, status_reason, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        f.code,
        f.name,
        f.initials,
        f.phone,
        f.address,
        f.terms,
        f.credit_limit_minor,
        f.status,
        f.status_reason,
        now
    ])?;
    Ok(c.last_insert_rowid())
}

/// Updates when the stored version is `version`; returns false when another write
/// got there first.
pub fn update(
    c: &Connection,
    id: i64,
    version: i64,
    f: &CustomerFields<'_>,
    now: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE customers SET code = ?3, name = ?4, initials = ?5, phone = ?6, address = ?7, \
             terms = ?8, credit_limit_minor = ?9, status = ?10, status_reason = ?11, \
             updated_at = ?12, version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![
            id,
            version,
            f.code,
            f.name,
            f.initials,
            f.phone,
            f.address,
            f.terms,
            f.credit_limit_minor,
            f.status,
            f.status_reason,
            now
        ])?;
    Ok(n == 1)
}

pub fn contacts(c: &Connection, customer_id: i64) -> Result<Vec<ContactRow>> {
    all(
        c,
        "SELECT name, phone, email, title, is_primary FROM customer_contacts \
         WHERE customer_id = ?1 ORDER BY is_primary DESC, id",
        [customer_id],
        |r| {
            Ok(ContactRow {
                name: r.get(0)?,
                phone: r.get(1)?,
                email: r.get(2)?,
                title: r.get(3)?,
                is_primary: r.get::<_, i64>(4)? == 1,
            })
        },
    )
}

/// Replaces the contacts of a customer.
pub fn set_contacts(c: &Connection, customer_id: i64, contacts: &[ContactRow]) -> Result<()> {
    c.prepare_cached("DELETE FROM customer_contacts WHERE customer_id = ?1")?
        .execute([customer_id])?;
    let mut st = c.prepare_cached(
        "INSERT INTO customer_contacts (customer_id, name, phone, email, title, is_primary) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for k in contacts {
        st.execute(params![
            customer_id,
            k.name,
            k.phone,
            k.email,
            k.title,
            k.is_primary as i64
        ])?;
    }
    Ok(())
}

/// A customer's default carrier (默认承运商), if one is set.
pub fn default_carrier(c: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT default_carrier_id FROM customers WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, Option<i64>>(0)),
    )?
    .flatten())
}

/// Sets or clears a customer's default carrier.
pub fn set_default_carrier(
    c: &Connection,
    id: i64,
    carrier_id: Option<i64>,
    at: &str,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE customers SET default_carrier_id = ?2, updated_at = ?3, version = version + 1 \
         WHERE id = ?1",
    )?
    .execute(params![id, carrier_id, at])?;
    Ok(())
}

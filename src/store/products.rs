//! Products and their barcodes.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// A product as stored; prices and cost at 4 decimals, tax in basis points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub initials: String,
    pub spec: String,
    pub unit: String,
    pub list_price: i64,
    pub floor_price: i64,
    pub tax_bp: i64,
    pub tracks_lots: bool,
    pub tracks_expiry: bool,
    pub default_bin_id: Option<i64>,
    pub avg_cost: i64,
    pub active: bool,
    pub version: i64,
    pub updated_at: String,
    /// May be sold and stocked in fractions of its unit (米, 千克); else whole units only.
    pub divisible: bool,
}

const COLS: &str = "id, sku, name, initials, spec, unit, list_price, floor_price, tax_bp, \
                    tracks_lots, tracks_expiry, default_bin_id, avg_cost, active, version, updated_at, \
                    divisible";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProductRow> {
    Ok(ProductRow {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        initials: r.get(3)?,
        spec: r.get(4)?,
        unit: r.get(5)?,
        list_price: r.get(6)?,
        floor_price: r.get(7)?,
        tax_bp: r.get(8)?,
        tracks_lots: r.get::<_, i64>(9)? == 1,
        tracks_expiry: r.get::<_, i64>(10)? == 1,
        default_bin_id: r.get(11)?,
        avg_cost: r.get(12)?,
        active: r.get::<_, i64>(13)? == 1,
        version: r.get(14)?,
        updated_at: r.get(15)?,
        divisible: r.get::<_, i64>(16)? == 1,
    })
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<ProductRow>> {
    let sql = format!("SELECT {COLS} FROM products WHERE id = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], row))?)
}

/// A product's average cost (minor units), without reading the rest of its row.
pub fn avg_cost(c: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT avg_cost FROM products WHERE id = ?1")?
            .query_row([id], |r| r.get(0)),
    )?)
}

pub fn by_sku(c: &Connection, sku: &str) -> Result<Option<ProductRow>> {
    let sql = format!("SELECT {COLS} FROM products WHERE sku = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([sku], row))?)
}

pub fn by_barcode(c: &Connection, barcode: &str) -> Result<Option<ProductRow>> {
    let sql = format!(
        "SELECT {COLS} FROM products WHERE id = \
         (SELECT product_id FROM product_barcodes WHERE barcode = ?1)"
    );
    Ok(optional(c.prepare_cached(&sql)?.query_row([barcode], row))?)
}

/// The product that owns a barcode, if any.
pub fn barcode_owner(c: &Connection, barcode: &str) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT product_id FROM product_barcodes WHERE barcode = ?1")?
            .query_row([barcode], |r| r.get(0)),
    )?)
}

pub fn barcodes(c: &Connection, product_id: i64) -> Result<Vec<String>> {
    all(
        c,
        "SELECT barcode FROM product_barcodes WHERE product_id = ?1 ORDER BY rowid",
        [product_id],
        |r| r.get(0),
    )
}

pub fn set_barcodes(c: &Connection, product_id: i64, codes: &[String]) -> Result<()> {
    c.prepare_cached("DELETE FROM product_barcodes WHERE product_id = ?1")?
        .execute([product_id])?;
    let mut st =
        c.prepare_cached("INSERT INTO product_barcodes (barcode, product_id) VALUES (?1, ?2)")?;
    for b in codes {
        st.execute(params![b, product_id])?;
    }
    Ok(())
}

/// One page of products by SKU after `after_sku` (keyset paging).
pub fn page_by_sku(c: &Connection, after_sku: &str, limit: i64) -> Result<Vec<ProductRow>> {
    let sql = format!("SELECT {COLS} FROM products WHERE sku > ?1 ORDER BY sku LIMIT ?2");
    all(c, &sql, params![after_sku, limit], row)
}

/// The fields written on create and edit.
pub struct ProductFields<'a> {
    pub sku: &'a str,
    pub name: &'a str,
    pub initials: &'a str,
    pub spec: &'a str,
    pub unit: &'a str,
    pub list_price: i64,
    pub floor_price: i64,
    pub tax_bp: i64,
    pub tracks_lots: bool,
    pub tracks_expiry: bool,
    pub default_bin_id: Option<i64>,
    pub active: bool,
    pub divisible: bool,
}

pub fn insert(c: &Connection, f: &ProductFields<'_>, now: &str) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO products (sku, name, initials, spec, unit, list_price, floor_price, tax_bp, \
         tracks_lots, tracks_expiry, default_bin_id, active, created_at, updated_at, divisible) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
    )?
    .execute(params![
        f.sku,
        f.name,
        f.initials,
        f.spec,
        f.unit,
        f.list_price,
        f.floor_price,
        f.tax_bp,
        f.tracks_lots as i64,
        f.tracks_expiry as i64,
        f.default_bin_id,
        f.active as i64,
        now,
        f.divisible as i64
    ])?;
    let id = c.last_insert_rowid();
    c.prepare_cached("INSERT INTO product_stock (product_id) VALUES (?1)")?
        .execute([id])?;
    Ok(id)
}

/// Updates when the stored version is `version`; false when another write got there first.
pub fn update(
    c: &Connection,
    id: i64,
    version: i64,
    f: &ProductFields<'_>,
    now: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE products SET sku = ?3, name = ?4, initials = ?5, spec = ?6, unit = ?7, \
             list_price = ?8, floor_price = ?9, tax_bp = ?10, tracks_lots = ?11, \
             tracks_expiry = ?12, default_bin_id = ?13, active = ?14, updated_at = ?15, \
             divisible = ?16, version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![
            id,
            version,
            f.sku,
            f.name,
            f.initials,
            f.spec,
            f.unit,
            f.list_price,
            f.floor_price,
            f.tax_bp,
            f.tracks_lots as i64,
            f.tracks_expiry as i64,
            f.default_bin_id,
            f.active as i64,
            now,
            f.divisible as i64
        ])?;
    Ok(n == 1)
}

pub fn set_avg_cost(c: &Connection, id: i64, avg_cost: i64) -> Result<()> {
    c.prepare_cached("UPDATE products SET avg_cost = ?2 WHERE id = ?1")?
        .execute(params![id, avg_cost])?;
    Ok(())
}

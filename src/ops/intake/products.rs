//! The products order intake offers, as a read model: what a new order line needs of a
//! product, with the stock available when it was scanned or picked, so that the intake
//! screen needs no storage row.

use rusqlite::Connection;

use crate::domain::money::{Qty, UnitPrice};
use crate::ops::{master, Error, Result, Thing};
use crate::store::products::ProductRow;
use crate::store::{self, Db};

/// A product as a new order line takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProduct {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    /// The price a new line starts at (标准售价).
    pub list_price: UnitPrice,
    /// The floor price (最低售价): a line priced below it goes to approval.
    pub floor_price: UnitPrice,
    /// Tax rate in basis points (1300 = 13%).
    pub tax_bp: i64,
    /// Available stock (可用库存): on hand minus reserved, when it was read.
    pub available: Qty,
    /// May be sold in fractions of its unit (米, 千克); else whole units only.
    pub divisible: bool,
    /// When goods are expected (预计到货), from the earliest pending purchase or
    /// production request: what the counter tells a customer when stock is short.
    pub expected: Option<chrono::NaiveDate>,
}

fn line_product_of(c: &Connection, p: ProductRow) -> Result<LineProduct> {
    let stock = store::stock::product_stock(c, p.id)?;
    Ok(LineProduct {
        id: p.id,
        sku: p.sku,
        name: p.name,
        spec: p.spec,
        unit: p.unit,
        list_price: UnitPrice::from_db(p.list_price),
        floor_price: UnitPrice::from_db(p.floor_price),
        tax_bp: p.tax_bp,
        available: Qty::from_db(stock.available()),
        divisible: p.divisible,
        expected: crate::ops::shortage::expected_in(c, p.id)?,
    })
}

/// The product a scanned or typed code names (a barcode, GS1 data or a SKU), with its
/// available stock; `None` when no product has that code.
pub fn line_product_by_code(db: &Db, code: &str) -> Result<Option<LineProduct>> {
    db.read_snapshot(|c| {
        master::product_by_code_in(c, code)?
            .map(|p| line_product_of(c, p))
            .transpose()
    })
}

/// The product with this id, with its available stock.
pub fn line_product(db: &Db, id: i64) -> Result<LineProduct> {
    db.read_snapshot(|c| {
        let p = store::products::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Product,
            key: format!("#{id}"),
        })?;
        line_product_of(c, p)
    })
}

/// Products whose name, pinyin initials or code match typed words (as
/// [`master::find_products`] finds them), each with its available stock.
pub fn line_products_named(db: &Db, query: &str, limit: usize) -> Result<Vec<LineProduct>> {
    let found = master::find_product_rows(db, query, 0, limit)?;
    db.read_snapshot(|c| {
        found
            .iter()
            .map(|p| line_product_of(c, p.clone()))
            .collect()
    })
}

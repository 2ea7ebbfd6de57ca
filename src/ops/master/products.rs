//! Products (商品) and their barcodes: create, edit with a version check, look up by
//! any code, search and page.

use super::clean::{code, optional, required, text};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::field::FieldId;
use crate::domain::money::{TaxRate, UnitPrice};
use crate::domain::text::{clean_code, clean_text};
use crate::domain::{pinyin, search};
use crate::ops::read::{self, Product, StockTotals};
use crate::ops::{audit, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::store::products::{ProductFields, ProductRow};
use crate::store::search::Kind;
use crate::store::{self, Db};

const SKU: FieldId = FieldId::Sku;
const PRODUCT_NAME: FieldId = FieldId::ProductName;
const SPEC: FieldId = FieldId::Spec;
const UNIT: FieldId = FieldId::Unit;
const BARCODE: FieldId = FieldId::Barcode;
const LIST_PRICE: FieldId = FieldId::ListPrice;
const FLOOR_PRICE: FieldId = FieldId::FloorPrice;
const TAX_RATE: FieldId = FieldId::TaxRate;
const DEFAULT_BIN: FieldId = FieldId::DefaultBin;

/// A product form as typed by a user.
#[derive(Debug, Clone, Default)]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub barcodes: Vec<String>,
    pub list_price: String,
    pub floor_price: String,
    /// Percent, e.g. `13`; empty takes the company default.
    pub tax_rate: String,
    pub tracks_lots: bool,
    pub tracks_expiry: bool,
    /// A bin code, or empty.
    pub default_bin: String,
    pub inactive: bool,
    /// May be sold in fractions of its unit; `None` takes what the unit says
    /// ([`crate::domain::unit::divisible_by_default`]).
    pub divisible: Option<bool>,
}

struct CleanProduct {
    sku: String,
    name: String,
    initials: String,
    spec: String,
    unit: String,
    barcodes: Vec<String>,
    list_price: i64,
    floor_price: i64,
    tax_bp: Option<i64>,
    tracks_lots: bool,
    tracks_expiry: bool,
    default_bin: Option<String>,
    active: bool,
    divisible: bool,
}

impl CleanProduct {
    fn fields(&self, tax_bp: i64, default_bin_id: Option<i64>) -> ProductFields<'_> {
        ProductFields {
            sku: &self.sku,
            name: &self.name,
            initials: &self.initials,
            spec: &self.spec,
            unit: &self.unit,
            list_price: self.list_price,
            floor_price: self.floor_price,
            tax_bp,
            tracks_lots: self.tracks_lots,
            tracks_expiry: self.tracks_expiry,
            default_bin_id,
            active: self.active,
            divisible: self.divisible,
        }
    }

    fn json(&self, tax_bp: i64) -> serde_json::Value {
        serde_json::json!({
            "sku": self.sku, "name": self.name, "spec": self.spec, "unit": self.unit,
            "barcodes": self.barcodes, "list_price": self.list_price,
            "floor_price": self.floor_price, "tax_bp": tax_bp, "tracks_lots": self.tracks_lots,
            "tracks_expiry": self.tracks_expiry, "default_bin": self.default_bin,
            "active": self.active, "divisible": self.divisible,
        })
    }
}

fn clean_product(input: &ProductInput) -> Result<CleanProduct> {
    let name = required(&input.name, 100, PRODUCT_NAME)?;
    let list = UnitPrice::parse(&input.list_price)
        .map_err(|e| Error::field(LIST_PRICE, FieldProblem::Number(e)))?;
    let floor = if input.floor_price.trim().is_empty() {
        UnitPrice::ZERO
    } else {
        UnitPrice::parse(&input.floor_price)
            .map_err(|e| Error::field(FLOOR_PRICE, FieldProblem::Number(e)))?
    };
    if floor.to_db() > list.to_db() {
        return Err(Error::field_refused(
            FLOOR_PRICE,
            Refusal::FloorAboveList {
                floor: floor.to_string(),
                list: list.to_string(),
            },
        ));
    }
    let tax_bp = if input.tax_rate.trim().is_empty() {
        None
    } else {
        Some(
            TaxRate::parse(&input.tax_rate)
                .map_err(|e| Error::field(TAX_RATE, FieldProblem::Number(e)))?
                .to_bp(),
        )
    };
    let mut barcodes: Vec<String> = Vec::new();
    for raw in &input.barcodes {
        if raw.trim().is_empty() {
            continue;
        }
        let b = barcode::validate_product_barcode(raw)
            .map_err(|e| Error::field(BARCODE, FieldProblem::Barcode(e)))?;
        if !barcodes.contains(&b) {
            barcodes.push(b);
        }
    }
    if input.tracks_expiry && !input.tracks_lots {
        return Err(Error::Refused(Refusal::ExpiryNeedsLots));
    }
    let default_bin = clean_text(&input.default_bin, 32)
        .map_err(|e| Error::field(DEFAULT_BIN, FieldProblem::Text(e)))?
        .to_uppercase();
    let unit = required(&input.unit, 8, UNIT)?;
    Ok(CleanProduct {
        sku: code(&input.sku, 32, SKU)?,
        initials: pinyin::initials(&name),
        name,
        spec: text(&input.spec, 100, SPEC)?,
        divisible: input
            .divisible
            .unwrap_or_else(|| crate::domain::unit::divisible_by_default(&unit)),
        unit,
        barcodes,
        list_price: list.to_db(),
        floor_price: floor.to_db(),
        tax_bp,
        tracks_lots: input.tracks_lots,
        tracks_expiry: input.tracks_expiry,
        default_bin: optional(default_bin),
        active: !input.inactive,
    })
}

/// Checks barcodes and the default bin inside the transaction; returns the bin id.
fn check_product_refs(
    c: &rusqlite::Connection,
    p: &CleanProduct,
    own_id: Option<i64>,
) -> Result<Option<i64>> {
    for b in &p.barcodes {
        if let Some(owner) = store::products::barcode_owner(c, b)? {
            if Some(owner) != own_id {
                return Err(Error::Duplicate {
                    what: Thing::Barcode,
                    key: b.clone(),
                });
            }
        }
    }
    match &p.default_bin {
        None => Ok(None),
        Some(code) => match store::master::bin_by_code(c, code)? {
            Some(bin) => Ok(Some(bin.id)),
            None => Err(Error::NotFound {
                what: Thing::Bin,
                key: code.clone(),
            }),
        },
    }
}

/// Creates a product. Needs the product permission, and the price permission when it
/// carries prices.
pub fn create_product(db: &Db, actor: &Actor, input: &ProductInput) -> Result<i64> {
    let p = clean_product(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditProducts)?;
        if p.list_price != 0 || p.floor_price != 0 {
            require(tx, actor, Permission::EditPrices)?;
        }
        if store::products::by_sku(tx, &p.sku)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Sku,
                key: p.sku.clone(),
            });
        }
        let bin = check_product_refs(tx, &p, None)?;
        let tax_bp = match p.tax_bp {
            Some(t) => t,
            None => store::master::company(tx)?
                .map(|c| c.default_tax_bp)
                .unwrap_or(1300),
        };
        let now = now_stamp();
        let id = store::products::insert(tx, &p.fields(tax_bp, bin), &now)?;
        store::products::set_barcodes(tx, id, &p.barcodes)?;
        store::search::set_grams(
            tx,
            Kind::Product,
            id,
            &search::index_grams(&p.name, &[&p.sku]),
        )?;
        audit(
            tx,
            Some(actor),
            &now,
            "product",
            Some(id),
            "create",
            None,
            Some(&p.json(tax_bp)),
        )?;
        Ok(id)
    })
}

/// Edits a product opened at `version`. Changing a price needs the price permission.
pub fn update_product(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &ProductInput,
) -> Result<()> {
    let p = clean_product(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditProducts)?;
        let before = store::products::by_id(tx, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Product,
            key: format!("#{id}"),
        })?;
        if before.version != version {
            return Err(crate::ops::conflict(tx, "product", id, &before.updated_at)?);
        }
        let tax_bp = p.tax_bp.unwrap_or(before.tax_bp);
        if before.list_price != p.list_price
            || before.floor_price != p.floor_price
            || before.tax_bp != tax_bp
        {
            require(tx, actor, Permission::EditPrices)?;
        }
        if before.sku != p.sku && store::products::by_sku(tx, &p.sku)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Sku,
                key: p.sku.clone(),
            });
        }
        if before.tracks_lots != p.tracks_lots && store::stock::product_stock(tx, id)?.on_hand > 0 {
            return Err(Error::Refused(Refusal::LotTrackingWithStock));
        }
        let bin = check_product_refs(tx, &p, Some(id))?;
        let now = now_stamp();
        store::products::update(tx, id, version, &p.fields(tax_bp, bin), &now)?;
        let before_codes = store::products::barcodes(tx, id)?;
        store::products::set_barcodes(tx, id, &p.barcodes)?;
        store::search::set_grams(
            tx,
            Kind::Product,
            id,
            &search::index_grams(&p.name, &[&p.sku]),
        )?;
        let before_json = serde_json::json!({
            "sku": before.sku, "name": before.name, "spec": before.spec, "unit": before.unit,
            "barcodes": before_codes, "list_price": before.list_price,
            "floor_price": before.floor_price, "tax_bp": before.tax_bp,
            "tracks_lots": before.tracks_lots, "tracks_expiry": before.tracks_expiry,
            "default_bin_id": before.default_bin_id, "active": before.active,
            "divisible": before.divisible,
        });
        audit(
            tx,
            Some(actor),
            &now,
            "product",
            Some(id),
            "update",
            Some(&before_json),
            Some(&p.json(tax_bp)),
        )?;
        Ok(())
    })
}

/// Refuses a fraction of a product sold in whole units (个, 台, 把 …); a divisible
/// product (米, 千克) takes any quantity.
pub fn check_whole_units(
    sku: &str,
    unit: &str,
    divisible: bool,
    qty: crate::domain::money::Qty,
) -> std::result::Result<(), Refusal> {
    if divisible || crate::domain::unit::is_whole(qty) {
        return Ok(());
    }
    Err(Refusal::WholeUnitsOnly {
        sku: sku.to_string(),
        unit: unit.to_string(),
        qty,
    })
}

/// [`check_whole_units`] for a stored product.
pub(crate) fn whole_units_of(
    p: &ProductRow,
    qty: crate::domain::money::Qty,
) -> std::result::Result<(), Refusal> {
    check_whole_units(&p.sku, &p.unit, p.divisible, qty)
}

/// A product with its barcodes.
#[derive(Debug, Clone)]
pub struct ProductDetail {
    pub product: Product,
    pub barcodes: Vec<String>,
    pub stock: StockTotals,
}

pub fn product(db: &Db, id: i64) -> Result<ProductDetail> {
    db.read_snapshot(|c| {
        let product = store::products::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Product,
            key: format!("#{id}"),
        })?;
        Ok(ProductDetail {
            barcodes: store::products::barcodes(c, id)?,
            stock: store::stock::product_stock(c, id)?.into(),
            product: product.try_into()?,
        })
    })
}

/// The product a scanned or typed code names: a barcode (EAN/UPC/GTIN, also inside
/// GS1 data), then a SKU.
pub fn product_by_code(db: &Db, input: &str) -> Result<Option<Product>> {
    db.read(|c| product_by_code_in(c, input))?
        .map(Product::try_from)
        .transpose()
}

pub(crate) fn product_by_code_in(
    c: &rusqlite::Connection,
    input: &str,
) -> Result<Option<ProductRow>> {
    let candidates: Vec<String> = match barcode::classify_scan(input) {
        Scan::Gtin(g) => gtin_forms(&g),
        Scan::Gs1(data) => data.gtin.map(|g| gtin_forms(&g)).unwrap_or_default(),
        Scan::Text(t) => vec![t],
    };
    for code in &candidates {
        if let Some(p) = store::products::by_barcode(c, code)? {
            return Ok(Some(p));
        }
    }
    if let Ok(sku) = clean_code(input, 32) {
        if !sku.is_empty() {
            return Ok(store::products::by_sku(c, &sku)?);
        }
    }
    Ok(None)
}

/// The forms under which a scanned GTIN may be stored: as scanned, and as GTIN-14, -13,
/// -12 and -8 where the digits dropped are leading zeros (GS1 data carries a GTIN-14,
/// and a scanner may read a UPC-A as a 13-digit EAN).
fn gtin_forms(g: &str) -> Vec<String> {
    let mut forms = vec![g.to_string()];
    if let Some(g14) = barcode::gtin_to_14(g) {
        for len in [14, 13, 12, 8] {
            let (zeros, rest) = g14.split_at(14 - len);
            if zeros.bytes().all(|b| b == b'0') && !forms.iter().any(|f| f == rest) {
                forms.push(rest.to_string());
            }
        }
    }
    forms
}

/// Finds products by barcode or SKU (exact), or a substring of the name or its pinyin
/// initials through the name index; `after_id` continues a previous page.
pub fn find_products(db: &Db, query: &str, after_id: i64, limit: usize) -> Result<Vec<Product>> {
    read::all(find_product_rows(db, query, after_id, limit)?)
}

/// The rows behind [`find_products`], for the use cases that read further columns.
pub(crate) fn find_product_rows(
    db: &Db,
    query: &str,
    after_id: i64,
    limit: usize,
) -> Result<Vec<ProductRow>> {
    let q = query.trim();
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    db.read_snapshot(|c| {
        let mut out = Vec::new();
        if after_id == 0 {
            if let Some(p) = product_by_code_in(c, q)? {
                out.push(p);
            }
        }
        let grams = search::query_grams(q);
        let mut found = Vec::new();
        store::search::find(c, Kind::Product, q, &grams, after_id, limit, |id| {
            let Some(row) = store::products::by_id(c, id)? else {
                return Ok(false);
            };
            let ok = search::matches(q, &row.name, &[&row.sku]);
            if ok {
                found.push(row);
            }
            Ok(ok)
        })?;
        for row in found {
            if !out.iter().any(|r: &ProductRow| r.id == row.id) {
                out.push(row);
            }
        }
        out.truncate(limit);
        Ok(out)
    })
}

/// One page of products ordered by SKU, after `after_sku` (keyset paging).
pub fn products_page(db: &Db, after_sku: &str, limit: i64) -> Result<Vec<Product>> {
    read::all(db.read(|c| Ok::<_, Error>(store::products::page_by_sku(c, after_sku, limit)?))?)
}

/// Stock totals (on hand, reserved, backordered) of each product of a page, in the
/// order of `ids`: one primary-key read per product.
pub fn products_stock(db: &Db, ids: &[i64]) -> Result<Vec<StockTotals>> {
    db.read_snapshot(|c| {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            out.push(store::stock::product_stock(c, id)?.into());
        }
        Ok(out)
    })
}

//! Master data: customers, products, warehouses and bins — create, edit (with version
//! checks against lost updates), look up and search.

use super::{audit, now_stamp, require, Actor, Error, FieldProblem, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::money::{Money, TaxRate, UnitPrice};
use crate::domain::terms::PaymentTerms;
use crate::domain::text::{clean_code, clean_phone, clean_text, FieldName};
use crate::domain::{pinyin, search};
use crate::store::customers::{ContactRow, CustomerFields, CustomerRow};
use crate::store::products::{ProductFields, ProductRow};
use crate::store::search::Kind;
use crate::store::{self, Db};

const CODE: FieldName = FieldName::new("编码", "Code");
const CUSTOMER_NAME: FieldName = FieldName::new("客户名称", "Customer name");
const PHONE: FieldName = FieldName::new("电话", "Phone");
const ADDRESS: FieldName = FieldName::new("地址", "Address");
const TERMS: FieldName = FieldName::new("付款条件", "Payment terms");
const CREDIT_LIMIT: FieldName = FieldName::new("信用额度", "Credit limit");
const STATUS_REASON: FieldName = FieldName::new("状态原因", "Status reason");
const CONTACT_NAME: FieldName = FieldName::new("联系人", "Contact name");
const EMAIL: FieldName = FieldName::new("邮箱", "Email");
const TITLE: FieldName = FieldName::new("职务", "Title");
const SKU: FieldName = FieldName::new("货号", "SKU");
const PRODUCT_NAME: FieldName = FieldName::new("商品名称", "Product name");
const SPEC: FieldName = FieldName::new("规格", "Specification");
const UNIT: FieldName = FieldName::new("单位", "Unit");
const BARCODE: FieldName = FieldName::new("条码", "Barcode");
const LIST_PRICE: FieldName = FieldName::new("标准售价", "List price");
const FLOOR_PRICE: FieldName = FieldName::new("最低售价", "Floor price");
const TAX_RATE: FieldName = FieldName::new("税率", "Tax rate");
const DEFAULT_BIN: FieldName = FieldName::new("默认库位", "Default bin");
const BIN_CODE: FieldName = FieldName::new("库位编码", "Bin code");
const NAME: FieldName = FieldName::new("名称", "Name");

fn text(input: &str, max: usize, field: FieldName) -> Result<String> {
    clean_text(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))
}

fn required(input: &str, max: usize, field: FieldName) -> Result<String> {
    let t = text(input, max, field)?;
    if t.is_empty() {
        // The message is shown after the field's name: "客户名称：不能为空".
        return Err(Error::field_rule(field, "不能为空", "must not be empty"));
    }
    Ok(t)
}

fn code(input: &str, max: usize, field: FieldName) -> Result<String> {
    let c = clean_code(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))?;
    if c.is_empty() {
        return Err(Error::field_rule(field, "不能为空", "must not be empty"));
    }
    Ok(c)
}

fn optional(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

// ---------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------

/// Customer status: prospects are not yet qualified, blocked customers cannot order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerStatus {
    /// 潜在客户
    Prospect,
    /// 正常
    Active,
    /// 已冻结
    Blocked,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Prospect => "prospect",
            CustomerStatus::Active => "active",
            CustomerStatus::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> Option<CustomerStatus> {
        match s.trim().to_lowercase().as_str() {
            "prospect" | "潜在客户" | "潜在" => Some(CustomerStatus::Prospect),
            "active" | "正常" => Some(CustomerStatus::Active),
            "blocked" | "已冻结" | "冻结" => Some(CustomerStatus::Blocked),
            _ => None,
        }
    }
}

/// A contact person as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub title: String,
}

/// A customer form as typed by a user.
#[derive(Debug, Clone)]
pub struct CustomerInput {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    /// A terms code (`net:30`) or text (`月结30天`).
    pub terms: String,
    pub credit_limit: String,
    pub status: CustomerStatus,
    pub status_reason: String,
    pub contacts: Vec<ContactInput>,
}

impl Default for CustomerInput {
    fn default() -> Self {
        CustomerInput {
            code: String::new(),
            name: String::new(),
            phone: String::new(),
            address: String::new(),
            terms: "cod".into(),
            credit_limit: "0".into(),
            status: CustomerStatus::Prospect,
            status_reason: String::new(),
            contacts: Vec::new(),
        }
    }
}

struct CleanCustomer {
    code: String,
    name: String,
    initials: String,
    phone: Option<String>,
    address: Option<String>,
    terms: String,
    credit_limit_minor: i64,
    status: CustomerStatus,
    status_reason: Option<String>,
    contacts: Vec<ContactRow>,
}

impl CleanCustomer {
    fn fields(&self) -> CustomerFields<'_> {
        CustomerFields {
            code: &self.code,
            name: &self.name,
            initials: &self.initials,
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
            terms: &self.terms,
            credit_limit_minor: self.credit_limit_minor,
            status: self.status.as_str(),
            status_reason: self.status_reason.as_deref(),
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code, "name": self.name, "phone": self.phone, "address": self.address,
            "terms": self.terms, "credit_limit_minor": self.credit_limit_minor,
            "status": self.status.as_str(), "status_reason": self.status_reason,
            "contacts": contacts_json(&self.contacts),
        })
    }

    fn grams(&self) -> Vec<String> {
        let phone = self.phone.as_deref().unwrap_or("");
        search::index_grams(&self.name, &[&self.code, phone])
    }
}

fn contacts_json(contacts: &[ContactRow]) -> serde_json::Value {
    contacts
        .iter()
        .map(|k| {
            serde_json::json!({
                "name": k.name, "phone": k.phone, "email": k.email, "title": k.title,
                "is_primary": k.is_primary,
            })
        })
        .collect()
}

fn clean_contact(k: &ContactInput, is_primary: bool) -> Result<ContactRow> {
    let email = text(&k.email, 100, EMAIL)?;
    if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
        return Err(Error::field_rule(
            EMAIL,
            "格式不正确",
            "is not an e-mail address",
        ));
    }
    Ok(ContactRow {
        name: required(&k.name, 64, CONTACT_NAME)?,
        phone: optional(
            clean_phone(&k.phone).map_err(|e| Error::field(PHONE, FieldProblem::Text(e)))?,
        ),
        email: optional(email),
        title: optional(text(&k.title, 32, TITLE)?),
        is_primary,
    })
}

/// Checks one contact as a customer's save would, without saving anything: a form with
/// several contacts uses it to find the one an error is about.
pub fn check_contact(input: &ContactInput) -> Result<()> {
    clean_contact(input, false).map(|_| ())
}

fn clean_customer(input: &CustomerInput) -> Result<CleanCustomer> {
    let name = required(&input.name, 100, CUSTOMER_NAME)?;
    let terms = PaymentTerms::parse_code(input.terms.trim())
        .or_else(|_| PaymentTerms::parse_text(&input.terms))
        .map_err(|e| Error::field(TERMS, FieldProblem::Terms(e)))?;
    let credit = Money::parse(&input.credit_limit)
        .map_err(|e| Error::field(CREDIT_LIMIT, FieldProblem::Number(e)))?;
    let status_reason = optional(text(&input.status_reason, 200, STATUS_REASON)?);
    if input.status == CustomerStatus::Blocked && status_reason.is_none() {
        return Err(Error::field_rule(
            STATUS_REASON,
            "冻结客户时必须写明原因",
            "a blocked customer needs a reason",
        ));
    }
    let mut contacts = Vec::new();
    for (i, k) in input.contacts.iter().enumerate() {
        contacts.push(clean_contact(k, i == 0)?);
    }
    Ok(CleanCustomer {
        code: code(&input.code, 32, CODE)?,
        initials: pinyin::initials(&name),
        name,
        phone: optional(
            clean_phone(&input.phone).map_err(|e| Error::field(PHONE, FieldProblem::Text(e)))?,
        ),
        address: optional(text(&input.address, 200, ADDRESS)?),
        terms: terms.code(),
        credit_limit_minor: credit.minor(),
        status: input.status,
        status_reason,
        contacts,
    })
}

/// Creates a customer. Needs the customer permission; a customer that starts out other
/// than as an unqualified prospect on cash terms without credit is a credit decision and
/// needs the credit permission too.
pub fn create_customer(db: &Db, actor: &Actor, input: &CustomerInput) -> Result<i64> {
    let c = clean_customer(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditCustomers)?;
        let plain_prospect = c.status == CustomerStatus::Prospect
            && c.credit_limit_minor == 0
            && (c.terms == "cod" || c.terms == "prepay");
        if !plain_prospect {
            require(tx, actor, Permission::ApproveCredit)?;
        }
        if store::customers::by_code(tx, &c.code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Customer,
                key: c.code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::customers::insert(tx, &c.fields(), &now)?;
        store::customers::set_contacts(tx, id, &c.contacts)?;
        store::search::set_grams(tx, Kind::Customer, id, &c.grams())?;
        audit(
            tx,
            Some(actor),
            &now,
            "customer",
            Some(id),
            "create",
            None,
            Some(&c.json()),
        )?;
        Ok(id)
    })
}

/// Edits a customer opened at `version`; refused with who changed it when another
/// session saved in between.
pub fn update_customer(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &CustomerInput,
) -> Result<()> {
    let c = clean_customer(input)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditCustomers)?;
        let before = store::customers::by_id(tx, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: format!("#{id}"),
        })?;
        if before.version != version {
            return Err(super::conflict(tx, "customer", id, &before.updated_at)?);
        }
        if before.code != c.code && store::customers::by_code(tx, &c.code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Customer,
                key: c.code.clone(),
            });
        }
        // Credit limit, terms and status (qualify, block, unblock) are credit decisions.
        if before.credit_limit_minor != c.credit_limit_minor
            || before.terms != c.terms
            || before.status != c.status.as_str()
        {
            require(tx, actor, Permission::ApproveCredit)?;
        }
        let before_contacts = store::customers::contacts(tx, id)?;
        let now = now_stamp();
        store::customers::update(tx, id, version, &c.fields(), &now)?;
        store::customers::set_contacts(tx, id, &c.contacts)?;
        store::search::set_grams(tx, Kind::Customer, id, &c.grams())?;
        let before_json = serde_json::json!({
            "code": before.code, "name": before.name, "phone": before.phone,
            "address": before.address, "terms": before.terms,
            "credit_limit_minor": before.credit_limit_minor, "status": before.status,
            "status_reason": before.status_reason,
            "contacts": contacts_json(&before_contacts),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "customer",
            Some(id),
            "update",
            Some(&before_json),
            Some(&c.json()),
        )?;
        Ok(())
    })
}

/// A customer with its contacts.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    pub customer: CustomerRow,
    pub contacts: Vec<ContactRow>,
}

pub fn customer(db: &Db, id: i64) -> Result<CustomerDetail> {
    db.read_snapshot(|c| {
        let customer = store::customers::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: format!("#{id}"),
        })?;
        let contacts = store::customers::contacts(c, id)?;
        Ok(CustomerDetail { customer, contacts })
    })
}

/// Finds customers by code (exact), phone (exact, also contacts' phones), or a
/// substring of the name or its pinyin initials, through the name index.
pub fn find_customers(db: &Db, query: &str, limit: usize) -> Result<Vec<CustomerRow>> {
    let q = query.trim();
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    db.read_snapshot(|c| {
        let mut out: Vec<CustomerRow> = Vec::new();
        if let Ok(code) = clean_code(q, 32) {
            if let Some(row) = store::customers::by_code(c, &code)? {
                out.push(row);
            }
        }
        if q.chars().filter(char::is_ascii_digit).count() >= 5 {
            if let Ok(phone) = clean_phone(q) {
                for row in store::customers::by_phone(c, &phone, limit as i64)? {
                    if !out.iter().any(|r| r.id == row.id) {
                        out.push(row);
                    }
                }
            }
        }
        let grams = search::query_grams(q);
        let mut found = Vec::new();
        store::search::find(c, Kind::Customer, q, &grams, 0, limit, |id| {
            let Some(row) = store::customers::by_id(c, id)? else {
                return Ok(false);
            };
            let phone = row.phone.clone().unwrap_or_default();
            let ok = search::matches(q, &row.name, &[&row.code, &phone]);
            if ok {
                found.push(row);
            }
            Ok(ok)
        })?;
        for row in found {
            if !out.iter().any(|r| r.id == row.id) {
                out.push(row);
            }
        }
        out.truncate(limit);
        Ok(out)
    })
}

// ---------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------

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
        }
    }

    fn json(&self, tax_bp: i64) -> serde_json::Value {
        serde_json::json!({
            "sku": self.sku, "name": self.name, "spec": self.spec, "unit": self.unit,
            "barcodes": self.barcodes, "list_price": self.list_price,
            "floor_price": self.floor_price, "tax_bp": tax_bp, "tracks_lots": self.tracks_lots,
            "tracks_expiry": self.tracks_expiry, "default_bin": self.default_bin,
            "active": self.active,
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
        return Err(Error::field_rule(
            FLOOR_PRICE,
            format!("最低售价 {floor} 不能高于标准售价 {list}"),
            format!("the floor price {floor} cannot be above the list price {list}"),
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
        return Err(Error::rule(
            "跟踪有效期的商品必须同时按批次管理",
            "A product that tracks expiry must also track lots",
        ));
    }
    let default_bin = clean_text(&input.default_bin, 32)
        .map_err(|e| Error::field(DEFAULT_BIN, FieldProblem::Text(e)))?
        .to_uppercase();
    Ok(CleanProduct {
        sku: code(&input.sku, 32, SKU)?,
        initials: pinyin::initials(&name),
        name,
        spec: text(&input.spec, 100, SPEC)?,
        unit: required(&input.unit, 8, UNIT)?,
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
            return Err(super::conflict(tx, "product", id, &before.updated_at)?);
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
            return Err(Error::rule(
                "该商品还有库存，不能更改批次管理；请先把库存调整为零",
                "This product has stock; lot tracking can only be changed when none is left",
            ));
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

/// A product with its barcodes.
#[derive(Debug, Clone)]
pub struct ProductDetail {
    pub product: ProductRow,
    pub barcodes: Vec<String>,
    pub stock: store::stock::ProductStock,
}

pub fn product(db: &Db, id: i64) -> Result<ProductDetail> {
    db.read_snapshot(|c| {
        let product = store::products::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Product,
            key: format!("#{id}"),
        })?;
        Ok(ProductDetail {
            barcodes: store::products::barcodes(c, id)?,
            stock: store::stock::product_stock(c, id)?,
            product,
        })
    })
}

/// The product a scanned or typed code names: a barcode (EAN/UPC/GTIN, also inside
/// GS1 data), then a SKU.
pub fn product_by_code(db: &Db, input: &str) -> Result<Option<ProductRow>> {
    db.read(|c| product_by_code_in(c, input))
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
pub fn find_products(db: &Db, query: &str, after_id: i64, limit: usize) -> Result<Vec<ProductRow>> {
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

// ---------------------------------------------------------------------------------------
// Warehouses and bins
// ---------------------------------------------------------------------------------------

/// Creates a warehouse. Needs the bin permission.
pub fn create_warehouse(db: &Db, actor: &Actor, code_in: &str, name_in: &str) -> Result<i64> {
    let code = code(code_in, 16, CODE)?;
    let name = required(name_in, 64, NAME)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditBins)?;
        if store::master::warehouse_by_code(tx, &code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Warehouse,
                key: code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::master::insert_warehouse(tx, &code, &name)?;
        let after = serde_json::json!({ "code": code, "name": name });
        audit(
            tx,
            Some(actor),
            &now,
            "warehouse",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

/// Creates a bin (库位) in a warehouse. Bin codes are unique across warehouses so that
/// a scanned bin label names one place.
pub fn create_bin(
    db: &Db,
    actor: &Actor,
    warehouse_code: &str,
    code_in: &str,
    name_in: &str,
) -> Result<i64> {
    let wh = code(warehouse_code, 16, CODE)?;
    let code = code(code_in, 32, BIN_CODE)?;
    let name = text(name_in, 64, NAME)?;
    db.write(|tx| {
        require(tx, actor, Permission::EditBins)?;
        let wh_id = store::master::warehouse_by_code(tx, &wh)?.ok_or_else(|| Error::NotFound {
            what: Thing::Warehouse,
            key: wh.clone(),
        })?;
        if store::master::bin_by_code(tx, &code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Bin,
                key: code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::master::insert_bin(tx, wh_id, &code, &name)?;
        let after = serde_json::json!({ "warehouse": wh, "code": code, "name": name });
        audit(
            tx,
            Some(actor),
            &now,
            "bin",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

pub fn bins(db: &Db) -> Result<Vec<store::master::BinRow>> {
    db.read(|c| Ok(store::master::list_bins(c)?))
}

/// One page of products ordered by SKU, after `after_sku` (keyset paging).
pub fn products_page(db: &Db, after_sku: &str, limit: i64) -> Result<Vec<ProductRow>> {
    db.read(|c| Ok(store::products::page_by_sku(c, after_sku, limit)?))
}

/// One page of customers ordered by code, after `after_code` (keyset paging).
pub fn customers_page(db: &Db, after_code: &str, limit: i64) -> Result<Vec<CustomerRow>> {
    db.read(|c| Ok(store::customers::page_by_code(c, after_code, limit)?))
}

/// Stock totals (on hand, reserved, backordered) of each product of a page, in the
/// order of `ids`: one primary-key read per product.
pub fn products_stock(db: &Db, ids: &[i64]) -> Result<Vec<store::stock::ProductStock>> {
    db.read_snapshot(|c| {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            out.push(store::stock::product_stock(c, id)?);
        }
        Ok(out)
    })
}

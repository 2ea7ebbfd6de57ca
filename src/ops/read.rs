//! Read models: what the screens and the command line read of products, bins,
//! customers and stock. Store rows are decoded here into domain types (prices, tax
//! rates, quantities, money, terms, dates, move kinds), so that no raw minor unit or
//! code string climbs above `ops`; a stored value that does not decode is reported as a
//! damaged file, never guessed.

use chrono::NaiveDate;

use super::{Error, Result};
use crate::domain::customer::CustomerStatus;
use crate::domain::money::{Money, Qty, TaxRate, UnitPrice};
use crate::domain::stock::MoveKind;
use crate::domain::terms::PaymentTerms;
use crate::store::{self, StoreError};

/// A stored value that no domain type reads: the file was changed behind our back.
fn damaged(what: &str, value: impl std::fmt::Display) -> Error {
    Error::Store(StoreError::Corrupt(format!(
        "unreadable {what} \"{value}\""
    )))
}

fn date(what: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| damaged(what, text))
}

/// A product (商品) as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    /// Pinyin initials of the name, for search.
    pub initials: String,
    pub spec: String,
    pub unit: String,
    pub list_price: UnitPrice,
    /// The lowest price that needs no manager's approval (最低售价).
    pub floor_price: UnitPrice,
    pub tax_rate: TaxRate,
    pub tracks_lots: bool,
    pub tracks_expiry: bool,
    /// Whether a fraction of the unit may be sold (米, 千克) or only whole units (个, 台).
    pub divisible: bool,
    pub default_bin_id: Option<i64>,
    /// Moving weighted average cost (移动加权平均).
    pub avg_cost: UnitPrice,
    pub active: bool,
    /// Sent back with an edit, so that a change by someone else is not lost.
    pub version: i64,
}

impl TryFrom<store::products::ProductRow> for Product {
    type Error = Error;

    fn try_from(r: store::products::ProductRow) -> Result<Product> {
        Ok(Product {
            tax_rate: TaxRate::from_bp(r.tax_bp).map_err(|_| damaged("tax rate", r.tax_bp))?,
            id: r.id,
            sku: r.sku,
            name: r.name,
            initials: r.initials,
            spec: r.spec,
            unit: r.unit,
            list_price: UnitPrice::from_db(r.list_price),
            floor_price: UnitPrice::from_db(r.floor_price),
            tracks_lots: r.tracks_lots,
            tracks_expiry: r.tracks_expiry,
            divisible: r.divisible,
            default_bin_id: r.default_bin_id,
            avg_cost: UnitPrice::from_db(r.avg_cost),
            active: r.active,
            version: r.version,
        })
    }
}

/// Decodes a list of stored rows.
pub(crate) fn all<R, T: TryFrom<R, Error = Error>>(rows: Vec<R>) -> Result<Vec<T>> {
    rows.into_iter().map(T::try_from).collect()
}

/// A product's stock totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StockTotals {
    /// On hand (实物库存): the sum of the product's stock moves.
    pub on_hand: Qty,
    /// Reserved (预留) for approved orders not yet shipped.
    pub reserved: Qty,
    /// Ordered but not reserved for want of stock (缺货).
    pub backordered: Qty,
    /// On hand in return and quarantine bins (不可售): not for sale.
    pub held: Qty,
}

impl StockTotals {
    /// Available stock (可用库存): on hand minus reserved, minus what is held in return
    /// and quarantine bins.
    pub fn available(&self) -> Qty {
        Qty::from_db(self.on_hand.to_db() - self.reserved.to_db() - self.held.to_db())
    }
}

impl From<store::stock::ProductStock> for StockTotals {
    fn from(s: store::stock::ProductStock) -> StockTotals {
        StockTotals {
            on_hand: Qty::from_db(s.on_hand),
            reserved: Qty::from_db(s.reserved),
            backordered: Qty::from_db(s.backordered),
            held: Qty::from_db(s.held),
        }
    }
}

/// One product of the stock overview (库存总览) with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub on_hand: Qty,
    pub reserved: Qty,
    pub backordered: Qty,
    /// On hand in return and quarantine bins (不可售).
    pub held: Qty,
}

impl OverviewRow {
    /// Available stock (可用库存): on hand minus reserved and held.
    pub fn available(&self) -> Qty {
        Qty::from_db(self.on_hand.to_db() - self.reserved.to_db() - self.held.to_db())
    }
}

impl From<store::stock::OverviewRow> for OverviewRow {
    fn from(r: store::stock::OverviewRow) -> OverviewRow {
        OverviewRow {
            product_id: r.product_id,
            sku: r.sku,
            name: r.name,
            unit: r.unit,
            on_hand: Qty::from_db(r.on_hand),
            reserved: Qty::from_db(r.reserved),
            backordered: Qty::from_db(r.backordered),
            held: Qty::from_db(r.held),
        }
    }
}

/// One bin and lot where a product lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub bin_id: i64,
    pub bin_code: String,
    pub lot_id: i64,
    /// Empty for products that do not track lots.
    pub lot_no: String,
    pub received_on: NaiveDate,
    pub expiry: Option<NaiveDate>,
    pub on_hand: Qty,
}

impl TryFrom<store::stock::LevelRow> for Level {
    type Error = Error;

    fn try_from(r: store::stock::LevelRow) -> Result<Level> {
        Ok(Level {
            received_on: date("receipt date", &r.received_on)?,
            expiry: r
                .expiry
                .as_deref()
                .map(|e| date("expiry date", e))
                .transpose()?,
            bin_id: r.bin_id,
            bin_code: r.bin_code,
            lot_id: r.lot_id,
            lot_no: r.lot_no,
            on_hand: Qty::from_db(r.on_hand),
        })
    }
}

/// A stock move as the movement history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub id: i64,
    pub bin_code: String,
    pub lot_no: String,
    /// Positive into the bin, negative out of it.
    pub qty: Qty,
    pub unit_cost: UnitPrice,
    pub kind: MoveKind,
    pub reason: Option<String>,
    pub doc_no: Option<String>,
    /// The user name of who made the move.
    pub actor: String,
    /// Their display name (张丽), for the screens.
    pub actor_name: String,
    /// The instant as stored (RFC 3339, UTC); shown in the company's time zone.
    pub at: String,
}

impl TryFrom<store::stock::MoveEntry> for Move {
    type Error = Error;

    fn try_from(r: store::stock::MoveEntry) -> Result<Move> {
        Ok(Move {
            kind: MoveKind::parse(&r.kind).ok_or_else(|| damaged("stock move kind", &r.kind))?,
            id: r.id,
            bin_code: r.bin_code,
            lot_no: r.lot_no,
            qty: Qty::from_db(r.qty),
            unit_cost: UnitPrice::from_db(r.unit_cost),
            reason: r.reason,
            doc_no: r.doc_no,
            actor: r.actor,
            actor_name: r.actor_name,
            at: r.at,
        })
    }
}

/// A bin (库位).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    pub id: i64,
    pub warehouse_id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
}

impl From<store::master::BinRow> for Bin {
    fn from(b: store::master::BinRow) -> Bin {
        Bin {
            id: b.id,
            warehouse_id: b.warehouse_id,
            code: b.code,
            name: b.name,
            active: b.active,
        }
    }
}

/// A customer (客户) as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Pinyin initials of the name, for search.
    pub initials: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub terms: PaymentTerms,
    pub credit_limit: Money,
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    /// Sent back with an edit, so that a change by someone else is not lost.
    pub version: i64,
}

impl TryFrom<store::customers::CustomerRow> for Customer {
    type Error = Error;

    fn try_from(r: store::customers::CustomerRow) -> Result<Customer> {
        Ok(Customer {
            terms: PaymentTerms::parse_code(&r.terms)
                .map_err(|_| damaged("payment terms", &r.terms))?,
            id: r.id,
            code: r.code,
            name: r.name,
            initials: r.initials,
            phone: r.phone,
            address: r.address,
            credit_limit: Money::from_minor(r.credit_limit_minor),
            status: r.status,
            status_reason: r.status_reason,
            version: r.version,
        })
    }
}

/// A contact person of a customer (联系人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
    pub is_primary: bool,
}

impl From<store::customers::ContactRow> for Contact {
    fn from(k: store::customers::ContactRow) -> Contact {
        Contact {
            name: k.name,
            phone: k.phone,
            email: k.email,
            title: k.title,
            is_primary: k.is_primary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_value_no_domain_type_reads_is_reported_not_guessed() {
        let row = store::stock::LevelRow {
            bin_id: 1,
            bin_code: "A-01".into(),
            lot_id: 1,
            lot_no: String::new(),
            received_on: "2026-11-28".into(),
            expiry: Some("28/11/2026".into()),
            on_hand: 1500,
        };
        assert!(matches!(
            Level::try_from(row.clone()),
            Err(Error::Store(StoreError::Corrupt(_)))
        ));
        let ok = Level::try_from(store::stock::LevelRow {
            expiry: None,
            ..row
        })
        .unwrap();
        assert_eq!(
            ok.received_on,
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
        );
        assert_eq!(ok.on_hand.to_string(), "1.5");
    }

    #[test]
    fn available_is_on_hand_less_reserved_and_held() {
        let t = StockTotals {
            on_hand: Qty::from_db(5000),
            reserved: Qty::from_db(7000),
            backordered: Qty::from_db(0),
            held: Qty::from_db(0),
        };
        assert_eq!(t.available(), Qty::from_db(-2000));
        let t = StockTotals {
            on_hand: Qty::from_db(5000),
            reserved: Qty::from_db(1000),
            held: Qty::from_db(1500),
            ..t
        };
        assert_eq!(
            t.available(),
            Qty::from_db(2500),
            "quarantined goods are not for sale"
        );
    }
}

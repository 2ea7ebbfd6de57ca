//! The demo's master data: users, warehouses, bins, products, customers and stock;
//! the small set through the real operations, the large set in bulk.

use chrono::{Duration, NaiveDate};

use super::catalogue::{customer_spec, product_spec};
use super::scale::{Progress, Scale};
use crate::domain::money::{Qty, UnitPrice};
use crate::domain::{pinyin, search};
use crate::ops::{master, stamp, stock, Actor, Result};
use crate::store::{self, Db};

/// The small set, through the real operations.
pub(super) fn small_master_data(
    db: &Db,
    admin: &Actor,
    finance: &Actor,
    rng: &mut fastrand::Rng,
    bins: &[String],
    as_of: NaiveDate,
) -> Result<()> {
    // Expiry dates must lie after the real receipt date even for an old --as-of.
    let today = crate::ops::business_date(crate::ops::clock::now(), 480).max(as_of);
    for i in 0..Scale::Small.products() {
        let p = product_spec(i, rng);
        master::create_product(
            db,
            admin,
            &master::ProductInput {
                sku: p.sku.clone(),
                name: p.name.clone(),
                spec: p.spec.clone(),
                unit: p.unit.into(),
                barcodes: vec![p.barcode.clone()],
                list_price: p.list_price.to_string(),
                floor_price: p.floor_price.to_string(),
                tax_rate: "13".into(),
                tracks_lots: p.lots,
                tracks_expiry: p.expiry,
                default_bin: bins[i % 12].clone(),
                inactive: false,
            },
        )?;
        // One to three receipts per product; tracked products get lots, some expiring soon.
        for r in 0..rng.usize(1..=3) {
            let expiry = if p.expiry {
                (today + Duration::days(rng.i64(20..400))).to_string()
            } else {
                String::new()
            };
            stock::receive_stock(
                db,
                admin,
                &stock::ReceiptInput {
                    product: p.sku.clone(),
                    bin: bins[(i + r * 5) % bins.len()].clone(),
                    lot: if p.lots {
                        format!("L{}{:02}", 2600 + i, r + 1)
                    } else {
                        String::new()
                    },
                    expiry,
                    qty: rng.u32(40..400).to_string(),
                    unit_cost: (UnitPrice::from_db(p.unit_cost.to_db() * rng.i64(95..106) / 100))
                        .to_string(),
                    note: "期初入库".into(),
                },
            )?;
        }
        if i % 9 == 4 && !p.lots {
            stock::adjust_stock(
                db,
                admin,
                &stock::AdjustInput {
                    product: p.sku.clone(),
                    bin: bins[i % bins.len()].clone(),
                    lot: String::new(),
                    qty: "-2".into(),
                    reason: "盘点短少".into(),
                },
            )?;
        }
    }
    for i in 0..Scale::Small.customers() {
        let c = customer_spec(i, rng);
        master::create_customer(
            db,
            finance,
            &master::CustomerInput {
                code: c.code,
                name: c.name,
                phone: c.phone.clone(),
                address: c.address,
                terms: c.terms.into(),
                credit_limit: c.credit_limit.plain(),
                status: c.status,
                status_reason: c.reason.into(),
                contacts: vec![master::ContactInput {
                    name: c.contact,
                    phone: c.phone,
                    email: String::new(),
                    title: "采购".into(),
                }],
            },
        )?;
    }
    Ok(())
}

/// The large set's products, customers and opening stock, written in bulk.
pub(super) fn bulk_master_data(
    db: &Db,
    admin: &Actor,
    scale: Scale,
    rng: &mut fastrand::Rng,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let now = stamp(crate::ops::clock::now());
    let received = (as_of - Duration::days(scale.days() + 30)).to_string();
    let bins = db.read(|c| Ok::<_, crate::ops::Error>(store::master::list_bins(c)?))?;
    const BATCH: usize = 10_000;
    let mut start = 0;
    while start < scale.products() {
        let end = (start + BATCH).min(scale.products());
        *rng = db.write(|tx| {
            let mut rng = rng.clone();
            let rng = &mut rng;
            for i in start..end {
                let p = product_spec(i, rng);
                let initials = pinyin::initials(&p.name);
                let bin = &bins[i % 12];
                let id = store::products::insert(
                    tx,
                    &store::products::ProductFields {
                        sku: &p.sku,
                        name: &p.name,
                        initials: &initials,
                        spec: &p.spec,
                        unit: p.unit,
                        list_price: p.list_price.to_db(),
                        floor_price: p.floor_price.to_db(),
                        tax_bp: p.tax_bp,
                        tracks_lots: p.lots,
                        tracks_expiry: p.expiry,
                        default_bin_id: Some(bin.id),
                        active: true,
                    },
                    &now,
                )?;
                store::products::set_barcodes(tx, id, std::slice::from_ref(&p.barcode))?;
                store::search::set_grams(
                    tx,
                    store::search::Kind::Product,
                    id,
                    &search::index_grams(&p.name, &[&p.sku]),
                )?;
                let expiry = p
                    .expiry
                    .then(|| (as_of + Duration::days(rng.i64(30..700))).to_string());
                let lot_no = if p.lots {
                    format!("L{}", 24000 + i)
                } else {
                    String::new()
                };
                let lot = store::stock::insert_lot(tx, id, &lot_no, &received, expiry.as_deref())?;
                let qty = Qty::from_int(rng.i32(200..2000)).to_db();
                store::stock::insert_move(
                    tx,
                    &store::stock::MoveRow {
                        product_id: id,
                        bin_id: bin.id,
                        lot_id: lot,
                        qty,
                        unit_cost: p.unit_cost.to_db(),
                        kind: "receipt",
                        reason: Some("期初入库"),
                        doc_type: None,
                        doc_id: None,
                        doc_no: None,
                        actor_id: admin.id(),
                        at: &now,
                    },
                )?;
                store::stock::apply_move_to_levels(tx, id, bin.id, lot, qty)?;
                store::products::set_avg_cost(tx, id, p.unit_cost.to_db())?;
            }
            Ok::<_, crate::ops::Error>(rng.clone())
        })?;
        start = end;
        progress(Progress::Products(end));
    }
    let mut start = 0;
    while start < scale.customers() {
        let end = (start + BATCH).min(scale.customers());
        *rng = db.write(|tx| {
            let mut rng = rng.clone();
            let rng = &mut rng;
            for i in start..end {
                let c = customer_spec(i, rng);
                let initials = pinyin::initials(&c.name);
                let id = store::customers::insert(
                    tx,
                    &store::customers::CustomerFields {
                        code: &c.code,
                        name: &c.name,
                        initials: &initials,
                        phone: Some(&c.phone),
                        address: Some(&c.address),
                        terms: c.terms,
                        credit_limit_minor: c.credit_limit.minor(),
                        status: c.status,
                        status_reason: (!c.reason.is_empty()).then_some(c.reason),
                    },
                    &now,
                )?;
                store::customers::set_contacts(
                    tx,
                    id,
                    &[store::customers::ContactRow {
                        name: c.contact.clone(),
                        phone: Some(c.phone.clone()),
                        email: None,
                        title: Some("采购".into()),
                        is_primary: true,
                    }],
                )?;
                store::search::set_grams(
                    tx,
                    store::search::Kind::Customer,
                    id,
                    &search::index_grams(&c.name, &[&c.code, &c.phone]),
                )?;
            }
            Ok::<_, crate::ops::Error>(rng.clone())
        })?;
        start = end;
        progress(Progress::Customers(end));
    }
    Ok(())
}

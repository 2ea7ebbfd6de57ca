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
                divisible: None,
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
                    qty: opening_qty(i, rng.u32(40..400)).to_string(),
                    unit_cost: (UnitPrice::from_db(p.unit_cost.to_db() * rng.i64(95..106) / 100))
                        .to_string(),
                    note: "期初入库".into(),
                    request: String::new(),
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

/// Whether a product of the small set runs short: its opening stock is a few pieces, so
/// that the approved demo orders asking for more carry backorders (缺货).
pub(super) fn runs_short(i: usize) -> bool {
    i % 20 == 6
}

/// The opening quantity of one receipt of the `i`-th product, from the drawn one.
fn opening_qty(i: usize, drawn: u32) -> u32 {
    if runs_short(i) {
        (drawn / 40).max(1)
    } else {
        drawn
    }
}

/// What the README's import examples (`tests/fixtures/orders.csv` and `.json`) name: the
/// customers HX001 and SD002 and the products BOLT-M8 (EAN 6901234567892) and GLUE-502,
/// with stock, so that a newcomer's first import runs on the demo as written. Returns
/// how many customers (and as many products) it made.
pub(super) fn import_examples(
    db: &Db,
    admin: &Actor,
    finance: &Actor,
    as_of: NaiveDate,
) -> Result<usize> {
    for (code, name, phone, contact) in [
        ("HX001", "华信建材商行", "0571-88120001", "周海"),
        ("SD002", "顺达装饰工程有限公司", "0571-88120002", "吴敏"),
    ] {
        master::create_customer(
            db,
            finance,
            &master::CustomerInput {
                code: code.into(),
                name: name.into(),
                phone: phone.into(),
                address: "杭州市拱墅区湖墅南路 88 号".into(),
                terms: "net:30".into(),
                credit_limit: "50000".into(),
                status: crate::domain::customer::CustomerStatus::Active,
                status_reason: String::new(),
                contacts: vec![master::ContactInput {
                    name: contact.into(),
                    phone: phone.into(),
                    email: String::new(),
                    title: "采购".into(),
                }],
            },
        )?;
    }
    for (sku, name, unit, ean, list, floor, lots) in [
        (
            "BOLT-M8",
            "不锈钢螺栓M8",
            "个",
            "6901234567892",
            "1.20",
            "0.80",
            false,
        ),
        (
            "GLUE-502",
            "快干胶水502",
            "支",
            "6901234567908",
            "5.00",
            "3.50",
            true,
        ),
    ] {
        master::create_product(
            db,
            admin,
            &master::ProductInput {
                sku: sku.into(),
                name: name.into(),
                spec: String::new(),
                unit: unit.into(),
                barcodes: vec![ean.into()],
                list_price: list.into(),
                floor_price: floor.into(),
                tax_rate: "13".into(),
                tracks_lots: lots,
                tracks_expiry: lots,
                default_bin: "A-01-01".into(),
                inactive: false,
                divisible: None,
            },
        )?;
        let today = crate::ops::business_date(crate::ops::clock::now(), 480).max(as_of);
        stock::receive_stock(
            db,
            admin,
            &stock::ReceiptInput {
                product: sku.into(),
                bin: "A-01-01".into(),
                lot: if lots { "L2611".into() } else { String::new() },
                expiry: if lots {
                    (today + Duration::days(365)).to_string()
                } else {
                    String::new()
                },
                qty: if lots { "200" } else { "5000" }.into(),
                unit_cost: if lots { "3.00" } else { "0.60" }.into(),
                note: "期初入库".into(),
                request: String::new(),
            },
        )?;
    }
    Ok(2)
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
                        divisible: crate::domain::unit::divisible_by_default(p.unit),
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

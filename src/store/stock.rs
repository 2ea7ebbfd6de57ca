//! Lots, the stock ledger (append-only moves) and the cached levels.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// A lot (批次) of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotRow {
    pub id: i64,
    pub product_id: i64,
    pub lot_no: String,
    pub received_on: String,
    pub expiry: Option<String>,
}

pub fn lot(c: &Connection, product_id: i64, lot_no: &str) -> Result<Option<LotRow>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT id, product_id, lot_no, received_on, expiry FROM lots \
             WHERE product_id = ?1 AND lot_no = ?2",
        )?
        .query_row(params![product_id, lot_no], |r| {
            Ok(LotRow {
                id: r.get(0)?,
                product_id: r.get(1)?,
                lot_no: r.get(2)?,
                received_on: r.get(3)?,
                expiry: r.get(4)?,
            })
        }),
    )?)
}

pub fn insert_lot(
    c: &Connection,
    product_id: i64,
    lot_no: &str,
    received_on: &str,
    expiry: Option<&str>,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO lots (product_id, lot_no, received_on, expiry) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![product_id, lot_no, received_on, expiry])?;
    Ok(c.last_insert_rowid())
}

/// One row of the stock ledger.
pub struct MoveRow<'a> {
    pub product_id: i64,
    pub bin_id: i64,
    pub lot_id: i64,
    pub qty: i64,
    pub unit_cost: i64,
    pub kind: &'a str,
    pub reason: Option<&'a str>,
    pub doc_type: Option<&'a str>,
    pub doc_id: Option<i64>,
    pub doc_no: Option<&'a str>,
    pub actor_id: i64,
    pub at: &'a str,
}

pub fn insert_move(c: &Connection, m: &MoveRow<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, reason, \
         doc_type, doc_id, doc_no, actor_id, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        m.product_id,
        m.bin_id,
        m.lot_id,
        m.qty,
        m.unit_cost,
        m.kind,
        m.reason,
        m.doc_type,
        m.doc_id,
        m.doc_no,
        m.actor_id,
        m.at
    ])?;
    Ok(c.last_insert_rowid())
}

/// On hand of one product in one bin and lot.
pub fn level(c: &Connection, product_id: i64, bin_id: i64, lot_id: i64) -> Result<i64> {
    Ok(optional(
        c.prepare_cached(
            "SELECT on_hand FROM stock_levels WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3",
        )?
        .query_row(params![product_id, bin_id, lot_id], |r| r.get(0)),
    )?
    .unwrap_or(0))
}

/// Adds `delta` to the cached level of (product, bin, lot) and to the product total.
/// The CHECK constraints refuse a negative result; callers check first to give a clear
/// message.
pub fn apply_move_to_levels(
    c: &Connection,
    product_id: i64,
    bin_id: i64,
    lot_id: i64,
    delta: i64,
) -> Result<()> {
    // UPDATE first: an upsert would check the CHECK constraints against the row it tries
    // to insert (a negative delta) before finding the existing row.
    let n = c
        .prepare_cached(
            "UPDATE stock_levels SET on_hand = on_hand + ?4 \
             WHERE product_id = ?1 AND bin_id = ?2 AND lot_id = ?3",
        )?
        .execute(params![product_id, bin_id, lot_id, delta])?;
    if n == 0 {
        c.prepare_cached(
            "INSERT INTO stock_levels (product_id, bin_id, lot_id, on_hand) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![product_id, bin_id, lot_id, delta])?;
    }
    // Stock in a return or quarantine bin is held: on hand, never for sale.
    let held = if is_held_bin(c, bin_id)? { delta } else { 0 };
    let n = c
        .prepare_cached(
            "UPDATE product_stock SET on_hand = on_hand + ?2, held = held + ?3 WHERE product_id = ?1",
        )?
        .execute(params![product_id, delta, held])?;
    if n == 0 {
        c.prepare_cached(
            "INSERT INTO product_stock (product_id, on_hand, held) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![product_id, delta, held])?;
    }
    Ok(())
}

/// Whether stock in this bin is held (不可售): a return or quarantine bin.
pub fn is_held_bin(c: &Connection, bin_id: i64) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM bins WHERE id = ?1 AND kind = 'returns')")?
            .query_row([bin_id], |r| r.get::<_, i64>(0))?
            == 1,
    )
}

/// Cached totals of one product, thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProductStock {
    pub on_hand: i64,
    pub reserved: i64,
    pub backordered: i64,
    /// On hand in return and quarantine bins: not for sale.
    pub held: i64,
}

impl ProductStock {
    /// Available stock (可用库存): on hand minus reserved, minus what is held in return
    /// and quarantine bins.
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved - self.held
    }
}

pub fn product_stock(c: &Connection, product_id: i64) -> Result<ProductStock> {
    Ok(optional(
        c.prepare_cached(
            "SELECT on_hand, reserved, backordered, held FROM product_stock WHERE product_id = ?1",
        )?
        .query_row([product_id], |r| {
            Ok(ProductStock {
                on_hand: r.get(0)?,
                reserved: r.get(1)?,
                backordered: r.get(2)?,
                held: r.get(3)?,
            })
        }),
    )?
    .unwrap_or_default())
}

/// One bin/lot line of a product's stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRow {
    pub bin_id: i64,
    pub bin_code: String,
    pub lot_id: i64,
    pub lot_no: String,
    pub received_on: String,
    pub expiry: Option<String>,
    pub on_hand: i64,
}

/// Where a product lies, oldest lot first.
pub fn levels_of_product(c: &Connection, product_id: i64) -> Result<Vec<LevelRow>> {
    all(
        c,
        "SELECT l.bin_id, b.code, l.lot_id, t.lot_no, t.received_on, t.expiry, l.on_hand \
         FROM stock_levels l JOIN bins b ON b.id = l.bin_id JOIN lots t ON t.id = l.lot_id \
         WHERE l.product_id = ?1 AND l.on_hand > 0 ORDER BY t.received_on, t.id, b.code",
        [product_id],
        |r| {
            Ok(LevelRow {
                bin_id: r.get(0)?,
                bin_code: r.get(1)?,
                lot_id: r.get(2)?,
                lot_no: r.get(3)?,
                received_on: r.get(4)?,
                expiry: r.get(5)?,
                on_hand: r.get(6)?,
            })
        },
    )
}

/// A stock move as read back, newest first, for movement history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveEntry {
    pub id: i64,
    pub bin_code: String,
    pub lot_no: String,
    pub qty: i64,
    pub unit_cost: i64,
    pub kind: String,
    pub reason: Option<String>,
    pub doc_no: Option<String>,
    /// The user name of who made the move.
    pub actor: String,
    /// Their display name (张丽), for the screens.
    pub actor_name: String,
    pub at: String,
}

pub fn moves_of_product(
    c: &Connection,
    product_id: i64,
    before_id: i64,
    limit: i64,
) -> Result<Vec<MoveEntry>> {
    all(
        c,
        "SELECT m.id, b.code, t.lot_no, m.qty, m.unit_cost, m.kind, m.reason, m.doc_no, \
                u.username, u.display_name, m.at \
         FROM stock_moves m JOIN bins b ON b.id = m.bin_id JOIN lots t ON t.id = m.lot_id \
         JOIN users u ON u.id = m.actor_id \
         WHERE m.product_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3",
        params![product_id, before_id, limit],
        |r| {
            Ok(MoveEntry {
                id: r.get(0)?,
                bin_code: r.get(1)?,
                lot_no: r.get(2)?,
                qty: r.get(3)?,
                unit_cost: r.get(4)?,
                kind: r.get(5)?,
                reason: r.get(6)?,
                doc_no: r.get(7)?,
                actor: r.get(8)?,
                actor_name: r.get(9)?,
                at: r.get(10)?,
            })
        },
    )
}

pub fn move_exists(c: &Connection, id: i64) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM stock_moves WHERE id = ?1)")?
            .query_row([id], |r| r.get::<_, i64>(0))?
            == 1,
    )
}

/// One row of the stock overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub backordered: i64,
    /// On hand in return and quarantine bins.
    pub held: i64,
}

/// One page of the stock overview by SKU, after `after_sku` (keyset paging).
pub fn overview_page(c: &Connection, after_sku: &str, limit: i64) -> Result<Vec<OverviewRow>> {
    all(
        c,
        "SELECT p.id, p.sku, p.name, p.unit, COALESCE(s.on_hand, 0), COALESCE(s.reserved, 0), \
                COALESCE(s.backordered, 0), COALESCE(s.held, 0) \
         FROM products p LEFT JOIN product_stock s ON s.product_id = p.id \
         WHERE p.sku > ?1 ORDER BY p.sku LIMIT ?2",
        params![after_sku, limit],
        |r| {
            Ok(OverviewRow {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                on_hand: r.get(4)?,
                reserved: r.get(5)?,
                backordered: r.get(6)?,
                held: r.get(7)?,
            })
        },
    )
}

/// The overview rows of these products, in the order given (a search's hits).
pub fn overview_rows(c: &Connection, product_ids: &[i64]) -> Result<Vec<OverviewRow>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.sku, p.name, p.unit, COALESCE(s.on_hand, 0), COALESCE(s.reserved, 0), \
                COALESCE(s.backordered, 0), COALESCE(s.held, 0) \
         FROM products p LEFT JOIN product_stock s ON s.product_id = p.id WHERE p.id = ?1",
    )?;
    let mut out = Vec::with_capacity(product_ids.len());
    for &id in product_ids {
        let row = optional(st.query_row([id], |r| {
            Ok(OverviewRow {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                on_hand: r.get(4)?,
                reserved: r.get(5)?,
                backordered: r.get(6)?,
                held: r.get(7)?,
            })
        }))?;
        out.extend(row);
    }
    Ok(out)
}

/// One product and lot lying in a bin, as the books have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinLevelRow {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub lot_no: String,
    pub on_hand: i64,
}

/// What the books say lies in a bin, by SKU and lot.
pub fn levels_of_bin(c: &Connection, bin_id: i64) -> Result<Vec<BinLevelRow>> {
    all(
        c,
        "SELECT l.product_id, p.sku, p.name, t.lot_no, l.on_hand \
         FROM stock_levels l JOIN products p ON p.id = l.product_id JOIN lots t ON t.id = l.lot_id \
         WHERE l.bin_id = ?1 AND l.on_hand > 0 ORDER BY p.sku, t.lot_no",
        [bin_id],
        |r| {
            Ok(BinLevelRow {
                product_id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                lot_no: r.get(3)?,
                on_hand: r.get(4)?,
            })
        },
    )
}

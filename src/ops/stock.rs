//! Stock receipts (入库) and adjustments (库存调整): each one move in the append-only
//! ledger, the cached levels, the moving average cost and an audit row, in one
//! transaction.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{
    audit, company_today, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing,
};
use crate::domain::access::Permission;
use crate::domain::barcode::{self, Scan};
use crate::domain::field::FieldId;
use crate::domain::money::{moving_average_cost, Qty, UnitPrice};
use crate::domain::text::{clean_code, clean_text};
use crate::store::products::ProductRow;

use super::read::{self, Bin, Product, StockTotals};
pub use super::read::{Level, Move};
use crate::store::{self, Db};

const PRODUCT: FieldId = FieldId::Product;
const BIN: FieldId = FieldId::Bin;
const LOT: FieldId = FieldId::Lot;
const EXPIRY: FieldId = FieldId::Expiry;
const QTY: FieldId = FieldId::Qty;
const UNIT_COST: FieldId = FieldId::UnitCost;
const REASON: FieldId = FieldId::Reason;

/// A receipt as typed or scanned. `product` may be a barcode, a SKU or GS1 data, whose
/// lot, expiry and count fill the fields left empty.
#[derive(Debug, Clone, Default)]
pub struct ReceiptInput {
    pub product: String,
    pub bin: String,
    pub lot: String,
    /// `YYYY-MM-DD`, or empty.
    pub expiry: String,
    pub qty: String,
    pub unit_cost: String,
    pub note: String,
    /// The purchase or production request (请购单, PR-…) the goods arrive for, or empty.
    pub request: String,
}

/// What a receipt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDone {
    pub move_id: i64,
    pub doc_no: String,
    pub product_id: i64,
    pub on_hand: Qty,
    pub avg_cost: UnitPrice,
    /// The request the receipt counted against, if it named one.
    pub request: Option<String>,
}

/// An adjustment as typed: a signed quantity and a reason.
#[derive(Debug, Clone, Default)]
pub struct AdjustInput {
    pub product: String,
    pub bin: String,
    pub lot: String,
    /// Signed, e.g. `-2` or `5`.
    pub qty: String,
    pub reason: String,
}

/// What an adjustment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustDone {
    pub move_id: i64,
    pub doc_no: String,
    pub on_hand: Qty,
}

fn parse_date(c: &Connection, s: &str) -> Result<Option<NaiveDate>> {
    super::optional_date(s, EXPIRY, super::company_today(c)?)
}

pub(super) fn parse_signed_qty(s: &str) -> Result<Qty> {
    let t = s.trim();
    let (neg, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('－')) {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let q = Qty::parse_positive(rest).map_err(|e| Error::field(QTY, FieldProblem::Number(e)))?;
    Ok(if neg { -q } else { q })
}

/// The product named by a scan or code, with GS1 data when the scan carried some.
pub(super) fn resolve_product(
    c: &Connection,
    input: &str,
) -> Result<(ProductRow, Option<barcode::Gs1Data>)> {
    let gs1 = match barcode::classify_scan(input) {
        Scan::Gs1(d) => Some(d),
        _ => None,
    };
    let product = super::master::product_by_code_in(c, input)?.ok_or_else(|| Error::NotFound {
        what: Thing::Product,
        key: input.trim().to_string(),
    })?;
    if !product.active {
        return Err(Error::field_refused(
            PRODUCT,
            Refusal::InactiveProduct {
                sku: product.sku.clone(),
            },
        ));
    }
    Ok((product, gs1))
}

pub(super) fn resolve_bin(c: &Connection, input: &str) -> Result<store::master::BinRow> {
    // As the bin was created: a scanner in full-width mode sends "Ａ－０１" for "A-01".
    let code = clean_code(input, 32).map_err(|e| Error::field(BIN, FieldProblem::Text(e)))?;
    if code.is_empty() {
        return Err(Error::field_refused(BIN, Refusal::BinRequired));
    }
    let bin = store::master::bin_by_code(c, &code)?.ok_or(Error::NotFound {
        what: Thing::Bin,
        key: code.clone(),
    })?;
    if !bin.active {
        return Err(Error::field_refused(
            BIN,
            Refusal::InactiveBin { code: code.clone() },
        ));
    }
    // Staged goods move only by picking and shipping.
    if store::picking::bin_kind(c, bin.id)? == "staging" {
        return Err(Error::field_refused(
            BIN,
            Refusal::StagingBinByHand { code },
        ));
    }
    Ok(bin)
}

pub(super) fn clean_lot(input: &str, product: &ProductRow) -> Result<String> {
    let lot = clean_text(input, 20).map_err(|e| Error::field(LOT, FieldProblem::Text(e)))?;
    if product.tracks_lots && lot.is_empty() {
        return Err(Error::field_refused(
            LOT,
            Refusal::LotRequired {
                sku: product.sku.clone(),
            },
        ));
    }
    if !product.tracks_lots && !lot.is_empty() {
        return Err(Error::field_refused(
            LOT,
            Refusal::LotNotTracked {
                sku: product.sku.clone(),
            },
        ));
    }
    Ok(lot)
}

/// Receives stock into a bin: one receipt move (GR- number), the new moving average
/// cost, and the audit row. Needs the receive permission.
pub fn receive_stock(db: &Db, actor: &Actor, input: &ReceiptInput) -> Result<ReceiptDone> {
    let note =
        clean_text(&input.note, 200).map_err(|e| Error::field(REASON, FieldProblem::Text(e)))?;
    // A blank cost means "at the current average cost", which only a product that has
    // one can offer; it is never taken as zero, which would drag the average down.
    let typed_cost = if input.unit_cost.trim().is_empty() {
        None
    } else {
        Some(
            UnitPrice::parse(&input.unit_cost)
                .map_err(|e| Error::field(UNIT_COST, FieldProblem::Number(e)))?,
        )
    };
    let typed_expiry = db.read(|c| parse_date(c, &input.expiry))?;
    db.write(|tx| {
        require(tx, actor, Permission::ReceiveStock)?;
        let (product, gs1) = resolve_product(tx, &input.product)?;
        let unit_cost = match typed_cost {
            Some(c) => c,
            None if product.avg_cost > 0 => UnitPrice::from_db(product.avg_cost),
            None => {
                return Err(Error::field_refused(UNIT_COST, Refusal::NoCostYet { sku: product.sku.clone() }))
            }
        };
        let bin = resolve_bin(tx, &input.bin)?;
        // A label's lot and expiry fill only the fields this product has: suppliers print
        // them on case labels of goods the shop does not track by lot.
        let lot_text = if input.lot.trim().is_empty() {
            gs1.as_ref()
                .filter(|_| product.tracks_lots)
                .and_then(|g| g.lot.clone())
                .unwrap_or_default()
        } else {
            input.lot.clone()
        };
        let lot_no = clean_lot(&lot_text, &product)?;
        let expiry = typed_expiry.or_else(|| {
            gs1.as_ref()
                .filter(|_| product.tracks_expiry)
                .and_then(|g| g.expiry)
        });
        let qty = if input.qty.trim().is_empty() {
            match gs1.as_ref().and_then(|g| g.count) {
                Some(0) => {
                    return Err(Error::field_refused(QTY, Refusal::LabelQtyZero))
                }
                Some(n) => i64::try_from(n)
                    .ok()
                    .and_then(Qty::checked_from_int)
                    .filter(|q| q.to_db() <= Qty::MAX_INPUT.to_db())
                    .ok_or_else(|| Error::field_refused(QTY, Refusal::QtyTooLarge))?,
                None => return Err(Error::field_refused(QTY, Refusal::QtyRequired)),
            }
        } else {
            Qty::parse_positive(&input.qty).map_err(|e| Error::field(QTY, FieldProblem::Number(e)))?
        };
        super::master::whole_units_of(&product, qty).map_err(|r| Error::field_refused(QTY, r))?;
        let today = company_today(tx)?;
        if product.tracks_expiry && expiry.is_none() {
            return Err(Error::field_refused(EXPIRY, Refusal::ExpiryRequired { sku: product.sku.clone() }));
        }
        if let Some(e) = expiry {
            if !product.tracks_expiry {
                return Err(Error::field_refused(EXPIRY, Refusal::ExpiryNotTracked { sku: product.sku.clone() }));
            }
            if e < today {
                return Err(Error::field_refused(EXPIRY, Refusal::ExpiryBeforeReceipt { expiry: e, today }));
            }
        }
        let lot_id = match store::stock::lot(tx, product.id, &lot_no)? {
            Some(l) => {
                let stored = l.expiry.as_deref();
                let given = expiry.map(|d| d.to_string());
                if given.is_some() && stored != given.as_deref() {
                    return Err(Error::field_refused(EXPIRY, Refusal::LotExpiryDiffers { lot: lot_no.clone(), stored: stored.unwrap_or("-").to_string(), given: given.as_deref().unwrap_or("-").to_string() }));
                }
                l.id
            }
            None => store::stock::insert_lot(tx, product.id, &lot_no, &today.to_string(), expiry.map(|d| d.to_string()).as_deref())?,
        };
        let before = store::stock::product_stock(tx, product.id)?;
        let old_cost = UnitPrice::from_db(product.avg_cost);
        let new_on_hand = Qty::from_db(before.on_hand)
            .checked_add(qty)
            .filter(|q| q.to_db() <= Qty::MAX_INPUT.to_db())
            .ok_or_else(|| Error::field_refused(QTY, Refusal::StockOverflow))?;
        let avg = moving_average_cost(Qty::from_db(before.on_hand), old_cost, qty, unit_cost);
        let now = now_stamp();
        let year = chrono::Datelike::year(&today);
        let doc_no = store::counters::format_number("GR", year, store::counters::next(tx, "GR", year)?);
        let move_id = store::stock::insert_move(
            tx,
            &store::stock::MoveRow {
                product_id: product.id,
                bin_id: bin.id,
                lot_id,
                qty: qty.to_db(),
                unit_cost: unit_cost.to_db(),
                kind: "receipt",
                reason: (!note.is_empty()).then_some(note.as_str()),
                doc_type: Some("GR"),
                doc_id: None,
                doc_no: Some(&doc_no),
                actor_id: actor.id(),
                at: &now,
            },
        )?;
        store::stock::apply_move_to_levels(tx, product.id, bin.id, lot_id, qty.to_db())?;
        super::ledger::post_stock_move(tx, actor, move_id, "receipt", &doc_no, qty.to_db(), unit_cost.to_db())?;
        let request = match input.request.trim() {
            "" => None,
            number => Some(super::shortage::link_receipt_in(tx, number, product.id, move_id, qty.to_db(), &now)?),
        };
        super::reservation::fill_backorders(tx, product.id, &now)?;
        if avg != old_cost {
            store::products::set_avg_cost(tx, product.id, avg.to_db())?;
        }
        let after = serde_json::json!({
            "doc_no": doc_no, "product": product.sku, "bin": bin.code, "lot": lot_no,
            "expiry": expiry.map(|d| d.to_string()), "qty": qty.to_db(), "unit_cost": unit_cost.to_db(),
            "on_hand": new_on_hand.to_db(), "avg_cost": avg.to_db(), "request": request,
        });
        let before_json = serde_json::json!({ "on_hand": before.on_hand, "avg_cost": product.avg_cost });
        audit(tx, Some(actor), &now, "stock_move", Some(move_id), "receipt", Some(&before_json), Some(&after))?;
        Ok(ReceiptDone {
            move_id,
            doc_no,
            product_id: product.id,
            on_hand: new_on_hand,
            avg_cost: avg,
            request,
        })
    })
}

/// Adjusts the stock of one bin and lot by a signed quantity, with a reason. Stock never
/// goes negative and never below what is reserved for orders. Needs the adjust permission.
pub fn adjust_stock(db: &Db, actor: &Actor, input: &AdjustInput) -> Result<AdjustDone> {
    let delta = parse_signed_qty(&input.qty)?;
    let reason =
        clean_text(&input.reason, 200).map_err(|e| Error::field(REASON, FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(REASON, Refusal::AdjustReasonRequired));
    }
    db.write(|tx| {
        require(tx, actor, Permission::AdjustStock)?;
        let (product, _) = resolve_product(tx, &input.product)?;
        super::master::whole_units_of(&product, delta).map_err(|r| Error::field_refused(QTY, r))?;
        let bin = resolve_bin(tx, &input.bin)?;
        let lot_no = clean_lot(&input.lot, &product)?;
        let today = company_today(tx)?;
        let lot_id = match store::stock::lot(tx, product.id, &lot_no)? {
            Some(l) => l.id,
            None if delta.is_negative() || product.tracks_lots => {
                return Err(Error::NotFound {
                    what: Thing::Lot,
                    key: if lot_no.is_empty() {
                        product.sku.clone()
                    } else {
                        format!("{} {}", product.sku, lot_no)
                    },
                })
            }
            None => store::stock::insert_lot(tx, product.id, "", &today.to_string(), None)?,
        };
        let level = store::stock::level(tx, product.id, bin.id, lot_id)?;
        let totals = store::stock::product_stock(tx, product.id)?;
        if level + delta.to_db() < 0 {
            return Err(Error::field_refused(
                QTY,
                Refusal::BinHoldsLessToTake {
                    bin: bin.code.clone(),
                    held: Qty::from_db(level),
                    take: -delta,
                },
            ));
        }
        // What is for sale afterwards (held stock in a return or quarantine bin is not)
        // must still cover what is reserved.
        let sellable_delta = if store::stock::is_held_bin(tx, bin.id)? {
            0
        } else {
            delta.to_db()
        };
        if totals.on_hand - totals.held + sellable_delta < totals.reserved {
            return Err(Error::field_refused(
                QTY,
                Refusal::BelowReservedAfterAdjust {
                    sku: product.sku.clone(),
                    reserved: Qty::from_db(totals.reserved),
                },
            ));
        }
        if totals.on_hand + delta.to_db() > Qty::MAX_INPUT.to_db() {
            return Err(Error::field_refused(QTY, Refusal::StockOverflow));
        }
        let now = now_stamp();
        let year = chrono::Datelike::year(&today);
        let doc_no =
            store::counters::format_number("ADJ", year, store::counters::next(tx, "ADJ", year)?);
        let move_id = store::stock::insert_move(
            tx,
            &store::stock::MoveRow {
                product_id: product.id,
                bin_id: bin.id,
                lot_id,
                qty: delta.to_db(),
                unit_cost: product.avg_cost,
                kind: "adjust",
                reason: Some(&reason),
                doc_type: Some("ADJ"),
                doc_id: None,
                doc_no: Some(&doc_no),
                actor_id: actor.id(),
                at: &now,
            },
        )?;
        store::stock::apply_move_to_levels(tx, product.id, bin.id, lot_id, delta.to_db())?;
        super::ledger::post_stock_move(
            tx,
            actor,
            move_id,
            "adjust",
            &doc_no,
            delta.to_db(),
            product.avg_cost,
        )?;
        if delta.is_positive() {
            super::reservation::fill_backorders(tx, product.id, &now)?;
        }
        let on_hand = Qty::from_db(totals.on_hand + delta.to_db());
        let before = serde_json::json!({ "bin_on_hand": level, "on_hand": totals.on_hand });
        let after = serde_json::json!({
            "doc_no": doc_no, "product": product.sku, "bin": bin.code, "lot": lot_no,
            "qty": delta.to_db(), "reason": reason, "bin_on_hand": level + delta.to_db(),
            "on_hand": on_hand.to_db(),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "stock_move",
            Some(move_id),
            "adjust",
            Some(&before),
            Some(&after),
        )?;
        Ok(AdjustDone {
            move_id,
            doc_no,
            on_hand,
        })
    })
}

/// A product's stock: totals and where it lies.
#[derive(Debug, Clone)]
pub struct StockView {
    pub product: Product,
    pub totals: StockTotals,
    pub levels: Vec<Level>,
}

pub fn stock_of(db: &Db, product_code: &str) -> Result<StockView> {
    db.read_snapshot(|c| {
        let (product, _) = resolve_product(c, product_code)?;
        Ok(StockView {
            totals: store::stock::product_stock(c, product.id)?.into(),
            levels: read::all(store::stock::levels_of_product(c, product.id)?)?,
            product: product.try_into()?,
        })
    })
}

/// Movement history of a product, newest first; `before_id` continues a page, and 0
/// starts at the newest (as `after_id` 0 does in the searches).
pub fn movements(db: &Db, product_id: i64, before_id: i64, limit: i64) -> Result<Vec<Move>> {
    let before_id = if before_id <= 0 { i64::MAX } else { before_id };
    read::all(db.read(|c| {
        Ok::<_, Error>(store::stock::moves_of_product(
            c, product_id, before_id, limit,
        )?)
    })?)
}

pub use super::read::OverviewRow;

/// One page of the stock overview (on hand, reserved, available, backordered per
/// product) by SKU after `after_sku`.
pub fn overview_page(db: &Db, after_sku: &str, limit: i64) -> Result<Vec<OverviewRow>> {
    let rows = db.read(|c| store::stock::overview_page(c, after_sku, limit))?;
    Ok(rows.into_iter().map(OverviewRow::from).collect())
}

/// One page of the stock overview for a search (SKU, barcode, name or pinyin
/// initials): the hits of [`super::master::find_products`] with their stock, in the
/// same order; `after_id` continues a page as it does there.
pub fn search_overview(
    db: &Db,
    query: &str,
    after_id: i64,
    limit: usize,
) -> Result<Vec<OverviewRow>> {
    let ids: Vec<i64> = super::master::find_products(db, query, after_id, limit)?
        .iter()
        .map(|p| p.id)
        .collect();
    let rows = db.read(|c| store::stock::overview_rows(c, &ids))?;
    Ok(rows.into_iter().map(OverviewRow::from).collect())
}

/// Everything the stock screen of one product shows besides its movements: the
/// product, its totals, where it lies (oldest lot first), its default bin, and the
/// company's date and time zone to judge expiry and show times.
#[derive(Debug, Clone)]
pub struct StockDetail {
    pub product: Product,
    pub totals: StockTotals,
    pub levels: Vec<Level>,
    pub default_bin: Option<String>,
    /// Today in the company's time zone.
    pub today: NaiveDate,
    pub utc_offset_minutes: i64,
}

pub fn stock_detail(db: &Db, product_id: i64) -> Result<StockDetail> {
    db.read_snapshot(|c| {
        let product = store::products::by_id(c, product_id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Product,
            key: format!("#{product_id}"),
        })?;
        let default_bin = match product.default_bin_id {
            Some(id) => store::master::bin_by_id(c, id)?.map(|b| b.code),
            None => None,
        };
        let utc_offset_minutes = store::master::company(c)?
            .map(|co| co.utc_offset_minutes)
            .unwrap_or(480);
        Ok(StockDetail {
            totals: store::stock::product_stock(c, product.id)?.into(),
            levels: read::all(store::stock::levels_of_product(c, product.id)?)?,
            default_bin,
            today: company_today(c)?,
            utc_offset_minutes,
            product: product.try_into()?,
        })
    })
}

/// The bin a scanned or typed code names; unknown and inactive bins are refused.
pub fn bin(db: &Db, code: &str) -> Result<Bin> {
    db.read(|c| resolve_bin(c, code)).map(Bin::from)
}

//! Stock counts (盘点): a count shows the differences against the books first and then
//! posts them as adjustments, in one transaction.

use rusqlite::Connection;

use super::numbers::next_doc;
use super::stock::{clean_lot, resolve_bin, resolve_product};
use super::{
    audit, company_today, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result,
};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::Qty;
use crate::store::{self, Db};

const COUNTED: FieldId = FieldId::CountedQty;

/// One counted quantity: what was found in a bin for a product and lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountLine {
    pub bin: String,
    pub product: String,
    pub lot: String,
    pub counted: String,
}

/// A counted line against the books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountDiff {
    pub bin: String,
    pub sku: String,
    pub lot: String,
    pub book: Qty,
    pub counted: Qty,
    /// counted − book: what posting adjusts.
    pub difference: Qty,
}

struct Resolved {
    product: store::products::ProductRow,
    bin: store::master::BinRow,
    lot_no: String,
    lot: Option<i64>,
    counted: Qty,
}

/// Checks a count sheet: every line names a known bin, product and lot; a quantity of
/// zero or more; no bin, product and lot counted twice; and, when the count is of one
/// product, no line of another product (a wrong scan).
fn resolve(
    c: &Connection,
    lines: &[CountLine],
    only_product: Option<&str>,
) -> Result<Vec<Resolved>> {
    let only = match only_product {
        Some(p) if !p.trim().is_empty() => Some(resolve_product(c, p)?.0.id),
        _ => None,
    };
    let mut out: Vec<Resolved> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let n = i + 1;
        let (product, _) = resolve_product(c, &l.product)?;
        if only.is_some_and(|p| p != product.id) {
            return Err(Refusal::CountOfOtherProduct {
                line: n,
                sku: product.sku,
            }
            .into());
        }
        let bin = resolve_bin(c, &l.bin)?;
        let lot_no = clean_lot(&l.lot, &product)?;
        let counted =
            Qty::parse(&l.counted).map_err(|e| Error::field(COUNTED, FieldProblem::Number(e)))?;
        super::master::whole_units_of(&product, counted)
            .map_err(|r| Error::field_refused(COUNTED, r))?;
        let lot = store::stock::lot(c, product.id, &lot_no)?.map(|x| x.id);
        if out
            .iter()
            .any(|r| r.product.id == product.id && r.bin.id == bin.id && r.lot_no == lot_no)
        {
            return Err(Refusal::CountedTwice {
                line: n,
                bin: bin.code,
                sku: product.sku,
                lot: lot_no,
            }
            .into());
        }
        out.push(Resolved {
            product,
            bin,
            lot_no,
            lot,
            counted,
        });
    }
    Ok(out)
}

fn diffs(c: &Connection, resolved: &[Resolved]) -> Result<Vec<CountDiff>> {
    let mut out = Vec::with_capacity(resolved.len());
    for r in resolved {
        let book = match r.lot {
            Some(lot) => store::stock::level(c, r.product.id, r.bin.id, lot)?,
            None => 0,
        };
        out.push(CountDiff {
            bin: r.bin.code.clone(),
            sku: r.product.sku.clone(),
            lot: r.lot_no.clone(),
            book: Qty::from_db(book),
            counted: r.counted,
            difference: Qty::from_db(r.counted.to_db() - book),
        });
    }
    Ok(out)
}

/// The differences a count would post, without changing anything.
pub fn preview_count(
    db: &Db,
    lines: &[CountLine],
    only_product: Option<&str>,
) -> Result<Vec<CountDiff>> {
    db.read_snapshot(|c| {
        let resolved = resolve(c, lines, only_product)?;
        diffs(c, &resolved)
    })
}

/// Posts a count: each difference against the books as of now becomes a count move
/// (one CNT- number), in one transaction. A shortage that would leave less than is
/// reserved for orders is refused. Needs the adjust permission.
pub fn post_count(
    db: &Db,
    actor: &Actor,
    lines: &[CountLine],
    only_product: Option<&str>,
) -> Result<(Option<String>, Vec<CountDiff>)> {
    db.write(|tx| {
        require(tx, actor, Permission::AdjustStock)?;
        let resolved = resolve(tx, lines, only_product)?;
        let diffs = diffs(tx, &resolved)?;
        if diffs.iter().all(|d| d.difference.is_zero()) {
            return Ok((None, diffs));
        }
        let now = now_stamp();
        let today = company_today(tx)?.to_string();
        let doc_no = next_doc(tx, "CNT")?;
        let mut touched = Vec::new();
        for (r, d) in resolved.iter().zip(&diffs) {
            let delta = d.difference.to_db();
            if delta == 0 {
                continue;
            }
            // Looked up again: an earlier line of this count may have created the lot.
            let lot = match store::stock::lot(tx, r.product.id, &r.lot_no)? {
                Some(l) => l.id,
                None => store::stock::insert_lot(tx, r.product.id, &r.lot_no, &today, None)?,
            };
            let move_id = store::stock::insert_move(
                tx,
                &store::stock::MoveRow {
                    product_id: r.product.id,
                    bin_id: r.bin.id,
                    lot_id: lot,
                    qty: delta,
                    unit_cost: r.product.avg_cost,
                    kind: "count",
                    reason: Some("盘点 / stock count"),
                    doc_type: Some("CNT"),
                    doc_id: None,
                    doc_no: Some(&doc_no),
                    actor_id: actor.id(),
                    at: &now,
                },
            )?;
            store::stock::apply_move_to_levels(tx, r.product.id, r.bin.id, lot, delta)?;
            super::ledger::post_stock_move(
                tx,
                actor,
                move_id,
                "count",
                &doc_no,
                delta,
                r.product.avg_cost,
            )?;
            touched.push(r.product.id);
        }
        touched.sort_unstable();
        touched.dedup();
        // Judged on the whole count: a shortage in one bin may be a surplus in another.
        for &p in &touched {
            let totals = store::stock::product_stock(tx, p)?;
            if totals.on_hand - totals.held < totals.reserved {
                let sku = store::products::by_id(tx, p)?
                    .map(|x| x.sku)
                    .unwrap_or_default();
                return Err(Refusal::BelowReservedAfterCount {
                    sku,
                    reserved: Qty::from_db(totals.reserved),
                }
                .into());
            }
        }
        for p in touched {
            super::reservation::fill_backorders(tx, p, &now)?;
        }
        let after = serde_json::json!({
            "doc_no": doc_no,
            "lines": diffs.iter().map(|d| serde_json::json!({
                "bin": d.bin, "sku": d.sku, "lot": d.lot, "book": d.book.to_db(),
                "counted": d.counted.to_db(), "difference": d.difference.to_db(),
            })).collect::<Vec<_>>(),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "stock_count",
            None,
            "post",
            None,
            Some(&after),
        )?;
        Ok((Some(doc_no), diffs))
    })
}

/// One product and lot in a bin, as the books have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookLine {
    pub bin: String,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub lot: String,
    pub on_hand: Qty,
}

/// What the books say lies in these bins (by code), so that a count can show what it
/// has not found. Unknown bins are refused.
pub fn book_of_bins(db: &Db, bins: &[String]) -> Result<Vec<BookLine>> {
    db.read_snapshot(|c| {
        let mut out = Vec::new();
        for code in bins {
            let bin = resolve_bin(c, code)?;
            for l in store::stock::levels_of_bin(c, bin.id)? {
                out.push(BookLine {
                    bin: bin.code.clone(),
                    product_id: l.product_id,
                    sku: l.sku,
                    name: l.name,
                    lot: l.lot_no,
                    on_hand: Qty::from_db(l.on_hand),
                });
            }
        }
        Ok(out)
    })
}

//! Moving stock between bins (移库): a transfer is a pair of moves that leaves the
//! product's totals alone.

use rusqlite::Connection;

use super::numbers::next_doc;
use super::stock::{clean_lot, resolve_bin, resolve_product};
use super::{audit, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::Qty;
use crate::domain::text::clean_text;
use crate::store::{self, Db};

const QTY: FieldId = FieldId::Qty;
const NOTE: FieldId = FieldId::Note;

/// A transfer as typed or scanned.
#[derive(Debug, Clone, Default)]
pub struct TransferInput {
    pub product: String,
    pub from_bin: String,
    pub to_bin: String,
    pub lot: String,
    pub qty: String,
    pub note: String,
}

/// What a transfer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferDone {
    pub doc_no: String,
    pub from_on_hand: Qty,
    pub to_on_hand: Qty,
}

fn lot_id(c: &Connection, product: &store::products::ProductRow, lot_no: &str) -> Result<i64> {
    store::stock::lot(c, product.id, lot_no)?
        .map(|l| l.id)
        .ok_or_else(|| Error::NotFound {
            what: Thing::Lot,
            key: if lot_no.is_empty() {
                product.sku.clone()
            } else {
                format!("{} {lot_no}", product.sku)
            },
        })
}

/// Names which of the two bins a bin field error is about.
fn which_bin(e: Error, field: FieldId) -> Error {
    match e {
        Error::Field {
            field: FieldId::Bin,
            problem,
        } => Error::Field { field, problem },
        e => e,
    }
}

/// Moves stock of one product and lot from one bin to another. Needs the adjust
/// permission; never takes more than the bin holds.
pub fn transfer_stock(db: &Db, actor: &Actor, input: &TransferInput) -> Result<TransferDone> {
    let qty =
        Qty::parse_positive(&input.qty).map_err(|e| Error::field(QTY, FieldProblem::Number(e)))?;
    let note =
        clean_text(&input.note, 200).map_err(|e| Error::field(NOTE, FieldProblem::Text(e)))?;
    db.write(|tx| {
        require(tx, actor, Permission::AdjustStock)?;
        let (product, _) = resolve_product(tx, &input.product)?;
        super::master::whole_units_of(&product, qty).map_err(|r| Error::field_refused(QTY, r))?;
        let from = resolve_bin(tx, &input.from_bin).map_err(|e| which_bin(e, FieldId::FromBin))?;
        let to = resolve_bin(tx, &input.to_bin).map_err(|e| which_bin(e, FieldId::ToBin))?;
        if from.id == to.id {
            return Err(Refusal::SameBins.into());
        }
        let lot_no = clean_lot(&input.lot, &product)?;
        let lot = lot_id(tx, &product, &lot_no)?;
        let held = store::stock::level(tx, product.id, from.id, lot)?;
        if held < qty.to_db() {
            return Err(Error::field_refused(
                QTY,
                Refusal::BinHoldsLessToMove {
                    bin: from.code,
                    held: Qty::from_db(held),
                    moving: qty,
                },
            ));
        }
        // Into a return or quarantine bin the goods are no longer for sale: what is left
        // for sale must still cover what is reserved.
        let to_held = store::stock::is_held_bin(tx, to.id)?;
        if to_held && !store::stock::is_held_bin(tx, from.id)? {
            let totals = store::stock::product_stock(tx, product.id)?;
            if totals.available() - qty.to_db() < 0 {
                return Err(Error::field_refused(
                    QTY,
                    Refusal::HoldBelowReserved {
                        sku: product.sku.clone(),
                        reserved: Qty::from_db(totals.reserved),
                    },
                ));
            }
        }
        let now = now_stamp();
        let doc_no = next_doc(tx, "TR")?;
        // In first, out second: on hand never dips below what is reserved in between.
        for (bin, signed) in [(to.id, qty.to_db()), (from.id, -qty.to_db())] {
            store::stock::insert_move(
                tx,
                &store::stock::MoveRow {
                    product_id: product.id,
                    bin_id: bin,
                    lot_id: lot,
                    qty: signed,
                    unit_cost: product.avg_cost,
                    kind: "transfer",
                    reason: (!note.is_empty()).then_some(note.as_str()),
                    doc_type: Some("TR"),
                    doc_id: None,
                    doc_no: Some(&doc_no),
                    actor_id: actor.id(),
                    at: &now,
                },
            )?;
            store::stock::apply_move_to_levels(tx, product.id, bin, lot, signed)?;
        }
        let after = serde_json::json!({
            "doc_no": doc_no, "product": product.sku, "from": from.code, "to": to.code,
            "lot": lot_no, "qty": qty.to_db(),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "stock_move",
            None,
            "transfer",
            None,
            Some(&after),
        )?;
        Ok(TransferDone {
            doc_no,
            from_on_hand: Qty::from_db(held - qty.to_db()),
            to_on_hand: Qty::from_db(store::stock::level(tx, product.id, to.id, lot)?),
        })
    })
}

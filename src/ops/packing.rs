//! Packing (复核打包), when the company requires it: at the bench every picked item of
//! an order is counted into numbered cartons with their weights; a count that does not
//! match the pick is refused. Shipping then takes exactly what is packed, carton by
//! carton.

use super::{audit, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::Qty;
use crate::domain::order::OrderStage;
use crate::store::{self, Db};

/// One carton as counted at the bench.
#[derive(Debug, Clone, Default)]
pub struct CartonInput {
    /// Weight in kg, up to 3 decimals; empty is 0.
    pub weight_kg: String,
    /// What is in it, per order line.
    pub lines: Vec<super::shipping::ShipLineInput>,
}

/// Cartons packed: their numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    pub cartons: Vec<i64>,
}

/// Whether the company packs every shipment at the bench before it ships.
pub fn packing_required(db: &Db) -> Result<bool> {
    Ok(db.read(store::packing::packing_required)?)
}

/// Turns packing before shipping on or off (settings permission, audited).
pub fn set_packing_required(db: &Db, actor: &Actor, on: bool) -> Result<()> {
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        let before = store::packing::packing_required(tx)?;
        store::packing::set_packing_required(tx, on)?;
        let at = now_stamp();
        audit(
            tx,
            Some(actor),
            &at,
            "company",
            Some(1),
            "packing_required",
            Some(&serde_json::json!({ "packing_required": before })),
            Some(&serde_json::json!({ "packing_required": on })),
        )
    })
}

/// Packs the picked, unpacked goods of an order (by number) into cartons. The count of
/// every line over all the cartons must equal what is picked and not yet packed: more,
/// less, or a line left out is refused and nothing is packed.
pub fn pack_order(db: &Db, actor: &Actor, order: &str, cartons: &[CartonInput]) -> Result<Packed> {
    let mut parsed = Vec::new();
    for c in cartons {
        let weight = match c.weight_kg.trim() {
            "" => 0,
            s => Qty::parse(s)
                .map_err(|e| Error::field(FieldId::Weight, FieldProblem::Number(e)))?
                .to_db(),
        };
        let mut lines = Vec::new();
        for l in &c.lines {
            let q = Qty::parse(&l.qty)
                .map_err(|e| Error::field(FieldId::Qty, FieldProblem::Number(e)))?
                .to_db();
            lines.push((l.line_no, q));
        }
        parsed.push((weight, lines));
    }
    db.write(|tx| {
        require(tx, actor, Permission::PickAndShip)?;
        let number = order.trim();
        let row = store::orders::by_number(tx, number)?.ok_or_else(|| Error::NotFound {
            what: Thing::Order,
            key: number.to_string(),
        })?;
        if row.stage != OrderStage::Approved {
            return Err(Refusal::OrderNotShippable {
                number: number.to_string(),
                stage: row.stage,
            }
            .into());
        }
        let lines = store::orders::lines_of(tx, row.id)?;
        let packed = store::packing::packed_unshipped(tx, row.id)?;
        for l in &lines {
            let already = packed
                .iter()
                .find(|(id, _)| *id == l.id)
                .map(|p| p.1)
                .unwrap_or(0);
            let counted: i64 = parsed
                .iter()
                .flat_map(|(_, ls)| ls.iter())
                .filter(|(n, _)| *n == l.line_no)
                .map(|(_, q)| q)
                .sum();
            if counted != l.qty_picked - already {
                return Err(Error::field_refused(
                    FieldId::Qty,
                    Refusal::PackCountMismatch {
                        line: l.line_no,
                        picked: Qty::from_db(l.qty_picked - already),
                        packed: Qty::from_db(counted),
                    },
                ));
            }
        }
        for (_, ls) in &parsed {
            for (n, _) in ls {
                if !lines.iter().any(|l| l.line_no == *n) {
                    return Err(Refusal::NoSuchLine { line_no: *n }.into());
                }
            }
        }
        if parsed.iter().all(|(_, ls)| ls.iter().all(|(_, q)| *q == 0)) {
            return Err(Refusal::NothingToShip.into());
        }
        let at = now_stamp();
        let mut numbers = Vec::new();
        for (weight, ls) in &parsed {
            let no = store::packing::next_carton_no(tx, row.id)?;
            let id = store::packing::insert_carton(tx, row.id, no, *weight, actor.id(), &at)?;
            for (line_no, q) in ls.iter().filter(|(_, q)| *q > 0) {
                if let Some(l) = lines.iter().find(|l| l.line_no == *line_no) {
                    store::packing::insert_content(tx, id, l.id, *q)?;
                }
            }
            numbers.push(no);
        }
        let after = serde_json::json!({ "cartons": numbers });
        audit(
            tx,
            Some(actor),
            &at,
            "order",
            Some(row.id),
            "pack",
            None,
            Some(&after),
        )?;
        Ok(Packed {
            cartons: numbers.clone(),
        })
    })
}

/// Packed and not yet shipped, per order line number of an order (the packing and
/// shipping screens show it; with packing required a shipment takes exactly this).
pub fn packed_lines(db: &Db, order_id: i64) -> Result<Vec<(i64, Qty)>> {
    db.read_snapshot(|c| {
        let packed = store::packing::packed_unshipped(c, order_id)?;
        Ok(store::orders::lines_of(c, order_id)?
            .into_iter()
            .filter_map(|l| {
                let q = packed.iter().find(|(id, _)| *id == l.id)?.1;
                Some((l.line_no, Qty::from_db(q)))
            })
            .collect())
    })
}

/// A carton's packing slip (装箱单): the order and customer, the carton's number among
/// the order's cartons, its weight, and what it holds with the lots picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackingSlip {
    pub order: String,
    pub customer: String,
    pub carton_no: i64,
    /// Cartons the order has had packed.
    pub cartons: i64,
    /// Grams.
    pub weight_g: i64,
    /// When it was packed (stored stamp).
    pub packed_at: String,
    pub lines: Vec<store::packing::CartonLine>,
}

/// The packing slip of carton `carton_no` of an order (by number), read in one snapshot.
pub fn packing_slip(db: &Db, order: &str, carton_no: i64) -> Result<PackingSlip> {
    let number = order.trim();
    db.read_snapshot(|c| {
        let row = store::orders::by_number(c, number)?.ok_or_else(|| Error::NotFound {
            what: Thing::Order,
            key: number.to_string(),
        })?;
        let (id, weight_g, packed_at) =
            store::packing::carton(c, row.id, carton_no)?.ok_or_else(|| Error::NotFound {
                what: Thing::Order,
                key: format!("{number} #{carton_no}"),
            })?;
        let customer = store::customers::by_id(c, row.customer_id)?
            .map(|cu| cu.name)
            .unwrap_or_default();
        Ok(PackingSlip {
            order: number.to_string(),
            customer,
            carton_no,
            cartons: store::packing::carton_count(c, row.id)?,
            weight_g,
            packed_at,
            lines: store::packing::carton_lines(c, id)?,
        })
    })
}

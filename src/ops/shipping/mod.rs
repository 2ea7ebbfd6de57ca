//! Shipping (发货, SH-) and delivery (签收): shipments made from picked goods, with
//! carrier and tracking number, that move the stock out of the staging bin and consume
//! the reservation lot by lot in one transaction; then the customer's signature or what
//! went wrong (refused, damaged, lost, partly received), which waits visibly for the
//! after-sales work.
//!
//! A shipping screen calls [`ship`] with a [`ShipInput`]; a delivery screen finds a
//! shipment by its number or tracking number ([`shipment`]) and calls [`deliver`],
//! [`record_exception`] or [`record_partial`]. The warehouse home reads
//! [`orders_ready_to_ship`], [`shipments_in_transit`] and [`shipments_waiting`].

use rusqlite::Connection;

use super::numbers::next_doc;
use super::{
    audit, company_today, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing,
};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::goods::{Fulfilment, ShipmentStatus};
use crate::domain::money::{Money, Qty};
use crate::domain::order::OrderStage;
use crate::domain::text::clean_code;
/// Rows of shipments and carriers as the screens read them.
pub use crate::store::shipping::{
    CarrierRow, InTransitLineRow, OverdueRow, ReadyRow, ShipmentLineRow, ShipmentRow,
};
use crate::store::{self, Db};

mod delivery;

pub use delivery::{
    deliver, import_deliveries, parse_deliveries_csv, record_exception, record_partial, Delivered,
    DeliveryImport, DeliveryRow, ExceptionKind,
};

/// A shipment as typed or scanned on the shipping screen.
#[derive(Debug, Clone, Default)]
pub struct ShipInput {
    /// The order number (SO-…).
    pub order: String,
    /// Carrier code or name (see [`carriers`]).
    pub carrier: String,
    /// The scanned tracking number; may be empty (own truck).
    pub tracking: String,
    /// Number of cartons; empty is 1.
    pub cartons: String,
    /// Weight in kg, up to 3 decimals; empty is 0.
    pub weight_kg: String,
    /// Shipping cost in yuan; empty is 0.
    pub cost: String,
    /// What ships, per order line; empty ships everything picked.
    pub lines: Vec<ShipLineInput>,
}

/// The quantity of one order line to ship.
#[derive(Debug, Clone, Default)]
pub struct ShipLineInput {
    pub line_no: i64,
    pub qty: String,
}

/// A shipment made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    pub id: i64,
    pub number: String,
    /// The order's fulfilment status after it.
    pub fulfilment: Fulfilment,
}

/// A shipment with its lines, as shown and printed (出库单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentView {
    pub head: ShipmentRow,
    pub lines: Vec<ShipmentLineRow>,
    /// The order's special requirements (特殊要求).
    pub special: String,
}

pub(super) fn not_found(what: Thing, key: &str) -> Error {
    Error::NotFound {
        what,
        key: key.to_string(),
    }
}

pub(super) fn field_number(field: FieldId, e: crate::domain::money::NumberError) -> Error {
    Error::field(field, FieldProblem::Number(e))
}

/// The carriers the admin keeps, active or not.
pub fn carriers(db: &Db) -> Result<Vec<CarrierRow>> {
    Ok(db.read(store::shipping::carriers)?)
}

/// Adds a carrier to the list the admin keeps (settings permission): a short code
/// (letters and digits, e.g. `YTO`) and its name (圆通速递).
pub fn add_carrier(db: &Db, actor: &Actor, code: &str, name: &str) -> Result<i64> {
    let code = clean_code(code, 16)
        .map_err(|e| Error::field(FieldId::Code, FieldProblem::Text(e)))?
        .to_uppercase();
    let name = crate::domain::text::required_text(name, 64, *FieldId::Carrier.name())
        .map_err(|e| Error::field(FieldId::Carrier, FieldProblem::Text(e)))?;
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        if code.is_empty() {
            return Err(Error::field_refused(
                FieldId::Code,
                Refusal::CarrierRequired,
            ));
        }
        if store::shipping::carrier(tx, &code)?.is_some()
            || store::shipping::carrier(tx, &name)?.is_some()
        {
            return Err(Error::Duplicate {
                what: Thing::Carrier,
                key: code.clone(),
            });
        }
        let id = store::shipping::insert_carrier(tx, &code, &name)?;
        let at = now_stamp();
        let after = serde_json::json!({ "code": code, "name": name });
        audit(
            tx,
            Some(actor),
            &at,
            "carrier",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

/// Takes a carrier off the list offered for new shipments, or puts it back (settings
/// permission); its shipments keep it.
pub fn set_carrier_active(db: &Db, actor: &Actor, code: &str, active: bool) -> Result<()> {
    db.write(|tx| {
        require(tx, actor, Permission::EditSettings)?;
        let c = store::shipping::carrier(tx, code.trim())?
            .ok_or_else(|| not_found(Thing::Carrier, code.trim()))?;
        store::shipping::set_carrier_active(tx, c.id, active)?;
        let at = now_stamp();
        let after = serde_json::json!({ "active": active });
        audit(
            tx,
            Some(actor),
            &at,
            "carrier",
            Some(c.id),
            "set_active",
            None,
            Some(&after),
        )
    })
}

/// Ships picked goods of one order: all of them, or the quantities given per line.
/// The goods leave the staging bin lot by lot (a `ship` move each, doc type SH), the
/// reservation is consumed, and the line's picked part becomes shipped, all in one
/// transaction. Refused, changing nothing: an order that is not approved (cancelled,
/// held, not yet approved), more than is picked (or packed, when the company packs),
/// a tracking number the carrier already has on another shipment, no carrier.
pub fn ship(db: &Db, actor: &Actor, input: &ShipInput) -> Result<Shipped> {
    let cartons = match input.cartons.trim() {
        "" => 1,
        s => s
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=9999).contains(n))
            .ok_or_else(|| {
                Error::field_refused(
                    FieldId::Cartons,
                    Refusal::NotWholeNumberIn {
                        text: s.to_string(),
                        min: 0,
                        max: 9999,
                    },
                )
            })?,
    };
    let weight_g = match input.weight_kg.trim() {
        "" => 0,
        s => Qty::parse(s)
            .map_err(|e| field_number(FieldId::Weight, e))?
            .to_db(),
    };
    let cost = match input.cost.trim() {
        "" => 0,
        s => Money::parse(s)
            .map_err(|e| field_number(FieldId::ShippingCost, e))?
            .minor(),
    };
    let tracking = clean_code(&input.tracking, 40)
        .map_err(|e| Error::field(FieldId::TrackingNo, FieldProblem::Text(e)))?;
    let mut wanted = Vec::new();
    for l in &input.lines {
        let q = Qty::parse(&l.qty).map_err(|e| field_number(FieldId::Qty, e))?;
        wanted.push((l.line_no, q.to_db()));
    }
    db.write(|tx| {
        require(tx, actor, Permission::PickAndShip)?;
        let number = input.order.trim();
        let order = store::orders::by_number(tx, number)?
            .ok_or_else(|| not_found(Thing::Order, number))?;
        if order.stage != OrderStage::Approved {
            return Err(Refusal::OrderNotShippable {
                number: number.to_string(),
                stage: order.stage,
            }
            .into());
        }
        super::cash::check_paid_before_shipping(tx, &order)?;
        if input.carrier.trim().is_empty() {
            return Err(Error::field_refused(FieldId::Carrier, Refusal::CarrierRequired));
        }
        let carrier = store::shipping::carrier(tx, input.carrier.trim())?
            .filter(|c| c.active)
            .ok_or_else(|| not_found(Thing::Carrier, input.carrier.trim()))?;
        if !tracking.is_empty() {
            if let Some(other) = store::shipping::by_tracking(tx, carrier.id, &tracking)? {
                return Err(Error::field_refused(
                    FieldId::TrackingNo,
                    Refusal::TrackingUsed {
                        tracking: tracking.clone(),
                        shipment: other,
                    },
                ));
            }
        }
        let lines = store::orders::lines_of(tx, order.id)?;
        let mut plan: Vec<(&store::orders::LineRow, i64)> = Vec::new();
        if wanted.is_empty() {
            plan.extend(lines.iter().filter(|l| l.qty_picked > 0).map(|l| (l, l.qty_picked)));
        } else {
            for (line_no, q) in &wanted {
                let line = lines
                    .iter()
                    .find(|l| l.line_no == *line_no)
                    .ok_or(Refusal::NoSuchLine { line_no: *line_no })?;
                if *q > line.qty_picked {
                    return Err(Error::field_refused(
                        FieldId::Qty,
                        Refusal::ShipMoreThanPicked {
                            line: *line_no,
                            picked: Qty::from_db(line.qty_picked),
                            asked: Qty::from_db(*q),
                        },
                    ));
                }
                if *q > 0 {
                    plan.push((line, *q));
                }
            }
        }
        if plan.is_empty() {
            return Err(Refusal::NothingToShip.into());
        }
        // When the company packs, a shipment takes exactly what is packed.
        let packing = store::packing::packing_required(tx)?;
        let mut cartons = cartons;
        let mut weight_g = weight_g;
        if packing {
            let packed = store::packing::packed_unshipped(tx, order.id)?;
            for l in &lines {
                let p = packed.iter().find(|(id, _)| *id == l.id).map(|p| p.1).unwrap_or(0);
                let q = plan.iter().find(|(pl, _)| pl.id == l.id).map(|p| p.1).unwrap_or(0);
                if p != q {
                    return Err(Error::field_refused(
                        FieldId::Qty,
                        Refusal::NotPacked {
                            line: l.line_no,
                            picked: Qty::from_db(q),
                            packed: Qty::from_db(p),
                        },
                    ));
                }
            }
            let open = store::packing::open_cartons(tx, order.id)?;
            cartons = open.len() as i64;
            if weight_g == 0 {
                weight_g = open.iter().map(|c| c.2).sum();
            }
        }
        let at = now_stamp();
        let today = company_today(tx)?;
        let sh_no = next_doc(tx, "SH")?;
        let id = store::shipping::insert_shipment(
            tx,
            &store::shipping::NewShipment {
                number: &sh_no,
                order_id: order.id,
                carrier_id: carrier.id,
                tracking_no: (!tracking.is_empty()).then_some(tracking.as_str()),
                cartons,
                weight_g,
                cost_minor: cost,
                ship_date: &today.to_string(),
                shipped_by: actor.id(),
                at: &at,
            },
        )?;
        for (line, q) in &plan {
            ship_line(tx, actor, id, &sh_no, line, *q, &at)?;
        }
        super::ledger::post_shipment(tx, actor, id, &sh_no)?;
        if packing {
            store::packing::ship_cartons(tx, order.id, id)?;
        }
        let after = serde_json::json!({
            "number": sh_no, "order": number, "carrier": carrier.code, "tracking": tracking,
            "lines": plan.iter().map(|(l, q)| serde_json::json!({"line_no": l.line_no, "qty": q})).collect::<Vec<_>>(),
        });
        audit(tx, Some(actor), &at, "shipment", Some(id), "ship", None, Some(&after))?;
        Ok(Shipped {
            id,
            number: sh_no.clone(),
            fulfilment: fulfilment_in(tx, order.id)?.unwrap_or(Fulfilment::Shipped),
        })
    })
}

/// Ships `q` of one line from its staged lots, oldest lot first.
fn ship_line(
    c: &Connection,
    actor: &Actor,
    shipment_id: i64,
    sh_no: &str,
    line: &store::orders::LineRow,
    q: i64,
    at: &str,
) -> Result<()> {
    let staged = store::shipping::staged_of_line(c, line.id)?;
    let on_stage: i64 = staged.iter().map(|s| s.qty).sum();
    if on_stage < q {
        // The line says more is picked than lies in staging: refuse rather than ship
        // goods that are not there.
        return Err(Refusal::ShipMoreThanPicked {
            line: line.line_no,
            picked: Qty::from_db(on_stage),
            asked: Qty::from_db(q),
        }
        .into());
    }
    let cost = store::products::by_id(c, line.product_id)?
        .map(|p| p.avg_cost)
        .unwrap_or(0);
    // The reservation goes first: on hand may never drop below what is reserved, not
    // even inside the transaction (a CHECK of the product's totals).
    store::reservation::take_from_line(c, line.id, q, "consumed", at)?;
    let mut left = q;
    for s in staged {
        if left == 0 {
            break;
        }
        let n = s.qty.min(left);
        left -= n;
        store::shipping::insert_line(
            c,
            shipment_id,
            line.id,
            line.product_id,
            s.bin_id,
            s.lot_id,
            n,
        )?;
        store::stock::insert_move(
            c,
            &store::stock::MoveRow {
                product_id: line.product_id,
                bin_id: s.bin_id,
                lot_id: s.lot_id,
                qty: -n,
                unit_cost: cost,
                kind: "ship",
                reason: None,
                doc_type: Some("SH"),
                doc_id: Some(shipment_id),
                doc_no: Some(sh_no),
                actor_id: actor.id(),
                at,
            },
        )?;
        store::stock::apply_move_to_levels(c, line.product_id, s.bin_id, s.lot_id, -n)?;
    }
    store::shipping::ship_line_qty(c, line.id, q)?;
    Ok(())
}

fn fulfilment_in(c: &Connection, order_id: i64) -> Result<Option<Fulfilment>> {
    Ok(store::orders::fulfilment_code(c, order_id)?
        .as_deref()
        .and_then(Fulfilment::parse))
}

/// The fulfilment status (履约状态) of an approved or closed order; `None` for orders in
/// other stages.
pub fn fulfilment(db: &Db, order_id: i64) -> Result<Option<Fulfilment>> {
    db.read(|c| fulfilment_in(c, order_id))
}

pub(super) fn find_in(c: &Connection, scan: &str) -> Result<ShipmentRow> {
    let key = clean_code(scan, 40).unwrap_or_else(|_| scan.trim().to_string());
    store::shipping::find(c, &key)?.ok_or_else(|| not_found(Thing::Shipment, &key))
}

fn view_in(c: &Connection, head: ShipmentRow) -> Result<ShipmentView> {
    let lines = store::shipping::lines_of(c, head.id)?;
    let special = store::orders::by_id(c, head.order_id)?
        .map(|o| o.special)
        .unwrap_or_default();
    Ok(ShipmentView {
        head,
        lines,
        special,
    })
}

/// A shipment by its number (SH-…) or its tracking number, with its lines.
pub fn shipment(db: &Db, number_or_tracking: &str) -> Result<ShipmentView> {
    db.read(|c| {
        let head = find_in(c, number_or_tracking)?;
        view_in(c, head)
    })
}

/// The shipments of an order, oldest first (order detail: shipments and tracking).
pub fn shipments_of_order(db: &Db, order_id: i64) -> Result<Vec<ShipmentRow>> {
    Ok(db.read(|c| store::shipping::of_order(c, order_id))?)
}

/// Shipments on their way, newest first, before `before_id` (`i64::MAX` first).
pub fn shipments_in_transit(db: &Db, before_id: i64, limit: i64) -> Result<Vec<ShipmentRow>> {
    Ok(db.read(|c| {
        store::shipping::with_status(c, &[ShipmentStatus::InTransit], before_id, limit)
    })?)
}

/// Shipments refused, damaged, lost or partly received whose goods still wait for the
/// after-sales work to bring them back to stock or write them off (a return that
/// received or wrote off all of them settles them).
pub fn shipments_waiting(db: &Db, before_id: i64, limit: i64) -> Result<Vec<ShipmentRow>> {
    db.read(|c| {
        let mut out = Vec::new();
        for id in store::returns_goods::waiting_shipments(c, before_id, limit)? {
            out.extend(store::shipping::by_id(c, id)?);
        }
        Ok(out)
    })
}

/// Shipped and not yet signed for, per order line (发出商品 when the company recognises
/// revenue at sign-off), after `after_line_id` (0 first).
pub fn goods_in_transit(db: &Db, after_line_id: i64, limit: i64) -> Result<Vec<InTransitLineRow>> {
    Ok(db.read(|c| store::shipping::in_transit_lines(c, after_line_id, limit))?)
}

/// Approved orders with picked goods waiting to ship, most urgent first.
pub fn orders_ready_to_ship(db: &Db, limit: i64) -> Result<Vec<store::shipping::ReadyRow>> {
    Ok(db.read(|c| store::shipping::ready_to_ship(c, limit))?)
}

/// Approved orders past their requested date and not yet delivered in full, the most
/// overdue first (the warehouse home's overdue deliveries).
pub fn overdue_orders(db: &Db, limit: i64) -> Result<Vec<store::shipping::OverdueRow>> {
    db.read(|c| {
        let today = company_today(c)?.to_string();
        Ok(store::shipping::overdue(c, &today, limit)?)
    })
}

//! Delivery (签收): a shipment signed for, refused, damaged, lost or received in part,
//! by hand or from a carrier's export.

use rusqlite::Connection;

use super::{field_number, find_in, ShipLineInput};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::goods::ShipmentStatus;
use crate::domain::money::Qty;
use crate::domain::text::clean_text;
use crate::ops::{
    audit, company_today, lifecycle, now_stamp, optional_date, require, Actor, Error, FieldProblem,
    Refusal, Result,
};
use crate::store::shipping::ShipmentRow;
use crate::store::{self, Db};

/// What a delivery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub number: String,
    pub status: ShipmentStatus,
    /// The order closed with this delivery (everything delivered).
    pub order_closed: bool,
}

/// What went wrong with a whole shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExceptionKind {
    Refused,
    Damaged,
    Lost,
}

impl ExceptionKind {
    fn status(self) -> ShipmentStatus {
        match self {
            ExceptionKind::Refused => ShipmentStatus::Refused,
            ExceptionKind::Damaged => ShipmentStatus::Damaged,
            ExceptionKind::Lost => ShipmentStatus::Lost,
        }
    }
}
/// Reads a delivery date as typed (empty is today): not before the shipping date and
/// not after today.
fn delivery_date(c: &Connection, typed: &str, head: &ShipmentRow) -> Result<String> {
    let today = company_today(c)?;
    let date = optional_date(typed, FieldId::DeliveryDate, today)?.unwrap_or(today);
    if date > today || date.to_string() < head.ship_date {
        return Err(Error::field_refused(
            FieldId::DeliveryDate,
            Refusal::DeliveryDateOutside {
                date,
                shipped: head.ship_date.clone(),
            },
        ));
    }
    Ok(date.to_string())
}

fn open_in_transit(c: &Connection, actor: &Actor, scan: &str) -> Result<ShipmentRow> {
    require(c, actor, Permission::PickAndShip)?;
    let head = find_in(c, scan)?;
    if head.status != ShipmentStatus::InTransit {
        return Err(Refusal::ShipmentSettled {
            number: head.number,
            status: head.status,
        }
        .into());
    }
    Ok(head)
}

fn required(text: &str, field: FieldId, max: usize, refusal: Refusal) -> Result<String> {
    let t = clean_text(text, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))?;
    if t.is_empty() {
        return Err(Error::field_refused(field, refusal));
    }
    Ok(t)
}

#[allow(clippy::too_many_arguments)]
fn settle(
    c: &Connection,
    actor: &Actor,
    head: &ShipmentRow,
    status: ShipmentStatus,
    signer: Option<&str>,
    date: Option<&str>,
    note: Option<&str>,
    at: &str,
) -> Result<()> {
    if !store::shipping::settle(
        c,
        head.id,
        head.version,
        status,
        signer,
        date,
        note,
        actor.id(),
        at,
    )? {
        return Err(crate::ops::conflict(c, "shipment", head.id, at)?);
    }
    Ok(())
}

/// Marks a shipment in transit as delivered in full (签收), scanned by its number or
/// tracking number, with the signer and the date (empty: today). Closes the order when
/// everything of it is delivered. Delivering a shipment twice is refused.
pub fn deliver(db: &Db, actor: &Actor, scan: &str, signer: &str, date: &str) -> Result<Delivered> {
    let signer = required(signer, FieldId::Signer, 64, Refusal::SignerRequired)?;
    db.write(|tx| {
        let head = open_in_transit(tx, actor, scan)?;
        let date = delivery_date(tx, date, &head)?;
        let at = now_stamp();
        settle(
            tx,
            actor,
            &head,
            ShipmentStatus::Delivered,
            Some(&signer),
            Some(&date),
            None,
            &at,
        )?;
        for l in store::shipping::lines_of(tx, head.id)? {
            store::shipping::settle_line(tx, l.id, l.qty, 0)?;
            store::shipping::add_line_delivered(tx, l.order_line_id, l.qty)?;
        }
        super::super::ledger::post_signoff(tx, actor, head.id, &head.number)?;
        let after = serde_json::json!({ "status": "delivered", "signer": signer, "date": date });
        audit(
            tx,
            Some(actor),
            &at,
            "shipment",
            Some(head.id),
            "deliver",
            None,
            Some(&after),
        )?;
        let order_closed = lifecycle::close_if_done(tx, actor, head.order_id, &at)?;
        Ok(Delivered {
            number: head.number.clone(),
            status: ShipmentStatus::Delivered,
            order_closed,
        })
    })
}

/// Records that a whole shipment in transit was refused, damaged or lost, with a note.
/// Its goods stay shipped and undelivered, listed by [`super::shipments_waiting`] until the
/// after-sales work settles them.
pub fn record_exception(
    db: &Db,
    actor: &Actor,
    scan: &str,
    kind: ExceptionKind,
    note: &str,
) -> Result<Delivered> {
    let note = required(
        note,
        FieldId::ExceptionNote,
        200,
        Refusal::ExceptionNoteRequired,
    )?;
    db.write(|tx| {
        let head = open_in_transit(tx, actor, scan)?;
        let at = now_stamp();
        settle(
            tx,
            actor,
            &head,
            kind.status(),
            None,
            None,
            Some(&note),
            &at,
        )?;
        for l in store::shipping::lines_of(tx, head.id)? {
            store::shipping::settle_line(tx, l.id, 0, l.qty)?;
        }
        let after = serde_json::json!({ "status": kind.status().as_str(), "note": note });
        audit(
            tx,
            Some(actor),
            &at,
            "shipment",
            Some(head.id),
            "exception",
            None,
            Some(&after),
        )?;
        Ok(Delivered {
            number: head.number.clone(),
            status: kind.status(),
            order_closed: false,
        })
    })
}

/// Records a shipment received in part (部分签收): per order line, what the customer
/// signed for (lines not named were received in full), the signer, the date (empty:
/// today) and a note on the rest, which waits as an exception.
pub fn record_partial(
    db: &Db,
    actor: &Actor,
    scan: &str,
    received: &[ShipLineInput],
    signer: &str,
    date: &str,
    note: &str,
) -> Result<Delivered> {
    let signer = required(signer, FieldId::Signer, 64, Refusal::SignerRequired)?;
    let note = required(
        note,
        FieldId::ExceptionNote,
        200,
        Refusal::ExceptionNoteRequired,
    )?;
    let mut got = Vec::new();
    for r in received {
        got.push((
            r.line_no,
            Qty::parse(&r.qty)
                .map_err(|e| field_number(FieldId::Qty, e))?
                .to_db(),
        ));
    }
    db.write(|tx| {
        let head = open_in_transit(tx, actor, scan)?;
        let date = delivery_date(tx, date, &head)?;
        let lines = store::shipping::lines_of(tx, head.id)?;
        for (line_no, q) in &got {
            let shipped: i64 = lines.iter().filter(|l| l.line_no == *line_no).map(|l| l.qty).sum();
            if shipped == 0 {
                return Err(Refusal::NoSuchLine { line_no: *line_no }.into());
            }
            if *q > shipped {
                return Err(Error::field_refused(
                    FieldId::Qty,
                    Refusal::ReceivedMoreThanShipped {
                        line: *line_no,
                        shipped: Qty::from_db(shipped),
                    },
                ));
            }
        }
        let at = now_stamp();
        let status = ShipmentStatus::PartlyReceived;
        settle(tx, actor, &head, status, Some(&signer), Some(&date), Some(&note), &at)?;
        // What a line received is spread over its lots in their order.
        let mut left: Vec<(i64, i64)> = got.clone();
        for l in &lines {
            let budget = left.iter_mut().find(|(n, _)| *n == l.line_no);
            let take = match budget {
                Some((_, b)) => {
                    let t = (*b).min(l.qty);
                    *b -= t;
                    t
                }
                None => l.qty,
            };
            store::shipping::settle_line(tx, l.id, take, l.qty - take)?;
            if take > 0 {
                store::shipping::add_line_delivered(tx, l.order_line_id, take)?;
            }
        }
        super::super::ledger::post_signoff(tx, actor, head.id, &head.number)?;
        let after = serde_json::json!({ "status": status.as_str(), "signer": signer, "date": date, "note": note });
        audit(tx, Some(actor), &at, "shipment", Some(head.id), "partial", None, Some(&after))?;
        Ok(Delivered {
            number: head.number.clone(),
            status,
            order_closed: false,
        })
    })
}

/// One row of a carrier's delivery export: tracking number, status, when it was signed
/// for, by whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryRow {
    pub tracking: String,
    pub status: String,
    pub signed_at: String,
    pub signer: String,
}

/// What importing a carrier's export did, by tracking number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryImport {
    /// Marked delivered now.
    pub delivered: Vec<String>,
    /// Marked refused, damaged or lost now.
    pub exceptions: Vec<String>,
    /// Settled before (a second import of the same file changes nothing).
    pub already: Vec<String>,
    /// Still on the way by the carrier's word: left as they are.
    pub in_transit: Vec<String>,
    /// No shipment has this tracking number.
    pub unknown: Vec<String>,
    /// Rows refused, with why (in the caller's language).
    pub refused: Vec<(String, String)>,
}

/// Reads a carrier's CSV export (UTF-8, a header row; columns: tracking number, status,
/// signed at, signer — by position). Blank lines are skipped.
pub fn parse_deliveries_csv(bytes: &[u8]) -> Result<Vec<DeliveryRow>> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            Error::Io {
                detail: e.to_string(),
            }
        })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| Error::Io {
            detail: e.to_string(),
        })?;
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        if get(0).is_empty() {
            continue;
        }
        rows.push(DeliveryRow {
            tracking: get(0),
            status: get(1),
            signed_at: get(2),
            signer: get(3),
        });
    }
    Ok(rows)
}

/// Marks shipments delivered (or refused, damaged, lost) from a carrier's export,
/// each row in its own transaction, idempotently: a shipment settled before is
/// reported, not changed; an unknown tracking number is reported.
pub fn import_deliveries(
    db: &Db,
    actor: &Actor,
    rows: &[DeliveryRow],
    lang: crate::i18n::Lang,
) -> Result<DeliveryImport> {
    use crate::i18n::Localized;
    let mut out = DeliveryImport::default();
    for r in rows {
        let found = db.read(|c| Ok::<_, Error>(store::shipping::find(c, &r.tracking)?))?;
        let Some(head) = found else {
            out.unknown.push(r.tracking.clone());
            continue;
        };
        if head.status != ShipmentStatus::InTransit {
            out.already.push(r.tracking.clone());
            continue;
        }
        let status = r.status.to_lowercase();
        let result = match status.as_str() {
            "delivered" | "signed" | "签收" | "已签收" => {
                let date = r.signed_at.get(..10).unwrap_or(&r.signed_at);
                let signer = if r.signer.is_empty() {
                    "-"
                } else {
                    r.signer.as_str()
                };
                deliver(db, actor, &head.number, signer, date).map(|_| true)
            }
            "refused" | "拒收" => {
                record_exception(db, actor, &head.number, ExceptionKind::Refused, &r.status)
                    .map(|_| false)
            }
            "damaged" | "破损" => {
                record_exception(db, actor, &head.number, ExceptionKind::Damaged, &r.status)
                    .map(|_| false)
            }
            "lost" | "丢失" => {
                record_exception(db, actor, &head.number, ExceptionKind::Lost, &r.status)
                    .map(|_| false)
            }
            _ => {
                out.in_transit.push(r.tracking.clone());
                continue;
            }
        };
        match result {
            Ok(true) => out.delivered.push(r.tracking.clone()),
            Ok(false) => out.exceptions.push(r.tracking.clone()),
            Err(e) if e.refusal().is_some() || matches!(e, Error::Field { .. }) => {
                out.refused.push((r.tracking.clone(), e.localized(lang)))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

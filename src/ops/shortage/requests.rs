//! Purchase and production requests (请购单, PR-): made for a short product with the
//! supplier or workshop, the quantity and the expected date; marked ordered, cancelled
//! with a reason, and received by the stock receipts that name them.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::super::{
    audit, company_today, conflict, now_stamp, optional_date, require, Actor, Error, FieldProblem,
    Refusal, Result, Thing,
};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::Qty;
use crate::domain::purchase::{self, RequestKind, RequestStatus};
use crate::domain::text::clean_text;
use crate::store::{self, Db};

pub use crate::store::purchases::{Filter as RequestFilter, RequestRow};

/// A receipt that brought goods for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestReceipt {
    /// The receipt's number (GR-…).
    pub doc_no: String,
    /// When, in the company's time zone.
    pub at_local: String,
    pub qty: Qty,
}

/// A request as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestInput {
    /// The product's SKU or barcode.
    pub product: String,
    pub kind: RequestKind,
    /// The supplier (供应商) or the workshop (车间).
    pub supplier: String,
    pub qty: String,
    /// The date the goods are expected (2026-12-20, 12/20, +7 …).
    pub expected: String,
    pub note: String,
}

/// What making a request did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMade {
    pub id: i64,
    pub number: String,
    pub expected: NaiveDate,
}

/// What a new request for a product starts with: the quantity no pending request
/// covers yet, and the supplier of its last request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestSuggestion {
    pub qty: Qty,
    pub kind: RequestKind,
    pub supplier: String,
}

pub fn suggest_request(db: &Db, product_id: i64) -> Result<RequestSuggestion> {
    db.read_snapshot(|c| {
        let stock = store::stock::product_stock(c, product_id)?;
        let pending: i64 = store::purchases::pending_of_product(c, product_id)?
            .iter()
            .map(|p| (p.qty - p.qty_received).max(0))
            .sum();
        let (kind, supplier) = store::purchases::last_supplier(c, product_id)?.unwrap_or_default();
        Ok(RequestSuggestion {
            qty: Qty::from_db(purchase::suggested_qty(stock.backordered, pending)),
            kind,
            supplier,
        })
    })
}

/// Makes a request (PR- number). Refused: an unknown or inactive product, no supplier,
/// a quantity that is not positive (or a fraction of a whole-unit product), no expected
/// date or one in the past; and without the purchase permission.
pub fn create_request(db: &Db, actor: &Actor, input: &RequestInput) -> Result<RequestMade> {
    let supplier = clean_text(&input.supplier, 100)
        .map_err(|e| Error::field(FieldId::Supplier, FieldProblem::Text(e)))?;
    let note = clean_text(&input.note, 200)
        .map_err(|e| Error::field(FieldId::Note, FieldProblem::Text(e)))?;
    let qty = if input.qty.trim().is_empty() {
        return Err(Error::field_refused(FieldId::Qty, Refusal::QtyRequired));
    } else {
        Qty::parse_positive(&input.qty)
            .map_err(|e| Error::field(FieldId::Qty, FieldProblem::Number(e)))?
    };
    db.write(|tx| {
        require(tx, actor, Permission::RequestPurchases)?;
        let product =
            super::super::master::product_by_code_in(tx, &input.product)?.ok_or_else(|| {
                Error::NotFound {
                    what: Thing::Product,
                    key: input.product.trim().to_string(),
                }
            })?;
        if !product.active {
            return Err(Error::field_refused(
                FieldId::Product,
                Refusal::InactiveProduct { sku: product.sku },
            ));
        }
        super::super::master::whole_units_of(&product, qty)
            .map_err(|r| Error::field_refused(FieldId::Qty, r))?;
        if supplier.is_empty() {
            return Err(Error::field_refused(FieldId::Supplier, Refusal::Empty));
        }
        let today = company_today(tx)?;
        let expected =
            optional_date(&input.expected, FieldId::ExpectedDate, today)?.ok_or_else(|| {
                Error::field_refused(FieldId::ExpectedDate, Refusal::ExpectedDateRequired)
            })?;
        if expected < today {
            return Err(Error::field_refused(
                FieldId::ExpectedDate,
                Refusal::ExpectedDateInPast { date: expected },
            ));
        }
        let at = now_stamp();
        let number = super::super::numbers::next_doc(tx, "PR")?;
        let expected_text = expected.to_string();
        let id = store::purchases::insert(
            tx,
            &store::purchases::NewRequest {
                number: &number,
                kind: input.kind,
                product_id: product.id,
                supplier: &supplier,
                qty: qty.to_db(),
                expected_date: &expected_text,
                note: &note,
                created_by: actor.id(),
                created_at: &at,
            },
        )?;
        let after = serde_json::json!({
            "number": number, "kind": input.kind.as_str(), "product": product.sku,
            "supplier": supplier, "qty": qty.to_db(), "expected_date": expected_text,
        });
        audit(
            tx,
            Some(actor),
            &at,
            "purchase_request",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(RequestMade {
            id,
            number,
            expected,
        })
    })
}

fn request_in(c: &Connection, number: &str) -> Result<RequestRow> {
    let number = number.trim().to_uppercase();
    store::purchases::by_number(c, &number)?.ok_or(Error::NotFound {
        what: Thing::PurchaseRequest,
        key: number,
    })
}

/// Marks an open request ordered (已下单): the supplier has the order, or the workshop
/// has it scheduled. Refused: a request not open.
pub fn mark_ordered(db: &Db, actor: &Actor, number: &str) -> Result<()> {
    db.write(|tx| {
        require(tx, actor, Permission::RequestPurchases)?;
        let r = request_in(tx, number)?;
        if r.status != RequestStatus::Open {
            return Err(Refusal::RequestNotOpen {
                number: r.number,
                status: r.status,
            }
            .into());
        }
        let at = now_stamp();
        if !store::purchases::mark_ordered(tx, r.id, r.version, actor.id(), &at)? {
            return Err(conflict(tx, "purchase_request", r.id, &at)?);
        }
        audit(
            tx,
            Some(actor),
            &at,
            "purchase_request",
            Some(r.id),
            "order",
            Some(&serde_json::json!({ "status": r.status.as_str() })),
            Some(&serde_json::json!({ "status": "ordered" })),
        )?;
        Ok(())
    })
}

/// Cancels a request with a reason. Refused: no reason, a request received or
/// cancelled, one that received goods already.
pub fn cancel_request(db: &Db, actor: &Actor, number: &str, reason: &str) -> Result<()> {
    let reason = clean_text(reason, 200)
        .map_err(|e| Error::field(FieldId::Reason, FieldProblem::Text(e)))?;
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::RequestPurchases)?;
        let r = request_in(tx, number)?;
        if !r.status.is_pending() {
            return Err(Refusal::RequestClosed {
                number: r.number,
                status: r.status,
            }
            .into());
        }
        if r.qty_received > 0 {
            return Err(Refusal::RequestHasReceipts { number: r.number }.into());
        }
        let at = now_stamp();
        if !store::purchases::cancel(tx, r.id, r.version, &reason, &at)? {
            return Err(conflict(tx, "purchase_request", r.id, &at)?);
        }
        audit(
            tx,
            Some(actor),
            &at,
            "purchase_request",
            Some(r.id),
            "cancel",
            Some(&serde_json::json!({ "status": r.status.as_str() })),
            Some(&serde_json::json!({ "status": "cancelled", "reason": reason })),
        )?;
        Ok(())
    })
}

/// Counts a receipt move of `qty` (thousandths) of a product against the request
/// numbered `number`, in the receipt's transaction: the request's received quantity,
/// its state, and the link. Refused: an unknown request, one for another product, one
/// received or cancelled.
pub(crate) fn link_receipt_in(
    c: &Connection,
    number: &str,
    product_id: i64,
    move_id: i64,
    qty: i64,
    at: &str,
) -> Result<String> {
    let r = store::purchases::by_number(c, &number.trim().to_uppercase())?.ok_or_else(|| {
        Error::field_refused(
            FieldId::PurchaseRequest,
            Refusal::UnknownRequest {
                number: crate::domain::text::shown(number.trim()),
            },
        )
    })?;
    if r.product_id != product_id {
        return Err(Error::field_refused(
            FieldId::PurchaseRequest,
            Refusal::RequestOfOtherProduct {
                number: r.number,
                sku: r.sku,
            },
        ));
    }
    let (received, status) = purchase::after_receipt(r.status, r.qty, r.qty_received, qty)
        .ok_or_else(|| {
            Error::field_refused(
                FieldId::PurchaseRequest,
                Refusal::RequestClosed {
                    number: r.number.clone(),
                    status: r.status,
                },
            )
        })?;
    store::purchases::record_receipt(c, r.id, move_id, qty, received, status, at)?;
    Ok(r.number)
}

/// How the request list names a filter (its tabs).
pub fn filter_label(f: RequestFilter, lang: crate::i18n::Lang) -> &'static str {
    match f {
        RequestFilter::Pending => lang.pick("未完成", "Pending"),
        RequestFilter::All => lang.pick("全部", "All"),
        RequestFilter::Status(s) => s.label(lang),
    }
}

/// A page of requests, newest first, after the request `after_id` (`None`: the first
/// page).
pub fn requests_page(
    db: &Db,
    filter: RequestFilter,
    after_id: Option<i64>,
    limit: i64,
) -> Result<Vec<RequestRow>> {
    Ok(db.read(|c| store::purchases::page(c, filter, after_id.unwrap_or(i64::MAX), limit))?)
}

/// A request with the receipts that brought its goods.
pub fn request(db: &Db, number: &str) -> Result<(RequestRow, Vec<RequestReceipt>)> {
    db.read_snapshot(|c| {
        let r = request_in(c, number)?;
        let offset = super::super::clock::company_offset(c)?;
        let receipts = store::purchases::receipts_of(c, r.id)?
            .into_iter()
            .map(|x| RequestReceipt {
                at_local: super::super::clock::company_text_of(
                    &x.at,
                    offset,
                    super::super::clock::Shown::Minute,
                ),
                doc_no: x.doc_no,
                qty: Qty::from_db(x.qty),
            })
            .collect();
        Ok((r, receipts))
    })
}

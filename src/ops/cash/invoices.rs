//! Invoices (销售发票, INV-) and credit notes (CN-).
//!
//! An invoice is issued per shipment or per order (the company's `invoice_basis`) from
//! the quantities not yet invoiced, with VAT per line and totals that are the sums of
//! the rounded lines; the last part of a line takes what is left of the order line's
//! amounts, so that an order's invoices add up to the order to the fen. Its due date
//! comes from the order's terms. Issuing posts 1122 / 6001 + 2221, raises the
//! customer's open AR, applies the order's deposits and — when the company says so —
//! the customer's other prepayments. An issued invoice is never edited or cancelled: a
//! credit note corrects a price.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::super::ledger::{self as post, Source};
use super::super::{
    audit, company_today, now_stamp, require, Actor, Error, Refusal, Result, Thing,
};
use super::{not_found, payments};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ledger;
use crate::domain::money::{line_amounts, Discount, Money, PriceMode, Qty, TaxRate, UnitPrice};
use crate::domain::terms::PaymentTerms;
use crate::store::{self, Db};

pub use crate::store::cash::{AllocationRow, InvoiceFilter, InvoiceLineRow, InvoiceRow};

/// An invoice just issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub id: i64,
    pub number: String,
    pub gross: Money,
    pub due_date: NaiveDate,
    /// What the order's deposits and the customer's prepayments paid of it at once.
    pub prepaid_applied: Money,
}

/// An invoice with its lines, the payments allocated to it and its credit notes: what
/// the invoice screen and the printed invoice show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceView {
    pub head: InvoiceRow,
    pub lines: Vec<InvoiceLineRow>,
    pub allocations: Vec<AllocationRow>,
    pub credit_notes: Vec<InvoiceRow>,
    /// The invoice a credit note corrects.
    pub corrects: Option<String>,
}

fn err_amount(_: crate::domain::money::NumberError) -> Error {
    Error::Store(store::StoreError::Corrupt("stored rate".into()))
}

/// The amounts of `q` of an order line: the last part takes what is left of the line.
fn part_amounts(
    c: &Connection,
    line: &store::orders::LineRow,
    q: i64,
    mode: PriceMode,
) -> Result<(i64, i64)> {
    let open = line.qty - line.qty_cancelled;
    // A line some of whose goods came back before they were invoiced never bills what is
    // left of its amount: each part is priced on its own.
    if line.qty_invoiced + q >= open && line.qty_return_uninvoiced == 0 {
        let (net, tax) = invoiced_amounts_of_line(c, line.id)?;
        return Ok((line.net_minor - net, line.tax_minor - tax));
    }
    let a = line_amounts(
        Qty::from_db(q),
        UnitPrice::from_db(line.unit_price),
        Discount::from_bp(line.discount_bp).map_err(err_amount)?,
        TaxRate::from_bp(line.tax_bp).map_err(err_amount)?,
        mode,
    )?;
    Ok((a.net.minor(), a.tax.minor()))
}

fn invoiced_amounts_of_line(c: &Connection, order_line_id: i64) -> Result<(i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(il.net_minor), 0), COALESCE(SUM(il.tax_minor), 0) FROM invoice_lines il \
         JOIN invoices i ON i.id = il.invoice_id WHERE il.order_line_id = ?1 AND i.kind = 'invoice'",
    )
    .map_err(store::StoreError::from)?
    .query_row([order_line_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .map_err(store::StoreError::from)?)
}

/// Issues one invoice for `parts` (order line, quantity) of an order, in the caller's
/// transaction. Refused when a quantity passes what may still be invoiced.
pub(crate) fn issue_in(
    c: &Connection,
    actor: &Actor,
    order: &store::orders::OrderRow,
    parts: &[(store::orders::LineRow, i64)],
    shipment: Option<(i64, &str)>,
) -> Result<Issued> {
    issue(c, actor, order, parts, shipment, true)
}

/// The invoice of an order whose lines count their quantities as invoiced already but
/// that has no invoice document (history written before invoices existed, such as the
/// demo's closed orders): one invoice for the invoiced quantities, dated today.
pub(crate) fn invoice_history_in(
    c: &Connection,
    actor: &Actor,
    order: &store::orders::OrderRow,
) -> Result<Option<Issued>> {
    if !store::cash::invoices_of_order(c, order.id)?.is_empty() {
        return Ok(None);
    }
    let parts: Vec<_> = store::orders::lines_of(c, order.id)?
        .into_iter()
        .filter(|l| l.qty_invoiced > 0)
        .map(|l| {
            let q = l.qty_invoiced;
            (l, q)
        })
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    issue(c, actor, order, &parts, None, false).map(Some)
}

fn issue(
    c: &Connection,
    actor: &Actor,
    order: &store::orders::OrderRow,
    parts: &[(store::orders::LineRow, i64)],
    shipment: Option<(i64, &str)>,
    count_qty: bool,
) -> Result<Issued> {
    let number = order.number.clone().unwrap_or_default();
    let mode = PriceMode::parse(&order.price_mode).unwrap_or(PriceMode::TaxInclusive);
    let terms = PaymentTerms::parse_code(&order.terms).unwrap_or(PaymentTerms::CashOnDelivery);
    let today = company_today(c)?;
    post::ensure_open(c, today)?;
    let due = terms.due_date(today);
    let mut amounts = Vec::new();
    let (mut net, mut tax) = (0i64, 0i64);
    for (line, q) in parts {
        let (n, t) = part_amounts(c, line, *q, mode)?;
        net += n;
        tax += t;
        amounts.push((line, *q, n, t));
    }
    if net + tax <= 0 {
        return Err(Refusal::NothingToInvoice { number }.into());
    }
    let inv_no = super::super::numbers::next_doc(c, "INV")?;
    let at = now_stamp();
    let id = store::cash::insert_invoice(
        c,
        &store::cash::NewInvoice {
            number: &inv_no,
            kind: "invoice",
            customer_id: order.customer_id,
            order_id: order.id,
            shipment_id: shipment.map(|s| s.0),
            corrects_id: None,
            invoice_date: &today.to_string(),
            due_date: &due.to_string(),
            price_mode: mode.as_str(),
            net,
            tax,
            reason: None,
            by: actor.id(),
            at: &at,
        },
    )?;
    // What the order leaves uninvoiced goes down as its lines are invoiced; the invoice
    // raises open AR below. Exposure moves only by the rounding of the shares.
    let tracked = super::super::credit::track(c, order.id)?;
    for (line, q, n, t) in &amounts {
        store::cash::insert_invoice_line(
            c,
            id,
            line.id,
            *q,
            line.unit_price,
            line.discount_bp,
            line.tax_bp,
            *n,
            *t,
        )?;
        if count_qty && !store::cash::add_invoiced_qty(c, line.id, *q)? {
            return Err(Refusal::NothingToInvoice { number }.into());
        }
    }
    tracked.settle(c)?;
    if let Some((sid, _)) = shipment {
        store::cash::mark_shipment_invoiced(c, sid, id)?;
    }
    post::post(
        c,
        actor,
        today,
        &Source {
            kind: "INV",
            id,
            number: &inv_no,
            event: "issue",
            summary: format!("销售发票 {inv_no} 订单 {number}"),
        },
        ledger::invoiced(order.customer_id, net, tax),
    )?;
    store::cash::add_balance(c, order.customer_id, net + tax, 0)?;
    let after = serde_json::json!({
        "number": inv_no, "order": number, "shipment": shipment.map(|s| s.1),
        "net": net, "tax": tax, "due": due.to_string(),
    });
    audit(
        c,
        Some(actor),
        &at,
        "invoice",
        Some(id),
        "issue",
        None,
        Some(&after),
    )?;
    let applied = payments::apply_prepayments_in(c, actor, order.customer_id, id, Some(order.id))?;
    super::super::credit::refresh_hold_in(c, order.customer_id)?;
    Ok(Issued {
        id,
        number: inv_no,
        gross: Money::from_minor(net + tax),
        due_date: due,
        prepaid_applied: Money::from_minor(applied),
    })
}

fn order_by_number(c: &Connection, number: &str) -> Result<store::orders::OrderRow> {
    let number = number.trim();
    store::orders::by_number(c, number)?.ok_or_else(|| not_found(Thing::Order, number))
}

fn by_order_basis(c: &Connection) -> Result<bool> {
    Ok(store::master::company(c)?
        .map(|co| co.invoice_basis == "order")
        .unwrap_or(false))
}

/// Invoices everything of one order that is ready, in the caller's transaction: per
/// shipment (one invoice for each shipment not yet invoiced) or per order (one invoice
/// for every ordered quantity not yet invoiced), by the company's basis.
pub(crate) fn invoice_order_in(
    c: &Connection,
    actor: &Actor,
    order: &store::orders::OrderRow,
) -> Result<Vec<Issued>> {
    let number = order.number.clone().unwrap_or_default();
    let lines = store::orders::lines_of(c, order.id)?;
    let mut issued = Vec::new();
    if by_order_basis(c)? {
        // What returns took off before it was invoiced is not invoiced.
        let left = |l: &store::orders::LineRow| {
            l.qty - l.qty_cancelled - l.qty_invoiced - l.qty_return_uninvoiced
        };
        let parts: Vec<_> = lines
            .iter()
            .filter(|l| left(l) > 0)
            .map(|l| (l.clone(), left(l)))
            .collect();
        if parts.is_empty() {
            return Err(Refusal::NothingToInvoice { number }.into());
        }
        issued.push(issue_in(c, actor, order, &parts, None)?);
    } else {
        let shipments = store::cash::uninvoiced_shipments(c, order.id)?;
        if shipments.is_empty() {
            return Err(Refusal::NothingToInvoice { number }.into());
        }
        for (sid, sno) in shipments {
            issued.push(invoice_shipment_in(c, actor, order, sid, &sno)?);
        }
    }
    Ok(issued)
}

fn invoice_shipment_in(
    c: &Connection,
    actor: &Actor,
    order: &store::orders::OrderRow,
    shipment_id: i64,
    shipment_no: &str,
) -> Result<Issued> {
    if let Some(inv) = store::cash::invoice_of_shipment(c, shipment_id)? {
        return Err(Refusal::AlreadyInvoiced {
            number: shipment_no.to_string(),
            invoice: inv,
        }
        .into());
    }
    // Re-read the lines for each shipment: an earlier invoice of this batch changed them.
    let lines = store::orders::lines_of(c, order.id)?;
    // Goods of the shipment that came back before it was invoiced are not invoiced.
    let returned = store::returns_cash::returned_uninvoiced_of_shipment(c, shipment_id)?;
    let mut parts = Vec::new();
    for (line_id, q) in store::cash::shipment_qty_by_line(c, shipment_id)? {
        if let Some(l) = lines.iter().find(|l| l.id == line_id) {
            let back = returned
                .iter()
                .find(|(id, _)| *id == line_id)
                .map_or(0, |r| r.1);
            let q =
                (q - back).min(l.qty - l.qty_cancelled - l.qty_invoiced - l.qty_return_uninvoiced);
            if q > 0 {
                parts.push((l.clone(), q));
            }
        }
    }
    if parts.is_empty() {
        return Err(Refusal::AlreadyInvoiced {
            number: shipment_no.to_string(),
            invoice: order.number.clone().unwrap_or_default(),
        }
        .into());
    }
    issue_in(c, actor, order, &parts, Some((shipment_id, shipment_no)))
}

/// Invoices one order (开票): by the company's basis, every shipment of it not yet
/// invoiced, or everything ordered and not yet invoiced. Needs the invoicing
/// permission. Refused, changing nothing: nothing to invoice (already invoiced, or
/// nothing shipped), a closed period.
pub fn invoice_order(db: &Db, actor: &Actor, order_no: &str) -> Result<Vec<Issued>> {
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)?;
        let order = order_by_number(tx, order_no)?;
        invoice_order_in(tx, actor, &order)
    })
}

/// Invoices one shipment (by its SH- number), whatever the company's basis. Refused:
/// a shipment invoiced already (naming the invoice).
pub fn invoice_shipment(db: &Db, actor: &Actor, shipment_no: &str) -> Result<Issued> {
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)?;
        let head = store::shipping::find(tx, shipment_no.trim())?
            .ok_or_else(|| not_found(Thing::Shipment, shipment_no.trim()))?;
        let order = store::orders::by_id(tx, head.order_id)?
            .ok_or_else(|| not_found(Thing::Order, &format!("#{}", head.order_id)))?;
        invoice_shipment_in(tx, actor, &order, head.id, &head.number)
    })
}

/// What a batch of invoicing did: the invoices issued, and per refused order its number
/// and why.
pub type Batch = (Vec<Issued>, Vec<(String, Error)>);

/// Batch invoicing (批量开票): everything ready to invoice, order by order, each order in
/// its own transaction (one refused order does not stop the others). Returns the
/// invoices issued and, per refused order, its number and the error.
pub fn invoice_all_ready(db: &Db, actor: &Actor) -> Result<Batch> {
    let ids = db.read(|c| {
        require(c, actor, Permission::IssueInvoices)?;
        let by_order = by_order_basis(c)?;
        Ok::<_, Error>(store::cash::orders_ready_to_invoice(c, by_order, 100_000)?)
    })?;
    let mut issued = Vec::new();
    let mut refused = Vec::new();
    for id in ids {
        let r = db.write(|tx| {
            require(tx, actor, Permission::IssueInvoices)?;
            let order = store::orders::by_id(tx, id)?
                .ok_or_else(|| not_found(Thing::Order, &format!("#{id}")))?;
            Ok::<_, Error>((
                order.number.clone().unwrap_or_default(),
                invoice_order_in(tx, actor, &order),
            ))
        })?;
        match r {
            (_, Ok(mut v)) => issued.append(&mut v),
            (n, Err(e)) => refused.push((n, e)),
        }
    }
    Ok((issued, refused))
}

fn view_in(c: &Connection, head: InvoiceRow) -> Result<InvoiceView> {
    let lines = store::cash::invoice_lines(c, head.id)?;
    let allocations = store::cash::allocations_of_invoice(c, head.id)?;
    let credit_notes = store::cash::invoices_of_order(c, head.order_id)?
        .into_iter()
        .filter(|i| i.corrects_id == Some(head.id))
        .collect();
    let corrects = match head.corrects_id {
        Some(id) => store::cash::invoice_by_id(c, id)?.map(|i| i.number),
        None => None,
    };
    Ok(InvoiceView {
        head,
        lines,
        allocations,
        credit_notes,
        corrects,
    })
}

/// An invoice or credit note by its number (INV-/CN-) or its official VAT invoice number.
pub fn invoice(db: &Db, number: &str) -> Result<InvoiceView> {
    db.read(|c| {
        let key = number.trim();
        let head = match store::cash::invoice_by_number(c, key)? {
            Some(h) => h,
            None => store::cash::invoices_by_vat_no(c, key)?
                .into_iter()
                .next()
                .ok_or_else(|| not_found(Thing::Invoice, key))?,
        };
        view_in(c, head)
    })
}

/// Invoices whose official VAT invoice number is `vat_no` (searchable, 税票号码).
pub fn invoices_by_vat_no(db: &Db, vat_no: &str) -> Result<Vec<InvoiceRow>> {
    Ok(db.read(|c| store::cash::invoices_by_vat_no(c, vat_no.trim()))?)
}

/// Invoices and credit notes of an order.
pub fn invoices_of_order(db: &Db, order_id: i64) -> Result<Vec<InvoiceRow>> {
    Ok(db.read(|c| store::cash::invoices_of_order(c, order_id))?)
}

/// A page of the invoice list, newest first, of the invoices `filter` keeps (filtered
/// in SQL, each filter on an index of its own): pass the last row's `(invoice_date, id)`
/// to continue (`("9999-12-31", i64::MAX)` for the first page). Overdue is judged on the
/// company's today.
pub fn invoice_page(
    db: &Db,
    filter: InvoiceFilter,
    before_date: &str,
    before_id: i64,
    limit: i64,
) -> Result<Vec<InvoiceRow>> {
    db.read(|c| {
        let today = company_today(c)?.to_string();
        Ok(store::cash::invoice_page(
            c,
            filter,
            &today,
            before_date,
            before_id,
            limit,
        )?)
    })
}

/// The official VAT invoice (增值税发票) type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatKind {
    /// 专用发票.
    Special,
    /// 普通发票.
    Ordinary,
}

impl VatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VatKind::Special => "special",
            VatKind::Ordinary => "ordinary",
        }
    }
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            VatKind::Special => lang.pick("专票", "Special VAT invoice"),
            VatKind::Ordinary => lang.pick("普票", "Ordinary VAT invoice"),
        }
    }
}

/// Records the official VAT invoice issued in the tax authority's system against an
/// invoice: its number, type and date (empty: today). Needs the invoicing permission.
pub fn record_vat_invoice(
    db: &Db,
    actor: &Actor,
    number: &str,
    vat_no: &str,
    kind: VatKind,
    date: &str,
) -> Result<()> {
    let vat = crate::domain::text::clean_code(vat_no, 32)
        .map_err(|e| Error::field(FieldId::VatInvoiceNo, super::super::FieldProblem::Text(e)))?;
    if vat.is_empty() {
        return Err(Error::field_refused(
            FieldId::VatInvoiceNo,
            Refusal::ReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)?;
        let head = store::cash::invoice_by_number(tx, number.trim())?
            .ok_or_else(|| not_found(Thing::Invoice, number.trim()))?;
        let today = company_today(tx)?;
        let d = super::super::optional_date(date, FieldId::VatInvoiceDate, today)?.unwrap_or(today);
        store::cash::set_vat(tx, head.id, &vat, kind.as_str(), &d.to_string())?;
        let at = now_stamp();
        let after = serde_json::json!({ "vat_no": vat, "vat_kind": kind.as_str(), "vat_date": d.to_string() });
        audit(tx, Some(actor), &at, "invoice", Some(head.id), "vat", None, Some(&after))?;
        Ok(())
    })
}

/// One line of a price correction: the order line number and the new unit price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceCorrection {
    pub line_no: i64,
    pub new_price: String,
}

/// Issues a credit note (红字发票, CN-) correcting prices of an invoice: per line, the
/// difference between the invoiced and the new price over the invoiced quantity, in the
/// invoice's price mode. It reduces the invoice's open balance and posts 6001 + 2221 /
/// 1122. Refused, changing nothing: no reason, not an invoice, a new price not below
/// the old one, a credit above the invoice's open balance, a closed period.
pub fn credit_note(
    db: &Db,
    actor: &Actor,
    invoice_no: &str,
    corrections: &[PriceCorrection],
    reason: &str,
) -> Result<Issued> {
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    let mut prices = Vec::new();
    for k in corrections {
        let p = UnitPrice::parse(&k.new_price)
            .map_err(|e| Error::field(FieldId::UnitPrice, super::super::FieldProblem::Number(e)))?;
        prices.push((k.line_no, p));
    }
    db.write(|tx| {
        require(tx, actor, Permission::IssueInvoices)?;
        let inv = store::cash::invoice_by_number(tx, invoice_no.trim())?
            .ok_or_else(|| not_found(Thing::Invoice, invoice_no.trim()))?;
        if inv.kind != "invoice" {
            return Err(Refusal::NotAnInvoice { number: inv.number }.into());
        }
        let mode = PriceMode::parse(&inv.price_mode).unwrap_or(PriceMode::TaxInclusive);
        let lines = store::cash::invoice_lines(tx, inv.id)?;
        let mut parts = Vec::new();
        let (mut net, mut tax) = (0i64, 0i64);
        for (line_no, price) in &prices {
            let l = lines
                .iter()
                .find(|l| l.line_no == *line_no)
                .ok_or(Refusal::NoSuchLine { line_no: *line_no })?;
            if price.to_db() >= l.unit_price {
                return Err(Error::field_refused(
                    FieldId::UnitPrice,
                    Refusal::CorrectionNotLower { line: *line_no },
                ));
            }
            let a = line_amounts(
                Qty::from_db(l.qty),
                UnitPrice::from_db(l.unit_price - price.to_db()),
                Discount::from_bp(l.discount_bp).map_err(err_amount)?,
                TaxRate::from_bp(l.tax_bp).map_err(err_amount)?,
                mode,
            )?;
            net += a.net.minor();
            tax += a.tax.minor();
            parts.push((l.clone(), l.unit_price - price.to_db(), a));
        }
        if net + tax <= 0 {
            return Err(Refusal::AmountNotPositive.into());
        }
        if net + tax > inv.open_minor {
            return Err(Refusal::AboveOpenBalance {
                invoice: inv.number.clone(),
                open: Money::from_minor(inv.open_minor),
            }
            .into());
        }
        let today = company_today(tx)?;
        post::ensure_open(tx, today)?;
        let cn_no = super::super::numbers::next_doc(tx, "CN")?;
        let at = now_stamp();
        let id = store::cash::insert_invoice(
            tx,
            &store::cash::NewInvoice {
                number: &cn_no,
                kind: "credit_note",
                customer_id: inv.customer_id,
                order_id: inv.order_id,
                shipment_id: inv.shipment_id,
                corrects_id: Some(inv.id),
                invoice_date: &today.to_string(),
                due_date: &today.to_string(),
                price_mode: mode.as_str(),
                net,
                tax,
                reason: Some(&reason),
                by: actor.id(),
                at: &at,
            },
        )?;
        for (l, diff, a) in &parts {
            store::cash::insert_invoice_line(
                tx,
                id,
                l.order_line_id,
                l.qty,
                *diff,
                l.discount_bp,
                l.tax_bp,
                a.net.minor(),
                a.tax.minor(),
            )?;
        }
        if !store::cash::settle_invoice(tx, inv.id, 0, net + tax, 0)? {
            return Err(Refusal::AboveOpenBalance {
                invoice: inv.number.clone(),
                open: Money::from_minor(inv.open_minor),
            }
            .into());
        }
        post::post(
            tx,
            actor,
            today,
            &Source {
                kind: "CN",
                id,
                number: &cn_no,
                event: "issue",
                summary: format!("红字发票 {cn_no} 更正 {}", inv.number),
            },
            ledger::credited(inv.customer_id, net, tax),
        )?;
        store::cash::add_balance(tx, inv.customer_id, -(net + tax), 0)?;
        let after = serde_json::json!({ "number": cn_no, "corrects": inv.number, "net": net, "tax": tax, "reason": reason });
        audit(tx, Some(actor), &at, "invoice", Some(id), "credit_note", None, Some(&after))?;
        super::super::credit::refresh_hold_in(tx, inv.customer_id)?;
        Ok(Issued {
            id,
            number: cn_no,
            gross: Money::from_minor(net + tax),
            due_date: today,
            prepaid_applied: Money::ZERO,
        })
    })
}

//! The money side of returns: which invoice a return credits and what of it was
//! credited before, payments taken back off a paid invoice (allocation reversals), and
//! the quantities a return took off what is still to invoice.

use rusqlite::{params, Connection};

use super::{all, optional, Result};

/// The invoice a shipment is on (invoicing per shipment), if any.
pub fn shipment_invoice(c: &Connection, shipment_id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT invoice_id FROM invoiced_shipments WHERE shipment_id = ?1")?
            .query_row([shipment_id], |r| r.get(0)),
    )?)
}

/// The newest invoice of an order (not a credit note), if any.
pub fn newest_invoice(c: &Connection, order_id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT id FROM invoices WHERE order_id = ?1 AND kind = 'invoice' ORDER BY id DESC LIMIT 1",
        )?
        .query_row([order_id], |r| r.get(0)),
    )?)
}

/// What one invoice billed of an order line: quantity, net, tax, and the unit price,
/// discount and tax rate it billed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InvoicedPart {
    pub qty: i64,
    pub net: i64,
    pub tax: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
}

pub fn invoiced_part(c: &Connection, invoice_id: i64, order_line_id: i64) -> Result<InvoicedPart> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(qty), 0), COALESCE(SUM(net_minor), 0), COALESCE(SUM(tax_minor), 0), \
                COALESCE(MIN(unit_price), 0), COALESCE(MIN(discount_bp), 0), COALESCE(MIN(tax_bp), 0) \
         FROM invoice_lines WHERE invoice_id = ?1 AND order_line_id = ?2",
    )?
    .query_row(params![invoice_id, order_line_id], |r| {
        Ok(InvoicedPart {
            qty: r.get(0)?,
            net: r.get(1)?,
            tax: r.get(2)?,
            unit_price: r.get(3)?,
            discount_bp: r.get(4)?,
            tax_bp: r.get(5)?,
        })
    })?)
}

/// What the credit notes of returns credited of an order line on one invoice before:
/// (quantity, net, tax).
pub fn credited_by_returns(
    c: &Connection,
    invoice_id: i64,
    order_line_id: i64,
) -> Result<(i64, i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(il.qty), 0), COALESCE(SUM(il.net_minor), 0), COALESCE(SUM(il.tax_minor), 0) \
         FROM invoice_lines il JOIN invoices cn ON cn.id = il.invoice_id \
         WHERE cn.corrects_id = ?1 AND il.order_line_id = ?2 \
           AND EXISTS (SELECT 1 FROM returns r WHERE r.credit_note_id = cn.id)",
    )?
    .query_row(params![invoice_id, order_line_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?)
}

/// The payments applied to an invoice, newest first, with what is left of each after
/// earlier reversals: (allocation, payment, left).
pub fn allocations_left(c: &Connection, invoice_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    all(
        c,
        "SELECT a.id, a.payment_id, a.amount_minor - COALESCE((SELECT SUM(x.amount_minor) \
            FROM allocation_reversals x WHERE x.allocation_id = a.id), 0) \
         FROM allocations a WHERE a.invoice_id = ?1 ORDER BY a.id DESC",
        [invoice_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

pub fn insert_reversal(
    c: &Connection,
    allocation_id: i64,
    credit_note_id: i64,
    amount: i64,
    by: i64,
    at: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO allocation_reversals (allocation_id, credit_note_id, amount_minor, created_by, \
         created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![allocation_id, credit_note_id, amount, by, at])?;
    Ok(())
}

/// Gives `amount` applied from a payment back to it: unapplied again (prepayment).
/// False when less than that is applied.
pub fn unallocate(c: &Connection, payment_id: i64, amount: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE payments SET allocated_minor = allocated_minor - ?2, \
         unapplied_minor = unapplied_minor + ?2, version = version + 1 \
         WHERE id = ?1 AND allocated_minor >= ?2",
    )?
    .execute(params![payment_id, amount])?
        == 1)
}

/// Credits `credit` on an invoice of which `repaid` had been paid and now goes back to
/// the payments: paid goes down by `repaid`, credited up by `credit`, and the open
/// balance down by the rest. False (nothing changed) when the invoice does not hold that.
pub fn credit_invoice(c: &Connection, invoice_id: i64, credit: i64, repaid: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE invoices SET paid_minor = paid_minor - ?3, credited_minor = credited_minor + ?2, \
         open_minor = open_minor - (?2 - ?3), version = version + 1 \
         WHERE id = ?1 AND kind = 'invoice' AND paid_minor >= ?3 AND open_minor >= ?2 - ?3",
    )?
    .execute(params![invoice_id, credit, repaid])?
        == 1)
}

/// Records how a return was credited: its credit note (if the goods were invoiced), the
/// amount, what went back as a refund and what stayed as prepayment, and moves it to
/// `credited`. False when someone changed the return first.
#[allow(clippy::too_many_arguments)]
pub fn set_credited(
    c: &Connection,
    return_id: i64,
    version: i64,
    credit_note_id: Option<i64>,
    credit: i64,
    refund: i64,
    prepaid: i64,
    settlement: &str,
    at: &str,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE returns SET status = 'credited', credit_note_id = ?3, credit_minor = ?4, \
         refund_minor = ?5, prepaid_minor = ?6, settlement = ?7, updated_at = ?8, \
         version = version + 1 WHERE id = ?1 AND version = ?2 AND status = 'received'",
    )?
    .execute(params![
        return_id,
        version,
        credit_note_id,
        credit,
        refund,
        prepaid,
        settlement,
        at
    ])? == 1)
}

pub fn set_line_credit(c: &Connection, line_id: i64, credited: i64, uninvoiced: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE return_lines SET qty_credited = ?2, qty_uninvoiced = ?3 WHERE id = ?1",
    )?
    .execute(params![line_id, credited, uninvoiced])?;
    Ok(())
}

/// Takes `n` returned goods off what an order line still has to invoice; false when the
/// line has less than that left to invoice.
pub fn add_return_uninvoiced(c: &Connection, order_line_id: i64, n: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE order_lines SET qty_return_uninvoiced = qty_return_uninvoiced + ?2 \
         WHERE id = ?1 AND qty_invoiced + qty_return_uninvoiced + ?2 <= qty - qty_cancelled",
    )?
    .execute(params![order_line_id, n])?
        == 1)
}

/// What returns took off the goods of a shipment still to invoice, per order line.
pub fn returned_uninvoiced_of_shipment(
    c: &Connection,
    shipment_id: i64,
) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT l.order_line_id, SUM(l.qty_uninvoiced) FROM return_lines l \
         JOIN shipment_lines sl ON sl.id = l.shipment_line_id \
         WHERE sl.shipment_id = ?1 AND l.qty_uninvoiced > 0 GROUP BY l.order_line_id",
        [shipment_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A payment's number by its id.
pub fn payment_number(c: &Connection, payment_id: i64) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached("SELECT number FROM payments WHERE id = ?1")?
            .query_row([payment_id], |r| r.get(0)),
    )?)
}

/// What the credit notes of an order's returns credited (gross).
pub fn return_credits_of_order(c: &Connection, order_id: i64) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(cn.gross_minor), 0) FROM returns r \
         JOIN invoices cn ON cn.id = r.credit_note_id WHERE r.order_id = ?1",
    )?
    .query_row([order_id], |r| r.get(0))?)
}

//! Invoices, payments, allocations, refunds, write-offs, the receivables row of each
//! customer, follow-ups and the costs shipments left stock at (账流 + 钱流).

use rusqlite::{params, Connection};

use super::{all, optional, Result};

// --- the costs of shipments

/// Each line of a shipment with its quantity and the cost its ship move carried (the
/// product's moving average cost at shipping; that cost now when no move is found).
/// The moves of one shipment are written at one moment at one cost per product, and the
/// newest moves of the product are read first: a shipment being posted finds its own
/// moves at once instead of walking the product's whole history.
pub fn shipment_line_costs(c: &Connection, shipment_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    all(
        c,
        "SELECT sl.id, sl.qty, COALESCE((SELECT m.unit_cost FROM stock_moves m \
            WHERE m.product_id = sl.product_id AND m.kind = 'ship' AND m.doc_type = 'SH' \
              AND m.doc_id = sl.shipment_id AND m.bin_id = sl.bin_id AND m.lot_id = sl.lot_id \
            ORDER BY m.id DESC LIMIT 1), p.avg_cost) \
         FROM shipment_lines sl JOIN products p ON p.id = sl.product_id \
         WHERE sl.shipment_id = ?1 ORDER BY sl.id",
        [shipment_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

pub fn insert_shipment_cost(
    c: &Connection,
    line_id: i64,
    unit_cost: i64,
    value: i64,
    in_transit: bool,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO shipment_costs (shipment_line_id, unit_cost, value_minor, in_transit) \
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![line_id, unit_cost, value, in_transit])?;
    Ok(())
}

/// Lines of a shipment whose cost waits in 发出商品: id, delivered, unit cost, signed value.
pub fn transit_lines(c: &Connection, shipment_id: i64) -> Result<Vec<(i64, i64, i64, i64)>> {
    all(
        c,
        "SELECT sl.id, sl.qty_delivered, k.unit_cost, k.signed_minor FROM shipment_lines sl \
         JOIN shipment_costs k ON k.shipment_line_id = sl.id \
         WHERE sl.shipment_id = ?1 AND k.in_transit = 1 ORDER BY sl.id",
        [shipment_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

pub fn add_signed_cost(c: &Connection, line_id: i64, value: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE shipment_costs SET signed_minor = signed_minor + ?2 WHERE shipment_line_id = ?1",
    )?
    .execute(params![line_id, value])?;
    Ok(())
}

/// The value in 发出商品 by the shipments' costs: shipped in transit less signed, less
/// what returns settled (refused goods back in stock, lost goods written off).
pub fn goods_shipped_value(c: &Connection) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(value_minor - signed_minor - returned_minor), 0) FROM shipment_costs \
         WHERE in_transit = 1",
    )?
    .query_row([], |r| r.get(0))?)
}

// --- invoices

/// An invoice or credit note as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    /// `invoice` or `credit_note`.
    pub kind: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub order_id: i64,
    pub order_no: Option<String>,
    pub shipment_id: Option<i64>,
    pub corrects_id: Option<i64>,
    pub invoice_date: String,
    pub due_date: String,
    pub price_mode: String,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub paid_minor: i64,
    pub credited_minor: i64,
    pub written_off_minor: i64,
    pub open_minor: i64,
    pub reason: Option<String>,
    pub vat_no: Option<String>,
    pub vat_kind: Option<String>,
    pub vat_date: Option<String>,
    pub version: i64,
}

const INV_COLS: &str = "i.id, i.number, i.kind, i.customer_id, cu.name, i.order_id, o.number, \
    i.shipment_id, i.corrects_id, i.invoice_date, i.due_date, i.price_mode, i.net_minor, \
    i.tax_minor, i.gross_minor, i.paid_minor, i.credited_minor, i.written_off_minor, \
    i.open_minor, i.reason, i.vat_no, i.vat_kind, i.vat_date, i.version \
    FROM invoices i JOIN customers cu ON cu.id = i.customer_id JOIN orders o ON o.id = i.order_id";

fn inv_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceRow> {
    Ok(InvoiceRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: r.get(2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        order_id: r.get(5)?,
        order_no: r.get(6)?,
        shipment_id: r.get(7)?,
        corrects_id: r.get(8)?,
        invoice_date: r.get(9)?,
        due_date: r.get(10)?,
        price_mode: r.get(11)?,
        net_minor: r.get(12)?,
        tax_minor: r.get(13)?,
        gross_minor: r.get(14)?,
        paid_minor: r.get(15)?,
        credited_minor: r.get(16)?,
        written_off_minor: r.get(17)?,
        open_minor: r.get(18)?,
        reason: r.get(19)?,
        vat_no: r.get(20)?,
        vat_kind: r.get(21)?,
        vat_date: r.get(22)?,
        version: r.get(23)?,
    })
}

pub fn invoice_by_number(c: &Connection, number: &str) -> Result<Option<InvoiceRow>> {
    let sql = format!("SELECT {INV_COLS} WHERE i.number = ?1");
    Ok(optional(
        c.prepare_cached(&sql)?.query_row([number], inv_row),
    )?)
}

pub fn invoice_by_id(c: &Connection, id: i64) -> Result<Option<InvoiceRow>> {
    let sql = format!("SELECT {INV_COLS} WHERE i.id = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], inv_row))?)
}

/// Invoices whose official VAT invoice number is `vat_no`.
pub fn invoices_by_vat_no(c: &Connection, vat_no: &str) -> Result<Vec<InvoiceRow>> {
    let sql = format!("SELECT {INV_COLS} WHERE i.vat_no = ?1 ORDER BY i.id");
    all(c, &sql, [vat_no], inv_row)
}

/// Invoices and credit notes of an order, in number order.
pub fn invoices_of_order(c: &Connection, order_id: i64) -> Result<Vec<InvoiceRow>> {
    let sql = format!("SELECT {INV_COLS} WHERE i.order_id = ?1 ORDER BY i.id");
    all(c, &sql, [order_id], inv_row)
}

/// Which invoices a page of the invoice list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvoiceFilter {
    /// Invoices and credit notes.
    #[default]
    All,
    /// Invoices with something open.
    Open,
    /// Invoices paid (settled) in full.
    Paid,
    /// Invoices with something open past their due date.
    Overdue,
}

impl InvoiceFilter {
    pub const ALL: [InvoiceFilter; 4] = [
        InvoiceFilter::All,
        InvoiceFilter::Open,
        InvoiceFilter::Paid,
        InvoiceFilter::Overdue,
    ];
}

/// A page of the invoice list, newest first, before `(date, id)`: each filter is one
/// fixed statement walking an index in the list's order (`invoices_date`, and the
/// partial `invoices_open_date` and `invoices_paid_date`) and stopping at the page's
/// limit. Overdue means open and due before `today` (`YYYY-MM-DD`); the due date is in
/// the open invoices' index, so no invoice row is read to skip one not yet due.
pub fn invoice_page(
    c: &Connection,
    filter: InvoiceFilter,
    today: &str,
    before_date: &str,
    before_id: i64,
    limit: i64,
) -> Result<Vec<InvoiceRow>> {
    let sql = invoice_page_sql(filter);
    if filter == InvoiceFilter::Overdue {
        all(
            c,
            &sql,
            params![before_date, before_id, limit, today],
            inv_row,
        )
    } else {
        all(c, &sql, params![before_date, before_id, limit], inv_row)
    }
}

/// The statement of [`invoice_page`] for a filter (parameters: before date, before id,
/// limit, and today for the overdue filter), for the tests that read its plan.
pub fn invoice_page_sql(filter: InvoiceFilter) -> String {
    let (index, cond) = match filter {
        InvoiceFilter::All => ("invoices_date", ""),
        InvoiceFilter::Open => ("invoices_open_date", "AND i.open_minor > 0"),
        InvoiceFilter::Paid => (
            "invoices_paid_date",
            "AND i.kind = 'invoice' AND i.open_minor = 0",
        ),
        InvoiceFilter::Overdue => (
            "invoices_open_date",
            "AND i.open_minor > 0 AND i.due_date < ?4",
        ),
    };
    let from = INV_COLS.replacen(
        "FROM invoices i",
        &format!("FROM invoices i INDEXED BY {index}"),
        1,
    );
    format!(
        "SELECT {from} WHERE (i.invoice_date, i.id) < (?1, ?2) {cond} \
         ORDER BY i.invoice_date DESC, i.id DESC LIMIT ?3"
    )
}

/// A customer's open invoices, oldest due first (the default allocation order).
pub fn open_invoices_of(c: &Connection, customer_id: i64) -> Result<Vec<InvoiceRow>> {
    let sql = format!(
        "SELECT {INV_COLS} WHERE i.customer_id = ?1 AND i.open_minor > 0 \
         ORDER BY i.due_date, i.id"
    );
    all(c, &sql, [customer_id], inv_row)
}

/// A new invoice or credit note.
pub struct NewInvoice<'a> {
    pub number: &'a str,
    pub kind: &'a str,
    pub customer_id: i64,
    pub order_id: i64,
    pub shipment_id: Option<i64>,
    pub corrects_id: Option<i64>,
    pub invoice_date: &'a str,
    pub due_date: &'a str,
    pub price_mode: &'a str,
    pub net: i64,
    pub tax: i64,
    pub reason: Option<&'a str>,
    pub by: i64,
    pub at: &'a str,
}

pub fn insert_invoice(c: &Connection, n: &NewInvoice<'_>) -> Result<i64> {
    let open = if n.kind == "invoice" {
        n.net + n.tax
    } else {
        0
    };
    c.prepare_cached(
        "INSERT INTO invoices (number, kind, customer_id, order_id, shipment_id, corrects_id, \
         invoice_date, due_date, price_mode, net_minor, tax_minor, gross_minor, open_minor, \
         reason, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        n.number,
        n.kind,
        n.customer_id,
        n.order_id,
        n.shipment_id,
        n.corrects_id,
        n.invoice_date,
        n.due_date,
        n.price_mode,
        n.net,
        n.tax,
        n.net + n.tax,
        open,
        n.reason,
        n.by,
        n.at
    ])?;
    Ok(c.last_insert_rowid())
}

/// One line of an invoice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLineRow {
    pub id: i64,
    pub order_line_id: i64,
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_invoice_line(
    c: &Connection,
    invoice_id: i64,
    order_line_id: i64,
    qty: i64,
    unit_price: i64,
    discount_bp: i64,
    tax_bp: i64,
    net: i64,
    tax: i64,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_bp, \
         tax_bp, net_minor, tax_minor, gross_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        invoice_id,
        order_line_id,
        qty,
        unit_price,
        discount_bp,
        tax_bp,
        net,
        tax,
        net + tax
    ])?;
    Ok(())
}

pub fn invoice_lines(c: &Connection, invoice_id: i64) -> Result<Vec<InvoiceLineRow>> {
    all(
        c,
        "SELECT il.id, il.order_line_id, ol.line_no, p.sku, p.name, p.unit, il.qty, il.unit_price, \
         il.discount_bp, il.tax_bp, il.net_minor, il.tax_minor, il.gross_minor \
         FROM invoice_lines il JOIN order_lines ol ON ol.id = il.order_line_id \
         JOIN products p ON p.id = ol.product_id WHERE il.invoice_id = ?1 ORDER BY il.id",
        [invoice_id],
        |r| {
            Ok(InvoiceLineRow {
                id: r.get(0)?,
                order_line_id: r.get(1)?,
                line_no: r.get(2)?,
                sku: r.get(3)?,
                name: r.get(4)?,
                unit: r.get(5)?,
                qty: r.get(6)?,
                unit_price: r.get(7)?,
                discount_bp: r.get(8)?,
                tax_bp: r.get(9)?,
                net_minor: r.get(10)?,
                tax_minor: r.get(11)?,
                gross_minor: r.get(12)?,
            })
        },
    )
}

/// Adds to a line's invoiced quantity; `false` when that would pass what may be invoiced.
pub fn add_invoiced_qty(c: &Connection, order_line_id: i64, qty: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "UPDATE order_lines SET qty_invoiced = qty_invoiced + ?2 \
         WHERE id = ?1 AND qty_invoiced + qty_return_uninvoiced + ?2 <= qty - qty_cancelled",
    )?
    .execute(params![order_line_id, qty])?
        == 1)
}

/// A shipment of which something is left to invoice: not every line of it was taken off
/// invoicing by a return before it was invoiced.
const SHIPMENT_LEFT_TO_INVOICE: &str = "EXISTS (SELECT 1 FROM shipment_lines sl \
     WHERE sl.shipment_id = s.id AND sl.qty > (SELECT COALESCE(SUM(rl.qty_uninvoiced), 0) \
       FROM return_lines rl WHERE rl.shipment_line_id = sl.id))";

/// Shipments of an order not yet on an invoice, oldest first: (id, number). A shipment
/// whose goods all came back before it was invoiced has nothing left to invoice.
pub fn uninvoiced_shipments(c: &Connection, order_id: i64) -> Result<Vec<(i64, String)>> {
    all(
        c,
        &format!(
            "SELECT s.id, s.number FROM shipments s WHERE s.order_id = ?1 \
             AND NOT EXISTS (SELECT 1 FROM invoiced_shipments x WHERE x.shipment_id = s.id) \
             AND {SHIPMENT_LEFT_TO_INVOICE} ORDER BY s.id"
        ),
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The invoice a shipment is on, if any.
pub fn invoice_of_shipment(c: &Connection, shipment_id: i64) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT i.number FROM invoiced_shipments x JOIN invoices i ON i.id = x.invoice_id \
             WHERE x.shipment_id = ?1",
        )?
        .query_row([shipment_id], |r| r.get(0)),
    )?)
}

pub fn mark_shipment_invoiced(c: &Connection, shipment_id: i64, invoice_id: i64) -> Result<()> {
    c.prepare_cached("INSERT INTO invoiced_shipments (shipment_id, invoice_id) VALUES (?1, ?2)")?
        .execute(params![shipment_id, invoice_id])?;
    Ok(())
}

/// Per order line of a shipment: quantity shipped on it.
pub fn shipment_qty_by_line(c: &Connection, shipment_id: i64) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT order_line_id, SUM(qty) FROM shipment_lines WHERE shipment_id = ?1 \
         GROUP BY order_line_id ORDER BY order_line_id",
        [shipment_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Orders with something ready to invoice: approved or closed, with shipped (basis
/// shipment) or ordered (basis order) quantities not yet invoiced. Ids, oldest first.
pub fn orders_ready_to_invoice(c: &Connection, by_order: bool, limit: i64) -> Result<Vec<i64>> {
    let sql = if by_order {
        "SELECT DISTINCT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.stage IN ('approved', 'closed') \
           AND l.qty_invoiced + l.qty_return_uninvoiced < l.qty - l.qty_cancelled \
         ORDER BY o.id LIMIT ?1"
            .to_string()
    } else {
        format!(
            "SELECT DISTINCT s.order_id FROM shipments s WHERE NOT EXISTS \
             (SELECT 1 FROM invoiced_shipments x WHERE x.shipment_id = s.id) \
             AND {SHIPMENT_LEFT_TO_INVOICE} ORDER BY s.order_id LIMIT ?1"
        )
    };
    all(c, &sql, [limit], |r| r.get(0))
}

/// Settles part of an invoice: paid, credited or written off. `false` (nothing changed)
/// when more than its open balance would be settled.
pub fn settle_invoice(
    c: &Connection,
    invoice_id: i64,
    paid: i64,
    credited: i64,
    written_off: i64,
) -> Result<bool> {
    let total = paid + credited + written_off;
    Ok(c.prepare_cached(
        "UPDATE invoices SET paid_minor = paid_minor + ?2, credited_minor = credited_minor + ?3, \
         written_off_minor = written_off_minor + ?4, open_minor = open_minor - ?5, \
         version = version + 1 WHERE id = ?1 AND kind = 'invoice' AND open_minor >= ?5",
    )?
    .execute(params![invoice_id, paid, credited, written_off, total])?
        == 1)
}

/// Records the official VAT invoice (增值税发票) against an invoice.
pub fn set_vat(c: &Connection, id: i64, vat_no: &str, kind: &str, date: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE invoices SET vat_no = ?2, vat_kind = ?3, vat_date = ?4, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![id, vat_no, kind, date])?;
    Ok(())
}

// --- payments

/// A payment (收款单) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub method: String,
    pub reference: Option<String>,
    pub pay_date: String,
    pub amount_minor: i64,
    pub account: String,
    pub order_id: Option<i64>,
    pub allocated_minor: i64,
    pub refunded_minor: i64,
    pub unapplied_minor: i64,
    pub note: Option<String>,
    /// Cash handed over at the counter (实收); the change is this less the amount.
    pub tendered_minor: Option<i64>,
}

const PAY_COLS: &str =
    "p.id, p.number, p.customer_id, cu.name, p.method, p.reference, p.pay_date, \
    p.amount_minor, p.account, p.order_id, p.allocated_minor, p.refunded_minor, p.unapplied_minor, \
    p.note, p.tendered_minor FROM payments p JOIN customers cu ON cu.id = p.customer_id";

fn pay_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentRow> {
    Ok(PaymentRow {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_name: r.get(3)?,
        method: r.get(4)?,
        reference: r.get(5)?,
        pay_date: r.get(6)?,
        amount_minor: r.get(7)?,
        account: r.get(8)?,
        order_id: r.get(9)?,
        allocated_minor: r.get(10)?,
        refunded_minor: r.get(11)?,
        unapplied_minor: r.get(12)?,
        note: r.get(13)?,
        tendered_minor: r.get(14)?,
    })
}

pub fn payment_by_number(c: &Connection, number: &str) -> Result<Option<PaymentRow>> {
    let sql = format!("SELECT {PAY_COLS} WHERE p.number = ?1");
    Ok(optional(
        c.prepare_cached(&sql)?.query_row([number], pay_row),
    )?)
}

pub fn payment_by_reference(
    c: &Connection,
    customer_id: i64,
    reference: &str,
) -> Result<Option<PaymentRow>> {
    let sql = format!("SELECT {PAY_COLS} WHERE p.customer_id = ?1 AND p.reference = ?2");
    Ok(optional(
        c.prepare_cached(&sql)?
            .query_row(params![customer_id, reference], pay_row),
    )?)
}

/// A customer's payments with something unapplied: the deposits of `order_id` first,
/// then the oldest.
pub fn unapplied_of(
    c: &Connection,
    customer_id: i64,
    order_id: Option<i64>,
) -> Result<Vec<PaymentRow>> {
    let sql = format!(
        "SELECT {PAY_COLS} WHERE p.customer_id = ?1 AND p.unapplied_minor > 0 \
         ORDER BY (p.order_id IS NOT NULL AND p.order_id = ?2) DESC, p.pay_date, p.id"
    );
    all(
        c,
        &sql,
        params![customer_id, order_id.unwrap_or(0)],
        pay_row,
    )
}

/// Deposits (订金) of an order still unapplied, oldest first.
pub fn deposits_of_order(c: &Connection, order_id: i64) -> Result<Vec<PaymentRow>> {
    let sql = format!(
        "SELECT {PAY_COLS} WHERE p.order_id = ?1 AND p.unapplied_minor > 0 ORDER BY p.pay_date, p.id"
    );
    all(c, &sql, [order_id], pay_row)
}

/// Everything received for an order (deposits), applied or not.
pub fn deposits_total(c: &Connection, order_id: i64) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(amount_minor - refunded_minor), 0) FROM payments WHERE order_id = ?1",
    )?
    .query_row([order_id], |r| r.get(0))?)
}

/// A page of payments, newest first, before `(date, id)`.
pub fn payment_page(
    c: &Connection,
    before_date: &str,
    before_id: i64,
    limit: i64,
) -> Result<Vec<PaymentRow>> {
    let sql = format!(
        "SELECT {PAY_COLS} WHERE (p.pay_date, p.id) < (?1, ?2) ORDER BY p.pay_date DESC, p.id DESC LIMIT ?3"
    );
    all(c, &sql, params![before_date, before_id, limit], pay_row)
}

/// A new payment.
pub struct NewPayment<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub method: &'a str,
    pub reference: Option<&'a str>,
    pub pay_date: &'a str,
    pub amount: i64,
    pub account: &'a str,
    pub order_id: Option<i64>,
    pub note: Option<&'a str>,
    /// Cash handed over at the counter (实收), for the change on the receipt.
    pub tendered: Option<i64>,
    pub by: i64,
    pub at: &'a str,
}

pub fn insert_payment(c: &Connection, n: &NewPayment<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO payments (number, customer_id, method, reference, pay_date, amount_minor, \
         account, order_id, unapplied_minor, note, created_by, created_at, tendered_minor) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        n.number,
        n.customer_id,
        n.method,
        n.reference,
        n.pay_date,
        n.amount,
        n.account,
        n.order_id,
        n.note,
        n.by,
        n.at,
        n.tendered
    ])?;
    Ok(c.last_insert_rowid())
}

/// Takes `amount` from a payment's unapplied part, as allocated or refunded. `false`
/// (nothing changed) when less than that is unapplied.
pub fn take_unapplied(c: &Connection, payment_id: i64, amount: i64, refund: bool) -> Result<bool> {
    let sql = if refund {
        "UPDATE payments SET refunded_minor = refunded_minor + ?2, unapplied_minor = unapplied_minor - ?2, \
         version = version + 1 WHERE id = ?1 AND unapplied_minor >= ?2"
    } else {
        "UPDATE payments SET allocated_minor = allocated_minor + ?2, unapplied_minor = unapplied_minor - ?2, \
         version = version + 1 WHERE id = ?1 AND unapplied_minor >= ?2"
    };
    Ok(c.prepare_cached(sql)?
        .execute(params![payment_id, amount])?
        == 1)
}

pub fn insert_allocation(
    c: &Connection,
    payment_id: i64,
    invoice_id: i64,
    amount: i64,
    date: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO allocations (payment_id, invoice_id, amount_minor, alloc_date, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![payment_id, invoice_id, amount, date, by, at])?;
    Ok(c.last_insert_rowid())
}

/// One allocation with the documents' numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    pub id: i64,
    pub payment_no: String,
    pub invoice_no: String,
    pub amount_minor: i64,
    pub alloc_date: String,
}

fn alloc_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AllocationRow> {
    Ok(AllocationRow {
        id: r.get(0)?,
        payment_no: r.get(1)?,
        invoice_no: r.get(2)?,
        amount_minor: r.get(3)?,
        alloc_date: r.get(4)?,
    })
}

pub fn allocations_of_payment(c: &Connection, payment_id: i64) -> Result<Vec<AllocationRow>> {
    all(
        c,
        "SELECT a.id, p.number, i.number, a.amount_minor, a.alloc_date FROM allocations a \
         JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id \
         WHERE a.payment_id = ?1 ORDER BY a.id",
        [payment_id],
        alloc_row,
    )
}

pub fn allocations_of_invoice(c: &Connection, invoice_id: i64) -> Result<Vec<AllocationRow>> {
    all(
        c,
        "SELECT a.id, p.number, i.number, a.amount_minor, a.alloc_date FROM allocations a \
         JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id \
         WHERE a.invoice_id = ?1 ORDER BY a.id",
        [invoice_id],
        alloc_row,
    )
}

#[allow(clippy::too_many_arguments)]
pub fn insert_refund(
    c: &Connection,
    number: &str,
    payment_id: i64,
    amount: i64,
    date: &str,
    reason: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO refunds (number, payment_id, amount_minor, refund_date, reason, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![number, payment_id, amount, date, reason, by, at])?;
    Ok(c.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_write_off(
    c: &Connection,
    number: &str,
    invoice_id: i64,
    amount: i64,
    date: &str,
    reason: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO write_offs (number, invoice_id, amount_minor, wo_date, reason, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![number, invoice_id, amount, date, reason, by, at])?;
    Ok(c.last_insert_rowid())
}

// --- the receivables row

/// Adds to a customer's open AR and unapplied prepayments.
pub fn add_balance(c: &Connection, customer_id: i64, ar: i64, prepaid: i64) -> Result<()> {
    // An update first: the row's CHECKs hold for the sums, not for a negative change.
    let n = c
        .prepare_cached(
            "UPDATE customer_balances SET open_ar_minor = open_ar_minor + ?2, \
             prepaid_minor = prepaid_minor + ?3 WHERE customer_id = ?1",
        )?
        .execute(params![customer_id, ar, prepaid])?;
    if n == 0 {
        c.prepare_cached(
            "INSERT INTO customer_balances (customer_id, open_ar_minor, prepaid_minor) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![customer_id, ar, prepaid])?;
    }
    Ok(())
}

/// A customer's open AR and unapplied prepayments (0, 0 when none were ever recorded).
pub fn balance(c: &Connection, customer_id: i64) -> Result<(i64, i64)> {
    Ok(optional(
        c.prepare_cached(
            "SELECT open_ar_minor, prepaid_minor FROM customer_balances WHERE customer_id = ?1",
        )?
        .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?
    .unwrap_or((0, 0)))
}

/// The open amount of a customer's invoices due before `date` (overdue on `date`) and
/// the oldest such due date.
pub fn overdue_of(c: &Connection, customer_id: i64, date: &str) -> Result<(i64, Option<String>)> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(open_minor), 0), MIN(due_date) FROM invoices INDEXED BY invoices_open_customer \
         WHERE customer_id = ?1 AND open_minor > 0 AND due_date < ?2",
    )?
    .query_row(params![customer_id, date], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Sets or clears a customer's credit hold.
pub fn set_credit_hold(
    c: &Connection,
    customer_id: i64,
    hold: bool,
    reason: Option<&str>,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE customers SET credit_hold = ?2, credit_hold_reason = ?3 WHERE id = ?1",
    )?
    .execute(params![customer_id, hold, reason])?;
    Ok(())
}

/// Whether a customer is on credit hold, and why.
pub fn credit_hold(c: &Connection, customer_id: i64) -> Result<(bool, Option<String>)> {
    Ok(optional(
        c.prepare_cached("SELECT credit_hold, credit_hold_reason FROM customers WHERE id = ?1")?
            .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?))),
    )?
    .unwrap_or((false, None)))
}

/// Open amounts of invoices summed by due-date boundaries: `bounds` are dates, newest
/// first; slot 0 holds what is due on or after `bounds[0]` (not due), slot k what is due
/// in [bounds[k], bounds[k-1]), the last slot what is older than every bound. Driven by
/// the partial covering index of open invoices.
pub fn aging_sums(
    c: &Connection,
    customer_id: Option<i64>,
    bounds: &[String; 5],
) -> Result<[i64; 6]> {
    let sql = "SELECT \
        COALESCE(SUM(CASE WHEN due_date >= ?2 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?2 AND due_date >= ?3 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?3 AND due_date >= ?4 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?4 AND due_date >= ?5 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?5 AND due_date >= ?6 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?6 THEN open_minor END), 0) \
        FROM invoices WHERE open_minor > 0 AND (?1 IS NULL OR customer_id = ?1)";
    Ok(c.prepare_cached(sql)?.query_row(
        params![
            customer_id,
            bounds[0],
            bounds[1],
            bounds[2],
            bounds[3],
            bounds[4]
        ],
        |r| {
            Ok([
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ])
        },
    )?)
}

/// One customer on the overdue list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub overdue_minor: i64,
    pub oldest_due: String,
}

/// Customers with invoices due before `date`, most overdue (oldest due) first.
pub fn overdue_customers(c: &Connection, date: &str, limit: i64) -> Result<Vec<OverdueRow>> {
    all(
        c,
        "SELECT i.customer_id, cu.code, cu.name, SUM(i.open_minor), MIN(i.due_date) \
         FROM invoices i INDEXED BY invoices_open_due JOIN customers cu ON cu.id = i.customer_id \
         WHERE i.open_minor > 0 AND i.due_date < ?1 GROUP BY i.customer_id \
         ORDER BY MIN(i.due_date), i.customer_id LIMIT ?2",
        params![date, limit],
        |r| {
            Ok(OverdueRow {
                customer_id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                overdue_minor: r.get(3)?,
                oldest_due: r.get(4)?,
            })
        },
    )
}

// --- statement

/// One line of a statement (对账单): an invoice, credit note, payment, refund or write-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub date: String,
    /// `invoice`, `credit_note`, `payment`, `refund`, `write_off`.
    pub kind: String,
    pub number: String,
    /// What the customer owes more (+) or less (−) after it, in fen.
    pub amount_minor: i64,
}

/// The documents of a customer between two dates (inclusive) and the balance before.
/// Balance = invoices − credit notes − payments + refunds − write-offs: what the customer
/// owes net of prepayments.
pub fn statement(
    c: &Connection,
    customer_id: i64,
    from: &str,
    to: &str,
) -> Result<(i64, Vec<StatementLine>)> {
    let union = "SELECT invoice_date AS d, kind AS k, number AS n, \
            CASE kind WHEN 'invoice' THEN gross_minor ELSE -gross_minor END AS a, id AS o \
            FROM invoices WHERE customer_id = ?1 \
        UNION ALL SELECT pay_date, 'payment', number, -amount_minor, id FROM payments WHERE customer_id = ?1 \
        UNION ALL SELECT r.refund_date, 'refund', r.number, r.amount_minor, r.id FROM refunds r \
            JOIN payments p ON p.id = r.payment_id WHERE p.customer_id = ?1 \
        UNION ALL SELECT w.wo_date, 'write_off', w.number, -w.amount_minor, w.id FROM write_offs w \
            JOIN invoices i ON i.id = w.invoice_id WHERE i.customer_id = ?1";
    let opening: i64 = c
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(a), 0) FROM ({union}) WHERE d < ?2"
        ))?
        .query_row(params![customer_id, from], |r| r.get(0))?;
    let lines = all(
        c,
        &format!("SELECT d, k, n, a FROM ({union}) WHERE d >= ?2 AND d <= ?3 ORDER BY d, n"),
        params![customer_id, from, to],
        |r| {
            Ok(StatementLine {
                date: r.get(0)?,
                kind: r.get(1)?,
                number: r.get(2)?,
                amount_minor: r.get(3)?,
            })
        },
    )?;
    Ok((opening, lines))
}

// --- follow-ups

/// One entry of the follow-up log (催款记录).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub follow_date: String,
    pub contact: String,
    pub note: String,
    pub promise_minor: Option<i64>,
    pub promise_date: Option<String>,
    pub next_action: String,
    pub by: String,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_follow_up(
    c: &Connection,
    customer_id: i64,
    date: &str,
    contact: &str,
    note: &str,
    promise: Option<(i64, &str)>,
    next_action: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO follow_ups (customer_id, follow_date, contact, note, promise_minor, promise_date, \
         next_action, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        customer_id,
        date,
        contact,
        note,
        promise.map(|p| p.0),
        promise.map(|p| p.1),
        next_action,
        by,
        at
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn follow_ups_of(c: &Connection, customer_id: i64, limit: i64) -> Result<Vec<FollowUpRow>> {
    all(
        c,
        "SELECT f.id, f.follow_date, f.contact, f.note, f.promise_minor, f.promise_date, f.next_action, \
         u.display_name FROM follow_ups f JOIN users u ON u.id = f.created_by \
         WHERE f.customer_id = ?1 ORDER BY f.follow_date DESC, f.id DESC LIMIT ?2",
        params![customer_id, limit],
        |r| {
            Ok(FollowUpRow {
                id: r.get(0)?,
                follow_date: r.get(1)?,
                contact: r.get(2)?,
                note: r.get(3)?,
                promise_minor: r.get(4)?,
                promise_date: r.get(5)?,
                next_action: r.get(6)?,
                by: r.get(7)?,
            })
        },
    )
}

/// What a customer paid from `from` to `to` (inclusive), to judge a promise.
pub fn paid_between(c: &Connection, customer_id: i64, from: &str, to: &str) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE customer_id = ?1 \
         AND pay_date >= ?2 AND pay_date <= ?3",
    )?
    .query_row(params![customer_id, from, to], |r| r.get(0))?)
}

// --- check

/// Customers whose receivables row differs from their documents: (customer, kept AR,
/// computed AR, kept prepaid, computed prepaid).
/// Customer id, kept AR, computed AR, kept prepaid, computed prepaid.
pub type BalanceMismatch = (i64, i64, i64, i64, i64);

pub fn balance_mismatches(c: &Connection) -> Result<Vec<BalanceMismatch>> {
    all(
        c,
        "WITH ar AS (SELECT customer_id, SUM(open_minor) s FROM invoices WHERE kind = 'invoice' GROUP BY customer_id), \
              pp AS (SELECT customer_id, SUM(unapplied_minor) s FROM payments GROUP BY customer_id), \
              ids AS (SELECT customer_id FROM ar UNION SELECT customer_id FROM pp \
                      UNION SELECT customer_id FROM customer_balances) \
         SELECT ids.customer_id, COALESCE(b.open_ar_minor, 0), COALESCE(ar.s, 0), \
                COALESCE(b.prepaid_minor, 0), COALESCE(pp.s, 0) FROM ids \
         LEFT JOIN customer_balances b ON b.customer_id = ids.customer_id \
         LEFT JOIN ar ON ar.customer_id = ids.customer_id LEFT JOIN pp ON pp.customer_id = ids.customer_id \
         WHERE COALESCE(b.open_ar_minor, 0) <> COALESCE(ar.s, 0) OR COALESCE(b.prepaid_minor, 0) <> COALESCE(pp.s, 0) \
         LIMIT 20",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// Σ open balances of invoices and Σ unapplied payments.
pub fn open_and_unapplied(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT (SELECT COALESCE(SUM(open_minor), 0) FROM invoices WHERE kind = 'invoice'), \
                (SELECT COALESCE(SUM(unapplied_minor), 0) FROM payments)",
    )?
    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Every stock move's quantity and cost, for the value of stock on hand by moves.
pub fn posted_stock_moves(c: &Connection) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT qty, unit_cost FROM stock_moves \
         WHERE kind IN ('receipt', 'adjust', 'count', 'ship', 'return')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The code of the one customer with exactly this name (None when none or several).
pub fn customer_code_by_name(c: &Connection, name: &str) -> Result<Option<String>> {
    let codes: Vec<String> = all(
        c,
        "SELECT code FROM customers WHERE name = ?1 LIMIT 2",
        [name],
        |r| r.get(0),
    )?;
    Ok(if codes.len() == 1 {
        codes.into_iter().next()
    } else {
        None
    })
}

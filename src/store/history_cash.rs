//! Receivables history written in bulk, set-based (the large demo's 200,000 invoices):
//! one invoice per planned order for everything invoiced on its lines, and the payment
//! that paid it in full or in part, allocated to it by hand. The rows are those the
//! operations write — invoice, lines, payment, allocation, the journal entries with
//! their vouchers, the customers' receivables rows and the document counters — without
//! the audit rows. The caller decides per order when it was invoiced, when it fell due
//! and how it was paid (`plan_invoice`), then writes the plan in one go.

use rusqlite::{params, Connection};

use super::{all, Result};

/// A closed order that may be invoiced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderToInvoice {
    pub id: i64,
    pub order_date: String,
    pub customer_id: i64,
    pub terms: String,
    pub gross: i64,
}

/// Closed orders with no invoice, dated `since` or later or of the customer `also`,
/// by date.
pub fn closed_orders_to_invoice(
    c: &Connection,
    since: &str,
    also: Option<i64>,
) -> Result<Vec<OrderToInvoice>> {
    all(
        c,
        "SELECT o.id, o.order_date, o.customer_id, o.terms, o.gross_minor FROM orders o \
         WHERE o.stage = 'closed' AND (o.order_date >= ?1 OR o.customer_id = ?2) \
           AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id) \
         ORDER BY o.order_date, o.id",
        params![since, also.unwrap_or(0)],
        |r| {
            Ok(OrderToInvoice {
                id: r.get(0)?,
                order_date: r.get(1)?,
                customer_id: r.get(2)?,
                terms: r.get(3)?,
                gross: r.get(4)?,
            })
        },
    )
}

/// The first active customer on credit terms (by code): the one with thousands of
/// invoices in the large demo.
pub fn first_credit_customer(c: &Connection) -> Result<Option<i64>> {
    Ok(super::optional(c.query_row(
        "SELECT id FROM customers WHERE status = 'active' AND terms LIKE 'net:%' \
         ORDER BY code LIMIT 1",
        [],
        |r| r.get(0),
    ))?)
}

/// The codes of every `every`-th active customer on credit terms, by code.
pub fn credit_customers(c: &Connection, every: i64) -> Result<Vec<String>> {
    all(
        c,
        "SELECT code FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM customers \
         WHERE status = 'active' AND (terms LIKE 'net:%' OR terms LIKE 'eom:%')) \
         WHERE n % ?1 = 0 ORDER BY code",
        [every.max(1)],
        |r| r.get(0),
    )
}

/// The open invoice that fell due first, before `date`.
pub fn oldest_overdue_invoice(c: &Connection, date: &str) -> Result<Option<String>> {
    Ok(super::optional(c.query_row(
        "SELECT number FROM invoices INDEXED BY invoices_open_due \
         WHERE open_minor > 0 AND due_date < ?1 ORDER BY due_date, id LIMIT 1",
        [date],
        |r| r.get(0),
    ))?)
}

/// How one planned invoice was paid: on `date`, `amount` (at most the invoice's gross),
/// by `method` into `account`, with the bank's or wallet's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPayment {
    pub date: String,
    pub amount: i64,
    pub method: &'static str,
    pub account: &'static str,
    pub reference: Option<String>,
}

/// Starts an empty plan.
pub fn begin_plan(c: &Connection) -> Result<()> {
    drop_plan(c)?;
    c.execute_batch(
        "CREATE TEMP TABLE cash_plan (
             k INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, invoice_date TEXT NOT NULL,
             due_date TEXT NOT NULL, pay_date TEXT, pay_amount INTEGER, method TEXT,
             account TEXT, reference TEXT);",
    )?;
    Ok(())
}

/// Plans the invoice of one order, issued on `invoice_date` and due on `due_date`, and
/// its payment if any. Invoices are numbered in the order they are planned.
pub fn plan_invoice(
    c: &Connection,
    order_id: i64,
    invoice_date: &str,
    due_date: &str,
    payment: Option<&PlannedPayment>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO temp.cash_plan (order_id, invoice_date, due_date, pay_date, pay_amount, \
           method, account, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        order_id,
        invoice_date,
        due_date,
        payment.map(|p| p.date.as_str()),
        payment.map(|p| p.amount),
        payment.map(|p| p.method),
        payment.map(|p| p.account),
        payment.and_then(|p| p.reference.as_deref()),
    ])?;
    Ok(())
}

/// The accounts of the entries, by the chart (DESIGN §6).
pub struct CashAccounts<'a> {
    /// 应收账款.
    pub receivable: &'a str,
    /// 主营业务收入.
    pub revenue: &'a str,
    /// 应交税费-销项税额.
    pub output_vat: &'a str,
}

/// What the plan wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CashHistory {
    pub invoices: i64,
    pub payments: i64,
}

/// Writes the plan: invoices (INV-, numbered per year of their date), their lines,
/// payments (RCV-, per year of theirs) each allocated in full to its invoice, one
/// journal entry per invoice (receivable against revenue and output VAT) and per
/// payment (the money's account against the receivable), each dated and numbered (JV-)
/// in the year it happened, done at 10:00 that day in China; then the customers'
/// receivables rows and the counters.
pub fn write_plan(c: &Connection, actor_id: i64, a: &CashAccounts<'_>) -> Result<CashHistory> {
    let base = |table: &str| -> Result<i64> {
        Ok(c.query_row(
            &format!("SELECT COALESCE(MAX(id), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    };
    let (invoices, payments, entries) = (
        base("invoices")?,
        base("payments")?,
        base("journal_entries")?,
    );
    // The invoice's amounts are the sums of the lines invoiced (their full amounts).
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.cash_inv;
         CREATE TEMP TABLE cash_inv AS \
         SELECT p.k, p.order_id, o.customer_id, o.number AS order_no, o.price_mode, \
           p.invoice_date, p.due_date, substr(p.invoice_date, 1, 4) AS y, \
           t.net, t.tax, t.net + t.tax AS gross, \
           min(COALESCE(p.pay_amount, 0), t.net + t.tax) AS paid, \
           p.pay_date, p.method, p.account, p.reference \
         FROM temp.cash_plan p JOIN orders o ON o.id = p.order_id \
         JOIN (SELECT l.order_id, SUM(l.net_minor) AS net, SUM(l.tax_minor) AS tax \
               FROM order_lines l WHERE l.qty_invoiced > 0 \
                 AND l.order_id IN (SELECT order_id FROM temp.cash_plan) GROUP BY l.order_id) t \
           ON t.order_id = p.order_id \
         WHERE t.net + t.tax > 0;
         ALTER TABLE temp.cash_inv ADD COLUMN n INTEGER;
         ALTER TABLE temp.cash_inv ADD COLUMN number TEXT;
         ALTER TABLE temp.cash_inv ADD COLUMN pay_n INTEGER;
         ALTER TABLE temp.cash_inv ADD COLUMN pay_no TEXT;",
    )?;
    c.execute_batch(
        "UPDATE temp.cash_inv SET n = x.n, number = printf('INV-%s-%06d', cash_inv.y, x.k_year + \
           COALESCE((SELECT last_no FROM doc_counters WHERE doc_type = 'INV' \
                     AND year = CAST(cash_inv.y AS INTEGER)), 0)) \
         FROM (SELECT k, row_number() OVER (ORDER BY k) AS n, \
                 row_number() OVER (PARTITION BY y ORDER BY k) AS k_year FROM temp.cash_inv) x \
         WHERE x.k = cash_inv.k;
         UPDATE temp.cash_inv SET pay_n = x.n, pay_no = printf('RCV-%s-%06d', \
           substr(cash_inv.pay_date, 1, 4), x.k_year + \
           COALESCE((SELECT last_no FROM doc_counters WHERE doc_type = 'RCV' \
                     AND year = CAST(substr(cash_inv.pay_date, 1, 4) AS INTEGER)), 0)) \
         FROM (SELECT k, row_number() OVER (ORDER BY k) AS n, \
                 row_number() OVER (PARTITION BY substr(pay_date, 1, 4) ORDER BY k) AS k_year \
               FROM temp.cash_inv WHERE paid > 0) x \
         WHERE x.k = cash_inv.k;",
    )?;
    let written = c.execute(
        "INSERT INTO invoices (id, number, kind, customer_id, order_id, invoice_date, due_date, \
           price_mode, net_minor, tax_minor, gross_minor, paid_minor, open_minor, created_by, \
           created_at) \
         SELECT ?1 + n, number, 'invoice', customer_id, order_id, invoice_date, due_date, \
           price_mode, net, tax, gross, paid, gross - paid, ?2, invoice_date || 'T02:00:00.000Z' \
         FROM temp.cash_inv ORDER BY n",
        params![invoices, actor_id],
    )?;
    c.execute(
        "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_bp, \
           tax_bp, net_minor, tax_minor, gross_minor) \
         SELECT ?1 + i.n, l.id, l.qty_invoiced, l.unit_price, l.discount_bp, l.tax_bp, \
           l.net_minor, l.tax_minor, l.gross_minor \
         FROM temp.cash_inv i JOIN order_lines l ON l.order_id = i.order_id \
         WHERE l.qty_invoiced > 0 ORDER BY i.n, l.id",
        [invoices],
    )?;
    let paid = c.execute(
        "INSERT INTO payments (id, number, customer_id, method, reference, pay_date, amount_minor, \
           account, allocated_minor, unapplied_minor, created_by, created_at) \
         SELECT ?1 + pay_n, pay_no, customer_id, method, reference, pay_date, paid, account, paid, \
           0, ?2, pay_date || 'T02:00:00.000Z' \
         FROM temp.cash_inv WHERE paid > 0 ORDER BY pay_n",
        params![payments, actor_id],
    )?;
    c.execute(
        "INSERT INTO allocations (payment_id, invoice_id, amount_minor, alloc_date, created_by, \
           created_at) \
         SELECT ?1 + pay_n, ?2 + n, paid, pay_date, ?3, pay_date || 'T02:00:00.000Z' \
         FROM temp.cash_inv WHERE paid > 0 ORDER BY pay_n",
        params![payments, invoices, actor_id],
    )?;
    // The entries: each invoice, then its payment, numbered per year of their dates.
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.cash_entry;
         CREATE TEMP TABLE cash_entry AS \
         SELECT row_number() OVER (ORDER BY k, side) AS e, * FROM ( \
           SELECT k, 1 AS side, invoice_date AS d, 'INV' AS source_type, n AS doc_n, \
             number AS doc_no, 'issue' AS event, customer_id, gross AS amount, account \
           FROM temp.cash_inv \
           UNION ALL SELECT k, 2, pay_date, 'RCV', pay_n, pay_no, 'receive', customer_id, paid, \
             account FROM temp.cash_inv WHERE paid > 0);
         ALTER TABLE temp.cash_entry ADD COLUMN voucher_no TEXT;
         UPDATE temp.cash_entry SET voucher_no = printf('JV-%s-%06d', substr(cash_entry.d, 1, 4), \
           x.k_year + COALESCE((SELECT last_no FROM doc_counters WHERE doc_type = 'JV' \
                                AND year = CAST(substr(cash_entry.d, 1, 4) AS INTEGER)), 0)) \
         FROM (SELECT e, row_number() OVER (PARTITION BY substr(d, 1, 4) ORDER BY e) AS k_year \
               FROM temp.cash_entry) x \
         WHERE x.e = cash_entry.e;",
    )?;
    c.execute(
        "INSERT INTO journal_entries (id, voucher_no, entry_date, period, source_type, source_id, \
           source_no, event, summary, actor_id, at) \
         SELECT ?1 + x.e, x.voucher_no, x.d, substr(x.d, 1, 7), x.source_type, \
           CASE x.source_type WHEN 'INV' THEN ?2 ELSE ?3 END + x.doc_n, x.doc_no, x.event, \
           CASE x.source_type WHEN 'INV' THEN '销售发票 ' || x.doc_no || ' 订单 ' || i.order_no \
             ELSE '收款 ' || x.doc_no || ' ' || cu.name END, ?4, x.d || 'T02:00:00.000Z' \
         FROM temp.cash_entry x JOIN temp.cash_inv i ON i.k = x.k \
         JOIN customers cu ON cu.id = x.customer_id ORDER BY x.e",
        params![entries, invoices, payments, actor_id],
    )?;
    c.execute(
        "INSERT INTO journal_lines (entry_id, account, debit_minor, credit_minor, customer_id) \
         SELECT entry_id, account, debit, credit, customer_id FROM ( \
           SELECT ?1 + x.e AS entry_id, 1 AS line, ?2 AS account, x.amount AS debit, 0 AS credit, \
             x.customer_id FROM temp.cash_entry x WHERE x.side = 1 \
           UNION ALL SELECT ?1 + x.e, 2, ?3, 0, i.net, NULL FROM temp.cash_entry x \
             JOIN temp.cash_inv i ON i.k = x.k WHERE x.side = 1 AND i.net > 0 \
           UNION ALL SELECT ?1 + x.e, 3, ?4, 0, i.tax, NULL FROM temp.cash_entry x \
             JOIN temp.cash_inv i ON i.k = x.k WHERE x.side = 1 AND i.tax > 0 \
           UNION ALL SELECT ?1 + x.e, 1, x.account, x.amount, 0, NULL FROM temp.cash_entry x \
             WHERE x.side = 2 \
           UNION ALL SELECT ?1 + x.e, 2, ?2, 0, x.amount, x.customer_id FROM temp.cash_entry x \
             WHERE x.side = 2) \
         ORDER BY entry_id, line",
        params![entries, a.receivable, a.revenue, a.output_vat],
    )?;
    c.execute_batch(
        "INSERT INTO customer_balances (customer_id, open_ar_minor, prepaid_minor) \
         SELECT customer_id, SUM(gross - paid), 0 FROM temp.cash_inv WHERE true \
         GROUP BY customer_id \
         ON CONFLICT (customer_id) DO UPDATE SET open_ar_minor = open_ar_minor + excluded.open_ar_minor;
         INSERT INTO doc_counters (doc_type, year, last_no) \
         SELECT 'INV', CAST(y AS INTEGER), MAX(CAST(substr(number, 10) AS INTEGER)) \
         FROM temp.cash_inv WHERE true GROUP BY y \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no);
         INSERT INTO doc_counters (doc_type, year, last_no) \
         SELECT 'RCV', CAST(substr(pay_date, 1, 4) AS INTEGER), \
           MAX(CAST(substr(pay_no, 10) AS INTEGER)) \
         FROM temp.cash_inv WHERE paid > 0 GROUP BY substr(pay_date, 1, 4) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no);
         INSERT INTO doc_counters (doc_type, year, last_no) \
         SELECT 'JV', CAST(substr(voucher_no, 4, 4) AS INTEGER), \
           MAX(CAST(substr(voucher_no, 9) AS INTEGER)) \
         FROM temp.cash_entry WHERE true GROUP BY substr(voucher_no, 4, 4) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no);",
    )?;
    drop_plan(c)?;
    Ok(CashHistory {
        invoices: written as i64,
        payments: paid as i64,
    })
}

fn drop_plan(c: &Connection) -> Result<()> {
    c.execute_batch(
        "DROP TABLE IF EXISTS temp.cash_plan;
         DROP TABLE IF EXISTS temp.cash_inv;
         DROP TABLE IF EXISTS temp.cash_entry;",
    )?;
    Ok(())
}

//! Cash-flow benchmarks (账流 + 钱流) on the `large` demo database, each beside bare SQL
//! in the same run: aging of every open invoice, the statement of the customer with
//! thousands of invoices, allocation of one payment over 1,000 open invoices, one invoice
//! and one payment transaction, and approval of an order on credit (whose rules read the
//! customer's maintained receivables row and open orders) against the same approval
//! without that read.
//!
//! `cargo bench --bench cash` uses `ORDERDESK_BENCH_DB` or `target/bench-large.db`.
//! It adds orders, invoices and payments to that database. Words after `--` run only
//! the rows whose name holds one of them: `cargo bench --bench cash -- aging statement`.

mod support;

use chrono::{Datelike, Duration, NaiveDate};
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::{approval, auth, demo, Actor};
use orderdesk::store::counters::format_number;
use orderdesk::store::Db;
use rusqlite::{params, Connection};
use support::{measure_pair, open_bench_db, read_all, row, selected};

/// The company's calendar day now (China, UTC+8), as the operations date their rows.
fn today() -> NaiveDate {
    (chrono::Utc::now() + Duration::hours(8)).date_naive()
}

fn main() {
    let (path, db, bare) = open_bench_db();
    let sales = auth::login(&db, "sales", demo::DEMO_PASSWORD).expect("login sales");
    let manager = auth::login(&db, "manager", demo::DEMO_PASSWORD).expect("login manager");
    let finance = auth::login(&db, "finance", demo::DEMO_PASSWORD).expect("login finance");
    let invoices: i64 = bare
        .query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
        .unwrap();
    println!("{invoices} invoices in the file");

    if selected("aging") {
        bench_aging(&db, &bare, invoices);
    }
    if selected("statement") {
        bench_statement(&db, &bare);
    }
    if selected("allocation") {
        bench_allocation(&db, &bare, &finance);
    }
    if selected("invoice") || selected("payment") {
        bench_invoice_and_payment(&db, &bare, &sales, &manager, &finance);
    }
    if selected("approval") {
        bench_approval(&db, &bare, &sales, &manager);
    }
    println!(
        "\nfile: {} ({})",
        path.display(),
        db.journal_mode().as_str()
    );
}

/// Aging of all open invoices by due date: the operation against the same statement
/// bound to the same dates, both driven by the partial covering index of open invoices.
fn bench_aging(db: &Db, bare: &Connection, invoices: i64) {
    let day = today();
    let bounds: Vec<String> = [0i64, 30, 60, 90, 180]
        .iter()
        .map(|d| (day - Duration::days(*d)).to_string())
        .collect();
    let sql = "SELECT \
        COALESCE(SUM(CASE WHEN due_date >= ?1 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?1 AND due_date >= ?2 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?2 AND due_date >= ?3 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?3 AND due_date >= ?4 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?4 AND due_date >= ?5 THEN open_minor END), 0), \
        COALESCE(SUM(CASE WHEN due_date < ?5 THEN open_minor END), 0) \
        FROM invoices WHERE open_minor > 0";
    let open: i64 = bare
        .query_row(
            "SELECT count(*) FROM invoices WHERE open_minor > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (ours, base) = measure_pair(
        100,
        |_| {
            cash::aging(db, None).unwrap();
        },
        |_| {
            let mut st = bare.prepare_cached(sql).unwrap();
            let v = st
                .query_row(
                    params![bounds[0], bounds[1], bounds[2], bounds[3], bounds[4]],
                    read_all,
                )
                .unwrap();
            assert_eq!(v.len(), 6);
        },
    );
    row(
        &format!("aging of {invoices} invoices ({open} open)"),
        &ours,
        &base,
        "target 30 ms",
    );
}

/// The customer with the most invoices.
fn heaviest_customer(bare: &Connection) -> (i64, String, i64) {
    bare.query_row(
        "SELECT i.customer_id, c.code, count(*) AS n FROM invoices i \
         JOIN customers c ON c.id = i.customer_id GROUP BY i.customer_id ORDER BY n DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

/// The statement of the customer with the most invoices over all of its history: the
/// operation against the two bare statements (opening balance, the documents).
fn bench_statement(db: &Db, bare: &Connection) {
    let (id, code, n) = heaviest_customer(bare);
    let to = today();
    let from = to - Duration::days(1100);
    let union = "SELECT invoice_date AS d, kind AS k, number AS n, \
            CASE kind WHEN 'invoice' THEN gross_minor ELSE -gross_minor END AS a \
            FROM invoices WHERE customer_id = ?1 \
        UNION ALL SELECT pay_date, 'payment', number, -amount_minor FROM payments WHERE customer_id = ?1 \
        UNION ALL SELECT r.refund_date, 'refund', r.number, r.amount_minor FROM refunds r \
            JOIN payments p ON p.id = r.payment_id WHERE p.customer_id = ?1 \
        UNION ALL SELECT w.wo_date, 'write_off', w.number, -w.amount_minor FROM write_offs w \
            JOIN invoices i ON i.id = w.invoice_id WHERE i.customer_id = ?1";
    let opening_sql = format!("SELECT COALESCE(SUM(a), 0) FROM ({union}) WHERE d < ?2");
    let lines_sql =
        format!("SELECT d, k, n, a FROM ({union}) WHERE d >= ?2 AND d <= ?3 ORDER BY d, n");
    let mut lines = 0usize;
    let (ours, base) = measure_pair(
        100,
        |_| {
            lines = cash::statement(db, &code, from, to).unwrap().lines.len();
        },
        |_| {
            let _: i64 = bare
                .prepare_cached(&opening_sql)
                .unwrap()
                .query_row(params![id, from.to_string()], |r| r.get(0))
                .unwrap();
            let mut st = bare.prepare_cached(&lines_sql).unwrap();
            let k = st
                .query_map(params![id, from.to_string(), to.to_string()], read_all)
                .unwrap()
                .count();
            assert!(k > 0);
        },
    );
    row(
        &format!("statement of a customer with {n} invoices ({lines} lines)"),
        &ours,
        &base,
        "—",
    );
}

/// One payment allocated by hand over the customer's 1,000 oldest open invoices, one fen
/// to each (so that the same invoices serve every run). The payments are prepayments
/// recorded beforehand. Bare: per invoice the guarded update of its settled and open
/// amounts, the allocation row and its journal entry (2203 / 1122, two lines, a voucher
/// number); then the payment's unapplied amount, the customer's receivables row and one
/// audit row. It skips reading the payment and the invoices (the operation reads each
/// by number to check its customer and balance), the period check and the credit-hold
/// refresh.
fn bench_allocation(db: &Db, bare: &Connection, finance: &Actor) {
    let (customer_id, code, _) = heaviest_customer(bare);
    let open: Vec<(i64, String)> = bare
        .prepare(
            "SELECT id, number FROM invoices WHERE customer_id = ?1 AND open_minor > 1000 \
             ORDER BY due_date, id LIMIT 1000",
        )
        .unwrap()
        .query_map([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if open.len() < 1000 {
        println!("allocation: only {} open invoices; skipped", open.len());
        return;
    }
    const N: usize = 30;
    let runs = N + N.min(20);
    let mut payments = Vec::with_capacity(2 * runs);
    for k in 0..2 * runs {
        let mut p = PaymentInput::new(&code, PaymentMethod::Bank, "10.00");
        p.reference = format!("BENCH-ALLOC-{}-{k}", chrono::Utc::now().timestamp_micros());
        p.allocation = Allocation::None;
        let r = cash::record_payment(db, finance, &p).unwrap();
        payments.push((r.id, r.number));
    }
    let parts: Vec<(String, String)> = open
        .iter()
        .map(|(_, n)| (n.clone(), "0.01".to_string()))
        .collect();
    let (ours_pay, bare_pay) = payments.split_at(runs);
    let actor = finance.id();
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    let (ours, base) = measure_pair(
        N,
        |_| {
            let (_, number) = &ours_pay[next_ours];
            next_ours += 1;
            let ids = cash::allocate(db, finance, number, &parts).unwrap();
            assert_eq!(ids.len(), 1000);
        },
        |_| {
            let (pid, number) = &bare_pay[next_bare];
            next_bare += 1;
            let day = today();
            let now = orderdesk::ops::now_stamp();
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            for (inv, inv_no) in &open {
                let n = bare
                    .prepare_cached(
                        "UPDATE invoices SET paid_minor = paid_minor + 1, open_minor = open_minor - 1, \
                         version = version + 1 WHERE id = ?1 AND open_minor >= 1",
                    )
                    .unwrap()
                    .execute([inv])
                    .unwrap();
                assert_eq!(n, 1);
                bare.prepare_cached(
                    "INSERT INTO allocations (payment_id, invoice_id, amount_minor, alloc_date, created_by, created_at) \
                     VALUES (?1, ?2, 1, ?3, ?4, ?5)",
                )
                .unwrap()
                .execute(params![pid, inv, day.to_string(), actor, now])
                .unwrap();
                let alloc = bare.last_insert_rowid();
                journal_entry(
                    bare,
                    day,
                    ("ALLOC", alloc, number, "apply"),
                    &format!("预收冲应收 {number} → {inv_no}"),
                    actor,
                    &now,
                    &[
                        ("2203", 1, 0, Some(customer_id)),
                        ("1122", 0, 1, Some(customer_id)),
                    ],
                );
            }
            bare.prepare_cached(
                "UPDATE payments SET allocated_minor = allocated_minor + ?2, \
                 unapplied_minor = unapplied_minor - ?2, version = version + 1 WHERE id = ?1",
            )
            .unwrap()
            .execute(params![pid, 1000])
            .unwrap();
            bare.prepare_cached(
                "UPDATE customer_balances SET open_ar_minor = open_ar_minor - ?2, \
                 prepaid_minor = prepaid_minor - ?2 WHERE customer_id = ?1",
            )
            .unwrap()
            .execute(params![customer_id, 1000])
            .unwrap();
            audit(bare, &now, actor, "payment", *pid, "allocate");
            bare.execute_batch("COMMIT").unwrap();
        },
    );
    row(
        "allocate one payment over 1,000 open invoices",
        &ours,
        &base,
        "—",
    );
}

/// One journal entry with its voucher number and lines, as the ledger writes it.
fn journal_entry(
    c: &Connection,
    day: NaiveDate,
    (kind, id, number, event): (&str, i64, &str, &str),
    summary: &str,
    actor: i64,
    now: &str,
    lines: &[(&str, i64, i64, Option<i64>)],
) {
    let jv = next_number(c, "JV", day.year());
    c.prepare_cached(
        "INSERT INTO journal_entries (voucher_no, entry_date, period, source_type, source_id, \
         source_no, event, summary, actor_id, at) VALUES (?1, ?2, substr(?2, 1, 7), ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .unwrap()
    .execute(params![
        jv,
        day.to_string(),
        kind,
        id,
        number,
        event,
        summary,
        actor,
        now
    ])
    .unwrap();
    let entry = c.last_insert_rowid();
    for (account, debit, credit, customer) in lines {
        if *debit == 0 && *credit == 0 {
            continue;
        }
        c.prepare_cached(
            "INSERT INTO journal_lines (entry_id, account, debit_minor, credit_minor, customer_id) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .unwrap()
        .execute(params![entry, account, debit, credit, customer])
        .unwrap();
    }
}

fn next_number(c: &Connection, doc_type: &str, year: i32) -> String {
    let n: i64 = c
        .prepare_cached(
            "INSERT INTO doc_counters (doc_type, year, last_no) VALUES (?1, ?2, 1) \
             ON CONFLICT (doc_type, year) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
        )
        .unwrap()
        .query_row(params![doc_type, year], |r| r.get(0))
        .unwrap();
    format_number(doc_type, year, n)
}

fn audit(c: &Connection, now: &str, actor: i64, entity: &str, id: i64, action: &str) {
    c.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, after) \
         VALUES (?1, ?2, ?3, ?4, ?5, '{}')",
    )
    .unwrap()
    .execute(params![now, actor, entity, id, action])
    .unwrap();
}

/// Products with plenty of stock, about 100 to 1,000 yuan, for the benches' orders.
fn products(bare: &Connection) -> Vec<(String, i64)> {
    let p: Vec<(String, i64)> = bare
        .prepare(
            "SELECT p.sku, p.list_price FROM products p JOIN product_stock s ON s.product_id = p.id \
             WHERE p.tracks_lots = 0 AND s.on_hand - s.reserved > 1000000 AND p.list_price BETWEEN 100000 AND 1000000 \
             ORDER BY p.id LIMIT 400",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(p.len() >= 10, "products for the orders");
    p
}

/// `n` submitted 10-line orders of `customer` (about 7,000 yuan each, above the clerk's
/// limit so that each waits for the manager): id and version.
fn waiting_orders(
    db: &Db,
    sales: &Actor,
    customer: &str,
    products: &[(String, i64)],
    n: usize,
    salt: usize,
) -> Vec<(i64, i64)> {
    (0..n)
        .map(|k| {
            let lines = (0..10)
                .map(|j| {
                    let (sku, price) = &products[(salt + k * 10 + j) % products.len()];
                    LineInput {
                        product: sku.clone(),
                        qty: (700 * 10_000 / price).max(1).to_string(),
                        ..LineInput::default()
                    }
                })
                .collect();
            let input = OrderInput {
                customer: customer.to_string(),
                channel: Channel::Phone,
                urgency: Urgency::Normal,
                lines,
                ..OrderInput::default()
            };
            let d = intake::create_draft(db, sales, &input).unwrap();
            let s = intake::submit_order(db, sales, d.id, d.version).unwrap();
            (s.id, s.version)
        })
        .collect()
}

/// One invoice (a 10-line approved order, invoiced by order) and one payment (cash, paying
/// that invoice in full), each one transaction.
///
/// Bare invoice: the INV and JV numbers, the invoice row, its 10 lines, the invoiced
/// quantity of the 10 order lines, the journal entry (1122 / 6001 / 2221, three lines),
/// the customer's receivables row and one audit row, with the amounts taken from the
/// order lines in the same statement. It skips what the operation reads first (the
/// order by number, its lines, the company's basis, the customer's terms, the period
/// check), the check that no quantity passes what may be invoiced, the search for
/// prepayments to apply and the credit-hold refresh.
///
/// Bare payment: the RCV and JV numbers, the payment row, its allocation, the invoice's
/// settled and open amounts, the journal entry (1001 / 1122, two lines), the receivables
/// row and one audit row. It skips the reading of the customer, the invoice and the
/// earlier receipts with the same reference, the period check and the credit-hold
/// refresh.
fn bench_invoice_and_payment(
    db: &Db,
    bare: &Connection,
    sales: &Actor,
    manager: &Actor,
    finance: &Actor,
) {
    let (customer_id, customer): (i64, String) = bare
        .query_row(
            "SELECT id, code FROM customers WHERE status = 'active' AND terms = 'cod' AND credit_hold = 0 \
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let products = products(bare);
    const N: usize = 100;
    let runs = N + N.min(20);
    let orders = waiting_orders(db, sales, &customer, &products, 2 * runs, 3);
    let mut numbers = Vec::with_capacity(orders.len());
    for (id, v) in &orders {
        approval::approve_order(db, manager, *id, *v).unwrap();
        let n: String = bare
            .query_row("SELECT number FROM orders WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        numbers.push((*id, n));
    }
    let basis: String = bare
        .query_row("SELECT invoice_basis FROM company", [], |r| r.get(0))
        .unwrap();
    bare.execute("UPDATE company SET invoice_basis = 'order'", [])
        .unwrap();
    let (ours_orders, bare_orders) = numbers.split_at(runs);
    let actor = finance.id();
    let mut ours_invoices = Vec::with_capacity(runs);
    let mut bare_invoices = Vec::with_capacity(runs);
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    let (ours, base) = measure_pair(
        N,
        |_| {
            let (_, number) = &ours_orders[next_ours];
            next_ours += 1;
            let issued = cash::invoice_order(db, finance, number).unwrap();
            assert_eq!(issued.len(), 1);
            ours_invoices.push((issued[0].number.clone(), issued[0].gross));
        },
        |_| {
            let (order_id, order_no) = &bare_orders[next_bare];
            next_bare += 1;
            let day = today();
            let now = orderdesk::ops::now_stamp();
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            let inv_no = next_number(bare, "INV", day.year());
            bare.prepare_cached(
                "INSERT INTO invoices (number, customer_id, order_id, invoice_date, due_date, price_mode, \
                 net_minor, tax_minor, gross_minor, open_minor, created_by, created_at) \
                 SELECT ?1, o.customer_id, o.id, ?2, ?2, o.price_mode, o.net_minor, o.tax_minor, \
                 o.gross_minor, o.gross_minor, ?3, ?4 FROM orders o WHERE o.id = ?5",
            )
            .unwrap()
            .execute(params![inv_no, day.to_string(), actor, now, order_id])
            .unwrap();
            let inv = bare.last_insert_rowid();
            bare.prepare_cached(
                "INSERT INTO invoice_lines (invoice_id, order_line_id, qty, unit_price, discount_bp, tax_bp, \
                 net_minor, tax_minor, gross_minor) \
                 SELECT ?1, id, qty, unit_price, discount_bp, tax_bp, net_minor, tax_minor, gross_minor \
                 FROM order_lines WHERE order_id = ?2",
            )
            .unwrap()
            .execute(params![inv, order_id])
            .unwrap();
            bare.prepare_cached("UPDATE order_lines SET qty_invoiced = qty WHERE order_id = ?1")
                .unwrap()
                .execute([order_id])
                .unwrap();
            let (net, tax): (i64, i64) = bare
                .prepare_cached("SELECT net_minor, tax_minor FROM invoices WHERE id = ?1")
                .unwrap()
                .query_row([inv], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            journal_entry(
                bare,
                day,
                ("INV", inv, &inv_no, "issue"),
                &format!("销售发票 {inv_no} 订单 {order_no}"),
                actor,
                &now,
                &[
                    ("1122", net + tax, 0, Some(customer_id)),
                    ("6001", 0, net, None),
                    ("2221", 0, tax, None),
                ],
            );
            bare.prepare_cached(
                "INSERT INTO customer_balances (customer_id, open_ar_minor, prepaid_minor) VALUES (?1, ?2, 0) \
                 ON CONFLICT (customer_id) DO UPDATE SET open_ar_minor = open_ar_minor + excluded.open_ar_minor, \
                 uninvoiced_minor = uninvoiced_minor - excluded.open_ar_minor",
            )
            .unwrap()
            .execute(params![customer_id, net + tax])
            .unwrap();
            audit(bare, &now, actor, "invoice", inv, "issue");
            bare.execute_batch("COMMIT").unwrap();
            bare_invoices.push((inv, inv_no, net + tax));
        },
    );
    bare.execute("UPDATE company SET invoice_basis = ?1", [&basis])
        .unwrap();
    if selected("invoice") {
        row(
            "invoice a 10-line order (one transaction)",
            &ours,
            &base,
            "target ≤ 1.5×",
        );
    }

    let stamp = chrono::Utc::now().timestamp_micros();
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    let (ours, base) = measure_pair(
        N,
        |_| {
            let (number, gross) = &ours_invoices[next_ours];
            let mut p = PaymentInput::new(&customer, PaymentMethod::Cash, &gross.plain());
            p.reference = format!("BENCH-PAY-{stamp}-{next_ours}");
            p.allocation = Allocation::ByHand(vec![(number.clone(), gross.plain())]);
            next_ours += 1;
            let r = cash::record_payment(db, finance, &p).unwrap();
            assert_eq!(r.allocated.len(), 1);
        },
        |_| {
            let (inv, inv_no, gross) = &bare_invoices[next_bare];
            let reference = format!("BENCH-PAY-BARE-{stamp}-{next_bare}");
            next_bare += 1;
            let day = today();
            let now = orderdesk::ops::now_stamp();
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            let rcv = next_number(bare, "RCV", day.year());
            bare.prepare_cached(
                "INSERT INTO payments (number, customer_id, method, reference, pay_date, amount_minor, account, \
                 allocated_minor, unapplied_minor, created_by, created_at) \
                 VALUES (?1, ?2, 'cash', ?3, ?4, ?5, '1001', ?5, 0, ?6, ?7)",
            )
            .unwrap()
            .execute(params![rcv, customer_id, reference, day.to_string(), gross, actor, now])
            .unwrap();
            let pid = bare.last_insert_rowid();
            bare.prepare_cached(
                "INSERT INTO allocations (payment_id, invoice_id, amount_minor, alloc_date, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .unwrap()
            .execute(params![pid, inv, gross, day.to_string(), actor, now])
            .unwrap();
            let n = bare
                .prepare_cached(
                    "UPDATE invoices SET paid_minor = paid_minor + ?2, open_minor = open_minor - ?2, \
                     version = version + 1 WHERE id = ?1 AND open_minor >= ?2",
                )
                .unwrap()
                .execute(params![inv, gross])
                .unwrap();
            assert_eq!(n, 1);
            journal_entry(
                bare,
                day,
                ("RCV", pid, &rcv, "receive"),
                &format!("收款 {rcv} {inv_no}"),
                actor,
                &now,
                &[
                    ("1001", *gross, 0, None),
                    ("1122", 0, *gross, Some(customer_id)),
                ],
            );
            bare.prepare_cached(
                "UPDATE customer_balances SET open_ar_minor = open_ar_minor - ?2 WHERE customer_id = ?1",
            )
            .unwrap()
            .execute(params![customer_id, gross])
            .unwrap();
            audit(bare, &now, actor, "payment", pid, "record");
            bare.execute_batch("COMMIT").unwrap();
        },
    );
    if selected("payment") {
        row(
            "a payment paying one invoice (one transaction)",
            &ours,
            &base,
            "target ≤ 1.5×",
        );
    }
}

/// Approval of a 10-line order of a customer on credit terms (the rules read the
/// customer's receivables row, its orders approved and not invoiced, and its oldest
/// overdue invoice) against the same approval of a cash customer's order of the same
/// lines, whose rules leave exposure out: the same operation, the same writes.
fn bench_approval(db: &Db, bare: &Connection, sales: &Actor, manager: &Actor) {
    // A customer on credit with open receivables, none of them overdue. The manager may
    // not approve credit: its limit is raised here so that the orders wait for their
    // amount only, as the cash customer's do.
    let (credit_id, credit): (i64, String) = bare
        .query_row(
            "SELECT c.id, c.code FROM customers c JOIN customer_balances b ON b.customer_id = c.id \
             WHERE c.status = 'active' AND c.terms LIKE 'net:%' AND c.credit_hold = 0 \
             AND b.open_ar_minor > 0 AND NOT EXISTS (SELECT 1 FROM invoices i \
             WHERE i.customer_id = c.id AND i.open_minor > 0 AND i.due_date < ?1) \
             ORDER BY b.open_ar_minor DESC LIMIT 1",
            [today().to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    bare.execute(
        "UPDATE customers SET credit_limit_minor = 100000000000 WHERE id = ?1",
        [credit_id],
    )
    .unwrap();
    let cash_customer: String = bare
        .query_row(
            "SELECT code FROM customers WHERE status = 'active' AND terms = 'cod' AND credit_hold = 0 \
             ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let products = products(bare);
    const N: usize = 100;
    let runs = N + N.min(20);
    let with = waiting_orders(db, sales, &credit, &products, runs, 5);
    let without = waiting_orders(db, sales, &cash_customer, &products, runs, 5);
    let (mut next_ours, mut next_bare) = (0usize, 0usize);
    let (ours, base) = measure_pair(
        N,
        |_| {
            let (id, v) = with[next_ours];
            next_ours += 1;
            approval::approve_order(db, manager, id, v).unwrap();
        },
        |_| {
            let (id, v) = without[next_bare];
            next_bare += 1;
            approval::approve_order(db, manager, id, v).unwrap();
        },
    );
    row(
        "approval with exposure; bare: without it",
        &ours,
        &base,
        "target ≤ 1.25×",
    );
}

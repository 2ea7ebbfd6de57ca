//! The invoice list filters in SQL and pages by keyset: every filter (all, open, paid,
//! overdue) walks its own index in the list's order, pages neither skip nor repeat an
//! invoice, and the screen reads on page by page as the user scrolls.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops::cash::{self, InvoiceFilter, InvoiceRow, PaymentInput, PaymentMethod};
use orderdesk::store;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::cash::invoices::InvoiceList;

use crate::cash::shipped_order;
use crate::ui_picking::ui_as;
use crate::world::*;

/// A customer on credit with five invoices of ¥100.00 on different days: two open and
/// overdue (one part paid), one open and not due, one paid, and one with a credit note.
fn invoices(w: &World) -> String {
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w
        .customer("发票列表客户")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let mut numbers = Vec::new();
    for _ in 0..5 {
        let (so, _) = shipped_order(w, &cu, "10", "10");
        numbers.push(
            cash::invoice_order(&w.db, &w.finance, &so)
                .unwrap()
                .remove(0)
                .number,
        );
    }
    // Dated 50, 40, 20, 10 and 5 days ago, due 30 days later.
    for (n, days) in numbers.iter().zip([50, 40, 20, 10, 5]) {
        w.db.conn()
            .execute(
                "UPDATE invoices SET invoice_date = ?1, due_date = ?2 WHERE number = ?3",
                rusqlite::params![
                    days_from_today(-days).to_string(),
                    days_from_today(30 - days).to_string(),
                    n
                ],
            )
            .unwrap();
    }
    let pay = |inv: &str, amount: &str| {
        let mut p = PaymentInput::new(&cu, PaymentMethod::Bank, amount);
        p.allocation = cash::Allocation::ByHand(vec![(inv.to_string(), amount.to_string())]);
        cash::record_payment(&w.db, &w.finance, &p).unwrap();
    };
    pay(&numbers[1], "40");
    pay(&numbers[3], "100");
    cash::credit_note(
        &w.db,
        &w.finance,
        &numbers[4],
        &[cash::PriceCorrection {
            line_no: 1,
            new_price: "9".into(),
        }],
        "价格更正",
    )
    .unwrap();
    cu
}

/// Every invoice a filter keeps, the slow way: all rows, newest first, kept by hand.
fn by_hand(w: &World, filter: InvoiceFilter) -> Vec<String> {
    let today = company_today().to_string();
    let all = cash::invoice_page(&w.db, InvoiceFilter::All, "9999-12-31", i64::MAX, 1000).unwrap();
    all.into_iter()
        .filter(|r: &InvoiceRow| match filter {
            InvoiceFilter::All => true,
            InvoiceFilter::Open => r.open_minor > 0,
            InvoiceFilter::Paid => r.kind == "invoice" && r.open_minor == 0,
            InvoiceFilter::Overdue => r.open_minor > 0 && r.due_date < today,
        })
        .map(|r| r.number)
        .collect()
}

/// Every invoice a filter keeps, page by page of `n`.
fn by_pages(w: &World, filter: InvoiceFilter, n: i64) -> Vec<String> {
    let mut out: Vec<InvoiceRow> = Vec::new();
    loop {
        let (date, id) = out
            .last()
            .map_or(("9999-12-31".to_string(), i64::MAX), |r| {
                (r.invoice_date.clone(), r.id)
            });
        let page = cash::invoice_page(&w.db, filter, &date, id, n).unwrap();
        let last = page.len() < n as usize;
        out.extend(page);
        if last {
            break;
        }
    }
    out.into_iter().map(|r| r.number).collect()
}

#[test]
fn each_filter_is_paged_in_sql_without_skipping_or_repeating() {
    let w = world();
    invoices(&w);
    let expect = |f| by_hand(&w, f);
    assert_eq!(
        expect(InvoiceFilter::All).len(),
        6,
        "five invoices and a credit note"
    );
    assert_eq!(expect(InvoiceFilter::Open).len(), 4);
    assert_eq!(expect(InvoiceFilter::Paid).len(), 1);
    assert_eq!(expect(InvoiceFilter::Overdue).len(), 2);
    for f in InvoiceFilter::ALL {
        for n in [1, 2, 3, 100] {
            assert_eq!(by_pages(&w, f, n), expect(f), "{f:?} by pages of {n}");
        }
    }
    // Newest first.
    let all = cash::invoice_page(&w.db, InvoiceFilter::All, "9999-12-31", i64::MAX, 100).unwrap();
    assert!(all
        .windows(2)
        .all(|p| (p[0].invoice_date.as_str(), p[0].id) > (p[1].invoice_date.as_str(), p[1].id)));
}

#[test]
fn each_filter_walks_its_index_without_sorting() {
    let w = world();
    for f in InvoiceFilter::ALL {
        let sql = store::cash::invoice_page_sql(f);
        let mut st =
            w.db.conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
        let n = sql.matches('?').count();
        let params: Vec<rusqlite::types::Value> = (0..n)
            .map(|i| match i {
                1 | 2 => rusqlite::types::Value::Integer(100),
                _ => rusqlite::types::Value::Text("2026-12-01".into()),
            })
            .collect();
        let plan: Vec<String> = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        let index = match f {
            InvoiceFilter::All => "invoices_date",
            InvoiceFilter::Open | InvoiceFilter::Overdue => "invoices_open_date",
            InvoiceFilter::Paid => "invoices_paid_date",
        };
        assert!(
            plan.contains(&format!("USING INDEX {index}")),
            "{f:?}: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{f:?} sorts: {plan}");
    }
}

#[test]
fn the_screen_reads_the_next_page_as_the_user_scrolls_and_filters_in_sql() {
    let w = world();
    invoices(&w);
    // 250 more open invoices, copies of the newest, so that the list has pages.
    w.db.conn()
        .execute_batch(
            "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 250) \
             INSERT INTO invoices (number, kind, customer_id, order_id, invoice_date, due_date, \
               price_mode, net_minor, tax_minor, gross_minor, open_minor, created_by, created_at) \
             SELECT printf('INV-COPY-%04d', k), 'invoice', i.customer_id, i.order_id, \
               date(i.invoice_date, '-' || (k % 90) || ' days'), i.due_date, i.price_mode, \
               i.net_minor, i.tax_minor, i.gross_minor, i.gross_minor, i.created_by, i.created_at \
             FROM n, (SELECT * FROM invoices WHERE kind = 'invoice' ORDER BY id LIMIT 1) i",
        )
        .unwrap();
    let mut ui = ui_as(&w, "finance", Lang::En, 80, 24);
    ui.go(Route::Invoices);
    let list = |ui: &orderdesk::ui::harness::Ui| ui.view::<InvoiceList>().unwrap().clone();
    let first = list(&ui);
    assert_eq!(first.rows.len(), 100, "one page read");
    assert!(first.more);
    // Down past the page: the next page is read, in order, nothing twice.
    for _ in 0..12 {
        ui.key(KeyCode::PageDown);
    }
    let l = list(&ui);
    assert!(
        l.rows.len() > 100 && l.selected >= 100,
        "{} {}",
        l.rows.len(),
        l.selected
    );
    let expect = by_hand(&w, InvoiceFilter::All);
    let read: Vec<String> = l.rows.iter().map(|r| r.number.clone()).collect();
    assert_eq!(read, expect[..read.len()].to_vec());
    // The paid filter: its one invoice, read from SQL, not from the pages above.
    ui.key(KeyCode::Right).key(KeyCode::Right);
    let l = list(&ui);
    assert_eq!(l.filter, InvoiceFilter::Paid);
    assert_eq!(
        l.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(),
        by_hand(&w, InvoiceFilter::Paid)
    );
    assert!(!l.more);
    // Overdue: the two overdue invoices and the copies whose due date has passed.
    ui.key(KeyCode::Right);
    let l = list(&ui);
    assert_eq!(l.filter, InvoiceFilter::Overdue);
    let today = company_today().to_string();
    assert!(!l.rows.is_empty());
    assert!(l
        .rows
        .iter()
        .all(|r| r.open_minor > 0 && r.due_date < today));
    for _ in 0..20 {
        ui.key(KeyCode::PageDown);
    }
    let l = list(&ui);
    assert_eq!(
        l.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(),
        by_hand(&w, InvoiceFilter::Overdue)
    );
}

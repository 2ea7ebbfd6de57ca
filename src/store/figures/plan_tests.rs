//! Every figure is read through its index: a search of a range, never a scan of a
//! table, and where the index holds every column the query needs, without visiting
//! the rows.

use super::{flow, sales, staff};
use crate::config::JournalSetting;
use crate::store::{Db, StoreError};

fn plan(sql: &str, params: &[&dyn rusqlite::ToSql]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::create(&dir.path().join("q.db"), JournalSetting::Auto).unwrap();
    let rows: Vec<String> = db
        .read(|c| {
            let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows = st.query_map(params, |r| r.get::<_, String>(3))?;
            Ok::<_, StoreError>(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    rows.join("\n")
}

/// The plan searches `index` (covering when asked) and scans no table.
fn assert_searches(sql: &str, n: usize, index: &str, covering: bool) {
    let dates: [&dyn rusqlite::ToSql; 2] = [&"2026-01-01", &"2026-12-31"];
    let text = plan(sql, &dates[..n]);
    let wanted = if covering {
        format!("USING COVERING INDEX {index} (")
    } else {
        format!("USING INDEX {index} (")
    };
    assert!(text.contains(&wanted), "{wanted} in:\n{text}");
    for line in text.lines() {
        let scans_a_table = line.trim_start().starts_with("SCAN ")
            && !line.contains("COVERING INDEX")
            // A grouped subquery's rows, materialised.
            && line.trim() != "SCAN g"
            && !line.contains("SUBQUERY")
            && !line.contains("CONSTANT ROW");
        assert!(!scans_a_table, "a table is scanned:\n{text}");
    }
}

#[test]
fn sales_per_day_read_covering_indexes_of_their_dates() {
    assert_searches(sales::ORDERS_BY_DAY_SQL, 2, "orders_period", true);
    assert_searches(sales::SHIPMENTS_BY_DAY_SQL, 2, "shipments_period", true);
    assert_searches(sales::INVOICES_BY_DAY_SQL, 2, "invoices_period", true);
    assert_searches(sales::PAYMENTS_BY_DAY_SQL, 2, "payments_period", true);
}

#[test]
fn returns_per_day_read_the_invoice_dates_and_look_up_each_credit_note() {
    let condition = sales::RETURN_CREDIT_NOTES.unwrap();
    let sql = format!(
        "SELECT invoice_date, count(*), sum(gross_minor) FROM invoices \
         WHERE invoice_date BETWEEN ?1 AND ?2 AND ({condition}) GROUP BY invoice_date"
    );
    assert_searches(&sql, 2, "invoices_period", true);
    let dates: [&dyn rusqlite::ToSql; 2] = [&"2026-01-01", &"2026-12-31"];
    let text = plan(&sql, &dates);
    assert!(
        text.contains("USING COVERING INDEX returns_credit_note (credit_note_id=?)"),
        "{text}"
    );
}

#[test]
fn orders_per_customer_channel_and_salesperson_read_the_covering_index() {
    for sql in [
        sales::ORDERS_BY_CUSTOMER_SQL,
        sales::ORDERS_BY_CHANNEL_SQL,
        sales::ORDERS_BY_SALESPERSON_SQL,
    ] {
        assert_searches(sql, 2, "orders_period", true);
    }
    // Products: the orders of the period, then their lines by the order's key.
    let text = plan(sales::LINES_BY_PRODUCT_SQL, &[&"2026-01-01", &"2026-12-31"]);
    assert!(text.contains("COVERING INDEX orders_period ("), "{text}");
    assert!(
        text.contains("SEARCH l USING INDEX sqlite_autoindex_order_lines_1 (order_id=?)"),
        "{text}"
    );
}

#[test]
fn the_flow_of_orders_is_read_by_index() {
    let at: [&dyn rusqlite::ToSql; 2] = [&"2026-01-01T00:00:00.000Z", &"2027-01-01T00:00:00.000Z"];
    let text = plan(flow::DECISIONS_SQL, &at);
    assert!(
        text.contains("COVERING INDEX approvals_decided ("),
        "{text}"
    );
    assert_searches(flow::SIGNED_BY_DAY_SQL, 2, "shipments_signed", true);
    let text = plan(flow::ORDER_TIMES_SQL, &[&"2026-01-01", &"2026-12-31"]);
    for wanted in [
        // The order's own instants are in its row.
        "SEARCH o USING INDEX orders_period (",
        "COVERING INDEX pick_tasks_line_done (order_line_id=?)",
        "INDEX shipments_order (order_id=?)",
    ] {
        assert!(text.contains(wanted), "{wanted} in:\n{text}");
    }
    assert!(
        !text.contains("SCAN k") && !text.contains("SCAN s"),
        "{text}"
    );
}

#[test]
fn staff_figures_read_covering_indexes() {
    let at: [&dyn rusqlite::ToSql; 2] = [&"2026-01-01T00:00:00.000Z", &"2027-01-01T00:00:00.000Z"];
    let text = plan(staff::PICK_STINTS_SQL, &at);
    assert!(text.contains("COVERING INDEX pick_tasks_done ("), "{text}");
    let text = plan(staff::PICK_ERRORS_SQL, &at);
    assert!(text.contains("COVERING INDEX pick_errors_at ("), "{text}");
    assert_searches(staff::SHIPMENTS_BY_PERSON_SQL, 2, "shipments_period", true);
    assert_searches(staff::COLLECTIONS_SQL, 2, "payments_period", true);
    let text = plan(staff::TICKETS_CLOSED_SQL, &at);
    assert!(text.contains("COVERING INDEX tickets_resolved ("), "{text}");
}

//! The large demo's way of making its data — orders written in batches, the goods flow of
//! closed orders, the history's journal and the receivables written set-based — run at
//! the sample size: the result passes `check`, holds every kind of document the large
//! set promises, and posting the history again adds nothing.

// Amounts in fen are written yuan_fen (123_45 is ¥123.45).
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::Utc;

use orderdesk::config::JournalSetting;
use orderdesk::domain::ledger::AgingBucket;
use orderdesk::ops::{self, cash, demo, ledger, Refusal};
use orderdesk::store::Db;

use crate::world::demo_actor;

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn sample(dir: &std::path::Path) -> Db {
    let path = dir.join("sample.db");
    let as_of = ops::business_date(Utc::now(), 480);
    let mut seen = Vec::new();
    demo::generate(
        &path,
        JournalSetting::Auto,
        demo::Scale::Sample,
        42,
        as_of,
        &mut |p| seen.push(p),
    )
    .unwrap();
    assert!(
        seen.iter()
            .any(|p| matches!(p, demo::Progress::Shipped(n) if *n > 0)),
        "the history of closed orders was reported: {seen:?}"
    );
    Db::open(&path, JournalSetting::Auto).unwrap()
}

#[test]
fn the_bulk_demo_passes_check_and_holds_every_kind_of_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let found = ops::check::run_check(&db).unwrap();
    assert!(found.is_empty(), "{found:#?}");

    // Every closed order was picked, shipped and signed for, its lines moved by stock moves.
    let closed = count(&db, "SELECT count(*) FROM orders WHERE stage = 'closed'");
    assert!(closed > 1000, "{closed} closed orders");
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT order_id) FROM shipments WHERE status = 'delivered' \
             AND order_id IN (SELECT id FROM orders WHERE stage = 'closed')"
        ),
        closed
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM pick_lists WHERE status = 'done'"),
        closed
    );
    let closed_lines = count(
        &db,
        "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE o.stage = 'closed'",
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM stock_moves WHERE kind = 'ship'"),
        closed_lines
    );
    // The index the history dropped while it wrote is back.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'stock_moves_product'"
        ),
        1
    );

    // The history's journal: a day's events in one entry each.
    let days = count(
        &db,
        "SELECT count(*) FROM journal_entries WHERE source_type = 'SHIPMENTS' AND event = 'ship'",
    );
    let ship_days = count(&db, "SELECT count(DISTINCT ship_date) FROM shipments");
    assert!(days > 100 && days <= ship_days, "{days} of {ship_days}");
    assert!(
        count(
            &db,
            "SELECT count(*) FROM journal_entries WHERE source_type = 'MOVES' AND event = 'receipt'"
        ) > 100
    );

    // Invoices paid in full, in part and not at all, by every method, and prepayments.
    let invoices = count(&db, "SELECT count(*) FROM invoices");
    assert!(invoices > 1000, "{invoices} invoices");
    assert!(count(&db, "SELECT count(*) FROM invoices WHERE open_minor = 0") > 0);
    assert!(
        count(
            &db,
            "SELECT count(*) FROM invoices WHERE open_minor > 0 AND paid_minor > 0"
        ) > 0
    );
    assert!(count(&db, "SELECT count(DISTINCT method) FROM payments") >= 5);
    assert!(
        count(
            &db,
            "SELECT count(*) FROM allocations a JOIN payments p ON p.id = a.payment_id"
        ) > 1000
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM payments WHERE unapplied_minor > 0"
        ) > 0
    );
    let aging = cash::aging(&db, None).unwrap();
    for bucket in AgingBucket::ALL {
        let amount = aging
            .iter()
            .find(|(b, _)| *b == bucket)
            .map(|(_, m)| m.minor())
            .unwrap_or(0);
        assert!(amount > 0, "nothing in {bucket:?}: {aging:?}");
    }

    // Posting the history again finds nothing left to post.
    let admin = demo_actor(&db, "admin");
    let entries = count(&db, "SELECT count(*) FROM journal_entries");
    assert_eq!(ledger::post_history(&db, &admin).unwrap(), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM journal_entries"), entries);
}

/// A stock receipt written without its journal entry, as a file from before the ledger
/// has them, of 5 units at 1.2345 (¥6.17) into the first level holding stock, at `at`.
fn unposted_receipt(db: &Db, at: &str) {
    let level = "SELECT product_id, bin_id, lot_id FROM stock_levels WHERE on_hand > 0 \
                 ORDER BY product_id, bin_id, lot_id LIMIT 1";
    db.conn()
        .execute(
            &format!(
                "INSERT INTO stock_moves (product_id, bin_id, lot_id, qty, unit_cost, kind, \
                 actor_id, at) SELECT product_id, bin_id, lot_id, 5000, 12345, 'receipt', 1, ?1 \
                 FROM ({level})"
            ),
            [at],
        )
        .unwrap();
    db.conn()
        .execute_batch(&format!(
            "UPDATE product_stock SET on_hand = on_hand + 5000 \
               WHERE product_id = (SELECT product_id FROM ({level})); \
             UPDATE stock_levels SET on_hand = on_hand + 5000 \
               WHERE (product_id, bin_id, lot_id) = ({level});"
        ))
        .unwrap();
}

#[test]
fn history_left_unposted_is_posted_once_and_never_into_a_closed_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let finance = demo_actor(&db, "finance");
    let entries = || count(&db, "SELECT count(*) FROM journal_entries");

    let today = ops::business_date(Utc::now(), 480);
    unposted_receipt(&db, &format!("{today}T02:00:00.000Z"));
    let before = entries();
    assert_eq!(ledger::post_history(&db, &finance).unwrap(), 1);
    assert_eq!(entries(), before + 1);
    let (kind, debit): (String, i64) = db
        .conn()
        .query_row(
            "SELECT e.source_type, l.debit_minor FROM journal_entries e \
             JOIN journal_lines l ON l.entry_id = e.id WHERE e.id = (SELECT MAX(id) FROM journal_entries) \
             AND l.account = '1405'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), debit), ("MOVES", 6_17));
    let found = ops::check::run_check(&db).unwrap();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(ledger::post_history(&db, &finance).unwrap(), 0);

    // Dated in the period the demo closed: refused, and nothing is written.
    let closed: String = db
        .conn()
        .query_row(
            "SELECT period FROM closed_periods ORDER BY period LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    unposted_receipt(&db, &format!("{closed}-10T02:00:00.000Z"));
    let before = entries();
    let e = ledger::post_history(&db, &finance).unwrap_err();
    assert_eq!(e.refusal(), Some(&Refusal::PeriodClosed { period: closed }));
    assert_eq!(entries(), before);
    let found = ops::check::run_check(&db).unwrap();
    assert!(
        found.iter().any(|v| v.check == "inventory_matches_stock"),
        "the receipt is not in the books: {found:?}"
    );
}

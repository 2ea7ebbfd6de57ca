//! Two clerks at once, each on a connection of their own, in WAL and in DELETE mode:
//! paying the same invoice by hand, and allocating the same prepayment. Nothing is
//! allocated twice, each loser is told why, and `check` passes after.

#![allow(clippy::inconsistent_digit_grouping)]

use std::sync::{Arc, Barrier};
use std::thread;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use orderdesk::ops::{Actor, Refusal};
use orderdesk::store::Db;

use crate::cash::{clean, shipped_order};
use crate::world::*;

fn race(journal: JournalSetting) {
    let w = world();
    if journal == JournalSetting::Delete {
        w.db.conn()
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap();
    }
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let cu = w
        .customer("抢着收款")
        .terms("net:30")
        .credit_limit("100000")
        .create();
    let (so, _) = shipped_order(&w, &cu, "10", "10");
    let inv = cash::invoice_order(&w.db, &w.finance, &so)
        .unwrap()
        .remove(0);
    // A prepayment both clerks will try to allocate in full.
    let pre = cash::record_payment(
        &w.db,
        &w.finance,
        &PaymentInput {
            allocation: Allocation::None,
            ..PaymentInput::new(&cu, PaymentMethod::Bank, "100")
        },
    )
    .unwrap();
    let second = w.user("clerk2").roles(&[Role::Finance]).create();
    let clerks: Vec<Actor> = vec![w.finance.clone(), second];
    let start = Arc::new(Barrier::new(2));
    let mut handles = Vec::new();
    for (i, who) in clerks.into_iter().enumerate() {
        let path = w.path.clone();
        let start = start.clone();
        let (cu, inv_no, pre_no) = (cu.clone(), inv.number.clone(), pre.number.clone());
        handles.push(thread::spawn(move || {
            let db = Db::open(&path, journal).expect("a session of its own");
            start.wait();
            // Clerk 0 allocates the prepayment; clerk 1 records a new payment by hand.
            if i == 0 {
                cash::allocate(&db, &who, &pre_no, &[(inv_no, "100".into())]).map(|_| ())
            } else {
                cash::record_payment(
                    &db,
                    &who,
                    &PaymentInput {
                        reference: "WX-RACE".into(),
                        allocation: Allocation::ByHand(vec![(inv_no, "100".into())]),
                        ..PaymentInput::new(&cu, PaymentMethod::WeChat, "100")
                    },
                )
                .map(|_| ())
            }
        }));
    }
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "exactly one clerk pays the invoice: {results:?}");
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(r.refusal(), Some(Refusal::AboveOpenBalance { open, .. }) if open.is_zero()),
            "{r:?}"
        );
    }
    let allocated: i64 =
        w.db.conn()
            .query_row("SELECT SUM(amount_minor) FROM allocations", [], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(allocated, 100_00);
    assert_eq!(
        cash::invoice(&w.db, &inv.number).unwrap().head.open_minor,
        0
    );
    clean(&w.db);
}

#[test]
fn two_clerks_paying_one_invoice_never_allocate_twice_wal() {
    race(JournalSetting::Wal);
}

#[test]
fn two_clerks_paying_one_invoice_never_allocate_twice_delete() {
    race(JournalSetting::Delete);
}

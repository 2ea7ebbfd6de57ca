//! Two pickers on one wave, each on a connection of their own, in WAL and in DELETE
//! mode: no task is picked twice and every unit is picked once. A picker racing the
//! cancellation of their order: goods are never lost, and `check` passes after.

use std::sync::{Arc, Barrier};
use std::thread;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::domain::goods::TaskStatus;
use orderdesk::ops::{self, picking, Actor, Refusal};
use orderdesk::store::Db;

use crate::picking::{approved_order, number};
use crate::world::*;

/// Picks what it can of a list until nothing is left for this picker; returns the
/// thousandths it picked.
fn picker(
    path: std::path::PathBuf,
    journal: JournalSetting,
    who: Actor,
    list: String,
    start: Arc<Barrier>,
) -> i64 {
    let db = Db::open(&path, journal).expect("a session of its own");
    let mut view = picking::open_pick_list(&db, &who, &list, None).expect("open");
    // Both have the list open before either picks.
    start.wait();
    let mut picked = 0;
    while let Some(t) = picking::next_task(&view, &who).cloned() {
        match picking::pick_scan(&db, &who, t.id, &t.bin_code) {
            Ok(_) => loop {
                match picking::pick_scan(&db, &who, t.id, PLAIN_EAN) {
                    Ok(p) => {
                        picked += p.added;
                        if p.task_done {
                            break;
                        }
                    }
                    Err(e) => panic!("a claimed task refused a scan: {e:?}"),
                }
            },
            Err(e) => match e.refusal() {
                Some(Refusal::TaskHeldBy { .. }) | Some(Refusal::TaskFinished) => {}
                // The other picker finished the last task.
                Some(Refusal::PickListClosed { .. }) => break,
                _ => panic!("unexpected: {e:?}"),
            },
        }
        view = picking::pick_list(&db, &list).expect("list");
    }
    let _ = picking::leave_pick_list(&db, &who);
    picked
}

fn two_pickers_on_one_wave(journal: JournalSetting) {
    let w = world();
    if journal == JournalSetting::Delete {
        w.db.conn()
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap();
    }
    w.product(PLAIN_SKU).stock(BIN_A, "7").stock(BIN_B, "30");
    let orders: Vec<String> = (0..4)
        .map(|_| number(&approved_order(&w, &[(PLAIN_SKU, "6")])))
        .collect();
    let second = w.user("picker2").roles(&[Role::Warehouse]).create();
    let made = picking::create_pick_list(&w.db, &w.warehouse, &orders, None).unwrap();
    assert!(made.tasks >= 5, "a task per order and bin: {}", made.tasks);
    let start = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [w.warehouse.clone(), second]
        .into_iter()
        .map(|who| {
            let (path, list, start) = (w.path.clone(), made.number.clone(), start.clone());
            thread::spawn(move || picker(path, journal, who, list, start))
        })
        .collect();
    let picked: Vec<i64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        picked.iter().sum::<i64>(),
        24_000,
        "every unit once: {picked:?}"
    );
    let view = picking::pick_list(&w.db, &made.number).unwrap();
    assert!(view
        .tasks
        .iter()
        .all(|t| t.status == TaskStatus::Done && t.qty_picked == t.qty));
    let transfers: i64 =
        w.db.conn()
            .query_row(
                "SELECT COALESCE(SUM(qty), 0) FROM stock_moves WHERE doc_type = 'PL' AND qty > 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(transfers, 24_000, "no task picked twice");
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 24_000);
    assert_consistent(&w.db);
}

#[test]
fn two_pickers_never_pick_a_task_twice_in_wal_mode() {
    two_pickers_on_one_wave(JournalSetting::Wal);
}

#[test]
fn two_pickers_never_pick_a_task_twice_in_delete_mode() {
    two_pickers_on_one_wave(JournalSetting::Delete);
}

#[test]
fn a_line_cancelled_while_it_is_picked_puts_back_what_was_picked() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 60, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "5"), (LOT_SKU, "2")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let t = view
        .tasks
        .iter()
        .find(|t| t.sku == PLAIN_SKU)
        .unwrap()
        .clone();
    picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
    picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).unwrap();
    picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).unwrap();

    // The sales side cancels the line from another terminal.
    let other = w.other_session();
    let version = ops::orders::order_detail(&other, so.id).unwrap().version;
    ops::intake::cancel_line(&other, &w.manager, so.id, version, 1, "客户不要了").unwrap();

    let e = picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).refused();
    assert_eq!(e.refusal(), Some(&Refusal::TaskFinished));
    let line = &orderdesk::store::orders::lines_of(w.db.conn(), so.id).unwrap()[0];
    assert_eq!(
        (line.qty_reserved, line.qty_picked, line.qty_cancelled),
        (0, 0, 5_000)
    );
    assert_eq!(
        bin_on_hand(&w.db, w.plain_id, "STG-WH1"),
        2_000,
        "nothing lost"
    );
    assert_consistent(&w.db);
    let unpick = picking::open_pick_lists(&w.db, 0, 10)
        .unwrap()
        .into_iter()
        .find(|l| l.list.number != made.number)
        .expect("an unpick list");
    picking::leave_pick_list(&w.db, &w.warehouse).unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &unpick.list.number);
    assert_eq!(
        bin_on_hand(&w.db, w.plain_id, BIN_A),
        10_000,
        "back where it came from"
    );
    assert_consistent(&w.db);
}

#[test]
fn a_picker_racing_the_cancellation_of_the_order_never_loses_goods() {
    for round in 0..6 {
        let w = world();
        w.product(PLAIN_SKU).stock(BIN_A, "40");
        let so = approved_order(&w, &[(PLAIN_SKU, "20")]);
        let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
        let start = Arc::new(Barrier::new(2));
        let (path, list, who, s) = (
            w.path.clone(),
            made.number.clone(),
            w.warehouse.clone(),
            start.clone(),
        );
        let picker = thread::spawn(move || {
            let db = Db::open(&path, JournalSetting::Auto).unwrap();
            let view = picking::open_pick_list(&db, &who, &list, None).unwrap();
            let t = picking::next_task(&view, &who).unwrap().clone();
            s.wait();
            let mut picked = 0;
            if picking::pick_scan(&db, &who, t.id, BIN_A).is_ok() {
                for _ in 0..20 {
                    match picking::pick_scan(&db, &who, t.id, PLAIN_EAN) {
                        Ok(p) => picked += p.added,
                        Err(e) => {
                            assert!(
                                matches!(e.refusal(), Some(Refusal::OrderNotPickable { .. })),
                                "{e:?}"
                            );
                            break;
                        }
                    }
                }
            }
            picked
        });
        let other = w.other_session();
        start.wait();
        thread::sleep(std::time::Duration::from_millis(round * 3));
        let version = ops::orders::order_detail(&other, so.id).unwrap().version;
        let cancelled = ops::intake::cancel_order(&other, &w.sales, so.id, version, "客户取消");
        let picked = picker.join().unwrap();
        // Cancelling never waits for the picker: what was picked goes to an unpick list.
        cancelled.expect("cancelled, picked or not");
        assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), picked);
        let to_put_back: i64 =
            w.db.conn()
                .query_row(
                    "SELECT COALESCE(SUM(qty), 0) FROM pick_tasks WHERE kind = 'unpick'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
        assert_eq!(to_put_back, picked, "every picked unit has its way back");
        assert_eq!(on_hand(&w.db, w.plain_id), 40_000, "nothing lost");
        assert_consistent(&w.db);
    }
}

#[test]
fn cancelling_an_order_with_picked_goods_puts_them_back_by_an_unpick_list() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "3").stock(BIN_B, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "5")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 5_000);
    let version = ops::orders::order_detail(&w.db, so.id).unwrap().version;
    ops::intake::cancel_order(&w.db, &w.sales, so.id, version, "客户取消").unwrap();
    let st = orderdesk::store::stock::product_stock(w.db.conn(), w.plain_id).unwrap();
    assert_eq!(
        (st.on_hand, st.reserved),
        (13_000, 0),
        "on hand, in staging; nothing reserved"
    );
    assert_consistent(&w.db);

    let lists = picking::open_pick_lists(&w.db, 0, 10).unwrap();
    assert_eq!(lists.len(), 1, "the unpick list");
    let number = lists[0].list.number.clone();
    assert_ne!(number, made.number);
    let view = picking::pick_list(&w.db, &number).unwrap();
    let back: Vec<(&str, i64)> = view
        .tasks
        .iter()
        .map(|t| (t.bin_code.as_str(), t.qty))
        .collect();
    assert_eq!(
        back,
        [(BIN_A, 3_000), (BIN_B, 2_000)],
        "each to the bin it came from"
    );
    crate::picking::pick_all(&w.db, &w.warehouse, &number);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 0);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 3_000);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_B), 10_000);
    assert_eq!(
        picking::pick_list(&w.db, &number).unwrap().list.status,
        orderdesk::domain::goods::PickListStatus::Done
    );
    assert_consistent(&w.db);
}

#[test]
fn a_picked_order_sent_back_to_the_queue_puts_its_goods_back() {
    use orderdesk::ops::master::{CustomerInput, CustomerStatus};
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "4")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    let d = ops::orders::order_detail(&w.db, so.id).unwrap();
    ops::approval::hold_order(&w.db, &w.manager, so.id, d.version, "核对").unwrap();
    // Meanwhile finance blocks the customer: the release sends it back to the queue.
    let c = ops::master::customer(&w.db, d.customer_id)
        .unwrap()
        .customer;
    ops::master::update_customer(
        &w.db,
        &w.finance,
        c.id,
        c.version,
        &CustomerInput {
            status: CustomerStatus::Blocked,
            status_reason: "欠款".into(),
            ..customer_input(&c.code, &c.name)
        },
    )
    .unwrap();
    let version = ops::orders::order_detail(&w.db, so.id).unwrap().version;
    let to = ops::approval::release_hold(&w.db, &w.manager, so.id, version).unwrap();
    assert_eq!(to, orderdesk::domain::order::OrderStage::Submitted);
    assert_eq!(
        bin_on_hand(&w.db, w.plain_id, "STG-WH1"),
        4_000,
        "still there, on its way back"
    );
    assert_eq!(
        picking::open_pick_lists(&w.db, 0, 10).unwrap().len(),
        1,
        "the unpick list"
    );
    assert_consistent(&w.db);
}

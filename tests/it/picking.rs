//! Picking (拣货) through `ops`, as the picking screen drives it: pick lists from
//! approved orders, scans of bin then item, short picks, two pickers on one list and a
//! picker racing a cancellation; every bad scan refused with nothing changed, and
//! `check` after.

use orderdesk::domain::goods::{Fulfilment, PickListStatus, TaskStatus};
use orderdesk::ops::approval::Outcome;
use orderdesk::ops::picking::{self, PickListView};
use orderdesk::ops::{self, intake, Actor, Refusal};
use orderdesk::store::{self, Db};

use crate::world::*;

/// An approved order of `qty` bolts (the plain product) for a new cash customer.
pub fn approved_order(w: &World, lines: &[(&str, &str)]) -> intake::Submitted {
    let code = w.customer("拣货客户").create();
    let mut o = w.order(&w.sales).customer(&code);
    for (sku, qty) in lines {
        o = o.line(sku, qty);
    }
    let mut s = o.submit();
    if let Outcome::Waiting(_) = s.outcome {
        s.outcome = ops::approval::approve_order(&w.db, &w.manager, s.id, s.version)
            .expect("the manager approves");
        s.version = ops::orders::order_detail(&w.db, s.id).unwrap().version;
    }
    assert!(
        matches!(s.outcome, Outcome::Approved { .. }),
        "approved: {:?}",
        s.outcome
    );
    s
}

pub fn number(s: &intake::Submitted) -> String {
    s.number.clone()
}

/// Picks every task of a list as one picker: scan the bin, then items one by one.
#[allow(dead_code)]
pub fn pick_all(db: &Db, who: &Actor, list: &str) {
    let mut view = picking::open_pick_list(db, who, list, None).expect("open list");
    while let Some(t) = picking::next_task(&view, who).cloned() {
        picking::pick_scan(db, who, t.id, &t.bin_code).expect("bin");
        picking::pick_qty(db, who, t.id, &ops_qty(t.qty - t.qty_picked)).expect("qty");
        view = picking::pick_list(db, list).expect("list");
    }
}

#[allow(dead_code)]
pub fn ops_qty(thousandths: i64) -> String {
    orderdesk::domain::money::Qty::from_db(thousandths).to_string()
}

/// What a refused scan must leave alone.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    moves: i64,
    audit: i64,
    tasks: Vec<(i64, i64, String, Option<i64>)>,
    lines: Vec<(i64, i64, i64, i64, i64)>,
}

fn snapshot(db: &Db) -> Snapshot {
    let c = db.conn();
    let tasks = c
        .prepare("SELECT id, qty_picked, status, claimed_by FROM pick_tasks ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let lines = c
        .prepare(
            "SELECT id, qty_reserved, qty_picked, qty_shipped, qty_backordered FROM order_lines ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    Snapshot {
        moves: count_rows(db, "stock_moves"),
        audit: count_rows(db, "audit_log"),
        tasks,
        lines,
    }
}

fn refusal(e: &ops::Error) -> Refusal {
    e.refusal()
        .cloned()
        .unwrap_or_else(|| panic!("not a refusal: {e:?}"))
}

#[test]
fn an_order_is_picked_by_scanning_bin_then_items_into_the_staging_bin() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "3").stock(BIN_B, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "5")]);
    assert_eq!(
        ops::shipping::fulfilment(&w.db, so.id).unwrap(),
        Some(Fulfilment::AwaitingPick)
    );
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], Some("warehouse"))
        .expect("pick list");
    assert!(made.number.starts_with("PL-"), "{}", made.number);
    assert_eq!(made.tasks, 2, "3 from A-01, the rest from A-02");
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, Some(&number(&so)))
        .expect("open");
    assert_eq!(view.list.status, PickListStatus::InProgress);
    let t = picking::next_task(&view, &w.warehouse).unwrap().clone();
    assert_eq!(
        (t.bin_code.as_str(), t.qty),
        (BIN_A, 3_000),
        "walking order by bin code"
    );

    // Bin, then three scans of the barcode: the task finishes by itself.
    let p = picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
    assert_eq!(p.added, 0);
    for i in 1..=3 {
        let p = picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).unwrap();
        assert_eq!(p.task.qty_picked, i * 1_000);
        assert_eq!(p.task_done, i == 3);
    }
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 0);
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 3_000);
    assert_eq!(
        on_hand(&w.db, w.plain_id),
        13_000,
        "staged goods stay on hand"
    );
    assert_eq!(
        ops::shipping::fulfilment(&w.db, so.id).unwrap(),
        Some(Fulfilment::Picking)
    );

    let view = picking::pick_list(&w.db, &made.number).unwrap();
    let t2 = picking::next_task(&view, &w.warehouse).unwrap().clone();
    picking::pick_scan(&w.db, &w.warehouse, t2.id, BIN_B).unwrap();
    let done = picking::pick_qty(&w.db, &w.warehouse, t2.id, "2").unwrap();
    assert!(done.task_done && done.list_done);
    let view = picking::pick_list(&w.db, &made.number).unwrap();
    assert_eq!(view.list.status, PickListStatus::Done);
    assert!(view.tasks.iter().all(|t| t.status == TaskStatus::Done));
    assert_eq!(
        ops::shipping::fulfilment(&w.db, so.id).unwrap(),
        Some(Fulfilment::ReadyToShip)
    );
    let lines = store::orders::lines_of(w.db.conn(), so.id).unwrap();
    assert_eq!((lines[0].qty_reserved, lines[0].qty_picked), (5_000, 5_000));
    // A finished list lets its picker open another one.
    assert!(picking::current_pick_list(&w.db, &w.warehouse)
        .unwrap()
        .is_none());
    assert_consistent(&w.db);
}

#[test]
fn every_bad_scan_is_refused_and_changes_nothing() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 30, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "2"), (LOT_SKU, "2")]);
    let other = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let other_list =
        picking::create_pick_list(&w.db, &w.warehouse, &[number(&other)], None).unwrap();

    // Another order's pick list, scanned on the screen of this order.
    let before = snapshot(&w.db);
    let e = picking::open_pick_list(&w.db, &w.warehouse, &other_list.number, Some(&number(&so)))
        .refused();
    assert!(matches!(
        refusal(&e),
        Refusal::PickListOfAnotherOrder { .. }
    ));
    assert_eq!(snapshot(&w.db), before);

    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let plain = view
        .tasks
        .iter()
        .find(|t| t.sku == PLAIN_SKU)
        .unwrap()
        .clone();
    let lot = view
        .tasks
        .iter()
        .find(|t| t.sku == LOT_SKU)
        .unwrap()
        .clone();

    // A second list while this one is open.
    let e = picking::open_pick_list(&w.db, &w.warehouse, &other_list.number, None).refused();
    assert_eq!(
        refusal(&e),
        Refusal::PickerHasOpenList {
            number: made.number.clone()
        }
    );

    let before = snapshot(&w.db);
    // An item before its bin.
    let e = picking::pick_scan(&w.db, &w.warehouse, plain.id, PLAIN_EAN).refused();
    assert!(matches!(refusal(&e), Refusal::BinNotConfirmed { .. }));
    // The wrong bin.
    let e = picking::pick_scan(&w.db, &w.warehouse, plain.id, BIN_B).refused();
    assert_eq!(
        refusal(&e),
        Refusal::WrongBin {
            expected: BIN_A.into(),
            scanned: BIN_B.into()
        }
    );
    assert_eq!(snapshot(&w.db), before);

    picking::pick_scan(&w.db, &w.warehouse, plain.id, BIN_A).unwrap();
    let before = snapshot(&w.db);
    // The wrong product.
    let e = picking::pick_scan(&w.db, &w.warehouse, plain.id, &lot_ean()).refused();
    assert_eq!(
        refusal(&e),
        Refusal::WrongProduct {
            expected: PLAIN_SKU.into(),
            scanned: LOT_SKU.into()
        }
    );
    // An unknown code.
    let e = picking::pick_scan(&w.db, &w.warehouse, plain.id, "NO-SUCH-THING").refused();
    assert!(matches!(refusal(&e), Refusal::WrongProduct { .. }));
    // More than the task asks: a label of 5 on a task of 2.
    let label = format!("]C101{}37{}", gtin14(PLAIN_EAN), 5);
    let e = picking::pick_scan(&w.db, &w.warehouse, plain.id, &label).refused();
    assert!(matches!(refusal(&e), Refusal::OverPick { .. }), "{e:?}");
    let e = picking::pick_qty(&w.db, &w.warehouse, plain.id, "3").refused();
    assert!(matches!(refusal(&e), Refusal::OverPick { .. }));
    assert_eq!(snapshot(&w.db), before);

    // The lot task: a GS1 label with another lot, or an expired date.
    picking::pick_scan(&w.db, &w.warehouse, lot.id, BIN_B).unwrap();
    let before = snapshot(&w.db);
    let wrong_lot = format!("]C101{}10L9\u{1d}371", gtin14(&lot_ean()));
    let e = picking::pick_scan(&w.db, &w.warehouse, lot.id, &wrong_lot).refused();
    assert_eq!(
        refusal(&e),
        Refusal::WrongLot {
            expected: "L1".into(),
            scanned: "L9".into()
        }
    );
    let expired = format!(
        "]C101{}17{}10L1\u{1d}371",
        gtin14(&lot_ean()),
        gs1_date(days_from_today(-1))
    );
    let e = picking::pick_scan(&w.db, &w.warehouse, lot.id, &expired).refused();
    assert!(matches!(refusal(&e), Refusal::ExpiredLot { .. }));
    assert_eq!(snapshot(&w.db), before);
    // The right label of 2 finishes it.
    let right = format!("]C101{}10L1\u{1d}372", gtin14(&lot_ean()));
    let p = picking::pick_scan(&w.db, &w.warehouse, lot.id, &right).unwrap();
    assert!(p.task_done);

    // A closed list.
    picking::pick_qty(&w.db, &w.warehouse, plain.id, "2").unwrap();
    let e = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).refused();
    assert!(matches!(
        refusal(&e),
        Refusal::PickListClosed {
            status: PickListStatus::Done,
            ..
        }
    ));
    // Nothing left to pick for the order.
    let e = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).refused();
    assert_eq!(refusal(&e), Refusal::NothingToPick);
    assert_consistent(&w.db);
}

#[test]
fn a_second_picker_is_told_who_holds_the_task() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "4")]);
    let second = w
        .user("picker2")
        .roles(&[orderdesk::domain::access::Role::Warehouse])
        .create();
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let t = picking::next_task(&view, &w.warehouse).unwrap().clone();
    picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();

    let other = w.other_session();
    let view2 = picking::open_pick_list(&other, &second, &made.number, None).unwrap();
    assert!(
        picking::next_task(&view2, &second).is_none(),
        "the only task is held by the first picker"
    );
    let before = snapshot(&w.db);
    let e = picking::pick_scan(&other, &second, t.id, BIN_A).refused();
    assert_eq!(
        refusal(&e),
        Refusal::TaskHeldBy {
            name: WAREHOUSE_NAME.into()
        }
    );
    let e = picking::pick_qty(&other, &second, t.id, "1").refused();
    assert!(matches!(refusal(&e), Refusal::TaskHeldBy { .. }));
    assert_eq!(snapshot(&w.db), before);
}

#[test]
fn a_short_pick_backorders_the_missing_part_and_proposes_a_count() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "6")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let t = picking::next_task(&view, &w.warehouse).unwrap().clone();
    picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
    picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).unwrap();

    let before = snapshot(&w.db);
    let e = picking::short_pick(&w.db, &w.warehouse, t.id, "4", " ").refused();
    assert_eq!(refusal(&e), Refusal::ShortReasonRequired);
    let e = picking::short_pick(&w.db, &w.warehouse, t.id, "6", "货架空").refused();
    assert!(matches!(refusal(&e), Refusal::ShortFoundOutside { .. }));
    let e = picking::short_pick(&w.db, &w.warehouse, t.id, "0", "货架空").refused();
    assert!(
        matches!(refusal(&e), Refusal::ShortFoundOutside { .. }),
        "one is picked already"
    );
    assert_eq!(snapshot(&w.db), before);

    let short = picking::short_pick(&w.db, &w.warehouse, t.id, "4", "货架上只有4个").unwrap();
    assert_eq!(short.backordered.to_db(), 2_000);
    assert_eq!(short.count.bin_code, BIN_A);
    assert_eq!(short.count.sku, PLAIN_SKU);
    assert!(short.list_done);
    assert_eq!(short.task.status, TaskStatus::Short);
    let line = &store::orders::lines_of(w.db.conn(), so.id).unwrap()[0];
    assert_eq!(
        (line.qty_reserved, line.qty_picked, line.qty_backordered),
        (4_000, 4_000, 2_000)
    );
    // The bin is not changed silently: the four picked left it, nothing else.
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 6_000);
    let timeline = store::orders::timeline_of(w.db.conn(), so.id).unwrap();
    let last = timeline.last().unwrap();
    assert_eq!(last.actor, WAREHOUSE_NAME);
    assert!(last.note.as_deref().unwrap_or("").contains("货架上只有4个"));
    assert_consistent(&w.db);
}

#[test]
fn lots_are_chosen_fefo_and_never_an_expired_one() {
    let w = world();
    w.product(LOT_SKU)
        .stock_lot(BIN_A, "OLD", 3, "5")
        .stock_lot(BIN_B, "LATE", 200, "5")
        .stock_lot(BIN_B, "SOON", 10, "2");
    // The OLD lot expires the day before yesterday: tamper its date into the past.
    w.db.conn()
        .execute(
            "UPDATE lots SET expiry = ?1, received_on = ?2 WHERE lot_no = 'OLD'",
            rusqlite::params![
                days_from_today(-2).to_string(),
                days_from_today(-30).to_string()
            ],
        )
        .unwrap();
    let so = approved_order(&w, &[(LOT_SKU, "4")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view: PickListView = picking::pick_list(&w.db, &made.number).unwrap();
    let lots: Vec<(&str, i64)> = view
        .tasks
        .iter()
        .map(|t| (t.lot_no.as_str(), t.qty))
        .collect();
    assert_eq!(
        lots,
        [("SOON", 2_000), ("LATE", 2_000)],
        "earliest expiry first, never OLD"
    );
    assert!(
        view.tasks.iter().all(|t| !t.expires_early),
        "no requested date"
    );
    assert_consistent(&w.db);
}

#[test]
fn a_burst_of_two_hundred_scans_into_one_task_picks_two_hundred() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "250");
    let so = approved_order(&w, &[(PLAIN_SKU, "200")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let t = picking::next_task(&view, &w.warehouse).unwrap().clone();
    picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
    let mut done = 0;
    for _ in 0..200 {
        let p = picking::pick_scan(&w.db, &w.warehouse, t.id, &format!("{PLAIN_EAN}\r")).unwrap();
        done += usize::from(p.task_done);
    }
    assert_eq!(done, 1, "the task finished once, on the last scan");
    let e = picking::pick_scan(&w.db, &w.warehouse, t.id, PLAIN_EAN).refused();
    assert!(matches!(refusal(&e), Refusal::PickListClosed { .. }));
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 200_000);
    assert_consistent(&w.db);
}

#[test]
fn a_burst_that_mixes_the_bin_and_items_with_no_pause_is_taken_in_order() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "3")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &made.number, None).unwrap();
    let t = picking::next_task(&view, &w.warehouse).unwrap().clone();
    // Items before the bin: the first is refused and nothing after it is taken.
    let early = picking::pick_burst(
        &w.db,
        &w.warehouse,
        t.id,
        &format!("{PLAIN_EAN}\r{BIN_A}\r"),
    );
    assert!(early.taken.is_empty());
    assert!(matches!(
        early.stopped.as_ref().and_then(|e| e.refusal()),
        Some(Refusal::BinNotConfirmed { .. })
    ));
    assert_eq!(early.left.len(), 2);
    let burst = format!("{BIN_A}\r{PLAIN_EAN}\n{PLAIN_EAN}\t{PLAIN_EAN}\r{PLAIN_EAN}\r");
    let done = picking::pick_burst(&w.db, &w.warehouse, t.id, &burst);
    assert_eq!(done.taken.len(), 4, "the bin and three items");
    assert!(done.taken[3].task_done);
    assert!(
        matches!(
            done.stopped.as_ref().and_then(|e| e.refusal()),
            Some(Refusal::PickListClosed { .. })
        ),
        "the fourth item finds the list done: {:?}",
        done.stopped
    );
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 3_000);
    assert_consistent(&w.db);
}

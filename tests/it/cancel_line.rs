//! Cancelling one order line (取消订单行) on the demo data: its reservation is released
//! and its backorder dropped, the freed stock goes to another order's backorder, the
//! totals cover what is still to deliver, the last line takes the order with it, every
//! refusal changes nothing, and `check` catches a cancelled line that still counts.

use std::path::PathBuf;

use crossterm::event::KeyCode;
use orderdesk::config::JournalSetting;
use orderdesk::domain::money::{Money, Qty};
use orderdesk::domain::order::OrderStage;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::approval::Outcome;
use orderdesk::ops::intake;
use orderdesk::ops::{self, orders, Actor, Error, Refusal};
use orderdesk::store::{self, Db};
use orderdesk::ui::harness::Ui;

use crate::world::{demo_actor as actor, demo_copy, order_by, NewOrder, DEMO_CASH_CUSTOMER};

/// A cash customer's order, written by `who`.
fn order<'a>(db: &'a Db, who: &'a Actor) -> NewOrder<'a> {
    order_by(db, who).customer(DEMO_CASH_CUSTOMER)
}

fn product_id(db: &Db, sku: &str) -> i64 {
    ops::master::product_by_code(db, sku).unwrap().unwrap().id
}

fn stock(db: &Db, sku: &str) -> store::stock::ProductStock {
    store::stock::product_stock(db.conn(), product_id(db, sku)).unwrap()
}

fn assert_check_passes(db: &Db) {
    let v = ops::check::run_check(db).unwrap();
    assert!(v.is_empty(), "check found: {v:?}");
}

/// HW-000004 has 19 available in the demo (84 on hand, 65 reserved). Order A takes
/// all 19 (and one HW-000001); order B then waits for 10 of them.
struct Shop {
    _dir: tempfile::TempDir,
    path: PathBuf,
    db: Db,
    sales: Actor,
    a: intake::Submitted,
    b: intake::Submitted,
}

fn shop() -> Shop {
    let (dir, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let sales = actor(&db, "sales");
    let st = stock(&db, "HW-000004");
    assert_eq!(st.on_hand - st.reserved, 19_000, "the demo data moved");
    let a = order(&db, &sales)
        .line("HW-000004", "19")
        .line("HW-000001", "1")
        .submit();
    assert_eq!(a.outcome, Outcome::Approved { backordered: 0 });
    let b = order(&db, &sales).line("HW-000004", "10").submit();
    assert_eq!(b.outcome, Outcome::Approved { backordered: 1 });
    Shop {
        _dir: dir,
        path,
        db,
        sales,
        a,
        b,
    }
}

#[test]
fn a_cancelled_line_frees_its_stock_for_a_waiting_backorder() {
    let s = shop();
    let before = orders::order_detail(&s.db, s.a.id).unwrap();
    let kept = before.lines[1].amounts;
    intake::cancel_line(&s.db, &s.sales, s.a.id, s.a.version, 1, "客户少要了").unwrap();

    let a = orders::order_detail(&s.db, s.a.id).unwrap();
    assert_eq!(a.stage, OrderStage::Approved, "line 2 is still to deliver");
    assert_eq!(a.version, s.a.version + 1);
    let l1 = &a.lines[0];
    assert_eq!(l1.qty, Qty::from_int(19), "the ordered quantity stays");
    assert_eq!(l1.cancelled, Qty::from_int(19));
    assert!(l1.reserved.is_zero() && l1.backordered.is_zero());
    assert!(l1.amounts.gross.is_zero(), "nothing of it is charged");
    assert_eq!(a.totals, kept, "the total is what is still to deliver");
    assert_eq!(a.lines[1], before.lines[1]);

    // B's backorder of 10 got the freed stock; 9 are available again.
    let b = orders::order_detail(&s.db, s.b.id).unwrap();
    assert_eq!(b.lines[0].reserved, Qty::from_int(10));
    assert!(b.lines[0].backordered.is_zero());
    let st = stock(&s.db, "HW-000004");
    assert_eq!(st.on_hand - st.reserved, 9_000);
    assert_eq!(st.backordered, 0);

    let audit = store::audit::for_entity(s.db.conn(), "order", s.a.id, 1).unwrap();
    assert_eq!(audit[0].action, "cancel_line");
    assert!(audit[0]
        .after
        .as_deref()
        .unwrap_or("")
        .contains("客户少要了"));
    assert_check_passes(&s.db);

    // The last line takes the order with it, with the reason.
    intake::cancel_line(&s.db, &s.sales, s.a.id, a.version, 2, "客户全部取消").unwrap();
    let a = orders::order_detail(&s.db, s.a.id).unwrap();
    assert_eq!(a.stage, OrderStage::Cancelled);
    assert_eq!(a.stage_reason.as_deref(), Some("客户全部取消"));
    assert_eq!(a.totals.gross, Money::ZERO);
    assert_eq!(a.timeline.last().map(|t| t.to), Some(OrderStage::Cancelled));
    assert_eq!(
        stock(&s.db, "HW-000001").reserved,
        12_000,
        "the demo's own reservations, without A's unit"
    );
    assert_check_passes(&s.db);
}

#[test]
fn a_queued_order_can_lose_a_line_and_its_total_follows() {
    let s = shop();
    let q = order(&s.db, &s.sales)
        .line("HW-000002", "100")
        .line("HW-000001", "2")
        .price("2.00")
        .submit();
    assert!(matches!(q.outcome, Outcome::Waiting(_)), "{:?}", q.outcome);
    let before = orders::order_detail(&s.db, q.id).unwrap();
    intake::cancel_line(&s.db, &s.sales, q.id, q.version, 1, "不要了").unwrap();
    let after = orders::order_detail(&s.db, q.id).unwrap();
    assert_eq!(after.stage, OrderStage::Submitted);
    assert_eq!(after.totals, before.lines[1].amounts);
    assert_check_passes(&s.db);
    // The confirmation prints what remains to deliver and names what was cancelled.
    let text = orderdesk::print::confirmation_text(&after, Lang::En, 80);
    let row = text
        .lines()
        .find(|l| l.contains("100 cancelled"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        !row.contains("100 盒"),
        "the remaining quantity is 0: {row}"
    );
    // A manager who takes no orders may cancel too.
    let manager = actor(&s.db, "manager");
    let v = orders::order_detail(&s.db, q.id).unwrap().version;
    intake::cancel_line(&s.db, &manager, q.id, v, 2, "客户取消").unwrap();
    assert_eq!(
        orders::order_detail(&s.db, q.id).unwrap().stage,
        OrderStage::Cancelled,
        "the last line cancels the order"
    );
}

#[test]
fn refusals_name_the_problem_and_change_nothing() {
    let s = shop();
    let snapshot = |db: &Db| {
        (
            orders::order_detail(db, s.a.id).unwrap(),
            orders::order_detail(db, s.b.id).unwrap(),
            stock(db, "HW-000004"),
        )
    };
    let before = snapshot(&s.db);
    let v = s.a.version;
    let sales2 = actor(&s.db, "sales2");
    let warehouse = actor(&s.db, "warehouse");
    let cases: Vec<(&str, Error)> = vec![
        (
            "empty reason",
            intake::cancel_line(&s.db, &s.sales, s.a.id, v, 1, "  ").unwrap_err(),
        ),
        (
            "no such line",
            intake::cancel_line(&s.db, &s.sales, s.a.id, v, 9, "x").unwrap_err(),
        ),
        (
            "a stale version",
            intake::cancel_line(&s.db, &s.sales, s.a.id, v - 1, 1, "x").unwrap_err(),
        ),
        (
            "another clerk's order holding stock",
            intake::cancel_line(&s.db, &sales2, s.a.id, v, 1, "x").unwrap_err(),
        ),
        (
            "the warehouse",
            intake::cancel_line(&s.db, &warehouse, s.a.id, v, 1, "x").unwrap_err(),
        ),
    ];
    for (what, e) in &cases {
        let (zh, en) = (e.localized(Lang::Zh), e.localized(Lang::En));
        assert!(
            !zh.is_empty() && !en.is_empty() && zh != en,
            "{what}: {e:?}"
        );
    }
    assert!(
        matches!(cases[0].1, Error::Field { .. }),
        "{:?}",
        cases[0].1
    );
    assert!(
        matches!(
            cases[1].1,
            Error::Refused(Refusal::NoSuchLine { line_no: 9 })
        ),
        "{:?}",
        cases[1].1
    );
    assert!(
        matches!(cases[2].1, Error::Conflict { .. }),
        "{:?}",
        cases[2].1
    );
    assert!(
        matches!(cases[3].1, Error::PermissionDenied { .. }),
        "{:?}",
        cases[3].1
    );
    assert!(
        matches!(cases[4].1, Error::PermissionDenied { .. }),
        "{:?}",
        cases[4].1
    );
    assert_eq!(snapshot(&s.db), before);

    // The warehouse may not; the author may, once.
    let e = intake::cancel_line(&s.db, &warehouse, s.a.id, v, 1, "缺货太久").unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(snapshot(&s.db), before);
    intake::cancel_line(&s.db, &s.sales, s.a.id, v, 1, "缺货太久").unwrap();
    let d = orders::order_detail(&s.db, s.a.id).unwrap();
    let e = intake::cancel_line(&s.db, &s.sales, s.a.id, d.version, 1, "again").unwrap_err();
    assert!(e.localized(Lang::En).contains("already cancelled"), "{e:?}");
    assert_eq!(orders::order_detail(&s.db, s.a.id).unwrap(), d);

    // A draft is edited instead; a cancelled order is finished.
    let draft = order(&s.db, &s.sales).line("HW-000001", "1").draft();
    let e = intake::cancel_line(&s.db, &s.sales, draft.id, draft.version, 1, "x").unwrap_err();
    assert!(e.localized(Lang::Zh).contains("F3"), "{e:?}");
    let b = orders::order_detail(&s.db, s.b.id).unwrap();
    intake::cancel_order(&s.db, &s.sales, s.b.id, b.version, "不要了").unwrap();
    let b = orders::order_detail(&s.db, s.b.id).unwrap();
    let e = intake::cancel_line(&s.db, &s.sales, s.b.id, b.version, 1, "x").unwrap_err();
    assert!(
        matches!(
            e,
            Error::Refused(Refusal::LinesFinal {
                stage: OrderStage::Cancelled
            })
        ),
        "{e:?}"
    );
    assert_check_passes(&s.db);
}

#[test]
fn check_catches_a_cancelled_line_that_still_counts_or_holds_stock() {
    let s = shop();
    intake::cancel_line(&s.db, &s.sales, s.a.id, s.a.version, 1, "客户少要了").unwrap();
    assert_check_passes(&s.db);
    let c = s.db.conn();
    let line_id: i64 = c
        .query_row(
            "SELECT id FROM order_lines WHERE order_id = ?1 AND line_no = 1",
            [s.a.id],
            |r| r.get(0),
        )
        .unwrap();
    // Its amount back in the line and the order total alike: the check of cancelled
    // lines sees it, and so does the customer's exposure, which the amount raises
    // without an operation having moved it.
    c.execute_batch(&format!(
        "UPDATE order_lines SET net_minor = 100, tax_minor = 13, gross_minor = 113 WHERE id = {line_id};
         UPDATE orders SET net_minor = net_minor + 100, tax_minor = tax_minor + 13,
           gross_minor = gross_minor + 113 WHERE id = {};",
        s.a.id
    ))
    .unwrap();
    let v = ops::check::run_check(&s.db).unwrap();
    let names: Vec<&str> = v.iter().map(|x| x.check).collect();
    assert_eq!(
        names,
        ["cancelled_lines_hold_nothing", "exposure_matches_orders"],
        "{v:?}"
    );
    assert!(
        v[0].detail.contains("line 1") && v[0].detail.contains("113"),
        "{v:?}"
    );

    // An open reservation left on it.
    c.execute_batch(&format!(
        "UPDATE order_lines SET net_minor = 0, tax_minor = 0, gross_minor = 0 WHERE id = {line_id};
         UPDATE orders SET net_minor = net_minor - 100, tax_minor = tax_minor - 13,
           gross_minor = gross_minor - 113 WHERE id = {};
         UPDATE reservations SET status = 'open' WHERE order_line_id = {line_id};",
        s.a.id
    ))
    .unwrap();
    let v = ops::check::run_check(&s.db).unwrap();
    assert!(
        v.iter()
            .any(|x| x.check == "cancelled_lines_hold_nothing"
                && x.detail.contains("open reservation")),
        "{v:?}"
    );
}

#[test]
fn a_line_is_cancelled_from_the_order_detail_with_f8_and_a_reason() {
    let s = shop();
    let number = s.a.number.clone();
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(&s.path, lang, 80, 24).unwrap();
        ui.login("sales");
        ui.scan(&number);
        assert_eq!(ui.on(), "order-detail");
        // F8 and an empty reason: refused, nothing changes.
        ui.key(KeyCode::F(8)).key(KeyCode::Enter);
        assert!(
            ui.status().contains(lang.pick("原因", "reason")),
            "{}",
            ui.status()
        );
        if lang == Lang::Zh {
            assert!(orders::order_detail(&s.db, s.a.id).unwrap().lines[0]
                .cancelled
                .is_zero());
            ui.key(KeyCode::F(8)).text("客户少要了").key(KeyCode::Enter);
            assert!(ui.status().contains("第 1 行已取消"), "{}", ui.status());
            let s80 = ui.screen();
            assert!(s80.contains("[取消 19]"), "{s80}");
        } else {
            // Already cancelled by the Chinese session: refused and said so.
            ui.key(KeyCode::F(8)).text("again").key(KeyCode::Enter);
            assert!(ui.status().contains("already cancelled"), "{}", ui.status());
            let s80 = ui.screen();
            assert!(s80.contains("[19 cancelled]"), "{s80}");
        }
    }
    let a = orders::order_detail(&s.db, s.a.id).unwrap();
    assert_eq!(a.lines[0].cancelled, Qty::from_int(19));
    let b = orders::order_detail(&s.db, s.b.id).unwrap();
    assert_eq!(b.lines[0].reserved, Qty::from_int(10));
    assert_check_passes(&s.db);
}

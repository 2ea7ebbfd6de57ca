//! The approval queue and reservation: rules on submission, who may approve, stock
//! reserved on approval, backorders filled when stock arrives, releases on cancel.

use crate::world::*;
use orderdesk::domain::access::{Permission, Role};
use orderdesk::domain::approval::Reason;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{Channel, OrderStage, Urgency};
use orderdesk::ops::approval::{self, Outcome};
use orderdesk::ops::intake::{self, OrderInput};
use orderdesk::ops::master::{self, CustomerInput, CustomerStatus};
use orderdesk::ops::stock;
use orderdesk::ops::{orders, Actor, Error, Refusal};
use orderdesk::store;

/// A clerk allowed orders up to 1,000 yuan, a cash customer, a credit customer with a
/// 500 yuan limit, and 10 bolts in stock.
struct Shop {
    w: World,
    clerk: Actor,
}

fn shop() -> Shop {
    let w = world();
    let clerk = w
        .user("clerk")
        .name("周店员")
        .limit(Money::from_minor(100_000))
        .create();
    w.customer("现金客户五金店")
        .code("CASH")
        .terms("cod")
        .create();
    w.customer("月结客户建材")
        .code("CRED")
        .terms("eom:30")
        .credit_limit("500")
        .create();
    receive(&w, "10");
    Shop { w, clerk }
}

fn receive(w: &World, qty: &str) {
    w.product(PLAIN_SKU).stock_at(BIN_A, qty, "0.50");
}

fn order_for(customer: &str, qty: &str, urgency: Urgency) -> OrderInput {
    OrderInput {
        customer: customer.into(),
        channel: Channel::Phone,
        urgency,
        lines: vec![line(PLAIN_SKU, qty)],
        ..OrderInput::default()
    }
}

/// The clerk's order of `qty` bolts, submitted.
fn submit(s: &Shop, customer: &str, qty: &str, urgency: Urgency) -> intake::Submitted {
    s.w.order(&s.clerk)
        .customer(customer)
        .line(PLAIN_SKU, qty)
        .urgency(urgency)
        .submit()
}

fn stock_of(s: &Shop) -> store::stock::ProductStock {
    store::stock::product_stock(s.w.db.conn(), s.w.plain_id).unwrap()
}

#[test]
fn an_ordinary_order_is_approved_and_reserved_at_once() {
    let s = shop();
    let sub = submit(&s, "CASH", "4", Urgency::Normal);
    assert_eq!(sub.outcome, Outcome::Approved { backordered: 0 });
    let d = orders::order_detail(&s.w.db, sub.id).unwrap();
    assert_eq!(d.stage, OrderStage::Approved);
    assert_eq!(d.version, sub.version);
    assert_eq!(d.lines[0].reserved.to_db(), 4_000);
    let st = stock_of(&s);
    assert_eq!(
        (st.on_hand, st.reserved, st.available()),
        (10_000, 4_000, 6_000)
    );
    assert_eq!(d.timeline.last().unwrap().to, OrderStage::Approved);
    assert_consistent(&s.w.db);
}

#[test]
fn a_shortage_is_backordered_and_filled_when_stock_arrives_urgent_first() {
    let s = shop();
    let first = submit(&s, "CASH", "8", Urgency::Normal);
    let normal = submit(&s, "CASH", "5", Urgency::Normal);
    let urgent = submit(&s, "CASH", "4", Urgency::Urgent);
    assert_eq!(first.outcome, Outcome::Approved { backordered: 0 });
    assert_eq!(normal.outcome, Outcome::Approved { backordered: 1 });
    let line = |id| orders::order_detail(&s.w.db, id).unwrap().lines[0].clone();
    assert_eq!(
        (
            line(normal.id).reserved.to_db(),
            line(normal.id).backordered.to_db()
        ),
        (2_000, 3_000)
    );
    assert_eq!(
        (
            line(urgent.id).reserved.to_db(),
            line(urgent.id).backordered.to_db()
        ),
        (0, 4_000)
    );
    assert_eq!(stock_of(&s).backordered, 7_000);
    assert_consistent(&s.w.db);
    // Five arrive: the urgent order gets four, the normal one the fifth.
    receive(&s.w, "5");
    assert_eq!(
        (
            line(urgent.id).reserved.to_db(),
            line(urgent.id).backordered.to_db()
        ),
        (4_000, 0)
    );
    assert_eq!(
        (
            line(normal.id).reserved.to_db(),
            line(normal.id).backordered.to_db()
        ),
        (3_000, 2_000)
    );
    let st = stock_of(&s);
    assert_eq!(
        (st.on_hand, st.reserved, st.backordered),
        (15_000, 15_000, 2_000)
    );
    assert_consistent(&s.w.db);
}

#[test]
fn rules_send_orders_to_the_queue_and_approvers_must_cover_every_reason() {
    let s = shop();
    // 1,200 bolts at 1.20 = 1,440 yuan: above the clerk's 1,000 and the customer's credit.
    receive(&s.w, "2000");
    let sub = submit(&s, "CRED", "1200", Urgency::Normal);
    let Outcome::Waiting(reasons) = &sub.outcome else {
        panic!("{:?}", sub.outcome)
    };
    assert_eq!(reasons, &[Reason::Amount, Reason::Credit]);
    assert_eq!(stock_of(&s).reserved, 0, "nothing reserved while waiting");
    // The manager covers the amount but not the credit; finance the reverse.
    let e = approval::approve_order(&s.w.db, &s.w.manager, sub.id, sub.version).unwrap_err();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::ApproveCredit
            }
        ),
        "{e:?}"
    );
    let e = approval::approve_order(&s.w.db, &s.w.finance, sub.id, sub.version).unwrap_err();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::ApproveOrders
            }
        ),
        "{e:?}"
    );
    let boss =
        s.w.user("boss")
            .name("王总")
            .roles(&[Role::Manager, Role::Finance])
            .limit(Money::from_minor(10_000_000))
            .create();
    assert_eq!(
        approval::approve_order(&s.w.db, &boss, sub.id, sub.version).unwrap(),
        Outcome::Approved { backordered: 0 }
    );
    assert_eq!(stock_of(&s).reserved, 1_200_000);
    assert!(approval::pending_reasons(&s.w.db, sub.id)
        .unwrap()
        .is_empty());
    // Approving again: the version moved on, nothing is reserved twice.
    assert!(approval::approve_order(&s.w.db, &boss, sub.id, sub.version).is_err());
    assert_eq!(stock_of(&s).reserved, 1_200_000);
    assert_consistent(&s.w.db);
}

#[test]
fn nobody_approves_their_own_order() {
    let s = shop();
    let both =
        s.w.user("both")
            .name("钱两用")
            .roles(&[Role::Sales, Role::Manager])
            .limit(Money::ZERO)
            .create();
    let d = intake::create_draft(&s.w.db, &both, &order_for("CASH", "1", Urgency::Normal)).unwrap();
    let sub = intake::submit_order(&s.w.db, &both, d.id, d.version).unwrap();
    assert_eq!(
        sub.outcome,
        Outcome::Waiting(vec![Reason::Amount]),
        "a zero limit"
    );
    let e = approval::approve_order(&s.w.db, &both, sub.id, sub.version).unwrap_err();
    assert!(matches!(e, Error::Refused(Refusal::OwnOrder)), "{e:?}");
    approval::approve_order(&s.w.db, &s.w.manager, sub.id, sub.version).expect("another manager");
}

#[test]
fn rejection_needs_a_reason_returns_the_order_and_keeps_its_number() {
    let s = shop();
    let sub = submit(&s, "CASH", "900", Urgency::Normal);
    assert!(matches!(sub.outcome, Outcome::Waiting(_)));
    let e = approval::reject_order(&s.w.db, &s.w.manager, sub.id, sub.version, " ").unwrap_err();
    assert_eq!(field_of(&e), Some("Reason"));
    approval::reject_order(
        &s.w.db,
        &s.w.manager,
        sub.id,
        sub.version,
        "数量太大，请分批",
    )
    .unwrap();
    let d = orders::order_detail(&s.w.db, sub.id).unwrap();
    assert_eq!(d.stage, OrderStage::Rejected);
    assert_eq!(d.stage_reason.as_deref(), Some("数量太大，请分批"));
    // The author edits and resubmits; the number stays.
    let edited = intake::update_order(
        &s.w.db,
        &s.clerk,
        d.id,
        d.version,
        &order_for("CASH", "3", Urgency::Normal),
    )
    .unwrap();
    let again = intake::submit_order(&s.w.db, &s.clerk, edited.id, edited.version).unwrap();
    assert_eq!(again.number, sub.number);
    assert_eq!(again.outcome, Outcome::Approved { backordered: 0 });
    assert_consistent(&s.w.db);
}

#[test]
fn cancelling_an_approved_order_releases_its_stock() {
    let s = shop();
    let a = submit(&s, "CASH", "8", Urgency::Normal);
    let b = submit(&s, "CASH", "5", Urgency::Normal);
    assert_eq!(stock_of(&s).backordered, 3_000);
    intake::cancel_order(&s.w.db, &s.clerk, a.id, a.version, "客户取消").unwrap();
    // The freed stock goes to b's backorder at once.
    let st = stock_of(&s);
    assert_eq!((st.reserved, st.backordered), (5_000, 0));
    let line = orders::order_detail(&s.w.db, b.id).unwrap().lines[0].clone();
    assert_eq!(
        (line.reserved.to_db(), line.backordered.to_db()),
        (5_000, 0)
    );
    let d = orders::order_detail(&s.w.db, a.id).unwrap();
    assert_eq!(d.stage, OrderStage::Cancelled);
    assert_eq!(d.lines[0].reserved.to_db(), 0);
    assert_consistent(&s.w.db);
}

#[test]
fn hold_and_release() {
    let s = shop();
    let sub = submit(&s, "CASH", "2", Urgency::Normal);
    approval::hold_order(&s.w.db, &s.w.finance, sub.id, sub.version, "等待回款").unwrap();
    let d = orders::order_detail(&s.w.db, sub.id).unwrap();
    assert_eq!(d.stage, OrderStage::OnHold);
    assert_eq!(stock_of(&s).reserved, 2_000, "a hold keeps the reservation");
    assert_consistent(&s.w.db);
    let e = approval::hold_order(&s.w.db, &s.clerk, sub.id, d.version, "x").unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(
        approval::release_hold(&s.w.db, &s.w.finance, sub.id, d.version).unwrap(),
        OrderStage::Approved
    );
}

#[test]
fn the_queue_lists_urgent_orders_first_with_their_reasons_and_pages() {
    let s = shop();
    let mut subs = Vec::new();
    for (qty, urgency) in [
        ("900", Urgency::Normal),
        ("901", Urgency::Critical),
        ("902", Urgency::Urgent),
        ("903", Urgency::Normal),
        ("904", Urgency::Critical),
    ] {
        subs.push(submit(&s, "CASH", qty, urgency));
    }
    // One of them approved at once would not be in the queue: all five are above 1,000.
    let all = approval::queue_page(&s.w.db, None, 100).unwrap();
    assert_eq!(all.len(), 5);
    let ids: Vec<i64> = all.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [subs[1].id, subs[4].id, subs[2].id, subs[0].id, subs[3].id]
    );
    assert!(
        all.iter().all(|r| r.reasons == vec![Reason::Amount]),
        "{all:?}"
    );
    assert!(all.iter().all(|r| r.submitted_by == "周店员"));
    // Paging by two walks the same rows.
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let page = approval::queue_page(&s.w.db, cursor.as_ref(), 2).unwrap();
        if page.is_empty() {
            break;
        }
        cursor = approval::queue_cursor(&page);
        paged.extend(page.into_iter().map(|r| r.id));
    }
    assert_eq!(paged, ids);
    // Approved orders leave the queue.
    approval::approve_order(&s.w.db, &s.w.manager, subs[1].id, subs[1].version).unwrap();
    assert_eq!(approval::queue_page(&s.w.db, None, 100).unwrap().len(), 4);
}

#[test]
fn the_stock_overview_shows_reserved_and_backordered() {
    let s = shop();
    submit(&s, "CASH", "12", Urgency::Normal);
    let rows = stock::overview_page(&s.w.db, "", 50).unwrap();
    let bolt = rows.iter().find(|r| r.sku == PLAIN_SKU).unwrap();
    assert_eq!(
        (
            bolt.on_hand.to_db(),
            bolt.reserved.to_db(),
            bolt.backordered.to_db()
        ),
        (10_000, 10_000, 2_000)
    );
    let after: Vec<_> = stock::overview_page(&s.w.db, PLAIN_SKU, 50).unwrap();
    assert!(after.iter().all(|r| r.sku.as_str() > PLAIN_SKU));
}

#[test]
fn approving_needs_an_approver_and_rechecks_the_customer() {
    let s = shop();
    // A prospect buying on credit waits for the customer reason only (within its limit,
    // small). Finance opens it, as only finance may grant credit terms.
    let on_credit = || CustomerInput {
        terms: "net:30".into(),
        credit_limit: "5000".into(),
        ..customer_input("NEW", "新客户五金")
    };
    master::create_customer(&s.w.db, &s.w.finance, &on_credit()).unwrap();
    let sub = submit(&s, "NEW", "1", Urgency::Normal);
    assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::Customer]));
    let e = approval::approve_order(&s.w.db, &s.w.manager, sub.id, sub.version).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::CustomerNotCleared)),
        "not qualified yet: {e:?}"
    );
    let c = master::customers_page(&s.w.db, "", 100)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "NEW")
        .unwrap();
    master::update_customer(
        &s.w.db,
        &s.w.finance,
        c.id,
        c.version,
        &CustomerInput {
            status: CustomerStatus::Active,
            ..on_credit()
        },
    )
    .unwrap();
    // Cleared: still only an approver may approve, not the warehouse.
    let e = approval::approve_order(&s.w.db, &s.w.warehouse, sub.id, sub.version).unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    approval::approve_order(&s.w.db, &s.w.manager, sub.id, sub.version).unwrap();

    // An order waiting for its amount, whose customer is blocked meanwhile.
    let big = submit(&s, "CASH", "900", Urgency::Normal);
    let c = master::customers_page(&s.w.db, "", 100)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "CASH")
        .unwrap();
    master::update_customer(
        &s.w.db,
        &s.w.finance,
        c.id,
        c.version,
        &CustomerInput {
            status: CustomerStatus::Blocked,
            status_reason: "退票".into(),
            ..customer_input("CASH", "现金客户五金店")
        },
    )
    .unwrap();
    let e = approval::approve_order(&s.w.db, &s.w.manager, big.id, big.version).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::CustomerNotCleared)),
        "{e:?}"
    );
    assert_eq!(stock_of(&s).reserved, 1_000, "only the first order's unit");
}

#[test]
fn a_walk_in_prospect_paying_cash_is_approved_at_once() {
    let s = shop();
    // The counter opens the customer itself: a prospect on cash terms (现结).
    master::create_customer(&s.w.db, &s.w.sales, &customer_input("WALK", "路过客户")).unwrap();
    let sub = submit(&s, "WALK", "1", Urgency::Normal);
    assert!(
        matches!(sub.outcome, Outcome::Approved { .. }),
        "cash sale to a prospect: {:?}",
        sub.outcome
    );
}

#[test]
fn resubmitting_a_colleagues_order_makes_it_ones_own() {
    let s = shop();
    let both =
        s.w.user("both")
            .name("钱两用")
            .roles(&[Role::Sales, Role::Manager])
            .limit(Money::ZERO)
            .create();
    let sub = submit(&s, "CASH", "900", Urgency::Normal);
    approval::reject_order(&s.w.db, &s.w.manager, sub.id, sub.version, "太多").unwrap();
    let d = orders::order_detail(&s.w.db, sub.id).unwrap();
    let e = intake::update_order(
        &s.w.db,
        &both,
        d.id,
        d.version,
        &order_for("CASH", "950", Urgency::Normal),
    )
    .map(|saved| intake::submit_order(&s.w.db, &both, saved.id, saved.version).unwrap())
    .unwrap();
    let err = approval::approve_order(&s.w.db, &both, e.id, e.version).unwrap_err();
    assert!(matches!(err, Error::Refused(Refusal::OwnOrder)), "{err:?}");
}

#[test]
fn cancelling_holds_and_releases_respect_who_may() {
    let s = shop();
    let clerk2 =
        s.w.user("clerk2")
            .name("吴店员")
            .roles(&[Role::Sales])
            .limit(Money::from_minor(100_000))
            .create();
    let sub = submit(&s, "CASH", "3", Urgency::Normal);
    let e = intake::cancel_order(&s.w.db, &clerk2, sub.id, sub.version, "误操作").unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    // A finance hold is released by finance, not by a manager.
    approval::hold_order(&s.w.db, &s.w.finance, sub.id, sub.version, "信用冻结").unwrap();
    let v = orders::order_detail(&s.w.db, sub.id).unwrap().version;
    let e = approval::release_hold(&s.w.db, &s.w.manager, sub.id, v).unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(
        approval::release_hold(&s.w.db, &s.w.finance, sub.id, v).unwrap(),
        OrderStage::Approved
    );
    // A queued order cancelled by its author closes its pending reasons.
    let queued = submit(&s, "CASH", "900", Urgency::Normal);
    intake::cancel_order(&s.w.db, &s.clerk, queued.id, queued.version, "客户取消").unwrap();
    assert!(approval::pending_reasons(&s.w.db, queued.id)
        .unwrap()
        .is_empty());
    assert_consistent(&s.w.db);
}

//! Taking orders at the counter: drafts by scanning, totals, submission with gapless
//! numbers, edits against lost updates, cancellation, and bad input.

use chrono::Datelike;

use crate::world::*;
use orderdesk::domain::access::Permission;
use orderdesk::domain::order::{Channel, OrderStage, Urgency};
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::{orders, Error, Refusal};

/// A world with an active customer on month-end terms and a blocked one.
fn shop() -> World {
    let w = world();
    w.customer("杭州永顺五金店")
        .code("C001")
        .terms("eom:30")
        .credit_limit("50000")
        .create();
    w.customer("宁波大发建材")
        .code("C002")
        .blocked("长期拖欠货款")
        .create();
    w
}

fn order(lines: Vec<LineInput>) -> OrderInput {
    OrderInput {
        customer: "c001".into(),
        channel: Channel::WalkIn,
        lines,
        ..OrderInput::default()
    }
}

#[test]
fn a_draft_taken_by_scanning_has_exact_totals_and_the_customers_terms() {
    let w = shop();
    let gs1 = format!("]C101{}3712", gtin14(PLAIN_EAN));
    let input = OrderInput {
        customer_ref: "PO-8812".into(),
        urgency: Urgency::Urgent,
        special: "送货前电话联系".into(),
        ..order(vec![
            line(PLAIN_EAN, "3"),
            line("bolt-m8", "１０"),
            LineInput {
                discount: "10".into(),
                unit_price: "4.995".into(),
                ..line(LOT_SKU, "2.5")
            },
            line(&gs1, "1"),
        ])
    };
    let saved = intake::create_draft(&w.db, &w.sales, &input).expect("draft");
    let d = orders::order_detail(&w.db, saved.id).unwrap();
    assert_eq!(d.stage, OrderStage::Draft);
    assert_eq!(d.number, None, "a draft has no number yet");
    assert_eq!(d.terms.code(), "eom:30", "terms default from the customer");
    assert_eq!(d.urgency, Urgency::Urgent);
    assert_eq!(d.customer_ref.as_deref(), Some("PO-8812"));
    assert_eq!(d.lines.len(), 4);
    // 3 × 1.20 incl. 13% VAT = 3.60 gross, 3.19 net (3.60 / 1.13 = 3.1858…), 0.41 tax.
    assert_eq!(d.lines[0].amounts.gross.minor(), 360);
    assert_eq!(d.lines[0].amounts.net.minor(), 319);
    assert_eq!(d.lines[1].qty.to_db(), 10_000, "full-width digits");
    // 2.5 × 4.995 × 0.9 = 11.23875 → 11.24 (half away from zero).
    assert_eq!(d.lines[2].amounts.gross.minor(), 1124);
    assert_eq!(d.lines[2].discount_bp, 1000);
    assert_eq!(
        d.lines[3].product_id, w.plain_id,
        "GS1 data names the product"
    );
    let sum: i64 = d.lines.iter().map(|l| l.amounts.gross.minor()).sum();
    assert_eq!(
        d.totals.gross.minor(),
        sum,
        "the total is the sum of rounded lines"
    );
    assert_eq!(
        d.totals.gross.minor(),
        d.totals.net.minor() + d.totals.tax.minor()
    );
    assert_eq!(d.timeline.len(), 1);
    assert_eq!(d.timeline[0].to, OrderStage::Draft);
    assert_eq!(d.timeline[0].actor, SALES_NAME);
    assert_consistent(&w.db);
}

#[test]
fn submitting_gives_gapless_numbers_and_a_timeline_row() {
    let w = shop();
    let a = intake::create_draft(&w.db, &w.sales, &order(vec![line(PLAIN_SKU, "1")])).unwrap();
    let b = intake::create_draft(&w.db, &w.sales, &order(vec![line(PLAIN_SKU, "2")])).unwrap();
    let year = company_today().year();
    let sb = intake::submit_order(&w.db, &w.sales, b.id, b.version).unwrap();
    let sa = intake::submit_order(&w.db, &w.sales, a.id, a.version).unwrap();
    assert_eq!(sb.number, format!("SO-{year}-000001"));
    assert_eq!(sa.number, format!("SO-{year}-000002"));
    // A failed submission does not use up a number.
    let empty = intake::create_draft(&w.db, &w.sales, &order(vec![])).unwrap();
    let e = intake::submit_order(&w.db, &w.sales, empty.id, empty.version).unwrap_err();
    assert!(matches!(e, Error::Refused(Refusal::NoLines)), "{e:?}");
    let c = intake::create_draft(&w.db, &w.sales, &order(vec![line(PLAIN_SKU, "1")])).unwrap();
    let sc = intake::submit_order(&w.db, &w.sales, c.id, c.version).unwrap();
    assert_eq!(sc.number, format!("SO-{year}-000003"));

    let d = orders::order_detail(&w.db, a.id).unwrap();
    assert_eq!(d.stage, OrderStage::Submitted);
    assert_eq!(d.timeline.len(), 2);
    assert_eq!(d.timeline[1].from, Some(OrderStage::Draft));
    assert_eq!(d.timeline[1].to, OrderStage::Submitted);
    assert_eq!(orders::order_by_number(&w.db, &sa.number).unwrap().id, a.id);
    // Submitted orders are no longer edited as drafts, and not submitted twice.
    let e = intake::update_order(
        &w.db,
        &w.sales,
        a.id,
        sa.version,
        &order(vec![line(PLAIN_SKU, "9")]),
    )
    .unwrap_err();
    assert!(
        e.localized(Lang::Zh).contains("不能修改"),
        "{}",
        e.localized(Lang::Zh)
    );
    assert!(intake::submit_order(&w.db, &w.sales, a.id, sa.version).is_err());
    assert_consistent(&w.db);
}

#[test]
fn two_clerks_editing_the_same_draft_lose_nothing() {
    let w = shop();
    let saved = intake::create_draft(&w.db, &w.sales, &order(vec![line(PLAIN_SKU, "1")])).unwrap();
    let other = w.other_session();
    let first = intake::update_order(
        &other,
        &w.manager,
        saved.id,
        saved.version,
        &order(vec![line(PLAIN_SKU, "5")]),
    );
    // The manager cannot take orders at all; the second clerk is the sales user again.
    assert!(matches!(first, Err(Error::PermissionDenied { .. })));
    let first = intake::update_order(
        &other,
        &w.sales,
        saved.id,
        saved.version,
        &order(vec![line(PLAIN_SKU, "5")]),
    )
    .expect("first save");
    let e = intake::update_order(
        &w.db,
        &w.sales,
        saved.id,
        saved.version,
        &order(vec![line(PLAIN_SKU, "7")]),
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Conflict { by, .. } if by.as_deref() == Some(SALES_NAME)),
        "{e:?}"
    );
    let d = orders::order_detail(&w.db, saved.id).unwrap();
    assert_eq!(d.lines[0].qty.to_db(), 5_000, "the first save stands");
    assert_eq!(d.version, first.version);
}

#[test]
fn a_warehouse_user_cannot_take_orders() {
    let w = shop();
    let e =
        intake::create_draft(&w.db, &w.warehouse, &order(vec![line(PLAIN_SKU, "1")])).unwrap_err();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::CreateOrders
            }
        ),
        "{e:?}"
    );
    assert_eq!(count_rows(&w.db, "orders"), 0);
}

#[test]
fn bad_input_is_refused_with_the_line_and_nothing_is_saved() {
    let w = shop();
    let cases: Vec<(OrderInput, &str)> = vec![
        (
            OrderInput {
                customer: "C002".into(),
                ..order(vec![line(PLAIN_SKU, "1")])
            },
            "长期拖欠货款",
        ),
        (
            OrderInput {
                customer: "NOPE".into(),
                ..order(vec![line(PLAIN_SKU, "1")])
            },
            "NOPE",
        ),
        (
            order(vec![line(PLAIN_SKU, "1"), line("6901234567899", "1")]),
            "第 2 行",
        ),
        (order(vec![line(PLAIN_SKU, "abc")]), "第 1 行"),
        (order(vec![line(PLAIN_SKU, "0")]), "第 1 行"),
        (order(vec![line(PLAIN_SKU, "-2")]), "第 1 行"),
        (
            order(vec![LineInput {
                unit_price: "1.23456".into(),
                ..line(PLAIN_SKU, "1")
            }]),
            "小数",
        ),
        (
            order(vec![LineInput {
                discount: "120".into(),
                ..line(PLAIN_SKU, "1")
            }]),
            "第 1 行",
        ),
        (
            OrderInput {
                requested_date: "2020-01-01".into(),
                ..order(vec![line(PLAIN_SKU, "1")])
            },
            "已经过去",
        ),
        (
            OrderInput {
                special: "第一行\n第二行".into(),
                ..order(vec![line(PLAIN_SKU, "1")])
            },
            "特殊要求",
        ),
    ];
    for (input, expect) in cases {
        let e = intake::create_draft(&w.db, &w.sales, &input).unwrap_err();
        let zh = e.localized(Lang::Zh);
        let en = e.localized(Lang::En);
        assert!(zh.contains(expect), "{zh}");
        assert_ne!(zh, en);
        assert!(!en.is_empty());
    }
    assert_eq!(count_rows(&w.db, "orders"), 0);
    assert_eq!(count_rows(&w.db, "order_lines"), 0);
}

#[test]
fn a_channel_reference_is_taken_once() {
    let w = shop();
    let web = |r: &str| OrderInput {
        channel: Channel::Web,
        channel_ref: r.into(),
        ..order(vec![line(PLAIN_SKU, "1")])
    };
    intake::create_draft(&w.db, &w.sales, &web("TB-1001")).unwrap();
    let e = intake::create_draft(&w.db, &w.sales, &web("TB-1001")).unwrap_err();
    assert!(matches!(e, Error::Duplicate { .. }), "{e:?}");
    // The same reference on another channel is another order.
    intake::create_draft(
        &w.db,
        &w.sales,
        &OrderInput {
            channel: Channel::Email,
            ..web("TB-1001")
        },
    )
    .unwrap();
    assert_eq!(count_rows(&w.db, "orders"), 2);
}

#[test]
fn cancelling_needs_a_reason_and_is_final() {
    let w = shop();
    let s = intake::create_draft(&w.db, &w.sales, &order(vec![line(PLAIN_SKU, "1")])).unwrap();
    let e = intake::cancel_order(&w.db, &w.sales, s.id, s.version, "  ").unwrap_err();
    assert!(e.localized(Lang::En).contains("reason"), "{e:?}");
    intake::cancel_order(&w.db, &w.sales, s.id, s.version, "客户改主意了").unwrap();
    let d = orders::order_detail(&w.db, s.id).unwrap();
    assert_eq!(d.stage, OrderStage::Cancelled);
    assert_eq!(d.stage_reason.as_deref(), Some("客户改主意了"));
    assert_eq!(
        d.timeline.last().unwrap().note.as_deref(),
        Some("客户改主意了")
    );
    assert!(intake::submit_order(&w.db, &w.sales, s.id, d.version).is_err());
    assert_consistent(&w.db);
}

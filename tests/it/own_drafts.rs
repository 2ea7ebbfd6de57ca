//! Each user's own drafts first in the order list: the drafts the viewing user made come
//! before everyone else's orders, each part in the list's usual order, and keyset
//! paging (two cursors, never OFFSET) walks across the boundary without skipping or
//! repeating a row.

use crossterm::event::KeyCode;

use crate::world::*;
use orderdesk::domain::order::{OrderStage, Urgency};
use orderdesk::i18n::Lang;
use orderdesk::ops::orders::{self, OrderFilter, OrderListRow, OrderSort};
use orderdesk::ops::Actor;
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::screens::orders::OrdersScreen;

/// Every row of the filter, walked page by page.
fn walk(db: &Db, filter: &OrderFilter, page: i64) -> Vec<OrderListRow> {
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let rows = orders::orders_page(db, filter, cursor.as_ref(), page).unwrap();
        assert!(rows.len() as i64 <= page);
        if rows.is_empty() {
            break;
        }
        cursor = orders::next_cursor(&rows);
        all.extend(rows);
    }
    all
}

fn ids(rows: &[OrderListRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

/// Nine drafts of the demo's clerk, some urgent, beside the demo's orders.
fn clerk_with_drafts(db: &Db) -> Actor {
    let clerk = demo_actor(db, "sales");
    for i in 0..9 {
        order_by(db, &clerk)
            .customer(DEMO_CASH_CUSTOMER)
            .line("HW-000001", "1")
            .urgency(if i % 3 == 0 {
                Urgency::Urgent
            } else {
                Urgency::Normal
            })
            .draft();
    }
    clerk
}

#[test]
fn own_drafts_come_first_and_paging_crosses_into_the_rest() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let clerk = clerk_with_drafts(&db);
    let others_drafts =
        orders::orders_page(&db, &orders::stage_filter(OrderStage::Draft), None, 10_000)
            .unwrap()
            .iter()
            .filter(|r| r.author != clerk.display_name())
            .count();
    assert!(others_drafts > 0, "the demo has drafts of other users");

    for stage in [None, Some(OrderStage::Draft)] {
        for sort in [OrderSort::Date, OrderSort::Urgency] {
            let usual = OrderFilter {
                stage,
                sort,
                ..OrderFilter::default()
            };
            let everyone = orders::orders_page(&db, &usual, None, 10_000).unwrap();
            let own =
                |r: &OrderListRow| r.stage == OrderStage::Draft && r.author == clerk.display_name();
            let (mine, rest): (Vec<_>, Vec<_>) = everyone.iter().cloned().partition(own);
            assert!(mine.len() >= 9);
            let expected: Vec<i64> = ids(&mine).into_iter().chain(ids(&rest)).collect();

            let viewed = OrderFilter {
                drafts_first_of: Some(clerk.id()),
                ..usual.clone()
            };
            // Pages smaller than the own drafts, and one that straddles the boundary.
            for page in [4, 7, 1000] {
                let walked = walk(&db, &viewed, page);
                assert_eq!(ids(&walked), expected, "{stage:?} {sort:?} by {page}");
                assert!(walked[..mine.len()].iter().all(|r| r.own_draft));
                assert!(walked[mine.len()..].iter().all(|r| !r.own_draft));
            }
        }
    }
    // Another user sees the clerk's drafts among the rest, in the usual order.
    let manager = demo_actor(&db, "manager");
    let usual = OrderFilter::default();
    let viewed = OrderFilter {
        drafts_first_of: Some(manager.id()),
        ..usual.clone()
    };
    assert_eq!(ids(&walk(&db, &viewed, 5)), ids(&walk(&db, &usual, 5)));
}

#[test]
fn the_order_list_shows_the_clerks_own_drafts_first() {
    let (_d, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let clerk = clerk_with_drafts(&db);
    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("sales");
    assert_eq!(ui.on(), "orders");
    let mine = walk(
        &db,
        &OrderFilter {
            drafts_first_of: Some(clerk.id()),
            ..orders::stage_filter(OrderStage::Draft)
        },
        100,
    )
    .iter()
    .filter(|r| r.own_draft)
    .count();
    let rows = &ui.view::<OrdersScreen>().unwrap().page.rows;
    assert!(rows.len() > 1);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.own_draft, i < mine, "row {i} of {mine} own drafts");
        assert_eq!(
            r.own_draft,
            r.stage == OrderStage::Draft && r.author == clerk.display_name()
        );
    }
    let s = ui.screen();
    let first = s.lines().find(|l| l.contains("DR-")).unwrap_or_default();
    assert!(first.contains(clerk.display_name()), "{s}");
    // Paging on: past the drafts come the others' orders.
    let mut seen = ids(&ui.view::<OrdersScreen>().unwrap().page.rows);
    for _ in 0..3 {
        ui.key(KeyCode::PageDown);
        seen.extend(ids(&ui.view::<OrdersScreen>().unwrap().page.rows));
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no row twice");
    let rows = ui.view::<OrdersScreen>().unwrap().page.rows.clone();
    assert!(rows.iter().any(|r| !r.own_draft), "the rest follows");
}

//! The order list: filters and sorts in SQL, and keyset paging that neither skips nor
//! repeats a row.

use chrono::NaiveDate;
use orderdesk::config::JournalSetting;
use orderdesk::domain::order::OrderStage;
use orderdesk::ops::demo;
use orderdesk::ops::orders::{self, OrderFilter, OrderSort};
use orderdesk::store::Db;

fn demo_db(dir: &std::path::Path) -> Db {
    let path = dir.join("demo.db");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    demo::generate(
        &path,
        JournalSetting::Auto,
        demo::Scale::Small,
        7,
        as_of,
        &mut |_| {},
    )
    .unwrap();
    Db::open(&path, JournalSetting::Auto).unwrap()
}

/// Every row of the filter, walked page by page.
fn walk(db: &Db, filter: &OrderFilter, page: i64) -> Vec<orders::OrderListRow> {
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

#[test]
fn paging_walks_every_row_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for sort in [OrderSort::Date, OrderSort::Urgency] {
        let filter = OrderFilter {
            sort,
            ..OrderFilter::default()
        };
        let one = orders::orders_page(&db, &filter, None, 10_000).unwrap();
        // The 240 orders of the history, the walk-in's counter sale and the replacement
        // order of the demo's exchange (换货).
        assert_eq!(one.len(), 242);
        let paged = walk(&db, &filter, 7);
        assert_eq!(
            paged.iter().map(|r| r.id).collect::<Vec<_>>(),
            one.iter().map(|r| r.id).collect::<Vec<_>>(),
            "{sort:?}"
        );
        for pair in one.windows(2) {
            let key = |r: &orders::OrderListRow| match sort {
                OrderSort::Date => (0, r.order_date.clone(), r.id),
                OrderSort::Urgency => (r.urgency_rank, r.order_date.clone(), r.id),
            };
            assert!(key(&pair[0]) > key(&pair[1]), "{sort:?} descending");
        }
    }
}

#[test]
fn filters_combine() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let all = orders::orders_page(&db, &OrderFilter::default(), None, 10_000).unwrap();
    let closed = walk(
        &db,
        &orders::stage_filter(orderdesk::domain::order::OrderStage::Closed),
        10,
    );
    assert!(!closed.is_empty());
    assert!(closed.iter().all(|r| r.stage == OrderStage::Closed));
    assert_eq!(
        closed.len(),
        all.iter().filter(|r| r.stage == OrderStage::Closed).count()
    );

    let ranged = OrderFilter {
        date_from: Some("2026-10-01".into()),
        date_to: Some("2026-10-31".into()),
        sort: OrderSort::Urgency,
        ..OrderFilter::default()
    };
    let october = walk(&db, &ranged, 9);
    assert!(!october.is_empty());
    assert!(october
        .iter()
        .all(|r| r.order_date.as_str() >= "2026-10-01" && r.order_date.as_str() <= "2026-10-31"));
    assert_eq!(
        october.len(),
        all.iter()
            .filter(|r| r.order_date.starts_with("2026-10"))
            .count()
    );

    let detail = orders::order_detail(&db, all[0].id).unwrap();
    let by_customer = OrderFilter {
        customer_id: Some(detail.customer_id),
        channel: Some(detail.channel),
        ..OrderFilter::default()
    };
    let theirs = walk(&db, &by_customer, 3);
    assert!(theirs.iter().any(|r| r.id == all[0].id));
    for r in &theirs {
        let d = orders::order_detail(&db, r.id).unwrap();
        assert_eq!(d.customer_id, detail.customer_id);
        assert_eq!(d.channel, detail.channel);
    }
}

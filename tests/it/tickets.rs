//! Complaint and feedback tickets (客诉) through `ops`: opened for a customer with the
//! order, shipment and product they concern, promised times by severity, a log, the
//! resolution and the customer's satisfaction on closing; overdue tickets found by the
//! list; bad input refused with nothing changed; `check` after, and a tamper test for
//! each invariant.

use chrono::Duration;

use orderdesk::domain::ticket::{LogAction, Overdue, Severity, TicketKind, TicketStatus};
use orderdesk::ops::tickets::{self, CloseInput, EntryKind, Scope, TicketFilter, TicketInput};
use orderdesk::ops::{self, clock, Refusal};
use orderdesk::store::Db;

use crate::cash::{refusal, shipped_order};
use crate::world::*;

fn input(customer: &str, subject: &str) -> TicketInput {
    TicketInput {
        customer: customer.into(),
        subject: subject.into(),
        ..TicketInput::default()
    }
}

/// What a refused operation must leave alone: the tickets, their log and the audit.
fn counts(db: &Db) -> (i64, i64, i64, Vec<(String, String)>) {
    let states = db
        .conn()
        .prepare("SELECT number, status FROM tickets ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (
        count_rows(db, "tickets"),
        count_rows(db, "ticket_log"),
        count_rows(db, "audit_log"),
        states,
    )
}

fn close(resolution: &str, score: &str, words: &str) -> CloseInput {
    CloseInput {
        resolution: resolution.into(),
        satisfaction: score.into(),
        words: words.into(),
    }
}

#[test]
fn a_complaint_goes_from_open_to_closed_with_the_customers_satisfaction() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let code = w.customer("老王五金").create();
    let (order, shipment) = shipped_order(&w, &code, "10", "1.20");
    let opened = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            order: order.clone(),
            shipment: shipment.clone(),
            product: PLAIN_EAN.into(),
            kind: TicketKind::Quality,
            severity: Severity::Urgent,
            owner: "warehouse".into(),
            note: "客户来电：螺栓生锈".into(),
            ..input(&code, "螺栓生锈")
        },
    )
    .unwrap();
    assert!(opened.number.starts_with("TK-"), "{}", opened.number);
    assert!(opened.number.ends_with("-000001"), "{}", opened.number);
    let v = tickets::ticket(&w.db, &opened.number).unwrap();
    let r = &v.summary.row;
    assert_eq!(r.status, TicketStatus::Open);
    assert_eq!(r.order_no.as_deref(), Some(order.as_str()));
    assert_eq!(r.shipment_no.as_deref(), Some(shipment.as_str()));
    assert_eq!(r.product_sku.as_deref(), Some(PLAIN_SKU));
    assert_eq!(r.owner_username, "warehouse");
    // Urgent: an answer within 2 hours, resolved within 24 (the defaults).
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    assert_eq!(at(&r.respond_by) - at(&r.opened_at), Duration::hours(2));
    assert_eq!(at(&r.resolve_by) - at(&r.opened_at), Duration::hours(24));
    assert_eq!(v.log.len(), 1);
    assert_eq!(v.log[0].action, LogAction::Opened);
    assert_eq!(v.log[0].note, "客户来电：螺栓生锈");
    assert!(v.summary.overdue.is_none());

    // The first entry answers the customer and starts the work.
    let to = tickets::log_ticket(
        &w.db,
        &w.warehouse,
        &opened.number,
        EntryKind::Contact,
        "已电话联系，明天换货",
    )
    .unwrap();
    assert_eq!(to, TicketStatus::InProgress);
    tickets::resolve_ticket(&w.db, &w.warehouse, &opened.number, "换货 10 个").unwrap();
    // The customer is not satisfied yet: back to work, then resolved again.
    tickets::reopen_ticket(&w.db, &w.sales, &opened.number, "换的货也有锈").unwrap();
    assert_eq!(
        tickets::ticket(&w.db, &opened.number)
            .unwrap()
            .summary
            .row
            .status,
        TicketStatus::InProgress
    );
    tickets::resolve_ticket(&w.db, &w.warehouse, &opened.number, "整批退回，换新批次").unwrap();
    tickets::close_ticket(&w.db, &w.sales, &opened.number, &close("", "4", "处理及时")).unwrap();
    let v = tickets::ticket(&w.db, &opened.number).unwrap();
    let r = &v.summary.row;
    assert_eq!(r.status, TicketStatus::Closed);
    assert_eq!(r.resolution.as_deref(), Some("整批退回，换新批次"));
    assert_eq!(r.satisfaction, Some(4));
    assert_eq!(r.customer_words.as_deref(), Some("处理及时"));
    assert!(r.responded_at.is_some() && r.closed_at.is_some());
    let actions: Vec<LogAction> = v.log.iter().map(|l| l.action).collect();
    assert_eq!(
        actions,
        [
            LogAction::Opened,
            LogAction::Contact,
            LogAction::Resolved,
            LogAction::Reopened,
            LogAction::Resolved,
            LogAction::Closed
        ]
    );
    assert_eq!(v.log[5].note, "★★★★☆ 处理及时");
    let audited: i64 =
        w.db.conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'ticket' AND entity_id = ?1",
                [r.id],
                |x| x.get(0),
            )
            .unwrap();
    assert_eq!(audited, 6, "every change audited");

    // A closed ticket changes no more.
    let before = counts(&w.db);
    let e =
        tickets::log_ticket(&w.db, &w.sales, &opened.number, EntryKind::Note, "再补一句").refused();
    assert_eq!(
        refusal(&e),
        Refusal::TicketClosed {
            number: opened.number.clone()
        }
    );
    let e = tickets::close_ticket(&w.db, &w.sales, &opened.number, &close("x", "5", "")).refused();
    assert_eq!(
        refusal(&e),
        Refusal::TicketClosed {
            number: opened.number.clone()
        }
    );
    assert_eq!(counts(&w.db), before);
    assert_consistent(&w.db);
}

#[test]
fn bad_tickets_are_refused_and_change_nothing() {
    let w = world();
    let code = w.customer("张三五金").create();
    let other = w.customer("李四建材").create();
    let t = tickets::open_ticket(&w.db, &w.sales, &input(&code, "送货晚了")).unwrap();
    let theirs = w
        .order(&w.sales)
        .customer(&other)
        .line(PLAIN_SKU, "1")
        .submit();
    let before = counts(&w.db);

    // A ticket without a customer.
    let e = tickets::open_ticket(&w.db, &w.sales, &input("  ", "没有客户")).refused();
    assert_eq!(refusal(&e), Refusal::TicketCustomerRequired);
    assert_eq!(field_of(&e), Some("Customer"));
    // An unknown customer, an unknown order, nothing to say.
    let e = tickets::open_ticket(&w.db, &w.sales, &input("NOBODY", "x")).refused();
    assert_eq!(field_of(&e), Some("Customer"));
    let e = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            order: "SO-2026-999999".into(),
            ..input(&code, "x")
        },
    )
    .refused();
    assert!(matches!(e, ops::Error::NotFound { .. }), "{e:?}");
    let e = tickets::open_ticket(&w.db, &w.sales, &input(&code, "  ")).refused();
    assert_eq!(field_of(&e), Some("Subject"));
    // Another customer's order.
    let e = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            order: theirs.number.clone(),
            ..input(&code, "不是他的订单")
        },
    )
    .refused();
    assert_eq!(
        refusal(&e),
        Refusal::OrderOfOtherCustomer {
            order: theirs.number.clone(),
            customer: code.clone()
        }
    );
    let e = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            owner: "nobody".into(),
            ..input(&code, "x")
        },
    )
    .refused();
    assert!(matches!(e, ops::Error::NotFound { .. }), "{e:?}");

    // A satisfaction score of 7, and other scores that are not 1–5.
    for bad in ["7", "0", "", "4.5", "很好"] {
        let e =
            tickets::close_ticket(&w.db, &w.sales, &t.number, &close("已处理", bad, "")).refused();
        assert!(
            matches!(refusal(&e), Refusal::SatisfactionOutOfRange { .. }),
            "{bad}: {e:?}"
        );
        assert_eq!(field_of(&e), Some("Satisfaction"));
    }
    // Closing without a resolution (none typed, none recorded).
    let e = tickets::close_ticket(&w.db, &w.sales, &t.number, &close("  ", "5", "")).refused();
    assert_eq!(refusal(&e), Refusal::ResolutionRequired);
    assert_eq!(field_of(&e), Some("Resolution"));
    let e = tickets::resolve_ticket(&w.db, &w.sales, &t.number, "").refused();
    assert_eq!(refusal(&e), Refusal::ResolutionRequired);
    // An empty log entry; reopening what is not resolved; an unknown ticket.
    let e = tickets::log_ticket(&w.db, &w.sales, &t.number, EntryKind::Note, " ").refused();
    assert_eq!(field_of(&e), Some("Note"));
    let e = tickets::reopen_ticket(&w.db, &w.sales, &t.number, "客户不满意").refused();
    assert_eq!(
        refusal(&e),
        Refusal::TicketNotResolved {
            number: t.number.clone()
        }
    );
    let e = tickets::ticket(&w.db, "TK-2026-999999").refused();
    assert!(matches!(e, ops::Error::NotFound { .. }));
    assert_eq!(counts(&w.db), before, "nothing was changed");

    // Resolved once, it is not resolved twice.
    tickets::resolve_ticket(&w.db, &w.sales, &t.number, "补发").unwrap();
    let e = tickets::resolve_ticket(&w.db, &w.sales, &t.number, "再补发").refused();
    assert_eq!(
        refusal(&e),
        Refusal::TicketAlreadyResolved {
            number: t.number.clone()
        }
    );
    assert_consistent(&w.db);
}

#[test]
fn overdue_tickets_are_found_by_their_broken_promise_and_mine_are_mine() {
    let w = world();
    let code = w.customer("逾期客户").create();
    let now = clock::now();
    // Opened 3 hours ago, urgent: nobody answered within 2 hours.
    let late = clock::fixed(now - Duration::hours(3), || {
        tickets::open_ticket(
            &w.db,
            &w.sales,
            &TicketInput {
                severity: Severity::Urgent,
                ..input(&code, "急：货没到")
            },
        )
        .unwrap()
    });
    // Opened 3 days ago, normal, answered at once: past its 120 hours? No; 30 hours
    // past 24 of a high one, answered, is not late until 72.
    let answered = clock::fixed(now - Duration::hours(30), || {
        let t = tickets::open_ticket(
            &w.db,
            &w.sales,
            &TicketInput {
                severity: Severity::High,
                owner: "manager".into(),
                ..input(&code, "发票抬头错")
            },
        )
        .unwrap();
        tickets::log_ticket(&w.db, &w.manager, &t.number, EntryKind::Note, "已联系财务").unwrap();
        t
    });
    // Opened 6 days ago, normal (resolve within 120 hours), in progress: overdue.
    let stale = clock::fixed(now - Duration::days(6), || {
        let t = tickets::open_ticket(&w.db, &w.sales, &input(&code, "服务态度")).unwrap();
        tickets::log_ticket(&w.db, &w.sales, &t.number, EntryKind::Note, "已道歉").unwrap();
        t
    });
    let fresh = tickets::open_ticket(&w.db, &w.sales, &input(&code, "建议增加品种")).unwrap();

    let numbers = |filter, who: &ops::Actor| -> Vec<String> {
        tickets::tickets_page(&w.db, Some(who), Scope::All, filter, None, 50)
            .unwrap()
            .into_iter()
            .map(|t| t.row.number)
            .collect()
    };
    assert_eq!(
        numbers(TicketFilter::Overdue, &w.sales),
        [stale.number.clone(), late.number.clone()],
        "newest first"
    );
    let page = tickets::tickets_page(
        &w.db,
        Some(&w.sales),
        Scope::All,
        TicketFilter::All,
        None,
        50,
    )
    .unwrap();
    let mark = |n: &str| page.iter().find(|t| t.row.number == n).unwrap().overdue;
    assert_eq!(mark(&late.number), Some(Overdue::Response));
    assert_eq!(mark(&stale.number), Some(Overdue::Resolution));
    assert_eq!(mark(&answered.number), None);
    assert_eq!(mark(&fresh.number), None);
    assert_eq!(
        numbers(TicketFilter::Mine, &w.manager),
        std::slice::from_ref(&answered.number)
    );
    assert_eq!(numbers(TicketFilter::Open, &w.sales).len(), 4);
    // Resolved: no longer overdue, but known to have been resolved late.
    tickets::resolve_ticket(&w.db, &w.sales, &stale.number, "换人服务").unwrap();
    assert_eq!(
        numbers(TicketFilter::Overdue, &w.sales),
        std::slice::from_ref(&late.number)
    );
    let v = tickets::ticket(&w.db, &stale.number).unwrap();
    assert!(v.summary.resolved_late && v.summary.overdue.is_none());
    // Given to the manager, the urgent one is the manager's.
    tickets::assign_ticket(&w.db, &w.sales, &late.number, "manager").unwrap();
    assert_eq!(
        numbers(TicketFilter::Mine, &w.manager),
        [answered.number.clone(), late.number.clone()]
    );
    // Pages: one at a time, newest first, no row twice.
    let first = tickets::tickets_page(
        &w.db,
        Some(&w.sales),
        Scope::All,
        TicketFilter::All,
        None,
        2,
    )
    .unwrap();
    let rest = tickets::tickets_page(
        &w.db,
        Some(&w.sales),
        Scope::All,
        TicketFilter::All,
        first.last().map(|t| t.row.id),
        10,
    )
    .unwrap();
    assert_eq!(first.len() + rest.len(), 4);
    assert!(first.last().unwrap().row.id > rest[0].row.id);
    assert_consistent(&w.db);
}

#[test]
fn a_customers_and_an_orders_tickets_are_theirs() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let a = w.customer("甲五金").create();
    let b = w.customer("乙五金").create();
    let (order, shipment) = shipped_order(&w, &a, "2", "1.20");
    // The shipment names its order: the ticket is linked to both.
    let t1 = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            shipment: shipment.clone(),
            kind: TicketKind::Delivery,
            ..input(&a, "外箱破损")
        },
    )
    .unwrap();
    let t2 = tickets::open_ticket(&w.db, &w.sales, &input(&a, "价格咨询")).unwrap();
    tickets::open_ticket(&w.db, &w.sales, &input(&b, "乙的建议")).unwrap();
    // Another customer's shipment is refused.
    let e = tickets::open_ticket(
        &w.db,
        &w.sales,
        &TicketInput {
            shipment,
            ..input(&b, "x")
        },
    )
    .refused();
    assert!(matches!(refusal(&e), Refusal::OrderOfOtherCustomer { .. }));
    let cust = ops::master::customers_page(&w.db, "", 10)
        .unwrap()
        .into_iter()
        .find(|c| c.code == a)
        .unwrap();
    let of_a: Vec<String> = tickets::tickets_page(
        &w.db,
        Some(&w.sales),
        Scope::Customer(cust.id),
        TicketFilter::All,
        None,
        10,
    )
    .unwrap()
    .into_iter()
    .map(|t| t.row.number)
    .collect();
    assert_eq!(of_a, [t2.number.clone(), t1.number.clone()]);
    let order_id = ops::orders::order_by_number(&w.db, &order).unwrap().id;
    let of_order: Vec<String> = tickets::tickets_page(
        &w.db,
        Some(&w.sales),
        Scope::Order(order_id),
        TicketFilter::All,
        None,
        10,
    )
    .unwrap()
    .into_iter()
    .map(|t| t.row.number)
    .collect();
    assert_eq!(of_order, std::slice::from_ref(&t1.number));
}

#[test]
fn the_promised_times_are_a_company_setting() {
    let w = world();
    let s = ops::setup::company_settings(&w.db).unwrap();
    assert_eq!(s.ticket_slas.len(), 4);
    let mut input = ops::setup::SettingsInput::from_settings(&s);
    for (sev, text) in input.ticket_slas.iter_mut() {
        if *sev == Severity::Normal {
            *text = "4 / 48".into();
        }
    }
    ops::setup::update_settings(&w.db, &w.admin, s.version, &input).unwrap();
    let code = w.customer("设置客户").create();
    let t = tickets::open_ticket(&w.db, &w.sales, &input_normal(&code)).unwrap();
    let r = tickets::ticket(&w.db, &t.number).unwrap().summary.row;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    assert_eq!(at(&r.respond_by) - at(&r.opened_at), Duration::hours(4));
    assert_eq!(at(&r.resolve_by) - at(&r.opened_at), Duration::hours(48));

    // Hours that do not read are refused, naming the severity's field; nothing saved.
    let s = ops::setup::company_settings(&w.db).unwrap();
    let mut bad = ops::setup::SettingsInput::from_settings(&s);
    for (sev, text) in bad.ticket_slas.iter_mut() {
        if *sev == Severity::Urgent {
            *text = "48/4".into();
        }
    }
    let e = ops::setup::update_settings(&w.db, &w.admin, s.version, &bad).refused();
    assert!(matches!(refusal(&e), Refusal::BadTicketHours { .. }));
    assert_eq!(field_of(&e), Some("Urgent ticket hours"));
    assert_eq!(
        ops::setup::company_settings(&w.db).unwrap().ticket_slas,
        s.ticket_slas
    );
    // Only an administrator changes them.
    let e = ops::setup::update_settings(&w.db, &w.sales, s.version, &input).refused();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }));
}

fn input_normal(code: &str) -> TicketInput {
    input(code, "一般问题")
}

/// Tampers with the database behind the program's back, past its CHECK constraints.
fn tamper(db: &Db, sql: &str) {
    db.conn()
        .execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON; {sql}; PRAGMA ignore_check_constraints = OFF;"
        ))
        .unwrap();
}

fn found(db: &Db, check: &str) -> bool {
    ops::check::run_check(db)
        .unwrap()
        .iter()
        .any(|v| v.check == check)
}

#[test]
fn check_catches_a_ticket_whose_state_its_log_does_not_explain() {
    let w = world();
    let code = w.customer("篡改客户").create();
    let t = tickets::open_ticket(&w.db, &w.sales, &input(&code, "篡改")).unwrap();
    assert!(!found(&w.db, "ticket_state_matches_log"));
    tamper(
        &w.db,
        &format!(
            "UPDATE tickets SET status = 'in_progress' WHERE number = '{}'",
            t.number
        ),
    );
    assert!(found(&w.db, "ticket_state_matches_log"));

    let w = world();
    let code = w.customer("篡改客户").create();
    tickets::open_ticket(&w.db, &w.sales, &input(&code, "篡改")).unwrap();
    assert!(!found(&w.db, "counters_cover_after_sales_documents"));
    tamper(
        &w.db,
        "UPDATE doc_counters SET last_no = 0 WHERE doc_type = 'TK'",
    );
    assert!(found(&w.db, "counters_cover_after_sales_documents"));
}

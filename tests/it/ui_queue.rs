//! The approval queue and the settings screen driven by key sequences on the demo data,
//! checked through `ops` afterwards: approving reserves stock, rejecting needs a reason
//! the author then reads, holds are released, refusals change nothing, two managers do
//! not decide twice, and the manager limit an administrator sets takes effect.

use std::path::Path;

use crossterm::event::KeyCode;
use orderdesk::config::JournalSetting;
use orderdesk::domain::approval::Reason;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{OrderStage, Urgency};
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::approval::{self, Outcome};
use orderdesk::ops::setup::{self, SettingsInput};
use orderdesk::ops::{self, demo, orders, Actor, Error};
use orderdesk::store::{self, Db};
use orderdesk::ui::app::Output;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens;
use orderdesk::ui::view::Env;

use crate::world::{
    demo_actor as actor, demo_copy, order_by, queue_numbers, NewOrder, DEMO_CASH_CUSTOMER,
};

fn ui_as(path: &Path, lang: Lang, w: u16, h: u16, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, w, h).unwrap();
    ui.login(user);
    assert_eq!(ui.on(), crate::world::home_of(user), "{user} logged in");
    ui
}

/// Opens the queue the way a manager does: the menu (F4), down to its entry, Enter.
fn open_queue(ui: &mut Ui) {
    ui.key(KeyCode::F(4));
    let s = ui.screen();
    // Menu rows read `│  2  审批队列`: the entry's number says how far down it is.
    let n: usize = s
        .lines()
        .find(|l| l.contains("审批队列") || l.contains("Approval queue"))
        .and_then(|l| {
            l.trim_start_matches('│')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no queue in the menu: {s}"));
    for _ in 1..n {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "queue");
}

fn order(db: &Db, number: &str) -> orders::OrderDetail {
    let id = orders::order_by_number(db, number).unwrap().id;
    orders::order_detail(db, id).unwrap()
}

/// The line under the table that describes the selected order.
fn selected_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with("SO-") && l.contains(" · "))
        .unwrap_or_default()
        .to_string()
}

/// Whether a row of the table shows this order (the status line may name it too).
fn listed(screen: &str, number: &str) -> bool {
    screen
        .lines()
        .any(|l| l.starts_with('│') && l.contains(number))
}

fn reserved_of(db: &Db, product_id: i64) -> i64 {
    store::stock::product_stock(db.conn(), product_id)
        .unwrap()
        .reserved
}

fn assert_check_passes(db: &Db) {
    let v = ops::check::run_check(db).unwrap();
    assert!(v.is_empty(), "check found: {v:?}");
}

#[test]
fn a_manager_approves_the_most_urgent_order_and_its_stock_is_reserved() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "manager");
    let queue = queue_numbers(&ui.app.db);
    let (most_urgent, next) = (&queue[0], &queue[1]);
    open_queue(&mut ui);
    let s = ui.screen();
    // Most urgent first; reasons in words, never their codes; held orders marked.
    let first = s.lines().find(|l| l.contains("SO-")).unwrap();
    assert!(first.contains(most_urgent.as_str()), "{s}");
    assert!(
        first.contains("低于底价、超额度"),
        "short labels at 80 columns: {s}"
    );
    assert!(
        selected_line(&s).contains("西安永顺五金店 · 特急 · 要求交货 2026-11-28 · 低于最低售价"),
        "the selected order in full: {s}"
    );
    assert!(!s.contains("price") && !s.contains("amount"), "{s}");
    assert!(s.contains("暂停"), "held orders are listed and marked: {s}");
    assert!(s.contains("F9 批准") && s.contains("F8 驳回"), "{s}");
    assert!(
        selected_line(&s).starts_with(&format!("{most_urgent} · ")),
        "{s}"
    );

    ui.key(KeyCode::F(9));
    let status = ui.status();
    assert!(
        status.contains(&format!("{most_urgent} 已批准")),
        "{status}"
    );
    let d = order(&ui.app.db, most_urgent);
    assert_eq!(d.stage, OrderStage::Approved);
    assert!(!d.lines.is_empty());
    for l in &d.lines {
        assert_eq!(
            l.reserved + l.backordered,
            l.qty,
            "line {} is placed in full",
            l.line_no
        );
        assert!(l.reserved.is_positive(), "the demo has the stock");
    }
    assert!(approval::pending_reasons(&ui.app.db, d.id)
        .unwrap()
        .is_empty());
    let s = ui.screen();
    assert!(!listed(&s, most_urgent), "it left the queue: {s}");
    assert!(
        selected_line(&s).starts_with(next.as_str()),
        "the next one is selected: {s}"
    );
    assert_check_passes(&ui.app.db);
}

#[test]
fn rejecting_needs_a_reason_which_the_author_then_reads() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "manager");
    let second = queue_numbers(&ui.app.db)[1].clone();
    let prompt = format!("驳回 {second} 的原因");
    open_queue(&mut ui);
    ui.key(KeyCode::Down).key(KeyCode::F(8));
    let s = ui.screen();
    assert!(s.contains(&prompt), "{s}");
    // An empty reason is refused; the prompt stays and nothing changes.
    ui.key(KeyCode::Enter);
    let s = ui.screen();
    assert!(ui.status().contains("原因"), "{}", ui.status());
    assert!(s.contains(&prompt), "{s}");
    let before = order(&ui.app.db, &second);
    assert_eq!(before.stage, OrderStage::Submitted);

    ui.text("价格低于底价，请重新报价").key(KeyCode::Enter);
    assert!(ui.status().contains("已驳回"), "{}", ui.status());
    let d = order(&ui.app.db, &second);
    assert_eq!(d.stage, OrderStage::Rejected);
    assert_eq!(d.version, before.version + 1);
    assert_eq!(d.stage_reason.as_deref(), Some("价格低于底价，请重新报价"));
    assert!(!listed(&ui.screen(), &second));

    // The author opens the order and reads why.
    let mut author = ui_as(&path, Lang::Zh, 80, 24, "sales");
    author.scan(&second);
    assert_eq!(author.on(), "order-detail");
    let s = author.screen();
    assert!(
        s.contains("已驳回") && s.contains("价格低于底价，请重新报价"),
        "{s}"
    );
}

#[test]
fn a_hold_is_placed_with_a_reason_and_released_from_the_queue() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::En, 80, 24, "manager");
    let third = queue_numbers(&ui.app.db)[2].clone();
    open_queue(&mut ui);
    ui.key(KeyCode::Down).key(KeyCode::Down);
    assert!(selected_line(&ui.screen()).starts_with(&third));
    ui.key(KeyCode::F(7));
    assert!(ui.screen().contains(&format!("Reason for holding {third}")));
    // Esc gives the prompt up without a change.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "queue");
    assert_eq!(order(&ui.app.db, &third).stage, OrderStage::Submitted);
    ui.key(KeyCode::F(7))
        .text("customer to confirm")
        .key(KeyCode::Enter);
    assert!(ui.status().contains("is on hold"), "{}", ui.status());
    let d = order(&ui.app.db, &third);
    assert_eq!(d.stage, OrderStage::OnHold);
    assert_eq!(d.stage_reason.as_deref(), Some("customer to confirm"));
    let s = ui.screen();
    let row = s.lines().find(|l| l.contains(&third)).unwrap();
    assert!(row.contains("held"), "still listed, marked: {s}");
    assert!(selected_line(&s).starts_with(&third), "{s}");

    ui.key(KeyCode::F(7));
    assert!(ui.status().contains("is released"), "{}", ui.status());
    let d = order(&ui.app.db, &third);
    assert_eq!(
        d.stage,
        OrderStage::Submitted,
        "never approved: back to the queue"
    );
    assert_eq!(
        approval::pending_reasons(&ui.app.db, d.id).unwrap(),
        vec![Reason::Price]
    );
    assert_check_passes(&ui.app.db);
}

#[test]
fn sales_gets_no_queue_and_every_refusal_changes_nothing() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "sales");
    ui.key(KeyCode::F(4));
    let s = ui.screen();
    assert!(s.contains("新订单") && !s.contains("审批队列"), "{s}");
    ui.key(KeyCode::Esc);

    let db = &ui.app.db;
    let sales = actor(db, "sales");
    let waiting = queue_numbers(db)[0].clone();
    let before = order(db, &waiting);
    let e = approval::approve_order(db, &sales, before.id, before.version).unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    let e = approval::reject_order(db, &sales, before.id, before.version, "不要").unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(order(db, &waiting), before);

    // Reached some other way, the screen shows ops' refusal in the user's language.
    ui.go(Route::Queue);
    ui.key(KeyCode::F(9));
    assert!(ui.status().contains("权限不足"), "{}", ui.status());
    assert_eq!(order(&ui.app.db, &waiting), before);

    // A manager whose own limit does not cover an order above the manager limit.
    let admin = actor(&ui.app.db, "admin");
    let s = setup::company_settings(&ui.app.db).unwrap();
    let mut input = SettingsInput::from_settings(&s);
    input.manager_limit = "100".into();
    for l in &mut input.limits {
        if s.limits
            .iter()
            .any(|u| u.user_id == l.user_id && u.username == "manager")
        {
            l.limit = "1000".into();
        }
    }
    setup::update_settings(&ui.app.db, &admin, s.version, &input).unwrap();
    let big = plain_order(&ui.app.db, &actor(&ui.app.db, "sales"))
        .line("HW-000002", "100")
        .submit();
    assert_eq!(
        big.outcome,
        Outcome::Waiting(vec![Reason::ManagerAmount]),
        "2,153.00 is above the new limit of 100.00"
    );
    let mut mgr = ui_as(&path, Lang::Zh, 80, 24, "manager");
    open_queue(&mut mgr);
    // No date requested: it sorts last.
    for _ in 0..15 {
        mgr.key(KeyCode::Down);
    }
    assert!(selected_line(&mgr.screen()).starts_with(&big.number));
    let before = order(&mgr.app.db, &big.number);
    mgr.key(KeyCode::F(9));
    assert!(mgr.status().contains("审批额度"), "{}", mgr.status());
    assert_eq!(order(&mgr.app.db, &big.number), before);
    assert!(listed(&mgr.screen(), &big.number), "still waiting");
}

/// A phone order of the demo's cash customer, written by `user`.
fn plain_order<'a>(db: &'a Db, who: &'a Actor) -> NewOrder<'a> {
    order_by(db, who).customer(DEMO_CASH_CUSTOMER)
}

#[test]
fn two_managers_one_order_the_second_is_told_and_nothing_is_reserved_twice() {
    let (_dir, path) = demo_copy();
    let mut a = ui_as(&path, Lang::Zh, 80, 24, "manager");
    let mut b = ui_as(&path, Lang::Zh, 80, 24, "manager");
    let first = queue_numbers(&a.app.db)[0].clone();
    open_queue(&mut a);
    open_queue(&mut b);
    assert!(selected_line(&b.screen()).starts_with(&first));
    a.key(KeyCode::F(9));
    assert!(a.status().contains("已批准"), "{}", a.status());
    let d = order(&a.app.db, &first);
    let products: Vec<i64> = d.lines.iter().map(|l| l.product_id).collect();
    let reserved: Vec<i64> = products
        .iter()
        .map(|p| reserved_of(&a.app.db, *p))
        .collect();

    // B still shows the order (no refresh yet) and approves it too.
    assert!(listed(&b.screen(), &first));
    b.key(KeyCode::F(9));
    let status = b.status();
    assert!(
        status.contains(&format!("{first} 已由李建国")) && status.contains("已审核"),
        "{status}"
    );
    assert!(status.contains("未做任何修改"), "{status}");
    assert!(
        b.screen().contains("未做任何修改"),
        "the message fits the status line"
    );
    let again: Vec<i64> = products
        .iter()
        .map(|p| reserved_of(&b.app.db, *p))
        .collect();
    assert_eq!(again, reserved, "no second reservation");
    assert_eq!(order(&b.app.db, &first), d);
    assert!(!listed(&b.screen(), &first), "B's queue is refreshed");
    assert_check_passes(&b.app.db);
}

#[test]
fn the_queue_follows_other_sessions_and_keeps_the_selection() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "manager");
    let eighth = queue_numbers(&ui.app.db)[7].clone();
    open_queue(&mut ui);
    for _ in 0..7 {
        ui.key(KeyCode::Down);
    }
    assert!(selected_line(&ui.screen()).starts_with(&eighth));
    // Another terminal submits a critical order priced below the floor.
    let other = Db::open(&path, JournalSetting::Auto).unwrap();
    let sub = plain_order(&other, &actor(&other, "sales2"))
        .line("HW-000001", "1")
        .urgency(Urgency::Critical)
        .price("2.00")
        .submit();
    assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::Price]));
    assert!(ui.app.refresh_if_changed(), "data_version moved");
    let s = ui.screen();
    assert!(listed(&s, &sub.number), "{s}");
    assert!(
        selected_line(&s).starts_with(&eighth),
        "the selection stays on the same order: {s}"
    );
}

#[test]
fn enter_opens_the_order_and_esc_comes_back_to_the_queue() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::En, 80, 24, "manager");
    let queue = queue_numbers(&ui.app.db);
    let (first, other_one) = (&queue[0], &queue[1]);
    open_queue(&mut ui);
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "order-detail");
    assert!(ui.screen().contains(first.as_str()));
    // Meanwhile another manager's decision: the queue is read again on return.
    let other = Db::open(&path, JournalSetting::Auto).unwrap();
    let boss = actor(&other, "manager");
    let d = order(&other, first);
    approval::approve_order(&other, &boss, d.id, d.version).unwrap();
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "queue");
    assert!(!listed(&ui.screen(), first));
    // A scanned number, in lower case, opens that order from the queue too.
    ui.scan(&other_one.to_lowercase());
    assert_eq!(ui.on(), "order-detail");
    assert!(ui.screen().contains(other_one.as_str()));
}

fn assert_fits(s: &str, w: usize) {
    for line in s.lines() {
        assert!(
            orderdesk::domain::text::display_width(line) <= w,
            "wider than {w}: {line}"
        );
    }
}

#[test]
fn the_queue_renders_in_both_languages_small_and_wide() {
    let (_dir, path) = demo_copy();
    // An order waiting for both the floor price and the author's limit.
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let price_and_author = queue_numbers(&db)
        .into_iter()
        .find(|n| {
            approval::pending_reasons(&db, order(&db, n).id).unwrap()
                == [Reason::Price, Reason::Amount]
        })
        .expect("the demo has such an order");
    for (lang, w, h) in [
        (Lang::Zh, 80, 24),
        (Lang::En, 80, 24),
        (Lang::Zh, 160, 48),
        (Lang::En, 160, 48),
    ] {
        let mut ui = ui_as(&path, lang, w, h, "manager");
        let queued = queue_numbers(&ui.app.db).len();
        open_queue(&mut ui);
        let s = ui.screen();
        assert_fits(&s, usize::from(w));
        let rows = s.lines().filter(|l| l.contains("SO-")).count();
        assert_eq!(
            rows,
            queued + 1,
            "every queued and held order, and the detail line: {s}"
        );
        let (title, reason, held, waited) = match (lang, w) {
            (Lang::Zh, 80) => ("审批队列", "低于底价", "暂停", "天"),
            (Lang::En, 80) => ("Approval queue", "low price", "held", " d"),
            (Lang::Zh, _) => ("审批队列", "低于最低售价", "暂停", "天"),
            (Lang::En, _) => (
                "Approval queue",
                "price below the floor price",
                "held",
                " d",
            ),
        };
        assert!(s.contains(title) && s.contains(reason), "{s}");
        assert!(s.contains(held) && s.contains(waited), "{s}");
        if w == 160 {
            let row = s
                .lines()
                .find(|l| l.contains(price_and_author.as_str()))
                .unwrap();
            assert!(
                row.contains(lang.pick(
                    "低于最低售价；金额超过制单人权限",
                    "price below the floor price; amount above the author's limit"
                )),
                "the wide screen has room for every reason in full: {s}"
            );
        }
        // The selected row is in reverse video (row 0 of the table is screen row 3).
        let style = ui.style_at(3, 3);
        assert!(
            style
                .add_modifier
                .contains(ratatui::style::Modifier::REVERSED),
            "{style:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------

/// Opens the settings, as an administrator does from the menu.
fn open_settings(ui: &mut Ui) {
    ui.go(Route::Settings);
    assert_eq!(ui.on(), "settings", "{}", ui.status());
}

#[test]
fn an_administrator_lowers_the_manager_limit_and_an_order_above_it_now_queues() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    // Before: 2,153.00 is below the sales user's own 5,000 and the manager limit.
    let sub = plain_order(&db, &actor(&db, "sales"))
        .line("HW-000002", "100")
        .submit();
    assert_eq!(sub.outcome, Outcome::Approved { backordered: 0 });

    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "admin");
    open_settings(&mut ui);
    let s = ui.screen();
    assert!(s.contains("经理审批上限") && s.contains("50000.00"), "{s}");
    ui.ctrl('u').text("2000").key(KeyCode::F(5));
    assert!(ui.status().contains("设置已保存"), "{}", ui.status());
    let after = setup::company_settings(&db).unwrap();
    assert_eq!(after.manager_limit, Money::from_minor(200_000));
    assert!(
        ui.screen().contains("2000.00"),
        "the form shows what is stored"
    );

    let sub = plain_order(&db, &actor(&db, "sales"))
        .line("HW-000002", "100")
        .submit();
    assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::ManagerAmount]));
    let audit = store::audit::for_entity(db.conn(), "company", 1, 1).unwrap();
    assert_eq!(audit[0].action, "update_settings");
    assert!(audit[0].before.as_deref().unwrap_or("").contains("5000000"));
    assert!(audit[0].after.as_deref().unwrap_or("").contains("200000"));
}

#[test]
fn an_administrator_sets_a_users_approval_limit() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::En, 80, 24, "admin");
    open_settings(&mut ui);
    // Fourteen company fields (the walk-in customer, then the tickets' promised hours),
    // then the users by name: admin, finance, manager, sales.
    for _ in 0..17 {
        ui.key(KeyCode::Down);
    }
    let s = ui.screen();
    let focused = s.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(
        focused.contains("sales") && focused.contains("5000.00"),
        "{s}"
    );
    ui.ctrl('u').text("1,000");
    assert!(ui.screen().contains("(unsaved)"));
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    let db = &ui.app.db;
    let limits = setup::company_settings(db).unwrap().limits;
    let sales = limits.iter().find(|l| l.username == "sales").unwrap();
    assert_eq!(sales.limit, Money::from_minor(100_000));
    let sales2 = limits.iter().find(|l| l.username == "sales2").unwrap();
    assert_eq!(
        sales2.limit,
        Money::from_minor(500_000),
        "the others keep theirs"
    );
    let sub = plain_order(db, &actor(db, "sales"))
        .line("HW-000002", "100")
        .submit();
    assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::Amount]));
}

#[test]
fn bad_settings_are_named_in_both_languages_and_nothing_is_saved() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "admin");
    open_settings(&mut ui);
    let before = setup::company_settings(&ui.app.db).unwrap();
    // A good manager limit, then a discount above 100 %: neither is saved.
    ui.ctrl('u').text("9999").key(KeyCode::Enter);
    ui.ctrl('u')
        .text("120")
        .key(KeyCode::Down)
        .key(KeyCode::Down);
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains("最大折扣"), "{}", ui.status());
    assert_eq!(setup::company_settings(&ui.app.db).unwrap(), before);
    let s = ui.screen();
    let focused = s.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(
        focused.contains("最大折扣"),
        "the focus went back to the bad field: {s}"
    );

    let admin = actor(&ui.app.db, "admin");
    let good = SettingsInput::from_settings(&before);
    for (input, field) in [
        (
            SettingsInput {
                manager_limit: "-5".into(),
                ..good.clone()
            },
            setup::MANAGER_LIMIT,
        ),
        (
            SettingsInput {
                manager_limit: "12.345".into(),
                ..good.clone()
            },
            setup::MANAGER_LIMIT,
        ),
        (
            SettingsInput {
                default_tax: "abc".into(),
                ..good.clone()
            },
            setup::DEFAULT_TAX,
        ),
        (
            SettingsInput {
                grace_days: "366".into(),
                ..good.clone()
            },
            setup::GRACE_DAYS,
        ),
        (
            SettingsInput {
                lockout_failures: "0".into(),
                ..good.clone()
            },
            setup::LOCKOUT_FAILURES,
        ),
        (
            SettingsInput {
                lockout_minutes: "1441".into(),
                ..good.clone()
            },
            setup::LOCKOUT_MINUTES,
        ),
        (
            SettingsInput {
                price_mode: "both".into(),
                ..good.clone()
            },
            setup::PRICE_MODE,
        ),
    ] {
        let e = setup::update_settings(&ui.app.db, &admin, before.version, &input).unwrap_err();
        match &e {
            Error::Field { field: f, .. } => assert_eq!(*f, field, "{e:?}"),
            other => panic!("{other:?}"),
        }
        let (zh, en) = (e.localized(Lang::Zh), e.localized(Lang::En));
        assert!(
            zh.contains(field.zh) && en.contains(field.en),
            "{zh} / {en}"
        );
        assert_ne!(zh, en);
    }
    assert_eq!(setup::company_settings(&ui.app.db).unwrap(), before);

    // A lost update: the second save from the same version is refused.
    let mut first = good.clone();
    first.grace_days = "7".into();
    let v = setup::update_settings(&ui.app.db, &admin, before.version, &first).unwrap();
    assert_eq!(v, before.version + 1);
    let mut second = good.clone();
    second.grace_days = "9".into();
    let e = setup::update_settings(&ui.app.db, &admin, before.version, &second).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e:?}");
    assert_eq!(setup::company_settings(&ui.app.db).unwrap().grace_days, 7);
}

#[test]
fn only_administrators_get_the_settings() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "manager");
    ui.key(KeyCode::F(4));
    let s = ui.screen();
    assert!(s.contains("审批队列") && !s.contains("设置"), "{s}");
    let db = &ui.app.db;
    let manager = actor(db, "manager");
    let output = Output::default();
    let mut env = Env::new(db, &manager, Lang::Zh, 10, &output);
    let e = screens::settings::open(&mut env).unwrap_err();
    assert!(e.localized(Lang::Zh).contains("修改设置"), "{e:?}");
    let before = setup::company_settings(db).unwrap();
    let e = setup::update_settings(
        db,
        &manager,
        before.version,
        &SettingsInput {
            manager_limit: "999999".into(),
            ..SettingsInput::from_settings(&before)
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(setup::company_settings(db).unwrap(), before);
}

#[test]
fn the_settings_render_in_both_languages_small_and_wide() {
    let (_dir, path) = demo_copy();
    for (lang, w, h) in [
        (Lang::Zh, 80, 24),
        (Lang::En, 80, 24),
        (Lang::Zh, 160, 48),
        (Lang::En, 160, 48),
    ] {
        let mut ui = ui_as(&path, lang, w, h, "admin");
        open_settings(&mut ui);
        let s = ui.screen();
        assert_fits(&s, usize::from(w));
        for text in [
            lang.pick("经理审批上限", "Manager approval limit"),
            lang.pick("锁定分钟数", "Lockout minutes"),
            lang.pick("含税价", "Prices include tax"),
            "sales2",
            "warehouse",
            "F5",
        ] {
            assert!(s.contains(text), "{text}: {s}");
        }
        if w == 160 {
            // Side by side: a company field and a user share a row.
            assert!(
                s.lines().any(
                    |l| l.contains(lang.pick("经理审批上限", "Manager approval limit"))
                        && l.contains(lang.pick("用户", "User"))
                ),
                "{s}"
            );
        }
    }
}

#[test]
fn approving_says_which_lines_are_backordered() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    // 30 of HW-000004 (19 available), priced below its floor of 8.38: it waits.
    let sub = plain_order(&db, &actor(&db, "sales"))
        .line("HW-000004", "30")
        .price("8.00")
        .submit();
    assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::Price]));
    let mut ui = ui_as(&path, Lang::En, 80, 24, "manager");
    open_queue(&mut ui);
    for _ in 0..15 {
        ui.key(KeyCode::Down);
    }
    assert!(selected_line(&ui.screen()).starts_with(&sub.number));
    ui.key(KeyCode::F(9));
    let status = ui.status();
    assert!(
        status.contains("is approved; lines backordered: 1 HW-000004"),
        "{status}"
    );
    let d = order(&db, &sub.number);
    assert_eq!(d.stage, OrderStage::Approved);
    assert_eq!(d.lines[0].reserved.to_db(), 19_000);
    assert_eq!(d.lines[0].backordered.to_db(), 11_000);
    assert_check_passes(&db);
}

#[test]
fn the_queue_pages_through_waiting_and_held_orders_alike() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let manager = actor(&db, "manager");
    let mut numbers = Vec::new();
    for i in 0..8 {
        let sub = plain_order(&db, &actor(&db, "sales2"))
            .line("HW-000001", "1")
            .price("2.00")
            .submit();
        if i % 2 == 0 {
            approval::hold_order(&db, &manager, sub.id, sub.version, "核对价格").unwrap();
        }
        numbers.push(sub.number);
    }
    // 19 orders; 16 rows fit at 80×24. The new ones have no requested date: last.
    let mut ui = ui_as(&path, Lang::Zh, 80, 24, "manager");
    open_queue(&mut ui);
    let first = ui.screen();
    let listed_first: Vec<&String> = numbers.iter().filter(|n| listed(&first, n)).collect();
    assert_eq!(listed_first.len(), 5, "{first}");
    ui.key(KeyCode::PageDown);
    let second = ui.screen();
    let rows = second
        .lines()
        .filter(|l| l.starts_with('│') && l.contains("SO-"))
        .count();
    assert_eq!(rows, 3, "{second}");
    for n in &numbers[5..] {
        assert!(listed(&second, n), "{n}: {second}");
    }
    // A held one, selected, says why it is held; released, it stays on this page.
    ui.key(KeyCode::Down);
    let s = ui.screen();
    assert!(selected_line(&s).starts_with(&numbers[6]), "{s}");
    assert!(selected_line(&s).contains("暂停：核对价格"), "{s}");
    ui.key(KeyCode::F(7));
    assert!(ui.status().contains("已恢复"), "{}", ui.status());
    assert_eq!(order(&db, &numbers[6]).stage, OrderStage::Submitted);
    ui.key(KeyCode::PageUp);
    assert!(listed(&ui.screen(), &queue_numbers(&db)[0]));
    // Down past the last row turns the page.
    for _ in 0..16 {
        ui.key(KeyCode::Down);
    }
    assert!(listed(&ui.screen(), &numbers[7]));
}

#[test]
fn nobody_approves_their_own_order() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    let admin = actor(&db, "admin");
    ops::users::add_user(
        &db,
        &admin,
        &ops::users::NewUserInput {
            username: "boss".into(),
            display_name: "周老板".into(),
            password: demo::DEMO_PASSWORD.into(),
            roles: vec![
                orderdesk::domain::access::Role::Sales,
                orderdesk::domain::access::Role::Manager,
            ],
            os_user: None,
            approval_limit: Money::from_minor(10_000_000),
        },
    )
    .unwrap();
    let own = plain_order(&db, &actor(&db, "boss"))
        .line("HW-000001", "1")
        .price("2.00")
        .submit();
    assert_eq!(own.outcome, Outcome::Waiting(vec![Reason::Price]));
    let mut ui = ui_as(&path, Lang::En, 80, 24, "boss");
    open_queue(&mut ui);
    for _ in 0..15 {
        ui.key(KeyCode::Down);
    }
    assert!(selected_line(&ui.screen()).starts_with(&own.number));
    let before = order(&db, &own.number);
    ui.key(KeyCode::F(9));
    assert!(
        ui.status().contains("Nobody approves an order they wrote"),
        "{}",
        ui.status()
    );
    assert_eq!(order(&db, &own.number), before);
    // Someone else's order is fine for the same user.
    ui.key(KeyCode::Up);
    let other = selected_line(&ui.screen());
    ui.key(KeyCode::F(9));
    assert!(
        ui.status().contains("is approved"),
        "{}: {}",
        other,
        ui.status()
    );
}

#[test]
fn when_the_selected_order_is_decided_elsewhere_f9_does_not_fall_on_the_next_one() {
    let (_dir, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::En, 80, 24, "manager");
    let first = queue_numbers(&ui.app.db)[0].clone();
    open_queue(&mut ui);
    let shown = selected_line(&ui.screen());
    assert!(shown.starts_with(&first), "{shown}");
    // Another manager's session approves it; this screen follows.
    let other = Db::open(&path, JournalSetting::Auto).unwrap();
    let d = order(&other, &first);
    let manager = actor(&other, "manager");
    approval::approve_order(&other, &manager, d.id, d.version).unwrap();
    assert!(ui.app.refresh_if_changed());
    let now = selected_line(&ui.screen());
    assert!(!now.starts_with(&first), "{now}");
    let next = now.split_whitespace().next().unwrap().to_string();
    let before = order(&other, &next);
    ui.key(KeyCode::F(9));
    assert!(ui.status().contains("decided elsewhere"), "{}", ui.status());
    assert_eq!(order(&other, &next), before, "nothing was approved");
    // Pressed again, knowingly: the highlighted order is approved.
    ui.key(KeyCode::F(9));
    assert_eq!(
        order(&other, &next).stage,
        OrderStage::Approved,
        "{}",
        ui.status()
    );
}

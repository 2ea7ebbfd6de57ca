//! Every time a person reads is in the company's time zone: the order screen's timeline,
//! the stock screen's movements, the conflict message, the login notice and the CLI's
//! user list. The company here is in UTC−5 and the CLI runs with the process time zone
//! set to Tokyo, so a time printed in UTC, in China's time or in the machine's time zone
//! differs from the one expected.

use std::process::Command;

use chrono::{DateTime, Duration, FixedOffset, Utc};

use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::{self, approval, clock, Error};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;

use crate::world::{demo_actor, demo_copy, queue_numbers};

/// New York in winter.
const OFFSET_MINUTES: i64 = -300;

fn set_company_offset(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute(
        "UPDATE company SET utc_offset_minutes = ?1",
        [OFFSET_MINUTES],
    )
    .unwrap();
}

fn instant(stored: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(stored)
        .unwrap()
        .with_timezone(&Utc)
}

/// The instant as the company reads it, and as it would read wrongly: in UTC and in
/// China's time.
fn texts(t: DateTime<Utc>, format: &str) -> (String, Vec<String>) {
    let zone = |minutes: i32| FixedOffset::east_opt(minutes * 60).unwrap();
    let local = t
        .with_timezone(&zone(OFFSET_MINUTES as i32))
        .format(format)
        .to_string();
    let wrong = [0, 480]
        .into_iter()
        .map(|m| t.with_timezone(&zone(m)).format(format).to_string())
        .collect();
    (local, wrong)
}

#[track_caller]
fn assert_company_time(shown: &str, t: DateTime<Utc>, format: &str) {
    let (local, wrong) = texts(t, format);
    assert!(shown.contains(&local), "{local} missing in:\n{shown}");
    for w in wrong {
        assert!(
            !shown.contains(&w),
            "{w} (not the company's time) in:\n{shown}"
        );
    }
}

#[test]
fn screens_show_the_company_time() {
    let (_dir, path) = demo_copy();
    set_company_offset(&path);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();

    // The order screen's timeline.
    let number = queue_numbers(&db)
        .into_iter()
        .next()
        .expect("a queued order");
    let order = ops::orders::order_by_number(&db, &number).unwrap();
    let detail = ops::orders::order_detail(&db, order.id).unwrap();
    let newest = detail.timeline.last().expect("a timeline");
    let mut ui = Ui::new(&path, Lang::Zh, 160, 40).unwrap();
    ui.login("manager");
    ui.go(Route::Order(order.id));
    assert_eq!(ui.on(), "order-detail");
    assert_company_time(&ui.screen(), instant(&newest.at), "%Y-%m-%d %H:%M");
    for t in &detail.timeline {
        assert_eq!(
            t.at_local,
            texts(instant(&t.at), "%Y-%m-%d %H:%M").0,
            "what the timeline gives the screens"
        );
    }

    // The stock screen's movements.
    let product = ops::master::product_by_code(&db, "HW-000001")
        .unwrap()
        .unwrap();
    let moves = ops::stock::movements(&db, product.id, 0, 10).unwrap();
    let newest = moves.first().expect("a movement");
    let mut ui = Ui::new(&path, Lang::En, 160, 40).unwrap();
    ui.login("warehouse");
    ui.go(Route::StockOf(product.id));
    assert_company_time(&ui.screen(), instant(&newest.at), "%Y-%m-%d %H:%M");
}

#[test]
fn messages_show_the_company_time() {
    let (_dir, path) = demo_copy();
    set_company_offset(&path);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let manager = demo_actor(&db, "manager");

    // Changed by someone at a known moment: the conflict says when, in the company's time.
    let at = instant("2026-11-30T02:05:09Z");
    let number = queue_numbers(&db)
        .into_iter()
        .next()
        .expect("a queued order");
    let order = ops::orders::order_by_number(&db, &number).unwrap();
    clock::fixed(at, || {
        approval::hold_order(&db, &manager, order.id, order.version, "等待客户回款").unwrap()
    });
    let e = approval::reject_order(&db, &manager, order.id, order.version, "价格太低")
        .expect_err("a stale version");
    let Error::Conflict { at: when, .. } = &e else {
        panic!("a conflict, not {e:?}");
    };
    assert_company_time(when, at, "%Y-%m-%d %H:%M:%S");
    for lang in [Lang::Zh, Lang::En] {
        assert_company_time(&e.localized(lang), at, "%Y-%m-%d %H:%M:%S");
    }

    // A lock since the last login: the notice says until when, in the company's time.
    let lock_from = instant("2026-11-30T03:00:00Z");
    clock::fixed(lock_from, || {
        for _ in 0..10 {
            let _ = ops::auth::login(&db, "sales", "wrong password");
        }
    });
    let settings = ops::setup::company_settings(&db).unwrap();
    let until = lock_from + Duration::minutes(settings.lockout_minutes);
    let (_, notice) = clock::fixed(until + Duration::hours(1), || {
        ops::auth::login_with_notice(&db, "sales", ops::demo::DEMO_PASSWORD).unwrap()
    });
    let notice = notice.expect("a notice of the failed logins");
    for lang in [Lang::Zh, Lang::En] {
        assert_company_time(&notice.localized(lang), until, "%Y-%m-%d %H:%M");
    }
}

#[test]
fn the_cli_shows_the_company_time_whatever_the_machine_time_zone() {
    let (dir, path) = demo_copy();
    set_company_offset(&path);
    let until = instant("2099-01-01T02:05:00Z");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "UPDATE users SET locked_until = ?1, failed_logins = 5 WHERE username = 'sales'",
        ["2099-01-01T02:05:00.000Z"],
    )
    .unwrap();
    drop(c);
    let cfg = dir.path().join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(&cfg)
        .args([
            "--db",
            path.to_str().unwrap(),
            "--user",
            "admin",
            "user",
            "list",
        ])
        .env("XDG_DATA_HOME", dir.path())
        .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
        .env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .env("LANG", "en_US.UTF-8")
        .env("TZ", "Asia/Tokyo")
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{out}");
    let tokyo = until
        .with_timezone(&FixedOffset::east_opt(9 * 3600).unwrap())
        .format("%m-%d %H:%M")
        .to_string();
    assert!(!out.contains(&tokyo), "the machine's time zone in:\n{out}");
    assert_company_time(&out, until, "%m-%d %H:%M");
}

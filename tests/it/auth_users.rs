//! Logging in and administering users, as the administrator and the other roles do it.

use crate::world::*;
use orderdesk::domain::access::{Permission, Role};
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::{self, auth, users, Error, Refusal, Thing};
use orderdesk::store;

fn usernames(w: &World) -> Vec<String> {
    users::list_users(&w.db, &w.admin)
        .expect("admin lists users")
        .into_iter()
        .map(|u| u.username)
        .collect()
}

fn user_summary(w: &World, username: &str) -> users::UserSummary {
    users::list_users(&w.db, &w.admin)
        .expect("admin lists users")
        .into_iter()
        .find(|u| u.username == username)
        .expect("user is listed")
}

#[test]
fn the_right_password_logs_a_user_in_with_their_roles() {
    let w = world();
    let actor = auth::login(&w.db, "  Sales ", PASSWORD).expect("login");
    assert_eq!(actor.username(), "sales");
    assert_eq!(actor.display_name(), SALES_NAME);
    assert_eq!(actor.roles(), &[Role::Sales]);
    assert_eq!(actor.id(), w.sales.id());

    let admin = auth::login(&w.db, "admin", ADMIN_PASSWORD).expect("admin login");
    assert_eq!(admin.roles(), &[Role::Admin]);
}

#[test]
fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let w = world();
    let wrong = auth::login(&w.db, "sales", "password2").refused();
    let unknown = auth::login(&w.db, "nobody", PASSWORD).refused();
    assert!(matches!(wrong, Error::LoginFailed), "{wrong:?}");
    assert!(matches!(unknown, Error::LoginFailed), "{unknown:?}");
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(wrong.localized(lang), unknown.localized(lang));
    }
    // The failure was counted against the real account only.
    let failures: i64 =
        w.db.conn()
            .query_row(
                "SELECT failed_logins FROM users WHERE username = 'sales'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(failures, 1);
}

#[test]
fn repeated_failures_lock_the_account_until_an_admin_sets_a_new_password() {
    let w = world();
    let limit = store::master::company(w.db.conn())
        .unwrap()
        .expect("company")
        .lockout_failures;
    assert_eq!(limit, 5);

    for attempt in 1..=limit {
        let e = auth::login(&w.db, "finance", "wrong-password").refused();
        assert!(matches!(e, Error::LoginFailed), "attempt {attempt}: {e:?}");
    }
    let until = user_summary(&w, "finance")
        .locked_until
        .expect("the last allowed failure locks the account");
    let until = chrono::DateTime::parse_from_rfc3339(&until).expect("an instant");
    let minutes_ahead = (until.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!(
        (13..=15).contains(&minutes_ahead),
        "locked for {minutes_ahead} minutes"
    );

    // Even the right password is refused while the lock holds, and the answer is the
    // one an unknown user gets: a guesser learns neither that the account exists nor
    // that it is locked, nor that the password was right.
    let locked = auth::login(&w.db, "finance", PASSWORD).refused();
    let unknown = auth::login(&w.db, "nobody-at-all", PASSWORD).refused();
    assert!(matches!(locked, Error::LoginFailed), "{locked:?}");
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(locked.localized(lang), unknown.localized(lang));
    }
    let audit = store::audit::for_entity(w.db.conn(), "user", w.finance.id(), 20).unwrap();
    let count = |action: &str| audit.iter().filter(|a| a.action == action).count();
    assert_eq!(count("login_failed"), limit as usize);
    assert_eq!(
        count("login_refused_locked"),
        1,
        "an attempt on a locked account is audited, not counted"
    );

    // Other accounts are not affected.
    auth::login(&w.db, "warehouse", PASSWORD).expect("another user still logs in");

    users::set_password(&w.db, &w.admin, "finance", "new-password-9").expect("admin resets");
    assert!(user_summary(&w, "finance").locked_until.is_none());
    let e = auth::login(&w.db, "finance", PASSWORD).refused();
    assert!(matches!(e, Error::LoginFailed), "old password: {e:?}");
    let actor = auth::login(&w.db, "finance", "new-password-9").expect("unlocked");
    assert_eq!(actor.id(), w.finance.id());
}

#[test]
fn after_a_lock_runs_out_the_owner_is_told_at_login_why_logins_were_refused() {
    let w = world();
    for _ in 0..5 {
        auth::login(&w.db, "finance", "wrong-password").refused();
    }
    // The lock runs out (moved into the past, as time would).
    w.db.conn()
        .execute(
            "UPDATE users SET locked_until = '2000-01-01T00:00:00.000Z' WHERE username = 'finance'",
            [],
        )
        .unwrap();
    let (actor, notice) = auth::login_with_notice(&w.db, "finance", PASSWORD).expect("login");
    assert_eq!(actor.id(), w.finance.id());
    let notice = notice.expect("the owner is told");
    assert_eq!(notice.failed, 5);
    assert!(notice.locked_until.is_some());
    assert!(notice.localized(Lang::En).contains("5 failed logins"));
    assert!(notice.localized(Lang::Zh).contains("5 次密码错误"));
    // Told once: the next login has nothing to tell.
    let (_, again) = auth::login_with_notice(&w.db, "finance", PASSWORD).expect("login");
    assert_eq!(again, None);
}

#[test]
fn correct_logins_at_the_same_time_never_lock_an_account() {
    let w = world();
    // Eight correct logins of one user at once, each on its own connection, as eight
    // command-line imports started together: none may count as a failure.
    let path = w.path.clone();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let db =
                    store::Db::open(&path, orderdesk::config::JournalSetting::Auto).expect("open");
                auth::login(&db, "sales", PASSWORD).map(|a| a.id())
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread").ok(), Some(w.sales.id()));
    }
    let s = user_summary(&w, "sales");
    assert!(s.locked_until.is_none());
    let failed: i64 =
        w.db.conn()
            .query_row(
                "SELECT failed_logins FROM users WHERE username = 'sales'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(failed, 0);
}

#[test]
fn a_successful_login_starts_the_failure_count_again() {
    let w = world();
    for _ in 0..4 {
        let e = auth::login(&w.db, "manager", "not-it-at-all").refused();
        assert!(matches!(e, Error::LoginFailed), "{e:?}");
    }
    auth::login(&w.db, "manager", PASSWORD).expect("right password before the limit");
    let e = auth::login(&w.db, "manager", "not-it-at-all").refused();
    assert!(
        matches!(e, Error::LoginFailed),
        "a fifth failure in total, but the first since the success: {e:?}"
    );
    assert!(user_summary(&w, "manager").locked_until.is_none());
}

#[test]
fn a_disabled_user_cannot_log_in() {
    let w = world();
    users::disable_user(&w.db, &w.admin, "finance").expect("disable");
    assert!(!user_summary(&w, "finance").active);
    assert!(user_summary(&w, "sales").active);

    let e = auth::login(&w.db, "finance", PASSWORD).refused();
    assert!(matches!(e, Error::AccountDisabled), "{e:?}");
    // A wrong password does not tell that the account exists but is disabled.
    let e = auth::login(&w.db, "finance", "wrong-password").refused();
    assert!(matches!(e, Error::LoginFailed), "{e:?}");

    let audit = store::audit::for_entity(w.db.conn(), "user", w.finance.id(), 10).unwrap();
    let disable = audit
        .iter()
        .find(|a| a.action == "disable")
        .expect("disable audited");
    assert_eq!(disable.actor_id, Some(w.admin.id()));
}

#[test]
fn only_an_administrator_adds_and_lists_users() {
    let w = world();
    let before = usernames(&w);
    assert_eq!(
        before,
        ["admin", "finance", "manager", "sales", "warehouse"],
        "the company as set up"
    );

    for actor in [&w.sales, &w.manager, &w.warehouse, &w.finance] {
        let e = users::add_user(&w.db, actor, &new_user("intruder", "", Role::Admin)).refused();
        assert!(
            matches!(
                e,
                Error::PermissionDenied {
                    permission: Permission::ManageUsers
                }
            ),
            "{actor}: {e:?}"
        );
        let e = users::list_users(&w.db, actor).refused();
        assert!(
            matches!(e, Error::PermissionDenied { .. }),
            "{actor}: {e:?}"
        );
    }
    assert_eq!(usernames(&w), before, "nothing was created");
    assert!(auth::login(&w.db, "intruder", PASSWORD).is_err());

    // Nobody but an administrator sets another user's password…
    let e = users::set_password(&w.db, &w.manager, "sales", "taken-over-1").refused();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    auth::login(&w.db, "sales", PASSWORD).expect("password unchanged");
    // …but everyone sets their own.
    users::set_password(&w.db, &w.sales, "sales", "my-own-secret").expect("own password");
    auth::login(&w.db, "sales", "my-own-secret").expect("new own password");
}

#[test]
fn bad_new_users_are_refused_and_nothing_is_created() {
    let w = world();
    let before = usernames(&w);
    let count_before = store::users::count(w.db.conn()).unwrap();

    let e = users::add_user(&w.db, &w.admin, &new_user("SALES", "", Role::Sales)).refused();
    match &e {
        Error::Duplicate { what, key } => {
            assert_eq!(*what, Thing::User);
            assert_eq!(key, "sales");
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }

    for bad in ["", "   ", "张三", "zhang san", "ab@c", &"x".repeat(33)] {
        let e = users::add_user(&w.db, &w.admin, &new_user(bad, "", Role::Sales)).refused();
        assert_eq!(field_of(&e), Some("User name"), "{bad:?}: {e:?}");
    }

    let short = users::NewUserInput {
        password: "short7!".into(),
        ..new_user("newclerk", "新店员", Role::Sales)
    };
    let e = users::add_user(&w.db, &w.admin, &short).refused();
    assert_eq!(field_of(&e), Some("Password"), "{e:?}");
    assert!(e.localized(Lang::Zh).contains('8'), "says how long");

    let no_roles = users::NewUserInput {
        roles: Vec::new(),
        ..new_user("newclerk", "新店员", Role::Sales)
    };
    let e = users::add_user(&w.db, &w.admin, &no_roles).refused();
    assert_eq!(field_of(&e), Some("Roles"), "{e:?}");

    assert_eq!(usernames(&w), before);
    assert_eq!(store::users::count(w.db.conn()).unwrap(), count_before);

    // The same user with good input is accepted, so the refusals were about the input.
    let good = new_user("newclerk", "新店员", Role::Sales);
    users::add_user(&w.db, &w.admin, &good).expect("good user");
    assert!(usernames(&w).contains(&"newclerk".to_string()));
}

#[test]
fn the_last_active_administrator_cannot_be_disabled() {
    let w = world();
    let e = users::disable_user(&w.db, &w.admin, "admin").refused();
    assert!(
        matches!(e, Error::Refused(Refusal::LastAdministrator)),
        "{e:?}"
    );
    assert!(user_summary(&w, "admin").active);

    // With a second administrator the first may go; then the second is the last one.
    users::add_user(
        &w.db,
        &w.admin,
        &new_user("admin2", "副管理员", Role::Admin),
    )
    .expect("second admin");
    let admin2 = auth::login(&w.db, "admin2", PASSWORD).expect("admin2 logs in");
    users::disable_user(&w.db, &admin2, "admin").expect("disable the first admin");
    let listed = users::list_users(&w.db, &admin2).unwrap();
    assert!(
        !listed
            .iter()
            .find(|u| u.username == "admin")
            .unwrap()
            .active
    );

    let e = users::disable_user(&w.db, &admin2, "admin2").refused();
    assert!(
        matches!(e, Error::Refused(Refusal::LastAdministrator)),
        "{e:?}"
    );
    let listed = users::list_users(&w.db, &admin2).expect("still an admin");
    assert!(
        listed
            .iter()
            .find(|u| u.username == "admin2")
            .unwrap()
            .active
    );
}

#[test]
fn creating_a_user_is_audited_without_the_password() {
    let w = world();
    let id = users::add_user(&w.db, &w.admin, &new_user("clerk", "柜台小张", Role::Sales))
        .expect("add user");
    let rows = store::audit::for_entity(w.db.conn(), "user", id, 10).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.action, "create");
    assert_eq!(row.actor_id, Some(w.admin.id()));
    assert!(row.before.is_none());
    let after: serde_json::Value =
        serde_json::from_str(row.after.as_deref().expect("after")).expect("json");
    assert_eq!(after["username"], "clerk");
    assert_eq!(after["display_name"], "柜台小张");
    assert_eq!(after["roles"], serde_json::json!(["sales"]));
    let text = row.after.as_deref().unwrap();
    assert!(
        !text.contains(PASSWORD) && !text.contains("argon2"),
        "{text}"
    );

    // The users set up with the company were audited too.
    for actor in [&w.sales, &w.manager, &w.warehouse, &w.finance] {
        let rows = store::audit::for_entity(w.db.conn(), "user", actor.id(), 10).unwrap();
        assert!(rows.iter().any(|r| r.action == "create"), "{actor}");
    }
}

#[test]
fn a_user_disabled_in_another_session_loses_permission_at_once() {
    let w = world();
    let sales = w.sales.clone();
    ops::master::create_customer(&w.db, &sales, &customer_input("C-OK", "允许的客户"))
        .expect("allowed while active");

    let admin_terminal = w.other_session();
    users::disable_user(&admin_terminal, &w.admin, "sales").expect("disable elsewhere");

    let e = ops::master::create_customer(&w.db, &sales, &customer_input("C-NO", "不允许的客户"))
        .refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditCustomers
            }
        ),
        "{e:?}"
    );
    let codes: Vec<String> = ops::master::customers_page(&w.db, "", 100)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, ["C-OK"]);
}

#[test]
fn an_expired_lock_starts_the_count_afresh() {
    let w = world();
    // Five failures and a lock that has run out.
    w.db.conn()
        .execute(
            "UPDATE users SET failed_logins = 5, locked_until = '2020-01-01T00:00:00.000Z' WHERE username = 'sales'",
            [],
        )
        .unwrap();
    let e = ops::auth::login(&w.db, "sales", "wrong-password").unwrap_err();
    assert!(
        matches!(e, Error::LoginFailed),
        "one typo after a lock does not lock again: {e:?}"
    );
    let failed: i64 =
        w.db.conn()
            .query_row(
                "SELECT failed_logins FROM users WHERE username = 'sales'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(failed, 1);
    ops::auth::login(&w.db, "sales", PASSWORD).expect("the right password works");
}

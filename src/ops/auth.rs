//! Authentication: Argon2id password hashes, lockout after repeated failures, and the
//! mapping of an operating-system account on a shared server to a user.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};

use super::{audit, stamp, Actor, Error, Refusal, Result};
use crate::bi;
use crate::domain::access::Role;
use crate::domain::field::FieldId;
use crate::i18n::{Lang, Localized};
use crate::store::{self, Db};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

const PASSWORD: FieldId = FieldId::Password;

/// Hashes a password with Argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> Result<String> {
    check_password_policy(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            Error::Refused(Refusal::PasswordHash {
                detail: e.to_string(),
            })
        })
}

/// Refuses passwords that are too short or contain control characters.
pub fn check_password_policy(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::field_refused(
            PASSWORD,
            Refusal::PasswordTooShort {
                min: MIN_PASSWORD_CHARS,
            },
        ));
    }
    if password.chars().count() > 128 || password.chars().any(char::is_control) {
        return Err(Error::field_refused(PASSWORD, Refusal::PasswordInvalid));
    }
    Ok(())
}

fn verify(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A valid hash of a password nobody has, so an unknown user costs as much time as a
/// known one and the answer does not tell which user names exist.
fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not-a-password-of-anyone", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let _ = verify(password, hash);
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Logs a user in by name and password. See [`login_with_notice`].
pub fn login(db: &Db, username: &str, password: &str) -> Result<Actor> {
    login_with_notice(db, username, password).map(|(actor, _)| actor)
}

/// What a user should know right after logging in: failed logins since their last
/// login, and a lock those failures caused. A locked account answers like a wrong
/// password, so this is where its owner learns why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginNotice {
    pub failed: i64,
    /// Until when the account was locked, in the local time of the company.
    pub locked_until: Option<String>,
}

impl Localized for LoginNotice {
    fn localized(&self, lang: Lang) -> String {
        match &self.locked_until {
            Some(until) => bi!(
                lang,
                "自上次登录以来有 {} 次密码错误，账户曾被锁定至 {}。若不是您本人，请告知管理员。",
                "{} failed logins since your last login locked the account until {}. If that was not you, tell an administrator.",
                self.failed,
                until
            ),
            None => bi!(
                lang,
                "自上次登录以来有 {} 次密码错误。若不是您本人，请告知管理员。",
                "{} failed logins since your last login. If that was not you, tell an administrator.",
                self.failed
            ),
        }
    }
}

/// Logs a user in by name and password, with what the user should be told about failed
/// attempts since the last login.
///
/// Every refusal looks the same from outside — an unknown user, a wrong password, a
/// locked account: the same [`Error::LoginFailed`], after the same work (one password
/// check and one write), so that the answer does not tell which user names exist or
/// which accounts are locked. Only a wrong password is counted, after it was checked
/// and in one transaction, so that correct logins running at the same time, or a
/// process killed during a login, never count against the user; repeated failures lock
/// the account for the company's lockout minutes.
pub fn login_with_notice(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<(Actor, Option<LoginNotice>)> {
    let username = username.trim().to_lowercase();
    let now = super::clock::now();
    let Some(user) = db.read(|c| store::users::by_username(c, &username))? else {
        dummy_verify(password);
        record_refusal(db, None, &username, now)?;
        return Err(Error::LoginFailed);
    };
    let locked = |until: Option<&str>| until.and_then(parse_instant).is_some_and(|u| u > now);
    // Checked whether or not the account is locked: the same time either way.
    let right = verify(password, &user.password_hash) && !locked(user.locked_until.as_deref());
    if !right {
        record_refusal(db, Some(user.id), &username, now)?;
        return Err(Error::LoginFailed);
    }
    let notice = db.write(|tx| {
        let fresh = store::users::by_id(tx, user.id)?.ok_or(Error::LoginFailed)?;
        let offset = super::clock::company_offset(tx)?;
        // Locked by another process since the password was read: refused like any lock.
        if locked(fresh.locked_until.as_deref()) {
            return Ok(Err(Error::LoginFailed));
        }
        let notice = (fresh.failed_logins > 0).then(|| LoginNotice {
            failed: fresh.failed_logins,
            locked_until: fresh
                .locked_until
                .as_deref()
                .and_then(parse_instant)
                .map(|t| super::clock::company_text(t, offset, super::clock::Shown::Minute)),
        });
        store::users::set_login_state(tx, user.id, 0, None)?;
        if fresh.active {
            audit(
                tx,
                None,
                &stamp(now),
                "user",
                Some(user.id),
                "login",
                None,
                None,
            )?;
        }
        Ok::<_, Error>(Ok(notice))
    })??;
    if !user.active {
        return Err(Error::AccountDisabled);
    }
    Ok((actor_for(db, &user)?, notice))
}

/// Records a refused login in one transaction: a wrong password of a known, unlocked
/// account counts towards the lock (the count read and raised inside the transaction, so
/// that parallel failures each count once); an attempt on a locked account or an
/// unknown name is only audited.
fn record_refusal(db: &Db, user_id: Option<i64>, username: &str, now: DateTime<Utc>) -> Result<()> {
    db.write(|tx| {
        let mut after = serde_json::json!({ "username": crate::domain::text::shown(username) });
        let mut action = "login_failed";
        if let Some(id) = user_id {
            let fresh = store::users::by_id(tx, id)?.ok_or(Error::LoginFailed)?;
            let until = fresh.locked_until.as_deref().and_then(parse_instant);
            if until.is_some_and(|u| u > now) {
                action = "login_refused_locked";
            } else {
                let (limit, minutes) = store::master::company(tx)?
                    .map(|c| (c.lockout_failures, c.lockout_minutes))
                    .unwrap_or((5, 15));
                // A lock that has run out starts the count again.
                let failed = if until.is_some() {
                    1
                } else {
                    fresh.failed_logins + 1
                };
                let lock = (failed >= limit).then(|| stamp(now + Duration::minutes(minutes)));
                store::users::set_login_state(tx, id, failed, lock.as_deref())?;
                after = serde_json::json!({ "failed_logins": failed, "locked_until": lock });
            }
        }
        audit(
            tx,
            None,
            &stamp(now),
            "user",
            user_id,
            action,
            None,
            Some(&after),
        )?;
        Ok::<_, Error>(())
    })
}

/// Logs in the user mapped to an operating-system account (a shared SSH server where
/// the system already authenticated the person).
pub fn login_os_user(db: &Db, os_user: &str) -> Result<Actor> {
    let Some(user) = db.read(|c| store::users::by_os_user(c, os_user))? else {
        return Err(Error::NotFound {
            what: super::Thing::User,
            key: os_user.to_string(),
        });
    };
    if !user.active {
        return Err(Error::AccountDisabled);
    }
    actor_for(db, &user)
}

/// The operating-system account running this process, if known. On Unix this is the
/// real user id's name from the password database: environment variables such as
/// `USER` can be set by anyone and must not decide who is logged in.
#[cfg(unix)]
pub fn current_os_user() -> Option<String> {
    // SAFETY: getuid cannot fail; getpwuid_r writes into our buffers only, and the name
    // pointer it returns points into `buf`, which outlives its use here.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr(pwd.pw_name)
            .to_str()
            .ok()
            .map(str::to_string)
    }
}

/// The operating-system account running this process (Windows: the session's user).
#[cfg(not(unix))]
pub fn current_os_user() -> Option<String> {
    std::env::var("USERNAME").ok().filter(|s| !s.is_empty())
}

fn actor_for(db: &Db, user: &store::users::UserRow) -> Result<Actor> {
    let roles = db
        .read(|c| store::users::roles_of(c, user.id))?
        .iter()
        .filter_map(|r| Role::parse(r))
        .collect();
    Ok(Actor::new(
        user.id,
        user.username.clone(),
        user.display_name.clone(),
        roles,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("correct horse", &a));
        assert!(!verify("correct horsE", &a));
        assert!(!verify("x", "not a hash"));
    }

    #[cfg(unix)]
    #[test]
    fn the_os_user_ignores_the_environment() {
        let real = current_os_user();
        assert!(real.is_some());
        std::env::set_var("USER", "someone-else");
        assert_eq!(current_os_user(), real);
        assert_ne!(current_os_user().as_deref(), Some("someone-else"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(hash_password("short").is_err());
        assert!(hash_password("with\nnewline").is_err());
    }
}

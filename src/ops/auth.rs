//! Authentication: Argon2id password hashes, lockout after repeated failures, and the
//! mapping of an operating-system account on a shared server to a user.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};

use super::{audit, stamp, Actor, Error, Refusal, Result};
use crate::domain::access::Role;
use crate::domain::field::FieldId;
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

/// Logs a user in by name and password. Repeated failures lock the account for the
/// company's lockout minutes; the failure count is kept even though the login fails.
pub fn login(db: &Db, username: &str, password: &str) -> Result<Actor> {
    let username = username.trim().to_lowercase();
    let Some(user) = db.read(|c| store::users::by_username(c, &username))? else {
        dummy_verify(password);
        return Err(Error::LoginFailed);
    };
    // The attempt is counted before the password is checked, in one transaction with the
    // lock check, so that parallel guesses cannot get past the limit.
    let now = super::clock::now();
    let attempt = db.write(|tx| {
        let fresh = store::users::by_id(tx, user.id)?.ok_or(Error::LoginFailed)?;
        let (limit, minutes) = store::master::company(tx)?
            .map(|c| (c.lockout_failures, c.lockout_minutes))
            .unwrap_or((5, 15));
        let mut failed = fresh.failed_logins;
        match fresh.locked_until.as_deref().and_then(parse_instant) {
            Some(until) if until > now => return Ok(Err(locked_error(until))),
            Some(_) => failed = 0,
            None => {}
        }
        if failed >= limit {
            let until = now + Duration::minutes(minutes);
            store::users::set_login_state(tx, user.id, failed, Some(&stamp(until)))?;
            return Ok(Err(locked_error(until)));
        }
        store::users::set_login_state(tx, user.id, failed + 1, None)?;
        Ok::<_, Error>(Ok((failed + 1, limit, minutes)))
    })?;
    let (attempts, limit, minutes) = attempt?;
    if !verify(password, &user.password_hash) {
        let lock_until = (attempts >= limit).then(|| now + Duration::minutes(minutes));
        db.write(|tx| {
            let lock_stamp = lock_until.map(stamp);
            if let Some(l) = &lock_stamp {
                store::users::set_login_state(tx, user.id, attempts, Some(l))?;
            }
            let after =
                serde_json::json!({ "failed_logins": attempts, "locked_until": lock_stamp });
            audit(
                tx,
                None,
                &stamp(now),
                "user",
                Some(user.id),
                "login_failed",
                None,
                Some(&after),
            )?;
            Ok::<_, Error>(())
        })?;
        return Err(match lock_until {
            Some(until) => locked_error(until),
            None => Error::LoginFailed,
        });
    }
    db.write(|tx| {
        store::users::set_login_state(tx, user.id, 0, None)?;
        if user.active {
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
        Ok::<_, Error>(())
    })?;
    if !user.active {
        return Err(Error::AccountDisabled);
    }
    actor_for(db, &user)
}

fn locked_error(until: DateTime<Utc>) -> Error {
    Error::AccountLocked {
        until: until
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    }
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

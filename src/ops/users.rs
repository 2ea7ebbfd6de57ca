//! User administration (admin only): add, list, change password, disable.

use super::{audit, auth, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::domain::access::{Permission, Role};
use crate::domain::field::FieldId;
use crate::domain::money::Money;
use crate::domain::text::required_text;
use crate::store::{self, Db};

const USERNAME: FieldId = FieldId::Username;
const DISPLAY_NAME: FieldId = FieldId::DisplayName;
const ROLES: FieldId = FieldId::Roles;

/// A user name: 1 to 32 of `a-z 0-9 . _ -`, stored in lower case.
pub fn clean_username(input: &str) -> Result<String> {
    let name = input.trim().to_lowercase();
    if name.is_empty() || name.chars().count() > 32 {
        return Err(Error::field_refused(USERNAME, Refusal::UsernameLength));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(Error::field_refused(
            USERNAME,
            Refusal::UsernameCharacter { ch: bad },
        ));
    }
    Ok(name)
}

/// What an administrator enters for a new user.
#[derive(Debug, Clone)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub os_user: Option<String>,
    /// Orders up to this amount need no amount approval (审批额度).
    pub approval_limit: Money,
}

/// Adds a user. Needs the user-management permission.
pub fn add_user(db: &Db, actor: &Actor, input: &NewUserInput) -> Result<i64> {
    let username = clean_username(&input.username)?;
    let display = if input.display_name.trim().is_empty() {
        username.clone()
    } else {
        required_text(&input.display_name, 64, *DISPLAY_NAME)
            .map_err(|e| Error::field(DISPLAY_NAME, FieldProblem::Text(e)))?
    };
    if input.roles.is_empty() {
        return Err(Error::field_refused(ROLES, Refusal::NoRoles));
    }
    if input.approval_limit.is_negative() {
        return Err(Error::Refused(Refusal::NegativeLimit));
    }
    let os_user = input
        .os_user
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let hash = auth::hash_password(&input.password)?;
    let mut roles: Vec<&str> = input.roles.iter().map(|r| r.as_str()).collect();
    roles.sort_unstable();
    roles.dedup();
    db.write(|tx| {
        require(tx, actor, Permission::ManageUsers)?;
        if store::users::by_username(tx, &username)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::User,
                key: username.clone(),
            });
        }
        if let Some(os) = &os_user {
            if store::users::by_os_user(tx, os)?.is_some() {
                return Err(Error::Duplicate {
                    what: Thing::User,
                    key: os.clone(),
                });
            }
        }
        let now = now_stamp();
        let id = store::users::insert(
            tx,
            &store::users::NewUser {
                username: &username,
                display_name: &display,
                password_hash: &hash,
                os_user: os_user.as_deref(),
                approval_limit_minor: input.approval_limit.minor(),
                created_at: &now,
            },
        )?;
        store::users::set_roles(tx, id, &roles)?;
        let after = serde_json::json!({
            "username": username, "display_name": display, "roles": roles,
            "os_user": os_user, "approval_limit_minor": input.approval_limit.minor(),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "user",
            Some(id),
            "create",
            None,
            Some(&after),
        )?;
        Ok(id)
    })
}

/// A user as listed for administrators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub os_user: Option<String>,
    pub active: bool,
    pub locked_until: Option<String>,
}

/// Lists all users. Needs the user-management permission.
pub fn list_users(db: &Db, actor: &Actor) -> Result<Vec<UserSummary>> {
    db.read_snapshot(|c| {
        require(c, actor, Permission::ManageUsers)?;
        let mut out = Vec::new();
        for u in store::users::list(c)? {
            out.push(UserSummary {
                roles: store::users::roles_of(c, u.id)?,
                username: u.username,
                display_name: u.display_name,
                os_user: u.os_user,
                active: u.active,
                locked_until: u.locked_until,
            });
        }
        Ok(out)
    })
}

/// Sets a user's password (and unlocks the account). An administrator may set anyone's;
/// every user may set their own.
pub fn set_password(db: &Db, actor: &Actor, username: &str, new_password: &str) -> Result<()> {
    let username = clean_username(username)?;
    let hash = auth::hash_password(new_password)?;
    db.write(|tx| {
        let user = store::users::by_username(tx, &username)?.ok_or_else(|| Error::NotFound {
            what: Thing::User,
            key: username.clone(),
        })?;
        if user.id != actor.id() {
            require(tx, actor, Permission::ManageUsers)?;
        }
        store::users::set_password_hash(tx, user.id, &hash)?;
        let now = now_stamp();
        audit(
            tx,
            Some(actor),
            &now,
            "user",
            Some(user.id),
            "set_password",
            None,
            None,
        )?;
        Ok(())
    })
}

/// Disables a user; the last active administrator cannot be disabled.
pub fn disable_user(db: &Db, actor: &Actor, username: &str) -> Result<()> {
    let username = clean_username(username)?;
    db.write(|tx| {
        require(tx, actor, Permission::ManageUsers)?;
        let user = store::users::by_username(tx, &username)?.ok_or_else(|| Error::NotFound {
            what: Thing::User,
            key: username.clone(),
        })?;
        if !user.active {
            return Ok(());
        }
        let is_admin = store::users::roles_of(tx, user.id)?
            .iter()
            .any(|r| r == "admin");
        if is_admin {
            let other_admins = store::users::list(tx)?
                .into_iter()
                .filter(|u| u.active && u.id != user.id)
                .map(|u| store::users::roles_of(tx, u.id).map(|r| r.iter().any(|x| x == "admin")))
                .collect::<Result<Vec<bool>, _>>()?
                .into_iter()
                .filter(|a| *a)
                .count();
            if other_admins == 0 {
                return Err(Error::Refused(Refusal::LastAdministrator));
            }
        }
        store::users::set_active(tx, user.id, false)?;
        let now = now_stamp();
        let before = serde_json::json!({ "active": true });
        let after = serde_json::json!({ "active": false });
        audit(
            tx,
            Some(actor),
            &now,
            "user",
            Some(user.id),
            "disable",
            Some(&before),
            Some(&after),
        )?;
        Ok(())
    })
}

/// Whether the actor, still active, holds `permission` now. Screens use it to offer
/// only what the user may do; every op checks again in its own transaction.
pub fn allowed(db: &Db, actor: &Actor, permission: Permission) -> Result<bool> {
    Ok(db.read(|c| store::users::has_permission(c, actor.id(), permission.code()))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(clean_username(" Zhang.San ").unwrap(), "zhang.san");
        assert!(clean_username("").is_err());
        assert!(clean_username("张三").is_err());
        assert!(clean_username("a b").is_err());
        assert!(clean_username(&"x".repeat(33)).is_err());
    }
}

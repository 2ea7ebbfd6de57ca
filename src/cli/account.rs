//! Who runs a command (a password from the environment or a prompt) and the user
//! administration subcommands.

use std::process::ExitCode;

use super::args::UserCommand;
use super::failure::{CliResult, Failure};
pub(super) use super::password::password_from_env_or_prompt;
use crate::bi;
use crate::domain::access::Role;
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::ops::Db;
use crate::ops::{self, Actor};

/// The acting user: `--user`/ORDERDESK_USER with a password, else the mapped
/// operating-system account.
pub(super) fn authenticate(db: &Db, user: Option<&str>, lang: Lang) -> CliResult<Actor> {
    let user = user.map(str::to_string).or_else(|| {
        std::env::var("ORDERDESK_USER")
            .ok()
            .filter(|s| !s.is_empty())
    });
    match user {
        Some(u) => {
            let pw = password_from_env_or_prompt(
                "ORDERDESK_PASSWORD",
                lang.pick("密码：", "Password: "),
                false,
                lang,
            )?;
            ops::auth::login(db, &u, &pw).map_err(|e| Failure::from((lang, e)))
        }
        None => {
            let os = ops::auth::current_os_user().unwrap_or_default();
            ops::auth::login_os_user(db, &os).map_err(|e| match e {
                ops::Error::NotFound { .. } => Failure(bi!(
                    lang,
                    "系统账户“{}”没有对应的用户。请用 --user 指定用户（或设置 ORDERDESK_USER），或让管理员把您的系统账户对应到一个用户。",
                    "The system account \"{}\" is not mapped to a user. Name a user with --user (or ORDERDESK_USER), or ask an administrator to map your system account to a user.",
                    os
                )),
                other => Failure::from((lang, other)),
            })
        }
    }
}

pub(super) fn user_command(db: &Db, actor: &Actor, cmd: &UserCommand, lang: Lang) -> CliResult {
    match cmd {
        UserCommand::Add {
            username,
            roles,
            name,
            os_user,
            approval_limit,
        } => {
            let mut parsed = Vec::new();
            for r in roles {
                match Role::parse(r) {
                    Some(role) => parsed.push(role),
                    None => {
                        return Err(Failure(bi!(
                            lang,
                            "未知角色“{}”：可用 admin、sales、manager、warehouse、finance。",
                            "Unknown role \"{}\": use admin, sales, manager, warehouse, finance.",
                            r
                        )))
                    }
                }
            }
            let limit = Money::parse(approval_limit).map_err(|e| Failure::from((lang, e)))?;
            let password = password_from_env_or_prompt(
                "ORDERDESK_NEW_PASSWORD",
                lang.pick("新用户密码：", "New user's password: "),
                true,
                lang,
            )?;
            let input = ops::users::NewUserInput {
                username: username.clone(),
                display_name: name.clone(),
                password,
                roles: parsed,
                os_user: os_user.clone(),
                approval_limit: limit,
            };
            ops::users::add_user(db, actor, &input).map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已添加用户 {}",
                    "Added user {}",
                    username.trim().to_lowercase()
                )
            );
        }
        UserCommand::List => {
            let users = ops::users::list_users(db, actor).map_err(|e| Failure::from((lang, e)))?;
            let offset = db
                .read(ops::clock::company_offset)
                .map_err(|e| Failure::from((lang, e)))?;
            for u in users {
                // A lock still running, to the minute in the company's time: how an
                // administrator learns why a user's logins are refused (the login itself
                // does not say).
                let until = u
                    .locked_until
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .filter(|t| *t > ops::clock::now())
                    .map(|t| {
                        ops::clock::company_text(
                            t.with_timezone(&chrono::Utc),
                            offset,
                            ops::clock::Shown::MonthDayMinute,
                        )
                    });
                let state = if !u.active {
                    lang.pick("停用", "disabled").to_string()
                } else if let Some(until) = until {
                    bi!(lang, "锁定至 {}", "locked until {}", until)
                } else {
                    lang.pick("正常", "active").to_string()
                };
                println!(
                    "{:<12} {:<10} {:<8} {:<28} {}",
                    u.username,
                    u.display_name,
                    state,
                    u.roles.join(","),
                    u.os_user.unwrap_or_default()
                );
            }
        }
        UserCommand::Passwd { username } => {
            let password = password_from_env_or_prompt(
                "ORDERDESK_NEW_PASSWORD",
                lang.pick("新密码：", "New password: "),
                true,
                lang,
            )?;
            ops::users::set_password(db, actor, username, &password)
                .map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已修改 {} 的密码",
                    "Changed the password of {}",
                    username
                )
            );
        }
        UserCommand::Disable { username } => {
            ops::users::disable_user(db, actor, username).map_err(|e| Failure::from((lang, e)))?;
            println!("{}", bi!(lang, "已停用 {}", "Disabled {}", username));
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! A password for a command: from the environment, else asked for without echo.

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::i18n::Lang;
use crate::ops;

/// Reads a secret from the environment, else asks without echo (twice when new).
pub(super) fn password_from_env_or_prompt(
    var: &str,
    prompt: &str,
    confirm: bool,
    lang: Lang,
) -> CliResult<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    let ask = |label: &str| {
        rpassword::prompt_password(label).map_err(|e| {
            Failure(bi!(
                lang,
                "无法读取密码（可设置环境变量 {}）：{}",
                "Cannot read the password (or set {}): {}",
                var,
                e
            ))
        })
    };
    let first = ask(prompt)?;
    if confirm {
        // A new password that will be refused anyway is refused before asking again.
        ops::auth::check_password_policy(&first).map_err(|e| Failure::from((lang, e)))?;
        let again = ask(lang.pick("再输入一次：", "Again: "))?;
        if again != first {
            return Err(Failure(
                lang.pick("两次输入的密码不一致。", "The two passwords differ.")
                    .into(),
            ));
        }
    }
    Ok(first)
}

//! Reading the command line, and saying what is wrong with it in the user's language:
//! clap's own messages are English, so its errors are put into words by their kind.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use super::Cli;
use crate::config::Config;
use crate::domain::text::{shown, shown_lines};
use crate::i18n::Lang;

/// Parses the process's arguments; when they are wrong (or ask for help), prints what
/// clap would and returns the exit status instead.
pub fn parse_args() -> Result<Cli, ExitCode> {
    parse_from(std::env::args_os().collect())
}

/// [`parse_args`] with the arguments given.
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    match Cli::try_parse_from(&args) {
        Ok(cli) => Ok(cli),
        Err(e) => {
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                }
                _ => eprintln!(
                    "{}",
                    shown_lines(&usage_error(&e, lang_before_parsing(&args)))
                ),
            }
            Err(ExitCode::from(code))
        }
    }
}

/// The language to speak before the arguments are understood: `--lang` if given and
/// known, else the configuration file's (the one `--config` names, or the default),
/// else the locale's.
fn lang_before_parsing(args: &[OsString]) -> Lang {
    let value = |name: &str| -> Option<String> {
        let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == name {
                return it.next().map(str::to_string);
            }
            if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                return Some(v.to_string());
            }
        }
        None
    };
    if let Some(l) = value("--lang").as_deref().and_then(Lang::parse) {
        return l;
    }
    let named = value("--config").map(std::path::PathBuf::from);
    let path = named.clone().or_else(Config::default_path);
    path.and_then(|p| Config::load(&p, named.is_some()).ok())
        .map(|c| c.lang())
        .unwrap_or_else(Lang::from_env)
}

/// What clap noticed of one kind, as texts.
fn context(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// clap's error in `lang`: English is clap's own text; Chinese is said by the error's
/// kind, with the values clap names quoted.
fn usage_error(e: &clap::Error, lang: Lang) -> String {
    let english = e.render().to_string();
    if lang == Lang::En {
        return english.trim_end().to_string();
    }
    let q = |kind| {
        context(e, kind)
            .iter()
            .map(|s| shown(s))
            .collect::<Vec<_>>()
            .join("、")
    };
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(|k| context(e, k))
        .find(|v| !v.is_empty())
        .map(|v| {
            let v: Vec<String> = v.iter().map(|s| format!("“{}”", shown(s))).collect();
            format!("是否想输入{}？", v.join("或"))
        })
        .unwrap_or_default();
    let help = "运行 orderdesk --help 查看用法。";
    let said = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有“{}”这个命令。{suggested}",
                q(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => {
            format!("没有“{}”这个选项。{suggested}", q(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => {
            let valid = match q(ContextKind::ValidValue) {
                v if v.is_empty() => String::new(),
                v => format!("可用的值：{v}。"),
            };
            let value = q(ContextKind::InvalidValue);
            if value.is_empty() {
                format!("选项 {} 缺少值。{valid}", q(ContextKind::InvalidArg))
            } else {
                format!(
                    "选项 {} 的值“{value}”无效。{valid}",
                    q(ContextKind::InvalidArg)
                )
            }
        }
        ErrorKind::ValueValidation => format!(
            "选项 {} 的值“{}”无效。",
            q(ContextKind::InvalidArg),
            q(ContextKind::InvalidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}。", q(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => "缺少命令。".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "选项 {} 不能与 {} 同时使用。",
            q(ContextKind::InvalidArg),
            q(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("选项 {} 的值的个数不对。", q(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidUtf8 => "命令行参数不是有效的 UTF-8 文本。".to_string(),
        _ => {
            let first = english.lines().next().unwrap_or_default();
            format!(
                "命令行参数有误（{}）。",
                first.trim_start_matches("error: ")
            )
        }
    };
    format!("错误：{said}{help}")
}

//! Configuration: an optional TOML file in the platform config directory.
//!
//! Every key is optional. The database path is resolved in this order: `--db`,
//! `ORDERDESK_DB`, the config file's `database`, the platform data directory.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::bi;
use crate::i18n::{Lang, Localized};

/// How the journal mode is chosen (DESIGN.md §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JournalSetting {
    /// WAL on a local disk, DELETE on a network file system.
    #[default]
    Auto,
    Wal,
    Delete,
}

/// The parsed configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Path of the database file.
    pub database: Option<PathBuf>,
    /// `zh-CN` or `en`; the locale decides when absent.
    pub language: Option<String>,
    /// `auto`, `wal` or `delete`.
    #[serde(default)]
    pub journal_mode: JournalSetting,
    /// A command that receives a rendered document on standard input, e.g. `lp -d counter`.
    pub printer_command: Option<String>,
    /// Folder for rendered documents (confirmations, pick lists, invoices).
    pub output_dir: Option<PathBuf>,
    /// Key overrides: `command = "F6"` or `command = ["F6", "Ctrl+F"]`. The command
    /// names are listed in the README; unknown names and clashes are reported.
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, KeySpec>,
}

/// One key or a key and its alternative.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Two(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeySpec::One(k) => vec![k.clone()],
            KeySpec::Two(v) => v.clone(),
        }
    }
}

/// A configuration file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    Unreadable {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("the configuration file {path} is invalid at line {line}: {reason}")]
    Invalid {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// `--config` named a file that is not there.
    #[error("there is no configuration file {0}")]
    Missing(PathBuf),
}

/// What the TOML parser found wrong, told in the user's language; the parser's own
/// words follow as detail where they add something.
fn toml_reason(reason: &str, lang: Lang) -> String {
    let quoted = |after: &str| -> Option<String> {
        let rest = reason.strip_prefix(after)?;
        let rest = rest.strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_string())
    };
    if let Some(key) = quoted("unknown field ") {
        return bi!(
            lang,
            "没有名为“{}”的设置项（{}）",
            "there is no setting named \"{}\" ({})",
            crate::domain::text::shown(&key),
            reason
        );
    }
    if let Some(value) = quoted("unknown variant ") {
        return bi!(
            lang,
            "“{}”不是这里可用的值（{}）",
            "\"{}\" is not a value this setting takes ({})",
            crate::domain::text::shown(&value),
            reason
        );
    }
    if reason.contains("untagged enum KeySpec") {
        return lang
            .pick(
                "按键应写成 \"F6\" 或 [\"F6\", \"Ctrl+F\"]",
                "a key is written \"F6\" or [\"F6\", \"Ctrl+F\"]",
            )
            .to_string();
    }
    if reason.starts_with("invalid type") {
        return bi!(
            lang,
            "值的类型不对（{}）",
            "the value has the wrong type ({})",
            reason
        );
    }
    bi!(lang, "格式错误（{}）", "the text is malformed ({})", reason)
}

impl Localized for ConfigError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ConfigError::Unreadable { path, reason } => bi!(
                lang,
                "无法读取配置文件 {}：{}",
                "cannot read the configuration file {}: {}",
                path.display(),
                crate::i18n::io_reason(reason, lang)
            ),
            ConfigError::Invalid { path, line, reason } => bi!(
                lang,
                "配置文件 {} 第 {} 行有误：{}。请改正或删除该行。",
                "the configuration file {} is invalid at line {}: {}. Correct or remove that line.",
                path.display(),
                line,
                toml_reason(reason, lang)
            ),
            ConfigError::Missing(path) => bi!(
                lang,
                "找不到配置文件 {}，请检查 --config 后的路径。",
                "There is no configuration file {}; check the path after --config.",
                path.display()
            ),
        }
    }
}

impl Config {
    /// The platform's configuration file path (`~/.config/orderdesk/config.toml` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        project_dirs().map(|d| d.config_dir().join("config.toml"))
    }

    /// Loads the file at `path`; a missing file is the empty configuration unless the
    /// user named it (`--config`), when it is an error.
    pub fn load(path: &Path, named: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && named => {
                return Err(ConfigError::Missing(path.to_path_buf()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError::Unreadable {
                    path: path.to_path_buf(),
                    reason: e,
                })
            }
        };
        Config::parse(&text).map_err(|(line, reason)| ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            reason,
        })
    }

    /// Parses configuration text; the error carries the 1-based line and the reason.
    pub fn parse(text: &str) -> Result<Config, (usize, String)> {
        let config = toml::from_str::<Config>(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            (line, e.message().to_string())
        })?;
        if let Some(l) = config.language.as_deref() {
            if Lang::parse(l).is_none() {
                // The line that sets it, for the message.
                let line = text
                    .lines()
                    .position(|t| t.trim_start().starts_with("language"))
                    .map_or(1, |i| i + 1);
                return Err((
                    line,
                    format!("unknown variant `{l}`, expected one of `zh-CN`, `en`"),
                ));
            }
        }
        Ok(config)
    }

    /// The language: the configuration's when valid, else the locale's.
    pub fn lang(&self) -> Lang {
        self.language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(Lang::from_env)
    }

    /// Resolves the database path: `--db`, then `ORDERDESK_DB`, then the file, then the
    /// platform data directory.
    pub fn database_path(&self, cli: Option<&Path>) -> PathBuf {
        if let Some(p) = cli {
            return p.to_path_buf();
        }
        if let Some(p) = std::env::var_os("ORDERDESK_DB").filter(|v| !v.is_empty()) {
            return PathBuf::from(p);
        }
        if let Some(p) = &self.database {
            return p.clone();
        }
        default_data_dir().join("orderdesk.db")
    }

    /// Where rendered documents go.
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| default_data_dir().join("documents"))
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "orderdesk")
}

/// The platform data directory (`~/.local/share/orderdesk` on Linux).
pub fn default_data_dir() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_optional() {
        let c = Config::parse("").unwrap();
        assert!(c.database.is_none());
        assert_eq!(c.journal_mode, JournalSetting::Auto);
    }

    #[test]
    fn reads_all_keys() {
        let c = Config::parse(
            "database = \"/srv/shop.db\"\nlanguage = \"en\"\njournal_mode = \"delete\"\n\
             printer_command = \"lp\"\noutput_dir = \"/tmp/docs\"\n",
        )
        .unwrap();
        assert_eq!(c.database.as_deref(), Some(Path::new("/srv/shop.db")));
        assert_eq!(c.lang(), Lang::En);
        assert_eq!(c.journal_mode, JournalSetting::Delete);
        assert_eq!(c.printer_command.as_deref(), Some("lp"));
    }

    #[test]
    fn errors_name_the_line() {
        let (line, reason) =
            Config::parse("language = \"en\"\n\njournal_mode = \"fast\"\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(
            reason.contains("fast") || reason.contains("variant"),
            "{reason}"
        );
        let (line, _) = Config::parse("language = \"en\"\ncolour = 1\n").unwrap_err();
        assert_eq!(line, 2);
    }

    #[test]
    fn an_unknown_language_is_refused_in_the_users_language() {
        let (line, reason) = Config::parse("database = \"x.db\"\nlanguage = \"fr\"\n").unwrap_err();
        assert_eq!(line, 2);
        let e = ConfigError::Invalid {
            path: PathBuf::from("c.toml"),
            line,
            reason,
        };
        assert!(
            e.localized(Lang::Zh).contains("“fr”不是这里可用的值"),
            "{}",
            e.localized(Lang::Zh)
        );
        assert!(e.localized(Lang::En).contains("\"fr\" is not a value"));
        let (_, reason) = Config::parse("colour = 1\n").unwrap_err();
        assert!(toml_reason(&reason, Lang::Zh).starts_with("没有名为“colour”的设置项"));
    }

    #[test]
    fn a_named_configuration_file_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.toml");
        assert!(
            Config::load(&path, false).is_ok(),
            "the default file may be absent"
        );
        assert!(matches!(
            Config::load(&path, true),
            Err(ConfigError::Missing(_))
        ));
    }

    #[test]
    fn cli_path_wins() {
        let c = Config {
            database: Some(PathBuf::from("/from/config.db")),
            ..Config::default()
        };
        assert_eq!(
            c.database_path(Some(Path::new("/cli.db"))),
            PathBuf::from("/cli.db")
        );
    }
}

//! What can go wrong in the storage layer, in both languages, and which of it is worth
//! retrying.

use std::path::PathBuf;

use rusqlite::ErrorCode;

use crate::bi;
use crate::i18n::{Lang, Localized};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is busy (another program is reading or writing the file); gave up after {waited_ms} ms")]
    Busy { waited_ms: u64 },
    #[error("{path} is not an orderdesk database")]
    Foreign { path: PathBuf },
    #[error("{path} has schema version {found}, newer than this program ({supported}); update orderdesk")]
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the database file is damaged or not a database: {0}")]
    Corrupt(String),
    #[error("the database file is read-only: {0}")]
    ReadOnly(String),
    #[error("cannot open {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("the folder {0} does not exist")]
    MissingFolder(PathBuf),
    #[error("{path} is on a network drive but another computer keeps it in WAL mode")]
    WalOnNetwork { path: PathBuf },
    #[error("the disk holding {path} is full; it cannot be opened")]
    FullAtOpen { path: PathBuf },
    #[error("the disk is full; nothing was saved: {0}")]
    Full(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error(transparent)]
    Share(#[from] super::share::ShareError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy { waited_ms: 0 }
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(e.to_string()),
            // SQLite undoes the whole transaction (or at least the statement, which then
            // fails the transaction) when the disk fills: nothing is half-written.
            Some(ErrorCode::DiskFull) => StoreError::Full(e.to_string()),
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Corrupt(e.to_string())
            }
            // A stored value a domain type does not read (see `codec`).
            _ if matches!(e, rusqlite::Error::FromSqlConversionFailure(..)) => {
                StoreError::Corrupt(e.to_string())
            }
            _ => StoreError::Sql(e),
        }
    }
}

impl Localized for StoreError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            StoreError::Busy { waited_ms } => bi!(
                lang,
                "数据库正忙（另一个程序正在读取或写入该文件），已等待 {} 毫秒，未做任何修改，请稍后再试。",
                "The database is busy (another program is reading or writing the file); waited {} ms and changed nothing. Please try again.",
                waited_ms
            ),
            StoreError::Foreign { path } => bi!(
                lang,
                "{} 不是 orderdesk 数据库，未做任何修改。",
                "{} is not an orderdesk database; nothing was changed.",
                path.display()
            ),
            StoreError::Newer {
                path,
                found,
                supported,
            } => bi!(
                lang,
                "{} 的结构版本为 {}，比本程序支持的 {} 更新，请升级 orderdesk。",
                "{} has schema version {}, newer than this program's {}; please update orderdesk.",
                path.display(),
                found,
                supported
            ),
            StoreError::Corrupt(d) => bi!(
                lang,
                "数据库文件已损坏或不是数据库（{}）。请从备份恢复。",
                "The database file is damaged or not a database ({}). Restore it from a backup.",
                d
            ),
            StoreError::ReadOnly(d) => bi!(
                lang,
                "数据库文件只读，无法保存（{}）。请检查文件权限。",
                "The database file is read-only and cannot be written ({}). Check the file permissions.",
                d
            ),
            StoreError::CannotOpen { path, reason } => bi!(
                lang,
                "无法打开 {}：{}",
                "Cannot open {}: {}",
                path.display(),
                reason
            ),
            StoreError::Exists(p) => bi!(
                lang,
                "{} 已存在，未做任何修改。",
                "{} already exists; nothing was changed.",
                p.display()
            ),
            StoreError::Missing(p) => bi!(
                lang,
                "{} 不存在。请先用 `orderdesk init` 或 `orderdesk demo` 创建数据库。",
                "{} does not exist. Create it first with `orderdesk init` or `orderdesk demo`.",
                p.display()
            ),
            StoreError::MissingFolder(p) => bi!(
                lang,
                "文件夹 {} 不存在，请先创建它或换一个路径。",
                "The folder {} does not exist; create it first or choose another path.",
                p.display()
            ),
            StoreError::WalOnNetwork { path } => bi!(
                lang,
                "{} 在网络驱动器上，但另一台电脑以 WAL 模式打开着它；在网络驱动器上用 WAL 会损坏数据。请所有电脑都使用 journal_mode = \"delete\"（或关闭其他电脑上的 orderdesk）后再试。",
                "{} is on a network drive but another computer keeps it open in WAL mode, which corrupts data over a network. Set journal_mode = \"delete\" on every computer (or close orderdesk on the others) and try again.",
                path.display()
            ),
            StoreError::FullAtOpen { path } => bi!(
                lang,
                "存放 {} 的磁盘已满，连打开它都不行（SQLite 需要一点空间存放共享内存文件）。什么也没有保存，数据库中没有写了一半的内容。请腾出磁盘空间后再试。",
                "The disk holding {} is full, so it cannot even be opened (SQLite needs a little room for its shared-memory file). Nothing was saved, and nothing was half-written in the database. Free some disk space and try again.",
                path.display()
            ),
            StoreError::Full(d) => bi!(
                lang,
                "磁盘已满，这次的修改没有保存；数据库中没有写了一半的内容（{}）。请腾出磁盘空间后再试。",
                "The disk is full, so this change was not saved; nothing was half-written in the database ({}). Free some disk space and try again.",
                d
            ),
            StoreError::Sql(e) => bi!(lang, "数据库错误：{}", "Database error: {}", e),
            StoreError::Share(e) => e.localized(lang),
        }
    }
}

/// Errors that may be a busy database, so the transaction helper knows when to retry.
pub trait Retryable {
    fn is_busy(&self) -> bool;
}

impl Retryable for StoreError {
    fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy { .. })
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

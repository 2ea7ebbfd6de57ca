//! `orderdesk check` and `orderdesk info`: proving the invariants, describing the file.

use super::Result;
use crate::i18n::Lang;
use crate::store::{self, Db};

pub use crate::store::check::Violation;

/// Runs SQLite's integrity and foreign-key checks and every domain invariant.
pub fn run_check(db: &Db) -> Result<Vec<Violation>> {
    // One snapshot: while others write, every cached balance is compared with its ledger
    // as of the same moment.
    Ok(db.read_snapshot(store::check::run)?)
}

/// What `orderdesk info` shows.
#[derive(Debug, Clone)]
pub struct Info {
    pub path: String,
    pub fs_kind: String,
    pub network: bool,
    pub journal_mode: &'static str,
    pub schema_version: i64,
    pub company: Option<String>,
    pub counts: Vec<(&'static str, i64)>,
}

pub fn info(db: &Db) -> Result<Info> {
    let (company, counts) = db.read_snapshot(|c| {
        Ok::<_, store::StoreError>((
            store::master::company(c)?.map(|co| co.name),
            store::master::table_counts(c)?,
        ))
    })?;
    Ok(Info {
        path: db.path().display().to_string(),
        fs_kind: db.fs_kind().name().to_string(),
        network: db.fs_kind().is_network(),
        journal_mode: db.journal_mode().as_str(),
        schema_version: db.schema_version()?,
        company,
        counts,
    })
}

/// How writers on different computers are kept apart on this file, in words (for
/// `orderdesk info`).
pub fn locking_text(db: &Db, lang: Lang) -> String {
    let locking = store::share::locking(db.fs_kind(), db.path());
    store::share::describe(locking, db.lease(), lang)
}

/// Makes a wait for another computer's writer say so on standard error, in `lang`: the
/// command line has no screen to show it on.
pub fn wait_notices_to_stderr(lang: Lang) {
    store::share::set_wait_notice(match lang {
        Lang::Zh => |h, w| eprintln!("{}", store::share::waiting(h, w, Lang::Zh)),
        Lang::En => |h, w| eprintln!("{}", store::share::waiting(h, w, Lang::En)),
    });
}

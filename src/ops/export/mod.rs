//! Export (导出) of a list or a report to a CSV or XLSX file, for Excel and WPS.
//!
//! A list is a [`Source`]: its columns, who may read it, and its rows, read page by
//! page through the same keyset queries its screen uses, so that an export of a
//! hundred thousand rows never holds more than a page in memory. [`export`] writes the
//! rows as they come into a temporary file beside the target and renames it into place
//! at the end: a failed export leaves nothing half-written. CSV files are UTF-8 with a
//! byte-order mark (Excel on a Chinese Windows then reads the Chinese right); XLSX files
//! hold numbers and dates as Excel's own types with number formats, amounts as the
//! exact two-decimal values, written in the writer's constant-memory mode.
//!
//! `commerce`, `goods`, `money` and `after_sales` hold the sources of the screens of
//! each flow, `figures` the tables of the analysis screen; `lists` names them for the
//! command line.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Connection;

use super::{audit, clock, now_stamp, Actor, Error, Refusal, Result};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::table::{Cell, Column};
use crate::i18n::Lang;
use crate::store::{self, Db};

pub mod after_sales;
pub mod commerce;
mod csv_file;
pub mod figures;
pub mod goods;
pub mod lists;
pub mod money;
mod xlsx_file;

pub use lists::{list_names, source_by_name, ListArgs};

/// Rows read from the database at a time.
pub const PAGE: i64 = 1000;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Xlsx, Format::Csv];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" | "excel" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// How the export layer names the format.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Format::Xlsx => lang.pick("Excel 工作簿（.xlsx）", "Excel workbook (.xlsx)"),
            Format::Csv => lang.pick(
                "CSV（UTF-8，Excel 可直接打开）",
                "CSV (UTF-8, opens in Excel)",
            ),
        }
    }
}

/// What a source needs to write its cells: the reader's language (stages, reasons and
/// other codes are written through the catalogue) and the company's time zone.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub lang: Lang,
    pub utc_offset: i64,
}

impl Ctx {
    /// An instant as stored (RFC 3339, UTC) in the company's time zone; an instant that
    /// does not parse is left out rather than guessed.
    pub fn local(&self, stored: &str) -> Cell {
        match DateTime::parse_from_rfc3339(stored) {
            Ok(t) => Cell::DateTime(self.local_time(t.with_timezone(&Utc))),
            Err(_) => Cell::text(stored),
        }
    }

    fn local_time(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&clock::company_zone(self.utc_offset))
            .naive_local()
    }
}

/// Where a source's rows go, one at a time.
pub type Rows<'a> = &'a mut dyn FnMut(Vec<Cell>) -> Result<()>;

/// A list or a report that can be exported.
pub trait Source: Send {
    /// The file name's stem (`orders`): ASCII, so that the name survives any file system.
    fn name(&self) -> &'static str;
    /// The title in the reader's language: the sheet's name.
    fn title(&self, lang: Lang) -> String;
    fn columns(&self) -> Vec<Column>;
    /// The permissions of which reading the list needs one (those of its screen);
    /// empty: everyone may read it.
    fn permissions(&self) -> &'static [Permission];
    /// Reads the rows page by page (never the whole table at once) and hands each to
    /// `out` in the list's order.
    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()>;
}

/// Where to write: a folder (the file is named after the list and the time) or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A folder that must exist, unless `create` (the configured output folder, made on
    /// first use).
    Folder { dir: PathBuf, create: bool },
    /// This file, replaced whole if it exists.
    File(PathBuf),
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: u64,
    pub format: Format,
}

/// Whether the actor holds one of `needed` (none needed: yes), in this transaction.
fn require_one(c: &Connection, actor: &Actor, needed: &[Permission]) -> Result<()> {
    let Some(first) = needed.first() else {
        return Ok(());
    };
    for p in needed {
        if store::users::has_permission(c, actor.id(), p.code())? {
            return Ok(());
        }
    }
    Err(Error::PermissionDenied { permission: *first })
}

/// The folder of a target and the file to write there.
fn resolve(
    target: &Target,
    source: &dyn Source,
    format: Format,
    at: NaiveDateTime,
) -> Result<(PathBuf, PathBuf)> {
    match target {
        Target::Folder { dir, create } => {
            if *create && !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, &e))?;
            }
            check_folder(dir)?;
            let stem = format!("{}-{}", source.name(), at.format("%Y%m%d-%H%M%S"));
            let mut path = dir.join(format!("{stem}.{}", format.extension()));
            let mut n = 2;
            while path.exists() {
                path = dir.join(format!("{stem}-{n}.{}", format.extension()));
                n += 1;
            }
            Ok((dir.clone(), path))
        }
        Target::File(path) => {
            if path.is_dir() {
                return Err(Refusal::ExportTargetIsFolder {
                    path: path.display().to_string(),
                }
                .into());
            }
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            check_folder(&dir)?;
            Ok((dir, path.clone()))
        }
    }
}

fn check_folder(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::field_refused(
            FieldId::ExportFolder,
            Refusal::ExportFolderMissing {
                folder: dir.display().to_string(),
            },
        )),
        Err(e) => Err(folder_error(dir, &e)),
    }
}

fn folder_error(dir: &Path, e: &std::io::Error) -> Error {
    let folder = dir.display().to_string();
    match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Error::field_refused(
            FieldId::ExportFolder,
            Refusal::ExportFolderMissing { folder },
        ),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            Error::field_refused(
                FieldId::ExportFolder,
                Refusal::ExportFolderNotWritable { folder },
            )
        }
        _ => Error::Io {
            detail: format!("{folder}: {e}"),
        },
    }
}

/// An export checked and ready to write: the permission held, the folder writable, the
/// temporary file made beside the file it will become. Dropped unwritten, it leaves
/// nothing behind.
#[derive(Debug)]
pub struct Prepared {
    dir: PathBuf,
    path: PathBuf,
    temp: tempfile::NamedTempFile,
    format: Format,
    cx: Ctx,
}

impl Prepared {
    /// The file the export will be.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Checks an export of `source` as `actor` in `format` to `target`, headings and codes
/// in `lang`: the permission of its list, then the folder (one that does not exist or
/// cannot be written is refused), and makes the temporary file the rows will go to.
/// Quick: the rows are written by [`write`], which may run on another thread.
pub fn prepare(
    db: &Db,
    actor: &Actor,
    source: &dyn Source,
    format: Format,
    target: &Target,
    lang: Lang,
) -> Result<Prepared> {
    let utc_offset = db.read(|c| {
        require_one(c, actor, source.permissions())?;
        Ok::<_, Error>(clock::company_offset(c)?)
    })?;
    let cx = Ctx { lang, utc_offset };
    let (dir, path) = resolve(target, source, format, cx.local_time(clock::now()))?;
    let temp = tempfile::Builder::new()
        .prefix(".orderdesk-export-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| folder_error(&dir, &e))?;
    // Readable by the owner and the group, as the database file is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o660))
            .map_err(|e| folder_error(&dir, &e))?;
    }
    Ok(Prepared {
        dir,
        path,
        temp,
        format,
        cx,
    })
}

/// Writes the rows of a prepared export into its temporary file, which becomes the file
/// only when every row is written; the export is recorded in the audit log in the same
/// step. On any failure nothing is left behind.
pub fn write(db: &Db, actor: &Actor, source: &dyn Source, prepared: Prepared) -> Result<Exported> {
    let Prepared {
        dir,
        path,
        temp,
        format,
        cx,
    } = prepared;
    let rows = match format {
        Format::Csv => csv_file::write(temp.as_file(), db, source, &cx)?,
        Format::Xlsx => xlsx_file::write(temp.path(), &dir, db, source, &cx)?,
    };
    let mut temp = Some(temp);
    let shown = path.display().to_string();
    db.write(|tx| {
        let at = now_stamp();
        let after = serde_json::json!({
            "list": source.name(),
            "format": format.extension(),
            "rows": rows,
            "file": shown,
        });
        audit(
            tx,
            Some(actor),
            &at,
            "export",
            None,
            "export",
            None,
            Some(&after),
        )?;
        // Renamed inside the transaction: a rename that fails records no export. A
        // busy commit is retried without running this again.
        if let Some(t) = temp.take() {
            t.persist(&path).map_err(|e| folder_error(&dir, &e.error))?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(Exported { path, rows, format })
}

/// Exports `source` as `actor` in `format` to `target`, headings and codes in `lang`:
/// [`prepare`], then [`write`].
pub fn export(
    db: &Db,
    actor: &Actor,
    source: &dyn Source,
    format: Format,
    target: &Target,
    lang: Lang,
) -> Result<Exported> {
    let prepared = prepare(db, actor, source, format, target, lang)?;
    write(db, actor, source, prepared)
}

/// The database file as a thread of its own opens it again, in the journal mode it is
/// in: an export of many rows is written off the screen's thread, on its own
/// connection.
#[derive(Debug, Clone)]
pub struct SameFile {
    path: PathBuf,
    setting: crate::config::JournalSetting,
}

impl SameFile {
    pub fn of(db: &Db) -> SameFile {
        SameFile {
            path: db.path().to_path_buf(),
            setting: match db.journal_mode() {
                store::JournalMode::Wal => crate::config::JournalSetting::Wal,
                store::JournalMode::Delete => crate::config::JournalSetting::Delete,
            },
        }
    }

    /// A new connection to the file.
    pub fn open(&self) -> Result<Db> {
        Ok(Db::open(&self.path, self.setting)?)
    }
}

/// Runs a source's rows into `f` with the actor's permission checked; the tests and
/// the benchmarks read a table this way without a file.
pub fn each_row(db: &Db, actor: &Actor, source: &dyn Source, lang: Lang, out: Rows) -> Result<()> {
    let utc_offset = db.read(|c| {
        require_one(c, actor, source.permissions())?;
        Ok::<_, Error>(clock::company_offset(c)?)
    })?;
    source.rows(db, &Ctx { lang, utc_offset }, out)
}

/// Reads pages until one comes back short: `page(after)` reads the page after the
/// cursor `after` (`None`: the first), `cursor` gives the cursor of a page's last row
/// and `row` its cells.
pub(crate) fn paged<R, K>(
    mut page: impl FnMut(Option<&K>) -> Result<Vec<R>>,
    cursor: impl Fn(&R) -> K,
    mut row: impl FnMut(&R) -> Result<Vec<Cell>>,
    out: Rows,
) -> Result<()> {
    let mut after: Option<K> = None;
    loop {
        let rows = page(after.as_ref())?;
        for r in &rows {
            out(row(r)?)?;
        }
        match rows.last() {
            Some(last) if rows.len() as i64 >= PAGE => after = Some(cursor(last)),
            _ => return Ok(()),
        }
    }
}

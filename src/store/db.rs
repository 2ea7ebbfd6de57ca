//! An open database: creating and opening the file, pragmas, migrations, and the
//! read and write transactions with their retry on a busy database.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::error::{Result, Retryable, StoreError};
use super::fs_kind::{self, FsKind};
use crate::config::JournalSetting;

/// Marks a file as orderdesk's (`PRAGMA application_id`): "ODsk".
pub const APPLICATION_ID: i32 = 0x4F44_736B;

/// Ordered migrations; the index + 1 is the schema version they produce.
/// The schema steps, oldest first; a file's `user_version` says how many it has run.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_invoiced_lines.sql"),
    include_str!("migrations/0003_search_texts.sql"),
    include_str!("migrations/0004_counter_flow.sql"),
    include_str!("migrations/0005_counter_warehouse.sql"),
    include_str!("migrations/0006_goods_flow.sql"),
    include_str!("migrations/0007_ledger_cash.sql"),
    include_str!("migrations/0008_tickets_purchases.sql"),
    include_str!("migrations/0009_credit_exposure.sql"),
    include_str!("migrations/0010_figures.sql"),
    include_str!("migrations/0011_returns.sql"),
    include_str!("migrations/0012_warehouse_home.sql"),
    include_str!("migrations/0013_customer_carrier.sql"),
];

/// The schema version of an orderdesk file, read without changing it (no migration, no
/// journal-mode switch); `None` when the file is not orderdesk's or cannot be read.
pub fn file_schema_version(path: &Path) -> Option<i64> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    let app_id: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    if app_id != APPLICATION_ID {
        return None;
    }
    c.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()
}

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write keeps retrying on a busy database before giving up.
pub const DEFAULT_BUSY_DEADLINE: Duration = Duration::from_secs(10);

/// SQLite's own busy wait per attempt; short, because its waiting is unfair and our
/// retry loop with jitter spreads the writers.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 25;

/// The journal mode in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalMode {
    Wal,
    Delete,
}

impl JournalMode {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalMode::Wal => "wal",
            JournalMode::Delete => "delete",
        }
    }
}

/// An open orderdesk database: one connection, its file and how it was opened.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    fs: FsKind,
    journal: JournalMode,
    busy_deadline: Duration,
    migration_backup: Option<PathBuf>,
    /// Held where the file system has no locks between computers; declared last, so that
    /// it is released after the connection has closed.
    lease: Option<super::share::Lease>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .field("fs", &self.fs)
            .field("journal", &self.journal)
            .finish()
    }
}

impl Db {
    /// Creates a new database file (it must not exist) with the current schema. The file
    /// is readable and writable by its owner and group only.
    pub fn create(path: &Path, journal: JournalSetting) -> Result<Db> {
        Db::create_with_migrations(path, journal, MIGRATIONS)
    }

    /// [`Db::create`] with another list of migrations: lets the tests make a file of an
    /// older schema version.
    #[doc(hidden)]
    pub fn create_with_migrations(
        path: &Path,
        journal: JournalSetting,
        migrations: &[&str],
    ) -> Result<Db> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
                return Err(StoreError::MissingFolder(dir.to_path_buf()))
            }
            _ => {}
        }
        create_private_file(path)?;
        let mut db = Db::open_file(path, journal, migrations.len() as i64, true)?;
        let fresh = db.conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get::<_, i64>(0),
        )?;
        if fresh != 0 {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
            });
        }
        db.migrate(migrations)?;
        Ok(db)
    }

    /// Opens an existing orderdesk database, migrating an older schema after a backup.
    pub fn open(path: &Path, journal: JournalSetting) -> Result<Db> {
        Db::open_with_migrations(path, journal, MIGRATIONS)
    }

    /// [`Db::open`] with another list of migrations: lets the tests exercise a schema
    /// upgrade (backup first, one transaction per step) before a second migration exists.
    #[doc(hidden)]
    pub fn open_with_migrations(
        path: &Path,
        journal: JournalSetting,
        migrations: &[&str],
    ) -> Result<Db> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let mut db = Db::open_file(path, journal, migrations.len() as i64, false)?;
        db.migrate(migrations)?;
        Ok(db)
    }

    /// Opens the file and checks that it is orderdesk's; only a file being created may
    /// still be empty (an empty file given as the database is refused, untouched, as
    /// only `init` and `demo` create a database).
    fn open_file(path: &Path, setting: JournalSetting, latest: i64, creating: bool) -> Result<Db> {
        let fs = fs_kind::detect(path);
        // Before SQLite touches the file: it may roll back a journal when it opens.
        let lease = super::share::acquire(path, &fs)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::CannotOpen {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        super::search::register_functions(&conn)?;
        super::ledger::register_functions(&conn)?;
        conn.busy_timeout(Duration::from_millis(SQLITE_BUSY_TIMEOUT_MS))?;
        // Every statement of the program is cached; the default 16 is too few.
        conn.set_prepared_statement_cache_capacity(128);
        // A cached statement must stay compiled. Without the query planner stability
        // guarantee, SQLite (the bundled 3.50) folds the value bound to `LIMIT ?` into the
        // plan and recompiles the statement whenever that parameter is bound again, that
        // is on every run: measured on the large demo data, a page of the order list
        // spent about half its time being recompiled. Our statements are planned for
        // any value, by keyset on an index, so the plan never needs the value.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
            fs,
            journal: JournalMode::Delete,
            busy_deadline: DEFAULT_BUSY_DEADLINE,
            migration_backup: None,
            lease,
        };
        match db.check_and_set_up(setting, latest, creating) {
            Ok(()) => Ok(db),
            // In WAL mode even a read needs room for the shared-memory file.
            Err(e) if db.out_of_space(&e) => Err(StoreError::FullAtOpen {
                path: path.to_path_buf(),
            }),
            Err(e) => Err(e),
        }
    }

    /// Whether `e` comes from a full disk: SQLite says so itself, or reports an I/O error
    /// whose cause (the last error of the operating system) is "no space left".
    fn out_of_space(&self, e: &StoreError) -> bool {
        match e {
            StoreError::Full(_) => true,
            StoreError::Sql(err)
                if err.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure) =>
            {
                // SAFETY: the handle belongs to this open connection and is only read.
                let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(self.conn.handle()) };
                errno == libc::ENOSPC
            }
            _ => false,
        }
    }

    /// The checks and settings of [`Db::open_file`] once the file is open.
    fn check_and_set_up(
        &mut self,
        setting: JournalSetting,
        latest: i64,
        creating: bool,
    ) -> Result<()> {
        let db = self;
        let path = db.path.clone();
        let path = path.as_path();
        // The first read finds out whether this is a database at all.
        let app_id: i32 = db.pragma("PRAGMA application_id")?;
        let tables: i64 = db.pragma("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")?;
        if app_id != APPLICATION_ID && !(creating && app_id == 0 && tables == 0) {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
            });
        }
        let version: i64 = db.pragma("PRAGMA user_version")?;
        if version > latest {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                supported: latest,
            });
        }
        // The page cache grows as it is used, up to 32 MiB. Measured on the large demo
        // data: once an 8 MiB cache had filled with lookups, a page of the order list
        // took 140 µs instead of 60 µs; with 32 MiB it stays at 60 µs.
        db.conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = FULL;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32000;",
        )?;
        let want = match setting {
            JournalSetting::Wal => JournalMode::Wal,
            JournalSetting::Delete => JournalMode::Delete,
            JournalSetting::Auto => match db.fs {
                FsKind::Local(_) => JournalMode::Wal,
                // Unknown is treated as remote: WAL over a network corrupts data.
                FsKind::Network(_) | FsKind::Unknown => JournalMode::Delete,
            },
        };
        db.journal = db.set_journal_mode(want)?;
        if db.journal == JournalMode::Wal
            && want == JournalMode::Delete
            && !matches!(db.fs, FsKind::Local(_))
        {
            return Err(StoreError::WalOnNetwork {
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Switches the journal mode; another process holding the file open may keep it in
    /// its current mode, which is then reported as it is.
    fn set_journal_mode(&self, want: JournalMode) -> Result<JournalMode> {
        let sql = format!("PRAGMA journal_mode = {}", want.as_str());
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match self
                .conn
                .query_row(&sql, [], |r| r.get::<_, String>(0))
                .map_err(StoreError::from)
            {
                Ok(_) => break,
                Err(e) if e.is_busy() && Instant::now() < deadline => {
                    std::thread::sleep(jitter(1));
                }
                Err(e) if e.is_busy() => break,
                Err(e) => return Err(e),
            }
        }
        let now: String = self.pragma("PRAGMA journal_mode")?;
        Ok(if now.eq_ignore_ascii_case("wal") {
            JournalMode::Wal
        } else {
            JournalMode::Delete
        })
    }

    /// Brings the schema up to the last of `migrations`: an online backup first when the
    /// file already holds data, then each migration in its own transaction, so that a
    /// failing step leaves the file at the previous version.
    fn migrate(&mut self, migrations: &[&str]) -> Result<()> {
        let latest = migrations.len() as i64;
        let version: i64 = self.pragma("PRAGMA user_version")?;
        if version >= latest {
            return Ok(());
        }
        if version > 0 {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
            let mut name = self.path.as_os_str().to_owned();
            name.push(format!(".v{version}-{stamp}.bak"));
            let backup = PathBuf::from(name);
            self.backup_to(&backup)?;
            self.migration_backup = Some(backup);
        }
        for (i, sql) in migrations.iter().enumerate() {
            let target = i as i64 + 1;
            self.write(|tx| {
                // Another process may have migrated while we waited for the lock.
                let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                if current >= target {
                    return Ok(());
                }
                tx.execute_batch(sql)?;
                // The last step to the current schema also records what older versions
                // left unrecorded, in the same transaction: the goods flow behind the
                // quantities shipped before schema 6, and the journal of the history
                // before schema 7 (see `store::history`, `store::history_posting`).
                if target == SCHEMA_VERSION && version > 0 {
                    if version < 6 {
                        super::history::upgrade_legacy_goods(tx)?;
                    }
                    if version < 7 {
                        super::history_posting::post_legacy_history(tx)?;
                    }
                }
                tx.execute_batch(&format!(
                    "PRAGMA user_version = {target}; PRAGMA application_id = {APPLICATION_ID};"
                ))?;
                Ok::<_, StoreError>(())
            })?;
        }
        Ok(())
    }

    /// The backup taken before this open migrated the schema, if it did.
    pub fn migration_backup(&self) -> Option<&Path> {
        self.migration_backup.as_deref()
    }

    /// Copies the whole database to `dest` through SQLite's online backup API, while
    /// other sessions go on working.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Exists(dest.to_path_buf()));
        }
        create_private_file(dest)?;
        let mut out = Connection::open(dest).map_err(|e| StoreError::CannotOpen {
            path: dest.to_path_buf(),
            reason: e.to_string(),
        })?;
        let result = (|| -> Result<()> {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
            backup.run_to_completion(256, Duration::from_millis(5), None)?;
            Ok(())
        })();
        if result.is_err() {
            drop(out);
            let _ = std::fs::remove_file(dest);
        }
        result
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn fs_kind(&self) -> &FsKind {
        &self.fs
    }

    pub fn journal_mode(&self) -> JournalMode {
        self.journal
    }

    /// The lease this session holds, where the file system has no locks between computers.
    pub fn lease(&self) -> Option<&super::share::Lease> {
        self.lease.as_ref()
    }

    /// Sets how long writes retry on a busy database (the UI uses a short one and
    /// retries by itself).
    pub fn set_busy_deadline(&mut self, d: Duration) {
        self.busy_deadline = d;
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        self.pragma("PRAGMA user_version")
    }

    /// Reads one value of a pragma or a one-row query.
    fn pragma<T: rusqlite::types::FromSql>(&self, sql: &str) -> Result<T> {
        self.read(|c| Ok::<T, StoreError>(c.query_row(sql, [], |r| r.get(0))?))
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        self.pragma("PRAGMA data_version")
    }

    /// Runs a read, retrying while the database is busy.
    pub fn read<T, E>(&self, mut f: impl FnMut(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + Retryable,
    {
        let start = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            match f(&self.conn) {
                Err(e) if e.is_busy() => {
                    if start.elapsed() >= self.busy_deadline {
                        return Err(StoreError::Busy {
                            waited_ms: start.elapsed().as_millis() as u64,
                        }
                        .into());
                    }
                    std::thread::sleep(jitter(attempt));
                }
                other => return other,
            }
        }
    }

    /// Runs a read of several statements in one deferred transaction, so that they all
    /// see the same snapshot while others write; retried while the database is busy.
    pub fn read_snapshot<T, E>(
        &self,
        mut f: impl FnMut(&Connection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + Retryable,
    {
        self.read(|c| {
            let tx = Transaction::new_unchecked(c, TransactionBehavior::Deferred)
                .map_err(StoreError::from)?;
            let value = f(&tx)?;
            // Nothing was written: ending the transaction only releases the snapshot.
            tx.rollback().map_err(StoreError::from)?;
            Ok(value)
        })
    }

    /// Runs one write as one `BEGIN IMMEDIATE` transaction: committed whole or not at
    /// all. On SQLITE_BUSY the transaction is rolled back and run again after a random
    /// pause, until the busy deadline; the closure must therefore only touch the
    /// database through `tx`. A busy COMMIT is retried as it is, so that readers cannot
    /// starve it.
    pub fn write<T, E>(&self, mut f: impl FnMut(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + Retryable,
    {
        let start = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let result: std::result::Result<T, E> = (|| {
                if let Some(lease) = &self.lease {
                    lease.check().map_err(StoreError::from)?;
                }
                let mut tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
                    .map_err(StoreError::from)?;
                let value = f(&tx)?;
                self.commit(&mut tx, start)?;
                Ok(value)
            })();
            match result {
                Err(e) if e.is_busy() => {
                    if start.elapsed() >= self.busy_deadline {
                        return Err(StoreError::Busy {
                            waited_ms: start.elapsed().as_millis() as u64,
                        }
                        .into());
                    }
                    std::thread::sleep(jitter(attempt));
                }
                other => return other,
            }
        }
    }

    /// Commits, waiting for readers to finish. In rollback-journal mode a commit needs
    /// every reader out of the file; a busy COMMIT keeps the transaction and its pending
    /// lock (which lets no new reader in), so it is retried as it is rather than rolled
    /// back and run again, which under steady reading could starve the writer for good.
    fn commit(&self, tx: &mut Transaction<'_>, start: Instant) -> Result<()> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            match tx.execute_batch("COMMIT").map_err(StoreError::from) {
                Ok(()) => {
                    tx.set_drop_behavior(rusqlite::DropBehavior::Ignore);
                    return Ok(());
                }
                // Given up: dropping the transaction rolls it back.
                Err(e) if e.is_busy() && start.elapsed() < self.busy_deadline => {
                    std::thread::sleep(jitter(attempt));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The raw connection, for the layers' own read queries and for tests that tamper.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Turns durability and checks down for bulk generation of demo data only, into a
    /// file nobody else has open and that is thrown away if the generation fails: no
    /// sync, a large page cache, the rollback journal in memory (no write-ahead log to
    /// copy every page through), no foreign-key lookups on every row (`check` proves the
    /// keys of the finished file), and the sorts of millions of rows (index builds,
    /// grouped sums) spilling to temporary files rather than memory. Off restores the
    /// settings of [`Db::open`].
    pub fn set_bulk_load(&self, on: bool) -> Result<()> {
        if on {
            self.conn.execute_batch(
                "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA foreign_keys = OFF; \
                 PRAGMA temp_store = FILE;",
            )?;
            self.conn
                .query_row("PRAGMA journal_mode = MEMORY", [], |r| {
                    r.get::<_, String>(0)
                })?;
        } else {
            self.conn.execute_batch(
                "PRAGMA synchronous = FULL; PRAGMA cache_size = -32000; PRAGMA foreign_keys = ON; \
                 PRAGMA temp_store = MEMORY;",
            )?;
            self.set_journal_mode(self.journal)?;
        }
        Ok(())
    }
}

/// A random pause that grows with the attempt, so that waiting writers spread out.
fn jitter(attempt: u32) -> Duration {
    let cap = 2u64.saturating_pow(attempt.min(6)).clamp(2, 50);
    Duration::from_micros(fastrand::u64(500..=cap * 1000))
}

fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o660);
    }
    let file = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::Exists(path.to_path_buf())
        } else {
            StoreError::CannotOpen {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }
        }
    })?;
    // The umask may have taken the group's write bit; owner and group read and write.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o660));
    }
    drop(file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_statement_with_a_bound_limit_is_compiled_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("q.db"), JournalSetting::Auto).unwrap();
        let sql = "SELECT id FROM users WHERE id > ?1 ORDER BY id LIMIT ?2";
        let recompiled = db
            .read(|c| {
                for limit in [5_i64, 5, 7, 5] {
                    c.prepare_cached(sql)?
                        .query_map(rusqlite::params![0, limit], |r| r.get::<_, i64>(0))?
                        .for_each(drop);
                }
                let st = c.prepare_cached(sql)?;
                Ok::<_, StoreError>(st.get_status(rusqlite::StatementStatus::RePrepare))
            })
            .unwrap();
        assert_eq!(
            recompiled, 0,
            "the statement was compiled again on a new bind"
        );
    }
}

//! The journal (账流): entries, their lines, closed periods, and the ledger's queries.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::ledger::{move_value, Posting};

/// Makes `move_value(qty, unit_cost)` callable in SQL: the value in fen a stock move
/// carries in the books, rounded as [`move_value`] rounds it, so that set-based sums
/// equal the sums of the entries posted one by one.
pub fn register_functions(c: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    c.create_scalar_function(
        "move_value",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(move_value(ctx.get::<i64>(0)?, ctx.get::<i64>(1)?)),
    )
}

/// Whether a period (YYYY-MM) is closed.
pub fn is_closed(c: &Connection, period: &str) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM closed_periods WHERE period = ?1")?
            .exists([period])?,
    )
}

/// Closes a period; `false` when it was closed already.
pub fn close_period(c: &Connection, period: &str, by: i64, at: &str) -> Result<bool> {
    Ok(c.prepare_cached(
        "INSERT INTO closed_periods (period, closed_by, closed_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (period) DO NOTHING",
    )?
    .execute(params![period, by, at])?
        == 1)
}

/// The closed periods, latest first.
pub fn closed_periods(c: &Connection) -> Result<Vec<String>> {
    all(
        c,
        "SELECT period FROM closed_periods ORDER BY period DESC",
        [],
        |r| r.get(0),
    )
}

/// Whether an event of a source document has its entry already (posting is idempotent).
pub fn entry_exists(
    c: &Connection,
    source_type: &str,
    source_id: i64,
    event: &str,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM journal_entries WHERE source_type = ?1 AND source_id = ?2 AND event = ?3",
    )?
    .exists(params![source_type, source_id, event])?)
}

/// The head of a journal entry to write.
pub struct NewEntry<'a> {
    pub voucher_no: &'a str,
    pub entry_date: &'a str,
    pub period: &'a str,
    pub source_type: &'a str,
    pub source_id: i64,
    pub source_no: &'a str,
    pub event: &'a str,
    pub summary: &'a str,
    pub actor_id: i64,
    pub at: &'a str,
}

pub fn insert_entry(c: &Connection, e: &NewEntry<'_>, lines: &[Posting]) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO journal_entries (voucher_no, entry_date, period, source_type, source_id, \
         source_no, event, summary, actor_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.voucher_no,
        e.entry_date,
        e.period,
        e.source_type,
        e.source_id,
        e.source_no,
        e.event,
        e.summary,
        e.actor_id,
        e.at
    ])?;
    let id = c.last_insert_rowid();
    let mut st = c.prepare_cached(
        "INSERT INTO journal_lines (entry_id, account, debit_minor, credit_minor, customer_id) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for p in lines {
        st.execute(params![
            id,
            p.account.code(),
            p.debit,
            p.credit,
            p.customer_id
        ])?;
    }
    Ok(id)
}

/// One account's sums over a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialRow {
    pub account: String,
    pub name_zh: String,
    pub name_en: String,
    /// Balance before the range (debit − credit).
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
}

impl TrialRow {
    /// Balance at the end of the range (debit − credit).
    pub fn closing(&self) -> i64 {
        self.opening + self.debit - self.credit
    }
}

/// The trial balance (试算平衡表) from `from` to `to` (dates, inclusive): every account of
/// the chart, with its opening balance and the period's debits and credits.
pub fn trial_balance(c: &Connection, from: &str, to: &str) -> Result<Vec<TrialRow>> {
    all(
        c,
        "SELECT a.code, a.name_zh, a.name_en, \
           COALESCE(SUM(CASE WHEN e.entry_date < ?1 THEN l.debit_minor - l.credit_minor END), 0), \
           COALESCE(SUM(CASE WHEN e.entry_date BETWEEN ?1 AND ?2 THEN l.debit_minor END), 0), \
           COALESCE(SUM(CASE WHEN e.entry_date BETWEEN ?1 AND ?2 THEN l.credit_minor END), 0) \
         FROM accounts a LEFT JOIN journal_lines l ON l.account = a.code \
         LEFT JOIN journal_entries e ON e.id = l.entry_id \
         GROUP BY a.code ORDER BY a.code",
        params![from, to],
        |r| {
            Ok(TrialRow {
                account: r.get(0)?,
                name_zh: r.get(1)?,
                name_en: r.get(2)?,
                opening: r.get(3)?,
                debit: r.get(4)?,
                credit: r.get(5)?,
            })
        },
    )
}

/// The balance of one account over the whole journal (debit − credit).
pub fn account_balance(c: &Connection, account: &str) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM journal_lines WHERE account = ?1",
    )?
    .query_row([account], |r| r.get(0))?)
}

/// The balance of one account for one customer (debit − credit).
pub fn customer_account_balance(c: &Connection, account: &str, customer_id: i64) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM journal_lines \
         WHERE account = ?1 AND customer_id = ?2",
    )?
    .query_row(params![account, customer_id], |r| r.get(0))?)
}

/// One journal line with its entry, for the account ledger and the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLineRow {
    pub line_id: i64,
    pub voucher_no: String,
    pub entry_date: String,
    pub account: String,
    pub summary: String,
    pub source_no: String,
    pub debit: i64,
    pub credit: i64,
}

fn journal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalLineRow> {
    Ok(JournalLineRow {
        line_id: r.get(0)?,
        voucher_no: r.get(1)?,
        entry_date: r.get(2)?,
        account: r.get(3)?,
        summary: r.get(4)?,
        source_no: r.get(5)?,
        debit: r.get(6)?,
        credit: r.get(7)?,
    })
}

/// A page of the journal's lines from `from` to `to`, in voucher order, after `after_line`.
pub fn journal_page(
    c: &Connection,
    from: &str,
    to: &str,
    after_line: i64,
    limit: i64,
) -> Result<Vec<JournalLineRow>> {
    all(
        c,
        "SELECT l.id, e.voucher_no, e.entry_date, l.account, e.summary, e.source_no, \
         l.debit_minor, l.credit_minor \
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id \
         WHERE e.entry_date BETWEEN ?1 AND ?2 AND l.id > ?3 ORDER BY l.id LIMIT ?4",
        params![from, to, after_line, limit],
        journal_row,
    )
}

/// A page of one account's lines (明细账) from `from` to `to`, after `after_line`.
pub fn account_page(
    c: &Connection,
    account: &str,
    from: &str,
    to: &str,
    after_line: i64,
    limit: i64,
) -> Result<Vec<JournalLineRow>> {
    all(
        c,
        "SELECT l.id, e.voucher_no, e.entry_date, l.account, e.summary, e.source_no, \
         l.debit_minor, l.credit_minor \
         FROM journal_lines l INDEXED BY journal_lines_account JOIN journal_entries e ON e.id = l.entry_id \
         WHERE l.account = ?1 AND e.entry_date BETWEEN ?2 AND ?3 AND l.id > ?4 \
         ORDER BY l.id LIMIT ?5",
        params![account, from, to, after_line, limit],
        journal_row,
    )
}

/// Entries whose debits and credits differ, by voucher number (for `check`).
pub fn unbalanced_entries(c: &Connection) -> Result<Vec<(String, i64, i64)>> {
    all(
        c,
        "SELECT e.voucher_no, SUM(l.debit_minor), SUM(l.credit_minor) \
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id \
         GROUP BY e.id HAVING SUM(l.debit_minor) <> SUM(l.credit_minor) LIMIT 20",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The sum of every debit and every credit of the journal.
pub fn totals(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(debit_minor), 0), COALESCE(SUM(credit_minor), 0) FROM journal_lines",
    )?
    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The latest entry date of an event of a source, if posted.
pub fn entry_date_of(
    c: &Connection,
    source_type: &str,
    source_id: i64,
    event: &str,
) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT entry_date FROM journal_entries WHERE source_type = ?1 AND source_id = ?2 AND event = ?3",
        )?
        .query_row(params![source_type, source_id, event], |r| r.get(0)),
    )?)
}

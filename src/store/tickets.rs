//! Complaint and feedback tickets (客诉单, TK-), their append-only log, and the promised
//! times by severity.

use rusqlite::{params, Connection};

use super::{all, optional, Result};
use crate::domain::ticket::{LogAction, Severity, TicketKind, TicketStatus};

/// The promised times of one severity, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaRow {
    pub severity: Severity,
    pub response_hours: i64,
    pub resolve_hours: i64,
}

/// The promised times of every severity.
pub fn slas(c: &Connection) -> Result<Vec<SlaRow>> {
    all(
        c,
        "SELECT severity, response_hours, resolve_hours FROM ticket_slas",
        [],
        |r| {
            Ok(SlaRow {
                severity: r.get(0)?,
                response_hours: r.get(1)?,
                resolve_hours: r.get(2)?,
            })
        },
    )
}

/// Sets the promised times of one severity.
pub fn set_sla(c: &Connection, s: &SlaRow) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO ticket_slas (severity, response_hours, resolve_hours) VALUES (?1, ?2, ?3) \
         ON CONFLICT (severity) DO UPDATE SET response_hours = ?2, resolve_hours = ?3",
    )?
    .execute(params![s.severity, s.response_hours, s.resolve_hours])?;
    Ok(())
}

/// A ticket about to be written.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub order_id: Option<i64>,
    pub shipment_id: Option<i64>,
    pub product_id: Option<i64>,
    pub kind: TicketKind,
    pub severity: Severity,
    pub subject: &'a str,
    pub owner_id: i64,
    pub opened_by: i64,
    pub opened_at: &'a str,
    pub respond_by: &'a str,
    pub resolve_by: &'a str,
}

pub fn insert(c: &Connection, t: &NewTicket<'_>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO tickets (number, customer_id, order_id, shipment_id, product_id, kind, \
         severity, subject, owner_id, opened_by, opened_at, respond_by, resolve_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        t.number,
        t.customer_id,
        t.order_id,
        t.shipment_id,
        t.product_id,
        t.kind,
        t.severity,
        t.subject,
        t.owner_id,
        t.opened_by,
        t.opened_at,
        t.respond_by,
        t.resolve_by
    ])?;
    Ok(c.last_insert_rowid())
}

/// A ticket as the screens and the command line read it, with the names of what it
/// links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub order_id: Option<i64>,
    pub order_no: Option<String>,
    pub shipment_no: Option<String>,
    pub product_id: Option<i64>,
    pub product_sku: Option<String>,
    pub product_name: Option<String>,
    pub kind: TicketKind,
    pub severity: Severity,
    pub status: TicketStatus,
    pub subject: String,
    pub owner_id: i64,
    pub owner_username: String,
    pub owner_name: String,
    pub opened_by_name: String,
    pub opened_at: String,
    pub respond_by: String,
    pub resolve_by: String,
    pub responded_at: Option<String>,
    pub resolution: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub satisfaction: Option<i64>,
    pub customer_words: Option<String>,
    pub version: i64,
}

const SELECT: &str =
    "SELECT t.id, t.number, t.customer_id, cu.code, cu.name, t.order_id, o.number, \
       s.number, t.product_id, p.sku, p.name, t.kind, t.severity, t.status, t.subject, t.owner_id, \
       ow.username, ow.display_name, ob.display_name, t.opened_at, t.respond_by, t.resolve_by, \
       t.responded_at, t.resolution, t.resolved_at, t.closed_at, t.satisfaction, t.customer_words, \
       t.version \
     FROM tickets t JOIN customers cu ON cu.id = t.customer_id \
     LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN shipments s ON s.id = t.shipment_id \
     LEFT JOIN products p ON p.id = t.product_id JOIN users ow ON ow.id = t.owner_id \
     JOIN users ob ON ob.id = t.opened_by ";

fn ticket_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_code: r.get(3)?,
        customer_name: r.get(4)?,
        order_id: r.get(5)?,
        order_no: r.get(6)?,
        shipment_no: r.get(7)?,
        product_id: r.get(8)?,
        product_sku: r.get(9)?,
        product_name: r.get(10)?,
        kind: r.get(11)?,
        severity: r.get(12)?,
        status: r.get(13)?,
        subject: r.get(14)?,
        owner_id: r.get(15)?,
        owner_username: r.get(16)?,
        owner_name: r.get(17)?,
        opened_by_name: r.get(18)?,
        opened_at: r.get(19)?,
        respond_by: r.get(20)?,
        resolve_by: r.get(21)?,
        responded_at: r.get(22)?,
        resolution: r.get(23)?,
        resolved_at: r.get(24)?,
        closed_at: r.get(25)?,
        satisfaction: r.get(26)?,
        customer_words: r.get(27)?,
        version: r.get(28)?,
    })
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<TicketRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{SELECT}WHERE t.id = ?1"))?
            .query_row([id], ticket_row),
    )?)
}

pub fn by_number(c: &Connection, number: &str) -> Result<Option<TicketRow>> {
    Ok(optional(
        c.prepare_cached(&format!("{SELECT}WHERE t.number = ?1"))?
            .query_row([number], ticket_row),
    )?)
}

/// Whose tickets a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    Customer(i64),
    Order(i64),
}

/// Which of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Someone still has to act (open or in progress).
    Active,
    /// Not closed and owned by this user.
    OwnedBy(i64),
    /// Active and past the promise due at this instant (RFC 3339, as stored).
    OverdueAt(String),
}

/// The statement of a page of tickets of `scope` kept by `filter`: ?1 the id the page
/// starts after, ?2 the limit, ?3 the customer or order, ?4 the owner or the instant.
fn page_sql(scope: Scope, filter: &Filter) -> String {
    let scope_sql = match scope {
        Scope::All => "",
        Scope::Customer(_) => "AND t.customer_id = ?3 ",
        Scope::Order(_) => "AND t.order_id = ?3 ",
    };
    let filter_sql = match filter {
        Filter::All => "",
        Filter::Active => "AND t.status IN ('open', 'in_progress') ",
        Filter::OwnedBy(_) => "AND t.owner_id = ?4 AND t.status <> 'closed' ",
        Filter::OverdueAt(_) => {
            "AND t.status IN ('open', 'in_progress') \
             AND (t.resolve_by < ?4 OR (t.responded_at IS NULL AND t.respond_by < ?4)) "
        }
    };
    format!("{SELECT}WHERE t.id < ?1 {scope_sql}{filter_sql}ORDER BY t.id DESC LIMIT ?2")
}

/// A page of tickets, newest first, after the ticket `after_id` (`i64::MAX`: the first
/// page). Each scope and filter walks its own index: a customer's or an order's
/// tickets, the active ones, or one owner's unclosed ones.
pub fn page(
    c: &Connection,
    scope: Scope,
    filter: &Filter,
    after_id: i64,
    limit: i64,
) -> Result<Vec<TicketRow>> {
    use rusqlite::types::Value;
    let scope_id = match scope {
        Scope::All => Value::Null,
        Scope::Customer(id) | Scope::Order(id) => id.into(),
    };
    let filter_value = match filter {
        Filter::All | Filter::Active => Value::Null,
        Filter::OwnedBy(id) => (*id).into(),
        Filter::OverdueAt(now) => now.clone().into(),
    };
    let mut st = c.prepare_cached(&page_sql(scope, filter))?;
    // Only the parameters the statement names are bound (it names ?1 to ?n).
    let mut args: Vec<Value> = vec![after_id.into(), limit.into(), scope_id, filter_value];
    args.truncate(st.parameter_count());
    let rows = st
        .query_map(rusqlite::params_from_iter(args), ticket_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The active users who may own tickets: (user name, display name), by user name.
pub fn owners(c: &Connection) -> Result<Vec<(String, String)>> {
    all(
        c,
        "SELECT DISTINCT u.username, u.display_name FROM users u \
         JOIN user_roles ur ON ur.user_id = u.id \
         JOIN role_permissions rp ON rp.role = ur.role \
         WHERE u.active = 1 AND rp.permission = 'tickets.handle' ORDER BY u.username",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// One entry of a ticket's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub action: LogAction,
    pub to_status: Option<TicketStatus>,
    pub note: String,
}

/// Appends an entry to a ticket's log.
pub fn insert_log(
    c: &Connection,
    ticket_id: i64,
    at: &str,
    actor_id: i64,
    action: LogAction,
    to_status: Option<TicketStatus>,
    note: &str,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO ticket_log (ticket_id, at, actor_id, action, to_status, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![ticket_id, at, actor_id, action, to_status, note])?;
    Ok(c.last_insert_rowid())
}

/// A ticket's log, oldest first.
pub fn log_of(c: &Connection, ticket_id: i64) -> Result<Vec<LogRow>> {
    all(
        c,
        "SELECT l.id, l.at, u.display_name, l.action, l.to_status, l.note FROM ticket_log l \
         JOIN users u ON u.id = l.actor_id WHERE l.ticket_id = ?1 ORDER BY l.id",
        [ticket_id],
        |r| {
            Ok(LogRow {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_name: r.get(2)?,
                action: r.get(3)?,
                to_status: r.get(4)?,
                note: r.get(5)?,
            })
        },
    )
}

/// Moves a ticket to `status` when it is at `version`, recording the first response;
/// false when another write got there first.
pub fn set_status(
    c: &Connection,
    id: i64,
    version: i64,
    status: TicketStatus,
    responded_at: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE tickets SET status = ?3, responded_at = COALESCE(responded_at, ?4), \
             version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version, status, responded_at])?;
    Ok(n == 1)
}

/// Gives a ticket to another owner (the first response too).
pub fn set_owner(c: &Connection, id: i64, version: i64, owner_id: i64, at: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE tickets SET owner_id = ?3, responded_at = COALESCE(responded_at, ?4), \
             version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version, owner_id, at])?;
    Ok(n == 1)
}

/// Records the resolution (已解决).
pub fn resolve(c: &Connection, id: i64, version: i64, resolution: &str, at: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE tickets SET status = 'resolved', resolution = ?3, resolved_at = ?4, \
             responded_at = COALESCE(responded_at, ?4), version = version + 1 \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version, resolution, at])?;
    Ok(n == 1)
}

/// Back to work on a resolved ticket: the resolution stays as a draft of the next one.
pub fn reopen(c: &Connection, id: i64, version: i64) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE tickets SET status = 'in_progress', resolved_at = NULL, \
             version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version])?;
    Ok(n == 1)
}

/// Closes a ticket with its resolution and the customer's satisfaction and words.
pub fn close(
    c: &Connection,
    id: i64,
    version: i64,
    resolution: &str,
    satisfaction: i64,
    words: Option<&str>,
    at: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE tickets SET status = 'closed', resolution = ?3, \
             resolved_at = COALESCE(resolved_at, ?6), responded_at = COALESCE(responded_at, ?6), \
             satisfaction = ?4, customer_words = ?5, closed_at = ?6, version = version + 1 \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version, resolution, satisfaction, words, at])?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of a page's statement with its parameters bound, as the program runs it.
    fn plan(c: &Connection, scope: Scope, filter: &Filter) -> String {
        let sql = page_sql(scope, filter);
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let args: Vec<rusqlite::types::Value> = vec![
            i64::MAX.into(),
            50.into(),
            3.into(),
            "2026-11-28T10:00:00.000Z".to_string().into(),
        ];
        let n = st.parameter_count();
        let rows: Vec<String> = st
            .query_map(rusqlite::params_from_iter(args.into_iter().take(n)), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.join("\n")
    }

    #[test]
    fn every_list_walks_its_index_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::store::Db::create(
            &dir.path().join("plan.db"),
            crate::config::JournalSetting::Auto,
        )
        .unwrap();
        let c = db.conn();
        let now = Filter::OverdueAt(String::new());
        for (scope, filter, index) in [
            (Scope::All, Filter::Active, "tickets_active"),
            (Scope::All, now.clone(), "tickets_active"),
            (Scope::All, Filter::OwnedBy(3), "tickets_owner_unclosed"),
            (Scope::Customer(3), Filter::All, "tickets_customer"),
            (Scope::Customer(3), Filter::Active, "tickets_customer"),
            (Scope::Order(3), Filter::All, "tickets_order"),
        ] {
            let p = plan(c, scope, &filter);
            assert!(p.contains(index), "{scope:?} {filter:?}: {p}");
            assert!(!p.contains("TEMP B-TREE"), "{scope:?} {filter:?}: {p}");
        }
        let p = plan(c, Scope::All, &Filter::All);
        assert!(!p.contains("TEMP B-TREE"), "{p}");
    }
}

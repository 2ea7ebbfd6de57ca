//! Complaint and feedback tickets (客诉 / 客户反馈, TK-): opened for a customer and, where
//! it applies, an order, a shipment or a product ([`open`]); worked on with a log of
//! actions, given to another owner, resolved, reopened and closed with the customer's
//! satisfaction ([`work`]). The promised response and resolution times by severity are a
//! company setting; a ticket past them is marked overdue. Reads for the list, the
//! detail, a customer's and an order's tickets.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::clock::{self, Shown};
use super::{audit, require, Actor, Error, Refusal, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ticket::{Clock, LogAction, Overdue, Satisfaction, Severity, Sla, TicketStatus};
use crate::store::{self, Db};

mod open;
mod work;

pub use crate::store::tickets::{Filter as StoreFilter, LogRow, Scope, TicketRow};
pub use open::*;
pub use work::*;

/// Which tickets a list shows, for the user looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TicketFilter {
    /// Open and in progress (未结).
    #[default]
    Open,
    /// Not closed and owned by the user looking (我的).
    Mine,
    /// Open or in progress past a promised time (逾期).
    Overdue,
    /// Every ticket (全部).
    All,
}

impl TicketFilter {
    pub const ALL: [TicketFilter; 4] = [
        TicketFilter::Open,
        TicketFilter::Mine,
        TicketFilter::Overdue,
        TicketFilter::All,
    ];

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            TicketFilter::Open => lang.pick("未结", "Open"),
            TicketFilter::Mine => lang.pick("我的", "Mine"),
            TicketFilter::Overdue => lang.pick("逾期", "Overdue"),
            TicketFilter::All => lang.pick("全部", "All"),
        }
    }

    pub fn parse(s: &str) -> Option<TicketFilter> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Some(TicketFilter::Open),
            "mine" => Some(TicketFilter::Mine),
            "overdue" => Some(TicketFilter::Overdue),
            "all" => Some(TicketFilter::All),
            _ => None,
        }
    }
}

/// A ticket as a list shows it: its row, whether it is overdue now, and its times in
/// the company's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSummary {
    pub row: TicketRow,
    /// The promise it has broken, while someone still has to act.
    pub overdue: Option<Overdue>,
    /// Resolved after its promised resolution time.
    pub resolved_late: bool,
    /// `11-28 09:30`
    pub opened_local: String,
    /// The next promise to keep (the response while nobody answered, then the
    /// resolution), `11-28 11:30`.
    pub due_local: String,
}

impl TicketSummary {
    pub fn satisfaction(&self) -> Option<Satisfaction> {
        self.row.satisfaction.and_then(Satisfaction::from_db)
    }
}

/// One entry of the log as the detail shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub at_local: String,
    pub actor: String,
    pub action: LogAction,
    pub to_status: Option<TicketStatus>,
    pub note: String,
}

/// A ticket with its log and every time of it in the company's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    pub summary: TicketSummary,
    /// `11-28 11:30`, as the other times of the view.
    pub respond_by_local: String,
    pub resolve_by_local: String,
    pub responded_local: Option<String>,
    pub resolved_local: Option<String>,
    pub closed_local: Option<String>,
    pub log: Vec<LogEntry>,
}

fn instant(stored: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The overdue clock of a stored ticket; `None` when its times do not read (a damaged
/// row is shown, never guessed overdue).
pub(crate) fn clock_of(row: &TicketRow) -> Option<Clock> {
    Some(Clock {
        status: row.status,
        respond_by: instant(&row.respond_by)?,
        resolve_by: instant(&row.resolve_by)?,
        responded_at: match &row.responded_at {
            Some(t) => Some(instant(t)?),
            None => None,
        },
    })
}

fn summary_of(row: TicketRow, offset: i64, now: DateTime<Utc>) -> TicketSummary {
    let clock = clock_of(&row);
    let overdue = clock.and_then(|c| c.overdue(now));
    let resolved_late = match (&row.resolved_at, &row.status) {
        (Some(at), TicketStatus::Resolved | TicketStatus::Closed) => at > &row.resolve_by,
        _ => false,
    };
    let due_local = match clock {
        Some(c) => clock::company_text(c.due(), offset, Shown::MonthDayMinute),
        None => String::new(),
    };
    TicketSummary {
        opened_local: clock::company_text_of(&row.opened_at, offset, Shown::MonthDayMinute),
        due_local,
        overdue,
        resolved_late,
        row,
    }
}

/// A page of tickets, newest first, after the ticket `after_id` (`None`: the first
/// page): those of `scope`, kept by `filter` for the user `viewer` (whose own tickets
/// "mine" are; without a viewer there are none).
pub fn tickets_page(
    db: &Db,
    viewer: Option<&Actor>,
    scope: Scope,
    filter: TicketFilter,
    after_id: Option<i64>,
    limit: i64,
) -> Result<Vec<TicketSummary>> {
    let now = clock::now();
    let store_filter = match (filter, viewer) {
        (TicketFilter::Mine, None) => return Ok(Vec::new()),
        (TicketFilter::Mine, Some(a)) => StoreFilter::OwnedBy(a.id()),
        (TicketFilter::Open, _) => StoreFilter::Active,
        (TicketFilter::Overdue, _) => StoreFilter::OverdueAt(super::stamp(now)),
        (TicketFilter::All, _) => StoreFilter::All,
    };
    db.read_snapshot(|c| {
        let offset = clock::company_offset(c)?;
        let rows =
            store::tickets::page(c, scope, &store_filter, after_id.unwrap_or(i64::MAX), limit)?;
        Ok(rows
            .into_iter()
            .map(|r| summary_of(r, offset, now))
            .collect())
    })
}

/// The ticket numbered `number` (TK-2026-000012), with its log.
pub fn ticket(db: &Db, number: &str) -> Result<TicketView> {
    let number = number.trim().to_uppercase();
    db.read_snapshot(|c| {
        let row = store::tickets::by_number(c, &number)?.ok_or_else(|| Error::NotFound {
            what: Thing::Ticket,
            key: number.clone(),
        })?;
        view_of(c, row)
    })
}

/// The ticket with this id, with its log.
pub fn ticket_by_id(db: &Db, id: i64) -> Result<TicketView> {
    db.read_snapshot(|c| {
        let row = store::tickets::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Ticket,
            key: format!("#{id}"),
        })?;
        view_of(c, row)
    })
}

fn view_of(c: &Connection, row: TicketRow) -> Result<TicketView> {
    let offset = clock::company_offset(c)?;
    let local = |t: &str| clock::company_text_of(t, offset, Shown::MonthDayMinute);
    let log = store::tickets::log_of(c, row.id)?
        .into_iter()
        .map(|l| LogEntry {
            at_local: clock::company_text_of(&l.at, offset, Shown::MonthDayMinute),
            actor: l.actor_name,
            action: l.action,
            to_status: l.to_status,
            note: l.note,
        })
        .collect();
    Ok(TicketView {
        respond_by_local: local(&row.respond_by),
        resolve_by_local: local(&row.resolve_by),
        responded_local: row.responded_at.as_deref().map(local),
        resolved_local: row.resolved_at.as_deref().map(local),
        closed_local: row.closed_at.as_deref().map(local),
        summary: summary_of(row, offset, clock::now()),
        log,
    })
}

/// Who may own a ticket: the active users who handle tickets, (user name, display
/// name), by user name.
pub fn owners(db: &Db) -> Result<Vec<(String, String)>> {
    Ok(db.read(store::tickets::owners)?)
}

/// The promised times of every severity, most severe first.
pub fn ticket_slas(db: &Db) -> Result<Vec<(Severity, Sla)>> {
    db.read(slas_in)
}

pub(crate) fn slas_in(c: &Connection) -> Result<Vec<(Severity, Sla)>> {
    let stored = store::tickets::slas(c)?;
    Ok(Severity::ALL
        .into_iter()
        .map(|s| {
            let sla = stored
                .iter()
                .find(|r| r.severity == s)
                .map(|r| Sla {
                    response_hours: r.response_hours,
                    resolve_hours: r.resolve_hours,
                })
                .unwrap_or_else(|| Sla::default_for(s));
            (s, sla)
        })
        .collect())
}

/// The field a severity's promised times are typed in on the settings screen.
pub fn sla_field(s: Severity) -> FieldId {
    match s {
        Severity::Urgent => FieldId::SlaUrgent,
        Severity::High => FieldId::SlaHigh,
        Severity::Normal => FieldId::SlaNormal,
        Severity::Low => FieldId::SlaLow,
    }
}

/// The promised times as typed on the settings screen (`4/48`), most severe first;
/// refused naming the field of the first that does not read.
pub fn parse_slas(typed: &[(Severity, String)]) -> Result<Vec<(Severity, Sla)>> {
    typed
        .iter()
        .map(|(s, text)| {
            Sla::parse(text).map(|sla| (*s, sla)).ok_or_else(|| {
                Error::field_refused(
                    sla_field(*s),
                    Refusal::BadTicketHours {
                        text: crate::domain::text::shown(text.trim()),
                    },
                )
            })
        })
        .collect()
}

/// Saves the promised times that changed, in the settings' transaction: the settings
/// permission, an audit row per change. Tickets opened before keep their times.
pub(crate) fn save_slas_in(c: &Connection, actor: &Actor, slas: &[(Severity, Sla)]) -> Result<()> {
    if slas.is_empty() {
        return Ok(());
    }
    require(c, actor, Permission::EditSettings)?;
    let before = slas_in(c)?;
    let at = super::now_stamp();
    for (s, sla) in slas {
        let old = before.iter().find(|(b, _)| b == s).map(|(_, x)| *x);
        if old == Some(*sla) {
            continue;
        }
        store::tickets::set_sla(
            c,
            &store::tickets::SlaRow {
                severity: *s,
                response_hours: sla.response_hours,
                resolve_hours: sla.resolve_hours,
            },
        )?;
        audit(
            c,
            Some(actor),
            &at,
            "company",
            Some(1),
            "set_ticket_sla",
            old.map(|o| serde_json::json!({ "severity": s.as_str(), "hours": o.text() }))
                .as_ref(),
            Some(&serde_json::json!({ "severity": s.as_str(), "hours": sla.text() })),
        )?;
    }
    Ok(())
}

/// A ticket by number, refused when unknown.
fn ticket_row_in(c: &Connection, number: &str) -> Result<TicketRow> {
    let number = number.trim().to_uppercase();
    store::tickets::by_number(c, &number)?.ok_or(Error::NotFound {
        what: Thing::Ticket,
        key: number,
    })
}

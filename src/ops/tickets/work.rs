//! Working on a ticket: an entry in its log (what was done, a call to the customer),
//! another owner, the resolution, reopening, and closing with the customer's
//! satisfaction (满意度 1–5) and words. Each is one transaction with its log row and
//! audit row; a closed ticket changes no more.

use rusqlite::Connection;

use super::super::{
    audit, conflict, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing,
};
use super::{ticket_row_in, TicketRow};
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::text::clean_text;
use crate::domain::ticket::{LogAction, Satisfaction, TicketStatus};
use crate::store::{self, Db};

/// What an entry in the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntryKind {
    /// 处理记录: what was done.
    #[default]
    Note,
    /// 联系客户: a call or a visit.
    Contact,
}

/// A ticket being closed: the resolution (may stay empty when the ticket was resolved
/// before), the customer's satisfaction as typed (1–5), and their words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CloseInput {
    pub resolution: String,
    pub satisfaction: String,
    pub words: String,
}

fn text(input: &str, max: usize, field: FieldId) -> Result<String> {
    clean_text(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))
}

/// Why `action` is refused on a ticket in its state.
fn refusal(row: &TicketRow, action: LogAction) -> Refusal {
    let number = row.number.clone();
    match (row.status, action) {
        (TicketStatus::Closed, _) => Refusal::TicketClosed { number },
        (TicketStatus::Resolved, LogAction::Resolved) => Refusal::TicketAlreadyResolved { number },
        _ => Refusal::TicketNotResolved { number },
    }
}

/// Writes `action` on the ticket: its new state (the first response too), the log row
/// and the audit row. Returns the state it left the ticket in.
fn act(
    c: &Connection,
    actor: &Actor,
    row: &TicketRow,
    action: LogAction,
    note: &str,
) -> Result<TicketStatus> {
    let to = action
        .next_status(row.status)
        .ok_or_else(|| Error::from(refusal(row, action)))?;
    let at = now_stamp();
    if !store::tickets::set_status(c, row.id, row.version, to, &at)? {
        return Err(conflict(c, "ticket", row.id, &at)?);
    }
    let changed = (to != row.status).then_some(to);
    store::tickets::insert_log(c, row.id, &at, actor.id(), action, changed, note)?;
    audit(
        c,
        Some(actor),
        &at,
        "ticket",
        Some(row.id),
        action.as_str(),
        Some(&serde_json::json!({ "status": row.status.as_str() })),
        Some(&serde_json::json!({ "status": to.as_str(), "note": note })),
    )?;
    Ok(to)
}

/// Adds an entry to a ticket's log; on an open ticket it starts the work (处理中) and
/// answers the customer. Refused: no text, a closed ticket.
pub fn log_ticket(
    db: &Db,
    actor: &Actor,
    number: &str,
    kind: EntryKind,
    note: &str,
) -> Result<TicketStatus> {
    let note = text(note, 500, FieldId::Note)?;
    if note.is_empty() {
        return Err(Error::field_refused(FieldId::Note, Refusal::Empty));
    }
    let action = match kind {
        EntryKind::Note => LogAction::Note,
        EntryKind::Contact => LogAction::Contact,
    };
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let row = ticket_row_in(tx, number)?;
        act(tx, actor, &row, action, &note)
    })
}

/// Gives a ticket to another owner (转交), by user name. Refused: an unknown or disabled
/// user, a closed ticket.
pub fn assign_ticket(db: &Db, actor: &Actor, number: &str, owner: &str) -> Result<()> {
    let name = owner.trim().to_lowercase();
    if name.is_empty() {
        return Err(Error::field_refused(FieldId::Owner, Refusal::Empty));
    }
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let row = ticket_row_in(tx, number)?;
        if row.status == TicketStatus::Closed {
            return Err(Refusal::TicketClosed { number: row.number }.into());
        }
        let user = store::users::by_username(tx, &name)?
            .filter(|u| u.active)
            .ok_or_else(|| Error::NotFound {
                what: Thing::User,
                key: name.clone(),
            })?;
        let at = now_stamp();
        if !store::tickets::set_owner(tx, row.id, row.version, user.id, &at)? {
            return Err(conflict(tx, "ticket", row.id, &at)?);
        }
        let note = format!("{} → {}", row.owner_name, user.display_name);
        store::tickets::insert_log(
            tx,
            row.id,
            &at,
            actor.id(),
            LogAction::Assigned,
            None,
            &note,
        )?;
        audit(
            tx,
            Some(actor),
            &at,
            "ticket",
            Some(row.id),
            "assign",
            Some(&serde_json::json!({ "owner_id": row.owner_id })),
            Some(&serde_json::json!({ "owner_id": user.id })),
        )?;
        Ok(())
    })
}

/// Records what was done to resolve the ticket (已解决); the customer's word is awaited
/// to close it. Refused: no resolution, a ticket resolved or closed already.
pub fn resolve_ticket(db: &Db, actor: &Actor, number: &str, resolution: &str) -> Result<()> {
    let resolution = text(resolution, 500, FieldId::Resolution)?;
    if resolution.is_empty() {
        return Err(Error::field_refused(
            FieldId::Resolution,
            Refusal::ResolutionRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let row = ticket_row_in(tx, number)?;
        transition(
            tx,
            actor,
            &row,
            LogAction::Resolved,
            "resolve",
            &resolution,
            |at| {
                Ok(store::tickets::resolve(
                    tx,
                    row.id,
                    row.version,
                    &resolution,
                    at,
                )?)
            },
            serde_json::json!({ "resolution": resolution }),
        )
    })
}

/// Reopens a resolved ticket (the customer is not satisfied), with the reason. Refused:
/// no reason, a ticket that is not resolved.
pub fn reopen_ticket(db: &Db, actor: &Actor, number: &str, reason: &str) -> Result<()> {
    let reason = text(reason, 500, FieldId::Reason)?;
    if reason.is_empty() {
        return Err(Error::field_refused(
            FieldId::Reason,
            Refusal::ReasonRequired,
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let row = ticket_row_in(tx, number)?;
        transition(
            tx,
            actor,
            &row,
            LogAction::Reopened,
            "reopen",
            &reason,
            |_| Ok(store::tickets::reopen(tx, row.id, row.version)?),
            serde_json::json!({ "reason": reason }),
        )
    })
}

/// Closes a ticket with the customer's satisfaction (1–5) and words, and the resolution
/// (typed now, or recorded when it was resolved). Refused, in this order: a score that
/// is not 1–5 (a 7), no resolution, a closed ticket.
pub fn close_ticket(db: &Db, actor: &Actor, number: &str, input: &CloseInput) -> Result<()> {
    let score = Satisfaction::parse(&input.satisfaction).ok_or_else(|| {
        Error::field_refused(
            FieldId::Satisfaction,
            Refusal::SatisfactionOutOfRange {
                text: crate::domain::text::shown(input.satisfaction.trim()),
            },
        )
    })?;
    let typed = text(&input.resolution, 500, FieldId::Resolution)?;
    let words = text(&input.words, 480, FieldId::CustomerWords)?;
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let row = ticket_row_in(tx, number)?;
        let resolution = if typed.is_empty() {
            row.resolution.clone().unwrap_or_default()
        } else {
            typed.clone()
        };
        if resolution.is_empty() {
            return Err(Error::field_refused(
                FieldId::Resolution,
                Refusal::ResolutionRequired,
            ));
        }
        let words_opt = (!words.is_empty()).then_some(words.as_str());
        let note = if words.is_empty() {
            score.stars()
        } else {
            format!("{} {}", score.stars(), words)
        };
        transition(
            tx,
            actor,
            &row,
            LogAction::Closed,
            "close",
            &note,
            |at| {
                Ok(store::tickets::close(
                    tx,
                    row.id,
                    row.version,
                    &resolution,
                    i64::from(score.get()),
                    words_opt,
                    at,
                )?)
            },
            serde_json::json!({
                "resolution": resolution, "satisfaction": score.get(), "words": words_opt,
            }),
        )
    })
}

/// Moves the ticket by `action`: refused when its state does not allow it, then `update`
/// (the state's own columns, given the instant; false: another user changed it first),
/// the log row with `note`, and the audit row (`verb`, the state before and after, and
/// `after`'s fields).
#[allow(clippy::too_many_arguments)]
fn transition(
    c: &Connection,
    actor: &Actor,
    row: &TicketRow,
    action: LogAction,
    verb: &str,
    note: &str,
    update: impl FnOnce(&str) -> Result<bool>,
    mut after: serde_json::Value,
) -> Result<()> {
    let to = action
        .next_status(row.status)
        .ok_or_else(|| Error::from(refusal(row, action)))?;
    let at = now_stamp();
    if !update(&at)? {
        return Err(conflict(c, "ticket", row.id, &at)?);
    }
    store::tickets::insert_log(c, row.id, &at, actor.id(), action, Some(to), note)?;
    after["status"] = to.as_str().into();
    audit(
        c,
        Some(actor),
        &at,
        "ticket",
        Some(row.id),
        verb,
        Some(&serde_json::json!({ "status": row.status.as_str() })),
        Some(&after),
    )?;
    Ok(())
}

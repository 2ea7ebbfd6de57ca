//! The approval queue (审批): approve, reject, hold and release, and the queue's pages.
//! Every decision is one transaction; the stage change, timeline and audit rows come
//! from [`super::lifecycle`], reserving and releasing stock from [`super::reservation`].

use chrono::NaiveDate;
use rusqlite::Connection;

use super::lifecycle::{
    add_pending, approve_and_reserve, facts, move_stage, open, record, refuse_own_order, Move,
};
use super::{credit, now_stamp, require, reservation, Actor, Error, FieldProblem, Refusal, Result};
use crate::domain::access::Permission;
use crate::domain::approval::{covers, evaluate, Finding, Reason};
use crate::domain::field::FieldId;
use crate::domain::money::Money;
use crate::domain::order::{OrderStage, Urgency};
use crate::domain::text::clean_text;
use crate::store::{self, Db};

const REASON: FieldId = FieldId::Reason;

pub use super::lifecycle::Outcome;

/// Approves an order in the queue: the approver may not have authored or submitted it
/// and must cover every reason it waits for. Reserves its stock in the same transaction.
pub fn approve_order(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<Outcome> {
    db.write(|tx| {
        let row = open(tx, id, version)?;
        if row.stage != OrderStage::Submitted {
            return Err(Refusal::NotApprovable { stage: row.stage }.into());
        }
        require_approver(tx, actor)?;
        refuse_own_order(tx, actor, &row)?;
        // The reasons recorded at submission, and any that hold now but did not then
        // (the customer's credit or standing may have changed since).
        let mut reasons = store::approval::pending(tx, id)?;
        let at = now_stamp();
        credit::refresh_hold_in(tx, row.customer_id)?;
        for f in evaluate(&facts(tx, &row)?) {
            if !reasons.contains(&f.reason) && f.reason.may_arise_later() {
                add_pending(tx, id, &f, &at)?;
                reasons.push(f.reason);
            }
        }
        let limit = store::users::by_id(tx, actor.id())?
            .map(|u| u.approval_limit_minor)
            .unwrap_or(0);
        let mut perms = Vec::new();
        for p in [Permission::ApproveOrders, Permission::ApproveCredit] {
            if store::users::has_permission(tx, actor.id(), p.code())? {
                perms.push(p);
            }
        }
        for r in &reasons {
            if *r == Reason::Customer {
                let c = store::customers::by_id(tx, row.customer_id)?;
                if c.map(|c| c.status != crate::domain::customer::CustomerStatus::Active)
                    .unwrap_or(true)
                {
                    return Err(Refusal::CustomerNotCleared.into());
                }
            } else if !covers(*r, |p| perms.contains(&p), limit, row.gross.minor()) {
                return Err(match r.permission() {
                    Some(p) if !perms.contains(&p) => Error::PermissionDenied { permission: p },
                    _ => Refusal::AboveLimit { reason: *r }.into(),
                });
            }
        }
        store::approval::decide(tx, id, "approved", actor.id(), &at)?;
        let backordered = approve_and_reserve(tx, actor, &row, None, &at)?;
        let after = serde_json::json!({
            "stage": "approved", "reasons": reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "backordered_lines": backordered,
        });
        record(tx, actor, &at, id, "approve", None, &after)?;
        Ok(Outcome::Approved { backordered })
    })
}

fn required_reason(reason: &str) -> Result<String> {
    let r = clean_text(reason, 200).map_err(|e| Error::field(REASON, FieldProblem::Text(e)))?;
    if r.is_empty() {
        return Err(Error::field_refused(REASON, Refusal::ReasonRequired));
    }
    Ok(r)
}

fn require_approver(c: &Connection, actor: &Actor) -> Result<()> {
    if store::users::has_permission(c, actor.id(), Permission::ApproveOrders.code())?
        || store::users::has_permission(c, actor.id(), Permission::ApproveCredit.code())?
    {
        Ok(())
    } else {
        Err(Error::PermissionDenied {
            permission: Permission::ApproveOrders,
        })
    }
}

/// Rejects an order in the queue with a reason: back to its author, editable. As for
/// approving, nobody rejects an order they authored or submitted.
pub fn reject_order(db: &Db, actor: &Actor, id: i64, version: i64, reason: &str) -> Result<()> {
    let reason = required_reason(reason)?;
    db.write(|tx| {
        require_approver(tx, actor)?;
        let row = open(tx, id, version)?;
        refuse_own_order(tx, actor, &row)?;
        let at = now_stamp();
        store::approval::decide(tx, id, "rejected", actor.id(), &at)?;
        reservation::release_order(tx, id, &at)?;
        let to = Move::to(OrderStage::Rejected).note(Some(&reason));
        move_stage(tx, actor, &row, version, to, &at)?;
        let after = serde_json::json!({ "stage": "rejected", "reason": reason });
        record(tx, actor, &at, id, "reject", None, &after)?;
        Ok(())
    })
}

/// Puts a submitted or approved order on hold (a credit or manual hold); reservations
/// of an approved order stay.
pub fn hold_order(db: &Db, actor: &Actor, id: i64, version: i64, reason: &str) -> Result<()> {
    let reason = required_reason(reason)?;
    db.write(|tx| {
        require_approver(tx, actor)?;
        let row = open(tx, id, version)?;
        let at = now_stamp();
        let to = Move::to(OrderStage::OnHold).note(Some(&reason));
        move_stage(tx, actor, &row, version, to, &at)?;
        let before = serde_json::json!({ "stage": row.stage.as_str() });
        let after = serde_json::json!({ "stage": "on_hold", "reason": reason });
        record(tx, actor, &at, id, "hold", Some(&before), &after)?;
        Ok(())
    })
}

/// Releases a hold: back to the queue when reasons are pending or it was never
/// approved, else back to approved.
pub fn release_hold(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<OrderStage> {
    db.write(|tx| {
        require_approver(tx, actor)?;
        let row = open(tx, id, version)?;
        if row.stage != OrderStage::OnHold {
            return Err(Refusal::NotOnHold.into());
        }
        // A hold placed by finance (a credit hold) is released by finance.
        if let Some(holder) =
            store::orders::last_actor_to_stage(tx, id, OrderStage::OnHold.as_str())?
        {
            if store::users::has_permission(tx, holder, Permission::ApproveCredit.code())? {
                require(tx, actor, Permission::ApproveCredit)?;
            }
        }
        let at = now_stamp();
        // Back to approved only when it was approved and nothing holds it up now.
        let mut to = OrderStage::Submitted;
        if row.approved_at.is_some() && store::approval::pending(tx, id)?.is_empty() {
            credit::refresh_hold_in(tx, row.customer_id)?;
            let now_blocking: Vec<Finding> = evaluate(&facts(tx, &row)?)
                .into_iter()
                .filter(|f| f.reason.may_arise_later())
                .collect();
            for f in &now_blocking {
                add_pending(tx, id, f, &at)?;
            }
            if now_blocking.is_empty() {
                to = OrderStage::Approved;
            }
        }
        if to == OrderStage::Submitted && row.approved_at.is_some() {
            // Back in the queue: its stock goes to orders that are approved, and what
            // it picked goes back to the bins by an unpick list.
            reservation::unpick_order(tx, actor.id(), id, &at)?;
            reservation::release_order(tx, id, &at)?;
        }
        move_stage(tx, actor, &row, version, Move::to(to), &at)?;
        reservation::fill_backorders_of_order(tx, id, &at)?;
        let after = serde_json::json!({ "stage": to.as_str() });
        record(tx, actor, &at, id, "release", None, &after)?;
        Ok(to)
    })
}

/// The reasons an order waits for.
pub fn pending_reasons(db: &Db, id: i64) -> Result<Vec<Reason>> {
    Ok(db.read(|c| store::approval::pending(c, id))?)
}

/// One order waiting in the approval queue, or held (暂停) from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub version: i64,
    pub number: Option<String>,
    pub customer_name: String,
    pub gross: Money,
    pub urgency: Urgency,
    /// `None` when the customer asked for no date.
    pub requested_date: Option<NaiveDate>,
    /// The display name of the order's author.
    pub submitted_by: String,
    /// The instant as stored (RFC 3339, UTC).
    pub submitted_at: Option<String>,
    /// The pending reasons, oldest first.
    pub reasons: Vec<Reason>,
    /// On hold rather than waiting.
    pub held: bool,
    /// Why it was held (the stage's note), for held orders.
    pub note: Option<String>,
    /// Where the page after this row continues.
    cursor: QueueCursor,
}

/// Where a page of the queue continues: pass it back for the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor(store::approval::QueueCursor);

impl TryFrom<store::approval::QueueRow> for QueueRow {
    type Error = Error;

    fn try_from(r: store::approval::QueueRow) -> Result<QueueRow> {
        let requested_date = match r.requested() {
            Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                Error::Store(store::StoreError::Corrupt(format!(
                    "unreadable requested date \"{d}\""
                )))
            })?),
            None => None,
        };
        Ok(QueueRow {
            cursor: QueueCursor(store::approval::QueueCursor {
                urgency_rank: r.urgency_rank,
                requested_date: r.requested_date,
                id: r.id,
            }),
            urgency: match r.urgency_rank {
                2 => Urgency::Critical,
                1 => Urgency::Urgent,
                _ => Urgency::Normal,
            },
            requested_date,
            id: r.id,
            version: r.version,
            number: r.number,
            customer_name: r.customer_name,
            gross: r.gross,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            reasons: r.reasons,
            held: r.held,
            note: r.note,
        })
    }
}

/// One page of the approval queue: most urgent first, then the earliest requested
/// date; each row lists its pending reasons. Pass the last row's cursor for the next page.
pub fn queue_page(db: &Db, after: Option<&QueueCursor>, limit: i64) -> Result<Vec<QueueRow>> {
    let after = after.map(|k| &k.0);
    super::read::all(db.read(|c| store::approval::queue_page(c, after, limit))?)
}

/// One page of the queue with the orders on hold among the waiting ones, in the same
/// order (most urgent first, then the earliest requested date); held rows are marked.
/// Both pages are read in one snapshot and merged, each on the queue index.
pub fn queue_with_held(db: &Db, after: Option<&QueueCursor>, limit: i64) -> Result<Vec<QueueRow>> {
    let after = after.map(|k| &k.0);
    let (waiting, held) = db.read_snapshot(|c| {
        Ok::<_, Error>((
            store::approval::queue_page(c, after, limit)?,
            store::approval::held_page(c, after, limit)?,
        ))
    })?;
    let key = |r: &store::approval::QueueRow| {
        (
            std::cmp::Reverse(r.urgency_rank),
            r.requested_date.clone(),
            r.id,
        )
    };
    let mut rows: Vec<store::approval::QueueRow> = waiting.into_iter().chain(held).collect();
    rows.sort_by_key(key);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    super::read::all(rows)
}

/// Where the queue page after `rows` starts.
pub fn queue_cursor(rows: &[QueueRow]) -> Option<QueueCursor> {
    rows.last().map(|r| r.cursor.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::JournalSetting;
    use crate::domain::access::Role;
    use crate::domain::money::Money;
    use crate::ops::intake::{self, LineInput, OrderInput};
    use crate::ops::master::{self, CustomerInput, CustomerStatus, ProductInput};
    use crate::ops::users::{self, NewUserInput};
    use crate::ops::{auth, setup};

    fn user(db: &Db, admin: &Actor, name: &str, role: Role, limit: i64) -> Actor {
        let input = NewUserInput {
            username: name.into(),
            display_name: name.into(),
            password: "password1".into(),
            roles: vec![role],
            os_user: None,
            approval_limit: Money::from_minor(limit),
        };
        users::add_user(db, admin, &input).unwrap();
        auth::login(db, name, "password1").unwrap()
    }

    #[test]
    fn a_manager_who_held_and_released_an_order_may_still_approve_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("c.orderdesk"), JournalSetting::Auto).unwrap();
        let admin = setup::init_company(&db, "测试五金", "admin", "adminpass1").unwrap();
        let clerk = user(&db, &admin, "clerk", Role::Sales, 0);
        let manager = user(&db, &admin, "manager", Role::Manager, 100_000_000);
        let finance = user(&db, &admin, "finance", Role::Finance, 0);
        let customer = CustomerInput {
            code: "CASH".into(),
            name: "现金客户".into(),
            status: CustomerStatus::Active,
            ..CustomerInput::default()
        };
        master::create_customer(&db, &finance, &customer).unwrap();
        let product = ProductInput {
            sku: "BOLT".into(),
            name: "螺栓".into(),
            unit: "个".into(),
            list_price: "1.20".into(),
            ..ProductInput::default()
        };
        master::create_product(&db, &admin, &product).unwrap();
        let input = OrderInput {
            customer: "CASH".into(),
            lines: vec![LineInput {
                product: "BOLT".into(),
                qty: "1".into(),
                ..LineInput::default()
            }],
            ..OrderInput::default()
        };
        let d = intake::create_draft(&db, &clerk, &input).unwrap();
        let sub = intake::submit_order(&db, &clerk, d.id, d.version).unwrap();
        assert_eq!(sub.outcome, Outcome::Waiting(vec![Reason::Amount]));

        hold_order(&db, &manager, sub.id, sub.version, "等客户确认").unwrap();
        let to = release_hold(&db, &manager, sub.id, sub.version + 1).unwrap();
        assert_eq!(to, OrderStage::Submitted);
        let out = approve_order(&db, &manager, sub.id, sub.version + 2);
        assert_eq!(out.unwrap(), Outcome::Approved { backordered: 1 });
    }
}

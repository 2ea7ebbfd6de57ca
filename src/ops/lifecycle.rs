//! The order's lifecycle (订单生命周期), one home for what every change of stage does:
//! open the order at the version the user saw, check the transition, set the stage,
//! write the timeline row and the audit row; and the rule that nobody approves an
//! order they authored or submitted. The rules run on submission live here too, because
//! intake (which submits) and approval (which decides) both need them.
//!
//! Flow modules (intake, approval, and those to come) use this module and
//! [`super::reservation`], never each other.

use rusqlite::Connection;

use super::{audit, now_stamp, reservation, Actor, Error, Refusal, Result, Thing};
use crate::domain::approval::{evaluate, Finding, LineFacts, OrderFacts, Reason, Standing};
use crate::domain::customer::CustomerStatus;
use crate::domain::order::{transition, OrderStage};
use crate::domain::terms::PaymentTerms;
use crate::store::{self, orders::OrderRow};

/// Reads an order and refuses unless it is still at `version` (nobody changed it since
/// the user opened it).
pub(crate) fn open(c: &Connection, id: i64, version: i64) -> Result<OrderRow> {
    let row = store::orders::by_id(c, id)?.ok_or(Error::NotFound {
        what: Thing::Order,
        key: format!("#{id}"),
    })?;
    if row.version != version {
        return Err(super::conflict(c, "order", id, &row.updated_at)?);
    }
    Ok(row)
}

/// Refuses a change of stage the order's rules do not allow.
pub(crate) fn check_transition(from: OrderStage, to: OrderStage) -> Result<OrderStage> {
    transition(from, to).map_err(|e| Refusal::Stage(e).into())
}

/// A change of stage: where to, the number a first submission gives, and the note (the
/// reason of a rejection, hold or cancellation) kept on the order and its timeline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Move<'a> {
    pub to: OrderStage,
    pub number: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl<'a> Move<'a> {
    pub(crate) fn to(to: OrderStage) -> Move<'a> {
        Move {
            to,
            number: None,
            note: None,
        }
    }

    pub(crate) fn note(self, note: Option<&'a str>) -> Move<'a> {
        Move { note, ..self }
    }
}

/// Moves an order stored at `version` to another stage and writes its timeline row.
/// Returns the stage it came from.
pub(crate) fn move_stage(
    c: &Connection,
    actor: &Actor,
    row: &OrderRow,
    version: i64,
    m: Move<'_>,
    at: &str,
) -> Result<OrderStage> {
    let from = row.stage;
    let to = check_transition(from, m.to)?;
    // Into or out of approved / on hold / closed: the customer's exposure gains or loses
    // what the order leaves uninvoiced.
    let tracked = if from.counts_toward_exposure() != to.counts_toward_exposure() {
        Some(super::credit::track(c, row.id)?)
    } else {
        None
    };
    if !store::orders::set_stage(c, row.id, version, to.as_str(), m.number, m.note, at)? {
        return Err(super::conflict(c, "order", row.id, &row.updated_at)?);
    }
    if let Some(t) = tracked {
        t.settle(c)?;
    }
    store::orders::insert_timeline(
        c,
        row.id,
        at,
        actor.id(),
        Some(from.as_str()),
        to.as_str(),
        m.note,
    )?;
    Ok(from)
}

/// Writes the audit row of a change of an order.
pub(crate) fn record(
    c: &Connection,
    actor: &Actor,
    at: &str,
    order_id: i64,
    action: &str,
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> Result<()> {
    audit(
        c,
        Some(actor),
        at,
        "order",
        Some(order_id),
        action,
        before,
        Some(after),
    )
}

/// Nobody approves (or rejects) an order they authored or submitted: an edit and
/// resubmission of a colleague's rejected order makes it theirs too. Releasing a hold
/// back to the queue is not a submission.
pub(crate) fn refuse_own_order(c: &Connection, actor: &Actor, row: &OrderRow) -> Result<()> {
    let submitter = store::orders::last_submitter(c, row.id)?;
    if row.created_by == actor.id() || submitter == Some(actor.id()) {
        return Err(Refusal::OwnOrder.into());
    }
    Ok(())
}

/// What became of a submitted order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No rule fired: approved and reserved at once; `backordered` lines are short.
    Approved { backordered: usize },
    /// Waiting in the queue for these reasons.
    Waiting(Vec<Reason>),
}

/// The facts the approval rules look at, read in the caller's transaction.
pub(crate) fn facts(c: &Connection, row: &OrderRow) -> Result<OrderFacts> {
    let company = store::master::company(c)?;
    let author = store::users::by_id(c, row.created_by)?;
    let customer = store::customers::by_id(c, row.customer_id)?.ok_or(Error::NotFound {
        what: Thing::Customer,
        key: format!("#{}", row.customer_id),
    })?;
    let terms = PaymentTerms::parse_code(&row.terms)
        .map_err(|_| Error::Store(store::StoreError::Corrupt(format!("terms {:?}", row.terms))))?;
    let mut lines = Vec::new();
    for l in store::orders::lines_of(c, row.id)? {
        let floor = store::products::by_id(c, l.product_id)?
            .map(|p| p.floor_price)
            .unwrap_or(0);
        lines.push(LineFacts {
            line_no: l.line_no,
            unit_price: l.unit_price,
            floor_price: floor,
            discount_bp: l.discount_bp,
        });
    }
    let credit_terms = matches!(
        terms,
        PaymentTerms::NetDays(_) | PaymentTerms::MonthEndPlus(_)
    );
    // Exposure = open receivables + approved orders not yet invoiced, kept in the
    // customer's receivables row; an order on hold counts there already, and is
    // taken out so that the rule adds it once. Overdue days from the oldest open invoice
    // past its due date.
    let overdue_days = super::cash::receivables::overdue_days_in(c, row.customer_id)?;
    let exposure_minor = if credit_terms {
        let own = if row.stage.counts_toward_exposure() {
            store::credit::order_uninvoiced(c, row.id)?.map_or(0, |(_, u)| u)
        } else {
            0
        };
        store::credit::exposure(c, row.customer_id)?.exposure_minor - own
    } else {
        0
    };
    Ok(OrderFacts {
        gross_minor: row.gross.minor(),
        author_limit_minor: author.map(|u| u.approval_limit_minor).unwrap_or(0),
        manager_limit_minor: company.as_ref().map(|c| c.manager_limit_minor).unwrap_or(0),
        credit_terms,
        // The credit rule looks at exposure only for sales on credit.
        exposure_minor,
        credit_limit_minor: customer.credit_limit_minor,
        overdue_days,
        grace_days: company.as_ref().map(|c| c.grace_days).unwrap_or(0),
        credit_hold: store::cash::credit_hold(c, row.customer_id)?.0,
        standing: match customer.status {
            CustomerStatus::Active => Standing::Active,
            CustomerStatus::Blocked => Standing::Blocked,
            CustomerStatus::Prospect => Standing::Prospect,
        },
        max_discount_bp: company.map(|c| c.max_discount_bp).unwrap_or(10_000),
        lines,
    })
}

/// Records a reason an order waits for, with the figures that made it fire.
pub(crate) fn add_pending(c: &Connection, order_id: i64, f: &Finding, at: &str) -> Result<()> {
    let detail =
        serde_json::json!({ "value": f.value, "limit": f.limit, "line": f.line_no }).to_string();
    Ok(store::approval::insert_approval(
        c,
        order_id,
        f.reason.as_str(),
        &detail,
        at,
    )?)
}

/// Approves an order (its pending reasons already decided) and reserves its stock.
/// Returns the number of lines left (partly) backordered.
pub(crate) fn approve_and_reserve(
    c: &Connection,
    actor: &Actor,
    row: &OrderRow,
    note: Option<&str>,
    at: &str,
) -> Result<usize> {
    move_stage(
        c,
        actor,
        row,
        row.version,
        Move::to(OrderStage::Approved).note(note),
        at,
    )?;
    store::orders::mark_approved(c, row.id, at)?;
    reservation::reserve_order(c, row.id, at)
}

/// Runs the approval rules on an order just submitted (in the submission's
/// transaction): approved and reserved at once when none fires, else waiting in the
/// queue with its reasons. Returns the outcome and the order's version.
pub(crate) fn after_submit(c: &Connection, actor: &Actor, order_id: i64) -> Result<(Outcome, i64)> {
    let row = store::orders::by_id(c, order_id)?.ok_or(Error::NotFound {
        what: Thing::Order,
        key: format!("#{order_id}"),
    })?;
    // The moment the business asks whether the customer may have more: a customer over
    // the limit or overdue beyond the grace days goes on hold now, and the order waits.
    super::credit::refresh_hold_in(c, row.customer_id)?;
    let findings = evaluate(&facts(c, &row)?);
    let at = now_stamp();
    if findings.is_empty() {
        let backordered = approve_and_reserve(c, actor, &row, Some("auto"), &at)?;
        let after = serde_json::json!({ "stage": "approved", "auto": true, "backordered_lines": backordered });
        record(c, actor, &at, order_id, "approve", None, &after)?;
        return Ok((Outcome::Approved { backordered }, row.version + 1));
    }
    for f in &findings {
        add_pending(c, order_id, f, &at)?;
    }
    Ok((
        Outcome::Waiting(findings.iter().map(|f| f.reason).collect()),
        row.version,
    ))
}

/// Closes an approved order whose work is all done, in the caller's transaction, and
/// says whether it did. Today "done" is: everything still ordered (ordered less
/// cancelled) is delivered (签收), or never signed for and settled by a return. When receivables arrive, "invoiced and paid" joins
/// the conditions here, the one place that decides.
pub(crate) fn close_if_done(
    c: &Connection,
    actor: &Actor,
    order_id: i64,
    at: &str,
) -> Result<bool> {
    let row = store::orders::by_id(c, order_id)?.ok_or(Error::NotFound {
        what: Thing::Order,
        key: format!("#{order_id}"),
    })?;
    if row.stage != OrderStage::Approved {
        return Ok(false);
    }
    let lines = store::orders::lines_of(c, order_id)?;
    // Goods the customer never signed for (refused, lost) are done with once a return
    // has settled them: back in stock or written off.
    let settled = store::returns_goods::settled_undelivered(c, order_id)?;
    let delivered = lines.iter().all(|l| {
        let back = settled
            .iter()
            .find(|(id, _)| *id == l.id)
            .map_or(0, |s| s.1);
        l.qty_delivered + back >= l.qty - l.qty_cancelled
    });
    if !delivered {
        return Ok(false);
    }
    let note = Some("delivered");
    move_stage(
        c,
        actor,
        &row,
        row.version,
        Move::to(OrderStage::Closed).note(note),
        at,
    )?;
    let after = serde_json::json!({ "stage": "closed", "why": "delivered" });
    record(c, actor, at, order_id, "close", None, &after)?;
    Ok(true)
}

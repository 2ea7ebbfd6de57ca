//! The approval queue (审批) and reservation (预留): rules on submission, approve,
//! reject, hold and release, reserving stock on approval and filling backorders when
//! stock arrives. Every decision is one transaction with its timeline and audit rows.

use rusqlite::Connection;

use super::intake::{open_for_change as open, stage_of};
use super::{audit, now_stamp, require, Actor, Error, FieldProblem, Result, Thing};
use crate::domain::access::Permission;
use crate::domain::approval::{covers, evaluate, Finding, LineFacts, OrderFacts, Reason, Standing};
use crate::domain::order::{transition, OrderStage};
use crate::domain::terms::PaymentTerms;
use crate::domain::text::{clean_text, FieldName};
use crate::i18n::{Lang, Localized};
use crate::store::{self, Db};

const REASON: FieldName = FieldName::new("原因", "Reason");

fn move_stage(
    c: &Connection,
    actor: &Actor,
    row: &store::orders::OrderRow,
    to: OrderStage,
    note: Option<&str>,
    at: &str,
) -> Result<()> {
    let from = stage_of(row)?;
    transition(from, to).map_err(|e| Error::rule(e.localized(Lang::Zh), e.localized(Lang::En)))?;
    if !store::orders::set_stage(c, row.id, row.version, to.as_str(), None, note, at)? {
        return Err(super::conflict(c, "order", row.id, &row.updated_at)?);
    }
    store::orders::insert_timeline(
        c,
        row.id,
        at,
        actor.id(),
        Some(from.as_str()),
        to.as_str(),
        note,
    )?;
    Ok(())
}

/// The facts the rules look at, read in the caller's transaction.
fn facts(c: &Connection, row: &store::orders::OrderRow) -> Result<OrderFacts> {
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
    Ok(OrderFacts {
        gross_minor: row.gross_minor,
        author_limit_minor: author.map(|u| u.approval_limit_minor).unwrap_or(0),
        manager_limit_minor: company.as_ref().map(|c| c.manager_limit_minor).unwrap_or(0),
        credit_terms,
        // The credit rule looks at exposure only for sales on credit: a cash customer's
        // open orders are not read at all.
        exposure_minor: if credit_terms {
            store::approval::uninvoiced_exposure(c, row.customer_id, row.id)?
        } else {
            0
        },
        credit_limit_minor: customer.credit_limit_minor,
        // Receivables arrive with invoicing; until then nothing can be overdue.
        overdue_days: 0,
        grace_days: company.as_ref().map(|c| c.grace_days).unwrap_or(0),
        standing: match customer.status.as_str() {
            "active" => Standing::Active,
            "blocked" => Standing::Blocked,
            _ => Standing::Prospect,
        },
        max_discount_bp: company.map(|c| c.max_discount_bp).unwrap_or(10_000),
        lines,
    })
}

fn detail(f: &Finding) -> String {
    serde_json::json!({ "value": f.value, "limit": f.limit, "line": f.line_no }).to_string()
}

/// Reserves every line of an order against available stock; what cannot be reserved is
/// backordered. Returns the number of lines left (partly) backordered.
fn reserve_order(c: &Connection, order_id: i64, at: &str) -> Result<usize> {
    let mut short = 0;
    for l in store::orders::lines_of(c, order_id)? {
        let want = l.qty - l.qty_cancelled - l.qty_shipped - l.qty_reserved - l.qty_backordered;
        if want > 0 {
            let (_, b) = store::approval::reserve_line(c, l.id, l.product_id, want, at)?;
            if b > 0 {
                short += 1;
            }
        }
    }
    Ok(short)
}

/// What became of a submitted order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No rule fired: approved and reserved at once; `backordered` lines are short.
    Approved { backordered: usize },
    /// Waiting in the queue for these reasons.
    Waiting(Vec<Reason>),
}

/// Runs the rules on an order just submitted (in the submission's transaction).
pub(crate) fn after_submit(c: &Connection, actor: &Actor, order_id: i64) -> Result<(Outcome, i64)> {
    let row = store::orders::by_id(c, order_id)?.ok_or(Error::NotFound {
        what: Thing::Order,
        key: format!("#{order_id}"),
    })?;
    let findings = evaluate(&facts(c, &row)?);
    let at = now_stamp();
    if findings.is_empty() {
        move_stage(c, actor, &row, OrderStage::Approved, Some("auto"), &at)?;
        store::approval::mark_approved(c, order_id, &at)?;
        let backordered = reserve_order(c, order_id, &at)?;
        let after = serde_json::json!({ "stage": "approved", "auto": true, "backordered_lines": backordered });
        audit(
            c,
            Some(actor),
            &at,
            "order",
            Some(order_id),
            "approve",
            None,
            Some(&after),
        )?;
        return Ok((Outcome::Approved { backordered }, row.version + 1));
    }
    for f in &findings {
        store::approval::insert_approval(c, order_id, f.reason.as_str(), &detail(f), &at)?;
    }
    Ok((
        Outcome::Waiting(findings.iter().map(|f| f.reason).collect()),
        row.version,
    ))
}

/// Approves an order in the queue: the approver may not be its author and must cover
/// every reason it waits for. Reserves its stock in the same transaction.
pub fn approve_order(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<Outcome> {
    db.write(|tx| {
        let row = open(tx, id, version)?;
        if stage_of(&row)? != OrderStage::Submitted {
            return Err(Error::rule(
                format!("订单处于“{}”状态，不能审批", stage_of(&row)?.label(Lang::Zh)),
                format!("The order is {} and cannot be approved", stage_of(&row)?.label(Lang::En)),
            ));
        }
        require_approver(tx, actor)?;
        refuse_own_order(tx, actor, &row)?;
        // The reasons recorded at submission, and any that hold now but did not then
        // (the customer's credit or standing may have changed since).
        let mut reasons: Vec<Reason> = store::approval::pending(tx, id)?
            .iter()
            .filter_map(|(r, _)| Reason::parse(r))
            .collect();
        let at = now_stamp();
        for f in evaluate(&facts(tx, &row)?) {
            if !reasons.contains(&f.reason) && matches!(f.reason, Reason::Credit | Reason::Overdue | Reason::Customer) {
                store::approval::insert_approval(tx, id, f.reason.as_str(), &detail(&f), &at)?;
                reasons.push(f.reason);
            }
        }
        let limit = store::users::by_id(tx, actor.id())?.map(|u| u.approval_limit_minor).unwrap_or(0);
        let mut perms = Vec::new();
        for p in [Permission::ApproveOrders, Permission::ApproveCredit] {
            if store::users::has_permission(tx, actor.id(), p.code())? {
                perms.push(p);
            }
        }
        for r in &reasons {
            if *r == Reason::Customer {
                let c = store::customers::by_id(tx, row.customer_id)?;
                if c.map(|c| c.status != "active").unwrap_or(true) {
                    return Err(Error::rule(
                        "客户尚未审核或已冻结，请先由财务处理客户状态",
                        "The customer is not qualified or is blocked; finance must clear the customer first",
                    ));
                }
            } else if !covers(*r, |p| perms.contains(&p), limit, row.gross_minor) {
                return Err(match r.permission() {
                    Some(p) if !perms.contains(&p) => Error::PermissionDenied { permission: p },
                    _ => Error::rule(
                        format!("订单金额超过您的审批额度（{}）", r.label(Lang::Zh)),
                        format!("The amount is above your approval limit ({})", r.label(Lang::En)),
                    ),
                });
            }
        }
        store::approval::decide(tx, id, "approved", actor.id(), &at)?;
        move_stage(tx, actor, &row, OrderStage::Approved, None, &at)?;
        store::approval::mark_approved(tx, id, &at)?;
        let backordered = reserve_order(tx, id, &at)?;
        let after = serde_json::json!({
            "stage": "approved", "reasons": reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "backordered_lines": backordered,
        });
        audit(tx, Some(actor), &at, "order", Some(id), "approve", None, Some(&after))?;
        Ok(Outcome::Approved { backordered })
    })
}

/// Nobody decides on an order they wrote or submitted (an edit and resubmission of a
/// colleague's rejected order makes it theirs too).
fn refuse_own_order(c: &Connection, actor: &Actor, row: &store::orders::OrderRow) -> Result<()> {
    let submitter = store::orders::last_actor_to_stage(c, row.id, OrderStage::Submitted.as_str())?;
    if row.created_by == actor.id() || submitter == Some(actor.id()) {
        return Err(Error::rule(
            "不能审批自己录入或提交的订单",
            "Nobody approves an order they wrote or submitted",
        ));
    }
    Ok(())
}

fn required_reason(reason: &str) -> Result<String> {
    let r = clean_text(reason, 200).map_err(|e| Error::field(REASON, FieldProblem::Text(e)))?;
    if r.is_empty() {
        return Err(Error::field_rule(
            REASON,
            "必须写明原因",
            "a reason is required",
        ));
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

/// Rejects an order in the queue with a reason: back to its author, editable.
pub fn reject_order(db: &Db, actor: &Actor, id: i64, version: i64, reason: &str) -> Result<()> {
    let reason = required_reason(reason)?;
    db.write(|tx| {
        require_approver(tx, actor)?;
        let row = open(tx, id, version)?;
        if row.created_by == actor.id() {
            return Err(Error::rule(
                "不能审批自己录入的订单",
                "Nobody approves their own order",
            ));
        }
        let at = now_stamp();
        store::approval::decide(tx, id, "rejected", actor.id(), &at)?;
        store::approval::release_order(tx, id, &at)?;
        move_stage(tx, actor, &row, OrderStage::Rejected, Some(&reason), &at)?;
        let after = serde_json::json!({ "stage": "rejected", "reason": reason });
        audit(
            tx,
            Some(actor),
            &at,
            "order",
            Some(id),
            "reject",
            None,
            Some(&after),
        )?;
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
        move_stage(tx, actor, &row, OrderStage::OnHold, Some(&reason), &at)?;
        let before = serde_json::json!({ "stage": row.stage });
        let after = serde_json::json!({ "stage": "on_hold", "reason": reason });
        audit(
            tx,
            Some(actor),
            &at,
            "order",
            Some(id),
            "hold",
            Some(&before),
            Some(&after),
        )?;
        Ok(())
    })
}

/// Releases a hold: back to the queue when reasons are pending or it was never
/// approved, else back to approved.
pub fn release_hold(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<OrderStage> {
    db.write(|tx| {
        require_approver(tx, actor)?;
        let row = open(tx, id, version)?;
        if stage_of(&row)? != OrderStage::OnHold {
            return Err(Error::rule("订单没有暂停", "The order is not on hold"));
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
            let now_blocking: Vec<Finding> = evaluate(&facts(tx, &row)?)
                .into_iter()
                .filter(|f| {
                    matches!(
                        f.reason,
                        Reason::Credit | Reason::Overdue | Reason::Customer
                    )
                })
                .collect();
            for f in &now_blocking {
                store::approval::insert_approval(tx, id, f.reason.as_str(), &detail(f), &at)?;
            }
            if now_blocking.is_empty() {
                to = OrderStage::Approved;
            }
        }
        if to == OrderStage::Submitted && row.approved_at.is_some() {
            // Back in the queue: its stock goes to orders that are approved.
            store::approval::release_order(tx, id, &at)?;
        }
        move_stage(tx, actor, &row, to, None, &at)?;
        fill_backorders_of_order(tx, id, &at)?;
        let after = serde_json::json!({ "stage": to.as_str() });
        audit(
            tx,
            Some(actor),
            &at,
            "order",
            Some(id),
            "release",
            None,
            Some(&after),
        )?;
        Ok(to)
    })
}

/// Offers available stock of every product of an order to the backorders waiting for
/// it (after the order released stock, or came back from a hold).
pub(crate) fn fill_backorders_of_order(c: &Connection, order_id: i64, at: &str) -> Result<()> {
    let mut products: Vec<i64> = store::orders::lines_of(c, order_id)?
        .iter()
        .map(|l| l.product_id)
        .collect();
    products.sort_unstable();
    products.dedup();
    for p in products {
        fill_backorders(c, p, at)?;
    }
    Ok(())
}

/// Gives newly arrived stock of a product to its backorders, most urgent first, then
/// the earliest approved (in the arriving stock's transaction).
pub(crate) fn fill_backorders(c: &Connection, product_id: i64, at: &str) -> Result<()> {
    let stock = store::stock::product_stock(c, product_id)?;
    let mut available = stock.available();
    if available <= 0 || stock.backordered == 0 {
        return Ok(());
    }
    for (line_id, short) in store::approval::backorders_of(c, product_id)? {
        if available <= 0 {
            break;
        }
        let give = short.min(available);
        store::approval::fill_backorder(c, line_id, product_id, give, at)?;
        available -= give;
    }
    Ok(())
}

/// The reasons an order waits for.
pub fn pending_reasons(db: &Db, id: i64) -> Result<Vec<Reason>> {
    Ok(db
        .read(|c| store::approval::pending(c, id))?
        .iter()
        .filter_map(|(r, _)| Reason::parse(r))
        .collect())
}

pub use crate::store::approval::{QueueCursor, QueueRow};

/// One page of the approval queue: most urgent first, then the earliest requested
/// date; each row lists its pending reasons. Pass the last row's cursor for the next page.
pub fn queue_page(db: &Db, after: Option<&QueueCursor>, limit: i64) -> Result<Vec<QueueRow>> {
    Ok(db.read(|c| store::approval::queue_page(c, after, limit))?)
}

/// One page of the queue with the orders on hold among the waiting ones, in the same
/// order (most urgent first, then the earliest requested date); held rows are marked.
/// Both pages are read in one snapshot and merged, each on the queue index.
pub fn queue_with_held(db: &Db, after: Option<&QueueCursor>, limit: i64) -> Result<Vec<QueueRow>> {
    let (waiting, held) = db.read_snapshot(|c| {
        Ok::<_, Error>((
            store::approval::queue_page(c, after, limit)?,
            store::approval::held_page(c, after, limit)?,
        ))
    })?;
    let key = |r: &QueueRow| {
        (
            std::cmp::Reverse(r.urgency_rank),
            r.requested_date.clone(),
            r.id,
        )
    };
    let mut rows: Vec<QueueRow> = waiting.into_iter().chain(held).collect();
    rows.sort_by_key(key);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

/// Where the queue page after `rows` starts.
pub fn queue_cursor(rows: &[QueueRow]) -> Option<QueueCursor> {
    rows.last().map(|r| QueueCursor {
        urgency_rank: r.urgency_rank,
        requested_date: r.requested_date.clone(),
        id: r.id,
    })
}

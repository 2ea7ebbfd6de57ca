//! Credit (信用), one home for what several flows share: the exposure kept per customer
//! and the automatic credit hold.
//!
//! **Exposure** (信用占用) = open receivables + approved orders not yet invoiced (DESIGN
//! §6). Open receivables are kept by the cash flow's operations in the receivables row;
//! the uninvoiced part is kept beside it by every operation that changes what an order
//! leaves uninvoiced — a change of stage into or out of approved / on hold / closed
//! ([`super::lifecycle::move_stage`]), a cancelled line, an invoice — each through
//! [`track`] in its own transaction. The approval rules read the sum in one row;
//! `orderdesk check` recounts it from the order lines.
//!
//! **Credit hold** (信用冻结): [`refresh_hold_in`] puts a customer on hold when over the
//! limit on credit terms or overdue beyond the grace days; while held, every order of the
//! customer waits for finance. Finance releases a hold with a reason
//! (`cash::release_credit_hold`); the release covers what was owed and overdue that day.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::{audit, company_today, now_stamp, Result};
use crate::domain::customer::{hold_cause, HoldCheck};
use crate::domain::terms::PaymentTerms;
use crate::store;

/// An order's share of its customer's exposure before a change: [`Tracked::settle`]
/// moves the customer's kept amount by the difference after it.
#[must_use = "settle the change in the same transaction"]
pub(crate) struct Tracked {
    order_id: i64,
    customer_id: i64,
    before: i64,
}

/// Reads what an order leaves uninvoiced now (0 unless approved, on hold or closed),
/// before an operation changes its stage, its lines or what of them is invoiced.
pub(crate) fn track(c: &Connection, order_id: i64) -> Result<Tracked> {
    let (customer_id, before) = store::credit::order_uninvoiced(c, order_id)?.unwrap_or((0, 0));
    Ok(Tracked {
        order_id,
        customer_id,
        before,
    })
}

impl Tracked {
    /// Reads the order's share again and adds the difference to its customer's kept
    /// amount, in the caller's transaction.
    pub(crate) fn settle(self, c: &Connection) -> Result<()> {
        let (customer_id, after) =
            store::credit::order_uninvoiced(c, self.order_id)?.unwrap_or((self.customer_id, 0));
        if customer_id != self.customer_id {
            // An order's customer changes only while it is a draft, outside exposure.
            store::credit::add_uninvoiced(c, self.customer_id, -self.before)?;
            store::credit::add_uninvoiced(c, customer_id, after)?;
            return Ok(());
        }
        store::credit::add_uninvoiced(c, customer_id, after - self.before)?;
        Ok(())
    }
}

/// Whether the customer buys on credit terms (net N, month end + N).
pub(crate) fn on_credit_terms(terms: &str) -> bool {
    matches!(
        PaymentTerms::parse_code(terms),
        Ok(PaymentTerms::NetDays(_) | PaymentTerms::MonthEndPlus(_))
    )
}

/// `date` less `days`, or the earliest date.
fn days_before(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::try_from(days).unwrap_or(0)))
        .unwrap_or(NaiveDate::MIN)
}

/// Puts a customer on credit hold when over the limit (on credit terms) or overdue
/// beyond the grace days, in the caller's transaction, unless the newest release
/// covers it; audited. Never releases: finance does that with a reason. Returns
/// whether it put the customer on hold.
pub(crate) fn refresh_hold_in(c: &Connection, customer_id: i64) -> Result<bool> {
    let Some(facts) = store::credit::hold_facts(c, customer_id)? else {
        return Ok(false);
    };
    if facts.on_hold {
        return Ok(false);
    }
    let exposure = store::credit::exposure(c, customer_id)?;
    let release = store::credit::last_release(c, customer_id)?;
    let grace = store::master::company(c)?
        .map(|co| co.grace_days)
        .unwrap_or(0);
    let today = company_today(c)?;
    // Overdue beyond the grace days: due before today − grace. A release covered what
    // was so on its day, due before its date − grace.
    let from = release
        .as_ref()
        .and_then(|r| NaiveDate::parse_from_str(&r.release_date, "%Y-%m-%d").ok())
        .map(|d| days_before(d, grace).to_string())
        .unwrap_or_default();
    let before = days_before(today, grace).to_string();
    let uncovered_overdue_days =
        store::credit::oldest_open_due_between(c, customer_id, &from, &before)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map(|d| (today - d).num_days())
            .unwrap_or(0);
    let cause = hold_cause(&HoldCheck {
        credit_terms: on_credit_terms(&facts.terms),
        exposure_minor: exposure.exposure_minor,
        credit_limit_minor: facts.credit_limit_minor,
        released_exposure_minor: release.as_ref().map(|r| r.exposure_minor),
        uncovered_overdue_days,
        grace_days: grace,
    });
    let Some(cause) = cause else {
        return Ok(false);
    };
    let reason = cause.code();
    store::cash::set_credit_hold(c, customer_id, true, Some(&reason))?;
    let at = now_stamp();
    let after = serde_json::json!({ "credit_hold": true, "reason": reason });
    audit(
        c,
        None,
        &at,
        "customer",
        Some(customer_id),
        "credit_hold",
        None,
        Some(&after),
    )?;
    Ok(true)
}

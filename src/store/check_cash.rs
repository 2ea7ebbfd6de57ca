//! The ledger's and the cash flow's invariants for `orderdesk check`: every entry
//! balances, the trial balance sums to zero, and the accounts that mirror documents
//! equal them (1122, 2203, 1405, 1406), as does each customer's receivables row: open
//! AR, prepayments, and the exposure of approved orders not yet invoiced.

use rusqlite::Connection;

use super::{cash, ledger, Result};
use crate::domain::ledger::move_value;

/// One broken invariant: which check found it and what is wrong.
pub type Found = (&'static str, String);

fn push(out: &mut Vec<Found>, check: &'static str, detail: String) {
    out.push((check, detail));
}

pub fn run(c: &Connection) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    for (voucher, d, cr) in ledger::unbalanced_entries(c)? {
        push(
            &mut out,
            "entries_balance",
            format!("{voucher}: debit {d} credit {cr}"),
        );
    }
    let (d, cr) = ledger::totals(c)?;
    if d != cr {
        push(
            &mut out,
            "trial_balance_zero",
            format!("debits {d} credits {cr}"),
        );
    }
    let (open, unapplied) = cash::open_and_unapplied(c)?;
    let ar = ledger::account_balance(c, "1122")?;
    if ar != open {
        push(
            &mut out,
            "receivable_matches_invoices",
            format!("1122 is {ar} but open invoices sum to {open}"),
        );
    }
    let adv = -ledger::account_balance(c, "2203")?;
    if adv != unapplied {
        push(
            &mut out,
            "advances_match_prepayments",
            format!("2203 is {adv} but unapplied payments sum to {unapplied}"),
        );
    }
    let stock: i64 = cash::posted_stock_moves(c)?
        .into_iter()
        .map(|(q, cost)| move_value(q, cost))
        .sum();
    let inv = ledger::account_balance(c, "1405")?;
    if inv != stock {
        push(
            &mut out,
            "inventory_matches_stock",
            format!("1405 is {inv} but stock moves are worth {stock}"),
        );
    }
    let shipped = cash::goods_shipped_value(c)?;
    let gs = ledger::account_balance(c, "1406")?;
    if gs != shipped {
        push(
            &mut out,
            "goods_shipped_match_transit",
            format!("1406 is {gs} but goods shipped and not signed for are worth {shipped}"),
        );
    }
    for (cu, kept_ar, ar, kept_pp, pp) in cash::balance_mismatches(c)? {
        push(
            &mut out,
            "customer_balance_matches",
            format!("customer {cu}: open AR {kept_ar} but invoices say {ar}; prepaid {kept_pp} but payments say {pp}"),
        );
    }
    for (cu, kept, counted, kept_exposure, exposure) in super::credit::exposure_mismatches(c)? {
        push(
            &mut out,
            "exposure_matches_orders",
            format!(
                "customer {cu}: approved orders not invoiced {kept} but their lines say {counted}; \
                 exposure {kept_exposure} but open AR and those lines say {exposure}"
            ),
        );
    }
    Ok(out)
}

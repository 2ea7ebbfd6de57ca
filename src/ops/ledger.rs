//! The ledger's use cases: posting an event's entry (called by the other flows inside
//! their own transaction), closing periods, and the read side (trial balance, account
//! ledger, journal export).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{audit, company_today, now_stamp, require, Actor, Error, Refusal, Result};
use crate::domain::access::Permission;
use crate::domain::ledger::{self, EntryError, Posting, RevenueAt};
use crate::domain::money::Money;
use crate::store::{self, Db};

pub use crate::store::ledger::{JournalLineRow, TrialRow};

/// What an entry is about: its source document and the event of it.
pub(crate) struct Source<'a> {
    /// Document type: `SH`, `INV`, `CN`, `RCV`, `ALLOC`, `RF`, `WO`, `GR`, `ADJ`, `CNT`.
    pub kind: &'a str,
    pub id: i64,
    pub number: &'a str,
    /// The event of the document (`ship`, `sign`, `issue`, …): one entry per event.
    pub event: &'a str,
    pub summary: String,
}

/// Posts the entry of an event dated `date`, in the caller's transaction. Nothing to
/// post (all zero) posts nothing; an event posted before is not posted again. Refused
/// when the date's period is closed, or (a defect) when the entry does not balance.
pub(crate) fn post(
    c: &Connection,
    actor: &Actor,
    date: NaiveDate,
    source: &Source<'_>,
    postings: std::result::Result<Vec<Posting>, EntryError>,
) -> Result<Option<i64>> {
    let lines = postings.map_err(|e| match e {
        EntryError::Unbalanced { debit, credit } => Error::Refused(Refusal::LedgerUnbalanced {
            debit: Money::from_minor(debit),
            credit: Money::from_minor(credit),
        }),
        EntryError::BadAmount => Error::Refused(Refusal::LedgerUnbalanced {
            debit: Money::ZERO,
            credit: Money::ZERO,
        }),
    })?;
    if lines.is_empty() {
        return Ok(None);
    }
    let period = ledger::period_of(date);
    if store::ledger::is_closed(c, &period)? {
        return Err(Refusal::PeriodClosed { period }.into());
    }
    if store::ledger::entry_exists(c, source.kind, source.id, source.event)? {
        return Ok(None);
    }
    let voucher = super::numbers::next_doc(c, "JV")?;
    let at = now_stamp();
    let id = store::ledger::insert_entry(
        c,
        &store::ledger::NewEntry {
            voucher_no: &voucher,
            entry_date: &date.to_string(),
            period: &period,
            source_type: source.kind,
            source_id: source.id,
            source_no: source.number,
            event: source.event,
            summary: &source.summary,
            actor_id: actor.id(),
            at: &at,
        },
        &lines,
    )?;
    Ok(Some(id))
}

/// Refuses a date in a closed period before anything is written.
pub(crate) fn ensure_open(c: &Connection, date: NaiveDate) -> Result<()> {
    let period = ledger::period_of(date);
    if store::ledger::is_closed(c, &period)? {
        return Err(Refusal::PeriodClosed { period }.into());
    }
    Ok(())
}

/// The company's revenue recognition setting.
pub(crate) fn revenue_at(c: &Connection) -> Result<RevenueAt> {
    Ok(match store::master::company(c)?.map(|co| co.revenue_at) {
        Some(s) if s == "signoff" => RevenueAt::SignOff,
        _ => RevenueAt::Shipment,
    })
}

/// Posts a stock move other than a shipment or a transfer (receipt, adjustment, count)
/// at the value it carries (qty × unit cost, rounded to 分), dated today.
pub(crate) fn post_stock_move(
    c: &Connection,
    actor: &Actor,
    move_id: i64,
    kind: &str,
    doc_no: &str,
    qty: i64,
    unit_cost: i64,
) -> Result<()> {
    if !matches!(kind, "receipt" | "adjust" | "count") {
        return Ok(());
    }
    let value = ledger::move_value(qty, unit_cost);
    let today = company_today(c)?;
    let summary = match kind {
        "receipt" => format!("入库 {doc_no}"),
        "adjust" => format!("库存调整 {doc_no}"),
        _ => format!("盘点 {doc_no}"),
    };
    post(
        c,
        actor,
        today,
        &Source {
            kind: "MOVE",
            id: move_id,
            number: doc_no,
            event: kind,
            summary,
        },
        ledger::stock_moved(value, kind == "receipt"),
    )?;
    Ok(())
}

/// Posts a shipment's goods leaving stock (at the moving average cost each line left
/// at): to 6401 at once, or to 1406 发出商品 when revenue is at sign-off. Called by the
/// shipping op in its transaction, after the shipment's lines are written.
pub(crate) fn post_shipment(
    c: &Connection,
    actor: &Actor,
    shipment_id: i64,
    number: &str,
) -> Result<()> {
    let at = revenue_at(c)?;
    let mut value: i64 = 0;
    for (line_id, qty, cost) in store::cash::shipment_line_costs(c, shipment_id)? {
        let v = ledger::move_value(qty, cost);
        store::cash::insert_shipment_cost(c, line_id, cost, v, at == RevenueAt::SignOff)?;
        value = value.checked_add(v).ok_or(Refusal::LedgerUnbalanced {
            debit: Money::ZERO,
            credit: Money::ZERO,
        })?;
    }
    let today = company_today(c)?;
    post(
        c,
        actor,
        today,
        &Source {
            kind: "SH",
            id: shipment_id,
            number,
            event: "ship",
            summary: format!("发货 {number}"),
        },
        ledger::shipped(value, at),
    )?;
    Ok(())
}

/// Posts the customer's signature on a shipment whose goods wait in 1406: the value of
/// what was received goes to cost of goods sold. Called by the delivery ops after the
/// shipment's lines are settled; nothing when the goods went to cost at shipping.
pub(crate) fn post_signoff(
    c: &Connection,
    actor: &Actor,
    shipment_id: i64,
    number: &str,
) -> Result<()> {
    let mut value: i64 = 0;
    for (line_id, delivered, cost, signed) in store::cash::transit_lines(c, shipment_id)? {
        let v = ledger::move_value(delivered, cost) - signed;
        if v > 0 {
            store::cash::add_signed_cost(c, line_id, v)?;
            value += v;
        }
    }
    let today = company_today(c)?;
    post(
        c,
        actor,
        today,
        &Source {
            kind: "SH",
            id: shipment_id,
            number,
            event: "sign",
            summary: format!("签收 {number}"),
        },
        ledger::signed(value),
    )?;
    Ok(())
}

/// Closes an accounting period (YYYY-MM): nothing posts into it afterwards. Finance
/// (the write-off permission) closes periods; closing twice is harmless.
pub fn close_period(db: &Db, actor: &Actor, period: &str) -> Result<bool> {
    let p = period.trim().to_string();
    let valid = p.len() == 7 && NaiveDate::parse_from_str(&format!("{p}-01"), "%Y-%m-%d").is_ok();
    if !valid {
        return Err(Error::field_refused(
            crate::domain::field::FieldId::Period,
            Refusal::BadPeriod { text: p },
        ));
    }
    db.write(|tx| {
        require(tx, actor, Permission::WriteOff)?;
        let at = now_stamp();
        let closed = store::ledger::close_period(tx, &p, actor.id(), &at)?;
        if closed {
            let after = serde_json::json!({ "period": p });
            audit(
                tx,
                Some(actor),
                &at,
                "period",
                None,
                "close",
                None,
                Some(&after),
            )?;
        }
        Ok(closed)
    })
}

/// The closed periods, latest first.
pub fn closed_periods(db: &Db) -> Result<Vec<String>> {
    Ok(db.read(store::ledger::closed_periods)?)
}

/// The trial balance (试算平衡表) from `from` to `to`: every account with its opening
/// balance, the period's debits and credits and its closing balance (`TrialRow::closing`,
/// debit − credit). The closings of all accounts sum to zero.
pub fn trial_balance(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<TrialRow>> {
    if to < from {
        return Err(Refusal::PeriodReversed { from, to }.into());
    }
    Ok(db.read(|c| store::ledger::trial_balance(c, &from.to_string(), &to.to_string()))?)
}

/// A page of one account's lines (明细账) from `from` to `to`, after the line id
/// `after_line` (0 for the first page).
pub fn account_ledger(
    db: &Db,
    account: &str,
    from: NaiveDate,
    to: NaiveDate,
    after_line: i64,
    limit: i64,
) -> Result<Vec<JournalLineRow>> {
    if to < from {
        return Err(Refusal::PeriodReversed { from, to }.into());
    }
    Ok(db.read(|c| {
        store::ledger::account_page(
            c,
            account,
            &from.to_string(),
            &to.to_string(),
            after_line,
            limit,
        )
    })?)
}

/// The journal from `from` to `to` as CSV in the layout accounting packages import:
/// voucher number, date, account code, summary, debit, credit (yuan, two decimals).
pub fn export_journal_csv(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<String> {
    if to < from {
        return Err(Refusal::PeriodReversed { from, to }.into());
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Io {
        detail: e.to_string(),
    };
    w.write_record([
        "voucher_no",
        "date",
        "account",
        "summary",
        "debit",
        "credit",
    ])
    .map_err(io)?;
    let mut after = 0;
    loop {
        let page = db.read(|c| {
            store::ledger::journal_page(c, &from.to_string(), &to.to_string(), after, 1000)
        })?;
        let Some(last) = page.last() else { break };
        after = last.line_id;
        for r in &page {
            w.write_record([
                r.voucher_no.as_str(),
                r.entry_date.as_str(),
                r.account.as_str(),
                r.summary.as_str(),
                &Money::from_minor(r.debit).plain(),
                &Money::from_minor(r.credit).plain(),
            ])
            .map_err(io)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::Io {
        detail: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        detail: e.to_string(),
    })
}

/// Posts the entries of history written without them (stock moves and shipments of a
/// file made before the ledger existed, or by the demo's bulk generator), in one
/// transaction and in bulk: one entry per business day and kind — the day's stock
/// receipts, adjustments and counts (each up or down), shipments leaving stock and,
/// when revenue waits for sign-off, shipments signed for — each the sum of its events
/// valued one by one as the live postings value them. A shipment's costs are recorded
/// as a live shipment records them. Idempotent: what was posted is not posted again.
/// Refused, with nothing written, when a day to post falls in a closed period. Returns
/// how many entries were posted.
pub fn post_history(db: &Db, actor: &Actor) -> Result<usize> {
    db.write(|tx| {
        require(tx, actor, Permission::WriteOff)
            .or_else(|_| require(tx, actor, Permission::EditSettings))?;
        let offset = super::clock::company_offset(tx)?;
        let revenue = revenue_at(tx)?;
        let sign_off = revenue == RevenueAt::SignOff;
        if let Some(period) = store::history_posting::plan_history_postings(tx, offset, sign_off)? {
            return Err(Refusal::PeriodClosed { period }.into());
        }
        let at = now_stamp();
        let shipped_to = if sign_off {
            ledger::Account::GoodsShipped
        } else {
            ledger::Account::Cogs
        };
        let n = store::history_posting::write_history_postings(
            tx,
            &store::history_posting::HistoryPosting {
                actor_id: actor.id(),
                at: &at,
                voucher_year: chrono::Datelike::year(&company_today(tx)?),
                accounts: store::history_posting::HistoryAccounts {
                    inventory: ledger::Account::Inventory.code(),
                    payable: ledger::Account::Payable.code(),
                    differences: ledger::Account::StockDifferences.code(),
                    shipped_to: shipped_to.code(),
                    cogs: ledger::Account::Cogs.code(),
                    goods_shipped: ledger::Account::GoodsShipped.code(),
                },
            },
        )?;
        if n > 0 {
            let after = serde_json::json!({ "entries": n });
            audit(
                tx,
                Some(actor),
                &at,
                "ledger",
                None,
                "post_history",
                None,
                Some(&after),
            )?;
        }
        Ok(n)
    })
}

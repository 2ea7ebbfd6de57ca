//! The figures management reads (数据分析): for a period and the period it is compared
//! with, orders, shipments, invoiced, collected and returns per day; orders per
//! customer, product, channel and salesperson ([`ranking`]); processing times
//! ([`times`]); the on-time delivery rate and the rejection rate of the approval queue;
//! overdue receivables (aging, as of today); staff performance ([`staff`]).
//!
//! Every figure is computed from the records when it is asked for; nothing is typed
//! in or kept aside. Each read function runs in one snapshot of the database, so that
//! its parts agree with each other while others write.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::Result;
use crate::domain::money::Money;
use crate::store::figures::{flow, sales, DaySum};
use crate::store::Db;

pub use crate::domain::figures::{
    change_text, duration_text, parse_period, points_text, week_start, Comparison, Period, Preset,
    Rate, Spread,
};
pub use ranking::{ranking, ranking_in, Dimension, Ranked, Ranking};
pub use staff::{staff, staff_in, StaffRow};
pub use times::{processing_times, processing_times_in, Stage, Times};

pub mod ranking;
pub mod staff;
pub mod times;

/// How many and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub count: i64,
    pub amount: Money,
}

impl Totals {
    fn add(&mut self, count: i64, amount_minor: i64) {
        self.count += count;
        self.amount = Money::from_minor(self.amount.minor() + amount_minor);
    }
}

/// One day's sales and money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// Orders taken that day (with a number, not cancelled), at their gross amount.
    pub orders: Totals,
    /// Shipments that left that day.
    pub shipments: i64,
    /// Invoices issued that day (credit notes not counted).
    pub invoiced: Totals,
    /// Payments received that day (收款).
    pub collected: Totals,
    /// Credit notes of returned goods that day (see
    /// [`crate::store::figures::sales::RETURN_CREDIT_NOTES`]).
    pub returns: Totals,
}

impl Day {
    fn empty(date: NaiveDate) -> Day {
        Day {
            date,
            orders: Totals::default(),
            shipments: 0,
            invoiced: Totals::default(),
            collected: Totals::default(),
            returns: Totals::default(),
        }
    }
}

/// Sales and money of a period: every day of it (days without anything are there, at
/// zero) and the sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sales {
    pub period: Period,
    pub days: Vec<Day>,
    pub total: Day,
}

fn date_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Sales and money of `p`, read in the caller's transaction.
pub fn sales_in(c: &Connection, p: Period) -> Result<Sales> {
    let (from, to) = (p.from.to_string(), p.to.to_string());
    let mut days: Vec<Day> = p.dates().map(Day::empty).collect();
    let mut total = Day::empty(p.from);
    let mut put = |rows: Vec<DaySum>, apply: &dyn Fn(&mut Day, &DaySum)| {
        for r in rows {
            if let Some(i) = date_of(&r.date).and_then(|d| p.index_of(d)) {
                if let Some(day) = days.get_mut(i) {
                    apply(day, &r);
                }
                apply(&mut total, &r);
            }
        }
    };
    put(sales::orders_by_day(c, &from, &to)?, &|d, r| {
        d.orders.add(r.sum.count, r.sum.amount)
    });
    put(sales::shipments_by_day(c, &from, &to)?, &|d, r| {
        d.shipments += r.sum.count
    });
    put(sales::invoices_by_day(c, &from, &to)?, &|d, r| {
        d.invoiced.add(r.sum.count, r.sum.amount)
    });
    put(sales::payments_by_day(c, &from, &to)?, &|d, r| {
        d.collected.add(r.sum.count, r.sum.amount)
    });
    put(sales::returns_by_day(c, &from, &to)?, &|d, r| {
        d.returns.add(r.sum.count, r.sum.amount)
    });
    Ok(Sales {
        period: p,
        days,
        total,
    })
}

/// Orders, shipments, invoiced, collected and returns of a period, per day and in all.
pub fn sales(db: &Db, p: Period) -> Result<Sales> {
    db.read_snapshot(|c| sales_in(c, p))
}

/// Decisions of the approval queue in a period: the share rejected (审批驳回率).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decisions {
    pub approved: i64,
    pub rejected: i64,
}

impl Decisions {
    /// Rejected of all decided.
    pub fn rejection_rate(&self) -> Rate {
        Rate::new(self.rejected, self.approved + self.rejected)
    }
}

pub fn decisions_in(c: &Connection, p: Period) -> Result<Decisions> {
    let (from, until) = p.instants(super::clock::company_offset(c)?);
    let (approved, rejected) = flow::decisions(c, &from, &until)?;
    Ok(Decisions { approved, rejected })
}

/// Orders approved and rejected in the approval queue in a period (orders approved at
/// once, with no reason to wait, are no decision of the queue).
pub fn decisions(db: &Db, p: Period) -> Result<Decisions> {
    db.read_snapshot(|c| decisions_in(c, p))
}

/// Deliveries against the requested date: shipments signed for in the period, and the
/// share of those whose order asked for a date that came by that date (准时交付率).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnTime {
    pub period: Period,
    /// Shipments signed for (in full or in part) in the period.
    pub signed: i64,
    /// On time of those with a requested date.
    pub rate: Rate,
    /// Per week (the Monday it starts on), every week the period touches.
    pub weeks: Vec<(NaiveDate, Rate)>,
}

pub fn on_time_in(c: &Connection, p: Period) -> Result<OnTime> {
    let rows = flow::signed_by_day(c, &p.from.to_string(), &p.to.to_string())?;
    let mut weeks: Vec<(NaiveDate, Rate)> = Vec::new();
    let mut monday = week_start(p.from);
    while monday <= p.to {
        weeks.push((monday, Rate::default()));
        monday = match monday.checked_add_days(chrono::Days::new(7)) {
            Some(d) => d,
            None => break,
        };
    }
    let (mut signed, mut rate) = (0, Rate::default());
    for r in rows {
        let Some(d) = date_of(&r.date) else { continue };
        let day = Rate::new(r.on_time, r.with_date);
        signed += r.shipments;
        rate = rate.plus(day);
        if let Some(w) = weeks.iter_mut().find(|(m, _)| *m == week_start(d)) {
            w.1 = w.1.plus(day);
        }
    }
    Ok(OnTime {
        period: p,
        signed,
        rate,
        weeks,
    })
}

/// The on-time delivery rate of a period, in all and per week.
pub fn on_time(db: &Db, p: Period) -> Result<OnTime> {
    db.read_snapshot(|c| on_time_in(c, p))
}

/// Overdue receivables (应收账龄) as of today: open amounts per aging bucket.
pub fn aging(db: &Db) -> Result<super::cash::Aging> {
    super::cash::aging(db, None)
}

/// The period a preset gives on the company's today.
pub fn preset_period(db: &Db, preset: Preset) -> Result<Option<Period>> {
    Ok(preset.period(super::today(db)?))
}

/// A second connection to the same database file, with the same journal mode, for
/// reading figures off the drawing thread while the first goes on serving the screens.
pub fn open_reader(db: &Db) -> Result<Db> {
    let journal = match db.journal_mode() {
        crate::store::JournalMode::Wal => crate::config::JournalSetting::Wal,
        crate::store::JournalMode::Delete => crate::config::JournalSetting::Delete,
    };
    Ok(Db::open(db.path(), journal)?)
}

/// What the summary of a period shows: sales and money in all, deliveries on time, the
/// queue's decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub sales: Sales,
    pub on_time: OnTime,
    pub decisions: Decisions,
}

pub fn summary_in(c: &Connection, p: Period) -> Result<Summary> {
    Ok(Summary {
        sales: sales_in(c, p)?,
        on_time: on_time_in(c, p)?,
        decisions: decisions_in(c, p)?,
    })
}

/// The summary of a period, in one snapshot.
pub fn summary(db: &Db, p: Period) -> Result<Summary> {
    db.read_snapshot(|c| summary_in(c, p))
}

//! Staff performance (员工绩效) in a period, per person: orders taken and their amount,
//! lines picked and per hour of picking, short picks, picking errors, shipments,
//! collections, and tickets closed on time.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::Totals;
use crate::domain::figures::Period;
use crate::ops::Result;
use crate::store::figures::{sales, staff};
use crate::store::Db;

/// What one person did in a period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffRow {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    /// Orders taken (with a number, not cancelled), by order date.
    pub orders: Totals,
    /// Pick tasks (lines) finished, in full or short.
    pub lines_picked: i64,
    /// Seconds spent picking: per pick list, from the first bin confirmed to the last
    /// task finished.
    pub picking_seconds: i64,
    /// Pick tasks closed short (短拣).
    pub short_picks: i64,
    /// Scans of a wrong bin, product or lot at a pick task (拣货差错).
    pub pick_errors: i64,
    /// Shipments sent.
    pub shipments: i64,
    /// Payments recorded (收款).
    pub collections: Totals,
    /// Complaint tickets closed, and how many of them in time.
    pub tickets_closed: i64,
    pub tickets_on_time: i64,
}

impl StaffRow {
    /// Lines picked per hour of picking, in tenths (`123` is 12.3 lines an hour); `None`
    /// without a minute of picking to divide by.
    pub fn lines_per_hour_tenths(&self) -> Option<i64> {
        (self.picking_seconds >= 60).then(|| {
            let num = self.lines_picked * 36_000;
            (num + self.picking_seconds / 2) / self.picking_seconds
        })
    }

    /// `12.3`, or `—`.
    pub fn lines_per_hour_text(&self) -> String {
        match self.lines_per_hour_tenths() {
            Some(t) => format!("{}.{}", t / 10, t % 10),
            None => "—".to_string(),
        }
    }

    fn did_anything(&self) -> bool {
        self.orders.count > 0
            || self.lines_picked > 0
            || self.pick_errors > 0
            || self.shipments > 0
            || self.collections.count > 0
            || self.tickets_closed > 0
    }
}

fn seconds_between(a: &Option<String>, b: &Option<String>) -> i64 {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => (b - a).num_seconds().max(0),
        _ => 0,
    }
}

pub fn staff_in(c: &Connection, p: Period) -> Result<Vec<StaffRow>> {
    let (from, to) = (p.from.to_string(), p.to.to_string());
    let (from_at, until) = p.instants(crate::ops::clock::company_offset(c)?);
    let mut rows: BTreeMap<i64, StaffRow> = BTreeMap::new();
    for (id, username, name) in staff::user_names(c)? {
        rows.insert(
            id,
            StaffRow {
                user_id: id,
                username,
                name,
                ..StaffRow::default()
            },
        );
    }
    for g in sales::by_salesperson(c, &from, &to)? {
        rows.entry(g.id)
            .or_default()
            .orders
            .add(g.sum.count, g.sum.amount);
    }
    for s in staff::pick_stints(c, &from_at, &until)? {
        let r = rows.entry(s.user_id).or_default();
        r.lines_picked += s.lines;
        r.short_picks += s.short;
        r.picking_seconds += seconds_between(&s.first_claimed_at, &s.last_done_at);
    }
    for (id, n) in staff::pick_errors(c, &from_at, &until)? {
        rows.entry(id).or_default().pick_errors += n;
    }
    for (id, n) in staff::shipments(c, &from, &to)? {
        rows.entry(id).or_default().shipments += n;
    }
    for (id, n, amount) in staff::collections(c, &from, &to)? {
        rows.entry(id).or_default().collections.add(n, amount);
    }
    for (id, closed, on_time) in staff::tickets_closed(c, &from_at, &until)? {
        let r = rows.entry(id).or_default();
        r.tickets_closed += closed;
        r.tickets_on_time += on_time;
    }
    Ok(rows.into_values().filter(StaffRow::did_anything).collect())
}

/// What each person did in a period, in the order the users were made; people who did
/// nothing counted here are left out.
pub fn staff(db: &Db, p: Period) -> Result<Vec<StaffRow>> {
    db.read_snapshot(|c| staff_in(c, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_per_hour_need_a_minute_of_picking() {
        let mut r = StaffRow {
            lines_picked: 10,
            picking_seconds: 1800,
            ..StaffRow::default()
        };
        assert_eq!(r.lines_per_hour_text(), "20.0");
        r.picking_seconds = 2700;
        assert_eq!(r.lines_per_hour_tenths(), Some(133));
        r.picking_seconds = 59;
        assert_eq!(r.lines_per_hour_text(), "—");
    }
}

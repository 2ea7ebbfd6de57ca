//! Processing times (处理时效) of the orders taken in a period: from submission to
//! approval, approval to the last pick, the last pick to the first shipment, the first
//! shipment to the last signature (签收), and submission to signature in all; each as
//! the median and 90th percentile of the orders that have come that far.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::domain::figures::{Period, Spread};
use crate::i18n::Lang;
use crate::ops::Result;
use crate::store::figures::flow::{self, OrderTimes};
use crate::store::Db;

/// A stretch of an order's way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    SubmitToApprove,
    ApproveToPick,
    PickToShip,
    ShipToSign,
    /// The whole way, from submission to the signature.
    SubmitToSign,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::SubmitToApprove,
        Stage::ApproveToPick,
        Stage::PickToShip,
        Stage::ShipToSign,
        Stage::SubmitToSign,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stage::SubmitToApprove => lang.pick("提交→审核", "Submit → approve"),
            Stage::ApproveToPick => lang.pick("审核→拣货", "Approve → pick"),
            Stage::PickToShip => lang.pick("拣货→发货", "Pick → ship"),
            Stage::ShipToSign => lang.pick("发货→签收", "Ship → sign"),
            Stage::SubmitToSign => lang.pick("提交→签收（全程）", "Submit → sign (all)"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::SubmitToApprove => "submit_approve",
            Stage::ApproveToPick => "approve_pick",
            Stage::PickToShip => "pick_ship",
            Stage::ShipToSign => "ship_sign",
            Stage::SubmitToSign => "submit_sign",
        }
    }
}

/// The processing times of a period's orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Times {
    pub period: Period,
    /// Orders taken in the period.
    pub orders: usize,
    /// Per stage, in the order of [`Stage::ALL`]: seconds.
    pub stages: Vec<(Stage, Spread)>,
}

impl Times {
    pub fn of(&self, stage: Stage) -> Spread {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, sp)| *sp)
            .unwrap_or_default()
    }
}

fn instant(s: &Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// When an order was signed for: the recorded instant, unless the signature was dated
/// an earlier day than it was recorded on; then the end of that day (the time of day
/// was not written down).
pub fn signed_instant(t: &OrderTimes, utc_offset_minutes: i64) -> Option<DateTime<Utc>> {
    let recorded = instant(&t.signed_recorded_at);
    let day_end = t
        .signed_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|local| (local - chrono::Duration::minutes(utc_offset_minutes)).and_utc());
    match (recorded, day_end) {
        (Some(r), Some(e)) => Some(r.min(e)),
        (r, e) => r.or(e),
    }
}

/// The durations (seconds) of each stage an order has come through.
pub fn durations(t: &OrderTimes, utc_offset_minutes: i64) -> [(Stage, Option<i64>); 5] {
    let submitted = instant(&t.submitted_at);
    let approved = instant(&t.approved_at);
    let picked = instant(&t.picked_at);
    let shipped = instant(&t.shipped_at);
    let signed = signed_instant(t, utc_offset_minutes);
    let span = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| match (a, b) {
        (Some(a), Some(b)) => Some((b - a).num_seconds()),
        _ => None,
    };
    [
        (Stage::SubmitToApprove, span(submitted, approved)),
        (Stage::ApproveToPick, span(approved, picked)),
        (Stage::PickToShip, span(picked, shipped)),
        (Stage::ShipToSign, span(shipped, signed)),
        (Stage::SubmitToSign, span(submitted, signed)),
    ]
}

pub fn processing_times_in(c: &Connection, p: Period) -> Result<Times> {
    let offset = crate::ops::clock::company_offset(c)?;
    let rows = flow::order_times(c, &p.from.to_string(), &p.to.to_string())?;
    let mut spans: Vec<Vec<i64>> = vec![Vec::new(); Stage::ALL.len()];
    for t in &rows {
        for (i, (_, d)) in durations(t, offset).into_iter().enumerate() {
            if let (Some(d), Some(v)) = (d, spans.get_mut(i)) {
                v.push(d);
            }
        }
    }
    Ok(Times {
        period: p,
        orders: rows.len(),
        stages: Stage::ALL
            .into_iter()
            .zip(spans)
            .map(|(s, v)| (s, Spread::of(v)))
            .collect(),
    })
}

/// The processing times of the orders taken in a period.
pub fn processing_times(db: &Db, p: Period) -> Result<Times> {
    db.read_snapshot(|c| processing_times_in(c, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(signed_on: &str, recorded: &str) -> OrderTimes {
        OrderTimes {
            submitted_at: Some("2026-11-02T01:00:00.000Z".into()),
            approved_at: Some("2026-11-02T03:30:00.000Z".into()),
            picked_at: Some("2026-11-02T06:00:00.000Z".into()),
            shipped_at: Some("2026-11-02T08:00:00.000Z".into()),
            signed_on: Some(signed_on.into()),
            signed_recorded_at: Some(recorded.into()),
            ..OrderTimes::default()
        }
    }

    #[test]
    fn each_stage_runs_from_one_instant_to_the_next() {
        let d = durations(&times("2026-11-03", "2026-11-03T02:00:00.000Z"), 480);
        let secs: Vec<Option<i64>> = d.iter().map(|(_, s)| *s).collect();
        assert_eq!(
            secs,
            vec![
                Some(9000),
                Some(9000),
                Some(7200),
                Some(18 * 3600),
                Some(25 * 3600)
            ]
        );
    }

    #[test]
    fn a_signature_recorded_days_later_counts_at_the_end_of_its_day() {
        // Signed on the 3rd (China), recorded on the 5th: 23:59:59 on the 3rd, China.
        let t = times("2026-11-03", "2026-11-05T02:00:00.000Z");
        let at = signed_instant(&t, 480).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-03T15:59:59+00:00");
        let no_ship = OrderTimes {
            shipped_at: None,
            signed_on: None,
            signed_recorded_at: None,
            ..times("2026-11-03", "x")
        };
        let d = durations(&no_ship, 480);
        assert_eq!(d[2].1, None, "not shipped: no pick → ship");
        assert_eq!(d[4].1, None);
    }
}

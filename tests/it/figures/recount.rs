//! Every figure counted again the plain way: every row of the tables it comes from read
//! without a condition, and the period, the grouping and the sums done here in Rust,
//! on the timeline rather than the orders' own instants where both exist. The results
//! are built as the types `ops::figures` returns, so that a test compares them whole.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use orderdesk::domain::figures::Spread;
use orderdesk::domain::ledger::AgingBucket;
use orderdesk::domain::money::{Money, Qty};
use orderdesk::ops::figures::{
    self as fig, Day, Decisions, Dimension, OnTime, Period, Ranked, Ranking, Rate, Sales, StaffRow,
    Stage, Times, Totals,
};
use orderdesk::store::figures::flow::OrderTimes;

fn rows<T>(
    c: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    c.prepare(sql)
        .unwrap()
        .query_map([], f)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An order as the figures see it.
struct Order {
    id: i64,
    date: NaiveDate,
    stage: String,
    gross: i64,
    customer: i64,
    channel: String,
    created_by: i64,
    requested: Option<String>,
}

impl Order {
    fn counts(&self) -> bool {
        self.stage != "draft" && self.stage != "cancelled"
    }
}

/// A shipment: id, order id, ship date, shipped by, shipped at, status, delivered on,
/// settled at.
type ShipmentRaw = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);
/// A pick task: order id, kind, status, claimed by, pick list, claimed at, done at.
type TaskRaw = (
    i64,
    String,
    String,
    Option<i64>,
    i64,
    Option<String>,
    Option<String>,
);
/// A timeline row: order id, from, to, at.
type TimelineRaw = (i64, Option<String>, String, String);

/// The rows of the tables the figures come from, all of them.
pub struct Raw {
    orders: Vec<Order>,
    /// (order id, product id, qty − cancelled, gross)
    lines: Vec<(i64, i64, i64, i64)>,
    shipments: Vec<ShipmentRaw>,
    /// (date, kind, gross)
    /// Date, kind, gross and whether a return (退货) names it as its credit note.
    invoices: Vec<(String, String, i64, bool)>,
    /// (date, created by, amount)
    payments: Vec<(String, i64, i64)>,
    /// (order id, status, decided at)
    approvals: Vec<(i64, String, Option<String>)>,
    tasks: Vec<TaskRaw>,
    /// (user, at)
    errors: Vec<(i64, String)>,
    /// Tickets: (owner, resolved at, promised resolution)
    tickets: Vec<(i64, Option<String>, String)>,
    /// In id order.
    timeline: Vec<TimelineRaw>,
    /// (id, code, name)
    customers: BTreeMap<i64, (String, String)>,
    products: BTreeMap<i64, (String, String)>,
    users: BTreeMap<i64, (String, String)>,
    /// (due date, open)
    open_invoices: Vec<(String, i64)>,
    offset: i64,
}

pub fn load(c: &Connection) -> Raw {
    let names = |sql: &str| -> BTreeMap<i64, (String, String)> {
        rows(c, sql, |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .into_iter()
            .collect()
    };
    Raw {
        orders: rows(
            c,
            "SELECT id, order_date, stage, gross_minor, customer_id, channel, created_by, requested_date FROM orders",
            |r| {
                Ok(Order {
                    id: r.get(0)?,
                    date: date(&r.get::<_, String>(1)?),
                    stage: r.get(2)?,
                    gross: r.get(3)?,
                    customer: r.get(4)?,
                    channel: r.get(5)?,
                    created_by: r.get(6)?,
                    requested: r.get(7)?,
                })
            },
        ),
        lines: rows(
            c,
            "SELECT order_id, product_id, qty - qty_cancelled, gross_minor FROM order_lines",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        shipments: rows(
            c,
            "SELECT id, order_id, ship_date, shipped_by, shipped_at, status, delivered_on, settled_at FROM shipments",
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        ),
        invoices: rows(
            c,
            "SELECT i.invoice_date, i.kind, i.gross_minor, \
             EXISTS (SELECT 1 FROM returns r WHERE r.credit_note_id = i.id) FROM invoices i",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        payments: rows(c, "SELECT pay_date, created_by, amount_minor FROM payments", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        }),
        approvals: rows(c, "SELECT order_id, status, decided_at FROM approvals", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        }),
        tasks: rows(
            c,
            "SELECT l.order_id, k.kind, k.status, k.claimed_by, k.pick_list_id, k.claimed_at, k.done_at \
             FROM pick_tasks k, order_lines l WHERE l.id = k.order_line_id",
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        ),
        errors: rows(c, "SELECT user_id, at FROM pick_errors", |r| {
            Ok((r.get(0)?, r.get(1)?))
        }),
        tickets: rows(
            c,
            "SELECT owner_id, resolved_at, resolve_by FROM tickets",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        ),
        timeline: rows(
            c,
            "SELECT order_id, from_stage, to_stage, at FROM order_timeline ORDER BY id",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        ),
        customers: names("SELECT id, code, name FROM customers"),
        products: names("SELECT id, sku, name FROM products"),
        users: names("SELECT id, username, display_name FROM users"),
        open_invoices: rows(
            c,
            "SELECT due_date, open_minor FROM invoices WHERE kind = 'invoice'",
            |r| Ok((r.get(0)?, r.get(1)?)),
        ),
        offset: c
            .query_row("SELECT utc_offset_minutes FROM company", [], |r| r.get(0))
            .unwrap(),
    }
}

fn add(t: &mut Totals, n: i64, amount: i64) {
    t.count += n;
    t.amount = Money::from_minor(t.amount.minor() + amount);
}

fn in_period(p: &Period, d: &str) -> bool {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok_and(|d| p.contains(d))
}

fn in_instants(p: &Period, offset: i64, at: &str) -> bool {
    let (from, until) = p.instants(offset);
    from.as_str() <= at && at < until.as_str()
}

impl Raw {
    pub fn sales(&self, p: Period) -> Sales {
        let empty = |d: NaiveDate| Day {
            date: d,
            orders: Totals::default(),
            shipments: 0,
            invoiced: Totals::default(),
            collected: Totals::default(),
            returns: Totals::default(),
        };
        let mut days: Vec<Day> = p.dates().map(empty).collect();
        let mut total = empty(p.from);
        let mut at = |d: NaiveDate, f: &dyn Fn(&mut Day)| {
            if let Some(i) = p.index_of(d) {
                f(&mut days[i]);
                f(&mut total);
            }
        };
        for o in self.orders.iter().filter(|o| o.counts()) {
            at(o.date, &|d| add(&mut d.orders, 1, o.gross));
        }
        for s in &self.shipments {
            at(date(&s.2), &|d| d.shipments += 1);
        }
        for (d, kind, gross, returned) in &self.invoices {
            if kind == "invoice" {
                at(date(d), &|day| add(&mut day.invoiced, 1, *gross));
            } else if *returned {
                at(date(d), &|day| add(&mut day.returns, 1, *gross));
            }
        }
        for (d, _, amount) in &self.payments {
            at(date(d), &|day| add(&mut day.collected, 1, *amount));
        }
        Sales {
            period: p,
            days,
            total,
        }
    }

    pub fn ranking(&self, p: Period, dim: Dimension) -> Ranking {
        let mut groups: BTreeMap<(i64, String), (i64, i64, i64)> = BTreeMap::new();
        let orders: BTreeMap<i64, &Order> = self
            .orders
            .iter()
            .filter(|o| o.counts() && p.contains(o.date))
            .map(|o| (o.id, o))
            .collect();
        match dim {
            Dimension::Product => {
                for (order, product, qty, gross) in &self.lines {
                    if orders.contains_key(order) {
                        let g = groups.entry((*product, String::new())).or_default();
                        g.0 += 1;
                        g.1 += qty;
                        g.2 += gross;
                    }
                }
            }
            _ => {
                for o in orders.values() {
                    let key = match dim {
                        Dimension::Customer => (o.customer, String::new()),
                        Dimension::Salesperson => (o.created_by, String::new()),
                        _ => (0, o.channel.clone()),
                    };
                    let g = groups.entry(key).or_default();
                    g.0 += 1;
                    g.2 += o.gross;
                }
            }
        }
        let mut total = Totals::default();
        let mut out: Vec<Ranked> = groups
            .into_iter()
            .map(|((id, channel), (n, qty, amount))| {
                add(&mut total, n, amount);
                let (code, name) = match dim {
                    Dimension::Customer => self.customers[&id].clone(),
                    Dimension::Product => self.products[&id].clone(),
                    Dimension::Salesperson => self.users[&id].clone(),
                    Dimension::Channel => (channel.clone(), channel),
                };
                Ranked {
                    id,
                    code,
                    name,
                    count: n,
                    qty: Qty::from_db(qty),
                    amount: Money::from_minor(amount),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.amount
                .cmp(&a.amount)
                .then(a.id.cmp(&b.id))
                .then(a.code.cmp(&b.code))
        });
        Ranking {
            dimension: dim,
            period: p,
            rows: out,
            total,
        }
    }

    pub fn decisions(&self, p: Period) -> Decisions {
        let mut approved = BTreeSet::new();
        let mut rejected = BTreeSet::new();
        for (order, status, at) in &self.approvals {
            let Some(at) = at else { continue };
            if !in_instants(&p, self.offset, at) {
                continue;
            }
            match status.as_str() {
                "approved" => approved.insert(*order),
                "rejected" => rejected.insert(*order),
                _ => false,
            };
        }
        Decisions {
            approved: approved.len() as i64,
            rejected: rejected.len() as i64,
        }
    }

    pub fn on_time(&self, p: Period) -> OnTime {
        let requested: BTreeMap<i64, Option<String>> = self
            .orders
            .iter()
            .map(|o| (o.id, o.requested.clone()))
            .collect();
        let mut weeks: Vec<(NaiveDate, Rate)> = Vec::new();
        for d in p.dates() {
            let w = fig::week_start(d);
            if weeks.last().is_none_or(|(m, _)| *m != w) {
                weeks.push((w, Rate::default()));
            }
        }
        let (mut signed, mut rate) = (0, Rate::default());
        for s in &self.shipments {
            let signed_for = s.5 == "delivered" || s.5 == "partly_received";
            let Some(on) = s.6.as_deref().filter(|d| signed_for && in_period(&p, d)) else {
                continue;
            };
            signed += 1;
            let Some(req) = requested[&s.1].as_deref() else {
                continue;
            };
            let one = Rate::new(i64::from(on <= req), 1);
            rate = rate.plus(one);
            let w = fig::week_start(date(on));
            let slot = weeks.iter_mut().find(|(m, _)| *m == w).unwrap();
            slot.1 = slot.1.plus(one);
        }
        OnTime {
            period: p,
            signed,
            rate,
            weeks,
        }
    }

    /// The instants of each order of the period: submitted and approved from the
    /// timeline, the rest from the picks and shipments.
    pub fn times(&self, p: Period) -> Times {
        let mut spans: BTreeMap<Stage, Vec<i64>> = BTreeMap::new();
        let mut n = 0;
        for o in self
            .orders
            .iter()
            .filter(|o| o.counts() && p.contains(o.date))
        {
            n += 1;
            let last = |pred: &dyn Fn(&TimelineRaw) -> bool| {
                self.timeline
                    .iter()
                    .filter(|t| t.0 == o.id && pred(t))
                    .map(|t| t.3.clone())
                    .next_back()
            };
            let picked = self
                .tasks
                .iter()
                .filter(|t| t.0 == o.id && t.1 == "pick" && (t.2 == "done" || t.2 == "short"))
                .filter_map(|t| t.6.clone())
                .max();
            let mine: Vec<_> = self.shipments.iter().filter(|s| s.1 == o.id).collect();
            let signed: Vec<_> = mine
                .iter()
                .filter(|s| s.5 == "delivered" || s.5 == "partly_received")
                .collect();
            let t = OrderTimes {
                order_id: o.id,
                submitted_at: last(&|t| t.2 == "submitted"),
                approved_at: last(&|t| t.2 == "approved" && t.1.as_deref() == Some("submitted")),
                picked_at: picked,
                shipped_at: mine.iter().map(|s| s.4.clone()).min(),
                signed_on: signed.iter().filter_map(|s| s.6.clone()).max(),
                signed_recorded_at: signed.iter().filter_map(|s| s.7.clone()).max(),
            };
            for (stage, d) in fig::times::durations(&t, self.offset) {
                if let Some(d) = d {
                    spans.entry(stage).or_default().push(d);
                }
            }
        }
        Times {
            period: p,
            orders: n,
            stages: Stage::ALL
                .into_iter()
                .map(|s| (s, Spread::of(spans.remove(&s).unwrap_or_default())))
                .collect(),
        }
    }

    pub fn staff(&self, p: Period) -> Vec<StaffRow> {
        let mut out: BTreeMap<i64, StaffRow> = self
            .users
            .iter()
            .map(|(id, (u, n))| {
                (
                    *id,
                    StaffRow {
                        user_id: *id,
                        username: u.clone(),
                        name: n.clone(),
                        ..StaffRow::default()
                    },
                )
            })
            .collect();
        for o in self
            .orders
            .iter()
            .filter(|o| o.counts() && p.contains(o.date))
        {
            add(&mut out.get_mut(&o.created_by).unwrap().orders, 1, o.gross);
        }
        let mut stints: BTreeMap<(i64, i64), (Option<String>, Option<String>)> = BTreeMap::new();
        for t in &self.tasks {
            let (Some(who), Some(done)) = (t.3, t.6.as_deref()) else {
                continue;
            };
            if t.1 != "pick" || !(t.2 == "done" || t.2 == "short") {
                continue;
            }
            if !in_instants(&p, self.offset, done) {
                continue;
            }
            let r = out.get_mut(&who).unwrap();
            r.lines_picked += 1;
            r.short_picks += i64::from(t.2 == "short");
            let s = stints.entry((who, t.4)).or_default();
            s.0 = match (s.0.take(), t.5.clone()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            s.1 = s.1.take().max(Some(done.to_string()));
        }
        for ((who, _), (first, last)) in stints {
            let secs = match (first, last) {
                (Some(a), Some(b)) => {
                    let a = chrono::DateTime::parse_from_rfc3339(&a).unwrap();
                    let b = chrono::DateTime::parse_from_rfc3339(&b).unwrap();
                    (b - a).num_seconds().max(0)
                }
                _ => 0,
            };
            out.get_mut(&who).unwrap().picking_seconds += secs;
        }
        for (who, at) in &self.errors {
            if in_instants(&p, self.offset, at) {
                out.get_mut(who).unwrap().pick_errors += 1;
            }
        }
        for s in &self.shipments {
            if in_period(&p, &s.2) {
                out.get_mut(&s.3).unwrap().shipments += 1;
            }
        }
        for (d, who, amount) in &self.payments {
            if in_period(&p, d) {
                add(&mut out.get_mut(who).unwrap().collections, 1, *amount);
            }
        }
        for (who, resolved, promised) in &self.tickets {
            let Some(resolved) = resolved else { continue };
            if in_instants(&p, self.offset, resolved) {
                let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
                let r = out.get_mut(who).unwrap();
                r.tickets_closed += 1;
                r.tickets_on_time += i64::from(at(resolved) <= at(promised));
            }
        }
        out.into_values()
            .filter(|r| {
                r.orders.count > 0
                    || r.tickets_closed > 0
                    || r.lines_picked > 0
                    || r.pick_errors > 0
                    || r.shipments > 0
                    || r.collections.count > 0
            })
            .collect()
    }

    /// Open invoices by bucket of days past due on `today`.
    pub fn aging(&self, today: NaiveDate) -> Vec<(AgingBucket, Money)> {
        let mut sums = [0i64; 6];
        for (due, open) in &self.open_invoices {
            if *open <= 0 {
                continue;
            }
            let days = (today - date(due)).num_days();
            let b = AgingBucket::of(days);
            let i = AgingBucket::ALL.iter().position(|x| *x == b).unwrap();
            sums[i] += open;
        }
        AgingBucket::ALL
            .into_iter()
            .zip(sums)
            .map(|(b, s)| (b, Money::from_minor(s)))
            .collect()
    }
}

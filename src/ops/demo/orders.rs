//! The demo's orders, in every stage, oldest first.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::scale::{Progress, Scale};
use crate::domain::money::{
    line_amounts, order_totals, Discount, PriceMode, Qty, TaxRate, UnitPrice,
};
use crate::ops::{clock, stamp, Result};
use crate::store::{self, Db};

/// Stages of the newest orders, in turn.
pub(super) const RECENT_STAGES: [&str; 10] = [
    "draft",
    "submitted",
    "approved",
    "rejected",
    "on_hold",
    "submitted",
    "approved",
    "draft",
    "cancelled",
    "approved",
];

/// Picks a stage for an order of this age, so that recent orders are in progress and
/// old ones are closed.
pub(super) fn stage_for(age_days: i64, rng: &mut fastrand::Rng) -> &'static str {
    let r = rng.u8(0..100);
    if age_days <= 20 {
        match r {
            0..=44 => "approved",
            45..=84 => "closed",
            85..=89 => "on_hold",
            90..=94 => "cancelled",
            _ => "submitted",
        }
    } else {
        match r {
            0..=93 => "closed",
            _ => "cancelled",
        }
    }
}

/// The end of the demo's business day: 18:00 in China, when the last order of the day
/// has come in.
fn end_of_day(as_of: NaiveDate) -> DateTime<Utc> {
    let local = as_of.and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default());
    Utc.from_utc_datetime(&(local - Duration::hours(8)))
}

/// The moment the demo describes: the end of its business day, or now when the demo is
/// made during that day (every instant of the demo lies before it, so that nothing
/// happened in the future and the queue counts real waiting times).
pub(super) fn as_of_moment(as_of: NaiveDate, now: DateTime<Utc>) -> DateTime<Utc> {
    let end = end_of_day(as_of);
    let start = end - Duration::hours(18);
    if now >= start && now < end {
        now
    } else {
        end
    }
}

/// An instant of the business day `as_of` moved before `moment`: the hours of a day
/// not yet over are squeezed, in order, between midnight and the moment.
pub(super) fn before_moment(
    at: DateTime<Utc>,
    as_of: NaiveDate,
    moment: DateTime<Utc>,
) -> DateTime<Utc> {
    let end = end_of_day(as_of);
    let start = end - Duration::hours(18);
    if moment >= end || at < start {
        return at;
    }
    let span = (end - start).num_seconds().max(1);
    let room = (moment - start).num_seconds().max(0);
    let into = (at - start).num_seconds().clamp(0, span);
    // Strictly before the moment: a wait of zero would say the order came in just now.
    start + Duration::seconds((into * room / span).min(room - 1).max(0))
}

pub(super) struct CustomerPick {
    id: i64,
    terms: String,
    active: bool,
}

/// Orders in every stage, oldest first, numbered per year without gaps.
#[allow(clippy::too_many_arguments)]
pub(super) fn generate_orders(
    db: &Db,
    scale: Scale,
    rng: &mut fastrand::Rng,
    as_of: NaiveDate,
    sales_ids: &[i64],
    manager_id: i64,
    progress: &mut dyn FnMut(Progress),
) -> Result<(usize, usize)> {
    let (customers, products) = db.read(|c| {
        let mut customers = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::customers::page_by_code(c, &after, 5000)?;
            let Some(last) = page.last() else { break };
            after = last.code.clone();
            customers.extend(page.into_iter().map(|r| CustomerPick {
                id: r.id,
                terms: r.terms,
                active: r.status == crate::domain::customer::CustomerStatus::Active,
            }));
        }
        let mut products = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::products::page_by_sku(c, &after, 5000)?;
            let Some(last) = page.last() else { break };
            after = last.sku.clone();
            let ids: Vec<i64> = page.iter().map(|p| p.id).collect();
            for (p, id) in page.into_iter().zip(ids) {
                let s = store::stock::product_stock(c, id)?;
                products.push((
                    id,
                    p.list_price,
                    p.floor_price,
                    p.tax_bp,
                    s.on_hand - s.reserved,
                ));
            }
        }
        Ok::<_, crate::ops::Error>((customers, products))
    })?;
    let moment = as_of_moment(as_of, clock::now());
    let active: Vec<&CustomerPick> = customers.iter().filter(|c| c.active).collect();
    // The large set's customer with thousands of invoices (the statement benchmark): the
    // first active customer on credit takes one closed order in every 190.
    let heavy = scale
        .bulk()
        .then(|| active.iter().find(|c| c.terms.starts_with("net:")).copied())
        .flatten();
    let mut available: Vec<i64> = products.iter().map(|p| p.4).collect();
    let n = scale.orders();
    let days = scale.days();
    let recent = (n / 200).max(30);
    let mut counters: std::collections::BTreeMap<i32, i64> = Default::default();
    let mut total_lines = 0usize;
    const BATCH: usize = 20_000;
    let mut k = 0usize;
    while k < n {
        let end = (k + BATCH).min(n);
        // A retried transaction starts again from the state before it: the closure works
        // on copies that replace the originals only once the batch has committed.
        let (written, next_counters, next_available, next_rng) = db.write(|tx| {
            let mut counters = counters.clone();
            let mut available = available.clone();
            let mut rng = rng.clone();
            let rng = &mut rng;
            let mut lines_written = 0usize;
            for j in k..end {
                // The newest orders (the last three days) cycle through the open stages so
                // that every stage is present; older ones follow stage_for.
                let back = n - 1 - j;
                let (age, stage) = if back < recent {
                    (
                        back as i64 * 3 / recent as i64,
                        RECENT_STAGES[back % RECENT_STAGES.len()],
                    )
                } else {
                    let age = 4 + (back - recent) as i64 * (days - 4) / (n - recent) as i64;
                    (age, stage_for(age, rng))
                };
                let date = as_of - Duration::days(age);
                let cust = if stage == "draft" || stage == "submitted" {
                    &customers[rng.usize(..customers.len())]
                } else {
                    active[rng.usize(..active.len())]
                };
                let cust = match heavy {
                    Some(h) if stage == "closed" && j % 190 == 7 => h,
                    _ => cust,
                };
                let at_local = date.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
                    + Duration::seconds(rng.i64(0..36_000));
                let at = stamp(before_moment(
                    Utc.from_utc_datetime(&(at_local - Duration::hours(8))),
                    as_of,
                    moment,
                ));
                let number = (stage != "draft").then(|| {
                    let c = counters.entry(date.year()).or_insert(0);
                    *c += 1;
                    store::counters::format_number("SO", date.year(), *c)
                });
                let n_lines = rng.usize(1..=9);
                let mut chosen: Vec<usize> = Vec::with_capacity(n_lines);
                while chosen.len() < n_lines {
                    let p = rng.usize(..products.len());
                    if !chosen.contains(&p) {
                        chosen.push(p);
                    }
                }
                let mut amounts = Vec::with_capacity(n_lines);
                let mut specs = Vec::with_capacity(n_lines);
                // Orders waiting in the queue (or held from it) carry a reason: at least
                // their first line is priced below the floor.
                let queued = stage == "submitted" || stage == "on_hold" || stage == "rejected";
                for (k, &p) in chosen.iter().enumerate() {
                    let (_, list, floor, tax_bp, _) = products[p];
                    let qty = Qty::from_int(rng.i32(1..=40));
                    let below_floor = queued && (k == 0 || rng.u8(0..4) == 0);
                    let price = if below_floor {
                        UnitPrice::from_db(floor * 95 / 100)
                    } else {
                        UnitPrice::from_db(list)
                    };
                    let discount = match rng.u8(0..10) {
                        0 => Discount::from_bp(500),
                        1 => Discount::from_bp(1000),
                        _ => Ok(Discount::NONE),
                    }
                    .unwrap_or(Discount::NONE);
                    let rate = TaxRate::from_bp(tax_bp).unwrap_or(TaxRate::ZERO);
                    let a = line_amounts(qty, price, discount, rate, PriceMode::TaxInclusive)?;
                    amounts.push(a);
                    specs.push((p, qty, price, discount, a));
                }
                let total = order_totals(amounts)?;
                let channel =
                    ["phone", "phone", "walk_in", "chat", "email", "web", "fax"][rng.usize(..7)];
                let urgency =
                    ["normal", "normal", "normal", "normal", "urgent", "critical"][rng.usize(..6)];
                let created_by = sales_ids[rng.usize(..sales_ids.len())];
                let channel_ref =
                    (channel == "web").then(|| format!("WEB-{}-{j}", date.format("%Y%m%d")));
                let order_id = store::orders::insert(
                    tx,
                    &store::orders::NewOrder {
                        number: number.as_deref(),
                        customer_id: cust.id,
                        channel,
                        channel_ref: channel_ref.as_deref(),
                        customer_ref: None,
                        order_date: &date.to_string(),
                        requested_date: Some(&(date + Duration::days(rng.i64(1..10))).to_string()),
                        urgency,
                        terms: &cust.terms,
                        stage,
                        price_mode: "inclusive",
                        special: "",
                        net_minor: total.net.minor(),
                        tax_minor: total.tax.minor(),
                        gross_minor: total.gross.minor(),
                        created_by,
                        at: &at,
                    },
                )?;
                for (line_no, (p, qty, price, discount, a)) in specs.into_iter().enumerate() {
                    let q = qty.to_db();
                    let (reserved, backordered) = if stage == "approved" {
                        let r = q.min(available[p].max(0));
                        available[p] -= r;
                        (r, q - r)
                    } else {
                        (0, 0)
                    };
                    let done = if stage == "closed" { q } else { 0 };
                    let line_id = store::orders::insert_line(
                        tx,
                        &store::orders::NewLine {
                            order_id,
                            line_no: line_no as i64 + 1,
                            product_id: products[p].0,
                            qty: q,
                            unit_price: price.to_db(),
                            discount_bp: discount.to_bp(),
                            tax_bp: products[p].3,
                            net_minor: a.net.minor(),
                            tax_minor: a.tax.minor(),
                            gross_minor: a.gross.minor(),
                            qty_reserved: reserved,
                            qty_backordered: backordered,
                            qty_shipped: done,
                            qty_delivered: done,
                            qty_invoiced: done,
                        },
                    )?;
                    if reserved > 0 {
                        store::reservation::insert_reservation(
                            tx,
                            line_id,
                            products[p].0,
                            reserved,
                            &at,
                        )?;
                    }
                    if backordered > 0 {
                        store::reservation::add_backordered(tx, products[p].0, backordered)?;
                    }
                    lines_written += 1;
                }
                let tl = |from: Option<&str>, to: &str, actor: i64, note: Option<&str>| {
                    store::orders::insert_timeline(tx, order_id, &at, actor, from, to, note)
                };
                if queued {
                    let mut reasons = vec!["price"];
                    if total.gross.minor() > 500_000 {
                        reasons.push("amount");
                    }
                    if !cust.active {
                        reasons.push("customer");
                    }
                    for r in reasons {
                        store::approval::insert_approval(tx, order_id, r, "{}", &at)?;
                    }
                    if stage == "rejected" {
                        store::approval::decide(tx, order_id, "rejected", manager_id, &at)?;
                    }
                }
                tl(None, "draft", created_by, None)?;
                match stage {
                    "draft" => {}
                    "cancelled" => tl(Some("draft"), "cancelled", created_by, Some("客户取消"))?,
                    _ => {
                        tl(Some("draft"), "submitted", created_by, None)?;
                        match stage {
                            "approved" => tl(Some("submitted"), "approved", manager_id, None)?,
                            "closed" => {
                                tl(Some("submitted"), "approved", manager_id, None)?;
                                tl(Some("approved"), "closed", manager_id, None)?;
                            }
                            "rejected" => tl(
                                Some("submitted"),
                                "rejected",
                                manager_id,
                                Some("价格低于最低售价，请重新报价"),
                            )?,
                            "on_hold" => tl(
                                Some("submitted"),
                                "on_hold",
                                manager_id,
                                Some("等待客户回款"),
                            )?,
                            _ => {}
                        }
                    }
                }
            }
            // The counters move with the numbers they cover, in the same transaction.
            for (year, last) in &counters {
                store::counters::raise_to(tx, "SO", *year, *last)?;
            }
            Ok::<_, crate::ops::Error>((lines_written, counters, available, rng.clone()))
        })?;
        total_lines += written;
        counters = next_counters;
        available = next_available;
        *rng = next_rng;
        k = end;
        if scale.bulk() {
            progress(Progress::Orders(end));
        }
    }
    Ok((n, total_lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn a_demo_made_during_its_business_day_has_no_instant_after_now() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        // 09:30 in China.
        let now = utc("2026-11-30T01:30:00Z");
        let moment = as_of_moment(day, now);
        assert_eq!(moment, now);
        let mut last = None;
        for h in 0..10 {
            // From 08:00 to 17:00 in China, in order.
            let at = utc(&format!("2026-11-30T{h:02}:00:00Z"));
            let moved = before_moment(at, day, moment);
            assert!(moved < now, "{moved} is before {now}");
            assert!(
                moved >= utc("2026-11-29T16:00:00Z"),
                "still on the same day"
            );
            assert!(
                last.is_none_or(|l| l <= moved),
                "the order of the day is kept"
            );
            last = Some(moved);
        }
        // An earlier day and a day already over keep their instants.
        let old = utc("2026-11-29T05:00:00Z");
        assert_eq!(before_moment(old, day, moment), old);
        let over = as_of_moment(day, utc("2026-12-01T03:00:00Z"));
        let at = utc("2026-11-30T09:59:00Z");
        assert_eq!(before_moment(at, day, over), at);
    }
}

//! Orders, their lines and timeline.

use rusqlite::{params, Connection};

use super::{all, optional, Result, StoreError};
use crate::domain::money::Money;
use crate::domain::order::{Channel, OrderStage, Urgency};

/// An order header as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub number: Option<String>,
    pub customer_id: i64,
    pub channel: Channel,
    pub channel_ref: Option<String>,
    pub customer_ref: Option<String>,
    pub order_date: String,
    pub requested_date: Option<String>,
    pub urgency: Urgency,
    pub terms: String,
    pub stage: OrderStage,
    pub price_mode: String,
    pub special: String,
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
    pub version: i64,
    pub created_by: i64,
    pub updated_at: String,
    pub stage_reason: Option<String>,
    pub approved_at: Option<String>,
}

const COLS: &str = "id, number, customer_id, channel, channel_ref, customer_ref, order_date, \
    requested_date, urgency, terms, stage, price_mode, special, net_minor, tax_minor, gross_minor, \
    version, created_by, updated_at, stage_reason, approved_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        channel: r.get(3)?,
        channel_ref: r.get(4)?,
        customer_ref: r.get(5)?,
        order_date: r.get(6)?,
        requested_date: r.get(7)?,
        urgency: r.get(8)?,
        terms: r.get(9)?,
        stage: r.get(10)?,
        price_mode: r.get(11)?,
        special: r.get(12)?,
        net: r.get(13)?,
        tax: r.get(14)?,
        gross: r.get(15)?,
        version: r.get(16)?,
        created_by: r.get(17)?,
        updated_at: r.get(18)?,
        stage_reason: r.get(19)?,
        approved_at: r.get(20)?,
    })
}

pub fn by_number(c: &Connection, number: &str) -> Result<Option<OrderRow>> {
    let sql = format!("SELECT {COLS} FROM orders WHERE number = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([number], row))?)
}

pub fn by_id(c: &Connection, id: i64) -> Result<Option<OrderRow>> {
    let sql = format!("SELECT {COLS} FROM orders WHERE id = ?1");
    Ok(optional(c.prepare_cached(&sql)?.query_row([id], row))?)
}

/// One row of the order list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderListRow {
    pub id: i64,
    pub number: Option<String>,
    pub order_date: String,
    pub customer_name: String,
    pub stage: OrderStage,
    pub urgency: Urgency,
    pub gross: Money,
    pub urgency_rank: i64,
    /// The draft number (草稿号) every order gets while it is a draft.
    pub draft_no: Option<String>,
    /// The display name of who made the order (制单人).
    pub author: String,
    /// A draft of the viewing user, listed before everyone else's orders
    /// ([`OrderFilter::drafts_first_of`]).
    pub own_draft: bool,
}

/// How the order list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderSort {
    /// Newest first.
    #[default]
    Date,
    /// Most urgent first, then newest.
    Urgency,
}

/// What the order list shows: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub stage: Option<OrderStage>,
    pub customer_id: Option<i64>,
    pub channel: Option<Channel>,
    /// First and last order date, inclusive (`YYYY-MM-DD`).
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub sort: OrderSort,
    /// The viewing user: their own drafts come first, in the sort's order, then every
    /// other order.
    pub drafts_first_of: Option<i64>,
    /// Approved and closed orders whose fulfilment status (履约状态) is this one.
    pub fulfilment: Option<crate::domain::goods::Fulfilment>,
}

/// An order's fulfilment status code in SQL, from the sums of its lines, as
/// [`crate::domain::goods::Fulfilment::of_sums`] derives it.
pub const FULFILMENT_SQL: &str = "(SELECT CASE \
      WHEN SUM(fl.qty_delivered) >= SUM(fl.qty - fl.qty_cancelled) THEN 'delivered' \
      WHEN SUM(fl.qty_shipped) >= SUM(fl.qty - fl.qty_cancelled) THEN 'shipped' \
      WHEN SUM(fl.qty_shipped) > 0 THEN 'partly_shipped' \
      WHEN SUM(fl.qty_picked) > 0 \
           AND SUM(fl.qty_picked) >= SUM(fl.qty - fl.qty_cancelled) - SUM(fl.qty_shipped) \
        THEN 'ready_to_ship' \
      WHEN SUM(fl.qty_picked) > 0 THEN 'picking' \
      ELSE 'awaiting_pick' END FROM order_lines fl WHERE fl.order_id = o.id)";

/// The fulfilment status of one approved or closed order, as the order list filters it.
pub fn fulfilment_code(c: &Connection, order_id: i64) -> Result<Option<String>> {
    Ok(optional(
        c.prepare_cached(&format!(
            "SELECT {FULFILMENT_SQL} FROM orders o WHERE o.id = ?1 AND o.stage IN ('approved', 'closed')"
        ))?
        .query_row([order_id], |r| r.get(0)),
    )?)
}

/// Where a page of the order list continues: the last row's sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCursor {
    pub urgency_rank: i64,
    pub order_date: String,
    pub id: i64,
    /// The page continues among the viewer's own drafts, which come first; the rest
    /// starts from its beginning when they run out.
    pub own_draft: bool,
}

/// Which part of the order list a query reads.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// Every order (nobody's drafts first).
    All,
    /// The drafts this user made.
    OwnDrafts(i64),
    /// Every order but this user's drafts.
    Rest(i64),
}

/// The urgency's rank in SQL; the same expression is indexed (orders_urgency_*).
const URGENCY_RANK: &str =
    "(CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END)";

/// One page of the order list after `cursor` (keyset paging on an index that matches
/// the sort; never OFFSET). With a viewer, the page is read in two parts: the viewer's
/// drafts, then, where they run out, the rest from its beginning.
pub fn page(
    c: &Connection,
    filter: &OrderFilter,
    cursor: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderListRow>> {
    let Some(viewer) = filter.drafts_first_of else {
        return page_of(c, filter, cursor, limit, Part::All);
    };
    let among_own = cursor.is_none_or(|k| k.own_draft);
    let mut rows = if among_own {
        page_of(c, filter, cursor, limit, Part::OwnDrafts(viewer))?
    } else {
        Vec::new()
    };
    let left = limit - rows.len() as i64;
    if left > 0 {
        let after = if among_own { None } else { cursor };
        rows.extend(page_of(c, filter, after, left, Part::Rest(viewer))?);
    }
    Ok(rows)
}

fn page_of(
    c: &Connection,
    filter: &OrderFilter,
    cursor: Option<&OrderCursor>,
    limit: i64,
    part: Part,
) -> Result<Vec<OrderListRow>> {
    use rusqlite::types::Value;
    let mut sql = format!(
        "SELECT o.id, o.number, o.order_date, c.name, o.stage, o.urgency, o.gross_minor, \
         {URGENCY_RANK}, o.draft_no, u.display_name FROM orders o \
         JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.created_by WHERE 1 = 1"
    );
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |sql: &mut String, cond: &str, v: Value| {
        args.push(v);
        sql.push_str(&cond.replace('?', &format!("?{}", args.len())));
    };
    if let Some(s) = filter.stage {
        arg(
            &mut sql,
            " AND o.stage = ?",
            Value::Text(s.as_str().to_string()),
        );
    }
    if let Some(id) = filter.customer_id {
        arg(&mut sql, " AND o.customer_id = ?", Value::Integer(id));
    }
    if let Some(ch) = filter.channel {
        arg(
            &mut sql,
            " AND o.channel = ?",
            Value::Text(ch.as_str().to_string()),
        );
    }
    if let Some(d) = &filter.date_from {
        arg(&mut sql, " AND o.order_date >= ?", Value::Text(d.clone()));
    }
    if let Some(d) = &filter.date_to {
        arg(&mut sql, " AND o.order_date <= ?", Value::Text(d.clone()));
    }
    match part {
        Part::All => {}
        Part::OwnDrafts(user) => arg(
            &mut sql,
            " AND o.stage = 'draft' AND o.created_by = ?",
            Value::Integer(user),
        ),
        Part::Rest(user) => arg(
            &mut sql,
            " AND NOT (o.stage = 'draft' AND o.created_by = ?)",
            Value::Integer(user),
        ),
    }
    if let Some(f) = filter.fulfilment {
        arg(
            &mut sql,
            &format!(" AND o.stage IN ('approved', 'closed') AND {FULFILMENT_SQL} = ?"),
            Value::Text(f.code().to_string()),
        );
    }
    if let Some(k) = cursor {
        match filter.sort {
            OrderSort::Date => {
                arg(
                    &mut sql,
                    " AND (o.order_date, o.id) < (?",
                    Value::Text(k.order_date.clone()),
                );
                arg(&mut sql, ", ?)", Value::Integer(k.id));
            }
            OrderSort::Urgency => {
                arg(
                    &mut sql,
                    &format!(" AND ({URGENCY_RANK}, o.order_date, o.id) < (?"),
                    Value::Integer(k.urgency_rank),
                );
                arg(&mut sql, ", ?", Value::Text(k.order_date.clone()));
                arg(&mut sql, ", ?)", Value::Integer(k.id));
            }
        }
    }
    sql.push_str(match filter.sort {
        OrderSort::Date => " ORDER BY o.order_date DESC, o.id DESC",
        OrderSort::Urgency => {
            " ORDER BY (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
             o.order_date DESC, o.id DESC"
        }
    });
    arg(&mut sql, " LIMIT ?", Value::Integer(limit));
    all(c, &sql, rusqlite::params_from_iter(args), |r| {
        Ok(OrderListRow {
            id: r.get(0)?,
            number: r.get(1)?,
            order_date: r.get(2)?,
            customer_name: r.get(3)?,
            stage: r.get(4)?,
            urgency: r.get(5)?,
            gross: r.get(6)?,
            urgency_rank: r.get(7)?,
            draft_no: r.get(8)?,
            author: r.get(9)?,
            own_draft: matches!(part, Part::OwnDrafts(_)),
        })
    })
}

/// The header fields of a new order.
pub struct NewOrder<'a> {
    pub number: Option<&'a str>,
    pub customer_id: i64,
    pub channel: &'a str,
    pub channel_ref: Option<&'a str>,
    pub customer_ref: Option<&'a str>,
    pub order_date: &'a str,
    pub requested_date: Option<&'a str>,
    pub urgency: &'a str,
    pub terms: &'a str,
    pub stage: &'a str,
    pub price_mode: &'a str,
    pub special: &'a str,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub created_by: i64,
    pub at: &'a str,
}

pub fn insert(c: &Connection, o: &NewOrder<'_>) -> Result<i64> {
    // A draft has no order number yet: it gets a draft number (DR-2026-000012) of the
    // year of its order date, so that drafts can be told apart before they are submitted.
    let draft_no = match (o.number, o.stage) {
        (None, "draft") => {
            let year = o
                .order_date
                .get(..4)
                .and_then(|y| y.parse::<i32>().ok())
                .ok_or_else(|| StoreError::Corrupt(format!("order date {:?}", o.order_date)))?;
            let n = super::counters::next(c, "DR", year)?;
            Some(super::counters::format_number("DR", year, n))
        }
        _ => None,
    };
    c.prepare_cached(
        "INSERT INTO orders (number, customer_id, channel, channel_ref, customer_ref, order_date, \
         requested_date, urgency, terms, stage, price_mode, special, net_minor, tax_minor, \
         gross_minor, created_by, created_at, updated_at, submitted_at, approved_at, draft_no) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, \
         CASE WHEN ?10 <> 'draft' THEN ?17 END, CASE WHEN ?10 IN ('approved', 'closed') THEN ?17 END, \
         ?18)",
    )?
    .execute(params![
        o.number,
        o.customer_id,
        o.channel,
        o.channel_ref,
        o.customer_ref,
        o.order_date,
        o.requested_date,
        o.urgency,
        o.terms,
        o.stage,
        o.price_mode,
        o.special,
        o.net_minor,
        o.tax_minor,
        o.gross_minor,
        o.created_by,
        o.at,
        draft_no
    ])?;
    Ok(c.last_insert_rowid())
}

/// A new order line with its amounts and fulfilment quantities.
pub struct NewLine {
    pub order_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub qty: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub qty_reserved: i64,
    pub qty_backordered: i64,
    pub qty_shipped: i64,
    pub qty_delivered: i64,
    pub qty_invoiced: i64,
}

pub fn insert_line(c: &Connection, l: &NewLine) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, product_id, qty, unit_price, discount_bp, \
         tax_bp, net_minor, tax_minor, gross_minor, qty_reserved, qty_backordered, qty_shipped, \
         qty_delivered, qty_invoiced) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        l.order_id,
        l.line_no,
        l.product_id,
        l.qty,
        l.unit_price,
        l.discount_bp,
        l.tax_bp,
        l.net_minor,
        l.tax_minor,
        l.gross_minor,
        l.qty_reserved,
        l.qty_backordered,
        l.qty_shipped,
        l.qty_delivered,
        l.qty_invoiced
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn insert_timeline(
    c: &Connection,
    order_id: i64,
    at: &str,
    actor_id: i64,
    from: Option<&str>,
    to: &str,
    note: Option<&str>,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO order_timeline (order_id, at, actor_id, from_stage, to_stage, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![order_id, at, actor_id, from, to, note])?;
    Ok(())
}

/// An order line with its product, as shown and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub qty_cancelled: i64,
    pub qty_reserved: i64,
    pub qty_backordered: i64,
    pub qty_picked: i64,
    pub qty_shipped: i64,
    pub qty_delivered: i64,
    pub qty_invoiced: i64,
    pub qty_returned: i64,
    /// Returned before it was invoiced: never to be invoiced.
    pub qty_return_uninvoiced: i64,
}

pub fn lines_of(c: &Connection, order_id: i64) -> Result<Vec<LineRow>> {
    all(c, "SELECT l.id, l.line_no, l.product_id, p.sku, p.name, p.spec, p.unit, l.qty, l.unit_price, \
         l.discount_bp, l.tax_bp, l.net_minor, l.tax_minor, l.gross_minor, l.qty_cancelled, \
         l.qty_reserved, l.qty_backordered, l.qty_picked, l.qty_shipped, l.qty_delivered, \
         l.qty_invoiced, l.qty_returned, l.qty_return_uninvoiced \
         FROM order_lines l JOIN products p ON p.id = l.product_id \
         WHERE l.order_id = ?1 ORDER BY l.line_no", [order_id], |r| {
            Ok(LineRow {
                id: r.get(0)?,
                line_no: r.get(1)?,
                product_id: r.get(2)?,
                sku: r.get(3)?,
                name: r.get(4)?,
                spec: r.get(5)?,
                unit: r.get(6)?,
                qty: r.get(7)?,
                unit_price: r.get(8)?,
                discount_bp: r.get(9)?,
                tax_bp: r.get(10)?,
                net_minor: r.get(11)?,
                tax_minor: r.get(12)?,
                gross_minor: r.get(13)?,
                qty_cancelled: r.get(14)?,
                qty_reserved: r.get(15)?,
                qty_backordered: r.get(16)?,
                qty_picked: r.get(17)?,
                qty_shipped: r.get(18)?,
                qty_delivered: r.get(19)?,
                qty_invoiced: r.get(20)?,
                qty_returned: r.get(21)?,
                qty_return_uninvoiced: r.get(22)?,
            })
        })
}

/// One stage change of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    pub at: String,
    pub actor: String,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub note: Option<String>,
}

pub fn timeline_of(c: &Connection, order_id: i64) -> Result<Vec<TimelineRow>> {
    all(
        c,
        "SELECT t.at, u.display_name, t.from_stage, t.to_stage, t.note \
         FROM order_timeline t JOIN users u ON u.id = t.actor_id \
         WHERE t.order_id = ?1 ORDER BY t.id",
        [order_id],
        |r| {
            Ok(TimelineRow {
                at: r.get(0)?,
                actor: r.get(1)?,
                from_stage: r.get(2)?,
                to_stage: r.get(3)?,
                note: r.get(4)?,
            })
        },
    )
}

pub fn by_channel_ref(c: &Connection, channel: &str, channel_ref: &str) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached("SELECT id FROM orders WHERE channel = ?1 AND channel_ref = ?2")?
            .query_row(params![channel, channel_ref], |r| r.get(0)),
    )?)
}

/// The header fields an edit may change.
pub struct HeaderUpdate<'a> {
    pub customer_id: i64,
    pub channel: &'a str,
    pub channel_ref: Option<&'a str>,
    pub customer_ref: Option<&'a str>,
    pub requested_date: Option<&'a str>,
    pub urgency: &'a str,
    pub terms: &'a str,
    pub special: &'a str,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
}

/// Updates the header when the stored version is `version`; false when another write
/// got there first.
pub fn update_header(
    c: &Connection,
    id: i64,
    version: i64,
    h: &HeaderUpdate<'_>,
    at: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE orders SET customer_id = ?3, channel = ?4, channel_ref = ?5, customer_ref = ?6, \
             requested_date = ?7, urgency = ?8, terms = ?9, special = ?10, net_minor = ?11, \
             tax_minor = ?12, gross_minor = ?13, updated_at = ?14, version = version + 1 \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![
            id,
            version,
            h.customer_id,
            h.channel,
            h.channel_ref,
            h.customer_ref,
            h.requested_date,
            h.urgency,
            h.terms,
            h.special,
            h.net_minor,
            h.tax_minor,
            h.gross_minor,
            at
        ])?;
    Ok(n == 1)
}

/// Removes the lines of an order that has never been approved (drafts and rejected
/// orders are rewritten whole when edited).
pub fn delete_lines(c: &Connection, order_id: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?
        .execute([order_id])?;
    Ok(())
}

/// Moves an order to another stage (and gives it its number on first submission).
pub fn set_stage(
    c: &Connection,
    id: i64,
    version: i64,
    stage: &str,
    number: Option<&str>,
    reason: Option<&str>,
    at: &str,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE orders SET stage = ?3, number = COALESCE(number, ?4), stage_reason = ?5, \
             updated_at = ?6, version = version + 1, \
             submitted_at = CASE WHEN ?3 = 'submitted' THEN ?6 ELSE submitted_at END \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, version, stage, number, reason, at])?;
    Ok(n == 1)
}

/// Who last moved an order to `stage` (from its timeline).
pub fn last_actor_to_stage(c: &Connection, order_id: i64, stage: &str) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT actor_id FROM order_timeline WHERE order_id = ?1 AND to_stage = ?2 ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![order_id, stage], |r| r.get(0)),
    )?)
}

/// Adds `qty` to a line's cancelled quantity and sets its amounts, which cover the
/// quantity still to deliver (ordered − cancelled).
pub fn cancel_line_qty(
    c: &Connection,
    line_id: i64,
    qty: i64,
    net_minor: i64,
    tax_minor: i64,
    gross_minor: i64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE order_lines SET qty_cancelled = qty_cancelled + ?2, net_minor = ?3, \
         tax_minor = ?4, gross_minor = ?5 WHERE id = ?1",
    )?
    .execute(params![line_id, qty, net_minor, tax_minor, gross_minor])?;
    Ok(())
}

/// Sets an order's totals to the sums of its lines and moves it to the next version,
/// when the stored version is `version`; false when another write got there first.
pub fn resum_order(c: &Connection, order_id: i64, version: i64, at: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE orders SET \
               net_minor = (SELECT COALESCE(SUM(net_minor), 0) FROM order_lines WHERE order_id = ?1), \
               tax_minor = (SELECT COALESCE(SUM(tax_minor), 0) FROM order_lines WHERE order_id = ?1), \
               gross_minor = (SELECT COALESCE(SUM(gross_minor), 0) FROM order_lines WHERE order_id = ?1), \
               updated_at = ?3, version = version + 1 \
             WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![order_id, version, at])?;
    Ok(n == 1)
}

/// Marks an order approved (by whom, when).
pub fn mark_approved(c: &Connection, order_id: i64, at: &str) -> Result<()> {
    c.prepare_cached("UPDATE orders SET approved_at = ?2 WHERE id = ?1")?
        .execute(params![order_id, at])?;
    Ok(())
}

/// Who last submitted an order: the last move to `submitted` from a draft or a rejected
/// order. A hold released back to the queue is not a submission.
pub fn last_submitter(c: &Connection, order_id: i64) -> Result<Option<i64>> {
    Ok(optional(
        c.prepare_cached(
            "SELECT actor_id FROM order_timeline WHERE order_id = ?1 AND to_stage = 'submitted' \
             AND (from_stage IS NULL OR from_stage <> 'on_hold') ORDER BY id DESC LIMIT 1",
        )?
        .query_row([order_id], |r| r.get(0)),
    )?)
}

//! Order queries: lookup by number, the paged list, and the whole order as screens and
//! printed documents show it. The writes of intake are in `ops::intake`.

use chrono::NaiveDate;

use super::{Error, Result, Thing};
use crate::domain::money::{LineAmounts, Money, PriceMode, Qty, UnitPrice};
use crate::domain::order::{Channel, OrderStage, Urgency};
use crate::domain::terms::PaymentTerms;
pub use crate::store::orders::{OrderCursor, OrderFilter, OrderListRow, OrderRow, OrderSort};
use crate::store::{self, Db};

/// The order with this number (SO-2026-000123), as typed or scanned.
pub fn order_by_number(db: &Db, number: &str) -> Result<OrderRow> {
    let n = crate::domain::text::to_half_width(number.trim()).to_uppercase();
    db.read(|c| store::orders::by_number(c, &n))?
        .ok_or(Error::NotFound {
            what: Thing::Order,
            key: n,
        })
}

/// One page of the order list, filtered and sorted as `filter` says; pass the last
/// row's cursor to get the next page (keyset paging, never OFFSET).
pub fn orders_page(
    db: &Db,
    filter: &OrderFilter,
    after: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderListRow>> {
    Ok(db.read(|c| store::orders::page(c, filter, after, limit))?)
}

/// The filter of one stage, newest first.
pub fn stage_filter(stage: OrderStage) -> OrderFilter {
    OrderFilter {
        stage: Some(stage),
        ..OrderFilter::default()
    }
}

/// Where the page after `rows` starts.
pub fn next_cursor(rows: &[OrderListRow]) -> Option<OrderCursor> {
    rows.last().map(|r| OrderCursor {
        urgency_rank: r.urgency_rank,
        order_date: r.order_date.clone(),
        id: r.id,
        own_draft: r.own_draft,
    })
}

/// One line of an order as shown and printed: product, price, amounts and the
/// per-line fulfilment quantities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineView {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Qty,
    pub unit_price: UnitPrice,
    /// Discount in basis points (1000 = 10%).
    pub discount_bp: i64,
    /// Tax rate in basis points (1300 = 13%).
    pub tax_bp: i64,
    pub amounts: LineAmounts,
    pub reserved: Qty,
    pub backordered: Qty,
    pub picked: Qty,
    pub shipped: Qty,
    pub delivered: Qty,
    pub invoiced: Qty,
    pub returned: Qty,
    pub cancelled: Qty,
}

/// One stage change: who, when (RFC 3339 UTC), from, to, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: String,
    /// `at` in the company's time zone, `YYYY-MM-DD HH:MM`, as screens show it.
    pub at_local: String,
    pub actor: String,
    pub from: Option<OrderStage>,
    pub to: OrderStage,
    pub note: Option<String>,
}

/// Everything about one order that a screen or a printed document shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDetail {
    pub id: i64,
    pub number: Option<String>,
    pub stage: OrderStage,
    pub stage_reason: Option<String>,
    pub version: i64,
    pub company_name: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub customer_phone: Option<String>,
    pub customer_address: Option<String>,
    pub channel: Channel,
    pub channel_ref: Option<String>,
    pub customer_ref: Option<String>,
    pub order_date: NaiveDate,
    pub requested_date: Option<NaiveDate>,
    pub urgency: Urgency,
    pub terms: PaymentTerms,
    pub price_mode: PriceMode,
    pub special: String,
    pub created_by: String,
    pub lines: Vec<OrderLineView>,
    pub totals: LineAmounts,
    pub timeline: Vec<TimelineEntry>,
}

fn corrupt(what: &str, value: &str) -> Error {
    Error::Store(crate::store::StoreError::Corrupt(format!(
        "{what} {value:?}"
    )))
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt("date", s))
}

/// The whole order, read in one snapshot.
pub fn order_detail(db: &Db, id: i64) -> Result<OrderDetail> {
    db.read_snapshot(|c| order_detail_in(c, id))
}

pub(crate) fn order_detail_in(c: &rusqlite::Connection, id: i64) -> Result<OrderDetail> {
    let o = store::orders::by_id(c, id)?.ok_or(Error::NotFound {
        what: Thing::Order,
        key: format!("#{id}"),
    })?;
    let customer = store::customers::by_id(c, o.customer_id)?
        .ok_or_else(|| corrupt("customer", &o.customer_id.to_string()))?;
    let company_name = store::master::company(c)?
        .map(|co| co.name)
        .unwrap_or_default();
    let created_by = store::users::by_id(c, o.created_by)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let mut lines = Vec::new();
    for l in store::orders::lines_of(c, id)? {
        lines.push(OrderLineView {
            line_no: l.line_no,
            product_id: l.product_id,
            sku: l.sku,
            name: l.name,
            spec: l.spec,
            unit: l.unit,
            qty: Qty::from_db(l.qty),
            unit_price: UnitPrice::from_db(l.unit_price),
            discount_bp: l.discount_bp,
            tax_bp: l.tax_bp,
            amounts: LineAmounts {
                net: Money::from_minor(l.net_minor),
                tax: Money::from_minor(l.tax_minor),
                gross: Money::from_minor(l.gross_minor),
            },
            reserved: Qty::from_db(l.qty_reserved),
            backordered: Qty::from_db(l.qty_backordered),
            picked: Qty::from_db(l.qty_picked),
            shipped: Qty::from_db(l.qty_shipped),
            delivered: Qty::from_db(l.qty_delivered),
            invoiced: Qty::from_db(l.qty_invoiced),
            returned: Qty::from_db(l.qty_returned),
            cancelled: Qty::from_db(l.qty_cancelled),
        });
    }
    let offset = super::clock::company_offset(c)?;
    let mut timeline = Vec::new();
    for t in store::orders::timeline_of(c, id)? {
        let at_local = super::clock::company_text_of(&t.at, offset, super::clock::Shown::Minute);
        timeline.push(TimelineEntry {
            at_local,
            from: match t.from_stage.as_deref() {
                Some(s) => Some(OrderStage::parse(s).ok_or_else(|| corrupt("stage", s))?),
                None => None,
            },
            to: OrderStage::parse(&t.to_stage).ok_or_else(|| corrupt("stage", &t.to_stage))?,
            at: t.at,
            actor: t.actor,
            note: t.note,
        });
    }
    Ok(OrderDetail {
        id: o.id,
        number: o.number,
        stage: o.stage,
        stage_reason: o.stage_reason,
        version: o.version,
        company_name,
        customer_id: customer.id,
        customer_code: customer.code,
        customer_name: customer.name,
        customer_phone: customer.phone,
        customer_address: customer.address,
        channel: o.channel,
        channel_ref: o.channel_ref,
        customer_ref: o.customer_ref,
        order_date: date(&o.order_date)?,
        requested_date: o.requested_date.as_deref().map(date).transpose()?,
        urgency: o.urgency,
        terms: PaymentTerms::parse_code(&o.terms).map_err(|_| corrupt("terms", &o.terms))?,
        price_mode: PriceMode::parse(&o.price_mode)
            .ok_or_else(|| corrupt("price mode", &o.price_mode))?,
        special: o.special,
        created_by,
        lines,
        totals: LineAmounts {
            net: o.net,
            tax: o.tax,
            gross: o.gross,
        },
        timeline,
    })
}

/// Whether the company's prices include tax (含税价) or not.
pub fn price_mode(db: &Db) -> Result<PriceMode> {
    Ok(db
        .read(store::master::company)?
        .and_then(|co| PriceMode::parse(&co.price_mode))
        .unwrap_or(PriceMode::TaxInclusive))
}

/// The fulfilment status (履约状态) of each of these orders, in their order, read in one
/// snapshot: `None` for an order that is not approved or closed. The order list shows
/// it beside a page of rows.
pub fn fulfilments(db: &Db, ids: &[i64]) -> Result<Vec<Option<crate::domain::goods::Fulfilment>>> {
    db.read_snapshot(|c| {
        ids.iter()
            .map(|&id| {
                Ok(store::orders::fulfilment_code(c, id)?
                    .as_deref()
                    .and_then(crate::domain::goods::Fulfilment::parse))
            })
            .collect()
    })
}

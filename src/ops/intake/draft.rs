//! Drafting an order (草稿) and submitting it: the typed form checked against the
//! database, the draft saved and edited under a version, and the submission that gives
//! the order its gapless number and runs the approval rules.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::domain::access::Permission;
use crate::domain::customer::CustomerStatus;
use crate::domain::field::FieldId;
use crate::domain::money::{
    line_amounts, order_totals, Discount, LineAmounts, PriceMode, Qty, TaxRate, UnitPrice,
};
use crate::domain::order::{Channel, OrderStage, Urgency};
use crate::domain::terms::PaymentTerms;
use crate::domain::text::{clean_text, to_half_width};
use crate::ops::lifecycle::{
    after_submit, check_transition, move_stage, open, record, Move, Outcome,
};
use crate::ops::{
    audit, company_today, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing,
};

use crate::store::{self, Db};

const CUSTOMER: FieldId = FieldId::Customer;
const CHANNEL_REF: FieldId = FieldId::ChannelRef;
const CUSTOMER_REF: FieldId = FieldId::CustomerRef;
const REQUESTED: FieldId = FieldId::RequestedDate;
const TERMS: FieldId = FieldId::Terms;
const SPECIAL: FieldId = FieldId::Special;
const QTY: FieldId = FieldId::Qty;
const PRICE: FieldId = FieldId::UnitPrice;
const DISCOUNT: FieldId = FieldId::Discount;

/// Most lines one order may have.
pub const MAX_LINES: usize = 500;

/// One order line as typed or scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    /// Barcode, SKU or GS1 data.
    pub product: String,
    pub qty: String,
    /// Empty: the product's list price.
    pub unit_price: String,
    /// Percent off, e.g. `5`; empty: none.
    pub discount: String,
}

/// An order form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderInput {
    /// The customer's code.
    pub customer: String,
    pub channel: Channel,
    /// The channel's own reference (web shop order id, …); unique per channel.
    pub channel_ref: String,
    /// The customer's own order reference (客户订单号).
    pub customer_ref: String,
    /// `YYYY-MM-DD`, or empty.
    pub requested_date: String,
    pub urgency: Urgency,
    /// A terms code or text; empty: the customer's terms.
    pub terms: String,
    pub special: String,
    pub lines: Vec<LineInput>,
}

impl Default for OrderInput {
    fn default() -> Self {
        OrderInput {
            customer: String::new(),
            channel: Channel::Phone,
            channel_ref: String::new(),
            customer_ref: String::new(),
            requested_date: String::new(),
            urgency: Urgency::Normal,
            terms: String::new(),
            special: String::new(),
            lines: Vec::new(),
        }
    }
}

/// Where a saved order stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    pub version: i64,
}

/// A checked line, ready to store.
struct CleanLine {
    product_id: i64,
    qty: Qty,
    price: UnitPrice,
    discount: Discount,
    tax_bp: i64,
    amounts: LineAmounts,
}

/// A checked order, ready to store.
struct CleanOrder {
    customer_id: i64,
    channel_ref: Option<String>,
    customer_ref: Option<String>,
    requested: Option<NaiveDate>,
    terms: String,
    special: String,
    lines: Vec<CleanLine>,
    totals: LineAmounts,
}

/// A field error of line `n` (1-based), naming the line.
pub(super) fn line_field(n: usize, field: FieldId, problem: FieldProblem) -> Error {
    Error::Refused(Refusal::LineField {
        line: n,
        field,
        problem: Box::new(problem),
    })
}

/// Checks an order form against the database, inside the caller's transaction.
fn clean_order(c: &Connection, input: &OrderInput, price_mode: PriceMode) -> Result<CleanOrder> {
    let code = to_half_width(input.customer.trim()).to_uppercase();
    if code.is_empty() {
        return Err(Error::field_refused(CUSTOMER, Refusal::NoCustomerChosen));
    }
    let customer = store::customers::by_code(c, &code)?.ok_or(Error::NotFound {
        what: Thing::Customer,
        key: code.clone(),
    })?;
    if customer.status == CustomerStatus::Blocked {
        let reason = customer.status_reason.clone().unwrap_or_default();
        return Err(Error::Refused(Refusal::CustomerBlocked {
            name: customer.name.clone(),
            code: customer.code.clone(),
            reason,
        }));
    }
    let text = |s: &str, max: usize, f: FieldId| {
        clean_text(s, max).map_err(|e| Error::field(f, FieldProblem::Text(e)))
    };
    let channel_ref = text(&input.channel_ref, 64, CHANNEL_REF)?;
    let customer_ref = text(&input.customer_ref, 64, CUSTOMER_REF)?;
    let special = text(&input.special, 500, SPECIAL)?;
    let today = company_today(c)?;
    let requested = crate::ops::optional_date(&input.requested_date, REQUESTED, today)?;
    if let Some(d) = requested.filter(|d| *d < today) {
        return Err(Error::field_refused(
            REQUESTED,
            Refusal::DateInPast { date: d },
        ));
    }
    let terms = if input.terms.trim().is_empty() {
        customer.terms.clone()
    } else {
        PaymentTerms::parse_code(input.terms.trim())
            .or_else(|_| PaymentTerms::parse_text(&input.terms))
            .map_err(|e| Error::field(TERMS, FieldProblem::Terms(e)))?
            .code()
    };
    if input.lines.len() > MAX_LINES {
        return Err(Error::Refused(Refusal::TooManyLines { max: MAX_LINES }));
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let n = i + 1;
        let product = crate::ops::master::product_by_code_in(c, &l.product)?.ok_or_else(|| {
            Error::Refused(Refusal::NoProductOnLine {
                line: n,
                product: l.product.trim().to_string(),
            })
        })?;
        if !product.active {
            return Err(Error::Refused(Refusal::InactiveProductOnLine {
                line: n,
                sku: product.sku.clone(),
            }));
        }
        let qty =
            Qty::parse_positive(&l.qty).map_err(|e| line_field(n, QTY, FieldProblem::Number(e)))?;
        crate::ops::master::whole_units_of(&product, qty)
            .map_err(|r| line_field(n, QTY, FieldProblem::Refused(r)))?;
        let price = if l.unit_price.trim().is_empty() {
            UnitPrice::from_db(product.list_price)
        } else {
            UnitPrice::parse(&l.unit_price)
                .map_err(|e| line_field(n, PRICE, FieldProblem::Number(e)))?
        };
        let discount = if l.discount.trim().is_empty() {
            Discount::NONE
        } else {
            Discount::parse(&l.discount)
                .map_err(|e| line_field(n, DISCOUNT, FieldProblem::Number(e)))?
        };
        let rate = TaxRate::from_bp(product.tax_bp)
            .map_err(|e| line_field(n, PRICE, FieldProblem::Number(e)))?;
        let amounts = line_amounts(qty, price, discount, rate, price_mode)
            .map_err(|e| line_field(n, QTY, FieldProblem::Amount(e)))?;
        lines.push(CleanLine {
            product_id: product.id,
            qty,
            price,
            discount,
            tax_bp: product.tax_bp,
            amounts,
        });
    }
    let totals = order_totals(lines.iter().map(|l| l.amounts))?;
    Ok(CleanOrder {
        customer_id: customer.id,
        channel_ref: (!channel_ref.is_empty()).then_some(channel_ref),
        customer_ref: (!customer_ref.is_empty()).then_some(customer_ref),
        requested,
        terms,
        special,
        lines,
        totals,
    })
}

fn company_price_mode(c: &Connection) -> Result<PriceMode> {
    Ok(store::master::company(c)?
        .and_then(|co| PriceMode::parse(&co.price_mode))
        .unwrap_or(PriceMode::TaxInclusive))
}

fn write_lines(c: &Connection, order_id: i64, o: &CleanOrder) -> Result<()> {
    store::orders::delete_lines(c, order_id)?;
    for (i, l) in o.lines.iter().enumerate() {
        store::orders::insert_line(
            c,
            &store::orders::NewLine {
                order_id,
                line_no: i as i64 + 1,
                product_id: l.product_id,
                qty: l.qty.to_db(),
                unit_price: l.price.to_db(),
                discount_bp: l.discount.to_bp(),
                tax_bp: l.tax_bp,
                net_minor: l.amounts.net.minor(),
                tax_minor: l.amounts.tax.minor(),
                gross_minor: l.amounts.gross.minor(),
                qty_reserved: 0,
                qty_backordered: 0,
                qty_shipped: 0,
                qty_delivered: 0,
                qty_invoiced: 0,
            },
        )?;
    }
    Ok(())
}

fn order_json(o: &CleanOrder) -> serde_json::Value {
    serde_json::json!({
        "customer_id": o.customer_id, "channel_ref": o.channel_ref, "customer_ref": o.customer_ref,
        "requested_date": o.requested.map(|d| d.to_string()), "terms": o.terms, "special": o.special,
        "gross_minor": o.totals.gross.minor(),
        "lines": o.lines.iter().map(|l| serde_json::json!({
            "product_id": l.product_id, "qty": l.qty.to_db(), "unit_price": l.price.to_db(),
            "discount_bp": l.discount.to_bp(), "gross_minor": l.amounts.gross.minor(),
        })).collect::<Vec<_>>(),
    })
}

fn check_channel_ref(
    c: &Connection,
    channel: Channel,
    channel_ref: Option<&str>,
    own: Option<i64>,
) -> Result<()> {
    if let Some(r) = channel_ref {
        if let Some(other) = store::orders::by_channel_ref(c, channel.as_str(), r)? {
            if Some(other) != own {
                return Err(Error::Duplicate {
                    what: Thing::Order,
                    key: format!("{} {r}", channel.as_str()),
                });
            }
        }
    }
    Ok(())
}

/// Creates a draft (草稿). Needs the order permission.
pub fn create_draft(db: &Db, actor: &Actor, input: &OrderInput) -> Result<Saved> {
    db.write(|tx| create_draft_in(tx, actor, input))
}

pub(crate) fn create_draft_in(tx: &Connection, actor: &Actor, input: &OrderInput) -> Result<Saved> {
    require(tx, actor, Permission::CreateOrders)?;
    let mode = company_price_mode(tx)?;
    let o = clean_order(tx, input, mode)?;
    check_channel_ref(tx, input.channel, o.channel_ref.as_deref(), None)?;
    let now = now_stamp();
    let today = company_today(tx)?;
    let requested = o.requested.map(|d| d.to_string());
    let id = store::orders::insert(
        tx,
        &store::orders::NewOrder {
            number: None,
            customer_id: o.customer_id,
            channel: input.channel.as_str(),
            channel_ref: o.channel_ref.as_deref(),
            customer_ref: o.customer_ref.as_deref(),
            order_date: &today.to_string(),
            requested_date: requested.as_deref(),
            urgency: input.urgency.as_str(),
            terms: &o.terms,
            stage: OrderStage::Draft.as_str(),
            price_mode: mode.as_str(),
            special: &o.special,
            net_minor: o.totals.net.minor(),
            tax_minor: o.totals.tax.minor(),
            gross_minor: o.totals.gross.minor(),
            created_by: actor.id(),
            at: &now,
        },
    )?;
    write_lines(tx, id, &o)?;
    store::orders::insert_timeline(
        tx,
        id,
        &now,
        actor.id(),
        None,
        OrderStage::Draft.as_str(),
        None,
    )?;
    audit(
        tx,
        Some(actor),
        &now,
        "order",
        Some(id),
        "create",
        None,
        Some(&order_json(&o)),
    )?;
    Ok(Saved { id, version: 1 })
}

/// Saves an edit of a draft or a rejected order opened at `version`.
pub fn update_order(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &OrderInput,
) -> Result<Saved> {
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let row = open(tx, id, version)?;
        let stage = row.stage;
        if !stage.is_editable() {
            return Err(Error::Refused(Refusal::NotEditable { stage }));
        }
        let mode = PriceMode::parse(&row.price_mode).unwrap_or(PriceMode::TaxInclusive);
        let o = clean_order(tx, input, mode)?;
        check_channel_ref(tx, input.channel, o.channel_ref.as_deref(), Some(id))?;
        let now = now_stamp();
        let requested = o.requested.map(|d| d.to_string());
        let updated = store::orders::update_header(
            tx,
            id,
            version,
            &store::orders::HeaderUpdate {
                customer_id: o.customer_id,
                channel: input.channel.as_str(),
                channel_ref: o.channel_ref.as_deref(),
                customer_ref: o.customer_ref.as_deref(),
                requested_date: requested.as_deref(),
                urgency: input.urgency.as_str(),
                terms: &o.terms,
                special: &o.special,
                net_minor: o.totals.net.minor(),
                tax_minor: o.totals.tax.minor(),
                gross_minor: o.totals.gross.minor(),
            },
            &now,
        )?;
        if !updated {
            return Err(crate::ops::conflict(tx, "order", id, &row.updated_at)?);
        }
        write_lines(tx, id, &o)?;
        let before =
            serde_json::json!({ "gross_minor": row.gross.minor(), "version": row.version });
        audit(
            tx,
            Some(actor),
            &now,
            "order",
            Some(id),
            "update",
            Some(&before),
            Some(&order_json(&o)),
        )?;
        Ok(Saved {
            id,
            version: version + 1,
        })
    })
}

/// What submitting gave the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: i64,
    pub version: i64,
    pub number: String,
    /// Approved at once (and reserved), or waiting in the queue, and why.
    pub outcome: Outcome,
}

/// Submits a draft (or resubmits a rejected order). The first submission takes the next
/// gapless number SO-YYYY-NNNNNN.
pub fn submit_order(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<Submitted> {
    db.write(|tx| submit_order_in(tx, actor, id, version))
}

pub(crate) fn submit_order_in(
    tx: &Connection,
    actor: &Actor,
    id: i64,
    version: i64,
) -> Result<Submitted> {
    require(tx, actor, Permission::CreateOrders)?;
    let row = open(tx, id, version)?;
    check_transition(row.stage, OrderStage::Submitted)?;
    let lines = store::orders::lines_of(tx, id)?;
    if lines.is_empty() {
        return Err(Error::Refused(Refusal::NoLines));
    }
    // A customer blocked since the draft was saved cannot be submitted for.
    let customer = store::customers::by_id(tx, row.customer_id)?.ok_or(Error::NotFound {
        what: Thing::Customer,
        key: format!("#{}", row.customer_id),
    })?;
    if customer.status == CustomerStatus::Blocked {
        let reason = customer.status_reason.clone().unwrap_or_default();
        return Err(Error::Refused(Refusal::CustomerBlockedOnSubmit {
            name: customer.name.clone(),
            reason,
        }));
    }
    let now = now_stamp();
    let number = match &row.number {
        Some(n) => n.clone(),
        None => {
            let year = company_today(tx)?.year();
            store::counters::format_number("SO", year, store::counters::next(tx, "SO", year)?)
        }
    };
    let to = Move {
        to: OrderStage::Submitted,
        number: Some(&number),
        note: None,
    };
    let from = move_stage(tx, actor, &row, version, to, &now)?;
    let after = serde_json::json!({ "stage": OrderStage::Submitted.as_str(), "number": number });
    let before = serde_json::json!({ "stage": from.as_str() });
    record(tx, actor, &now, id, "submit", Some(&before), &after)?;
    let (outcome, version) = after_submit(tx, actor, id)?;
    Ok(Submitted {
        id,
        version,
        number,
        outcome,
    })
}

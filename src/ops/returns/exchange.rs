//! Exchanges (换货): a return linked to a new order for the replacement, made and
//! submitted as any order is, so that it goes through the usual approval rules.

use super::{find_in, not_found};
use crate::domain::money::{Discount, UnitPrice};
use crate::domain::returns::ReturnStatus;
use crate::ops::intake::{create_draft_in, submit_order_in, LineInput, OrderInput, Outcome};
use crate::ops::{audit, now_stamp, Actor, Refusal, Result, Thing};
use crate::store::{self, Db};

/// The replacement order of an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchanged {
    pub order_id: i64,
    pub number: String,
    /// Approved at once (and reserved), or waiting in the queue, and why.
    pub outcome: Outcome,
}

/// Makes the replacement order of a return (换货单): the same customer, products and
/// quantities at the prices of the original order, referring to the return; submitted
/// at once, so the approval rules decide whether it waits in the queue. The return's
/// own credit follows as for any return (kept as prepayment, it pays the replacement's
/// invoice). Needs the order permission. Refused: a cancelled or closed return, one that
/// has its exchange order already, and whatever refuses the order itself (a blocked
/// customer, an inactive product).
pub fn exchange(db: &Db, actor: &Actor, number: &str) -> Result<Exchanged> {
    db.write(|tx| {
        let ret = find_in(tx, number)?;
        if matches!(ret.status, ReturnStatus::Cancelled | ReturnStatus::Closed) {
            return Err(Refusal::ReturnClosed {
                number: ret.number,
                status: ret.status,
            }
            .into());
        }
        if let Some(order) = ret.exchange_order_no.clone() {
            return Err(Refusal::ExchangeExists {
                number: ret.number,
                order,
            }
            .into());
        }
        let order = store::orders::by_id(tx, ret.order_id)?
            .ok_or_else(|| not_found(Thing::Order, &format!("#{}", ret.order_id)))?;
        let order_lines = store::orders::lines_of(tx, order.id)?;
        let mut lines: Vec<(i64, LineInput)> = Vec::new();
        for l in store::returns::lines_of(tx, ret.id)? {
            if let Some((_, existing)) = lines.iter_mut().find(|(id, _)| *id == l.order_line_id) {
                let q = crate::domain::money::Qty::parse(&existing.qty).unwrap_or_default();
                let sum = q
                    .checked_add(crate::domain::money::Qty::from_db(l.qty))
                    .unwrap_or(q);
                existing.qty = sum.to_string();
                continue;
            }
            let ol = order_lines.iter().find(|o| o.id == l.order_line_id);
            let (price, discount) = match ol {
                Some(o) => (
                    UnitPrice::from_db(o.unit_price).to_string(),
                    Discount::from_bp(o.discount_bp)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                None => (String::new(), String::new()),
            };
            lines.push((
                l.order_line_id,
                LineInput {
                    product: l.sku.clone(),
                    qty: crate::domain::money::Qty::from_db(l.qty).to_string(),
                    unit_price: price,
                    discount: if discount == "0%" {
                        String::new()
                    } else {
                        discount
                    },
                },
            ));
        }
        let customer = store::customers::by_id(tx, ret.customer_id)?
            .ok_or_else(|| not_found(Thing::Customer, &format!("#{}", ret.customer_id)))?;
        let input = OrderInput {
            customer: customer.code,
            channel: order.channel,
            channel_ref: String::new(),
            customer_ref: ret.number.clone(),
            requested_date: String::new(),
            urgency: order.urgency,
            terms: order.terms.clone(),
            special: format!(
                "换货：退货单 {}，原订单 {} / Exchange for return {}, order {}",
                ret.number,
                order.number.clone().unwrap_or_default(),
                ret.number,
                order.number.clone().unwrap_or_default()
            ),
            lines: lines.into_iter().map(|(_, l)| l).collect(),
        };
        let saved = create_draft_in(tx, actor, &input)?;
        let submitted = submit_order_in(tx, actor, saved.id, saved.version)?;
        let at = now_stamp();
        store::returns::set_exchange(tx, ret.id, saved.id, &at)?;
        let after = serde_json::json!({ "exchange_order": submitted.number });
        audit(
            tx,
            Some(actor),
            &at,
            "return",
            Some(ret.id),
            "exchange",
            None,
            Some(&after),
        )?;
        Ok(Exchanged {
            order_id: saved.id,
            number: submitted.number,
            outcome: submitted.outcome,
        })
    })
}

//! Opening a ticket (登记客诉): the customer is required; an order, a shipment and a
//! product are linked where the matter concerns them, and must be the customer's.

use super::super::clock;
use super::super::{audit, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use super::slas_in;
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::text::{clean_code, clean_text};
use crate::domain::ticket::{LogAction, Severity, TicketKind, TicketStatus};
use crate::store::{self, Db};

/// A ticket as typed. Codes and numbers may be empty where the matter has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketInput {
    /// The customer's code (required).
    pub customer: String,
    /// An order number (SO-…), or empty.
    pub order: String,
    /// A shipment number (SH-…) or its tracking number, or empty.
    pub shipment: String,
    /// A product's SKU or barcode, or empty.
    pub product: String,
    pub kind: TicketKind,
    pub severity: Severity,
    /// The owner's user name; empty: the user opening it.
    pub owner: String,
    pub subject: String,
    /// What the customer said, the first entry of the log.
    pub note: String,
}

/// What opening a ticket made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketOpened {
    pub id: i64,
    pub number: String,
    /// The promised response and resolution times, in the company's time zone.
    pub respond_by: String,
    pub resolve_by: String,
}

fn text_field(input: &str, max: usize, field: FieldId) -> Result<String> {
    clean_text(input, max).map_err(|e| Error::field(field, FieldProblem::Text(e)))
}

/// Opens a ticket (TK- number) with its promised times by severity, and logs it.
/// Refused: no customer, an unknown one, an order of another customer, a shipment of
/// another order, an unknown product or owner, no subject; and without the ticket
/// permission.
pub fn open_ticket(db: &Db, actor: &Actor, input: &TicketInput) -> Result<TicketOpened> {
    let customer_code = clean_code(&input.customer, 32)
        .map_err(|e| Error::field(FieldId::Customer, FieldProblem::Text(e)))?;
    if customer_code.is_empty() {
        return Err(Error::field_refused(
            FieldId::Customer,
            Refusal::TicketCustomerRequired,
        ));
    }
    let subject = text_field(&input.subject, 200, FieldId::Subject)?;
    let note = text_field(&input.note, 500, FieldId::Note)?;
    db.write(|tx| {
        require(tx, actor, Permission::HandleTickets)?;
        let customer = store::customers::by_code(tx, &customer_code)?.ok_or_else(|| {
            Error::field(
                FieldId::Customer,
                FieldProblem::Refused(Refusal::NoCustomerMatches {
                    text: customer_code.clone(),
                }),
            )
        })?;
        let mut order = None;
        let order_no = input.order.trim().to_uppercase();
        if !order_no.is_empty() {
            let o = store::orders::by_number(tx, &order_no)?.ok_or_else(|| Error::NotFound {
                what: Thing::Order,
                key: order_no.clone(),
            })?;
            if o.customer_id != customer.id {
                return Err(Error::field_refused(
                    FieldId::Order,
                    Refusal::OrderOfOtherCustomer {
                        order: order_no.clone(),
                        customer: customer.code.clone(),
                    },
                ));
            }
            order = Some(o);
        }
        let mut shipment_id = None;
        let shipment_key = input.shipment.trim();
        if !shipment_key.is_empty() {
            let s = store::shipping::find(tx, shipment_key)?.ok_or_else(|| Error::NotFound {
                what: Thing::Shipment,
                key: shipment_key.to_string(),
            })?;
            match &order {
                Some(o) if o.id != s.order_id => {
                    return Err(Error::field_refused(
                        FieldId::Shipment,
                        Refusal::ShipmentOfOtherOrder {
                            shipment: s.number.clone(),
                            order: order_no.clone(),
                        },
                    ))
                }
                Some(_) => {}
                // The shipment names its order.
                None => {
                    let o = store::orders::by_id(tx, s.order_id)?.ok_or_else(|| {
                        Error::NotFound {
                            what: Thing::Order,
                            key: format!("#{}", s.order_id),
                        }
                    })?;
                    if o.customer_id != customer.id {
                        return Err(Error::field_refused(
                            FieldId::Shipment,
                            Refusal::OrderOfOtherCustomer {
                                order: o.number.clone().unwrap_or_default(),
                                customer: customer.code.clone(),
                            },
                        ));
                    }
                    order = Some(o);
                }
            }
            shipment_id = Some(s.id);
        }
        let product_id = if input.product.trim().is_empty() {
            None
        } else {
            let p = super::super::master::product_by_code_in(tx, &input.product)?.ok_or_else(
                || Error::NotFound {
                    what: Thing::Product,
                    key: input.product.trim().to_string(),
                },
            )?;
            Some(p.id)
        };
        let owner_id = match input.owner.trim() {
            "" => actor.id(),
            name => {
                let u = store::users::by_username(tx, &name.to_lowercase())?
                    .filter(|u| u.active)
                    .ok_or_else(|| Error::NotFound {
                        what: Thing::User,
                        key: name.to_string(),
                    })?;
                u.id
            }
        };
        if subject.is_empty() {
            return Err(Error::field_refused(FieldId::Subject, Refusal::Empty));
        }
        let sla = slas_in(tx)?
            .into_iter()
            .find(|(s, _)| *s == input.severity)
            .map(|(_, sla)| sla)
            .unwrap_or_else(|| crate::domain::ticket::Sla::default_for(input.severity));
        let now = clock::now();
        let at = super::super::stamp(now);
        let (respond_by, resolve_by) = sla.deadlines(now);
        let (respond_by, resolve_by) = (
            super::super::stamp(respond_by),
            super::super::stamp(resolve_by),
        );
        let number = super::super::numbers::next_doc(tx, "TK")?;
        let id = store::tickets::insert(
            tx,
            &store::tickets::NewTicket {
                number: &number,
                customer_id: customer.id,
                order_id: order.as_ref().map(|o| o.id),
                shipment_id,
                product_id,
                kind: input.kind,
                severity: input.severity,
                subject: &subject,
                owner_id,
                opened_by: actor.id(),
                opened_at: &at,
                respond_by: &respond_by,
                resolve_by: &resolve_by,
            },
        )?;
        store::tickets::insert_log(
            tx,
            id,
            &at,
            actor.id(),
            LogAction::Opened,
            Some(TicketStatus::Open),
            &note,
        )?;
        let after = serde_json::json!({
            "number": number, "customer": customer.code, "order": order.as_ref().and_then(|o| o.number.clone()),
            "kind": input.kind.as_str(), "severity": input.severity.as_str(), "owner_id": owner_id,
            "subject": subject, "respond_by": respond_by, "resolve_by": resolve_by,
        });
        audit(tx, Some(actor), &at, "ticket", Some(id), "open", None, Some(&after))?;
        let offset = clock::company_offset(tx)?;
        Ok(TicketOpened {
            id,
            number,
            respond_by: clock::company_text_of(&respond_by, offset, clock::Shown::Minute),
            resolve_by: clock::company_text_of(&resolve_by, offset, clock::Shown::Minute),
        })
    })
}

//! Customers (客户) and their contacts: create, edit with a version check, look up,
//! search and page.

use super::clean::{code, optional, required, text};
use crate::domain::access::Permission;
pub use crate::domain::customer::CustomerStatus;
use crate::domain::field::FieldId;
use crate::domain::money::Money;
use crate::domain::terms::PaymentTerms;
use crate::domain::text::{clean_code, clean_phone};
use crate::domain::{pinyin, search};
use crate::ops::read::{self, Contact, Customer};
use crate::ops::{audit, now_stamp, require, Actor, Error, FieldProblem, Refusal, Result, Thing};
use crate::store::customers::{ContactRow, CustomerFields, CustomerRow};
use crate::store::search::Kind;
use crate::store::{self, Db};

const CODE: FieldId = FieldId::Code;
const CUSTOMER_NAME: FieldId = FieldId::CustomerName;
const PHONE: FieldId = FieldId::Phone;
const ADDRESS: FieldId = FieldId::Address;
const TERMS: FieldId = FieldId::Terms;
const CREDIT_LIMIT: FieldId = FieldId::CreditLimit;
const STATUS_REASON: FieldId = FieldId::StatusReason;
const CONTACT_NAME: FieldId = FieldId::ContactName;
const EMAIL: FieldId = FieldId::Email;
const TITLE: FieldId = FieldId::Title;

/// A contact person as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub title: String,
}

/// A customer form as typed by a user.
#[derive(Debug, Clone)]
pub struct CustomerInput {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: String,
    /// A terms code (`net:30`) or text (`月结30天`).
    pub terms: String,
    pub credit_limit: String,
    pub status: CustomerStatus,
    pub status_reason: String,
    pub contacts: Vec<ContactInput>,
}

impl Default for CustomerInput {
    fn default() -> Self {
        CustomerInput {
            code: String::new(),
            name: String::new(),
            phone: String::new(),
            address: String::new(),
            terms: "cod".into(),
            credit_limit: "0".into(),
            status: CustomerStatus::Prospect,
            status_reason: String::new(),
            contacts: Vec::new(),
        }
    }
}

#[derive(Clone)]
struct CleanCustomer {
    code: String,
    name: String,
    initials: String,
    phone: Option<String>,
    address: Option<String>,
    terms: String,
    credit_limit_minor: i64,
    status: CustomerStatus,
    status_reason: Option<String>,
    contacts: Vec<ContactRow>,
}

impl CleanCustomer {
    fn fields(&self) -> CustomerFields<'_> {
        CustomerFields {
            code: &self.code,
            name: &self.name,
            initials: &self.initials,
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
            terms: &self.terms,
            credit_limit_minor: self.credit_limit_minor,
            status: self.status,
            status_reason: self.status_reason.as_deref(),
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code, "name": self.name, "phone": self.phone, "address": self.address,
            "terms": self.terms, "credit_limit_minor": self.credit_limit_minor,
            "status": self.status.as_str(), "status_reason": self.status_reason,
            "contacts": contacts_json(&self.contacts),
        })
    }

    fn grams(&self) -> Vec<String> {
        let phone = self.phone.as_deref().unwrap_or("");
        search::index_grams(&self.name, &[&self.code, phone])
    }
}

fn contacts_json(contacts: &[ContactRow]) -> serde_json::Value {
    contacts
        .iter()
        .map(|k| {
            serde_json::json!({
                "name": k.name, "phone": k.phone, "email": k.email, "title": k.title,
                "is_primary": k.is_primary,
            })
        })
        .collect()
}

fn clean_contact(k: &ContactInput, is_primary: bool) -> Result<ContactRow> {
    let email = text(&k.email, 100, EMAIL)?;
    if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
        return Err(Error::field_refused(EMAIL, Refusal::NotAnEmail));
    }
    Ok(ContactRow {
        name: required(&k.name, 64, CONTACT_NAME)?,
        phone: optional(
            clean_phone(&k.phone).map_err(|e| Error::field(PHONE, FieldProblem::Text(e)))?,
        ),
        email: optional(email),
        title: optional(text(&k.title, 32, TITLE)?),
        is_primary,
    })
}

/// Checks one contact as a customer's save would, without saving anything: a form with
/// several contacts uses it to find the one an error is about.
pub fn check_contact(input: &ContactInput) -> Result<()> {
    clean_contact(input, false).map(|_| ())
}

fn clean_customer(input: &CustomerInput) -> Result<CleanCustomer> {
    let name = required(&input.name, 100, CUSTOMER_NAME)?;
    let terms = PaymentTerms::parse_code(input.terms.trim())
        .or_else(|_| PaymentTerms::parse_text(&input.terms))
        .map_err(|e| Error::field(TERMS, FieldProblem::Terms(e)))?;
    let credit = Money::parse(&input.credit_limit)
        .map_err(|e| Error::field(CREDIT_LIMIT, FieldProblem::Number(e)))?;
    let status_reason = optional(text(&input.status_reason, 200, STATUS_REASON)?);
    if input.status == CustomerStatus::Blocked && status_reason.is_none() {
        return Err(Error::field_refused(
            STATUS_REASON,
            Refusal::BlockReasonRequired,
        ));
    }
    let mut contacts = Vec::new();
    for (i, k) in input.contacts.iter().enumerate() {
        contacts.push(clean_contact(k, i == 0)?);
    }
    Ok(CleanCustomer {
        // Left empty, the code is numbered when the customer is created.
        code: if input.code.trim().is_empty() {
            String::new()
        } else {
            code(&input.code, 32, CODE)?
        },
        initials: pinyin::initials(&name),
        name,
        phone: optional(
            clean_phone(&input.phone).map_err(|e| Error::field(PHONE, FieldProblem::Text(e)))?,
        ),
        address: optional(text(&input.address, 200, ADDRESS)?),
        terms: terms.code(),
        credit_limit_minor: credit.minor(),
        status: input.status,
        status_reason,
        contacts,
    })
}

/// Creates a customer. Needs the customer permission; a customer that starts out other
/// than as an unqualified prospect on cash terms without credit is a credit decision and
/// needs the credit permission too.
pub fn create_customer(db: &Db, actor: &Actor, input: &CustomerInput) -> Result<i64> {
    let clean = clean_customer(input)?;
    db.write(|tx| {
        let mut c = clean.clone();
        require(tx, actor, Permission::EditCustomers)?;
        let plain_prospect = c.status == CustomerStatus::Prospect
            && c.credit_limit_minor == 0
            && (c.terms == "cod" || c.terms == "prepay");
        if !plain_prospect {
            require(tx, actor, Permission::ApproveCredit)?;
        }
        if c.code.is_empty() {
            c.code = store::counters::next_customer_code(tx)?;
        }
        if store::customers::by_code(tx, &c.code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Customer,
                key: c.code.clone(),
            });
        }
        let now = now_stamp();
        let id = store::customers::insert(tx, &c.fields(), &now)?;
        store::customers::set_contacts(tx, id, &c.contacts)?;
        store::search::set_grams(tx, Kind::Customer, id, &c.grams())?;
        audit(
            tx,
            Some(actor),
            &now,
            "customer",
            Some(id),
            "create",
            None,
            Some(&c.json()),
        )?;
        Ok(id)
    })
}

/// Edits a customer opened at `version`; refused with who changed it when another
/// session saved in between.
pub fn update_customer(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &CustomerInput,
) -> Result<()> {
    let c = clean_customer(input)?;
    if c.code.is_empty() {
        return Err(Error::field_refused(CODE, Refusal::Empty));
    }
    db.write(|tx| {
        require(tx, actor, Permission::EditCustomers)?;
        let before = store::customers::by_id(tx, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: format!("#{id}"),
        })?;
        if before.version != version {
            return Err(crate::ops::conflict(
                tx,
                "customer",
                id,
                &before.updated_at,
            )?);
        }
        if before.code != c.code && store::customers::by_code(tx, &c.code)?.is_some() {
            return Err(Error::Duplicate {
                what: Thing::Customer,
                key: c.code.clone(),
            });
        }
        // Credit limit, terms and status (qualify, block, unblock) are credit decisions.
        if before.credit_limit_minor != c.credit_limit_minor
            || before.terms != c.terms
            || before.status != c.status
        {
            require(tx, actor, Permission::ApproveCredit)?;
        }
        let before_contacts = store::customers::contacts(tx, id)?;
        let now = now_stamp();
        store::customers::update(tx, id, version, &c.fields(), &now)?;
        store::customers::set_contacts(tx, id, &c.contacts)?;
        store::search::set_grams(tx, Kind::Customer, id, &c.grams())?;
        let before_json = serde_json::json!({
            "code": before.code, "name": before.name, "phone": before.phone,
            "address": before.address, "terms": before.terms,
            "credit_limit_minor": before.credit_limit_minor, "status": before.status.as_str(),
            "status_reason": before.status_reason,
            "contacts": contacts_json(&before_contacts),
        });
        audit(
            tx,
            Some(actor),
            &now,
            "customer",
            Some(id),
            "update",
            Some(&before_json),
            Some(&c.json()),
        )?;
        Ok(())
    })
}

/// A customer with its contacts.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub contacts: Vec<Contact>,
}

pub fn customer(db: &Db, id: i64) -> Result<CustomerDetail> {
    db.read_snapshot(|c| {
        let customer = store::customers::by_id(c, id)?.ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: format!("#{id}"),
        })?;
        let contacts = store::customers::contacts(c, id)?;
        Ok(CustomerDetail {
            customer: customer.try_into()?,
            contacts: contacts.into_iter().map(Contact::from).collect(),
        })
    })
}

/// Finds customers by code (exact), phone (exact, also contacts' phones), or a
/// substring of the name or its pinyin initials, through the name index.
pub fn find_customers(db: &Db, query: &str, limit: usize) -> Result<Vec<Customer>> {
    let q = query.trim();
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let rows = db.read_snapshot(|c| {
        let mut out: Vec<CustomerRow> = Vec::new();
        if let Ok(code) = clean_code(q, 32) {
            if let Some(row) = store::customers::by_code(c, &code)? {
                out.push(row);
            }
        }
        if q.chars().filter(char::is_ascii_digit).count() >= 5 {
            if let Ok(phone) = clean_phone(q) {
                for row in store::customers::by_phone(c, &phone, limit as i64)? {
                    if !out.iter().any(|r| r.id == row.id) {
                        out.push(row);
                    }
                }
            }
        }
        let grams = search::query_grams(q);
        let mut found = Vec::new();
        store::search::find(c, Kind::Customer, q, &grams, 0, limit, |id| {
            let Some(row) = store::customers::by_id(c, id)? else {
                return Ok(false);
            };
            let phone = row.phone.clone().unwrap_or_default();
            let ok = search::matches(q, &row.name, &[&row.code, &phone]);
            if ok {
                found.push(row);
            }
            Ok(ok)
        })?;
        for row in found {
            if !out.iter().any(|r| r.id == row.id) {
                out.push(row);
            }
        }
        out.truncate(limit);
        Ok::<_, Error>(out)
    })?;
    read::all(rows)
}

/// One page of customers ordered by code, after `after_code` (keyset paging).
pub fn customers_page(db: &Db, after_code: &str, limit: i64) -> Result<Vec<Customer>> {
    read::all(db.read(|c| Ok::<_, Error>(store::customers::page_by_code(c, after_code, limit)?))?)
}

/// Sets (or with `None` clears) the carrier a customer's orders usually go with: wave
/// planning shows it as the orders' carrier and sorts and filters by it. Needs the
/// customer permission; the carrier must exist and be active.
pub fn set_default_carrier(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    carrier_id: Option<i64>,
) -> Result<()> {
    db.write(|tx| write_default_carrier(tx, actor, customer_id, carrier_id))
}

/// [`set_default_carrier`] by customer code and carrier code or name (`None` clears).
pub fn set_default_carrier_by_code(
    db: &Db,
    actor: &Actor,
    customer: &str,
    carrier: Option<&str>,
) -> Result<()> {
    db.write(|tx| {
        let id = customer_id_of(tx, customer)?;
        let carrier_id = match carrier.map(str::trim) {
            None => None,
            Some(c) => Some(
                store::shipping::carrier(tx, c)?
                    .ok_or_else(|| Error::NotFound {
                        what: Thing::Carrier,
                        key: c.to_string(),
                    })?
                    .id,
            ),
        };
        write_default_carrier(tx, actor, id, carrier_id)
    })
}

/// The name of a customer's default carrier (by customer code), if one is set.
pub fn default_carrier_of(db: &Db, customer: &str) -> Result<Option<String>> {
    db.read(|c| {
        let id = customer_id_of(c, customer)?;
        Ok(match store::customers::default_carrier(c, id)? {
            Some(cid) => store::carriers::by_id(c, cid)?.map(|r| r.name),
            None => None,
        })
    })
}

fn customer_id_of(c: &rusqlite::Connection, code: &str) -> Result<i64> {
    let code = code.trim();
    Ok(store::customers::by_code(c, code)?
        .ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: code.to_string(),
        })?
        .id)
}

fn write_default_carrier(
    tx: &rusqlite::Connection,
    actor: &Actor,
    customer_id: i64,
    carrier_id: Option<i64>,
) -> Result<()> {
    {
        require(tx, actor, Permission::EditCustomers)?;
        if store::customers::by_id(tx, customer_id)?.is_none() {
            return Err(Error::NotFound {
                what: Thing::Customer,
                key: format!("#{customer_id}"),
            });
        }
        if let Some(cid) = carrier_id {
            match store::carriers::by_id(tx, cid)? {
                Some(row) if row.active => {}
                _ => {
                    return Err(Error::NotFound {
                        what: Thing::Carrier,
                        key: format!("#{cid}"),
                    })
                }
            }
        }
        let before = store::customers::default_carrier(tx, customer_id)?;
        let now = now_stamp();
        store::customers::set_default_carrier(tx, customer_id, carrier_id, &now)?;
        audit(
            tx,
            Some(actor),
            &now,
            "customer",
            Some(customer_id),
            "default_carrier",
            Some(&serde_json::json!({ "default_carrier_id": before })),
            Some(&serde_json::json!({ "default_carrier_id": carrier_id })),
        )?;
        Ok(())
    }
}

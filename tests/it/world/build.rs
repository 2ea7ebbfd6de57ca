//! What a test makes by name, through `ops` as a user would: customers, users, stock
//! and orders.

use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::master::{CustomerInput, CustomerStatus};
use orderdesk::ops::stock::ReceiptInput;
use orderdesk::ops::users::NewUserInput;
use orderdesk::ops::{self, Actor};
use orderdesk::store::Db;

use super::{customer_count, customer_input, new_user, World, PASSWORD};

impl World {
    /// A customer of this name, active, cash on delivery unless told otherwise; created
    /// by finance, who may set credit. Its code is `code` if given, else the next free
    /// `T0001`, `T0002`, ….
    pub fn customer(&self, name: &str) -> NewCustomer<'_> {
        NewCustomer {
            w: self,
            input: CustomerInput {
                status: CustomerStatus::Active,
                ..customer_input("", name)
            },
        }
    }

    /// A product of the company, by SKU, to put stock on.
    pub fn product<'a>(&'a self, sku: &'a str) -> ProductStock<'a> {
        ProductStock { w: self, sku }
    }

    /// An order written by `who`.
    pub fn order<'a>(&'a self, who: &'a Actor) -> NewOrder<'a> {
        order_by(&self.db, who)
    }

    /// A user with this user name, logged in once created (password [`PASSWORD`]).
    pub fn user(&self, username: &str) -> NewUser<'_> {
        NewUser {
            w: self,
            input: new_user(username, username, Role::Sales),
        }
    }
}

/// A customer about to be created; see [`World::customer`].
pub struct NewCustomer<'a> {
    w: &'a World,
    input: CustomerInput,
}

impl NewCustomer<'_> {
    pub fn code(mut self, code: &str) -> Self {
        self.input.code = code.into();
        self
    }

    /// Payment terms as typed: `cod`, `eom:30`, `net:30`, ….
    pub fn terms(mut self, terms: &str) -> Self {
        self.input.terms = terms.into();
        self
    }

    pub fn credit_limit(mut self, limit: &str) -> Self {
        self.input.credit_limit = limit.into();
        self
    }

    /// Blocked (冻结) for this reason.
    pub fn blocked(mut self, reason: &str) -> Self {
        self.input.status = CustomerStatus::Blocked;
        self.input.status_reason = reason.into();
        self
    }

    /// Creates it and gives its code.
    #[track_caller]
    pub fn create(mut self) -> String {
        if self.input.code.is_empty() {
            self.input.code = format!("T{:04}", customer_count(&self.w.db) + 1);
        }
        ops::master::create_customer(&self.w.db, &self.w.finance, &self.input)
            .expect("create customer");
        self.input.code
    }
}

/// A product of the world, to receive stock for; see [`World::product`].
pub struct ProductStock<'a> {
    w: &'a World,
    sku: &'a str,
}

impl ProductStock<'_> {
    /// Receives `qty` into `bin` at a unit cost of 1.00, as the warehouse does.
    #[track_caller]
    pub fn stock(&self, bin: &str, qty: &str) -> &Self {
        self.stock_at(bin, qty, "1.00")
    }

    /// Receives `qty` of lot `lot` expiring `expires_in_days` from today into `bin`.
    #[track_caller]
    pub fn stock_lot(&self, bin: &str, lot: &str, expires_in_days: i64, qty: &str) -> &Self {
        ops::stock::receive_stock(
            &self.w.db,
            &self.w.warehouse,
            &ReceiptInput {
                product: self.sku.into(),
                bin: bin.into(),
                lot: lot.into(),
                expiry: super::days_from_today(expires_in_days).to_string(),
                qty: qty.into(),
                unit_cost: "1.00".into(),
                ..ReceiptInput::default()
            },
        )
        .expect("receive a lot");
        self
    }

    /// Receives `qty` into `bin` at this unit cost.
    #[track_caller]
    pub fn stock_at(&self, bin: &str, qty: &str, unit_cost: &str) -> &Self {
        ops::stock::receive_stock(
            &self.w.db,
            &self.w.warehouse,
            &ReceiptInput {
                product: self.sku.into(),
                bin: bin.into(),
                qty: qty.into(),
                unit_cost: unit_cost.into(),
                ..ReceiptInput::default()
            },
        )
        .expect("receive stock");
        self
    }
}

/// An order about to be written, by phone at the customer's terms unless told
/// otherwise; see [`World::order`] and [`order_by`].
pub struct NewOrder<'a> {
    db: &'a Db,
    who: &'a Actor,
    input: OrderInput,
}

/// An order written by `who` on any database, a copy of the demo as well as a world.
pub fn order_by<'a>(db: &'a Db, who: &'a Actor) -> NewOrder<'a> {
    NewOrder {
        db,
        who,
        input: OrderInput {
            channel: Channel::Phone,
            ..OrderInput::default()
        },
    }
}

impl NewOrder<'_> {
    /// The customer, by code (or anything else intake accepts for one).
    pub fn customer(mut self, customer: &str) -> Self {
        self.input.customer = customer.into();
        self
    }

    /// A line of `qty` of a product named by SKU or barcode, at the list price.
    pub fn line(mut self, product: &str, qty: &str) -> Self {
        self.input.lines.push(line(product, qty));
        self
    }

    /// The unit price of the last line, instead of the list price.
    pub fn price(mut self, unit_price: &str) -> Self {
        if let Some(l) = self.input.lines.last_mut() {
            l.unit_price = unit_price.into();
        }
        self
    }

    pub fn urgency(mut self, urgency: Urgency) -> Self {
        self.input.urgency = urgency;
        self
    }

    pub fn channel(mut self, channel: Channel) -> Self {
        self.input.channel = channel;
        self
    }

    /// Payment terms of this order as typed (`cod`, `net:30`, …) instead of the
    /// customer's.
    pub fn terms(mut self, terms: &str) -> Self {
        self.input.terms = terms.into();
        self
    }

    /// What would be typed, for a test that changes it further or sends it itself.
    pub fn input(self) -> OrderInput {
        self.input
    }

    /// Saved as a draft.
    #[track_caller]
    pub fn draft(self) -> intake::Saved {
        intake::create_draft(self.db, self.who, &self.input).expect("create draft")
    }

    /// Saved and submitted by the same user.
    #[track_caller]
    pub fn submit(self) -> intake::Submitted {
        let (db, who) = (self.db, self.who);
        let d = self.draft();
        intake::submit_order(db, who, d.id, d.version).expect("submit order")
    }
}

/// An order line of `qty` of a product named by SKU or barcode, at the list price.
pub fn line(product: &str, qty: &str) -> LineInput {
    LineInput {
        product: product.into(),
        qty: qty.into(),
        ..LineInput::default()
    }
}

/// A user about to be added by the administrator; see [`World::user`].
pub struct NewUser<'a> {
    w: &'a World,
    input: NewUserInput,
}

impl NewUser<'_> {
    /// The name shown to others, in messages and on documents.
    pub fn name(mut self, display: &str) -> Self {
        self.input.display_name = display.into();
        self
    }

    pub fn roles(mut self, roles: &[Role]) -> Self {
        self.input.roles = roles.to_vec();
        self
    }

    /// The largest order this user may approve or write without approval.
    pub fn limit(mut self, limit: Money) -> Self {
        self.input.approval_limit = limit;
        self
    }

    /// Adds the user and logs in as them.
    #[track_caller]
    pub fn create(self) -> Actor {
        ops::users::add_user(&self.w.db, &self.w.admin, &self.input).expect("add user");
        ops::auth::login(&self.w.db, &self.input.username, PASSWORD).expect("log in")
    }
}

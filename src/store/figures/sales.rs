//! Sales and money of a period: orders taken, shipments, invoices, payments and return
//! credit notes per day, and orders per customer, product, channel and salesperson.
//!
//! An order counts on its order date once it has a number and is not cancelled (a
//! rejected order is still being worked on); drafts and cancelled orders are left out
//! by their stage, which the covering index `orders_period` holds.

use rusqlite::{params, Connection};

use super::{day_sums, DaySum, Sum};
use crate::store::{all, Result};

/// Orders per order date: count and gross amount (bound: first and last date).
pub const ORDERS_BY_DAY_SQL: &str = "SELECT order_date, count(*), sum(gross_minor) \
     FROM orders INDEXED BY orders_period \
     WHERE order_date BETWEEN ?1 AND ?2 AND stage NOT IN ('draft', 'cancelled') \
     GROUP BY order_date ORDER BY order_date";

/// Shipments per shipping date (count; the amount column is 0).
pub const SHIPMENTS_BY_DAY_SQL: &str = "SELECT ship_date, count(*), 0 \
     FROM shipments INDEXED BY shipments_period \
     WHERE ship_date BETWEEN ?1 AND ?2 GROUP BY ship_date ORDER BY ship_date";

/// Invoices (not credit notes) per invoice date: count and gross amount.
pub const INVOICES_BY_DAY_SQL: &str = "SELECT invoice_date, count(*), sum(gross_minor) \
     FROM invoices INDEXED BY invoices_period \
     WHERE invoice_date BETWEEN ?1 AND ?2 AND kind = 'invoice' \
     GROUP BY invoice_date ORDER BY invoice_date";

/// Payments received (收款) per payment date: count and amount.
pub const PAYMENTS_BY_DAY_SQL: &str = "SELECT pay_date, count(*), sum(amount_minor) \
     FROM payments INDEXED BY payments_period \
     WHERE pay_date BETWEEN ?1 AND ?2 GROUP BY pay_date ORDER BY pay_date";

/// Which credit notes are returns (退货), as a condition on `invoices`; `None` would make
/// the returns figure read zero.
///
/// The returns flow (RMA-, issue 12) writes the credit note of returned goods and links
/// it from its return (`returns.credit_note_id`); the credit notes that correct a price
/// are not linked from any return and are not returns. The period is searched in
/// `invoices_period` and each credit note looked up in `returns_credit_note`.
pub const RETURN_CREDIT_NOTES: Option<&str> = Some(
    "kind = 'credit_note' AND EXISTS \
     (SELECT 1 FROM returns r WHERE r.credit_note_id = invoices.id)",
);

/// Return credit notes per date: count and gross amount; nothing while
/// [`RETURN_CREDIT_NOTES`] is `None`.
pub fn returns_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<DaySum>> {
    match RETURN_CREDIT_NOTES {
        None => Ok(Vec::new()),
        Some(condition) => day_sums(
            c,
            &format!(
                "SELECT invoice_date, count(*), sum(gross_minor) FROM invoices \
                 WHERE invoice_date BETWEEN ?1 AND ?2 AND ({condition}) \
                 GROUP BY invoice_date ORDER BY invoice_date"
            ),
            params![from, to],
        ),
    }
}

pub fn orders_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<DaySum>> {
    day_sums(c, ORDERS_BY_DAY_SQL, params![from, to])
}

pub fn shipments_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<DaySum>> {
    day_sums(c, SHIPMENTS_BY_DAY_SQL, params![from, to])
}

pub fn invoices_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<DaySum>> {
    day_sums(c, INVOICES_BY_DAY_SQL, params![from, to])
}

pub fn payments_by_day(c: &Connection, from: &str, to: &str) -> Result<Vec<DaySum>> {
    day_sums(c, PAYMENTS_BY_DAY_SQL, params![from, to])
}

/// One customer, product, channel or salesperson of a period: its key (id, or the
/// channel's code), how it is named, how many orders (order lines, for a product) and
/// how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSum {
    pub id: i64,
    /// The code (customer code, SKU, channel code, user name).
    pub code: String,
    pub name: String,
    /// Ordered less cancelled, thousandths (products only; else 0).
    pub qty: i64,
    pub sum: Sum,
}

/// Orders per customer (bound: first and last date).
pub const ORDERS_BY_CUSTOMER_SQL: &str =
    "SELECT g.customer_id, cu.code, cu.name, 0, g.n, g.amount \
     FROM (SELECT customer_id, count(*) AS n, sum(gross_minor) AS amount \
           FROM orders INDEXED BY orders_period \
           WHERE order_date BETWEEN ?1 AND ?2 AND stage NOT IN ('draft', 'cancelled') \
           GROUP BY customer_id) g \
     JOIN customers cu ON cu.id = g.customer_id ORDER BY g.amount DESC, g.customer_id";

/// Orders per salesperson: the user who took the order.
pub const ORDERS_BY_SALESPERSON_SQL: &str =
    "SELECT g.created_by, u.username, u.display_name, 0, g.n, g.amount \
     FROM (SELECT created_by, count(*) AS n, sum(gross_minor) AS amount \
           FROM orders INDEXED BY orders_period \
           WHERE order_date BETWEEN ?1 AND ?2 AND stage NOT IN ('draft', 'cancelled') \
           GROUP BY created_by) g \
     JOIN users u ON u.id = g.created_by ORDER BY g.amount DESC, g.created_by";

/// Orders per channel (the id column is 0; the code is the channel's).
pub const ORDERS_BY_CHANNEL_SQL: &str =
    "SELECT 0, channel, channel, 0, count(*), sum(gross_minor) AS amount \
     FROM orders INDEXED BY orders_period \
     WHERE order_date BETWEEN ?1 AND ?2 AND stage NOT IN ('draft', 'cancelled') \
     GROUP BY channel ORDER BY amount DESC, channel";

/// Order lines per product: lines, quantity (ordered less cancelled) and gross amount
/// (a line's amount covers what is still ordered).
pub const LINES_BY_PRODUCT_SQL: &str = "SELECT g.product_id, p.sku, p.name, g.qty, g.n, g.amount \
     FROM (SELECT l.product_id, count(*) AS n, sum(l.qty - l.qty_cancelled) AS qty, \
                  sum(l.gross_minor) AS amount \
           FROM orders o INDEXED BY orders_period JOIN order_lines l ON l.order_id = o.id \
           WHERE o.order_date BETWEEN ?1 AND ?2 AND o.stage NOT IN ('draft', 'cancelled') \
           GROUP BY l.product_id) g \
     JOIN products p ON p.id = g.product_id ORDER BY g.amount DESC, g.product_id";

fn groups(c: &Connection, sql: &str, from: &str, to: &str) -> Result<Vec<GroupSum>> {
    all(c, sql, params![from, to], |r| {
        Ok(GroupSum {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            qty: r.get(3)?,
            sum: Sum {
                count: r.get(4)?,
                amount: r.get(5)?,
            },
        })
    })
}

/// Every customer with orders in the period, the largest amount first.
pub fn by_customer(c: &Connection, from: &str, to: &str) -> Result<Vec<GroupSum>> {
    groups(c, ORDERS_BY_CUSTOMER_SQL, from, to)
}

/// Every product ordered in the period, the largest amount first.
pub fn by_product(c: &Connection, from: &str, to: &str) -> Result<Vec<GroupSum>> {
    groups(c, LINES_BY_PRODUCT_SQL, from, to)
}

/// Every channel orders came by in the period, the largest amount first.
pub fn by_channel(c: &Connection, from: &str, to: &str) -> Result<Vec<GroupSum>> {
    groups(c, ORDERS_BY_CHANNEL_SQL, from, to)
}

/// Every user who took orders in the period, the largest amount first.
pub fn by_salesperson(c: &Connection, from: &str, to: &str) -> Result<Vec<GroupSum>> {
    groups(c, ORDERS_BY_SALESPERSON_SQL, from, to)
}

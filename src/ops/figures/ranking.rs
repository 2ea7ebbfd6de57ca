//! Orders of a period per customer, product, channel and salesperson, the largest
//! amount first: the top customers and products (排行).

use rusqlite::Connection;

use super::Totals;
use crate::domain::figures::Period;
use crate::domain::money::{Money, Qty};
use crate::domain::order::Channel;
use crate::i18n::Lang;
use crate::ops::Result;
use crate::store::figures::sales::{self, GroupSum};
use crate::store::Db;

/// What the orders of a period are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Customer,
    Product,
    Channel,
    Salesperson,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Customer,
        Dimension::Product,
        Dimension::Channel,
        Dimension::Salesperson,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Dimension::Customer => lang.pick("客户", "Customers"),
            Dimension::Product => lang.pick("商品", "Products"),
            Dimension::Channel => lang.pick("渠道", "Channels"),
            Dimension::Salesperson => lang.pick("业务员", "Salespeople"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Customer => "customer",
            Dimension::Product => "product",
            Dimension::Channel => "channel",
            Dimension::Salesperson => "salesperson",
        }
    }
}

/// One customer, product, channel or salesperson of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The customer's, product's or user's id (0 for a channel).
    pub id: i64,
    /// The customer code, SKU, channel code or user name.
    pub code: String,
    /// The name as stored; a channel's is its code (see [`Ranked::shown_name`]).
    pub name: String,
    /// Orders; order lines for a product.
    pub count: i64,
    /// Ordered less cancelled (products only).
    pub qty: Qty,
    pub amount: Money,
}

impl Ranked {
    /// The name a person reads: a channel through the catalogue, others as stored.
    pub fn shown_name(&self, dimension: Dimension, lang: Lang) -> String {
        match dimension {
            Dimension::Channel => Channel::parse(&self.code)
                .map(|c| c.label(lang))
                .unwrap_or_else(|| crate::domain::text::shown(&self.code)),
            _ => self.name.clone(),
        }
    }
}

/// Every customer (product, channel, salesperson) of a period with orders, the largest
/// amount first, and the sum of them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    pub dimension: Dimension,
    pub period: Period,
    pub rows: Vec<Ranked>,
    pub total: Totals,
}

impl Ranking {
    /// The amount of a key (id, or channel code) in this ranking; zero if absent.
    pub fn amount_of(&self, r: &Ranked) -> Money {
        self.rows
            .iter()
            .find(|x| x.id == r.id && x.code == r.code)
            .map_or(Money::ZERO, |x| x.amount)
    }
}

fn ranked(g: GroupSum) -> Ranked {
    Ranked {
        id: g.id,
        code: g.code,
        name: g.name,
        count: g.sum.count,
        qty: Qty::from_db(g.qty),
        amount: Money::from_minor(g.sum.amount),
    }
}

pub fn ranking_in(c: &Connection, p: Period, dimension: Dimension) -> Result<Ranking> {
    let (from, to) = (p.from.to_string(), p.to.to_string());
    let groups = match dimension {
        Dimension::Customer => sales::by_customer(c, &from, &to)?,
        Dimension::Product => sales::by_product(c, &from, &to)?,
        Dimension::Channel => sales::by_channel(c, &from, &to)?,
        Dimension::Salesperson => sales::by_salesperson(c, &from, &to)?,
    };
    let mut total = Totals::default();
    let rows: Vec<Ranked> = groups
        .into_iter()
        .map(|g| {
            total.add(g.sum.count, g.sum.amount);
            ranked(g)
        })
        .collect();
    Ok(Ranking {
        dimension,
        period: p,
        rows,
        total,
    })
}

/// The orders of a period per customer, product, channel or salesperson.
pub fn ranking(db: &Db, p: Period, dimension: Dimension) -> Result<Ranking> {
    db.read_snapshot(|c| ranking_in(c, p, dimension))
}

//! The SQL of the figures management reads (数据分析, 绩效): sums over a period of
//! business dates (`YYYY-MM-DD`, both ends included) or of instants (`[from, until)`,
//! RFC 3339 UTC as stored), each driven by an index of `0008_figures.sql`. Sales and
//! money per day and per customer, product, channel and salesperson ([`sales`]); the
//! way of an order through approval, picking, shipping and signing ([`flow`]); what
//! each person did ([`staff`]).

pub mod flow;
pub mod sales;
pub mod staff;

/// A count and an amount in fen of one day, customer, product, …
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sum {
    pub count: i64,
    pub amount: i64,
}

/// A day of a period with its sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySum {
    pub date: String,
    pub sum: Sum,
}

/// The days of a query `SELECT date, count, amount … GROUP BY date`.
fn day_sums(
    c: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> super::Result<Vec<DaySum>> {
    super::all(c, sql, params, |r| {
        Ok(DaySum {
            date: r.get(0)?,
            sum: Sum {
                count: r.get(1)?,
                amount: r.get(2)?,
            },
        })
    })
}

#[cfg(test)]
mod plan_tests;

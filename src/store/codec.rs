//! How domain values are stored: each type reads and writes its own column
//! (`FromSql`/`ToSql`), so that rows climb out of the store already typed and a stored
//! value that no longer parses is reported, not guessed.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::approval::Reason;
use crate::domain::customer::CustomerStatus;
use crate::domain::money::{Money, Qty};
use crate::domain::order::{Channel, OrderStage, Urgency};
use crate::domain::purchase::{RequestKind, RequestStatus};
use crate::domain::returns::{ReturnReason, ReturnStatus};
use crate::domain::ticket::{LogAction, Severity, TicketKind, TicketStatus};

/// A text column holding one of a fixed set of codes.
macro_rules! code_column {
    ($t:ty, $what:literal) => {
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                <$t>::parse(s)
                    .ok_or_else(|| FromSqlError::Other(format!("unknown {} {s:?}", $what).into()))
            }
        }

        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
    };
}

code_column!(OrderStage, "order stage");
code_column!(Urgency, "urgency");
code_column!(Channel, "channel");
code_column!(Reason, "approval reason");
code_column!(CustomerStatus, "customer status");
code_column!(ReturnStatus, "return status");
code_column!(ReturnReason, "return reason");
code_column!(TicketKind, "ticket kind");
code_column!(Severity, "ticket severity");
code_column!(TicketStatus, "ticket status");
code_column!(LogAction, "ticket log action");
code_column!(RequestKind, "purchase request kind");
code_column!(RequestStatus, "purchase request status");

/// Amounts are stored in 分 (minor units).
impl FromSql for Money {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(v).map(Money::from_minor)
    }
}

impl ToSql for Money {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.minor()))
    }
}

/// Quantities are stored in thousandths.
impl FromSql for Qty {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(v).map(Qty::from_db)
    }
}

impl ToSql for Qty {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_db()))
    }
}

/// A comma-separated list of reason codes (as `group_concat` gives it), or NULL for
/// none.
pub(crate) fn reasons(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<Vec<Reason>> {
    let Some(text) = r.get::<_, Option<String>>(col)? else {
        return Ok(Vec::new());
    };
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            Reason::parse(s).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    col,
                    rusqlite::types::Type::Text,
                    format!("unknown approval reason {s:?}").into(),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn domain_values_round_trip_through_a_column() {
        let c = Connection::open_in_memory().unwrap();
        let (stage, money, qty): (OrderStage, Money, Qty) = c
            .query_row(
                "SELECT ?1, ?2, ?3",
                rusqlite::params![
                    OrderStage::OnHold,
                    Money::from_minor(-1234),
                    Qty::from_db(1500)
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(stage, OrderStage::OnHold);
        assert_eq!(money, Money::from_minor(-1234));
        assert_eq!(qty, Qty::from_db(1500));
    }

    #[test]
    fn an_unknown_code_is_an_error_not_a_guess() {
        let c = Connection::open_in_memory().unwrap();
        let r: rusqlite::Result<OrderStage> = c.query_row("SELECT 'shipped?'", [], |r| r.get(0));
        assert!(r.is_err());
        let reasons: Vec<Reason> = c
            .query_row("SELECT 'amount,credit'", [], |r| reasons(r, 0))
            .unwrap();
        assert_eq!(reasons, vec![Reason::Amount, Reason::Credit]);
    }
}

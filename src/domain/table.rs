//! A table of typed cells (表格): what a list screen or a report hands to an export.
//! Every cell keeps its type (text, a count, money, a quantity, a unit price, a date, an
//! instant), so that a spreadsheet receives numbers and dates as such, never as text
//! that looks like them, and money stays exact to the fen.

use chrono::{NaiveDate, NaiveDateTime};

use super::money::{Money, Qty, UnitPrice};
use crate::i18n::Lang;

/// What a column holds; a spreadsheet gives each kind its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A count or a number that is not money (cartons, days).
    Int,
    /// An amount in yuan, two decimals.
    Money,
    /// A quantity, up to three decimals.
    Qty,
    /// A unit price, up to four decimals.
    Price,
    /// A rate in basis points (1300 = 13%), written as a percentage.
    Percent,
    /// A calendar date.
    Date,
    /// An instant, already in the company's time zone.
    DateTime,
    /// A length of time in seconds (a processing time), written as hours, minutes and
    /// seconds.
    Duration,
}

/// A column: its heading in both languages and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: Kind,
}

impl Column {
    pub const fn new(zh: &'static str, en: &'static str, kind: Kind) -> Column {
        Column { zh, en, kind }
    }

    /// The heading in the reader's language.
    pub fn heading(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Money(Money),
    Qty(Qty),
    Price(UnitPrice),
    /// Basis points: 1300 is 13%.
    Percent(i64),
    Date(NaiveDate),
    /// Local time of the company (never UTC).
    DateTime(NaiveDateTime),
    /// Seconds.
    Duration(i64),
}

impl Cell {
    /// A text cell; an empty text is an empty cell.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A text cell of an optional text.
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    /// A date cell of an optional date.
    pub fn opt_date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// A percentage cell of an optional rate in basis points (nothing to count: empty).
    pub fn opt_percent(bp: Option<i64>) -> Cell {
        bp.map_or(Cell::Empty, Cell::Percent)
    }

    /// A duration cell of optional seconds (nothing measured: empty).
    pub fn opt_duration(seconds: Option<i64>) -> Cell {
        seconds.map_or(Cell::Empty, Cell::Duration)
    }

    /// The cell as plain text for a CSV file: numbers without thousands separators,
    /// money with its two decimals, dates as `2026-11-30`, instants as
    /// `2026-11-30 14:05:09`, durations as hours, minutes and seconds (`26:05:00`, which
    /// Excel reads as a duration).
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(m) => m.plain(),
            Cell::Qty(q) => q.to_string(),
            Cell::Price(p) => p.to_string(),
            Cell::Percent(bp) => format!("{}%", rust_decimal::Decimal::new(*bp, 2).normalize()),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Duration(s) => {
                let sign = if *s < 0 { "-" } else { "" };
                let a = s.unsigned_abs();
                format!("{sign}{}:{:02}:{:02}", a / 3600, a % 3600 / 60, a % 60)
            }
        }
    }
}

/// Money as the number a spreadsheet stores: the fen count divided by 100. Both are
/// exact in a 64-bit float below 2⁵³ fen, and IEEE division rounds correctly, so the
/// float is the one nearest the decimal amount and reads back as the same two-decimal
/// text (what [`money_of_number`] relies on).
pub fn money_number(m: Money) -> f64 {
    m.minor() as f64 / 100.0
}

/// The amount a spreadsheet number written by [`money_number`] stands for: rounded to
/// the fen; `None` for a number that is no amount (not finite, too large).
pub fn money_of_number(x: f64) -> Option<Money> {
    let fen = (x * 100.0).round();
    if fen.is_finite() && fen.abs() < 9.0e15 {
        Some(Money::from_minor(fen as i64))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cells_read_plainly_for_csv() {
        assert_eq!(Cell::Money(Money::from_minor(123_450)).plain(), "1234.50");
        assert_eq!(Cell::Money(Money::from_minor(-5)).plain(), "-0.05");
        assert_eq!(Cell::Qty(Qty::from_db(1500)).plain(), "1.5");
        assert_eq!(Cell::Int(-3).plain(), "-3");
        assert_eq!(Cell::Percent(1300).plain(), "13%");
        assert_eq!(Cell::Percent(550).plain(), "5.5%");
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        assert_eq!(Cell::Date(d).plain(), "2026-11-30");
        let t = d.and_hms_opt(14, 5, 9).unwrap_or_default();
        assert_eq!(Cell::DateTime(t).plain(), "2026-11-30 14:05:09");
        assert_eq!(Cell::Duration(93_900).plain(), "26:05:00");
        assert_eq!(Cell::Duration(59).plain(), "0:00:59");
        assert_eq!(Cell::opt_duration(None), Cell::Empty);
        assert_eq!(Cell::opt_percent(Some(9231)).plain(), "92.31%");
        assert_eq!(Cell::text(""), Cell::Empty);
        assert_eq!(
            Column::new("金额", "Amount", Kind::Money).heading(Lang::En),
            "Amount"
        );
    }

    proptest! {
        #[test]
        fn money_survives_the_spreadsheet_number(fen in -100_000_000_000_000i64..100_000_000_000_000) {
            let m = Money::from_minor(fen);
            let x = money_number(m);
            prop_assert_eq!(money_of_number(x), Some(m));
            // The shortest text of the float is the amount's own decimal text.
            let text = format!("{x}");
            let back = rust_decimal::Decimal::from_str_exact(&text).ok();
            prop_assert_eq!(back.map(|d| d.normalize()), Some(m.as_decimal().normalize()));
        }
    }
}

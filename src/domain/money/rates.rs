//! Percentages: tax rate (税率) and discount (折扣).

use std::fmt;

use rust_decimal::Decimal;

use super::fixed::{fixed, format_fixed, mantissa_i64, BP_FULL};
use super::parse::{parse_fixed, to_i64, NumberError, Rules};

pub(super) const PERCENT_RULES: Rules = Rules {
    scale: 2,
    max: BP_FULL as i128,
    max_text: "100%",
    negative: false,
    currency: false,
    percent: true,
};

/// Checks a stored percentage in basis points (0..=10000).
pub(super) fn percent_from_bp(bp: i64) -> Result<i64, NumberError> {
    let input = || format!("{}%", format_fixed(bp, 2, 0, false));
    if bp < 0 {
        Err(NumberError::Negative { input: input() })
    } else if bp > BP_FULL {
        Err(NumberError::TooLarge {
            input: input(),
            max: PERCENT_RULES.max_text.to_string(),
        })
    } else {
        Ok(bp)
    }
}

pub(super) fn parse_percent(input: &str) -> Result<i64, NumberError> {
    let m = parse_fixed(input, &PERCENT_RULES)?;
    to_i64(m, input, PERCENT_RULES.max_text)
}

/// A VAT rate (增值税税率) in percent, 0 to 100 with up to two decimals (13, 9, 6, 0);
/// stored as basis points (1300 = 13 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaxRate(Decimal);

impl TaxRate {
    pub const ZERO: TaxRate = TaxRate(fixed(0, 2));

    /// From basis points of a percent as stored in the database: 1300 is 13 %.
    pub fn from_bp(bp: i64) -> Result<TaxRate, NumberError> {
        percent_from_bp(bp).map(|bp| TaxRate(fixed(bp, 2)))
    }

    /// Basis points: 1300 for 13 %.
    pub fn to_bp(self) -> i64 {
        mantissa_i64(self.0)
    }

    /// The rate in percent (13.00 for 13 %).
    pub fn as_percent(self) -> Decimal {
        self.0
    }

    /// Parses a rate typed in percent: `13`, `13%`, `13.5％`. `0.13` means 0.13 %, not 13 %.
    pub fn parse(input: &str) -> Result<TaxRate, NumberError> {
        parse_percent(input).and_then(TaxRate::from_bp)
    }
}

/// `13%`, `6.5%`.
impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}%", format_fixed(self.to_bp(), 2, 0, false)))
    }
}

/// A line discount (折扣) in percent off the price, 0 to 100 with up to two decimals;
/// stored as basis points. Note that 九折 ("90 %") is a discount of 10 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Discount(Decimal);

impl Discount {
    pub const NONE: Discount = Discount(fixed(0, 2));

    /// From basis points of a percent as stored in the database: 1000 is 10 % off.
    pub fn from_bp(bp: i64) -> Result<Discount, NumberError> {
        percent_from_bp(bp).map(|bp| Discount(fixed(bp, 2)))
    }

    pub fn to_bp(self) -> i64 {
        mantissa_i64(self.0)
    }

    pub fn as_percent(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.to_bp() == 0
    }

    /// Parses a discount typed in percent off: `10`, `10%`, `２．５％`.
    pub fn parse(input: &str) -> Result<Discount, NumberError> {
        parse_percent(input).and_then(Discount::from_bp)
    }
}

impl Default for Discount {
    fn default() -> Discount {
        Discount::NONE
    }
}

/// `10%`, `2.5%`.
impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}%", format_fixed(self.to_bp(), 2, 0, false)))
    }
}

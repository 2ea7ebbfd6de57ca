//! Money (金额), unit prices (单价) and quantities (数量).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;

use super::fixed::{fixed, format_fixed, mantissa_i64};
use super::parse::{parse_fixed, to_i64, NumberError, Rules};

/// `+`, `-`, unary `-`, `+=`, `-=` and `Sum` for a value type with `checked_add`,
/// `checked_sub`, `checked_neg` and `ZERO`: the operators panic on `i64` overflow with
/// `$overflow`, like integer arithmetic.
macro_rules! arithmetic {
    ($t:ident, $overflow:literal) => {
        impl Add for $t {
            type Output = $t;
            fn add(self, rhs: $t) -> $t {
                self.checked_add(rhs).expect($overflow)
            }
        }

        impl Sub for $t {
            type Output = $t;
            fn sub(self, rhs: $t) -> $t {
                self.checked_sub(rhs).expect($overflow)
            }
        }

        impl Neg for $t {
            type Output = $t;
            fn neg(self) -> $t {
                self.checked_neg().expect($overflow)
            }
        }

        impl AddAssign for $t {
            fn add_assign(&mut self, rhs: $t) {
                *self = *self + rhs;
            }
        }

        impl SubAssign for $t {
            fn sub_assign(&mut self, rhs: $t) {
                *self = *self - rhs;
            }
        }

        impl Sum for $t {
            fn sum<I: Iterator<Item = $t>>(iter: I) -> $t {
                iter.fold($t::ZERO, Add::add)
            }
        }

        impl<'a> Sum<&'a $t> for $t {
            fn sum<I: Iterator<Item = &'a $t>>(iter: I) -> $t {
                iter.copied().sum()
            }
        }
    };
}

/// An amount of money (金额) in yuan, always with exactly two decimals (分).
///
/// Every `i64` number of 分 is a valid `Money`. The operators `+`, `-` and unary `-`
/// panic on `i64` overflow, like integer arithmetic; amounts a user can type are bounded by
/// [`Money::MAX_INPUT`], so that needs tens of thousands of maximal amounts. Use
/// [`Money::checked_add`] and friends where the operands are not bounded.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money::from_minor(0);
    /// The largest amount a user may type: 1,000,000,000,000.00 yuan (一万亿元).
    pub const MAX_INPUT: Money = Money::from_minor(100_000_000_000_000);

    const RULES_SIGNED: Rules = Rules {
        scale: 2,
        max: 100_000_000_000_000,
        max_text: "1,000,000,000,000.00",
        negative: true,
        currency: true,
        percent: false,
    };

    /// From an integer number of 分 (minor units), as stored in the database.
    pub const fn from_minor(minor: i64) -> Money {
        Money(fixed(minor, 2))
    }

    /// The amount in 分 (minor units), as stored in the database.
    pub fn minor(self) -> i64 {
        mantissa_i64(self.0)
    }

    /// The amount in yuan as a decimal with scale 2.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Rounds a decimal amount in yuan to 分, half away from zero (四舍五入);
    /// `None` when it does not fit.
    pub fn from_decimal_rounded(yuan: Decimal) -> Option<Money> {
        let rounded =
            yuan.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        // After rounding the scale is at most 2; bring it to exactly 2.
        let mantissa = rounded.mantissa() * 10i128.pow(2 - rounded.scale().min(2));
        i64::try_from(mantissa).ok().map(Money::from_minor)
    }

    pub fn is_zero(self) -> bool {
        self.minor() == 0
    }

    pub fn is_negative(self) -> bool {
        self.minor() < 0
    }

    pub fn is_positive(self) -> bool {
        self.minor() > 0
    }

    pub fn abs(self) -> Money {
        if self.is_negative() {
            -self
        } else {
            self
        }
    }

    pub fn checked_add(self, rhs: Money) -> Option<Money> {
        self.minor().checked_add(rhs.minor()).map(Money::from_minor)
    }

    pub fn checked_sub(self, rhs: Money) -> Option<Money> {
        self.minor().checked_sub(rhs.minor()).map(Money::from_minor)
    }

    pub fn checked_neg(self) -> Option<Money> {
        self.minor().checked_neg().map(Money::from_minor)
    }

    /// The amount without thousands separators, for files and the database: `1234.50`.
    pub fn plain(self) -> String {
        format_fixed(self.minor(), 2, 2, false)
    }

    /// Parses a non-negative amount typed by a user: `1234.5`, `1,234.50`, `¥12`,
    /// `１２３．５`. Negative amounts are refused.
    pub fn parse(input: &str) -> Result<Money, NumberError> {
        Money::parse_with(
            input,
            &Rules {
                negative: false,
                ..Money::RULES_SIGNED
            },
        )
    }

    /// Parses an amount that may be negative (an adjustment, a credit): `-12.50`, `¥-3`.
    pub fn parse_signed(input: &str) -> Result<Money, NumberError> {
        Money::parse_with(input, &Money::RULES_SIGNED)
    }

    fn parse_with(input: &str, rules: &Rules) -> Result<Money, NumberError> {
        let m = parse_fixed(input, rules)?;
        to_i64(m, input, rules.max_text).map(Money::from_minor)
    }
}

impl Default for Money {
    fn default() -> Money {
        Money::ZERO
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.plain())
    }
}

/// `1,234.50`, `-0.05`; honours width and alignment (`{:>12}`).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format_fixed(self.minor(), 2, 2, true))
    }
}

arithmetic!(Money, "money overflow beyond i64 分");

// ---------------------------------------------------------------------------------------
// Unit price
// ---------------------------------------------------------------------------------------

/// A unit price or unit cost (单价), in yuan with four decimals; stored as integer
/// ten-thousandths of a yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitPrice(Decimal);

impl UnitPrice {
    pub const ZERO: UnitPrice = UnitPrice::from_db(0);
    /// The largest price a user may type: 1,000,000,000,000 yuan.
    pub const MAX_INPUT: UnitPrice = UnitPrice::from_db(10_000_000_000_000_000);

    const RULES: Rules = Rules {
        scale: 4,
        max: 10_000_000_000_000_000,
        max_text: "1,000,000,000,000",
        negative: false,
        currency: true,
        percent: false,
    };

    /// From integer ten-thousandths of a yuan, as stored in the database.
    pub const fn from_db(ten_thousandths: i64) -> UnitPrice {
        UnitPrice(fixed(ten_thousandths, 4))
    }

    /// Integer ten-thousandths of a yuan, as stored in the database.
    pub fn to_db(self) -> i64 {
        mantissa_i64(self.0)
    }

    /// The price of one unit given as an amount of money (exact: 分 are a multiple of 1/10000).
    pub fn from_money(m: Money) -> Option<UnitPrice> {
        m.minor().checked_mul(100).map(UnitPrice::from_db)
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.to_db() == 0
    }

    pub fn is_negative(self) -> bool {
        self.to_db() < 0
    }

    /// Parses a price typed by a user (`12.5`, `¥0.1234`, `１２．５`); never negative,
    /// at most four decimals.
    pub fn parse(input: &str) -> Result<UnitPrice, NumberError> {
        let m = parse_fixed(input, &UnitPrice::RULES)?;
        to_i64(m, input, UnitPrice::RULES.max_text).map(UnitPrice::from_db)
    }
}

impl Default for UnitPrice {
    fn default() -> UnitPrice {
        UnitPrice::ZERO
    }
}

/// At least two decimals, more only when they matter: `12.50`, `0.1234`, `3.125`.
impl fmt::Display for UnitPrice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format_fixed(self.to_db(), 4, 2, false))
    }
}

// ---------------------------------------------------------------------------------------
// Quantity
// ---------------------------------------------------------------------------------------

/// A quantity (数量) with up to three decimals (kilograms, metres); stored as integer
/// thousandths. Arithmetic may make it negative (a shortage); parsing never does.
///
/// The operators panic on `i64` overflow like integer arithmetic; use the `checked_`
/// methods where the operands are not bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Qty(Decimal);

impl Qty {
    pub const ZERO: Qty = Qty::from_db(0);
    /// The largest quantity a user may type: 1,000,000,000.
    pub const MAX_INPUT: Qty = Qty::from_db(1_000_000_000_000);

    const RULES: Rules = Rules {
        scale: 3,
        max: 1_000_000_000_000,
        max_text: "1,000,000,000",
        negative: false,
        currency: false,
        percent: false,
    };

    /// From integer thousandths, as stored in the database.
    pub const fn from_db(thousandths: i64) -> Qty {
        Qty(fixed(thousandths, 3))
    }

    /// Integer thousandths, as stored in the database.
    pub fn to_db(self) -> i64 {
        mantissa_i64(self.0)
    }

    /// A whole number of units. Takes `i32` so that the result always fits.
    pub const fn from_int(units: i32) -> Qty {
        Qty::from_db(units as i64 * 1000)
    }

    /// A whole number of units; `None` when it does not fit.
    pub fn checked_from_int(units: i64) -> Option<Qty> {
        units.checked_mul(1000).map(Qty::from_db)
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.to_db() == 0
    }

    pub fn is_negative(self) -> bool {
        self.to_db() < 0
    }

    pub fn is_positive(self) -> bool {
        self.to_db() > 0
    }

    pub fn checked_add(self, rhs: Qty) -> Option<Qty> {
        self.to_db().checked_add(rhs.to_db()).map(Qty::from_db)
    }

    pub fn checked_sub(self, rhs: Qty) -> Option<Qty> {
        self.to_db().checked_sub(rhs.to_db()).map(Qty::from_db)
    }

    pub fn checked_neg(self) -> Option<Qty> {
        self.to_db().checked_neg().map(Qty::from_db)
    }

    /// Parses a quantity typed by a user, zero allowed: `5`, `2.5`, `１,０００`.
    pub fn parse(input: &str) -> Result<Qty, NumberError> {
        let m = parse_fixed(input, &Qty::RULES)?;
        to_i64(m, input, Qty::RULES.max_text).map(Qty::from_db)
    }

    /// Parses a quantity that must be greater than zero (an order line, a receipt).
    pub fn parse_positive(input: &str) -> Result<Qty, NumberError> {
        let rules = Rules {
            negative: true,
            ..Qty::RULES
        };
        let m = parse_fixed(input, &rules)?;
        if m <= 0 {
            return Err(NumberError::NotPositive {
                input: input.trim().to_string(),
            });
        }
        to_i64(m, input, rules.max_text).map(Qty::from_db)
    }
}

impl Default for Qty {
    fn default() -> Qty {
        Qty::ZERO
    }
}

/// Without trailing zeros: `5`, `2.5`, `0.125`.
impl fmt::Display for Qty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format_fixed(self.to_db(), 3, 0, false))
    }
}

arithmetic!(Qty, "quantity overflow beyond i64 thousandths");

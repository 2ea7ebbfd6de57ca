//! Money, unit prices, quantities and percentages (金额、单价、数量、税率、折扣), the one
//! parser every number typed by a user goes through, and the line arithmetic.
//!
//! Each type wraps a [`Decimal`] at a fixed scale and is stored in SQL as an integer
//! (分, ten-thousandths, thousandths, basis points) so that `SUM` is exact. All arithmetic
//! that rounds is done on those integers in `i128`, rounding half away from zero
//! (四舍五入) once per line; totals are sums of rounded lines. No floating point.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;
use thiserror::Error;

use crate::i18n::{Lang, Localized};

/// 100 % in basis points.
const BP_FULL: i64 = 10_000;

/// A decimal with the given integer mantissa and scale, usable in `const` items.
const fn fixed(mantissa: i64, scale: u32) -> Decimal {
    let m = mantissa.unsigned_abs();
    Decimal::from_parts(m as u32, (m >> 32) as u32, 0, mantissa < 0, scale)
}

/// The integer mantissa of a value built by [`fixed`]; it always fits in `i64` because
/// every constructor in this module starts from an `i64`.
fn mantissa_i64(d: Decimal) -> i64 {
    d.mantissa() as i64
}

/// `num / den` rounded half away from zero (四舍五入); `den` must be positive.
fn div_round_half_away(num: i128, den: i128) -> i128 {
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den);
    round_up_from_floor(q, r, den)
}

/// Given `floor + r/den` (with `0 <= r < den`), the value rounded half away from zero.
fn round_up_from_floor(floor: i128, r: i128, den: i128) -> i128 {
    let rest = den - r;
    if r > rest || (r == rest && floor >= 0) {
        floor + 1
    } else {
        floor
    }
}

/// Formats `mantissa / 10^scale` with at least `min_frac` decimals (trailing zeros beyond
/// that are dropped), optionally with `,` thousands separators.
fn format_fixed(mantissa: i64, scale: u32, min_frac: usize, grouped: bool) -> String {
    let abs = mantissa.unsigned_abs();
    let unit = 10u64.pow(scale);
    let int = (abs / unit).to_string();
    let mut frac = format!("{:0width$}", abs % unit, width = scale as usize);
    while frac.len() > min_frac && frac.ends_with('0') {
        frac.pop();
    }
    let mut out = String::with_capacity(int.len() + frac.len() + 8);
    if mantissa < 0 {
        out.push('-');
    }
    if grouped {
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
    } else {
        out.push_str(&int);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// Why a number typed by a user was refused. Nothing is changed when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("please enter a number")]
    Empty,
    #[error("\"{input}\" is not a number")]
    NotANumber { input: String },
    #[error("\"{input}\" has too many decimal places (at most {max})")]
    TooManyDecimals { input: String, max: u32 },
    #[error("\"{input}\" cannot be negative")]
    Negative { input: String },
    #[error("\"{input}\" must be greater than zero")]
    NotPositive { input: String },
    #[error("\"{input}\" is too large (at most {max})")]
    TooLarge { input: String, max: String },
    #[error("\"{input}\" has misplaced thousands separators")]
    BadGrouping { input: String },
}

impl Localized for NumberError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            NumberError::Empty => crate::bi!(lang, "请输入数字。", "Please enter a number."),
            NumberError::NotANumber { input } => crate::bi!(
                lang,
                "“{}”不是有效的数字：请只输入数字和一个小数点，例如 1234.50。",
                "\"{}\" is not a number: type digits and at most one decimal point, for example 1234.50.",
                input
            ),
            NumberError::TooManyDecimals { input, max } => crate::bi!(
                lang,
                "“{}”的小数位太多：最多 {} 位小数，请删去多余的位数。",
                "\"{}\" has too many decimal places: at most {} are allowed; remove the extra digits.",
                input,
                max
            ),
            NumberError::Negative { input } => crate::bi!(
                lang,
                "“{}”不能为负数，请输入零或正数。",
                "\"{}\" cannot be negative; enter zero or a positive number.",
                input
            ),
            NumberError::NotPositive { input } => crate::bi!(
                lang,
                "“{}”必须大于零，请输入正数。",
                "\"{}\" must be greater than zero; enter a positive number.",
                input
            ),
            NumberError::TooLarge { input, max } => crate::bi!(
                lang,
                "“{}”超出范围：最大为 {}，请检查是否多输了位数。",
                "\"{}\" is too large: the maximum is {}; check for extra digits.",
                input,
                max
            ),
            NumberError::BadGrouping { input } => crate::bi!(
                lang,
                "“{}”的千位分隔符位置不对：逗号只能每三位一个（例如 1,234.50），也可以不写逗号。",
                "\"{}\" has misplaced thousands separators: a comma goes between groups of three digits (1,234.50), or leave commas out.",
                input
            ),
        }
    }
}

/// What one kind of number field accepts.
struct Rules {
    /// Decimal places kept.
    scale: u32,
    /// Largest magnitude, as a mantissa at `scale`.
    max: i128,
    /// The largest magnitude as shown in the error message.
    max_text: &'static str,
    negative: bool,
    currency: bool,
    percent: bool,
}

/// Maps full-width and IME variants of digits and punctuation to ASCII, so that text
/// typed with a Chinese input method (`１２３．５`, `１，２３４`, `－５`, `12。5`) reads the
/// same as half-width text.
fn half_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (u32::from(c) - 0xFF10) as u8),
        '．' | '。' => '.',
        '，' => ',',
        '－' | '−' | '﹣' => '-',
        '％' => '%',
        '￥' => '¥',
        '\u{3000}' => ' ',
        other => other,
    }
}

/// The shared normaliser: returns the signed mantissa at `rules.scale`.
fn parse_fixed(input: &str, rules: &Rules) -> Result<i128, NumberError> {
    let shown = || input.trim().to_string();
    let normal: String = input.chars().map(half_width).collect();
    let mut s = normal.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    // A sign and a currency symbol may come in either order: "-¥12" and "¥-12".
    let mut negative = false;
    let mut currency = false;
    loop {
        if let Some(rest) = s.strip_prefix('-').filter(|_| !negative) {
            negative = true;
            s = rest.trim_start();
        } else if let Some(rest) = s.strip_prefix('¥').filter(|_| rules.currency && !currency) {
            currency = true;
            s = rest.trim_start();
        } else {
            break;
        }
    }
    if rules.percent {
        if let Some(rest) = s.strip_suffix('%') {
            s = rest.trim_end();
        }
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(NumberError::NotANumber { input: shown() });
    }
    let mut parts = s.split('.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next().unwrap_or("");
    if parts.next().is_some() {
        return Err(NumberError::NotANumber { input: shown() });
    }
    if frac_part.contains(',') {
        return Err(NumberError::BadGrouping { input: shown() });
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(NumberError::BadGrouping { input: shown() });
        }
    }
    let int_digits: String = int_part.chars().filter(|c| *c != ',').collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(NumberError::NotANumber { input: shown() });
    }
    // Trailing zeros carry no precision: "1.500" is a valid amount.
    let frac_digits = frac_part.trim_end_matches('0');
    if frac_digits.len() > rules.scale as usize {
        return Err(NumberError::TooManyDecimals {
            input: shown(),
            max: rules.scale,
        });
    }
    if negative && !rules.negative {
        return Err(NumberError::Negative { input: shown() });
    }
    let too_large = || NumberError::TooLarge {
        input: shown(),
        max: rules.max_text.to_string(),
    };
    let int_digits = int_digits.trim_start_matches('0');
    // 20 digits times 10^scale still fits in i128; anything longer is out of range anyway.
    if int_digits.len() > 20 {
        return Err(too_large());
    }
    let mut mantissa: i128 = 0;
    let padded = frac_digits
        .chars()
        .chain(std::iter::repeat('0'))
        .take(rules.scale as usize);
    for c in int_digits.chars().chain(padded) {
        mantissa = mantissa * 10 + i128::from(c as u8 - b'0');
    }
    if mantissa > rules.max {
        return Err(too_large());
    }
    Ok(if negative { -mantissa } else { mantissa })
}

/// Converts a mantissa checked against a bound within `i64` by [`parse_fixed`].
fn to_i64(mantissa: i128, input: &str, max_text: &str) -> Result<i64, NumberError> {
    i64::try_from(mantissa).map_err(|_| NumberError::TooLarge {
        input: input.trim().to_string(),
        max: max_text.to_string(),
    })
}

// ---------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------

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

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        self.checked_add(rhs).expect("money overflow beyond i64 分")
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        self.checked_sub(rhs).expect("money overflow beyond i64 分")
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        self.checked_neg().expect("money overflow beyond i64 分")
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

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

impl Add for Qty {
    type Output = Qty;
    fn add(self, rhs: Qty) -> Qty {
        self.checked_add(rhs)
            .expect("quantity overflow beyond i64 thousandths")
    }
}

impl Sub for Qty {
    type Output = Qty;
    fn sub(self, rhs: Qty) -> Qty {
        self.checked_sub(rhs)
            .expect("quantity overflow beyond i64 thousandths")
    }
}

impl Neg for Qty {
    type Output = Qty;
    fn neg(self) -> Qty {
        self.checked_neg()
            .expect("quantity overflow beyond i64 thousandths")
    }
}

impl AddAssign for Qty {
    fn add_assign(&mut self, rhs: Qty) {
        *self = *self + rhs;
    }
}

impl SubAssign for Qty {
    fn sub_assign(&mut self, rhs: Qty) {
        *self = *self - rhs;
    }
}

impl Sum for Qty {
    fn sum<I: Iterator<Item = Qty>>(iter: I) -> Qty {
        iter.fold(Qty::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Qty> for Qty {
    fn sum<I: Iterator<Item = &'a Qty>>(iter: I) -> Qty {
        iter.copied().sum()
    }
}

// ---------------------------------------------------------------------------------------
// Percentages: tax rate and discount
// ---------------------------------------------------------------------------------------

const PERCENT_RULES: Rules = Rules {
    scale: 2,
    max: BP_FULL as i128,
    max_text: "100%",
    negative: false,
    currency: false,
    percent: true,
};

/// Checks a stored percentage in basis points (0..=10000).
fn percent_from_bp(bp: i64) -> Result<i64, NumberError> {
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

fn parse_percent(input: &str) -> Result<i64, NumberError> {
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

// ---------------------------------------------------------------------------------------
// Line arithmetic
// ---------------------------------------------------------------------------------------

/// Whether unit prices include VAT (含税价, the default) or exclude it (不含税价).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PriceMode {
    #[default]
    TaxInclusive,
    TaxExclusive,
}

impl PriceMode {
    pub const ALL: [PriceMode; 2] = [PriceMode::TaxInclusive, PriceMode::TaxExclusive];

    /// The setting value: `inclusive` or `exclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceMode::TaxInclusive => "inclusive",
            PriceMode::TaxExclusive => "exclusive",
        }
    }

    pub fn parse(s: &str) -> Option<PriceMode> {
        PriceMode::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            PriceMode::TaxInclusive => lang.pick("含税价", "Prices include tax"),
            PriceMode::TaxExclusive => lang.pick("不含税价", "Prices exclude tax"),
        }
        .to_string()
    }
}

/// The rounded amounts of one line or of a whole document: net (不含税金额), tax (税额)
/// and gross (价税合计), with `gross == net + tax` always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LineAmounts {
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
}

impl LineAmounts {
    pub const ZERO: LineAmounts = LineAmounts {
        net: Money::ZERO,
        tax: Money::ZERO,
        gross: Money::ZERO,
    };

    pub fn checked_add(self, rhs: LineAmounts) -> Option<LineAmounts> {
        Some(LineAmounts {
            net: self.net.checked_add(rhs.net)?,
            tax: self.tax.checked_add(rhs.tax)?,
            gross: self.gross.checked_add(rhs.gross)?,
        })
    }
}

/// Why a line or a total could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("the line amount exceeds 1,000,000,000,000.00")]
    LineTooLarge,
    #[error("the total is too large to compute")]
    TotalTooLarge,
}

impl Localized for AmountError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            AmountError::LineTooLarge => crate::bi!(
                lang,
                "本行金额超过上限 1,000,000,000,000.00，请检查数量和单价。",
                "The line amount exceeds 1,000,000,000,000.00; check the quantity and the price."
            ),
            AmountError::TotalTooLarge => crate::bi!(
                lang,
                "合计金额过大，无法计算，请拆分单据。",
                "The total is too large to compute; split the document."
            ),
        }
    }
}

/// The amounts of one line. The extended amount `qty × price × (1 − discount)` is rounded
/// to 分 once (四舍五入); with tax-inclusive prices it is the gross and
/// `net = round(gross / (1 + rate))`, `tax = gross − net`; with tax-exclusive prices it
/// is the net, `tax = round(net × rate)`, `gross = net + tax`.
///
/// A negative quantity (a return) gives the exact negation of the positive line.
pub fn line_amounts(
    qty: Qty,
    price: UnitPrice,
    discount: Discount,
    rate: TaxRate,
    mode: PriceMode,
) -> Result<LineAmounts, AmountError> {
    let keep = i128::from(BP_FULL - discount.to_bp());
    // thousandths × ten-thousandths × basis points = 10^-11 yuan = 10^-9 分.
    let product = i128::from(qty.to_db())
        .checked_mul(i128::from(price.to_db()))
        .and_then(|p| p.checked_mul(keep))
        .ok_or(AmountError::LineTooLarge)?;
    let extended = div_round_half_away(product, 1_000_000_000);
    if extended.abs() > i128::from(Money::MAX_INPUT.minor()) {
        return Err(AmountError::LineTooLarge);
    }
    let rate = i128::from(rate.to_bp());
    let full = i128::from(BP_FULL);
    // |extended| <= 10^14 and rate <= 10^4: nothing below can overflow i64.
    let (net, tax) = match mode {
        PriceMode::TaxInclusive => {
            let net = div_round_half_away(extended * full, full + rate);
            (net, extended - net)
        }
        PriceMode::TaxExclusive => (extended, div_round_half_away(extended * rate, full)),
    };
    let money = |v: i128| {
        i64::try_from(v)
            .map(Money::from_minor)
            .map_err(|_| AmountError::LineTooLarge)
    };
    Ok(LineAmounts {
        net: money(net)?,
        tax: money(tax)?,
        gross: money(net + tax)?,
    })
}

/// Document totals: the sums of the rounded lines (never recomputed from a total).
pub fn order_totals(
    lines: impl IntoIterator<Item = LineAmounts>,
) -> Result<LineAmounts, AmountError> {
    lines
        .into_iter()
        .try_fold(LineAmounts::ZERO, LineAmounts::checked_add)
        .ok_or(AmountError::TotalTooLarge)
}

/// Moving weighted average cost (移动加权平均) after a receipt of `in_qty` at `in_cost`
/// onto `old_qty` at `old_cost`, rounded half away from zero to four decimals.
///
/// With no stock on hand (`old_qty <= 0`) the receipt's cost is taken; a receipt of
/// nothing (`in_qty <= 0`) leaves the cost unchanged.
pub fn moving_average_cost(
    old_qty: Qty,
    old_cost: UnitPrice,
    in_qty: Qty,
    in_cost: UnitPrice,
) -> UnitPrice {
    if !old_qty.is_positive() {
        return in_cost;
    }
    if !in_qty.is_positive() {
        return old_cost;
    }
    // avg = old_cost + in_qty × (in_cost − old_cost) / (old_qty + in_qty). Every step fits
    // in i128 for any i64 inputs, and the result lies between the two costs.
    let old_c = i128::from(old_cost.to_db());
    let num = i128::from(in_qty.to_db()) * (i128::from(in_cost.to_db()) - old_c);
    let den = i128::from(old_qty.to_db()) + i128::from(in_qty.to_db());
    let base = old_c + num.div_euclid(den);
    let avg = round_up_from_floor(base, num.rem_euclid(den), den);
    i64::try_from(avg).map_or(in_cost, UnitPrice::from_db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;
    use std::str::FromStr;

    fn m(s: &str) -> Money {
        Money::parse_signed(s).unwrap()
    }
    fn q(s: &str) -> Qty {
        Qty::parse(s).unwrap()
    }
    fn p(s: &str) -> UnitPrice {
        UnitPrice::parse(s).unwrap()
    }
    fn rate(s: &str) -> TaxRate {
        TaxRate::parse(s).unwrap()
    }
    fn disc(s: &str) -> Discount {
        Discount::parse(s).unwrap()
    }

    #[test]
    fn money_displays_with_separators_and_two_decimals() {
        assert_eq!(Money::from_minor(123_450).to_string(), "1,234.50");
        assert_eq!(Money::from_minor(-123_450).to_string(), "-1,234.50");
        assert_eq!(Money::from_minor(5).to_string(), "0.05");
        assert_eq!(Money::from_minor(-5).to_string(), "-0.05");
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::from_minor(100_000_000).to_string(), "1,000,000.00");
        assert_eq!(Money::from_minor(12_345_678).plain(), "123456.78");
        assert_eq!(Money::from_minor(-12_345_678).plain(), "-123456.78");
        assert_eq!(format!("{:>10}", Money::from_minor(100)), "      1.00");
        assert_eq!(Money::MAX_INPUT.to_string(), "1,000,000,000,000.00");
        assert_eq!(Money::from_minor(i64::MIN).minor(), i64::MIN);
        assert_eq!(
            Money::from_minor(123_450).as_decimal(),
            Decimal::new(123_450, 2)
        );
    }

    #[test]
    fn money_parses_what_people_type() {
        assert_eq!(m("1234.5"), Money::from_minor(123_450));
        assert_eq!(m("  1,234.50 "), Money::from_minor(123_450));
        assert_eq!(m("¥12"), Money::from_minor(1200));
        assert_eq!(m("￥ 12.3"), Money::from_minor(1230));
        assert_eq!(m("１，２３４．５０"), Money::from_minor(123_450));
        assert_eq!(m("\u{3000}１２\u{3000}"), Money::from_minor(1200));
        assert_eq!(m("12。5"), Money::from_minor(1250));
        assert_eq!(m(".5"), Money::from_minor(50));
        assert_eq!(m("5."), Money::from_minor(500));
        assert_eq!(m("1.500"), Money::from_minor(150));
        assert_eq!(m("007"), Money::from_minor(700));
        assert_eq!(m("-12.5"), Money::from_minor(-1250));
        assert_eq!(m("－１２"), Money::from_minor(-1200));
        assert_eq!(m("-¥3"), Money::from_minor(-300));
        assert_eq!(m("¥-3"), Money::from_minor(-300));
        assert_eq!(m("1,000,000,000,000"), Money::MAX_INPUT);
        assert_eq!(
            Money::parse("-0").unwrap_err(),
            NumberError::Negative { input: "-0".into() }
        );
    }

    #[test]
    fn money_rejects_bad_input_with_the_right_error() {
        use NumberError::*;
        let err = |s: &str| Money::parse(s).unwrap_err();
        assert_eq!(err(""), Empty);
        assert_eq!(err("   "), Empty);
        assert_eq!(err("\u{3000}"), Empty);
        assert_eq!(
            err("abc"),
            NotANumber {
                input: "abc".into()
            }
        );
        assert_eq!(
            err("12a"),
            NotANumber {
                input: "12a".into()
            }
        );
        assert_eq!(
            err("1.2.3"),
            NotANumber {
                input: "1.2.3".into()
            }
        );
        assert_eq!(err("."), NotANumber { input: ".".into() });
        assert_eq!(err("-"), NotANumber { input: "-".into() });
        assert_eq!(err("¥"), NotANumber { input: "¥".into() });
        assert_eq!(
            err("--5"),
            NotANumber {
                input: "--5".into()
            }
        );
        assert_eq!(
            err("1 000"),
            NotANumber {
                input: "1 000".into()
            }
        );
        assert_eq!(err("+5"), NotANumber { input: "+5".into() });
        assert_eq!(err("5%"), NotANumber { input: "5%".into() });
        assert_eq!(
            err("1e5"),
            NotANumber {
                input: "1e5".into()
            }
        );
        assert_eq!(
            err("1.234"),
            TooManyDecimals {
                input: "1.234".into(),
                max: 2
            }
        );
        assert_eq!(err("-5"), Negative { input: "-5".into() });
        assert_eq!(
            err("1,23"),
            BadGrouping {
                input: "1,23".into()
            }
        );
        assert_eq!(
            err("1234,567"),
            BadGrouping {
                input: "1234,567".into()
            }
        );
        assert_eq!(
            err(",123"),
            BadGrouping {
                input: ",123".into()
            }
        );
        assert_eq!(
            err("1,,234"),
            BadGrouping {
                input: "1,,234".into()
            }
        );
        assert_eq!(
            err("1,234,5"),
            BadGrouping {
                input: "1,234,5".into()
            }
        );
        assert_eq!(
            err("1.234,5"),
            BadGrouping {
                input: "1.234,5".into()
            }
        );
        assert!(matches!(err("1,000,000,000,000.01"), TooLarge { .. }));
        assert!(matches!(
            err("99999999999999999999999999999999"),
            TooLarge { .. }
        ));
        assert_eq!(
            err("2000000000000"),
            TooLarge {
                input: "2000000000000".into(),
                max: "1,000,000,000,000.00".into()
            }
        );
        assert!(matches!(
            Money::parse_signed("-1000000000000.01"),
            Err(TooLarge { .. })
        ));
    }

    #[test]
    fn number_errors_speak_both_languages() {
        let e = NumberError::TooManyDecimals {
            input: "1.234".into(),
            max: 2,
        };
        assert!(e.localized(Lang::Zh).contains("最多 2 位小数"));
        assert!(e.localized(Lang::En).contains("at most 2"));
        assert_eq!(
            e.to_string(),
            "\"1.234\" has too many decimal places (at most 2)"
        );
        for e in [
            NumberError::Empty,
            NumberError::NotANumber { input: "x".into() },
            NumberError::Negative { input: "x".into() },
            NumberError::NotPositive { input: "x".into() },
            NumberError::TooLarge {
                input: "x".into(),
                max: "9".into(),
            },
            NumberError::BadGrouping { input: "x".into() },
        ] {
            assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En));
            assert!(!e.localized(Lang::Zh).is_ascii(), "{e:?}");
        }
    }

    #[test]
    fn money_arithmetic() {
        let a = Money::from_minor(1050);
        let b = Money::from_minor(-250);
        assert_eq!(a + b, Money::from_minor(800));
        assert_eq!(a - b, Money::from_minor(1300));
        assert_eq!(-a, Money::from_minor(-1050));
        let mut c = a;
        c += a;
        c -= b;
        assert_eq!(c, Money::from_minor(2350));
        assert_eq!([a, b, a].iter().sum::<Money>(), Money::from_minor(1850));
        assert_eq!(Vec::<Money>::new().into_iter().sum::<Money>(), Money::ZERO);
        assert!(b.is_negative() && !a.is_negative() && Money::ZERO.is_zero());
        assert_eq!(b.abs(), Money::from_minor(250));
        assert_eq!(
            Money::from_minor(i64::MAX).checked_add(Money::from_minor(1)),
            None
        );
        assert_eq!(Money::from_minor(i64::MIN).checked_neg(), None);
        assert!(b < Money::ZERO && Money::ZERO < a);
        assert_eq!(Money::default(), Money::ZERO);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let r = |s: &str| Money::from_decimal_rounded(Decimal::from_str(s).unwrap()).unwrap();
        assert_eq!(r("0.005"), Money::from_minor(1));
        assert_eq!(r("-0.005"), Money::from_minor(-1));
        assert_eq!(r("2.675"), Money::from_minor(268));
        assert_eq!(r("-2.675"), Money::from_minor(-268));
        assert_eq!(r("2.674999"), Money::from_minor(267));
        assert_eq!(r("7"), Money::from_minor(700));
        assert_eq!(div_round_half_away(5, 1000), 0);
        assert_eq!(div_round_half_away(5, 10), 1);
        assert_eq!(div_round_half_away(-5, 10), -1);
        assert_eq!(div_round_half_away(15, 10), 2);
        assert_eq!(div_round_half_away(-15, 10), -2);
        assert_eq!(div_round_half_away(-14, 10), -1);
        assert_eq!(div_round_half_away(-16, 10), -2);
        assert_eq!(div_round_half_away(2675, 10), 268);
        // A line of 0.5 × 0.01 = 0.005 yuan rounds to one 分 each way.
        let line = |qty: &str| {
            line_amounts(
                q(qty),
                p("0.01"),
                Discount::NONE,
                TaxRate::ZERO,
                PriceMode::TaxExclusive,
            )
            .unwrap()
        };
        assert_eq!(line("0.5").gross, Money::from_minor(1));
        assert_eq!(line("0.4").gross, Money::from_minor(0));
        assert_eq!(
            line_amounts(
                Qty::from_db(-500),
                p("0.01"),
                Discount::NONE,
                TaxRate::ZERO,
                PriceMode::TaxExclusive
            )
            .unwrap()
            .gross,
            Money::from_minor(-1)
        );
    }

    #[test]
    fn unit_price_display_and_parse() {
        assert_eq!(p("12.5").to_string(), "12.50");
        assert_eq!(p("0.1234").to_string(), "0.1234");
        assert_eq!(p("3.125").to_string(), "3.125");
        assert_eq!(p("7").to_string(), "7.00");
        assert_eq!(p("¥1,234.5").to_db(), 12_345_000);
        assert_eq!(UnitPrice::from_db(-12_345).to_string(), "-1.2345");
        assert_eq!(UnitPrice::from_db(1_234_500).to_db(), 1_234_500);
        assert_eq!(
            UnitPrice::parse("0.12345").unwrap_err(),
            NumberError::TooManyDecimals {
                input: "0.12345".into(),
                max: 4
            }
        );
        assert_eq!(
            UnitPrice::parse("-1").unwrap_err(),
            NumberError::Negative { input: "-1".into() }
        );
        assert!(matches!(
            UnitPrice::parse("1000000000000.0001"),
            Err(NumberError::TooLarge { .. })
        ));
        assert_eq!(
            UnitPrice::parse("1000000000000").unwrap(),
            UnitPrice::MAX_INPUT
        );
        assert_eq!(
            UnitPrice::from_money(Money::from_minor(1250)),
            Some(p("12.5"))
        );
    }

    #[test]
    fn qty_display_parse_and_arithmetic() {
        assert_eq!(q("5").to_string(), "5");
        assert_eq!(q("2.50").to_string(), "2.5");
        assert_eq!(q("0.125").to_string(), "0.125");
        assert_eq!(Qty::from_db(-2500).to_string(), "-2.5");
        assert_eq!(q("１,０００").to_db(), 1_000_000);
        assert_eq!(Qty::from_int(7), q("7"));
        assert_eq!(Qty::from_int(i32::MIN).to_db(), i64::from(i32::MIN) * 1000);
        assert_eq!(Qty::checked_from_int(i64::MAX), None);
        assert_eq!(Qty::checked_from_int(3), Some(Qty::from_int(3)));
        assert_eq!(q("0"), Qty::ZERO);
        assert_eq!(
            Qty::parse("1.2345").unwrap_err(),
            NumberError::TooManyDecimals {
                input: "1.2345".into(),
                max: 3
            }
        );
        assert_eq!(
            Qty::parse("-1").unwrap_err(),
            NumberError::Negative { input: "-1".into() }
        );
        assert!(matches!(
            Qty::parse("1000000000.001"),
            Err(NumberError::TooLarge { .. })
        ));
        assert_eq!(Qty::parse("1000000000").unwrap(), Qty::MAX_INPUT);
        assert!(matches!(
            Qty::parse("¥5"),
            Err(NumberError::NotANumber { .. })
        ));
        assert_eq!(Qty::parse_positive(" 2.5 ").unwrap(), q("2.5"));
        for bad in ["0", "0.000", "-1", "-0", "－３"] {
            assert_eq!(
                Qty::parse_positive(bad).unwrap_err(),
                NumberError::NotPositive {
                    input: bad.trim().into()
                },
                "{bad}"
            );
        }
        assert_eq!(Qty::parse_positive("").unwrap_err(), NumberError::Empty);
        let (a, b) = (q("2.5"), q("4"));
        assert_eq!(a - b, Qty::from_db(-1500));
        assert!((a - b).is_negative());
        assert_eq!(a + b, q("6.5"));
        assert_eq!(-a, Qty::from_db(-2500));
        let mut c = a;
        c += b;
        c -= a;
        assert_eq!(c, b);
        assert_eq!([a, b].iter().sum::<Qty>(), q("6.5"));
        assert_eq!(Qty::from_db(i64::MAX).checked_add(Qty::from_db(1)), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(rate("13").to_bp(), 1300);
        assert_eq!(rate("13%").to_bp(), 1300);
        assert_eq!(rate(" 13 ％").to_bp(), 1300);
        assert_eq!(rate("0.13").to_bp(), 13);
        assert_eq!(rate("6.5").to_string(), "6.5%");
        assert_eq!(rate("13").to_string(), "13%");
        assert_eq!(TaxRate::ZERO.to_string(), "0%");
        assert_eq!(rate("100"), TaxRate::from_bp(10_000).unwrap());
        assert!(matches!(
            TaxRate::parse("100.01"),
            Err(NumberError::TooLarge { .. })
        ));
        assert!(matches!(
            TaxRate::parse("-1"),
            Err(NumberError::Negative { .. })
        ));
        assert!(matches!(
            TaxRate::parse("1.234"),
            Err(NumberError::TooManyDecimals { max: 2, .. })
        ));
        assert!(matches!(
            TaxRate::parse("13%%"),
            Err(NumberError::NotANumber { .. })
        ));
        assert_eq!(
            TaxRate::from_bp(10_001),
            Err(NumberError::TooLarge {
                input: "100.01%".into(),
                max: "100%".into()
            })
        );
        assert_eq!(
            TaxRate::from_bp(-5),
            Err(NumberError::Negative {
                input: "-0.05%".into()
            })
        );
        assert_eq!(rate("13").as_percent(), Decimal::new(1300, 2));
        assert_eq!(disc("10").to_bp(), 1000);
        assert_eq!(disc("２．５％").to_string(), "2.5%");
        assert!(Discount::default().is_zero());
        assert!(matches!(
            Discount::parse("101"),
            Err(NumberError::TooLarge { .. })
        ));
        assert!(Discount::from_bp(-1).is_err());
    }

    #[test]
    fn price_mode_codes_and_labels() {
        assert_eq!(PriceMode::default(), PriceMode::TaxInclusive);
        for mode in PriceMode::ALL {
            assert_eq!(PriceMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(PriceMode::parse("gross"), None);
        assert_eq!(PriceMode::TaxInclusive.label(Lang::Zh), "含税价");
        assert_eq!(
            PriceMode::TaxExclusive.label(Lang::En),
            "Prices exclude tax"
        );
    }

    #[test]
    fn tax_inclusive_line() {
        // 3 × 113.00 at 13 %: gross 339.00, net 300.00, tax 39.00.
        let l = line_amounts(
            q("3"),
            p("113"),
            Discount::NONE,
            rate("13"),
            PriceMode::TaxInclusive,
        )
        .unwrap();
        assert_eq!((l.net, l.tax, l.gross), (m("300"), m("39"), m("339")));
        // 1 × 10.00 at 13 %: net = 10 / 1.13 = 8.849… → 8.85, tax 1.15.
        let l = line_amounts(
            q("1"),
            p("10"),
            Discount::NONE,
            rate("13"),
            PriceMode::TaxInclusive,
        )
        .unwrap();
        assert_eq!((l.net, l.tax, l.gross), (m("8.85"), m("1.15"), m("10")));
    }

    #[test]
    fn tax_exclusive_line_with_discount() {
        // 2.5 × 12.3456 = 30.864 → 10 % off = 27.7776 → 27.78; tax 9 % = 2.5002 → 2.50.
        let l = line_amounts(
            q("2.5"),
            p("12.3456"),
            disc("10"),
            rate("9"),
            PriceMode::TaxExclusive,
        )
        .unwrap();
        assert_eq!((l.net, l.tax, l.gross), (m("27.78"), m("2.50"), m("30.28")));
        // 100 % discount is free.
        let l = line_amounts(
            q("3"),
            p("5"),
            disc("100"),
            rate("13"),
            PriceMode::TaxExclusive,
        )
        .unwrap();
        assert_eq!(l, LineAmounts::ZERO);
        // Rounded once: 3 × 0.3333 = 0.9999 → 1.00, not 3 × 0.33.
        let l = line_amounts(
            q("3"),
            p("0.3333"),
            Discount::NONE,
            TaxRate::ZERO,
            PriceMode::TaxExclusive,
        )
        .unwrap();
        assert_eq!(l.gross, m("1.00"));
    }

    #[test]
    fn absurd_lines_are_refused_not_panicking() {
        let big = line_amounts(
            Qty::MAX_INPUT,
            UnitPrice::MAX_INPUT,
            Discount::NONE,
            rate("13"),
            PriceMode::TaxInclusive,
        );
        assert_eq!(big, Err(AmountError::LineTooLarge));
        let huge = line_amounts(
            Qty::from_db(i64::MAX),
            UnitPrice::from_db(i64::MIN),
            Discount::NONE,
            rate("13"),
            PriceMode::TaxExclusive,
        );
        assert_eq!(huge, Err(AmountError::LineTooLarge));
        let max_ok = line_amounts(
            Qty::from_int(1),
            UnitPrice::MAX_INPUT,
            Discount::NONE,
            rate("100"),
            PriceMode::TaxExclusive,
        )
        .unwrap();
        assert_eq!(max_ok.gross, Money::from_minor(200_000_000_000_000));
        let total = order_totals([max_ok; 2]).unwrap();
        assert_eq!(total.gross, Money::from_minor(400_000_000_000_000));
        let overflow = LineAmounts {
            net: Money::from_minor(i64::MAX),
            tax: Money::ZERO,
            gross: Money::from_minor(i64::MAX),
        };
        assert_eq!(
            order_totals([overflow, overflow]),
            Err(AmountError::TotalTooLarge)
        );
        assert!(AmountError::LineTooLarge
            .localized(Lang::Zh)
            .contains("单价"));
        assert!(AmountError::TotalTooLarge
            .localized(Lang::En)
            .contains("split"));
    }

    #[test]
    fn order_totals_sum_rounded_lines() {
        // Three lines of 1 × 10.00 at 13 % inclusive: each net 8.85, tax 1.15.
        // The total net is 26.55, not round(30 / 1.13) = 26.55… check tax too: 3.45.
        let line = line_amounts(
            q("1"),
            p("10"),
            Discount::NONE,
            rate("13"),
            PriceMode::TaxInclusive,
        )
        .unwrap();
        let t = order_totals([line, line, line]).unwrap();
        assert_eq!((t.net, t.tax, t.gross), (m("26.55"), m("3.45"), m("30")));
        // Lines of 0.333 × 1.00 round to 0.33 each; three make 0.99, not 1.00.
        let line = line_amounts(
            q("0.333"),
            p("1"),
            Discount::NONE,
            TaxRate::ZERO,
            PriceMode::TaxExclusive,
        )
        .unwrap();
        assert_eq!(order_totals([line; 3]).unwrap().gross, m("0.99"));
        assert_eq!(order_totals([]).unwrap(), LineAmounts::ZERO);
    }

    #[test]
    fn moving_average() {
        // 10 at 5.00 plus 30 at 7.00: (50 + 210) / 40 = 6.50.
        assert_eq!(
            moving_average_cost(q("10"), p("5"), q("30"), p("7")),
            p("6.5")
        );
        // 3 at 1.00 plus 0 stock: take the receipt.
        assert_eq!(
            moving_average_cost(Qty::ZERO, p("9"), q("3"), p("1")),
            p("1")
        );
        assert_eq!(
            moving_average_cost(Qty::from_db(-2000), p("9"), q("3"), p("1")),
            p("1")
        );
        // Nothing received: unchanged.
        assert_eq!(
            moving_average_cost(q("3"), p("2"), Qty::ZERO, p("9")),
            p("2")
        );
        // 2 at 1.0000 plus 1 at 2.0000: 4/3 = 1.33333… → 1.3333.
        assert_eq!(
            moving_average_cost(q("2"), p("1"), q("1"), p("2")),
            p("1.3333")
        );
        // 1 at 1.0000 plus 2 at 2.0000: 5/3 = 1.66666… → 1.6667.
        assert_eq!(
            moving_average_cost(q("1"), p("1"), q("2"), p("2")),
            p("1.6667")
        );
        // Exactly half a ten-thousandth rounds up: (0.0001 + 0.0002) / 2 = 0.00015 → 0.0002.
        assert_eq!(
            moving_average_cost(q("1"), p("0.0001"), q("1"), p("0.0002")),
            p("0.0002")
        );
        // … also when the average falls: (0.0002 + 0.0001) / 2 with old cost the higher.
        assert_eq!(
            moving_average_cost(q("1"), p("0.0002"), q("1"), p("0.0001")),
            p("0.0002")
        );
        // Extreme stored values do not overflow.
        let extreme = moving_average_cost(
            Qty::from_db(i64::MAX),
            UnitPrice::from_db(i64::MIN),
            Qty::from_db(i64::MAX),
            UnitPrice::from_db(i64::MAX),
        );
        // The average is −0.5 ten-thousandths, which rounds away from zero.
        assert_eq!(extreme, UnitPrice::from_db(-1));
    }

    // ----- properties -----

    /// A Decimal oracle for the line computation, independent of the integer code.
    fn oracle(qty: Qty, price: UnitPrice, d: Discount, r: TaxRate, mode: PriceMode) -> LineAmounts {
        let hundred = Decimal::from(100);
        let round = |x: Decimal| Money::from_decimal_rounded(x).unwrap();
        let ext = qty.as_decimal() * price.as_decimal() * (hundred - d.as_percent()) / hundred;
        let ext = round(ext);
        let factor = (hundred + r.as_percent()) / hundred;
        match mode {
            PriceMode::TaxInclusive => {
                let net = round(ext.as_decimal() / factor);
                LineAmounts {
                    net,
                    tax: ext - net,
                    gross: ext,
                }
            }
            PriceMode::TaxExclusive => {
                let tax = round(ext.as_decimal() * r.as_percent() / hundred);
                LineAmounts {
                    net: ext,
                    tax,
                    gross: ext + tax,
                }
            }
        }
    }

    fn to_full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap(),
                '.' => '．',
                ',' => '，',
                '-' => '－',
                '%' => '％',
                ' ' => '\u{3000}',
                other => other,
            })
            .collect()
    }

    fn any_mode() -> impl Strategy<Value = PriceMode> {
        prop_oneof![Just(PriceMode::TaxInclusive), Just(PriceMode::TaxExclusive)]
    }

    proptest! {
        #[test]
        fn money_display_round_trips(minor in -100_000_000_000_000i64..=100_000_000_000_000) {
            let x = Money::from_minor(minor);
            prop_assert_eq!(Money::parse_signed(&x.to_string()), Ok(x));
            prop_assert_eq!(Money::parse_signed(&x.plain()), Ok(x));
            prop_assert_eq!(x.minor(), minor);
            if minor >= 0 {
                prop_assert_eq!(Money::parse(&x.to_string()), Ok(x));
            }
        }

        #[test]
        fn minor_round_trips(minor in any::<i64>()) {
            prop_assert_eq!(Money::from_minor(minor).minor(), minor);
            prop_assert_eq!(Qty::from_db(minor).to_db(), minor);
            prop_assert_eq!(UnitPrice::from_db(minor).to_db(), minor);
        }

        #[test]
        fn qty_and_price_display_round_trip(
            th in 0i64..=1_000_000_000_000,
            tt in 0i64..=10_000_000_000_000_000,
        ) {
            let qty = Qty::from_db(th);
            prop_assert_eq!(Qty::parse(&qty.to_string()), Ok(qty));
            let price = UnitPrice::from_db(tt);
            prop_assert_eq!(UnitPrice::parse(&price.to_string()), Ok(price));
        }

        #[test]
        fn percent_display_round_trips(bp in 0i64..=10_000) {
            let r = TaxRate::from_bp(bp).unwrap();
            prop_assert_eq!(TaxRate::parse(&r.to_string()), Ok(r));
            let d = Discount::from_bp(bp).unwrap();
            prop_assert_eq!(Discount::parse(&d.to_string()), Ok(d));
        }

        #[test]
        fn full_width_equals_half_width(s in "-?[0-9]{1,3}(,[0-9]{3}){0,3}(\\.[0-9]{0,2})? ?%?") {
            let wide = to_full_width(&s);
            let kind = |e: NumberError| std::mem::discriminant(&e);
            prop_assert_eq!(Money::parse_signed(&wide).map_err(kind), Money::parse_signed(&s).map_err(kind));
            prop_assert_eq!(Qty::parse(&wide).map_err(kind), Qty::parse(&s).map_err(kind));
            prop_assert_eq!(TaxRate::parse(&wide).map_err(kind), TaxRate::parse(&s).map_err(kind));
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,24}") {
            let _ = Money::parse_signed(&s);
            let _ = Qty::parse_positive(&s);
            let _ = UnitPrice::parse(&s);
            let _ = TaxRate::parse(&s);
        }

        #[test]
        fn line_invariants_hold(
            // Up to ±1,000,000 units at up to 100,000 yuan: within the line limit.
            th in -1_000_000_000i64..=1_000_000_000,
            tt in 0i64..=1_000_000_000,
            d in 0i64..=10_000,
            r in 0i64..=10_000,
            mode in any_mode(),
        ) {
            let (qty, price) = (Qty::from_db(th), UnitPrice::from_db(tt));
            let (d, r) = (Discount::from_bp(d).unwrap(), TaxRate::from_bp(r).unwrap());
            let l = line_amounts(qty, price, d, r, mode).unwrap();
            prop_assert_eq!(l.net + l.tax, l.gross);
            prop_assert_eq!(l, oracle(qty, price, d, r, mode));
            // A return line is the exact negation of the sale.
            let back = line_amounts(-qty, price, d, r, mode).unwrap();
            prop_assert_eq!((back.net, back.tax, back.gross), (-l.net, -l.tax, -l.gross));
        }

        #[test]
        fn totals_are_sums_of_lines(
            lines in proptest::collection::vec(
                (0i64..=10_000_000, 0i64..=100_000_000, 0i64..=10_000, any_mode()),
                0..20,
            ),
        ) {
            let amounts: Vec<LineAmounts> = lines
                .iter()
                .map(|&(th, tt, r, mode)| {
                    let r = TaxRate::from_bp(r).unwrap();
                    line_amounts(Qty::from_db(th), UnitPrice::from_db(tt), Discount::NONE, r, mode)
                        .unwrap()
                })
                .collect();
            let t = order_totals(amounts.iter().copied()).unwrap();
            prop_assert_eq!(t.net, amounts.iter().map(|l| l.net).sum::<Money>());
            prop_assert_eq!(t.tax, amounts.iter().map(|l| l.tax).sum::<Money>());
            prop_assert_eq!(t.gross, amounts.iter().map(|l| l.gross).sum::<Money>());
            prop_assert_eq!(t.net + t.tax, t.gross);
        }

        #[test]
        fn rounding_matches_decimal_half_away(num in -10_000_000_000i64..=10_000_000_000, den in 1i64..=100_000) {
            let expected = (Decimal::from(num) / Decimal::from(den))
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(Decimal::from(div_round_half_away(num.into(), den.into()) as i64), expected);
        }

        #[test]
        fn exact_halves_round_away_from_zero(k in -1_000_000i64..=1_000_000, half in 1i64..=50_000) {
            // num / den = k + 0.5 exactly.
            let den = i128::from(2 * half);
            let num = i128::from(k) * den + i128::from(half);
            let expected = i128::from(if k >= 0 { k + 1 } else { k });
            prop_assert_eq!(div_round_half_away(num, den), expected);
            prop_assert_eq!(div_round_half_away(-num, den), -expected);
        }

        #[test]
        fn moving_average_lies_between_costs(
            oq in 1i64..=1_000_000_000_000,
            oc in 0i64..=10_000_000_000_000_000,
            iq in 1i64..=1_000_000_000_000,
            ic in 0i64..=10_000_000_000_000_000,
        ) {
            let avg = moving_average_cost(Qty::from_db(oq), UnitPrice::from_db(oc), Qty::from_db(iq), UnitPrice::from_db(ic));
            prop_assert!(avg.to_db() >= oc.min(ic) && avg.to_db() <= oc.max(ic));
            // Against the direct formula in exact integers.
            let num = i128::from(oq) * i128::from(oc) + i128::from(iq) * i128::from(ic);
            let den = i128::from(oq) + i128::from(iq);
            prop_assert_eq!(i128::from(avg.to_db()), div_round_half_away(num, den));
        }
    }
}

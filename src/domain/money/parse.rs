//! Parsing every number a user types: full-width digits, separators, limits.

use thiserror::Error;

use crate::i18n::{Lang, Localized};

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
pub(super) struct Rules {
    /// Decimal places kept.
    pub(super) scale: u32,
    /// Largest magnitude, as a mantissa at `scale`.
    pub(super) max: i128,
    /// The largest magnitude as shown in the error message.
    pub(super) max_text: &'static str,
    pub(super) negative: bool,
    pub(super) currency: bool,
    pub(super) percent: bool,
}

/// Maps full-width and IME variants of digits and punctuation to ASCII, so that text
/// typed with a Chinese input method (`１２３．５`, `１，２３４`, `－５`, `12。5`) reads the
/// same as half-width text.
pub(super) fn half_width(c: char) -> char {
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
pub(super) fn parse_fixed(input: &str, rules: &Rules) -> Result<i128, NumberError> {
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
pub(super) fn to_i64(mantissa: i128, input: &str, max_text: &str) -> Result<i64, NumberError> {
    i64::try_from(mantissa).map_err(|_| NumberError::TooLarge {
        input: input.trim().to_string(),
        max: max_text.to_string(),
    })
}

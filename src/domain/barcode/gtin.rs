//! GTINs (EAN-13, EAN-8, UPC-A, GTIN-14) and their GS1 check digit, internal codes, and
//! the errors of a barcode, in both languages.

use std::fmt;

use crate::domain::text::half_width_char;
use crate::i18n::{Lang, Localized};

/// The GS (group separator) character that scanners send for FNC1 between GS1 fields.
pub const GS: char = '\u{1d}';

/// Longest internal (Code-128) code accepted as a product barcode.
pub const MAX_INTERNAL_CODE_LEN: usize = 48;

/// Why a barcode or GS1 scan was refused. `Display` gives the English message of
/// [`Localized`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    /// Nothing was scanned or typed.
    Empty,
    /// All digits, but not 8, 12, 13 or 14 of them.
    BadLength { len: usize },
    /// The GS1 check digit (last digit) does not match the other digits.
    BadCheckDigit { code: String, expected: u8 },
    /// A character that no barcode can contain (position is 1-based).
    InvalidCharacters { ch: char, position: usize },
    /// An internal code longer than [`MAX_INTERNAL_CODE_LEN`].
    TooLong { len: usize, max: usize },
    /// A GS1 Application Identifier this program does not understand.
    UnknownAi { ai: String },
    /// A fixed-length GS1 field ended before all its characters were read.
    Gs1Truncated { ai: String },
    /// A GS1 field whose content has the wrong form (non-digits, too long, invalid date).
    Gs1BadValue { ai: String, value: String },
    /// The same GS1 field appears twice with different values.
    Gs1Repeated { ai: String },
    /// The parenthesised form is not `(AI)value(AI)value…`.
    Gs1Syntax,
    /// A GS1 symbology identifier with no data after it.
    Gs1Empty,
}

impl fmt::Display for BarcodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.localized(Lang::En))
    }
}

impl Localized for BarcodeError {
    fn localized(&self, lang: Lang) -> String {
        use crate::bi;
        match self {
            BarcodeError::Empty => bi!(
                lang,
                "条码为空，请重新扫描或输入",
                "The barcode is empty; scan or type it again"
            ),
            BarcodeError::BadLength { len } => bi!(
                lang,
                "数字条码应为 8、12、13 或 14 位，当前为 {} 位，请重新扫描或核对数字",
                "A numeric barcode must have 8, 12, 13 or 14 digits, this one has {}; scan \
                 it again or check the digits",
                len
            ),
            BarcodeError::BadCheckDigit { code, expected } => bi!(
                lang,
                "条码 {} 的校验位错误（应为 {}），请重新扫描；手工输入时请逐位核对",
                "The check digit of {} is wrong (expected {}); scan it again, or check every \
                 digit if it was typed",
                code,
                expected
            ),
            BarcodeError::InvalidCharacters { ch, position } => bi!(
                lang,
                "第 {} 个字符“{}”不可能出现在条码中，请重新扫描；如反复出现，请把输入法切换到英文或半角",
                "Character {} ('{}') cannot be part of a barcode; scan it again, and if this \
                 repeats switch the input method to English or half-width mode",
                position,
                ch.escape_debug()
            ),
            BarcodeError::TooLong { len, max } => bi!(
                lang,
                "编码共 {} 个字符，最多允许 {} 个，请检查扫描的内容",
                "The code has {} characters, at most {} are allowed; check what was scanned",
                len,
                max
            ),
            BarcodeError::UnknownAi { ai } => bi!(
                lang,
                "不支持 GS1 应用标识符 ({})，请手工录入商品、批号和数量",
                "GS1 application identifier ({}) is not supported; enter the product, lot \
                 and quantity by hand",
                ai
            ),
            BarcodeError::Gs1Truncated { ai } => bi!(
                lang,
                "GS1 字段 ({}) 不完整，请重新扫描",
                "GS1 field ({}) is incomplete; scan the barcode again",
                ai
            ),
            BarcodeError::Gs1BadValue { ai, value } => bi!(
                lang,
                "GS1 字段 ({}) 的内容“{}”无效，请重新扫描或手工录入",
                "GS1 field ({}) has an invalid value \"{}\"; scan the barcode again or enter \
                 the data by hand",
                ai,
                value.escape_debug()
            ),
            BarcodeError::Gs1Repeated { ai } => bi!(
                lang,
                "GS1 字段 ({}) 出现两次且内容不同，请手工录入，并将标签问题反馈给供应商",
                "GS1 field ({}) appears twice with different values; enter the data by hand \
                 and report the label to the supplier",
                ai
            ),
            BarcodeError::Gs1Syntax => bi!(
                lang,
                "GS1 文本格式应类似 (01)09501101530003(17)251231，请检查括号或直接扫描条码",
                "GS1 text must look like (01)09501101530003(17)251231; check the parentheses \
                 or scan the barcode"
            ),
            BarcodeError::Gs1Empty => bi!(
                lang,
                "该 GS1 条码不含数据，请重新扫描",
                "The GS1 barcode contains no data; scan it again"
            ),
        }
    }
}

/// The GS1 mod-10 check digit for `digits_without_check` (GTIN-8/12/13/14, SSCC): weights
/// 3 and 1 alternate from the rightmost digit. `None` unless the input is non-empty ASCII
/// digits.
pub fn gtin_check_digit(digits_without_check: &str) -> Option<u8> {
    if digits_without_check.is_empty() || !is_ascii_digits(digits_without_check) {
        return None;
    }
    let sum = digits_without_check
        .bytes()
        .rev()
        .enumerate()
        .fold(0u32, |acc, (i, b)| {
            let d = u32::from(b - b'0');
            (acc + if i % 2 == 0 { 3 * d } else { d }) % 10
        });
    u8::try_from((10 - sum) % 10).ok()
}

pub(super) fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `code` is all digits and its last digit is the right GS1 check digit.
pub(super) fn has_valid_check_digit(code: &str) -> bool {
    check_digit_error(code).is_none()
}

/// The error for a digit string whose last digit is not its check digit, if any.
pub(super) fn check_digit_error(code: &str) -> Option<BarcodeError> {
    let (body, last) = code.split_at(code.len().saturating_sub(1));
    let expected = gtin_check_digit(body)?;
    if last.as_bytes().first() == Some(&(b'0' + expected)) {
        None
    } else {
        Some(BarcodeError::BadCheckDigit {
            code: code.to_string(),
            expected,
        })
    }
}

/// An EAN-13 made of 12 digits and their check digit; `None` unless given exactly 12 ASCII
/// digits. Used to generate demo and in-store barcodes (店内码, prefix 20–29).
pub fn ean13_with_check(first12: &str) -> Option<String> {
    if first12.len() != 12 || !is_ascii_digits(first12) {
        return None;
    }
    let check = gtin_check_digit(first12)?;
    Some(format!("{first12}{check}"))
}

/// Trims whitespace and turns full-width forms into ASCII, as scanned through a Chinese
/// input method in full-width mode.
pub(super) fn normalise_scan(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(half_width_char)
        .collect::<String>()
}

/// Checks a product barcode and returns it normalised (trimmed, full-width digits made
/// ASCII).
///
/// All-digit codes must be EAN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct check digit;
/// other digit counts are refused (an internal code therefore needs at least one letter or
/// symbol). A code with any other character is taken as an internal Code-128 code: 1 to
/// [`MAX_INTERNAL_CODE_LEN`] printable ASCII characters, case kept as scanned (the scanner
/// already verified the symbol's own checksum). UPC-E is not handled: its check digit is
/// computed on the expanded UPC-A, so scanners should be set to expand it.
pub fn validate_product_barcode(code: &str) -> Result<String, BarcodeError> {
    let code = normalise_scan(code);
    if code.is_empty() {
        return Err(BarcodeError::Empty);
    }
    if is_ascii_digits(&code) {
        return match code.len() {
            8 | 12 | 13 | 14 => match check_digit_error(&code) {
                Some(err) => Err(err),
                None => Ok(code),
            },
            len => Err(BarcodeError::BadLength { len }),
        };
    }
    if let Some((i, ch)) = code
        .chars()
        .enumerate()
        .find(|(_, c)| !(' '..='~').contains(c))
    {
        return Err(BarcodeError::InvalidCharacters {
            ch,
            position: i + 1,
        });
    }
    // Only ASCII is left, so the byte length is the character count.
    if code.len() > MAX_INTERNAL_CODE_LEN {
        return Err(BarcodeError::TooLong {
            len: code.len(),
            max: MAX_INTERNAL_CODE_LEN,
        });
    }
    Ok(code)
}

/// The EAN-13 inside a GTIN-14 whose indicator (first) digit is 0, so that a GTIN read from
/// GS1 data can be matched to a stored EAN-13. `None` for any other input, including a
/// GTIN-14 with a wrong check digit. The check digit is unchanged because a leading zero
/// adds nothing to the weighted sum.
pub fn gtin14_to_13(gtin14: &str) -> Option<String> {
    let gtin14 = gtin14.trim();
    if gtin14.len() == 14 && gtin14.starts_with('0') && has_valid_check_digit(gtin14) {
        Some(gtin14[1..].to_string())
    } else {
        None
    }
}

/// Any valid GTIN (8, 12, 13 or 14 digits) padded with leading zeros to 14 digits: the
/// GS1 way to compare GTINs of different lengths (UPC-A `036000291452` and EAN-13
/// `0036000291452` are the same item). `None` unless `gtin` is a valid GTIN.
pub fn gtin_to_14(gtin: &str) -> Option<String> {
    let gtin = gtin.trim();
    if matches!(gtin.len(), 8 | 12 | 13 | 14) && has_valid_check_digit(gtin) {
        Some(format!("{gtin:0>14}"))
    } else {
        None
    }
}

//! Product barcodes (商品条码) and what a scanner types: EAN-13, EAN-8, UPC-A and GTIN-14
//! with their GS1 check digit, internal Code-128 codes, and GS1 Application Identifier
//! data (GTIN, lot 批号, expiry 有效期, count) from GS1-128, GS1 DataMatrix, QR and DataBar.
//!
//! Scanners act as keyboards: a scan may end in CR, LF or Tab, may come out as full-width
//! characters when a Chinese input method is in full-width mode, may carry an AIM
//! symbology identifier such as `]C1`, and sends the FNC1 separator as the GS character
//! (`\x1d`). Everything here accepts those forms and never panics on any input.

use std::fmt;

use chrono::NaiveDate;

use super::text::half_width_char;
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

fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `code` is all digits and its last digit is the right GS1 check digit.
fn has_valid_check_digit(code: &str) -> bool {
    check_digit_error(code).is_none()
}

/// The error for a digit string whose last digit is not its check digit, if any.
fn check_digit_error(code: &str) -> Option<BarcodeError> {
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
fn normalise_scan(input: &str) -> String {
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

/// What a GS1 barcode says about the goods it labels. Fields not present are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gs1Data {
    /// GTIN-14 from AI (01), or from AI (02) (content of a logistic unit) when (01) is absent.
    pub gtin: Option<String>,
    /// Batch or lot number (批号), AI (10).
    pub lot: Option<String>,
    /// Expiry date (有效期至), AI (17).
    pub expiry: Option<NaiveDate>,
    /// Number of items, AI (37) or else AI (30).
    pub count: Option<u64>,
}

/// The AIM symbology identifiers that announce GS1 data: GS1-128, GS1 DataBar, GS1
/// DataMatrix and GS1 QR Code.
const GS1_SYMBOLOGY_IDS: [&str; 4] = ["]C1", "]e0", "]d2", "]Q3"];

/// What a supported Application Identifier holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AiKind {
    Gtin,
    Lot,
    Date { is_expiry: bool },
    Serial,
    Count,
    NetWeight,
}

/// A supported Application Identifier: its meaning and the length of its data.
#[derive(Debug, Clone, Copy)]
struct AiSpec {
    kind: AiKind,
    /// `Some(n)`: exactly n characters; `None`: variable, ended by GS or the end of data.
    fixed: Option<usize>,
    /// Longest value allowed.
    max: usize,
    /// Whether the value must be all digits.
    numeric: bool,
}

impl AiSpec {
    const fn fixed_digits(kind: AiKind, n: usize) -> Self {
        AiSpec {
            kind,
            fixed: Some(n),
            max: n,
            numeric: true,
        }
    }
    const fn variable(kind: AiKind, max: usize, numeric: bool) -> Self {
        AiSpec {
            kind,
            fixed: None,
            max,
            numeric,
        }
    }
}

/// The spec of a supported AI given exactly, e.g. `"17"` or `"3103"`.
fn ai_spec(ai: &str) -> Option<AiSpec> {
    Some(match ai {
        "01" | "02" => AiSpec::fixed_digits(AiKind::Gtin, 14),
        "10" => AiSpec::variable(AiKind::Lot, 20, false),
        "11" | "13" | "15" => AiSpec::fixed_digits(AiKind::Date { is_expiry: false }, 6),
        "17" => AiSpec::fixed_digits(AiKind::Date { is_expiry: true }, 6),
        "21" => AiSpec::variable(AiKind::Serial, 20, false),
        "30" | "37" => AiSpec::variable(AiKind::Count, 8, true),
        _ if ai.len() == 4 && ai.starts_with("310") && is_ascii_digits(ai) => {
            AiSpec::fixed_digits(AiKind::NetWeight, 6)
        }
        _ => return None,
    })
}

/// Reads the AI at the start of raw element data: 4 digits for the (310n) family, 2 for
/// the rest. An unsupported AI is reported with the length GS1 gives its prefix, so the
/// message names the whole identifier.
fn read_ai(rest: &str) -> Result<(&str, AiSpec), BarcodeError> {
    let len = match rest.get(..2) {
        Some("31" | "32" | "33" | "34" | "35" | "36" | "39" | "43") => 4,
        Some(p) if p.starts_with('7') || p.starts_with('8') => 4,
        Some("23" | "24" | "25" | "40" | "41" | "42") => 3,
        _ => 2,
    };
    let ai = rest.get(..len).filter(|ai| is_ascii_digits(ai));
    match ai.and_then(|ai| ai_spec(ai).map(|spec| (ai, spec))) {
        Some(found) => Ok(found),
        None => Err(BarcodeError::UnknownAi {
            ai: rest.chars().take(len).collect(),
        }),
    }
}

/// Splits raw element data (after any symbology identifier) into (AI, value) pairs.
fn split_raw(data: &str) -> Result<Vec<(String, AiSpec, String)>, BarcodeError> {
    let mut elements = Vec::new();
    let mut rest = data;
    loop {
        // A GS after a fixed-length field, a doubled GS or a trailing GS is harmless.
        rest = rest.trim_start_matches(GS);
        if rest.is_empty() {
            return Ok(elements);
        }
        let (ai, spec) = read_ai(rest)?;
        let ai = ai.to_string();
        rest = &rest[ai.len()..];
        let end = match spec.fixed {
            Some(n) => match rest.char_indices().nth(n) {
                Some((i, _)) => i,
                None if rest.chars().count() == n => rest.len(),
                None => return Err(BarcodeError::Gs1Truncated { ai }),
            },
            None => rest.find(GS).unwrap_or(rest.len()),
        };
        let value = rest[..end].to_string();
        rest = &rest[end..];
        elements.push((ai, spec, value));
    }
}

/// Splits the human-readable form `(01)…(17)…(10)…` into (AI, value) pairs. A value runs
/// to the next `(`, so a lot containing `(` cannot be written in this form.
fn split_parenthesised(data: &str) -> Result<Vec<(String, AiSpec, String)>, BarcodeError> {
    let mut elements = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let after_open = rest.strip_prefix('(').ok_or(BarcodeError::Gs1Syntax)?;
        let close = after_open.find(')').ok_or(BarcodeError::Gs1Syntax)?;
        let ai = after_open[..close].trim().to_string();
        let spec = ai_spec(&ai).ok_or_else(|| BarcodeError::UnknownAi { ai: ai.clone() })?;
        let after_close = &after_open[close + 1..];
        let end = after_close.find('(').unwrap_or(after_close.len());
        // People typing the form often put spaces between fields; GS1 values never hold
        // spaces, so they are dropped.
        let value = after_close[..end].trim().to_string();
        rest = &after_close[end..];
        elements.push((ai, spec, value));
    }
    Ok(elements)
}

/// A GS1 date YYMMDD. Day 00 means the last day of the month. Years 00–49 are 20xx and
/// 50–99 are 19xx, a simplification of GS1's sliding century that is right for every
/// expiry date this program will meet.
fn parse_gs1_date(value: &str) -> Option<NaiveDate> {
    if value.len() != 6 || !is_ascii_digits(value) {
        return None;
    }
    let field = |range: std::ops::Range<usize>| value.get(range)?.parse::<u32>().ok();
    let (yy, month, day) = (field(0..2)?, field(2..4)?, field(4..6)?);
    let year = i32::try_from(if yy < 50 { 2000 + yy } else { 1900 + yy }).ok()?;
    if day == 0 {
        let first_of_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else if (1..12).contains(&month) {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        } else {
            None
        };
        first_of_next?.pred_opt()
    } else {
        NaiveDate::from_ymd_opt(year, month, day)
    }
}

/// Whether `value` may appear in a GS1 alphanumeric field (printable ASCII without space;
/// a little wider than GS1's character set 82, which is harmless for reading).
fn is_gs1_text(value: &str) -> bool {
    value.chars().all(|c| ('!'..='~').contains(&c))
}

/// Strips an AIM symbology identifier announcing GS1 data, and a leading GS that some
/// scanners send for the FNC1 in first position.
fn strip_gs1_prefix(s: &str) -> &str {
    let s = GS1_SYMBOLOGY_IDS
        .iter()
        .find_map(|id| s.strip_prefix(id))
        .unwrap_or(s);
    s.strip_prefix(GS).unwrap_or(s)
}

/// Whether `s` starts with `(` followed by 2 to 4 digits and `)`.
fn starts_with_parenthesised_ai(s: &str) -> bool {
    s.strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .is_some_and(|(ai, _)| (2..=4).contains(&ai.len()) && is_ascii_digits(ai))
}

/// Trims the scanner's terminator and whitespace, keeping GS characters, and turns
/// full-width forms into ASCII.
fn normalise_gs1_input(input: &str) -> String {
    input
        .trim_matches(|c: char| c.is_whitespace())
        .chars()
        .map(half_width_char)
        .collect()
}

/// Whether a scan is GS1 data rather than a plain code: it starts with a GS1 symbology
/// identifier (`]C1`, `]e0`, `]d2`, `]Q3`) or with a parenthesised AI, or contains the GS
/// separator. A plain 13-digit code is not GS1 even though `01…` could be read as an AI.
pub fn looks_like_gs1(input: &str) -> bool {
    let s = normalise_gs1_input(input);
    GS1_SYMBOLOGY_IDS.iter().any(|id| s.starts_with(id))
        || starts_with_parenthesised_ai(&s)
        || s.contains(GS)
}

/// Reads GS1 Application Identifier data, either as scanned (element strings separated by
/// GS, optionally after `]C1`, `]e0`, `]d2` or `]Q3`) or in the human-readable form
/// `(01)09501101530003(17)251231(10)ABC123(37)12`.
///
/// Understood AIs: 01 and 02 (GTIN, check digit verified), 10 (lot), 11/13/15/17 (dates,
/// only 17 kept, as expiry), 21 (serial, checked and skipped), 30 and 37 (count),
/// 310n (net weight, checked and skipped). Any other AI is [`BarcodeError::UnknownAi`],
/// because its length, and so everything after it, cannot be known.
pub fn parse_gs1(input: &str) -> Result<Gs1Data, BarcodeError> {
    let s = normalise_gs1_input(input);
    let elements = if s.starts_with('(') {
        split_parenthesised(&s)?
    } else {
        split_raw(strip_gs1_prefix(&s))?
    };
    if elements.is_empty() {
        return Err(BarcodeError::Gs1Empty);
    }

    let mut seen: Vec<(&str, &str)> = Vec::with_capacity(elements.len());
    let mut data = Gs1Data::default();
    let (mut gtin_01, mut gtin_02, mut count_30, mut count_37) = (None, None, None, None);
    for (ai, spec, value) in &elements {
        if let Some((_, earlier)) = seen.iter().find(|(a, _)| a == ai) {
            if earlier != value {
                return Err(BarcodeError::Gs1Repeated { ai: ai.clone() });
            }
            continue;
        }
        seen.push((ai, value));

        let bad_value = || BarcodeError::Gs1BadValue {
            ai: ai.clone(),
            value: value.clone(),
        };
        let len = value.chars().count();
        let length_ok = match spec.fixed {
            Some(n) => len == n,
            None => (1..=spec.max).contains(&len),
        };
        let chars_ok = if spec.numeric {
            is_ascii_digits(value)
        } else {
            is_gs1_text(value)
        };
        if !length_ok || !chars_ok {
            return Err(bad_value());
        }

        match spec.kind {
            AiKind::Gtin => {
                if let Some(err) = check_digit_error(value) {
                    return Err(err);
                }
                if ai == "01" {
                    gtin_01 = Some(value.clone());
                } else {
                    gtin_02 = Some(value.clone());
                }
            }
            AiKind::Lot => data.lot = Some(value.clone()),
            AiKind::Date { is_expiry } => {
                let date = parse_gs1_date(value).ok_or_else(bad_value)?;
                if is_expiry {
                    data.expiry = Some(date);
                }
            }
            AiKind::Count => {
                let n = value.parse::<u64>().map_err(|_| bad_value())?;
                if ai == "37" {
                    count_37 = Some(n);
                } else {
                    count_30 = Some(n);
                }
            }
            AiKind::Serial | AiKind::NetWeight => {}
        }
    }
    data.gtin = gtin_01.or(gtin_02);
    data.count = count_37.or(count_30);
    Ok(data)
}

/// What a scan is, as far as can be told without the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// A valid EAN-13, EAN-8, UPC-A or GTIN-14 (normalised digits).
    Gtin(String),
    /// GS1 Application Identifier data.
    Gs1(Gs1Data),
    /// Anything else: an order number, SKU, bin code, internal barcode, or a numeric code
    /// that failed its check digit (trimmed, full-width forms made ASCII).
    Text(String),
}

/// Classifies one scan or typed code; never fails. The scanner's trailing CR, LF or Tab
/// is removed, and so is an AIM symbology identifier of a plain symbol (`]E0` for EAN,
/// `]C0` for Code-128…) when the scanner is set to send one. GS1 data that cannot be
/// read, and digit strings with a wrong check digit, come back as [`Scan::Text`] so that
/// the caller can still look them up and report "not found"; call [`parse_gs1`] or
/// [`validate_product_barcode`] for the reason.
pub fn classify_scan(input: &str) -> Scan {
    let input = input.trim_end_matches(['\r', '\n', '\t']);
    if looks_like_gs1(input) {
        if let Ok(data) = parse_gs1(input) {
            return Scan::Gs1(data);
        }
    }
    let text = normalise_scan(input);
    let text = strip_plain_symbology_id(&text);
    match validate_product_barcode(text) {
        Ok(code) if is_ascii_digits(&code) => Scan::Gtin(code),
        _ => Scan::Text(text.to_string()),
    }
}

/// Removes an AIM symbology identifier (`]` + letter + digit or letter) that is not one
/// of the GS1 ones, e.g. `]E0` before an EAN-13.
fn strip_plain_symbology_id(s: &str) -> &str {
    let b = s.as_bytes();
    let is_aim_id =
        b.len() > 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric();
    if is_aim_id && !GS1_SYMBOLOGY_IDS.iter().any(|id| s.starts_with(id)) {
        &s[3..]
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn check_digits_of_known_codes() {
        assert_eq!(gtin_check_digit("690123456789"), Some(2));
        assert_eq!(gtin_check_digit("400638133393"), Some(1));
        assert_eq!(gtin_check_digit("978711542787"), Some(8));
        assert_eq!(gtin_check_digit("03600029145"), Some(2));
        assert_eq!(gtin_check_digit("9638507"), Some(4));
        assert_eq!(gtin_check_digit("0950110153000"), Some(3));
        assert_eq!(gtin_check_digit(""), None);
        assert_eq!(gtin_check_digit("12a"), None);
        assert_eq!(gtin_check_digit("１２"), None);
    }

    #[test]
    fn accepts_valid_gtins() {
        for code in [
            "6901234567892",
            "4006381333931",
            "9787115427878",
            "036000291452",
            "96385074",
            "09501101530003",
        ] {
            assert_eq!(
                validate_product_barcode(code),
                Ok(code.to_string()),
                "{code}"
            );
        }
    }

    #[test]
    fn normalises_full_width_and_whitespace() {
        assert_eq!(
            validate_product_barcode("　６９０１２３４５６７８９２ \r\n"),
            Ok("6901234567892".to_string())
        );
    }

    #[test]
    fn rejects_wrong_check_digit_with_expected_digit() {
        assert_eq!(
            validate_product_barcode("6901234567893"),
            Err(BarcodeError::BadCheckDigit {
                code: "6901234567893".into(),
                expected: 2
            })
        );
        assert_eq!(
            validate_product_barcode("96385075"),
            Err(BarcodeError::BadCheckDigit {
                code: "96385075".into(),
                expected: 4
            })
        );
    }

    #[test]
    fn rejects_other_digit_lengths() {
        assert_eq!(
            validate_product_barcode("123456"),
            Err(BarcodeError::BadLength { len: 6 })
        );
        assert_eq!(
            validate_product_barcode("123456789012345"),
            Err(BarcodeError::BadLength { len: 15 })
        );
        assert_eq!(validate_product_barcode("  "), Err(BarcodeError::Empty));
    }

    #[test]
    fn accepts_internal_code128() {
        assert_eq!(
            validate_product_barcode("SKU-0001/a b"),
            Ok("SKU-0001/a b".into())
        );
        assert_eq!(validate_product_barcode("ＡＢ１"), Ok("AB1".into()));
        let longest = "A".repeat(MAX_INTERNAL_CODE_LEN);
        assert_eq!(validate_product_barcode(&longest), Ok(longest.clone()));
        assert_eq!(
            validate_product_barcode(&format!("{longest}B")),
            Err(BarcodeError::TooLong {
                len: 49,
                max: MAX_INTERNAL_CODE_LEN
            })
        );
        assert_eq!(
            validate_product_barcode("AB螺丝"),
            Err(BarcodeError::InvalidCharacters {
                ch: '螺',
                position: 3
            })
        );
        assert_eq!(
            validate_product_barcode("AB\u{1d}1"),
            Err(BarcodeError::InvalidCharacters {
                ch: GS,
                position: 3
            })
        );
    }

    #[test]
    fn ean13_generation() {
        assert_eq!(
            ean13_with_check("690123456789"),
            Some("6901234567892".into())
        );
        assert_eq!(ean13_with_check("69012345678"), None);
        assert_eq!(ean13_with_check("69012345678x"), None);
    }

    #[test]
    fn gtin14_and_13_conversions() {
        assert_eq!(gtin14_to_13("06901234567892"), Some("6901234567892".into()));
        assert_eq!(gtin14_to_13("16901234567899"), None);
        assert_eq!(gtin14_to_13("06901234567893"), None);
        assert_eq!(gtin14_to_13("6901234567892"), None);
        assert_eq!(gtin_to_14("036000291452"), Some("00036000291452".into()));
        assert_eq!(gtin_to_14("96385074"), Some("00000096385074".into()));
        assert_eq!(gtin_to_14("96385075"), None);
    }

    #[test]
    fn parses_human_readable_form() {
        let data = parse_gs1("(01)09501101530003(17)251231(10)ABC123(37)12").unwrap();
        assert_eq!(
            data,
            Gs1Data {
                gtin: Some("09501101530003".into()),
                lot: Some("ABC123".into()),
                expiry: Some(date(2025, 12, 31)),
                count: Some(12),
            }
        );
        let spaced = parse_gs1("（01） 09501101530003 （10） ABC123").unwrap();
        assert_eq!(spaced.gtin.as_deref(), Some("09501101530003"));
        assert_eq!(spaced.lot.as_deref(), Some("ABC123"));
    }

    #[test]
    fn parses_raw_element_strings_in_any_order() {
        let expected = Gs1Data {
            gtin: Some("09501101530003".into()),
            lot: Some("ABC123".into()),
            expiry: Some(date(2025, 12, 31)),
            count: Some(12),
        };
        for raw in [
            "]C1010950110153000317251231\u{1d}10ABC123\u{1d}3712",
            "]C110ABC123\u{1d}3712\u{1d}010950110153000317251231",
            "]d23712\u{1d}10ABC123\u{1d}010950110153000317251231",
            "\u{1d}0109501101530003\u{1d}17251231\u{1d}10ABC123\u{1d}3712\r\n",
            "0109501101530003172512313712\u{1d}10ABC123",
        ] {
            assert_eq!(parse_gs1(raw), Ok(expected.clone()), "{raw:?}");
        }
    }

    #[test]
    fn other_ais_and_symbologies() {
        let data = parse_gs1("]Q30209501101530003\u{1d}30150\u{1d}21SN-1\u{1d}3103001250").unwrap();
        assert_eq!(data.gtin.as_deref(), Some("09501101530003"));
        assert_eq!(data.count, Some(150));
        assert_eq!(data.lot, None);
        assert_eq!(data.expiry, None);
        // (01) wins over (02), (37) over (30), only (17) is the expiry.
        let data = parse_gs1(
            "(02)00036000291452(01)09501101530003(30)5(37)7(11)240101(15)240601(13)240201",
        )
        .unwrap();
        assert_eq!(data.gtin.as_deref(), Some("09501101530003"));
        assert_eq!(data.count, Some(7));
        assert_eq!(data.expiry, None);
        let data = parse_gs1("]e00109501101530003").unwrap();
        assert_eq!(data.gtin.as_deref(), Some("09501101530003"));
    }

    #[test]
    fn expiry_day_00_is_last_day_of_month() {
        let expiry = |s: &str| parse_gs1(s).unwrap().expiry;
        assert_eq!(expiry("(17)250200"), Some(date(2025, 2, 28)));
        assert_eq!(expiry("(17)240200"), Some(date(2024, 2, 29)));
        assert_eq!(expiry("(17)251200"), Some(date(2025, 12, 31)));
        assert_eq!(expiry("(17)990600"), Some(date(1999, 6, 30)));
        assert_eq!(expiry("(17)490115"), Some(date(2049, 1, 15)));
    }

    #[test]
    fn gs1_errors() {
        let bad = |ai: &str, value: &str| BarcodeError::Gs1BadValue {
            ai: ai.into(),
            value: value.into(),
        };
        assert_eq!(
            parse_gs1("(01)09501101530004"),
            Err(BarcodeError::BadCheckDigit {
                code: "09501101530004".into(),
                expected: 3
            })
        );
        assert_eq!(
            parse_gs1("(99)ABC"),
            Err(BarcodeError::UnknownAi { ai: "99".into() })
        );
        assert_eq!(
            parse_gs1("]C1010950110153000324012345"),
            Err(BarcodeError::UnknownAi { ai: "240".into() })
        );
        assert_eq!(
            parse_gs1("]C10109501101530003391012"),
            Err(BarcodeError::UnknownAi { ai: "3910".into() })
        );
        assert_eq!(
            parse_gs1("]C1010950110153"),
            Err(BarcodeError::Gs1Truncated { ai: "01".into() })
        );
        assert_eq!(parse_gs1("(17)251332"), Err(bad("17", "251332")));
        assert_eq!(parse_gs1("(17)251300"), Err(bad("17", "251300")));
        assert_eq!(parse_gs1("(17)250230"), Err(bad("17", "250230")));
        assert_eq!(parse_gs1("(17)2512"), Err(bad("17", "2512")));
        assert_eq!(parse_gs1("(37)12A"), Err(bad("37", "12A")));
        assert_eq!(parse_gs1("(37)123456789"), Err(bad("37", "123456789")));
        assert_eq!(parse_gs1("(10)"), Err(bad("10", "")));
        // A lot running past 20 characters usually means a missing GS separator.
        assert_eq!(
            parse_gs1("]C110LOT1234567890123453712"),
            Err(bad("10", "LOT1234567890123453712"))
        );
        assert_eq!(parse_gs1("]C1"), Err(BarcodeError::Gs1Empty));
        assert_eq!(parse_gs1(""), Err(BarcodeError::Gs1Empty));
        assert_eq!(parse_gs1("(01"), Err(BarcodeError::Gs1Syntax));
        assert_eq!(parse_gs1("(10)A)B(x"), Err(BarcodeError::Gs1Syntax));
        assert_eq!(
            parse_gs1("(10)A(10)B"),
            Err(BarcodeError::Gs1Repeated { ai: "10".into() })
        );
        assert_eq!(parse_gs1("(10)A(10)A").unwrap().lot.as_deref(), Some("A"));
    }

    #[test]
    fn plain_codes_do_not_look_like_gs1() {
        assert!(!looks_like_gs1("6901234567892"));
        assert!(!looks_like_gs1("0109501101530003"));
        assert!(!looks_like_gs1("SO-2026-000123"));
        assert!(!looks_like_gs1("(A)12"));
        assert!(looks_like_gs1("]C10109501101530003"));
        assert!(looks_like_gs1("(01)09501101530003"));
        assert!(looks_like_gs1("0109501101530003\u{1d}"));
        assert!(looks_like_gs1("]Q3x"));
    }

    #[test]
    fn classifies_scans() {
        assert_eq!(
            classify_scan("6901234567892\r"),
            Scan::Gtin("6901234567892".into())
        );
        assert_eq!(
            classify_scan("]E06901234567892\n"),
            Scan::Gtin("6901234567892".into())
        );
        assert_eq!(
            classify_scan("６９０１２３４５６７８９２\t"),
            Scan::Gtin("6901234567892".into())
        );
        assert_eq!(
            classify_scan("6901234567893\r\n"),
            Scan::Text("6901234567893".into())
        );
        assert_eq!(
            classify_scan("SO-2026-000123\r"),
            Scan::Text("SO-2026-000123".into())
        );
        assert_eq!(classify_scan(""), Scan::Text(String::new()));
        match classify_scan("]C1010950110153000317251231\u{1d}10ABC\r") {
            Scan::Gs1(d) => {
                assert_eq!(d.gtin.as_deref(), Some("09501101530003"));
                assert_eq!(d.lot.as_deref(), Some("ABC"));
                assert_eq!(d.expiry, Some(date(2025, 12, 31)));
            }
            other => panic!("expected GS1, got {other:?}"),
        }
        assert_eq!(classify_scan("]C199XYZ"), Scan::Text("]C199XYZ".into()));
    }

    #[test]
    fn errors_speak_both_languages() {
        let errors = [
            BarcodeError::Empty,
            BarcodeError::BadLength { len: 6 },
            BarcodeError::BadCheckDigit {
                code: "6901234567893".into(),
                expected: 2,
            },
            BarcodeError::InvalidCharacters {
                ch: GS,
                position: 3,
            },
            BarcodeError::TooLong { len: 49, max: 48 },
            BarcodeError::UnknownAi { ai: "99".into() },
            BarcodeError::Gs1Truncated { ai: "01".into() },
            BarcodeError::Gs1BadValue {
                ai: "17".into(),
                value: "x".into(),
            },
            BarcodeError::Gs1Repeated { ai: "10".into() },
            BarcodeError::Gs1Syntax,
            BarcodeError::Gs1Empty,
        ];
        for e in errors {
            let zh = e.localized(Lang::Zh);
            let en = e.localized(Lang::En);
            assert!(zh.contains('请'), "{zh}");
            assert!(en.is_ascii(), "{en}");
            assert!(!zh.contains(GS) && !en.contains(GS));
        }
    }

    proptest! {
        #[test]
        fn generated_ean13_validates_and_detects_single_digit_errors(
            first12 in "[0-9]{12}",
            pos in 0usize..13,
            delta in 1u8..10,
        ) {
            let code = ean13_with_check(&first12).unwrap();
            prop_assert_eq!(validate_product_barcode(&code), Ok(code.clone()));
            let mut bytes = code.clone().into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            let is_bad_check = matches!(
                validate_product_barcode(&changed),
                Err(BarcodeError::BadCheckDigit { .. })
            );
            prop_assert!(is_bad_check);
        }

        #[test]
        fn gtin14_round_trips_to_ean13(first12 in "[0-9]{12}") {
            let ean = ean13_with_check(&first12).unwrap();
            prop_assert_eq!(gtin14_to_13(&format!("0{ean}")), Some(ean.clone()));
            prop_assert_eq!(gtin_to_14(&ean), Some(format!("0{ean}")));
        }

        #[test]
        fn scanning_never_panics(s in "\\PC{0,40}|[\\]C1()0-9\u{1d}A-Z]{0,40}") {
            let _ = classify_scan(&s);
            let _ = parse_gs1(&s);
            let _ = validate_product_barcode(&s);
        }
    }
}

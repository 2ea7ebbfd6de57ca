//! GS1 data: application identifiers in the FNC1 (raw) and the bracketed form.

use chrono::NaiveDate;

use super::gtin::{check_digit_error, is_ascii_digits, BarcodeError, GS};
use crate::domain::text::half_width_char;

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
pub(super) const GS1_SYMBOLOGY_IDS: [&str; 4] = ["]C1", "]e0", "]d2", "]Q3"];

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

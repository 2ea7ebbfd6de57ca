//! Payment terms (付款条件) and the due date they give an invoice.

use chrono::{Datelike, Days, NaiveDate};
use thiserror::Error;

use crate::i18n::{Lang, Localized};

/// The longest term in days that can be stored or typed.
pub const MAX_TERM_DAYS: u16 = 365;

/// When a customer must pay an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentTerms {
    /// 现结: paid on delivery; due the invoice day.
    CashOnDelivery,
    /// Net N days (票到N天): due N days after the invoice date.
    NetDays(u16),
    /// 月结N天: due N days after the last day of the invoice's month.
    MonthEndPlus(u16),
    /// 款到发货: paid before the goods leave; due the invoice day.
    PrepayBeforeShipping,
}

/// Why stored or typed payment terms were refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TermsError {
    #[error("unknown payment terms \"{input}\"")]
    Unknown { input: String },
    #[error("payment terms of {days} days are out of range (0 to 365)")]
    DaysOutOfRange { days: String },
}

impl Localized for TermsError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            TermsError::Unknown { input } => crate::bi!(
                lang,
                "无法识别付款条件“{}”：请输入 现结、款到发货、30天 或 月结30天。",
                "Unknown payment terms \"{}\": use cash on delivery, payment before shipping, net 30 or month end + 30.",
                input
            ),
            TermsError::DaysOutOfRange { days } => crate::bi!(
                lang,
                "付款天数 {} 超出范围：请输入 0 到 365 之间的天数。",
                "{} days is out of range: enter a number of days from 0 to 365.",
                days
            ),
        }
    }
}

/// Parses a day count: ASCII digits only, 0..=365.
fn parse_days(s: &str) -> Result<u16, TermsError> {
    let s = s.trim();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(TermsError::Unknown {
            input: s.to_string(),
        });
    }
    match s.parse::<u16>() {
        Ok(n) if n <= MAX_TERM_DAYS => Ok(n),
        _ => Err(TermsError::DaysOutOfRange {
            days: s.to_string(),
        }),
    }
}

/// The last day of the month of `date`.
fn month_end(date: NaiveDate) -> NaiveDate {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(date)
}

fn add_days(date: NaiveDate, days: u16) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

impl PaymentTerms {
    /// The storage code: `cod`, `net:30`, `eom:30`, `prepay`.
    pub fn code(&self) -> String {
        match self {
            PaymentTerms::CashOnDelivery => "cod".to_string(),
            PaymentTerms::NetDays(n) => format!("net:{n}"),
            PaymentTerms::MonthEndPlus(n) => format!("eom:{n}"),
            PaymentTerms::PrepayBeforeShipping => "prepay".to_string(),
        }
    }

    /// Reads a storage code written by [`PaymentTerms::code`].
    pub fn parse_code(code: &str) -> Result<PaymentTerms, TermsError> {
        let unknown = || TermsError::Unknown {
            input: code.to_string(),
        };
        match code {
            "cod" => Ok(PaymentTerms::CashOnDelivery),
            "prepay" => Ok(PaymentTerms::PrepayBeforeShipping),
            _ => {
                let (kind, days) = code.split_once(':').ok_or_else(unknown)?;
                // Codes are exact: no spaces, no signs.
                if days.is_empty() || !days.chars().all(|c| c.is_ascii_digit()) {
                    return Err(unknown());
                }
                let n = parse_days(days)?;
                match kind {
                    "net" => Ok(PaymentTerms::NetDays(n)),
                    "eom" => Ok(PaymentTerms::MonthEndPlus(n)),
                    _ => Err(unknown()),
                }
            }
        }
    }

    /// Reads terms typed by a user in either language: a code, a label (`月结30天`,
    /// `30天`, `Net 30`, `month end + 30 days`, `现结`, `款到发货`), or short forms
    /// (`月结30`, `EOM 30`, `net30`, `COD`). Full-width digits are accepted.
    pub fn parse_text(input: &str) -> Result<PaymentTerms, TermsError> {
        let unknown = || TermsError::Unknown {
            input: input.trim().to_string(),
        };
        let text: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (u32::from(c) - 0xFF10) as u8),
                '＋' => '+',
                '：' => ':',
                '\u{3000}' => ' ',
                other => other,
            })
            .flat_map(char::to_lowercase)
            .collect();
        let text = text.trim();
        if let Ok(t) = PaymentTerms::parse_code(text) {
            return Ok(t);
        }
        match text {
            "现结" | "现款" | "货到付款" | "cash" | "cash on delivery" => {
                return Ok(PaymentTerms::CashOnDelivery)
            }
            "款到发货" | "预付" | "先款后货" | "prepay" | "prepaid" | "payment before shipping" => {
                return Ok(PaymentTerms::PrepayBeforeShipping)
            }
            "月结" | "month end" | "eom" => return Ok(PaymentTerms::MonthEndPlus(0)),
            _ => {}
        }
        // Strip the words around the day count, then read what is left as the number.
        let strip = |s: &str, prefixes: &[&str], suffixes: &[&str]| -> Option<String> {
            let mut rest = prefixes.iter().find_map(|p| s.strip_prefix(p))?.trim();
            for suffix in suffixes {
                if let Some(r) = rest.strip_suffix(suffix) {
                    rest = r.trim();
                    break;
                }
            }
            Some(rest.to_string())
        };
        let day_words = ["days", "day", "天", "日"];
        if let Some(days) = strip(
            text,
            &["月结", "month end +", "month end", "eom +", "eom"],
            &day_words,
        ) {
            return parse_days(&days).map(PaymentTerms::MonthEndPlus);
        }
        if let Some(days) = strip(text, &["net", "票到", ""], &day_words) {
            if days.chars().all(|c| c.is_ascii_digit()) && !days.is_empty() {
                return parse_days(&days).map(PaymentTerms::NetDays);
            }
        }
        Err(unknown())
    }

    /// The date the invoice falls due (到期日).
    pub fn due_date(&self, invoice_date: NaiveDate) -> NaiveDate {
        match *self {
            PaymentTerms::CashOnDelivery | PaymentTerms::PrepayBeforeShipping => invoice_date,
            PaymentTerms::NetDays(n) => add_days(invoice_date, n),
            PaymentTerms::MonthEndPlus(n) => add_days(month_end(invoice_date), n),
        }
    }

    /// Whether goods may ship only after payment (款到发货).
    pub fn requires_prepayment(&self) -> bool {
        matches!(self, PaymentTerms::PrepayBeforeShipping)
    }

    /// The terms a form offers on ← →, most common first.
    pub const CHOICES: [PaymentTerms; 6] = [
        PaymentTerms::CashOnDelivery,
        PaymentTerms::PrepayBeforeShipping,
        PaymentTerms::NetDays(30),
        PaymentTerms::NetDays(60),
        PaymentTerms::MonthEndPlus(30),
        PaymentTerms::MonthEndPlus(60),
    ];

    /// How the terms read on screen and on documents.
    pub fn label(&self, lang: Lang) -> String {
        match *self {
            PaymentTerms::CashOnDelivery => lang.pick("现结", "Cash on delivery").to_string(),
            PaymentTerms::NetDays(n) => crate::bi!(lang, "{}天", "Net {}", n),
            PaymentTerms::MonthEndPlus(0) => lang.pick("月结", "Month end").to_string(),
            PaymentTerms::MonthEndPlus(n) => {
                crate::bi!(lang, "月结{}天", "Month end + {} days", n)
            }
            PaymentTerms::PrepayBeforeShipping => {
                lang.pick("款到发货", "Payment before shipping").to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_round_trip_and_are_exact() {
        let all = [
            (PaymentTerms::CashOnDelivery, "cod"),
            (PaymentTerms::NetDays(30), "net:30"),
            (PaymentTerms::NetDays(0), "net:0"),
            (PaymentTerms::MonthEndPlus(30), "eom:30"),
            (PaymentTerms::MonthEndPlus(365), "eom:365"),
            (PaymentTerms::PrepayBeforeShipping, "prepay"),
        ];
        for (terms, code) in all {
            assert_eq!(terms.code(), code);
            assert_eq!(PaymentTerms::parse_code(code), Ok(terms));
        }
        for bad in [
            "", "COD", "net", "net:", "net:-1", "net:+3", "net: 3", "eom:x", "foo:3", "cod:3",
        ] {
            assert!(
                matches!(
                    PaymentTerms::parse_code(bad),
                    Err(TermsError::Unknown { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            PaymentTerms::parse_code("net:366"),
            Err(TermsError::DaysOutOfRange { days: "366".into() })
        );
        assert_eq!(
            PaymentTerms::parse_code("eom:99999"),
            Err(TermsError::DaysOutOfRange {
                days: "99999".into()
            })
        );
    }

    #[test]
    fn due_dates() {
        let cod = PaymentTerms::CashOnDelivery;
        let prepay = PaymentTerms::PrepayBeforeShipping;
        assert_eq!(cod.due_date(d(2026, 3, 15)), d(2026, 3, 15));
        assert_eq!(prepay.due_date(d(2026, 3, 15)), d(2026, 3, 15));
        let net30 = PaymentTerms::NetDays(30);
        assert_eq!(net30.due_date(d(2026, 1, 15)), d(2026, 2, 14));
        assert_eq!(net30.due_date(d(2026, 12, 15)), d(2027, 1, 14));
        assert_eq!(
            PaymentTerms::NetDays(0).due_date(d(2026, 5, 5)),
            d(2026, 5, 5)
        );
        let eom30 = PaymentTerms::MonthEndPlus(30);
        // Any day of January: 31 Jan + 30 = 2 Mar (2026 is not a leap year).
        assert_eq!(eom30.due_date(d(2026, 1, 1)), d(2026, 3, 2));
        assert_eq!(eom30.due_date(d(2026, 1, 31)), d(2026, 3, 2));
        // End of February, common and leap years.
        assert_eq!(eom30.due_date(d(2026, 2, 10)), d(2026, 3, 30));
        assert_eq!(eom30.due_date(d(2028, 2, 10)), d(2028, 3, 30));
        assert_eq!(
            PaymentTerms::MonthEndPlus(0).due_date(d(2028, 2, 1)),
            d(2028, 2, 29)
        );
        assert_eq!(
            PaymentTerms::MonthEndPlus(0).due_date(d(2100, 2, 1)),
            d(2100, 2, 28)
        );
        assert_eq!(
            PaymentTerms::MonthEndPlus(0).due_date(d(2000, 2, 1)),
            d(2000, 2, 29)
        );
        // December rolls into the next year.
        assert_eq!(eom30.due_date(d(2026, 12, 5)), d(2027, 1, 30));
        assert_eq!(
            PaymentTerms::MonthEndPlus(1).due_date(d(2026, 12, 31)),
            d(2027, 1, 1)
        );
        // Net days across a leap day.
        assert_eq!(
            PaymentTerms::NetDays(1).due_date(d(2028, 2, 28)),
            d(2028, 2, 29)
        );
        assert_eq!(
            PaymentTerms::NetDays(365).due_date(d(2028, 1, 1)),
            d(2028, 12, 31)
        );
        // Never panics at the end of the calendar.
        assert_eq!(
            PaymentTerms::NetDays(30).due_date(NaiveDate::MAX),
            NaiveDate::MAX
        );
        assert_eq!(
            PaymentTerms::MonthEndPlus(30).due_date(NaiveDate::MAX),
            NaiveDate::MAX
        );
    }

    #[test]
    fn every_choice_reads_back_from_its_label() {
        for t in PaymentTerms::CHOICES {
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(
                    PaymentTerms::parse_text(&t.label(lang)),
                    Ok(t),
                    "{t:?} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn labels() {
        let t = PaymentTerms::MonthEndPlus(30);
        assert_eq!(t.label(Lang::Zh), "月结30天");
        assert_eq!(t.label(Lang::En), "Month end + 30 days");
        assert_eq!(PaymentTerms::CashOnDelivery.label(Lang::Zh), "现结");
        assert_eq!(
            PaymentTerms::CashOnDelivery.label(Lang::En),
            "Cash on delivery"
        );
        assert_eq!(
            PaymentTerms::PrepayBeforeShipping.label(Lang::Zh),
            "款到发货"
        );
        assert_eq!(
            PaymentTerms::PrepayBeforeShipping.label(Lang::En),
            "Payment before shipping"
        );
        assert_eq!(PaymentTerms::NetDays(30).label(Lang::Zh), "30天");
        assert_eq!(PaymentTerms::NetDays(30).label(Lang::En), "Net 30");
        assert_eq!(PaymentTerms::MonthEndPlus(0).label(Lang::Zh), "月结");
        assert!(PaymentTerms::PrepayBeforeShipping.requires_prepayment());
        assert!(!PaymentTerms::NetDays(3).requires_prepayment());
    }

    #[test]
    fn parses_user_text() {
        let ok = |s: &str| PaymentTerms::parse_text(s).unwrap();
        assert_eq!(ok("月结30天"), PaymentTerms::MonthEndPlus(30));
        assert_eq!(ok(" 月结 ３０ 天 "), PaymentTerms::MonthEndPlus(30));
        assert_eq!(ok("月结60"), PaymentTerms::MonthEndPlus(60));
        assert_eq!(ok("月结"), PaymentTerms::MonthEndPlus(0));
        assert_eq!(ok("Month end + 30 days"), PaymentTerms::MonthEndPlus(30));
        assert_eq!(ok("EOM 45"), PaymentTerms::MonthEndPlus(45));
        assert_eq!(ok("30天"), PaymentTerms::NetDays(30));
        assert_eq!(ok("票到15天"), PaymentTerms::NetDays(15));
        assert_eq!(ok("Net 30"), PaymentTerms::NetDays(30));
        assert_eq!(ok("net30"), PaymentTerms::NetDays(30));
        assert_eq!(ok("45"), PaymentTerms::NetDays(45));
        assert_eq!(ok("现结"), PaymentTerms::CashOnDelivery);
        assert_eq!(ok("COD"), PaymentTerms::CashOnDelivery);
        assert_eq!(ok("Cash on delivery"), PaymentTerms::CashOnDelivery);
        assert_eq!(ok("款到发货"), PaymentTerms::PrepayBeforeShipping);
        assert_eq!(
            ok("Payment before shipping"),
            PaymentTerms::PrepayBeforeShipping
        );
        assert_eq!(ok("eom:30"), PaymentTerms::MonthEndPlus(30));
        assert!(matches!(
            PaymentTerms::parse_text("月结400天"),
            Err(TermsError::DaysOutOfRange { .. })
        ));
        for bad in ["", "abc", "月结x天", "net -3", "30 weeks", "天"] {
            assert!(
                matches!(
                    PaymentTerms::parse_text(bad),
                    Err(TermsError::Unknown { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_speak_both_languages() {
        let e = TermsError::DaysOutOfRange { days: "400".into() };
        assert!(e.localized(Lang::Zh).contains("0 到 365"));
        assert!(e.localized(Lang::En).contains("0 to 365"));
        let e = TermsError::Unknown { input: "x".into() };
        assert!(e.localized(Lang::Zh).contains("月结30天"));
        assert_eq!(e.to_string(), "unknown payment terms \"x\"");
    }

    fn any_terms() -> impl Strategy<Value = PaymentTerms> {
        prop_oneof![
            Just(PaymentTerms::CashOnDelivery),
            Just(PaymentTerms::PrepayBeforeShipping),
            (0..=MAX_TERM_DAYS).prop_map(PaymentTerms::NetDays),
            (0..=MAX_TERM_DAYS).prop_map(PaymentTerms::MonthEndPlus),
        ]
    }

    proptest! {
        #[test]
        fn code_and_labels_round_trip(t in any_terms()) {
            prop_assert_eq!(PaymentTerms::parse_code(&t.code()), Ok(t));
            prop_assert_eq!(PaymentTerms::parse_text(&t.label(Lang::Zh)), Ok(t));
            prop_assert_eq!(PaymentTerms::parse_text(&t.label(Lang::En)), Ok(t));
        }

        #[test]
        fn due_date_is_never_before_invoice(t in any_terms(), days in 0i64..80_000) {
            let invoice = d(1990, 1, 1) + chrono::Duration::days(days);
            let due = t.due_date(invoice);
            prop_assert!(due >= invoice);
            if let PaymentTerms::MonthEndPlus(n) = t {
                let end = due - chrono::Duration::days(i64::from(n));
                prop_assert_eq!((end.year(), end.month()), (invoice.year(), invoice.month()));
                prop_assert!(end.succ_opt().is_some_and(|next| next.day() == 1));
            }
        }
    }
}

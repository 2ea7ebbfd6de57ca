//! Tests of barcodes, check digits and GS1 data.

use super::gs1::*;
use super::gtin::*;
use super::*;
use crate::i18n::{Lang, Localized};
use chrono::NaiveDate;
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
    let data =
        parse_gs1("(02)00036000291452(01)09501101530003(30)5(37)7(11)240101(15)240601(13)240201")
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

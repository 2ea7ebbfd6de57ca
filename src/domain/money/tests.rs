//! Tests of money, quantities, percentages and line arithmetic.

use super::fixed::div_round_half_away;
use super::*;
use crate::i18n::{Lang, Localized};
use proptest::prelude::*;
use rust_decimal::Decimal;
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

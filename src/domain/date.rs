//! Dates as people type them (日期输入): `2026-12-24`, `2026/12/24`, `12-24`, `12/24`,
//! `+3` (in three days), `-7` (a week ago), 今天/明天/后天/昨天 and
//! today/tomorrow/yesterday. One parser for every date field.

use chrono::{Datelike, Days, NaiveDate};

/// The longest step `+N` or `-N` may take, in days (about ten years).
const MAX_STEP_DAYS: u64 = 3660;

/// The date `input` means on `today`, or `None` when it is not a date. Full-width
/// digits and punctuation are read as their ASCII forms; a month and day without a
/// year are in `today`'s year.
pub fn parse_typed_date(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = crate::domain::text::to_half_width(input.trim()).to_lowercase();
    match s.as_str() {
        "今天" | "今日" | "today" => return Some(today),
        "明天" | "明日" | "tomorrow" => return today.checked_add_days(Days::new(1)),
        "后天" => return today.checked_add_days(Days::new(2)),
        "昨天" | "yesterday" => return today.checked_sub_days(Days::new(1)),
        _ => {}
    }
    if let Some(n) = s.strip_prefix('+').and_then(step) {
        return today.checked_add_days(Days::new(n));
    }
    if let Some(n) = s.strip_prefix('-').and_then(step) {
        return today.checked_sub_days(Days::new(n));
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        [m, d] if m.len() <= 2 && d.len() <= 2 => {
            NaiveDate::from_ymd_opt(today.year(), num(m)?, num(d)?)
        }
        _ => None,
    }
}

fn step(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n <= MAX_STEP_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_way_people_type_a_date() {
        let today = d(2026, 12, 2);
        for (typed, want) in [
            ("2026-12-24", d(2026, 12, 24)),
            ("2026/12/24", d(2026, 12, 24)),
            ("2026.1.5", d(2026, 1, 5)),
            ("２０２６－１２－２４", d(2026, 12, 24)),
            ("12-24", d(2026, 12, 24)),
            ("12/24", d(2026, 12, 24)),
            ("1/5", d(2026, 1, 5)),
            ("+3", d(2026, 12, 5)),
            ("+30", d(2027, 1, 1)),
            ("-7", d(2026, 11, 25)),
            ("今天", today),
            ("明天", d(2026, 12, 3)),
            ("后天", d(2026, 12, 4)),
            ("昨天", d(2026, 12, 1)),
            (" Today ", today),
            ("tomorrow", d(2026, 12, 3)),
            ("yesterday", d(2026, 12, 1)),
        ] {
            assert_eq!(parse_typed_date(typed, today), Some(want), "{typed}");
        }
    }

    #[test]
    fn what_is_not_a_date() {
        let today = d(2026, 12, 2);
        for typed in [
            "",
            "2026-02-30",
            "13-01",
            "12-32",
            "+",
            "+x",
            "+99999",
            "2026-12",
            "26-12-24",
            "12-24-2026",
            "next week",
            "2026--12-24",
            "1/2/3/4",
        ] {
            assert_eq!(parse_typed_date(typed, today), None, "{typed}");
        }
    }
}

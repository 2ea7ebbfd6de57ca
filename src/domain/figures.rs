//! The arithmetic of the figures management reads (数据分析): periods and the period
//! they are compared with, percentiles of processing times, rates and changes, weeks.
//! Pure: the records are read by `store`, put together by `ops::figures`.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::i18n::Lang;

/// Longest period figures are read for: ten years.
pub const MAX_PERIOD_DAYS: i64 = 3660;

/// A period of business dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The periods a person picks from (custom is typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// From the first of this month to today (本月).
    ThisMonth,
    /// The whole of last month (上月).
    LastMonth,
    /// From 1 January to today (本年).
    ThisYear,
    /// Two dates typed (自定义).
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::ThisYear,
        Preset::Custom,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Preset::ThisMonth => lang.pick("本月", "This month"),
            Preset::LastMonth => lang.pick("上月", "Last month"),
            Preset::ThisYear => lang.pick("本年", "This year"),
            Preset::Custom => lang.pick("自定义", "Custom"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::ThisMonth => "this-month",
            Preset::LastMonth => "last-month",
            Preset::ThisYear => "this-year",
            Preset::Custom => "custom",
        }
    }

    /// The period of a preset on `today`; `None` for custom (typed).
    pub fn period(self, today: NaiveDate) -> Option<Period> {
        let first_of_month = today.with_day(1)?;
        match self {
            Preset::ThisMonth => Some(Period {
                from: first_of_month,
                to: today,
            }),
            Preset::LastMonth => {
                let from = first_of_month.checked_sub_months(Months::new(1))?;
                Some(Period {
                    from,
                    to: first_of_month.pred_opt()?,
                })
            }
            Preset::ThisYear => Some(Period {
                from: today.with_ordinal(1)?,
                to: today,
            }),
            Preset::Custom => None,
        }
    }
}

/// What a period is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// The period before (环比): the month before a month, the same days of the month
    /// before for a month so far, the year before a year; otherwise as many days just
    /// before.
    Previous,
    /// The same period a year earlier (同比).
    YearBefore,
    /// Nothing.
    None,
}

impl Comparison {
    pub const ALL: [Comparison; 3] = [
        Comparison::Previous,
        Comparison::YearBefore,
        Comparison::None,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Comparison::Previous => lang.pick("环比", "vs previous"),
            Comparison::YearBefore => lang.pick("同比", "vs a year before"),
            Comparison::None => lang.pick("不对比", "no comparison"),
        }
    }

    /// The period `p` is compared with.
    pub fn of(self, p: Period) -> Option<Period> {
        match self {
            Comparison::Previous => p.previous(),
            Comparison::YearBefore => p.shifted_months(12),
            Comparison::None => None,
        }
    }
}

fn last_of_month(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|n| n.month() != d.month())
}

impl Period {
    /// A period from `from` to `to`, both included; `None` when they are the wrong
    /// way round or more than [`MAX_PERIOD_DAYS`] apart.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        let days = (to - from).num_days() + 1;
        (1..=MAX_PERIOD_DAYS)
            .contains(&days)
            .then_some(Period { from, to })
    }

    /// How many days it has.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The dates of the period in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.days()).filter_map(move |k| from.checked_add_days(Days::new(k as u64)))
    }

    /// The place of `d` in the period (0 for the first day).
    pub fn index_of(&self, d: NaiveDate) -> Option<usize> {
        self.contains(d)
            .then(|| usize::try_from((d - self.from).num_days()).ok())
            .flatten()
    }

    /// The whole months it spans, when it starts on the first of a month: 1 for
    /// November 1–28 or November 1–30, 12 for a calendar year.
    fn months_spanned(&self) -> Option<u32> {
        if self.from.day() != 1 {
            return None;
        }
        let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32
            - self.from.month() as i32
            + 1;
        u32::try_from(months).ok().filter(|m| *m >= 1)
    }

    /// The period `months` months earlier: a period ending on the last day of a month
    /// ends on the last day of that month too, a day that month lacks becomes its last.
    pub fn shifted_months(&self, months: u32) -> Option<Period> {
        let from = self.from.checked_sub_months(Months::new(months))?;
        let to = if last_of_month(self.to) {
            self.to
                .with_day(1)?
                .checked_sub_months(Months::new(months))?
                .checked_add_months(Months::new(1))?
                .pred_opt()?
        } else {
            self.to.checked_sub_months(Months::new(months))?
        };
        Period::new(from, to)
    }

    /// The period before (环比): for a period starting on the first of a month, the same
    /// stretch of the months just before (October 1–28 before November 1–28); for a year
    /// so far, the same days of the year before; otherwise as many days just before.
    pub fn previous(&self) -> Option<Period> {
        // A year so far is read against the same days of the year before.
        let year_so_far = self.from.ordinal() == 1 && self.to.year() == self.from.year();
        match self.months_spanned() {
            Some(_) if year_so_far => self.shifted_months(12),
            Some(m) => self.shifted_months(m),
            None => {
                let to = self.from.pred_opt()?;
                let from = to.checked_sub_days(Days::new(u64::try_from(self.days() - 1).ok()?))?;
                Period::new(from, to)
            }
        }
    }

    /// How a person reads it: `2026-11`, `2026`, `2026-11-01 – 2026-11-28`.
    pub fn label(&self) -> String {
        let whole_year = self.from.ordinal() == 1
            && self.to.year() == self.from.year()
            && last_of_month(self.to)
            && self.to.month() == 12;
        if whole_year {
            return self.from.year().to_string();
        }
        if self.months_spanned() == Some(1) && last_of_month(self.to) {
            return self.from.format("%Y-%m").to_string();
        }
        format!("{} – {}", self.from, self.to)
    }

    /// The instants that bound the period in the company's time zone, as stored (RFC
    /// 3339 UTC): the start of its first day, and the start of the day after its last.
    pub fn instants(&self, utc_offset_minutes: i64) -> (String, String) {
        let start = |d: NaiveDate| {
            let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            (local - chrono::Duration::minutes(utc_offset_minutes))
                .and_utc()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string()
        };
        let after = self.to.succ_opt().unwrap_or(self.to);
        (start(self.from), start(after))
    }
}

/// Reads a period typed as two dates (`2026-01-01 2026-03-31`, `2026-01-01..2026-03-31`,
/// `2026-01-01 至 2026-03-31`), or a month (`2026-03`), or a year (`2026`).
pub fn parse_period(text: &str) -> Option<Period> {
    let t = text.trim();
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    if let Ok(year) = t.parse::<i32>() {
        if (2000..=9999).contains(&year) {
            return Period::new(
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
            );
        }
        return None;
    }
    if t.len() == 7 {
        let from = date(&format!("{t}-01"))?;
        let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
        return Period::new(from, to);
    }
    let parts: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '至' || c == '~' || c == ',' || c == '，')
        .flat_map(|s| s.split(".."))
        .filter(|s| !s.trim().is_empty())
        .collect();
    match parts.as_slice() {
        [from, to] => Period::new(date(from)?, date(to)?),
        [one] => {
            let d = date(one)?;
            Period::new(d, d)
        }
        _ => None,
    }
}

/// The Monday of the week a date is in.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

/// The median and 90th percentile of durations in seconds, by the nearest-rank method:
/// the p-th percentile of n sorted values is the value of rank ⌈p × n / 100⌉, so that it
/// is always one of the durations measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    /// How many durations were measured.
    pub n: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// The value of rank ⌈p × n / 100⌉ of `sorted` (ascending).
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (u64::from(p.min(100)) * n as u64).div_ceil(100).max(1);
    sorted.get(usize::try_from(rank).ok()? - 1).copied()
}

impl Spread {
    /// The spread of `durations` (any order); negative durations (a clock that went
    /// back between two machines) count as zero.
    pub fn of(mut durations: Vec<i64>) -> Spread {
        for d in durations.iter_mut() {
            *d = (*d).max(0);
        }
        durations.sort_unstable();
        Spread {
            n: durations.len(),
            median: percentile(&durations, 50),
            p90: percentile(&durations, 90),
        }
    }
}

/// A share: `part` of `whole` (on time of delivered, rejected of decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub part: i64,
    pub whole: i64,
}

impl Rate {
    pub fn new(part: i64, whole: i64) -> Rate {
        Rate { part, whole }
    }

    /// The rate in tenths of a per cent, rounded half away from zero; `None` of nothing.
    pub fn per_mille(&self) -> Option<i64> {
        (self.whole > 0).then(|| div_round(self.part * 1000, self.whole))
    }

    /// The rate in hundredths of a per cent (basis points: 9231 is 92.31%), rounded
    /// half away from zero, as a spreadsheet cell holds it; `None` of nothing.
    pub fn basis_points(&self) -> Option<i64> {
        (self.whole > 0).then(|| div_round(self.part * 10_000, self.whole))
    }

    /// `92.3%`, or `—` when there was nothing to count.
    pub fn text(&self) -> String {
        match self.per_mille() {
            Some(pm) => format!("{}.{}%", pm / 10, pm % 10),
            None => "—".to_string(),
        }
    }

    /// Both counts summed: the rate of two groups together.
    pub fn plus(self, other: Rate) -> Rate {
        Rate {
            part: self.part + other.part,
            whole: self.whole + other.whole,
        }
    }
}

/// `a / b` rounded half away from zero (b > 0).
fn div_round(a: i64, b: i64) -> i64 {
    let q = a / b;
    let r = a % b;
    if 2 * r.abs() >= b {
        q + a.signum()
    } else {
        q
    }
}

/// The change from `before` to `now` in tenths of a per cent (`+12.3%` is 123); `None`
/// when there was nothing before to compare with.
pub fn change_per_mille(now: i64, before: i64) -> Option<i64> {
    change_scaled(now, before, 1000)
}

/// The change from `before` to `now` in basis points (`+12.34%` is 1234), as a
/// spreadsheet cell holds it; `None` when there was nothing before.
pub fn change_basis_points(now: i64, before: i64) -> Option<i64> {
    change_scaled(now, before, 10_000)
}

/// `(now - before) / |before|` in `scale`ths, rounded half away from zero.
fn change_scaled(now: i64, before: i64, scale: i128) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let diff = i128::from(now) - i128::from(before);
    let scaled = diff * scale;
    let b = i128::from(before.abs());
    let q = scaled / b;
    let r = scaled % b;
    let rounded = if 2 * r.abs() >= b {
        q + scaled.signum()
    } else {
        q
    };
    i64::try_from(rounded).ok()
}

/// `+12.3%`, `-4.0%`, or `—`.
pub fn change_text(now: i64, before: i64) -> String {
    match change_per_mille(now, before) {
        Some(pm) => {
            let sign = if pm > 0 {
                "+"
            } else if pm < 0 {
                "-"
            } else {
                ""
            };
            let a = pm.abs();
            format!("{sign}{}.{}%", a / 10, a % 10)
        }
        None => "—".to_string(),
    }
}

/// The difference of two rates in percentage points, `+4.2 pt`, or `—`.
pub fn points_text(now: Rate, before: Rate, lang: Lang) -> String {
    match (now.per_mille(), before.per_mille()) {
        (Some(a), Some(b)) => {
            let d = a - b;
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "-"
            } else {
                ""
            };
            let unit = lang.pick("个百分点", " pt");
            format!("{sign}{}.{}{unit}", d.abs() / 10, d.abs() % 10)
        }
        _ => "—".to_string(),
    }
}

/// A duration in seconds as a person reads it: minutes below two hours, hours below
/// two days, else days, with one decimal.
pub fn duration_text(seconds: Option<i64>, lang: Lang) -> String {
    let Some(s) = seconds else {
        return "—".to_string();
    };
    let s = s.max(0);
    let tenths = |unit: i64| div_round(s * 10, unit);
    let (v, zh, en) = if s < 2 * 3600 {
        (div_round(s, 60) * 10, "分钟", "min")
    } else if s < 2 * 86_400 {
        (tenths(3600), "小时", "h")
    } else {
        (tenths(86_400), "天", "d")
    };
    let number = if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!("{}.{}", v / 10, v % 10)
    };
    match lang {
        Lang::Zh => format!("{number} {zh}"),
        Lang::En => format!("{number} {en}"),
    }
}

/// How many days each bar of a chart of `days` days holds so that at most `bars` fit.
pub fn days_per_bar(days: usize, bars: usize) -> usize {
    if bars == 0 {
        return days.max(1);
    }
    days.div_ceil(bars).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(a: &str, b: &str) -> Period {
        Period::new(d(a), d(b)).unwrap()
    }

    #[test]
    fn presets_on_a_day() {
        let today = d("2026-11-28");
        assert_eq!(
            Preset::ThisMonth.period(today),
            Some(p("2026-11-01", "2026-11-28"))
        );
        assert_eq!(
            Preset::LastMonth.period(today),
            Some(p("2026-10-01", "2026-10-31"))
        );
        assert_eq!(
            Preset::ThisYear.period(today),
            Some(p("2026-01-01", "2026-11-28"))
        );
        assert_eq!(Preset::Custom.period(today), None);
        assert_eq!(
            Preset::LastMonth.period(d("2026-01-15")),
            Some(p("2025-12-01", "2025-12-31"))
        );
    }

    #[test]
    fn the_period_before() {
        // A month so far: the same days of the month before.
        assert_eq!(
            p("2026-11-01", "2026-11-28").previous(),
            Some(p("2026-10-01", "2026-10-28"))
        );
        // A whole month: the whole month before, however long.
        assert_eq!(
            p("2026-03-01", "2026-03-31").previous(),
            Some(p("2026-02-01", "2026-02-28"))
        );
        assert_eq!(
            p("2026-02-01", "2026-02-28").previous(),
            Some(p("2026-01-01", "2026-01-31"))
        );
        // March 1–30 has no end of month: the days of February run out at its last.
        assert_eq!(
            p("2026-03-01", "2026-03-30").previous(),
            Some(p("2026-02-01", "2026-02-28"))
        );
        // A year so far: the same days of last year.
        assert_eq!(
            p("2026-01-01", "2026-11-28").previous(),
            Some(p("2025-01-01", "2025-11-28"))
        );
        // Any other stretch: as many days just before.
        assert_eq!(
            p("2026-11-10", "2026-11-16").previous(),
            Some(p("2026-11-03", "2026-11-09"))
        );
        assert_eq!(
            Comparison::YearBefore.of(p("2024-02-01", "2024-02-29")),
            Some(p("2023-02-01", "2023-02-28"))
        );
        assert_eq!(Comparison::None.of(p("2026-11-01", "2026-11-28")), None);
    }

    #[test]
    fn periods_are_read_and_named() {
        assert_eq!(
            parse_period("2026-01-01 2026-03-31"),
            Some(p("2026-01-01", "2026-03-31"))
        );
        assert_eq!(
            parse_period("2026-01-01..2026-03-31"),
            Some(p("2026-01-01", "2026-03-31"))
        );
        assert_eq!(
            parse_period(" 2026-01-01 至 2026-01-31 "),
            Some(p("2026-01-01", "2026-01-31"))
        );
        assert_eq!(parse_period("2026-02"), Some(p("2026-02-01", "2026-02-28")));
        assert_eq!(parse_period("2025"), Some(p("2025-01-01", "2025-12-31")));
        assert_eq!(
            parse_period("2026-03-31 2026-01-01"),
            None,
            "wrong way round"
        );
        assert_eq!(parse_period("2000-01-01 2026-01-01"), None, "too long");
        assert_eq!(parse_period("soon"), None);
        assert_eq!(parse_period("12"), None);
        assert_eq!(p("2026-11-01", "2026-11-30").label(), "2026-11");
        assert_eq!(p("2025-01-01", "2025-12-31").label(), "2025");
        assert_eq!(
            p("2026-11-01", "2026-11-28").label(),
            "2026-11-01 – 2026-11-28"
        );
    }

    #[test]
    fn a_period_in_instants_of_the_company() {
        let (a, b) = p("2026-11-01", "2026-11-30").instants(480);
        assert_eq!(a, "2026-10-31T16:00:00.000Z");
        assert_eq!(b, "2026-11-30T16:00:00.000Z");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&v, 91), Some(10));
        let s = Spread::of(vec![30, -5, 10, 20]);
        assert_eq!(s.n, 4);
        assert_eq!(s.median, Some(10));
        assert_eq!(s.p90, Some(30));
    }

    #[test]
    fn rates_changes_and_durations_read_well() {
        assert_eq!(Rate::new(2, 3).text(), "66.7%");
        assert_eq!(Rate::new(0, 0).text(), "—");
        assert_eq!(Rate::new(1, 8).per_mille(), Some(125));
        assert_eq!(Rate::new(2, 3).basis_points(), Some(6667));
        assert_eq!(Rate::new(0, 0).basis_points(), None);
        assert_eq!(change_basis_points(112, 100), Some(1200));
        assert_eq!(change_basis_points(1, 3), Some(-6667));
        assert_eq!(change_basis_points(5, 0), None);
        assert_eq!(change_text(112, 100), "+12.0%");
        assert_eq!(change_text(96, 100), "-4.0%");
        assert_eq!(change_text(5, 0), "—");
        assert_eq!(change_text(-50, -100), "+50.0%");
        assert_eq!(
            points_text(Rate::new(9, 10), Rate::new(4, 5), Lang::En),
            "+10.0 pt"
        );
        assert_eq!(duration_text(Some(90), Lang::En), "2 min");
        assert_eq!(duration_text(Some(3 * 3600), Lang::Zh), "3 小时");
        assert_eq!(duration_text(Some(5400 + 7200), Lang::En), "3.5 h");
        assert_eq!(duration_text(Some(3 * 86_400 + 43_200), Lang::En), "3.5 d");
        assert_eq!(duration_text(None, Lang::En), "—");
        assert_eq!(week_start(d("2026-11-29")), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(days_per_bar(30, 60), 1);
        assert_eq!(days_per_bar(365, 70), 6);
    }

    proptest! {
        #[test]
        fn a_percentile_is_a_measured_value_and_grows_with_p(
            mut v in proptest::collection::vec(0i64..1_000_000, 1..200),
            p in 1u32..100,
        ) {
            v.sort_unstable();
            let a = percentile(&v, p).unwrap();
            let b = percentile(&v, p + 1).unwrap();
            prop_assert!(v.contains(&a));
            prop_assert!(a <= b);
            let below = v.iter().filter(|x| **x <= a).count();
            prop_assert!(below * 100 >= p as usize * v.len(), "at least p% are at or below");
        }

        #[test]
        fn the_period_before_never_overlaps_and_ends_before(
            start in 0i64..4000, len in 1i64..400,
        ) {
            let from = d("2020-01-01") + chrono::Duration::days(start);
            let period = Period::new(from, from + chrono::Duration::days(len - 1)).unwrap();
            let before = period.previous().unwrap();
            prop_assert!(before.to < period.from);
            prop_assert!(before.days() <= period.days() + 3);
            prop_assert!(before.days() + 3 >= period.days());
            let year = Comparison::YearBefore.of(period).unwrap();
            prop_assert!(year.to < period.to && year.from < period.from);
        }
    }
}

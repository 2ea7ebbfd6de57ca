//! `orderdesk report …`: the figures of the analysis screen on the command line, as
//! aligned text or CSV, for cron jobs and spreadsheets. Reading needs no login, like the
//! other reports of the command line; the file's permissions guard it. An Excel
//! workbook of the same tables is an export (`orderdesk export figures-…`), with the
//! export's login, permission and audit row.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::i18n::Lang;
use crate::ops::figures::{self as fig, Comparison, Dimension, Period, Preset};
use crate::ops::{self, Db};
use crate::print::figures::{self as report, Report};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Orders, shipments, invoiced, collected, returns, on-time delivery and the
    /// approval rejection rate of a period, beside the period compared with.
    Summary(PeriodArgs),
    /// Sales per day, or per customer, product, channel or salesperson (--by).
    Sales {
        #[command(flatten)]
        period: PeriodArgs,
        /// What to group by.
        #[arg(long, value_enum, default_value = "day")]
        by: ByArg,
        /// The largest this many rows (0: all); not for --by day.
        #[arg(long, default_value_t = 20)]
        top: usize,
    },
    /// Processing times of the orders taken in a period: submit → approve → pick → ship
    /// → sign, median and 90th percentile.
    Times(PeriodArgs),
    /// Staff performance per person: orders taken, lines picked and per hour, short
    /// picks, picking errors, shipments, collections, tickets closed on time.
    Staff(PeriodArgs),
    /// Open receivables by age (not due, 1–30, 31–60, 61–90, 91–180, over 180 days), as
    /// of today.
    Aging {
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
    },
}

#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// First day, e.g. 2026-11-01 (with --to; default: this month so far).
    #[arg(long, requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last day, e.g. 2026-11-30.
    #[arg(long, requires = "from")]
    pub to: Option<NaiveDate>,
    /// Instead of --from and --to: this-month, last-month or this-year.
    #[arg(long, value_enum, conflicts_with_all = ["from", "to"])]
    pub period: Option<PresetArg>,
    /// What to compare with: previous (环比), year (同比, a year before), none, or two
    /// dates FROM..TO.
    #[arg(long, default_value = "previous", value_name = "WITH")]
    pub compare: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PresetArg {
    ThisMonth,
    LastMonth,
    ThisYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Day,
    Customer,
    Product,
    Channel,
    Salesperson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Csv,
}

fn fail(lang: Lang) -> impl Fn(ops::Error) -> Failure {
    move |e| Failure::from((lang, e))
}

/// The period and the one compared with, as the arguments say.
fn periods(db: &Db, a: &PeriodArgs, lang: Lang) -> CliResult<(Period, Option<Period>)> {
    let p = match (a.from, a.to, a.period) {
        (Some(from), Some(to), _) => Period::new(from, to).ok_or_else(|| {
            Failure(bi!(
                lang,
                "期间 {} 至 {} 不成立：开始不能晚于结束，最长 10 年。",
                "The period {} to {} cannot be used: it must not end before it starts, and may last 10 years at most.",
                from,
                to
            ))
        })?,
        (_, _, preset) => {
            let preset = match preset {
                Some(PresetArg::LastMonth) => Preset::LastMonth,
                Some(PresetArg::ThisYear) => Preset::ThisYear,
                _ => Preset::ThisMonth,
            };
            fig::preset_period(db, preset)
                .map_err(fail(lang))?
                .ok_or_else(|| Failure(lang.pick("无法确定期间。", "No period.").into()))?
        }
    };
    let cmp = match a.compare.trim() {
        "previous" | "" => Comparison::Previous.of(p),
        "year" => Comparison::YearBefore.of(p),
        "none" => None,
        other => Some(fig::parse_period(other).ok_or_else(|| {
            Failure(bi!(
                lang,
                "不明白对比期“{}”：请用 previous、year、none，或 2026-10-01..2026-10-31。",
                "Cannot read the comparison \"{}\": use previous, year, none, or 2026-10-01..2026-10-31.",
                crate::domain::text::shown(other)
            ))
        })?),
    };
    Ok((p, cmp))
}

fn print(r: &Report, format: FormatArg, lang: Lang) {
    match format {
        FormatArg::Text => print!("{}", r.text(lang)),
        FormatArg::Csv => print!("{}", r.csv()),
    }
}

pub fn run(db: &Db, cmd: &ReportCommand, lang: Lang) -> CliResult {
    let f = fail(lang);
    match cmd {
        ReportCommand::Summary(a) => {
            let (p, cmp) = periods(db, a, lang)?;
            let now = fig::summary(db, p).map_err(&f)?;
            let before = cmp.map(|c| fig::summary(db, c)).transpose().map_err(&f)?;
            print(
                &report::summary_report(lang, &now, before.as_ref()),
                a.format,
                lang,
            );
        }
        ReportCommand::Sales { period, by, top } => {
            let (p, cmp) = periods(db, period, lang)?;
            let dimension = match by {
                ByArg::Day => {
                    let s = fig::sales(db, p).map_err(&f)?;
                    print(&report::daily_report(lang, &s), period.format, lang);
                    return Ok(ExitCode::SUCCESS);
                }
                ByArg::Customer => Dimension::Customer,
                ByArg::Product => Dimension::Product,
                ByArg::Channel => Dimension::Channel,
                ByArg::Salesperson => Dimension::Salesperson,
            };
            let now = fig::ranking(db, p, dimension).map_err(&f)?;
            let before = cmp
                .map(|c| fig::ranking(db, c, dimension))
                .transpose()
                .map_err(&f)?;
            print(
                &report::ranking_report(lang, &now, before.as_ref(), *top),
                period.format,
                lang,
            );
        }
        ReportCommand::Times(a) => {
            let (p, cmp) = periods(db, a, lang)?;
            let now = fig::processing_times(db, p).map_err(&f)?;
            let before = cmp
                .map(|c| fig::processing_times(db, c))
                .transpose()
                .map_err(&f)?;
            print(
                &report::times_report(lang, &now, before.as_ref()),
                a.format,
                lang,
            );
        }
        ReportCommand::Staff(a) => {
            let (p, _) = periods(db, a, lang)?;
            let rows = fig::staff(db, p).map_err(&f)?;
            print(&report::staff_report(lang, p, &rows), a.format, lang);
        }
        ReportCommand::Aging { format } => {
            let today = ops::today(db).map_err(&f)?;
            let aging = fig::aging(db).map_err(&f)?;
            print(&report::aging_report(lang, today, &aging), *format, lang);
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `orderdesk export <list> --format csv|xlsx --out FILE`: any list or report of the
//! screens as a CSV or XLSX file, for Excel and for cron jobs.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::domain::figures::Preset;
use crate::i18n::Lang;
use crate::ops::export::{self, Format, ListArgs, Target};
use crate::ops::{Actor, Db};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    ThisMonth,
    LastMonth,
    ThisYear,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The list: orders, order-lines, queue, customers, products, stock, stock-moves,
    /// warehouse, pick-lists, shipments, invoices, overdue, trial-balance,
    /// account-ledger, journal, returns, tickets, shortages, purchase-requests; the
    /// tables of the analysis screen: figures-summary, figures-daily, figures-customers,
    /// figures-products, figures-channels, figures-salespeople, figures-times,
    /// figures-on-time, figures-aging, figures-staff.
    pub list: String,
    /// csv (UTF-8 with a byte-order mark, opens in Excel) or xlsx (numbers and dates as
    /// Excel types).
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: FormatArg,
    /// The file to write (replaced whole if it exists); its folder must exist. Without
    /// it the file goes to the output folder, named after the list and the time.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// First date: order date (orders, order-lines) or the period (trial-balance,
    /// account-ledger, journal, figures-…; default: the first of this month).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last date (default for the ledger reports and the figures: today).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// figures-…: instead of --from and --to, this-month (so far, the default),
    /// last-month or this-year (so far).
    #[arg(long, value_enum, conflicts_with_all = ["from", "to"])]
    pub period: Option<PeriodArg>,
    /// figures-…: what the period is compared with: previous (环比, the default), year
    /// (同比, a year before), none, or two dates FROM..TO.
    #[arg(long, value_name = "WITH")]
    pub compare: Option<String>,
    /// Orders and order lines: the stage (draft, submitted, approved, on_hold, rejected,
    /// closed, cancelled); invoices: open, paid or overdue; shipments: in_transit,
    /// delivered, partly_received, refused, damaged or lost; returns: open,
    /// partly_received, received, credited, closed or cancelled; tickets: open, mine,
    /// overdue or all (the default); purchase-requests: pending (the default), all,
    /// open, ordered, received or cancelled.
    #[arg(long)]
    pub status: Option<String>,
    /// Customers, products, stock: what to search for (code, name, pinyin initials).
    #[arg(long)]
    pub search: Option<String>,
    /// account-ledger: the account code, e.g. 1122.
    #[arg(long)]
    pub account: Option<String>,
    /// stock-moves: the product's SKU or barcode.
    #[arg(long)]
    pub product: Option<String>,
    /// tickets: only this customer's (customer code).
    #[arg(long)]
    pub customer: Option<String>,
}

/// Exports the list as the user; prints where the file is and how many rows it holds.
pub fn run(db: &Db, actor: &Actor, a: &ExportArgs, output_dir: PathBuf, lang: Lang) -> CliResult {
    let fail = |e| Failure::from((lang, e));
    let args = ListArgs {
        from: a.from,
        to: a.to,
        search: a.search.clone(),
        status: a.status.clone(),
        account: a.account.clone(),
        product: a.product.clone(),
        customer: a.customer.clone(),
        preset: a.period.map(|p| match p {
            PeriodArg::ThisMonth => Preset::ThisMonth,
            PeriodArg::LastMonth => Preset::LastMonth,
            PeriodArg::ThisYear => Preset::ThisYear,
        }),
        compare: a.compare.clone(),
        viewer: Some(actor.clone()),
    };
    let source = export::source_by_name(db, &a.list, &args).map_err(fail)?;
    let format = match a.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Xlsx => Format::Xlsx,
    };
    let target = match &a.out {
        Some(file) => Target::File(file.clone()),
        None => Target::Folder {
            dir: output_dir,
            create: true,
        },
    };
    let done = export::export(db, actor, source.as_ref(), format, &target, lang).map_err(fail)?;
    println!(
        "{}",
        bi!(
            lang,
            "已导出 {} 行到 {}",
            "Exported {} rows to {}",
            done.rows,
            done.path.display()
        )
    );
    Ok(ExitCode::SUCCESS)
}

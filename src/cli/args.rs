//! The command line as clap reads it: the subcommands and their arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// orderdesk — order-to-cash for small businesses, on one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "orderdesk", version, about, long_about = None)]
pub struct Cli {
    /// Database file (else ORDERDESK_DB, the config file, the platform data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file (default: the platform config folder's orderdesk/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of messages: zh-CN or en (default: config, then the locale).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Acting user for commands that need one (else ORDERDESK_USER, else the user
    /// mapped to the operating-system account). Password from ORDERDESK_PASSWORD or a
    /// prompt.
    #[arg(long, global = true, value_name = "USER")]
    pub user: Option<String>,
    /// Open the demo database (created with the small demo data set on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database with a company and its first administrator.
    Init(InitArgs),
    /// Create a new database filled with the deterministic demo data set.
    Demo(DemoArgs),
    /// Show the database path, file system, journal mode, schema version and counts.
    Info,
    /// Check integrity and every invariant; exits non-zero when anything is wrong.
    Check,
    /// Copy the database online (other users may keep working), then check the copy.
    Backup {
        /// Where to write the copy; must not exist.
        dest: PathBuf,
    },
    /// Manage users (administrators only).
    #[command(subcommand)]
    User(UserCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Show an order, or approve, reject, hold or release it.
    #[command(subcommand)]
    Order(super::order::OrderCommand),
    /// Make and print pick lists (拣货单).
    #[command(subcommand)]
    Pick(super::goods::PickCommand),
    /// Print shipments as delivery notes (出库单), or mark them delivered (签收).
    #[command(subcommand)]
    Ship(super::goods::ShipCommand),
    /// Issue and show invoices (销售发票).
    #[command(subcommand)]
    Invoice(super::cash::InvoiceCommand),
    /// Record and show payments (收款单).
    #[command(subcommand)]
    Payment(super::cash::PaymentCommand),
    /// The books: trial balance, journal export.
    #[command(subcommand)]
    Ledger(super::cash::LedgerCommand),
    /// Accounting periods (months).
    #[command(subcommand)]
    Period(super::cash::PeriodCommand),
    /// Returns and exchanges (退货 / 换货): open, receive, credit, exchange.
    #[command(subcommand)]
    Return(super::returns::ReturnCommand),
    /// Export a list or report to a CSV or XLSX file (orders, customers, stock,
    /// invoices, the trial balance, …).
    Export(super::export::ExportArgs),
    /// Complaint and feedback tickets (客诉): open, list, log, resolve, close.
    #[command(subcommand)]
    Ticket(super::tickets::TicketCommand),
    /// The shortage list (缺货跟进).
    #[command(subcommand)]
    Shortage(super::shortage::ShortageCommand),
    /// Purchase and production requests (请购单) for short products.
    #[command(subcommand)]
    Purchase(super::shortage::PurchaseCommand),
    /// The figures of a period (数据分析): summary, sales, processing times, staff
    /// performance, receivables aging; as text or CSV (to Excel: export figures-…).
    #[command(subcommand)]
    Report(super::report::ReportCommand),
    /// Credit: a customer's position, the sweep of overdue customers, releasing a hold.
    #[command(subcommand)]
    Credit(super::credit::CreditCommand),
    /// Company settings: the walk-in customer (散客) of counter sales.
    #[command(subcommand)]
    Settings(super::credit::SettingsCommand),
    /// Concurrent writer used by the multi-process tests.
    #[command(hide = true)]
    Stress(super::stress::StressArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Company name, e.g. 华信五金批发有限公司.
    #[arg(long)]
    pub company: String,
    /// User name of the first administrator.
    #[arg(long)]
    pub admin: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    Small,
    Large,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// small: a hardware wholesaler to explore; large: about 1,000,000 orders for benchmarks.
    #[arg(long, value_enum, default_value = "small")]
    pub scale: ScaleArg,
    /// Seed of the generator: the same seed and date give the same data.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The business date the data is built around (default: today), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the new password from ORDERDESK_NEW_PASSWORD or a prompt.
    Add {
        username: String,
        /// Roles, comma separated: admin, sales, manager, warehouse, finance.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// Display name, e.g. 张丽.
        #[arg(long, default_value = "")]
        name: String,
        /// Operating-system account mapped to this user on a shared server.
        #[arg(long)]
        os_user: Option<String>,
        /// Orders up to this amount need no amount approval.
        #[arg(long, default_value = "0")]
        approval_limit: String,
    },
    /// List users.
    List,
    /// Set a user's password (and unlock it); from ORDERDESK_NEW_PASSWORD or a prompt.
    Passwd { username: String },
    /// Disable a user.
    Disable { username: String },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import orders from web shops, e-mail and other channels: a .csv (UTF-8 or GBK,
    /// header row), an Excel workbook (.xlsx, the first sheet laid out as the CSV file)
    /// or a .json file. Each order is created and submitted; an order whose channel
    /// reference was imported before is skipped.
    Orders {
        /// The file, .csv, .xlsx or .json.
        file: PathBuf,
        /// Import the good orders and report the others (default: all or nothing).
        #[arg(long)]
        partial: bool,
    },
    /// Mark shipments delivered from a carrier's export: a .csv (UTF-8, header row)
    /// with tracking number, status (delivered, refused, damaged, lost), signed at,
    /// signer. Importing the same file again changes nothing; unknown tracking numbers
    /// are reported.
    Deliveries {
        /// The file, .csv.
        file: PathBuf,
    },
    /// Record payments from a bank, WeChat Pay or Alipay statement export: a .csv (UTF-8
    /// or GBK, header row) or an Excel workbook (.xlsx, its first sheet) with date, payer
    /// (customer code or name), amount (¥ and thousands separators allowed), method,
    /// reference. Importing the same file again records nothing new; unknown payers are
    /// reported.
    Payments {
        /// The file, .csv or .xlsx.
        file: PathBuf,
    },
}

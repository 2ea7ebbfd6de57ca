//! `orderdesk credit …` and `orderdesk settings walk-in`: a customer's credit position,
//! the daily sweep that holds overdue customers, a hold released with a reason, and the
//! walk-in customer (散客) of counter sales, for scripts and the office.

use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::i18n::{Lang, Localized};
use crate::ops::{self, cash, Actor, Db};

#[derive(Debug, Subcommand)]
pub enum CreditCommand {
    /// A customer's credit position: owed, approved orders not invoiced, exposure,
    /// limit, what is overdue, and a hold or its release.
    Show {
        /// Customer code.
        customer: String,
    },
    /// Put every customer overdue beyond the grace days on credit hold (the daily
    /// sweep, e.g. from cron); a hold finance released covers what was overdue then.
    Sweep,
    /// Release a customer's credit hold (解除信用冻结), with the reason (finance).
    Release {
        /// Customer code.
        customer: String,
        /// Why the customer may buy on, e.g. "owner guarantees payment by month end".
        #[arg(long)]
        reason: String,
    },
}

impl CreditCommand {
    pub fn writes(&self) -> bool {
        !matches!(self, CreditCommand::Show { .. })
    }
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the walk-in customer (散客) that counter sales without a customer go to, or
    /// set it by customer code (administrators); --clear removes it.
    WalkIn {
        /// Customer code; omit to show the one set.
        customer: Option<String>,
        /// No walk-in customer: a counter sale must then name its customer.
        #[arg(long, conflicts_with = "customer")]
        clear: bool,
    },
    /// Show a customer's default carrier (默认承运商), which wave planning shows, sorts
    /// and filters its orders by; or set it by carrier code or name; --clear removes it.
    Carrier {
        /// Customer code.
        customer: String,
        /// Carrier code or name, e.g. SF; omit to show the one set.
        carrier: Option<String>,
        /// No default carrier for this customer.
        #[arg(long, conflicts_with = "carrier")]
        clear: bool,
    },
}

impl SettingsCommand {
    pub fn writes(&self) -> bool {
        match self {
            SettingsCommand::WalkIn { customer, clear } => customer.is_some() || *clear,
            SettingsCommand::Carrier { carrier, clear, .. } => carrier.is_some() || *clear,
        }
    }
}

fn fail(lang: Lang) -> impl Fn(ops::Error) -> Failure {
    move |e| Failure(e.localized(lang))
}

pub fn run_credit(db: &Db, actor: Option<&Actor>, cmd: &CreditCommand, lang: Lang) -> CliResult {
    match (cmd, actor) {
        (CreditCommand::Show { customer }, _) => {
            let r = cash::customer_receivables(db, customer).map_err(fail(lang))?;
            let p = &r.position;
            println!("{} {}", r.code, crate::domain::text::shown(&r.name));
            println!(
                "{}",
                bi!(
                    lang,
                    "应收 {} · 已审核未开票 {} · 信用占用 {} · 额度 {} · 可用 {}",
                    "owed {} · approved not invoiced {} · exposure {} · limit {} · left {}",
                    p.open_ar,
                    p.uninvoiced,
                    p.exposure,
                    p.credit_limit,
                    p.credit_left()
                )
            );
            if p.overdue.is_positive() {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "逾期 {}（最久 {} 天）",
                        "overdue {} (oldest {} days)",
                        p.overdue,
                        p.overdue_days
                    )
                );
            }
            if p.on_hold {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "信用冻结：{}",
                        "on credit hold: {}",
                        crate::domain::text::shown(p.hold_reason.as_deref().unwrap_or(""))
                    )
                );
            } else if let Some(rel) = &p.release {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "信用冻结已由 {} 于 {} 解除：{}",
                        "credit hold released by {} on {}: {}",
                        crate::domain::text::shown(&rel.released_by),
                        rel.date,
                        crate::domain::text::shown(&rel.reason)
                    )
                );
            }
        }
        (CreditCommand::Sweep, Some(actor)) => {
            let n = cash::hold_overdue_customers(db, actor).map_err(fail(lang))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 个客户因逾期被信用冻结",
                    "{} customers put on credit hold for overdue invoices",
                    n
                )
            );
        }
        (CreditCommand::Release { customer, reason }, Some(actor)) => {
            cash::release_credit_hold(db, actor, customer, reason).map_err(fail(lang))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 的信用冻结已解除",
                    "the credit hold of {} is released",
                    customer
                )
            );
        }
        (_, None) => return Err(Failure(lang.pick("需要登录", "a user is needed").into())),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_settings(
    db: &Db,
    actor: Option<&Actor>,
    cmd: &SettingsCommand,
    lang: Lang,
) -> CliResult {
    match cmd {
        SettingsCommand::WalkIn { customer, clear } => {
            if let Some(actor) = actor.filter(|_| customer.is_some() || *clear) {
                let code = customer.as_deref().unwrap_or("");
                cash::set_walk_in_customer(db, actor, code).map_err(fail(lang))?;
            }
            match cash::walk_in_customer(db).map_err(fail(lang))? {
                Some(code) => println!(
                    "{}",
                    bi!(lang, "散客客户：{}", "walk-in customer: {}", code)
                ),
                None => println!(
                    "{}",
                    lang.pick("未设置散客客户", "no walk-in customer is set")
                ),
            }
        }
        SettingsCommand::Carrier {
            customer,
            carrier,
            clear,
        } => {
            if let Some(actor) = actor.filter(|_| carrier.is_some() || *clear) {
                ops::master::set_default_carrier_by_code(db, actor, customer, carrier.as_deref())
                    .map_err(fail(lang))?;
            }
            match ops::master::default_carrier_of(db, customer).map_err(fail(lang))? {
                Some(name) => println!(
                    "{}",
                    bi!(
                        lang,
                        "{} 的默认承运商：{}",
                        "default carrier of {}: {}",
                        crate::domain::text::shown(customer.trim()),
                        crate::domain::text::shown(&name)
                    )
                ),
                None => println!(
                    "{}",
                    bi!(
                        lang,
                        "{} 未设默认承运商",
                        "{} has no default carrier",
                        crate::domain::text::shown(customer.trim())
                    )
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

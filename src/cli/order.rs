//! `orderdesk order …`: look at an order and decide on it from the command line
//! (approve, reject, hold, release), for managers and finance away from the screens.

use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::i18n::Lang;
use crate::ops::Db;
use crate::ops::{self, approval, orders, Actor};

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Print an order as its confirmation (订单确认函).
    Show {
        /// The order number, e.g. SO-2026-000123.
        number: String,
        /// Line width of the printout (80 for A4 and dot-matrix, 42 or 32 for thermal).
        #[arg(long, default_value_t = 80)]
        width: usize,
    },
    /// Approve an order waiting in the queue; its stock is reserved at once.
    Approve { number: String },
    /// Reject an order back to its author, with a reason.
    Reject {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Put an order on hold, with a reason.
    Hold {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Release a hold.
    Release { number: String },
}

impl OrderCommand {
    /// Whether the command changes anything (and so needs a logged-in user).
    pub fn writes(&self) -> bool {
        !matches!(self, OrderCommand::Show { .. })
    }
}

pub fn run(db: &Db, actor: Option<&Actor>, cmd: &OrderCommand, lang: Lang) -> CliResult {
    let fail = |e: ops::Error| Failure::from((lang, e));
    let number = match cmd {
        OrderCommand::Show { number, .. }
        | OrderCommand::Approve { number }
        | OrderCommand::Reject { number, .. }
        | OrderCommand::Hold { number, .. }
        | OrderCommand::Release { number } => number,
    };
    let row = orders::order_by_number(db, number).map_err(fail)?;
    let Some(actor) = actor.filter(|_| cmd.writes()) else {
        if let OrderCommand::Show { width, .. } = cmd {
            let d = orders::order_detail(db, row.id).map_err(fail)?;
            print!(
                "{}",
                crate::print::confirmation_text(&d, lang, (*width).clamp(32, 200))
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    match cmd {
        OrderCommand::Show { .. } => {}
        OrderCommand::Approve { .. } => {
            match approval::approve_order(db, actor, row.id, row.version).map_err(fail)? {
                approval::Outcome::Approved { backordered: 0 } => {
                    println!(
                        "{}",
                        bi!(
                            lang,
                            "{} 已审核，库存已预留。",
                            "{} approved; its stock is reserved.",
                            number
                        )
                    )
                }
                approval::Outcome::Approved { backordered } => println!(
                    "{}",
                    bi!(
                        lang,
                        "{} 已审核；{} 行库存不足，已登记缺货。",
                        "{} approved; {} short and backordered.",
                        number,
                        match lang {
                            Lang::Zh => backordered.to_string(),
                            Lang::En => crate::i18n::count_en(backordered, "line is", "lines are"),
                        }
                    )
                ),
                approval::Outcome::Waiting(_) => {}
            }
        }
        OrderCommand::Reject { reason, .. } => {
            approval::reject_order(db, actor, row.id, row.version, reason).map_err(fail)?;
            println!("{}", bi!(lang, "{} 已驳回。", "{} rejected.", number));
        }
        OrderCommand::Hold { reason, .. } => {
            approval::hold_order(db, actor, row.id, row.version, reason).map_err(fail)?;
            println!("{}", bi!(lang, "{} 已暂停。", "{} is on hold.", number));
        }
        OrderCommand::Release { .. } => {
            let to = approval::release_hold(db, actor, row.id, row.version).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已恢复：{}。",
                    "{} released: {}.",
                    number,
                    to.label(lang)
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `orderdesk pick …` and `orderdesk ship …`: pick lists and shipments for scripts, and
//! `orderdesk import deliveries`: a carrier's delivery export.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::config::Config;
use crate::i18n::{Lang, Localized};
use crate::ops::{self, picking, shipping, Actor};
use crate::store::Db;

#[derive(Debug, Subcommand)]
pub enum PickCommand {
    /// Make a pick list (拣货单) of the reserved, unpicked stock of one or more approved
    /// orders; prints its number and writes it to the output folder (.txt and .html).
    Create {
        /// Order numbers, e.g. SO-2026-000123 SO-2026-000124.
        #[arg(required = true)]
        orders: Vec<String>,
        /// Assign it to this picker (a user name).
        #[arg(long)]
        picker: Option<String>,
    },
    /// Print a pick list, tasks in walking order.
    Show {
        /// The pick list number, e.g. PL-2026-000012.
        number: String,
        /// Line width of the printout.
        #[arg(long, default_value_t = 80)]
        width: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShipCommand {
    /// Print a shipment as its delivery note (出库单).
    Show {
        /// The shipment number (SH-2026-000034) or its tracking number.
        number: String,
        /// Line width: 80 for dot-matrix paper, 136 for wide multi-part forms.
        #[arg(long, default_value_t = 80)]
        width: usize,
    },
    /// Mark a shipment delivered (签收).
    Deliver {
        /// The shipment number or its tracking number.
        number: String,
        /// Who signed for it.
        #[arg(long)]
        signer: String,
        /// The date signed, e.g. 2026-12-01 (default: today).
        #[arg(long, default_value = "")]
        date: String,
    },
}

impl PickCommand {
    pub fn writes(&self) -> bool {
        matches!(self, PickCommand::Create { .. })
    }
}

impl ShipCommand {
    pub fn writes(&self) -> bool {
        matches!(self, ShipCommand::Deliver { .. })
    }
}

pub fn run_pick(
    db: &Db,
    actor: Option<&Actor>,
    cmd: &PickCommand,
    lang: Lang,
    config: &Config,
) -> CliResult {
    let fail = |e: ops::Error| Failure::from((lang, e));
    match (cmd, actor) {
        (PickCommand::Show { number, width }, _) => {
            let v = picking::pick_list(db, number).map_err(fail)?;
            print!(
                "{}",
                crate::print::goods::pick_list_text(&v, lang, (*width).clamp(60, 200))
            );
        }
        (PickCommand::Create { orders, picker }, Some(actor)) => {
            let made =
                picking::create_pick_list(db, actor, orders, picker.as_deref()).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已生成拣货单 {}：{} 项任务。",
                    "Pick list {} made: {} tasks.",
                    made.number,
                    made.tasks
                )
            );
            for u in &made.uncovered {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "  {} 第 {} 行 {}：{} 没有可拣的库存（只剩过期批次或不在存储库位）",
                        "  {} line {} {}: {} has no stock to pick (only expired lots, or not in storage bins)",
                        u.order,
                        u.line_no,
                        u.sku,
                        u.qty
                    )
                );
            }
            let v = picking::pick_list(db, &made.number).map_err(fail)?;
            let (txt, _) = crate::print::goods::write_pick_list(&config.output_dir(), &v, lang)
                .map_err(|e| Failure(e.localized(lang)))?;
            println!("{}", txt.display());
        }
        (PickCommand::Create { .. }, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_ship(db: &Db, actor: Option<&Actor>, cmd: &ShipCommand, lang: Lang) -> CliResult {
    let fail = |e: ops::Error| Failure::from((lang, e));
    match (cmd, actor) {
        (ShipCommand::Show { number, width }, _) => {
            let v = shipping::shipment(db, number).map_err(fail)?;
            let company = ops::setup::company_name(db).map_err(fail)?;
            print!(
                "{}",
                crate::print::goods::delivery_note_text(
                    &v,
                    &company,
                    lang,
                    (*width).clamp(60, 200)
                )
            );
        }
        (
            ShipCommand::Deliver {
                number,
                signer,
                date,
            },
            Some(actor),
        ) => {
            let d = shipping::deliver(db, actor, number, signer, date).map_err(fail)?;
            println!(
                "{}",
                if d.order_closed {
                    bi!(
                        lang,
                        "{} 已签收，订单已完成。",
                        "{} delivered; the order is complete.",
                        d.number
                    )
                } else {
                    bi!(lang, "{} 已签收。", "{} delivered.", d.number)
                }
            );
        }
        (ShipCommand::Deliver { .. }, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports a carrier's delivery export; exits non-zero when a row was unknown or refused.
pub fn import_deliveries(db: &Db, actor: &Actor, file: &Path, lang: Lang) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| {
        Failure(bi!(
            lang,
            "无法读取 {}：{}",
            "Cannot read {}: {}",
            file.display(),
            crate::i18n::io_reason(&e, lang)
        ))
    })?;
    let rows = shipping::parse_deliveries_csv(&bytes).map_err(|e| Failure::from((lang, e)))?;
    let r = shipping::import_deliveries(db, actor, &rows, lang)
        .map_err(|e| Failure::from((lang, e)))?;
    println!(
        "{}",
        bi!(
            lang,
            "签收 {} 单，异常 {} 单，此前已登记 {} 单，仍在途 {} 单。",
            "{} delivered, {} exceptions, {} settled before, {} still in transit.",
            r.delivered.len(),
            r.exceptions.len(),
            r.already.len(),
            r.in_transit.len()
        )
    );
    for t in &r.unknown {
        println!(
            "{}",
            bi!(
                lang,
                "  未知运单号：{}",
                "  Unknown tracking number: {}",
                crate::domain::text::shown(t)
            )
        );
    }
    for (t, why) in &r.refused {
        println!("  {}: {}", crate::domain::text::shown(t), why);
    }
    Ok(if r.unknown.is_empty() && r.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

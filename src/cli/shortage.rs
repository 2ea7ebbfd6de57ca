//! `orderdesk shortage list` and `orderdesk purchase …`: the shortage list (缺货跟进)
//! and the purchase and production requests (请购单) made from it, for scripts; goods
//! arrive by a stock receipt that names the request.

use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::domain::money::Qty;
use crate::domain::purchase::{RequestKind, RequestStatus};
use crate::domain::text::{pad_to_width, shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::shortage::{self, RequestFilter, RequestInput, RequestRow};
use crate::ops::{self, Actor};
use crate::store::Db;

const STATES: [&str; 6] = ["pending", "all", "open", "ordered", "received", "cancelled"];

#[derive(Debug, Subcommand)]
pub enum ShortageCommand {
    /// The shortage list: backordered quantities by product, most urgent first, with the
    /// orders waiting, the stock by warehouse, and the requests that bring more.
    List {
        /// How many products at most.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PurchaseCommand {
    /// Make a purchase request (请购单) to a supplier, or with --production a production
    /// request to a workshop; prints its number.
    Create {
        /// The product (SKU or barcode).
        #[arg(long)]
        product: String,
        /// How many.
        #[arg(long)]
        qty: String,
        /// When the goods are expected, e.g. 2026-12-20, 12/20 or +7.
        #[arg(long)]
        expected: String,
        /// The supplier (or the workshop, with --production).
        #[arg(long)]
        supplier: String,
        /// Made by a workshop, not bought.
        #[arg(long)]
        production: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List requests, newest first.
    List {
        /// pending (open or ordered, the default), all, open, ordered, received or
        /// cancelled.
        #[arg(long, default_value = "pending", value_parser = STATES)]
        status: String,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Show a request with the receipts that brought its goods.
    Show {
        /// PR-2026-000004.
        number: String,
    },
    /// Mark a request ordered (已下单).
    Order { number: String },
    /// Cancel a request that received nothing, with the reason.
    Cancel {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Receive the goods of a request: a stock receipt counted against it, which fills
    /// the backorders waiting for them.
    Receive {
        number: String,
        /// The bin the goods go to.
        #[arg(long)]
        bin: String,
        /// How many (default: what is still to come).
        #[arg(long, default_value = "")]
        qty: String,
        /// Lot number, for products tracked by lot.
        #[arg(long, default_value = "")]
        lot: String,
        /// Expiry date, for products that track expiry.
        #[arg(long, default_value = "")]
        expiry: String,
        /// Unit cost (default: the current average cost).
        #[arg(long, default_value = "")]
        cost: String,
    },
}

impl PurchaseCommand {
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            PurchaseCommand::List { .. } | PurchaseCommand::Show { .. }
        )
    }
}

pub fn run_shortage(db: &Db, cmd: &ShortageCommand, lang: Lang) -> CliResult {
    let ShortageCommand::List { limit } = cmd;
    let rows = shortage::shortage_page(db, None, (*limit).clamp(1, 1000))
        .map_err(|e| Failure::from((lang, e)))?;
    if rows.is_empty() {
        println!("{}", lang.pick("没有缺货。", "Nothing is short."));
    }
    for s in &rows {
        let requested = s
            .earliest_requested
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into());
        println!(
            "{}  {}  {} {}  {} {}  {} {}  {}",
            pad_to_width(&s.sku, 12),
            pad_to_width(&truncate_to_width(&shown(&s.name), 20), 20),
            lang.pick("缺", "short"),
            s.backordered,
            s.orders,
            lang.pick("单", "orders"),
            s.urgency.label(lang),
            requested,
            bi!(
                lang,
                "现有 {} 已留 {} 可用 {}",
                "on hand {} reserved {} available {}",
                s.on_hand,
                s.reserved,
                s.available
            )
        );
        let stock: Vec<String> = s
            .warehouses
            .iter()
            .map(|w| format!("{} {}", w.code, Qty::from_db(w.storage + w.other)))
            .collect();
        if !stock.is_empty() {
            println!(
                "    {}{}",
                lang.pick("各仓：", "by warehouse: "),
                stock.join(", ")
            );
        }
        match &s.expected {
            Some((d, number)) => println!(
                "    {}",
                bi!(
                    lang,
                    "已请购 {}，最早 {} 到货（{}）；还需 {}",
                    "requested {}, the first expected {} ({}); still uncovered {}",
                    s.requested,
                    d,
                    number,
                    s.uncovered()
                )
            ),
            None => println!("    {}", lang.pick("尚未请购", "no request yet")),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_request(r: &RequestRow, lang: Lang) {
    println!(
        "{}  {}  {}  {} {}  {} {}/{}  {} {}  {}",
        r.number,
        pad_to_width(r.status.label(lang), 6),
        r.kind.label(lang),
        r.sku,
        truncate_to_width(&shown(&r.product_name), 16),
        lang.pick("到/请", "got/asked"),
        Qty::from_db(r.qty_received),
        Qty::from_db(r.qty),
        lang.pick("预计", "expected"),
        r.expected_date,
        shown(&r.supplier)
    );
}

pub fn run_purchase(
    db: &Db,
    actor: Option<&Actor>,
    cmd: &PurchaseCommand,
    lang: Lang,
) -> CliResult {
    let fail = |e: ops::Error| Failure::from((lang, e));
    let need = || {
        actor.ok_or_else(|| {
            Failure(
                lang.pick("需要登录用户。", "A logged-in user is needed.")
                    .to_string(),
            )
        })
    };
    match cmd {
        PurchaseCommand::Create {
            product,
            qty,
            expected,
            supplier,
            production,
            note,
        } => {
            let kind = if *production {
                RequestKind::Production
            } else {
                RequestKind::Purchase
            };
            let made = shortage::create_request(
                db,
                need()?,
                &RequestInput {
                    product: product.clone(),
                    kind,
                    supplier: supplier.clone(),
                    qty: qty.clone(),
                    expected: expected.clone(),
                    note: note.clone(),
                },
            )
            .map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已开请购单 {}，预计 {} 到货。",
                    "Purchase request {} made; expected {}.",
                    made.number,
                    made.expected
                )
            );
        }
        PurchaseCommand::List { status, limit } => {
            let filter = match status.as_str() {
                "all" => RequestFilter::All,
                "pending" => RequestFilter::Pending,
                s => RequestStatus::parse(s)
                    .map(RequestFilter::Status)
                    .unwrap_or_default(),
            };
            let rows =
                shortage::requests_page(db, filter, None, (*limit).clamp(1, 1000)).map_err(fail)?;
            if rows.is_empty() {
                println!("{}", lang.pick("没有这样的请购单。", "No such requests."));
            }
            for r in &rows {
                print_request(r, lang);
            }
        }
        PurchaseCommand::Show { number } => {
            let (r, receipts) = shortage::request(db, number).map_err(fail)?;
            print_request(&r, lang);
            if !r.note.is_empty() {
                println!("  {}", shown(&r.note));
            }
            if let Some(reason) = &r.cancel_reason {
                println!(
                    "  {}",
                    bi!(lang, "取消原因：{}", "Cancelled: {}", shown(reason))
                );
            }
            for x in &receipts {
                println!("  {} {} +{}", x.doc_no, x.at_local, x.qty);
            }
        }
        PurchaseCommand::Order { number } => {
            shortage::mark_ordered(db, need()?, number).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已下单。",
                    "{} ordered.",
                    number.trim().to_uppercase()
                )
            );
        }
        PurchaseCommand::Cancel { number, reason } => {
            shortage::cancel_request(db, need()?, number, reason).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已取消。",
                    "{} cancelled.",
                    number.trim().to_uppercase()
                )
            );
        }
        PurchaseCommand::Receive {
            number,
            bin,
            qty,
            lot,
            expiry,
            cost,
        } => {
            let (r, _) = shortage::request(db, number).map_err(fail)?;
            let qty = if qty.trim().is_empty() {
                Qty::from_db((r.qty - r.qty_received).max(0)).to_string()
            } else {
                qty.clone()
            };
            let done = ops::stock::receive_stock(
                db,
                need()?,
                &ops::stock::ReceiptInput {
                    product: r.sku.clone(),
                    bin: bin.clone(),
                    lot: lot.clone(),
                    expiry: expiry.clone(),
                    qty,
                    unit_cost: cost.clone(),
                    note: String::new(),
                    request: r.number.clone(),
                },
            )
            .map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "入库单 {}：{} 现有 {}，计入请购单 {}。",
                    "Receipt {}: {} on hand {}, counted on {}.",
                    done.doc_no,
                    r.sku,
                    done.on_hand,
                    r.number
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

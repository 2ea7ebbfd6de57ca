//! `orderdesk return …`: returns and exchanges (退货 / 换货, RMA-) for scripts and for
//! the office without a terminal screen: open, show and list returns, receive their
//! goods, write off lost ones, credit, exchange, cancel and close them.

use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::domain::money::{Money, Qty};
use crate::domain::returns::{Condition, ReturnReason, ReturnStatus, Settlement};
use crate::i18n::Lang;
use crate::ops::returns::{self, CreditInput, ReceiveInput, ReturnInput, ReturnLineInput};
use crate::ops::{self, Actor, Db};

#[derive(Debug, Subcommand)]
pub enum ReturnCommand {
    /// Open a return (退货单) of goods of one shipment: delivered goods, or goods the
    /// customer refused or the carrier lost. Prints its RMA- number.
    Create {
        /// The shipment number (SH-2026-000034) or its tracking number.
        #[arg(long)]
        shipment: String,
        /// What comes back: order line and quantity, e.g. --line 1:3 (repeat for more).
        #[arg(long = "line", value_name = "LINE:QTY", required = true)]
        lines: Vec<String>,
        /// wrong_item, damaged, quality, changed_mind, refused, lost or other.
        #[arg(long)]
        reason: String,
        /// The customer's code: refused when the goods went to another customer.
        #[arg(long, default_value = "")]
        customer: String,
        /// What the customer said.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Show a return with its lines and what was received.
    Show {
        /// RMA-2026-000012.
        number: String,
    },
    /// List returns, newest first.
    List {
        /// Only those in this state: open, partly_received, received, credited, closed,
        /// cancelled.
        #[arg(long)]
        status: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Receive returned goods (退货收货) into the return bin, in a condition.
    Receive {
        /// RMA-2026-000012.
        number: String,
        /// The item's barcode or SKU, or a GS1 label (its lot and count are read).
        #[arg(long)]
        item: String,
        /// How many (default: one, or the label's count).
        #[arg(long, default_value = "")]
        qty: String,
        /// sellable (back to stock), quarantine (待检, not for sale) or scrap (报废).
        #[arg(long, default_value = "sellable")]
        condition: String,
        /// Where sellable goods go (default: the product's bin, else where they were picked).
        #[arg(long, default_value = "")]
        bin: String,
    },
    /// Write off what is still to come of a return of goods the carrier lost (运输丢失).
    Lost {
        /// RMA-2026-000012.
        number: String,
        /// What happened, e.g. the carrier's confirmation.
        #[arg(long)]
        note: String,
    },
    /// Credit a received return: a credit note (红字发票) against the invoice, the money
    /// paid back or kept as prepayment; goods not yet invoiced are invoiced that much less.
    Credit {
        /// RMA-2026-000012.
        number: String,
        /// refund (退款) or prepayment (转预收款).
        #[arg(long, default_value = "prepayment")]
        settle: String,
        /// The amount to credit, less than the goods' value for a restocking charge
        /// (default: their value as invoiced).
        #[arg(long, default_value = "")]
        amount: String,
    },
    /// Make the replacement order of a return (换货), submitted through the approval rules.
    Exchange {
        /// RMA-2026-000012.
        number: String,
    },
    /// Cancel a return on which nothing was received.
    Cancel {
        /// RMA-2026-000012.
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Close a credited return.
    Close {
        /// RMA-2026-000012.
        number: String,
    },
}

impl ReturnCommand {
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            ReturnCommand::Show { .. } | ReturnCommand::List { .. }
        )
    }
}

fn fail(lang: Lang) -> impl Fn(ops::Error) -> Failure {
    move |e| Failure::from((lang, e))
}

fn bad_value(lang: Lang, what: &str, value: &str, allowed: &str) -> Failure {
    Failure(bi!(
        lang,
        "{}“{}”无效，可选：{}",
        "{} \"{}\" is not valid; use one of: {}",
        what,
        crate::domain::text::shown(value),
        allowed
    ))
}

fn lines_of(lang: Lang, typed: &[String]) -> Result<Vec<ReturnLineInput>, Failure> {
    typed
        .iter()
        .map(|t| {
            let (line, qty) = t.split_once(':').unwrap_or((t.as_str(), ""));
            let line_no = line.trim().parse::<i64>().map_err(|_| {
                Failure(bi!(
                    lang,
                    "“{}”无效：请写成 行号:数量，例如 --line 1:3",
                    "\"{}\" is not valid: write line:quantity, e.g. --line 1:3",
                    crate::domain::text::shown(t)
                ))
            })?;
            Ok(ReturnLineInput {
                line_no,
                qty: qty.trim().to_string(),
            })
        })
        .collect()
}

fn print_return(v: &returns::ReturnView, lang: Lang) {
    let h = &v.head;
    println!(
        "{}  {}  {}",
        h.number,
        h.status.label(lang),
        h.reason.label(lang)
    );
    println!(
        "{}",
        bi!(
            lang,
            "客户 {}（{}）  订单 {}  发货单 {}{}",
            "Customer {} ({})  order {}  shipment {}{}",
            h.customer_name,
            h.customer_code,
            h.order_no.clone().unwrap_or_default(),
            h.shipment_no,
            if h.undelivered {
                lang.pick("（未签收）", " (never signed for)")
            } else {
                ""
            }
        )
    );
    if !h.note.is_empty() {
        println!("{}", crate::domain::text::shown(&h.note));
    }
    if let Some(why) = &h.cancel_reason {
        println!(
            "{}",
            bi!(
                lang,
                "取消原因：{}",
                "Cancelled: {}",
                crate::domain::text::shown(why)
            )
        );
    }
    for l in &v.lines {
        println!(
            "{}",
            bi!(
                lang,
                "  {} 订单行{} {} {} 批次{}：退 {}，可售 {}，待检 {}，报废 {}，丢失 {}",
                "  {} order line {} {} {} lot {}: {} back, sellable {}, quarantine {}, scrapped {}, lost {}",
                l.line_no,
                l.order_line_no,
                l.sku,
                l.name,
                if l.lot_no.is_empty() { "-" } else { &l.lot_no },
                Qty::from_db(l.qty),
                Qty::from_db(l.qty_sellable),
                Qty::from_db(l.qty_quarantine),
                Qty::from_db(l.qty_scrapped),
                Qty::from_db(l.qty_lost)
            )
        );
    }
    if let Some(cn) = &h.credit_note_no {
        println!(
            "{}",
            bi!(
                lang,
                "红字发票 {}：{}，退款 {}，转预收款 {}",
                "Credit note {}: {}, refunded {}, kept as prepayment {}",
                cn,
                Money::from_minor(h.credit_minor),
                Money::from_minor(h.refund_minor),
                Money::from_minor(h.prepaid_minor)
            )
        );
    }
    let uninvoiced: i64 = v.lines.iter().map(|l| l.qty_uninvoiced).sum();
    if uninvoiced > 0 {
        println!(
            "{}",
            bi!(
                lang,
                "未开票即退回 {}：开票时相应减少",
                "{} came back before it was invoiced: it will not be invoiced",
                Qty::from_db(uninvoiced)
            )
        );
    }
    if let Some(x) = &h.exchange_order_no {
        println!("{}", bi!(lang, "换货订单 {}", "Exchange order {}", x));
    }
}

pub fn run(db: &Db, actor: Option<&Actor>, cmd: &ReturnCommand, lang: Lang) -> CliResult {
    let fail = fail(lang);
    match (cmd, actor) {
        (ReturnCommand::Show { number }, _) => {
            print_return(&returns::return_view(db, number).map_err(fail)?, lang);
        }
        (ReturnCommand::List { status, limit }, _) => {
            let status = match status.as_deref() {
                None => None,
                Some(s) => Some(ReturnStatus::parse(s).ok_or_else(|| {
                    bad_value(
                        lang,
                        lang.pick("状态", "State"),
                        s,
                        "open, partly_received, received, credited, closed, cancelled",
                    )
                })?),
            };
            for r in returns::returns_page(db, status, i64::MAX, (*limit).clamp(1, 1000))
                .map_err(fail)?
            {
                println!(
                    "{}  {}  {}  {}  {}  {}",
                    r.number,
                    r.created_at.get(..10).unwrap_or(&r.created_at),
                    r.status.label(lang),
                    r.customer_name,
                    r.order_no.clone().unwrap_or_default(),
                    Qty::from_db(r.qty)
                );
            }
        }
        (
            ReturnCommand::Create {
                shipment,
                lines,
                reason,
                customer,
                note,
            },
            Some(actor),
        ) => {
            let reason = ReturnReason::parse(reason).ok_or_else(|| {
                bad_value(
                    lang,
                    lang.pick("退货原因", "Reason"),
                    reason,
                    "wrong_item, damaged, quality, changed_mind, refused, lost, other",
                )
            })?;
            let input = ReturnInput {
                shipment: shipment.clone(),
                customer: customer.clone(),
                reason,
                note: note.clone(),
                lines: lines_of(lang, lines)?,
            };
            let o = returns::open_return(db, actor, &input).map_err(fail)?;
            println!(
                "{}",
                bi!(lang, "已开退货单 {}。", "Return {} opened.", o.number)
            );
        }
        (
            ReturnCommand::Receive {
                number,
                item,
                qty,
                condition,
                bin,
            },
            Some(actor),
        ) => {
            let condition = Condition::parse(condition).ok_or_else(|| {
                bad_value(
                    lang,
                    lang.pick("验收结果", "Condition"),
                    condition,
                    "sellable, quarantine, scrap",
                )
            })?;
            let r = returns::receive(
                db,
                actor,
                number,
                &ReceiveInput {
                    scan: item.clone(),
                    qty: qty.clone(),
                    condition,
                    bin: bin.clone(),
                },
            )
            .map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{}：收到 {} {}（{}{}），{}；还差 {}。",
                    "{}: {} {} received ({}{}), {}; {} still to come.",
                    r.number,
                    r.sku,
                    Qty::from_db(r.added),
                    condition.label(lang),
                    r.bin
                        .as_deref()
                        .map(|b| format!(" → {b}"))
                        .unwrap_or_default(),
                    r.status.label(lang),
                    Qty::from_db(r.left)
                )
            );
        }
        (ReturnCommand::Lost { number, note }, Some(actor)) => {
            let r = returns::write_off_lost(db, actor, number, note).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{}：丢失 {} 已核销。",
                    "{}: {} lost written off.",
                    r.number,
                    Qty::from_db(r.added)
                )
            );
        }
        (
            ReturnCommand::Credit {
                number,
                settle,
                amount,
            },
            Some(actor),
        ) => {
            let settlement = Settlement::parse(settle).ok_or_else(|| {
                bad_value(
                    lang,
                    lang.pick("退款方式", "Settlement"),
                    settle,
                    "refund, prepayment",
                )
            })?;
            let c = returns::credit_return(
                db,
                actor,
                number,
                &CreditInput {
                    settlement,
                    amount: amount.clone(),
                },
            )
            .map_err(fail)?;
            match &c.credit_note {
                Some(cn) => println!(
                    "{}",
                    bi!(
                        lang,
                        "{}：红字发票 {} {}；冲减应收 {}，退款 {}，转预收款 {}。",
                        "{}: credit note {} {}; receivable reduced {}, refunded {}, kept as prepayment {}.",
                        c.number,
                        cn,
                        c.credit,
                        c.to_receivable,
                        c.refunded,
                        c.prepaid
                    )
                ),
                None => println!(
                    "{}",
                    bi!(
                        lang,
                        "{}：货物尚未开票，开票时减少 {}。",
                        "{}: the goods were not invoiced yet; {} less will be invoiced.",
                        c.number,
                        Qty::from_db(c.uninvoiced)
                    )
                ),
            }
            for rf in &c.refunds {
                println!("  {rf}");
            }
        }
        (ReturnCommand::Exchange { number }, Some(actor)) => {
            let x = returns::exchange(db, actor, number).map_err(fail)?;
            let how = match &x.outcome {
                ops::intake::Outcome::Approved { .. } => {
                    lang.pick("已自动审核", "approved at once")
                }
                ops::intake::Outcome::Waiting(_) => lang.pick("等待审批", "waiting for approval"),
            };
            println!(
                "{}",
                bi!(
                    lang,
                    "换货订单 {} 已提交，{}。",
                    "Exchange order {} submitted, {}.",
                    x.number,
                    how
                )
            );
        }
        (ReturnCommand::Cancel { number, reason }, Some(actor)) => {
            returns::cancel_return(db, actor, number, reason).map_err(fail)?;
            println!("{}", bi!(lang, "{} 已取消。", "{} cancelled.", number));
        }
        (ReturnCommand::Close { number }, Some(actor)) => {
            returns::close_return(db, actor, number).map_err(fail)?;
            println!("{}", bi!(lang, "{} 已关闭。", "{} closed.", number));
        }
        (_, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

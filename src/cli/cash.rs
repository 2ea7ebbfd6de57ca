//! `orderdesk invoice …`, `payment …`, `ledger …` and `period close`: the office's
//! invoices, payments and books for scripts.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::i18n::{Lang, Localized};
use crate::ops::cash::{self, Allocation, PaymentInput, PaymentMethod};
use crate::ops::{self, ledger, Actor};
use crate::store::Db;

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Invoice an order (by the company's basis: each shipment not yet invoiced, or
    /// everything ordered and not yet invoiced), or with --all everything ready.
    Create {
        /// Order number, e.g. SO-2026-000123; omit with --all.
        order: Option<String>,
        /// Invoice everything ready to invoice (批量开票).
        #[arg(long)]
        all: bool,
    },
    /// Show an invoice or credit note by its number or its VAT invoice number.
    Show {
        /// INV-2026-000012, CN-2026-000003 or a VAT invoice number.
        number: String,
        /// Line width of the printout: 80 for dot-matrix paper, 136 for wide forms.
        #[arg(long, default_value_t = 80)]
        width: usize,
    },
    /// Print a customer's statement of account (对账单) for a period.
    Statement {
        /// Customer code.
        customer: String,
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        to: NaiveDate,
        /// Line width of the printout.
        #[arg(long, default_value_t = 80)]
        width: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Record a payment (收款) and allocate it oldest invoices first (or not at all with
    /// --hold); what is left is the customer's prepayment.
    Record {
        /// Customer code.
        #[arg(long)]
        customer: String,
        /// Amount in yuan, e.g. 1,280.00 or ¥1280.
        #[arg(long)]
        amount: String,
        /// cash, bank, wechat, alipay, card or other.
        #[arg(long, default_value = "bank")]
        method: String,
        /// The bank's, WeChat's or Alipay's reference.
        #[arg(long, default_value = "")]
        reference: String,
        /// Payment date, e.g. 2026-12-01 (default: today).
        #[arg(long, default_value = "")]
        date: String,
        /// An order number: the payment is that order's deposit (订金).
        #[arg(long, default_value = "")]
        order: String,
        /// Keep the whole amount as a prepayment.
        #[arg(long)]
        hold: bool,
    },
    /// Show a payment with its allocations.
    Show {
        /// RCV-2026-000045.
        number: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// The trial balance (试算平衡表) of a period.
    TrialBalance {
        /// First day, e.g. 2026-11-01.
        #[arg(long)]
        from: NaiveDate,
        /// Last day, e.g. 2026-11-30.
        #[arg(long)]
        to: NaiveDate,
    },
    /// The journal of a period as CSV: voucher number, date, account code, summary,
    /// debit, credit.
    Export {
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        to: NaiveDate,
    },
    /// Post the entries of history written before the ledger existed (stock moves and
    /// shipments of a file from an older version). Changes nothing when all is posted.
    PostHistory,
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Close a month: nothing can be posted into it afterwards.
    Close {
        /// The month, e.g. 2026-11.
        period: String,
    },
}

impl InvoiceCommand {
    pub fn writes(&self) -> bool {
        matches!(self, InvoiceCommand::Create { .. })
    }
}

impl PaymentCommand {
    pub fn writes(&self) -> bool {
        matches!(self, PaymentCommand::Record { .. })
    }
}

impl LedgerCommand {
    pub fn writes(&self) -> bool {
        matches!(self, LedgerCommand::PostHistory)
    }
}

fn fail(lang: Lang) -> impl Fn(ops::Error) -> Failure {
    move |e| Failure::from((lang, e))
}

pub fn run_invoice(db: &Db, actor: Option<&Actor>, cmd: &InvoiceCommand, lang: Lang) -> CliResult {
    match (cmd, actor) {
        (InvoiceCommand::Create { order, all }, Some(actor)) => {
            let issued = match (order, all) {
                (_, true) => {
                    let (issued, refused) =
                        cash::invoice_all_ready(db, actor).map_err(fail(lang))?;
                    for (n, e) in &refused {
                        eprintln!("{n}: {}", e.localized(lang));
                    }
                    issued
                }
                (Some(o), false) => cash::invoice_order(db, actor, o).map_err(fail(lang))?,
                (None, false) => {
                    return Err(Failure(bi!(
                        lang,
                        "请给出订单号，或用 --all 开出全部待开票",
                        "Give an order number, or --all to invoice everything ready"
                    )))
                }
            };
            for i in &issued {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "{}  {}  到期 {}",
                        "{}  {}  due {}",
                        i.number,
                        i.gross,
                        i.due_date
                    )
                );
            }
        }
        (InvoiceCommand::Show { number, width }, _) => {
            let v = cash::invoice(db, number).map_err(fail(lang))?;
            let company = ops::setup::company_name(db).map_err(fail(lang))?;
            print!(
                "{}",
                crate::print::cash::invoice_text(&v, &company, lang, (*width).clamp(60, 200))
            );
        }
        (
            InvoiceCommand::Statement {
                customer,
                from,
                to,
                width,
            },
            _,
        ) => {
            let s = cash::statement(db, customer, *from, *to).map_err(fail(lang))?;
            let company = ops::setup::company_name(db).map_err(fail(lang))?;
            print!(
                "{}",
                crate::print::cash::statement_text(&s, &company, lang, (*width).clamp(60, 200))
            );
        }
        (InvoiceCommand::Create { .. }, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn ops_money(minor: i64) -> crate::domain::money::Money {
    crate::domain::money::Money::from_minor(minor)
}

pub fn run_payment(db: &Db, actor: Option<&Actor>, cmd: &PaymentCommand, lang: Lang) -> CliResult {
    match (cmd, actor) {
        (
            PaymentCommand::Record {
                customer,
                amount,
                method,
                reference,
                date,
                order,
                hold,
            },
            Some(actor),
        ) => {
            let method = PaymentMethod::parse(method).ok_or_else(|| {
                Failure(bi!(
                    lang,
                    "收款方式“{}”无效：cash、bank、wechat、alipay、card 或 other",
                    "Payment method \"{}\" is not valid: cash, bank, wechat, alipay, card or other",
                    method
                ))
            })?;
            let mut input = PaymentInput::new(customer, method, amount);
            input.reference = reference.clone();
            input.date = date.clone();
            input.order = order.clone();
            if *hold {
                input.allocation = Allocation::None;
            }
            let r = cash::record_payment(db, actor, &input).map_err(fail(lang))?;
            println!("{}", r.number);
            for (inv, a) in &r.allocated {
                println!("  {inv}  {a}");
            }
            if r.prepayment.is_positive() {
                println!(
                    "{}",
                    bi!(
                        lang,
                        "  {} 转为预收款",
                        "  {} kept as a prepayment",
                        r.prepayment
                    )
                );
            }
        }
        (PaymentCommand::Show { number }, _) => {
            let v = cash::payment(db, number).map_err(fail(lang))?;
            let h = &v.head;
            let method = PaymentMethod::parse(&h.method)
                .map(|m| m.label(lang))
                .unwrap_or("");
            println!(
                "{}  {}  {}  {}  {}  {}",
                h.number,
                h.customer_name,
                h.pay_date,
                method,
                h.reference.as_deref().unwrap_or(""),
                ops_money(h.amount_minor)
            );
            for a in &v.allocations {
                println!(
                    "  {}  {}  {}",
                    a.invoice_no,
                    a.alloc_date,
                    ops_money(a.amount_minor)
                );
            }
            println!(
                "{}",
                bi!(
                    lang,
                    "未核销 {}  已退 {}",
                    "unapplied {}  refunded {}",
                    ops_money(h.unapplied_minor),
                    ops_money(h.refunded_minor)
                )
            );
        }
        (PaymentCommand::Record { .. }, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_ledger(db: &Db, actor: Option<&Actor>, cmd: &LedgerCommand, lang: Lang) -> CliResult {
    match (cmd, actor) {
        (LedgerCommand::TrialBalance { from, to }, _) => {
            let rows = ledger::trial_balance(db, *from, *to).map_err(fail(lang))?;
            for r in &rows {
                let name = match lang {
                    Lang::Zh => &r.name_zh,
                    Lang::En => &r.name_en,
                };
                println!(
                    "{}  {:<16} {:>16} {:>16} {:>16} {:>16}",
                    r.account,
                    name,
                    ops_money(r.opening),
                    ops_money(r.debit),
                    ops_money(r.credit),
                    ops_money(r.closing())
                );
            }
            let total: i64 = rows.iter().map(|r| r.closing()).sum();
            println!("{}", bi!(lang, "合计 {}", "total {}", ops_money(total)));
        }
        (LedgerCommand::Export { from, to }, _) => {
            print!(
                "{}",
                ledger::export_journal_csv(db, *from, *to).map_err(fail(lang))?
            );
        }
        (LedgerCommand::PostHistory, Some(actor)) => {
            let n = ledger::post_history(db, actor).map_err(fail(lang))?;
            println!("{}", bi!(lang, "补记凭证 {} 张", "{} entries posted", n));
        }
        (LedgerCommand::PostHistory, None) => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_period(db: &Db, actor: &Actor, cmd: &PeriodCommand, lang: Lang) -> CliResult {
    match cmd {
        PeriodCommand::Close { period } => {
            let closed = ledger::close_period(db, actor, period).map_err(fail(lang))?;
            println!(
                "{}",
                if closed {
                    bi!(lang, "{} 已结账", "{} closed", period)
                } else {
                    bi!(lang, "{} 早已结账", "{} was closed already", period)
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports a statement export; exits non-zero when a payer was unknown or a row refused.
pub fn import_payments(db: &Db, actor: &Actor, file: &std::path::Path, lang: Lang) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| {
        Failure(bi!(
            lang,
            "无法读取 {}：{}",
            "Cannot read {}: {}",
            file.display(),
            e
        ))
    })?;
    let rows = cash::parse_payments(&bytes).map_err(fail(lang))?;
    let r = cash::import_payments(db, actor, &rows, lang).map_err(fail(lang))?;
    for (reference, receipt) in &r.recorded {
        println!("{reference}  {receipt}");
    }
    if !r.already.is_empty() {
        println!(
            "{}",
            bi!(
                lang,
                "{} 笔此前已导入，未重复记录",
                "{} imported before; not recorded again",
                r.already.len()
            )
        );
    }
    for (line, payer) in &r.unknown {
        eprintln!(
            "{}",
            bi!(
                lang,
                "第 {} 行：找不到客户“{}”",
                "line {}: no customer \"{}\"",
                line,
                payer
            )
        );
    }
    for (line, why) in &r.refused {
        eprintln!("{}", bi!(lang, "第 {} 行：{}", "line {}: {}", line, why));
    }
    Ok(if r.unknown.is_empty() && r.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

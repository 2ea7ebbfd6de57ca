//! `orderdesk ticket …`: complaint and feedback tickets (客诉) for scripts — open one,
//! list them, show one with its log, log what was done, give it to another owner,
//! resolve, reopen and close it with the customer's satisfaction.

use std::process::ExitCode;

use clap::Subcommand;

use super::failure::{CliResult, Failure};
use crate::bi;
use crate::domain::text::{pad_to_width, shown, truncate_to_width};
use crate::domain::ticket::{Severity, TicketKind};
use crate::i18n::Lang;
use crate::ops::tickets::{self, CloseInput, EntryKind, Scope, TicketFilter, TicketInput};
use crate::ops::{self, Actor};
use crate::store::Db;

const KINDS: [&str; 5] = ["complaint", "quality", "delivery", "service", "feedback"];
const SEVERITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
const FILTERS: [&str; 4] = ["open", "mine", "overdue", "all"];

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// List tickets, newest first: open ones (default), yours, the overdue ones or all;
    /// overdue ones are marked.
    List {
        /// open, mine, overdue or all.
        #[arg(long, default_value = "open", value_parser = FILTERS)]
        filter: String,
        /// Only this customer's tickets (customer code).
        #[arg(long)]
        customer: Option<String>,
        /// How many at most.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Show a ticket with its promised times and its log.
    Show {
        /// TK-2026-000012.
        number: String,
    },
    /// Open a ticket for a customer; prints its number and promised times.
    Open {
        /// Customer code (required).
        #[arg(long, default_value = "")]
        customer: String,
        /// What it is about, in a line.
        #[arg(long)]
        subject: String,
        /// The order it concerns, e.g. SO-2026-000123.
        #[arg(long, default_value = "")]
        order: String,
        /// The shipment it concerns (number or tracking number).
        #[arg(long, default_value = "")]
        shipment: String,
        /// The product it concerns (SKU or barcode).
        #[arg(long, default_value = "")]
        product: String,
        /// complaint, quality, delivery, service or feedback.
        #[arg(long = "type", default_value = "complaint", value_parser = KINDS)]
        kind: String,
        /// low, normal, high or urgent: sets the promised times.
        #[arg(long, default_value = "normal", value_parser = SEVERITIES)]
        severity: String,
        /// Who owns it (user name; default: you).
        #[arg(long, default_value = "")]
        owner: String,
        /// What the customer said: the first entry of the log.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Log what was done (or, with --contact, a call or visit to the customer).
    Note {
        number: String,
        text: String,
        #[arg(long)]
        contact: bool,
    },
    /// Give a ticket to another owner.
    Assign { number: String, user: String },
    /// Record the resolution.
    Resolve {
        number: String,
        #[arg(long)]
        resolution: String,
    },
    /// Reopen a resolved ticket, with the reason.
    Reopen {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Close a ticket with the customer's satisfaction (1–5) and words.
    Close {
        number: String,
        /// 1 (very unhappy) to 5 (very happy).
        #[arg(long)]
        satisfaction: String,
        /// The resolution, if it was not recorded when resolved.
        #[arg(long, default_value = "")]
        resolution: String,
        /// What the customer said.
        #[arg(long, default_value = "")]
        words: String,
    },
}

impl TicketCommand {
    /// Whether the command needs the acting user (writes, and the list of one's own).
    pub fn needs_user(&self) -> bool {
        match self {
            TicketCommand::List { filter, .. } => filter == "mine",
            TicketCommand::Show { .. } => false,
            _ => true,
        }
    }
}

fn print_list(rows: &[tickets::TicketSummary], lang: Lang) {
    if rows.is_empty() {
        println!("{}", lang.pick("没有这样的客诉单。", "No such tickets."));
        return;
    }
    for t in rows {
        let r = &t.row;
        let mark = match t.overdue {
            Some(o) => format!(" [{}]", o.label(lang)),
            None => String::new(),
        };
        println!(
            "{}  {}  {}  {}  {}  {}  {} {}{}  {}",
            r.number,
            t.opened_local,
            pad_to_width(&truncate_to_width(&shown(&r.customer_name), 16), 16),
            pad_to_width(r.kind.label(lang), 8),
            pad_to_width(r.severity.label(lang), 6),
            pad_to_width(r.status.label(lang), 8),
            lang.pick("时限", "due"),
            t.due_local,
            mark,
            shown(&r.subject)
        );
    }
}

fn print_ticket(v: &tickets::TicketView, lang: Lang) {
    let r = &v.summary.row;
    println!(
        "{}  {}  {} · {}",
        r.number,
        r.status.label(lang),
        r.kind.label(lang),
        r.severity.label(lang)
    );
    println!(
        "{}",
        bi!(
            lang,
            "客户：{}（{}）",
            "Customer: {} ({})",
            shown(&r.customer_name),
            r.customer_code
        )
    );
    if let Some(o) = &r.order_no {
        let ship = r.shipment_no.clone().unwrap_or_default();
        println!(
            "{}",
            bi!(lang, "订单：{} {}", "Order: {} {}", o, ship).trim_end()
        );
    }
    if let (Some(sku), Some(name)) = (&r.product_sku, &r.product_name) {
        println!(
            "{}",
            bi!(lang, "商品：{} {}", "Product: {} {}", sku, shown(name))
        );
    }
    println!(
        "{}",
        bi!(lang, "主题：{}", "Subject: {}", shown(&r.subject))
    );
    println!(
        "{}",
        bi!(
            lang,
            "负责人：{}  登记：{} {}",
            "Owner: {}  opened by {} at {}",
            r.owner_name,
            r.opened_by_name,
            v.summary.opened_local
        )
    );
    println!(
        "{}",
        bi!(
            lang,
            "承诺：{} 前响应，{} 前解决",
            "Promised: answer by {}, resolved by {}",
            v.respond_by_local,
            v.resolve_by_local
        )
    );
    if let Some(o) = v.summary.overdue {
        println!("[{}]", o.label(lang));
    }
    if let Some(res) = &r.resolution {
        println!(
            "{}",
            bi!(lang, "处理结果：{}", "Resolution: {}", shown(res))
        );
    }
    if let Some(s) = v.summary.satisfaction() {
        println!(
            "{}",
            bi!(
                lang,
                "满意度：{} {}  {}",
                "Satisfaction: {} {}  {}",
                s.stars(),
                s.label(lang),
                shown(r.customer_words.as_deref().unwrap_or_default())
            )
            .trim_end()
        );
    }
    println!("{}", lang.pick("处理记录：", "Log:"));
    for l in &v.log {
        let to = l
            .to_status
            .map(|s| format!(" → {}", s.label(lang)))
            .unwrap_or_default();
        println!(
            "  {}  {}  {}{}  {}",
            l.at_local,
            l.actor,
            l.action.label(lang),
            to,
            shown(&l.note)
        );
    }
}

pub fn run_ticket(db: &Db, actor: Option<&Actor>, cmd: &TicketCommand, lang: Lang) -> CliResult {
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
        TicketCommand::List {
            filter,
            customer,
            limit,
        } => {
            let filter = TicketFilter::parse(filter).unwrap_or_default();
            let scope = match customer {
                Some(code) => {
                    let c = ops::master::find_customers(db, code, 2)
                        .map_err(fail)?
                        .into_iter()
                        .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
                        .ok_or_else(|| {
                            fail(ops::Error::NotFound {
                                what: ops::Thing::Customer,
                                key: code.trim().to_string(),
                            })
                        })?;
                    Scope::Customer(c.id)
                }
                None => Scope::All,
            };
            let rows =
                tickets::tickets_page(db, actor, scope, filter, None, (*limit).clamp(1, 1000))
                    .map_err(fail)?;
            print_list(&rows, lang);
        }
        TicketCommand::Show { number } => {
            print_ticket(&tickets::ticket(db, number).map_err(fail)?, lang);
        }
        TicketCommand::Open {
            customer,
            subject,
            order,
            shipment,
            product,
            kind,
            severity,
            owner,
            note,
        } => {
            let made = tickets::open_ticket(
                db,
                need()?,
                &TicketInput {
                    customer: customer.clone(),
                    order: order.clone(),
                    shipment: shipment.clone(),
                    product: product.clone(),
                    kind: TicketKind::parse(kind).unwrap_or_default(),
                    severity: Severity::parse(severity).unwrap_or_default(),
                    owner: owner.clone(),
                    subject: subject.clone(),
                    note: note.clone(),
                },
            )
            .map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已登记客诉单 {}：{} 前响应，{} 前解决。",
                    "Ticket {} opened: answer by {}, resolved by {}.",
                    made.number,
                    made.respond_by,
                    made.resolve_by
                )
            );
        }
        TicketCommand::Note {
            number,
            text,
            contact,
        } => {
            let kind = if *contact {
                EntryKind::Contact
            } else {
                EntryKind::Note
            };
            let to = tickets::log_ticket(db, need()?, number, kind, text).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已记录；{} {}。",
                    "Logged; {} is {}.",
                    number.trim().to_uppercase(),
                    to.label(lang)
                )
            );
        }
        TicketCommand::Assign { number, user } => {
            tickets::assign_ticket(db, need()?, number, user).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已转交 {}。",
                    "{} is now {}'s.",
                    number.trim().to_uppercase(),
                    user.trim()
                )
            );
        }
        TicketCommand::Resolve { number, resolution } => {
            tickets::resolve_ticket(db, need()?, number, resolution).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已解决。",
                    "{} resolved.",
                    number.trim().to_uppercase()
                )
            );
        }
        TicketCommand::Reopen { number, reason } => {
            tickets::reopen_ticket(db, need()?, number, reason).map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已重新打开。",
                    "{} reopened.",
                    number.trim().to_uppercase()
                )
            );
        }
        TicketCommand::Close {
            number,
            satisfaction,
            resolution,
            words,
        } => {
            tickets::close_ticket(
                db,
                need()?,
                number,
                &CloseInput {
                    resolution: resolution.clone(),
                    satisfaction: satisfaction.clone(),
                    words: words.clone(),
                },
            )
            .map_err(fail)?;
            println!(
                "{}",
                bi!(
                    lang,
                    "{} 已关闭。",
                    "{} closed.",
                    number.trim().to_uppercase()
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

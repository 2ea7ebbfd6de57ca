//! One customer's receivables (应收账款): balance, credit limit and what is used, what is
//! overdue, the aging buckets, open invoices oldest due first with their days overdue,
//! prepayments and deposits, and the follow-up log. From here finance records a
//! follow-up (F2), prints a statement for a period (F6), releases a credit hold with a
//! reason (F7) and writes off an invoice's open amount with a reason (F8); Enter shows
//! the prepayments, the follow-up log and a hold's release in full. Sales and managers
//! see the same screen without the keys their roles do not allow.

mod draw;

use chrono::{Datelike, NaiveDate};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::money::Money;
use crate::i18n::{Lang, Localized};
use crate::ops::cash::{CustomerReceivables, FollowUpInput};
use crate::ops::{self, Db};
use crate::ui::form::{Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, FormLayer, Message, Prompt, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{Env, Nav, PrintJob, View};

/// What the open layer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asking {
    FollowUp,
    Release,
    /// Writing off the open amount of this invoice.
    WriteOff(String),
    Statement,
}

/// The receivables screen of one customer.
pub struct ReceivablesView {
    pub data: Box<CustomerReceivables>,
    /// The selected open invoice.
    pub selected: usize,
    /// The company's today, for days overdue.
    today: NaiveDate,
    asking: Option<Asking>,
}

/// The receivables of the customer with this id.
pub fn open(env: &mut Env, customer_id: i64) -> Result<Box<dyn View>, ops::Error> {
    let code = ops::master::customer(env.db, customer_id)?.customer.code;
    Ok(Box::new(ReceivablesView::load(env.db, &code)?))
}

impl ReceivablesView {
    pub fn load(db: &Db, code: &str) -> Result<ReceivablesView, ops::Error> {
        Ok(ReceivablesView {
            data: Box::new(ops::cash::customer_receivables(db, code)?),
            selected: 0,
            today: ops::today(db)?,
            asking: None,
        })
    }

    /// Days past due of an invoice due on `due` (negative: due in so many days).
    fn days_overdue(&self, due: &str) -> i64 {
        NaiveDate::parse_from_str(due, "%Y-%m-%d")
            .map(|d| (self.today - d).num_days())
            .unwrap_or(0)
    }

    fn follow_up_form(&self) -> FormLayer {
        let form = Form::new(vec![
            Field::text("from", "日期", "Date")
                .value(self.today.to_string())
                .max(20),
            Field::text("contact", "联系人", "Contact").max(60),
            Field::text("note", "沟通内容", "What was said").max(200),
            Field::text("amount", "承诺付款金额", "Promised amount")
                .max(20)
                .hint("可空", "Optional"),
            Field::text("promise_date", "承诺付款日期", "Promised by")
                .max(20)
                .hint("有金额时必填", "Needed with an amount"),
            Field::text("next_action", "下一步", "Next action").max(200),
        ]);
        FormLayer::new("follow-up", ("催款记录", "Follow-up"), form)
    }

    fn write_off_form(&self, invoice: &str, open: Money) -> FormLayer {
        let form = Form::new(vec![
            Field::text("invoice", "发票", "Invoice")
                .value(invoice)
                .read_only(true),
            Field::text("amount", "核销金额", "Amount")
                .value(open.plain())
                .max(20)
                .hint("不超过未收金额", "At most what is open"),
            Field::text("reason", "原因", "Reason").max(200),
        ]);
        FormLayer::new(
            "write-off",
            ("坏账核销：确认后记入信用减值损失", "Write off bad debt"),
            form,
        )
    }

    fn statement_form(&self) -> FormLayer {
        // From the first of last month: last month's statement with what came since.
        let first = self
            .today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(1)))
            .unwrap_or(self.today);
        let form = Form::new(vec![
            Field::text("from", "起始日期", "From")
                .value(first.to_string())
                .max(20),
            Field::text("to", "截止日期", "To")
                .value(self.today.to_string())
                .max(20),
        ]);
        FormLayer::new("statement", ("对账单期间", "Statement period"), form)
    }

    fn add_follow_up(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let input = FollowUpInput {
            customer: self.data.code.clone(),
            date: get(values, "from"),
            contact: get(values, "contact"),
            note: get(values, "note"),
            promise_amount: get(values, "amount"),
            promise_date: get(values, "promise_date"),
            next_action: get(values, "next_action"),
        };
        match ops::cash::add_follow_up(env.db, env.actor, &input) {
            Ok(_) => {
                env.ok(env
                    .lang
                    .pick("催款记录已保存。", "The follow-up is saved.")
                    .into());
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => self.refused(e, Asking::FollowUp, env),
        }
    }

    fn release(&mut self, reason: &str, env: &mut Env) -> Reply<Nav> {
        match ops::cash::release_credit_hold(env.db, env.actor, &self.data.code, reason) {
            Ok(()) => {
                env.ok(crate::bi!(
                    env.lang,
                    "{} 的信用冻结已解除。",
                    "The credit hold of {} is released.",
                    self.data.name
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => self.refused(e, Asking::Release, env),
        }
    }

    fn write_off(
        &mut self,
        invoice: String,
        values: &[(&'static str, String)],
        env: &mut Env,
    ) -> Reply<Nav> {
        let amount = get(values, "amount");
        match ops::cash::write_off(env.db, env.actor, &invoice, &amount, &get(values, "reason")) {
            Ok(number) => {
                let shown = ops::cash::parse_amount(&amount)
                    .map(|m| m.to_string())
                    .unwrap_or_else(|_| amount.trim().to_string());
                env.ok(crate::bi!(
                    env.lang,
                    "已核销 {} 的 {}（{}）。",
                    "{1} of {0} written off ({2}).",
                    invoice,
                    shown,
                    number
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => self.refused(e, Asking::WriteOff(invoice), env),
        }
    }

    /// The statement of the typed period: written into the output folder and sent to
    /// the printer command, as the other documents are.
    fn statement(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let made = ops::typed_date(env.db, &get(values, "from"), FieldId::DateFrom)
            .and_then(|from| {
                let to = ops::typed_date(env.db, &get(values, "to"), FieldId::DateTo)?;
                Ok((from.unwrap_or(self.today), to.unwrap_or(self.today)))
            })
            .and_then(|(from, to)| ops::cash::statement(env.db, &self.data.code, from, to));
        let s = match made {
            Ok(s) => s,
            Err(e) => return self.refused(e, Asking::Statement, env),
        };
        let lang = env.lang;
        let company = ops::setup::company_name(env.db).unwrap_or_default();
        let stem = crate::print::statement::statement_stem(&s);
        let mut said = vec![crate::bi!(
            lang,
            "对账单 {} 至 {}：期初 {}，期末 {}",
            "Statement {} to {}: opening {}, closing {}",
            s.from,
            s.to,
            s.opening,
            s.closing
        )];
        let mut printed = false;
        let mut failed = false;
        if let Some(dir) = env.output.dir.clone() {
            match crate::print::statement::write_statement(&dir, &s, &company, lang) {
                Ok((txt, _)) => {
                    printed = true;
                    said.push(crate::bi!(
                        lang,
                        "已写入 {}",
                        "written to {}",
                        txt.display()
                    ));
                }
                Err(e) => {
                    failed = true;
                    said.push(e.localized(lang));
                }
            }
        }
        if let Some(command) = env.output.printer.clone() {
            printed = true;
            env.print_jobs.push(PrintJob {
                command,
                text: crate::print::cash::statement_text(&s, &company, lang, 80),
                number: stem,
            });
            said.push(
                lang.pick("正在送打印机", "sending to the printer")
                    .to_string(),
            );
        }
        if !printed && !failed {
            said.push(
                lang.pick(
                    "未打印：没有设置输出文件夹或打印命令（配置文件的 output_dir / printer_command）",
                    "not printed: no output folder or printer command is set (output_dir / printer_command in the config file)",
                )
                .to_string(),
            );
        }
        let text = said.join(lang.pick("；", "; "));
        if printed && !failed {
            env.ok(text);
        } else {
            env.warn(text);
        }
        Reply::Close(Nav::Stay)
    }

    /// A refused layer's values: the layer stays open with them and the status line
    /// says why.
    fn refused(&mut self, e: ops::Error, asking: Asking, env: &mut Env) -> Reply<Nav> {
        env.error(&e);
        self.asking = Some(asking);
        Reply::Keep
    }
}

/// Whether the user may do what needs `permission`; if not, the status line says so
/// before any form is typed in vain (the op refuses on its own in any case).
fn may(env: &mut Env, permission: crate::domain::access::Permission) -> bool {
    match ops::users::allowed(env.db, env.actor, permission) {
        Ok(true) => true,
        Ok(false) => {
            env.error(&ops::Error::PermissionDenied { permission });
            false
        }
        Err(e) => {
            env.error(&e);
            false
        }
    }
}

fn get(values: &[(&'static str, String)], key: &str) -> String {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl View for ReceivablesView {
    fn name(&self) -> &'static str {
        "receivables"
    }

    fn context(&self) -> Context {
        Context::Receivables
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < self.data.open_invoices.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::FollowUp if !may(env, Permission::RecordPayments) => Nav::Stay,
            Command::ReleaseHold if !may(env, Permission::ApproveCredit) => Nav::Stay,
            Command::WriteOff if !may(env, Permission::WriteOff) => Nav::Stay,
            Command::FollowUp => {
                self.asking = Some(Asking::FollowUp);
                Nav::Open(Box::new(self.follow_up_form()))
            }
            Command::Open => Nav::Open(Box::new(Message {
                text: draw::in_full(self, env.lang),
                is_error: false,
            })),
            Command::Statement => {
                self.asking = Some(Asking::Statement);
                Nav::Open(Box::new(self.statement_form()))
            }
            Command::ReleaseHold => {
                if !self.data.position.on_hold {
                    env.say(
                        "该客户没有被信用冻结。",
                        "This customer is not on credit hold.",
                        true,
                    );
                    return Nav::Stay;
                }
                self.asking = Some(Asking::Release);
                Nav::Open(Box::new(Prompt::new(crate::bi!(
                    env.lang,
                    "解除 {} 信用冻结的原因",
                    "Reason for releasing the credit hold of {}",
                    self.data.name
                ))))
            }
            Command::WriteOff => match self.data.open_invoices.get(self.selected) {
                Some(inv) => {
                    let number = inv.number.clone();
                    let layer = self.write_off_form(&number, Money::from_minor(inv.open_minor));
                    self.asking = Some(Asking::WriteOff(number));
                    Nav::Open(Box::new(layer))
                }
                None => {
                    env.say(
                        "没有未收的发票可核销。",
                        "There is no open invoice to write off.",
                        true,
                    );
                    Nav::Stay
                }
            },
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let asking = self.asking.take();
        match (asking, answer) {
            (Some(Asking::FollowUp), Answer::Form(v)) => self.add_follow_up(&v, env),
            (Some(Asking::Statement), Answer::Form(v)) => self.statement(&v, env),
            (Some(Asking::WriteOff(inv)), Answer::Form(v)) => self.write_off(inv, &v, env),
            (Some(Asking::Release), Answer::Text(reason)) => self.release(&reason, env),
            _ => Reply::Close(Nav::Stay),
        }
    }

    fn unsaved(&self) -> bool {
        self.asking.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let read = ops::cash::customer_receivables(env.db, &self.data.code)
            .and_then(|d| Ok((d, ops::today(env.db)?)));
        match read {
            Ok((d, today)) => {
                self.selected = self.selected.min(d.open_invoices.len().saturating_sub(1));
                *self.data = d;
                self.today = today;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

//! Payment entry (收款单): the customer (scanned or typed), the method, the reference
//! (a scanned payment code or the bank's number), the date, the amount (¥ and thousands
//! separators accepted) and the account; F5 records it. The payment is applied oldest
//! invoice first, by hand, or kept whole; what is left is the customer's prepayment, and
//! the screen says so. By hand, each of the customer's open invoices shown under the
//! form is a row with an amount field of its own ([`rows`]); an amount above a row's
//! open balance, or amounts above the payment, are refused on that row.

mod rows;

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::ledger::Account;
use crate::i18n::Lang;
use crate::ops::cash::{self, Allocation, CustomerReceivables, PaymentInput, PaymentMethod};
use crate::ops::{self, FieldProblem, Refusal, Thing};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, Env, Nav, Typed, View, MAX_SCAN};

/// The payment entry screen's state.
pub struct PaymentEntry {
    pub form: Form,
    /// The customer the customer field named when it was read: balance and open invoices.
    pub customer: Option<Box<CustomerReceivables>>,
    /// What this screen has recorded, newest first.
    pub done: Vec<String>,
    /// The amounts typed by hand, one per open invoice of the customer, in its order.
    pub hand: Vec<String>,
    /// The open invoice whose amount has the focus; `None` while a form field has it.
    pub row: Option<usize>,
}

/// The payment entry screen.
pub fn open(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    if let Ok(false) = ops::users::allowed(env.db, env.actor, Permission::RecordPayments) {
        env.warn(crate::bi!(
            env.lang,
            "您没有“{}”的权限：可以查看，保存会被拒绝。",
            "You may not {}: you can look, but saving will be refused.",
            Permission::RecordPayments.label(env.lang)
        ));
    }
    Ok(Box::new(PaymentEntry {
        form: Form::new(fields()),
        customer: None,
        done: Vec::new(),
        hand: Vec::new(),
        row: None,
    }))
}

fn fields() -> Vec<Field> {
    let methods = PaymentMethod::ALL
        .iter()
        .map(|m| Choice::new(m.code(), m.label(Lang::Zh), m.label(Lang::En)))
        .collect();
    let mut accounts = vec![Choice::new("", "按收款方式", "By the method")];
    for a in [Account::Cash, Account::Bank, Account::OtherFunds] {
        accounts.push(Choice::new(
            a.code(),
            &format!("{} {}", a.code(), a.label(Lang::Zh)),
            &format!("{} {}", a.code(), a.label(Lang::En)),
        ));
    }
    vec![
        Field::text("customer", "客户", "Customer")
            .max(MAX_SCAN)
            .hint("扫描或输入客户编码", "Scan or type the customer code"),
        Field::choice("method", "收款方式", "Method", methods),
        Field::text("reference", "参考号", "Reference")
            .max(64)
            .hint(
                "银行流水号，或扫描客户的付款码",
                "The bank's reference, or scan the customer's payment code",
            ),
        Field::text("date", "收款日期", "Date")
            .max(10)
            .hint("留空为今天", "Empty: today"),
        Field::text("amount", "金额", "Amount")
            .max(20)
            .hint("可含 ¥ 和千位分隔符", "¥ and thousands separators are fine"),
        Field::choice("account", "收款账户", "Account", accounts),
        Field::choice(
            "allocation",
            "核销方式",
            "Apply",
            vec![
                Choice::new("oldest", "先到期先核销", "Oldest first"),
                Choice::new("hand", "手工指定", "By hand"),
                Choice::new("none", "全部作预收款", "All as prepayment"),
            ],
        )
        .hint(
            "手工指定：Enter 后在下面每张发票上输入金额",
            "By hand: Enter, then an amount on each invoice below",
        ),
        Field::text("note", "备注", "Note").max(200),
    ]
}

impl PaymentEntry {
    /// Reads the customer the customer field names; an unknown code is said and cleared.
    fn read_customer(&mut self, env: &mut Env) -> bool {
        let code = self.form.get("customer").trim().to_string();
        if code.is_empty() {
            self.customer = None;
            return false;
        }
        match cash::customer_receivables(env.db, &code) {
            Ok(r) => {
                self.form.set("customer", r.code.clone());
                self.set_customer(r);
                true
            }
            Err(e) => {
                env.error(&e);
                env.ring();
                self.customer = None;
                if matches!(
                    e,
                    ops::Error::NotFound {
                        what: Thing::Customer,
                        ..
                    }
                ) {
                    self.form.set("customer", "");
                }
                self.form.focus_on("customer");
                false
            }
        }
    }

    fn customer_current(&self) -> bool {
        self.customer
            .as_ref()
            .is_some_and(|c| c.code == self.form.get("customer").trim())
    }

    fn input(&self) -> Result<PaymentInput, (usize, ops::Error)> {
        let method = PaymentMethod::parse(self.form.get("method")).unwrap_or(PaymentMethod::Cash);
        let mut input =
            PaymentInput::new(self.form.get("customer"), method, self.form.get("amount"));
        input.reference = self.form.get("reference").trim().to_string();
        input.date = self.form.get("date").trim().to_string();
        input.account = Account::from_code(self.form.get("account"));
        input.note = self.form.get("note").trim().to_string();
        input.allocation = match self.form.get("allocation") {
            "hand" => Allocation::ByHand(self.hand_parts()?),
            "none" => Allocation::None,
            _ => Allocation::OldestFirst,
        };
        Ok(input)
    }

    fn save(&mut self, env: &mut Env) -> Nav {
        if self.form.get("customer").trim().is_empty() {
            env.say("请扫描或输入客户。", "Scan or type a customer.", true);
            self.form.focus_on("customer");
            return Nav::Stay;
        }
        if !self.customer_current() && !self.read_customer(env) {
            return Nav::Stay;
        }
        let input = match self.input() {
            Ok(i) => i,
            Err((row, e)) => {
                env.error(&e);
                env.ring();
                self.focus_row(row);
                return Nav::Stay;
            }
        };
        match cash::record_payment(env.db, env.actor, &input) {
            Ok(rec) => {
                let lang = env.lang;
                let applied = rec
                    .allocated
                    .iter()
                    .map(|(n, m)| format!("{n} ¥{m}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut text = if rec.allocated.is_empty() {
                    crate::bi!(lang, "已收款 {}。", "Recorded {}.", rec.number)
                } else {
                    crate::bi!(
                        lang,
                        "已收款 {}：核销 {}。",
                        "Recorded {}: applied to {}.",
                        rec.number,
                        applied
                    )
                };
                if rec.prepayment.is_positive() {
                    text.push(' ');
                    text.push_str(&crate::bi!(
                        lang,
                        "余额 ¥{} 转为预收款。",
                        "¥{} left is kept as prepayment.",
                        rec.prepayment
                    ));
                }
                env.ok(text.clone());
                self.done.insert(0, text);
                self.done.truncate(20);
                for k in ["reference", "amount", "note"] {
                    self.form.set(k, "");
                }
                self.hand.clear();
                self.row = None;
                self.form.dirty = false;
                self.form.focus_on("reference");
                self.read_customer(env);
            }
            Err(e) => {
                env.error(&e);
                env.ring();
                self.focus_refused(&e);
            }
        }
        Nav::Stay
    }

    fn next_field(&mut self, env: &mut Env) {
        if self.row.is_some() || self.enter_rows(true) {
            self.next_row();
            return;
        }
        if self.form.focus_key() == "customer" && !self.customer_current() {
            if self.read_customer(env) {
                self.form.command(Command::NextField);
            }
            return;
        }
        self.form.command(Command::NextField);
    }

    fn prev_field(&mut self) {
        if self.row.is_some() || self.enter_rows(false) {
            self.prev_row();
            return;
        }
        self.form.command(Command::PrevField);
    }
}

impl View for PaymentEntry {
    fn name(&self) -> &'static str {
        "payment"
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let fields = u16::try_from(self.form.fields.len()).unwrap_or(9) + 3;
        let (form_area, panel) = if area.width >= 120 {
            let [a, b] =
                Layout::horizontal([Constraint::Length(64), Constraint::Fill(1)]).areas(area);
            (
                Rect {
                    height: fields.min(a.height),
                    ..a
                },
                b,
            )
        } else {
            let [a, b] =
                Layout::vertical([Constraint::Length(fields), Constraint::Fill(1)]).areas(area);
            (a, b)
        };
        self.form
            .draw(f, form_area, lang.pick("收款单", "Payment"), lang, theme);
        self.draw_invoices(f, panel, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if self.unsaved() => ask_discard(
                env,
                "有未保存的收款：F5 保存，再按一次 Esc 放弃。",
                "Unsaved payment: F5 records it, Esc again discards it.",
            ),
            Command::Back => Nav::Back,
            Command::Save => self.save(env),
            Command::NextField => {
                self.next_field(env);
                Nav::Stay
            }
            Command::PrevField => {
                self.prev_field();
                Nav::Stay
            }
            _ if self.row.is_some() => {
                self.row_command(cmd);
                Nav::Stay
            }
            _ => {
                self.form.command(cmd);
                Nav::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let typed = match self.row {
            Some(i) => self.type_in_row(i, key),
            None => self.form.key(key),
        };
        if let Typed::Ended = typed {
            self.next_field(env);
        }
        Nav::Stay
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        if self.customer.is_some() && self.customer_current() {
            let code = self.form.get("customer").to_string();
            match cash::customer_receivables(env.db, &code) {
                Ok(r) => self.set_customer(r),
                Err(e) => {
                    env.error(&e);
                    return !e.is_busy();
                }
            }
        }
        true
    }

    fn unsaved(&self) -> bool {
        (self.form.dirty
            && ["reference", "amount"]
                .iter()
                .any(|k| !self.form.get(k).trim().is_empty()))
            || self.hand.iter().any(|a| !a.trim().is_empty())
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn scans(&self) -> bool {
        true
    }
}

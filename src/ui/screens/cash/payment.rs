//! Payment entry (收款单): the customer (scanned or typed), the method, the reference
//! (a scanned payment code or the bank's number), the date, the amount (¥ and thousands
//! separators accepted) and the account; F5 records it. The payment is applied oldest
//! invoice first, by hand (an amount per row of the customer's open invoices shown under
//! the form), or kept whole; what is left is the customer's prepayment, and the screen
//! says so.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::yuan;
use crate::domain::access::Permission;
use crate::domain::ledger::Account;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::cash::{self, Allocation, CustomerReceivables, PaymentInput, PaymentMethod};
use crate::ops::{self, Thing};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::empty_hint;

/// The payment entry screen's state.
pub struct PaymentEntry {
    pub form: Form,
    /// The customer the customer field named when it was read: balance and open invoices.
    pub customer: Option<Box<CustomerReceivables>>,
    /// What this screen has recorded, newest first.
    pub done: Vec<String>,
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
        ),
        Field::text("amounts", "手工核销", "By hand").max(400).hint(
            "行号=金额，逗号分隔，如 1=500, 2=1,200.00",
            "row=amount, comma-separated, e.g. 1=500, 2=1200.00",
        ),
        Field::text("note", "备注", "Note").max(200),
    ]
}

/// The by-hand amounts as typed (`1=500, INV-…=1,200`): invoice number and amount per
/// entry, a row number read against the open invoices shown. `Err` names the entry that
/// is not understood.
pub fn hand_amounts(
    text: &str,
    open: &[crate::store::cash::InvoiceRow],
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    // A comma inside an amount (1,200) is a thousands separator: split on ";" or on ","
    // only before something with a "=".
    let mut entries: Vec<String> = Vec::new();
    for part in text.split([';', '；']) {
        for piece in part.split([',', '，']) {
            match entries.last_mut() {
                Some(last) if !piece.contains('=') && !piece.trim().is_empty() => {
                    last.push(',');
                    last.push_str(piece);
                }
                _ if piece.trim().is_empty() => {}
                _ => entries.push(piece.to_string()),
            }
        }
    }
    for entry in entries {
        let Some((row, amount)) = entry.split_once('=') else {
            return Err(entry.trim().to_string());
        };
        let row = row.trim();
        let number = match row.parse::<usize>() {
            Ok(n) if n >= 1 && n <= open.len() => open[n - 1].number.clone(),
            Ok(_) => return Err(row.to_string()),
            Err(_) => row.to_string(),
        };
        out.push((number, amount.trim().to_string()));
    }
    Ok(out)
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
                self.customer = Some(Box::new(r));
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

    fn input(&self) -> Result<PaymentInput, String> {
        let method = PaymentMethod::parse(self.form.get("method")).unwrap_or(PaymentMethod::Cash);
        let mut input =
            PaymentInput::new(self.form.get("customer"), method, self.form.get("amount"));
        input.reference = self.form.get("reference").trim().to_string();
        input.date = self.form.get("date").trim().to_string();
        input.account = Account::from_code(self.form.get("account"));
        input.note = self.form.get("note").trim().to_string();
        input.allocation = match self.form.get("allocation") {
            "hand" => {
                let open = self
                    .customer
                    .as_ref()
                    .map(|c| c.open_invoices.as_slice())
                    .unwrap_or(&[]);
                Allocation::ByHand(hand_amounts(self.form.get("amounts"), open)?)
            }
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
            Err(entry) => {
                env.warn(crate::bi!(
                    env.lang,
                    "看不懂手工核销“{}”：请写 行号=金额 或 发票号=金额。",
                    "\"{}\" is not understood: write row=amount or invoice=amount.",
                    entry
                ));
                self.form.focus_on("amounts");
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
                for k in ["reference", "amount", "amounts", "note"] {
                    self.form.set(k, "");
                }
                self.form.dirty = false;
                self.form.focus_on("reference");
                self.read_customer(env);
            }
            Err(e) => {
                env.error(&e);
                env.ring();
                self.form.focus_error(&e);
            }
        }
        Nav::Stay
    }

    fn next_field(&mut self, env: &mut Env) {
        if self.form.focus_key() == "customer" && !self.customer_current() {
            if self.read_customer(env) {
                self.form.command(Command::NextField);
            }
            return;
        }
        self.form.command(Command::NextField);
    }

    fn draw_customer(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let Some(c) = &self.customer else {
            let mut lines = vec![Line::from(Span::styled(
                lang.pick(
                    "输入客户后，这里列出其未付发票。",
                    "The customer's open invoices show here.",
                ),
                theme.dim(),
            ))];
            lines.extend(self.done.iter().map(|d| Line::from(d.clone())));
            f.render_widget(
                Paragraph::new(lines).block(framed(lang.pick("未付发票", "Open invoices"), theme)),
                area,
            );
            return;
        };
        let title = crate::bi!(
            lang,
            "{} {} · 应收 ¥{} · 预收 ¥{}",
            "{} {} · owes ¥{} · prepaid ¥{}",
            c.code,
            c.name,
            c.position.open_ar,
            c.position.prepaid
        );
        let block = framed(&title, theme);
        let inner = block.inner(area);
        let widths = [3u16, 15, 10, 10, 12, 12];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from("#"),
            Cell::from(fit(lang.pick("发票号", "Invoice"), 1)),
            Cell::from(fit(lang.pick("开票日", "Date"), 2)),
            Cell::from(fit(lang.pick("到期日", "Due"), 3)),
            Cell::from(fit(lang.pick("金额", "Amount"), 4)),
            Cell::from(fit(lang.pick("未付", "Open"), 5)),
        ])
        .style(theme.title());
        let rows = c
            .open_invoices
            .iter()
            .take(usize::from(inner.height.saturating_sub(1)))
            .enumerate()
            .map(|(i, inv)| {
                Row::new(vec![
                    Cell::from((i + 1).to_string()),
                    Cell::from(fit(&inv.number, 1)),
                    Cell::from(fit(&inv.invoice_date, 2)),
                    Cell::from(fit(&inv.due_date, 3)),
                    Cell::from(format!("{:>12}", yuan(inv.gross_minor))),
                    Cell::from(format!("{:>12}", yuan(inv.open_minor))),
                ])
            });
        f.render_widget(
            Table::new(rows, widths.map(Constraint::Length))
                .header(header)
                .column_spacing(1)
                .block(block),
            area,
        );
        if c.open_invoices.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick(
                    "  没有未付发票：收款将作为预收款。",
                    "  No open invoices: the payment is kept as prepayment.",
                ),
                theme,
            );
        }
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
        self.draw_customer(f, panel, lang, theme);
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
            _ => {
                self.form.command(cmd);
                Nav::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        if let Typed::Ended = self.form.key(key) {
            self.next_field(env);
        }
        Nav::Stay
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        if self.customer.is_some() && self.customer_current() {
            let code = self.form.get("customer").to_string();
            match cash::customer_receivables(env.db, &code) {
                Ok(r) => self.customer = Some(Box::new(r)),
                Err(e) => {
                    env.error(&e);
                    return !e.is_busy();
                }
            }
        }
        true
    }

    fn unsaved(&self) -> bool {
        self.form.dirty
            && ["reference", "amount", "amounts"]
                .iter()
                .any(|k| !self.form.get(k).trim().is_empty())
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn scans(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(number: &str) -> crate::store::cash::InvoiceRow {
        crate::store::cash::InvoiceRow {
            id: 1,
            number: number.into(),
            kind: "invoice".into(),
            customer_id: 1,
            customer_name: String::new(),
            order_id: 1,
            order_no: None,
            shipment_id: None,
            corrects_id: None,
            invoice_date: String::new(),
            due_date: String::new(),
            price_mode: String::new(),
            net_minor: 0,
            tax_minor: 0,
            gross_minor: 0,
            paid_minor: 0,
            credited_minor: 0,
            written_off_minor: 0,
            open_minor: 0,
            reason: None,
            vat_no: None,
            vat_kind: None,
            vat_date: None,
            version: 0,
        }
    }

    #[test]
    fn by_hand_amounts_read_rows_numbers_and_separators() {
        let open = [inv("INV-1"), inv("INV-2")];
        assert_eq!(
            hand_amounts("1=500, 2=1,200.00; INV-9=¥3", &open),
            Ok(vec![
                ("INV-1".into(), "500".into()),
                ("INV-2".into(), "1,200.00".into()),
                ("INV-9".into(), "¥3".into()),
            ])
        );
        assert_eq!(hand_amounts("3=5", &open), Err("3".into()));
        assert_eq!(hand_amounts("junk", &open), Err("junk".into()));
    }
}

//! Invoices (发票): the list, newest first, filtered to open, paid or overdue ones in SQL
//! and read page by page on the filter's index; batch
//! invoicing of everything ready (批量开票); one invoice with its lines and the payments
//! applied to it, where the official VAT invoice (增值税发票) number, type and date are
//! recorded.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::yuan;
use crate::domain::access::Permission;
use crate::domain::text::truncate_to_width;
use crate::i18n::{Lang, Localized};
use crate::ops::cash::{self, InvoiceView, VatKind};
use crate::ops::{self};
use crate::store::cash::InvoiceRow;
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, FormLayer, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::empty_hint;

/// Which invoices the list shows: filtered in SQL, page by page.
pub use crate::ops::cash::InvoiceFilter as Filter;

fn filter_label(f: Filter, lang: Lang) -> &'static str {
    match f {
        Filter::All => lang.pick("全部", "All"),
        Filter::Open => lang.pick("未付", "Open"),
        Filter::Paid => lang.pick("已付", "Paid"),
        Filter::Overdue => lang.pick("逾期", "Overdue"),
    }
}

/// Invoices read at a time.
const PAGE: i64 = 100;

/// The invoice list's state.
#[derive(Debug, Clone, Default)]
pub struct InvoiceList {
    pub filter: Filter,
    /// The rows of the filter read so far, newest first.
    pub rows: Vec<InvoiceRow>,
    pub selected: usize,
    /// Whether the last page read was full: more may follow.
    pub more: bool,
    pub scan: String,
    today: String,
}

/// The invoice list.
pub fn list() -> Box<dyn View> {
    Box::new(InvoiceList::default())
}

impl InvoiceList {
    /// Reads the next page of the filter after the last row read (keyset paging).
    fn read_more(&mut self, env: &mut Env) -> bool {
        let (date, id) = self
            .rows
            .last()
            .map_or(("9999-12-31".to_string(), i64::MAX), |r| {
                (r.invoice_date.clone(), r.id)
            });
        match cash::invoice_page(env.db, self.filter, &date, id, PAGE) {
            Ok(page) => {
                self.more = page.len() as i64 == PAGE;
                self.rows.extend(page);
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    /// Reads on until `want` rows are there (or the filter has no more).
    fn fill(&mut self, env: &mut Env, want: usize) {
        while self.more && self.rows.len() < want {
            if !self.read_more(env) {
                break;
            }
        }
    }

    /// The filter's first pages again, as many rows as `want`.
    fn restart(&mut self, env: &mut Env, want: usize) -> bool {
        self.rows.clear();
        self.more = false;
        let ok = self.read_more(env);
        self.fill(env, want);
        ok
    }

    fn invoice_all(&mut self, env: &mut Env) {
        match cash::invoice_all_ready(env.db, env.actor) {
            Ok((issued, refused)) => {
                let lang = env.lang;
                let mut text = crate::bi!(
                    lang,
                    "批量开票：开出 {} 张发票。",
                    "Batch invoicing: {} invoices issued.",
                    issued.len()
                );
                if let Some((order, e)) = refused.first() {
                    text.push(' ');
                    text.push_str(&crate::bi!(
                        lang,
                        "{} 单未开：{} {}",
                        "{} orders refused: {} {}",
                        refused.len(),
                        order,
                        e.localized(lang)
                    ));
                }
                if refused.is_empty() {
                    env.ok(text);
                } else {
                    env.warn(text);
                }
                self.reload(env);
            }
            Err(e) => env.error(&e),
        }
    }

    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let code = std::mem::take(&mut self.scan).trim().to_string();
        match cash::invoice(env.db, &code) {
            Ok(v) => Nav::Push(Route::Invoice(v.head.number)),
            Err(e) => {
                env.error(&e);
                env.ring();
                Nav::Stay
            }
        }
    }
}

fn state_of(r: &InvoiceRow, today: &str, lang: Lang) -> &'static str {
    if r.kind != "invoice" {
        lang.pick("红字", "Credit")
    } else if r.open_minor == 0 {
        lang.pick("已付", "Paid")
    } else if r.due_date.as_str() < today {
        lang.pick("逾期", "Overdue")
    } else if r.paid_minor > 0 {
        lang.pick("部分付", "Part paid")
    } else {
        lang.pick("未付", "Open")
    }
}

impl View for InvoiceList {
    fn name(&self) -> &'static str {
        "invoices"
    }

    fn context(&self) -> Context {
        Context::Invoices
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        vec![Box::new(ops::export::money::Invoices {
            filter: self.filter,
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [tabs, list, scan] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut spans = Vec::new();
        for fl in Filter::ALL {
            let style = if fl == self.filter {
                theme.selected()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {} ", filter_label(fl, lang)), style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        let more = if self.more { "+" } else { "" };
        let title = crate::bi!(
            lang,
            "发票 · {} 张{}",
            "Invoices · {}{}",
            self.rows.len(),
            more
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        // At 80 columns the invoice date gives way to the customer; the due date stays.
        let (num_w, money_w, state_w) = (17u16, 12u16, 8u16);
        let inv_date_w = if inner.width >= 100 { 10u16 } else { 0 };
        let fixed = num_w + inv_date_w + 10 + 2 * money_w + state_w + 6;
        let cust_w = inner.width.saturating_sub(fixed).max(4);
        let widths = [num_w, cust_w, inv_date_w, 10, money_w, money_w, state_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("发票号", "Invoice"), 0)),
            Cell::from(fit(lang.pick("客户", "Customer"), 1)),
            Cell::from(fit(lang.pick("开票日", "Date"), 2)),
            Cell::from(fit(lang.pick("到期日", "Due"), 3)),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("金额", "Amount"),
                w = 12 - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("未付", "Open"),
                w = 12 - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(fit(lang.pick("状态", "State"), 6)),
        ])
        .style(theme.title());
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.selected, height);
        let rows = self
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, r)| {
                let customer = match (&r.vat_no, wide) {
                    (Some(v), true) => format!("{} · {v}", r.customer_name),
                    _ => r.customer_name.clone(),
                };
                let state = state_of(r, &self.today, lang);
                let row = Row::new(vec![
                    Cell::from(fit(&r.number, 0)),
                    Cell::from(fit(&customer, 1)),
                    Cell::from(fit(&r.invoice_date, 2)),
                    Cell::from(fit(&r.due_date, 3)),
                    Cell::from(format!("{:>12}", yuan(r.gross_minor))),
                    Cell::from(format!("{:>12}", yuan(r.open_minor))),
                    Cell::from(fit(state, 6)).style(
                        if r.open_minor > 0 && r.due_date.as_str() < self.today.as_str() {
                            theme.error()
                        } else {
                            ratatui::style::Style::default()
                        },
                    ),
                ]);
                if i == self.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            });
        f.render_widget(
            Table::new(rows, widths.map(Constraint::Length))
                .header(header)
                .column_spacing(1)
                .block(block),
            list,
        );
        if self.rows.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick("  没有这样的发票。", "  No such invoices."),
                theme,
            );
        }
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    lang.pick(
                        "扫码/输入发票号或税票号码：",
                        "Scan an invoice or VAT number: ",
                    ),
                    theme.dim(),
                ),
                Span::raw(self.scan.clone()),
            ])),
            scan,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let page = usize::try_from(env.rows).unwrap_or(1).max(1);
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::PageUp => {
                self.selected = self.selected.saturating_sub(page);
                Nav::Stay
            }
            Command::Down | Command::PageDown => {
                let step = if cmd == Command::Down { 1 } else { page };
                self.fill(env, self.selected + step + 1);
                self.selected = (self.selected + step).min(self.rows.len().saturating_sub(1));
                Nav::Stay
            }
            Command::NextStage | Command::PrevStage => {
                let i = Filter::ALL
                    .iter()
                    .position(|f| *f == self.filter)
                    .unwrap_or(0);
                let n = Filter::ALL.len();
                let j = if cmd == Command::NextStage {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.filter = Filter::ALL[j];
                self.selected = 0;
                self.restart(env, page);
                Nav::Stay
            }
            Command::InvoiceAll => {
                self.invoice_all(env);
                Nav::Stay
            }
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.rows.get(self.selected) {
                Some(r) => Nav::Push(Route::Invoice(r.number.clone())),
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_scan(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match ops::today(env.db) {
            Ok(t) => self.today = t.to_string(),
            Err(e) => {
                env.error(&e);
                return !e.is_busy();
            }
        }
        let shown = self.rows.len().max(usize::try_from(env.rows).unwrap_or(20));
        self.restart(env, shown)
    }
}

/// One invoice: its head, lines and the payments applied to it.
pub struct InvoiceDetail {
    pub number: String,
    pub view: Option<Box<InvoiceView>>,
    /// The form layer open over the invoice.
    layer: Option<Layer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Vat,
    CreditNote,
}

/// The invoice numbered `number`.
pub fn detail(number: String) -> Box<dyn View> {
    Box::new(InvoiceDetail {
        number,
        view: None,
        layer: None,
    })
}

fn credit_form() -> Form {
    Form::new(vec![
        Field::text("line", "行号", "Line no.").max(6),
        Field::text("price", "新单价", "New unit price").max(16),
        Field::text("reason", "原因", "Reason")
            .max(200)
            .hint("必填：如 价格谈低了", "Required: e.g. price agreed lower"),
    ])
}

fn value_of(values: &[(&'static str, String)], key: &str) -> String {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl InvoiceDetail {
    fn credit(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let line = value_of(values, "line");
        let Ok(line_no) = line.trim().parse::<i64>() else {
            env.warn(crate::bi!(
                env.lang,
                "行号“{}”无效：请输入发票明细的行号。",
                "Line \"{}\" is not valid: type the line number shown on the invoice.",
                line.trim()
            ));
            self.layer = Some(Layer::CreditNote);
            return Reply::Keep;
        };
        let corrections = [cash::PriceCorrection {
            line_no,
            new_price: value_of(values, "price"),
        }];
        match cash::credit_note(
            env.db,
            env.actor,
            &self.number,
            &corrections,
            &value_of(values, "reason"),
        ) {
            Ok(issued) => {
                env.ok(crate::bi!(
                    env.lang,
                    "已开红字发票 {}，冲减 ¥{}。",
                    "Credit note {} issued for ¥{}.",
                    issued.number,
                    issued.gross
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.layer = Some(Layer::CreditNote);
                Reply::Keep
            }
        }
    }

    /// Writes the invoice as text and HTML into the output folder and sends the text to
    /// the printer, where the company has them.
    fn print(&mut self, env: &mut Env) {
        let Some(v) = self.view.as_deref() else {
            return;
        };
        let lang = env.lang;
        let company = ops::setup::company_name(env.db).unwrap_or_default();
        let text = crate::print::cash::invoice_text(v, &company, lang, 80);
        let mut said = Vec::new();
        if let Some(dir) = env.output.dir.clone() {
            let html = crate::print::cash::invoice_html(v, &company, lang);
            let txt = dir.join(format!("{}.txt", v.head.number));
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&txt, &text))
                .and_then(|()| std::fs::write(dir.join(format!("{}.html", v.head.number)), html));
            match written {
                Ok(()) => said.push(crate::bi!(
                    lang,
                    "已写入 {}",
                    "written to {}",
                    txt.display()
                )),
                Err(e) => {
                    env.warn(
                        ops::Error::Io {
                            detail: e.to_string(),
                        }
                        .localized(lang),
                    );
                    return;
                }
            }
        }
        if let Some(command) = env.output.printer.clone() {
            env.print_jobs.push(crate::ui::view::PrintJob {
                command,
                text,
                number: v.head.number.clone(),
            });
            said.push(lang.pick("已送打印机", "sent to the printer").to_string());
        }
        if said.is_empty() {
            env.warn(crate::bi!(
                lang,
                "{} 未打印：没有设置输出文件夹或打印命令（配置文件的 output_dir / printer_command）。",
                "{} was not printed: no output folder or printer command is set (output_dir / printer_command in the config file).",
                v.head.number
            ));
        } else {
            env.ok(format!(
                "{} {}",
                v.head.number,
                said.join(lang.pick("，", ", "))
            ));
        }
    }
}

fn vat_form() -> Form {
    Form::new(vec![
        Field::text("vat_no", "税票号码", "VAT invoice no.").max(32),
        Field::choice(
            "vat_kind",
            "类型",
            "Type",
            vec![
                Choice::new(
                    "ordinary",
                    VatKind::Ordinary.label(Lang::Zh),
                    VatKind::Ordinary.label(Lang::En),
                ),
                Choice::new(
                    "special",
                    VatKind::Special.label(Lang::Zh),
                    VatKind::Special.label(Lang::En),
                ),
            ],
        ),
        Field::text("vat_date", "开票日期", "Date")
            .max(10)
            .hint("留空为今天", "Empty: today"),
    ])
}

impl View for InvoiceDetail {
    fn name(&self) -> &'static str {
        "invoice"
    }

    fn context(&self) -> Context {
        Context::Invoice
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let Some(v) = &self.view else {
            f.render_widget(Paragraph::new("").block(framed(&self.number, theme)), area);
            return;
        };
        let h = &v.head;
        let kind = if h.kind == "invoice" {
            lang.pick("销售发票", "Invoice")
        } else {
            lang.pick("红字发票", "Credit note")
        };
        let title = format!("{kind} {} · {}", h.number, h.customer_name);
        let mut lines = vec![
            Line::from(crate::bi!(
                lang,
                "订单 {} · 开票日 {} · 到期日 {}",
                "Order {} · dated {} · due {}",
                h.order_no.clone().unwrap_or_default(),
                h.invoice_date,
                h.due_date
            )),
            Line::from(crate::bi!(
                lang,
                "不含税 ¥{} · 税额 ¥{} · 价税合计 ¥{}",
                "Net ¥{} · VAT ¥{} · gross ¥{}",
                yuan(h.net_minor),
                yuan(h.tax_minor),
                yuan(h.gross_minor)
            )),
            Line::from(crate::bi!(
                lang,
                "已收 ¥{} · 红冲 ¥{} · 核销 ¥{} · 未付 ¥{}",
                "Paid ¥{} · credited ¥{} · written off ¥{} · open ¥{}",
                yuan(h.paid_minor),
                yuan(h.credited_minor),
                yuan(h.written_off_minor),
                yuan(h.open_minor)
            )),
        ];
        lines.push(match (&h.vat_no, &h.vat_kind) {
            (Some(no), kind) => {
                let k = kind
                    .as_deref()
                    .map(|k| match k {
                        "special" => VatKind::Special.label(lang),
                        _ => VatKind::Ordinary.label(lang),
                    })
                    .unwrap_or("");
                Line::from(crate::bi!(
                    lang,
                    "增值税发票 {} {} {}",
                    "VAT invoice {} {} {}",
                    k,
                    no,
                    h.vat_date.clone().unwrap_or_default()
                ))
            }
            (None, _) => Line::from(Span::styled(
                lang.pick("尚未登记增值税发票号码。", "No VAT invoice recorded yet."),
                theme.dim(),
            )),
        });
        if let Some(c) = &v.corrects {
            lines.push(Line::from(crate::bi!(
                lang,
                "冲减发票 {}",
                "Corrects {}",
                c
            )));
        }
        let head_h = u16::try_from(lines.len()).unwrap_or(5) + 2;
        let [top, body] =
            Layout::vertical([Constraint::Length(head_h), Constraint::Fill(1)]).areas(area);
        f.render_widget(Paragraph::new(lines).block(framed(&title, theme)), top);
        let mut rows: Vec<Line> = v
            .lines
            .iter()
            .map(|l| {
                let name = crate::domain::text::pad_to_width(
                    &truncate_to_width(&format!("{} {}", l.sku, l.name), 34),
                    34,
                );
                Line::from(format!(
                    "{:>3} {} {:>10} {:>12}",
                    l.line_no,
                    name,
                    crate::domain::money::Qty::from_db(l.qty).to_string(),
                    yuan(l.gross_minor)
                ))
            })
            .collect();
        for a in &v.allocations {
            rows.push(Line::from(Span::styled(
                crate::bi!(
                    lang,
                    "    收款 {} {} ¥{}",
                    "    Payment {} {} ¥{}",
                    a.payment_no,
                    a.alloc_date,
                    yuan(a.amount_minor)
                ),
                theme.dim(),
            )));
        }
        for c in &v.credit_notes {
            rows.push(Line::from(Span::styled(
                crate::bi!(
                    lang,
                    "    红字发票 {} {} ¥{}",
                    "    Credit note {} {} ¥{}",
                    c.number,
                    c.invoice_date,
                    yuan(c.gross_minor)
                ),
                theme.dim(),
            )));
        }
        f.render_widget(
            Paragraph::new(rows).block(framed(lang.pick("明细", "Lines"), theme)),
            body,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::RecordVat => {
                if let Ok(false) = ops::users::allowed(env.db, env.actor, Permission::IssueInvoices)
                {
                    env.error(&ops::Error::PermissionDenied {
                        permission: Permission::IssueInvoices,
                    });
                    return Nav::Stay;
                }
                let mut form = vat_form();
                if let Some(h) = self.view.as_ref().map(|v| &v.head) {
                    form.set("vat_no", h.vat_no.clone().unwrap_or_default());
                    if let Some(k) = &h.vat_kind {
                        form.set("vat_kind", k.clone());
                    }
                    form.set("vat_date", h.vat_date.clone().unwrap_or_default());
                    form.dirty = false;
                }
                self.layer = Some(Layer::Vat);
                Nav::Open(Box::new(FormLayer::new(
                    "vat",
                    ("登记增值税发票", "Record the VAT invoice"),
                    form,
                )))
            }
            Command::CreditNote => {
                if let Ok(false) = ops::users::allowed(env.db, env.actor, Permission::IssueInvoices)
                {
                    env.error(&ops::Error::PermissionDenied {
                        permission: Permission::IssueInvoices,
                    });
                    return Nav::Stay;
                }
                self.layer = Some(Layer::CreditNote);
                Nav::Open(Box::new(FormLayer::new(
                    "credit-note",
                    ("红字发票：更正单价", "Credit note: price correction"),
                    credit_form(),
                )))
            }
            Command::Print => {
                self.print(env);
                Nav::Stay
            }
            Command::Reprint => {
                let said = crate::ui::screens::intake::print_receipt(env, &self.number, 42);
                if said.is_empty() {
                    env.say(
                        "未打印：没有设置输出文件夹或打印命令（配置文件的 output_dir / printer_command）。",
                        "Not printed: no output folder or printer command is set (output_dir / printer_command in the config file).",
                        true,
                    );
                } else {
                    env.ok(format!("{}{}", self.number, said));
                }
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Answer::Form(values) = answer else {
            self.layer = None;
            return Reply::Close(Nav::Stay);
        };
        if self.layer.take() == Some(Layer::CreditNote) {
            return self.credit(&values, env);
        }
        let get = |k: &str| {
            values
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let kind = if get("vat_kind") == "special" {
            VatKind::Special
        } else {
            VatKind::Ordinary
        };
        match cash::record_vat_invoice(
            env.db,
            env.actor,
            &self.number,
            &get("vat_no"),
            kind,
            &get("vat_date"),
        ) {
            Ok(()) => {
                env.ok(crate::bi!(
                    env.lang,
                    "已登记增值税发票 {}。",
                    "VAT invoice {} recorded.",
                    get("vat_no").trim()
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.layer = Some(Layer::Vat);
                Reply::Keep
            }
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match cash::invoice(env.db, &self.number) {
            Ok(v) => {
                self.view = Some(Box::new(v));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

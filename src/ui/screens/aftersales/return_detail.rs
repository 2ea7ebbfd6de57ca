//! One return (退货单): who, which order and shipment, why, and per line what came back
//! in which condition; the money (the credit note, refund or prepayment, or less to
//! invoice) and the exchange order. F3 receives its goods, F5 credits it (paid back or
//! kept as prepayment, the full value or an amount typed), F6 makes the exchange order,
//! F7 cancels it while nothing is received, F8 writes off goods the carrier lost, F9
//! closes a credited return; Enter opens its order.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{qty, status_style, yuan};
use crate::domain::access::Permission;
use crate::domain::returns::{Condition, ReturnStatus, Settlement};
use crate::domain::text::{display_width, shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::clock::{company_text_of, Shown};
use crate::ops::returns::{self, CreditInput, ReturnView};
use crate::ops::{self, Refusal};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, FormLayer, Picker, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{frame, Env, Nav, View};

/// What an open layer answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asking {
    Credit,
    Exchange,
    Cancel,
    Lost,
}

/// The return detail screen.
pub struct ReturnDetail {
    pub view: Box<ReturnView>,
    asking: Option<Asking>,
}

/// The detail of return `number`.
pub fn open(env: &mut Env, number: &str) -> Result<Box<dyn View>, ops::Error> {
    let view = returns::return_view(env.db, number)?;
    Ok(Box::new(ReturnDetail {
        view: Box::new(view),
        asking: None,
    }))
}

fn credit_form() -> Form {
    Form::new(vec![
        Field::choice(
            "settlement",
            "退款方式",
            "Settlement",
            vec![
                Choice::new("prepayment", "转预收款", "Keep as prepayment"),
                Choice::new("refund", "退款", "Refund"),
            ],
        ),
        Field::text("amount", "冲账金额", "Amount").max(20).hint(
            "空：按发票金额全额冲账；扣折旧费时填实退金额",
            "Empty: the goods' value as invoiced; less for a restocking charge",
        ),
    ])
}

/// Where the exchange confirmation goes: centred under the head.
fn popup(body: Rect, rows: u16) -> Rect {
    let w = body.width.min(56);
    let h = rows.min(body.height.saturating_sub(2));
    Rect::new(body.x + (body.width - w) / 2, body.y + 3, w, h)
}

impl ReturnDetail {
    fn number(&self) -> String {
        self.view.head.number.clone()
    }

    fn refuse_unless_allowed(env: &mut Env, permission: Permission) -> bool {
        if let Ok(false) = ops::users::allowed(env.db, env.actor, permission) {
            env.error(&ops::Error::PermissionDenied { permission });
            return true;
        }
        false
    }

    fn credit(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let get = |k: &str| {
            values
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let settlement = Settlement::parse(&get("settlement")).unwrap_or(Settlement::Prepayment);
        let done = returns::credit_return(
            env.db,
            env.actor,
            &self.number(),
            &CreditInput {
                settlement,
                amount: get("amount"),
            },
        );
        match done {
            Ok(c) => {
                let lang = env.lang;
                env.ok(match &c.credit_note {
                    Some(cn) => crate::bi!(
                        lang,
                        "{}：红字发票 {} {}，冲减应收 {}，退款 {}，转预收款 {}。",
                        "{}: credit note {} {}; receivable {} less, refunded {}, kept as prepayment {}.",
                        c.number,
                        cn,
                        c.credit,
                        c.to_receivable,
                        c.refunded,
                        c.prepaid
                    ),
                    None => crate::bi!(
                        lang,
                        "{}：货物尚未开票，开票时减少 {}。",
                        "{}: not invoiced yet; {} less will be invoiced.",
                        c.number,
                        qty(c.uninvoiced)
                    ),
                });
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                // The form stays with what was typed when the amount or a busy moment
                // was the trouble; a refusal of the return itself closes it.
                if matches!(e, ops::Error::Field { .. }) || e.is_busy() {
                    self.asking = Some(Asking::Credit);
                    return Reply::Keep;
                }
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn typed(&mut self, asking: Asking, text: &str, env: &mut Env) -> Reply<Nav> {
        let number = self.number();
        let done = match asking {
            Asking::Cancel => returns::cancel_return(env.db, env.actor, &number, text)
                .map(|()| crate::bi!(env.lang, "{} 已取消。", "{} is cancelled.", number)),
            Asking::Lost => returns::write_off_lost(env.db, env.actor, &number, text).map(|r| {
                crate::bi!(
                    env.lang,
                    "{}：丢失 {} 已核销。",
                    "{}: {} lost written off.",
                    r.number,
                    qty(r.added)
                )
            }),
            _ => return Reply::Close(Nav::Stay),
        };
        match done {
            Ok(msg) => {
                env.ok(msg);
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                if matches!(e, ops::Error::Field { .. }) || e.is_busy() {
                    self.asking = Some(asking);
                    return Reply::Keep;
                }
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn exchange(&mut self, env: &mut Env) {
        match returns::exchange(env.db, env.actor, &self.number()) {
            Ok(x) => {
                let how = match &x.outcome {
                    ops::intake::Outcome::Approved { .. } => {
                        env.lang.pick("已自动审核", "approved at once")
                    }
                    ops::intake::Outcome::Waiting(_) => {
                        env.lang.pick("等待审批", "waiting for approval")
                    }
                };
                env.ok(crate::bi!(
                    env.lang,
                    "换货订单 {} 已提交，{}。",
                    "Exchange order {} submitted, {}.",
                    x.number,
                    how
                ));
                self.reload(env);
            }
            Err(e) => env.error(&e),
        }
    }
}

impl View for ReturnDetail {
    fn name(&self) -> &'static str {
        "return"
    }

    fn context(&self) -> Context {
        Context::ReturnDetail
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, &self.view, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let h = &self.view.head;
        match cmd {
            Command::Back => Nav::Back,
            Command::Open => Nav::Push(Route::Order(h.order_id)),
            Command::ReceiveReturn => {
                if !h.status.receives() {
                    env.error(&Refusal::ReturnClosed {
                        number: h.number.clone(),
                        status: h.status,
                    });
                    return Nav::Stay;
                }
                Nav::Push(Route::ReturnReceiving(Some(h.number.clone())))
            }
            Command::CreditNote => {
                if Self::refuse_unless_allowed(env, Permission::IssueInvoices) {
                    return Nav::Stay;
                }
                if h.status != ReturnStatus::Received {
                    let r = if h.status.receives() {
                        Refusal::ReturnNotReceived {
                            number: h.number.clone(),
                            status: h.status,
                        }
                    } else {
                        Refusal::ReturnClosed {
                            number: h.number.clone(),
                            status: h.status,
                        }
                    };
                    env.error(&r);
                    return Nav::Stay;
                }
                self.asking = Some(Asking::Credit);
                env.clear();
                Nav::Open(Box::new(FormLayer::new(
                    "credit-return",
                    ("退货冲账", "Credit the return"),
                    credit_form(),
                )))
            }
            Command::Exchange => {
                if Self::refuse_unless_allowed(env, Permission::CreateOrders) {
                    return Nav::Stay;
                }
                let lang = env.lang;
                let n: i64 = self.view.lines.iter().map(|l| l.qty).sum();
                self.asking = Some(Asking::Exchange);
                Nav::Open(Box::new(Picker::new(
                    ("换货：按原价重新下单？", "Exchange: order the goods again?"),
                    vec![
                        crate::bi!(
                            lang,
                            "提交换货订单（{} 件，按原价，走审批）",
                            "Submit the exchange order ({} at the prices sold, approval rules apply)",
                            qty(n)
                        ),
                        lang.pick("不换货", "No exchange").to_string(),
                    ],
                    popup,
                )))
            }
            Command::CancelReturn => {
                if Self::refuse_unless_allowed(env, Permission::CreateOrders) {
                    return Nav::Stay;
                }
                self.asking = Some(Asking::Cancel);
                Nav::Open(Box::new(Prompt::new(crate::bi!(
                    env.lang,
                    "取消 {} 的原因",
                    "Reason for cancelling {}",
                    h.number
                ))))
            }
            Command::WriteOffLost => {
                if Self::refuse_unless_allowed(env, Permission::AdjustStock) {
                    return Nav::Stay;
                }
                if !h.undelivered {
                    env.error(&Refusal::LostNeedsUndelivered {
                        number: h.number.clone(),
                    });
                    return Nav::Stay;
                }
                self.asking = Some(Asking::Lost);
                Nav::Open(Box::new(Prompt::new(
                    env.lang
                        .pick(
                            "运输丢失核销：承运商的说明",
                            "Lost in transit: what the carrier said",
                        )
                        .to_string(),
                )))
            }
            Command::CloseReturn => {
                let number = h.number.clone();
                match returns::close_return(env.db, env.actor, &number) {
                    Ok(()) => {
                        env.ok(crate::bi!(env.lang, "{} 已关闭。", "{} is closed.", number));
                        self.reload(env);
                    }
                    Err(e) => env.error(&e),
                }
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Some(asking) = self.asking.take() else {
            return Reply::Close(Nav::Stay);
        };
        match (asking, answer) {
            (Asking::Credit, Answer::Form(values)) => self.credit(&values, env),
            (Asking::Exchange, Answer::Picked(0)) => {
                self.exchange(env);
                Reply::Close(Nav::Stay)
            }
            (Asking::Cancel | Asking::Lost, Answer::Text(t)) => self.typed(asking, &t, env),
            _ => Reply::Close(Nav::Stay),
        }
    }

    fn unsaved(&self) -> bool {
        self.asking.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match returns::return_view(env.db, &self.view.head.number) {
            Ok(v) => {
                *self.view = v;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

fn condition_label(code: &str, lang: Lang) -> &'static str {
    match Condition::parse(code) {
        Some(c) => c.label(lang),
        None => lang.pick("丢失", "Lost"),
    }
}

/// The money line: the credit note and where its money went, or what was taken off
/// invoicing, or that the credit is still to come.
fn money_line(v: &ReturnView, lang: Lang) -> String {
    let h = &v.head;
    let uninvoiced: i64 = v.lines.iter().map(|l| l.qty_uninvoiced).sum();
    let mut parts = Vec::new();
    if let Some(cn) = &h.credit_note_no {
        parts.push(crate::bi!(
            lang,
            "红字发票 {} {}，退款 {}，转预收款 {}",
            "Credit note {} {}, refunded {}, prepayment {}",
            cn,
            yuan(h.credit_minor),
            yuan(h.refund_minor),
            yuan(h.prepaid_minor)
        ));
    }
    if uninvoiced > 0 {
        parts.push(crate::bi!(
            lang,
            "未开票即退回 {}：开票时相应减少",
            "{} returned before it was invoiced: invoiced that much less",
            qty(uninvoiced)
        ));
    }
    if parts.is_empty() {
        parts.push(match h.status {
            ReturnStatus::Cancelled => crate::bi!(
                lang,
                "已取消：{}",
                "Cancelled: {}",
                shown(h.cancel_reason.as_deref().unwrap_or_default())
            ),
            ReturnStatus::Received => lang
                .pick(
                    "货已收齐，待冲账（F5）",
                    "All received; to be credited (F5)",
                )
                .to_string(),
            _ => lang
                .pick("收货后冲账", "Credited once the goods are received")
                .to_string(),
        });
    }
    parts.join(lang.pick("；", "; "))
}

pub fn draw(f: &mut Frame, area: Rect, v: &ReturnView, lang: Lang, theme: Theme) {
    let h = &v.head;
    let receipt_rows = if v.receipts.is_empty() {
        0
    } else {
        (v.receipts.len() as u16 + 1).min((area.height / 4).max(2))
    };
    let sep = lang.pick("：", ": ");
    let mut l1 = vec![
        Span::styled(format!("{}  ", h.number), theme.title()),
        Span::styled(h.status.label(lang), status_style(h.status, theme)),
        Span::raw(format!("  {}", h.reason.label(lang))),
    ];
    if let Some(x) = &h.exchange_order_no {
        l1.push(Span::raw(crate::bi!(
            lang,
            "  换货订单 {}",
            "  exchange {}",
            x
        )));
    }
    let customer = format!(
        "{}{sep}{}{}{}{}",
        lang.pick("客户", "Customer"),
        h.customer_name,
        lang.pick("（", " ("),
        h.customer_code,
        lang.pick("）", ")"),
    );
    let goods = format!(
        "{}{sep}{}  {}{sep}{}{}",
        lang.pick("订单", "Order"),
        h.order_no.clone().unwrap_or_default(),
        lang.pick("发货单", "Shipment"),
        h.shipment_no,
        if h.undelivered {
            lang.pick("（未签收）", " (never signed for)")
        } else {
            ""
        }
    );
    let mut head_lines = vec![Line::from(l1)];
    // Customer, order and shipment on one line when they fit, else on two: the money
    // line below is never pushed out.
    let joined = format!("{customer}  {goods}");
    if display_width(&joined) <= usize::from(area.width) {
        head_lines.push(Line::from(joined));
    } else {
        head_lines.push(Line::from(customer));
        head_lines.push(Line::from(goods));
    }
    let opened = company_text_of(&h.created_at, v.utc_offset, Shown::Minute);
    head_lines.push(Line::from(Span::styled(
        truncate_to_width(
            &format!("{} {}  {}", opened, h.created_by, shown(&h.note)),
            usize::from(area.width),
        ),
        theme.dim(),
    )));
    head_lines.push(Line::from(money_line(v, lang)));
    let head_rows = head_lines.len() as u16 + 1;
    let [head, lines, receipts] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Fill(1),
        Constraint::Length(receipt_rows),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(head_lines).wrap(ratatui::widgets::Wrap { trim: true }),
        head,
    );

    let wide = lines.width >= 120;
    let n = 6u16;
    let mut widths = vec![3u16, 0, 10, n, n, n, n, n, n];
    if wide {
        widths.extend([n, n]);
    }
    let fixed: u16 = widths.iter().sum::<u16>() + widths.len() as u16 + 1;
    widths[1] = lines.width.saturating_sub(fixed).max(8);
    let mut header = vec![
        Cell::from(lang.pick("行", "No.")),
        Cell::from(lang.pick("商品", "Product")),
        Cell::from(lang.pick("批次", "Lot")),
    ];
    let heads: Vec<&str> = {
        let mut v = vec![
            lang.pick("退货", "Qty"),
            lang.pick("可售", "Sale"),
            lang.pick("待检", "Quar."),
            lang.pick("报废", "Scrap"),
            lang.pick("丢失", "Lost"),
            lang.pick("待收", "Left"),
        ];
        if wide {
            v.extend([lang.pick("冲账", "Cred."), lang.pick("未开票", "Uninv.")]);
        }
        v
    };
    header.extend(
        heads
            .into_iter()
            .map(|t| Cell::from(Line::from(t).right_aligned())),
    );
    let num =
        |q: i64| Cell::from(Line::from(if q == 0 { "-".into() } else { qty(q) }).right_aligned());
    let name_w = usize::from(widths[1]);
    let rows = v.lines.iter().map(|l| {
        let mut cells = vec![
            Cell::from(l.line_no.to_string()),
            Cell::from(truncate_to_width(&format!("{} {}", l.sku, l.name), name_w)),
            Cell::from(if l.lot_no.is_empty() {
                "-".into()
            } else {
                l.lot_no.clone()
            }),
            Cell::from(Line::from(format!("{} {}", qty(l.qty), l.unit)).right_aligned()),
            num(l.qty_sellable),
            num(l.qty_quarantine),
            num(l.qty_scrapped),
            num(l.qty_lost),
            num(l.left()),
        ];
        if wide {
            cells.extend([num(l.qty_credited), num(l.qty_uninvoiced)]);
        }
        let row = Row::new(cells);
        if l.left() > 0 && h.status.receives() {
            row.style(theme.warning())
        } else {
            row
        }
    });
    f.render_widget(
        Table::new(rows, widths.into_iter().map(Constraint::Length))
            .header(Row::new(header).style(theme.title()))
            .column_spacing(1)
            .block(frame(theme)),
        lines,
    );

    if receipt_rows > 0 {
        let room = usize::from(receipt_rows.saturating_sub(1));
        let skip = v.receipts.len().saturating_sub(room);
        let mut out = vec![Line::from(Span::styled(
            crate::bi!(lang, "收货记录（{}）", "Received ({})", v.receipts.len()),
            theme.title(),
        ))];
        for r in v.receipts.iter().skip(skip) {
            out.push(Line::from(Span::styled(
                format!(
                    "{}  {}  {} {} {}{}",
                    company_text_of(&r.at, v.utc_offset, Shown::MonthDayMinute),
                    r.by,
                    r.sku,
                    condition_label(&r.condition, lang),
                    qty(r.qty),
                    r.bin_code
                        .as_deref()
                        .map(|b| format!(" → {b}"))
                        .unwrap_or_default()
                ),
                theme.dim(),
            )));
        }
        f.render_widget(Paragraph::new(out), receipts);
    }
}

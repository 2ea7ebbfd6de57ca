//! One order: header, lines with their fulfilment quantities (ordered, reserved, picked,
//! shipped, delivered, backordered), its shipments with carrier and tracking, totals and
//! the timeline. From here a draft or rejected order is edited (F3), an order cancelled
//! (F7) and a line cancelled (F8), each with a reason typed into a prompt, and the
//! warehouse ships its picked goods (F5) and records a shipment's delivery (F6). F2
//! opens a return of the selected line; the order's returns show beside its shipments.
//! Under it, the order's tickets and when its short goods are expected; F11 opens a
//! ticket for it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::order::OrderStage;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::orders::OrderDetail;
use crate::ops::returns::ReturnRow;
use crate::ops::shipping::ShipmentRow;
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{Env, Nav, View};

use super::tickets::strip::AfterSales;

/// What a typed reason is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    CancelOrder,
    CancelLine(i64),
    /// The form of a return of this line.
    Return(i64),
}

/// The order detail screen.
pub struct DetailView {
    pub detail: Box<OrderDetail>,
    /// The order's shipments, oldest first.
    pub shipments: Vec<ShipmentRow>,
    /// The order's returns (退货), oldest first.
    pub returns: Vec<ReturnRow>,
    /// The return this order replaces goods of, when it is an exchange (换货).
    pub exchange_of: Option<String>,
    /// The selected line.
    pub selected: usize,
    /// What the open reason prompt is for.
    asking: Option<Purpose>,
    /// The four flows (ordered, shipped, signed, invoiced; invoiced, paid, open).
    pub flows: Option<Box<ops::cash::OrderFlows>>,
    /// The lines show the four flows instead of fulfilment (F6).
    pub show_flows: bool,
    /// The order's tickets (客诉), newest first, and when the goods of its backordered
    /// lines are expected: (line number, date, request number).
    pub after_sales: AfterSales,
}

impl DetailView {
    pub fn new(detail: OrderDetail) -> DetailView {
        DetailView {
            detail: Box::new(detail),
            shipments: Vec::new(),
            returns: Vec::new(),
            exchange_of: None,
            selected: 0,
            asking: None,
            flows: None,
            show_flows: false,
            after_sales: AfterSales::default(),
        }
    }

    /// The detail screen of an order.
    pub fn open(db: &crate::ops::Db, id: i64) -> Result<DetailView, ops::Error> {
        let mut view = DetailView::new(ops::orders::order_detail(db, id)?);
        view.shipments = ops::shipping::shipments_of_order(db, id)?;
        view.returns = ops::returns::returns_of_order(db, id)?;
        view.exchange_of = ops::returns::exchange_of(db, id)?;
        view.flows = ops::cash::order_flows(db, id).ok().map(Box::new);
        view.after_sales = AfterSales::read(db, id);
        Ok(view)
    }

    /// The prompt for the reason of `purpose`, titled with what it is for.
    fn ask(&mut self, purpose: Purpose, lang: Lang) -> Nav {
        let title = match purpose {
            Purpose::CancelOrder => lang
                .pick("取消订单的原因", "Reason for cancelling the order")
                .to_string(),
            Purpose::CancelLine(no) => crate::bi!(
                lang,
                "取消第 {} 行的原因",
                "Reason for cancelling line {}",
                no
            ),
            Purpose::Return(_) => String::new(),
        };
        self.asking = Some(purpose);
        Nav::Open(Box::new(Prompt::new(title)))
    }

    /// The reason typed into the prompt: the order or line is cancelled, or the prompt
    /// stays.
    fn cancel_with(&mut self, reason: &str, env: &mut Env) -> Reply<Nav> {
        let Some(purpose) = self.asking.take() else {
            return Reply::Close(Nav::Stay);
        };
        let d = &self.detail;
        let done = match purpose {
            Purpose::CancelOrder => {
                ops::intake::cancel_order(env.db, env.actor, d.id, d.version, reason)
            }
            Purpose::CancelLine(no) => {
                ops::intake::cancel_line(env.db, env.actor, d.id, d.version, no, reason)
            }
            Purpose::Return(_) => return Reply::Close(Nav::Stay),
        };
        match done {
            Ok(()) => {
                env.ok(match purpose {
                    Purpose::CancelOrder => env
                        .lang
                        .pick("订单已取消。", "The order is cancelled.")
                        .into(),
                    Purpose::CancelLine(no) => crate::bi!(
                        env.lang,
                        "第 {} 行已取消，预留已释放。",
                        "Line {} is cancelled and its reservation released.",
                        no
                    ),
                    Purpose::Return(_) => String::new(),
                });
                self.reload(env);
            }
            Err(e) => {
                env.error(&e);
                // The reason stays, so a retry after a busy moment needs no retyping.
                if matches!(e, ops::Error::Store(_)) {
                    self.asking = Some(purpose);
                    return Reply::Keep;
                }
            }
        }
        Reply::Close(Nav::Stay)
    }
}

impl View for DetailView {
    fn name(&self) -> &'static str {
        "order-detail"
    }

    fn context(&self) -> Context {
        Context::OrderDetail
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let flows = self.flows.as_deref();
        let [area, after] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(self.after_sales.rows()),
        ])
        .areas(area);
        self.after_sales.draw(f, after, lang, theme);
        draw(
            f,
            area,
            &self.detail,
            &Goods {
                shipments: &self.shipments,
                returns: &self.returns,
                exchange_of: self.exchange_of.as_deref(),
            },
            flows,
            self.show_flows,
            self.selected as u16,
            lang,
            theme,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let d = &self.detail;
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < d.lines.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::Edit => {
                if !matches!(d.stage, OrderStage::Draft | OrderStage::Rejected) {
                    env.say(
                        "只有草稿或被驳回的订单可以修改。",
                        "Only a draft or a rejected order can be edited.",
                        true,
                    );
                    return Nav::Stay;
                }
                // A rejected order is edited to answer its rejection: Esc from the edit
                // comes back to it (and its reason). A draft's edit takes its place.
                if d.stage == OrderStage::Rejected {
                    Nav::Push(Route::EditOrder(d.id))
                } else {
                    Nav::Replace(Route::EditOrder(d.id))
                }
            }
            Command::CancelOrder => {
                if matches!(d.stage, OrderStage::Cancelled | OrderStage::Closed) {
                    env.say("这张订单已结束。", "This order is already finished.", true);
                } else {
                    return self.ask(Purpose::CancelOrder, env.lang);
                }
                Nav::Stay
            }
            Command::Ship => {
                if d.stage != OrderStage::Approved {
                    env.error(&ops::Refusal::OrderNotShippable {
                        number: d.number.clone().unwrap_or_default(),
                        stage: d.stage,
                    });
                    return Nav::Stay;
                }
                Nav::Push(Route::Shipping(d.number.clone()))
            }
            Command::Deliver => {
                // The newest shipment still on its way; else the newest of all, whose
                // state the delivery screen then names.
                let on_way = self
                    .shipments
                    .iter()
                    .rev()
                    .find(|s| s.status == crate::domain::goods::ShipmentStatus::InTransit)
                    .or(self.shipments.last());
                match on_way {
                    Some(s) => Nav::Push(Route::Delivery(Some(s.number.clone()))),
                    None => {
                        env.say(
                            "这张订单还没有发货单。",
                            "This order has no shipment yet.",
                            true,
                        );
                        Nav::Stay
                    }
                }
            }
            Command::Flows => {
                self.show_flows = !self.show_flows;
                Nav::Stay
            }
            Command::NewTicket => Nav::Push(Route::NewTicket(Some(d.customer_id), Some(d.id))),
            Command::CancelLine => {
                match d.lines.get(self.selected) {
                    Some(l) => return self.ask(Purpose::CancelLine(l.line_no), env.lang),
                    None => env.say("没有选中的行。", "No line is selected.", true),
                }
                Nav::Stay
            }
            Command::ReturnGoods => {
                let Some(l) = d.lines.get(self.selected) else {
                    env.say("没有选中的行。", "No line is selected.", true);
                    return Nav::Stay;
                };
                let no = l.line_no;
                match super::order_returns::ask(env, d.id, no, &l.sku) {
                    Some(nav) => {
                        self.asking = Some(Purpose::Return(no));
                        nav
                    }
                    None => Nav::Stay,
                }
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        if let (Some(Purpose::Return(no)), Answer::Form(values)) = (self.asking, &answer) {
            let code = self.detail.customer_code.clone();
            let reply = super::order_returns::answered(env, &code, no, values);
            if matches!(reply, Reply::Close(_)) {
                self.asking = None;
            }
            return reply;
        }
        match answer {
            Answer::Text(reason) => self.cancel_with(&reason, env),
            Answer::Yes | Answer::Picked(_) | Answer::GaveUp | Answer::Form(_) => {
                self.asking = None;
                Reply::Close(Nav::Stay)
            }
        }
    }

    /// While a reason is being typed the order is not read again: the decision is about
    /// the order as shown, and its version makes the op refuse if it changed meanwhile.
    fn unsaved(&self) -> bool {
        self.asking.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let read = ops::orders::order_detail(env.db, self.detail.id).and_then(|d| {
            Ok((
                d,
                ops::shipping::shipments_of_order(env.db, self.detail.id)?,
                ops::returns::returns_of_order(env.db, self.detail.id)?,
            ))
        });
        match read {
            Ok((d, shipments, returns)) => {
                self.selected = self.selected.min(d.lines.len().saturating_sub(1));
                self.flows = ops::cash::order_flows(env.db, d.id).ok().map(Box::new);
                self.exchange_of = ops::returns::exchange_of(env.db, d.id).unwrap_or(None);
                self.after_sales = AfterSales::read(env.db, d.id);
                *self.detail = d;
                self.shipments = shipments;
                self.returns = returns;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// What of the goods flow and after-sales the order detail shows beside its lines.
pub struct Goods<'a> {
    pub shipments: &'a [ShipmentRow],
    pub returns: &'a [ReturnRow],
    /// The return this order is the exchange of.
    pub exchange_of: Option<&'a str>,
}

#[allow(clippy::too_many_arguments)]
pub fn draw(
    f: &mut Frame,
    area: Rect,
    d: &OrderDetail,
    goods: &Goods<'_>,
    flows: Option<&ops::cash::OrderFlows>,
    show_flows: bool,
    selected: u16,
    lang: Lang,
    theme: Theme,
) {
    let sep = lang.pick("：", ": ");
    let shipments = goods.shipments;
    // The shipments and returns take a header and a row each, at most a quarter of the
    // screen; the timeline gives up rows to them first.
    let listed = shipments.len() + goods.returns.len();
    let ship_rows = if listed == 0 {
        0
    } else {
        (listed as u16 + 1).min((area.height / 4).max(2))
    };
    // The money line of the four flows takes a row of its own under the totals.
    let foot_rows = if ship_rows > 0 { 3 } else { 5 } + u16::from(flows.is_some());
    let [head, lines, ships, foot] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(ship_rows),
        Constraint::Length(foot_rows),
    ])
    .areas(area);
    let number = d
        .number
        .clone()
        .unwrap_or_else(|| lang.pick("草稿", "Draft").to_string());
    let head_lines = vec![
        Line::from(vec![
            Span::styled(number, theme.title()),
            Span::raw(format!("  {}  {}", d.stage.label(lang), d.order_date)),
        ]),
        Line::from(format!(
            "{}{sep}{}{}{}{}  {}{sep}{}",
            lang.pick("客户", "Customer"),
            d.customer_name,
            lang.pick("（", " ("),
            d.customer_code,
            lang.pick("）", ")"),
            lang.pick("付款", "Terms"),
            d.terms.label(lang)
        )),
        Line::from(format!(
            "{}{sep}{}  {}{sep}{}  {}{sep}{}",
            lang.pick("渠道", "Channel"),
            d.channel.label(lang),
            lang.pick("紧急", "Urgency"),
            d.urgency.label(lang),
            lang.pick("制单", "By"),
            d.created_by
        )),
        Line::from(Span::styled(
            // The reason of the order's stage; "auto" (approved by the rules) is no
            // reason to show, an exchange's return is.
            match (d.stage_reason.as_deref(), goods.exchange_of) {
                (Some(r), _) if r != "auto" => r.to_string(),
                (_, Some(rma)) => crate::bi!(
                    lang,
                    "换货订单：退货单 {}",
                    "Exchange order of return {}",
                    rma
                ),
                (Some(_), None) => lang.pick("自动审核", "Approved automatically").to_string(),
                (None, None) => String::new(),
            },
            theme.warning(),
        )),
    ];
    f.render_widget(Paragraph::new(head_lines), head);

    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("订购", "Qty"),
        lang.pick("预留", "Resv."),
        lang.pick("已拣", "Pickd"),
        lang.pick("已发", "Shipd"),
        lang.pick("签收", "Dlvd"),
        lang.pick("缺货", "Short"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let visible = usize::from(lines.height.saturating_sub(3)).max(1);
    let start = crate::ui::view::scroll_start(usize::from(selected), visible);
    let rows = d.lines.iter().enumerate().skip(start).map(|(i, l)| {
        let short = Cell::from(l.backordered.to_string());
        let row = Row::new(vec![
            Cell::from(l.line_no.to_string()),
            // A cancelled quantity is named: the line's amount covers only the rest.
            Cell::from(if l.cancelled.is_positive() {
                crate::bi!(
                    lang,
                    "[取消 {}] {} {}",
                    "[{} cancelled] {} {}",
                    l.cancelled,
                    l.sku,
                    l.name
                )
            } else {
                format!("{} {} {}", l.sku, l.name, l.spec)
            }),
            Cell::from(format!("{} {}", l.qty, l.unit)),
            Cell::from(l.reserved.to_string()),
            Cell::from(l.picked.to_string()),
            Cell::from(l.shipped.to_string()),
            Cell::from(l.delivered.to_string()),
            if l.backordered.is_zero() {
                short
            } else {
                short.style(theme.warning())
            },
            Cell::from(Line::from(l.amounts.gross.to_string()).right_aligned()),
        ]);
        if i == usize::from(selected) {
            row.style(theme.selected())
        } else if l.cancelled.is_positive() {
            row.style(theme.dim())
        } else {
            row
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(11),
        ],
    )
    .header(header)
    .block(crate::ui::view::frame(theme));
    match flows.filter(|_| show_flows) {
        Some(fl) => {
            super::order_flows::draw_lines(f, lines, fl, usize::from(selected), lang, theme)
        }
        None => f.render_widget(table, lines),
    }

    let mut foot_lines = vec![Line::from(format!(
        "{} {}   {} {}   {} {}",
        lang.pick("不含税", "Net"),
        d.totals.net,
        lang.pick("税额", "Tax"),
        d.totals.tax,
        lang.pick("价税合计", "Total"),
        d.totals.gross
    ))];
    draw_shipments(f, ships, shipments, goods.returns, lang, theme);
    if let Some(fl) = flows {
        foot_lines.push(super::order_flows::money_line(fl, lang, theme));
    }
    let timeline_rows = foot_rows.saturating_sub(1 + u16::from(flows.is_some()));
    for t in d.timeline.iter().rev().take(usize::from(timeline_rows)) {
        foot_lines.push(Line::from(Span::styled(
            format!(
                "{}  {}  {}  {}",
                t.at_local,
                t.actor,
                t.to.label(lang),
                match t.note.as_deref() {
                    Some("auto") => lang.pick("自动审核", "approved automatically").to_string(),
                    other => other.unwrap_or_default().to_string(),
                }
            ),
            theme.dim(),
        )));
    }
    f.render_widget(Paragraph::new(foot_lines), foot);
}

/// The order's shipments: number, status, carrier and tracking number, shipped and
/// signed-for dates; then its returns; the newest last, as many as fit.
fn draw_shipments(
    f: &mut Frame,
    area: Rect,
    shipments: &[ShipmentRow],
    returns: &[ReturnRow],
    lang: Lang,
    theme: Theme,
) {
    if area.height == 0 {
        return;
    }
    let room = usize::from(area.height.saturating_sub(1));
    // Returns keep a row each when there is room; the oldest shipments give way first.
    let returns_shown = returns.len().min(room.saturating_sub(1).max(room / 2));
    let skip = shipments.len().saturating_sub(room - returns_shown);
    let header = if returns.is_empty() {
        crate::bi!(
            lang,
            "发货单（{}）  承运商 运单号  发货日期 → 签收",
            "Shipments ({})  carrier tracking  shipped → signed",
            shipments.len()
        )
    } else {
        crate::bi!(
            lang,
            "发货单（{}）  承运商 运单号  发货日期 → 签收 · 退货单（{}）",
            "Shipments ({})  carrier tracking  shipped → signed · returns ({})",
            shipments.len(),
            returns.len()
        )
    };
    let mut lines = vec![Line::from(Span::styled(header, theme.title()))];
    for s in shipments.iter().skip(skip) {
        let style = if s.status.is_exception() {
            theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        let signed = match (&s.delivered_on, &s.signer) {
            (Some(d), Some(who)) => format!(" → {d} {who}"),
            (Some(d), None) => format!(" → {d}"),
            _ => String::new(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", s.number)),
            Span::styled(format!("{} ", s.status.label(lang)), style),
            Span::raw(format!(
                " {} {}  {}{}",
                s.carrier_name,
                s.tracking_no.clone().unwrap_or_else(|| "-".into()),
                s.ship_date,
                signed
            )),
        ]));
    }
    let skip_returns = returns.len() - returns_shown;
    lines.extend(super::order_returns::return_lines(
        &returns[skip_returns..],
        lang,
        theme,
    ));
    f.render_widget(Paragraph::new(lines), area);
}

//! The order list: paged in SQL, filtered by stage (tabs) and by customer, dates,
//! channel and fulfilment status (F6), newest or most urgent first, with a scan box that
//! opens an order, product or customer by what was scanned or typed. Approved and
//! closed orders show where they stand in the warehouse (履约状态: 待拣货 … 已签收).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::field::FieldId;
use crate::domain::goods::Fulfilment;
use crate::domain::order::{Channel, OrderStage, Urgency};
use crate::i18n::Lang;
use crate::ops;
use crate::ops::orders::{OrderCursor, OrderFilter, OrderListRow, OrderSort};
use crate::ops::Db;
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{resolve_scan, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::paged::PagedList;

/// The list's state: the filter, the rows of this page, where the page started, the
/// selection and what the scanner or keyboard has typed.
#[derive(Debug, Clone, Default)]
pub struct OrdersScreen {
    /// The filter panel (F6) while it is open.
    pub filter_form: Option<Form>,
    /// The filters in force besides the stage, and how they read.
    pub applied: OrderFilter,
    pub applied_text: String,
    /// Index into `STAGES`; 0 is every stage.
    pub stage: usize,
    /// This page's rows and the selection; pages start at a cursor (`None`: the first).
    pub page: PagedList<OrderListRow, Option<OrderCursor>>,
    pub scan: String,
    /// The customer as typed in the filter panel.
    pub filter_customer: String,
    /// The fulfilment status of the approved and closed orders of this page, by id.
    pub fulfilment: std::collections::HashMap<i64, Fulfilment>,
}

/// A fulfilment status in at most 9 columns, for a narrow list.
fn fulfilment_short(f: Fulfilment, lang: Lang) -> &'static str {
    match (lang, f) {
        (Lang::Zh, _) => f.label(lang),
        (Lang::En, Fulfilment::AwaitingPick) => "To pick",
        (Lang::En, Fulfilment::Picking) => "Picking",
        (Lang::En, Fulfilment::ReadyToShip) => "To ship",
        (Lang::En, Fulfilment::PartlyShipped) => "Part-shpd",
        (Lang::En, Fulfilment::Shipped) => "Shipped",
        (Lang::En, Fulfilment::Delivered) => "Signed",
    }
}

/// The stage tabs: every stage, then each stage.
pub const STAGES: [Option<OrderStage>; 8] = [
    None,
    Some(OrderStage::Draft),
    Some(OrderStage::Submitted),
    Some(OrderStage::Approved),
    Some(OrderStage::OnHold),
    Some(OrderStage::Rejected),
    Some(OrderStage::Closed),
    Some(OrderStage::Cancelled),
];

impl OrdersScreen {
    pub fn filter(&self) -> OrderFilter {
        OrderFilter {
            stage: STAGES[self.stage],
            ..self.applied.clone()
        }
    }

    /// The filter as this user reads the list: their own drafts first.
    fn filter_for(&self, env: &Env) -> OrderFilter {
        OrderFilter {
            drafts_first_of: Some(env.actor.id()),
            ..self.filter()
        }
    }

    /// Opens the filter panel with the filters in force.
    pub fn open_filter(&mut self) {
        let a = &self.applied;
        let mut channels = vec![Choice::new("", "全部", "All")];
        channels.extend(
            Channel::ALL
                .iter()
                .map(|c| Choice::new(c.as_str(), &c.label(Lang::Zh), &c.label(Lang::En))),
        );
        let sort = vec![
            Choice::new("date", "按日期（最新在前）", "By date (newest first)"),
            Choice::new("urgency", "按紧急程度", "By urgency"),
        ];
        let mut fulfilments = vec![Choice::new("", "全部", "All")];
        fulfilments.extend(
            Fulfilment::ALL
                .iter()
                .map(|f| Choice::new(f.code(), f.label(Lang::Zh), f.label(Lang::En))),
        );
        let customer = self.filter_customer.clone();
        self.filter_form = Some(Form::new(vec![
            Field::text("customer", "客户", "Customer")
                .value(customer)
                .max(64)
                .hint(
                    "客户编号、名称、电话或拼音首字母",
                    "Customer code, name, phone or pinyin initials",
                ),
            Field::text("from", "起始日期", "From date")
                .value(a.date_from.clone().unwrap_or_default())
                .max(10)
                .hint("YYYY-MM-DD，空为不限", "YYYY-MM-DD, empty for any"),
            Field::text("to", "截止日期", "To date")
                .value(a.date_to.clone().unwrap_or_default())
                .max(10)
                .hint("YYYY-MM-DD，空为不限", "YYYY-MM-DD, empty for any"),
            Field::choice("channel", "渠道", "Channel", channels)
                .value(a.channel.map(Channel::as_str).unwrap_or_default()),
            Field::choice("sort", "排序", "Sort", sort).value(match a.sort {
                OrderSort::Date => "date",
                OrderSort::Urgency => "urgency",
            }),
            Field::choice("fulfilment", "履约状态", "Fulfilment", fulfilments)
                .value(a.fulfilment.map(Fulfilment::code).unwrap_or_default())
                .hint(
                    "已审核和已完成订单在仓库的进度",
                    "where approved and closed orders stand in the warehouse",
                ),
        ]));
    }

    /// Checks and applies the filter panel; on an error the panel stays open with the
    /// focus on the wrong field, and nothing changes.
    pub fn apply_filter(&mut self, db: &Db) -> Result<(), ops::Error> {
        let Some(form) = &mut self.filter_form else {
            return Ok(());
        };
        let date = |key: &str, field: FieldId| {
            ops::typed_date(db, form.get(key), field)
                .map(|d| d.map(|d| d.format("%Y-%m-%d").to_string()))
        };
        let checked = (|| {
            let from = date("from", FieldId::DateFrom)?;
            let to = date("to", FieldId::DateTo)?;
            if let (Some(f), Some(t)) = (&from, &to) {
                if f > t {
                    return Err(ops::Error::Field {
                        field: FieldId::DateTo,
                        problem: ops::FieldProblem::Refused(ops::Refusal::DateRangeReversed),
                    });
                }
            }
            let text = form.get("customer").trim().to_string();
            let customer = if text.is_empty() {
                None
            } else {
                match ops::find::resolve(db, &text) {
                    Ok(ops::find::Found::Customer(id)) => Some((id, text.clone())),
                    Ok(ops::find::Found::Customers(rows)) => {
                        return Err(ops::Error::Field {
                            field: FieldId::Customer,
                            problem: ops::FieldProblem::Refused(
                                ops::Refusal::SeveralCustomersMatch { count: rows.len() },
                            ),
                        })
                    }
                    _ => {
                        return Err(ops::Error::Field {
                            field: FieldId::Customer,
                            problem: ops::FieldProblem::Refused(ops::Refusal::NoCustomerMatches {
                                text,
                            }),
                        })
                    }
                }
            };
            Ok((from, to, customer))
        })();
        let (from, to, customer) = match checked {
            Ok(v) => v,
            Err(e) => {
                form.focus_error(&e);
                return Err(e);
            }
        };
        let channel = Channel::parse(form.get("channel"));
        let fulfilment = Fulfilment::parse(form.get("fulfilment"));
        let sort = if form.get("sort") == "urgency" {
            OrderSort::Urgency
        } else {
            OrderSort::Date
        };
        let mut parts = Vec::new();
        if let Some((_, t)) = &customer {
            parts.push(t.clone());
        }
        if from.is_some() || to.is_some() {
            parts.push(format!(
                "{}…{}",
                from.clone().unwrap_or_default(),
                to.clone().unwrap_or_default()
            ));
        }
        if let Some(c) = channel {
            parts.push(c.as_str().to_string());
        }
        self.filter_customer = customer
            .as_ref()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        self.applied = OrderFilter {
            stage: None,
            customer_id: customer.map(|(id, _)| id),
            channel,
            date_from: from,
            date_to: to,
            sort,
            fulfilment,
            drafts_first_of: None,
        };
        self.applied_text = parts.join(" · ");
        self.filter_form = None;
        self.page.to_first();
        Ok(())
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.page.selected_row().map(|r| r.id)
    }
}

/// How many rows fit in the list area of a screen of this height.
pub use crate::ui::view::page_len;

pub fn draw(f: &mut Frame, area: Rect, s: &OrdersScreen, lang: Lang, theme: Theme) {
    let [tabs, list, scan] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut spans = Vec::new();
    for (i, st) in STAGES.iter().enumerate() {
        let label = match st {
            None => lang.pick("全部", "All").to_string(),
            Some(s) => s.label(lang),
        };
        let style = if i == s.stage {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);

    let header = Row::new(vec![
        lang.pick("订单号", "Order no."),
        lang.pick("日期", "Date"),
        lang.pick("客户", "Customer"),
        lang.pick("状态", "Stage"),
        lang.pick("履约", "Goods"),
        lang.pick("紧急", "Urgency"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let wide = list.width >= 110;
    let rows = s.page.rows.iter().enumerate().map(|(i, r)| {
        let urgency = Some(r.urgency).filter(|u| *u != Urgency::Normal);
        let mut row = Row::new(vec![
            Cell::from(
                r.number
                    .clone()
                    .or_else(|| r.draft_no.clone())
                    .unwrap_or_else(|| lang.pick("（草稿）", "(draft)").to_string()),
            ),
            Cell::from(r.order_date.clone()),
            // A draft is someone's unfinished work: whose it is shows before the customer
            // (first, so that a narrow window cuts the customer's name, not the author).
            if r.stage == OrderStage::Draft {
                Cell::from(Line::from(vec![
                    Span::styled(format!("{}·", r.author), theme.dim()),
                    Span::raw(r.customer_name.clone()),
                ]))
            } else {
                Cell::from(r.customer_name.clone())
            },
            Cell::from(r.stage.label(lang)),
            match s.fulfilment.get(&r.id) {
                Some(f) if wide => Cell::from(f.label(lang)),
                Some(f) => Cell::from(fulfilment_short(*f, lang)),
                None => Cell::from(""),
            },
            match urgency {
                Some(u) => Cell::from(u.label(lang)).style(theme.warning()),
                None => Cell::from(""),
            },
            Cell::from(Line::from(r.gross.to_string()).right_aligned()),
        ]);
        if i == s.page.selected {
            row = row.style(theme.selected());
        }
        row
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(if wide { 14 } else { 9 }),
            Constraint::Length(8),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(crate::ui::view::framed(
        &{
            // The fulfilment filter reads in the user's language, never as its code.
            let mut title = lang.pick("订单", "Orders").to_string();
            for part in [
                s.applied_text.clone(),
                s.applied
                    .fulfilment
                    .map(|f| f.label(lang).to_string())
                    .unwrap_or_default(),
            ] {
                if !part.is_empty() {
                    title = format!("{title} · {part}");
                }
            }
            title
        },
        theme,
    ));
    f.render_widget(table, list);
    if let Some(form) = &s.filter_form {
        let w = list.width.min(64);
        let h = list.height.min(9);
        let r = Rect::new(list.x + (list.width - w) / 2, list.y + 1, w, h);
        crate::ui::widgets::frame::clear_popup(f, r);
        form.draw(f, r, lang.pick("筛选订单", "Filter orders"), lang, theme);
    }
    let prompt = lang.pick("扫码/输入订单号：", "Scan or type an order number: ");
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(s.scan.clone()),
        ])),
        scan,
    );
}

impl OrdersScreen {
    /// Reads the current page again, keeping the selection on the same order when it is
    /// still there.
    fn read_page(&mut self, env: &mut Env) -> bool {
        let filter = self.filter_for(env);
        let read = |start: &Option<OrderCursor>| {
            ops::orders::orders_page(env.db, &filter, start.as_ref(), env.rows)
        };
        match self.page.reload(read, |r| r.id) {
            Ok(_) => self.read_fulfilment(env),
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    /// Reads the fulfilment status of the approved and closed orders of the page.
    fn read_fulfilment(&mut self, env: &mut Env) -> bool {
        let ids: Vec<i64> = self
            .page
            .rows
            .iter()
            .filter(|r| matches!(r.stage, OrderStage::Approved | OrderStage::Closed))
            .map(|r| r.id)
            .collect();
        match ops::orders::fulfilments(env.db, &ids) {
            Ok(found) => {
                self.fulfilment = ids
                    .into_iter()
                    .zip(found)
                    .filter_map(|(id, f)| Some((id, f?)))
                    .collect();
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    /// The next or the earlier page; returns whether it turned.
    fn turn_page(&mut self, forward: bool, env: &mut Env) -> bool {
        let filter = self.filter_for(env);
        let read = |start: &Option<OrderCursor>| {
            ops::orders::orders_page(env.db, &filter, start.as_ref(), env.rows)
        };
        let turned = if forward {
            let next = |rows: &[OrderListRow]| ops::orders::next_cursor(rows).map(Some);
            self.page.next_page(env.rows, next, read)
        } else {
            self.page.prev_page(read)
        };
        let turned = turned.unwrap_or_else(|e| {
            env.error(&e);
            false
        });
        if turned {
            self.read_fulfilment(env);
        }
        turned
    }

    /// Opens what the scan box names (an order, a product or a customer), or the
    /// selected order.
    fn open(&mut self, env: &mut Env) -> Nav {
        let scanned = std::mem::take(&mut self.scan);
        if scanned.trim().is_empty() {
            return match self.selected_id() {
                Some(id) => Nav::Push(Route::Order(id)),
                None => Nav::Stay,
            };
        }
        resolve_scan(env, &scanned).map_or(Nav::Stay, Nav::Push)
    }

    fn filter_command(&mut self, cmd: Command, env: &mut Env) {
        match cmd {
            Command::Back => self.filter_form = None,
            Command::Save => match self.apply_filter(env.db) {
                Ok(()) => {
                    env.status = Some((String::new(), false));
                    self.read_page(env);
                }
                Err(e) => env.error(&e),
            },
            _ => {
                if let Some(form) = &mut self.filter_form {
                    form.command(cmd);
                }
            }
        }
    }
}

impl View for OrdersScreen {
    fn name(&self) -> &'static str {
        "orders"
    }

    fn context(&self) -> Context {
        if self.filter_form.is_some() {
            Context::OrderFilter
        } else {
            Context::Orders
        }
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        let filter = self.filter();
        vec![
            Box::new(ops::export::commerce::Orders {
                filter: filter.clone(),
            }),
            Box::new(ops::export::commerce::OrderLines { filter }),
        ]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if self.filter_form.is_some() {
            self.filter_command(cmd, env);
            return Nav::Stay;
        }
        match cmd {
            Command::Back if env.can_go_back => return Nav::Back,
            Command::NewOrder => return Nav::Push(Route::NewOrder),
            Command::Open => return self.open(env),
            Command::Filter => self.open_filter(),
            Command::Up => {
                self.page.up();
            }
            // Down from the last row goes on to the next page.
            Command::Down => _ = self.page.down() || self.turn_page(true, env),
            Command::PageDown | Command::PageUp => {
                self.turn_page(cmd == Command::PageDown, env);
            }
            Command::NextStage | Command::PrevStage => {
                let n = STAGES.len();
                self.stage = if cmd == Command::NextStage {
                    (self.stage + 1) % n
                } else {
                    (self.stage + n - 1) % n
                };
                self.page.to_first();
                self.read_page(env);
            }
            _ => {}
        }
        Nav::Stay
    }

    fn key(&mut self, key: &crossterm::event::KeyEvent, env: &mut Env) -> Nav {
        if let Some(form) = &mut self.filter_form {
            if form.key(key) == Typed::Ended {
                form.move_focus(true);
            }
            return Nav::Stay;
        }
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            // A scan that ends in Tab or LF: an empty one (the LF of CR+LF) does nothing.
            Typed::Ended if !self.scan.trim().is_empty() => self.open(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.read_page(env)
    }
}

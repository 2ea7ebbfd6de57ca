//! The warehouse home (仓库工作台): today's work, most urgent first — orders late
//! against their requested date, orders ready to pick, pick lists under way (who, how
//! far), orders ready to ship and shipments on their way. It is read again whenever
//! another session commits (the application watches `PRAGMA data_version`). Enter opens
//! what the row names; a scanned order or pick list number opens it too.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{qty, urgency_of};
use crate::domain::goods::Fulfilment;
use crate::domain::order::Urgency;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::clock::{company_text_of, Shown};
use crate::ops::picking::{ListProgressRow, ToPickRow};
use crate::ops::shipping::OverdueRow;
use crate::ops::shipping::{ReadyRow, ShipmentRow};
use crate::ops::warehouse::WarehouseDay;
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{
    framed, resolve_scan, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN,
};
use crate::ui::widgets::empty_hint;

/// Rows read of each kind of work: the home shows the most urgent of each.
const PER_GROUP: i64 = 50;

/// One row of the home: a piece of work and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkRow {
    Overdue(OverdueRow, Fulfilment),
    ToPick(ToPickRow),
    Picking(ListProgressRow),
    ToShip(ReadyRow),
    InTransit(Box<ShipmentRow>),
}

impl WorkRow {
    /// What kind of work the row is, as the first column says it.
    pub fn kind(&self, lang: Lang) -> &'static str {
        match self {
            WorkRow::Overdue(..) => lang.pick("逾期", "Overdue"),
            WorkRow::ToPick(_) => lang.pick("待拣货", "To pick"),
            WorkRow::Picking(_) => lang.pick("拣货中", "Picking"),
            WorkRow::ToShip(_) => lang.pick("待发货", "To ship"),
            WorkRow::InTransit(_) => lang.pick("运输中", "In transit"),
        }
    }

    /// The document number the row names.
    pub fn number(&self) -> String {
        match self {
            WorkRow::Overdue(r, _) => r.number.clone(),
            WorkRow::ToPick(r) => r.number.clone(),
            WorkRow::Picking(r) => r.list.number.clone(),
            WorkRow::ToShip(r) => r.number.clone(),
            WorkRow::InTransit(r) => r.number.clone(),
        }
    }

    /// The screen Enter opens: the order, or the pick list to pick.
    pub fn route(&self) -> Route {
        match self {
            WorkRow::Overdue(r, _) => Route::Order(r.order_id),
            WorkRow::ToPick(r) => Route::Order(r.order_id),
            WorkRow::Picking(r) => Route::Picking(Some(r.list.number.clone())),
            WorkRow::ToShip(r) => Route::Order(r.order_id),
            WorkRow::InTransit(r) => Route::Order(r.order_id),
        }
    }

    fn id(&self) -> i64 {
        // Kinds apart: the same order may be late and ready to ship.
        let (kind, id) = match self {
            WorkRow::Overdue(r, _) => (0, r.order_id),
            WorkRow::ToPick(r) => (1, r.order_id),
            WorkRow::Picking(r) => (2, r.list.id),
            WorkRow::ToShip(r) => (3, r.order_id),
            WorkRow::InTransit(r) => (4, r.id),
        };
        id * 8 + kind
    }
}

/// The home's state: the rows of today's work, how many of each, the selection and a
/// scan typed meanwhile.
#[derive(Debug, Clone, Default)]
pub struct WarehouseHome {
    pub rows: Vec<WorkRow>,
    pub selected: usize,
    /// Rows of each kind: overdue, to pick, picking, to ship, in transit.
    pub counts: [usize; 5],
    pub scan: String,
    today: Option<chrono::NaiveDate>,
    utc_offset: i64,
}

/// The warehouse home.
pub fn open() -> Box<dyn View> {
    Box::new(WarehouseHome::default())
}

impl WarehouseHome {
    fn show(&mut self, day: WarehouseDay) {
        let keep = self.rows.get(self.selected).map(WorkRow::id);
        self.counts = [
            day.overdue.len(),
            day.to_pick.len(),
            day.picking.len(),
            day.to_ship.len(),
            day.in_transit.len(),
        ];
        let mut rows: Vec<WorkRow> = Vec::new();
        rows.extend(day.overdue.into_iter().map(|(r, f)| WorkRow::Overdue(r, f)));
        rows.extend(day.to_pick.into_iter().map(WorkRow::ToPick));
        rows.extend(day.picking.into_iter().map(WorkRow::Picking));
        rows.extend(day.to_ship.into_iter().map(WorkRow::ToShip));
        rows.extend(
            day.in_transit
                .into_iter()
                .map(|s| WorkRow::InTransit(Box::new(s))),
        );
        self.rows = rows;
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| r.id() == k))
            .unwrap_or(self.selected)
            .min(self.rows.len().saturating_sub(1));
        self.today = Some(day.today);
        self.utc_offset = day.utc_offset;
    }

    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        let code = text.trim();
        if code.to_ascii_uppercase().starts_with("PL-") {
            return Nav::Push(Route::Picking(Some(code.to_string())));
        }
        resolve_scan(env, code).map_or(Nav::Stay, Nav::Push)
    }

    /// Days an order is late: today less its requested date.
    fn days_late(&self, requested: &str) -> i64 {
        let requested = chrono::NaiveDate::parse_from_str(requested, "%Y-%m-%d").ok();
        match (self.today, requested) {
            (Some(t), Some(r)) => (t - r).num_days().max(0),
            _ => 0,
        }
    }

    /// The columns after the kind and number of a row: customer or picker, a date, and
    /// how far it is.
    fn cells(&self, r: &WorkRow, lang: Lang) -> (String, String, String) {
        let none = lang.pick("未指定", "any date");
        let date = |d: &Option<String>| d.clone().unwrap_or_else(|| none.to_string());
        match r {
            WorkRow::Overdue(o, f) => (
                o.customer_name.clone(),
                o.requested_date.clone(),
                crate::bi!(
                    lang,
                    "{} · 晚 {} 天",
                    "{} · {} d late",
                    f.label(lang),
                    self.days_late(&o.requested_date)
                ),
            ),
            WorkRow::ToPick(o) => (
                o.customer_name.clone(),
                date(&o.requested_date),
                crate::bi!(lang, "待拣 {}", "{} to pick", qty(o.to_pick)),
            ),
            WorkRow::Picking(p) => (
                // Who picks now; else whom it was given to.
                p.pickers
                    .clone()
                    .or_else(|| p.list.picker.clone())
                    .unwrap_or_else(|| lang.pick("未分配", "unassigned").to_string()),
                company_text_of(&p.list.created_at, self.utc_offset, Shown::MonthDayMinute),
                crate::bi!(
                    lang,
                    "{}/{} 项 · {} 单",
                    "{}/{} tasks · {} orders",
                    p.tasks_finished,
                    p.tasks,
                    p.orders
                ),
            ),
            WorkRow::ToShip(o) => (
                o.customer_name.clone(),
                date(&o.requested_date),
                crate::bi!(lang, "已拣 {}", "{} picked", qty(o.picked)),
            ),
            WorkRow::InTransit(s) => (
                s.customer_name.clone(),
                s.ship_date.clone(),
                format!(
                    "{} {}",
                    s.carrier_name,
                    s.tracking_no.clone().unwrap_or_default()
                ),
            ),
        }
    }

    fn style_of(r: &WorkRow, theme: Theme) -> Style {
        let rank = match r {
            WorkRow::Overdue(..) => return theme.error(),
            WorkRow::ToPick(o) => o.urgency_rank,
            WorkRow::ToShip(o) => o.urgency_rank,
            _ => 0,
        };
        match urgency_of(rank) {
            Urgency::Critical => theme.error(),
            Urgency::Urgent => theme.warning(),
            Urgency::Normal => Style::default(),
        }
    }
}

impl View for WarehouseHome {
    fn name(&self) -> &'static str {
        "warehouse"
    }

    fn context(&self) -> Context {
        Context::Warehouse
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        use crate::ops::export::goods;
        vec![
            Box::new(goods::WarehouseDay),
            Box::new(goods::PickLists),
            Box::new(goods::Shipments::default()),
        ]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [list, scan] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let [o, p, g, s, t] = self.counts;
        let title = crate::bi!(
            lang,
            "仓库工作台 · 逾期 {} · 待拣 {} · 拣货中 {} · 待发 {} · 在途 {}",
            "Warehouse today · late {} · to pick {} · picking {} · to ship {} · on way {}",
            o,
            p,
            g,
            s,
            t
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let (kind_w, number_w, date_w) = (8u16, 15u16, if wide { 12 } else { 11 });
        let rest = inner.width.saturating_sub(kind_w + number_w + date_w + 4);
        let who_w = (rest * 2 / 5).clamp(6.min(rest), 30);
        let what_w = rest - who_w;
        let widths = [kind_w, number_w, who_w, date_w, what_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("事项", "Work"), 0)),
            Cell::from(fit(lang.pick("单号", "Number"), 1)),
            Cell::from(fit(lang.pick("客户/拣货员", "Customer/picker"), 2)),
            Cell::from(fit(lang.pick("日期", "Date"), 3)),
            Cell::from(fit(lang.pick("进度", "Progress"), 4)),
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
                let (who, date, what) = self.cells(r, lang);
                let row = Row::new(vec![
                    Cell::from(fit(r.kind(lang), 0)).style(Self::style_of(r, theme)),
                    Cell::from(fit(&r.number(), 1)),
                    Cell::from(fit(&who, 2)),
                    Cell::from(fit(&date, 3)),
                    Cell::from(fit(&what, 4)),
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
                lang.pick(
                    "  今天仓库没有待办的工作。",
                    "  Nothing waits for the warehouse today.",
                ),
                theme,
            );
        }
        let prompt = lang.pick(
            "扫码/输入订单号或拣货单号：",
            "Scan an order or pick list number: ",
        );
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prompt, theme.dim()),
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
            Command::Down => {
                if self.selected + 1 < self.rows.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::PageUp => {
                self.selected = self.selected.saturating_sub(page);
                Nav::Stay
            }
            Command::PageDown => {
                self.selected = (self.selected + page).min(self.rows.len().saturating_sub(1));
                Nav::Stay
            }
            Command::Waves => Nav::Push(Route::Waves),
            Command::Picking => Nav::Push(Route::Picking(None)),
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.rows.get(self.selected) {
                Some(r) => Nav::Push(r.route()),
                None => {
                    env.say("没有选中的事项。", "No work is selected.", true);
                    Nav::Stay
                }
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
        match ops::warehouse::warehouse_day(env.db, PER_GROUP) {
            Ok(day) => {
                self.show(day);
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

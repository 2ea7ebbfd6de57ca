//! The return list (退货单): newest first, a page at a time, filtered by state with ← →.
//! Enter opens the selected return, or whatever the scanner typed (a return's number,
//! an order number, …); F3 receives the selected return's goods.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{qty, status_style, yuan};
use crate::domain::returns::ReturnStatus;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::clock::{company_text_of, Shown};
use crate::ops::returns::{self, ReturnRow};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{
    framed, resolve_scan, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN,
};
use crate::ui::widgets::empty_hint;
use crate::ui::widgets::paged::PagedList;

/// The states the list is filtered by, in the order ← → go through them; `None`: all.
const FILTERS: [Option<ReturnStatus>; 7] = [
    None,
    Some(ReturnStatus::Open),
    Some(ReturnStatus::PartlyReceived),
    Some(ReturnStatus::Received),
    Some(ReturnStatus::Credited),
    Some(ReturnStatus::Closed),
    Some(ReturnStatus::Cancelled),
];

/// A state in a word or two, for the list's narrow column.
fn short_label(s: ReturnStatus, lang: Lang) -> &'static str {
    match s {
        ReturnStatus::PartlyReceived => lang.pick("部分收货", "Part recd"),
        s => s.label(lang),
    }
}

fn filter_label(f: Option<ReturnStatus>, lang: Lang) -> &'static str {
    match f {
        None => lang.pick("全部", "All"),
        Some(s) => s.label(lang),
    }
}

/// The return list's state: the filter, this page (pages start before a return id;
/// `None`: the newest) and what the scanner typed.
#[derive(Debug, Clone, Default)]
pub struct ReturnList {
    pub filter: Option<ReturnStatus>,
    pub page: PagedList<ReturnRow, Option<i64>>,
    pub scan: String,
    utc_offset: i64,
}

/// The return list.
pub fn list() -> Box<dyn View> {
    Box::new(ReturnList::default())
}

impl ReturnList {
    fn turn_page(&mut self, forward: bool, env: &mut Env) {
        let filter = self.filter;
        let read = |start: &Option<i64>| {
            returns::returns_page(env.db, filter, start.unwrap_or(i64::MAX), env.rows)
        };
        let turned = if forward {
            let next = |rows: &[ReturnRow]| rows.last().map(|r| Some(r.id));
            self.page.next_page(env.rows, next, read)
        } else {
            self.page.prev_page(read)
        };
        if let Err(e) = turned {
            env.error(&e);
        }
    }

    fn refilter(&mut self, forward: bool, env: &mut Env) {
        let at = FILTERS.iter().position(|f| *f == self.filter).unwrap_or(0);
        let n = FILTERS.len();
        self.filter = FILTERS[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
        self.page.to_first();
        self.reload(env);
    }

    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        resolve_scan(env, text.trim()).map_or(Nav::Stay, Nav::Push)
    }
}

impl View for ReturnList {
    fn name(&self) -> &'static str {
        "returns"
    }

    fn context(&self) -> Context {
        Context::Returns
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [tabs, list, scan] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut spans = Vec::new();
        for fl in FILTERS {
            let style = if fl == self.filter {
                theme.selected()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {} ", filter_label(fl, lang)), style));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        let title = crate::bi!(
            lang,
            "退货单 · {} · 第 {} 页",
            "Returns · {} · page {}",
            filter_label(self.filter, lang),
            self.page.page_no()
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let reason_w = if lang == Lang::Zh { 10u16 } else { 14 };
        let (num_w, date_w, qty_w, state_w) = (15u16, 11u16, 8u16, 9u16);
        let (order_w, credit_w) = if wide { (14u16, 12u16) } else { (0, 0) };
        let gaps = if wide { 7 } else { 5 };
        let fixed = num_w + date_w + reason_w + qty_w + state_w + order_w + credit_w + gaps;
        let cust_w = inner.width.saturating_sub(fixed).clamp(6, 40);
        let mut widths = vec![num_w, date_w, cust_w];
        if wide {
            widths.push(order_w);
        }
        widths.extend([reason_w, qty_w, state_w]);
        if wide {
            widths.push(credit_w);
        }
        let fit = |s: &str, w: u16| truncate_to_width(s, usize::from(w));
        let mut head = vec![
            Cell::from(lang.pick("退货单号", "Return")),
            Cell::from(lang.pick("日期", "Date")),
            Cell::from(lang.pick("客户", "Customer")),
        ];
        if wide {
            head.push(Cell::from(lang.pick("订单", "Order")));
        }
        head.extend([
            Cell::from(lang.pick("原因", "Reason")),
            Cell::from(Line::from(lang.pick("数量", "Qty")).right_aligned()),
            Cell::from(lang.pick("状态", "State")),
        ]);
        if wide {
            head.push(Cell::from(
                Line::from(lang.pick("冲账", "Credit")).right_aligned(),
            ));
        }
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.page.selected, height);
        let rows = self
            .page
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, r)| {
                let when = company_text_of(&r.created_at, self.utc_offset, Shown::MonthDayMinute);
                let mut cells = vec![
                    Cell::from(fit(&r.number, num_w)),
                    Cell::from(when),
                    Cell::from(fit(&r.customer_name, cust_w)),
                ];
                if wide {
                    cells.push(Cell::from(fit(
                        r.order_no.as_deref().unwrap_or_default(),
                        order_w,
                    )));
                }
                cells.extend([
                    Cell::from(fit(r.reason.label(lang), reason_w)),
                    Cell::from(Line::from(qty(r.qty)).right_aligned()),
                    Cell::from(fit(short_label(r.status, lang), state_w))
                        .style(status_style(r.status, theme)),
                ]);
                if wide {
                    let credit = if r.credit_minor > 0 {
                        yuan(r.credit_minor)
                    } else {
                        String::new()
                    };
                    cells.push(Cell::from(Line::from(credit).right_aligned()));
                }
                let row = Row::new(cells);
                if i == self.page.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            });
        f.render_widget(
            Table::new(rows, widths.into_iter().map(Constraint::Length))
                .header(Row::new(head).style(theme.title()))
                .column_spacing(1)
                .block(block),
            list,
        );
        if self.page.rows.is_empty() {
            empty_hint(
                f,
                inner,
                lang.pick(
                    "  没有这样的退货单。退货从订单详情的发货行开（F2）。",
                    "  No such returns. A return is opened from an order's line (F2 on the order).",
                ),
                theme,
            );
        }
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    lang.pick(
                        "扫码/输入退货单号或订单号：",
                        "Scan a return or order number: ",
                    ),
                    theme.dim(),
                ),
                Span::raw(self.scan.clone()),
            ])),
            scan,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                if !self.page.up() && self.page.has_earlier() {
                    self.turn_page(false, env);
                    self.page.selected = self.page.rows.len().saturating_sub(1);
                }
                Nav::Stay
            }
            Command::Down => {
                if !self.page.down() {
                    self.turn_page(true, env);
                }
                Nav::Stay
            }
            Command::PageDown => {
                self.turn_page(true, env);
                Nav::Stay
            }
            Command::PageUp => {
                self.turn_page(false, env);
                Nav::Stay
            }
            Command::NextStage => {
                self.refilter(true, env);
                Nav::Stay
            }
            Command::PrevStage => {
                self.refilter(false, env);
                Nav::Stay
            }
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.page.selected_row() {
                Some(r) => Nav::Push(Route::Return(r.number.clone())),
                None => {
                    env.say("没有选中的退货单。", "No return is selected.", true);
                    Nav::Stay
                }
            },
            Command::ReceiveReturn => Nav::Push(Route::ReturnReceiving(
                self.page.selected_row().map(|r| r.number.clone()),
            )),
            _ => Nav::Stay,
        }
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::after_sales::Returns {
            status: self.filter,
        })]
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, false) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_scan(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        if let Ok(o) = returns::utc_offset(env.db) {
            self.utc_offset = o;
        }
        let (db, filter, rows) = (env.db, self.filter, env.rows);
        let read = |start: &Option<i64>| {
            returns::returns_page(db, filter, start.unwrap_or(i64::MAX), rows)
        };
        match self.page.reload(read, |r| r.id) {
            Ok(_) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

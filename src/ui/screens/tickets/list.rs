//! The ticket list (客诉单): newest first, paged in SQL, with the filters open (未结),
//! mine (我的), overdue (逾期) and all (全部); a customer's tickets from the customer
//! list. Overdue tickets are marked in red with the promise they broke. Enter, or a
//! scanned ticket number, opens one; F2 opens a new one (for the customer shown).

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::tickets::{self, Scope, TicketFilter, TicketSummary};
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{
    framed, resolve_scan, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN,
};
use crate::ui::widgets::empty_hint;
use crate::ui::widgets::paged::PagedList;

/// The ticket list's state: whose tickets, which of them, the page shown and the scan
/// box.
pub struct TicketList {
    pub scope: Scope,
    /// The customer's name, when the list is one customer's.
    pub scope_name: Option<String>,
    pub filter: TicketFilter,
    /// A page starts after a ticket id (`None`: the first page).
    pub page: PagedList<TicketSummary, Option<i64>>,
    pub scan: String,
}

/// Every ticket, the open ones first shown.
pub fn open() -> Box<dyn View> {
    Box::new(TicketList {
        scope: Scope::All,
        scope_name: None,
        filter: TicketFilter::Open,
        page: PagedList::default(),
        scan: String::new(),
    })
}

/// One customer's tickets, all of them.
pub fn of_customer(env: &mut Env, customer_id: i64) -> Result<Box<dyn View>, ops::Error> {
    let c = ops::master::customer(env.db, customer_id)?;
    Ok(Box::new(TicketList {
        scope: Scope::Customer(customer_id),
        scope_name: Some(c.customer.name),
        filter: TicketFilter::All,
        page: PagedList::default(),
        scan: String::new(),
    }))
}

impl TicketList {
    fn load(&mut self, env: &mut Env) -> bool {
        let (scope, filter) = (self.scope, self.filter);
        match self
            .page
            .reload(|start| read_page(scope, filter, env, start), |t| t.row.id)
        {
            Ok(_) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan).trim().to_string();
        if text.to_uppercase().starts_with("TK-") {
            return match tickets::ticket(env.db, &text) {
                Ok(v) => Nav::Push(Route::Ticket(v.summary.row.id)),
                Err(e) => {
                    env.error(&e);
                    env.ring();
                    Nav::Stay
                }
            };
        }
        resolve_scan(env, &text).map_or(Nav::Stay, Nav::Push)
    }

    fn set_filter(&mut self, forward: bool, env: &mut Env) {
        let all = TicketFilter::ALL;
        let i = all.iter().position(|f| *f == self.filter).unwrap_or(0);
        let n = all.len();
        self.filter = all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.page.to_first();
        self.page.rows.clear();
        self.load(env);
    }
}

impl View for TicketList {
    fn name(&self) -> &'static str {
        "tickets"
    }

    fn context(&self) -> Context {
        Context::Tickets
    }

    fn export(&self, env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        vec![Box::new(ops::export::after_sales::Tickets {
            scope: self.scope,
            filter: self.filter,
            viewer: Some(env.actor.clone()),
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
        for fl in TicketFilter::ALL {
            let style = if fl == self.filter {
                theme.selected()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {} ", fl.label(lang)), style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        let whose = match &self.scope_name {
            Some(name) => format!(" · {}", shown(name)),
            None => String::new(),
        };
        let title = crate::bi!(
            lang,
            "客诉单{} · {} · 第 {} 页",
            "Tickets{} · {} · page {}",
            whose,
            self.filter.label(lang),
            self.page.page_no()
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let zh = lang == Lang::Zh;
        let (num_w, kind_w, sev_w, state_w, due_w) = (
            14u16,
            8u16,
            if zh { 4 } else { 6 },
            if zh { 7 } else { 11 },
            11u16,
        );
        let (opened_w, owner_w) = if wide { (11u16, 8u16) } else { (0, 0) };
        let cust_w = if wide { 20u16 } else { 12 };
        let fixed = num_w + opened_w + cust_w + kind_w + sev_w + owner_w + state_w + due_w + 8;
        let subject_w = inner.width.saturating_sub(fixed).max(4);
        let widths = [
            num_w, opened_w, cust_w, kind_w, sev_w, owner_w, state_w, due_w, subject_w,
        ];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("单号", "Ticket"), 0)),
            Cell::from(fit(lang.pick("登记", "Opened"), 1)),
            Cell::from(fit(lang.pick("客户", "Customer"), 2)),
            Cell::from(fit(lang.pick("类型", "Type"), 3)),
            Cell::from(fit(lang.pick("级别", "Sev."), 4)),
            Cell::from(fit(lang.pick("负责人", "Owner"), 5)),
            Cell::from(fit(lang.pick("状态", "State"), 6)),
            Cell::from(fit(lang.pick("时限", "Due"), 7)),
            Cell::from(fit(lang.pick("主题", "Subject"), 8)),
        ])
        .style(theme.title());
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.page.selected, height);
        let rows = self
            .page
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, t)| {
                let r = &t.row;
                let (state, state_style) = super::state_text(t, lang, theme);
                // Active: the next promise; closed: the customer's score.
                let due = if r.status.is_active() {
                    t.due_local.clone()
                } else {
                    t.satisfaction().map(|s| s.stars()).unwrap_or_default()
                };
                let row = Row::new(vec![
                    Cell::from(fit(&r.number, 0)),
                    Cell::from(fit(&t.opened_local, 1)),
                    Cell::from(fit(&shown(&r.customer_name), 2)),
                    Cell::from(fit(r.kind.label(lang), 3)),
                    Cell::from(fit(r.severity.label(lang), 4)),
                    Cell::from(fit(&r.owner_name, 5)),
                    Cell::from(fit(&state, 6)).style(state_style),
                    Cell::from(fit(&due, 7)).style(state_style),
                    Cell::from(fit(&shown(&r.subject), 8)),
                ]);
                if i == self.page.selected {
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
        if self.page.rows.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick(
                    "  没有这样的客诉单。F2 登记新的客诉。",
                    "  No such tickets. F2 opens a new one.",
                ),
                theme,
            );
        }
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    lang.pick("扫码/输入客诉单号：", "Scan a ticket number: "),
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
                self.page.up();
                Nav::Stay
            }
            Command::Down => {
                self.page.down();
                Nav::Stay
            }
            Command::PageDown => {
                let (scope, filter) = (self.scope, self.filter);
                let turned = self.page.next_page(
                    env.rows,
                    |rows| rows.last().map(|t| Some(t.row.id)),
                    |start| read_page(scope, filter, env, start),
                );
                if let Err(e) = turned {
                    env.error(&e);
                }
                Nav::Stay
            }
            Command::PageUp => {
                let (scope, filter) = (self.scope, self.filter);
                if let Err(e) = self
                    .page
                    .prev_page(|start| read_page(scope, filter, env, start))
                {
                    env.error(&e);
                }
                Nav::Stay
            }
            Command::NextStage | Command::PrevStage => {
                self.set_filter(cmd == Command::NextStage, env);
                Nav::Stay
            }
            Command::NewTicket => {
                let customer = match self.scope {
                    Scope::Customer(id) => Some(id),
                    _ => None,
                };
                Nav::Push(Route::NewTicket(customer, None))
            }
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.page.selected_row() {
                Some(t) => Nav::Push(Route::Ticket(t.row.id)),
                None => {
                    env.say("没有选中的客诉单。", "No ticket is selected.", true);
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
        self.load(env)
    }
}

/// A page of the list: `scope`'s tickets kept by `filter`, as many as fit, after
/// `start`.
fn read_page(
    scope: Scope,
    filter: TicketFilter,
    env: &Env,
    start: &Option<i64>,
) -> Result<Vec<TicketSummary>, ops::Error> {
    tickets::tickets_page(env.db, Some(env.actor), scope, filter, *start, env.rows)
}

//! The overdue list (逾期应收): customers with invoices past due, most overdue first,
//! with the amount overdue, the oldest days, and the latest follow-up with its promise
//! (a broken promise is marked). Read again whenever another session commits. Enter, or
//! a scanned customer code, opens the customer's receivables.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Money;
use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::cash::OverdueCustomer;
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{
    framed, resolve_scan, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN,
};
use crate::ui::widgets::empty_hint;

/// Customers read for the list: the most overdue.
const MAX_ROWS: i64 = 500;

/// The overdue list's state.
#[derive(Debug, Clone, Default)]
pub struct OverdueView {
    pub rows: Vec<OverdueCustomer>,
    pub selected: usize,
    pub scan: String,
}

/// The overdue list.
pub fn open() -> Box<dyn View> {
    Box::new(OverdueView::default())
}

impl OverdueView {
    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        match resolve_scan(env, text.trim()) {
            // A customer's code opens their receivables here, not the master data.
            Some(Route::Customer(id)) => Nav::Push(Route::Receivables(id)),
            Some(route) => Nav::Push(route),
            None => Nav::Stay,
        }
    }

    /// The latest follow-up and its promise, as the last column says it.
    fn follow_up_text(r: &OverdueCustomer, lang: Lang) -> (String, bool) {
        let Some(fu) = &r.last_follow_up else {
            return (lang.pick("未跟进", "not followed up").to_string(), false);
        };
        let f = &fu.row;
        let promise = match (f.promise_minor, &f.promise_date) {
            (Some(m), Some(d)) => crate::bi!(
                lang,
                " 承诺 {} 于 {}",
                " promised {} by {}",
                Money::from_minor(m),
                d
            ),
            _ => String::new(),
        };
        // The mark first: a narrow column cuts the end of the text.
        let broken = if fu.promise_broken {
            lang.pick("[失信] ", "[BROKEN] ")
        } else {
            ""
        };
        (
            format!("{broken}{} {}{promise}", f.follow_date, shown(&f.contact)),
            fu.promise_broken,
        )
    }
}

impl View for OverdueView {
    fn name(&self) -> &'static str {
        "overdue"
    }

    fn context(&self) -> Context {
        Context::Overdue
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::money::Overdue)]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [list, scan] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let total: i64 = self.rows.iter().map(|r| r.overdue.minor()).sum();
        let title = crate::bi!(
            lang,
            "逾期应收 · {} 位客户 · 合计 {}",
            "Overdue receivables · {} customers · {} in all",
            self.rows.len(),
            Money::from_minor(total)
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let (code_w, amount_w, days_w) = (10u16, 14u16, 6u16);
        let rest = inner.width.saturating_sub(code_w + amount_w + days_w + 4);
        let name_w = if wide {
            30
        } else {
            (rest * 2 / 5).max(8.min(rest))
        };
        let follow_w = rest.saturating_sub(name_w);
        let widths = [code_w, name_w, amount_w, days_w, follow_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("客户编号", "Code"), 0)),
            Cell::from(fit(lang.pick("客户", "Customer"), 1)),
            Cell::from(Line::from(fit(lang.pick("逾期金额", "Overdue"), 2)).right_aligned()),
            Cell::from(Line::from(fit(lang.pick("天数", "Days"), 3)).right_aligned()),
            Cell::from(fit(lang.pick("最近跟进", "Last follow-up"), 4)),
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
                let (follow, broken) = Self::follow_up_text(r, lang);
                let follow = Cell::from(fit(&follow, 4));
                let row = Row::new(vec![
                    Cell::from(fit(&r.code, 0)),
                    Cell::from(fit(&r.name, 1)),
                    Cell::from(Line::from(fit(&r.overdue.to_string(), 2)).right_aligned()),
                    Cell::from(Line::from(r.days_overdue.to_string()).right_aligned()).style(
                        if r.days_overdue > 90 {
                            theme.error()
                        } else {
                            theme.warning()
                        },
                    ),
                    if broken {
                        follow.style(theme.error())
                    } else {
                        follow
                    },
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
                lang.pick("  没有逾期的应收款。", "  Nothing is overdue."),
                theme,
            );
        }
        let prompt = lang.pick("扫码/输入客户编号：", "Scan a customer code: ");
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
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.rows.get(self.selected) {
                Some(r) => Nav::Push(Route::Receivables(r.customer_id)),
                None => {
                    env.say("没有选中的客户。", "No customer is selected.", true);
                    Nav::Stay
                }
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, false) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_scan(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match ops::cash::overdue_list(env.db, MAX_ROWS) {
            Ok(rows) => {
                let keep = self.rows.get(self.selected).map(|r| r.customer_id);
                self.rows = rows;
                self.selected = keep
                    .and_then(|k| self.rows.iter().position(|r| r.customer_id == k))
                    .unwrap_or(self.selected)
                    .min(self.rows.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

//! The ledger (总账): the trial balance of a month (试算平衡表) — every account's opening
//! balance, debits, credits and closing balance — and one account's lines (明细账) with
//! the running balance. Finance closes the month here (a typed confirmation) and
//! exports its journal as CSV into the output folder.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::yuan;
use crate::domain::access::Permission;
use crate::domain::text::truncate_to_width;
use crate::i18n::{Lang, Localized};
use crate::ops;
use crate::store::ledger::{JournalLineRow, TrialRow};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, Env, Nav, View};
use crate::ui::widgets::empty_hint;

/// The first and last day of a month (`YYYY-MM`).
pub fn month_range(period: &str) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::parse_from_str(&format!("{}-01", period.trim()), "%Y-%m-%d").ok()?;
    let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((from, to))
}

fn period_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn shift(period: &str, forward: bool) -> String {
    match month_range(period) {
        Some((from, _)) => {
            let d = if forward {
                from.checked_add_months(Months::new(1))
            } else {
                from.checked_sub_months(Months::new(1))
            };
            d.map(period_of).unwrap_or_else(|| period.to_string())
        }
        None => period.to_string(),
    }
}

fn account_name(r: &TrialRow, lang: Lang) -> &str {
    lang.pick(&r.name_zh, &r.name_en)
}

/// The trial balance screen's state.
#[derive(Debug, Clone, Default)]
pub struct TrialBalance {
    /// The month shown, `YYYY-MM`.
    pub period: String,
    pub rows: Vec<TrialRow>,
    pub selected: usize,
    /// The month is closed.
    pub closed: bool,
}

/// The trial balance of this month (company time).
pub fn trial(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    let today = ops::today(env.db)?;
    Ok(Box::new(TrialBalance {
        period: period_of(today),
        ..TrialBalance::default()
    }))
}

impl TrialBalance {
    fn export(&self, env: &mut Env) {
        let Some((from, to)) = month_range(&self.period) else {
            return;
        };
        let Some(dir) = env.output.dir.clone() else {
            env.say(
                "没有设置输出文件夹（配置文件的 output_dir），无法导出。",
                "No output folder is set (output_dir in the config file): nothing exported.",
                true,
            );
            return;
        };
        let csv = match ops::ledger::export_journal_csv(env.db, from, to) {
            Ok(c) => c,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let path = dir.join(format!("journal-{}.csv", self.period));
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, csv)) {
            Ok(()) => env.ok(crate::bi!(
                env.lang,
                "凭证已导出到 {}",
                "The journal was exported to {}",
                path.display()
            )),
            Err(e) => {
                let err = ops::Error::Io {
                    detail: e.to_string(),
                };
                env.warn(err.localized(env.lang));
            }
        }
    }
}

impl View for TrialBalance {
    fn name(&self) -> &'static str {
        "trial-balance"
    }

    fn context(&self) -> Context {
        Context::Ledger
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        let Some((from, to)) = month_range(&self.period) else {
            return Vec::new();
        };
        vec![
            Box::new(ops::export::money::TrialBalance { from, to }),
            Box::new(ops::export::money::Journal { from, to }),
        ]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let state = if self.closed {
            lang.pick(" · 已结账", " · closed")
        } else {
            ""
        };
        let title = crate::bi!(
            lang,
            "试算平衡表 · {}{}",
            "Trial balance · {}{}",
            self.period,
            state
        );
        let [list, total] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let money_w = if inner.width >= 120 { 16u16 } else { 13 };
        let name_w = inner.width.saturating_sub(5 + 4 * money_w + 5).clamp(4, 40);
        let widths = [5u16, name_w, money_w, money_w, money_w, money_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let right = |m: i64, i: usize| format!("{:>w$}", yuan(m), w = usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("科目", "Acct"), 0)),
            Cell::from(fit(lang.pick("名称", "Name"), 1)),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("期初", "Opening"),
                w = usize::from(money_w) - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("借方", "Debit"),
                w = usize::from(money_w) - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("贷方", "Credit"),
                w = usize::from(money_w) - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("期末", "Closing"),
                w = usize::from(money_w) - 2 * usize::from(lang == Lang::Zh)
            )),
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
                let row = Row::new(vec![
                    Cell::from(fit(&r.account, 0)),
                    Cell::from(fit(account_name(r, lang), 1)),
                    Cell::from(right(r.opening, 2)),
                    Cell::from(right(r.debit, 3)),
                    Cell::from(right(r.credit, 4)),
                    Cell::from(right(r.closing(), 5)),
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
        let sum = |g: fn(&TrialRow) -> i64| self.rows.iter().map(g).sum::<i64>();
        let (debit, credit, closing) =
            (sum(|r| r.debit), sum(|r| r.credit), sum(TrialRow::closing));
        let balanced = debit == credit && closing == 0;
        let text = crate::bi!(
            lang,
            "合计 借方 ¥{} · 贷方 ¥{} · {}",
            "Total debit ¥{} · credit ¥{} · {}",
            yuan(debit),
            yuan(credit),
            if balanced {
                lang.pick("平衡", "balanced")
            } else {
                lang.pick("不平衡！", "NOT balanced!")
            }
        );
        let style = if balanced { theme.dim() } else { theme.error() };
        f.render_widget(Paragraph::new(Line::from(Span::styled(text, style))), total);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
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
            Command::PrevStage | Command::NextStage => {
                self.period = shift(&self.period, cmd == Command::NextStage);
                self.reload(env);
                Nav::Stay
            }
            Command::Open => match self.rows.get(self.selected) {
                Some(r) => Nav::Push(Route::AccountLedger(r.account.clone(), self.period.clone())),
                None => Nav::Stay,
            },
            Command::ClosePeriod => {
                if let Ok(false) = ops::users::allowed(env.db, env.actor, Permission::WriteOff) {
                    env.error(&ops::Error::PermissionDenied {
                        permission: Permission::WriteOff,
                    });
                    return Nav::Stay;
                }
                if self.closed {
                    env.say("本期已结账。", "This period is already closed.", false);
                    return Nav::Stay;
                }
                env.warn(crate::bi!(
                    env.lang,
                    "结账后 {} 不能再记账，更正记入下一期。请输入 {} 确认。",
                    "After closing, nothing can be posted into {}; corrections go into the open period. Type {} to confirm.",
                    self.period,
                    self.period
                ));
                Nav::Open(Box::new(Prompt::new(crate::bi!(
                    env.lang,
                    "结账 {}：输入期间确认",
                    "Close {}: type the period",
                    self.period
                ))))
            }
            Command::ExportJournal => {
                self.export(env);
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Answer::Text(text) = answer else {
            env.clear();
            return Reply::Close(Nav::Stay);
        };
        if text.trim() != self.period {
            env.warn(crate::bi!(
                env.lang,
                "请输入 {} 确认结账，Esc 取消。",
                "Type {} to close it, Esc to cancel.",
                self.period
            ));
            return Reply::Keep;
        }
        match ops::ledger::close_period(env.db, env.actor, &self.period) {
            Ok(_) => {
                env.ok(crate::bi!(
                    env.lang,
                    "{} 已结账。",
                    "{} is closed.",
                    self.period
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let Some((from, to)) = month_range(&self.period) else {
            return true;
        };
        let read = ops::ledger::trial_balance(env.db, from, to)
            .and_then(|rows| Ok((rows, ops::ledger::closed_periods(env.db)?)));
        match read {
            Ok((rows, closed)) => {
                self.rows = rows;
                self.closed = closed.contains(&self.period);
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// Lines read at a time on the account ledger.
const PAGE: i64 = 500;

/// One account's lines in a month, with the running balance.
#[derive(Debug, Clone, Default)]
pub struct AccountLedger {
    pub account: String,
    pub name: (String, String),
    pub period: String,
    pub opening: i64,
    pub lines: Vec<JournalLineRow>,
    pub selected: usize,
    /// More lines than read so far.
    pub more: bool,
}

/// The lines of `account` in `period`.
pub fn account(account: String, period: String) -> Box<dyn View> {
    Box::new(AccountLedger {
        account,
        period,
        ..AccountLedger::default()
    })
}

impl AccountLedger {
    fn read_more(&mut self, env: &mut Env) -> bool {
        let Some((from, to)) = month_range(&self.period) else {
            return true;
        };
        let after = self.lines.last().map_or(0, |l| l.line_id);
        match ops::ledger::account_ledger(env.db, &self.account, from, to, after, PAGE) {
            Ok(page) => {
                self.more = page.len() as i64 == PAGE;
                self.lines.extend(page);
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

impl View for AccountLedger {
    fn name(&self) -> &'static str {
        "account-ledger"
    }

    fn context(&self) -> Context {
        Context::Ledger
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        let Some((from, to)) = month_range(&self.period) else {
            return Vec::new();
        };
        vec![Box::new(ops::export::money::AccountLedger {
            account: self.account.clone(),
            from,
            to,
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let title = crate::bi!(
            lang,
            "明细账 · {} {} · {} · 期初 ¥{}",
            "Ledger · {} {} · {} · opening ¥{}",
            self.account,
            lang.pick(&self.name.0, &self.name.1),
            self.period,
            yuan(self.opening)
        );
        let block = framed(&title, theme);
        let inner = block.inner(area);
        let money_w = 12u16;
        // At 80 columns the voucher number gives way to the summary, which names the
        // document.
        let voucher_w = if inner.width >= 100 { 14u16 } else { 0 };
        let rest = inner.width.saturating_sub(10 + voucher_w + 3 * money_w + 5);
        let widths = [10u16, voucher_w, rest, money_w, money_w, money_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let right = |m: i64| format!("{:>12}", if m == 0 { String::new() } else { yuan(m) });
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("日期", "Date"), 0)),
            Cell::from(fit(lang.pick("凭证号", "Voucher"), 1)),
            Cell::from(fit(lang.pick("摘要", "Summary"), 2)),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("借方", "Debit"),
                w = 12 - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("贷方", "Credit"),
                w = 12 - 2 * usize::from(lang == Lang::Zh)
            )),
            Cell::from(format!(
                "{:>w$}",
                lang.pick("余额", "Balance"),
                w = 12 - 2 * usize::from(lang == Lang::Zh)
            )),
        ])
        .style(theme.title());
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.selected, height);
        let mut balance = self.opening;
        let mut running = Vec::with_capacity(self.lines.len());
        for l in &self.lines {
            balance += l.debit - l.credit;
            running.push(balance);
        }
        let rows = self
            .lines
            .iter()
            .zip(running)
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, (l, bal))| {
                let row = Row::new(vec![
                    Cell::from(fit(&l.entry_date, 0)),
                    Cell::from(fit(&l.voucher_no, 1)),
                    Cell::from(fit(&l.summary, 2)),
                    Cell::from(right(l.debit)),
                    Cell::from(right(l.credit)),
                    Cell::from(format!("{:>12}", yuan(bal))),
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
            area,
        );
        if self.lines.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick("  本期没有分录。", "  No entries in this period."),
                theme,
            );
        }
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
                if self.selected + step >= self.lines.len() && self.more {
                    self.read_more(env);
                }
                self.selected = (self.selected + step).min(self.lines.len().saturating_sub(1));
                Nav::Stay
            }
            Command::PrevStage | Command::NextStage => {
                self.period = shift(&self.period, cmd == Command::NextStage);
                self.reload(env);
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let Some((from, to)) = month_range(&self.period) else {
            return true;
        };
        match ops::ledger::trial_balance(env.db, from, to) {
            Ok(rows) => {
                if let Some(r) = rows.iter().find(|r| r.account == self.account) {
                    self.opening = r.opening;
                    self.name = (r.name_zh.clone(), r.name_en.clone());
                }
            }
            Err(e) => {
                env.error(&e);
                return !e.is_busy();
            }
        }
        let keep = self.selected;
        self.lines.clear();
        let ok = self.read_more(env);
        self.selected = keep.min(self.lines.len().saturating_sub(1));
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_their_neighbours() {
        let (from, to) = month_range("2024-02").unwrap_or_default();
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(shift("2026-01", false), "2025-12");
        assert_eq!(shift("2026-12", true), "2027-01");
        assert!(month_range("2026-13").is_none());
    }
}

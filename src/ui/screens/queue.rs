//! The approval queue (审批队列): the orders waiting for a decision and those on hold,
//! most urgent first, then the earliest requested date, with why each waits and for how
//! long. F9 approves (and reserves), F8 rejects with a reason, F7 holds with a reason or
//! releases a held order, Enter opens the order. Every decision goes through
//! `ops::approval`, which checks who may decide; a refusal is shown and changes nothing.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::approval::Reason;
use crate::domain::money::Money;
use crate::domain::order::Urgency;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::{self, approval::Outcome, approval::QueueCursor, approval::QueueRow};
use crate::store::Retryable;
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, resolve_scan, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::paged::PagedList;

/// The approval queue screen.
pub fn open() -> Box<dyn View> {
    Box::new(QueueView::default())
}

/// What a typed reason is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Reject,
    Hold,
}

/// What the reason prompt was opened for: the decision and the order (at the version
/// then shown).
#[derive(Debug, Clone)]
struct Asking {
    purpose: Purpose,
    id: i64,
    version: i64,
    number: String,
}

impl Asking {
    /// The prompt for the reason, titled with what it is for.
    fn prompt(&self, lang: Lang) -> Nav {
        let title = match self.purpose {
            Purpose::Reject => {
                crate::bi!(
                    lang,
                    "驳回 {} 的原因",
                    "Reason for rejecting {}",
                    self.number
                )
            }
            Purpose::Hold => {
                crate::bi!(lang, "暂停 {} 的原因", "Reason for holding {}", self.number)
            }
        };
        Nav::Open(Box::new(Prompt::new(title)))
    }
}

/// The queue's state: this page's rows, where it started, the selection, the reason
/// decision a reason is asked for, and what the scanner or keyboard typed.
#[derive(Debug, Clone)]
pub struct QueueView {
    /// This page's rows and the selection; pages start at a cursor (`None`: the first).
    pub page: PagedList<QueueRow, Option<QueueCursor>>,
    asking: Option<Asking>,
    scan: String,
    /// When the rows were read: how long each has waited is counted to here.
    now: DateTime<Utc>,
    /// The selected order left the queue (decided in another session) and the
    /// selection fell on another one: no decision until the user moves or confirms.
    moved: bool,
}

impl Default for QueueView {
    fn default() -> Self {
        QueueView {
            page: PagedList::default(),
            asking: None,
            scan: String::new(),
            now: Utc::now(),
            moved: false,
        }
    }
}

fn number_of(r: &QueueRow) -> String {
    r.number.clone().unwrap_or_else(|| format!("#{}", r.id))
}

fn urgency_of(rank: i64) -> Urgency {
    match rank {
        2 => Urgency::Critical,
        1 => Urgency::Urgent,
        _ => Urgency::Normal,
    }
}

/// A short label of a reason, for the reasons column of a narrow screen (the line under
/// the table gives the full labels of the selected order).
fn short_label(r: Reason, lang: Lang) -> &'static str {
    match r {
        Reason::Amount => lang.pick("超额度", "amount"),
        Reason::ManagerAmount => lang.pick("高层审批", "mgr amount"),
        Reason::Credit => lang.pick("超信用", "credit"),
        Reason::Overdue => lang.pick("逾期", "overdue"),
        Reason::Price => lang.pick("低于底价", "low price"),
        Reason::Discount => lang.pick("折扣超限", "discount"),
        Reason::Customer => lang.pick("客户未审", "customer"),
    }
}

/// The pending reasons of a row in words, joined: the full labels, or the short ones.
fn reasons_text(r: &QueueRow, lang: Lang, short: bool) -> String {
    let words: Vec<&str> = r
        .reasons
        .split(',')
        .filter_map(Reason::parse)
        .map(|x| {
            if short {
                short_label(x, lang)
            } else {
                x.label(lang)
            }
        })
        .collect();
    match (short, lang) {
        (true, Lang::Zh) => words.join("、"),
        (true, Lang::En) => words.join(", "),
        (false, _) => words.join(lang.pick("；", "; ")),
    }
}

/// What the reasons column says: the reasons (short labels when the column is
/// narrow), or for an order held after approval (no reason pending) why it is held.
fn why_text(r: &QueueRow, lang: Lang, short: bool) -> String {
    let reasons = reasons_text(r, lang, short);
    if !reasons.is_empty() {
        return reasons;
    }
    held_text(r, lang)
}

/// `暂停：等客户确认`, or `暂停` when no reason was written.
fn held_text(r: &QueueRow, lang: Lang) -> String {
    match r.note.as_deref().filter(|n| !n.is_empty()) {
        Some(note) => format!(
            "{}{}{note}",
            lang.pick("暂停", "held"),
            lang.pick("：", ": ")
        ),
        None => lang.pick("暂停", "held").to_string(),
    }
}

/// How long an order has waited since it was submitted: `35 分钟`, `5 小时`, `3 天`.
pub fn waited(submitted_at: Option<&str>, now: DateTime<Utc>, lang: Lang) -> String {
    let Some(at) = submitted_at.and_then(|s| DateTime::parse_from_rfc3339(s).ok()) else {
        return String::new();
    };
    let minutes = (now - at.with_timezone(&Utc)).num_minutes().max(0);
    if minutes < 60 {
        crate::bi!(lang, "{} 分钟", "{} min", minutes)
    } else if minutes < 48 * 60 {
        crate::bi!(lang, "{} 小时", "{} h", minutes / 60)
    } else {
        crate::bi!(lang, "{} 天", "{} d", minutes / (24 * 60))
    }
}

impl QueueView {
    fn selected_row(&self) -> Option<&QueueRow> {
        self.page.selected_row()
    }

    fn none_selected(env: &mut Env) {
        env.say(
            "队列中没有选中的订单。",
            "No order is selected in the queue.",
            true,
        );
    }

    /// Shows why ops refused a decision. An order someone else has decided on or
    /// changed since it was shown says so plainly, with who, when and its stage now
    /// (the caller reads the queue again).
    fn refused(env: &mut Env, number: &str, id: i64, e: &ops::Error) {
        if let ops::Error::Conflict { by, at } = e {
            let stage = ops::orders::order_detail(env.db, id)
                .map(|d| d.stage.label(env.lang))
                .unwrap_or_default();
            let by = by
                .clone()
                .unwrap_or_else(|| env.lang.pick("其他用户", "another user").to_string());
            // `YYYY-MM-DD HH:MM:SS` shown as `MM-DD HH:MM`: the message fits 80 columns.
            let when = at.get(5..16).unwrap_or(at);
            env.warn(crate::bi!(
                env.lang,
                "{} 已由{}于 {} 处理，现为“{}”，未做任何修改。",
                "{} already decided by {} {}, now {}; no change.",
                number,
                by,
                when,
                stage
            ));
        } else {
            env.error(e);
        }
    }

    fn approve(&mut self, env: &mut Env) -> Nav {
        let Some(r) = self.selected_row().cloned() else {
            Self::none_selected(env);
            return Nav::Stay;
        };
        let number = number_of(&r);
        match ops::approval::approve_order(env.db, env.actor, r.id, r.version) {
            Ok(Outcome::Approved { backordered: 0 }) | Ok(Outcome::Waiting(_)) => {
                env.ok(crate::bi!(
                    env.lang,
                    "{} 已批准，库存已全部预留。",
                    "{} is approved and its stock reserved.",
                    number
                ));
            }
            Ok(Outcome::Approved { .. }) => {
                let short: Vec<String> = ops::orders::order_detail(env.db, r.id)
                    .map(|d| {
                        d.lines
                            .iter()
                            .filter(|l| l.backordered.is_positive())
                            .map(|l| format!("{} {}", l.line_no, l.sku))
                            .collect()
                    })
                    .unwrap_or_default();
                env.warn(crate::bi!(
                    env.lang,
                    "{} 已批准；缺货的行：{}（到货后自动补足）。",
                    "{} is approved; lines backordered: {} (filled when stock arrives).",
                    number,
                    short.join(env.lang.pick("、", ", "))
                ));
            }
            Err(e) => Self::refused(env, &number, r.id, &e),
        }
        self.reload(env);
        self.moved = false;
        Nav::Stay
    }

    fn hold_or_release(&mut self, env: &mut Env) -> Nav {
        let Some(r) = self.selected_row().cloned() else {
            Self::none_selected(env);
            return Nav::Stay;
        };
        let number = number_of(&r);
        if !r.held {
            let asking = Asking {
                purpose: Purpose::Hold,
                id: r.id,
                version: r.version,
                number,
            };
            let nav = asking.prompt(env.lang);
            self.asking = Some(asking);
            return nav;
        }
        match ops::approval::release_hold(env.db, env.actor, r.id, r.version) {
            Ok(stage) => env.ok(crate::bi!(
                env.lang,
                "{} 已恢复，现为“{}”。",
                "{} is released; it is now {}.",
                number,
                stage.label(env.lang)
            )),
            Err(e) => Self::refused(env, &number, r.id, &e),
        }
        self.reload(env);
        self.moved = false;
        Nav::Stay
    }

    /// The reason typed into the prompt: the decision is made, or the prompt stays.
    fn decide_with(&mut self, reason: &str, env: &mut Env) -> Reply<Nav> {
        let Some(p) = self.asking.take() else {
            return Reply::Close(Nav::Stay);
        };
        let done = match p.purpose {
            Purpose::Reject => {
                ops::approval::reject_order(env.db, env.actor, p.id, p.version, reason)
            }
            Purpose::Hold => ops::approval::hold_order(env.db, env.actor, p.id, p.version, reason),
        };
        match done {
            Ok(()) => {
                env.ok(match p.purpose {
                    Purpose::Reject => crate::bi!(
                        env.lang,
                        "{} 已驳回，退回制单人修改。",
                        "{} is rejected and back with its author.",
                        p.number
                    ),
                    Purpose::Hold => {
                        crate::bi!(env.lang, "{} 已暂停。", "{} is on hold.", p.number)
                    }
                });
                self.reload(env);
                self.moved = false;
            }
            // A missing or bad reason, or a busy moment: the prompt stays with what was
            // typed, so the user can fix it or try again.
            Err(e @ ops::Error::Field { .. }) => {
                env.error(&e);
                self.asking = Some(p);
                return Reply::Keep;
            }
            Err(e) if e.is_busy() => {
                env.error(&e);
                self.asking = Some(p);
                return Reply::Keep;
            }
            Err(e) => {
                Self::refused(env, &p.number, p.id, &e);
                self.reload(env);
                self.moved = false;
            }
        }
        Reply::Close(Nav::Stay)
    }

    fn open_selected(&mut self, env: &mut Env) -> Nav {
        let scanned = std::mem::take(&mut self.scan);
        if !scanned.trim().is_empty() {
            return resolve_scan(env, &scanned).map_or(Nav::Stay, Nav::Push);
        }
        let Some(r) = self.selected_row() else {
            Self::none_selected(env);
            return Nav::Stay;
        };
        Nav::Push(Route::Order(r.id))
    }

    fn turn_page(&mut self, forward: bool, env: &mut Env) {
        let read = |start: &Option<QueueCursor>| {
            ops::approval::queue_with_held(env.db, start.as_ref(), env.rows)
        };
        let turned = if forward {
            let next = |rows: &[QueueRow]| ops::approval::queue_cursor(rows).map(Some);
            self.page.next_page(env.rows, next, read)
        } else {
            self.page.prev_page(read)
        };
        match turned {
            Ok(_) => self.now = env.now(),
            Err(e) => env.error(&e),
        }
        self.moved = false;
    }
}

impl View for QueueView {
    fn name(&self) -> &'static str {
        "queue"
    }

    fn context(&self) -> Context {
        Context::Queue
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if matches!(cmd, Command::Approve | Command::Reject | Command::Hold) && self.moved {
            // The order the user was looking at is gone; the highlighted one is another.
            self.moved = false;
            env.say(
                "您选中的订单已在别处处理，选中行已移到另一张订单；请确认后再按一次。",
                "The order you had selected was decided elsewhere; the selection is now on another order. Check it and press again.",
                true,
            );
            return Nav::Stay;
        }
        if matches!(
            cmd,
            Command::Up | Command::Down | Command::PageUp | Command::PageDown
        ) {
            self.moved = false;
        }
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
            Command::Open => self.open_selected(env),
            Command::Approve => self.approve(env),
            Command::Reject => match self.selected_row() {
                Some(r) => {
                    let asking = Asking {
                        purpose: Purpose::Reject,
                        id: r.id,
                        version: r.version,
                        number: number_of(r),
                    };
                    let nav = asking.prompt(env.lang);
                    self.asking = Some(asking);
                    nav
                }
                None => {
                    Self::none_selected(env);
                    Nav::Stay
                }
            },
            Command::Hold => self.hold_or_release(env),
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        match answer {
            Answer::Text(reason) => self.decide_with(&reason, env),
            Answer::Yes | Answer::Picked(_) | Answer::GaveUp => {
                self.asking = None;
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_selected(env),
            _ => Nav::Stay,
        }
    }

    /// Reads this page again, keeping the selection on the same order while it is on
    /// the page; a page emptied by decisions goes back to the one before.
    fn reload(&mut self, env: &mut Env) -> bool {
        let read = |start: &Option<QueueCursor>| {
            ops::approval::queue_with_held(env.db, start.as_ref(), env.rows)
        };
        match self.page.reload(read, |r| r.id) {
            Ok(gone) => {
                self.now = env.now();
                if gone {
                    self.moved = true;
                }
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// The column widths for a table `width` cells wide (inside its borders): held mark,
/// number, customer, amount, reasons, submitted by, waited. The customer and the
/// reasons share what the fixed columns leave.
fn widths(width: u16) -> [u16; 7] {
    let wide = width >= 120;
    let (mark, number, amount, by, wait) = (4, 14, 12, if wide { 10 } else { 6 }, 7);
    let fixed = mark + number + amount + by + wait + 6;
    let rest = width.saturating_sub(fixed);
    let customer = (rest * 2 / 5).clamp(8.min(rest), 30);
    [mark, number, customer, amount, rest - customer, by, wait]
}

fn draw(f: &mut Frame, area: Rect, q: &QueueView, lang: Lang, theme: Theme) {
    let [list, detail, scan] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = lang.pick(
        "审批队列 · 紧急优先，其次按要求交货日期",
        "Approval queue · most urgent first, then requested date",
    );
    let block = framed(title, theme);
    let inner = block.inner(list);
    let w = widths(inner.width);
    let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(w[i]));
    // Every row alike: full labels where two of them fit, short ones otherwise.
    let short = w[4] < 48;
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(lang.pick("订单号", "Order no.")),
        Cell::from(fit(lang.pick("客户", "Customer"), 2)),
        Cell::from(Line::from(lang.pick("金额", "Amount")).right_aligned()),
        Cell::from(fit(lang.pick("待审原因", "Waiting for"), 4)),
        Cell::from(fit(lang.pick("制单", "By"), 5)),
        Cell::from(fit(lang.pick("已等待", "Waited"), 6)),
    ])
    .style(theme.title());
    let rows = q.page.rows.iter().enumerate().map(|(i, r)| {
        let number_style = match urgency_of(r.urgency_rank) {
            Urgency::Critical => theme.error(),
            Urgency::Urgent => theme.warning(),
            Urgency::Normal => ratatui::style::Style::default(),
        };
        let row = Row::new(vec![
            if r.held {
                Cell::from(lang.pick("暂停", "held")).style(theme.warning())
            } else {
                Cell::from("")
            },
            Cell::from(number_of(r)).style(number_style),
            Cell::from(fit(&r.customer_name, 2)),
            Cell::from(Line::from(Money::from_minor(r.gross_minor).to_string()).right_aligned()),
            Cell::from(fit(&why_text(r, lang, short), 4)),
            Cell::from(fit(&r.submitted_by, 5)),
            Cell::from(waited(r.submitted_at.as_deref(), q.now, lang)),
        ]);
        if i == q.page.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let table = Table::new(rows, w.map(Constraint::Length))
        .header(header)
        .column_spacing(1)
        .block(block);
    f.render_widget(table, list);
    if q.page.rows.is_empty() && inner.height > 1 {
        let empty = Rect::new(inner.x, inner.y + 1, inner.width, 1);
        f.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "  没有等待审批或暂停的订单。",
                    "  No order is waiting for approval or on hold.",
                ),
                theme.dim(),
            )),
            empty,
        );
    }

    // The selected order in full: urgency, requested date, every reason or the hold.
    if let Some(r) = q.selected_row() {
        let mut text = format!(
            "{} · {} · {} · {}{}",
            number_of(r),
            r.customer_name,
            urgency_of(r.urgency_rank).label(lang),
            lang.pick("要求交货 ", "requested "),
            if r.requested_date.starts_with("9999") {
                lang.pick("未指定", "any date").to_string()
            } else {
                r.requested_date.clone()
            },
        );
        // Why it is held first: the reasons are in the table already.
        if r.held {
            text.push_str(&format!(" · {}", held_text(r, lang)));
        }
        let reasons = reasons_text(r, lang, false);
        if !reasons.is_empty() {
            text.push_str(&format!(" · {reasons}"));
        }
        f.render_widget(
            Paragraph::new(Span::styled(
                truncate_to_width(&text, usize::from(detail.width)),
                theme.dim(),
            )),
            detail,
        );
    }
    let prompt = lang.pick("扫码/输入订单号：", "Scan or type an order number: ");
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(q.scan.clone()),
        ])),
        scan,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn waiting_time_reads_in_minutes_hours_then_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let at = |s: &str| waited(Some(s), now, Lang::Zh);
        assert_eq!(at("2026-11-28T11:25:00.000Z"), "35 分钟");
        assert_eq!(at("2026-11-28T07:00:00.000Z"), "5 小时");
        assert_eq!(at("2026-11-25T12:00:00.000Z"), "3 天");
        assert_eq!(
            waited(Some("2026-11-26T13:00:00.000Z"), now, Lang::En),
            "47 h"
        );
        assert_eq!(
            at("2026-11-29T12:00:00.000Z"),
            "0 分钟",
            "a clock behind is not negative"
        );
        assert_eq!(waited(None, now, Lang::En), "");
    }

    #[test]
    fn the_columns_fill_the_width_and_fixed_ones_keep_their_size() {
        for width in [78u16, 100, 158, 238] {
            let w = widths(width);
            let total: u16 = w.iter().sum::<u16>() + 6;
            assert_eq!(total, width, "{width}: {w:?}");
            assert_eq!(w[1], 14, "an order number is never cut");
        }
        assert!(
            widths(78)[4] >= 15,
            "the reasons keep some room at 80 columns"
        );
    }
}

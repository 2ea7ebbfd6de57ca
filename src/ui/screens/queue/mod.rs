//! The approval queue (审批队列): the orders waiting for a decision and those on hold,
//! most urgent first, then the earliest requested date, with why each waits and for how
//! long. F9 approves (and reserves), F8 rejects with a reason, F7 holds with a reason or
//! releases a held order, Enter opens the order. Every decision goes through
//! `ops::approval`, which checks who may decide; a refusal is shown and changes nothing.

use chrono::{DateTime, Utc};

use crate::i18n::Lang;
use crate::ops::{self, approval::Outcome, approval::QueueCursor, approval::QueueRow};
use crate::ui::layers::{Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::view::{resolve_scan, Env, Nav, View};
use crate::ui::widgets::paged::PagedList;

mod draw;
mod view;

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

/// The queue's state: this page's rows, where it started, the selection, the
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

pub(super) fn number_of(r: &QueueRow) -> String {
    r.number.clone().unwrap_or_else(|| format!("#{}", r.id))
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

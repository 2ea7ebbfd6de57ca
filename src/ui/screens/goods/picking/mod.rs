//! The picking screen (拣货), scanner first. A scanned pick list number opens the list
//! (or the picker's open list opens by itself); the task to pick shows large — bin,
//! product, lot, quantity, what is left, the order's special requirements. Every scan
//! goes to `ops::picking::pick_scan`, code by code as the scanner sends them: the bin
//! first (a wrong one is refused, nothing changes), then the items (each adds one, a
//! GS1 label its count and lot). A finished task gives way to the next by itself. F3
//! types a quantity where a label cannot be read; F8 records a short pick (found
//! quantity, then a reason) and proposes a count of the bin, which F6 opens. Refusals
//! are shown in the error style; scans that meet a busy database wait in order and are
//! retried.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use crate::domain::goods::TaskStatus;
use crate::domain::money::Qty;
use crate::i18n::Lang;
use crate::ops::picking::{self as pick, CountProposal, PickListView};
use crate::ops::{self, Refusal};
use crate::store::picking::{ListProgressRow, TaskRow};
use crate::store::Retryable;
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::view::{type_into, Env, Nav, Typed, View, MAX_SCAN};

mod draw;

/// Open lists shown while no list is open.
const OPEN_LISTS: i64 = 50;

/// What a prompt over the screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asking {
    /// A typed quantity for the task.
    Qty { task: i64 },
    /// A short pick: all that was found for the task.
    Found { task: i64 },
    /// A short pick: why, after the quantity found.
    Reason { task: i64, found: String },
}

/// The picking screen's state.
#[derive(Debug, Clone, Default)]
pub struct PickingView {
    /// The pick list being picked.
    pub list: Option<PickListView>,
    /// The task to pick now: the one the picker holds, else the next free one.
    pub task: Option<TaskRow>,
    /// What the scanner or keyboard typed.
    pub scan: String,
    /// The count a short pick proposed: F6 opens it.
    pub proposal: Option<CountProposal>,
    /// Scans that met a busy database, oldest first: retried in order.
    pub queued: VecDeque<String>,
    /// Open pick lists, shown while no list is open; the selection among them.
    pub open_lists: Vec<ListProgressRow>,
    pub selected: usize,
    asking: Option<Asking>,
    /// The user picking.
    me: i64,
    /// When a scan was last refused: the codes right behind it in the same burst do
    /// not cover its message.
    refused_at: Option<Instant>,
}

/// Codes that follow a refused one this closely came in the same scanner burst.
const BURST_GAP: Duration = Duration::from_millis(300);

/// The picking screen: on this pick list, or on the picker's open one.
pub fn open(env: &mut Env, number: Option<&str>) -> Result<Box<dyn View>, ops::Error> {
    let mut view = PickingView {
        me: env.actor.id(),
        ..PickingView::default()
    };
    if let Some(n) = number {
        view.open_list(n, env);
    }
    // No list asked for, or the one asked for refused (the picker has another open):
    // the picker's own open list.
    if view.list.is_none() {
        if let Some(list) = pick::current_pick_list(env.db, env.actor)? {
            if list.list.status.is_open() {
                view.show(list, env);
            }
        }
    }
    Ok(Box::new(view))
}

impl PickingView {
    /// Whether the picker holds the task shown (its bin is confirmed).
    pub fn bin_confirmed(&self) -> bool {
        self.task
            .as_ref()
            .is_some_and(|t| t.claimed_by == Some(self.me))
    }

    fn show(&mut self, list: PickListView, env: &Env) {
        self.task = pick::next_task(&list, env.actor).cloned();
        self.list = Some(list);
    }

    /// Reads the list again and takes the next task.
    fn refresh(&mut self, env: &mut Env) -> bool {
        let Some(number) = self.list.as_ref().map(|l| l.list.number.clone()) else {
            return self.read_open_lists(env);
        };
        match pick::pick_list(env.db, &number) {
            Ok(list) => {
                self.show(list, env);
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    fn read_open_lists(&mut self, env: &mut Env) -> bool {
        match pick::open_pick_lists(env.db, 0, OPEN_LISTS) {
            Ok(rows) => {
                self.open_lists = rows;
                self.selected = self.selected.min(self.open_lists.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    fn open_list(&mut self, number: &str, env: &mut Env) {
        match pick::open_pick_list(env.db, env.actor, number, None) {
            Ok(list) => {
                self.proposal = None;
                let number = list.list.number.clone();
                self.show(list, env);
                match &self.task {
                    Some(t) => env.ok(crate::bi!(
                        env.lang,
                        "已打开拣货单 {}：请到库位 {} 扫描库位码。",
                        "Pick list {} is open: go to bin {} and scan it.",
                        number,
                        t.bin_code
                    )),
                    None => env.warn(self.nothing_left(env.lang)),
                }
            }
            Err(e) => env.error(&e),
        }
    }

    /// Why no task is shown: the list is done, or what is left is held by others.
    fn nothing_left(&self, lang: Lang) -> String {
        let Some(list) = &self.list else {
            return lang
                .pick("请扫描拣货单号。", "Scan a pick list number.")
                .to_string();
        };
        let held: Vec<String> = list
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Open)
            .filter_map(|t| t.claimed_by_name.clone())
            .collect();
        if held.is_empty() {
            crate::bi!(
                lang,
                "拣货单 {} 已全部拣完。",
                "Pick list {} is all picked.",
                list.list.number
            )
        } else {
            let mut names = held;
            names.dedup();
            crate::bi!(
                lang,
                "{} 剩下的任务正由 {} 拣货。",
                "The tasks left on {} are held by {}.",
                list.list.number,
                names.join(lang.pick("、", ", "))
            )
        }
    }

    /// One scanned code, as [`Self::scan_code`] takes it; an error shown for a code
    /// just before it in the same burst stays on the status line (the counts on the
    /// screen still move), so that the rest of a burst never hides a refusal.
    fn scan_one(&mut self, code: &str, env: &mut Env) -> Result<(), String> {
        let keep =
            env.showing_error() && self.refused_at.is_some_and(|at| at.elapsed() < BURST_GAP);
        let done = self.scan_code(code, env);
        if matches!(env.status, Some((_, true))) {
            self.refused_at = Some(Instant::now());
        } else if keep {
            env.status = None;
        }
        done
    }

    /// One scanned code: a pick list number opens that list; anything else is the
    /// bin or an item of the task shown.
    fn scan_code(&mut self, code: &str, env: &mut Env) -> Result<(), String> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(());
        }
        if self.list.is_none() || code.to_ascii_uppercase().starts_with("PL-") {
            self.open_list(code, env);
            return Ok(());
        }
        let Some(task) = self.task.clone() else {
            env.warn(self.nothing_left(env.lang));
            return Ok(());
        };
        match pick::pick_scan(env.db, env.actor, task.id, code) {
            Ok(p) if p.added == 0 => {
                self.task = Some(p.task.clone());
                env.ok(crate::bi!(
                    env.lang,
                    "库位 {} 正确：请扫描商品 {}。",
                    "Bin {} is right: scan the items of {}.",
                    p.task.bin_code,
                    p.task.sku
                ));
            }
            Ok(p) => self.picked(p.task, p.added, p.task_done, p.list_done, env),
            Err(e) if e.is_busy() => return Err(code.to_string()),
            Err(e) => {
                env.error(&e);
                // Another picker took the task, or the order changed: the next task.
                if let ops::Error::Refused(
                    Refusal::TaskHeldBy { .. }
                    | Refusal::TaskFinished
                    | Refusal::OrderNotPickable { .. }
                    | Refusal::PickListClosed { .. },
                ) = e
                {
                    self.refresh(env);
                }
            }
        }
        Ok(())
    }

    /// What a pick scan or typed quantity did: the count so far, or the next task.
    fn picked(&mut self, task: TaskRow, added: i64, done: bool, list_done: bool, env: &mut Env) {
        let left = Qty::from_db(task.qty - task.qty_picked);
        let number = self
            .list
            .as_ref()
            .map(|l| l.list.number.clone())
            .unwrap_or_default();
        self.refresh(env);
        if list_done && task.kind == crate::domain::goods::TaskKind::Unpick {
            env.ok(crate::bi!(
                env.lang,
                "拣货单 {} 已完成，货已放回库位。",
                "Pick list {} is done; the goods are back in their bins.",
                number
            ));
        } else if list_done {
            env.ok(crate::bi!(
                env.lang,
                "拣货单 {} 已全部拣完，货已放到发货暂存区。",
                "Pick list {} is all picked; the goods are in the staging bin.",
                number
            ));
        } else if done {
            let next = match &self.task {
                Some(t) => crate::bi!(env.lang, "下一项：库位 {}。", "next: bin {}.", t.bin_code),
                None => self.nothing_left(env.lang),
            };
            env.ok(crate::bi!(
                env.lang,
                "{} 已拣齐 {}。{}",
                "{} done, {} picked; {}",
                task.sku,
                Qty::from_db(task.qty_picked),
                next
            ));
        } else {
            self.task = Some(task.clone());
            env.ok(crate::bi!(
                env.lang,
                "{} +{}：已拣 {}，还差 {}。",
                "{} +{}: {} picked, {} to go.",
                task.sku,
                Qty::from_db(added),
                Qty::from_db(task.qty_picked),
                left
            ));
        }
    }

    /// The scans waiting for the database, in order, until one meets it busy again.
    fn drain(&mut self, env: &mut Env) -> bool {
        let mut any = false;
        while let Some(code) = self.queued.pop_front() {
            any = true;
            if let Err(code) = self.scan_one(&code, env) {
                self.queued.push_front(code);
                self.say_queued(env);
                break;
            }
        }
        any
    }

    fn say_queued(&self, env: &mut Env) {
        env.warn(crate::bi!(
            env.lang,
            "数据库正忙：{} 次扫码已排队，稍后自动处理，请勿重扫。",
            "The database is busy: {} scans wait and will be handled by themselves; do not scan them again.",
            self.queued.len()
        ));
    }

    fn enter_scan(&mut self, env: &mut Env) {
        let code = std::mem::take(&mut self.scan);
        if code.trim().is_empty() {
            return;
        }
        if !self.queued.is_empty() {
            // Keep the order the scanner sent them in.
            self.queued.push_back(code);
            self.say_queued(env);
            return;
        }
        if let Err(code) = self.scan_one(&code, env) {
            self.queued.push_back(code);
            self.say_queued(env);
        }
    }

    /// The task a prompt is opened for: the one shown, whose bin is confirmed.
    fn held_task(&self, env: &mut Env) -> Option<TaskRow> {
        match &self.task {
            None => {
                env.warn(self.nothing_left(env.lang));
                None
            }
            Some(t) if !self.bin_confirmed() => {
                env.warn(crate::bi!(
                    env.lang,
                    "请先扫描库位 {}。",
                    "Scan bin {} first.",
                    t.bin_code
                ));
                None
            }
            Some(t) => Some(t.clone()),
        }
    }

    fn prompt(&mut self, asking: Asking, env: &Env) -> Nav {
        let lang = env.lang;
        let Some(task) = self.task.clone() else {
            return Nav::Stay;
        };
        let title = match &asking {
            Asking::Qty { .. } => crate::bi!(
                lang,
                "{} 拣了多少（还差 {}）",
                "How many {} picked ({} to go)",
                task.sku,
                Qty::from_db(task.qty - task.qty_picked)
            ),
            Asking::Found { .. } => crate::bi!(
                lang,
                "短拣：库位 {} 共找到多少 {}（应拣 {}）",
                "Short: how many {1} in {0} in all? (asked {2})",
                task.bin_code,
                task.sku,
                Qty::from_db(task.qty)
            ),
            Asking::Reason { found, .. } => crate::bi!(
                lang,
                "短拣原因（找到 {}）",
                "Reason for the short pick (found {})",
                found
            ),
        };
        self.asking = Some(asking);
        Nav::Open(Box::new(Prompt::new(title)))
    }

    fn answer_text(&mut self, asking: Asking, text: &str, env: &mut Env) -> Reply<Nav> {
        match asking {
            Asking::Qty { task } => match pick::pick_qty(env.db, env.actor, task, text) {
                Ok(p) => {
                    self.picked(p.task, p.added, p.task_done, p.list_done, env);
                    Reply::Close(Nav::Stay)
                }
                Err(e @ ops::Error::Field { .. }) => self.keep(asking, &e, env),
                Err(e) if e.is_busy() => self.keep(asking, &e, env),
                Err(e) => {
                    env.error(&e);
                    self.refresh(env);
                    Reply::Close(Nav::Stay)
                }
            },
            Asking::Found { task } => {
                if let Err(e) = Qty::parse(text) {
                    let e = ops::Error::Field {
                        field: crate::domain::field::FieldId::Qty,
                        problem: ops::FieldProblem::Number(e),
                    };
                    return self.keep(asking, &e, env);
                }
                // The prompt for the reason takes this one's place.
                let next = Asking::Reason {
                    task,
                    found: text.trim().to_string(),
                };
                Reply::Close(self.prompt(next, env))
            }
            Asking::Reason { task, ref found } => {
                match pick::short_pick(env.db, env.actor, task, found, text) {
                    Ok(s) => {
                        env.warn(crate::bi!(
                            env.lang,
                            "已短拣：{} 缺 {}，已转缺货。请盘点库位 {}（F6）。",
                            "Short pick: {} short by {}, backordered. Count bin {} (F6).",
                            s.task.sku,
                            s.backordered,
                            s.count.bin_code
                        ));
                        self.proposal = Some(s.count);
                        self.refresh(env);
                        Reply::Close(Nav::Stay)
                    }
                    Err(
                        e @ ops::Error::Field {
                            field: crate::domain::field::FieldId::Reason,
                            ..
                        },
                    ) => self.keep(asking, &e, env),
                    Err(e) if e.is_busy() => self.keep(asking, &e, env),
                    Err(e) => {
                        // A found quantity out of range: nothing recorded, start again.
                        env.error(&e);
                        self.refresh(env);
                        Reply::Close(Nav::Stay)
                    }
                }
            }
        }
    }

    fn keep(&mut self, asking: Asking, e: &ops::Error, env: &mut Env) -> Reply<Nav> {
        env.error(e);
        self.asking = Some(asking);
        Reply::Keep
    }
}

impl View for PickingView {
    fn name(&self) -> &'static str {
        "picking"
    }

    fn context(&self) -> Context {
        Context::Picking
    }

    fn draw(
        &self,
        f: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        lang: Lang,
        theme: crate::ui::theme::Theme,
    ) {
        draw::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            // A finished list: Enter goes on to the open lists.
            Command::Confirm
                if self.scan.trim().is_empty()
                    && self.list.as_ref().is_some_and(|l| !l.list.status.is_open()) =>
            {
                self.list = None;
                self.task = None;
                self.selected = 0;
                self.read_open_lists(env);
                Nav::Stay
            }
            Command::Confirm if self.scan.trim().is_empty() && self.list.is_none() => {
                match self
                    .open_lists
                    .get(self.selected)
                    .map(|l| l.list.number.clone())
                {
                    Some(n) => self.open_list(&n, env),
                    None => env.warn(self.nothing_left(env.lang)),
                }
                Nav::Stay
            }
            Command::Confirm => {
                self.enter_scan(env);
                Nav::Stay
            }
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < self.open_lists.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::TypeQty => match self.held_task(env) {
                Some(t) => self.prompt(Asking::Qty { task: t.id }, env),
                None => Nav::Stay,
            },
            Command::ShortPick => match self.held_task(env) {
                Some(t) => self.prompt(Asking::Found { task: t.id }, env),
                None => Nav::Stay,
            },
            Command::Count => match &self.proposal {
                Some(p) => Nav::Push(Route::CountBin(p.bin_code.clone())),
                None => {
                    env.say(
                        "没有建议盘点的库位：短拣后才会建议盘点。",
                        "No bin waits to be counted: a short pick proposes one.",
                        true,
                    );
                    Nav::Stay
                }
            },
            Command::LeaveList => {
                let Some(number) = self.list.as_ref().map(|l| l.list.number.clone()) else {
                    return Nav::Stay;
                };
                match pick::leave_pick_list(env.db, env.actor) {
                    Ok(()) => {
                        self.list = None;
                        self.task = None;
                        self.read_open_lists(env);
                        env.ok(crate::bi!(
                            env.lang,
                            "已离开拣货单 {}，未拣的任务留给其他人。",
                            "You left pick list {}; its tasks you had not started are free for others.",
                            number
                        ));
                    }
                    Err(e) => env.error(&e),
                }
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        if type_into(&mut self.scan, key, MAX_SCAN, true) == Typed::Ended {
            self.enter_scan(env);
        }
        Nav::Stay
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Some(asking) = self.asking.take() else {
            return Reply::Close(Nav::Stay);
        };
        match answer {
            Answer::Text(text) => self.answer_text(asking, &text, env),
            _ => Reply::Close(Nav::Stay),
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.refresh(env)
    }

    fn tick(&mut self, env: &mut Env) -> bool {
        self.drain(env)
    }

    fn pending(&self) -> bool {
        !self.queued.is_empty()
    }
}

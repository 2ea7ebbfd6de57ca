//! Wave planning (波次): approved orders with reserved stock that no pick list covers
//! yet, most urgent first (F6 sorts by requested date or customer instead; typing
//! filters by order number, customer or carrier; F9 keeps the orders of one carrier,
//! the customer's default carrier). Space or Insert marks orders, a scanned order
//! number marks it too; F7 chooses the picker; F5 makes one pick list of the marked
//! orders (or of the selected one) and shows its number and what no stock could cover.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::i18n::Lang;
use crate::ops::picking::PickListCreated;
use crate::ops::picking::ToPickRow;
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Picker, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{
    ask_discard, discarded, type_into, Env, Nav, PrintJob, Typed, View, MAX_SCAN,
};

mod draw;

/// Orders read for planning: a wave is made from the most urgent of them.
const MAX_ORDERS: i64 = 500;

/// How the orders are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Most urgent first, then the earliest requested date (as read).
    #[default]
    Urgency,
    /// The earliest requested date first; no date last.
    Requested,
    /// By customer name.
    Customer,
    /// By carrier name (the customer's default carrier); no carrier last.
    Carrier,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Urgency => Sort::Requested,
            Sort::Requested => Sort::Customer,
            Sort::Customer => Sort::Carrier,
            Sort::Carrier => Sort::Urgency,
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Sort::Urgency => lang.pick("紧急程度", "urgency"),
            Sort::Requested => lang.pick("要求交货日期", "requested date"),
            Sort::Customer => lang.pick("客户", "customer"),
            Sort::Carrier => lang.pick("承运商", "carrier"),
        }
    }
}

/// The wave planning screen's state.
#[derive(Debug, Clone, Default)]
pub struct WaveView {
    /// The orders to pick, as read (most urgent first).
    pub rows: Vec<ToPickRow>,
    /// The selection, among the rows shown.
    pub selected: usize,
    /// Orders marked for the wave, by id, in the order they were marked.
    pub marked: Vec<i64>,
    pub sort: Sort,
    /// Typed text: filters the orders by number or customer.
    pub filter: String,
    /// Only the orders whose customer's default carrier is this one: (id, name); id 0
    /// keeps the orders of customers without one. The list is read again when it changes.
    pub carrier: Option<(i64, String)>,
    /// The carriers offered in the carrier layer while it is open: (id, name).
    carriers: Vec<(i64, String)>,
    /// The picker the next list goes to: (user name, display name).
    pub picker: Option<(String, String)>,
    /// The pickers offered in the picker layer while it is open.
    choices: Vec<(String, String)>,
    /// The pick list made last.
    pub made: Option<PickListCreated>,
    /// The question before the marks are dropped is open.
    leaving: bool,
}

/// The wave planning screen.
pub fn open() -> Box<dyn View> {
    Box::new(WaveView::default())
}

impl WaveView {
    /// The rows shown, in the sort chosen, that match the filter.
    pub fn shown(&self) -> Vec<&ToPickRow> {
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<&ToPickRow> = self
            .rows
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || r.number.to_lowercase().contains(&needle)
                    || r.customer_name.to_lowercase().contains(&needle)
                    || r.carrier
                        .as_ref()
                        .is_some_and(|(_, c)| c.to_lowercase().contains(&needle))
            })
            .collect();
        match self.sort {
            Sort::Urgency => {}
            Sort::Requested => rows.sort_by(|a, b| {
                let key = |r: &ToPickRow| r.requested_date.clone().unwrap_or("9999".into());
                key(a)
                    .cmp(&key(b))
                    .then(b.urgency_rank.cmp(&a.urgency_rank))
            }),
            Sort::Customer => rows.sort_by(|a, b| {
                a.customer_name
                    .cmp(&b.customer_name)
                    .then(b.urgency_rank.cmp(&a.urgency_rank))
            }),
            Sort::Carrier => rows.sort_by(|a, b| {
                let key = |r: &ToPickRow| r.carrier.as_ref().map(|(_, n)| n.clone());
                // Orders without a carrier go last.
                (key(a).is_none(), key(a))
                    .cmp(&(key(b).is_none(), key(b)))
                    .then(b.urgency_rank.cmp(&a.urgency_rank))
            }),
        }
        rows
    }

    fn selected_row(&self) -> Option<ToPickRow> {
        self.shown().get(self.selected).map(|r| (*r).clone())
    }

    fn toggle(&mut self, id: i64) {
        match self.marked.iter().position(|m| *m == id) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(id),
        }
    }

    fn mark_selected(&mut self, env: &mut Env) {
        match self.selected_row() {
            Some(r) => {
                self.toggle(r.order_id);
                if self.selected + 1 < self.shown().len() {
                    self.selected += 1;
                }
            }
            None => env.say("没有选中的订单。", "No order is selected.", true),
        }
    }

    /// Enter or the end of a scan with text typed: an order number of the list marks
    /// that order; other text stays as the filter.
    fn enter_text(&mut self, env: &mut Env) -> Nav {
        let text = self.filter.trim().to_string();
        let found = self
            .rows
            .iter()
            .find(|r| r.number.eq_ignore_ascii_case(&text))
            .map(|r| (r.order_id, r.number.clone()));
        match found {
            Some((id, number)) => {
                self.filter.clear();
                if !self.marked.contains(&id) {
                    self.marked.push(id);
                }
                if let Some(i) = self.shown().iter().position(|r| r.order_id == id) {
                    self.selected = i;
                }
                env.ok(crate::bi!(
                    env.lang,
                    "已标记 {}（共 {} 单）。",
                    "{} is marked ({} orders).",
                    number,
                    self.marked.len()
                ));
            }
            None if self.shown().is_empty() => env.warn(crate::bi!(
                env.lang,
                "没有待拣货的订单符合“{}”。",
                "No order to pick matches \"{}\".",
                crate::domain::text::shown(&text)
            )),
            None => self.selected = 0,
        }
        Nav::Stay
    }

    fn choose_picker(&mut self, env: &mut Env) -> Nav {
        match ops::warehouse::pickers(env.db) {
            Ok(p) => self.choices = p,
            Err(e) => {
                env.error(&e);
                return Nav::Stay;
            }
        }
        let mut items = vec![env
            .lang
            .pick("（不指定拣货员）", "(no picker yet)")
            .to_string()];
        items.extend(
            self.choices
                .iter()
                .map(|(user, name)| format!("{name} ({user})")),
        );
        Nav::Open(Box::new(Picker::new(
            ("选择拣货员", "Choose the picker"),
            items,
            picker_area,
        )))
    }

    /// F9: the carrier layer; all carriers, none, or one carrier.
    fn choose_carrier(&mut self, env: &mut Env) -> Nav {
        match ops::shipping::carriers(env.db) {
            Ok(rows) => {
                self.carriers = rows
                    .into_iter()
                    .filter(|c| c.active)
                    .map(|c| (c.id, c.name))
                    .collect();
            }
            Err(e) => {
                env.error(&e);
                return Nav::Stay;
            }
        }
        let mut items = vec![
            env.lang
                .pick("（全部承运商）", "(all carriers)")
                .to_string(),
            env.lang
                .pick("（未设承运商）", "(no carrier set)")
                .to_string(),
        ];
        items.extend(
            self.carriers
                .iter()
                .map(|(_, n)| crate::domain::text::shown(n)),
        );
        self.carriers
            .insert(0, (0, env.lang.pick("未设承运商", "no carrier").into()));
        Nav::Open(Box::new(Picker::new(
            ("按承运商筛选", "Filter by carrier"),
            items,
            picker_area,
        )))
    }

    /// The carrier layer's answer: keeps one carrier's orders (read again) or all.
    fn carrier_chosen(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let choice = match answer {
            Answer::Picked(0) => None,
            Answer::Picked(i) => match self.carriers.get(i - 1) {
                Some(c) => Some(c.clone()),
                None => return Reply::Keep,
            },
            Answer::Text(t) => {
                let t = t.trim().to_lowercase();
                match self.carriers.iter().find(|(_, n)| n.to_lowercase() == t) {
                    Some(c) => Some(c.clone()),
                    None => {
                        env.warn(crate::bi!(
                            env.lang,
                            "“{}”不是承运商。",
                            "\"{}\" is not a carrier.",
                            crate::domain::text::shown(&t)
                        ));
                        return Reply::Keep;
                    }
                }
            }
            Answer::Yes | Answer::GaveUp | Answer::Form(_) => {
                self.carriers.clear();
                return Reply::Close(Nav::Stay);
            }
        };
        self.carriers.clear();
        self.carrier = choice;
        self.selected = 0;
        self.reload(env);
        Reply::Close(Nav::Stay)
    }

    fn create(&mut self, env: &mut Env) -> Nav {
        let numbers: Vec<String> = if self.marked.is_empty() {
            match self.selected_row() {
                Some(r) => vec![r.number],
                None => {
                    env.say("没有可拣货的订单。", "There is no order to pick.", true);
                    return Nav::Stay;
                }
            }
        } else {
            self.marked
                .iter()
                .filter_map(|id| self.rows.iter().find(|r| r.order_id == *id))
                .map(|r| r.number.clone())
                .collect()
        };
        let picker = self.picker.as_ref().map(|(u, _)| u.as_str());
        match ops::picking::create_pick_list(env.db, env.actor, &numbers, picker) {
            Ok(made) => {
                let lang = env.lang;
                let mut text = crate::bi!(
                    lang,
                    "已生成拣货单 {}：{} 张订单，{} 项任务",
                    "Pick list {} made: {}, {}",
                    made.number,
                    match lang {
                        Lang::Zh => numbers.len().to_string(),
                        Lang::En => crate::i18n::count_en(numbers.len(), "order", "orders"),
                    },
                    match lang {
                        Lang::Zh => made.tasks.to_string(),
                        Lang::En => crate::i18n::count_en(made.tasks, "task", "tasks"),
                    }
                );
                if let Some((_, name)) = &self.picker {
                    text.push_str(&crate::bi!(lang, "，拣货员 {}", ", picker {}", name));
                }
                if made.uncovered.is_empty() {
                    text.push_str(lang.pick("。", "."));
                    env.ok(text);
                } else {
                    text.push_str(&crate::bi!(
                        lang,
                        "。库存不足未能覆盖：{}（仍保留预留）。",
                        ". Not covered by usable stock: {} (still reserved).",
                        uncovered_text(&made, lang)
                    ));
                    env.warn(text);
                }
                self.marked.clear();
                self.made = Some(made);
                self.reload(env);
            }
            Err(e) => env.error(&e),
        }
        Nav::Stay
    }
}

impl WaveView {
    /// Writes the pick list made last into the output folder and sends it to the
    /// printer command, as the order confirmation goes.
    fn print(&mut self, env: &mut Env) -> Nav {
        use crate::i18n::Localized;
        let lang = env.lang;
        let Some(number) = self.made.as_ref().map(|m| m.number.clone()) else {
            env.say(
                "请先生成拣货单（F5），再打印。",
                "Make a pick list first (F5), then print it.",
                true,
            );
            return Nav::Stay;
        };
        let view = match ops::picking::pick_list(env.db, &number) {
            Ok(v) => v,
            Err(e) => {
                env.error(&e);
                return Nav::Stay;
            }
        };
        let mut said = Vec::new();
        let mut failed = false;
        if let Some(dir) = env.output.dir.clone() {
            match crate::print::goods::write_pick_list(&dir, &view, lang) {
                Ok((txt, _)) => said.push(crate::bi!(
                    lang,
                    "已写入 {}",
                    "written to {}",
                    txt.display()
                )),
                Err(e) => {
                    failed = true;
                    said.push(e.localized(lang));
                }
            }
        }
        if let Some(command) = env.output.printer.clone() {
            env.print_jobs.push(PrintJob {
                command,
                text: crate::print::goods::pick_list_text(&view, lang, 80),
                number: number.clone(),
            });
            said.push(
                lang.pick("正在送打印机", "sending to the printer")
                    .to_string(),
            );
        }
        if said.is_empty() {
            env.warn(crate::bi!(
                lang,
                "{} 未打印：没有设置输出文件夹或打印命令（配置文件的 output_dir / printer_command）。",
                "{} was not printed: no output folder or printer command is set (output_dir / printer_command in the config file).",
                number
            ));
        } else {
            let text = format!("{number}: {}", said.join(lang.pick("；", "; ")));
            if failed {
                env.warn(text);
            } else {
                env.ok(text);
            }
        }
        Nav::Stay
    }
}

/// What a pick list could not cover, one entry per line: `SO-… 2 HW-000013 ×3`.
pub fn uncovered_text(made: &PickListCreated, lang: Lang) -> String {
    made.uncovered
        .iter()
        .map(|u| format!("{} #{} {} ×{}", u.order, u.line_no, u.sku, u.qty))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// The picker layer: in the middle of the body, below the table's header.
fn picker_area(body: Rect, rows: u16) -> Rect {
    let w = body.width.min(40);
    let h = rows.min(body.height.saturating_sub(2));
    Rect::new(body.x + (body.width - w) / 2, body.y + 2, w, h)
}

impl View for WaveView {
    fn scans(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "waves"
    }

    fn context(&self) -> Context {
        Context::Wave
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let len = self.shown().len();
        let page = usize::try_from(env.rows).unwrap_or(1).max(1);
        match cmd {
            Command::Back if !self.filter.is_empty() => {
                self.filter.clear();
                Nav::Stay
            }
            Command::Back if !self.marked.is_empty() => {
                self.leaving = true;
                let n = self.marked.len();
                ask_discard(
                    env,
                    &format!("已标记 {n} 单，未生成拣货单：再按 Esc 放弃标记。"),
                    &format!(
                        "{} marked, no list made: Esc again drops the marks.",
                        crate::i18n::count_en(n, "order", "orders")
                    ),
                )
            }
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < len {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::PageUp => {
                self.selected = self.selected.saturating_sub(page);
                Nav::Stay
            }
            Command::PageDown => {
                self.selected = (self.selected + page).min(len.saturating_sub(1));
                Nav::Stay
            }
            Command::Mark => {
                self.mark_selected(env);
                Nav::Stay
            }
            Command::Sort => {
                let keep = self.selected_row().map(|r| r.order_id);
                self.sort = self.sort.next();
                self.selected = keep
                    .and_then(|k| self.shown().iter().position(|r| r.order_id == k))
                    .unwrap_or(0);
                Nav::Stay
            }
            Command::ChoosePicker => self.choose_picker(env),
            Command::Filter => self.choose_carrier(env),
            Command::CreatePickList => self.create(env),
            Command::Print => self.print(env),
            Command::Open if !self.filter.trim().is_empty() => self.enter_text(env),
            Command::Open => match self.selected_row() {
                Some(r) => Nav::Push(Route::Order(r.order_id)),
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        // Space marks; it never goes into the filter (no order number holds one).
        if key.code == KeyCode::Char(' ')
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            self.mark_selected(env);
            return Nav::Stay;
        }
        match type_into(&mut self.filter, key, MAX_SCAN, false) {
            Typed::Ended if !self.filter.trim().is_empty() => self.enter_text(env),
            Typed::Changed => {
                self.selected = 0;
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        if std::mem::take(&mut self.leaving) {
            return discarded(answer);
        }
        if !self.carriers.is_empty() {
            return self.carrier_chosen(answer, env);
        }
        match answer {
            Answer::Picked(0) => self.picker = None,
            Answer::Picked(i) => self.picker = self.choices.get(i - 1).cloned(),
            Answer::Text(t) => {
                // A user name typed or scanned into the layer.
                let t = t.trim().to_string();
                match self
                    .choices
                    .iter()
                    .find(|(u, n)| u.eq_ignore_ascii_case(&t) || *n == t)
                {
                    Some(p) => self.picker = Some(p.clone()),
                    None => {
                        env.warn(crate::bi!(
                            env.lang,
                            "“{}”不是可以拣货的用户。",
                            "\"{}\" is not a user who may pick.",
                            crate::domain::text::shown(&t)
                        ));
                        return Reply::Keep;
                    }
                }
            }
            Answer::Yes | Answer::GaveUp | Answer::Form(_) => {}
        }
        self.choices.clear();
        Reply::Close(Nav::Stay)
    }

    fn unsaved(&self) -> bool {
        !self.marked.is_empty()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let carrier = self.carrier.as_ref().map(|(id, _)| *id);
        match ops::picking::orders_to_pick_by(env.db, MAX_ORDERS, carrier) {
            Ok(rows) => {
                let keep = self.selected_row().map(|r| r.order_id);
                self.rows = rows;
                // Marks of orders no longer to pick (picked elsewhere) fall away.
                let ids: Vec<i64> = self.rows.iter().map(|r| r.order_id).collect();
                self.marked.retain(|m| ids.contains(m));
                let shown = self.shown();
                self.selected = keep
                    .and_then(|k| shown.iter().position(|r| r.order_id == k))
                    .unwrap_or(self.selected)
                    .min(shown.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

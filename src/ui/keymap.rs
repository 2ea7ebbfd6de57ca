//! The keymap: the one place that says which keys do what on which screen. The
//! behaviour, the key bar at the bottom and the help overlay are all built from it, so
//! nothing is typed twice. The `[keys]` table of the config file can move any command
//! to another key; [`Keymap`] holds the tables with those overrides applied.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::access::Permission;
use crate::i18n::Lang;

/// Something the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Help,
    Quit,
    Back,
    Menu,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NextStage,
    PrevStage,
    NextField,
    PrevField,
    Login,
    OsLogin,
    NewOrder,
    New,
    Edit,
    Confirm,
    Save,
    SaveDraft,
    SubmitOrder,
    OneLess,
    RemoveLine,
    Filter,
    CancelOrder,
    CancelLine,
    Approve,
    Reject,
    Hold,
    ChoiceNext,
    ChoicePrev,
    ClearField,
    Receipt,
    Transfer,
    Adjust,
    Count,
    Preview,
    Post,
}

/// The name of each command in the config file's `[keys]` table.
pub const COMMAND_NAMES: &[(Command, &str)] = &[
    (Command::Help, "help"),
    (Command::Quit, "quit"),
    (Command::Back, "back"),
    (Command::Menu, "menu"),
    (Command::Up, "up"),
    (Command::Down, "down"),
    (Command::PageUp, "page_up"),
    (Command::PageDown, "page_down"),
    (Command::Open, "open"),
    (Command::NextStage, "next_stage"),
    (Command::PrevStage, "prev_stage"),
    (Command::NextField, "next_field"),
    (Command::PrevField, "prev_field"),
    (Command::Login, "login"),
    (Command::OsLogin, "os_login"),
    (Command::NewOrder, "new_order"),
    (Command::New, "new"),
    (Command::Edit, "edit"),
    (Command::Confirm, "confirm"),
    (Command::Save, "save"),
    (Command::SaveDraft, "save_draft"),
    (Command::SubmitOrder, "submit"),
    (Command::OneLess, "one_less"),
    (Command::RemoveLine, "remove_line"),
    (Command::Filter, "filter"),
    (Command::CancelOrder, "cancel_order"),
    (Command::CancelLine, "cancel_line"),
    (Command::Approve, "approve"),
    (Command::Reject, "reject"),
    (Command::Hold, "hold"),
    (Command::ChoiceNext, "choice_next"),
    (Command::ChoicePrev, "choice_prev"),
    (Command::ClearField, "clear_field"),
    (Command::Receipt, "receipt"),
    (Command::Transfer, "transfer"),
    (Command::Adjust, "adjust"),
    (Command::Count, "count"),
    (Command::Preview, "preview"),
    (Command::Post, "post"),
];

impl Command {
    pub fn name(self) -> &'static str {
        COMMAND_NAMES
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, n)| *n)
            .unwrap_or("?")
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMAND_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(c, _)| *c)
    }
}

/// Where the keys apply: one context per screen, plus the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Login,
    Menu,
    Orders,
    OrderFilter,
    OrderDetail,
    Intake,
    Queue,
    Customers,
    Products,
    /// Every form of fields: customer, product, settings, receipt, transfer, adjustment.
    Form,
    Stock,
    StockDetail,
    Count,
    Help,
    /// The reason prompt over a screen.
    Prompt,
    /// The question before unsaved work is discarded.
    Confirm,
    /// The intake screen's line editor (quantity, price, discount of one line).
    IntakeLine,
    /// A pick list over a screen.
    Picker,
}

/// Every context, for the tests and the config check.
pub const CONTEXTS: &[Context] = &[
    Context::Login,
    Context::Menu,
    Context::Orders,
    Context::OrderFilter,
    Context::OrderDetail,
    Context::Intake,
    Context::Queue,
    Context::Customers,
    Context::Products,
    Context::Form,
    Context::Stock,
    Context::StockDetail,
    Context::Count,
    Context::Help,
    Context::Prompt,
    Context::Confirm,
    Context::IntakeLine,
    Context::Picker,
];

/// One key of the map: the key, an alternative for terminals without F-keys, the
/// command, and its label in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub alt: Option<Key>,
    pub command: Command,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the key bar (all bindings are in the help).
    pub in_bar: bool,
    /// The permissions of which the command's work needs one; empty: everyone. The
    /// key bar and the help show the binding only to users who hold one (`ops` refuses
    /// the work on its own in any case).
    pub needs: &'static [Permission],
}

const fn b(
    key: Key,
    alt: Option<Key>,
    command: Command,
    zh: &'static str,
    en: &'static str,
    in_bar: bool,
) -> Binding {
    Binding {
        key,
        alt,
        command,
        zh,
        en,
        in_bar,
        needs: &[],
    }
}

impl Binding {
    /// The binding, for users who hold one of these permissions.
    const fn needs(self, needs: &'static [Permission]) -> Binding {
        Binding { needs, ..self }
    }

    /// Whether a user with these permissions sees the binding in the bar and help.
    pub fn shown_to(&self, held: &[Permission]) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|p| held.contains(p))
    }
}

const ORDERING: &[Permission] = &[Permission::CreateOrders];
const CANCELLING: &[Permission] = &[Permission::CreateOrders, Permission::ApproveOrders];
const DECIDING: &[Permission] = &[Permission::ApproveOrders, Permission::ApproveCredit];
const RECEIVING: &[Permission] = &[Permission::ReceiveStock];
const ADJUSTING: &[Permission] = &[Permission::AdjustStock];

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub mods: KeyModifiers,
    pub code: KeyCode,
}

const fn k(code: KeyCode) -> Key {
    Key {
        mods: KeyModifiers::NONE,
        code,
    }
}

const fn ctrl(c: char) -> Option<Key> {
    Some(Key {
        mods: KeyModifiers::CONTROL,
        code: KeyCode::Char(c),
    })
}

#[rustfmt::skip]
const HELP: Binding = b(k(KeyCode::F(1)), ctrl('g'), Command::Help, "帮助", "Help", true);
#[rustfmt::skip]
const QUIT: Binding = b(k(KeyCode::F(10)), ctrl('q'), Command::Quit, "退出", "Quit", true);
#[rustfmt::skip]
const MENU: Binding = b(k(KeyCode::F(4)), ctrl('e'), Command::Menu, "菜单", "Menu", true);
#[rustfmt::skip]
const BACK: Binding = b(k(KeyCode::Esc), None, Command::Back, "返回", "Back", true);
#[rustfmt::skip]
const UP: Binding = b(k(KeyCode::Up), None, Command::Up, "上移", "Up", false);
#[rustfmt::skip]
const DOWN: Binding = b(k(KeyCode::Down), None, Command::Down, "下移", "Down", false);
#[rustfmt::skip]
const PGDN: Binding = b(k(KeyCode::PageDown), None, Command::PageDown, "下一页", "Next page", false);
#[rustfmt::skip]
const PGUP: Binding = b(k(KeyCode::PageUp), None, Command::PageUp, "上一页", "Prev page", false);

// Help and quit come first: at 80 columns the key bar shows them whatever else fits.
#[rustfmt::skip]
const LOGIN: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Tab), None, Command::NextField, "切换栏位", "Next field", true),
    b(k(KeyCode::Enter), None, Command::Login, "登录", "Log in", true),
    b(k(KeyCode::F(7)), ctrl('u'), Command::OsLogin, "系统账号登录", "Log in as OS user", true),
];

#[rustfmt::skip]
const MENU_KEYS: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const ORDERS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Esc), None, Command::Back, "返回", "Back", false),
    b(k(KeyCode::F(2)), ctrl('o'), Command::NewOrder, "新订单", "New order", true).needs(ORDERING),
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Filter, "筛选", "Filter", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一状态", "Next stage", false),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一状态", "Prev stage", false),
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const ORDER_FILTER: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Save, "应用", "Apply", true),
    b(k(KeyCode::Tab), None, Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", true),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    b(k(KeyCode::Esc), None, Command::Back, "关闭", "Close", true),
];

#[rustfmt::skip]
const DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    BACK,
    b(k(KeyCode::F(3)), ctrl('r'), Command::Edit, "修改", "Edit", true).needs(ORDERING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::CancelOrder, "取消订单", "Cancel order", true).needs(CANCELLING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::CancelLine, "取消行", "Cancel line", true).needs(CANCELLING),
    b(k(KeyCode::Up), None, Command::Up, "上一行", "Line up", false),
    b(k(KeyCode::Down), None, Command::Down, "下一行", "Line down", false),
];

#[rustfmt::skip]
const INTAKE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::SaveDraft, "存草稿", "Save", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::SubmitOrder, "提交", "Submit", true),
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "确认", "OK", false),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::F(8)), ctrl('d'), Command::OneLess, "减一", "-1", true),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Edit, "改行", "Edit line", true),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove", false),
    b(Key { mods: KeyModifiers::CONTROL, code: KeyCode::Char('u') }, None, Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const QUEUE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(9)), ctrl('t'), Command::Approve, "批准", "Approve", true).needs(DECIDING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::Reject, "驳回", "Reject", true).needs(DECIDING),
    b(k(KeyCode::F(7)), ctrl('l'), Command::Hold, "暂停/恢复", "(Un)hold", true).needs(DECIDING),
    b(k(KeyCode::Enter), None, Command::Open, "打开", "Open", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const CUSTOMERS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::New, "新客户", "New customer", true).needs(&[Permission::EditCustomers]),
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Search/open", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const PRODUCTS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::New, "新商品", "New product", true).needs(&[Permission::EditProducts]),
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Search/open", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const FORM: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::Save, "保存", "Save", true),
    b(k(KeyCode::Enter), None, Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::Tab), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
];

#[rustfmt::skip]
const STOCK: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Open", true),
    b(k(KeyCode::F(2)), ctrl('o'), Command::Receipt, "入库", "Receipt", true).needs(RECEIVING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Transfer, "移库", "Transfer", true).needs(ADJUSTING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::Adjust, "调整", "Adjust", true).needs(ADJUSTING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::Count, "盘点", "Count", true).needs(ADJUSTING),
    // Esc leaves the search first, then the screen; at 80 columns it stays in the help.
    b(k(KeyCode::Esc), None, Command::Back, "返回/显示全部", "Back/show all", false),
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const STOCK_DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    BACK,
    b(k(KeyCode::F(2)), ctrl('o'), Command::Receipt, "入库", "Receipt", true).needs(RECEIVING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Transfer, "移库", "Transfer", true).needs(ADJUSTING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::Adjust, "调整", "Adjust", true).needs(ADJUSTING),
    b(k(KeyCode::PageDown), None, Command::PageDown, "更早的记录", "Older moves", false),
    b(k(KeyCode::PageUp), None, Command::PageUp, "较新的记录", "Newer moves", false),
    b(k(KeyCode::Up), None, Command::Up, "上一库位批次", "Prev bin/lot", false),
    b(k(KeyCode::Down), None, Command::Down, "下一库位批次", "Next bin/lot", false),
];

#[rustfmt::skip]
const COUNT: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "确认", "OK", false),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Preview, "差异", "Differences", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::Post, "过账", "Post", true).needs(ADJUSTING),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "库位/商品/数量", "Bin/item/qty", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove line", false),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const HELP_KEYS: &[Binding] = &[
    QUIT,
    b(k(KeyCode::Esc), None, Command::Back, "关闭帮助", "Close help", true),
];

#[rustfmt::skip]
const PROMPT: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Esc), None, Command::Back, "放弃", "Give up", true),
];

#[rustfmt::skip]
const PICKER: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Confirm, "选定", "Pick", true),
    b(k(KeyCode::Esc), None, Command::Back, "取消", "Cancel", true),
    UP,
    DOWN,
];

#[rustfmt::skip]
const CONFIRM: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Esc), None, Command::Back, "放弃修改", "Discard", true),
];

// The line editor takes the intake screen's keys: F5 and F9 apply the line (they do not
// save or submit the order while it is open), Enter moves on and applies on the last
// field, Esc closes it.
#[rustfmt::skip]
const INTAKE_LINE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::SaveDraft, "确认", "OK", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::SubmitOrder, "确认", "OK", false),
    b(k(KeyCode::Enter), None, Command::Confirm, "下一栏", "Next field", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "下一栏", "Next field", false),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::F(8)), ctrl('d'), Command::OneLess, "减一", "-1", false),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Edit, "改行", "Edit line", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove", false),
    b(Key { mods: KeyModifiers::CONTROL, code: KeyCode::Char('u') }, None, Command::ClearField, "清空栏位", "Clear field", false),
    b(k(KeyCode::Esc), None, Command::Back, "关闭", "Close", true),
    b(k(KeyCode::Up), None, Command::Up, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::Down, "下一栏", "Next field", false),
];

/// The bindings of a context as written here, before any override.
pub fn defaults(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Login => LOGIN,
        Context::Menu => MENU_KEYS,
        Context::Orders => ORDERS,
        Context::OrderFilter => ORDER_FILTER,
        Context::OrderDetail => DETAIL,
        Context::Intake => INTAKE,
        Context::Queue => QUEUE,
        Context::Customers => CUSTOMERS,
        Context::Products => PRODUCTS,
        Context::Form => FORM,
        Context::Stock => STOCK,
        Context::StockDetail => STOCK_DETAIL,
        Context::Count => COUNT,
        Context::Help => HELP_KEYS,
        Context::Prompt => PROMPT,
        Context::Confirm => CONFIRM,
        Context::IntakeLine => INTAKE_LINE,
        Context::Picker => PICKER,
    }
}

/// The keys in force: the defaults with the config file's overrides applied. An
/// override moves a command to other keys on every screen that has the command.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    overrides: HashMap<Command, (Key, Option<Key>)>,
}

/// A `[keys]` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    pub entry: String,
    pub zh: String,
    pub en: String,
}

impl Keymap {
    /// Builds the keymap from the `[keys]` table: `command = "F6"` or
    /// `command = ["F6", "Ctrl+F"]`. Every problem is reported, and none is applied.
    pub fn from_config(entries: &[(String, Vec<String>)]) -> Result<Keymap, Vec<KeyProblem>> {
        let mut problems = Vec::new();
        let mut overrides = HashMap::new();
        for (name, keys) in entries {
            let problem = |zh: String, en: String| KeyProblem {
                entry: name.clone(),
                zh,
                en,
            };
            let Some(cmd) = Command::from_name(name) else {
                problems.push(problem(
                    format!("没有名为“{name}”的命令"),
                    format!("there is no command named \"{name}\""),
                ));
                continue;
            };
            if keys.is_empty() || keys.len() > 2 {
                problems.push(problem(
                    "请给一个或两个按键".into(),
                    "give one or two keys".into(),
                ));
                continue;
            }
            let mut parsed = Vec::new();
            for text in keys {
                match parse_key(text) {
                    Some(key) if is_scanner_key(key) => problems.push(problem(
                        format!("扫码枪用“{text}”结束扫码或分隔 GS1 数据，不能作为命令键"),
                        format!("\"{text}\" ends a scan or separates GS1 data; a scanner sends it, so it cannot be a command key"),
                    )),
                    Some(key) if is_printable(key) => problems.push(problem(
                        format!("“{text}”是可打印字符，扫码枪会输入它；请用功能键或 Ctrl/Alt 组合键"),
                        format!("\"{text}\" is a printable character a scanner types; use an F-key or a Ctrl/Alt combination"),
                    )),
                    Some(key) => parsed.push(key),
                    None => problems.push(problem(
                        format!("无法识别按键“{text}”（例如 F6、Ctrl+F、Alt+X、Enter、PgDn）"),
                        format!("unknown key \"{text}\" (for example F6, Ctrl+F, Alt+X, Enter, PgDn)"),
                    )),
                }
            }
            if parsed.len() == keys.len() {
                overrides.insert(cmd, (parsed[0], parsed.get(1).copied()));
            }
        }
        let map = Keymap { overrides };
        // Two commands of one screen on the same key: the second could never be used.
        for &ctx in CONTEXTS {
            let bindings = map.bindings(ctx);
            for (i, a) in bindings.iter().enumerate() {
                for other in &bindings[..i] {
                    if other.command == a.command {
                        continue;
                    }
                    let clash =
                        |x: &Binding| std::iter::once(x.key).chain(x.alt).collect::<Vec<Key>>();
                    if let Some(key) = clash(a).into_iter().find(|k| clash(other).contains(k)) {
                        let n = key_label(key);
                        let (x, y) = (a.command.name(), other.command.name());
                        let p = KeyProblem {
                            entry: x.to_string(),
                            zh: format!("按键 {n} 同时用于“{x}”和“{y}”"),
                            en: format!("the key {n} is used for both \"{x}\" and \"{y}\""),
                        };
                        if !problems.contains(&p) {
                            problems.push(p);
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// The bindings of a context, with the overrides applied.
    pub fn bindings(&self, ctx: Context) -> Vec<Binding> {
        defaults(ctx)
            .iter()
            .map(|bd| match self.overrides.get(&bd.command) {
                Some(&(key, alt)) => Binding { key, alt, ..*bd },
                None => *bd,
            })
            .collect()
    }

    /// The command a key asks for in this context. Printable characters without Ctrl
    /// or Alt never map to a command: they belong to the focused field or the scan box.
    pub fn command_for(&self, ctx: Context, key: &KeyEvent) -> Option<Command> {
        let pressed = |k: Key| {
            key.code == k.code
                && if k.mods.is_empty() {
                    (key.modifiers - KeyModifiers::SHIFT).is_empty()
                } else {
                    key.modifiers.contains(k.mods)
                }
        };
        defaults(ctx).iter().find_map(|bd| {
            let (main, alt) = match self.overrides.get(&bd.command) {
                Some(&(key, alt)) => (key, alt),
                None => (bd.key, bd.alt),
            };
            (pressed(main) || alt.is_some_and(pressed)).then_some(bd.command)
        })
    }
}

/// Keys a scanner sends as part of a scan: LF (Ctrl+J), CR (Ctrl+M), Tab (Ctrl+I) and
/// the GS1 separator (Ctrl+] or Ctrl+5), and Backspace (Ctrl+H).
fn is_scanner_key(key: Key) -> bool {
    key.mods.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('j' | 'm' | 'i' | ']' | '5' | 'h'))
}

fn is_printable(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && (key.mods - KeyModifiers::SHIFT).is_empty()
}

/// Parses `F6`, `Ctrl+F`, `Alt+X`, `Enter`, `Esc`, `Tab`, `PgDn`, `Del`… (any case).
pub fn parse_key(text: &str) -> Option<Key> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower.strip_prefix("ctrl+") {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("alt+") {
            mods |= KeyModifiers::ALT;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let lower = rest.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "shift+tab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        f if f.starts_with('f') && f.len() > 1 => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() || c.is_control() {
                return None;
            }
            // Ctrl+letter arrives as the lower-case letter with the Ctrl flag.
            KeyCode::Char(if mods.is_empty() {
                c
            } else {
                c.to_ascii_lowercase()
            })
        }
    };
    Some(Key { mods, code })
}

/// How a key is written in the bar and the help.
pub fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift+Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Char(c) => c.to_uppercase().to_string(),
        _ => "?".into(),
    }
}

/// A key with its modifiers, written as `Ctrl+Q`.
pub fn key_label(key: Key) -> String {
    let mut s = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        s.push_str("Ctrl+");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        s.push_str("Alt+");
    }
    s.push_str(&key_name(key.code));
    s
}

/// The label of a binding in the user's language.
pub fn label(bd: &Binding, lang: Lang) -> &'static str {
    lang.pick(bd.zh, bd.en)
}

/// The alternative key, written as `Ctrl+Q`.
pub fn alt_name(bd: &Binding) -> Option<String> {
    bd.alt.map(key_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn printable_characters_never_fire_commands() {
        let map = Keymap::default();
        for &ctx in CONTEXTS {
            for c in ('0'..='9')
                .chain('a'..='z')
                .chain('A'..='Z')
                .chain("-_/ ".chars())
            {
                assert_eq!(
                    map.command_for(ctx, &key(KeyCode::Char(c))),
                    None,
                    "{c} in {ctx:?}"
                );
            }
        }
    }

    #[test]
    fn f_keys_and_their_ctrl_alternatives_agree() {
        let map = Keymap::default();
        assert_eq!(
            map.command_for(Context::Orders, &key(KeyCode::F(10))),
            Some(Command::Quit)
        );
        let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(
            map.command_for(Context::Orders, &ctrl_q),
            Some(Command::Quit)
        );
        assert_eq!(
            map.command_for(Context::Orders, &key(KeyCode::Enter)),
            Some(Command::Open)
        );
    }

    #[test]
    fn every_context_can_quit_has_no_clash_and_labels_exist_in_both_languages() {
        assert!(
            Keymap::from_config(&[]).is_ok(),
            "the defaults do not clash"
        );
        for &ctx in CONTEXTS {
            assert!(defaults(ctx).iter().any(|b| b.command == Command::Quit));
            for bd in defaults(ctx) {
                assert!(!bd.zh.is_empty() && !bd.en.is_empty() && bd.zh != bd.en);
                assert!(!is_printable(bd.key), "{ctx:?} {:?}", bd.command);
            }
        }
        for (cmd, name) in COMMAND_NAMES {
            assert_eq!(Command::from_name(name), Some(*cmd));
        }
    }

    #[test]
    fn an_override_moves_a_command_everywhere_and_bad_entries_are_all_reported() {
        let map = Keymap::from_config(&[("filter".into(), vec!["F11".into(), "alt+f".into()])])
            .expect("valid");
        assert_eq!(
            map.command_for(Context::Orders, &key(KeyCode::F(11))),
            Some(Command::Filter)
        );
        let alt_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::ALT);
        assert_eq!(
            map.command_for(Context::Orders, &alt_f),
            Some(Command::Filter)
        );
        assert_eq!(map.command_for(Context::Orders, &key(KeyCode::F(6))), None);
        let bar = map.bindings(Context::Orders);
        assert!(bar
            .iter()
            .any(|b| b.command == Command::Filter && b.key.code == KeyCode::F(11)));

        let problems = Keymap::from_config(&[
            ("submit".into(), vec!["F9".into(), "Ctrl+J".into()]),
            ("post".into(), vec!["Ctrl+]".into()]),
            ("no_such".into(), vec!["F2".into()]),
            ("save".into(), vec!["x".into()]),
            ("quit".into(), vec!["F99".into()]),
            ("new_order".into(), vec!["Enter".into()]),
        ])
        .unwrap_err();
        let entries: Vec<&str> = problems.iter().map(|p| p.entry.as_str()).collect();
        assert!(entries.contains(&"no_such"), "{problems:?}");
        assert!(
            entries.contains(&"submit") && entries.contains(&"post"),
            "keys a scanner sends are refused: {problems:?}"
        );
        assert!(entries.contains(&"save"), "{problems:?}");
        assert!(entries.contains(&"quit"), "{problems:?}");
        assert!(
            problems.iter().any(|p| p.en.contains("used for both")),
            "Enter is already Open on the order list: {problems:?}"
        );
        for p in &problems {
            assert!(!p.zh.is_empty() && !p.en.is_empty() && p.zh != p.en);
        }
    }

    #[test]
    fn key_names_parse_back() {
        for text in ["F6", "Ctrl+F", "Alt+X", "Enter", "PgDn", "Del", "Shift+Tab"] {
            let k = parse_key(text).expect(text);
            assert_eq!(parse_key(&key_label(k)), Some(k), "{text}");
        }
        assert_eq!(parse_key("F13"), None);
        assert_eq!(parse_key("Ctrl+"), None);
    }
}

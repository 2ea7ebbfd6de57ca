//! The keymap: the one place that says which keys do what on which screen. The
//! behaviour, the key bar at the bottom and the help overlay are all built from it, so
//! nothing is typed twice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;

/// Something the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Help,
    Quit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NextStage,
    PrevStage,
    NextField,
    Login,
    NewOrder,
    Confirm,
    SaveDraft,
    SubmitOrder,
    OneLess,
    RemoveLine,
}

/// Where the keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Login,
    Orders,
    OrderDetail,
    Intake,
    Help,
}

/// One key of the map: the key, an alternative for terminals without F-keys, the
/// command, and its label in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: KeyCode,
    pub alt: Option<(KeyModifiers, KeyCode)>,
    pub command: Command,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the key bar (all bindings are in the help).
    pub in_bar: bool,
}

const fn b(
    key: KeyCode,
    alt: Option<(KeyModifiers, KeyCode)>,
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
    }
}

const CTRL: KeyModifiers = KeyModifiers::CONTROL;

#[rustfmt::skip]
const HELP: Binding = b(KeyCode::F(1), Some((CTRL, KeyCode::Char('g'))), Command::Help, "帮助", "Help", true);
#[rustfmt::skip]
const QUIT: Binding = b(KeyCode::F(10), Some((CTRL, KeyCode::Char('q'))), Command::Quit, "退出", "Quit", true);

// Help and quit come first: at 80 columns the key bar shows them whatever else fits.
#[rustfmt::skip]
const LOGIN: &[Binding] = &[
    HELP,
    QUIT,
    b(KeyCode::Tab, None, Command::NextField, "切换栏位", "Next field", true),
    b(KeyCode::Enter, None, Command::Login, "登录", "Log in", true),
];

#[rustfmt::skip]
const ORDERS: &[Binding] = &[
    HELP,
    QUIT,
    b(KeyCode::F(2), Some((CTRL, KeyCode::Char('o'))), Command::NewOrder, "新订单", "New order", true),
    b(KeyCode::Enter, None, Command::Open, "打开/扫码", "Open/scan", true),
    b(KeyCode::Right, Some((CTRL, KeyCode::Char('n'))), Command::NextStage, "下一状态", "Next stage", true),
    b(KeyCode::Left, Some((CTRL, KeyCode::Char('p'))), Command::PrevStage, "上一状态", "Prev stage", true),
    b(KeyCode::PageDown, None, Command::PageDown, "下一页", "Next page", true),
    b(KeyCode::PageUp, None, Command::PageUp, "上一页", "Prev page", true),
    b(KeyCode::Up, None, Command::Up, "上移", "Up", false),
    b(KeyCode::Down, None, Command::Down, "下移", "Down", false),
];

#[rustfmt::skip]
const DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    b(KeyCode::Esc, None, Command::Back, "返回", "Back", true),
    b(KeyCode::Up, None, Command::Up, "上滚", "Scroll up", false),
    b(KeyCode::Down, None, Command::Down, "下滚", "Scroll down", false),
];

#[rustfmt::skip]
const INTAKE: &[Binding] = &[
    HELP,
    QUIT,
    b(KeyCode::F(5), Some((CTRL, KeyCode::Char('s'))), Command::SaveDraft, "存草稿", "Save", true),
    b(KeyCode::F(9), Some((CTRL, KeyCode::Char('t'))), Command::SubmitOrder, "提交", "Submit", true),
    b(KeyCode::Enter, None, Command::Confirm, "确认", "OK", true),
    b(KeyCode::Tab, None, Command::Confirm, "确认", "OK", false),
    b(KeyCode::F(3), Some((CTRL, KeyCode::Char('k'))), Command::NextField, "客户栏", "Customer", true),
    b(KeyCode::F(8), Some((CTRL, KeyCode::Char('d'))), Command::OneLess, "减一", "-1", true),
    b(KeyCode::Delete, None, Command::RemoveLine, "删除行", "Remove", false),
    b(KeyCode::Esc, None, Command::Back, "返回", "Back", true),
    b(KeyCode::Up, None, Command::Up, "上移", "Up", false),
    b(KeyCode::Down, None, Command::Down, "下移", "Down", false),
];

#[rustfmt::skip]
const HELP_KEYS: &[Binding] = &[
    QUIT,
    b(KeyCode::Esc, None, Command::Back, "关闭帮助", "Close help", true),
];

/// The bindings of a context.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Login => LOGIN,
        Context::Orders => ORDERS,
        Context::OrderDetail => DETAIL,
        Context::Intake => INTAKE,
        Context::Help => HELP_KEYS,
    }
}

/// The command a key asks for in this context. Printable characters without Ctrl or
/// Alt never map to a command: they belong to the focused field or the scan box.
pub fn command_for(ctx: Context, key: &KeyEvent) -> Option<Command> {
    bindings(ctx).iter().find_map(|bd| {
        let main = key.code == bd.key && (key.modifiers - KeyModifiers::SHIFT).is_empty();
        let alt = bd
            .alt
            .is_some_and(|(m, c)| key.modifiers.contains(m) && key.code == c);
        (main || alt).then_some(bd.command)
    })
}

/// How a key is written in the bar and the help.
pub fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Char(c) => c.to_uppercase().to_string(),
        _ => "?".into(),
    }
}

/// The label of a binding in the user's language.
pub fn label(bd: &Binding, lang: Lang) -> &'static str {
    lang.pick(bd.zh, bd.en)
}

/// The alternative key, written as `Ctrl+Q`.
pub fn alt_name(bd: &Binding) -> Option<String> {
    bd.alt.map(|(m, c)| {
        let prefix = if m.contains(KeyModifiers::CONTROL) {
            "Ctrl+"
        } else {
            "Alt+"
        };
        format!("{prefix}{}", key_name(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn printable_characters_never_fire_commands() {
        for ctx in [
            Context::Login,
            Context::Orders,
            Context::OrderDetail,
            Context::Help,
        ] {
            for c in ('0'..='9')
                .chain('a'..='z')
                .chain('A'..='Z')
                .chain("-_/ ".chars())
            {
                assert_eq!(
                    command_for(ctx, &key(KeyCode::Char(c))),
                    None,
                    "{c} in {ctx:?}"
                );
            }
        }
    }

    #[test]
    fn f_keys_and_their_ctrl_alternatives_agree() {
        assert_eq!(
            command_for(Context::Orders, &key(KeyCode::F(10))),
            Some(Command::Quit)
        );
        let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(command_for(Context::Orders, &ctrl_q), Some(Command::Quit));
        assert_eq!(
            command_for(Context::Orders, &key(KeyCode::Enter)),
            Some(Command::Open)
        );
    }

    #[test]
    fn every_context_can_quit_and_labels_exist_in_both_languages() {
        for ctx in [
            Context::Login,
            Context::Orders,
            Context::OrderDetail,
            Context::Help,
        ] {
            assert!(bindings(ctx).iter().any(|b| b.command == Command::Quit));
            for bd in bindings(ctx) {
                assert!(!bd.zh.is_empty() && !bd.en.is_empty() && bd.zh != bd.en);
            }
        }
    }
}

//! Keys as text: the names the config file and the help use, parsed and printed.

use crossterm::event::{KeyCode, KeyModifiers};

use super::commands::{Binding, Key};
use crate::i18n::Lang;

/// Keys a scanner sends as part of a scan: LF (Ctrl+J), CR (Ctrl+M), Tab (Ctrl+I) and
/// the GS1 separator (Ctrl+] or Ctrl+5), and Backspace (Ctrl+H).
pub(super) fn is_scanner_key(key: Key) -> bool {
    key.mods.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('j' | 'm' | 'i' | ']' | '5' | 'h'))
}

pub(super) fn is_printable(key: Key) -> bool {
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

//! The keymap: the one place that says which keys do what on which screen. The
//! behaviour, the key bar at the bottom and the help overlay are all built from it, so
//! nothing is typed twice. The `[keys]` table of the config file can move any command
//! to another key; [`Keymap`] holds the tables with those overrides applied.

use std::collections::HashMap;

use crossterm::event::{KeyEvent, KeyModifiers};

mod after_sales;
mod commands;
mod defaults;
mod keys;

pub use commands::{Binding, Command, Context, Key, COMMAND_NAMES, CONTEXTS};
pub use defaults::defaults;
pub use keys::{alt_name, key_label, key_name, label, parse_key};
use keys::{is_printable, is_scanner_key};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

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

//! Typed and scanned text: what a key does to a text field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Longest scan or typed code kept (a GS1 DataMatrix can pass 80 characters).
pub const MAX_SCAN: usize = 256;

/// What a key did to a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// Not a key for text.
    Ignored,
    Changed,
    /// The end of a scan or entry: Tab or LF (Ctrl+J). Enter and CR come as commands.
    Ended,
}

/// Applies a typed key to a text field: printable characters up to `max`, Backspace,
/// and Ctrl+U clears. The GS1 separator (Ctrl+5 or Ctrl+]) is kept when `gs1` is set.
pub fn type_into(field: &mut String, key: &KeyEvent, max: usize, gs1: bool) -> Typed {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('5') | KeyCode::Char(']') if ctrl && gs1 => {
            if field.chars().count() < max {
                field.push(crate::domain::barcode::GS);
            }
            Typed::Changed
        }
        KeyCode::Char('j') if ctrl => Typed::Ended,
        KeyCode::Char('u') if ctrl => {
            field.clear();
            Typed::Changed
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            if field.chars().count() < max && !c.is_control() {
                field.push(c);
            }
            Typed::Changed
        }
        KeyCode::Backspace => {
            field.pop();
            Typed::Changed
        }
        KeyCode::Tab => Typed::Ended,
        _ => Typed::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_keeps_to_the_limit_and_ends_on_tab_or_lf() {
        let mut s = String::new();
        for c in "12345".chars() {
            assert_eq!(
                type_into(&mut s, &k(KeyCode::Char(c)), 3, false),
                Typed::Changed
            );
        }
        assert_eq!(s, "123");
        assert_eq!(type_into(&mut s, &k(KeyCode::Tab), 3, false), Typed::Ended);
        let lf = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(type_into(&mut s, &lf, 3, false), Typed::Ended);
        assert_eq!(s, "123");
        let clear = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_into(&mut s, &clear, 3, false);
        assert_eq!(s, "");
        let gs = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::CONTROL);
        type_into(&mut s, &gs, 3, true);
        assert_eq!(s, crate::domain::barcode::GS.to_string());
        assert_eq!(
            type_into(&mut s, &k(KeyCode::F(2)), 3, true),
            Typed::Ignored
        );
    }
}

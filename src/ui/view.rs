//! What a screen is to the application: a [`View`] draws itself, turns commands and
//! typed keys into calls of `ops`, and says where to go next with a [`Nav`]. The
//! application keeps a stack of screens, so Esc goes back to where the user came from,
//! with what they had typed there still in place.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

use super::keymap::{Command, Context};
use super::route::Route;
use super::theme::Theme;
use crate::i18n::{Lang, Localized};
use crate::ops::Actor;
use crate::store::Db;

/// Where submitted orders' confirmations go.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub dir: Option<std::path::PathBuf>,
    pub printer: Option<String>,
}

/// A document for the print command: (command, text, document number).
#[derive(Debug, Clone)]
pub struct PrintJob {
    pub command: String,
    pub text: String,
    pub number: String,
}

/// Rows a list fills in a terminal of this height: header, tabs, table borders and
/// header, scan line, status and key bar taken off.
pub fn page_len(height: u16) -> i64 {
    i64::from(height.saturating_sub(8)).max(1)
}

/// Longest scan or typed code kept (a GS1 DataMatrix can pass 80 characters).
pub const MAX_SCAN: usize = 256;

/// What a screen may use while it handles a key: the database, who is logged in, the
/// language, how many list rows fit, and the status line it may set.
pub struct Env<'a> {
    pub db: &'a Db,
    pub actor: &'a Actor,
    pub lang: Lang,
    /// Rows a list fills in the body (a header, tabs and a scan line taken off).
    pub rows: i64,
    pub output: &'a Output,
    /// There is a screen under this one for Esc to go back to.
    pub can_go_back: bool,
    /// The message for the status line, if the view sets one: (text, is an error).
    pub status: Option<(String, bool)>,
    /// The view cleared the status line.
    pub cleared: bool,
    /// The status line showed an error before this key.
    pub shown_error: bool,
    /// Documents to send to the printer, off the drawing thread.
    pub print_jobs: Vec<PrintJob>,
}

impl<'a> Env<'a> {
    pub fn new(db: &'a Db, actor: &'a Actor, lang: Lang, rows: i64, output: &'a Output) -> Env<'a> {
        Env {
            db,
            actor,
            lang,
            rows,
            output,
            can_go_back: false,
            status: None,
            cleared: false,
            shown_error: false,
            print_jobs: Vec::new(),
        }
    }

    /// Clears the status line.
    pub fn clear(&mut self) {
        self.status = None;
        self.cleared = true;
    }

    /// Whether the status line will show an error after this key, as far as it is
    /// known now (an error of an earlier scan in the same burst stays visible).
    pub fn showing_error(&self) -> bool {
        match &self.status {
            Some((_, is_error)) => *is_error,
            None => !self.cleared && self.shown_error,
        }
    }

    /// The time now, as the screens show it (`ops::clock`: fixed in screenshots).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        crate::ops::clock::now()
    }

    pub fn error(&mut self, e: &dyn Localized) {
        self.status = Some((e.localized(self.lang), true));
    }

    /// A message in the user's language: `zh` or `en`.
    pub fn say(&mut self, zh: &str, en: &str, is_error: bool) {
        self.status = Some((self.lang.pick(zh, en).to_string(), is_error));
    }

    pub fn ok(&mut self, text: String) {
        self.status = Some((text, false));
    }

    pub fn warn(&mut self, text: String) {
        self.status = Some((text, true));
    }
}

/// Where the application goes after a key.
pub enum Nav {
    Stay,
    /// Back to the screen underneath (reloaded), or the order list when there is none.
    Back,
    /// A new screen on top; Esc there comes back here.
    Push(Route),
    /// This screen is done: the new one takes its place.
    Replace(Route),
    /// Someone logged in: the session starts over with their screens.
    LoggedIn(Actor),
}

/// Reaching a view's own type (tests look at a screen's state through it).
pub trait AsAny {
    fn as_any(&self) -> &dyn std::any::Any;
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

impl<T: std::any::Any> AsAny for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// A screen. Only `draw` reads the state; every change goes through `command`, `key`,
/// `reload` or `tick`.
pub trait View: AsAny {
    /// A short stable name, for tests and the screenshot script.
    fn name(&self) -> &'static str;
    /// Which keymap applies.
    fn context(&self) -> Context;
    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme);
    /// A command from the keymap.
    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav;
    /// A key that is no command: typed or scanned text for the focused field.
    fn key(&mut self, _key: &KeyEvent, _env: &mut Env) -> Nav {
        Nav::Stay
    }
    /// Reads the data again (on entering, after a change by another session, or after
    /// a screen on top of it closed). Returns false when the database was busy.
    fn reload(&mut self, _env: &mut Env) -> bool {
        true
    }
    /// Called when no key came for a moment; returns whether anything changed.
    fn tick(&mut self, _env: &mut Env) -> bool {
        false
    }
    /// Typed but not saved: quitting or going back asks first.
    fn unsaved(&self) -> bool {
        false
    }
    /// Work waits to be retried (scans for a busy database): the loop ticks sooner.
    fn pending(&self) -> bool {
        false
    }
}

impl dyn View {
    /// The view's state, if it is a `T` (tests look inside screens with it).
    pub fn view<T: 'static>(&self) -> Option<&T> {
        self.as_any().downcast_ref::<T>()
    }

    pub fn view_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.as_any_mut().downcast_mut::<T>()
    }
}

impl std::fmt::Debug for dyn View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

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

/// The route to what a scan or typed code names (an order, a product, a customer), or
/// `None` with the reason on the status line.
pub fn resolve_scan(env: &mut Env, text: &str) -> Option<Route> {
    match crate::ops::find::resolve(env.db, text) {
        Ok(found) => Some(Route::from(found)),
        Err(e) => {
            env.error(&e);
            None
        }
    }
}

/// The bordered block every list and form is drawn in, with its title.
pub fn framed(title: &str, theme: Theme) -> Block<'static> {
    frame(theme).title(Span::styled(format!(" {title} "), theme.title()))
}

/// The bordered block of a table or text without a title.
pub fn frame(theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
}

/// The first row of a page that keeps `selected` visible in `height` rows.
pub fn scroll_start(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
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

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_start(0, 10), 0);
        assert_eq!(scroll_start(9, 10), 0);
        assert_eq!(scroll_start(10, 10), 1);
        assert_eq!(scroll_start(5, 0), 0);
    }
}

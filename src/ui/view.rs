//! What a screen is to the application: a [`View`] draws itself, turns commands and
//! typed keys into calls of `ops`, and says where to go next with a [`Nav`]. The
//! application keeps a stack of screens, so Esc goes back to where the user came from,
//! with what they had typed there still in place.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::{Command, Context};
use super::layers::{Answer, Confirm, Layer, Reply};
use super::route::Route;
use super::theme::Theme;
use crate::i18n::{Lang, Localized};
use crate::ops::Actor;
use crate::ops::Db;

pub use super::widgets::frame::{frame, framed, scroll_start};
pub use super::widgets::text::{type_into, Typed, MAX_SCAN};

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
    /// A layer to open over the view (a pick list that a retried scan needs).
    pub layer: Option<Box<dyn Layer>>,
    /// An error for the bell (when the company rings it): a scan that found nothing.
    pub bell: bool,
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
            layer: None,
            bell: false,
        }
    }

    /// Asks for the bell on this key's error, on a screen that does not ring for every
    /// error (a list's scan box).
    pub fn ring(&mut self) {
        self.bell = true;
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
    /// A layer over this screen (a prompt, a confirmation); its answer comes back
    /// through [`View::answer`].
    Open(Box<dyn Layer>),
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
    /// The answer of a layer this view opened: the text of a prompt, yes to a
    /// confirmation. `Reply::Keep` keeps the layer open (the op refused the answer).
    fn answer(&mut self, _answer: Answer, _env: &mut Env) -> Reply<Nav> {
        Reply::Close(Nav::Stay)
    }
    /// Work waits to be retried (scans for a busy database): the loop ticks sooner.
    fn pending(&self) -> bool {
        false
    }
    /// The tables this screen can export (F12): the list as shown, with its filter,
    /// first; empty when the screen shows no list.
    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        Vec::new()
    }
    /// A screen people scan at without looking (intake, the stock forms, the count):
    /// every error it shows rings the bell when the company has it on.
    fn scans(&self) -> bool {
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

/// Esc on unsaved work: the question on the status line (`zh` or `en`), and the
/// confirmation that a second Esc answers (the view's `answer` then goes back).
pub fn ask_discard(env: &mut Env, zh: &str, en: &str) -> Nav {
    env.say(zh, en, true);
    Nav::Open(Box::new(Confirm::discard()))
}

/// The reply of a view whose only layer is the discard confirmation: yes goes back.
pub fn discarded(answer: Answer) -> Reply<Nav> {
    match answer {
        Answer::Yes => Reply::Close(Nav::Back),
        _ => Reply::Close(Nav::Stay),
    }
}

/// The route to what a scan or typed code names (an order, a product, a customer), or
/// `None` with the reason on the status line.
pub fn resolve_scan(env: &mut Env, text: &str) -> Option<Route> {
    match crate::ops::find::resolve(env.db, text) {
        Ok(found) => Some(Route::from(found)),
        Err(e) => {
            env.error(&e);
            env.ring();
            None
        }
    }
}

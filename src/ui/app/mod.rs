//! The application state and its update: keys become commands through the keymap,
//! commands change the state, and `draw` only reads the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::keymap::{self, Command, Context, Keymap};
use super::layers::{self, Layer, Reply, Step};
use super::route::Route;
use super::router;
use super::theme::Theme;
use super::view::{Env, Nav, PrintJob, View};
use crate::bi;
use crate::domain::access::Permission;
use crate::i18n::{Lang, Localized};
use crate::ops::Db;
use crate::ops::{self, Actor};

pub use super::view::Output;

/// Smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// How many screens Esc can go back through.
const MAX_DEPTH: usize = 24;

/// What a view did to the status line: nothing, or set it (`None`: cleared it).
type Said = Option<Option<(String, bool)>>;

mod draw;

/// The whole application.
pub struct App {
    pub db: Db,
    pub lang: Lang,
    pub theme: Theme,
    pub company: String,
    pub actor: Option<Actor>,
    /// Stands for the user before anyone logged in (the login screen only).
    nobody: Actor,
    /// What the user may do, read once at login: the key bar and the help show only
    /// these keys (a courtesy; `ops` checks every operation).
    pub permissions: Vec<Permission>,
    pub screen: Box<dyn View>,
    /// Prompts, confirmations and the help over the screen, the top one last.
    pub layers: Vec<Box<dyn Layer>>,
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// Rows that fit in the list, from the last draw.
    pub page_len: i64,
    /// The terminal's width: a longer message opens in full over the screen.
    pub width: u16,
    /// The last message opened in full, so that it opens once.
    shown_in_full: Option<String>,
    pub output: Output,
    pub keys: Keymap,
    /// The screens under the current one; Esc goes back to the last.
    pub stack: Vec<Box<dyn View>>,
    /// Quit was pressed once while some screen had unsaved work.
    confirm_quit: bool,
    /// Print jobs report here from their threads: (message, is an error).
    print_tx: std::sync::mpsc::Sender<(String, bool)>,
    print_rx: std::sync::mpsc::Receiver<(String, bool)>,
    /// Print jobs not finished yet.
    pub printing: usize,
    /// Exports being written on their own threads, where they report, and the threads,
    /// which quitting waits for so that no file is left half-written.
    pub exporting: usize,
    export_tx: std::sync::mpsc::Sender<(String, bool)>,
    export_rx: std::sync::mpsc::Receiver<(String, bool)>,
    export_threads: Vec<std::thread::JoinHandle<()>>,
    data_version: i64,
    /// The company rings the bell on scan errors (read again at each error).
    error_bell: bool,
    /// Bells asked for so far, and how many the terminal was sent.
    bells_asked: usize,
    bells_sent: usize,
}

impl App {
    pub fn new(db: Db, lang: Lang, theme: Theme) -> App {
        // One row: the screens must start fast on a database of millions of orders.
        let company = ops::setup::company_name(&db).unwrap_or_default();
        let demo = ops::setup::is_demo(&db).unwrap_or(false);
        let data_version = db.data_version().unwrap_or(0);
        let (print_tx, print_rx) = std::sync::mpsc::channel();
        let (export_tx, export_rx) = std::sync::mpsc::channel();
        App {
            db,
            lang,
            theme,
            screen: router::login_screen(&company, demo),
            company,
            actor: None,
            nobody: Actor::new(0, String::new(), String::new(), Vec::new()),
            permissions: Vec::new(),
            layers: Vec::new(),
            status: None,
            quit: false,
            page_len: super::view::page_len(MIN_HEIGHT),
            width: MIN_WIDTH,
            shown_in_full: None,
            output: Output::default(),
            keys: Keymap::default(),
            stack: Vec::new(),
            confirm_quit: false,
            print_tx,
            print_rx,
            printing: 0,
            exporting: 0,
            export_tx,
            export_rx,
            export_threads: Vec::new(),
            data_version,
            error_bell: false,
            bells_asked: 0,
            bells_sent: 0,
        }
    }

    /// How many times an error asked for the bell (the tests read it).
    pub fn bells_asked(&self) -> usize {
        self.bells_asked
    }

    /// Whether the bell is due: an error asked for it since the last frame. However
    /// many errors a burst of scans met, the terminal rings once per frame.
    pub fn take_bell(&mut self) -> bool {
        let due = self.bells_asked > self.bells_sent;
        self.bells_sent = self.bells_asked;
        due
    }

    /// An error was shown: on a scan screen (or by a scan box) it rings the bell, if
    /// the company has it on. The setting is read now, so that a change by an
    /// administrator counts at once; a busy database keeps the last answer.
    fn error_shown(&mut self, scan_box: bool) {
        if !(scan_box || self.screen.scans()) || self.actor.is_none() {
            return;
        }
        self.error_bell = ops::setup::error_bell(&self.db).unwrap_or(self.error_bell);
        if self.error_bell {
            self.bells_asked += 1;
        }
    }

    /// The keymap in force: the top layer's, or the screen's.
    fn context(&self) -> Context {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.context())
            .unwrap_or_else(|| self.screen.context())
    }

    /// The name of the top layer, if one is open.
    pub fn top_layer(&self) -> Option<&'static str> {
        self.layers.last().map(|l| l.name())
    }

    /// Whether leaving this screen would lose typing: in the screen or a layer over it.
    fn unsaved_here(&self) -> bool {
        self.screen.unsaved() || self.layers.iter().any(|l| l.unsaved())
    }

    /// Runs `f` with the current view and an environment. Returns what `f` returned
    /// and what it did to the status line; documents it queued for the printer are
    /// sent.
    fn with_env<R>(&mut self, f: impl FnOnce(&mut dyn View, &mut Env) -> R) -> (R, Said) {
        let actor = self.actor.as_ref().unwrap_or(&self.nobody);
        let mut env = Env::new(&self.db, actor, self.lang, self.page_len, &self.output);
        env.can_go_back = !self.stack.is_empty();
        env.shown_error = matches!(self.status, Some((_, true)));
        let r = f(self.screen.as_mut(), &mut env);
        let said = match env.status {
            Some(st) => Some(Some(st)),
            None if env.cleared => Some(None),
            None => None,
        };
        let layer = env.layer.take();
        let print_jobs = std::mem::take(&mut env.print_jobs);
        let scan_box = env.bell;
        for job in print_jobs {
            self.print_in_background(job);
        }
        if let Some(layer) = layer {
            self.layers.push(layer);
        }
        if matches!(said, Some(Some((_, true)))) || scan_box {
            self.error_shown(scan_box);
        }
        (r, said)
    }

    /// Runs `f` with the current view and an environment; the status it sets is shown.
    fn with_view<R>(&mut self, f: impl FnOnce(&mut dyn View, &mut Env) -> R) -> R {
        let (r, said) = self.with_env(f);
        if let Some(st) = said {
            self.status = st;
        }
        r
    }

    /// A key handled by the current view, then the move it asked for. A message of the
    /// screen being left is not carried to the next one; one the view just set is.
    fn view_step(&mut self, f: impl FnOnce(&mut dyn View, &mut Env) -> Nav) {
        let (nav, said) = self.with_env(f);
        self.show(said, &nav);
        self.go(nav);
    }

    /// What a view said on the status line, as it moves on: a message of the screen
    /// being left is not carried to the next one.
    fn show(&mut self, said: Said, nav: &Nav) {
        match said {
            Some(st) => self.status = st,
            None if !matches!(nav, Nav::Stay | Nav::Open(_)) => self.status = None,
            None => {}
        }
    }

    /// What the top layer did with a key.
    fn layer_step(&mut self, step: Step, key: KeyEvent) {
        match step {
            Step::Stay => {}
            Step::Close => {
                self.layers.pop();
            }
            Step::Dismiss => {
                self.layers.pop();
                self.key_in(key);
            }
            Step::Answer(answer) if self.run_export(&answer) => {}
            Step::Answer(answer) => {
                let depth = self.layers.len();
                let (reply, said) = self.with_env(|v, env| v.answer(answer, env));
                let nav = match reply {
                    Reply::Close(nav) => {
                        // The layer that answered: one the answer opened stays on top.
                        if depth > 0 && depth <= self.layers.len() {
                            self.layers.remove(depth - 1);
                        }
                        nav
                    }
                    Reply::Keep => Nav::Stay,
                };
                self.show(said, &nav);
                self.go(nav);
            }
        }
    }

    /// Goes where a view asked.
    fn go(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Back => self.back(),
            Nav::Push(route) => {
                if let Some(v) = self.open(route) {
                    self.push(v);
                }
            }
            Nav::Replace(route) => {
                if let Some(v) = self.open(route) {
                    self.screen = v;
                    self.entered();
                }
            }
            Nav::LoggedIn(actor) => self.logged_in(actor),
            Nav::Open(layer) => self.layers.push(layer),
        }
    }

    /// The view of a route; when it cannot open, the user stays where they are and the
    /// status line says why.
    fn open(&mut self, route: Route) -> Option<Box<dyn View>> {
        let actor = self.actor.as_ref().unwrap_or(&self.nobody);
        let mut env = Env::new(&self.db, actor, self.lang, self.page_len, &self.output);
        env.can_go_back = true;
        let opened = router::open(route, &mut env);
        let scan_box = env.bell;
        if let Some(st) = env.status {
            self.status = Some(st);
        }
        if scan_box {
            self.error_shown(true);
        }
        match opened {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(&e);
                None
            }
        }
    }

    /// Opens a route on top of the current screen (the tests go straight to a screen
    /// with it); when it cannot open, the status line says why.
    pub fn go_to(&mut self, route: Route) {
        self.go(Nav::Push(route));
        self.open_long_status();
    }

    /// Opens a screen on top of the current one.
    pub fn push(&mut self, v: Box<dyn View>) {
        let old = std::mem::replace(&mut self.screen, v);
        self.stack.push(old);
        if self.stack.len() > MAX_DEPTH {
            // The oldest screen without unsaved work is dropped.
            if let Some(i) = self.stack.iter().position(|s| !s.unsaved()) {
                self.stack.remove(i);
            }
        }
        self.entered();
    }

    /// Back to the screen underneath, read again; the order list when there is none.
    fn back(&mut self) {
        self.screen = self.stack.pop().unwrap_or_else(router::home);
        self.entered();
    }

    /// A screen was just shown: the layers of the one before are gone, and it reads
    /// its data.
    fn entered(&mut self) {
        self.layers.clear();
        self.reload();
    }

    /// Reads the current screen's data again. Returns false when the database was busy.
    pub fn reload(&mut self) -> bool {
        if self.actor.is_none() {
            return true;
        }
        self.with_view(|v, env| v.reload(env))
    }

    fn error(&mut self, e: &dyn Localized) {
        self.status = Some((e.localized(self.lang), true));
    }

    /// Handles one key. Key releases are ignored (terminals that report them would
    /// otherwise type every character twice).
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.key_in(key);
        self.open_long_status();
    }

    /// A message wider than the status line opens in full over the screen until the
    /// next key: a message is never only cut.
    fn open_long_status(&mut self) {
        let Some((text, is_error)) = &self.status else {
            return;
        };
        let fits = crate::domain::text::display_width(text) <= usize::from(self.width);
        if fits || self.shown_in_full.as_ref() == Some(text) {
            return;
        }
        self.shown_in_full = Some(text.clone());
        self.layers.push(Box::new(layers::Message {
            text: text.clone(),
            is_error: *is_error,
        }));
    }

    /// A key for the top layer, or the screen when there is none.
    fn key_in(&mut self, key: KeyEvent) {
        let cmd = self.keys.command_for(self.context(), &key);
        if cmd != Some(Command::Quit) {
            self.confirm_quit = false;
        }
        match cmd {
            Some(Command::Quit) => self.quit_asked(),
            Some(Command::Help) => self.open_help(),
            Some(Command::Menu) if self.actor.is_some() && self.screen.name() != "menu" => {
                self.go(Nav::Push(Route::Menu));
            }
            Some(Command::Export) if self.layers.is_empty() && self.actor.is_some() => {
                self.open_export();
            }
            // The top layer first; the screen when there is none.
            Some(cmd) => match self.layers.last_mut() {
                Some(layer) => {
                    let step = layer.command(cmd);
                    self.layer_step(step, key);
                }
                None => self.view_step(|v, env| v.command(cmd, env)),
            },
            None => self.type_key(key),
        }
    }

    /// The export layer over the screen, with the tables the screen offers.
    fn open_export(&mut self) {
        let (sources, _) = self.with_env(|v, env| v.export(env));
        if sources.is_empty() {
            self.status = Some((
                self.lang
                    .pick(
                        "这个画面没有可导出的列表。",
                        "This screen has no list to export.",
                    )
                    .to_string(),
                true,
            ));
            return;
        }
        let layer = layers::ExportLayer::new(sources, self.output.dir.clone());
        self.layers.push(Box::new(layer));
    }

    /// Runs the export the top layer's answer asks for: checked here (permission,
    /// folder), the layer stays open with the reason when refused; else it closes and
    /// the rows are written on a thread of their own, which reports through `tick`.
    /// False when the top layer is not the export layer.
    fn run_export(&mut self, answer: &layers::Answer) -> bool {
        let Some(layer) = self.layers.last_mut() else {
            return false;
        };
        let Some(req) = layer.export(answer) else {
            return false;
        };
        let actor = self.actor.clone().unwrap_or_else(|| self.nobody.clone());
        let prepared = ops::export::prepare(
            &self.db,
            &actor,
            req.source.as_ref(),
            req.format,
            &req.target,
            self.lang,
        );
        match prepared {
            Ok(prepared) => {
                self.layers.pop();
                self.status = Some((
                    bi!(
                        self.lang,
                        "正在导出到 {}…",
                        "Exporting to {}…",
                        prepared.path().display()
                    ),
                    false,
                ));
                self.export_in_background(actor, req.source, prepared);
            }
            Err(e) => {
                self.status = Some((e.localized(self.lang), true));
                if let Some(l) = self.layers.last_mut() {
                    l.export_refused(&e, req);
                }
            }
        }
        true
    }

    /// Writes a prepared export on its own thread with its own connection to the file
    /// (in the same journal mode): a hundred thousand rows take seconds, and the screen
    /// must not freeze meanwhile. The result arrives through `tick`.
    fn export_in_background(
        &mut self,
        actor: Actor,
        source: Box<dyn ops::export::Source>,
        prepared: ops::export::Prepared,
    ) {
        let file = ops::export::SameFile::of(&self.db);
        let tx = self.export_tx.clone();
        let lang = self.lang;
        self.exporting += 1;
        let handle = std::thread::spawn(move || {
            let written = file
                .open()
                .and_then(|db| ops::export::write(&db, &actor, source.as_ref(), prepared));
            let msg = match written {
                Ok(done) => (
                    bi!(
                        lang,
                        "已导出 {} 行到 {}",
                        "Exported {} rows to {}",
                        done.rows,
                        done.path.display()
                    ),
                    false,
                ),
                Err(e) => (
                    bi!(
                        lang,
                        "导出失败，没有留下文件：{}",
                        "The export failed and left no file: {}",
                        e.localized(lang)
                    ),
                    true,
                ),
            };
            // The screen may be gone (the user quit): nobody waits for the answer then.
            let _ = tx.send(msg);
        });
        self.export_threads.push(handle);
    }

    /// The help over what is shown: its keys, then the help's own.
    fn open_help(&mut self) {
        let ctx = self.context();
        let help = layers::Help::new(
            self.shown_bindings(ctx)
                .chain(self.shown_bindings(Context::Help)),
        );
        self.layers.push(Box::new(help));
    }

    /// Pasted text goes to the focused field as typed characters; line breaks and other
    /// control characters are dropped, so a pasted block never submits or moves on.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' || c == '\r' || c == '\t' {
                self.type_key(KeyEvent::from(KeyCode::Char(' ')));
            } else if !c.is_control() {
                self.type_key(KeyEvent::from(KeyCode::Char(c)));
            }
        }
        self.open_long_status();
    }

    /// A key that is not a command: text for the focused field or the scan box. A scan
    /// may end in CR (handled as Enter), LF (Ctrl+J) or Tab.
    fn type_key(&mut self, key: KeyEvent) {
        match self.layers.last_mut() {
            Some(layer) => {
                let step = layer.key(&key);
                self.layer_step(step, key);
            }
            None => self.view_step(|v, env| v.key(&key, env)),
        }
    }

    /// Quit: at once, or when some screen holds unsaved work, on the second press.
    fn quit_asked(&mut self) {
        let unsaved = self.unsaved_here() || self.stack.iter().any(|v| v.unsaved());
        if unsaved && !self.confirm_quit {
            self.confirm_quit = true;
            self.status = Some((
                self.lang
                    .pick(
                        "有未保存的修改：请先保存，或再按一次 F10 退出。",
                        "Unsaved changes: save them first, or press F10 again to quit.",
                    )
                    .to_string(),
                true,
            ));
        } else {
            self.quit = true;
        }
    }

    fn logged_in(&mut self, actor: Actor) {
        self.status = Some((
            bi!(self.lang, "欢迎，{}", "Welcome, {}", actor.display_name()),
            false,
        ));
        self.permissions = held_permissions(&self.db, &actor);
        self.actor = Some(actor);
        self.stack.clear();
        self.screen = router::home_for(&self.permissions);
        self.entered();
    }

    /// Called when no key came for a moment: retries work the screen queued (scans
    /// for a busy database) and reports finished print jobs.
    pub fn tick(&mut self) -> bool {
        let printed = self.collect_print_results();
        let ticked = self.actor.is_some() && self.with_view(|v, env| v.tick(env));
        self.open_long_status();
        printed || ticked
    }

    /// Whether scans wait for the database or a document for the printer (the loop
    /// then ticks more often).
    pub fn has_pending(&self) -> bool {
        self.printing > 0 || self.exporting > 0 || self.screen.pending()
    }

    /// Sends a document to the print command on its own thread: a printer command that
    /// hangs must not freeze the screen. The result arrives through `tick`.
    fn print_in_background(&mut self, job: PrintJob) {
        let tx = self.print_tx.clone();
        let lang = self.lang;
        self.printing += 1;
        std::thread::spawn(move || {
            let msg = match crate::print::send_to_printer(&job.command, &job.text) {
                Ok(()) => (
                    bi!(
                        lang,
                        "{} 已送打印机",
                        "{} was sent to the printer",
                        job.number
                    ),
                    false,
                ),
                Err(e) => (
                    bi!(
                        lang,
                        "{} 打印失败：{}",
                        "{} could not be printed: {}",
                        job.number,
                        e.localized(lang)
                    ),
                    true,
                ),
            };
            // The screen may be gone (the user quit): nobody waits for the answer then.
            let _ = tx.send(msg);
        });
    }

    /// Shows the outcome of finished print jobs and exports; true when one finished.
    fn collect_print_results(&mut self) -> bool {
        let mut any = false;
        while let Ok(msg) = self.export_rx.try_recv() {
            self.exporting = self.exporting.saturating_sub(1);
            self.export_threads.retain(|h| !h.is_finished());
            self.status = Some(msg);
            any = true;
        }
        while let Ok(msg) = self.print_rx.try_recv() {
            self.printing = self.printing.saturating_sub(1);
            self.status = Some(msg);
            any = true;
        }
        any
    }

    /// The terminal's size changed: the width decides whether a message fits the
    /// status line; as many rows as fit are read again.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.width = width;
        self.set_height(height);
    }

    /// The terminal's height changed: as many rows as fit are read again.
    pub fn set_height(&mut self, height: u16) {
        let want = super::view::page_len(height);
        if want != self.page_len {
            self.page_len = want;
            self.reload();
        }
    }

    /// Called when no key came for a while: reloads the screen when another session
    /// committed (PRAGMA data_version). Returns whether anything may have changed.
    pub fn refresh_if_changed(&mut self) -> bool {
        match self.db.data_version() {
            Ok(v) if v != self.data_version => {
                // A screen with unsaved typing is not read again under the user's hands.
                if self.unsaved_here() {
                    return false;
                }
                // Recorded only once the screen is read again: a busy database retries.
                if self.reload() {
                    self.data_version = v;
                }
                true
            }
            _ => false,
        }
    }

    /// The bindings of a context this user may use.
    fn shown_bindings(&self, ctx: Context) -> impl Iterator<Item = keymap::Binding> + '_ {
        self.keys
            .bindings(ctx)
            .into_iter()
            .filter(|b| b.shown_to(&self.permissions))
    }
}

impl Drop for App {
    /// Waits for the exports still being written: a file is never left half-written
    /// (its temporary file) because the user quit.
    fn drop(&mut self) {
        for h in self.export_threads.drain(..) {
            let _ = h.join();
        }
    }
}

/// The permissions the user holds, read through `ops` once at login. When the database
/// cannot say (busy), every key stays shown: hiding is a courtesy, `ops` decides.
fn held_permissions(db: &Db, actor: &Actor) -> Vec<Permission> {
    let mut held = Vec::new();
    for p in Permission::ALL {
        match ops::users::allowed(db, actor, p) {
            Ok(true) => held.push(p),
            Ok(false) => {}
            Err(_) => return Permission::ALL.to_vec(),
        }
    }
    held
}

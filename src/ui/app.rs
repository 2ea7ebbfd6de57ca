//! The application state and its update: keys become commands through the keymap,
//! commands change the state, and `draw` only reads the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::keymap::{self, Command, Context, Keymap};
use super::screens::{intake, login, menu, order_detail, orders};
use super::theme::Theme;
use super::view::{Env, Nav, View};
use crate::bi;
use crate::i18n::{Lang, Localized};
use crate::ops::{self, Actor};
use crate::store::Db;

/// Smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// How many screens Esc can go back through.
const MAX_DEPTH: usize = 24;

/// Which screen is shown.
pub enum Screen {
    Login(login::LoginForm),
    Intake(Box<intake::IntakeForm>),
    /// Every other screen, through the [`View`] interface.
    View(Box<dyn View>),
}

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Screen {
    /// The screen's name: `orders`, `order-detail`, `intake`, or the view's own.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Login(_) => "login",
            Screen::Intake(_) => "intake",
            Screen::View(v) => v.name(),
        }
    }

    fn unsaved(&self) -> bool {
        match self {
            Screen::Intake(f) => f.unsaved(),
            Screen::View(v) => v.unsaved(),
            _ => false,
        }
    }

    /// The order detail screen of an order.
    pub fn order_detail(db: &Db, id: i64) -> Result<Screen, ops::Error> {
        order_detail::DetailView::open(db, id)
    }

    /// The order list, all stages, newest first.
    pub fn orders() -> Screen {
        Screen::View(Box::new(orders::OrdersScreen::default()))
    }

    /// The state of the view shown, if it is a `T` (tests look inside screens with it).
    pub fn view<T: 'static>(&self) -> Option<&T> {
        match self {
            Screen::View(v) => v.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn view_mut<T: 'static>(&mut self) -> Option<&mut T> {
        match self {
            Screen::View(v) => v.as_any_mut().downcast_mut::<T>(),
            _ => None,
        }
    }
}

/// Where submitted orders' confirmations go.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub dir: Option<std::path::PathBuf>,
    pub printer: Option<String>,
}

/// The notice shown while scans wait for a busy database.
pub(super) fn scans_waiting(lang: Lang, n: usize) -> String {
    bi!(
        lang,
        "数据库正忙，等待中……已排队 {} 次扫码，不会丢失",
        "The database is busy; waiting… {} scans queued, none will be lost",
        n
    )
}

/// The whole application.
pub struct App {
    pub db: Db,
    pub lang: Lang,
    pub theme: Theme,
    pub company: String,
    pub actor: Option<Actor>,
    pub screen: Screen,
    pub help: bool,
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// Rows that fit in the list, from the last draw.
    pub page_len: i64,
    pub output: Output,
    pub keys: Keymap,
    /// The screens under the current one; Esc goes back to the last.
    pub stack: Vec<Screen>,
    /// Quit was pressed once while some screen had unsaved work.
    confirm_quit: bool,
    /// Print jobs report here from their threads: (message, is an error).
    pub(super) print_tx: std::sync::mpsc::Sender<(String, bool)>,
    pub(super) print_rx: std::sync::mpsc::Receiver<(String, bool)>,
    /// Print jobs not finished yet.
    pub printing: usize,
    data_version: i64,
}

impl App {
    pub fn new(db: Db, lang: Lang, theme: Theme) -> App {
        // One row: the screens must start fast on a database of millions of orders.
        let company = ops::setup::company_name(&db).unwrap_or_default();
        let data_version = db.data_version().unwrap_or(0);
        let (print_tx, print_rx) = std::sync::mpsc::channel();
        App {
            db,
            lang,
            theme,
            company,
            actor: None,
            screen: Screen::Login(login::LoginForm::default()),
            help: false,
            status: None,
            quit: false,
            page_len: orders::page_len(MIN_HEIGHT),
            output: Output::default(),
            keys: Keymap::default(),
            stack: Vec::new(),
            confirm_quit: false,
            print_tx,
            print_rx,
            printing: 0,
            data_version,
        }
    }

    fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        self.screen_context()
    }

    fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Login(_) => Context::Login,
            Screen::Intake(_) => Context::Intake,
            Screen::View(v) => v.context(),
        }
    }

    /// Runs `f` with the current view and an environment; the status it sets is shown.
    fn with_view<R>(&mut self, f: impl FnOnce(&mut dyn View, &mut Env) -> R) -> Option<R> {
        let Screen::View(view) = &mut self.screen else {
            return None;
        };
        let actor = self.actor.as_ref()?;
        let mut env = Env::new(&self.db, actor, self.lang, self.page_len, &self.output);
        env.can_go_back = !self.stack.is_empty();
        let r = f(view.as_mut(), &mut env);
        if let Some(st) = env.status {
            self.status = Some(st);
        }
        Some(r)
    }

    /// A key handled by the current view, then the move it asked for. A message of the
    /// screen being left is not carried to the next one; one the view just set is.
    fn view_step(&mut self, f: impl FnOnce(&mut dyn View, &mut Env) -> Nav) {
        let old = self.status.take();
        let Some(nav) = self.with_view(f) else {
            self.status = old;
            return;
        };
        if matches!(nav, Nav::Stay) && self.status.is_none() {
            self.status = old;
        }
        self.go(nav);
    }

    /// Goes where a view asked.
    fn go(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Back => self.back(),
            Nav::Push(s) => self.push(s),
            Nav::Replace(s) => {
                self.screen = s;
                self.entered();
            }
        }
    }

    /// Opens a screen on top of the current one.
    pub fn push(&mut self, s: Screen) {
        let old = std::mem::replace(&mut self.screen, s);
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
        self.screen = self.stack.pop().unwrap_or_else(Screen::orders);
        self.reload();
    }

    /// A screen was just shown: it reads its data.
    fn entered(&mut self) {
        self.reload();
    }

    /// Reads the current screen's data again. Returns false when the database was busy.
    pub fn reload(&mut self) -> bool {
        match &self.screen {
            Screen::View(_) => self.with_view(|v, env| v.reload(env)).unwrap_or(true),
            _ => true,
        }
    }

    pub(super) fn error(&mut self, e: &dyn Localized) {
        self.status = Some((e.localized(self.lang), true));
    }

    /// Handles one key. Key releases are ignored (terminals that report them would
    /// otherwise type every character twice).
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let mut cmd = self.keys.command_for(self.context(), &key);
        if self.help && !matches!(cmd, Some(Command::Back) | Some(Command::Quit)) {
            // Any other key closes the help and goes to the screen, so a scan typed
            // while the help is open is not lost in a hidden field.
            self.help = false;
            cmd = self.keys.command_for(self.context(), &key);
        }
        if cmd != Some(Command::Quit) {
            self.confirm_quit = false;
        }
        if let Screen::Intake(form) = &mut self.screen {
            if !matches!(cmd, Some(Command::Back) | Some(Command::Quit)) {
                form.confirm_discard = false;
            }
        }
        match cmd {
            Some(cmd) => self.run(cmd),
            None => self.type_key(key),
        }
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
    }

    /// A key that is not a command: text for the focused field or the scan box. A scan
    /// may end in CR (handled as Enter), LF (Ctrl+J) or Tab.
    fn type_key(&mut self, key: KeyEvent) {
        let ctrl_j =
            key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL);
        match &mut self.screen {
            Screen::Login(form) => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    form.type_char(c)
                }
                KeyCode::Backspace => form.backspace(),
                _ if ctrl_j => self.run(Command::Login),
                _ => {}
            },
            Screen::Intake(form) => {
                if form.type_key(&key) {
                    self.run(Command::Confirm);
                }
            }
            Screen::View(_) => self.view_step(|v, env| v.key(&key, env)),
        }
    }

    fn run(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => {
                let unsaved = self.screen.unsaved() || self.stack.iter().any(Screen::unsaved);
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
            Command::Help => self.help = true,
            Command::Back if self.help => self.help = false,
            Command::Menu if self.actor.is_some() && self.screen.name() != "menu" => {
                self.push(Screen::View(Box::new(menu::Menu::default())));
            }
            _ if matches!(self.screen, Screen::View(_)) => {
                self.view_step(|v, env| v.command(cmd, env))
            }
            // The line editor and the product pick list of the intake screen take
            // their own keys while open.
            Command::Back
            | Command::SaveDraft
            | Command::SubmitOrder
            | Command::Up
            | Command::Down
                if matches!(&self.screen, Screen::Intake(f) if f.line_edit.is_some() || !f.picks.is_empty()) =>
            {
                let Screen::Intake(f) = &mut self.screen else {
                    return;
                };
                match cmd {
                    Command::Back => {
                        f.line_edit = None;
                        f.picks.clear();
                    }
                    Command::Up if !f.picks.is_empty() => f.pick = f.pick.saturating_sub(1),
                    Command::Down if !f.picks.is_empty() => {
                        f.pick = (f.pick + 1).min(f.picks.len() - 1)
                    }
                    Command::Up | Command::Down => {
                        if let Some(e) = &mut f.line_edit {
                            e.move_focus(cmd == Command::Down);
                        }
                    }
                    _ if f.line_edit.is_some() => self.apply_line_edit(),
                    _ => {}
                }
            }
            Command::Edit => {
                if let Screen::Intake(f) = &mut self.screen {
                    if f.submitted {
                        return;
                    }
                    f.edit_line();
                }
            }
            Command::Back => match &mut self.screen {
                // Esc never throws away unsaved work without asking: the second Esc does.
                Screen::Intake(form) if form.unsaved() && !form.confirm_discard => {
                    form.confirm_discard = true;
                    self.status = Some((
                        self.lang
                            .pick(
                                "有未保存的修改：F5 保存，再按一次 Esc 放弃。",
                                "Unsaved changes: F5 saves, Esc again discards them.",
                            )
                            .to_string(),
                        true,
                    ));
                }
                Screen::Intake(_) => {
                    self.status = None;
                    self.back();
                }
                _ => {}
            },
            Command::NewOrder => self.new_order(),
            Command::Confirm => self.confirm_field(),
            Command::SaveDraft => {
                self.save_draft();
            }
            Command::SubmitOrder => self.submit(),
            Command::OneLess => {
                if let Screen::Intake(f) = &mut self.screen {
                    f.one_less();
                }
            }
            Command::RemoveLine => {
                if let Screen::Intake(f) = &mut self.screen {
                    f.remove_selected();
                }
            }
            Command::NextField | Command::PrevField => match &mut self.screen {
                Screen::Login(f) => f.next_field(),
                Screen::Intake(f) => {
                    // Leaving the customer field chooses the customer typed there.
                    let typed = f.focus == intake::Focus::Customer
                        && f.line_edit.is_none()
                        && !f.customer_input.trim().is_empty()
                        && f.customer.as_ref().map(|c| c.0.as_str())
                            != Some(f.customer_input.trim());
                    if typed {
                        self.confirm_field();
                        let Screen::Intake(f) = &mut self.screen else {
                            return;
                        };
                        if f.focus == intake::Focus::Scan && cmd == Command::NextField {
                            f.focus = intake::Focus::Head;
                            f.head.focus = 0;
                        }
                    } else {
                        f.move_focus(cmd == Command::NextField);
                    }
                }
                _ => {}
            },
            Command::ChoiceNext | Command::ChoicePrev | Command::ClearField => {
                if let Screen::Intake(f) = &mut self.screen {
                    f.command(cmd);
                }
            }
            Command::Login => self.login(),
            Command::OsLogin => self.login_os_user(),
            Command::Up | Command::Down => {
                if let Screen::Intake(f) = &mut self.screen {
                    if cmd == Command::Down && f.selected + 1 < f.lines.len() {
                        f.selected += 1;
                    } else if cmd == Command::Up {
                        f.selected = f.selected.saturating_sub(1);
                    }
                }
            }
            _ => {}
        }
    }

    fn new_order(&mut self) {
        let Some(actor) = &self.actor else { return };
        let mut env = Env::new(&self.db, actor, self.lang, self.page_len, &self.output);
        match intake::new_order(&mut env) {
            Ok(form) => {
                self.status = None;
                match &self.screen {
                    // A submitted order's form is done: the next order takes its place.
                    Screen::Intake(f) if f.submitted => self.screen = form,
                    _ => self.push(form),
                }
            }
            Err(e) => self.error(&e),
        }
    }

    fn login(&mut self) {
        let Screen::Login(form) = &mut self.screen else {
            return;
        };
        if form.field == 0 && form.password.is_empty() {
            form.next_field();
            return;
        }
        match ops::auth::login(&self.db, &form.username, &form.password) {
            Ok(actor) => self.logged_in(actor),
            Err(e) => {
                form.password.clear();
                self.error(&e);
            }
        }
    }

    /// Logs in as the user mapped to the operating-system account running this
    /// program (for a shared server where each clerk has their own SSH login).
    fn login_os_user(&mut self) {
        let Some(os_user) = ops::auth::current_os_user() else {
            self.status = Some((
                self.lang
                    .pick(
                        "无法确定系统账号。",
                        "The operating-system account is unknown.",
                    )
                    .to_string(),
                true,
            ));
            return;
        };
        match ops::auth::login_os_user(&self.db, &os_user) {
            Ok(actor) => self.logged_in(actor),
            Err(ops::Error::NotFound { .. }) => {
                self.status = Some((
                    bi!(
                        self.lang,
                        "系统账号“{}”没有对应的用户，请输入用户名和密码。",
                        "No user is mapped to the operating-system account \"{}\"; type your user name and password.",
                        os_user
                    ),
                    true,
                ))
            }
            Err(e) => self.error(&e),
        }
    }

    fn logged_in(&mut self, actor: Actor) {
        self.status = Some((
            bi!(self.lang, "欢迎，{}", "Welcome, {}", actor.display_name()),
            false,
        ));
        self.actor = Some(actor);
        self.stack.clear();
        self.screen = Screen::orders();
        self.reload();
    }

    /// The terminal's height changed: as many rows as fit are read again.
    pub fn set_height(&mut self, height: u16) {
        let want = orders::page_len(height);
        if want != self.page_len {
            self.page_len = want;
            self.reload();
        }
    }

    /// Called when no key came for a while: reloads the screen when another session
    /// committed (PRAGMA data_version). Returns whether anything may have changed.
    pub fn refresh_if_changed(&mut self) -> bool {
        let ticked = self.with_view(|v, env| v.tick(env)).unwrap_or(false);
        match self.db.data_version() {
            Ok(v) if v != self.data_version => {
                // A screen with unsaved typing is not read again under the user's hands.
                if self.screen.unsaved() {
                    return ticked;
                }
                // Recorded only once the screen is read again: a busy database retries.
                if self.reload() {
                    self.data_version = v;
                }
                true
            }
            _ => ticked,
        }
    }

    /// Draws the whole frame from the state.
    pub fn draw(&mut self, f: &mut Frame) {
        let area = f.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = bi!(
                self.lang,
                "窗口太小（{}×{}），请放大到至少 {}×{}。",
                "The window is too small ({}×{}); make it at least {}×{}.",
                area.width,
                area.height,
                MIN_WIDTH,
                MIN_HEIGHT
            );
            f.render_widget(
                Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let [header, body, status, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_header(f, header);
        match &self.screen {
            Screen::Login(form) => login::draw(f, body, form, &self.company, self.lang, self.theme),
            Screen::Intake(form) => intake::draw(f, body, form, self.lang, self.theme),
            Screen::View(v) => v.draw(f, body, self.lang, self.theme),
        }
        if let Some((msg, is_error)) = &self.status {
            let style = if *is_error {
                self.theme.error()
            } else {
                self.theme.ok()
            };
            f.render_widget(Paragraph::new(Span::styled(msg.clone(), style)), status);
        }
        self.draw_key_bar(f, bar);
        if self.help {
            self.draw_help(f, body);
        }
        if self.theme.ascii_borders {
            super::theme::asciify(f.buffer_mut());
        }
    }

    fn draw_header(&self, f: &mut Frame, area: Rect) {
        let who = match &self.actor {
            Some(a) => {
                let roles: Vec<&str> = a.roles().iter().map(|r| r.label(self.lang)).collect();
                let roles = roles.join(self.lang.pick("、", ", "));
                bi!(self.lang, "{}（{}）", "{} ({})", a.display_name(), roles)
            }
            None => self.lang.pick("未登录", "not logged in").to_string(),
        };
        let mut spans = vec![
            Span::styled(
                format!(" orderdesk · {} ", self.company),
                self.theme.title(),
            ),
            Span::raw(format!(" {who} ")),
            Span::styled(
                format!(" [{}] ", self.db.journal_mode().as_str()),
                self.theme.dim(),
            ),
        ];
        if self.db.fs_kind().is_network() {
            spans.push(Span::styled(
                self.lang.pick(
                    " 网络驱动器：建议改用一台服务器+SSH ",
                    " network drive: one server with SSH is safer ",
                ),
                self.theme.warning(),
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_key_bar(&self, f: &mut Frame, area: Rect) {
        let mut spans = Vec::new();
        for bd in self
            .keys
            .bindings(self.context())
            .iter()
            .filter(|b| b.in_bar)
        {
            spans.push(Span::styled(keymap::key_label(bd.key), self.theme.key()));
            spans.push(Span::raw(format!(" {} ", keymap::label(bd, self.lang))));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_help(&self, f: &mut Frame, body: Rect) {
        let ctx = self.screen_context();
        let mut lines = Vec::new();
        let mut seen = Vec::new();
        for bd in self
            .keys
            .bindings(ctx)
            .iter()
            .chain(self.keys.bindings(Context::Help).iter())
        {
            if seen.contains(&bd.command) {
                continue;
            }
            seen.push(bd.command);
            let keys = match keymap::alt_name(bd) {
                Some(alt) => format!("{} / {}", keymap::key_label(bd.key), alt),
                None => keymap::key_label(bd.key),
            };
            lines.push(Line::from(format!(
                "{keys:<16} {}",
                keymap::label(bd, self.lang)
            )));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            self.lang.pick(
                "扫码枪输入的字符只进入当前栏位或扫码框，不会触发命令。",
                "Scanned characters go to the field or the scan box; they never fire a command.",
            ),
            self.theme.dim(),
        )));
        let w = 64.min(body.width);
        let h = (lines.len() as u16 + 2).min(body.height);
        let area = Rect::new(
            body.x + (body.width - w) / 2,
            body.y + (body.height - h) / 2,
            w,
            h,
        );
        f.render_widget(Clear, area);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(super::view::framed(
                    self.lang.pick("帮助", "Help"),
                    self.theme,
                )),
            area,
        );
    }
}

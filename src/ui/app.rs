//! The application state and its update: keys become commands through the keymap,
//! commands change the state, and `draw` only reads the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::keymap::{self, Command, Context};
use super::screens::{intake, login, order_detail, orders};
use super::theme::Theme;
use crate::bi;
use crate::i18n::{Lang, Localized};
use crate::ops::{self, Actor};
use crate::store::Db;

/// Smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// Longest scan or typed code kept (a GS1 DataMatrix can pass 80 characters).
const MAX_SCAN: usize = 256;

/// Which screen is shown.
#[derive(Debug, Clone)]
pub enum Screen {
    Login(login::LoginForm),
    Orders(orders::OrdersScreen),
    OrderDetail {
        detail: Box<ops::orders::OrderDetail>,
        scroll: u16,
        back: orders::OrdersScreen,
    },
    Intake(Box<intake::IntakeForm>),
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
    data_version: i64,
}

impl App {
    pub fn new(db: Db, lang: Lang, theme: Theme) -> App {
        // One row: the screens must start fast on a database of millions of orders.
        let company = ops::setup::company_name(&db).unwrap_or_default();
        let data_version = db.data_version().unwrap_or(0);
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
            data_version,
        }
    }

    fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        match self.screen {
            Screen::Login(_) => Context::Login,
            Screen::Orders(_) => Context::Orders,
            Screen::OrderDetail { .. } => Context::OrderDetail,
            Screen::Intake(_) => Context::Intake,
        }
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
        let mut cmd = keymap::command_for(self.context(), &key);
        if self.help && !matches!(cmd, Some(Command::Back) | Some(Command::Quit)) {
            // Any other key closes the help and goes to the screen, so a scan typed
            // while the help is open is not lost in a hidden field.
            self.help = false;
            cmd = keymap::command_for(self.context(), &key);
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
            Screen::Orders(s) => match key.code {
                KeyCode::Char(c)
                    if !key.modifiers.contains(KeyModifiers::CONTROL)
                        && s.scan.chars().count() < MAX_SCAN =>
                {
                    s.scan.push(c);
                }
                KeyCode::Char(_) if !key.modifiers.contains(KeyModifiers::CONTROL) => {}
                KeyCode::Backspace => {
                    s.scan.pop();
                }
                // A scan that ends in Tab or LF: an empty one (the LF of CR+LF) does nothing.
                KeyCode::Tab if !s.scan.is_empty() => self.run(Command::Open),
                _ if ctrl_j && !s.scan.is_empty() => self.run(Command::Open),
                _ => {}
            },
            Screen::OrderDetail { .. } => {}
            Screen::Intake(form) => match key.code {
                // The GS1 field separator (FNC1) arrives as Ctrl+5 or Ctrl+].
                KeyCode::Char('5') | KeyCode::Char(']')
                    if key.modifiers.contains(KeyModifiers::CONTROL)
                        && form.focus == intake::Focus::Scan =>
                {
                    form.scan.push(crate::domain::barcode::GS);
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    let field = match form.focus {
                        intake::Focus::Customer => &mut form.customer_input,
                        intake::Focus::Scan => &mut form.scan,
                    };
                    if field.chars().count() < MAX_SCAN {
                        field.push(c);
                    }
                }
                KeyCode::Backspace => {
                    match form.focus {
                        intake::Focus::Customer => form.customer_input.pop(),
                        intake::Focus::Scan => form.scan.pop(),
                    };
                }
                _ if ctrl_j => self.run(Command::Confirm),
                _ => {}
            },
        }
    }

    fn run(&mut self, cmd: Command) {
        match cmd {
            Command::Quit => match &mut self.screen {
                Screen::Intake(form) if form.unsaved() && !form.confirm_discard => {
                    form.confirm_discard = true;
                    self.status = Some((
                        self.lang
                            .pick(
                                "有未保存的修改：F5 保存，再按一次 F10 退出。",
                                "Unsaved changes: F5 saves, F10 again quits.",
                            )
                            .to_string(),
                        true,
                    ));
                }
                _ => self.quit = true,
            },
            Command::Help => self.help = true,
            Command::Back if self.help => self.help = false,
            Command::Back => match &mut self.screen {
                Screen::OrderDetail { back, .. } => {
                    let back = back.clone();
                    self.screen = Screen::Orders(back);
                    self.reload_orders();
                }
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
                    self.screen = Screen::Orders(orders::OrdersScreen::default());
                    self.reload_orders();
                }
                _ => {}
            },
            Command::NewOrder => match ops::orders::price_mode(&self.db) {
                Ok(mode) => {
                    self.status = None;
                    self.screen = Screen::Intake(Box::new(intake::IntakeForm::new(mode)));
                }
                Err(e) => self.error(&e),
            },
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
            Command::NextField => match &mut self.screen {
                Screen::Login(f) => f.next_field(),
                Screen::Intake(f) => {
                    f.focus = match f.focus {
                        intake::Focus::Customer => intake::Focus::Scan,
                        intake::Focus::Scan => intake::Focus::Customer,
                    }
                }
                _ => {}
            },
            Command::Login => self.login(),
            Command::Up | Command::Down => self.move_selection(cmd == Command::Down),
            Command::PageDown | Command::PageUp => self.page(cmd == Command::PageDown),
            Command::NextStage | Command::PrevStage => {
                if let Screen::Orders(s) = &mut self.screen {
                    let n = orders::STAGES.len();
                    s.stage = if cmd == Command::NextStage {
                        (s.stage + 1) % n
                    } else {
                        (s.stage + n - 1) % n
                    };
                    s.start = None;
                    s.starts.clear();
                    s.selected = 0;
                    self.reload_orders();
                }
            }
            Command::Open => self.open(),
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
            Ok(actor) => {
                self.status = Some((
                    bi!(self.lang, "欢迎，{}", "Welcome, {}", actor.display_name()),
                    false,
                ));
                self.actor = Some(actor);
                self.screen = Screen::Orders(orders::OrdersScreen::default());
                self.reload_orders();
            }
            Err(e) => {
                form.password.clear();
                self.error(&e);
            }
        }
    }

    /// Reads the current page again, keeping the selection on the same order when it
    /// is still there.
    pub fn reload_orders(&mut self) -> bool {
        let len = self.page_len;
        let Screen::Orders(s) = &mut self.screen else {
            return true;
        };
        let keep = s.selected_id();
        match ops::orders::orders_page(&self.db, &s.filter(), s.start.as_ref(), len) {
            Ok(rows) => {
                s.rows = rows;
                s.selected = keep
                    .and_then(|id| s.rows.iter().position(|r| r.id == id))
                    .unwrap_or(s.selected.min(s.rows.len().saturating_sub(1)));
                true
            }
            Err(e) => {
                self.status = Some((e.localized(self.lang), true));
                false
            }
        }
    }

    fn move_selection(&mut self, down: bool) {
        match &mut self.screen {
            Screen::Orders(s) => {
                if down && s.selected + 1 < s.rows.len() {
                    s.selected += 1;
                } else if down {
                    self.page(true);
                } else if s.selected > 0 {
                    s.selected -= 1;
                }
            }
            Screen::OrderDetail { scroll, detail, .. } => {
                if down && usize::from(*scroll) + 1 < detail.lines.len() {
                    *scroll += 1;
                } else if !down {
                    *scroll = scroll.saturating_sub(1);
                }
            }
            Screen::Intake(f) => {
                if down && f.selected + 1 < f.lines.len() {
                    f.selected += 1;
                } else if !down {
                    f.selected = f.selected.saturating_sub(1);
                }
            }
            Screen::Login(_) => {}
        }
    }

    fn page(&mut self, forward: bool) {
        let Screen::Orders(s) = &mut self.screen else {
            return;
        };
        if forward {
            let Some(next) = ops::orders::next_cursor(&s.rows) else {
                return;
            };
            if (s.rows.len() as i64) < self.page_len {
                return;
            }
            s.starts.push(s.start.take());
            s.start = Some(next);
        } else {
            let Some(prev) = s.starts.pop() else { return };
            s.start = prev;
        }
        s.selected = 0;
        self.reload_orders();
        if let Screen::Orders(s) = &mut self.screen {
            // A next page that came back empty: stay on the last one.
            if s.rows.is_empty() && forward {
                s.start = s.starts.pop().flatten();
                self.reload_orders();
            }
        }
    }

    /// Opens the scanned order number, or the selected order.
    fn open(&mut self) {
        let Screen::Orders(s) = &mut self.screen else {
            return;
        };
        let scanned = std::mem::take(&mut s.scan);
        let back = s.clone();
        let id = if scanned.trim().is_empty() {
            match s.selected_id() {
                Some(id) => id,
                None => return,
            }
        } else {
            match ops::orders::order_by_number(&self.db, &scanned) {
                Ok(o) => o.id,
                Err(e) => return self.error(&e),
            }
        };
        match ops::orders::order_detail(&self.db, id) {
            Ok(d) => {
                self.status = None;
                self.screen = Screen::OrderDetail {
                    detail: Box::new(d),
                    scroll: 0,
                    back,
                }
            }
            Err(e) => self.error(&e),
        }
    }

    /// The terminal's height changed: as many rows as fit are read again.
    pub fn set_height(&mut self, height: u16) {
        let want = orders::page_len(height);
        if want != self.page_len {
            self.page_len = want;
            self.reload_orders();
        }
    }

    /// Called when no key came for a while: reloads the list when another session
    /// committed (PRAGMA data_version). Returns whether anything may have changed.
    pub fn refresh_if_changed(&mut self) -> bool {
        match self.db.data_version() {
            Ok(v) if v != self.data_version => {
                // Recorded only once the list is read again: a busy database retries.
                if self.reload_orders() {
                    self.data_version = v;
                }
                true
            }
            _ => false,
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
            Screen::Orders(s) => orders::draw(f, body, s, self.lang, self.theme),
            Screen::OrderDetail { detail, scroll, .. } => {
                order_detail::draw(f, body, detail, *scroll, self.lang, self.theme)
            }
            Screen::Intake(form) => intake::draw(f, body, form, self.lang, self.theme),
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
        for bd in keymap::bindings(self.context()).iter().filter(|b| b.in_bar) {
            spans.push(Span::styled(keymap::key_name(bd.key), self.theme.key()));
            spans.push(Span::raw(format!(" {} ", keymap::label(bd, self.lang))));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_help(&self, f: &mut Frame, body: Rect) {
        let ctx = match self.screen {
            Screen::Login(_) => Context::Login,
            Screen::Orders(_) => Context::Orders,
            Screen::OrderDetail { .. } => Context::OrderDetail,
            Screen::Intake(_) => Context::Intake,
        };
        let mut lines = Vec::new();
        let mut seen = Vec::new();
        for bd in keymap::bindings(ctx)
            .iter()
            .chain(keymap::bindings(Context::Help))
        {
            if seen.contains(&bd.command) {
                continue;
            }
            seen.push(bd.command);
            let keys = match keymap::alt_name(bd) {
                Some(alt) => format!("{} / {}", keymap::key_name(bd.key), alt),
                None => keymap::key_name(bd.key),
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
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_set(self.theme.border())
                        .title(Span::styled(
                            format!(" {} ", self.lang.pick("帮助", "Help")),
                            self.theme.title(),
                        )),
                ),
            area,
        );
    }
}

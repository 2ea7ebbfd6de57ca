//! The login screen: user name and password, or the user mapped to the
//! operating-system account.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::bi;
use crate::i18n::Lang;
use crate::ops;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::view::{Env, Nav, View};

/// What is typed on the login screen.
#[derive(Debug, Clone, Default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    /// 0: user name, 1: password.
    pub field: usize,
}

impl LoginForm {
    pub fn type_char(&mut self, c: char) {
        let f = if self.field == 0 {
            &mut self.username
        } else {
            &mut self.password
        };
        if f.chars().count() < 64 {
            f.push(c);
        }
    }

    pub fn backspace(&mut self) {
        if self.field == 0 {
            self.username.pop();
        } else {
            self.password.pop();
        }
    }

    pub fn next_field(&mut self) {
        self.field = (self.field + 1) % 2;
    }
}

/// The demo database's users and their password, for the login screen of the demo.
fn demo_lines(lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            bi!(
                lang,
                "演示数据：以下用户的密码均为 {}",
                "Demo data: each user's password is {}",
                ops::demo::DEMO_PASSWORD
            ),
            theme.dim(),
        )),
    ];
    for pair in ops::demo::DEMO_USERS.chunks(2) {
        // Padded by display width: a Chinese name is twice as wide as it is long.
        let cell = |(user, name, _): &(&str, &str, &str)| {
            format!("{user:<9} {}", crate::domain::text::pad_to_width(name, 6))
        };
        let text: Vec<String> = pair.iter().map(cell).collect();
        lines.push(Line::from(Span::styled(
            format!("  {}", text.join("  ")),
            theme.dim(),
        )));
    }
    lines
}

pub fn draw(f: &mut Frame, area: Rect, view: &LoginView, lang: Lang, theme: Theme) {
    let form = &view.form;
    let company = view.company.as_str();
    let sep = lang.pick("：", ": ");
    let extra = if view.demo {
        demo_lines(lang, theme)
    } else {
        Vec::new()
    };
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(8 + extra.len() as u16),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, mid, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(46),
        Constraint::Fill(1),
    ])
    .areas(mid);
    let block = crate::ui::view::framed(lang.pick("登录", "Log in"), theme);
    let marker = |i: usize| if form.field == i { "▶ " } else { "  " };
    let mut lines = vec![
        Line::from(Span::styled(company.to_string(), theme.title())),
        Line::default(),
        Line::from(format!(
            "{}{}{sep}{}",
            marker(0),
            lang.pick("用户名", "User"),
            form.username
        )),
        Line::from(format!(
            "{}{}{sep}{}",
            marker(1),
            lang.pick("密码", "Password"),
            "*".repeat(form.password.chars().count())
        )),
    ];
    lines.extend(extra);
    f.render_widget(Paragraph::new(lines).block(block), mid);
}

/// The login screen: the form and the company it logs in to.
#[derive(Debug, Clone, Default)]
pub struct LoginView {
    pub form: LoginForm,
    pub company: String,
    /// The demo database: the screen lists its users and their password.
    pub demo: bool,
}

impl LoginView {
    pub fn new(company: &str) -> LoginView {
        LoginView {
            form: LoginForm::default(),
            company: company.to_string(),
            demo: false,
        }
    }

    fn login(&mut self, env: &mut Env) -> Nav {
        let form = &mut self.form;
        if form.field == 0 && form.password.is_empty() {
            form.next_field();
            return Nav::Stay;
        }
        match ops::auth::login(env.db, &form.username, &form.password) {
            Ok(actor) => Nav::LoggedIn(actor),
            Err(e) => {
                form.password.clear();
                env.error(&e);
                Nav::Stay
            }
        }
    }

    /// Logs in as the user mapped to the operating-system account running this
    /// program (for a shared server where each clerk has their own SSH login).
    fn login_os_user(&mut self, env: &mut Env) -> Nav {
        let Some(os_user) = ops::auth::current_os_user() else {
            env.say(
                "无法确定系统账号。",
                "The operating-system account is unknown.",
                true,
            );
            return Nav::Stay;
        };
        match ops::auth::login_os_user(env.db, &os_user) {
            Ok(actor) => Nav::LoggedIn(actor),
            Err(ops::Error::NotFound { .. }) => {
                env.warn(bi!(
                    env.lang,
                    "系统账号“{}”没有对应的用户，请输入用户名和密码。",
                    "No user is mapped to the operating-system account \"{}\"; type your user name and password.",
                    os_user
                ));
                Nav::Stay
            }
            Err(e) => {
                env.error(&e);
                Nav::Stay
            }
        }
    }
}

impl View for LoginView {
    fn name(&self) -> &'static str {
        "login"
    }

    fn context(&self) -> Context {
        Context::Login
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::NextField | Command::PrevField => self.form.next_field(),
            Command::Login => return self.login(env),
            Command::OsLogin => return self.login_os_user(env),
            _ => {}
        }
        Nav::Stay
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('j') if ctrl => return self.login(env),
            KeyCode::Char(c) if !ctrl => self.form.type_char(c),
            KeyCode::Backspace => self.form.backspace(),
            _ => {}
        }
        Nav::Stay
    }
}

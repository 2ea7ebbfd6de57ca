//! The login screen: user name and password.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::i18n::Lang;
use crate::ui::theme::Theme;

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

pub fn draw(f: &mut Frame, area: Rect, form: &LoginForm, company: &str, lang: Lang, theme: Theme) {
    let sep = lang.pick("：", ": ");
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(8),
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
    let lines = vec![
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
    f.render_widget(Paragraph::new(lines).block(block), mid);
}

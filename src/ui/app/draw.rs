//! Drawing the application: the header (company, user, journal mode), the screen and
//! its layers, the status line and the key bar of what is on top.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{App, MIN_HEIGHT, MIN_WIDTH};
use crate::bi;
use crate::domain::text::display_width;
use crate::ui::keymap;

impl App {
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
        self.screen.draw(f, body, self.lang, self.theme);
        for layer in &self.layers {
            layer.draw(f, body, self.lang, self.theme);
        }
        if let Some((msg, is_error)) = &self.status {
            let style = if *is_error {
                self.theme.error()
            } else {
                self.theme.ok()
            };
            // The last guard: a value quoted in a message never drives the terminal.
            let msg = crate::domain::text::shown_lines(msg);
            f.render_widget(Paragraph::new(Span::styled(msg, style)), status);
        }
        self.draw_key_bar(f, bar);
        if self.theme.ascii_borders {
            crate::ui::theme::asciify(f.buffer_mut());
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
        // Entries that do not fit are left out whole: a label is never cut in the
        // middle (F1 lists every key).
        let mut spans = Vec::new();
        let mut room = usize::from(area.width);
        for bd in self.shown_bindings(self.context()).filter(|b| b.in_bar) {
            let key = keymap::key_label(bd.key);
            let label = format!(" {} ", keymap::label(&bd, self.lang));
            let width = display_width(&key) + display_width(label.trim_end());
            if width > room {
                break;
            }
            room = room.saturating_sub(width + 1);
            spans.push(Span::styled(key, self.theme.key()));
            spans.push(Span::raw(label));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}

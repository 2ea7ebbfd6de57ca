//! A message too long for the status line, shown in full over the screen. It stays
//! until the next key, which closes it and then does what it does on the screen: the
//! message never swallows a key (a scanner burst goes on as if it were not there).

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{Layer, Step};
use crate::i18n::Lang;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::frame::framed;

/// The message and whether it is an error.
#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

impl Layer for Message {
    fn name(&self) -> &'static str {
        "message"
    }

    /// Keys are the screen's (the message closes on any of them).
    fn context(&self) -> Option<Context> {
        None
    }

    fn draw(&self, f: &mut Frame, body: Rect, lang: Lang, theme: Theme) {
        let w = body.width.min(72);
        let style = if self.is_error {
            theme.error()
        } else {
            theme.ok()
        };
        // As many rows as the wrapped text takes: words moved to the next row can need
        // more than the width alone says, and a message is never cut.
        // The last guard: a value quoted in a message never drives the terminal.
        let text = Paragraph::new(crate::domain::text::shown_lines(&self.text))
            .style(style)
            .wrap(Wrap { trim: false });
        let rows = u16::try_from(text.line_count(w.saturating_sub(2))).unwrap_or(u16::MAX);
        let h = rows.saturating_add(2).min(body.height);
        let r = Rect::new(
            body.x + (body.width - w) / 2,
            body.y + body.height.saturating_sub(h),
            w,
            h,
        );
        crate::ui::widgets::frame::clear_popup(f, r);
        f.render_widget(text.block(framed(lang.pick("消息", "Message"), theme)), r);
    }

    fn command(&mut self, _cmd: Command) -> Step {
        Step::Dismiss
    }

    fn key(&mut self, _key: &KeyEvent) -> Step {
        Step::Dismiss
    }
}

//! A message too long for the status line, shown in full over the screen. It stays
//! until the next key, which closes it and then does what it does on the screen: the
//! message never swallows a key (a scanner burst goes on as if it were not there).

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{Layer, Step};
use crate::domain::text::display_width;
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
        let inner = usize::from(w.saturating_sub(2)).max(1);
        let rows = (display_width(&self.text) / inner + 1) as u16;
        let h = (rows + 2).min(body.height);
        let r = Rect::new(
            body.x + (body.width - w) / 2,
            body.y + body.height.saturating_sub(h),
            w,
            h,
        );
        let style = if self.is_error {
            theme.error()
        } else {
            theme.ok()
        };
        crate::ui::widgets::frame::clear_popup(f, r);
        f.render_widget(
            Paragraph::new(self.text.clone())
                .style(style)
                .wrap(Wrap { trim: false })
                .block(framed(lang.pick("消息", "Message"), theme)),
            r,
        );
    }

    fn command(&mut self, _cmd: Command) -> Step {
        Step::Dismiss
    }

    fn key(&mut self, _key: &KeyEvent) -> Step {
        Step::Dismiss
    }
}

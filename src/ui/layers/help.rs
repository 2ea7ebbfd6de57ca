//! The help (F1): every key of the screen or layer under it, with its alternative for
//! terminals without F-keys. Esc closes it; any other key closes it and goes on to the
//! screen, so a scan typed while the help is open is not lost in a hidden field.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{Layer, Step};
use crate::i18n::Lang;
use crate::ui::keymap::{self, Binding, Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::frame::framed;

/// The help over the screen, with the bindings it lists.
#[derive(Debug, Clone)]
pub struct Help {
    bindings: Vec<Binding>,
}

impl Help {
    /// The help of these bindings (those of what is under the help, then the help's
    /// own); a command is listed once.
    pub fn new(bindings: impl IntoIterator<Item = Binding>) -> Help {
        let mut seen = Vec::new();
        let mut listed = Vec::new();
        for bd in bindings {
            if seen.contains(&bd.command) {
                continue;
            }
            seen.push(bd.command);
            listed.push(bd);
        }
        Help { bindings: listed }
    }
}

impl Layer for Help {
    fn name(&self) -> &'static str {
        "help"
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Help)
    }

    fn draw(&self, f: &mut Frame, body: Rect, lang: Lang, theme: Theme) {
        let mut lines = Vec::new();
        for bd in &self.bindings {
            let keys = match keymap::alt_name(bd) {
                Some(alt) => format!("{} / {}", keymap::key_label(bd.key), alt),
                None => keymap::key_label(bd.key),
            };
            lines.push(Line::from(format!(
                "{keys:<16} {}",
                keymap::label(bd, lang)
            )));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            lang.pick(
                "扫码枪输入的字符只进入当前栏位或扫码框，不会触发命令。",
                "Scanned characters go to the field or the scan box; they never fire a command.",
            ),
            theme.dim(),
        )));
        let w = 64.min(body.width);
        let h = (lines.len() as u16 + 2).min(body.height);
        let area = Rect::new(
            body.x + (body.width - w) / 2,
            body.y + (body.height - h) / 2,
            w,
            h,
        );
        crate::ui::widgets::frame::clear_popup(f, area);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(framed(lang.pick("帮助", "Help"), theme)),
            area,
        );
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Close,
            _ => Step::Dismiss,
        }
    }

    fn key(&mut self, _key: &KeyEvent) -> Step {
        Step::Dismiss
    }
}

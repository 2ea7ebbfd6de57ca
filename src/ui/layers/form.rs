//! A small form over the screen (a new customer from the counter): a few fields, Enter
//! moving on and giving the values from the last one, F5 giving them from anywhere, Esc
//! giving up. When the screen's op refuses the values, the form stays open with them.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::{Answer, Layer, Step};
use crate::i18n::Lang;
use crate::ui::form::Form;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::text::Typed;

/// The form, its name for tests, and its title in both languages.
pub struct FormLayer {
    name: &'static str,
    title: (&'static str, &'static str),
    pub form: Form,
}

impl FormLayer {
    pub fn new(name: &'static str, title: (&'static str, &'static str), form: Form) -> FormLayer {
        FormLayer { name, title, form }
    }

    fn answer(&self) -> Step {
        Step::Answer(Answer::Form(
            self.form
                .fields
                .iter()
                .map(|f| (f.key, f.value.clone()))
                .collect(),
        ))
    }

    /// Enter, Tab or the end of a scan: the next field, or from the last the answer.
    fn next(&mut self) -> Step {
        if self.form.move_focus(true) {
            Step::Stay
        } else {
            self.answer()
        }
    }
}

impl Layer for FormLayer {
    fn name(&self) -> &'static str {
        self.name
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Form)
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let w = area.width.min(64);
        // The fields, the hint and the borders.
        let h = (u16::try_from(self.form.fields.len()).unwrap_or(8) + 3).min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        );
        crate::ui::widgets::frame::clear_popup(f, r);
        let title = format!(
            "{}{}",
            lang.pick(self.title.0, self.title.1),
            lang.pick("（F5 确定，Esc 取消）", " (F5 OK, Esc cancel)")
        );
        self.form.draw(f, r, &title, lang, theme);
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Answer(Answer::GaveUp),
            Command::Save => self.answer(),
            Command::NextField | Command::Confirm => self.next(),
            _ => {
                self.form.command(cmd);
                Step::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent) -> Step {
        match self.form.key(key) {
            Typed::Ended => self.next(),
            _ => Step::Stay,
        }
    }

    fn unsaved(&self) -> bool {
        self.form.dirty
    }
}

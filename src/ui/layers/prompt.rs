//! The reason prompt: a line of text for a decision that needs a reason (reject, hold,
//! cancel). Enter gives the text to the screen; when the screen's op refuses it, the
//! prompt stays open with what was typed. Esc gives up.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{Answer, Layer, Step};
use crate::domain::text::display_width;
use crate::i18n::Lang;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::frame::framed;
use crate::ui::widgets::text::{type_into, Typed};

/// Longest reason kept.
const MAX_REASON: usize = 200;

/// A prompt with its title (what the reason is for) and the text typed so far.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub title: String,
    pub text: String,
}

impl Prompt {
    pub fn new(title: String) -> Prompt {
        Prompt {
            title,
            text: String::new(),
        }
    }

    fn answer(&self) -> Step {
        Step::Answer(Answer::Text(self.text.clone()))
    }
}

impl Layer for Prompt {
    fn name(&self) -> &'static str {
        "prompt"
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Prompt)
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let w = area.width.min(64);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height / 2).saturating_sub(2),
            w,
            4.min(area.height),
        );
        let room = usize::from(w.saturating_sub(3));
        // The end of a long reason stays in view.
        let mut shown = self.text.clone();
        while display_width(&shown) > room {
            shown.remove(0);
        }
        crate::ui::widgets::frame::clear_popup(f, r);
        f.render_widget(
            Paragraph::new(vec![
                Line::from(format!("{shown}▏")),
                Line::from(Span::styled(
                    lang.pick("Enter 确认，Esc 放弃", "Enter confirms, Esc gives up"),
                    theme.dim(),
                )),
            ])
            .block(framed(&self.title, theme)),
            r,
        );
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Answer(Answer::GaveUp),
            Command::Confirm => self.answer(),
            _ => Step::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent) -> Step {
        if key.code == KeyCode::Enter
            || type_into(&mut self.text, key, MAX_REASON, false) == Typed::Ended
        {
            return self.answer();
        }
        Step::Stay
    }

    fn unsaved(&self) -> bool {
        !self.text.is_empty()
    }
}

//! A pick list: one of a few items (the products a typed name matches), chosen with
//! the arrows and Enter. A scan typed while the list is open is kept, and its end
//! closes the list and gives the scan instead (never the highlighted item): a scanner
//! burst is not turned into a wrong pick.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{Answer, Layer, Step};
use crate::i18n::Lang;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::frame::framed;
use crate::ui::widgets::text::{type_into, Typed, MAX_SCAN};

/// Where a list of `rows` items goes over the screen's `body`.
pub type Placement = fn(body: Rect, rows: u16) -> Rect;

/// The list, its title in both languages, the selection and a scan typed meanwhile.
#[derive(Debug, Clone)]
pub struct Picker {
    title: (&'static str, &'static str),
    pub items: Vec<String>,
    pub selected: usize,
    pub typed: String,
    place: Placement,
}

impl Picker {
    pub fn new(
        title: (&'static str, &'static str),
        items: Vec<String>,
        place: Placement,
    ) -> Picker {
        Picker {
            title,
            items,
            selected: 0,
            typed: String::new(),
            place,
        }
    }

    /// Enter, Tab or LF: the scan typed meanwhile if any, else the highlighted item.
    fn choose(&mut self) -> Step {
        if self.typed.trim().is_empty() {
            Step::Answer(Answer::Picked(self.selected))
        } else {
            Step::Answer(Answer::Text(std::mem::take(&mut self.typed)))
        }
    }
}

impl Layer for Picker {
    fn name(&self) -> &'static str {
        "picker"
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Picker)
    }

    fn draw(&self, f: &mut Frame, body: Rect, lang: Lang, theme: Theme) {
        let r = (self.place)(body, self.items.len() as u16 + 2);
        crate::ui::widgets::frame::clear_popup(f, r);
        let items: Vec<Line> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, text)| {
                if i == self.selected {
                    Line::from(Span::styled(text.clone(), theme.selected()))
                } else {
                    Line::from(text.clone())
                }
            })
            .collect();
        f.render_widget(
            Paragraph::new(items).block(framed(lang.pick(self.title.0, self.title.1), theme)),
            r,
        );
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Answer(Answer::GaveUp),
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Step::Stay
            }
            Command::Down => {
                self.selected = (self.selected + 1).min(self.items.len().saturating_sub(1));
                Step::Stay
            }
            Command::Confirm => self.choose(),
            _ => Step::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent) -> Step {
        match type_into(&mut self.typed, key, MAX_SCAN, true) {
            Typed::Ended => self.choose(),
            _ => Step::Stay,
        }
    }

    fn unsaved(&self) -> bool {
        !self.typed.trim().is_empty()
    }
}

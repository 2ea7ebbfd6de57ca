//! The count screen's keys: scanning bins, products, lots and quantities, the
//! differences (F6) and posting them (F9).

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::{sheet, CountView, Input};
use crate::i18n::Lang;
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, type_into, Env, Nav, Typed, View, MAX_SCAN};

impl View for CountView {
    fn name(&self) -> &'static str {
        "stock-count"
    }

    fn context(&self) -> Context {
        Context::Count
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        sheet::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if self.unsaved() => {
                return ask_discard(
                    env,
                    "盘点还没有过账：F9 过账，再按一次 Esc 放弃。",
                    "The count is not posted: F9 posts it, Esc again discards it.",
                );
            }
            Command::Back => return Nav::Back,
            Command::Confirm => self.confirm(env),
            Command::Preview => {
                self.show_differences(env);
            }
            Command::Post => self.post(env),
            Command::NextField | Command::PrevField => self.move_input(cmd == Command::NextField),
            Command::RemoveLine => self.remove_selected(env),
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down if self.selected + 1 < self.lines.len() => self.selected += 1,
            _ => {}
        }
        Nav::Stay
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let fresh = std::mem::take(&mut self.lot_fresh);
        match type_into(&mut self.text, key, MAX_SCAN, true) {
            // The LF of the CR+LF that opened the lot prompt.
            Typed::Ended if fresh && self.input == Input::Lot && self.text.is_empty() => {
                self.lot_fresh = false;
            }
            Typed::Ended => self.confirm(env),
            _ => {}
        }
        Nav::Stay
    }

    fn unsaved(&self) -> bool {
        !self.lines.is_empty()
    }

    fn scans(&self) -> bool {
        true
    }
}

//! The confirmation before unsaved work is thrown away: Esc on a screen with unsaved
//! work asks (the question is on the status line, so the screen stays in view), and a
//! second Esc discards. Any other key closes the question and does what it does on
//! the screen.

use crossterm::event::KeyEvent;

use super::{Answer, Layer, Step};
use crate::ui::keymap::{Command, Context};

/// "Discard unsaved work?"
#[derive(Debug, Clone, Default)]
pub struct Confirm;

impl Confirm {
    pub fn discard() -> Confirm {
        Confirm
    }
}

impl Layer for Confirm {
    fn name(&self) -> &'static str {
        "confirm"
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Confirm)
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Answer(Answer::Yes),
            _ => Step::Dismiss,
        }
    }

    fn key(&mut self, _key: &KeyEvent) -> Step {
        Step::Dismiss
    }
}

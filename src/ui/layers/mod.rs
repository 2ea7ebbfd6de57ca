//! Layers over the screen (a compositor, as in helix; one file per popup, as gitui's
//! `popups/`): the reason prompt, the confirmation before unsaved work is discarded,
//! the pick list, a small form, a message too long for the status line, the help. Keys go to the top layer first; it takes them, closes, gives the screen
//! under it an answer, or lets the key fall through. The key bar and the help show the
//! top layer's bindings (its keymap context).

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::{Command, Context};
use super::theme::Theme;
use crate::i18n::Lang;
use crate::ops;

pub mod confirm;
pub mod export;
pub mod form;
pub mod help;
pub mod message;
pub mod picker;
pub mod prompt;

pub use confirm::Confirm;
pub use export::ExportLayer;
pub use form::FormLayer;
pub use help::Help;
pub use message::Message;
pub use picker::Picker;
pub use prompt::Prompt;

/// What a layer gives the screen under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The text typed into a prompt.
    Text(String),
    /// Yes to a confirmation.
    Yes,
    /// The item of a pick list chosen, by its place in the list.
    Picked(usize),
    /// The layer was given up (Esc): nothing to do but forget what it was for.
    GaveUp,
    /// The values of a form layer, by field key.
    Form(Vec<(&'static str, String)>),
}

/// What a layer did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Taken; the layer stays.
    Stay,
    /// Taken; the layer closes.
    Close,
    /// The layer closes and the key goes on to what is under it.
    Dismiss,
    /// The layer's answer, for the screen under it: the screen's [`Reply`] says
    /// whether the layer closes.
    Answer(Answer),
}

/// A screen's reply to a layer's answer.
pub enum Reply<N> {
    /// Done: the layer closes and the application goes where `N` says.
    Close(N),
    /// Refused (a missing reason, a busy database): the layer stays with its text.
    Keep,
}

/// A layer over the screen.
pub trait Layer {
    /// A short stable name, for tests.
    fn name(&self) -> &'static str;
    /// Which keymap applies while this layer is on top; `None`: that of what is
    /// under it (the layer still sees the keys first).
    fn context(&self) -> Option<Context>;
    /// Draws over the screen's body.
    fn draw(&self, _f: &mut Frame, _body: Rect, _lang: Lang, _theme: Theme) {}
    /// A command from the layer's keymap context.
    fn command(&mut self, cmd: Command) -> Step;
    /// A key that is no command of the layer.
    fn key(&mut self, _key: &KeyEvent) -> Step {
        Step::Stay
    }
    /// Typed but not given yet: quitting asks first.
    fn unsaved(&self) -> bool {
        false
    }
    /// The export this answer asks for, when this is the export layer: the application
    /// runs it instead of giving the answer to the screen under it.
    fn export(&mut self, _answer: &Answer) -> Option<export::Request> {
        None
    }
    /// The export was refused; the layer stays open (on the field the refusal names)
    /// with its table given back.
    fn export_refused(&mut self, _e: &ops::Error, _request: export::Request) {}
}

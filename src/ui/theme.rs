//! Colours and borders: the 16 ANSI colours with bold and reverse; `NO_COLOR` drops the
//! colours but keeps the selection visible through reverse video.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// How the screens are styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii_borders: bool,
}

impl Theme {
    /// From the environment: `NO_COLOR` (any value) turns colours off,
    /// `ORDERDESK_ASCII=1` draws borders with ASCII for terminals that draw box
    /// characters double width.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            ascii_borders: std::env::var("ORDERDESK_ASCII").is_ok_and(|v| v == "1"),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row: reverse video, which survives `NO_COLOR`.
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Black)
            .bg(if self.color {
                Color::Cyan
            } else {
                Color::Reset
            })
            .add_modifier(if self.color {
                Modifier::empty()
            } else {
                Modifier::REVERSED
            })
    }

    pub fn border(self) -> border::Set<'static> {
        if self.ascii_borders {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }
}

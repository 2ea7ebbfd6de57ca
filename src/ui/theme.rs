//! Colours and borders: the 16 ANSI colours with bold and reverse; `NO_COLOR` drops the
//! colours but keeps the selection visible through reverse video.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// How the screens are styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// ASCII mode: ASCII borders, and every symbol of ambiguous width drawn as ASCII.
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

/// The ASCII stand-in of a symbol whose width terminals disagree on (East Asian
/// "ambiguous" characters, drawn two cells wide by many Chinese terminals), or `None`
/// for a symbol that is safe as it is.
pub fn ascii_of(symbol: &str) -> Option<&'static str> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '▶' | '›' | '→' | '»' => ">",
        '‹' | '←' | '«' => "<",
        '↑' => "^",
        '↓' => "v",
        '▏' | '│' | '┃' | '║' => "|",
        '…' => "~",
        '·' | '•' => ".",
        '×' => "x",
        '★' => "*",
        '☆' => ".",
        '─' | '━' | '═' => "-",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => "+",
        _ => return None,
    })
}

/// Replaces every ambiguous-width symbol of a drawn frame by its ASCII stand-in, so that
/// `ORDERDESK_ASCII=1` gives a screen of ASCII and CJK characters only, whatever the
/// screens draw.
pub fn asciify(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if let Some(a) = ascii_of(cell.symbol()) {
                cell.set_symbol(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_symbols_become_ascii_and_chinese_stays() {
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "▶客户…↓", ratatui::style::Style::default());
        asciify(&mut buf);
        let row: String = (0..8).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(row.starts_with(">客"), "{row}");
        assert!(row.contains('~') && row.contains('v'), "{row}");
        assert!(
            row.chars().all(|c| c.is_ascii() || c == '客' || c == '户'),
            "{row}"
        );
    }
}

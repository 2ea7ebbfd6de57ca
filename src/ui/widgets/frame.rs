//! The frames lists, forms and layers are drawn in, and scrolling a list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::ui::theme::Theme;

/// The bordered block every list and form is drawn in, with its title.
pub fn framed(title: &str, theme: Theme) -> Block<'static> {
    frame(theme).title(Span::styled(format!(" {title} "), theme.title()))
}

/// The bordered block of a table or text without a title.
pub fn frame(theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
}

/// Clears the area a pop-up is drawn in, over the screen beneath. A double-width
/// character of the screen beneath that the pop-up's left edge cuts in two is blanked
/// too: a terminal would show it over both of its cells and hide the pop-up's border.
pub fn clear_popup(f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    blank_cut_wide_chars(f.buffer_mut(), area);
}

fn blank_cut_wide_chars(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    let Some(left) = area.x.checked_sub(1).filter(|x| *x >= buf.area.x) else {
        return;
    };
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(left, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// The first row of a page that keeps `selected` visible in `height` rows.
pub fn scroll_start(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

/// The dim line that says a list is empty, on the row under the list's header inside
/// `inner` (when there is room for it).
pub fn empty_hint(f: &mut Frame, inner: Rect, text: &str, theme: Theme) {
    if inner.height > 1 {
        f.render_widget(
            Paragraph::new(Span::styled(text.to_string(), theme.dim())),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_cut_by_the_left_edge_is_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(0, 0, "草稿草稿", ratatui::style::Style::default());
        buf.set_string(0, 1, "ab草稿", ratatui::style::Style::default());
        blank_cut_wide_chars(&mut buf, Rect::new(3, 0, 4, 2));
        // Row 0: 稿 at 2–3 is cut at x 3; row 1: 草 at 2–3 is cut too.
        assert_eq!(buf[(2, 0)].symbol(), " ");
        assert_eq!(buf[(0, 0)].symbol(), "草");
        assert_eq!(buf[(2, 1)].symbol(), " ");
        assert_eq!(buf[(1, 1)].symbol(), "b");
        // An edge between two characters cuts nothing.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "草稿", ratatui::style::Style::default());
        blank_cut_wide_chars(&mut buf, Rect::new(2, 0, 4, 1));
        assert_eq!(buf[(0, 0)].symbol(), "草");
    }

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_start(0, 10), 0);
        assert_eq!(scroll_start(9, 10), 0);
        assert_eq!(scroll_start(10, 10), 1);
        assert_eq!(scroll_start(5, 0), 0);
    }
}

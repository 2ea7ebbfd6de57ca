//! The frames lists, forms and layers are drawn in, and scrolling a list.

use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

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

/// The first row of a page that keeps `selected` visible in `height` rows.
pub fn scroll_start(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_start(0, 10), 0);
        assert_eq!(scroll_start(9, 10), 0);
        assert_eq!(scroll_start(10, 10), 1);
        assert_eq!(scroll_start(5, 0), 0);
    }
}

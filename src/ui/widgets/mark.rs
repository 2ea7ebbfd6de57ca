//! The line a scan changed, marked the same way on every scan screen: the intake's
//! order lines, the count's lines and the stock beside a stock form. After each scan
//! the eye finds at once what it did.

use ratatui::text::Line;
use ratatui::widgets::Row;

use crate::ui::theme::Theme;

/// A table row, marked when a scan changed it.
pub fn row(row: Row<'_>, changed: bool, theme: Theme) -> Row<'_> {
    if changed {
        row.style(theme.selected())
    } else {
        row
    }
}

/// A line of text, marked when a scan changed it.
pub fn line(line: Line<'_>, changed: bool, theme: Theme) -> Line<'_> {
    if changed {
        line.patch_style(theme.selected())
    } else {
        line
    }
}

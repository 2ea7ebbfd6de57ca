//! Pieces every section of the analysis screen draws with: a figure not read yet, a
//! number right-aligned, a header row, the colour of a change, a section waiting.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

use super::Section;
use crate::i18n::Lang;
use crate::ui::theme::Theme;
use crate::ui::view::framed;

pub(super) const PENDING: &str = "…";

pub(super) fn right(s: impl Into<String>) -> Cell<'static> {
    Cell::from(Line::from(s.into()).right_aligned())
}

pub(super) fn header(cols: &[(&str, &str, bool)], lang: Lang, theme: Theme) -> Row<'static> {
    Row::new(
        cols.iter()
            .map(|(zh, en, r)| {
                let t = lang.pick(zh, en).to_string();
                if *r {
                    right(t)
                } else {
                    Cell::from(t)
                }
            })
            .collect::<Vec<_>>(),
    )
    .style(theme.title())
}

pub(super) fn change_style(text: &str, theme: Theme, higher_is_better: bool) -> Style {
    let up = text.starts_with('+');
    let down = text.starts_with('-');
    match (up, down, higher_is_better) {
        (true, _, true) | (_, true, false) => theme.ok(),
        (_, true, true) | (true, _, false) => theme.error(),
        _ => Style::default(),
    }
}

/// A section whose figures are still being read.
pub(super) fn waiting(f: &mut Frame, area: Rect, section: Section, lang: Lang, theme: Theme) {
    let block = framed(section.label(lang), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(
        Paragraph::new(Span::styled(
            lang.pick("  正在计算…", "  Computing…"),
            theme.dim(),
        )),
        inner,
    );
}

//! A ticket in a line, as a customer's and an order's detail show their tickets: the
//! number, the state with a broken promise marked, the type and the subject, or the
//! customer's score once closed.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::text::shown;
use crate::i18n::Lang;
use crate::ops::tickets::TicketSummary;
use crate::ui::theme::Theme;

/// One ticket in a line.
pub fn line(t: &TicketSummary, lang: Lang, theme: Theme) -> Line<'static> {
    let r = &t.row;
    let (state, style) = super::state_text(t, lang, theme);
    let score = t
        .satisfaction()
        .map(|s| format!(" {}", s.stars()))
        .unwrap_or_default();
    Line::from(vec![
        Span::raw(format!("{} ", r.number)),
        Span::styled(format!("{state}{score}"), style),
        Span::raw(format!(
            " {} {} {}",
            t.opened_local.split_whitespace().next().unwrap_or_default(),
            r.kind.label(lang),
            shown(&r.subject)
        )),
    ])
}

/// The heading of a list of tickets: how many, how many still open, how many overdue.
pub fn heading(tickets: &[TicketSummary], capped: bool, lang: Lang) -> String {
    let active = tickets.iter().filter(|t| t.row.status.is_active()).count();
    let overdue = tickets.iter().filter(|t| t.overdue.is_some()).count();
    let more = if capped { "+" } else { "" };
    let mut s = crate::bi!(
        lang,
        "客诉 {}{}（未结 {}",
        "Tickets {}{} ({} open",
        tickets.len(),
        more,
        active
    );
    if overdue > 0 {
        s.push_str(&crate::bi!(lang, "，逾期 {}", ", {} overdue", overdue));
    }
    s.push_str(lang.pick("）", ")"));
    s
}

/// A customer's tickets, newest first, under a heading with how many are open and
/// overdue; on one line (the heading and the newest) where the area has one.
pub fn panel(
    f: &mut Frame,
    area: Rect,
    tickets: &[TicketSummary],
    capped: bool,
    lang: Lang,
    theme: Theme,
) {
    let heading = Span::styled(heading(tickets, capped, lang), theme.title());
    let lines = if area.height <= 1 {
        let mut one = tickets
            .first()
            .map(|t| line(t, lang, theme))
            .unwrap_or_default();
        one.spans.insert(0, Span::raw(" · "));
        one.spans.insert(0, heading);
        vec![one]
    } else {
        let mut lines = vec![Line::from(heading)];
        lines.extend(tickets.iter().map(|t| line(t, lang, theme)));
        lines
    };
    f.render_widget(Paragraph::new(lines), area);
}

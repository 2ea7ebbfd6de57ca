//! A ticket in a line, as a customer's and an order's detail show their tickets: the
//! number, the state with a broken promise marked, the type and the subject, or the
//! customer's score once closed.

use ratatui::text::{Line, Span};

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

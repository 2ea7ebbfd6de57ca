//! What the clerk needs to know about the chosen customer before promising anything:
//! what they owe, what is overdue, the credit left, and a credit hold and why, or the
//! reason finance released one — one line under the customer field
//! (`ops::cash::credit_position`).

use ratatui::text::{Line, Span};

use super::IntakeForm;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ui::screens::cash::hold_reason_short;
use crate::ui::theme::Theme;

impl IntakeForm {
    /// Reads the credit position of the chosen customer; a busy database leaves the
    /// line empty rather than stopping the order.
    pub(super) fn read_credit(&mut self, db: &crate::ops::Db, customer_id: i64) {
        self.credit = crate::ops::cash::credit_position(db, customer_id).ok();
    }

    /// Why finance released the chosen customer's credit hold, for the customer line
    /// beside the name (the credit line keeps its figures): at most `room` columns,
    /// the receivables screen shows it in full. `None` without a release.
    pub(super) fn release_span(
        &self,
        lang: Lang,
        theme: Theme,
        room: usize,
    ) -> Option<Span<'static>> {
        let p = self.credit.as_ref().filter(|_| self.customer.is_some())?;
        let r = p.release.as_ref().filter(|_| !p.on_hold)?;
        let text = crate::bi!(
            lang,
            "  已解冻：{}",
            "  hold released: {}",
            crate::domain::text::shown(&r.reason)
        );
        Some(Span::styled(
            truncate_to_width(&text, room),
            theme.warning(),
        ))
    }

    /// The credit line: empty until a customer is chosen.
    pub(super) fn credit_line(&self, lang: Lang, theme: Theme, width: usize) -> Line<'static> {
        let Some(p) = self.credit.as_ref().filter(|_| self.customer.is_some()) else {
            return Line::from("");
        };
        let mut spans = vec![Span::raw("  ".to_string())];
        // A hold comes first: it is what the clerk must not miss.
        if p.on_hold {
            spans.push(Span::styled(
                crate::bi!(
                    lang,
                    "信用冻结：{} · ",
                    "ON HOLD: {} · ",
                    hold_reason_short(p.hold_reason.as_deref(), lang)
                ),
                theme.error(),
            ));
        }
        spans.push(Span::raw(crate::bi!(
            lang,
            "应收 {} · ",
            "owes {} · ",
            p.open_ar
        )));
        spans.push(if p.overdue.is_positive() {
            Span::styled(
                crate::bi!(
                    lang,
                    "逾期 {}（{} 天）",
                    "overdue {} ({} d)",
                    p.overdue,
                    p.overdue_days
                ),
                theme.warning(),
            )
        } else {
            Span::raw(lang.pick("无逾期", "nothing overdue").to_string())
        });
        let left = crate::bi!(lang, " · 可用额度 {}", " · credit left {}", p.credit_left());
        if p.credit_limit.is_positive() && p.credit_left().is_zero() {
            spans.push(Span::styled(left, theme.warning()));
        } else {
            spans.push(Span::raw(left));
        }
        if p.prepaid.is_positive() {
            spans.push(Span::raw(crate::bi!(
                lang,
                " · 预收 {}",
                " · prepaid {}",
                p.prepaid
            )));
        }
        // One line: what does not fit at the end is cut.
        let mut used = 0;
        let mut out = Vec::new();
        for sp in spans {
            let w = crate::domain::text::display_width(&sp.content);
            if used + w <= width {
                used += w;
                out.push(sp);
            } else {
                let rest = truncate_to_width(&sp.content, width.saturating_sub(used));
                out.push(Span::styled(rest, sp.style));
                break;
            }
        }
        Line::from(out)
    }
}

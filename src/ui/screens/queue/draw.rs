//! Drawing the approval queue: the table (columns that fit the width), the reasons in
//! words, how long each order has waited, the selected order's line and the scan box.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{number_of, QueueView};
use crate::domain::approval::Reason;
use crate::domain::order::Urgency;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops::approval::QueueRow;
use crate::ui::theme::Theme;
use crate::ui::view::framed;

/// A short label of a reason, for the reasons column of a narrow screen (the line under
/// the table gives the full labels of the selected order).
fn short_label(r: Reason, lang: Lang) -> &'static str {
    match r {
        Reason::Amount => lang.pick("超额度", "amount"),
        Reason::ManagerAmount => lang.pick("高层审批", "mgr amount"),
        Reason::Credit => lang.pick("超信用", "credit"),
        Reason::Overdue => lang.pick("逾期", "overdue"),
        Reason::CreditHold => lang.pick("信用冻结", "on hold"),
        Reason::Price => lang.pick("低于底价", "low price"),
        Reason::Discount => lang.pick("折扣超限", "discount"),
        Reason::Customer => lang.pick("客户未审", "customer"),
    }
}

/// The pending reasons of a row in words, joined: the full labels, or the short ones.
fn reasons_text(r: &QueueRow, lang: Lang, short: bool) -> String {
    let words: Vec<&str> = r
        .reasons
        .iter()
        .map(|&x| {
            if short {
                short_label(x, lang)
            } else {
                x.label(lang)
            }
        })
        .collect();
    match (short, lang) {
        (true, Lang::Zh) => words.join("、"),
        (true, Lang::En) => words.join(", "),
        (false, _) => words.join(lang.pick("；", "; ")),
    }
}

/// What the reasons column says: the reasons (short labels when the column is
/// narrow), or for an order held after approval (no reason pending) why it is held.
fn why_text(r: &QueueRow, lang: Lang, short: bool) -> String {
    let reasons = reasons_text(r, lang, short);
    if !reasons.is_empty() {
        return reasons;
    }
    held_text(r, lang)
}

/// `暂停：等客户确认`, or `暂停` when no reason was written.
fn held_text(r: &QueueRow, lang: Lang) -> String {
    match r.note.as_deref().filter(|n| !n.is_empty()) {
        Some(note) => format!(
            "{}{}{note}",
            lang.pick("暂停", "held"),
            lang.pick("：", ": ")
        ),
        None => lang.pick("暂停", "held").to_string(),
    }
}

/// How long an order has waited since it was submitted: `35 分钟`, `5 小时`, `3 天`.
pub fn waited(submitted_at: Option<&str>, now: DateTime<Utc>, lang: Lang) -> String {
    let Some(at) = submitted_at.and_then(|s| DateTime::parse_from_rfc3339(s).ok()) else {
        return String::new();
    };
    let minutes = (now - at.with_timezone(&Utc)).num_minutes().max(0);
    if minutes < 60 {
        crate::bi!(lang, "{} 分钟", "{} min", minutes)
    } else if minutes < 48 * 60 {
        crate::bi!(lang, "{} 小时", "{} h", minutes / 60)
    } else {
        crate::bi!(lang, "{} 天", "{} d", minutes / (24 * 60))
    }
}

/// The column widths for a table `width` cells wide (inside its borders): held mark,
/// number, customer, amount, reasons, submitted by, waited. The customer and the
/// reasons share what the fixed columns leave.
fn widths(width: u16) -> [u16; 7] {
    let wide = width >= 120;
    let (mark, number, amount, by, wait) = (4, 14, 12, if wide { 10 } else { 6 }, 7);
    let fixed = mark + number + amount + by + wait + 6;
    let rest = width.saturating_sub(fixed);
    let customer = (rest * 2 / 5).clamp(8.min(rest), 30);
    [mark, number, customer, amount, rest - customer, by, wait]
}

pub(super) fn draw(f: &mut Frame, area: Rect, q: &QueueView, lang: Lang, theme: Theme) {
    let [list, detail, scan] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = lang.pick(
        "审批队列 · 紧急优先，其次按要求交货日期",
        "Approval queue · most urgent first, then requested date",
    );
    let block = framed(title, theme);
    let inner = block.inner(list);
    let w = widths(inner.width);
    let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(w[i]));
    // Every row alike: full labels where two of them fit, short ones otherwise.
    let short = w[4] < 48;
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(lang.pick("订单号", "Order no.")),
        Cell::from(fit(lang.pick("客户", "Customer"), 2)),
        Cell::from(Line::from(lang.pick("金额", "Amount")).right_aligned()),
        Cell::from(fit(lang.pick("待审原因", "Waiting for"), 4)),
        Cell::from(fit(lang.pick("制单", "By"), 5)),
        Cell::from(fit(lang.pick("已等待", "Waited"), 6)),
    ])
    .style(theme.title());
    let rows = q.page.rows.iter().enumerate().map(|(i, r)| {
        let number_style = match r.urgency {
            Urgency::Critical => theme.error(),
            Urgency::Urgent => theme.warning(),
            Urgency::Normal => ratatui::style::Style::default(),
        };
        let row = Row::new(vec![
            if r.held {
                Cell::from(lang.pick("暂停", "held")).style(theme.warning())
            } else {
                Cell::from("")
            },
            Cell::from(number_of(r)).style(number_style),
            Cell::from(fit(&r.customer_name, 2)),
            Cell::from(Line::from(r.gross.to_string()).right_aligned()),
            Cell::from(fit(&why_text(r, lang, short), 4)),
            Cell::from(fit(&r.submitted_by, 5)),
            Cell::from(waited(r.submitted_at.as_deref(), q.now, lang)),
        ]);
        if i == q.page.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let table = Table::new(rows, w.map(Constraint::Length))
        .header(header)
        .column_spacing(1)
        .block(block);
    f.render_widget(table, list);
    if q.page.rows.is_empty() && inner.height > 1 {
        let empty = Rect::new(inner.x, inner.y + 1, inner.width, 1);
        f.render_widget(
            Paragraph::new(Span::styled(
                lang.pick(
                    "  没有等待审批或暂停的订单。",
                    "  No order is waiting for approval or on hold.",
                ),
                theme.dim(),
            )),
            empty,
        );
    }

    // The selected order in full: urgency, requested date, every reason or the hold.
    if let Some(r) = q.selected_row() {
        let mut text = format!(
            "{} · {} · {} · {}{}",
            number_of(r),
            r.customer_name,
            r.urgency.label(lang),
            lang.pick("要求交货 ", "requested "),
            match r.requested_date {
                Some(d) => d.to_string(),
                None => lang.pick("未指定", "any date").to_string(),
            },
        );
        // Why it is held first: the reasons are in the table already.
        if r.held {
            text.push_str(&format!(" · {}", held_text(r, lang)));
        }
        let reasons = reasons_text(r, lang, false);
        if !reasons.is_empty() {
            text.push_str(&format!(" · {reasons}"));
        }
        f.render_widget(
            Paragraph::new(Span::styled(
                truncate_to_width(&text, usize::from(detail.width)),
                theme.dim(),
            )),
            detail,
        );
    }
    let prompt = lang.pick("扫码/输入订单号：", "Scan or type an order number: ");
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(q.scan.clone()),
        ])),
        scan,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn waiting_time_reads_in_minutes_hours_then_days() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let at = |s: &str| waited(Some(s), now, Lang::Zh);
        assert_eq!(at("2026-11-28T11:25:00.000Z"), "35 分钟");
        assert_eq!(at("2026-11-28T07:00:00.000Z"), "5 小时");
        assert_eq!(at("2026-11-25T12:00:00.000Z"), "3 天");
        assert_eq!(
            waited(Some("2026-11-26T13:00:00.000Z"), now, Lang::En),
            "47 h"
        );
        assert_eq!(
            at("2026-11-29T12:00:00.000Z"),
            "0 分钟",
            "a clock behind is not negative"
        );
        assert_eq!(waited(None, now, Lang::En), "");
    }

    #[test]
    fn the_columns_fill_the_width_and_fixed_ones_keep_their_size() {
        for width in [78u16, 100, 158, 238] {
            let w = widths(width);
            let total: u16 = w.iter().sum::<u16>() + 6;
            assert_eq!(total, width, "{width}: {w:?}");
            assert_eq!(w[1], 14, "an order number is never cut");
        }
        assert!(
            widths(78)[4] >= 15,
            "the reasons keep some room at 80 columns"
        );
    }
}

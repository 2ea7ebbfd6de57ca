//! Drawing one customer's receivables: the head (balance, credit, a hold or its release,
//! aging), the open invoices, the prepayments and deposits, and the follow-up log. Long
//! lines wrap at any width; what still does not fit at 80×24 is marked, and Enter shows
//! it in full ([`in_full`]). Nothing a person typed is cut.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use super::ReceivablesView;
use crate::domain::money::Money;
use crate::domain::text::shown;
use crate::i18n::Lang;
use crate::ops::cash::{FollowUpView, HoldRelease};
use crate::store::cash::PaymentRow;
use crate::ui::screens::cash::hold_reason_text;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};
use crate::ui::widgets::empty_hint;

/// Rows a wrapped paragraph takes at `width`.
fn rows_of(p: &Paragraph<'_>, width: u16) -> u16 {
    u16::try_from(p.line_count(width)).unwrap_or(u16::MAX)
}

/// The release of a hold in words: why finance let the customer buy on, who, when, and
/// what had held them.
fn release_text(r: &HoldRelease, lang: Lang) -> String {
    crate::bi!(
        lang,
        "信用冻结已解除：{}（{} {}；冻结原因：{}；当时占用 {}）",
        "Credit hold released: {} ({} on {}; the hold: {}; {} used then)",
        shown(&r.reason),
        shown(&r.released_by),
        r.date,
        hold_reason_text(r.hold_reason.as_deref(), lang),
        r.exposure
    )
}

/// One prepayment or deposit: `RCV-… 2026-11-20 预收 3,000.00`.
fn prepaid_item(pay: &PaymentRow, lang: Lang) -> String {
    let what = if pay.order_id.is_some() {
        lang.pick("订金", "deposit")
    } else {
        lang.pick("预收", "prepaid")
    };
    format!(
        "{} {} {} {}",
        pay.number,
        pay.pay_date,
        what,
        Money::from_minor(pay.unapplied_minor)
    )
}

fn prepaid_text(v: &ReceivablesView, lang: Lang) -> String {
    let d = &v.data;
    if d.unapplied.is_empty() {
        return lang
            .pick("预收款/订金：无", "Prepayments/deposits: none")
            .to_string();
    }
    let items: Vec<String> = d.unapplied.iter().map(|p| prepaid_item(p, lang)).collect();
    format!(
        "{}{}{}",
        lang.pick("预收款/订金", "Prepayments/deposits"),
        lang.pick("：", ": "),
        items.join(" · ")
    )
}

/// One follow-up as spans: date, contact, what was said, the promise (broken in red),
/// the next action and who wrote it.
fn follow_up_spans(fu: &FollowUpView, lang: Lang, theme: Theme) -> Vec<Span<'static>> {
    let r = &fu.row;
    let promise = match (&r.promise_minor, &r.promise_date) {
        (Some(m), Some(date)) => crate::bi!(
            lang,
            " 承诺 {} 于 {}",
            " promised {} by {}",
            Money::from_minor(*m),
            date
        ),
        _ => String::new(),
    };
    let note = shown(&r.note);
    let mut spans = vec![Span::raw(format!(
        "{} {}{}{note}{promise}",
        r.follow_date,
        shown(&r.contact),
        if note.is_empty() {
            ""
        } else {
            lang.pick("：", ": ")
        },
    ))];
    if fu.promise_broken {
        spans.push(Span::styled(lang.pick(" 失信", " BROKEN"), theme.error()));
    }
    let next = shown(&r.next_action);
    if !next.is_empty() {
        spans.push(Span::raw(format!(" → {next}")));
    }
    spans.push(Span::styled(format!(" ({})", shown(&r.by)), theme.dim()));
    spans
}

/// Everything of the screen that can be long, in full, for the message layer Enter
/// opens: a hold's release, every prepayment and deposit, every follow-up.
pub(super) fn in_full(v: &ReceivablesView, lang: Lang) -> String {
    let d = &v.data;
    let mut out = vec![format!("{} {}", d.code, shown(&d.name))];
    if let Some(r) = &d.position.release {
        out.push(release_text(r, lang));
    }
    out.push(String::new());
    out.push(lang.pick("预收款/订金", "Prepayments/deposits").to_string());
    if d.unapplied.is_empty() {
        out.push(lang.pick("  无", "  none").to_string());
    }
    for p in &d.unapplied {
        out.push(format!("  {}", prepaid_item(p, lang)));
    }
    out.push(String::new());
    out.push(lang.pick("催款记录", "Follow-ups").to_string());
    if d.follow_ups.is_empty() {
        out.push(
            lang.pick("  还没有催款记录。", "  No follow-ups yet.")
                .to_string(),
        );
    }
    let plain = Theme {
        color: false,
        ascii_borders: false,
    };
    for fu in &d.follow_ups {
        let text: String = follow_up_spans(fu, lang, plain)
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        out.push(format!("  {text}"));
    }
    out.join("\n")
}

fn head_lines(v: &ReceivablesView, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let d = &v.data;
    let p = &d.position;
    let sep = lang.pick("：", ": ");
    let terms = crate::domain::terms::PaymentTerms::parse_code(&d.terms)
        .map(|t| t.label(lang))
        .unwrap_or_else(|_| d.terms.clone());
    let mut first = vec![
        Span::styled(format!("{} {}", d.code, shown(&d.name)), theme.title()),
        Span::raw(format!("  {}{sep}{terms}", lang.pick("付款", "Terms"))),
    ];
    if p.on_hold {
        first.push(Span::styled(
            crate::bi!(
                lang,
                "  信用冻结：{}",
                "  On credit hold: {}",
                hold_reason_text(p.hold_reason.as_deref(), lang)
            ),
            theme.error(),
        ));
    }
    let overdue = if p.overdue.is_positive() {
        Span::styled(
            crate::bi!(
                lang,
                "逾期 {}（最久 {} 天）",
                "Overdue {} (oldest {} d)",
                p.overdue,
                p.overdue_days
            ),
            theme.error(),
        )
    } else {
        Span::styled(lang.pick("无逾期", "Nothing overdue"), theme.ok())
    };
    let aging: Vec<String> = d
        .aging
        .iter()
        .map(|(b, m)| format!("{} {}", b.label(lang), m))
        .collect();
    let (aging1, aging2) = aging.split_at(3);
    let mut lines = vec![Line::from(first)];
    if let Some(r) = &p.release {
        lines.push(Line::from(Span::styled(
            release_text(r, lang),
            theme.warning(),
        )));
    }
    lines.extend([
        Line::from(vec![
            Span::raw(crate::bi!(
                lang,
                "应收余额 {} · 预收 {} · ",
                "Owed {} · prepaid {} · ",
                p.open_ar,
                p.prepaid
            )),
            overdue,
        ]),
        Line::from(crate::bi!(
            lang,
            "信用额度 {} · 已用 {} · 可用 {}",
            "Credit limit {} · used {} · left {}",
            p.credit_limit,
            p.exposure,
            p.credit_left()
        )),
        Line::from(Span::styled(
            format!("{}{sep}{}", lang.pick("账龄", "Aging"), aging1.join(" · ")),
            theme.dim(),
        )),
        Line::from(Span::styled(
            format!(
                "{}{}",
                " ".repeat(crate::domain::text::display_width(&format!(
                    "{}{sep}",
                    lang.pick("账龄", "Aging")
                ))),
                aging2.join(" · ")
            ),
            theme.dim(),
        )),
    ]);
    lines
}

fn draw_invoices(f: &mut Frame, area: Rect, v: &ReceivablesView, lang: Lang, theme: Theme) {
    let d = &v.data;
    let title = crate::bi!(
        lang,
        "未结发票 {} 张（到期早的在前）",
        "Open invoices: {} (earliest due first)",
        d.open_invoices.len()
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    let header = Row::new(vec![
        lang.pick("发票号", "Invoice"),
        lang.pick("开票日", "Date"),
        lang.pick("到期日", "Due"),
        lang.pick("逾期天数", "Days over"),
        lang.pick("价税合计", "Total"),
        lang.pick("未收", "Open"),
    ])
    .style(theme.title());
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let start = scroll_start(v.selected, visible);
    let rows = d
        .open_invoices
        .iter()
        .enumerate()
        .skip(start)
        .take(visible)
        .map(|(i, inv)| {
            let days = v.days_overdue(&inv.due_date);
            let days_cell = if days > 0 {
                Cell::from(Line::from(days.to_string()).right_aligned()).style(theme.error())
            } else {
                Cell::from(Line::from(lang.pick("未到期", "not due")).right_aligned())
            };
            let row = Row::new(vec![
                Cell::from(inv.number.clone()),
                Cell::from(inv.invoice_date.clone()),
                Cell::from(inv.due_date.clone()),
                days_cell,
                Cell::from(
                    Line::from(Money::from_minor(inv.gross_minor).to_string()).right_aligned(),
                ),
                Cell::from(
                    Line::from(Money::from_minor(inv.open_minor).to_string()).right_aligned(),
                ),
            ]);
            if i == v.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Fill(1),
            ],
        )
        .header(header)
        .block(block),
        area,
    );
    if d.open_invoices.is_empty() && inner.height > 1 {
        empty_hint(
            f,
            inner,
            lang.pick("  没有未结的发票。", "  No open invoices."),
            theme,
        );
    }
}

pub(super) fn draw(f: &mut Frame, area: Rect, v: &ReceivablesView, lang: Lang, theme: Theme) {
    let d = &v.data;
    let roomy = area.height >= 30;
    let width = area.width;
    let wrap = Wrap { trim: false };

    let head = Paragraph::new(head_lines(v, lang, theme)).wrap(wrap);
    let head_rows = rows_of(&head, width);
    let prepaid = Paragraph::new(prepaid_text(v, lang)).wrap(wrap);
    let prepaid_needs = rows_of(&prepaid, width);
    let prepaid_rows = prepaid_needs.clamp(1, if roomy { 4 } else { 2 });

    let follow_rows: u16 = if roomy { 6 } else { 3 };
    let follow_inner = width.saturating_sub(2);
    let mut follow_lines = Vec::new();
    let mut follow_needs = 0u16;
    for fu in &d.follow_ups {
        let line = Line::from(follow_up_spans(fu, lang, theme));
        follow_needs = follow_needs.saturating_add(rows_of(
            &Paragraph::new(line.clone()).wrap(wrap),
            follow_inner,
        ));
        follow_lines.push(line);
    }
    let cut = prepaid_needs > prepaid_rows || follow_needs > follow_rows;

    let [head_area, invoices, prepaid_area, follow] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Min(3),
        Constraint::Length(prepaid_rows),
        Constraint::Length(follow_rows + 2),
    ])
    .areas(area);
    f.render_widget(head, head_area);
    draw_invoices(f, invoices, v, lang, theme);
    f.render_widget(prepaid, prepaid_area);

    // What does not fit is never cut silently: the frame says Enter shows it in full.
    let title = if cut {
        lang.pick(
            "催款记录 · 未显示完：Enter 查看全文",
            "Follow-ups · more than fits: Enter shows all",
        )
        .to_string()
    } else {
        lang.pick("催款记录", "Follow-ups").to_string()
    };
    let block = framed(&title, theme);
    let inner = block.inner(follow);
    if follow_lines.is_empty() {
        follow_lines.push(Line::from(Span::styled(
            lang.pick("还没有催款记录。", "No follow-ups yet."),
            theme.dim(),
        )));
    }
    f.render_widget(block, follow);
    f.render_widget(
        Paragraph::new(follow_lines)
            .wrap(wrap)
            .style(Style::default()),
        inner,
    );
}

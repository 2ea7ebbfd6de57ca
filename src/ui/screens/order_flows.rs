//! The order's four flows side by side (DESIGN §1 made visible): per line what was
//! ordered (商流), shipped and signed for (物流) and invoiced (账流); per order what was
//! invoiced, paid (钱流) and is still open. Shown on the order detail (F6 switches its
//! lines between fulfilment and the four flows; the money line is always there).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::ops::cash::OrderFlows;
use crate::ui::theme::Theme;

/// The lines of the order with their four quantities.
pub fn draw_lines(
    f: &mut Frame,
    area: Rect,
    flows: &OrderFlows,
    selected: usize,
    lang: Lang,
    theme: Theme,
) {
    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("订购", "Ordered"),
        lang.pick("已发", "Shipped"),
        lang.pick("已签收", "Signed"),
        lang.pick("已开票", "Invoiced"),
    ])
    .style(theme.title());
    let visible = usize::from(area.height.saturating_sub(3)).max(1);
    let start = crate::ui::view::scroll_start(selected, visible);
    let behind = |done: bool| {
        if done {
            Style::default()
        } else {
            theme.warning()
        }
    };
    let rows = flows.lines.iter().enumerate().skip(start).map(|(i, l)| {
        let num = |q: crate::domain::money::Qty, of: crate::domain::money::Qty| {
            Cell::from(Line::from(q.to_string()).right_aligned())
                .style(behind(q.to_db() >= of.to_db()))
        };
        let row = Row::new(vec![
            Cell::from(l.line_no.to_string()),
            Cell::from(format!("{} {}", l.sku, l.name)),
            Cell::from(Line::from(l.ordered.to_string()).right_aligned()),
            num(l.shipped, l.ordered),
            num(l.signed, l.shipped),
            num(l.invoiced, l.ordered),
        ]);
        if i == selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let title = lang.pick(
        "四流：商流 订购 · 物流 发货/签收 · 账流 开票",
        "Four flows: ordered · shipped/signed · invoiced",
    );
    f.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Fill(1),
                Constraint::Length(9),
                Constraint::Length(9),
                Constraint::Length(9),
                Constraint::Length(9),
            ],
        )
        .header(header)
        .block(crate::ui::view::framed(title, theme)),
        area,
    );
}

/// The order's money in one line: invoiced, paid, open, and deposits taken.
pub fn money_line(flows: &OrderFlows, lang: Lang, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(crate::bi!(
        lang,
        "已开票 {}   已收 {}   ",
        "Invoiced {}   Paid {}   ",
        flows.invoiced,
        flows.paid
    ))];
    let open = crate::bi!(lang, "未收 {}", "Open {}", flows.open);
    spans.push(if flows.open.is_positive() {
        Span::styled(open, theme.warning())
    } else {
        Span::raw(open)
    });
    // What returns took off is neither invoiced nor still to invoice.
    let uninvoiced =
        Money::from_minor(flows.gross.minor() - flows.invoiced.minor() - flows.returned.minor());
    if uninvoiced.is_positive() {
        spans.push(Span::raw(crate::bi!(
            lang,
            "   未开票 {}",
            "   Not invoiced {}",
            uninvoiced
        )));
    }
    if flows.returned.is_positive() {
        spans.push(Span::raw(crate::bi!(
            lang,
            "   退货 {}",
            "   Returned {}",
            flows.returned
        )));
    }
    if flows.deposits.is_positive() {
        spans.push(Span::raw(crate::bi!(
            lang,
            "   订金 {}",
            "   Deposits {}",
            flows.deposits
        )));
    }
    Line::from(spans)
}

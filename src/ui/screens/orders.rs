//! The order list: paged in SQL, filtered by stage, newest first, with a scan box that
//! opens an order by its scanned or typed number.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Money;
use crate::domain::order::{OrderStage, Urgency};
use crate::i18n::Lang;
use crate::ops::orders::{OrderCursor, OrderFilter, OrderListRow};
use crate::ui::theme::Theme;

/// The list's state: the filter, the rows of this page, where the page started, the
/// selection and what the scanner or keyboard has typed.
#[derive(Debug, Clone, Default)]
pub struct OrdersScreen {
    /// Index into `STAGES`; 0 is every stage.
    pub stage: usize,
    pub rows: Vec<OrderListRow>,
    /// The cursors the earlier pages started from (for PgUp).
    pub starts: Vec<Option<OrderCursor>>,
    pub start: Option<OrderCursor>,
    pub selected: usize,
    pub scan: String,
}

/// The stage tabs: every stage, then each stage.
pub const STAGES: [Option<OrderStage>; 8] = [
    None,
    Some(OrderStage::Draft),
    Some(OrderStage::Submitted),
    Some(OrderStage::Approved),
    Some(OrderStage::OnHold),
    Some(OrderStage::Rejected),
    Some(OrderStage::Closed),
    Some(OrderStage::Cancelled),
];

impl OrdersScreen {
    pub fn filter(&self) -> OrderFilter {
        OrderFilter {
            stage: STAGES[self.stage].map(|s| s.as_str().to_string()),
            ..OrderFilter::default()
        }
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.rows.get(self.selected).map(|r| r.id)
    }
}

/// How many rows fit in the list area of a screen of this height.
pub fn page_len(height: u16) -> i64 {
    // Header, tabs, table borders and header, scan line, status, key bar.
    i64::from(height.saturating_sub(8)).max(1)
}

fn stage_label(s: &str, lang: Lang) -> String {
    OrderStage::parse(s)
        .map(|s| s.label(lang))
        .unwrap_or_else(|| s.to_string())
}

pub fn draw(f: &mut Frame, area: Rect, s: &OrdersScreen, lang: Lang, theme: Theme) {
    let [tabs, list, scan] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut spans = Vec::new();
    for (i, st) in STAGES.iter().enumerate() {
        let label = match st {
            None => lang.pick("全部", "All").to_string(),
            Some(s) => s.label(lang),
        };
        let style = if i == s.stage {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);

    let header = Row::new(vec![
        lang.pick("订单号", "Order no."),
        lang.pick("日期", "Date"),
        lang.pick("客户", "Customer"),
        lang.pick("状态", "Stage"),
        lang.pick("紧急", "Urgency"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let rows = s.rows.iter().enumerate().map(|(i, r)| {
        let urgency = Urgency::parse(&r.urgency).filter(|u| *u != Urgency::Normal);
        let mut row = Row::new(vec![
            Cell::from(
                r.number
                    .clone()
                    .unwrap_or_else(|| lang.pick("（草稿）", "(draft)").to_string()),
            ),
            Cell::from(r.order_date.clone()),
            Cell::from(r.customer_name.clone()),
            Cell::from(stage_label(&r.stage, lang)),
            match urgency {
                Some(u) => Cell::from(u.label(lang)).style(theme.warning()),
                None => Cell::from(""),
            },
            Cell::from(Line::from(Money::from_minor(r.gross_minor).to_string()).right_aligned()),
        ]);
        if i == s.selected {
            row = row.style(theme.selected());
        }
        row
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(15),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Length(13),
        ],
    )
    .header(header)
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border())
            .title(Span::styled(
                format!(" {} ", lang.pick("订单", "Orders")),
                theme.title(),
            )),
    );
    f.render_widget(table, list);
    let prompt = lang.pick("扫码/输入订单号：", "Scan or type an order number: ");
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(s.scan.clone()),
        ])),
        scan,
    );
}

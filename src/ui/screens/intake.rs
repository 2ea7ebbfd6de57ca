//! Order intake at the counter: choose the customer, scan or type products (each scan
//! of the same product adds one, a GS1 label its count), see available stock and live
//! totals, save a draft or submit.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::{
    line_amounts, order_totals, Discount, LineAmounts, PriceMode, Qty, TaxRate, UnitPrice,
};
use crate::i18n::Lang;
use crate::ops::intake::Saved;
use crate::ui::theme::Theme;

/// Which field takes typed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Customer,
    Scan,
}

/// One line being taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeLine {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty: Qty,
    pub price: UnitPrice,
    pub tax_bp: i64,
    /// Available stock (on hand − reserved) when the product was scanned.
    pub available: Qty,
}

/// The form: everything stays in memory until it is saved, so nothing scanned is lost
/// while the database is busy.
#[derive(Debug, Clone, Default)]
pub struct IntakeForm {
    pub customer_input: String,
    /// (code, name, terms label) of the chosen customer.
    pub customer: Option<(String, String, String)>,
    pub scan: String,
    pub focus: Focus,
    pub lines: Vec<IntakeLine>,
    pub selected: usize,
    pub saved: Option<Saved>,
    pub number: Option<String>,
    /// Changed since the last save.
    pub dirty: bool,
    /// Esc was pressed once with unsaved changes.
    pub confirm_discard: bool,
    pub mode: PriceMode,
    /// Scans waiting for a busy database, oldest first.
    pub pending: std::collections::VecDeque<String>,
    /// Submitted: the form is read-only; F2 starts the next order.
    pub submitted: bool,
}

impl IntakeForm {
    pub fn new(mode: PriceMode) -> IntakeForm {
        IntakeForm {
            mode,
            ..IntakeForm::default()
        }
    }

    /// Adds `qty` of a product: to its line when it is already on the order.
    pub fn add(&mut self, line: IntakeLine) {
        self.dirty = true;
        match self
            .lines
            .iter()
            .position(|l| l.product_id == line.product_id)
        {
            Some(i) => {
                let l = &mut self.lines[i];
                l.qty = l.qty.checked_add(line.qty).unwrap_or(l.qty);
                l.available = line.available;
                self.selected = i;
            }
            None => {
                self.lines.push(line);
                self.selected = self.lines.len() - 1;
            }
        }
    }

    /// One unit less of the selected line; the line goes at zero.
    pub fn one_less(&mut self) {
        let Some(l) = self.lines.get_mut(self.selected) else {
            return;
        };
        self.dirty = true;
        match l.qty.checked_sub(Qty::from_int(1)) {
            Some(q) if q.is_positive() => l.qty = q,
            _ => self.remove_selected(),
        }
    }

    pub fn remove_selected(&mut self) {
        if self.selected < self.lines.len() {
            self.lines.remove(self.selected);
            self.dirty = true;
            self.selected = self.selected.min(self.lines.len().saturating_sub(1));
        }
    }

    pub fn amounts(&self, l: &IntakeLine) -> Option<LineAmounts> {
        let rate = TaxRate::from_bp(l.tax_bp).ok()?;
        line_amounts(l.qty, l.price, Discount::NONE, rate, self.mode).ok()
    }

    pub fn totals(&self) -> LineAmounts {
        order_totals(self.lines.iter().filter_map(|l| self.amounts(l))).unwrap_or(LineAmounts::ZERO)
    }

    /// Whether leaving would lose something: changes or scans not yet added.
    pub fn unsaved(&self) -> bool {
        self.dirty || !self.pending.is_empty()
    }

    /// A typed key for the focused field; true when it ended a scan or entry (Tab or
    /// LF), which the caller confirms like Enter.
    pub fn type_key(&mut self, key: &crossterm::event::KeyEvent) -> bool {
        let gs1 = self.focus == Focus::Scan;
        let field = match self.focus {
            Focus::Customer => &mut self.customer_input,
            Focus::Scan => &mut self.scan,
        };
        let typed = crate::ui::view::type_into(field, key, crate::ui::view::MAX_SCAN, gs1);
        typed == crate::ui::view::Typed::Ended
    }

    /// Moves to the next or previous field.
    pub fn move_focus(&mut self, forward: bool) {
        let _ = forward;
        self.focus = match self.focus {
            Focus::Customer => Focus::Scan,
            Focus::Scan => Focus::Customer,
        }
    }

    /// The form commands: choices and clearing a field.
    pub fn command(&mut self, cmd: crate::ui::keymap::Command) {
        if cmd == crate::ui::keymap::Command::ClearField {
            match self.focus {
                Focus::Customer => self.customer_input.clear(),
                Focus::Scan => self.scan.clear(),
            }
        }
    }

    /// The form of a saved draft or rejected order, to edit it.
    pub fn from_order(
        db: &crate::store::Db,
        d: &crate::ops::orders::OrderDetail,
    ) -> Result<IntakeForm, crate::ops::Error> {
        let mut form = IntakeForm::new(d.price_mode);
        form.customer_input = d.customer_code.clone();
        form.customer = Some((
            d.customer_code.clone(),
            d.customer_name.clone(),
            String::new(),
        ));
        form.saved = Some(Saved {
            id: d.id,
            version: d.version,
        });
        form.focus = Focus::Scan;
        for l in &d.lines {
            let available = crate::ops::stock::available_of(db, l.product_id)?;
            form.lines.push(IntakeLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty: l.qty,
                price: l.unit_price,
                tax_bp: l.tax_bp,
                available,
            });
        }
        Ok(form)
    }

    /// Units on the order, all lines together.
    pub fn units(&self) -> Qty {
        self.lines
            .iter()
            .fold(Qty::ZERO, |a, l| a.checked_add(l.qty).unwrap_or(a))
    }
}

pub fn draw(f: &mut Frame, area: Rect, s: &IntakeForm, lang: Lang, theme: Theme) {
    let sep = lang.pick("：", ": ");
    let [head, lines, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let mark = |focus: Focus| if s.focus == focus { "▶ " } else { "  " };
    // While the field has focus it shows what is typed; afterwards, who was chosen.
    let customer = match &s.customer {
        Some((code, name, terms)) if s.focus != Focus::Customer => {
            crate::bi!(lang, "{}（{}） {}", "{} ({}) {}", name, code, terms)
        }
        _ => s.customer_input.clone(),
    };
    let title = match &s.number {
        Some(n) => n.clone(),
        None if s.saved.is_some() => lang.pick("草稿（已保存）", "Draft (saved)").to_string(),
        None => lang.pick("新订单", "New order").to_string(),
    };
    let head_lines = vec![
        Line::from(vec![
            Span::styled(title, theme.title()),
            Span::styled(
                if s.dirty {
                    lang.pick("  未保存", "  unsaved")
                } else {
                    ""
                },
                theme.warning(),
            ),
        ]),
        Line::from(format!(
            "{}{}{sep}{}",
            mark(Focus::Customer),
            lang.pick("客户", "Customer"),
            customer
        )),
        Line::from(format!(
            "{}{}{sep}{}",
            mark(Focus::Scan),
            lang.pick("扫码/货号", "Scan/SKU"),
            s.scan
        )),
    ];
    f.render_widget(Paragraph::new(head_lines), head);

    let header = Row::new(vec![
        lang.pick("行", "No."),
        lang.pick("商品", "Product"),
        lang.pick("数量", "Qty"),
        lang.pick("可用", "Avail."),
        lang.pick("单价", "Price"),
        lang.pick("金额", "Amount"),
    ])
    .style(theme.title());
    let rows = s.lines.iter().enumerate().map(|(i, l)| {
        let amount = s
            .amounts(l)
            .map(|a| a.gross.to_string())
            .unwrap_or_default();
        let short = l.qty.to_db() > l.available.to_db();
        let avail = Cell::from(l.available.to_string());
        let mut row = Row::new(vec![
            Cell::from((i + 1).to_string()),
            Cell::from(format!("{} {}", l.sku, l.name)),
            Cell::from(format!("{} {}", l.qty, l.unit)),
            if short {
                avail.style(theme.warning())
            } else {
                avail
            },
            Cell::from(l.price.to_string()),
            Cell::from(Line::from(amount).right_aligned()),
        ]);
        if i == s.selected {
            row = row.style(theme.selected());
        }
        row
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border()),
    );
    // The table scrolls to keep the selected line in view.
    let mut state = ratatui::widgets::TableState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(table, lines, &mut state);

    let t = s.totals();
    let short = s
        .lines
        .iter()
        .filter(|l| l.qty.to_db() > l.available.to_db())
        .count();
    let mut foot_lines = vec![Line::from(format!(
        "{} {}   {} {}   {} {}   {} {}",
        lang.pick("件数", "Units"),
        s.units(),
        lang.pick("不含税", "Net"),
        t.net,
        lang.pick("税额", "Tax"),
        t.tax,
        lang.pick("价税合计", "Total"),
        t.gross
    ))];
    if short > 0 {
        foot_lines.push(Line::from(Span::styled(
            crate::bi!(
                lang,
                "{} 行超过可用库存，审核后将登记缺货",
                "{} lines exceed available stock and will be backordered",
                short
            ),
            theme.warning(),
        )));
    }
    f.render_widget(Paragraph::new(foot_lines), foot);
}

//! Order intake at the counter: choose the customer, scan or type products (each scan
//! of the same product adds one, a GS1 label its count), see available stock and live
//! totals, save a draft or submit.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::field::FieldId;
use crate::domain::money::{
    line_amounts, order_totals, Discount, LineAmounts, NumberError, PriceMode, Qty, TaxRate,
    UnitPrice,
};
use crate::domain::order::{Channel, Urgency};
use crate::i18n::Lang;
use crate::ops::intake::Saved;
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::Command;
use crate::ui::theme::Theme;
use crate::ui::view::{type_into, Typed, MAX_SCAN};

/// Which field takes typed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Customer,
    /// One of the order's header fields (channel, references, dates…): `head.focus`.
    Head,
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
    pub discount: Discount,
    /// The product's floor price: a price below it goes to approval.
    pub floor: UnitPrice,
    pub tax_bp: i64,
    /// Available stock (on hand − reserved) when the product was scanned.
    pub available: Qty,
}

impl IntakeLine {
    /// A line of `qty` of a product at its list price, with its available stock.
    pub fn of(p: &crate::ops::intake::LineProduct, qty: Qty) -> IntakeLine {
        IntakeLine {
            product_id: p.id,
            sku: p.sku.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            qty,
            price: p.list_price,
            discount: Discount::NONE,
            floor: p.floor_price,
            tax_bp: p.tax_bp,
            available: p.available,
        }
    }

    pub fn below_floor(&self) -> bool {
        self.price.to_db() < self.floor.to_db()
    }
}

/// The form: everything stays in memory until it is saved, so nothing scanned is lost
/// while the database is busy.
#[derive(Debug, Clone)]
pub struct IntakeForm {
    pub customer_input: String,
    /// (code, name, terms label) of the chosen customer.
    pub customer: Option<(String, String, String)>,
    /// Channel, customer reference, requested date, urgency, terms, special requirements.
    pub head: Form,
    pub scan: String,
    pub focus: Focus,
    /// The selected line's quantity, price and discount being edited (F6).
    pub line_edit: Option<Form>,
    /// Products matching a typed name, to pick one from.
    pub picks: Vec<crate::ops::intake::LineProduct>,
    pub pick: usize,
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

/// A new order form, for a user who may take orders (the screen is not even opened for
/// one who may not; the op checks again when the order is saved).
pub fn new_order(
    env: &mut crate::ui::view::Env,
) -> Result<crate::ui::app::Screen, crate::ops::Error> {
    let perm = crate::domain::access::Permission::CreateOrders;
    if !crate::ops::users::allowed(env.db, env.actor, perm)? {
        return Err(crate::ops::Error::PermissionDenied { permission: perm });
    }
    let mode = crate::ops::orders::price_mode(env.db)?;
    Ok(crate::ui::app::Screen::Intake(Box::new(IntakeForm::new(
        mode,
    ))))
}

/// The order's header fields.
pub fn head_form() -> Form {
    let channels = Channel::ALL
        .iter()
        .map(|c| Choice::new(c.as_str(), &c.label(Lang::Zh), &c.label(Lang::En)))
        .collect();
    let urgencies = Urgency::ALL
        .iter()
        .map(|u| Choice::new(u.as_str(), &u.label(Lang::Zh), &u.label(Lang::En)))
        .collect();
    Form::new(vec![
        Field::choice("channel", "渠道", "Channel", channels).value(Channel::WalkIn.as_str()),
        Field::choice("urgency", "紧急程度", "Urgency", urgencies),
        Field::text("customer_ref", "客户单号", "Customer reference")
            .max(40)
            .hint(
                "客户自己的订单号（可空）",
                "The customer's own order number (optional)",
            ),
        Field::text("requested", "要求交货日期", "Requested date")
            .max(10)
            .hint(
                "YYYY-MM-DD，不能早于今天（可空）",
                "YYYY-MM-DD, not before today (optional)",
            ),
        Field::text("terms", "付款条件", "Payment terms")
            .max(40)
            .hint(
                "空为客户的默认条件，例如 NET30、COD",
                "Empty: the customer's terms; e.g. NET30, COD",
            ),
        Field::text("special", "特殊要求", "Special requirements").max(200),
    ])
}

impl IntakeForm {
    pub fn new(mode: PriceMode) -> IntakeForm {
        IntakeForm {
            customer_input: String::new(),
            customer: None,
            head: head_form(),
            scan: String::new(),
            focus: Focus::Customer,
            line_edit: None,
            picks: Vec::new(),
            pick: 0,
            lines: Vec::new(),
            selected: 0,
            saved: None,
            number: None,
            dirty: false,
            confirm_discard: false,
            mode,
            pending: Default::default(),
            submitted: false,
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
        line_amounts(l.qty, l.price, l.discount, rate, self.mode).ok()
    }

    pub fn totals(&self) -> LineAmounts {
        order_totals(self.lines.iter().filter_map(|l| self.amounts(l))).unwrap_or(LineAmounts::ZERO)
    }

    /// Whether leaving would lose something: changes or scans not yet added.
    pub fn unsaved(&self) -> bool {
        let typed_customer = !self.customer_input.trim().is_empty()
            && self.customer.as_ref().map(|c| c.0.as_str()) != Some(self.customer_input.trim());
        self.dirty
            || self.head.dirty
            || !self.pending.is_empty()
            || !self.scan.trim().is_empty()
            || typed_customer
            || self.line_edit.as_ref().is_some_and(|e| e.dirty)
    }

    /// A typed key for the focused field (or the open line editor); true when it ended
    /// a scan or entry (Tab or LF), which the caller confirms like Enter.
    pub fn type_key(&mut self, key: &crossterm::event::KeyEvent) -> bool {
        if let Some(edit) = &mut self.line_edit {
            return edit.key(key) == Typed::Ended;
        }
        if !self.picks.is_empty() {
            // A scan while the list is open: its characters are kept, and its end
            // closes the list and adds what was scanned (never the highlighted pick).
            return type_into(&mut self.scan, key, MAX_SCAN, true) == Typed::Ended;
        }
        let field = match self.focus {
            Focus::Customer => &mut self.customer_input,
            Focus::Head => {
                let ended = self.head.key(key) == Typed::Ended;
                if ended {
                    self.move_focus(true);
                }
                return false;
            }
            Focus::Scan => &mut self.scan,
        };
        let gs1 = self.focus == Focus::Scan;
        type_into(field, key, MAX_SCAN, gs1) == Typed::Ended
    }

    /// Moves to the next or previous field: customer, the header fields, the scan box.
    pub fn move_focus(&mut self, forward: bool) {
        if let Some(edit) = &mut self.line_edit {
            edit.move_focus(forward);
            return;
        }
        let last = self.head.fields.len().saturating_sub(1);
        self.focus = match (self.focus, forward) {
            (Focus::Customer, true) => {
                self.head.focus = 0;
                Focus::Head
            }
            (Focus::Customer, false) => Focus::Scan,
            (Focus::Head, true) if self.head.focus < last => {
                self.head.focus += 1;
                Focus::Head
            }
            (Focus::Head, true) => Focus::Scan,
            (Focus::Head, false) if self.head.focus > 0 => {
                self.head.focus -= 1;
                Focus::Head
            }
            (Focus::Head, false) => Focus::Customer,
            (Focus::Scan, true) => Focus::Customer,
            (Focus::Scan, false) => {
                self.head.focus = last;
                Focus::Head
            }
        }
    }

    /// The form commands: choices and clearing a field.
    pub fn command(&mut self, cmd: Command) {
        if let Some(edit) = &mut self.line_edit {
            edit.command(cmd);
            return;
        }
        match self.focus {
            Focus::Head => {
                self.head.command(cmd);
            }
            Focus::Customer if cmd == Command::ClearField => self.customer_input.clear(),
            Focus::Scan if cmd == Command::ClearField => self.scan.clear(),
            _ => {}
        }
    }

    /// Opens the editor of the selected line's quantity, price and discount.
    pub fn edit_line(&mut self) {
        let Some(l) = self.lines.get(self.selected) else {
            return;
        };
        let discount = if l.discount.is_zero() {
            String::new()
        } else {
            l.discount.as_percent().normalize().to_string()
        };
        self.line_edit = Some(Form::new(vec![
            Field::text("product", "商品", "Product")
                .value(format!("{} {}", l.sku, l.name))
                .read_only(true),
            Field::text("qty", "数量", "Quantity")
                .value(l.qty.to_string())
                .max(16),
            Field::text("price", "单价", "Unit price")
                .value(l.price.to_string())
                .max(16)
                .hint(
                    "低于底价的订单需要审批",
                    "A price below the floor price needs approval",
                ),
            Field::text("discount", "折扣 %", "Discount %")
                .value(discount)
                .max(8)
                .hint(
                    "例如 5 表示九五折；空为无折扣",
                    "e.g. 5 for 5% off; empty for none",
                ),
        ]));
    }

    /// Checks the line editor and applies it to the selected line; on an error the
    /// editor stays open on the wrong field and the line is unchanged.
    pub fn apply_line_edit(&mut self) -> Result<(), crate::ops::Error> {
        let Some(edit) = &mut self.line_edit else {
            return Ok(());
        };
        let field = |id: FieldId, e: NumberError| crate::ops::Error::Field {
            field: id,
            problem: crate::ops::FieldProblem::Number(e),
        };
        let parsed = (|| {
            let qty = Qty::parse(edit.get("qty")).map_err(|e| field(FieldId::Qty, e))?;
            if !qty.is_positive() {
                return Err(crate::ops::Error::Field {
                    field: FieldId::Qty,
                    problem: crate::ops::FieldProblem::Refused(
                        crate::ops::Refusal::LineQtyNotPositive,
                    ),
                });
            }
            let price =
                UnitPrice::parse(edit.get("price")).map_err(|e| field(FieldId::UnitPrice, e))?;
            let d = edit.get("discount").trim().to_string();
            let discount = if d.is_empty() {
                Discount::NONE
            } else {
                Discount::parse(&d).map_err(|e| field(FieldId::DiscountPercent, e))?
            };
            Ok((qty, price, discount))
        })();
        match parsed {
            Ok((qty, price, discount)) => {
                if let Some(l) = self.lines.get_mut(self.selected) {
                    l.qty = qty;
                    l.price = price;
                    l.discount = discount;
                    self.dirty = true;
                }
                self.line_edit = None;
                Ok(())
            }
            Err(e) => {
                edit.focus_error(&e);
                Err(e)
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
            d.terms.label(Lang::Zh),
        ));
        form.head.set("channel", d.channel.as_str());
        form.head.set("urgency", d.urgency.as_str());
        form.head
            .set("customer_ref", d.customer_ref.clone().unwrap_or_default());
        form.head.set(
            "requested",
            d.requested_date.map(|x| x.to_string()).unwrap_or_default(),
        );
        form.head.set("terms", d.terms.code());
        form.head.set("special", d.special.clone());
        form.saved = Some(Saved {
            id: d.id,
            version: d.version,
        });
        form.number = d.number.clone();
        form.focus = Focus::Scan;
        // What is left of each line: a cancelled part is gone from the order, and a line
        // cancelled in full is not offered again.
        for l in &d.lines {
            let Some(qty) = l.qty.checked_sub(l.cancelled).filter(|q| q.is_positive()) else {
                continue;
            };
            let p = crate::ops::intake::line_product(db, l.product_id)?;
            form.lines.push(IntakeLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty,
                price: l.unit_price,
                discount: Discount::from_bp(l.discount_bp).unwrap_or(Discount::NONE),
                floor: p.floor_price,
                tax_bp: l.tax_bp,
                available: p.available,
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
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let mark = |focus: Focus| if s.focus == focus { "▶ " } else { "  " };
    // The header fields, two to a row: the focused one marked and highlighted.
    let head_field = |i: usize| -> Vec<Span<'static>> {
        let Some(fd) = s.head.fields.get(i) else {
            return Vec::new();
        };
        let focused = s.focus == Focus::Head && s.head.focus == i;
        let mut value = fd.shown(lang);
        if focused {
            value.push('▏');
        }
        vec![
            Span::raw(format!(
                "{}{}{sep}",
                if focused { "▶ " } else { "  " },
                lang.pick(fd.name.zh, fd.name.en)
            )),
            Span::styled(
                value,
                if focused {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                },
            ),
        ]
    };
    let half = head.width / 2;
    let pair = |a: usize, b: usize| -> Line<'static> {
        let mut left = head_field(a);
        let used: usize = left
            .iter()
            .map(|sp| crate::domain::text::display_width(&sp.content))
            .sum();
        let pad = usize::from(half).saturating_sub(used).max(1);
        left.push(Span::raw(" ".repeat(pad)));
        left.extend(head_field(b));
        Line::from(left)
    };
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
        pair(0, 1),
        pair(2, 3),
        pair(4, 5),
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
            if l.below_floor() {
                Cell::from(format!("{}↓", l.price)).style(theme.warning())
            } else if l.discount.is_zero() {
                Cell::from(l.price.to_string())
            } else {
                Cell::from(format!(
                    "{} -{}%",
                    l.price,
                    l.discount.as_percent().normalize()
                ))
            },
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
            Constraint::Length(14),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(crate::ui::view::frame(theme));
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
    let below = s.lines.iter().filter(|l| l.below_floor()).count();
    if below > 0 {
        foot_lines.push(Line::from(Span::styled(
            crate::bi!(
                lang,
                "{} 行低于底价（↓），提交后需审批",
                "{} lines are below the floor price (↓) and will need approval",
                below
            ),
            theme.warning(),
        )));
    } else if short > 0 {
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
    if let Some(edit) = &s.line_edit {
        let w = lines.width.min(64);
        let r = Rect::new(
            lines.x + (lines.width - w) / 2,
            lines.y + 1,
            w,
            7.min(lines.height),
        );
        f.render_widget(ratatui::widgets::Clear, r);
        edit.draw(
            f,
            r,
            lang.pick(
                "修改行（Enter 下一栏，F5 确定，Esc 取消）",
                "Edit line (Enter next, F5 apply, Esc cancel)",
            ),
            lang,
            theme,
        );
    }
    if !s.picks.is_empty() {
        let h = (s.picks.len() as u16 + 2).min(lines.height);
        let r = Rect::new(lines.x + 2, lines.y + 1, lines.width.saturating_sub(4), h);
        f.render_widget(ratatui::widgets::Clear, r);
        let items: Vec<Line> = s
            .picks
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let text = format!(" {} {} {} {}", p.sku, p.name, p.spec, p.list_price);
                if i == s.pick {
                    Line::from(Span::styled(text, theme.selected()))
                } else {
                    Line::from(text)
                }
            })
            .collect();
        f.render_widget(
            Paragraph::new(items).block(crate::ui::view::framed(
                lang.pick(
                    "选择商品（Enter 选定，Esc 取消）",
                    "Pick a product (Enter picks, Esc cancels)",
                ),
                theme,
            )),
            r,
        );
    }
}

//! Order intake at the counter: choose the customer, scan or type products (each scan
//! of the same product adds one, a GS1 label its count), see available stock and live
//! totals, save a draft or submit. The form's state is here, its keys and the ops they
//! call in `actions.rs`, its drawing in `draw.rs`.

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
use crate::ui::view::{type_into, Typed, MAX_SCAN};

mod actions;
mod counter;
mod credit;
pub use counter::print_receipt;
mod draw;
mod new_customer;

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
    /// May be sold in fractions of its unit; else the quantity is whole.
    pub divisible: bool,
    /// When goods of a short product are expected (预计到货), if a request says.
    pub expected: Option<chrono::NaiveDate>,
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
            divisible: p.divisible,
            expected: p.expected,
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
    /// Products matching a typed name, offered in a pick list while it is open.
    pub picks: Vec<crate::ops::intake::LineProduct>,
    pub lines: Vec<IntakeLine>,
    pub selected: usize,
    pub saved: Option<Saved>,
    pub number: Option<String>,
    /// Changed since the last save.
    pub dirty: bool,
    pub mode: PriceMode,
    /// Scans waiting for a busy database, oldest first.
    pub pending: std::collections::VecDeque<String>,
    /// Submitted: the form is read-only; F2 starts the next order.
    pub submitted: bool,
    /// The chosen customer's credit position, as the customer line shows it.
    pub credit: Option<crate::ops::cash::CreditPosition>,
}

/// A new order form, for a user who may take orders (the screen is not even opened for
/// one who may not; the op checks again when the order is saved).
pub fn new_order(env: &mut crate::ui::view::Env) -> Result<IntakeForm, crate::ops::Error> {
    let perm = crate::domain::access::Permission::CreateOrders;
    if !crate::ops::users::allowed(env.db, env.actor, perm)? {
        return Err(crate::ops::Error::PermissionDenied { permission: perm });
    }
    let mode = crate::ops::orders::price_mode(env.db)?;
    Ok(IntakeForm::new(mode))
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
                "如 2026-12-24、12/24、+3、明天；不早于今天（可空）",
                "e.g. 2026-12-24, 12/24, +3, tomorrow; not before today (optional)",
            ),
        Field::text("terms", "付款条件", "Payment terms")
            .max(40)
            .hint(
                "空为客户的条件；← → 选择，或输入 现结、款到发货、30天、月结30天",
                "Empty: the customer's terms; ← → to choose, or type e.g. net 30",
            ),
        Field::text("special", "特殊要求", "Special requirements").max(200),
    ])
}

impl IntakeForm {
    pub fn new(mode: PriceMode) -> IntakeForm {
        IntakeForm {
            customer_input: String::new(),
            customer: None,
            credit: None,
            head: head_form(),
            scan: String::new(),
            focus: Focus::Customer,
            line_edit: None,
            picks: Vec::new(),
            lines: Vec::new(),
            selected: 0,
            saved: None,
            number: None,
            dirty: false,
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
                l.expected = line.expected;
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
        // A submitted order is stored whole; what is typed after it is not work.
        if self.submitted {
            return false;
        }
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
    pub fn field_command(&mut self, cmd: Command, lang: Lang) {
        if let Some(edit) = &mut self.line_edit {
            edit.command(cmd);
            return;
        }
        let on_terms = self.focus == Focus::Head && self.head.focus_key() == "terms";
        if on_terms && matches!(cmd, Command::ChoiceNext | Command::ChoicePrev) {
            self.step_terms(cmd == Command::ChoiceNext, lang);
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

    /// ← → on the terms field: the customer's own terms (empty), then each of the
    /// common terms in the user's words.
    fn step_terms(&mut self, forward: bool, lang: Lang) {
        use crate::domain::terms::PaymentTerms;
        let typed = self.head.get("terms").trim().to_string();
        let at = PaymentTerms::parse_code(&typed)
            .or_else(|_| PaymentTerms::parse_text(&typed))
            .ok()
            .and_then(|t| PaymentTerms::CHOICES.iter().position(|c| *c == t));
        // Position 0 is the empty field; choice i is at i + 1.
        let n = PaymentTerms::CHOICES.len() + 1;
        let now = if typed.is_empty() {
            0
        } else {
            at.map_or(0, |i| i + 1)
        };
        let next = if forward {
            (now + 1) % n
        } else {
            (now + n - 1) % n
        };
        let value = match next {
            0 => String::new(),
            i => PaymentTerms::CHOICES[i - 1].label(lang),
        };
        self.head.set("terms", value);
        self.head.dirty = true;
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
            if let Some(l) = self.lines.get(self.selected) {
                crate::ops::master::check_whole_units(&l.sku, &l.unit, l.divisible, qty).map_err(
                    |r| crate::ops::Error::Field {
                        field: FieldId::Qty,
                        problem: crate::ops::FieldProblem::Refused(r),
                    },
                )?;
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
        db: &crate::ops::Db,
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
        form.read_credit(db, d.customer_id);
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
                divisible: p.divisible,
                expected: p.expected,
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

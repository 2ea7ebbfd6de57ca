//! A form of labelled fields, used by every screen that edits a record: text fields
//! take typed and scanned characters, choice fields cycle with ←/→, and the form scrolls
//! to keep the focused field in view. Validation is not here: `ops` checks on save, and
//! [`Form::focus_error`] moves the cursor to the field its error names.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::keymap::Command;
use super::theme::Theme;
use super::widgets::frame::framed;
use super::widgets::text::{type_into, Typed};
use crate::domain::field::FieldId;
use crate::domain::text::{display_width, FieldName};
use crate::i18n::Lang;
use crate::ops;

/// The keys of the form fields where the value of an ops field is typed. One table for
/// every form: a field a message names is found by its id, whatever its label says.
fn form_keys(id: FieldId) -> &'static [&'static str] {
    match id {
        FieldId::Address => &["address"],
        FieldId::Amount => &["amount"],
        FieldId::ContactName => &["contact"],
        FieldId::PromiseDate => &["promise_date"],
        FieldId::PaymentMethod => &["method"],
        FieldId::PaymentRef => &["reference"],
        FieldId::PaymentDate => &["date"],
        FieldId::VatInvoiceNo => &["vat_no"],
        FieldId::VatInvoiceDate => &["vat_date"],
        FieldId::ExportFolder => &["folder"],
        FieldId::Barcode => &["barcodes"],
        FieldId::Bin => &["bin"],
        FieldId::FromBin => &["from_bin"],
        FieldId::ToBin => &["to_bin"],
        FieldId::Code => &["code"],
        FieldId::CountedQty | FieldId::Qty => &["qty"],
        FieldId::CreditLimit => &["credit_limit"],
        FieldId::CustomerCodePrefix => &["customer_code_prefix"],
        FieldId::Customer => &["customer"],
        FieldId::CustomerName | FieldId::ProductName | FieldId::Name => &["name"],
        FieldId::CustomerRef => &["customer_ref"],
        FieldId::DateFrom => &["from"],
        FieldId::DateTo => &["to"],
        FieldId::DefaultBin => &["default_bin"],
        FieldId::DefaultTax => &["default_tax"],
        FieldId::Discount | FieldId::DiscountPercent => &["discount"],
        FieldId::Expiry => &["expiry"],
        FieldId::FloorPrice => &["floor_price"],
        FieldId::GraceDays => &["grace_days"],
        FieldId::ListPrice => &["list_price"],
        FieldId::LockoutFailures => &["lockout_failures"],
        FieldId::LockoutMinutes => &["lockout_minutes"],
        FieldId::Lot => &["lot"],
        FieldId::ManagerLimit => &["manager_limit"],
        FieldId::MaxDiscount => &["max_discount"],
        FieldId::Note => &["note"],
        FieldId::Phone => &["phone"],
        FieldId::PriceMode => &["price_mode"],
        FieldId::Product => &["product"],
        FieldId::Reason => &["reason"],
        FieldId::RequestedDate => &["requested"],
        FieldId::Sku => &["sku"],
        FieldId::Spec => &["spec"],
        FieldId::Special => &["special"],
        FieldId::StatusReason => &["status_reason"],
        FieldId::TaxRate => &["tax_rate"],
        FieldId::Terms => &["terms"],
        FieldId::Unit => &["unit"],
        FieldId::UnitCost => &["unit_cost"],
        FieldId::UnitPrice => &["price"],
        FieldId::ReturnReason => &["return_reason"],
        FieldId::Settlement => &["settlement"],
        FieldId::Condition => &["condition"],
        FieldId::Subject => &["subject"],
        FieldId::TicketKind | FieldId::RequestKind => &["kind"],
        FieldId::Severity => &["severity"],
        FieldId::Owner => &["owner"],
        FieldId::Order => &["order"],
        FieldId::Shipment => &["shipment"],
        FieldId::Resolution => &["resolution"],
        FieldId::Satisfaction => &["satisfaction"],
        FieldId::CustomerWords => &["words"],
        FieldId::SlaUrgent => &["sla_urgent"],
        FieldId::SlaHigh => &["sla_high"],
        FieldId::SlaNormal => &["sla_normal"],
        FieldId::SlaLow => &["sla_low"],
        FieldId::Supplier => &["supplier"],
        FieldId::ExpectedDate => &["expected"],
        FieldId::PurchaseRequest => &["request"],
        FieldId::WalkInCustomer => &["walk_in_customer"],
        _ => &[],
    }
}

/// One option of a choice field: the value `ops` takes and its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub zh: String,
    pub en: String,
}

impl Choice {
    pub fn new(value: &str, zh: &str, en: &str) -> Choice {
        Choice {
            value: value.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Shown as stars.
    Secret,
    /// One of the options; the value is the option's `value`.
    Choice(Vec<Choice>),
}

/// One field: a key for the code, the label in both languages, the value as typed.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: &'static str,
    pub name: FieldName,
    pub value: String,
    pub kind: Kind,
    pub max: usize,
    pub read_only: bool,
    /// A hint shown while the field has the focus, in both languages.
    pub hint: Option<(&'static str, &'static str)>,
}

impl Field {
    pub fn text(key: &'static str, zh: &'static str, en: &'static str) -> Field {
        Field {
            key,
            name: FieldName::new(zh, en),
            value: String::new(),
            kind: Kind::Text,
            max: 200,
            read_only: false,
            hint: None,
        }
    }

    pub fn choice(
        key: &'static str,
        zh: &'static str,
        en: &'static str,
        options: Vec<Choice>,
    ) -> Field {
        let value = options.first().map(|c| c.value.clone()).unwrap_or_default();
        Field {
            kind: Kind::Choice(options),
            value,
            ..Field::text(key, zh, en)
        }
    }

    pub fn secret(mut self) -> Field {
        self.kind = Kind::Secret;
        self
    }

    pub fn value(mut self, v: impl Into<String>) -> Field {
        self.value = v.into();
        self
    }

    pub fn max(mut self, n: usize) -> Field {
        self.max = n;
        self
    }

    pub fn read_only(mut self, yes: bool) -> Field {
        self.read_only = yes;
        self
    }

    pub fn hint(mut self, zh: &'static str, en: &'static str) -> Field {
        self.hint = Some((zh, en));
        self
    }

    /// The value as shown: a choice's label, stars for a secret.
    pub fn shown(&self, lang: Lang) -> String {
        match &self.kind {
            Kind::Text => self.value.clone(),
            Kind::Secret => "*".repeat(self.value.chars().count()),
            Kind::Choice(options) => options
                .iter()
                .find(|c| c.value == self.value)
                .map(|c| lang.pick(&c.zh, &c.en).to_string())
                .unwrap_or_else(|| self.value.clone()),
        }
    }
}

/// The fields, which one has the focus, and whether anything was typed since the last
/// save.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        let mut form = Form {
            fields,
            focus: 0,
            dirty: false,
        };
        if form.fields.first().is_some_and(|f| f.read_only) {
            form.move_focus(true);
        }
        form
    }

    /// The value of a field ("" when there is no such field).
    pub fn get(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
            .unwrap_or("")
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.value = value.into();
        }
    }

    /// Shows back the date a date field understood (`+3` becomes `2026-12-05`); the
    /// caller does so once the cursor has left the field. Text that is no date stays
    /// for the save to refuse.
    pub fn show_back_date(&mut self, key: &str, today: impl FnOnce() -> Option<chrono::NaiveDate>) {
        let typed = self.get(key).trim();
        if typed.is_empty() || date_as_shown(typed) {
            return;
        }
        if let Some(d) = today().and_then(|t| crate::domain::date::parse_typed_date(typed, t)) {
            self.set(key, d.to_string());
        }
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The key of the focused field.
    pub fn focus_key(&self) -> &'static str {
        self.focused().map(|f| f.key).unwrap_or("")
    }

    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    /// Moves the focus to the field an error names, if it is on this form: by the
    /// error's field id, never by the words of its name.
    pub fn focus_error(&mut self, e: &ops::Error) {
        if let ops::Error::Field { field, .. } = e {
            let keys = form_keys(*field);
            if let Some(i) = self.fields.iter().position(|f| keys.contains(&f.key)) {
                self.focus = i;
            }
        }
    }

    /// Moves the focus to the next (or previous) field that can be edited; returns
    /// false at either end.
    pub fn move_focus(&mut self, forward: bool) -> bool {
        let n = self.fields.len();
        let mut i = self.focus;
        loop {
            let next = if forward {
                i + 1
            } else {
                match i.checked_sub(1) {
                    Some(p) => p,
                    None => return false,
                }
            };
            if next >= n {
                return false;
            }
            i = next;
            if !self.fields[i].read_only {
                self.focus = i;
                return true;
            }
        }
    }

    /// Handles the commands a form knows (field moves, choices, clearing); returns
    /// whether it did.
    pub fn command(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::NextField => {
                self.move_focus(true);
            }
            Command::PrevField => {
                self.move_focus(false);
            }
            Command::ChoiceNext | Command::ChoicePrev => self.cycle(cmd == Command::ChoiceNext),
            Command::ClearField => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    if !f.read_only && !matches!(f.kind, Kind::Choice(_)) {
                        f.value.clear();
                        self.dirty = true;
                    }
                }
            }
            _ => return false,
        }
        true
    }

    fn cycle(&mut self, forward: bool) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        if f.read_only {
            return;
        }
        if let Kind::Choice(options) = &f.kind {
            if options.is_empty() {
                return;
            }
            let n = options.len();
            let i = options.iter().position(|c| c.value == f.value).unwrap_or(0);
            let j = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            f.value = options[j].value.clone();
            self.dirty = true;
        }
    }

    /// A typed key for the focused field. Returns `Ended` on Tab or LF, after which the
    /// caller usually moves on.
    pub fn key(&mut self, key: &KeyEvent) -> Typed {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return Typed::Ignored;
        };
        if f.read_only {
            return Typed::Ignored;
        }
        if let Kind::Choice(options) = &f.kind {
            // A typed letter picks the next option starting with it, so a choice can be
            // made without arrows too.
            if let crossterm::event::KeyCode::Char(c) = key.code {
                let c = c.to_ascii_lowercase();
                let n = options.len();
                let start = options.iter().position(|o| o.value == f.value).unwrap_or(0);
                for step in 1..=n {
                    let o = &options[(start + step) % n];
                    if o.value.to_ascii_lowercase().starts_with(c)
                        || o.en.to_ascii_lowercase().starts_with(c)
                    {
                        f.value = o.value.clone();
                        self.dirty = true;
                        return Typed::Changed;
                    }
                }
                return Typed::Ignored;
            }
            return match key.code {
                crossterm::event::KeyCode::Tab => Typed::Ended,
                _ => Typed::Ignored,
            };
        }
        let typed = type_into(&mut f.value, key, f.max, false);
        if typed == Typed::Changed {
            self.dirty = true;
        }
        typed
    }

    /// Draws the form in a frame with `title`, one field per row, scrolled so the focus
    /// is visible; the focused field's hint goes on the last row.
    pub fn draw(&self, f: &mut Frame, area: Rect, title: &str, lang: Lang, theme: Theme) {
        let block = framed(title, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 {
            return;
        }
        let label_w = self
            .fields
            .iter()
            .map(|fd| display_width(lang.pick(fd.name.zh, fd.name.en)))
            .max()
            .unwrap_or(0);
        let sep = lang.pick("：", ": ");
        let rows = usize::from(inner.height.saturating_sub(1)).max(1);
        let start = super::widgets::frame::scroll_start(self.focus, rows);
        let mut lines = Vec::new();
        for (i, fd) in self.fields.iter().enumerate().skip(start).take(rows) {
            let label = lang.pick(fd.name.zh, fd.name.en);
            let pad = " ".repeat(label_w.saturating_sub(display_width(label)));
            let focused = i == self.focus;
            let marker = if focused { "▶ " } else { "  " };
            let mut value = fd.shown(lang);
            if let Kind::Choice(_) = fd.kind {
                if focused {
                    value = format!("‹ {value} ›");
                }
            } else if focused {
                value.push('▏');
            }
            let value_style = if fd.read_only {
                theme.dim()
            } else if focused {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{marker}{label}{pad}{sep}")),
                Span::styled(value, value_style),
            ]));
        }
        while lines.len() < rows {
            lines.push(Line::default());
        }
        if let Some((zh, en)) = self.focused().and_then(|fd| fd.hint) {
            lines.push(Line::from(Span::styled(
                lang.pick(zh, en).to_string(),
                theme.dim(),
            )));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// Whether a date field already shows its date in full (YYYY-MM-DD).
fn date_as_shown(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn form() -> Form {
        Form::new(vec![
            Field::text("id", "编号", "Code")
                .value("C1")
                .read_only(true),
            Field::text("name", "名称", "Name"),
            Field::choice(
                "status",
                "状态",
                "Status",
                vec![
                    Choice::new("active", "正常", "Active"),
                    Choice::new("blocked", "冻结", "Blocked"),
                ],
            ),
        ])
    }

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn focus_skips_read_only_fields_and_stops_at_the_ends() {
        let mut f = form();
        assert_eq!(f.focus_key(), "name");
        assert!(!f.move_focus(false), "the read-only code is skipped");
        assert!(f.move_focus(true));
        assert_eq!(f.focus_key(), "status");
        assert!(!f.move_focus(true));
    }

    #[test]
    fn typing_edits_text_and_letters_pick_choices() {
        let mut f = form();
        f.key(&k('A'));
        f.key(&k('b'));
        assert_eq!(f.get("name"), "Ab");
        assert!(f.dirty);
        f.command(Command::NextField);
        f.key(&k('b'));
        assert_eq!(f.get("status"), "blocked");
        f.command(Command::ChoiceNext);
        assert_eq!(f.get("status"), "active");
        f.command(Command::ClearField);
        assert_eq!(f.get("status"), "active", "a choice is never cleared");
        f.focus_on("name");
        f.command(Command::ClearField);
        assert_eq!(f.get("name"), "");
    }

    #[test]
    fn an_error_moves_the_focus_to_its_field() {
        let mut f = form();
        f.focus_on("status");
        let e = ops::Error::Field {
            field: crate::domain::field::FieldId::Name,
            problem: ops::FieldProblem::Refused(ops::Refusal::Empty),
        };
        f.focus_error(&e);
        assert_eq!(f.focus_key(), "name");
    }

    #[test]
    fn an_error_finds_its_field_by_id_even_where_two_labels_read_the_same() {
        // A transfer's two bins are both labelled 库位 / Bin.
        let mut f = Form::new(vec![
            Field::text("from_bin", "库位", "Bin"),
            Field::text("to_bin", "库位", "Bin"),
            Field::text("qty", "数量", "Quantity"),
        ]);
        let e = |field| ops::Error::Field {
            field,
            problem: ops::FieldProblem::Refused(ops::Refusal::Empty),
        };
        f.focus_error(&e(crate::domain::field::FieldId::ToBin));
        assert_eq!(f.focus_key(), "to_bin");
        f.focus_error(&e(crate::domain::field::FieldId::FromBin));
        assert_eq!(f.focus_key(), "from_bin");
        f.focus_error(&e(crate::domain::field::FieldId::Qty));
        assert_eq!(f.focus_key(), "qty");
    }
}

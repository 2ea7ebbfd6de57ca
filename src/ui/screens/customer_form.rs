//! The customer form: create or edit one customer and its contacts. F5 saves through
//! `ops::master`, with the version read so that another session's save in between is
//! refused rather than overwritten. What the user may not change is read-only: the
//! whole form without the customer permission, and the credit fields (payment terms,
//! credit limit, status and its reason) without the credit permission. `ops` refuses
//! both anyway.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::master_form::{
    self, draw_grid, draw_rows, draw_table, foot_lines, Col, Grid, InfoTable,
};
use crate::bi;
use crate::domain::access::Permission;
use crate::domain::money::Money;
use crate::domain::order::OrderStage;
use crate::domain::terms::PaymentTerms;
use crate::i18n::{Lang, Localized};
use crate::ops::master::{ContactInput, CustomerDetail, CustomerInput, CustomerStatus};
use crate::ops::orders::{OrderFilter, OrderListRow};
use crate::ops::{self, Thing};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, Env, Nav, View};

/// Contact rows the form can hold; contacts beyond them are kept unchanged on save.
const MAX_CONTACTS: usize = 8;
/// Contact rows shown at least, filled or not.
const MIN_CONTACTS: usize = 3;

/// The field keys of each contact row: name, phone, role or note, e-mail.
const CONTACT_KEYS: [[&str; 4]; MAX_CONTACTS] = [
    ["c1_name", "c1_phone", "c1_title", "c1_email"],
    ["c2_name", "c2_phone", "c2_title", "c2_email"],
    ["c3_name", "c3_phone", "c3_title", "c3_email"],
    ["c4_name", "c4_phone", "c4_title", "c4_email"],
    ["c5_name", "c5_phone", "c5_title", "c5_email"],
    ["c6_name", "c6_phone", "c6_title", "c6_email"],
    ["c7_name", "c7_phone", "c7_title", "c7_email"],
    ["c8_name", "c8_phone", "c8_title", "c8_email"],
];

/// The customer's own fields, before the contacts.
const MAIN_FIELDS: usize = 8;

/// Payment terms offered besides the customer's own (any terms `ops` accepts are kept).
const TERMS_OFFERED: [&str; 12] = [
    "cod", "prepay", "net:7", "net:15", "net:30", "net:45", "net:60", "net:90", "eom:0", "eom:30",
    "eom:60", "eom:90",
];

fn terms_choices(current: &str) -> Vec<Choice> {
    let mut codes: Vec<&str> = TERMS_OFFERED.to_vec();
    if !codes.contains(&current) {
        codes.push(current);
    }
    codes
        .into_iter()
        .filter_map(|c| PaymentTerms::parse_code(c).ok())
        .map(|t| Choice::new(&t.code(), &t.label(Lang::Zh), &t.label(Lang::En)))
        .collect()
}

fn status_choices() -> Vec<Choice> {
    [
        CustomerStatus::Prospect,
        CustomerStatus::Active,
        CustomerStatus::Blocked,
    ]
    .into_iter()
    .map(|s| {
        Choice::new(
            s.as_str(),
            &super::customers::status_label(s.as_str(), Lang::Zh),
            &super::customers::status_label(s.as_str(), Lang::En),
        )
    })
    .collect()
}

/// The form of one customer, new or existing.
pub struct CustomerForm {
    id: Option<i64>,
    /// The version read, sent with the update.
    version: i64,
    /// Code and name as saved, for the title.
    saved_as: String,
    form: Form,
    /// Contact rows on the form.
    contacts: usize,
    /// Contacts beyond the rows of the form, saved back unchanged.
    extra_contacts: Vec<ContactInput>,
    /// The customer's most recent orders, shown under the form where there is room.
    orders: Vec<OrderListRow>,
    can_edit: bool,
    can_credit: bool,
    /// Esc was pressed once with unsaved typing.
    confirm_discard: bool,
}

impl CustomerForm {
    /// The form of an existing customer, with the fields the user may not change
    /// read-only; the status line says why.
    pub fn open(env: &mut Env, id: i64) -> Result<CustomerForm, ops::Error> {
        let detail = ops::master::customer(env.db, id)?;
        let mut form = CustomerForm::build(
            Some(&detail),
            master_form::allowed(env, Permission::EditCustomers)?,
            master_form::allowed(env, Permission::ApproveCredit)?,
        );
        form.orders = recent_orders(env, id)?;
        if !form.can_edit {
            env.say(READ_ONLY.0, READ_ONLY.1, false);
        }
        Ok(form)
    }

    /// An empty form for a new customer; refused without the customer permission.
    pub fn new_customer(env: &mut Env) -> Result<CustomerForm, ops::Error> {
        if !master_form::allowed(env, Permission::EditCustomers)? {
            return Err(ops::Error::PermissionDenied {
                permission: Permission::EditCustomers,
            });
        }
        Ok(CustomerForm::build(
            None,
            true,
            master_form::allowed(env, Permission::ApproveCredit)?,
        ))
    }

    fn build(detail: Option<&CustomerDetail>, can_edit: bool, can_credit: bool) -> CustomerForm {
        let c = detail.map(|d| &d.customer);
        let stored = detail.map(|d| d.contacts.as_slice()).unwrap_or_default();
        let contacts = (stored.len() + 1).clamp(MIN_CONTACTS, MAX_CONTACTS);
        let credit_ro = !can_edit || !can_credit;
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let mut fields = vec![
            Field::text("code", "编码", "Code")
                .value(c.map(|c| c.code.clone()).unwrap_or_default())
                .max(32)
                .read_only(!can_edit || c.is_some())
                .hint(
                    "客户编码：字母、数字和 - _ . /，保存后不能修改",
                    "Customer code: letters, digits and - _ . /; fixed once saved",
                ),
            Field::text("name", "客户名称", "Customer name")
                .value(c.map(|c| c.name.clone()).unwrap_or_default())
                .max(100)
                .read_only(!can_edit),
            Field::text("phone", "电话", "Phone")
                .value(text(c.and_then(|c| c.phone.as_ref())))
                .max(30)
                .read_only(!can_edit),
            Field::text("address", "地址", "Address")
                .value(text(c.and_then(|c| c.address.as_ref())))
                .max(200)
                .read_only(!can_edit),
            Field::choice(
                "terms",
                "付款条件",
                "Payment terms",
                terms_choices(c.map(|c| c.terms.as_str()).unwrap_or("cod")),
            )
            .value(c.map(|c| c.terms.clone()).unwrap_or_else(|| "cod".into()))
            .read_only(credit_ro)
            .hint("←/→ 选择", "←/→ to choose"),
            Field::text("credit_limit", "信用额度", "Credit limit")
                .value(Money::from_minor(c.map(|c| c.credit_limit_minor).unwrap_or(0)).plain())
                .max(20)
                .read_only(credit_ro)
                .hint("元；0 表示不赊账", "Yuan; 0 means no credit"),
            Field::choice("status", "状态", "Status", status_choices())
                .value(
                    c.map(|c| c.status.clone())
                        .unwrap_or_else(|| "prospect".into()),
                )
                .read_only(credit_ro)
                .hint("←/→ 选择", "←/→ to choose"),
            Field::text("status_reason", "状态原因", "Status reason")
                .value(text(c.and_then(|c| c.status_reason.as_ref())))
                .max(200)
                .read_only(credit_ro)
                .hint(
                    "冻结客户时必须写明原因",
                    "Required when the customer is blocked",
                ),
        ];
        for (i, keys) in CONTACT_KEYS.iter().enumerate().take(contacts) {
            let k = stored.get(i);
            let hint_zh = if i == 0 {
                "第一位联系人是主要联系人"
            } else {
                "整行留空即不保存"
            };
            let hint_en = if i == 0 {
                "The first contact is the main one"
            } else {
                "A row left empty is not saved"
            };
            fields.push(
                Field::text(keys[0], "联系人", "Contact name")
                    .value(k.map(|k| k.name.clone()).unwrap_or_default())
                    .max(64)
                    .read_only(!can_edit)
                    .hint(hint_zh, hint_en),
            );
            fields.push(
                Field::text(keys[1], "电话", "Phone")
                    .value(text(k.and_then(|k| k.phone.as_ref())))
                    .max(30)
                    .read_only(!can_edit),
            );
            fields.push(
                Field::text(keys[2], "职务", "Title")
                    .value(text(k.and_then(|k| k.title.as_ref())))
                    .max(32)
                    .read_only(!can_edit)
                    .hint(
                        "职务或备注，如 采购、财务",
                        "Role or note, e.g. buyer, accounts",
                    ),
            );
            fields.push(
                Field::text(keys[3], "邮箱", "Email")
                    .value(text(k.and_then(|k| k.email.as_ref())))
                    .max(100)
                    .read_only(!can_edit),
            );
        }
        let extra_contacts = stored
            .iter()
            .skip(contacts)
            .map(|k| ContactInput {
                name: k.name.clone(),
                phone: text(k.phone.as_ref()),
                email: text(k.email.as_ref()),
                title: text(k.title.as_ref()),
            })
            .collect();
        CustomerForm {
            id: c.map(|c| c.id),
            version: c.map(|c| c.version).unwrap_or(0),
            saved_as: c
                .map(|c| format!("{} {}", c.code, c.name))
                .unwrap_or_default(),
            form: Form::new(fields),
            contacts,
            extra_contacts,
            orders: Vec::new(),
            can_edit,
            can_credit,
            confirm_discard: false,
        }
    }

    fn contact_input(&self, row: usize) -> ContactInput {
        let Some(keys) = CONTACT_KEYS.get(row) else {
            return ContactInput::default();
        };
        ContactInput {
            name: self.form.get(keys[0]).to_string(),
            phone: self.form.get(keys[1]).to_string(),
            title: self.form.get(keys[2]).to_string(),
            email: self.form.get(keys[3]).to_string(),
        }
    }

    /// The form as `ops` takes it, and which form row each contact came from (rows
    /// left empty are not saved).
    fn input(&self) -> (CustomerInput, Vec<usize>) {
        let mut contacts = Vec::new();
        let mut rows = Vec::new();
        for row in 0..self.contacts {
            let k = self.contact_input(row);
            let empty = [&k.name, &k.phone, &k.title, &k.email]
                .iter()
                .all(|s| s.trim().is_empty());
            if !empty {
                contacts.push(k);
                rows.push(row);
            }
        }
        contacts.extend(self.extra_contacts.iter().cloned());
        let credit = self.form.get("credit_limit");
        let input = CustomerInput {
            code: self.form.get("code").to_string(),
            name: self.form.get("name").to_string(),
            phone: self.form.get("phone").to_string(),
            address: self.form.get("address").to_string(),
            terms: self.form.get("terms").to_string(),
            credit_limit: if credit.trim().is_empty() {
                "0".into()
            } else {
                credit.to_string()
            },
            status: CustomerStatus::parse(self.form.get("status"))
                .unwrap_or(CustomerStatus::Prospect),
            status_reason: self.form.get("status_reason").to_string(),
            contacts,
        };
        (input, rows)
    }

    fn save(&mut self, env: &mut Env) -> Nav {
        if !self.can_edit {
            env.say(READ_ONLY.0, READ_ONLY.1, true);
            return Nav::Stay;
        }
        let (input, rows) = self.input();
        let saved = match self.id {
            None => ops::master::create_customer(env.db, env.actor, &input),
            Some(id) => ops::master::update_customer(env.db, env.actor, id, self.version, &input)
                .map(|()| id),
        };
        match saved {
            Ok(id) => {
                self.saved_as =
                    format!("{} {}", input.code.trim().to_uppercase(), input.name.trim());
                // The saved record read back: codes and phones as `ops` cleaned them, and
                // the new version. If that read fails, the version the save wrote.
                self.version = if self.id.is_some() {
                    self.version + 1
                } else {
                    1
                };
                self.id = Some(id);
                self.form.dirty = false;
                self.refresh(env);
                env.ok(bi!(
                    env.lang,
                    "客户 {} 已保存。",
                    "Customer {} saved.",
                    self.saved_as
                ));
            }
            Err(e) => self.show_error(&e, &rows, env),
        }
        Nav::Stay
    }

    /// Shows a refused save: the message, with the focus on the field it names (the
    /// contact row too); what was typed stays.
    fn show_error(&mut self, e: &ops::Error, rows: &[usize], env: &mut Env) {
        match e {
            ops::Error::Duplicate {
                what: Thing::Customer,
                ..
            } => self.form.focus_on("code"),
            ops::Error::Field { field, .. } => {
                let at_fault = rows.iter().find_map(|&row| {
                    match ops::master::check_contact(&self.contact_input(row)) {
                        Err(ops::Error::Field { field: f, .. }) if f == *field => {
                            let col = ["Contact name", "Phone", "Title", "Email"]
                                .iter()
                                .position(|en| *en == f.en)?;
                            Some((row, col))
                        }
                        _ => None,
                    }
                });
                if let Some((row, col)) = at_fault {
                    if let Some(key) = CONTACT_KEYS.get(row).map(|k| k[col]) {
                        self.form.focus_on(key);
                    }
                    env.warn(bi!(
                        env.lang,
                        "第 {} 位联系人 · {}",
                        "Contact {}: {}",
                        row + 1,
                        e.localized(env.lang)
                    ));
                    return;
                }
                self.form.focus_error(e);
            }
            _ => {}
        }
        env.error(e);
    }

    /// Reads the customer again after a save or another session's change, keeping the
    /// focus where it was.
    fn refresh(&mut self, env: &mut Env) -> bool {
        let Some(id) = self.id else {
            return true;
        };
        let read = ops::master::customer(env.db, id).and_then(|d| {
            Ok((
                d,
                master_form::allowed(env, Permission::EditCustomers)?,
                master_form::allowed(env, Permission::ApproveCredit)?,
                recent_orders(env, id)?,
            ))
        });
        match read {
            Ok((d, can_edit, can_credit, orders)) => {
                let focus = self.form.focus_key();
                *self = CustomerForm::build(Some(&d), can_edit, can_credit);
                self.orders = orders;
                self.form.focus_on(focus);
                if self.form.focused().is_some_and(|f| f.read_only) {
                    self.form.move_focus(true);
                }
                true
            }
            Err(e) => {
                env.error(&e);
                !crate::store::Retryable::is_busy(&e)
            }
        }
    }

    /// What the user may not change here, for the foot of the form.
    fn notice(&self, lang: Lang) -> Option<String> {
        if !self.can_edit {
            Some(lang.pick(READ_ONLY.0, READ_ONLY.1).to_string())
        } else if !self.can_credit {
            Some(
                lang.pick(
                    "付款条件、信用额度和状态需要信用审批权限（只读）",
                    "Terms, credit limit and status need the credit permission (read-only)",
                )
                .to_string(),
            )
        } else {
            None
        }
    }
}

/// Orders read for the panel under the form (as many as a tall screen shows).
const RECENT_ORDERS: i64 = 30;

fn recent_orders(env: &Env, customer_id: i64) -> Result<Vec<OrderListRow>, ops::Error> {
    let filter = OrderFilter {
        customer_id: Some(customer_id),
        ..OrderFilter::default()
    };
    ops::orders::orders_page(env.db, &filter, None, RECENT_ORDERS)
}

/// The message of a form the user may only read.
const READ_ONLY: (&str, &str) = (
    "只读：您没有维护客户的权限。",
    "Read-only: you may not edit customers.",
);

impl CustomerForm {
    fn draw_orders(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let col = |zh, en, width, right| Col {
            zh,
            en,
            width,
            right,
        };
        let cols = [
            col("订单号", "Order no.", 15, false),
            col("日期", "Date", 10, false),
            col("状态", "Stage", 10, false),
            col("价税合计", "Total", 14, true),
        ];
        let rows: Vec<Vec<String>> = self
            .orders
            .iter()
            .map(|o| {
                vec![
                    o.number
                        .clone()
                        .unwrap_or_else(|| lang.pick("（草稿）", "(draft)").to_string()),
                    o.order_date.clone(),
                    OrderStage::parse(&o.stage)
                        .map(|s| s.label(lang))
                        .unwrap_or_else(|| o.stage.clone()),
                    Money::from_minor(o.gross_minor).to_string(),
                ]
            })
            .collect();
        let table = InfoTable {
            title: Some(lang.pick("最近订单", "Recent orders").to_string()),
            cols: &cols,
            capped: rows.len() as i64 >= RECENT_ORDERS,
            rows,
        };
        draw_table(f, area, &table, lang, theme);
    }
}

impl View for CustomerForm {
    fn name(&self) -> &'static str {
        "customer-form"
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let mut title = match self.id {
            None => lang.pick("新客户", "New customer").to_string(),
            Some(_) => bi!(lang, "客户 {}", "Customer {}", self.saved_as),
        };
        if self.form.dirty {
            title.push_str(lang.pick("（未保存）", " (unsaved)"));
        }
        let block = framed(&title, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [main, _, contacts, orders, foot] = Layout::vertical([
            Constraint::Length(MAIN_FIELDS as u16),
            Constraint::Length(1),
            Constraint::Max(self.contacts as u16 + 1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let main_idx: Vec<usize> = (0..MAIN_FIELDS).collect();
        draw_rows(f, main, &self.form, &main_idx, lang, theme);
        let cells: Vec<Vec<usize>> = (0..self.contacts)
            .map(|r| (0..4).map(|c| MAIN_FIELDS + r * 4 + c).collect())
            .collect();
        let wide = inner.width >= 120;
        let widths: &[usize] = if wide {
            &[16, 20, 24, 30]
        } else {
            &[12, 14, 14, 20]
        };
        let grid = Grid {
            headers: &[
                ("联系人", "Contact"),
                ("电话", "Phone"),
                ("职务/备注", "Role/note"),
                ("邮箱", "Email"),
            ],
            widths,
            cells: &cells,
        };
        draw_grid(f, contacts, &self.form, &grid, lang, theme);
        if self.id.is_some() {
            self.draw_orders(f, orders, lang, theme);
        }
        let mut notice = self.notice(lang);
        if !self.extra_contacts.is_empty() {
            notice.get_or_insert_with(String::new).push_str(&bi!(
                lang,
                "  另有 {} 位联系人未显示，保存时保留",
                "  {} more contacts not shown are kept",
                self.extra_contacts.len()
            ));
        }
        f.render_widget(
            Paragraph::new(foot_lines(&self.form, notice, lang, theme)),
            foot,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if cmd != Command::Back {
            self.confirm_discard = false;
        }
        match cmd {
            Command::Back => master_form::back(&self.form, &mut self.confirm_discard, env),
            Command::Save => self.save(env),
            _ => {
                if self.can_edit || !master_form::browse(&mut self.form, cmd) {
                    self.form.command(cmd);
                }
                Nav::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        self.confirm_discard = false;
        let notice = self.notice(env.lang);
        master_form::type_key(&mut self.form, key, notice, env);
        Nav::Stay
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        // Typing is never replaced under the user's hands.
        if self.form.dirty {
            return true;
        }
        self.refresh(env)
    }

    fn unsaved(&self) -> bool {
        self.form.dirty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customers_own_terms_are_offered_too() {
        let c = terms_choices("net:20");
        assert!(c.iter().any(|c| c.value == "net:20" && c.zh == "20天"));
        assert_eq!(terms_choices("cod").len(), TERMS_OFFERED.len());
        assert_eq!(
            terms_choices("garbage").len(),
            TERMS_OFFERED.len(),
            "unknown stored terms are not offered"
        );
    }

    #[test]
    fn empty_contact_rows_are_not_saved_and_extra_contacts_are_kept() {
        let mut f = CustomerForm::build(None, true, true);
        assert_eq!(f.contacts, MIN_CONTACTS);
        f.form.set("c2_name", "王经理");
        f.form.set("credit_limit", " ");
        let (input, rows) = f.input();
        assert_eq!(rows, vec![1]);
        assert_eq!(input.contacts.len(), 1);
        assert_eq!(input.contacts[0].name, "王经理");
        assert_eq!(input.credit_limit, "0", "an empty limit is no credit");

        let contact = |i: usize| crate::store::customers::ContactRow {
            name: format!("联系人{i}"),
            phone: None,
            email: None,
            title: None,
            is_primary: i == 0,
        };
        let detail = CustomerDetail {
            customer: crate::store::customers::CustomerRow {
                id: 7,
                code: "C7".into(),
                name: "七号".into(),
                initials: "qh".into(),
                phone: None,
                address: None,
                terms: "cod".into(),
                credit_limit_minor: 0,
                status: "active".into(),
                status_reason: None,
                version: 3,
                updated_at: String::new(),
            },
            contacts: (0..10).map(contact).collect(),
        };
        let f = CustomerForm::build(Some(&detail), true, false);
        assert_eq!(f.contacts, MAX_CONTACTS);
        assert_eq!(f.version, 3);
        let (input, rows) = f.input();
        assert_eq!(rows.len(), MAX_CONTACTS);
        let names: Vec<String> = input.contacts.iter().map(|k| k.name.clone()).collect();
        let want: Vec<String> = (0..10).map(|i| format!("联系人{i}")).collect();
        assert_eq!(
            names, want,
            "contacts beyond the form are saved back in order"
        );
        assert!(f
            .form
            .fields
            .iter()
            .any(|x| x.key == "credit_limit" && x.read_only));
        assert!(f.form.fields.iter().any(|x| x.key == "code" && x.read_only));
    }
}

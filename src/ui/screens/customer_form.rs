//! The customer form: create or edit one customer and its contacts. F5 saves through
//! `ops::master`, with the version read so that another session's save in between is
//! refused rather than overwritten. What the user may not change is read-only: the
//! whole form without the customer permission, and the credit fields (payment terms,
//! credit limit, status and its reason) without the credit permission. `ops` refuses
//! both anyway.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::master_form::{
    self, draw_grid, draw_rows, draw_table, foot_lines, Col, Editing, Grid, InfoTable, Record,
};
use crate::bi;
use crate::domain::access::Permission;
use crate::domain::field::FieldId;
use crate::domain::terms::PaymentTerms;
use crate::i18n::{Lang, Localized};
use crate::ops::master::{ContactInput, CustomerDetail, CustomerInput, CustomerStatus};
use crate::ops::orders::{OrderFilter, OrderListRow};
use crate::ops::{self, Thing};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::theme::Theme;
use crate::ui::view::Env;

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
            &status_label(s.as_str(), Lang::Zh),
            &status_label(s.as_str(), Lang::En),
        )
    })
    .collect()
}

/// The form of one customer, new or existing.
pub struct CustomerForm {
    edit: Editing,
    /// Contact rows on the form.
    contacts: usize,
    /// Contacts beyond the rows of the form, saved back unchanged.
    extra_contacts: Vec<ContactInput>,
    /// The customer's most recent orders, shown under the form where there is room.
    orders: Vec<OrderListRow>,
    /// The customer's tickets (客诉), newest first, beside or under the orders.
    tickets: Vec<ops::tickets::TicketSummary>,
    can_credit: bool,
}

impl CustomerForm {
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
                    "客户编码：字母、数字和 - _ . /，留空自动编号，保存后不能修改",
                    "Customer code: letters, digits and - _ . /; empty numbers it; fixed once saved",
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
                terms_choices(&c.map(|c| c.terms.code()).unwrap_or_else(|| "cod".into())),
            )
            .value(c.map(|c| c.terms.code()).unwrap_or_else(|| "cod".into()))
            .read_only(credit_ro)
            .hint("←/→ 选择", "←/→ to choose"),
            Field::text("credit_limit", "信用额度", "Credit limit")
                .value(c.map(|c| c.credit_limit).unwrap_or_default().plain())
                .max(20)
                .read_only(credit_ro)
                .hint("元；0 表示不赊账", "Yuan; 0 means no credit"),
            Field::choice("status", "状态", "Status", status_choices())
                .value(c.map(|c| c.status.as_str()).unwrap_or("prospect"))
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
            edit: Editing::new(
                c.map(|c| c.id),
                c.map(|c| c.version).unwrap_or(0),
                c.map(|c| format!("{} {}", c.code, c.name))
                    .unwrap_or_default(),
                Form::new(fields),
                can_edit,
            ),
            contacts,
            extra_contacts,
            orders: Vec::new(),
            tickets: Vec::new(),
            can_credit,
        }
    }

    fn contact_input(&self, row: usize) -> ContactInput {
        let Some(keys) = CONTACT_KEYS.get(row) else {
            return ContactInput::default();
        };
        ContactInput {
            name: self.edit.form.get(keys[0]).to_string(),
            phone: self.edit.form.get(keys[1]).to_string(),
            title: self.edit.form.get(keys[2]).to_string(),
            email: self.edit.form.get(keys[3]).to_string(),
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
        let credit = self.edit.form.get("credit_limit");
        let input = CustomerInput {
            code: self.edit.form.get("code").to_string(),
            name: self.edit.form.get("name").to_string(),
            phone: self.edit.form.get("phone").to_string(),
            address: self.edit.form.get("address").to_string(),
            terms: self.edit.form.get("terms").to_string(),
            credit_limit: if credit.trim().is_empty() {
                "0".into()
            } else {
                credit.to_string()
            },
            status: CustomerStatus::parse(self.edit.form.get("status"))
                .unwrap_or(CustomerStatus::Prospect),
            status_reason: self.edit.form.get("status_reason").to_string(),
            contacts,
        };
        (input, rows)
    }
}

/// Orders read for the panel under the form (as many as a tall screen shows).
const RECENT_ORDERS: i64 = 30;
/// Tickets read for the panel beside the orders.
const RECENT_TICKETS: i64 = 20;

fn recent_orders(env: &Env, customer_id: i64) -> Result<Vec<OrderListRow>, ops::Error> {
    let filter = OrderFilter {
        customer_id: Some(customer_id),
        ..OrderFilter::default()
    };
    ops::orders::orders_page(env.db, &filter, None, RECENT_ORDERS)
}

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
                        .or_else(|| o.draft_no.clone())
                        .unwrap_or_else(|| lang.pick("（草稿）", "(draft)").to_string()),
                    o.order_date.clone(),
                    o.stage.label(lang),
                    o.gross.to_string(),
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

impl Record for CustomerForm {
    const NAME: &'static str = "customer-form";
    const NOUN: (&'static str, &'static str) = ("客户", "Customer");
    const NEW: (&'static str, &'static str) = ("新客户", "New customer");
    const READ_ONLY: (&'static str, &'static str) = (
        "只读：您没有维护客户的权限。",
        "Read-only: you may not edit customers.",
    );
    const CODE: &'static str = "code";

    fn read(env: &mut Env, id: i64) -> Result<CustomerForm, ops::Error> {
        let detail = ops::master::customer(env.db, id)?;
        let mut form = CustomerForm::build(
            Some(&detail),
            master_form::allowed(env, Permission::EditCustomers)?,
            master_form::allowed(env, Permission::ApproveCredit)?,
        );
        form.orders = recent_orders(env, id)?;
        form.tickets = ops::tickets::tickets_page(
            env.db,
            Some(env.actor),
            ops::tickets::Scope::Customer(id),
            ops::tickets::TicketFilter::All,
            None,
            RECENT_TICKETS,
        )?;
        Ok(form)
    }

    fn editing(&self) -> &Editing {
        &self.edit
    }

    fn editing_mut(&mut self) -> &mut Editing {
        &mut self.edit
    }

    fn partly_read_only(&self) -> Option<(&'static str, &'static str)> {
        (!self.can_credit).then_some((
            "付款条件、信用额度和状态需要信用审批权限（只读）",
            "Terms, credit limit and status need the credit permission (read-only)",
        ))
    }

    fn write(&self, env: &mut Env) -> Result<i64, ops::Error> {
        let (input, _) = self.input();
        match self.edit.id {
            None => ops::master::create_customer(env.db, env.actor, &input),
            Some(id) => {
                ops::master::update_customer(env.db, env.actor, id, self.edit.version, &input)
                    .map(|()| id)
            }
        }
    }

    /// The focus goes to the contact row too.
    fn refused(&mut self, e: &ops::Error, env: &mut Env) {
        let (_, rows) = self.input();
        match e {
            ops::Error::Duplicate {
                what: Thing::Customer,
                ..
            } => self.edit.form.focus_on("code"),
            ops::Error::Field { field, .. } => {
                let at_fault = rows.iter().find_map(|&row| {
                    match ops::master::check_contact(&self.contact_input(row)) {
                        Err(ops::Error::Field { field: f, .. }) if f == *field => {
                            let col = [
                                FieldId::ContactName,
                                FieldId::Phone,
                                FieldId::Title,
                                FieldId::Email,
                            ]
                            .iter()
                            .position(|id| *id == f)?;
                            Some((row, col))
                        }
                        _ => None,
                    }
                });
                if let Some((row, col)) = at_fault {
                    if let Some(key) = CONTACT_KEYS.get(row).map(|k| k[col]) {
                        self.edit.form.focus_on(key);
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
                self.edit.form.focus_error(e);
            }
            _ => {}
        }
        env.error(e);
    }

    fn draw(&self, f: &mut Frame, inner: Rect, lang: Lang, theme: Theme) {
        let [main, _, contacts, orders, foot] = Layout::vertical([
            Constraint::Length(MAIN_FIELDS as u16),
            Constraint::Length(1),
            Constraint::Max(self.contacts as u16 + 1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let main_idx: Vec<usize> = (0..MAIN_FIELDS).collect();
        draw_rows(f, main, &self.edit.form, &main_idx, lang, theme);
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
        draw_grid(f, contacts, &self.edit.form, &grid, lang, theme);
        if self.edit.id.is_some() {
            if self.tickets.is_empty() {
                self.draw_orders(f, orders, lang, theme);
            } else {
                let [o, t] = if inner.width >= 120 {
                    Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)])
                        .areas(orders)
                } else {
                    // The orders keep their heading and a few rows: on a short screen the
                    // tickets take one line.
                    let h = if orders.height >= 7 {
                        (self.tickets.len() as u16 + 1).min(3)
                    } else {
                        1
                    };
                    Layout::vertical([Constraint::Fill(1), Constraint::Length(h)]).areas(orders)
                };
                self.draw_orders(f, o, lang, theme);
                let capped = self.tickets.len() as i64 >= RECENT_TICKETS;
                super::tickets::brief::panel(f, t, &self.tickets, capped, lang, theme);
            }
        }
        let mut notice = self.notice(lang);
        if !self.extra_contacts.is_empty() {
            let n = self.extra_contacts.len();
            notice
                .get_or_insert_with(String::new)
                .push_str(&match lang {
                    Lang::Zh => format!("  另有 {n} 位联系人未显示，保存时保留"),
                    Lang::En => format!(
                        "  {} not shown {} kept",
                        crate::i18n::count_en(n, "more contact", "more contacts"),
                        if n == 1 { "is" } else { "are" }
                    ),
                });
        }
        f.render_widget(
            Paragraph::new(foot_lines(&self.edit.form, notice, lang, theme)),
            foot,
        );
    }
}

/// A customer status as stored, in the user's language.
pub(super) fn status_label(status: &str, lang: Lang) -> String {
    match ops::master::CustomerStatus::parse(status) {
        Some(ops::master::CustomerStatus::Prospect) => lang.pick("潜在客户", "Prospect"),
        Some(ops::master::CustomerStatus::Active) => lang.pick("正常", "Active"),
        Some(ops::master::CustomerStatus::Blocked) => lang.pick("已冻结", "Blocked"),
        None => status,
    }
    .to_string()
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
        f.edit.form.set("c2_name", "王经理");
        f.edit.form.set("credit_limit", " ");
        let (input, rows) = f.input();
        assert_eq!(rows, vec![1]);
        assert_eq!(input.contacts.len(), 1);
        assert_eq!(input.contacts[0].name, "王经理");
        assert_eq!(input.credit_limit, "0", "an empty limit is no credit");

        let contact = |i: usize| ops::master::Contact {
            name: format!("联系人{i}"),
            phone: None,
            email: None,
            title: None,
            is_primary: i == 0,
        };
        let detail = CustomerDetail {
            customer: ops::master::Customer {
                id: 7,
                code: "C7".into(),
                name: "七号".into(),
                initials: "qh".into(),
                phone: None,
                address: None,
                terms: PaymentTerms::CashOnDelivery,
                credit_limit: Default::default(),
                status: ops::master::CustomerStatus::Active,
                status_reason: None,
                version: 3,
            },
            contacts: (0..10).map(contact).collect(),
        };
        let f = CustomerForm::build(Some(&detail), true, false);
        assert_eq!(f.contacts, MAX_CONTACTS);
        assert_eq!(f.edit.version, 3);
        let (input, rows) = f.input();
        assert_eq!(rows.len(), MAX_CONTACTS);
        let names: Vec<String> = input.contacts.iter().map(|k| k.name.clone()).collect();
        let want: Vec<String> = (0..10).map(|i| format!("联系人{i}")).collect();
        assert_eq!(
            names, want,
            "contacts beyond the form are saved back in order"
        );
        assert!(f
            .edit
            .form
            .fields
            .iter()
            .any(|x| x.key == "credit_limit" && x.read_only));
        assert!(f
            .edit
            .form
            .fields
            .iter()
            .any(|x| x.key == "code" && x.read_only));
    }
}

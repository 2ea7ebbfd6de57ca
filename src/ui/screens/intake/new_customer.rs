//! A walk-in customer created from the intake's customer field (F7): a name, a phone
//! and terms that need no credit (cash unless prepaid), taken for the order at once.

use super::IntakeForm;
use crate::bi;
use crate::i18n::Lang;
use crate::ops;
use crate::ui::form::{Choice, Field, Form};
use crate::ui::layers::{FormLayer, Reply};
use crate::ui::view::{Env, Nav};

impl IntakeForm {
    /// The form of a new customer at the counter: a name (what the customer field
    /// holds, unless it names a chosen customer), a phone, and terms that need no
    /// credit, cash (现结) unless prepaid is chosen.
    pub(super) fn new_customer_form(&self) -> FormLayer {
        let typed = self.customer_input.trim();
        let chosen = self.customer.as_ref().is_some_and(|c| c.0 == typed);
        let terms: Vec<Choice> = ["cod", "prepay"]
            .iter()
            .filter_map(|code| {
                let t = crate::domain::terms::PaymentTerms::parse_code(code).ok()?;
                Some(Choice::new(code, &t.label(Lang::Zh), &t.label(Lang::En)))
            })
            .collect();
        let form = Form::new(vec![
            Field::text("name", "客户名称", "Customer name")
                .value(if chosen { "" } else { typed })
                .max(100),
            Field::text("phone", "电话", "Phone")
                .max(32)
                .hint("可空", "Optional"),
            Field::choice("terms", "付款条件", "Payment terms", terms)
                .value("cod")
                .hint(
                    "现结或款到发货，无需信用审批",
                    "Cash or prepaid: no credit approval needed",
                ),
        ]);
        FormLayer::new("new-customer", ("新客户", "New customer"), form)
    }

    /// Creates the customer of the new-customer form and takes it for the order; a
    /// refusal leaves the form open with what was typed.
    pub(super) fn create_customer(
        &mut self,
        values: &[(&'static str, String)],
        env: &mut Env,
    ) -> Reply<Nav> {
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let input = ops::master::CustomerInput {
            name: get("name"),
            phone: get("phone"),
            terms: get("terms"),
            ..ops::master::CustomerInput::default()
        };
        let made = ops::master::create_customer(env.db, env.actor, &input)
            .and_then(|id| ops::master::customer(env.db, id));
        match made {
            Ok(d) => {
                let c = d.customer;
                let terms = c.terms.label(env.lang);
                env.ok(bi!(
                    env.lang,
                    "新客户 {}（{}）已建立，{}：请扫描商品。",
                    "New customer {} ({}) created, {}: scan the products.",
                    c.name,
                    c.code,
                    terms
                ));
                self.take_customer(c.code, c.name, &c.terms, env.lang);
                self.read_credit(env.db, c.id);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                Reply::Keep
            }
        }
    }
}

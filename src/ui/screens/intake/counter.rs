//! The counter sale (门市现款销售) from the intake screen: a key opens the payment form
//! (method, cash handed over or the scanned payment code, the counter's bin, the
//! receipt's width); the sale is approved, picked, shipped, signed for, invoiced and
//! paid in one transaction, the change is shown, and the receipt (小票) is written and
//! printed. A walk-in needs no customer: an empty customer is the company's 散客.

use super::IntakeForm;
use crate::bi;
use crate::i18n::{Lang, Localized};
use crate::ops::cash::{self, CounterSaleInput, PaymentMethod};
use crate::ops::{self};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::layers::{FormLayer, Reply};
use crate::ui::view::{Env, Nav, PrintJob};

/// The key of the field only the counter sale's form has: its answer is told from the
/// new-customer form's by it.
pub(super) const TENDERED: &str = "tendered";

fn value_of(values: &[(&'static str, String)], key: &str) -> String {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl IntakeForm {
    /// The counter sale's payment form, the counter's bin taken from the first line's
    /// product.
    pub(super) fn counter_form(&self, env: &mut Env) -> Option<FormLayer> {
        if self.submitted || self.lines.is_empty() {
            env.say(
                "请先扫描商品，再收款。",
                "Scan the goods first, then take payment.",
                true,
            );
            return None;
        }
        // The product's default bin, else the bin that holds most of it.
        let bin = self
            .lines
            .first()
            .and_then(|l| ops::stock::stock_detail(env.db, l.product_id).ok())
            .and_then(|d| {
                d.default_bin.or_else(|| {
                    d.levels
                        .iter()
                        .max_by_key(|l| l.on_hand)
                        .map(|l| l.bin_code.clone())
                })
            })
            .unwrap_or_default();
        let methods = [
            PaymentMethod::Cash,
            PaymentMethod::WeChat,
            PaymentMethod::Alipay,
            PaymentMethod::Card,
        ]
        .iter()
        .map(|m| Choice::new(m.code(), m.label(Lang::Zh), m.label(Lang::En)))
        .collect();
        let total = self.totals().gross;
        env.ok(bi!(
            env.lang,
            "应收 ¥{}：现金填实收金额，微信/支付宝扫顾客付款码。",
            "To pay ¥{}: for cash type what was handed over; for WeChat/Alipay scan the customer's payment code.",
            total
        ));
        let form = Form::new(vec![
            Field::choice("method", "付款方式", "Method", methods),
            Field::text(TENDERED, "实收现金", "Cash handed over")
                .max(20)
                .hint("留空为正好", "Empty: exactly the total"),
            Field::text("reference", "付款码/凭证号", "Payment code / slip")
                .max(64)
                .hint("扫描顾客的付款码", "Scan the customer's payment code"),
            Field::text("bin", "出货库位", "Counter bin")
                .max(32)
                .value(bin),
            Field::choice(
                "width",
                "小票宽度",
                "Receipt width",
                vec![
                    Choice::new("42", "42 列", "42 columns"),
                    Choice::new("32", "32 列", "32 columns"),
                ],
            ),
        ]);
        Some(FormLayer::new(
            "counter-sale",
            ("门市收款", "Counter payment"),
            form,
        ))
    }

    /// Sells what the form holds with the payment the layer gave.
    pub(super) fn counter_sale(
        &mut self,
        values: &[(&'static str, String)],
        env: &mut Env,
    ) -> Reply<Nav> {
        let method =
            PaymentMethod::parse(&value_of(values, "method")).unwrap_or(PaymentMethod::Cash);
        let mut order = self.order_input();
        let input = CounterSaleInput {
            customer: std::mem::take(&mut order.customer).trim().to_string(),
            lines: order.lines,
            bin: value_of(values, "bin"),
            method,
            tendered: value_of(values, TENDERED),
            reference: value_of(values, "reference"),
        };
        let sold = match cash::counter_sale(env.db, env.actor, &input) {
            Ok(s) => s,
            Err(e) => {
                env.error(&e);
                return Reply::Keep;
            }
        };
        let width = value_of(values, "width").parse::<usize>().unwrap_or(42);
        let lang = env.lang;
        let mut msg = if sold.change.is_positive() {
            bi!(
                lang,
                "已收款 ¥{}，找零 ¥{}（{}，{}）",
                "Paid ¥{}, change ¥{} ({}, {})",
                sold.total,
                sold.change,
                sold.order,
                sold.invoice
            )
        } else {
            bi!(
                lang,
                "已收款 ¥{}（{}，{}）",
                "Paid ¥{} ({}, {})",
                sold.total,
                sold.order,
                sold.invoice
            )
        };
        msg.push_str(&print_receipt(env, &sold.invoice, width));
        self.number = Some(sold.order.clone());
        self.submitted = true;
        self.dirty = false;
        self.head.dirty = false;
        env.ok(msg);
        Reply::Close(Nav::Stay)
    }
}

/// Writes the receipt of a counter sale's invoice into the output folder and sends it
/// to the printer; what was done, for the status line (empty when neither is set).
pub fn print_receipt(env: &mut Env, invoice: &str, width: usize) -> String {
    let lang = env.lang;
    let view = match cash::receipt(env.db, invoice) {
        Ok(v) => v,
        Err(e) => return format!(" {}", e.localized(lang)),
    };
    let company = ops::setup::company_name(env.db).unwrap_or_default();
    let text = crate::print::cash::receipt_text(&view, &company, lang, width);
    let mut said = String::new();
    if let Some(dir) = env.output.dir.clone() {
        let path = dir.join(format!("receipt-{invoice}.txt"));
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &text)) {
            Ok(()) => said += &bi!(lang, "；小票 {}", "; receipt {}", path.display()),
            Err(e) => {
                said += &format!(
                    " {}",
                    ops::Error::Io {
                        detail: e.to_string()
                    }
                    .localized(lang)
                )
            }
        }
    }
    if let Some(command) = env.output.printer.clone() {
        env.print_jobs.push(PrintJob {
            command,
            text,
            number: invoice.to_string(),
        });
        said += lang.pick("；小票已送打印机", "; receipt sent to the printer");
    }
    said
}

//! What the confirmation says, in the chosen language: the content both renderings
//! draw from, so that the text and the HTML always say the same thing.

use crate::domain::goods::{Fulfilment, LineProgress};
use crate::domain::money::{Discount, PriceMode};
use crate::domain::order::{OrderStage, Urgency};
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;
use crate::print::{multi_line, one_line};

/// A label and its value.
pub(super) struct Field {
    pub(super) label: String,
    pub(super) value: String,
}

/// One row of the line table, as text; also the header row, with labels.
pub(super) struct Cells {
    pub(super) no: String,
    pub(super) sku: String,
    pub(super) name: String,
    pub(super) spec: String,
    /// Name and spec together, as the text table shows them.
    pub(super) item: String,
    pub(super) qty: String,
    pub(super) price: String,
    pub(super) discount: String,
    pub(super) amount: String,
}

impl Cells {
    /// The right-aligned numeric cells, in column order.
    pub(super) fn numbers(&self, with_discount: bool) -> Vec<&str> {
        let mut v = vec![self.qty.as_str(), self.price.as_str()];
        if with_discount {
            v.push(&self.discount);
        }
        v.push(&self.amount);
        v
    }
}

/// Everything the confirmation says, in the chosen language, with values cleaned of
/// control characters (an ESC in a customer name must not reach a printer as a command).
pub(super) struct Doc {
    pub(super) lang: Lang,
    pub(super) colon: &'static str,
    pub(super) company: String,
    pub(super) title: String,
    pub(super) number: Field,
    pub(super) date: Field,
    pub(super) fields: Vec<Field>,
    pub(super) head: Cells,
    pub(super) rows: Vec<Cells>,
    pub(super) has_discount: bool,
    pub(super) totals: Vec<Field>,
    pub(super) tax_note: String,
    pub(super) special: Option<Field>,
    pub(super) check_note: String,
    pub(super) sign_label: String,
    pub(super) sign_date_label: String,
}

fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Doc {
    pub(super) fn new(d: &OrderDetail, lang: Lang) -> Doc {
        let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let field = |label: &str, value: String| Field {
            label: label.to_string(),
            value,
        };
        let mut fields = vec![field(lang.pick("状态", "Status"), d.stage.label(lang))];
        // Where an approved or closed order stands in the warehouse (履约状态).
        if matches!(d.stage, OrderStage::Approved | OrderStage::Closed) {
            let progress: Vec<LineProgress> = d
                .lines
                .iter()
                .map(|l| LineProgress {
                    qty: l.qty.to_db(),
                    cancelled: l.cancelled.to_db(),
                    picked: l.picked.to_db(),
                    shipped: l.shipped.to_db(),
                    delivered: l.delivered.to_db(),
                })
                .collect();
            fields.push(field(
                lang.pick("履约状态", "Fulfilment"),
                Fulfilment::of_lines(&progress).label(lang).to_string(),
            ));
        }
        let customer = one_line(&d.customer_name);
        let code = one_line(&d.customer_code);
        let customer = match (customer.is_empty(), code.is_empty()) {
            (_, true) => customer,
            (true, false) => code,
            (false, false) => crate::bi!(lang, "{}（{}）", "{} ({})", customer, code),
        };
        fields.push(field(lang.pick("客户", "Customer"), customer));
        let optional = [
            (lang.pick("电话", "Phone"), d.customer_phone.as_deref()),
            (lang.pick("地址", "Address"), d.customer_address.as_deref()),
        ];
        for (label, value) in optional {
            if let Some(v) = value.map(one_line).filter(|v| !v.is_empty()) {
                fields.push(field(label, v));
            }
        }
        fields.push(field(
            lang.pick("付款条件", "Payment terms"),
            d.terms.label(lang),
        ));
        fields.push(field(
            lang.pick("计价方式", "Pricing"),
            d.price_mode.label(lang),
        ));
        if let Some(r) = d.requested_date {
            fields.push(field(
                lang.pick("要求交货日期", "Requested delivery"),
                date_text(r),
            ));
        }
        if let Some(r) = d
            .customer_ref
            .as_deref()
            .map(one_line)
            .filter(|r| !r.is_empty())
        {
            fields.push(field(lang.pick("客户单号", "Customer ref."), r));
        }
        let channel = match d
            .channel_ref
            .as_deref()
            .map(one_line)
            .filter(|r| !r.is_empty())
        {
            Some(r) => crate::bi!(lang, "{}（{}）", "{} ({})", d.channel.label(lang), r),
            None => d.channel.label(lang),
        };
        fields.push(field(lang.pick("下单渠道", "Channel"), channel));
        if d.urgency != Urgency::Normal {
            fields.push(field(
                lang.pick("紧急程度", "Urgency"),
                d.urgency.label(lang),
            ));
        }
        let author = one_line(&d.created_by);
        if !author.is_empty() {
            fields.push(field(lang.pick("制单", "Prepared by"), author));
        }

        let inclusive = d.price_mode == PriceMode::TaxInclusive;
        let rows: Vec<Cells> = d
            .lines
            .iter()
            .map(|l| {
                let name = one_line(&l.name);
                let spec = one_line(&l.spec);
                let mut item = if spec.is_empty() {
                    name.clone()
                } else {
                    format!("{name} {spec}")
                };
                // A cancelled part of a line is not delivered or charged: the quantity
                // and the amount are what remains, and the item says what was cancelled.
                let remaining = l.qty - l.cancelled;
                if l.cancelled.is_positive() {
                    item += &crate::bi!(lang, "（已取消 {}）", " ({} cancelled)", l.cancelled);
                }
                let unit = one_line(&l.unit);
                let qty = if unit.is_empty() {
                    remaining.to_string()
                } else {
                    format!("{remaining} {unit}")
                };
                let discount = match l.discount_bp {
                    0 => String::new(),
                    bp => Discount::from_bp(bp)
                        .map(|d| format!("-{d}"))
                        .unwrap_or_else(|_| format!("-{bp}bp")),
                };
                // The amount that goes with the unit price: gross when prices include tax.
                let amount = if inclusive {
                    l.amounts.gross
                } else {
                    l.amounts.net
                };
                Cells {
                    no: l.line_no.to_string(),
                    sku: one_line(&l.sku),
                    name,
                    spec,
                    item,
                    qty,
                    price: l.unit_price.to_string(),
                    discount,
                    amount: amount.to_string(),
                }
            })
            .collect();
        let has_discount = d.lines.iter().any(|l| l.discount_bp != 0);
        let head = Cells {
            no: pick("序号", "No."),
            sku: pick("编码", "SKU"),
            name: pick("品名", "Name"),
            spec: pick("规格", "Spec"),
            item: pick("品名规格", "Item"),
            qty: pick("数量", "Qty"),
            price: pick(if inclusive { "含税单价" } else { "单价" }, "Unit price"),
            discount: pick("折扣", "Disc."),
            amount: pick("金额", "Amount"),
        };

        let totals = vec![
            field(
                lang.pick("不含税金额", "Net amount"),
                d.totals.net.to_string(),
            ),
            field(lang.pick("税额", "Tax"), d.totals.tax.to_string()),
            field(
                lang.pick("价税合计", "Total incl. tax"),
                d.totals.gross.to_string(),
            ),
        ];
        let tax_note = if inclusive {
            pick("以上单价均为含税价。", "All unit prices include tax.")
        } else {
            pick(
                "以上单价均不含税，税额另计。",
                "Unit prices exclude tax; tax is added in the totals.",
            )
        };
        let special = multi_line(&d.special);

        Doc {
            lang,
            colon: lang.pick("：", ": "),
            company: one_line(&d.company_name),
            title: pick("订单确认函", "ORDER CONFIRMATION"),
            number: field(
                lang.pick("订单号", "Order no."),
                match d.number.as_deref().map(one_line).filter(|n| !n.is_empty()) {
                    Some(n) => n,
                    None => pick("草稿", "DRAFT"),
                },
            ),
            date: field(lang.pick("日期", "Date"), date_text(d.order_date)),
            fields,
            head,
            rows,
            has_discount,
            totals,
            tax_note,
            special: (!special.is_empty())
                .then(|| field(lang.pick("特殊要求", "Special requirements"), special)),
            check_note: pick(
                "请核对以上内容，确认无误后签字（盖章）回传。",
                "Please check the above, then sign and return this confirmation.",
            ),
            sign_label: pick("客户签字（盖章）", "Customer signature"),
            sign_date_label: pick("日期", "Date"),
        }
    }

    pub(super) fn labelled(&self, label: &str) -> String {
        format!("{label}{}", self.colon)
    }
}

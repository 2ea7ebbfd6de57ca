//! The order confirmation (订单确认函): what the customer ordered, at which prices and on
//! which terms, for the customer to check and sign.
//!
//! Both renderings, width-aware plain text for dot-matrix and thermal printers and a
//! standalone HTML page, are drawn from one `Doc`, so they always say the same thing.
//! Text is measured in display columns (a Chinese character is two), never in bytes or
//! characters.

use std::path::{Path, PathBuf};

use super::{centred, escape_html, multi_line, one_line, right, spread, wrap, PrintError};
use crate::domain::money::{Discount, PriceMode};
use crate::domain::order::Urgency;
use crate::domain::text::{display_width, fit_to_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;

/// The width of the text file that [`write_confirmation`] writes: a dot-matrix line.
pub const FILE_WIDTH: usize = 80;

/// Below this many columns for name and spec, a line of the table takes several rows
/// (the name on its own row), as on 58 mm / 80 mm thermal paper.
const MIN_NAME_WIDTH: usize = 16;

// ---------------------------------------------------------------------------------------
// The document's content, shared by both renderings
// ---------------------------------------------------------------------------------------

/// A label and its value.
struct Field {
    label: String,
    value: String,
}

/// One row of the line table, as text; also the header row, with labels.
struct Cells {
    no: String,
    sku: String,
    name: String,
    spec: String,
    /// Name and spec together, as the text table shows them.
    item: String,
    qty: String,
    price: String,
    discount: String,
    amount: String,
}

impl Cells {
    /// The right-aligned numeric cells, in column order.
    fn numbers(&self, with_discount: bool) -> Vec<&str> {
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
struct Doc {
    lang: Lang,
    colon: &'static str,
    company: String,
    title: String,
    number: Field,
    date: Field,
    fields: Vec<Field>,
    head: Cells,
    rows: Vec<Cells>,
    has_discount: bool,
    totals: Vec<Field>,
    tax_note: String,
    special: Option<Field>,
    check_note: String,
    sign_label: String,
    sign_date_label: String,
}

fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Doc {
    fn new(d: &OrderDetail, lang: Lang) -> Doc {
        let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let field = |label: &str, value: String| Field {
            label: label.to_string(),
            value,
        };
        let mut fields = vec![field(lang.pick("状态", "Status"), d.stage.label(lang))];
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

    fn labelled(&self, label: &str) -> String {
        format!("{label}{}", self.colon)
    }
}

// ---------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------

/// The order confirmation as plain text, every line at most `width` display columns:
/// 80 for a dot-matrix printer, 42 or 32 for thermal paper. Below about 32 columns the
/// numbers of a line no longer fit side by side and are cut rather than overflow.
pub fn confirmation_text(d: &OrderDetail, lang: Lang, width: usize) -> String {
    let mut text = String::new();
    for line in text_lines(&Doc::new(d, lang), width) {
        // The last guard of the width promise: from 32 columns up the layout keeps it by
        // itself (tested without this guard); below, the numbers are cut.
        text.push_str(truncate_to_width(&line, width).trim_end());
        text.push('\n');
    }
    text
}

/// The lines of the text rendering, not yet cut to `w`.
fn text_lines(doc: &Doc, w: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();

    out.push(centred(&doc.company, w));
    out.push(centred(&doc.title, w));
    out.push("=".repeat(w));
    let number = doc.labelled(&doc.number.label) + &doc.number.value;
    let date = doc.labelled(&doc.date.label) + &doc.date.value;
    if display_width(&number) + 2 + display_width(&date) <= w {
        out.push(spread(&number, &date, w));
    } else {
        out.extend(field_lines(doc, &doc.number, w));
        out.extend(field_lines(doc, &doc.date, w));
    }
    for f in &doc.fields {
        out.extend(field_lines(doc, f, w));
    }
    out.push("-".repeat(w));
    out.extend(table_lines(doc, w));
    out.push("-".repeat(w));
    out.extend(totals_lines(doc, w));
    out.extend(wrap(&doc.tax_note, w));
    if let Some(special) = &doc.special {
        out.push(String::new());
        out.push(doc.labelled(&special.label));
        out.extend(
            wrap(&special.value, w.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    out.push(String::new());
    out.extend(wrap(&doc.check_note, w));
    out.push(String::new());
    out.push(String::new());
    out.extend(signature_lines(doc, w));
    out
}

/// `label：value`, the value wrapped under itself; a label too wide for that puts the
/// value on the following lines, indented.
fn field_lines(doc: &Doc, f: &Field, width: usize) -> Vec<String> {
    let prefix = doc.labelled(&f.label);
    let pw = display_width(&prefix);
    if pw * 2 <= width {
        wrap(&f.value, width - pw)
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{prefix}{l}")
                } else {
                    format!("{}{l}", " ".repeat(pw))
                }
            })
            .collect()
    } else {
        let mut v = vec![prefix];
        v.extend(
            wrap(&f.value, width.saturating_sub(2))
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        v
    }
}

/// The line table. Wide paper: one row per line with the name column taking what the
/// other columns leave. Narrow paper: the name on its own row, then the SKU and the
/// numbers (on one row if they fit, else on two).
fn table_lines(doc: &Doc, width: usize) -> Vec<String> {
    let all: Vec<&Cells> = std::iter::once(&doc.head).chain(&doc.rows).collect();
    let col =
        |get: fn(&Cells) -> &str| all.iter().map(|c| display_width(get(c))).max().unwrap_or(0);
    let no_w = col(|c| &c.no);
    let sku_w = col(|c| &c.sku);
    let mut num_ws = vec![col(|c| &c.qty), col(|c| &c.price)];
    if doc.has_discount {
        num_ws.push(col(|c| &c.discount));
    }
    num_ws.push(col(|c| &c.amount));

    let gap = if width >= 60 { 2 } else { 1 };
    let sep = " ".repeat(gap);
    // The numeric cells of the columns `from..to`, each right-aligned in its column.
    let numbers = |c: &Cells, from: usize, to: usize| -> String {
        c.numbers(doc.has_discount)[from..to]
            .iter()
            .zip(&num_ws[from..to])
            .map(|(s, w)| right(s, *w))
            .collect::<Vec<_>>()
            .join(&sep)
    };
    let span =
        |from: usize, to: usize| num_ws[from..to].iter().sum::<usize>() + gap * (to - from - 1);
    let n = num_ws.len();
    let num_w = span(0, n);

    // Wide layout: no | sku | item | numbers. A very long SKU is cut rather than
    // squeezing the name away.
    let sku_col = sku_w.min((width / 4).max(8));
    let fixed = no_w + sku_col + num_w + 3 * gap;
    let mut out = Vec::new();
    if width >= fixed + MIN_NAME_WIDTH {
        let name_w = width - fixed;
        for c in &all {
            out.push(format!(
                "{}{sep}{}{sep}{}{sep}{}",
                right(&c.no, no_w),
                fit_to_width(&c.sku, sku_col),
                fit_to_width(&c.item, name_w),
                numbers(c, 0, n)
            ));
        }
        out.insert(1, "-".repeat(width));
        return out;
    }

    // Narrow layout: the name on its own row; the SKU beside the numbers when both fit,
    // else on a row of its own; the numbers on one row, or where even they do not fit
    // (huge amounts on 58 mm paper) on as many rows as it takes, columns kept aligned.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for to in 1..=n {
        if to < n && span(from, to + 1) > width {
            groups.push((from, to));
            from = to;
        }
    }
    groups.push((from, n));
    let indent = no_w + 1;
    let item_w = width.saturating_sub(indent);
    for (i, c) in all.iter().enumerate() {
        out.push(format!(
            "{} {}",
            right(&c.no, no_w),
            truncate_to_width(&c.item, item_w)
        ));
        let sku = format!("{}{}", " ".repeat(indent), c.sku);
        if groups.len() == 1 && display_width(&sku) + gap + num_w <= width {
            out.push(spread(&sku, &numbers(c, 0, n), width));
        } else {
            out.push(format!(
                "{}{}",
                " ".repeat(indent),
                truncate_to_width(&c.sku, item_w)
            ));
            for &(from, to) in &groups {
                out.push(right(&numbers(c, from, to), width));
            }
        }
        if i == 0 {
            out.push("-".repeat(width));
        }
    }
    out
}

/// Net, tax and gross, right-aligned under the amount column.
fn totals_lines(doc: &Doc, width: usize) -> Vec<String> {
    let labels: Vec<String> = doc.totals.iter().map(|f| doc.labelled(&f.label)).collect();
    let lw = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let aw = doc
        .totals
        .iter()
        .map(|f| display_width(&f.value))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (label, f) in labels.iter().zip(&doc.totals) {
        let line = format!("{} {}", right(label, lw), right(&f.value, aw));
        if display_width(&line) <= width {
            out.push(right(&line, width));
        } else {
            out.push(label.clone());
            out.push(right(&f.value, width));
        }
    }
    out
}

/// `客户签字：______  日期：______`, on two lines when the paper is narrow.
fn signature_lines(doc: &Doc, width: usize) -> Vec<String> {
    let sign = doc.labelled(&doc.sign_label);
    let date = doc.labelled(&doc.sign_date_label);
    let (sw, dw) = (display_width(&sign), display_width(&date));
    const DATE_BLANK: usize = 12;
    if sw + 16 + 4 + dw + DATE_BLANK <= width {
        let blank = width - (sw + 4 + dw + DATE_BLANK);
        vec![format!(
            "{sign}{}    {date}{}",
            "_".repeat(blank),
            "_".repeat(DATE_BLANK)
        )]
    } else {
        vec![
            format!("{sign}{}", "_".repeat(width.saturating_sub(sw))),
            String::new(),
            format!(
                "{date}{}",
                "_".repeat(width.saturating_sub(dw).min(DATE_BLANK))
            ),
        ]
    }
}

// ---------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------

const CSS: &str = "\
body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \
\"PingFang SC\", sans-serif; font-size: 11pt; color: #000; max-width: 60em; margin: 2em auto; }
.company { text-align: center; font-size: 14pt; font-weight: bold; }
h1 { text-align: center; font-size: 18pt; letter-spacing: .2em; margin: .3em 0 1em; }
table { border-collapse: collapse; }
table.fields th { text-align: left; font-weight: normal; white-space: nowrap; padding: 1px 1em 1px 0; vertical-align: top; }
table.lines { width: 100%; margin: 1em 0; }
table.lines th, table.lines td { border: 1px solid #000; padding: 3px 6px; }
table.lines tr { page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
table.totals { margin-left: auto; }
table.totals th { text-align: right; font-weight: normal; padding: 1px 1em 1px 0; }
table.totals tr.gross { font-weight: bold; }
.special { white-space: pre-wrap; }
.sign { margin-top: 3em; display: flex; justify-content: space-between; }
.blank { display: inline-block; border-bottom: 1px solid #000; width: 14em; }
.blank.short { width: 8em; }
@media print { body { margin: 0; max-width: none; } @page { size: A4; margin: 15mm; } }
";

/// The order confirmation as a complete HTML page (UTF-8, A4 print styles), for
/// printing from a browser or sending by e-mail. Every value is escaped.
pub fn confirmation_html(d: &OrderDetail, lang: Lang) -> String {
    let doc = Doc::new(d, lang);
    let e = escape_html;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!("<html lang=\"{}\">\n<head>\n", doc.lang.code()));
    h.push_str("<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<title>{} {}</title>\n",
        e(&doc.title),
        e(&doc.number.value)
    ));
    h.push_str(&format!("<style>\n{CSS}</style>\n</head>\n<body>\n"));
    h.push_str(&format!(
        "<div class=\"company\">{}</div>\n<h1>{}</h1>\n",
        e(&doc.company),
        e(&doc.title)
    ));

    h.push_str("<table class=\"fields\">\n");
    for f in [&doc.number, &doc.date].into_iter().chain(&doc.fields) {
        h.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            e(&doc.labelled(&f.label)),
            e(&f.value)
        ));
    }
    h.push_str("</table>\n");

    let row = |c: &Cells, cell: &str| -> String {
        let mut r = format!("<tr><{cell} class=\"num\">{}</{cell}>", e(&c.no));
        for s in [&c.sku, &c.name, &c.spec] {
            r.push_str(&format!("<{cell}>{}</{cell}>", e(s)));
        }
        for s in c.numbers(doc.has_discount) {
            r.push_str(&format!("<{cell} class=\"num\">{}</{cell}>", e(s)));
        }
        r.push_str("</tr>\n");
        r
    };
    h.push_str("<table class=\"lines\">\n<thead>\n");
    h.push_str(&row(&doc.head, "th"));
    h.push_str("</thead>\n<tbody>\n");
    for c in &doc.rows {
        h.push_str(&row(c, "td"));
    }
    h.push_str("</tbody>\n</table>\n");

    h.push_str("<table class=\"totals\">\n");
    for (i, f) in doc.totals.iter().enumerate() {
        let class = if i + 1 == doc.totals.len() {
            " class=\"gross\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<tr{class}><th>{}</th><td class=\"num\">{}</td></tr>\n",
            e(&doc.labelled(&f.label)),
            e(&f.value)
        ));
    }
    h.push_str("</table>\n");
    h.push_str(&format!("<p class=\"note\">{}</p>\n", e(&doc.tax_note)));
    if let Some(s) = &doc.special {
        h.push_str(&format!(
            "<h2>{}</h2>\n<p class=\"special\">{}</p>\n",
            e(&s.label),
            e(&s.value)
        ));
    }
    h.push_str(&format!("<p>{}</p>\n", e(&doc.check_note)));
    h.push_str(&format!(
        "<div class=\"sign\"><span>{}<span class=\"blank\"></span></span>\
         <span>{}<span class=\"blank short\"></span></span></div>\n",
        e(&doc.labelled(&doc.sign_label)),
        e(&doc.labelled(&doc.sign_date_label))
    ));
    h.push_str("</body>\n</html>\n");
    h
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/// The file name stem of a document: its number, or `DRAFT-<id>` before it has one;
/// anything but letters, digits, `-` and `_` becomes `_`.
fn file_stem(d: &OrderDetail) -> String {
    let stem = match d.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => format!("DRAFT-{}", d.id),
    };
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes the confirmation into `dir` (created if missing) as `<number>.txt`
/// ([`FILE_WIDTH`] columns) and `<number>.html`, a draft as `DRAFT-<id>`; returns both
/// paths, text first. Existing files of the same order are replaced.
pub fn write_confirmation(
    dir: &Path,
    d: &OrderDetail,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    std::fs::create_dir_all(dir).map_err(|source| PrintError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let stem = file_stem(d);
    let txt = dir.join(format!("{stem}.txt"));
    let html = dir.join(format!("{stem}.html"));
    for (path, content) in [
        (&txt, confirmation_text(d, lang, FILE_WIDTH)),
        (&html, confirmation_html(d, lang)),
    ] {
        std::fs::write(path, content).map_err(|source| PrintError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok((txt, html))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{LineAmounts, Money, Qty, UnitPrice};
    use crate::domain::order::{Channel, OrderStage};
    use crate::domain::terms::PaymentTerms;
    use crate::ops::orders::OrderLineView;
    use proptest::prelude::*;

    fn sample(name: &str, special: &str, sku: &str) -> OrderDetail {
        let amounts = |minor| LineAmounts {
            net: Money::from_minor(minor),
            tax: Money::ZERO,
            gross: Money::from_minor(minor),
        };
        let line = |no: i64, sku: &str, discount_bp| OrderLineView {
            line_no: no,
            product_id: no,
            sku: sku.into(),
            name: name.into(),
            spec: "M8×30".into(),
            unit: "箱".into(),
            qty: Qty::from_db(99_999_500),
            unit_price: UnitPrice::from_db(1_234_567_891),
            discount_bp,
            tax_bp: 1300,
            amounts: amounts(999_999_999_999),
            reserved: Qty::ZERO,
            backordered: Qty::ZERO,
            picked: Qty::ZERO,
            shipped: Qty::ZERO,
            delivered: Qty::ZERO,
            invoiced: Qty::ZERO,
            returned: Qty::ZERO,
            cancelled: Qty::ZERO,
        };
        OrderDetail {
            id: 1,
            number: Some("SO-2026-000001".into()),
            stage: OrderStage::Submitted,
            stage_reason: None,
            version: 1,
            company_name: name.into(),
            customer_id: 1,
            customer_code: sku.into(),
            customer_name: name.into(),
            customer_phone: Some("13800000000".into()),
            customer_address: Some(special.into()),
            channel: Channel::Chat,
            channel_ref: Some(sku.into()),
            customer_ref: Some(sku.into()),
            order_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            requested_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 28),
            urgency: Urgency::Critical,
            terms: PaymentTerms::PrepayBeforeShipping,
            price_mode: PriceMode::TaxExclusive,
            special: special.into(),
            created_by: name.into(),
            lines: vec![line(1, sku, 0), line(1000, sku, 1250)],
            totals: amounts(9_999_999_999_999),
            timeline: vec![],
        }
    }

    proptest! {
        // Without the final guard: the layout itself keeps within the paper, even with the
        // widest amounts, a four-digit line number and long SKUs and names.
        #[test]
        fn the_layout_fits_from_32_columns_without_the_guard(
            width in 32usize..140,
            name in "[A-Za-z 永固不锈钢螺栓（）。]{0,60}",
            special in "[A-Za-z 请用木箱包装，。；\n]{0,120}",
            sku in "[A-Z0-9-]{1,32}",
            en in any::<bool>(),
        ) {
            let lang = if en { Lang::En } else { Lang::Zh };
            let d = sample(&name, &special, &sku);
            for l in text_lines(&Doc::new(&d, lang), width) {
                prop_assert!(display_width(&l) <= width, "{:?} at {}", l, width);
            }
        }
    }
}

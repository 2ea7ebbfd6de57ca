//! The confirmation as plain text, measured in display columns (a Chinese character
//! is two), for dot-matrix and thermal printers.

use super::doc::{Cells, Doc, Field};
use crate::domain::text::{display_width, fit_to_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;
use crate::print::{centred, right, spread, wrap};

/// Below this many columns for name and spec, a line of the table takes several rows
/// (the name on its own row), as on 58 mm / 80 mm thermal paper.
const MIN_NAME_WIDTH: usize = 16;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{LineAmounts, Money, PriceMode, Qty, UnitPrice};
    use crate::domain::order::{Channel, OrderStage, Urgency};
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

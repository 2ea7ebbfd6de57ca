//! The office's documents: the invoice (销售发票 / 应收单) and the statement of account
//! (对账单) for the customer to sign and return, as width-aware plain text (80 or 136
//! columns) and as standalone HTML pages.

use super::{centred, escape_html, one_line, right, spread};
use crate::domain::money::{Money, Qty, UnitPrice};
use crate::domain::text::{fit_to_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::cash::{InvoiceView, Statement};

fn money(minor: i64) -> String {
    Money::from_minor(minor).to_string()
}

fn finish(lines: Vec<String>, width: usize) -> String {
    let mut text = String::new();
    for l in lines {
        text.push_str(truncate_to_width(&l, width).trim_end());
        text.push('\n');
    }
    text
}

fn cell(text: &str, w: usize) -> String {
    fit_to_width(&one_line(text), w)
}

fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "invoice" => lang.pick("发票", "Invoice"),
        "credit_note" => lang.pick("红字发票", "Credit note"),
        "payment" => lang.pick("收款", "Payment"),
        "refund" => lang.pick("退款", "Refund"),
        "write_off" => lang.pick("坏账核销", "Write-off"),
        _ => "",
    }
}

/// An invoice or credit note as plain text: head, lines with VAT, totals, what was paid.
pub fn invoice_text(v: &InvoiceView, company: &str, lang: Lang, width: usize) -> String {
    let w = width.max(60);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = &v.head;
    let title = if h.kind == "credit_note" {
        t("红 字 发 票", "CREDIT NOTE")
    } else {
        t("销 售 发 票", "INVOICE")
    };
    let mut out = vec![
        centred(&one_line(company), w),
        centred(title, w),
        "=".repeat(w),
        spread(
            &format!("{}{}", t("单号：", "No.: "), h.number),
            &format!("{}{}", t("开票日期：", "Date: "), h.invoice_date),
            w,
        ),
        spread(
            &format!(
                "{}{}",
                t("客户：", "Customer: "),
                one_line(&h.customer_name)
            ),
            &format!("{}{}", t("到期日：", "Due: "), h.due_date),
            w,
        ),
        format!(
            "{}{}",
            t("订单：", "Order: "),
            h.order_no.as_deref().unwrap_or("-")
        ),
    ];
    if let Some(c) = &v.corrects {
        out.push(format!("{}{}", t("更正发票：", "Corrects: "), c));
    }
    if let Some(vat) = &h.vat_no {
        out.push(format!("{}{}", t("税票号码：", "VAT invoice: "), vat));
    }
    out.push("-".repeat(w));
    let name_w = w.saturating_sub(4 + 13 + 9 + 11 + 6 + 12).max(8);
    out.push(format!(
        "{}{}{}{}{}{}{}",
        cell("#", 4),
        cell(t("货号", "SKU"), 13),
        cell(t("品名", "Product"), name_w),
        right(t("数量", "Qty"), 8),
        right(t("单价", "Price"), 11),
        right(t("税率", "VAT"), 6),
        right(t("金额", "Amount"), 12)
    ));
    for l in &v.lines {
        out.push(format!(
            "{}{}{}{}{}{}{}",
            cell(&l.line_no.to_string(), 4),
            cell(&l.sku, 13),
            cell(&l.name, name_w),
            right(&Qty::from_db(l.qty).to_string(), 8),
            right(&UnitPrice::from_db(l.unit_price).to_string(), 11),
            right(&format!("{}%", l.tax_bp / 100), 6),
            right(&money(l.gross_minor), 12)
        ));
    }
    out.push("-".repeat(w));
    out.push(spread(
        "",
        &format!(
            "{}{}  {}{}  {}{}",
            t("不含税：", "Net: "),
            money(h.net_minor),
            t("税额：", "VAT: "),
            money(h.tax_minor),
            t("价税合计：", "Total: "),
            money(h.gross_minor)
        ),
        w,
    ));
    if h.kind == "invoice" {
        out.push(spread(
            "",
            &format!(
                "{}{}  {}{}",
                t("已收/已冲：", "Settled: "),
                money(h.gross_minor - h.open_minor),
                t("未收：", "Open: "),
                money(h.open_minor)
            ),
            w,
        ));
    }
    finish(out, w)
}

/// The invoice as a standalone HTML page.
pub fn invoice_html(v: &InvoiceView, company: &str, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = &v.head;
    let mut rows = String::new();
    for l in &v.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td><td class=\"n\">{}</td></tr>\n",
            l.line_no,
            escape_html(&l.sku),
            escape_html(&l.name),
            Qty::from_db(l.qty),
            UnitPrice::from_db(l.unit_price),
            l.tax_bp / 100,
            money(l.gross_minor)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lc}\"><head><meta charset=\"utf-8\"><title>{no}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <p>{company}</p><h1>{title}</h1>\n<p>{no} · {date_l}{date} · {due_l}{due} · {cust_l}{cust}</p>\n\
         <table><tr><th>#</th><th>{sku}</th><th>{name}</th><th>{qty}</th><th>{price}</th><th>{vat}</th><th>{amount}</th></tr>\n{rows}</table>\n\
         <p>{net_l}{net} · {tax_l}{tax} · {gross_l}{gross} · {open_l}{open}</p>\n</body></html>\n",
        lc = lang.pick("zh-CN", "en"),
        company = escape_html(company),
        title = if h.kind == "credit_note" { t("红字发票", "Credit note") } else { t("销售发票", "Invoice") },
        no = escape_html(&h.number),
        date_l = t("开票日期：", "Date: "),
        date = escape_html(&h.invoice_date),
        due_l = t("到期日：", "Due: "),
        due = escape_html(&h.due_date),
        cust_l = t("客户：", "Customer: "),
        cust = escape_html(&h.customer_name),
        sku = t("货号", "SKU"),
        name = t("品名", "Product"),
        qty = t("数量", "Qty"),
        price = t("单价", "Price"),
        vat = t("税率", "VAT"),
        amount = t("金额", "Amount"),
        net_l = t("不含税：", "Net: "),
        net = money(h.net_minor),
        tax_l = t("税额：", "VAT: "),
        tax = money(h.tax_minor),
        gross_l = t("价税合计：", "Total: "),
        gross = money(h.gross_minor),
        open_l = t("未收：", "Open: "),
        open = money(h.open_minor),
    )
}

/// A statement of account (对账单) as plain text, with a block for the customer to
/// confirm and sign.
pub fn statement_text(s: &Statement, company: &str, lang: Lang, width: usize) -> String {
    let w = width.max(60);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = vec![
        centred(&one_line(company), w),
        centred(t("对 账 单", "STATEMENT OF ACCOUNT"), w),
        "=".repeat(w),
        spread(
            &format!(
                "{}{} {}",
                t("客户：", "Customer: "),
                s.customer_code,
                one_line(&s.customer_name)
            ),
            &format!("{} {} – {}", t("期间：", "Period: "), s.from, s.to),
            w,
        ),
        "-".repeat(w),
        spread(t("期初余额", "Opening balance"), &s.opening.to_string(), w),
    ];
    let mut run = s.opening.minor();
    for l in &s.lines {
        run += l.amount_minor;
        let left = format!(
            "{}  {}{}",
            l.date,
            cell(kind_label(&l.kind, lang), 10),
            l.number
        );
        let amounts = format!("{:>14}{:>16}", money(l.amount_minor), money(run));
        out.push(spread(&left, &amounts, w));
    }
    out.push("-".repeat(w));
    out.push(spread(
        t("期末余额", "Closing balance"),
        &s.closing.to_string(),
        w,
    ));
    out.push(String::new());
    out.push(
        t(
            "以上账目如无误，请签字盖章后回传。",
            "Please confirm the above, sign and return.",
        )
        .to_string(),
    );
    out.push(String::new());
    out.push(spread(
        &format!("{}__________", t("客户签章：", "Customer signature: ")),
        &format!(
            "{}{}",
            t("日期：", "Date: "),
            t("____年__月__日", "____-__-__")
        ),
        w,
    ));
    finish(out, w)
}

/// The statement as a standalone HTML page.
pub fn statement_html(s: &Statement, company: &str, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut rows = String::new();
    let mut run = s.opening.minor();
    for l in &s.lines {
        run += l.amount_minor;
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            escape_html(&l.date),
            kind_label(&l.kind, lang),
            escape_html(&l.number),
            money(l.amount_minor),
            money(run)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lc}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <p>{company}</p><h1>{title}</h1>\n<p>{cust} · {from} – {to}</p>\n<p>{open_l}{open}</p>\n\
         <table><tr><th>{date}</th><th>{kind}</th><th>{no}</th><th>{amount}</th><th>{bal}</th></tr>\n{rows}</table>\n\
         <p>{close_l}{close}</p>\n<p>{sign}________ {date_l}________</p>\n</body></html>\n",
        lc = lang.pick("zh-CN", "en"),
        company = escape_html(company),
        title = t("对账单", "Statement of account"),
        cust = escape_html(&format!("{} {}", s.customer_code, s.customer_name)),
        from = s.from,
        to = s.to,
        open_l = t("期初余额：", "Opening balance: "),
        open = s.opening,
        date = t("日期", "Date"),
        kind = t("类型", "Kind"),
        no = t("单号", "No."),
        amount = t("金额", "Amount"),
        bal = t("余额", "Balance"),
        close_l = t("期末余额：", "Closing balance: "),
        close = s.closing,
        sign = t("客户签章：", "Customer signature: "),
        date_l = t("日期：", "Date: "),
    )
}

/// A receipt (小票) for a thermal printer, 32 or 42 columns wide: the goods, the total,
/// how it was paid, the cash handed over and the change. A reprint shows the same, from
/// the cash kept with the payment.
pub fn receipt_text(
    r: &crate::ops::cash::ReceiptView,
    company: &str,
    lang: Lang,
    width: usize,
) -> String {
    let change = r.change;
    let w = width.clamp(32, 48);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = &r.invoice.head;
    let mut out = vec![
        centred(&one_line(company), w),
        centred(t("销 售 小 票", "RECEIPT"), w),
        "-".repeat(w),
        format!(
            "{}{}",
            t("单号：", "No.: "),
            h.order_no.as_deref().unwrap_or(&h.number)
        ),
        format!("{}{}", t("日期：", "Date: "), h.invoice_date),
        "-".repeat(w),
    ];
    for l in &r.invoice.lines {
        out.push(truncate_to_width(&one_line(&l.name), w));
        out.push(spread(
            &format!(
                "  {} x {}",
                Qty::from_db(l.qty),
                UnitPrice::from_db(l.unit_price)
            ),
            &money(l.gross_minor),
            w,
        ));
    }
    out.push("-".repeat(w));
    out.push(spread(t("合计", "Total"), &money(h.gross_minor), w));
    out.push(spread(t("其中税额", "incl. VAT"), &money(h.tax_minor), w));
    if let Some(p) = &r.payment {
        let method = crate::ops::cash::PaymentMethod::parse(&p.head.method)
            .map(|m| m.label(lang))
            .unwrap_or("");
        out.push(spread(method, &r.tendered.to_string(), w));
        if change.is_positive() {
            out.push(spread(t("找零", "Change"), &change.to_string(), w));
        }
        if let Some(reference) = &p.head.reference {
            out.push(truncate_to_width(reference, w));
        }
    }
    out.push("-".repeat(w));
    out.push(centred(t("谢谢惠顾", "Thank you"), w));
    finish(out, w)
}

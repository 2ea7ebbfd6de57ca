//! The statement of account (对账单): what a customer owed at the start of a period,
//! every invoice, credit note, payment, refund and write-off in it with the running
//! balance, and what they owe at its end — printed for the customer to check, sign and
//! return. Plain text of a given width (80 for a dot-matrix printer) and HTML.

use std::path::{Path, PathBuf};

use super::goods::write_pair;
use super::{centred, escape_html, one_line, right, spread, wrap, PrintError};
use crate::domain::money::Money;
use crate::domain::text::{display_width, fit_to_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::cash::Statement;

/// The name of a statement line's kind (`invoice`, `credit_note`, `payment`, `refund`,
/// `write_off`) in the reader's language.
pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "invoice" => lang.pick("发票", "Invoice"),
        "credit_note" => lang.pick("红字发票", "Cr. note"),
        "payment" => lang.pick("收款", "Payment"),
        "refund" => lang.pick("退款", "Refund"),
        "write_off" => lang.pick("坏账核销", "Bad debt"),
        _ => lang.pick("其他", "Other"),
    }
}

/// Each line with the balance after it.
fn running(s: &Statement) -> Vec<(&crate::ops::cash::StatementLine, Money)> {
    let mut balance = s.opening.minor();
    s.lines
        .iter()
        .map(|l| {
            balance = balance.saturating_add(l.amount_minor);
            (l, Money::from_minor(balance))
        })
        .collect()
}

/// An amount for a column: empty when zero.
fn amount_cell(minor: i64) -> String {
    if minor == 0 {
        String::new()
    } else {
        Money::from_minor(minor).to_string()
    }
}

/// The statement as plain text of at most `width` columns (from 64 up).
pub fn statement_text(s: &Statement, company: &str, lang: Lang, width: usize) -> String {
    let w = width.max(64);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    // date, kind, number (flexible), debit, credit, balance. The amount columns take
    // the widest amount (at least ¥99,999,999.99), the number what is left: at 80
    // columns a document number of 16 fits whole.
    let widest = running(s)
        .iter()
        .map(|(l, b)| {
            display_width(&Money::from_minor(l.amount_minor.abs()).to_string())
                .max(display_width(&b.to_string()))
        })
        .chain([
            display_width(&s.opening.to_string()),
            display_width(&s.closing.to_string()),
        ])
        .max()
        .unwrap_or(0);
    let money_w = widest.max(13);
    // Debit and credit apart when they fit beside a whole document number; else one
    // signed amount column, so that no amount is ever cut.
    let split = 10 + 8 + 16 + 3 * money_w + 5 <= w;
    let money_cols = if split { 3 } else { 2 };
    let number_w = w
        .saturating_sub(10 + 8 + money_cols * money_w + money_cols + 2)
        .max(8);
    let row = |date: &str, kind: &str, number: &str, amount: i64, bal: &str| {
        let mut line = format!(
            "{} {} {}",
            fit_to_width(&one_line(date), 10),
            fit_to_width(kind, 8),
            fit_to_width(&one_line(number), number_w),
        );
        if split {
            line.push_str(&format!(
                " {} {}",
                right(&amount_cell(amount.max(0)), money_w),
                right(&amount_cell(amount.min(0).saturating_neg()), money_w)
            ));
        } else {
            line.push_str(&format!(" {}", right(&amount_cell(amount), money_w)));
        }
        line.push_str(&format!(" {}", right(bal, money_w)));
        line
    };
    let mut heading = format!(
        "{} {} {}",
        fit_to_width(t("日期", "Date"), 10),
        fit_to_width(t("类别", "Type"), 8),
        fit_to_width(t("单号", "Number"), number_w),
    );
    if split {
        heading.push_str(&format!(
            " {} {}",
            right(t("应收增加", "Debit"), money_w),
            right(t("应收减少", "Credit"), money_w)
        ));
    } else {
        heading.push_str(&format!(" {}", right(t("金额", "Amount"), money_w)));
    }
    heading.push_str(&format!(" {}", right(t("余额", "Balance"), money_w)));
    let mut out = vec![
        centred(&one_line(company), w),
        centred(t("对 账 单", "STATEMENT OF ACCOUNT"), w),
        "=".repeat(w),
    ];
    out.extend(wrap(
        &format!(
            "{}{} ({})",
            t("客户：", "Customer: "),
            one_line(&s.customer_name),
            one_line(&s.customer_code)
        ),
        w,
    ));
    out.push(format!("{}{} – {}", t("期间：", "Period: "), s.from, s.to));
    out.push("-".repeat(w));
    out.push(heading);
    out.push("-".repeat(w));
    out.push(row(
        &s.from.to_string(),
        t("期初余额", "Opening"),
        "",
        0,
        &s.opening.to_string(),
    ));
    for (l, bal) in running(s) {
        out.push(row(
            &l.date,
            kind_label(&l.kind, lang),
            &l.number,
            l.amount_minor,
            &bal.to_string(),
        ));
    }
    out.push("-".repeat(w));
    out.push(row(
        &s.to.to_string(),
        t("期末余额", "Closing"),
        "",
        0,
        &s.closing.to_string(),
    ));
    out.push("=".repeat(w));
    out.extend(wrap(
        t(
            "余额为正表示贵方尚欠我方，为负表示我方预收贵方款项。",
            "A positive balance is what you owe us; a negative one is paid in advance.",
        ),
        w,
    ));
    out.extend(wrap(
        t(
            "请核对无误后签字盖章并回传。如有不符，请在下方注明。",
            "Please check, sign and return this statement; note any difference below.",
        ),
        w,
    ));
    out.push(String::new());
    out.push(spread(
        t("客户签章：", "Customer's signature and stamp:"),
        t("日期：", "Date:            "),
        w,
    ));
    let mut text = String::new();
    for l in out {
        let l = if display_width(&l) > w {
            truncate_to_width(&l, w)
        } else {
            l
        };
        text.push_str(l.trim_end());
        text.push('\n');
    }
    text
}

/// The statement as a standalone HTML page.
pub fn statement_html(s: &Statement, company: &str, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut rows = format!(
        "<tr><td>{}</td><td>{}</td><td></td><td></td><td></td><td class=\"n\">{}</td></tr>\n",
        s.from,
        t("期初余额", "Opening balance"),
        escape_html(&s.opening.to_string())
    );
    for (l, bal) in running(s) {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            escape_html(&l.date),
            kind_label(&l.kind, lang),
            escape_html(&l.number),
            escape_html(&amount_cell(l.amount_minor.max(0))),
            escape_html(&amount_cell(l.amount_minor.min(0).saturating_neg())),
            escape_html(&bal.to_string()),
        ));
    }
    rows.push_str(&format!(
        "<tr><th>{}</th><th>{}</th><th></th><th></th><th></th><th class=\"n\">{}</th></tr>\n",
        s.to,
        t("期末余额", "Closing balance"),
        escape_html(&s.closing.to_string())
    ));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{title} {code}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <p>{company}</p>\n<h1>{title}</h1>\n\
         <p>{customer_label}{name} ({code}) · {period_label}{from} – {to}</p>\n\
         <table><tr><th>{date}</th><th>{kind}</th><th>{number}</th><th>{debit}</th><th>{credit}</th><th>{balance}</th></tr>\n{rows}</table>\n\
         <p>{note}</p>\n<p>{sign}________ {date_label}________</p>\n</body></html>\n",
        lang_code = lang.pick("zh-CN", "en"),
        company = escape_html(company),
        title = t("对账单", "Statement of account"),
        code = escape_html(&s.customer_code),
        name = escape_html(&s.customer_name),
        customer_label = t("客户：", "Customer: "),
        period_label = t("期间：", "Period: "),
        from = s.from,
        to = s.to,
        date = t("日期", "Date"),
        kind = t("类别", "Type"),
        number = t("单号", "Number"),
        debit = t("应收增加", "Debit"),
        credit = t("应收减少", "Credit"),
        balance = t("余额", "Balance"),
        note = t(
            "请核对无误后签字盖章并回传。如有不符，请注明。",
            "Please check, sign and return this statement; note any difference."
        ),
        sign = t("客户签章：", "Customer's signature and stamp: "),
        date_label = t("日期：", "Date: "),
    )
}

/// The file name (without extension) of a statement: customer code and period.
pub fn statement_stem(s: &Statement) -> String {
    format!("ST-{}-{}-{}", s.customer_code, s.from, s.to)
}

/// Writes the statement into `dir` as `ST-<customer>-<from>-<to>.txt` (80 columns) and
/// `.html`.
pub fn write_statement(
    dir: &Path,
    s: &Statement,
    company: &str,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    write_pair(
        dir,
        &statement_stem(s),
        &statement_text(s, company, lang, 80),
        &statement_html(s, company, lang),
    )
}

#[cfg(test)]
// Amounts in fen are written yuan_fen (8_765_432_10 is ¥8,765,432.10).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use crate::ops::cash::StatementLine;
    use chrono::NaiveDate;

    fn sample() -> Statement {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        Statement {
            customer_code: "C-LONGCODE-0001".into(),
            customer_name: "广州市天河区某某五金机电设备有限公司（第二分公司）".into(),
            from: d("2026-11-01"),
            to: d("2026-11-30"),
            opening: Money::from_minor(1_234_567_89),
            lines: vec![
                StatementLine {
                    date: "2026-11-03".into(),
                    kind: "invoice".into(),
                    number: "INV-2026-000123".into(),
                    amount_minor: 8_765_432_10,
                },
                StatementLine {
                    date: "2026-11-09".into(),
                    kind: "payment".into(),
                    number: "RCV-2026-000045".into(),
                    amount_minor: -5_000_000_00,
                },
                StatementLine {
                    date: "2026-11-20".into(),
                    kind: "credit_note".into(),
                    number: "CN-2026-000007".into(),
                    amount_minor: -1_000_00,
                },
            ],
            closing: Money::from_minor(1_234_567_89 + 8_765_432_10 - 5_000_000_00 - 1_000_00),
        }
    }

    #[test]
    fn every_line_fits_and_nothing_is_cut() {
        let s = sample();
        for lang in [Lang::Zh, Lang::En] {
            for width in [80, 136] {
                let text = statement_text(&s, "五金批发有限公司", lang, width);
                for line in text.lines() {
                    assert!(display_width(line) <= width, "{width}: {line}");
                }
                // The numbers and amounts come through whole.
                for must in [
                    "INV-2026-000123",
                    "RCV-2026-000045",
                    "CN-2026-000007",
                    "8,765,432.10",
                    "5,000,000.00",
                    &s.closing.to_string(),
                    &s.opening.to_string(),
                ] {
                    assert!(
                        text.contains(must),
                        "{lang:?} {width}: {must} missing:\n{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn amounts_beyond_a_hundred_million_widen_their_columns_and_stay_whole() {
        let mut s = sample();
        s.lines[0].amount_minor = 98_765_432_100_00;
        s.closing = Money::from_minor(
            s.opening.minor() + s.lines.iter().map(|l| l.amount_minor).sum::<i64>(),
        );
        for width in [80, 136] {
            let text = statement_text(&s, "X", Lang::En, width);
            assert!(text.contains("98,765,432,100.00"), "{text}");
            assert!(text.contains(&s.closing.to_string()), "{text}");
            for line in text.lines() {
                assert!(display_width(line) <= width, "{width}: {line}");
            }
        }
        assert!(statement_text(&s, "X", Lang::En, 136).contains("INV-2026-000123"));
        // At 80 columns one signed amount column keeps the number whole too.
        let narrow = statement_text(&s, "X", Lang::En, 80);
        assert!(narrow.contains("INV-2026-000123"), "{narrow}");
        assert!(narrow.contains("-5,000,000.00"), "{narrow}");
    }

    #[test]
    fn running_balance_ends_at_the_closing_balance() {
        let s = sample();
        let last = running(&s).last().map(|(_, b)| *b);
        assert_eq!(last, Some(s.closing));
    }

    #[test]
    fn html_escapes_the_customer_name() {
        let mut s = sample();
        s.customer_name = "<b>A&B</b>".into();
        let html = statement_html(&s, "X", Lang::En);
        assert!(html.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"));
        assert!(!html.contains("<b>A&B"));
    }
}

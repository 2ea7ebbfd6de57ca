//! The confirmation as a standalone HTML page, for a browser or e-mail.

use super::doc::{Cells, Doc};
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;
use crate::print::escape_html;

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

//! The warehouse's documents: the pick list (拣货单), the delivery note (出库单) and the
//! carton's packing slip (装箱单), as
//! width-aware plain text (80 columns for a dot-matrix printer, 136 for wide multi-part
//! forms) and as standalone HTML pages. Text is measured in display columns (a Chinese
//! character is two), never in bytes or characters.

use std::path::{Path, PathBuf};

use super::{centred, escape_html, one_line, spread, wrap, PrintError};
use crate::domain::money::Qty;
use crate::domain::text::{display_width, fit_to_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::packing::PackingSlip;
use crate::ops::picking::PickListView;
use crate::ops::shipping::ShipmentView;

fn qty(thousandths: i64) -> String {
    Qty::from_db(thousandths).to_string()
}

/// A table row: cells cut or padded to their widths, the last one right-aligned.
fn row(cells: &[(&str, usize)], last_right: bool) -> String {
    let mut out = String::new();
    for (i, (text, w)) in cells.iter().enumerate() {
        let t = one_line(text);
        if i + 1 == cells.len() && last_right {
            let t = truncate_to_width(&t, *w);
            out.push_str(&" ".repeat(w.saturating_sub(display_width(&t))));
            out.push_str(&t);
        } else {
            out.push_str(&fit_to_width(&t, *w));
            out.push(' ');
        }
    }
    out
}

/// The width left for one flexible column among cells of these other widths, in a line
/// of `width` columns: each cell but the last is followed by one space.
fn flexible(width: usize, others: &[usize]) -> usize {
    let used: usize = others.iter().sum::<usize>() + others.len();
    width.saturating_sub(used).max(8)
}

fn finish(lines: Vec<String>, width: usize) -> String {
    let mut text = String::new();
    for l in lines {
        text.push_str(truncate_to_width(&l, width).trim_end());
        text.push('\n');
    }
    text
}

/// The pick list as plain text of at most `width` columns (from 60 up): tasks in
/// walking order with a box to tick, and every order's special requirements.
pub fn pick_list_text(v: &PickListView, lang: Lang, width: usize) -> String {
    let w = width.max(60);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = vec![
        centred(t("拣 货 单", "PICK LIST"), w),
        "=".repeat(w),
        spread(
            &format!("{}{}", t("单号：", "No.: "), v.list.number),
            &format!(
                "{}{}",
                t("拣货员：", "Picker: "),
                v.list.picker.as_deref().unwrap_or("-")
            ),
            w,
        ),
        "-".repeat(w),
    ];
    // seq, bin, SKU, name, lot, qty with its unit, tick
    let name_w = flexible(w, &[3, 10, 14, 10, 10, 3]);
    out.push(row(
        &[
            ("#", 3),
            (t("库位", "Bin"), 10),
            (t("货号", "SKU"), 14),
            (t("品名", "Product"), name_w),
            (t("批次", "Lot"), 10),
            (t("数量", "Qty"), 10),
            ("", 3),
        ],
        true,
    ));
    for task in &v.tasks {
        let lot = if task.expires_early {
            format!("{}!", task.lot_no)
        } else {
            task.lot_no.clone()
        };
        out.push(row(
            &[
                (&task.seq.to_string(), 3),
                (&task.bin_code, 10),
                (&task.sku, 14),
                (&task.product_name, name_w),
                (&lot, 10),
                (&format!("{} {}", qty(task.qty), task.unit), 10),
                ("[ ]", 3),
            ],
            true,
        ));
    }
    out.push("-".repeat(w));
    if v.tasks.iter().any(|t| t.expires_early) {
        out.push(
            t(
                "! 该批次在客户要求交货日期前到期",
                "! the lot expires before the requested date",
            )
            .to_string(),
        );
    }
    for o in &v.orders {
        out.push(format!("{}  {}", o.number, one_line(&o.customer)));
        let special = o.special.trim();
        if !special.is_empty() {
            let label = t("特殊要求：", "Special requirements: ");
            for (i, line) in wrap(special, w.saturating_sub(display_width(label)))
                .into_iter()
                .enumerate()
            {
                let head = if i == 0 {
                    label.to_string()
                } else {
                    " ".repeat(display_width(label))
                };
                out.push(format!("{head}{line}"));
            }
        }
    }
    out.push(String::new());
    out.push(spread(
        &format!("{}________", t("拣货人签字：", "Picked by: ")),
        &format!("{}________", t("复核：", "Checked by: ")),
        w,
    ));
    finish(out, w)
}

/// The pick list as a standalone HTML page.
pub fn pick_list_html(v: &PickListView, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut rows = String::new();
    for task in &v.tasks {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td class=\"n\">{}</td><td>☐</td></tr>\n",
            task.seq,
            escape_html(&task.bin_code),
            escape_html(&task.sku),
            escape_html(&task.product_name),
            escape_html(&task.lot_no),
            if task.expires_early { " ⚠" } else { "" },
            escape_html(&qty(task.qty)),
        ));
    }
    let mut orders = String::new();
    for o in &v.orders {
        orders.push_str(&format!(
            "<li>{} {}{}</li>\n",
            escape_html(&o.number),
            escape_html(&o.customer),
            if o.special.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "<br><strong>{}</strong>{}",
                    t("特殊要求：", "Special requirements: "),
                    escape_html(o.special.trim())
                )
            }
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{title} {no}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <h1>{title}</h1>\n<p>{no_label}{no} · {picker_label}{picker}</p>\n\
         <table><tr><th>#</th><th>{bin}</th><th>{sku}</th><th>{name}</th><th>{lot}</th><th>{qty}</th><th></th></tr>\n{rows}</table>\n\
         <ul>\n{orders}</ul>\n<p>{signed}________ {checked}________</p>\n</body></html>\n",
        lang_code = lang.pick("zh-CN", "en"),
        title = t("拣货单", "Pick list"),
        no = escape_html(&v.list.number),
        no_label = t("单号：", "No.: "),
        picker_label = t("拣货员：", "Picker: "),
        picker = escape_html(v.list.picker.as_deref().unwrap_or("-")),
        bin = t("库位", "Bin"),
        sku = t("货号", "SKU"),
        name = t("品名", "Product"),
        lot = t("批次", "Lot"),
        qty = t("数量", "Qty"),
        signed = t("拣货人签字：", "Picked by: "),
        checked = t("复核：", "Checked by: "),
    )
}

/// The delivery note (出库单) as plain text of at most `width` columns: 80 for a
/// dot-matrix printer, 136 for wide multi-part forms; with the signature block.
pub fn delivery_note_text(v: &ShipmentView, company: &str, lang: Lang, width: usize) -> String {
    let w = width.max(60);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = &v.head;
    let mut out = vec![
        centred(&one_line(company), w),
        centred(t("出 库 单", "DELIVERY NOTE"), w),
        "=".repeat(w),
        spread(
            &format!("{}{}", t("单号：", "No.: "), h.number),
            &format!("{}{}", t("发货日期：", "Date: "), h.ship_date),
            w,
        ),
        spread(
            &format!(
                "{}{}",
                t("订单：", "Order: "),
                h.order_number.as_deref().unwrap_or("-")
            ),
            &format!(
                "{}{} {}",
                t("承运商：", "Carrier: "),
                h.carrier_name,
                h.tracking_no.as_deref().unwrap_or("")
            ),
            w,
        ),
        format!(
            "{}{}",
            t("客户：", "Customer: "),
            one_line(&h.customer_name)
        ),
    ];
    if let Some(a) = h
        .customer_address
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        out.push(format!("{}{}", t("地址：", "Address: "), one_line(a)));
    }
    out.push("-".repeat(w));
    let spec_w = if w >= 120 { 20 } else { 0 };
    let mut others = vec![3, 14, 10, 4, 10];
    if spec_w > 0 {
        others.push(spec_w);
    }
    let name_w = flexible(w, &others);
    let mut head: Vec<(&str, usize)> = vec![
        ("#", 3),
        (t("货号", "SKU"), 14),
        (t("品名", "Product"), name_w),
    ];
    if spec_w > 0 {
        head.push((t("规格", "Spec"), spec_w));
    }
    head.extend([
        (t("批次", "Lot"), 10),
        (t("单位", "Unit"), 4),
        (t("数量", "Qty"), 10),
    ]);
    out.push(row(&head, true));
    for l in &v.lines {
        let q = qty(l.qty);
        let no = l.line_no.to_string();
        let mut cells: Vec<(&str, usize)> = vec![(&no, 3), (&l.sku, 14), (&l.name, name_w)];
        if spec_w > 0 {
            cells.push((&l.spec, spec_w));
        }
        cells.extend([
            (l.lot_no.as_str(), 10),
            (l.unit.as_str(), 4),
            (q.as_str(), 10),
        ]);
        out.push(row(&cells, true));
    }
    out.push("-".repeat(w));
    out.push(format!(
        "{}{}  {}{}",
        t("箱数：", "Cartons: "),
        h.cartons,
        t("重量(kg)：", "Weight (kg): "),
        qty(h.weight_g)
    ));
    let special = v.special.trim();
    if !special.is_empty() {
        let label = t("特殊要求：", "Special requirements: ");
        for (i, line) in wrap(special, w.saturating_sub(display_width(label)))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 {
                label.to_string()
            } else {
                " ".repeat(display_width(label))
            };
            out.push(format!("{head}{line}"));
        }
    }
    out.push(String::new());
    out.push(spread(
        &format!("{}__________", t("发货人：", "Shipped by: ")),
        &format!("{}__________", t("收货人签字：", "Received by: ")),
        w,
    ));
    out.push(spread(
        "",
        &format!(
            "{}{}",
            t("签收日期：", "Date: "),
            t("____年__月__日", "____-__-__")
        ),
        w,
    ));
    finish(out, w)
}

/// The delivery note as a standalone HTML page, with the signature block.
pub fn delivery_note_html(v: &ShipmentView, company: &str, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let h = &v.head;
    let mut rows = String::new();
    for l in &v.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
            l.line_no,
            escape_html(&l.sku),
            escape_html(&l.name),
            escape_html(&l.spec),
            escape_html(&l.lot_no),
            escape_html(&l.unit),
            escape_html(&qty(l.qty)),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{title} {no}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <p>{company}</p><h1>{title}</h1>\n<p>{no_label}{no} · {date_label}{date} · {order_label}{order}</p>\n\
         <p>{customer_label}{customer} · {carrier_label}{carrier} {tracking}</p>\n\
         <table><tr><th>#</th><th>{sku}</th><th>{name}</th><th>{spec}</th><th>{lot}</th><th>{unit}</th><th>{qty}</th></tr>\n{rows}</table>\n\
         <p>{special}</p>\n<p>{shipped}________ {received}________ {signed_on}________</p>\n</body></html>\n",
        lang_code = lang.pick("zh-CN", "en"),
        company = escape_html(company),
        title = t("出库单", "Delivery note"),
        no = escape_html(&h.number),
        no_label = t("单号：", "No.: "),
        date_label = t("发货日期：", "Date: "),
        date = escape_html(&h.ship_date),
        order_label = t("订单：", "Order: "),
        order = escape_html(h.order_number.as_deref().unwrap_or("-")),
        customer_label = t("客户：", "Customer: "),
        customer = escape_html(&h.customer_name),
        carrier_label = t("承运商：", "Carrier: "),
        carrier = escape_html(&h.carrier_name),
        tracking = escape_html(h.tracking_no.as_deref().unwrap_or("")),
        sku = t("货号", "SKU"),
        name = t("品名", "Product"),
        spec = t("规格", "Spec"),
        lot = t("批次", "Lot"),
        unit = t("单位", "Unit"),
        qty = t("数量", "Qty"),
        special = if v.special.trim().is_empty() {
            String::new()
        } else {
            format!("{}{}", t("特殊要求：", "Special requirements: "), escape_html(v.special.trim()))
        },
        shipped = t("发货人：", "Shipped by: "),
        received = t("收货人签字：", "Received by: "),
        signed_on = t("签收日期：", "Date: "),
    )
}

/// A carton's packing slip (装箱单) as plain text of at most `width` columns (from 60
/// up): the order and customer, carton n of m with its weight, and its contents with
/// the lots picked for each line.
pub fn packing_slip_text(v: &PackingSlip, lang: Lang, width: usize) -> String {
    let w = width.max(60);
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = vec![
        centred(t("装 箱 单", "PACKING SLIP"), w),
        "=".repeat(w),
        spread(
            &format!("{}{}", t("订单号：", "Order: "), v.order),
            &format!("{}{} / {}", t("箱号：", "Carton: "), v.carton_no, v.cartons),
            w,
        ),
        spread(
            &format!("{}{}", t("客户：", "Customer: "), one_line(&v.customer)),
            &format!("{}{} kg", t("重量：", "Weight: "), qty(v.weight_g)),
            w,
        ),
        "-".repeat(w),
    ];
    // line, SKU, name, lot, qty with its unit
    let name_w = flexible(w, &[3, 14, 14, 12]);
    out.push(row(
        &[
            ("#", 3),
            (t("货号", "SKU"), 14),
            (t("品名", "Product"), name_w),
            (t("批次", "Lot"), 14),
            (t("数量", "Qty"), 12),
        ],
        true,
    ));
    for l in &v.lines {
        out.push(row(
            &[
                (&l.line_no.to_string(), 3),
                (&l.sku, 14),
                (&l.product_name, name_w),
                (&l.lots, 14),
                (&format!("{} {}", qty(l.qty), l.unit), 12),
            ],
            true,
        ));
    }
    out.push("-".repeat(w));
    out.push(String::new());
    out.push(spread(
        &format!("{}________", t("装箱人：", "Packed by: ")),
        &format!("{}________", t("复核：", "Checked by: ")),
        w,
    ));
    finish(out, w)
}

/// The packing slip as a standalone HTML page.
pub fn packing_slip_html(v: &PackingSlip, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut rows = String::new();
    for l in &v.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{} {}</td></tr>\n",
            l.line_no,
            escape_html(&l.sku),
            escape_html(&l.product_name),
            escape_html(&l.lots),
            escape_html(&qty(l.qty)),
            escape_html(&l.unit),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{title} {order} #{carton}</title>\n\
         <style>body{{font-family:sans-serif}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #999;padding:2px 6px}}.n{{text-align:right}}</style></head><body>\n\
         <h1>{title}</h1>\n<p>{order_label}{order} · {customer_label}{customer}</p>\n\
         <p>{carton_label}{carton} / {cartons} · {weight_label}{weight} kg</p>\n\
         <table><tr><th>#</th><th>{sku}</th><th>{name}</th><th>{lot}</th><th>{qty}</th></tr>\n{rows}</table>\n\
         <p>{packed}________ {checked}________</p>\n</body></html>\n",
        lang_code = lang.pick("zh-CN", "en"),
        title = t("装箱单", "Packing slip"),
        order = escape_html(&v.order),
        order_label = t("订单号：", "Order: "),
        customer_label = t("客户：", "Customer: "),
        customer = escape_html(&v.customer),
        carton_label = t("箱号：", "Carton: "),
        carton = v.carton_no,
        cartons = v.cartons,
        weight_label = t("重量：", "Weight: "),
        weight = escape_html(&qty(v.weight_g)),
        sku = t("货号", "SKU"),
        name = t("品名", "Product"),
        lot = t("批次", "Lot"),
        qty = t("数量", "Qty"),
        packed = t("装箱人：", "Packed by: "),
        checked = t("复核：", "Checked by: "),
    )
}

/// Writes a carton's packing slip into `dir` as `<order>-<carton>.txt` (80 columns)
/// and `.html`.
pub fn write_packing_slip(
    dir: &Path,
    v: &PackingSlip,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    write_pair(
        dir,
        &format!("{}-{}", v.order, v.carton_no),
        &packing_slip_text(v, lang, 80),
        &packing_slip_html(v, lang),
    )
}

pub(super) fn write_pair(
    dir: &Path,
    stem: &str,
    text: &str,
    html: &str,
) -> Result<(PathBuf, PathBuf), PrintError> {
    std::fs::create_dir_all(dir).map_err(|source| PrintError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let txt = dir.join(format!("{stem}.txt"));
    let htm = dir.join(format!("{stem}.html"));
    for (path, content) in [(&txt, text), (&htm, html)] {
        std::fs::write(path, content).map_err(|source| PrintError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok((txt, htm))
}

/// Writes the pick list into `dir` as `<PL number>.txt` (80 columns) and `.html`.
pub fn write_pick_list(
    dir: &Path,
    v: &PickListView,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    write_pair(
        dir,
        &v.list.number,
        &pick_list_text(v, lang, 80),
        &pick_list_html(v, lang),
    )
}

/// Writes the delivery note into `dir` as `<SH number>.txt` (`width` columns, 80 or
/// 136) and `.html`.
pub fn write_delivery_note(
    dir: &Path,
    v: &ShipmentView,
    company: &str,
    lang: Lang,
    width: usize,
) -> Result<(PathBuf, PathBuf), PrintError> {
    write_pair(
        dir,
        &v.head.number,
        &delivery_note_text(v, company, lang, width),
        &delivery_note_html(v, company, lang),
    )
}

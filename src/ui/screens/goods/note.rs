//! What the shipping and delivery screens share: the delivery note (出库单) written to
//! the output folder and queued for the printer, and where their pop-up lists go.

use ratatui::layout::Rect;

use crate::i18n::Localized;
use crate::ops;
use crate::ui::view::{Env, PrintJob};

/// Where a pop-up list of `rows` lines goes over the screen's `body`: centred, under
/// the scan line.
pub(crate) fn popup_area(body: Rect, rows: u16) -> Rect {
    let w = body.width.min(48);
    let h = rows.min(body.height.saturating_sub(2));
    Rect::new(body.x + (body.width - w) / 2, body.y + 2, w, h)
}

/// Writes the delivery note of shipment `number` into the output folder (text of
/// `width` columns and HTML) and queues its text for the printer when one is set;
/// returns what to add to the status message (where it went, or why it did not).
pub(crate) fn write_and_print(env: &mut Env, number: &str, width: usize) -> String {
    let lang = env.lang;
    let sep = lang.pick("；", "; ");
    let view = match ops::shipping::shipment(env.db, number) {
        Ok(v) => v,
        Err(e) => return format!("{sep}{}", e.localized(lang)),
    };
    let company = ops::setup::company_name(env.db).unwrap_or_default();
    let mut out = String::new();
    if let Some(dir) = env.output.dir.clone() {
        match crate::print::goods::write_delivery_note(&dir, &view, &company, lang, width) {
            Ok((txt, _)) => {
                out += &crate::bi!(lang, "；出库单：{}", "; delivery note: {}", txt.display())
            }
            Err(e) => out += &format!("{sep}{}", e.localized(lang)),
        }
    }
    if let Some(cmd) = env.output.printer.clone() {
        env.print_jobs.push(PrintJob {
            command: cmd,
            text: crate::print::goods::delivery_note_text(&view, &company, lang, width),
            number: number.to_string(),
        });
        out += lang.pick("；已送打印机", "; sent to the printer");
    }
    if out.is_empty() {
        out += lang.pick(
            "；未设置输出目录或打印机，出库单未打印",
            "; no output folder or printer is set, so no delivery note was printed",
        );
    }
    out
}

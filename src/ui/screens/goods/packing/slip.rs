//! Printing the packing slips (装箱单) of the cartons packed last: each one written into
//! the output folder and sent to the printer command, as the pick list goes.

use super::PackingView;
use crate::i18n::{Lang, Localized};
use crate::ops;
use crate::ui::view::{Env, PrintJob};

/// F8: the packing slip of every carton packed last, or why there is none.
pub(super) fn print(v: &PackingView, env: &mut Env) {
    let lang: Lang = env.lang;
    let Some((order, cartons)) = v.packed.clone() else {
        env.say(
            "请先完成装箱（F5），再打印装箱单。",
            "Pack the cartons first (F5), then print their packing slips.",
            true,
        );
        return;
    };
    let mut said = Vec::new();
    let mut failed = false;
    let dir = env.output.dir.clone();
    let printer = env.output.printer.clone();
    for no in cartons {
        let slip = match ops::packing::packing_slip(env.db, &order, no) {
            Ok(s) => s,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        if let Some(dir) = &dir {
            match crate::print::goods::write_packing_slip(dir, &slip, lang) {
                Ok((txt, _)) => said.push(crate::bi!(
                    lang,
                    "已写入 {}",
                    "written to {}",
                    txt.display()
                )),
                Err(e) => {
                    failed = true;
                    said.push(e.localized(lang));
                }
            }
        }
        if let Some(command) = &printer {
            env.print_jobs.push(PrintJob {
                command: command.clone(),
                text: crate::print::goods::packing_slip_text(&slip, lang, 80),
                number: format!("{order}-{no}"),
            });
        }
    }
    if printer.is_some() {
        said.push(
            lang.pick("正在送打印机", "sending to the printer")
                .to_string(),
        );
    }
    if said.is_empty() {
        env.warn(crate::bi!(
            lang,
            "{} 的装箱单未打印：没有设置输出文件夹或打印命令（配置文件的 output_dir / printer_command）。",
            "The packing slips of {} were not printed: no output folder or printer command is set (output_dir / printer_command in the config file).",
            order
        ));
    } else {
        let text = format!("{order}: {}", said.join(lang.pick("；", "; ")));
        if failed {
            env.warn(text);
        } else {
            env.ok(text);
        }
    }
}

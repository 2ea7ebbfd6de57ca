//! The export layer (导出): over any list or report, F12 (Ctrl+W) asks what to export
//! when the screen offers more than one table (the orders or their lines), the format
//! (Excel workbook or CSV) and the folder, which starts as the output folder. F5, or
//! Enter on the last field, exports; the application runs the export and closes the
//! layer, or keeps it open on the folder when the folder is refused. Esc gives up.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::{Answer, Layer, Step};
use crate::i18n::Lang;
use crate::ops;
use crate::ops::export::{Format, Source, Target};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::widgets::text::Typed;

/// Longest folder path typed.
const MAX_FOLDER: usize = 500;

/// What the layer asks the application to export: the table, taken out of the layer
/// (given back with [`Layer::export_refused`] when the export is refused).
pub struct Request {
    index: usize,
    pub source: Box<dyn Source>,
    pub format: Format,
    pub target: Target,
}

/// The export layer: the tables the screen offers and the form.
pub struct ExportLayer {
    sources: Vec<Option<Box<dyn Source>>>,
    /// The output folder the form starts with; made on first use.
    default_dir: Option<PathBuf>,
    pub form: Form,
}

impl ExportLayer {
    /// The layer for these tables (the first is the default), starting in `default_dir`.
    pub fn new(sources: Vec<Box<dyn Source>>, default_dir: Option<PathBuf>) -> ExportLayer {
        let mut fields = Vec::new();
        if sources.len() > 1 {
            let options = sources
                .iter()
                .enumerate()
                .map(|(i, s)| Choice::new(&i.to_string(), &s.title(Lang::Zh), &s.title(Lang::En)))
                .collect();
            fields.push(Field::choice("table", "内容", "Table", options));
        }
        let formats = Format::ALL
            .iter()
            .map(|f| Choice::new(f.extension(), f.label(Lang::Zh), f.label(Lang::En)))
            .collect();
        fields.push(Field::choice("format", "格式", "Format", formats));
        fields.push(
            Field::text("folder", "文件夹", "Folder")
                .value(
                    default_dir
                        .as_ref()
                        .map(|d| d.display().to_string())
                        .unwrap_or_default(),
                )
                .max(MAX_FOLDER)
                .hint(
                    "文件保存到这个文件夹，文件名含列表名和时间",
                    "The file goes into this folder, named after the list and the time",
                ),
        );
        let mut form = Form::new(fields);
        form.focus_on("format");
        ExportLayer {
            sources: sources.into_iter().map(Some).collect(),
            default_dir,
            form,
        }
    }

    fn answer(&self) -> Step {
        Step::Answer(Answer::Form(
            self.form
                .fields
                .iter()
                .map(|f| (f.key, f.value.clone()))
                .collect(),
        ))
    }

    fn next(&mut self) -> Step {
        if self.form.move_focus(true) {
            Step::Stay
        } else {
            self.answer()
        }
    }

    /// The export the form asks for; `None` when the answer is not this layer's form.
    pub fn request(&mut self, answer: &Answer) -> Option<Request> {
        let Answer::Form(values) = answer else {
            return None;
        };
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v.as_str())
        };
        let index: usize = get("table").parse().unwrap_or(0);
        let format = Format::parse(get("format")).unwrap_or(Format::Xlsx);
        let typed = get("folder").trim();
        let dir = if typed.is_empty() {
            self.default_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("."))
        } else {
            PathBuf::from(typed)
        };
        // The configured output folder is made on first use; a folder typed is not.
        let create = self.default_dir.as_ref() == Some(&dir);
        let source = self.sources.get_mut(index)?.take()?;
        Some(Request {
            index,
            source,
            format,
            target: Target::Folder { dir, create },
        })
    }

    /// The export was refused: the table comes back, and the focus goes to the field
    /// the refusal names.
    pub fn refused(&mut self, e: &ops::Error, request: Request) {
        if let Some(slot) = self.sources.get_mut(request.index) {
            *slot = Some(request.source);
        }
        self.form.focus_error(e);
    }
}

impl Layer for ExportLayer {
    fn name(&self) -> &'static str {
        "export"
    }

    fn context(&self) -> Option<Context> {
        Some(Context::Form)
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let w = area.width.min(72);
        let h = (u16::try_from(self.form.fields.len()).unwrap_or(3) + 3).min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        );
        crate::ui::widgets::frame::clear_popup(f, r);
        let title = lang.pick(
            "导出（F5 导出，Esc 取消）",
            "Export (F5 export, Esc cancel)",
        );
        self.form.draw(f, r, title, lang, theme);
    }

    fn command(&mut self, cmd: Command) -> Step {
        match cmd {
            Command::Back => Step::Close,
            Command::Save => self.answer(),
            Command::NextField | Command::Confirm => self.next(),
            _ => {
                self.form.command(cmd);
                Step::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent) -> Step {
        match self.form.key(key) {
            Typed::Ended => self.next(),
            _ => Step::Stay,
        }
    }

    fn unsaved(&self) -> bool {
        false
    }

    fn export(&mut self, answer: &Answer) -> Option<Request> {
        self.request(answer)
    }

    fn export_refused(&mut self, e: &ops::Error, request: Request) {
        self.refused(e, request);
    }
}

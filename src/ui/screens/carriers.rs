//! Carriers (承运商, administrators): the list the shipping screen chooses from. Enter
//! opens a carrier's form (code, name, in use); F2 adds one. A carrier is never deleted,
//! only taken out of use, since its shipments name it. F7 turns packing at the bench
//! before shipping (复核装箱) on or off for the company.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::master_form::{self, draw_rows, foot_lines, yes_no, Editing, Record};
use crate::domain::access::Permission;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::master::CarrierInput;
use crate::ops::shipping::CarrierRow;
use crate::ui::form::{Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, Env, Nav, View};

/// The carriers list: every carrier, in use or not, as the admin added them.
#[derive(Debug, Clone, Default)]
pub struct CarrierList {
    pub rows: Vec<CarrierRow>,
    pub selected: usize,
    /// Whether the company packs every shipment at the bench first.
    pub packing: bool,
}

pub fn list() -> Box<dyn View> {
    Box::new(CarrierList::default())
}

/// The form of an existing carrier.
pub fn edit(env: &mut Env, id: i64) -> Result<Box<dyn View>, ops::Error> {
    Ok(master_form::screen(master_form::open::<CarrierForm>(
        env, id,
    )?))
}

/// The form of a new carrier.
pub fn new_carrier(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    let can_edit = master_form::allowed(env, Permission::EditSettings)?;
    Ok(master_form::screen(CarrierForm::build(None, can_edit)))
}

impl View for CarrierList {
    fn name(&self) -> &'static str {
        "carriers"
    }

    fn context(&self) -> Context {
        Context::Carriers
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let title = crate::bi!(
            lang,
            "承运商 · 复核装箱：{}",
            "Carriers · packing before shipping: {}",
            if self.packing {
                lang.pick("是", "yes")
            } else {
                lang.pick("否", "no")
            }
        );
        let block = framed(&title, theme);
        let inner = block.inner(area);
        let header = Row::new(vec![
            lang.pick("编码", "Code"),
            lang.pick("名称", "Name"),
            lang.pick("状态", "Status"),
        ])
        .style(theme.title());
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.selected, height);
        let rows = self
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, c)| {
                let status = if c.active {
                    Cell::from(lang.pick("在用", "In use"))
                } else {
                    Cell::from(lang.pick("停用", "Not in use")).style(theme.dim())
                };
                let row = Row::new(vec![
                    Cell::from(c.code.clone()),
                    Cell::from(c.name.clone()),
                    status,
                ]);
                if i == self.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            });
        f.render_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(18),
                    Constraint::Fill(1),
                    Constraint::Length(12),
                ],
            )
            .header(header)
            .block(block),
            area,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::TogglePacking => {
                match ops::packing::set_packing_required(env.db, env.actor, !self.packing) {
                    Ok(()) => {
                        self.packing = !self.packing;
                        if self.packing {
                            env.say(
                                "已开启复核装箱：发货前须在装箱台逐件扫描装箱。",
                                "Packing is on: every shipment is scanned into cartons first.",
                                false,
                            );
                        } else {
                            env.say(
                                "已关闭复核装箱：已拣的货可直接发货。",
                                "Packing is off: picked goods ship as they are.",
                                false,
                            );
                        }
                    }
                    Err(e) => env.error(&e),
                }
                Nav::Stay
            }
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < self.rows.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::New => Nav::Push(Route::NewCarrier),
            Command::Open => match self.rows.get(self.selected) {
                Some(c) => Nav::Push(Route::Carrier(c.id)),
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let read = ops::shipping::carriers(env.db)
            .and_then(|rows| Ok((rows, ops::packing::packing_required(env.db)?)));
        match read {
            Ok((rows, packing)) => {
                self.rows = rows;
                self.packing = packing;
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// A carrier's form: code, name and whether it is in use.
pub struct CarrierForm {
    pub edit: Editing,
}

impl CarrierForm {
    fn build(c: Option<&CarrierRow>, can_edit: bool) -> CarrierForm {
        let form = Form::new(vec![
            Field::text("code", "编码", "Code")
                .value(c.map(|c| c.code.clone()).unwrap_or_default())
                .max(16)
                .read_only(!can_edit)
                .hint("例如 SF、ZTO；唯一", "e.g. SF, ZTO; unique"),
            Field::text("name", "名称", "Name")
                .value(c.map(|c| c.name.clone()).unwrap_or_default())
                .max(64)
                .read_only(!can_edit)
                .hint("发货时显示和打印的名称", "shown and printed when shipping"),
            Field::choice("active", "在用", "In use", yes_no())
                .value(if c.is_none_or(|c| c.active) {
                    "yes"
                } else {
                    "no"
                })
                // A new carrier starts in use.
                .read_only(!can_edit || c.is_none())
                .hint(
                    "停用后发货时不再可选；已有发货单不变",
                    "out of use: no longer offered when shipping; shipments keep it",
                ),
        ]);
        let saved_as = c
            .map(|c| format!("{} {}", c.code, c.name))
            .unwrap_or_default();
        CarrierForm {
            edit: Editing::new(c.map(|c| c.id), 1, saved_as, form, can_edit),
        }
    }

    fn input(&self) -> CarrierInput {
        let f = &self.edit.form;
        CarrierInput {
            code: f.get("code").to_string(),
            name: f.get("name").to_string(),
            active: f.get("active") == "yes",
        }
    }
}

impl Record for CarrierForm {
    const NAME: &'static str = "carrier-form";
    const NOUN: (&'static str, &'static str) = ("承运商", "Carrier");
    const NEW: (&'static str, &'static str) = ("新承运商", "New carrier");
    const READ_ONLY: (&'static str, &'static str) = (
        "只读：您没有维护设置的权限。",
        "Read-only: you may not edit settings.",
    );
    const CODE: &'static str = "code";

    fn read(env: &mut Env, id: i64) -> Result<CarrierForm, ops::Error> {
        let c = ops::master::carrier(env.db, id)?;
        let can_edit = master_form::allowed(env, Permission::EditSettings)?;
        Ok(CarrierForm::build(Some(&c), can_edit))
    }

    fn editing(&self) -> &Editing {
        &self.edit
    }

    fn editing_mut(&mut self) -> &mut Editing {
        &mut self.edit
    }

    fn partly_read_only(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    fn write(&self, env: &mut Env) -> Result<i64, ops::Error> {
        let input = self.input();
        match self.edit.id {
            None => ops::shipping::add_carrier(env.db, env.actor, &input.code, &input.name),
            Some(id) => ops::master::update_carrier(env.db, env.actor, id, &input).map(|()| id),
        }
    }

    fn refused(&mut self, e: &ops::Error, env: &mut Env) {
        let form = &mut self.edit.form;
        match e {
            ops::Error::Duplicate {
                what: ops::Thing::Carrier,
                ..
            } => form.focus_on("code"),
            _ => form.focus_error(e),
        }
        env.error(e);
    }

    fn draw(&self, f: &mut Frame, inner: Rect, lang: Lang, theme: Theme) {
        let [main, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
        let idx: Vec<usize> = (0..self.edit.form.fields.len()).collect();
        draw_rows(f, main, &self.edit.form, &idx, lang, theme);
        f.render_widget(
            Paragraph::new(foot_lines(&self.edit.form, self.notice(lang), lang, theme)),
            foot,
        );
    }
}

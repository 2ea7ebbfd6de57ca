//! What the customer and product screens share: fields drawn as labelled rows or as a
//! grid of repeated records (contacts), the Esc that asks before dropping typed work,
//! the permission look-ups that make fields read-only, and the search box of the lists.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::bi;
use crate::domain::access::Permission;
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops;
use crate::ui::form::{Field, Form, Kind};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, scroll_start, Env, Nav, Typed, View};

/// Whether the logged-in user holds `permission` now. Screens use it to make fields
/// read-only; the op checks again when saving.
pub fn allowed(env: &Env, permission: Permission) -> Result<bool, ops::Error> {
    ops::users::allowed(env.db, env.actor, permission)
}

/// What a customer or product form keeps besides its own fields: the form, the record
/// it edits (none yet for a new one), whether the user may edit it, and the Esc that
/// asks before dropping typed work.
pub struct Editing {
    pub id: Option<i64>,
    /// The version read, sent with the update.
    pub version: i64,
    /// Code and name as saved, for the title.
    pub saved_as: String,
    pub form: Form,
    pub can_edit: bool,
}

impl Editing {
    pub fn new(
        id: Option<i64>,
        version: i64,
        saved_as: String,
        form: Form,
        can_edit: bool,
    ) -> Self {
        Editing {
            id,
            version,
            saved_as,
            form,
            can_edit,
        }
    }

    /// After a save of record `id` as `code` and `name`: the title, the version the save
    /// wrote, and nothing typed since. (The refresh that follows reads the record back:
    /// codes as `ops` cleaned them, and the new version.)
    pub fn saved(&mut self, id: i64, code: &str, name: &str) {
        self.saved_as = format!("{} {}", code.trim().to_uppercase(), name.trim());
        self.version = if self.id.is_some() {
            self.version + 1
        } else {
            1
        };
        self.id = Some(id);
        self.form.dirty = false;
    }

    /// Puts the focus where it was in `before` (the same form read again), or on the
    /// next field when that one became read-only.
    pub fn focus_as(&mut self, before: &Editing) {
        self.form.focus_on(before.form.focus_key());
        if self.form.focused().is_some_and(|f| f.read_only) {
            self.form.move_focus(true);
        }
    }

    /// Every command of a form but Save, which the form handles itself: Esc goes back
    /// (asking first when something is typed), the others move and change fields.
    pub fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if cmd == Command::Back {
            return self.back(env);
        }
        if self.can_edit || !browse(&mut self.form, cmd) {
            self.form.command(cmd);
        }
        Nav::Stay
    }

    /// Esc: back when nothing was typed since the last save; otherwise the first Esc
    /// asks and the second discards.
    fn back(&mut self, env: &mut Env) -> Nav {
        if self.form.dirty {
            ask_discard(
                env,
                "有未保存的修改：F5 保存，再按一次 Esc 放弃。",
                "Unsaved changes: F5 saves, Esc again discards them.",
            )
        } else {
            Nav::Back
        }
    }

    /// A typed key: text for the focused field, Tab or LF moves on, and a character
    /// typed into a read-only field says why it is read-only (`notice`).
    pub fn key(&mut self, key: &KeyEvent, notice: Option<String>, env: &mut Env) -> Nav {
        let form = &mut self.form;
        match form.key(key) {
            Typed::Ended => {
                form.move_focus(true);
            }
            Typed::Ignored
                if matches!(key.code, KeyCode::Char(_))
                    && form.focused().is_some_and(|f| f.read_only) =>
            {
                match notice {
                    Some(n) => env.warn(n),
                    None => env.say("此栏只读。", "This field is read-only.", true),
                }
            }
            _ => {}
        }
        Nav::Stay
    }
}

/// A customer or product form: what differs between them. [`MasterScreen`] runs
/// either as a screen.
pub trait Record: Sized {
    /// The screen's name, for tests and the screenshot script.
    const NAME: &'static str;
    /// What the record is, in the title and the message of a save: `客户`, `Customer`.
    const NOUN: (&'static str, &'static str);
    /// The title of a form for a new record.
    const NEW: (&'static str, &'static str);
    /// The message of a form the user may only read.
    const READ_ONLY: (&'static str, &'static str);
    /// The key of the code field (the name field is `name`), for the title once saved.
    const CODE: &'static str;

    /// Reads record `id` into a form, with what the user may not change read-only.
    fn read(env: &mut Env, id: i64) -> Result<Self, ops::Error>;
    fn editing(&self) -> &Editing;
    fn editing_mut(&mut self) -> &mut Editing;
    /// Which fields are read-only for a user who may edit the rest, if any.
    fn partly_read_only(&self) -> Option<(&'static str, &'static str)>;
    /// Creates or updates the record from the form (with the version read); its id.
    fn write(&self, env: &mut Env) -> Result<i64, ops::Error>;
    /// Shows a refused save: the message, with the focus on the field it names; what
    /// was typed stays.
    fn refused(&mut self, e: &ops::Error, env: &mut Env);
    /// Draws the form inside its frame.
    fn draw(&self, f: &mut Frame, inner: Rect, lang: Lang, theme: Theme);

    /// What the user may not change here: the foot of the form says it, and so does a
    /// key typed into a read-only field.
    fn notice(&self, lang: Lang) -> Option<String> {
        let (zh, en) = if self.editing().can_edit {
            self.partly_read_only()?
        } else {
            Self::READ_ONLY
        };
        Some(lang.pick(zh, en).to_string())
    }
}

/// The form of an existing record; the status line says when the user may only read
/// it.
pub fn open<R: Record>(env: &mut Env, id: i64) -> Result<R, ops::Error> {
    let form = R::read(env, id)?;
    if !form.editing().can_edit {
        env.say(R::READ_ONLY.0, R::READ_ONLY.1, false);
    }
    Ok(form)
}

/// A customer or product form on the screen: F5 saves with the version read, so that
/// another session's save in between is refused rather than overwritten.
pub struct MasterScreen<R>(pub R);

/// The screen of a customer or product form.
pub fn screen<R: Record + 'static>(form: R) -> Box<dyn View> {
    Box::new(MasterScreen(form))
}

impl<R: Record> MasterScreen<R> {
    fn save(&mut self, env: &mut Env) -> Nav {
        if !self.0.editing().can_edit {
            env.say(R::READ_ONLY.0, R::READ_ONLY.1, true);
            return Nav::Stay;
        }
        match self.0.write(env) {
            Ok(id) => {
                let edit = self.0.editing_mut();
                let code = edit.form.get(R::CODE).to_string();
                let name = edit.form.get("name").to_string();
                edit.saved(id, &code, &name);
                self.refresh(env);
                let noun = env.lang.pick(R::NOUN.0, R::NOUN.1);
                let saved_as = &self.0.editing().saved_as;
                env.ok(bi!(
                    env.lang,
                    "{} {} 已保存。",
                    "{} {} saved.",
                    noun,
                    saved_as
                ));
            }
            Err(e) => self.0.refused(&e, env),
        }
        Nav::Stay
    }

    /// Reads the record again after a save or another session's change, keeping the
    /// focus where it was.
    fn refresh(&mut self, env: &mut Env) -> bool {
        let Some(id) = self.0.editing().id else {
            return true;
        };
        match R::read(env, id) {
            Ok(mut fresh) => {
                fresh.editing_mut().focus_as(self.0.editing());
                self.0 = fresh;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

impl<R: Record + 'static> View for MasterScreen<R> {
    fn name(&self) -> &'static str {
        R::NAME
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let edit = self.0.editing();
        let mut title = match edit.id {
            None => lang.pick(R::NEW.0, R::NEW.1).to_string(),
            Some(_) => format!("{} {}", lang.pick(R::NOUN.0, R::NOUN.1), edit.saved_as),
        };
        if edit.form.dirty {
            title.push_str(lang.pick("（未保存）", " (unsaved)"));
        }
        let block = framed(&title, theme);
        let inner = block.inner(area);
        f.render_widget(block, area);
        self.0.draw(f, inner, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if cmd == Command::Save {
            return self.save(env);
        }
        self.0.editing_mut().command(cmd, env)
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let notice = self.0.notice(env.lang);
        self.0.editing_mut().key(key, notice, env)
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        // Typing is never replaced under the user's hands.
        self.unsaved() || self.refresh(env)
    }

    fn unsaved(&self) -> bool {
        self.0.editing().form.dirty
    }
}

/// A field move in a form the user may only read: the cursor goes to every field in
/// turn, read-only as they all are, so that rows scrolled out of view can be reached.
fn browse(form: &mut Form, cmd: Command) -> bool {
    match cmd {
        Command::NextField if form.focus + 1 < form.fields.len() => form.focus += 1,
        Command::PrevField if form.focus > 0 => form.focus -= 1,
        Command::NextField | Command::PrevField => {}
        _ => return false,
    }
    true
}

/// The yes/no options of a flag field.
pub fn yes_no() -> Vec<crate::ui::form::Choice> {
    vec![
        crate::ui::form::Choice::new("no", "否", "No"),
        crate::ui::form::Choice::new("yes", "是", "Yes"),
    ]
}

/// The last `width` columns of `s`, starting with `…` when cut: the end of a long
/// value stays visible while it is typed.
fn tail_to_width(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

/// A field's value as it reads in `width` columns, with the marks of the focus: a
/// cursor after text, ‹ › around a choice.
fn value_text(fd: &Field, focused: bool, width: usize, lang: Lang) -> String {
    let shown = fd.shown(lang);
    match (&fd.kind, focused && !fd.read_only) {
        (Kind::Choice(_), true) => {
            format!("‹ {} ›", truncate_to_width(&shown, width.saturating_sub(4)))
        }
        (_, true) => format!("{}▏", tail_to_width(&shown, width.saturating_sub(1))),
        _ => truncate_to_width(&shown, width),
    }
}

fn value_style(fd: &Field, focused: bool, theme: Theme) -> Style {
    if focused {
        theme.selected()
    } else if fd.read_only {
        theme.dim()
    } else {
        Style::default()
    }
}

/// Draws the fields `idx` of a form one per row: `▶ label：value`, labels padded to
/// one width, scrolled so that the focused field stays visible.
pub fn draw_rows(f: &mut Frame, area: Rect, form: &Form, idx: &[usize], lang: Lang, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let label_w = idx
        .iter()
        .filter_map(|&i| form.fields.get(i))
        .map(|fd| display_width(lang.pick(fd.name.zh, fd.name.en)))
        .max()
        .unwrap_or(0);
    let sep = lang.pick("：", ": ");
    let rows = usize::from(area.height);
    let focus_row = idx.iter().position(|&i| i == form.focus).unwrap_or(0);
    let start = scroll_start(focus_row, rows);
    let value_w = usize::from(area.width).saturating_sub(2 + label_w + display_width(sep));
    let mut lines = Vec::new();
    for &i in idx.iter().skip(start).take(rows) {
        let Some(fd) = form.fields.get(i) else {
            continue;
        };
        let focused = i == form.focus;
        let label = lang.pick(fd.name.zh, fd.name.en);
        let pad = " ".repeat(label_w.saturating_sub(display_width(label)));
        let marker = if focused { "▶ " } else { "  " };
        lines.push(Line::from(vec![
            Span::raw(format!("{marker}{label}{pad}{sep}")),
            Span::styled(
                value_text(fd, focused, value_w, lang),
                value_style(fd, focused, theme),
            ),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// Repeated records of a form shown as a grid (the contacts of a customer).
pub struct Grid<'a> {
    /// The column headers in both languages.
    pub headers: &'a [(&'static str, &'static str)],
    /// The column widths; the last column takes what is left.
    pub widths: &'a [usize],
    /// `cells[r][c]`: the field index of record `r`, column `c`.
    pub cells: &'a [Vec<usize>],
}

/// Draws a grid: a header row, then one row per record with its number in front,
/// scrolled so that the focused record stays visible.
pub fn draw_grid(f: &mut Frame, area: Rect, form: &Form, grid: &Grid, lang: Lang, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let (headers, widths, cells) = (grid.headers, grid.widths, grid.cells);
    let total = usize::from(area.width);
    let lead = 4;
    let mut w: Vec<usize> = widths.to_vec();
    let fixed: usize = lead
        + w.iter()
            .take(w.len().saturating_sub(1))
            .map(|x| x + 1)
            .sum::<usize>();
    if let Some(last) = w.last_mut() {
        *last = total.saturating_sub(fixed).max(4);
    }
    let mut lines = Vec::new();
    let mut head = vec![Span::raw(" ".repeat(lead))];
    for (c, (zh, en)) in headers.iter().enumerate() {
        let width = w.get(c).copied().unwrap_or(8);
        head.push(Span::styled(
            crate::domain::text::fit_to_width(lang.pick(zh, en), width),
            theme.title(),
        ));
        head.push(Span::raw(" "));
    }
    lines.push(Line::from(head));
    let rows = usize::from(area.height).saturating_sub(1);
    let focus_row = cells
        .iter()
        .position(|r| r.contains(&form.focus))
        .unwrap_or(0);
    let start = scroll_start(focus_row, rows);
    for (r, record) in cells.iter().enumerate().skip(start).take(rows) {
        let marker = if r == focus_row && record.contains(&form.focus) {
            "▶"
        } else {
            " "
        };
        let mut spans = vec![Span::raw(format!("{marker}{:>2} ", r + 1))];
        for (c, &i) in record.iter().enumerate() {
            let width = w.get(c).copied().unwrap_or(8);
            let Some(fd) = form.fields.get(i) else {
                continue;
            };
            let focused = i == form.focus;
            let text = value_text(fd, focused, width, lang);
            let pad = width.saturating_sub(display_width(&text));
            spans.push(Span::styled(text, value_style(fd, focused, theme)));
            spans.push(Span::raw(" ".repeat(pad + 1)));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// One column of a read-only table under a form.
pub struct Col {
    pub zh: &'static str,
    pub en: &'static str,
    pub width: usize,
    /// Numbers are right-aligned.
    pub right: bool,
}

fn cell(text: &str, col: &Col) -> String {
    let t = truncate_to_width(text, col.width);
    let pad = " ".repeat(col.width.saturating_sub(display_width(&t)));
    if col.right {
        format!("{pad}{t} ")
    } else {
        format!("{t}{pad} ")
    }
}

/// A read-only table under a form (a customer's recent orders, where a product lies).
pub struct InfoTable<'a> {
    pub title: Option<String>,
    pub cols: &'a [Col],
    pub rows: Vec<Vec<String>>,
    /// The rows were read up to a limit: there may be more than were read.
    pub capped: bool,
}

/// Draws a title if any, the column headers, and as many rows as fit, the last saying
/// how many more there are. Nothing is drawn when not even one row fits.
pub fn draw_table(f: &mut Frame, area: Rect, table: &InfoTable, lang: Lang, theme: Theme) {
    let (cols, rows) = (table.cols, &table.rows);
    let mut lines = Vec::new();
    if let Some(t) = &table.title {
        lines.push(Line::from(Span::styled(t.clone(), theme.title())));
    }
    let height = usize::from(area.height);
    if height < lines.len() + 2 {
        return;
    }
    let head: String = cols
        .iter()
        .map(|c| cell(lang.pick(c.zh, c.en), c))
        .collect();
    lines.push(Line::from(Span::styled(head, theme.dim())));
    let room = height - lines.len();
    // The last line says how many more there are, when there is a line to spare.
    let shown = if rows.len() > room && room >= 2 {
        room - 1
    } else {
        rows.len().min(room)
    };
    for r in rows.iter().take(shown) {
        let text: String = cols.iter().zip(r.iter()).map(|(c, v)| cell(v, c)).collect();
        lines.push(Line::from(text));
    }
    if rows.len() > shown {
        let more = rows.len() - shown;
        let text = if table.capped {
            crate::bi!(lang, "…… 另有 {} 行以上", "… {} more or over", more)
        } else {
            crate::bi!(lang, "…… 另有 {} 行", "… {} more", more)
        };
        lines.push(Line::from(Span::styled(text, theme.dim())));
    }
    if rows.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.pick("（无）", "(none)").to_string(),
            theme.dim(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The notice and hint lines at the foot of a form: what the user may not change
/// (warning style), then the focused field's hint.
pub fn foot_lines(
    form: &Form,
    notice: Option<String>,
    lang: Lang,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(match notice {
        Some(n) => Line::from(Span::styled(n, theme.warning())),
        None => Line::default(),
    });
    let hint = form
        .focused()
        .and_then(|fd| fd.hint)
        .map(|(zh, en)| lang.pick(zh, en).to_string())
        .unwrap_or_default();
    lines.push(Line::from(Span::styled(hint, theme.dim())));
    lines
}

/// The search line under a list: a prompt and what was typed, with a cursor.
pub fn search_line(prompt: &str, typed: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(prompt.to_string(), theme.dim()),
        Span::raw(typed.to_string()),
        Span::styled("▏", theme.dim()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_long_value_stays_visible() {
        assert_eq!(tail_to_width("abc", 5), "abc");
        assert_eq!(tail_to_width("abcdefgh", 5), "…efgh");
        let t = tail_to_width("杭州永顺五金店", 7);
        assert!(display_width(&t) <= 7, "{t}");
        assert!(t.ends_with("金店"), "{t}");
    }
}

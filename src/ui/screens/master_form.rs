//! What the customer and product screens share: fields drawn as labelled rows or as a
//! grid of repeated records (contacts), the Esc that asks before dropping typed work,
//! the permission look-ups that make fields read-only, and the search box of the lists.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops;
use crate::ui::form::{Field, Form, Kind};
use crate::ui::keymap::Command;
use crate::ui::theme::Theme;
use crate::ui::view::{scroll_start, Env, Nav, Typed};

/// Whether the logged-in user holds `permission` now. Screens use it to make fields
/// read-only; the op checks again when saving.
pub fn allowed(env: &Env, permission: Permission) -> Result<bool, ops::Error> {
    ops::users::allowed(env.db, env.actor, permission)
}

/// Esc on a form: back when nothing was typed since the last save; otherwise the
/// first Esc asks and the second discards.
pub fn back(form: &Form, confirm_discard: &mut bool, env: &mut Env) -> Nav {
    if form.dirty && !*confirm_discard {
        *confirm_discard = true;
        env.say(
            "有未保存的修改：F5 保存，再按一次 Esc 放弃。",
            "Unsaved changes: F5 saves, Esc again discards them.",
            true,
        );
        Nav::Stay
    } else {
        Nav::Back
    }
}

/// A typed key for a form: text for the focused field, Tab or LF moves on, and a
/// character typed into a read-only field says why it is read-only (`notice`).
pub fn type_key(form: &mut Form, key: &KeyEvent, notice: Option<String>, env: &mut Env) {
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
}

/// A field move in a form the user may only read: the cursor goes to every field in
/// turn, read-only as they all are, so that rows scrolled out of view can be reached.
pub fn browse(form: &mut Form, cmd: Command) -> bool {
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

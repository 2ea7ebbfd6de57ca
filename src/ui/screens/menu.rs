//! The menu (F4): the screens the user's roles allow, and a scan box that opens any
//! order, product or customer by its number, barcode, code, name or initials.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};
use ratatui::Frame;

use crate::i18n::Lang;
use crate::ops;
use crate::ui::keymap::{Command, Context};
use crate::ui::route::{Flow, Route};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, resolve_scan, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// The menu's state: the entries this user may open, the selection, the scan box.
#[derive(Default)]
pub struct Menu {
    pub entries: Vec<Route>,
    pub selected: usize,
    pub scan: String,
}

impl Menu {
    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        if let Some(i) = self.entry_number(&text) {
            return self.entries.get(i).cloned().map_or(Nav::Stay, Nav::Replace);
        }
        resolve_scan(env, &text).map_or(Nav::Stay, Nav::Replace)
    }

    /// The entry whose number is typed alone in the scan box. Its Enter opens it: a
    /// digit alone cannot open at once, since barcodes scanned here begin with digits
    /// too, and no barcode, order number or customer code is a number this small.
    fn entry_number(&self, text: &str) -> Option<usize> {
        let text = text.trim();
        if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: usize = text.parse().ok()?;
        (1..=self.entries.len()).contains(&n).then(|| n - 1)
    }
}

impl View for Menu {
    fn name(&self) -> &'static str {
        "menu"
    }

    fn context(&self) -> Context {
        Context::Menu
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [list, scan] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        // The entries grouped by the flow they serve, each group under its heading;
        // the numbers run on across the groups. Where the groups do not fit one below
        // the other, they go on in a second column, a group never split.
        let mut items: Vec<ListItem> = Vec::new();
        let mut group_starts = Vec::new();
        let mut selected_at = 0;
        let mut flow = None;
        for (i, e) in self.entries.iter().enumerate() {
            let this = Flow::of(e);
            if this != flow {
                group_starts.push(items.len());
                if let Some(heading) = this {
                    items.push(ListItem::new(Span::styled(
                        format!(" {}", heading.label(lang)),
                        theme.dim(),
                    )));
                }
                flow = this;
            }
            let item = ListItem::new(format!("   {:>2}  {}", i + 1, e.label(lang)));
            if i == self.selected {
                selected_at = items.len();
            }
            items.push(if i == self.selected {
                item.style(theme.selected())
            } else {
                item
            });
        }
        let block = framed(lang.pick("菜单", "Menu"), theme);
        let inner = block.inner(list);
        f.render_widget(block, list);
        let room = usize::from(inner.height);
        let split = if items.len() > room {
            group_starts
                .iter()
                .copied()
                .filter(|&g| g > 0 && g <= room)
                .max()
        } else {
            None
        };
        let columns: Vec<(Vec<ListItem>, Rect, usize)> = match split {
            Some(at) => {
                let [left, right] =
                    Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)])
                        .areas(inner);
                let second = items.split_off(at);
                vec![(items, left, 0), (second, right, at)]
            }
            None => vec![(items, inner, 0)],
        };
        for (column, area, first) in columns {
            // A column still too long scrolls to keep the selected entry in view.
            let mut state = ratatui::widgets::ListState::default();
            if (first..first + column.len()).contains(&selected_at) {
                state.select(Some(selected_at - first));
            }
            f.render_stateful_widget(List::new(column), area, &mut state);
        }
        let prompt = lang.pick(
            "扫码/输入订单号、条码、货号、客户：",
            "Scan or type an order, barcode, SKU or customer: ",
        );
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prompt, theme.dim()),
                Span::raw(self.scan.clone()),
            ])),
            scan,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                if self.selected + 1 < self.entries.len() {
                    self.selected += 1;
                }
                Nav::Stay
            }
            Command::Open if !self.scan.trim().is_empty() => self.open_scan(env),
            Command::Open => match self.entries.get(self.selected) {
                Some(route) => Nav::Replace(route.clone()),
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_scan(env),
            _ => {
                // An entry's number selects it as it is typed; Enter opens it.
                if let Some(i) = self.entry_number(&self.scan) {
                    self.selected = i;
                }
                Nav::Stay
            }
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let mut entries = Vec::new();
        for e in Route::menu() {
            let mut allowed = e.permissions().is_empty();
            for &p in e.permissions() {
                match ops::users::allowed(env.db, env.actor, p) {
                    Ok(true) => allowed = true,
                    Ok(false) => {}
                    Err(err) => {
                        env.error(&err);
                        return false;
                    }
                }
            }
            if allowed {
                entries.push(e.clone());
            }
        }
        self.entries = entries;
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
        true
    }
}

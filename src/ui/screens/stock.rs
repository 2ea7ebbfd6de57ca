//! Stock (库存): the overview with its search box, from which a product's bins, lots
//! and movements (`stock_detail.rs`), the receipt, transfer and adjustment forms
//! (`stock_forms.rs`) and the count (`stock_count.rs`) are opened.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Qty;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::stock::OverviewRow;
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::paged::PagedList;

/// The stock overview, searching for `query` (empty: all, by SKU).
pub fn overview(query: &str) -> Box<dyn View> {
    Box::new(Overview::new(query))
}

/// Where a page of the overview starts: after a SKU (all products, by SKU) or after a
/// product id (a search's hits, in the order the search gives them).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Start {
    Sku(String),
    Id(i64),
}

impl Default for Start {
    fn default() -> Self {
        Start::Sku(String::new())
    }
}

/// The overview's state: the search box, the search in force, the page and selection.
pub struct Overview {
    /// What is typed or scanned into the search box.
    pub search: String,
    /// The search the list shows ("" is every product).
    pub applied: String,
    /// This page's products and the selection.
    page: PagedList<OverviewRow, Start>,
}

impl Overview {
    pub fn new(query: &str) -> Overview {
        let applied = query.trim().to_string();
        Overview {
            search: String::new(),
            page: PagedList {
                start: first_start(&applied),
                ..PagedList::default()
            },
            applied,
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.page.selected_row().map(|r| r.product_id)
    }

    /// Goes one page forward or back; returns whether it moved.
    fn turn_page(&mut self, forward: bool, env: &mut Env) -> bool {
        let applied = &self.applied;
        let read = |start: &Start| load(env, applied, start);
        let turned = if forward {
            let next = |rows: &[OverviewRow]| next_start(rows, &self.page.start);
            let start = next(&self.page.rows);
            self.page.next_page(env.rows.max(1), |_| start, read)
        } else {
            self.page.prev_page(read)
        };
        turned.unwrap_or_else(|e| {
            env.error(&e);
            false
        })
    }

    /// Enter on the search box: a code of one product opens its stock; anything else
    /// searches names, SKUs and pinyin initials.
    fn search(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.search).trim().to_string();
        match ops::master::product_by_code(env.db, &text) {
            Ok(Some(p)) => return open_detail(env, p.id),
            Ok(None) => {}
            Err(e) => {
                env.error(&e);
                return Nav::Stay;
            }
        }
        match ops::stock::search_overview(env.db, &text, 0, env.rows.max(1) as usize) {
            Ok(rows) if rows.is_empty() => {
                env.warn(crate::bi!(
                    env.lang,
                    "没有与“{}”相符的商品。",
                    "No product matches \"{}\".",
                    text
                ));
                env.ring();
            }
            Ok(rows) => {
                self.applied = text;
                self.page.to_first();
                self.page.start = Start::Id(0);
                self.page.rows = rows;
            }
            Err(e) => env.error(&e),
        }
        Nav::Stay
    }
}

/// A page of the overview from `start`: every product by SKU, or the hits of the
/// search `applied`.
fn load(env: &Env, applied: &str, start: &Start) -> Result<Vec<OverviewRow>, ops::Error> {
    let n = env.rows.max(1);
    match start {
        Start::Sku(after) => ops::stock::overview_page(env.db, after, n),
        Start::Id(after) => ops::stock::search_overview(env.db, applied, *after, n as usize),
    }
}

/// The start of the page after `rows`, read from `start`.
fn next_start(rows: &[OverviewRow], start: &Start) -> Option<Start> {
    let last = rows.last()?;
    Some(match start {
        Start::Sku(_) => Start::Sku(last.sku.clone()),
        Start::Id(_) => Start::Id(last.product_id),
    })
}

fn first_start(applied: &str) -> Start {
    if applied.is_empty() {
        Start::Sku(String::new())
    } else {
        Start::Id(0)
    }
}

fn open_detail(_env: &mut Env, product_id: i64) -> Nav {
    Nav::Push(Route::StockOf(product_id))
}

impl View for Overview {
    fn name(&self) -> &'static str {
        "stock"
    }

    fn context(&self) -> Context {
        Context::Stock
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::goods::Stock {
            query: self.applied.clone(),
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if !self.applied.is_empty() => {
                // Esc first leaves the search, then the screen.
                self.applied.clear();
                self.page.to_first();
                self.reload(env);
                Nav::Stay
            }
            Command::Back => Nav::Back,
            Command::Open if !self.search.trim().is_empty() => self.search(env),
            Command::Open => match self.selected_id() {
                Some(id) => open_detail(env, id),
                None => Nav::Stay,
            },
            Command::Up => {
                if !self.page.up() && self.turn_page(false, env) {
                    self.page.selected = self.page.rows.len().saturating_sub(1);
                }
                Nav::Stay
            }
            Command::Down => {
                if !self.page.down() {
                    self.turn_page(true, env);
                }
                Nav::Stay
            }
            Command::PageDown | Command::PageUp => {
                self.turn_page(cmd == Command::PageDown, env);
                Nav::Stay
            }
            Command::Receipt => Nav::Push(Route::Receipt(self.selected_id())),
            Command::Transfer => Nav::Push(Route::Transfer(self.selected_id(), None)),
            Command::Adjust => Nav::Push(Route::Adjust(self.selected_id(), None)),
            Command::Count => Nav::Push(Route::Count),
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.search, key, MAX_SCAN, true) {
            // A scan that ends in Tab or LF; an empty one (the LF of CR+LF) does nothing.
            Typed::Ended if !self.search.trim().is_empty() => self.search(env),
            _ => Nav::Stay,
        }
    }

    /// Reads the page again from where it started, keeping the selection on the same
    /// product when it is still there.
    fn reload(&mut self, env: &mut Env) -> bool {
        let applied = &self.applied;
        match self
            .page
            .reload(|start| load(env, applied, start), |r| r.product_id)
        {
            Ok(_) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// A quantity cell, right-aligned.
fn qty_cell(q: Qty) -> Cell<'static> {
    Cell::from(Line::from(q.to_string()).right_aligned())
}

fn draw(f: &mut Frame, area: Rect, s: &Overview, lang: Lang, theme: Theme) {
    let [list, search] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let title = if s.applied.is_empty() {
        lang.pick("库存", "Stock").to_string()
    } else {
        crate::bi!(lang, "库存 · 搜索“{}”", "Stock · search \"{}\"", s.applied)
    };
    let wide = list.width >= 120;
    let right = |zh: &'static str, en: &'static str| {
        Cell::from(Line::from(lang.pick(zh, en)).right_aligned())
    };
    let mut header = vec![
        Cell::from(lang.pick("货号", "SKU")),
        Cell::from(lang.pick("名称", "Name")),
    ];
    if wide {
        header.push(Cell::from(lang.pick("单位", "Unit")));
    }
    header.extend([
        right("实物", "On hand"),
        right("预留", "Reserved"),
        right("可用", "Available"),
        right("缺货", "Backorder"),
    ]);
    let header = Row::new(header).style(theme.title());
    let block = framed(&title, theme);
    let visible = usize::from(block.inner(list).height.saturating_sub(1)).max(1);
    let first = scroll_start(s.page.selected, visible);
    let rows = s.page.rows.iter().enumerate().skip(first).map(|(i, r)| {
        let available = r.available();
        let mut avail = qty_cell(available);
        if !available.is_positive() {
            avail = avail.style(theme.warning());
        }
        let mut back = qty_cell(r.backordered);
        if r.backordered.is_positive() {
            back = back.style(theme.warning());
        }
        let mut cells = vec![Cell::from(r.sku.clone()), Cell::from(r.name.clone())];
        if wide {
            cells.push(Cell::from(r.unit.clone()));
        }
        cells.extend([qty_cell(r.on_hand), qty_cell(r.reserved), avail, back]);
        let row = Row::new(cells);
        if i == s.page.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let num = if wide { 12 } else { 9 };
    let mut widths = vec![
        Constraint::Length(if wide { 16 } else { 10 }),
        Constraint::Fill(1),
    ];
    if wide {
        widths.push(Constraint::Length(6));
    }
    widths.extend([Constraint::Length(num); 4]);
    let table = Table::new(rows, widths).header(header).block(block);
    f.render_widget(table, list);
    if s.page.rows.is_empty() {
        let inner = framed("", theme).inner(list);
        if inner.height > 2 {
            let r = Rect::new(inner.x + 1, inner.y + 2, inner.width.saturating_sub(2), 1);
            f.render_widget(
                Paragraph::new(Span::styled(
                    lang.pick("没有商品。", "No products."),
                    theme.dim(),
                )),
                r,
            );
        }
    }
    let mut spans = vec![
        Span::styled(
            lang.pick(
                "扫码/搜索（货号、条码、名称、拼音首字母）：",
                "Scan or search (SKU, barcode, name, initials): ",
            ),
            theme.dim(),
        ),
        Span::raw(format!("{}▏", s.search)),
    ];
    if !s.applied.is_empty() && s.search.is_empty() {
        spans.push(Span::styled(
            lang.pick("  Esc 显示全部", "  Esc shows all"),
            theme.dim(),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), search);
}

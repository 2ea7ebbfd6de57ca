//! Products: the list with its search box, and the entry points the menu and the
//! global scan call. The form that creates and edits one is in `product_form.rs`.
//!
//! With an empty search the list pages through every product by SKU. A scanned
//! barcode (GS1 data too) or a typed SKU opens that product at once; other text
//! searches names and pinyin initials, a page at a time. Each row shows what is on
//! hand and available, read by primary key for the rows on screen only.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::master_form::{self, search_line};
use super::product_form::ProductForm;
use crate::bi;
use crate::domain::barcode::GS;
use crate::domain::text::truncate_to_width;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::find::Found;
use crate::ops::master::{Product, StockTotals};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::paged::PagedList;

/// From this width on, the list shows on hand, reserved and whether a product is in use.
const WIDE: u16 = 120;

/// Where a page starts: after this SKU (browsing) or this id (searching).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cursor {
    sku: String,
    id: i64,
}

/// The product list.
pub struct ProductList {
    /// The text the rows were searched for; empty: every product by SKU.
    searched: String,
    /// The search box as typed or scanned.
    search: String,
    /// This page's products and the selection.
    page: PagedList<Product, Cursor>,
    /// Stock of each row, in the same order.
    stock: Vec<StockTotals>,
}

impl ProductList {
    fn new(query: &str) -> ProductList {
        let q = query.trim().to_string();
        ProductList {
            searched: q.clone(),
            search: q,
            page: PagedList::default(),
            stock: Vec::new(),
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.page.selected_row().map(|r| r.id)
    }

    /// Reads the stock of the rows shown.
    fn read_stock(&mut self, env: &Env) -> Result<(), ops::Error> {
        let ids: Vec<i64> = self.page.rows.iter().map(|r| r.id).collect();
        self.stock = ops::master::products_stock(env.db, &ids)?;
        Ok(())
    }

    /// Reads this page again, keeping the selection on the same product.
    fn load(&mut self, env: &mut Env) -> Result<(), ops::Error> {
        let searched = &self.searched;
        self.page
            .reload(|start| read_page(env, searched, start), |r| r.id)?;
        self.read_stock(env)
    }

    /// Runs the search typed or scanned: a barcode or SKU opens its product at once.
    fn search(&mut self, env: &mut Env) -> Nav {
        let q = self.search.trim().to_string();
        self.searched = q.clone();
        self.page.to_first();
        self.page.rows.clear();
        if let Err(e) = self.load(env) {
            env.error(&e);
            return Nav::Stay;
        }
        if q.is_empty() {
            return Nav::Stay;
        }
        match ops::master::product_by_code(env.db, &q) {
            Ok(Some(p)) => {
                if let Some(i) = self.page.rows.iter().position(|r| r.id == p.id) {
                    self.page.selected = i;
                }
                self.open(env, p.id)
            }
            Ok(None) if self.page.rows.is_empty() => {
                // A scanned order number or customer code opens that record here too.
                if let Ok(found @ (Found::Order(_) | Found::Customer(_))) =
                    ops::find::resolve(env.db, &q)
                {
                    return Nav::Push(Route::from(found));
                }
                env.warn(bi!(
                    env.lang,
                    "找不到与“{}”相符的商品。",
                    "No product matches \"{}\".",
                    shown(&q)
                ));
                env.ring();
                Nav::Stay
            }
            Ok(None) => Nav::Stay,
            Err(e) => {
                env.error(&e);
                Nav::Stay
            }
        }
    }

    fn open(&mut self, _env: &mut Env, id: i64) -> Nav {
        Nav::Push(Route::Product(id))
    }

    /// One row up; from the top row to the last row of the page before.
    fn up(&mut self, env: &mut Env) {
        if !self.page.up() && self.turn_page(false, env) {
            self.page.selected = self.page.rows.len().saturating_sub(1);
        }
    }

    /// One row down; from the last row to the next page.
    fn down(&mut self, env: &mut Env) {
        if !self.page.down() {
            self.turn_page(true, env);
        }
    }

    /// The next page (`forward`) or the one before; false when there is none.
    fn turn_page(&mut self, forward: bool, env: &mut Env) -> bool {
        let searched = &self.searched;
        let read = |start: &Cursor| read_page(env, searched, start);
        let turned = if forward {
            let next = |rows: &[Product]| {
                rows.last().map(|last| Cursor {
                    sku: last.sku.clone(),
                    id: last.id,
                })
            };
            self.page.next_page(env.rows, next, read)
        } else {
            self.page.prev_page(read)
        };
        match turned.and_then(|turned| self.read_stock(env).map(|()| turned)) {
            Ok(turned) => turned,
            Err(e) => {
                env.error(&e);
                false
            }
        }
    }
}

/// A page of products from `start`: every product by SKU, or the hits of a search.
fn read_page(env: &Env, searched: &str, start: &Cursor) -> Result<Vec<Product>, ops::Error> {
    let limit = env.rows.max(1);
    if searched.is_empty() {
        ops::master::products_page(env.db, &start.sku, limit)
    } else {
        let limit = usize::try_from(limit).unwrap_or(1);
        ops::master::find_products(env.db, searched, start.id, limit)
    }
}

/// A scan as it can be shown: the GS1 separator as a visible mark.
fn shown(s: &str) -> String {
    s.replace(GS, "␝")
}

impl View for ProductList {
    fn name(&self) -> &'static str {
        "products"
    }

    fn context(&self) -> Context {
        Context::Products
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::commerce::Products {
            query: self.searched.clone(),
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [info, list, search] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let page = self.page.page_no();
        let info_text = if self.searched.is_empty() {
            bi!(
                lang,
                " 全部商品，按货号排列 · 第 {} 页",
                " All products by SKU · page {}",
                page
            )
        } else {
            bi!(
                lang,
                " 查找“{}” · 第 {} 页",
                " \"{}\" · page {}",
                shown(&self.searched),
                page
            )
        };
        f.render_widget(Paragraph::new(Span::styled(info_text, theme.dim())), info);

        let wide = area.width >= WIDE;
        let (sku_w, unit_w, price_w, tax_w, qty_w) = if wide {
            (12, 6, 12, 6, 10)
        } else {
            (9, 4, 9, 4, 7)
        };
        let mut widths = vec![
            Constraint::Length(sku_w),
            Constraint::Fill(1),
            Constraint::Length(unit_w),
            Constraint::Length(price_w),
            Constraint::Length(price_w),
            Constraint::Length(tax_w),
        ];
        let right = |s: &str| Cell::from(Line::from(s.to_string()).right_aligned());
        let mut head = vec![
            Cell::from(lang.pick("货号", "SKU")),
            Cell::from(lang.pick("名称 规格", "Name, spec")),
            Cell::from(lang.pick("单位", "Unit")),
            right(lang.pick("标准价", "List")),
            right(lang.pick("最低价", "Floor")),
            right(lang.pick("税率", "Tax")),
        ];
        if wide {
            widths.extend([
                Constraint::Length(qty_w),
                Constraint::Length(qty_w),
                Constraint::Length(qty_w),
                Constraint::Length(6),
            ]);
            head.extend([
                right(lang.pick("现有", "On hand")),
                right(lang.pick("预留", "Reserved")),
                right(lang.pick("可用", "Available")),
                Cell::from(lang.pick("状态", "Status")),
            ]);
        } else {
            widths.push(Constraint::Length(qty_w));
            head.push(right(lang.pick("可用", "Avail.")));
        }
        let fixed: u16 = widths
            .iter()
            .map(|c| match c {
                Constraint::Length(n) => n + 1,
                _ => 1,
            })
            .sum();
        let name_w = usize::from(list.width.saturating_sub(2 + fixed));
        let visible = usize::from(list.height.saturating_sub(3)).max(1);
        let first = crate::ui::view::scroll_start(self.page.selected, visible);
        let rows = self
            .page
            .rows
            .iter()
            .zip(self.stock.iter())
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, (p, st))| {
                let name = if p.spec.is_empty() {
                    p.name.clone()
                } else {
                    format!("{} {}", p.name, p.spec)
                };
                let available = st.available();
                let mut cells = vec![
                    Cell::from(p.sku.clone()),
                    Cell::from(truncate_to_width(&name, name_w)),
                    Cell::from(p.unit.clone()),
                    right(&p.list_price.to_string()),
                    right(&p.floor_price.to_string()),
                    right(&p.tax_rate.to_string()),
                ];
                if wide {
                    cells.push(right(&st.on_hand.to_string()));
                    cells.push(right(&st.reserved.to_string()));
                }
                let avail = right(&available.to_string());
                cells.push(if !available.is_positive() {
                    avail.style(theme.warning())
                } else {
                    avail
                });
                if wide {
                    cells.push(Cell::from(if p.active {
                        lang.pick("在用", "Active")
                    } else {
                        lang.pick("停用", "Off")
                    }));
                }
                let row = Row::new(cells);
                if i == self.page.selected {
                    row.style(theme.selected())
                } else if !p.active {
                    row.style(theme.dim())
                } else {
                    row
                }
            });
        f.render_widget(
            Table::new(rows, widths)
                .header(Row::new(head).style(theme.title()))
                .block(framed(lang.pick("商品", "Products"), theme)),
            list,
        );
        if self.page.rows.is_empty() {
            let r = Rect::new(list.x + 2, list.y + 2, list.width.saturating_sub(4), 1);
            f.render_widget(
                Paragraph::new(Span::styled(
                    lang.pick("（没有商品）", "(no products)"),
                    theme.dim(),
                )),
                r,
            );
        }
        let prompt = lang.pick(
            "扫码/查找（条码、货号、名称、拼音首字母）：",
            "Scan or find (barcode, SKU, name, initials): ",
        );
        f.render_widget(
            Paragraph::new(search_line(prompt, &shown(&self.search), theme)),
            search,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => return Nav::Back,
            Command::Up => self.up(env),
            Command::Down => self.down(env),
            Command::PageUp | Command::PageDown => {
                self.turn_page(cmd == Command::PageDown, env);
            }
            Command::Open => {
                if self.search.trim() != self.searched {
                    return self.search(env);
                }
                return match self.selected_id() {
                    Some(id) => self.open(env, id),
                    None => Nav::Stay,
                };
            }
            Command::New => return Nav::Push(Route::NewProduct),
            _ => {}
        }
        Nav::Stay
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.search, key, MAX_SCAN, true) {
            Typed::Ended if !self.search.trim().is_empty() => self.search(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match self.load(env) {
            // A page emptied by a change elsewhere gave way to the one before.
            Ok(()) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// The product list, searching for `query` (empty: all, by SKU).
pub fn list(query: &str) -> Box<dyn View> {
    Box::new(ProductList::new(query))
}

/// The form of an existing product.
pub fn edit(env: &mut Env, id: i64) -> Result<Box<dyn View>, ops::Error> {
    Ok(master_form::screen(master_form::open::<ProductForm>(
        env, id,
    )?))
}

/// The form of a new product.
pub fn new_product(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    Ok(master_form::screen(ProductForm::new_product(env)?))
}

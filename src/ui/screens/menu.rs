//! The menu (F4): the screens the user's roles allow, and a scan box that opens any
//! order, product or customer by its number, barcode, code, name or initials.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::i18n::Lang;
use crate::ops;
use crate::ui::app::Screen;
use crate::ui::keymap::{Command, Context};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// A screen the menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Orders,
    NewOrder,
    Queue,
    Customers,
    Products,
    Stock,
    Receipt,
    Transfer,
    Count,
    Settings,
}

impl Entry {
    pub const ALL: [Entry; 10] = [
        Entry::Orders,
        Entry::NewOrder,
        Entry::Queue,
        Entry::Customers,
        Entry::Products,
        Entry::Stock,
        Entry::Receipt,
        Entry::Transfer,
        Entry::Count,
        Entry::Settings,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Entry::Orders => lang.pick("订单列表", "Orders"),
            Entry::NewOrder => lang.pick("新订单", "New order"),
            Entry::Queue => lang.pick("审批队列", "Approval queue"),
            Entry::Customers => lang.pick("客户", "Customers"),
            Entry::Products => lang.pick("商品", "Products"),
            Entry::Stock => lang.pick("库存", "Stock"),
            Entry::Receipt => lang.pick("入库", "Stock receipt"),
            Entry::Transfer => lang.pick("移库", "Stock transfer"),
            Entry::Count => lang.pick("盘点", "Stock count"),
            Entry::Settings => lang.pick("设置", "Settings"),
        }
    }

    /// The permissions of which the screen's work needs one; empty: everyone may look.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Entry::Orders | Entry::Customers | Entry::Products | Entry::Stock => &[],
            Entry::NewOrder => &[Permission::CreateOrders],
            // Credit decisions (finance) are taken in the queue too.
            Entry::Queue => &[Permission::ApproveOrders, Permission::ApproveCredit],
            Entry::Receipt => &[Permission::ReceiveStock],
            Entry::Transfer | Entry::Count => &[Permission::AdjustStock],
            Entry::Settings => &[Permission::EditSettings],
        }
    }
}

/// The menu's state: the entries this user may open, the selection, the scan box.
#[derive(Default)]
pub struct Menu {
    pub entries: Vec<Entry>,
    pub selected: usize,
    pub scan: String,
}

impl Menu {
    fn open_entry(&mut self, entry: Entry, env: &mut Env) -> Nav {
        let screen = match entry {
            Entry::Orders => Ok(Screen::orders()),
            Entry::NewOrder => super::intake::new_order(env),
            Entry::Queue => Ok(super::queue::open()),
            Entry::Customers => Ok(super::customers::list("")),
            Entry::Products => Ok(super::products::list("")),
            Entry::Stock => Ok(super::stock::overview("")),
            Entry::Receipt => super::stock::receipt(env, None),
            Entry::Transfer => super::stock::transfer(env, None),
            Entry::Count => super::stock::count(env),
            Entry::Settings => super::settings::open(env),
        };
        match screen {
            Ok(s) => Nav::Replace(s),
            Err(e) => {
                env.error(&e);
                Nav::Stay
            }
        }
    }

    fn open_scan(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        match ops::find::resolve(env.db, &text).and_then(|found| super::open_found(env, found)) {
            Ok(s) => Nav::Replace(s),
            Err(e) => {
                env.error(&e);
                Nav::Stay
            }
        }
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
        let items: Vec<ListItem> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let text = format!(" {:>2}  {}", i + 1, e.label(lang));
                let item = ListItem::new(text);
                if i == self.selected {
                    item.style(theme.selected())
                } else {
                    item
                }
            })
            .collect();
        f.render_widget(
            List::new(items).block(framed(lang.pick("菜单", "Menu"), theme)),
            list,
        );
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
                Some(&e) => self.open_entry(e, env),
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_scan(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let mut entries = Vec::new();
        for e in Entry::ALL {
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
                entries.push(e);
            }
        }
        self.entries = entries;
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
        true
    }
}

//! The order list's actions: reading a page, paging, the filter panel, moving the
//! selection, and opening what the scan box names.

use super::app::{App, Screen};
use super::view::Env;
use crate::i18n::Localized;
use crate::ops;

impl App {
    /// Reads the current page again, keeping the selection on the same order when it
    /// is still there.
    pub fn reload_orders(&mut self) -> bool {
        let len = self.page_len;
        let Screen::Orders(s) = &mut self.screen else {
            return true;
        };
        let keep = s.selected_id();
        match ops::orders::orders_page(&self.db, &s.filter(), s.start.as_ref(), len) {
            Ok(rows) => {
                s.rows = rows;
                s.selected = keep
                    .and_then(|id| s.rows.iter().position(|r| r.id == id))
                    .unwrap_or(s.selected.min(s.rows.len().saturating_sub(1)));
                true
            }
            Err(e) => {
                self.status = Some((e.localized(self.lang), true));
                false
            }
        }
    }

    /// Applies the order list's filter panel.
    pub(super) fn apply_filter(&mut self) {
        let Screen::Orders(s) = &mut self.screen else {
            return;
        };
        let lang = self.lang;
        match s.apply_filter(&self.db) {
            Ok(()) => {
                self.status = None;
                self.reload_orders();
            }
            Err(e) => self.status = Some((e.localized(lang), true)),
        }
    }

    pub(super) fn move_selection(&mut self, down: bool) {
        match &mut self.screen {
            Screen::Orders(s) => {
                if down && s.selected + 1 < s.rows.len() {
                    s.selected += 1;
                } else if down {
                    self.page(true);
                } else if s.selected > 0 {
                    s.selected -= 1;
                }
            }
            Screen::Intake(f) => {
                if down && f.selected + 1 < f.lines.len() {
                    f.selected += 1;
                } else if !down {
                    f.selected = f.selected.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    pub(super) fn page(&mut self, forward: bool) {
        let Screen::Orders(s) = &mut self.screen else {
            return;
        };
        if forward {
            let Some(next) = ops::orders::next_cursor(&s.rows) else {
                return;
            };
            if (s.rows.len() as i64) < self.page_len {
                return;
            }
            s.starts.push(s.start.take());
            s.start = Some(next);
        } else {
            let Some(prev) = s.starts.pop() else { return };
            s.start = prev;
        }
        s.selected = 0;
        self.reload_orders();
        if let Screen::Orders(s) = &mut self.screen {
            // A next page that came back empty: stay on the last one.
            if s.rows.is_empty() && forward {
                s.start = s.starts.pop().flatten();
                self.reload_orders();
            }
        }
    }

    /// Opens what the scan box names (an order, a product or a customer), or the
    /// selected order.
    pub(super) fn open(&mut self) {
        let Screen::Orders(s) = &mut self.screen else {
            return;
        };
        let scanned = std::mem::take(&mut s.scan);
        if scanned.trim().is_empty() {
            let Some(id) = s.selected_id() else { return };
            match Screen::order_detail(&self.db, id) {
                Ok(screen) => {
                    self.status = None;
                    self.push(screen);
                }
                Err(e) => self.error(&e),
            }
            return;
        }
        self.open_scan(&scanned);
    }

    /// Opens the record a scanned or typed text names: an order, a product or a
    /// customer (DESIGN.md §9: the global scan box).
    pub fn open_scan(&mut self, text: &str) {
        let found = ops::find::resolve(&self.db, text);
        let Some(actor) = self.actor.as_ref() else {
            return;
        };
        let mut env = Env::new(&self.db, actor, self.lang, self.page_len, &self.output);
        let screen = match found {
            Ok(found) => super::screens::open_found(&mut env, found),
            Err(e) => Err(e),
        };
        let status = env.status.take();
        match screen {
            Ok(s) => {
                self.status = status;
                self.push(s);
            }
            Err(e) => self.error(&e),
        }
    }
}

//! Customers: the list with its search box, and the entry points the menu and the
//! global scan call. The form that creates and edits one is in `customer_form.rs`.
//!
//! With an empty search the list pages through every customer by code (keyset paging,
//! as many rows as fit). Typed or scanned text and Enter search by code, name, phone
//! or pinyin initials; an exact code or phone opens the customer at once, and Enter on
//! a row with the search unchanged opens that row.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::customer_form::{status_label, CustomerForm};
use super::master_form::{self, search_line};
use crate::bi;
use crate::domain::terms::PaymentTerms;
use crate::domain::text::{clean_code, clean_phone, truncate_to_width};
use crate::i18n::Lang;
use crate::ops;
use crate::ops::find::Found;
use crate::ops::master::Customer;
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, type_into, Env, Nav, Typed, View};
use crate::ui::widgets::paged::PagedList;

/// How many search results the list holds; it scrolls through them.
const SEARCH_LIMIT: usize = 100;
/// Longest search text kept.
const MAX_SEARCH: usize = 64;
/// From this width on, the list shows full terms and the reason a customer is blocked.
const WIDE: u16 = 120;

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// Every customer by code, one page at a time.
    Browse,
    /// The results of a search for this text.
    Search(String),
    /// The customers a scan matched (several names or initials).
    Scanned(Vec<i64>),
}

/// The customer list.
pub struct CustomerList {
    mode: Mode,
    /// The search box as typed.
    search: String,
    /// The rows and the selection; browsing, a page starts after a customer code.
    page: PagedList<Customer, String>,
}

impl CustomerList {
    fn new(mode: Mode, search: String, rows: Vec<Customer>) -> CustomerList {
        CustomerList {
            mode,
            search,
            page: PagedList {
                rows,
                ..PagedList::default()
            },
        }
    }

    /// The text the rows were searched for ("" when browsing or showing a scan).
    fn searched(&self) -> &str {
        match &self.mode {
            Mode::Search(q) => q,
            _ => "",
        }
    }

    fn selected_id(&self) -> Option<i64> {
        self.page.selected_row().map(|r| r.id)
    }

    /// Reads the rows of the mode again, keeping the selection on the same customer
    /// when it is still there.
    fn load(&mut self, env: &mut Env) -> Result<(), ops::Error> {
        let mode = &self.mode;
        self.page
            .reload(|start| read_rows(env, mode, start), |r| r.id)?;
        Ok(())
    }

    /// Runs the search typed in the box: an exact code or phone opens that customer.
    fn search(&mut self, env: &mut Env) -> Nav {
        let q = self.search.trim().to_string();
        self.mode = if q.is_empty() {
            Mode::Browse
        } else {
            Mode::Search(q.clone())
        };
        self.page.to_first();
        self.page.rows.clear();
        if let Err(e) = self.load(env) {
            env.error(&e);
            return Nav::Stay;
        }
        if q.is_empty() {
            return Nav::Stay;
        }
        if self.page.rows.is_empty() {
            // A scanned order number or product barcode opens that record here too.
            if let Ok(found @ (Found::Order(_) | Found::Product(_))) =
                ops::find::resolve(env.db, &q)
            {
                return Nav::Push(Route::from(found));
            }
            env.warn(bi!(
                env.lang,
                "找不到与“{}”相符的客户。",
                "No customer matches \"{}\".",
                q
            ));
            env.ring();
            return Nav::Stay;
        }
        match exact_match(&self.page.rows, &q) {
            Some(id) => {
                if let Some(i) = self.page.rows.iter().position(|r| r.id == id) {
                    self.page.selected = i;
                }
                self.open(env, id)
            }
            None => Nav::Stay,
        }
    }

    fn open(&mut self, _env: &mut Env, id: i64) -> Nav {
        Nav::Push(Route::Customer(id))
    }

    /// The next page (`forward`) or the one before, when browsing; false when there
    /// is none.
    fn turn_page(&mut self, forward: bool, env: &mut Env) -> bool {
        if self.mode != Mode::Browse {
            return false;
        }
        let mode = &self.mode;
        let read = |start: &String| read_rows(env, mode, start);
        let turned = if forward {
            let next = |rows: &[Customer]| rows.last().map(|l| l.code.clone());
            self.page.next_page(env.rows, next, read)
        } else {
            self.page.prev_page(read)
        };
        turned.unwrap_or_else(|e| {
            env.error(&e);
            false
        })
    }

    /// One row down; past the last row of a page, the next page.
    fn down(&mut self, env: &mut Env) {
        if !self.page.down() {
            self.turn_page(true, env);
        }
    }

    /// PgDn or PgUp: browsing turns the page; a search result list moves `rows` rows.
    fn page_by(&mut self, forward: bool, rows: usize, env: &mut Env) {
        if self.turn_page(forward, env) {
            return;
        }
        let last = self.page.rows.len().saturating_sub(1);
        self.page.selected = if forward {
            (self.page.selected + rows).min(last)
        } else {
            self.page.selected.saturating_sub(rows)
        };
    }

    /// One row up; above the first row of a page, the previous page's last row.
    fn up(&mut self, env: &mut Env) {
        if !self.page.up() && self.turn_page(false, env) {
            self.page.selected = self.page.rows.len().saturating_sub(1);
        }
    }
}

/// The rows of a mode: a page after `start` when browsing, a search's hits, or the
/// customers a scan matched.
fn read_rows(env: &Env, mode: &Mode, start: &str) -> Result<Vec<Customer>, ops::Error> {
    Ok(match mode {
        Mode::Browse => ops::master::customers_page(env.db, start, env.rows.max(1))?,
        Mode::Search(q) => ops::master::find_customers(env.db, q, SEARCH_LIMIT)?,
        Mode::Scanned(ids) => {
            let mut rows = Vec::with_capacity(ids.len());
            for &id in ids {
                match ops::master::customer(env.db, id) {
                    Ok(d) => rows.push(d.customer),
                    Err(ops::Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            rows
        }
    })
}

/// The one customer whose code or phone is exactly the search, if there is one.
fn exact_match(rows: &[Customer], q: &str) -> Option<i64> {
    let code = clean_code(q, 32).ok().filter(|c| !c.is_empty());
    let phone = clean_phone(q)
        .ok()
        .filter(|p| p.chars().filter(char::is_ascii_digit).count() >= 5);
    if let Some(code) = code {
        if let Some(r) = rows.iter().find(|r| r.code == code) {
            return Some(r.id);
        }
    }
    let phone = phone?;
    let hits: Vec<&Customer> = rows
        .iter()
        .filter(|r| r.phone.as_deref() == Some(phone.as_str()))
        .collect();
    match (hits.as_slice(), rows) {
        ([one], _) => Some(one.id),
        // A contact's phone: the search found exactly one customer by it.
        ([], [one]) => Some(one.id),
        _ => None,
    }
}

/// Payment terms as the list shows them: in full on wide screens, short in English
/// at 80 columns.
pub(super) fn terms_label(terms: &PaymentTerms, wide: bool, lang: Lang) -> String {
    match terms {
        t if wide || lang == Lang::Zh => t.label(lang),
        PaymentTerms::CashOnDelivery => "COD".into(),
        PaymentTerms::PrepayBeforeShipping => "Prepay".into(),
        PaymentTerms::NetDays(n) => format!("Net {n}"),
        PaymentTerms::MonthEndPlus(n) => format!("EOM+{n}"),
    }
}

impl View for CustomerList {
    fn name(&self) -> &'static str {
        "customers"
    }

    fn context(&self) -> Context {
        Context::Customers
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        use ops::export::commerce::{CustomerScope, Customers};
        let scope = match &self.mode {
            Mode::Browse => CustomerScope::All,
            Mode::Search(q) => CustomerScope::Search(q.clone(), SEARCH_LIMIT),
            Mode::Scanned(ids) => CustomerScope::Ids(ids.clone()),
        };
        vec![Box::new(Customers { scope })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [info, list, search] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let n = self.page.rows.len();
        let info_text = match &self.mode {
            Mode::Browse => bi!(
                lang,
                " 全部客户，按编码排列 · 第 {} 页",
                " All customers by code · page {}",
                self.page.page_no()
            ),
            Mode::Search(q) if n >= SEARCH_LIMIT => bi!(
                lang,
                " 查找“{}”：前 {} 个结果，请输入更多文字缩小范围",
                " \"{}\": the first {} results; type more to narrow it",
                q,
                n
            ),
            Mode::Search(q) => match lang {
                Lang::Zh => format!(" 查找“{q}”：{n} 个客户"),
                Lang::En => format!(
                    " \"{q}\": {}",
                    crate::i18n::count_en(n, "customer", "customers")
                ),
            },
            Mode::Scanned(_) => match lang {
                Lang::Zh => format!(" 扫码匹配 {n} 个客户"),
                Lang::En => format!(
                    " {} the scan",
                    crate::i18n::count_en(n, "customer matches", "customers match")
                ),
            },
        };
        f.render_widget(Paragraph::new(Span::styled(info_text, theme.dim())), info);

        let wide = area.width >= WIDE;
        let (phone_w, terms_w, credit_w, status_w) = if wide {
            (13, 20, 14, 36)
        } else {
            (11, 8, 12, 8)
        };
        let code_w = if wide { 10 } else { 7 };
        // Borders, and one space between the six columns.
        let name_w = usize::from(list.width)
            .saturating_sub(2 + 5 + code_w + phone_w + terms_w + credit_w + status_w);
        let header = Row::new(vec![
            Cell::from(lang.pick("编码", "Code")),
            Cell::from(lang.pick("客户名称", "Name")),
            Cell::from(lang.pick("电话", "Phone")),
            Cell::from(lang.pick("付款条件", "Terms")),
            Cell::from(Line::from(lang.pick("信用额度", "Credit limit")).right_aligned()),
            Cell::from(lang.pick("状态", "Status")),
        ])
        .style(theme.title());
        let visible = usize::from(list.height.saturating_sub(3)).max(1);
        let first = scroll_start(self.page.selected, visible);
        let rows = self
            .page
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, r)| {
                let blocked = r.status == ops::master::CustomerStatus::Blocked;
                let mut status = status_label(r.status.as_str(), lang);
                if wide && blocked {
                    if let Some(reason) = r.status_reason.as_deref().filter(|s| !s.is_empty()) {
                        status = format!("{status}{}{reason}", lang.pick("：", ": "));
                    }
                }
                let status = truncate_to_width(&status, status_w);
                let row = Row::new(vec![
                    Cell::from(r.code.clone()),
                    Cell::from(truncate_to_width(&r.name, name_w)),
                    Cell::from(r.phone.clone().unwrap_or_default()),
                    Cell::from(truncate_to_width(
                        &terms_label(&r.terms, wide, lang),
                        terms_w,
                    )),
                    Cell::from(Line::from(r.credit_limit.to_string()).right_aligned()),
                    if blocked {
                        Cell::from(status).style(theme.warning())
                    } else if r.status == ops::master::CustomerStatus::Prospect {
                        Cell::from(status).style(theme.dim())
                    } else {
                        Cell::from(status)
                    },
                ]);
                if i == self.page.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            });
        let widths = [
            Constraint::Length(code_w as u16),
            Constraint::Fill(1),
            Constraint::Length(phone_w as u16),
            Constraint::Length(terms_w as u16),
            Constraint::Length(credit_w as u16),
            Constraint::Length(status_w as u16),
        ];
        let title = lang.pick("客户", "Customers");
        f.render_widget(
            Table::new(rows, widths)
                .header(header)
                .block(framed(title, theme)),
            list,
        );
        if self.page.rows.is_empty() {
            let r = Rect::new(list.x + 2, list.y + 2, list.width.saturating_sub(4), 1);
            f.render_widget(
                Paragraph::new(Span::styled(
                    lang.pick("（没有客户）", "(no customers)"),
                    theme.dim(),
                )),
                r,
            );
        }
        let prompt = lang.pick(
            "查找（编码/名称/电话/拼音首字母）：",
            "Find (code, name, phone, pinyin initials): ",
        );
        f.render_widget(
            Paragraph::new(search_line(prompt, &self.search, theme)),
            search,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let page = usize::try_from(env.rows).unwrap_or(1).max(1);
        match cmd {
            Command::Back => return Nav::Back,
            Command::Up => self.up(env),
            Command::Down => self.down(env),
            // Browsing turns the page; a search result list moves a screenful.
            Command::PageUp => self.page_by(false, page, env),
            Command::PageDown => self.page_by(true, page, env),
            Command::Open => {
                if self.search.trim() != self.searched() {
                    return self.search(env);
                }
                return match self.selected_id() {
                    Some(id) => self.open(env, id),
                    None => Nav::Stay,
                };
            }
            Command::New => return Nav::Push(Route::NewCustomer),
            Command::Receivables => {
                // A typed code or name is searched first: one match opens its
                // receivables instead of its master data.
                if self.search.trim() != self.searched() {
                    return match self.search(env) {
                        Nav::Push(Route::Customer(id)) => Nav::Push(Route::Receivables(id)),
                        other => other,
                    };
                }
                return self
                    .selected_id()
                    .map_or(Nav::Stay, |id| Nav::Push(Route::Receivables(id)));
            }
            Command::Tickets => {
                // As for receivables: a typed code or name is searched first.
                if self.search.trim() != self.searched() {
                    return match self.search(env) {
                        Nav::Push(Route::Customer(id)) => Nav::Push(Route::CustomerTickets(id)),
                        other => other,
                    };
                }
                return self
                    .selected_id()
                    .map_or(Nav::Stay, |id| Nav::Push(Route::CustomerTickets(id)));
            }
            _ => {}
        }
        Nav::Stay
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.search, key, MAX_SEARCH, false) {
            Typed::Ended if !self.search.trim().is_empty() => self.search(env),
            _ => Nav::Stay,
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match self.load(env) {
            // A page emptied under us (the data changed) gave way to the one before.
            Ok(()) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// The customer list, searching for `query` (empty: all, by code).
pub fn list(query: &str) -> Box<dyn View> {
    let q = query.trim();
    let mode = if q.is_empty() {
        Mode::Browse
    } else {
        Mode::Search(q.to_string())
    };
    Box::new(CustomerList::new(mode, q.to_string(), Vec::new()))
}

/// The customer list showing these customers (several matches of a scan).
pub fn list_of(ids: Vec<i64>) -> Box<dyn View> {
    Box::new(CustomerList::new(
        Mode::Scanned(ids),
        String::new(),
        Vec::new(),
    ))
}

/// The form of an existing customer.
pub fn edit(env: &mut Env, id: i64) -> Result<Box<dyn View>, ops::Error> {
    Ok(master_form::screen(master_form::open::<CustomerForm>(
        env, id,
    )?))
}

/// The form of a new customer.
pub fn new_customer(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    Ok(master_form::screen(CustomerForm::new_customer(env)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, code: &str, phone: Option<&str>) -> Customer {
        Customer {
            id,
            code: code.into(),
            name: "x".into(),
            initials: "x".into(),
            phone: phone.map(str::to_string),
            address: None,
            terms: PaymentTerms::CashOnDelivery,
            credit_limit: Default::default(),
            status: ops::master::CustomerStatus::Active,
            status_reason: None,
            version: 1,
        }
    }

    #[test]
    fn an_exact_code_or_a_single_phone_opens_directly() {
        let rows = vec![
            row(1, "C00001", Some("13800000001")),
            row(2, "C00010", None),
        ];
        assert_eq!(exact_match(&rows, "c00001"), Some(1));
        assert_eq!(exact_match(&rows, "C0000"), None);
        assert_eq!(exact_match(&rows, "13800000001"), Some(1));
        let twins = vec![
            row(1, "C1", Some("13800000001")),
            row(2, "C2", Some("13800000001")),
        ];
        assert_eq!(exact_match(&twins, "13800000001"), None);
        assert_eq!(exact_match(&rows[1..], "13900000009"), Some(2));
    }

    #[test]
    fn terms_are_short_in_english_at_80_columns() {
        let eom = PaymentTerms::MonthEndPlus(30);
        assert_eq!(terms_label(&eom, false, Lang::En), "EOM+30");
        assert_eq!(terms_label(&eom, true, Lang::En), "Month end + 30 days");
        assert_eq!(terms_label(&eom, false, Lang::Zh), "月结30天");
        assert_eq!(
            terms_label(&PaymentTerms::NetDays(45), false, Lang::En),
            "Net 45"
        );
    }
}

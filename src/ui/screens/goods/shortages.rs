//! The shortage list (缺货跟进): backordered quantities by product, the most urgent
//! first, with the orders waiting, the earliest requested date, the stock not reserved
//! (a fill or a transfer waiting to happen) and what requests already bring. Under the
//! list, the selected product's waiting orders in the order arriving stock fills them,
//! its stock by warehouse and its pending requests. F2 makes a purchase or production
//! request (a small form, the quantity no request covers yet and the last supplier
//! filled in), F5 gives stock nothing reserves to the waiting orders, F3 moves stock
//! (the transfer form), F6 lists the requests, Enter shows the product's stock.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Qty;
use crate::domain::purchase::RequestKind;
use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::shortage::{self, RequestInput, Shortage, ShortageCursor, WaitingLine};
use crate::ops::{self};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, FormLayer, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, Env, Nav, View};
use crate::ui::widgets::empty_hint;
use crate::ui::widgets::paged::PagedList;

/// Waiting order lines read for the selected product.
const WAITING: i64 = 20;

/// The shortage list's state.
#[derive(Default)]
pub struct ShortageList {
    pub page: PagedList<Shortage, Option<ShortageCursor>>,
    /// The selected product's waiting order lines.
    pub waiting: Vec<WaitingLine>,
    /// The product the request form is open for.
    requesting: Option<i64>,
}

/// The shortage list.
pub fn open() -> Box<dyn View> {
    Box::new(ShortageList::default())
}

fn read_page(env: &Env, start: &Option<ShortageCursor>) -> Result<Vec<Shortage>, ops::Error> {
    // The panel under the list takes about half the rows.
    shortage::shortage_page(env.db, start.as_ref(), (env.rows / 2).max(3))
}

fn request_form(s: &Shortage, suggestion: &shortage::RequestSuggestion) -> Form {
    let kinds = RequestKind::ALL
        .iter()
        .map(|k| Choice::new(k.as_str(), k.label(Lang::Zh), k.label(Lang::En)))
        .collect();
    let qty = if suggestion.qty.is_positive() {
        suggestion.qty
    } else {
        s.backordered
    };
    Form::new(vec![
        Field::text("product", "商品", "Product")
            .value(format!("{} {}", s.sku, s.name))
            .read_only(true),
        Field::choice("kind", "来源", "Source", kinds)
            .value(suggestion.kind.as_str())
            .hint(
                "采购：向供应商买；生产：车间做",
                "Purchase: bought; production: made by a workshop",
            ),
        Field::text("supplier", "供应商/车间", "Supplier/workshop")
            .value(suggestion.supplier.clone())
            .max(100)
            .hint("必填", "Required"),
        Field::text("qty", "数量", "Quantity")
            .value(qty.to_string())
            .max(16)
            .hint(
                "默认为尚未请购的缺货数量",
                "The shortage no request covers yet",
            ),
        Field::text("expected", "预计到货日", "Expected date")
            .max(10)
            .hint(
                "如 2026-12-20、12/20、+7；柜台据此答复客户",
                "e.g. 2026-12-20, 12/20, +7; the counter tells customers",
            ),
        Field::text("note", "备注", "Note").max(200),
    ])
}

fn value_of(values: &[(&'static str, String)], key: &str) -> String {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl ShortageList {
    fn load(&mut self, env: &mut Env) -> bool {
        let ok = match self
            .page
            .reload(|start| read_page(env, start), |s| s.product_id)
        {
            Ok(_) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        };
        self.read_waiting(env);
        ok
    }

    fn read_waiting(&mut self, env: &mut Env) {
        self.waiting = match self.page.selected_row() {
            Some(s) => match shortage::waiting_for(env.db, s.product_id, WAITING) {
                Ok(w) => w,
                Err(e) => {
                    env.error(&e);
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
    }

    fn selected(&self, env: &mut Env) -> Option<Shortage> {
        let s = self.page.selected_row().cloned();
        if s.is_none() {
            env.say(
                "没有选中的缺货商品。",
                "No short product is selected.",
                true,
            );
        }
        s
    }

    fn request(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let Some(product_id) = self.requesting.take() else {
            return Reply::Close(Nav::Stay);
        };
        let Some(s) = self
            .page
            .rows
            .iter()
            .find(|s| s.product_id == product_id)
            .cloned()
        else {
            return Reply::Close(Nav::Stay);
        };
        let input = RequestInput {
            product: s.sku.clone(),
            kind: RequestKind::parse(&value_of(values, "kind")).unwrap_or_default(),
            supplier: value_of(values, "supplier"),
            qty: value_of(values, "qty"),
            expected: value_of(values, "expected"),
            note: value_of(values, "note"),
        };
        match shortage::create_request(env.db, env.actor, &input) {
            Ok(made) => {
                env.ok(crate::bi!(
                    env.lang,
                    "已开请购单 {}：{} {}，预计 {} 到货。",
                    "Purchase request {} made: {} {}, expected {}.",
                    made.number,
                    s.sku,
                    input.qty.trim(),
                    made.expected
                ));
                self.load(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.requesting = Some(product_id);
                Reply::Keep
            }
        }
    }
}

impl View for ShortageList {
    fn name(&self) -> &'static str {
        "shortages"
    }

    fn context(&self) -> Context {
        Context::Shortages
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        vec![Box::new(ops::export::after_sales::Shortages)]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let rows = u16::try_from(self.page.rows.len()).unwrap_or(10).max(1);
        let [list, panel] =
            Layout::vertical([Constraint::Length(rows + 3), Constraint::Fill(1)]).areas(area);
        let title = crate::bi!(
            lang,
            "缺货跟进 · 第 {} 页 · 最紧急的在前",
            "Shortages · page {} · most urgent first",
            self.page.page_no()
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let zh = lang == Lang::Zh;
        let (sku_w, short_w, orders_w, urg_w, req_w, avail_w, pr_w) = (
            10u16,
            9u16,
            3u16,
            if zh { 4 } else { 8 },
            if wide { 10 } else { 6 },
            8u16,
            if wide { 30 } else { 12 },
        );
        let fixed = sku_w + short_w + orders_w + urg_w + req_w + avail_w + pr_w + 7;
        let name_w = inner.width.saturating_sub(fixed).max(4);
        let widths = [
            sku_w, name_w, short_w, orders_w, urg_w, req_w, avail_w, pr_w,
        ];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let right = |s: String, i: usize| Line::from(fit(&s, i)).right_aligned();
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("货号", "SKU"), 0)),
            Cell::from(fit(lang.pick("商品", "Product"), 1)),
            Cell::from(right(lang.pick("缺货", "Short").to_string(), 2)),
            Cell::from(right(lang.pick("单", "Ord").to_string(), 3)),
            Cell::from(fit(lang.pick("紧急", "Urgency"), 4)),
            Cell::from(fit(lang.pick("要求", "Wanted"), 5)),
            Cell::from(right(lang.pick("可用", "Avail.").to_string(), 6)),
            Cell::from(fit(lang.pick("请购/预计", "Requested"), 7)),
        ])
        .style(theme.title());
        let date = |d: chrono::NaiveDate| {
            if wide {
                d.to_string()
            } else {
                d.format("%m-%d").to_string()
            }
        };
        let rows = self.page.rows.iter().enumerate().map(|(i, s)| {
            let requested = s.earliest_requested.map(date).unwrap_or_default();
            let pr = match &s.expected {
                Some((d, number)) if wide => format!("{} {} {}", s.requested, date(*d), number),
                Some((d, _)) => format!("{} {}", s.requested, date(*d)),
                None => lang.pick("未请购", "none").to_string(),
            };
            // Not requested, or not all of it: still to do.
            let pr_style = if s.expected.is_none() || s.uncovered().is_positive() {
                theme.warning()
            } else {
                theme.ok()
            };
            let avail = Cell::from(right(s.available.to_string(), 6));
            let row = Row::new(vec![
                Cell::from(fit(&s.sku, 0)),
                Cell::from(fit(&shown(&s.name), 1)),
                Cell::from(right(format!("{} {}", s.backordered, s.unit), 2)),
                Cell::from(right(s.orders.to_string(), 3)),
                Cell::from(fit(&s.urgency.label(lang), 4)),
                Cell::from(fit(&requested, 5)),
                if s.available.is_positive() {
                    avail.style(theme.ok())
                } else {
                    avail
                },
                Cell::from(fit(&pr, 7)).style(pr_style),
            ]);
            if i == self.page.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
        f.render_widget(
            Table::new(rows, widths.map(Constraint::Length))
                .header(header)
                .column_spacing(1)
                .block(block),
            list,
        );
        if self.page.rows.is_empty() && inner.height > 1 {
            empty_hint(
                f,
                inner,
                lang.pick(
                    "  没有缺货：每张订单都已预留。",
                    "  Nothing is short: every order is reserved.",
                ),
                theme,
            );
        }
        draw_panel(f, panel, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Up | Command::Down => {
                if cmd == Command::Up {
                    self.page.up();
                } else {
                    self.page.down();
                }
                self.read_waiting(env);
                Nav::Stay
            }
            Command::PageDown => {
                let turned = self.page.next_page(
                    (env.rows / 2).max(3),
                    |rows| rows.last().map(|s| Some(s.cursor.clone())),
                    |start| read_page(env, start),
                );
                if let Err(e) = turned {
                    env.error(&e);
                }
                self.read_waiting(env);
                Nav::Stay
            }
            Command::PageUp => {
                if let Err(e) = self.page.prev_page(|start| read_page(env, start)) {
                    env.error(&e);
                }
                self.read_waiting(env);
                Nav::Stay
            }
            Command::Open => match self.selected(env) {
                Some(s) => Nav::Push(Route::StockOf(s.product_id)),
                None => Nav::Stay,
            },
            Command::Transfer => match self.selected(env) {
                Some(s) => Nav::Push(Route::Transfer(Some(s.product_id), None)),
                None => Nav::Stay,
            },
            Command::Purchases => Nav::Push(Route::Purchases),
            Command::FillBackorders => {
                let Some(s) = self.selected(env) else {
                    return Nav::Stay;
                };
                match shortage::fill_from_stock(env.db, env.actor, s.product_id) {
                    Ok(given) if given.is_positive() => {
                        env.ok(crate::bi!(
                            env.lang,
                            "{}：已把 {} 补留给等待的订单。",
                            "{}: {} given to the waiting orders.",
                            s.sku,
                            given
                        ));
                        self.load(env);
                    }
                    Ok(_) => env.say(
                        "没有未预留的库存可以补留：请请购或等待到货。",
                        "No stock is free to give: request more or wait for the goods.",
                        true,
                    ),
                    Err(e) => env.error(&e),
                }
                Nav::Stay
            }
            Command::PurchaseRequest => {
                let Some(s) = self.selected(env) else {
                    return Nav::Stay;
                };
                if let Ok(false) = ops::users::allowed(
                    env.db,
                    env.actor,
                    crate::domain::access::Permission::RequestPurchases,
                ) {
                    env.error(&ops::Error::PermissionDenied {
                        permission: crate::domain::access::Permission::RequestPurchases,
                    });
                    return Nav::Stay;
                }
                match shortage::suggest_request(env.db, s.product_id) {
                    Ok(suggestion) => {
                        let mut form = request_form(&s, &suggestion);
                        if !suggestion.supplier.is_empty() {
                            form.focus_on("expected");
                        }
                        self.requesting = Some(s.product_id);
                        Nav::Open(Box::new(FormLayer::new(
                            "purchase-request",
                            ("请购单", "Purchase request"),
                            form,
                        )))
                    }
                    Err(e) => {
                        env.error(&e);
                        Nav::Stay
                    }
                }
            }
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        match answer {
            Answer::Form(values) => self.request(&values, env),
            _ => {
                self.requesting = None;
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn unsaved(&self) -> bool {
        self.requesting.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.load(env)
    }
}

/// The selected product's waiting orders, its stock by warehouse and its requests.
fn draw_panel(f: &mut Frame, area: Rect, v: &ShortageList, lang: Lang, theme: Theme) {
    let Some(s) = v.page.selected_row() else {
        f.render_widget(Paragraph::new("").block(framed("", theme)), area);
        return;
    };
    let title = crate::bi!(
        lang,
        "{} {} · 等待的订单（到货先给最急的）",
        "{} {} · waiting orders (arrivals go to the most urgent)",
        s.sku,
        shown(&s.name)
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    let mut lines: Vec<Line> = Vec::new();
    let stock: Vec<String> = s
        .warehouses
        .iter()
        .map(|w| format!("{} {}", w.code, Qty::from_db(w.storage + w.other)))
        .collect();
    let stock = if stock.is_empty() {
        lang.pick("无库存", "none").to_string()
    } else {
        stock.join(" · ")
    };
    let mut summary = crate::bi!(
        lang,
        "现有 {}（{}），已预留 {}，可用 {}",
        "On hand {} ({}), reserved {}, available {}",
        s.on_hand,
        stock,
        s.reserved,
        s.available
    );
    if s.available.is_positive() {
        summary.push_str(lang.pick("：F5 补留或 F3 移库", ": F5 fills, F3 moves"));
    }
    lines.push(Line::from(Span::styled(
        summary,
        if s.available.is_positive() {
            theme.ok()
        } else {
            theme.dim()
        },
    )));
    let still = if s.uncovered().is_positive() {
        crate::bi!(
            lang,
            "；还需请购 {}",
            "; {} not requested yet",
            s.uncovered()
        )
    } else {
        lang.pick("；已全部请购", "; all requested").to_string()
    };
    let requests = match &s.expected {
        Some((d, number)) => crate::bi!(
            lang,
            "已请购 {}，最早 {} 到货（{}）{}",
            "Requested {}, first due {} ({}){}",
            s.requested,
            d.format("%m-%d"),
            number,
            still
        ),
        None => lang
            .pick("尚未请购：F2 开请购单", "No request yet: F2 makes one")
            .to_string(),
    };
    lines.push(Line::from(Span::styled(
        requests,
        if s.uncovered().is_positive() {
            theme.warning()
        } else {
            theme.dim()
        },
    )));
    let room = usize::from(inner.height).saturating_sub(lines.len());
    let start = scroll_start(0, room);
    for w in v.waiting.iter().skip(start).take(room) {
        let wanted = w
            .requested_date
            .map(|d| crate::bi!(lang, " 要求 {}", " wanted {}", d.format("%m-%d")))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", w.order_no)),
            Span::styled(
                crate::bi!(
                    lang,
                    "第 {} 行 缺 {}",
                    "line {} short {}",
                    w.line_no,
                    w.backordered
                ),
                theme.warning(),
            ),
            Span::raw(format!(
                " {}{} {}",
                w.urgency.label(lang),
                wanted,
                shown(&w.customer_name)
            )),
        ]));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        area,
    );
}

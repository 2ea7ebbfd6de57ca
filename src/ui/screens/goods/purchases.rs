//! The purchase and production requests (请购单): newest first, paged in SQL, with the
//! filters pending (未完成), all, open, ordered, received and cancelled. F2 receives
//! the selected request's goods (the stock receipt form, filled with its product, what
//! is still to come and its number), F7 marks it ordered, F8 cancels it with a reason;
//! Enter shows the product's stock.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Qty;
use crate::domain::purchase::RequestStatus;
use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::shortage::{self, filter_label, RequestFilter, RequestRow};
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, Env, Nav, View};
use crate::ui::widgets::empty_hint;
use crate::ui::widgets::paged::PagedList;

/// The filters, in the order ←/→ walk them.
const FILTERS: [RequestFilter; 6] = [
    RequestFilter::Pending,
    RequestFilter::Status(RequestStatus::Open),
    RequestFilter::Status(RequestStatus::Ordered),
    RequestFilter::Status(RequestStatus::Received),
    RequestFilter::Status(RequestStatus::Cancelled),
    RequestFilter::All,
];

/// The request list's state.
#[derive(Default)]
pub struct PurchaseList {
    pub filter: RequestFilter,
    /// A page starts after a request id (`None`: the first page).
    pub page: PagedList<RequestRow, Option<i64>>,
    /// The request the cancel prompt is open for.
    cancelling: Option<String>,
    /// Today in the company's time zone, `YYYY-MM-DD`: a pending request expected
    /// before it is late.
    today: String,
}

/// The request list, pending ones first shown.
pub fn open() -> Box<dyn View> {
    Box::new(PurchaseList::default())
}

fn read_page(
    env: &Env,
    filter: RequestFilter,
    start: &Option<i64>,
) -> Result<Vec<RequestRow>, ops::Error> {
    shortage::requests_page(env.db, filter, *start, env.rows)
}

impl PurchaseList {
    fn load(&mut self, env: &mut Env) -> bool {
        if let Ok(t) = ops::today(env.db) {
            self.today = t.to_string();
        }
        let filter = self.filter;
        match self
            .page
            .reload(|start| read_page(env, filter, start), |r| r.id)
        {
            Ok(_) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    fn selected(&self, env: &mut Env) -> Option<RequestRow> {
        let r = self.page.selected_row().cloned();
        if r.is_none() {
            env.say("没有选中的请购单。", "No request is selected.", true);
        }
        r
    }

    fn cancel_with(&mut self, reason: &str, env: &mut Env) -> Reply<Nav> {
        let Some(number) = self.cancelling.take() else {
            return Reply::Close(Nav::Stay);
        };
        match shortage::cancel_request(env.db, env.actor, &number, reason) {
            Ok(()) => {
                env.ok(crate::bi!(env.lang, "{} 已取消。", "{} cancelled.", number));
                self.load(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.cancelling = Some(number);
                Reply::Keep
            }
        }
    }
}

impl View for PurchaseList {
    fn name(&self) -> &'static str {
        "purchases"
    }

    fn context(&self) -> Context {
        Context::Purchases
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        vec![Box::new(ops::export::after_sales::PurchaseRequests {
            filter: self.filter,
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let [tabs, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let mut spans = Vec::new();
        for fl in FILTERS {
            let style = if fl == self.filter {
                theme.selected()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(format!(" {} ", filter_label(fl, lang)), style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        let title = crate::bi!(
            lang,
            "请购单 · {} · 第 {} 页",
            "Purchase requests · {} · page {}",
            filter_label(self.filter, lang),
            self.page.page_no()
        );
        let block = framed(&title, theme);
        let inner = block.inner(list);
        let wide = inner.width >= 120;
        let zh = lang == Lang::Zh;
        // At 80 columns in English the source gives way to the product's name.
        let (num_w, state_w, kind_w, sku_w, qty_w, date_w) = (
            14u16,
            if zh { 6 } else { 9 },
            match (zh, wide) {
                (true, _) => 4,
                (false, true) => 10,
                (false, false) => 0,
            },
            10u16,
            9u16,
            10u16,
        );
        let sup_w = if wide { 24u16 } else { 10 };
        let fixed = num_w + state_w + kind_w + sku_w + qty_w + date_w + sup_w + 7;
        let name_w = inner.width.saturating_sub(fixed).max(4);
        let widths = [num_w, state_w, kind_w, sku_w, name_w, qty_w, date_w, sup_w];
        let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
        let header = Row::new(vec![
            Cell::from(fit(lang.pick("请购单", "Request"), 0)),
            Cell::from(fit(lang.pick("状态", "State"), 1)),
            Cell::from(fit(lang.pick("来源", "Source"), 2)),
            Cell::from(fit(lang.pick("货号", "SKU"), 3)),
            Cell::from(fit(lang.pick("商品", "Product"), 4)),
            Cell::from(Line::from(fit(lang.pick("到货/请购", "Got/asked"), 5)).right_aligned()),
            Cell::from(fit(lang.pick("预计到货", "Expected"), 6)),
            Cell::from(fit(lang.pick("供应商/车间", "Supplier"), 7)),
        ])
        .style(theme.title());
        let today = self.today.as_str();
        let height = usize::from(inner.height.saturating_sub(1));
        let start = scroll_start(self.page.selected, height);
        let rows = self
            .page
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, r)| {
                let late = r.status.is_pending() && r.expected_date.as_str() < today;
                let state_style = match r.status {
                    RequestStatus::Received => theme.ok(),
                    RequestStatus::Cancelled => theme.dim(),
                    _ if late => theme.error(),
                    _ => ratatui::style::Style::default(),
                };
                let row = Row::new(vec![
                    Cell::from(fit(&r.number, 0)),
                    Cell::from(fit(r.status.label(lang), 1)).style(state_style),
                    Cell::from(fit(r.kind.label(lang), 2)),
                    Cell::from(fit(&r.sku, 3)),
                    Cell::from(fit(&shown(&r.product_name), 4)),
                    Cell::from(
                        Line::from(fit(
                            &format!("{}/{}", Qty::from_db(r.qty_received), Qty::from_db(r.qty)),
                            5,
                        ))
                        .right_aligned(),
                    ),
                    Cell::from(fit(&r.expected_date, 6)).style(if late {
                        theme.error()
                    } else {
                        ratatui::style::Style::default()
                    }),
                    Cell::from(fit(&shown(&r.supplier), 7)),
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
                    "  没有这样的请购单。缺货跟进里按 F2 请购。",
                    "  No such requests. F2 on the shortage list makes one.",
                ),
                theme,
            );
        }
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                self.page.up();
                Nav::Stay
            }
            Command::Down => {
                self.page.down();
                Nav::Stay
            }
            Command::PageDown => {
                let filter = self.filter;
                let turned = self.page.next_page(
                    env.rows,
                    |rows| rows.last().map(|r| Some(r.id)),
                    |start| read_page(env, filter, start),
                );
                if let Err(e) = turned {
                    env.error(&e);
                }
                Nav::Stay
            }
            Command::PageUp => {
                let filter = self.filter;
                if let Err(e) = self.page.prev_page(|start| read_page(env, filter, start)) {
                    env.error(&e);
                }
                Nav::Stay
            }
            Command::NextStage | Command::PrevStage => {
                let i = FILTERS.iter().position(|f| *f == self.filter).unwrap_or(0);
                let n = FILTERS.len();
                self.filter = FILTERS[if cmd == Command::NextStage {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
                self.page.to_first();
                self.page.rows.clear();
                self.load(env);
                Nav::Stay
            }
            Command::Open => match self.selected(env) {
                Some(r) => Nav::Push(Route::StockOf(r.product_id)),
                None => Nav::Stay,
            },
            Command::Receipt => match self.selected(env) {
                Some(r) if r.status.is_pending() => Nav::Push(Route::PurchaseReceipt(r.number)),
                Some(r) => {
                    env.error(&ops::Refusal::RequestClosed {
                        number: r.number,
                        status: r.status,
                    });
                    Nav::Stay
                }
                None => Nav::Stay,
            },
            Command::MarkOrdered => {
                if let Some(r) = self.selected(env) {
                    match shortage::mark_ordered(env.db, env.actor, &r.number) {
                        Ok(()) => {
                            env.ok(crate::bi!(env.lang, "{} 已下单。", "{} ordered.", r.number));
                            self.load(env);
                        }
                        Err(e) => env.error(&e),
                    }
                }
                Nav::Stay
            }
            Command::CancelRequest => match self.selected(env) {
                Some(r) => {
                    let title = crate::bi!(
                        env.lang,
                        "取消 {} 的原因",
                        "Reason for cancelling {}",
                        r.number
                    );
                    self.cancelling = Some(r.number);
                    Nav::Open(Box::new(Prompt::new(title)))
                }
                None => Nav::Stay,
            },
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        match answer {
            Answer::Text(reason) => self.cancel_with(&reason, env),
            _ => {
                self.cancelling = None;
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn unsaved(&self) -> bool {
        self.cancelling.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.load(env)
    }
}

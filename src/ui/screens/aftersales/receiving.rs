//! Receiving returned goods (退货收货), scanner first: scan the return's number, then each
//! item — a barcode or SKU receives one, a GS1 label its count and lot — in the
//! condition shown (F6 cycles 可售 → 待检 → 报废). Sellable goods go to the product's
//! bin unless a bin's code is scanned first; quarantined goods to the quarantine bin;
//! scrapped goods are written off. F3 types the quantity of the item scanned last.
//! Every scan is saved at once; a wrong item or one too many is refused, with the bell
//! when the company has it on, and changes nothing.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{qty, status_style};
use crate::domain::returns::Condition;
use crate::domain::text::{to_half_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::returns::{self, ReceiveInput, Received, ReturnView};
use crate::ops::{self, Refusal};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{framed, type_into, Env, Nav, Typed, View, MAX_SCAN};
use crate::ui::widgets::empty_hint;

/// The receiving screen's state.
#[derive(Debug, Clone)]
pub struct ReceivingView {
    pub scan: String,
    /// The return being received.
    pub view: Option<Box<ReturnView>>,
    pub condition: Condition,
    /// A bin scanned for sellable goods; empty: the default bin.
    pub bin: String,
    /// What the last scan received.
    pub last: Option<Received>,
    /// The item scanned last, for a typed quantity.
    last_item: Option<String>,
    asking_qty: bool,
}

/// The receiving screen, on this return if given.
pub fn open(env: &mut Env, number: Option<&str>) -> Box<dyn View> {
    let mut v = ReceivingView {
        scan: String::new(),
        view: None,
        condition: Condition::Sellable,
        bin: String::new(),
        last: None,
        last_item: None,
        asking_qty: false,
    };
    if let Some(n) = number {
        v.load(n, env);
    }
    Box::new(v)
}

impl ReceivingView {
    fn number(&self) -> Option<String> {
        self.view.as_ref().map(|v| v.head.number.clone())
    }

    /// Reads the return scanned; one that takes no more goods is shown with why.
    fn load(&mut self, number: &str, env: &mut Env) {
        match returns::return_view(env.db, number) {
            Ok(v) => {
                if v.head.status.receives() {
                    env.say(
                        "请逐件扫描退回的商品（GS1 标签按标签数量）。",
                        "Scan each item that came back (a GS1 label counts its quantity).",
                        false,
                    );
                } else {
                    env.error(&Refusal::ReturnClosed {
                        number: v.head.number.clone(),
                        status: v.head.status,
                    });
                }
                self.view = Some(Box::new(v));
                self.last = None;
                self.last_item = None;
                self.bin.clear();
            }
            Err(e) => env.error(&e),
        }
    }

    fn reread(&mut self, env: &mut Env) {
        if let Some(n) = self.number() {
            if let Ok(v) = returns::return_view(env.db, &n) {
                self.view = Some(Box::new(v));
            }
        }
    }

    fn receive(&mut self, item: &str, typed: &str, env: &mut Env) -> bool {
        let Some(number) = self.number() else {
            return false;
        };
        let done = returns::receive(
            env.db,
            env.actor,
            &number,
            &ReceiveInput {
                scan: item.to_string(),
                qty: typed.to_string(),
                condition: self.condition,
                bin: self.bin.clone(),
            },
        );
        match done {
            Ok(r) => {
                let lang = env.lang;
                let to = r
                    .bin
                    .as_deref()
                    .map(|b| format!(" → {b}"))
                    .unwrap_or_default();
                let mut msg = crate::bi!(
                    lang,
                    "{} {} +{}{}；",
                    "{} {} +{}{}; ",
                    r.sku,
                    self.condition.label(lang),
                    qty(r.added),
                    to
                );
                msg += &if r.left == 0 {
                    lang.pick(
                        "全部收齐，待财务冲账。",
                        "all received; finance credits it next.",
                    )
                    .to_string()
                } else {
                    crate::bi!(lang, "还差 {}。", "{} still to come.", qty(r.left))
                };
                if r.order_closed {
                    msg += lang.pick("订单已结束。", " The order is done.");
                }
                env.ok(msg);
                self.last = Some(r);
                self.last_item = Some(item.to_string());
                self.reread(env);
                true
            }
            Err(e) => {
                env.error(&e);
                false
            }
        }
    }

    fn confirm(&mut self, env: &mut Env) -> Nav {
        let text = std::mem::take(&mut self.scan);
        let code = to_half_width(text.trim()).to_uppercase();
        if code.is_empty() {
            return Nav::Stay;
        }
        if self.view.is_none() || code.starts_with("RMA") {
            self.load(&code, env);
            return Nav::Stay;
        }
        // A bin's code: where the sellable goods of the next scans go.
        if let Ok(bin) = ops::stock::bin(env.db, &code) {
            self.bin = bin.code.clone();
            env.ok(crate::bi!(
                env.lang,
                "可售的退货放入库位 {}。",
                "Sellable returns go into bin {}.",
                bin.code
            ));
            return Nav::Stay;
        }
        self.receive(text.trim(), "", env);
        Nav::Stay
    }
}

impl View for ReceivingView {
    fn name(&self) -> &'static str {
        "return-receiving"
    }

    fn context(&self) -> Context {
        Context::ReturnReceiving
    }

    fn scans(&self) -> bool {
        true
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => Nav::Back,
            Command::Confirm => self.confirm(env),
            Command::ClearField => {
                self.scan.clear();
                Nav::Stay
            }
            Command::NextCondition => {
                self.condition = self.condition.next();
                Nav::Stay
            }
            Command::TypeQty => match &self.last_item {
                Some(item) if self.view.is_some() => {
                    self.asking_qty = true;
                    Nav::Open(Box::new(Prompt::new(crate::bi!(
                        env.lang,
                        "{}：{}数量",
                        "{}: how many {}",
                        item,
                        self.condition.label(env.lang)
                    ))))
                }
                _ => {
                    env.say(
                        "请先扫描一件商品，再输入数量。",
                        "Scan an item first, then type its quantity.",
                        true,
                    );
                    Nav::Stay
                }
            },
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended => self.confirm(env),
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        if !std::mem::take(&mut self.asking_qty) {
            return Reply::Close(Nav::Stay);
        }
        match (answer, self.last_item.clone()) {
            (Answer::Text(t), Some(item)) => {
                if self.receive(&item, &t, env) {
                    Reply::Close(Nav::Stay)
                } else {
                    self.asking_qty = true;
                    Reply::Keep
                }
            }
            _ => Reply::Close(Nav::Stay),
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.reread(env);
        true
    }
}

fn condition_style(c: Condition, theme: Theme) -> ratatui::style::Style {
    match c {
        Condition::Sellable => theme.ok(),
        Condition::Quarantine => theme.warning(),
        Condition::Scrap => theme.error(),
    }
}

pub fn draw(f: &mut Frame, area: Rect, s: &ReceivingView, lang: Lang, theme: Theme) {
    let [scan, head, cond, table, last] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let prompt = if s.view.is_none() {
        lang.pick("扫码/输入退货单号：", "Scan a return number: ")
    } else {
        lang.pick(
            "扫码：商品条码、GS1 标签或库位：",
            "Scan an item, a GS1 label or a bin: ",
        )
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::styled(format!("{}▏", s.scan), theme.selected()),
        ])),
        scan,
    );
    let mut head_lines = Vec::new();
    if let Some(v) = &s.view {
        let h = &v.head;
        head_lines.push(Line::from(vec![
            Span::styled(format!("{}  ", h.number), theme.title()),
            Span::styled(h.status.label(lang), status_style(h.status, theme)),
            Span::raw(format!(
                "  {}  {}  {}",
                h.reason.label(lang),
                h.customer_name,
                h.order_no.clone().unwrap_or_default()
            )),
        ]));
        let left: i64 = v.lines.iter().map(|l| l.left()).sum();
        head_lines.push(Line::from(crate::bi!(
            lang,
            "发货单 {}{}  待收 {}",
            "Shipment {}{}  {} to come",
            h.shipment_no,
            if h.undelivered {
                lang.pick("（未签收）", " (never signed for)")
            } else {
                ""
            },
            qty(left)
        )));
    }
    f.render_widget(Paragraph::new(head_lines), head);

    let mut spans = vec![Span::styled(
        lang.pick("验收结果（F6）：", "Condition (F6): "),
        theme.dim(),
    )];
    for c in Condition::ALL {
        let label = format!(" {} ", c.label(lang));
        spans.push(if c == s.condition {
            Span::styled(label, condition_style(c, theme).patch(theme.selected()))
        } else {
            Span::styled(label, theme.dim())
        });
    }
    if s.condition == Condition::Sellable {
        let to = if s.bin.is_empty() {
            lang.pick("商品默认库位", "the product's bin").to_string()
        } else {
            s.bin.clone()
        };
        spans.push(Span::raw(crate::bi!(lang, "  放入 {}", "  into {}", to)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), cond);

    let block = framed(lang.pick("退货收货", "Receive returns"), theme);
    let inner = block.inner(table);
    let wide = inner.width >= 120;
    let n = 7u16;
    let mut widths = vec![3u16, 0, 10, n, n, n];
    if wide {
        widths.extend([n, n, n]);
    }
    let fixed: u16 = widths.iter().sum::<u16>() + widths.len() as u16 + 1;
    widths[1] = inner.width.saturating_sub(fixed).max(8);
    let mut header = vec![
        Cell::from(lang.pick("行", "No.")),
        Cell::from(lang.pick("商品", "Product")),
        Cell::from(lang.pick("批次", "Lot")),
    ];
    let mut titles = vec![
        lang.pick("退货", "Qty"),
        lang.pick("已收", "Got"),
        lang.pick("待收", "Left"),
    ];
    if wide {
        titles.extend([
            lang.pick("可售", "Sale"),
            lang.pick("待检", "Quar."),
            lang.pick("报废", "Scrap"),
        ]);
    }
    header.extend(
        titles
            .into_iter()
            .map(|t| Cell::from(Line::from(t).right_aligned())),
    );
    let right = |q: i64| Cell::from(Line::from(qty(q)).right_aligned());
    let name_w = usize::from(widths[1]);
    let rows: Vec<Row> = s
        .view
        .iter()
        .flat_map(|v| v.lines.iter())
        .map(|l| {
            let mut cells = vec![
                Cell::from(l.line_no.to_string()),
                Cell::from(truncate_to_width(&format!("{} {}", l.sku, l.name), name_w)),
                Cell::from(if l.lot_no.is_empty() {
                    "-".into()
                } else {
                    l.lot_no.clone()
                }),
                right(l.qty),
                right(l.accounted()),
                right(l.left()),
            ];
            if wide {
                cells.extend([
                    right(l.qty_sellable),
                    right(l.qty_quarantine),
                    right(l.qty_scrapped),
                ]);
            }
            let row = Row::new(cells);
            let scanned = s.last.as_ref().is_some_and(|r| r.sku == l.sku);
            if scanned {
                row.style(theme.selected())
            } else if l.left() == 0 {
                row.style(theme.dim())
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    f.render_widget(
        Table::new(rows, widths.into_iter().map(Constraint::Length))
            .header(Row::new(header).style(theme.title()))
            .column_spacing(1)
            .block(block),
        table,
    );
    if empty {
        empty_hint(
            f,
            inner,
            lang.pick(
                "  扫描退货单号（RMA-…），再逐件扫描退回的商品。",
                "  Scan a return number (RMA-…), then each item that came back.",
            ),
            theme,
        );
    }
    let hint = match &s.last {
        Some(r) => crate::bi!(
            lang,
            "上一件：{} {} {} +{}",
            "Last: {} {} {} +{}",
            r.sku,
            r.name,
            r.condition.map(|c| c.label(lang)).unwrap_or_default(),
            qty(r.added)
        ),
        None => String::new(),
    };
    f.render_widget(
        Paragraph::new(Span::styled(
            truncate_to_width(&hint, usize::from(last.width)),
            theme.dim(),
        )),
        last,
    );
}

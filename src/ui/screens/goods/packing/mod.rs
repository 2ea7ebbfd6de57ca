//! Packing (复核打包), when the company requires it: scan the order, then every item of
//! its pick into the carton on the bench — each scan counts one, a GS1 label its count,
//! and F3 types how many of the last item scanned are in the carton; F2 closes the carton
//! and starts the next, its weight typed in the weight field (Tab). F5 packs: the count
//! of every line must match what was picked, or nothing is packed. The shipment then
//! takes exactly the cartons packed. F8 prints the packing slip (装箱单) of each carton
//! packed last.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::qty;
use crate::domain::money::Qty;
use crate::i18n::Lang;
use crate::ops::packing::CartonInput;
use crate::ops::shipping::ShipLineInput;
use crate::ops::{self, Refusal};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// One unit, in thousandths: what a scan counts.
const ONE: i64 = 1_000;

/// Where typed keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Scan,
    /// The weight of the carton on the bench.
    Weight,
}

/// A picked line of the order and what is still to pack of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLine {
    pub line_no: i64,
    pub product_id: i64,
    pub product: String,
    pub unit: String,
    /// Picked and not packed yet (thousandths).
    pub to_pack: i64,
}

/// A carton being filled: its weight as typed and its count per line (thousandths).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CartonDraft {
    pub weight: String,
    pub counts: Vec<(i64, i64)>,
}

impl CartonDraft {
    fn count(&self, line_no: i64) -> i64 {
        self.counts
            .iter()
            .filter(|(n, _)| *n == line_no)
            .map(|(_, q)| q)
            .sum()
    }

    fn is_empty(&self) -> bool {
        self.counts.iter().all(|(_, q)| *q == 0)
    }
}

/// The packing screen's state.
#[derive(Debug, Clone)]
pub struct PackingView {
    pub scan: String,
    pub order: Option<(String, String)>,
    pub lines: Vec<PackLine>,
    /// The cartons of this order on the bench; the last one is being filled.
    pub cartons: Vec<CartonDraft>,
    pub focus: Slot,
    /// Whether the company packs before shipping.
    pub required: bool,
    /// The line the last scan counted, for a typed quantity (F3).
    pub last_line: Option<i64>,
    asking_qty: bool,
    /// The cartons packed last: the order's number and their carton numbers, whose
    /// packing slips F8 prints.
    pub packed: Option<(String, Vec<i64>)>,
}

/// The packing screen, on this order if given.
pub fn open(env: &mut Env, number: Option<&str>) -> Result<Box<dyn View>, ops::Error> {
    let mut view = PackingView {
        scan: String::new(),
        order: None,
        lines: Vec::new(),
        cartons: Vec::new(),
        focus: Slot::Scan,
        required: ops::packing::packing_required(env.db)?,
        last_line: None,
        asking_qty: false,
        packed: None,
    };
    if !view.required {
        view.say_not_required(env);
    }
    if let Some(n) = number {
        view.load(n, env);
    }
    Ok(Box::new(view))
}

impl PackingView {
    fn say_not_required(&self, env: &mut Env) {
        env.say(
            "本公司未要求复核装箱：已拣的货可直接发货。",
            "This company does not pack before shipping: picked goods ship as they are.",
            false,
        );
    }

    fn counted(&self, line_no: i64) -> i64 {
        self.cartons.iter().map(|c| c.count(line_no)).sum()
    }

    fn anything_counted(&self) -> bool {
        self.cartons.iter().any(|c| !c.is_empty())
    }

    /// Reads the order and what of it is picked and not packed yet.
    fn load(&mut self, number: &str, env: &mut Env) {
        if self.anything_counted() {
            env.say(
                "这张订单还没装完：F5 完成装箱，或 Esc 放弃后再扫下一张。",
                "This order is not packed yet: F5 packs it, or Esc drops the count first.",
                true,
            );
            return;
        }
        let read = ops::orders::order_by_number(env.db, number).and_then(|row| {
            let d = ops::orders::order_detail(env.db, row.id)?;
            let packed = ops::packing::packed_lines(env.db, row.id)?;
            Ok((d, packed))
        });
        let (d, packed) = match read {
            Ok(x) => x,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let number = d.number.clone().unwrap_or_default();
        if d.stage != crate::domain::order::OrderStage::Approved {
            env.error(&Refusal::OrderNotShippable {
                number,
                stage: d.stage,
            });
            return;
        }
        self.lines = d
            .lines
            .iter()
            .map(|l| {
                let done = packed
                    .iter()
                    .find(|(n, _)| *n == l.line_no)
                    .map(|p| p.1.to_db())
                    .unwrap_or(0);
                PackLine {
                    line_no: l.line_no,
                    product_id: l.product_id,
                    product: format!("{} {}", l.sku, l.name),
                    unit: l.unit.clone(),
                    to_pack: l.picked.to_db() - done,
                }
            })
            .filter(|l| l.to_pack > 0)
            .collect();
        if self.lines.is_empty() {
            env.error(&Refusal::NothingToShip);
        } else {
            env.clear();
        }
        self.order = Some((number, d.customer_name.clone()));
        self.cartons = vec![CartonDraft::default()];
        self.focus = Slot::Scan;
        self.last_line = None;
    }

    /// Sets how many of line `line_no` the carton on the bench holds, within what is
    /// left to pack of it; false (with the refusal said) when it is more.
    fn set_count(&mut self, line_no: i64, n: i64, env: &mut Env) -> bool {
        let Some(line) = self.lines.iter().find(|l| l.line_no == line_no) else {
            return false;
        };
        let this = self.cartons.last().map(|c| c.count(line_no)).unwrap_or(0);
        let elsewhere = self.counted(line_no) - this;
        if elsewhere + n > line.to_pack {
            env.error(&Refusal::PackCountMismatch {
                line: line_no,
                picked: Qty::from_db(line.to_pack),
                packed: Qty::from_db(elsewhere + n),
            });
            return false;
        }
        if let Some(carton) = self.cartons.last_mut() {
            match carton.counts.iter_mut().find(|(l, _)| *l == line_no) {
                Some((_, q)) => *q = n,
                None => carton.counts.push((line_no, n)),
            }
        }
        true
    }

    /// A scan: the order to pack, or one item of it into the carton on the bench.
    fn scanned(&mut self, text: &str, env: &mut Env) {
        let code = text.trim();
        if code.is_empty() {
            return;
        }
        let upper = crate::domain::text::to_half_width(code).to_uppercase();
        if self.order.is_none() || upper.starts_with("SO-") {
            self.load(&upper, env);
            return;
        }
        let product = match ops::master::product_by_code(env.db, code) {
            Ok(Some(p)) => p,
            Ok(None) => {
                env.error(&ops::Error::NotFound {
                    what: ops::Thing::Product,
                    key: code.to_string(),
                });
                return;
            }
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let mine: Vec<&PackLine> = self
            .lines
            .iter()
            .filter(|l| l.product_id == product.id)
            .collect();
        let Some(first) = mine.first() else {
            env.warn(crate::bi!(
                env.lang,
                "{} {} 不在这张订单待装的货里。未计数。",
                "{} {} is not among this order's goods to pack. Not counted.",
                product.sku,
                product.name
            ));
            return;
        };
        // A GS1 label says how many it holds; anything else is one item.
        let count = match crate::domain::barcode::classify_scan(code) {
            crate::domain::barcode::Scan::Gs1(d) => d
                .count
                .and_then(|c| i64::try_from(c).ok())
                .map_or(ONE, |c| c.saturating_mul(ONE)),
            _ => ONE,
        };
        // The first line of the product with room left takes the items.
        let line = mine
            .iter()
            .find(|l| self.counted(l.line_no) + count <= l.to_pack)
            .map(|l| l.line_no);
        let Some(line_no) = line else {
            env.error(&Refusal::PackCountMismatch {
                line: first.line_no,
                picked: Qty::from_db(first.to_pack),
                packed: Qty::from_db(self.counted(first.line_no) + count),
            });
            return;
        };
        let this = self.cartons.last().map(|c| c.count(line_no)).unwrap_or(0);
        if self.set_count(line_no, this + count, env) {
            self.last_line = Some(line_no);
            env.ok(crate::bi!(
                env.lang,
                "第 {} 箱：{} +{}",
                "Carton {}: {} +{}",
                self.cartons.len(),
                product.sku,
                qty(count)
            ));
        }
    }

    /// F3: how many of the last item scanned the carton holds, typed.
    fn ask_qty(&mut self, env: &mut Env) -> Nav {
        let Some(line) = self
            .last_line
            .and_then(|n| self.lines.iter().find(|l| l.line_no == n))
        else {
            env.say(
                "请先扫描一件商品，再输入它在本箱的数量。",
                "Scan an item first, then type how many of it this carton holds.",
                true,
            );
            return Nav::Stay;
        };
        self.asking_qty = true;
        let title = crate::bi!(
            env.lang,
            "第 {} 箱中 {} 的数量",
            "How many {1} in carton {0}",
            self.cartons.len(),
            line.product
        );
        Nav::Open(Box::new(crate::ui::layers::Prompt::new(title)))
    }

    fn typed_qty(&mut self, text: &str, env: &mut Env) -> Reply<Nav> {
        let Some(line_no) = self.last_line else {
            return Reply::Close(Nav::Stay);
        };
        match Qty::parse(text) {
            Ok(q) if !q.to_db().is_negative() => {
                if self.set_count(line_no, q.to_db(), env) {
                    env.clear();
                    return Reply::Close(Nav::Stay);
                }
            }
            Ok(_) => env.say("数量不能为负。", "The quantity cannot be negative.", true),
            Err(e) => env.error(&ops::Error::Field {
                field: crate::domain::field::FieldId::Qty,
                problem: ops::FieldProblem::Number(e),
            }),
        }
        // The prompt stays with what was typed.
        self.asking_qty = true;
        Reply::Keep
    }

    /// F2: the carton on the bench is closed and the next one started.
    fn new_carton(&mut self, env: &mut Env) {
        if self.order.is_none() {
            env.say("请先扫描订单号。", "Scan the order number first.", true);
            return;
        }
        if self.cartons.last().is_none_or(CartonDraft::is_empty) {
            env.say(
                "这一箱还是空的：先扫入商品。",
                "This carton is still empty: scan items into it first.",
                true,
            );
            return;
        }
        self.cartons.push(CartonDraft::default());
        self.focus = Slot::Scan;
        env.ok(crate::bi!(
            env.lang,
            "开始第 {} 箱。",
            "Carton {} started.",
            self.cartons.len()
        ));
    }

    /// F5: packs the counted cartons, or says why not.
    fn pack(&mut self, env: &mut Env) {
        if !self.required {
            self.say_not_required(env);
            return;
        }
        let Some((number, _)) = self.order.clone() else {
            env.say("请先扫描订单号。", "Scan the order number first.", true);
            return;
        };
        let cartons: Vec<CartonInput> = self
            .cartons
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| CartonInput {
                weight_kg: c.weight.clone(),
                lines: c
                    .counts
                    .iter()
                    .filter(|(_, q)| *q > 0)
                    .map(|(n, q)| ShipLineInput {
                        line_no: *n,
                        qty: qty(*q),
                    })
                    .collect(),
            })
            .collect();
        match ops::packing::pack_order(env.db, env.actor, &number, &cartons) {
            Ok(packed) => {
                let numbers: Vec<String> = packed.cartons.iter().map(|n| format!("#{n}")).collect();
                env.ok(crate::bi!(
                    env.lang,
                    "{} 已装 {} 箱（{}），可以发货。",
                    "{} packed in {} cartons ({}); ready to ship.",
                    number,
                    numbers.len(),
                    numbers.join(" ")
                ));
                self.packed = Some((number.clone(), packed.cartons.clone()));
                self.order = None;
                self.lines.clear();
                self.cartons.clear();
                self.focus = Slot::Scan;
            }
            Err(e) => env.error(&e),
        }
    }
}

impl View for PackingView {
    fn name(&self) -> &'static str {
        "packing"
    }

    fn context(&self) -> Context {
        Context::Packing
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if self.anything_counted() => ask_discard(
                env,
                "已点的数量尚未装箱：F5 完成装箱，再按一次 Esc 放弃。",
                "The count is not packed yet: F5 packs it, Esc again drops it.",
            ),
            Command::Back => Nav::Back,
            Command::Confirm => {
                if self.focus == Slot::Scan {
                    let text = std::mem::take(&mut self.scan);
                    self.scanned(&text, env);
                } else {
                    self.focus = Slot::Scan;
                }
                Nav::Stay
            }
            Command::NextField | Command::PrevField => {
                self.focus = match self.focus {
                    Slot::Scan if self.order.is_some() => Slot::Weight,
                    _ => Slot::Scan,
                };
                Nav::Stay
            }
            Command::ClearField => {
                match self.focus {
                    Slot::Scan => self.scan.clear(),
                    Slot::Weight => {
                        if let Some(c) = self.cartons.last_mut() {
                            c.weight.clear();
                        }
                    }
                }
                Nav::Stay
            }
            Command::NewCarton => {
                self.new_carton(env);
                Nav::Stay
            }
            Command::Pack => {
                self.pack(env);
                Nav::Stay
            }
            Command::TypeQty => self.ask_qty(env),
            Command::Print => {
                slip::print(self, env);
                Nav::Stay
            }
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let typed = match self.focus {
            Slot::Scan => type_into(&mut self.scan, key, MAX_SCAN, true),
            Slot::Weight => match self.cartons.last_mut() {
                Some(c) => type_into(&mut c.weight, key, 12, false),
                None => Typed::Ignored,
            },
        };
        if typed == Typed::Ended {
            return self.command(Command::Confirm, env);
        }
        Nav::Stay
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        if std::mem::take(&mut self.asking_qty) {
            return match answer {
                Answer::Text(t) => self.typed_qty(&t, env),
                _ => Reply::Close(Nav::Stay),
            };
        }
        discarded(answer)
    }

    fn unsaved(&self) -> bool {
        self.anything_counted()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match ops::packing::packing_required(env.db) {
            Ok(r) => {
                self.required = r;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

mod draw;
mod slip;
pub use draw::draw;

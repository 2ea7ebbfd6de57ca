//! Shipping (发货): scan an order or pick list number, choose how much of each picked
//! line goes (all of it unless changed), the carrier from the admin's list (F7), scan
//! the tracking number (a number the carrier already has is refused at once, naming its
//! shipment), cartons, weight and cost; F5 ships. The delivery note (出库单) is then
//! written to the output folder and sent to the printer when one is set; F9 prints it
//! again, 80 or 136 columns wide.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::note;
use crate::domain::field::FieldId;
use crate::domain::goods::Fulfilment;
use crate::domain::order::OrderStage;
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;
use crate::ops::shipping::CarrierRow;
use crate::ops::shipping::{ShipInput, ShipLineInput};
use crate::ops::{self, Refusal};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Picker, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// Where the cursor is: the scan box, a line's quantity, or a field of the shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Scan,
    Line(usize),
    Carrier,
    Tracking,
    Cartons,
    Weight,
    Cost,
}

/// A picked line of the order and the quantity typed to ship now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipLine {
    pub line_no: i64,
    pub product: String,
    pub unit: String,
    pub picked: String,
    pub qty: String,
}

/// The order being shipped.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub detail: Box<OrderDetail>,
    pub fulfilment: Option<Fulfilment>,
    pub lines: Vec<ShipLine>,
    /// The company packs before shipping: a shipment takes what is packed, and the
    /// lines show the packed quantities.
    pub packing: bool,
}

/// What an open layer answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asking {
    Carrier,
    /// The orders of a scanned pick list that have picked goods.
    Order(Vec<String>),
    PrintWidth,
}

/// The shipping screen's state.
#[derive(Debug, Clone)]
pub struct ShippingView {
    pub scan: String,
    pub order: Option<Loaded>,
    /// The active carriers, as the picker offers them.
    pub carriers: Vec<CarrierRow>,
    /// The carrier chosen (code); kept from one shipment to the next.
    pub carrier: Option<String>,
    pub tracking: String,
    pub cartons: String,
    pub weight: String,
    pub cost: String,
    pub focus: Slot,
    /// The number of the last shipment made here, for F9.
    pub last: Option<String>,
    asking: Option<Asking>,
}

/// The shipping screen, on this order or pick list number if given.
pub fn open(env: &mut Env, number: Option<&str>) -> Result<Box<dyn View>, ops::Error> {
    let mut view = ShippingView {
        scan: String::new(),
        order: None,
        carriers: Vec::new(),
        carrier: None,
        tracking: String::new(),
        cartons: String::new(),
        weight: String::new(),
        cost: String::new(),
        focus: Slot::Scan,
        last: None,
        asking: None,
    };
    view.read_carriers(env)?;
    if let Some(n) = number {
        view.scanned(n, env);
    }
    Ok(Box::new(view))
}

impl ShippingView {
    fn read_carriers(&mut self, env: &mut Env) -> Result<(), ops::Error> {
        self.carriers = ops::shipping::carriers(env.db)?
            .into_iter()
            .filter(|c| c.active)
            .collect();
        Ok(())
    }

    fn carrier_row(&self) -> Option<&CarrierRow> {
        let code = self.carrier.as_deref()?;
        self.carriers.iter().find(|c| c.code == code)
    }

    /// The slots in the order the cursor visits them.
    fn slots(&self) -> Vec<Slot> {
        let mut v = vec![Slot::Scan];
        if let Some(o) = &self.order {
            v.extend((0..o.lines.len()).map(Slot::Line));
            v.extend([
                Slot::Carrier,
                Slot::Tracking,
                Slot::Cartons,
                Slot::Weight,
                Slot::Cost,
            ]);
        }
        v
    }

    fn move_focus(&mut self, forward: bool) {
        let slots = self.slots();
        let at = slots.iter().position(|s| *s == self.focus).unwrap_or(0);
        let n = slots.len();
        self.focus = if forward {
            slots[(at + 1) % n]
        } else {
            slots[(at + n - 1) % n]
        };
    }

    fn text_of(&mut self, slot: Slot) -> Option<&mut String> {
        match slot {
            Slot::Scan => Some(&mut self.scan),
            Slot::Line(i) => self
                .order
                .as_mut()
                .and_then(|o| o.lines.get_mut(i))
                .map(|l| &mut l.qty),
            Slot::Carrier => None,
            Slot::Tracking => Some(&mut self.tracking),
            Slot::Cartons => Some(&mut self.cartons),
            Slot::Weight => Some(&mut self.weight),
            Slot::Cost => Some(&mut self.cost),
        }
    }

    /// A scanned or typed order or pick list number.
    fn scanned(&mut self, text: &str, env: &mut Env) {
        let code = crate::domain::text::to_half_width(text.trim()).to_uppercase();
        if code.is_empty() {
            return;
        }
        if code.starts_with("PL-") {
            self.pick_list(&code, env);
        } else {
            self.load(&code, env);
        }
    }

    /// The orders of a pick list with picked goods: one is loaded, several are offered.
    fn pick_list(&mut self, number: &str, env: &mut Env) {
        let list = match ops::picking::pick_list(env.db, number) {
            Ok(l) => l,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let mut ready = Vec::new();
        for o in &list.orders {
            if matches!(
                ops::shipping::fulfilment(env.db, o.id),
                Ok(Some(
                    Fulfilment::Picking | Fulfilment::ReadyToShip | Fulfilment::PartlyShipped
                ))
            ) {
                ready.push((o.number.clone(), o.customer.clone()));
            }
        }
        match ready.len() {
            0 => env.error(&Refusal::NothingToShip),
            1 => self.load(&ready[0].0, env),
            _ => {
                let items = ready.iter().map(|(n, c)| format!("{n}  {c}")).collect();
                self.asking = Some(Asking::Order(ready.into_iter().map(|r| r.0).collect()));
                env.layer = Some(Box::new(Picker::new(
                    ("选择要发货的订单", "Choose the order to ship"),
                    items,
                    note::popup_area,
                )));
            }
        }
    }

    /// Reads the order with this number and its picked lines.
    fn load(&mut self, number: &str, env: &mut Env) {
        let detail = ops::orders::order_by_number(env.db, number)
            .and_then(|row| ops::orders::order_detail(env.db, row.id));
        let detail = match detail {
            Ok(d) => d,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let fulfilment = ops::shipping::fulfilment(env.db, detail.id).unwrap_or(None);
        let packing = ops::packing::packing_required(env.db).unwrap_or(false);
        let packed = if packing {
            ops::packing::packed_lines(env.db, detail.id).unwrap_or_default()
        } else {
            Vec::new()
        };
        // With packing, what ships is what is packed; else what is picked.
        let ready = |line_no: i64, picked: crate::domain::money::Qty| {
            if packing {
                packed
                    .iter()
                    .find(|(n, _)| *n == line_no)
                    .map(|p| p.1)
                    .unwrap_or_default()
            } else {
                picked
            }
        };
        let lines: Vec<ShipLine> = detail
            .lines
            .iter()
            .filter(|l| l.picked.is_positive())
            .map(|l| ShipLine {
                line_no: l.line_no,
                product: format!("{} {}", l.sku, l.name),
                unit: l.unit.clone(),
                picked: ready(l.line_no, l.picked).to_string(),
                qty: ready(l.line_no, l.picked).to_string(),
            })
            .collect();
        let unpacked = detail
            .lines
            .iter()
            .find(|l| packing && l.picked.is_positive() && ready(l.line_no, l.picked).is_zero());
        let number = detail.number.clone().unwrap_or_default();
        if detail.stage != OrderStage::Approved {
            env.error(&Refusal::OrderNotShippable {
                number: number.clone(),
                stage: detail.stage,
            });
        } else if lines.is_empty() {
            env.error(&Refusal::NothingToShip);
        } else if let Some(l) = unpacked {
            // Packing comes first: the screen says so before anything is typed.
            env.error(&Refusal::NotPacked {
                line: l.line_no,
                picked: l.picked,
                packed: crate::domain::money::Qty::ZERO,
            });
        } else {
            env.clear();
        }
        let has_lines = !lines.is_empty();
        // What was typed belongs to the order shown before; the carrier stays.
        self.tracking.clear();
        self.cartons.clear();
        self.weight.clear();
        self.cost.clear();
        self.order = Some(Loaded {
            detail: Box::new(detail),
            fulfilment,
            lines,
            packing,
        });
        self.scan.clear();
        self.focus = if !has_lines {
            Slot::Scan
        } else if self.carrier_row().is_none() {
            Slot::Carrier
        } else {
            Slot::Tracking
        };
    }

    /// Enter (or the Tab or LF a scanner ends with) on the focused slot.
    fn confirm(&mut self, env: &mut Env) -> Nav {
        // The next order or pick list scanned while the cursor is on a field of this
        // one: it is a scan of that order, not a tracking number or a quantity.
        if self.focus != Slot::Scan {
            let focus = self.focus;
            if let Some(t) = self.text_of(focus) {
                let code = crate::domain::text::to_half_width(t.trim()).to_uppercase();
                if code.starts_with("SO-") || code.starts_with("PL-") {
                    t.clear();
                    self.scanned(&code, env);
                    return Nav::Stay;
                }
            }
        }
        match self.focus {
            Slot::Scan => {
                let text = std::mem::take(&mut self.scan);
                self.scanned(&text, env);
            }
            Slot::Carrier => return self.choose_carrier(env),
            Slot::Tracking => {
                if self.tracking_taken(env) {
                    return Nav::Stay;
                }
                self.move_focus(true);
            }
            Slot::Cost => env.say("填好了：按 F5 发货。", "All set: F5 ships.", false),
            _ => self.move_focus(true),
        }
        Nav::Stay
    }

    /// A tracking number the carrier already has on a shipment is refused as soon as it
    /// is scanned, naming that shipment; the field is emptied for the right scan.
    fn tracking_taken(&mut self, env: &mut Env) -> bool {
        let tracking = crate::domain::text::to_half_width(self.tracking.trim()).to_uppercase();
        if tracking.is_empty() {
            return false;
        }
        let Ok(found) = ops::shipping::shipment(env.db, &tracking) else {
            return false;
        };
        let same_carrier = self
            .carrier
            .as_deref()
            .is_none_or(|c| c == found.head.carrier_code);
        if found.head.tracking_no.as_deref() == Some(tracking.as_str()) && same_carrier {
            env.error(&Refusal::TrackingUsed {
                tracking,
                shipment: found.head.number,
            });
            self.tracking.clear();
            return true;
        }
        false
    }

    fn choose_carrier(&mut self, env: &mut Env) -> Nav {
        if let Err(e) = self.read_carriers(env) {
            env.error(&e);
            return Nav::Stay;
        }
        if self.carriers.is_empty() {
            env.error(&Refusal::CarrierRequired);
            return Nav::Stay;
        }
        let items = self
            .carriers
            .iter()
            .map(|c| format!("{:<5} {}", c.code, c.name))
            .collect();
        let mut picker = Picker::new(
            ("选择承运商", "Choose the carrier"),
            items,
            note::popup_area,
        );
        if let Some(at) = self
            .carrier
            .as_deref()
            .and_then(|code| self.carriers.iter().position(|c| c.code == code))
        {
            picker.selected = at;
        }
        self.asking = Some(Asking::Carrier);
        Nav::Open(Box::new(picker))
    }

    fn input(&self, order: &Loaded) -> ShipInput {
        ShipInput {
            order: order.detail.number.clone().unwrap_or_default(),
            carrier: self.carrier.clone().unwrap_or_default(),
            tracking: self.tracking.clone(),
            cartons: self.cartons.clone(),
            weight_kg: self.weight.clone(),
            cost: self.cost.clone(),
            lines: order
                .lines
                .iter()
                .map(|l| ShipLineInput {
                    line_no: l.line_no,
                    qty: if l.qty.trim().is_empty() {
                        "0".into()
                    } else {
                        l.qty.clone()
                    },
                })
                .collect(),
        }
    }

    /// F5: ships what the lines say, then writes and prints the delivery note.
    fn ship(&mut self, env: &mut Env) {
        let Some(order) = &self.order else {
            env.say(
                "请先扫描订单号或拣货单号。",
                "Scan an order or pick list number first.",
                true,
            );
            return;
        };
        let input = self.input(order);
        match ops::shipping::ship(env.db, env.actor, &input) {
            Ok(shipped) => {
                let mut msg = crate::bi!(
                    env.lang,
                    "已发货 {}，订单{}",
                    "Shipped {}; the order is {}",
                    shipped.number,
                    // "the order is partly shipped": lower case inside an English sentence.
                    match env.lang {
                        Lang::En => shipped.fulfilment.label(env.lang).to_lowercase(),
                        Lang::Zh => shipped.fulfilment.label(env.lang).to_string(),
                    }
                );
                msg += &note::write_and_print(env, &shipped.number, crate::print::FILE_WIDTH);
                self.last = Some(shipped.number);
                self.tracking.clear();
                self.cartons.clear();
                self.weight.clear();
                self.cost.clear();
                let number = input.order.clone();
                self.load(&number, env);
                if self.order.as_ref().is_some_and(|o| o.lines.is_empty()) {
                    self.order = None;
                    self.focus = Slot::Scan;
                }
                env.ok(msg);
            }
            Err(e) => {
                self.focus_error(&e);
                env.error(&e);
            }
        }
    }

    /// Puts the cursor on the field a refusal names.
    fn focus_error(&mut self, e: &ops::Error) {
        let line = match e.refusal() {
            Some(Refusal::ShipMoreThanPicked { line, .. }) => Some(*line),
            _ => None,
        };
        let field = match e {
            ops::Error::Field { field, .. } => Some(*field),
            ops::Error::NotFound {
                what: ops::Thing::Carrier,
                ..
            } => Some(FieldId::Carrier),
            _ => None,
        };
        let slot = match field {
            Some(FieldId::Carrier) => Some(Slot::Carrier),
            Some(FieldId::TrackingNo) => Some(Slot::Tracking),
            Some(FieldId::Cartons) => Some(Slot::Cartons),
            Some(FieldId::Weight) => Some(Slot::Weight),
            Some(FieldId::ShippingCost) => Some(Slot::Cost),
            Some(FieldId::Qty) => self.order.as_ref().and_then(|o| {
                o.lines
                    .iter()
                    .position(|l| Some(l.line_no) == line)
                    .or(Some(0))
                    .map(Slot::Line)
            }),
            _ => None,
        };
        if let Some(s) = slot {
            self.focus = s;
        }
    }

    fn print(&mut self, env: &mut Env) -> Nav {
        if self.last.is_none() {
            env.say(
                "这里还没有发过货：发货（F5）后可打印出库单。",
                "Nothing shipped here yet: ship (F5) first, then print its delivery note.",
                true,
            );
            return Nav::Stay;
        }
        self.asking = Some(Asking::PrintWidth);
        Nav::Open(Box::new(Picker::new(
            ("出库单宽度", "Delivery note width"),
            vec![
                env.lang
                    .pick("80 列（针式打印机）", "80 columns (dot matrix)")
                    .into(),
                env.lang
                    .pick("136 列（多联单）", "136 columns (multi-part)")
                    .into(),
            ],
            note::popup_area,
        )))
    }

    fn picked(&mut self, asking: Asking, i: usize, env: &mut Env) {
        match asking {
            Asking::Carrier => {
                if let Some(c) = self.carriers.get(i) {
                    self.carrier = Some(c.code.clone());
                    if self.focus == Slot::Carrier {
                        self.move_focus(true);
                    }
                    env.clear();
                }
            }
            Asking::Order(numbers) => {
                if let Some(n) = numbers.get(i) {
                    self.load(n, env);
                }
            }
            Asking::PrintWidth => {
                if let Some(number) = self.last.clone() {
                    let width = if i == 1 { 136 } else { 80 };
                    let msg = note::write_and_print(env, &number, width);
                    env.ok(format!("{number}{msg}"));
                }
            }
        }
    }
}

impl View for ShippingView {
    fn name(&self) -> &'static str {
        "shipping"
    }

    fn context(&self) -> Context {
        Context::Shipping
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if self.unsaved() => ask_discard(
                env,
                "已输入的发货信息尚未发货：F5 发货，再按一次 Esc 放弃。",
                "What is typed has not shipped: F5 ships, Esc again drops it.",
            ),
            Command::Back => Nav::Back,
            Command::Confirm => self.confirm(env),
            Command::NextField => {
                self.move_focus(true);
                Nav::Stay
            }
            Command::PrevField => {
                self.move_focus(false);
                Nav::Stay
            }
            Command::ClearField => {
                if let Some(t) = self.text_of(self.focus) {
                    t.clear();
                }
                Nav::Stay
            }
            Command::ChooseCarrier => self.choose_carrier(env),
            Command::Ship => {
                self.ship(env);
                Nav::Stay
            }
            Command::Print => self.print(env),
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        if self.focus == Slot::Carrier {
            // Typing on the carrier opens the list: the carrier is chosen, not typed.
            if matches!(key.code, crossterm::event::KeyCode::Char(_)) {
                return self.choose_carrier(env);
            }
        }
        let max = match self.focus {
            Slot::Scan | Slot::Tracking => MAX_SCAN.min(40),
            _ => 16,
        };
        let focus = self.focus;
        let typed = match self.text_of(focus) {
            Some(t) => type_into(t, key, max, false),
            None => Typed::Ignored,
        };
        if typed == Typed::Ended {
            return self.confirm(env);
        }
        Nav::Stay
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Some(asking) = self.asking.take() else {
            // The only layer without a question of ours: the discard confirmation.
            return discarded(answer);
        };
        match answer {
            Answer::Picked(i) => self.picked(asking, i, env),
            // A scan typed while the list was open: an order or pick list number.
            Answer::Text(t) if asking != Asking::PrintWidth => self.scanned(&t, env),
            _ => {}
        }
        Reply::Close(Nav::Stay)
    }

    /// Typed and not shipped: a tracking number, cartons, weight, cost, or a line's
    /// quantity changed from what is ready.
    fn unsaved(&self) -> bool {
        self.order.as_ref().is_some_and(|o| {
            o.lines.iter().any(|l| l.qty != l.picked)
                || [&self.tracking, &self.cartons, &self.weight, &self.cost]
                    .iter()
                    .any(|t| !t.trim().is_empty())
        })
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        // What is typed stays; only the carriers are read again.
        match self.read_carriers(env) {
            Ok(()) => true,
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

mod draw;
pub use draw::draw;

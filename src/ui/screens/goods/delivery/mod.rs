//! Delivery (签收): scan a shipment number or its tracking number; F5 records the
//! customer's signature with the date (empty is today; 今天, 12-24 … as everywhere) and
//! the signer. When a line's received quantity is lowered, F5 records a partial receipt
//! and asks for a note. F7 records what went wrong with the whole shipment — refused,
//! damaged, lost — with a note; those goods wait, visibly, for the after-sales work.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{note, qty};
use crate::domain::field::FieldId;
use crate::domain::goods::ShipmentStatus;
use crate::domain::money::Qty;
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::shipping::{Delivered, ExceptionKind, ShipLineInput, ShipmentView};
use crate::ops::{self, Refusal};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Picker, Prompt, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// Where the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Scan,
    /// The received quantity of a line.
    Line(usize),
    Date,
    Signer,
}

/// One order line of the shipment: what was shipped (over its lots) and what the
/// customer received, as typed (the shipped quantity unless changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub line_no: i64,
    pub product: String,
    pub unit: String,
    pub shipped: i64,
    pub received: String,
}

/// What an open layer answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asking {
    /// Which exception happened.
    Kind,
    /// The note of an exception of the whole shipment.
    Note(ExceptionKind),
    /// The note of a partial receipt.
    PartialNote,
}

/// The exceptions offered by F7, in the order of the list.
const KINDS: [Option<ExceptionKind>; 4] = [
    Some(ExceptionKind::Refused),
    Some(ExceptionKind::Damaged),
    Some(ExceptionKind::Lost),
    // Partly received: the quantities are typed on the lines.
    None,
];

/// The delivery screen's state.
#[derive(Debug, Clone)]
pub struct DeliveryView {
    pub scan: String,
    pub shipment: Option<Box<ShipmentView>>,
    pub lines: Vec<ReceiptLine>,
    pub date: String,
    pub signer: String,
    pub focus: Slot,
    /// The last shipment settled here and how.
    pub done: Option<Delivered>,
    asking: Option<Asking>,
}

/// The delivery screen, on this shipment (number or tracking number) if given.
pub fn open(env: &mut Env, scan: Option<&str>) -> Box<dyn View> {
    let mut view = DeliveryView {
        scan: String::new(),
        shipment: None,
        lines: Vec::new(),
        date: String::new(),
        signer: String::new(),
        focus: Slot::Scan,
        done: None,
        asking: None,
    };
    if let Some(s) = scan {
        view.load(s, env);
    }
    Box::new(view)
}

fn kind_label(kind: Option<ExceptionKind>, lang: Lang) -> &'static str {
    match kind {
        Some(ExceptionKind::Refused) => ShipmentStatus::Refused.label(lang),
        Some(ExceptionKind::Damaged) => ShipmentStatus::Damaged.label(lang),
        Some(ExceptionKind::Lost) => ShipmentStatus::Lost.label(lang),
        None => ShipmentStatus::PartlyReceived.label(lang),
    }
}

impl DeliveryView {
    fn slots(&self) -> Vec<Slot> {
        let mut v = vec![Slot::Scan];
        if self.shipment.is_some() {
            v.extend((0..self.lines.len()).map(Slot::Line));
            v.extend([Slot::Date, Slot::Signer]);
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
            Slot::Line(i) => self.lines.get_mut(i).map(|l| &mut l.received),
            Slot::Date => Some(&mut self.date),
            Slot::Signer => Some(&mut self.signer),
        }
    }

    /// Reads the shipment scanned (its number or tracking number).
    fn load(&mut self, scan: &str, env: &mut Env) {
        let code = crate::domain::text::to_half_width(scan.trim()).to_uppercase();
        if code.is_empty() {
            return;
        }
        let view = match ops::shipping::shipment(env.db, &code) {
            Ok(v) => v,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let mut lines: Vec<ReceiptLine> = Vec::new();
        for l in &view.lines {
            match lines.iter_mut().find(|r| r.line_no == l.line_no) {
                Some(r) => r.shipped += l.qty,
                None => lines.push(ReceiptLine {
                    line_no: l.line_no,
                    product: format!("{} {}", l.sku, l.name),
                    unit: l.unit.clone(),
                    shipped: l.qty,
                    received: String::new(),
                }),
            }
        }
        for r in &mut lines {
            r.received = qty(r.shipped);
        }
        if view.head.status == ShipmentStatus::InTransit {
            env.clear();
            self.focus = Slot::Signer;
        } else {
            // Settled before: say so now, not only when F5 is pressed.
            env.error(&Refusal::ShipmentSettled {
                number: view.head.number.clone(),
                status: view.head.status,
            });
            self.focus = Slot::Scan;
        }
        self.lines = lines;
        self.shipment = Some(Box::new(view));
        self.scan.clear();
        self.date.clear();
        self.signer.clear();
    }

    fn confirm(&mut self, env: &mut Env) -> Nav {
        match self.focus {
            Slot::Scan => {
                let text = std::mem::take(&mut self.scan);
                self.load(&text, env);
            }
            Slot::Signer => {
                // A scanner used on the next parcel types its number here: a signer
                // that names a shipment is that scan, not a name.
                let typed = self.signer.trim().to_string();
                if !typed.is_empty() && ops::shipping::shipment(env.db, &typed).is_ok() {
                    self.load(&typed, env);
                } else {
                    env.say(
                        "填好了：按 F5 签收，或 F7 记录异常。",
                        "All set: F5 records the signature, F7 an exception.",
                        false,
                    );
                }
            }
            _ => self.move_focus(true),
        }
        Nav::Stay
    }

    fn number(&self) -> Option<String> {
        self.shipment.as_ref().map(|s| s.head.number.clone())
    }

    /// The lines whose received quantity was changed from what was shipped.
    /// A quantity that does not read counts as changed, so that F5 names it.
    fn short_lines(&self) -> Vec<ShipLineInput> {
        self.lines
            .iter()
            .filter(|l| Qty::parse(&l.received).map(|q| q.to_db()) != Ok(l.shipped))
            .map(|l| ShipLineInput {
                line_no: l.line_no,
                qty: if l.received.trim().is_empty() {
                    "0".into()
                } else {
                    l.received.clone()
                },
            })
            .collect()
    }

    /// F5: signed in full, or in part when a line received less (a note is asked).
    fn deliver(&mut self, env: &mut Env) -> Nav {
        let Some(number) = self.number() else {
            env.say(
                "请先扫描发货单号或运单号。",
                "Scan a shipment or tracking number first.",
                true,
            );
            return Nav::Stay;
        };
        let short = self.short_lines();
        if !short.is_empty() {
            // The quantities are checked before the note is asked for.
            for l in &short {
                if let Err(e) = Qty::parse(&l.qty) {
                    self.focus = self
                        .lines
                        .iter()
                        .position(|r| r.line_no == l.line_no)
                        .map_or(self.focus, Slot::Line);
                    env.error(&ops::Error::Field {
                        field: FieldId::Qty,
                        problem: ops::FieldProblem::Number(e),
                    });
                    return Nav::Stay;
                }
            }
            self.asking = Some(Asking::PartialNote);
            return Nav::Open(Box::new(Prompt::new(
                env.lang
                    .pick(
                        "部分签收：少收的原因",
                        "Partly received: what happened to the rest",
                    )
                    .to_string(),
            )));
        }
        let done = ops::shipping::deliver(env.db, env.actor, &number, &self.signer, &self.date);
        self.settled(done, env);
        Nav::Stay
    }

    /// After an op: the message, and the screen ready for the next scan; or the
    /// refusal with the cursor on the field it names.
    fn settled(&mut self, done: Result<Delivered, ops::Error>, env: &mut Env) -> bool {
        match done {
            Ok(d) => {
                let mut msg = crate::bi!(
                    env.lang,
                    "{}：{}。",
                    "{}: {}.",
                    d.number,
                    d.status.label(env.lang)
                );
                if d.order_closed {
                    msg += env.lang.pick(
                        "订单已全部签收，已完成。",
                        " The order is delivered in full and closed.",
                    );
                } else if d.status.is_exception() {
                    msg += env.lang.pick(
                        "未签收的货等待售后处理。",
                        " What was not received waits for after-sales.",
                    );
                }
                env.ok(msg);
                self.done = Some(d);
                self.shipment = None;
                self.lines.clear();
                self.date.clear();
                self.signer.clear();
                self.focus = Slot::Scan;
                true
            }
            Err(e) => {
                let slot = match &e {
                    ops::Error::Field {
                        field: FieldId::Signer,
                        ..
                    } => Some(Slot::Signer),
                    ops::Error::Field {
                        field: FieldId::DeliveryDate,
                        ..
                    } => Some(Slot::Date),
                    _ => match e.refusal() {
                        Some(Refusal::ReceivedMoreThanShipped { line, .. }) => self
                            .lines
                            .iter()
                            .position(|l| l.line_no == *line)
                            .map(Slot::Line),
                        _ => None,
                    },
                };
                if let Some(s) = slot {
                    self.focus = s;
                }
                env.error(&e);
                false
            }
        }
    }

    fn exception(&mut self, env: &mut Env) -> Nav {
        if self.shipment.is_none() {
            env.say(
                "请先扫描发货单号或运单号。",
                "Scan a shipment or tracking number first.",
                true,
            );
            return Nav::Stay;
        }
        self.asking = Some(Asking::Kind);
        let items = KINDS
            .iter()
            .map(|k| kind_label(*k, env.lang).to_string())
            .collect();
        Nav::Open(Box::new(Picker::new(
            ("发生了什么", "What happened"),
            items,
            note::popup_area,
        )))
    }

    fn noted(&mut self, asking: Asking, text: &str, env: &mut Env) -> Reply<Nav> {
        let Some(number) = self.number() else {
            return Reply::Close(Nav::Stay);
        };
        let done = match asking {
            Asking::Note(kind) => {
                ops::shipping::record_exception(env.db, env.actor, &number, kind, text)
            }
            Asking::PartialNote => ops::shipping::record_partial(
                env.db,
                env.actor,
                &number,
                &self.short_lines(),
                &self.signer,
                &self.date,
                text,
            ),
            Asking::Kind => return Reply::Close(Nav::Stay),
        };
        let note_refused = done.as_ref().err().is_some_and(|e| {
            matches!(
                e,
                ops::Error::Field {
                    field: FieldId::ExceptionNote,
                    ..
                }
            ) || e.is_busy()
        });
        self.settled(done, env);
        if note_refused {
            // The note prompt stays with what was typed.
            self.asking = Some(asking);
            return Reply::Keep;
        }
        Reply::Close(Nav::Stay)
    }
}

impl View for DeliveryView {
    fn name(&self) -> &'static str {
        "delivery"
    }

    fn context(&self) -> Context {
        Context::Delivery
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back if self.unsaved() => ask_discard(
                env,
                "已输入的签收信息尚未保存：F5 签收，再按一次 Esc 放弃。",
                "What is typed is not recorded: F5 records it, Esc again drops it.",
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
            Command::Deliver => self.deliver(env),
            Command::Exception => self.exception(env),
            _ => Nav::Stay,
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let max = match self.focus {
            Slot::Scan => MAX_SCAN.min(40),
            Slot::Signer => 64,
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

    /// A signer or date typed, or a received quantity changed, and not recorded.
    fn unsaved(&self) -> bool {
        self.shipment.is_some()
            && (!self.signer.trim().is_empty()
                || !self.date.trim().is_empty()
                || !self.short_lines().is_empty())
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Some(asking) = self.asking.take() else {
            // The only layer without a question of ours: the discard confirmation.
            return discarded(answer);
        };
        match (asking, answer) {
            (Asking::Kind, Answer::Picked(i)) => match KINDS.get(i).copied().flatten() {
                Some(kind) => {
                    self.asking = Some(Asking::Note(kind));
                    let title = crate::bi!(
                        env.lang,
                        "{}：请写明情况",
                        "{}: say what happened",
                        kind_label(Some(kind), env.lang)
                    );
                    Reply::Close(Nav::Open(Box::new(Prompt::new(title))))
                }
                None => {
                    self.focus = if self.lines.is_empty() {
                        Slot::Scan
                    } else {
                        Slot::Line(0)
                    };
                    env.say(
                        "请在各行填写实收数量和签收人，再按 F5。",
                        "Type the quantity received on each line and the signer, then F5.",
                        false,
                    );
                    Reply::Close(Nav::Stay)
                }
            },
            (Asking::Kind, Answer::Text(t)) => {
                // A scan while the list was open: another shipment.
                self.load(&t, env);
                Reply::Close(Nav::Stay)
            }
            (Asking::Note(_) | Asking::PartialNote, Answer::Text(t)) => self.noted(asking, &t, env),
            _ => Reply::Close(Nav::Stay),
        }
    }
}

mod draw;
pub use draw::draw;

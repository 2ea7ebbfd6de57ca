//! A new ticket (登记客诉): the customer (required), the order, shipment and product it
//! concerns where it applies, its type and severity, the owner, a subject and what the
//! customer said. Opened from the menu, a customer's tickets or an order (F11 on the
//! order detail fills in its customer and number). F5 opens it; the ticket's detail
//! takes the form's place. The promised times of the chosen severity are shown.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::ticket::{Severity, Sla, TicketKind};
use crate::i18n::Lang;
use crate::ops::tickets::{self, TicketInput};
use crate::ops::{self};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, Env, Nav, Typed, View};

/// The new ticket's form and the promised times it shows.
pub struct NewTicket {
    pub form: Form,
    slas: Vec<(Severity, Sla)>,
}

fn form(customer: &str, order: &str, owner: &str) -> Form {
    let kinds = TicketKind::ALL
        .iter()
        .map(|k| Choice::new(k.as_str(), k.label(Lang::Zh), k.label(Lang::En)))
        .collect();
    let severities = [
        Severity::Normal,
        Severity::High,
        Severity::Urgent,
        Severity::Low,
    ]
    .iter()
    .map(|s| Choice::new(s.as_str(), s.label(Lang::Zh), s.label(Lang::En)))
    .collect();
    let mut f = Form::new(vec![
        Field::text("customer", "客户编号", "Customer code")
            .value(customer)
            .max(32)
            .hint("必填：客户编号", "Required: the customer's code"),
        Field::text("order", "订单号", "Order no.")
            .value(order)
            .max(20)
            .hint(
                "涉及的订单 SO-…，可留空",
                "The order it concerns, SO-…; may stay empty",
            ),
        Field::text("shipment", "发货单/运单号", "Shipment/tracking")
            .max(40)
            .hint(
                "涉及的发货单 SH-… 或运单号，可留空",
                "The shipment SH-… or tracking number; may stay empty",
            ),
        Field::text("product", "商品", "Product").max(64).hint(
            "扫描条码或输入货号，可留空",
            "Scan a barcode or type the SKU; may stay empty",
        ),
        Field::choice("kind", "类型", "Type", kinds),
        Field::choice("severity", "严重程度", "Severity", severities).hint(
            "←/→ 选择；决定承诺的响应和解决时限",
            "←/→ chooses; it sets the promised times",
        ),
        Field::text("owner", "负责人", "Owner")
            .value(owner)
            .max(32)
            .hint("用户名；留空为自己", "A user name; empty: yourself"),
        Field::text("subject", "主题", "Subject")
            .max(200)
            .hint("必填：一句话说明问题", "Required: the matter in a line"),
        Field::text("note", "客户反映", "Customer said")
            .max(500)
            .hint(
                "客户的原话，记入处理记录",
                "What the customer said; the first log entry",
            ),
    ]);
    // Opened from a customer or an order: what is left to say is the matter.
    if !customer.is_empty() {
        f.focus_on("subject");
    }
    f
}

/// The form, for this customer and this order if given (by id).
pub fn open(
    env: &mut Env,
    customer_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<Box<dyn View>, ops::Error> {
    if !ops::users::allowed(env.db, env.actor, Permission::HandleTickets)? {
        return Err(ops::Error::PermissionDenied {
            permission: Permission::HandleTickets,
        });
    }
    let (mut customer, mut order) = (String::new(), String::new());
    if let Some(id) = order_id {
        let d = ops::orders::order_detail(env.db, id)?;
        customer = d.customer_code;
        order = d.number.unwrap_or_default();
    } else if let Some(id) = customer_id {
        customer = ops::master::customer(env.db, id)?.customer.code;
    }
    Ok(Box::new(NewTicket {
        form: form(&customer, &order, env.actor.username()),
        slas: tickets::ticket_slas(env.db)?,
    }))
}

impl NewTicket {
    fn input(&self) -> TicketInput {
        let get = |k: &str| self.form.get(k).to_string();
        TicketInput {
            customer: get("customer"),
            order: get("order"),
            shipment: get("shipment"),
            product: get("product"),
            kind: TicketKind::parse(&get("kind")).unwrap_or_default(),
            severity: Severity::parse(&get("severity")).unwrap_or_default(),
            owner: get("owner"),
            subject: get("subject"),
            note: get("note"),
        }
    }

    fn save(&mut self, env: &mut Env) -> Nav {
        match tickets::open_ticket(env.db, env.actor, &self.input()) {
            Ok(made) => {
                env.ok(crate::bi!(
                    env.lang,
                    "已登记客诉单 {}：{} 前响应，{} 前解决。",
                    "Ticket {} opened: answer by {}, resolve by {}.",
                    made.number,
                    made.respond_by,
                    made.resolve_by
                ));
                self.form.dirty = false;
                Nav::Replace(Route::Ticket(made.id))
            }
            Err(e) => {
                match &e {
                    ops::Error::NotFound {
                        what: ops::Thing::Order,
                        ..
                    } => self.form.focus_on("order"),
                    ops::Error::NotFound {
                        what: ops::Thing::Shipment,
                        ..
                    } => self.form.focus_on("shipment"),
                    ops::Error::NotFound {
                        what: ops::Thing::Product,
                        ..
                    } => self.form.focus_on("product"),
                    ops::Error::NotFound {
                        what: ops::Thing::User,
                        ..
                    } => self.form.focus_on("owner"),
                    _ => self.form.focus_error(&e),
                }
                env.error(&e);
                Nav::Stay
            }
        }
    }
}

impl View for NewTicket {
    fn name(&self) -> &'static str {
        "new-ticket"
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let want = u16::try_from(self.form.fields.len()).unwrap_or(9) + 3;
        let [top, foot] =
            Layout::vertical([Constraint::Max(want), Constraint::Fill(1)]).areas(area);
        let mut title = lang.pick("登记客诉", "New ticket").to_string();
        if self.form.dirty {
            title.push_str(lang.pick("（未保存，F5 登记）", " (unsaved, F5 opens it)"));
        }
        self.form.draw(f, top, &title, lang, theme);
        let severity = Severity::parse(self.form.get("severity")).unwrap_or_default();
        let mut lines = Vec::new();
        for (s, sla) in &self.slas {
            let text = crate::bi!(
                lang,
                "{}：{} 小时内响应，{} 小时内解决",
                "{}: answer within {} h, resolve within {} h",
                s.label(lang),
                sla.response_hours,
                sla.resolve_hours
            );
            lines.push(Line::from(Span::styled(
                format!(" {text}"),
                if *s == severity {
                    theme.title()
                } else {
                    theme.dim()
                },
            )));
        }
        f.render_widget(Paragraph::new(lines), foot);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => {
                if self.form.dirty {
                    return ask_discard(
                        env,
                        "客诉单尚未登记：F5 登记，再按一次 Esc 放弃。",
                        "The ticket is not opened yet: F5 opens it, Esc again discards it.",
                    );
                }
                Nav::Back
            }
            Command::Save => self.save(env),
            _ => {
                self.form.command(cmd);
                Nav::Stay
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, _env: &mut Env) -> Nav {
        if self.form.key(key) == Typed::Ended {
            self.form.move_focus(true);
        }
        Nav::Stay
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn unsaved(&self) -> bool {
        self.form.dirty
    }
}

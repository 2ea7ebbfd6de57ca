//! One ticket: its customer, order, shipment and product, type and severity, owner,
//! the promised times with the one broken marked, the resolution and the customer's
//! satisfaction, and its log, newest last. F2 logs what was done and F3 a call to the
//! customer (each a prompt), F6 records the resolution, F7 gives it to another owner
//! (a pick list), F8 reopens it, F9 closes it with the customer's satisfaction (a small
//! form: resolution, score 1–5, words). A refused answer keeps its layer open with what
//! was typed. Enter opens the ticket's order.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::text::shown;
use crate::domain::ticket::LogAction;
use crate::i18n::Lang;
use crate::ops::tickets::{self, CloseInput, EntryKind, TicketView};
use crate::ops::{self};
use crate::ui::form::{Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, FormLayer, Picker, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, Env, Nav, View};

/// What the open layer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Note,
    Contact,
    Resolve,
    Reopen,
    Close,
    Assign,
}

/// The ticket detail's state.
pub struct TicketDetail {
    pub id: i64,
    pub view: Option<Box<TicketView>>,
    /// Log entries scrolled back from the newest.
    pub back: usize,
    asking: Option<Ask>,
    /// The owners the assign pick list offered: (user name, display name).
    owners: Vec<(String, String)>,
}

/// The ticket with this id.
pub fn open(id: i64) -> Box<dyn View> {
    Box::new(TicketDetail {
        id,
        view: None,
        back: 0,
        asking: None,
        owners: Vec::new(),
    })
}

fn close_form(resolution: &str) -> Form {
    Form::new(vec![
        Field::text("resolution", "处理结果", "Resolution")
            .value(resolution)
            .max(500)
            .hint("必填：做了什么", "Required: what was done"),
        Field::text("satisfaction", "满意度", "Satisfaction")
            .max(2)
            .hint(
                "1 很不满意 · 2 不满意 · 3 一般 · 4 满意 · 5 很满意",
                "1 very unhappy · 2 unhappy · 3 neutral · 4 happy · 5 very happy",
            ),
        Field::text("words", "客户评价", "Customer's words")
            .max(480)
            .hint(
                "客户的原话，可留空",
                "What the customer said; may stay empty",
            ),
    ])
}

fn value_of(values: &[(&'static str, String)], key: &str) -> String {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

impl TicketDetail {
    fn number(&self) -> String {
        self.view
            .as_ref()
            .map(|v| v.summary.row.number.clone())
            .unwrap_or_default()
    }

    /// Refused at the key, before anything is typed in vain, without the permission.
    fn may(&self, env: &mut Env) -> bool {
        match ops::users::allowed(env.db, env.actor, Permission::HandleTickets) {
            Ok(true) => true,
            Ok(false) => {
                env.error(&ops::Error::PermissionDenied {
                    permission: Permission::HandleTickets,
                });
                false
            }
            Err(e) => {
                env.error(&e);
                false
            }
        }
    }

    fn prompt(&mut self, ask: Ask, lang: Lang) -> Nav {
        let title = match ask {
            Ask::Note => lang.pick("处理记录：做了什么", "Log: what was done"),
            Ask::Contact => lang.pick(
                "联系客户：怎么联系的，客户怎么说",
                "Contacted: how, and what the customer said",
            ),
            Ask::Resolve => lang.pick("处理结果", "Resolution"),
            _ => lang.pick("重新打开的原因", "Why it is reopened"),
        };
        self.asking = Some(ask);
        Nav::Open(Box::new(Prompt::new(title.to_string())))
    }

    /// The text of a prompt: logged, resolved or reopened; a refusal keeps the prompt.
    fn with_text(&mut self, ask: Ask, text: &str, env: &mut Env) -> Reply<Nav> {
        let number = self.number();
        let done = match ask {
            Ask::Note | Ask::Contact => {
                let kind = if ask == Ask::Note {
                    EntryKind::Note
                } else {
                    EntryKind::Contact
                };
                tickets::log_ticket(env.db, env.actor, &number, kind, text).map(|_| ())
            }
            Ask::Resolve => tickets::resolve_ticket(env.db, env.actor, &number, text),
            _ => tickets::reopen_ticket(env.db, env.actor, &number, text),
        };
        match done {
            Ok(()) => {
                env.ok(match ask {
                    Ask::Resolve => crate::bi!(
                        env.lang,
                        "{} 已解决，请向客户确认后按 F9 关闭。",
                        "{} resolved; confirm with the customer, then F9 closes it.",
                        number
                    ),
                    Ask::Reopen => crate::bi!(env.lang, "{} 已重新打开。", "{} reopened.", number),
                    _ => env.lang.pick("已记录。", "Logged.").to_string(),
                });
                self.back = 0;
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.asking = Some(ask);
                Reply::Keep
            }
        }
    }

    fn close_with(&mut self, values: &[(&'static str, String)], env: &mut Env) -> Reply<Nav> {
        let number = self.number();
        let input = CloseInput {
            resolution: value_of(values, "resolution"),
            satisfaction: value_of(values, "satisfaction"),
            words: value_of(values, "words"),
        };
        match tickets::close_ticket(env.db, env.actor, &number, &input) {
            Ok(()) => {
                env.ok(crate::bi!(
                    env.lang,
                    "{} 已关闭，满意度 {}。",
                    "{} closed; satisfaction {}.",
                    number,
                    input.satisfaction.trim()
                ));
                self.reload(env);
                Reply::Close(Nav::Stay)
            }
            Err(e) => {
                env.error(&e);
                self.asking = Some(Ask::Close);
                Reply::Keep
            }
        }
    }

    fn assign_to(&mut self, i: usize, env: &mut Env) -> Reply<Nav> {
        let Some((user, name)) = self.owners.get(i).cloned() else {
            return Reply::Close(Nav::Stay);
        };
        let number = self.number();
        match tickets::assign_ticket(env.db, env.actor, &number, &user) {
            Ok(()) => {
                env.ok(crate::bi!(
                    env.lang,
                    "{} 已转交 {}。",
                    "{} is now {}'s.",
                    number,
                    name
                ));
                self.reload(env);
            }
            Err(e) => env.error(&e),
        }
        Reply::Close(Nav::Stay)
    }
}

/// Where the owners' pick list goes: the middle of the screen.
fn middle(body: Rect, rows: u16) -> Rect {
    let w = body.width.min(40);
    let h = rows.min(body.height);
    Rect::new(
        body.x + (body.width - w) / 2,
        body.y + (body.height - h) / 2,
        w,
        h,
    )
}

impl View for TicketDetail {
    fn name(&self) -> &'static str {
        "ticket"
    }

    fn context(&self) -> Context {
        Context::Ticket
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let Some(v) = &self.view else {
            f.render_widget(Paragraph::new("").block(framed("", theme)), area);
            return;
        };
        let t = &v.summary;
        let r = &t.row;
        let sep = lang.pick("：", ": ");
        let mut title = format!("{} · {}", r.number, r.status.label(lang));
        if let Some(o) = t.overdue {
            title.push_str(&format!(" · {}!", o.label(lang)));
        }
        let mut head = vec![Line::from(format!(
            "{}{sep}{}{}{}{}{}",
            lang.pick("客户", "Customer"),
            shown(&r.customer_name),
            lang.pick("（", " ("),
            r.customer_code,
            lang.pick("）", ")"),
            match (&r.order_no, &r.shipment_no) {
                (Some(o), Some(s)) => format!("  {} {o} · {s}", lang.pick("订单", "order")),
                (Some(o), None) => format!("  {} {o}", lang.pick("订单", "order")),
                _ => String::new(),
            }
        ))];
        let product = match (&r.product_sku, &r.product_name) {
            (Some(sku), Some(name)) => format!("{sku} {}  ", shown(name)),
            _ => String::new(),
        };
        head.push(Line::from(format!(
            "{product}{} · {} · {}{sep}{}",
            r.kind.label(lang),
            r.severity.label(lang),
            lang.pick("负责人", "owner"),
            r.owner_name
        )));
        head.push(Line::from(vec![
            Span::raw(format!("{}{sep}", lang.pick("主题", "Subject"))),
            Span::styled(shown(&r.subject), theme.title()),
        ]));
        let promise_style = if t.overdue.is_some() {
            theme.error()
        } else {
            theme.dim()
        };
        let answered = match &v.responded_local {
            Some(at) => crate::bi!(lang, "（{} 已响应）", " (answered {})", at),
            None => String::new(),
        };
        head.push(Line::from(Span::styled(
            crate::bi!(
                lang,
                "登记 {} {} · 承诺 {} 前响应{}，{} 前解决",
                "Opened {} by {} · answer by {}{}, resolve by {}",
                t.opened_local,
                r.opened_by_name,
                v.respond_by_local,
                answered,
                v.resolve_by_local
            ),
            promise_style,
        )));
        if let Some(res) = &r.resolution {
            let late = if t.resolved_late {
                lang.pick("（超时解决）", " (resolved late)")
            } else {
                ""
            };
            head.push(Line::from(format!(
                "{}{sep}{}{late}",
                lang.pick("处理结果", "Resolution"),
                shown(res)
            )));
        }
        if let Some(s) = t.satisfaction() {
            let words = r
                .customer_words
                .as_deref()
                .map(|w| format!(" · “{}”", shown(w)))
                .unwrap_or_default();
            head.push(Line::from(vec![
                Span::raw(format!("{}{sep}", lang.pick("满意度", "Satisfaction"))),
                Span::styled(
                    format!("{} {}", s.stars(), s.label(lang)),
                    if s.get() <= 2 {
                        theme.warning()
                    } else {
                        theme.ok()
                    },
                ),
                Span::raw(words),
            ]));
        }
        // The lines wrap at the frame's width: the frame holds them all.
        let room = usize::from(area.width.saturating_sub(2)).max(1);
        let rows: usize = head.iter().map(|l| l.width().div_ceil(room).max(1)).sum();
        let head_h = u16::try_from(rows).unwrap_or(6) + 2;
        let [top, body] =
            Layout::vertical([Constraint::Length(head_h), Constraint::Fill(1)]).areas(area);
        f.render_widget(
            Paragraph::new(head)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(framed(&title, theme)),
            top,
        );
        // The log, newest last; PgUp scrolls back.
        let room = usize::from(body.height.saturating_sub(2)).max(1);
        let end = v
            .log
            .len()
            .saturating_sub(self.back.min(v.log.len().saturating_sub(1)));
        let start = end.saturating_sub(room);
        let lines: Vec<Line> = v.log[start..end]
            .iter()
            .map(|l| {
                // A log entry that started the work says so; the other actions name
                // their state themselves.
                let to = l
                    .to_status
                    .filter(|_| matches!(l.action, LogAction::Note | LogAction::Contact))
                    .map(|s| format!(" → {}", s.label(lang)))
                    .unwrap_or_default();
                Line::from(vec![
                    Span::styled(format!("{} {} ", l.at_local, l.actor), theme.dim()),
                    Span::styled(format!("{}{to}", l.action.label(lang)), theme.title()),
                    Span::raw(format!("  {}", shown(&l.note))),
                ])
            })
            .collect();
        let log_title = crate::bi!(lang, "处理记录（{} 条）", "Log ({} entries)", v.log.len());
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(framed(&log_title, theme)),
            body,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let lang = env.lang;
        match cmd {
            Command::Back => Nav::Back,
            Command::PageUp => {
                let n = self.view.as_ref().map_or(0, |v| v.log.len());
                self.back = (self.back + 5).min(n.saturating_sub(1));
                Nav::Stay
            }
            Command::PageDown => {
                self.back = self.back.saturating_sub(5);
                Nav::Stay
            }
            Command::Open => match self.view.as_ref().and_then(|v| v.summary.row.order_id) {
                Some(id) => Nav::Push(Route::Order(id)),
                None => {
                    env.say(
                        "这张客诉单没有关联订单。",
                        "This ticket names no order.",
                        true,
                    );
                    Nav::Stay
                }
            },
            Command::TicketNote if self.may(env) => self.prompt(Ask::Note, lang),
            Command::TicketContact if self.may(env) => self.prompt(Ask::Contact, lang),
            Command::Resolve if self.may(env) => self.prompt(Ask::Resolve, lang),
            Command::Reopen if self.may(env) => self.prompt(Ask::Reopen, lang),
            Command::CloseTicket if self.may(env) => {
                let resolution = self
                    .view
                    .as_ref()
                    .and_then(|v| v.summary.row.resolution.clone())
                    .unwrap_or_default();
                let mut form = close_form(&resolution);
                if !resolution.is_empty() {
                    form.focus_on("satisfaction");
                }
                self.asking = Some(Ask::Close);
                Nav::Open(Box::new(FormLayer::new(
                    "close-ticket",
                    ("关闭客诉单：客户满意度", "Close the ticket: satisfaction"),
                    form,
                )))
            }
            Command::Assign if self.may(env) => match tickets::owners(env.db) {
                Ok(owners) => {
                    let items = owners
                        .iter()
                        .map(|(user, name)| format!("{name} ({user})"))
                        .collect();
                    self.owners = owners;
                    self.asking = Some(Ask::Assign);
                    Nav::Open(Box::new(Picker::new(
                        ("转交给", "Assign to"),
                        items,
                        middle,
                    )))
                }
                Err(e) => {
                    env.error(&e);
                    Nav::Stay
                }
            },
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Some(ask) = self.asking.take() else {
            return Reply::Close(Nav::Stay);
        };
        match (ask, answer) {
            (Ask::Close, Answer::Form(values)) => self.close_with(&values, env),
            (Ask::Assign, Answer::Picked(i)) => self.assign_to(i, env),
            (Ask::Close | Ask::Assign, _) => Reply::Close(Nav::Stay),
            (_, Answer::Text(text)) => self.with_text(ask, &text, env),
            _ => Reply::Close(Nav::Stay),
        }
    }

    /// While something is typed into a layer, the ticket is not read again.
    fn unsaved(&self) -> bool {
        self.asking.is_some()
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        match tickets::ticket_by_id(env.db, self.id) {
            Ok(v) => {
                self.view = Some(Box::new(v));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

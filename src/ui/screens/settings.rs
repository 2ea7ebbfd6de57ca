//! Company settings (公司设置, administrators): the approval thresholds (manager limit,
//! maximum discount), prices with or without tax, the default tax rate, the grace days
//! for overdue invoices, the login lockout, the prefix of automatic customer codes, the
//! bell on scan errors, the walk-in customer (散客) of counter sales, the promised
//! response and resolution hours of tickets by severity, and each user's approval
//! limit. F5 saves
//! everything in one transaction through `ops::setup::update_settings`, which checks
//! every value; a wrong one is named and nothing is saved.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

use crate::domain::access::Permission;
use crate::domain::money::{Money, PriceMode};
use crate::domain::text::truncate_to_width;
use crate::domain::ticket::Severity;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::setup::{
    CompanySettings, LimitInput, SettingsInput, APPROVAL_LIMIT, CUSTOMER_CODE_PREFIX, DEFAULT_TAX,
    GRACE_DAYS, LOCKOUT_FAILURES, LOCKOUT_MINUTES, MANAGER_LIMIT, MAX_DISCOUNT, PRICE_MODE,
    WALK_IN_CUSTOMER,
};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, framed, type_into, Env, Nav, Typed, View};

/// The settings form. Only users who may edit settings get it; everyone else gets the
/// permission message (ops refuses the save in any case).
pub fn open(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    if !ops::users::allowed(env.db, env.actor, Permission::EditSettings)? {
        return Err(ops::Error::PermissionDenied {
            permission: Permission::EditSettings,
        });
    }
    let settings = ops::setup::company_settings(env.db)?;
    Ok(Box::new(SettingsView::new(settings)))
}

/// The company fields in a [`Form`], and below (or beside) them the users' approval
/// limits, edited in place. The focus runs through the form, then down the users.
pub struct SettingsView {
    pub settings: CompanySettings,
    pub form: Form,
    /// The approval limits as typed, one per user of `settings.limits`.
    pub limits: Vec<String>,
    /// The user whose limit has the focus; `None` while a company field has it.
    pub user: Option<usize>,
}

/// Rows the users' limits keep under the form: borders, titles, hint and six users.
const USERS_MIN: u16 = 10;

fn company_form(s: &CompanySettings) -> Form {
    let input = SettingsInput::from_settings(s);
    let modes: Vec<Choice> = PriceMode::ALL
        .iter()
        .map(|m| Choice::new(m.as_str(), &m.label(Lang::Zh), &m.label(Lang::En)))
        .collect();
    let mut fields = vec![
        Field::text("manager_limit", MANAGER_LIMIT.zh, MANAGER_LIMIT.en)
            .value(input.manager_limit)
            .max(20)
            .hint(
                "元；含税金额超过它的订单需高层审批（经理本人额度须覆盖）",
                "yuan; orders above it need a manager whose own limit covers them",
            ),
        Field::text("max_discount", MAX_DISCOUNT.zh, MAX_DISCOUNT.en)
            .value(input.max_discount)
            .max(8)
            .hint(
                "百分比，10 即最多九折；折扣更大的订单需经理审批",
                "percent off, e.g. 10; larger discounts wait for a manager",
            ),
        Field::choice("price_mode", PRICE_MODE.zh, PRICE_MODE.en, modes)
            .value(input.price_mode)
            .hint(
                "新订单采用；已保存的订单保持原来的方式",
                "new orders take it; saved orders keep theirs",
            ),
        Field::text("default_tax", DEFAULT_TAX.zh, DEFAULT_TAX.en)
            .value(input.default_tax)
            .max(8)
            .hint("百分比，例如 13", "percent, e.g. 13"),
        Field::text("grace_days", GRACE_DAYS.zh, GRACE_DAYS.en)
            .value(input.grace_days)
            .max(4)
            .hint(
                "0–365；发票逾期超过它，新订单需财务审批",
                "0–365; invoices overdue longer send new orders to finance",
            ),
        Field::text("lockout_failures", LOCKOUT_FAILURES.zh, LOCKOUT_FAILURES.en)
            .value(input.lockout_failures)
            .max(4)
            .hint(
                "1–100 次连续输错密码后锁定账户",
                "1–100 wrong passwords in a row lock the account",
            ),
        Field::text("lockout_minutes", LOCKOUT_MINUTES.zh, LOCKOUT_MINUTES.en)
            .value(input.lockout_minutes)
            .max(5)
            .hint("1–1440 分钟", "1–1440 minutes"),
        Field::text(
            "customer_code_prefix",
            CUSTOMER_CODE_PREFIX.zh,
            CUSTOMER_CODE_PREFIX.en,
        )
        .value(input.customer_code_prefix)
        .max(8)
        .hint(
            "客户编号留空时自动编号：前缀加五位数字，如 C00001",
            "customer codes left empty are numbered: prefix and five digits, e.g. C00001",
        ),
        Field::choice(
            "error_bell",
            "扫码出错响铃",
            "Bell on scan errors",
            super::master_form::yes_no(),
        )
        .value(if input.error_bell { "yes" } else { "no" })
        .hint(
            "扫码界面出错时终端响一声，不看屏幕也能知道",
            "the terminal beeps on an error at the scan screens, for staff not looking",
        ),
        Field::text("walk_in_customer", WALK_IN_CUSTOMER.zh, WALK_IN_CUSTOMER.en)
            .value(input.walk_in_customer)
            .max(32)
            .hint(
                "门市现款销售不选客户时记到这个客户名下（客户编码）；留空则必须选客户",
                "counter sales without a customer go to this customer (its code); empty: one must be chosen",
            ),
    ];
    fields.extend(input.ticket_slas.iter().map(|(sev, text)| {
        let id = ops::tickets::sla_field(*sev);
        Field::text(sla_key(*sev), id.zh, id.en)
            .value(text.clone())
            .max(12)
            .hint(
                "响应小时/解决小时，如 4/48；新开的客诉单按此承诺",
                "response/resolution hours, e.g. 4/48; new tickets promise these",
            )
    }));
    Form::new(fields)
}

/// The form key of a severity's promised ticket hours.
fn sla_key(s: Severity) -> &'static str {
    match s {
        Severity::Urgent => "sla_urgent",
        Severity::High => "sla_high",
        Severity::Normal => "sla_normal",
        Severity::Low => "sla_low",
    }
}

impl SettingsView {
    pub fn new(settings: CompanySettings) -> SettingsView {
        SettingsView {
            form: company_form(&settings),
            limits: settings.limits.iter().map(|l| l.limit.plain()).collect(),
            settings,
            user: None,
        }
    }

    fn limits_changed(&self) -> bool {
        self.settings
            .limits
            .iter()
            .zip(&self.limits)
            .any(|(l, typed)| l.limit.plain() != *typed)
    }

    fn input(&self) -> SettingsInput {
        SettingsInput {
            manager_limit: self.form.get("manager_limit").to_string(),
            max_discount: self.form.get("max_discount").to_string(),
            price_mode: self.form.get("price_mode").to_string(),
            default_tax: self.form.get("default_tax").to_string(),
            grace_days: self.form.get("grace_days").to_string(),
            lockout_failures: self.form.get("lockout_failures").to_string(),
            lockout_minutes: self.form.get("lockout_minutes").to_string(),
            customer_code_prefix: self.form.get("customer_code_prefix").to_string(),
            error_bell: self.form.get("error_bell") == "yes",
            walk_in_customer: self.form.get("walk_in_customer").trim().to_string(),
            limits: self
                .settings
                .limits
                .iter()
                .zip(&self.limits)
                .map(|(l, typed)| LimitInput {
                    user_id: l.user_id,
                    version: l.version,
                    limit: typed.clone(),
                })
                .collect(),
            ticket_slas: self
                .settings
                .ticket_slas
                .iter()
                .map(|(sev, _)| (*sev, self.form.get(sla_key(*sev)).to_string()))
                .collect(),
        }
    }

    fn focus_user(&mut self, i: usize) {
        self.user = Some(i);
        // No company field shows the focus while a user's limit has it.
        self.form.focus = self.form.fields.len();
    }

    fn move_focus(&mut self, forward: bool) {
        match self.user {
            None => {
                if !self.form.move_focus(forward) && forward && !self.limits.is_empty() {
                    self.focus_user(0);
                }
            }
            Some(i) if forward => {
                if i + 1 < self.limits.len() {
                    self.user = Some(i + 1);
                }
            }
            Some(0) => {
                self.user = None;
                self.form.focus = self.form.fields.len().saturating_sub(1);
            }
            Some(i) => self.user = Some(i - 1),
        }
    }

    fn save(&mut self, env: &mut Env) {
        match ops::setup::update_settings(env.db, env.actor, self.settings.version, &self.input()) {
            Ok(_) => {
                env.say("设置已保存。", "The settings are saved.", false);
                let focus = (self.form.focus, self.user);
                match ops::setup::company_settings(env.db) {
                    Ok(s) => *self = SettingsView::new(s),
                    Err(e) => env.error(&e),
                }
                self.form.focus = focus.0;
                self.user = focus.1.filter(|i| *i < self.limits.len());
            }
            Err(e) => {
                if let ops::Error::Field { field, .. } = &e {
                    if *field == APPROVAL_LIMIT {
                        // The first limit that does not read as an amount.
                        if let Some(i) = self.limits.iter().position(|t| Money::parse(t).is_err()) {
                            self.focus_user(i);
                        }
                    } else {
                        self.user = None;
                        self.form.focus_error(&e);
                    }
                }
                env.error(&e);
            }
        }
    }
}

impl View for SettingsView {
    fn name(&self) -> &'static str {
        "settings"
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let side_by_side = area.width >= 120;
        let [company, users] = if side_by_side {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
        } else {
            // Fields, the hint, the borders, and a row so that the form does not scroll
            // while the focus is on the users below; where that leaves the users fewer
            // than six rows (80×24), the form scrolls to keep its focus in view.
            let want = self.form.fields.len() as u16 + 4;
            let h = want.min(area.height.saturating_sub(USERS_MIN)).max(5);
            Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(area)
        };
        let mut title = lang.pick("公司设置", "Company settings").to_string();
        if self.unsaved() {
            title.push_str(lang.pick("（未保存）", " (unsaved)"));
        }
        self.form.draw(f, company, &title, lang, theme);
        draw_limits(f, users, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            Command::Back => {
                if self.unsaved() {
                    return ask_discard(
                        env,
                        "有未保存的修改：F5 保存，再按一次 Esc 放弃。",
                        "Unsaved changes: F5 saves, Esc again discards them.",
                    );
                }
                Nav::Back
            }
            Command::Save => {
                self.save(env);
                Nav::Stay
            }
            Command::NextField | Command::PrevField => {
                self.move_focus(cmd == Command::NextField);
                Nav::Stay
            }
            Command::ClearField => {
                match self.user.and_then(|i| self.limits.get_mut(i)) {
                    Some(t) => t.clear(),
                    None => {
                        self.form.command(cmd);
                    }
                }
                Nav::Stay
            }
            _ => {
                if self.user.is_none() {
                    self.form.command(cmd);
                }
                Nav::Stay
            }
        }
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn key(&mut self, key: &KeyEvent, _env: &mut Env) -> Nav {
        let typed = match self.user.and_then(|i| self.limits.get_mut(i)) {
            Some(t) => type_into(t, key, 20, false),
            None => self.form.key(key),
        };
        if typed == Typed::Ended {
            self.move_focus(true);
        }
        Nav::Stay
    }

    /// Reads the settings again, unless something is typed and not saved.
    fn reload(&mut self, env: &mut Env) -> bool {
        if self.unsaved() {
            return true;
        }
        match ops::setup::company_settings(env.db) {
            Ok(s) => {
                let focus = (self.form.focus, self.user);
                *self = SettingsView::new(s);
                self.form.focus = focus.0;
                self.user = focus.1.filter(|i| *i < self.limits.len());
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    fn unsaved(&self) -> bool {
        self.form.dirty || self.limits_changed()
    }
}

fn draw_limits(f: &mut Frame, area: Rect, v: &SettingsView, lang: Lang, theme: Theme) {
    let block = framed(
        lang.pick(
            "审批额度（订单含税金额超过额度需经理审批）",
            "Approval limits (orders above wait for a manager)",
        ),
        theme,
    );
    let inner = block.inner(area);
    // The column titles and the hint take a row each.
    let visible = usize::from(inner.height.saturating_sub(2)).max(1);
    let start = crate::ui::view::scroll_start(v.user.unwrap_or(0), visible);
    let name_w = usize::from(inner.width.saturating_sub(2 + 16 + 22 + 2)).max(6);
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(lang.pick("用户", "User")),
        Cell::from(lang.pick("姓名", "Name")),
        Cell::from(lang.pick(APPROVAL_LIMIT.zh, APPROVAL_LIMIT.en)),
    ])
    .style(theme.title());
    let rows = v
        .settings
        .limits
        .iter()
        .zip(&v.limits)
        .enumerate()
        .skip(start)
        .take(visible)
        .map(|(i, (u, typed))| {
            let focused = v.user == Some(i);
            let mut value = typed.clone();
            if focused {
                value.push('▏');
            }
            let value = Cell::from(value);
            Row::new(vec![
                Cell::from(if focused { "▶" } else { "" }),
                Cell::from(u.username.clone()),
                Cell::from(truncate_to_width(&u.display_name, name_w)),
                if focused {
                    value.style(theme.selected())
                } else if u.limit.plain() != *typed {
                    value.style(theme.warning())
                } else {
                    value
                },
            ])
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(2),
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Length(22),
        ],
    )
    .header(header)
    .block(block);
    f.render_widget(table, area);
    if v.user.is_some() && inner.height > 2 {
        let hint = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        f.render_widget(
            Line::from(Span::styled(
                lang.pick(
                    "元；0 表示该用户的每张订单都需经理审批",
                    "yuan; 0 sends every order of the user to a manager",
                ),
                theme.dim(),
            )),
            hint,
        );
    }
}

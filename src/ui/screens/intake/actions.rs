//! The intake screen's keys and actions: choosing the customer, adding scanned products
//! (queued while the database is busy), editing lines, saving and submitting.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

use super::{draw, Focus, IntakeForm, IntakeLine};
use crate::bi;
use crate::domain::money::Qty;
use crate::i18n::Lang;
use crate::ops;
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Picker, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, Env, Nav, PrintJob, View};

/// The notice shown while scans wait for a busy database.
fn scans_waiting(lang: Lang, n: usize) -> String {
    bi!(
        lang,
        "数据库正忙，等待中……已排队 {} 次扫码，不会丢失",
        "The database is busy; waiting… {} scans queued, none will be lost",
        n
    )
}

/// The pick list of the products a typed name matches.
fn pick_list(found: &[crate::ops::intake::LineProduct]) -> Picker {
    let items = found
        .iter()
        .map(|p| format!(" {} {} {} {}", p.sku, p.name, p.spec, p.list_price))
        .collect();
    Picker::new(
        (
            "选择商品（Enter 选定，Esc 取消）",
            "Pick a product (Enter picks, Esc cancels)",
        ),
        items,
        draw::pick_area,
    )
}

impl View for IntakeForm {
    fn name(&self) -> &'static str {
        "intake"
    }

    fn context(&self) -> Context {
        if self.line_edit.is_some() {
            Context::IntakeLine
        } else {
            Context::Intake
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let nav = self.command_inner(cmd, env);
        self.show_back_date(env);
        nav
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        match answer {
            Answer::Picked(i) => {
                let picked = self.picks.get(i).cloned();
                self.picks.clear();
                if let Some(p) = picked {
                    match ops::intake::line_product(env.db, p.id) {
                        Ok(p) => {
                            self.add(IntakeLine::of(&p, Qty::from_int(1)));
                            env.clear();
                        }
                        Err(e) => env.error(&e),
                    }
                }
                // Scans of the same burst waited behind the list.
                self.process_scans(env);
                Reply::Close(Nav::Stay)
            }
            Answer::Text(code) => {
                // A scan arrived while the pick list was open: the list closes and the
                // scan goes in line behind those of its burst that waited for the list.
                self.picks.clear();
                self.pending.push_back(code);
                self.process_scans(env);
                Reply::Close(Nav::Stay)
            }
            Answer::GaveUp => {
                self.picks.clear();
                Reply::Close(Nav::Stay)
            }
            Answer::Yes => {
                env.clear();
                discarded(answer)
            }
            Answer::Form(values) if values.iter().any(|(k, _)| *k == super::counter::TENDERED) => {
                self.counter_sale(&values, env)
            }
            Answer::Form(values) => self.create_customer(&values, env),
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        // After a submit the next customer is typed or scanned at once: the first
        // character starts a new order and goes into its customer field.
        if self.submitted && starts_typing(key) {
            match super::new_order(env) {
                Ok(next) => {
                    *self = next;
                    env.clear();
                }
                Err(e) => {
                    env.error(&e);
                    return Nav::Stay;
                }
            }
        }
        if self.type_key(key) {
            return View::command(self, Command::Confirm, env);
        }
        self.show_back_date(env);
        Nav::Stay
    }

    /// Retries the queued scans (not while the pick list waits for the user).
    fn tick(&mut self, env: &mut Env) -> bool {
        if !self.pending.is_empty() && self.picks.is_empty() {
            self.process_scans(env);
            true
        } else {
            false
        }
    }

    fn unsaved(&self) -> bool {
        IntakeForm::unsaved(self)
    }

    fn scans(&self) -> bool {
        true
    }

    fn pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

impl IntakeForm {
    fn command_inner(&mut self, cmd: Command, env: &mut Env) -> Nav {
        match cmd {
            // The line editor takes its own keys while open.
            Command::Back
            | Command::SaveDraft
            | Command::SubmitOrder
            | Command::Up
            | Command::Down
                if self.line_edit.is_some() =>
            {
                match cmd {
                    Command::Back => self.line_edit = None,
                    Command::Up | Command::Down => {
                        if let Some(e) = &mut self.line_edit {
                            e.move_focus(cmd == Command::Down);
                        }
                    }
                    _ => self.apply_line_edit_in(env),
                }
            }
            Command::Edit if !self.submitted => self.edit_line(),
            Command::CounterSale if self.line_edit.is_none() => {
                if let Some(layer) = self.counter_form(env) {
                    return Nav::Open(Box::new(layer));
                }
            }
            Command::New if !self.submitted && self.line_edit.is_none() => {
                return Nav::Open(Box::new(self.new_customer_form()));
            }
            // Esc never throws away unsaved work without asking: the second Esc does.
            Command::Back if self.unsaved() => {
                return ask_discard(
                    env,
                    "有未保存的修改：F5 保存，再按一次 Esc 放弃。",
                    "Unsaved changes: F5 saves, Esc again discards them.",
                );
            }
            Command::Back => {
                env.clear();
                return Nav::Back;
            }
            // A finished (or untouched) form gives way to the next order; one with
            // unsaved work is kept until it is saved or discarded.
            Command::NewOrder if self.unsaved() => env.say(
                "有未保存的修改：先按 F5 保存或按 Esc 放弃，再开始新订单。",
                "Unsaved changes: save with F5 or discard with Esc before a new order.",
                true,
            ),
            Command::NewOrder => return Nav::Replace(Route::NewOrder),
            Command::Confirm => self.confirm_field(env),
            Command::SaveDraft => {
                self.save_draft(env);
            }
            Command::SubmitOrder => self.submit(env),
            Command::OneLess => self.one_less(),
            Command::RemoveLine => self.remove_selected(),
            Command::NextField | Command::PrevField => {
                // Leaving the customer field chooses the customer typed there.
                let typed = self.focus == Focus::Customer
                    && self.line_edit.is_none()
                    && !self.customer_input.trim().is_empty()
                    && self.customer.as_ref().map(|c| c.0.as_str())
                        != Some(self.customer_input.trim());
                if typed {
                    self.confirm_field(env);
                    if self.focus == Focus::Scan && cmd == Command::NextField {
                        self.focus = Focus::Head;
                        self.head.focus = 0;
                    }
                } else {
                    self.move_focus(cmd == Command::NextField);
                }
            }
            Command::ChoiceNext | Command::ChoicePrev | Command::ClearField => {
                self.field_command(cmd, env.lang)
            }
            Command::Down if self.selected + 1 < self.lines.len() => self.selected += 1,
            Command::Up => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
        Nav::Stay
    }

    /// Shows back the requested date the form understood, once the cursor left it.
    fn show_back_date(&mut self, env: &mut Env) {
        let typing_it = self.focus == Focus::Head && self.head.focus_key() == "requested";
        if typing_it || self.line_edit.is_some() {
            return;
        }
        self.head
            .show_back_date("requested", || ops::today(env.db).ok());
    }

    /// Enter, Tab or LF in the intake form: choose the customer, or add the scanned
    /// product (one unit, or the count of a GS1 label).
    fn confirm_field(&mut self, env: &mut Env) {
        if self.submitted {
            self.scan.clear();
            env.say(
                "订单已提交，不能再改；按 F2 开始新订单。",
                "The order is submitted; press F2 for a new one.",
                true,
            );
            return;
        }
        if self.line_edit.is_some() {
            let last = self
                .line_edit
                .as_ref()
                .is_some_and(|e| e.focus + 1 >= e.fields.len());
            if last {
                self.apply_line_edit_in(env);
            } else if let Some(e) = &mut self.line_edit {
                e.move_focus(true);
            }
            return;
        }
        match self.focus {
            Focus::Head => self.move_focus(true),
            Focus::Customer => self.choose_customer(env),
            Focus::Scan => {
                let code = std::mem::take(&mut self.scan);
                if code.trim().is_empty() {
                    // The LF after a CR, or a stray Enter: nothing to add.
                    return;
                }
                // Scans queue behind any that wait for a busy database, in order, and
                // without waiting again: only `tick` retries, so keys keep flowing.
                let waiting = !self.pending.is_empty();
                self.pending.push_back(code);
                if waiting {
                    let n = self.pending.len();
                    env.warn(scans_waiting(env.lang, n));
                } else {
                    self.process_scans(env);
                }
            }
        }
    }

    /// The order is for this customer (code, name, terms code); the scans come next.
    pub(super) fn take_customer(
        &mut self,
        code: String,
        name: String,
        terms: &crate::domain::terms::PaymentTerms,
        lang: Lang,
    ) {
        let terms = terms.label(lang);
        self.customer_input = code.clone();
        self.customer = Some((code, name, terms));
        self.focus = Focus::Scan;
        self.dirty = true;
    }

    /// Chooses the customer typed in the customer field, by code, name or initials.
    fn choose_customer(&mut self, env: &mut Env) {
        let q = self.customer_input.trim().to_string();
        if q.is_empty() {
            self.focus = Focus::Scan;
            return;
        }
        let found = ops::master::find_customers(env.db, &q, 2).map(|found| {
            let exact = found.iter().position(|c| c.code.eq_ignore_ascii_case(&q));
            match exact {
                Some(i) => vec![found[i].clone()],
                None => found,
            }
        });
        if let Ok(found) = &found {
            if found.len() > 1 {
                env.warn(bi!(
                    env.lang,
                    "“{}”对应多个客户，请输入更多字或客户编码",
                    "Several customers match \"{}\"; type more or the customer code",
                    q
                ));
                return;
            }
        }
        match found {
            Ok(found) => match found.into_iter().next() {
                Some(c) if c.status == crate::domain::customer::CustomerStatus::Blocked => {
                    let reason = c.status_reason.unwrap_or_default();
                    env.warn(bi!(
                        env.lang,
                        "客户 {} 已冻结：{}",
                        "Customer {} is blocked: {}",
                        c.name,
                        reason
                    ));
                }
                Some(c) => {
                    self.take_customer(c.code, c.name, &c.terms, env.lang);
                    self.read_credit(env.db, c.id);
                    env.clear();
                }
                None => env.warn(bi!(
                    env.lang,
                    "找不到客户“{}”：按 F7 新建客户",
                    "No customer \"{}\": F7 creates a new one",
                    q
                )),
            },
            Err(e) => env.error(&e),
        }
    }

    /// Adds the queued scans to the order, oldest first. When the database is busy
    /// (another user holds the lock) the rest stay queued, the screen says so, and
    /// `tick` tries again: no scan is lost or added twice.
    fn process_scans(&mut self, env: &mut Env) {
        while let Some(code) = self.pending.front().cloned() {
            let count = match crate::domain::barcode::classify_scan(&code) {
                crate::domain::barcode::Scan::Gs1(d) => d.count.and_then(|n| i64::try_from(n).ok()),
                _ => None,
            };
            match ops::intake::line_product_by_code(env.db, &code) {
                Ok(Some(p)) => {
                    self.pending.pop_front();
                    let qty = count
                        .and_then(Qty::checked_from_int)
                        .unwrap_or(Qty::from_int(1));
                    self.add(IntakeLine::of(&p, qty));
                    // An error earlier in the same burst stays visible.
                    if !env.showing_error() {
                        env.clear();
                    }
                }
                Ok(None) => {
                    // Not a barcode or SKU: typed words search the names (and pinyin
                    // initials); one match is added, several are offered to pick from.
                    let q = code.trim();
                    let by_name = if q.chars().any(|c| !c.is_ascii_digit()) {
                        ops::intake::line_products_named(env.db, q, 9)
                    } else {
                        Ok(Vec::new())
                    };
                    match by_name {
                        Err(e) if e.is_busy() => {
                            env.warn(scans_waiting(env.lang, self.pending.len()));
                            return;
                        }
                        Ok(found) if found.len() == 1 => {
                            self.pending.pop_front();
                            self.add(IntakeLine::of(&found[0], Qty::from_int(1)));
                        }
                        Ok(found) if !found.is_empty() => {
                            self.pending.pop_front();
                            env.layer = Some(Box::new(pick_list(&found)));
                            self.picks = found;
                            // The rest of a burst waits until a product is picked.
                            return;
                        }
                        _ => {
                            self.pending.pop_front();
                            env.warn(bi!(
                                env.lang,
                                "找不到商品“{}”，本行未改动",
                                "No product \"{}\"; nothing was added",
                                q
                            ));
                        }
                    }
                }
                Err(e) if e.is_busy() => {
                    env.warn(scans_waiting(env.lang, self.pending.len()));
                    return;
                }
                Err(e) => {
                    self.pending.pop_front();
                    env.error(&e);
                }
            }
        }
    }

    pub(super) fn order_input(&self) -> ops::intake::OrderInput {
        use crate::domain::order::{Channel, Urgency};
        let h = &self.head;
        ops::intake::OrderInput {
            customer: self
                .customer
                .as_ref()
                .map(|c| c.0.clone())
                .unwrap_or_else(|| self.customer_input.clone()),
            channel: Channel::parse(h.get("channel")).unwrap_or(Channel::WalkIn),
            channel_ref: String::new(),
            customer_ref: h.get("customer_ref").to_string(),
            requested_date: h.get("requested").to_string(),
            urgency: Urgency::parse(h.get("urgency")).unwrap_or(Urgency::Normal),
            terms: h.get("terms").to_string(),
            special: h.get("special").to_string(),
            lines: self
                .lines
                .iter()
                .map(|l| ops::intake::LineInput {
                    product: l.sku.clone(),
                    qty: l.qty.to_string(),
                    unit_price: l.price.to_string(),
                    discount: if l.discount.is_zero() {
                        String::new()
                    } else {
                        l.discount.as_percent().normalize().to_string()
                    },
                })
                .collect(),
        }
    }

    /// Applies the open line editor, or says what is wrong with it.
    fn apply_line_edit_in(&mut self, env: &mut Env) {
        match self.apply_line_edit() {
            Ok(()) => env.clear(),
            Err(e) => env.error(&e),
        }
    }

    /// Saves the form as a draft (creating or updating it); false when refused.
    fn save_draft(&mut self, env: &mut Env) -> bool {
        if self.submitted {
            return false;
        }
        if !self.pending.is_empty() {
            let n = self.pending.len();
            env.warn(bi!(
                env.lang,
                "还有 {} 次扫码在等待数据库，稍后再保存",
                "{} scans still wait for the database; save in a moment",
                n
            ));
            return false;
        }
        let input = self.order_input();
        let result = match self.saved {
            None => ops::intake::create_draft(env.db, env.actor, &input),
            Some(s) => ops::intake::update_order(env.db, env.actor, s.id, s.version, &input),
        };
        match result {
            Ok(saved) => {
                self.saved = Some(saved);
                self.dirty = false;
                self.head.dirty = false;
                env.say("草稿已保存", "Draft saved", false);
                true
            }
            Err(e) => {
                env.error(&e);
                false
            }
        }
    }

    /// Saves and submits; shows the number and writes (and prints) the confirmation.
    fn submit(&mut self, env: &mut Env) {
        if !self.save_draft(env) {
            return;
        }
        let Some(saved) = self.saved else { return };
        let lang = env.lang;
        match ops::intake::submit_order(env.db, env.actor, saved.id, saved.version) {
            Ok(sub) => {
                self.number = Some(sub.number.clone());
                self.submitted = true;
                self.saved = Some(ops::intake::Saved {
                    id: sub.id,
                    version: sub.version,
                });
                let state = match &sub.outcome {
                    ops::approval::Outcome::Approved { backordered: 0 } => lang
                        .pick("已审核，库存已预留", "approved, stock reserved")
                        .to_string(),
                    ops::approval::Outcome::Approved { .. } => lang
                        .pick("已审核，部分缺货", "approved, partly backordered")
                        .to_string(),
                    ops::approval::Outcome::Waiting(r) => {
                        let reasons: Vec<&str> = r.iter().map(|x| x.label(lang)).collect();
                        bi!(
                            lang,
                            "待审批：{}",
                            "waiting for approval: {}",
                            reasons.join(", ")
                        )
                    }
                };
                let mut msg = bi!(
                    lang,
                    "已提交 {}（{}）",
                    "Submitted {} ({})",
                    sub.number,
                    state
                );
                if let Some(dir) = &env.output.dir {
                    msg += &confirmation(env, dir, &sub.number, sub.id);
                }
                env.ok(msg);
            }
            Err(e) => env.error(&e),
        }
    }
}

/// A printable character, as typed or sent by a scanner (not a control chord).
fn starts_typing(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(c) if !c.is_control())
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Writes the submitted order's confirmation to `dir` and queues it for the printer
/// when one is set; returns what to add to the status message.
fn confirmation(env: &mut Env, dir: &std::path::Path, number: &str, id: i64) -> String {
    use crate::i18n::Localized;
    let lang = env.lang;
    let d = match ops::orders::order_detail(env.db, id) {
        Ok(d) => d,
        Err(e) => return format!("{}{}", lang.pick("；", "; "), e.localized(lang)),
    };
    match crate::print::write_confirmation(dir, &d, lang) {
        Ok((txt, _)) => {
            if let Some(cmd) = env.output.printer.clone() {
                let text = crate::print::confirmation_text(&d, lang, crate::print::FILE_WIDTH);
                env.print_jobs.push(PrintJob {
                    command: cmd,
                    text,
                    number: number.to_string(),
                });
            }
            bi!(lang, "；确认函：{}", "; confirmation: {}", txt.display())
        }
        Err(e) => format!("{}{}", lang.pick("；", "; "), e.localized(lang)),
    }
}

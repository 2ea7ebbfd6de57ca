//! The intake screen's actions: choosing the customer, adding scanned products (queued
//! while the database is busy), saving and submitting.

use super::app::{scans_waiting, App, Screen};
use super::screens::intake;
use crate::bi;
use crate::domain::money::Qty;
use crate::i18n::Localized;
use crate::ops;

impl App {
    /// Enter, Tab or LF in the intake form: choose the customer, or add the scanned
    /// product (one unit, or the count of a GS1 label).
    pub(super) fn confirm_field(&mut self) {
        let Screen::Intake(form) = &mut self.screen else {
            return;
        };
        if form.submitted {
            form.scan.clear();
            self.status = Some((
                self.lang
                    .pick(
                        "订单已提交，不能再改；按 F2 开始新订单。",
                        "The order is submitted; press F2 for a new one.",
                    )
                    .to_string(),
                true,
            ));
            return;
        }
        if form.line_edit.is_some() {
            let last = form
                .line_edit
                .as_ref()
                .is_some_and(|e| e.focus + 1 >= e.fields.len());
            if last {
                self.apply_line_edit();
            } else if let Some(e) = &mut form.line_edit {
                e.move_focus(true);
            }
            return;
        }
        if !form.picks.is_empty() && !form.scan.trim().is_empty() {
            // A scan arrived while the pick list was open: the list closes and the scan
            // goes in line behind those of its burst that waited for the list.
            form.picks.clear();
            let code = std::mem::take(&mut form.scan);
            form.pending.push_back(code);
            self.process_scans();
            return;
        } else if !form.picks.is_empty() {
            let picked = form.picks.get(form.pick).cloned();
            form.picks.clear();
            if let Some(p) = picked {
                match ops::intake::line_product(&self.db, p.id) {
                    Ok(p) => {
                        form.add(intake::IntakeLine::of(&p, Qty::from_int(1)));
                        self.status = None;
                    }
                    Err(e) => self.status = Some((e.localized(self.lang), true)),
                }
            }
            // Scans of the same burst waited behind the list.
            self.process_scans();
            return;
        }
        match form.focus {
            intake::Focus::Head => form.move_focus(true),
            intake::Focus::Customer => {
                let q = form.customer_input.trim().to_string();
                if q.is_empty() {
                    form.focus = intake::Focus::Scan;
                    return;
                }
                let found = ops::master::find_customers(&self.db, &q, 2).map(|found| {
                    let exact = found.iter().position(|c| c.code.eq_ignore_ascii_case(&q));
                    match exact {
                        Some(i) => vec![found[i].clone()],
                        None => found,
                    }
                });
                if let Ok(found) = &found {
                    if found.len() > 1 {
                        self.status = Some((
                            bi!(
                                self.lang,
                                "“{}”对应多个客户，请输入更多字或客户编码",
                                "Several customers match \"{}\"; type more or the customer code",
                                q
                            ),
                            true,
                        ));
                        return;
                    }
                }
                match found {
                    Ok(found) => match found.into_iter().next() {
                        Some(c) if c.status == crate::domain::customer::CustomerStatus::Blocked => {
                            let reason = c.status_reason.unwrap_or_default();
                            self.status = Some((
                                bi!(
                                    self.lang,
                                    "客户 {} 已冻结：{}",
                                    "Customer {} is blocked: {}",
                                    c.name,
                                    reason
                                ),
                                true,
                            ));
                        }
                        Some(c) => {
                            let terms = crate::domain::terms::PaymentTerms::parse_code(&c.terms)
                                .map(|t| t.label(self.lang))
                                .unwrap_or_default();
                            form.customer_input = c.code.clone();
                            form.customer = Some((c.code, c.name, terms));
                            form.focus = intake::Focus::Scan;
                            form.dirty = true;
                            self.status = None;
                        }
                        None => {
                            self.status = Some((
                                bi!(self.lang, "找不到客户“{}”", "No customer \"{}\"", q),
                                true,
                            ))
                        }
                    },
                    Err(e) => self.status = Some((e.localized(self.lang), true)),
                }
            }
            intake::Focus::Scan => {
                let code = std::mem::take(&mut form.scan);
                if code.trim().is_empty() {
                    // The LF after a CR, or a stray Enter: nothing to add.
                    return;
                }
                // Scans queue behind any that wait for a busy database, in order, and
                // without waiting again: only `tick` retries, so keys keep flowing.
                let waiting = !form.pending.is_empty();
                form.pending.push_back(code);
                if waiting {
                    let n = form.pending.len();
                    self.status = Some((scans_waiting(self.lang, n), true));
                } else {
                    self.process_scans();
                }
            }
        }
    }

    /// Adds the queued scans to the order, oldest first. When the database is busy
    /// (another user holds the lock) the rest stay queued, the screen says so, and
    /// `tick` tries again: no scan is lost or added twice.
    fn process_scans(&mut self) {
        let Screen::Intake(form) = &mut self.screen else {
            return;
        };
        while let Some(code) = form.pending.front().cloned() {
            let count = match crate::domain::barcode::classify_scan(&code) {
                crate::domain::barcode::Scan::Gs1(d) => d.count.and_then(|n| i64::try_from(n).ok()),
                _ => None,
            };
            match ops::intake::line_product_by_code(&self.db, &code) {
                Ok(Some(p)) => {
                    form.pending.pop_front();
                    let qty = count
                        .and_then(Qty::checked_from_int)
                        .unwrap_or(Qty::from_int(1));
                    form.add(intake::IntakeLine::of(&p, qty));
                    // An error earlier in the same burst stays visible.
                    if !matches!(self.status, Some((_, true))) {
                        self.status = None;
                    }
                }
                Ok(None) => {
                    // Not a barcode or SKU: typed words search the names (and pinyin
                    // initials); one match is added, several are offered to pick from.
                    let q = code.trim();
                    let by_name = if q.chars().any(|c| !c.is_ascii_digit()) {
                        ops::intake::line_products_named(&self.db, q, 9)
                    } else {
                        Ok(Vec::new())
                    };
                    match by_name {
                        Err(e) if crate::store::Retryable::is_busy(&e) => {
                            self.status =
                                Some((scans_waiting(self.lang, form.pending.len()), true));
                            return;
                        }
                        Ok(found) if found.len() == 1 => {
                            form.pending.pop_front();
                            form.add(intake::IntakeLine::of(&found[0], Qty::from_int(1)));
                        }
                        Ok(found) if !found.is_empty() => {
                            form.pending.pop_front();
                            form.picks = found;
                            form.pick = 0;
                            // The rest of a burst waits until a product is picked.
                            return;
                        }
                        _ => {
                            form.pending.pop_front();
                            self.status = Some((
                                bi!(
                                    self.lang,
                                    "找不到商品“{}”，本行未改动",
                                    "No product \"{}\"; nothing was added",
                                    q
                                ),
                                true,
                            ));
                        }
                    }
                }
                Err(e) if crate::store::Retryable::is_busy(&e) => {
                    self.status = Some((scans_waiting(self.lang, form.pending.len()), true));
                    return;
                }
                Err(e) => {
                    form.pending.pop_front();
                    self.status = Some((e.localized(self.lang), true));
                }
            }
        }
    }

    /// Called when no key came for a moment: retries queued scans and reports
    /// finished print jobs.
    pub fn tick(&mut self) -> bool {
        let printed = self.collect_print_results();
        match &self.screen {
            // Not while the pick list waits for the user.
            Screen::Intake(f) if !f.pending.is_empty() && f.picks.is_empty() => {
                self.process_scans();
                true
            }
            _ => printed,
        }
    }

    /// Whether scans wait for the database or a document for the printer (the loop
    /// then ticks more often).
    pub fn has_pending(&self) -> bool {
        self.printing > 0 || matches!(&self.screen, Screen::Intake(f) if !f.pending.is_empty())
    }

    /// Sends a document to the print command on its own thread: a printer command that
    /// hangs must not freeze the screen. The result arrives through `tick`.
    pub(super) fn print_in_background(&mut self, cmd: String, text: String, number: String) {
        let tx = self.print_tx.clone();
        let lang = self.lang;
        self.printing += 1;
        std::thread::spawn(move || {
            let msg = match crate::print::send_to_printer(&cmd, &text) {
                Ok(()) => (
                    bi!(lang, "{} 已送打印机", "{} was sent to the printer", number),
                    false,
                ),
                Err(e) => (
                    bi!(
                        lang,
                        "{} 打印失败：{}",
                        "{} could not be printed: {}",
                        number,
                        e.localized(lang)
                    ),
                    true,
                ),
            };
            // The screen may be gone (the user quit): nobody waits for the answer then.
            let _ = tx.send(msg);
        });
    }

    /// Shows the outcome of finished print jobs; true when one finished.
    fn collect_print_results(&mut self) -> bool {
        let mut any = false;
        while let Ok(msg) = self.print_rx.try_recv() {
            self.printing = self.printing.saturating_sub(1);
            self.status = Some(msg);
            any = true;
        }
        any
    }

    fn order_input(form: &intake::IntakeForm) -> ops::intake::OrderInput {
        use crate::domain::order::{Channel, Urgency};
        let h = &form.head;
        ops::intake::OrderInput {
            customer: form
                .customer
                .as_ref()
                .map(|c| c.0.clone())
                .unwrap_or_else(|| form.customer_input.clone()),
            channel: Channel::parse(h.get("channel")).unwrap_or(Channel::WalkIn),
            channel_ref: String::new(),
            customer_ref: h.get("customer_ref").to_string(),
            requested_date: h.get("requested").to_string(),
            urgency: Urgency::parse(h.get("urgency")).unwrap_or(Urgency::Normal),
            terms: h.get("terms").to_string(),
            special: h.get("special").to_string(),
            lines: form
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
    pub(super) fn apply_line_edit(&mut self) {
        let Screen::Intake(form) = &mut self.screen else {
            return;
        };
        match form.apply_line_edit() {
            Ok(()) => self.status = None,
            Err(e) => self.status = Some((e.localized(self.lang), true)),
        }
    }

    /// Saves the form as a draft (creating or updating it); false when refused.
    pub(super) fn save_draft(&mut self) -> bool {
        let Some(actor) = self.actor.clone() else {
            return false;
        };
        let Screen::Intake(form) = &mut self.screen else {
            return false;
        };
        if form.submitted {
            return false;
        }
        if !form.pending.is_empty() {
            let n = form.pending.len();
            self.status = Some((
                bi!(
                    self.lang,
                    "还有 {} 次扫码在等待数据库，稍后再保存",
                    "{} scans still wait for the database; save in a moment",
                    n
                ),
                true,
            ));
            return false;
        }
        let input = Self::order_input(form);
        let result = match form.saved {
            None => ops::intake::create_draft(&self.db, &actor, &input),
            Some(s) => ops::intake::update_order(&self.db, &actor, s.id, s.version, &input),
        };
        match result {
            Ok(saved) => {
                form.saved = Some(saved);
                form.dirty = false;
                form.head.dirty = false;
                self.status = Some((
                    self.lang.pick("草稿已保存", "Draft saved").to_string(),
                    false,
                ));
                true
            }
            Err(e) => {
                self.status = Some((e.localized(self.lang), true));
                false
            }
        }
    }

    /// Saves and submits; shows the number and writes (and prints) the confirmation.
    pub(super) fn submit(&mut self) {
        if !self.save_draft() {
            return;
        }
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let Screen::Intake(form) = &mut self.screen else {
            return;
        };
        let Some(saved) = form.saved else { return };
        match ops::intake::submit_order(&self.db, &actor, saved.id, saved.version) {
            Ok(sub) => {
                form.number = Some(sub.number.clone());
                form.submitted = true;
                form.saved = Some(ops::intake::Saved {
                    id: sub.id,
                    version: sub.version,
                });
                let state = match &sub.outcome {
                    ops::approval::Outcome::Approved { backordered: 0 } => self
                        .lang
                        .pick("已审核，库存已预留", "approved, stock reserved")
                        .to_string(),
                    ops::approval::Outcome::Approved { .. } => self
                        .lang
                        .pick("已审核，部分缺货", "approved, partly backordered")
                        .to_string(),
                    ops::approval::Outcome::Waiting(r) => {
                        let reasons: Vec<&str> = r.iter().map(|x| x.label(self.lang)).collect();
                        bi!(
                            self.lang,
                            "待审批：{}",
                            "waiting for approval: {}",
                            reasons.join(", ")
                        )
                    }
                };
                let mut msg = bi!(
                    self.lang,
                    "已提交 {}（{}）",
                    "Submitted {} ({})",
                    sub.number,
                    state
                );
                if let Some(dir) = &self.output.dir {
                    match ops::orders::order_detail(&self.db, sub.id) {
                        Ok(d) => match crate::print::write_confirmation(dir, &d, self.lang) {
                            Ok((txt, _)) => {
                                msg += &bi!(
                                    self.lang,
                                    "；确认函：{}",
                                    "; confirmation: {}",
                                    txt.display()
                                );
                                if let Some(cmd) = self.output.printer.clone() {
                                    let text = crate::print::confirmation_text(
                                        &d,
                                        self.lang,
                                        crate::print::FILE_WIDTH,
                                    );
                                    self.print_in_background(cmd, text, sub.number.clone());
                                }
                            }
                            Err(e) => {
                                msg += &format!(
                                    "{}{}",
                                    self.lang.pick("；", "; "),
                                    e.localized(self.lang)
                                )
                            }
                        },
                        Err(e) => {
                            msg +=
                                &format!("{}{}", self.lang.pick("；", "; "), e.localized(self.lang))
                        }
                    }
                }
                self.status = Some((msg, false));
            }
            Err(e) => self.status = Some((e.localized(self.lang), true)),
        }
    }
}

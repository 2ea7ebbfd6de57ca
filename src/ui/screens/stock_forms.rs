//! The receipt (入库), transfer (移库) and adjustment (库存调整) forms. Each is a
//! [`Form`] over one `ops` call: the product is scanned (a GS1 label also fills the
//! lot, expiry and count), F5 posts, and the form is cleared for the next scan while
//! the bins stay. Beside the form, the product's stock shows where it lies and what
//! this screen has posted.

use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

use super::stock_panel::same_code;
use crate::domain::access::Permission;
use crate::domain::barcode::{classify_scan, Scan};
use crate::domain::field::FieldId;
use crate::i18n::Lang;
use crate::ops::{self, stock::StockDetail, Thing};
use crate::ui::form::{Field, Form};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{ask_discard, discarded, type_into, Env, Nav, Typed, View, MAX_SCAN};

/// Which stock form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Receipt,
    Transfer,
    Adjust,
}

impl Kind {
    fn title(self, lang: Lang) -> &'static str {
        match self {
            Kind::Receipt => lang.pick("入库", "Stock receipt"),
            Kind::Transfer => lang.pick("移库", "Stock transfer"),
            Kind::Adjust => lang.pick("库存调整", "Stock adjustment"),
        }
    }

    fn permission(self) -> Permission {
        match self {
            Kind::Receipt => Permission::ReceiveStock,
            Kind::Transfer | Kind::Adjust => Permission::AdjustStock,
        }
    }

    /// The fields after the product, in the order a scan fills them.
    fn order(self) -> &'static [&'static str] {
        match self {
            Kind::Receipt => &["bin", "lot", "expiry", "qty"],
            Kind::Transfer => &["from_bin", "to_bin", "lot", "qty"],
            Kind::Adjust => &["bin", "lot", "qty", "reason"],
        }
    }

    fn bins(self) -> &'static [&'static str] {
        match self {
            Kind::Transfer => &["from_bin", "to_bin"],
            _ => &["bin"],
        }
    }

    fn fields(self) -> Vec<Field> {
        let product = Field::text("product", "商品", "Product")
            .max(MAX_SCAN)
            .hint(
                "扫描条码或 GS1 标签，或输入货号",
                "Scan a barcode or GS1 label, or type the SKU",
            );
        let bin = |key, zh, en| {
            Field::text(key, zh, en)
                .max(32)
                .hint("扫描或输入库位编码", "Scan or type the bin code")
        };
        let lot = Field::text("lot", "批号", "Lot").max(20).hint(
            "按批次管理的商品必填",
            "Required for products tracked by lot",
        );
        match self {
            Kind::Receipt => vec![
                product,
                bin("bin", "库位", "Bin"),
                lot,
                Field::text("expiry", "有效期", "Expiry date").max(10).hint(
                    "如 2026-12-31、12/31、+30；跟踪有效期的商品必填",
                    "e.g. 2026-12-31, 12/31, +30; for products that track expiry",
                ),
                Field::text("qty", "数量", "Quantity").max(16),
                Field::text("unit_cost", "单位成本", "Unit cost")
                    .max(16)
                    .hint("留空则按当前平均成本", "Empty: at the current average cost"),
                Field::text("note", "备注", "Note").max(200),
                Field::text("request", "请购单", "Purchase request")
                    .max(20)
                    .hint(
                        "到货对应的请购单号 PR-…，可留空",
                        "The purchase request PR-… the goods arrive for; may stay empty",
                    ),
            ],
            Kind::Transfer => vec![
                product,
                bin("from_bin", "移出库位", "From bin"),
                bin("to_bin", "移入库位", "To bin"),
                lot,
                Field::text("qty", "数量", "Quantity").max(16),
                Field::text("note", "备注", "Note").max(200),
            ],
            Kind::Adjust => vec![
                product,
                bin("bin", "库位", "Bin"),
                lot,
                Field::text("qty", "数量", "Quantity")
                    .max(16)
                    .hint("+5 增加，-2 减少", "+5 adds, -2 takes away"),
                Field::text("reason", "原因", "Reason")
                    .max(200)
                    .hint("必填：破损、盘盈、找到…", "Required: damaged, found, …"),
            ],
        }
    }
}

/// A stock form's state.
pub struct StockForm {
    pub kind: Kind,
    pub form: Form,
    /// The product last read, with its stock (it stays shown after a posting).
    pub product: Option<Box<StockDetail>>,
    /// The SKU the product field was filled with when it was read; another value in
    /// the field is read again before anything is posted.
    read_sku: Option<String>,
    /// The bin field holds the product's default bin, not one the user chose.
    bin_is_default: bool,
    /// What this screen has posted, newest first.
    pub done: Vec<String>,
    /// The bins and lots (code, lot) of the product that the last posting changed:
    /// marked in the stock beside the form until another product is scanned.
    pub changed: Vec<(String, String)>,
    /// The characters typed in one run into the focused field, to tell a scan from
    /// typing when the run ends.
    burst: Option<Burst>,
}

/// One run of characters typed into a field: which field, what it held before the run,
/// and the run itself (with the GS separators a GS1 label carries).
struct Burst {
    field: usize,
    before: String,
    text: String,
}

/// The receipt form, for this product if given.
pub fn receipt(env: &mut Env, product_id: Option<i64>) -> Result<Box<dyn View>, ops::Error> {
    open(env, Kind::Receipt, product_id, None)
}

/// The transfer form, for this product and from this bin and lot if given.
pub fn transfer(
    env: &mut Env,
    product_id: Option<i64>,
    from: Option<(String, String)>,
) -> Result<Box<dyn View>, ops::Error> {
    open(env, Kind::Transfer, product_id, from)
}

/// The adjustment form, for this product, bin and lot if given.
pub fn adjust(
    env: &mut Env,
    product_id: Option<i64>,
    at: Option<(String, String)>,
) -> Result<Box<dyn View>, ops::Error> {
    open(env, Kind::Adjust, product_id, at)
}

/// The receipt form for the goods of a purchase request (请购单): its product, what is
/// still to come, and the request the receipt counts against.
pub fn receipt_for_request(env: &mut Env, number: &str) -> Result<Box<dyn View>, ops::Error> {
    let (r, _) = ops::shortage::request(env.db, number)?;
    let mut v = form(env, Kind::Receipt, Some(r.product_id), None)?;
    v.form.set("request", r.number.clone());
    let left = (r.qty - r.qty_received).max(0);
    if left > 0 {
        v.form
            .set("qty", crate::domain::money::Qty::from_db(left).to_string());
    }
    v.focus_next_empty();
    Ok(Box::new(v))
}

fn open(
    env: &mut Env,
    kind: Kind,
    product_id: Option<i64>,
    at: Option<(String, String)>,
) -> Result<Box<dyn View>, ops::Error> {
    Ok(Box::new(form(env, kind, product_id, at)?))
}

fn form(
    env: &mut Env,
    kind: Kind,
    product_id: Option<i64>,
    at: Option<(String, String)>,
) -> Result<StockForm, ops::Error> {
    let mut v = StockForm {
        kind,
        form: Form::new(kind.fields()),
        product: None,
        read_sku: None,
        bin_is_default: false,
        done: Vec::new(),
        changed: Vec::new(),
        burst: None,
    };
    if let Some((bin, lot)) = at {
        v.form.set(kind.bins()[0], bin);
        v.form.set("lot", lot);
    }
    if let Some(id) = product_id {
        let detail = ops::stock::stock_detail(env.db, id)?;
        v.set_product(detail);
        v.focus_next_empty();
    }
    // Ops refuses the write; saying so now spares typing a whole receipt for nothing.
    if let Ok(false) = ops::users::allowed(env.db, env.actor, kind.permission()) {
        env.warn(crate::bi!(
            env.lang,
            "您没有“{}”的权限：可以查看，保存会被拒绝。",
            "You may not {}: you can look, but saving will be refused.",
            kind.permission().label(env.lang)
        ));
    }
    Ok(v)
}

impl StockForm {
    fn editable(&self, key: &str) -> bool {
        self.form
            .fields
            .iter()
            .any(|f| f.key == key && !f.read_only)
    }

    fn set_read_only(&mut self, key: &str, yes: bool) {
        if let Some(f) = self.form.fields.iter_mut().find(|f| f.key == key) {
            f.read_only = yes;
            if yes {
                f.value.clear();
            }
        }
    }

    /// The product field names this product: the lot and expiry fields follow what it
    /// tracks, and a receipt takes its default bin unless the user chose one.
    fn set_product(&mut self, d: StockDetail) {
        if self
            .product
            .as_ref()
            .is_none_or(|p| p.product.id != d.product.id)
        {
            self.changed.clear();
        }
        self.form.set("product", d.product.sku.clone());
        self.read_sku = Some(d.product.sku.clone());
        self.set_read_only("lot", !d.product.tracks_lots);
        self.set_read_only("expiry", !d.product.tracks_expiry);
        if self.kind == Kind::Receipt && (self.form.get("bin").is_empty() || self.bin_is_default) {
            if let Some(bin) = &d.default_bin {
                self.form.set("bin", bin.clone());
                self.bin_is_default = true;
            }
        }
        self.product = Some(Box::new(d));
    }

    /// Whether the product field still names the product read last.
    fn product_current(&self) -> bool {
        self.read_sku.as_deref() == Some(self.form.get("product"))
    }

    /// Reads what the product field names: a barcode, a GS1 label or a SKU. An
    /// unknown code is cleared for the next scan, with a message quoting it.
    fn read_product(&mut self, env: &mut Env) -> bool {
        let raw = self.form.get("product").to_string();
        if raw.trim().is_empty() {
            env.say("请扫描或输入商品。", "Scan or type a product.", true);
            self.form.focus_on("product");
            return false;
        }
        let found = ops::master::product_by_code(env.db, &raw).and_then(|p| {
            p.map(|p| ops::stock::stock_detail(env.db, p.id))
                .transpose()
        });
        let d = match found {
            Ok(Some(d)) => d,
            Ok(None) => {
                env.error(&ops::Error::NotFound {
                    what: Thing::Product,
                    key: raw.trim().to_string(),
                });
                self.form.set("product", "");
                self.form.focus_on("product");
                return false;
            }
            Err(e) => {
                env.error(&e);
                return false;
            }
        };
        let (lots, expires) = (d.product.tracks_lots, d.product.tracks_expiry);
        self.set_product(d);
        // A GS1 label carries the lot, the expiry and the count of the goods it labels.
        if let Scan::Gs1(g) = classify_scan(&raw) {
            if let Some(lot) = g.lot.filter(|_| lots) {
                self.form.set("lot", lot);
            }
            if self.kind == Kind::Receipt {
                if let Some(e) = g.expiry.filter(|_| expires) {
                    self.form.set("expiry", e.to_string());
                }
                if let Some(n) = g.count.filter(|n| *n > 0) {
                    self.form.set("qty", n.to_string());
                }
            }
        }
        true
    }

    /// Moves to the first field a scan leaves to fill.
    fn focus_next_empty(&mut self) {
        let next = self
            .kind
            .order()
            .iter()
            .find(|k| self.editable(k) && self.form.get(k).trim().is_empty());
        self.form.focus_on(next.copied().unwrap_or("qty"));
    }

    /// Moves the focus to the field an error is about.
    fn focus_for(&mut self, e: &ops::Error) {
        let bins = self.kind.bins();
        match e {
            ops::Error::NotFound {
                what: Thing::Product,
                ..
            } => self.form.focus_on("product"),
            ops::Error::NotFound {
                what: Thing::Bin,
                key,
            } => {
                let at = bins
                    .iter()
                    .find(|b| same_code(self.form.get(b), key))
                    .unwrap_or(&bins[0]);
                self.form.focus_on(at);
            }
            ops::Error::NotFound {
                what: Thing::Lot, ..
            } if self.editable("lot") => self.form.focus_on("lot"),
            ops::Error::Field {
                field: FieldId::Reason,
                ..
            } if self.kind == Kind::Receipt => self.form.focus_on("note"),
            ops::Error::Field {
                field: FieldId::Bin,
                ..
            } => self.form.focus_on(bins[0]),
            ops::Error::Field {
                field: FieldId::FromBin,
                ..
            } => self.form.focus_on("from_bin"),
            ops::Error::Field {
                field: FieldId::ToBin,
                ..
            }
            | ops::Error::Refused(ops::Refusal::SameBins) => self.form.focus_on("to_bin"),
            _ => self.form.focus_error(e),
        }
    }

    fn save(&mut self, env: &mut Env) -> Nav {
        if !self.product_current() && !self.read_product(env) {
            return Nav::Stay;
        }
        let f = &self.form;
        let get = |k: &str| f.get(k).to_string();
        let sku = get("product");
        let lang = env.lang;
        let done = match self.kind {
            Kind::Receipt => ops::stock::receive_stock(
                env.db,
                env.actor,
                &ops::stock::ReceiptInput {
                    product: sku.clone(),
                    bin: get("bin"),
                    lot: get("lot"),
                    expiry: get("expiry"),
                    qty: get("qty"),
                    unit_cost: get("unit_cost"),
                    note: get("note"),
                    request: get("request"),
                },
            )
            .map(|d| {
                let mut said = crate::bi!(
                    lang,
                    "入库单 {}：{} +{}，现有 {}，移动平均成本 {}",
                    "Receipt {}: {} +{}, on hand {}, moving average cost {}",
                    d.doc_no,
                    sku,
                    get("qty").trim(),
                    d.on_hand,
                    d.avg_cost
                );
                if let Some(r) = &d.request {
                    said.push_str(&crate::bi!(lang, "，计入请购单 {}", "; counted on {}", r));
                }
                said
            }),
            Kind::Transfer => ops::transfer::transfer_stock(
                env.db,
                env.actor,
                &ops::transfer::TransferInput {
                    product: sku.clone(),
                    from_bin: get("from_bin"),
                    to_bin: get("to_bin"),
                    lot: get("lot"),
                    qty: get("qty"),
                    note: get("note"),
                },
            )
            .map(|d| {
                crate::bi!(
                    lang,
                    "移库单 {}：{} {} {} → {}（余 {}，现有 {}）",
                    "Transfer {}: {} {} {} → {} ({} left, {} there)",
                    d.doc_no,
                    sku,
                    get("qty").trim(),
                    get("from_bin").trim().to_uppercase(),
                    get("to_bin").trim().to_uppercase(),
                    d.from_on_hand,
                    d.to_on_hand
                )
            }),
            Kind::Adjust => ops::stock::adjust_stock(
                env.db,
                env.actor,
                &ops::stock::AdjustInput {
                    product: sku.clone(),
                    bin: get("bin"),
                    lot: get("lot"),
                    qty: get("qty"),
                    reason: get("reason"),
                },
            )
            .map(|d| {
                crate::bi!(
                    lang,
                    "调整单 {}：{} {}，现有 {}",
                    "Adjustment {}: {} {}, on hand {}",
                    d.doc_no,
                    sku,
                    get("qty").trim(),
                    d.on_hand
                )
            }),
        };
        match done {
            Ok(text) => {
                env.ok(text.clone());
                self.done.insert(0, text);
                self.done.truncate(20);
                let lot = self.form.get("lot").trim().to_string();
                self.changed = self
                    .kind
                    .bins()
                    .iter()
                    .map(|b| (self.form.get(b).trim().to_string(), lot.clone()))
                    .collect();
                self.after_post(env);
            }
            Err(e) => {
                env.error(&e);
                self.focus_for(&e);
            }
        }
        Nav::Stay
    }

    /// Clears what belongs to one posting; the bins (and a receipt's note) stay for
    /// the next scan. The product's stock is read again to show the result.
    fn after_post(&mut self, env: &mut Env) {
        let clear: &[&str] = match self.kind {
            Kind::Receipt => &["product", "lot", "expiry", "qty", "unit_cost", "request"],
            Kind::Transfer => &["product", "lot", "qty"],
            Kind::Adjust => &["product", "lot", "qty", "reason"],
        };
        for k in clear {
            self.form.set(k, "");
        }
        self.set_read_only("lot", false);
        self.set_read_only("expiry", false);
        self.read_sku = None;
        self.form.focus_on("product");
        self.form.dirty = false;
        self.refresh_product(env);
    }

    fn refresh_product(&mut self, env: &mut Env) -> bool {
        let Some(id) = self.product.as_ref().map(|d| d.product.id) else {
            return true;
        };
        match ops::stock::stock_detail(env.db, id) {
            Ok(d) => {
                self.product = Some(Box::new(d));
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }

    /// A run of characters that ended in CR, LF or Tab and reads as a scan of a
    /// product (a valid barcode, a GS1 label or a known SKU) names the product, wherever
    /// the cursor was: it replaces the product, and the field it was typed into gets
    /// back what it held. A quantity never takes a barcode. Returns whether the run was
    /// taken as a scan.
    fn take_scan(&mut self, env: &mut Env) -> bool {
        let Some(burst) = self.burst.take() else {
            return false;
        };
        if burst.field != self.form.focus || burst.text.trim().is_empty() {
            return false;
        }
        let key = self.form.focus_key();
        // A run typed into an empty product field is the product already.
        if key == "product" && burst.before.trim().is_empty() {
            return false;
        }
        let is_code = !matches!(classify_scan(&burst.text), Scan::Text(_));
        let found = match ops::master::product_by_code(env.db, &burst.text) {
            Ok(found) => found,
            Err(e) => {
                env.error(&e);
                return false;
            }
        };
        let Some(p) = found else {
            if !is_code {
                return false;
            }
            // A barcode nobody knows: refused, and the field keeps what it held.
            self.form.set(key, burst.before);
            env.error(&ops::Error::NotFound {
                what: Thing::Product,
                key: burst.text.trim().to_string(),
            });
            return true;
        };
        self.form.set(key, burst.before);
        // Another product: what was typed for the one before (its lot, expiry,
        // quantity and cost) does not carry over to it.
        let same =
            self.product.as_ref().is_some_and(|d| d.product.id == p.id) && self.product_current();
        if !same {
            for k in ["lot", "expiry", "qty", "unit_cost"] {
                self.form.set(k, "");
            }
        }
        self.form.set("product", burst.text);
        self.form.dirty = true;
        if self.read_product(env) {
            self.focus_next_empty();
        }
        true
    }

    fn next_field(&mut self, env: &mut Env) {
        if self.take_scan(env) {
            return;
        }
        let on_product = self.form.focus_key() == "product";
        if on_product && !self.form.get("product").trim().is_empty() && !self.product_current() {
            if self.read_product(env) {
                self.focus_next_empty();
            }
        } else {
            let on_expiry = self.form.focus_key() == "expiry";
            self.form.command(Command::NextField);
            if on_expiry {
                // The expiry as understood (`+30`, 12/31) is shown back on leaving it.
                self.form
                    .show_back_date("expiry", || ops::today(env.db).ok());
            }
        }
    }
}

impl StockForm {
    /// Keeps the run of characters typed into the focused field: a printable character
    /// or a GS separator adds to it, any other key but the end of a scan breaks it.
    fn follow_burst(&mut self, key: &KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let ch = match key.code {
            KeyCode::Char('5') | KeyCode::Char(']') if ctrl => Some(crate::domain::barcode::GS),
            KeyCode::Char('j') if ctrl => return,
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => Some(c),
            _ => None,
        };
        let Some(c) = ch else {
            self.burst = None;
            return;
        };
        let focus = self.form.focus;
        if self.burst.as_ref().is_none_or(|b| b.field != focus) {
            self.burst = Some(Burst {
                field: focus,
                before: self.form.get(self.form.focus_key()).to_string(),
                text: String::new(),
            });
        }
        if let Some(b) = self.burst.as_mut() {
            if b.text.chars().count() < MAX_SCAN {
                b.text.push(c);
            }
        }
    }
}

impl View for StockForm {
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Receipt => "stock-receipt",
            Kind::Transfer => "stock-transfer",
            Kind::Adjust => "stock-adjust",
        }
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let fields = u16::try_from(self.form.fields.len()).unwrap_or(8) + 3;
        let (form_area, panel) = if area.width >= 120 {
            // The form needs little width; the stock beside it gets the rest.
            let form_w = (area.width * 45 / 100).min(72);
            let [a, b] =
                Layout::horizontal([Constraint::Length(form_w), Constraint::Fill(1)]).areas(area);
            (
                Rect {
                    height: fields.min(a.height),
                    ..a
                },
                b,
            )
        } else {
            let [a, b] =
                Layout::vertical([Constraint::Length(fields), Constraint::Fill(1)]).areas(area);
            (a, b)
        };
        self.form
            .draw(f, form_area, self.kind.title(lang), lang, theme);
        super::stock_panel::draw(
            f,
            panel,
            self.product.as_deref(),
            &self.done,
            &self.changed,
            lang,
            theme,
        );
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if cmd != Command::NextField {
            self.burst = None;
        }
        match cmd {
            Command::Back if self.unsaved() => ask_discard(
                env,
                "有未保存的输入：F5 保存，再按一次 Esc 放弃。",
                "Unsaved input: F5 posts it, Esc again discards it.",
            ),
            Command::Back => Nav::Back,
            Command::Save => self.save(env),
            Command::NextField => {
                self.next_field(env);
                Nav::Stay
            }

            Command::ClearField => {
                if self.form.focus_key() == "bin" {
                    self.bin_is_default = false;
                }
                self.form.command(cmd);
                Nav::Stay
            }
            _ => {
                self.form.command(cmd);
                Nav::Stay
            }
        }
    }

    fn answer(&mut self, answer: Answer, _env: &mut Env) -> Reply<Nav> {
        discarded(answer)
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        let on_bin = self.form.focus_key() == "bin";
        self.follow_burst(key);
        let typed = match self.form.fields.get_mut(self.form.focus) {
            // The product field keeps the GS separator of a GS1 label.
            Some(f) if f.key == "product" => {
                let t = type_into(&mut f.value, key, MAX_SCAN, true);
                if t == Typed::Changed {
                    self.form.dirty = true;
                }
                t
            }
            _ => self.form.key(key),
        };
        match typed {
            Typed::Ended => self.next_field(env),
            Typed::Changed if on_bin => self.bin_is_default = false,
            _ => {}
        }
        Nav::Stay
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        self.refresh_product(env)
    }

    fn scans(&self) -> bool {
        true
    }

    fn unsaved(&self) -> bool {
        self.form.dirty
            && [
                "product",
                "lot",
                "expiry",
                "qty",
                "unit_cost",
                "reason",
                "note",
            ]
            .iter()
            .any(|k| !self.form.get(k).trim().is_empty())
    }
}

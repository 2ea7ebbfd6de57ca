//! The stock count (盘点): the counter scans a bin, then what lies in it (each scan of
//! a product counts one, a GS1 label its count), with the lot when the product tracks
//! lots; a typed quantity corrects the selected line. F6 shows the differences against
//! the books, including what the books have in the counted bins that was not found,
//! and F9 posts them as one count document.

use crate::domain::barcode::{classify_scan, Scan};
use crate::domain::money::Qty;
use crate::ops::master::Product;
use crate::ops::{self, count::BookLine, count::CountDiff, count::CountLine};
use crate::ui::view::{Env, View};

mod sheet;
mod view;

/// What the input line takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Bin,
    Product,
    /// The lot of the product just scanned.
    Lot,
    /// A quantity for the selected line.
    Qty,
}

/// One counted line: what was found of a product and lot in a bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub bin: String,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub lot: String,
    pub counted: Qty,
    pub unit: String,
    /// May be counted in fractions of its unit; else whole units only.
    pub divisible: bool,
}

/// The differences as last shown: the counted lines against the books, and what the
/// books have in the counted bins that nobody counted.
#[derive(Debug, Clone)]
pub struct Preview {
    pub diffs: Vec<CountDiff>,
    pub uncounted: Vec<BookLine>,
}

/// The count screen's state.
pub struct CountView {
    pub input: Input,
    pub text: String,
    /// The bin being counted.
    pub bin: Option<String>,
    /// Bins counted before the one in hand: scanning one again is refused, so nothing
    /// is counted twice.
    pub done_bins: Vec<String>,
    /// A product waiting for its lot, and how many units the scan counted.
    pub(super) pending: Option<(Product, Qty)>,
    /// The lot last counted of the pending product in this bin: an empty Enter takes it.
    pub lot_hint: Option<String>,
    /// The lot prompt has just opened: the LF a CR+LF scanner sends after the CR that
    /// opened it is not an answer.
    lot_fresh: bool,
    pub lines: Vec<Counted>,
    pub selected: usize,
    /// The differences for the lines as they are; any change drops it.
    pub preview: Option<Preview>,
}

/// The count screen.
pub fn open(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    if let Ok(false) = ops::users::allowed(
        env.db,
        env.actor,
        crate::domain::access::Permission::AdjustStock,
    ) {
        env.say(
            "您没有“库存调整”的权限：可以盘点和查看差异，过账会被拒绝。",
            "You may not adjust stock: you can count and see the differences, but posting will be refused.",
            true,
        );
    }
    Ok(Box::new(CountView::new()))
}

/// The count screen started on a bin (the count a short pick proposes): the counter
/// goes on with the products in it.
pub fn open_at(env: &mut Env, bin: &str) -> Result<Box<dyn View>, ops::Error> {
    let mut view = open(env)?;
    if let Some(count) = view.view_mut::<CountView>() {
        count.scan_bin(bin, env);
    }
    Ok(view)
}

impl Default for CountView {
    fn default() -> Self {
        CountView::new()
    }
}

impl CountView {
    pub fn new() -> CountView {
        CountView {
            input: Input::Bin,
            text: String::new(),
            bin: None,
            done_bins: Vec::new(),
            pending: None,
            lines: Vec::new(),
            selected: 0,
            preview: None,
            lot_hint: None,
            lot_fresh: false,
        }
    }

    fn sheet(&self) -> Vec<CountLine> {
        self.lines
            .iter()
            .map(|l| CountLine {
                bin: l.bin.clone(),
                product: l.sku.clone(),
                lot: l.lot.clone(),
                counted: l.counted.to_string(),
            })
            .collect()
    }

    fn confirm(&mut self, env: &mut Env) {
        let text = std::mem::take(&mut self.text).trim().to_string();
        match self.input {
            Input::Bin | Input::Product if text.is_empty() => {}
            Input::Bin => self.scan_bin(&text, env),
            Input::Product => self.scan_product(&text, env),
            Input::Lot => self.enter_lot(&text, env),
            Input::Qty => self.enter_qty(&text, env),
        }
    }

    fn scan_bin(&mut self, text: &str, env: &mut Env) {
        let bin = match ops::stock::bin(env.db, text) {
            Ok(b) => b.code,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        self.enter_bin(bin, env);
    }

    fn enter_bin(&mut self, bin: String, env: &mut Env) {
        if self.bin.as_deref() == Some(bin.as_str()) {
            self.input = Input::Product;
            return;
        }
        if self.done_bins.contains(&bin) {
            env.warn(crate::bi!(
                env.lang,
                "库位 {} 已经盘点过，不能再盘一次；要更正，请选中它的行输入数量（F3）。未做任何修改。",
                "Bin {} was already counted and cannot be counted again; to correct it, select its line and type the quantity (F3). Nothing was changed.",
                bin
            ));
            return;
        }
        if let Some(old) = self.bin.take() {
            if self.lines.iter().any(|l| l.bin == old) {
                self.done_bins.push(old);
            }
        }
        env.ok(crate::bi!(
            env.lang,
            "正在盘点库位 {}：请扫描商品。",
            "Counting bin {}: scan the products.",
            bin
        ));
        self.bin = Some(bin);
        self.input = Input::Product;
    }

    fn scan_product(&mut self, text: &str, env: &mut Env) {
        let Some(bin) = self.bin.clone() else {
            self.input = Input::Bin;
            return self.scan_bin(text, env);
        };
        let product = match ops::master::product_by_code(env.db, text) {
            Ok(p) => p,
            Err(e) => {
                env.error(&e);
                return;
            }
        };
        let Some(p) = product else {
            // The counter may have moved on to the next bin.
            if let Ok(b) = ops::stock::bin(env.db, text) {
                return self.enter_bin(b.code, env);
            }
            env.warn(crate::bi!(
                env.lang,
                "“{}”不是已知商品或库位的条码，未计数。",
                "\"{}\" is not the code of a known product or bin; nothing was counted.",
                text
            ));
            return;
        };
        if !p.active {
            env.warn(crate::bi!(
                env.lang,
                "{} 已停用，未计数。",
                "{} is inactive; nothing was counted.",
                p.sku
            ));
            return;
        }
        let (lot, units) = match classify_scan(text) {
            Scan::Gs1(g) => (
                g.lot.filter(|_| p.tracks_lots),
                g.count
                    .filter(|n| *n > 0)
                    .and_then(|n| i64::try_from(n).ok())
                    .and_then(Qty::checked_from_int)
                    .unwrap_or(Qty::from_int(1)),
            ),
            _ => (None, Qty::from_int(1)),
        };
        match lot {
            Some(lot) => self.add(bin, &p, lot, units, env),
            None if p.tracks_lots => {
                // The lot last counted of this product in this bin is offered again, as
                // a hint that Enter takes: never typed in, so that the end of the next
                // scan cannot take it unseen.
                self.lot_hint = self
                    .lines
                    .iter()
                    .rev()
                    .find(|l| l.bin == bin && l.product_id == p.id)
                    .map(|l| l.lot.clone());
                self.lot_fresh = true;
                env.ok(crate::bi!(
                    env.lang,
                    "{} 按批次管理：请输入或扫描批号。",
                    "{} is tracked by lot: type or scan the lot.",
                    p.sku
                ));
                self.pending = Some((p, units));
                self.input = Input::Lot;
            }
            None => self.add(bin, &p, String::new(), units, env),
        }
    }

    fn enter_lot(&mut self, text: &str, env: &mut Env) {
        let hint = self.lot_hint.take();
        let text = match hint {
            Some(h) if text.is_empty() => h,
            _ => text.to_string(),
        };
        let text = text.as_str();
        let Some((p, units)) = self.pending.take() else {
            self.input = Input::Product;
            return;
        };
        let lot = match classify_scan(text) {
            Scan::Gs1(g) => g.lot.unwrap_or_default(),
            // A product's barcode where the lot belongs: the counter forgot the lot.
            Scan::Gtin(_) => {
                env.say(
                    "这是商品条码，不是批号：请输入批号。",
                    "That is a product barcode, not a lot: type the lot.",
                    true,
                );
                self.pending = Some((p, units));
                return;
            }
            Scan::Text(_) => text.to_string(),
        };
        if lot.is_empty() || lot.chars().count() > 20 {
            env.say(
                "请输入批号（最多 20 个字符）。",
                "Type the lot (at most 20 characters).",
                true,
            );
            self.pending = Some((p, units));
            return;
        }
        let Some(bin) = self.bin.clone() else {
            self.input = Input::Bin;
            return;
        };
        self.input = Input::Product;
        self.add(bin, &p, lot, units, env);
    }

    fn enter_qty(&mut self, text: &str, env: &mut Env) {
        if text.is_empty() {
            self.input = Input::Product;
            return;
        }
        // A quantity never takes a barcode: a product's barcode or GS1 label scanned
        // here counts that product, as it would in the product input.
        if !matches!(classify_scan(text), Scan::Text(_)) {
            self.input = Input::Product;
            return self.scan_product(text, env);
        }
        let Some(line) = self.lines.get_mut(self.selected) else {
            env.say("没有选中的行。", "No line is selected.", true);
            return;
        };
        let parsed = Qty::parse(text)
            .map_err(ops::FieldProblem::Number)
            .and_then(|q| {
                ops::master::check_whole_units(&line.sku, &line.unit, line.divisible, q)
                    .map(|()| q)
                    .map_err(ops::FieldProblem::Refused)
            });
        match parsed {
            Ok(q) => {
                line.counted = q;
                env.ok(crate::bi!(
                    env.lang,
                    "{} {} {}：实盘 {}",
                    "{} {} {}: counted {}",
                    line.bin,
                    line.sku,
                    line.lot,
                    q
                ));
                self.preview = None;
                self.input = Input::Product;
            }
            Err(problem) => {
                self.text = text.to_string();
                env.error(&ops::Error::Field {
                    field: crate::domain::field::FieldId::CountedQty,
                    problem,
                });
            }
        }
    }

    /// Counts `units` more of a product and lot in a bin.
    fn add(&mut self, bin: String, p: &Product, lot: String, units: Qty, env: &mut Env) {
        let i = match self
            .lines
            .iter()
            .position(|l| l.bin == bin && l.product_id == p.id && l.lot == lot)
        {
            Some(i) => i,
            None => {
                self.lines.push(Counted {
                    bin,
                    product_id: p.id,
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    lot,
                    counted: Qty::ZERO,
                    unit: p.unit.clone(),
                    divisible: p.divisible,
                });
                self.lines.len() - 1
            }
        };
        let Some(line) = self.lines.get_mut(i) else {
            return;
        };
        match line
            .counted
            .checked_add(units)
            .filter(|q| *q <= Qty::MAX_INPUT)
        {
            Some(q) => {
                line.counted = q;
                env.ok(crate::bi!(
                    env.lang,
                    "{} {} {}：{}",
                    "{} {} {}: {}",
                    line.bin,
                    line.sku,
                    line.lot,
                    q
                ));
            }
            None => env.say("数量过大。", "The quantity is too large.", true),
        }
        self.selected = i;
        self.preview = None;
    }

    fn show_differences(&mut self, env: &mut Env) -> bool {
        if self.lines.is_empty() {
            env.say(
                "还没有盘点任何商品：先扫描库位，再扫描商品。",
                "Nothing is counted yet: scan a bin, then the products.",
                true,
            );
            return false;
        }
        let mut bins: Vec<String> = self.lines.iter().map(|l| l.bin.clone()).collect();
        bins.sort();
        bins.dedup();
        let found = ops::count::preview_count(env.db, &self.sheet(), None)
            .and_then(|diffs| ops::count::book_of_bins(env.db, &bins).map(|book| (diffs, book)));
        match found {
            Ok((diffs, book)) => {
                let uncounted: Vec<BookLine> = book
                    .into_iter()
                    .filter(|b| {
                        !self.lines.iter().any(|l| {
                            l.bin == b.bin && l.product_id == b.product_id && l.lot == b.lot
                        })
                    })
                    .collect();
                let differ = diffs.iter().filter(|d| !d.difference.is_zero()).count();
                env.ok(crate::bi!(
                    env.lang,
                    "差异 {} 行；账面有而未盘 {} 行（不改动）。核对后按 F9 过账。",
                    "Differences: {}; on the books but not counted: {} (left alone). F9 posts.",
                    differ,
                    uncounted.len()
                ));
                self.preview = Some(Preview { diffs, uncounted });
                true
            }
            Err(e) => {
                env.error(&e);
                false
            }
        }
    }

    fn post(&mut self, env: &mut Env) {
        if self.preview.is_none() {
            // The differences are shown before anything is posted.
            if self.show_differences(env) {
                env.ok(env
                    .lang
                    .pick(
                        "请先核对差异，再按一次 F9 过账。",
                        "Check the differences, then press F9 again to post them.",
                    )
                    .to_string());
            }
            return;
        }
        match ops::count::post_count(env.db, env.actor, &self.sheet(), None) {
            Ok((doc, diffs)) => {
                let differ = diffs.iter().filter(|d| !d.difference.is_zero()).count();
                env.ok(match doc {
                    Some(no) => crate::bi!(
                        env.lang,
                        "盘点单 {} 已过账：{} 行差异已调整。",
                        "Count {} posted: {} differences adjusted.",
                        no,
                        differ
                    ),
                    None => env
                        .lang
                        .pick(
                            "账实相符，没有差异需要过账。",
                            "The count matches the books: nothing to post.",
                        )
                        .to_string(),
                });
                *self = CountView::new();
            }
            Err(e) => env.error(&e),
        }
    }

    fn remove_selected(&mut self, env: &mut Env) {
        if self.selected >= self.lines.len() {
            return;
        }
        let l = self.lines.remove(self.selected);
        env.ok(crate::bi!(
            env.lang,
            "已删除 {} {} {}",
            "Removed {} {} {}",
            l.bin,
            l.sku,
            l.lot
        ));
        // A bin with no line left may be counted again.
        if !self.lines.iter().any(|x| x.bin == l.bin) {
            self.done_bins.retain(|b| *b != l.bin);
        }
        self.selected = self.selected.min(self.lines.len().saturating_sub(1));
        self.preview = None;
    }

    fn move_input(&mut self, forward: bool) {
        const CYCLE: [Input; 3] = [Input::Bin, Input::Product, Input::Qty];
        self.pending = None;
        let i = CYCLE.iter().position(|x| *x == self.input).unwrap_or(1);
        let n = CYCLE.len();
        self.input = CYCLE[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.text.clear();
    }

    pub(super) fn diff_of(&self, l: &Counted) -> Option<&CountDiff> {
        self.preview
            .as_ref()?
            .diffs
            .iter()
            .find(|d| d.bin == l.bin && d.sku == l.sku && d.lot == l.lot)
    }
}

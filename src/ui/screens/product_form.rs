//! The product form: create or edit one product. F5 saves through `ops::master` with
//! the version read. The whole form is read-only without the product permission, and
//! the prices (list, floor, tax rate) without the price permission; `ops` refuses both
//! anyway. Barcodes are typed or scanned into one field, separated by commas, and each
//! is checked (check digit included) when saving.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::master_form::{
    self, draw_rows, draw_table, foot_lines, yes_no, Col, Editing, InfoTable, Record,
};
use crate::bi;
use crate::domain::access::Permission;
use crate::domain::money::{Qty, UnitPrice};
use crate::i18n::Lang;
use crate::ops::master::{Bin, StockTotals};
use crate::ops::master::{ProductDetail, ProductInput};
use crate::ops::stock::Level;
use crate::ops::{self, Thing};
use crate::ui::form::{Choice, Field, Form};
use crate::ui::theme::Theme;
use crate::ui::view::Env;

/// The fields, in order.
const FIELDS: usize = 13;

fn bin_choices(bins: &[Bin], current: Option<i64>) -> Vec<Choice> {
    let mut out = vec![Choice::new("", "（无）", "(none)")];
    for b in bins.iter().filter(|b| b.active || Some(b.id) == current) {
        let label = if b.name.is_empty() {
            b.code.clone()
        } else {
            format!("{} {}", b.code, b.name)
        };
        out.push(Choice::new(&b.code, &label, &label));
    }
    out
}

/// Whether the product may be divided: for a new product also "as its unit says",
/// the default.
fn divisible_choices(new: bool) -> Vec<Choice> {
    let mut out = Vec::new();
    if new {
        out.push(Choice::new("", "按单位", "By unit"));
    }
    out.extend(yes_no());
    out
}

/// Splits the barcode field: commas (either width), semicolons or spaces.
fn split_barcodes(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c == '，' || c == ';' || c == '；' || c.is_whitespace())
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string)
        .collect()
}

/// The form of one product, new or existing.
pub struct ProductForm {
    /// The title is the SKU and name as saved.
    edit: Editing,
    /// Stock and moving-average cost of a saved product.
    stock: Option<(StockTotals, UnitPrice)>,
    /// Where the product lies: bin and lot, oldest lot first.
    levels: Vec<Level>,
    /// Lot tracking as saved (it can only change while nothing is on hand).
    saved_lots: bool,
    can_price: bool,
}

impl ProductForm {
    /// An empty form for a new product; refused without the product permission.
    pub fn new_product(env: &mut Env) -> Result<ProductForm, ops::Error> {
        if !master_form::allowed(env, Permission::EditProducts)? {
            return Err(ops::Error::PermissionDenied {
                permission: Permission::EditProducts,
            });
        }
        let bins = ops::master::bins(env.db)?;
        Ok(ProductForm::build(
            None,
            &bins,
            true,
            master_form::allowed(env, Permission::EditPrices)?,
        ))
    }

    fn build(
        detail: Option<&ProductDetail>,
        bins: &[Bin],
        can_edit: bool,
        can_price: bool,
    ) -> ProductForm {
        let p = detail.map(|d| &d.product);
        let ro = !can_edit;
        let price_ro = !can_edit || !can_price;
        let flag = |v: bool| if v { "yes" } else { "no" };
        let price = |v: Option<UnitPrice>| match v {
            Some(x) => x.to_string(),
            // A user who may not set prices creates products without them.
            None if !can_price => "0".into(),
            None => String::new(),
        };
        let default_bin = p
            .and_then(|p| p.default_bin_id)
            .and_then(|id| bins.iter().find(|b| b.id == id))
            .map(|b| b.code.clone())
            .unwrap_or_default();
        let fields = vec![
            Field::text("sku", "货号", "SKU")
                .value(p.map(|p| p.sku.clone()).unwrap_or_default())
                .max(32)
                .read_only(ro || p.is_some())
                .hint(
                    "货号：字母、数字和 - _ . /，保存后不能修改",
                    "SKU: letters, digits and - _ . /; fixed once saved",
                ),
            Field::text("name", "商品名称", "Product name")
                .value(p.map(|p| p.name.clone()).unwrap_or_default())
                .max(100)
                .read_only(ro),
            Field::text("spec", "规格", "Specification")
                .value(p.map(|p| p.spec.clone()).unwrap_or_default())
                .max(100)
                .read_only(ro)
                .hint("如 M8×30、5L、304不锈钢", "e.g. M8×30, 5 L, 304 stainless"),
            Field::text("unit", "单位", "Unit")
                .value(p.map(|p| p.unit.clone()).unwrap_or_default())
                .max(8)
                .read_only(ro)
                .hint("如 个、盒、米、千克", "e.g. pcs, box, m, kg"),
            Field::text("barcodes", "条码", "Barcodes")
                .value(detail.map(|d| d.barcodes.join(", ")).unwrap_or_default())
                .max(200)
                .read_only(ro)
                .hint(
                    "扫码或输入 EAN-13/UPC/GTIN，多个用逗号分隔；校验位会被检查",
                    "EAN-13/UPC/GTIN, several separated by commas; check digits are verified",
                ),
            Field::text("list_price", "标准售价", "List price")
                .value(price(p.map(|p| p.list_price)))
                .max(20)
                .read_only(price_ro)
                .hint("元，最多四位小数", "Yuan, up to four decimals"),
            Field::text("floor_price", "最低售价", "Floor price")
                .value(price(p.map(|p| p.floor_price)))
                .max(20)
                .read_only(price_ro)
                .hint(
                    "低于此价的订单需经理审批；空为 0",
                    "Orders below it need a manager; empty is 0",
                ),
            Field::text("tax_rate", "税率", "Tax rate")
                .value(p.map(|p| p.tax_rate.to_string()).unwrap_or_default())
                .max(10)
                .read_only(price_ro)
                .hint(
                    "百分比，如 13；空为公司默认税率",
                    "Percent, e.g. 13; empty takes the company's rate",
                ),
            Field::choice("tracks_lots", "批次管理", "Tracks lots", yes_no())
                .value(flag(p.is_some_and(|p| p.tracks_lots)))
                .read_only(ro)
                .hint(
                    "只能在没有库存时更改",
                    "Can only change while nothing is in stock",
                ),
            Field::choice("tracks_expiry", "有效期管理", "Tracks expiry", yes_no())
                .value(flag(p.is_some_and(|p| p.tracks_expiry)))
                .read_only(ro)
                .hint(
                    "跟踪有效期的商品必须按批次管理",
                    "A product that tracks expiry must track lots",
                ),
            Field::choice(
                "default_bin",
                "默认库位",
                "Default bin",
                bin_choices(bins, p.and_then(|p| p.default_bin_id)),
            )
            .value(default_bin)
            .read_only(ro)
            .hint(
                "←/→ 选择，或输入库位编码的首字母",
                "←/→ to choose, or type the bin code's first letter",
            ),
            Field::choice("active", "在用", "Active", yes_no())
                .value(flag(p.is_none_or(|p| p.active)))
                .read_only(ro)
                .hint(
                    "停用的商品不能再下单",
                    "An inactive product can no longer be ordered",
                ),
            Field::choice(
                "divisible",
                "可拆零",
                "Divisible",
                divisible_choices(p.is_none()),
            )
            .value(p.map(|p| flag(p.divisible)).unwrap_or(""))
            .read_only(ro)
            .hint(
                "能否按小数数量销售和入库：米、千克可以，个、台、盒不可",
                "Whether fractions may be sold and stocked: m, kg may; pcs, sets, boxes may not",
            ),
        ];
        ProductForm {
            edit: Editing::new(
                p.map(|p| p.id),
                p.map(|p| p.version).unwrap_or(0),
                p.map(|p| format!("{} {}", p.sku, p.name))
                    .unwrap_or_default(),
                Form::new(fields),
                can_edit,
            ),
            stock: detail.map(|d| (d.stock, d.product.avg_cost)),
            levels: Vec::new(),
            saved_lots: p.is_some_and(|p| p.tracks_lots),
            can_price,
        }
    }

    fn input(&self) -> ProductInput {
        let yes = |k: &str| self.edit.form.get(k) == "yes";
        ProductInput {
            sku: self.edit.form.get("sku").to_string(),
            name: self.edit.form.get("name").to_string(),
            spec: self.edit.form.get("spec").to_string(),
            unit: self.edit.form.get("unit").to_string(),
            barcodes: split_barcodes(self.edit.form.get("barcodes")),
            list_price: self.edit.form.get("list_price").to_string(),
            floor_price: self.edit.form.get("floor_price").to_string(),
            tax_rate: self.edit.form.get("tax_rate").to_string(),
            tracks_lots: yes("tracks_lots"),
            tracks_expiry: yes("tracks_expiry"),
            default_bin: self.edit.form.get("default_bin").to_string(),
            inactive: !yes("active"),
            divisible: match self.edit.form.get("divisible") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        }
    }

    /// The stock line of a saved product; the cost only for those who set prices.
    fn stock_line(&self, lang: Lang) -> Option<String> {
        let (st, avg_cost) = self.stock?;
        let q = |x: Qty| x.to_string();
        let unit = self.edit.form.get("unit");
        let mut line = bi!(
            lang,
            "库存：现有 {} {} · 预留 {} · 可用 {} · 缺货 {}",
            "Stock: {} {} on hand · reserved {} · available {} · short {}",
            q(st.on_hand),
            unit,
            q(st.reserved),
            q(st.available()),
            q(st.backordered)
        );
        if self.can_price {
            line.push_str(&bi!(lang, " · 平均成本 {}", " · avg cost {}", avg_cost));
        }
        Some(line)
    }
}

impl ProductForm {
    /// Where the stock lies, under the stock line where there is room.
    fn draw_levels(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        if self.levels.is_empty() {
            return;
        }
        let col = |zh, en, width, right| Col {
            zh,
            en,
            width,
            right,
        };
        let cols = [
            col("库位", "Bin", 10, false),
            col("批次", "Lot", 12, false),
            col("入库日期", "Received", 10, false),
            col("有效期至", "Expires", 10, false),
            col("现有", "On hand", 10, true),
        ];
        let rows: Vec<Vec<String>> = self
            .levels
            .iter()
            .map(|l| {
                vec![
                    l.bin_code.clone(),
                    l.lot_no.clone(),
                    l.received_on.to_string(),
                    l.expiry.map(|e| e.to_string()).unwrap_or_default(),
                    l.on_hand.to_string(),
                ]
            })
            .collect();
        let table = InfoTable {
            // The stock line above is the table's title.
            title: None,
            cols: &cols,
            rows,
            capped: false,
        };
        draw_table(f, area, &table, lang, theme);
    }
}

impl Record for ProductForm {
    const NAME: &'static str = "product-form";
    const NOUN: (&'static str, &'static str) = ("商品", "Product");
    const NEW: (&'static str, &'static str) = ("新商品", "New product");
    const READ_ONLY: (&'static str, &'static str) = (
        "只读：您没有维护商品的权限。",
        "Read-only: you may not edit products.",
    );
    const CODE: &'static str = "sku";

    fn read(env: &mut Env, id: i64) -> Result<ProductForm, ops::Error> {
        let detail = ops::master::product(env.db, id)?;
        let bins = ops::master::bins(env.db)?;
        let levels = ops::stock::stock_of(env.db, &detail.product.sku)?.levels;
        let mut form = ProductForm::build(
            Some(&detail),
            &bins,
            master_form::allowed(env, Permission::EditProducts)?,
            master_form::allowed(env, Permission::EditPrices)?,
        );
        form.levels = levels;
        Ok(form)
    }

    fn editing(&self) -> &Editing {
        &self.edit
    }

    fn editing_mut(&mut self) -> &mut Editing {
        &mut self.edit
    }

    fn partly_read_only(&self) -> Option<(&'static str, &'static str)> {
        (!self.can_price).then_some((
            "售价和税率需要修改价格的权限（只读）",
            "Prices and tax rate need the price permission (read-only)",
        ))
    }

    fn write(&self, env: &mut Env) -> Result<i64, ops::Error> {
        let input = self.input();
        match self.edit.id {
            None => ops::master::create_product(env.db, env.actor, &input),
            Some(id) => {
                ops::master::update_product(env.db, env.actor, id, self.edit.version, &input)
                    .map(|()| id)
            }
        }
    }

    fn refused(&mut self, e: &ops::Error, env: &mut Env) {
        let input = self.input();
        let form = &mut self.edit.form;
        match e {
            ops::Error::Duplicate {
                what: Thing::Sku, ..
            } => form.focus_on("sku"),
            ops::Error::Duplicate {
                what: Thing::Barcode,
                ..
            } => form.focus_on("barcodes"),
            ops::Error::NotFound {
                what: Thing::Bin, ..
            } => form.focus_on("default_bin"),
            // The two rules without a field: expiry without lots, and lot tracking
            // changed while stock is on hand.
            ops::Error::Refused(ops::Refusal::ExpiryNeedsLots)
                if input.tracks_expiry && !input.tracks_lots =>
            {
                form.focus_on("tracks_expiry")
            }
            ops::Error::Refused(ops::Refusal::LotTrackingWithStock)
                if input.tracks_lots != self.saved_lots =>
            {
                form.focus_on("tracks_lots")
            }
            _ => form.focus_error(e),
        }
        env.error(e);
    }

    fn draw(&self, f: &mut Frame, inner: Rect, lang: Lang, theme: Theme) {
        let [main, _, stock, levels, foot] = Layout::vertical([
            Constraint::Max(FIELDS as u16),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let idx: Vec<usize> = (0..self.edit.form.fields.len()).collect();
        draw_rows(f, main, &self.edit.form, &idx, lang, theme);
        if let Some(line) = self.stock_line(lang) {
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    crate::domain::text::truncate_to_width(&line, usize::from(stock.width)),
                    theme.dim(),
                ))),
                stock,
            );
            self.draw_levels(f, levels, lang, theme);
        }
        f.render_widget(
            Paragraph::new(foot_lines(&self.edit.form, self.notice(lang), lang, theme)),
            foot,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barcodes_split_on_commas_semicolons_and_spaces() {
        assert_eq!(
            split_barcodes(" 6901234567892，4006381333931; 012345678905 ,,"),
            vec!["6901234567892", "4006381333931", "012345678905"]
        );
        assert!(split_barcodes("  ").is_empty());
    }

    #[test]
    fn without_the_price_permission_prices_are_read_only_and_zero() {
        let f = ProductForm::build(None, &[], true, false);
        let field = |k: &str| f.edit.form.fields.iter().find(|x| x.key == k).cloned();
        for k in ["list_price", "floor_price", "tax_rate"] {
            assert!(field(k).is_some_and(|x| x.read_only), "{k}");
        }
        assert_eq!(f.edit.form.get("list_price"), "0");
        assert!(field("name").is_some_and(|x| !x.read_only));
        let all_ro = ProductForm::build(None, &[], false, true);
        assert!(all_ro.edit.form.fields.iter().all(|x| x.read_only));
    }
}

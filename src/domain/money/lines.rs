//! Line arithmetic: amounts of a line, order totals, moving average cost.

use thiserror::Error;

use super::fixed::{div_round_half_away, round_up_from_floor, BP_FULL};
use super::rates::{Discount, TaxRate};
use super::values::{Money, Qty, UnitPrice};
use crate::i18n::{Lang, Localized};

/// Whether unit prices include VAT (含税价, the default) or exclude it (不含税价).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PriceMode {
    #[default]
    TaxInclusive,
    TaxExclusive,
}

impl PriceMode {
    pub const ALL: [PriceMode; 2] = [PriceMode::TaxInclusive, PriceMode::TaxExclusive];

    /// The setting value: `inclusive` or `exclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceMode::TaxInclusive => "inclusive",
            PriceMode::TaxExclusive => "exclusive",
        }
    }

    pub fn parse(s: &str) -> Option<PriceMode> {
        PriceMode::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            PriceMode::TaxInclusive => lang.pick("含税价", "Prices include tax"),
            PriceMode::TaxExclusive => lang.pick("不含税价", "Prices exclude tax"),
        }
        .to_string()
    }
}

/// The rounded amounts of one line or of a whole document: net (不含税金额), tax (税额)
/// and gross (价税合计), with `gross == net + tax` always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LineAmounts {
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
}

impl LineAmounts {
    pub const ZERO: LineAmounts = LineAmounts {
        net: Money::ZERO,
        tax: Money::ZERO,
        gross: Money::ZERO,
    };

    pub fn checked_add(self, rhs: LineAmounts) -> Option<LineAmounts> {
        Some(LineAmounts {
            net: self.net.checked_add(rhs.net)?,
            tax: self.tax.checked_add(rhs.tax)?,
            gross: self.gross.checked_add(rhs.gross)?,
        })
    }
}

/// Why a line or a total could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("the line amount exceeds 1,000,000,000,000.00")]
    LineTooLarge,
    #[error("the total is too large to compute")]
    TotalTooLarge,
}

impl Localized for AmountError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            AmountError::LineTooLarge => crate::bi!(
                lang,
                "本行金额超过上限 1,000,000,000,000.00，请检查数量和单价。",
                "The line amount exceeds 1,000,000,000,000.00; check the quantity and the price."
            ),
            AmountError::TotalTooLarge => crate::bi!(
                lang,
                "合计金额过大，无法计算，请拆分单据。",
                "The total is too large to compute; split the document."
            ),
        }
    }
}

/// The amounts of one line. The extended amount `qty × price × (1 − discount)` is rounded
/// to 分 once (四舍五入); with tax-inclusive prices it is the gross and
/// `net = round(gross / (1 + rate))`, `tax = gross − net`; with tax-exclusive prices it
/// is the net, `tax = round(net × rate)`, `gross = net + tax`.
///
/// A negative quantity (a return) gives the exact negation of the positive line.
pub fn line_amounts(
    qty: Qty,
    price: UnitPrice,
    discount: Discount,
    rate: TaxRate,
    mode: PriceMode,
) -> Result<LineAmounts, AmountError> {
    let keep = i128::from(BP_FULL - discount.to_bp());
    // thousandths × ten-thousandths × basis points = 10^-11 yuan = 10^-9 分.
    let product = i128::from(qty.to_db())
        .checked_mul(i128::from(price.to_db()))
        .and_then(|p| p.checked_mul(keep))
        .ok_or(AmountError::LineTooLarge)?;
    let extended = div_round_half_away(product, 1_000_000_000);
    if extended.abs() > i128::from(Money::MAX_INPUT.minor()) {
        return Err(AmountError::LineTooLarge);
    }
    let rate = i128::from(rate.to_bp());
    let full = i128::from(BP_FULL);
    // |extended| <= 10^14 and rate <= 10^4: nothing below can overflow i64.
    let (net, tax) = match mode {
        PriceMode::TaxInclusive => {
            let net = div_round_half_away(extended * full, full + rate);
            (net, extended - net)
        }
        PriceMode::TaxExclusive => (extended, div_round_half_away(extended * rate, full)),
    };
    let money = |v: i128| {
        i64::try_from(v)
            .map(Money::from_minor)
            .map_err(|_| AmountError::LineTooLarge)
    };
    Ok(LineAmounts {
        net: money(net)?,
        tax: money(tax)?,
        gross: money(net + tax)?,
    })
}

/// Document totals: the sums of the rounded lines (never recomputed from a total).
pub fn order_totals(
    lines: impl IntoIterator<Item = LineAmounts>,
) -> Result<LineAmounts, AmountError> {
    lines
        .into_iter()
        .try_fold(LineAmounts::ZERO, LineAmounts::checked_add)
        .ok_or(AmountError::TotalTooLarge)
}

/// Moving weighted average cost (移动加权平均) after a receipt of `in_qty` at `in_cost`
/// onto `old_qty` at `old_cost`, rounded half away from zero to four decimals.
///
/// With no stock on hand (`old_qty <= 0`) the receipt's cost is taken; a receipt of
/// nothing (`in_qty <= 0`) leaves the cost unchanged.
pub fn moving_average_cost(
    old_qty: Qty,
    old_cost: UnitPrice,
    in_qty: Qty,
    in_cost: UnitPrice,
) -> UnitPrice {
    if !old_qty.is_positive() {
        return in_cost;
    }
    if !in_qty.is_positive() {
        return old_cost;
    }
    // avg = old_cost + in_qty × (in_cost − old_cost) / (old_qty + in_qty). Every step fits
    // in i128 for any i64 inputs, and the result lies between the two costs.
    let old_c = i128::from(old_cost.to_db());
    let num = i128::from(in_qty.to_db()) * (i128::from(in_cost.to_db()) - old_c);
    let den = i128::from(old_qty.to_db()) + i128::from(in_qty.to_db());
    let base = old_c + num.div_euclid(den);
    let avg = round_up_from_floor(base, num.rem_euclid(den), den);
    i64::try_from(avg).map_or(in_cost, UnitPrice::from_db)
}

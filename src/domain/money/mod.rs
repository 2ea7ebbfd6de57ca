//! Money, unit prices, quantities and percentages (金额、单价、数量、税率、折扣), the one
//! parser every number typed by a user goes through, and the line arithmetic.
//!
//! Each type wraps a [`Decimal`](rust_decimal::Decimal) at a fixed scale and is stored in SQL as an integer
//! (分, ten-thousandths, thousandths, basis points) so that `SUM` is exact. All arithmetic
//! that rounds is done on those integers in `i128`, rounding half away from zero
//! (四舍五入) once per line; totals are sums of rounded lines. No floating point.

mod fixed;
mod lines;
mod parse;
mod rates;
#[cfg(test)]
mod tests;
mod values;

pub use lines::{
    line_amounts, moving_average_cost, order_totals, AmountError, LineAmounts, PriceMode,
};
pub use parse::NumberError;
pub use rates::{Discount, TaxRate};
pub use values::{Money, Qty, UnitPrice};

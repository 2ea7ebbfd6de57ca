//! The fixed-point helpers every money type shares: building a decimal at a scale,
//! reading its integer mantissa back, rounding half away from zero, and formatting.

use rust_decimal::Decimal;

/// 100 % in basis points.
pub(super) const BP_FULL: i64 = 10_000;

/// A decimal with the given integer mantissa and scale, usable in `const` items.
pub(super) const fn fixed(mantissa: i64, scale: u32) -> Decimal {
    let m = mantissa.unsigned_abs();
    Decimal::from_parts(m as u32, (m >> 32) as u32, 0, mantissa < 0, scale)
}

/// The integer mantissa of a value built by [`fixed`]; it always fits in `i64` because
/// every constructor in this module starts from an `i64`.
pub(super) fn mantissa_i64(d: Decimal) -> i64 {
    d.mantissa() as i64
}

/// `num / den` rounded half away from zero (四舍五入); `den` must be positive.
pub(super) fn div_round_half_away(num: i128, den: i128) -> i128 {
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den);
    round_up_from_floor(q, r, den)
}

/// Given `floor + r/den` (with `0 <= r < den`), the value rounded half away from zero.
pub(super) fn round_up_from_floor(floor: i128, r: i128, den: i128) -> i128 {
    let rest = den - r;
    if r > rest || (r == rest && floor >= 0) {
        floor + 1
    } else {
        floor
    }
}

/// Formats `mantissa / 10^scale` with at least `min_frac` decimals (trailing zeros beyond
/// that are dropped), optionally with `,` thousands separators.
pub(super) fn format_fixed(mantissa: i64, scale: u32, min_frac: usize, grouped: bool) -> String {
    let abs = mantissa.unsigned_abs();
    let unit = 10u64.pow(scale);
    let int = (abs / unit).to_string();
    let mut frac = format!("{:0width$}", abs % unit, width = scale as usize);
    while frac.len() > min_frac && frac.ends_with('0') {
        frac.pop();
    }
    let mut out = String::with_capacity(int.len() + frac.len() + 8);
    if mantissa < 0 {
        out.push('-');
    }
    if grouped {
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
    } else {
        out.push_str(&int);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

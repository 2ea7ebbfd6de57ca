//! Product barcodes (商品条码) and what a scanner types: EAN-13, EAN-8, UPC-A and GTIN-14
//! with their GS1 check digit, internal Code-128 codes, and GS1 Application Identifier
//! data (GTIN, lot 批号, expiry 有效期, count) from GS1-128, GS1 DataMatrix, QR and DataBar.
//!
//! Scanners act as keyboards: a scan may end in CR, LF or Tab, may come out as full-width
//! characters when a Chinese input method is in full-width mode, may carry an AIM
//! symbology identifier such as `]C1`, and sends the FNC1 separator as the GS character
//! (`\x1d`). Everything here accepts those forms and never panics on any input.

mod gs1;
mod gtin;
#[cfg(test)]
mod tests;

use gs1::GS1_SYMBOLOGY_IDS;
pub use gs1::{looks_like_gs1, parse_gs1, Gs1Data};
pub use gtin::{
    ean13_with_check, gtin14_to_13, gtin_check_digit, gtin_to_14, validate_product_barcode,
    BarcodeError, GS, MAX_INTERNAL_CODE_LEN,
};
use gtin::{is_ascii_digits, normalise_scan};

/// What a scan is, as far as can be told without the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// A valid EAN-13, EAN-8, UPC-A or GTIN-14 (normalised digits).
    Gtin(String),
    /// GS1 Application Identifier data.
    Gs1(Gs1Data),
    /// Anything else: an order number, SKU, bin code, internal barcode, or a numeric code
    /// that failed its check digit (trimmed, full-width forms made ASCII).
    Text(String),
}

/// Classifies one scan or typed code; never fails. The scanner's trailing CR, LF or Tab
/// is removed, and so is an AIM symbology identifier of a plain symbol (`]E0` for EAN,
/// `]C0` for Code-128…) when the scanner is set to send one. GS1 data that cannot be
/// read, and digit strings with a wrong check digit, come back as [`Scan::Text`] so that
/// the caller can still look them up and report "not found"; call [`parse_gs1`] or
/// [`validate_product_barcode`] for the reason.
pub fn classify_scan(input: &str) -> Scan {
    let input = input.trim_end_matches(['\r', '\n', '\t']);
    if looks_like_gs1(input) {
        if let Ok(data) = parse_gs1(input) {
            return Scan::Gs1(data);
        }
    }
    let text = normalise_scan(input);
    let text = strip_plain_symbology_id(&text);
    match validate_product_barcode(text) {
        Ok(code) if is_ascii_digits(&code) => Scan::Gtin(code),
        _ => Scan::Text(text.to_string()),
    }
}

/// Removes an AIM symbology identifier (`]` + letter + digit or letter) that is not one
/// of the GS1 ones, e.g. `]E0` before an EAN-13.
fn strip_plain_symbology_id(s: &str) -> &str {
    let b = s.as_bytes();
    let is_aim_id =
        b.len() > 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric();
    if is_aim_id && !GS1_SYMBOLOGY_IDS.iter().any(|id| s.starts_with(id)) {
        &s[3..]
    } else {
        s
    }
}

//! Gapless document numbers per type and year (SO-2026-000123, PL-, SH-, INV-, RCV- …),
//! taken inside the writing transaction so that a rolled-back write leaves no gap.

use rusqlite::Connection;

use super::{company_today, Result};
use crate::store;

/// The next number of this document type in the company's current year.
pub(crate) fn next_doc(c: &Connection, doc_type: &str) -> Result<String> {
    let year = chrono::Datelike::year(&company_today(c)?);
    Ok(store::counters::format_number(
        doc_type,
        year,
        store::counters::next(c, doc_type, year)?,
    ))
}

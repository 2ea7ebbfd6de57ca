//! Gapless document numbers per type and year (SO-2026-000123), taken inside the
//! writing transaction so that a rolled-back write gives its number back.

use rusqlite::{params, Connection};

use super::Result;

/// Takes the next number of `doc_type` in `year`.
pub fn next(c: &Connection, doc_type: &str, year: i32) -> Result<i64> {
    Ok(c.prepare_cached(
        "INSERT INTO doc_counters (doc_type, year, last_no) VALUES (?1, ?2, 1) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = last_no + 1 \
         RETURNING last_no",
    )?
    .query_row(params![doc_type, year], |r| r.get(0))?)
}

/// Sets a counter to at least `n` (bulk generation writes numbers itself).
pub fn raise_to(c: &Connection, doc_type: &str, year: i32, n: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO doc_counters (doc_type, year, last_no) VALUES (?1, ?2, ?3) \
         ON CONFLICT (doc_type, year) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
    )?
    .execute(params![doc_type, year, n])?;
    Ok(())
}

/// The document number as printed: `SO-2026-000123`.
pub fn format_number(doc_type: &str, year: i32, n: i64) -> String {
    format!("{doc_type}-{year}-{n:06}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_with_six_digits() {
        assert_eq!(super::format_number("SO", 2026, 123), "SO-2026-000123");
        assert_eq!(
            super::format_number("INV", 2026, 1234567),
            "INV-2026-1234567"
        );
    }
}

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

/// Takes the next automatic customer code: the company's prefix and five digits
/// (C00001), skipping codes someone typed by hand.
pub fn next_customer_code(c: &Connection) -> Result<String> {
    let (prefix, mut n): (String, i64) = c
        .prepare_cached(
            "SELECT customer_code_prefix, customer_code_last FROM company WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut taken = c.prepare_cached("SELECT 1 FROM customers WHERE code = ?1")?;
    let code = loop {
        n += 1;
        let code = format!("{prefix}{n:05}");
        if !taken.exists([&code])? {
            break code;
        }
    };
    c.prepare_cached("UPDATE company SET customer_code_last = ?1 WHERE id = 1")?
        .execute([n])?;
    Ok(code)
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

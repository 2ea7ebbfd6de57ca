//! The CSV file of an export: UTF-8 with a byte-order mark, so that Excel on a Chinese
//! Windows reads the Chinese right; a heading row, then one row per record; numbers
//! without thousands separators and dates as `2026-11-30`, so that Excel reads them as
//! numbers and dates.

use std::fs::File;
use std::io::{BufWriter, Write};

use super::{Ctx, Source};
use crate::domain::table::Cell;
use crate::ops::{Error, Result};
use crate::store::Db;

fn io(e: impl std::fmt::Display) -> Error {
    Error::Io {
        detail: e.to_string(),
    }
}

/// A text as a CSV cell that Excel will not run as a formula (a customer named
/// `=HYPERLINK(…)`): a leading `=`, `@`, or a sign not followed by a digit is kept as
/// text by a leading apostrophe, which Excel does not show.
fn defused(text: &str) -> String {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if risky {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes the source's rows into `file`; returns how many rows were written.
pub(super) fn write(file: &File, db: &Db, source: &dyn Source, cx: &Ctx) -> Result<u64> {
    let mut buf = BufWriter::new(file);
    buf.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut out = csv::Writer::from_writer(buf);
    let columns = source.columns();
    out.write_record(columns.iter().map(|c| c.heading(cx.lang)))
        .map_err(io)?;
    let mut rows = 0u64;
    source.rows(db, cx, &mut |cells| {
        out.write_record(cells.iter().map(|c| match c {
            Cell::Text(t) => defused(t),
            other => other.plain(),
        }))
        .map_err(io)?;
        rows += 1;
        Ok(())
    })?;
    let buf = out.into_inner().map_err(io)?;
    let file = buf.into_inner().map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::defused;

    #[test]
    fn a_text_that_looks_like_a_formula_stays_text() {
        assert_eq!(defused("=1+1"), "'=1+1");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("+cmd|x"), "'+cmd|x");
        assert_eq!(defused("-5"), "-5");
        assert_eq!(defused("华信五金"), "华信五金");
    }
}

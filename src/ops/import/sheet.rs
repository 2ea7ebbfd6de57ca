//! Reading everyday files into rows of text before their columns are read: a CSV file
//! in UTF-8 or in GBK (what Excel on a Chinese Windows saves as "CSV"), or the first
//! sheet of an XLSX workbook (through `calamine`). The order import and the payment
//! import both read their files through here.
//!
//! A workbook is refused, naming the cells, when its first sheet is empty, has merged
//! cells (a value would stand for several rows or columns), holds formulas, or shows
//! an error value (`#DIV/0!`). Formulas are refused rather than read through their
//! cached results: a workbook saved with manual calculation, or written by a program
//! that does not calculate, carries results that are stale or none at all, and an
//! import must not guess a quantity or an amount. Copying the cells and pasting them
//! as values makes such a sheet importable.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate};

use crate::ops::Refusal;

/// One row of a file: its line (CSV) or row number (sheet), from 1, and its cells.
pub type Row = (u64, Vec<String>);

/// The cell's name as a spreadsheet shows it: column letters and row number (`B3`).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// A range of cells as a spreadsheet names it (`A2:C3`).
fn range_name(start: (u32, u32), end: (u32, u32)) -> String {
    format!(
        "{}:{}",
        cell_name(start.0, start.1),
        cell_name(end.0, end.1)
    )
}

/// The text of a file: UTF-8 (a byte-order mark is skipped), else GBK (GB 18030, which
/// also reads every GBK file). Refused, naming the first line that neither reads, when
/// it is neither: a file of another encoding must not be imported as garbled names.
pub fn decode_text(bytes: &[u8]) -> Result<String, Refusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    let bad = text.find('\u{FFFD}').unwrap_or(0);
    let line = 1 + text[..bad].matches('\n').count() as u64;
    Err(Refusal::NotUtf8OrGbk { line })
}

/// Whether the bytes are a ZIP archive, as every XLSX file is.
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A number as typed: integers without a decimal point (a barcode read as a number
/// stays all digits), others in their shortest form.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A date cell as `2026-12-31`, or `2026-12-31 14:05:00` when it has a time.
fn date_text(serial: f64, is_1904: bool) -> String {
    let epoch = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    }
    .unwrap_or_default();
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let Some(t) = epoch
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.checked_add_signed(Duration::days(days as i64)))
        .and_then(|t| t.checked_add_signed(Duration::seconds(seconds)))
    else {
        return number_text(serial);
    };
    if seconds == 0 {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// Reads the first sheet of an XLSX workbook into rows of text, each with its row
/// number; empty rows are left out. Refused: not a workbook, an empty first sheet,
/// merged cells, formulas, error values.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, Refusal> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| Refusal::NotAWorkbook {
        detail: e.to_string(),
    })?;
    let is_1904 = book.has_1904_epoch();
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(Refusal::SheetEmpty {
            sheet: String::new(),
        });
    };
    let unreadable = |e: calamine::XlsxError| Refusal::NotAWorkbook {
        detail: e.to_string(),
    };
    let merged = book.merge_cells_by_sheet_name(&sheet).map_err(unreadable)?;
    if let Some(first) = merged.first() {
        return Err(Refusal::SheetMerged {
            sheet,
            range: range_name(first.start, first.end),
            count: merged.len(),
        });
    }
    let formulas = book.worksheet_formula(&sheet).map_err(unreadable)?;
    let (row0, col0) = formulas.start().unwrap_or((0, 0));
    let with_formula: Vec<String> = formulas
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, _)| cell_name(row0 + r as u32, col0 + c as u32))
        .collect();
    if let Some(first) = with_formula.first() {
        return Err(Refusal::SheetFormulas {
            sheet,
            cell: first.clone(),
            count: with_formula.len(),
        });
    }
    let range = book.worksheet_range(&sheet).map_err(unreadable)?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = row0 + i as u32;
        let mut texts = Vec::with_capacity(cells.len());
        for (j, cell) in cells.iter().enumerate() {
            texts.push(match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(x) => number_text(*x),
                Data::Bool(b) => b.to_string().to_uppercase(),
                Data::DateTime(d) if d.is_datetime() => date_text(d.as_f64(), is_1904),
                Data::DateTime(d) => number_text(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    return Err(Refusal::SheetErrorValue {
                        cell: cell_name(row, col0 + j as u32),
                        value: e.to_string(),
                    })
                }
            });
        }
        if texts.iter().any(|t| !t.trim().is_empty()) {
            rows.push((u64::from(row) + 1, texts));
        }
    }
    if rows.is_empty() {
        return Err(Refusal::SheetEmpty { sheet });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(2, 1), "B3");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(range_name((1, 0), (2, 2)), "A2:C3");
    }

    #[test]
    fn utf8_and_gbk_read_and_anything_else_is_refused_at_its_line() {
        assert_eq!(
            decode_text("客户,数量\n".as_bytes()).ok(),
            Some("客户,数量\n".into())
        );
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFa\n").ok(),
            Some("a\n".into()),
            "the byte-order mark goes"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("华信五金,100\n");
        assert_eq!(decode_text(&gbk).ok(), Some("华信五金,100\n".into()));
        assert_eq!(
            decode_text(b"a,b\nc,\x81\x20\n"),
            Err(Refusal::NotUtf8OrGbk { line: 2 })
        );
    }

    #[test]
    fn numbers_and_dates_read_as_typed() {
        assert_eq!(number_text(6_901_234_567_892.0), "6901234567892");
        assert_eq!(number_text(4.5), "4.5");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(date_text(46_022.0, false), "2025-12-31");
        assert_eq!(date_text(46_022.5, false), "2025-12-31 12:00:00");
    }
}

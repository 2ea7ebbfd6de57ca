//! The XLSX file of an export, written with `rust_xlsxwriter` in its constant-memory
//! mode: each row goes to a temporary file as it is written, so that memory does not
//! grow with the number of rows. Amounts, quantities and prices are numbers and dates
//! are dates, each with its number format, so that Excel sums and sorts them; the
//! heading row is bold and stays in view. A list longer than a sheet's 1,048,576 rows
//! goes on in a second sheet, headed again.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format as CellFormat, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Ctx, Source};
use crate::domain::table::{money_number, Cell, Column, Kind};
use crate::ops::{Error, Result};
use crate::store::Db;

/// Rows of a sheet, the heading included (Excel's limit).
const SHEET_ROWS: u32 = 1_048_576;
/// Longest text a cell holds (Excel's limit, in characters).
const MAX_TEXT: usize = 32_767;

fn xlsx(e: XlsxError) -> Error {
    Error::Io {
        detail: e.to_string(),
    }
}

/// The number formats of the columns.
struct Formats {
    heading: CellFormat,
    money: CellFormat,
    price: CellFormat,
    percent: CellFormat,
    percent_whole: CellFormat,
    qty: CellFormat,
    int: CellFormat,
    date: CellFormat,
    datetime: CellFormat,
    duration: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            heading: CellFormat::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            money: CellFormat::new().set_num_format("#,##0.00"),
            price: CellFormat::new().set_num_format("#,##0.00##"),
            percent: CellFormat::new().set_num_format("0.00%"),
            percent_whole: CellFormat::new().set_num_format("0%"),
            qty: CellFormat::new().set_num_format("General"),
            int: CellFormat::new().set_num_format("0"),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            // Hours past 24 keep counting: 26:05:00, not 02:05:00 of the next day.
            duration: CellFormat::new().set_num_format("[h]:mm:ss"),
        }
    }
}

/// Excel's serial number of a date: days since 1899-12-30 (which absorbs the 1900
/// leap-year error of the format for every date after February 1900).
fn serial_date(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

fn serial_datetime(t: NaiveDateTime) -> f64 {
    let seconds = t.time().signed_duration_since(chrono::NaiveTime::MIN);
    serial_date(t.date()) + seconds.num_seconds() as f64 / 86_400.0
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str, part: u32) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let suffix = if part > 1 {
        format!(" ({part})")
    } else {
        String::new()
    };
    let room = 31 - suffix.chars().count();
    let mut name: String = clean.trim().chars().take(room).collect();
    if name.trim().is_empty() {
        name = "Sheet".into();
    }
    name + &suffix
}

fn width(kind: Kind) -> f64 {
    match kind {
        Kind::Text => 20.0,
        Kind::Int => 8.0,
        Kind::Money => 14.0,
        Kind::Qty => 10.0,
        Kind::Price => 12.0,
        Kind::Percent => 8.0,
        Kind::Date => 11.0,
        Kind::DateTime => 19.0,
        Kind::Duration => 11.0,
    }
}

/// Adds a sheet in constant-memory mode with its heading row.
fn new_sheet<'a>(
    book: &'a mut Workbook,
    columns: &[Column],
    name: &str,
    cx: &Ctx,
    f: &Formats,
) -> Result<&'a mut Worksheet> {
    let sheet = book.add_worksheet_with_constant_memory().map_err(xlsx)?;
    sheet.set_name(name).map_err(xlsx)?;
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| Error::Io {
            detail: "too many columns".into(),
        })?;
        sheet.set_column_width(col, width(c.kind)).map_err(xlsx)?;
        sheet
            .write_string_with_format(0, col, c.heading(cx.lang), &f.heading)
            .map_err(xlsx)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    Ok(sheet)
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell, f: &Formats) -> Result<()> {
    let done = match cell {
        Cell::Empty => return Ok(()),
        Cell::Text(t) => {
            if t.chars().count() > MAX_TEXT {
                let cut: String = t.chars().take(MAX_TEXT).collect();
                sheet.write_string(row, col, cut)
            } else {
                sheet.write_string(row, col, t)
            }
        }
        Cell::Int(n) => sheet.write_number_with_format(row, col, *n as f64, &f.int),
        Cell::Money(m) => sheet.write_number_with_format(row, col, money_number(*m), &f.money),
        // Thousandths and ten-thousandths divided as money is: exact to the digit.
        Cell::Qty(q) => sheet.write_number_with_format(row, col, q.to_db() as f64 / 1000.0, &f.qty),
        Cell::Price(p) => {
            sheet.write_number_with_format(row, col, p.to_db() as f64 / 10_000.0, &f.price)
        }
        Cell::Percent(bp) => {
            let format = if bp % 100 == 0 {
                &f.percent_whole
            } else {
                &f.percent
            };
            sheet.write_number_with_format(row, col, *bp as f64 / 10_000.0, format)
        }
        Cell::Date(d) => sheet.write_number_with_format(row, col, serial_date(*d), &f.date),
        Cell::DateTime(t) => {
            sheet.write_number_with_format(row, col, serial_datetime(*t), &f.datetime)
        }
        // Excel counts time in days.
        Cell::Duration(s) => {
            sheet.write_number_with_format(row, col, *s as f64 / 86_400.0, &f.duration)
        }
    };
    done.map(|_| ()).map_err(xlsx)
}

/// Writes the source's rows as a workbook at `path`, with the writer's temporary files
/// in `dir` (the target's folder, so that a full disk shows there and not in /tmp);
/// returns how many rows were written.
pub(super) fn write(
    path: &Path,
    dir: &Path,
    db: &Db,
    source: &dyn Source,
    cx: &Ctx,
) -> Result<u64> {
    let f = Formats::new();
    let columns = source.columns();
    let title = source.title(cx.lang);
    let mut book = Workbook::new();
    book.set_tempdir(dir).map_err(xlsx)?;
    new_sheet(&mut book, &columns, &sheet_name(&title, 1), cx, &f)?;
    let mut sheet_no: usize = 0;
    let mut row: u32 = 1;
    let mut rows = 0u64;
    source.rows(db, cx, &mut |cells| {
        if row == SHEET_ROWS {
            sheet_no += 1;
            let name = sheet_name(&title, u32::try_from(sheet_no + 1).unwrap_or(u32::MAX));
            new_sheet(&mut book, &columns, &name, cx, &f)?;
            row = 1;
        }
        let sheet = book.worksheet_from_index(sheet_no).map_err(xlsx)?;
        for (i, c) in cells.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            write_cell(sheet, row, col, c, &f)?;
        }
        row += 1;
        rows += 1;
        Ok(())
    })?;
    book.save(path).map_err(xlsx)?;
    Ok(rows)
}

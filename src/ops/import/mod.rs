//! Order import (订单导入): orders from web shops, e-mail and other channels, read from a
//! CSV or JSON file, then created and submitted as the logged-in user.
//!
//! Every order carries the channel's own reference (渠道单号), so an order is imported at
//! most once and importing the same file twice creates nothing new (DESIGN.md §4 rule 6).
//! By default a file is imported whole or not at all; with `partial` the good orders are
//! imported and the others reported. Parsing is pure; the database work is one
//! transaction with one savepoint per order.
//!
//! `csv` and `json` read the file formats into [`ImportedOrder`]s (an XLSX workbook's
//! first sheet through `sheet`, read as a CSV file is); `run` imports them.

mod csv;
mod file;
mod json;
mod rows;
mod run;
pub mod sheet;

use std::path::Path;

pub use self::csv::{parse_csv, parse_xlsx, CSV_COLUMNS, CSV_REQUIRED};
pub use self::file::{read_import_file, FileError, MAX_IMPORT_BYTES};
pub use self::json::parse_json;
pub use self::rows::{describe, ImportedOrder, Location, RowError};
pub use self::run::{
    import_orders, AlreadyImported, ImportFailure, ImportReport, ImportedOne, RefusedOrder,
};

/// The file formats, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// The first sheet of an Excel workbook, read as a CSV file is.
    Xlsx,
    Json,
}

impl Format {
    pub fn of_path(path: &Path) -> Result<Format, RowError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            _ => Err(RowError::new(
                Location::File,
                format!(
                    "不能导入“{}”：只支持 .csv、.xlsx 和 .json 文件（旧的 .xls 请在 Excel 中另存为 .xlsx）。",
                    path.display()
                ),
                format!(
                    "Cannot import \"{}\": only .csv, .xlsx and .json files can be imported (save an old .xls as .xlsx in Excel).",
                    path.display()
                ),
            )),
        }
    }

    /// Reads a file's orders in this format.
    pub fn parse(self, bytes: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
        match self {
            Format::Csv => parse_csv(bytes),
            Format::Xlsx => parse_xlsx(bytes),
            Format::Json => parse_json(bytes),
        }
    }
}

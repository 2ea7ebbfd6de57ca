//! The order confirmation (订单确认函): what the customer ordered, at which prices and on
//! which terms, for the customer to check and sign.
//!
//! Both renderings, width-aware plain text for dot-matrix and thermal printers and a
//! standalone HTML page, are drawn from one `Doc`, so they always say the same thing.
//! Text is measured in display columns (a Chinese character is two), never in bytes or
//! characters.

mod doc;
mod html;
mod text;

use std::path::{Path, PathBuf};

use super::PrintError;
use crate::i18n::Lang;
use crate::ops::orders::OrderDetail;

pub use html::confirmation_html;
pub use text::confirmation_text;

/// The width of the text file that [`write_confirmation`] writes: a dot-matrix line.
pub const FILE_WIDTH: usize = 80;

/// The file name stem of a document: its number, or `DRAFT-<id>` before it has one;
/// anything but letters, digits, `-` and `_` becomes `_`.
fn file_stem(d: &OrderDetail) -> String {
    let stem = match d.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => format!("DRAFT-{}", d.id),
    };
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes the confirmation into `dir` (created if missing) as `<number>.txt`
/// ([`FILE_WIDTH`] columns) and `<number>.html`, a draft as `DRAFT-<id>`; returns both
/// paths, text first. Existing files of the same order are replaced.
pub fn write_confirmation(
    dir: &Path,
    d: &OrderDetail,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    std::fs::create_dir_all(dir).map_err(|source| PrintError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let stem = file_stem(d);
    let txt = dir.join(format!("{stem}.txt"));
    let html = dir.join(format!("{stem}.html"));
    for (path, content) in [
        (&txt, confirmation_text(d, lang, FILE_WIDTH)),
        (&html, confirmation_html(d, lang)),
    ] {
        std::fs::write(path, content).map_err(|source| PrintError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok((txt, html))
}

//! The statement of account (对账单) on paper: the text and HTML of [`super::cash`]
//! written into the output folder under a name that says whose and which period, as the
//! other documents are.

use std::path::{Path, PathBuf};

use super::cash::{statement_html, statement_text};
use super::goods::write_pair;
use super::PrintError;
use crate::i18n::Lang;
use crate::ops::cash::Statement;

/// The file name (without extension) of a statement: customer code and period.
pub fn statement_stem(s: &Statement) -> String {
    format!("ST-{}-{}-{}", s.customer_code, s.from, s.to)
}

/// Writes the statement into `dir` as `ST-<customer>-<from>-<to>.txt` (80 columns) and
/// `.html`.
pub fn write_statement(
    dir: &Path,
    s: &Statement,
    company: &str,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), PrintError> {
    write_pair(
        dir,
        &statement_stem(s),
        &statement_text(s, company, lang, 80),
        &statement_html(s, company, lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use chrono::NaiveDate;

    #[test]
    fn the_statement_is_written_as_text_and_html_named_by_customer_and_period() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let s = Statement {
            customer_code: "C/01".into(),
            customer_name: "五金店".into(),
            from: d("2026-11-01"),
            to: d("2026-11-30"),
            opening: Money::from_minor(0),
            lines: vec![],
            closing: Money::from_minor(0),
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (txt, html) =
            write_statement(dir.path(), &s, "X", Lang::Zh).unwrap_or_else(|e| panic!("{e:?}"));
        // A slash in a code never makes a path outside the folder.
        assert_eq!(
            txt.file_name().and_then(|n| n.to_str()),
            Some("ST-C_01-2026-11-01-2026-11-30.txt")
        );
        assert!(std::fs::read_to_string(&txt)
            .unwrap_or_default()
            .contains("对 账 单"));
        assert!(html.exists());
    }
}

//! `orderdesk import payments FILE`: a bank, WeChat Pay or Alipay statement export
//! (CSV, UTF-8 or GBK), each row a payment matched to a customer by code or name.
//! Importing the same file twice records nothing new: a row whose reference the
//! customer's payments already carry is reported as imported before.

use super::super::{Actor, Error, Result};
use super::{PaymentInput, PaymentMethod};
use crate::i18n::{Lang, Localized};
use crate::store::{self, Db};

/// One row of a statement export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentImportRow {
    /// Line of the file (1 = the header).
    pub line: usize,
    pub date: String,
    /// Customer code, or the payer's name as the bank writes it.
    pub payer: String,
    pub amount: String,
    pub method: String,
    pub reference: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentImport {
    /// Reference and the receipt recorded now.
    pub recorded: Vec<(String, String)>,
    /// References imported before (a second import of the same file).
    pub already: Vec<String>,
    /// Payers that match no customer, with their line.
    pub unknown: Vec<(usize, String)>,
    /// Rows refused, with their line and why (in the caller's language).
    pub refused: Vec<(usize, String)>,
}

/// Decodes a statement export: UTF-8 (with or without a BOM), else GBK as Chinese banks
/// and WeChat/Alipay exports write it; refused when it is neither.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    Ok(crate::ops::import::sheet::decode_text(bytes)?)
}

fn column(headers: &[String], names: &[&str], fallback: usize) -> usize {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
        .unwrap_or(fallback)
}

/// Reads a statement export, CSV (UTF-8 or GBK) or the first sheet of an XLSX
/// workbook, told apart by their first bytes; see [`parse_payment_rows`].
pub fn parse_payments(bytes: &[u8]) -> Result<Vec<PaymentImportRow>> {
    if crate::ops::import::sheet::looks_like_xlsx(bytes) {
        parse_payments_xlsx(bytes)
    } else {
        parse_payments_csv(bytes)
    }
}

/// Reads a statement export in CSV, UTF-8 or GBK.
pub fn parse_payments_csv(bytes: &[u8]) -> Result<Vec<PaymentImportRow>> {
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Io {
            detail: e.to_string(),
        })?;
        let line = rec.position().map_or(i as u64 + 1, |p| p.line());
        rows.push((line, rec.iter().map(str::to_string).collect()));
    }
    Ok(parse_payment_rows(rows))
}

/// Reads a statement export saved as an Excel workbook (its first sheet). A sheet with
/// merged cells, formulas or error values, or an empty one, is refused whole.
pub fn parse_payments_xlsx(bytes: &[u8]) -> Result<Vec<PaymentImportRow>> {
    let rows = crate::ops::import::sheet::read_xlsx(bytes)?;
    Ok(parse_payment_rows(rows))
}

/// Reads the rows of a statement export: a header row, then date, payer, amount,
/// method, reference — found by header name (日期/交易时间, 付款方/对方户名/客户,
/// 金额/收入, 方式/支付方式, 流水号/交易单号/参考号; or the English words), else by
/// position.
pub fn parse_payment_rows(rows: Vec<(u64, Vec<String>)>) -> Vec<PaymentImportRow> {
    let mut rows = rows.into_iter();
    let headers: Vec<String> = rows.next().map(|(_, h)| h).unwrap_or_default();
    let date = column(&headers, &["日期", "交易时间", "交易日期", "date"], 0);
    let payer = column(
        &headers,
        &["付款方", "对方户名", "客户", "付款人", "payer", "customer"],
        1,
    );
    let amount = column(
        &headers,
        &["金额", "收入", "收入金额", "金额(元)", "amount"],
        2,
    );
    let method = column(&headers, &["方式", "支付方式", "method"], 3);
    let reference = column(&headers, &["流水号", "交易单号", "参考号", "reference"], 4);
    let mut out = Vec::new();
    for (line, rec) in rows {
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |k: usize| rec.get(k).map_or("", |s| s.trim()).to_string();
        out.push(PaymentImportRow {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            date: get(date),
            payer: get(payer),
            amount: get(amount),
            method: get(method),
            reference: get(reference),
        });
    }
    out
}

fn method_of(text: &str) -> PaymentMethod {
    let t = text.trim();
    if let Some(m) = PaymentMethod::parse(t) {
        return m;
    }
    if t.contains("微信") {
        PaymentMethod::WeChat
    } else if t.contains("支付宝") {
        PaymentMethod::Alipay
    } else if t.contains("现金") {
        PaymentMethod::Cash
    } else {
        PaymentMethod::Bank
    }
}

/// The date part of `2026-11-28 14:03:00` or `2026/11/28`.
fn date_of(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .replace('/', "-")
}

/// Imports the rows, each payment in its own transaction, allocated oldest invoices
/// first. Unknown payers and refused rows are reported and change nothing.
pub fn import_payments(
    db: &Db,
    actor: &Actor,
    rows: &[PaymentImportRow],
    lang: Lang,
) -> Result<PaymentImport> {
    let mut out = PaymentImport::default();
    for r in rows {
        let code = db.read(|c| {
            Ok::<_, store::StoreError>(match store::customers::by_code(c, &r.payer)? {
                Some(cu) => Some(cu.code),
                None => store::cash::customer_code_by_name(c, &r.payer)?,
            })
        })?;
        let Some(code) = code else {
            out.unknown.push((r.line, r.payer.clone()));
            continue;
        };
        if r.reference.is_empty() {
            out.refused.push((
                r.line,
                crate::bi!(
                    lang,
                    "没有流水号，无法防止重复导入",
                    "no reference: it could be imported twice"
                ),
            ));
            continue;
        }
        let seen = db.read(|c| {
            let id = store::customers::by_code(c, &code)?
                .map(|cu| cu.id)
                .unwrap_or(0);
            store::cash::payment_by_reference(c, id, &r.reference)
        })?;
        if seen.is_some() {
            out.already.push(r.reference.clone());
            continue;
        }
        let mut input = PaymentInput::new(&code, method_of(&r.method), &r.amount);
        input.reference = r.reference.clone();
        input.date = date_of(&r.date);
        match super::record_payment(db, actor, &input) {
            Ok(p) => out.recorded.push((r.reference.clone(), p.number)),
            Err(e) if e.is_busy() => return Err(e),
            Err(e) => out.refused.push((r.line, e.localized(lang))),
        }
    }
    Ok(out)
}

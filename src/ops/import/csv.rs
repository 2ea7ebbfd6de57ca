//! Reading orders from a CSV file (订单导入 · CSV): a header row, then one row per order
//! line; consecutive rows with the same channel and reference are one order.

use std::collections::HashMap;

use super::rows::{build_order, parse_channel, refuse_repeats};
use super::rows::{ImportedOrder, Location, RawHeader, RowError};
use super::sheet::{decode_text, read_xlsx, Row};
use crate::ops::intake::LineInput;
use crate::ops::Refusal;

/// The CSV columns; names are matched without regard to case, in any order.
pub const CSV_COLUMNS: [&str; 12] = [
    "channel",
    "channel_ref",
    "customer",
    "customer_ref",
    "requested_date",
    "urgency",
    "terms",
    "special",
    "product",
    "qty",
    "unit_price",
    "discount",
];

/// The columns a CSV file must have; the others may be left out.
pub const CSV_REQUIRED: [&str; 5] = ["channel", "channel_ref", "customer", "product", "qty"];

/// The rows of one order being collected.
struct Group {
    header: RawHeader,
    lines: Vec<u64>,
    rows: Vec<(Location, LineInput)>,
    problems: Vec<RowError>,
}

impl Group {
    fn finish(self) -> ImportedOrder {
        build_order(
            Location::Lines(self.lines),
            &self.header,
            self.rows,
            self.problems,
        )
    }
}

/// Reads a CSV file: UTF-8 (a byte-order mark is skipped) or GBK, a header row, one row
/// per order line; consecutive rows with the same channel and channel_ref are one
/// order. Problems of single orders travel with them; the error holds problems of the
/// whole file (encoding, header).
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let text = decode_text(bytes).map_err(|r| {
        let line = match r {
            Refusal::NotUtf8OrGbk { line } => line,
            _ => 1,
        };
        vec![RowError::of(Location::Lines(vec![line]), &r)]
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line()).unwrap_or(1);
        vec![RowError::new(
            Location::Lines(vec![line]),
            format!("CSV 格式错误：{e}"),
            format!("malformed CSV: {e}"),
        )]
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    parse_rows(rows)
}

/// Reads the first sheet of an XLSX workbook as [`parse_csv`] reads a CSV file, each
/// sheet row a line; a sheet with merged cells, formulas or error values, or an empty
/// one, is refused whole.
pub fn parse_xlsx(bytes: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let rows = read_xlsx(bytes).map_err(|r| vec![RowError::of(Location::File, &r)])?;
    parse_rows(rows)
}

/// Reads the rows of a file (its line or sheet row, the cells): the header, then one
/// row per order line.
fn parse_rows(rows: Vec<Row>) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let mut records = rows.into_iter().map(|(line, cells)| {
        let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
        (line, cells)
    });
    let header = match records.next() {
        Some(r) => r,
        None => {
            return Err(vec![RowError::new(
                Location::File,
                format!("文件是空的。第一行必须是表头：{}", CSV_COLUMNS.join(",")),
                format!(
                    "The file is empty. The first row must be the header: {}",
                    CSV_COLUMNS.join(",")
                ),
            )])
        }
    };
    let columns = read_header(&header)?;
    let position = |name: &str| columns.iter().position(|c| c.as_deref() == Some(name));
    let index: HashMap<&str, usize> = CSV_COLUMNS
        .iter()
        .filter_map(|&name| position(name).map(|i| (name, i)))
        .collect();

    let mut orders = Vec::new();
    let mut current: Option<Group> = None;
    for (line, record) in records {
        if record.iter().all(String::is_empty) {
            continue;
        }
        let at = Location::Lines(vec![line]);
        let get = |name: &str| {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let mut problems = Vec::new();
        if record.len() != columns.len() {
            problems.push(RowError::new(
                at.clone(),
                format!("这一行有 {} 列，表头有 {} 列", record.len(), columns.len()),
                format!(
                    "the row has {} fields, the header {}",
                    record.len(),
                    columns.len()
                ),
            ));
        }
        let unnamed = columns
            .iter()
            .zip(record.iter())
            .any(|(c, v)| c.is_none() && !v.is_empty());
        if unnamed {
            problems.push(RowError::new(
                at.clone(),
                "有数据写在没有表头名称的列里",
                "a value stands in a column without a header name",
            ));
        }
        let header = RawHeader {
            channel: get("channel"),
            channel_ref: get("channel_ref"),
            customer: get("customer"),
            customer_ref: get("customer_ref"),
            requested_date: get("requested_date"),
            urgency: get("urgency"),
            terms: get("terms"),
            special: get("special"),
        };
        let row = LineInput {
            product: get("product"),
            qty: get("qty"),
            unit_price: get("unit_price"),
            discount: get("discount"),
        };
        let same_order = current.as_ref().is_some_and(|g| {
            group_key(&g.header.channel, &g.header.channel_ref)
                == group_key(&header.channel, &header.channel_ref)
        });
        if same_order {
            let g = current.as_mut().expect("checked above");
            for ((name, zh, first), (_, _, this)) in g.header.shared().iter().zip(header.shared()) {
                if *first != this {
                    problems.push(RowError::new(
                        at.clone(),
                        format!(
                            "{zh}（{name}）“{this}”与本订单第 {} 行的“{first}”不同：同一张订单的各行必须一致",
                            g.lines[0]
                        ),
                        format!(
                            "{name} \"{this}\" differs from \"{first}\" on line {} of the same order; all rows of an order must agree",
                            g.lines[0]
                        ),
                    ));
                }
            }
            g.lines.push(line);
            g.rows.push((at, row));
            g.problems.append(&mut problems);
        } else {
            if let Some(g) = current.take() {
                orders.push(g.finish());
            }
            current = Some(Group {
                header,
                lines: vec![line],
                rows: vec![(at, row)],
                problems,
            });
        }
    }
    if let Some(g) = current {
        orders.push(g.finish());
    }
    refuse_repeats(&mut orders);
    Ok(orders)
}

/// What makes rows one order: the channel as it will be stored, and the reference.
fn group_key(channel: &str, channel_ref: &str) -> (String, String) {
    let c = parse_channel(channel)
        .map(|c| c.as_str().to_string())
        .unwrap_or_else(|| channel.trim().to_lowercase());
    (c, channel_ref.trim().to_string())
}

/// The column of each header field (`None`: a column without a name, ignored when empty).
fn read_header(header: &(u64, Vec<String>)) -> Result<Vec<Option<String>>, Vec<RowError>> {
    let (line, header) = header;
    let at = || Location::Lines(vec![*line]);
    let mut errors = Vec::new();
    let mut columns: Vec<Option<String>> = Vec::new();
    for name in header.iter() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            columns.push(None);
        } else if !CSV_COLUMNS.contains(&name.as_str()) {
            errors.push(RowError::new(
                at(),
                format!("未知的列“{name}”。可用的列：{}", CSV_COLUMNS.join(",")),
                format!(
                    "unknown column \"{name}\". The columns are: {}",
                    CSV_COLUMNS.join(",")
                ),
            ));
        } else if columns.iter().any(|c| c.as_deref() == Some(&name)) {
            errors.push(RowError::new(
                at(),
                format!("列“{name}”出现了两次"),
                format!("the column \"{name}\" appears twice"),
            ));
        } else {
            columns.push(Some(name));
        }
    }
    let missing: Vec<&str> = CSV_REQUIRED
        .iter()
        .copied()
        .filter(|r| !columns.iter().any(|c| c.as_deref() == Some(*r)))
        .collect();
    if !missing.is_empty() {
        errors.push(RowError::new(
            at(),
            format!(
                "表头缺少必需的列：{}。第一行必须是表头，例如：{}",
                missing.join(","),
                CSV_COLUMNS.join(",")
            ),
            format!(
                "the header lacks the required columns {}. The first row must be the header, e.g. {}",
                missing.join(","),
                CSV_COLUMNS.join(",")
            ),
        ));
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

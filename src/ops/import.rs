//! Order import (订单导入): orders from web shops, e-mail and other channels, read from a
//! CSV or JSON file, then created and submitted as the logged-in user.
//!
//! Every order carries the channel's own reference (渠道单号), so an order is imported at
//! most once and importing the same file twice creates nothing new (DESIGN.md §4 rule 6).
//! By default a file is imported whole or not at all; with `partial` the good orders are
//! imported and the others reported. Parsing is pure; the database work is one
//! transaction with one savepoint per order.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use super::intake::{create_draft_in, submit_order_in, LineInput, OrderInput};
use super::{require, Actor, Error};
use crate::bi;
use crate::domain::access::Permission;
use crate::domain::money::{Discount, Qty, UnitPrice};
use crate::domain::order::{Channel, Urgency};
use crate::domain::text::{clean_text, to_half_width};
use crate::i18n::{Lang, Localized};
use crate::store::{self, Db, Retryable, StoreError};

/// Where something is in the imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// Lines of the file, 1-based (in a CSV file the header is line 1).
    Lines(Vec<u64>),
    /// A place in a JSON file (syntax errors).
    Text { line: usize, column: usize },
    /// The n-th order of a JSON file, 1-based.
    Order(usize),
    /// Line `line` (1-based) of the n-th order of a JSON file.
    OrderLine { order: usize, line: usize },
}

impl Location {
    /// The lines of the file this location names, if it names any.
    pub fn lines(&self) -> Vec<u64> {
        match self {
            Location::Lines(v) => v.clone(),
            Location::Text { line, .. } => vec![*line as u64],
            _ => Vec::new(),
        }
    }
}

/// `2–4, 7`: runs of consecutive line numbers.
fn line_ranges(lines: &[u64]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j + 1 < lines.len() && lines[j + 1] == lines[j] + 1 {
            j += 1;
        }
        parts.push(if j == i {
            lines[i].to_string()
        } else {
            format!("{}–{}", lines[i], lines[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

impl Localized for Location {
    fn localized(&self, lang: Lang) -> String {
        match self {
            Location::File => lang.pick("文件", "File").to_string(),
            Location::Lines(v) if v.len() == 1 => bi!(lang, "第 {} 行", "Line {}", v[0]),
            Location::Lines(v) => bi!(lang, "第 {} 行", "Lines {}", line_ranges(v)),
            Location::Text { line, column } => {
                bi!(lang, "第 {} 行第 {} 列", "Line {}, column {}", line, column)
            }
            Location::Order(n) => bi!(lang, "第 {} 张订单", "Order {}", n),
            Location::OrderLine { order, line } => {
                bi!(
                    lang,
                    "第 {} 张订单第 {} 行",
                    "Order {}, line {}",
                    order,
                    line
                )
            }
        }
    }
}

/// One thing wrong in the file, with where it is and the reason in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub at: Location,
    zh: String,
    en: String,
}

impl RowError {
    fn new(at: Location, zh: impl Into<String>, en: impl Into<String>) -> RowError {
        RowError {
            at,
            zh: zh.into(),
            en: en.into(),
        }
    }

    fn of(at: Location, e: &impl Localized) -> RowError {
        RowError::new(at, e.localized(Lang::Zh), e.localized(Lang::En))
    }

    /// The reason without the place.
    pub fn reason(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl Localized for RowError {
    fn localized(&self, lang: Lang) -> String {
        match self.at {
            Location::File => self.reason(lang).to_string(),
            _ => bi!(
                lang,
                "{}：{}",
                "{}: {}",
                self.at.localized(lang),
                self.reason(lang)
            ),
        }
    }
}

/// Every error of a file, one per line, in `lang`.
pub fn describe(errors: &[RowError], lang: Lang) -> String {
    let lines: Vec<String> = errors.iter().map(|e| e.localized(lang)).collect();
    lines.join("\n")
}

/// One order as read from the file, not yet checked against the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOrder {
    /// Where the order is in the file.
    pub at: Location,
    /// Where each of its lines is, in the order of `order.lines`.
    pub line_at: Vec<Location>,
    pub order: OrderInput,
    /// What is already wrong in the file; an order with problems is refused.
    pub problems: Vec<RowError>,
    /// Channel and reference are valid, so the order can be looked up.
    identified: bool,
}

/// The file formats, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
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
            "json" => Ok(Format::Json),
            _ => Err(RowError::new(
                Location::File,
                format!("不能导入“{}”：只支持 .csv 和 .json 文件。", path.display()),
                format!(
                    "Cannot import \"{}\": only .csv and .json files can be imported.",
                    path.display()
                ),
            )),
        }
    }

    /// Reads a file's orders in this format.
    pub fn parse(self, bytes: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
        match self {
            Format::Csv => parse_csv(bytes),
            Format::Json => parse_json(bytes),
        }
    }
}

/// The text of a file, without a byte-order mark; refused when it is not UTF-8 (Excel in
/// China saves "CSV" as GBK unless told otherwise).
fn utf8_text(bytes: &[u8]) -> Result<&str, Vec<RowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        vec![RowError::new(
            Location::Lines(vec![line as u64]),
            "文件不是 UTF-8 编码（可能是 Excel 默认的 GBK 编码）。请在 Excel 中“另存为”，\
             文件类型选“CSV UTF-8（逗号分隔）”，再重新导入。",
            "The file is not UTF-8 (perhaps GBK, as Excel in China saves by default). \
             In Excel choose Save As, type \"CSV UTF-8 (Comma delimited)\", and import again.",
        )]
    })
}

/// The order fields as written in the file, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RawHeader {
    channel: String,
    channel_ref: String,
    customer: String,
    customer_ref: String,
    requested_date: String,
    urgency: String,
    terms: String,
    special: String,
}

impl RawHeader {
    /// The fields that must agree on every row of an order: name, Chinese name, value.
    fn shared(&self) -> [(&'static str, &'static str, &str); 6] {
        [
            ("customer", "客户", &self.customer),
            ("customer_ref", "客户单号", &self.customer_ref),
            ("requested_date", "要求交货日期", &self.requested_date),
            ("urgency", "紧急程度", &self.urgency),
            ("terms", "付款条件", &self.terms),
            ("special", "特殊要求", &self.special),
        ]
    }
}

fn parse_channel(s: &str) -> Option<Channel> {
    let t = to_half_width(s.trim()).to_lowercase().replace('-', "_");
    Channel::ALL
        .into_iter()
        .find(|c| c.as_str() == t || c.label(Lang::Zh) == s.trim())
}

fn parse_urgency(s: &str) -> Option<Urgency> {
    let t = to_half_width(s.trim()).to_lowercase();
    if t.is_empty() {
        return Some(Urgency::Normal);
    }
    Urgency::ALL
        .into_iter()
        .find(|u| u.as_str() == t || u.label(Lang::Zh) == s.trim())
}

/// Checks what can be checked without the database and builds the order.
fn build_order(
    at: Location,
    h: &RawHeader,
    lines: Vec<(Location, LineInput)>,
    mut problems: Vec<RowError>,
) -> ImportedOrder {
    let mut head = Vec::new();
    let channel = parse_channel(&h.channel);
    if channel.is_none() {
        head.push(RowError::new(
            at.clone(),
            format!(
                "渠道（channel）“{}”无效，可用：phone、email、web、fax、chat、walk_in",
                h.channel.trim()
            ),
            format!(
                "channel \"{}\" is not valid; use phone, email, web, fax, chat or walk_in",
                h.channel.trim()
            ),
        ));
    }
    let channel_ref = match clean_text(&h.channel_ref, 64) {
        Ok(r) if r.is_empty() => {
            head.push(RowError::new(
                at.clone(),
                "没有渠道单号（channel_ref）：每张订单都要写明渠道自己的单号，以免重复导入",
                "no channel_ref: every order needs the channel's own reference, so that it is never imported twice",
            ));
            None
        }
        Ok(r) => Some(r),
        Err(e) => {
            head.push(RowError::new(
                at.clone(),
                format!("渠道单号（channel_ref）：{}", e.localized(Lang::Zh)),
                format!("channel_ref: {}", e.localized(Lang::En)),
            ));
            None
        }
    };
    let urgency = parse_urgency(&h.urgency).unwrap_or_else(|| {
        head.push(RowError::new(
            at.clone(),
            format!(
                "紧急程度（urgency）“{}”无效，可用：normal、urgent、critical",
                h.urgency.trim()
            ),
            format!(
                "urgency \"{}\" is not valid; use normal, urgent or critical",
                h.urgency.trim()
            ),
        ));
        Urgency::Normal
    });
    if lines.is_empty() {
        head.push(RowError::new(
            at.clone(),
            "订单没有商品行",
            "the order has no lines",
        ));
    }
    for (line_at, l) in &lines {
        if l.product.trim().is_empty() {
            problems.push(RowError::new(
                line_at.clone(),
                "没有填写商品（product：货号或条码）",
                "no product (product: SKU or barcode)",
            ));
        }
        let number = |field_zh: &str, field_en: &str, e: &dyn Localized| {
            RowError::new(
                line_at.clone(),
                format!("{field_zh}：{}", e.localized(Lang::Zh)),
                format!("{field_en}: {}", e.localized(Lang::En)),
            )
        };
        if let Err(e) = Qty::parse_positive(&l.qty) {
            problems.push(number("数量（qty）", "qty", &e));
        }
        if !l.unit_price.trim().is_empty() {
            if let Err(e) = UnitPrice::parse(&l.unit_price) {
                problems.push(number("单价（unit_price）", "unit_price", &e));
            }
        }
        if !l.discount.trim().is_empty() {
            if let Err(e) = Discount::parse(&l.discount) {
                problems.push(number("折扣（discount）", "discount", &e));
            }
        }
    }
    head.append(&mut problems);
    let identified = channel.is_some() && channel_ref.is_some();
    let (line_at, lines): (Vec<Location>, Vec<LineInput>) = lines.into_iter().unzip();
    ImportedOrder {
        at,
        line_at,
        order: OrderInput {
            customer: h.customer.clone(),
            channel: channel.unwrap_or(Channel::Web),
            channel_ref: channel_ref.unwrap_or_else(|| h.channel_ref.trim().to_string()),
            customer_ref: h.customer_ref.clone(),
            requested_date: h.requested_date.clone(),
            urgency,
            terms: h.terms.clone(),
            special: h.special.clone(),
            lines,
        },
        problems: head,
        identified,
    }
}

/// Refuses the second and later orders of a file with the same channel and reference: one
/// reference is one order, and its rows stand together.
fn refuse_repeats(orders: &mut [ImportedOrder]) {
    let mut seen: HashMap<(Channel, String), Location> = HashMap::new();
    for o in orders.iter_mut().filter(|o| o.identified) {
        let key = (o.order.channel, o.order.channel_ref.clone());
        if let Some(first) = seen.get(&key) {
            let (c, r) = (o.order.channel.as_str(), &o.order.channel_ref);
            o.problems.push(RowError::new(
                o.at.clone(),
                format!(
                    "{c} {r} 已在{}出现：同一渠道单号只能是一张订单，它的各行必须相邻",
                    first.localized(Lang::Zh)
                ),
                format!(
                    "{c} {r} already appears at {}: one channel reference is one order, and its rows must be next to each other",
                    first.localized(Lang::En).to_lowercase()
                ),
            ));
            o.identified = false;
        } else {
            seen.insert(key, o.at.clone());
        }
    }
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

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

/// Reads a CSV file: UTF-8 (a byte-order mark is skipped), a header row, one row per
/// order line; consecutive rows with the same channel and channel_ref are one order.
/// Problems of single orders travel with them; the error holds problems of the whole
/// file (encoding, header).
pub fn parse_csv(text: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let text = utf8_text(text)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line()).unwrap_or(1);
        vec![RowError::new(
            Location::Lines(vec![line]),
            format!("CSV 格式错误：{e}"),
            format!("malformed CSV: {e}"),
        )]
    };
    let header = match records.next() {
        Some(r) => r.map_err(csv_error)?,
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
    for record in records {
        let record = record.map_err(csv_error)?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = Location::Lines(vec![line]);
        let get = |name: &str| {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_string()
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
fn read_header(header: &csv::StringRecord) -> Result<Vec<Option<String>>, Vec<RowError>> {
    let at = || Location::Lines(vec![header.position().map(|p| p.line()).unwrap_or(1)]);
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

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

/// A JSON order as written; see [`parse_json`].
#[derive(Debug, Deserialize)]
#[serde(rename = "order", deny_unknown_fields)]
struct JsonOrder {
    channel: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    channel_ref: String,
    customer: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    customer_ref: String,
    requested_date: Option<String>,
    urgency: Option<String>,
    terms: Option<String>,
    special: Option<String>,
    #[serde(default)]
    lines: Vec<JsonLine>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "line", deny_unknown_fields)]
struct JsonLine {
    #[serde(default, deserialize_with = "text_or_number")]
    product: String,
    #[serde(default, deserialize_with = "text_or_number")]
    qty: String,
    #[serde(default, deserialize_with = "text_or_number")]
    unit_price: String,
    #[serde(default, deserialize_with = "text_or_number")]
    discount: String,
}

/// A value given as text or as a number (`"2.5"` or `2.5`); `null` is empty.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Null => Ok(String::new()),
        other => Err(D::Error::custom(format!(
            "expected text or a number, found {other}"
        ))),
    }
}

/// Reads a JSON file: an array of orders, each
/// `{ "channel", "channel_ref", "customer", "customer_ref"?, "requested_date"?, "urgency"?,
/// "terms"?, "special"?, "lines": [{ "product", "qty", "unit_price"?, "discount"? }] }`.
/// Unknown fields are refused. A syntax error fails the whole file with its line and
/// column; an order that does not fit the shape is refused on its own.
pub fn parse_json(text: &[u8]) -> Result<Vec<ImportedOrder>, Vec<RowError>> {
    let text = utf8_text(text)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&place).unwrap_or(&message);
        vec![RowError::new(
            Location::Text {
                line: e.line(),
                column: e.column(),
            },
            format!("JSON 格式错误（{message}），请检查这里的逗号、引号和括号"),
            format!("malformed JSON ({message}); check the commas, quotes and brackets there"),
        )]
    })?;
    let serde_json::Value::Array(items) = value else {
        return Err(vec![RowError::new(
            Location::File,
            "JSON 文件必须是订单的数组：[ { \"channel\": …, \"lines\": [ … ] }, … ]",
            "A JSON file must hold an array of orders: [ { \"channel\": …, \"lines\": [ … ] }, … ]",
        )]);
    };
    let mut orders = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let n = i + 1;
        let at = Location::Order(n);
        match JsonOrder::deserialize(&item) {
            Ok(o) => {
                let header = RawHeader {
                    channel: o.channel.unwrap_or_default(),
                    channel_ref: o.channel_ref,
                    customer: o.customer.unwrap_or_default(),
                    customer_ref: o.customer_ref,
                    requested_date: o.requested_date.unwrap_or_default(),
                    urgency: o.urgency.unwrap_or_default(),
                    terms: o.terms.unwrap_or_default(),
                    special: o.special.unwrap_or_default(),
                };
                let lines = o
                    .lines
                    .into_iter()
                    .enumerate()
                    .map(|(j, l)| {
                        let line_at = Location::OrderLine {
                            order: n,
                            line: j + 1,
                        };
                        let line = LineInput {
                            product: l.product,
                            qty: l.qty,
                            unit_price: l.unit_price,
                            discount: l.discount,
                        };
                        (line_at, line)
                    })
                    .collect();
                orders.push(build_order(at, &header, lines, Vec::new()));
            }
            Err(e) => {
                let field = |name: &str| match item.get(name) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                };
                let problem = RowError::new(
                    at.clone(),
                    format!("不符合导入格式：{e}"),
                    format!("does not fit the import format: {e}"),
                );
                let mut o = build_order(
                    at,
                    &RawHeader {
                        channel: field("channel"),
                        channel_ref: field("channel_ref"),
                        ..RawHeader::default()
                    },
                    Vec::new(),
                    Vec::new(),
                );
                o.problems = vec![problem];
                o.identified = false;
                orders.push(o);
            }
        }
    }
    refuse_repeats(&mut orders);
    Ok(orders)
}

// ---------------------------------------------------------------------------------------
// The import
// ---------------------------------------------------------------------------------------

/// An order created and submitted by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOne {
    pub at: Location,
    pub channel: Channel,
    pub channel_ref: String,
    pub id: i64,
    /// The order number it was given (SO-2026-000123).
    pub number: String,
}

/// An order skipped because its channel reference was imported before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyImported {
    pub at: Location,
    pub channel: Channel,
    pub channel_ref: String,
    pub id: i64,
    pub number: Option<String>,
}

/// An order that was not imported, with everything found wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedOrder {
    pub at: Location,
    pub errors: Vec<RowError>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: Vec<ImportedOne>,
    pub already_imported: Vec<AlreadyImported>,
    pub refused: Vec<RefusedOrder>,
}

impl ImportReport {
    /// Every error of the refused orders.
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.refused.iter().flat_map(|r| r.errors.iter())
    }

    /// The file lines named by the errors, in order.
    pub fn refused_lines(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.errors().flat_map(|e| e.at.lines()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn error_lines(&self, lang: Lang) -> String {
        let mut out = String::new();
        for e in self.errors() {
            out += &format!("{}\n", e.localized(lang));
        }
        out
    }
}

impl Localized for ImportReport {
    fn localized(&self, lang: Lang) -> String {
        let mut out = String::new();
        for o in &self.imported {
            out += &format!(
                "  {} {} → {}\n",
                o.channel.as_str(),
                o.channel_ref,
                o.number
            );
        }
        for o in &self.already_imported {
            let number = o.number.as_deref().unwrap_or("-");
            out += &bi!(
                lang,
                "  {} {}：以前已导入为 {}，已跳过\n",
                "  {} {}: already imported as {}; skipped\n",
                o.channel.as_str(),
                o.channel_ref,
                number
            );
        }
        out += &self.error_lines(lang);
        out += &bi!(
            lang,
            "已导入 {} 张订单，以前已导入 {} 张（已跳过），拒绝 {} 张。",
            "Imported {} orders, already imported {} (skipped), refused {}.",
            self.imported.len(),
            self.already_imported.len(),
            self.refused.len()
        );
        if !self.refused.is_empty() {
            out += lang.pick(
                "\n被拒绝的订单没有导入；改正后可重新导入同一文件，已导入的订单会自动跳过。",
                "\nThe refused orders were not imported; fix them and import the same file again: orders already imported are skipped.",
            );
        }
        out
    }
}

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// Some orders are wrong, so (all or nothing) none was imported.
    #[error("nothing was imported: {} orders have errors", report.refused.len())]
    Refused {
        /// The refused orders; `imported` is empty.
        report: ImportReport,
        /// How many orders were good and would have been imported.
        good: usize,
    },
    /// The import could not run at all (permission, database).
    #[error(transparent)]
    Failed(#[from] Error),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Failed(Error::Store(e))
    }
}

impl From<rusqlite::Error> for ImportFailure {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailure::Failed(Error::from(e))
    }
}

impl Retryable for ImportFailure {
    fn is_busy(&self) -> bool {
        matches!(self, ImportFailure::Failed(e) if e.is_busy())
    }
}

impl Localized for ImportFailure {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ImportFailure::Failed(e) => e.localized(lang),
            ImportFailure::Refused { report, good } => {
                report.error_lines(lang)
                    + &bi!(
                        lang,
                        "未导入任何订单：{} 张订单有错误（{} 张无误，{} 张以前已导入）。请改正后重新导入，或用 --partial 只导入无误的订单。",
                        "Nothing was imported: {} orders have errors ({} are fine, {} were imported before). Fix them and import again, or use --partial to import only the good ones.",
                        report.refused.len(),
                        good,
                        report.already_imported.len()
                    )
            }
        }
    }
}

/// What became of one order.
enum Outcome {
    Imported(ImportedOne),
    Already(AlreadyImported),
    Refused(RefusedOrder),
}

/// Imports orders as `actor` (who needs the order permission): each is created and
/// submitted, getting its order number, unless its channel reference was imported before.
/// Everything runs in one transaction, each order in a savepoint. Unless `partial`, one
/// bad order refuses the whole file and nothing is imported; every bad order is reported
/// either way.
pub fn import_orders(
    db: &Db,
    actor: &Actor,
    orders: &[ImportedOrder],
    partial: bool,
) -> Result<ImportReport, ImportFailure> {
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let mut report = ImportReport::default();
        for o in orders {
            match import_one(tx, actor, o)? {
                Outcome::Imported(x) => report.imported.push(x),
                Outcome::Already(x) => report.already_imported.push(x),
                Outcome::Refused(x) => report.refused.push(x),
            }
        }
        if !partial && !report.refused.is_empty() {
            let good = std::mem::take(&mut report.imported).len();
            return Err(ImportFailure::Refused { report, good });
        }
        Ok(report)
    })
}

fn import_one(tx: &Connection, actor: &Actor, o: &ImportedOrder) -> Result<Outcome, ImportFailure> {
    let input = &o.order;
    if o.identified {
        let channel = input.channel.as_str();
        if let Some(id) = store::orders::by_channel_ref(tx, channel, &input.channel_ref)? {
            let number = store::orders::by_id(tx, id)?.and_then(|r| r.number);
            return Ok(Outcome::Already(AlreadyImported {
                at: o.at.clone(),
                channel: input.channel,
                channel_ref: input.channel_ref.clone(),
                id,
                number,
            }));
        }
    }
    let refused = |errors: Vec<RowError>| {
        Ok(Outcome::Refused(RefusedOrder {
            at: o.at.clone(),
            errors,
        }))
    };
    if !o.problems.is_empty() {
        return refused(o.problems.clone());
    }
    // Products are looked up line by line first, so that an unknown one is reported on
    // its own line of the file (intake would name the line within the order).
    let mut errors = Vec::new();
    for (l, at) in input.lines.iter().zip(&o.line_at) {
        match super::master::product_by_code_in(tx, &l.product)? {
            None => errors.push(RowError::new(
                at.clone(),
                format!("找不到商品“{}”（货号或条码）", l.product.trim()),
                format!("no product \"{}\" (SKU or barcode)", l.product.trim()),
            )),
            Some(p) if !p.active => errors.push(RowError::new(
                at.clone(),
                format!("商品 {} 已停用", p.sku),
                format!("product {} is inactive", p.sku),
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return refused(errors);
    }
    tx.execute_batch("SAVEPOINT imp")?;
    let created = create_draft_in(tx, actor, input)
        .and_then(|saved| submit_order_in(tx, actor, saved.id, saved.version));
    match created {
        Ok(s) => {
            tx.execute_batch("RELEASE imp")?;
            Ok(Outcome::Imported(ImportedOne {
                at: o.at.clone(),
                channel: input.channel,
                channel_ref: input.channel_ref.clone(),
                id: s.id,
                number: s.number,
            }))
        }
        Err(e) => {
            tx.execute_batch("ROLLBACK TO imp; RELEASE imp")?;
            match e {
                // Not about this order: the whole import stops.
                Error::Store(_) | Error::PermissionDenied { .. } => Err(e.into()),
                e => refused(vec![RowError::of(o.at.clone(), &e)]),
            }
        }
    }
}

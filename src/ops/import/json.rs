//! Reading orders from a JSON file (订单导入 · JSON): an array of orders, each with its
//! lines.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use super::rows::{build_order, refuse_repeats};
use super::rows::{ImportedOrder, Location, RawHeader, RowError};
use super::sheet::decode_text;
use crate::ops::intake::LineInput;

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
    let text = decode_text(text).map_err(|r| {
        let line = match r {
            crate::ops::Refusal::NotUtf8OrGbk { line } => line,
            _ => 1,
        };
        vec![RowError::of(Location::Lines(vec![line]), &r)]
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
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
    // A key given twice (`"qty": 1, "qty": 900`) would silently let the last one win.
    let repeated = serde_json::from_str::<RepeatedKeys>(&text)
        .map(|r| r.0)
        .unwrap_or_default();
    let mut orders = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let n = i + 1;
        let at = Location::Order(n);
        if let Some(Some(key)) = repeated.get(i) {
            let key = crate::domain::text::shown(key);
            let problem = RowError::new(
                at.clone(),
                format!("键“{key}”出现了两次，无法确定用哪个值；请只保留一个"),
                format!("the key \"{key}\" is given twice, so which value counts is unclear; keep only one"),
            );
            let mut o = build_order(at, &RawHeader::default(), Vec::new(), Vec::new());
            o.problems = vec![problem];
            o.identified = false;
            orders.push(o);
            continue;
        }
        if let Some(problem) = shape_problem(&item, n) {
            let mut o = build_order(at, &RawHeader::default(), Vec::new(), Vec::new());
            o.problems = vec![problem];
            o.identified = false;
            orders.push(o);
            continue;
        }
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
                    format!("不符合导入格式（{e}）"),
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

/// The keys of an order and of a line, in the order the documentation gives them.
const ORDER_KEYS: [&str; 9] = [
    "channel",
    "channel_ref",
    "customer",
    "customer_ref",
    "requested_date",
    "urgency",
    "terms",
    "special",
    "lines",
];
const LINE_KEYS: [&str; 4] = ["product", "qty", "unit_price", "discount"];
/// The keys whose value may be written as a number as well as text.
const NUMBER_KEYS: [&str; 6] = [
    "channel_ref",
    "customer_ref",
    "product",
    "qty",
    "unit_price",
    "discount",
];

/// What kind of JSON value `v` is, in both languages, and the value as written (a
/// number keeps its exact text).
fn kind_of(v: &serde_json::Value) -> (&'static str, &'static str, String) {
    use serde_json::Value as V;
    match v {
        V::Null => ("空值", "null", "null".into()),
        V::Bool(b) => ("真假值", "true/false", b.to_string()),
        V::Number(n) => ("数字", "a number", n.to_string()),
        V::String(s) => ("文本", "text", format!("\"{s}\"")),
        V::Array(_) => ("数组", "an array", "[…]".into()),
        V::Object(_) => ("对象", "an object", "{…}".into()),
    }
}

/// The first way `item` (the n-th order) does not have the shape of an order, in the
/// user's words; `None` when it has that shape.
fn shape_problem(item: &serde_json::Value, n: usize) -> Option<RowError> {
    use serde_json::Value as V;
    let order_at = Location::Order(n);
    let Some(fields) = item.as_object() else {
        let (zh, en, v) = kind_of(item);
        return Some(RowError::new(
            order_at,
            format!("订单应写成对象 {{ \"channel\": …, \"lines\": [ … ] }}，这里是{zh} {v}"),
            format!("an order is an object {{ \"channel\": …, \"lines\": [ … ] }}, found {en} {v}"),
        ));
    };
    let wrong_value = |at: Location, key: &str, v: &V| -> Option<RowError> {
        let fine = match v {
            V::String(_) | V::Null => true,
            V::Number(_) => NUMBER_KEYS.contains(&key),
            _ => false,
        };
        if fine {
            return None;
        }
        let (zh, en, shown) = kind_of(v);
        let (want_zh, want_en) = if NUMBER_KEYS.contains(&key) {
            ("文本或数字", "text or a number")
        } else {
            ("文本", "text")
        };
        Some(RowError::new(
            at,
            format!("“{key}”应为{want_zh}，这里是{zh} {shown}"),
            format!("\"{key}\" must be {want_en}, found {en} {shown}"),
        ))
    };
    let unknown = |at: Location, key: &str, of_zh: &str, of_en: &str, keys: &[&str]| {
        RowError::new(
            at,
            format!(
                "没有名为“{key}”的字段；{of_zh}的字段有：{}",
                keys.join("、")
            ),
            format!(
                "unknown field `{key}`; the fields of {of_en} are: {}",
                keys.join(", ")
            ),
        )
    };
    for (key, v) in fields {
        if !ORDER_KEYS.contains(&key.as_str()) {
            return Some(unknown(order_at, key, "订单", "an order", &ORDER_KEYS));
        }
        if key == "lines" {
            continue;
        }
        if let Some(p) = wrong_value(order_at.clone(), key, v) {
            return Some(p);
        }
    }
    let lines = match fields.get("lines") {
        None => return None,
        Some(V::Array(lines)) => lines,
        Some(other) => {
            let (zh, en, v) = kind_of(other);
            return Some(RowError::new(
                order_at,
                format!("“lines”应为商品行的数组 [ {{ \"product\": …, \"qty\": … }} ]，这里是{zh} {v}"),
                format!("\"lines\" must be an array of lines [ {{ \"product\": …, \"qty\": … }} ], found {en} {v}"),
            ));
        }
    };
    for (j, line) in lines.iter().enumerate() {
        let at = Location::OrderLine {
            order: n,
            line: j + 1,
        };
        let Some(fields) = line.as_object() else {
            let (zh, en, v) = kind_of(line);
            return Some(RowError::new(
                at,
                format!("商品行应写成对象 {{ \"product\": …, \"qty\": … }}，这里是{zh} {v}"),
                format!("a line is an object {{ \"product\": …, \"qty\": … }}, found {en} {v}"),
            ));
        };
        for (key, v) in fields {
            if !LINE_KEYS.contains(&key.as_str()) {
                return Some(unknown(at, key, "商品行", "a line", &LINE_KEYS));
            }
            if let Some(p) = wrong_value(at.clone(), key, v) {
                return Some(p);
            }
        }
    }
    None
}

/// For each element of the top-level array, the first key that one of its objects gives
/// twice, as a path (`lines[1].qty`); `None` where every key is given once.
struct RepeatedKeys(Vec<Option<String>>);

impl<'de> Deserialize<'de> for RepeatedKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items;
        impl<'de> serde::de::Visitor<'de> for Items {
            type Value = Vec<Option<String>>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(KeyCheck(dup)) = seq.next_element()? {
                    out.push(dup);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Items).map(RepeatedKeys)
    }
}

/// Any JSON value, reduced to the path of its first repeated key.
struct KeyCheck(Option<String>);

impl<'de> Deserialize<'de> for KeyCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Option<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut seen = std::collections::HashSet::new();
                let mut first = None;
                while let Some(key) = map.next_key::<String>()? {
                    let KeyCheck(inner) = map.next_value()?;
                    if first.is_some() {
                        continue;
                    }
                    if let Some(inner) = inner {
                        first = Some(if inner.starts_with('[') {
                            format!("{key}{inner}")
                        } else {
                            format!("{key}.{inner}")
                        });
                    } else if !seen.insert(key.clone()) {
                        first = Some(key);
                    }
                }
                Ok(first)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut first = None;
                let mut i = 0;
                while let Some(KeyCheck(inner)) = seq.next_element()? {
                    if first.is_none() {
                        first = inner.map(|p| {
                            if p.starts_with('[') {
                                format!("[{i}]{p}")
                            } else {
                                format!("[{i}].{p}")
                            }
                        });
                    }
                    i += 1;
                }
                Ok(first)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V).map(KeyCheck)
    }
}

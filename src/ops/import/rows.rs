//! What the rows of an imported file become: orders read but not yet checked against
//! the database, and the errors located at their line in the file.

use std::collections::HashMap;

use crate::bi;
use crate::domain::money::{Discount, Qty, UnitPrice};
use crate::domain::order::{Channel, Urgency};
use crate::domain::text::{clean_text, shown_lines, to_half_width};
use crate::i18n::{Lang, Localized};
use crate::ops::intake::{LineInput, OrderInput};

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
    /// A reason in both languages; control and direction characters of the values it
    /// quotes from the file are shown escaped, so a file cannot drive the terminal.
    pub(super) fn new(at: Location, zh: impl Into<String>, en: impl Into<String>) -> RowError {
        RowError {
            at,
            zh: shown_lines(&zh.into()),
            en: shown_lines(&en.into()),
        }
    }

    pub(super) fn of(at: Location, e: &(impl Localized + ?Sized)) -> RowError {
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
    pub(super) identified: bool,
}

/// The order fields as written in the file, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RawHeader {
    pub(super) channel: String,
    pub(super) channel_ref: String,
    pub(super) customer: String,
    pub(super) customer_ref: String,
    pub(super) requested_date: String,
    pub(super) urgency: String,
    pub(super) terms: String,
    pub(super) special: String,
}

impl RawHeader {
    /// The fields that must agree on every row of an order: name, Chinese name, value.
    pub(super) fn shared(&self) -> [(&'static str, &'static str, &str); 6] {
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

pub(super) fn parse_channel(s: &str) -> Option<Channel> {
    let t = to_half_width(s.trim()).to_lowercase().replace('-', "_");
    Channel::ALL
        .into_iter()
        .find(|c| c.as_str() == t || c.label(Lang::Zh) == s.trim())
}

pub(super) fn parse_urgency(s: &str) -> Option<Urgency> {
    let t = to_half_width(s.trim()).to_lowercase();
    if t.is_empty() {
        return Some(Urgency::Normal);
    }
    Urgency::ALL
        .into_iter()
        .find(|u| u.as_str() == t || u.label(Lang::Zh) == s.trim())
}

/// Checks what can be checked without the database and builds the order.
pub(super) fn build_order(
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
pub(super) fn refuse_repeats(orders: &mut [ImportedOrder]) {
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

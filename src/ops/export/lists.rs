//! The exportable lists by name, for `orderdesk export <list>`: each name gives the
//! source its screen exports, with the command line's filters.

use chrono::{Datelike, NaiveDate};

use super::after_sales::{PurchaseRequests, Shortages, Tickets};
use super::commerce::{CustomerScope, Customers, OrderLines, Orders, Products, Queue};
use super::figures::{Figures, Table};
use super::goods::{Movements, PickLists, Shipments, Stock, WarehouseDay};
use super::money::{AccountLedger, InvoiceFilter, Invoices, Journal, Overdue, TrialBalance};
use super::Source;
use crate::domain::figures::{parse_period, Comparison, Period, Preset};
use crate::domain::goods::ShipmentStatus;
use crate::domain::order::OrderStage;
use crate::domain::purchase::RequestStatus;
use crate::ops::orders::OrderFilter;
use crate::ops::shortage::RequestFilter;
use crate::ops::tickets::{Scope, TicketFilter};
use crate::ops::{Actor, Error, Refusal, Result, Thing};
use crate::store::Db;

/// The names of the lists, with what each is, in both languages.
pub const LISTS: &[(&str, &str, &str)] = &[
    ("orders", "订单列表", "the order list"),
    ("order-lines", "订单明细行", "the lines of the orders"),
    ("queue", "审批队列", "the approval queue"),
    ("customers", "客户", "customers"),
    ("products", "商品", "products"),
    ("stock", "库存总览", "the stock overview"),
    (
        "stock-moves",
        "一个商品的库存流水（--product）",
        "one product's stock moves (--product)",
    ),
    ("warehouse", "仓库工作台", "the warehouse's day"),
    ("pick-lists", "进行中的拣货单", "pick lists under way"),
    ("shipments", "发货单", "shipments"),
    ("invoices", "发票", "invoices"),
    ("overdue", "逾期应收", "overdue receivables"),
    ("trial-balance", "试算平衡表", "the trial balance"),
    (
        "account-ledger",
        "科目明细账（--account）",
        "an account's ledger (--account)",
    ),
    ("journal", "凭证", "the journal"),
    ("returns", "退货单", "returns"),
    (
        "tickets",
        "客诉单（--status open|mine|overdue|all，--customer）",
        "complaint tickets (--status open|mine|overdue|all, --customer)",
    ),
    ("shortages", "缺货跟进", "the shortage list"),
    (
        "purchase-requests",
        "请购单（--status）",
        "purchase and production requests (--status)",
    ),
    ("figures-summary", "数据分析：概览", "figures: the summary"),
    (
        "figures-daily",
        "数据分析：按日销售",
        "figures: sales by day",
    ),
    (
        "figures-customers",
        "数据分析：客户排行",
        "figures: customers ranked",
    ),
    (
        "figures-products",
        "数据分析：商品排行",
        "figures: products ranked",
    ),
    ("figures-channels", "数据分析：渠道", "figures: channels"),
    (
        "figures-salespeople",
        "数据分析：业务员",
        "figures: salespeople",
    ),
    (
        "figures-times",
        "数据分析：处理时效",
        "figures: processing times",
    ),
    (
        "figures-on-time",
        "数据分析：按周准时交付",
        "figures: on-time delivery by week",
    ),
    (
        "figures-aging",
        "数据分析：应收账龄（今日）",
        "figures: receivables by age (today)",
    ),
    (
        "figures-staff",
        "数据分析：员工绩效",
        "figures: staff performance",
    ),
];

/// The list names, comma separated.
pub fn list_names() -> String {
    LISTS
        .iter()
        .map(|(n, _, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The filters the command line gives.
#[derive(Debug, Clone, Default)]
pub struct ListArgs {
    /// First and last date (order date, invoice period, ledger period).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// A search, as typed into the list's search line (customers, products, stock).
    pub search: Option<String>,
    /// The order stage (orders, order lines), the invoice filter (open, paid, overdue)
    /// or the shipment status.
    pub status: Option<String>,
    /// An account code (account ledger).
    pub account: Option<String>,
    /// A SKU or barcode (stock moves).
    pub product: Option<String>,
    /// A customer code (a customer's tickets).
    pub customer: Option<String>,
    /// The figures' period when no dates are given: this month so far (the default),
    /// last month, this year so far.
    pub preset: Option<Preset>,
    /// What the figures are compared with: `previous` (the default), `year`, `none`, or
    /// two dates `2026-10-01..2026-10-31`.
    pub compare: Option<String>,
    /// The user exporting: whose tickets "mine" are.
    pub viewer: Option<Actor>,
}

fn needs(option: &'static str, list: &str) -> Error {
    Refusal::ExportNeeds {
        option,
        list: list.to_string(),
    }
    .into()
}

fn bad_status(text: &str, list: &str) -> Error {
    Refusal::ExportBadStatus {
        text: text.to_string(),
        list: list.to_string(),
    }
    .into()
}

/// The month of `today` when the command line gives no period.
fn period(db: &Db, a: &ListArgs) -> Result<(NaiveDate, NaiveDate)> {
    let today = crate::ops::today(db)?;
    let first = today.with_day(1).unwrap_or(today);
    let from = a.from.unwrap_or(first);
    let to = a.to.unwrap_or(today);
    if to < from {
        return Err(Refusal::PeriodReversed { from, to }.into());
    }
    Ok((from, to))
}

/// The figures' period and the one compared with: the dates given (a missing first date
/// is the first of the month, a missing last date today), else the preset's period.
fn figure_periods(db: &Db, a: &ListArgs) -> Result<(Period, Option<Period>)> {
    let of_preset = match (a.from, a.to, a.preset) {
        (None, None, Some(preset)) => crate::ops::figures::preset_period(db, preset)?,
        _ => None,
    };
    let p = match of_preset {
        Some(p) => p,
        None => {
            let (from, to) = period(db, a)?;
            Period::new(from, to).ok_or(Refusal::PeriodTooLong { from, to })?
        }
    };
    let cmp = match a.compare.as_deref().map(str::trim) {
        None | Some("" | "previous") => Comparison::Previous.of(p),
        Some("year") => Comparison::YearBefore.of(p),
        Some("none") => None,
        Some(other) => Some(parse_period(other).ok_or_else(|| Refusal::BadComparison {
            text: other.to_string(),
        })?),
    };
    Ok((p, cmp))
}

/// The customer of a code, for a customer's tickets.
fn customer_id(db: &Db, code: &str) -> Result<i64> {
    crate::ops::master::find_customers(db, code, 5)?
        .into_iter()
        .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
        .map(|c| c.id)
        .ok_or_else(|| Error::NotFound {
            what: Thing::Customer,
            key: code.trim().to_string(),
        })
}

fn order_filter(name: &str, a: &ListArgs) -> Result<OrderFilter> {
    let stage = match a.status.as_deref() {
        None => None,
        Some(s) => Some(OrderStage::parse(s).ok_or_else(|| bad_status(s, name))?),
    };
    Ok(OrderFilter {
        stage,
        date_from: a.from.map(|d| d.to_string()),
        date_to: a.to.map(|d| d.to_string()),
        ..OrderFilter::default()
    })
}

/// The source of the list named `name`, with the command line's filters.
pub fn source_by_name(db: &Db, name: &str, a: &ListArgs) -> Result<Box<dyn Source>> {
    let search = a.search.clone().unwrap_or_default();
    Ok(match name.trim() {
        "orders" => Box::new(Orders {
            filter: order_filter(name, a)?,
        }),
        "order-lines" => Box::new(OrderLines {
            filter: order_filter(name, a)?,
        }),
        "queue" => Box::new(Queue),
        "customers" if search.trim().is_empty() => Box::new(Customers {
            scope: CustomerScope::All,
        }),
        "customers" => Box::new(Customers {
            scope: CustomerScope::Search(search, 10_000),
        }),
        "products" => Box::new(Products { query: search }),
        "stock" => Box::new(Stock { query: search }),
        "stock-moves" => {
            let code = a
                .product
                .as_deref()
                .ok_or_else(|| needs("--product", name))?;
            let p =
                crate::ops::master::product_by_code(db, code)?.ok_or_else(|| Error::NotFound {
                    what: Thing::Product,
                    key: code.to_string(),
                })?;
            Box::new(Movements {
                product_id: p.id,
                sku: p.sku,
            })
        }
        "warehouse" => Box::new(WarehouseDay),
        "pick-lists" => Box::new(PickLists),
        "returns" => {
            let status = match a.status.as_deref() {
                None => None,
                Some(s) => Some(
                    crate::domain::returns::ReturnStatus::parse(s)
                        .ok_or_else(|| bad_status(s, name))?,
                ),
            };
            Box::new(super::after_sales::Returns { status })
        }
        "shipments" => {
            let statuses = match a.status.as_deref() {
                None => Vec::new(),
                Some(s) => vec![ShipmentStatus::ALL
                    .into_iter()
                    .find(|x| x.as_str() == s.trim())
                    .ok_or_else(|| bad_status(s, name))?],
            };
            Box::new(Shipments { statuses })
        }
        "invoices" => {
            let filter = match a.status.as_deref().map(str::trim) {
                None | Some("all") => InvoiceFilter::All,
                Some("open") => InvoiceFilter::Open,
                Some("paid") => InvoiceFilter::Paid,
                Some("overdue") => InvoiceFilter::Overdue,
                Some(s) => return Err(bad_status(s, name)),
            };
            Box::new(Invoices { filter })
        }
        "overdue" => Box::new(Overdue),
        "trial-balance" => {
            let (from, to) = period(db, a)?;
            Box::new(TrialBalance { from, to })
        }
        "account-ledger" => {
            let account = a.account.clone().ok_or_else(|| needs("--account", name))?;
            let (from, to) = period(db, a)?;
            Box::new(AccountLedger { account, from, to })
        }
        "journal" => {
            let (from, to) = period(db, a)?;
            Box::new(Journal { from, to })
        }
        "tickets" => {
            let filter = match a.status.as_deref() {
                None => TicketFilter::All,
                Some(s) => TicketFilter::parse(s).ok_or_else(|| bad_status(s, name))?,
            };
            let scope = match a.customer.as_deref() {
                Some(code) => Scope::Customer(customer_id(db, code)?),
                None => Scope::All,
            };
            Box::new(Tickets {
                scope,
                filter,
                viewer: a.viewer.clone(),
            })
        }
        "shortages" => Box::new(Shortages),
        "purchase-requests" => {
            let filter = match a.status.as_deref().map(str::trim) {
                None | Some("pending") => RequestFilter::Pending,
                Some("all") => RequestFilter::All,
                Some(s) => RequestFilter::Status(
                    RequestStatus::parse(s).ok_or_else(|| bad_status(s, name))?,
                ),
            };
            Box::new(PurchaseRequests { filter })
        }
        other => match Table::parse(other) {
            Some(table) => {
                let (period, compared) = figure_periods(db, a)?;
                Box::new(Figures {
                    table,
                    period,
                    compared,
                })
            }
            None => {
                return Err(Refusal::UnknownExportList {
                    name: other.to_string(),
                    known: list_names(),
                }
                .into())
            }
        },
    })
}

//! The exportable lists by name, for `orderdesk export <list>`: each name gives the
//! source its screen exports, with the command line's filters.

use chrono::{Datelike, NaiveDate};

use super::commerce::{CustomerScope, Customers, OrderLines, Orders, Products, Queue};
use super::goods::{Movements, PickLists, Shipments, Stock, WarehouseDay};
use super::money::{AccountLedger, InvoiceFilter, Invoices, Journal, Overdue, TrialBalance};
use super::Source;
use crate::domain::goods::ShipmentStatus;
use crate::domain::order::OrderStage;
use crate::ops::orders::OrderFilter;
use crate::ops::{Error, Refusal, Result, Thing};
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
        other => {
            return Err(Refusal::UnknownExportList {
                name: other.to_string(),
                known: list_names(),
            }
            .into())
        }
    })
}

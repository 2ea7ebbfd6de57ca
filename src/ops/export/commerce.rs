//! The lists of the commerce flow (商流) as tables: orders, their lines, the approval
//! queue, customers and products, each read through its screen's keyset query.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{paged, Ctx, Rows, Source, PAGE};
use crate::domain::access::Permission;
use crate::domain::customer::CustomerStatus;
use crate::domain::goods::Fulfilment;
use crate::domain::money::{Money, Qty, UnitPrice};
use crate::domain::order::OrderStage;
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::approval::{QueueCursor, QueueRow};
use crate::ops::master::{Customer, Product};
use crate::ops::orders::{OrderCursor, OrderFilter, OrderListRow};
use crate::ops::{Error, Result};
use crate::store::{self, Db, StoreError};

fn date(text: &str) -> Result<Cell> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Cell::Date)
        .map_err(|_| Error::Store(StoreError::Corrupt(format!("date {text:?}"))))
}

/// The order list as filtered on its screen (the viewer's drafts are not put first).
#[derive(Debug, Clone, Default)]
pub struct Orders {
    pub filter: OrderFilter,
}

const ORDER_COLUMNS: [Column; 8] = [
    Column::new("订单号", "Order no.", Kind::Text),
    Column::new("日期", "Date", Kind::Date),
    Column::new("客户", "Customer", Kind::Text),
    Column::new("状态", "Stage", Kind::Text),
    Column::new("履约", "Fulfilment", Kind::Text),
    Column::new("紧急程度", "Urgency", Kind::Text),
    Column::new("制单人", "Author", Kind::Text),
    Column::new("金额", "Amount", Kind::Money),
];

/// A page of the order list after `after`, with the fulfilment status of its approved
/// and closed orders, in one snapshot.
fn order_page(
    db: &Db,
    filter: &OrderFilter,
    after: Option<&OrderCursor>,
) -> Result<Vec<(OrderListRow, Option<Fulfilment>)>> {
    db.read_snapshot(|c| {
        let rows = store::orders::page(c, filter, after, PAGE)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let f = if matches!(r.stage, OrderStage::Approved | OrderStage::Closed) {
                store::orders::fulfilment_code(c, r.id)?
                    .as_deref()
                    .and_then(Fulfilment::parse)
            } else {
                None
            };
            out.push((r, f));
        }
        Ok::<_, Error>(out)
    })
}

fn order_cursor(r: &OrderListRow) -> OrderCursor {
    OrderCursor {
        urgency_rank: r.urgency_rank,
        order_date: r.order_date.clone(),
        id: r.id,
        own_draft: r.own_draft,
    }
}

fn order_no(r: &OrderListRow, lang: Lang) -> String {
    r.number
        .clone()
        .or_else(|| r.draft_no.clone())
        .unwrap_or_else(|| lang.pick("（草稿）", "(draft)").to_string())
}

impl Orders {
    fn filter(&self) -> OrderFilter {
        OrderFilter {
            drafts_first_of: None,
            ..self.filter.clone()
        }
    }
}

impl Source for Orders {
    fn name(&self) -> &'static str {
        "orders"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("订单", "Orders").into()
    }

    fn columns(&self) -> Vec<Column> {
        ORDER_COLUMNS.to_vec()
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let filter = self.filter();
        paged(
            |after| order_page(db, &filter, after),
            |(r, _)| order_cursor(r),
            |(r, f)| {
                Ok(vec![
                    Cell::text(order_no(r, cx.lang)),
                    date(&r.order_date)?,
                    Cell::text(r.customer_name.clone()),
                    Cell::text(r.stage.label(cx.lang)),
                    Cell::text(f.map(|f| f.label(cx.lang)).unwrap_or_default()),
                    Cell::text(r.urgency.label(cx.lang)),
                    Cell::text(r.author.clone()),
                    Cell::Money(r.gross),
                ])
            },
            out,
        )
    }
}

/// The lines of the orders of the order list (订单明细), in the list's order.
#[derive(Debug, Clone, Default)]
pub struct OrderLines {
    pub filter: OrderFilter,
}

impl Source for OrderLines {
    fn name(&self) -> &'static str {
        "order-lines"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("订单明细", "Order lines").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("日期", "Date", Kind::Date),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("状态", "Stage", Kind::Text),
            Column::new("行号", "Line", Kind::Int),
            Column::new("货号", "SKU", Kind::Text),
            Column::new("商品", "Product", Kind::Text),
            Column::new("规格", "Spec", Kind::Text),
            Column::new("单位", "Unit", Kind::Text),
            Column::new("数量", "Qty", Kind::Qty),
            Column::new("单价", "Unit price", Kind::Price),
            Column::new("折扣", "Discount", Kind::Percent),
            Column::new("税率", "Tax rate", Kind::Percent),
            Column::new("不含税金额", "Net", Kind::Money),
            Column::new("税额", "Tax", Kind::Money),
            Column::new("价税合计", "Gross", Kind::Money),
            Column::new("已发货", "Shipped", Kind::Qty),
            Column::new("已签收", "Delivered", Kind::Qty),
            Column::new("已开票", "Invoiced", Kind::Qty),
            Column::new("已取消", "Cancelled", Kind::Qty),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let filter = Orders {
            filter: self.filter.clone(),
        }
        .filter();
        let mut after: Option<OrderCursor> = None;
        loop {
            let (orders, lines) = db.read_snapshot(|c| {
                let orders = store::orders::page(c, &filter, after.as_ref(), PAGE)?;
                let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
                let lines = store::export::lines_of_orders(c, &ids)?;
                Ok::<_, Error>((orders, lines))
            })?;
            let mut by_order: HashMap<i64, Vec<store::orders::LineRow>> = HashMap::new();
            for (order_id, line) in lines {
                by_order.entry(order_id).or_default().push(line);
            }
            for o in &orders {
                let head = [
                    Cell::text(order_no(o, cx.lang)),
                    date(&o.order_date)?,
                    Cell::text(o.customer_name.clone()),
                    Cell::text(o.stage.label(cx.lang)),
                ];
                for l in by_order.remove(&o.id).unwrap_or_default() {
                    let mut cells = head.to_vec();
                    cells.extend([
                        Cell::Int(l.line_no),
                        Cell::text(l.sku),
                        Cell::text(l.name),
                        Cell::text(l.spec),
                        Cell::text(l.unit),
                        Cell::Qty(Qty::from_db(l.qty)),
                        Cell::Price(UnitPrice::from_db(l.unit_price)),
                        Cell::Percent(l.discount_bp),
                        Cell::Percent(l.tax_bp),
                        Cell::Money(Money::from_minor(l.net_minor)),
                        Cell::Money(Money::from_minor(l.tax_minor)),
                        Cell::Money(Money::from_minor(l.gross_minor)),
                        Cell::Qty(Qty::from_db(l.qty_shipped)),
                        Cell::Qty(Qty::from_db(l.qty_delivered)),
                        Cell::Qty(Qty::from_db(l.qty_invoiced)),
                        Cell::Qty(Qty::from_db(l.qty_cancelled)),
                    ]);
                    out(cells)?;
                }
            }
            match orders.last() {
                Some(last) if orders.len() as i64 >= PAGE => after = Some(order_cursor(last)),
                _ => return Ok(()),
            }
        }
    }
}

/// The approval queue (审批队列) with the orders on hold, most urgent first.
#[derive(Debug, Clone, Default)]
pub struct Queue;

impl Source for Queue {
    fn name(&self) -> &'static str {
        "approval-queue"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("审批队列", "Approval queue").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("金额", "Amount", Kind::Money),
            Column::new("紧急程度", "Urgency", Kind::Text),
            Column::new("要求交货日期", "Requested date", Kind::Date),
            Column::new("提交人", "Submitted by", Kind::Text),
            Column::new("提交时间", "Submitted at", Kind::DateTime),
            Column::new("待审原因", "Waiting for", Kind::Text),
            Column::new("暂停", "On hold", Kind::Text),
            Column::new("备注", "Note", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[Permission::ApproveOrders, Permission::ApproveCredit]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        paged(
            |after: Option<&Option<QueueCursor>>| {
                crate::ops::approval::queue_with_held(db, after.and_then(Option::as_ref), PAGE)
            },
            |r: &QueueRow| crate::ops::approval::queue_cursor(std::slice::from_ref(r)),
            |r| {
                let reasons: Vec<&str> = r.reasons.iter().map(|x| x.label(cx.lang)).collect();
                Ok(vec![
                    Cell::opt_text(r.number.clone()),
                    Cell::text(r.customer_name.clone()),
                    Cell::Money(r.gross),
                    Cell::text(r.urgency.label(cx.lang)),
                    Cell::opt_date(r.requested_date),
                    Cell::text(r.submitted_by.clone()),
                    r.submitted_at
                        .as_deref()
                        .map_or(Cell::Empty, |t| cx.local(t)),
                    Cell::text(reasons.join(cx.lang.pick("、", "; "))),
                    Cell::text(if r.held {
                        cx.lang.pick("是", "yes")
                    } else {
                        ""
                    }),
                    Cell::opt_text(r.note.clone()),
                ])
            },
            out,
        )
    }
}

/// Which customers the customer list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerScope {
    /// Every customer by code.
    All,
    /// The results of a search, as many as the screen holds.
    Search(String, usize),
    /// These customers (several matches of a scan).
    Ids(Vec<i64>),
}

/// The customer list (客户).
#[derive(Debug, Clone)]
pub struct Customers {
    pub scope: CustomerScope,
}

fn status_label(s: CustomerStatus, lang: Lang) -> &'static str {
    match s {
        CustomerStatus::Prospect => lang.pick("潜在客户", "Prospect"),
        CustomerStatus::Active => lang.pick("正常", "Active"),
        CustomerStatus::Blocked => lang.pick("已冻结", "Blocked"),
    }
}

fn customer_cells(c: &Customer, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(c.code.clone()),
        Cell::text(c.name.clone()),
        Cell::opt_text(c.phone.clone()),
        Cell::opt_text(c.address.clone()),
        Cell::text(c.terms.label(lang)),
        Cell::Money(c.credit_limit),
        Cell::text(status_label(c.status, lang)),
        Cell::opt_text(c.status_reason.clone()),
    ]
}

impl Source for Customers {
    fn name(&self) -> &'static str {
        "customers"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("客户", "Customers").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("编号", "Code", Kind::Text),
            Column::new("名称", "Name", Kind::Text),
            Column::new("电话", "Phone", Kind::Text),
            Column::new("地址", "Address", Kind::Text),
            Column::new("付款条件", "Terms", Kind::Text),
            Column::new("信用额度", "Credit limit", Kind::Money),
            Column::new("状态", "Status", Kind::Text),
            Column::new("状态原因", "Status reason", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        match &self.scope {
            CustomerScope::All => paged(
                |after: Option<&String>| {
                    crate::ops::master::customers_page(db, after.map_or("", String::as_str), PAGE)
                },
                |c: &Customer| c.code.clone(),
                |c| Ok(customer_cells(c, cx.lang)),
                out,
            ),
            CustomerScope::Search(q, limit) => {
                for c in crate::ops::master::find_customers(db, q, *limit)? {
                    out(customer_cells(&c, cx.lang))?;
                }
                Ok(())
            }
            CustomerScope::Ids(ids) => {
                for &id in ids {
                    let c = crate::ops::master::customer(db, id)?.customer;
                    out(customer_cells(&c, cx.lang))?;
                }
                Ok(())
            }
        }
    }
}

/// The product list (商品): every product by SKU, or the results of a search.
#[derive(Debug, Clone, Default)]
pub struct Products {
    /// The search typed; empty: every product.
    pub query: String,
}

fn product_cells(p: &Product, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(p.sku.clone()),
        Cell::text(p.name.clone()),
        Cell::text(p.spec.clone()),
        Cell::text(p.unit.clone()),
        Cell::Price(p.list_price),
        Cell::Price(p.floor_price),
        Cell::Percent(p.tax_rate.to_bp()),
        Cell::Price(p.avg_cost),
        Cell::text(if p.active {
            lang.pick("在售", "active")
        } else {
            lang.pick("停用", "inactive")
        }),
    ]
}

impl Source for Products {
    fn name(&self) -> &'static str {
        "products"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("商品", "Products").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("货号", "SKU", Kind::Text),
            Column::new("名称", "Name", Kind::Text),
            Column::new("规格", "Spec", Kind::Text),
            Column::new("单位", "Unit", Kind::Text),
            Column::new("售价", "List price", Kind::Price),
            Column::new("最低售价", "Floor price", Kind::Price),
            Column::new("税率", "Tax rate", Kind::Percent),
            Column::new("平均成本", "Average cost", Kind::Price),
            Column::new("状态", "Status", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let q = self.query.trim();
        if q.is_empty() {
            paged(
                |after: Option<&String>| {
                    crate::ops::master::products_page(db, after.map_or("", String::as_str), PAGE)
                },
                |p: &Product| p.sku.clone(),
                |p| Ok(product_cells(p, cx.lang)),
                out,
            )
        } else {
            paged(
                |after: Option<&i64>| {
                    crate::ops::master::find_products(
                        db,
                        q,
                        after.copied().unwrap_or(0),
                        PAGE as usize,
                    )
                },
                |p: &Product| p.id,
                |p| Ok(product_cells(p, cx.lang)),
                out,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_date_that_is_no_date_is_reported() {
        assert!(date("2026-11-30").is_ok());
        assert!(matches!(
            date("30/11/2026"),
            Err(Error::Store(StoreError::Corrupt(_)))
        ));
    }
}

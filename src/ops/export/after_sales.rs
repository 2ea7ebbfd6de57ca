//! The lists of after-sales and of the shortage follow-up as tables: the returns
//! (退货单), the complaint tickets (客诉单) with the list's filter, the shortage list
//! (缺货跟进) and the purchase and production requests (请购单), each read through its
//! screen's keyset query.

use chrono::NaiveDate;

use super::{paged, Ctx, Rows, Source, PAGE};
use crate::domain::access::Permission;
use crate::domain::money::{Money, Qty};
use crate::domain::returns::ReturnStatus;
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::shortage::{RequestFilter, RequestRow, Shortage, ShortageCursor};
use crate::ops::tickets::{Scope, TicketFilter, TicketSummary};
use crate::ops::{Actor, Result};
use crate::store::returns::ReturnRow;
use crate::store::Db;

/// Who may read the ticket list: those who work on tickets (its screen's permission).
const TICKETS: &[Permission] = &[Permission::HandleTickets];
/// Who may read the shortage list and the requests (their screens' permissions).
const SHORTAGES: &[Permission] = &[Permission::RequestPurchases, Permission::ReceiveStock];

fn date(text: &str) -> Cell {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| Cell::text(text), Cell::Date)
}

fn instant(cx: &Ctx, stored: Option<&str>) -> Cell {
    stored.map_or(Cell::Empty, |t| cx.local(t))
}

/// The ticket list (客诉单) as its screen shows it: whose tickets, kept by the filter
/// for the user looking ("mine" are the viewer's), newest first.
#[derive(Debug, Clone)]
pub struct Tickets {
    pub scope: Scope,
    pub filter: TicketFilter,
    /// The user whose tickets "mine" are; without one, "mine" is empty.
    pub viewer: Option<Actor>,
}

impl Source for Tickets {
    fn name(&self) -> &'static str {
        "tickets"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(lang, "客诉单 {}", "Tickets {}", self.filter.label(lang))
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("单号", "Ticket", Kind::Text),
            Column::new("登记时间", "Opened", Kind::DateTime),
            Column::new("客户编号", "Customer code", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("发货单号", "Shipment", Kind::Text),
            Column::new("货号", "SKU", Kind::Text),
            Column::new("类型", "Type", Kind::Text),
            Column::new("级别", "Severity", Kind::Text),
            Column::new("负责人", "Owner", Kind::Text),
            Column::new("状态", "State", Kind::Text),
            Column::new("超时", "Late", Kind::Text),
            Column::new("响应时限", "Respond by", Kind::DateTime),
            Column::new("解决时限", "Resolve by", Kind::DateTime),
            Column::new("首次响应", "Responded", Kind::DateTime),
            Column::new("解决时间", "Resolved", Kind::DateTime),
            Column::new("关闭时间", "Closed", Kind::DateTime),
            Column::new("主题", "Subject", Kind::Text),
            Column::new("处理结果", "Resolution", Kind::Text),
            Column::new("满意度", "Satisfaction", Kind::Int),
            Column::new("客户评价", "Customer's words", Kind::Text),
            Column::new("登记人", "Opened by", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        TICKETS
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        paged(
            |after: Option<&i64>| {
                crate::ops::tickets::tickets_page(
                    db,
                    self.viewer.as_ref(),
                    self.scope,
                    self.filter,
                    after.copied(),
                    PAGE,
                )
            },
            |t: &TicketSummary| t.row.id,
            |t| Ok(ticket_cells(t, cx)),
            out,
        )
    }
}

/// A ticket's cells: its broken promise in words (still to keep, or kept late).
fn ticket_cells(t: &TicketSummary, cx: &Ctx) -> Vec<Cell> {
    let r = &t.row;
    let lang = cx.lang;
    let late = match t.overdue {
        Some(o) => o.label(lang),
        None if t.resolved_late => lang.pick("逾期解决", "resolved late"),
        None => "",
    };
    vec![
        Cell::text(r.number.clone()),
        cx.local(&r.opened_at),
        Cell::text(r.customer_code.clone()),
        Cell::text(r.customer_name.clone()),
        Cell::opt_text(r.order_no.clone()),
        Cell::opt_text(r.shipment_no.clone()),
        Cell::opt_text(r.product_sku.clone()),
        Cell::text(r.kind.label(lang)),
        Cell::text(r.severity.label(lang)),
        Cell::text(r.owner_name.clone()),
        Cell::text(r.status.label(lang)),
        Cell::text(late),
        cx.local(&r.respond_by),
        cx.local(&r.resolve_by),
        instant(cx, r.responded_at.as_deref()),
        instant(cx, r.resolved_at.as_deref()),
        instant(cx, r.closed_at.as_deref()),
        Cell::text(r.subject.clone()),
        Cell::opt_text(r.resolution.clone()),
        t.satisfaction()
            .map_or(Cell::Empty, |s| Cell::Int(i64::from(s.get()))),
        Cell::opt_text(r.customer_words.clone()),
        Cell::text(r.opened_by_name.clone()),
    ]
}

/// The shortage list (缺货跟进): the short products, the most urgent first, with their
/// stock and what requests bring.
#[derive(Debug, Clone, Default)]
pub struct Shortages;

impl Source for Shortages {
    fn name(&self) -> &'static str {
        "shortages"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("缺货跟进", "Shortages").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("货号", "SKU", Kind::Text),
            Column::new("商品", "Product", Kind::Text),
            Column::new("单位", "Unit", Kind::Text),
            Column::new("缺货数量", "Backordered", Kind::Qty),
            Column::new("等待订单", "Orders", Kind::Int),
            Column::new("订单行", "Lines", Kind::Int),
            Column::new("最紧急", "Most urgent", Kind::Text),
            Column::new("最早要求日期", "Earliest wanted", Kind::Date),
            Column::new("现有", "On hand", Kind::Qty),
            Column::new("已预留", "Reserved", Kind::Qty),
            Column::new("可用", "Available", Kind::Qty),
            Column::new("各仓现有", "On hand by warehouse", Kind::Text),
            Column::new("已请购未到", "Requested", Kind::Qty),
            Column::new("还需请购", "Not requested", Kind::Qty),
            Column::new("最早预计到货", "First expected", Kind::Date),
            Column::new("请购单号", "Request", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        SHORTAGES
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        paged(
            |after: Option<&ShortageCursor>| crate::ops::shortage::shortage_page(db, after, PAGE),
            |s: &Shortage| s.cursor.clone(),
            |s| {
                let by_warehouse: Vec<String> = s
                    .warehouses
                    .iter()
                    .map(|w| format!("{} {}", w.code, Qty::from_db(w.storage + w.other)))
                    .collect();
                Ok(vec![
                    Cell::text(s.sku.clone()),
                    Cell::text(s.name.clone()),
                    Cell::text(s.unit.clone()),
                    Cell::Qty(s.backordered),
                    Cell::Int(s.orders),
                    Cell::Int(s.lines),
                    Cell::text(s.urgency.label(cx.lang)),
                    Cell::opt_date(s.earliest_requested),
                    Cell::Qty(s.on_hand),
                    Cell::Qty(s.reserved),
                    Cell::Qty(s.available),
                    Cell::text(by_warehouse.join(" · ")),
                    Cell::Qty(s.requested),
                    Cell::Qty(s.uncovered()),
                    Cell::opt_date(s.expected.as_ref().map(|(d, _)| *d)),
                    Cell::opt_text(s.expected.as_ref().map(|(_, n)| n.clone())),
                ])
            },
            out,
        )
    }
}

/// The purchase and production requests (请购单) with the list's filter, newest first.
#[derive(Debug, Clone, Default)]
pub struct PurchaseRequests {
    pub filter: RequestFilter,
}

impl Source for PurchaseRequests {
    fn name(&self) -> &'static str {
        "purchase-requests"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(
            lang,
            "请购单 {}",
            "Purchase requests {}",
            crate::ops::shortage::filter_label(self.filter, lang)
        )
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("请购单", "Request", Kind::Text),
            Column::new("状态", "State", Kind::Text),
            Column::new("来源", "Source", Kind::Text),
            Column::new("货号", "SKU", Kind::Text),
            Column::new("商品", "Product", Kind::Text),
            Column::new("单位", "Unit", Kind::Text),
            Column::new("数量", "Qty", Kind::Qty),
            Column::new("已到货", "Received", Kind::Qty),
            Column::new("预计到货", "Expected", Kind::Date),
            Column::new("逾期", "Late", Kind::Text),
            Column::new("供应商/车间", "Supplier/workshop", Kind::Text),
            Column::new("备注", "Note", Kind::Text),
            Column::new("开单人", "Made by", Kind::Text),
            Column::new("开单时间", "Made", Kind::DateTime),
            Column::new("下单时间", "Ordered", Kind::DateTime),
            Column::new("完成时间", "Closed", Kind::DateTime),
            Column::new("取消原因", "Cancel reason", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        SHORTAGES
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let today = crate::ops::today(db)?.to_string();
        let filter = self.filter;
        paged(
            |after: Option<&i64>| {
                crate::ops::shortage::requests_page(db, filter, after.copied(), PAGE)
            },
            |r: &RequestRow| r.id,
            |r| {
                // Still expected and its date gone by: late, as the list marks it.
                let late = r.status.is_pending() && r.expected_date.as_str() < today.as_str();
                Ok(vec![
                    Cell::text(r.number.clone()),
                    Cell::text(r.status.label(cx.lang)),
                    Cell::text(r.kind.label(cx.lang)),
                    Cell::text(r.sku.clone()),
                    Cell::text(r.product_name.clone()),
                    Cell::text(r.unit.clone()),
                    Cell::Qty(Qty::from_db(r.qty)),
                    Cell::Qty(Qty::from_db(r.qty_received)),
                    date(&r.expected_date),
                    Cell::text(if late {
                        cx.lang.pick("逾期", "late")
                    } else {
                        ""
                    }),
                    Cell::text(r.supplier.clone()),
                    Cell::text(r.note.clone()),
                    Cell::text(r.created_by_name.clone()),
                    cx.local(&r.created_at),
                    instant(cx, r.ordered_at.as_deref()),
                    instant(cx, r.closed_at.as_deref()),
                    Cell::opt_text(r.cancel_reason.clone()),
                ])
            },
            out,
        )
    }
}

/// The return list (退货单), newest first: all returns or those in one state.
#[derive(Debug, Clone, Default)]
pub struct Returns {
    pub status: Option<ReturnStatus>,
}

impl Source for Returns {
    fn name(&self) -> &'static str {
        "returns"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("退货单", "Returns").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("退货单号", "Return", Kind::Text),
            Column::new("开单时间", "Opened", Kind::DateTime),
            Column::new("客户编号", "Customer code", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("发货单号", "Shipment", Kind::Text),
            Column::new("原因", "Reason", Kind::Text),
            Column::new("状态", "Status", Kind::Text),
            Column::new("退货数量", "Quantity", Kind::Qty),
            Column::new("已收", "Received", Kind::Qty),
            Column::new("红字发票", "Credit note", Kind::Text),
            Column::new("冲账金额", "Credited", Kind::Money),
            Column::new("退款", "Refunded", Kind::Money),
            Column::new("转预收款", "Kept as prepayment", Kind::Money),
            Column::new("换货订单", "Exchange order", Kind::Text),
            Column::new("说明", "Note", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[
            Permission::CreateOrders,
            Permission::ReceiveStock,
            Permission::IssueInvoices,
            Permission::ViewReports,
        ]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let status = self.status;
        paged(
            |before: Option<&i64>| {
                Ok(db.read(|c| {
                    crate::store::returns::page(
                        c,
                        status,
                        before.copied().unwrap_or(i64::MAX),
                        PAGE,
                    )
                })?)
            },
            |r: &ReturnRow| r.id,
            |r| {
                Ok(vec![
                    Cell::text(r.number.clone()),
                    cx.local(&r.created_at),
                    Cell::text(r.customer_code.clone()),
                    Cell::text(r.customer_name.clone()),
                    Cell::opt_text(r.order_no.clone()),
                    Cell::text(r.shipment_no.clone()),
                    Cell::text(r.reason.label(cx.lang)),
                    Cell::text(r.status.label(cx.lang)),
                    Cell::Qty(Qty::from_db(r.qty)),
                    Cell::Qty(Qty::from_db(r.accounted)),
                    Cell::opt_text(r.credit_note_no.clone()),
                    Cell::Money(Money::from_minor(r.credit_minor)),
                    Cell::Money(Money::from_minor(r.refund_minor)),
                    Cell::Money(Money::from_minor(r.prepaid_minor)),
                    Cell::opt_text(r.exchange_order_no.clone()),
                    Cell::text(r.note.clone()),
                ])
            },
            out,
        )
    }
}

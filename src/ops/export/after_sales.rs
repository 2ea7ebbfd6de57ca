//! The lists of after-sales (售后) as tables: the returns (退货单).

use super::{paged, Ctx, Rows, Source, PAGE};
use crate::domain::access::Permission;
use crate::domain::money::{Money, Qty};
use crate::domain::returns::ReturnStatus;
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::Result;
use crate::store::returns::ReturnRow;
use crate::store::Db;

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

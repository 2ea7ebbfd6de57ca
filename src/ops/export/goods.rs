//! The lists of the goods flow (物流) as tables: the stock overview, a product's
//! movements, the warehouse's day, the pick lists under way and the shipments.

use super::{paged, Ctx, Rows, Source, PAGE};
use crate::domain::access::Permission;
use crate::domain::goods::ShipmentStatus;
use crate::domain::money::{Money, Qty};
use crate::domain::stock::MoveKind;
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::read::{Move, OverviewRow};
use crate::ops::Result;
use crate::store::picking::ListProgressRow;
use crate::store::shipping::ShipmentRow;
use crate::store::Db;

/// The stock overview (库存总览): every product by SKU, or the results of a search.
#[derive(Debug, Clone, Default)]
pub struct Stock {
    pub query: String,
}

fn stock_cells(r: &OverviewRow) -> Vec<Cell> {
    vec![
        Cell::text(r.sku.clone()),
        Cell::text(r.name.clone()),
        Cell::text(r.unit.clone()),
        Cell::Qty(r.on_hand),
        Cell::Qty(r.reserved),
        Cell::Qty(r.available()),
        Cell::Qty(r.backordered),
    ]
}

impl Source for Stock {
    fn name(&self) -> &'static str {
        "stock"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("库存", "Stock").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("货号", "SKU", Kind::Text),
            Column::new("商品", "Product", Kind::Text),
            Column::new("单位", "Unit", Kind::Text),
            Column::new("实物库存", "On hand", Kind::Qty),
            Column::new("预留", "Reserved", Kind::Qty),
            Column::new("可用库存", "Available", Kind::Qty),
            Column::new("缺货", "Backordered", Kind::Qty),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, _cx: &Ctx, out: Rows) -> Result<()> {
        let q = self.query.trim();
        if q.is_empty() {
            paged(
                |after: Option<&String>| {
                    crate::ops::stock::overview_page(db, after.map_or("", String::as_str), PAGE)
                },
                |r: &OverviewRow| r.sku.clone(),
                |r| Ok(stock_cells(r)),
                out,
            )
        } else {
            paged(
                |after: Option<&i64>| {
                    crate::ops::stock::search_overview(
                        db,
                        q,
                        after.copied().unwrap_or(0),
                        PAGE as usize,
                    )
                },
                |r: &OverviewRow| r.product_id,
                |r| Ok(stock_cells(r)),
                out,
            )
        }
    }
}

fn move_label(kind: MoveKind, lang: Lang) -> &'static str {
    match kind {
        MoveKind::Receipt => lang.pick("入库", "Receipt"),
        MoveKind::Adjust => lang.pick("调整", "Adjustment"),
        MoveKind::Transfer => lang.pick("移库", "Transfer"),
        MoveKind::Count => lang.pick("盘点", "Count"),
        MoveKind::Ship => lang.pick("发货", "Shipment"),
        MoveKind::Return => lang.pick("退货", "Return"),
    }
}

/// One product's stock movements (库存流水), newest first.
#[derive(Debug, Clone)]
pub struct Movements {
    pub product_id: i64,
    pub sku: String,
}

impl Source for Movements {
    fn name(&self) -> &'static str {
        "stock-moves"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(lang, "库存流水 {}", "Stock moves {}", self.sku)
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("时间", "Time", Kind::DateTime),
            Column::new("类型", "Kind", Kind::Text),
            Column::new("库位", "Bin", Kind::Text),
            Column::new("批次", "Lot", Kind::Text),
            Column::new("数量", "Qty", Kind::Qty),
            Column::new("单位成本", "Unit cost", Kind::Price),
            Column::new("单据", "Document", Kind::Text),
            Column::new("原因", "Reason", Kind::Text),
            Column::new("经办人", "By", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        paged(
            |before: Option<&i64>| {
                crate::ops::stock::movements(
                    db,
                    self.product_id,
                    before.copied().unwrap_or(i64::MAX),
                    PAGE,
                )
            },
            |m: &Move| m.id,
            |m| {
                Ok(vec![
                    cx.local(&m.at),
                    Cell::text(move_label(m.kind, cx.lang)),
                    Cell::text(m.bin_code.clone()),
                    Cell::text(m.lot_no.clone()),
                    Cell::Qty(m.qty),
                    Cell::Price(m.unit_cost),
                    Cell::opt_text(m.doc_no.clone()),
                    Cell::opt_text(m.reason.clone()),
                    Cell::text(m.actor_name.clone()),
                ])
            },
            out,
        )
    }
}

/// Rows of each group of the warehouse's day: as many as its screen shows.
pub const WAREHOUSE_GROUP: i64 = 50;

/// The warehouse's day (仓库工作台) as its screen shows it: late orders, orders to pick,
/// pick lists under way, orders to ship and shipments on their way, each group most
/// urgent first and as long as on the screen.
#[derive(Debug, Clone, Default)]
pub struct WarehouseDay;

fn urgency(rank: i64, lang: Lang) -> &'static str {
    match rank {
        2 => lang.pick("特急", "Critical"),
        1 => lang.pick("加急", "Urgent"),
        _ => "",
    }
}

impl Source for WarehouseDay {
    fn name(&self) -> &'static str {
        "warehouse-today"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("仓库工作台", "Warehouse today").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("分组", "Group", Kind::Text),
            Column::new("单号", "Number", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("紧急程度", "Urgency", Kind::Text),
            Column::new("要求交货日期", "Requested date", Kind::Date),
            Column::new("数量", "Qty", Kind::Qty),
            Column::new("说明", "Detail", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[Permission::PickAndShip]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let lang = cx.lang;
        let day = crate::ops::warehouse::warehouse_day(db, WAREHOUSE_GROUP)?;
        let date = |d: Option<&str>| {
            d.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or(Cell::Empty, Cell::Date)
        };
        for (r, f) in &day.overdue {
            out(vec![
                Cell::text(lang.pick("逾期未交", "Late")),
                Cell::text(r.number.clone()),
                Cell::text(r.customer_name.clone()),
                Cell::Empty,
                date(Some(&r.requested_date)),
                Cell::Empty,
                Cell::text(f.label(lang)),
            ])?;
        }
        for r in &day.to_pick {
            out(vec![
                Cell::text(lang.pick("待拣货", "To pick")),
                Cell::text(r.number.clone()),
                Cell::text(r.customer_name.clone()),
                Cell::text(urgency(r.urgency_rank, lang)),
                date(r.requested_date.as_deref()),
                Cell::Qty(Qty::from_db(r.to_pick)),
                Cell::text(r.special.clone()),
            ])?;
        }
        for r in &day.picking {
            out(pick_list_cells(lang.pick("拣货中", "Picking"), r, cx))?;
        }
        for r in &day.to_ship {
            out(vec![
                Cell::text(lang.pick("待发货", "To ship")),
                Cell::text(r.number.clone()),
                Cell::text(r.customer_name.clone()),
                Cell::text(urgency(r.urgency_rank, lang)),
                date(r.requested_date.as_deref()),
                Cell::Qty(Qty::from_db(r.picked)),
                Cell::Empty,
            ])?;
        }
        for s in &day.in_transit {
            out(vec![
                Cell::text(lang.pick("在途", "On the way")),
                Cell::text(s.number.clone()),
                Cell::text(s.customer_name.clone()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::text(format!(
                    "{} {}",
                    s.carrier_name,
                    s.tracking_no.clone().unwrap_or_default()
                )),
            ])?;
        }
        Ok(())
    }
}

fn pick_list_cells(group: &str, r: &ListProgressRow, cx: &Ctx) -> Vec<Cell> {
    let pickers = r
        .pickers
        .clone()
        .or_else(|| r.list.picker.clone())
        .unwrap_or_default();
    vec![
        Cell::text(group),
        Cell::text(r.list.number.clone()),
        Cell::text(pickers),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::text(crate::bi!(
            cx.lang,
            "{}/{} 项，{} 张订单",
            "{}/{} tasks, {} orders",
            r.tasks_finished,
            r.tasks,
            r.orders
        )),
    ]
}

/// The pick lists under way (拣货单), oldest first.
#[derive(Debug, Clone, Default)]
pub struct PickLists;

impl Source for PickLists {
    fn name(&self) -> &'static str {
        "pick-lists"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("拣货单", "Pick lists").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("拣货单号", "Pick list", Kind::Text),
            Column::new("状态", "Status", Kind::Text),
            Column::new("拣货员", "Picker", Kind::Text),
            Column::new("制单人", "Made by", Kind::Text),
            Column::new("制单时间", "Made at", Kind::DateTime),
            Column::new("任务数", "Tasks", Kind::Int),
            Column::new("已完成", "Done", Kind::Int),
            Column::new("订单数", "Orders", Kind::Int),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[Permission::PickAndShip]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        paged(
            |after: Option<&i64>| {
                crate::ops::picking::open_pick_lists(db, after.copied().unwrap_or(0), PAGE)
            },
            |r: &ListProgressRow| r.list.id,
            |r| {
                Ok(vec![
                    Cell::text(r.list.number.clone()),
                    Cell::text(r.list.status.label(cx.lang)),
                    Cell::opt_text(r.pickers.clone().or_else(|| r.list.picker.clone())),
                    Cell::text(r.list.created_by.clone()),
                    cx.local(&r.list.created_at),
                    Cell::Int(r.tasks),
                    Cell::Int(r.tasks_finished),
                    Cell::Int(r.orders),
                ])
            },
            out,
        )
    }
}

/// Shipments (发货单) in these statuses (all when empty), newest first.
#[derive(Debug, Clone, Default)]
pub struct Shipments {
    pub statuses: Vec<ShipmentStatus>,
}

impl Source for Shipments {
    fn name(&self) -> &'static str {
        "shipments"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("发货单", "Shipments").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("发货单号", "Shipment", Kind::Text),
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("状态", "Status", Kind::Text),
            Column::new("承运商", "Carrier", Kind::Text),
            Column::new("运单号", "Tracking no.", Kind::Text),
            Column::new("件数", "Cartons", Kind::Int),
            Column::new("重量(kg)", "Weight (kg)", Kind::Qty),
            Column::new("运费", "Freight", Kind::Money),
            Column::new("发货日期", "Ship date", Kind::Date),
            Column::new("发货人", "Shipped by", Kind::Text),
            Column::new("签收人", "Signed by", Kind::Text),
            Column::new("签收日期", "Delivered on", Kind::Date),
            Column::new("异常说明", "Exception", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        &[Permission::PickAndShip, Permission::ViewReports]
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let statuses = if self.statuses.is_empty() {
            ShipmentStatus::ALL.to_vec()
        } else {
            self.statuses.clone()
        };
        let date = |d: Option<&str>| {
            d.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or(Cell::Empty, Cell::Date)
        };
        paged(
            |before: Option<&i64>| {
                Ok(db.read(|c| {
                    crate::store::shipping::with_status(
                        c,
                        &statuses,
                        before.copied().unwrap_or(i64::MAX),
                        PAGE,
                    )
                })?)
            },
            |s: &ShipmentRow| s.id,
            |s| {
                Ok(vec![
                    Cell::text(s.number.clone()),
                    Cell::opt_text(s.order_number.clone()),
                    Cell::text(s.customer_name.clone()),
                    Cell::text(s.status.label(cx.lang)),
                    Cell::text(s.carrier_name.clone()),
                    Cell::opt_text(s.tracking_no.clone()),
                    Cell::Int(s.cartons),
                    Cell::Qty(Qty::from_db(s.weight_g)),
                    Cell::Money(Money::from_minor(s.cost_minor)),
                    date(Some(&s.ship_date)),
                    Cell::text(s.shipped_by.clone()),
                    Cell::opt_text(s.signer.clone()),
                    date(s.delivered_on.as_deref()),
                    Cell::opt_text(s.exception_note.clone()),
                ])
            },
            out,
        )
    }
}

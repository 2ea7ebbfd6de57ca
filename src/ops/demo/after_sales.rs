//! The demo's after-sales and shortage follow-up: tickets in every state a person meets
//! (open and waiting for an answer past its promise, in progress past its resolution
//! time, resolved and waiting for the customer's word, closed with a happy and an
//! unhappy customer, a fresh one, one about an order still short of goods), and
//! purchase and production requests for the short products (ordered, open, received
//! and cancelled). Everything through the operations the screens use, the clock set to
//! when it happened.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::goods::ShipmentStatus;
use crate::domain::purchase::RequestKind;
use crate::domain::ticket::{Severity, TicketKind};
use crate::ops::clock;
use crate::ops::shortage::{self, RequestInput};
use crate::ops::stock::{self, ReceiptInput};
use crate::ops::tickets::{self, CloseInput, EntryKind, TicketInput};
use crate::ops::{Actor, Result};
use crate::store::{self, Db};

/// The people of the demo who handle tickets and shortages.
pub(super) struct Staff<'a> {
    pub sales: &'a Actor,
    pub sales2: &'a Actor,
    pub manager: &'a Actor,
    pub warehouse: &'a Actor,
}

/// `hour`:00 in China on the day `days` before `as_of`, as UTC.
fn at(as_of: NaiveDate, days: i64, hour: u32) -> DateTime<Utc> {
    let d = as_of - Duration::days(days);
    d.and_hms_opt(hour.saturating_sub(8), 0, 0)
        .unwrap_or_default()
        .and_utc()
}

fn ticket(customer: &str, kind: TicketKind, severity: Severity, subject: &str) -> TicketInput {
    TicketInput {
        customer: customer.into(),
        kind,
        severity,
        subject: subject.into(),
        ..TicketInput::default()
    }
}

/// What a delivered shipment gives a ticket: its customer's code, order and number,
/// and a product it carried.
struct Delivered {
    customer: String,
    order: String,
    shipment: String,
    sku: String,
}

fn delivered(db: &Db, n: i64) -> Result<Vec<Delivered>> {
    db.read(|c| {
        let mut out = Vec::new();
        for s in store::shipping::with_status(c, &[ShipmentStatus::Delivered], i64::MAX, n)? {
            let Some(o) = store::orders::by_id(c, s.order_id)? else {
                continue;
            };
            let Some(cu) = store::customers::by_id(c, o.customer_id)? else {
                continue;
            };
            let sku = store::shipping::lines_of(c, s.id)?
                .into_iter()
                .next()
                .map(|l| l.sku)
                .unwrap_or_default();
            out.push(Delivered {
                customer: cu.code,
                order: o.number.unwrap_or_default(),
                shipment: s.number,
                sku,
            });
        }
        Ok::<_, crate::ops::Error>(out)
    })
}

/// The demo's tickets; see the module's words.
pub(super) fn tickets(db: &Db, staff: &Staff<'_>, as_of: NaiveDate) -> Result<()> {
    let shipped = delivered(db, 3)?;
    let (Some(a), Some(b)) = (shipped.first(), shipped.get(1)) else {
        return Ok(());
    };
    let when = |days, hour| at(as_of, days, hour);
    // Closed, the customer happy: goods missing from a delivery, sent after.
    let t = clock::fixed(when(12, 10), || {
        tickets::open_ticket(
            db,
            staff.sales,
            &TicketInput {
                order: a.order.clone(),
                shipment: a.shipment.clone(),
                note: "收货时少了 5 个，要求补发".into(),
                ..ticket(
                    &a.customer,
                    TicketKind::Delivery,
                    Severity::High,
                    "到货少 5 个",
                )
            },
        )
    })?;
    clock::fixed(when(12, 11), || {
        tickets::log_ticket(
            db,
            staff.warehouse,
            &t.number,
            EntryKind::Contact,
            "已电话确认，仓库漏装",
        )
    })?;
    clock::fixed(when(11, 16), || {
        tickets::resolve_ticket(
            db,
            staff.warehouse,
            &t.number,
            "顺丰补发 5 个，运费我司承担",
        )
    })?;
    clock::fixed(when(10, 9), || {
        tickets::close_ticket(
            db,
            staff.sales,
            &t.number,
            &CloseInput {
                resolution: String::new(),
                satisfaction: "4".into(),
                words: "补发很快，下次注意".into(),
            },
        )
    })?;
    // Closed, the customer unhappy: a faulty product replaced too late.
    let t = clock::fixed(when(9, 14), || {
        tickets::open_ticket(
            db,
            staff.sales2,
            &TicketInput {
                product: b.sku.clone(),
                order: b.order.clone(),
                note: "用了两天就坏了".into(),
                ..ticket(
                    &b.customer,
                    TicketKind::Quality,
                    Severity::Normal,
                    "产品质量问题",
                )
            },
        )
    })?;
    clock::fixed(when(8, 10), || {
        tickets::log_ticket(
            db,
            staff.sales2,
            &t.number,
            EntryKind::Note,
            "已寄回厂家检测",
        )
    })?;
    clock::fixed(when(2, 15), || {
        tickets::resolve_ticket(db, staff.sales2, &t.number, "厂家确认质量问题，换新")
    })?;
    clock::fixed(when(1, 10), || {
        tickets::close_ticket(
            db,
            staff.sales2,
            &t.number,
            &CloseInput {
                resolution: String::new(),
                satisfaction: "2".into(),
                words: "换货等了一周".into(),
            },
        )
    })?;
    // In progress, past its resolution time.
    let t = clock::fixed(when(7, 10), || {
        tickets::open_ticket(
            db,
            staff.sales,
            &TicketInput {
                owner: "sales2".into(),
                note: "送货司机态度差".into(),
                ..ticket(
                    &a.customer,
                    TicketKind::Service,
                    Severity::Normal,
                    "送货态度",
                )
            },
        )
    })?;
    clock::fixed(when(7, 15), || {
        tickets::log_ticket(
            db,
            staff.sales2,
            &t.number,
            EntryKind::Contact,
            "已致歉，待物流公司回复",
        )
    })?;
    // Resolved, waiting for the customer's word.
    let t = clock::fixed(when(1, 9), || {
        tickets::open_ticket(
            db,
            staff.sales,
            &TicketInput {
                order: b.order.clone(),
                ..ticket(
                    &b.customer,
                    TicketKind::Complaint,
                    Severity::High,
                    "发票金额与订单不符",
                )
            },
        )
    })?;
    clock::fixed(when(1, 11), || {
        tickets::resolve_ticket(db, staff.manager, &t.number, "开红字发票冲减 120 元")
    })?;
    // An order still short of goods: the customer presses.
    let short = shortage::shortage_page(db, None, 5)?;
    if let Some(s) = short.iter().find(|s| s.available.is_zero()) {
        if let Some(w) = shortage::waiting_for(db, s.product_id, 1)?.first() {
            let code = db
                .read(|c| store::orders::by_id(c, w.order_id))?
                .and_then(|o| {
                    db.read(|c| store::customers::by_id(c, o.customer_id))
                        .ok()?
                })
                .map(|c| c.code);
            if let Some(code) = code {
                let t = clock::fixed(when(2, 10), || {
                    tickets::open_ticket(
                        db,
                        staff.sales,
                        &TicketInput {
                            order: w.order_no.clone(),
                            product: s.sku.clone(),
                            note: "工地等着用，问什么时候到".into(),
                            ..ticket(&code, TicketKind::Delivery, Severity::Normal, "催货")
                        },
                    )
                })?;
                clock::fixed(when(2, 11), || {
                    tickets::log_ticket(db, staff.sales, &t.number, EntryKind::Note, "已请仓库请购")
                })?;
            }
        }
    }
    // Open, urgent, nobody answered within its two hours.
    clock::fixed(when(3, 16), || {
        tickets::open_ticket(
            db,
            staff.sales,
            &TicketInput {
                owner: "warehouse".into(),
                shipment: b.shipment.clone(),
                note: "外箱破损，怀疑运输中摔坏".into(),
                ..ticket(
                    &b.customer,
                    TicketKind::Delivery,
                    Severity::Urgent,
                    "外箱破损",
                )
            },
        )
    })?;
    // Fresh this morning: a suggestion.
    clock::fixed(when(0, 9), || {
        tickets::open_ticket(
            db,
            staff.sales2,
            &ticket(
                &a.customer,
                TicketKind::Feedback,
                Severity::Low,
                "希望增加不锈钢规格",
            ),
        )
    })?;
    Ok(())
}

/// The demo's purchase and production requests for its short products, a received one
/// for a restock and a cancelled one.
pub(super) fn requests(db: &Db, staff: &Staff<'_>, as_of: NaiveDate) -> Result<()> {
    let morning = at(as_of, 2, 9);
    let short = shortage::shortage_page(db, None, 10)?;
    // Stock no order holds waits for F5 on the shortage list; the others need goods.
    let mut needing = short.iter().filter(|s| s.available.is_zero());
    let day = |n: i64| (as_of + Duration::days(n)).to_string();
    if let Some(s) = needing.next() {
        let r = clock::fixed(morning, || {
            shortage::create_request(
                db,
                staff.warehouse,
                &RequestInput {
                    product: s.sku.clone(),
                    kind: RequestKind::Purchase,
                    supplier: "永康五金制品厂".into(),
                    qty: s.backordered.to_string(),
                    expected: day(5),
                    note: "催过两次".into(),
                },
            )
        })?;
        clock::fixed(morning + Duration::hours(2), || {
            shortage::mark_ordered(db, staff.warehouse, &r.number)
        })?;
    }
    if let Some(s) = needing.next() {
        // Made by the workshop, not all of it yet: the rest still to request.
        let part = crate::domain::money::Qty::from_db((s.backordered.to_db() / 2_000) * 1_000);
        clock::fixed(morning + Duration::hours(1), || {
            shortage::create_request(
                db,
                staff.manager,
                &RequestInput {
                    product: s.sku.clone(),
                    kind: RequestKind::Production,
                    supplier: "二车间".into(),
                    qty: part.to_string(),
                    expected: day(10),
                    note: String::new(),
                },
            )
        })?;
    }
    // A restock of a product nobody waits for, received in full, and a request given up.
    let restock = db.read(|c| {
        Ok::<_, crate::ops::Error>(
            store::products::page_by_sku(c, "", 200)?
                .into_iter()
                .rev()
                .find(|p| p.active && !p.tracks_lots),
        )
    })?;
    if let Some(p) = restock {
        let bin = db.read(|c| {
            Ok::<_, crate::ops::Error>(
                p.default_bin_id
                    .and_then(|id| store::master::bin_by_id(c, id).ok().flatten())
                    .map(|b| b.code),
            )
        })?;
        let r = clock::fixed(at(as_of, 6, 10), || {
            shortage::create_request(
                db,
                staff.warehouse,
                &RequestInput {
                    product: p.sku.clone(),
                    kind: RequestKind::Purchase,
                    supplier: "宁波紧固件有限公司".into(),
                    qty: "50".into(),
                    expected: day(-3),
                    note: "备货".into(),
                },
            )
        })?;
        clock::fixed(at(as_of, 6, 11), || {
            shortage::mark_ordered(db, staff.warehouse, &r.number)
        })?;
        if let Some(bin) = bin {
            clock::fixed(at(as_of, 3, 14), || {
                stock::receive_stock(
                    db,
                    staff.warehouse,
                    &ReceiptInput {
                        product: p.sku.clone(),
                        bin,
                        qty: "50".into(),
                        // At the average cost, where the product has one.
                        unit_cost: if p.avg_cost > 0 {
                            String::new()
                        } else {
                            "1.00".into()
                        },
                        note: "请购到货".into(),
                        request: r.number.clone(),
                        ..ReceiptInput::default()
                    },
                )
            })?;
        }
        let r = clock::fixed(at(as_of, 5, 10), || {
            shortage::create_request(
                db,
                staff.warehouse,
                &RequestInput {
                    product: p.sku.clone(),
                    kind: RequestKind::Purchase,
                    supplier: "温州五金城".into(),
                    qty: "20".into(),
                    expected: day(-1),
                    note: String::new(),
                },
            )
        })?;
        clock::fixed(at(as_of, 4, 10), || {
            shortage::cancel_request(db, staff.warehouse, &r.number, "宁波那批已够，不再加订")
        })?;
    }
    Ok(())
}

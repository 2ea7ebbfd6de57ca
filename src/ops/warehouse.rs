//! The warehouse's day (仓库工作台) in one read: what is late, what waits to be picked,
//! the pick lists under way, what waits to ship and what is on its way; and the users
//! a pick list can be given to.

use super::{company_today, Result};
use crate::domain::goods::{Fulfilment, ShipmentStatus};
use crate::store::picking::{ListProgressRow, ToPickRow};
use crate::store::shipping::{OverdueRow, ReadyRow, ShipmentRow};
use crate::store::{self, Db};

/// The warehouse home's rows, each group most urgent first, at most `per_group` each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseDay {
    /// Approved orders whose requested date has passed, with where each stands.
    pub overdue: Vec<(OverdueRow, Fulfilment)>,
    pub to_pick: Vec<ToPickRow>,
    /// Pick lists under way, with who has each open now.
    pub picking: Vec<ListProgressRow>,
    pub to_ship: Vec<ReadyRow>,
    pub in_transit: Vec<ShipmentRow>,
    /// The company's business date and UTC offset in minutes (times are shown in it).
    pub today: chrono::NaiveDate,
    pub utc_offset: i64,
}

/// Reads the warehouse's day in one snapshot. An order that is late shows among the
/// late ones only, not again among those to pick or to ship.
pub fn warehouse_day(db: &Db, per_group: i64) -> Result<WarehouseDay> {
    db.read_snapshot(|c| {
        let day = company_today(c)?;
        let today = day.format("%Y-%m-%d").to_string();
        let overdue: Vec<(OverdueRow, Fulfilment)> =
            store::shipping::overdue(c, &today, per_group)?
                .into_iter()
                .map(|r| {
                    let f = Fulfilment::parse(&r.fulfilment).unwrap_or(Fulfilment::AwaitingPick);
                    (r, f)
                })
                .collect();
        let late: Vec<i64> = overdue.iter().map(|(r, _)| r.order_id).collect();
        let more = per_group + late.len() as i64;
        let mut to_pick = store::picking::orders_to_pick(c, more)?;
        to_pick.retain(|r| !late.contains(&r.order_id));
        to_pick.truncate(per_group as usize);
        let mut to_ship = store::shipping::ready_to_ship(c, more)?;
        to_ship.retain(|r| !late.contains(&r.order_id));
        to_ship.truncate(per_group as usize);
        Ok(WarehouseDay {
            overdue,
            to_pick,
            picking: store::picking::open_lists(c, 0, per_group)?,
            to_ship,
            in_transit: store::shipping::with_status(
                c,
                &[ShipmentStatus::InTransit],
                i64::MAX,
                per_group,
            )?,
            today: day,
            utc_offset: super::clock::company_offset(c)?,
        })
    })
}

/// Active users who may pick, as (user name, display name): whom a pick list can be
/// given to.
pub fn pickers(db: &Db) -> Result<Vec<(String, String)>> {
    Ok(db.read(store::warehouse::pickers)?)
}

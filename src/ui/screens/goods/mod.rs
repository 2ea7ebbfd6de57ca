//! The warehouse's screens (物流): the home with today's work, wave planning that makes
//! pick lists, the scanner-first picking screen, packing, shipping and delivery; the
//! shortage list and the purchase requests that follow it up.

pub mod delivery;
pub mod home;
mod note;
pub mod packing;
pub mod picking;
pub mod purchases;
pub mod shipping;
pub mod shortages;
pub mod wave;

use crate::domain::money::Qty;
use crate::domain::order::Urgency;

/// The urgency of an order from its rank in the warehouse queries (2 critical, 1
/// urgent).
pub(crate) fn urgency_of(rank: i64) -> Urgency {
    match rank {
        2 => Urgency::Critical,
        1 => Urgency::Urgent,
        _ => Urgency::Normal,
    }
}

/// A quantity in thousandths as people read it.
pub(crate) fn qty(thousandths: i64) -> String {
    Qty::from_db(thousandths).to_string()
}

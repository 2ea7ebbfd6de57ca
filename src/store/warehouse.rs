//! What the warehouse home reads that the picking and shipping tables do not give on
//! their own: orders late against their requested date, and who may pick.

use rusqlite::{params, Connection};

use super::{all, Result};

/// An approved order whose requested date has passed with goods still to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub order_id: i64,
    pub number: String,
    pub customer_name: String,
    pub urgency_rank: i64,
    pub requested_date: String,
    /// Sums over the lines (thousandths): ordered less cancelled, picked (staged),
    /// shipped, delivered.
    pub due: i64,
    pub picked: i64,
    pub shipped: i64,
    pub delivered: i64,
}

/// Approved orders requested before `today` (YYYY-MM-DD) and not wholly delivered,
/// the longest overdue first; at most `limit`.
pub fn overdue_orders(c: &Connection, today: &str, limit: i64) -> Result<Vec<OverdueRow>> {
    all(
        c,
        "SELECT o.id, o.number, cu.name, \
                (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), \
                o.requested_date, \
                SUM(MAX(l.qty - l.qty_cancelled, 0)), SUM(l.qty_picked), SUM(l.qty_shipped), \
                SUM(l.qty_delivered) \
         FROM orders o JOIN customers cu ON cu.id = o.customer_id \
         JOIN order_lines l ON l.order_id = o.id \
         WHERE o.stage = 'approved' AND o.requested_date IS NOT NULL AND o.requested_date < ?1 \
         GROUP BY o.id \
         HAVING SUM(l.qty_delivered) < SUM(MAX(l.qty - l.qty_cancelled, 0)) \
         ORDER BY o.requested_date, o.id LIMIT ?2",
        params![today, limit],
        |r| {
            Ok(OverdueRow {
                order_id: r.get(0)?,
                number: r.get(1)?,
                customer_name: r.get(2)?,
                urgency_rank: r.get(3)?,
                requested_date: r.get(4)?,
                due: r.get(5)?,
                picked: r.get(6)?,
                shipped: r.get(7)?,
                delivered: r.get(8)?,
            })
        },
    )
}

/// Active users who may pick: (user name, display name), by display name.
pub fn pickers(c: &Connection) -> Result<Vec<(String, String)>> {
    all(
        c,
        "SELECT DISTINCT u.username, u.display_name FROM users u \
         JOIN user_roles ur ON ur.user_id = u.id \
         JOIN role_permissions rp ON rp.role = ur.role \
         WHERE u.active = 1 AND rp.permission = 'stock.pick' \
         ORDER BY u.display_name, u.username",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The display names of the users who have a pick list open now, by name.
pub fn picking_now(c: &Connection, list_id: i64) -> Result<Vec<String>> {
    all(
        c,
        "SELECT u.display_name FROM pick_sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.pick_list_id = ?1 ORDER BY u.display_name",
        [list_id],
        |r| r.get(0),
    )
}

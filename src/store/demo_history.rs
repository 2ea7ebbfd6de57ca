//! The demo's history spread over the day as it happens in a shop: the orders are
//! written at the instant they came in, approved, picked, shipped and signed for at
//! that same instant; this moves each later step a while after the one before, by
//! amounts drawn from the order's id (no random numbers are drawn, so the rest of the
//! demo stays the same), never after the moment the demo describes.

use rusqlite::{params, Connection};

use super::Result;

/// The demo salespeople's approval limit in fen: larger orders waited in the queue.
const QUEUED_ABOVE: i64 = 500_000;

/// An instant as stored, `?` minutes after another (SQLite's date functions, in the
/// stamp format of `ops::stamp`).
const AFTER: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', {at}, '+' || ({minutes}) || ' minutes')";

fn after(at: &str, minutes: &str) -> String {
    AFTER.replace("{at}", at).replace("{minutes}", minutes)
}

/// Spreads the steps of every approved and closed order of the demo over time, up to
/// `moment` (an instant as stored) and `as_of` (the demo's business date). The small
/// demo's orders run 08:00–18:00 in China (UTC+8, the demo company's offset): an
/// order above the salesperson's limit approved by the manager 5 minutes to 2 hours
/// after submission (the others at once, as the rules let them through), the pick list 15 minutes to 3 hours
/// after approval with a task every 90 seconds, the shipment 10 minutes to 2 hours after
/// the last pick, the signature the same day to five days later.
pub fn spread_demo_times(c: &Connection, moment: &str, as_of: &str) -> Result<()> {
    // Orders above the salesperson's limit (¥5,000) waited in the queue for the manager;
    // the others were approved the moment they were submitted.
    let approved = after("submitted_at", "5 + (id * 37) % 116");
    c.execute(
        &format!(
            "UPDATE orders SET approved_at = min(?1, {approved}) \
             WHERE stage IN ('approved', 'closed') AND submitted_at IS NOT NULL \
               AND gross_minor > {QUEUED_ABOVE}"
        ),
        params![moment],
    )?;
    c.execute(
        &format!(
            "INSERT INTO approvals (order_id, reason, detail, status, created_at, decided_by, decided_at) \
             SELECT o.id, 'amount', '{{}}', 'approved', o.submitted_at, \
                    (SELECT u.id FROM users u WHERE u.username = 'manager'), o.approved_at \
             FROM orders o WHERE o.stage IN ('approved', 'closed') AND o.gross_minor > {QUEUED_ABOVE} \
               AND o.submitted_at IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.order_id = o.id)"
        ),
        [],
    )?;
    c.execute(
        "UPDATE order_timeline SET at = (SELECT o.approved_at FROM orders o WHERE o.id = order_timeline.order_id) \
         WHERE to_stage = 'approved' AND from_stage = 'submitted' \
           AND order_id IN (SELECT id FROM orders WHERE stage IN ('approved', 'closed'))",
        [],
    )?;
    let order_approved =
        "(SELECT o.approved_at FROM order_lines l JOIN orders o ON o.id = l.order_id \
                          WHERE l.id = pick_tasks.order_line_id)";
    let claimed = after(order_approved, "15 + (pick_list_id * 53) % 166");
    c.execute(
        &format!(
            "UPDATE pick_tasks SET claimed_at = min(?1, {claimed}) \
             WHERE kind = 'pick' AND status = 'done' AND claimed_at IS NOT NULL"
        ),
        params![moment],
    )?;
    let done = after("claimed_at", "seq * 1.5");
    c.execute(
        &format!(
            "UPDATE pick_tasks SET done_at = min(?1, {done}) \
             WHERE kind = 'pick' AND status = 'done' AND claimed_at IS NOT NULL"
        ),
        params![moment],
    )?;
    c.execute(
        "UPDATE pick_lists SET \
           created_at = coalesce((SELECT min(k.claimed_at) FROM pick_tasks k WHERE k.pick_list_id = pick_lists.id), created_at), \
           finished_at = coalesce((SELECT max(k.done_at) FROM pick_tasks k WHERE k.pick_list_id = pick_lists.id), finished_at) \
         WHERE status = 'done'",
        [],
    )?;
    let picked =
        "(SELECT max(k.done_at) FROM pick_tasks k JOIN order_lines l ON l.id = k.order_line_id \
                  WHERE l.order_id = shipments.order_id AND k.kind = 'pick' AND k.status = 'done')";
    let shipped = after(picked, "10 + (id * 29) % 111");
    c.execute(
        &format!("UPDATE shipments SET shipped_at = min(?1, coalesce({shipped}, shipped_at))"),
        params![moment],
    )?;
    // Days from shipping to signature: the same day one time in five, the next day two
    // in five, then two, three and five days.
    let days = "CASE WHEN (id * 13) % 20 < 4 THEN 0 WHEN (id * 13) % 20 < 12 THEN 1 \
                WHEN (id * 13) % 20 < 17 THEN 2 WHEN (id * 13) % 20 < 19 THEN 3 ELSE 5 END";
    c.execute(
        &format!(
            "UPDATE shipments SET delivered_on = min(?1, date(ship_date, '+' || ({days}) || ' days')) \
             WHERE status = 'delivered' AND delivered_on = ship_date"
        ),
        params![as_of],
    )?;
    // Signed the day it left: two to six hours after; a later day: 09:30 to 16:30 there.
    let same_day = after("shipped_at", "120 + (id * 17) % 241");
    let later_day = after("delivered_on || 'T01:30:00.000Z'", "(id * 17) % 421");
    c.execute(
        &format!(
            "UPDATE shipments SET settled_at = min(?1, max(shipped_at, \
               CASE WHEN delivered_on = ship_date THEN {same_day} ELSE {later_day} END)) \
             WHERE status = 'delivered' AND settled_at IS NOT NULL"
        ),
        params![moment],
    )?;
    c.execute(
        "UPDATE order_timeline SET at = coalesce((SELECT max(s.settled_at) FROM shipments s \
             WHERE s.order_id = order_timeline.order_id AND s.status = 'delivered'), at) \
         WHERE to_stage = 'closed' AND from_stage = 'approved'",
        [],
    )?;
    Ok(())
}

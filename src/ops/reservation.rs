//! Reservation (预留) and backorders (缺货): reserving an approved order's stock,
//! releasing it on rejection, cancellation or a return to the queue, and giving stock
//! that arrives or is freed to the backorders waiting for it. Every function runs in the
//! caller's transaction; the flows (intake, approval, stock, count) call them and never
//! each other.

use rusqlite::Connection;

use super::Result;
use crate::store;

/// Reserves every line of an order against available stock; what cannot be reserved is
/// backordered. Returns the number of lines left (partly) backordered.
pub(crate) fn reserve_order(c: &Connection, order_id: i64, at: &str) -> Result<usize> {
    let mut short = 0;
    for l in store::orders::lines_of(c, order_id)? {
        let want = l.qty - l.qty_cancelled - l.qty_shipped - l.qty_reserved - l.qty_backordered;
        if want > 0 {
            let (_, b) = store::reservation::reserve_line(c, l.id, l.product_id, want, at)?;
            if b > 0 {
                short += 1;
            }
        }
    }
    Ok(short)
}

/// Releases every open reservation and backorder of an order, and cancels the open pick
/// tasks that would have picked them.
pub(crate) fn release_order(c: &Connection, order_id: i64, at: &str) -> Result<()> {
    for l in store::orders::lines_of(c, order_id)? {
        drop_open_picks(c, l.id, at)?;
    }
    Ok(store::reservation::release_order(c, order_id, at)?)
}

/// Cancels the open pick tasks of a line whose reservation is released (what they
/// picked so far stays picked and reserved), and closes the pick lists that have no
/// open task left.
pub(crate) fn drop_open_picks(c: &Connection, line_id: i64, at: &str) -> Result<()> {
    if store::picking::cancel_open_tasks_of_line(c, line_id, at)? > 0 {
        for list in store::picking::lists_of_line(c, line_id)? {
            if store::picking::all_tasks_finished(c, list)? {
                if let Some(l) = store::picking::list_by_id(c, list)? {
                    if l.status.is_open() {
                        let done = crate::domain::goods::PickListStatus::Done;
                        store::picking::set_list_status(c, list, done, at)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Releases a line's open reservations except `keep` (picked goods stay reserved until
/// they ship) and drops its backorder. Returns (released, backorder dropped).
pub(crate) fn release_line(
    c: &Connection,
    line_id: i64,
    keep: i64,
    at: &str,
) -> Result<(i64, i64)> {
    drop_open_picks(c, line_id, at)?;
    Ok(store::reservation::release_line(c, line_id, keep, at)?)
}

/// Offers available stock of every product of an order to the backorders waiting for
/// it (after the order released stock, or came back from a hold).
pub(crate) fn fill_backorders_of_order(c: &Connection, order_id: i64, at: &str) -> Result<()> {
    let mut products: Vec<i64> = store::orders::lines_of(c, order_id)?
        .iter()
        .map(|l| l.product_id)
        .collect();
    products.sort_unstable();
    products.dedup();
    for p in products {
        fill_backorders(c, p, at)?;
    }
    Ok(())
}

/// Gives newly arrived stock of a product to its backorders, most urgent first, then
/// the earliest approved (in the arriving stock's transaction).
pub(crate) fn fill_backorders(c: &Connection, product_id: i64, at: &str) -> Result<()> {
    let stock = store::stock::product_stock(c, product_id)?;
    let mut available = stock.available();
    if available <= 0 || stock.backordered == 0 {
        return Ok(());
    }
    for (line_id, short) in store::reservation::backorders_of(c, product_id)? {
        if available <= 0 {
            break;
        }
        let give = short.min(available);
        store::reservation::fill_backorder(c, line_id, product_id, give, at)?;
        available -= give;
    }
    Ok(())
}

/// Puts back what an order being cancelled has picked: its lines' picked part leaves
/// the reservation (released with the rest), and an unpick list (PL-) of tasks that
/// carry the goods from the staging bin back to the bins they came from is made, so
/// that no goods are lost. Only for an order that shipped nothing. Returns the unpick
/// list's number, if anything was picked.
pub(crate) fn unpick_order(
    c: &Connection,
    actor_id: i64,
    order_id: i64,
    at: &str,
) -> Result<Option<String>> {
    unpick(c, actor_id, order_id, None, at)
}

/// [`unpick_order`] for one line being cancelled.
pub(crate) fn unpick_line(
    c: &Connection,
    actor_id: i64,
    order_id: i64,
    line_id: i64,
    at: &str,
) -> Result<Option<String>> {
    unpick(c, actor_id, order_id, Some(line_id), at)
}

fn unpick(
    c: &Connection,
    actor_id: i64,
    order_id: i64,
    line_id: Option<i64>,
    at: &str,
) -> Result<Option<String>> {
    let staged = store::picking::picked_of_order(c, order_id, line_id)?;
    if staged.is_empty() {
        return Ok(None);
    }
    let number = super::numbers::next_doc(c, "PL")?;
    let list = store::picking::insert_list(c, &number, None, actor_id, at, 1)?;
    for (i, s) in staged.iter().enumerate() {
        store::picking::insert_task(
            c,
            &store::picking::NewTask {
                pick_list_id: list,
                seq: i as i64 + 1,
                kind: crate::domain::goods::TaskKind::Unpick,
                order_line_id: s.order_line_id,
                product_id: s.product_id,
                bin_id: s.bin_id,
                staging_bin_id: s.staging_bin_id,
                lot_id: s.lot_id,
                qty: s.qty,
                expires_early: false,
            },
        )?;
    }
    for l in store::orders::lines_of(c, order_id)? {
        if l.qty_picked > 0 && line_id.is_none_or(|id| id == l.id) {
            store::picking::add_line_picked(c, l.id, -l.qty_picked)?;
        }
    }
    Ok(Some(number))
}

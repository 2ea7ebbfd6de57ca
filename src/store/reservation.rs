//! Reservations (预留) and backorders (缺货): what of an order line holds stock, what
//! waits for stock, and the product totals that follow them.

use rusqlite::{params, Connection};

use super::{all, Result};

/// Opens a reservation and adds it to the product's reserved total.
pub fn insert_reservation(
    c: &Connection,
    line_id: i64,
    product_id: i64,
    qty: i64,
    at: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO reservations (order_line_id, product_id, qty, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![line_id, product_id, qty, at])?;
    c.prepare_cached("UPDATE product_stock SET reserved = reserved + ?2 WHERE product_id = ?1")?
        .execute(params![product_id, qty])?;
    Ok(())
}

/// Adds to the product's backordered total.
pub fn add_backordered(c: &Connection, product_id: i64, qty: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE product_stock SET backordered = backordered + ?2 WHERE product_id = ?1",
    )?
    .execute(params![product_id, qty])?;
    Ok(())
}

/// Reserves up to `want` of a line's product against available stock (on hand −
/// reserved − held in return and quarantine bins) and backorders the rest. Returns (reserved, backordered).
pub fn reserve_line(
    c: &Connection,
    line_id: i64,
    product_id: i64,
    want: i64,
    at: &str,
) -> Result<(i64, i64)> {
    let available: i64 = c
        .prepare_cached(
            "SELECT on_hand - reserved - held FROM product_stock WHERE product_id = ?1",
        )?
        .query_row([product_id], |r| r.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(0),
            e => Err(e),
        })?;
    let got = want.min(available.max(0));
    let short = want - got;
    if got > 0 {
        insert_reservation(c, line_id, product_id, got, at)?;
    }
    if short > 0 {
        add_backordered(c, product_id, short)?;
    }
    c.prepare_cached(
        "UPDATE order_lines SET qty_reserved = qty_reserved + ?2, qty_backordered = qty_backordered + ?3 \
         WHERE id = ?1",
    )?
    .execute(params![line_id, got, short])?;
    Ok((got, short))
}

/// Releases every open reservation and backorder of an order's lines.
pub fn release_order(c: &Connection, order_id: i64, at: &str) -> Result<()> {
    c.prepare_cached(
        "UPDATE product_stock SET reserved = reserved - COALESCE((SELECT SUM(r.qty) FROM reservations r \
           JOIN order_lines l ON l.id = r.order_line_id \
           WHERE l.order_id = ?1 AND r.status = 'open' AND r.product_id = product_stock.product_id), 0), \
         backordered = backordered - COALESCE((SELECT SUM(l.qty_backordered) FROM order_lines l \
           WHERE l.order_id = ?1 AND l.product_id = product_stock.product_id), 0) \
         WHERE product_id IN (SELECT product_id FROM order_lines WHERE order_id = ?1)",
    )?
    .execute([order_id])?;
    c.prepare_cached(
        "UPDATE reservations SET status = 'released', closed_at = ?2 WHERE status = 'open' \
         AND order_line_id IN (SELECT id FROM order_lines WHERE order_id = ?1)",
    )?
    .execute(params![order_id, at])?;
    c.prepare_cached(
        "UPDATE order_lines SET qty_reserved = 0, qty_backordered = 0 WHERE order_id = ?1",
    )?
    .execute([order_id])?;
    Ok(())
}

/// Releases a line's open reservations except `keep` (what is picked stays reserved
/// until it ships) and drops its backorder, in the product's totals too. A reservation
/// row that is kept in part is closed and its kept part opened again as a new row, so
/// that no open row ever changes its quantity. Returns (released, backorder dropped).
pub fn release_line(c: &Connection, line_id: i64, keep: i64, at: &str) -> Result<(i64, i64)> {
    let open: Vec<(i64, i64, i64)> = all(
        c,
        "SELECT id, product_id, qty FROM reservations \
         WHERE order_line_id = ?1 AND status = 'open' ORDER BY id",
        [line_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (product_id, backordered): (i64, i64) = c
        .prepare_cached("SELECT product_id, qty_backordered FROM order_lines WHERE id = ?1")?
        .query_row([line_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut keep_left = keep.max(0);
    let mut released = 0;
    for (id, product, qty) in open {
        c.prepare_cached(
            "UPDATE reservations SET status = 'released', closed_at = ?2 WHERE id = ?1",
        )?
        .execute(params![id, at])?;
        let kept = qty.min(keep_left);
        keep_left -= kept;
        if kept > 0 {
            c.prepare_cached(
                "INSERT INTO reservations (order_line_id, product_id, qty, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![line_id, product, kept, at])?;
        }
        released += qty - kept;
    }
    c.prepare_cached(
        "UPDATE product_stock SET reserved = reserved - ?2, backordered = backordered - ?3 \
         WHERE product_id = ?1",
    )?
    .execute(params![product_id, released, backordered])?;
    c.prepare_cached(
        "UPDATE order_lines SET qty_reserved = qty_reserved - ?2, qty_backordered = 0 WHERE id = ?1",
    )?
    .execute(params![line_id, released])?;
    Ok((released, backordered))
}

/// Backordered lines of a product on approved orders, in the order they get arriving
/// stock: most urgent first, then the earliest approved.
pub fn backorders_of(c: &Connection, product_id: i64) -> Result<Vec<(i64, i64)>> {
    all(
        c,
        "SELECT l.id, l.qty_backordered FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE l.product_id = ?1 AND l.qty_backordered > 0 AND o.stage = 'approved' \
         ORDER BY (CASE o.urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC, \
                  o.approved_at, o.id, l.line_no",
        [product_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Turns up to `qty` of a line's backorder into a reservation.
pub fn fill_backorder(
    c: &Connection,
    line_id: i64,
    product_id: i64,
    qty: i64,
    at: &str,
) -> Result<()> {
    insert_reservation(c, line_id, product_id, qty, at)?;
    add_backordered(c, product_id, -qty)?;
    c.prepare_cached(
        "UPDATE order_lines SET qty_reserved = qty_reserved + ?2, qty_backordered = qty_backordered - ?2 \
         WHERE id = ?1",
    )?
    .execute(params![line_id, qty])?;
    Ok(())
}

/// Takes `qty` off a line's open reservations, oldest first, closing the rows it takes
/// from with `status` (`consumed` when the goods ship, `released` when they are given
/// up); a row taken in part is closed and its rest opened again as a new row, so that
/// no open row ever changes its quantity. Lowers the product's reserved total. Returns
/// what was taken (less than `qty` only when less is reserved).
pub fn take_from_line(
    c: &Connection,
    line_id: i64,
    qty: i64,
    status: &str,
    at: &str,
) -> Result<i64> {
    let open: Vec<(i64, i64, i64)> = all(
        c,
        "SELECT id, product_id, qty FROM reservations \
         WHERE order_line_id = ?1 AND status = 'open' ORDER BY id",
        [line_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut left = qty.max(0);
    let mut taken = 0;
    let mut product_id = None;
    for (id, product, row_qty) in open {
        if left == 0 {
            break;
        }
        product_id = Some(product);
        let take = row_qty.min(left);
        c.prepare_cached("UPDATE reservations SET status = ?2, closed_at = ?3 WHERE id = ?1")?
            .execute(params![id, status, at])?;
        if take < row_qty {
            c.prepare_cached(
                "INSERT INTO reservations (order_line_id, product_id, qty, created_at) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![line_id, product, row_qty - take, at])?;
        }
        left -= take;
        taken += take;
    }
    if let Some(p) = product_id {
        c.prepare_cached(
            "UPDATE product_stock SET reserved = reserved - ?2 WHERE product_id = ?1",
        )?
        .execute(params![p, taken])?;
    }
    Ok(taken)
}

/// Moves `qty` of a line from reserved to backordered (a short pick: the goods were not
/// there), in the product's totals too.
pub fn backorder_from_reserved(c: &Connection, line_id: i64, qty: i64, at: &str) -> Result<i64> {
    let taken = take_from_line(c, line_id, qty, "released", at)?;
    let product_id: i64 = c
        .prepare_cached("SELECT product_id FROM order_lines WHERE id = ?1")?
        .query_row([line_id], |r| r.get(0))?;
    add_backordered(c, product_id, taken)?;
    c.prepare_cached(
        "UPDATE order_lines SET qty_reserved = qty_reserved - ?2, qty_backordered = qty_backordered + ?2 \
         WHERE id = ?1",
    )?
    .execute(params![line_id, taken])?;
    Ok(taken)
}

//! The invariants `orderdesk check` proves: SQLite's own checks, then every cached
//! balance against the ledger it caches, and the consistency of order lines.

use rusqlite::Connection;

use super::Result;

/// One broken invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which check found it (stable name, used by tests and scripts).
    pub check: &'static str,
    /// What is wrong, with the keys and the numbers.
    pub detail: String,
}

/// Each check is a query that returns one text row per violation.
const CHECKS: &[(&str, &str)] = &[
    (
        "gram_counts_match_grams",
        "SELECT 'kind ' || kind || ' gram ' || gram || ': counted ' || SUM(c) || ' but ' || SUM(g) \
           || ' hold it' \
         FROM (SELECT kind, gram, n AS c, 0 AS g FROM search_gram_counts \
               UNION ALL SELECT kind, gram, 0, 1 FROM search_grams) \
         GROUP BY kind, gram HAVING SUM(c) <> SUM(g)",
    ),
    (
        "stock_levels_match_moves",
        "SELECT 'product ' || product_id || ' bin ' || bin_id || ' lot ' || lot_id || ': level ' || SUM(l) \
           || ' but moves sum to ' || SUM(m) \
         FROM (SELECT product_id, bin_id, lot_id, on_hand AS l, 0 AS m FROM stock_levels \
               UNION ALL SELECT product_id, bin_id, lot_id, 0, qty FROM stock_moves) \
         GROUP BY product_id, bin_id, lot_id HAVING SUM(l) <> SUM(m)",
    ),
    (
        "product_on_hand_matches_levels",
        "SELECT 'product ' || product_id || ': on hand ' || SUM(p) || ' but bins sum to ' || SUM(l) \
         FROM (SELECT product_id, on_hand AS p, 0 AS l FROM product_stock \
               UNION ALL SELECT product_id, 0, on_hand FROM stock_levels) \
         GROUP BY product_id HAVING SUM(p) <> SUM(l)",
    ),
    (
        "no_negative_stock",
        "SELECT 'product ' || product_id || ' bin ' || bin_id || ' lot ' || lot_id || ': on hand ' || on_hand \
         FROM stock_levels WHERE on_hand < 0 \
         UNION ALL SELECT 'product ' || product_id || ': on hand ' || on_hand || ', reserved ' || reserved \
           || ', backordered ' || backordered \
         FROM product_stock WHERE on_hand < 0 OR reserved < 0 OR backordered < 0",
    ),
    (
        "reserved_within_on_hand",
        "SELECT 'product ' || product_id || ': reserved ' || reserved || ' above on hand ' || on_hand \
         FROM product_stock WHERE reserved > on_hand",
    ),
    (
        "product_reserved_matches_reservations",
        "SELECT 'product ' || p.product_id || ': reserved ' || p.reserved || ' but open reservations sum to ' \
           || COALESCE(r.s, 0) \
         FROM product_stock p \
         LEFT JOIN (SELECT product_id, SUM(qty) AS s FROM reservations WHERE status = 'open' \
                    GROUP BY product_id) r ON r.product_id = p.product_id \
         WHERE p.reserved <> COALESCE(r.s, 0)",
    ),
    (
        "line_reserved_matches_reservations",
        "SELECT 'order line ' || ol.id || ': reserved ' || ol.qty_reserved || ' but open reservations sum to ' \
           || COALESCE(r.s, 0) \
         FROM order_lines ol \
         LEFT JOIN (SELECT order_line_id, SUM(qty) AS s FROM reservations WHERE status = 'open' \
                    GROUP BY order_line_id) r ON r.order_line_id = ol.id \
         WHERE ol.qty_reserved <> COALESCE(r.s, 0)",
    ),
    (
        "reservation_product_matches_line",
        "SELECT 'reservation ' || r.id || ': product ' || r.product_id || ' but its line is for product ' \
           || ol.product_id \
         FROM reservations r JOIN order_lines ol ON ol.id = r.order_line_id \
         WHERE r.product_id <> ol.product_id",
    ),
    (
        "product_backordered_matches_lines",
        "SELECT 'product ' || product_id || ': backordered ' || SUM(p) || ' but lines sum to ' || SUM(l) \
         FROM (SELECT product_id, backordered AS p, 0 AS l FROM product_stock \
               UNION ALL SELECT product_id, 0, qty_backordered FROM order_lines WHERE qty_backordered <> 0) \
         GROUP BY product_id HAVING SUM(p) <> SUM(l)",
    ),
    (
        "no_reservation_before_approval",
        "SELECT 'order ' || COALESCE(o.number, '#' || o.id) || ' (' || o.stage || ') line ' || ol.line_no \
           || ': reserved ' || ol.qty_reserved || ', backordered ' || ol.qty_backordered \
         FROM order_lines ol JOIN orders o ON o.id = ol.order_id \
         WHERE o.stage IN ('draft', 'submitted', 'rejected', 'cancelled', 'closed') \
           AND (ol.qty_reserved <> 0 OR ol.qty_backordered <> 0)",
    ),
    (
        "open_reservations_on_open_orders",
        "SELECT 'reservation ' || r.id || ' is open on order ' || COALESCE(o.number, '#' || o.id) \
           || ' (' || o.stage || ')' \
         FROM reservations r JOIN order_lines l ON l.id = r.order_line_id JOIN orders o ON o.id = l.order_id \
         WHERE r.status = 'open' AND o.stage NOT IN ('approved', 'on_hold')",
    ),
    (
        "approved_lines_fully_placed",
        "SELECT 'order ' || o.number || ' line ' || ol.line_no || ': ordered ' || ol.qty || ' but reserved ' \
           || ol.qty_reserved || ' + backordered ' || ol.qty_backordered || ' + shipped ' || ol.qty_shipped \
           || ' + cancelled ' || ol.qty_cancelled \
         FROM order_lines ol JOIN orders o ON o.id = ol.order_id \
         WHERE o.stage = 'approved' \
           AND ol.qty_reserved + ol.qty_backordered + ol.qty_shipped + ol.qty_cancelled <> ol.qty",
    ),
    (
        // A line cancelled in full holds no stock, waits for none, and counts nothing in
        // its order's total (its amounts cover the quantity still to deliver: none).
        "cancelled_lines_hold_nothing",
        "SELECT 'order ' || COALESCE(o.number, '#' || o.id) || ' line ' || l.line_no \
           || ': cancelled in full but reserved ' || l.qty_reserved || ', backordered ' \
           || l.qty_backordered || ', amount ' || l.gross_minor \
           || CASE WHEN EXISTS (SELECT 1 FROM reservations r \
                                WHERE r.order_line_id = l.id AND r.status = 'open') \
                   THEN ', with an open reservation' ELSE '' END \
         FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE l.qty_cancelled >= l.qty \
           AND (l.qty_reserved <> 0 OR l.qty_backordered <> 0 OR l.net_minor <> 0 \
                OR l.tax_minor <> 0 OR l.gross_minor <> 0 \
                OR EXISTS (SELECT 1 FROM reservations r \
                           WHERE r.order_line_id = l.id AND r.status = 'open'))",
    ),
    (
        "line_quantities_consistent",
        "SELECT 'order line ' || id || ': qty ' || qty || ', reserved ' || qty_reserved || ', backordered ' \
           || qty_backordered || ', picked ' || qty_picked || ', shipped ' || qty_shipped || ', delivered ' \
           || qty_delivered || ', invoiced ' || qty_invoiced || ', returned ' || qty_returned \
           || ', cancelled ' || qty_cancelled \
         FROM order_lines \
         WHERE qty <= 0 OR qty_reserved < 0 OR qty_backordered < 0 OR qty_picked < 0 OR qty_shipped < 0 \
            OR qty_cancelled < 0 OR qty_picked > qty_reserved OR qty_delivered > qty_shipped \
            OR qty_returned > qty_shipped OR qty_invoiced > qty - qty_cancelled \
            OR qty_reserved + qty_backordered + qty_shipped + qty_cancelled > qty",
    ),
    (
        "order_totals_match_lines",
        "SELECT 'order ' || COALESCE(o.number, '#' || o.id) || ': total ' || o.gross_minor \
           || ' but lines sum to ' || COALESCE(l.g, 0) \
         FROM orders o \
         LEFT JOIN (SELECT order_id, SUM(net_minor) AS n, SUM(tax_minor) AS t, SUM(gross_minor) AS g \
                    FROM order_lines GROUP BY order_id) l ON l.order_id = o.id \
         WHERE o.net_minor <> COALESCE(l.n, 0) OR o.tax_minor <> COALESCE(l.t, 0) \
            OR o.gross_minor <> COALESCE(l.g, 0)",
    ),
    (
        "counters_cover_numbers",
        "SELECT 'order number ' || o.number || ' is above the SO counter ' || COALESCE(c.last_no, 0) \
         FROM orders o \
         LEFT JOIN doc_counters c ON c.doc_type = 'SO' \
           AND c.year = CAST(substr(o.number, 4, 4) AS INTEGER) \
         WHERE o.number IS NOT NULL \
           AND CAST(substr(o.number, 9) AS INTEGER) > COALESCE(c.last_no, 0)",
    ),
    (
        "counters_cover_stock_documents",
        "SELECT m.doc_no || ' is above the ' || m.doc_type || ' counter ' || COALESCE(c.last_no, 0) \
         FROM stock_moves m \
         LEFT JOIN doc_counters c ON c.doc_type = m.doc_type \
           AND c.year = CAST(substr(m.doc_no, length(m.doc_type) + 2, 4) AS INTEGER) \
         WHERE m.doc_type IN ('GR', 'ADJ', 'TR', 'CNT') AND m.doc_no IS NOT NULL \
           AND CAST(substr(m.doc_no, length(m.doc_type) + 7) AS INTEGER) > COALESCE(c.last_no, 0)",
    ),
    // After a lost write-ahead log (deleted beside a crash, or while in use) part of
    // the newest pages can be missing: an audit row that names a record which is not
    // there shows that records were lost, even where every balance still agrees.
    (
        "audited_records_exist",
        "SELECT 'audit row ' || a.id || ' (' || a.action || ' at ' || a.at || ') names ' || a.entity || ' ' \
           || a.entity_id || ', which is not in the database: writes were lost' \
         FROM audit_log a \
         WHERE a.entity_id IS NOT NULL AND CASE a.entity \
           WHEN 'order' THEN NOT EXISTS (SELECT 1 FROM orders WHERE id = a.entity_id) \
           WHEN 'customer' THEN NOT EXISTS (SELECT 1 FROM customers WHERE id = a.entity_id) \
           WHEN 'product' THEN NOT EXISTS (SELECT 1 FROM products WHERE id = a.entity_id) \
           WHEN 'user' THEN NOT EXISTS (SELECT 1 FROM users WHERE id = a.entity_id) \
           WHEN 'warehouse' THEN NOT EXISTS (SELECT 1 FROM warehouses WHERE id = a.entity_id) \
           WHEN 'bin' THEN NOT EXISTS (SELECT 1 FROM bins WHERE id = a.entity_id) \
           ELSE 0 END",
    ),
    (
        "order_numbers_well_formed",
        "SELECT 'order #' || id || ' has number ' || number FROM orders \
         WHERE number IS NOT NULL AND (substr(number, 1, 3) <> 'SO-' OR length(number) < 14 \
           OR substr(number, 8, 1) <> '-')",
    ),
    // --- the goods flow (物流): picks, staging, shipments and deliveries.
    (
        "picked_within_reserved",
        "SELECT 'order line ' || id || ': picked ' || qty_picked || ' above reserved ' || qty_reserved \
         FROM order_lines WHERE qty_picked > qty_reserved",
    ),
    (
        // What a line has staged: picked by its pick tasks, less what shipped and what
        // unpick tasks are to put back (a cancelled order's picked goods leave its line
        // when the unpick list is made, and the staging bin when it is done).
        "line_picked_matches_staging",
        "SELECT 'order line ' || l.id || ': picked ' || l.qty_picked || ' but its tasks staged ' \
           || COALESCE(x.s, 0) \
         FROM order_lines l LEFT JOIN ( \
           SELECT line_id, SUM(q) AS s FROM ( \
             SELECT order_line_id AS line_id, CASE kind WHEN 'pick' THEN qty_picked ELSE -qty END AS q \
               FROM pick_tasks \
             UNION ALL SELECT order_line_id, -qty FROM shipment_lines) GROUP BY line_id) x \
           ON x.line_id = l.id \
         WHERE l.qty_picked <> COALESCE(x.s, 0)",
    ),
    (
        "shipped_within_picked",
        "SELECT 'order line ' || line_id || ': shipped ' || SUM(s) || ' but picked ' || SUM(p) \
         FROM (SELECT order_line_id AS line_id, qty AS s, 0 AS p FROM shipment_lines \
               UNION ALL SELECT order_line_id, 0, CASE kind WHEN 'pick' THEN qty_picked ELSE -qty END \
               FROM pick_tasks) \
         GROUP BY line_id HAVING SUM(s) > SUM(p)",
    ),
    (
        "line_shipped_matches_shipments",
        "SELECT 'order line ' || l.id || ': shipped ' || l.qty_shipped || ' but shipments carry ' \
           || COALESCE(x.s, 0) \
         FROM order_lines l LEFT JOIN (SELECT order_line_id, SUM(qty) AS s FROM shipment_lines \
                                      GROUP BY order_line_id) x ON x.order_line_id = l.id \
         WHERE l.qty_shipped <> COALESCE(x.s, 0)",
    ),
    (
        "delivered_within_shipped",
        "SELECT 'order line ' || l.id || ': delivered ' || l.qty_delivered || ', shipped ' || l.qty_shipped \
           || ', signed for on shipments ' || COALESCE(x.d, 0) \
         FROM order_lines l LEFT JOIN (SELECT order_line_id, SUM(qty_delivered) AS d FROM shipment_lines \
                                      GROUP BY order_line_id) x ON x.order_line_id = l.id \
         WHERE l.qty_delivered > l.qty_shipped OR l.qty_delivered <> COALESCE(x.d, 0)",
    ),
    (
        "ship_moves_match_shipments",
        "SELECT 'shipment ' || shipment_id || ' product ' || product_id || ' lot ' || lot_id || ' bin ' || bin_id \
           || ': ships ' || SUM(s) || ' but its ship moves take ' || SUM(m) \
         FROM (SELECT shipment_id, product_id, lot_id, bin_id, qty AS s, 0 AS m FROM shipment_lines \
               UNION ALL SELECT doc_id, product_id, lot_id, bin_id, 0, -qty FROM stock_moves \
               WHERE kind = 'ship') \
         GROUP BY shipment_id, product_id, lot_id, bin_id HAVING SUM(s) <> SUM(m)",
    ),
    (
        // Staged stock (暂存) per staging bin, product and lot = picked, less put back,
        // less shipped; so staged stock never exceeds on hand.
        "staging_matches_picks",
        "SELECT 'staging bin ' || bin_id || ' product ' || product_id || ' lot ' || lot_id || ': holds ' \
           || SUM(h) || ' but picks less shipments leave ' || SUM(p) \
         FROM (SELECT l.bin_id, l.product_id, l.lot_id, l.on_hand AS h, 0 AS p FROM stock_levels l \
                 JOIN bins b ON b.id = l.bin_id WHERE b.kind = 'staging' \
               UNION ALL SELECT staging_bin_id, product_id, lot_id, 0, \
                 CASE kind WHEN 'pick' THEN qty_picked ELSE -qty_picked END FROM pick_tasks \
               UNION ALL SELECT bin_id, product_id, lot_id, 0, -qty FROM shipment_lines) \
         GROUP BY bin_id, product_id, lot_id HAVING SUM(h) <> SUM(p)",
    ),
    (
        "no_lot_below_zero",
        "SELECT 'product ' || product_id || ' lot ' || lot_id || ': moves sum to ' || SUM(qty) \
         FROM stock_moves GROUP BY product_id, lot_id HAVING SUM(qty) < 0",
    ),
    (
        "counters_cover_goods_documents",
        "SELECT x.number || ' is above the ' || x.t || ' counter ' || COALESCE(c.last_no, 0) \
         FROM (SELECT 'PL' AS t, number FROM pick_lists UNION ALL SELECT 'SH', number FROM shipments) x \
         LEFT JOIN doc_counters c ON c.doc_type = x.t \
           AND c.year = CAST(substr(x.number, 4, 4) AS INTEGER) \
         WHERE CAST(substr(x.number, 9) AS INTEGER) > COALESCE(c.last_no, 0)",
    ),
    (
        // What each pick list keeps of its progress (the warehouse home reads it): its
        // tasks, those no longer open, and the orders they serve.
        "pick_list_counts_match_tasks",
        "SELECT 'pick list ' || p.number || ': keeps ' || p.tasks || ' tasks, ' || p.tasks_finished \
           || ' finished, ' || p.orders || ' orders, but its tasks say ' || COALESCE(x.t, 0) || ', ' \
           || COALESCE(x.f, 0) || ', ' || COALESCE(x.o, 0) \
         FROM pick_lists p LEFT JOIN ( \
           SELECT k.pick_list_id, COUNT(*) AS t, SUM(k.status <> 'open') AS f, \
                  COUNT(DISTINCT l.order_id) AS o \
           FROM pick_tasks k JOIN order_lines l ON l.id = k.order_line_id GROUP BY k.pick_list_id) x \
           ON x.pick_list_id = p.id \
         WHERE p.tasks <> COALESCE(x.t, 0) OR p.tasks_finished <> COALESCE(x.f, 0) \
            OR p.orders <> COALESCE(x.o, 0)",
    ),
];

/// How many violations each check reports at most.
const MAX_PER_CHECK: usize = 50;

/// Runs every check; an empty result means the database is consistent.
pub fn run(c: &Connection) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    let mut st = c.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for r in rows {
        if r != "ok" {
            out.push(Violation {
                check: "integrity_check",
                detail: r,
            });
        }
    }
    let mut st = c.prepare("PRAGMA foreign_key_check")?;
    let rows: Vec<String> = st
        .query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    out.extend(rows.into_iter().map(|detail| Violation {
        check: "foreign_key_check",
        detail,
    }));
    for (name, sql) in CHECKS.iter().chain(super::check_after_sales::CHECKS) {
        let mut st = c.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            n += 1;
            if n > MAX_PER_CHECK {
                out.push(Violation {
                    check: name,
                    detail: "… more".into(),
                });
                break;
            }
            out.push(Violation {
                check: name,
                detail: r.get(0)?,
            });
        }
    }
    out.extend(
        super::check_cash::run(c)?
            .into_iter()
            .map(|(check, detail)| Violation { check, detail }),
    );
    out.extend(
        super::check_returns::run(c)?
            .into_iter()
            .map(|(check, detail)| Violation { check, detail }),
    );
    Ok(out)
}

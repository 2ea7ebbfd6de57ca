//! The invariants of returns for `orderdesk check`: nothing returned beyond what was
//! delivered (or shipped and never signed for), credit notes within their invoices,
//! return stock moves matching what was received, held stock matching the return and
//! quarantine bins, and the caches returns keep on order lines, invoices and payments.

use rusqlite::Connection;

use super::Result;

/// Each check is a query that returns one text row per violation.
pub const CHECKS: &[(&str, &str)] = &[
    (
        // Per shipment line: returns of goods signed for within what was signed for, and
        // returns of goods never signed for within what went wrong.
        "returned_within_delivered",
        "SELECT 'shipment line ' || sl.id || ': returned ' || COALESCE(x.d, 0) || ' of ' || sl.qty_delivered \
           || ' signed for, ' || COALESCE(x.u, 0) || ' of ' || sl.qty_exception || ' not signed for' \
         FROM (SELECT l.shipment_line_id AS id, \
                      SUM(CASE WHEN r.undelivered = 0 THEN l.qty END) AS d, \
                      SUM(CASE WHEN r.undelivered = 1 THEN l.qty END) AS u \
               FROM return_lines l JOIN returns r ON r.id = l.return_id \
               WHERE r.status <> 'cancelled' GROUP BY l.shipment_line_id) x \
         JOIN shipment_lines sl ON sl.id = x.id \
         WHERE COALESCE(x.d, 0) > sl.qty_delivered OR COALESCE(x.u, 0) > sl.qty_exception",
    ),
    (
        "line_returned_matches_returns",
        "SELECT 'order line ' || id || ': returned ' || SUM(k) || ' but its returns hold ' || SUM(r) \
         FROM (SELECT id, qty_returned AS k, 0 AS r FROM order_lines INDEXED BY order_lines_returned \
                 WHERE qty_returned <> 0 \
               UNION ALL SELECT l.order_line_id, 0, l.qty FROM return_lines l \
                 JOIN returns r ON r.id = l.return_id WHERE r.status <> 'cancelled') \
         GROUP BY id HAVING SUM(k) <> SUM(r)",
    ),
    (
        // What a credit note credits is what its invoice counts as credited, and never
        // more than was invoiced less written off.
        "credit_notes_within_invoices",
        "SELECT 'invoice ' || i.number || ': credited ' || i.credited_minor || ', its credit notes ' \
           || COALESCE(x.g, 0) || ', invoiced ' || i.gross_minor || ' less ' || i.written_off_minor \
           || ' written off' \
         FROM invoices i LEFT JOIN (SELECT corrects_id AS id, SUM(gross_minor) AS g FROM invoices \
                                    WHERE kind = 'credit_note' GROUP BY corrects_id) x ON x.id = i.id \
         WHERE i.kind = 'invoice' AND (i.credited_minor <> COALESCE(x.g, 0) \
            OR COALESCE(x.g, 0) > i.gross_minor - i.written_off_minor)",
    ),
    (
        "returns_credited_within_invoiced",
        "SELECT 'order line ' || ol.id || ': returns credited ' || x.q || ' and took off ' || x.u \
           || ' but ' || ol.qty_invoiced || ' was invoiced and ' || ol.qty_return_uninvoiced \
           || ' taken off' \
         FROM (SELECT order_line_id AS id, SUM(qty_credited) AS q, SUM(qty_uninvoiced) AS u \
               FROM return_lines GROUP BY order_line_id) x JOIN order_lines ol ON ol.id = x.id \
         WHERE x.q > ol.qty_invoiced OR x.u <> ol.qty_return_uninvoiced",
    ),
    (
        "line_uninvoiced_matches_returns",
        "SELECT 'order line ' || id || ': ' || SUM(k) || ' taken off invoicing but returns say ' || SUM(r) \
         FROM (SELECT id, qty_return_uninvoiced AS k, 0 AS r FROM order_lines \
                 INDEXED BY order_lines_return_uninvoiced WHERE qty_return_uninvoiced <> 0 \
               UNION ALL SELECT order_line_id, 0, qty_uninvoiced FROM return_lines \
                 WHERE qty_uninvoiced <> 0) \
         GROUP BY id HAVING SUM(k) <> SUM(r)",
    ),
    (
        "return_credit_matches_credit_note",
        "SELECT r.number || ': credited ' || r.credit_minor || ' but credit note ' || COALESCE(cn.number, '-') \
           || ' is ' || COALESCE(cn.gross_minor, 0) \
         FROM returns r LEFT JOIN invoices cn ON cn.id = r.credit_note_id \
         WHERE r.credit_minor <> COALESCE(cn.gross_minor, 0) \
            OR r.refund_minor + r.prepaid_minor > r.credit_minor",
    ),
    (
        // Goods received back came in by a return move each, at the return's document.
        "return_moves_match_receipts",
        "SELECT 'return ' || rid || ' product ' || pid || ' lot ' || lid || ': received ' || SUM(r) \
           || ' but its return moves bring in ' || SUM(m) \
         FROM (SELECT return_id AS rid, product_id AS pid, lot_id AS lid, \
                      qty_sellable + qty_quarantine + qty_scrapped AS r, 0 AS m FROM return_lines \
               UNION ALL SELECT doc_id, product_id, lot_id, 0, qty FROM stock_moves \
                 INDEXED BY stock_moves_return WHERE kind = 'return') \
         GROUP BY rid, pid, lid HAVING SUM(r) <> SUM(m)",
    ),
    (
        "return_lines_match_receipts",
        "SELECT 'return line ' || l.id || ': sellable ' || l.qty_sellable || ', quarantine ' || l.qty_quarantine \
           || ', scrapped ' || l.qty_scrapped || ', lost ' || l.qty_lost || ' but its receipts say ' \
           || COALESCE(x.s, 0) || ', ' || COALESCE(x.q, 0) || ', ' || COALESCE(x.c, 0) || ', ' || COALESCE(x.l, 0) \
         FROM return_lines l LEFT JOIN ( \
           SELECT return_line_id AS id, \
                  SUM(CASE condition WHEN 'sellable' THEN qty END) AS s, \
                  SUM(CASE condition WHEN 'quarantine' THEN qty END) AS q, \
                  SUM(CASE condition WHEN 'scrap' THEN qty END) AS c, \
                  SUM(CASE condition WHEN 'lost' THEN qty END) AS l \
           FROM return_receipts GROUP BY return_line_id) x ON x.id = l.id \
         WHERE l.qty_sellable <> COALESCE(x.s, 0) OR l.qty_quarantine <> COALESCE(x.q, 0) \
            OR l.qty_scrapped <> COALESCE(x.c, 0) OR l.qty_lost <> COALESCE(x.l, 0)",
    ),
    (
        // A return's state says what its lines hold.
        "return_status_matches_lines",
        "SELECT r.number || ' is ' || r.status || ' with ' || x.a || ' of ' || x.q || ' received, ' \
           || x.c || ' credited or taken off invoicing' \
         FROM returns r JOIN (SELECT return_id, SUM(qty) AS q, \
             SUM(qty_sellable + qty_quarantine + qty_scrapped + qty_lost) AS a, \
             SUM(qty_credited + qty_uninvoiced) AS c FROM return_lines GROUP BY return_id) x \
           ON x.return_id = r.id \
         WHERE (r.status IN ('open', 'cancelled') AND x.a <> 0) \
            OR (r.status = 'partly_received' AND (x.a = 0 OR x.a >= x.q)) \
            OR (r.status IN ('received', 'credited', 'closed') AND x.a <> x.q) \
            OR (r.status IN ('credited', 'closed') AND x.c <> x.q) \
            OR (r.status NOT IN ('credited', 'closed') AND x.c <> 0)",
    ),
    (
        "product_held_matches_levels",
        "SELECT 'product ' || product_id || ': held ' || SUM(h) || ' but return and quarantine bins hold ' \
           || SUM(l) \
         FROM (SELECT product_id, held AS h, 0 AS l FROM product_stock WHERE held <> 0 \
               UNION ALL SELECT s.product_id, 0, s.on_hand FROM bins b \
                 JOIN stock_levels s ON s.bin_id = b.id WHERE b.kind = 'returns') \
         GROUP BY product_id HAVING SUM(h) <> SUM(l)",
    ),
    (
        "reserved_within_sellable",
        "SELECT 'product ' || product_id || ': reserved ' || reserved || ' and held ' || held \
           || ' above on hand ' || on_hand \
         FROM product_stock WHERE reserved + held > on_hand",
    ),
    (
        // What an invoice counts as paid is what payments applied to it less what
        // returns gave back to them; so with what a payment counts as applied.
        "invoice_paid_matches_allocations",
        "SELECT 'invoice ' || i.number || ': paid ' || i.paid_minor || ' but allocations less reversals are ' \
           || (COALESCE(a.s, 0) - COALESCE(x.s, 0)) \
         FROM invoices i \
         LEFT JOIN (SELECT invoice_id AS id, SUM(amount_minor) AS s FROM allocations GROUP BY invoice_id) a \
           ON a.id = i.id \
         LEFT JOIN (SELECT al.invoice_id AS id, SUM(r.amount_minor) AS s FROM allocation_reversals r \
                    JOIN allocations al ON al.id = r.allocation_id GROUP BY al.invoice_id) x ON x.id = i.id \
         WHERE i.kind = 'invoice' AND i.paid_minor <> COALESCE(a.s, 0) - COALESCE(x.s, 0)",
    ),
    (
        "payment_allocated_matches_allocations",
        "SELECT 'payment ' || p.number || ': allocated ' || p.allocated_minor \
           || ' but allocations less reversals are ' || (COALESCE(a.s, 0) - COALESCE(x.s, 0)) \
         FROM payments p \
         LEFT JOIN (SELECT payment_id AS id, SUM(amount_minor) AS s FROM allocations GROUP BY payment_id) a \
           ON a.id = p.id \
         LEFT JOIN (SELECT al.payment_id AS id, SUM(r.amount_minor) AS s FROM allocation_reversals r \
                    JOIN allocations al ON al.id = r.allocation_id GROUP BY al.payment_id) x ON x.id = p.id \
         WHERE p.allocated_minor <> COALESCE(a.s, 0) - COALESCE(x.s, 0)",
    ),
    (
        "counters_cover_returns",
        "SELECT r.number || ' is above the RMA counter ' || COALESCE(c.last_no, 0) \
         FROM returns r LEFT JOIN doc_counters c ON c.doc_type = 'RMA' \
           AND c.year = CAST(substr(r.number, 5, 4) AS INTEGER) \
         WHERE CAST(substr(r.number, 10) AS INTEGER) > COALESCE(c.last_no, 0)",
    ),
];

/// How many violations each check reports at most.
const MAX_PER_CHECK: usize = 50;

/// Runs the checks of returns: (check, detail) per violation.
pub fn run(c: &Connection) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for (name, sql) in CHECKS {
        let mut st = c.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            n += 1;
            if n > MAX_PER_CHECK {
                out.push((*name, "… more".to_string()));
                break;
            }
            out.push((*name, r.get(0)?));
        }
    }
    Ok(out)
}

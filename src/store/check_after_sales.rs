//! The invariants of tickets and purchase requests for `orderdesk check`: a request's
//! received quantity is the sum of the receipts linked to it, each of them a receipt
//! move of the request's product bringing that quantity; a ticket's state is the one
//! its log last moved it to; and their numbers are covered by the counters.

/// Each check is a query that returns one text row per violation.
pub const CHECKS: &[(&str, &str)] = &[
    (
        "request_received_matches_receipts",
        "SELECT r.number || ': received ' || r.qty_received || ' but its receipts bring ' \
           || COALESCE(x.s, 0) \
         FROM purchase_requests r \
         LEFT JOIN (SELECT request_id, SUM(qty) AS s FROM purchase_receipts GROUP BY request_id) x \
           ON x.request_id = r.id \
         WHERE r.qty_received <> COALESCE(x.s, 0)",
    ),
    (
        "request_receipts_are_receipts_of_its_product",
        "SELECT r.number || ': linked move ' || x.move_id || ' is ' || COALESCE(m.kind, 'missing') \
           || ' of product ' || COALESCE(m.product_id, 0) || ' bringing ' || COALESCE(m.qty, 0) \
           || ', not a receipt of product ' || r.product_id || ' bringing ' || x.qty \
         FROM purchase_receipts x JOIN purchase_requests r ON r.id = x.request_id \
         LEFT JOIN stock_moves m ON m.id = x.move_id \
         WHERE m.id IS NULL OR m.kind <> 'receipt' OR m.product_id <> r.product_id OR m.qty <> x.qty",
    ),
    (
        "ticket_state_matches_log",
        "SELECT t.number || ': ' || t.status || ' but its log last moved it to ' \
           || COALESCE((SELECT l.to_status FROM ticket_log l WHERE l.ticket_id = t.id \
                          AND l.to_status IS NOT NULL ORDER BY l.id DESC LIMIT 1), 'nothing') \
         FROM tickets t \
         WHERE t.status IS NOT (SELECT l.to_status FROM ticket_log l WHERE l.ticket_id = t.id \
                                  AND l.to_status IS NOT NULL ORDER BY l.id DESC LIMIT 1)",
    ),
    (
        "counters_cover_after_sales_documents",
        "SELECT x.number || ' is above the ' || x.t || ' counter ' || COALESCE(c.last_no, 0) \
         FROM (SELECT 'TK' AS t, number FROM tickets \
               UNION ALL SELECT 'PR', number FROM purchase_requests) x \
         LEFT JOIN doc_counters c ON c.doc_type = x.t \
           AND c.year = CAST(substr(x.number, 4, 4) AS INTEGER) \
         WHERE CAST(substr(x.number, 9) AS INTEGER) > COALESCE(c.last_no, 0)",
    ),
];

-- orderdesk schema, version 4: the counter's daily flow.

-- Customer codes numbered when left empty: the prefix and the last number taken
-- (prefix + five digits, C00001), taken inside the writing transaction like document
-- numbers. A database that already has codes of that shape goes on after the highest.
ALTER TABLE company ADD COLUMN customer_code_prefix TEXT NOT NULL DEFAULT 'C'
    CHECK (length(customer_code_prefix) BETWEEN 1 AND 8);
ALTER TABLE company ADD COLUMN customer_code_last INTEGER NOT NULL DEFAULT 0
    CHECK (customer_code_last >= 0);
UPDATE company SET customer_code_last = coalesce((
    SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM customers
    WHERE code GLOB 'C[0-9]*' AND NOT substr(code, 2) GLOB '*[^0-9]*'), 0);

-- A database built by `demo`: its login screen shows the demo users.
ALTER TABLE company ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));

-- Drafts get a number of their own (DR-2026-000012) from the same counters.
CREATE TABLE doc_counters_v4 (
    doc_type TEXT NOT NULL CHECK (doc_type IN ('SO', 'PL', 'SH', 'INV', 'RCV', 'RMA', 'CN', 'GR', 'ADJ', 'TR', 'CNT', 'DR')),
    year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_no  INTEGER NOT NULL CHECK (last_no >= 0),
    PRIMARY KEY (doc_type, year)
) STRICT, WITHOUT ROWID;
INSERT INTO doc_counters_v4 (doc_type, year, last_no)
    SELECT doc_type, year, last_no FROM doc_counters;
DROP TABLE doc_counters;
ALTER TABLE doc_counters_v4 RENAME TO doc_counters;

ALTER TABLE orders ADD COLUMN draft_no TEXT;
CREATE UNIQUE INDEX orders_draft_no ON orders (draft_no) WHERE draft_no IS NOT NULL;

-- Orders without an order number so far get draft numbers by year of their order date.
WITH n AS (
    SELECT id, substr(order_date, 1, 4) AS y,
           row_number() OVER (PARTITION BY substr(order_date, 1, 4) ORDER BY id) AS k
    FROM orders WHERE number IS NULL)
UPDATE orders SET draft_no = (SELECT 'DR-' || n.y || '-' || printf('%06d', n.k) FROM n WHERE n.id = orders.id)
WHERE id IN (SELECT id FROM n);
INSERT INTO doc_counters (doc_type, year, last_no)
    SELECT 'DR', CAST(substr(draft_no, 4, 4) AS INTEGER), max(CAST(substr(draft_no, 9) AS INTEGER))
    FROM orders WHERE draft_no IS NOT NULL GROUP BY substr(draft_no, 4, 4);

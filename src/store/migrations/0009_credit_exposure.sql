-- orderdesk schema, version 9: credit exposure kept per customer, credit holds that
-- stop orders and their releases, the cash a counter sale was handed, and the indexes
-- of the invoice list's filters.

-- Approved orders not yet invoiced (审批未开票), kept beside open AR in the receivables
-- row by every operation that changes either, in the same transaction: an order counts
-- while approved, on hold or closed, each line for its gross less the share of it
-- already invoiced, ⌈gross × invoiced / (ordered − cancelled)⌉. Exposure (信用占用) =
-- open AR + that; the approval rules read it in one row. `check` recounts it.
ALTER TABLE customer_balances ADD COLUMN uninvoiced_minor INTEGER NOT NULL DEFAULT 0
    CHECK (uninvoiced_minor >= 0);
ALTER TABLE customer_balances ADD COLUMN exposure_minor INTEGER
    GENERATED ALWAYS AS (open_ar_minor + uninvoiced_minor) VIRTUAL;

-- What the orders of a file written by version 7 leave uninvoiced. The share is taken
-- as (gross / open) × invoiced + ⌈(gross mod open) × invoiced / open⌉, which equals
-- ⌈gross × invoiced / open⌉ without a product that could pass 64 bits.
INSERT INTO customer_balances (customer_id, uninvoiced_minor)
SELECT customer_id, u FROM (
    SELECT o.customer_id, SUM(
        CASE WHEN l.qty_invoiced <= 0 THEN l.gross_minor
             WHEN l.qty_invoiced >= l.qty - l.qty_cancelled THEN 0
             ELSE l.gross_minor
                  - (l.gross_minor / (l.qty - l.qty_cancelled)) * l.qty_invoiced
                  - ((l.gross_minor % (l.qty - l.qty_cancelled)) * l.qty_invoiced
                     + (l.qty - l.qty_cancelled) - 1) / (l.qty - l.qty_cancelled)
        END) AS u
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.stage IN ('approved', 'on_hold', 'closed')
    GROUP BY o.customer_id)
WHERE u > 0
ON CONFLICT (customer_id) DO UPDATE SET uninvoiced_minor = excluded.uninvoiced_minor;

-- Releases of credit holds (解除信用冻结) by finance, with the reason, kept for good.
-- The newest release of a customer not on hold covers what was owed and overdue when it
-- was given: the customer is held again only when the exposure passes the exposure of
-- that day, or an invoice passes the grace days after it.
CREATE TABLE credit_releases (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    reason         TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    -- Why the customer had been held (the hold's recorded reason).
    hold_reason    TEXT,
    exposure_minor INTEGER NOT NULL CHECK (exposure_minor >= 0),
    -- The business date of the release, in the company's time zone.
    release_date   TEXT NOT NULL,
    released_by    INTEGER NOT NULL REFERENCES users(id),
    released_at    TEXT NOT NULL
) STRICT;
CREATE INDEX credit_releases_customer ON credit_releases (customer_id, id);

-- A customer on credit hold is a reason of its own in the approval queue: the approvals
-- table is made again with the new reason in its CHECK.
CREATE TABLE approvals_v8 (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    reason     TEXT NOT NULL CHECK (reason IN ('amount', 'manager_amount', 'credit', 'overdue',
                                               'credit_hold', 'price', 'discount', 'customer')),
    detail     TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    created_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT
) STRICT;
INSERT INTO approvals_v8 (id, order_id, reason, detail, status, created_at, decided_by, decided_at)
    SELECT id, order_id, reason, detail, status, created_at, decided_by, decided_at FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_v8 RENAME TO approvals;
CREATE INDEX approvals_pending ON approvals (status, order_id);

-- The cash a customer handed over at the counter (实收), so that a reprinted receipt
-- shows the change given as the first print did. Cash payments of counter sales only.
ALTER TABLE payments ADD COLUMN tendered_minor INTEGER
    CHECK (tendered_minor IS NULL OR (tendered_minor >= amount_minor AND method = 'cash'));

-- The invoice list's filters, each paged newest first on an index of its own: open
-- invoices (with the due date, so that the overdue ones are found in the index), and
-- invoices paid in full.
CREATE INDEX invoices_open_date ON invoices (invoice_date, id, due_date) WHERE open_minor > 0;
CREATE INDEX invoices_paid_date ON invoices (invoice_date, id)
    WHERE kind = 'invoice' AND open_minor = 0;

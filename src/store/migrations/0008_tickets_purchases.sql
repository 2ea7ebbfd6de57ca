-- orderdesk schema: complaint and feedback tickets (客诉 / 客户反馈, TK-), and the
-- follow-up of shortages by purchase and production requests (请购单, PR-).

-- Tickets (TK-) and purchase requests (PR-) get numbers of their own.
CREATE TABLE doc_counters_v8 (
    doc_type TEXT NOT NULL CHECK (doc_type IN ('SO', 'PL', 'SH', 'INV', 'RCV', 'RMA', 'CN', 'GR', 'ADJ', 'TR', 'CNT', 'DR', 'JV', 'WO', 'RF', 'TK', 'PR')),
    year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_no  INTEGER NOT NULL CHECK (last_no >= 0),
    PRIMARY KEY (doc_type, year)
) STRICT, WITHOUT ROWID;
INSERT INTO doc_counters_v8 (doc_type, year, last_no)
    SELECT doc_type, year, last_no FROM doc_counters;
DROP TABLE doc_counters;
ALTER TABLE doc_counters_v8 RENAME TO doc_counters;

-- Who handles tickets (everyone who meets customers or their goods) and who asks for
-- goods to be bought or made.
INSERT INTO permissions (code, name_zh, name_en) VALUES
    ('tickets.handle', '处理客诉', 'Handle tickets'),
    ('purchases.request', '请购', 'Request purchases');
INSERT INTO role_permissions (role, permission) VALUES
    ('admin', 'tickets.handle'), ('sales', 'tickets.handle'), ('manager', 'tickets.handle'),
    ('warehouse', 'tickets.handle'), ('finance', 'tickets.handle'),
    ('admin', 'purchases.request'), ('manager', 'purchases.request'),
    ('warehouse', 'purchases.request');

-- The promised times of tickets by severity (服务时限), a company setting: hours from
-- opening to the first answer and to the resolution.
CREATE TABLE ticket_slas (
    severity       TEXT PRIMARY KEY CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
    response_hours INTEGER NOT NULL CHECK (response_hours BETWEEN 1 AND 720),
    resolve_hours  INTEGER NOT NULL CHECK (resolve_hours BETWEEN 1 AND 2160),
    CHECK (response_hours <= resolve_hours)
) STRICT, WITHOUT ROWID;
INSERT INTO ticket_slas (severity, response_hours, resolve_hours) VALUES
    ('urgent', 2, 24), ('high', 8, 72), ('normal', 24, 120), ('low', 72, 240);

-- Tickets (客诉单, TK-): a customer's complaint or feedback, linked to an order, a
-- shipment or a product where it applies. The promised times are fixed when it opens;
-- responded_at is the first action after opening.
CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    order_id       INTEGER REFERENCES orders(id),
    shipment_id    INTEGER REFERENCES shipments(id),
    product_id     INTEGER REFERENCES products(id),
    kind           TEXT NOT NULL CHECK (kind IN ('complaint', 'quality', 'delivery', 'service', 'feedback')),
    severity       TEXT NOT NULL CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
    status         TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    subject        TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    owner_id       INTEGER NOT NULL REFERENCES users(id),
    opened_by      INTEGER NOT NULL REFERENCES users(id),
    opened_at      TEXT NOT NULL,
    respond_by     TEXT NOT NULL CHECK (respond_by >= opened_at),
    resolve_by     TEXT NOT NULL CHECK (resolve_by >= respond_by),
    responded_at   TEXT,
    resolution     TEXT CHECK (resolution IS NULL OR length(resolution) BETWEEN 1 AND 500),
    resolved_at    TEXT,
    closed_at      TEXT,
    satisfaction   INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
    customer_words TEXT CHECK (customer_words IS NULL OR length(customer_words) <= 500),
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (shipment_id IS NULL OR order_id IS NOT NULL),
    CHECK (status NOT IN ('resolved', 'closed') OR (resolution IS NOT NULL AND resolved_at IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (status <> 'closed' OR satisfaction IS NOT NULL)
) STRICT;
-- The list, newest first, by filter: a customer's, an order's, the open ones, one
-- owner's unfinished ones.
CREATE INDEX tickets_customer ON tickets (customer_id, id);
CREATE INDEX tickets_order ON tickets (order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX tickets_active ON tickets (id) WHERE status IN ('open', 'in_progress');
CREATE INDEX tickets_owner_unclosed ON tickets (owner_id, id) WHERE status <> 'closed';

-- The log of a ticket (处理记录): who did what when; append-only. to_status is the
-- state the action left the ticket in, where it changed it.
CREATE TABLE ticket_log (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at        TEXT NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES users(id),
    action    TEXT NOT NULL CHECK (action IN
        ('opened', 'note', 'contact', 'assigned', 'resolved', 'reopened', 'closed')),
    to_status TEXT CHECK (to_status IS NULL OR to_status IN ('open', 'in_progress', 'resolved', 'closed')),
    note      TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500)
) STRICT;
CREATE INDEX ticket_log_ticket ON ticket_log (ticket_id, id);
CREATE TRIGGER ticket_log_no_update BEFORE UPDATE ON ticket_log
BEGIN SELECT RAISE(ABORT, 'ticket_log is append-only'); END;
CREATE TRIGGER ticket_log_no_delete BEFORE DELETE ON ticket_log
BEGIN SELECT RAISE(ABORT, 'ticket_log is append-only'); END;

-- Purchase and production requests (请购单, PR-) for short products: from a supplier or
-- a workshop (free text), a quantity in thousandths and the date the goods are expected.
-- qty_received = the receipts linked to it (purchase_receipts); `check` proves it.
CREATE TABLE purchase_requests (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('purchase', 'production')),
    product_id    INTEGER NOT NULL REFERENCES products(id),
    supplier      TEXT NOT NULL CHECK (length(supplier) BETWEEN 1 AND 100),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    qty_received  INTEGER NOT NULL DEFAULT 0 CHECK (qty_received >= 0),
    expected_date TEXT NOT NULL CHECK (length(expected_date) = 10),
    status        TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'ordered', 'received', 'cancelled')),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    ordered_by    INTEGER REFERENCES users(id),
    ordered_at    TEXT,
    closed_at     TEXT,
    cancel_reason TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (status <> 'received' OR qty_received >= qty),
    CHECK (status IN ('received', 'cancelled') OR qty_received < qty),
    CHECK (status <> 'cancelled' OR (cancel_reason IS NOT NULL AND qty_received = 0)),
    CHECK (status NOT IN ('received', 'cancelled') OR closed_at IS NOT NULL)
) STRICT;
-- The list by state, newest first (the pending ones, the finished ones); the pending
-- requests of a product by expected date (the counter's expected date and the shortage
-- list).
CREATE INDEX purchase_requests_pending ON purchase_requests (id) WHERE status IN ('open', 'ordered');
CREATE INDEX purchase_requests_closed ON purchase_requests (id) WHERE status IN ('received', 'cancelled');
CREATE INDEX purchase_requests_product_pending ON purchase_requests (product_id, expected_date)
    WHERE status IN ('open', 'ordered');

-- Which receipt moves brought goods for which request (到货登记).
CREATE TABLE purchase_receipts (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES purchase_requests(id),
    move_id    INTEGER NOT NULL UNIQUE REFERENCES stock_moves(id),
    qty        INTEGER NOT NULL CHECK (qty > 0)
) STRICT;
CREATE INDEX purchase_receipts_request ON purchase_receipts (request_id, id);

-- The shortage list (缺货跟进) reads only backordered lines.
CREATE INDEX order_lines_backordered ON order_lines (product_id) WHERE qty_backordered > 0;

-- orderdesk schema, version 11: returns and exchanges (退货 / 换货, RMA-) and the credit
-- notes (CN-) that follow them. Quantities INTEGER thousandths, money INTEGER fen.

-- Held stock (不可售): what lies in bins of kind 'returns', where returned goods arrive
-- and wait in quarantine. It is on hand, in the books at its cost, and never for sale:
-- available (可用) = on hand − reserved − held.
ALTER TABLE product_stock ADD COLUMN held INTEGER NOT NULL DEFAULT 0
    CHECK (held >= 0 AND held <= on_hand);
UPDATE product_stock SET held = COALESCE((
    SELECT SUM(l.on_hand) FROM stock_levels l JOIN bins b ON b.id = l.bin_id
    WHERE b.kind = 'returns' AND l.product_id = product_stock.product_id), 0);

-- Each warehouse's return bin (退货区, RET-<warehouse>), where returned goods are
-- received, and quarantine bin (待检区, QUA-<warehouse>), where they wait for inspection.
-- Both are of kind 'returns'; they are made when the warehouse first receives a return.
CREATE TABLE return_bins (
    warehouse_id      INTEGER PRIMARY KEY REFERENCES warehouses(id),
    return_bin_id     INTEGER NOT NULL UNIQUE REFERENCES bins(id),
    quarantine_bin_id INTEGER NOT NULL UNIQUE REFERENCES bins(id)
) STRICT;

-- Returned before it was invoiced (退货未开票): the return reduces what will be invoiced.
ALTER TABLE order_lines ADD COLUMN qty_return_uninvoiced INTEGER NOT NULL DEFAULT 0
    CHECK (qty_return_uninvoiced >= 0
           AND qty_invoiced + qty_return_uninvoiced <= qty - qty_cancelled);
-- The few lines with returns: `check` compares them with the returns without reading
-- every order line.
CREATE INDEX order_lines_returned ON order_lines (id) WHERE qty_returned <> 0;
CREATE INDEX order_lines_return_uninvoiced ON order_lines (id) WHERE qty_return_uninvoiced <> 0;
-- Return moves by their return, without reading the whole stock ledger.
CREATE INDEX stock_moves_return ON stock_moves (doc_id) WHERE kind = 'return';

-- The part of a shipment line's cost that waited in 发出商品 (revenue at sign-off) and
-- was settled by a return: back to stock, or written off.
ALTER TABLE shipment_costs ADD COLUMN returned_minor INTEGER NOT NULL DEFAULT 0
    CHECK (returned_minor >= 0 AND signed_minor + returned_minor <= value_minor);

-- Returns (退货单, RMA-): goods of one shipment coming back, or settled when the carrier
-- lost them. `undelivered`: the goods were never signed for (refused, damaged in
-- transit, lost); else the customer had them.
CREATE TABLE returns (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    order_id          INTEGER NOT NULL REFERENCES orders(id),
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    shipment_id       INTEGER NOT NULL REFERENCES shipments(id),
    warehouse_id      INTEGER NOT NULL REFERENCES warehouses(id),
    reason            TEXT NOT NULL CHECK (reason IN
        ('wrong_item', 'damaged', 'quality', 'changed_mind', 'refused', 'lost', 'other')),
    note              TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    undelivered       INTEGER NOT NULL CHECK (undelivered IN (0, 1)),
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN
        ('open', 'partly_received', 'received', 'credited', 'closed', 'cancelled')),
    -- The replacement order of an exchange (换货).
    exchange_order_id INTEGER REFERENCES orders(id),
    -- The credit note, when the goods were invoiced; what it credited, what of it went
    -- back as a refund and what stayed as the customer's prepayment.
    credit_note_id    INTEGER REFERENCES invoices(id),
    credit_minor      INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
    refund_minor      INTEGER NOT NULL DEFAULT 0 CHECK (refund_minor >= 0),
    prepaid_minor     INTEGER NOT NULL DEFAULT 0 CHECK (prepaid_minor >= 0),
    settlement        TEXT CHECK (settlement IS NULL OR settlement IN ('refund', 'prepayment')),
    cancel_reason     TEXT,
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
    CHECK (status NOT IN ('credited', 'closed') OR settlement IS NOT NULL)
) STRICT;
-- The return list by state, newest first, and an order's and a customer's returns.
CREATE INDEX returns_status ON returns (status, id);
CREATE INDEX returns_order ON returns (order_id, id);
CREATE INDEX returns_customer ON returns (customer_id, id);
CREATE INDEX returns_shipment ON returns (shipment_id);
-- Whether a credit note is a return's (the returns figure, store::figures::sales).
CREATE INDEX returns_credit_note ON returns (credit_note_id) WHERE credit_note_id IS NOT NULL;

-- What comes back, per shipment line (order line, lot): the quantity, the cost it left
-- stock at, what was received in which condition (sellable, quarantine, scrapped) or
-- written off as lost, and what a credit note credited or the return took off what was
-- still to invoice.
CREATE TABLE return_lines (
    id               INTEGER PRIMARY KEY,
    return_id        INTEGER NOT NULL REFERENCES returns(id),
    line_no          INTEGER NOT NULL CHECK (line_no > 0),
    shipment_line_id INTEGER NOT NULL REFERENCES shipment_lines(id),
    order_line_id    INTEGER NOT NULL REFERENCES order_lines(id),
    product_id       INTEGER NOT NULL REFERENCES products(id),
    lot_id           INTEGER NOT NULL REFERENCES lots(id),
    qty              INTEGER NOT NULL CHECK (qty > 0),
    unit_cost        INTEGER NOT NULL CHECK (unit_cost >= 0),
    qty_sellable     INTEGER NOT NULL DEFAULT 0 CHECK (qty_sellable >= 0),
    qty_quarantine   INTEGER NOT NULL DEFAULT 0 CHECK (qty_quarantine >= 0),
    qty_scrapped     INTEGER NOT NULL DEFAULT 0 CHECK (qty_scrapped >= 0),
    qty_lost         INTEGER NOT NULL DEFAULT 0 CHECK (qty_lost >= 0),
    qty_credited     INTEGER NOT NULL DEFAULT 0 CHECK (qty_credited >= 0),
    qty_uninvoiced   INTEGER NOT NULL DEFAULT 0 CHECK (qty_uninvoiced >= 0),
    UNIQUE (return_id, line_no),
    CHECK (qty_sellable + qty_quarantine + qty_scrapped + qty_lost <= qty),
    CHECK (qty_credited + qty_uninvoiced <= qty)
) STRICT;
CREATE INDEX return_lines_return ON return_lines (return_id);
CREATE INDEX return_lines_shipment_line ON return_lines (shipment_line_id);
CREATE INDEX return_lines_order_line ON return_lines (order_line_id);

-- Each receipt of returned goods (a scan or a typed quantity) in its condition, and
-- where the goods went (a sellable bin, the quarantine bin); scrapped and lost goods go
-- nowhere.
CREATE TABLE return_receipts (
    id             INTEGER PRIMARY KEY,
    return_line_id INTEGER NOT NULL REFERENCES return_lines(id),
    condition      TEXT NOT NULL CHECK (condition IN ('sellable', 'quarantine', 'scrap', 'lost')),
    qty            INTEGER NOT NULL CHECK (qty > 0),
    bin_id         INTEGER REFERENCES bins(id),
    received_by    INTEGER NOT NULL REFERENCES users(id),
    received_at    TEXT NOT NULL,
    CHECK ((condition IN ('sellable', 'quarantine')) = (bin_id IS NOT NULL))
) STRICT;
CREATE INDEX return_receipts_line ON return_receipts (return_line_id);

-- Parts of payments taken back off an invoice that a return credited after it was paid:
-- that money is the customer's prepayment again, to keep or to pay back.
CREATE TABLE allocation_reversals (
    id             INTEGER PRIMARY KEY,
    allocation_id  INTEGER NOT NULL REFERENCES allocations(id),
    credit_note_id INTEGER NOT NULL REFERENCES invoices(id),
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX allocation_reversals_allocation ON allocation_reversals (allocation_id);
CREATE INDEX allocation_reversals_credit_note ON allocation_reversals (credit_note_id);

-- orderdesk schema, version 6: picking, packing, shipping and delivery (物流).
-- Quantities are INTEGER thousandths, weights INTEGER grams, money INTEGER fen.

-- What a bin is for: storage (picked from), staging (picked goods waiting to ship),
-- returns (goods coming back). Receipts, adjustments, transfers and counts by hand
-- refuse staging bins; picking chooses lots from storage bins only.
ALTER TABLE bins ADD COLUMN kind TEXT NOT NULL DEFAULT 'storage'
    CHECK (kind IN ('storage', 'staging', 'returns'));
CREATE UNIQUE INDEX bins_one_staging ON bins (warehouse_id) WHERE kind = 'staging';
INSERT INTO bins (warehouse_id, code, name, kind)
    SELECT w.id, 'STG-' || w.code, '发货暂存区', 'staging' FROM warehouses w
    WHERE NOT EXISTS (SELECT 1 FROM bins b WHERE b.code = 'STG-' || w.code);

-- Packing (复核打包) at a bench before shipping: off unless the company turns it on.
ALTER TABLE company ADD COLUMN packing_required INTEGER NOT NULL DEFAULT 0
    CHECK (packing_required IN (0, 1));

-- The carriers the admin keeps (承运商).
CREATE TABLE carriers (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO carriers (code, name) VALUES
    ('SF', '顺丰速运'), ('ZTO', '中通快递'), ('DBL', '德邦物流'), ('OWN', '自有车辆');

-- Pick lists (拣货单, PL-): one order or a wave of orders, assigned to a picker.
CREATE TABLE pick_lists (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    picker_id   INTEGER REFERENCES users(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX pick_lists_status ON pick_lists (status, id);

-- Which pick list a picker has open: one at most, by the primary key.
CREATE TABLE pick_sessions (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id),
    pick_list_id INTEGER NOT NULL REFERENCES pick_lists(id),
    opened_at    TEXT NOT NULL
) STRICT;

-- One task per order line, product, bin and lot, in walking order (seq). A pick task
-- moves goods from bin_id into the warehouse's staging bin; an unpick task puts staged
-- goods of a cancelled line back from the staging bin into bin_id. A task is claimed
-- in the database by the picker who confirmed its bin.
CREATE TABLE pick_tasks (
    id             INTEGER PRIMARY KEY,
    pick_list_id   INTEGER NOT NULL REFERENCES pick_lists(id),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    kind           TEXT NOT NULL DEFAULT 'pick' CHECK (kind IN ('pick', 'unpick')),
    order_line_id  INTEGER NOT NULL REFERENCES order_lines(id),
    product_id     INTEGER NOT NULL REFERENCES products(id),
    bin_id         INTEGER NOT NULL REFERENCES bins(id),
    staging_bin_id INTEGER NOT NULL REFERENCES bins(id),
    lot_id         INTEGER NOT NULL REFERENCES lots(id),
    qty            INTEGER NOT NULL CHECK (qty > 0),
    qty_picked     INTEGER NOT NULL DEFAULT 0 CHECK (qty_picked BETWEEN 0 AND qty),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'short', 'cancelled')),
    expires_early  INTEGER NOT NULL DEFAULT 0 CHECK (expires_early IN (0, 1)),
    claimed_by     INTEGER REFERENCES users(id),
    claimed_at     TEXT,
    short_reason   TEXT,
    short_by       INTEGER REFERENCES users(id),
    short_at       TEXT,
    done_at        TEXT,
    UNIQUE (pick_list_id, seq),
    CHECK (status <> 'done' OR qty_picked = qty),
    CHECK (status <> 'short' OR short_reason IS NOT NULL)
) STRICT;
CREATE INDEX pick_tasks_line ON pick_tasks (order_line_id);
CREATE INDEX pick_tasks_open_level ON pick_tasks (product_id, bin_id, lot_id) WHERE status = 'open';

-- Shipments (发货单, SH-): part or all of one order, with carrier and tracking number.
CREATE TABLE shipments (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    status         TEXT NOT NULL DEFAULT 'in_transit' CHECK (status IN
        ('in_transit', 'delivered', 'partly_received', 'refused', 'damaged', 'lost')),
    carrier_id     INTEGER NOT NULL REFERENCES carriers(id),
    tracking_no    TEXT CHECK (tracking_no IS NULL OR length(tracking_no) BETWEEN 1 AND 40),
    cartons        INTEGER NOT NULL DEFAULT 1 CHECK (cartons >= 0),
    weight_g       INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    cost_minor     INTEGER NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
    ship_date      TEXT NOT NULL,
    shipped_by     INTEGER NOT NULL REFERENCES users(id),
    shipped_at     TEXT NOT NULL,
    signer         TEXT,
    delivered_on   TEXT,
    settled_by     INTEGER REFERENCES users(id),
    settled_at     TEXT,
    exception_note TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (carrier_id, tracking_no),
    CHECK (status <> 'delivered' OR (signer IS NOT NULL AND delivered_on IS NOT NULL))
) STRICT;
CREATE INDEX shipments_order ON shipments (order_id, id);
CREATE INDEX shipments_status ON shipments (status, id);

-- What a shipment carries, per order line, lot and the staging bin it left from.
CREATE TABLE shipment_lines (
    id            INTEGER PRIMARY KEY,
    shipment_id   INTEGER NOT NULL REFERENCES shipments(id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
    product_id    INTEGER NOT NULL REFERENCES products(id),
    bin_id        INTEGER NOT NULL REFERENCES bins(id),
    lot_id        INTEGER NOT NULL REFERENCES lots(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    qty_delivered INTEGER NOT NULL DEFAULT 0 CHECK (qty_delivered BETWEEN 0 AND qty),
    qty_exception INTEGER NOT NULL DEFAULT 0
        CHECK (qty_exception >= 0 AND qty_delivered + qty_exception <= qty),
    UNIQUE (shipment_id, order_line_id, lot_id, bin_id)
) STRICT;
CREATE INDEX shipment_lines_line ON shipment_lines (order_line_id);

-- Cartons packed at the bench (复核打包), per order; shipped with a shipment.
CREATE TABLE cartons (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    carton_no   INTEGER NOT NULL CHECK (carton_no > 0),
    weight_g    INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    shipment_id INTEGER REFERENCES shipments(id),
    packed_by   INTEGER NOT NULL REFERENCES users(id),
    packed_at   TEXT NOT NULL,
    UNIQUE (order_id, carton_no)
) STRICT;
CREATE TABLE carton_contents (
    carton_id     INTEGER NOT NULL REFERENCES cartons(id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (carton_id, order_line_id)
) STRICT, WITHOUT ROWID;

-- Lines with reserved stock not yet picked: what the warehouse has to pick.
CREATE INDEX order_lines_to_pick ON order_lines (order_id) WHERE qty_reserved > qty_picked;
-- Lines shipped and not yet signed for (发出商品 with revenue at sign-off).
CREATE INDEX order_lines_in_transit ON order_lines (order_id) WHERE qty_shipped > qty_delivered;
-- Lines with picked goods waiting to ship.
CREATE INDEX order_lines_picked ON order_lines (order_id) WHERE qty_picked > 0;

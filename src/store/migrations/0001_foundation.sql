-- orderdesk schema, version 1: the foundation.
-- Money: INTEGER minor units (fen). Unit prices and costs: INTEGER at 4 decimals.
-- Quantities: INTEGER thousandths. Rates and discounts: INTEGER basis points.
-- Instants: TEXT RFC 3339 UTC. Business dates: TEXT YYYY-MM-DD.

CREATE TABLE company (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    currency            TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
    utc_offset_minutes  INTEGER NOT NULL DEFAULT 480 CHECK (utc_offset_minutes BETWEEN -720 AND 840),
    price_mode          TEXT NOT NULL DEFAULT 'inclusive' CHECK (price_mode IN ('inclusive', 'exclusive')),
    invoice_basis       TEXT NOT NULL DEFAULT 'shipment' CHECK (invoice_basis IN ('shipment', 'order')),
    revenue_at          TEXT NOT NULL DEFAULT 'shipment' CHECK (revenue_at IN ('shipment', 'signoff')),
    default_tax_bp      INTEGER NOT NULL DEFAULT 1300 CHECK (default_tax_bp BETWEEN 0 AND 10000),
    manager_limit_minor INTEGER NOT NULL DEFAULT 5000000 CHECK (manager_limit_minor >= 0),
    max_discount_bp     INTEGER NOT NULL DEFAULT 1000 CHECK (max_discount_bp BETWEEN 0 AND 10000),
    grace_days          INTEGER NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 365),
    lockout_failures    INTEGER NOT NULL DEFAULT 5 CHECK (lockout_failures BETWEEN 1 AND 100),
    lockout_minutes     INTEGER NOT NULL DEFAULT 15 CHECK (lockout_minutes BETWEEN 1 AND 1440),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 32),
    display_name         TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    password_hash        TEXT NOT NULL,
    os_user              TEXT UNIQUE,
    approval_limit_minor INTEGER NOT NULL DEFAULT 0 CHECK (approval_limit_minor >= 0),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins        INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until         TEXT,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL
) STRICT;

CREATE TABLE roles (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

CREATE TABLE permissions (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

-- The permission matrix: which role grants which permission.
CREATE TABLE role_permissions (
    role       TEXT NOT NULL REFERENCES roles(code),
    permission TEXT NOT NULL REFERENCES permissions(code),
    PRIMARY KEY (role, permission)
) STRICT, WITHOUT ROWID;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL REFERENCES roles(code),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

INSERT INTO roles (code, name_zh, name_en) VALUES
    ('admin', '系统管理员', 'Administrator'),
    ('sales', '销售', 'Sales'),
    ('manager', '经理', 'Manager'),
    ('warehouse', '仓库', 'Warehouse'),
    ('finance', '财务', 'Finance');

INSERT INTO permissions (code, name_zh, name_en) VALUES
    ('users.manage', '管理用户', 'Manage users'),
    ('settings.edit', '修改设置', 'Edit settings'),
    ('customers.edit', '维护客户', 'Edit customers'),
    ('products.edit', '维护商品', 'Edit products'),
    ('prices.edit', '修改价格', 'Edit prices'),
    ('bins.edit', '维护库位', 'Edit bins'),
    ('orders.create', '录入订单', 'Create orders'),
    ('orders.approve', '审批订单', 'Approve orders'),
    ('credit.approve', '信用审批', 'Approve credit'),
    ('stock.receive', '入库', 'Receive stock'),
    ('stock.adjust', '库存调整', 'Adjust stock'),
    ('stock.pick', '拣货发货', 'Pick and ship'),
    ('invoices.issue', '开票', 'Issue invoices'),
    ('payments.record', '收款', 'Record payments'),
    ('writeoff', '坏账核销', 'Write off bad debt'),
    ('reports.view', '查看报表', 'View reports');

INSERT INTO role_permissions (role, permission) VALUES
    ('admin', 'users.manage'), ('admin', 'settings.edit'), ('admin', 'customers.edit'),
    ('admin', 'products.edit'), ('admin', 'prices.edit'), ('admin', 'bins.edit'),
    ('admin', 'stock.receive'), ('admin', 'stock.adjust'), ('admin', 'reports.view'),
    ('sales', 'customers.edit'), ('sales', 'orders.create'),
    ('manager', 'orders.approve'), ('manager', 'prices.edit'), ('manager', 'products.edit'),
    ('manager', 'customers.edit'), ('manager', 'reports.view'),
    ('warehouse', 'stock.receive'), ('warehouse', 'stock.adjust'), ('warehouse', 'stock.pick'),
    ('warehouse', 'bins.edit'), ('warehouse', 'products.edit'),
    ('finance', 'credit.approve'), ('finance', 'invoices.issue'), ('finance', 'payments.record'),
    ('finance', 'writeoff'), ('finance', 'reports.view'), ('finance', 'customers.edit');

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    initials           TEXT NOT NULL,
    phone              TEXT,
    address            TEXT,
    terms              TEXT NOT NULL DEFAULT 'cod',
    credit_limit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_minor >= 0),
    status             TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'active', 'blocked')),
    status_reason      TEXT,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX customers_phone ON customers (phone);

CREATE TABLE customer_contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    phone       TEXT,
    email       TEXT,
    title       TEXT,
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
) STRICT;
CREATE INDEX customer_contacts_customer ON customer_contacts (customer_id);
CREATE INDEX customer_contacts_phone ON customer_contacts (phone);

CREATE TABLE warehouses (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64)
) STRICT;

CREATE TABLE bins (
    id           INTEGER PRIMARY KEY,
    warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),
    code         TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name         TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    sku            TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 32),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    initials       TEXT NOT NULL,
    spec           TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 8),
    list_price     INTEGER NOT NULL CHECK (list_price >= 0),
    floor_price    INTEGER NOT NULL CHECK (floor_price >= 0 AND floor_price <= list_price),
    tax_bp         INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    tracks_lots    INTEGER NOT NULL DEFAULT 0 CHECK (tracks_lots IN (0, 1)),
    tracks_expiry  INTEGER NOT NULL DEFAULT 0 CHECK (tracks_expiry IN (0, 1) AND tracks_expiry <= tracks_lots),
    default_bin_id INTEGER REFERENCES bins(id),
    avg_cost       INTEGER NOT NULL DEFAULT 0 CHECK (avg_cost >= 0),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

-- A product has several barcodes; a barcode belongs to one product.
CREATE TABLE product_barcodes (
    barcode    TEXT PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id)
) STRICT;
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

-- Search keys: unigrams and bigrams of names and pinyin initials (see domain::search).
CREATE TABLE search_grams (
    kind      TEXT NOT NULL CHECK (kind IN ('c', 'p')),
    gram      TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (kind, gram, entity_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_grams_entity ON search_grams (kind, entity_id);

-- A lot of one product; products without lot tracking use one lot with an empty number.
CREATE TABLE lots (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    lot_no      TEXT NOT NULL CHECK (length(lot_no) <= 20),
    received_on TEXT NOT NULL,
    expiry      TEXT CHECK (expiry IS NULL OR expiry >= received_on),
    UNIQUE (product_id, lot_no)
) STRICT;

-- The stock ledger: append-only (triggers below). qty signed, thousandths.
CREATE TABLE stock_moves (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    bin_id     INTEGER NOT NULL REFERENCES bins(id),
    lot_id     INTEGER NOT NULL REFERENCES lots(id),
    qty        INTEGER NOT NULL CHECK (qty <> 0),
    unit_cost  INTEGER NOT NULL CHECK (unit_cost >= 0),
    kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'adjust', 'transfer', 'count', 'ship', 'return')),
    reason     TEXT,
    doc_type   TEXT,
    doc_id     INTEGER,
    doc_no     TEXT,
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX stock_moves_product ON stock_moves (product_id, id);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;

-- Cached on-hand per product, bin and lot (= sum of stock_moves).
CREATE TABLE stock_levels (
    product_id INTEGER NOT NULL REFERENCES products(id),
    bin_id     INTEGER NOT NULL REFERENCES bins(id),
    lot_id     INTEGER NOT NULL REFERENCES lots(id),
    on_hand    INTEGER NOT NULL CHECK (on_hand >= 0),
    PRIMARY KEY (product_id, bin_id, lot_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX stock_levels_bin ON stock_levels (bin_id);

-- Cached totals per product: on hand (= sum of levels), reserved (= open reservations),
-- backordered (= sum of open lines' backordered quantities).
CREATE TABLE product_stock (
    product_id  INTEGER PRIMARY KEY REFERENCES products(id),
    on_hand     INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved    INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    backordered INTEGER NOT NULL DEFAULT 0 CHECK (backordered >= 0)
) STRICT;

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    number          TEXT UNIQUE,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    channel         TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'web', 'fax', 'chat', 'walk_in')),
    channel_ref     TEXT,
    customer_ref    TEXT,
    order_date      TEXT NOT NULL,
    requested_date  TEXT,
    urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'critical')),
    terms           TEXT NOT NULL,
    stage           TEXT NOT NULL CHECK (stage IN ('draft', 'submitted', 'approved', 'rejected', 'on_hold', 'cancelled', 'closed')),
    price_mode      TEXT NOT NULL CHECK (price_mode IN ('inclusive', 'exclusive')),
    special         TEXT NOT NULL DEFAULT '',
    net_minor       INTEGER NOT NULL DEFAULT 0,
    tax_minor       INTEGER NOT NULL DEFAULT 0,
    gross_minor     INTEGER NOT NULL DEFAULT 0 CHECK (gross_minor = net_minor + tax_minor),
    deposit_minor   INTEGER NOT NULL DEFAULT 0 CHECK (deposit_minor >= 0),
    stage_reason    TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    submitted_at    TEXT,
    approved_at     TEXT,
    UNIQUE (channel, channel_ref),
    CHECK (number IS NOT NULL OR stage IN ('draft', 'cancelled'))
) STRICT;
CREATE INDEX orders_date ON orders (order_date, id);
CREATE INDEX orders_stage_date ON orders (stage, order_date, id);
CREATE INDEX orders_customer_date ON orders (customer_id, order_date, id);
CREATE INDEX orders_channel_date ON orders (channel, order_date, id);
CREATE INDEX orders_urgency_date ON orders
    ((CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), order_date, id);
CREATE INDEX orders_stage_urgency_date ON orders
    (stage, (CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END), order_date, id);
-- The approval queue: most urgent first, then the earliest requested date.
CREATE INDEX orders_queue ON orders
    (stage, (CASE urgency WHEN 'critical' THEN 2 WHEN 'urgent' THEN 1 ELSE 0 END) DESC,
     COALESCE(requested_date, '9999-12-31'), id);

CREATE TABLE order_lines (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    line_no         INTEGER NOT NULL CHECK (line_no > 0),
    product_id      INTEGER NOT NULL REFERENCES products(id),
    qty             INTEGER NOT NULL CHECK (qty > 0),
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0),
    discount_bp     INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    tax_bp          INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    net_minor       INTEGER NOT NULL,
    tax_minor       INTEGER NOT NULL,
    gross_minor     INTEGER NOT NULL CHECK (gross_minor = net_minor + tax_minor),
    qty_cancelled   INTEGER NOT NULL DEFAULT 0 CHECK (qty_cancelled >= 0),
    qty_reserved    INTEGER NOT NULL DEFAULT 0 CHECK (qty_reserved >= 0),
    qty_backordered INTEGER NOT NULL DEFAULT 0 CHECK (qty_backordered >= 0),
    qty_picked      INTEGER NOT NULL DEFAULT 0 CHECK (qty_picked >= 0 AND qty_picked <= qty_reserved),
    qty_shipped     INTEGER NOT NULL DEFAULT 0 CHECK (qty_shipped >= 0),
    qty_delivered   INTEGER NOT NULL DEFAULT 0 CHECK (qty_delivered BETWEEN 0 AND qty_shipped),
    qty_invoiced    INTEGER NOT NULL DEFAULT 0 CHECK (qty_invoiced >= 0),
    qty_returned    INTEGER NOT NULL DEFAULT 0 CHECK (qty_returned BETWEEN 0 AND qty_shipped),
    UNIQUE (order_id, line_no),
    CHECK (qty_reserved + qty_backordered + qty_shipped + qty_cancelled <= qty),
    CHECK (qty_invoiced <= qty - qty_cancelled)
) STRICT;
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Every change of stage: who, when, why.
CREATE TABLE order_timeline (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    at         TEXT NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    note       TEXT
) STRICT;
CREATE INDEX order_timeline_order ON order_timeline (order_id, id);

-- Why an order waits, and who decided.
CREATE TABLE approvals (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    reason     TEXT NOT NULL CHECK (reason IN ('amount', 'manager_amount', 'credit', 'overdue', 'price', 'discount', 'customer')),
    detail     TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    created_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT
) STRICT;
CREATE INDEX approvals_pending ON approvals (status, order_id);

-- Reservations (预留) of approved order lines against a product's available stock.
CREATE TABLE reservations (
    id            INTEGER PRIMARY KEY,
    order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
    product_id    INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'released', 'consumed')),
    created_at    TEXT NOT NULL,
    closed_at     TEXT
) STRICT;
CREATE INDEX reservations_line ON reservations (order_line_id);
CREATE INDEX reservations_open_product ON reservations (product_id) WHERE status = 'open';

-- Gapless document numbers per type and year, taken inside the writing transaction.
CREATE TABLE doc_counters (
    doc_type TEXT NOT NULL CHECK (doc_type IN ('SO', 'PL', 'SH', 'INV', 'RCV', 'RMA', 'CN', 'GR', 'ADJ', 'TR', 'CNT')),
    year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_no  INTEGER NOT NULL CHECK (last_no >= 0),
    PRIMARY KEY (doc_type, year)
) STRICT, WITHOUT ROWID;

-- Every change: actor, time, entity, action, before and after (JSON).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES users(id),
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

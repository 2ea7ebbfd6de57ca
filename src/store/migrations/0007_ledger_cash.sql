-- orderdesk schema, version 7: invoices, payments, receivables and the ledger (账流 + 钱流).
-- Money is INTEGER fen; dates are calendar dates in the company's time zone.

-- Company settings of the cash flow: unapplied prepayments go to the next invoices by
-- themselves (on by default); the walk-in customer (散客) of counter sales.
ALTER TABLE company ADD COLUMN auto_apply_prepayment INTEGER NOT NULL DEFAULT 1
    CHECK (auto_apply_prepayment IN (0, 1));
ALTER TABLE company ADD COLUMN walk_in_customer_id INTEGER REFERENCES customers(id);

-- Credit hold (信用冻结) of a customer: set automatically when over the limit or overdue
-- beyond the grace days, released by finance with a reason.
ALTER TABLE customers ADD COLUMN credit_hold INTEGER NOT NULL DEFAULT 0
    CHECK (credit_hold IN (0, 1));
ALTER TABLE customers ADD COLUMN credit_hold_reason TEXT;

-- Journal vouchers (记账凭证, JV-) and write-offs (WO-) get numbers of their own.
CREATE TABLE doc_counters_v7 (
    doc_type TEXT NOT NULL CHECK (doc_type IN ('SO', 'PL', 'SH', 'INV', 'RCV', 'RMA', 'CN', 'GR', 'ADJ', 'TR', 'CNT', 'DR', 'JV', 'WO', 'RF')),
    year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_no  INTEGER NOT NULL CHECK (last_no >= 0),
    PRIMARY KEY (doc_type, year)
) STRICT, WITHOUT ROWID;
INSERT INTO doc_counters_v7 (doc_type, year, last_no)
    SELECT doc_type, year, last_no FROM doc_counters;
DROP TABLE doc_counters;
ALTER TABLE doc_counters_v7 RENAME TO doc_counters;

-- The chart of accounts (企业会计准则), DESIGN §6, plus the two counter-accounts stock
-- receipts and stock differences need: 2202 应付账款 and 1901 待处理财产损溢.
CREATE TABLE accounts (
    code    TEXT PRIMARY KEY CHECK (length(code) BETWEEN 4 AND 8),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'revenue', 'expense'))
) STRICT, WITHOUT ROWID;
INSERT INTO accounts (code, name_zh, name_en, kind) VALUES
    ('1001', '库存现金', 'Cash on hand', 'asset'),
    ('1002', '银行存款', 'Bank deposits', 'asset'),
    ('1012', '其他货币资金', 'Other monetary funds', 'asset'),
    ('1122', '应收账款', 'Accounts receivable', 'asset'),
    ('1405', '库存商品', 'Inventory', 'asset'),
    ('1406', '发出商品', 'Goods shipped', 'asset'),
    ('1901', '待处理财产损溢', 'Stock differences pending', 'asset'),
    ('2202', '应付账款', 'Accounts payable', 'liability'),
    ('2203', '预收账款', 'Advances from customers', 'liability'),
    ('2221', '应交税费-销项税额', 'Output VAT', 'liability'),
    ('6001', '主营业务收入', 'Revenue', 'revenue'),
    ('6401', '主营业务成本', 'Cost of goods sold', 'expense'),
    ('6702', '信用减值损失', 'Credit impairment loss', 'expense');

-- Closed periods (months, YYYY-MM): nothing posts into them.
CREATE TABLE closed_periods (
    period    TEXT PRIMARY KEY CHECK (length(period) = 7),
    closed_by INTEGER NOT NULL REFERENCES users(id),
    closed_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The journal: one entry per business event (source document + event), append-only.
CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    voucher_no  TEXT NOT NULL UNIQUE,
    entry_date  TEXT NOT NULL,
    period      TEXT NOT NULL CHECK (period = substr(entry_date, 1, 7)),
    source_type TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    source_no   TEXT NOT NULL,
    event       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    at          TEXT NOT NULL,
    UNIQUE (source_type, source_id, event)
) STRICT;
CREATE INDEX journal_entries_date ON journal_entries (entry_date, id);
CREATE TABLE journal_lines (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
    account      TEXT NOT NULL REFERENCES accounts(code),
    debit_minor  INTEGER NOT NULL DEFAULT 0 CHECK (debit_minor >= 0),
    credit_minor INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
    customer_id  INTEGER REFERENCES customers(id),
    CHECK (debit_minor = 0 OR credit_minor = 0)
) STRICT;
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);
CREATE INDEX journal_lines_account ON journal_lines (account, entry_id);
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only'); END;

-- The cost each shipment line left stock at (moving average at shipping), and whether it
-- went to 发出商品 (revenue at sign-off) rather than straight to cost of goods sold.
CREATE TABLE shipment_costs (
    shipment_line_id INTEGER PRIMARY KEY REFERENCES shipment_lines(id),
    unit_cost        INTEGER NOT NULL CHECK (unit_cost >= 0),
    value_minor      INTEGER NOT NULL CHECK (value_minor >= 0),
    in_transit       INTEGER NOT NULL CHECK (in_transit IN (0, 1)),
    signed_minor     INTEGER NOT NULL DEFAULT 0 CHECK (signed_minor BETWEEN 0 AND value_minor)
) STRICT;

-- Invoices (销售发票, INV-) and credit notes (红字/贷项通知单, CN-). Issued, never edited:
-- only what has been settled against an invoice changes, and always
-- open = gross − paid − credited − written off.
CREATE TABLE invoices (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    order_id          INTEGER NOT NULL REFERENCES orders(id),
    shipment_id       INTEGER REFERENCES shipments(id),
    corrects_id       INTEGER REFERENCES invoices(id),
    invoice_date      TEXT NOT NULL,
    due_date          TEXT NOT NULL CHECK (due_date >= invoice_date),
    price_mode        TEXT NOT NULL CHECK (price_mode IN ('inclusive', 'exclusive')),
    net_minor         INTEGER NOT NULL CHECK (net_minor >= 0),
    tax_minor         INTEGER NOT NULL CHECK (tax_minor >= 0),
    gross_minor       INTEGER NOT NULL CHECK (gross_minor = net_minor + tax_minor AND gross_minor > 0),
    paid_minor        INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
    credited_minor    INTEGER NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
    written_off_minor INTEGER NOT NULL DEFAULT 0 CHECK (written_off_minor >= 0),
    open_minor        INTEGER NOT NULL CHECK (open_minor >= 0),
    reason            TEXT,
    vat_no            TEXT CHECK (vat_no IS NULL OR length(vat_no) BETWEEN 1 AND 32),
    vat_kind          TEXT CHECK (vat_kind IS NULL OR vat_kind IN ('special', 'ordinary')),
    vat_date          TEXT,
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (kind = 'invoice' OR (corrects_id IS NOT NULL AND open_minor = 0)),
    CHECK (kind = 'credit_note' OR
           open_minor = gross_minor - paid_minor - credited_minor - written_off_minor)
) STRICT;
CREATE INDEX invoices_customer ON invoices (customer_id, invoice_date, id);
CREATE INDEX invoices_date ON invoices (invoice_date, id);
CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_vat_no ON invoices (vat_no) WHERE vat_no IS NOT NULL;
-- Aging and the overdue list read only open invoices: partial covering indexes.
CREATE INDEX invoices_open_due ON invoices (due_date, customer_id, open_minor) WHERE open_minor > 0;
CREATE INDEX invoices_open_customer ON invoices (customer_id, due_date, open_minor) WHERE open_minor > 0;

CREATE TABLE invoice_lines (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices(id),
    order_line_id INTEGER NOT NULL REFERENCES order_lines(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    unit_price    INTEGER NOT NULL CHECK (unit_price >= 0),
    discount_bp   INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    tax_bp        INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    net_minor     INTEGER NOT NULL,
    tax_minor     INTEGER NOT NULL,
    gross_minor   INTEGER NOT NULL CHECK (gross_minor = net_minor + tax_minor)
) STRICT;
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);
CREATE INDEX invoice_lines_order_line ON invoice_lines (order_line_id);
-- Which shipment lines an invoice per shipment covered: each at most once.
CREATE TABLE invoiced_shipments (
    shipment_id INTEGER PRIMARY KEY REFERENCES shipments(id),
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id)
) STRICT;

-- Payments (收款单, RCV-). What is not allocated is the customer's prepayment (预收款);
-- a payment with an order is that order's deposit (订金).
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'bank', 'wechat', 'alipay', 'card', 'other')),
    reference      TEXT CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 64),
    pay_date       TEXT NOT NULL,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    account        TEXT NOT NULL CHECK (account IN ('1001', '1002', '1012')),
    order_id       INTEGER REFERENCES orders(id),
    allocated_minor INTEGER NOT NULL DEFAULT 0 CHECK (allocated_minor >= 0),
    refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    unapplied_minor INTEGER NOT NULL CHECK (unapplied_minor >= 0 AND
        unapplied_minor = amount_minor - allocated_minor - refunded_minor),
    note           TEXT,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX payments_reference ON payments (customer_id, reference) WHERE reference IS NOT NULL;
CREATE INDEX payments_customer ON payments (customer_id, pay_date, id);
CREATE INDEX payments_date ON payments (pay_date, id);
CREATE INDEX payments_unapplied ON payments (customer_id, pay_date, id) WHERE unapplied_minor > 0;

-- A part of a payment applied to an invoice.
CREATE TABLE allocations (
    id           INTEGER PRIMARY KEY,
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    alloc_date   TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX allocations_payment ON allocations (payment_id);
CREATE INDEX allocations_invoice ON allocations (invoice_id);

-- Refunds of prepayments (退预收款, RF-).
CREATE TABLE refunds (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    refund_date  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
) STRICT;

-- Bad debt written off (坏账核销, WO-).
CREATE TABLE write_offs (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    invoice_id   INTEGER NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    wo_date      TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX write_offs_invoice ON write_offs (invoice_id);

-- The receivables row of a customer, kept by every operation of the cash flow:
-- open AR (= the open balances of their invoices) and unapplied prepayments and
-- deposits (= the unapplied parts of their payments). `check` proves both.
CREATE TABLE customer_balances (
    customer_id   INTEGER PRIMARY KEY REFERENCES customers(id),
    open_ar_minor INTEGER NOT NULL DEFAULT 0 CHECK (open_ar_minor >= 0),
    prepaid_minor INTEGER NOT NULL DEFAULT 0 CHECK (prepaid_minor >= 0)
) STRICT;

-- The follow-up log of overdue customers (催款记录).
CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    follow_date   TEXT NOT NULL,
    contact       TEXT NOT NULL CHECK (length(contact) BETWEEN 1 AND 64),
    note          TEXT NOT NULL DEFAULT '',
    promise_minor INTEGER CHECK (promise_minor IS NULL OR promise_minor > 0),
    promise_date  TEXT,
    next_action   TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    CHECK ((promise_minor IS NULL) = (promise_date IS NULL))
) STRICT;
CREATE INDEX follow_ups_customer ON follow_ups (customer_id, follow_date, id);

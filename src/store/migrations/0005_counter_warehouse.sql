-- orderdesk schema, version 5: the counter and the warehouse.

-- A bell on the terminal when a scan screen shows an error, for staff who scan without
-- looking at the screen. Off unless an administrator turns it on.
ALTER TABLE company ADD COLUMN error_bell INTEGER NOT NULL DEFAULT 0 CHECK (error_bell IN (0, 1));

-- Whether a product may be sold and stocked in fractions of its unit. Existing products
-- take it from their unit: units of measure (domain::unit::MEASURES) may be divided,
-- pieces, boxes and sets may not.
ALTER TABLE products ADD COLUMN divisible INTEGER NOT NULL DEFAULT 0 CHECK (divisible IN (0, 1));
UPDATE products SET divisible = 1 WHERE lower(trim(unit)) IN (
    '米', '厘米', '毫米', '千米', '公里', '尺', '寸', 'm', 'cm', 'mm', 'km', 'ft', 'in',
    '千克', '公斤', '克', '斤', '两', '吨', 'kg', 'g', 't', 'lb', 'oz',
    '升', '毫升', '立方米', '方', 'l', 'ml', 'm3', 'm³',
    '平方米', '平米', 'm2', 'm²');

-- Each user's own drafts come first in the order list: found through this index, not
-- by reading every draft of every user.
CREATE INDEX orders_own_drafts ON orders (created_by, order_date, id) WHERE stage = 'draft';

-- Name search: how many entities hold each gram, kept beside the grams, so that a
-- query's rarest gram is known before any of its postings is read.
CREATE TABLE search_gram_counts (
    kind TEXT NOT NULL CHECK (kind IN ('c', 'p')),
    gram TEXT NOT NULL,
    n    INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (kind, gram)
) STRICT, WITHOUT ROWID;
INSERT INTO search_gram_counts (kind, gram, n)
    SELECT kind, gram, count(*) FROM search_grams GROUP BY kind, gram;

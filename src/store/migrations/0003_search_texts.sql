-- One searchable text per customer and product (see domain::search::search_text): the
-- normalised name, its pinyin initials and the normalised code, phone or SKU. A query whose
-- grams are all common scans these texts in id order instead of walking long gram lists.
CREATE TABLE search_texts (
    kind      TEXT NOT NULL CHECK (kind IN ('c', 'p')),
    entity_id INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (kind, entity_id)
) STRICT, WITHOUT ROWID;

INSERT INTO search_texts (kind, entity_id, text)
    SELECT 'c', id, search_text(name, code, coalesce(phone, '')) FROM customers;
INSERT INTO search_texts (kind, entity_id, text)
    SELECT 'p', id, search_text(name, sku) FROM products;

-- orderdesk schema, version 13: a customer's default carrier (默认承运商), shown on wave
-- planning as the carrier of the customer's orders, which planning sorts and filters by.
ALTER TABLE customers ADD COLUMN default_carrier_id INTEGER REFERENCES carriers(id);
CREATE INDEX customers_carrier ON customers (default_carrier_id, id)
    WHERE default_carrier_id IS NOT NULL;

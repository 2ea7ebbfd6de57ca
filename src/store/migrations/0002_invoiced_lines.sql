-- Order lines with anything invoiced. Few lines are invoiced in part at any time, so
-- the credit exposure of a customer sums whole orders and probes this small index to
-- find the orders whose lines must be counted one by one.
CREATE INDEX order_lines_invoiced ON order_lines (order_id) WHERE qty_invoiced > 0;

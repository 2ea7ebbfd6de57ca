-- orderdesk schema, version 10: the figures management reads (数据分析, 绩效).
-- Every figure is computed from the records; these indexes let a month or a year of
-- them be read without visiting the rows themselves where that is possible.

-- Orders of a period (drafts and cancelled orders left out by their stage), grouped by
-- day, customer, channel or the salesperson who took them: covering, so that a period's
-- totals are one walk of this index.
CREATE INDEX orders_period ON orders
    (order_date, stage, gross_minor, customer_id, channel, created_by);
-- Shipments of a period, per day and per person who shipped them.
CREATE INDEX shipments_period ON shipments (ship_date, shipped_by);
-- Shipments signed for (签收) in a period, with their order for the requested date:
-- the on-time delivery rate.
CREATE INDEX shipments_signed ON shipments (delivered_on, order_id, status)
    WHERE status IN ('delivered', 'partly_received');
-- Invoices and credit notes of a period with their amounts.
CREATE INDEX invoices_period ON invoices (invoice_date, kind, gross_minor);
-- Payments of a period, per person who recorded them (collections).
CREATE INDEX payments_period ON payments (pay_date, created_by, amount_minor);
-- Decisions of the approval queue in a period (the rejection rate).
CREATE INDEX approvals_decided ON approvals (decided_at, status, order_id)
    WHERE decided_at IS NOT NULL;
-- Finished picks: when each line's last pick was done (processing times), and who
-- picked what when (lines per hour, short picks).
CREATE INDEX pick_tasks_line_done ON pick_tasks (order_line_id, done_at, status)
    WHERE kind = 'pick' AND status IN ('done', 'short');
CREATE INDEX pick_tasks_done ON pick_tasks (done_at, claimed_by, pick_list_id, status, claimed_at)
    WHERE kind = 'pick' AND status IN ('done', 'short');

-- Picking errors (拣货差错): a scan of the wrong bin, product or lot at a pick task,
-- refused and counted. The refused scan changes nothing else; this log is append-only.
CREATE TABLE pick_errors (
    id           INTEGER PRIMARY KEY,
    pick_list_id INTEGER NOT NULL REFERENCES pick_lists(id),
    task_id      INTEGER NOT NULL REFERENCES pick_tasks(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('wrong_bin', 'wrong_product', 'wrong_lot')),
    expected     TEXT NOT NULL CHECK (length(expected) <= 64),
    scanned      TEXT NOT NULL CHECK (length(scanned) <= 64),
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX pick_errors_at ON pick_errors (at, user_id);
CREATE TRIGGER pick_errors_no_update BEFORE UPDATE ON pick_errors
BEGIN SELECT RAISE(ABORT, 'pick_errors is append-only'); END;
CREATE TRIGGER pick_errors_no_delete BEFORE DELETE ON pick_errors
BEGIN SELECT RAISE(ABORT, 'pick_errors is append-only'); END;

-- Tickets resolved in a period, per owner, with their promise: tickets closed on time.
CREATE INDEX tickets_resolved ON tickets (resolved_at, owner_id, resolve_by)
    WHERE resolved_at IS NOT NULL;

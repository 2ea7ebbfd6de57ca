-- orderdesk schema, version 12: the warehouse home (仓库工作台) reads pages, not sums.

-- How far each pick list is, kept as its tasks are written and finished: its tasks, those
-- no longer open (done, short or cancelled), and the orders it serves. `check` proves
-- them against the tasks.
ALTER TABLE pick_lists ADD COLUMN tasks INTEGER NOT NULL DEFAULT 0 CHECK (tasks >= 0);
ALTER TABLE pick_lists ADD COLUMN tasks_finished INTEGER NOT NULL DEFAULT 0
    CHECK (tasks_finished >= 0);
ALTER TABLE pick_lists ADD COLUMN orders INTEGER NOT NULL DEFAULT 0 CHECK (orders >= 0);
UPDATE pick_lists SET
    tasks = (SELECT count(*) FROM pick_tasks k WHERE k.pick_list_id = pick_lists.id),
    tasks_finished = (SELECT count(*) FROM pick_tasks k
                      WHERE k.pick_list_id = pick_lists.id AND k.status <> 'open'),
    orders = (SELECT count(DISTINCT l.order_id) FROM pick_tasks k
              JOIN order_lines l ON l.id = k.order_line_id WHERE k.pick_list_id = pick_lists.id);

-- Late orders: approved orders by requested date, so that the most overdue are a walk
-- of the index that stops at the page's end.
CREATE INDEX orders_late ON orders (requested_date, id) WHERE stage = 'approved';

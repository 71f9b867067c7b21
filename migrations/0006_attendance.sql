-- Staff attendance (clock in / clock out), and the indexes the reports of section 9 need.

CREATE TABLE attendance_entries (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  clock_in_at TEXT NOT NULL,
  -- NULL while the shift is open.
  clock_out_at TEXT,
  CHECK (clock_out_at IS NULL OR clock_out_at >= clock_in_at)
) STRICT;
-- At most one open shift per user: a concurrent second clock-in fails in the database too.
CREATE UNIQUE INDEX attendance_one_open ON attendance_entries (user_id) WHERE clock_out_at IS NULL;
CREATE INDEX attendance_user_in ON attendance_entries (user_id, clock_in_at);
-- Shifts overlapping a range: closed ones by their end, open ones through attendance_one_open.
CREATE INDEX attendance_out ON attendance_entries (clock_out_at) WHERE clock_out_at IS NOT NULL;

-- Average prep time reads each order's history by status (in_queue → ready).
CREATE INDEX order_history_order_status ON order_history (order_id, to_status, at);
-- Sales reports read every payment and refund of a range: covering indexes keep that to one
-- index range scan, however many millions of rows the tables hold.
CREATE INDEX payments_report ON payments (created_at, order_id, method, amount);
CREATE INDEX refunds_report ON refunds (created_at, method, amount);

-- Durable print jobs (API §12): receipts, test receipts and (later) kitchen tickets are rows
-- printed after the sale commits by a worker in the app; a failure stays visible and retryable.
CREATE TABLE print_jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'test', 'kitchen')),
  order_id TEXT REFERENCES orders (id),
  -- JSON: {"format":"receipt","model":ReceiptModel} or {"format":"escpos","base64":"..."}.
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printing', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  -- A receipt for an order that already had one printed: marked REPRINT on paper too.
  reprint INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),
  -- Where the last attempt went (tcp://…, serial:…, file:…, none).
  printer TEXT,
  created_by TEXT REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  printed_at TEXT,
  CHECK ((status = 'done') = (printed_at IS NOT NULL))
) STRICT;
-- The worker's queue: only the few live jobs are in this index.
CREATE INDEX print_jobs_live ON print_jobs (created_at) WHERE status IN ('queued', 'printing');
CREATE INDEX print_jobs_status_created ON print_jobs (status, created_at);
CREATE INDEX print_jobs_created ON print_jobs (created_at);
CREATE INDEX print_jobs_order ON print_jobs (order_id, created_at) WHERE order_id IS NOT NULL;

-- Stock movements and their ledger, low-stock alerts, notifications, push subscriptions and the
-- push outbox. Quantities are integer thousandths (`*_milli`), money integer minor units.

-- 1 while the item is at or below its threshold and its alert has been raised: the next alert
-- needs the item to go back above first (one alert per crossing).
ALTER TABLE inventory_items ADD COLUMN low_alerted INTEGER NOT NULL DEFAULT 0 CHECK (low_alerted IN (0, 1));
CREATE UNIQUE INDEX inventory_items_name ON inventory_items (name COLLATE NOCASE);

CREATE TABLE inventory_receipts (
  id TEXT PRIMARY KEY,
  supplier TEXT,
  reference TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id)
) STRICT;

CREATE TABLE inventory_receipt_lines (
  receipt_id TEXT NOT NULL REFERENCES inventory_receipts (id),
  position INTEGER NOT NULL,
  inventory_item_id TEXT NOT NULL REFERENCES inventory_items (id),
  quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
  unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0),
  PRIMARY KEY (receipt_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE inventory_adjustments (
  id TEXT PRIMARY KEY,
  inventory_item_id TEXT NOT NULL REFERENCES inventory_items (id),
  delta_milli INTEGER NOT NULL,
  -- Set when the adjustment was a stock count; delta is then counted − on hand before.
  counted_milli INTEGER CHECK (counted_milli IS NULL OR counted_milli >= 0),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id)
) STRICT;

CREATE TABLE inventory_consumptions (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  -- 'recipes': the order's copied recipes (once per order); 'items': ad-hoc order-linked usage.
  source TEXT NOT NULL CHECK (source IN ('recipes', 'items')),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users (id)
) STRICT;
CREATE INDEX inventory_consumptions_order ON inventory_consumptions (order_id);
-- The database, not only the code, refuses a second recipe consumption of one order.
CREATE UNIQUE INDEX inventory_consumptions_recipes_once ON inventory_consumptions (order_id) WHERE source = 'recipes';

-- Every stock change, written in the same transaction as the change. Quantities are signed.
CREATE TABLE inventory_ledger (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  inventory_item_id TEXT NOT NULL REFERENCES inventory_items (id),
  type TEXT NOT NULL CHECK (type IN ('receipt', 'adjust', 'consume')),
  quantity_milli INTEGER NOT NULL,
  balance_after_milli INTEGER NOT NULL,
  -- The receipt, adjustment or consumption this entry belongs to.
  movement_id TEXT NOT NULL,
  order_id TEXT REFERENCES orders (id),
  reason TEXT,
  at TEXT NOT NULL,
  by TEXT REFERENCES users (id)
) STRICT;
CREATE INDEX inventory_ledger_item ON inventory_ledger (inventory_item_id, seq);
CREATE INDEX inventory_ledger_type_at ON inventory_ledger (type, at);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT,
  level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
  -- NULL audience columns mean everyone; roles is a JSON array of role names.
  audience_roles TEXT CHECK (audience_roles IS NULL OR json_valid(audience_roles)),
  audience_user_id TEXT REFERENCES users (id),
  kind TEXT NOT NULL DEFAULT 'manual' CHECK (kind IN ('manual', 'low_stock')),
  inventory_item_id TEXT REFERENCES inventory_items (id),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users (id)
) STRICT;
CREATE INDEX notifications_created_at ON notifications (created_at);

CREATE TABLE notification_reads (
  notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id),
  read_at TEXT NOT NULL,
  PRIMARY KEY (notification_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

-- One row per (notification, subscription), written with the notification. The endpoint is
-- copied so a row can still be reported after its subscription is dropped; keys are read from
-- the subscription at send time (a re-subscribe may have rotated them).
CREATE TABLE notification_outbox (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  subscription_id TEXT REFERENCES push_subscriptions (id) ON DELETE SET NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  endpoint TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead', 'dropped')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL,
  -- A processor owns a claimed row until lease_until; another one takes it only after that.
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  last_status INTEGER,
  delivered_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_outbox_state ON notification_outbox (state, created_at);

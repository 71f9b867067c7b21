-- Cash-drawer sessions, payments, refunds, cash movements, and the provider's follow-up work.

-- A session belongs to a drawer, not a user; at most one open session per drawer (partial index).
CREATE TABLE cash_sessions (
  id TEXT PRIMARY KEY,
  drawer_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL REFERENCES users (id),
  closed_at TEXT,
  closed_by TEXT REFERENCES users (id),
  counted_cash INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK ((status = 'open') = (counted_cash IS NULL))
) STRICT;
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (drawer_id) WHERE status = 'open';
CREATE INDEX cash_sessions_drawer_opened ON cash_sessions (drawer_id, opened_at);

CREATE TABLE cash_movements (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES cash_sessions (id),
  type TEXT NOT NULL CHECK (type IN ('cash_in', 'cash_out')),
  amount INTEGER NOT NULL CHECK (amount > 0),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX cash_movements_session ON cash_movements (session_id);

-- Money is integer minor units. `refunded` only grows and never passes `amount`.
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'mobile')),
  amount INTEGER NOT NULL CHECK (amount >= 1),
  tendered INTEGER CHECK (tendered IS NULL OR tendered >= amount),
  change INTEGER CHECK (change IS NULL OR change >= 0),
  status TEXT NOT NULL DEFAULT 'captured' CHECK (status IN ('captured')),
  provider TEXT,
  provider_ref TEXT,
  refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
  -- Cash lands in the drawer session that was open when it was taken.
  cash_session_id TEXT REFERENCES cash_sessions (id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  CHECK ((method = 'cash') = (cash_session_id IS NOT NULL)),
  CHECK ((method = 'cash') = (tendered IS NOT NULL)),
  CHECK ((method = 'cash') = (provider_ref IS NULL))
) STRICT;
CREATE INDEX payments_order ON payments (order_id, created_at);
CREATE INDEX payments_created_at ON payments (created_at);
CREATE INDEX payments_cash_session ON payments (cash_session_id) WHERE cash_session_id IS NOT NULL;

-- Card and mobile refunds are recorded at once and settled with the provider after the commit
-- (provider_status pending → succeeded | failed); cash refunds have no provider part.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  order_id TEXT NOT NULL REFERENCES orders (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'mobile')),
  amount INTEGER NOT NULL CHECK (amount >= 1),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  cash_session_id TEXT REFERENCES cash_sessions (id),
  provider_status TEXT CHECK (provider_status IS NULL OR provider_status IN ('pending', 'succeeded', 'failed')),
  provider_ref TEXT,
  provider_attempts INTEGER NOT NULL DEFAULT 0,
  provider_error TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  CHECK ((method = 'cash') = (cash_session_id IS NOT NULL)),
  CHECK ((method = 'cash') = (provider_status IS NULL))
) STRICT;
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_created_at ON refunds (created_at);
CREATE INDEX refunds_cash_session ON refunds (cash_session_id) WHERE cash_session_id IS NOT NULL;
CREATE INDEX refunds_provider_pending ON refunds (created_at) WHERE provider_status = 'pending';

-- An approval the provider gave for a payment that was then not recorded (the order changed
-- meanwhile) must be voided; one that could not be voided at once is retried from here.
CREATE TABLE provider_voids (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  provider_ref TEXT NOT NULL,
  amount INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

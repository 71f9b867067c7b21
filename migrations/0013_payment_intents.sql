-- Intent before charge (issue 12): a card or mobile payment is written here as `pending`, with the
-- provider idempotency key it will be charged under, in its own transaction BEFORE the provider is
-- called; then it becomes `captured` (its row in `payments`, same id, is written in that same
-- transaction) or `failed`. A crash in between leaves a `pending` row that start-up and the
-- maintenance job reconcile by looking the charge up at the provider, never by charging again.
-- `payments` keeps holding captured payments only, so paid, reports and the drawer count nothing else.
CREATE TABLE payment_intents (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  method TEXT NOT NULL CHECK (method IN ('card', 'mobile')),
  amount INTEGER NOT NULL CHECK (amount >= 1),
  tip INTEGER NOT NULL DEFAULT 0 CHECK (tip >= 0),
  status TEXT NOT NULL CHECK (status IN ('pending', 'captured', 'failed')),
  provider TEXT NOT NULL,
  provider_key TEXT NOT NULL UNIQUE,
  provider_ref TEXT,
  -- The request's Idempotency-Key (with created_by, the key's owner): a retry finds its payment.
  client_key TEXT,
  failure TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  updated_at TEXT NOT NULL,
  CHECK ((status = 'failed') = (failure IS NOT NULL)),
  CHECK (status <> 'captured' OR provider_ref IS NOT NULL)
) STRICT;
-- At most one charge in flight per order: a second one waits for the first to be settled.
CREATE UNIQUE INDEX payment_intents_one_pending ON payment_intents (order_id) WHERE status = 'pending';
CREATE INDEX payment_intents_pending ON payment_intents (created_at) WHERE status = 'pending';
CREATE INDEX payment_intents_client_key ON payment_intents (created_by, client_key) WHERE client_key IS NOT NULL;

-- Cash payments are one transaction, but their Idempotency-Key is kept too, so a retry after a
-- crash that lost the stored answer still gets the payment that was committed.
ALTER TABLE payments ADD COLUMN client_key TEXT;
CREATE INDEX payments_client_key ON payments (created_by, client_key) WHERE client_key IS NOT NULL;

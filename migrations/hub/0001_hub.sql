-- The store hub's schema (docs/hub.md). Everything the hub knows is here: several hub processes
-- share one database and keep nothing of their own.

-- This hub's identity, told to each till at pairing.
CREATE TABLE hub_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hub_id TEXT NOT NULL
);
INSERT INTO hub_meta (id, hub_id) VALUES (1, gen_random_uuid()::text);

-- People who sign in to the hub (not the tills' staff: those are catalog rows, entity users).
CREATE TABLE hub_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  password_hash TEXT NOT NULL,
  -- Bumped when the password changes or the user is deactivated: older tokens stop working.
  token_version INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

-- Failed sign-ins per username, for throttling (as on the till: 5 in 15 minutes).
CREATE TABLE hub_login_failures (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX hub_login_failures_username_at ON hub_login_failures (username, at);

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL
);

-- A till of a store. The pairing code and the till's token are kept only as SHA-256 hashes:
-- both are random secrets with enough entropy that a slow hash buys nothing.
CREATE TABLE tills (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  name TEXT NOT NULL,
  pairing_code_hash TEXT UNIQUE,
  pairing_expires_at TIMESTAMPTZ,
  token_hash TEXT UNIQUE,
  paired_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  -- The last outbox sequence of this till the hub committed; advanced in the push's transaction.
  acked_seq BIGINT NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  schema_version INTEGER,
  last_push_at TIMESTAMPTZ,
  -- The catalog version the till said it had at its last pull (the `after` of that pull).
  pulled_version BIGINT NOT NULL DEFAULT 0,
  last_pull_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (store_id, name)
);

-- What tills pushed: each row's latest state, keyed as on the till. A delete keeps the key with
-- row NULL, so a late replay of an older state cannot resurrect it unnoticed (seq tells).
CREATE TABLE till_rows (
  till_id TEXT NOT NULL REFERENCES tills (id),
  entity TEXT NOT NULL,
  key TEXT NOT NULL,
  row JSONB,
  seq BIGINT NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (till_id, entity, key)
);
-- Reports read payments and refunds by time; the till's ISO text sorts under COLLATE "C".
CREATE INDEX till_rows_created_at ON till_rows (entity, ((row ->> 'created_at') COLLATE "C"))
  WHERE row IS NOT NULL;

-- What the hub owns and tills pull: one row per (entity, key), stamped with the catalog version
-- of its last write. Versions are handed out by catalog_clock under an advisory lock (hub/catalog.ts).
CREATE TABLE catalog_rows (
  entity TEXT NOT NULL,
  key TEXT NOT NULL,
  row JSONB,
  version BIGINT NOT NULL UNIQUE,
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (entity, key)
);

CREATE TABLE catalog_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO catalog_clock (id, version) VALUES (1, 0);

-- A store's own price and tax rate for a menu item, merged into the item's row when that store's
-- tills pull it. NULL keeps the catalog's value.
CREATE TABLE store_prices (
  store_id TEXT NOT NULL REFERENCES stores (id),
  menu_item_id TEXT NOT NULL,
  price INTEGER CHECK (price IS NULL OR price >= 0),
  tax_rate_bps INTEGER CHECK (tax_rate_bps IS NULL OR tax_rate_bps BETWEEN 0 AND 10000),
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (store_id, menu_item_id)
);

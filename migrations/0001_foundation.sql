-- Users, their credentials and permissions; login throttling; business settings.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'cashier', 'kitchen')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  password_hash TEXT NOT NULL,
  pin_hash TEXT,
  extra_permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(extra_permissions)),
  revoked_permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(revoked_permissions)),
  -- Bumped when credentials change, so tokens issued before stop working.
  token_version INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_username_at ON login_failures (username, at);

-- Business settings shared by every terminal (store name, currency, time zone, …); value is JSON.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL
) STRICT;

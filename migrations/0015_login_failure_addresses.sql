-- Issue 12: sign-in failures are counted per username AND client address, so a stranger on the
-- LAN typing wrong PINs locks out only their own address, never the admin at the till. The rows
-- are a 24-hour throttle memory, not records: the table is made again rather than given a
-- made-up address for the rows it had.
DROP TABLE login_failures;
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  -- The request's address (`request.ip`, the socket's: no proxy header is trusted), or `ipc`
  -- for the desktop app's own window.
  address TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_username_address_at ON login_failures (username, address, at);
CREATE INDEX login_failures_address_at ON login_failures (address, at);
CREATE INDEX login_failures_at ON login_failures (at);

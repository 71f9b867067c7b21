-- Z reports and "no sale" drawer opens (API section 12).

-- A drawer opened without a sale, with the reason the cashier gave. It lands in the drawer's open
-- session (counted on the session and listed on its Z report) and in the audit log.
CREATE TABLE cash_no_sales (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES cash_sessions (id),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX cash_no_sales_session ON cash_no_sales (session_id);

-- One Z report per closed drawer session, written in the close's transaction. `number` is one
-- shop-wide sequence (1, 2, 3, … across all drawers), taken as max + 1 inside BEGIN IMMEDIATE,
-- so it has no gaps: a close that rolls back takes its number with it. `report` is the full
-- snapshot as JSON (what GET /api/reports/z/:number returns), frozen at the close.
CREATE TABLE z_reports (
  number INTEGER PRIMARY KEY CHECK (number >= 1),
  session_id TEXT NOT NULL UNIQUE REFERENCES cash_sessions (id),
  drawer_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  report TEXT NOT NULL CHECK (json_valid(report))
) STRICT;
CREATE INDEX z_reports_created ON z_reports (created_at);

-- Immutable, like the audit log: a Z report cannot be edited or removed after the fact.
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'z reports are immutable');
END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'z reports are immutable');
END;
-- A no-sale is evidence too: once written it stays as it was.
CREATE TRIGGER cash_no_sales_no_update BEFORE UPDATE ON cash_no_sales
BEGIN
  SELECT RAISE(ABORT, 'no-sale records are append-only');
END;
CREATE TRIGGER cash_no_sales_no_delete BEFORE DELETE ON cash_no_sales
BEGIN
  SELECT RAISE(ABORT, 'no-sale records are append-only');
END;

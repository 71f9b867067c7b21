-- The audit log (section 12): who did what, when and why. Append-only: the triggers refuse any
-- change or deletion, so a record cannot be quietly edited after the fact.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  actor_id TEXT REFERENCES users (id),
  -- A manager who approved the action on someone else's till with their PIN.
  approver_id TEXT REFERENCES users (id),
  subject_type TEXT,
  subject_id TEXT,
  reason TEXT,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_type_at ON audit_log (type, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

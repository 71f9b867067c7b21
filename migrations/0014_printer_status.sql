-- Issue 15: the printer's real-time status. A job the printer could not print (paper out, cover
-- open, offline, in error) is failed with `failed_for` set, so it is retried by itself once the
-- status clears; `warning` says what was wrong but did not stop the job (paper near end).
ALTER TABLE print_jobs ADD COLUMN warning TEXT;
ALTER TABLE print_jobs ADD COLUMN failed_for TEXT
  CHECK (failed_for IN ('paper_end', 'cover_open', 'error', 'offline'));
CREATE INDEX print_jobs_failed_for ON print_jobs (failed_for) WHERE failed_for IS NOT NULL;

-- The drawer's open sensor, read through the printer: one row per time it stood open, for the
-- Z report (how many times, the longest). `closed_at` is null while it is open (or was when the
-- app stopped: then it never counts as longest, since nobody knows when it closed).
CREATE TABLE drawer_openings (
  id TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
) STRICT;
CREATE INDEX drawer_openings_opened ON drawer_openings (opened_at);

-- Issue 15: the printer's real-time status. A job the printer could not print (paper out, cover
-- open, offline, in error) is failed with `failed_for` set, so it is retried by itself once the
-- status clears; `warning` says what was wrong but did not stop the job (paper near end).
ALTER TABLE print_jobs ADD COLUMN warning TEXT;
ALTER TABLE print_jobs ADD COLUMN failed_for TEXT
  CHECK (failed_for IN ('paper_end', 'cover_open', 'error', 'offline'));
CREATE INDEX print_jobs_failed_for ON print_jobs (failed_for) WHERE failed_for IS NOT NULL;

-- Issue 12: a refund remembers the Idempotency-Key it was made under (as payments do since
-- 0013), so a key a crash left in flight can be released at start-up and the client's retry
-- gets the refund that was committed instead of a second one, or of 409 for 24 hours.
ALTER TABLE refunds ADD COLUMN client_key TEXT;
CREATE INDEX refunds_client_key ON refunds (created_by, client_key) WHERE client_key IS NOT NULL;

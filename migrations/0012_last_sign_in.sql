-- Issue 10: the Staff screen shows when each user last signed in. Null until their next
-- successful sign-in (nothing before this migration recorded it).
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;

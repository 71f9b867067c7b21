-- When each hub user last signed in, shown to admins who manage hub users on the hub (issue 16).
ALTER TABLE hub_users ADD COLUMN last_sign_in_at TIMESTAMPTZ;

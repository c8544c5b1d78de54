-- A password set by someone else (a reset by an administrator or reviewer)
-- is temporary: its owner must choose a new one before doing anything else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

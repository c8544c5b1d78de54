-- The request id of an entry is made by the server; the id a client sent
-- in X-Request-Id, if any, is kept beside it (capped and cleaned), never as
-- the entry's own.
ALTER TABLE audit_log ADD COLUMN client_request_id TEXT NOT NULL DEFAULT '';

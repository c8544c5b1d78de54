-- The credit ledger: one hash chain of every credit event, each entry holding
-- the affected row as stored, and a one-row head (latest seq and hash, signed).
-- PostgreSQL appends lock the head row, so the chain never forks.
CREATE TABLE ledger_entries (
    seq BIGINT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ledger_entries_subject ON ledger_entries (subject, subject_id, seq);

CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    signature TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signed_at TIMESTAMP
);
INSERT INTO ledger_head (id, seq, hash, signature, public_key) VALUES (1, 0, '', '', '');

-- Registrations: an institution's application to join the platform. The
-- applicant's chosen username and the argon2 hash of their password wait here
-- until a reviewer approves; only then is the account created, so a rejected
-- applicant never holds a login.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    user_id BIGINT,
    decided_by BIGINT,
    decided_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX registrations_institution ON registrations (institution_id);
CREATE INDEX registrations_state ON registrations (state, created_at);
-- Two applicants cannot both wait for the same username.
CREATE UNIQUE INDEX registrations_pending_username ON registrations (username) WHERE state = 'pending';

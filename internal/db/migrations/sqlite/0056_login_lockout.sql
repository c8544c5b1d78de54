-- Failed logins are counted per account and address together, so that
-- guesses from one place slow that place down and leave the owner, at
-- another address or on a browser that has logged in before, alone. Each
-- failure says why it failed, for the administrator's log; one that an
-- administrator forgave (an unlock, a password reset) or that a later
-- success from the same address ended stays in the log but counts no more.
ALTER TABLE login_failures ADD COLUMN reason TEXT NOT NULL DEFAULT 'wrong_password';
ALTER TABLE login_failures ADD COLUMN cleared BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX login_failures_pair ON login_failures (username, ip, at);

-- Browsers an account has logged in from: the cookie holds a random token
-- per account (only its hash is kept here).
CREATE TABLE login_devices (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX login_devices_user ON login_devices (user_id);

-- Institutions and the people they file. The registration lifecycle lives in
-- status (pending / active / rejected / deregistered); suspensions and bans
-- are not stored here but derived from sanctions and their dates by the credit
-- part, so that they end by themselves.
CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    uscc TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    type TEXT NOT NULL,
    region_code TEXT NOT NULL,
    established_on DATE,
    address TEXT NOT NULL DEFAULT '',
    legal_rep_name TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    filing_state TEXT NOT NULL DEFAULT 'none',
    filing_version INTEGER NOT NULL DEFAULT 0,
    approved_version INTEGER NOT NULL DEFAULT 0,
    approved_at TIMESTAMP,
    update_due_on DATE,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX institutions_region ON institutions (region_code, status);
CREATE INDEX institutions_name_norm ON institutions (name_norm);

-- One row per natural person on the platform, found by resident ID number:
-- that is how a banned firm's people are recognised in another firm's filing.
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    id_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- What a person is at an institution according to its filings. Rows of the
-- approved filing are active; earlier ones keep their history with ended_on.
CREATE TABLE person_roles (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    role TEXT NOT NULL,
    filing_version INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    started_on DATE,
    ended_on DATE
);
CREATE INDEX person_roles_person ON person_roles (person_id, active);
CREATE INDEX person_roles_institution ON person_roles (institution_id, active);

-- Credit records, sanctions and other provinces' bans. Whether a record is in
-- force, published or blocking, and whether a sanction is in force, is derived
-- from states and dates at query time (see internal/credit), so that windows
-- and bans end by themselves without a job.
CREATE TABLE credit_records (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    person_id BIGINT REFERENCES persons (id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    facts TEXT NOT NULL,
    basis TEXT NOT NULL,
    evidence_json TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL,
    proposed_by BIGINT NOT NULL,
    proposer_region TEXT NOT NULL,
    proposed_on DATE NOT NULL,
    objection_deadline DATE NOT NULL,
    effective_on DATE NOT NULL,
    publish_until DATE,
    repair_earliest DATE,
    objection_reason TEXT NOT NULL DEFAULT '',
    objected_by BIGINT,
    objected_at TIMESTAMP,
    objection_decision TEXT NOT NULL DEFAULT '',
    objection_decided_by BIGINT,
    objection_decided_at TIMESTAMP,
    repair_state TEXT NOT NULL DEFAULT '',
    repair_explanation TEXT NOT NULL DEFAULT '',
    repair_evidence_json TEXT NOT NULL DEFAULT '[]',
    repair_applied_by BIGINT,
    repair_applied_at TIMESTAMP,
    repair_decided_by BIGINT,
    repair_decided_at TIMESTAMP,
    repair_comment TEXT NOT NULL DEFAULT '',
    repaired_on DATE,
    expired_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_records_institution ON credit_records (institution_id, state);
CREATE INDEX credit_records_state ON credit_records (state, effective_on);

CREATE TABLE sanctions (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    type TEXT NOT NULL,
    scope TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    lifted_on DATE,
    source_kind TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    record_id BIGINT REFERENCES credit_records (id),
    reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (source_kind, source_id, institution_id, type)
);
CREATE INDEX sanctions_institution ON sanctions (institution_id, type, ends_on);
CREATE INDEX sanctions_type ON sanctions (type, ends_on);

CREATE TABLE foreign_bans (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    province_code TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    public BOOLEAN NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    recognised BOOLEAN NOT NULL,
    sanction_id BIGINT,
    recorded_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX foreign_bans_institution ON foreign_bans (institution_id);

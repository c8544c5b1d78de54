-- The annual close: grades per institution and year, the consequences they
-- carried (each a sanction or record made through the credit part, with this
-- row as its source), the fees per project and institution, the runs of the
-- close with their progress and the report of what each run changed. Unique
-- keys make a second run change nothing; year_close_claims lets one server
-- at a time run a province's close of a year.
CREATE TABLE year_grades (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    score INTEGER NOT NULL,
    grade TEXT NOT NULL,
    assessments INTEGER NOT NULL,
    weighting TEXT NOT NULL,
    run_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (province_code, year, institution_id)
);
CREATE INDEX year_grades_institution ON year_grades (institution_id, year);

CREATE TABLE year_consequences (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    kind TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    record_severity TEXT NOT NULL DEFAULT '',
    sanction_id BIGINT,
    credit_record_id BIGINT,
    run_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (province_code, year, institution_id, kind)
);
CREATE INDEX year_consequences_institution ON year_consequences (institution_id);

CREATE TABLE fees (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    basis TEXT NOT NULL,
    person_days INTEGER NOT NULL,
    daily_rate_fen BIGINT NOT NULL,
    basic_fen BIGINT NOT NULL,
    pool_fen BIGINT NOT NULL,
    quality_score INTEGER NOT NULL,
    coefficient_percent INTEGER NOT NULL,
    performance_fen BIGINT NOT NULL,
    total_fen BIGINT NOT NULL,
    run_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, institution_id)
);
CREATE INDEX fees_year ON fees (province_code, year);

CREATE TABLE year_close_runs (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    state TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    grades_added INTEGER NOT NULL DEFAULT 0,
    consequences_added INTEGER NOT NULL DEFAULT 0,
    records_added INTEGER NOT NULL DEFAULT 0,
    fees_added INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    started_by BIGINT,
    started_at TIMESTAMP NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX year_close_runs_year ON year_close_runs (province_code, year, id);

CREATE TABLE year_close_claims (
    province_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    run_id BIGINT NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL,
    PRIMARY KEY (province_code, year)
);

CREATE TABLE year_close_changes (
    id INTEGER PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES year_close_runs (id),
    kind TEXT NOT NULL,
    institution_id BIGINT NOT NULL,
    project_id BIGINT,
    detail TEXT NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX year_close_changes_run ON year_close_changes (run_id, kind, id);

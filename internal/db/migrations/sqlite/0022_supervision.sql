-- Process supervision: files of a project (plan, working papers, draft
-- reports), the plan review per round, indicator systems, guidance visits,
-- spot checks with findings, and the three-party review of the report.
CREATE TABLE project_files (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    kind TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 0,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    institution_id BIGINT,
    uploaded_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX project_files_project ON project_files (project_id, kind);

CREATE TABLE plan_reviews (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    round INTEGER NOT NULL,
    decision TEXT NOT NULL,
    comments_json TEXT NOT NULL DEFAULT '{}',
    reviewer_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, round)
);

CREATE TABLE indicator_templates (
    id INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    name TEXT NOT NULL,
    tree_json TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE project_indicators (
    project_id BIGINT NOT NULL PRIMARY KEY REFERENCES projects (id),
    source TEXT NOT NULL DEFAULT '',
    tree_json TEXT NOT NULL,
    lock_version INTEGER NOT NULL DEFAULT 0,
    updated_by BIGINT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE guidance_visits (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    visited_on DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX guidance_visits_project ON guidance_visits (project_id);

CREATE TABLE spot_checks (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    draw_id BIGINT REFERENCES draws (id),
    checked_on DATE NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spot_checks_project ON spot_checks (project_id);

CREATE TABLE spot_check_findings (
    id INTEGER PRIMARY KEY,
    spot_check_id BIGINT NOT NULL REFERENCES spot_checks (id),
    item TEXT NOT NULL,
    result TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    institution_id BIGINT REFERENCES institutions (id),
    credit_record_id BIGINT,
    lock_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX spot_check_findings_check ON spot_check_findings (spot_check_id);

CREATE TABLE project_reviewers (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    party TEXT NOT NULL,
    assigned_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, user_id)
);
CREATE INDEX project_reviewers_user ON project_reviewers (user_id);

CREATE TABLE report_reviews (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    round INTEGER NOT NULL,
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    party TEXT NOT NULL,
    score INTEGER NOT NULL,
    decision TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, round, reviewer_id)
);

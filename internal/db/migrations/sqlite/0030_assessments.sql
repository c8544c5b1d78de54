-- Quality assessments (质量考核) of each institution on a completed project.
-- Scores are integers x100 (8550 is 85.50 points); the weights used are
-- copied in, so that a later change of policy never rewrites a past total.
-- state follows the table in internal/assessment: open (the comment window
-- runs) -> commented | disputed -> settled. An open assessment whose window has
-- passed counts as final without any job writing it down.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    year INTEGER NOT NULL,
    province_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    role TEXT NOT NULL,
    scheme_design INTEGER NOT NULL,
    onsite INTEGER NOT NULL,
    timeliness INTEGER NOT NULL,
    rigour INTEGER NOT NULL,
    report INTEGER NOT NULL,
    justifications_json TEXT NOT NULL,
    weights_json TEXT NOT NULL,
    total INTEGER NOT NULL,
    person_days INTEGER NOT NULL DEFAULT 0,
    completed_on DATE NOT NULL,
    comment_deadline DATE NOT NULL,
    state TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    commented_by BIGINT,
    commented_at TIMESTAMP,
    original_json TEXT NOT NULL DEFAULT '',
    settlement TEXT NOT NULL DEFAULT '',
    settlement_note TEXT NOT NULL DEFAULT '',
    settled_by BIGINT,
    settled_at TIMESTAMP,
    assessed_by BIGINT NOT NULL,
    assessor_region TEXT NOT NULL,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, institution_id)
);
CREATE INDEX assessments_year ON assessments (province_code, year, institution_id);
CREATE INDEX assessments_institution ON assessments (institution_id, year);

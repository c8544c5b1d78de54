-- Review tasks of the two-level review. region_code is the institution's
-- home region, so that the county and its city (level 1) or the province
-- (level 2) find a task with the same range condition as everything else.
CREATE TABLE review_tasks (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    region_code TEXT NOT NULL,
    filing_version INTEGER NOT NULL,
    level INTEGER NOT NULL,
    state TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    decided_by BIGINT,
    decided_at TIMESTAMP,
    comments_json TEXT NOT NULL DEFAULT '{}',
    -- reminded_on is the China date of the last overdue reminder: at most one a day.
    reminded_on DATE,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
-- The queue: open tasks of a level inside a region range, soonest due first.
CREATE INDEX review_tasks_queue ON review_tasks (state, level, region_code, due_at);
CREATE INDEX review_tasks_institution ON review_tasks (institution_id, filing_version);
CREATE INDEX review_tasks_decided ON review_tasks (decided_at);

-- The due date an update reminder was last sent for: one reminder per due date.
ALTER TABLE institutions ADD COLUMN update_reminded_for DATE;
CREATE INDEX institutions_update_due ON institutions (update_due_on);
CREATE INDEX institutions_filing_state ON institutions (filing_state, region_code);

-- The question desk: questions held by a region until answered, each step
-- (asked, escalated with a note, answered) in question_events; FAQ entries
-- drawn from answered questions; and character bigrams of both for the
-- suggestions shown while someone types a question (Chinese has no word
-- boundaries, so parts of words are matched through their bigrams).
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    asker_id BIGINT NOT NULL REFERENCES users (id),
    institution_id BIGINT REFERENCES institutions (id),
    -- asker_region is where the question comes from (the institution's home
    -- region, or the asking reviewer's region); holder_region is the region
    -- that must answer it now.
    asker_region TEXT NOT NULL,
    holder_region TEXT NOT NULL,
    attachments_json TEXT NOT NULL DEFAULT '[]',
    answer TEXT NOT NULL DEFAULT '',
    answered_by BIGINT,
    answered_at TIMESTAMP,
    due_at TIMESTAMP NOT NULL,
    -- reminded_on is the China date of the last overdue reminder: at most one a day.
    reminded_on DATE,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX questions_holder ON questions (state, holder_region, due_at);
CREATE INDEX questions_asker_region ON questions (asker_region, created_at);
CREATE INDEX questions_asker ON questions (asker_id);
CREATE INDEX questions_institution ON questions (institution_id);

CREATE TABLE question_events (
    id INTEGER PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions (id),
    kind TEXT NOT NULL,
    from_region TEXT NOT NULL DEFAULT '',
    to_region TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    actor_id BIGINT,
    actor_name TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX question_events_question ON question_events (question_id, id);

CREATE TABLE faq_entries (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    category TEXT NOT NULL,
    -- The policy year the answer belongs to: rules change by year, and an
    -- answer about last year's rules must say so.
    policy_year INTEGER NOT NULL,
    source_ids TEXT NOT NULL DEFAULT '[]',
    region_code TEXT NOT NULL,
    shown_count BIGINT NOT NULL DEFAULT 0,
    helpful_count BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX faq_entries_category ON faq_entries (category, policy_year);

-- kind is 'question' or 'faq'; ref_id the row's id.
CREATE TABLE helpdesk_grams (
    gram TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    PRIMARY KEY (gram, kind, ref_id)
);
CREATE INDEX helpdesk_grams_ref ON helpdesk_grams (kind, ref_id);

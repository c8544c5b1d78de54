-- Filings: one editable draft per institution, numbered immutable versions
-- once submitted, and the uploaded supporting documents.
CREATE TABLE filing_drafts (
    institution_id BIGINT PRIMARY KEY REFERENCES institutions (id),
    doc_json TEXT NOT NULL,
    -- revision grows with every save; a save carrying an older one is refused,
    -- so two people editing at once never silently overwrite each other.
    revision INTEGER NOT NULL DEFAULT 1,
    updated_by BIGINT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE filing_versions (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    doc_json TEXT NOT NULL,
    submitted_by BIGINT,
    submitted_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    lock_version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (institution_id, version)
);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_institution ON attachments (institution_id);

CREATE INDEX person_roles_version ON person_roles (institution_id, filing_version);

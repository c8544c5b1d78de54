-- Bulk imports from the platform's Excel templates. The import runs in the
-- background on the server that received the file; its state and progress
-- are rows here so that any server can report them.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    filename TEXT NOT NULL DEFAULT '',
    total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    -- errors_json holds [{"row","field","key"}]: message keys, translated
    -- when the import is shown, so each reader gets their own language.
    errors_json TEXT NOT NULL DEFAULT '[]',
    error_count INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users (id),
    region_code TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_creator ON imports (created_by, id);

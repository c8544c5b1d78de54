-- Published selections and spot-check draws: the inputs are written first
-- (pool, its SHA-256, count, seed, algorithm) and the result beside them, so
-- that anyone can re-run a draw from what is published (evalcred draw verify).
CREATE TABLE draws (
    id INTEGER PRIMARY KEY,
    purpose TEXT NOT NULL,
    method TEXT NOT NULL,
    project_id BIGINT REFERENCES projects (id),
    region_code TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    pool_json TEXT NOT NULL,
    pool_size INTEGER NOT NULL,
    pool_sha256 TEXT NOT NULL,
    eligible_size INTEGER NOT NULL DEFAULT 0,
    excluded_json TEXT NOT NULL DEFAULT '[]',
    ranking_json TEXT NOT NULL DEFAULT '[]',
    draw_count INTEGER NOT NULL,
    seed TEXT NOT NULL DEFAULT '',
    seed_generated BOOLEAN NOT NULL DEFAULT FALSE,
    result_json TEXT NOT NULL DEFAULT '[]',
    committed_at TIMESTAMP NOT NULL,
    drawn_at TIMESTAMP,
    created_by BIGINT
);
CREATE INDEX draws_project ON draws (project_id);

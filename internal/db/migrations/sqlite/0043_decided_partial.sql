-- The index of decided review tasks holds decided tasks only. Every query
-- that reads it asks for decided_at in a range (the review dashboard, the
-- statistics), which implies decided_at IS NOT NULL, so both engines still
-- use it; no query looks for open tasks through it (they go through
-- review_tasks_queue). With the open tasks' NULL entries in it, every
-- decision also deleted its task's NULL entry: on SQLite one more B-tree
-- page changed and written to the log per decision, on PostgreSQL the new
-- entries went just before the NULLs (which sort last there), in the middle
-- of the index, all decisions on one leaf page, instead of at its right
-- edge. Decisions over HTTP (wrk), A B B A rounds on copies of one database,
-- medians of 6 runs each: SQLite +6%, PostgreSQL +8% (docs/performance.md,
-- sixth session).
DROP INDEX review_tasks_decided;
CREATE INDEX review_tasks_decided ON review_tasks (decided_at) WHERE decided_at IS NOT NULL;

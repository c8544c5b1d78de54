-- A declared relation can be ended and an indicator template retired; neither
-- is deleted. An ended relation stays on record (who ended it and when) but no
-- longer excludes the institution from selections and teams, and the same
-- organisation may be declared again: only active relations are unique, so the
-- table is rebuilt without its UNIQUE constraint (SQLite cannot drop one) and
-- given a partial unique index instead. A retired template is not offered for
-- new projects; projects keep the copies they made.
CREATE TABLE institution_relations_new (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    organisation TEXT NOT NULL,
    organisation_norm TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    declared_by BIGINT,
    declared_role TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    ended_by BIGINT,
    ended_role TEXT NOT NULL DEFAULT ''
);
INSERT INTO institution_relations_new (id, institution_id, organisation, organisation_norm, relation, declared_by, declared_role, created_at)
    SELECT id, institution_id, organisation, organisation_norm, relation, declared_by, declared_role, created_at FROM institution_relations;
DROP TABLE institution_relations;
ALTER TABLE institution_relations_new RENAME TO institution_relations;
CREATE INDEX institution_relations_org ON institution_relations (organisation_norm);
CREATE UNIQUE INDEX institution_relations_active ON institution_relations (institution_id, organisation_norm) WHERE ended_at IS NULL;

ALTER TABLE indicator_templates ADD COLUMN retired_at TIMESTAMP;
ALTER TABLE indicator_templates ADD COLUMN retired_by BIGINT;

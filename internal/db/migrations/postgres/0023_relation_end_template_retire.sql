-- A declared relation can be ended and an indicator template retired; neither
-- is deleted. An ended relation stays on record (who ended it and when) but no
-- longer excludes the institution from selections and teams, and the same
-- organisation may be declared again: only active relations are unique (a
-- partial unique index replaces the table's UNIQUE constraint). A retired
-- template is not offered for new projects; projects keep the copies they made.
ALTER TABLE institution_relations ADD COLUMN ended_at TIMESTAMPTZ;
ALTER TABLE institution_relations ADD COLUMN ended_by BIGINT;
ALTER TABLE institution_relations ADD COLUMN ended_role TEXT NOT NULL DEFAULT '';
ALTER TABLE institution_relations DROP CONSTRAINT institution_relations_institution_id_organisation_norm_key;
CREATE UNIQUE INDEX institution_relations_active ON institution_relations (institution_id, organisation_norm) WHERE ended_at IS NULL;

ALTER TABLE indicator_templates ADD COLUMN retired_at TIMESTAMPTZ;
ALTER TABLE indicator_templates ADD COLUMN retired_by BIGINT;

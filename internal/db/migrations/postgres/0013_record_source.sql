-- A credit record proposed by a rule of the platform rather than by a person
-- (a year close's 不合格 consequence) names its source: the kind and id of the
-- row that called for it. A source proposes at most one record, so a close
-- run again, or taken over after a crash, finds the record instead of
-- proposing a second one. Records proposed by officials have no source.
ALTER TABLE credit_records ADD COLUMN source_kind TEXT;
ALTER TABLE credit_records ADD COLUMN source_id BIGINT;
CREATE UNIQUE INDEX credit_records_source ON credit_records (source_kind, source_id) WHERE source_kind IS NOT NULL;

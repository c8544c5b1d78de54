-- A filing's approval swaps which of an institution's person_roles are
-- active. With active in both indexes, every swapped row moved in two
-- indexes: a third of the approval's writes (docs/performance.md). People
-- have few roles and institutions few rows per version, so the indexes key
-- on the person and on the institution's version alone and active is read
-- from the row; on PostgreSQL the swap can then be a heap-only update.
DROP INDEX person_roles_person;
DROP INDEX person_roles_institution;
CREATE INDEX person_roles_person ON person_roles (person_id);

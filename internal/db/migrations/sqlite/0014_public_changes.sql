-- Every change to what the public credit page of an institution shows (its
-- row, its sanctions, its credit records) is logged here by triggers, so
-- that each server can keep those pages in memory and drop exactly the
-- changed ones: it reads the rows after the last one it saw (publicquery's
-- page cache). Triggers catch every writer, including SQL run by hand.
-- seq orders the changes; SQLite has one writer, so commit order is seq
-- order. xid is PostgreSQL's transaction id (0 here). Rows older than a day
-- are deleted by the public-changes.prune job.
CREATE TABLE public_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id BIGINT NOT NULL,
    xid BIGINT NOT NULL DEFAULT 0,
    changed_unix BIGINT NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);
CREATE INDEX public_changes_time ON public_changes (changed_unix);

CREATE TRIGGER public_changes_institution_insert AFTER INSERT ON institutions
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.id); END;
CREATE TRIGGER public_changes_institution_update AFTER UPDATE OF uscc, name, type, region_code, status, approved_version ON institutions
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.id); END;
CREATE TRIGGER public_changes_institution_delete AFTER DELETE ON institutions
BEGIN INSERT INTO public_changes (institution_id) VALUES (OLD.id); END;

CREATE TRIGGER public_changes_sanction_insert AFTER INSERT ON sanctions
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.institution_id); END;
CREATE TRIGGER public_changes_sanction_update AFTER UPDATE ON sanctions
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.institution_id); END;
CREATE TRIGGER public_changes_sanction_delete AFTER DELETE ON sanctions
BEGIN INSERT INTO public_changes (institution_id) VALUES (OLD.institution_id); END;

CREATE TRIGGER public_changes_record_insert AFTER INSERT ON credit_records
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.institution_id); END;
CREATE TRIGGER public_changes_record_update AFTER UPDATE ON credit_records
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.institution_id); END;
CREATE TRIGGER public_changes_record_delete AFTER DELETE ON credit_records
BEGIN INSERT INTO public_changes (institution_id) VALUES (OLD.institution_id); END;

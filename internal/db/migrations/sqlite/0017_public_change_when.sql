-- An institution's row logs a public change only when something its public
-- page shows changed: the name, USCC, type, region, status, and whether a
-- filing was ever approved (the page shows approved_version > 0, not the
-- number). A filing's approval sets all of these columns, usually to what
-- they were; logging it anyway cost every review decision a row in
-- public_changes and dropped the institution's page from every server's
-- cache for nothing (docs/performance.md). A page that starts to show
-- another column must add it here.
DROP TRIGGER public_changes_institution_update;
CREATE TRIGGER public_changes_institution_update AFTER UPDATE OF uscc, name, type, region_code, status, approved_version ON institutions
WHEN OLD.uscc IS NOT NEW.uscc OR OLD.name IS NOT NEW.name OR OLD.type IS NOT NEW.type
    OR OLD.region_code IS NOT NEW.region_code OR OLD.status IS NOT NEW.status
    OR (OLD.approved_version > 0) IS NOT (NEW.approved_version > 0)
BEGIN INSERT INTO public_changes (institution_id) VALUES (NEW.id); END;

-- An institution's row logs a public change only when something its public
-- page shows changed: the name, USCC, type, region, status, and whether a
-- filing was ever approved (the page shows approved_version > 0, not the
-- number). A filing's approval sets all of these columns, usually to what
-- they were; logging it anyway cost every review decision a row in
-- public_changes and dropped the institution's page from every server's
-- cache for nothing (docs/performance.md). A page that starts to show
-- another column must add it here. (A trigger with a WHEN on OLD cannot
-- also fire on INSERT, so the update has a trigger of its own.)
DROP TRIGGER public_changes_institution ON institutions;
CREATE TRIGGER public_changes_institution AFTER INSERT OR DELETE
    ON institutions FOR EACH ROW EXECUTE FUNCTION public_changes_log();
CREATE TRIGGER public_changes_institution_update AFTER UPDATE OF uscc, name, type, region_code, status, approved_version
    ON institutions FOR EACH ROW
    WHEN (OLD.uscc IS DISTINCT FROM NEW.uscc OR OLD.name IS DISTINCT FROM NEW.name OR OLD.type IS DISTINCT FROM NEW.type
        OR OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.status IS DISTINCT FROM NEW.status
        OR (OLD.approved_version > 0) IS DISTINCT FROM (NEW.approved_version > 0))
    EXECUTE FUNCTION public_changes_log();

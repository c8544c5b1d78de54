-- Every notice was written into four indexes, two of them for a reader it
-- does not have (a notice goes to a user or to an institution, the other
-- column is NULL). The list, the unread count and marking read all look up
-- one reader's notices, by user or by institution, so one index per reader
-- serves all three, and holds only the notices that have that reader. A
-- review decision writes one notice (docs/performance.md).
DROP INDEX notifications_user;
DROP INDEX notifications_institution;
DROP INDEX notifications_user_unread;
DROP INDEX notifications_institution_unread;
CREATE INDEX notifications_user ON notifications (user_id, read_at) WHERE user_id IS NOT NULL;
CREATE INDEX notifications_institution ON notifications (institution_id, read_at) WHERE institution_id IS NOT NULL;

-- The header of every page counts the viewer's unread notices: index them by
-- reader and read state, so the count reads only unread entries.
CREATE INDEX notifications_user_unread ON notifications (user_id, read_at);
CREATE INDEX notifications_institution_unread ON notifications (institution_id, read_at);

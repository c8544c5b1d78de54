-- PostgreSQL only (room on each page for rows rewritten in place; see the
-- PostgreSQL migration of the same number). SQLite updates a row where it
-- is and has no such setting.
SELECT 1;

-- The index of next filing updates holds institutions that have a due date
-- (an approved filing) only, as 0043 did for decided review tasks. Its
-- queries ask for update_due_on IS NOT NULL or a date before a day (the
-- reminder job, the registry's "update overdue" filter), so both engines
-- still use it. A first approval gives an institution its due date: with
-- the NULL entries in the index it also deleted its NULL entry (SQLite: one
-- more page per decision), and on PostgreSQL, where NULLs sort last, the
-- new date (the latest of all, today plus the update interval) went just
-- before them, every such decision on the same leaf page.
DROP INDEX institutions_update_due;
CREATE INDEX institutions_update_due ON institutions (update_due_on) WHERE update_due_on IS NOT NULL;

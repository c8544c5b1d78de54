-- Room on each page for the rows that a filing's approval rewrites. On
-- PostgreSQL an update writes a new version of the row; when it changes no
-- indexed column and the new version fits on the row's own page, no index
-- is touched (a HOT update). A level-2 approval rewrites about 16 rows of
-- person_roles (the old version's roles end, the new one's start) and its
-- version's row in filing_versions (about 1.4 kB each); with full pages
-- (the default fillfactor of 100) most of them went to another page, with
-- a new entry in every index of the table. Leaving 30% and 25% free made
-- 92% and 90% of those updates HOT, and decisions 850 -> 1,034 a second in
-- one A/B pair (docs/performance.md). Pages already full keep no room
-- until rewritten (VACUUM FULL person_roles, filing_versions rewrites them).
ALTER TABLE person_roles SET (fillfactor = 70);
ALTER TABLE filing_versions SET (fillfactor = 75);

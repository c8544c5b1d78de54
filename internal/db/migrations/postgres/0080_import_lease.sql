-- An import holds a lease while it runs: the server running it renews
-- lease_until now and then, and once it has passed (the server stopped or
-- crashed) the sweep job ends the import as failed and tells the person who
-- started it. Imports started before this migration have none and are
-- judged by updated_at, as before.
ALTER TABLE imports ADD COLUMN lease_until TIMESTAMPTZ;

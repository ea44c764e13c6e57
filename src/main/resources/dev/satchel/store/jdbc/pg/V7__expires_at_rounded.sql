-- From this version on, expires_at holds a session's expiry rounded down to the minute (ExpiryColumn): most
-- writes then change no indexed column, which lets PostgreSQL make them HOT updates (no new index entries)
-- when the page has room for the new row version. A fill factor of 80 keeps that room in pages written from
-- now on (existing pages keep theirs until rewritten, by VACUUM FULL or CLUSTER). Rows written before hold
-- the exact expiry, which is a lower bound too. Idempotent, like every schema file.

COMMENT ON COLUMN satchel_session.expires_at IS 'Expiry rounded down to the minute, a lower bound for the index (the exact test uses the row times)';

ALTER TABLE satchel_session SET (fillfactor = 80);

-- From this version on, expires_at holds a session's expiry rounded down to the minute (ExpiryColumn): most
-- writes then leave the expires_at index alone, and every query for expired rows repeats the exact condition
-- on last_accessed_at, max_inactive_seconds and absolute_deadline. Rows written before hold the exact expiry,
-- which is a lower bound too, so nothing is rewritten. Idempotent, like every schema file.

COMMENT ON COLUMN satchel_session.expires_at IS 'Expiry rounded down to the minute, a lower bound for the index (the exact test uses the row times)';

-- The logged-in user of each session (the satchel.user attribute), indexed so that the sessions of one
-- user can be listed and ended without a scan. Idempotent, like every schema file.

ALTER TABLE satchel_session ADD COLUMN IF NOT EXISTS user_id VARCHAR(255);

-- Partial: most sessions are anonymous, and their NULLs would only make the index bigger. A lookup by
-- user (user_id = ?) implies NOT NULL, so the planner uses it.
CREATE INDEX IF NOT EXISTS satchel_session_user_id ON satchel_session (user_id) WHERE user_id IS NOT NULL;

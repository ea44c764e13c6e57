-- A counter bumped by every write that changes a session's attributes. A request that read revision N
-- writes its whole attribute map back with one "UPDATE ... WHERE id = ? AND revision = N": the common
-- case is one statement and no lock held between statements, and a parallel writer in between makes the
-- count 0, so the store falls back to merging the changed names under a row lock. Idempotent, like every
-- schema file.

ALTER TABLE satchel_session ADD COLUMN IF NOT EXISTS revision BIGINT DEFAULT 0 NOT NULL;

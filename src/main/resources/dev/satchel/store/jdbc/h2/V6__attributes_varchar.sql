-- Attributes as CHARACTER VARYING rather than a large object. H2 keeps a large object over 256 bytes apart
-- from its row (in the LOB maps) and handles even the small ones as LOB values: a session's read and
-- write measured 2x (228 bytes) to 5x (628 bytes) slower as a CLOB (docs/benchmarks.md). H2's VARCHAR
-- holds up to 10^9 characters, far beyond any session. Idempotent: altering to the same type changes
-- nothing.

ALTER TABLE satchel_session ALTER COLUMN attributes SET DATA TYPE CHARACTER VARYING;

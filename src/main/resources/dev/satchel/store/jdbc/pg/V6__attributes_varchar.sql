-- On PostgreSQL the attributes were TEXT from the start (V1), so nothing changes; this file keeps the
-- versions of both dialects in step (the H2 file turns a large object into CHARACTER VARYING).

COMMENT ON COLUMN satchel_session.attributes IS 'JSON object text written by AttributeCodec';

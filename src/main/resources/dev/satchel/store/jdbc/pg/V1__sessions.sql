-- Sessions, one row each. Times are epoch milliseconds.
-- PostgreSQL runs this file and the version row in one transaction (DDL is transactional there), so two
-- processes opening the database together never see half a schema; IF NOT EXISTS keeps it idempotent
-- like the H2 files.

CREATE TABLE IF NOT EXISTS satchel_session (
  id                   VARCHAR(64) PRIMARY KEY,
  -- JSON object text written by AttributeCodec. TEXT, not JSONB: the store never queries inside it (the
  -- user has its own column), JSONB would parse every write, reorder keys and refuse \u0000 in strings
  -- (a save that fails), and TEXT hands back exactly what the codec wrote. Large values are TOASTed
  -- (compressed, stored out of line) without a size limit short of 1 GB.
  attributes           TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  last_accessed_at     BIGINT NOT NULL,
  -- Below zero: no idle limit.
  max_inactive_seconds INT NOT NULL,
  -- Zero: no absolute limit.
  absolute_deadline    BIGINT NOT NULL,
  -- The earlier of the idle and absolute limits (Long.MAX_VALUE for none), kept so cleanup is one range scan.
  expires_at           BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS satchel_session_expires_at ON satchel_session (expires_at);
